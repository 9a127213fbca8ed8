//! `swap_stake_limit`: [`super::swap_stake`] with a limit on the price ratio, as the real
//! chain's `do_swap_stake_limit`.
//!
//! The limit is the lowest acceptable ratio *origin price / destination price* after the
//! swap, × 10^9 (RAO per alpha units, as the real chain's `limit_price`). Selling on the origin
//! lowers the ratio and buying on the destination raises its denominator, so the ratio falls
//! as the amount grows; the largest amount that keeps it at or above the limit is found by
//! bisection over the same staged pool operations [`super::move_stake`] performs (sell on the
//! origin with fee; fee-free buy on the destination, or a buy with fee when the origin is
//! root). The real chain computes that amount in closed form for one swap step, so the two can
//! differ by rounding near the limit.
//!
//! Outcomes: a ratio already below the limit refuses with `PriceLimitExceeded` (the real
//! `ZeroMaxStakeAmount`); an amount past the limit refuses with `SlippageTooHigh` unless
//! `allow_partial`, which swaps the largest amount within it.

use super::move_stake;
use crate::error::StakingError;
use crate::pool::{ROOT_NETUID, SubnetPool, pool_err};
use crate::store::{NativeError, NativeStore};
use alloy_primitives::U256;
use tao_economics::pool::{Mechanism, PoolEngine, PoolError};
use tao_primitives::{AccountId32, AlphaRao, NetUid, RAO_PER_TAO};

/// (TAO, alpha) whose ratio is the pool's price; the stable mechanism's price is 1.
fn price_pair(p: &SubnetPool) -> (u64, u64) {
    let n = p.pool.native();
    if n.mechanism() == Mechanism::Stable {
        return (1, 1);
    }
    let r = n.reserves();
    (r.tao_rao, r.alpha_rao)
}

/// Whether ratio (origin price / destination price) × 10^9 is at least `limit`.
fn ratio_at_least(o: (u64, u64), d: (u64, u64), limit: u64) -> bool {
    // (To / Ao) / (Td / Ad) × 1e9 ≥ limit  ⇔  To·Ad·1e9 ≥ limit·Ao·Td.
    let lhs =
        U256::from(o.0).saturating_mul(U256::from(d.1)).saturating_mul(U256::from(RAO_PER_TAO));
    let rhs = U256::from(limit).saturating_mul(U256::from(o.1)).saturating_mul(U256::from(d.0));
    lhs >= rhs
}

/// Whether swapping `alpha` keeps the ratio at or above `limit` (a swap the pools refuse does
/// not).
fn within(o: &SubnetPool, d: &SubnetPool, alpha: u64, limit: u64) -> bool {
    let (mut o, mut d) = (o.clone(), d.clone());
    let Ok(sell) = o.sell(alpha, None) else { return false };
    let bought = if o.netuid == ROOT_NETUID {
        d.buy(sell.tao_out, None).map(|_| ())
    } else {
        d.protocol_buy(sell.tao_out).map(|_| ())
    };
    bought.is_ok() && ratio_at_least(price_pair(&o), price_pair(&d), limit)
}

/// Swaps up to `alpha` of the coldkey's stake under `hotkey` from `origin` to `dest` while the
/// price ratio stays at or above `limit_price`; returns the alpha credited at the destination.
#[allow(clippy::too_many_arguments)]
pub fn swap_stake_limit(
    store: &mut impl NativeStore,
    coldkey: &AccountId32,
    hotkey: &AccountId32,
    origin: NetUid,
    dest: NetUid,
    alpha: AlphaRao,
    limit_price: u64,
    allow_partial: bool,
) -> Result<AlphaRao, NativeError> {
    if origin == dest {
        return Err(StakingError::SameNetuid.into());
    }
    crate::pool::ensure_subnet(store, origin)?;
    crate::pool::ensure_subnet(store, dest)?;
    let (o, d) = (SubnetPool::load(store, origin)?, SubnetPool::load(store, dest)?);
    let want = alpha.get();
    if !ratio_at_least(price_pair(&o), price_pair(&d), limit_price) {
        let price = o.pool.native().price_rao_per_alpha();
        return Err(pool_err(
            origin,
            PoolError::PriceLimitExceeded {
                price_rao_per_alpha: price,
                limit_rao_per_alpha: limit_price,
            },
        ));
    }
    let amount = if want == 0 || within(&o, &d, want, limit_price) {
        want
    } else {
        // Largest amount in [0, want) within the limit: `lo` is within (or 0), `hi` is not.
        let (mut lo, mut hi) = (0u64, want);
        while hi.saturating_sub(lo) > 1 {
            let mid = lo.saturating_add(hi.saturating_sub(lo) / 2);
            if within(&o, &d, mid, limit_price) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        if !allow_partial || lo == 0 {
            return Err(pool_err(
                origin,
                PoolError::SlippageTooHigh { requested: want, max_amount: lo },
            ));
        }
        lo
    };
    move_stake(store, coldkey, hotkey, hotkey, origin, dest, AlphaRao(amount))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ratio_test_is_exact_at_the_boundary() {
        // Origin price 2, destination price 1/2: ratio 4 × 10^9.
        assert!(ratio_at_least((2, 1), (1, 2), 4 * RAO_PER_TAO));
        assert!(!ratio_at_least((2, 1), (1, 2), 4 * RAO_PER_TAO + 1));
        // No limit always passes; huge reserves do not overflow.
        assert!(ratio_at_least((u64::MAX, 1), (1, u64::MAX), u64::MAX));
        assert!(ratio_at_least((0, 1), (1, 1), 0));
    }

    #[test]
    fn same_netuid_and_a_crossed_limit_are_refused() {
        let (mut s, n) = crate::testkit::with_subnet();
        let (ck, hk) = (crate::testkit::key(30), crate::testkit::key(crate::testkit::OWNER_HOT));
        let err = crate::testkit::fails_unchanged(&mut s, |s| {
            swap_stake_limit(s, &ck, &hk, n, n, AlphaRao(1), 0, true)
        });
        assert_eq!(err.chain_name(), "SameNetuid");
        // Root (price 1) to subnet 1: a limit above the current ratio cannot execute.
        let err = crate::testkit::fails_unchanged(&mut s, |s| {
            swap_stake_limit(s, &ck, &hk, ROOT_NETUID, n, AlphaRao(1), u64::MAX, true)
        });
        assert_eq!(err.chain_name(), "ZeroMaxStakeAmount");
    }
}
