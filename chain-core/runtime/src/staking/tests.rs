//! Unit tests of staking: spec §3.5 numbers through the ledger, limits, minimums, failure
//! atomicity, take, moves, transfers, allowances and the emission entry points.

use super::*;
use crate::MemNative;
use crate::schema::by_netuid;
use crate::supply;
use crate::testkit::fails_unchanged;
use alloy_primitives::U256;
use tao_economics::pool::{DEFAULT_FEE_RATE, Reserves};
use tao_primitives::NetUid;
use tao_primitives::address_to_account_id;
use tao_primitives::{AlphaRao, Rao};

pub(crate) const TAO: u64 = 1_000_000_000;

/// An EVM-mapped 32-byte id.
pub(crate) fn acct(b: u8) -> AccountId32 {
    address_to_account_id(Address::repeat_byte(b))
}

pub(crate) fn bal(s: &mut MemNative, who: u8) -> u64 {
    s.free_balance(&acct(who)).map(u64::from).unwrap()
}

pub(crate) const OWNER: u8 = 0x01;
pub(crate) const ALICE: u8 = 0x0a;
pub(crate) const BOB: u8 = 0x0b;
pub(crate) const AUTHOR: u8 = 0xaa;
pub(crate) const HK: u8 = 0x51;
pub(crate) const HK2: u8 = 0x52;

/// Marks `netuid` (and root) as existing in the registry's items, without a full registration.
pub(crate) fn add_subnet_raw(s: &mut MemNative, netuid: u16) {
    let total = Key::new(schema::TOTAL_NETWORKS, &[]);
    if !s.get_bool(by_netuid(schema::NETWORK_EXISTS, NetUid(0))).unwrap() {
        s.set_bool(by_netuid(schema::NETWORK_EXISTS, NetUid(0)), true).unwrap();
        s.set_u64(total, 1).unwrap();
    }
    s.set_bool(by_netuid(schema::NETWORK_EXISTS, NetUid(netuid)), true).unwrap();
    s.set_u64(by_netuid(schema::NETWORK_REG_COUNTER, NetUid(netuid)), 1).unwrap();
    // Started (`start_call`): staking is open.
    s.set_bool(by_netuid(schema::SUBTOKEN_ENABLED, NetUid(netuid)), true).unwrap();
    let n = s.get_u64(total).unwrap();
    s.set_u64(total, n + 1).unwrap();
}

/// Subnets 1 and 2 with the §3.5 pool (1,000 TAO / 10,000 α; p = 0.1), hotkeys HK and HK2
/// owned by OWNER, 1,000 TAO for OWNER, ALICE and BOB, fees to AUTHOR, issuance consistent.
pub(crate) fn world() -> MemNative {
    let mut s = MemNative { block: 1_000, ..MemNative::default() };
    // Every test account is an EVM address the chain has seen, so its twin's balance is its
    // EVM balance.
    for who in [OWNER, ALICE, BOB, AUTHOR, HK, HK2] {
        s.link_evm_address(Address::repeat_byte(who)).unwrap();
    }
    for netuid in [1u16, 2] {
        add_subnet_raw(&mut s, netuid);
        let r = Reserves { tao_rao: 1_000 * TAO, alpha_rao: 10_000 * TAO };
        let p = NativePool::new(r, DEFAULT_FEE_RATE).unwrap();
        pool::save_pool(&mut s, NetUid(netuid), &p).unwrap();
    }
    for hk in [HK, HK2] {
        s.set_b256(by_account(schema::HOTKEY_OWNER, &acct(hk)), B256::from(acct(OWNER))).unwrap();
    }
    for who in [OWNER, ALICE, BOB] {
        s.credit(&acct(who), Rao(1_000 * TAO)).unwrap();
    }
    set_fee_recipient(&mut s, &acct(AUTHOR)).unwrap();
    let total = 3_000 * TAO + 2_000 * TAO;
    supply::genesis_issuance(&mut s, tao_primitives::Rao(total).to_wei()).unwrap();
    s
}

