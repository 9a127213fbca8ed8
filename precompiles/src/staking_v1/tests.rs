//! Unit tests of the 0x801 staking V1 precompile: every write is compared with the native
//! staking function run on an identical clone of the store, with V1's wei scaling.

use super::*;
use crate::testkit::{self, COLD, WORKER, gas, tx, view};
use alloy_primitives::{Address, B256};
use tao_primitives::{AccountId32, NetUid, address_to_account_id};
use tao_runtime::Balances;
use tao_runtime::MemNative;

const TEN_TAO_RAO: u64 = 10_000_000_000;
const GWEI: u64 = 1_000_000_000;

fn id(a: Address) -> AccountId32 {
    address_to_account_id(a)
}

fn hk() -> B256 {
    B256::from(id(WORKER))
}

fn u(v: u64) -> U256 {
    U256::from(v)
}

fn balance(s: &MemNative, a: Address) -> U256 {
    s.balances.get(&a).copied().unwrap_or_default()
}

/// What the EVM frame does before the precompile runs: move `wei` from `from` to 0x801.
fn frame_moves_value(s: &mut MemNative, from: Address, wei: U256) {
    let have = balance(s, from);
    s.balances.insert(from, have - wei);
    let at = balance(s, STAKING_V1);
    s.balances.insert(STAKING_V1, at + wei);
}

/// A payable call from `from` with `wei` attached (the frame's transfer already applied).
fn paid(s: &mut MemNative, from: Address, input: Vec<u8>, wei: U256) -> Call {
    frame_moves_value(s, from, wei);
    Call { value: wei, ..tx(from, input) }
}

fn read<K: SolCall<Return = U256>>(s: &mut MemNative, c: K) -> U256 {
    let out = run(s, &view(c.abi_encode()), &mut gas()).unwrap();
    K::abi_decode_returns(&out).unwrap()
}

#[test]
fn add_stake_stakes_exactly_msg_value_in_rao_and_leaves_nothing_at_0x801() {
    let (mut s, n) = testkit::with_worker();
    let cold = id(COLD);
    let mut native = s.clone();
    let alpha =
        staking::add_stake(&mut native, &cold, &id(WORKER), NetUid(n), Rao(TEN_TAO_RAO), None)
            .unwrap();
    let before = balance(&s, COLD);
    // 10 TAO and 123 wei of dust below one RAO.
    let value = Rao(TEN_TAO_RAO).to_wei() + u(123);
    let add = I::addStakeCall { hotkey: hk(), netuid: u(n.into()) };
    let c = paid(&mut s, COLD, add.abi_encode(), value);
    assert_eq!(run(&mut s, &c, &mut gas()), Ok(Bytes::new()));
    assert_eq!(s.slots, native.slots, "the same native writes as staking::add_stake");
    assert_eq!(balance(&s, STAKING_V1), U256::ZERO, "nothing stays at 0x801");
    assert_eq!(balance(&s, COLD), before - Rao(TEN_TAO_RAO).to_wei(), "the dust stays");
    let get = I::getStakeCall { hotkey: hk(), coldkey: B256::from(cold), netuid: u(n.into()) };
    assert_eq!(read(&mut s, get), wei(alpha), "getStake is alpha-RAO × 10^9");
}

#[test]
fn remove_stake_and_getters_are_v2_scaled_by_1e9() {
    let (mut s, n) = testkit::with_worker();
    let cold = id(COLD);
    let add = I::addStakeCall { hotkey: hk(), netuid: u(n.into()) };
    let c = paid(&mut s, COLD, add.abi_encode(), Rao(TEN_TAO_RAO).to_wei());
    run(&mut s, &c, &mut gas()).unwrap();
    let alpha = staking::stake(&mut s, &id(WORKER), &cold, NetUid(n)).map(u64::from).unwrap();
    let total_cold = staking::total_coldkey_stake(&mut s, &cold).map(u64::from).unwrap();
    let total_hot = staking::total_hotkey_stake(&mut s, &id(WORKER)).map(u64::from).unwrap();
    assert!(total_cold > 0 && total_hot > 0);
    let cold_call = I::getTotalColdkeyStakeCall { coldkey: B256::from(cold) };
    assert_eq!(read(&mut s, cold_call), wei(total_cold));
    assert_eq!(read(&mut s, I::getTotalHotkeyStakeCall { hotkey: hk() }), wei(total_hot));

    // Unstake half, given in wei-scaled units with sub-unit dust: the dust is floored away.
    let half = alpha / 2;
    let mut native = s.clone();
    let tao =
        staking::remove_stake(&mut native, &cold, &id(WORKER), NetUid(n), AlphaRao(half), None)
            .map(u64::from)
            .unwrap();
    let before = s.free_balance(&cold).map(u64::from).unwrap();
    let amount = u(half) * u(GWEI) + u(GWEI - 1);
    let rm = I::removeStakeCall { hotkey: hk(), amount, netuid: u(n.into()) };
    assert_eq!(run(&mut s, &tx(COLD, rm.abi_encode()), &mut gas()), Ok(Bytes::new()));
    assert_eq!(s.slots, native.slots);
    assert_eq!(s.free_balance(&cold).map(u64::from).unwrap(), before + tao);
    let get = I::getStakeCall { hotkey: hk(), coldkey: B256::from(cold), netuid: u(n.into()) };
    assert_eq!(read(&mut s, get), wei(alpha - half));
}

