//! Subnet pools in native storage: each subnet's [`NativePool`] (spec §3) persisted in slots,
//! plus every getter the 0x808 alpha precompile needs.
//!
//! Slots per netuid: `SUBNET_TAO` (y, RAO), `SUBNET_ALPHA_IN` (x, alpha-RAO), `SUBNET_ALPHA_OUT`
//! (outstanding alpha), `SUBNET_MOVING_PRICE` (`I96F32` bits), `SUBNET_VOLUME` (RAO, u128),
//! `SUBNET_FEE_RATE` (optional, default 33/65535), the last block's emissions and the
//! cumulative burned / recycled alpha.
//!
//! **Root** (netuid 0) is the stable mechanism: swaps are 1:1 with no fee and the price is
//! fixed at 1. Its `SUBNET_TAO` is all TAO staked on root and its `SUBNET_ALPHA_OUT` the root
//! stake outstanding (equal to it, as root "alpha" is TAO).
//!
//! **Fees** of user swaps leave the pool (economics pool rule): the TAO fee of a buy, and the
//! TAO from selling the alpha fee of a sell fee-free, go to the fee recipient (see
//! `staking`). If that resale cannot execute (too small to pay anything), the fee alpha is
//! burned: it leaves its holder but stays counted in `SUBNET_ALPHA_OUT` (spec §1.3).

use super::schema::{self, Key, by_netuid};
use super::store::{NativeError, NativeExt, NativeStore};
use crate::error::SubnetPoolError;
use crate::pool_engine::{
    self, EngineKind, LoggedPool, OpResult, PoolEngineError, PoolFields, PoolOp,
};
use alloy_primitives::U256;
use substrate_fixed::types::I96F32;
use tao_economics::coinbase_split::DEFAULT_TAO_WEIGHT;
use tao_economics::pool::ema::DEFAULT_EMA_PRICE_HALVING_BLOCKS;
use tao_economics::pool::{
    DEFAULT_FEE_RATE, MAX_FEE_RATE, NativePool, PoolEngine, PoolError, Reserves, SwapResult,
};
use tao_primitives::{AlphaRao, NetUid, Rao};

pub use tao_primitives::ROOT_NETUID;
/// 10^18, the scale of the precompile's prices.
const E18: u128 = 1_000_000_000_000_000_000;

/// A pool error as a revert reason naming the subnet.
pub(crate) fn pool_err(netuid: NetUid, e: PoolError) -> NativeError {
    SubnetPoolError::Swap { netuid, source: e }.into()
}

/// Whether the subnet exists. Root always exists.
pub fn subnet_exists(store: &mut impl NativeStore, netuid: NetUid) -> Result<bool, NativeError> {
    if netuid == ROOT_NETUID {
        return Ok(true);
    }
    super::subnets::exists(store, netuid)
}

/// Fails with a readable reason unless the subnet exists.
pub fn ensure_subnet(store: &mut impl NativeStore, netuid: NetUid) -> Result<(), NativeError> {
    if subnet_exists(store, netuid)? {
        Ok(())
    } else {
        Err(SubnetPoolError::SubnetNotExists { netuid }.into())
    }
}

/// Every existing netuid, root first, ascending (the registry's list; root is always in it).
pub fn netuids(store: &mut impl NativeStore) -> Result<Vec<NetUid>, NativeError> {
    let mut out = super::subnets::netuids(store)?;
    if out.first() != Some(&ROOT_NETUID) {
        out.insert(0, ROOT_NETUID);
    }
    Ok(out)
}

/// `SubnetMechanism`: 0 = stable (root), 1 = dynamic AMM.
pub fn subnet_mechanism(netuid: NetUid) -> u16 {
    u16::from(netuid != ROOT_NETUID)
}

/// Swap fee rate in parts of 65535 (root: 0).
pub fn fee_rate(store: &mut impl NativeStore, netuid: NetUid) -> Result<u16, NativeError> {
    if netuid == ROOT_NETUID {
        return Ok(0);
    }
    if let Some(f) = contract_fields(store, netuid)? {
        return Ok(if f.exists { f.fee_rate } else { DEFAULT_FEE_RATE });
    }
    fee_rate_native(store, netuid)
}

