//! The precompiles' EVM events in the suite's receipts, decoded with the event types of the
//! generated Solidity interfaces (`contracts/interfaces/*.sol`). The suite calls each
//! precompile in `try`/`catch`: a call that reverts must leave no event in the receipt, so the
//! number of events of each kind equals the number of successful calls.

use super::{Driver, i};
use alloy::sol_types::SolEvent;
use alloy_primitives::{Address, B256, U256};
use serde_json::Value;
use taochain_tests::{TAO, hex_bytes};

pub(super) const NEURON: Address =
    Address::new([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 4]);

/// The events of type `E` that `address` emitted in `receipt`, in order.
pub(super) fn events<E: SolEvent>(receipt: &Value, address: Address) -> Vec<E> {
    let mut out = Vec::new();
    for log in receipt["logs"].as_array().expect("logs") {
        let topics: Vec<B256> = log["topics"]
            .as_array()
            .expect("topics")
            .iter()
            .map(|t| t.as_str().and_then(|s| s.parse().ok()).expect("topic"))
            .collect();
        let from: Option<Address> = log["address"].as_str().and_then(|a| a.parse().ok());
        if from != Some(address) || topics.first() != Some(&E::SIGNATURE_HASH) {
            continue;
        }
        let data = hex_bytes(&log["data"]);
        out.push(
            E::decode_raw_log(topics, &data).unwrap_or_else(|e| panic!("{}: {e}", E::SIGNATURE)),
        );
    }
    out
}

/// The three subnet registrations: one `NetworkRegistered` each, netuids 1-3, with the suite
/// as coldkey and hotkey; their locks add up to what left the suite's balance (`locks`, wei).
pub(super) fn check_subnets(receipts: &[Value; 3], me: B256, locks: U256) {
    let mut total = U256::ZERO;
    for (n, r) in (1u16..).zip(receipts) {
        let evs = events::<i::ISubnet::NetworkRegistered>(r, super::SUBNET);
        assert_eq!(evs.len(), 1, "one NetworkRegistered for subnet {n}");
        let ev = &evs[0];
        assert_eq!((ev.coldkey, ev.hotkey, ev.netuid), (me, me, n));
        total += ev.lockRao;
    }
    assert_eq!(total * U256::from(TAO), locks, "the locks reported are the locks paid");
}

/// Neurons (two registered of five attempts), serving, weights, commit and reveal.
pub(super) fn check_neurons(d: &Driver, receipts: &[Value; 5], me: B256, hotkeys: [B256; 2]) {
    let [register, serve, weights, commit, reveal] = receipts;
    let regs = events::<i::INeuron::NeuronRegistered>(register, NEURON);
    let got: Vec<_> = regs.iter().map(|e| (e.coldkey, e.hotkey, e.netuid, e.uid)).collect();
    assert_eq!(got, [(me, hotkeys[0], 1, 1), (me, hotkeys[1], 1, 2)], "the two that succeeded");
    assert!(regs.iter().all(|e| e.burnRao > U256::ZERO));

    let axons = events::<i::INeuron::AxonServed>(serve, NEURON);
    let got: Vec<_> = axons.iter().map(|e| (e.hotkey, e.netuid, e.ip, e.port, e.ipType)).collect();
    assert_eq!(got, [(me, 1, 0x7f00_0001, 8091, 4)], "the invalid ipType left no event");
    let proms = events::<i::INeuron::PrometheusServed>(serve, NEURON);
    let got: Vec<_> = proms.iter().map(|e| (e.hotkey, e.netuid, e.version, e.port)).collect();
    assert_eq!(got, [(me, 1, 3, 9090)]);

    let set = events::<i::INeuron::WeightsSet>(weights, NEURON);
    assert_eq!(set.len(), 1, "one of four setWeights succeeded");
    assert_eq!((set[0].hotkey, set[0].netuid), (me, 1));
    assert_eq!((set[0].uids.clone(), set[0].values.clone()), (vec![1, 2], vec![100, 300]));
    let hp = events::<i::ISubnet::HyperparameterSet>(weights, super::SUBNET);
    let got: Vec<_> = hp.iter().map(|e| (e.netuid, e.name.as_str(), e.value)).collect();
    assert_eq!(got, [(1, "commit_reveal_weights_enabled", U256::ZERO)]);

    let commits = events::<i::INeuron::WeightsCommitted>(commit, NEURON);
    let hash = d.check("INeuron.commitWeights").value::<B256>();
    let got: Vec<_> = commits.iter().map(|e| (e.hotkey, e.netuid, e.commitHash)).collect();
    assert_eq!(got, [(me, 2, hash)]);
    assert!(events::<i::INeuron::WeightsRevealed>(commit, NEURON).is_empty(), "too early");
    let revealed = events::<i::INeuron::WeightsRevealed>(reveal, NEURON);
    let got: Vec<_> = revealed.iter().map(|e| (e.hotkey, e.netuid, e.uids.clone())).collect();
    assert_eq!(got, [(me, 2, vec![0])], "the mismatched salt left no event");
}

/// `stakeAndUnstake`: two stakes and two unstakes succeeded, the refusals left no event; the
/// amounts are the ones the suite's `getStake` readings show.
pub(super) fn check_stakes(d: &Driver, receipt: &Value, me: B256) {
    let stake = |label: &str| d.check(label).value::<U256>();
    let added = events::<i::IStaking::StakeAdded>(receipt, super::STAKING);
    let got: Vec<_> = added.iter().map(|e| (e.coldkey, e.hotkey, e.netuid, e.taoRao)).collect();
    let tao = |n: u64| U256::from(n * TAO);
    assert_eq!(got, [(me, me, 1, tao(10)), (me, me, 1, tao(5))]);
    assert_eq!(added[1].alphaRao, stake("IStaking.addStakeLimit") - stake("IStaking.addStake"));
    let removed = events::<i::IStaking::StakeRemoved>(receipt, super::STAKING);
    let got: Vec<_> = removed.iter().map(|e| (e.coldkey, e.hotkey, e.netuid, e.alphaRao)).collect();
    assert_eq!(got, [(me, me, 1, tao(1)), (me, me, 1, tao(1))]);
    assert_eq!(stake("IStaking.addStakeLimit") - stake("IStaking.removeStake"), tao(1));
    assert!(removed.iter().all(|e| e.taoRao > U256::ZERO));
}
