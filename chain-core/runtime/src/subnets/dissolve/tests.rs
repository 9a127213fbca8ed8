//! Dissolution at the subnet limit on the native pool engine: who is pruned, the payout at the
//! RAO, issuance, the reused netuid. (The Solidity engine: `tests/tests/it/e2e_dissolve.rs`;
//! busy subnets and property tests: `coinbase::dissolve_props`.)

#![allow(clippy::unwrap_used, clippy::arithmetic_side_effects, clippy::indexing_slicing)]

use super::*;
use crate::MemNative;
use crate::staking;
use crate::subnets::{self, RegistryGenesis};
use crate::testkit::{TAO, assert_fails, fund, key};
use alloy_primitives::U256;
use substrate_fixed::types::I96F32;
use tao_primitives::AlphaRao;

const IMMUNITY: u64 = 100;

/// Registry genesis at block 1 with room for two subnets, a 100-block network immunity and no
/// rate limit; subnet 1 (owner `key(0x11)`, hotkey `key(0x21)`) and 2 (`key(0x12)`,
/// `key(0x22)`) registered at blocks 1 and `second_at`.
fn two_subnets(second_at: u64) -> MemNative {
    let mut s = MemNative { block: 1, ..MemNative::default() };
    let cfg = RegistryGenesis {
        network_rate_limit: 0,
        subnet_limit: 2,
        network_immunity_period: IMMUNITY,
        mainnet_startup: false,
        ..RegistryGenesis::default()
    };
    subnets::init_genesis(&mut s, &cfg).unwrap();
    for (i, at) in [(1u8, 1), (2, second_at)] {
        s.block = at;
        fund(&mut s, &key(0x10 + i), 5_000 * TAO);
        let n = subnets::register_network(&mut s, &key(0x10 + i), &key(0x20 + i), None).unwrap();
        assert_eq!(n, NetUid(u16::from(i)));
    }
    s
}

fn balance(s: &mut MemNative, who: u8) -> u64 {
    s.free_balance(&key(who)).unwrap().get()
}

fn issuance(s: &mut MemNative) -> u64 {
    crate::supply::total_issuance_rao(s).unwrap().get()
}

/// Every EVM balance + every native balance + Σ pool TAO = issuance (nothing lost).
fn assert_books(s: &mut MemNative) {
    let evm = s.balances.values().fold(U256::ZERO, |a, b| a + *b);
    crate::supply::check_supply(s, evm).unwrap();
}

fn set_moving(s: &mut MemNative, netuid: u16, p: f64) {
    crate::pool::set_moving_price(s, NetUid(netuid), I96F32::from_num(p)).unwrap();
}

const ACCOUNTS: [u8; 9] = [0x11, 0x12, 0x13, 0x21, 0x22, 0x23, 0xa1, 0xb1, 0xc1];

