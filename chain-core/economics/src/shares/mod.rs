//! Share-pool accounting per (hotkey, subnet) (spec §4.3) and delegate take (spec §4.4).
//!
//! Each (hotkey, netuid) pair is a [`SharePool`]: the pool value `V` (alpha-RAO,
//! `TotalHotkeyAlpha`), the share denominator `D` (`TotalHotkeySharesV2`) and each coldkey's
//! shares `s_c` (`AlphaV2`). Shares are [`ShareFloat`]s, a 21-digit decimal float with the real
//! chain's truncating arithmetic, so the numbers match the chain's:
//!
//! * value of `c`: `v_c = floor(V · s_c / D)`;
//! * add `Δ` for one key: first deposit into an empty pool sets `s_c = D = Δ`; otherwise
//!   `Δs = Δ · D / V` (truncated), `s_c += Δs`, `D += Δs`, then `V += Δ`;
//! * remove `Δ` for one key: refused if `v_c < Δ`; else the same with minus signs;
//! * add `Δ` for everyone (nominator dividends): `V += Δ`, shares untouched.
//!
//! **Rounding.** Truncation makes `Σ s_c` and `D` drift apart by at most one unit in the 21st
//! digit of `D` per operation, so `Σ v_c` stays within `n + 1` RAO of `V` (n = number of holders)
//! for any realistic pool (V < 10^18 and fewer than 10^3 operations between checks); the
//! property tests check `V − (n + 1) ≤ Σ v_c ≤ V + 1`.
//!
//! **Pinned differences from the chain** (behaviour, not rounding): removing more than a key
//! holds returns [`ShareError::InsufficientStake`] instead of silently doing nothing; a deposit too
//! small to mint any share returns [`ShareError::AmountTooSmall`] (the chain's pre-check refuses
//! it too); and a deposit into a pool whose value has fallen to 0 while shares remain resets the
//! pool (drops the worthless shares) instead of handing the deposit to the old holders.

pub mod float;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use float::ShareFloat;

/// `u16` ratios (takes) are parts of this denominator.
pub const TAKE_DENOMINATOR: u64 = 65_535;
/// `MaxDelegateTake` and the default take: 11,796 / 65535 ≈ 18 %.
pub const MAX_DELEGATE_TAKE: u16 = 11_796;
/// `MinDelegateTake`: 0.
pub const MIN_DELEGATE_TAKE: u16 = 0;
/// The take a new delegate gets (equal to the maximum).
pub const DEFAULT_DELEGATE_TAKE: u16 = MAX_DELEGATE_TAKE;
/// `TxDelegateTakeRateLimit`: a take may rise at most once per this many blocks (30 days).
pub const TAKE_RATE_LIMIT_BLOCKS: u64 = 216_000;

/// Share-pool errors. Nothing changes when one is returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ShareError {
    /// The key holds less value than it asked to remove.
    #[error("insufficient stake: holds {available}, asked to remove {requested}")]
    InsufficientStake {
        /// Current value of the key.
        available: u64,
        /// Amount asked for.
        requested: u64,
    },
    /// The deposit is too small relative to the pool to mint any share.
    #[error("amount too small to mint shares")]
    AmountTooSmall,
    /// Value added for every holder of a pool that has none.
    #[error("share pool has no holders")]
    NoHolders,
    /// The pool value or a share exponent would overflow.
    #[error("share pool overflow")]
    Overflow,
}

/// One (hotkey, subnet) share pool, keyed by coldkey `K`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharePool<K: Ord> {
    value: u64,
    denominator: ShareFloat,
    shares: BTreeMap<K, ShareFloat>,
}

impl<K: Ord> Default for SharePool<K> {
    fn default() -> Self {
        Self { value: 0, denominator: ShareFloat::ZERO, shares: BTreeMap::new() }
    }
}

impl<K: Ord + Clone> SharePool<K> {
    /// An empty pool.
    pub fn new() -> Self {
        Self::default()
    }

    /// The pool value `V` (alpha-RAO).
    pub fn total_value(&self) -> u64 {
        self.value
    }

    /// The share denominator `D`.
    pub fn denominator(&self) -> ShareFloat {
        self.denominator
    }

