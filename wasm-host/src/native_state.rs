//! [`WasmState`] over any [`NativeStore`]: ink! code, contract records, contract storage and
//! balances live in native slots (schema ids 1000-1099, `tao_runtime::schema::wasm`), so on the
//! chain they are storage of the native system account inside revm's journal, and a frame
//! checkpoint is a store checkpoint ([`NativeStore::checkpoint`]).
//!
//! Layout (every item is a `tao_runtime::schema::Key`):
//! - code: `WASM_CODE[hash]` holds `len + 1` (0 = no code), the bytes follow in 32-byte chunks;
//! - contract: `WASM_CONTRACT_CODE[account]` the code hash (0 = no contract) and
//!   `WASM_CONTRACT_TRIE[account]` its storage trie id; every instantiation takes a fresh trie
//!   id from `WASM_TRIE_NONCE`, so `terminate` (which clears the record) leaves the old storage
//!   unreachable, as the pallet's child tries do;
//! - storage: `WASM_STORAGE[trie, key]` with `len + 1` and chunks, so an empty value and no
//!   value differ;
//! - balances: [`Balances`] on 32-byte accounts (an EVM address's twin shares that address's
//!   EVM balance, other accounts, contracts included, hold native balances);
//! - events: collected here for the caller (the bridge turns them into EVM logs) and dropped
//!   with the checkpoint they were emitted under.
//!
//! The trait's methods cannot fail; a store error (a database failure under the journal) is
//! kept in [`NativeWasmState::error`] and the caller aborts with it.

use std::cell::RefCell;

use alloy_primitives::{B256, U256};
use tao_primitives::Rao;
use tao_runtime::schema::{self, Key};
use tao_runtime::store::NativeExt;
use tao_runtime::{Balances, NativeCheckpoint, NativeError, NativeStore};

use crate::AccountId32;
use crate::code::CodeHash;
use crate::state::{Balance, Checkpoint, ContractEvent, TransferError, WasmState};

/// A [`WasmState`] over a native store.
pub struct NativeWasmState<N> {
    store: RefCell<N>,
    events: Vec<ContractEvent>,
    open: Vec<(NativeCheckpoint, usize)>,
    error: RefCell<Option<NativeError>>,
}

impl<N: NativeStore> NativeWasmState<N> {
    /// Wraps `store`.
    pub fn new(store: N) -> Self {
        Self {
            store: RefCell::new(store),
            events: Vec::new(),
            open: Vec::new(),
            error: None.into(),
        }
    }

    /// The first store error met, if any (everything after it is suspect: abort).
    pub fn error(&self) -> Option<NativeError> {
        self.error.borrow().clone()
    }

    /// Events emitted and not reverted, in order.
    pub fn events(&self) -> &[ContractEvent] {
        &self.events
    }

    /// Takes the events.
    pub fn take_events(&mut self) -> Vec<ContractEvent> {
        std::mem::take(&mut self.events)
    }

    /// The wrapped store.
    pub fn store_mut(&mut self) -> &mut N {
        self.store.get_mut()
    }

    /// Unwraps the store.
    pub fn into_inner(self) -> N {
        self.store.into_inner()
    }

    fn fail(&self, e: NativeError) {
        let mut slot = self.error.borrow_mut();
        if slot.is_none() {
            *slot = Some(e);
        }
    }

    fn ok<T: Default>(&self, r: Result<T, NativeError>) -> T {
        r.unwrap_or_else(|e| {
            self.fail(e);
            T::default()
        })
    }

    fn with<T: Default>(&self, f: impl FnOnce(&mut N) -> Result<T, NativeError>) -> T {
        let mut store = self.store.borrow_mut();
        let r = f(&mut *store);
        drop(store);
        self.ok(r)
    }

    fn trie(&self, account: &AccountId32) -> u64 {
        self.with(|s| s.get_u64(schema::wasm_contract_trie(&account.0)))
    }
}

impl<N: NativeStore + Default> Default for NativeWasmState<N> {
    fn default() -> Self {
        Self::new(N::default())
    }
}

/// Reads a `len + 1`-prefixed byte string.
fn read_blob(s: &mut impl NativeStore, k: Key) -> Result<Option<Vec<u8>>, NativeError> {
    let word = s.get_u64(k)?;
    let Some(len) = word.checked_sub(1) else { return Ok(None) };
    let len = usize::try_from(len).map_err(|_| NativeError::CorruptState { item: "wasm blob" })?;
    let mut out = Vec::with_capacity(len);
    let mut i = 0u64;
    while out.len() < len {
        let chunk = s.load(k.chunk(i))?.to_be_bytes::<32>();
        let take = len.saturating_sub(out.len()).min(32);
        out.extend_from_slice(&chunk[..take]);
        i = i.saturating_add(1);
    }
    Ok(Some(out))
}

/// Writes (`Some`) or clears (`None`) a `len + 1`-prefixed byte string, clearing stale chunks.
fn write_blob(s: &mut impl NativeStore, k: Key, v: Option<&[u8]>) -> Result<(), NativeError> {
    let old_chunks = s.get_u64(k)?.saturating_sub(1).div_ceil(32);
    let v = v.unwrap_or_default();
    let new_chunks = u64::try_from(v.len()).unwrap_or(u64::MAX).div_ceil(32);
    for (i, chunk) in (0u64..).zip(v.chunks(32)) {
        let mut buf = [0u8; 32];
        buf[..chunk.len()].copy_from_slice(chunk);
        s.store(k.chunk(i), U256::from_be_bytes(buf))?;
    }
    for i in new_chunks..old_chunks {
        s.store(k.chunk(i), U256::ZERO)?;
    }
    Ok(())
}

