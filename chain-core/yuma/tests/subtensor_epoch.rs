//! Differential fixtures: the integers that the real chain's own epoch tests assert
//! (opentensor/subtensor `pallets/subtensor/src/tests/epoch.rs`, commit 14bc6f9f), replayed
//! through [`tao_yuma::run_epoch`].
//!
//! Each test names the subtensor test it replays. The setup of each one (stakes, blocks at
//! registration, the blocks at which weights are set, hyperparameters) is restated here as data
//! from reading that test and the mock runtime it runs in; the expected numbers are the ones
//! subtensor asserts, copied as facts. The chain state between epochs (stored permits, bonds,
//! weights, last updates) is carried by [`Subnet`], which writes back what the epoch outputs,
//! as the pallet does.
//!
//! Mock facts used throughout (`tests/mock.rs` and `lib.rs` at that commit):
//! `add_network_disable_commit_reveal` turns commit-reveal and Yuma 3 off (classic bonds);
//! kappa 32 767, bonds moving average 900 000, bonds penalty 65 535, liquid alpha off,
//! `TaoWeight` 0, stake threshold 0, max validators 100; the activity cutoff the epoch uses is
//! `max(1, 13 889 × tempo / 1000)`; no subnet owner hotkey is stored, so there is no owner uid;
//! `LastMechansimStepBlock` stays 0 because these tests call `epoch` directly; a registered uid
//! starts with `ValidatorPermit = false` and `LastUpdate` = its registration block; stored
//! weights are the submitted ones max-upscaled to 65 535.

#![allow(clippy::unwrap_used)]

use tao_yuma::{EpochInput, EpochOutput, Hyperparameters, SparseRow, run_epoch};

/// The epoch emission every replayed test passes: `epoch(netuid, 1_000_000_000)`.
const EMISSION: u64 = 1_000_000_000;

/// A subnet's epoch state between manual `epoch` calls.
struct Subnet {
    input: EpochInput,
}

impl Subnet {
    /// `n` uids registered at `registered_at` with the given alpha stakes.
    fn new(stake: Vec<u64>, registered_at: u64, hyperparameters: Hyperparameters) -> Self {
        let n = stake.len();
        Self {
            input: EpochInput {
                current_block: registered_at,
                emission: EMISSION,
                stake,
                last_update: vec![registered_at; n],
                block_at_registration: vec![registered_at; n],
                validator_permits: vec![false; n],
                weights_sparse: vec![Vec::new(); n],
                bonds_sparse: vec![Vec::new(); n],
                hyperparameters,
                ..EpochInput::default()
            },
        }
    }

    /// `set_weights` at `block` with commit-reveal off: the stored row and `LastUpdate`.
    fn set_weights(&mut self, uid: usize, row: SparseRow, block: u64) {
        self.input.weights_sparse[uid] = row;
        self.input.last_update[uid] = block;
    }

    /// `replace_neuron` + `clear_neuron`: a new hotkey (no stake) takes `uid` at `block`.
    fn replace(&mut self, uid: usize, block: u64) {
        let col = u16::try_from(uid).unwrap();
        self.input.stake[uid] = 0;
        self.input.block_at_registration[uid] = block;
        self.input.last_update[uid] = block;
        self.input.validator_permits[uid] = false;
        self.input.weights_sparse[uid].clear();
        self.input.bonds_sparse[uid].clear();
        for row in &mut self.input.weights_sparse {
            for entry in row.iter_mut().filter(|e| e.0 == col) {
                entry.1 = 0;
            }
        }
    }

    /// `SubtensorModule::epoch(netuid, 1e9)` at `block`; writes back permits and bonds.
    fn epoch(&mut self, block: u64) -> EpochOutput {
        self.input.current_block = block;
        let out = run_epoch(&self.input).unwrap();
        self.input.validator_permits.clone_from(&out.new_validator_permits);
        self.input.bonds_sparse.clone_from(&out.bonds_u16);
        out
    }

    /// `get_bonds(netuid)[i][j]`: the stored u16 bond, 0 when absent.
    fn bond(&self, i: usize, j: u16) -> u16 {
        self.input.bonds_sparse[i].iter().find(|e| e.0 == j).map_or(0, |e| e.1)
    }
}

/// The hyperparameters of `add_network_disable_commit_reveal(netuid, tempo, 0)` in the mock.
fn mock_hp(tempo: u16, max_allowed_validators: u16) -> Hyperparameters {
    Hyperparameters {
        tempo,
        max_allowed_validators,
        yuma3: false,
        commit_reveal_enabled: false,
        tao_weight_raw: 0,
        ..Hyperparameters::default()
    }
}

/// A row of equal submitted weights to `uids`, as stored (max-upscaled to 65 535 each).
fn equal_row(uids: std::ops::Range<u16>) -> SparseRow {
    uids.map(|u| (u, u16::MAX)).collect()
}