pub(crate) fn evm_sum(s: &MemNative) -> U256 {
    s.balances.values().fold(U256::ZERO, |a, b| a + *b)
}

/// Checks TAO conservation over every EVM balance.
pub(crate) fn check_supply_now(s: &mut MemNative) {
    let sum = evm_sum(s);
    supply::check_supply(s, sum).unwrap();
}

#[test]
fn spec_3_5_stake_and_unstake_through_the_ledger() {
    let mut s = world();
    let (a, h) = (acct(ALICE), acct(HK));
    let alpha = add_stake(&mut s, &a, &h, NetUid(1), Rao(10 * TAO), None).map(u64::from).unwrap();
    assert_eq!(alpha, 98_960_538_161);
    assert_eq!(stake(&mut s, &h, &a, NetUid(1)).map(u64::from).unwrap(), alpha);
    assert_eq!(total_hotkey_alpha(&mut s, &h, NetUid(1)).map(u64::from).unwrap(), alpha);
    assert_eq!(bal(&mut s, ALICE), 990 * TAO);
    assert_eq!(bal(&mut s, AUTHOR), 5_035_477);
    assert_eq!(
        pool::tao_reserve(&mut s, NetUid(1)).map(u64::from).unwrap(),
        1_000 * TAO + 9_994_964_523
    );
    assert_eq!(pool::alpha_out(&mut s, NetUid(1)).map(u64::from).unwrap(), alpha);
    assert_eq!(alpha_staked_validators(&mut s, &h, NetUid(1)).unwrap(), vec![a]);
    check_supply_now(&mut s);

    let tao =
        remove_stake(&mut s, &a, &h, NetUid(1), AlphaRao(alpha), None).map(u64::from).unwrap();
    assert_eq!(tao, 9_989_981_362);
    assert_eq!(bal(&mut s, AUTHOR), 5_035_477 + 4_983_160);
    assert_eq!(pool::tao_reserve(&mut s, NetUid(1)).map(u64::from).unwrap(), 1_000 * TAO + 1);
    assert_eq!(pool::alpha_reserve(&mut s, NetUid(1)).map(u64::from).unwrap(), 10_000 * TAO);
    assert_eq!(pool::alpha_out(&mut s, NetUid(1)).map(u64::from).unwrap(), 0);
    // Round trip: the user lost exactly two fees' worth and the pool's 1 RAO of rounding.
    assert_eq!(1_000 * TAO - bal(&mut s, ALICE), 10_018_638);
    assert!(alpha_staked_validators(&mut s, &h, NetUid(1)).unwrap().is_empty());
    assert!(stake_positions(&mut s, &a).unwrap().is_empty());
    assert!(hotkey_netuids(&mut s, &h).unwrap().is_empty());
    check_supply_now(&mut s);
}

#[test]
fn limit_buy_partial_fill_and_refusals() {
    let mut s = world();
    let (a, h) = (acct(ALICE), acct(HK));
    let err = fails_unchanged(&mut s, |s| {
        add_stake(s, &a, &h, NetUid(1), Rao(10 * TAO), Some((101_000_000, false))).map(u64::from)
    });
    assert!(err.to_string().contains("slippage too high"), "{err}");
    let err = fails_unchanged(&mut s, |s| {
        add_stake(s, &a, &h, NetUid(1), Rao(10 * TAO), Some((100_000_000, true))).map(u64::from)
    });
    assert!(err.to_string().contains("price limit exceeded"), "{err}");
    let alpha = add_stake(&mut s, &a, &h, NetUid(1), Rao(10 * TAO), Some((101_000_000, true)))
        .map(u64::from)
        .unwrap();
    assert_eq!(alpha, 49_628_097_899);
    assert_eq!(bal(&mut s, ALICE), 1_000 * TAO - 4_990_074_852, "only the executed part is paid");
    assert_eq!(bal(&mut s, AUTHOR), 2_512_740);
    assert!(pool::price_rao_per_alpha(&mut s, NetUid(1)).unwrap() <= 101_000_000);
    // Sell limit above the spot price: refused; a partial sell stops at the limit.
    let err = fails_unchanged(&mut s, |s| {
        remove_stake(s, &a, &h, NetUid(1), AlphaRao(alpha), Some((102_000_000, true)))
            .map(u64::from)
    });
    assert!(err.to_string().contains("price limit exceeded"), "{err}");
    let tao = remove_stake(&mut s, &a, &h, NetUid(1), AlphaRao(alpha), Some((100_500_000, true)))
        .map(u64::from)
        .unwrap();
    assert!(
        tao > 0 && stake(&mut s, &h, &a, NetUid(1)).map(u64::from).unwrap() > 0,
        "unexecuted alpha stays staked"
    );
    // The user's leg stops exactly at the limit; the fee-free resale of the alpha fee (for the
    // author, as on chain) then moves the price by the fee's weight only.
    let p = pool::price_rao_per_alpha(&mut s, NetUid(1)).unwrap();
    assert!(p < 100_500_000 && p > 100_500_000 - 100_500_000 / 1_000, "{p}");
}