/// The pool's fields from the `AlphaPools` contract when it holds the pools (the Solidity
/// engine), else `None`.
fn contract_fields(
    store: &mut impl NativeStore,
    netuid: NetUid,
) -> Result<Option<PoolFields>, NativeError> {
    match pool_engine::engine(store)? {
        EngineKind::Native => Ok(None),
        EngineKind::Solidity => pool_engine::read_fields(store, netuid).map(Some),
        EngineKind::Ink => pool_engine::ink::read_fields(store, netuid).map(Some),
    }
}

/// [`fee_rate`] from the native slots.
pub(crate) fn fee_rate_native(
    store: &mut impl NativeStore,
    netuid: NetUid,
) -> Result<u16, NativeError> {
    if netuid == ROOT_NETUID {
        return Ok(0);
    }
    let v = store.get_opt_u64(by_netuid(schema::SUBNET_FEE_RATE, netuid))?;
    Ok(v.map_or(DEFAULT_FEE_RATE, |r| u16::try_from(r).unwrap_or(MAX_FEE_RATE)))
}

/// Sets a subnet's fee rate (a root/admin operation; the caller checks authority).
pub fn set_fee_rate(
    store: &mut impl NativeStore,
    netuid: NetUid,
    rate: u16,
) -> Result<(), NativeError> {
    ensure_subnet(store, netuid)?;
    if netuid == ROOT_NETUID || rate > MAX_FEE_RATE {
        return Err(SubnetPoolError::InvalidFeeRate { netuid, rate, max: MAX_FEE_RATE }.into());
    }
    if pool_engine::engine(store)?.in_contract() {
        let native = OpResult::Done;
        return pool_engine::apply_checked(store, netuid, &PoolOp::SetFeeRate(rate), &native);
    }
    store.set_opt_u64(by_netuid(schema::SUBNET_FEE_RATE, netuid), Some(u64::from(rate)))
}

/// TAO reserve (`SubnetTAO`, getTaoInPool), RAO.
pub fn tao_reserve(store: &mut impl NativeStore, netuid: NetUid) -> Result<Rao, NativeError> {
    match contract_fields(store, netuid)? {
        Some(f) => Ok(Rao(f.tao)),
        None => tao_reserve_native(store, netuid).map(Rao),
    }
}

/// Alpha reserve (`SubnetAlphaIn`, getAlphaInPool), alpha-RAO.
pub fn alpha_reserve(
    store: &mut impl NativeStore,
    netuid: NetUid,
) -> Result<AlphaRao, NativeError> {
    match contract_fields(store, netuid)? {
        Some(f) => Ok(AlphaRao(f.alpha)),
        None => alpha_reserve_native(store, netuid).map(AlphaRao),
    }
}

/// [`tao_reserve`] from the native slots.
pub(crate) fn tao_reserve_native(
    store: &mut impl NativeStore,
    netuid: NetUid,
) -> Result<u64, NativeError> {
    store.get_u64(by_netuid(schema::SUBNET_TAO, netuid))
}

/// [`alpha_reserve`] from the native slots.
pub(crate) fn alpha_reserve_native(
    store: &mut impl NativeStore,
    netuid: NetUid,
) -> Result<u64, NativeError> {
    store.get_u64(by_netuid(schema::SUBNET_ALPHA_IN, netuid))
}

/// Clears a pool's native field slots (the pool moved into the contract at genesis).
pub(crate) fn clear_native_fields(
    store: &mut impl NativeStore,
    netuid: NetUid,
) -> Result<(), NativeError> {
    for id in [schema::SUBNET_TAO, schema::SUBNET_ALPHA_IN, schema::SUBNET_MOVING_PRICE] {
        store.set_u128(by_netuid(id, netuid), 0)?;
    }
    store.set_opt_u64(by_netuid(schema::SUBNET_FEE_RATE, netuid), None)
}

