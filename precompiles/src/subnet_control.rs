//! 0x0a01 subnet control (taochain's own, `contracts::subnet_control`): the real chain's
//! `start_call`, `trigger_epoch`, `set_tempo`, root's `sudo_set_subnet_emission_enabled`
//! and the childkey calls (`set_children`, `set_childkey_take`, root's cool-down and `CKBurn`
//! switches), which are extrinsics there, plus their views. Each calls the same
//! `tao_runtime::startup` / `tao_runtime::tempo` / `tao_runtime::children` function as every
//! other entry point.
//!
//! Who: `startCall`, `triggerEpoch` and `setTempo` need the caller's twin to own the subnet;
//! `setChildren`, `setChildkeyTake` and `setAutoParentDelegationEnabled` need it to own the
//! hotkey; `setSubnetEmissionEnabled`, `setPendingChildKeyCooldown`, `setCKBurn` and
//! `setOwnerHyperparamRateLimit` need the caller to be the chain's root account (genesis `native.root`; dev account 0 on `--dev`).
//! Value: none is accepted. Writes revert in a static call. Gas: the base cost plus reads and
//! writes (`setChildren` also per child).

use crate::call::{
    Call, Failure, Gas, cost, names, require_mutable, require_no_value, undecodable,
};
use alloy_primitives::{B256, Bytes};
use alloy_sol_types::{SolCall, SolInterface};
use contracts::ISubnetControl::{self as I, ISubnetControlCalls as C};
use tao_primitives::{AccountId32, NetUid};
use tao_runtime::children::{self, Links};
use tao_runtime::{NativeStore, ratelimit, rootclaim, startup, tempo};

/// Gas of a write (owner or root check, two or three slots).
pub const WRITE_GAS: u64 = cost::READ * 3 + cost::WRITE * 2;
/// Gas of a view.
pub const VIEW_GAS: u64 = cost::READ;
/// Gas of `setChildren` per child (its parent list read and written, the entry written).
pub const PER_CHILD_GAS: u64 = cost::READ * 2 + cost::WRITE * 2;

fn split(links: Links) -> (Vec<u64>, Vec<B256>) {
    links.into_iter().map(|(p, k)| (p, B256::from(k))).unzip()
}

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
        c @ (C::claimRoot(_)
        | C::setRootClaimType(_)
        | C::getRootClaimType(_)
        | C::getRootOwed(_)
        | C::getRootClaimable(_)
        | C::getRootUnclaimed(_)) => execute_root_claims(s, call, gas, c),
        C::setOwnerHyperparamRateLimit(c) => {
            require_mutable(call)?;
            gas.charge(WRITE_GAS)?;
            startup::ensure_root(s, call.caller)?;
            ratelimit::set_owner_hparam_rate_limit(s, u64::from(c.epochs))?;
            Ok(Vec::new())
        }
        C::getOwnerHyperparamRateLimit(_) => {
            gas.charge(VIEW_GAS)?;
            let v = ratelimit::owner_hparam_rate_limit(s)?;
            let v = u16::try_from(v).unwrap_or(u16::MAX);
            Ok(I::getOwnerHyperparamRateLimitCall::abi_encode_returns(&v))
        }
        C::hasMainnetStartup(c) => {
            gas.charge(VIEW_GAS)?;
            let v = startup::has_mainnet_startup(s, NetUid(c.netuid))?;
            Ok(I::hasMainnetStartupCall::abi_encode_returns(&v))
        }
        c @ (C::setChildren(_)
        | C::setChildkeyTake(_)
        | C::setAutoParentDelegationEnabled(_)
        | C::setPendingChildKeyCooldown(_)
        | C::setCKBurn(_)
        | C::getChildren(_)
        | C::getParents(_)
        | C::getPendingChildren(_)
        | C::getChildkeyTake(_)
        | C::getInheritedStake(_)) => execute_children(s, call, gas, c),
    }
}

/// Gas of `claimRoot` per subnet and hotkey (a claim reads and writes a few slots and may
/// run a pool sale).
pub const CLAIM_GAS: u64 = cost::READ * 6 + cost::WRITE * 6;