// subtensor: pallets/subtensor/src/tests/epoch.rs::test_1_graph
#[test]
fn test_1_graph() {
    let mut net = Subnet::new(vec![1_000_000_000], 1, mock_hp(u16::MAX - 1, 100));
    net.set_weights(0, vec![(0, u16::MAX)], 1);
    let out = net.epoch(1);
    assert_eq!(out.consensus_u16[0], 0);
    assert_eq!(out.incentive_u16[0], 0);
    assert_eq!(out.dividends_u16[0], 0);
}

// subtensor: pallets/subtensor/src/tests/epoch.rs::test_10_graph
#[test]
fn test_10_graph() {
    // append_neuron(.., 0): registered at block 0; self-weights set at block 1.
    let mut net = Subnet::new(vec![1; 10], 0, mock_hp(u16::MAX - 1, 100));
    for uid in 0..10u16 {
        net.set_weights(usize::from(uid), vec![(uid, u16::MAX)], 1);
    }
    let out = net.epoch(1);
    for i in 0..10 {
        assert_eq!(out.consensus_u16[i], 0, "consensus of uid {i}");
        assert_eq!(out.incentive_u16[i], 0, "incentive of uid {i}");
        assert_eq!(out.dividends_u16[i], 0, "dividends of uid {i}");
        assert_eq!(out.emission[i], 99_999_999, "emission of uid {i}");
    }
}

/// One step of `test_bonds`: the weights set before the epoch and the four bonds asserted
/// after it (`bonds[v][col]` for validators v = 0..4).
struct BondsStep {
    block: u64,
    set: Vec<(usize, SparseRow)>,
    col: u16,
    expected: [u16; 4],
}

// subtensor: pallets/subtensor/src/tests/epoch.rs::test_bonds
#[test]
fn test_bonds() {
    let mut hp = mock_hp(1, 8);
    hp.bonds_penalty = u16::MAX;
    let mut net = Subnet::new(vec![1, 2, 3, 4, 0, 0, 0, 0], 1, hp);
    net.epoch(1); // first epoch: sets the validator permits
    let servers: SparseRow = vec![(4, 16383), (5, 32767), (6, 49149), (7, 65535)];
    let steps = [
        BondsStep {
            block: 2,
            set: (0..4).map(|v| (v, servers.clone())).collect(),
            col: 4,
            expected: [16383, 32767, 49151, 65535],
        },
        BondsStep {
            block: 3,
            set: vec![(0, vec![(0, 65535)])],
            col: 4,
            expected: [14582, 32767, 49151, 65535],
        },
        BondsStep {
            block: 4,
            set: vec![(1, vec![(1, 65535)])],
            col: 4,
            expected: [12603, 28321, 49151, 65535],
        },
        BondsStep {
            block: 5,
            set: vec![(2, vec![(2, 65535)])],
            col: 7,
            expected: [12602, 28320, 49150, 65535],
        },
        BondsStep {
            block: 6,
            set: vec![(2, vec![(7, 65535)])],
            col: 7,
            expected: [10951, 24609, 49150, 65535],
        },
        BondsStep { block: 7, set: vec![], col: 7, expected: [9559, 21482, 49150, 65535] },
        BondsStep { block: 8, set: vec![], col: 7, expected: [8376, 18824, 49150, 65535] },
    ];
    for step in steps {
        for (uid, row) in step.set {
            net.set_weights(uid, row, step.block);
        }
        net.epoch(step.block);
        let got: Vec<u16> = (0..4).map(|v| net.bond(v, step.col)).collect();
        assert_eq!(got, step.expected, "bonds[0..4][{}] at block {}", step.col, step.block);
    }
}

// subtensor: pallets/subtensor/src/tests/epoch.rs::test_active_stake
#[test]
fn test_active_stake() {
    // System::set_block_number(0); four uids registered at block 0 with 1 alpha-RAO each.
    let mut net = Subnet::new(vec![1; 4], 0, mock_hp(1, 4));
    net.epoch(0);
    for v in 0..2 {
        net.set_weights(v, equal_row(2..4), 1);
    }
    let out = net.epoch(1);
    for uid in 0..4 {
        if uid < 2 {
            assert_eq!(out.dividends_u16[uid], 32767);
        }
        assert_eq!(out.emission[uid], 250_000_000);
    }
    for v in 0..2 {
        assert_eq!([net.bond(v, 0), net.bond(v, 1)], [0, 0]);
        assert_eq!([net.bond(v, 2), net.bond(v, 3)], [65535, 65535]);
    }
    // run_to_block_no_epoch(activity_cutoff + 2) with the legacy cutoff 5000: block 5002.
    net.set_weights(0, equal_row(2..4), 5002);
    let out = net.epoch(5002);
    assert_eq!(out.dividends_u16[0], 36044);
    assert_eq!(out.emission[0], 274_999_999);
    assert_eq!([net.bond(0, 2), net.bond(0, 3)], [65535, 65535]);
    assert_eq!(out.dividends_u16[1], 29490);
    assert_eq!(out.emission[1], 224_999_999);
    assert_eq!([net.bond(1, 2), net.bond(1, 3)], [53619, 53619]);
    // uid 1 sets weights at block 5002, then the epoch runs at block 5003.
    net.set_weights(1, equal_row(2..4), 5002);
    let out = net.epoch(5003);
    assert_eq!(out.dividends_u16[0], 35716);
    assert_eq!(out.emission[0], 272_501_132);
    assert_eq!([net.bond(0, 2), net.bond(0, 3)], [65535, 65535]);
    assert_eq!(out.dividends_u16[1], 29818);
    assert_eq!(out.emission[1], 227_498_866);
    assert_eq!([net.bond(1, 2), net.bond(1, 3)], [54712, 54712]);
}

