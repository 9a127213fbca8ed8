//! The ink! pool (`contracts/ink/pool`, embedded as `contracts::ink::POOL_WASM`) driven as the
//! chain: a [`PoolOp`] becomes the SCALE-encoded ink! message (selector
//! `blake2_256(name)[..4]` ‖ SCALE arguments, docs/ink-contracts.md), runs as a `Job::Call`
//! on the wasm [`Bridge`] over a [`NativeWasmState`] wrapping the caller's store (so its writes
//! join the same journal), and its reply `Result<T, Error>` (after ink!'s `LangError` byte) is
//! decoded into an [`OpResult`]. A contract `Err` is a [`PoolEngineError::Reverted`] naming the
//! error, as the Solidity engine's custom errors are. The contract's events become logs of 0xa00
//! exactly as the bridge's ([`crate::wasm_bridge::event_log`]).

use crate::events::Host;
use substrate_fixed::types::I96F32;
use tao_economics::pool::{Reserves, SwapResult};
use tao_primitives::{AccountId32, NetUid};
use tao_runtime::NativeError;
use tao_runtime::pool_engine::{OpResult, PoolEngineError, PoolOp};
use wasm_host::code::blake2_256;
use wasm_host::{BlockEnv, Bridge, ExecError, Job, JobResult, NativeWasmState, TxContext};

/// Gas (EVM units) one ink! pool operation may use.
pub const INK_SYSTEM_CALL_GAS: u64 = 10_000_000;

/// The 4-byte selector of ink! message `name` (no trait prefix).
pub fn selector(name: &str) -> [u8; 4] {
    let h = blake2_256(name.as_bytes());
    [h[0], h[1], h[2], h[3]]
}

