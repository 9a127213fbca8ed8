//! Subnets: the registry genesis (root subnet 0 and the global registration parameters),
//! subnet registration with its lock cost (spec `economics.md` §5.1), subnet identities, the
//! new subnet's pool, the epoch counter, and the subnet getters.
//!
//! Pinned decisions:
//! * **Lock**: the cost is [`LockState::cost`] (×2 after each registration, linear decay over
//!   `I = interval × block_emission / 1 TAO`, floor `MinLock`). It is debited from the owner
//!   coldkey's free balance and becomes the pool: `SUBNET_TAO = lock`, `SUBNET_ALPHA_IN =
//!   lock / median spot price of the other subnets` ([`initial_pool_reserves`]), alpha out 0,
//!   `SUBNET_LOCKED = lock`. Nothing is recycled, so `TOTAL_ISSUANCE` does not change.
//! * **Start-up** ([`crate::startup`]): the mainnet start-up (`start_call`, emission disabled
//!   until root enables it, moving price from 0) or the dev one (emission enabled at once, the
//!   moving price from `min(spot, 1)`), chosen by the chain-wide default at registration. The
//!   first epoch is staggered by netuid: `LAST_EPOCH_BLOCK = now − (netuid mod tempo)`.
//! * **Limits**: `NetworkRateLimit` 7,200 blocks chain-wide, `SubnetLimit` 128 subnets besides
//!   root, both genesis parameters ([`RegistryGenesis`]). A registration at the limit, once
//!   every other check passed, dissolves the non-immune subnet with the lowest moving price
//!   ([`dissolve`]) and reuses its netuid; with every subnet immune it fails with
//!   `SubnetLimitReached`.
//! * **Netuids** are allocated lowest-free from 1, so they stay dense (a pruned netuid is
//!   reused at once).
//! * **Owner hotkey** becomes uid 0 (no burn). It must be unowned or owned by the registering
//!   coldkey; the registering coldkey becomes its owner.
//! * **Epoch counter**: [`record_epoch`] counts the subnet's epochs (`EPOCH_INDEX`) and sets
//!   `LAST_EPOCH_BLOCK`; `epoch::write_epoch_outputs` calls it. Commit-reveal windows are
//!   counted in these epochs.

use substrate_fixed::types::U64F64;

use super::hyperparams::{self, Hyper};
use super::neurons;
use super::schema::{self, Key, by_netuid};
use super::store::{NativeError, NativeExt, NativeStore};
use crate::balances::Balances;
pub use crate::error::SubnetError;
pub use crate::registry::{
    ensure_exists, ensure_owner, epoch_index, exists, last_epoch_block, owner, owner_hotkey,
    record_epoch,
};
use crate::startup;
use tao_economics::coinbase_split::SubnetBootstrap;
use tao_economics::pool::{DEFAULT_FEE_RATE, MINIMUM_RESERVE, NativePool, PoolEngine, Reserves};
use tao_economics::registration::{
    INITIAL_LAST_LOCK_RAO, LOCK_REDUCTION_INTERVAL, LockParams, LockState, MIN_LOCK_RAO,
    NETWORK_RATE_LIMIT_BLOCKS, SUBNET_LIMIT, initial_pool_reserves, median_price,
    network_rate_limited,
};
use tao_economics::supply::block_emission;
use tao_primitives::{AccountId32, NetUid, RAO_PER_TAO, Rao};

pub use tao_primitives::ROOT_NETUID;
/// `MaxAllowedUids` of the root subnet.
pub const ROOT_MAX_UIDS: u16 = 64;
/// Largest `SubnetLimit` genesis accepts.
pub const MAX_SUBNET_LIMIT: u16 = 1024;
/// Byte limits of the identity fields, in [`SubnetIdentity`] field order.
pub const IDENTITY_LIMITS: [usize; 8] = [256, 1024, 1024, 1024, 256, 1024, 1024, 1024];
const IDENTITY_NAMES: [&str; 8] = [
    "subnet name",
    "github repo",
    "subnet contact",
    "subnet url",
    "discord",
    "description",
    "additional",
    "logo url",
];

