//! The dTAO pool: the [`PoolEngine`] trait every pool implementation (native, Solidity, ink!)
//! satisfies, and [`NativePool`], the reference model the others are checked against.
//!
//! **Form.** The real chain runs a two-asset weighted ("balancer") pool, but every protocol
//! injection is in proportion to the price, so the weights stay at 0.5/0.5, where the weighted
//! invariant *is* constant product `x·y = k` (spec §3.2, §10.2). `NativePool` is therefore
//! constant product with the real fee (33/65535 of the input) and the real integer rules:
//!
//! * buy  (TAO in):   `fee = floor(T·r/65535)`, `Δy = T − fee`, `α_out = floor(x·Δy/(y+Δy))`;
//! * sell (alpha in): `fee = floor(A·r/65535)`, `Δx = A − fee`, `τ_out = floor(y·Δx/(x+Δx))`;
//! * the fee leaves the pool (it belongs to the block author); only the net input is added;
//! * guards: output-side reserve ≥ 1,000,000; net input ≤ 1000 × input-side reserve;
//!   output > 0 and < reserve.
//!
//! The real chain evaluates `1 − y/(y+Δy)` as a 10^18-scaled ratio; we evaluate the same
//! expression as an exact fraction. The two agree to the RAO on every spec example and can
//! differ by at most `x / 10^18` RAO (i.e. at most 1 RAO below 10^9 alpha of reserve), where ours
//! is never the larger, so `k` never decreases — not even through a fee-free swap.
//!
//! **Limits** (spec §3.3) are RAO per alpha. A buy needs spot `<` limit, a sell spot `>` limit.
//! If the full swap would cross the limit it fails (`SlippageTooHigh`), or with `allow_partial`
//! executes exactly up to it (net input `floor(sqrt(k·L/10^9)) − y` for a buy,
//! `floor(sqrt(k·10^9/L)) − x` for a sell) with fee `floor(net·r/(65535 − r))`. The post-trade
//! price never crosses the limit.

pub mod ema;
pub mod math;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};
use substrate_fixed::types::{I96F32, U64F64};

pub use ema::{MovingPriceParams, next_moving_price};
pub use math::{
    DEFAULT_FEE_RATE, DEFAULT_MAX_BUY_PRICE, DEFAULT_MIN_SELL_PRICE, FEE_DENOMINATOR, MAX_FEE_RATE,
    MAX_INPUT_RESERVE_MULTIPLIER, MINIMUM_RESERVE, Quote,
};

/// Pool reserves: `tao_rao` is `SubnetTAO` (y), `alpha_rao` is `SubnetAlphaIn` (x).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Reserves {
    /// TAO reserve in RAO.
    pub tao_rao: u64,
    /// Alpha reserve in alpha-RAO.
    pub alpha_rao: u64,
}

impl Reserves {
    /// The constant-product invariant `x·y`.
    pub fn k(&self) -> u128 {
        super::wide::mul64(self.tao_rao, self.alpha_rao)
    }
}

/// Pool errors. A failed swap or injection changes nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PoolError {
    /// The input amount is zero.
    #[error("swap amount is zero")]
    ZeroAmount,
    /// The output-side reserve is below the minimum, or cannot cover the payout.
    #[error("insufficient liquidity: reserve {reserve}, required {required}")]
    InsufficientLiquidity {
        /// The reserve that would pay out.
        reserve: u64,
        /// What it would need to hold.
        required: u64,
    },
    /// The current price is already at or past the limit (buy: ≥ limit; sell: ≤ limit).
    #[error("price limit exceeded: price {price_rao_per_alpha} RAO/α, limit {limit_rao_per_alpha}")]
    PriceLimitExceeded {
        /// Current spot price, RAO per alpha (floored).
        price_rao_per_alpha: u64,
        /// The caller's limit, RAO per alpha.
        limit_rao_per_alpha: u64,
    },
    /// The full swap would cross the limit and partial fills were not allowed.
    #[error(
        "slippage too high: requested {requested}, at most {max_amount} executes within the limit"
    )]
    SlippageTooHigh {
        /// Gross input asked for.
        requested: u64,
        /// Gross input that reaches the limit exactly.
        max_amount: u64,
    },
    /// The net input exceeds 1000 × the input-side reserve.
    #[error("input {net_in} too large for reserve {reserve}")]
    InputTooLarge {
        /// Net input of the swap.
        net_in: u64,
        /// Input-side reserve.
        reserve: u64,
    },
    /// The swap would pay out nothing (reserves too low for this amount).
    #[error("swap output rounds to zero")]
    ZeroOutput,
    /// The fee rate is above the maximum.
    #[error("fee rate {0}/65535 above the maximum")]
    InvalidFeeRate(u16),
    /// A reserve would overflow `u64`.
    #[error("pool arithmetic overflow")]
    Overflow,
}

