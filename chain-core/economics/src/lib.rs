//! # tao-economics
//!
//! The pure economic models of taochain: plain Rust over integers and fixed point, with no
//! storage, no VM and no floating point. Chain modules (coinbase, staking, registration) call
//! these functions; the Solidity and ink! pools are checked against [`pool::NativePool`]. The
//! facts come from `spec/economics.md`; section numbers below refer to it.
//!
//! Units: amounts are `u64` RAO (TAO side) or alpha-RAO (alpha side), 1 TAO = 10^9 RAO;
//! `u16` ratios are parts of 65535; limit prices are RAO per alpha; prices are `U64F64`
//! (spot) and `I96F32` (moving price) as on the real chain. Products that overflow `u64` are
//! taken in `u128` or exactly in 256 bits; every division floors unless stated.
//!
//! | module | owns |
//! | --- | --- |
//! | [`supply`] | 21M cap, block emission halving by issuance (§1.2), mint / recycle bookkeeping (§1.3) |
//! | [`pool`] | [`pool::PoolEngine`] and the constant-product [`pool::NativePool`]: swaps with fee 33/65535, limit prices and partial fills, injection, simulated swaps, prices, the moving-price EMA (§3) |
//! | [`shares`] | per-(hotkey, subnet) share pools with the chain's 21-digit decimal share arithmetic, and delegate take rules (§4.3, §4.4) |
//! | [`registration`] | subnet lock cost, neuron burn, UID slots, neuron and subnet pruning (§5) |
//! | [`coinbase_split`] | the per-block emission split, `tao_in` / `alpha_in` / `excess_tao` / `alpha_out`, owner cut and pending buckets (§2.2–§2.5) |
//!
//! ## Pinned decisions (spec §10)
//!
//! 1. **Emission split** (§10.1): the rule of `main` (2026-06-30): a subnet's share of the block
//!    emission is proportional to `p̄ × (1 − min(1, MinerBurned))`, falling back to `p̄` if all
//!    weights are 0; emission-disabled subnets get 0 and the rest renormalise. Not the net-TAO-flow
//!    rule, not the `testnet` rule with the root-proportion factor.
//! 2. **Pool form** (§10.2): constant product `x·y = k` with the fee on the input, which equals
//!    the real weighted pool at its 0.5/0.5 weights. The output uses the exact fraction
//!    `floor(x·Δy/(y+Δy))` (the chain's 10^18-scaled ratio can give up to `x/10^18` RAO more);
//!    limit sizes use exact integer square roots. Fees leave the pool for the block author; the
//!    alpha fee of a sell is sold by the caller with [`pool::PoolEngine::protocol_sell`].
//! 3. **Moving-price start** (§10.3): [`coinbase_split::SubnetBootstrap::DEV`] is the default —
//!    a new subnet's `p̄` starts at `min(spot, 1)` when its emission starts, so a dev-chain subnet
//!    earns its price share at once. `SubnetBootstrap::MAINNET` keeps the real `p̄ = 0`. The EMA
//!    step itself is the chain's (`U64F64` arithmetic, `I96F32` storage, α = 12885/2^32,
//!    ramp `b/(b + 201,600)`).
//! 4. **Emission enabled at registration** (§10.4): `true` in `DEV` (default), `false` in
//!    `MAINNET` (root must enable it).
//! 5. **Registration burn** (§10.5): modelled as the price rule only; the buy-and-burn of alpha it
//!    pays for is a pool buy followed by an alpha recycle, done by the caller.
//! 6. **Per-block caps** (§10.6): none added; the registration functions are pure and any cap is
//!    the caller's choice.
//! 7. **Coinbase order**: injection is added to the reserves before the excess chain buy, so the
//!    injection never moves the price (the chain swaps first, a second-order difference).
//! 8. **Rounding**: emission shares and root proportions are exact fractions floored once to RAO
//!    (the chain rounds through `U64F64`, ±1 RAO); the validator bucket takes the odd RAO so the
//!    pending buckets sum exactly to `alpha_out`; block-emission thresholds are exact integers.
//! 9. **Shares**: removing more than a key holds is an error (the chain silently skips it); a
//!    deposit into a pool whose value fell to 0 resets it; value added for everyone to a pool with
//!    no holders is refused (dividends then go to the owner).
//! 10. **Defaults are code defaults**, not mainnet migrations: lock reduction interval 100,800,
//!     rate limit 7,200, network immunity 1,296,000, `TaoWeight` ≈ 0.052677.

#![cfg_attr(
    not(test),
    deny(
        clippy::arithmetic_side_effects,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::indexing_slicing,
        unreachable_pub
    )
)]

pub mod coinbase_split;
pub mod pool;
pub mod registration;
pub mod shares;
pub mod supply;

#[cfg(test)]
mod sim_tests;
#[cfg(test)]
mod test_support;
mod wide;

pub use pool::{NativePool, PoolEngine, PoolError, Reserves, SwapResult};
pub use shares::{ShareError, ShareFloat, SharePool};
pub use supply::{MAX_SUPPLY_RAO, RAO_PER_TAO, Supply, SupplyError, block_emission};
