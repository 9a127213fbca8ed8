//! 0x800 balance transfer: `transfer(bytes32 dest)` sends `msg.value` to a 32-byte account.
//!
//! The frame has already moved `msg.value` from the caller to this precompile's account. An
//! EVM-mapped destination (12 zero bytes then an address) receives the wei unchanged; any other
//! 32-byte account receives `floor(wei / 10^9)` RAO in its native balance and the sub-RAO
//! remainder goes back to the caller, so no value is ever stranded at 0x800. The ids of
//! precompiles and system accounts ([`crate::is_reserved`]) are refused: value sent there could
//! never move again.

use crate::call::{Call, Failure, Gas, cost, require_mutable};
use crate::{BALANCE_TRANSFER, is_reserved};
use alloy_primitives::{Bytes, U256};
use alloy_sol_types::SolInterface;
use contracts::IBalanceTransfer::IBalanceTransferCalls;
use tao_primitives::{AccountId32, Rao, WEI_PER_RAO, account_id_to_address};
use tao_runtime::NativeStore;
use tao_runtime::store::NativeExt;

/// Run a call.
pub fn run(store: &mut impl NativeStore, call: &Call, gas: &mut Gas) -> Result<Bytes, Failure> {
    let decoded = IBalanceTransferCalls::abi_decode_validate(&call.input).map_err(|_| {
        Failure::Revert("IBalanceTransfer: unknown function or malformed arguments".into())
    })?;
    match decoded {
        IBalanceTransferCalls::transfer(c) => {
            require_mutable(call)?;
            gas.charge(cost::WRITE * 2)?;
            transfer(store, call, &c.data.into())?;
            Ok(Bytes::new())
        }
    }
}

fn transfer(store: &mut impl NativeStore, call: &Call, dest: &AccountId32) -> Result<(), Failure> {
    let wei = call.value;
    if wei.is_zero() {
        return Err(Failure::Revert("transfer: msg.value is zero".into()));
    }
    match account_id_to_address(dest) {
        Some(to) if is_reserved(&to) => {
            return Err(Failure::Revert(format!(
                "transfer: {to} is a precompile or system account; value sent there would be stuck"
            )));
        }
        Some(to) => {
            store.evm_debit(BALANCE_TRANSFER, wei)?;
            store.evm_credit(to, wei)?;
        }
        None => {
            let rao = Rao::from_wei_floor(wei)
                .map_err(|_| Failure::Revert("transfer: amount too large".into()))?;
            if rao.0 == 0 {
                return Err(Failure::Revert(
                    "transfer: less than 1 RAO to a non-EVM account".into(),
                ));
            }
            let dust = wei % U256::from(WEI_PER_RAO);
            store.evm_debit(BALANCE_TRANSFER, wei)?;
            store.credit(dest, rao)?;
            if !dust.is_zero() {
                store.evm_credit(call.caller, dust)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::{Address, B256};
    use alloy_sol_types::SolCall;
    use contracts::IBalanceTransfer::transferCall;
    use tao_runtime::MemNative;

    fn call(dest: B256, wei: u64) -> Call {
        Call {
            caller: Address::repeat_byte(1),
            value: U256::from(wei),
            input: transferCall { data: dest }.abi_encode().into(),
            is_static: false,
            gas_limit: 100_000,
        }
    }

    #[test]
    fn evm_destination_gets_exact_wei_and_native_gets_rao() {
        let mut s = MemNative::default();
        s.balances.insert(BALANCE_TRANSFER, U256::from(3_500_000_001u64 + 7));
        let to = Address::repeat_byte(2);
        let mut gas = Gas::new(100_000);
        run(&mut s, &call(B256::left_padding_from(to.as_slice()), 7), &mut gas).unwrap();
        assert_eq!(s.balances[&to], U256::from(7));
        let native = B256::repeat_byte(9);
        run(&mut s, &call(native, 3_500_000_001), &mut gas).unwrap();
        assert_eq!(s.free_balance(&native.into()).map(u64::from).unwrap(), 3);
        assert_eq!(
            s.balances[&Address::repeat_byte(1)],
            U256::from(500_000_001u64),
            "dust refunded"
        );
        assert_eq!(s.balances[&BALANCE_TRANSFER], U256::ZERO);
    }

    /// Issue 14 (6): the id of a precompile or of a system account is not a destination.
    #[test]
    fn reserved_destinations_revert() {
        let mut s = MemNative::default();
        s.balances.insert(BALANCE_TRANSFER, U256::from(5));
        for to in [
            BALANCE_TRANSFER,
            crate::ALPHA,
            crate::STAKING_V2,
            crate::BLOCK_STEP,
            crate::block_step::SYSTEM_CALLER,
            Address::with_last_byte(1),
        ] {
            let id = B256::from(tao_primitives::address_to_account_id(to));
            let mut gas = Gas::new(100_000);
            let r = run(&mut s, &call(id, 5), &mut gas);
            assert!(matches!(r, Err(Failure::Revert(ref m)) if m.contains("stuck")), "{to}: {r:?}");
        }
        assert_eq!(s.balances[&BALANCE_TRANSFER], U256::from(5), "nothing moved");
    }

    #[test]
    fn static_zero_value_and_garbage_revert() {
        let mut s = MemNative::default();
        let mut gas = Gas::new(100_000);
        let mut c = call(B256::repeat_byte(9), 5);
        c.is_static = true;
        assert!(matches!(run(&mut s, &c, &mut gas), Err(Failure::Revert(_))));
        assert!(matches!(
            run(&mut s, &call(B256::repeat_byte(9), 0), &mut gas),
            Err(Failure::Revert(_))
        ));
        let mut g = call(B256::repeat_byte(9), 5);
        g.input = Bytes::from_static(&[1, 2, 3]);
        assert!(matches!(run(&mut s, &g, &mut gas), Err(Failure::Revert(_))));
        assert!(s.slots.is_empty());
    }
}
