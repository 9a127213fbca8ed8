//! Draining a subnet's pending buckets into its epoch and paying them out (spec
//! `economics.md` §2.6, `yuma.md` §6).
//!
//! With `server`, `validator`, `root` and `owner` the drained buckets:
//!
//! 1. The epoch runs on `E = server + validator + root`. If its input is inconsistent the slot
//!    is consumed (the epoch is recorded) and the buckets keep accumulating.
//! 2. **Miners**: the epoch's per-uid incentive is scaled to sum exactly to `server` (largest
//!    remainder) and staked to (miner hotkey, its owner coldkey). Incentive of hotkeys the
//!    subnet owner controls (the owner hotkey or any hotkey of the owner coldkey) is burned
//!    unless [`super::CoinbaseConfig::burn_owner_incentive`] is off; the burned fraction is
//!    stored as `MINER_BURNED` for the next emission split. If no uid earned incentive,
//!    validators receive `server + validator`.
//! 3. **Validators**: each uid's dividend is first handed back to its parents by contribution,
//!    less the hotkey's childkey take (`children::stake::parent_child_dividends`, the real
//!    `get_parent_child_dividends_distribution`); each recipient's summed dividend `d` is then
//!    split by its own stake into an alpha part `d·α/(α + w·R)` and a root part
//!    (w = `TaoWeight`, R = root stake); alpha parts are scaled to the validator pool, root
//!    parts to `root`, exactly. Alpha parts are paid with `pay_validator` (take to the owner
//!    coldkey, the rest to every nominator). The `CKBurn` part of parents' dividends through a
//!    child of another coldkey (0 by default, as on the real chain) is recycled out of the
//!    validator pool; the real chain recycles it on top of paying the whole pool, which leaves
//!    its `SubnetAlphaOut` short of the stake it paid, so we keep alpha conserved instead.
//! 4. **Root dividends**: the take is staked as alpha to the validator's owner coldkey; the rest
//!    becomes claimable by the hotkey's root stakers (`increase_root_claimable_for_hotkey_and_
//!    subnet`, [`crate::rootclaim`]): it stays outstanding alpha until claimed.
//! 5. **Owner cut**: staked to (owner hotkey, owner coldkey).
//!
//! Alpha that has nowhere to go (no recipients, an unowned hotkey) is recycled. So
//! `paid + claimable + burned + recycled = drained` exactly ([`EpochReport::accounted`]).

use super::CoinbaseConfig;
use crate::children;
use crate::epoch;
use crate::pool::{ROOT_NETUID, SubnetPool};
use crate::schema::{self, by_netuid};
use crate::staking;
use crate::store::{NativeError, NativeExt, NativeStore};
use crate::{rootclaim, subnets};
use tao_economics::shares::take_of;
use tao_primitives::AccountId32;
use tao_primitives::NetUid;

/// What one epoch drained and where it went (alpha-RAO unless stated).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EpochReport {
    /// The subnet.
    pub netuid: NetUid,
    /// Why the epoch was skipped (inconsistent input); the buckets were then kept.
    pub error: Option<String>,
    /// Drained miners' bucket.
    pub drained_server: u64,
    /// Drained validators' bucket.
    pub drained_validator: u64,
    /// Drained root dividends.
    pub drained_root: u64,
    /// Drained owner cut.
    pub drained_owner: u64,
    /// Incentive staked to miners.
    pub incentive_paid: u64,
    /// Incentive of owner-controlled hotkeys, burned.
    pub incentive_burned: u64,
    /// Validator alpha dividends paid (take and nominators' part).
    pub dividends_paid: u64,
    /// Root dividends' take, staked as alpha to validators' owners (with root dividends of a
    /// hotkey that has too little root stake to make them claimable).
    pub root_take: u64,
    /// Root dividends made claimable by root stakers (`crate::rootclaim`).
    pub root_claimable: u64,
    /// Owner cut staked to the owner.
    pub owner_paid: u64,
    /// Alpha recycled for lack of a recipient.
    pub recycled: u64,
}

impl EpochReport {
    /// Everything drained.
    pub fn drained(&self) -> u64 {
        [self.drained_server, self.drained_validator, self.drained_root, self.drained_owner]
            .into_iter()
            .fold(0, u64::saturating_add)
    }

    /// Everything accounted for: paid, burned, sold for root and recycled. Equals
    /// [`EpochReport::drained`] after every epoch that ran.
    pub fn accounted(&self) -> u64 {
        [
            self.incentive_paid,
            self.incentive_burned,
            self.dividends_paid,
            self.root_take,
            self.root_claimable,
            self.owner_paid,
            self.recycled,
        ]
        .into_iter()
        .fold(0, u64::saturating_add)
    }
}

