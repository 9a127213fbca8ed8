//! wasm-host: a wasmtime host for ink! 5 contracts with pallet-contracts semantics.
//!
//! What this crate owns:
//! - code upload: validation as pallet-contracts does it (no floats, an MVP-plus-sign-extension
//!   feature set, one `env.memory` import within the page cap, only host functions it provides,
//!   a size cap), code hash = blake2b-256 of the code ([`code`]);
//! - contract accounts derived as pallet-contracts' `DefaultAddressGenerator` derives them
//!   ([`code::contract_address`]);
//! - execution: instantiate and call with value, nested calls and instantiations with call
//!   flags and the pallet's reentrancy rule, a call-depth cap, terminate ([`WasmHost`]);
//! - the host functions ink! 5 imports (the `seal0`/`seal1`/`seal2` modules of
//!   pallet-contracts-uapi 9), with the pallet's return codes and output-buffer rules;
//! - gas: wasmtime fuel for instructions plus fixed and per-byte costs per host function, all
//!   integer, mapped to EVM gas by [`gas::FUEL_PER_GAS`] ([`gas`]);
//! - a journal discipline: every frame runs under a checkpoint of the [`WasmState`] it is given,
//!   committed only when the frame returns without the REVERT flag.
//!
//! What it does not own: where state lives. Storage, balances, code, contract records and events
//! sit behind [`WasmState`], which the EVM host implements over the one journaled world state
//! (so an EVM revert also undoes ink! writes made beneath it); [`MemoryState`] is the in-memory
//! reference implementation the tests use. The chain extension is a trait object
//! ([`ChainExtension`]); [`chain_ext`] is the Bittensor one (0x1000) over the native runtime
//! (`tao_runtime`). The crate does not depend on revm.

pub mod bridge;
pub mod chain_ext;
pub mod code;
mod code_check;
pub mod error;
mod exec;
pub mod gas;
pub mod native_state;
mod runtime;
mod runtime_calls;
pub mod state;

pub use bridge::{Bridge, BridgeError, Job, JobResult, NativeExtension};
pub use code::{CodeHash, code_hash, contract_address};
pub use error::{ExecError, HostError, UploadError};
pub use exec::{
    BlockEnv, CallFlags, ChainExtension, ExecOutcome, ExtensionCall, ExtensionOutcome, HostConfig,
    InstantiateOutcome, ReturnFlags, ReturnValue, TxContext, WasmHost,
};
pub use native_state::NativeWasmState;
pub use runtime::{MAX_DEBUG_BUFFER, NO_CHAIN_EXTENSION_STATUS};
pub use state::{Balance, Checkpoint, ContractEvent, MemoryState, TransferError, WasmState};
pub use tao_primitives::AccountId32;