#[test]
fn failures_revert_and_return_the_value() {
    let (mut s, n) = testkit::with_worker();
    let netuid = u(n.into());
    let revert = |m: &'static str| Err(Failure::from_message(m));
    // Zero value: the minimum stake refuses it (the real chain's AmountTooLow).
    let add = I::addStakeCall { hotkey: hk(), netuid };
    let got = run(&mut s, &tx(COLD, add.abi_encode()), &mut gas());
    assert!(
        matches!(&got, Err(Failure::Revert { reason: m, .. }) if m.starts_with("addStake: stake of 0 RAO is below the minimum")),
        "{got:?}"
    );
    // A failing addStake with value: the revert rolls the frame (and its value) back; the
    // precompile itself has written nothing.
    let before = s.clone();
    let unowned = I::addStakeCall { hotkey: B256::repeat_byte(0x5a), netuid };
    let mut c = tx(COLD, unowned.abi_encode());
    c.value = Rao(TEN_TAO_RAO).to_wei();
    assert!(matches!(run(&mut s, &c, &mut gas()), Err(Failure::Revert { .. })));
    assert_eq!(s.slots, before.slots);
    // Value on a non-payable function, writes in a static call, proxies, garbage, overflow.
    let rm = I::removeStakeCall { hotkey: hk(), amount: u(GWEI), netuid };
    let mut c = tx(COLD, rm.abi_encode());
    c.value = u(1);
    assert_eq!(
        run(&mut s, &c, &mut gas()),
        revert("NotPayable: this function does not accept value")
    );
    let mut c = view(rm.abi_encode());
    c.value = U256::ZERO;
    assert_eq!(
        run(&mut s, &c, &mut gas()),
        revert("WriteInStaticCall: state change in a static call")
    );
    let proxy = I::addProxyCall { delegate: B256::repeat_byte(1) };
    assert_eq!(
        run(&mut s, &tx(COLD, proxy.abi_encode()), &mut gas()),
        revert("NotSupported: addProxy: staking proxies are not supported on this chain")
    );
    let proxy = I::removeProxyCall { delegate: B256::repeat_byte(1) };
    assert_eq!(
        run(&mut s, &tx(COLD, proxy.abi_encode()), &mut gas()),
        revert("NotSupported: removeProxy: staking proxies are not supported on this chain")
    );
    assert_eq!(
        run(&mut s, &tx(COLD, vec![1, 2, 3, 4]), &mut gas()),
        revert("UnknownSelector: IStakingV1: unknown function")
    );
    let huge = I::removeStakeCall { hotkey: hk(), amount: U256::MAX, netuid };
    // Saturates at u64::MAX alpha-RAO, as on the real chain, and the stake check refuses it.
    assert!(matches!(
        run(&mut s, &tx(COLD, huge.abi_encode()), &mut gas()),
        Err(Failure::Revert { error: "NotEnoughStakeToWithdraw", .. })
    ));
    let mut c = tx(COLD, add.abi_encode());
    c.value = U256::from(u64::MAX) * u(GWEI) + u(GWEI);
    assert_eq!(
        run(&mut s, &c, &mut gas()),
        revert("Overflow: addStake: msg.value does not fit in u64 RAO")
    );
    let get = I::getStakeCall { hotkey: hk(), coldkey: hk(), netuid };
    let mut c = view(get.abi_encode());
    c.value = u(1);
    assert_eq!(
        run(&mut s, &c, &mut gas()),
        revert("NotPayable: this function does not accept value")
    );
}

#[test]
fn gas_is_charged_before_the_work() {
    let (mut s, n) = testkit::with_worker();
    let add = I::addStakeCall { hotkey: hk(), netuid: u(n.into()) };
    let c = paid(&mut s, COLD, add.abi_encode(), Rao(TEN_TAO_RAO).to_wei());
    let before = s.clone();
    assert_eq!(run(&mut s, &c, &mut Gas::new(ADD_STAKE_GAS - 1)), Err(Failure::OutOfGas));
    assert_eq!((&s.slots, &s.balances), (&before.slots, &before.balances));
    // The StakeAdded event is charged on top, like the LOG opcode: 4 topics, 64 data bytes.
    let log = cost::log(4, 64);
    let mut g = Gas::new(ADD_STAKE_GAS + log);
    assert_eq!(run(&mut s, &c, &mut g), Ok(Bytes::new()));
    assert_eq!(g.used(), ADD_STAKE_GAS + log);
}
