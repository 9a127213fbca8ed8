//! The Bittensor chain extension 0x1000: function ids 0-36 of the real chain's
//! `chain-extensions` crate, over the native runtime ([`tao_runtime`]).
//!
//! - [`dispatch`] runs one function on a [`NativeStore`]: it decodes the SCALE arguments
//!   ([`scale`]), calls the same `tao_runtime` function the 0x805 precompile calls, and answers
//!   an [`ExtensionOutcome`]: a status ([`status`]), the SCALE output of a read or of ids 16-19,
//!   and the gas the work cost in EVM gas units.
//! - Who acts: plain ids 1-19 act as the *contract* (its account is the coldkey that stakes,
//!   pays and receives); `caller_` ids 20-33 act as the contract's *caller*; ids 0, 15, 34-36
//!   only read.
//! - Atomicity: a refusal leaves the store as it was for every single runtime call, but ids 3,
//!   4, 18, 19 (and 22, 23) chain several calls, so a failure after a first success can leave
//!   that success behind. **The caller of [`dispatch`] wraps it in a journal checkpoint and
//!   reverts to it when the status is not 0 or the call fails**; [`BittensorExtension`] does
//!   exactly that, so a failed call changes nothing.
//! - Malformed input (too short, a bad `bool` or `Option` tag), an unknown function id and a
//!   state-backend fault are `Err`: the host traps the contract (its frame reverts, the gas is
//!   kept), as the real chain returns a `DispatchError` for them. A refusal by the runtime's
//!   rules is `Ok` with a non-zero status.
//! - Extension ids: [`BittensorExtension`] serves only extension 0x1000 (the high 16 bits of
//!   the 32-bit id); any other traps. (The real runtime has a single extension and would route
//!   every id to it; being strict here keeps room for other extensions.)

pub mod scale;
pub mod status;
pub mod types;

mod ops;

use std::marker::PhantomData;

use tao_runtime::{NativeError, NativeStore};

use crate::AccountId32;
use crate::exec::{ChainExtension, ExtensionCall, ExtensionOutcome};
use crate::state::WasmState;
pub use ops::{gas_of, is_known};
use scale::ScaleError;

/// The extension id the real chain's contracts call (`#[ink::chain_extension(extension =
/// 0x1000)]`), the high 16 bits of the id passed to `call_chain_extension`.
pub const EXTENSION_ID: u16 = 0x1000;

/// Why a chain-extension call traps instead of answering a status.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainExtError {
    /// The high 16 bits of the id are not 0x1000.
    #[error("unknown chain extension {0:#06x} (only 0x1000 is served)")]
    UnknownExtension(u16),
    /// A function id outside 0-36.
    #[error("unknown function id {0}")]
    UnknownFunction(u16),
    /// The argument buffer did not decode.
    #[error("function {func_id}: failed to decode input parameters: {source}")]
    Decode {
        /// The function.
        func_id: u16,
        /// What was wrong.
        source: ScaleError,
    },
    /// The state backend failed (not a refusal by the runtime's rules).
    #[error("function {func_id}: {source}")]
    Fault {
        /// The function.
        func_id: u16,
        /// The backend's error.
        source: NativeError,
    },
}

/// Runs chain-extension function `func_id` with SCALE `input` for `contract`, called by
/// `caller`. See the module docs for who acts, the status codes and the journal rule: the
/// caller must revert to a checkpoint taken before this call when the status is not 0 or the
/// result is `Err`.
pub fn dispatch(
    store: &mut impl NativeStore,
    contract: AccountId32,
    caller: AccountId32,
    func_id: u16,
    input: &[u8],
) -> Result<ExtensionOutcome, ChainExtError> {
    ops::run(store, contract, caller, func_id, input)
}

/// A state that can lend the native store the runtime modules work on.
pub trait NativeHost {
    /// The native store.
    type Native: NativeStore;
    /// The native store of this state (same journal as the contract state).
    fn native(&mut self) -> &mut Self::Native;
}

/// The chain extension 0x1000 as a [`ChainExtension`] for the wasm host: checks the extension
/// id, runs [`dispatch`] under a checkpoint of `S`, and reverts to it unless the status is 0.
pub struct BittensorExtension<S> {
    _state: PhantomData<fn(&mut S)>,
}

impl<S> BittensorExtension<S> {
    /// The extension.
    pub fn new() -> Self {
        Self { _state: PhantomData }
    }
}

impl<S> Default for BittensorExtension<S> {
    fn default() -> Self {
        Self::new()
    }
}

impl<S> std::fmt::Debug for BittensorExtension<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BittensorExtension(0x1000)")
    }
}

impl<S: WasmState + NativeHost> ChainExtension<S> for BittensorExtension<S> {
    fn call(&self, state: &mut S, call: &ExtensionCall<'_>) -> Result<ExtensionOutcome, String> {
        let ext = u16::try_from(call.id >> 16).unwrap_or(u16::MAX);
        if ext != EXTENSION_ID {
            return Err(ChainExtError::UnknownExtension(ext).to_string());
        }
        let func_id = u16::try_from(call.id & 0xffff).unwrap_or(u16::MAX);
        let cp = state.checkpoint();
        let out = dispatch(state.native(), call.contract, call.caller, func_id, call.input);
        match out {
            Ok(o) if o.status == status::SUCCESS => {
                state.commit(cp);
                Ok(o)
            }
            Ok(o) => {
                state.revert_to(cp);
                Ok(o)
            }
            Err(e) => {
                state.revert_to(cp);
                Err(e.to_string())
            }
        }
    }
}

/// The chain extension 0x1000 as the EVM bridge calls it ([`crate::bridge::NativeExtension`]):
/// on the bridge's calling thread, with the chain's native store (the transaction's journal).
/// Same rules as [`BittensorExtension`]: the extension id must be 0x1000 (else the contract
/// traps), [`dispatch`] runs under a store checkpoint that is reverted unless the status is 0.
#[derive(Debug, Default, Clone, Copy)]
pub struct BittensorNative;

impl crate::bridge::NativeExtension for BittensorNative {
    fn call(
        &self,
        store: &mut dyn NativeStore,
        call: &ExtensionCall<'_>,
    ) -> Result<ExtensionOutcome, String> {
        let ext = u16::try_from(call.id >> 16).unwrap_or(u16::MAX);
        if ext != EXTENSION_ID {
            return Err(ChainExtError::UnknownExtension(ext).to_string());
        }
        let func_id = u16::try_from(call.id & 0xffff).unwrap_or(u16::MAX);
        let mut store = store;
        let cp = store.checkpoint().map_err(|e| e.to_string())?;
        let out = dispatch(&mut store, call.contract, call.caller, func_id, call.input);
        let keep = matches!(&out, Ok(o) if o.status == status::SUCCESS);
        let closed = if keep { store.checkpoint_commit(cp) } else { store.checkpoint_revert(cp) };
        closed.map_err(|e| e.to_string())?;
        out.map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests;
