//! JSON input and output of one epoch, their defaults and the input checks.
//!
//! The format is documented for users in `docs/epoch-format.md`.

use serde::{Deserialize, Serialize};

/// A sparse row as stored on chain: `(uid, value)` pairs, in stored order.
pub type SparseRow = Vec<(u16, u16)>;

/// Default `TaoWeight`: 971 718 665 099 567 868 / u64::MAX, about 0.0527.
pub const DEFAULT_TAO_WEIGHT_RAW: u64 = 971_718_665_099_567_868;

/// Per-subnet (and the few global) parameters the epoch reads, with the real chain's
/// defaults for a newly registered subnet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Hyperparameters {
    /// Consensus majority, as x/65535. Default 32767 (about 0.5).
    pub kappa: u16,
    /// Share of the old bonds kept by the EMA, per 1e6. Default 900 000 (EMA alpha 0.1).
    pub bonds_moving_average: u64,
    /// Beta: bonds are bought with `W + beta * (clip(W) - W)`, x/65535. Default 65535 (1.0).
    pub bonds_penalty: u16,
    /// Yuma 3 (relative) bonds when true, classic bonds when false. Default true.
    pub yuma3: bool,
    /// Per-element sigmoid EMA factor (Yuma 3 branch only). Default false.
    pub liquid_alpha: bool,
    /// Lower bound of the liquid alpha, x/65535. Default 45875 (0.7).
    pub alpha_low: u16,
    /// Upper bound of the liquid alpha, x/65535. Default 58982 (0.9).
    pub alpha_high: u16,
    /// Sigmoid steepness of the liquid alpha, used as steepness/100. Default 1000.
    pub alpha_sigmoid_steepness: i16,
    /// Number of validator permits (top-k by stake). Default 64.
    pub max_allowed_validators: u16,
    /// Epoch period in blocks. Default 360.
    pub tempo: u16,
    /// Activity cutoff in blocks. When absent (the default) it is derived from
    /// `activity_cutoff_factor_milli` and `tempo`.
    pub activity_cutoff: Option<u64>,
    /// Activity cutoff in thousandths of a tempo. Default 13 889 (5000 blocks at tempo 360).
    pub activity_cutoff_factor_milli: u32,
    /// Minimum stake (rao) below which a uid's stake counts as 0 (owner exempt). Default 0.
    pub stake_threshold: u64,
    /// Weight of root TAO stake as raw/u64::MAX. Default 971 718 665 099 567 868 (~0.0527).
    pub tao_weight_raw: u64,
    /// Whether commit-reveal is on, which enables the commit mask. Default true.
    pub commit_reveal_enabled: bool,
}

impl Default for Hyperparameters {
    fn default() -> Self {
        Self {
            kappa: 32_767,
            bonds_moving_average: 900_000,
            bonds_penalty: 65_535,
            yuma3: true,
            liquid_alpha: false,
            alpha_low: 45_875,
            alpha_high: 58_982,
            alpha_sigmoid_steepness: 1000,
            max_allowed_validators: 64,
            tempo: 360,
            activity_cutoff: None,
            activity_cutoff_factor_milli: 13_889,
            stake_threshold: 0,
            tao_weight_raw: DEFAULT_TAO_WEIGHT_RAW,
            commit_reveal_enabled: true,
        }
    }
}

impl Hyperparameters {
    /// Activity cutoff in blocks: the explicit value, or `max(1, factor * tempo / 1000)`.
    pub fn activity_cutoff_blocks(&self) -> u64 {
        self.activity_cutoff.unwrap_or_else(|| {
            // u16 × u16 fits in u64.
            (u64::from(self.activity_cutoff_factor_milli).saturating_mul(u64::from(self.tempo))
                / 1000)
                .max(1)
        })
    }
}

