//! Bonds and dividends: the Yuma 3 branch (spec section 5.11, with liquid alpha 5.12) and
//! the classic branch (5.13).
//!
//! Row inputs (W_b, the previous bonds, the classic purchases) are streamed through
//! [`RowSource`] instead of being stored; only the new bonds are materialised.
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

use super::io::SparseRow;
use super::math::{self, Divider, FixedDiv, LiquidAlpha, ONE, ZERO};
use super::sparse::{Csr, RowSource};
use super::weights::{self, BondRow, BondWeights, Weights};
use substrate_fixed::types::I32F32;

/// What both bond branches read.
pub(super) struct BondContext<'a> {
    /// Subnet size.
    pub n: usize,
    /// Stored bonds rows (empty slice = none).
    pub bonds: &'a [SparseRow],
    /// Per column: stored bonds towards it survive the new-registration mask
    /// (`last_tempo > block_at_registration`).
    pub keep_col: Vec<bool>,
    /// W_b, the weights used to buy bonds.
    pub bond_weights: &'a BondWeights<'a>,
    /// Consensus per column.
    pub consensus: &'a [I32F32],
    /// Incentive per uid.
    pub incentive: &'a [I32F32],
    /// Normalised active stake per uid.
    pub active_stake: &'a [I32F32],
    /// Fixed EMA factor `1 - bonds_moving_average / 1e6`.
    pub ema_alpha: I32F32,
}

impl BondContext<'_> {
    /// Upper bound of the entries of the new bonds (untouched capacity costs nothing).
    fn capacity(&self) -> usize {
        self.bond_weights.nnz() + self.bonds.iter().map(Vec::len).sum::<usize>()
    }

    /// The stored bonds, masked, each u16 turned into a value by `convert(column, u16)`.
    fn previous<F: Fn(u16, u16) -> I32F32>(&self, convert: F) -> Previous<'_, F> {
        Previous { bonds: self.bonds, keep_col: &self.keep_col, convert }
    }
}

/// Yuma 3: per-element EMA of absolute bond fractions, dividends from column-normalised
/// bonds scaled by active stake. Returns the dividends (normalised), the new bonds and, as a
/// by-product, the row sums of W_b.
pub(super) fn yuma3(
    ctx: &BondContext<'_>,
    liquid: Option<&LiquidAlpha>,
) -> (Vec<I32F32>, Csr, Vec<I32F32>) {
    let liquid = liquid.filter(|_| ctx.consensus.iter().any(|c| *c != ZERO));
    let previous = ctx.previous(|_, v| math::u16_proportion(v));
    let (n, capacity) = (ctx.n, ctx.capacity());
    let (ema, col_sums, weight_sums) = match liquid {
        Some(la) => {
            let (ema, weight_sums) =
                ema_liquid(n, capacity, ctx.consensus, la, ctx.bond_weights, &previous);
            let col_sums = ema.col_sums(n);
            (ema, col_sums, weight_sums)
        }
        None => match ctx.bond_weights.direct() {
            Some((weights, clip)) => ema_fixed_direct(ctx, weights, clip),
            None => ema_fixed(n, capacity, ctx.ema_alpha, ctx.bond_weights, &previous),
        },
    };
    // D_i = S_act[i] * sum_j (B'_ij / colsum_j) * I_j; the column normalisation is applied
    // on the fly instead of on a copy of the matrix.
    // Per column: the divisor (None for a zero sum, where the chain leaves values alone) and
    // the incentive, side by side for the hot loop.
    let columns: Vec<(Option<FixedDiv>, I32F32)> = col_sums
        .iter()
        .zip(ctx.incentive)
        .map(|(s, inc)| ((*s != ZERO).then(|| FixedDiv::new(*s)), *inc))
        .collect();
    let mut dividends: Vec<I32F32> = (0..ctx.n)
        .map(|i| {
            let s = ctx.active_stake[i];
            if s == ZERO {
                return ZERO;
            }
            let (cols, vals) = ema.row(i);
            let per_stake = cols.iter().zip(vals).fold(ZERO, |acc, (c, b)| {
                let (div, inc) = &columns[usize::from(*c)];
                let normalized = div.as_ref().map_or(*b, |d| d.div(*b));
                math::add(acc, math::mul(normalized, *inc))
            });
            math::mul(per_stake, s)
        })
        .collect();
    math::normalize(&mut dividends);
    (dividends, ema, weight_sums)
}

