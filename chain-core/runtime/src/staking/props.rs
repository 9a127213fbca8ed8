//! Property tests of staking over random operation sequences (spec §7): TAO conservation
//! (2, 3), alpha accounting (18), share sums and the holder sets (19), atomic failures,
//! no free lunch (15, 20), and the storage ledger's share arithmetic against the economics
//! `SharePool`.

use super::ledger::{self, PoolState};
use super::tests::{ALICE, AUTHOR, BOB, HK, HK2, OWNER, TAO, acct, check_supply_now, world};
use super::*;
use crate::MemNative;
use proptest::prelude::*;
use std::collections::BTreeMap;
use tao_economics::shares::{ShareFloat, SharePool};
use tao_primitives::NetUid;
use tao_primitives::{AlphaRao, Rao};

fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(cases);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

const COLDKEYS: [u8; 3] = [OWNER, ALICE, BOB];
const HOTKEYS: [u8; 2] = [HK, HK2];
const NETUIDS: [u16; 3] = [0, 1, 2];

#[derive(Debug, Clone)]
enum Op {
    Add { c: usize, h: usize, n: usize, tao: u64, limit: Option<(u16, bool)> },
    Remove { c: usize, h: usize, n: usize, frac: u8, limit: Option<(u16, bool)> },
    Full { c: usize, h: usize, n: usize },
    Move { c: usize, h: (usize, usize), n: (usize, usize), frac: u8 },
    Transfer { c: (usize, usize), h: usize, n: (usize, usize), frac: u8 },
    Burn { c: usize, h: usize, n: usize, frac: u8 },
    Emit { h: usize, n: usize, alpha: u64, validator: bool },
}

fn op() -> impl Strategy<Value = Op> {
    let (c, h, n) = (0..3usize, 0..2usize, 0..3usize);
    let limit = prop::option::of((1u16..400, any::<bool>()));
    prop_oneof![
        4 => (c.clone(), h.clone(), n.clone(), 0u64..200 * TAO, limit.clone())
            .prop_map(|(c, h, n, tao, limit)| Op::Add { c, h, n, tao, limit }),
        3 => (c.clone(), h.clone(), n.clone(), any::<u8>(), limit)
            .prop_map(|(c, h, n, frac, limit)| Op::Remove { c, h, n, frac, limit }),
        1 => (c.clone(), h.clone(), n.clone()).prop_map(|(c, h, n)| Op::Full { c, h, n }),
        2 => (c.clone(), (h.clone(), h.clone()), (n.clone(), n.clone()), any::<u8>())
            .prop_map(|(c, h, n, frac)| Op::Move { c, h, n, frac }),
        2 => ((c.clone(), c.clone()), h.clone(), (n.clone(), n.clone()), any::<u8>())
            .prop_map(|(c, h, n, frac)| Op::Transfer { c, h, n, frac }),
        1 => (c, h.clone(), n, any::<u8>()).prop_map(|(c, h, n, frac)| Op::Burn { c, h, n, frac }),
        2 => (h, 1..3usize, 0u64..50 * TAO, any::<bool>())
            .prop_map(|(h, n, alpha, validator)| Op::Emit { h, n, alpha, validator }),
    ]
}

fn part(s: &mut MemNative, h: u8, c: u8, n: u16, frac: u8) -> u64 {
    let have = stake(s, &acct(h), &acct(c), NetUid(n)).map(u64::from).unwrap();
    (u128::from(have) * u128::from(frac) / 255) as u64
}

/// A limit price as a per-mille factor of the current spot price.
fn limit_of(s: &mut MemNative, n: u16, l: Option<(u16, bool)>) -> Option<(u64, bool)> {
    let spot = pool::price_rao_per_alpha(s, NetUid(n)).unwrap();
    l.map(|(f, partial)| ((u128::from(spot) * u128::from(f) / 200) as u64, partial))
}

