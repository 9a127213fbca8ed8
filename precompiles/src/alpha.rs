//! 0x808 alpha: pool prices, reserves, issuance and simulated swaps (all views, none payable:
//! a call with `msg.value` reverts, so the value goes back to the caller).
//!
//! Prices are TAO per alpha × 10^18 (price in RAO per alpha-RAO scaled to wei, as the real
//! chain returns them); amounts are RAO / alpha-RAO.

use crate::call::{Call, Failure, Gas, cost, require_no_value};
use alloy_primitives::{Bytes, U256};
use alloy_sol_types::{SolCall, SolInterface};
use contracts::IAlpha::{self, IAlphaCalls};
use tao_primitives::{AlphaRao, NetUid, Rao};
use tao_runtime::{NativeStore, pool};

/// Run a call.
pub fn run(store: &mut impl NativeStore, call: &Call, gas: &mut Gas) -> Result<Bytes, Failure> {
    let decoded = IAlphaCalls::abi_decode_validate(&call.input)
        .map_err(|_| Failure::Revert("IAlpha: unknown function or malformed arguments".into()))?;
    require_no_value(call)?;
    gas.charge(cost::READ * 4)?;
    let out: Vec<u8> = match decoded {
        IAlphaCalls::getAlphaPrice(c) => IAlpha::getAlphaPriceCall::abi_encode_returns(
            &pool::price_e18(store, NetUid(c.netuid))?,
        ),
        IAlphaCalls::getMovingAlphaPrice(c) => IAlpha::getMovingAlphaPriceCall::abi_encode_returns(
            &pool::moving_price_e18(store, NetUid(c.netuid))?,
        ),
        IAlphaCalls::getTaoInPool(c) => {
            pool::ensure_subnet(store, NetUid(c.netuid))?;
            IAlpha::getTaoInPoolCall::abi_encode_returns(
                &pool::tao_reserve(store, NetUid(c.netuid))?.get(),
            )
        }
        IAlphaCalls::getAlphaInPool(c) => {
            pool::ensure_subnet(store, NetUid(c.netuid))?;
            IAlpha::getAlphaInPoolCall::abi_encode_returns(
                &pool::alpha_reserve(store, NetUid(c.netuid))?.get(),
            )
        }
        IAlphaCalls::getAlphaOutPool(c) => {
            pool::ensure_subnet(store, NetUid(c.netuid))?;
            IAlpha::getAlphaOutPoolCall::abi_encode_returns(
                &pool::alpha_out(store, NetUid(c.netuid))?.get(),
            )
        }
        IAlphaCalls::getAlphaIssuance(c) => {
            pool::ensure_subnet(store, NetUid(c.netuid))?;
            IAlpha::getAlphaIssuanceCall::abi_encode_returns(
                &pool::alpha_issuance(store, NetUid(c.netuid))?.get(),
            )
        }
        IAlphaCalls::getTaoWeight(_) => {
            // The stored weight the coinbase and the epoch use (fidelity.md 1.3).
            IAlpha::getTaoWeightCall::abi_encode_returns(&U256::from(pool::tao_weight(store)?))
        }
        IAlphaCalls::getCKBurn(_) => IAlpha::getCKBurnCall::abi_encode_returns(&U256::ZERO),
        IAlphaCalls::simSwapTaoForAlpha(c) => {
            let r = pool::sim_swap_tao_for_alpha(store, NetUid(c.netuid), Rao(c.tao))?;
            IAlpha::simSwapTaoForAlphaCall::abi_encode_returns(&U256::from(r.amount_out))
        }
        IAlphaCalls::simSwapAlphaForTao(c) => {
            let r = pool::sim_swap_alpha_for_tao(store, NetUid(c.netuid), AlphaRao(c.alpha))?;
            IAlpha::simSwapAlphaForTaoCall::abi_encode_returns(&U256::from(r.amount_out))
        }
        IAlphaCalls::getSubnetMechanism(c) => {
            pool::ensure_subnet(store, NetUid(c.netuid))?;
            IAlpha::getSubnetMechanismCall::abi_encode_returns(&pool::subnet_mechanism(NetUid(
                c.netuid,
            )))
        }
        IAlphaCalls::getRootNetuid(_) => {
            IAlpha::getRootNetuidCall::abi_encode_returns(&pool::ROOT_NETUID.get())
        }
        IAlphaCalls::getEMAPriceHalvingBlocks(c) => {
            pool::ensure_subnet(store, NetUid(c.netuid))?;
            IAlpha::getEMAPriceHalvingBlocksCall::abi_encode_returns(
                &pool::ema_price_halving_blocks(),
            )
        }
        IAlphaCalls::getSubnetVolume(c) => {
            pool::ensure_subnet(store, NetUid(c.netuid))?;
            IAlpha::getSubnetVolumeCall::abi_encode_returns(&U256::from(pool::subnet_volume(
                store,
                NetUid(c.netuid),
            )?))
        }
        IAlphaCalls::getTaoInEmission(c) => {
            pool::ensure_subnet(store, NetUid(c.netuid))?;
            IAlpha::getTaoInEmissionCall::abi_encode_returns(&U256::from(
                pool::tao_in_emission(store, NetUid(c.netuid))?.get(),
            ))
        }
        IAlphaCalls::getAlphaInEmission(c) => {
            pool::ensure_subnet(store, NetUid(c.netuid))?;
            IAlpha::getAlphaInEmissionCall::abi_encode_returns(&U256::from(
                pool::alpha_in_emission(store, NetUid(c.netuid))?.get(),
            ))
        }
        IAlphaCalls::getAlphaOutEmission(c) => {
            pool::ensure_subnet(store, NetUid(c.netuid))?;
            IAlpha::getAlphaOutEmissionCall::abi_encode_returns(&U256::from(
                pool::alpha_out_emission(store, NetUid(c.netuid))?.get(),
            ))
        }
        IAlphaCalls::getSumAlphaPrice(_) => {
            gas.charge(cost::READ * 64)?;
            IAlpha::getSumAlphaPriceCall::abi_encode_returns(&pool::sum_alpha_price_e18(store)?)
        }
    };
    Ok(out.into())
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
        assert_eq!(r, Err(Failure::Revert("this function does not accept value".into())));
        call.value = U256::ZERO;
        assert!(run(&mut s, &call, &mut Gas::new(100_000)).is_ok());
    }
}
