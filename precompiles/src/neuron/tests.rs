//! Unit tests of the 0x804 neuron precompile.

use super::*;
use crate::testkit::{self, COLD, OWNER, STRANGER, WORKER, gas, tx};
use alloy_primitives::{B256, U256};
use alloy_sol_types::SolCall;
use contracts::INeuron as N;
use contracts::ISubnet;
use tao_primitives::address_to_account_id;
use tao_primitives::{AccountId32, NetUid, Uid};
use tao_runtime::Balances;
use tao_runtime::{MemNative, subnets};

fn exec(s: &mut MemNative, c: &Call) -> Result<Bytes, Failure> {
    run(s, c, &mut gas())
}

fn revert(msg: &'static str) -> Result<Bytes, Failure> {
    Err(Failure::from_message(msg))
}

fn worker_id() -> AccountId32 {
    address_to_account_id(WORKER)
}

fn register(netuid: u16, hotkey: [u8; 32]) -> Vec<u8> {
    N::burnedRegisterCall { netuid, hotkey: B256::from(hotkey) }.abi_encode()
}

fn set_weights(netuid: u16, dests: Vec<u16>, weights: Vec<u16>) -> Vec<u8> {
    N::setWeightsCall { netuid, dests, weights, versionKey: 0 }.abi_encode()
}

fn disable_commit_reveal(s: &mut MemNative, netuid: u16) {
    let c = ISubnet::setCommitRevealWeightsEnabledCall { netuid, enabled: false };
    crate::subnet::run(s, &tx(OWNER, c.abi_encode()), &mut gas()).unwrap();
}

#[test]
fn burned_register_matches_the_native_registration() {
    let (mut s, n) = testkit::with_subnet();
    s.block = 2;
    let cold = address_to_account_id(COLD);
    let mut native = s.clone();
    let uid = neurons::burned_register(&mut native, &cold, NetUid(n), &worker_id(), None).unwrap();
    assert_eq!(uid, Uid(1));
    let burn = neurons::burn(&mut s, NetUid(n)).map(u64::from).unwrap();
    let have = s.free_balance(&cold).map(u64::from).unwrap();
    exec(&mut s, &tx(COLD, register(n, worker_id().0))).unwrap();
    assert_eq!(s.slots, native.slots);
    assert_eq!(s.balances, native.balances);
    assert_eq!(s.free_balance(&cold).map(u64::from).unwrap(), have - burn);
    assert_eq!(neurons::hotkey(&mut s, NetUid(n), Uid(1)).unwrap(), worker_id());
    assert_eq!(neurons::coldkey(&mut s, NetUid(n), Uid(1)).unwrap(), cold);

    assert_eq!(
        exec(&mut s, &tx(COLD, register(n, worker_id().0))),
        revert(
            "HotKeyAlreadyRegisteredInSubNet: burnedRegister: hotkey already registered on this subnet"
        )
    );
    assert_eq!(
        exec(&mut s, &tx(COLD, register(0, [5; 32]))),
        revert(
            "RegistrationNotPermittedOnRootSubnet: burnedRegister: neuron registration on the root subnet is not allowed"
        )
    );
    let price = neurons::burn(&mut s, NetUid(n)).map(u64::from).unwrap();
    let low =
        N::registerLimitCall { netuid: n, hotkey: B256::repeat_byte(5), limitPrice: price - 1 };
    assert_eq!(
        exec(&mut s, &tx(COLD, low.abi_encode())),
        Err(Failure::revert(
            "SlippageTooHigh",
            format!(
                "registerLimit: registration burn {price} RAO exceeds the limit price {} RAO",
                price - 1
            )
        ))
    );
    let ok = N::registerLimitCall { netuid: n, hotkey: B256::repeat_byte(5), limitPrice: price };
    exec(&mut s, &tx(COLD, ok.abi_encode())).unwrap();
    assert_eq!(neurons::uid_of(&mut s, NetUid(n), &AccountId32([5; 32])).unwrap(), Some(Uid(2)));
}

#[test]
fn serve_acts_for_the_callers_own_hotkey() {
    let (mut s, n) = testkit::with_worker();
    testkit::serve(&mut s, n);
    let axon = neurons::axon_of_hotkey(&mut s, NetUid(n), &worker_id()).unwrap();
    assert_eq!(
        (axon.port, axon.ip_type, axon.protocol, axon.version),
        (testkit::AXON_PORT, 4, 4, 7)
    );
    assert_eq!(axon.block, s.block);
    let prom = N::servePrometheusCall { netuid: n, version: 3, ip: 1, port: 9100, ipType: 4 };
    exec(&mut s, &tx(WORKER, prom.abi_encode())).unwrap();
    let p = neurons::prometheus_of_hotkey(&mut s, NetUid(n), &worker_id()).unwrap();
    assert_eq!((p.port, p.ip, p.version, p.protocol), (9100, 1, 3, 0));

    let bad = N::serveAxonCall {
        netuid: n,
        version: 1,
        ip: 1,
        port: 1,
        ipType: 5,
        protocol: 0,
        placeholder1: 0,
        placeholder2: 0,
    };
    assert_eq!(
        exec(&mut s, &tx(WORKER, bad.abi_encode())),
        revert("InvalidIpType: serveAxon: invalid ip type: must be 4 or 6")
    );
    let stranger = N::serveAxonCall { ipType: 4, ..bad.clone() };
    assert_eq!(
        exec(&mut s, &tx(STRANGER, stranger.abi_encode())),
        revert("HotKeyNotRegisteredInSubNet: serveAxon: hotkey is not registered on this subnet")
    );
    let tls = N::serveAxonTlsCall {
        netuid: n,
        version: 1,
        ip: 1,
        port: 1,
        ipType: 4,
        protocol: 0,
        placeholder1: 0,
        placeholder2: 0,
        certificate: vec![1u8; 33].into(),
    };
    assert_eq!(
        exec(&mut s, &tx(WORKER, tls.abi_encode())),
        revert(
            "CallDisabled: serveAxonTls: TLS certificates are not supported on this chain; use serveAxon"
        )
    );
}

