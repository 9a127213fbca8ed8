//! Typed errors of the native modules.
//!
//! Each module refuses an operation with a variant of its own enum ([`SubnetError`],
//! [`NeuronError`], [`HyperparamError`], [`WeightsError`], [`StakingError`],
//! [`SubnetPoolError`], [`IssuanceError`], [`EpochError`]); [`NativeError`] wraps them together
//! with the faults that are nobody's rule (state access, balance, overflow). Variants carry
//! data, not prose: the `Display` text is the revert reason contracts and tools see, and
//! [`NativeError::chain_name`] gives the real chain's `Error<T>` name for the same refusal
//! (opentensor/subtensor `pallets/subtensor/src/macros/errors.rs`; the admin-utils pallet's
//! and the swap pallet's where those refuse it). A refusal the real chain does not have
//! returns the variant's own name.

mod children;
mod proxy;
mod subnet;

pub use children::ChildkeyError;
pub use proxy::{AutoStakeError, ProxyError};
pub use subnet::SubnetError;

use crate::hyperparams::Hyper;
use alloy_primitives::U256;
use tao_primitives::{AccountId32, NetUid, Uid};

/// Why a native operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NativeError {
    /// The backing state could not be read or written (not the caller's fault).
    #[error("state access failed: {0}")]
    Backend(String),
    /// A stored value does not decode as the item it should hold (corrupt or foreign state).
    #[error("corrupt native state: {item} does not decode")]
    CorruptState {
        /// What was being read.
        item: &'static str,
    },
    /// Not enough free balance.
    #[error("insufficient balance: have {have} RAO, need {need} RAO")]
    InsufficientBalance {
        /// Available, RAO.
        have: u64,
        /// Required, RAO.
        need: u64,
    },
    /// Arithmetic overflow.
    #[error("arithmetic overflow in {0}")]
    Overflow(&'static str),
    /// The subnet registry refused.
    #[error(transparent)]
    Subnet(#[from] SubnetError),
    /// Neuron registration, serving or association refused.
    #[error(transparent)]
    Neuron(#[from] NeuronError),
    /// A hyperparameter change refused.
    #[error(transparent)]
    Hyperparam(#[from] HyperparamError),
    /// A weights set, commit or reveal refused.
    #[error(transparent)]
    Weights(#[from] WeightsError),
    /// A staking operation refused.
    #[error(transparent)]
    Staking(#[from] StakingError),
    /// A pool operation refused.
    #[error(transparent)]
    Pool(#[from] SubnetPoolError),
    /// A total-issuance update refused.
    #[error(transparent)]
    Issuance(#[from] IssuanceError),
    /// An epoch could not run.
    #[error(transparent)]
    Epoch(#[from] EpochError),
    /// The Solidity pool engine failed (a fault, never the caller's).
    #[error(transparent)]
    PoolEngine(#[from] crate::pool_engine::PoolEngineError),
    /// Childkeys.
    #[error(transparent)]
    Childkey(#[from] ChildkeyError),
    /// Staking proxies.
    #[error(transparent)]
    Proxy(#[from] ProxyError),
    /// The coldkey auto-stake destination.
    #[error(transparent)]
    AutoStake(#[from] AutoStakeError),
}

impl NativeError {
    /// The real chain's error name for this failure (`Error<T>` of subtensor, or of the
    /// admin-utils / swap pallets), for surfacing to contracts and tools.
    pub fn chain_name(&self) -> &'static str {
        match self {
            NativeError::Backend(_) => "Backend",
            NativeError::CorruptState { .. } => "CorruptState",
            NativeError::InsufficientBalance { .. } => "InsufficientBalance",
            NativeError::Overflow(_) => "Overflow",
            NativeError::Subnet(e) => e.chain_name(),
            NativeError::Neuron(e) => e.chain_name(),
            NativeError::Hyperparam(e) => e.chain_name(),
            NativeError::Weights(e) => e.chain_name(),
            NativeError::Staking(e) => e.chain_name(),
            NativeError::Pool(e) => e.chain_name(),
            NativeError::Issuance(e) => e.chain_name(),
            NativeError::Epoch(e) => e.chain_name(),
            NativeError::PoolEngine(_) => "PoolEngine",
            NativeError::Childkey(e) => e.chain_name(),
            NativeError::Proxy(e) => e.chain_name(),
            NativeError::AutoStake(e) => e.chain_name(),
        }
    }

    /// Whether a module's rule refused the operation (one of the module enums). Such a
    /// failure changed nothing and is the input's fault, so block-level work may skip the
    /// payment or epoch concerned; `Backend`, `InsufficientBalance` and `Overflow` are not
    /// rule refusals and must propagate.
    pub fn is_rejection(&self) -> bool {
        !matches!(
            self,
            NativeError::Backend(_)
                | NativeError::CorruptState { .. }
                | NativeError::InsufficientBalance { .. }
                | NativeError::Overflow(_)
                | NativeError::PoolEngine(_)
        )
    }
}

/// Neurons: registration, serving, EVM association and the per-uid getters (`neurons`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NeuronError {
    /// The hotkey belongs to another coldkey.
    #[error("hotkey is owned by another coldkey")]
    NonAssociatedColdKey,
    /// The subnet is full and every uid is protected.
    #[error("no neuron uid available: the subnet is full of protected uids")]
    NoNeuronIdAvailable,
    /// The registration rules refused (burn parameters, uid bounds).
    #[error("{0}")]
    Registration(tao_economics::registration::RegistrationError),
    /// Neurons do not register on root.
    #[error("neuron registration on the root subnet is not allowed")]
    RegistrationNotPermittedOnRootSubnet,
    /// The owner closed registration.
    #[error("registration is disabled on this subnet")]
    SubNetRegistrationDisabled {
        /// The subnet.
        netuid: NetUid,
    },
    /// The hotkey has a uid here already.
    #[error("hotkey already registered on this subnet")]
    HotKeyAlreadyRegisteredInSubNet,
    /// The burn is above the caller's limit price.
    #[error("registration burn {price} RAO exceeds the limit price {limit} RAO")]
    BurnAboveLimit {
        /// The current burn, RAO.
        price: u64,
        /// The caller's limit, RAO.
        limit: u64,
    },
    /// No neuron has this uid.
    #[error("uid does not exist on this subnet")]
    UidNotExists {
        /// The subnet.
        netuid: NetUid,
        /// The uid asked for.
        uid: Uid,
    },
    /// The hotkey has no uid on the subnet.
    #[error("hotkey is not registered on this subnet")]
    HotKeyNotRegisteredInSubNet {
        /// The subnet.
        netuid: NetUid,
    },
    /// The axon's ip type is neither 4 nor 6.
    #[error("invalid ip type: must be 4 or 6")]
    InvalidIpType {
        /// The type given.
        ip_type: u8,
    },
    /// The ip is zero or the broadcast address.
    #[error("invalid ip address")]
    InvalidIpAddress,
    /// Port 0.
    #[error("invalid port")]
    InvalidPort,
    /// The hotkey served too recently.
    #[error("serving rate limit exceeded")]
    ServingRateLimitExceeded,
    /// The caller is neither the hotkey nor its owner coldkey.
    #[error("caller is neither the hotkey nor its owner")]
    NotHotkeyOrOwner,
    /// The EVM address to associate is not the caller's own.
    #[error("the EVM address must be the caller's own address")]
    InvalidRecoveredPublicKey,
    /// `serveAxonTls`: certificates are not stored on this chain.
    #[error("TLS certificates are not supported on this chain; use serveAxon")]
    TlsNotSupported,
}

impl NeuronError {
    /// See [`NativeError::chain_name`].
    pub fn chain_name(&self) -> &'static str {
        use tao_economics::registration::RegistrationError as R;
        match self {
            NeuronError::NonAssociatedColdKey | NeuronError::NotHotkeyOrOwner => {
                "NonAssociatedColdKey"
            }
            NeuronError::NoNeuronIdAvailable => "NoNeuronIdAvailable",
            NeuronError::Registration(R::NoNeuronIdAvailable) => "NoNeuronIdAvailable",
            NeuronError::Registration(R::SubnetLimitReached) => "SubnetLimitReached",
            NeuronError::Registration(R::InvalidBurnParams | R::InvalidMaxUids(_)) => {
                "InvalidValue"
            }
            NeuronError::RegistrationNotPermittedOnRootSubnet => {
                "RegistrationNotPermittedOnRootSubnet"
            }
            NeuronError::SubNetRegistrationDisabled { .. } => "SubNetRegistrationDisabled",
            NeuronError::HotKeyAlreadyRegisteredInSubNet => "HotKeyAlreadyRegisteredInSubNet",
            NeuronError::BurnAboveLimit { .. } => "SlippageTooHigh",
            NeuronError::UidNotExists { .. } => "UidNotExists",
            NeuronError::HotKeyNotRegisteredInSubNet { .. } => "HotKeyNotRegisteredInSubNet",
            NeuronError::InvalidIpType { .. } => "InvalidIpType",
            NeuronError::InvalidIpAddress => "InvalidIpAddress",
            NeuronError::InvalidPort => "InvalidPort",
            NeuronError::ServingRateLimitExceeded => "ServingRateLimitExceeded",
            NeuronError::InvalidRecoveredPublicKey => "InvalidRecoveredPublicKey",
            NeuronError::TlsNotSupported => "CallDisabled",
        }
    }
}

/// Hyperparameter changes (`hyperparams`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HyperparamError {
    /// A bool hyperparameter set to something other than 0 or 1.
    #[error("{} must be 0 or 1", .param.name())]
    NotBool {
        /// The hyperparameter.
        param: Hyper,
    },
    /// A value outside the caller's bounds.
    #[error("{} must be between {min} and {max}", .param.name())]
    OutOfRange {
        /// The hyperparameter.
        param: Hyper,
        /// Lowest allowed.
        min: u64,
        /// Highest allowed.
        max: u64,
    },
    /// `alpha_low` above `alpha_high`.
    #[error("alpha_low must not exceed alpha_high")]
    AlphaLowOutOfRange,
    /// `alpha_high` below `alpha_low`.
    #[error("alpha_high must not be below alpha_low")]
    AlphaHighTooLow,
    /// `max_allowed_uids` below the uids in use.
    #[error("max_allowed_uids must not be below the current number of uids")]
    MaxAllowedUIdsLessThanCurrentUIds,
    /// `max_allowed_uids` below `max_allowed_validators`.
    #[error("max_allowed_uids must not be below max_allowed_validators")]
    MaxAllowedUidsBelowValidators,
    /// `max_allowed_validators` above `max_allowed_uids`.
    #[error("max_allowed_validators must not exceed max_allowed_uids")]
    MaxValidatorsLargerThanMaxUIds,
    /// The burn bounds would become inconsistent.
    #[error(
        "invalid burn bounds: need min_burn < 1 TAO, max_burn > 0.1 TAO, min_burn < max_burn, \
         burn_half_life <= 36100"
    )]
    InvalidBurnBounds,
    /// Only root may set this hyperparameter.
    #[error("{} can only be set by root", .param.name())]
    RootOnly {
        /// The hyperparameter.
        param: Hyper,
    },
    /// This hyperparameter has no chain-wide default.
    #[error("{} has no chain-wide default", .param.name())]
    NoChainWideDefault {
        /// The hyperparameter.
        param: Hyper,
    },
    /// An owner change again before the owner rate limit passed (`ratelimit`).
    #[error("subnet {netuid}: {what} rate limit, next allowed at block {next}")]
    TxRateLimitExceeded {
        /// The subnet.
        netuid: NetUid,
        /// What was changed.
        what: &'static str,
        /// First block at which the change passes.
        next: u64,
    },
}

impl HyperparamError {
    /// See [`NativeError::chain_name`].
    pub fn chain_name(&self) -> &'static str {
        match self {
            HyperparamError::NotBool { .. }
            | HyperparamError::OutOfRange { .. }
            | HyperparamError::InvalidBurnBounds
            | HyperparamError::NoChainWideDefault { .. } => "InvalidValue",
            HyperparamError::AlphaLowOutOfRange => "AlphaLowOutOfRange",
            HyperparamError::AlphaHighTooLow => "AlphaHighTooLow",
            HyperparamError::MaxAllowedUIdsLessThanCurrentUIds => {
                "MaxAllowedUIdsLessThanCurrentUIds"
            }
            HyperparamError::MaxAllowedUidsBelowValidators
            | HyperparamError::MaxValidatorsLargerThanMaxUIds => "MaxValidatorsLargerThanMaxUIds",
            HyperparamError::RootOnly { .. } => "BadOrigin",
            HyperparamError::TxRateLimitExceeded { .. } => "TxRateLimitExceeded",
        }
    }
}

/// Weights: set, commit and reveal (`weights`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WeightsError {
    /// `setWeights` while commit-reveal is on.
    #[error("commit-reveal is enabled on this subnet: commit and reveal weights instead")]
    CommitRevealEnabled,
    /// Commit or reveal while commit-reveal is off.
    #[error("commit-reveal is disabled on this subnet")]
    CommitRevealDisabled,
    /// `uids` and `values` differ in length.
    #[error("uids and values have different lengths")]
    WeightVecNotEqualSize,
    /// More weights than uids.
    #[error("more weights than uids on this subnet")]
    UidsLengthExceedUidsInSubNet,
    /// Below the stake threshold.
    #[error("not enough stake to set weights")]
    NotEnoughStakeToSetWeights,
    /// The version key is below the subnet's.
    #[error("incorrect weights version key")]
    IncorrectWeightVersionKey,
    /// Set too soon after the last set.
    #[error("weights rate limit exceeded")]
    SettingWeightsTooFast,
    /// Non-self weights without a validator permit.
    #[error("hotkey has no validator permit")]
    NeuronNoValidatorPermit,
    /// A uid appears twice.
    #[error("duplicate uids in weights")]
    DuplicateUids,
    /// A uid that no neuron has.
    #[error("uid {uid} does not exist on this subnet")]
    UidVecContainInvalidOne {
        /// The first missing uid.
        uid: Uid,
    },
    /// Fewer weights than `MinAllowedWeights`.
    #[error("too few weights: at least {min} required")]
    WeightVecLengthIsLow {
        /// The minimum.
        min: u64,
    },
    /// A weight above `MaxWeightsLimit`.
    #[error("max weight limit exceeded")]
    MaxWeightExceeded,
    /// Committed too soon after the last update.
    #[error("weights commit rate limit exceeded")]
    CommittingWeightsTooFast,
    /// Too many commits waiting.
    #[error("too many unrevealed weight commits")]
    TooManyUnrevealedCommits,
    /// Nothing committed.
    #[error("no weight commits found for this hotkey")]
    NoWeightsCommitFound,
    /// No commit has this hash.
    #[error("no commit matches the revealed weights")]
    InvalidRevealCommitHashNotMatch,
    /// The matching commit's reveal epoch has passed.
    #[error("weight commit expired")]
    ExpiredWeightCommit,
    /// The matching commit's reveal epoch has not come.
    #[error("reveal too early: wait for the reveal epoch")]
    RevealTooEarly,
}

impl WeightsError {
    /// See [`NativeError::chain_name`]: every variant is named after the real chain's error.
    pub fn chain_name(&self) -> &'static str {
        match self {
            WeightsError::CommitRevealEnabled => "CommitRevealEnabled",
            WeightsError::CommitRevealDisabled => "CommitRevealDisabled",
            WeightsError::WeightVecNotEqualSize => "WeightVecNotEqualSize",
            WeightsError::UidsLengthExceedUidsInSubNet => "UidsLengthExceedUidsInSubNet",
            WeightsError::NotEnoughStakeToSetWeights => "NotEnoughStakeToSetWeights",
            WeightsError::IncorrectWeightVersionKey => "IncorrectWeightVersionKey",
            WeightsError::SettingWeightsTooFast => "SettingWeightsTooFast",
            WeightsError::NeuronNoValidatorPermit => "NeuronNoValidatorPermit",
            WeightsError::DuplicateUids => "DuplicateUids",
            WeightsError::UidVecContainInvalidOne { .. } => "UidVecContainInvalidOne",
            WeightsError::WeightVecLengthIsLow { .. } => "WeightVecLengthIsLow",
            WeightsError::MaxWeightExceeded => "MaxWeightExceeded",
            WeightsError::CommittingWeightsTooFast => "CommittingWeightsTooFast",
            WeightsError::TooManyUnrevealedCommits => "TooManyUnrevealedCommits",
            WeightsError::NoWeightsCommitFound => "NoWeightsCommitFound",
            WeightsError::InvalidRevealCommitHashNotMatch => "InvalidRevealCommitHashNotMatch",
            WeightsError::ExpiredWeightCommit => "ExpiredWeightCommit",
            WeightsError::RevealTooEarly => "RevealTooEarly",
        }
    }
}

/// The staking ledger, takes and allowances (`staking`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StakingError {
    /// The hotkey has no owner coldkey (never registered).
    #[error(
        "hotkey 0x{} has no owner: register it before staking to it",
        alloy_primitives::hex::encode(.hotkey)
    )]
    HotKeyAccountNotExists {
        /// The hotkey.
        hotkey: AccountId32,
    },
    /// Only the hotkey's owner coldkey may set its take.
    #[error("only the hotkey's owner coldkey may set its take")]
    NonAssociatedColdKey,
    /// The take is unchanged.
    #[error("take is already {take}/65535")]
    TakeUnchanged {
        /// The take, parts of 65535.
        take: u16,
    },
    /// The take is above the maximum.
    #[error("take {take}/65535 above the maximum {max}/65535")]
    DelegateTakeTooHigh {
        /// The take asked for.
        take: u16,
        /// The maximum.
        max: u16,
    },
    /// The take is below the minimum.
    #[error("take {take}/65535 below the minimum")]
    DelegateTakeTooLow {
        /// The take asked for.
        take: u16,
    },
    /// A take increase inside the rate-limit window.
    #[error(
        "take increase: take changed at block {last_change}, next increase allowed after block \
         {allowed_after}"
    )]
    DelegateTxRateLimitExceeded {
        /// Block of the last change.
        last_change: u64,
        /// An increase needs a block after this one.
        allowed_after: u64,
    },
    /// A stake below the minimum (0.002 TAO plus the fee).
    #[error("stake of {amount} RAO is below the minimum {min} RAO (0.002 TAO plus fee)")]
    AmountTooLow {
        /// Offered, RAO.
        amount: u64,
        /// Minimum, RAO.
        min: u64,
    },
    /// A partial fill within the limit price is below the minimum stake.
    #[error("only {net} RAO can be staked within the limit price, below the 0.002 TAO minimum")]
    PartialFillTooLow {
        /// What would be staked, RAO.
        net: u64,
    },
    /// An unstake of zero.
    #[error("unstake amount is zero")]
    ZeroUnstake,
    /// An unstake of more than the position.
    #[error("not enough stake: have {have} alpha-RAO on subnet {netuid}, asked for {requested}")]
    NotEnoughStakeToWithdraw {
        /// The position.
        have: u64,
        /// The subnet.
        netuid: NetUid,
        /// Asked for.
        requested: u64,
    },
    /// A partial unstake paying less than the minimum.
    #[error(
        "unstake would pay {tao} RAO, below the 0.002 TAO minimum (remove the whole position \
         instead)"
    )]
    UnstakeBelowMinimum {
        /// What it would pay, RAO.
        tao: u64,
    },
    /// No position to remove.
    #[error("no stake on subnet {netuid} to remove")]
    NoStakeToRemove {
        /// The subnet.
        netuid: NetUid,
    },
    /// A move or transfer of zero.
    #[error("amount is zero")]
    ZeroAmount,
    /// A move onto the same position.
    #[error("origin and destination are the same position")]
    SamePosition,
    /// Transfers are off on a subnet of the move.
    #[error("stake transfers are disabled on subnet {netuid}")]
    TransferDisallowed {
        /// The subnet.
        netuid: NetUid,
    },
    /// A same-subnet move worth less than the minimum at spot.
    #[error("moved stake is worth {value} RAO at spot, below the 0.002 TAO minimum")]
    MoveBelowMinimumAtSpot {
        /// Its spot value, RAO.
        value: u64,
    },
    /// A cross-subnet move whose sale pays no more than the minimum.
    #[error("moved stake is worth {tao} RAO, not above the 0.002 TAO minimum")]
    MoveBelowMinimum {
        /// What the sale pays, RAO.
        tao: u64,
    },
    /// `swap_stake` within one subnet.
    #[error("swap_stake needs two different subnets")]
    SameNetuid,
    /// Burn or recycle on root.
    #[error("cannot burn or recycle stake on the root subnet")]
    CannotBurnOrRecycleOnRootSubnet,
    /// Nothing to burn.
    #[error("no stake on subnet {netuid} to burn")]
    NoStakeToBurn {
        /// The subnet.
        netuid: NetUid,
    },
    /// The share pool holds less for the key than asked.
    #[error("not enough stake: have {available} alpha-RAO, asked for {requested}")]
    NotEnoughStake {
        /// The key's value.
        available: u64,
        /// Asked for.
        requested: u64,
    },
    /// A deposit too small to mint a share.
    #[error("amount too small to mint any share of the hotkey's pool")]
    SharesTooSmall,
    /// Value added to a pool without holders.
    #[error("the hotkey's pool has no holders")]
    NoHolders,
    /// The subnet has not been started (`start_call`): no staking in or out yet.
    #[error("subnet {netuid} is not started yet: its owner must call start_call first")]
    SubtokenDisabled {
        /// The subnet.
        netuid: NetUid,
    },
    /// `transferStakeFrom` above the allowance.
    #[error("insufficient allowance: {allowed} alpha-RAO approved, {requested} requested")]
    InsufficientAllowance {
        /// Approved.
        allowed: U256,
        /// Asked for.
        requested: u64,
    },
}

