//! Registration examples (spec §5) and invariants (spec §7, 25–27).

use super::*;
use proptest::prelude::*;

const TAO: u64 = RAO_PER_TAO;

#[test]
fn lock_cost_before_any_registration_is_last_lock() {
    let s = LockState::default();
    let p = LockParams::default();
    assert_eq!(s.cost(0, TAO, &p), 1_000 * TAO);
    assert_eq!(s.cost(10_000_000, TAO, &p), 1_000 * TAO);
}

/// Spec §5.1 example: migrated interval 57,600 at 0.5 TAO/block (I = 28,800), LastLock 1,250.
#[test]
fn spec_5_1_lock_cost_example() {
    let p = LockParams { min_lock_rao: MIN_LOCK_RAO, reduction_interval: 57_600 };
    let emission = TAO / 2;
    assert_eq!(lock_reduction_interval(p.reduction_interval, emission), 28_800);
    let s = LockState { last_lock_rao: 1_250 * TAO, last_lock_block: 1_000 };
    // floor(1250 TAO / 28,800) = 43,402,777 RAO of decay per block
    assert_eq!(s.cost(1_000, emission, &p), 2_500 * TAO);
    assert_eq!(s.cost(1_000 + 14_400, emission, &p), 1_875_000_011_200); // ≈ 1,875 TAO (2 days)
    assert_eq!(s.cost(1_000 + 28_800, emission, &p), 1_250_000_022_400); // ≈ 1,250 TAO
    // The floor: 34,560 blocks in real numbers; the floored per-block decay needs one more.
    assert_eq!(s.cost(1_000 + 34_560, emission, &p), 1_000_000_026_880);
    assert_eq!(s.cost(1_000 + 34_561, emission, &p), MIN_LOCK_RAO);
    assert_eq!(s.cost(u64::MAX, emission, &p), MIN_LOCK_RAO);
}

#[test]
fn lock_doubles_after_registration_and_no_decay_without_emission() {
    let p = LockParams::default();
    let mut s = LockState::default();
    let cost = s.cost(500, TAO, &p);
    s.record_registration(cost, 500);
    assert_eq!(s.cost(500, TAO, &p), 2 * cost);
    assert_eq!(s.cost(600, 0, &p), 2 * cost, "I = 0: no decay");
    assert!(network_rate_limited(
        Some(500),
        500 + NETWORK_RATE_LIMIT_BLOCKS - 1,
        NETWORK_RATE_LIMIT_BLOCKS
    ));
    assert!(!network_rate_limited(
        Some(500),
        500 + NETWORK_RATE_LIMIT_BLOCKS,
        NETWORK_RATE_LIMIT_BLOCKS
    ));
    assert!(!network_rate_limited(None, 0, NETWORK_RATE_LIMIT_BLOCKS));
}

#[test]
fn new_subnet_pool_starts_at_the_median_price() {
    assert_eq!(median_price(&[]), U64F64::from_num(1));
    let half = U64F64::from_num(1) / U64F64::from_num(2);
    let zero = U64F64::from_num(0);
    assert_eq!(median_price(&[zero, half]), half, "zero prices are skipped");
    let quarter = half / U64F64::from_num(2);
    assert_eq!(median_price(&[U64F64::from_num(1), quarter, half]), half);
    assert_eq!(
        median_price(&[quarter, half]),
        U64F64::from_bits((quarter.to_bits() + half.to_bits()) / 2)
    );
    assert_eq!(
        initial_pool_reserves(1_000 * TAO, MIN_LOCK_RAO, U64F64::from_num(1)),
        (1_000 * TAO, 1_000 * TAO)
    );
    assert_eq!(initial_pool_reserves(1_500 * TAO, MIN_LOCK_RAO, half), (1_500 * TAO, 3_000 * TAO));
    assert_eq!(initial_pool_reserves(1, MIN_LOCK_RAO, half), (MIN_LOCK_RAO, 2 * MIN_LOCK_RAO));
}

