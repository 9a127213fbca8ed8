//! The end-of-block coinbase (spec `economics.md` §2, `yuma.md` §4, §6) over native storage.
//!
//! [`run_block`], once per block before its transactions (the real chain's `on_initialize`):
//!
//! 1. **Eligible subnets**: every existing non-root subnet with neuron registration allowed
//!    whose emission has started ([`crate::startup`]): from `FIRST_EMISSION_BLOCK`, which the
//!    owner's `start_call` sets for a mainnet start-up subnet; the first block that sees a
//!    dev start-up subnet records it, opens staking and starts its moving price per
//!    [`CoinbaseConfig::bootstrap`] (`DEV`: `min(spot, 1)`; `MAINNET`: 0).
//! 2. **Emission**: `min(emission(I), 21M − I)` from the issuance (halving, §1.2), split by the
//!    economics rule of `main` (moving price × (1 − MinerBurned); emission-disabled subnets get
//!    no TAO but still their `alpha_out`) with `plan_block`.
//! 3. **Injection** per subnet (`apply_injection`): `tao_in`/`alpha_in` into the reserves, the
//!    excess chain-bought fee-free (the bought alpha is protocol-owned and outstanding); TAO
//!    that cannot be placed is never minted. `TOTAL_ISSUANCE` grows by exactly the TAO placed.
//! 4. **Alpha out and buckets**: `alpha_out − root_recycled` joins `SUBNET_ALPHA_OUT`; owner cut
//!    (11,796/65535), miners, validators and root dividends accumulate in the pending buckets;
//!    root alpha is recycled while `Σ p̄ ≤ 1`.
//! 5. **Epochs**: a subnet is due when its tempo is non-zero and, by default
//!    ([`EpochSchedule::SinceLastEpoch`], spec `yuma.md` §4), `block − LAST_EPOCH_BLOCK ≥
//!    tempo`, or an owner trigger / deferral is reached, or 50,400 blocks passed without one
//!    ([`crate::tempo`]). At most [`CoinbaseConfig::max_epochs_per_block`] run, in netuid
//!    order; the rest wait a block (`PendingEpochAt`). A due subnet drains its buckets into its epoch and pays them out
//!    (see [`EpochReport`]).
//! 6. **Moving prices** of the eligible subnets step once (after the split used them).
//! 7. **Pending childkeys** of every subnet whose epoch ran apply once their cool-down has
//!    passed ([`crate::children::apply_pending`], the real `try_set_pending_children`).
//! 8. **Root claims**: five root stakers, drawn pseudo-randomly, claim their root dividends
//!    ([`crate::rootclaim::auto_claim`]).
//!
//! Amounts are exact: `Σ τ + undistributed = block emission`, each epoch pays out exactly
//! what it drained (paid + burned + recycled). A failed call may leave partial writes: the node
//! runs it on the block's overlay and discards the block on error (only backend failures make
//! it fail; inconsistent epoch inputs are reported, not raised).

#[cfg(test)]
mod dissolve_props;
mod distribute;
#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;

pub use distribute::EpochReport;

use super::hyperparams::{self, Hyper};
use super::pool::{self, ROOT_NETUID, SubnetPool};
use super::schema::{self, by_netuid};
use super::store::{NativeError, NativeExt, NativeStore};
use super::{startup, subnets, supply};
use substrate_fixed::types::U64F64;
use tao_economics::coinbase_split::{
    CoinbaseParams, SUBNET_OWNER_CUT, SubnetBootstrap, SubnetCoinbaseInput, SubnetEmissionInput,
    apply_injection, plan_block,
};
use tao_economics::pool::{MovingPriceParams, PoolEngine};
use tao_primitives::{NetUid, Rao};

/// `MaxEpochsPerBlock` of the real chain (production).
pub const MAX_EPOCHS_PER_BLOCK: usize = 2;
/// Upper bound of [`CoinbaseConfig::max_epochs_per_block`] (the chain's fast build uses 32).
pub const MAX_EPOCHS_PER_BLOCK_LIMIT: usize = 32;

/// When a subnet's epoch is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EpochSchedule {
    /// `tempo > 0 && block − LAST_EPOCH_BLOCK ≥ tempo` (the current chain, `yuma.md` §4).
    #[default]
    SinceLastEpoch,
    /// `(block + netuid + 1) % (tempo + 1) == 0` (the chain's older stateless rule).
    Modulo,
}

