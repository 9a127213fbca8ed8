//! revm's view of the chain state: a write overlay over a [`StateView`] that collects exactly
//! what a block (or a call) changed, as a [`StateChanges`] diff for the store.

use alloy_primitives::map::{HashMap, HashSet};
use alloy_primitives::{Address, B256, Bytes, KECCAK256_EMPTY, U256, keccak256};
use revm::bytecode::Bytecode;
use revm::database_interface::{DBErrorMarker, Database, DatabaseCommit};
use revm::primitives::AddressMap;
use revm::state::{Account, AccountInfo as RevmAccount};
use tao_chain::state::{AccountInfo, StateChanges, StateError, StateView};

/// A state read failed during execution.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The state view failed.
    #[error("state read failed: {0}")]
    State(#[from] StateError),
    /// The store failed (block hashes).
    #[error("state read failed: {0}")]
    Store(#[from] tao_store::StoreError),
    /// An account's code hash has no code in the state.
    #[error("state read failed: missing code {0}")]
    MissingCode(B256),
    /// Moving TAO kept at a sender's 32-byte twin into its EVM balance failed.
    #[error("twin balance sweep failed: {0}")]
    Native(tao_runtime::NativeError),
}

impl DBErrorMarker for DbError {}

/// Source of historical block hashes for the BLOCKHASH opcode.
pub trait BlockHashes {
    /// Hash of block `n`, `None` if there is no such block.
    fn block_hash(&self, n: u64) -> Result<Option<B256>, DbError>;
}

impl<F: Fn(u64) -> Result<Option<B256>, DbError>> BlockHashes for F {
    fn block_hash(&self, n: u64) -> Result<Option<B256>, DbError> {
        self(n)
    }
}

/// A value the overlay holds: read from the base (clean) or written (dirty).
#[derive(Debug, Clone, Copy)]
struct Cached<T> {
    value: T,
    dirty: bool,
}

/// A write overlay over a base state. Reads go through the overlay, then the base (cached);
/// commits from revm land in the overlay and are tracked as dirty.
pub struct Overlay<'a, V: StateView> {
    base: &'a V,
    hashes: &'a dyn BlockHashes,
    accounts: HashMap<Address, Cached<Option<AccountInfo>>>,
    storage: HashMap<(Address, U256), Cached<U256>>,
    codes: HashMap<B256, Bytecode>,
    wiped: HashSet<Address>,
    new_codes: HashSet<B256>,
}

impl<'a, V: StateView> Overlay<'a, V> {
    /// An empty overlay on `base`.
    pub fn new(base: &'a V, hashes: &'a dyn BlockHashes) -> Self {
        Self {
            base,
            hashes,
            accounts: HashMap::default(),
            storage: HashMap::default(),
            codes: HashMap::default(),
            wiped: HashSet::default(),
            new_codes: HashSet::default(),
        }
    }

    /// The account as the overlay currently sees it.
    pub fn account(&mut self, addr: Address) -> Result<Option<AccountInfo>, DbError> {
        if let Some(a) = self.accounts.get(&addr) {
            return Ok(a.value);
        }
        let a = self.base.account(addr)?;
        self.accounts.insert(addr, Cached { value: a, dirty: false });
        Ok(a)
    }

    /// A storage slot as the overlay currently sees it.
    pub fn storage_value(&mut self, addr: Address, index: U256) -> Result<U256, DbError> {
        Database::storage(self, addr, index)
    }

    /// Write a storage slot directly (system operations between transactions).
    pub fn set_storage(&mut self, addr: Address, index: U256, value: U256) {
        self.storage.insert((addr, index), Cached { value, dirty: true });
    }

    /// Write an account directly (system operations, fee accounting).
    pub fn set_account(&mut self, addr: Address, info: Option<AccountInfo>) {
        self.accounts.insert(addr, Cached { value: info, dirty: true });
    }

    /// Give `addr` this code (state overrides of calls; never committed).
    pub fn set_code(&mut self, addr: Address, code: Bytes) -> Result<(), DbError> {
        let mut info = self.account(addr)?.unwrap_or_default();
        info.code_hash = if code.is_empty() { KECCAK256_EMPTY } else { keccak256(&code) };
        if !code.is_empty() {
            self.codes.insert(info.code_hash, Bytecode::new_raw(code));
            self.new_codes.insert(info.code_hash);
        }
        self.set_account(addr, Some(info));
        Ok(())
    }

    /// Forget every storage slot of `addr` (a state override's full `state`).
    pub fn clear_storage(&mut self, addr: Address) {
        self.wipe(addr);
    }

