//! Decoding, running and costing each function id.

use tao_economics::pool::Reserves;
use tao_economics::pool::math::{price_u64f64_bits, u64f64_price_to_wei};
use tao_primitives::{AlphaRao, NetUid, RAO_PER_TAO, Rao};
use tao_runtime::{NativeError, NativeStore, autostake, neurons, pool, proxy, staking, subnets};

use super::ChainExtError;
use super::scale::{Decoder, Encoder, ScaleError};
use super::status::{SUCCESS, is_fault, status_of};
use super::types::{StakeAvailability, StakeInfo, SubnetRegistrationState, encode_coldkey_lock};
use crate::AccountId32;
use crate::exec::ExtensionOutcome;

/// A storage read, EVM gas (as the precompiles' `cost::READ`).
pub const READ: u64 = 800;
/// A storage write, EVM gas (as the precompiles' `cost::WRITE`).
pub const WRITE: u64 = 5_000;
/// One pool operation with its ledger update (as the precompiles' `cost::STAKE_OP`).
pub const STAKE_OP: u64 = 60_000;
/// A view (as the 0x805 `VIEW_GAS`).
pub const VIEW: u64 = READ * 4;
/// Per subnet walked by `unstake_all` / `unstake_all_alpha` (as the 0x805 `PER_ITEM_GAS`).
pub const PER_SUBNET: u64 = READ * 3;
/// Per proxy entry read and rewritten by `add_proxy` / `remove_proxy`.
pub const PER_PROXY: u64 = READ + WRITE;

/// The first `caller_` id; `caller_` id `n` is plain id `n - CALLER_OFFSET`.
const CALLER_OFFSET: u16 = 19;

/// Whether `func_id` is one of the 37 functions.
pub fn is_known(func_id: u16) -> bool {
    func_id <= 36
}

/// The fixed gas of a function, EVM gas units (before the per-subnet and per-proxy parts of
/// ids 3, 4, 13, 14 and their `caller_` twins); `None` for an unknown id.
pub fn gas_of(func_id: u16) -> Option<u64> {
    let plain = if (20..=33).contains(&func_id) { func_id - CALLER_OFFSET } else { func_id };
    Some(match plain {
        0 => VIEW + READ * 2,
        1 | 2 | 8 | 9 | 11 | 16 | 17 => STAKE_OP,
        3 => STAKE_OP,
        4 | 5 | 6 | 7 | 10 | 18 | 19 => STAKE_OP * 2,
        12 => READ * 3 + WRITE,
        13 | 14 => READ + WRITE,
        15 => READ * 3,
        34 => READ * 2,
        35 => READ,
        36 => VIEW,
        _ => return None,
    })
}

/// What a write returned: its optional `u64` output.
type WriteResult = Result<Option<u64>, NativeError>;

pub(super) fn run(
    store: &mut impl NativeStore,
    contract: AccountId32,
    caller: AccountId32,
    func_id: u16,
    input: &[u8],
) -> Result<ExtensionOutcome, ChainExtError> {
    let gas = gas_of(func_id).ok_or(ChainExtError::UnknownFunction(func_id))?;
    let fault = |source| ChainExtError::Fault { func_id, source };
    let decode = |source: ScaleError| ChainExtError::Decode { func_id, source };
    let mut d = Decoder::new(input);
    let read = |output: Vec<u8>, gas: u64| ExtensionOutcome { status: SUCCESS, output, gas };
    match func_id {
        0 => {
            let (hotkey, coldkey, netuid) = (
                d.account().map_err(decode)?,
                d.account().map_err(decode)?,
                d.u16().map_err(decode)?,
            );
            let info = stake_info(store, hotkey, coldkey, NetUid(netuid)).map_err(fault)?;
            Ok(read(info.encode_some(), gas))
        }
        15 => {
            let netuid = NetUid(d.u16().map_err(decode)?);
            let price = alpha_price(store, netuid).map_err(fault)?;
            Ok(read(Encoder::new().u64(price).finish(), gas))
        }
        34 => {
            let netuid = NetUid(d.u16().map_err(decode)?);
            let state = SubnetRegistrationState {
                netuid: netuid.get(),
                exists: pool::subnet_exists(store, netuid).map_err(fault)?,
                registered_subnet_counter: subnets::reg_counter(store, netuid).map_err(fault)?,
            };
            Ok(read(state.encode(), gas))
        }
        35 => {
            let (_coldkey, _netuid) = (d.account().map_err(decode)?, d.u16().map_err(decode)?);
            Ok(read(encode_coldkey_lock(None), gas))
        }
        36 => {
            let (coldkey, netuid) =
                (d.account().map_err(decode)?, NetUid(d.u16().map_err(decode)?));
            let total = staking::stake_positions(store, &coldkey)
                .map_err(fault)?
                .iter()
                .filter(|p| p.netuid == netuid)
                .fold(0u64, |a, p| a.saturating_add(p.alpha.get()));
            let avail =
                StakeAvailability { netuid: netuid.get(), total, locked: 0, available: total };
            Ok(read(avail.encode(), gas))
        }
        1..=14 | 16..=19 => write(store, contract, func_id, func_id, &mut d, gas),
        20..=33 => write(store, caller, func_id, func_id - CALLER_OFFSET, &mut d, gas),
        _ => Err(ChainExtError::UnknownFunction(func_id)),
    }
}