/// Chain-level settings of the coinbase (dev overrides included).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CoinbaseConfig {
    /// How a subnet's moving price starts when its emission starts.
    pub bootstrap: SubnetBootstrap,
    /// Tempo used for every subnet instead of its hyperparameter (a dev chain's short epochs).
    pub tempo_override: Option<u16>,
    /// Epochs run per block at most (clamped to 1..=[`MAX_EPOCHS_PER_BLOCK_LIMIT`]).
    pub max_epochs_per_block: usize,
    /// The epoch trigger.
    pub schedule: EpochSchedule,
    /// Moving-price smoothing.
    pub moving_price: MovingPriceParams,
    /// Burn the incentive of hotkeys the subnet owner controls (the chain's default); when
    /// false it is paid like any miner's (useful on a dev chain where the owner mines).
    pub burn_owner_incentive: bool,
}

impl Default for CoinbaseConfig {
    fn default() -> Self {
        Self {
            bootstrap: SubnetBootstrap::DEV,
            tempo_override: None,
            max_epochs_per_block: MAX_EPOCHS_PER_BLOCK,
            schedule: EpochSchedule::SinceLastEpoch,
            moving_price: MovingPriceParams::default(),
            burn_owner_incentive: true,
        }
    }
}

impl CoinbaseConfig {
    /// Mainnet parity: moving prices start at 0 (spec §10.3).
    pub fn mainnet() -> Self {
        Self { bootstrap: SubnetBootstrap::MAINNET, ..Self::default() }
    }
}

/// One subnet's coinbase in one block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SubnetEmissionReport {
    /// The subnet.
    pub netuid: NetUid,
    /// `SubnetEmissionEnabled`.
    pub emission_enabled: bool,
    /// `τ`: TAO emission given to the subnet, RAO.
    pub tao_emission: u64,
    /// TAO injected into the reserve.
    pub tao_in: u64,
    /// Alpha injected into the reserve.
    pub alpha_in: u64,
    /// TAO chain-bought.
    pub excess_tao: u64,
    /// Alpha bought by the chain buy (protocol-owned).
    pub protocol_alpha: u64,
    /// TAO of `τ` that could not be placed (never minted).
    pub unplaced_tao: u64,
    /// Alpha minted for participants (`alpha_out`).
    pub alpha_out: u64,
    /// Added to the pending owner cut.
    pub owner_cut: u64,
    /// Added to the pending miners' bucket.
    pub server: u64,
    /// Added to the pending validators' bucket.
    pub validator: u64,
    /// Added to the pending root dividends.
    pub root: u64,
    /// Root alpha recycled (root-sell flag off).
    pub root_recycled: u64,
}

/// What one block's coinbase did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BlockEmissionReport {
    /// The block.
    pub block: u64,
    /// What the block could mint: `min(emission(I), 21M − I)`, RAO.
    pub block_emission: u64,
    /// TAO minted: placed into pools and added to `TOTAL_ISSUANCE`.
    pub minted: u64,
    /// TAO of the block emission not minted (no eligible share, dust, unplaceable).
    pub unminted: u64,
    /// `Σ p̄ > 1`: root dividends accrue.
    pub root_sell: bool,
    /// Per eligible subnet, ascending netuid.
    pub subnets: Vec<SubnetEmissionReport>,
    /// Epochs run this block.
    pub epochs: Vec<EpochReport>,
}

fn tempo(
    store: &mut impl NativeStore,
    netuid: NetUid,
    cfg: &CoinbaseConfig,
) -> Result<u64, NativeError> {
    match cfg.tempo_override {
        Some(t) => Ok(u64::from(t)),
        None => hyperparams::get(store, netuid, Hyper::Tempo),
    }
}

/// One eligible subnet during the block: its pool in memory and when its emission started.
struct Eligible {
    pool: SubnetPool,
    first_block: u64,
    enabled: bool,
    epoch_due: bool,
}

