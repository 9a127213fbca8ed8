//! Neurons: burned registration (spec `economics.md` §5.2, §5.3), hotkey ownership, axons and
//! prometheus endpoints, EVM-address association (0x806), and the per-uid getters of the
//! metagraph precompile (0x802). The epoch's load/persist helpers are in
//! [`crate::epoch::io`].
//!
//! Pinned decisions:
//! * **Burn price** is evaluated lazily: `BURN` holds the price as of block
//!   `LAST_BURN_ADJUSTMENT`; the current price applies one [`tao_economics::registration::burn_after_block`] step per block
//!   since then (the same numbers as a per-block update, without a block hook). A
//!   registration pays that price and stores `burn_after_registration(price)` as of now.
//!   Changing `MinBurn`/`MaxBurn`/`BurnHalfLife` settles the price first ([`settle_burn`]).
//! * **Payment is a buy-and-burn**, as the real chain's `do_register`: the price is debited from
//!   the coldkey and swapped into the subnet's pool like a stake (the 33/65535 input fee goes to
//!   the fee recipient, the block author); the alpha bought leaves the pool and is taken out of
//!   `SubnetAlphaOut` again (counted in `ALPHA_RECYCLED`). So the pool's TAO and the price rise,
//!   alpha issuance falls, and `TOTAL_ISSUANCE` does not change. A pool that cannot take the
//!   swap (reserve guards) refuses the registration.
//! * **Hotkey ownership**: the first coldkey to register a hotkey (here or through
//!   `registerNetwork`) owns it (`HOTKEY_OWNER`); another coldkey cannot register it.
//! * **Full subnet**: [`uid_slot`] picks the uid to replace (lowest emission among non-immune,
//!   ties by registration block then uid; immune ones only when ≤ 10 non-immune remain). The
//!   immortal owner keys are the owner hotkey first, then the newest-registered other hotkeys of
//!   the owner coldkey, `ImmuneOwnerUidsLimit` (default 1) in total. The replaced uid loses its
//!   weights, bonds, epoch outputs, EVM association, and its old hotkey's axon, prometheus,
//!   commits and uid; other rows' weights to it are set to 0 (kept as entries).
//! * New neurons get `BLOCK_AT_REGISTRATION = LAST_UPDATE = now` and `ACTIVE = true`.
//! * **Registration caps**: none per block (spec §10.6). Registration on root is refused.
//! * **Axons**: ip type 4 or 6, ip ≠ 0, IPv4 below 255.255.255.255, IPv6 not all ones,
//!   port ≠ 0; loopback and private addresses are accepted (a dev chain serves on localhost).
//!   `ServingRateLimit` applies between two serves of one hotkey. The two placeholder bytes of
//!   the real call are not stored.
//! * **EVM association**: on this chain an address proves itself by being the caller, so
//!   [`associate_evm_key`] needs `caller` to be the hotkey or its owner coldkey **and** the
//!   address to be the caller's own (`caller == address_to_account_id(evm)`); it replaces the
//!   real chain's signature check. A hotkey that is itself an EVM-mapped id is associated with
//!   its address automatically when it registers (when the chain has linked that address: see
//!   [`crate::balances`]).

use alloy_primitives::{Address, U256};

use super::hyperparams::{self, Hyper};
use super::schema::{self, by_account, by_netuid, by_netuid_account, by_uid};
use super::store::{NativeError, NativeExt, NativeStore};
use crate::balances::Balances;
pub use crate::burn::{burn, settle_burn};
pub use crate::error::NeuronError;
use crate::pool::SubnetPool;
pub use crate::registry::uid_count;
use crate::{registry, staking};
use tao_economics::registration::{
    NeuronCandidate, RegistrationError, UidSlot, burn_after_registration, uid_slot,
};
use tao_primitives::ROOT_NETUID;
use tao_primitives::{AccountId32, NetUid, Rao, Uid, address_to_account_id};

// ---------------------------------------------------------------- rows

