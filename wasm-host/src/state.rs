//! The state a contract sees, behind [`WasmState`], and an in-memory journaled implementation.
//!
//! The host never keeps state of its own between frames: code, contract records, storage,
//! balances and events all go through the trait, and every frame is bracketed by
//! [`WasmState::checkpoint`] and [`WasmState::commit`] / [`WasmState::revert_to`]. The EVM host
//! implements the trait over its journaled world state; revm's journal checkpoints map onto
//! these one to one.

use std::collections::BTreeMap;

use thiserror::Error;

use crate::AccountId32;
use crate::code::CodeHash;

/// Balances in RAO: the real chain's ink! environment has a u64 Balance.
pub type Balance = u64;

/// An event deposited by a contract (`seal0.deposit_event`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractEvent {
    /// The contract that emitted it.
    pub contract: AccountId32,
    /// Topics (at most [`crate::HostConfig::max_event_topics`]).
    pub topics: Vec<[u8; 32]>,
    /// The SCALE-encoded event.
    pub data: Vec<u8>,
}

/// Why a balance move failed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TransferError {
    /// The sender has less than the amount.
    #[error("balance {balance} is below {amount}")]
    Insufficient {
        /// The sender's balance.
        balance: Balance,
        /// The amount asked for.
        amount: Balance,
    },
    /// The receiver's balance would overflow.
    #[error("receiver balance overflows")]
    Overflow,
}

/// An opaque journal position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checkpoint(pub u64);

/// Everything a contract reads or writes. Storage keys are the pallet's trie keys: a fixed
/// 32-byte key `k` (seal0) is stored as `blake2_256(k)`, a variable key `k` (seal1/seal2) as
/// `blake2_128(k) ‖ k`, so both namespaces stay apart as in pallet-contracts.
pub trait WasmState {
    /// The code stored under `hash`.
    fn code(&self, hash: &CodeHash) -> Option<Vec<u8>>;
    /// Whether code is stored under `hash`.
    fn has_code(&self, hash: &CodeHash) -> bool {
        self.code(hash).is_some()
    }
    /// Stores code (uploads are idempotent).
    fn put_code(&mut self, hash: CodeHash, code: Vec<u8>);
    /// The code hash of the contract at `account`, if one lives there.
    fn contract(&self, account: &AccountId32) -> Option<CodeHash>;
    /// Records (`Some`) or removes (`None`) a contract; removing also deletes its storage.
    fn set_contract(&mut self, account: AccountId32, code_hash: Option<CodeHash>);
    /// A storage value of `account`.
    fn storage(&self, account: &AccountId32, key: &[u8]) -> Option<Vec<u8>>;
    /// Writes (`Some`) or clears (`None`) a storage value; returns the previous value.
    fn set_storage(
        &mut self,
        account: &AccountId32,
        key: &[u8],
        value: Option<Vec<u8>>,
    ) -> Option<Vec<u8>>;
    /// The free balance of `account`.
    fn balance(&self, account: &AccountId32) -> Balance;
    /// Moves `amount` from `from` to `to` (no minimum-balance rules: the host applies them).
    fn transfer(
        &mut self,
        from: &AccountId32,
        to: &AccountId32,
        amount: Balance,
    ) -> Result<(), TransferError>;
    /// Records an event.
    fn deposit_event(&mut self, event: ContractEvent);
    /// A journal position to come back to.
    fn checkpoint(&mut self) -> Checkpoint;
    /// Undoes everything written since `checkpoint` (events included).
    fn revert_to(&mut self, checkpoint: Checkpoint);
    /// Keeps what was written since `checkpoint` (an outer revert still undoes it).
    fn commit(&mut self, checkpoint: Checkpoint);
}

#[derive(Debug, Clone)]
enum Undo {
    Code(CodeHash),
    Contract(AccountId32, Option<CodeHash>),
    Storage(AccountId32, Vec<u8>, Option<Vec<u8>>),
    Balance(AccountId32, Balance),
    Event,
}

/// In-memory [`WasmState`] with an undo journal. The journal grows until
/// [`MemoryState::clear_journal`] (the end of a transaction).
#[derive(Debug, Clone, Default)]
pub struct MemoryState {
    codes: BTreeMap<CodeHash, Vec<u8>>,
    contracts: BTreeMap<AccountId32, CodeHash>,
    storage: BTreeMap<(AccountId32, Vec<u8>), Vec<u8>>,
    balances: BTreeMap<AccountId32, Balance>,
    events: Vec<ContractEvent>,
    journal: Vec<Undo>,
}

impl MemoryState {
    /// Sets a balance directly (genesis and tests; not journaled).
    pub fn set_balance(&mut self, account: AccountId32, balance: Balance) {
        self.balances.insert(account, balance);
    }

    /// Events recorded so far.
    pub fn events(&self) -> &[ContractEvent] {
        &self.events
    }

    /// Number of storage entries of `account`.
    pub fn storage_len(&self, account: &AccountId32) -> usize {
        self.storage.keys().filter(|(a, _)| a == account).count()
    }

    /// All storage entries of all contracts (for whole-state comparisons in tests).
    pub fn all_storage(&self) -> &BTreeMap<(AccountId32, Vec<u8>), Vec<u8>> {
        &self.storage
    }

    /// Forgets the undo journal (what is written becomes final).
    pub fn clear_journal(&mut self) {
        self.journal.clear();
    }
}

impl WasmState for MemoryState {
    fn code(&self, hash: &CodeHash) -> Option<Vec<u8>> {
        self.codes.get(hash).cloned()
    }

