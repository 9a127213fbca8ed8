//! The TAO payout of a dissolved subnet (spec §5.4; the real chain's
//! `destroy_alpha_in_out_stakes`, `staking/remove_stake.rs`).
//!
//! The whole pot (`SubnetTAO`) is split pro rata by alpha **value** between every stake entry
//! (one per hotkey and coldkey) and the protocol's alpha (`SubnetAlphaIn + SubnetProtocolAlpha`
//! for subnets registered after `TaoInRefundDeploymentBlock`, the protocol alpha only before):
//! * each portion is `floor(pot · value / total)` with remainder `pot · value mod total`;
//! * the leftover `pot − Σ floors` goes one RAO each to the portions with the largest
//!   remainders (a stable sort, so equal remainders go to the earlier portion; the protocol's
//!   portion is last);
//! * entries worth 0 alpha take no portion (and so no leftover RAO);
//! * the protocol's portion is not paid to anyone: with everything else left in the subnet it
//!   is recycled (removed from `TotalIssuance`). Nothing is paid when the pot or the total
//!   value is 0; the pot is then recycled whole.
//!
//! So `Σ payouts + recycled = pot` exactly (invariant 30).
//!
//! Kept difference: the real chain walks the stake entries in storage-hash order, which decides
//! who gets a leftover RAO between equal remainders; here the caller's order decides.

use serde::{Deserialize, Serialize};

/// How a dissolved subnet's pot is split.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DissolutionSplit {
    /// TAO (RAO) paid to each stake entry's coldkey, in the order of the input values.
    pub payouts: Vec<u64>,
    /// The protocol's portion (part of [`Self::recycled`]).
    pub protocol: u64,
    /// RAO recycled: the pot minus every payout (the protocol's portion included).
    pub recycled: u64,
}

