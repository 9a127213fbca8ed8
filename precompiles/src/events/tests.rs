//! Every state-changing precompile function emits exactly its event, with the values the
//! runtime call returned or the balances and stakes it changed; a revert emits nothing; the
//! log gas is charged like the `LOG` opcode's.

use super::*;
use crate::call::Call;
use crate::testkit::{self, COLD, OWNER, OWNER_HOTKEY, STRANGER, WORKER, gas, tx};
use crate::{BALANCE_TRANSFER, NEURON, STAKING_V1, STAKING_V2, SUBNET};
use alloy_primitives::Bytes;
use alloy_sol_types::SolCall;
use contracts::{IBalanceTransfer, INeuron as N, IStaking as I, IStakingV1 as V1, ISubnet as S};
use tao_primitives::{AccountId32, NetUid, Uid, WEI_PER_RAO, address_to_account_id};
use tao_runtime::{Balances, staking, subnets, weights};

type Store = Recorder<MemNative>;
type Runner = fn(&mut Store, &Call, &mut Gas) -> Result<Bytes, Failure>;

const TEN_TAO: u64 = 10_000_000_000;

fn id(a: Address) -> AccountId32 {
    address_to_account_id(a)
}

fn b(a: Address) -> B256 {
    B256::from(id(a))
}

fn u(v: u64) -> U256 {
    U256::from(v)
}

/// Runs `c`, which must succeed, and returns the logs it emitted and the gas it used.
fn logs_of(s: &mut Store, run: Runner, c: &Call) -> (Vec<Log>, u64) {
    s.logs.clear();
    let mut g = gas();
    let out = run(s, c, &mut g);
    assert_eq!(out, Ok(Bytes::new()), "the call succeeds");
    (s.take_logs(), g.used())
}

/// The only log of `logs`, emitted from `address` and decoded as `E`.
fn only<E: SolEvent + std::fmt::Debug>(logs: &[Log], address: Address) -> E {
    assert_eq!(logs.len(), 1, "exactly one event: {logs:?}");
    assert_eq!(logs[0].address, address);
    E::decode_log_data(&logs[0].data).expect("decodes as the expected event")
}

/// The `LOG` gas of `event`.
fn log_gas(event: &impl SolEvent) -> u64 {
    let data = event.encode_log_data();
    cost::log(data.topics().len(), data.data.len())
}

/// A call that must revert and emit nothing.
fn reverts_silently(s: &mut Store, run: Runner, c: &Call) {
    s.logs.clear();
    let out = run(s, c, &mut gas());
    assert!(matches!(out, Err(Failure::Revert { .. })), "{out:?}");
    assert!(s.logs.is_empty(), "a revert emits nothing: {:?}", s.logs);
}

fn free(s: &mut Store, a: Address) -> u64 {
    s.free_balance(&id(a)).map(u64::from).unwrap()
}

fn stake_of(s: &mut Store, cold: Address, n: u16) -> u64 {
    staking::stake(s, &id(WORKER), &id(cold), NetUid(n)).map(u64::from).unwrap()
}

/// The worker's subnet, with 10 TAO staked by COLD on the worker.
fn staked() -> (Store, u16) {
    let (s, n) = testkit::with_worker();
    let mut s = Recorder::new(s);
    let c = I::addStakeCall { hotkey: b(WORKER), amountRao: u(TEN_TAO), netuid: u(n.into()) };
    logs_of(&mut s, crate::staking::run, &tx(COLD, c.abi_encode()));
    (s, n)
}