/// The root-claim calls of [`execute`].
fn execute_root_claims(
    s: &mut impl NativeStore,
    call: &Call,
    gas: &mut Gas,
    decoded: C,
) -> Result<Vec<u8>, Failure> {
    match decoded {
        C::claimRoot(c) => {
            require_mutable(call)?;
            let ck = call.coldkey();
            let hotkeys = tao_runtime::staking::coldkey_hotkey_ids(s, &ck)?;
            let n = u64::try_from(hotkeys.len()).unwrap_or(u64::MAX);
            gas.charge(WRITE_GAS.saturating_add(CLAIM_GAS.saturating_mul(n.saturating_add(1))))?;
            let subnets: Vec<NetUid> = c.subnets.iter().map(|n| NetUid(*n)).collect();
            let only = (!subnets.is_empty()).then_some(subnets.as_slice());
            rootclaim::claim_root(s, &ck, only)?;
            Ok(Vec::new())
        }
        C::setRootClaimType(c) => {
            require_mutable(call)?;
            gas.charge(WRITE_GAS)?;
            let t = match c.kind {
                0 => rootclaim::ClaimType::Swap,
                1 => rootclaim::ClaimType::Keep,
                2 => rootclaim::ClaimType::KeepSubnets(
                    c.subnets.iter().map(|n| NetUid(*n)).collect(),
                ),
                k => {
                    return Err(Failure::revert(
                        names::INVALID_INPUT,
                        format!("claim type {k}: 0 Swap, 1 Keep, 2 KeepSubnets"),
                    ));
                }
            };
            rootclaim::set_claim_type(s, &call.coldkey(), &t)?;
            Ok(Vec::new())
        }
        C::getRootClaimType(c) => {
            gas.charge(VIEW_GAS * 2)?;
            let (kind, subnets) = match rootclaim::claim_type(s, &c.coldkey.into())? {
                rootclaim::ClaimType::Swap => (0u8, Vec::new()),
                rootclaim::ClaimType::Keep => (1, Vec::new()),
                rootclaim::ClaimType::KeepSubnets(ns) => (2, ns.iter().map(|n| n.get()).collect()),
            };
            Ok(I::getRootClaimTypeCall::abi_encode_returns(&I::getRootClaimTypeReturn {
                kind,
                subnets,
            }))
        }
        C::getRootOwed(c) => {
            gas.charge(VIEW_GAS * 4)?;
            let o = rootclaim::owed(s, &c.hotkey.into(), &c.coldkey.into(), NetUid(c.netuid))?;
            Ok(I::getRootOwedCall::abi_encode_returns(&o))
        }
        C::getRootClaimable(c) => {
            gas.charge(VIEW_GAS)?;
            let r = rootclaim::claimable_rate(s, &c.hotkey.into(), NetUid(c.netuid))?;
            let bits = u128::try_from(r.to_bits()).unwrap_or(0);
            Ok(I::getRootClaimableCall::abi_encode_returns(&alloy_primitives::U256::from(bits)))
        }
        C::getRootUnclaimed(c) => {
            gas.charge(VIEW_GAS)?;
            let v = rootclaim::unclaimed(s, NetUid(c.netuid))?;
            Ok(I::getRootUnclaimedCall::abi_encode_returns(&v))
        }
        _ => Err(Failure::revert(names::UNKNOWN_SELECTOR, "not a root-claim call")),
    }
}

