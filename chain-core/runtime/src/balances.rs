//! TAO balances of 32-byte accounts, as on the real chain where an EVM address's balance is
//! the free balance of its twin `blake2b-256("evm:" ‖ address)`.
//!
//! Here EVM balances live in the EVM state, so the two meet through a reverse index
//! (`EVM_ADDRESS_OF`, twin → address):
//! * an id the index knows is an EVM address: its balance is that address's EVM balance;
//! * any other id (a Substrate key, or the twin of an address the chain has not seen act yet)
//!   holds a native balance (`NATIVE_BALANCE`), listed in `NATIVE_HOLDERS` so that supply
//!   checks and sweeps can find it. TAO sent to such an id is kept, never lost.
//! * [`Balances::link_evm_address`] records an address in the index and sweeps its twin's native
//!   balance into its EVM balance. Precompiles link their caller before a state-changing call;
//!   the block producer sweeps a transaction's sender before executing it; RPC balance reads
//!   add the twin's native balance ([`Balances::parked_wei`]).

use crate::schema::{self, Key};
use crate::set::Set;
use crate::store::{NativeError, NativeExt, NativeStore};
use alloy_primitives::{Address, B256, U256};
use tao_primitives::{AccountId32, Rao, address_to_account_id};

/// The set of ids holding a native balance.
fn holders() -> Set<impl Fn(&B256) -> Key> {
    Set {
        list: Key::new(schema::NATIVE_HOLDERS, &[]),
        index: |id: &B256| Key::new(schema::NATIVE_HOLDER_INDEX, &[&id.0]),
    }
}

fn index_key(id: &AccountId32) -> Key {
    Key::new(schema::EVM_ADDRESS_OF, &[id.as_bytes()])
}

/// The flag that marks an index entry as set (so the zero address can be indexed too).
fn present_flag() -> U256 {
    U256::from(1u8).wrapping_shl(160)
}

/// Balance operations on 32-byte accounts; implemented for every [`NativeStore`].
pub trait Balances: NativeStore {
    /// The EVM address whose twin `who` is, if the chain has linked it.
    fn evm_address_of(&mut self, who: &AccountId32) -> Result<Option<Address>, NativeError> {
        let v = self.load(index_key(who).slot())?;
        if v.is_zero() {
            return Ok(None);
        }
        let word = B256::from(v.to_be_bytes::<32>());
        Ok(Some(Address::from_word(word)))
    }

    /// Records `a` in the reverse index (if new) and moves its twin's native balance into its
    /// EVM balance. Returns the twin.
    fn link_evm_address(&mut self, a: Address) -> Result<AccountId32, NativeError> {
        let id = address_to_account_id(a);
        let k = index_key(&id);
        if self.load(k.slot())?.is_zero() {
            let word = U256::from_be_bytes(a.into_word().0);
            self.store(k.slot(), word | present_flag())?;
        }
        let parked = self.get_u64(schema::native_balance(&id))?;
        if parked > 0 {
            self.set_u64(schema::native_balance(&id), 0)?;
            holders().remove(self, &B256::from(id))?;
            self.evm_credit(a, Rao(parked).to_wei())?;
        }
        Ok(id)
    }

    /// The native balance parked at `a`'s twin (not yet swept into its EVM balance), wei.
    fn parked_wei(&mut self, a: Address) -> Result<U256, NativeError> {
        let id = address_to_account_id(a);
        Ok(Rao(self.get_u64(schema::native_balance(&id))?).to_wei())
    }

    /// Whether any id holds a native balance (the block producer's fast path).
    fn has_native_holders(&mut self) -> Result<bool, NativeError> {
        Ok(holders().len(self)? > 0)
    }

    /// Sum of every native balance, RAO (supply checks).
    fn native_balances_total(&mut self) -> Result<u128, NativeError> {
        let mut total: u128 = 0;
        for id in holders().members(self)? {
            let v = self.get_u64(schema::native_balance(&AccountId32::from(id)))?;
            total = total.saturating_add(u128::from(v));
        }
        Ok(total)
    }

    /// Free TAO balance of a 32-byte account, RAO: the linked address's EVM balance (floored to
    /// RAO), else the native balance.
    fn free_balance(&mut self, who: &AccountId32) -> Result<Rao, NativeError> {
        match self.evm_address_of(who)? {
            Some(a) => {
                let wei = self.evm_balance(a)?;
                Rao::from_wei_floor(wei).map_err(|_| NativeError::Overflow("balance"))
            }
            None => self.get_u64(schema::native_balance(who)).map(Rao),
        }
    }

