//! Dissolution of busy subnets (spec §5.4 and invariant 30): after blocks with emission,
//! epochs, stakes, childkeys, root claims, axons, identities and owner changes, dissolving a
//! subnet leaves **no slot keyed by its netuid** (every slot a store holds is named through
//! `schema::trace`), pays every stake entry its largest-remainder share of the pot, recycles
//! exactly the rest, and keeps TAO supply and the other subnet's alpha accounting exact, as
//! the blocks after it do.

use super::tests::{
    ALICE, BOB, MINER_COLD, MINER_HOT, OWNER, TAO, VAL_COLD, VAL_HOT, check_alpha, check_supply,
    id, validator_subnet,
};
use super::*;
use crate::admin::set_by_owner;
use crate::balances::Balances;
use crate::hyperparams::Hyper;
use crate::schema::trace;
use crate::{MemNative, children, neurons, rootclaim, staking, subnets, weights};
use alloy_primitives::B256;
use proptest::prelude::*;
use tao_primitives::{AccountId32, NetUid, Rao};

/// Items allowed to outlive the subnet: the registration counter (it keys allowances, so the
/// dissolved subnet's allowances never apply to its successor) and those allowances; and the
/// chain-wide hyperparameter defaults, whose two-byte key part is a parameter id.
const SURVIVORS: [u16; 3] =
    [schema::NETWORK_REG_COUNTER, schema::STAKE_ALLOWANCE, schema::HYPERPARAM_DEFAULT];