#[test]
fn burn_decay_factor_and_multiplier() {
    // The bits of the float 1.26 as U64F64 (float appears only here, to pin the constant).
    assert_eq!(U64F64::from_num(1.26_f64).to_bits(), BURN_INCREASE_MULT_BITS);
    let f = decay_factor_q32(BURN_HALF_LIFE);
    // f ≈ 0.9980764 (the real root 0.5^(1/360) × 2^32 = 4,286,705,684.x)
    assert_eq!((u128::from(f) * 10_000_000) >> 32, 9_980_764);
    assert!(pow_q32(f, BURN_HALF_LIFE) <= 1 << 31);
    assert!(pow_q32(f + 1, BURN_HALF_LIFE) > 1 << 31);
    assert_eq!(decay_factor_q32(0), 1 << 32);
    assert_eq!(decay_factor_q32(1), 1 << 31);

    let p = BurnParams::default();
    assert_eq!(burn_after_registration(TAO, &p), 1_260_000_000);
    assert_eq!(burn_after_block(TAO, &p), mul_q32(TAO, f));
    // Clamps.
    assert_eq!(burn_after_block(MIN_BURN_RAO, &p), MIN_BURN_RAO);
    assert_eq!(burn_after_registration(MAX_BURN_RAO, &p), MAX_BURN_RAO);
    assert_eq!(burn_after_block(u64::MAX, &p), MAX_BURN_RAO);
}

/// Spec §5.2: decay and the 1.26 bump balance at about one registration per 120 blocks.
#[test]
fn burn_balances_at_one_registration_per_120_blocks() {
    let p = BurnParams::default();
    let mut burn = INITIAL_NEURON_BURN_RAO;
    for _ in 0..30 {
        burn = burn_after_registration(burn, &p);
        for _ in 0..120 {
            burn = burn_after_block(burn, &p);
        }
    }
    // within 0.5 % of where it started after 30 cycles (3,600 blocks)
    assert!(burn.abs_diff(INITIAL_NEURON_BURN_RAO) < INITIAL_NEURON_BURN_RAO / 200, "{burn}");
}

#[test]
fn burn_param_validation() {
    assert_eq!(BurnParams::default().validate(), Ok(()));
    let bad = [
        BurnParams { min_burn_rao: TAO, ..BurnParams::default() },
        BurnParams { max_burn_rao: TAO / 10, ..BurnParams::default() },
        BurnParams { min_burn_rao: 5, max_burn_rao: 5, ..BurnParams::default() },
        BurnParams { half_life: MAX_BURN_HALF_LIFE + 1, ..BurnParams::default() },
    ];
    for b in bad {
        assert_eq!(b.validate(), Err(RegistrationError::InvalidBurnParams));
    }
}

fn neuron(uid: u16, emission: u64, registered_at: u64) -> NeuronCandidate {
    NeuronCandidate { uid, emission, registered_at, immortal: false }
}

#[test]
fn pruning_picks_lowest_emission_non_immune() {
    let now = 100_000;
    // 12 old neurons (non-immune) and 2 fresh ones (immune, zero emission).
    let mut ns: Vec<_> = (0..12).map(|u| neuron(u, 1_000 + u64::from(u), 10)).collect();
    ns.push(neuron(12, 0, now - 10));
    ns.push(neuron(13, 0, now - 20));
    ns[0].immortal = true; // the owner: skipped although ...
    ns[0].emission = 0; // ... it has the lowest emission
    ns[5].emission = 3; // lowest among the mortal non-immune
    ns[7].emission = 3; // tie on emission: earlier registration wins
    ns[7].registered_at = 5;
    assert_eq!(select_uid_to_prune(&ns, now, NEURON_IMMUNITY_BLOCKS, MIN_NON_IMMUNE_UIDS), Some(7));
    // Only 10 mortal non-immune remain (not more than MinNonImmuneUids): pick among the immune,
    // lowest emission then earliest registration.
    let few: Vec<_> = ns.iter().copied().filter(|n| n.uid != 7).collect();
    assert_eq!(
        select_uid_to_prune(&few, now, NEURON_IMMUNITY_BLOCKS, MIN_NON_IMMUNE_UIDS),
        Some(13)
    );
    // Nothing but immortals: no uid.
    let owners = [NeuronCandidate { immortal: true, ..neuron(0, 0, 0) }];
    assert_eq!(select_uid_to_prune(&owners, now, NEURON_IMMUNITY_BLOCKS, 0), None);
    assert!(is_immune(now - 4_999, now, NEURON_IMMUNITY_BLOCKS));
    assert!(!is_immune(now - 5_000, now, NEURON_IMMUNITY_BLOCKS));
}

#[test]
fn uid_slots() {
    assert_eq!(uid_slot(3, 256, &[], 0, 5_000), Ok(UidSlot::Append(3)));
    assert_eq!(uid_slot(256, 256, &[], 0, 5_000), Err(RegistrationError::NoNeuronIdAvailable));
    assert_eq!(uid_slot(0, 63, &[], 0, 5_000), Err(RegistrationError::InvalidMaxUids(63)));
    assert_eq!(uid_slot(0, 257, &[], 0, 5_000), Err(RegistrationError::InvalidMaxUids(257)));
}