    /// Removes `rao` from a 32-byte account's free balance; fails without change if short.
    fn debit(&mut self, who: &AccountId32, rao: Rao) -> Result<(), NativeError> {
        let have = self.free_balance(who)?;
        if have < rao {
            return Err(NativeError::InsufficientBalance { have: have.0, need: rao.0 });
        }
        match self.evm_address_of(who)? {
            Some(a) => self.evm_debit(a, rao.to_wei()),
            None => {
                // `have ≥ rao` was checked above.
                let left = have.saturating_sub(rao);
                self.set_u64(schema::native_balance(who), left.0)?;
                if left.is_zero() {
                    holders().remove(self, &B256::from(*who))?;
                }
                Ok(())
            }
        }
    }

    /// Adds `rao` to a 32-byte account's free balance (its EVM balance if linked, else a native
    /// balance kept for it).
    fn credit(&mut self, who: &AccountId32, rao: Rao) -> Result<(), NativeError> {
        match self.evm_address_of(who)? {
            Some(a) => self.evm_credit(a, rao.to_wei()),
            None if rao.is_zero() => Ok(()),
            None => {
                let k = schema::native_balance(who);
                let v =
                    self.get_u64(k)?.checked_add(rao.0).ok_or(NativeError::Overflow("balance"))?;
                self.set_u64(k, v)?;
                holders().insert(self, &B256::from(*who))
            }
        }
    }
}

impl<T: NativeStore + ?Sized> Balances for T {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MemNative;

    const WEI_PER_RAO: u64 = 1_000_000_000;

    fn wei(rao: u64) -> U256 {
        U256::from(rao) * U256::from(WEI_PER_RAO)
    }

    #[test]
    fn linked_twins_are_evm_balances_other_ids_are_native() {
        let mut s = MemNative::default();
        let a = Address::repeat_byte(1);
        let twin = s.link_evm_address(a).unwrap();
        assert_eq!(twin, address_to_account_id(a));
        let native = AccountId32([9u8; 32]);
        s.credit(&twin, Rao(5)).unwrap();
        s.credit(&native, Rao(7)).unwrap();
        assert_eq!(s.balances[&a], wei(5));
        assert_eq!(s.free_balance(&native).unwrap(), Rao(7));
        assert_eq!(s.native_balances_total().unwrap(), 7);
        assert_eq!(
            s.debit(&native, Rao(8)),
            Err(NativeError::InsufficientBalance { have: 7, need: 8 })
        );
        s.debit(&twin, Rao(5)).unwrap();
        assert_eq!(s.free_balance(&twin).unwrap(), Rao(0));
        s.debit(&native, Rao(7)).unwrap();
        assert!(!s.has_native_holders().unwrap(), "an emptied native balance leaves the set");
    }

    #[test]
    fn tao_sent_to_an_unseen_twin_is_kept_then_swept_into_the_address() {
        let mut s = MemNative::default();
        let a = Address::repeat_byte(0x42);
        let twin = address_to_account_id(a);
        assert_eq!(s.evm_address_of(&twin).unwrap(), None);
        s.credit(&twin, Rao(3)).unwrap();
        s.credit(&twin, Rao(4)).unwrap();
        assert_eq!(s.parked_wei(a).unwrap(), wei(7), "kept for the address, readable");
        assert!(s.has_native_holders().unwrap());
        assert_eq!(s.balances.get(&a), None);

        s.link_evm_address(a).unwrap();
        assert_eq!(s.balances[&a], wei(7), "swept into the EVM balance");
        assert_eq!(s.parked_wei(a).unwrap(), U256::ZERO);
        assert!(!s.has_native_holders().unwrap());
        assert_eq!(s.evm_address_of(&twin).unwrap(), Some(a));
        // Linking again changes nothing; later credits go straight to the EVM balance.
        s.link_evm_address(a).unwrap();
        s.credit(&twin, Rao(1)).unwrap();
        assert_eq!(s.balances[&a], wei(8));
        assert!(!s.has_native_holders().unwrap());
    }

    #[test]
    fn the_zero_address_can_be_linked() {
        let mut s = MemNative::default();
        let id = s.link_evm_address(Address::ZERO).unwrap();
        assert_eq!(s.evm_address_of(&id).unwrap(), Some(Address::ZERO));
    }
}