    /// Everything written so far, as a diff.
    pub fn changes(&self) -> StateChanges {
        let mut c = StateChanges::default();
        for (a, v) in &self.accounts {
            if v.dirty {
                c.accounts.insert(*a, v.value);
            }
        }
        c.wiped = self.wiped.iter().copied().collect();
        for (k, v) in &self.storage {
            if v.dirty {
                c.storage.insert(*k, v.value);
            }
        }
        for h in &self.new_codes {
            if let Some(code) = self.codes.get(h) {
                c.codes.insert(*h, code.original_bytes());
            }
        }
        c
    }

    fn commit_account(&mut self, addr: Address, acc: Account) {
        if !acc.is_touched() {
            return;
        }
        if acc.is_selfdestructed() {
            self.set_account(addr, None);
            self.wipe(addr);
            return;
        }
        if acc.is_created() {
            self.wipe(addr);
        }
        if let Some(code) = &acc.info.code
            && acc.info.code_hash != KECCAK256_EMPTY
            && !self.codes.contains_key(&acc.info.code_hash)
        {
            self.codes.insert(acc.info.code_hash, code.clone());
            self.new_codes.insert(acc.info.code_hash);
        }
        let info = AccountInfo {
            nonce: acc.info.nonce,
            balance: acc.info.balance,
            code_hash: acc.info.code_hash,
        };
        // EIP-161: touched accounts left empty are removed.
        let new = if info.is_empty() { None } else { Some(info) };
        self.set_account(addr, new);
        for (slot, v) in acc.changed_storage_slots() {
            self.storage.insert((addr, *slot), Cached { value: v.present_value(), dirty: true });
        }
    }

    fn wipe(&mut self, addr: Address) {
        self.wiped.insert(addr);
        self.storage.retain(|(a, _), _| *a != addr);
    }
}

impl<V: StateView> Database for Overlay<'_, V> {
    type Error = DbError;

    fn basic(&mut self, address: Address) -> Result<Option<RevmAccount>, DbError> {
        Ok(self.account(address)?.map(|a| RevmAccount {
            balance: a.balance,
            nonce: a.nonce,
            code_hash: a.code_hash,
            code: None,
            ..Default::default()
        }))
    }

    fn code_by_hash(&mut self, hash: B256) -> Result<Bytecode, DbError> {
        if hash == KECCAK256_EMPTY {
            return Ok(Bytecode::default());
        }
        if let Some(c) = self.codes.get(&hash) {
            return Ok(c.clone());
        }
        let raw = self.base.code(hash)?.ok_or(DbError::MissingCode(hash))?;
        let code = Bytecode::new_raw(raw);
        self.codes.insert(hash, code.clone());
        Ok(code)
    }

    fn storage(&mut self, address: Address, index: U256) -> Result<U256, DbError> {
        if let Some(v) = self.storage.get(&(address, index)) {
            return Ok(v.value);
        }
        let v = if !self.wiped.is_empty() && self.wiped.contains(&address) {
            U256::ZERO
        } else {
            self.base.storage(address, index)?
        };
        self.storage.insert((address, index), Cached { value: v, dirty: false });
        Ok(v)
    }

    fn block_hash(&mut self, number: u64) -> Result<B256, DbError> {
        // BLOCKHASH of a block that does not exist is zero.
        Ok(self.hashes.block_hash(number)?.unwrap_or_default())
    }
}

impl<V: StateView> DatabaseCommit for Overlay<'_, V> {
    fn commit(&mut self, changes: AddressMap<Account>) {
        for (addr, acc) in changes {
            self.commit_account(addr, acc);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tao_chain::state::MemoryState;

    #[test]
    fn reads_fall_through_and_writes_become_a_diff() {
        let mut base = MemoryState::default();
        let a = Address::repeat_byte(1);
        base.accounts
            .insert(a, AccountInfo { nonce: 1, balance: U256::from(10), ..Default::default() });
        base.storage.insert((a, U256::from(1)), U256::from(5));
        let none = |_n: u64| Ok::<_, DbError>(None);
        let mut o = Overlay::new(&base, &none);
        assert_eq!(o.basic(a).unwrap().unwrap().nonce, 1);
        assert_eq!(o.storage(a, U256::from(1)).unwrap(), U256::from(5));
        assert!(o.changes().is_empty(), "reads are not changes");
        o.set_account(a, Some(AccountInfo { nonce: 2, ..Default::default() }));
        let c = o.changes();
        assert_eq!(c.accounts.get(&a).unwrap().unwrap().nonce, 2);
    }
}