/// Outstanding alpha (`SubnetAlphaOut`, getAlphaOutPool), alpha-RAO.
pub fn alpha_out(store: &mut impl NativeStore, netuid: NetUid) -> Result<AlphaRao, NativeError> {
    store.get_u64(by_netuid(schema::SUBNET_ALPHA_OUT, netuid)).map(AlphaRao)
}

/// Alpha issuance `SubnetAlphaIn + SubnetAlphaOut` (getAlphaIssuance), alpha-RAO.
pub fn alpha_issuance(
    store: &mut impl NativeStore,
    netuid: NetUid,
) -> Result<AlphaRao, NativeError> {
    let sum = alpha_reserve(store, netuid)?.checked_add(alpha_out(store, netuid)?);
    sum.ok_or(NativeError::Overflow("alpha issuance"))
}

/// The moving price `p̄` (TAO per alpha; root: 1).
pub fn moving_price(store: &mut impl NativeStore, netuid: NetUid) -> Result<I96F32, NativeError> {
    if netuid == ROOT_NETUID {
        return Ok(I96F32::from_num(1));
    }
    match contract_fields(store, netuid)? {
        Some(f) => Ok(f.moving_price),
        None => moving_price_native(store, netuid),
    }
}

/// [`moving_price`] from the native slots.
pub(crate) fn moving_price_native(
    store: &mut impl NativeStore,
    netuid: NetUid,
) -> Result<I96F32, NativeError> {
    if netuid == ROOT_NETUID {
        return Ok(I96F32::from_num(1));
    }
    let bits = store.get_u128(by_netuid(schema::SUBNET_MOVING_PRICE, netuid))?;
    Ok(I96F32::from_bits(i128::try_from(bits).unwrap_or(i128::MAX)))
}

/// Stores the moving price (negative values are stored as 0).
pub fn set_moving_price(
    store: &mut impl NativeStore,
    netuid: NetUid,
    price: I96F32,
) -> Result<(), NativeError> {
    if netuid == ROOT_NETUID {
        return Ok(());
    }
    if pool_engine::engine(store)?.in_contract() {
        let op = PoolOp::SetMovingPrice(price);
        return pool_engine::apply_checked(store, netuid, &op, &OpResult::Done);
    }
    let bits = u128::try_from(price.to_bits()).unwrap_or(0);
    store.set_u128(by_netuid(schema::SUBNET_MOVING_PRICE, netuid), bits)
}

/// The moving price × 10^18, floored (getMovingAlphaPrice).
pub fn moving_price_e18(store: &mut impl NativeStore, netuid: NetUid) -> Result<U256, NativeError> {
    let bits = u128::try_from(moving_price(store, netuid)?.to_bits()).unwrap_or(0);
    // bits < 2^128 and E18 < 2^60: the product fits in U256.
    Ok(U256::from(bits).saturating_mul(U256::from(E18)).wrapping_shr(32))
}

/// Loads a subnet's pool (root: the stable 1:1 pool over the root TAO).
pub fn load_pool(store: &mut impl NativeStore, netuid: NetUid) -> Result<NativePool, NativeError> {
    let tao = tao_reserve(store, netuid)?.get();
    if netuid == ROOT_NETUID {
        return Ok(NativePool::new_stable(tao));
    }
    let reserves = Reserves { tao_rao: tao, alpha_rao: alpha_reserve(store, netuid)?.get() };
    let mut pool =
        NativePool::new(reserves, fee_rate(store, netuid)?).map_err(|e| pool_err(netuid, e))?;
    pool.set_moving_price(moving_price(store, netuid)?);
    Ok(pool)
}

/// Saves a pool's reserves and moving price.
pub fn save_pool(
    store: &mut impl NativeStore,
    netuid: NetUid,
    pool: &NativePool,
) -> Result<(), NativeError> {
    if pool_engine::engine(store)?.in_contract() {
        return Err(PoolEngineError::NoContractHost("save_pool writes native slots only").into());
    }
    let r = pool.reserves();
    store.set_u64(by_netuid(schema::SUBNET_TAO, netuid), r.tao_rao)?;
    if netuid != ROOT_NETUID {
        store.set_u64(by_netuid(schema::SUBNET_ALPHA_IN, netuid), r.alpha_rao)?;
        set_moving_price(store, netuid, pool.moving_price())?;
    }
    Ok(())
}