/// Every non-zero slot keyed by `netuid`: its first two-byte key part (the netuid always
/// precedes uids, parameter ids and tx types in a key) or a 32-byte netuid word.
fn leftovers(s: &MemNative, netuid: NetUid) -> Vec<trace::Label> {
    let nb = netuid.get().to_be_bytes();
    let word = B256::left_padding_from(&nb);
    let mut out: Vec<trace::Label> = s
        .slots
        .iter()
        .filter(|(_, v)| !v.is_zero())
        .filter_map(|(slot, _)| trace::label(slot))
        .filter(|(item, parts)| {
            let first = parts.iter().find(|p| p.len() == 2);
            let keyed = first.is_some_and(|p| p.as_slice() == nb)
                || parts.iter().any(|p| p.as_slice() == word.as_slice());
            keyed && !SURVIVORS.contains(item)
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

fn unlabelled(s: &MemNative) -> usize {
    s.slots.iter().filter(|(k, v)| !v.is_zero() && trace::label(k).is_none()).count()
}

const HOTKEYS: [u8; 4] = [0x21, 0x22, VAL_HOT, MINER_HOT];

fn hotkeys() -> Vec<AccountId32> {
    HOTKEYS.iter().map(|h| id(*h)).collect()
}

fn run(s: &mut MemNative, blocks: u64) {
    let cfg = CoinbaseConfig::default();
    for _ in 0..blocks {
        s.block += 1;
        run_block(s, &cfg).unwrap();
        check_supply(s);
    }
}

/// [`validator_subnet`] plus everything a subnet can accumulate, and 30 blocks (three epochs).
fn busy() -> MemNative {
    let mut s = validator_subnet();
    let n1 = NetUid(1);
    children::set_pending_cooldown(&mut s, 0).unwrap();
    let ident = subnets::SubnetIdentity { name: "one".into(), ..Default::default() };
    subnets::set_identity(&mut s, &id(OWNER), n1, &ident).unwrap();
    let ep = neurons::Endpoint { version: 1, ip: 0x7f00_0001, port: 8091, ip_type: 4, protocol: 0 };
    neurons::serve_axon(&mut s, &id(VAL_HOT), n1, &ep).unwrap();
    neurons::serve_prometheus(&mut s, &id(VAL_HOT), n1, &ep).unwrap();
    set_by_owner(&mut s, &id(OWNER), n1, Hyper::WeightsVersionKey, 7).unwrap();
    set_by_owner(&mut s, &id(OWNER), n1, Hyper::TransfersEnabled, 0).unwrap();
    children::schedule_children(
        &mut s,
        &id(VAL_COLD),
        &id(VAL_HOT),
        n1,
        &[(u64::MAX / 2, id(0x21))],
    )
    .unwrap();
    children::set_childkey_take(&mut s, &id(OWNER), &id(0x21), n1, 1_000).unwrap();
    staking::add_stake(&mut s, &id(BOB), &id(MINER_HOT), n1, Rao(30 * TAO), None).unwrap();
    staking::add_stake(&mut s, &id(ALICE), &id(0x22), NetUid(2), Rao(40 * TAO), None).unwrap();
    run(&mut s, 10);
    weights::set_weights(&mut s, &id(VAL_HOT), n1, &[2], &[65_535], 7).unwrap();
    run(&mut s, 20);
    rootclaim::set_claim_type(&mut s, &id(BOB), &rootclaim::ClaimType::Keep).unwrap();
    rootclaim::claim_root(&mut s, &id(BOB), None).unwrap();
    run(&mut s, 2);
    s
}

/// Checks one dissolution: sums, issuance, per-entry bounds, balances, nothing left behind.
fn dissolve_and_check(s: &mut MemNative, netuid: NetUid) -> subnets::Dissolution {
    let issued = supply::total_issuance_wei(s).unwrap();
    let coldkeys = [ALICE, BOB, OWNER, VAL_COLD, MINER_COLD, 0x12];
    let before: Vec<u64> =
        coldkeys.iter().map(|c| s.free_balance(&id(*c)).unwrap().get()).collect();
    let d = subnets::dissolve_network(s, netuid).unwrap();
    let paid: u64 = d.payouts.iter().map(|p| p.tao).sum();
    assert_eq!(paid + d.recycled, d.pot, "Σ payouts + recycled = pot");
    let after = supply::total_issuance_wei(s).unwrap();
    assert_eq!(issued - after, Rao(d.recycled).to_wei(), "issuance drops by the recycled TAO");
    // Each share is floor(pot · v / total) or one RAO more (largest remainder).
    let total: u128 =
        d.payouts.iter().map(|p| u128::from(p.alpha)).sum::<u128>() + u128::from(d.protocol_alpha);
    for p in &d.payouts {
        let floor = u128::from(d.pot) * u128::from(p.alpha) / total;
        assert!(u128::from(p.tao) == floor || u128::from(p.tao) == floor + 1, "{p:?}");
    }
    for (c, b) in coldkeys.iter().zip(before) {
        let got: u64 = d.payouts.iter().filter(|p| p.coldkey == id(*c)).map(|p| p.tao).sum();
        assert_eq!(s.free_balance(&id(*c)).unwrap().get(), b + got, "coldkey {c:#x}");
    }
    let left = leftovers(s, netuid);
    assert!(left.is_empty(), "left behind: {left:?}");
    assert_eq!(unlabelled(s), 0);
    check_supply(s);
    d
}

#[test]
fn dissolving_a_busy_subnet_leaves_nothing_behind() {
    let mut s = busy();
    // The check can fail: before dissolution the subnet has state of every kind.
    let items: std::collections::BTreeSet<u16> =
        leftovers(&s, NetUid(1)).into_iter().map(|l| l.0).collect();
    for item in [
        schema::KEYS,
        schema::WEIGHTS,
        schema::AXON,
        schema::ALPHA_SHARES,
        schema::CHILD_KEYS,
        schema::CHILDKEY_TAKE,
        schema::ROOT_CLAIMABLE,
        schema::ROOT_CLAIMED,
        schema::SUBNET_IDENTITY,
        schema::HYPERPARAM,
        schema::OWNER_TX_LAST,
        schema::SUBNET_HOTKEYS,
    ] {
        assert!(items.contains(&item), "the busy subnet has no item {item}");
    }
    let stakers = [(VAL_HOT, ALICE), (VAL_HOT, VAL_COLD), (MINER_HOT, BOB), (0x21, OWNER)];
    for (h, c) in stakers {
        assert!(staking::stake(&mut s, &id(h), &id(c), NetUid(1)).unwrap().get() > 0);
    }
    let d = dissolve_and_check(&mut s, NetUid(1));
    assert!(d.payouts.len() >= stakers.len(), "{:?}", d.payouts);
    for (h, c) in stakers {
        assert!(d.payouts.iter().any(|p| p.hotkey == id(h) && p.coldkey == id(c) && p.tao > 0));
    }
    check_alpha(&mut s, 2, &hotkeys());
    // The chain runs on, and the netuid is reused by a fresh subnet.
    run(&mut s, 15);
    check_alpha(&mut s, 2, &hotkeys());
    super::tests::fund(&mut s, 0x13, 10_000 * TAO);
    let n = subnets::register_network(&mut s, &id(0x13), &id(0x23), None).unwrap();
    assert_eq!(n, NetUid(1));
    assert_eq!(staking::stake(&mut s, &id(VAL_HOT), &id(ALICE), n).unwrap().get(), 0);
    assert_eq!(rootclaim::claimable_rate(&mut s, &id(VAL_HOT), n).unwrap(), 0);
    assert!(children::children(&mut s, &id(VAL_HOT), n).unwrap().is_empty());
    assert_eq!(subnets::identity(&mut s, n).unwrap(), None);
    run(&mut s, 15);
    let with_new_owner: Vec<AccountId32> = hotkeys().into_iter().chain([id(0x23)]).collect();
    check_alpha(&mut s, 1, &with_new_owner);
    check_alpha(&mut s, 2, &hotkeys());
}

#[derive(Debug, Clone)]
enum Step {
    Blocks(u8),
    Stake { who: bool, hot: u8, netuid: u16, tao: u64 },
    Claim { who: bool, keep: bool },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (1u8..12).prop_map(Step::Blocks),
        3 => (any::<bool>(), 0u8..4, 0u16..3, 0u64..200 * TAO)
            .prop_map(|(who, hot, netuid, tao)| Step::Stake { who, hot, netuid, tao }),
        1 => (any::<bool>(), any::<bool>()).prop_map(|(who, keep)| Step::Claim { who, keep }),
    ]
}

proptest! {
    #![proptest_config(crate::testkit::prop_config(12))]

    /// Random blocks, stakes and root claims, then a dissolution of subnet 1 or 2 and more
    /// blocks: invariant 30 (`Σ payouts + recycled = pot`, issuance drops by exactly the
    /// recycled TAO), supply conservation, the surviving subnet's alpha identity, every share
    /// within a RAO of `pot · v / total`, and nothing keyed by the netuid left.
    #[test]
    fn dissolution_keeps_supply_and_pays_every_holder(
        steps in prop::collection::vec(step(), 1..16),
        victim in 1u16..=2,
        after in 0u64..12,
    ) {
        let mut s = validator_subnet();
        for st in &steps {
            match *st {
                Step::Blocks(k) => run(&mut s, u64::from(k)),
                Step::Stake { who, hot, netuid, tao } => {
                    let c = id(if who { ALICE } else { BOB });
                    let h = id(HOTKEYS[usize::from(hot)]);
                    let _ = staking::add_stake(&mut s, &c, &h, NetUid(netuid), Rao(tao), None);
                }
                Step::Claim { who, keep } => {
                    let c = id(if who { ALICE } else { BOB });
                    let t = if keep { rootclaim::ClaimType::Keep } else { rootclaim::ClaimType::Swap };
                    rootclaim::set_claim_type(&mut s, &c, &t).unwrap();
                    let _ = rootclaim::claim_root(&mut s, &c, None);
                }
            }
            check_supply(&mut s);
        }
        let d = dissolve_and_check(&mut s, NetUid(victim));
        prop_assert_eq!(d.netuid, NetUid(victim));
        let other = 3 - victim;
        check_alpha(&mut s, other, &hotkeys());
        run(&mut s, after);
        check_alpha(&mut s, other, &hotkeys());
        prop_assert!(leftovers(&s, NetUid(victim)).is_empty());
    }
}
