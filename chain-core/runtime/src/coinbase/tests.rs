//! Coinbase tests over the real registry: emission split and injection amounts, issuance,
//! disabled subnets, epoch scheduling and deferral, and exact epoch payouts.

use super::distribute::apportion;
use super::*;
use crate::admin::set_by_owner;
use crate::balances::Balances;
use crate::subnets::RegistryGenesis;
use crate::{MemNative, neurons, staking, weights};
use alloy_primitives::{Address, U256};
use tao_primitives::NetUid;
use tao_primitives::{AccountId32, Rao, address_to_account_id};

pub(super) const TAO: u64 = 1_000_000_000;

pub(super) fn id(b: u8) -> AccountId32 {
    address_to_account_id(Address::repeat_byte(b))
}

/// Credits `rao` to `who` and to the issuance.
pub(super) fn fund(s: &mut MemNative, who: u8, rao: u64) {
    s.credit(&id(who), Rao(rao)).unwrap();
    supply::add_issuance_wei(s, Rao(rao).to_wei()).unwrap();
}

pub(super) fn evm_sum(s: &MemNative) -> U256 {
    s.balances.values().fold(U256::ZERO, |a, b| a + *b)
}

pub(super) fn check_supply(s: &mut MemNative) {
    let sum = evm_sum(s);
    supply::check_supply(s, sum).unwrap();
}

/// Dev registry genesis (tempo 10) at block 1 and `n` subnets; subnet `i` (netuid i) is owned
/// by coldkey `0x10 + i` with owner hotkey `0x20 + i`.
pub(super) fn chain(n: u8) -> MemNative {
    let mut s = MemNative { block: 1, ..MemNative::default() };
    subnets::init_genesis(&mut s, &RegistryGenesis::dev()).unwrap();
    for i in 1..=n {
        fund(&mut s, 0x10 + i, 10_000 * TAO);
        let netuid = subnets::register_network(&mut s, &id(0x10 + i), &id(0x20 + i), None).unwrap();
        assert_eq!(netuid, NetUid(u16::from(i)));
    }
    s
}

/// Sets the alpha reserve so the spot price is `tao / alpha` (TAO unchanged, so supply holds).
fn set_alpha_reserve(s: &mut MemNative, netuid: u16, alpha: u64) {
    s.set_u64(by_netuid(schema::SUBNET_ALPHA_IN, NetUid(netuid)), alpha).unwrap();
}

pub(super) fn pending(s: &mut MemNative, netuid: u16) -> u64 {
    [schema::PENDING_EMISSION, schema::PENDING_OWNER_CUT, schema::PENDING_ROOT_DIVS]
        .iter()
        .map(|id| s.get_u64(by_netuid(*id, NetUid(netuid))).unwrap())
        .sum()
}

/// `SUBNET_ALPHA_OUT = Σ hotkey pools + pending + protocol alpha + burned` (spec §7.18).
pub(super) fn check_alpha(s: &mut MemNative, netuid: u16, hotkeys: &[AccountId32]) {
    let pools: u64 = hotkeys
        .iter()
        .map(|h| staking::total_hotkey_alpha(s, h, NetUid(netuid)).map(u64::from).unwrap())
        .sum();
    let expect = pools
        + crate::rootclaim::unclaimed(s, NetUid(netuid)).unwrap()
        + pending(s, netuid)
        + pool::protocol_alpha(s, NetUid(netuid)).map(u64::from).unwrap()
        + pool::alpha_burned(s, NetUid(netuid)).unwrap() as u64;
    assert_eq!(
        pool::alpha_out(s, NetUid(netuid)).map(u64::from).unwrap(),
        expect,
        "alpha accounting of {netuid}"
    );
}

#[test]
fn apportion_is_exact() {
    assert_eq!(apportion(&[1, 1, 1], 10), vec![4, 3, 3]);
    assert_eq!(apportion(&[0, 2, 1], 10), vec![0, 7, 3]);
    assert_eq!(apportion(&[0, 0], 10), vec![0, 0]);
    assert_eq!(apportion(&[5], 0), vec![0]);
    let w = [u128::from(u64::MAX), 3, u128::from(u64::MAX) / 7];
    assert_eq!(
        apportion(&w, u64::MAX).iter().map(|v| u128::from(*v)).sum::<u128>(),
        u128::from(u64::MAX)
    );
}