#[test]
fn failures_change_nothing() {
    let mut s = world();
    let (a, h) = (acct(ALICE), acct(HK));
    add_stake(&mut s, &a, &h, NetUid(1), Rao(10 * TAO), None).map(u64::from).unwrap();
    let stranger = acct(0x77);
    let e = fails_unchanged(&mut s, |s| {
        add_stake(s, &a, &stranger, NetUid(1), Rao(TAO), None).map(u64::from)
    });
    assert!(e.to_string().contains("no owner"), "{e}");
    let e =
        fails_unchanged(&mut s, |s| add_stake(s, &a, &h, NetUid(9), Rao(TAO), None).map(u64::from));
    assert_eq!(e.to_string(), "subnet 9 does not exist");
    let e = fails_unchanged(&mut s, |s| {
        add_stake(s, &a, &h, NetUid(1), Rao(2_000 * TAO), None).map(u64::from)
    });
    assert!(matches!(e, NativeError::InsufficientBalance { .. }));
    fails_unchanged(&mut s, |s| {
        remove_stake(s, &a, &h, NetUid(1), AlphaRao(100 * TAO), None).map(u64::from)
    });
    fails_unchanged(&mut s, |s| {
        remove_stake(s, &a, &h, NetUid(1), AlphaRao(0), None).map(u64::from)
    });
    fails_unchanged(&mut s, |s| {
        remove_stake(s, &acct(BOB), &h, NetUid(1), AlphaRao(1), None).map(u64::from)
    });
    let e = fails_unchanged(&mut s, |s| {
        remove_stake(s, &a, &h, NetUid(1), AlphaRao(1_000_000), None).map(u64::from)
    });
    assert!(e.to_string().contains("below the 0.002 TAO minimum"), "{e}");
    fails_unchanged(&mut s, |s| {
        move_stake(s, &a, &h, &h, NetUid(1), NetUid(1), AlphaRao(TAO)).map(u64::from)
    });
    fails_unchanged(&mut s, |s| {
        move_stake(s, &a, &h, &stranger, NetUid(1), NetUid(1), AlphaRao(TAO)).map(u64::from)
    });
    fails_unchanged(&mut s, |s| burn_alpha(s, &a, &h, NetUid(0), AlphaRao(TAO)).map(u64::from));
    fails_unchanged(&mut s, |s| set_take(s, &a, &h, 100));
}

