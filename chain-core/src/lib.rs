//! # chain-core
//!
//! The heart of taochain, free of any VM, RPC or network code. It owns:
//! - [`units`]: integer money (RAO, alpha-RAO, wei conversion) and the H160 <-> 32-byte key map;
//! - [`state`]: the world-state model (accounts, storage, code), the narrow [`state::StateView`]
//!   trait every reader uses, the per-block [`state::StateChanges`] diff and an in-memory state;
//! - [`genesis`]: the genesis file format and the built-in `--dev` genesis;
//! - [`block`]: Ethereum-shaped headers, block bodies and stored receipts;
//! - [`poa`]: Proof-of-Authority slots, sealing and seal verification;
//! - [`store`]: the embedded redb database (blocks, receipts, indexes, state and its history).
//!
//! Hosts (revm in `evm-host`, wasmtime in `wasm-host`) implement execution on top of these types.

pub mod block;
pub mod economics;
pub mod genesis;
pub mod native;
pub mod poa;
pub mod state;
pub mod store;
pub mod units;
pub mod yuma;

pub use alloy_primitives::{Address, B256, Bytes, U256, keccak256};
