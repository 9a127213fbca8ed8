//! Property tests: uid limits, the uid/hotkey bijection and burn bounds over random
//! registration sequences.

use proptest::prelude::*;
use tao_primitives::Uid;

use super::*;
use crate::burn::burn_now;
use crate::testkit::*;
use tao_economics::registration::BurnParams;

fn hk(id: u16) -> AccountId32 {
    let mut k = [0x55u8; 32];
    k[0] = 0xdd;
    k[1..3].copy_from_slice(&id.to_be_bytes());
    AccountId32(k)
}

proptest! {
    #![proptest_config(prop_config(48))]

    #[test]
    fn uid_limit_bijection_and_burn_bounds(
        max_uids in 64u16..=70,
        min_burn in 0u64..TAO,
        max_burn_extra in 1u64..(5 * TAO),
        immunity in 0u64..200,
        ops in prop::collection::vec((0u64..300, any::<u8>(), 0u64..10_000), 1..160),
    ) {
        let max_burn = (TAO / 10 + 1).max(min_burn + 1) + max_burn_extra;
        let (mut s, n) = with_subnet();
        let o = key(OWNER);
        crate::admin::set_by_owner(&mut s, &o, n, Hyper::MaxAllowedUids, max_uids.into()).unwrap();
        crate::admin::set_by_owner(&mut s, &o, n, Hyper::ImmunityPeriod, immunity).unwrap();
        crate::admin::set_by_root(&mut s, n, Hyper::MaxBurn, max_burn).unwrap();
        crate::admin::set_by_root(&mut s, n, Hyper::MinBurn, min_burn).unwrap();
        let payer = key(50);
        fund(&mut s, &payer, 1_000_000 * TAO);
        let p = hyperparams::burn_params(&mut s, n).unwrap();
        for (step, (advance, pick, emission_value)) in ops.into_iter().enumerate() {
            s.block += advance;
            let id = if pick < 40 { u16::from(pick) } else { 1_000 + step as u16 };
            let price = burn(&mut s, n).map(u64::from).unwrap();
            prop_assert!(price >= min_burn && price <= max_burn, "burn {price} out of bounds");
            let before = s.free_balance(&payer).map(u64::from).unwrap();
            match burned_register(&mut s, &payer, n, &hk(id), None) {
                Ok(uid) => {
                    prop_assert_eq!(before - s.free_balance(&payer).map(u64::from).unwrap(), price);
                    prop_assert_eq!(burn(&mut s, n).map(u64::from).unwrap(), burn_after_registration(price, &p));
                    prop_assert_eq!(block_at_registration(&mut s, n, uid).unwrap(), s.block);
                    s.set_u64(by_uid(schema::EMISSION, n, uid), emission_value).unwrap();
                }
                Err(e) => {
                    prop_assert_eq!(s.free_balance(&payer).map(u64::from).unwrap(), before);
                    let msg = e.to_string();
                    prop_assert!(
                        msg == "hotkey already registered on this subnet"
                            || msg.starts_with("no neuron uid available"),
                        "unexpected error {msg}"
                    );
                }
            }
            let count = uid_count(&mut s, n).unwrap();
            prop_assert!(count <= max_uids);
            let b = burn(&mut s, n).map(u64::from).unwrap();
            prop_assert!(b >= min_burn && b <= max_burn);
            for uid in 0..count {
                let k = hotkey(&mut s, n, Uid(uid)).unwrap();
                prop_assert_eq!(uid_of(&mut s, n, &k).unwrap(), Some(Uid(uid)));
            }
            prop_assert_eq!(hotkey(&mut s, n, Uid(0)).unwrap(), key(OWNER_HOT), "owner uid kept");
        }
    }

    #[test]
    fn lazy_burn_equals_the_per_block_model(
        start in 500_000u64..(100 * TAO),
        half_life in 0u16..2_000,
        blocks in 0u64..3_000,
    ) {
        let p = BurnParams { half_life, ..BurnParams::default() };
        let mut m = start;
        for _ in 0..blocks {
            m = tao_economics::registration::burn_after_block(m, &p);
        }
        prop_assert_eq!(burn_now(start, 7, 7 + blocks, &p), m);
    }
}