impl StakingError {
    /// See [`NativeError::chain_name`].
    pub fn chain_name(&self) -> &'static str {
        use StakingError as E;
        match self {
            E::HotKeyAccountNotExists { .. } => "HotKeyAccountNotExists",
            E::NonAssociatedColdKey => "NonAssociatedColdKey",
            E::TakeUnchanged { .. } | E::DelegateTakeTooLow { .. } => "DelegateTakeTooLow",
            E::DelegateTakeTooHigh { .. } => "DelegateTakeTooHigh",
            E::DelegateTxRateLimitExceeded { .. } => "DelegateTxRateLimitExceeded",
            E::AmountTooLow { .. }
            | E::PartialFillTooLow { .. }
            | E::ZeroUnstake
            | E::UnstakeBelowMinimum { .. }
            | E::ZeroAmount
            | E::MoveBelowMinimumAtSpot { .. }
            | E::MoveBelowMinimum { .. }
            | E::SharesTooSmall => "AmountTooLow",
            E::NotEnoughStakeToWithdraw { .. }
            | E::NoStakeToRemove { .. }
            | E::NoStakeToBurn { .. }
            | E::NotEnoughStake { .. } => "NotEnoughStakeToWithdraw",
            E::SamePosition | E::SameNetuid => "SameNetuid",
            E::TransferDisallowed { .. } => "TransferDisallowed",
            E::CannotBurnOrRecycleOnRootSubnet => "CannotBurnOrRecycleOnRootSubnet",
            E::NoHolders => "NoHolders",
            E::InsufficientAllowance { .. } => "InsufficientAllowance",
            E::SubtokenDisabled { .. } => "SubtokenDisabled",
        }
    }
}