/// Packs a sparse row as stored in `WEIGHTS` / `BONDS`: big-endian `(u16 uid, u16 value)`.
pub fn pack_row(row: &[(u16, u16)]) -> Vec<u8> {
    row.iter().flat_map(|(u, v)| [u.to_be_bytes(), v.to_be_bytes()].concat()).collect()
}

/// Unpacks a row written by [`pack_row`] (a trailing partial entry is ignored).
pub fn unpack_row(bytes: &[u8]) -> Vec<(u16, u16)> {
    bytes
        .chunks_exact(4)
        .filter_map(|c| match *c {
            [a, b, x, y] => Some((u16::from_be_bytes([a, b]), u16::from_be_bytes([x, y]))),
            _ => None,
        })
        .collect()
}

// ---------------------------------------------------------------- registration

/// Coldkey owning a hotkey, `None` if unowned.
pub fn hotkey_owner<S: NativeStore + ?Sized>(
    store: &mut S,
    hotkey: &AccountId32,
) -> Result<Option<AccountId32>, NativeError> {
    let v = store.get_b256(by_account(schema::HOTKEY_OWNER, hotkey))?;
    Ok((!v.is_zero()).then_some(v.into()))
}

/// Fails unless `hotkey` is unowned or owned by `coldkey`.
pub(super) fn ensure_hotkey_usable<S: NativeStore + ?Sized>(
    store: &mut S,
    coldkey: &AccountId32,
    hotkey: &AccountId32,
) -> Result<(), NativeError> {
    match hotkey_owner(store, hotkey)? {
        Some(owner) if owner != *coldkey => Err(NeuronError::NonAssociatedColdKey.into()),
        _ => Ok(()),
    }
}

/// Which uids are the owner's immortal keys (see the module docs).
fn immortal_flags<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    n: u16,
) -> Result<Vec<bool>, NativeError> {
    let mut flags = vec![false; usize::from(n)];
    let limit = usize::try_from(hyperparams::get(store, netuid, Hyper::ImmuneOwnerUidsLimit)?)
        .unwrap_or(usize::MAX);
    let owner_cold = registry::owner(store, netuid)?;
    let owner_hot = registry::owner_hotkey(store, netuid)?;
    let mut chosen = 0usize;
    if let Some(u) = uid_of(store, netuid, &owner_hot)?
        && limit > 0
        && let Some(f) = flags.get_mut(u.index())
    {
        *f = true;
        chosen = 1;
    }
    let mut others = Vec::new();
    for uid in (0..n).map(Uid) {
        if flags.get(uid.index()).copied().unwrap_or(false) {
            continue;
        }
        let hk = AccountId32::from(store.get_b256(by_uid(schema::KEYS, netuid, uid))?);
        if hotkey_owner(store, &hk)? == Some(owner_cold) {
            others.push((std::cmp::Reverse(block_at_registration(store, netuid, uid)?), uid));
        }
    }
    others.sort_unstable();
    for (_, uid) in others.into_iter().take(limit.saturating_sub(chosen)) {
        if let Some(f) = flags.get_mut(uid.index()) {
            *f = true;
        }
    }
    Ok(flags)
}

/// Where the next registration on `netuid` goes (append, or the uid to replace).
pub fn next_uid_slot<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
) -> Result<UidSlot, NativeError> {
    let now = store.block_number();
    let n = uid_count(store, netuid)?;
    let max =
        u16::try_from(hyperparams::get(store, netuid, Hyper::MaxAllowedUids)?).unwrap_or(u16::MAX);
    let immunity = hyperparams::get(store, netuid, Hyper::ImmunityPeriod)?;
    let mut candidates = Vec::new();
    if n >= max {
        let immortal = immortal_flags(store, netuid, n)?;
        for uid in (0..n).map(Uid) {
            candidates.push(NeuronCandidate {
                uid: uid.get(),
                emission: emission(store, netuid, uid)?,
                registered_at: block_at_registration(store, netuid, uid)?,
                immortal: immortal.get(uid.index()).copied().unwrap_or(false),
            });
        }
    }
    uid_slot(n, max, &candidates, now, immunity).map_err(|e| {
        match e {
            RegistrationError::NoNeuronIdAvailable => NeuronError::NoNeuronIdAvailable,
            other => NeuronError::Registration(other),
        }
        .into()
    })
}

