//! Unit tests of the 0x805 staking precompile: every write is compared with the native
//! staking function run on an identical clone of the store.

use super::*;
use crate::testkit::{self, COLD, OWNER, OWNER_HOTKEY, STRANGER, WORKER, gas, tx, view};
use alloy_primitives::Address;
use tao_primitives::NetUid;
use tao_primitives::{AccountId32, address_to_account_id};
use tao_primitives::{AlphaRao, Rao};
use tao_runtime::Balances;
use tao_runtime::MemNative;

const TEN_TAO: u64 = 10_000_000_000;

fn exec(s: &mut MemNative, c: &Call) -> Result<Bytes, Failure> {
    run(s, c, &mut gas())
}

fn revert(msg: &'static str) -> Result<Bytes, Failure> {
    Err(Failure::from_message(msg))
}

fn id(a: Address) -> AccountId32 {
    address_to_account_id(a)
}

fn hk() -> B256 {
    B256::from(id(WORKER))
}

fn u(v: u64) -> U256 {
    U256::from(v)
}

fn read<K: SolCall<Return = U256>>(s: &mut MemNative, c: K) -> u64 {
    let out = exec(s, &view(c.abi_encode())).unwrap();
    u64::try_from(K::abi_decode_returns(&out).unwrap()).unwrap()
}

fn same(a: &MemNative, b: &MemNative) {
    assert_eq!(a.slots, b.slots, "native slots");
    assert_eq!(a.balances, b.balances, "EVM balances");
}

/// The worker's subnet with 10 TAO staked by COLD on the worker (through 0x805).
fn staked() -> (MemNative, u16) {
    let (mut s, n) = testkit::with_worker();
    let c = I::addStakeCall { hotkey: hk(), amountRao: u(TEN_TAO), netuid: u(n.into()) };
    exec(&mut s, &tx(COLD, c.abi_encode())).unwrap();
    (s, n)
}

#[test]
fn add_get_remove_match_the_native_staking_functions() {
    let (mut s, n) = testkit::with_worker();
    let cold = id(COLD);
    let mut native = s.clone();
    let alpha = staking::add_stake(&mut native, &cold, &id(WORKER), NetUid(n), Rao(TEN_TAO), None)
        .map(u64::from)
        .unwrap();
    let before = s.free_balance(&cold).map(u64::from).unwrap();
    let add = I::addStakeCall { hotkey: hk(), amountRao: u(TEN_TAO), netuid: u(n.into()) };
    assert_eq!(exec(&mut s, &tx(COLD, add.abi_encode())), Ok(Bytes::new()));
    same(&s, &native);
    assert_eq!(s.free_balance(&cold).map(u64::from).unwrap(), before - TEN_TAO);
    let get = I::getStakeCall { hotkey: hk(), coldkey: B256::from(cold), netuid: u(n.into()) };
    assert_eq!(read(&mut s, get.clone()), alpha);
    assert!(alpha > 0);

    let half = alpha / 2;
    let tao =
        staking::remove_stake(&mut native, &cold, &id(WORKER), NetUid(n), AlphaRao(half), None)
            .map(u64::from)
            .unwrap();
    let rm = I::removeStakeCall { hotkey: hk(), amountAlpha: u(half), netuid: u(n.into()) };
    exec(&mut s, &tx(COLD, rm.abi_encode())).unwrap();
    same(&s, &native);
    assert_eq!(s.free_balance(&cold).map(u64::from).unwrap(), before - TEN_TAO + tao);
    assert_eq!(read(&mut s, get.clone()), alpha - half);

    let tao = staking::remove_stake_full(&mut native, &cold, &id(WORKER), NetUid(n), None)
        .map(u64::from)
        .unwrap();
    assert!(tao > 0);
    let full = I::removeStakeFullCall { hotkey: hk(), netuid: u(n.into()) };
    exec(&mut s, &tx(COLD, full.abi_encode())).unwrap();
    same(&s, &native);
    assert_eq!(read(&mut s, get), 0);
    assert_eq!(
        exec(&mut s, &tx(COLD, full.abi_encode())),
        Err(Failure::revert(
            "NotEnoughStakeToWithdraw",
            format!("removeStakeFull: no stake on subnet {n} to remove")
        ))
    );
}

