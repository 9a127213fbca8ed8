//! 0x808 alpha: pool prices, reserves, issuance and simulated swaps (all views, none payable:
//! a call with `msg.value` reverts, so the value goes back to the caller).
//!
//! As on the real chain:
//! - prices are TAO per alpha × 10^18 at the real chain's precision: the price as a `U64F64`,
//!   × 10^9 truncated to whole RAO per alpha, then × 10^9 (always a multiple of 10^9 wei;
//!   `tao_economics::pool::math::u64f64_price_to_wei`). The root subnet and a netuid with no
//!   subnet have the stable mechanism's price, 1 TAO;
//! - the reserve, issuance, volume, mechanism and emission views of a netuid with no subnet
//!   return the storage defaults (0, and 201,600 for the EMA halving blocks) instead of
//!   reverting; the simulated swaps still revert with `SubnetNotExists` there;
//! - amounts are RAO / alpha-RAO.

use crate::call::{Call, Failure, Gas, cost, names, require_no_value};
use alloy_primitives::{Bytes, U256};
use alloy_sol_types::{SolCall, SolInterface};
use contracts::IAlpha::{self, IAlphaCalls};
use tao_economics::pool::Reserves;
use tao_economics::pool::math::{i96f32_bits_to_u64f64, price_u64f64_bits, u64f64_price_to_wei};
use tao_primitives::{AlphaRao, NetUid, Rao};
use tao_runtime::{NativeStore, pool};

/// 1.0 as `U64F64` bits: the stable mechanism's price.
const ONE_U64F64: u128 = 1 << 64;

/// Whether `netuid` has a dynamic pool (an existing non-root subnet); otherwise its
/// mechanism is the stable one (0), as the real chain's storage default says.
fn is_dynamic(store: &mut impl NativeStore, netuid: NetUid) -> Result<bool, Failure> {
    Ok(netuid != pool::ROOT_NETUID && pool::subnet_exists(store, netuid)?)
}

/// The spot price as `U64F64` bits (the swap pallet's `current_alpha_price`).
fn spot_bits(store: &mut impl NativeStore, netuid: NetUid) -> Result<u128, Failure> {
    if !is_dynamic(store, netuid)? {
        return Ok(ONE_U64F64);
    }
    let tao_rao = pool::tao_reserve(store, netuid)?.get();
    let alpha_rao = pool::alpha_reserve(store, netuid)?.get();
    Ok(price_u64f64_bits(Reserves { tao_rao, alpha_rao }))
}

/// The moving price as `U64F64` bits (`get_moving_alpha_price`).
fn moving_bits(store: &mut impl NativeStore, netuid: NetUid) -> Result<u128, Failure> {
    if !is_dynamic(store, netuid)? {
        return Ok(ONE_U64F64);
    }
    let bits = u128::try_from(pool::moving_price(store, netuid)?.to_bits()).unwrap_or(0);
    Ok(i96f32_bits_to_u64f64(bits))
}

/// Σ of the spot prices below 1 over the non-root subnets (`getSumAlphaPrice`), `U64F64`.
fn sum_bits(store: &mut impl NativeStore) -> Result<u128, Failure> {
    let mut sum: u128 = 0;
    for netuid in pool::netuids(store)? {
        let bits = spot_bits(store, netuid)?;
        if netuid != pool::ROOT_NETUID && bits < ONE_U64F64 {
            sum = sum.saturating_add(bits);
        }
    }
    Ok(sum)
}

fn wei(bits: u128) -> U256 {
    U256::from(u64f64_price_to_wei(bits))
}

/// Run a call.
pub fn run(store: &mut impl NativeStore, call: &Call, gas: &mut Gas) -> Result<Bytes, Failure> {
    let decoded = IAlphaCalls::abi_decode_validate(&call.input).map_err(|_| {
        Failure::revert(names::INVALID_INPUT, "IAlpha: unknown function or malformed arguments")
    })?;
    let name = IAlphaCalls::name_by_selector(decoded.selector()).unwrap_or("IAlpha");
    require_no_value(call)?;
    gas.charge(cost::READ * 4)?;
    view(store, gas, decoded).map(Bytes::from).map_err(|e| e.in_function(name))
}