/// Everything one epoch of one subnet mechanism reads. Only `stake` is required in JSON;
/// per-uid vectors left empty take their storage default (see each field).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EpochInput {
    /// Subnet size; defaults to `stake.len()`. Must equal it when given.
    #[serde(default)]
    pub n: Option<u16>,
    /// The block the epoch runs at. Default 0.
    #[serde(default)]
    pub current_block: u64,
    /// Alpha rao handed to this epoch (server + validator + root pending). Default 0.
    #[serde(default)]
    pub emission: u64,
    /// Alpha stake per uid in rao (with child/parent inheritance applied). Required.
    pub stake: Vec<u64>,
    /// Root TAO stake per uid in rao, weighted by `tao_weight_raw`. Empty = all 0.
    #[serde(default)]
    pub tao_stake: Vec<u64>,
    /// Block each uid last set or committed weights (or registered). Empty = all 0.
    #[serde(default)]
    pub last_update: Vec<u64>,
    /// Block each uid registered at. Empty = all 0.
    #[serde(default)]
    pub block_at_registration: Vec<u64>,
    /// Permits stored by the previous epoch. Missing trailing entries mean no permit. An
    /// empty vector (a subnet's first epoch) is the chain's special case: it disables the
    /// permit mask on stake but masks every weights row.
    #[serde(default)]
    pub validator_permits: Vec<bool>,
    /// Stored weights rows `[[uid, u16], ...]`, one per uid (empty = no weights at all).
    #[serde(default)]
    pub weights_sparse: Vec<SparseRow>,
    /// Stored bonds rows `[[uid, u16], ...]`, one per uid (empty = no bonds at all).
    #[serde(default)]
    pub bonds_sparse: Vec<SparseRow>,
    /// Uid of the subnet owner's hotkey, if registered. Default none.
    #[serde(default)]
    pub owner_uid: Option<u16>,
    /// Per uid, the block of its earliest unexpired weight commit (`null` = none). Empty =
    /// no pending commits. Used only when `commit_reveal_enabled`.
    #[serde(default)]
    pub commit_blocks: Vec<Option<u64>>,
    /// Block of the previous step of this mechanism (`LastMechansimStepBlock`); 0 = unknown,
    /// in which case `current_block - tempo` is used for the new-registration bond mask.
    #[serde(default)]
    pub last_epoch_block: u64,
    /// Hyperparameters; every field defaults separately.
    #[serde(default)]
    pub hyperparameters: Hyperparameters,
}

/// Everything the epoch writes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EpochOutput {
    /// `last_update + activity_cutoff >= current_block`.
    pub active: Vec<bool>,
    /// Permits for the next epoch (top-k by stake, owner always).
    pub new_validator_permits: Vec<bool>,
    /// Normalised, threshold-filtered stake, `floor(s * 65535)`.
    pub stake_weight_u16: Vec<u16>,
    /// Consensus per uid, `floor(c * 65535)`.
    pub consensus_u16: Vec<u16>,
    /// Incentive per uid, `floor(i * 65535)`.
    pub incentive_u16: Vec<u16>,
    /// Dividends per uid, `floor(d * 65535)`.
    pub dividends_u16: Vec<u16>,
    /// Validator trust per uid, `floor(vt * 65535)`.
    pub validator_trust_u16: Vec<u16>,
    /// Bonds rows after the epoch: new rows for new permit holders, emptied rows for lost
    /// permits, the input row otherwise.
    pub bonds_u16: Vec<SparseRow>,
    /// Miner (incentive) emission per uid, rao.
    pub server_emission: Vec<u64>,
    /// Validator (dividend) emission per uid, rao.
    pub validator_emission: Vec<u64>,
    /// The stored `Emission` per uid, rao: `floor(normalize(I + D) * emission)`, or the
    /// stake fallback when nothing was earned.
    pub emission: Vec<u64>,
}