/// Subnet pools in native storage (`pool`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SubnetPoolError {
    /// The subnet does not exist.
    #[error("subnet {netuid} does not exist")]
    SubnetNotExists {
        /// The subnet asked for.
        netuid: NetUid,
    },
    /// The pool refused a swap or injection.
    #[error("subnet {netuid}: {source}")]
    Swap {
        /// The subnet.
        netuid: NetUid,
        /// What the pool said.
        source: tao_economics::pool::PoolError,
    },
    /// A fee rate above the maximum, or any fee on root.
    #[error("fee rate {rate}/65535 invalid for subnet {netuid} (max {max}, root has none)")]
    InvalidFeeRate {
        /// The subnet.
        netuid: NetUid,
        /// The rate asked for.
        rate: u16,
        /// The maximum.
        max: u16,
    },
    /// A stable (1:1) deposit into a dynamic pool.
    #[error("stable deposit into a dynamic pool")]
    NotRootSubnet {
        /// The dynamic subnet.
        netuid: NetUid,
    },
}

impl SubnetPoolError {
    /// See [`NativeError::chain_name`]. Swap refusals use the subtensor names for the same
    /// outcome (a price already past the limit is `ZeroMaxStakeAmount`).
    pub fn chain_name(&self) -> &'static str {
        use tao_economics::pool::PoolError as P;
        match self {
            SubnetPoolError::SubnetNotExists { .. } => "SubnetNotExists",
            SubnetPoolError::Swap { source, .. } => match source {
                P::ZeroAmount | P::ZeroOutput => "AmountTooLow",
                P::InsufficientLiquidity { .. } | P::InputTooLarge { .. } => {
                    "InsufficientLiquidity"
                }
                P::PriceLimitExceeded { .. } => "ZeroMaxStakeAmount",
                P::SlippageTooHigh { .. } => "SlippageTooHigh",
                P::InvalidFeeRate(_) => "InvalidValue",
                P::Overflow => "Overflow",
            },
            SubnetPoolError::InvalidFeeRate { .. } => "InvalidValue",
            SubnetPoolError::NotRootSubnet { .. } => "NotRootSubnet",
        }
    }
}