#[test]
fn three_subnets_split_inject_and_mint_exactly() {
    let mut s = chain(3);
    // Locks 100 / 200 / 400 TAO; prices 0.25 / 0.5 / 1; subnet 3 emission-disabled.
    set_alpha_reserve(&mut s, 1, 400 * TAO);
    set_alpha_reserve(&mut s, 2, 400 * TAO);
    set_alpha_reserve(&mut s, 3, 400 * TAO);
    s.set_bool(by_netuid(schema::EMISSION_ENABLED, NetUid(3)), false).unwrap();
    fund(&mut s, 0xa1, 20_000 * TAO);
    staking::add_stake(&mut s, &id(0xa1), &id(0x21), NetUid(0), Rao(10_000 * TAO), None)
        .map(u64::from)
        .unwrap();
    check_supply(&mut s);
    let cfg = CoinbaseConfig::default();
    let hotkeys: Vec<AccountId32> = (1..=3).map(|i| id(0x20 + i)).collect();
    let mut first = true;
    for block in 1..=30u64 {
        s.block = block;
        let before = supply::total_issuance_wei(&mut s).unwrap();
        let r = run_block(&mut s, &cfg).unwrap();
        assert_eq!(r.block_emission, TAO);
        let taus: u64 = r.subnets.iter().map(|x| x.tao_emission).sum();
        assert_eq!(taus + r.unminted, r.block_emission, "Σ τ + dust = E");
        let placed: u64 = r.subnets.iter().map(|x| x.tao_in + x.excess_tao).sum();
        assert_eq!(placed, r.minted);
        assert_eq!(supply::total_issuance_wei(&mut s).unwrap() - before, Rao(r.minted).to_wei());
        for x in &r.subnets {
            assert_eq!(x.tao_in + x.excess_tao, x.tao_emission);
            assert_eq!(
                x.owner_cut + x.server + x.validator + x.root + x.root_recycled,
                x.alpha_out
            );
            assert_eq!(x.alpha_out, TAO, "1 alpha per block until 10.5M");
        }
        let disabled = r.subnets[2];
        assert_eq!((disabled.netuid, disabled.tao_emission, disabled.tao_in), (NetUid(3), 0, 0));
        if first {
            // p̄ = 0.25 : 0.5 → τ = 1/3 and 2/3 TAO; the odd RAO is not minted.
            assert_eq!(r.subnets[0].tao_emission, 333_333_333);
            assert_eq!(r.subnets[1].tao_emission, 666_666_666);
            assert_eq!(r.unminted, 1);
            assert!(r.subnets[0].alpha_in > 0 && r.subnets[0].excess_tao > 0, "capped at rp");
            assert!(r.root_sell && r.subnets[0].root > 0, "Σ p̄ > 1: root dividends accrue");
            first = false;
        }
        // Epochs: registered at block 1, each subnet's staggered first epoch block is
        // 1 − (netuid mod 10), floored at 0, so all three are due at block 10; two run, the
        // third is deferred a block.
        let ran: Vec<u16> = r.epochs.iter().map(|e| e.netuid.get()).collect();
        match block {
            10 | 20 | 30 => assert_eq!(ran, vec![1, 2]),
            11 | 21 => assert_eq!(ran, vec![3]),
            _ => assert!(ran.is_empty(), "block {block}: {ran:?}"),
        }
        for e in &r.epochs {
            assert_eq!(e.error, None);
            assert_eq!(e.accounted(), e.drained(), "{e:?}");
            assert_eq!(pending(&mut s, e.netuid.get()), 0);
            assert!(e.drained() > 0);
        }
        check_supply(&mut s);
        for n in 1..=3 {
            check_alpha(&mut s, n, &hotkeys);
        }
    }
    // Subnet 1's owner validator earned root dividends (it holds all root stake).
    assert!(
        staking::total_hotkey_alpha(&mut s, &id(0x21), NetUid(0)).map(u64::from).unwrap()
            > 10_000 * TAO
    );
}