// subtensor: pallets/subtensor/src/tests/epoch.rs::test_outdated_weights
#[test]
fn test_outdated_weights() {
    // tempo 0; four uids registered at block 1 with 1 alpha-RAO each; max validators 4.
    let mut net = Subnet::new(vec![1; 4], 1, mock_hp(0, 4));
    net.epoch(1);
    // next_block_no_epoch: block 2. Validators weight [2·(65535/3), 65535/3] = [43690, 21845],
    // stored max-upscaled as [65535, 32768]; servers weight themselves.
    for v in 0..2 {
        net.set_weights(v, vec![(2, 65535), (3, 32768)], 2);
    }
    for s in 2..4u16 {
        net.set_weights(usize::from(s), vec![(s, 65535)], 2);
    }
    net.epoch(2);
    // A new hotkey registers in block 2 and takes uid 3 (asserted by subtensor: the least
    // incentive uid). Block 3: uid 0 sets its weights again; epoch.
    net.replace(3, 2);
    net.set_weights(0, vec![(2, 65535), (3, 32768)], 3);
    let out = net.epoch(3);
    assert_eq!(out.dividends_u16[0], 32767);
    assert_eq!(out.emission[0], 250_000_000);
    assert_eq!(net.bond(0, 2), 65535);
    assert_eq!(net.bond(0, 3), 65535);
}

// subtensor: pallets/subtensor/src/tests/epoch.rs::test_zero_weights (its first two epochs; the
// last two register new keys over a full subnet, whose pruning choice is not restated here)
#[test]
fn test_zero_weights() {
    // Two uids registered at block 0 (tempo u16::MAX - 1); uid 0 holds 1 alpha-RAO.
    let mut net = Subnet::new(vec![1, 0], 0, mock_hp(u16::MAX - 1, 100));
    let out = net.epoch(0);
    assert_eq!(out.emission, vec![1_000_000_000, 0]);
    // Block 1: the server weights itself.
    net.set_weights(1, vec![(1, u16::MAX)], 1);
    let out = net.epoch(1);
    assert_eq!(out.emission, vec![1_000_000_000, 0]);
}

/// `distribute_nodes(validators_n, network_n, interleave)` of subtensor's epoch tests for the
/// two deterministic layouts: 0 = validators first, 1 = every (n / v)-th uid a validator.
fn distribute_nodes(
    validators_n: usize,
    network_n: usize,
    interleave: usize,
) -> (Vec<usize>, Vec<usize>) {
    (0..network_n).partition(|i| {
        if interleave == 0 { *i < validators_n } else { i % (network_n / validators_n) == 0 }
    })
}

// subtensor: pallets/subtensor/src/tests/epoch.rs::test_validator_permits (interleavings 0 and
// 1; the third shuffles uids at random, which the permit rule cannot see)
#[test]
fn test_validator_permits() {
    for interleave in 0..2 {
        for (network_n, validators_n) in [(2usize, 1usize), (4, 2), (8, 4)] {
            let min_stake = validators_n as u64;
            for assignment in 0..=1 {
                let (validators, servers) = distribute_nodes(validators_n, network_n, interleave);
                let mut stake = vec![0u64; network_n];
                for &v in &validators {
                    stake[v] = if assignment == 1 { (v + network_n) as u64 } else { 1 };
                }
                for &s in &servers {
                    stake[s] = if assignment == 1 { s as u64 } else { 0 };
                }
                // add_network (commit-reveal on, Yuma 3 off), tempo u16::MAX - 1, registered
                // at block 1, stake threshold = validators_n.
                let mut hp = mock_hp(u16::MAX - 1, u16::try_from(validators_n).unwrap());
                hp.commit_reveal_enabled = true;
                hp.stake_threshold = min_stake;
                let mut net = Subnet::new(stake.clone(), 1, hp);
                let case = format!(
                    "interleave {interleave}, n {network_n}, v {validators_n}, assignment {assignment}"
                );
                let out = net.epoch(1);
                for &v in &validators {
                    assert_eq!(
                        out.new_validator_permits[v],
                        stake[v] >= min_stake,
                        "{case}: validator {v}"
                    );
                }
                for &s in &servers {
                    assert!(!out.new_validator_permits[s], "{case}: server {s}");
                }
                // Servers gain 2n alpha-RAO each; the next epoch (same block) moves the permits.
                for &s in &servers {
                    net.input.stake[s] += 2 * network_n as u64;
                }
                let out = net.epoch(1);
                for &v in &validators {
                    assert!(
                        !out.new_validator_permits[v],
                        "{case}: validator {v} keeps its permit"
                    );
                }
                for &s in &servers {
                    let expected = stake[s] + 2 * network_n as u64 >= min_stake;
                    assert_eq!(out.new_validator_permits[s], expected, "{case}: server {s}");
                }
            }
        }
    }
}

