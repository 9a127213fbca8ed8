//! 0x802 metagraph: per-uid reads of a subnet's metagraph (every function is a `view`).
//!
//! Each getter returns what the chain-core getter of `native::neurons` returns:
//! * `getUidCount` is the subnet size (0 for a subnet that does not exist);
//! * `getConsensus`, `getIncentive`, `getDividends`, `getVtrust` (x/65535), `getEmission`
//!   (alpha-RAO of the last epoch), `getValidatorStatus`, `getLastUpdate` and `getIsActive` read
//!   the per-uid items and are 0/false for a uid that does not exist, as on the real chain;
//! * `getStake` is the TAO value at spot (RAO) of everything staked to the uid's hotkey on
//!   every subnet (`staking::total_hotkey_stake`, the real chain's
//!   `get_total_stake_for_hotkey`), saturated to `uint64`;
//! * `getAxon`, `getHotkey`, `getColdkey` and `getStake` need the uid to exist and revert
//!   otherwise;
//! * `getRank` and `getTrust` are deprecated and always return 0.
//!
//! Value: a call carrying `msg.value` reverts (nothing here uses it, and it would be stranded
//! at the precompile's address).
//!
//! Gas: two native reads per getter, charged before the read; `getStake` also charges one
//! read per subnet the hotkey has stake on, after listing those subnets and before valuing
//! them.

use crate::call::{Call, Failure, Gas, cost, require_no_value, undecodable};
use alloy_primitives::{B256, Bytes};
use alloy_sol_types::{SolCall, SolInterface};
use contracts::IMetagraph::{self, IMetagraphCalls};
use tao_primitives::{NetUid, Uid};
use tao_runtime::{NativeError, NativeStore, neurons, staking};

/// Gas of one getter (besides the per-call base): two native reads.
pub const GETTER_GAS: u64 = cost::READ * 2;
/// Extra gas of `getStake` per subnet the hotkey has stake on (pool and position reads).
pub const STAKE_PER_SUBNET_GAS: u64 = cost::READ * 3;

/// Run a call.
pub fn run(store: &mut impl NativeStore, call: &Call, gas: &mut Gas) -> Result<Bytes, Failure> {
    let decoded = decode(&call.input)?;
    let name = IMetagraphCalls::name_by_selector(decoded.selector()).unwrap_or("IMetagraph");
    require_no_value(call)?;
    gas.charge(GETTER_GAS)?;
    let native = |e: NativeError| Failure::from(e).in_function(name);
    let out: Vec<u8> = match decoded {
        IMetagraphCalls::getUidCount(c) => IMetagraph::getUidCountCall::abi_encode_returns(
            &neurons::uid_count(store, NetUid(c.netuid)).map_err(native)?,
        ),
        IMetagraphCalls::getStake(c) => {
            let hotkey = neurons::hotkey(store, NetUid(c.netuid), Uid(c.uid)).map_err(native)?;
            let subnets = staking::hotkey_netuids(store, &hotkey).map_err(native)?;
            let per = STAKE_PER_SUBNET_GAS.saturating_mul(subnets.len() as u64);
            gas.charge(per)?;
            let total = staking::total_hotkey_stake(store, &hotkey).map_err(native)?;
            IMetagraph::getStakeCall::abi_encode_returns(&total.get())
        }
        IMetagraphCalls::getRank(_) => IMetagraph::getRankCall::abi_encode_returns(&0),
        IMetagraphCalls::getTrust(_) => IMetagraph::getTrustCall::abi_encode_returns(&0),
        IMetagraphCalls::getConsensus(c) => IMetagraph::getConsensusCall::abi_encode_returns(
            &neurons::consensus(store, NetUid(c.netuid), Uid(c.uid)).map_err(native)?,
        ),
        IMetagraphCalls::getIncentive(c) => IMetagraph::getIncentiveCall::abi_encode_returns(
            &neurons::incentive(store, NetUid(c.netuid), Uid(c.uid)).map_err(native)?,
        ),
        IMetagraphCalls::getDividends(c) => IMetagraph::getDividendsCall::abi_encode_returns(
            &neurons::dividends(store, NetUid(c.netuid), Uid(c.uid)).map_err(native)?,
        ),
        IMetagraphCalls::getEmission(c) => IMetagraph::getEmissionCall::abi_encode_returns(
            &neurons::emission(store, NetUid(c.netuid), Uid(c.uid)).map_err(native)?,
        ),
        IMetagraphCalls::getVtrust(c) => IMetagraph::getVtrustCall::abi_encode_returns(
            &neurons::validator_trust(store, NetUid(c.netuid), Uid(c.uid)).map_err(native)?,
        ),
        IMetagraphCalls::getValidatorStatus(c) => {
            IMetagraph::getValidatorStatusCall::abi_encode_returns(
                &neurons::validator_permit(store, NetUid(c.netuid), Uid(c.uid)).map_err(native)?,
            )
        }
        IMetagraphCalls::getLastUpdate(c) => IMetagraph::getLastUpdateCall::abi_encode_returns(
            &neurons::last_update(store, NetUid(c.netuid), Uid(c.uid)).map_err(native)?,
        ),
        IMetagraphCalls::getIsActive(c) => IMetagraph::getIsActiveCall::abi_encode_returns(
            &neurons::is_active(store, NetUid(c.netuid), Uid(c.uid)).map_err(native)?,
        ),
        IMetagraphCalls::getAxon(c) => {
            let a = neurons::axon(store, NetUid(c.netuid), Uid(c.uid)).map_err(native)?;
            IMetagraph::getAxonCall::abi_encode_returns(&IMetagraph::AxonInfo {
                block: a.block,
                version: a.version,
                ip: a.ip,
                port: a.port,
                ip_type: a.ip_type,
                protocol: a.protocol,
            })
        }
        IMetagraphCalls::getHotkey(c) => IMetagraph::getHotkeyCall::abi_encode_returns(
            &B256::from(neurons::hotkey(store, NetUid(c.netuid), Uid(c.uid)).map_err(native)?),
        ),
        IMetagraphCalls::getColdkey(c) => IMetagraph::getColdkeyCall::abi_encode_returns(
            &B256::from(neurons::coldkey(store, NetUid(c.netuid), Uid(c.uid)).map_err(native)?),
        ),
    };
    Ok(out.into())
}