#[test]
fn no_eligible_subnet_mints_nothing() {
    let mut s = MemNative { block: 1, ..MemNative::default() };
    subnets::init_genesis(&mut s, &RegistryGenesis::dev()).unwrap();
    fund(&mut s, 0xa1, 5 * TAO);
    let r = run_block(&mut s, &CoinbaseConfig::default()).unwrap();
    assert_eq!((r.minted, r.unminted), (0, TAO));
    assert_eq!(supply::total_issuance_rao(&mut s).map(u64::from).unwrap(), 5 * TAO);
    // Base fees of a block without an author are recycled.
    crate::fees::pay_base_fees(&mut s, Address::ZERO, U256::from(1_500_000_000u64)).unwrap();
    assert_eq!(
        supply::total_issuance_wei(&mut s).unwrap(),
        Rao(5 * TAO).to_wei() - U256::from(1_500_000_000u64)
    );
}

pub(super) const OWNER: u8 = 0x11;
pub(super) const VAL_COLD: u8 = 0x31;
pub(super) const VAL_HOT: u8 = 0x32;
pub(super) const MINER_COLD: u8 = 0x41;
pub(super) const MINER_HOT: u8 = 0x42;
pub(super) const ALICE: u8 = 0xa1;
pub(super) const BOB: u8 = 0xb1;

/// Subnet 1: owner (uid 0), a validator (uid 1) staked by Alice (alpha) and Bob (root), a
/// miner (uid 2); commit-reveal off, no weights rate limit. Weights need a permit, so they are
/// set after the first epoch (see [`run_blocks`]).
pub(super) fn validator_subnet() -> MemNative {
    // A second subnet makes Σ p̄ = 2 > 1, so root dividends accrue.
    let mut s = chain(2);
    set_by_owner(&mut s, &id(OWNER), NetUid(1), Hyper::CommitRevealEnabled, 0).unwrap();
    crate::admin::set_by_root(&mut s, NetUid(1), Hyper::WeightsSetRateLimit, 0).unwrap();
    for (cold, hot) in [(VAL_COLD, VAL_HOT), (MINER_COLD, MINER_HOT)] {
        fund(&mut s, cold, 10 * TAO);
        neurons::burned_register(&mut s, &id(cold), NetUid(1), &id(hot), None).unwrap();
    }
    fund(&mut s, ALICE, 1_000 * TAO);
    fund(&mut s, BOB, 10_000 * TAO);
    staking::add_stake(&mut s, &id(ALICE), &id(VAL_HOT), NetUid(1), Rao(50 * TAO), None)
        .map(u64::from)
        .unwrap();
    staking::add_stake(&mut s, &id(BOB), &id(VAL_HOT), NetUid(0), Rao(5_000 * TAO), None)
        .map(u64::from)
        .unwrap();
    s
}

/// Runs blocks `from..=to`; at block 12 (after the first epoch gave the validator its permit)
/// the validator sets all its weight on `target`.
fn run_blocks(
    s: &mut MemNative,
    cfg: &CoinbaseConfig,
    from: u64,
    to: u64,
    target: u16,
    mut each: impl FnMut(&mut MemNative, &BlockEmissionReport),
) {
    for block in from..=to {
        s.block = block;
        if block == 12 {
            weights::set_weights(s, &id(VAL_HOT), NetUid(1), &[target], &[65_535], 0).unwrap();
        }
        let r = run_block(s, cfg).unwrap();
        each(s, &r);
    }
}