/// Spot price in RAO per alpha, floored (root: 10^9).
pub fn price_rao_per_alpha(
    store: &mut impl NativeStore,
    netuid: NetUid,
) -> Result<u64, NativeError> {
    Ok(load_pool(store, netuid)?.price_rao_per_alpha())
}

/// Spot price × 10^18, floored (getAlphaPrice; root: 10^18).
pub fn price_e18(store: &mut impl NativeStore, netuid: NetUid) -> Result<U256, NativeError> {
    Ok(U256::from(load_pool(store, netuid)?.price_e18()))
}

/// Σ of the spot prices of the non-root subnets whose price is below 1, × 10^18
/// (getSumAlphaPrice).
pub fn sum_alpha_price_e18(store: &mut impl NativeStore) -> Result<U256, NativeError> {
    let mut sum = U256::ZERO;
    for netuid in netuids(store)? {
        if netuid == ROOT_NETUID {
            continue;
        }
        let p = load_pool(store, netuid)?.price_e18();
        if p < E18 {
            sum = sum.saturating_add(U256::from(p));
        }
    }
    Ok(sum)
}

/// Prices a buy of `tao` RAO at the current state, fee included (simSwapTaoForAlpha).
pub fn sim_swap_tao_for_alpha(
    store: &mut impl NativeStore,
    netuid: NetUid,
    tao: Rao,
) -> Result<SwapResult, NativeError> {
    ensure_subnet(store, netuid)?;
    load_pool(store, netuid)?
        .sim_swap_tao_for_alpha(tao.get(), None, false)
        .map_err(|e| pool_err(netuid, e))
}

/// Prices a sell of `alpha` at the current state, fee included (simSwapAlphaForTao).
pub fn sim_swap_alpha_for_tao(
    store: &mut impl NativeStore,
    netuid: NetUid,
    alpha: AlphaRao,
) -> Result<SwapResult, NativeError> {
    ensure_subnet(store, netuid)?;
    load_pool(store, netuid)?
        .sim_swap_alpha_for_tao(alpha.get(), None, false)
        .map_err(|e| pool_err(netuid, e))
}

/// Cumulative TAO volume of user and protocol swaps, RAO (getSubnetVolume).
pub fn subnet_volume(store: &mut impl NativeStore, netuid: NetUid) -> Result<u128, NativeError> {
    store.get_u128(by_netuid(schema::SUBNET_VOLUME, netuid))
}

/// Last block's TAO injected into the pool, RAO (getTaoInEmission).
pub fn tao_in_emission(store: &mut impl NativeStore, netuid: NetUid) -> Result<Rao, NativeError> {
    store.get_u64(by_netuid(schema::TAO_IN_EMISSION, netuid)).map(Rao)
}

/// Last block's TAO of the subnet's emission that the chain spent buying alpha from the pool
/// (the injection's excess over what the reserves take at the current price), RAO. With
/// [`tao_in_emission`] it makes the subnet's TAO emission of that block.
pub fn excess_tao(store: &mut impl NativeStore, netuid: NetUid) -> Result<Rao, NativeError> {
    store.get_u64(by_netuid(schema::EXCESS_TAO, netuid)).map(Rao)
}

/// Last block's alpha injected into the pool (getAlphaInEmission).
pub fn alpha_in_emission(
    store: &mut impl NativeStore,
    netuid: NetUid,
) -> Result<AlphaRao, NativeError> {
    store.get_u64(by_netuid(schema::ALPHA_IN_EMISSION, netuid)).map(AlphaRao)
}

/// Last block's alpha minted for participants (getAlphaOutEmission).
pub fn alpha_out_emission(
    store: &mut impl NativeStore,
    netuid: NetUid,
) -> Result<AlphaRao, NativeError> {
    store.get_u64(by_netuid(schema::ALPHA_OUT_EMISSION, netuid)).map(AlphaRao)
}