/// Total issuance bookkeeping (`supply`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IssuanceError {
    /// A mint above the 21M TAO cap.
    #[error("issuance would exceed the 21M TAO cap: {issuance} wei + {add} wei")]
    CapExceeded {
        /// Issuance now, wei.
        issuance: U256,
        /// The mint, wei.
        add: U256,
    },
    /// A removal of more than the issuance.
    #[error("cannot remove {remove} wei from total issuance {issuance} wei")]
    BelowZero {
        /// The removal, wei.
        remove: U256,
        /// Issuance now, wei.
        issuance: U256,
    },
    /// Genesis issuance set twice.
    #[error("total issuance is already set")]
    AlreadySet,
    /// The stored issuance is above the cap.
    #[error("issuance {issuance} wei is above the cap")]
    AboveCap {
        /// The stored issuance, wei.
        issuance: U256,
    },
    /// Issuance differs from balances plus pools.
    #[error(
        "supply mismatch: issuance {issuance} wei != balances {balances} wei + pools {pools} wei"
    )]
    Mismatch {
        /// Issuance, wei.
        issuance: U256,
        /// Sum of the balances, wei.
        balances: U256,
        /// Sum of the pool reserves, wei.
        pools: U256,
    },
}

impl IssuanceError {
    /// See [`NativeError::chain_name`].
    pub fn chain_name(&self) -> &'static str {
        match self {
            IssuanceError::CapExceeded { .. } | IssuanceError::AboveCap { .. } => "Overflow",
            IssuanceError::BelowZero { .. } => "InsufficientBalance",
            IssuanceError::AlreadySet => "IssuanceAlreadySet",
            IssuanceError::Mismatch { .. } => "SupplyMismatch",
        }
    }
}

/// A subnet's epoch (`epoch`, `epoch::io`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EpochError {
    /// Root runs no epoch.
    #[error("the root subnet has no epoch")]
    RootHasNoEpoch,
    /// The loaded input is inconsistent.
    #[error("subnet {netuid}: inconsistent epoch input: {source}")]
    InconsistentInput {
        /// The subnet.
        netuid: NetUid,
        /// What Yuma found.
        source: tao_yuma::EpochError,
    },
    /// An output vector does not have one entry per uid.
    #[error("epoch output `{name}` has {len} entries, the subnet has {n} uids")]
    OutputLength {
        /// The output's name.
        name: &'static str,
        /// Its length.
        len: usize,
        /// The uids of the subnet.
        n: usize,
    },
}

impl EpochError {
    /// See [`NativeError::chain_name`].
    pub fn chain_name(&self) -> &'static str {
        match self {
            EpochError::RootHasNoEpoch => "NotPermittedOnRootSubnet",
            EpochError::InconsistentInput { .. } => "InconsistentEpochInput",
            EpochError::OutputLength { .. } => "InconsistentEpochOutput",
        }
    }
}

#[cfg(test)]
mod tests;
