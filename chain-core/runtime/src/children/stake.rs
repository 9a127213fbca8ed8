//! What childkeys do to stake and dividends, in the real chain's `U96F32` arithmetic
//! (`staking/stake_utils.rs::get_inherited_for_hotkey_on_subnet`,
//! `get_tao_inherited_for_hotkey_on_subnet`; `coinbase/run_coinbase.rs::get_self_contribution`,
//! `get_parent_child_dividends_distribution`). A proportion `p` is the fraction
//! `p / (2^64 − 1)` and every product is truncated to the fixed-point grid exactly as there,
//! so the integers match to the RAO.

use super::{childkey_take, children, ck_burn, parents};
use crate::pool::{self, ROOT_NETUID};
use crate::staking;
use crate::store::{NativeError, NativeStore};
use substrate_fixed::types::U96F32;
use tao_primitives::{AccountId32, NetUid};

fn fx(v: u64) -> U96F32 {
    U96F32::saturating_from_num(v)
}

/// `p / u64::MAX` as the real chain computes it.
pub fn fraction(p: u64) -> U96F32 {
    fx(p).checked_div(fx(u64::MAX)).unwrap_or(U96F32::saturating_from_num(0))
}

fn own(store: &mut impl NativeStore, hk: &AccountId32, netuid: NetUid) -> Result<u64, NativeError> {
    Ok(staking::total_hotkey_alpha(store, hk, netuid)?.get())
}

/// The stake `hotkey` holds on `stake_netuid` after lending to its children on `netuid` and
/// borrowing from its parents there: `own − Σ own·p_child + Σ parent_own·p_parent`.
fn inherited(
    store: &mut impl NativeStore,
    hotkey: &AccountId32,
    netuid: NetUid,
    stake_netuid: NetUid,
) -> Result<u64, NativeError> {
    let initial = fx(own(store, hotkey, stake_netuid)?);
    if netuid == ROOT_NETUID {
        return Ok(initial.saturating_to_num::<u64>());
    }
    let zero = U96F32::saturating_from_num(0);
    let mut to_children = zero;
    for (p, _) in children(store, hotkey, netuid)? {
        to_children = to_children.saturating_add(initial.saturating_mul(fraction(p)));
    }
    let mut from_parents = zero;
    for (p, parent) in parents(store, hotkey, netuid)? {
        let parent_stake = fx(own(store, &parent, stake_netuid)?);
        from_parents = from_parents.saturating_add(parent_stake.saturating_mul(fraction(p)));
    }
    Ok(initial.saturating_sub(to_children).saturating_add(from_parents).saturating_to_num::<u64>())
}

/// The alpha stake the epoch counts for `hotkey` on `netuid` (`get_inherited_for_hotkey_on_subnet`).
pub fn inherited_alpha(
    store: &mut impl NativeStore,
    hotkey: &AccountId32,
    netuid: NetUid,
) -> Result<u64, NativeError> {
    inherited(store, hotkey, netuid, netuid)
}

/// The root TAO stake the epoch counts for `hotkey` on `netuid`
/// (`get_tao_inherited_for_hotkey_on_subnet`): root stake lent and borrowed along `netuid`'s
/// links.
pub fn inherited_tao(
    store: &mut impl NativeStore,
    hotkey: &AccountId32,
    netuid: NetUid,
) -> Result<u64, NativeError> {
    inherited(store, hotkey, netuid, ROOT_NETUID)
}

/// `get_self_contribution`: the part of its own alpha and weighted root stake a hotkey keeps
/// for itself after its children's proportions, truncated to an integer.
pub fn self_contribution(
    store: &mut impl NativeStore,
    hotkey: &AccountId32,
    netuid: NetUid,
    tao_weight: U96F32,
) -> Result<u64, NativeError> {
    let mut remaining = U96F32::saturating_from_num(1);
    for (p, _) in children(store, hotkey, netuid)? {
        remaining = remaining.saturating_sub(fraction(p));
    }
    let root = fx(own(store, hotkey, ROOT_NETUID)?);
    let alpha = fx(own(store, hotkey, netuid)?);
    let a = alpha.saturating_mul(remaining);
    let r = root.saturating_mul(remaining).saturating_mul(tao_weight);
    Ok(a.saturating_add(r).saturating_to_num::<u64>())
}

