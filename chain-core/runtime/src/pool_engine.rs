//! Where the subnet pools live: in native slots (the `native` engine), in the `AlphaPools`
//! Solidity contract (the `solidity` engine, the genesis default) or in the ink! pool contract
//! (the `ink` engine, [`ink`]: the same operations as ink! messages on the wasm bridge).
//!
//! With the Solidity engine the contract's storage holds every pool's reserves, fee rate,
//! mechanism and moving price, and every change to a pool is a call of the contract's code by
//! the chain (caller [`NATIVE_ACCOUNT`](crate::NATIVE_ACCOUNT), the contract's `system`) in the
//! same journaled state as the rest of the operation: a stake's swap and its ledger entry commit
//! or revert together. The native model runs beside it: each operation is computed by
//! `NativePool` first, then executed by the contract, and
//! the two results must agree to the unit or the operation fails
//! ([`PoolEngineError::Mismatch`]), so a defect in either can never move money silently.
//!
//! This module owns the engine switch (a global native slot set at genesis), the operations
//! ([`PoolOp`]), the trait a host with an EVM implements to run them ([`PoolContract`]), and
//! the contract's storage layout (pools are read from storage without running code, which
//! views and RPC reads need).

use crate::schema::{self, Key};
use crate::store::{NativeError, NativeExt, NativeStore};
use alloy_primitives::{Address, U256, address, keccak256};
use substrate_fixed::types::I96F32;
use substrate_fixed::types::U64F64;
use tao_economics::pool::{
    MovingPriceParams, NativePool, PoolEngine, PoolError, Reserves, SwapResult,
};
use tao_primitives::NetUid;

pub mod ink;

/// The `AlphaPools` contract, predeployed at genesis.
pub const ALPHA_POOLS: Address = address!("0000000000000000000000000000000000000b05");

/// Which engine holds the pools.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum EngineKind {
    /// Native slots of the system account.
    Native,
    /// The `AlphaPools` contract at [`ALPHA_POOLS`].
    #[default]
    Solidity,
    /// The ink! pool contract at [`ink::pools_account`], run on the wasm bridge.
    Ink,
}

impl EngineKind {
    /// Whether a contract holds the pools (every change is an operation of its code).
    pub fn in_contract(self) -> bool {
        matches!(self, Self::Solidity | Self::Ink)
    }
}

fn engine_key() -> Key {
    Key::new(schema::POOL_ENGINE, &[])
}

/// The engine of this chain (stored at genesis; a state without the slot is native).
pub fn engine(store: &mut (impl NativeStore + ?Sized)) -> Result<EngineKind, NativeError> {
    Ok(match store.get_u64(engine_key())? {
        1 => EngineKind::Solidity,
        2 => EngineKind::Ink,
        _ => EngineKind::Native,
    })
}

/// Records the engine (genesis only: pools are not moved between engines afterwards).
pub fn set_engine(
    store: &mut (impl NativeStore + ?Sized),
    kind: EngineKind,
) -> Result<(), NativeError> {
    let v = match kind {
        EngineKind::Native => 0,
        EngineKind::Solidity => 1,
        EngineKind::Ink => 2,
    };
    store.set_u64(engine_key(), v)
}

/// One pool as the contract stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PoolFields {
    /// TAO reserve (`SubnetTAO`), RAO.
    pub tao: u64,
    /// Alpha reserve (`SubnetAlphaIn`), alpha-RAO.
    pub alpha: u64,
    /// Fee rate, parts of 65535.
    pub fee_rate: u16,
    /// 0 = stable (root), 1 = dynamic.
    pub mechanism: u8,
    /// Whether the pool was created.
    pub exists: bool,
    /// The moving price (`I96F32`).
    pub moving_price: I96F32,
}