#[test]
fn set_weights_ok_and_validation_failures() {
    let (mut s, n) = testkit::with_worker();
    s.block = 20;
    assert_eq!(
        exec(&mut s, &tx(WORKER, set_weights(n, vec![1], vec![9]))),
        revert(
            "CommitRevealEnabled: setWeights: commit-reveal is enabled on this subnet: commit and reveal weights instead"
        )
    );
    disable_commit_reveal(&mut s, n);
    assert_eq!(
        exec(&mut s, &tx(WORKER, set_weights(n, vec![1], vec![1, 2]))),
        revert("WeightVecNotEqualSize: setWeights: uids and values have different lengths")
    );
    assert_eq!(
        exec(&mut s, &tx(WORKER, set_weights(n, vec![0, 1], vec![1, 2]))),
        revert("NeuronNoValidatorPermit: setWeights: hotkey has no validator permit")
    );
    assert_eq!(
        exec(&mut s, &tx(STRANGER, set_weights(n, vec![1], vec![9]))),
        revert("HotKeyNotRegisteredInSubNet: setWeights: hotkey is not registered on this subnet")
    );
    let mut native = s.clone();
    weights::set_weights(&mut native, &worker_id(), NetUid(n), &[1], &[9], 0).unwrap();
    exec(&mut s, &tx(WORKER, set_weights(n, vec![1], vec![9]))).unwrap();
    assert_eq!(weights::weights_row(&mut s, NetUid(n), Uid(1)).unwrap(), vec![(1, u16::MAX)]);
    assert_eq!(neurons::last_update(&mut s, NetUid(n), Uid(1)).unwrap(), 20);
    assert_eq!(s.slots, native.slots);
    assert_eq!(
        exec(&mut s, &tx(WORKER, set_weights(n, vec![1], vec![9]))),
        revert("SettingWeightsTooFast: setWeights: weights rate limit exceeded")
    );
}

#[test]
fn commit_then_reveal_in_the_next_epoch() {
    let (mut s, n) = testkit::with_worker();
    // Block 20: this block's step ran the subnet's epoch (tempo 10), as the coinbase would.
    s.block = 20;
    subnets::record_epoch(&mut s, NetUid(n)).unwrap();
    let (uids, values, salt) = (vec![1u16], vec![100u16], vec![7u16, 8]);
    let hash = weights::commit_hash(&worker_id(), NetUid(n), &uids, &values, &salt, 0);
    exec(&mut s, &tx(WORKER, N::commitWeightsCall { netuid: n, commitHash: hash }.abi_encode()))
        .unwrap();
    assert_eq!(weights::pending_commits(&mut s, NetUid(n), &worker_id()).unwrap().len(), 1);
    let reveal = N::revealWeightsCall { netuid: n, uids, values, salt, versionKey: 0 };
    assert_eq!(
        exec(&mut s, &tx(WORKER, reveal.abi_encode())),
        revert("RevealTooEarly: revealWeights: reveal too early: wait for the reveal epoch")
    );
    s.block = 30;
    subnets::record_epoch(&mut s, NetUid(n)).unwrap();
    exec(&mut s, &tx(WORKER, reveal.abi_encode())).unwrap();
    assert_eq!(weights::weights_row(&mut s, NetUid(n), Uid(1)).unwrap(), vec![(1, u16::MAX)]);
    assert!(weights::pending_commits(&mut s, NetUid(n), &worker_id()).unwrap().is_empty());
    assert_eq!(
        exec(&mut s, &tx(WORKER, reveal.abi_encode())),
        revert("NoWeightsCommitFound: revealWeights: no weight commits found for this hotkey")
    );
}

#[test]
fn static_value_garbage_and_gas_change_nothing() {
    let (mut s, n) = testkit::with_subnet();
    let before = (s.slots.clone(), s.balances.clone());
    let reg = register(n, worker_id().0);
    let mut stat = tx(COLD, reg.clone());
    stat.is_static = true;
    assert_eq!(exec(&mut s, &stat), revert("WriteInStaticCall: state change in a static call"));
    let mut paid = tx(COLD, reg.clone());
    paid.value = U256::from(1_000_000_000u64);
    assert_eq!(exec(&mut s, &paid), revert("NotPayable: this function does not accept value"));
    assert_eq!(
        exec(&mut s, &tx(COLD, vec![0xff; 3])),
        revert("UnknownSelector: INeuron: unknown function")
    );
    let mut short = reg.clone();
    short.truncate(36);
    assert_eq!(
        exec(&mut s, &tx(COLD, short)),
        revert("InvalidInput: INeuron: malformed arguments for burnedRegister(uint16,bytes32)")
    );
    let mut g = Gas::new(cost::REGISTER - 1);
    assert_eq!(run(&mut s, &tx(COLD, reg), &mut g), Err(Failure::OutOfGas));
    assert_eq!(g.used(), 0);
    let mut g = Gas::new(weights_gas(1) - 1);
    assert_eq!(
        run(&mut s, &tx(WORKER, set_weights(n, vec![1], vec![9])), &mut g),
        Err(Failure::OutOfGas)
    );
    assert_eq!((s.slots.clone(), s.balances.clone()), before);
}
