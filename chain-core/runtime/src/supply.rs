//! Total TAO issuance (spec §1.2–§1.3) over native storage.
//!
//! `TOTAL_ISSUANCE` is kept in **wei** (U256) so that burned EIP-1559 base fees, which are
//! arbitrary wei, can be recycled exactly. It counts every EVM balance plus every TAO amount
//! held in native accounting (pool reserves, root stake). The emission *rate* is the economics
//! rule applied to the issuance floored to RAO ([`block_emission_rao`]).
//!
//! * **mint** ([`mint_rao`]): the coinbase adds what it placed into pools;
//! * **recycle** ([`recycle_wei`]): TAO that stopped existing (burned fees) lowers issuance and
//!   is re-emitted later; `TOTAL_RECYCLED` keeps the running total;
//! * a TAO **burn** is a transfer to the burn address and does not touch issuance.
//!
//! [`check_supply`] is the conservation invariant (spec §7.2) used by tests: issuance equals
//! the EVM balances the caller summed plus the TAO of every pool.

use super::balances::Balances;
use super::pool;
use super::schema;
use super::store::{NativeError, NativeExt, NativeStore};
use crate::error::IssuanceError;
use alloy_primitives::U256;
use tao_economics::supply::{MAX_SUPPLY_RAO, block_mint_amount};
use tao_primitives::{Rao, WEI_PER_RAO};

/// The supply cap, 21,000,000 TAO, in wei.
pub fn max_supply_wei() -> U256 {
    Rao(MAX_SUPPLY_RAO).to_wei()
}

/// Total issuance in wei.
pub fn total_issuance_wei(store: &mut impl NativeStore) -> Result<U256, NativeError> {
    store.get_u256(schema::total_issuance())
}

/// Total issuance in RAO, floored (the value the emission rule reads).
pub fn total_issuance_rao(store: &mut impl NativeStore) -> Result<Rao, NativeError> {
    let wei = total_issuance_wei(store)?;
    Rao::from_wei_floor(wei).map_err(|_| NativeError::Overflow("total issuance"))
}

/// Cumulative TAO recycled, wei.
pub fn total_recycled_wei(store: &mut impl NativeStore) -> Result<U256, NativeError> {
    store.get_u256(schema::total_recycled())
}

/// Adds `wei` to total issuance. Fails, changing nothing, above the 21M TAO cap.
pub fn add_issuance_wei(store: &mut impl NativeStore, wei: U256) -> Result<(), NativeError> {
    let now = total_issuance_wei(store)?;
    let next = now.checked_add(wei).ok_or(NativeError::Overflow("total issuance"))?;
    if next > max_supply_wei() {
        return Err(IssuanceError::CapExceeded { issuance: now, add: wei }.into());
    }
    store.set_u256(schema::total_issuance(), next)
}

/// Removes `wei` from total issuance. Fails, changing nothing, below zero.
pub fn sub_issuance_wei(store: &mut impl NativeStore, wei: U256) -> Result<(), NativeError> {
    let now = total_issuance_wei(store)?;
    let next =
        now.checked_sub(wei).ok_or(IssuanceError::BelowZero { remove: wei, issuance: now })?;
    store.set_u256(schema::total_issuance(), next)
}

/// Sets the issuance at genesis to the sum of the genesis balances (wei). Fails if issuance is
/// already set or the amount is above the cap.
pub fn genesis_issuance(store: &mut impl NativeStore, wei: U256) -> Result<(), NativeError> {
    if !total_issuance_wei(store)?.is_zero() {
        return Err(IssuanceError::AlreadySet.into());
    }
    add_issuance_wei(store, wei)
}

/// Mints `rao` of new TAO into native accounting (the caller places it, e.g. into a pool).
pub fn mint_rao(store: &mut impl NativeStore, rao: Rao) -> Result<(), NativeError> {
    add_issuance_wei(store, rao.to_wei())
}

/// Recycles `wei` that has already left every balance (e.g. a burned base fee): issuance
/// drops by it, `TOTAL_RECYCLED` grows by it, and it will be emitted again (spec §1.3).
pub fn recycle_wei(store: &mut impl NativeStore, wei: U256) -> Result<(), NativeError> {
    if wei.is_zero() {
        return Ok(());
    }
    let recycled = total_recycled_wei(store)?
        .checked_add(wei)
        .ok_or(NativeError::Overflow("total recycled"))?;
    sub_issuance_wei(store, wei)?;
    store.set_u256(schema::total_recycled(), recycled)
}

/// Recycles `rao` of native TAO (see [`recycle_wei`]).
pub fn recycle_rao(store: &mut impl NativeStore, rao: Rao) -> Result<(), NativeError> {
    recycle_wei(store, rao.to_wei())
}

/// What this block mints, RAO: `min(emission(I), 21M − I)` with `I` the issuance floored to
/// RAO (economics `block_mint_amount`; halving by issuance, spec §1.2).
pub fn block_emission_rao(store: &mut impl NativeStore) -> Result<Rao, NativeError> {
    Ok(Rao(block_mint_amount(total_issuance_rao(store)?.get())))
}