// subtensor: pallets/subtensor/src/tests/epoch.rs::test_512_graph (interleavings 0 and 1, with
// and without server self-weights; interleaving 2 is a random shuffle)
#[test]
fn test_512_graph() {
    const STAKE: u64 = 328_125_000_000_000; // 21_000_000_000_000_000 / 64
    for interleave in 0..2 {
        for server_self in [false, true] {
            let (validators, servers) = distribute_nodes(64, 512, interleave);
            let mut stake = vec![0u64; 512];
            for &v in &validators {
                stake[v] = STAKE;
            }
            // init_run_epochs: append_neuron at block 0, epochs at block 1, 64 permits.
            let mut net = Subnet::new(stake, 0, mock_hp(u16::MAX - 1, 64));
            net.epoch(1);
            // Every validator weights every server u16::MAX / 512 = 127, stored as 65535.
            let row: SparseRow =
                servers.iter().map(|&s| (u16::try_from(s).unwrap(), u16::MAX)).collect();
            for &v in &validators {
                net.set_weights(v, row.clone(), 1);
            }
            if server_self {
                for &s in &servers {
                    net.set_weights(s, vec![(u16::try_from(s).unwrap(), u16::MAX)], 1);
                }
            }
            let mut out = net.epoch(1);
            for _ in 1..3 {
                out = net.epoch(1);
            }
            let case = format!("interleave {interleave}, server_self {server_self}");
            let (server, validator) =
                (u16::try_from(servers[0]).unwrap(), u16::try_from(validators[0]).unwrap());
            for &v in &validators {
                assert_eq!(out.consensus_u16[v], 0, "{case}: validator {v}");
                assert_eq!(out.incentive_u16[v], 0, "{case}: validator {v}");
                assert_eq!(out.dividends_u16[v], 1023, "{case}: validator {v}");
                assert_eq!(out.emission[v], 7_812_500, "{case}: validator {v}");
                assert_eq!(net.bond(v, validator), 0, "{case}: validator {v}");
                assert_eq!(net.bond(v, server), 65_535, "{case}: validator {v}");
            }
            for &s in &servers {
                assert_eq!(out.consensus_u16[s], 146, "{case}: server {s}");
                assert_eq!(out.incentive_u16[s], 146, "{case}: server {s}");
                assert_eq!(out.dividends_u16[s], 0, "{case}: server {s}");
                assert_eq!(out.emission[s], 1_116_071, "{case}: server {s}");
                assert_eq!(net.bond(s, validator), 0, "{case}: server {s}");
                assert_eq!(net.bond(s, server), 0, "{case}: server {s}");
            }
        }
    }
}

// subtensor: pallets/subtensor/src/tests/epoch.rs::test_can_set_self_weight_as_subnet_owner
#[test]
fn test_can_set_self_weight_as_subnet_owner() {
    // Owner hotkey uid 0 (5 000 TAO of alpha; its registration stake only adds to it) and
    // another hotkey uid 1, both registered at block 1; permits [true, false]; the owner's
    // stored row gives 32767 to itself and to uid 1; LastUpdate [2, 0]; epoch at block 2 with
    // 10^9. Both uids earn the same incentive, and more than 0.
    let mut hp = mock_hp(360, 100);
    hp.commit_reveal_enabled = true;
    let mut net = Subnet::new(vec![5_000_000_000_000, 0], 1, hp);
    net.input.owner_uid = Some(0);
    net.input.validator_permits = vec![true, false];
    net.set_weights(0, vec![(0, u16::MAX / 2), (1, u16::MAX / 2)], 2);
    net.input.last_update = vec![2, 0];
    let out = net.epoch(2);
    assert!(out.server_emission[0] > 0);
    assert!(out.server_emission[1] > 0);
    assert_eq!(out.server_emission[0], out.server_emission[1]);
}
