//! The sdk's error type: every variant carries what a person needs to fix the problem, and
//! [`Error::kind`] sorts them into the four groups the CLI maps to exit codes.

use crate::{AccountId, AmountError, IdError};
use alloy_primitives::B256;
use std::path::PathBuf;

/// Result with the sdk's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The four groups of failures (the `tao` CLI's exit codes 1 to 4).
///
/// ```
/// use taochain_sdk::{Error, ErrorKind};
/// assert_eq!(Error::SubnetNotFound { netuid: 9 }.kind(), ErrorKind::Input);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad input from the caller: an amount, an id, an unknown subnet, a refused slippage.
    Input,
    /// The node could not be reached, or answered an error or something unexpected.
    Chain,
    /// The chain refused the transaction (a revert, simulated or mined).
    Reverted,
    /// A wallet, key file or password problem.
    Wallet,
}

/// Everything that can go wrong in the sdk.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An amount was refused (more than 9 decimals, overflow, not a number).
    #[error(transparent)]
    Amount(#[from] AmountError),
    /// A 32-byte id was refused.
    #[error(transparent)]
    Id(#[from] IdError),
    /// An ink! metadata file, message name or argument was refused.
    #[error(transparent)]
    Ink(#[from] crate::ink::InkError),
    /// Any other bad argument.
    #[error("{0}")]
    InvalidInput(String),
    /// The subnet does not exist.
    #[error("subnet {netuid} does not exist (`tao subnet list` shows the subnets)")]
    SubnetNotFound {
        /// The netuid asked for.
        netuid: u16,
    },
    /// The balance does not cover what the transaction spends.
    #[error(
        "insufficient balance: {account} has {have} TAO, the transaction needs up to {need} TAO ({what})"
    )]
    InsufficientBalance {
        /// The paying account (SS58).
        account: AccountId,
        /// What it holds (TAO, exact decimal).
        have: String,
        /// What it needs at most (TAO, exact decimal).
        need: String,
        /// What `need` counts (`"amount"`, `"amount and maximum fee"`).
        what: &'static str,
    },
    /// The node could not be reached.
    #[error("cannot reach the node at {url}: {reason} (is it running? check --rpc)")]
    Connect {
        /// The RPC URL.
        url: String,
        /// The transport error.
        reason: String,
    },
    /// The node answered a JSON-RPC error.
    #[error("{method} failed: {message} (JSON-RPC error {code})")]
    Rpc {
        /// The method called.
        method: &'static str,
        /// The JSON-RPC error code.
        code: i32,
        /// The node's message.
        message: String,
    },
    /// The node's answer did not have the expected shape.
    #[error("unexpected answer to {what}: {reason}")]
    Decode {
        /// What was being read.
        what: String,
        /// What was wrong.
        reason: String,
    },
    /// The chain refused the call: in simulation (`tx` is `None`) or mined with status 0.
    #[error("{call} reverted: {reason}{}", tx.map(|h| format!(" (transaction {h})")).unwrap_or_default())]
    Reverted {
        /// The Solidity signature of the call (e.g. `addStake(bytes32,uint256,uint256)`).
        call: String,
        /// The decoded revert reason (`Error(string)`, `Panic(uint256)` or the raw data).
        reason: String,
        /// The mined transaction, if it was sent.
        tx: Option<B256>,
    },
    /// The transaction was sent but no receipt came in time.
    #[error(
        "transaction {hash} was sent but not mined after {secs} s; check it later with `cast receipt {hash}`"
    )]
    Timeout {
        /// The transaction hash.
        hash: B256,
        /// Seconds waited.
        secs: u64,
    },
    /// A key could not be read or parsed.
    #[error("invalid key: {0}")]
    Key(String),
    /// The password does not open the key file.
    #[error("wrong password for {path}")]
    WrongPassword {
        /// The key file.
        path: PathBuf,
    },
    /// A wallet or key file problem (missing, exists already, unreadable).
    #[error("{0}")]
    Wallet(String),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

impl Error {
    /// The group this error belongs to.
    ///
    /// ```
    /// use taochain_sdk::{Error, ErrorKind};
    /// let e = Error::Reverted { call: "f()".into(), reason: "no".into(), tx: None };
    /// assert_eq!(e.kind(), ErrorKind::Reverted);
    /// ```
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Amount(_)
            | Error::Id(_)
            | Error::Ink(_)
            | Error::InvalidInput(_)
            | Error::SubnetNotFound { .. }
            | Error::InsufficientBalance { .. } => ErrorKind::Input,
            Error::Connect { .. }
            | Error::Rpc { .. }
            | Error::Decode { .. }
            | Error::Timeout { .. } => ErrorKind::Chain,
            Error::Reverted { .. } => ErrorKind::Reverted,
            Error::Key(_) | Error::WrongPassword { .. } | Error::Wallet(_) | Error::Io { .. } => {
                ErrorKind::Wallet
            }
        }
    }

    /// The chain's error name of a revert (`SlippageTooHigh` in `"SlippageTooHigh: addStake:
    /// ..."`, a contract's custom error `SharesBelowMinimum` in `"SharesBelowMinimum(shares:
    /// ...)"`), if this is a revert whose reason starts with one.
    ///
    /// ```
    /// use taochain_sdk::Error;
    /// let e = Error::Reverted { call: "f()".into(), reason: "SubnetNotExists: f: no".into(), tx: None };
    /// assert_eq!(e.chain_error_name(), Some("SubnetNotExists"));
    /// let e = Error::Reverted { call: "f()".into(), reason: "SharesBelowMinimum(shares: 1, minShares: 2)".into(), tx: None };
    /// assert_eq!(e.chain_error_name(), Some("SharesBelowMinimum"));
    /// ```
    pub fn chain_error_name(&self) -> Option<&str> {
        match self {
            Error::Reverted { reason, .. } => reason
                .find([':', '('])
                .map(|end| &reason[..end])
                .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_alphanumeric())),
            _ => None,
        }
    }
}