#[test]
fn epochs_pay_exactly_what_they_drain() {
    let mut s = validator_subnet();
    let cfg = CoinbaseConfig::default();
    let hotkeys = [id(0x21), id(VAL_HOT), id(MINER_HOT)];
    let mut epochs = Vec::new();
    let mut before = (0, 0, 0, 0, 0);
    let snapshot = |s: &mut MemNative| {
        (
            staking::stake(s, &id(MINER_HOT), &id(MINER_COLD), NetUid(1)).map(u64::from).unwrap(),
            staking::total_hotkey_alpha(s, &id(VAL_HOT), NetUid(1)).map(u64::from).unwrap(),
            staking::total_hotkey_alpha(s, &id(VAL_HOT), NetUid(0)).map(u64::from).unwrap(),
            staking::stake(s, &id(0x21), &id(OWNER), NetUid(1)).map(u64::from).unwrap(),
            pool::tao_reserve(s, NetUid(0)).map(u64::from).unwrap(),
        )
    };
    before = snapshot(&mut s).max(before);
    run_blocks(&mut s, &cfg, 2, 21, 2, |s, r| {
        let now = snapshot(s);
        for e in r.epochs.iter().filter(|e| e.netuid == NetUid(1)).cloned() {
            assert_eq!(e.error, None);
            assert_eq!(e.accounted(), e.drained(), "{e:?}");
            assert_eq!(pending(s, 1), 0, "buckets drained");
            assert_eq!(now.0 - before.0, e.incentive_paid);
            assert_eq!(now.1 - before.1, e.dividends_paid + e.root_take);
            assert_eq!(now.3 - before.3, e.owner_paid);
            epochs.push(e);
        }
        // Bob's root dividends are claimed (Swap, the default) by the auto-claim: his root
        // stake and root's TAO move together.
        assert_eq!(now.2 - before.2, now.4 - before.4);
        before = now;
        check_supply(s);
        check_alpha(s, 1, &hotkeys);
    });
    // Registered at block 1, netuid 1, tempo 10: staggered LAST_EPOCH_BLOCK = 1 − 1 = 0.
    assert_eq!(epochs.len(), 2, "epochs at blocks 10 and 20");
    // First epoch: no stored permits yet, so weights are masked and validators take all.
    let e1 = &epochs[0];
    assert_eq!(e1.incentive_paid, 0);
    assert_eq!(e1.dividends_paid, e1.drained_server + e1.drained_validator);
    // Second epoch: the miner earns exactly the miners' bucket; validators theirs.
    let e2 = &epochs[1];
    assert_eq!(e2.incentive_paid, e2.drained_server);
    assert_eq!(e2.dividends_paid, e2.drained_validator);
    assert!(e2.root_claimable > 0 && e2.root_take > 0, "{e2:?}");
    let bob_root =
        staking::stake(&mut s, &id(VAL_HOT), &id(BOB), NetUid(0)).map(u64::from).unwrap();
    assert!(bob_root > 5_000 * TAO - 5_000 * TAO / 100, "{bob_root}");
    assert_eq!(e2.owner_paid, e2.drained_owner);
    assert_eq!(e2.recycled, 0);
    // Per block 1 α: owner 179,995,422; the rest split into miners / validators / root.
    assert_eq!(e2.drained_owner, 10 * 179_995_422);
    assert_eq!(e2.drained_server, 10 * 410_002_289);
    assert_eq!(s.get_u128(by_netuid(schema::MINER_BURNED, NetUid(1))).unwrap(), 0);
    // Stored epoch outputs.
    assert_eq!(subnets::last_epoch_block(&mut s, NetUid(1)).unwrap(), 20);
    assert!(neurons::uid_count(&mut s, NetUid(1)).unwrap() == 3);
}

