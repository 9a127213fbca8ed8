//! End-to-end property test: random blocks interleaved with stakes, unstakes and weight
//! changes over two subnets with a validator and a miner, checking after every step TAO
//! conservation (spec §7.1–7.2), alpha accounting (§7.18), issuance growing by exactly what
//! was minted, and every epoch paying out exactly what it drained (§7.9). Childkeys are in the
//! mix: the validator lends random proportions to the miner or the owner hotkey, which set
//! random childkey takes, under a random `CKBurn`. So are root claims: stakers claim with
//! random claim types (the block step auto-claims too), and the unclaimed root alpha of each
//! subnet always covers what its root stakers are owed.

use super::tests::{
    ALICE, BOB, MINER_COLD, MINER_HOT, OWNER, VAL_COLD, VAL_HOT, check_alpha, check_supply, id,
    validator_subnet,
};
use super::*;
use crate::{MemNative, staking, weights};
use crate::{children, rootclaim};
use proptest::prelude::*;
use tao_primitives::AlphaRao;
use tao_primitives::NetUid;
use tao_primitives::{AccountId32, Rao};

#[derive(Debug, Clone)]
enum Step {
    Blocks(u8),
    Stake { who: bool, netuid: u16, tao: u64 },
    Unstake { who: bool, netuid: u16, frac: u8 },
    Weights(u16),
    Children { to_miner: bool, prop: u64, take: u16, burn: u64 },
    Claim { who: bool, kind: u8 },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (1u8..8).prop_map(Step::Blocks),
        2 => (any::<bool>(), 0u16..3, 0u64..300 * 1_000_000_000)
            .prop_map(|(who, netuid, tao)| Step::Stake { who, netuid, tao }),
        2 => (any::<bool>(), 0u16..3, any::<u8>())
            .prop_map(|(who, netuid, frac)| Step::Unstake { who, netuid, frac }),
        1 => (0u16..3).prop_map(Step::Weights),
        1 => (any::<bool>(), any::<u64>(), 0u16..=11_796, any::<u64>())
            .prop_map(|(to_miner, prop, take, burn)| Step::Children { to_miner, prop, take, burn }),
        1 => (any::<bool>(), 0u8..3).prop_map(|(who, kind)| Step::Claim { who, kind }),
    ]
}

fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(cases);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config(24))]

    #[test]
    fn blocks_and_staking_keep_supply_and_alpha_exact(steps in prop::collection::vec(step(), 1..30)) {
        let mut s: MemNative = validator_subnet();
        let cfg = CoinbaseConfig::default();
        let hotkeys: Vec<AccountId32> = vec![id(0x21), id(0x22), id(VAL_HOT), id(MINER_HOT)];
        children::set_pending_cooldown(&mut s, 0).unwrap();
        for st in &steps {
            match *st {
                Step::Blocks(k) => {
                    for _ in 0..k {
                        s.block += 1;
                        let before = supply::total_issuance_wei(&mut s).unwrap();
                        let r = run_block(&mut s, &cfg).unwrap();
                        let after = supply::total_issuance_wei(&mut s).unwrap();
                        prop_assert_eq!(after - before, Rao(r.minted).to_wei());
                        prop_assert_eq!(r.minted + r.unminted, r.block_emission);
                        for e in &r.epochs {
                            prop_assert_eq!(e.accounted(), e.drained(), "{:?}", e);
                        }
                    }
                }
                Step::Stake { who, netuid, tao } => {
                    let c = id(if who { ALICE } else { BOB });
                    let _ = staking::add_stake(&mut s, &c, &id(VAL_HOT), NetUid(netuid), Rao(tao), None).map(u64::from);
                }
                Step::Unstake { who, netuid, frac } => {
                    let c = id(if who { ALICE } else { BOB });
                    let have = staking::stake(&mut s, &id(VAL_HOT), &c, NetUid(netuid)).map(u64::from).unwrap();
                    let a = (u128::from(have) * u128::from(frac) / 255) as u64;
                    let _ = staking::remove_stake(&mut s, &c, &id(VAL_HOT), NetUid(netuid), AlphaRao(a), None).map(u64::from);
                }
                Step::Weights(target) => {
                    let _ = weights::set_weights(&mut s, &id(VAL_HOT), NetUid(1), &[target], &[65_535], 0);
                }
                Step::Children { to_miner, prop, take, burn } => {
                    let (child, owner) = if to_miner { (MINER_HOT, MINER_COLD) } else { (0x21, OWNER) };
                    let _ = children::schedule_children(&mut s, &id(VAL_COLD), &id(VAL_HOT), NetUid(1), &[(prop, id(child))]);
                    let _ = children::set_childkey_take(&mut s, &id(owner), &id(child), NetUid(1), take);
                    children::set_ck_burn(&mut s, burn).unwrap();
                }
                Step::Claim { who, kind } => {
                    let c = id(if who { ALICE } else { BOB });
                    let t = match kind {
                        0 => rootclaim::ClaimType::Swap,
                        1 => rootclaim::ClaimType::Keep,
                        _ => rootclaim::ClaimType::KeepSubnets(vec![NetUid(1)]),
                    };
                    rootclaim::set_claim_type(&mut s, &c, &t).unwrap();
                    let _ = rootclaim::claim_root(&mut s, &c, None);
                }
            }
            check_supply(&mut s);
            for n in 1..=2 {
                check_alpha(&mut s, n, &hotkeys);
                // What root stakers are owed never exceeds the unclaimed alpha (up to one RAO of
                // truncation per step).
                let mut owed = 0u64;
                for c in [ALICE, BOB] {
                    owed += rootclaim::owed(&mut s, &id(VAL_HOT), &id(c), NetUid(n)).unwrap();
                }
                let left = rootclaim::unclaimed(&mut s, NetUid(n)).unwrap();
                prop_assert!(owed <= left + steps.len() as u64, "owed {} > unclaimed {}", owed, left);
            }
            let root_pools: u64 = hotkeys
                .iter()
                .map(|h| staking::total_hotkey_alpha(&mut s, h, NetUid(0)).map(u64::from).unwrap())
                .sum();
            prop_assert_eq!(pool::alpha_out(&mut s, NetUid(0)).map(u64::from).unwrap(), root_pools);
            prop_assert_eq!(pool::tao_reserve(&mut s, NetUid(0)).map(u64::from).unwrap(), root_pools, "root is 1:1");
        }
    }
}