/// Removes everything tied to `uid` before a new hotkey takes it.
fn clear_uid<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    uid: Uid,
    n: u16,
) -> Result<(), NativeError> {
    let old = AccountId32::from(store.get_b256(by_uid(schema::KEYS, netuid, uid))?);
    store.set_opt_u64(by_netuid_account(schema::UIDS, netuid, &old), None)?;
    store.set_u256(by_netuid_account(schema::AXON, netuid, &old), U256::ZERO)?;
    store.set_u256(by_netuid_account(schema::PROMETHEUS, netuid, &old), U256::ZERO)?;
    store.set_bytes(by_netuid_account(schema::WEIGHT_COMMITS, netuid, &old), &[])?;
    store.set_bytes(by_uid(schema::WEIGHTS, netuid, uid), &[])?;
    store.set_bytes(by_uid(schema::BONDS, netuid, uid), &[])?;
    for id in [
        schema::ACTIVE,
        schema::CONSENSUS,
        schema::INCENTIVE,
        schema::DIVIDENDS,
        schema::VALIDATOR_TRUST,
        schema::VALIDATOR_PERMIT,
        schema::EMISSION,
        schema::STAKE_WEIGHT,
        schema::ASSOCIATED_EVM,
    ] {
        store.set_u256(by_uid(id, netuid, uid), U256::ZERO)?;
    }
    // Other validators' weights to the replaced uid drop to 0 (the entries stay).
    for other in (0..n).map(Uid).filter(|&o| o != uid) {
        let k = by_uid(schema::WEIGHTS, netuid, other);
        let mut row = unpack_row(&store.get_bytes(k)?);
        let mut changed = false;
        for e in row.iter_mut().filter(|e| e.0 == uid.get() && e.1 != 0) {
            e.1 = 0;
            changed = true;
        }
        if changed {
            store.set_bytes(k, &pack_row(&row))?;
        }
    }
    Ok(())
}

/// Writes a new neuron into `slot` (every check already done).
fn install_neuron<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    slot: UidSlot,
    coldkey: &AccountId32,
    hotkey: &AccountId32,
) -> Result<Uid, NativeError> {
    let now = store.block_number();
    let n = uid_count(store, netuid)?;
    let uid = match slot {
        UidSlot::Append(uid) => {
            store.set_u64(by_netuid(schema::SUBNET_N, netuid), u64::from(uid) + 1)?;
            Uid(uid)
        }
        UidSlot::Replace(uid) => {
            clear_uid(store, netuid, Uid(uid), n)?;
            Uid(uid)
        }
    };
    store.set_b256(by_uid(schema::KEYS, netuid, uid), (*hotkey).into())?;
    store.set_opt_u64(by_netuid_account(schema::UIDS, netuid, hotkey), Some(uid.get().into()))?;
    store.set_u64(by_uid(schema::BLOCK_AT_REGISTRATION, netuid, uid), now)?;
    store.set_u64(by_uid(schema::LAST_UPDATE, netuid, uid), now)?;
    store.set_bool(by_uid(schema::ACTIVE, netuid, uid), true)?;
    if hotkey_owner(store, hotkey)?.is_none() {
        store.set_b256(by_account(schema::HOTKEY_OWNER, hotkey), (*coldkey).into())?;
    }
    if let Some(addr) = store.evm_address_of(hotkey)? {
        write_association(store, netuid, uid, addr, now)?;
    }
    Ok(uid)
}

/// Registers the owner hotkey of a new subnet (no burn).
pub(super) fn register_owner_neuron<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    coldkey: &AccountId32,
    hotkey: &AccountId32,
) -> Result<Uid, NativeError> {
    let slot = next_uid_slot(store, netuid)?;
    install_neuron(store, netuid, slot, coldkey, hotkey)
}