fn opt(out: &mut Vec<u8>, v: Option<u64>) {
    match v {
        None => out.push(0),
        Some(v) => {
            out.push(1);
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
}

/// The ink! message input of `op` on `netuid`; `None` for a state edit that runs no code.
pub fn encode(netuid: NetUid, op: &PoolOp) -> Option<Vec<u8>> {
    let (name, mut args) = match *op {
        PoolOp::Create { tao, alpha, fee_rate, mechanism } => {
            let mut a = tao.to_le_bytes().to_vec();
            a.extend_from_slice(&alpha.to_le_bytes());
            a.extend_from_slice(&fee_rate.to_le_bytes());
            a.push(mechanism);
            ("create_pool", a)
        }
        PoolOp::SwapTaoForAlpha { tao: amount, limit, partial }
        | PoolOp::SwapAlphaForTao { alpha: amount, limit, partial } => {
            let name = if matches!(op, PoolOp::SwapTaoForAlpha { .. }) {
                "swap_tao_for_alpha"
            } else {
                "swap_alpha_for_tao"
            };
            let mut a = amount.to_le_bytes().to_vec();
            opt(&mut a, limit);
            a.push(u8::from(partial));
            (name, a)
        }
        PoolOp::ProtocolBuy { tao } => ("protocol_buy", tao.to_le_bytes().to_vec()),
        PoolOp::ProtocolSell { alpha } => ("protocol_sell", alpha.to_le_bytes().to_vec()),
        PoolOp::Inject { tao, alpha } => {
            let mut a = tao.to_le_bytes().to_vec();
            a.extend_from_slice(&alpha.to_le_bytes());
            ("inject", a)
        }
        PoolOp::UpdateMovingPrice { blocks_since_start, params } => {
            let mut a = blocks_since_start.to_le_bytes().to_vec();
            a.extend_from_slice(&params.moving_alpha.to_bits().to_le_bytes());
            a.extend_from_slice(&params.halving_blocks.to_le_bytes());
            ("update_moving_price", a)
        }
        PoolOp::SetMovingPrice(p) => ("set_moving_price", p.to_bits().to_le_bytes().to_vec()),
        PoolOp::SetFeeRate(r) => ("set_fee_rate", r.to_le_bytes().to_vec()),
        PoolOp::Remove => ("remove_pool", Vec::new()),
        PoolOp::SetReserves { .. } => return None,
    };
    let mut input = selector(name).to_vec();
    input.extend_from_slice(&netuid.get().to_le_bytes());
    input.append(&mut args);
    Some(input)
}

/// A SCALE reader that reports short input instead of panicking.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (head, rest) = self.0.split_at_checked(N)?;
        self.0 = rest;
        head.try_into().ok()
    }
    fn u8(&mut self) -> Option<u8> {
        self.take::<1>().map(|b| b[0])
    }
    fn u16(&mut self) -> Option<u16> {
        self.take().map(u16::from_le_bytes)
    }
    fn u64(&mut self) -> Option<u64> {
        self.take().map(u64::from_le_bytes)
    }
    fn i128(&mut self) -> Option<i128> {
        self.take().map(i128::from_le_bytes)
    }
    fn bool(&mut self) -> Option<bool> {
        match self.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
    fn swap(&mut self) -> Option<SwapResult> {
        Some(SwapResult {
            amount_in: self.u64()?,
            fee: self.u64()?,
            amount_out: self.u64()?,
            limited: self.bool()?,
        })
    }
    fn end(&self) -> Option<()> {
        self.0.is_empty().then_some(())
    }
}

/// The contract's `Error` as text (variant name and fields), `None` if undecodable.
pub fn describe_error(data: &[u8]) -> Option<String> {
    let mut r = Reader(data);
    let s = match r.u8()? {
        0 => {
            format!("NotSystem {{ caller: 0x{} }}", alloy_primitives::hex::encode(r.take::<32>()?))
        }
        1 => "ZeroSystem".into(),
        2 => format!("PoolExists {{ netuid: {} }}", r.u16()?),
        3 => format!("PoolNotFound {{ netuid: {} }}", r.u16()?),
        4 => format!("InvalidMechanism {{ mechanism: {} }}", r.u8()?),
        5 => format!("InvalidStablePool {{ alpha_reserve: {}, fee_rate: {} }}", r.u64()?, r.u16()?),
        6 => "ZeroAmount".into(),
        7 => format!("InsufficientLiquidity {{ reserve: {}, required: {} }}", r.u64()?, r.u64()?),
        8 => format!("PriceLimitExceeded {{ price: {}, limit: {} }}", r.u64()?, r.u64()?),
        9 => format!("SlippageTooHigh {{ requested: {}, max_amount: {} }}", r.u64()?, r.u64()?),
        10 => format!("InputTooLarge {{ net_in: {}, reserve: {} }}", r.u64()?, r.u64()?),
        11 => "ZeroOutput".into(),
        12 => format!("InvalidFeeRate({})", r.u16()?),
        13 => "Overflow".into(),
        _ => return None,
    };
    r.end()?;
    Some(s)
}

fn fault(netuid: NetUid, op: &PoolOp, reason: String) -> NativeError {
    PoolEngineError::Reverted { netuid, op: format!("{op:?}"), reason }.into()
}

/// Decodes the contract's reply to `op` (the bytes after the `LangError` byte: `Result<T,
/// Error>`): `Ok` becomes the [`OpResult`], `Err` a [`PoolEngineError::Reverted`].
pub fn decode(netuid: NetUid, op: &PoolOp, reply: &[u8]) -> Result<OpResult, NativeError> {
    let bad =
        || fault(netuid, op, format!("bad output 0x{}", alloy_primitives::hex::encode(reply)));
    let mut r = Reader(reply);
    match r.u8() {
        Some(0) => {}
        Some(1) => {
            let rest = reply.get(1..).unwrap_or_default();
            return Err(fault(netuid, op, describe_error(rest).ok_or_else(bad)?));
        }
        _ => return Err(bad()),
    }
    let out = match op {
        PoolOp::SwapTaoForAlpha { .. } | PoolOp::SwapAlphaForTao { .. } => {
            r.swap().map(OpResult::Swap)
        }
        PoolOp::ProtocolBuy { .. } | PoolOp::ProtocolSell { .. } => (|| {
            let amount_in = r.u64()?;
            let amount_out = r.u64()?;
            Some(OpResult::Swap(SwapResult { amount_in, fee: 0, amount_out, limited: false }))
        })(),
        PoolOp::UpdateMovingPrice { .. } => {
            r.i128().map(|b| OpResult::MovingPrice(I96F32::from_bits(b)))
        }
        PoolOp::Remove => (|| {
            let tao_rao = r.u64()?;
            let alpha_rao = r.u64()?;
            Some(OpResult::Removed(Reserves { tao_rao, alpha_rao }))
        })(),
        _ => Some(OpResult::Done),
    };
    let out = out.ok_or_else(bad)?;
    r.end().ok_or_else(bad)?;
    Ok(out)
}

/// Uploads the embedded ink! pool (`contracts::ink::POOL_WASM`) and instantiates it with
/// `new(system)` as `system` over `store` (genesis of the `ink` engine); returns its account.
pub fn deploy<H: Host>(
    bridge: &Bridge,
    store: &mut H,
    system: AccountId32,
    env: BlockEnv,
) -> Result<AccountId32, NativeError> {
    let refused = |what: &str, e: String| NativeError::Backend(format!("ink! pool {what}: {e}"));
    let mut state = NativeWasmState::new(&mut *store);
    let code = contracts::ink::POOL_WASM.to_vec();
    let upload = bridge
        .run(&mut state, Job::Upload { code, gas: u64::MAX })
        .map_err(|e| refused("upload", e.to_string()))?;
    let JobResult::Upload(Ok((code_hash, _))) = upload else {
        return Err(refused("upload", format!("{upload:?}")));
    };
    let mut input = selector("new").to_vec();
    input.extend_from_slice(&system.0);
    let tx = TxContext { origin: system, env, gas_limit: INK_SYSTEM_CALL_GAS };
    let job = Job::Instantiate { tx, code_hash, value: 0, input, salt: Vec::new() };
    let out = bridge.run(&mut state, job).map_err(|e| refused("instantiate", e.to_string()))?;
    if let Some(e) = state.error() {
        return Err(e);
    }
    match out {
        JobResult::Instantiate(o) if o.exec.succeeded() => Ok(o.account),
        other => Err(refused("instantiate", format!("{other:?}"))),
    }
}

/// Runs `op` on `netuid` in the ink! pool at `pools`, as `system`, over `store`: the contract's
/// writes go to `store`, its events are emitted as 0xa00 logs; returns the result and the gas
/// the contract used.
pub fn run<H: Host>(
    bridge: &Bridge,
    store: &mut H,
    pools: AccountId32,
    system: AccountId32,
    env: BlockEnv,
    netuid: NetUid,
    op: &PoolOp,
) -> Result<(OpResult, u64), NativeError> {
    let Some(input) = encode(netuid, op) else {
        return Err(fault(netuid, op, "a state edit, not a transaction operation".into()));
    };
    let tx = TxContext { origin: system, env, gas_limit: INK_SYSTEM_CALL_GAS };
    let mut state = NativeWasmState::new(&mut *store);
    let job = Job::Call { tx, dest: pools, value: 0, input };
    let result = bridge.run(&mut state, job).map_err(|e| fault(netuid, op, e.to_string()))?;
    if let Some(e) = state.error() {
        return Err(e);
    }
    let JobResult::Call(out) = result else {
        return Err(fault(netuid, op, "wasm bridge: wrong job result".into()));
    };
    let events = state.take_events();
    drop(state);
    let rv = match out.result {
        Ok(rv) => rv,
        Err(ExecError::OutOfGas) => {
            return Err(fault(netuid, op, format!("out of gas ({} used)", out.gas_used)));
        }
        Err(e) => return Err(fault(netuid, op, e.to_string())),
    };
    // ink!'s `LangError` wrapper: 0 = the message ran.
    let reply = match rv.data.split_first() {
        Some((0, rest)) => rest,
        _ => return Err(fault(netuid, op, "ink! LangError".into())),
    };
    let res = decode(netuid, op, reply)?;
    if rv.did_revert() {
        return Err(fault(netuid, op, "reverted with an Ok reply".into()));
    }
    for e in &events {
        store.emit(crate::wasm_bridge::event_log(e));
    }
    Ok((res, out.gas_used))
}

#[cfg(test)]
mod tests;
