//! # tao-primitives
//!
//! The vocabulary every other taochain crate speaks, with nothing else attached (no database,
//! VM, trie or async runtime): integer money ([`Rao`], [`AlphaRao`], wei conversion), ids
//! ([`NetUid`], [`Uid`], [`AccountId32`]) and the mapping from EVM addresses to 32-byte account
//! ids, the chain-wide constants ([`RAO_PER_TAO`], [`ROOT_NETUID`]) and the genesis
//! [`NativeProfile`] that selects the native modules' parameter set. [`evm_twin`] is the real
//! chain's one-way twin of an address, `blake2_256("evm:" ‖ address)`.

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

mod profile;
mod twin;
pub mod units;

pub use profile::{NativeProfile, PoolEngineChoice, SubnetStartup};
pub use twin::{EVM_TWIN_PREFIX, blake2_256, evm_twin};
pub use units::*;
