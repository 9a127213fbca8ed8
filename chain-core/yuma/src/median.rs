//! Consensus: the stake-weighted median of every column with majority kappa.
//!
//! The chain runs a mid-pivot quickselect whose partial sums are exact integer sums, so its
//! answer has a closed characterisation (spec section 5.7): with the positive active stakes
//! re-normalised to `s_i` (sum `sigma`) and `m = sigma - kappa`, the consensus of column j
//! is the smallest observed score `x` with `L(x) = sum of s_i over scores <= x` strictly
//! above `m`; the largest observed score if none is; 0 if no validator has active stake.
//! A validator without an entry in the column observes the score 0.
//!
//! This module finds the same value with a faster selection: the entries of a column are
//! packed as `score_bits << 16 | validator_index`, which makes every key distinct without
//! changing the answer (the first key whose cumulative stake passes `m` carries the first
//! score whose cumulative stake passes `m`), and a branch-free introselect finds it.
//!
//! The hot loops here index per-uid vectors and count with `usize`: every index is a uid below
//! `n` (checked once by `io::validate` before any kernel runs) or a position inside a row whose
//! length was just read, and every counter is bounded by the number of weight entries. Bounds
//! checks and checked arithmetic in these loops would cost a large share of the epoch, so the
//! consensus lints are allowed for this module only.
#![allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]

use super::math::{self, ZERO};
use super::weights::{self, Weights};
use substrate_fixed::types::I32F32;

/// Bits of the validator index inside a packed key.
const IDX_BITS: u32 = 16;
const IDX_MASK: u64 = (1 << IDX_BITS) - 1;

/// Slices this short are sorted and scanned instead of partitioned.
const SMALL: usize = 16;

/// Column buckets of one block hold at most this many keys (128 KiB), so they stay in cache.
const BLOCK_KEYS: usize = 1 << 14;

/// Consensus and ranks for `n` columns of `weights` (row-normalised, non-negative) under
/// `active_stake` and `kappa`. The ranks `R_j = sum_i S_act[i] * min(W_ij, C_j)` are
/// summed from the same column buckets while they are in cache (the products are floored
/// one by one and summed exactly, so the order does not matter).
pub(super) fn consensus_and_ranks(
    weights: &Weights,
    active_stake: &[I32F32],
    n: usize,
    kappa: I32F32,
) -> (Vec<I32F32>, Vec<I32F32>) {
    // Validators taking part: positive active stake, re-normalised.
    let rows: Vec<usize> = (0..active_stake.len()).filter(|&i| active_stake[i] > ZERO).collect();
    let mut use_stake: Vec<I32F32> = rows.iter().map(|&i| active_stake[i]).collect();
    math::normalize(&mut use_stake);
    let nv = rows.len();
    let mut median = vec![ZERO; n];
    let mut ranks = vec![ZERO; n];
    if nv == 0 || nv > (1 << IDX_BITS) {
        // nv is at most n <= 65535, so the second arm cannot happen.
        return (median, ranks);
    }
    let sigma = math::sum(&use_stake).to_bits();
    let mut solver = ColumnSolver {
        stake: use_stake.iter().map(|s| s.to_bits()).collect(),
        rank_stake: rows.iter().map(|&i| active_stake[i]).collect(),
        sigma,
        minority: sigma.saturating_sub(kappa.to_bits()),
        nv,
        work: vec![0; nv],
        spare: vec![0; nv],
    };
    let key = |v: I32F32, k: usize| ((v.to_bits() as u64) << IDX_BITS) | k as u64;

    // Participating validators with at least one stored weight, as (index in `rows`, uid).
    let listing: Vec<(usize, usize)> = rows
        .iter()
        .enumerate()
        .filter(|(_, i)| !weights.raw_row(**i).0.is_empty())
        .map(|(k, i)| (k, *i))
        .collect();
    let entries: usize = listing.iter().map(|&(_, i)| weights.raw_row(i).0.len()).sum();
    let block = (BLOCK_KEYS / nv).clamp(1, n);
    // Visiting every listing row once per block must stay cheap next to the entries.
    let blocked_cost = n.div_ceil(block).saturating_mul(listing.len());
    if listing.iter().all(|&(_, i)| weights.row_sorted(i)) && blocked_cost <= 4 * entries + n {
        // Rows sorted by uid: gather a block of columns at a time through per-row cursors;
        // each column gets one slot per validator.
        let mut cursor = vec![0usize; nv];
        let mut buckets = vec![0u64; block * nv];
        let mut fill = vec![0usize; block];
        let mut listed = vec![0i64; block];
        for start in (0..n).step_by(block) {
            let end = (start + block).min(n);
            fill.fill(0);
            listed.fill(0);
            for &(k, i) in &listing {
                let (entries, d) = weights.raw_row(i);
                let mut p = cursor[k];
                while let Some(&(c, raw)) = entries.get(p) {
                    if usize::from(c) >= end {
                        break;
                    }
                    let v = weights::value(d, raw);
                    if v > ZERO {
                        let b = usize::from(c) - start;
                        buckets[b * nv + fill[b]] = key(v, k);
                        fill[b] += 1;
                        listed[b] += solver.stake[k];
                    }
                    p += 1;
                }
                cursor[k] = p;
            }
            for b in 0..end - start {
                let col = &buckets[b * nv..b * nv + fill[b]];
                (median[start + b], ranks[start + b]) = solver.column(col, listed[b]);
            }
        }
    } else {
        // General case: transpose everything (counting sort by column).
        let mut count = vec![0usize; n + 1];
        for &(_, i) in &listing {
            for (c, v) in weights.row(i) {
                if v > ZERO {
                    count[usize::from(c) + 1] += 1;
                }
            }
        }
        for j in 0..n {
            count[j + 1] += count[j];
        }
        let mut keys = vec![0u64; count[n]];
        let mut listed = vec![0i64; n];
        let mut fill = count.clone();
        for &(k, i) in &listing {
            for (c, v) in weights.row(i) {
                if v > ZERO {
                    let j = usize::from(c);
                    keys[fill[j]] = key(v, k);
                    fill[j] += 1;
                    listed[j] += solver.stake[k];
                }
            }
        }
        for j in 0..n {
            (median[j], ranks[j]) = solver.column(&keys[count[j]..count[j + 1]], listed[j]);
        }
    }
    (median, ranks)
}