/// The result of an executed (or simulated) swap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SwapResult {
    /// Gross input taken from the trader, in input units (≤ the amount asked for).
    pub amount_in: u64,
    /// Fee in input units; not added to the pool (it goes to the block author).
    pub fee: u64,
    /// Output paid to the trader, in output units.
    pub amount_out: u64,
    /// True when a limit price cut the swap short.
    pub limited: bool,
}

impl SwapResult {
    /// The part of the input that entered the pool.
    pub fn net_in(&self) -> u64 {
        // The fee is a part of the input.
        self.amount_in.saturating_sub(self.fee)
    }
}

impl From<Quote> for SwapResult {
    fn from(q: Quote) -> Self {
        Self { amount_in: q.gross_in, fee: q.fee, amount_out: q.out, limited: q.limited }
    }
}

/// The operations of one subnet's pool, free of storage details. Amounts are RAO (TAO side) or
/// alpha-RAO (alpha side); limit prices are RAO per alpha (`None` = no limit).
///
/// Every implementation must give exactly the numbers of [`NativePool`] for the same state and
/// calls; the differential tests of the Solidity and ink! pools check that.
pub trait PoolEngine {
    /// Current reserves.
    fn reserves(&self) -> Reserves;
    /// Fee rate in parts of 65535.
    fn fee_rate(&self) -> u16;
    /// Spot price in TAO per alpha (`y/x`; 0 for an empty alpha reserve; 1 for stable pools).
    fn price(&self) -> U64F64;
    /// The moving price `p̄` (TAO per alpha).
    fn moving_price(&self) -> I96F32;
    /// Prices a buy without changing anything (the alpha precompile's `simSwapTaoForAlpha`).
    fn sim_swap_tao_for_alpha(
        &self,
        tao_rao: u64,
        limit_price: Option<u64>,
        allow_partial: bool,
    ) -> Result<SwapResult, PoolError>;
    /// Prices a sell without changing anything (the alpha precompile's `simSwapAlphaForTao`).
    fn sim_swap_alpha_for_tao(
        &self,
        alpha_rao: u64,
        limit_price: Option<u64>,
        allow_partial: bool,
    ) -> Result<SwapResult, PoolError>;
    /// Stakes: TAO in, alpha out, with fee.
    fn swap_tao_for_alpha(
        &mut self,
        tao_rao: u64,
        limit_price: Option<u64>,
        allow_partial: bool,
    ) -> Result<SwapResult, PoolError>;
    /// Unstakes: alpha in, TAO out, with fee.
    fn swap_alpha_for_tao(
        &mut self,
        alpha_rao: u64,
        limit_price: Option<u64>,
        allow_partial: bool,
    ) -> Result<SwapResult, PoolError>;
    /// Fee-free buy with no limit (emission chain buys).
    fn protocol_buy(&mut self, tao_rao: u64) -> Result<SwapResult, PoolError>;
    /// Fee-free sell with no limit (the author's fee sale, root-claim sells).
    fn protocol_sell(&mut self, alpha_rao: u64) -> Result<SwapResult, PoolError>;
    /// Adds protocol liquidity to both reserves (emission injection, spec §2.4 / §3.4).
    fn inject(&mut self, tao_rao: u64, alpha_rao: u64) -> Result<(), PoolError>;
    /// Advances the moving price one block (spec §3.6) and returns the new value.
    fn update_moving_price(
        &mut self,
        blocks_since_start: u64,
        params: &MovingPriceParams,
    ) -> I96F32;
}

