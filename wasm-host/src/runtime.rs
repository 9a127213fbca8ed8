//! The host functions ink! 5 imports (pallet-contracts-uapi 9: modules `seal0`, `seal1`,
//! `seal2`), with pallet-contracts' semantics. Calls and instantiations are in
//! `runtime_calls.rs`.
//!
//! Conventions, as in the pallet:
//! - an output buffer is `(out_ptr, out_len_ptr)`: `*out_len_ptr` holds the capacity on entry
//!   and the written length on exit; a capacity below the data traps; where the pallet allows
//!   it, `out_ptr == u32::MAX` (the sentinel) skips the write;
//! - a rule broken (out-of-bounds pointer, key too long, value too large, bad flags, too many
//!   topics, undecodable topics) traps the contract, which undoes its frame;
//! - storage functions that report a previous value return its length, or `u32::MAX` when
//!   there was none.

use wasmtime::{Caller, Linker, Memory};

use crate::AccountId32;
use crate::code::{blake2_128, blake2_256, decode_topics, fixed_storage_key, var_storage_key};
use crate::exec::{ExtensionCall, FrameData, ReturnFlags, Signal, transfer_checked, trap};
use crate::gas;
use crate::state::{ContractEvent, WasmState};

/// `u32::MAX`: "no output buffer" and "no previous value".
pub(crate) const SENTINEL: u32 = u32::MAX;

/// Return codes (pallet-contracts-uapi `ReturnErrorCode`).
pub(crate) mod code {
    pub(crate) const SUCCESS: u32 = 0;
    pub(crate) const CALLEE_TRAPPED: u32 = 1;
    pub(crate) const CALLEE_REVERTED: u32 = 2;
    pub(crate) const KEY_NOT_FOUND: u32 = 3;
    pub(crate) const TRANSFER_FAILED: u32 = 5;
    pub(crate) const CODE_NOT_FOUND: u32 = 7;
    pub(crate) const NOT_CALLABLE: u32 = 8;
    pub(crate) const LOGGING_DISABLED: u32 = 9;
    pub(crate) const ECDSA_RECOVERY_FAILED: u32 = 11;
    pub(crate) const SR25519_VERIFY_FAILED: u32 = 12;
}

/// Most bytes `debug_message` collects in one transaction (2 MiB, as the pallet).
pub const MAX_DEBUG_BUFFER: usize = 2 * 1024 * 1024;

/// The status `call_chain_extension` returns when the host has no chain extension: 1, the
/// real chain's "runtime error".
pub const NO_CHAIN_EXTENSION_STATUS: u32 = 1;

pub(crate) type C<'a, S> = Caller<'a, FrameData<S>>;
type R<T> = wasmtime::Result<T>;

fn memory<S>(c: &C<'_, S>) -> R<Memory> {
    c.data().memory.ok_or_else(|| trap("the contract has no memory"))
}

/// Charges `fuel`; out of gas if the meter cannot pay.
pub(crate) fn charge<S>(c: &mut C<'_, S>, fuel: u64) -> R<()> {
    let left = c.get_fuel()?;
    if left < fuel {
        c.set_fuel(0)?;
        return Err(wasmtime::Error::new(Signal::OutOfGas));
    }
    c.set_fuel(left - fuel)
}

/// Charges gas on entry to a host function, plus copy fuel for `bytes`.
pub(crate) fn enter<S>(c: &mut C<'_, S>, gas_cost: u64, bytes: u64) -> R<()> {
    charge(
        c,
        gas::fuel(gas::HOST_CALL_GAS + gas_cost)
            .saturating_add(bytes.saturating_mul(gas::COPY_FUEL_PER_BYTE)),
    )
}

/// Reads `len` bytes at `ptr`; traps if out of bounds.
pub(crate) fn read<S>(c: &C<'_, S>, ptr: u32, len: u32) -> R<Vec<u8>> {
    let mem = memory(c)?;
    let (start, end) = (ptr as usize, ptr as usize + len as usize);
    mem.data(c)
        .get(start..end)
        .map(<[u8]>::to_vec)
        .ok_or_else(|| trap(format!("read of {len} bytes at {ptr} is out of bounds")))
}

pub(crate) fn read_array<S, const N: usize>(c: &C<'_, S>, ptr: u32) -> R<[u8; N]> {
    let v = read(c, ptr, N as u32)?;
    let mut out = [0u8; N];
    out.copy_from_slice(&v);
    Ok(out)
}