/// Runs the coinbase of the current block (see the module docs) and returns what it did.
pub fn run_block(
    store: &mut impl NativeStore,
    cfg: &CoinbaseConfig,
) -> Result<BlockEmissionReport, NativeError> {
    let block = store.block_number();
    let all: Vec<NetUid> =
        pool::netuids(store)?.into_iter().filter(|n| *n != ROOT_NETUID).collect();
    let due = due_epochs(store, &all, cfg)?;
    let mut eligible = Vec::with_capacity(all.len());
    let mut inputs = Vec::with_capacity(all.len());
    for &netuid in &all {
        if !hyperparams::get_bool(store, netuid, Hyper::NetworkRegistrationAllowed)? {
            continue;
        }
        let first_key = by_netuid(schema::FIRST_EMISSION_BLOCK, netuid);
        let first_block = match store.get_opt_u64(first_key)? {
            // Started by `start_call`: emission from the block after it.
            Some(b) if b > block => continue,
            Some(b) => b,
            // A mainnet start-up subnet waits for its owner's `start_call`.
            None if startup::has_mainnet_startup(store, netuid)? => continue,
            // The dev start-up: the first coinbase that sees the subnet starts it.
            None => {
                store.set_opt_u64(first_key, Some(block))?;
                store.set_bool(by_netuid(schema::SUBTOKEN_ENABLED, netuid), true)?;
                let mut sp = SubnetPool::load(store, netuid)?;
                sp.pool.set_moving_price(cfg.bootstrap.initial_moving_price(sp.pool.price()));
                sp.save(store)?;
                block
            }
        };
        let sp = SubnetPool::load(store, netuid)?;
        let burned = store.get_u128(by_netuid(schema::MINER_BURNED, netuid))?;
        let enabled = store.get_bool(by_netuid(schema::EMISSION_ENABLED, netuid))?;
        let reserves = sp.pool.reserves();
        inputs.push(SubnetCoinbaseInput {
            emission: SubnetEmissionInput {
                netuid: netuid.get(),
                moving_price: sp.pool.moving_price(),
                miner_burned: U64F64::from_bits(burned),
                emission_enabled: enabled,
            },
            reserves,
            alpha_issuance: reserves
                .alpha_rao
                .checked_add(sp.alpha_out)
                .ok_or(NativeError::Overflow("alpha issuance"))?,
            owner_cut_enabled: true,
        });
        let epoch_due = due.contains(&netuid);
        eligible.push(Eligible { pool: sp, first_block, enabled, epoch_due });
    }
    let emission = supply::block_emission_rao(store)?.get();
    let params = CoinbaseParams {
        root_tao_rao: pool::tao_reserve(store, ROOT_NETUID)?.get(),
        tao_weight: pool::tao_weight(store)?,
        owner_cut: SUBNET_OWNER_CUT,
    };
    let plan = plan_block(emission, &inputs, &params);
    let mut report = BlockEmissionReport {
        block,
        block_emission: emission,
        root_sell: plan.root_sell,
        ..BlockEmissionReport::default()
    };
    for (p, e) in plan.subnets.iter().zip(&mut eligible) {
        let r = inject(store, p, &mut e.pool, e.enabled)?;
        // The moving price steps after the coinbase; subnets whose epoch runs now step after it.
        if !e.epoch_due {
            step_moving_price(&mut e.pool.pool, block, e.first_block, cfg);
        }
        e.pool.save(store)?;
        report.minted = r
            .tao_emission
            .checked_sub(r.unplaced_tao)
            .and_then(|placed| report.minted.checked_add(placed))
            .ok_or(NativeError::Overflow("minted emission"))?;
        report.subnets.push(r);
    }
    report.unminted = emission.saturating_sub(report.minted);
    supply::mint_rao(store, Rao(report.minted))?;

    for &netuid in &due {
        report.epochs.push(distribute::drain_and_distribute(store, netuid, cfg)?);
    }
    for e in eligible.iter().filter(|e| e.epoch_due) {
        let netuid = e.pool.netuid;
        let mut sp = SubnetPool::load(store, netuid)?;
        step_moving_price(&mut sp.pool, block, e.first_block, cfg);
        sp.save(store)?;
    }
    // Pending childkeys apply on the block a subnet's epoch ran, after the coinbase.
    for &netuid in &due {
        crate::children::apply_pending(store, netuid)?;
    }
    // Root dividends of a few root stakers are claimed (`run_auto_claim_root_divs`).
    crate::rootclaim::auto_claim(store)?;
    Ok(report)
}

/// One moving-price step with `b = block − (first − 1)`.
fn step_moving_price<P: PoolEngine>(p: &mut P, block: u64, first: u64, cfg: &CoinbaseConfig) {
    p.update_moving_price(block.saturating_sub(first.saturating_sub(1)), &cfg.moving_price);
}

