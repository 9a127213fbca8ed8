//! Errors of upload and execution.

use thiserror::Error;

/// Why a module was refused at upload.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum UploadError {
    /// The code is larger than the configured cap.
    #[error("code is {len} bytes, the cap is {max}")]
    TooLarge {
        /// Length of the code.
        len: usize,
        /// The cap.
        max: usize,
    },
    /// The module uses a floating-point type or instruction.
    #[error("floating-point instructions are not allowed: {0}")]
    FloatInstruction(String),
    /// The module is not valid WebAssembly with the allowed features.
    #[error("invalid or disallowed WebAssembly: {0}")]
    Invalid(String),
    /// The module imports a function the host does not provide.
    #[error("unknown import {module}.{name}: the host does not provide it")]
    UnknownImport {
        /// Import module (`seal0`, ...).
        module: String,
        /// Import name.
        name: String,
    },
    /// An imported host function has another signature than the host's.
    #[error("import {module}.{name} has the wrong signature: {reason}")]
    ImportSignature {
        /// Import module.
        module: String,
        /// Import name.
        name: String,
        /// What wasmtime reported.
        reason: String,
    },
    /// The module's memory import breaks a rule (module/name, count, limits).
    #[error("memory import: {0}")]
    Memory(String),
    /// An import other than functions and `env.memory` (tables, globals, tags).
    #[error("import {module}.{name}: only functions and env.memory may be imported")]
    ForbiddenImport {
        /// Import module.
        module: String,
        /// Import name.
        name: String,
    },
    /// `call` or `deploy` is missing or not `() -> ()`; or there is a start function.
    #[error("entry points: {0}")]
    EntryPoints(String),
    /// wasmtime could not compile the module.
    #[error("compilation failed: {0}")]
    Compile(String),
    /// The gas limit does not cover the upload cost.
    #[error("out of gas: upload needs {needed} gas, the limit is {limit}")]
    OutOfGas {
        /// Gas the upload costs.
        needed: u64,
        /// The limit given.
        limit: u64,
    },
}

/// Why a frame (a call or an instantiation) failed. A failed frame's writes are undone.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ExecError {
    /// The contract trapped (wasm trap, `unreachable` from an ink! panic, a host-function
    /// rule broken); the message says which.
    #[error("contract trapped: {0}")]
    Trapped(String),
    /// Fuel ran out.
    #[error("out of gas")]
    OutOfGas,
    /// No contract at the called account (pallet: `ContractNotFound`, return code NotCallable).
    #[error("no contract at {0}")]
    ContractNotFound(String),
    /// No code stored under the hash (pallet: `CodeNotFound`).
    #[error("no code with hash {0}")]
    CodeNotFound(String),
    /// The value could not be moved (balance too low, or below the minimum balance).
    #[error("transfer failed: {0}")]
    TransferFailed(String),
    /// The call stack is full.
    #[error("call depth cap {0} reached")]
    MaxCallDepth(u32),
    /// The callee is on the stack and a frame of it did not allow reentry.
    #[error("reentrance denied into {0}")]
    ReentranceDenied(String),
    /// A contract already lives at the derived account.
    #[error("a contract already exists at {0}")]
    DuplicateContract(String),
    /// Stored code failed to compile (only if the store was changed outside upload).
    #[error("stored code does not compile: {0}")]
    Compile(String),
    /// A host invariant broke (a bug); the state may be incomplete.
    #[error("host bug: {0}")]
    Internal(String),
}

/// Errors of building the host.
#[derive(Debug, Error)]
pub enum HostError {
    /// wasmtime refused the engine configuration or a host function definition.
    #[error("wasmtime: {0}")]
    Wasmtime(String),
}