#[test]
fn minimum_stake_rules() {
    let mut s = world();
    let (a, h) = (acct(ALICE), acct(HK));
    // 0.002 TAO + fee(0.002 TAO) = 2,001,007 RAO at the default fee.
    let e = fails_unchanged(&mut s, |s| {
        add_stake(s, &a, &h, NetUid(1), Rao(2_001_006), None).map(u64::from)
    });
    assert!(e.to_string().contains("minimum 2001007"), "{e}");
    add_stake(&mut s, &a, &h, NetUid(1), Rao(2_001_007), None).map(u64::from).unwrap();
    // Root has no fee: 0.002 TAO exactly, 1:1.
    fails_unchanged(&mut s, |s| {
        add_stake(s, &a, &h, NetUid(0), Rao(1_999_999), None).map(u64::from)
    });
    assert_eq!(
        add_stake(&mut s, &a, &h, NetUid(0), Rao(2_000_000), None).map(u64::from).unwrap(),
        2_000_000
    );
    assert_eq!(pool::tao_reserve(&mut s, NetUid(0)).map(u64::from).unwrap(), 2_000_000);
    // A full unstake is always allowed, even below the minimum.
    let all = stake(&mut s, &h, &a, NetUid(1)).map(u64::from).unwrap();
    assert!(
        remove_stake(&mut s, &a, &h, NetUid(1), AlphaRao(all), None).map(u64::from).unwrap()
            < DEFAULT_MIN_STAKE
    );
    assert_eq!(
        remove_stake_full(&mut s, &a, &h, NetUid(0), None).map(u64::from).unwrap(),
        2_000_000
    );
    fails_unchanged(&mut s, |s| remove_stake_full(s, &a, &h, NetUid(0), None).map(u64::from));
}

#[test]
fn nominator_minimum_forces_out_small_positions() {
    let mut s = world();
    let (a, h) = (acct(ALICE), acct(HK));
    set_nominator_min_stake_factor(&mut s, 10_000_000).unwrap();
    assert_eq!(nominator_min_stake(&mut s).map(u64::from).unwrap(), 20_000_000);
    add_stake(&mut s, &a, &h, NetUid(0), Rao(50_000_000), None).map(u64::from).unwrap();
    // Leaving 0.01 TAO (< 0.02) behind sells the rest too.
    assert_eq!(
        remove_stake(&mut s, &a, &h, NetUid(0), AlphaRao(40_000_000), None).map(u64::from).unwrap(),
        50_000_000
    );
    assert_eq!(stake(&mut s, &h, &a, NetUid(0)).map(u64::from).unwrap(), 0);
    // The owner is exempt.
    let o = acct(OWNER);
    add_stake(&mut s, &o, &h, NetUid(0), Rao(50_000_000), None).map(u64::from).unwrap();
    remove_stake(&mut s, &o, &h, NetUid(0), AlphaRao(40_000_000), None).map(u64::from).unwrap();
    assert_eq!(stake(&mut s, &h, &o, NetUid(0)).map(u64::from).unwrap(), 10_000_000);
}

#[test]
fn share_value_rises_for_every_nominator() {
    let mut s = world();
    let (a, b, h) = (acct(ALICE), acct(BOB), acct(HK));
    let xa = add_stake(&mut s, &a, &h, NetUid(1), Rao(10 * TAO), None).map(u64::from).unwrap();
    let xb = add_stake(&mut s, &b, &h, NetUid(1), Rao(30 * TAO), None).map(u64::from).unwrap();
    let total = total_hotkey_alpha(&mut s, &h, NetUid(1)).map(u64::from).unwrap();
    distribute_to_hotkey(&mut s, &h, NetUid(1), total).unwrap(); // doubles the pool
    let (va, vb) = (
        stake(&mut s, &h, &a, NetUid(1)).map(u64::from).unwrap(),
        stake(&mut s, &h, &b, NetUid(1)).map(u64::from).unwrap(),
    );
    assert!(va.abs_diff(2 * xa) <= 1 && vb.abs_diff(2 * xb) <= 1, "{va} {vb}");
    // A pool with no holders pays the hotkey's owner.
    distribute_to_hotkey(&mut s, &acct(HK2), NetUid(1), 5 * TAO).unwrap();
    assert_eq!(stake(&mut s, &acct(HK2), &acct(OWNER), NetUid(1)).map(u64::from).unwrap(), 5 * TAO);
    assert!(distribute_to_hotkey(&mut s, &acct(0x77), NetUid(1), TAO).is_err());
}

