//! `call` (seal0, seal1, seal2) and `instantiate` (seal1, seal2): nested frames with call
//! flags, value, a gas limit, and the pallet's mapping of outcomes to return codes.
//!
//! A nested frame gets `min(limit, fuel left)` fuel (limit 0 = all that is left; the limit is in
//! EVM gas units); what it uses is taken from the caller's meter. Outcomes:
//! - success → 0, the output written (`out_ptr = u32::MAX` skips it); a revert → 2
//!   (`CalleeReverted`), its output written too; with `TAIL_CALL` a success returns at once;
//! - the callee trapped or ran out of gas → 1 (`CalleeTrapped`), nothing written;
//! - refused before running: transfer failed → 5, no code → 7, no contract → 8 (`NotCallable`);
//!   call depth, reentrance denied or a duplicate contract trap the caller (as the pallet,
//!   where those are dispatch errors, not return codes).

use wasmtime::Linker;

use crate::AccountId32;
use crate::error::ExecError;
use crate::exec::{
    CallFlags, FrameArgs, FrameData, FrameKind, FrameResult, Side, Signal, run_frame, trap,
};
use crate::gas;
use crate::runtime::{
    C, charge, code, enter, output, read, read_account, read_array, read_balance,
};
use crate::state::WasmState;

type R<T> = wasmtime::Result<T>;

/// A call as the contract asked for it.
struct CallReq {
    flags: u32,
    callee_ptr: u32,
    gas: u64,
    value_ptr: u32,
    input_ptr: u32,
    input_len: u32,
    out_ptr: u32,
    out_len_ptr: u32,
}

/// An instantiation as the contract asked for it.
struct InstReq {
    code_hash_ptr: u32,
    gas: u64,
    value_ptr: u32,
    input_ptr: u32,
    input_len: u32,
    address_ptr: u32,
    address_len_ptr: u32,
    out_ptr: u32,
    out_len_ptr: u32,
    salt_ptr: u32,
    salt_len: u32,
}

/// Runs a child frame with the caller's [`crate::exec::Ext`] lent to it.
fn sub_frame<S: WasmState + Default + 'static>(
    c: &mut C<'_, S>,
    value: u64,
    input: Vec<u8>,
    kind: FrameKind,
    gas_limit: u64,
    allow_reentry: bool,
) -> R<FrameResult> {
    let inner = c.data().inner.clone();
    let left = c.get_fuel()?;
    let fuel = if gas_limit == 0 { left } else { gas::fuel(gas_limit).min(left) };
    let caller = c.data().frame.account;
    let mut ext = std::mem::take(&mut c.data_mut().ext);
    if let Some(top) = ext.stack.last_mut() {
        top.allows_reentry = allow_reentry;
    }
    let (mut ext, r) = run_frame(&inner, ext, FrameArgs { caller, value, input, kind, fuel });
    if let Some(top) = ext.stack.last_mut() {
        top.allows_reentry = true;
    }
    c.data_mut().ext = ext;
    c.set_fuel(left.saturating_sub(r.fuel_used))?;
    Ok(r)
}

/// The return code for a failure, or the trap the pallet raises in the caller.
fn failure_code(side: Side, e: ExecError) -> R<u32> {
    match (side, e) {
        (Side::Callee, _) => Ok(code::CALLEE_TRAPPED),
        (_, ExecError::TransferFailed(_)) => Ok(code::TRANSFER_FAILED),
        (_, ExecError::CodeNotFound(_)) => Ok(code::CODE_NOT_FOUND),
        (_, ExecError::ContractNotFound(_)) => Ok(code::NOT_CALLABLE),
        (_, e) => Err(wasmtime::Error::new(Signal::Fatal(e))),
    }
}

fn do_call<S: WasmState + Default + 'static>(c: &mut C<'_, S>, q: CallReq) -> R<u32> {
    if q.flags & !CallFlags::ALL != 0 {
        return Err(trap(format!("invalid call flags {:#x}", q.flags)));
    }
    let value = read_balance(c, q.value_ptr)?;
    let extra = if value > 0 { gas::VALUE_TRANSFER_GAS } else { 0 };
    enter(c, gas::CALL_GAS + extra, 32 + 8)?;
    let input = if q.flags & CallFlags::CLONE_INPUT != 0 {
        let input = c.data().frame.input.clone().ok_or_else(|| trap("input was forwarded"))?;
        charge(c, input.len() as u64 * gas::COPY_FUEL_PER_BYTE)?;
        input
    } else if q.flags & CallFlags::FORWARD_INPUT != 0 {
        c.data_mut().frame.input.take().ok_or_else(|| trap("input was forwarded"))?
    } else {
        charge(c, u64::from(q.input_len) * gas::COPY_FUEL_PER_BYTE)?;
        read(c, q.input_ptr, q.input_len)?
    };
    let dest = read_account(c, q.callee_ptr)?;
    let reentry = q.flags & CallFlags::ALLOW_REENTRY != 0;
    let r = sub_frame(c, value, input, FrameKind::Call { dest }, q.gas, reentry)?;
    match r.result {
        Ok(rv) => {
            if q.flags & CallFlags::TAIL_CALL != 0 {
                return Err(wasmtime::Error::new(Signal::Return {
                    flags: rv.flags,
                    data: rv.data,
                }));
            }
            output(c, q.out_ptr, q.out_len_ptr, &rv.data, true)?;
            Ok(if rv.did_revert() { code::CALLEE_REVERTED } else { code::SUCCESS })
        }
        Err((side, e)) => failure_code(side, e),
    }
}