pub(crate) fn read_account<S>(c: &C<'_, S>, ptr: u32) -> R<AccountId32> {
    Ok(AccountId32(read_array::<S, 32>(c, ptr)?))
}

/// A Balance (u64, 8 bytes little endian) at `ptr`.
pub(crate) fn read_balance<S>(c: &C<'_, S>, ptr: u32) -> R<u64> {
    Ok(u64::from_le_bytes(read_array::<S, 8>(c, ptr)?))
}

pub(crate) fn write<S>(c: &mut C<'_, S>, ptr: u32, data: &[u8]) -> R<()> {
    let mem = memory(c)?;
    mem.write(&mut *c, ptr as usize, data)
        .map_err(|_| trap(format!("write of {} bytes at {ptr} is out of bounds", data.len())))
}

/// Writes `data` into the output buffer `(out_ptr, out_len_ptr)`.
pub(crate) fn output<S>(
    c: &mut C<'_, S>,
    out_ptr: u32,
    out_len_ptr: u32,
    data: &[u8],
    allow_skip: bool,
) -> R<()> {
    if allow_skip && out_ptr == SENTINEL {
        return Ok(());
    }
    charge(c, (data.len() as u64).saturating_mul(gas::COPY_FUEL_PER_BYTE))?;
    let cap = u32::from_le_bytes(read_array::<S, 4>(c, out_len_ptr)?);
    if (cap as usize) < data.len() {
        return Err(trap(format!("output buffer of {cap} bytes is too small for {}", data.len())));
    }
    write(c, out_ptr, data)?;
    write(c, out_len_ptr, &(data.len() as u32).to_le_bytes())
}

/// The trie key for a storage key: fixed 32 bytes (`None`) or variable of `len` bytes.
fn storage_key<S>(c: &mut C<'_, S>, ptr: u32, len: Option<u32>) -> R<Vec<u8>> {
    match len {
        None => Ok(fixed_storage_key(&read_array::<S, 32>(c, ptr)?)),
        Some(len) => {
            let max = c.data().inner.config.max_storage_key_len;
            if len > max {
                return Err(trap(format!("storage key of {len} bytes exceeds {max}")));
            }
            Ok(var_storage_key(&read(c, ptr, len)?))
        }
    }
}

fn len_or_sentinel(v: Option<&Vec<u8>>) -> u32 {
    v.map_or(SENTINEL, |v| v.len() as u32)
}

fn get_storage<S: WasmState>(
    c: &mut C<'_, S>,
    key_ptr: u32,
    key_len: Option<u32>,
    out_ptr: u32,
    out_len_ptr: u32,
) -> R<u32> {
    enter(c, gas::STORAGE_READ_GAS, u64::from(key_len.unwrap_or(32)))?;
    let key = storage_key(c, key_ptr, key_len)?;
    let account = c.data().frame.account;
    match c.data().ext.state.storage(&account, &key) {
        Some(v) => {
            output(c, out_ptr, out_len_ptr, &v, false)?;
            Ok(code::SUCCESS)
        }
        None => Ok(code::KEY_NOT_FOUND),
    }
}

fn set_storage<S: WasmState>(
    c: &mut C<'_, S>,
    key_ptr: u32,
    key_len: Option<u32>,
    value_ptr: u32,
    value_len: u32,
) -> R<u32> {
    let max = c.data().inner.config.max_value_len;
    if value_len > max {
        return Err(trap(format!("storage value of {value_len} bytes exceeds {max}")));
    }
    let key_bytes = u64::from(key_len.unwrap_or(32));
    enter(c, gas::STORAGE_WRITE_GAS, key_bytes + u64::from(value_len))?;
    let key = storage_key(c, key_ptr, key_len)?;
    let value = read(c, value_ptr, value_len)?;
    let account = c.data().frame.account;
    let new_entry = c.data().ext.state.storage(&account, &key).is_none();
    let extra = if new_entry { gas::STORAGE_NEW_ENTRY_GAS } else { 0 };
    charge(c, gas::fuel(extra + gas::STORAGE_BYTE_GAS * u64::from(value_len)))?;
    let old = c.data_mut().ext.state.set_storage(&account, &key, Some(value));
    Ok(len_or_sentinel(old.as_ref()))
}