/// Why an input cannot be run.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EpochError {
    /// A per-uid vector has the wrong length.
    #[error("`{field}` has {got} entries, expected {expected}")]
    LengthMismatch {
        /// The JSON field.
        field: &'static str,
        /// Required length (n, or at most n for `validator_permits`).
        expected: usize,
        /// Length given.
        got: usize,
    },
    /// More uids than a u16 can address.
    #[error("{0} uids given; a subnet holds at most 65535")]
    TooManyUids(usize),
    /// A uid refers past the end of the subnet.
    #[error("`{field}` row {row}: uid {uid} is not below n = {n}")]
    UidOutOfRange {
        /// The JSON field.
        field: &'static str,
        /// Row (uid) of the entry; for `owner_uid` this is 0.
        row: usize,
        /// The offending uid.
        uid: u16,
        /// Subnet size.
        n: usize,
    },
    /// A row lists the same uid twice, which the chain never stores.
    #[error("`{field}` row {row} lists uid {uid} twice")]
    DuplicateUid {
        /// The JSON field.
        field: &'static str,
        /// Row (uid) holding the duplicate.
        row: usize,
        /// The repeated uid.
        uid: u16,
    },
    /// A hyperparameter the chain would never accept.
    #[error("hyperparameter `{name}`: {reason}")]
    InvalidHyperparameter {
        /// Name of the hyperparameter.
        name: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
}

/// Fills the defaults and checks the shape of `input`; returns `n`.
pub(super) fn validate(input: &EpochInput) -> Result<usize, EpochError> {
    let n = input.stake.len();
    if n > usize::from(u16::MAX) {
        return Err(EpochError::TooManyUids(n));
    }
    if let Some(given) = input.n
        && usize::from(given) != n
    {
        return Err(EpochError::LengthMismatch { field: "stake", expected: given.into(), got: n });
    }
    let optional = |field: &'static str, got: usize| {
        if got == 0 || got == n {
            Ok(())
        } else {
            Err(EpochError::LengthMismatch { field, expected: n, got })
        }
    };
    optional("tao_stake", input.tao_stake.len())?;
    optional("last_update", input.last_update.len())?;
    optional("block_at_registration", input.block_at_registration.len())?;
    optional("weights_sparse", input.weights_sparse.len())?;
    optional("bonds_sparse", input.bonds_sparse.len())?;
    optional("commit_blocks", input.commit_blocks.len())?;
    if input.validator_permits.len() > n {
        return Err(EpochError::LengthMismatch {
            field: "validator_permits",
            expected: n,
            got: input.validator_permits.len(),
        });
    }
    if let Some(owner) = input.owner_uid
        && usize::from(owner) >= n
    {
        return Err(EpochError::UidOutOfRange { field: "owner_uid", row: 0, uid: owner, n });
    }
    check_rows("weights_sparse", &input.weights_sparse, n)?;
    check_rows("bonds_sparse", &input.bonds_sparse, n)?;
    let hp = &input.hyperparameters;
    if hp.alpha_low > hp.alpha_high {
        return Err(EpochError::InvalidHyperparameter {
            name: "alpha_low",
            reason: "must not exceed alpha_high",
        });
    }
    if hp.bonds_moving_average > 1_000_000 {
        return Err(EpochError::InvalidHyperparameter {
            name: "bonds_moving_average",
            reason: "must be at most 1 000 000",
        });
    }
    Ok(n)
}

/// Every column uid below n and no uid twice in a row.
fn check_rows(field: &'static str, rows: &[SparseRow], n: usize) -> Result<(), EpochError> {
    let mut seen = vec![usize::MAX; n];
    for (row, entries) in rows.iter().enumerate() {
        // Fast path: a strictly increasing row has no duplicate; only its last uid can be
        // out of range.
        if entries.is_sorted_by(|a, b| a.0 < b.0) {
            match entries.last() {
                Some(&(uid, _)) if usize::from(uid) >= n => {
                    let first_bad =
                        entries.iter().find(|e| usize::from(e.0) >= n).map_or(uid, |e| e.0);
                    return Err(EpochError::UidOutOfRange { field, row, uid: first_bad, n });
                }
                _ => continue,
            }
        }
        for &(uid, _) in entries {
            let j = usize::from(uid);
            if j >= n {
                return Err(EpochError::UidOutOfRange { field, row, uid, n });
            }
            match seen.get_mut(j) {
                Some(s) if *s == row => {
                    return Err(EpochError::DuplicateUid { field, row, uid });
                }
                Some(s) => *s = row,
                None => return Err(EpochError::UidOutOfRange { field, row, uid, n }),
            }
        }
    }
    Ok(())
}