/// A change to one pool, as the chain asks the contract for it. Limits are RAO per alpha.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoolOp {
    /// Creates the pool.
    Create {
        /// TAO reserve.
        tao: u64,
        /// Alpha reserve.
        alpha: u64,
        /// Fee rate.
        fee_rate: u16,
        /// Mechanism (0 stable, 1 dynamic).
        mechanism: u8,
    },
    /// A user buy (stake) with fee.
    SwapTaoForAlpha {
        /// TAO in.
        tao: u64,
        /// Limit price, if any.
        limit: Option<u64>,
        /// Whether a partial fill up to the limit is allowed.
        partial: bool,
    },
    /// A user sell (unstake) with fee.
    SwapAlphaForTao {
        /// Alpha in.
        alpha: u64,
        /// Limit price, if any.
        limit: Option<u64>,
        /// Whether a partial fill up to the limit is allowed.
        partial: bool,
    },
    /// A fee-free buy by the chain.
    ProtocolBuy {
        /// TAO in.
        tao: u64,
    },
    /// A fee-free sell by the chain.
    ProtocolSell {
        /// Alpha in.
        alpha: u64,
    },
    /// Emission injected into both reserves.
    Inject {
        /// TAO added.
        tao: u64,
        /// Alpha added.
        alpha: u64,
    },
    /// One moving-price step.
    UpdateMovingPrice {
        /// Blocks since the subnet's first emission block (inclusive).
        blocks_since_start: u64,
        /// The EMA parameters.
        params: MovingPriceParams,
    },
    /// Sets the moving price (start-up).
    SetMovingPrice(I96F32),
    /// Sets the fee rate.
    SetFeeRate(u16),
    /// Deletes the pool (subnet dissolution): `removePool`, which returns the reserves it held.
    Remove,
    /// Sets both reserves (a dev control: a state edit, no code runs).
    SetReserves {
        /// TAO reserve.
        tao: u64,
        /// Alpha reserve.
        alpha: u64,
    },
}

/// What an operation returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpResult {
    /// A swap's amounts.
    Swap(SwapResult),
    /// The new moving price.
    MovingPrice(I96F32),
    /// The reserves a removed pool held.
    Removed(Reserves),
    /// Nothing.
    Done,
}

/// Failures of the Solidity engine: never a user's fault, so never a rejection.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PoolEngineError {
    /// The pools are in the contract but this state has no EVM to run it.
    #[error("the pools live in the AlphaPools contract but this state cannot run it ({0})")]
    NoContractHost(&'static str),
    /// The contract reverted an operation the native model accepted.
    #[error("AlphaPools refused {op} on subnet {netuid}: {reason}")]
    Reverted {
        /// The subnet.
        netuid: NetUid,
        /// The operation.
        op: String,
        /// The contract's revert, decoded where possible.
        reason: String,
    },
    /// The contract and the native model disagree.
    #[error(
        "AlphaPools and the native model disagree on {op} in subnet {netuid}: native {native}, contract {contract}"
    )]
    Mismatch {
        /// The subnet.
        netuid: NetUid,
        /// The operation.
        op: String,
        /// The native model's result.
        native: String,
        /// The contract's result.
        contract: String,
    },
}

/// A host that runs the `AlphaPools` contract in the current state (an EVM host).
pub trait PoolContract {
    /// Runs `op` on `netuid`'s pool as the chain; its writes and logs join the current state.
    fn apply(&mut self, netuid: NetUid, op: &PoolOp) -> Result<OpResult, NativeError>;
}

/// The storage slot of `netuid`'s pool struct: `keccak256(pad32(netuid) ‖ pad32(0))`
/// (`mapping(uint16 => Pool) _pools` at slot 0).
pub fn pool_slot(netuid: NetUid) -> U256 {
    let mut buf = [0u8; 64];
    buf[30..32].copy_from_slice(&netuid.get().to_be_bytes());
    U256::from_be_bytes(keccak256(buf).0)
}

/// Decodes a pool from its two storage words (`tao`, `alpha`, `feeRate`, `mechanism`,
/// `exists` packed from the low-order end of the first; `movingPrice` in the second).
pub fn decode_fields(w0: U256, w1: U256) -> PoolFields {
    let [tao, alpha, packed, _] = *w0.as_limbs();
    let [lo, hi, _, _] = *w1.as_limbs();
    let moving = (u128::from(hi) << 64) | u128::from(lo);
    PoolFields {
        tao,
        alpha,
        fee_rate: u16::try_from(packed & 0xffff).unwrap_or(u16::MAX),
        mechanism: u8::try_from((packed >> 16) & 0xff).unwrap_or(u8::MAX),
        exists: (packed >> 24) & 0xff != 0,
        moving_price: I96F32::from_bits(i128::from_le_bytes(moving.to_le_bytes())),
    }
}

/// Encodes a pool into its two storage words (the inverse of [`decode_fields`]).
pub fn encode_fields(f: &PoolFields) -> (U256, U256) {
    let packed =
        u64::from(f.fee_rate) | (u64::from(f.mechanism) << 16) | (u64::from(f.exists) << 24);
    let bits = u128::from_le_bytes(f.moving_price.to_bits().to_le_bytes());
    let lo = u64::try_from(bits & u128::from(u64::MAX)).unwrap_or(0);
    let hi = u64::try_from(bits >> 64).unwrap_or(0);
    (U256::from_limbs([f.tao, f.alpha, packed, 0]), U256::from_limbs([lo, hi, 0, 0]))
}

