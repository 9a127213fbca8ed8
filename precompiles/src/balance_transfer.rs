//! 0x800 balance transfer: `transfer(bytes32 dest)` sends `msg.value` to a 32-byte account.
//!
//! The frame has already moved `msg.value` from the caller to this precompile's account. The
//! twin of an EVM address the chain has linked (`blake2b-256("evm:" ‖ address)`, see
//! `tao_runtime::balances`) receives the wei in that address's EVM balance; any other 32-byte
//! account (a Substrate key, or the twin of an address not linked yet) receives
//! `floor(wei / 10^9)` RAO as a native balance, which the address's balance includes and which
//! moves into its EVM balance when it next acts; the sub-RAO remainder goes back to the caller,
//! so no value is ever stranded at 0x800.
//! The twins of precompiles and system accounts ([`crate::is_reserved_id`]) are refused: value
//! sent there could never move again.
//!
//! A transfer of a non-zero value emits `TransferToAccount(from, dest, valueWei)` with the
//! whole `msg.value`, charged like the `LOG` opcode; the zero-value no-op emits nothing.

use crate::call::{Call, Failure, Gas, cost, names, require_mutable};
use crate::events::{Host, emit};
use crate::{BALANCE_TRANSFER, is_reserved_id};
use alloy_primitives::{Bytes, U256};
use alloy_sol_types::SolInterface;
use contracts::IBalanceTransfer::{IBalanceTransferCalls, TransferToAccount};
use tao_primitives::{AccountId32, Rao, WEI_PER_RAO};
use tao_runtime::{Balances, NativeStore};

/// Run a call.
pub fn run(store: &mut impl Host, call: &Call, gas: &mut Gas) -> Result<Bytes, Failure> {
    let decoded = IBalanceTransferCalls::abi_decode_validate(&call.input).map_err(|_| {
        Failure::revert(
            names::INVALID_INPUT,
            "IBalanceTransfer: unknown function or malformed arguments",
        )
    })?;
    match decoded {
        IBalanceTransferCalls::transfer(c) => {
            require_mutable(call)?;
            gas.charge(cost::WRITE * 2)?;
            if transfer(store, call, &c.data.into())? {
                let event =
                    TransferToAccount { from: call.caller, dest: c.data, valueWei: call.value };
                emit(store, gas, BALANCE_TRANSFER, &event)?;
            }
            Ok(Bytes::new())
        }
    }
}

/// Moves `msg.value` to `dest`; `false` for the zero-value no-op.
fn transfer(
    store: &mut impl NativeStore,
    call: &Call,
    dest: &AccountId32,
) -> Result<bool, Failure> {
    let wei = call.value;
    if wei.is_zero() {
        // A no-op, as on the real chain.
        return Ok(false);
    }
    if is_reserved_id(dest) {
        return Err(Failure::revert(
            names::RESERVED_ACCOUNT,
            format!(
                "transfer: {dest} is the account of a precompile or system address; value sent \
                 there would be stuck"
            ),
        ));
    }
    match store.evm_address_of(dest)? {
        Some(to) => {
            store.evm_debit(BALANCE_TRANSFER, wei)?;
            store.evm_credit(to, wei)?;
        }
        None => {
            let rao = Rao::from_wei_floor(wei)
                .map_err(|_| Failure::revert("Overflow", "transfer: amount too large"))?;
            if rao.0 == 0 {
                return Err(Failure::revert(
                    "AmountTooLow",
                    "transfer: less than 1 RAO to a non-EVM account",
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
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::{Address, B256};
    use alloy_sol_types::SolCall;
    use contracts::IBalanceTransfer::transferCall;
    use tao_primitives::address_to_account_id;
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
        s.link_evm_address(to).unwrap();
        let mut gas = Gas::new(100_000);
        run(&mut s, &call(address_to_account_id(to).into(), 7), &mut gas).unwrap();
        assert_eq!(s.balances[&to], U256::from(7), "a linked twin gets the exact wei");
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
            assert!(
                matches!(r, Err(Failure::Revert { reason: ref m, .. }) if m.contains("stuck")),
                "{to}: {r:?}"
            );
        }
        assert_eq!(s.balances[&BALANCE_TRANSFER], U256::from(5), "nothing moved");
    }

    #[test]
    fn tao_sent_to_an_unseen_twin_is_kept_and_becomes_the_addresss_balance() {
        let mut s = MemNative::default();
        s.balances.insert(BALANCE_TRANSFER, U256::from(2_000_000_000u64));
        let fresh = Address::repeat_byte(0x5e);
        let mut gas = Gas::new(100_000);
        run(&mut s, &call(address_to_account_id(fresh).into(), 2_000_000_000), &mut gas).unwrap();
        assert_eq!(s.balances.get(&fresh), None, "not seen yet: kept as a native balance");
        assert_eq!(s.parked_wei(fresh).unwrap(), U256::from(2_000_000_000u64));
        assert_eq!(s.balances[&BALANCE_TRANSFER], U256::ZERO, "nothing stranded at 0x800");
        // The address acts (the provider links it): the TAO is its EVM balance.
        s.link_evm_address(fresh).unwrap();
        assert_eq!(s.balances[&fresh], U256::from(2_000_000_000u64));
        assert_eq!(s.parked_wei(fresh).unwrap(), U256::ZERO);
    }

    #[test]
    fn static_zero_value_and_garbage_revert() {
        let mut s = MemNative::default();
        let mut gas = Gas::new(100_000);
        let mut c = call(B256::repeat_byte(9), 5);
        c.is_static = true;
        assert!(matches!(run(&mut s, &c, &mut gas), Err(Failure::Revert { .. })));
        // Zero value is a no-op, as on the real chain.
        assert_eq!(run(&mut s, &call(B256::repeat_byte(9), 0), &mut gas), Ok(Bytes::new()));
        let mut g = call(B256::repeat_byte(9), 5);
        g.input = Bytes::from_static(&[1, 2, 3]);
        assert!(matches!(run(&mut s, &g, &mut gas), Err(Failure::Revert { .. })));
        assert!(s.slots.is_empty());
    }
}