#[test]
fn spec_4_3_take_split_numbers() {
    let mut s = world();
    let (o, n, h) = (acct(OWNER), acct(BOB), acct(HK));
    stake_emission(&mut s, &h, &o, NetUid(1), 600 * TAO).unwrap();
    stake_emission(&mut s, &h, &n, NetUid(1), 400 * TAO).unwrap();
    let (take, rest) = pay_validator(&mut s, &h, NetUid(1), 100 * TAO).unwrap();
    assert_eq!((take, rest), (17_999_542_229, 82_000_457_771));
    assert_eq!(stake(&mut s, &h, &o, NetUid(1)).map(u64::from).unwrap(), 667_779_766_347);
    assert_eq!(stake(&mut s, &h, &n, NetUid(1)).map(u64::from).unwrap(), 432_220_233_652);
    assert_eq!(total_hotkey_alpha(&mut s, &h, NetUid(1)).map(u64::from).unwrap(), 1_100 * TAO);
    // Zero take: everything to everyone.
    set_take(&mut s, &o, &h, 0).unwrap();
    assert_eq!(pay_validator(&mut s, &h, NetUid(1), 10 * TAO).unwrap(), (0, 10 * TAO));
}

#[test]
fn take_bounds_and_rate_limit() {
    let mut s = world();
    let (o, h) = (acct(OWNER), acct(HK));
    assert_eq!(delegate_take(&mut s, &h).unwrap(), 11_796);
    let e = fails_unchanged(&mut s, |s| set_take(s, &o, &h, 11_797));
    assert!(e.to_string().contains("above the maximum"), "{e}");
    fails_unchanged(&mut s, |s| set_take(s, &o, &h, 11_796));
    set_take(&mut s, &o, &h, 5_000).unwrap(); // decrease at block 1,000
    s.block = 1_000 + 216_000;
    let e = fails_unchanged(&mut s, |s| set_take(s, &o, &h, 6_000));
    assert!(e.to_string().contains("next increase allowed after block 217000"), "{e}");
    s.block += 1;
    set_take(&mut s, &o, &h, 6_000).unwrap();
    set_take(&mut s, &o, &h, 5_500).unwrap(); // decreases are never limited
    assert_eq!(delegate_take(&mut s, &h).unwrap(), 5_500);
}