/// Classic bonds: stake-weighted purchases, column-normalised EMA, dividends from the
/// normalised bonds; the returned bonds are column max-upscaled for storage.
pub(super) fn classic(ctx: &BondContext<'_>) -> (Vec<I32F32>, Csr) {
    // Previous bonds are the stored integers, column-normalised: floor(v * 2^32 / sum).
    let mut col_sum = vec![0u64; ctx.n];
    for row in ctx.bonds {
        for &(c, v) in row {
            if ctx.keep_col[usize::from(c)] {
                col_sum[usize::from(c)] += u64::from(v);
            }
        }
    }
    let divs: Vec<Option<Divider>> = col_sum.iter().map(|s| Divider::new(*s)).collect();
    let previous = ctx.previous(|c, v| match &divs[usize::from(c)] {
        Some(d) => I32F32::from_bits(d.div(u64::from(v) << 32) as i64),
        None => ZERO,
    });

    // Purchases: W_b scaled by active stake, column-normalised. Streamed twice: once for
    // the column sums, once for the values.
    let mut sums = vec![ZERO; ctx.n];
    for i in 0..ctx.n {
        for (c, v) in ctx.bond_weights.row(i) {
            let s = &mut sums[usize::from(c)];
            *s = math::add(*s, math::mul(v, ctx.active_stake[i]));
        }
    }
    let delta = Purchases {
        weights: ctx.bond_weights,
        stake: ctx.active_stake,
        divs: sums.iter().map(|s| FixedDiv::new(*s)).collect(),
        sums,
    };

    let (mut ema, _, _) = ema_fixed(ctx.n, ctx.capacity(), ctx.ema_alpha, &delta, &previous);
    ema.col_normalize(ctx.n);

    let mut dividends: Vec<I32F32> = (0..ctx.n)
        .map(|i| {
            let (cols, vals) = ema.row(i);
            cols.iter().zip(vals).fold(ZERO, |acc, (c, b)| {
                math::add(acc, math::mul(ctx.incentive[usize::from(*c)], *b))
            })
        })
        .collect();
    math::normalize(&mut dividends);

    ema.col_max_upscale(ctx.n);
    (dividends, ema)
}

/// `alpha * new + (1 - alpha) * old` element-wise (each product floored), strictly
/// positive results only, each row in ascending column order: the chain's
/// `mat_ema_sparse`. Also returns the column sums of the result and the row sums of `new`.
fn ema_fixed(
    n: usize,
    capacity: usize,
    alpha: I32F32,
    new: &impl RowSource,
    old: &impl RowSource,
) -> (Csr, Vec<I32F32>, Vec<I32F32>) {
    let keep = ONE.saturating_sub(alpha);
    let mut out = Csr::with_capacity(n, capacity);
    let mut sums = vec![ZERO; n];
    let mut new_sums = Vec::with_capacity(n);
    let emit = |out: &mut Csr, sums: &mut [I32F32], c: u16, v: I32F32| {
        if v > ZERO {
            out.push(c, v);
            let s = &mut sums[usize::from(c)];
            *s = math::add(*s, v);
        }
    };
    let mut new_row: Vec<(u16, I32F32)> = Vec::with_capacity(n);
    let mut old_row: Vec<(u16, I32F32)> = Vec::with_capacity(n);
    let mut dense = DenseRow::default();
    for i in 0..n {
        let mut new_sum = ZERO;
        if new.sorted(i) && old.sorted(i) {
            // Merge of two strictly increasing rows, copied to scratch slices first.
            new_row.clear();
            new_row.extend(new.row(i));
            old_row.clear();
            old_row.extend(old.row(i));
            let (mut a, mut b) = (0usize, 0usize);
            while a < new_row.len() && b < old_row.len() {
                let (ca, wa) = new_row[a];
                let (cb, vb) = old_row[b];
                if ca == cb {
                    new_sum = math::add(new_sum, wa);
                    emit(
                        &mut out,
                        &mut sums,
                        ca,
                        math::add(math::mul(alpha, wa), math::mul(keep, vb)),
                    );
                    a += 1;
                    b += 1;
                } else if ca < cb {
                    new_sum = math::add(new_sum, wa);
                    emit(&mut out, &mut sums, ca, math::mul(alpha, wa));
                    a += 1;
                } else {
                    emit(&mut out, &mut sums, cb, math::mul(keep, vb));
                    b += 1;
                }
            }
            for &(c, w) in &new_row[a..] {
                new_sum = math::add(new_sum, w);
                emit(&mut out, &mut sums, c, math::mul(alpha, w));
            }
            for &(c, v) in &old_row[b..] {
                emit(&mut out, &mut sums, c, math::mul(keep, v));
            }
        } else {
            let scaled_new = new.row(i).map(|(c, v)| {
                new_sum = math::add(new_sum, v);
                (c, math::mul(alpha, v))
            });
            let scaled_old = old.row(i).map(|(c, v)| (c, math::mul(keep, v)));
            dense.accumulate(scaled_new.chain(scaled_old), &mut out, &mut sums);
        }
        new_sums.push(new_sum);
        out.end_row();
    }
    (out, sums, new_sums)
}