fn clear_storage<S: WasmState>(c: &mut C<'_, S>, key_ptr: u32, key_len: Option<u32>) -> R<u32> {
    enter(c, gas::STORAGE_WRITE_GAS, u64::from(key_len.unwrap_or(32)))?;
    let key = storage_key(c, key_ptr, key_len)?;
    let account = c.data().frame.account;
    let old = c.data_mut().ext.state.set_storage(&account, &key, None);
    Ok(len_or_sentinel(old.as_ref()))
}

fn contains_storage<S: WasmState>(c: &mut C<'_, S>, key_ptr: u32, key_len: Option<u32>) -> R<u32> {
    enter(c, gas::STORAGE_READ_GAS, u64::from(key_len.unwrap_or(32)))?;
    let key = storage_key(c, key_ptr, key_len)?;
    let account = c.data().frame.account;
    Ok(len_or_sentinel(c.data().ext.state.storage(&account, &key).as_ref()))
}

fn take_storage<S: WasmState>(
    c: &mut C<'_, S>,
    key_ptr: u32,
    key_len: u32,
    out_ptr: u32,
    out_len_ptr: u32,
) -> R<u32> {
    enter(c, gas::STORAGE_READ_GAS + gas::STORAGE_WRITE_GAS, u64::from(key_len))?;
    let key = storage_key(c, key_ptr, Some(key_len))?;
    let account = c.data().frame.account;
    let Some(v) = c.data().ext.state.storage(&account, &key) else {
        return Ok(code::KEY_NOT_FOUND);
    };
    // Write the output first: a too-small buffer traps before anything is removed.
    output(c, out_ptr, out_len_ptr, &v, false)?;
    c.data_mut().ext.state.set_storage(&account, &key, None);
    Ok(code::SUCCESS)
}

/// Writes a fixed-size property (account, balance, ...) into an output buffer.
fn property<S>(c: &mut C<'_, S>, out_ptr: u32, out_len_ptr: u32, data: &[u8]) -> R<()> {
    enter(c, 0, 0)?;
    output(c, out_ptr, out_len_ptr, data, false)
}

fn hash_fn<S>(
    c: &mut C<'_, S>,
    input_ptr: u32,
    input_len: u32,
    output_ptr: u32,
    f: fn(&[u8]) -> Vec<u8>,
) -> R<()> {
    charge(c, gas::hash_fuel(u64::from(input_len)).saturating_add(u64::from(input_len)))?;
    let data = read(c, input_ptr, input_len)?;
    write(c, output_ptr, &f(&data))
}

fn sha2_256(d: &[u8]) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(d).to_vec()
}

fn keccak_256(d: &[u8]) -> Vec<u8> {
    use sha3::Digest;
    sha3::Keccak256::digest(d).to_vec()
}

fn deposit_event<S: WasmState>(
    c: &mut C<'_, S>,
    topics_ptr: u32,
    topics_len: u32,
    data_ptr: u32,
    data_len: u32,
) -> R<()> {
    let cfg = &c.data().inner.config;
    let (max_len, max_topics) = (cfg.max_value_len, cfg.max_event_topics);
    if data_len > max_len {
        return Err(trap(format!("event data of {data_len} bytes exceeds {max_len}")));
    }
    enter(
        c,
        gas::EVENT_GAS + gas::EVENT_BYTE_GAS * u64::from(data_len),
        u64::from(topics_len) + u64::from(data_len),
    )?;
    let topics = if topics_len == 0 {
        Vec::new()
    } else {
        let raw = read(c, topics_ptr, topics_len)?;
        decode_topics(&raw).ok_or_else(|| trap("event topics are not a SCALE Vec<[u8; 32]>"))?
    };
    if topics.len() > max_topics as usize {
        return Err(trap(format!("{} event topics exceed {max_topics}", topics.len())));
    }
    charge(c, gas::fuel(gas::EVENT_TOPIC_GAS * topics.len() as u64))?;
    let data = read(c, data_ptr, data_len)?;
    let contract = c.data().frame.account;
    c.data_mut().ext.state.deposit_event(ContractEvent { contract, topics, data });
    Ok(())
}