#[test]
fn limit_variants_match_the_native_functions() {
    let (mut s, n) = staked();
    let cold = id(COLD);
    let price = tao_runtime::pool::price_e18(&mut s, NetUid(n)).unwrap();
    // RAO per alpha, from the 1e18-scaled TAO price.
    let rao_price = u64::try_from(price / U256::from(1_000_000_000u64)).unwrap();
    let low = I::addStakeLimitCall {
        hotkey: hk(),
        amountRao: u(TEN_TAO),
        limitPrice: u(rao_price / 2),
        allowPartial: false,
        netuid: u(n.into()),
    };
    let mut native = s.clone();
    let want = staking::add_stake(
        &mut native,
        &cold,
        &id(WORKER),
        NetUid(n),
        Rao(TEN_TAO),
        Some((rao_price / 2, false)),
    )
    .map(u64::from)
    .unwrap_err();
    assert_eq!(
        exec(&mut s, &tx(COLD, low.abi_encode())),
        Err(Failure::Revert {
            error: "ZeroMaxStakeAmount",
            reason: format!("addStakeLimit: {want}")
        })
    );
    same(&s, &native);
    let lim = (rao_price * 2, true);
    let got =
        staking::add_stake(&mut native, &cold, &id(WORKER), NetUid(n), Rao(TEN_TAO), Some(lim))
            .map(u64::from)
            .unwrap();
    assert!(got > 0);
    let high = I::addStakeLimitCall { limitPrice: u(lim.0), allowPartial: true, ..low };
    exec(&mut s, &tx(COLD, high.abi_encode())).unwrap();
    same(&s, &native);

    let alpha = staking::stake(&mut s, &id(WORKER), &cold, NetUid(n)).map(u64::from).unwrap() / 4;
    staking::remove_stake(
        &mut native,
        &cold,
        &id(WORKER),
        NetUid(n),
        AlphaRao(alpha),
        Some((1, false)),
    )
    .map(u64::from)
    .unwrap();
    let rm = I::removeStakeLimitCall {
        hotkey: hk(),
        amountAlpha: u(alpha),
        limitPrice: u(1),
        allowPartial: false,
        netuid: u(n.into()),
    };
    exec(&mut s, &tx(COLD, rm.abi_encode())).unwrap();
    same(&s, &native);
    staking::remove_stake_full(&mut native, &cold, &id(WORKER), NetUid(n), Some(1))
        .map(u64::from)
        .unwrap();
    let full = I::removeStakeFullLimitCall { hotkey: hk(), netuid: u(n.into()), limitPrice: u(1) };
    exec(&mut s, &tx(COLD, full.abi_encode())).unwrap();
    same(&s, &native);
}

