//! 0x0a01 subnet control (taochain's own, `contracts::subnet_control`): the real chain's
//! `start_call`, `trigger_epoch`, `set_tempo` and root's `sudo_set_subnet_emission_enabled`,
//! which are extrinsics there, plus their views. Each calls the same `tao_runtime::startup` /
//! `tao_runtime::tempo` function as every other entry point.
//!
//! Who: `startCall`, `triggerEpoch` and `setTempo` need the caller's twin to own the subnet; `setSubnetEmissionEnabled`
//! needs the caller to be the chain's root account (genesis `native.root`; dev account 0 on
//! `--dev`). Value: none is accepted. Writes revert in a static call. Gas: the base cost plus
//! reads and one write.

use crate::call::{Call, Failure, Gas, cost, require_mutable, require_no_value, undecodable};
use alloy_primitives::Bytes;
use alloy_sol_types::{SolCall, SolInterface};
use contracts::ISubnetControl::{self as I, ISubnetControlCalls as C};
use tao_primitives::NetUid;
use tao_runtime::{NativeStore, startup, tempo};

/// Gas of a write (owner or root check, two or three slots).
pub const WRITE_GAS: u64 = cost::READ * 3 + cost::WRITE * 2;
/// Gas of a view.
pub const VIEW_GAS: u64 = cost::READ;

/// Run a call.
pub fn run(store: &mut impl NativeStore, call: &Call, gas: &mut Gas) -> Result<Bytes, Failure> {
    let decoded = C::abi_decode_validate(&call.input)
        .map_err(|_| undecodable("ISubnetControl", &call.input, C::signature_by_selector))?;
    let name = C::name_by_selector(decoded.selector()).unwrap_or("ISubnetControl");
    require_no_value(call)?;
    execute(store, call, gas, decoded).map(Bytes::from).map_err(|e| e.in_function(name))
}