/// Global registration parameters and hyperparameter defaults written by [`init_genesis`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryGenesis {
    /// `NetworkRateLimit`: blocks between two subnet registrations chain-wide (0 = none).
    pub network_rate_limit: u64,
    /// `NetworkMinLockCost` in RAO (≥ 1,000,000, the pool's minimum reserve).
    pub min_lock_rao: u64,
    /// Initial `NetworkLastLockCost` in RAO (the first registration costs `max(this, min)`).
    pub initial_last_lock_rao: u64,
    /// `NetworkLockReductionInterval` at 1 TAO/block.
    pub lock_reduction_interval: u64,
    /// `SubnetLimit`: subnets besides root (1..=1024).
    pub subnet_limit: u16,
    /// `StakeThreshold` in RAO.
    pub stake_threshold: u64,
    /// Chain-wide hyperparameter defaults (see [`hyperparams::set_default`]).
    pub hyperparameter_defaults: Vec<(Hyper, u64)>,
    /// New subnets get the real chain's start-up (`start_call`, emission disabled until root
    /// enables it, moving price from 0) rather than the dev start-up ([`crate::startup`]).
    pub mainnet_startup: bool,
    /// `StartCallDelay`: blocks after registration before `start_call` (0 on the real chain).
    pub start_call_delay: u64,
    /// `AdminFreezeWindow`: owner changes are refused this many blocks before an epoch (10).
    pub admin_freeze_window: u64,
    /// `NetworkImmunityPeriod`: blocks after registration before a subnet may be pruned.
    pub network_immunity_period: u64,
}

impl Default for RegistryGenesis {
    /// The real chain's code defaults (spec §5.1, §9).
    fn default() -> Self {
        Self {
            network_rate_limit: NETWORK_RATE_LIMIT_BLOCKS,
            min_lock_rao: MIN_LOCK_RAO,
            initial_last_lock_rao: INITIAL_LAST_LOCK_RAO,
            lock_reduction_interval: LOCK_REDUCTION_INTERVAL,
            subnet_limit: SUBNET_LIMIT,
            stake_threshold: 0,
            hyperparameter_defaults: Vec::new(),
            mainnet_startup: true,
            start_call_delay: 0,
            admin_freeze_window: crate::tempo::DEFAULT_ADMIN_FREEZE_WINDOW,
            network_immunity_period: tao_economics::registration::NETWORK_IMMUNITY_BLOCKS,
        }
    }
}

impl RegistryGenesis {
    /// A suggestion for `--dev`: no network rate limit, a 100 TAO lock floor, tempo 10,
    /// weights rate limit 5 blocks, no serving rate limit, no admin freeze window and the dev
    /// start-up (new subnets earn and take stake at once). Everything else as [`Default`].
    pub fn dev() -> Self {
        Self {
            network_rate_limit: 0,
            min_lock_rao: 100 * RAO_PER_TAO,
            initial_last_lock_rao: 100 * RAO_PER_TAO,
            hyperparameter_defaults: vec![
                (Hyper::Tempo, 10),
                (Hyper::WeightsSetRateLimit, 5),
                (Hyper::ServingRateLimit, 0),
            ],
            mainnet_startup: false,
            // Tempo 10 would leave no block outside a 10-block window.
            admin_freeze_window: 0,
            ..Self::default()
        }
    }
}

/// A subnet's identity (the strings of the 7- and 8-argument `registerNetwork`). Every field
/// is UTF-8 with a byte limit ([`IDENTITY_LIMITS`]): name 256, github repo 1024, contact 1024,
/// url 1024, discord 256, description 1024, additional 1024, logo url 1024.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubnetIdentity {
    /// Subnet name.
    pub name: String,
    /// GitHub repository.
    pub github_repo: String,
    /// Contact.
    pub contact: String,
    /// Web site.
    pub url: String,
    /// Discord handle or invite.
    pub discord: String,
    /// Description.
    pub description: String,
    /// Anything else.
    pub additional: String,
    /// Logo url (empty for the 7-string overload).
    pub logo_url: String,
}