#[test]
fn move_transfer_and_burn_match_the_native_functions() {
    let (mut s, n) = staked();
    let (cold, w, o) = (id(COLD), id(WORKER), AccountId32(OWNER_HOTKEY));
    let mut native = s.clone();
    let alpha = staking::stake(&mut s, &w, &cold, NetUid(n)).map(u64::from).unwrap();
    let nn = u(n.into());

    let moved = alpha / 4;
    staking::move_stake(&mut native, &cold, &w, &o, NetUid(n), NetUid(n), AlphaRao(moved))
        .map(u64::from)
        .unwrap();
    let mv = I::moveStakeCall {
        originHotkey: hk(),
        destHotkey: B256::from(o),
        originNetuid: nn,
        destNetuid: nn,
        amountAlpha: u(moved),
    };
    exec(&mut s, &tx(COLD, mv.abi_encode())).unwrap();
    same(&s, &native);
    assert_eq!(staking::stake(&mut s, &o, &cold, NetUid(n)).map(u64::from).unwrap(), moved);

    let given = alpha / 4;
    staking::transfer_stake(
        &mut native,
        &cold,
        &id(STRANGER),
        &w,
        NetUid(n),
        NetUid(n),
        AlphaRao(given),
    )
    .map(u64::from)
    .unwrap();
    let tr = I::transferStakeCall {
        destColdkey: B256::from(id(STRANGER)),
        hotkey: hk(),
        originNetuid: nn,
        destNetuid: nn,
        amountAlpha: u(given),
    };
    exec(&mut s, &tx(COLD, tr.abi_encode())).unwrap();
    same(&s, &native);
    assert_eq!(staking::stake(&mut s, &w, &id(STRANGER), NetUid(n)).map(u64::from).unwrap(), given);

    // burnAlpha is capped at the stake.
    let burned = staking::burn_alpha(&mut native, &cold, &w, NetUid(n), AlphaRao(u64::MAX))
        .map(u64::from)
        .unwrap();
    let burn = I::burnAlphaCall { hotkey: hk(), amount: u(u64::MAX), netuid: nn };
    exec(&mut s, &tx(COLD, burn.abi_encode())).unwrap();
    same(&s, &native);
    assert_eq!(burned, alpha - moved - given);
    assert_eq!(staking::stake(&mut s, &w, &cold, NetUid(n)).map(u64::from).unwrap(), 0);
}

#[test]
fn views_return_the_native_values() {
    let (mut s, n) = staked();
    let (cold, w) = (id(COLD), id(WORKER));
    let nn = u(n.into());
    let want = staking::total_coldkey_stake(&mut s, &cold).map(u64::from).unwrap();
    assert!(want > 0);
    assert_eq!(read(&mut s, I::getTotalColdkeyStakeCall { coldkey: B256::from(cold) }), want);
    let want = staking::total_hotkey_stake(&mut s, &w).map(u64::from).unwrap();
    assert_eq!(read(&mut s, I::getTotalHotkeyStakeCall { hotkey: hk() }), want);
    let want = staking::total_hotkey_alpha(&mut s, &w, NetUid(n)).map(u64::from).unwrap();
    assert_eq!(read(&mut s, I::getTotalAlphaStakedCall { hotkey: hk(), netuid: nn }), want);
    let want =
        staking::total_coldkey_stake_on_subnet(&mut s, &cold, NetUid(n)).map(u64::from).unwrap();
    let c = I::getTotalColdkeyStakeOnSubnetCall { coldkey: B256::from(cold), netuid: nn };
    assert_eq!(read(&mut s, c), want);
    let c = I::getTotalColdkeyStakeOnSubnetCall { coldkey: B256::from(cold), netuid: u(0) };
    assert_eq!(read(&mut s, c), 0);
    let want = staking::nominator_min_stake(&mut s).map(u64::from).unwrap();
    assert_eq!(read(&mut s, I::getNominatorMinRequiredStakeCall {}), want);
    let c = I::getAlphaStakedValidatorsCall { hotkey: hk(), netuid: nn };
    let out = exec(&mut s, &view(c.abi_encode())).unwrap();
    let got = I::getAlphaStakedValidatorsCall::abi_decode_returns(&out).unwrap();
    assert_eq!(got, vec![B256::from(cold)]);
    // Per-item gas: one position costs VIEW_GAS + PER_ITEM_GAS.
    let c = I::getTotalColdkeyStakeCall { coldkey: B256::from(cold) };
    let mut g = Gas::new(VIEW_GAS + PER_ITEM_GAS - 1);
    assert_eq!(run(&mut s, &view(c.abi_encode()), &mut g), Err(Failure::OutOfGas));
    let mut g = Gas::new(VIEW_GAS + PER_ITEM_GAS);
    assert!(run(&mut s, &view(c.abi_encode()), &mut g).is_ok());
}

