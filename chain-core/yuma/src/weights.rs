//! The weights matrix W after the masks of spec section 5.6, and the rows derived from it:
//! the clipped weights W̄ (5.8) and the weights used to buy bonds W_b (5.10).
//!
//! W is kept compact: the surviving stored `(uid, u16)` pairs of each row (in stored order)
//! and one reciprocal per row. The row-normalised value of a stored `v` in a row summing to
//! `S` is the I32F32 quotient `floor(v * 2^32 / S)`, computed when read. W̄ and W_b are
//! derived row by row on demand, except W_b for a bonds penalty strictly between 0 and 1,
//! which is materialised because it reorders the rows.
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

use super::io::EpochInput;
use super::math::{self, Divider, ONE, ZERO};
use super::sparse::{Csr, RowSource};
use substrate_fixed::types::I32F32;

/// W: masked stored rows with their normalising reciprocals.
pub(super) struct Weights {
    offsets: Vec<usize>,
    entries: Vec<(u16, u16)>,
    divisors: Vec<Option<Divider>>,
    /// Per row: its columns strictly increase.
    sorted: Vec<bool>,
}

impl Weights {
    /// Reads the stored rows and applies the masks: rows without a permit, self weights
    /// (except the owner's), weights set at or before the target's registration, and the
    /// commit mask (a pending commit older than the target's registration).
    pub(super) fn load(
        input: &EpochInput,
        n: usize,
        permit: &[bool],
        owner: Option<usize>,
    ) -> Self {
        let commit_mask = input.hyperparameters.commit_reveal_enabled;
        let registration: Vec<u64> =
            (0..n).map(|j| input.block_at_registration.get(j).copied().unwrap_or(0)).collect();
        let total: usize = input.weights_sparse.iter().map(Vec::len).sum();
        let mut w = Self {
            offsets: Vec::with_capacity(n + 1),
            entries: Vec::with_capacity(total),
            divisors: Vec::with_capacity(n),
            sorted: Vec::with_capacity(n),
        };
        w.offsets.push(0);
        let newest_registration = registration.iter().copied().max().unwrap_or(0);
        for (i, &permitted) in permit.iter().enumerate().take(n) {
            let mut row_sum = 0u64;
            let mut sorted = true;
            let mut previous: Option<u16> = None;
            if let Some(row) = input.weights_sparse.get(i).filter(|_| permitted) {
                let last_update = input.last_update.get(i).copied().unwrap_or(0);
                let commit =
                    if commit_mask { input.commit_blocks.get(i).copied().flatten() } else { None };
                let self_masked = owner != Some(i);
                if last_update > newest_registration
                    && commit.is_none_or(|c| c >= newest_registration)
                {
                    // Fast path: only the self weight can be masked; copy the rest whole.
                    let start = w.entries.len();
                    match row.iter().position(|e| self_masked && usize::from(e.0) == i) {
                        Some(p) => {
                            w.entries.extend_from_slice(&row[..p]);
                            w.entries.extend_from_slice(&row[p + 1..]);
                        }
                        None => w.entries.extend_from_slice(row),
                    }
                    let kept = &w.entries[start..];
                    row_sum = kept.iter().map(|e| u64::from(e.1)).sum();
                    sorted = kept.is_sorted_by(|a, b| a.0 < b.0);
                } else {
                    for &(j, v) in row {
                        let registered = registration[usize::from(j)];
                        if (self_masked && usize::from(j) == i)
                            || last_update <= registered
                            || commit.is_some_and(|c| c < registered)
                        {
                            continue;
                        }
                        row_sum += u64::from(v);
                        sorted &= previous < Some(j);
                        previous = Some(j);
                        w.entries.push((j, v));
                    }
                }
            }
            w.offsets.push(w.entries.len());
            // A row with sum 0 (empty, or explicit zeros only) stays as it is: all 0.
            w.divisors.push(Divider::new(row_sum));
            w.sorted.push(sorted);
        }
        w
    }

    /// Stored entries of row `i` and its reciprocal (`None`: every value is 0).
    #[inline]
    pub(super) fn raw_row(&self, i: usize) -> (&[(u16, u16)], Option<Divider>) {
        (&self.entries[self.offsets[i]..self.offsets[i + 1]], self.divisors[i])
    }

    /// Row `i` of W: `(column, normalised value)` in stored order.
    #[inline]
    pub(super) fn row(&self, i: usize) -> impl Iterator<Item = (u16, I32F32)> + '_ {
        let (entries, d) = self.raw_row(i);
        entries.iter().map(move |&(c, v)| (c, value(d, v)))
    }

    /// Whether the columns of row `i` strictly increase.
    pub(super) fn row_sorted(&self, i: usize) -> bool {
        self.sorted[i]
    }

    /// Validator trust: the row sums of W̄.
    pub(super) fn validator_trust(&self, consensus: &[I32F32]) -> Vec<I32F32> {
        (0..self.offsets.len() - 1)
            .map(|i| {
                // An entry clipped away (consensus 0) would add min(w, 0) = 0 anyway.
                self.row(i)
                    .fold(ZERO, |a, (c, v)| math::add(a, math::min(v, consensus[usize::from(c)])))
            })
            .collect()
    }
}