/// Alpha owned by the protocol from emission chain buys (`SubnetProtocolAlpha`).
pub fn protocol_alpha(
    store: &mut impl NativeStore,
    netuid: NetUid,
) -> Result<AlphaRao, NativeError> {
    store.get_u64(by_netuid(schema::SUBNET_PROTOCOL_ALPHA, netuid)).map(AlphaRao)
}

/// Cumulative alpha burned on the subnet (still counted in alpha out).
pub fn alpha_burned(store: &mut impl NativeStore, netuid: NetUid) -> Result<u128, NativeError> {
    store.get_u128(by_netuid(schema::ALPHA_BURNED, netuid))
}

/// Cumulative alpha recycled on the subnet (removed from alpha out).
pub fn alpha_recycled(store: &mut impl NativeStore, netuid: NetUid) -> Result<u128, NativeError> {
    store.get_u128(by_netuid(schema::ALPHA_RECYCLED, netuid))
}

/// `TaoWeight` as a raw fraction of `u64::MAX` (getTaoWeight).
pub fn tao_weight(store: &mut impl NativeStore) -> Result<u64, NativeError> {
    let v = store.get_opt_u64(schema::Key::new(schema::TAO_WEIGHT, &[]))?;
    Ok(v.unwrap_or(DEFAULT_TAO_WEIGHT))
}

/// Sets `TaoWeight` (a root/admin operation; the caller checks authority).
pub fn set_tao_weight(store: &mut impl NativeStore, raw: u64) -> Result<(), NativeError> {
    store.set_opt_u64(schema::Key::new(schema::TAO_WEIGHT, &[]), Some(raw))
}

/// `EMAPriceHalvingBlocks` (getEMAPriceHalvingBlocks): the default 201,600 on every subnet (it
/// is not settable here, so it has no per-subnet storage).
pub fn ema_price_halving_blocks() -> u64 {
    DEFAULT_EMA_PRICE_HALVING_BLOCKS
}

/// A pool's slots loaded for one operation, changed in memory and written back by
/// [`SubnetPool::save`], so a failed operation writes nothing. Keys are derived once, and
/// only what changed is written (the cumulative counters are read only if they grow).
#[derive(Debug, Clone)]
pub(crate) struct SubnetPool {
    /// The subnet.
    pub netuid: NetUid,
    /// Reserves, fee and moving price; every change recorded for the Solidity engine.
    pub pool: LoggedPool,
    /// `SubnetAlphaOut`.
    pub alpha_out: u64,
    orig: (Reserves, I96F32, u64),
    keys: [Key; 4],
    volume_add: u128,
    burned_add: u128,
    recycled_add: u128,
}

/// The outcome of a user sell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Sell {
    /// Alpha taken from the seller (gross, ≤ the amount asked for).
    pub alpha_in: u64,
    /// TAO paid to the seller.
    pub tao_out: u64,
    /// TAO from selling the alpha fee fee-free, for the fee recipient.
    pub fee_tao: u64,
    /// Fee alpha that could not be sold and was burned.
    pub fee_burned: u64,
}

impl SubnetPool {
    /// Loads the pool of `netuid`.
    pub(crate) fn load(store: &mut impl NativeStore, netuid: NetUid) -> Result<Self, NativeError> {
        let keys = [
            by_netuid(schema::SUBNET_TAO, netuid),
            by_netuid(schema::SUBNET_ALPHA_IN, netuid),
            by_netuid(schema::SUBNET_MOVING_PRICE, netuid),
            by_netuid(schema::SUBNET_ALPHA_OUT, netuid),
        ];
        let pool = match contract_fields(store, netuid)? {
            Some(f) if netuid == ROOT_NETUID => NativePool::new_stable(f.tao),
            Some(f) => {
                let reserves = Reserves { tao_rao: f.tao, alpha_rao: f.alpha };
                let fee = if f.exists { f.fee_rate } else { DEFAULT_FEE_RATE };
                let mut p = NativePool::new(reserves, fee).map_err(|e| pool_err(netuid, e))?;
                p.set_moving_price(f.moving_price);
                p
            }
            None if netuid == ROOT_NETUID => NativePool::new_stable(store.get_u64(keys[0])?),
            None => {
                let reserves = Reserves {
                    tao_rao: store.get_u64(keys[0])?,
                    alpha_rao: store.get_u64(keys[1])?,
                };
                let mut p = NativePool::new(reserves, fee_rate_native(store, netuid)?)
                    .map_err(|e| pool_err(netuid, e))?;
                let bits = store.get_u128(keys[2])?;
                p.set_moving_price(I96F32::from_bits(i128::try_from(bits).unwrap_or(i128::MAX)));
                p
            }
        };
        let alpha_out = store.get_u64(keys[3])?;
        Ok(Self {
            netuid,
            pool: LoggedPool::new(pool),
            alpha_out,
            orig: (pool.reserves(), pool.moving_price(), alpha_out),
            keys,
            volume_add: 0,
            burned_add: 0,
            recycled_add: 0,
        })
    }