/// Splits `total` in proportion to `weights`, exactly: floors, then one more unit to the
/// largest remainders (ties to the lower index). All zeros if every weight is 0.
pub(crate) fn apportion(weights: &[u128], total: u64) -> Vec<u64> {
    let sum = weights.iter().fold(0u128, |a, w| a.saturating_add(*w));
    let mut out = vec![0u64; weights.len()];
    if sum == 0 || total == 0 {
        return out;
    }
    let mut rems = Vec::with_capacity(weights.len());
    let mut given: u64 = 0;
    for ((i, w), share) in weights.iter().enumerate().zip(out.iter_mut()) {
        // w ≤ 2^64 · n and total < 2^64, so the product fits in u128 for n < 2^64; and
        // w ≤ sum, so the floor is at most `total` and fits in u64.
        let p = w.saturating_mul(u128::from(total));
        *share = u64::try_from(p.checked_div(sum).unwrap_or(0)).unwrap_or(total);
        given = given.saturating_add(*share);
        if *w > 0 {
            rems.push((p.checked_rem(sum).unwrap_or(0), i));
        }
    }
    rems.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let left = usize::try_from(total.saturating_sub(given)).unwrap_or(usize::MAX);
    for (_, i) in rems.into_iter().take(left) {
        if let Some(share) = out.get_mut(i) {
            *share = share.saturating_add(1);
        }
    }
    out
}

fn take_bucket(store: &mut impl NativeStore, id: u16, netuid: NetUid) -> Result<u64, NativeError> {
    let k = by_netuid(id, netuid);
    let v = store.get_u64(k)?;
    store.set_u64(k, 0)?;
    Ok(v)
}

/// Pays the miners' incentive (`server` alpha, apportioned by server emission): to each
/// hotkey's owner as stake, burned for the subnet owner's own hotkeys when the config says so,
/// recycled for hotkeys without an owner. Records the burned fraction (`MinerBurned`) and
/// returns whether any miner earned.
fn pay_miners(
    store: &mut impl NativeStore,
    netuid: NetUid,
    cfg: &CoinbaseConfig,
    run: &epoch::EpochRun,
    server: u64,
    sp: &mut SubnetPool,
    rep: &mut EpochReport,
) -> Result<bool, NativeError> {
    let owner_cold = subnets::owner(store, netuid)?;
    let owner_hot = subnets::owner_hotkey(store, netuid)?;
    let incentive: Vec<u128> = run.output.server_emission.iter().map(|v| u128::from(*v)).collect();
    let earned = incentive.iter().any(|v| *v > 0);
    let mut burned_bits: u128 = 0;
    if earned {
        for (&hk, amt) in run.hotkeys.iter().zip(apportion(&incentive, server)) {
            if amt == 0 {
                continue;
            }
            let owner = staking::hotkey_owner(store, &hk)?;
            let owners = hk == owner_hot || (owner == Some(owner_cold) && !owner_cold.is_zero());
            match owner {
                _ if cfg.burn_owner_incentive && owners => {
                    sp.burn(amt);
                    rep.incentive_burned = rep.incentive_burned.saturating_add(amt);
                }
                Some(c) => {
                    staking::stake_emission(store, &hk, &c, netuid, amt)?;
                    rep.incentive_paid = rep.incentive_paid.saturating_add(amt);
                }
                None => recycle(sp, rep, amt)?,
            }
        }
        if server > 0 {
            // incentive_burned ≤ server < 2^64, so the shifted value fits in u128.
            burned_bits = u128::from(rep.incentive_burned)
                .wrapping_shl(64)
                .checked_div(u128::from(server))
                .unwrap_or(0);
        }
    }
    store.set_u128(by_netuid(schema::MINER_BURNED, netuid), burned_bits)?;
    Ok(earned)
}

