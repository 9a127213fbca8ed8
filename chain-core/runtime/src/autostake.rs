//! The coldkey auto-stake destination (`set_coldkey_auto_stake_hotkey` of the real chain): the
//! hotkey a coldkey's incoming rewards on a subnet are staked to.
//!
//! Storage: [`schema::AUTO_STAKE_DESTINATION`] keyed by (netuid, coldkey) holds the hotkey
//! (zero = none). The real chain also keeps the reverse index (coldkeys per hotkey) for its
//! coinbase; nothing here reads it yet, so it is not stored. Setting it needs the subnet to exist
//! and the hotkey to be registered on it; setting the current hotkey again is refused.

use crate::error::AutoStakeError;
use crate::schema::{self, by_netuid_account};
use crate::store::{NativeError, NativeExt, NativeStore};
use crate::{neurons, pool};
use alloy_primitives::B256;
use tao_primitives::{AccountId32, NetUid};

/// The auto-stake hotkey of `coldkey` on `netuid`, if set.
pub fn auto_stake_hotkey(
    store: &mut impl NativeStore,
    coldkey: &AccountId32,
    netuid: NetUid,
) -> Result<Option<AccountId32>, NativeError> {
    let v = store.get_b256(by_netuid_account(schema::AUTO_STAKE_DESTINATION, netuid, coldkey))?;
    Ok((v != B256::ZERO).then_some(AccountId32(v.0)))
}

/// Sets the auto-stake hotkey of `coldkey` on `netuid`.
pub fn set_auto_stake_hotkey(
    store: &mut impl NativeStore,
    coldkey: &AccountId32,
    netuid: NetUid,
    hotkey: &AccountId32,
) -> Result<(), NativeError> {
    pool::ensure_subnet(store, netuid)?;
    if !neurons::is_registered(store, netuid, hotkey)? {
        return Err(crate::NeuronError::HotKeyNotRegisteredInSubNet { netuid }.into());
    }
    if auto_stake_hotkey(store, coldkey, netuid)? == Some(*hotkey) {
        return Err(AutoStakeError::SameAutoStakeHotkeyAlreadySet { hotkey: *hotkey }.into());
    }
    store.set_b256(
        by_netuid_account(schema::AUTO_STAKE_DESTINATION, netuid, coldkey),
        B256::from(hotkey.0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{OWNER_HOT, assert_fails, key, register, with_subnet};

    #[test]
    fn set_needs_a_registered_hotkey_and_a_change() {
        let (mut s, netuid) = with_subnet();
        let ck = key(50);
        assert_eq!(auto_stake_hotkey(&mut s, &ck, netuid).unwrap(), None);
        set_auto_stake_hotkey(&mut s, &ck, netuid, &key(OWNER_HOT)).unwrap();
        assert_eq!(auto_stake_hotkey(&mut s, &ck, netuid).unwrap(), Some(key(OWNER_HOT)));
        let same = format!("{} is already the auto-stake hotkey", key(OWNER_HOT));
        assert_fails(&mut s, &same, |s| set_auto_stake_hotkey(s, &ck, netuid, &key(OWNER_HOT)));
        assert_fails(&mut s, "hotkey is not registered on this subnet", |s| {
            set_auto_stake_hotkey(s, &ck, netuid, &key(60))
        });
        assert_fails(&mut s, "subnet 9 does not exist", |s| {
            set_auto_stake_hotkey(s, &ck, NetUid(9), &key(OWNER_HOT))
        });
        register(&mut s, netuid, 61, 62);
        set_auto_stake_hotkey(&mut s, &ck, netuid, &key(62)).unwrap();
        assert_eq!(auto_stake_hotkey(&mut s, &ck, netuid).unwrap(), Some(key(62)));
    }
}