impl SubnetIdentity {
    fn fields(&self) -> [&str; 8] {
        [
            &self.name,
            &self.github_repo,
            &self.contact,
            &self.url,
            &self.discord,
            &self.description,
            &self.additional,
            &self.logo_url,
        ]
    }

    /// Checks the byte limits.
    pub fn validate(&self) -> Result<(), NativeError> {
        for ((field, limit), name) in self.fields().iter().zip(IDENTITY_LIMITS).zip(IDENTITY_NAMES)
        {
            if field.len() > limit {
                return Err(SubnetError::InvalidIdentity { field: name, limit }.into());
            }
        }
        Ok(())
    }
}

fn identity_key(netuid: NetUid, field: u8) -> Key {
    Key::new(schema::SUBNET_IDENTITY, &[&netuid.get().to_be_bytes(), &[field]])
}

fn global(id: u16) -> Key {
    Key::new(id, &[])
}

/// Applies the registry genesis: creates the root subnet 0 (no owner, 64 uids, registered at
/// the current block) and writes the global parameters. Fails if already applied.
pub fn init_genesis<S: NativeStore + ?Sized>(
    store: &mut S,
    config: &RegistryGenesis,
) -> Result<(), NativeError> {
    if exists(store, ROOT_NETUID)? {
        return Err(SubnetError::GenesisAlreadyApplied.into());
    }
    if config.min_lock_rao < MINIMUM_RESERVE {
        return Err(SubnetError::MinLockTooLow { min: MINIMUM_RESERVE }.into());
    }
    if !(1..=MAX_SUBNET_LIMIT).contains(&config.subnet_limit) {
        return Err(SubnetError::InvalidSubnetNumber { max: MAX_SUBNET_LIMIT }.into());
    }
    for (h, v) in &config.hyperparameter_defaults {
        hyperparams::validate_default(*h, *v)?;
    }
    let now = store.block_number();
    store.set_opt_u64(global(schema::NETWORK_RATE_LIMIT), Some(config.network_rate_limit))?;
    store.set_opt_u64(global(schema::NETWORK_MIN_LOCK), Some(config.min_lock_rao))?;
    store.set_opt_u64(
        global(schema::NETWORK_LOCK_REDUCTION_INTERVAL),
        Some(config.lock_reduction_interval),
    )?;
    store.set_opt_u64(global(schema::SUBNET_LIMIT), Some(config.subnet_limit.into()))?;
    store.set_u64(global(schema::NETWORK_LAST_LOCK_COST), config.initial_last_lock_rao)?;
    store.set_u64(global(schema::STAKE_THRESHOLD), config.stake_threshold)?;
    for (h, v) in &config.hyperparameter_defaults {
        hyperparams::set_default(store, *h, *v)?;
    }
    startup::set_default_mainnet_startup(store, config.mainnet_startup)?;
    startup::set_start_call_delay(store, config.start_call_delay)?;
    crate::tempo::set_admin_freeze_window(store, config.admin_freeze_window)?;
    dissolve::set_network_immunity_period(store, config.network_immunity_period)?;
    store.set_bool(by_netuid(schema::NETWORK_EXISTS, ROOT_NETUID), true)?;
    store.set_u64(by_netuid(schema::NETWORK_REGISTERED_AT, ROOT_NETUID), now)?;
    store.set_u64(by_netuid(schema::NETWORK_REG_COUNTER, ROOT_NETUID), 1)?;
    store.set_u64(global(schema::TOTAL_NETWORKS), 1)?;
    crate::admin::set_by_root(store, ROOT_NETUID, Hyper::MaxAllowedUids, ROOT_MAX_UIDS.into())
}

/// `NetworkRateLimit` in blocks.
pub fn network_rate_limit<S: NativeStore + ?Sized>(store: &mut S) -> Result<u64, NativeError> {
    Ok(store.get_opt_u64(global(schema::NETWORK_RATE_LIMIT))?.unwrap_or(NETWORK_RATE_LIMIT_BLOCKS))
}