/// Reads `netuid`'s pool from the contract's storage.
pub fn read_fields(
    store: &mut (impl NativeStore + ?Sized),
    netuid: NetUid,
) -> Result<PoolFields, NativeError> {
    let s = pool_slot(netuid);
    let w0 = store.evm_storage(ALPHA_POOLS, s)?;
    // Solidity's slot arithmetic wraps modulo 2^256.
    let w1 = store.evm_storage(ALPHA_POOLS, s.wrapping_add(U256::from(1)))?;
    Ok(decode_fields(w0, w1))
}

/// A pool's reserves from whichever engine holds them.
pub fn reserves_any(
    store: &mut (impl NativeStore + ?Sized),
    netuid: NetUid,
) -> Result<Reserves, NativeError> {
    Ok(match engine(store)? {
        EngineKind::Solidity => {
            let f = read_fields(store, netuid)?;
            Reserves { tao_rao: f.tao, alpha_rao: f.alpha }
        }
        EngineKind::Ink => {
            let f = ink::read_fields(store, netuid)?;
            Reserves { tao_rao: f.tao, alpha_rao: f.alpha }
        }
        EngineKind::Native => Reserves {
            tao_rao: store.get_u64(schema::by_netuid(schema::SUBNET_TAO, netuid))?,
            alpha_rao: store.get_u64(schema::by_netuid(schema::SUBNET_ALPHA_IN, netuid))?,
        },
    })
}

/// Runs `op` through the store's contract host.
pub fn apply(
    store: &mut (impl NativeStore + ?Sized),
    netuid: NetUid,
    op: &PoolOp,
) -> Result<OpResult, NativeError> {
    match store.pool_contract() {
        Some(host) => host.apply(netuid, op),
        None => Err(PoolEngineError::NoContractHost("no EVM in this context").into()),
    }
}

/// Runs `op` through the contract and requires the native model's result.
pub fn apply_checked(
    store: &mut (impl NativeStore + ?Sized),
    netuid: NetUid,
    op: &PoolOp,
    native: &OpResult,
) -> Result<(), NativeError> {
    let got = apply(store, netuid, op)?;
    if got != *native {
        return Err(PoolEngineError::Mismatch {
            netuid,
            op: format!("{op:?}"),
            native: format!("{native:?}"),
            contract: format!("{got:?}"),
        }
        .into());
    }
    Ok(())
}

/// Moves every pool of a native-engine state into `AlphaPools` operations (genesis): returns
/// `(netuid, Create, SetMovingPrice)` per pool (no moving price for root), clears the native pool slots and switches the
/// engine. The caller runs the operations in the contract before the state is used.
pub fn adopt_solidity(
    store: &mut impl NativeStore,
) -> Result<Vec<(NetUid, PoolOp, Option<PoolOp>)>, NativeError> {
    adopt(store, EngineKind::Solidity)
}

/// [`adopt_solidity`] for either contract engine (`kind`).
pub fn adopt(
    store: &mut impl NativeStore,
    kind: EngineKind,
) -> Result<Vec<(NetUid, PoolOp, Option<PoolOp>)>, NativeError> {
    let mut out = Vec::new();
    for netuid in crate::pool::netuids(store)? {
        let f = PoolFields {
            tao: crate::pool::tao_reserve_native(store, netuid)?,
            alpha: crate::pool::alpha_reserve_native(store, netuid)?,
            fee_rate: crate::pool::fee_rate_native(store, netuid)?,
            mechanism: u8::from(netuid != crate::pool::ROOT_NETUID),
            exists: true,
            moving_price: crate::pool::moving_price_native(store, netuid)?,
        };
        let create = PoolOp::Create {
            tao: f.tao,
            alpha: f.alpha,
            fee_rate: f.fee_rate,
            mechanism: f.mechanism,
        };
        // A stable pool's moving price is fixed at 1.
        let moving =
            (netuid != crate::pool::ROOT_NETUID).then_some(PoolOp::SetMovingPrice(f.moving_price));
        out.push((netuid, create, moving));
        crate::pool::clear_native_fields(store, netuid)?;
    }
    set_engine(store, kind)?;
    Ok(out)
}

/// A pool in memory that records every change it makes, with the native model's result, so
/// that the Solidity engine can replay them through the contract and check each one
/// (`SubnetPool::save` in the pool module). Reads go to the native model; there is no way to change
/// the pool without a record.
#[derive(Debug, Clone)]
pub struct LoggedPool {
    inner: NativePool,
    log: Vec<(PoolOp, OpResult)>,
}

impl LoggedPool {
    /// Wraps a pool loaded from storage.
    pub fn new(inner: NativePool) -> Self {
        Self { inner, log: Vec::new() }
    }

    /// The native model as it stands.
    pub fn native(&self) -> &NativePool {
        &self.inner
    }