#[test]
fn moves_and_transfers_conserve_stake() {
    let mut s = world();
    let (a, b, h, h2) = (acct(ALICE), acct(BOB), acct(HK), acct(HK2));
    let x = add_stake(&mut s, &a, &h, NetUid(1), Rao(100 * TAO), None).map(u64::from).unwrap();
    let (tao1, in1, out1) = (
        pool::tao_reserve(&mut s, NetUid(1)).map(u64::from).unwrap(),
        pool::alpha_reserve(&mut s, NetUid(1)).map(u64::from).unwrap(),
        pool::alpha_out(&mut s, NetUid(1)).map(u64::from).unwrap(),
    );
    // Same subnet, other hotkey: a share transfer, pools untouched.
    assert_eq!(
        move_stake(&mut s, &a, &h, &h2, NetUid(1), NetUid(1), AlphaRao(x / 2))
            .map(u64::from)
            .unwrap(),
        x / 2
    );
    assert_eq!(
        stake(&mut s, &h, &a, NetUid(1)).map(u64::from).unwrap()
            + stake(&mut s, &h2, &a, NetUid(1)).map(u64::from).unwrap(),
        x
    );
    assert_eq!(pool::tao_reserve(&mut s, NetUid(1)).map(u64::from).unwrap(), tao1);
    assert_eq!(pool::alpha_reserve(&mut s, NetUid(1)).map(u64::from).unwrap(), in1);
    assert_eq!(pool::alpha_out(&mut s, NetUid(1)).map(u64::from).unwrap(), out1);
    // Transfer to Bob on the same subnet.
    transfer_stake(&mut s, &a, &b, &h2, NetUid(1), NetUid(1), AlphaRao(x / 4))
        .map(u64::from)
        .unwrap();
    assert_eq!(stake(&mut s, &h2, &b, NetUid(1)).map(u64::from).unwrap(), x / 4);
    // Cross-subnet: exactly one fee (the origin leg's, resold for the author).
    let author = bal(&mut s, AUTHOR);
    let sim = pool::sim_swap_alpha_for_tao(&mut s, NetUid(1), AlphaRao(x / 4)).unwrap();
    let sim_buy = pool::load_pool(&mut s, NetUid(2))
        .unwrap()
        .protocol_buy(sim.amount_out)
        .unwrap()
        .amount_out;
    let got = move_stake(&mut s, &a, &h2, &h2, NetUid(1), NetUid(2), AlphaRao(x / 4))
        .map(u64::from)
        .unwrap();
    assert_eq!(got, sim_buy);
    assert!(bal(&mut s, AUTHOR) > author);
    assert_eq!(
        pool::tao_reserve(&mut s, NetUid(2)).map(u64::from).unwrap(),
        1_000 * TAO + sim.amount_out
    );
    check_supply_now(&mut s);
    // Transfers can be disabled per subnet.
    s.set_bool(by_netuid(schema::TRANSFERS_DISABLED, NetUid(1)), true).unwrap();
    let e = fails_unchanged(&mut s, |s| {
        transfer_stake(s, &a, &b, &h, NetUid(1), NetUid(1), AlphaRao(TAO)).map(u64::from)
    });
    assert!(e.to_string().contains("disabled on subnet 1"), "{e}");
    // Root -> subnet pays the fee on the destination leg.
    add_stake(&mut s, &a, &h, NetUid(0), Rao(10 * TAO), None).map(u64::from).unwrap();
    let author = bal(&mut s, AUTHOR);
    swap_stake(&mut s, &a, &h, NetUid(0), NetUid(2), AlphaRao(10 * TAO)).map(u64::from).unwrap();
    assert_eq!(bal(&mut s, AUTHOR) - author, 5_035_477);
    check_supply_now(&mut s);
}

#[test]
fn allowance_flow() {
    let mut s = world();
    let (alice, spender, bob) =
        (Address::repeat_byte(ALICE), Address::repeat_byte(0x5e), Address::repeat_byte(BOB));
    let h = acct(HK);
    let x =
        add_stake(&mut s, &acct(ALICE), &h, NetUid(1), Rao(10 * TAO), None).map(u64::from).unwrap();
    let u = |v: u64| U256::from(v);
    approve(&mut s, alice, spender, NetUid(1), u(TAO)).unwrap();
    assert_eq!(allowance(&mut s, alice, spender, NetUid(1)).unwrap(), u(TAO));
    let e = fails_unchanged(&mut s, |s| {
        transfer_stake_from(s, spender, alice, bob, &h, NetUid(1), NetUid(1), AlphaRao(TAO + 1))
            .map(u64::from)
    });
    assert!(e.to_string().contains("insufficient allowance"), "{e}");
    transfer_stake_from(&mut s, spender, alice, bob, &h, NetUid(1), NetUid(1), AlphaRao(TAO / 2))
        .map(u64::from)
        .unwrap();
    assert_eq!(allowance(&mut s, alice, spender, NetUid(1)).unwrap(), u(TAO / 2));
    assert_eq!(stake(&mut s, &h, &acct(BOB), NetUid(1)).map(u64::from).unwrap(), TAO / 2);
    assert_eq!(stake(&mut s, &h, &acct(ALICE), NetUid(1)).map(u64::from).unwrap(), x - TAO / 2);
    increase_allowance(&mut s, alice, spender, NetUid(1), u(3)).unwrap();
    decrease_allowance(&mut s, alice, spender, NetUid(1), u(TAO / 2)).unwrap();
    assert_eq!(allowance(&mut s, alice, spender, NetUid(1)).unwrap(), u(3));
    // Decreases saturate at 0 and increases at U256::MAX, as on the real chain.
    decrease_allowance(&mut s, alice, spender, NetUid(1), u(4)).unwrap();
    assert_eq!(allowance(&mut s, alice, spender, NetUid(1)).unwrap(), U256::ZERO);
    increase_allowance(&mut s, alice, spender, NetUid(1), U256::MAX - u(1)).unwrap();
    increase_allowance(&mut s, alice, spender, NetUid(1), u(5)).unwrap();
    assert_eq!(allowance(&mut s, alice, spender, NetUid(1)).unwrap(), U256::MAX);
    // A U256::MAX allowance is spent like any other.
    transfer_stake_from(&mut s, spender, alice, bob, &h, NetUid(1), NetUid(1), AlphaRao(TAO / 4))
        .map(u64::from)
        .unwrap();
    assert_eq!(allowance(&mut s, alice, spender, NetUid(1)).unwrap(), U256::MAX - u(TAO / 4));
    // Any netuid can be approved, registered or not.
    approve(&mut s, alice, spender, NetUid(7), u(1)).unwrap();
    assert_eq!(allowance(&mut s, alice, spender, NetUid(7)).unwrap(), u(1));
    // A re-registered netuid starts without allowances.
    s.set_u64(by_netuid(schema::NETWORK_REG_COUNTER, NetUid(1)), 2).unwrap();
    assert_eq!(allowance(&mut s, alice, spender, NetUid(1)).unwrap(), U256::ZERO);
}

