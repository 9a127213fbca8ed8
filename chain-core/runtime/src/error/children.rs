//! [`ChildkeyError`]: refusals of childkeys (`children`), named after the real chain's errors.

use alloy_primitives::U256;
use tao_primitives::AccountId32;

/// Childkeys: `set_children`, `set_childkey_take` and the root switches (`children`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChildkeyError {
    /// Children cannot be set on the root subnet.
    #[error("childkeys are not allowed on the root subnet")]
    RegistrationNotPermittedOnRootSubnet,
    /// The caller's coldkey does not own the hotkey.
    #[error("the caller does not own hotkey {hotkey}")]
    NonAssociatedColdKey {
        /// The hotkey.
        hotkey: AccountId32,
    },
    /// The same child appears twice in one call.
    #[error("child {child} appears twice")]
    DuplicateChild {
        /// The repeated child.
        child: AccountId32,
    },
    /// A hotkey named as its own child.
    #[error("a hotkey cannot be its own child")]
    InvalidChild,
    /// More than the 5 children a parent may have on a subnet.
    #[error("{count} children, at most {max} allowed")]
    TooManyChildren {
        /// Children asked for.
        count: usize,
        /// The limit (5).
        max: usize,
    },
    /// The proportions sum above `u64::MAX`.
    #[error("children's proportions sum to {sum}, above 2^64 - 1")]
    ProportionOverflow {
        /// Their sum (a `U256`, so the error stays as small as the others).
        sum: U256,
    },
    /// A child that is also a parent of the hotkey (no A ↔ B relations).
    #[error("child {child} is a parent of the hotkey")]
    ChildParentInconsistency {
        /// The child.
        child: AccountId32,
    },
    /// The parent's stake is below `StakeThreshold` (the subnet owner hotkey is exempt).
    #[error("hotkey stake {stake} RAO below the childkey threshold {threshold} RAO")]
    NotEnoughStakeToSetChildkeys {
        /// The hotkey's stake, TAO at spot.
        stake: u64,
        /// `StakeThreshold`.
        threshold: u64,
    },
    /// `set_children` again within 150 blocks for the same hotkey and subnet.
    #[error("set_children rate limit: next allowed at block {next}")]
    TxRateLimitExceeded {
        /// First block at which the call passes.
        next: u64,
    },
    /// A childkey take outside `[min, max]`.
    #[error("childkey take {take}/65535 outside {min}..={max}")]
    InvalidChildkeyTake {
        /// Asked for.
        take: u16,
        /// Effective minimum on the subnet.
        min: u16,
        /// `MaxChildkeyTake`.
        max: u16,
    },
    /// A childkey take increase within `TxChildkeyTakeRateLimit` blocks of the last change.
    #[error("childkey take increase rate limit: next allowed at block {next}")]
    TxChildkeyTakeRateLimitExceeded {
        /// First block at which an increase passes.
        next: u64,
    },
}

impl ChildkeyError {
    /// See [`super::NativeError::chain_name`].
    pub fn chain_name(&self) -> &'static str {
        use ChildkeyError as E;
        match self {
            E::RegistrationNotPermittedOnRootSubnet => "RegistrationNotPermittedOnRootSubnet",
            E::NonAssociatedColdKey { .. } => "NonAssociatedColdKey",
            E::DuplicateChild { .. } => "DuplicateChild",
            E::InvalidChild => "InvalidChild",
            E::TooManyChildren { .. } => "TooManyChildren",
            E::ProportionOverflow { .. } => "ProportionOverflow",
            E::ChildParentInconsistency { .. } => "ChildParentInconsistency",
            E::NotEnoughStakeToSetChildkeys { .. } => "NotEnoughStakeToSetChildkeys",
            E::TxRateLimitExceeded { .. } => "TxRateLimitExceeded",
            E::InvalidChildkeyTake { .. } => "InvalidChildkeyTake",
            E::TxChildkeyTakeRateLimitExceeded { .. } => "TxChildkeyTakeRateLimitExceeded",
        }
    }
}
