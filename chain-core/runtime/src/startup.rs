//! Subnet start-up, as on the real chain (`do_register_network`, `init_new_network`,
//! `do_start_call`), with taochain's fast dev start-up beside it.
//!
//! **Mainnet start-up** (the real chain): a new subnet has emission disabled
//! (`SubnetEmissionEnabled = false`, only root turns it on), its moving price starts at 0, and
//! nothing is emitted into it and nobody can stake in or out of it until its owner calls
//! [`start_call`]: that sets `FirstEmissionBlockNumber = now + 1` and `SubtokenEnabled`. The
//! moving price then ramps as the real chain's (`α × b/(b + 201,600)` with `b` the blocks since
//! the start call; see the coinbase). `start_call` needs `StartCallDelay` blocks since
//! registration (0 on the real chain).
//!
//! **Dev start-up** (`--dev`): emission is enabled at registration, staking is open at once,
//! the moving price starts at `min(spot, 1)` and emission starts at the first coinbase after
//! registration (no `start_call` needed, though calling it before then is allowed).
//!
//! Which one a subnet gets is decided at its registration from the chain-wide default
//! ([`set_default_mainnet_startup`]: genesis, or a dev method) and stored per subnet. Both
//! stagger epochs by netuid: `LAST_EPOCH_BLOCK = now − (netuid mod tempo)`.
//!
//! The root subnet is always open.

use crate::error::{StakingError, SubnetError};
use crate::registry;
use crate::schema::{self, Key, by_netuid};
use crate::store::{NativeError, NativeExt, NativeStore};
use alloy_primitives::{Address, B256};
use tao_primitives::{AccountId32, NetUid, ROOT_NETUID};

/// The account allowed the real chain's root-only calls (genesis `native.root`), if any.
pub fn root_account<S: NativeStore + ?Sized>(
    store: &mut S,
) -> Result<Option<Address>, NativeError> {
    let w = store.get_b256(Key::new(schema::ROOT_ACCOUNT, &[]))?;
    if w == B256::ZERO {
        return Ok(None);
    }
    Ok(Some(Address::from_word(w)))
}

/// Sets the root account (genesis).
pub fn set_root_account<S: NativeStore + ?Sized>(
    store: &mut S,
    root: Address,
) -> Result<(), NativeError> {
    store.set_b256(Key::new(schema::ROOT_ACCOUNT, &[]), root.into_word())
}

/// Fails with `BadOrigin` unless `caller` is the root account.
pub fn ensure_root<S: NativeStore + ?Sized>(
    store: &mut S,
    caller: Address,
) -> Result<(), NativeError> {
    match root_account(store)? {
        Some(root) if root == caller && !caller.is_zero() => Ok(()),
        _ => Err(SubnetError::BadOrigin.into()),
    }
}

/// Whether subnets registered from now on get the mainnet start-up.
pub fn default_mainnet_startup<S: NativeStore + ?Sized>(
    store: &mut S,
) -> Result<bool, NativeError> {
    store.get_bool(Key::new(schema::DEFAULT_MAINNET_STARTUP, &[]))
}

/// Chooses the start-up of subnets registered from now on (genesis, or a dev method).
pub fn set_default_mainnet_startup<S: NativeStore + ?Sized>(
    store: &mut S,
    mainnet: bool,
) -> Result<(), NativeError> {
    store.set_bool(Key::new(schema::DEFAULT_MAINNET_STARTUP, &[]), mainnet)
}

/// `StartCallDelay`: blocks after registration before `start_call` is allowed.
pub fn start_call_delay<S: NativeStore + ?Sized>(store: &mut S) -> Result<u64, NativeError> {
    store.get_u64(Key::new(schema::START_CALL_DELAY, &[]))
}

/// Sets `StartCallDelay` (genesis or root).
pub fn set_start_call_delay<S: NativeStore + ?Sized>(
    store: &mut S,
    blocks: u64,
) -> Result<(), NativeError> {
    store.set_u64(Key::new(schema::START_CALL_DELAY, &[]), blocks)
}

/// Whether `netuid` got the mainnet start-up.
pub fn has_mainnet_startup<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
) -> Result<bool, NativeError> {
    store.get_bool(by_netuid(schema::MAINNET_STARTUP, netuid))
}

/// Writes a new subnet's start-up state (called by `register_network`): the start-up chosen
/// now, `EMISSION_ENABLED` and `SUBTOKEN_ENABLED`. Returns whether it is the mainnet
/// start-up (whose moving price starts at 0).
pub(crate) fn init_subnet<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
) -> Result<bool, NativeError> {
    let mainnet = default_mainnet_startup(store)?;
    store.set_bool(by_netuid(schema::MAINNET_STARTUP, netuid), mainnet)?;
    store.set_bool(by_netuid(schema::EMISSION_ENABLED, netuid), !mainnet)?;
    store.set_bool(by_netuid(schema::SUBTOKEN_ENABLED, netuid), !mainnet)?;
    store.set_opt_u64(by_netuid(schema::FIRST_EMISSION_BLOCK, netuid), None)?;
    Ok(mainnet)
}

