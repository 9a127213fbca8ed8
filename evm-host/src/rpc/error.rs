//! The one error type of the RPC layer and the one place that maps it to JSON-RPC codes.
//!
//! | code | meaning | variants |
//! | --- | --- | --- |
//! | 3 | execution reverted (revert bytes in `data`) | [`RpcError::Reverted`] |
//! | -32601 | method not available (dev method without `--dev`; `eth_subscribe` / `eth_unsubscribe` over HTTP: "notifications not supported", as geth answers, which its and other clients read as "poll instead") | [`RpcError::DevOnly`], [`super::wire`] |
//! | -32602 | invalid params | [`RpcError::InvalidParams`] (out-of-range dev arguments, too many percentiles, oversized log filters, bad subscription params), malformed transactions (undecodable, trailing bytes), unknown snapshot, a state dump that cannot be loaded, `missing from`, not a log filter |
//! | -32603 | internal error (the node, not the request, failed) | store, state, execution, signer and serialisation failures; automatic block production has stopped |
//! | -32000 | server error: the request was refused | unknown block, transaction rules (nonce, funds, fees, init code size, authorization list...), halted calls, filter limits |
//! | -32005 | limit exceeded | log range or log count too large |
//!
//! Parameter decoding errors (wrong type, missing required parameter) are produced by
//! jsonrpsee with -32602; arity, object-params and subscription-params errors by
//! [`super::wire`], also -32602.

use crate::chain::{ChainError, TxError};
use crate::exec::{CallError, ExecError};
use alloy::sol_types::{Panic, Revert, SolError};
use alloy_primitives::{Address, B256, Bytes};
use jsonrpsee::types::{ErrorObject, ErrorObjectOwned};
use revm::context_interface::result::HaltReason;
use tao_runtime::NativeError;
use tao_store::StoreError;

/// Invalid params.
pub const INVALID_PARAMS: i32 = -32602;
/// Internal error.
pub const INTERNAL: i32 = -32603;
/// Method not found / not available.
pub const METHOD_NOT_AVAILABLE: i32 = -32601;
/// Server error: the request was understood and refused.
pub const SERVER: i32 = -32000;
/// Limit exceeded.
pub const LIMIT_EXCEEDED: i32 = -32005;
/// Execution reverted (revert bytes in `data`).
pub const REVERTED: i32 = 3;