#[test]
fn approve_and_transfer_stake_from() {
    let (mut s, n) = staked();
    let (cold, w) = (id(COLD), id(WORKER));
    let nn = u(n.into());
    let alpha = staking::stake(&mut s, &w, &cold, NetUid(n)).map(u64::from).unwrap();
    let allowance = |s: &mut MemNative| {
        read(s, I::allowanceCall { source: COLD, spender: STRANGER, netuid: nn })
    };
    let amount = alpha / 3;
    exec(
        &mut s,
        &tx(
            COLD,
            I::approveCall { spender: STRANGER, netuid: nn, amountAlpha: u(amount) }.abi_encode(),
        ),
    )
    .unwrap();
    assert_eq!(allowance(&mut s), amount);
    assert_eq!(staking::allowance(&mut s, COLD, STRANGER, NetUid(n)).unwrap(), U256::from(amount));

    let from = |amt: u64| I::transferStakeFromCall {
        source: COLD,
        dest: STRANGER,
        hotkey: hk(),
        originNetuid: nn,
        destNetuid: nn,
        amountAlpha: u(amt),
    };
    let before = (s.slots.clone(), s.balances.clone());
    assert_eq!(
        exec(&mut s, &tx(STRANGER, from(amount + 1).abi_encode())),
        Err(Failure::revert(
            "InsufficientAllowance",
            format!(
                "transferStakeFrom: insufficient allowance: {amount} alpha-RAO approved, {} \
                 requested",
                amount + 1
            )
        ))
    );
    // Someone without an allowance cannot spend it either.
    assert!(matches!(exec(&mut s, &tx(OWNER, from(1).abi_encode())), Err(Failure::Revert { .. })));
    assert_eq!((s.slots.clone(), s.balances.clone()), before);

    let mut native = s.clone();
    staking::transfer_stake_from(
        &mut native,
        STRANGER,
        COLD,
        STRANGER,
        &w,
        NetUid(n),
        NetUid(n),
        AlphaRao(amount),
    )
    .map(u64::from)
    .unwrap();
    exec(&mut s, &tx(STRANGER, from(amount).abi_encode())).unwrap();
    same(&s, &native);
    assert_eq!(allowance(&mut s), 0);
    assert_eq!(
        staking::stake(&mut s, &w, &id(STRANGER), NetUid(n)).map(u64::from).unwrap(),
        amount
    );

    // Allowances are uint256 as on the real chain: type(uint256).max is kept, an increase
    // saturates, a decrease saturates at 0, a zero delta and a netuid without a subnet are fine.
    let raw = |s: &mut MemNative| {
        let c = I::allowanceCall { source: COLD, spender: STRANGER, netuid: nn };
        let out = exec(s, &view(c.abi_encode())).unwrap();
        I::allowanceCall::abi_decode_returns(&out).unwrap()
    };
    let max = I::approveCall { spender: STRANGER, netuid: nn, amountAlpha: U256::MAX };
    exec(&mut s, &tx(COLD, max.abi_encode())).unwrap();
    assert_eq!(raw(&mut s), U256::MAX);
    let inc = I::increaseAllowanceCall { spender: STRANGER, netuid: nn, delta: u(1) };
    exec(&mut s, &tx(COLD, inc.abi_encode())).unwrap();
    assert_eq!(raw(&mut s), U256::MAX);
    let dec = I::decreaseAllowanceCall { spender: STRANGER, netuid: nn, delta: U256::MAX - u(5) };
    exec(&mut s, &tx(COLD, dec.abi_encode())).unwrap();
    assert_eq!(raw(&mut s), u(5));
    exec(&mut s, &tx(COLD, inc.abi_encode())).unwrap();
    assert_eq!(raw(&mut s), u(6));
    let big_dec = I::decreaseAllowanceCall { spender: STRANGER, netuid: nn, delta: u(7) };
    exec(&mut s, &tx(COLD, big_dec.abi_encode())).unwrap();
    assert_eq!(raw(&mut s), U256::ZERO);
    let zero = I::increaseAllowanceCall { spender: STRANGER, netuid: nn, delta: U256::ZERO };
    let before = s.slots.clone();
    exec(&mut s, &tx(COLD, zero.abi_encode())).unwrap();
    assert_eq!(s.slots, before, "a zero delta writes nothing");
    let elsewhere = I::approveCall { spender: STRANGER, netuid: u(77), amountAlpha: u(3) };
    exec(&mut s, &tx(COLD, elsewhere.abi_encode())).unwrap();
    let c = I::allowanceCall { source: COLD, spender: STRANGER, netuid: u(77) };
    let out = exec(&mut s, &view(c.abi_encode())).unwrap();
    assert_eq!(I::allowanceCall::abi_decode_returns(&out).unwrap(), u(3));
}