    fn has_code(&self, hash: &CodeHash) -> bool {
        self.codes.contains_key(hash)
    }

    fn put_code(&mut self, hash: CodeHash, code: Vec<u8>) {
        if let std::collections::btree_map::Entry::Vacant(e) = self.codes.entry(hash) {
            e.insert(code);
            self.journal.push(Undo::Code(hash));
        }
    }

    fn contract(&self, account: &AccountId32) -> Option<CodeHash> {
        self.contracts.get(account).copied()
    }

    fn set_contract(&mut self, account: AccountId32, code_hash: Option<CodeHash>) {
        let old = match code_hash {
            Some(h) => self.contracts.insert(account, h),
            None => self.contracts.remove(&account),
        };
        self.journal.push(Undo::Contract(account, old));
        if code_hash.is_none() {
            let keys: Vec<Vec<u8>> = self
                .storage
                .keys()
                .filter(|(a, _)| *a == account)
                .map(|(_, k)| k.clone())
                .collect();
            for k in keys {
                self.set_storage(&account, &k, None);
            }
        }
    }

    fn storage(&self, account: &AccountId32, key: &[u8]) -> Option<Vec<u8>> {
        self.storage.get(&(*account, key.to_vec())).cloned()
    }

    fn set_storage(
        &mut self,
        account: &AccountId32,
        key: &[u8],
        value: Option<Vec<u8>>,
    ) -> Option<Vec<u8>> {
        let k = (*account, key.to_vec());
        let old = match value {
            Some(v) => self.storage.insert(k, v),
            None => self.storage.remove(&k),
        };
        self.journal.push(Undo::Storage(*account, key.to_vec(), old.clone()));
        old
    }

    fn balance(&self, account: &AccountId32) -> Balance {
        self.balances.get(account).copied().unwrap_or(0)
    }

    fn transfer(
        &mut self,
        from: &AccountId32,
        to: &AccountId32,
        amount: Balance,
    ) -> Result<(), TransferError> {
        let fb = self.balance(from);
        let Some(nf) = fb.checked_sub(amount) else {
            return Err(TransferError::Insufficient { balance: fb, amount });
        };
        if from == to {
            return Ok(());
        }
        let tb = self.balance(to);
        let nt = tb.checked_add(amount).ok_or(TransferError::Overflow)?;
        self.journal.push(Undo::Balance(*from, fb));
        self.journal.push(Undo::Balance(*to, tb));
        self.balances.insert(*from, nf);
        self.balances.insert(*to, nt);
        Ok(())
    }

    fn deposit_event(&mut self, event: ContractEvent) {
        self.events.push(event);
        self.journal.push(Undo::Event);
    }

    fn checkpoint(&mut self) -> Checkpoint {
        Checkpoint(self.journal.len() as u64)
    }

    fn revert_to(&mut self, checkpoint: Checkpoint) {
        while self.journal.len() as u64 > checkpoint.0 {
            let Some(undo) = self.journal.pop() else { break };
            match undo {
                Undo::Code(h) => {
                    self.codes.remove(&h);
                }
                Undo::Contract(a, old) => match old {
                    Some(h) => {
                        self.contracts.insert(a, h);
                    }
                    None => {
                        self.contracts.remove(&a);
                    }
                },
                Undo::Storage(a, k, old) => match old {
                    Some(v) => {
                        self.storage.insert((a, k), v);
                    }
                    None => {
                        self.storage.remove(&(a, k));
                    }
                },
                Undo::Balance(a, b) => {
                    self.balances.insert(a, b);
                }
                Undo::Event => {
                    self.events.pop();
                }
            }
        }
    }

    fn commit(&mut self, _checkpoint: Checkpoint) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: AccountId32 = AccountId32([1; 32]);
    const B: AccountId32 = AccountId32([2; 32]);

    #[test]
    fn nested_checkpoints_revert_only_their_own_writes() {
        let mut s = MemoryState::default();
        s.set_balance(A, 100);
        let outer = s.checkpoint();
        s.set_storage(&A, b"k", Some(b"1".to_vec()));
        s.set_contract(A, Some([7; 32]));
        let inner = s.checkpoint();
        s.set_storage(&A, b"k", Some(b"2".to_vec()));
        assert_eq!(s.transfer(&A, &B, 40), Ok(()));
        s.deposit_event(ContractEvent { contract: A, topics: vec![], data: vec![] });
        s.revert_to(inner);
        assert_eq!(s.storage(&A, b"k"), Some(b"1".to_vec()));
        assert_eq!((s.balance(&A), s.balance(&B)), (100, 0));
        assert!(s.events().is_empty());
        s.commit(inner);
        // Removing the contract deletes its storage; reverting brings both back.
        let cp = s.checkpoint();
        s.set_contract(A, None);
        assert_eq!(s.storage_len(&A), 0);
        s.revert_to(cp);
        assert_eq!(s.contract(&A), Some([7; 32]));
        assert_eq!(s.storage(&A, b"k"), Some(b"1".to_vec()));
        s.revert_to(outer);
        assert_eq!(s.storage(&A, b"k"), None);
        assert_eq!(s.contract(&A), None);
    }

    #[test]
    fn transfer_refuses_more_than_the_balance() {
        let mut s = MemoryState::default();
        s.set_balance(A, 10);
        assert_eq!(
            s.transfer(&A, &B, 11),
            Err(TransferError::Insufficient { balance: 10, amount: 11 })
        );
        assert_eq!(s.transfer(&A, &B, 10), Ok(()));
        assert_eq!((s.balance(&A), s.balance(&B)), (0, 10));
    }
}