/// Per-column state shared by all columns.
struct ColumnSolver {
    /// Re-normalised stake of each participating validator (raw bits).
    stake: Vec<i64>,
    /// Active stake of each participating validator, for the ranks.
    rank_stake: Vec<I32F32>,
    /// Sum of `stake`.
    sigma: i64,
    /// `sigma - kappa`.
    minority: i64,
    /// Number of participating validators.
    nv: usize,
    /// Scratch for the selection.
    work: Vec<u64>,
    spare: Vec<u64>,
}

impl ColumnSolver {
    /// Consensus and rank of a column given its keys (positive scores only) and the sum of
    /// their validators' stakes.
    fn column(&mut self, col: &[u64], listed_stake: i64) -> (I32F32, I32F32) {
        // Validators without a positive entry observe the score 0.
        let zero_observed = col.len() < self.nv;
        let zero_stake = self.sigma - listed_stake;
        let key = if self.minority < 0 {
            // Every score qualifies: the smallest observed one.
            if zero_observed { None } else { col.iter().min().copied() }
        } else if self.minority >= self.sigma {
            // No score qualifies: the largest observed one.
            col.iter().max().copied()
        } else if zero_observed && zero_stake > self.minority {
            None
        } else {
            let len = col.len();
            self.work[..len].copy_from_slice(col);
            let target = self.minority - zero_stake;
            Some(select(&mut self.work[..len], &mut self.spare[..len], &self.stake, target))
        };
        let c = key.map_or(ZERO, |k| I32F32::from_bits((k >> IDX_BITS) as i64));
        let mut rank = ZERO;
        if c > ZERO {
            for &k in col {
                let w = math::min(I32F32::from_bits((k >> IDX_BITS) as i64), c);
                rank = math::add(rank, math::mul(self.rank_stake[(k & IDX_MASK) as usize], w));
            }
        }
        (c, rank)
    }
}

/// The first key (ascending) whose cumulative stake exceeds `target`, where
/// `0 <= target < sum of the stakes of keys`. `keys` and `spare` (same length) are
/// scratch: the candidates move between them as they are partitioned.
fn select(keys: &mut [u64], spare: &mut [u64], stake: &[i64], mut target: i64) -> u64 {
    let weight = |k: u64| stake[(k & IDX_MASK) as usize];
    let mut len = keys.len();
    let mut in_keys = true;
    // Depth budget of an introselect: past it, sort what is left.
    let mut budget = 2 * (usize::BITS - len.leading_zeros()) + 4;
    loop {
        let (src, dst) =
            if in_keys { (&mut *keys, &mut *spare) } else { (&mut *spare, &mut *keys) };
        let s = &mut src[..len];
        if len <= SMALL || budget == 0 {
            s.sort_unstable();
            for &k in s.iter() {
                let w = weight(k);
                if target < w {
                    return k;
                }
                target -= w;
            }
            return s.last().copied().unwrap_or(0);
        }
        budget -= 1;
        let (a, b, c) = (s[0], s[len / 2], s[len - 1]);
        let pivot = if (a < b) == (b < c) {
            b
        } else if (b < a) == (a < c) {
            a
        } else {
            c
        };
        // Branch-free split: keys below the pivot are compacted in place (the write index
        // never passes the read index), keys above it go to `dst`. Keys are distinct, so
        // only the pivot itself is in neither part.
        let (mut below, mut above) = (0usize, 0usize);
        let mut below_stake = 0i64;
        for j in 0..len {
            let e = s[j];
            let less = e < pivot;
            s[below] = e;
            dst[above] = e;
            below_stake += std::hint::select_unpredictable(less, weight(e), 0);
            below += usize::from(less);
            above += usize::from(e > pivot);
        }
        let pivot_stake = weight(pivot);
        if target < below_stake {
            len = below;
        } else if target < below_stake + pivot_stake {
            return pivot;
        } else {
            target -= below_stake + pivot_stake;
            len = above;
            in_keys = !in_keys;
        }
    }
}