/// One validator's dividend split among its parents and itself
/// (`get_parent_child_dividends_distribution`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DividendSplit {
    /// `(hotkey, dividend)`: each parent in parent order, then the hotkey itself.
    pub shares: Vec<(AccountId32, u64)>,
    /// `CKBurn`'s part of the parents' shares, recycled.
    pub burned: u64,
}

/// Splits `dividend` of `hotkey` on `netuid`: each parent gets the dividend times its
/// contribution (`parent alpha · p + parent root · p · TaoWeight`) over the total contribution
/// (the parents' and the hotkey's own [`self_contribution`]); from a parent of another
/// coldkey the hotkey keeps its childkey take and `CKBurn` is burned; the hotkey gets the rest
/// with the takes. Every amount is truncated to an integer as on the real chain.
pub fn parent_child_dividends(
    store: &mut impl NativeStore,
    hotkey: &AccountId32,
    netuid: NetUid,
    dividend: u64,
) -> Result<DividendSplit, NativeError> {
    let zero = U96F32::saturating_from_num(0);
    let tao_weight = fraction(pool::tao_weight(store)?);
    let validating = fx(dividend);
    let mut remaining = validating;
    let burn_prop = fraction(ck_burn(store)?);
    let take_prop = U96F32::saturating_from_num(childkey_take(store, hotkey, netuid)?)
        .checked_div(U96F32::saturating_from_num(u16::MAX))
        .unwrap_or(zero);
    let child_owner = staking::hotkey_owner(store, hotkey)?;
    let mut total = fx(self_contribution(store, hotkey, netuid, tao_weight)?);
    let mut contributions = Vec::new();
    for (p, parent) in parents(store, hotkey, netuid)? {
        let pp = fraction(p);
        let root = fx(own(store, &parent, ROOT_NETUID)?);
        let alpha = fx(own(store, &parent, netuid)?);
        let c = alpha
            .saturating_mul(pp)
            .saturating_add(root.saturating_mul(pp).saturating_mul(tao_weight));
        total = total.saturating_add(c);
        contributions.push((parent, c));
    }
    let mut split = DividendSplit::default();
    let mut child_take = zero;
    for (parent, c) in contributions {
        let factor = c.checked_div(total).unwrap_or(zero);
        let mut emission = validating.saturating_mul(factor);
        remaining = remaining.saturating_sub(emission);
        if staking::hotkey_owner(store, &parent)? != child_owner {
            let burn = burn_prop.saturating_mul(emission);
            let take = take_prop.saturating_mul(emission);
            emission = emission.saturating_sub(burn).saturating_sub(take);
            child_take = child_take.saturating_add(take);
            split.burned = split.burned.saturating_add(burn.saturating_to_num::<u64>());
        }
        split.shares.push((parent, emission.saturating_to_num::<u64>()));
    }
    let own_share = remaining.saturating_add(child_take).saturating_to_num::<u64>();
    split.shares.push((*hotkey, own_share));
    Ok(split)
}

/// Every uid's dividend of an epoch passed through [`parent_child_dividends`] and summed per
/// hotkey (`calculate_dividends_and_incentives`): the recipients in first-seen order, their
/// dividends, and the total `CKBurn` part.
pub fn distribute_dividends(
    store: &mut impl NativeStore,
    netuid: NetUid,
    hotkeys: &[AccountId32],
    dividends: &[u64],
) -> Result<(Vec<AccountId32>, Vec<u64>, u64), NativeError> {
    let mut who: Vec<AccountId32> = Vec::with_capacity(hotkeys.len());
    let mut amounts: Vec<u64> = Vec::with_capacity(hotkeys.len());
    let mut burned = 0u64;
    for (hk, &d) in hotkeys.iter().zip(dividends) {
        let split = if d == 0 {
            DividendSplit { shares: vec![(*hk, 0)], burned: 0 }
        } else {
            parent_child_dividends(store, hk, netuid, d)?
        };
        burned = burned.saturating_add(split.burned);
        for (k, v) in split.shares {
            match who.iter().position(|w| *w == k) {
                Some(i) => {
                    if let Some(a) = amounts.get_mut(i) {
                        *a = a.saturating_add(v);
                    }
                }
                None => {
                    who.push(k);
                    amounts.push(v);
                }
            }
        }
    }
    Ok((who, amounts, burned))
}