fn write_blob_len(s: &mut impl NativeStore, k: Key, v: Option<&[u8]>) -> Result<(), NativeError> {
    write_blob(s, k, v)?;
    let word = v.map_or(0, |v| u64::try_from(v.len()).unwrap_or(u64::MAX).saturating_add(1));
    s.set_u64(k, word)
}

impl<N: NativeStore> WasmState for NativeWasmState<N> {
    fn code(&self, hash: &CodeHash) -> Option<Vec<u8>> {
        self.with(|s| read_blob(s, schema::wasm_code(hash)))
    }

    fn has_code(&self, hash: &CodeHash) -> bool {
        self.with(|s| s.get_u64(schema::wasm_code(hash))) != 0
    }

    fn put_code(&mut self, hash: CodeHash, code: Vec<u8>) {
        if self.has_code(&hash) {
            return;
        }
        self.with(|s| write_blob_len(s, schema::wasm_code(&hash), Some(&code)));
    }

    fn contract(&self, account: &AccountId32) -> Option<CodeHash> {
        let h = self.with(|s| s.get_b256(schema::wasm_contract_code(&account.0)));
        (h != B256::ZERO).then_some(h.0)
    }

    fn set_contract(&mut self, account: AccountId32, code_hash: Option<CodeHash>) {
        let existing = self.contract(&account).is_some();
        self.with(|s| {
            let code_key = schema::wasm_contract_code(&account.0);
            let trie_key = schema::wasm_contract_trie(&account.0);
            match code_hash {
                // `set_code_hash`: the contract keeps its storage.
                Some(h) if existing => s.set_b256(code_key, B256::from(h)),
                Some(h) => {
                    let trie = s
                        .get_u64(schema::wasm_trie_nonce())?
                        .checked_add(1)
                        .ok_or(NativeError::Overflow("wasm trie nonce"))?;
                    s.set_u64(schema::wasm_trie_nonce(), trie)?;
                    s.set_u64(trie_key, trie)?;
                    s.set_b256(code_key, B256::from(h))
                }
                None => {
                    s.set_u64(trie_key, 0)?;
                    s.set_b256(code_key, B256::ZERO)
                }
            }
        });
    }

    fn storage(&self, account: &AccountId32, key: &[u8]) -> Option<Vec<u8>> {
        let trie = self.trie(account);
        if trie == 0 {
            return None;
        }
        self.with(|s| read_blob(s, schema::wasm_storage(trie, key)))
    }

    fn set_storage(
        &mut self,
        account: &AccountId32,
        key: &[u8],
        value: Option<Vec<u8>>,
    ) -> Option<Vec<u8>> {
        let trie = self.trie(account);
        if trie == 0 {
            self.fail(NativeError::Backend(format!(
                "storage write for {account}, which is not a contract"
            )));
            return None;
        }
        self.with(|s| {
            let k = schema::wasm_storage(trie, key);
            let old = read_blob(s, k)?;
            write_blob_len(s, k, value.as_deref())?;
            Ok(old)
        })
    }

    fn balance(&self, account: &AccountId32) -> Balance {
        self.with(|s| s.free_balance(account)).0
    }

    fn transfer(
        &mut self,
        from: &AccountId32,
        to: &AccountId32,
        amount: Balance,
    ) -> Result<(), TransferError> {
        let have = self.balance(from);
        if have < amount {
            return Err(TransferError::Insufficient { balance: have, amount });
        }
        let r = self.with(|s| {
            s.debit(from, Rao(amount))?;
            s.credit(to, Rao(amount)).map(|()| true)
        });
        if r { Ok(()) } else { Err(TransferError::Overflow) }
    }

    fn deposit_event(&mut self, event: ContractEvent) {
        self.events.push(event);
    }

    fn checkpoint(&mut self) -> Checkpoint {
        let cp = self.with(|s| s.checkpoint().map(Some));
        let Some(cp) = cp else { return Checkpoint(u64::MAX) };
        self.open.push((cp, self.events.len()));
        Checkpoint(u64::try_from(self.open.len().saturating_sub(1)).unwrap_or(u64::MAX))
    }

    fn revert_to(&mut self, checkpoint: Checkpoint) {
        let Some(&(cp, events)) = usize::try_from(checkpoint.0).ok().and_then(|i| self.open.get(i))
        else {
            self.fail(NativeError::Backend(format!(
                "wasm checkpoint {} is not open",
                checkpoint.0
            )));
            return;
        };
        self.open.truncate(usize::try_from(checkpoint.0).unwrap_or(usize::MAX));
        self.events.truncate(events);
        self.with(|s| s.checkpoint_revert(cp));
    }

    fn commit(&mut self, checkpoint: Checkpoint) {
        let Some(&(cp, _)) = usize::try_from(checkpoint.0).ok().and_then(|i| self.open.get(i))
        else {
            self.fail(NativeError::Backend(format!(
                "wasm checkpoint {} is not open",
                checkpoint.0
            )));
            return;
        };
        self.open.truncate(usize::try_from(checkpoint.0).unwrap_or(usize::MAX));
        self.with(|s| s.checkpoint_commit(cp));
    }
}

#[cfg(test)]
mod tests;