/// `SubnetLimit`: how many subnets besides root may exist.
pub fn subnet_limit<S: NativeStore + ?Sized>(store: &mut S) -> Result<u16, NativeError> {
    let v = store.get_opt_u64(global(schema::SUBNET_LIMIT))?.unwrap_or(SUBNET_LIMIT.into());
    Ok(u16::try_from(v).unwrap_or(u16::MAX))
}

/// The lock-cost parameters.
pub fn lock_params<S: NativeStore + ?Sized>(store: &mut S) -> Result<LockParams, NativeError> {
    Ok(LockParams {
        min_lock_rao: store.get_opt_u64(global(schema::NETWORK_MIN_LOCK))?.unwrap_or(MIN_LOCK_RAO),
        reduction_interval: store
            .get_opt_u64(global(schema::NETWORK_LOCK_REDUCTION_INTERVAL))?
            .unwrap_or(LOCK_REDUCTION_INTERVAL),
    })
}

/// The lock-cost state: last lock paid (0 in storage reads as the initial 1,000 TAO) and the
/// block of the last registration (0 = none yet).
pub fn lock_state<S: NativeStore + ?Sized>(store: &mut S) -> Result<LockState, NativeError> {
    let last = store.get_u64(global(schema::NETWORK_LAST_LOCK_COST))?;
    Ok(LockState {
        last_lock_rao: if last == 0 { INITIAL_LAST_LOCK_RAO } else { last },
        last_lock_block: store.get_u64(global(schema::NETWORK_LAST_REGISTERED))?,
    })
}

/// Total issuance in RAO (floored from the wei item, saturating).
pub fn total_issuance_rao<S: NativeStore + ?Sized>(store: &mut S) -> Result<u64, NativeError> {
    let wei = store.get_u256(schema::total_issuance())?;
    Ok(Rao::from_wei_floor(wei).map(|r| r.0).unwrap_or(u64::MAX))
}

/// The subnet lock cost at the current block, RAO (what `registerNetwork` charges now).
pub fn lock_cost<S: NativeStore + ?Sized>(store: &mut S) -> Result<Rao, NativeError> {
    let now = store.block_number();
    let emission = block_emission(total_issuance_rao(store)?);
    let params = lock_params(store)?;
    Ok(Rao(lock_state(store)?.cost(now, emission, &params)))
}

/// Block the subnet was registered at (`getNetworkRegistrationBlock`; 0 if missing).
pub fn registered_at<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
) -> Result<u64, NativeError> {
    store.get_u64(by_netuid(schema::NETWORK_REGISTERED_AT, netuid))
}

/// TAO locked by the subnet's registration, RAO.
pub fn locked<S: NativeStore + ?Sized>(store: &mut S, netuid: NetUid) -> Result<Rao, NativeError> {
    store.get_u64(by_netuid(schema::SUBNET_LOCKED, netuid)).map(Rao)
}

/// Times this netuid has been registered (keys stake allowances).
pub fn reg_counter<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
) -> Result<u64, NativeError> {
    store.get_u64(by_netuid(schema::NETWORK_REG_COUNTER, netuid))
}

/// Number of existing subnets, root included.
pub fn total_networks<S: NativeStore + ?Sized>(store: &mut S) -> Result<u64, NativeError> {
    store.get_u64(global(schema::TOTAL_NETWORKS))
}

/// Every existing netuid, ascending (root first).
pub fn netuids<S: NativeStore + ?Sized>(store: &mut S) -> Result<Vec<NetUid>, NativeError> {
    let total = total_networks(store)?;
    let mut out = Vec::new();
    // Netuids are allocated lowest-free, so they never exceed the limit.
    let last = subnet_limit(store)?;
    for netuid in (0..=last).map(NetUid) {
        if (out.len() as u64) >= total {
            break;
        }
        if exists(store, netuid)? {
            out.push(netuid);
        }
    }
    Ok(out)
}

/// The subnet's identity, `None` if it has none.
pub fn identity<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
) -> Result<Option<SubnetIdentity>, NativeError> {
    let mut f: Vec<String> = Vec::with_capacity(8);
    for i in 0..8u8 {
        let bytes = store.get_bytes(identity_key(netuid, i))?;
        f.push(String::from_utf8_lossy(&bytes).into_owned());
    }
    if f.iter().all(String::is_empty) {
        return Ok(None);
    }
    let mut it = f.into_iter();
    let mut next = || it.next().unwrap_or_default();
    Ok(Some(SubnetIdentity {
        name: next(),
        github_repo: next(),
        contact: next(),
        url: next(),
        discord: next(),
        description: next(),
        additional: next(),
        logo_url: next(),
    }))
}