#[test]
fn owner_incentive_is_burned_and_lowers_the_split_weight() {
    let mut s = validator_subnet();
    let cfg = CoinbaseConfig::default();
    let mut last = None;
    // The validator weights the owner's hotkey (uid 0) instead of the miner.
    run_blocks(&mut s, &cfg, 2, 21, 0, |s, r| {
        if let Some(e) = r.epochs.iter().find(|e| e.netuid == NetUid(1)) {
            last = Some(e.clone());
        }
        check_supply(s);
    });
    let e = last.unwrap();
    assert_eq!(e.incentive_burned, e.drained_server);
    assert_eq!(e.incentive_paid, 0);
    assert_eq!(pool::alpha_burned(&mut s, NetUid(1)).unwrap(), u128::from(e.incentive_burned));
    let bits = s.get_u128(by_netuid(schema::MINER_BURNED, NetUid(1))).unwrap();
    assert_eq!(bits, 1u128 << 64, "everything burned: MinerBurned = 1");
    // Turning the burn off pays the owner's coldkey instead.
    let cfg = CoinbaseConfig { burn_owner_incentive: false, ..cfg };
    let mut seen = 0;
    run_blocks(&mut s, &cfg, 22, 31, 0, |_, r| {
        for e in r.epochs.iter().filter(|e| e.netuid == NetUid(1)) {
            assert!(e.incentive_paid > 0 && e.incentive_burned == 0, "{e:?}");
            seen += 1;
        }
    });
    assert_eq!(seen, 1);
}

#[test]
fn schedules_and_tempo_override() {
    let mut s = chain(2);
    let cfg = CoinbaseConfig {
        tempo_override: Some(4),
        schedule: EpochSchedule::Modulo,
        ..CoinbaseConfig::default()
    };
    let mut ran = Vec::new();
    for block in 1..=12u64 {
        s.block = block;
        for e in run_block(&mut s, &cfg).unwrap().epochs {
            ran.push((block, e.netuid.get()));
        }
    }
    // (block + netuid + 1) % 5 == 0
    assert_eq!(ran, vec![(2, 2), (3, 1), (7, 2), (8, 1), (12, 2)]);
    // The default schedule with the override: every 4 blocks after the staggered first epoch
    // block, 1 − (netuid 1 mod tempo 360) = 0.
    let mut s = chain(1);
    let cfg = CoinbaseConfig { tempo_override: Some(4), ..CoinbaseConfig::default() };
    let mut ran = Vec::new();
    for block in 1..=12u64 {
        s.block = block;
        ran.extend(run_block(&mut s, &cfg).unwrap().epochs.iter().map(|_| block));
    }
    assert_eq!(ran, vec![4, 8, 12]);
}

/// The validator lends half its stake to the owner hotkey (another coldkey), which also
/// weights the miner: from the epoch after the link applies, the owner hotkey's dividends go
/// back to the validator less the childkey take, `CKBurn` is recycled, and every epoch still
/// pays out exactly what it drained with supply and alpha exact.
#[test]
fn childkey_dividends_are_paid_and_accounted() {
    let mut s = validator_subnet();
    let cfg = CoinbaseConfig::default();
    let (val, child) = (id(VAL_HOT), id(0x21));
    crate::children::set_pending_cooldown(&mut s, 0).unwrap();
    crate::children::set_ck_burn(&mut s, u64::MAX / 10).unwrap();
    crate::children::set_childkey_take(&mut s, &id(OWNER), &child, NetUid(1), 11_796).unwrap();
    crate::children::schedule_children(
        &mut s,
        &id(VAL_COLD),
        &val,
        NetUid(1),
        &[(u64::MAX / 2, child)],
    )
    .unwrap();
    let hotkeys = [child, val, id(MINER_HOT)];
    let mut burned_epochs = 0;
    run_blocks(&mut s, &cfg, 2, 31, 2, |s, r| {
        if s.block == 12 {
            weights::set_weights(s, &child, NetUid(1), &[2], &[65_535], 0).unwrap();
        }
        for e in r.epochs.iter().filter(|e| e.netuid == NetUid(1)) {
            assert_eq!(e.error, None);
            assert_eq!(e.accounted(), e.drained(), "{e:?}");
            if e.recycled > 0 {
                burned_epochs += 1;
            }
        }
        check_supply(s);
        check_alpha(s, 1, &hotkeys);
    });
    // The link applied after the first epoch (block 10).
    assert_eq!(
        crate::children::parents(&mut s, &child, NetUid(1)).unwrap(),
        vec![(u64::MAX / 2, val)]
    );
    let inherited = crate::children::stake::inherited_alpha(&mut s, &child, NetUid(1)).unwrap();
    assert!(inherited > 0);
    assert!(burned_epochs >= 1, "CKBurn recycled at the epochs after the link");
}