    /// Writes what changed.
    pub(crate) fn save(&self, store: &mut impl NativeStore) -> Result<(), NativeError> {
        let (r, moving) = (self.pool.reserves(), self.pool.moving_price());
        if pool_engine::engine(store)?.in_contract() {
            // The contract holds the pool: run every recorded change through it, in order,
            // each required to give the native model's result.
            for (op, native) in self.pool.log() {
                pool_engine::apply_checked(store, self.netuid, op, native)?;
            }
        } else {
            self.save_native_fields(store, r, moving)?;
        }
        if self.alpha_out != self.orig.2 {
            store.set_u64(self.keys[3], self.alpha_out)?;
        }
        self.save_counters(store)
    }

    fn save_native_fields(
        &self,
        store: &mut impl NativeStore,
        r: Reserves,
        moving: I96F32,
    ) -> Result<(), NativeError> {
        if r.tao_rao != self.orig.0.tao_rao {
            store.set_u64(self.keys[0], r.tao_rao)?;
        }
        if self.netuid != ROOT_NETUID {
            if r.alpha_rao != self.orig.0.alpha_rao {
                store.set_u64(self.keys[1], r.alpha_rao)?;
            }
            if moving != self.orig.1 {
                store.set_u128(self.keys[2], u128::try_from(moving.to_bits()).unwrap_or(0))?;
            }
        }
        Ok(())
    }

    fn save_counters(&self, store: &mut impl NativeStore) -> Result<(), NativeError> {
        for (id, add) in [
            (schema::SUBNET_VOLUME, self.volume_add),
            (schema::ALPHA_BURNED, self.burned_add),
            (schema::ALPHA_RECYCLED, self.recycled_add),
        ] {
            if add > 0 {
                let k = by_netuid(id, self.netuid);
                let v = store.get_u128(k)?.saturating_add(add);
                store.set_u128(k, v)?;
            }
        }
        Ok(())
    }

    /// Counts `alpha` as recycled without touching alpha out (alpha that was never minted,
    /// e.g. root alpha while the root-sell flag is off).
    pub(crate) fn count_recycled(&mut self, alpha: u64) {
        self.recycled_add = self.recycled_add.saturating_add(u128::from(alpha));
    }

    fn err(&self, e: PoolError) -> NativeError {
        pool_err(self.netuid, e)
    }

    fn out_add(&mut self, a: u64) -> Result<(), NativeError> {
        self.alpha_out = self.alpha_out.checked_add(a).ok_or(NativeError::Overflow("alpha out"))?;
        Ok(())
    }

    fn out_sub(&mut self, a: u64) -> Result<(), NativeError> {
        self.alpha_out = self.alpha_out.checked_sub(a).ok_or(NativeError::Overflow("alpha out"))?;
        Ok(())
    }

    /// A user buy (stake): TAO in with fee, alpha out; `limit = (price, allow_partial)`.
    pub(crate) fn buy(
        &mut self,
        tao: u64,
        limit: Option<(u64, bool)>,
    ) -> Result<SwapResult, NativeError> {
        let (lim, partial) = limit.map_or((None, false), |(p, a)| (Some(p), a));
        let r = self.pool.swap_tao_for_alpha(tao, lim, partial).map_err(|e| self.err(e))?;
        self.out_add(r.amount_out)?;
        self.volume_add = self.volume_add.saturating_add(u128::from(r.amount_in));
        Ok(r)
    }