/// Scratch for adding up a row whose entries are not sorted by uid: a dense accumulator
/// plus the list of touched columns.
#[derive(Default)]
struct DenseRow {
    acc: Vec<I32F32>,
    seen: Vec<bool>,
    touched: Vec<u16>,
}

impl DenseRow {
    /// Adds up `items` per column and appends the strictly positive sums to `out` in
    /// ascending column order (and to the column sums).
    fn accumulate(
        &mut self,
        items: impl Iterator<Item = (u16, I32F32)>,
        out: &mut Csr,
        col_sums: &mut [I32F32],
    ) {
        if self.acc.len() < col_sums.len() {
            self.acc = vec![ZERO; col_sums.len()];
            self.seen = vec![false; col_sums.len()];
        }
        self.touched.clear();
        for (c, v) in items {
            let j = usize::from(c);
            if !self.seen[j] {
                self.seen[j] = true;
                self.touched.push(c);
            }
            self.acc[j] = math::add(self.acc[j], v);
        }
        self.touched.sort_unstable();
        for &c in &self.touched {
            let j = usize::from(c);
            let v = self.acc[j];
            if v > ZERO {
                out.push(c, v);
                col_sums[j] = math::add(col_sums[j], v);
            }
            self.acc[j] = ZERO;
            self.seen[j] = false;
        }
    }
}

/// [`ema_fixed`] for W_b = W or W̄ and the stored Yuma 3 bonds, reading both straight from
/// their stored `(uid, u16)` slices. For a fixed EMA factor an entry clipped away (consensus
/// 0) behaves exactly like an entry of value 0 (`min(w, 0)`): it buys nothing and adds
/// nothing to the row sum.
fn ema_fixed_direct(
    ctx: &BondContext<'_>,
    weights: &Weights,
    clip: Option<&[I32F32]>,
) -> (Csr, Vec<I32F32>, Vec<I32F32>) {
    let n = ctx.n;
    let alpha = ctx.ema_alpha;
    let keep = ONE.saturating_sub(alpha);
    let mut out = Csr::with_capacity(n, ctx.capacity());
    let mut col_sums = vec![ZERO; n];
    let mut row_sums = Vec::with_capacity(n);
    let mut dense = DenseRow::default();
    let empty: &[(u16, u16)] = &[];
    for i in 0..n {
        let (w_row, d) = weights.raw_row(i);
        let b_row = ctx.bonds.get(i).map_or(empty, Vec::as_slice);
        let bond_weight = |c: u16, raw: u16| {
            let v = weights::value(d, raw);
            clip.map_or(v, |cons| math::min(v, cons[usize::from(c)]))
        };
        let mut row_sum = ZERO;
        if weights.row_sorted(i) && b_row.is_sorted_by(|x, y| x.0 < y.0) {
            let mut emit = |c: u16, v: I32F32| {
                if v > ZERO {
                    out.push(c, v);
                    col_sums[usize::from(c)] = math::add(col_sums[usize::from(c)], v);
                }
            };
            let (mut a, mut b) = (0usize, 0usize);
            while a < w_row.len() {
                let (ca, raw) = w_row[a];
                match b_row.get(b) {
                    Some(&(cb, _)) if !ctx.keep_col[usize::from(cb)] => b += 1,
                    Some(&(cb, stored)) if cb < ca => {
                        emit(cb, math::mul(keep, math::u16_proportion(stored)));
                        b += 1;
                    }
                    Some(&(cb, stored)) if cb == ca => {
                        let w = bond_weight(ca, raw);
                        row_sum = math::add(row_sum, w);
                        let old = math::mul(keep, math::u16_proportion(stored));
                        emit(ca, math::add(math::mul(alpha, w), old));
                        a += 1;
                        b += 1;
                    }
                    _ => {
                        let w = bond_weight(ca, raw);
                        row_sum = math::add(row_sum, w);
                        emit(ca, math::mul(alpha, w));
                        a += 1;
                    }
                }
            }
            for &(cb, stored) in &b_row[b..] {
                if ctx.keep_col[usize::from(cb)] {
                    emit(cb, math::mul(keep, math::u16_proportion(stored)));
                }
            }
        } else {
            let new = w_row.iter().map(|&(c, raw)| {
                let w = bond_weight(c, raw);
                row_sum = math::add(row_sum, w);
                (c, math::mul(alpha, w))
            });
            let old = b_row
                .iter()
                .filter(|(c, _)| ctx.keep_col[usize::from(*c)])
                .map(|&(c, v)| (c, math::mul(keep, math::u16_proportion(v))));
            dense.accumulate(new.chain(old), &mut out, &mut col_sums);
        }
        row_sums.push(row_sum);
        out.end_row();
    }
    (out, col_sums, row_sums)
}