#[test]
fn add_and_remove_stake_report_what_moved_and_pay_log_gas() {
    let (s, n) = testkit::with_worker();
    let mut s = Recorder::new(s);
    let before = free(&mut s, COLD);
    let add = I::addStakeCall { hotkey: b(WORKER), amountRao: u(TEN_TAO), netuid: u(n.into()) };
    let (logs, used) = logs_of(&mut s, crate::staking::run, &tx(COLD, add.abi_encode()));
    let ev: I::StakeAdded = only(&logs, STAKING_V2);
    let alpha = stake_of(&mut s, COLD, n);
    let want = I::StakeAdded {
        coldkey: b(COLD),
        hotkey: b(WORKER),
        netuid: n,
        taoRao: u(before - free(&mut s, COLD)),
        alphaRao: u(alpha),
    };
    assert_eq!(ev, want);
    assert_eq!(ev.taoRao, u(TEN_TAO), "the whole amount, fee included");
    assert_eq!(logs[0].topics()[1], b(COLD), "coldkey is indexed");
    assert_eq!(logs[0].topics()[3], B256::from(U256::from(n)), "netuid is indexed");
    assert_eq!(used, cost::STAKE_OP + log_gas(&want), "4 topics and 64 data bytes charged");
    assert_eq!(log_gas(&want), 375 + 4 * 375 + 64 * 8);

    let half = alpha / 2;
    let before = free(&mut s, COLD);
    let rm = I::removeStakeCall { hotkey: b(WORKER), amountAlpha: u(half), netuid: u(n.into()) };
    let (logs, _) = logs_of(&mut s, crate::staking::run, &tx(COLD, rm.abi_encode()));
    let ev: I::StakeRemoved = only(&logs, STAKING_V2);
    assert_eq!((ev.coldkey, ev.hotkey, ev.netuid), (b(COLD), b(WORKER), n));
    assert_eq!(ev.alphaRao, u(half));
    assert_eq!(ev.taoRao, u(free(&mut s, COLD) - before));
    assert!(ev.taoRao > U256::ZERO);

    let left = stake_of(&mut s, COLD, n);
    let before = free(&mut s, COLD);
    let full = I::removeStakeFullCall { hotkey: b(WORKER), netuid: u(n.into()) };
    let (logs, _) = logs_of(&mut s, crate::staking::run, &tx(COLD, full.abi_encode()));
    let ev: I::StakeRemoved = only(&logs, STAKING_V2);
    assert_eq!(ev.alphaRao, u(left));
    assert_eq!(ev.taoRao, u(free(&mut s, COLD) - before));
    assert_eq!(stake_of(&mut s, COLD, n), 0);

    // Nothing left: the revert emits nothing and charges no log gas.
    reverts_silently(&mut s, crate::staking::run, &tx(COLD, rm.abi_encode()));
    // A write in a static call reverts before the runtime runs.
    let mut c = tx(COLD, add.abi_encode());
    c.is_static = true;
    reverts_silently(&mut s, crate::staking::run, &c);
}

#[test]
fn a_partial_limit_fill_reports_the_tao_actually_spent() {
    let (mut s, n) = staked();
    let price = tao_runtime::pool::price_e18(&mut s, NetUid(n)).unwrap();
    let rao_price = u64::try_from(price / U256::from(WEI_PER_RAO)).unwrap();
    let asked = 1_000 * 1_000_000_000;
    let c = I::addStakeLimitCall {
        hotkey: b(WORKER),
        amountRao: u(asked),
        limitPrice: u(rao_price + rao_price / 50),
        allowPartial: true,
        netuid: u(n.into()),
    };
    let (before, alpha_before) = (free(&mut s, COLD), stake_of(&mut s, COLD, n));
    let (logs, _) = logs_of(&mut s, crate::staking::run, &tx(COLD, c.abi_encode()));
    let ev: I::StakeAdded = only(&logs, STAKING_V2);
    let spent = before - free(&mut s, COLD);
    assert!(spent > 0 && spent < asked, "a partial fill: {spent} of {asked}");
    assert_eq!(ev.taoRao, u(spent));
    assert_eq!(ev.alphaRao, u(stake_of(&mut s, COLD, n) - alpha_before));
}

