//! # tao-yuma: the Yuma consensus epoch (pure compute)
//!
//! One epoch of one subnet mechanism, bit-exact with the real chain (subtensor) as described
//! in `spec/yuma.md`. The module is the middle step of "load -> pure compute -> persist":
//! callers load the per-uid vectors and stored rows into an [`EpochInput`], call
//! [`run_epoch`], and write the [`EpochOutput`] back.
//!
//! Steps (spec section 5): activity, stake (alpha + weighted root TAO, threshold,
//! normalisation), validator permits (top-k), active stake, weights (permit, self-weight,
//! outdated-weight and commit-reveal masks, row normalisation), the stake-weighted median
//! consensus with kappa, clipping and validator trust, incentive, bond weights with the bonds
//! penalty, bonds (Yuma 3 by default, classic on request, optional liquid alpha),
//! dividends, and the emission split.
//!
//! All arithmetic uses `substrate_fixed` (I32F32, I64F64, I96F32, U96F32) with the chain's
//! rounding: products floor, quotients truncate, division by zero yields 0. No floating
//! point is used. Hot loops replace a repeated division by one divisor with an exact
//! reciprocal multiply, and the median uses a selection instead of the chain's recursion;
//! both give the same bits (see `math` and `median`).
//!
//! Input and output are serde types; `docs/epoch-format.md` documents the JSON.

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

mod bonds;
mod epoch;
mod io;
mod math;
mod median;
mod sparse;
mod weights;

#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_bonds;
#[cfg(test)]
mod tests_math;
#[cfg(test)]
mod tests_props;

pub use self::epoch::run_epoch;
pub use self::io::{
    DEFAULT_TAO_WEIGHT_RAW, EpochError, EpochInput, EpochOutput, Hyperparameters, SparseRow,
};