    /// A fee-free buy with no limit (destination leg of a move); returns the alpha bought.
    pub(crate) fn protocol_buy(&mut self, tao: u64) -> Result<u64, NativeError> {
        let r = self.pool.protocol_buy(tao).map_err(|e| self.err(e))?;
        self.out_add(r.amount_out)?;
        self.volume_add = self.volume_add.saturating_add(u128::from(tao));
        Ok(r.amount_out)
    }

    /// A user sell (unstake) with fee; the alpha fee is then sold fee-free for the fee
    /// recipient, or burned if that sale cannot execute.
    pub(crate) fn sell(
        &mut self,
        alpha: u64,
        limit: Option<(u64, bool)>,
    ) -> Result<Sell, NativeError> {
        let (lim, partial) = limit.map_or((None, false), |(p, a)| (Some(p), a));
        let r = self.pool.swap_alpha_for_tao(alpha, lim, partial).map_err(|e| self.err(e))?;
        self.out_sub(r.net_in())?;
        self.volume_add = self.volume_add.saturating_add(u128::from(r.amount_out));
        let mut sell = Sell { alpha_in: r.amount_in, tao_out: r.amount_out, ..Sell::default() };
        if r.fee > 0 {
            match self.pool.protocol_sell(r.fee) {
                Ok(f) => {
                    self.out_sub(r.fee)?;
                    self.volume_add = self.volume_add.saturating_add(u128::from(f.amount_out));
                    sell.fee_tao = f.amount_out;
                }
                Err(_) => {
                    self.burned_add = self.burned_add.saturating_add(u128::from(r.fee));
                    sell.fee_burned = r.fee;
                }
            }
        }
        Ok(sell)
    }

    /// A fee-free sell of outstanding alpha with no limit; returns the TAO paid out.
    pub(crate) fn protocol_sell(&mut self, alpha: u64) -> Result<u64, NativeError> {
        let r = self.pool.protocol_sell(alpha).map_err(|e| self.err(e))?;
        self.out_sub(alpha)?;
        self.volume_add = self.volume_add.saturating_add(u128::from(r.amount_out));
        Ok(r.amount_out)
    }

    /// Burns outstanding alpha: it leaves its holder but stays counted in alpha out.
    pub(crate) fn burn(&mut self, alpha: u64) {
        self.burned_add = self.burned_add.saturating_add(u128::from(alpha));
    }

    /// Recycles outstanding alpha: alpha out drops, so it can be emitted again.
    pub(crate) fn recycle(&mut self, alpha: u64) -> Result<(), NativeError> {
        self.out_sub(alpha)?;
        self.recycled_add = self.recycled_add.saturating_add(u128::from(alpha));
        Ok(())
    }

