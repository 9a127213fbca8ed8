//! # tao-runtime
//!
//! The native Bittensor modules (supply, subnets, neurons, staking ledger, weights, epoch,
//! coinbase) over one storage abstraction, [`NativeStore`].
//!
//! Native state lives as storage slots of one reserved system account, [`NATIVE_ACCOUNT`],
//! inside the same world state as EVM accounts. Precompiles implement [`NativeStore`] over
//! revm's journal, so a native write made inside a transaction rolls back exactly when the EVM
//! frame that made it reverts; block-level work (coinbase, epoch) implements it over the
//! block's state overlay. Every entry point (precompile, RPC view, block step) calls the same
//! functions in these modules.
//!
//! Layout: [`schema`] names every storage item and derives its slot like a Solidity mapping;
//! [`store`] defines the trait, the typed accessors and an in-memory implementation for tests.

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

pub mod admin;
pub mod autostake;
pub mod balances;
pub mod burn;
pub mod children;
pub mod coinbase;
pub mod dev;
pub mod epoch;
pub mod error;
pub mod fees;
pub mod genesis;
pub mod hyperparams;
pub mod neurons;
pub mod pool;
pub mod pool_engine;
pub mod proxy;
pub mod ratelimit;
pub mod registry;
pub mod rootclaim;
pub mod schema;
pub(crate) mod set;
pub mod staking;
pub mod startup;
pub mod store;
pub mod subnets;
pub mod supply;
pub mod tempo;
#[cfg(any(test, feature = "test-utils"))]
pub mod testkit;
pub mod weights;

pub use balances::Balances;
pub use error::{
    AutoStakeError, EpochError, HyperparamError, IssuanceError, NativeError, NeuronError,
    ProxyError, StakingError, SubnetError, SubnetPoolError, WeightsError,
};
pub use store::{MemNative, NativeCheckpoint, NativeStore};

use alloy_primitives::{Address, address};

/// The reserved system account whose storage holds all native module state. It also holds
/// no TAO: pool reserves and locks are accounted in native slots, not as EVM balances.
pub const NATIVE_ACCOUNT: Address = address!("0000000000000000000000000000000000000b00");