/// Drains `netuid`'s buckets, runs its epoch and pays out (see the module docs).
pub(super) fn drain_and_distribute(
    store: &mut impl NativeStore,
    netuid: NetUid,
    cfg: &CoinbaseConfig,
) -> Result<EpochReport, NativeError> {
    let k = |id| by_netuid(id, netuid);
    let pending = store.get_u64(k(schema::PENDING_EMISSION))?;
    let server = store.get_u64(k(schema::PENDING_SERVER_EMISSION))?.min(pending);
    let root = store.get_u64(k(schema::PENDING_ROOT_DIVS))?;
    let total = pending.checked_add(root).ok_or(NativeError::Overflow("pending emission"))?;
    let run = match epoch::run_subnet_epoch_with(store, netuid, total, cfg.tempo_override) {
        Ok(run) => run,
        Err(e) if e.is_rejection() => {
            subnets::record_epoch(store, netuid)?;
            crate::tempo::epoch_consumed(store, netuid, false)?;
            return Ok(EpochReport {
                netuid,
                error: Some(e.to_string()),
                ..EpochReport::default()
            });
        }
        Err(e) => return Err(e),
    };
    crate::tempo::epoch_consumed(store, netuid, true)?;
    take_bucket(store, schema::PENDING_EMISSION, netuid)?;
    take_bucket(store, schema::PENDING_SERVER_EMISSION, netuid)?;
    take_bucket(store, schema::PENDING_ROOT_DIVS, netuid)?;
    let owner_cut = take_bucket(store, schema::PENDING_OWNER_CUT, netuid)?;
    // `server ≤ pending` by the `min` above.
    let validator_share = pending.saturating_sub(server);
    let mut rep = EpochReport {
        netuid,
        drained_server: server,
        drained_validator: validator_share,
        drained_root: root,
        drained_owner: owner_cut,
        ..EpochReport::default()
    };
    // Validators: hand each dividend back to parents by contribution (childkeys), then split
    // each recipient's dividend into its alpha and root parts by its own stake, all before
    // anything is paid (the real chain reads these stakes before paying incentives).
    let (recipients, dividends, ck_burned) = children::stake::distribute_dividends(
        store,
        netuid,
        &run.hotkeys,
        &run.output.validator_emission,
    )?;
    let w = u128::from(run.tao_weight);
    let mut alpha_w = Vec::with_capacity(recipients.len());
    let mut root_w = Vec::with_capacity(recipients.len());
    for (hk, &d) in recipients.iter().zip(&dividends) {
        // Each factor is below 2^64, so every product fits in u128; `a/(a+r) ≤ 1`.
        let d = u128::from(d);
        let a = u128::from(staking::total_hotkey_alpha(store, hk, netuid)?.get());
        let r = u128::from(staking::total_hotkey_alpha(store, hk, ROOT_NETUID)?.get())
            .saturating_mul(w)
            .checked_div(u128::from(u64::MAX))
            .unwrap_or(0);
        let alpha = d.saturating_mul(a).checked_div(a.saturating_add(r)).unwrap_or(d);
        alpha_w.push(alpha);
        root_w.push(d.saturating_sub(alpha));
    }
    let mut sp = SubnetPool::load(store, netuid)?;
    let earned = pay_miners(store, netuid, cfg, &run, server, &mut sp, &mut rep)?;
    let mut validator_pool = if earned { validator_share } else { pending };
    // `CKBurn` is recycled out of the validators' alpha (see the module docs).
    let ck = ck_burned.min(validator_pool);
    recycle(&mut sp, &mut rep, ck)?;
    validator_pool = validator_pool.saturating_sub(ck);
    if alpha_w.iter().all(|v| *v == 0) {
        recycle(&mut sp, &mut rep, validator_pool)?;
    }
    for (hk, amt) in recipients.iter().zip(apportion(&alpha_w, validator_pool)) {
        if amt == 0 {
            continue;
        }
        match staking::pay_validator(store, hk, netuid, amt) {
            Ok(_) => rep.dividends_paid = rep.dividends_paid.saturating_add(amt),
            Err(e) if e.is_rejection() => recycle(&mut sp, &mut rep, amt)?,
            Err(e) => return Err(e),
        }
    }

    pay_root_dividends(store, netuid, &recipients, &root_w, root, &mut sp, &mut rep)?;

    // Owner cut.
    if owner_cut > 0 {
        let owner_cold = subnets::owner(store, netuid)?;
        let owner_hot = subnets::owner_hotkey(store, netuid)?;
        if !owner_hot.is_zero() && staking::hotkey_owner(store, &owner_hot)?.is_some() {
            staking::stake_emission(store, &owner_hot, &owner_cold, netuid, owner_cut)?;
            rep.owner_paid = owner_cut;
        } else {
            recycle(&mut sp, &mut rep, owner_cut)?;
        }
    }
    sp.save(store)?;
    Ok(rep)
}

/// Root dividends (`root` alpha, apportioned by each validator's root weight): the owner's
/// delegate take is staked as alpha to the owner, the rest becomes claimable by the hotkey's
/// root stakers ([`crate::rootclaim`]; staked to the owner when the hotkey has less root stake
/// than that); recycled when nobody can receive it.
fn pay_root_dividends(
    store: &mut impl NativeStore,
    netuid: NetUid,
    hotkeys: &[AccountId32],
    root_w: &[u128],
    root: u64,
    sp: &mut SubnetPool,
    rep: &mut EpochReport,
) -> Result<(), NativeError> {
    if root_w.iter().all(|v| *v == 0) {
        recycle(sp, rep, root)?;
    }
    for (&hk, amt) in hotkeys.iter().zip(apportion(root_w, root)) {
        if amt == 0 {
            continue;
        }
        let Some(owner) = staking::hotkey_owner(store, &hk)? else {
            recycle(sp, rep, amt)?;
            continue;
        };
        let take = take_of(amt, staking::delegate_take(store, &hk)?);
        if take > 0 {
            staking::stake_emission(store, &hk, &owner, netuid, take)?;
            rep.root_take = rep.root_take.saturating_add(take);
        }
        // `take ≤ amt`.
        let rest = amt.saturating_sub(take);
        if rootclaim::increase_claimable(store, &hk, netuid, rest)? {
            rep.root_claimable = rep.root_claimable.saturating_add(rest);
        } else {
            rep.root_take = rep.root_take.saturating_add(rest);
        }
    }
    Ok(())
}

fn recycle(sp: &mut SubnetPool, rep: &mut EpochReport, amt: u64) -> Result<(), NativeError> {
    if amt > 0 {
        sp.recycle(amt)?;
        rep.recycled = rep.recycled.saturating_add(amt);
    }
    Ok(())
}