/// A registration without the burn, for the dev controls ([`crate::dev::register_neuron`]):
/// the checks of [`burned_register`] but the burn and the registration switch; returns the uid.
pub fn register_without_burn<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    coldkey: &AccountId32,
    hotkey: &AccountId32,
) -> Result<Uid, NativeError> {
    if netuid == ROOT_NETUID {
        return Err(NeuronError::RegistrationNotPermittedOnRootSubnet.into());
    }
    registry::ensure_exists(store, netuid)?;
    if uid_of(store, netuid, hotkey)?.is_some() {
        return Err(NeuronError::HotKeyAlreadyRegisteredInSubNet.into());
    }
    ensure_hotkey_usable(store, coldkey, hotkey)?;
    let slot = next_uid_slot(store, netuid)?;
    install_neuron(store, netuid, slot, coldkey, hotkey)
}

/// `burnedRegister` / `registerLimit`: registers `hotkey` on `netuid` for `coldkey`, which pays
/// the current [`burn`] (bought into the pool and burned). `limit_price` (RAO) fails the call
/// if the burn is higher.
/// Returns the uid. Fails, changing nothing, on root, a missing subnet, closed registration,
/// a hotkey already registered here or owned by another coldkey, the limit price, a short
/// balance, or a full subnet with nothing replaceable.
pub fn burned_register<S: NativeStore>(
    store: &mut S,
    coldkey: &AccountId32,
    netuid: NetUid,
    hotkey: &AccountId32,
    limit_price: Option<Rao>,
) -> Result<Uid, NativeError> {
    let now = store.block_number();
    if netuid == ROOT_NETUID {
        return Err(NeuronError::RegistrationNotPermittedOnRootSubnet.into());
    }
    registry::ensure_exists(store, netuid)?;
    if !hyperparams::get_bool(store, netuid, Hyper::NetworkRegistrationAllowed)? {
        return Err(NeuronError::SubNetRegistrationDisabled { netuid }.into());
    }
    if uid_of(store, netuid, hotkey)?.is_some() {
        return Err(NeuronError::HotKeyAlreadyRegisteredInSubNet.into());
    }
    ensure_hotkey_usable(store, coldkey, hotkey)?;
    let params = hyperparams::burn_params(store, netuid)?;
    let price = burn(store, netuid)?;
    if let Some(limit) = limit_price
        && price > limit
    {
        return Err(NeuronError::BurnAboveLimit { price: price.get(), limit: limit.get() }.into());
    }
    let have = store.free_balance(coldkey)?;
    if have < price {
        return Err(NativeError::InsufficientBalance { have: have.get(), need: price.get() });
    }
    // The buy-and-burn, staged: the swap checks the pool's guards before anything is written.
    let mut sp = SubnetPool::load(store, netuid)?;
    let bought = sp.buy(price.get(), None)?;
    sp.recycle(bought.amount_out)?;
    let slot = next_uid_slot(store, netuid)?;

    // ---- checks done: write ----
    store.debit(coldkey, price)?;
    if bought.fee > 0 {
        let recipient = staking::fee_recipient(store)?;
        store.credit(&recipient, Rao(bought.fee))?;
    }
    sp.save(store)?;
    store
        .set_u64(by_netuid(schema::BURN, netuid), burn_after_registration(price.get(), &params))?;
    store.set_u64(by_netuid(schema::LAST_BURN_ADJUSTMENT, netuid), now)?;
    install_neuron(store, netuid, slot, coldkey, hotkey)
}

// ---------------------------------------------------------------- getters

/// Uid of `hotkey` on `netuid`, if registered.
pub fn uid_of<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    hotkey: &AccountId32,
) -> Result<Option<Uid>, NativeError> {
    Ok(store
        .get_opt_u64(by_netuid_account(schema::UIDS, netuid, hotkey))?
        .map(|u| Uid(u16::try_from(u).unwrap_or(u16::MAX))))
}