/// The first epoch block of a new subnet: `now − (netuid mod tempo)`, the real chain's stagger.
pub(crate) fn staggered_last_epoch_block(now: u64, netuid: NetUid, tempo: u64) -> u64 {
    let stagger = u64::from(netuid.get()).checked_rem(tempo.max(1)).unwrap_or(0);
    now.saturating_sub(stagger)
}

/// `start_call`: the owner starts the subnet's emission and opens staking. Fails, changing
/// nothing, for a missing subnet or root, a caller that is not the owner, a subnet already
/// started, or before `StartCallDelay` blocks since registration.
pub fn start_call<S: NativeStore + ?Sized>(
    store: &mut S,
    caller: &AccountId32,
    netuid: NetUid,
) -> Result<(), NativeError> {
    registry::ensure_owner(store, caller, netuid)?;
    let first = by_netuid(schema::FIRST_EMISSION_BLOCK, netuid);
    if store.get_opt_u64(first)?.is_some() {
        return Err(SubnetError::FirstEmissionBlockNumberAlreadySet { netuid }.into());
    }
    let now = store.block_number();
    let registered = store.get_u64(by_netuid(schema::NETWORK_REGISTERED_AT, netuid))?;
    let allowed_from = registered.saturating_add(start_call_delay(store)?);
    if now < allowed_from {
        return Err(SubnetError::NeedWaitingMoreBlocksToStarCall { allowed_from }.into());
    }
    store.set_opt_u64(first, Some(now.saturating_add(1)))?;
    store.set_bool(by_netuid(schema::SUBTOKEN_ENABLED, netuid), true)
}

/// The block the subnet's emission starts, if it was started.
pub fn first_emission_block<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
) -> Result<Option<u64>, NativeError> {
    store.get_opt_u64(by_netuid(schema::FIRST_EMISSION_BLOCK, netuid))
}

/// Whether staking into and out of `netuid` is open (`SubtokenEnabled`; root always is).
pub fn subtoken_enabled<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
) -> Result<bool, NativeError> {
    if netuid == ROOT_NETUID {
        return Ok(true);
    }
    store.get_bool(by_netuid(schema::SUBTOKEN_ENABLED, netuid))
}

/// Fails with `SubtokenDisabled` unless staking on `netuid` is open.
pub fn ensure_subtoken_enabled<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
) -> Result<(), NativeError> {
    if subtoken_enabled(store, netuid)? {
        Ok(())
    } else {
        Err(StakingError::SubtokenDisabled { netuid }.into())
    }
}

/// Root's `sudo_set_subnet_emission_enabled`: turns a subnet's TAO emission on or off.
pub fn set_emission_enabled<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    enabled: bool,
) -> Result<(), NativeError> {
    registry::ensure_exists(store, netuid)?;
    store.set_bool(by_netuid(schema::EMISSION_ENABLED, netuid), enabled)
}

