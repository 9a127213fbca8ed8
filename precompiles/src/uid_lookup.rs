//! 0x806 uid lookup: `uidLookup(netuid, evmAddress, limit)` lists the uids of `netuid`
//! associated with `evmAddress` and the block of each association, ascending by uid, at most
//! `limit` of them (`neurons::uid_lookup`).
//!
//! An association is made by `neurons::associate_evm_key` (the caller proves the address by
//! being it), or automatically when a hotkey that is an EVM-mapped id registers. A subnet that
//! does not exist has no uids, so its lookup is empty.
//!
//! Value: a `view`; a call carrying `msg.value` reverts (it would be stranded at the
//! precompile's address).
//!
//! Gas: one read for the subnet size, then [`PER_UID_GAS`] per uid the lookup may scan,
//! charged before the scan.

use crate::call::{Call, Failure, Gas, cost, require_no_value, undecodable};
use alloy_primitives::Bytes;
use alloy_sol_types::{SolCall, SolInterface};
use contracts::IUidLookup::{self, IUidLookupCalls};
use tao_primitives::NetUid;
use tao_runtime::{NativeError, NativeStore, neurons};

/// Gas per uid scanned (its association slot).
pub const PER_UID_GAS: u64 = cost::READ;

/// Run a call.
pub fn run(store: &mut impl NativeStore, call: &Call, gas: &mut Gas) -> Result<Bytes, Failure> {
    let decoded = decode(&call.input)?;
    require_no_value(call)?;
    let native = |e: NativeError| Failure::from(e).in_function("uidLookup");
    match decoded {
        IUidLookupCalls::uidLookup(c) => {
            gas.charge(cost::READ)?;
            let n = neurons::uid_count(store, NetUid(c.netuid)).map_err(native)?;
            gas.charge(PER_UID_GAS.saturating_mul(u64::from(n)))?;
            let found = neurons::uid_lookup(store, NetUid(c.netuid), c.evm_address, c.limit)
                .map_err(native)?;
            let items: Vec<IUidLookup::LookupItem> = found
                .into_iter()
                .map(|(uid, block)| IUidLookup::LookupItem {
                    uid: uid.get(),
                    block_associated: block,
                })
                .collect();
            Ok(IUidLookup::uidLookupCall::abi_encode_returns(&items).into())
        }
    }
}

/// Decode the calldata (values validated: dirty high bits revert) or revert with a reason.
fn decode(input: &[u8]) -> Result<IUidLookupCalls, Failure> {
    IUidLookupCalls::abi_decode_validate(input)
        .map_err(|_| undecodable("IUidLookup", input, IUidLookupCalls::signature_by_selector))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{self, COLD, WORKER, tx, view};
    use alloy_primitives::{Address, B256, U256};
    use contracts::INeuron;
    use tao_primitives::{AccountId32, address_to_account_id};
    use tao_runtime::MemNative;

    fn lookup(s: &mut MemNative, netuid: NetUid, evm: Address, limit: u16) -> Vec<(u16, u64)> {
        let c = IUidLookup::uidLookupCall { netuid: netuid.get(), evm_address: evm, limit };
        let out = run(s, &view(c.abi_encode()), &mut testkit::gas()).unwrap();
        IUidLookup::uidLookupCall::abi_decode_returns(&out)
            .unwrap()
            .into_iter()
            .map(|i| (i.uid, i.block_associated))
            .collect()
    }

    #[test]
    fn lookup_after_association_returns_the_native_result() {
        let (mut s, n) = testkit::with_worker();
        // The worker's mapped hotkey was associated when it registered at block 2.
        assert_eq!(lookup(&mut s, NetUid(n), WORKER, 10), vec![(1, 2)]);
        // A raw hotkey owned by COLD, then associated with COLD's own address at block 5.
        let raw = [0x77u8; 32];
        let c = INeuron::burnedRegisterCall { netuid: n, hotkey: B256::from(raw) };
        crate::neuron::run(&mut s, &tx(COLD, c.abi_encode()), &mut testkit::gas()).unwrap();
        assert_eq!(lookup(&mut s, NetUid(n), COLD, 10), vec![]);
        s.block = 5;
        let cold = address_to_account_id(COLD);
        neurons::associate_evm_key(&mut s, &cold, NetUid(n), &AccountId32(raw), COLD).unwrap();
        let want: Vec<(u16, u64)> = neurons::uid_lookup(&mut s, NetUid(n), COLD, 10)
            .unwrap()
            .into_iter()
            .map(|(uid, block)| (uid.get(), block))
            .collect();
        assert_eq!(want, vec![(2, 5)]);
        assert_eq!(lookup(&mut s, NetUid(n), COLD, 10), want);
        assert_eq!(lookup(&mut s, NetUid(n), COLD, 0), vec![]);
        assert_eq!(lookup(&mut s, NetUid(99), COLD, 10), vec![]);
    }

    #[test]
    fn value_garbage_and_gas() {
        let (mut s, n) = testkit::with_worker();
        let data = IUidLookup::uidLookupCall { netuid: n, evm_address: WORKER, limit: 1 };
        let mut paid = view(data.abi_encode());
        paid.is_static = false;
        paid.value = U256::from(1);
        assert_eq!(
            run(&mut s, &paid, &mut testkit::gas()),
            Err(Failure::from_message("NotPayable: this function does not accept value"))
        );
        assert_eq!(
            run(&mut s, &view(vec![9; 40]), &mut testkit::gas()),
            Err(Failure::from_message("UnknownSelector: IUidLookup: unknown function"))
        );
        let mut dirty = data.abi_encode();
        dirty[4 + 32] = 1; // address word with a non-zero high byte
        assert_eq!(
            run(&mut s, &view(dirty), &mut testkit::gas()),
            Err(Failure::from_message(
                "InvalidInput: IUidLookup: malformed arguments for uidLookup(uint16,address,uint16)"
            ))
        );
        // Two uids: the scan needs one read for the size and one per uid.
        let mut g = Gas::new(cost::READ + 2 * PER_UID_GAS - 1);
        assert_eq!(run(&mut s, &view(data.abi_encode()), &mut g), Err(Failure::OutOfGas));
        let mut g = Gas::new(cost::READ + 2 * PER_UID_GAS);
        assert!(run(&mut s, &view(data.abi_encode()), &mut g).is_ok());
    }
}