#[test]
fn move_transfer_and_burn_report_both_sides() {
    let (mut s, n) = staked();
    let alpha = stake_of(&mut s, COLD, n);
    let nn = u(n.into());
    let mv = I::moveStakeCall {
        originHotkey: b(WORKER),
        destHotkey: B256::from(OWNER_HOTKEY),
        originNetuid: nn,
        destNetuid: nn,
        amountAlpha: u(alpha / 4),
    };
    let (logs, _) = logs_of(&mut s, crate::staking::run, &tx(COLD, mv.abi_encode()));
    let credited = staking::stake(&mut s, &AccountId32(OWNER_HOTKEY), &id(COLD), NetUid(n))
        .map(u64::from)
        .unwrap();
    let want = I::StakeMoved {
        coldkey: b(COLD),
        originHotkey: b(WORKER),
        destHotkey: B256::from(OWNER_HOTKEY),
        originNetuid: n,
        destNetuid: n,
        alphaRao: u(alpha / 4),
        alphaReceived: u(credited),
    };
    assert_eq!(only::<I::StakeMoved>(&logs, STAKING_V2), want);

    let tr = I::transferStakeCall {
        destColdkey: b(STRANGER),
        hotkey: b(WORKER),
        originNetuid: nn,
        destNetuid: nn,
        amountAlpha: u(alpha / 4),
    };
    let (logs, _) = logs_of(&mut s, crate::staking::run, &tx(COLD, tr.abi_encode()));
    let ev: I::StakeTransferred = only(&logs, STAKING_V2);
    assert_eq!((ev.originColdkey, ev.destColdkey, ev.hotkey), (b(COLD), b(STRANGER), b(WORKER)));
    assert_eq!((ev.alphaRao, ev.alphaReceived), (u(alpha / 4), u(stake_of(&mut s, STRANGER, n))));

    let left = stake_of(&mut s, COLD, n);
    let burn = I::burnAlphaCall { hotkey: b(WORKER), amount: u(u64::MAX), netuid: nn };
    let (logs, _) = logs_of(&mut s, crate::staking::run, &tx(COLD, burn.abi_encode()));
    let want = I::AlphaBurned { coldkey: b(COLD), hotkey: b(WORKER), netuid: n, alphaRao: u(left) };
    assert_eq!(only::<I::AlphaBurned>(&logs, STAKING_V2), want, "capped at the stake");
    reverts_silently(&mut s, crate::staking::run, &tx(COLD, burn.abi_encode()));
}

#[test]
fn allowances_report_the_new_amount_and_transfer_stake_from_spends_it() {
    let (mut s, n) = staked();
    let nn = u(n.into());
    let changed =
        |amount: U256| I::AllowanceChanged { owner: COLD, spender: STRANGER, netuid: n, amount };
    let approve = I::approveCall { spender: STRANGER, netuid: nn, amountAlpha: u(1_000) };
    let (logs, _) = logs_of(&mut s, crate::staking::run, &tx(COLD, approve.abi_encode()));
    assert_eq!(only::<I::AllowanceChanged>(&logs, STAKING_V2), changed(u(1_000)));
    let inc = I::increaseAllowanceCall { spender: STRANGER, netuid: nn, delta: u(u64::MAX) };
    let (logs, _) = logs_of(&mut s, crate::staking::run, &tx(COLD, inc.abi_encode()));
    assert_eq!(only::<I::AllowanceChanged>(&logs, STAKING_V2), changed(u(1_000) + u(u64::MAX)));
    let dec = I::decreaseAllowanceCall { spender: STRANGER, netuid: nn, delta: u(u64::MAX) };
    let (logs, _) = logs_of(&mut s, crate::staking::run, &tx(COLD, dec.abi_encode()));
    assert_eq!(only::<I::AllowanceChanged>(&logs, STAKING_V2), changed(u(1_000)));
    let zero = I::decreaseAllowanceCall { delta: U256::ZERO, ..dec };
    let (logs, _) = logs_of(&mut s, crate::staking::run, &tx(COLD, zero.abi_encode()));
    assert!(logs.is_empty(), "a zero delta changes nothing and reports nothing");

    let alpha = stake_of(&mut s, COLD, n);
    let approve = I::approveCall { amountAlpha: u(alpha), ..approve };
    logs_of(&mut s, crate::staking::run, &tx(COLD, approve.abi_encode()));
    let from = I::transferStakeFromCall {
        source: COLD,
        dest: OWNER,
        hotkey: b(WORKER),
        originNetuid: nn,
        destNetuid: nn,
        amountAlpha: u(alpha / 3),
    };
    let (logs, used) = logs_of(&mut s, crate::staking::run, &tx(STRANGER, from.abi_encode()));
    assert_eq!(logs.len(), 2, "{logs:?}");
    let moved = I::StakeTransferred::decode_log_data(&logs[0].data).unwrap();
    let want = I::StakeTransferred {
        originColdkey: b(COLD),
        destColdkey: b(OWNER),
        hotkey: b(WORKER),
        originNetuid: n,
        destNetuid: n,
        alphaRao: u(alpha / 3),
        alphaReceived: u(stake_of(&mut s, OWNER, n)),
    };
    assert_eq!(moved, want);
    let spent = I::AllowanceChanged::decode_log_data(&logs[1].data).unwrap();
    assert_eq!(spent, changed(u(alpha - alpha / 3)));
    let upfront = cost::STAKE_OP * 2 + crate::staking::ALLOWANCE_GAS;
    assert_eq!(used, upfront + log_gas(&want) + log_gas(&spent), "both logs charged");
    // More than allowed: reverts, nothing emitted.
    let too_much = I::transferStakeFromCall { amountAlpha: u(alpha), ..from };
    reverts_silently(&mut s, crate::staking::run, &tx(STRANGER, too_much.abi_encode()));
}