/// The childkey calls of [`execute`].
fn execute_children(
    s: &mut impl NativeStore,
    call: &Call,
    gas: &mut Gas,
    decoded: C,
) -> Result<Vec<u8>, Failure> {
    match decoded {
        C::setChildren(c) => {
            require_mutable(call)?;
            let n = u64::try_from(c.children.len()).unwrap_or(u64::MAX);
            gas.charge(WRITE_GAS.saturating_add(PER_CHILD_GAS.saturating_mul(n)))?;
            if c.children.len() != c.proportions.len() {
                return Err(Failure::revert(
                    names::INVALID_INPUT,
                    "proportions and children have different lengths",
                ));
            }
            let links: Links =
                c.proportions.iter().zip(&c.children).map(|(p, k)| (*p, (*k).into())).collect();
            let hotkey = AccountId32::from(c.hotkey);
            children::schedule_children(s, &call.coldkey(), &hotkey, NetUid(c.netuid), &links)?;
            Ok(Vec::new())
        }
        C::setChildkeyTake(c) => {
            require_mutable(call)?;
            gas.charge(WRITE_GAS)?;
            let hotkey = AccountId32::from(c.hotkey);
            children::set_childkey_take(s, &call.coldkey(), &hotkey, NetUid(c.netuid), c.take)?;
            Ok(Vec::new())
        }
        C::setAutoParentDelegationEnabled(c) => {
            require_mutable(call)?;
            gas.charge(WRITE_GAS)?;
            let hotkey = AccountId32::from(c.hotkey);
            children::set_auto_parent_delegation_enabled(s, &call.coldkey(), &hotkey, c.enabled)?;
            Ok(Vec::new())
        }
        C::setPendingChildKeyCooldown(c) => {
            require_mutable(call)?;
            gas.charge(WRITE_GAS)?;
            startup::ensure_root(s, call.caller)?;
            children::set_pending_cooldown(s, c.blocks)?;
            Ok(Vec::new())
        }
        C::setCKBurn(c) => {
            require_mutable(call)?;
            gas.charge(WRITE_GAS)?;
            startup::ensure_root(s, call.caller)?;
            children::set_ck_burn(s, c.burn)?;
            Ok(Vec::new())
        }
        C::getChildren(c) => {
            gas.charge(VIEW_GAS * 2)?;
            let (p, k) = split(children::children(s, &c.hotkey.into(), NetUid(c.netuid))?);
            Ok(I::getChildrenCall::abi_encode_returns(&I::getChildrenReturn {
                proportions: p,
                children: k,
            }))
        }
        C::getParents(c) => {
            gas.charge(VIEW_GAS * 2)?;
            let (p, k) = split(children::parents(s, &c.hotkey.into(), NetUid(c.netuid))?);
            Ok(I::getParentsCall::abi_encode_returns(&I::getParentsReturn {
                proportions: p,
                parents: k,
            }))
        }
        C::getPendingChildren(c) => {
            gas.charge(VIEW_GAS * 2)?;
            let pending = children::pending_children(s, &c.hotkey.into(), NetUid(c.netuid))?;
            let (links, cooldown) = pending.unwrap_or_default();
            let (p, k) = split(links);
            Ok(I::getPendingChildrenCall::abi_encode_returns(&I::getPendingChildrenReturn {
                proportions: p,
                children: k,
                due: cooldown,
            }))
        }
        C::getChildkeyTake(c) => {
            gas.charge(VIEW_GAS * 2)?;
            let t = children::childkey_take(s, &c.hotkey.into(), NetUid(c.netuid))?;
            Ok(I::getChildkeyTakeCall::abi_encode_returns(&t))
        }
        C::getInheritedStake(c) => {
            gas.charge(VIEW_GAS * 8)?;
            let (hk, n) = (AccountId32::from(c.hotkey), NetUid(c.netuid));
            let alpha = children::stake::inherited_alpha(s, &hk, n)?;
            let tao = children::stake::inherited_tao(s, &hk, n)?;
            Ok(I::getInheritedStakeCall::abi_encode_returns(&I::getInheritedStakeReturn {
                alpha,
                tao,
            }))
        }
        _ => Err(Failure::revert(names::UNKNOWN_SELECTOR, "not a childkey call")),
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

    #[test]
    fn children_are_set_through_the_precompile() {
        let (mut s, n) = crate::testkit::with_subnet();
        let owner_hot = B256::repeat_byte(0xaa);
        let child = B256::repeat_byte(0xcc);
        let hk = tao_runtime::registry::owner_hotkey(&mut s, NetUid(n)).unwrap();
        assert_eq!(B256::from(hk), owner_hot);
        let set = |props: Vec<u64>, kids: Vec<B256>| {
            I::setChildrenCall { hotkey: owner_hot, netuid: n, proportions: props, children: kids }
                .abi_encode()
        };
        let r = run(&mut s, &tx(STRANGER, set(vec![7], vec![child])), &mut gas());
        assert!(matches!(r, Err(Failure::Revert { error: "NonAssociatedColdKey", .. })), "{r:?}");
        let r = run(&mut s, &tx(OWNER, set(vec![7, 8], vec![child])), &mut gas());
        assert!(matches!(r, Err(Failure::Revert { error: names::INVALID_INPUT, .. })), "{r:?}");
        run(&mut s, &tx(OWNER, set(vec![u64::MAX], vec![child])), &mut gas()).unwrap();
        // The fixture subnet is started: the children wait for the cool-down (7,200 blocks).
        let p = read(&mut s, I::getPendingChildrenCall { hotkey: owner_hot, netuid: n });
        assert_eq!((p.proportions, p.children), (vec![u64::MAX], vec![child]));
        assert_eq!(p.due, s.block + 7_200);
        let c = read(&mut s, I::getChildrenCall { hotkey: owner_hot, netuid: n });
        assert!(c.children.is_empty());
        s.block = p.due + 1;
        tao_runtime::children::apply_pending(&mut s, NetUid(n)).unwrap();
        let c = read(&mut s, I::getChildrenCall { hotkey: owner_hot, netuid: n });
        assert_eq!((c.proportions, c.children), (vec![u64::MAX], vec![child]));
        let p = read(&mut s, I::getParentsCall { hotkey: child, netuid: n });
        assert_eq!((p.proportions, p.parents), (vec![u64::MAX], vec![owner_hot]));
        let st = read(&mut s, I::getInheritedStakeCall { hotkey: child, netuid: n });
        let own = tao_runtime::staking::total_hotkey_alpha(&mut s, &hk, NetUid(n)).unwrap();
        assert_eq!(st.alpha, own.get());
        // Root switches: only root.
        let root = Genesis::dev().native.root.unwrap();
        let cd = I::setPendingChildKeyCooldownCall { blocks: 15 }.abi_encode();
        let r = run(&mut s, &tx(OWNER, cd.clone()), &mut gas());
        assert!(matches!(r, Err(Failure::Revert { error: "BadOrigin", .. })), "{r:?}");
        run(&mut s, &tx(root, cd), &mut gas()).unwrap();
        assert_eq!(tao_runtime::children::pending_cooldown(&mut s).unwrap(), 15);
        run(&mut s, &tx(root, I::setCKBurnCall { burn: 9 }.abi_encode()), &mut gas()).unwrap();
        assert_eq!(tao_runtime::children::ck_burn(&mut s).unwrap(), 9);
        assert_eq!(read(&mut s, I::getChildkeyTakeCall { hotkey: child, netuid: n }), 0);
        assert_eq!(read(&mut s, I::getOwnerHyperparamRateLimitCall {}), 2);
        let rl = I::setOwnerHyperparamRateLimitCall { epochs: 0 }.abi_encode();
        let r = run(&mut s, &tx(OWNER, rl.clone()), &mut gas());
        assert!(matches!(r, Err(Failure::Revert { error: "BadOrigin", .. })), "{r:?}");
        run(&mut s, &tx(root, rl), &mut gas()).unwrap();
        assert_eq!(read(&mut s, I::getOwnerHyperparamRateLimitCall {}), 0);
    }

    #[test]
    fn root_claim_type_and_claims_through_the_precompile() {
        let (mut s, _n) = crate::testkit::with_subnet();
        let me = tao_primitives::address_to_account_id(STRANGER);
        let r = read(&mut s, I::getRootClaimTypeCall { coldkey: me.into() });
        assert_eq!((r.kind, r.subnets), (0, vec![]));
        let set = I::setRootClaimTypeCall { kind: 2, subnets: vec![1, 3] }.abi_encode();
        run(&mut s, &tx(STRANGER, set), &mut gas()).unwrap();
        let r = read(&mut s, I::getRootClaimTypeCall { coldkey: me.into() });
        assert_eq!((r.kind, r.subnets), (2, vec![1, 3]));
        let bad = I::setRootClaimTypeCall { kind: 3, subnets: vec![] }.abi_encode();
        let r = run(&mut s, &tx(STRANGER, bad), &mut gas());
        assert!(matches!(r, Err(Failure::Revert { error: names::INVALID_INPUT, .. })), "{r:?}");
        // Nothing owed: the claim succeeds and changes nothing.
        let before = s.slots.clone();
        run(&mut s, &tx(STRANGER, I::claimRootCall { subnets: vec![] }.abi_encode()), &mut gas())
            .unwrap();
        assert_eq!(s.slots, before);
        assert_eq!(read(&mut s, I::getRootUnclaimedCall { netuid: 1 }), 0);
        let owed = I::getRootOwedCall { hotkey: B256::ZERO, coldkey: me.into(), netuid: 1 };
        assert_eq!(read(&mut s, owed), 0);
        let rate = I::getRootClaimableCall { hotkey: B256::ZERO, netuid: 1 };
        assert_eq!(read(&mut s, rate), U256::ZERO);
    }
}
