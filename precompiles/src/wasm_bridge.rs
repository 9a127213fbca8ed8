//! 0xa00 the EVM→ink! bridge (`IWasm`, taochain's own): upload, instantiate and call ink!
//! contracts from an Ethereum transaction, on the transaction's own journaled state.
//!
//! - The ink! caller (and deployer) is the 32-byte twin of `msg.sender`.
//! - `msg.value` (wei) must be a whole number of RAO; the frame has moved it to 0xa00, the bridge
//!   hands it back to the sender and the host moves it, as RAO, from the sender's twin to the
//!   contract with the pallet's rules (a refused move reverts, so nothing is lost).
//! - Gas: the ink! gas limit is `min(gasLimit, gas left in this frame)` (`gasLimit` 0 = all that
//!   is left); what the contract used (EVM gas units, wasm-host's `FUEL_PER_GAS`) is charged to
//!   this frame, also when it traps, runs out of gas or reverts. `query` gets the gas left.
//! - A contract revert reverts this call with the contract's output as revert data; a trap,
//!   out of gas or host refusal reverts with `Error(string)` naming the cause.
//! - Events become logs of 0xa00: `ContractEmitted(bytes32 indexed account, bytes32[] topics,
//!   bytes data)` (topic 0 its signature hash, topic 1 the contract; the ink! topics and the
//!   SCALE data abi-encoded in the data). The contract already paid for them in ink! gas.
//! - `query` runs in a static call too and keeps nothing; the others refuse static calls.

use crate::WASM;
use crate::call::{Call, Failure, Gas, names, require_mutable, require_no_value, undecodable};
use crate::events::Host;
use alloy_primitives::{B256, Bytes, Log, U256};
use alloy_sol_types::{SolCall, SolEvent, SolInterface};
use contracts::IWasm::{self as I, IWasmCalls as C};
use tao_primitives::{WEI_PER_RAO, address_to_account_id};
use wasm_host::{
    BlockEnv, Bridge, ContractEvent, ExecError, ExecOutcome, InstantiateOutcome, Job, JobResult,
    NativeWasmState, TxContext,
};

/// What the bridge call returns: its output, or the contract's revert data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Success: ABI-encoded return value.
    Return(Bytes),
    /// The contract reverted: revert with its output as the revert data.
    Revert(Bytes),
}

/// Error name of a contract that trapped (or hit a host limit while running).
pub const CONTRACT_TRAPPED: &str = "ContractTrapped";
/// Error name of ink! code the host refuses at upload.
pub const CODE_REJECTED: &str = "CodeRejected";
/// Error name of ink! execution that ran out of gas.
pub const OUT_OF_GAS: &str = "OutOfGas";
/// Error name of a contract revert where raw revert data cannot be passed on.
pub const CONTRACT_REVERTED: &str = "ContractReverted";
/// Error name of a value that is not a whole number of RAO.
pub const INVALID_VALUE: &str = "InvalidValue";

/// Runs one call of the bridge on `store` (the transaction's journal on the chain).
pub fn run(
    bridge: &Bridge,
    store: &mut impl Host,
    call: &Call,
    gas: &mut Gas,
    env: BlockEnv,
) -> Result<Output, Failure> {
    let decoded = C::abi_decode_validate(&call.input)
        .map_err(|_| undecodable("IWasm", &call.input, C::signature_by_selector))?;
    let name = C::name_by_selector(decoded.selector()).unwrap_or("IWasm");
    run_decoded(bridge, store, call, gas, env, decoded).map_err(|f| f.in_function(name))
}

fn run_decoded(
    bridge: &Bridge,
    store: &mut impl Host,
    call: &Call,
    gas: &mut Gas,
    env: BlockEnv,
    decoded: C,
) -> Result<Output, Failure> {
    let origin = address_to_account_id(call.caller);
    let left = call.gas_limit.saturating_sub(gas.used());
    let limit = |asked: u64| if asked == 0 { left } else { asked.min(left) };
    let tx = |gas_limit| TxContext { origin, env, gas_limit };
    match decoded {
        C::upload(c) => {
            require_mutable(call)?;
            require_no_value(call)?;
            let mut state = NativeWasmState::new(&mut *store);
            let hash = upload(bridge, &mut state, c.code.to_vec(), gas, left)?;
            Ok(Output::Return(I::uploadCall::abi_encode_returns(&B256::from(hash)).into()))
        }
        C::instantiateWithCode(c) => {
            require_mutable(call)?;
            let value = take_value(store, call)?;
            let mut state = NativeWasmState::new(&mut *store);
            let code_hash = upload(bridge, &mut state, c.code.to_vec(), gas, left)?;
            let left = call.gas_limit.saturating_sub(gas.used());
            let gas_limit = if c.gasLimit == 0 { left } else { c.gasLimit.min(left) };
            let job = Job::Instantiate {
                tx: tx(gas_limit),
                code_hash,
                value,
                input: c.input.to_vec(),
                salt: c.salt.to_vec(),
            };
            let (out, events) = instantiate(bridge, &mut state, job)?;
            let account = B256::from(out.account.0);
            finish(store, out.exec, gas, events, |_| {
                I::instantiateCall::abi_encode_returns(&account)
            })
        }
        C::instantiate(c) => {
            require_mutable(call)?;
            let value = take_value(store, call)?;
            let mut state = NativeWasmState::new(&mut *store);
            let job = Job::Instantiate {
                tx: tx(limit(c.gasLimit)),
                code_hash: c.codeHash.0,
                value,
                input: c.input.to_vec(),
                salt: c.salt.to_vec(),
            };
            let (out, events) = instantiate(bridge, &mut state, job)?;
            let account = B256::from(out.account.0);
            finish(store, out.exec, gas, events, |_| {
                I::instantiateCall::abi_encode_returns(&account)
            })
        }
        C::call(c) => {
            require_mutable(call)?;
            let value = take_value(store, call)?;
            let mut state = NativeWasmState::new(&mut *store);
            let job = Job::Call {
                tx: tx(limit(c.gasLimit)),
                dest: c.account.0.into(),
                value,
                input: c.input.to_vec(),
            };
            let out = exec(bridge, &mut state, job)?;
            let events = state.take_events();
            finish(store, out, gas, events, |out| I::callCall::abi_encode_returns(&out))
        }
        C::query(c) => {
            require_no_value(call)?;
            let mut state = NativeWasmState::new(&mut *store);
            let job =
                Job::Query { tx: tx(left), dest: c.account.0.into(), input: c.input.to_vec() };
            let out = exec(bridge, &mut state, job)?;
            finish(store, out, gas, Vec::new(), |out| I::queryCall::abi_encode_returns(&out))
        }
    }
}