fn transfer<S: WasmState>(c: &mut C<'_, S>, to_ptr: u32, value_ptr: u32, value_len: u32) -> R<u32> {
    enter(c, gas::VALUE_TRANSFER_GAS, 32 + u64::from(value_len))?;
    if value_len < 8 {
        return Err(trap(format!("a Balance is 8 bytes, got {value_len}")));
    }
    let to = read_account(c, to_ptr)?;
    let value = read_balance(c, value_ptr)?;
    let me = c.data().frame.account;
    Ok(match transfer_checked(&mut c.data_mut().ext, &me, &to, value, true) {
        Ok(()) => code::SUCCESS,
        Err(_) => code::TRANSFER_FAILED,
    })
}

fn terminate<S: WasmState>(c: &mut C<'_, S>, beneficiary_ptr: u32) -> R<()> {
    enter(c, gas::TERMINATE_GAS, 32)?;
    let to = read_account(c, beneficiary_ptr)?;
    let me = c.data().frame.account;
    let ext = &mut c.data_mut().ext;
    if ext.stack.iter().filter(|f| f.account == me).count() > 1 {
        return Err(trap("terminate while the contract is on the call stack more than once"));
    }
    let all = ext.state.balance(&me);
    if all > 0 {
        transfer_checked(ext, &me, &to, all, false).map_err(|e| trap(format!("terminate: {e}")))?;
    }
    ext.state.set_contract(me, None);
    Err(wasmtime::Error::new(Signal::Terminated))
}

fn ecdsa_recover<S>(c: &mut C<'_, S>, sig_ptr: u32, msg_ptr: u32, out_ptr: u32) -> R<u32> {
    use k256::ecdsa::{RecoveryId, Signature, VerifyingKey};
    enter(c, gas::ECDSA_RECOVER_GAS, 65 + 32)?;
    let sig = read_array::<S, 65>(c, sig_ptr)?;
    let msg = read_array::<S, 32>(c, msg_ptr)?;
    // As sp-io: v may be 0/1 or 27/28.
    let v = if sig[64] > 26 { sig[64] - 27 } else { sig[64] };
    let key = RecoveryId::from_byte(v).and_then(|rid| {
        let s = Signature::from_slice(&sig[..64]).ok()?;
        VerifyingKey::recover_from_prehash(&msg, &s, rid).ok()
    });
    match key {
        Some(k) => {
            write(c, out_ptr, k.to_encoded_point(true).as_bytes())?;
            Ok(code::SUCCESS)
        }
        None => Ok(code::ECDSA_RECOVERY_FAILED),
    }
}

fn ecdsa_to_eth_address<S>(c: &mut C<'_, S>, key_ptr: u32, out_ptr: u32) -> R<u32> {
    enter(c, gas::ECDSA_TO_ETH_GAS, 33)?;
    let key = read_array::<S, 33>(c, key_ptr)?;
    let Ok(vk) = k256::ecdsa::VerifyingKey::from_sec1_bytes(&key) else {
        return Ok(code::ECDSA_RECOVERY_FAILED);
    };
    let point = vk.to_encoded_point(false);
    let hash = keccak_256(&point.as_bytes()[1..]);
    write(c, out_ptr, &hash[12..])?;
    Ok(code::SUCCESS)
}

fn sr25519_verify<S>(
    c: &mut C<'_, S>,
    sig_ptr: u32,
    pub_ptr: u32,
    len: u32,
    msg_ptr: u32,
) -> R<u32> {
    enter(c, gas::SR25519_VERIFY_GAS, 96 + u64::from(len))?;
    charge(c, gas::hash_fuel(u64::from(len)))?;
    let sig = read_array::<S, 64>(c, sig_ptr)?;
    let key = read_array::<S, 32>(c, pub_ptr)?;
    let msg = read(c, msg_ptr, len)?;
    let ok =
        match (schnorrkel::PublicKey::from_bytes(&key), schnorrkel::Signature::from_bytes(&sig)) {
            (Ok(k), Ok(s)) => k.verify_simple(b"substrate", &msg, &s).is_ok(),
            _ => false,
        };
    Ok(if ok { code::SUCCESS } else { code::SR25519_VERIFY_FAILED })
}