fn write_identity<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    id: &SubnetIdentity,
) -> Result<(), NativeError> {
    for (i, field) in (0u8..).zip(id.fields().iter()) {
        store.set_bytes(identity_key(netuid, i), field.as_bytes())?;
    }
    Ok(())
}

/// Replaces the subnet's identity (owner only).
pub fn set_identity<S: NativeStore + ?Sized>(
    store: &mut S,
    caller: &AccountId32,
    netuid: NetUid,
    id: &SubnetIdentity,
) -> Result<(), NativeError> {
    ensure_owner(store, caller, netuid)?;
    id.validate()?;
    write_identity(store, netuid, id)
}

/// Spot price (TAO per alpha) of a subnet's pool.
fn spot_price<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
) -> Result<U64F64, NativeError> {
    let reserves = crate::pool_engine::reserves_any(store, netuid)?;
    let pool = NativePool::new(reserves, DEFAULT_FEE_RATE)
        .map_err(|e| NativeError::Backend(e.to_string()))?;
    Ok(pool.price())
}

/// Seeds a new subnet's pool: `SUBNET_TAO = tao_rao`, `SUBNET_ALPHA_IN = alpha_rao`,
/// `SUBNET_ALPHA_OUT = 0`, and `SUBNET_MOVING_PRICE` (I96F32 bits as u128) =
/// `bootstrap.initial_moving_price(spot)`: `min(tao/alpha, 1)` for the dev start-up, 0 for the
/// mainnet one. Moves no balance: the caller has already taken the TAO from someone.
pub fn pool_init<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    tao_rao: u64,
    alpha_rao: u64,
    bootstrap: SubnetBootstrap,
) -> Result<(), NativeError> {
    let pool = NativePool::new(Reserves { tao_rao, alpha_rao }, DEFAULT_FEE_RATE)
        .map_err(|e| NativeError::Backend(e.to_string()))?;
    let moving = bootstrap.initial_moving_price(pool.price());
    store.set_u64(by_netuid(schema::SUBNET_ALPHA_OUT, netuid), 0)?;
    if crate::pool_engine::engine(store)?.in_contract() {
        use crate::pool_engine::{OpResult, PoolOp, apply_checked};
        let create = PoolOp::Create {
            tao: tao_rao,
            alpha: alpha_rao,
            fee_rate: DEFAULT_FEE_RATE,
            mechanism: 1,
        };
        apply_checked(store, netuid, &create, &OpResult::Done)?;
        return apply_checked(store, netuid, &PoolOp::SetMovingPrice(moving), &OpResult::Done);
    }
    store.set_u64(by_netuid(schema::SUBNET_TAO, netuid), tao_rao)?;
    store.set_u64(by_netuid(schema::SUBNET_ALPHA_IN, netuid), alpha_rao)?;
    store.set_u128(
        by_netuid(schema::SUBNET_MOVING_PRICE, netuid),
        u128::try_from(moving.to_bits()).unwrap_or(0),
    )
}

