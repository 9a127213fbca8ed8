//! TAO supply: the 21M cap, block emission halving by **issuance** (not height), and the
//! mint / recycle bookkeeping of spec §1.2–§1.3.
//!
//! The emission rule is `emission = 1 TAO × 2^(−k)` with
//! `k = floor(log2(1 / (1 − I / 21M TAO)))` and `emission = 0` once `I ≥ 21M TAO`. We evaluate it
//! with exact integers: `k` is the largest integer with `2^k × (S − I) ≤ S`, so era `k` starts
//! exactly at `I = S × (1 − 2^−k)` (10.5M, 15.75M, 18.375M, … TAO). The real chain computes the
//! same step function through 32-fractional-bit fixed point and a `log2` approximation, so right at
//! a threshold it may switch within a few million RAO (≈ 0.005 TAO) of issuance of ours;
//! everywhere else the two agree.
//!
//! The same function gives a subnet's alpha emission when applied to its alpha issuance
//! (`SubnetAlphaIn + SubnetAlphaOut`).
//!
//! "Recycle" removes TAO from existence and lowers `TotalIssuance` (delaying halvings); a TAO
//! "burn" is only a transfer to the burn account and does not touch issuance, so it has no method
//! here.

use serde::{Deserialize, Serialize};

pub use tao_primitives::RAO_PER_TAO;
/// The supply cap, 21,000,000 TAO in RAO (also the per-subnet alpha cap).
pub const MAX_SUPPLY_RAO: u64 = 21_000_000 * RAO_PER_TAO;
/// Emission per block before the first halving: 1 TAO.
pub const BASE_BLOCK_EMISSION_RAO: u64 = RAO_PER_TAO;

/// Errors of supply bookkeeping. Nothing changes when one is returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SupplyError {
    /// A mint would push total issuance above the 21M TAO cap.
    #[error("minting {requested} RAO exceeds the supply cap (headroom {headroom} RAO)")]
    CapExceeded {
        /// RAO asked for.
        requested: u64,
        /// RAO that could still be minted.
        headroom: u64,
    },
    /// A recycle asked to remove more TAO than exists.
    #[error("recycling {requested} RAO exceeds total issuance {issuance} RAO")]
    RecycleExceedsIssuance {
        /// RAO asked for.
        requested: u64,
        /// Current total issuance in RAO.
        issuance: u64,
    },
    /// A counter overflowed (cannot happen below the cap; kept for checked arithmetic).
    #[error("supply arithmetic overflow")]
    Overflow,
}

/// The halving era `k` for an issuance, or `None` once the cap is reached (emission 0).
///
/// `k` is the largest integer with `2^k × (MAX_SUPPLY − issuance) ≤ MAX_SUPPLY`.
pub fn halving_era(issuance_rao: u64) -> Option<u32> {
    if issuance_rao >= MAX_SUPPLY_RAO {
        return None;
    }
    let remaining = u128::from(MAX_SUPPLY_RAO.saturating_sub(issuance_rao));
    let cap = u128::from(MAX_SUPPLY_RAO);
    let mut k: u32 = 0;
    // remaining >= 1 and cap < 2^55, so this ends before k = 56 and never overflows u128.
    while remaining.checked_shl(k.saturating_add(1)).is_some_and(|v| v <= cap) {
        k = k.saturating_add(1);
    }
    Some(k)
}

/// Block emission in RAO for a total issuance in RAO: `floor(1 TAO / 2^k)`, 0 at the cap.
///
/// Applied to a subnet's alpha issuance it gives that subnet's alpha emission in alpha-RAO.
pub fn block_emission(total_issuance_rao: u64) -> u64 {
    match halving_era(total_issuance_rao) {
        Some(k) if k < 64 => BASE_BLOCK_EMISSION_RAO >> k,
        _ => 0,
    }
}

/// The issuance (RAO) at which halving era `k` begins: the least `I` with
/// `2^k × (S − I) ≤ S`, i.e. `S − floor(S / 2^k)`. Era 0 begins at 0.
pub fn halving_threshold(era: u32) -> u64 {
    if era >= 64 {
        return MAX_SUPPLY_RAO;
    }
    MAX_SUPPLY_RAO.saturating_sub(MAX_SUPPLY_RAO >> era)
}

/// What a block actually mints at an issuance: `min(emission(I), 21M − I)` (spec §1.2 cap).
pub fn block_mint_amount(total_issuance_rao: u64) -> u64 {
    block_emission(total_issuance_rao).min(MAX_SUPPLY_RAO.saturating_sub(total_issuance_rao))
}