#[test]
fn burn_recycle_and_views() {
    let mut s = world();
    let (a, h, h2) = (acct(ALICE), acct(HK), acct(HK2));
    let x = add_stake(&mut s, &a, &h, NetUid(1), Rao(10 * TAO), None).map(u64::from).unwrap();
    add_stake(&mut s, &a, &h2, NetUid(0), Rao(5 * TAO), None).map(u64::from).unwrap();
    let positions = stake_positions(&mut s, &a).unwrap();
    assert_eq!(positions.len(), 2);
    let sim = pool::sim_swap_alpha_for_tao(&mut s, NetUid(1), AlphaRao(x)).unwrap();
    assert_eq!(
        total_coldkey_stake(&mut s, &a).map(u64::from).unwrap(),
        sim.amount_out + sim.fee + 5 * TAO
    );
    assert_eq!(
        total_coldkey_stake_on_subnet(&mut s, &a, NetUid(0)).map(u64::from).unwrap(),
        5 * TAO
    );
    let spot = x as u128 * pool::tao_reserve(&mut s, NetUid(1)).map(u64::from).unwrap() as u128
        / pool::alpha_reserve(&mut s, NetUid(1)).map(u64::from).unwrap() as u128;
    assert_eq!(total_hotkey_stake(&mut s, &h).map(u64::from).unwrap(), spot as u64);
    let out = pool::alpha_out(&mut s, NetUid(1)).map(u64::from).unwrap();
    assert_eq!(burn_alpha(&mut s, &a, &h, NetUid(1), AlphaRao(TAO)).map(u64::from).unwrap(), TAO);
    assert_eq!(
        pool::alpha_out(&mut s, NetUid(1)).map(u64::from).unwrap(),
        out,
        "burned alpha stays issued"
    );
    assert_eq!(pool::alpha_burned(&mut s, NetUid(1)).unwrap(), u128::from(TAO));
    assert_eq!(
        recycle_alpha(&mut s, &a, &h, NetUid(1), AlphaRao(u64::MAX)).map(u64::from).unwrap(),
        x - TAO,
        "capped at the stake"
    );
    assert_eq!(pool::alpha_out(&mut s, NetUid(1)).map(u64::from).unwrap(), out - (x - TAO));
    assert_eq!(stake_positions(&mut s, &a).unwrap().len(), 1);
    assert!(alpha_staked_validators(&mut s, &h, NetUid(1)).unwrap().is_empty());
}