fn apply(s: &mut MemNative, op: &Op) -> Result<(), NativeError> {
    let (ck, hk, nu) = (|i: usize| COLDKEYS[i], |i: usize| HOTKEYS[i], |i: usize| NETUIDS[i]);
    match *op {
        Op::Add { c, h, n, tao, limit } => {
            let l = limit_of(s, nu(n), limit);
            add_stake(s, &acct(ck(c)), &acct(hk(h)), NetUid(nu(n)), Rao(tao), l)
                .map(u64::from)
                .map(drop)
        }
        Op::Remove { c, h, n, frac, limit } => {
            let a = part(s, hk(h), ck(c), nu(n), frac);
            let l = limit_of(s, nu(n), limit);
            remove_stake(s, &acct(ck(c)), &acct(hk(h)), NetUid(nu(n)), AlphaRao(a), l)
                .map(u64::from)
                .map(drop)
        }
        Op::Full { c, h, n } => {
            remove_stake_full(s, &acct(ck(c)), &acct(hk(h)), NetUid(nu(n)), None)
                .map(u64::from)
                .map(drop)
        }
        Op::Move { c, h, n, frac } => {
            let a = part(s, hk(h.0), ck(c), nu(n.0), frac);
            let (c, h0, h1) = (acct(ck(c)), acct(hk(h.0)), acct(hk(h.1)));
            move_stake(s, &c, &h0, &h1, NetUid(nu(n.0)), NetUid(nu(n.1)), AlphaRao(a))
                .map(u64::from)
                .map(drop)
        }
        Op::Transfer { c, h, n, frac } => {
            let a = part(s, hk(h), ck(c.0), nu(n.0), frac);
            let (c0, c1, h) = (acct(ck(c.0)), acct(ck(c.1)), acct(hk(h)));
            transfer_stake(s, &c0, &c1, &h, NetUid(nu(n.0)), NetUid(nu(n.1)), AlphaRao(a))
                .map(u64::from)
                .map(drop)
        }
        Op::Burn { c, h, n, frac } => {
            let a = part(s, hk(h), ck(c), nu(n), frac);
            burn_alpha(s, &acct(ck(c)), &acct(hk(h)), NetUid(nu(n)), AlphaRao(a))
                .map(u64::from)
                .map(drop)
        }
        Op::Emit { h, n, alpha, validator } => {
            // Emission is minted into alpha out first, as the coinbase does.
            let key = by_netuid(schema::SUBNET_ALPHA_OUT, NetUid(nu(n)));
            let before = s.get_u64(key)?;
            let r = if validator {
                pay_validator(s, &acct(hk(h)), NetUid(nu(n)), alpha).map(drop)
            } else {
                distribute_to_hotkey(s, &acct(hk(h)), NetUid(nu(n)), alpha)
            };
            if r.is_ok() {
                s.set_u64(key, before + alpha)?;
            }
            r
        }
    }
}

