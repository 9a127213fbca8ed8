//! Off-chain (`#[ink::test]`) tests of the pool contract: access, errors, swaps, events.

use crate::pool::AlphaPools;
use crate::{math, Error, SwapResult, DYNAMIC, STABLE};
use ink::env::test;
use ink::primitives::AccountId;

type Env = crate::TaoEnv;

fn accounts() -> test::DefaultAccounts<Env> {
    test::default_accounts::<Env>()
}

/// A contract whose system account is alice, with alice calling.
fn deployed() -> AlphaPools {
    let a = accounts();
    test::set_caller::<Env>(a.alice);
    AlphaPools::new(a.alice).unwrap_or_else(|e| panic!("constructor: {e:?}"))
}

const TAO: u64 = 1_000_000_000_000;
const ALPHA: u64 = 10_000_000_000_000;

#[ink::test]
fn zero_system_is_refused_and_strangers_may_not_mutate() {
    assert_eq!(AlphaPools::new(AccountId::from([0; 32])).err(), Some(Error::ZeroSystem));
    let mut c = deployed();
    assert_eq!(c.system(), accounts().alice);
    let bob = accounts().bob;
    test::set_caller::<Env>(bob);
    assert_eq!(c.create_pool(1, TAO, ALPHA, 33, DYNAMIC), Err(Error::NotSystem { caller: bob }));
    assert!(!c.exists(1));
    assert_eq!(c.reserves(1), Err(Error::PoolNotFound { netuid: 1 }));
}

#[ink::test]
fn create_checks_mechanism_fee_and_stable_shape() {
    let mut c = deployed();
    assert_eq!(c.create_pool(1, TAO, ALPHA, 10_001, DYNAMIC), Err(Error::InvalidFeeRate(10_001)));
    assert_eq!(c.create_pool(1, TAO, ALPHA, 0, 2), Err(Error::InvalidMechanism { mechanism: 2 }));
    assert_eq!(
        c.create_pool(0, TAO, 5, 0, STABLE),
        Err(Error::InvalidStablePool { alpha_reserve: 5, fee_rate: 0 })
    );
    assert_eq!(c.create_pool(1, TAO, ALPHA, 33, DYNAMIC), Ok(()));
    assert_eq!(c.create_pool(1, 1, 1, 0, DYNAMIC), Err(Error::PoolExists { netuid: 1 }));
    assert_eq!(c.create_pool(0, TAO, 0, 0, STABLE), Ok(()));
    assert_eq!(c.moving_price(0), Ok(math::I96F32_ONE));
    assert_eq!(c.moving_price(1), Ok(0));
    assert_eq!(c.price(0), Ok(math::U64F64_ONE));
    assert_eq!(c.price_rao(1), Ok(100_000_000));
    assert_eq!(c.price_e18(1), Ok(100_000_000_000_000_000));
    assert_eq!(c.k(1), Ok(u128::from(TAO) * u128::from(ALPHA)));
    assert_eq!(test::recorded_events().count(), 2);
}

#[ink::test]
fn buy_then_sell_moves_reserves_by_net_input_and_output() {
    let mut c = deployed();
    c.create_pool(1, TAO, ALPHA, 33, DYNAMIC).unwrap_or_else(|e| panic!("{e:?}"));
    let quote = c.quote_tao_for_alpha(1, 100_000_000_000, None, false);
    let buy = c.swap_tao_for_alpha(1, 100_000_000_000, None, false);
    let expected = SwapResult {
        amount_in: 100_000_000_000,
        fee: 50_354_772,
        amount_out: 908_674_734_899,
        limited: false,
    };
    assert_eq!(quote, Ok(expected));
    assert_eq!(buy, Ok(expected));
    assert_eq!(c.reserves(1), Ok((TAO + 99_949_645_228, ALPHA - 908_674_734_899)));
    let sell =
        c.swap_alpha_for_tao(1, 908_674_734_899, None, false).unwrap_or_else(|e| panic!("{e:?}"));
    // Two fees: the round trip returns less than went in.
    assert!(sell.amount_out < 99_949_645_228 && sell.amount_out > 99_000_000_000);
    let (tao, alpha) = c.reserves(1).unwrap_or_default();
    assert_eq!(tao, TAO + 99_949_645_228 - sell.amount_out);
    assert_eq!(alpha, ALPHA - 908_674_734_899 + sell.amount_in - sell.fee);
    // PoolCreated, Swapped, Swapped.
    assert_eq!(test::recorded_events().count(), 3);
}

#[ink::test]
fn limits_protocol_swaps_injection_fee_and_removal() {
    let mut c = deployed();
    c.create_pool(1, TAO, ALPHA, 33, DYNAMIC).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(
        c.swap_tao_for_alpha(1, 1, Some(100_000_000), false),
        Err(Error::PriceLimitExceeded { price: 100_000_000, limit: 100_000_000 })
    );
    let cut = c
        .swap_tao_for_alpha(1, 10 * TAO, Some(200_000_000), true)
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert!(cut.limited && cut.amount_in < 10 * TAO);
    assert!(c.price_rao(1).unwrap_or(u64::MAX) <= 200_000_000);
    let (t0, a0) = c.reserves(1).unwrap_or_default();
    let (inp, out) = c.protocol_buy(1, 1_000_000_000).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!((inp, c.reserves(1)), (1_000_000_000, Ok((t0 + 1_000_000_000, a0 - out))));
    assert_eq!(c.inject(1, u64::MAX, 0), Err(Error::Overflow));
    assert_eq!(c.inject(1, 5, 7), Ok(()));
    assert_eq!(c.reserves(1), Ok((t0 + 1_000_000_005, a0 - out + 7)));
    assert_eq!(c.set_fee_rate(1, 10_001), Err(Error::InvalidFeeRate(10_001)));
    assert_eq!(c.set_fee_rate(1, 0), Ok(()));
    assert_eq!(c.fee_rate(1), Ok(0));
    assert_eq!(c.remove_pool(1), Ok((t0 + 1_000_000_005, a0 - out + 7)));
    assert!(!c.exists(1));
    assert_eq!(c.remove_pool(1), Err(Error::PoolNotFound { netuid: 1 }));
}

#[ink::test]
fn stable_pool_swaps_one_to_one_and_keeps_its_moving_price() {
    let mut c = deployed();
    c.create_pool(0, 1_000, 0, 0, STABLE).unwrap_or_else(|e| panic!("{e:?}"));
    let r = c.swap_tao_for_alpha(0, 500, None, false);
    assert_eq!(r, Ok(SwapResult { amount_in: 500, fee: 0, amount_out: 500, limited: false }));
    assert_eq!(
        c.swap_alpha_for_tao(0, 1_501, None, false),
        Err(Error::InsufficientLiquidity { reserve: 1_500, required: 1_501 })
    );
    assert_eq!(c.update_moving_price(0, 1_000, 12_885, 201_600), Ok(math::I96F32_ONE));
    c.create_pool(1, TAO, ALPHA, 33, DYNAMIC).unwrap_or_else(|e| panic!("{e:?}"));
    let p = c.update_moving_price(1, 1_000_000, 12_885, 201_600).unwrap_or_default();
    assert_eq!(
        p,
        math::next_moving_price(0, math::price_u64f64(TAO, ALPHA), 1_000_000, 12_885, 201_600)
    );
    assert!(p > 0);
    assert_eq!(c.set_moving_price(1, -5), Ok(()));
    assert_eq!(c.moving_price(1), Ok(-5));
}
