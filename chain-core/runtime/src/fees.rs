//! Who is paid the block's fees: the block author, as on the real chain.
//!
//! On Bittensor the EVM base fee and the priority tip are paid to the block author
//! (`SubtensorEvmFeeHandler` / `TransactionFeeHandler::on_nonzero_unbalanced`), and so are
//! swap fees (the TAO fee is transferred; the alpha fee is sold fee-free and the TAO
//! transferred, `stake_utils.rs`). Total issuance does not change: fees move between accounts.
//!
//! The node calls [`begin_block`] before the block's transactions, which makes the author's
//! twin the [`staking::fee_recipient`] for every swap in the block (the twin is linked, so the
//! fees land in the author's EVM balance), and [`pay_base_fees`] after them with the base fees
//! revm took from the senders (revm itself pays the tips to the block's beneficiary). A block
//! without an author (`Address::ZERO`) burns: swap fees go to [`staking::BURN_ADDRESS`] and
//! base fees are recycled from the issuance, as the real chain burns when there is no author.

use crate::balances::Balances;
use crate::store::{NativeError, NativeStore};
use crate::{staking, supply};
use alloy_primitives::{Address, U256};
use tao_primitives::AccountId32;

/// Makes `author` (its twin, linked to its EVM balance) the recipient of the block's swap
/// fees; `Address::ZERO` clears it (swap fees then go to the burn address).
pub fn begin_block(store: &mut impl NativeStore, author: Address) -> Result<(), NativeError> {
    if author.is_zero() {
        return staking::set_fee_recipient(store, &AccountId32::ZERO);
    }
    let id = store.link_evm_address(author)?;
    staking::set_fee_recipient(store, &id)
}

/// Pays the base fees the block's transactions were charged (`fees_wei`, already taken from
/// the senders by the EVM) to `author`; without an author they are recycled from the issuance.
pub fn pay_base_fees(
    store: &mut impl NativeStore,
    author: Address,
    fees_wei: U256,
) -> Result<(), NativeError> {
    if fees_wei.is_zero() {
        return Ok(());
    }
    if author.is_zero() {
        return supply::recycle_wei(store, fees_wei);
    }
    store.evm_credit(author, fees_wei)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MemNative;
    use tao_primitives::{Rao, address_to_account_id};

    const TAO: u64 = 1_000_000_000;

    #[test]
    fn author_receives_base_fees_and_issuance_is_unchanged() {
        let mut s = MemNative { block: 1, ..MemNative::default() };
        let author = Address::repeat_byte(0xa7);
        let sender = Address::repeat_byte(0x5e);
        s.evm_credit(sender, Rao(5 * TAO).to_wei()).unwrap();
        supply::add_issuance_wei(&mut s, Rao(5 * TAO).to_wei()).unwrap();
        // The EVM took 21,000 gas × 1 gwei base fee from the sender and burned it.
        let fee = U256::from(21_000u64) * U256::from(1_000_000_000u64);
        s.evm_debit(sender, fee).unwrap();
        begin_block(&mut s, author).unwrap();
        pay_base_fees(&mut s, author, fee).unwrap();
        assert_eq!(s.evm_balance(author).unwrap(), fee);
        assert_eq!(supply::total_issuance_wei(&mut s).unwrap(), Rao(5 * TAO).to_wei());
        let held: U256 = s.balances.values().copied().fold(U256::ZERO, |a, b| a + b);
        supply::check_supply(&mut s, held).unwrap();
        assert_eq!(staking::fee_recipient(&mut s).unwrap(), address_to_account_id(author));
    }

    #[test]
    fn no_author_burns() {
        let mut s = MemNative { block: 1, ..MemNative::default() };
        supply::add_issuance_wei(&mut s, Rao(TAO).to_wei()).unwrap();
        begin_block(&mut s, Address::ZERO).unwrap();
        pay_base_fees(&mut s, Address::ZERO, U256::from(7u64)).unwrap();
        assert_eq!(supply::total_issuance_wei(&mut s).unwrap(), Rao(TAO).to_wei() - U256::from(7));
        let burn = address_to_account_id(staking::BURN_ADDRESS);
        assert_eq!(staking::fee_recipient(&mut s).unwrap(), burn);
    }
}
