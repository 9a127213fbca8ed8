//! Root claims to the RAO. Rates are `I96F32` as on the real chain: 1,000,000 α over 4 TAO of
//! root stake is `floor(2^32 / 4000) = 1,073,741` bits, so a 3 TAO staker is owed
//! `floor(1,073,741 · 3·10^9 / 2^32) = 749,999` and a 1 TAO staker 249,999 (below the
//! 500,000 threshold).

use super::*;
use crate::MemNative;
use crate::testkit::{fund, key, register, with_subnet};
use tao_economics::pool::PoolEngine;
use tao_primitives::Rao;

const V: u8 = 10; // the validator hotkey
const VC: u8 = 20; // its coldkey
const A: u8 = 30;
const B: u8 = 31;
const C: u8 = 32;

fn root_stake(s: &mut MemNative, who: u8, tao: u64) {
    fund(s, &key(who), tao + 1_000_000_000);
    staking::add_stake(s, &key(who), &key(V), ROOT_NETUID, Rao(tao), None).unwrap();
}

/// `amount` of V's root dividends made claimable on `n`, minted into alpha out first as the
/// coinbase does (pending root alpha is outstanding).
fn credit(s: &mut MemNative, n: NetUid, amount: u64) {
    let k = by_netuid(schema::SUBNET_ALPHA_OUT, n);
    let out = s.get_u64(k).unwrap();
    s.set_u64(k, out + amount).unwrap();
    assert!(increase_claimable(s, &key(V), n, amount).unwrap());
}

/// Subnet 1, validator V, A with 3 TAO and B with 1 TAO of root stake on V, and 1,000,000 α
/// of V's root dividends made claimable on subnet 1.
fn fixture() -> (MemNative, NetUid) {
    let (mut s, n) = with_subnet();
    register(&mut s, n, VC, V);
    root_stake(&mut s, A, 3_000_000_000);
    root_stake(&mut s, B, 1_000_000_000);
    credit(&mut s, n, 1_000_000);
    (s, n)
}

#[test]
fn claimable_rate_and_owed_are_the_real_fixed_point() {
    let (mut s, n) = fixture();
    assert_eq!(claimable_rate(&mut s, &key(V), n).unwrap().to_bits(), 1_073_741);
    assert_eq!(owed(&mut s, &key(V), &key(A), n).unwrap(), 749_999);
    assert_eq!(owed(&mut s, &key(V), &key(B), n).unwrap(), 249_999);
    assert_eq!(unclaimed(&mut s, n).unwrap(), 1_000_000);
    assert_eq!(claimable_subnets(&mut s, &key(V)).unwrap(), vec![n]);
    // Stake that arrives later claims nothing of it: RootClaimed starts at floor(rate · 1e9).
    root_stake(&mut s, C, 1_000_000_000);
    assert_eq!(claimed(&mut s, n, &key(V), &key(C)).unwrap(), 249_999);
    assert_eq!(owed(&mut s, &key(V), &key(C), n).unwrap(), 0);
    // No root stake at all: the dividend goes to the hotkey's owner as stake.
    register(&mut s, n, 21, 11);
    assert!(!increase_claimable(&mut s, &key(11), n, 7).unwrap());
    assert_eq!(staking::stake(&mut s, &key(11), &key(21), n).unwrap().get(), 7);
}

#[test]
fn keep_swap_and_keep_subnets() {
    let (mut s, n) = fixture();
    // A keeps: 749,999 α staked on the subnet under V.
    set_claim_type(&mut s, &key(A), &ClaimType::Keep).unwrap();
    assert_eq!(claim_type(&mut s, &key(A)).unwrap(), ClaimType::Keep);
    assert_eq!(claim_root(&mut s, &key(A), None).unwrap(), 749_999);
    assert_eq!(staking::stake(&mut s, &key(V), &key(A), n).unwrap().get(), 749_999);
    assert_eq!(owed(&mut s, &key(V), &key(A), n).unwrap(), 0);
    assert_eq!(unclaimed(&mut s, n).unwrap(), 250_001);
    // B's 249,999 is below the threshold: the claim takes nothing.
    assert_eq!(claim_root(&mut s, &key(B), None).unwrap(), 0);
    // Ignoring the threshold, B swaps (the default): sold fee-free, the TAO staked on root.
    let mut model = crate::pool::load_pool(&mut s, n).unwrap();
    let tao = model.protocol_sell(249_999).unwrap().amount_out;
    let root_before = staking::stake(&mut s, &key(V), &key(B), ROOT_NETUID).unwrap().get();
    let root_tao = crate::pool::tao_reserve(&mut s, ROOT_NETUID).unwrap().get();
    let got = claim_on_subnet(&mut s, &key(V), &key(B), n, &ClaimType::Swap, true).unwrap();
    assert_eq!(got, 249_999);
    let root_after = staking::stake(&mut s, &key(V), &key(B), ROOT_NETUID).unwrap().get();
    assert_eq!(root_after - root_before, tao);
    assert_eq!(crate::pool::tao_reserve(&mut s, ROOT_NETUID).unwrap().get(), root_tao + tao);
    // The new root stake is adjusted in: B is owed only the two truncations' fractions (1).
    assert_eq!(owed(&mut s, &key(V), &key(B), n).unwrap(), 1);
    assert_eq!(unclaimed(&mut s, n).unwrap(), 2);
    // KeepSubnets: keep on the listed subnets, swap elsewhere.
    let ks = ClaimType::KeepSubnets(vec![NetUid(7), n]);
    set_claim_type(&mut s, &key(A), &ks).unwrap();
    assert_eq!(claim_type(&mut s, &key(A)).unwrap(), ks);
    credit(&mut s, n, 4_000_000);
    let before = staking::stake(&mut s, &key(V), &key(A), n).unwrap().get();
    let c = claim_root(&mut s, &key(A), Some(&[n])).unwrap();
    assert!(c > 500_000);
    assert_eq!(staking::stake(&mut s, &key(V), &key(A), n).unwrap().get() - before, c);
}

#[test]
fn unstaking_before_claiming_forfeits_the_unstaked_part() {
    let (mut s, n) = fixture();
    crate::startup::set_emission_enabled(&mut s, n, true).unwrap();
    staking::remove_stake(
        &mut s,
        &key(A),
        &key(V),
        ROOT_NETUID,
        tao_primitives::AlphaRao(1_500_000_000),
        None,
    )
    .unwrap();
    // As on the real chain, RootClaimed (0) cannot fall below 0: A is owed on the stake it
    // kept only, floor(rate · 1.5e9) = 374,999; the rest stays unclaimed outstanding alpha.
    assert_eq!(owed(&mut s, &key(V), &key(A), n).unwrap(), 374_999);
    assert_eq!(unclaimed(&mut s, n).unwrap(), 1_000_000);
}

#[test]
fn indices_follow_the_real_draw() {
    let mut h = [0u8; 32];
    h[7] = 3; // first word 3
    h[15] = 1; // second word 1
    // last = 3; i=0: (3 + 3) % 10 = 6; i=1: (6 + 1) % 10 = 7; i=2, 3: + 0 → 7;
    // i=4 reads the first word again: (7 + 3) % 10 = 0. Distinct and sorted.
    assert_eq!(hash_to_indices(&h, 5, 10), vec![0, 6, 7]);
    assert_eq!(hash_to_indices(&h, 5, 0), vec![0]);
}
