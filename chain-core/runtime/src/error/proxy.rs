//! [`ProxyError`] and [`AutoStakeError`]: refusals of staking proxies (`proxy`) and of the
//! coldkey auto-stake destination (`autostake`), named after the real chain's errors.

use tao_primitives::AccountId32;

/// Staking proxies (`proxy`): the real chain's `pallet_proxy` errors.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProxyError {
    /// The delegator already has the most proxies allowed.
    #[error("already {max} proxies: remove one first")]
    TooMany {
        /// The limit.
        max: u64,
    },
    /// The delegate is already a proxy of the delegator.
    #[error("{delegate} is already a proxy")]
    Duplicate {
        /// The delegate.
        delegate: AccountId32,
    },
    /// An account named as its own proxy.
    #[error("an account cannot be its own proxy")]
    NoSelfProxy,
    /// The delegate is not a proxy of the delegator.
    #[error("{delegate} is not a proxy")]
    NotFound {
        /// The delegate.
        delegate: AccountId32,
    },
}

impl ProxyError {
    /// See [`super::NativeError::chain_name`]: `pallet_proxy`'s names.
    pub fn chain_name(&self) -> &'static str {
        match self {
            ProxyError::TooMany { .. } => "TooMany",
            ProxyError::Duplicate { .. } => "Duplicate",
            ProxyError::NoSelfProxy => "NoSelfProxy",
            ProxyError::NotFound { .. } => "NotFound",
        }
    }
}

/// The coldkey auto-stake destination (`autostake`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AutoStakeError {
    /// The hotkey is already the coldkey's destination on this subnet.
    #[error("{hotkey} is already the auto-stake hotkey")]
    SameAutoStakeHotkeyAlreadySet {
        /// The hotkey.
        hotkey: AccountId32,
    },
}

impl AutoStakeError {
    /// See [`super::NativeError::chain_name`].
    pub fn chain_name(&self) -> &'static str {
        match self {
            AutoStakeError::SameAutoStakeHotkeyAlreadySet { .. } => "SameAutoStakeHotkeyAlreadySet",
        }
    }
}