    /// A key's shares (zero if absent).
    pub fn shares_of(&self, key: &K) -> ShareFloat {
        self.shares.get(key).copied().unwrap_or(ShareFloat::ZERO)
    }

    /// Every holder with non-zero shares, in key order.
    pub fn holders(&self) -> impl Iterator<Item = (&K, &ShareFloat)> {
        self.shares.iter()
    }

    /// The value of some shares: `floor(V · s / D)` (0 for an empty pool).
    pub fn value_of_shares(&self, shares: &ShareFloat) -> u64 {
        ShareFloat::from_u64(self.value)
            .mul_div(shares, &self.denominator)
            .map(|v| v.to_u64())
            .unwrap_or(0)
    }

    /// A key's value in alpha-RAO.
    pub fn value_of(&self, key: &K) -> u64 {
        self.value_of_shares(&self.shares_of(key))
    }

    /// Shares a deposit of `amount` would mint now (`None`: the pool is empty or worthless, so
    /// the deposit would start it afresh with `shares = amount`).
    pub fn shares_for_deposit(&self, amount: u64) -> Option<ShareFloat> {
        if self.denominator.is_zero() || self.value == 0 {
            return None;
        }
        Some(
            ShareFloat::from_u64(amount)
                .mul_div(&self.denominator, &ShareFloat::from_u64(self.value))
                .unwrap_or(ShareFloat::ZERO),
        )
    }

    /// Adds `amount` of value for one key (stake, miner incentive, validator take).
    pub fn add_for_one(&mut self, key: &K, amount: u64) -> Result<(), ShareError> {
        if amount == 0 {
            return Ok(());
        }
        let new_value = self.value.checked_add(amount).ok_or(ShareError::Overflow)?;
        match self.shares_for_deposit(amount) {
            None => {
                // Empty (or worthless) pool: the depositor gets everything.
                let s = ShareFloat::from_u64(amount);
                self.shares.clear();
                self.shares.insert(key.clone(), s);
                self.denominator = s;
            }
            Some(ds) if ds.is_zero() => return Err(ShareError::AmountTooSmall),
            Some(ds) => {
                let d = self.denominator.add(&ds).ok_or(ShareError::Overflow)?;
                let s = self.shares_of(key).add(&ds).ok_or(ShareError::Overflow)?;
                self.denominator = d;
                self.shares.insert(key.clone(), s);
            }
        }
        self.value = new_value;
        Ok(())
    }

    /// Removes `amount` of value from one key (unstake). Fails if the key holds less.
    pub fn remove_for_one(&mut self, key: &K, amount: u64) -> Result<(), ShareError> {
        if amount == 0 {
            return Ok(());
        }
        let available = self.value_of(key);
        if available < amount {
            return Err(ShareError::InsufficientStake { available, requested: amount });
        }
        // available ≥ amount > 0 implies V > 0 and D > 0.
        let ds = ShareFloat::from_u64(amount)
            .mul_div(&self.denominator, &ShareFloat::from_u64(self.value))
            .ok_or(ShareError::Overflow)?;
        let d = self.denominator.sub(&ds).ok_or(ShareError::Overflow)?;
        let s = self.shares_of(key).sub(&ds).ok_or(ShareError::Overflow)?;
        self.denominator = d;
        if s.is_zero() {
            self.shares.remove(key);
        } else {
            self.shares.insert(key.clone(), s);
        }
        // available ≤ value and amount ≤ available (checked above).
        self.value = self.value.saturating_sub(amount);
        Ok(())
    }

    /// Adds `amount` to the pool value for every holder pro rata (nominator dividends).
    /// Fails on a pool without shares, where the value would belong to nobody.
    pub fn add_for_all(&mut self, amount: u64) -> Result<(), ShareError> {
        if amount == 0 {
            return Ok(());
        }
        if self.denominator.is_zero() {
            return Err(ShareError::NoHolders);
        }
        self.value = self.value.checked_add(amount).ok_or(ShareError::Overflow)?;
        Ok(())
    }

    /// Removes up to `amount` from the pool value for every holder pro rata; returns the amount
    /// removed.
    pub fn remove_for_all(&mut self, amount: u64) -> u64 {
        let removed = amount.min(self.value);
        self.value = self.value.saturating_sub(removed);
        removed
    }