#[test]
fn subnet_pruning_lowest_moving_price_non_immune() {
    let s = |netuid, p: i32, at| SubnetCandidate {
        netuid,
        moving_price: I96F32::from_num(p),
        registered_at: at,
    };
    let subnets = [s(1, 5, 0), s(2, 1, 10), s(3, 1, 5), s(4, 0, 2_000_000)];
    // 4 is cheapest but immune; 2 and 3 tie on price, 3 registered earlier.
    assert_eq!(select_subnet_to_prune(&subnets, 1_300_000, NETWORK_IMMUNITY_BLOCKS), Ok(3));
    assert_eq!(
        select_subnet_to_prune(&subnets, 1_000, NETWORK_IMMUNITY_BLOCKS),
        Err(RegistrationError::SubnetLimitReached)
    );
}

#[derive(Debug, Clone)]
enum Event {
    Blocks(u16),
    Register,
}

proptest! {
    #![proptest_config(super::super::test_support::config(256))]

    /// Invariant 26: MinBurn ≤ Burn ≤ MaxBurn; non-increasing without registrations; ×1.26
    /// (before clamping) per registration.
    #[test]
    fn burn_stays_in_bounds(
        start in MIN_BURN_RAO..=MAX_BURN_RAO,
        half_life in 0u16..=2_000,
        events in prop::collection::vec(prop_oneof![
            (1u16..50).prop_map(Event::Blocks), Just(Event::Register)], 1..80),
    ) {
        let p = BurnParams { half_life, ..BurnParams::default() };
        let mut burn = start;
        for e in events {
            match e {
                Event::Blocks(n) => for _ in 0..n {
                    let next = burn_after_block(burn, &p);
                    prop_assert!(next <= burn);
                    burn = next;
                },
                Event::Register => {
                    let next = burn_after_registration(burn, &p);
                    let unclamped = u128::from(burn) * 126 / 100;
                    prop_assert_eq!(u128::from(next), unclamped.min(u128::from(MAX_BURN_RAO)));
                    burn = next;
                }
            }
            prop_assert!((MIN_BURN_RAO..=MAX_BURN_RAO).contains(&burn));
        }
    }

    /// Invariant 25: MinLock ≤ cost; cost right after a registration = 2 × LastLock (if above the
    /// floor); the cost is non-increasing between registrations.
    #[test]
    fn lock_cost_bounds(
        regs in prop::collection::vec((1u64..200_000, 0u64..=3), 1..30),
        emission in prop_oneof![Just(TAO), Just(TAO / 2), Just(TAO / 32), Just(0u64)],
    ) {
        let p = LockParams::default();
        let mut s = LockState::default();
        let mut now = 1u64;
        for (gap, overpay) in regs {
            let mut prev = s.cost(now, emission, &p);
            for t in [now + gap / 2, now + gap] {
                let c = s.cost(t, emission, &p);
                prop_assert!(c >= p.min_lock_rao && c <= prev);
                prev = c;
            }
            now += gap;
            let paid = s.cost(now, emission, &p).saturating_add(overpay);
            s.record_registration(paid, now);
            let doubled = u64::try_from(2 * u128::from(paid)).unwrap_or(u64::MAX);
            prop_assert_eq!(s.cost(now, emission, &p), doubled.max(p.min_lock_rao));
        }
    }

    /// Invariant 27: registering neurons never takes a subnet above MaxAllowedUids.
    #[test]
    fn uid_count_never_exceeds_max(max in MIN_ALLOWED_UIDS..=MAX_ALLOWED_UIDS, regs in 1usize..600) {
        let mut neurons: Vec<NeuronCandidate> = Vec::new();
        for i in 0..regs {
            let now = i as u64 * 100;
            let n = neurons.len() as u16;
            match uid_slot(n, max, &neurons, now, NEURON_IMMUNITY_BLOCKS) {
                Ok(UidSlot::Append(uid)) => { prop_assert_eq!(uid, n); neurons.push(neuron(uid, i as u64 % 7, now)); }
                Ok(UidSlot::Replace(uid)) => {
                    prop_assert!(uid < n);
                    neurons[usize::from(uid)] = neuron(uid, i as u64 % 7, now);
                }
                Err(e) => prop_assert_eq!(e, RegistrationError::NoNeuronIdAvailable),
            }
            prop_assert!(neurons.len() <= usize::from(max));
        }
    }
}
