//! The epoch's "load" and "persist" steps over the registry items: [`read_epoch_inputs`]
//! gathers the per-uid vectors and rows a [`tao_yuma::EpochInput`] needs (stake comes from
//! staking), and [`write_epoch_outputs`] stores a [`tao_yuma::EpochOutput`] and records the
//! epoch (`EPOCH_INDEX += 1`, `LAST_EPOCH_BLOCK = now`; do not call
//! [`crate::registry::record_epoch`] as well).

use crate::error::EpochError;
use crate::neurons::{pack_row, uid_count, uid_of, unpack_row};
use crate::schema::{self, by_netuid, by_uid};
use crate::store::{NativeError, NativeExt, NativeStore};
use crate::{registry, weights};
use tao_primitives::AccountId32;
use tao_primitives::{NetUid, Uid};
use tao_yuma::{EpochInput, EpochOutput, Hyperparameters, SparseRow};

/// Everything the registry holds for one epoch of one subnet, indexed by uid.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EpochInputs {
    /// Subnet size.
    pub n: u16,
    /// Hotkey per uid (staking needs them to look up stake).
    pub hotkeys: Vec<AccountId32>,
    /// `BLOCK_AT_REGISTRATION` per uid.
    pub block_at_registration: Vec<u64>,
    /// `LAST_UPDATE` per uid.
    pub last_update: Vec<u64>,
    /// The stored permit vector: empty before the first epoch, otherwise the first
    /// `VALIDATOR_PERMIT_LEN` uids (uids appended since count as no permit).
    pub validator_permits: Vec<bool>,
    /// Weights rows (entries with uid < n, stored order).
    pub weights: Vec<SparseRow>,
    /// Bonds rows (entries with uid < n, stored order).
    pub bonds: Vec<SparseRow>,
    /// Per uid, the block of its earliest unexpired hash commit.
    pub commit_blocks: Vec<Option<u64>>,
    /// Uid of the subnet owner hotkey, if registered.
    pub owner_uid: Option<u16>,
    /// Block of the previous epoch; 0 before the first (the epoch then uses `block - tempo`).
    pub last_epoch_block: u64,
}

impl EpochInputs {
    /// Assembles the epoch input with staking's per-uid `stake` and `tao_stake` (RAO, same
    /// order as [`EpochInputs::hotkeys`]; `tao_stake` may be empty).
    pub fn into_epoch_input(
        self,
        current_block: u64,
        emission: u64,
        stake: Vec<u64>,
        tao_stake: Vec<u64>,
        hyperparameters: Hyperparameters,
    ) -> EpochInput {
        EpochInput {
            n: Some(self.n),
            current_block,
            emission,
            stake,
            tao_stake,
            last_update: self.last_update,
            block_at_registration: self.block_at_registration,
            validator_permits: self.validator_permits,
            weights_sparse: self.weights,
            bonds_sparse: self.bonds,
            owner_uid: self.owner_uid,
            commit_blocks: self.commit_blocks,
            last_epoch_block: self.last_epoch_block,
            hyperparameters,
        }
    }
}

fn read_row<S: NativeStore + ?Sized>(
    store: &mut S,
    item: u16,
    netuid: NetUid,
    uid: u16,
    n: u16,
) -> Result<SparseRow, NativeError> {
    let mut row = unpack_row(&store.get_bytes(by_uid(item, netuid, Uid(uid)))?);
    row.retain(|e| e.0 < n);
    Ok(row)
}

