//! EVM events of the precompiles (the real chain emits none; taochain does, so `eth_getLogs`,
//! ethers and viem see what a staking, registration or weights call did).
//!
//! The events are declared with `sol!` in the `contracts` crate, next to the functions, and
//! are part of the generated interfaces. A handler emits an event only after the runtime call
//! succeeded, with the values that call returned or that the handler measured around it
//! (balances before and after), never the requested ones when they may differ. Each log is
//! charged like the `LOG` opcode before it is emitted ([`cost::log`]).
//!
//! Handlers emit through [`Host`], a [`NativeStore`] that can also record logs:
//! - [`crate::journal::JournalStore`] (the node) pushes the log into revm's journal with the
//!   precompile's address, so a revert of the frame, or of any frame above it, drops it like
//!   any other EVM log;
//! - [`MemNative`] (unit tests, benches) drops logs: it has no place for them, and most tests
//!   look at state only;
//! - [`Recorder`] wraps any store and keeps the logs, for the tests that check events.

use crate::call::{Failure, Gas, cost};
use alloy_primitives::{Address, B256, Log, LogData, U256};
use alloy_sol_types::SolEvent;
use std::ops::{Deref, DerefMut};
use tao_runtime::{MemNative, NativeError, NativeStore};

/// A native store that precompiles can also emit EVM logs through.
pub trait Host: NativeStore {
    /// Record `log` as emitted by the running call.
    fn emit(&mut self, log: Log);
}

/// Unit-test store: logs are dropped (wrap it in a [`Recorder`] to see them).
impl Host for MemNative {
    fn emit(&mut self, _log: Log) {}
}

/// Charges the `LOG` gas of `event` to `gas`, then emits it from `address`.
pub fn emit<E: SolEvent>(
    host: &mut impl Host,
    gas: &mut Gas,
    address: Address,
    event: &E,
) -> Result<(), Failure> {
    emit_data(host, gas, address, event.encode_log_data())
}

/// Charges the `LOG` gas of `data` to `gas`, then emits it from `address`.
pub fn emit_data(
    host: &mut impl Host,
    gas: &mut Gas,
    address: Address,
    data: LogData,
) -> Result<(), Failure> {
    gas.charge(cost::log(data.topics().len(), data.data.len()))?;
    host.emit(Log { address, data });
    Ok(())
}

/// A store that keeps the logs emitted through it; everything else goes to the wrapped store,
/// which it also dereferences to (so a test reads `recorder.balances` as before).
#[derive(Debug, Default, Clone)]
pub struct Recorder<S> {
    /// The wrapped store.
    pub inner: S,
    /// Every log emitted, in order.
    pub logs: Vec<Log>,
}

impl<S> Recorder<S> {
    /// Wrap `inner`, with no logs yet.
    pub fn new(inner: S) -> Self {
        Self { inner, logs: Vec::new() }
    }

    /// Take the logs recorded so far.
    pub fn take_logs(&mut self) -> Vec<Log> {
        std::mem::take(&mut self.logs)
    }
}

impl<S> Deref for Recorder<S> {
    type Target = S;
    fn deref(&self) -> &S {
        &self.inner
    }
}

impl<S> DerefMut for Recorder<S> {
    fn deref_mut(&mut self) -> &mut S {
        &mut self.inner
    }
}

impl<S: NativeStore> NativeStore for Recorder<S> {
    fn load(&mut self, slot: B256) -> Result<U256, NativeError> {
        self.inner.load(slot)
    }
    fn store(&mut self, slot: B256, value: U256) -> Result<(), NativeError> {
        self.inner.store(slot, value)
    }
    fn evm_balance(&mut self, who: Address) -> Result<U256, NativeError> {
        self.inner.evm_balance(who)
    }
    fn evm_credit(&mut self, who: Address, wei: U256) -> Result<(), NativeError> {
        self.inner.evm_credit(who, wei)
    }
    fn evm_debit(&mut self, who: Address, wei: U256) -> Result<(), NativeError> {
        self.inner.evm_debit(who, wei)
    }
    fn block_number(&self) -> u64 {
        self.inner.block_number()
    }
    fn evm_storage(&mut self, who: Address, slot: U256) -> Result<U256, NativeError> {
        self.inner.evm_storage(who, slot)
    }
    fn pool_contract(&mut self) -> Option<&mut dyn tao_runtime::pool_engine::PoolContract> {
        self.inner.pool_contract()
    }
    fn checkpoint(&mut self) -> Result<tao_runtime::NativeCheckpoint, NativeError> {
        self.inner.checkpoint()
    }
    fn checkpoint_commit(&mut self, cp: tao_runtime::NativeCheckpoint) -> Result<(), NativeError> {
        self.inner.checkpoint_commit(cp)
    }
    fn checkpoint_revert(&mut self, cp: tao_runtime::NativeCheckpoint) -> Result<(), NativeError> {
        self.inner.checkpoint_revert(cp)
    }
}

impl<S: NativeStore> Host for Recorder<S> {
    fn emit(&mut self, log: Log) {
        self.logs.push(log);
    }
}

#[cfg(test)]
mod tests;
