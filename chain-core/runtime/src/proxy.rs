//! Staking proxies: the part of the real chain's `pallet_proxy` its chain extension reaches
//! (`add_proxy` / `remove_proxy` with proxy type `Staking` and delay 0).
//!
//! Storage: [`schema::PROXIES`] keyed by the delegator holds the delegates' 32-byte ids
//! concatenated, in the order added, at most [`MAX_PROXIES`] (the real runtime's `MaxProxies`).
//! Every entry is a `Staking` proxy with no delay, so a delegate appears at most once.
//!
//! Not modelled: the proxy deposit the real pallet reserves (no reserved balances here), other
//! proxy types and delays, announcements, and dispatching calls through a proxy (nothing here
//! executes calls on a delegator's behalf yet). Each function checks before it writes, so a
//! refusal changes nothing.

use crate::error::ProxyError;
use crate::schema::{self, by_account};
use crate::store::{NativeError, NativeExt, NativeStore};
use tao_primitives::AccountId32;

/// Most proxies one delegator may have (the real runtime's `MaxProxies`).
pub const MAX_PROXIES: u64 = 20;

/// The delegates of `delegator`, in the order they were added.
pub fn proxies(
    store: &mut impl NativeStore,
    delegator: &AccountId32,
) -> Result<Vec<AccountId32>, NativeError> {
    let bytes = store.get_bytes(by_account(schema::PROXIES, delegator))?;
    if bytes.len() % 32 != 0 {
        return Err(NativeError::CorruptState { item: "proxy list" });
    }
    Ok(bytes
        .chunks_exact(32)
        .map(|c| {
            let mut id = [0u8; 32];
            id.copy_from_slice(c);
            AccountId32(id)
        })
        .collect())
}

fn save(
    store: &mut impl NativeStore,
    delegator: &AccountId32,
    list: &[AccountId32],
) -> Result<(), NativeError> {
    let bytes: Vec<u8> = list.iter().flat_map(|a| a.0).collect();
    store.set_bytes(by_account(schema::PROXIES, delegator), &bytes)
}

/// Makes `delegate` a staking proxy of `delegator`. Refuses a self-proxy, a duplicate and a
/// list already at [`MAX_PROXIES`].
pub fn add_proxy(
    store: &mut impl NativeStore,
    delegator: &AccountId32,
    delegate: &AccountId32,
) -> Result<(), NativeError> {
    if delegator == delegate {
        return Err(ProxyError::NoSelfProxy.into());
    }
    let mut list = proxies(store, delegator)?;
    if list.contains(delegate) {
        return Err(ProxyError::Duplicate { delegate: *delegate }.into());
    }
    if u64::try_from(list.len()).unwrap_or(u64::MAX) >= MAX_PROXIES {
        return Err(ProxyError::TooMany { max: MAX_PROXIES }.into());
    }
    list.push(*delegate);
    save(store, delegator, &list)
}

/// Removes `delegate` from the proxies of `delegator`; refuses one that is not there.
pub fn remove_proxy(
    store: &mut impl NativeStore,
    delegator: &AccountId32,
    delegate: &AccountId32,
) -> Result<(), NativeError> {
    let mut list = proxies(store, delegator)?;
    let Some(i) = list.iter().position(|d| d == delegate) else {
        return Err(ProxyError::NotFound { delegate: *delegate }.into());
    };
    list.remove(i);
    save(store, delegator, &list)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{assert_fails, key};

    #[test]
    fn add_and_remove_keep_order_and_refuse_bad_input() {
        let mut s = crate::MemNative::default();
        let (me, a, b) = (key(1), key(2), key(3));
        add_proxy(&mut s, &me, &a).unwrap();
        add_proxy(&mut s, &me, &b).unwrap();
        assert_eq!(proxies(&mut s, &me).unwrap(), vec![a, b]);
        assert_fails(&mut s, &format!("{a} is already a proxy"), |s| add_proxy(s, &me, &a));
        assert_fails(&mut s, "an account cannot be its own proxy", |s| add_proxy(s, &me, &me));
        remove_proxy(&mut s, &me, &a).unwrap();
        assert_eq!(proxies(&mut s, &me).unwrap(), vec![b]);
        assert_fails(&mut s, &format!("{a} is not a proxy"), |s| remove_proxy(s, &me, &a));
        remove_proxy(&mut s, &me, &b).unwrap();
        assert!(s.slots.is_empty(), "an empty list leaves no slot");
    }

    #[test]
    fn the_list_is_bounded() {
        let mut s = crate::MemNative::default();
        let me = key(1);
        for n in 0..MAX_PROXIES {
            add_proxy(&mut s, &me, &key(10 + u8::try_from(n).unwrap())).unwrap();
        }
        assert_eq!(proxies(&mut s, &me).unwrap().len(), 20);
        let err = assert_fails_err(&mut s, &me);
        assert_eq!(err.chain_name(), "TooMany");
    }

    fn assert_fails_err(s: &mut crate::MemNative, me: &AccountId32) -> NativeError {
        crate::testkit::fails_unchanged(s, |s| add_proxy(s, me, &key(99)))
    }
}
