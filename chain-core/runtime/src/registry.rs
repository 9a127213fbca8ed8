//! The subnet registry's facts every native module reads: whether a subnet exists, who owns it,
//! how many uids it has and its epoch counter. A leaf: it depends on the storage schema only,
//! so `hyperparams`, `burn`, `neurons`, `subnets` and `weights` can all use it without
//! depending on each other.

use super::schema::{self, by_netuid};
use super::store::{NativeError, NativeExt, NativeStore};
use crate::error::SubnetError;
use tao_primitives::{AccountId32, NetUid, ROOT_NETUID};

/// Whether subnet `netuid` exists.
pub fn exists<S: NativeStore + ?Sized>(store: &mut S, netuid: NetUid) -> Result<bool, NativeError> {
    store.get_bool(by_netuid(schema::NETWORK_EXISTS, netuid))
}

/// Fails with "subnet does not exist" unless it does.
pub fn ensure_exists<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
) -> Result<(), NativeError> {
    if exists(store, netuid)? {
        Ok(())
    } else {
        Err(SubnetError::SubnetNotExists { netuid }.into())
    }
}

/// Fails unless the subnet exists, is not root, and `caller` is its owner coldkey.
pub fn ensure_owner<S: NativeStore + ?Sized>(
    store: &mut S,
    caller: &AccountId32,
    netuid: NetUid,
) -> Result<(), NativeError> {
    ensure_exists(store, netuid)?;
    if netuid == ROOT_NETUID {
        return Err(SubnetError::RootHasNoOwner.into());
    }
    if owner(store, netuid)? != *caller {
        return Err(SubnetError::NotSubnetOwner { netuid }.into());
    }
    Ok(())
}

/// Owner coldkey of a subnet (zero for root or a missing subnet).
pub fn owner<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
) -> Result<AccountId32, NativeError> {
    Ok(store.get_b256(by_netuid(schema::SUBNET_OWNER, netuid))?.into())
}

/// Owner hotkey of a subnet (zero for root or a missing subnet).
pub fn owner_hotkey<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
) -> Result<AccountId32, NativeError> {
    Ok(store.get_b256(by_netuid(schema::SUBNET_OWNER_HOTKEY, netuid))?.into())
}

/// Number of uids in use (`getUidCount`).
pub fn uid_count<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
) -> Result<u16, NativeError> {
    let n = store.get_u64(by_netuid(schema::SUBNET_N, netuid))?;
    Ok(u16::try_from(n).unwrap_or(u16::MAX))
}

/// The subnet's epoch counter: epochs recorded by [`record_epoch`] since registration.
pub fn epoch_index<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
) -> Result<u64, NativeError> {
    store.get_u64(by_netuid(schema::EPOCH_INDEX, netuid))
}

/// Block of the subnet's last recorded epoch (its registration block before the first).
pub fn last_epoch_block<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
) -> Result<u64, NativeError> {
    store.get_u64(by_netuid(schema::LAST_EPOCH_BLOCK, netuid))
}

/// Records that an epoch ran in the current block: `EPOCH_INDEX += 1`, `LAST_EPOCH_BLOCK =
/// now`. `epoch::write_epoch_outputs` calls it; call it directly only for an epoch that runs
/// but persists nothing (e.g. skipped for inconsistent input).
pub fn record_epoch<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
) -> Result<(), NativeError> {
    ensure_exists(store, netuid)?;
    let now = store.block_number();
    let next = epoch_index(store, netuid)?.checked_add(1).ok_or(NativeError::Overflow("epoch"))?;
    store.set_u64(by_netuid(schema::EPOCH_INDEX, netuid), next)?;
    store.set_u64(by_netuid(schema::LAST_EPOCH_BLOCK, netuid), now)
}