/// Applies one subnet's planned injection to its pool in memory and adds its pending buckets.
fn inject(
    store: &mut impl NativeStore,
    p: &tao_economics::coinbase_split::SubnetCoinbase,
    sp: &mut SubnetPool,
    enabled: bool,
) -> Result<SubnetEmissionReport, NativeError> {
    let netuid = NetUid(p.netuid);
    let inj = p.injection;
    let out = apply_injection(&mut sp.pool, &inj);
    // A chain buy that executes always returns alpha, so no alpha means it failed.
    let buy_failed = inj.excess_tao > 0 && out.protocol_alpha == 0;
    let excess = if buy_failed { 0 } else { inj.excess_tao };
    let broken = || NativeError::Overflow("injection accounting");
    let failed_excess = inj.excess_tao.checked_sub(excess).ok_or_else(broken)?;
    let recycled_in = out.recycled_tao.checked_sub(failed_excess).ok_or_else(broken)?;
    let tao_in = inj.tao_in.checked_sub(recycled_in).ok_or_else(broken)?;
    let alpha_in = inj.alpha_in.checked_sub(out.unminted_alpha).ok_or_else(broken)?;
    let s = p.split;
    let pending = s.server.checked_add(s.validator).ok_or_else(broken)?;
    let minted_out =
        [s.owner, s.root].into_iter().try_fold(pending, u64::checked_add).ok_or_else(broken)?;
    sp.alpha_out = sp
        .alpha_out
        .checked_add(minted_out)
        .and_then(|v| v.checked_add(out.protocol_alpha))
        .ok_or(NativeError::Overflow("alpha out"))?;
    sp.count_recycled(s.root_recycled);
    let k = |id| by_netuid(id, netuid);
    store.set_u64(k(schema::TAO_IN_EMISSION), tao_in)?;
    store.set_u64(k(schema::ALPHA_IN_EMISSION), alpha_in)?;
    store.set_u64(k(schema::ALPHA_OUT_EMISSION), inj.alpha_out)?;
    store.set_u64(k(schema::EXCESS_TAO), excess)?;
    add_u64(store, k(schema::SUBNET_PROTOCOL_ALPHA), out.protocol_alpha)?;
    add_u64(store, k(schema::PENDING_OWNER_CUT), s.owner)?;
    add_u64(store, k(schema::PENDING_EMISSION), pending)?;
    add_u64(store, k(schema::PENDING_SERVER_EMISSION), s.server)?;
    add_u64(store, k(schema::PENDING_ROOT_DIVS), s.root)?;
    Ok(SubnetEmissionReport {
        netuid,
        emission_enabled: enabled,
        tao_emission: p.tao_emission,
        tao_in,
        alpha_in,
        excess_tao: excess,
        protocol_alpha: out.protocol_alpha,
        unplaced_tao: out.recycled_tao,
        alpha_out: inj.alpha_out,
        owner_cut: s.owner,
        server: s.server,
        validator: s.validator,
        root: s.root,
        root_recycled: s.root_recycled,
    })
}

fn add_u64(store: &mut impl NativeStore, k: schema::Key, v: u64) -> Result<(), NativeError> {
    if v == 0 {
        return Ok(());
    }
    let now = store.get_u64(k)?;
    store.set_u64(k, now.checked_add(v).ok_or(NativeError::Overflow("pending emission"))?)
}

/// The subnets whose epoch runs this block ([`crate::tempo`]: netuid order, at most
/// `max_epochs_per_block`, the others deferred a block through `PendingEpochAt`; owner
/// triggers and the 50,400-block safety net), with the automatic rule of `cfg.schedule`.
fn due_epochs(
    store: &mut impl NativeStore,
    netuids: &[NetUid],
    cfg: &CoinbaseConfig,
) -> Result<Vec<NetUid>, NativeError> {
    let block = store.block_number();
    let max = cfg.max_epochs_per_block.clamp(1, MAX_EPOCHS_PER_BLOCK_LIMIT);
    crate::tempo::schedule(
        store,
        netuids,
        max,
        |s, netuid| tempo(s, netuid, cfg),
        |s, netuid, t| {
            let last = subnets::last_epoch_block(s, netuid)?;
            Ok(match cfg.schedule {
                EpochSchedule::SinceLastEpoch => block.saturating_sub(last) >= t,
                EpochSchedule::Modulo => block
                    .wrapping_add(u64::from(netuid.get()))
                    .wrapping_add(1)
                    .is_multiple_of(t.saturating_add(1)),
            })
        },
    )
}