/// The real chain's `get_stake_info_for_hotkey_coldkey_netuid` (always `Some`).
fn stake_info(
    store: &mut impl NativeStore,
    hotkey: AccountId32,
    coldkey: AccountId32,
    netuid: NetUid,
) -> Result<StakeInfo, NativeError> {
    let stake = if pool::subnet_exists(store, netuid)? {
        staking::stake(store, &hotkey, &coldkey, netuid)?.get()
    } else {
        0
    };
    Ok(StakeInfo {
        hotkey,
        coldkey,
        netuid: netuid.get(),
        stake,
        locked: 0,
        emission: 0,
        tao_emission: 0,
        drain: 0,
        is_registered: neurons::is_registered(store, netuid, &hotkey)?,
    })
}

/// The swap pallet's `current_alpha_price` × 10^9, truncated (the stable price 1 TAO on root,
/// on a netuid with no subnet, and on an empty pool).
fn alpha_price(store: &mut impl NativeStore, netuid: NetUid) -> Result<u64, NativeError> {
    if netuid == pool::ROOT_NETUID || !pool::subnet_exists(store, netuid)? {
        return Ok(RAO_PER_TAO);
    }
    let tao_rao = pool::tao_reserve(store, netuid)?.get();
    let alpha_rao = pool::alpha_reserve(store, netuid)?.get();
    if alpha_rao == 0 {
        return Ok(RAO_PER_TAO);
    }
    let wei = u64f64_price_to_wei(price_u64f64_bits(Reserves { tao_rao, alpha_rao }));
    Ok(u64::try_from(wei / u128::from(RAO_PER_TAO)).unwrap_or(u64::MAX))
}