/// Registers a subnet (`registerNetwork`): `owner_coldkey` pays the current [`lock_cost`],
/// which becomes the pool; `owner_hotkey` becomes the owner hotkey and uid 0. Returns the new
/// netuid. Fails, changing nothing, when the registry has no genesis, the identity is too
/// long, the network rate limit or subnet limit is hit, the hotkey belongs to another
/// coldkey, or the balance is short.
pub fn register_network<S: NativeStore + ?Sized>(
    store: &mut S,
    owner_coldkey: &AccountId32,
    owner_hotkey: &AccountId32,
    identity: Option<&SubnetIdentity>,
) -> Result<NetUid, NativeError> {
    let now = store.block_number();
    if !exists(store, ROOT_NETUID)? {
        return Err(SubnetError::RootNetworkDoesNotExist.into());
    }
    if let Some(id) = identity {
        id.validate()?;
    }
    let last = store.get_u64(global(schema::NETWORK_LAST_REGISTERED))?;
    let last = (last != 0).then_some(last);
    if network_rate_limited(last, now, network_rate_limit(store)?) {
        return Err(SubnetError::NetworkTxRateLimitExceeded.into());
    }
    let limit = subnet_limit(store)?;
    // At the limit, choose the subnet to prune now; dissolve it only once every check passed.
    let prune = if total_networks(store)?.saturating_sub(1) >= u64::from(limit) {
        Some(dissolve::network_to_prune(store)?)
    } else {
        None
    };
    neurons::ensure_hotkey_usable(store, owner_coldkey, owner_hotkey)?;
    let lock = lock_cost(store)?;
    let cost = lock.get();
    let have = store.free_balance(owner_coldkey)?;
    if have < lock {
        return Err(NativeError::InsufficientBalance { have: have.get(), need: cost });
    }
    if let Some(victim) = prune {
        dissolve::dissolve_network(store, victim)?;
    }
    let total = total_networks(store)?;
    let mut netuid = prune;
    let mut prices = Vec::new();
    for n in (1..=limit).map(NetUid) {
        if exists(store, n)? {
            prices.push(spot_price(store, n)?);
        } else if netuid.is_none() {
            netuid = Some(n);
        }
    }
    let netuid = netuid.ok_or(SubnetError::SubnetLimitReached)?;
    let params = lock_params(store)?;
    let (tao, alpha) = initial_pool_reserves(cost, params.min_lock_rao, median_price(&prices));
    if alpha == 0 {
        return Err(SubnetError::LockTooSmall { lock: cost }.into());
    }
    let counter = reg_counter(store, netuid)?.checked_add(1).ok_or(NativeError::Overflow("reg"))?;

    // ---- checks done: write ----
    store.debit(owner_coldkey, lock)?;
    let mainnet = startup::init_subnet(store, netuid)?;
    let bootstrap = if mainnet { SubnetBootstrap::MAINNET } else { SubnetBootstrap::DEV };
    pool_init(store, netuid, tao, alpha, bootstrap)?;
    store.set_u64(by_netuid(schema::SUBNET_LOCKED, netuid), cost)?;
    store.set_u64(global(schema::NETWORK_LAST_LOCK_COST), cost)?;
    store.set_u64(global(schema::NETWORK_LAST_REGISTERED), now)?;
    let total = total.checked_add(1).ok_or(NativeError::Overflow("total networks"))?;
    store.set_u64(global(schema::TOTAL_NETWORKS), total)?;
    store.set_bool(by_netuid(schema::NETWORK_EXISTS, netuid), true)?;
    store.set_b256(by_netuid(schema::SUBNET_OWNER, netuid), (*owner_coldkey).into())?;
    store.set_b256(by_netuid(schema::SUBNET_OWNER_HOTKEY, netuid), (*owner_hotkey).into())?;
    store.set_u64(by_netuid(schema::NETWORK_REGISTERED_AT, netuid), now)?;
    store.set_u64(by_netuid(schema::NETWORK_REG_COUNTER, netuid), counter)?;
    store.set_u64(by_netuid(schema::EPOCH_INDEX, netuid), 0)?;
    let tempo = hyperparams::get(store, netuid, Hyper::Tempo)?;
    let first_epoch_base = startup::staggered_last_epoch_block(now, netuid, tempo);
    store.set_u64(by_netuid(schema::LAST_EPOCH_BLOCK, netuid), first_epoch_base)?;
    if let Some(id) = identity {
        write_identity(store, netuid, id)?;
    }
    crate::burn::init_burn(store, netuid)?;
    neurons::register_owner_neuron(store, netuid, owner_coldkey, owner_hotkey)?;
    crate::children::set_root_validators_for_subnet(&mut &mut *store, netuid)?;
    Ok(netuid)
}

pub mod dissolve;
pub use dissolve::{Dissolution, Payout, dissolve_network, network_to_prune};

#[cfg(test)]
mod tests;
