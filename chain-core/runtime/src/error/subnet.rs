//! [`SubnetError`]: refusals of the subnet registry, start-up and epoch control.

use tao_primitives::NetUid;

/// The subnet registry (`subnets`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SubnetError {
    /// The registry genesis ran already.
    #[error("registry genesis already applied")]
    GenesisAlreadyApplied,
    /// The registry genesis has not run (the root subnet does not exist).
    #[error("registry genesis has not been applied")]
    RootNetworkDoesNotExist,
    /// Genesis asked for a minimum lock below the pool's minimum reserve.
    #[error("min lock must be at least {min} RAO")]
    MinLockTooLow {
        /// The smallest acceptable minimum lock, RAO.
        min: u64,
    },
    /// Genesis asked for a subnet limit outside `1..=max`.
    #[error("subnet limit must be between 1 and {max}")]
    InvalidSubnetNumber {
        /// The largest acceptable limit.
        max: u16,
    },
    /// An identity field is longer than its byte limit.
    #[error("{field} is longer than {limit} bytes")]
    InvalidIdentity {
        /// The field's name.
        field: &'static str,
        /// Its limit in bytes.
        limit: usize,
    },
    /// The subnet does not exist.
    #[error("subnet does not exist")]
    SubnetNotExists {
        /// The subnet asked for.
        netuid: NetUid,
    },
    /// Owner operations are not available on root.
    #[error("the root subnet has no owner")]
    RootHasNoOwner,
    /// The caller is not the subnet's owner coldkey.
    #[error("caller is not the subnet owner")]
    NotSubnetOwner {
        /// The subnet.
        netuid: NetUid,
    },
    /// A subnet was registered too recently chain-wide.
    #[error("network registration rate limit exceeded")]
    NetworkTxRateLimitExceeded,
    /// Every subnet slot is taken (pruning is not implemented).
    #[error("subnet limit reached")]
    SubnetLimitReached,
    /// An owner change in the last `AdminFreezeWindow` blocks before the next epoch.
    #[error("subnet {netuid}: owner changes are frozen until its next epoch")]
    AdminActionProhibitedDuringWeightsWindow {
        /// The subnet.
        netuid: NetUid,
    },
    /// `trigger_epoch` with commit-reveal on.
    #[error("subnet {netuid}: epochs cannot be triggered while commit-reveal is on")]
    DynamicTempoBlockedByCommitReveal {
        /// The subnet.
        netuid: NetUid,
    },
    /// `trigger_epoch` with one already pending.
    #[error("subnet {netuid}: an epoch trigger is already pending")]
    EpochTriggerAlreadyPending {
        /// The subnet.
        netuid: NetUid,
    },
    /// `trigger_epoch` when the automatic epoch comes sooner than the trigger would.
    #[error("subnet {netuid}: the automatic epoch is already imminent")]
    AutoEpochAlreadyImminent {
        /// The subnet.
        netuid: NetUid,
    },
    /// `set_tempo` outside `[360, 50400]`.
    #[error("tempo {tempo} is outside 360..=50400")]
    TempoOutOfBounds {
        /// The tempo asked for.
        tempo: u64,
    },
    /// A root-only call from another account.
    #[error("only the chain's root account may do this")]
    BadOrigin,
    /// `start_call` on a subnet already started.
    #[error("subnet {netuid} is already started (its first emission block is set)")]
    FirstEmissionBlockNumberAlreadySet {
        /// The subnet.
        netuid: NetUid,
    },
    /// `start_call` before `StartCallDelay` blocks since registration.
    #[error("start_call is allowed from block {allowed_from}")]
    NeedWaitingMoreBlocksToStarCall {
        /// The first block it is allowed in.
        allowed_from: u64,
    },
    /// The lock buys no alpha at the median price.
    #[error("lock too small for the median price")]
    LockTooSmall {
        /// The lock, RAO.
        lock: u64,
    },
    /// A dissolution would walk more entries than its bound (`subnets::dissolve`).
    #[error("subnet {netuid} is too large to dissolve: {count} {what} (at most {max})")]
    DissolutionTooLarge {
        /// The subnet.
        netuid: NetUid,
        /// What was counted.
        what: &'static str,
        /// How many there are.
        count: u64,
        /// The bound.
        max: u64,
    },
    /// A pool engine gave back other reserves than the subnet's books hold.
    #[error("subnet {netuid}: the pool held {got} RAO, the books {expected} RAO")]
    DissolvedPoolMismatch {
        /// The subnet.
        netuid: NetUid,
        /// TAO reserve removed from the engine.
        got: u64,
        /// TAO reserve read before.
        expected: u64,
    },
    /// A dev control that has no meaning on the root subnet (no pool, no epoch, no neurons).
    #[error("{what} is not available on the root subnet")]
    NotOnRoot {
        /// The refused control.
        what: &'static str,
    },
}

impl SubnetError {
    /// See [`crate::NativeError::chain_name`].
    pub fn chain_name(&self) -> &'static str {
        match self {
            SubnetError::GenesisAlreadyApplied => "GenesisAlreadyApplied",
            SubnetError::RootNetworkDoesNotExist => "RootNetworkDoesNotExist",
            SubnetError::MinLockTooLow { .. } => "InvalidValue",
            SubnetError::InvalidSubnetNumber { .. } => "InvalidSubnetNumber",
            SubnetError::InvalidIdentity { .. } => "InvalidIdentity",
            SubnetError::SubnetNotExists { .. } => "SubnetNotExists",
            SubnetError::RootHasNoOwner | SubnetError::NotSubnetOwner { .. } => "NotSubnetOwner",
            SubnetError::NetworkTxRateLimitExceeded => "NetworkTxRateLimitExceeded",
            SubnetError::SubnetLimitReached => "SubnetLimitReached",
            SubnetError::LockTooSmall { .. } => "CannotAffordLockCost",
            SubnetError::BadOrigin => "BadOrigin",
            SubnetError::NotOnRoot { .. } => "NotOnRoot",
            SubnetError::DissolutionTooLarge { .. } => "DissolutionTooLarge",
            SubnetError::DissolvedPoolMismatch { .. } => "DissolvedPoolMismatch",
            SubnetError::AdminActionProhibitedDuringWeightsWindow { .. } => {
                "AdminActionProhibitedDuringWeightsWindow"
            }
            SubnetError::DynamicTempoBlockedByCommitReveal { .. } => {
                "DynamicTempoBlockedByCommitReveal"
            }
            SubnetError::EpochTriggerAlreadyPending { .. } => "EpochTriggerAlreadyPending",
            SubnetError::AutoEpochAlreadyImminent { .. } => "AutoEpochAlreadyImminent",
            SubnetError::TempoOutOfBounds { .. } => "TempoOutOfBounds",
            SubnetError::FirstEmissionBlockNumberAlreadySet { .. } => {
                "FirstEmissionBlockNumberAlreadySet"
            }
            SubnetError::NeedWaitingMoreBlocksToStarCall { .. } => {
                "NeedWaitingMoreBlocksToStarCall"
            }
        }
    }
}