/// Liquid alpha EMA, the chain's `mat_ema_alpha_sparse` with per-element factors: only the
/// columns present in the W_b row are updated (bonds elsewhere in the row are dropped),
/// `min(1, (1 - a) * b + max(0, a * w))`, strictly positive results kept, W_b row order.
/// The previous bond that enters the factor is looked up with a cursor that assumes both
/// rows are sorted by uid; entries out of order read as 0 there.
fn ema_liquid(
    n: usize,
    capacity: usize,
    consensus: &[I32F32],
    la: &LiquidAlpha,
    new: &impl RowSource,
    old: &impl RowSource,
) -> (Csr, Vec<I32F32>) {
    let mut out = Csr::with_capacity(n, capacity);
    let mut new_sums = Vec::with_capacity(n);
    let mut dense = vec![ZERO; n];
    let mut old_row: Vec<(u16, I32F32)> = Vec::new();
    for i in 0..n {
        old_row.clear();
        old_row.extend(old.row(i));
        for (c, v) in &old_row {
            dense[usize::from(*c)] = *v;
        }
        let mut cursor = 0usize;
        let mut new_sum = ZERO;
        for (c, w) in new.row(i) {
            new_sum = math::add(new_sum, w);
            let mut b_seen = ZERO;
            while let Some(&(bc, bv)) = old_row.get(cursor) {
                if bc < c {
                    cursor += 1;
                } else {
                    if bc == c {
                        b_seen = bv;
                        cursor += 1;
                    }
                    break;
                }
            }
            let j = usize::from(c);
            let a = la.alpha(consensus[j], w, b_seen);
            let decayed = math::mul(ONE.saturating_sub(a), dense[j]);
            let bought = math::mul(a, w).max(ZERO);
            let value = decayed.saturating_add(bought).min(ONE);
            if value > ZERO {
                out.push(c, value);
            }
        }
        for (c, _) in &old_row {
            dense[usize::from(*c)] = ZERO;
        }
        new_sums.push(new_sum);
        out.end_row();
    }
    (out, new_sums)
}

/// The stored bonds as a row source: masked by the new-registration rule and converted.
struct Previous<'a, F> {
    bonds: &'a [SparseRow],
    keep_col: &'a [bool],
    convert: F,
}

/// Iterator over one row of [`Previous`].
struct PreviousRow<'a, F> {
    entries: std::slice::Iter<'a, (u16, u16)>,
    keep_col: &'a [bool],
    convert: &'a F,
}

impl<F: Fn(u16, u16) -> I32F32> Iterator for PreviousRow<'_, F> {
    type Item = (u16, I32F32);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let &(c, v) = self.entries.next()?;
            if self.keep_col[usize::from(c)] {
                return Some((c, (self.convert)(c, v)));
            }
        }
    }
}

impl<F: Fn(u16, u16) -> I32F32> Previous<'_, F> {
    fn stored(&self, i: usize) -> &[(u16, u16)] {
        self.bonds.get(i).map_or(&[], Vec::as_slice)
    }
}

impl<F: Fn(u16, u16) -> I32F32> RowSource for Previous<'_, F> {
    type Iter<'s>
        = PreviousRow<'s, F>
    where
        Self: 's;

    fn row(&self, i: usize) -> PreviousRow<'_, F> {
        PreviousRow {
            entries: self.stored(i).iter(),
            keep_col: self.keep_col,
            convert: &self.convert,
        }
    }

    fn sorted(&self, i: usize) -> bool {
        // Masking keeps the order, so the stored row decides.
        self.stored(i).is_sorted_by(|a, b| a.0 < b.0)
    }
}

/// Classic purchases `W_b[i][j] * S_act[i]`, divided by their column sums.
struct Purchases<'a> {
    weights: &'a BondWeights<'a>,
    stake: &'a [I32F32],
    sums: Vec<I32F32>,
    divs: Vec<FixedDiv>,
}

/// Iterator over one row of [`Purchases`].
struct PurchaseRow<'a> {
    inner: BondRow<'a>,
    stake: I32F32,
    sums: &'a [I32F32],
    divs: &'a [FixedDiv],
}

impl Iterator for PurchaseRow<'_> {
    type Item = (u16, I32F32);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let (c, v) = self.inner.next()?;
        let j = usize::from(c);
        let x = math::mul(v, self.stake);
        Some((c, if self.sums[j] == ZERO { x } else { self.divs[j].div(x) }))
    }
}

impl RowSource for Purchases<'_> {
    type Iter<'s>
        = PurchaseRow<'s>
    where
        Self: 's;

    fn row(&self, i: usize) -> PurchaseRow<'_> {
        PurchaseRow {
            inner: self.weights.row(i),
            stake: self.stake[i],
            sums: &self.sums,
            divs: &self.divs,
        }
    }

    fn sorted(&self, i: usize) -> bool {
        self.weights.sorted(i)
    }
}
