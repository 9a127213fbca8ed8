//! Gas: wasmtime fuel inside contracts, fixed and per-byte costs for host functions, one
//! constant ratio to EVM gas. All integer.
//!
//! wasmtime charges one unit of fuel for most wasm operators (a few, such as `nop` and
//! `drop`, are free). A host function charges its cost in fuel from the same meter before it
//! does any work; if the meter cannot pay, the contract stops with out-of-gas. Costs below are
//! given in EVM gas and charged as `gas * FUEL_PER_GAS` fuel.
//!
//! The ratio: JIT-compiled wasm runs a simple operator in about a nanosecond, revm spends tens of
//! nanoseconds on an EVM `ADD` (3 gas). Charging a tenth of a gas per wasm operator keeps an ink!
//! contract's pure computation at roughly the EVM's price per unit of CPU time while staying an
//! exact integer ratio. Host-function prices follow the EVM's for the same kind of work
//! (storage like `SLOAD`/`SSTORE`, events like `LOG`, hashing like `KECCAK256`, calls like
//! `CALL`), so a contract cannot buy state or I/O cheaper through wasm than through the EVM.

/// Fuel units per EVM gas unit.
pub const FUEL_PER_GAS: u64 = 10;

/// Every host function, on entry.
pub const HOST_CALL_GAS: u64 = 5;
/// Fuel per byte copied between contract memory and the host (input, output, keys, values,
/// hash input): 0.1 gas per byte, the EVM's 3 gas per 32-byte word.
pub const COPY_FUEL_PER_BYTE: u64 = 1;

/// Reading a storage entry (get, contains, the read half of take): like a cold `SLOAD`.
pub const STORAGE_READ_GAS: u64 = 2_100;
/// Writing or clearing an existing entry: like an `SSTORE` reset.
pub const STORAGE_WRITE_GAS: u64 = 5_000;
/// Extra for creating a new entry: with [`STORAGE_WRITE_GAS`] the `SSTORE` set price.
pub const STORAGE_NEW_ENTRY_GAS: u64 = 15_000;
/// Per byte of a written value (state growth).
pub const STORAGE_BYTE_GAS: u64 = 20;

/// An event: like `LOG0`.
pub const EVENT_GAS: u64 = 375;
/// Per topic.
pub const EVENT_TOPIC_GAS: u64 = 375;
/// Per byte of event data.
pub const EVENT_BYTE_GAS: u64 = 8;

/// A hash function, plus [`HASH_WORD_GAS`] per 32 bytes of input: like `KECCAK256`.
pub const HASH_GAS: u64 = 30;
/// Per 32-byte word hashed.
pub const HASH_WORD_GAS: u64 = 6;

/// Calling another contract: like a cold `CALL`.
pub const CALL_GAS: u64 = 2_600;
/// Extra when a call or an instantiation moves value, and for `transfer`.
pub const VALUE_TRANSFER_GAS: u64 = 9_000;
/// Instantiating a contract: like `CREATE`.
pub const INSTANTIATE_GAS: u64 = 32_000;
/// Loading a module into a frame, per byte of code (paid by the frame).
pub const CODE_LOAD_FUEL_PER_BYTE: u64 = 1;
/// `terminate`.
pub const TERMINATE_GAS: u64 = 5_000;
/// Uploading code, per byte: like the EVM's code deposit.
pub const UPLOAD_GAS_PER_BYTE: u64 = 200;

/// `ecdsa_recover`: like the `ecrecover` precompile.
pub const ECDSA_RECOVER_GAS: u64 = 3_000;
/// `ecdsa_to_eth_address`.
pub const ECDSA_TO_ETH_GAS: u64 = 500;
/// `sr25519_verify`, plus [`HASH_WORD_GAS`] per 32 bytes of message.
pub const SR25519_VERIFY_GAS: u64 = 3_000;
/// A chain extension call, before what the extension itself charges.
pub const CHAIN_EXTENSION_GAS: u64 = 1_000;

/// Fuel for `gas` gas, saturating.
pub const fn fuel(gas: u64) -> u64 {
    gas.saturating_mul(FUEL_PER_GAS)
}

/// Gas for `fuel` fuel, rounded up (what a caller is charged).
pub const fn gas_from_fuel(fuel: u64) -> u64 {
    fuel.div_ceil(FUEL_PER_GAS)
}

/// Fuel to hash `len` bytes.
pub const fn hash_fuel(len: u64) -> u64 {
    fuel(HASH_GAS + HASH_WORD_GAS * len.div_ceil(32))
}