/// A registration at the limit dissolves the cheaper non-immune subnet and pays every alpha
/// holder its share of the pot at the RAO (the real chain's `destroy_alpha_in_out_stakes`).
///
/// Subnet 1: a 1,000 TAO lock, so `SubnetTAO = 1,000 TAO`, `SubnetAlphaIn = 1,000 α` (the
/// median of no subnets is 1.0). Three stakes through the pool (fee 33/65535):
/// Alice 50 TAO and Bob 20 TAO on `key(0x21)`, Carol 10 TAO on `key(0x22)`. The pot is then
/// 1,080 TAO and the values, read back from the ledger, are pinned below. The payouts are the
/// real chain's formula, checked outside the project (Python, exact integers):
/// `total = α_in + Σ values`; `share_i = floor(pot · v_i / total)`; the leftover RAO go to
/// the largest remainders `pot · v_i mod total`.
#[test]
fn registration_at_the_limit_pays_every_alpha_holder() {
    let mut s = two_subnets(1);
    for (who, hot, tao) in [(0xa1u8, 0x21u8, 50), (0xb1, 0x21, 20), (0xc1, 0x22, 10)] {
        fund(&mut s, &key(who), 100 * TAO);
        staking::add_stake(&mut s, &key(who), &key(hot), NetUid(1), Rao(tao * TAO), None).unwrap();
    }
    set_moving(&mut s, 1, 0.5);
    set_moving(&mut s, 2, 0.9);
    let values: Vec<u64> = [(0x21u8, 0xa1u8), (0x21, 0xb1), (0x22, 0xc1)]
        .iter()
        .map(|(h, c)| staking::stake(&mut s, &key(*h), &key(*c), NetUid(1)).unwrap().get())
        .collect();
    let pot = crate::pool::tao_reserve(&mut s, NetUid(1)).unwrap().get();
    let alpha_in = crate::pool::alpha_reserve(&mut s, NetUid(1)).unwrap().get();
    // 80 TAO in, less the swap fees (33/65535 of each input, sold to the fee recipient).
    assert_eq!(pot, 1_079_959_716_183);
    assert_eq!(values, vec![47_596_210_440, 17_793_562_028, 8_649_763_437]);
    assert_eq!(alpha_in, 925_960_464_095);
    assert_eq!(alpha_in + values.iter().sum::<u64>(), 1_000 * TAO, "no alpha minted yet");

    s.block = 1 + IMMUNITY;
    fund(&mut s, &key(0x13), 5_000 * TAO);
    let before: Vec<u64> = ACCOUNTS.iter().map(|a| balance(&mut s, *a)).collect();
    let issued = issuance(&mut s);
    let lock = subnets::lock_cost(&mut s).unwrap().get();
    let n = subnets::register_network(&mut s, &key(0x13), &key(0x23), None).unwrap();
    assert_eq!(n, NetUid(1), "the pruned netuid is reused");

    // Python: pot = 1079959716183; v = [47596210440, 17793562028, 8649763437]; the protocol's
    // alpha 925960464095; total = 10**12, so share_i = pot * v_i // 10**12 with remainders
    // pot * v_i % 10**12: floors 51401989918 (.169), 19216330197 (.643), 9341396066 (.473)
    // and 1000000000000 (.715) for the protocol; the 2 leftover RAO go to the two largest
    // remainders, the protocol's and Bob's.
    let payouts = [51_401_989_918u64, 19_216_330_198, 9_341_396_066];
    let recycled = 1_000_000_000_001u64;
    assert_eq!(payouts.iter().sum::<u64>() + recycled, pot, "Σ payouts + recycled = pot");
    let after: Vec<u64> = ACCOUNTS.iter().map(|a| balance(&mut s, *a)).collect();
    let gained = |who: u8| {
        let i = ACCOUNTS.iter().position(|a| *a == who).unwrap();
        after[i] as i128 - before[i] as i128
    };
    assert_eq!(gained(0xa1), i128::from(payouts[0]));
    assert_eq!(gained(0xb1), i128::from(payouts[1]));
    assert_eq!(gained(0xc1), i128::from(payouts[2]));
    assert_eq!(gained(0x11), 0, "no lock refund: the lock was pool liquidity, paid out pro rata");
    assert_eq!(gained(0x13), -i128::from(lock), "the new owner paid the lock");
    assert_eq!(issuance(&mut s), issued - recycled, "issuance drops by exactly the recycled TAO");
    assert_books(&mut s);

    // The reused netuid is a fresh subnet: the new owner's, no stake, one neuron.
    assert_eq!(subnets::owner(&mut s, NetUid(1)).unwrap(), key(0x13));
    assert_eq!(crate::registry::uid_count(&mut s, NetUid(1)).unwrap(), 1);
    assert_eq!(crate::pool::tao_reserve(&mut s, NetUid(1)).unwrap().get(), lock);
    assert_eq!(crate::pool::alpha_out(&mut s, NetUid(1)).unwrap(), AlphaRao(0));
    for (h, c) in [(0x21u8, 0xa1u8), (0x21, 0xb1), (0x22, 0xc1)] {
        assert_eq!(staking::stake(&mut s, &key(h), &key(c), NetUid(1)).unwrap(), AlphaRao(0));
    }
    assert_eq!(crate::registry::epoch_index(&mut s, NetUid(1)).unwrap(), 0);
    assert_eq!(subnets::reg_counter(&mut s, NetUid(1)).unwrap(), 2, "the counter survives");
    // Subnet 2 is untouched.
    assert_eq!(subnets::owner(&mut s, NetUid(2)).unwrap(), key(0x12));
}

/// An immune subnet is never pruned, even with the lowest moving price; with every subnet
/// immune the registration fails with the real chain's `SubnetLimitReached`, changing nothing.
#[test]
fn immunity_is_respected() {
    // Subnet 2 registers at block 60: immune until block 160.
    let mut s = two_subnets(60);
    set_moving(&mut s, 1, 0.9);
    set_moving(&mut s, 2, 0.1);
    fund(&mut s, &key(0x13), 5_000 * TAO);
    s.block = 100; // both immune (1 + 100 > 100)
    assert_fails(&mut s, "subnet limit reached", |s| {
        subnets::register_network(s, &key(0x13), &key(0x23), None)
    });
    let e = subnets::network_to_prune(&mut s).unwrap_err();
    assert_eq!(e.chain_name(), "SubnetLimitReached");
    s.block = 101; // subnet 1 is no longer immune; subnet 2, cheaper, still is
    assert_eq!(subnets::network_to_prune(&mut s).unwrap(), NetUid(1));
    s.block = 160; // both prunable: the lower moving price goes
    assert_eq!(subnets::network_to_prune(&mut s).unwrap(), NetUid(2));
    let n = subnets::register_network(&mut s, &key(0x13), &key(0x23), None).unwrap();
    assert_eq!(n, NetUid(2));
    assert_eq!(subnets::registered_at(&mut s, NetUid(2)).unwrap(), 160);
}

/// Equal moving prices: the earlier registration goes (then the lower netuid).
#[test]
fn ties_go_to_the_earliest_registration() {
    let mut s = two_subnets(5);
    set_moving(&mut s, 1, 0.25);
    set_moving(&mut s, 2, 0.25);
    s.block = 200;
    assert_eq!(subnets::network_to_prune(&mut s).unwrap(), NetUid(1));
}

/// A registration that fails a later check (here the balance) dissolves nothing.
#[test]
fn a_failed_registration_dissolves_nothing() {
    let mut s = two_subnets(1);
    s.block = 500;
    fund(&mut s, &key(0x13), TAO);
    let e = crate::testkit::fails_unchanged(&mut s, |s| {
        subnets::register_network(s, &key(0x13), &key(0x23), None)
    });
    assert_eq!(e.chain_name(), "InsufficientBalance");
    assert!(subnets::exists(&mut s, NetUid(1)).unwrap());
}

/// Root and missing subnets cannot be dissolved.
#[test]
fn root_and_missing_subnets_are_refused() {
    let mut s = two_subnets(1);
    for n in [0u16, 3] {
        let e = crate::testkit::fails_unchanged(&mut s, |s| dissolve_network(s, NetUid(n)));
        assert_eq!(e.chain_name(), "SubnetNotExists");
    }
}