/// Whether `hotkey` is registered on `netuid`.
pub fn is_registered<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    hotkey: &AccountId32,
) -> Result<bool, NativeError> {
    Ok(uid_of(store, netuid, hotkey)?.is_some())
}

fn ensure_uid<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    uid: Uid,
) -> Result<(), NativeError> {
    if uid.get() < uid_count(store, netuid)? {
        Ok(())
    } else {
        Err(NeuronError::UidNotExists { netuid, uid }.into())
    }
}

/// Hotkey of `uid` (`getHotkey`); fails for a uid that does not exist.
pub fn hotkey<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    uid: Uid,
) -> Result<AccountId32, NativeError> {
    ensure_uid(store, netuid, uid)?;
    Ok(store.get_b256(by_uid(schema::KEYS, netuid, uid))?.into())
}

/// Coldkey owning the hotkey of `uid` (`getColdkey`); fails for a uid that does not exist.
pub fn coldkey<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    uid: Uid,
) -> Result<AccountId32, NativeError> {
    let hk = hotkey(store, netuid, uid)?;
    Ok(hotkey_owner(store, &hk)?.unwrap_or_default())
}

macro_rules! uid_getter {
    ($(#[$m:meta])* $name:ident, $item:ident, u64) => {
        $(#[$m])*
        pub fn $name<S: NativeStore + ?Sized>(
            store: &mut S,
            netuid: NetUid,
            uid: Uid,
        ) -> Result<u64, NativeError> {
            store.get_u64(by_uid(schema::$item, netuid, uid))
        }
    };
    ($(#[$m:meta])* $name:ident, $item:ident, u16) => {
        $(#[$m])*
        pub fn $name<S: NativeStore + ?Sized>(
            store: &mut S,
            netuid: NetUid,
            uid: Uid,
        ) -> Result<u16, NativeError> {
            let v = store.get_u64(by_uid(schema::$item, netuid, uid))?;
            Ok(u16::try_from(v).unwrap_or(u16::MAX))
        }
    };
    ($(#[$m:meta])* $name:ident, $item:ident, bool) => {
        $(#[$m])*
        pub fn $name<S: NativeStore + ?Sized>(
            store: &mut S,
            netuid: NetUid,
            uid: Uid,
        ) -> Result<bool, NativeError> {
            store.get_bool(by_uid(schema::$item, netuid, uid))
        }
    };
}

uid_getter!(
    /// Block `uid` last set or committed weights, or registered (`getLastUpdate`).
    last_update, LAST_UPDATE, u64
);
uid_getter!(
    /// Block the uid's hotkey registered at.
    block_at_registration, BLOCK_AT_REGISTRATION, u64
);
uid_getter!(
    /// Emission of the uid at the last epoch, alpha-RAO (`getEmission`).
    emission, EMISSION, u64
);
uid_getter!(
    /// Consensus x/65535 (`getConsensus`).
    consensus, CONSENSUS, u16
);
uid_getter!(
    /// Incentive x/65535 (`getIncentive`).
    incentive, INCENTIVE, u16
);
uid_getter!(
    /// Dividends x/65535 (`getDividends`).
    dividends, DIVIDENDS, u16
);
uid_getter!(
    /// Validator trust x/65535 (`getVtrust`).
    validator_trust, VALIDATOR_TRUST, u16
);
uid_getter!(
    /// Stake weight x/65535 at the last epoch.
    stake_weight, STAKE_WEIGHT, u16
);
uid_getter!(
    /// Active at the last epoch, or since registration (`getIsActive`).
    is_active, ACTIVE, bool
);
uid_getter!(
    /// Validator permit for the next epoch (`getValidatorStatus`).
    validator_permit, VALIDATOR_PERMIT, bool
);

// ---------------------------------------------------------------- axons

/// A served endpoint as stored (`getAxon`'s `AxonInfo`); all zero if never served.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AxonInfo {
    /// Block it was served at.
    pub block: u64,
    /// Software version.
    pub version: u32,
    /// IP address (IPv4 in the low 32 bits).
    pub ip: u128,
    /// Port.
    pub port: u16,
    /// 4 or 6.
    pub ip_type: u8,
    /// Protocol tag (0 for prometheus).
    pub protocol: u8,
}

impl AxonInfo {
    /// The one-slot packing: `block << 192 | version << 160 | ip << 32 | port << 16 |
    /// ip_type << 8 | protocol`.
    pub fn pack(&self) -> U256 {
        // Each field fits below the next one's offset (u64, u32, u128, u16, u8, u8).
        U256::from(self.block).wrapping_shl(192)
            | U256::from(self.version).wrapping_shl(160)
            | U256::from(self.ip).wrapping_shl(32)
            | U256::from(self.port).wrapping_shl(16)
            | U256::from(self.ip_type).wrapping_shl(8)
            | U256::from(self.protocol)
    }

    /// The inverse of [`AxonInfo::pack`].
    pub fn unpack(v: U256) -> Self {
        let bytes = v.to_be_bytes::<32>();
        let mut ip = [0u8; 16];
        ip.copy_from_slice(&bytes[12..28]);
        Self {
            block: u64::from_be_bytes(bytes[0..8].try_into().unwrap_or_default()),
            version: u32::from_be_bytes(bytes[8..12].try_into().unwrap_or_default()),
            ip: u128::from_be_bytes(ip),
            port: u16::from_be_bytes([bytes[28], bytes[29]]),
            ip_type: bytes[30],
            protocol: bytes[31],
        }
    }
}

/// What `serveAxon` / `servePrometheus` submit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Endpoint {
    /// Software version.
    pub version: u32,
    /// IP address (IPv4 in the low 32 bits).
    pub ip: u128,
    /// Port (non-zero).
    pub port: u16,
    /// 4 or 6.
    pub ip_type: u8,
    /// Protocol tag (ignored for prometheus).
    pub protocol: u8,
}

fn validate_endpoint(ep: &Endpoint) -> Result<(), NativeError> {
    let ip_ok = match ep.ip_type {
        4 => ep.ip != 0 && ep.ip < u128::from(u32::MAX),
        6 => ep.ip != 0 && ep.ip != u128::MAX,
        t => return Err(NeuronError::InvalidIpType { ip_type: t }.into()),
    };
    if !ip_ok {
        return Err(NeuronError::InvalidIpAddress.into());
    }
    if ep.port == 0 {
        return Err(NeuronError::InvalidPort.into());
    }
    Ok(())
}

fn serve<S: NativeStore + ?Sized>(
    store: &mut S,
    item: u16,
    hotkey: &AccountId32,
    netuid: NetUid,
    ep: &Endpoint,
) -> Result<(), NativeError> {
    let now = store.block_number();
    registry::ensure_exists(store, netuid)?;
    if !is_registered(store, netuid, hotkey)? {
        return Err(NeuronError::HotKeyNotRegisteredInSubNet { netuid }.into());
    }
    validate_endpoint(ep)?;
    let key = by_netuid_account(item, netuid, hotkey);
    let prev = AxonInfo::unpack(store.get_u256(key)?);
    let limit = hyperparams::get(store, netuid, Hyper::ServingRateLimit)?;
    if limit != 0 && prev.block != 0 && now.saturating_sub(prev.block) < limit {
        return Err(NeuronError::ServingRateLimitExceeded.into());
    }
    let protocol = if item == schema::PROMETHEUS { 0 } else { ep.protocol };
    let info = AxonInfo {
        block: now,
        version: ep.version,
        ip: ep.ip,
        port: ep.port,
        ip_type: ep.ip_type,
        protocol,
    };
    store.set_u256(key, info.pack())
}

/// `serveAxon`: publishes the hotkey's axon on `netuid` (see the module docs for the checks).
pub fn serve_axon<S: NativeStore + ?Sized>(
    store: &mut S,
    hotkey: &AccountId32,
    netuid: NetUid,
    ep: &Endpoint,
) -> Result<(), NativeError> {
    serve(store, schema::AXON, hotkey, netuid, ep)
}

/// `servePrometheus`: publishes the hotkey's prometheus endpoint (`ep.protocol` ignored).
pub fn serve_prometheus<S: NativeStore + ?Sized>(
    store: &mut S,
    hotkey: &AccountId32,
    netuid: NetUid,
    ep: &Endpoint,
) -> Result<(), NativeError> {
    serve(store, schema::PROMETHEUS, hotkey, netuid, ep)
}

/// The axon a hotkey served on `netuid` (zero if never).
pub fn axon_of_hotkey<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    hotkey: &AccountId32,
) -> Result<AxonInfo, NativeError> {
    Ok(AxonInfo::unpack(store.get_u256(by_netuid_account(schema::AXON, netuid, hotkey))?))
}

/// The prometheus endpoint a hotkey served on `netuid` (zero if never).
pub fn prometheus_of_hotkey<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    hotkey: &AccountId32,
) -> Result<AxonInfo, NativeError> {
    Ok(AxonInfo::unpack(store.get_u256(by_netuid_account(schema::PROMETHEUS, netuid, hotkey))?))
}

/// The axon of `uid` (`getAxon`); fails for a uid that does not exist.
pub fn axon<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    uid: Uid,
) -> Result<AxonInfo, NativeError> {
    let hk = hotkey(store, netuid, uid)?;
    axon_of_hotkey(store, netuid, &hk)
}

// ---------------------------------------------------------------- EVM association (0x806)

fn write_association<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    uid: Uid,
    evm: Address,
    block: u64,
) -> Result<(), NativeError> {
    let v = U256::from_be_slice(evm.as_slice()).wrapping_shl(64) | U256::from(block);
    store.set_u256(by_uid(schema::ASSOCIATED_EVM, netuid, uid), v)
}