/// Loads the registry side of an epoch of `netuid`.
pub fn read_epoch_inputs<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
) -> Result<EpochInputs, NativeError> {
    registry::ensure_exists(store, netuid)?;
    let n = uid_count(store, netuid)?;
    let permits_len = store.get_u64(by_netuid(schema::VALIDATOR_PERMIT_LEN, netuid))?;
    let permits_len = u16::try_from(permits_len).unwrap_or(u16::MAX).min(n);
    let mut inp = EpochInputs { n, ..EpochInputs::default() };
    for uid in 0..n {
        let hk = AccountId32::from(store.get_b256(by_uid(schema::KEYS, netuid, Uid(uid)))?);
        inp.block_at_registration.push(store.get_u64(by_uid(
            schema::BLOCK_AT_REGISTRATION,
            netuid,
            Uid(uid),
        ))?);
        inp.last_update.push(store.get_u64(by_uid(schema::LAST_UPDATE, netuid, Uid(uid)))?);
        if uid < permits_len {
            inp.validator_permits.push(store.get_bool(by_uid(
                schema::VALIDATOR_PERMIT,
                netuid,
                Uid(uid),
            ))?);
        }
        inp.weights.push(read_row(store, schema::WEIGHTS, netuid, uid, n)?);
        inp.bonds.push(read_row(store, schema::BONDS, netuid, uid, n)?);
        inp.commit_blocks.push(weights::earliest_commit_block(store, netuid, &hk)?);
        inp.hotkeys.push(hk);
    }
    let owner_hotkey = registry::owner_hotkey(store, netuid)?;
    inp.owner_uid =
        uid_of(store, netuid, &owner_hotkey)?.map(|u| u.get()).filter(|_| !netuid.is_root());
    if registry::epoch_index(store, netuid)? > 0 {
        inp.last_epoch_block = registry::last_epoch_block(store, netuid)?;
    }
    Ok(inp)
}

/// Persists an epoch's outputs for `netuid` (every vector must have one entry per uid) and
/// records the epoch. Writes `ACTIVE`, `VALIDATOR_PERMIT` (the new permits),
/// `STAKE_WEIGHT`, `CONSENSUS`, `INCENTIVE`, `DIVIDENDS`, `VALIDATOR_TRUST`, `EMISSION` and
/// the bonds rows; sets `VALIDATOR_PERMIT_LEN = n`.
// Every output vector is indexed below `n`, the length checked against each one first.
#[allow(clippy::indexing_slicing)]
pub fn write_epoch_outputs<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    out: &EpochOutput,
) -> Result<(), NativeError> {
    registry::ensure_exists(store, netuid)?;
    let n = usize::from(uid_count(store, netuid)?);
    let lengths = [
        ("active", out.active.len()),
        ("new_validator_permits", out.new_validator_permits.len()),
        ("stake_weight_u16", out.stake_weight_u16.len()),
        ("consensus_u16", out.consensus_u16.len()),
        ("incentive_u16", out.incentive_u16.len()),
        ("dividends_u16", out.dividends_u16.len()),
        ("validator_trust_u16", out.validator_trust_u16.len()),
        ("bonds_u16", out.bonds_u16.len()),
        ("emission", out.emission.len()),
    ];
    if let Some((name, len)) = lengths.iter().find(|(_, len)| *len != n) {
        return Err(EpochError::OutputLength { name, len: *len, n }.into());
    }
    for (i, uid) in (0..n).zip(0u16..) {
        store.set_bool(by_uid(schema::ACTIVE, netuid, Uid(uid)), out.active[i])?;
        store.set_bool(
            by_uid(schema::VALIDATOR_PERMIT, netuid, Uid(uid)),
            out.new_validator_permits[i],
        )?;
        let u16_items = [
            (schema::STAKE_WEIGHT, out.stake_weight_u16[i]),
            (schema::CONSENSUS, out.consensus_u16[i]),
            (schema::INCENTIVE, out.incentive_u16[i]),
            (schema::DIVIDENDS, out.dividends_u16[i]),
            (schema::VALIDATOR_TRUST, out.validator_trust_u16[i]),
        ];
        for (item, v) in u16_items {
            store.set_u64(by_uid(item, netuid, Uid(uid)), v.into())?;
        }
        store.set_u64(by_uid(schema::EMISSION, netuid, Uid(uid)), out.emission[i])?;
        store.set_bytes(by_uid(schema::BONDS, netuid, Uid(uid)), &pack_row(&out.bonds_u16[i]))?;
    }
    store.set_u64(
        by_netuid(schema::VALIDATOR_PERMIT_LEN, netuid),
        u64::try_from(n).unwrap_or(u64::MAX),
    )?;
    registry::record_epoch(store, netuid)
}