/// Why an RPC method failed.
#[derive(Debug, thiserror::Error)]
pub enum RpcError {
    /// The parameters are invalid.
    #[error("{0}")]
    InvalidParams(String),
    /// A block given by hash is unknown.
    #[error("block {0} not found")]
    BlockNotFound(B256),
    /// A block number is above the head.
    #[error("header not found")]
    HeaderNotFound,
    /// `eth_getLogs` by an unknown block hash.
    #[error("unknown block")]
    UnknownBlock,
    /// A stored block the request needs is missing.
    #[error("missing header {0}")]
    MissingHeader(u64),
    /// The call reverted with these bytes.
    #[error("execution reverted")]
    Reverted(Bytes),
    /// The call halted (out of gas, invalid opcode...).
    #[error("execution halted: {0:?}")]
    Halted(HaltReason),
    /// Gas estimation: the call halts even at the gas cap.
    #[error("gas required exceeds allowance or execution halted: {0:?}")]
    EstimateHalted(HaltReason),
    /// Gas estimation failed while signing a dev transaction.
    #[error("gas estimation failed")]
    EstimateFailed,
    /// Gas estimation reported a success as a failure (a bug).
    #[error("estimate failed")]
    EstimateInconsistent,
    /// A call could not run.
    #[error(transparent)]
    Call(#[from] CallError),
    /// A transaction was refused.
    #[error(transparent)]
    Tx(#[from] TxError),
    /// A chain operation failed.
    #[error(transparent)]
    Chain(#[from] ChainError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A state read failed.
    #[error(transparent)]
    State(#[from] tao_chain::state::StateError),
    /// Execution failed.
    #[error(transparent)]
    Exec(#[from] ExecError),
    /// A native module refused or failed (`tao_` views).
    #[error(transparent)]
    Native(#[from] NativeError),
    /// `eth_sendTransaction` from an account whose key the node does not hold.
    #[error("no key for account {0:#x}: sign the transaction and use eth_sendRawTransaction")]
    NoKey(Address),
    /// The dev key could not sign.
    #[error("{0}")]
    Signer(#[from] alloy::signers::Error),
    /// The dev key is invalid.
    #[error("{0}")]
    SignerKey(#[from] alloy::signers::k256::ecdsa::Error),
    /// Too many installed filters, all clients together.
    #[error("too many filters: the node holds at most {0}")]
    TooManyFilters(usize),
    /// This client (remote address) holds too many filters.
    #[error("too many filters: at most {0} per client; uninstall unused ones")]
    TooManyFiltersForClient(usize),
    /// Unknown filter id.
    #[error("filter not found")]
    FilterNotFound,
    /// No mined transaction has this hash (tracing).
    #[error("transaction {0} not found")]
    TxNotFound(B256),
    /// `eth_getLogs` over too many blocks.
    #[error("block range too large: at most {0} blocks per query")]
    RangeTooLarge(u64),
    /// `eth_getLogs` matching too many logs.
    #[error("query returned more than {0} results")]
    TooManyLogs(usize),
    /// A tracer returned another output than the one asked for (a bug).
    #[error("unexpected trace output")]
    UnexpectedTrace,
    /// A response could not be serialised.
    #[error("{0}")]
    Serialize(#[from] serde_json::Error),
}

impl RpcError {
    /// An invalid-params error.
    pub fn invalid_params(msg: impl Into<String>) -> Self {
        Self::InvalidParams(msg.into())
    }

    /// The JSON-RPC code of this error.
    pub fn code(&self) -> i32 {
        use RpcError::*;
        match self {
            InvalidParams(_) => INVALID_PARAMS,
            Reverted(_) => REVERTED,
            RangeTooLarge(_) | TooManyLogs(_) => LIMIT_EXCEEDED,
            BlockNotFound(_)
            | HeaderNotFound
            | UnknownBlock
            | Halted(_)
            | EstimateHalted(_)
            | EstimateFailed
            | NoKey(_)
            | TooManyFilters(_)
            | TooManyFiltersForClient(_)
            | FilterNotFound
            | TxNotFound(_) => SERVER,
            Call(e) if e.is_user_error() => SERVER,
            Tx(e) if e.is_malformed() => INVALID_PARAMS,
            Tx(e) if e.is_internal() => INTERNAL,
            Tx(_) => SERVER,
            Chain(ChainError::DevOnly) => METHOD_NOT_AVAILABLE,
            Chain(ChainError::UnknownSnapshot) => INVALID_PARAMS,
            Chain(ChainError::Dump(_) | ChainError::Store(StoreError::BadDump(_))) => {
                INVALID_PARAMS
            }
            Native(NativeError::Backend(_)) => INTERNAL,
            Native(_) => SERVER,
            MissingHeader(_) | EstimateInconsistent | Call(_) | Chain(_) | Store(_) | State(_)
            | Exec(_) | Signer(_) | SignerKey(_) | Serialize(_) | UnexpectedTrace => INTERNAL,
        }
    }
}

impl From<RpcError> for ErrorObjectOwned {
    fn from(e: RpcError) -> Self {
        match e {
            // Error(string) and Panic(uint256) reasons go into the message; the bytes always
            // go into `data`.
            RpcError::Reverted(output) => {
                let msg = if let Ok(r) = Revert::abi_decode(&output) {
                    format!("execution reverted: {}", r.reason)
                } else if let Ok(p) = Panic::abi_decode(&output) {
                    format!("execution reverted: panic code {:#x}", p.code)
                } else {
                    "execution reverted".to_string()
                };
                ErrorObject::owned(REVERTED, msg, Some(format!("{output:#x}")))
            }
            // Backend failures of the native modules carry their own text.
            RpcError::Native(NativeError::Backend(m)) => {
                ErrorObject::owned(INTERNAL, m, None::<()>)
            }
            e => ErrorObject::owned(e.code(), e.to_string(), None::<()>),
        }
    }
}

/// Result of an RPC handler body.
pub type RpcResult<T> = Result<T, RpcError>;