/// The EVM address associated with `uid` and the block of the association.
pub fn associated_evm<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    uid: Uid,
) -> Result<Option<(Address, u64)>, NativeError> {
    let v = store.get_u256(by_uid(schema::ASSOCIATED_EVM, netuid, uid))?;
    if v.is_zero() {
        return Ok(None);
    }
    let bytes = v.to_be_bytes::<32>();
    let addr = Address::from_slice(&bytes[4..24]);
    let block = u64::from_be_bytes(bytes[24..32].try_into().unwrap_or_default());
    Ok(Some((addr, block)))
}

/// Associates `evm` with the uid of `hotkey` on `netuid` at the current block. `caller` must be
/// the hotkey or its owner coldkey, and `evm` must be the caller's own address.
pub fn associate_evm_key<S: NativeStore + ?Sized>(
    store: &mut S,
    caller: &AccountId32,
    netuid: NetUid,
    hotkey: &AccountId32,
    evm: Address,
) -> Result<(), NativeError> {
    registry::ensure_exists(store, netuid)?;
    let uid = uid_of(store, netuid, hotkey)?
        .ok_or(NeuronError::HotKeyNotRegisteredInSubNet { netuid })?;
    if caller != hotkey && hotkey_owner(store, hotkey)? != Some(*caller) {
        return Err(NeuronError::NotHotkeyOrOwner.into());
    }
    if address_to_account_id(evm) != *caller {
        return Err(NeuronError::InvalidRecoveredPublicKey.into());
    }
    let now = store.block_number();
    write_association(store, netuid, uid, evm, now)
}

/// `uidLookup`: the uids of `netuid` associated with `evm` and their association blocks,
/// ascending by uid, at most `limit`.
pub fn uid_lookup<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    evm: Address,
    limit: u16,
) -> Result<Vec<(Uid, u64)>, NativeError> {
    let mut out = Vec::new();
    for uid in (0..uid_count(store, netuid)?).map(Uid) {
        if out.len() >= usize::from(limit) {
            break;
        }
        if let Some((a, block)) = associated_evm(store, netuid, uid)?
            && a == evm
        {
            out.push((uid, block));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_props;
