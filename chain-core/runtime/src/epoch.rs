//! One subnet's Yuma epoch as load → pure compute → persist (spec `yuma.md` §4–§5).
//!
//! * **Load**: the registry side (`io::read_epoch_inputs`: hotkeys, registration and
//!   update blocks, permits, weights, bonds, commits, owner uid, last epoch block), the
//!   hyperparameters (`hyperparams::epoch_hyperparameters`, with `TaoWeight` from
//!   [`pool::tao_weight`]), and from the ledger each uid's stake: `stake` = its hotkey's
//!   **inherited** alpha on the subnet (its own `TOTAL_HOTKEY_ALPHA`, all nominators, less
//!   what it lends its children plus what its parents lend it, [`children::stake`]),
//!   `tao_stake` = its inherited root stake the same way, which the epoch weights by
//!   `TaoWeight`.
//! * **Compute**: [`tao_yuma::run_epoch`].
//! * **Persist**: `io::write_epoch_outputs`, which also records the epoch
//!   (`EPOCH_INDEX += 1`, `LAST_EPOCH_BLOCK = now`).
//!
//! Paying the emission out is the coinbase's job (`coinbase`), which calls
//! [`run_subnet_epoch_with`] and uses the stakes returned alongside the output.

pub mod io;

pub use io::{EpochInputs, read_epoch_inputs, write_epoch_outputs};

use super::hyperparams;
use super::pool::{self, ROOT_NETUID};
use super::store::{NativeError, NativeStore};
use crate::children;
use crate::error::EpochError;
use tao_primitives::{AccountId32, NetUid};
use tao_yuma::{EpochInput, EpochOutput};

/// An epoch that ran, with the per-uid keys and stakes it used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EpochRun {
    /// What the epoch computed (and what was stored).
    pub output: EpochOutput,
    /// Hotkey per uid.
    pub hotkeys: Vec<AccountId32>,
    /// Inherited alpha stake per uid (childkeys applied).
    pub alpha_stake: Vec<u64>,
    /// Inherited root stake per uid, TAO RAO (unweighted).
    pub root_stake: Vec<u64>,
    /// `TaoWeight` used, raw fraction of `u64::MAX`.
    pub tao_weight: u64,
}

/// Loads the epoch input of `netuid` at the current block for `emission` alpha, with an
/// optional tempo override (a dev chain's short tempo). Returns it with the hotkey per uid.
pub fn load_epoch_input(
    store: &mut impl NativeStore,
    netuid: NetUid,
    emission: u64,
    tempo_override: Option<u16>,
) -> Result<(EpochInput, Vec<AccountId32>), NativeError> {
    if netuid == ROOT_NETUID {
        return Err(EpochError::RootHasNoEpoch.into());
    }
    let inputs = io::read_epoch_inputs(store, netuid)?;
    let hotkeys = inputs.hotkeys.clone();
    let mut stake = Vec::with_capacity(hotkeys.len());
    let mut tao_stake = Vec::with_capacity(hotkeys.len());
    for hk in &hotkeys {
        stake.push(children::stake::inherited_alpha(store, hk, netuid)?);
        tao_stake.push(children::stake::inherited_tao(store, hk, netuid)?);
    }
    let mut hp = hyperparams::epoch_hyperparameters(store, netuid)?;
    hp.tao_weight_raw = pool::tao_weight(store)?;
    if let Some(t) = tempo_override {
        hp.tempo = t;
    }
    let block = store.block_number();
    Ok((inputs.into_epoch_input(block, emission, stake, tao_stake, hp), hotkeys))
}

fn compute(netuid: NetUid, input: &EpochInput) -> Result<EpochOutput, NativeError> {
    tao_yuma::run_epoch(input)
        .map_err(|source| EpochError::InconsistentInput { netuid, source }.into())
}

/// Runs and persists the epoch of `netuid` for `emission_alpha` (pending server + validator +
/// root alpha). Returns the output; fails, writing nothing, if the input is inconsistent.
pub fn run_subnet_epoch(
    store: &mut impl NativeStore,
    netuid: NetUid,
    emission_alpha: u64,
) -> Result<EpochOutput, NativeError> {
    run_subnet_epoch_with(store, netuid, emission_alpha, None).map(|r| r.output)
}

/// [`run_subnet_epoch`] with a tempo override, returning the stakes used as well.
pub fn run_subnet_epoch_with(
    store: &mut impl NativeStore,
    netuid: NetUid,
    emission_alpha: u64,
    tempo_override: Option<u16>,
) -> Result<EpochRun, NativeError> {
    let (input, hotkeys) = load_epoch_input(store, netuid, emission_alpha, tempo_override)?;
    let output = compute(netuid, &input)?;
    io::write_epoch_outputs(store, netuid, &output)?;
    let tao_weight = input.hyperparameters.tao_weight_raw;
    Ok(EpochRun {
        output,
        hotkeys,
        alpha_stake: input.stake,
        root_stake: input.tao_stake,
        tao_weight,
    })
}
