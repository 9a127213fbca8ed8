//! Unit tests: the SCALE codec against hand-written bytes, and `dispatch` over `MemNative`.
#![allow(clippy::unwrap_used)]

use super::scale::{Decoder, Encoder, ScaleError};
use super::types::{StakeAvailability, StakeInfo, SubnetRegistrationState, encode_coldkey_lock};
use super::{ChainExtError, dispatch};
use crate::AccountId32;
use tao_runtime::testkit::{OWNER_HOT, TAO, fund, key, with_subnet};

#[test]
fn compact_matches_the_scale_reference_vectors() {
    let enc = |v: u64| Encoder::new().compact(v).finish();
    assert_eq!(enc(0), [0x00]);
    assert_eq!(enc(1), [0x04]);
    assert_eq!(enc(42), [0xa8]);
    assert_eq!(enc(63), [0xfc]);
    assert_eq!(enc(64), [0x01, 0x01]);
    assert_eq!(enc(69), [0x15, 0x01]);
    assert_eq!(enc(16_383), [0xfd, 0xff]);
    assert_eq!(enc(16_384), [0x02, 0x00, 0x01, 0x00]);
    assert_eq!(enc(1_073_741_823), [0xfe, 0xff, 0xff, 0xff]);
    assert_eq!(enc(1_073_741_824), [0x03, 0x00, 0x00, 0x00, 0x40]);
    assert_eq!(enc(1 << 32), [0x07, 0x00, 0x00, 0x00, 0x00, 0x01]);
    assert_eq!(enc(u64::MAX), [0x13, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
}

#[test]
fn fixed_width_values_are_little_endian() {
    let b = Encoder::new().u16(0x0102).u64(0x0a0b).bool(true).u128(1).finish();
    let mut want = vec![0x02, 0x01, 0x0b, 0x0a, 0, 0, 0, 0, 0, 0, 1];
    want.extend_from_slice(&[1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(b, want);
}

#[test]
fn decoder_reads_arguments_and_refuses_bad_bytes() {
    let mut input = vec![7u8; 32];
    input.extend_from_slice(&[0x03, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08]);
    input.extend_from_slice(&[1, 1, 0x10, 0, 0, 0, 0, 0, 0, 0]);
    let mut d = Decoder::new(&input);
    assert_eq!(d.account().unwrap(), AccountId32([7; 32]));
    assert_eq!(d.u16().unwrap(), 3);
    assert_eq!(d.u64().unwrap(), 0x0807_0605_0403_0201);
    assert!(d.bool().unwrap());
    assert_eq!(d.option_u64().unwrap(), Some(0x10));
    assert_eq!(
        d.option_u64().unwrap_err(),
        ScaleError::Short { what: "Option tag", need: 1, left: 0 }
    );
    assert_eq!(Decoder::new(&[2]).bool().unwrap_err(), ScaleError::InvalidBool(2));
    assert_eq!(Decoder::new(&[0]).option_u64().unwrap(), None);
    assert_eq!(Decoder::new(&[5]).option_u64().unwrap_err(), ScaleError::InvalidOption(5));
    assert_eq!(
        Decoder::new(&[1, 2]).u64().unwrap_err(),
        ScaleError::Short { what: "u64", need: 8, left: 2 }
    );
}

#[test]
fn output_structures_encode_in_field_order() {
    let info = StakeInfo {
        hotkey: AccountId32([1; 32]),
        coldkey: AccountId32([2; 32]),
        netuid: 3,
        stake: 100,
        locked: 0,
        emission: 0,
        tao_emission: 0,
        drain: 0,
        is_registered: true,
    };
    let mut want = vec![1u8];
    want.extend_from_slice(&[1; 32]);
    want.extend_from_slice(&[2; 32]);
    want.extend_from_slice(&[0x0c, 0x91, 0x01, 0, 0, 0, 0, 1]);
    assert_eq!(info.encode_some(), want);
    let reg = SubnetRegistrationState { netuid: 2, exists: true, registered_subnet_counter: 5 };
    assert_eq!(reg.encode(), [2, 0, 1, 5, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(encode_coldkey_lock(None), [0]);
    let avail = StakeAvailability { netuid: 1, total: 9, locked: 0, available: 9 };
    let mut want = vec![1, 0, 9, 0, 0, 0, 0, 0, 0, 0];
    want.extend_from_slice(&[0; 8]);
    want.extend_from_slice(&[9, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(avail.encode(), want);
}

fn stake_args(hotkey: &AccountId32, netuid: u16, amount: u64) -> Vec<u8> {
    Encoder::new().account(hotkey).u16(netuid).u64(amount).finish()
}

#[test]
fn dispatch_acts_as_contract_or_caller_and_reports_gas() {
    let (mut s, netuid) = with_subnet();
    let (contract, caller) = (key(40), key(41));
    fund(&mut s, &contract, 10 * TAO);
    fund(&mut s, &caller, 10 * TAO);
    let args = stake_args(&key(OWNER_HOT), netuid.get(), TAO);
    let out = dispatch(&mut s, contract, caller, 1, &args).unwrap();
    assert_eq!((out.status, out.gas, out.output.len()), (0, 60_000, 0));
    let out = dispatch(&mut s, contract, caller, 20, &args).unwrap();
    assert_eq!(out.status, 0);
    let hk = key(OWNER_HOT);
    let staked = |s: &mut tao_runtime::MemNative, ck| {
        tao_runtime::staking::stake(s, &hk, &ck, netuid).unwrap().get()
    };
    let (a, b) = (staked(&mut s, contract), staked(&mut s, caller));
    assert!(a > 0 && b > 0 && b < a, "second buy gets less alpha: {a} then {b}");
    use tao_runtime::Balances;
    assert_eq!(s.free_balance(&contract).unwrap().get(), 9 * TAO);
    assert_eq!(s.free_balance(&caller).unwrap().get(), 9 * TAO);
}

#[test]
fn bad_input_and_unknown_ids_are_errors() {
    let (mut s, _) = with_subnet();
    let (c, k) = (key(40), key(41));
    assert_eq!(dispatch(&mut s, c, k, 37, &[]).unwrap_err(), ChainExtError::UnknownFunction(37));
    let err = dispatch(&mut s, c, k, 1, &[0; 33]).unwrap_err();
    assert_eq!(
        err,
        ChainExtError::Decode {
            func_id: 1,
            source: ScaleError::Short { what: "u16", need: 2, left: 1 }
        }
    );
    let before = s.clone();
    let out = dispatch(&mut s, c, k, 1, &stake_args(&key(OWNER_HOT), 1, TAO)).unwrap();
    assert_eq!(out.status, 2, "no balance to stake");
    assert_eq!(s.slots, before.slots);
}