    /// Adds TAO to a stable (root) pool 1:1 as newly staked root alpha (root dividends
    /// converted to TAO). Fails for a dynamic pool.
    pub(crate) fn stable_deposit(&mut self, tao: u64) -> Result<(), NativeError> {
        if self.netuid != ROOT_NETUID {
            return Err(SubnetPoolError::NotRootSubnet { netuid: self.netuid }.into());
        }
        self.pool.inject(tao, 0).map_err(|e| self.err(e))?;
        self.out_add(tao)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MemNative;
    use tao_primitives::NetUid;
    use tao_primitives::Rao;

    const TAO: u64 = 1_000_000_000;

    fn spec_pool(s: &mut MemNative, netuid: NetUid) {
        crate::staking::tests::add_subnet_raw(s, netuid.get());
        let p = NativePool::new(
            Reserves { tao_rao: 1_000 * TAO, alpha_rao: 10_000 * TAO },
            DEFAULT_FEE_RATE,
        )
        .unwrap();
        save_pool(s, netuid, &p).unwrap();
    }

    #[test]
    fn persisted_pool_prices_and_sims() {
        let mut s = MemNative::default();
        spec_pool(&mut s, NetUid(3));
        assert_eq!(price_rao_per_alpha(&mut s, NetUid(3)).unwrap(), 100_000_000);
        assert_eq!(price_e18(&mut s, NetUid(3)).unwrap(), U256::from(E18 / 10));
        assert_eq!(
            sim_swap_tao_for_alpha(&mut s, NetUid(3), Rao(10 * TAO)).unwrap().amount_out,
            98_960_538_161
        );
        assert!(sim_swap_tao_for_alpha(&mut s, NetUid(4), Rao(TAO)).is_err(), "missing subnet");
        assert_eq!(sum_alpha_price_e18(&mut s).unwrap(), U256::from(E18 / 10));
        assert_eq!(price_e18(&mut s, ROOT_NETUID).unwrap(), U256::from(E18));
        assert_eq!(netuids(&mut s).unwrap(), vec![NetUid(0), NetUid(3)]);
        assert_eq!(subnet_mechanism(NetUid(0)), 0);
        assert_eq!(subnet_mechanism(NetUid(3)), 1);
    }

    #[test]
    fn moving_price_round_trip_and_e18() {
        let mut s = MemNative::default();
        spec_pool(&mut s, NetUid(1));
        set_moving_price(&mut s, NetUid(1), I96F32::from_num(1) / I96F32::from_num(4)).unwrap();
        assert_eq!(moving_price_e18(&mut s, NetUid(1)).unwrap(), U256::from(E18 / 4));
        assert_eq!(moving_price_e18(&mut s, NetUid(0)).unwrap(), U256::from(E18));
        let p = load_pool(&mut s, NetUid(1)).unwrap();
        assert_eq!(p.moving_price(), I96F32::from_num(0.25));
    }

    #[test]
    fn spec_3_5_round_trip_with_fee_resale() {
        let mut s = MemNative::default();
        spec_pool(&mut s, NetUid(1));
        let mut sp = SubnetPool::load(&mut s, NetUid(1)).unwrap();
        let b = sp.buy(10 * TAO, None).unwrap();
        assert_eq!((b.fee, b.amount_out), (5_035_477, 98_960_538_161));
        let sell = sp.sell(b.amount_out, None).unwrap();
        assert_eq!(sell.tao_out, 9_989_981_362);
        assert_eq!(sell.fee_tao, 4_983_160);
        assert_eq!(sp.alpha_out, 0);
        assert_eq!(
            sp.pool.reserves(),
            Reserves { tao_rao: 1_000 * TAO + 1, alpha_rao: 10_000 * TAO }
        );
        sp.save(&mut s).unwrap();
        assert_eq!(tao_reserve(&mut s, NetUid(1)).map(u64::from).unwrap(), 1_000 * TAO + 1);
        assert_eq!(
            subnet_volume(&mut s, NetUid(1)).unwrap(),
            10 * u128::from(TAO) + 9_989_981_362 + 4_983_160
        );
    }

    #[test]
    fn root_is_stable_and_fee_rate_bounds() {
        let mut s = MemNative::default();
        let mut root = SubnetPool::load(&mut s, ROOT_NETUID).unwrap();
        assert_eq!(root.buy(5 * TAO, None).unwrap().amount_out, 5 * TAO);
        assert_eq!(root.sell(2 * TAO, None).unwrap().tao_out, 2 * TAO);
        root.save(&mut s).unwrap();
        assert_eq!(tao_reserve(&mut s, NetUid(0)).map(u64::from).unwrap(), 3 * TAO);
        assert_eq!(alpha_out(&mut s, NetUid(0)).map(u64::from).unwrap(), 3 * TAO);
        assert!(set_fee_rate(&mut s, NetUid(0), 10).is_err());
        spec_pool(&mut s, NetUid(2));
        assert!(set_fee_rate(&mut s, NetUid(2), MAX_FEE_RATE + 1).is_err());
        set_fee_rate(&mut s, NetUid(2), 0).unwrap();
        assert_eq!(fee_rate(&mut s, NetUid(2)).unwrap(), 0);
        assert_eq!(tao_weight(&mut s).unwrap(), DEFAULT_TAO_WEIGHT);
    }
}