/// Total TAO issuance with checked mint and recycle, plus running totals so conservation
/// (`issuance = initial + minted − recycled`) can be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Supply {
    total_issuance: u64,
    initial: u64,
    minted: u64,
    recycled: u64,
}

impl Supply {
    /// A supply starting at `initial_issuance_rao` (the genesis balances). Fails above the cap.
    pub fn new(initial_issuance_rao: u64) -> Result<Self, SupplyError> {
        if initial_issuance_rao > MAX_SUPPLY_RAO {
            return Err(SupplyError::CapExceeded {
                requested: initial_issuance_rao,
                headroom: MAX_SUPPLY_RAO,
            });
        }
        Ok(Self {
            total_issuance: initial_issuance_rao,
            initial: initial_issuance_rao,
            minted: 0,
            recycled: 0,
        })
    }

    /// Current total issuance in RAO (`TotalIssuance`).
    pub fn total_issuance(&self) -> u64 {
        self.total_issuance
    }

    /// Issuance at creation, in RAO.
    pub fn initial_issuance(&self) -> u64 {
        self.initial
    }

    /// RAO minted since creation.
    pub fn total_minted(&self) -> u64 {
        self.minted
    }

    /// RAO recycled since creation.
    pub fn total_recycled(&self) -> u64 {
        self.recycled
    }

    /// RAO that may still be minted before the cap.
    pub fn headroom(&self) -> u64 {
        MAX_SUPPLY_RAO.saturating_sub(self.total_issuance)
    }

    /// The emission rate at the current issuance (RAO per block).
    pub fn block_emission(&self) -> u64 {
        block_emission(self.total_issuance)
    }

    /// Mints this block's emission, capped by the headroom, and returns the RAO minted.
    pub fn mint_block_emission(&mut self) -> Result<u64, SupplyError> {
        let amount = block_mint_amount(self.total_issuance);
        self.mint(amount)?;
        Ok(amount)
    }

    /// Mints `amount_rao` (e.g. a dev faucet). Fails, changing nothing, if the cap would be passed.
    pub fn mint(&mut self, amount_rao: u64) -> Result<(), SupplyError> {
        let headroom = self.headroom();
        if amount_rao > headroom {
            return Err(SupplyError::CapExceeded { requested: amount_rao, headroom });
        }
        let issuance = self.total_issuance.checked_add(amount_rao).ok_or(SupplyError::Overflow)?;
        let minted = self.minted.checked_add(amount_rao).ok_or(SupplyError::Overflow)?;
        self.total_issuance = issuance;
        self.minted = minted;
        Ok(())
    }

    /// Recycles `amount_rao`: the TAO stops existing and can be emitted again later.
    pub fn recycle(&mut self, amount_rao: u64) -> Result<(), SupplyError> {
        let issuance = self.total_issuance.checked_sub(amount_rao).ok_or(
            SupplyError::RecycleExceedsIssuance {
                requested: amount_rao,
                issuance: self.total_issuance,
            },
        )?;
        let recycled = self.recycled.checked_add(amount_rao).ok_or(SupplyError::Overflow)?;
        self.total_issuance = issuance;
        self.recycled = recycled;
        Ok(())
    }