#[test]
fn staking_v1_emits_the_same_events_in_rao() {
    assert_eq!(V1::StakeAdded::SIGNATURE_HASH, I::StakeAdded::SIGNATURE_HASH);
    assert_eq!(V1::StakeRemoved::SIGNATURE_HASH, I::StakeRemoved::SIGNATURE_HASH);
    let (s, n) = testkit::with_worker();
    let mut s = Recorder::new(s);
    let wei = u(TEN_TAO) * u(WEI_PER_RAO) + u(123);
    let before = free(&mut s, COLD);
    // What the frame does before the precompile runs: move msg.value to 0x801.
    let have = s.balances[&COLD];
    s.balances.insert(COLD, have - wei);
    s.balances.insert(STAKING_V1, wei);
    let add = V1::addStakeCall { hotkey: b(WORKER), netuid: u(n.into()) };
    let call = Call { value: wei, ..tx(COLD, add.abi_encode()) };
    let (logs, _) = logs_of(&mut s, crate::staking_v1::run, &call);
    let ev: V1::StakeAdded = only(&logs, STAKING_V1);
    let alpha = stake_of(&mut s, COLD, n);
    assert_eq!((ev.coldkey, ev.hotkey, ev.netuid), (b(COLD), b(WORKER), n));
    assert_eq!((ev.taoRao, ev.alphaRao), (u(before - free(&mut s, COLD)), u(alpha)));
    assert_eq!(ev.taoRao, u(TEN_TAO), "RAO, not wei");
    // 0x805's event type decodes it too.
    assert!(I::StakeAdded::decode_log_data(&logs[0].data).is_ok());

    let rm = V1::removeStakeCall {
        hotkey: b(WORKER),
        amount: u(alpha / 2) * u(WEI_PER_RAO),
        netuid: u(n.into()),
    };
    let before = free(&mut s, COLD);
    let (logs, _) = logs_of(&mut s, crate::staking_v1::run, &tx(COLD, rm.abi_encode()));
    let ev: V1::StakeRemoved = only(&logs, STAKING_V1);
    assert_eq!((ev.alphaRao, ev.taoRao), (u(alpha / 2), u(free(&mut s, COLD) - before)));
}