/// Pool mechanism (`SubnetMechanism`): root and stable subnets swap 1:1 with no fee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Mechanism {
    /// Mechanism 0: price fixed at 1, no fee, no slippage (root).
    Stable,
    /// Mechanism 1: the constant-product AMM.
    Dynamic,
}

/// The native reference pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NativePool {
    reserves: Reserves,
    fee_rate: u16,
    mechanism: Mechanism,
    moving_price: I96F32,
}

impl NativePool {
    /// A dynamic pool with these reserves and fee rate, moving price 0.
    pub fn new(reserves: Reserves, fee_rate: u16) -> Result<Self, PoolError> {
        if fee_rate > MAX_FEE_RATE {
            return Err(PoolError::InvalidFeeRate(fee_rate));
        }
        Ok(Self {
            reserves,
            fee_rate,
            mechanism: Mechanism::Dynamic,
            moving_price: I96F32::from_num(0),
        })
    }

    /// A stable (root) pool: 1:1 swaps, no fee, price 1. `tao_rao` is the TAO staked on it.
    pub fn new_stable(tao_rao: u64) -> Self {
        Self {
            reserves: Reserves { tao_rao, alpha_rao: 0 },
            fee_rate: 0,
            mechanism: Mechanism::Stable,
            moving_price: I96F32::from_num(1),
        }
    }

    /// The pool's mechanism.
    pub fn mechanism(&self) -> Mechanism {
        self.mechanism
    }

    /// Sets the moving price (e.g. the start value chosen for a new subnet).
    pub fn set_moving_price(&mut self, moving_price: I96F32) {
        self.moving_price = moving_price;
    }

    /// Spot price in RAO per alpha, floored (10^9 for stable pools).
    pub fn price_rao_per_alpha(&self) -> u64 {
        match self.mechanism {
            Mechanism::Stable => super::supply::RAO_PER_TAO,
            Mechanism::Dynamic => math::price_rao_per_alpha(self.reserves),
        }
    }

    /// Spot price × 10^18, floored (the `getAlphaPrice` unit).
    pub fn price_e18(&self) -> u128 {
        match self.mechanism {
            Mechanism::Stable => 1_000_000_000_000_000_000,
            Mechanism::Dynamic => math::price_e18(self.reserves),
        }
    }

    fn quote(
        &self,
        buy: bool,
        amount: u64,
        fee_rate: u16,
        limit: Option<u64>,
        allow_partial: bool,
    ) -> Result<Quote, PoolError> {
        match self.mechanism {
            Mechanism::Dynamic if buy => {
                math::quote_buy(self.reserves, amount, fee_rate, limit, allow_partial)
            }
            Mechanism::Dynamic => {
                math::quote_sell(self.reserves, amount, fee_rate, limit, allow_partial)
            }
            Mechanism::Stable => self.quote_stable(buy, amount, limit),
        }
    }

    fn quote_stable(&self, buy: bool, amount: u64, limit: Option<u64>) -> Result<Quote, PoolError> {
        if amount == 0 {
            return Err(PoolError::ZeroAmount);
        }
        let one = super::supply::RAO_PER_TAO;
        if let Some(limit) = limit {
            let ok = if buy { one < limit } else { one > limit };
            if !ok {
                return Err(PoolError::PriceLimitExceeded {
                    price_rao_per_alpha: one,
                    limit_rao_per_alpha: limit,
                });
            }
        }
        if buy {
            self.reserves.tao_rao.checked_add(amount).ok_or(PoolError::Overflow)?;
        } else if amount > self.reserves.tao_rao {
            return Err(PoolError::InsufficientLiquidity {
                reserve: self.reserves.tao_rao,
                required: amount,
            });
        }
        Ok(Quote { gross_in: amount, fee: 0, net_in: amount, out: amount, limited: false })
    }