#[test]
fn bad_arguments_proxies_static_value_garbage_and_gas() {
    let (mut s, n) = staked();
    let before = (s.slots.clone(), s.balances.clone());
    let nn = u(n.into());
    let big = I::addStakeCall { hotkey: hk(), amountRao: U256::from(u64::MAX) + u(1), netuid: nn };
    // Above u64 the amount saturates, as on the real chain, and the balance check refuses it.
    assert!(matches!(
        exec(&mut s, &tx(COLD, big.abi_encode())),
        Err(Failure::Revert { error: "InsufficientBalance", reason })
            if reason.ends_with("need 18446744073709551615 RAO")
    ));
    let bad_net = I::addStakeCall { hotkey: hk(), amountRao: u(TEN_TAO), netuid: u(70_000) };
    assert_eq!(
        exec(&mut s, &tx(COLD, bad_net.abi_encode())),
        revert("InvalidInput: addStake: netuid is outside of u16 bounds")
    );
    let missing = I::addStakeCall { hotkey: hk(), amountRao: u(TEN_TAO), netuid: u(9) };
    assert_eq!(
        exec(&mut s, &tx(COLD, missing.abi_encode())),
        revert("SubnetNotExists: addStake: subnet 9 does not exist")
    );
    let proxy = I::addProxyCall { delegate: B256::repeat_byte(1) };
    assert_eq!(
        exec(&mut s, &tx(COLD, proxy.abi_encode())),
        revert("NotSupported: addProxy: staking proxies are not supported on this chain")
    );
    let ok = I::addStakeCall { hotkey: hk(), amountRao: u(TEN_TAO), netuid: nn }.abi_encode();
    let mut stat = tx(COLD, ok.clone());
    stat.is_static = true;
    assert_eq!(exec(&mut s, &stat), revert("WriteInStaticCall: state change in a static call"));
    let mut paid = tx(COLD, ok.clone());
    paid.value = u(TEN_TAO);
    assert_eq!(exec(&mut s, &paid), revert("NotPayable: this function does not accept value"));
    assert_eq!(
        exec(&mut s, &tx(COLD, vec![0, 0, 0, 0])),
        revert("UnknownSelector: IStaking: unknown function")
    );
    let mut short = ok.clone();
    short.truncate(68);
    assert_eq!(
        exec(&mut s, &tx(COLD, short)),
        revert("InvalidInput: IStaking: malformed arguments for addStake(bytes32,uint256,uint256)")
    );
    let mut g = Gas::new(cost::STAKE_OP - 1);
    assert_eq!(run(&mut s, &tx(COLD, ok), &mut g), Err(Failure::OutOfGas));
    let tr = I::transferStakeFromCall {
        source: COLD,
        dest: STRANGER,
        hotkey: hk(),
        originNetuid: nn,
        destNetuid: nn,
        amountAlpha: u(1),
    };
    let mut g = Gas::new(cost::STAKE_OP * 2 + ALLOWANCE_GAS - 1);
    assert_eq!(run(&mut s, &tx(STRANGER, tr.abi_encode()), &mut g), Err(Failure::OutOfGas));
    assert_eq!((s.slots.clone(), s.balances.clone()), before);
}