/// The parts of a supply check, all in wei.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SupplyCheck {
    /// `TOTAL_ISSUANCE`.
    pub issuance_wei: U256,
    /// The EVM balances the caller summed.
    pub balances_wei: U256,
    /// Every native 32-byte balance (`NATIVE_HOLDERS`).
    pub native_wei: U256,
    /// TAO of every pool, root included.
    pub pools_wei: U256,
}

/// Checks TAO conservation (spec §7.1–7.2): `TOTAL_ISSUANCE == EVM balances + native balances
/// + Σ pool TAO` and issuance ≤ the cap. `evm_balances_sum_wei` is the sum of every EVM
/// balance; native 32-byte balances are enumerated here ([`crate::balances`]). A subnet lock is
/// pool liquidity (`SUBNET_TAO`), so it is counted through the pool, not again.
pub fn check_supply(
    store: &mut impl NativeStore,
    evm_balances_sum_wei: U256,
) -> Result<SupplyCheck, NativeError> {
    let issuance_wei = total_issuance_wei(store)?;
    let mut pools_rao: u128 = 0;
    for netuid in pool::netuids(store)? {
        pools_rao = pools_rao.saturating_add(u128::from(pool::tao_reserve(store, netuid)?.get()));
    }
    let pools_wei = U256::from(pools_rao).saturating_mul(U256::from(WEI_PER_RAO));
    let native_wei =
        U256::from(store.native_balances_total()?).saturating_mul(U256::from(WEI_PER_RAO));
    let check =
        SupplyCheck { issuance_wei, balances_wei: evm_balances_sum_wei, native_wei, pools_wei };
    if issuance_wei > max_supply_wei() {
        return Err(IssuanceError::AboveCap { issuance: issuance_wei }.into());
    }
    let held = evm_balances_sum_wei.checked_add(native_wei);
    if held.and_then(|h| h.checked_add(pools_wei)) != Some(issuance_wei) {
        return Err(IssuanceError::Mismatch {
            issuance: issuance_wei,
            balances: held.unwrap_or(U256::MAX),
            pools: pools_wei,
        }
        .into());
    }
    Ok(check)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MemNative;
    use tao_primitives::NetUid;
    use tao_primitives::Rao;

    const TAO_WEI: u128 = 1_000_000_000_000_000_000;

    #[test]
    fn genesis_mint_recycle_and_emission() {
        let mut s = MemNative::default();
        genesis_issuance(&mut s, U256::from(1_000 * TAO_WEI)).unwrap();
        assert!(genesis_issuance(&mut s, U256::from(1u8)).is_err(), "only once");
        assert_eq!(total_issuance_rao(&mut s).map(u64::from).unwrap(), 1_000_000_000_000);
        assert_eq!(block_emission_rao(&mut s).map(u64::from).unwrap(), 1_000_000_000);
        mint_rao(&mut s, Rao(5)).unwrap();
        // A burned base fee of 1.5 RAO worth of wei is recycled exactly.
        recycle_wei(&mut s, U256::from(1_500_000_000u64)).unwrap();
        assert_eq!(
            total_issuance_wei(&mut s).unwrap(),
            U256::from(1_000 * TAO_WEI + 5_000_000_000 - 1_500_000_000)
        );
        assert_eq!(total_recycled_wei(&mut s).unwrap(), U256::from(1_500_000_000u64));
        let before = s.clone();
        assert!(recycle_wei(&mut s, U256::from(2_000 * TAO_WEI)).is_err());
        assert_eq!(s.slots, before.slots, "a failed recycle changes nothing");
    }

    #[test]
    fn cap_is_enforced_and_emission_halves_by_issuance() {
        let mut s = MemNative::default();
        assert!(genesis_issuance(&mut s, max_supply_wei() + U256::from(1u8)).is_err());
        assert!(s.slots.is_empty());
        genesis_issuance(&mut s, Rao(10_500_000 * 1_000_000_000).to_wei()).unwrap();
        assert_eq!(block_emission_rao(&mut s).map(u64::from).unwrap(), 500_000_000);
        recycle_rao(&mut s, Rao(1)).unwrap();
        assert_eq!(
            block_emission_rao(&mut s).map(u64::from).unwrap(),
            1_000_000_000,
            "recycling delays halving"
        );
    }

    #[test]
    fn check_supply_counts_pools() {
        let mut s = MemNative::default();
        genesis_issuance(&mut s, U256::from(10 * TAO_WEI)).unwrap();
        assert!(check_supply(&mut s, U256::from(10 * TAO_WEI)).is_ok());
        s.set_u64(schema::by_netuid(schema::SUBNET_TAO, NetUid(0)), 1_000_000_000).unwrap();
        assert!(check_supply(&mut s, U256::from(10 * TAO_WEI)).is_err());
        let c = check_supply(&mut s, U256::from(9 * TAO_WEI)).unwrap();
        assert_eq!(c.pools_wei, U256::from(TAO_WEI));
    }
}
