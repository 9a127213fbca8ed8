//! `unstake_all` and `unstake_all_alpha` (the real chain's `do_unstake_all` /
//! `do_unstake_all_alpha`), built on [`super::remove_stake_full`] and [`super::add_stake`].
//!
//! Both walk every subnet in registry order and sell the coldkey's whole position under the
//! hotkey; a subnet whose sale the rules refuse (subtoken disabled, a pool that cannot fill
//! it) is skipped, as the real chain skips a position whose `validate_remove_stake` fails.
//! A refused sale changes nothing, so the walk stays consistent; a fault (not a rule refusal)
//! stops it and is returned, and the caller's journal undoes the sales made before it.
//!
//! `unstake_all_alpha` leaves root stake alone and restakes the TAO it got on root (1:1, no
//! fee) when the total reaches root's minimum stake (0.002 TAO); below it, the TAO stays in the
//! coldkey's balance (the real chain stakes any amount there; our root `add_stake` keeps its
//! minimum). Returns the TAO paid out (`unstake_all`) or restaked on root (`unstake_all_alpha`,
//! 0 when it stayed free).

use super::{DEFAULT_MIN_STAKE, add_stake, ensure_owned, remove_stake_full, stake};
use crate::pool::{self, ROOT_NETUID};
use crate::store::{NativeError, NativeStore};
use tao_primitives::{AccountId32, NetUid, Rao};

/// Sells every position of (hotkey, coldkey) on the netuids `keep` accepts; returns the TAO.
fn sell_all(
    store: &mut impl NativeStore,
    coldkey: &AccountId32,
    hotkey: &AccountId32,
    keep: impl Fn(NetUid) -> bool,
) -> Result<u64, NativeError> {
    ensure_owned(store, hotkey)?;
    let mut total: u64 = 0;
    for netuid in pool::netuids(store)?.into_iter().filter(|n| keep(*n)) {
        if stake(store, hotkey, coldkey, netuid)?.is_zero() {
            continue;
        }
        match remove_stake_full(store, coldkey, hotkey, netuid, None) {
            Ok(tao) => total = total.saturating_add(tao.get()),
            Err(e) if e.is_rejection() => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(total)
}

/// Unstakes the coldkey's whole stake under `hotkey` on every subnet (root included) to free
/// TAO; returns the TAO paid. The hotkey must have an owner.
pub fn unstake_all(
    store: &mut impl NativeStore,
    coldkey: &AccountId32,
    hotkey: &AccountId32,
) -> Result<Rao, NativeError> {
    sell_all(store, coldkey, hotkey, |_| true).map(Rao)
}

/// Unstakes the coldkey's alpha under `hotkey` on every non-root subnet and stakes the TAO on
/// root under the same hotkey; returns the TAO staked on root (0 when below the minimum).
pub fn unstake_all_alpha(
    store: &mut impl NativeStore,
    coldkey: &AccountId32,
    hotkey: &AccountId32,
) -> Result<Rao, NativeError> {
    let tao = sell_all(store, coldkey, hotkey, |n| n != ROOT_NETUID)?;
    if tao < DEFAULT_MIN_STAKE {
        return Ok(Rao(0));
    }
    add_stake(store, coldkey, hotkey, ROOT_NETUID, Rao(tao), None)?;
    Ok(Rao(tao))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::balances::Balances;
    use crate::testkit::{OWNER_HOT, TAO, fund, key, with_subnet};

    #[test]
    fn unstake_all_frees_every_position_and_alpha_goes_to_root() {
        let (mut s, n) = with_subnet();
        let (ck, hk) = (key(30), key(OWNER_HOT));
        fund(&mut s, &ck, 100 * TAO);
        add_stake(&mut s, &ck, &hk, n, Rao(10 * TAO), None).unwrap();
        add_stake(&mut s, &ck, &hk, ROOT_NETUID, Rao(3 * TAO), None).unwrap();
        // Alpha to root: the subnet position is sold, its TAO staked on root 1:1.
        let before = stake(&mut s, &hk, &ck, ROOT_NETUID).unwrap().get();
        let tao = unstake_all_alpha(&mut s, &ck, &hk).unwrap().get();
        assert!(tao > 9 * TAO && tao < 10 * TAO, "sold for {tao}");
        assert_eq!(stake(&mut s, &hk, &ck, n).unwrap().get(), 0);
        assert_eq!(stake(&mut s, &hk, &ck, ROOT_NETUID).unwrap().get(), before + tao);
        assert_eq!(s.free_balance(&ck).unwrap().get(), 87 * TAO);
        // Everything to free TAO.
        assert_eq!(unstake_all(&mut s, &ck, &hk).unwrap().get(), 3 * TAO + tao);
        assert_eq!(s.free_balance(&ck).unwrap().get(), 90 * TAO + tao);
        let err = crate::testkit::fails_unchanged(&mut s, |s| unstake_all(s, &ck, &key(99)));
        assert_eq!(err.chain_name(), "HotKeyAccountNotExists");
    }
}
