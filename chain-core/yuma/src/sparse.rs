//! A compressed sparse row matrix of I32F32 values with u16 column ids.
//!
//! Rows keep the order in which their entries were stored: the chain never sorts a stored
//! weights or bonds row, and one liquid-alpha detail depends on that order.
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

use substrate_fixed::types::I32F32;

/// Sparse rows `(column, value)`, one row per uid.
#[derive(Clone, Debug, Default)]
pub(super) struct Csr {
    /// `offsets[i]..offsets[i + 1]` is row i's range in `cols`/`vals`.
    offsets: Vec<usize>,
    cols: Vec<u16>,
    vals: Vec<I32F32>,
}

impl Csr {
    /// An empty matrix with room for `entries` entries; rows are appended with [`Self::push`]
    /// and closed with [`Self::end_row`].
    pub(super) fn with_capacity(rows: usize, entries: usize) -> Self {
        let mut offsets = Vec::with_capacity(rows + 1);
        offsets.push(0);
        Self { offsets, cols: Vec::with_capacity(entries), vals: Vec::with_capacity(entries) }
    }

    /// Appends an entry to the row being built.
    #[inline]
    pub(super) fn push(&mut self, col: u16, val: I32F32) {
        self.cols.push(col);
        self.vals.push(val);
    }

    /// Closes the row being built.
    #[inline]
    pub(super) fn end_row(&mut self) {
        self.offsets.push(self.cols.len());
    }

    /// Total number of stored entries.
    pub(super) fn nnz(&self) -> usize {
        self.cols.len()
    }

    /// Row `i`: its columns and values.
    #[inline]
    pub(super) fn row(&self, i: usize) -> (&[u16], &[I32F32]) {
        let (a, b) = (self.offsets[i], self.offsets[i + 1]);
        (&self.cols[a..b], &self.vals[a..b])
    }

    /// Sum of each column.
    pub(super) fn col_sums(&self, n: usize) -> Vec<I32F32> {
        let mut sums = vec![super::math::ZERO; n];
        for (c, v) in self.cols.iter().zip(&self.vals) {
            let s = &mut sums[usize::from(*c)];
            *s = super::math::add(*s, *v);
        }
        sums
    }

    /// Divides every entry by its column sum (columns summing to 0 are left alone), the
    /// chain's `inplace_col_normalize_sparse`.
    pub(super) fn col_normalize(&mut self, n: usize) {
        let sums = self.col_sums(n);
        self.divide_by_cols(&sums);
    }

    /// Divides every entry by its column maximum, the chain's `inplace_col_max_upscale_sparse`.
    pub(super) fn col_max_upscale(&mut self, n: usize) {
        let mut max = vec![super::math::ZERO; n];
        for (c, v) in self.cols.iter().zip(&self.vals) {
            let m = &mut max[usize::from(*c)];
            if *m < *v {
                *m = *v;
            }
        }
        self.divide_by_cols(&max);
    }

    fn divide_by_cols(&mut self, divisors: &[I32F32]) {
        let divs: Vec<super::math::FixedDiv> =
            divisors.iter().map(|d| super::math::FixedDiv::new(*d)).collect();
        for (c, v) in self.cols.iter().zip(self.vals.iter_mut()) {
            let j = usize::from(*c);
            if divisors[j] != super::math::ZERO {
                *v = divs[j].div(*v);
            }
        }
    }
}

/// Something that yields matrix rows one at a time, without storing them.
pub(super) trait RowSource {
    /// Iterator over one row's `(column, value)` entries, in the row's order.
    type Iter<'s>: Iterator<Item = (u16, I32F32)>
    where
        Self: 's;

    /// Row `i`.
    fn row(&self, i: usize) -> Self::Iter<'_>;

    /// Whether the columns of row `i` strictly increase.
    fn sorted(&self, i: usize) -> bool;
}

impl RowSource for Csr {
    type Iter<'s> = std::iter::Zip<
        std::iter::Copied<std::slice::Iter<'s, u16>>,
        std::iter::Copied<std::slice::Iter<'s, I32F32>>,
    >;

    fn row(&self, i: usize) -> Self::Iter<'_> {
        let (cols, vals) = Csr::row(self, i);
        cols.iter().copied().zip(vals.iter().copied())
    }

    fn sorted(&self, i: usize) -> bool {
        Csr::row(self, i).0.is_sorted_by(|a, b| a < b)
    }
}