/// Whether the subnet's TAO emission is enabled.
pub fn emission_enabled<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
) -> Result<bool, NativeError> {
    store.get_bool(by_netuid(schema::EMISSION_ENABLED, netuid))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MemNative;
    use crate::coinbase::{CoinbaseConfig, run_block};
    use crate::subnets::{self, RegistryGenesis};
    use crate::testkit::{OWNER, OWNER_HOT, TAO, fund, key};
    use crate::{pool, staking};
    use tao_economics::pool::PoolEngine as _;
    use tao_economics::pool::ema::next_moving_price;
    use tao_primitives::Rao;

    /// A chain with the real chain's start-up and subnet 1 registered at block 1.
    fn mainnet_subnet() -> (MemNative, NetUid) {
        let mut s = MemNative { block: 1, ..MemNative::default() };
        let cfg = RegistryGenesis { network_rate_limit: 0, ..RegistryGenesis::default() };
        assert!(cfg.mainnet_startup, "the code default is the real chain's start-up");
        subnets::init_genesis(&mut s, &cfg).unwrap();
        fund(&mut s, &key(OWNER), 10_000 * TAO);
        fund(&mut s, &key(9), 100 * TAO);
        let n = subnets::register_network(&mut s, &key(OWNER), &key(OWNER_HOT), None).unwrap();
        (s, n)
    }

    #[test]
    fn mainnet_startup_waits_for_start_call_then_ramps_from_zero() {
        let (mut s, n) = mainnet_subnet();
        let cfg = CoinbaseConfig::mainnet();
        assert!(has_mainnet_startup(&mut s, n).unwrap());
        assert!(!emission_enabled(&mut s, n).unwrap(), "root enables TAO emission");
        assert!(!subtoken_enabled(&mut s, n).unwrap());
        assert_eq!(pool::moving_price(&mut s, n).unwrap().to_bits(), 0);
        // Before start_call: no emission at all, and no staking.
        for block in 2..=5 {
            s.block = block;
            let r = run_block(&mut s, &cfg).unwrap();
            assert!(r.subnets.iter().all(|x| x.netuid != n), "block {block}: {r:?}");
        }
        assert_eq!(pool::alpha_out(&mut s, n).unwrap().get(), 0);
        let stake = |s: &mut MemNative| {
            staking::add_stake(s, &key(9), &key(OWNER_HOT), n, Rao(10 * TAO), None)
        };
        let e = stake(&mut s).unwrap_err();
        assert_eq!(e.chain_name(), "SubtokenDisabled", "{e}");
        // Only the owner starts it, once.
        let e = start_call(&mut s, &key(9), n).unwrap_err();
        assert_eq!(e.chain_name(), "NotSubnetOwner");
        start_call(&mut s, &key(OWNER), n).unwrap();
        assert_eq!(first_emission_block(&mut s, n).unwrap(), Some(6));
        let e = start_call(&mut s, &key(OWNER), n).unwrap_err();
        assert_eq!(e.chain_name(), "FirstEmissionBlockNumberAlreadySet");
        stake(&mut s).unwrap();
        // From block 6: alpha is emitted, TAO is not (emission disabled), and the moving price
        // follows the real chain's EMA with b = block − (first emission block − 1).
        let params = cfg.moving_price;
        let mut want = pool::moving_price(&mut s, n).unwrap();
        // The per-block coefficient is 3e-6 × b/(b + 201,600): below I96F32's 2^-32 the stored
        // price stays 0, as on the real chain, so it first moves after about 16 blocks here.
        for block in 6..=30u64 {
            s.block = block;
            let r = run_block(&mut s, &cfg).unwrap();
            let x = r.subnets.iter().find(|x| x.netuid == n).expect("emitting");
            assert_eq!((x.tao_emission, x.alpha_out), (0, TAO), "block {block}");
            let spot = pool::load_pool(&mut s, n).unwrap().price();
            want = next_moving_price(want, spot, block - 5, &params);
            assert_eq!(pool::moving_price(&mut s, n).unwrap(), want, "block {block}");
        }
        assert!(want.to_bits() > 0);
        // Root turns TAO emission on.
        set_emission_enabled(&mut s, n, true).unwrap();
        s.block = 31;
        let r = run_block(&mut s, &cfg).unwrap();
        assert!(r.subnets.iter().any(|x| x.netuid == n && x.tao_emission > 0), "{r:?}");
    }

    #[test]
    fn start_call_delay_and_dev_startup() {
        let (mut s, n) = mainnet_subnet();
        set_start_call_delay(&mut s, 10).unwrap();
        s.block = 10;
        let e = start_call(&mut s, &key(OWNER), n).unwrap_err();
        assert_eq!(e.chain_name(), "NeedWaitingMoreBlocksToStarCall", "{e}");
        s.block = 11;
        start_call(&mut s, &key(OWNER), n).unwrap();
        // The dev start-up, switched on for the next registration: open at once, earning
        // from the first coinbase, moving price from the capped spot.
        set_default_mainnet_startup(&mut s, false).unwrap();
        let m = subnets::register_network(&mut s, &key(OWNER), &key(7), None).unwrap();
        assert!(!has_mainnet_startup(&mut s, m).unwrap());
        assert!(emission_enabled(&mut s, m).unwrap() && subtoken_enabled(&mut s, m).unwrap());
        assert!(pool::moving_price(&mut s, m).unwrap().to_bits() > 0);
        s.block = 12;
        let r = run_block(&mut s, &CoinbaseConfig::default()).unwrap();
        assert!(r.subnets.iter().any(|x| x.netuid == m && x.alpha_out == TAO), "{r:?}");
        assert_eq!(first_emission_block(&mut s, m).unwrap(), Some(12));
    }

    #[test]
    fn epochs_are_staggered_by_netuid() {
        assert_eq!(staggered_last_epoch_block(1_000, NetUid(7), 360), 993);
        assert_eq!(staggered_last_epoch_block(1_000, NetUid(365), 360), 995);
        assert_eq!(staggered_last_epoch_block(3, NetUid(7), 360), 0);
        assert_eq!(staggered_last_epoch_block(1_000, NetUid(7), 0), 1_000);
    }
}