    /// Sum of every holder's value (for invariant checks).
    pub fn sum_of_values(&self) -> u128 {
        self.shares.values().map(|s| u128::from(self.value_of_shares(s))).sum()
    }
}

/// The take on an amount: `floor(amount × take / 65535)`.
pub fn take_of(amount: u64, take: u16) -> u64 {
    // amount × take < 2^80 and the quotient is ≤ amount.
    let part = super::wide::mul64(amount, u64::from(take))
        .checked_div(u128::from(TAKE_DENOMINATOR))
        .unwrap_or(0);
    u64::try_from(part).unwrap_or(amount)
}

/// Pays a validator's alpha dividend into its hotkey pool (spec §2.6 step 6): the take goes to
/// the owner coldkey as a deposit, the rest is added for every holder. Returns
/// `(owner_part, everyone_part)`. A take too small to mint a share is added for everyone
/// instead (as on chain, where such a deposit raises `V` without minting shares); a pool with
/// no holders gives the whole dividend to the owner.
pub fn distribute_dividend<K: Ord + Clone>(
    pool: &mut SharePool<K>,
    owner: &K,
    dividend: u64,
    take: u16,
) -> Result<(u64, u64), ShareError> {
    pool.value.checked_add(dividend).ok_or(ShareError::Overflow)?;
    if pool.denominator.is_zero() || pool.value == 0 {
        pool.add_for_one(owner, dividend)?;
        return Ok((dividend, 0));
    }
    let owner_part = take_of(dividend, take);
    let owner_part = match pool.add_for_one(owner, owner_part) {
        Ok(()) => owner_part,
        Err(ShareError::AmountTooSmall) => 0,
        Err(e) => return Err(e),
    };
    let rest = dividend.saturating_sub(owner_part);
    pool.add_for_all(rest)?;
    Ok((owner_part, rest))
}

/// Bounds and rate limit of delegate takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TakeBounds {
    /// `MinDelegateTake` (parts of 65535).
    pub min: u16,
    /// `MaxDelegateTake` (parts of 65535).
    pub max: u16,
    /// Blocks that must pass between take increases.
    pub rate_limit_blocks: u64,
}

impl Default for TakeBounds {
    fn default() -> Self {
        Self {
            min: MIN_DELEGATE_TAKE,
            max: MAX_DELEGATE_TAKE,
            rate_limit_blocks: TAKE_RATE_LIMIT_BLOCKS,
        }
    }
}

/// Why a take change is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TakeError {
    /// An increase that is not above the current take, or a decrease below the minimum.
    #[error("take too low")]
    TooLow,
    /// An increase above the maximum, or a decrease that is not below the current take.
    #[error("take too high")]
    TooHigh,
    /// An increase within the rate-limit window of the last change.
    #[error(
        "take changed at block {last_change}, next increase allowed after block {allowed_after}"
    )]
    RateLimited {
        /// Block of the last change.
        last_change: u64,
        /// The window ends at this block (an increase needs `now > allowed_after`).
        allowed_after: u64,
    },
}

/// Checks a take increase (spec §4.4): strictly above the current take, at most the maximum,
/// and more than `rate_limit_blocks` after the last change (`last_change_block = 0` = never).
pub fn check_take_increase(
    current: u16,
    new: u16,
    last_change_block: u64,
    now: u64,
    bounds: &TakeBounds,
) -> Result<(), TakeError> {
    if new <= current {
        return Err(TakeError::TooLow);
    }
    if new > bounds.max {
        return Err(TakeError::TooHigh);
    }
    let limited = bounds.rate_limit_blocks != 0
        && last_change_block != 0
        && now.saturating_sub(last_change_block) <= bounds.rate_limit_blocks;
    if limited {
        return Err(TakeError::RateLimited {
            last_change: last_change_block,
            allowed_after: last_change_block.saturating_add(bounds.rate_limit_blocks),
        });
    }
    Ok(())
}

/// Checks a take decrease: strictly below the current take and at least the minimum. Allowed at
/// any time (it still resets the rate-limit clock).
pub fn check_take_decrease(current: u16, new: u16, bounds: &TakeBounds) -> Result<(), TakeError> {
    if new >= current {
        return Err(TakeError::TooHigh);
    }
    if new < bounds.min {
        return Err(TakeError::TooLow);
    }
    Ok(())
}

#[cfg(test)]
mod tests;