/// Spec §7.18 without emission buckets, and §7.19 for every (hotkey, netuid) pool.
fn check_ledger(s: &mut MemNative) -> Result<(), TestCaseError> {
    for n in NETUIDS {
        let mut pools: u128 = 0;
        for h in HOTKEYS {
            let hk = acct(h);
            let p = ledger::load_pool_state(s, &hk, NetUid(n)).unwrap();
            pools += u128::from(p.value);
            let holders = alpha_staked_validators(s, &hk, NetUid(n)).unwrap();
            let mut sum: u128 = 0;
            for c in COLDKEYS {
                let shares = ledger::load_shares(s, &hk, &acct(c), NetUid(n)).unwrap();
                prop_assert_eq!(!shares.is_zero(), holders.contains(&acct(c)), "holder set");
                sum += u128::from(stake(s, &hk, &acct(c), NetUid(n)).map(u64::from).unwrap());
            }
            prop_assert!(sum <= u128::from(p.value));
            let slack = holders.len() as u128 + 1;
            if !holders.is_empty() {
                prop_assert!(u128::from(p.value) - sum <= slack, "V {} Σv {}", p.value, sum);
            }
            prop_assert_eq!(p.denom.is_zero(), holders.is_empty(), "D = 0 iff no holders");
        }
        let out = u128::from(pool::alpha_out(s, NetUid(n)).map(u64::from).unwrap());
        prop_assert_eq!(
            out,
            pools + pool::alpha_burned(s, NetUid(n)).unwrap(),
            "alpha accounting {}",
            n
        );
        if n == 0 {
            prop_assert_eq!(
                out,
                u128::from(pool::tao_reserve(s, NetUid(0)).map(u64::from).unwrap()),
                "root is 1:1"
            );
        }
    }
    for c in COLDKEYS {
        for p in stake_positions(s, &acct(c)).unwrap() {
            prop_assert!(
                ledger::load_shares(s, &p.hotkey, &acct(c), p.netuid).unwrap() != ShareFloat::ZERO
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(48))]

    /// Random staking sequences keep TAO conserved, alpha accounted, share pools consistent,
    /// and every failed operation leaves the state exactly as it was.
    #[test]
    fn staking_sequences_keep_the_invariants(ops in prop::collection::vec(op(), 1..40)) {
        let mut s = world();
        for op in &ops {
            let before = s.clone();
            if let Err(e) = apply(&mut s, op) {
                prop_assert_eq!(&s.slots, &before.slots, "failed {:?} ({}) wrote", op, e);
                prop_assert_eq!(&s.balances, &before.balances);
            }
            check_supply_now(&mut s);
            check_ledger(&mut s)?;
        }
    }

    /// No free lunch (spec §7.15, §7.20): stake then unstake everything returns less than was
    /// put in, by at least the buy fee.
    #[test]
    fn round_trip_never_profits(tao in 3_000_000u64..500 * TAO, n in 0usize..3) {
        let mut s = world();
        let (a, h, netuid) = (acct(ALICE), acct(HK), NETUIDS[n]);
        let fee = tao_economics::pool::math::fee_on_input(tao, pool::fee_rate(&mut s, NetUid(netuid)).unwrap());
        add_stake(&mut s, &a, &h, NetUid(netuid), Rao(tao), None).map(u64::from).unwrap();
        let back = remove_stake_full(&mut s, &a, &h, NetUid(netuid), None).map(u64::from).unwrap();
        prop_assert!(back <= tao - fee, "paid {} got {}", tao, back);
        if netuid != 0 {
            prop_assert!(back < tao);
        }
        prop_assert!(s.free_balance(&acct(AUTHOR)).map(u64::from).unwrap() >= fee);
        check_supply_now(&mut s);
    }

    /// The storage ledger's one-holder arithmetic equals the economics `SharePool`.
    #[test]
    fn ledger_arithmetic_matches_share_pool(
        steps in prop::collection::vec((0u8..3, 0usize..3, 0u64..1_000_000 * TAO), 1..60),
    ) {
        let mut model: SharePool<usize> = SharePool::new();
        let mut pool = PoolState::default();
        let mut shares: BTreeMap<usize, ShareFloat> = BTreeMap::new();
        for (kind, key, amount) in steps {
            let mut s = shares.get(&key).copied().unwrap_or(ShareFloat::ZERO);
            match kind {
                0 => {
                    let (mut p2, mut s2) = (pool, s);
                    let ours = ledger::deposit(&mut p2, &mut s2, amount);
                    let theirs = model.add_for_one(&key, amount);
                    prop_assert_eq!(ours.is_ok(), theirs.is_ok());
                    if let Ok(restarted) = ours {
                        if restarted {
                            shares.clear();
                        }
                        pool = p2;
                        s = s2;
                    }
                }
                1 => {
                    let amount = amount % (ledger::value_of(&pool, &s) + 2);
                    let (mut p2, mut s2) = (pool, s);
                    let ours = ledger::withdraw(&mut p2, &mut s2, amount);
                    prop_assert_eq!(ours.is_ok(), model.remove_for_one(&key, amount).is_ok());
                    if ours.is_ok() {
                        pool = p2;
                        s = s2;
                    }
                }
                _ => {
                    let ours = ledger::add_for_all(&mut pool, amount);
                    prop_assert_eq!(ours.is_ok(), model.add_for_all(amount).is_ok());
                }
            }
            if s.is_zero() { shares.remove(&key); } else { shares.insert(key, s); }
            prop_assert_eq!(pool.value, model.total_value());
            prop_assert_eq!(pool.denom, model.denominator());
            for k in 0..3 {
                let sk = shares.get(&k).copied().unwrap_or(ShareFloat::ZERO);
                prop_assert_eq!(sk, model.shares_of(&k));
                prop_assert_eq!(ledger::value_of(&pool, &sk), model.value_of(&k));
            }
        }
    }
}