/// Splits `pot_rao` between stake entries worth `staker_alpha` alpha-RAO each and the
/// protocol's `protocol_alpha` (see the module docs).
pub fn dissolution_split(
    pot_rao: u64,
    staker_alpha: &[u64],
    protocol_alpha: u64,
) -> DissolutionSplit {
    let mut payouts = vec![0u64; staker_alpha.len()];
    // At most 2^64 entries of < 2^64 each: the sum cannot saturate.
    let total = staker_alpha
        .iter()
        .fold(u128::from(protocol_alpha), |acc, &v| acc.saturating_add(u128::from(v)));
    if pot_rao == 0 || total == 0 {
        return DissolutionSplit { payouts, protocol: 0, recycled: pot_rao };
    }
    let pot = u128::from(pot_rao);
    // (index into payouts, or None for the protocol; floor; remainder)
    let mut portions: Vec<(Option<usize>, u64, u128)> =
        Vec::with_capacity(payouts.len().saturating_add(1));
    let entries = staker_alpha.iter().copied().enumerate().map(|(i, v)| (Some(i), v));
    for (who, value) in entries.chain(core::iter::once((None, protocol_alpha))) {
        if value == 0 {
            continue;
        }
        let prod = pot.saturating_mul(u128::from(value)); // < 2^128: exact
        // floor(pot · value / total) ≤ pot, so it fits a u64.
        let floor = u64::try_from(prod.checked_div(total).unwrap_or(0)).unwrap_or(u64::MAX);
        portions.push((who, floor, prod.checked_rem(total).unwrap_or(0)));
    }
    let distributed = portions.iter().fold(0u128, |acc, p| acc.saturating_add(u128::from(p.1)));
    // Every floor loses less than 1 RAO, so the leftover is below the number of portions.
    let leftover = usize::try_from(pot.saturating_sub(distributed)).unwrap_or(usize::MAX);
    portions.sort_by_key(|p| core::cmp::Reverse(p.2));
    for p in portions.iter_mut().take(leftover) {
        p.1 = p.1.saturating_add(1);
    }
    let mut protocol = 0u64;
    let mut paid = 0u64;
    for (who, share, _) in portions {
        match who.and_then(|i| payouts.get_mut(i)) {
            Some(slot) => {
                *slot = share;
                paid = paid.saturating_add(share);
            }
            None => protocol = share,
        }
    }
    DissolutionSplit { payouts, protocol, recycled: pot_rao.saturating_sub(paid) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Hand-computed: pot 1,000 over values 1, 1, 1 and protocol 0: floors 333 each,
    /// remainders equal (1 · 1000 mod 3 = 1), leftover 1 goes to the first entry.
    #[test]
    fn equal_remainders_go_to_the_earlier_entry() {
        let s = dissolution_split(1_000, &[1, 1, 1], 0);
        assert_eq!(s.payouts, vec![334, 333, 333]);
        assert_eq!((s.protocol, s.recycled), (0, 0));
    }

    /// Hand-computed: pot 100 RAO, stakers worth 3, 5, 0, 7 alpha and protocol 6 (total 21).
    /// 300/21 = 14 r 6; 500/21 = 23 r 17; 700/21 = 33 r 7; protocol 600/21 = 28 r 12.
    /// Floors sum to 98; the 2 leftover RAO go to remainders 17 (staker 1) and 12 (protocol).
    #[test]
    fn largest_remainders_with_protocol_share() {
        let s = dissolution_split(100, &[3, 5, 0, 7], 6);
        assert_eq!(s.payouts, vec![14, 24, 0, 33]);
        assert_eq!(s.protocol, 29);
        assert_eq!(s.recycled, 29);
    }

    /// Hand-computed at TAO scale: pot 1,234.567890123 TAO; stake entries worth 10, 20 and 30
    /// TAO of alpha and 40 in the pool (protocol), total 100: the exact shares are pot × 0.1,
    /// 0.2, 0.3, 0.4 = 123,456,789,012.3 / 246,913,578,024.6 / 370,370,367,036.9 /
    /// 493,827,156,049.2 RAO. The floors sum to 1,234,567,890,121, so the 2 leftover RAO go to
    /// the fractions .9 and .6.
    #[test]
    fn tao_scale_example() {
        const TAO: u64 = 1_000_000_000;
        let pot = 1_234_567_890_123;
        let s = dissolution_split(pot, &[10 * TAO, 20 * TAO, 30 * TAO], 40 * TAO);
        assert_eq!(s.payouts, vec![123_456_789_012, 246_913_578_025, 370_370_367_037]);
        assert_eq!(s.protocol, 493_827_156_049);
        assert_eq!(s.recycled, s.protocol);
        assert_eq!(s.payouts.iter().sum::<u64>() + s.recycled, pot);
    }

    #[test]
    fn nothing_paid_without_pot_or_value() {
        assert_eq!(
            dissolution_split(0, &[5, 6], 1),
            DissolutionSplit { payouts: vec![0, 0], protocol: 0, recycled: 0 }
        );
        assert_eq!(
            dissolution_split(77, &[0, 0], 0),
            DissolutionSplit { payouts: vec![0, 0], protocol: 0, recycled: 77 }
        );
        let only_protocol = dissolution_split(77, &[], 9);
        assert_eq!((only_protocol.protocol, only_protocol.recycled), (77, 77));
    }

    proptest! {
        #![proptest_config(crate::test_support::config(512))]

        /// Invariant 30: payouts + recycled = pot; every portion is within 1 RAO of the exact
        /// pro-rata amount (floor or floor + 1); zero-valued entries get nothing.
        #[test]
        fn conserves_the_pot(
            pot in 0u64..=u64::MAX,
            values in proptest::collection::vec(prop_oneof![Just(0u64), 0u64..=u64::MAX, 0u64..1_000], 0..12),
            protocol in prop_oneof![Just(0u64), 0u64..=u64::MAX],
        ) {
            let s = dissolution_split(pot, &values, protocol);
            let paid: u128 = s.payouts.iter().map(|&p| u128::from(p)).sum();
            prop_assert_eq!(paid + u128::from(s.recycled), u128::from(pot));
            prop_assert!(s.protocol <= s.recycled);
            let total: u128 = values.iter().map(|&v| u128::from(v)).sum::<u128>() + u128::from(protocol);
            if total == 0 {
                prop_assert_eq!(s.recycled, pot);
                return Ok(());
            }
            for (&v, &p) in values.iter().zip(&s.payouts) {
                let floor = u128::from(pot) * u128::from(v) / total;
                prop_assert!(u128::from(p) == floor || (v > 0 && u128::from(p) == floor + 1));
            }
            if pot > 0 {
                // Protocol gets its floor or floor + 1; the rest of `recycled` is only that.
                prop_assert_eq!(s.recycled, s.protocol);
            }
        }
    }
}