#[test]
fn registration_serving_and_weights_are_reported() {
    let (s, n) = testkit::with_subnet();
    let mut s = Recorder::new(s);
    s.block = 2;
    let burn = tao_runtime::neurons::burn(&mut s, NetUid(n)).map(u64::from).unwrap();
    let reg = N::burnedRegisterCall { netuid: n, hotkey: b(WORKER) };
    let (logs, used) = logs_of(&mut s, crate::neuron::run, &tx(COLD, reg.abi_encode()));
    let want = N::NeuronRegistered {
        coldkey: b(COLD),
        hotkey: b(WORKER),
        netuid: n,
        uid: 1,
        burnRao: u(burn),
    };
    assert_eq!(only::<N::NeuronRegistered>(&logs, NEURON), want);
    assert_eq!(used, cost::REGISTER + log_gas(&want));
    reverts_silently(&mut s, crate::neuron::run, &tx(COLD, reg.abi_encode()));

    let axon = N::serveAxonCall {
        netuid: n,
        version: 7,
        ip: u128::from(u32::from_be_bytes([10, 0, 0, 5])),
        port: 8091,
        ipType: 4,
        protocol: 4,
        placeholder1: 0,
        placeholder2: 0,
    };
    let (logs, _) = logs_of(&mut s, crate::neuron::run, &tx(WORKER, axon.abi_encode()));
    let want = N::AxonServed {
        hotkey: b(WORKER),
        netuid: n,
        version: 7,
        ip: axon.ip,
        port: 8091,
        ipType: 4,
        protocol: 4,
    };
    assert_eq!(only::<N::AxonServed>(&logs, NEURON), want);
    let prom = N::servePrometheusCall { netuid: n, version: 1, ip: axon.ip, port: 9, ipType: 4 };
    let (logs, _) = logs_of(&mut s, crate::neuron::run, &tx(WORKER, prom.abi_encode()));
    let ev: N::PrometheusServed = only(&logs, NEURON);
    assert_eq!((ev.hotkey, ev.netuid, ev.port, ev.ip), (b(WORKER), n, 9, axon.ip));

    // Commit-reveal is on by default: commit, then reveal in the next epoch. Block 20 ran the
    // subnet's epoch (tempo 10) as the coinbase would.
    s.block = 20;
    subnets::record_epoch(&mut s, NetUid(n)).unwrap();
    let (uids, values, salt) = (vec![1u16], vec![100u16], vec![7u16, 8]);
    let hash = weights::commit_hash(&id(WORKER), NetUid(n), &uids, &values, &salt, 0);
    let commit = N::commitWeightsCall { netuid: n, commitHash: hash };
    let (logs, _) = logs_of(&mut s, crate::neuron::run, &tx(WORKER, commit.abi_encode()));
    let want = N::WeightsCommitted { hotkey: b(WORKER), netuid: n, commitHash: hash };
    assert_eq!(only::<N::WeightsCommitted>(&logs, NEURON), want);
    let reveal = N::revealWeightsCall { netuid: n, uids, values, salt, versionKey: 0 };
    reverts_silently(&mut s, crate::neuron::run, &tx(WORKER, reveal.abi_encode()));
    s.block = 30;
    subnets::record_epoch(&mut s, NetUid(n)).unwrap();
    let (logs, _) = logs_of(&mut s, crate::neuron::run, &tx(WORKER, reveal.abi_encode()));
    let want = N::WeightsRevealed {
        hotkey: b(WORKER),
        netuid: n,
        uids: vec![1],
        values: vec![100],
        versionKey: 0,
    };
    assert_eq!(only::<N::WeightsRevealed>(&logs, NEURON), want);

    let off = S::setCommitRevealWeightsEnabledCall { netuid: n, enabled: false };
    logs_of(&mut s, crate::subnet::run, &tx(OWNER, off.abi_encode()));
    s.block = 40;
    let set = N::setWeightsCall { netuid: n, dests: vec![1], weights: vec![9], versionKey: 0 };
    let (logs, used) = logs_of(&mut s, crate::neuron::run, &tx(WORKER, set.abi_encode()));
    let want = N::WeightsSet {
        hotkey: b(WORKER),
        netuid: n,
        uids: vec![1],
        values: vec![9],
        versionKey: 0,
    };
    assert_eq!(only::<N::WeightsSet>(&logs, NEURON), want);
    assert_eq!(used, crate::neuron::weights_gas(1) + log_gas(&want));
    assert_eq!(weights::weights_row(&mut s, NetUid(n), Uid(1)).unwrap(), vec![(1, u16::MAX)]);
    // Too fast now: reverts, nothing emitted.
    reverts_silently(&mut s, crate::neuron::run, &tx(WORKER, set.abi_encode()));
}