fn execute(
    s: &mut impl NativeStore,
    call: &Call,
    gas: &mut Gas,
    decoded: C,
) -> Result<Vec<u8>, Failure> {
    match decoded {
        C::startCall(c) => {
            require_mutable(call)?;
            gas.charge(WRITE_GAS)?;
            startup::start_call(s, &call.coldkey(), NetUid(c.netuid))?;
            Ok(Vec::new())
        }
        C::setSubnetEmissionEnabled(c) => {
            require_mutable(call)?;
            gas.charge(WRITE_GAS)?;
            startup::ensure_root(s, call.caller)?;
            startup::set_emission_enabled(s, NetUid(c.netuid), c.enabled)?;
            Ok(Vec::new())
        }
        C::triggerEpoch(c) => {
            require_mutable(call)?;
            gas.charge(WRITE_GAS)?;
            tempo::trigger_epoch(s, &call.coldkey(), NetUid(c.netuid))?;
            Ok(Vec::new())
        }
        C::setTempo(c) => {
            require_mutable(call)?;
            gas.charge(WRITE_GAS + cost::WRITE)?;
            tempo::set_tempo(s, &call.coldkey(), NetUid(c.netuid), u64::from(c.tempo))?;
            Ok(Vec::new())
        }
        C::getPendingEpochAt(c) => {
            gas.charge(VIEW_GAS)?;
            let b = tempo::pending_epoch_at(s, NetUid(c.netuid))?;
            Ok(I::getPendingEpochAtCall::abi_encode_returns(&b))
        }
        C::getFirstEmissionBlock(c) => {
            gas.charge(VIEW_GAS)?;
            let b = startup::first_emission_block(s, NetUid(c.netuid))?.unwrap_or(0);
            Ok(I::getFirstEmissionBlockCall::abi_encode_returns(&b))
        }
        C::isSubtokenEnabled(c) => {
            gas.charge(VIEW_GAS)?;
            let v = startup::subtoken_enabled(s, NetUid(c.netuid))?;
            Ok(I::isSubtokenEnabledCall::abi_encode_returns(&v))
        }
        C::getSubnetEmissionEnabled(c) => {
            gas.charge(VIEW_GAS)?;
            let v = startup::emission_enabled(s, NetUid(c.netuid))?;
            Ok(I::getSubnetEmissionEnabledCall::abi_encode_returns(&v))
        }
        C::hasMainnetStartup(c) => {
            gas.charge(VIEW_GAS)?;
            let v = startup::has_mainnet_startup(s, NetUid(c.netuid))?;
            Ok(I::hasMainnetStartupCall::abi_encode_returns(&v))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::names;
    use crate::testkit::{OWNER, STRANGER, gas, tx, view};
    use alloy_primitives::{Address, B256, U256};
    use contracts::ISubnet;
    use tao_chain::genesis::Genesis;
    use tao_runtime::MemNative;

    /// A dev genesis switched to the mainnet start-up, subnet 1 registered by OWNER.
    fn mainnet_subnet() -> MemNative {
        let mut s = crate::testkit::genesis();
        startup::set_default_mainnet_startup(&mut s, true).unwrap();
        s.block = 1;
        let c = ISubnet::registerNetwork_0Call { hotkey: B256::repeat_byte(0xaa) };
        crate::subnet::run(&mut s, &tx(OWNER, c.abi_encode()), &mut gas()).unwrap();
        s
    }

    fn read<K: SolCall>(s: &mut MemNative, c: K) -> K::Return {
        let out = run(s, &view(c.abi_encode()), &mut gas()).unwrap();
        K::abi_decode_returns(&out).unwrap()
    }

    #[test]
    fn owner_starts_root_enables_others_are_refused() {
        let mut s = mainnet_subnet();
        assert!(read(&mut s, I::hasMainnetStartupCall { netuid: 1 }));
        assert!(!read(&mut s, I::isSubtokenEnabledCall { netuid: 1 }));
        assert_eq!(read(&mut s, I::getFirstEmissionBlockCall { netuid: 1 }), 0);
        let start = I::startCallCall { netuid: 1 }.abi_encode();
        let r = run(&mut s, &tx(STRANGER, start.clone()), &mut gas());
        assert!(matches!(r, Err(Failure::Revert { error: "NotSubnetOwner", .. })), "{r:?}");
        let r = run(&mut s, &view(start.clone()), &mut gas());
        assert!(matches!(r, Err(Failure::Revert { error: names::WRITE_IN_STATIC_CALL, .. })));
        s.block = 4;
        run(&mut s, &tx(OWNER, start.clone()), &mut gas()).unwrap();
        assert!(read(&mut s, I::isSubtokenEnabledCall { netuid: 1 }));
        assert_eq!(read(&mut s, I::getFirstEmissionBlockCall { netuid: 1 }), 5);
        let r = run(&mut s, &tx(OWNER, start), &mut gas());
        assert!(matches!(
            r,
            Err(Failure::Revert { error: "FirstEmissionBlockNumberAlreadySet", ref reason })
                if reason.starts_with("startCall: ")
        ));
        // Root (dev account 0 in the dev genesis) enables TAO emission; nobody else may.
        let root = Genesis::dev().native.root.unwrap();
        assert!(!read(&mut s, I::getSubnetEmissionEnabledCall { netuid: 1 }));
        let enable = I::setSubnetEmissionEnabledCall { netuid: 1, enabled: true }.abi_encode();
        let r = run(&mut s, &tx(OWNER, enable.clone()), &mut gas());
        assert!(matches!(r, Err(Failure::Revert { error: "BadOrigin", .. })), "{r:?}");
        run(&mut s, &tx(root, enable), &mut gas()).unwrap();
        assert!(read(&mut s, I::getSubnetEmissionEnabledCall { netuid: 1 }));
        let mut paid = tx(root, I::startCallCall { netuid: 1 }.abi_encode());
        paid.value = U256::from(1);
        let r = run(&mut s, &paid, &mut gas());
        assert!(matches!(r, Err(Failure::Revert { error: names::NOT_PAYABLE, .. })));
        assert_ne!(root, Address::ZERO);
    }

    #[test]
    fn owner_triggers_an_epoch_and_sets_the_tempo() {
        let (mut s, n) = crate::testkit::with_subnet();
        let off = ISubnet::setCommitRevealWeightsEnabledCall { netuid: n, enabled: false };
        crate::subnet::run(&mut s, &tx(OWNER, off.abi_encode()), &mut gas()).unwrap();
        s.block = 3;
        let trigger = I::triggerEpochCall { netuid: n }.abi_encode();
        let r = run(&mut s, &tx(STRANGER, trigger.clone()), &mut gas());
        assert!(matches!(r, Err(Failure::Revert { error: "NotSubnetOwner", .. })), "{r:?}");
        run(&mut s, &tx(OWNER, trigger), &mut gas()).unwrap();
        // The dev genesis has no admin freeze window: the epoch fires at the next block step.
        assert_eq!(read(&mut s, I::getPendingEpochAtCall { netuid: n }), 3);
        let set = I::setTempoCall { netuid: n, tempo: 100 }.abi_encode();
        let r = run(&mut s, &tx(OWNER, set), &mut gas());
        assert!(matches!(r, Err(Failure::Revert { error: "TempoOutOfBounds", .. })), "{r:?}");
        let set = I::setTempoCall { netuid: n, tempo: 720 }.abi_encode();
        run(&mut s, &tx(OWNER, set), &mut gas()).unwrap();
        let tempo = tao_runtime::hyperparams::get(
            &mut s,
            NetUid(n),
            tao_runtime::hyperparams::Hyper::Tempo,
        );
        assert_eq!(tempo.unwrap(), 720);
    }
}