fn do_instantiate<S: WasmState + Default + 'static>(c: &mut C<'_, S>, q: InstReq) -> R<u32> {
    let value = read_balance(c, q.value_ptr)?;
    let extra = if value > 0 { gas::VALUE_TRANSFER_GAS } else { 0 };
    let copied = 32 + 8 + u64::from(q.input_len) + u64::from(q.salt_len);
    enter(c, gas::INSTANTIATE_GAS + extra, copied)?;
    let code_hash = read_array::<S, 32>(c, q.code_hash_ptr)?;
    let input = read(c, q.input_ptr, q.input_len)?;
    let salt = read(c, q.salt_ptr, q.salt_len)?;
    let r = sub_frame(c, value, input, FrameKind::Instantiate { code_hash, salt }, q.gas, true)?;
    let account: AccountId32 = r.account;
    match r.result {
        Ok(rv) => {
            if !rv.did_revert() {
                output(c, q.address_ptr, q.address_len_ptr, &account.0, true)?;
            }
            output(c, q.out_ptr, q.out_len_ptr, &rv.data, true)?;
            Ok(if rv.did_revert() { code::CALLEE_REVERTED } else { code::SUCCESS })
        }
        Err((side, e)) => failure_code(side, e),
    }
}

/// Registers call and instantiate.
pub(crate) fn define<S: WasmState + Default + 'static>(l: &mut Linker<FrameData<S>>) -> R<()> {
    define_calls(l)?;
    define_instantiates(l)
}

fn define_calls<S: WasmState + Default + 'static>(l: &mut Linker<FrameData<S>>) -> R<()> {
    // seal0.call: no flags argument; the pallet allows reentry here for compatibility.
    l.func_wrap(
        "seal0",
        "call",
        |mut c: C<'_, S>,
         callee_ptr: u32,
         _callee_len: u32,
         gas: u64,
         value_ptr: u32,
         _value_len: u32,
         input_ptr: u32,
         input_len: u32,
         out_ptr: u32,
         out_len_ptr: u32| {
            let flags = CallFlags::ALLOW_REENTRY;
            let q = CallReq {
                flags,
                callee_ptr,
                gas,
                value_ptr,
                input_ptr,
                input_len,
                out_ptr,
                out_len_ptr,
            };
            do_call(&mut c, q)
        },
    )?;
    l.func_wrap(
        "seal1",
        "call",
        |mut c: C<'_, S>,
         flags: u32,
         callee_ptr: u32,
         gas: u64,
         value_ptr: u32,
         input_ptr: u32,
         input_len: u32,
         out_ptr: u32,
         out_len_ptr: u32| {
            let q = CallReq {
                flags,
                callee_ptr,
                gas,
                value_ptr,
                input_ptr,
                input_len,
                out_ptr,
                out_len_ptr,
            };
            do_call(&mut c, q)
        },
    )?;
    // seal2.call: ref_time limit as the gas limit; proof size and the storage-deposit limit are
    // not metered by this host.
    l.func_wrap(
        "seal2",
        "call",
        |mut c: C<'_, S>,
         flags: u32,
         callee_ptr: u32,
         gas: u64,
         _proof_size: u64,
         _deposit_ptr: u32,
         value_ptr: u32,
         input_ptr: u32,
         input_len: u32,
         out_ptr: u32,
         out_len_ptr: u32| {
            let q = CallReq {
                flags,
                callee_ptr,
                gas,
                value_ptr,
                input_ptr,
                input_len,
                out_ptr,
                out_len_ptr,
            };
            do_call(&mut c, q)
        },
    )?;
    Ok(())
}

fn define_instantiates<S: WasmState + Default + 'static>(l: &mut Linker<FrameData<S>>) -> R<()> {
    l.func_wrap(
        "seal1",
        "instantiate",
        |mut c: C<'_, S>,
         code_hash_ptr: u32,
         gas: u64,
         value_ptr: u32,
         input_ptr: u32,
         input_len: u32,
         address_ptr: u32,
         address_len_ptr: u32,
         out_ptr: u32,
         out_len_ptr: u32,
         salt_ptr: u32,
         salt_len: u32| {
            let q = InstReq {
                code_hash_ptr,
                gas,
                value_ptr,
                input_ptr,
                input_len,
                address_ptr,
                address_len_ptr,
                out_ptr,
                out_len_ptr,
                salt_ptr,
                salt_len,
            };
            do_instantiate(&mut c, q)
        },
    )?;
    l.func_wrap(
        "seal2",
        "instantiate",
        |mut c: C<'_, S>,
         code_hash_ptr: u32,
         gas: u64,
         _proof_size: u64,
         _deposit_ptr: u32,
         value_ptr: u32,
         input_ptr: u32,
         input_len: u32,
         address_ptr: u32,
         address_len_ptr: u32,
         out_ptr: u32,
         out_len_ptr: u32,
         salt_ptr: u32,
         salt_len: u32| {
            let q = InstReq {
                code_hash_ptr,
                gas,
                value_ptr,
                input_ptr,
                input_len,
                address_ptr,
                address_len_ptr,
                out_ptr,
                out_len_ptr,
                salt_ptr,
                salt_len,
            };
            do_instantiate(&mut c, q)
        },
    )?;
    Ok(())
}