    fn apply(&mut self, buy: bool, q: &Quote) -> Result<(), PoolError> {
        let r = &mut self.reserves;
        let next = match (self.mechanism, buy) {
            (Mechanism::Stable, true) => Reserves { tao_rao: add(r.tao_rao, q.net_in)?, ..*r },
            (Mechanism::Stable, false) => Reserves { tao_rao: sub(r.tao_rao, q.out)?, ..*r },
            (Mechanism::Dynamic, true) => {
                Reserves { tao_rao: add(r.tao_rao, q.net_in)?, alpha_rao: sub(r.alpha_rao, q.out)? }
            }
            (Mechanism::Dynamic, false) => {
                Reserves { tao_rao: sub(r.tao_rao, q.out)?, alpha_rao: add(r.alpha_rao, q.net_in)? }
            }
        };
        *r = next;
        Ok(())
    }

    fn execute(
        &mut self,
        buy: bool,
        amount: u64,
        fee_rate: u16,
        limit: Option<u64>,
        allow_partial: bool,
    ) -> Result<SwapResult, PoolError> {
        let q = self.quote(buy, amount, fee_rate, limit, allow_partial)?;
        self.apply(buy, &q)?;
        Ok(q.into())
    }
}

fn add(a: u64, b: u64) -> Result<u64, PoolError> {
    a.checked_add(b).ok_or(PoolError::Overflow)
}

fn sub(a: u64, b: u64) -> Result<u64, PoolError> {
    a.checked_sub(b).ok_or(PoolError::InsufficientLiquidity { reserve: a, required: b })
}

impl PoolEngine for NativePool {
    fn reserves(&self) -> Reserves {
        self.reserves
    }

    fn fee_rate(&self) -> u16 {
        self.fee_rate
    }

    fn price(&self) -> U64F64 {
        match self.mechanism {
            Mechanism::Stable => U64F64::from_num(1),
            Mechanism::Dynamic if self.reserves.alpha_rao == 0 => U64F64::from_num(0),
            Mechanism::Dynamic => U64F64::from_num(self.reserves.tao_rao)
                .checked_div(U64F64::from_num(self.reserves.alpha_rao))
                .unwrap_or(U64F64::max_value()),
        }
    }

    fn moving_price(&self) -> I96F32 {
        self.moving_price
    }

    fn sim_swap_tao_for_alpha(
        &self,
        tao_rao: u64,
        limit_price: Option<u64>,
        allow_partial: bool,
    ) -> Result<SwapResult, PoolError> {
        self.quote(true, tao_rao, self.fee_rate, limit_price, allow_partial).map(Into::into)
    }

    fn sim_swap_alpha_for_tao(
        &self,
        alpha_rao: u64,
        limit_price: Option<u64>,
        allow_partial: bool,
    ) -> Result<SwapResult, PoolError> {
        self.quote(false, alpha_rao, self.fee_rate, limit_price, allow_partial).map(Into::into)
    }

    fn swap_tao_for_alpha(
        &mut self,
        tao_rao: u64,
        limit_price: Option<u64>,
        allow_partial: bool,
    ) -> Result<SwapResult, PoolError> {
        self.execute(true, tao_rao, self.fee_rate, limit_price, allow_partial)
    }

    fn swap_alpha_for_tao(
        &mut self,
        alpha_rao: u64,
        limit_price: Option<u64>,
        allow_partial: bool,
    ) -> Result<SwapResult, PoolError> {
        self.execute(false, alpha_rao, self.fee_rate, limit_price, allow_partial)
    }

    fn protocol_buy(&mut self, tao_rao: u64) -> Result<SwapResult, PoolError> {
        self.execute(true, tao_rao, 0, None, false)
    }

    fn protocol_sell(&mut self, alpha_rao: u64) -> Result<SwapResult, PoolError> {
        self.execute(false, alpha_rao, 0, None, false)
    }

    fn inject(&mut self, tao_rao: u64, alpha_rao: u64) -> Result<(), PoolError> {
        let next = Reserves {
            tao_rao: add(self.reserves.tao_rao, tao_rao)?,
            alpha_rao: add(self.reserves.alpha_rao, alpha_rao)?,
        };
        self.reserves = next;
        Ok(())
    }

    fn update_moving_price(
        &mut self,
        blocks_since_start: u64,
        params: &MovingPriceParams,
    ) -> I96F32 {
        if self.mechanism == Mechanism::Stable {
            return self.moving_price;
        }
        self.moving_price =
            next_moving_price(self.moving_price, self.price(), blocks_since_start, params);
        self.moving_price
    }
}