    /// `initial + minted − recycled == total_issuance` and `total_issuance ≤ cap`.
    pub fn is_conserved(&self) -> bool {
        // Three u64 values: the sum and difference stay far inside i128.
        let expected = i128::from(self.initial)
            .saturating_add(i128::from(self.minted))
            .saturating_sub(i128::from(self.recycled));
        expected == i128::from(self.total_issuance) && self.total_issuance <= MAX_SUPPLY_RAO
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TAO: u64 = RAO_PER_TAO;

    #[test]
    fn halving_table_of_spec_1_2() {
        let table: [(u64, u64); 6] = [
            (0, TAO),
            (10_500_000 * TAO, TAO / 2),
            (15_750_000 * TAO, TAO / 4),
            (18_375_000 * TAO, TAO / 8),
            (19_687_500 * TAO, TAO / 16),
            (20_343_750 * TAO, TAO / 32),
        ];
        for (k, (start, emission)) in table.into_iter().enumerate() {
            assert_eq!(halving_threshold(k as u32), start, "threshold of era {k}");
            assert_eq!(block_emission(start), emission, "emission at start of era {k}");
            if start > 0 {
                assert_eq!(block_emission(start - 1), emission * 2, "one RAO before era {k}");
            }
        }
        assert_eq!(emission_values(), [1_000_000_000, 500_000_000, 250_000_000, 125_000_000]);
    }

    fn emission_values() -> [u64; 4] {
        [0, 1, 2, 3].map(|k| block_emission(halving_threshold(k)))
    }

    #[test]
    fn emission_is_zero_at_and_above_the_cap() {
        assert_eq!(block_emission(MAX_SUPPLY_RAO), 0);
        assert_eq!(block_emission(u64::MAX), 0);
        assert_eq!(halving_era(MAX_SUPPLY_RAO), None);
        // One RAO short of the cap: k is large, emission floors to 0 long before.
        assert_eq!(block_emission(MAX_SUPPLY_RAO - 1), 0);
        assert_eq!(block_emission(halving_threshold(29)), 1);
        assert_eq!(block_emission(halving_threshold(30)), 0);
    }

    #[test]
    fn mint_is_capped_by_headroom() {
        let mut s = Supply::new(MAX_SUPPLY_RAO - 10).expect("below cap");
        // emission there is 0 (deep era); minting explicitly beyond the cap fails.
        assert_eq!(s.mint(11), Err(SupplyError::CapExceeded { requested: 11, headroom: 10 }));
        assert_eq!(s.mint(10), Ok(()));
        assert_eq!(s.mint_block_emission(), Ok(0));
        assert!(s.is_conserved());
        assert!(Supply::new(MAX_SUPPLY_RAO + 1).is_err());
    }

    #[test]
    fn recycling_delays_the_halving() {
        let start = halving_threshold(1);
        let mut s = Supply::new(start).expect("ok");
        assert_eq!(s.block_emission(), TAO / 2);
        s.recycle(1).expect("recycle");
        assert_eq!(s.block_emission(), TAO, "recycled TAO is re-emittable and delays halving");
        assert_eq!(s.mint_block_emission(), Ok(TAO));
        assert_eq!(s.total_issuance(), start + TAO - 1);
        assert!(s.is_conserved());
        assert_eq!(
            s.recycle(u64::MAX),
            Err(SupplyError::RecycleExceedsIssuance {
                requested: u64::MAX,
                issuance: start + TAO - 1
            })
        );
    }

    #[test]
    fn block_mint_takes_min_of_emission_and_headroom() {
        // Construct an issuance whose headroom is below the emission rate of its era.
        let i = MAX_SUPPLY_RAO - 3;
        assert!(block_mint_amount(i) <= 3);
        assert_eq!(block_mint_amount(0), TAO);
    }

    #[derive(Debug, Clone)]
    enum Op {
        MintBlock,
        Mint(u64),
        Recycle(u64),
    }

    proptest! {
        #![proptest_config(super::super::test_support::config(256))]

        /// Invariants 1, 2, 4: issuance ≤ cap; per-block mint ≤ emission(I); conservation;
        /// emission is non-increasing in issuance, so recycling never lowers it.
        #[test]
        fn supply_sequences(
            start in 0u64..=MAX_SUPPLY_RAO,
            ops in prop::collection::vec(prop_oneof![
                Just(Op::MintBlock),
                (0u64..=1_000_000 * TAO).prop_map(Op::Mint),
                (0u64..=1_000_000 * TAO).prop_map(Op::Recycle),
            ], 1..100),
        ) {
            let mut s = Supply::new(start).expect("below cap");
            for op in ops {
                let before = s;
                match op {
                    Op::MintBlock => {
                        let e = s.block_emission();
                        let m = s.mint_block_emission().expect("block mint never fails");
                        prop_assert!(m <= e);
                    }
                    Op::Mint(a) => if s.mint(a).is_err() { prop_assert_eq!(s, before) },
                    Op::Recycle(a) => match s.recycle(a) {
                        Ok(()) => prop_assert!(s.block_emission() >= before.block_emission()),
                        Err(_) => prop_assert_eq!(s, before),
                    },
                }
                prop_assert!(s.total_issuance() <= MAX_SUPPLY_RAO);
                prop_assert!(s.is_conserved());
            }
        }

        #[test]
        fn emission_monotone(i in 0u64..=MAX_SUPPLY_RAO, d in 0u64..=MAX_SUPPLY_RAO) {
            prop_assert!(block_emission(i.saturating_add(d)) <= block_emission(i));
            // emission = floor(1 TAO / 2^k)
            if let Some(k) = halving_era(i).filter(|k| *k < 64) {
                let e = u128::from(block_emission(i));
                prop_assert!(e << k <= u128::from(BASE_BLOCK_EMISSION_RAO));
                prop_assert!((e + 1) << k > u128::from(BASE_BLOCK_EMISSION_RAO));
            }
        }
    }
}
