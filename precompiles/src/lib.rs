//! # precompiles
//!
//! The Bittensor EVM precompiles (0x800 balance transfer, 0x802 metagraph, 0x803 subnet, 0x804
//! neuron, 0x805 staking v2, 0x806 uid lookup, 0x808 alpha), one small module each: address,
//! `sol!` ABI, gas, decode -> call chain-core -> encode. The revm integration that dispatches to
//! them lives in `evm-host`.
//!
//! This crate currently holds only the address list; the modules arrive with the Bittensor core
//! issue.

use alloy_primitives::{Address, address};

/// Balance transfer precompile.
pub const BALANCE_TRANSFER: Address = address!("0000000000000000000000000000000000000800");
/// Metagraph precompile.
pub const METAGRAPH: Address = address!("0000000000000000000000000000000000000802");
/// Subnet precompile.
pub const SUBNET: Address = address!("0000000000000000000000000000000000000803");
/// Neuron precompile.
pub const NEURON: Address = address!("0000000000000000000000000000000000000804");
/// Staking v2 precompile.
pub const STAKING_V2: Address = address!("0000000000000000000000000000000000000805");
/// UID lookup precompile.
pub const UID_LOOKUP: Address = address!("0000000000000000000000000000000000000806");
/// Alpha precompile.
pub const ALPHA: Address = address!("0000000000000000000000000000000000000808");

/// Every Bittensor precompile address.
pub const ALL: [Address; 7] =
    [BALANCE_TRANSFER, METAGRAPH, SUBNET, NEURON, STAKING_V2, UID_LOOKUP, ALPHA];