#[test]
fn subnet_registration_and_setters_are_reported() {
    let s = testkit::genesis();
    let mut s = Recorder::new(s);
    s.block = 1;
    let before = free(&mut s, OWNER);
    let reg = S::registerNetwork_0Call { hotkey: B256::from(OWNER_HOTKEY) };
    let (logs, _) = logs_of(&mut s, crate::subnet::run, &tx(OWNER, reg.abi_encode()));
    let ev: S::NetworkRegistered = only(&logs, SUBNET);
    let locked = before - free(&mut s, OWNER);
    assert!(locked > 0);
    let want = S::NetworkRegistered {
        coldkey: b(OWNER),
        hotkey: B256::from(OWNER_HOTKEY),
        netuid: 1,
        lockRao: u(locked),
    };
    assert_eq!(ev, want);
    let n = 1;

    let set = |name: &str, value: u64| S::HyperparameterSet {
        coldkey: b(OWNER),
        netuid: n,
        name: name.into(),
        value: u(value),
    };
    let imm = S::setImmunityPeriodCall { netuid: n, immunityPeriod: 1234 };
    let (logs, used) = logs_of(&mut s, crate::subnet::run, &tx(OWNER, imm.abi_encode()));
    let want = set("immunity_period", 1234);
    assert_eq!(only::<S::HyperparameterSet>(&logs, SUBNET), want);
    assert_eq!(used, crate::subnet::SETTER_GAS + log_gas(&want));
    let toggle = S::toggleTransfersCall { netuid: n, toggle: false };
    let (logs, _) = logs_of(&mut s, crate::subnet::run, &tx(OWNER, toggle.abi_encode()));
    assert_eq!(only::<S::HyperparameterSet>(&logs, SUBNET), set("transfers_enabled", 0));
    let alpha = S::setAlphaValuesCall { netuid: n, low: 2_000, high: 50_000 };
    let (logs, _) = logs_of(&mut s, crate::subnet::run, &tx(OWNER, alpha.abi_encode()));
    let got: Vec<_> =
        logs.iter().map(|l| S::HyperparameterSet::decode_log_data(&l.data).unwrap()).collect();
    assert_eq!(got, [set("alpha_low", 2_000), set("alpha_high", 50_000)]);
    // A deprecated no-op changes nothing and reports nothing.
    let noop = S::setMinBurnCall { netuid: n, minBurn: 1 };
    let (logs, _) = logs_of(&mut s, crate::subnet::run, &tx(OWNER, noop.abi_encode()));
    assert!(logs.is_empty(), "{logs:?}");
    // Refusals emit nothing: not the owner; root-only.
    reverts_silently(&mut s, crate::subnet::run, &tx(STRANGER, imm.abi_encode()));
    let kappa = S::setKappaCall { netuid: n, kappa: 1 };
    reverts_silently(&mut s, crate::subnet::run, &tx(OWNER, kappa.abi_encode()));
    // Getters emit nothing.
    let get = S::getImmunityPeriodCall { netuid: n };
    let out = crate::subnet::run(&mut s, &testkit::view(get.abi_encode()), &mut gas());
    assert!(out.is_ok() && s.logs.is_empty());
}

#[test]
fn balance_transfer_reports_a_non_zero_value() {
    let mut s = Recorder::new(MemNative::default());
    let wei = u(3_500_000_001);
    s.balances.insert(BALANCE_TRANSFER, wei);
    let dest = B256::repeat_byte(9);
    let c = IBalanceTransfer::transferCall { data: dest };
    let call = Call { value: wei, ..tx(COLD, c.abi_encode()) };
    let (logs, used) = logs_of(&mut s, crate::balance_transfer::run, &call);
    let want = IBalanceTransfer::TransferToAccount { from: COLD, dest, valueWei: wei };
    assert_eq!(only::<IBalanceTransfer::TransferToAccount>(&logs, BALANCE_TRANSFER), want);
    assert_eq!(used, cost::WRITE * 2 + log_gas(&want));
    let (logs, _) = logs_of(&mut s, crate::balance_transfer::run, &tx(COLD, c.abi_encode()));
    assert!(logs.is_empty(), "a zero value is a no-op: nothing reported");
    // A reserved destination reverts, nothing emitted.
    let reserved = IBalanceTransfer::transferCall { data: b(STAKING_V2) };
    s.balances.insert(BALANCE_TRANSFER, wei);
    let call = Call { value: wei, ..tx(COLD, reserved.abi_encode()) };
    reverts_silently(&mut s, crate::balance_transfer::run, &call);
}

#[test]
fn emit_charges_log_gas_first_and_records() {
    let event = IBalanceTransfer::TransferToAccount {
        from: Address::repeat_byte(1),
        dest: B256::repeat_byte(2),
        valueWei: U256::from(5),
    };
    // 375 + 3 topics × 375 + 32 data bytes × 8.
    let need = 375 + 3 * 375 + 32 * 8;
    assert_eq!(cost::log(3, 32), need);
    let mut host = Recorder::new(MemNative::default());
    let mut short = Gas::new(need - 1);
    let r = emit(&mut host, &mut short, BALANCE_TRANSFER, &event);
    assert_eq!(r, Err(Failure::OutOfGas));
    assert!(host.logs.is_empty(), "nothing emitted without the gas");
    let mut g = Gas::new(need);
    emit(&mut host, &mut g, BALANCE_TRANSFER, &event).unwrap();
    assert_eq!(g.used(), need);
    let log = &host.logs[0];
    assert_eq!(log.address, BALANCE_TRANSFER);
    assert_eq!(IBalanceTransfer::TransferToAccount::decode_log_data(&log.data).unwrap(), event);
}