fn chain_extension<S: WasmState>(
    c: &mut C<'_, S>,
    id: u32,
    in_ptr: u32,
    in_len: u32,
    out_ptr: u32,
    out_len_ptr: u32,
) -> R<u32> {
    enter(c, gas::CHAIN_EXTENSION_GAS, u64::from(in_len))?;
    let input = read(c, in_ptr, in_len)?;
    let Some(extension) = c.data().inner.extension.clone() else {
        return Ok(NO_CHAIN_EXTENSION_STATUS);
    };
    let call = ExtensionCall {
        id,
        contract: c.data().frame.account,
        caller: c.data().frame.caller,
        input: &input,
    };
    let out = extension
        .call(&mut c.data_mut().ext.state, &call)
        .map_err(|e| trap(format!("chain extension {id:#x}: {e}")))?;
    charge(c, gas::fuel(out.gas))?;
    output(c, out_ptr, out_len_ptr, &out.output, true)?;
    Ok(out.status)
}

fn debug_message<S>(c: &mut C<'_, S>, ptr: u32, len: u32) -> R<u32> {
    enter(c, 0, u64::from(len))?;
    if !c.data().inner.config.debug_messages {
        return Ok(code::LOGGING_DISABLED);
    }
    let data = read(c, ptr, len)?;
    // As the pallet: invalid UTF-8 is dropped, the call still succeeds; the buffer stops
    // growing at MAX_DEBUG_BUFFER bytes (the pallet's `MaxDebugBufferLen`).
    let debug = &mut c.data_mut().ext.debug;
    if let Ok(s) = std::str::from_utf8(&data)
        && debug.len() + s.len() <= MAX_DEBUG_BUFFER
    {
        debug.push_str(s);
    }
    Ok(code::SUCCESS)
}

/// Replaces the contract's code (it runs from the next call on); 0, or 7 CodeNotFound.
fn set_code_hash<S: WasmState>(c: &mut C<'_, S>, hash_ptr: u32) -> R<u32> {
    enter(c, gas::STORAGE_WRITE_GAS, 32)?;
    let hash = read_array::<S, 32>(c, hash_ptr)?;
    if !c.data().ext.state.has_code(&hash) {
        return Ok(code::CODE_NOT_FOUND);
    }
    let me = c.data().frame.account;
    let data = c.data_mut();
    // Recording a new hash keeps the contract's storage.
    data.ext.state.set_contract(me, Some(hash));
    data.frame.code_hash = hash;
    Ok(code::SUCCESS)
}

fn gas_left_units<S>(c: &C<'_, S>) -> R<u64> {
    Ok(c.get_fuel()? / gas::FUEL_PER_GAS)
}

