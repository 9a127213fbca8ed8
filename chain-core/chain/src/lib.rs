//! # tao-chain
//!
//! The Ethereum chain base of taochain, free of any VM, database, RPC or network code:
//! - [`state`]: the world-state model (accounts, storage, code), the narrow
//!   [`state::StateView`] trait every reader uses, the per-block [`state::StateChanges`] diff
//!   and an in-memory state;
//! - [`block`]: Ethereum-shaped headers, block bodies and stored receipts, and their encodings;
//! - [`poa`]: Proof-of-Authority slots, sealing and seal verification;
//! - [`genesis`]: the genesis file format and the built-in `--dev` genesis.
//!
//! The database lives in `tao-store`, the Bittensor modules in `tao-runtime`; hosts (revm in
//! `evm-host`) execute transactions on top of these types.

#![cfg_attr(
    not(test),
    deny(
        clippy::arithmetic_side_effects,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::indexing_slicing,
        unreachable_pub
    )
)]

pub mod block;
pub mod genesis;
pub mod poa;
pub mod state;