/// Decodes and runs write `plain` (1-19) as `who`; `func_id` is the id called (for errors).
fn write(
    store: &mut impl NativeStore,
    who: AccountId32,
    func_id: u16,
    plain: u16,
    d: &mut Decoder<'_>,
    mut gas: u64,
) -> Result<ExtensionOutcome, ChainExtError> {
    let decode = |source: ScaleError| ChainExtError::Decode { func_id, source };
    let fault = |source| ChainExtError::Fault { func_id, source };
    let w = &who;
    let result: WriteResult = match plain {
        1 | 2 | 8 | 9 | 16..=19 => stake_op(store, w, plain, d).map_err(decode)?,
        3 | 4 => {
            let hk = d.account().map_err(decode)?;
            let n = pool::netuids(store).map_err(fault)?.len();
            gas =
                gas.saturating_add(PER_SUBNET.saturating_mul(u64::try_from(n).unwrap_or(u64::MAX)));
            if plain == 3 {
                staking::unstake_all(store, w, &hk).map(|_| None)
            } else {
                staking::unstake_all_alpha(store, w, &hk).map(|_| None)
            }
        }
        5 => {
            let (ohk, dhk) = (d.account().map_err(decode)?, d.account().map_err(decode)?);
            let (on, dn) = (NetUid(d.u16().map_err(decode)?), NetUid(d.u16().map_err(decode)?));
            let alpha = AlphaRao(d.u64().map_err(decode)?);
            staking::move_stake(store, w, &ohk, &dhk, on, dn, alpha).map(|_| None)
        }
        6 => {
            let (dck, hk) = (d.account().map_err(decode)?, d.account().map_err(decode)?);
            let (on, dn) = (NetUid(d.u16().map_err(decode)?), NetUid(d.u16().map_err(decode)?));
            let alpha = AlphaRao(d.u64().map_err(decode)?);
            staking::transfer_stake(store, w, &dck, &hk, on, dn, alpha).map(|_| None)
        }
        7 | 10 => {
            let hk = d.account().map_err(decode)?;
            let (on, dn) = (NetUid(d.u16().map_err(decode)?), NetUid(d.u16().map_err(decode)?));
            let alpha = AlphaRao(d.u64().map_err(decode)?);
            if plain == 10 {
                let (price, partial) = (d.u64().map_err(decode)?, d.bool().map_err(decode)?);
                staking::swap_stake_limit(store, w, &hk, on, dn, alpha, price, partial)
                    .map(|_| None)
            } else {
                staking::swap_stake(store, w, &hk, on, dn, alpha).map(|_| None)
            }
        }
        11 => {
            let (hk, netuid) = (d.account().map_err(decode)?, NetUid(d.u16().map_err(decode)?));
            let limit = d.option_u64().map_err(decode)?;
            staking::remove_stake_full(store, w, &hk, netuid, limit).map(|_| None)
        }
        12 => {
            let (netuid, hk) = (NetUid(d.u16().map_err(decode)?), d.account().map_err(decode)?);
            autostake::set_auto_stake_hotkey(store, w, netuid, &hk).map(|_| None)
        }
        13 | 14 => {
            let delegate = d.account().map_err(decode)?;
            let n = proxy::proxies(store, w).map_err(fault)?.len();
            gas =
                gas.saturating_add(PER_PROXY.saturating_mul(u64::try_from(n).unwrap_or(u64::MAX)));
            if plain == 13 {
                proxy::add_proxy(store, w, &delegate).map(|_| None)
            } else {
                proxy::remove_proxy(store, w, &delegate).map(|_| None)
            }
        }
        _ => return Err(ChainExtError::UnknownFunction(func_id)),
    };
    match result {
        Ok(out) => Ok(ExtensionOutcome {
            status: SUCCESS,
            output: out.map(|v| Encoder::new().u64(v).finish()).unwrap_or_default(),
            gas,
        }),
        Err(e) if is_fault(&e) => Err(fault(e)),
        Err(e) => Ok(ExtensionOutcome {
            status: status_of(&e, matches!(plain, 1 | 8 | 18 | 19)),
            output: Vec::new(),
            gas,
        }),
    }
}

/// Decodes and runs the stake-in and stake-out writes (1, 2, 8, 9, 16-19) as `w`; a decode
/// failure is the outer `Err`, the runtime's answer the inner result.
fn stake_op(
    store: &mut impl NativeStore,
    w: &AccountId32,
    plain: u16,
    d: &mut Decoder<'_>,
) -> Result<WriteResult, ScaleError> {
    Ok(match plain {
        1 | 8 | 18 | 19 => {
            let (hk, netuid, amount) = (d.account(), d.u16(), d.u64());
            let (hk, netuid, tao) = (hk?, NetUid(netuid?), Rao(amount?));
            let limit = if plain == 8 { Some((d.u64()?, d.bool()?)) } else { None };
            match plain {
                18 => staking::add_stake(store, w, &hk, netuid, tao, None)
                    .and_then(|a| staking::recycle_alpha(store, w, &hk, netuid, a))
                    .map(|a| Some(a.get())),
                19 => staking::add_stake(store, w, &hk, netuid, tao, None)
                    .and_then(|a| staking::burn_alpha(store, w, &hk, netuid, a))
                    .map(|a| Some(a.get())),
                _ => staking::add_stake(store, w, &hk, netuid, tao, limit).map(|_| None),
            }
        }
        2 | 9 | 16 | 17 => {
            let (hk, netuid, amount) = (d.account(), d.u16(), d.u64());
            let (hk, netuid, alpha) = (hk?, NetUid(netuid?), AlphaRao(amount?));
            let limit = if plain == 9 { Some((d.u64()?, d.bool()?)) } else { None };
            match plain {
                16 => staking::recycle_alpha(store, w, &hk, netuid, alpha).map(|a| Some(a.get())),
                17 => staking::burn_alpha(store, w, &hk, netuid, alpha).map(|a| Some(a.get())),
                _ => staking::remove_stake(store, w, &hk, netuid, alpha, limit).map(|_| None),
            }
        }
        // `write` routes only the ids above here.
        _ => Ok(None),
    })
}