/// Registers every host function. One flat registration table, read top to bottom against the
/// uapi list, so it is kept in one function.
#[allow(clippy::too_many_lines)]
pub(crate) fn define<S: WasmState + Default + 'static>(l: &mut Linker<FrameData<S>>) -> R<()> {
    l.func_wrap("seal0", "input", |mut c: C<'_, S>, out: u32, out_len: u32| -> R<()> {
        let Some(input) = c.data().frame.input.clone() else {
            return Err(trap("input was forwarded to a callee"));
        };
        enter(&mut c, 0, 0)?;
        output(&mut c, out, out_len, &input, false)
    })?;
    l.func_wrap(
        "seal0",
        "seal_return",
        |mut c: C<'_, S>, flags: u32, ptr: u32, len: u32| -> R<()> {
            if flags & !ReturnFlags::REVERT != 0 {
                return Err(trap(format!("invalid return flags {flags:#x}")));
            }
            enter(&mut c, 0, u64::from(len))?;
            let data = read(&c, ptr, len)?;
            Err(wasmtime::Error::new(Signal::Return { flags, data }))
        },
    )?;
    l.func_wrap("seal0", "caller", |mut c: C<'_, S>, o: u32, ol: u32| {
        let v = c.data().frame.caller.0;
        property(&mut c, o, ol, &v)
    })?;
    l.func_wrap("seal0", "address", |mut c: C<'_, S>, o: u32, ol: u32| {
        let v = c.data().frame.account.0;
        property(&mut c, o, ol, &v)
    })?;
    l.func_wrap("seal0", "value_transferred", |mut c: C<'_, S>, o: u32, ol: u32| {
        let v = c.data().frame.value.to_le_bytes();
        property(&mut c, o, ol, &v)
    })?;
    l.func_wrap("seal0", "balance", |mut c: C<'_, S>, o: u32, ol: u32| {
        // As the pallet: the reducible balance, what the contract can spend and stay alive.
        let d = c.data();
        let free = d.ext.state.balance(&d.frame.account);
        let v = free.saturating_sub(d.ext.env.minimum_balance).to_le_bytes();
        property(&mut c, o, ol, &v)
    })?;
    l.func_wrap("seal0", "block_number", |mut c: C<'_, S>, o: u32, ol: u32| {
        let v = c.data().ext.env.block_number.to_le_bytes();
        property(&mut c, o, ol, &v)
    })?;
    l.func_wrap("seal0", "now", |mut c: C<'_, S>, o: u32, ol: u32| {
        let v = c.data().ext.env.timestamp.to_le_bytes();
        property(&mut c, o, ol, &v)
    })?;
    l.func_wrap("seal0", "minimum_balance", |mut c: C<'_, S>, o: u32, ol: u32| {
        let v = c.data().ext.env.minimum_balance.to_le_bytes();
        property(&mut c, o, ol, &v)
    })?;
    l.func_wrap("seal0", "gas_left", |mut c: C<'_, S>, o: u32, ol: u32| {
        enter(&mut c, 0, 0)?;
        let v = gas_left_units(&c)?.to_le_bytes();
        output(&mut c, o, ol, &v, false)
    })?;
    l.func_wrap("seal1", "gas_left", |mut c: C<'_, S>, o: u32, ol: u32| {
        enter(&mut c, 0, 0)?;
        // SCALE Weight { ref_time: Compact<u64>, proof_size: Compact<u64> }; proof size is not
        // metered here, so it reports the same number.
        let g = gas_left_units(&c)?;
        let mut v = Vec::new();
        crate::code::compact_encode(g, &mut v);
        crate::code::compact_encode(g, &mut v);
        output(&mut c, o, ol, &v, false)
    })?;
    l.func_wrap("seal0", "own_code_hash", |mut c: C<'_, S>, o: u32, ol: u32| {
        let v = c.data().frame.code_hash;
        property(&mut c, o, ol, &v)
    })?;
    l.func_wrap("seal0", "code_hash", |mut c: C<'_, S>, acc: u32, o: u32, ol: u32| -> R<u32> {
        enter(&mut c, gas::STORAGE_READ_GAS, 32)?;
        let a = read_account(&c, acc)?;
        match c.data().ext.state.contract(&a) {
            Some(h) => output(&mut c, o, ol, &h, false).map(|()| code::SUCCESS),
            None => Ok(code::KEY_NOT_FOUND),
        }
    })?;
    l.func_wrap("seal0", "is_contract", |mut c: C<'_, S>, acc: u32| -> R<u32> {
        enter(&mut c, gas::STORAGE_READ_GAS, 32)?;
        let a = read_account(&c, acc)?;
        Ok(u32::from(c.data().ext.state.contract(&a).is_some()))
    })?;
    l.func_wrap("seal0", "caller_is_origin", |mut c: C<'_, S>| -> R<u32> {
        enter(&mut c, 0, 0)?;
        Ok(u32::from(c.data().frame.caller == c.data().ext.origin))
    })?;
    l.func_wrap("seal0", "reentrance_count", |mut c: C<'_, S>| -> R<u32> {
        enter(&mut c, 0, 0)?;
        let me = c.data().frame.account;
        let n = c.data().ext.stack.iter().filter(|f| f.account == me).count();
        Ok(n.saturating_sub(1) as u32)
    })?;
    l.func_wrap("seal0", "account_reentrance_count", |mut c: C<'_, S>, acc: u32| -> R<u32> {
        enter(&mut c, 0, 32)?;
        let a = read_account(&c, acc)?;
        Ok(c.data().ext.stack.iter().filter(|f| f.account == a).count() as u32)
    })?;
    // Storage. seal0: fixed 32-byte keys; seal1/seal2 and take_storage: variable keys.
    l.func_wrap("seal0", "set_storage", |mut c: C<'_, S>, k: u32, v: u32, vl: u32| -> R<()> {
        set_storage(&mut c, k, None, v, vl).map(|_| ())
    })?;
    l.func_wrap("seal1", "set_storage", |mut c: C<'_, S>, k: u32, v: u32, vl: u32| {
        set_storage(&mut c, k, None, v, vl)
    })?;
    l.func_wrap("seal2", "set_storage", |mut c: C<'_, S>, k: u32, kl: u32, v: u32, vl: u32| {
        set_storage(&mut c, k, Some(kl), v, vl)
    })?;
    l.func_wrap("seal0", "clear_storage", |mut c: C<'_, S>, k: u32| -> R<()> {
        clear_storage(&mut c, k, None).map(|_| ())
    })?;
    l.func_wrap("seal1", "clear_storage", |mut c: C<'_, S>, k: u32, kl: u32| {
        clear_storage(&mut c, k, Some(kl))
    })?;
    l.func_wrap("seal0", "get_storage", |mut c: C<'_, S>, k: u32, o: u32, ol: u32| {
        get_storage(&mut c, k, None, o, ol)
    })?;
    l.func_wrap("seal1", "get_storage", |mut c: C<'_, S>, k: u32, kl: u32, o: u32, ol: u32| {
        get_storage(&mut c, k, Some(kl), o, ol)
    })?;
    l.func_wrap("seal0", "contains_storage", |mut c: C<'_, S>, k: u32| {
        contains_storage(&mut c, k, None)
    })?;
    l.func_wrap("seal1", "contains_storage", |mut c: C<'_, S>, k: u32, kl: u32| {
        contains_storage(&mut c, k, Some(kl))
    })?;
    l.func_wrap("seal0", "take_storage", |mut c: C<'_, S>, k: u32, kl: u32, o: u32, ol: u32| {
        take_storage(&mut c, k, kl, o, ol)
    })?;
    // Hashing: the output is written at out_ptr with the hash's fixed size.
    l.func_wrap("seal0", "hash_blake2_256", |mut c: C<'_, S>, i: u32, il: u32, o: u32| {
        hash_fn(&mut c, i, il, o, |d| blake2_256(d).to_vec())
    })?;
    l.func_wrap("seal0", "hash_blake2_128", |mut c: C<'_, S>, i: u32, il: u32, o: u32| {
        hash_fn(&mut c, i, il, o, |d| blake2_128(d).to_vec())
    })?;
    l.func_wrap("seal0", "hash_sha2_256", |mut c: C<'_, S>, i: u32, il: u32, o: u32| {
        hash_fn(&mut c, i, il, o, sha2_256)
    })?;
    l.func_wrap("seal0", "hash_keccak_256", |mut c: C<'_, S>, i: u32, il: u32, o: u32| {
        hash_fn(&mut c, i, il, o, keccak_256)
    })?;
    l.func_wrap("seal0", "deposit_event", |mut c: C<'_, S>, t: u32, tl: u32, d: u32, dl: u32| {
        deposit_event(&mut c, t, tl, d, dl)
    })?;
    l.func_wrap("seal0", "transfer", |mut c: C<'_, S>, to: u32, _to_len: u32, v: u32, vl: u32| {
        transfer(&mut c, to, v, vl)
    })?;
    l.func_wrap("seal0", "terminate", |mut c: C<'_, S>, b: u32| terminate(&mut c, b))?;
    l.func_wrap("seal1", "terminate", |mut c: C<'_, S>, b: u32| terminate(&mut c, b))?;
    l.func_wrap("seal0", "ecdsa_recover", |mut c: C<'_, S>, s: u32, m: u32, o: u32| {
        ecdsa_recover(&mut c, s, m, o)
    })?;
    l.func_wrap("seal0", "ecdsa_to_eth_address", |mut c: C<'_, S>, k: u32, o: u32| {
        ecdsa_to_eth_address(&mut c, k, o)
    })?;
    l.func_wrap("seal0", "sr25519_verify", |mut c: C<'_, S>, s: u32, p: u32, ml: u32, m: u32| {
        sr25519_verify(&mut c, s, p, ml, m)
    })?;
    l.func_wrap(
        "seal0",
        "call_chain_extension",
        |mut c: C<'_, S>, id: u32, i: u32, il: u32, o: u32, ol: u32| {
            chain_extension(&mut c, id, i, il, o, ol)
        },
    )?;
    l.func_wrap("seal0", "set_code_hash", |mut c: C<'_, S>, h: u32| set_code_hash(&mut c, h))?;
    l.func_wrap("seal0", "debug_message", |mut c: C<'_, S>, p: u32, len: u32| {
        debug_message(&mut c, p, len)
    })?;
    crate::runtime_calls::define(l)
}