/// Decode the calldata (values are validated: dirty high bits in a `uint16` revert) or revert
/// naming the function whose arguments are malformed.
fn decode(input: &[u8]) -> Result<IMetagraphCalls, Failure> {
    IMetagraphCalls::abi_decode_validate(input)
        .map_err(|_| undecodable("IMetagraph", input, IMetagraphCalls::signature_by_selector))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{self, COLD, WORKER, view};
    use alloy_primitives::U256;
    use tao_primitives::Rao;
    use tao_primitives::address_to_account_id;
    use tao_yuma::EpochOutput;

    fn get<C: SolCall>(s: &mut tao_runtime::MemNative, c: C) -> C::Return {
        let out = run(s, &view(c.abi_encode()), &mut Gas::new(1_000_000)).unwrap();
        C::abi_decode_returns(&out).unwrap()
    }

    #[test]
    fn reads_return_the_native_values() {
        let (mut s, n) = testkit::with_worker();
        let uid = 1u16;
        // Give the subnet epoch outputs and the worker some stake.
        let out = EpochOutput {
            active: vec![true, false],
            new_validator_permits: vec![false, true],
            stake_weight_u16: vec![0, 0],
            consensus_u16: vec![11, 12],
            incentive_u16: vec![21, 22],
            dividends_u16: vec![31, 32],
            validator_trust_u16: vec![41, 42],
            bonds_u16: vec![vec![], vec![]],
            emission: vec![51, 52],
            ..EpochOutput::default()
        };
        tao_runtime::epoch::write_epoch_outputs(&mut s, NetUid(n), &out).unwrap();
        let hk = address_to_account_id(WORKER);
        let cold = address_to_account_id(COLD);
        staking::add_stake(&mut s, &cold, &hk, NetUid(n), Rao(5_000_000_000), None)
            .map(u64::from)
            .unwrap();
        testkit::serve(&mut s, n);

        let m = &mut s;
        assert_eq!(get(m, IMetagraph::getUidCountCall { netuid: n }), 2);
        assert_eq!(get(m, IMetagraph::getUidCountCall { netuid: 77 }), 0);
        let stake = staking::total_hotkey_stake(m, &hk).map(u64::from).unwrap();
        assert!(stake > 0);
        assert_eq!(get(m, IMetagraph::getStakeCall { netuid: n, uid }), stake);
        assert_eq!(get(m, IMetagraph::getRankCall { netuid: n, uid }), 0);
        assert_eq!(get(m, IMetagraph::getTrustCall { netuid: n, uid }), 0);
        assert_eq!(get(m, IMetagraph::getConsensusCall { netuid: n, uid }), 12);
        assert_eq!(get(m, IMetagraph::getIncentiveCall { netuid: n, uid }), 22);
        assert_eq!(get(m, IMetagraph::getDividendsCall { netuid: n, uid }), 32);
        assert_eq!(get(m, IMetagraph::getEmissionCall { netuid: n, uid }), 52);
        assert_eq!(get(m, IMetagraph::getVtrustCall { netuid: n, uid }), 42);
        assert!(get(m, IMetagraph::getValidatorStatusCall { netuid: n, uid }));
        assert!(!get(m, IMetagraph::getValidatorStatusCall { netuid: n, uid: 0 }));
        assert!(!get(m, IMetagraph::getIsActiveCall { netuid: n, uid }));
        assert!(get(m, IMetagraph::getIsActiveCall { netuid: n, uid: 0 }));
        assert_eq!(
            get(m, IMetagraph::getLastUpdateCall { netuid: n, uid }),
            neurons::last_update(m, NetUid(n), Uid(uid)).unwrap()
        );
        let axon = neurons::axon(m, NetUid(n), Uid(uid)).unwrap();
        assert_eq!(axon.port, testkit::AXON_PORT);
        let got = get(m, IMetagraph::getAxonCall { netuid: n, uid });
        assert_eq!(
            (got.block, got.version, got.ip, got.port, got.ip_type, got.protocol),
            (axon.block, axon.version, axon.ip, axon.port, axon.ip_type, axon.protocol)
        );
        assert_eq!(get(m, IMetagraph::getHotkeyCall { netuid: n, uid }), B256::from(hk));
        assert_eq!(get(m, IMetagraph::getColdkeyCall { netuid: n, uid }), B256::from(cold));
        assert_eq!(
            get(m, IMetagraph::getHotkeyCall { netuid: n, uid: 0 }),
            B256::from(testkit::OWNER_HOTKEY)
        );
    }

    #[test]
    fn missing_uid_value_garbage_and_gas() {
        let (mut s, n) = testkit::with_worker();
        let before = s.slots.clone();
        let run1 = |s: &mut tao_runtime::MemNative, c: Call, g: u64| run(s, &c, &mut Gas::new(g));
        let err = run1(
            &mut s,
            view(IMetagraph::getHotkeyCall { netuid: n, uid: 9 }.abi_encode()),
            1_000_000,
        );
        assert_eq!(
            err,
            Err(Failure::from_message(
                "UidNotExists: getHotkey: uid does not exist on this subnet"
            ))
        );
        let err = run1(
            &mut s,
            view(IMetagraph::getStakeCall { netuid: n, uid: 9 }.abi_encode()),
            1_000_000,
        );
        assert!(
            matches!(err, Err(Failure::Revert { reason: m, .. }) if m.starts_with("getStake: "))
        );
        let mut c = view(IMetagraph::getUidCountCall { netuid: n }.abi_encode());
        c.value = U256::from(1);
        assert!(matches!(run1(&mut s, c, 1_000_000), Err(Failure::Revert { .. })));
        let garbage = view(vec![0xde, 0xad, 0xbe, 0xef, 1, 2]);
        assert_eq!(
            run1(&mut s, garbage, 1_000_000),
            Err(Failure::from_message("UnknownSelector: IMetagraph: unknown function"))
        );
        let mut short = IMetagraph::getUidCountCall { netuid: n }.abi_encode();
        short.truncate(10);
        assert_eq!(
            run1(&mut s, view(short), 1_000_000),
            Err(Failure::from_message(
                "InvalidInput: IMetagraph: malformed arguments for getUidCount(uint16)"
            ))
        );
        let mut dirty = IMetagraph::getUidCountCall { netuid: n }.abi_encode();
        dirty[4 + 29] = 1; // netuid word = 2^16 + n: not a uint16
        assert!(matches!(run1(&mut s, view(dirty), 1_000_000), Err(Failure::Revert { .. })));
        let ok = view(IMetagraph::getUidCountCall { netuid: n }.abi_encode());
        assert_eq!(run1(&mut s, ok, GETTER_GAS - 1), Err(Failure::OutOfGas));
        assert_eq!(s.slots, before);
    }
}
