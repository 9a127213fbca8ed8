//! The status codes the extension returns, and how a runtime refusal maps onto them.
//!
//! The real chain's extension turns a `DispatchError` into a status by the error's *name*
//! (`Output::from(DispatchError)` in its `chain-extensions/src/types.rs`); our runtime gives
//! the same names through [`NativeError::chain_name`], so the map below is the real one:
//!
//! | code | name(s) |
//! | --- | --- |
//! | 0 | success |
//! | 1 | anything else (for example `ZeroMaxStakeAmount`, `TransferDisallowed`, `Overflow`) |
//! | 2 | `NotEnoughBalanceToStake`: our `InsufficientBalance` when a stake-in function (ids 1, 8, 18, 19, 20, 27) debits the balance, as the real `add_stake` checks the balance under that name |
//! | 3 | `NonAssociatedColdKey` |
//! | 4 | `BalanceWithdrawalError` (never produced here) |
//! | 5 | `HotKeyAccountNotExists` and `HotKeyNotRegisteredInSubNet` (the real map sends both to `NotRegistered`) |
//! | 6 | `NotEnoughStakeToWithdraw` |
//! | 7 | `TxRateLimitExceeded` |
//! | 8 | `SlippageTooHigh` |
//! | 9 | `SubnetNotExists` |
//! | 10 | `HotKeyNotRegisteredInSubNet` is declared but the real map never returns it (it returns 5); nor do we |
//! | 11 | `SameAutoStakeHotkeyAlreadySet` |
//! | 12 | `InsufficientBalance` (outside the stake-in functions) |
//! | 13 | `AmountTooLow` |
//! | 14 | `InsufficientLiquidity` |
//! | 15 | `SameNetuid` |
//! | 16-19 | proxy `TooMany`, `Duplicate`, `NoSelfProxy`, `NotFound` |
//! | 20 | `CannotUseSystemAccount` (never produced here) |
//! | 21 | `CannotBurnOrRecycleOnRootSubnet` |
//! | 22 | `SubtokenDisabled` |
//!
//! Codes 20-22 are the real chain's later additions to its `Output` enum.

use tao_runtime::NativeError;

/// Success.
pub const SUCCESS: u32 = 0;
/// Any refusal without a code of its own.
pub const RUNTIME_ERROR: u32 = 1;
/// Not enough balance to stake.
pub const NOT_ENOUGH_BALANCE_TO_STAKE: u32 = 2;

/// The status for a refusal; `stake_in` says whether the function debits free TAO to stake.
pub fn status_of(e: &NativeError, stake_in: bool) -> u32 {
    if stake_in && matches!(e, NativeError::InsufficientBalance { .. }) {
        return NOT_ENOUGH_BALANCE_TO_STAKE;
    }
    match e.chain_name() {
        "NotEnoughBalanceToStake" => NOT_ENOUGH_BALANCE_TO_STAKE,
        "NonAssociatedColdKey" => 3,
        "BalanceWithdrawalError" => 4,
        "HotKeyNotRegisteredInSubNet" | "HotKeyAccountNotExists" => 5,
        "NotEnoughStakeToWithdraw" => 6,
        "TxRateLimitExceeded" => 7,
        "SlippageTooHigh" => 8,
        "SubnetNotExists" => 9,
        "SameAutoStakeHotkeyAlreadySet" => 11,
        "InsufficientBalance" => 12,
        "AmountTooLow" => 13,
        "InsufficientLiquidity" => 14,
        "SameNetuid" => 15,
        "TooMany" => 16,
        "Duplicate" => 17,
        "NoSelfProxy" => 18,
        "NotFound" => 19,
        "CannotUseSystemAccount" => 20,
        "CannotBurnOrRecycleOnRootSubnet" => 21,
        "SubtokenDisabled" => 22,
        _ => RUNTIME_ERROR,
    }
}

/// Whether a failure is a fault of the state backend rather than a refusal: those trap the
/// contract instead of becoming a status (the real chain has no such failure).
pub fn is_fault(e: &NativeError) -> bool {
    matches!(
        e,
        NativeError::Backend(_) | NativeError::CorruptState { .. } | NativeError::PoolEngine(_)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use tao_primitives::NetUid;
    use tao_runtime::{ProxyError, StakingError, SubnetPoolError};

    #[test]
    fn names_map_to_the_real_codes() {
        let low = NativeError::InsufficientBalance { have: 1, need: 2 };
        assert_eq!(status_of(&low, true), 2);
        assert_eq!(status_of(&low, false), 12);
        let no_subnet = SubnetPoolError::SubnetNotExists { netuid: NetUid(7) }.into();
        assert_eq!(status_of(&no_subnet, false), 9);
        assert_eq!(status_of(&StakingError::SameNetuid.into(), false), 15);
        assert_eq!(status_of(&StakingError::ZeroAmount.into(), false), 13);
        assert_eq!(status_of(&ProxyError::NoSelfProxy.into(), false), 18);
        assert_eq!(status_of(&NativeError::Overflow("x"), false), 1);
        assert!(is_fault(&NativeError::Backend("db".into())));
        assert!(!is_fault(&low));
    }
}
