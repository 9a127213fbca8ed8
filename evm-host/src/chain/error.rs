//! Errors of the chain components.

use crate::exec::ExecError;
use crate::txpool::PoolError;
use alloy_primitives::U256;
use tao_chain::poa::PoaError;
use tao_chain::state::StateError;
use tao_store::StoreError;

/// Errors of the chain.
#[derive(Debug, thiserror::Error)]
pub enum ChainError {
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Execution failed (not the transaction's fault).
    #[error(transparent)]
    Exec(#[from] ExecError),
    /// Sealing failed.
    #[error(transparent)]
    Poa(#[from] PoaError),
    /// State read failed.
    #[error(transparent)]
    State(#[from] StateError),
    /// The native modules refused the genesis.
    #[error("native genesis: {0}")]
    Native(#[from] tao_runtime::NativeError),
    /// A predeployed contract could not be materialised (a build defect).
    #[error(transparent)]
    Predeploy(#[from] crate::predeploy::PredeployError),
    /// A stored block is missing (the store is inconsistent).
    #[error("no block {0}")]
    MissingBlock(u64),
    /// This node holds no authority key.
    #[error("this node is not an authority: it cannot seal blocks")]
    NotAuthority,
    /// A dev-only method on a non-dev chain.
    #[error("method only available in --dev mode")]
    DevOnly,
    /// Unknown snapshot id.
    #[error("unknown snapshot id")]
    UnknownSnapshot,
    /// `anvil_loadState` was given a dump it cannot load (nothing changed).
    #[error(transparent)]
    Dump(#[from] super::dump::DumpError),
    /// The mining task has failed: blocks are no longer produced automatically.
    #[error("block production has stopped ({0}); restart the node")]
    MinerStopped(String),
}

/// Why a raw transaction was refused. Messages follow geth, which clients match on.
#[derive(Debug, thiserror::Error)]
pub enum TxError {
    /// Undecodable bytes.
    #[error("failed to decode signed transaction: {0}")]
    Decode(#[source] alloy::eips::eip2718::Eip2718Error),
    /// Too large.
    #[error("oversized data: transaction size {size}, limit {limit}")]
    Oversized {
        /// Encoded size.
        size: usize,
        /// The pool's limit.
        limit: usize,
    },
    /// Chain id missing (pre-EIP-155) or different.
    #[error("invalid chain id: have {have}, want {want}")]
    ChainId {
        /// Transaction's chain id (0 if none).
        have: u64,
        /// This chain's id.
        want: u64,
    },
    /// Legacy transaction without replay protection.
    #[error("only replay-protected (EIP-155) transactions allowed over RPC")]
    Unprotected,
    /// Signature does not recover.
    #[error("invalid sender: {0}")]
    BadSignature(#[source] alloy::consensus::crypto::RecoveryError),
    /// Type not supported.
    #[error("transaction type not supported")]
    TxType,
    /// Gas limit above the block gas limit.
    #[error("exceeds block gas limit: tx gas {gas}, block gas limit {block}")]
    GasLimit {
        /// Transaction gas limit.
        gas: u64,
        /// Block gas limit.
        block: u64,
    },
    /// Gas limit below the intrinsic cost.
    #[error("intrinsic gas too low: have {have}, want {want}")]
    IntrinsicGas {
        /// Transaction gas limit.
        have: u64,
        /// Intrinsic gas.
        want: u64,
    },
    /// Fee cap below the base fee.
    #[error(
        "max fee per gas less than block base fee: maxFeePerGas: {max_fee}, baseFee: {base_fee}"
    )]
    FeeTooLow {
        /// The transaction's fee cap.
        max_fee: u128,
        /// The next block's base fee.
        base_fee: u64,
    },
    /// Tip above the fee cap.
    #[error("max priority fee per gas higher than max fee per gas")]
    TipAboveFeeCap,
    /// Nonce already used.
    #[error("nonce too low: next nonce {next}, tx nonce {got}")]
    NonceTooLow {
        /// Account nonce.
        next: u64,
        /// Transaction nonce.
        got: u64,
    },
    /// Balance below gas * price + value.
    #[error("insufficient funds for gas * price + value: have {have} want {want}")]
    Funds {
        /// Balance.
        have: U256,
        /// Cost.
        want: U256,
    },
    /// gas * price + value does not fit in 256 bits: no balance can pay it.
    #[error("insufficient funds for gas * price + value: the cost overflows 256 bits")]
    CostOverflow,
    /// Bytes after the transaction's encoding (the hash would not be keccak of the input).
    #[error("failed to decode signed transaction: {extra} trailing bytes after the transaction")]
    TrailingBytes {
        /// How many bytes follow the transaction.
        extra: usize,
    },
    /// Init code above the EIP-3860 limit.
    #[error("max initcode size exceeded: code size {size}, limit {limit}")]
    InitCodeSize {
        /// Init code length.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// An EIP-7702 transaction without authorizations.
    #[error("EIP-7702 transaction with empty auth list")]
    EmptyAuthList,
    /// The nonce is 2^64-1: the account nonce could not be incremented (EIP-2681).
    #[error("nonce has max value")]
    NonceMax,
    /// The sender has code that is not an EIP-7702 delegation (EIP-3607).
    #[error("sender not an eoa: address {0}, codehash: {1}")]
    SenderHasCode(alloy_primitives::Address, alloy_primitives::B256),
    /// Refused by the pool.
    #[error(transparent)]
    Pool(#[from] PoolError),
    /// The store failed while checking (not the transaction's fault).
    #[error("internal error: {0}")]
    Store(#[from] StoreError),
    /// A state read failed while checking (not the transaction's fault).
    #[error("internal error: {0}")]
    State(#[from] StateError),
    /// Reading the TAO kept at the sender's 32-byte twin failed (not the transaction's fault).
    #[error("internal error: {0}")]
    Twin(tao_runtime::NativeError),
}

impl TxError {
    /// True if the bytes themselves are malformed (invalid params), not refused by a rule.
    pub fn is_malformed(&self) -> bool {
        matches!(self, Self::Decode(_) | Self::Oversized { .. } | Self::TrailingBytes { .. })
    }
    /// True if the node, not the transaction, is at fault.
    pub fn is_internal(&self) -> bool {
        matches!(self, Self::Store(_) | Self::State(_) | Self::Twin(_))
    }
}