fn view(
    store: &mut impl NativeStore,
    gas: &mut Gas,
    decoded: IAlphaCalls,
) -> Result<Vec<u8>, Failure> {
    use IAlpha as A;
    use IAlphaCalls as C;
    let out: Vec<u8> = match decoded {
        C::getAlphaPrice(c) => {
            A::getAlphaPriceCall::abi_encode_returns(&wei(spot_bits(store, NetUid(c.netuid))?))
        }
        C::getMovingAlphaPrice(c) => A::getMovingAlphaPriceCall::abi_encode_returns(&wei(
            moving_bits(store, NetUid(c.netuid))?,
        )),
        C::getTaoInPool(c) => A::getTaoInPoolCall::abi_encode_returns(
            &pool::tao_reserve(store, NetUid(c.netuid))?.get(),
        ),
        C::getAlphaInPool(c) => A::getAlphaInPoolCall::abi_encode_returns(
            &pool::alpha_reserve(store, NetUid(c.netuid))?.get(),
        ),
        C::getAlphaOutPool(c) => A::getAlphaOutPoolCall::abi_encode_returns(
            &pool::alpha_out(store, NetUid(c.netuid))?.get(),
        ),
        C::getAlphaIssuance(c) => A::getAlphaIssuanceCall::abi_encode_returns(
            &pool::alpha_issuance(store, NetUid(c.netuid))?.get(),
        ),
        C::getTaoWeight(_) => {
            // The stored weight the coinbase and the epoch use (fidelity.md 1.3).
            A::getTaoWeightCall::abi_encode_returns(&U256::from(pool::tao_weight(store)?))
        }
        C::getCKBurn(_) => A::getCKBurnCall::abi_encode_returns(&U256::from(
            tao_runtime::children::ck_burn(store)?,
        )),
        C::simSwapTaoForAlpha(c) => {
            let r = pool::sim_swap_tao_for_alpha(store, NetUid(c.netuid), Rao(c.tao))?;
            A::simSwapTaoForAlphaCall::abi_encode_returns(&U256::from(r.amount_out))
        }
        C::simSwapAlphaForTao(c) => {
            let r = pool::sim_swap_alpha_for_tao(store, NetUid(c.netuid), AlphaRao(c.alpha))?;
            A::simSwapAlphaForTaoCall::abi_encode_returns(&U256::from(r.amount_out))
        }
        C::getSubnetMechanism(c) => {
            let mechanism = if is_dynamic(store, NetUid(c.netuid))? {
                pool::subnet_mechanism(NetUid(c.netuid))
            } else {
                0
            };
            A::getSubnetMechanismCall::abi_encode_returns(&mechanism)
        }
        C::getRootNetuid(_) => A::getRootNetuidCall::abi_encode_returns(&pool::ROOT_NETUID.get()),
        C::getEMAPriceHalvingBlocks(_) => {
            A::getEMAPriceHalvingBlocksCall::abi_encode_returns(&pool::ema_price_halving_blocks())
        }
        C::getSubnetVolume(c) => A::getSubnetVolumeCall::abi_encode_returns(&U256::from(
            pool::subnet_volume(store, NetUid(c.netuid))?,
        )),
        C::getTaoInEmission(c) => A::getTaoInEmissionCall::abi_encode_returns(&U256::from(
            pool::tao_in_emission(store, NetUid(c.netuid))?.get(),
        )),
        C::getAlphaInEmission(c) => A::getAlphaInEmissionCall::abi_encode_returns(&U256::from(
            pool::alpha_in_emission(store, NetUid(c.netuid))?.get(),
        )),
        C::getAlphaOutEmission(c) => A::getAlphaOutEmissionCall::abi_encode_returns(&U256::from(
            pool::alpha_out_emission(store, NetUid(c.netuid))?.get(),
        )),
        C::getSumAlphaPrice(_) => {
            gas.charge(cost::READ * 64)?;
            A::getSumAlphaPriceCall::abi_encode_returns(&wei(sum_bits(store)?))
        }
    };
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::Address;
    use tao_runtime::MemNative;

    /// Issue 7 (fidelity.md 1.3): `getTaoWeight` is the stored weight, not a constant.
    #[test]
    fn tao_weight_is_read_from_storage() {
        let mut s = MemNative::default();
        let call = Call {
            caller: Address::repeat_byte(1),
            value: U256::ZERO,
            input: IAlpha::getTaoWeightCall {}.abi_encode().into(),
            is_static: true,
            gas_limit: 100_000,
        };
        let default = run(&mut s, &call, &mut Gas::new(100_000)).unwrap();
        assert_eq!(U256::from_be_slice(&default), U256::from(pool::tao_weight(&mut s).unwrap()));
        pool::set_tao_weight(&mut s, 12_345).unwrap();
        let set = run(&mut s, &call, &mut Gas::new(100_000)).unwrap();
        assert_eq!(U256::from_be_slice(&set), U256::from(12_345u64));
    }

    fn read_u256<C: SolCall>(s: &mut MemNative, c: C) -> U256 {
        let out = run(s, &crate::testkit::view(c.abi_encode()), &mut Gas::new(1_000_000)).unwrap();
        U256::from_be_slice(&out)
    }

    /// Fidelity 1.3: a netuid without a subnet reads the storage defaults (0; the stable
    /// mechanism's price 1 TAO; the default EMA halving), as on the real chain.
    #[test]
    fn missing_subnet_views_return_defaults() {
        let (mut s, n) = crate::testkit::with_subnet();
        let missing = n + 40;
        assert_eq!(read_u256(&mut s, IAlpha::getTaoInPoolCall { netuid: missing }), U256::ZERO);
        assert_eq!(read_u256(&mut s, IAlpha::getAlphaInPoolCall { netuid: missing }), U256::ZERO);
        assert_eq!(read_u256(&mut s, IAlpha::getAlphaOutPoolCall { netuid: missing }), U256::ZERO);
        assert_eq!(read_u256(&mut s, IAlpha::getAlphaIssuanceCall { netuid: missing }), U256::ZERO);
        assert_eq!(read_u256(&mut s, IAlpha::getSubnetVolumeCall { netuid: missing }), U256::ZERO);
        let c = IAlpha::getSubnetMechanismCall { netuid: missing };
        assert_eq!(read_u256(&mut s, c), U256::ZERO);
        let c = IAlpha::getSubnetMechanismCall { netuid: n };
        assert_eq!(read_u256(&mut s, c), U256::from(1));
        let c = IAlpha::getEMAPriceHalvingBlocksCall { netuid: missing };
        assert_eq!(read_u256(&mut s, c), U256::from(pool::ema_price_halving_blocks()));
        let one = U256::from(10u64.pow(18));
        assert_eq!(read_u256(&mut s, IAlpha::getAlphaPriceCall { netuid: missing }), one);
        assert_eq!(read_u256(&mut s, IAlpha::getMovingAlphaPriceCall { netuid: missing }), one);
        let sim = IAlpha::simSwapTaoForAlphaCall { netuid: missing, tao: 1_000_000_000 };
        let r = run(&mut s, &crate::testkit::view(sim.abi_encode()), &mut Gas::new(1_000_000));
        assert!(matches!(r, Err(Failure::Revert { error: "SubnetNotExists", .. })), "{r:?}");
    }

    /// Fidelity 1.3: prices at the real chain's precision (U64F64, truncated to whole RAO per
    /// alpha, then × 10^9), computed here independently from the reserves.
    #[test]
    fn prices_have_the_real_chains_precision() {
        let (mut s, n) = crate::testkit::with_subnet();
        let net = NetUid(n);
        // A price with a long binary expansion: 1/3 TAO per alpha.
        let reserves = Reserves { tao_rao: 1_000_000_000_000, alpha_rao: 3_000_000_000_000 };
        let p = tao_economics::pool::NativePool::new(reserves, 0).unwrap();
        pool::save_pool(&mut s, net, &p).unwrap();
        let got = read_u256(&mut s, IAlpha::getAlphaPriceCall { netuid: n });
        // floor(2^64 / 3) × 10^9 >> 64 = 333,333,333 RAO (the full-precision 1e18 price would
        // be 333,333,333,333,333,333 wei).
        assert_eq!(got, U256::from(333_333_333u64) * U256::from(1_000_000_000u64));
        let sum = read_u256(&mut s, IAlpha::getSumAlphaPriceCall {});
        assert_eq!(sum % U256::from(1_000_000_000u64), U256::ZERO);
        assert!(sum >= got);
        // Moving price 0.25 exactly (I96F32 bits 2^30) keeps every digit.
        pool::set_moving_price(&mut s, net, substrate_fixed::types::I96F32::from_bits(1 << 30))
            .unwrap(); // 0.25 in I96F32
        let moving = read_u256(&mut s, IAlpha::getMovingAlphaPriceCall { netuid: n });
        assert_eq!(moving, U256::from(250_000_000_000_000_000u64));
    }

    /// Issue 14 (6): the views refuse `msg.value` (it would stay at 0x808).
    #[test]
    fn views_refuse_value() {
        let mut s = MemNative::default();
        let mut call = Call {
            caller: Address::repeat_byte(1),
            value: U256::from(1),
            input: IAlpha::getRootNetuidCall {}.abi_encode().into(),
            is_static: false,
            gas_limit: 100_000,
        };
        let r = run(&mut s, &call, &mut Gas::new(100_000));
        assert_eq!(
            r,
            Err(Failure::revert(names::NOT_PAYABLE, "this function does not accept value"))
        );
        call.value = U256::ZERO;
        assert!(run(&mut s, &call, &mut Gas::new(100_000)).is_ok());
    }
}