/// `floor(v * 2^32 / S)` for a stored weight `v` in a row with reciprocal `d` of `S`.
#[inline]
pub(super) fn value(d: Option<Divider>, v: u16) -> I32F32 {
    // v <= S, so the quotient is at most 2^32 and fits.
    d.map_or(ZERO, |d| I32F32::from_bits(d.div(u64::from(v) << 32) as i64))
}

/// `min(w, c)`, except that an entry above a consensus of 0 disappears (the chain's
/// `col_clip_sparse`). Explicit zeros stay.
#[inline]
pub(super) fn clip(w: I32F32, c: I32F32) -> Option<I32F32> {
    if c < w { (c > ZERO).then_some(c) } else { Some(w) }
}

/// W_b, the weights validators buy bonds with, row by row.
pub(super) enum BondWeights<'a> {
    /// Bonds penalty 0: W itself.
    Raw(&'a Weights),
    /// Bonds penalty 1: W̄.
    Clipped(&'a Weights, &'a [I32F32]),
    /// Anything in between: `W + beta * (W̄ - W)`, rows in ascending column order.
    Mixed(Csr),
}

impl<'a> BondWeights<'a> {
    /// W_b for the bonds penalty `beta`.
    pub(super) fn new(weights: &'a Weights, consensus: &'a [I32F32], beta: I32F32) -> Self {
        if beta == ZERO {
            Self::Raw(weights)
        } else if beta == ONE {
            Self::Clipped(weights, consensus)
        } else {
            Self::Mixed(interpolate(weights, consensus, beta))
        }
    }

    /// For W and W̄: the weights and, for W̄, the consensus to clip to.
    pub(super) fn direct(&self) -> Option<(&Weights, Option<&[I32F32]>)> {
        match self {
            Self::Raw(w) => Some((w, None)),
            Self::Clipped(w, c) => Some((w, Some(c))),
            Self::Mixed(_) => None,
        }
    }

    /// Number of stored entries (an upper bound for the rows of W_b).
    pub(super) fn nnz(&self) -> usize {
        match self {
            Self::Raw(w) | Self::Clipped(w, _) => w.entries.len(),
            Self::Mixed(m) => m.nnz(),
        }
    }
}

/// Iterator over one row of [`BondWeights`].
pub(super) struct BondRow<'a> {
    entries: std::slice::Iter<'a, (u16, u16)>,
    divisor: Option<Divider>,
    /// `Some` clips to the consensus.
    consensus: Option<&'a [I32F32]>,
    /// The materialised row of the `Mixed` case.
    mixed: Option<<Csr as RowSource>::Iter<'a>>,
}

impl Iterator for BondRow<'_> {
    type Item = (u16, I32F32);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if let Some(m) = &mut self.mixed {
            return m.next();
        }
        loop {
            let &(c, raw) = self.entries.next()?;
            let v = value(self.divisor, raw);
            match self.consensus {
                None => return Some((c, v)),
                Some(cons) => {
                    // `clip`, with the frequent case free of unpredictable branches.
                    let limit = cons[usize::from(c)];
                    if limit > ZERO || v == ZERO {
                        return Some((c, math::min(v, limit)));
                    }
                }
            }
        }
    }
}

impl RowSource for BondWeights<'_> {
    type Iter<'s>
        = BondRow<'s>
    where
        Self: 's;

    fn row(&self, i: usize) -> BondRow<'_> {
        match self {
            Self::Raw(w) | Self::Clipped(w, _) => {
                let (entries, divisor) = w.raw_row(i);
                let consensus = if let Self::Clipped(_, c) = self { Some(*c) } else { None };
                BondRow { entries: entries.iter(), divisor, consensus, mixed: None }
            }
            Self::Mixed(m) => BondRow {
                entries: [].iter(),
                divisor: None,
                consensus: None,
                mixed: Some(RowSource::row(m, i)),
            },
        }
    }

    fn sorted(&self, i: usize) -> bool {
        match self {
            Self::Raw(w) | Self::Clipped(w, _) => w.row_sorted(i),
            Self::Mixed(m) => RowSource::sorted(m, i),
        }
    }
}

/// Section 5.10 for `0 < beta < 1`: `W + beta * (W̄ - W)` over the columns of each row in
/// ascending order, strictly positive results only (the chain's `interpolate_sparse`).
fn interpolate(weights: &Weights, consensus: &[I32F32], beta: I32F32) -> Csr {
    let rows = weights.offsets.len() - 1;
    let mut out = Csr::with_capacity(rows, weights.entries.len());
    let mut row: Vec<(u16, I32F32, I32F32)> = Vec::new();
    for i in 0..rows {
        row.clear();
        row.extend(
            weights.row(i).map(|(c, v)| (c, v, clip(v, consensus[usize::from(c)]).unwrap_or(ZERO))),
        );
        row.sort_unstable_by_key(|e| e.0);
        for &(c, v, clipped) in &row {
            let x = v.saturating_add(beta.saturating_mul(clipped.saturating_sub(v)));
            if x > ZERO {
                out.push(c, x);
            }
        }
        out.end_row();
    }
    out
}