/// Checks `msg.value`, hands it back from 0xa00 to the caller (whose twin the host then moves
/// it from) and returns it in RAO.
fn take_value(store: &mut impl Host, call: &Call) -> Result<u64, Failure> {
    if call.value.is_zero() {
        return Ok(0);
    }
    let per_rao = U256::from(WEI_PER_RAO);
    if !(call.value % per_rao).is_zero() {
        return Err(Failure::revert(
            INVALID_VALUE,
            format!(
                "msg.value {} wei is not a whole number of RAO (1 RAO = 10^9 wei); ink! \
                 balances are RAO",
                call.value
            ),
        ));
    }
    let rao = u64::try_from(call.value / per_rao)
        .map_err(|_| Failure::revert(INVALID_VALUE, "msg.value exceeds u64 RAO"))?;
    store.evm_debit(WASM, call.value)?;
    store.evm_credit(call.caller, call.value)?;
    Ok(rao)
}

fn run_job<H: Host>(
    bridge: &Bridge,
    state: &mut NativeWasmState<&mut H>,
    job: Job,
) -> Result<JobResult, Failure> {
    let r = bridge
        .run(state, job)
        .map_err(|e| Failure::revert(CONTRACT_TRAPPED, format!("wasm bridge: {e}")))?;
    if let Some(e) = state.error() {
        return Err(e.into());
    }
    Ok(r)
}

fn upload<H: Host>(
    bridge: &Bridge,
    state: &mut NativeWasmState<&mut H>,
    code: Vec<u8>,
    gas: &mut Gas,
    left: u64,
) -> Result<[u8; 32], Failure> {
    match run_job(bridge, state, Job::Upload { code, gas: left })? {
        JobResult::Upload(Ok((hash, used))) => {
            gas.charge(used)?;
            Ok(hash)
        }
        JobResult::Upload(Err(wasm_host::UploadError::OutOfGas { .. })) => Err(Failure::OutOfGas),
        JobResult::Upload(Err(e)) => Err(Failure::revert(CODE_REJECTED, e.to_string())),
        _ => Err(Failure::Fatal("wasm bridge: wrong job result".into())),
    }
}

fn exec<H: Host>(
    bridge: &Bridge,
    state: &mut NativeWasmState<&mut H>,
    job: Job,
) -> Result<ExecOutcome, Failure> {
    match run_job(bridge, state, job)? {
        JobResult::Call(out) => Ok(out),
        _ => Err(Failure::Fatal("wasm bridge: wrong job result".into())),
    }
}

fn instantiate<H: Host>(
    bridge: &Bridge,
    state: &mut NativeWasmState<&mut H>,
    job: Job,
) -> Result<(InstantiateOutcome, Vec<ContractEvent>), Failure> {
    match run_job(bridge, state, job)? {
        JobResult::Instantiate(out) => Ok((out, state.take_events())),
        _ => Err(Failure::Fatal("wasm bridge: wrong job result".into())),
    }
}

/// Charges the gas, maps the outcome, and emits the events of a successful run as logs.
fn finish(
    store: &mut impl Host,
    exec: ExecOutcome,
    gas: &mut Gas,
    events: Vec<ContractEvent>,
    encode: impl FnOnce(Bytes) -> Vec<u8>,
) -> Result<Output, Failure> {
    gas.charge(exec.gas_used)?;
    match exec.result {
        Ok(rv) if rv.did_revert() => Ok(Output::Revert(rv.data.into())),
        Ok(rv) => {
            for e in events {
                store.emit(event_log(&e));
            }
            Ok(Output::Return(encode(rv.data.into()).into()))
        }
        Err(ExecError::OutOfGas) => Err(Failure::revert(
            OUT_OF_GAS,
            format!("the contract ran out of gas ({} gas charged)", exec.gas_used),
        )),
        Err(e @ (ExecError::ContractNotFound(_) | ExecError::CodeNotFound(_))) => {
            Err(Failure::revert(names::INVALID_INPUT, e.to_string()))
        }
        Err(e) => Err(Failure::revert(CONTRACT_TRAPPED, e.to_string())),
    }
}

/// The EVM log of an ink! event (see the module documentation).
pub fn event_log(e: &ContractEvent) -> Log {
    let ev = I::ContractEmitted {
        account: B256::from(e.contract.0),
        topics: e.topics.iter().map(|t| B256::from(*t)).collect(),
        data: e.data.clone().into(),
    };
    Log { address: WASM, data: ev.encode_log_data() }
}

#[cfg(test)]
mod tests;