    /// The changes made so far, with the native model's results.
    pub fn log(&self) -> &[(PoolOp, OpResult)] {
        &self.log
    }

    /// Sets the moving price (recorded).
    pub fn set_moving_price(&mut self, p: I96F32) {
        self.inner.set_moving_price(p);
        self.log.push((PoolOp::SetMovingPrice(p), OpResult::Done));
    }

    /// Spot price in RAO per alpha, floored.
    pub fn price_rao_per_alpha(&self) -> u64 {
        self.inner.price_rao_per_alpha()
    }

    /// Spot price × 10^18, floored.
    pub fn price_e18(&self) -> u128 {
        self.inner.price_e18()
    }

    fn record<T>(
        &mut self,
        op: PoolOp,
        r: Result<T, PoolError>,
        out: impl Fn(&T) -> OpResult,
    ) -> Result<T, PoolError> {
        if let Ok(v) = &r {
            self.log.push((op, out(v)));
        }
        r
    }
}

impl PoolEngine for LoggedPool {
    fn reserves(&self) -> Reserves {
        self.inner.reserves()
    }
    fn fee_rate(&self) -> u16 {
        self.inner.fee_rate()
    }
    fn price(&self) -> U64F64 {
        self.inner.price()
    }
    fn moving_price(&self) -> I96F32 {
        self.inner.moving_price()
    }
    fn sim_swap_tao_for_alpha(
        &self,
        tao: u64,
        limit: Option<u64>,
        partial: bool,
    ) -> Result<SwapResult, PoolError> {
        self.inner.sim_swap_tao_for_alpha(tao, limit, partial)
    }
    fn sim_swap_alpha_for_tao(
        &self,
        alpha: u64,
        limit: Option<u64>,
        partial: bool,
    ) -> Result<SwapResult, PoolError> {
        self.inner.sim_swap_alpha_for_tao(alpha, limit, partial)
    }
    fn swap_tao_for_alpha(
        &mut self,
        tao: u64,
        limit: Option<u64>,
        partial: bool,
    ) -> Result<SwapResult, PoolError> {
        let r = self.inner.swap_tao_for_alpha(tao, limit, partial);
        self.record(PoolOp::SwapTaoForAlpha { tao, limit, partial }, r, |s| OpResult::Swap(*s))
    }
    fn swap_alpha_for_tao(
        &mut self,
        alpha: u64,
        limit: Option<u64>,
        partial: bool,
    ) -> Result<SwapResult, PoolError> {
        let r = self.inner.swap_alpha_for_tao(alpha, limit, partial);
        self.record(PoolOp::SwapAlphaForTao { alpha, limit, partial }, r, |s| OpResult::Swap(*s))
    }
    fn protocol_buy(&mut self, tao: u64) -> Result<SwapResult, PoolError> {
        let r = self.inner.protocol_buy(tao);
        self.record(PoolOp::ProtocolBuy { tao }, r, |s| OpResult::Swap(*s))
    }
    fn protocol_sell(&mut self, alpha: u64) -> Result<SwapResult, PoolError> {
        let r = self.inner.protocol_sell(alpha);
        self.record(PoolOp::ProtocolSell { alpha }, r, |s| OpResult::Swap(*s))
    }
    fn inject(&mut self, tao: u64, alpha: u64) -> Result<(), PoolError> {
        let r = self.inner.inject(tao, alpha);
        self.record(PoolOp::Inject { tao, alpha }, r, |_| OpResult::Done)
    }
    fn update_moving_price(
        &mut self,
        blocks_since_start: u64,
        params: &MovingPriceParams,
    ) -> I96F32 {
        let p = self.inner.update_moving_price(blocks_since_start, params);
        let op = PoolOp::UpdateMovingPrice { blocks_since_start, params: *params };
        self.log.push((op, OpResult::MovingPrice(p)));
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_round_trip_through_storage_words() {
        let f = PoolFields {
            tao: 0x0102_0304_0506_0708,
            alpha: u64::MAX - 5,
            fee_rate: 33,
            mechanism: 1,
            exists: true,
            moving_price: I96F32::from_num(-0.25),
        };
        let (w0, w1) = encode_fields(&f);
        assert_eq!(decode_fields(w0, w1), f);
        // Packed from the low-order end: tao is the lowest 8 bytes.
        assert_eq!(w0 & U256::from(u64::MAX), U256::from(f.tao));
        assert_eq!((w0 >> 128usize) & U256::from(0xffffu64), U256::from(33u64));
    }

    #[test]
    fn pool_slot_is_the_mapping_slot_of_the_netuid() {
        let mut buf = [0u8; 64];
        buf[31] = 7;
        assert_eq!(pool_slot(NetUid(7)), U256::from_be_bytes(keccak256(buf).0));
    }
}
