//! # evm-host
//!
//! Runs taochain's transactions in revm and serves the chain to Ethereum clients. It owns:
//! - [`db`]: revm's view of chain state (a write overlay producing a per-block diff);
//! - [`exec`]: block execution, receipts, `eth_call` and gas estimation;
//! - [`txpool`]: the transaction pool (per-sender nonce order, future-nonce queue,
//!   replacement by fee, limits);
//! - [`chain`]: the running chain, assembled from components (transaction admission, block
//!   producer, dev controls, calls) over one shared handle;
//! - [`rpc`]: the Ethereum JSON-RPC server (HTTP + WebSocket on one port), implementing the
//!   API declared in `taochain-rpc-api`.

pub mod chain;
pub mod db;
pub mod exec;
pub mod predeploy;
pub mod rpc;
pub mod twins;
pub mod txpool;
