//! # tao-store
//!
//! The embedded database (redb): blocks, receipts, the transaction and block-hash indexes, the
//! latest world state, and the history that serves state at any earlier block.
//!
//! Every block is committed in one redb write transaction (header, body, receipts, indexes,
//! state diff and its history) with immediate durability, so a node killed at any moment
//! restarts at its last committed block with nothing committed lost.
//!
//! History follows the change-set idea: when a block changes an account or a slot, the value it
//! had *before* the block is stored under `(key, block)`. The value at block `n` is then the
//! first history entry after `n`, or the current value if none exists. The same entries let
//! `unwind_to` roll the chain back (dev-mode `evm_revert`).

mod tables;
mod view;

pub use view::StoreStateView;

use alloy_primitives::map::HashMap;
use alloy_primitives::{Address, B256, U256};
use parking_lot::Mutex;
use redb::{Database, ReadableDatabase, ReadableTable, WriteTransaction};
use std::path::Path;
use tables::*;
use tao_chain::block::{
    Block, CodecError, RecoveredTx, SealedHeader, StoredReceipt, decode_body, decode_body_item,
    decode_header, decode_receipt_item, decode_receipts, encode_body, encode_header,
    encode_receipts,
};
use tao_chain::state::{AccountInfo, StateChanges};

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database failed.
    #[error("database: {0}")]
    Db(String),
    /// Stored bytes could not be decoded (corruption or a format change).
    #[error("corrupt record: {0}")]
    Corrupt(String),
    /// A block does not extend the current head.
    #[error("block {got} does not extend head {head}")]
    NotNext {
        /// Head number.
        head: u64,
        /// Offered number.
        got: u64,
    },
    /// The database belongs to another chain.
    #[error("datadir holds chain {found}, not {expected}")]
    WrongChain {
        /// Genesis hash expected.
        expected: B256,
        /// Genesis hash found.
        found: B256,
    },
    /// Nothing has been initialised yet.
    #[error("store is empty: no genesis")]
    Empty,
}

impl From<CodecError> for StoreError {
    fn from(e: CodecError) -> Self {
        StoreError::Corrupt(e.to_string())
    }
}

macro_rules! db_err {
    ($($t:ty),*) => {$(
        impl From<$t> for StoreError {
            fn from(e: $t) -> Self { StoreError::Db(e.to_string()) }
        }
    )*};
}
db_err!(
    redb::Error,
    redb::DatabaseError,
    redb::TransactionError,
    redb::TableError,
    redb::StorageError,
    redb::CommitError
);

/// Where a transaction is: block number and index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TxLocation {
    /// Block number.
    pub block: u64,
    /// Index in the block.
    pub index: u32,
}

/// Most entries the cache of head-state accounts holds before it is emptied.
const LATEST_ACCOUNTS_MAX: usize = 1 << 16;

/// Accounts as of the last committed block, for the hot readers (pool admission and ordering)
/// that would otherwise open a read transaction per lookup. Every commit updates the accounts
/// it changed and bumps `generation`; a reader only caches what it read if no commit happened
/// in between, so the cache never holds a value older than the committed head.
#[derive(Debug, Default)]
struct LatestAccounts {
    generation: u64,
    map: HashMap<Address, Option<AccountInfo>>,
}

/// The chain database.
#[derive(Debug)]
pub struct Store {
    db: Database,
    latest: Mutex<LatestAccounts>,
}

impl Store {
    /// Open (or create) the database file at `path`.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        Self::with_db(Database::create(path)?)
    }

    /// An in-memory store (tests, benchmarks).
    pub fn in_memory() -> Result<Self, StoreError> {
        Self::with_db(
            Database::builder().create_with_backend(redb::backends::InMemoryBackend::new())?,
        )
    }

    fn with_db(db: Database) -> Result<Self, StoreError> {
        let w = db.begin_write()?;
        create_all(&w)?;
        w.commit()?;
        Ok(Self { db, latest: Mutex::new(LatestAccounts::default()) })
    }

    /// The account at `addr` in the state of the last committed block, served from a cache of
    /// recently read accounts (the same value `state_at(None)?.account(addr)` returns).
    pub fn latest_account(&self, addr: Address) -> Result<Option<AccountInfo>, StoreError> {
        let generation = {
            let c = self.latest.lock();
            if let Some(a) = c.map.get(&addr) {
                return Ok(*a);
            }
            c.generation
        };
        let acc = {
            let r = self.db.begin_read()?;
            let t = r.open_table(ACCOUNTS)?;
            match t.get(&addr.0.0)? {
                Some(v) => {
                    Some(AccountInfo::decode(v.value()).ok_or_else(|| corrupt("account record"))?)
                }
                None => None,
            }
        };
        let mut c = self.latest.lock();
        if c.generation == generation {
            if c.map.len() >= LATEST_ACCOUNTS_MAX {
                c.map.clear();
            }
            c.map.insert(addr, acc);
        }
        Ok(acc)
    }

    /// After a commit that applied `changes`: refresh the cached accounts they touch.
    fn committed(&self, changes: &StateChanges) {
        let mut c = self.latest.lock();
        c.generation += 1;
        for (a, info) in &changes.accounts {
            c.map.insert(*a, *info);
        }
    }

    /// After a commit that may have changed any account (unwinds).
    fn committed_unknown(&self) {
        let mut c = self.latest.lock();
        c.generation += 1;
        c.map.clear();
    }

    /// The genesis hash recorded in the database, if any.
    pub fn genesis_hash(&self) -> Result<Option<B256>, StoreError> {
        let r = self.db.begin_read()?;
        let t = r.open_table(HASH_BY_NUMBER)?;
        Ok(t.get(0u64)?.map(|v| B256::from(v.value())))
    }

    /// Write genesis if the database is empty; otherwise check it is the same chain.
    pub fn init_genesis(
        &self,
        header: &SealedHeader,
        changes: &StateChanges,
    ) -> Result<(), StoreError> {
        if let Some(found) = self.genesis_hash()? {
            if found != header.hash {
                return Err(StoreError::WrongChain { expected: header.hash, found });
            }
            return Ok(());
        }
        let block = Block { header: header.clone(), txs: vec![] };
        let w = self.db.begin_write()?;
        write_block(&w, &block, &[], changes, false)?;
        w.commit()?;
        self.committed(changes);
        Ok(())
    }

    /// Number of the last committed block.
    pub fn head_number(&self) -> Result<u64, StoreError> {
        let r = self.db.begin_read()?;
        let t = r.open_table(META)?;
        let v = t.get(META_HEAD)?.ok_or(StoreError::Empty)?;
        decode_u64(v.value())
    }

    /// The last committed header.
    pub fn head(&self) -> Result<SealedHeader, StoreError> {
        let n = self.head_number()?;
        self.header(n)?.ok_or(StoreError::Corrupt(format!("missing head header {n}")))
    }

    /// Commit a block, its receipts and its state diff atomically. The block must extend the
    /// head.
    pub fn commit_block(
        &self,
        block: &Block,
        receipts: &[StoredReceipt],
        changes: &StateChanges,
    ) -> Result<(), StoreError> {
        let head = self.head_number()?;
        if block.header.number() != head + 1 {
            return Err(StoreError::NotNext { head, got: block.header.number() });
        }
        let w = self.db.begin_write()?;
        write_block(&w, block, receipts, changes, true)?;
        w.commit()?;
        self.committed(changes);
        Ok(())
    }

    /// Start writing block `number`, which must extend the head: one write transaction that
    /// [`BlockWriter::commit`] makes durable at once, like [`Store::commit_block`]. It lets a
    /// block producer write parts of the block (the transaction index) while the block is still
    /// being executed. Only one block (or other write) can be in progress: a second writer
    /// waits until this one is committed or dropped (dropping discards everything written).
    pub fn begin_block(&self, number: u64) -> Result<BlockWriter<'_>, StoreError> {
        let w = self.db.begin_write()?;
        let head = {
            let t = w.open_table(META)?;
            let v = t.get(META_HEAD)?.ok_or(StoreError::Empty)?;
            decode_u64(v.value())?
        };
        if number != head + 1 {
            return Err(StoreError::NotNext { head, got: number });
        }
        Ok(BlockWriter { store: self, w, number })
    }

    /// Apply a state edit outside any transaction (dev methods such as `anvil_setBalance`). The
    /// edit is recorded in the head block's change set, so reads at earlier blocks and
    /// `unwind_to` below the head still see the values from before it.
    pub fn apply_dev_changes(&self, changes: &StateChanges) -> Result<(), StoreError> {
        let head = self.head_number()?;
        let w = self.db.begin_write()?;
        let mut journal = Vec::new();
        apply_state_journaled(&w, head, changes, true, Some(&mut journal))?;
        {
            let mut t = w.open_table(DEV_EDITS)?;
            let seq = last_dev_seq(&t, head)? + 1;
            t.insert(&dev_key(head, seq), journal.as_slice())?;
        }
        w.commit()?;
        self.committed(changes);
        Ok(())
    }

    /// A point to return to with [`Store::unwind_to_mark`]: the head and the number of dev
    /// edits applied on top of it.
    pub fn dev_mark(&self) -> Result<(u64, u64), StoreError> {
        let head = self.head_number()?;
        let r = self.db.begin_read()?;
        let t = r.open_table(DEV_EDITS)?;
        Ok((head, last_dev_seq(&t, head)?))
    }

    /// Return to a [`Store::dev_mark`]: unwind the blocks above it, then undo, newest first,
    /// the dev edits made on top of its block after it was taken.
    pub fn unwind_to_mark(&self, number: u64, seq: u64) -> Result<(), StoreError> {
        self.unwind_to(number)?;
        let w = self.db.begin_write()?;
        {
            let edits: Vec<([u8; 16], Vec<u8>)> = {
                let t = w.open_table(DEV_EDITS)?;
                t.range::<&[u8; 16]>(&dev_key(number, seq + 1)..=&dev_key(number, u64::MAX))?
                    .map(|e| e.map(|(k, v)| (*k.value(), v.value().to_vec())))
                    .collect::<Result<_, _>>()?
            };
            for (k, journal) in edits.iter().rev() {
                undo_dev_edit(&w, number, journal)?;
                w.open_table(DEV_EDITS)?.remove(k)?;
            }
        }
        w.commit()?;
        self.committed_unknown();
        Ok(())
    }

    /// Roll the chain back so that `number` becomes the head: blocks above it, their receipts
    /// and indexes are deleted and every state change they made is undone.
    pub fn unwind_to(&self, number: u64) -> Result<(), StoreError> {
        let head = self.head_number()?;
        if number >= head {
            return Ok(());
        }
        let w = self.db.begin_write()?;
        for b in (number + 1..=head).rev() {
            unwind_block(&w, b)?;
        }
        {
            let mut meta = w.open_table(META)?;
            meta.insert(META_HEAD, number.to_be_bytes().as_slice())?;
        }
        w.commit()?;
        self.committed_unknown();
        Ok(())
    }

    /// Header by number.
    pub fn header(&self, n: u64) -> Result<Option<SealedHeader>, StoreError> {
        let r = self.db.begin_read()?;
        let t = r.open_table(HEADERS)?;
        let Some(v) = t.get(n)? else { return Ok(None) };
        let header = decode_header(v.value())?;
        let h = r.open_table(HASH_BY_NUMBER)?;
        let hash = h
            .get(n)?
            .map(|v| B256::from(v.value()))
            .ok_or(StoreError::Corrupt(format!("hash {n}")))?;
        Ok(Some(SealedHeader { header, hash }))
    }

    /// Block number of a block hash.
    pub fn number_of(&self, hash: B256) -> Result<Option<u64>, StoreError> {
        let r = self.db.begin_read()?;
        let t = r.open_table(NUMBER_BY_HASH)?;
        Ok(t.get(&hash.0)?.map(|v| v.value()))
    }

    /// Transactions of a block.
    pub fn body(&self, n: u64) -> Result<Option<Vec<RecoveredTx>>, StoreError> {
        let r = self.db.begin_read()?;
        let t = r.open_table(BODIES)?;
        match t.get(n)? {
            Some(v) => Ok(Some(decode_body(v.value())?)),
            None => Ok(None),
        }
    }

    /// Receipts of a block.
    pub fn receipts(&self, n: u64) -> Result<Option<Vec<StoredReceipt>>, StoreError> {
        let r = self.db.begin_read()?;
        let t = r.open_table(RECEIPTS)?;
        match t.get(n)? {
            Some(v) => Ok(Some(decode_receipts(v.value())?)),
            None => Ok(None),
        }
    }

    /// Transaction `index` of block `n`, decoding only that transaction: what a lookup by
    /// hash needs ([`Store::tx_location`]), at a cost that does not grow with the block.
    pub fn tx_at(&self, n: u64, index: u32) -> Result<Option<RecoveredTx>, StoreError> {
        let r = self.db.begin_read()?;
        let t = r.open_table(BODIES)?;
        match t.get(n)? {
            Some(v) => Ok(decode_body_item(v.value(), index as usize)?),
            None => Ok(None),
        }
    }

    /// Receipt `index` of block `n` and the block-wide index of its first log, decoding only
    /// that receipt (a receipt lookup by transaction hash without decoding the whole block).
    pub fn receipt_at(
        &self,
        n: u64,
        index: u32,
    ) -> Result<Option<(StoredReceipt, u64)>, StoreError> {
        let r = self.db.begin_read()?;
        let t = r.open_table(RECEIPTS)?;
        match t.get(n)? {
            Some(v) => Ok(decode_receipt_item(v.value(), index as usize)?),
            None => Ok(None),
        }
    }

    /// Where a transaction was included.
    pub fn tx_location(&self, hash: B256) -> Result<Option<TxLocation>, StoreError> {
        let r = self.db.begin_read()?;
        let t = r.open_table(TX_INDEX)?;
        Ok(t.get(&hash.0)?.map(|v| {
            let b = v.value();
            TxLocation {
                block: u64::from_be_bytes(b[..8].try_into().unwrap_or_default()),
                index: u32::from_be_bytes(b[8..].try_into().unwrap_or_default()),
            }
        }))
    }

    /// A consistent read-only view of the state after block `at` (`None` = the head).
    pub fn state_at(&self, at: Option<u64>) -> Result<StoreStateView, StoreError> {
        let r = self.db.begin_read()?;
        let head = {
            let t = r.open_table(META)?;
            let v = t.get(META_HEAD)?.ok_or(StoreError::Empty)?;
            decode_u64(v.value())?
        };
        StoreStateView::new(r, at.filter(|n| *n < head))
    }
}

fn decode_u64(b: &[u8]) -> Result<u64, StoreError> {
    b.try_into().map(u64::from_be_bytes).map_err(|_| StoreError::Corrupt("u64".into()))
}

/// A block being written; see [`Store::begin_block`].
pub struct BlockWriter<'a> {
    store: &'a Store,
    w: WriteTransaction,
    number: u64,
}

impl std::fmt::Debug for BlockWriter<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlockWriter").field("number", &self.number).finish_non_exhaustive()
    }
}

impl BlockWriter<'_> {
    /// The block number being written.
    pub fn number(&self) -> u64 {
        self.number
    }

    /// Index the block's transactions: `hashes[i]` is its transaction `i`. Call once, with the
    /// transactions of the body passed to [`BlockWriter::commit`].
    pub fn index_txs(&mut self, hashes: &[B256]) -> Result<(), StoreError> {
        index_txs(&self.w, self.number, hashes)
    }

    /// Write the header, the encoded body ([`tao_chain::block::encode_body`]) and receipts
    /// ([`tao_chain::block::encode_receipts`]) and the state diff (with its history), make the
    /// block the head, and commit durably. The transactions must have been indexed with
    /// [`BlockWriter::index_txs`].
    pub fn commit(
        self,
        header: &SealedHeader,
        body_rlp: &[u8],
        receipts_rlp: &[u8],
        changes: &StateChanges,
    ) -> Result<(), StoreError> {
        let n = self.number;
        if header.number() != n {
            return Err(StoreError::NotNext { head: n - 1, got: header.number() });
        }
        write_header(&self.w, header)?;
        write_body(&self.w, n, body_rlp, receipts_rlp)?;
        apply_state(&self.w, n, changes, true)?;
        set_head(&self.w, n)?;
        self.w.commit()?;
        self.store.committed(changes);
        Ok(())
    }
}

fn write_header(w: &WriteTransaction, header: &SealedHeader) -> Result<(), StoreError> {
    let n = header.number();
    let mut headers = w.open_table(HEADERS)?;
    headers.insert(n, encode_header(&header.header).as_slice())?;
    let mut hbn = w.open_table(HASH_BY_NUMBER)?;
    hbn.insert(n, &header.hash.0)?;
    let mut nbh = w.open_table(NUMBER_BY_HASH)?;
    nbh.insert(&header.hash.0, n)?;
    Ok(())
}

fn write_body(
    w: &WriteTransaction,
    n: u64,
    body_rlp: &[u8],
    receipts_rlp: &[u8],
) -> Result<(), StoreError> {
    let mut bodies = w.open_table(BODIES)?;
    bodies.insert(n, body_rlp)?;
    let mut rec = w.open_table(RECEIPTS)?;
    rec.insert(n, receipts_rlp)?;
    Ok(())
}

/// tx hash -> (block, index), inserted in key order (far fewer B-tree pages touched per insert
/// than in block order, since the hashes are random).
fn index_txs(w: &WriteTransaction, n: u64, hashes: &[B256]) -> Result<(), StoreError> {
    if hashes.is_empty() {
        return Ok(());
    }
    let mut keyed: Vec<(&B256, u32)> = hashes.iter().zip(0u32..).collect();
    keyed.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut idx = w.open_table(TX_INDEX)?;
    for (hash, i) in keyed {
        let mut loc = [0u8; 12];
        loc[..8].copy_from_slice(&n.to_be_bytes());
        loc[8..].copy_from_slice(&i.to_be_bytes());
        idx.insert(&hash.0, &loc)?;
    }
    Ok(())
}

fn set_head(w: &WriteTransaction, n: u64) -> Result<(), StoreError> {
    let mut meta = w.open_table(META)?;
    meta.insert(META_HEAD, n.to_be_bytes().as_slice())?;
    Ok(())
}

fn write_block(
    w: &WriteTransaction,
    block: &Block,
    receipts: &[StoredReceipt],
    changes: &StateChanges,
    record_history: bool,
) -> Result<(), StoreError> {
    let n = block.header.number();
    write_header(w, &block.header)?;
    write_body(w, n, &encode_body(&block.txs), &encode_receipts(receipts))?;
    let hashes: Vec<B256> = block.txs.iter().map(|t| t.hash).collect();
    index_txs(w, n, &hashes)?;
    apply_state(w, n, changes, record_history)?;
    set_head(w, n)
}

/// Apply a diff to the latest state, recording previous values under block `n`.
fn apply_state(
    w: &WriteTransaction,
    n: u64,
    c: &StateChanges,
    record: bool,
) -> Result<(), StoreError> {
    apply_state_journaled(w, n, c, record, None)
}

/// [`apply_state`], optionally writing an undo journal: per changed key its tag, key, whether
/// this call created the key's history entry for block `n`, and the previous value.
fn apply_state_journaled(
    w: &WriteTransaction,
    n: u64,
    c: &StateChanges,
    record: bool,
    mut journal: Option<&mut Vec<u8>>,
) -> Result<(), StoreError> {
    let mut accounts = w.open_table(ACCOUNTS)?;
    let mut storage = w.open_table(STORAGE)?;
    let mut acc_hist = w.open_table(ACCOUNT_HISTORY)?;
    let mut slot_hist = w.open_table(STORAGE_HISTORY)?;
    let mut codes = w.open_table(CODES)?;
    let mut changed = Vec::new();

    let set_slot = |storage: &mut redb::Table<&[u8; 52], &[u8; 32]>,
                    slot_hist: &mut redb::Table<&[u8; 60], &[u8; 32]>,
                    changed: &mut Vec<u8>,
                    journal: &mut Option<&mut Vec<u8>>,
                    key: [u8; 52],
                    val: U256|
     -> Result<(), StoreError> {
        let old = storage.get(&key)?.map(|v| *v.value()).unwrap_or([0u8; 32]);
        let mut created = false;
        if record {
            let hk = slot_hist_key(&key, n);
            if slot_hist.get(&hk)?.is_none() {
                slot_hist.insert(&hk, &old)?;
                changed.push(b'S');
                changed.extend_from_slice(&key);
                created = true;
            }
        }
        if let Some(j) = journal.as_deref_mut() {
            j.push(b'S');
            j.extend_from_slice(&key);
            j.push(created as u8);
            j.extend_from_slice(&old);
        }
        if val.is_zero() {
            storage.remove(&key)?;
        } else {
            storage.insert(&key, &val.to_be_bytes::<32>())?;
        }
        Ok(())
    };

    let mut to_wipe: Vec<Address> = c.wiped.clone();
    to_wipe.extend(c.accounts.iter().filter(|(_, v)| v.is_none()).map(|(a, _)| *a));
    for addr in to_wipe {
        let mut start = [0u8; 52];
        start[..20].copy_from_slice(addr.as_slice());
        let mut end = [0xffu8; 52];
        end[..20].copy_from_slice(addr.as_slice());
        let keys: Vec<[u8; 52]> = storage
            .range::<&[u8; 52]>(&start..=&end)?
            .map(|e| e.map(|(k, _)| *k.value()))
            .collect::<Result<_, _>>()?;
        for k in keys {
            set_slot(&mut storage, &mut slot_hist, &mut changed, &mut journal, k, U256::ZERO)?;
        }
    }
    for (addr, acc) in &c.accounts {
        let key: [u8; 20] = addr.0.0;
        let old: Vec<u8> = accounts.get(&key)?.map(|v| v.value().to_vec()).unwrap_or_default();
        let mut created = false;
        if record {
            let hk = acc_hist_key(&key, n);
            if acc_hist.get(&hk)?.is_none() {
                acc_hist.insert(&hk, old.as_slice())?;
                changed.push(b'A');
                changed.extend_from_slice(&key);
                created = true;
            }
        }
        if let Some(j) = journal.as_deref_mut() {
            j.push(b'A');
            j.extend_from_slice(&key);
            j.push(created as u8);
            j.push(old.len() as u8);
            j.extend_from_slice(&old);
        }
        match acc {
            Some(a) => {
                accounts.insert(&key, a.encode().as_slice())?;
            }
            None => {
                accounts.remove(&key)?;
            }
        }
    }
    for ((addr, slot), val) in &c.storage {
        set_slot(
            &mut storage,
            &mut slot_hist,
            &mut changed,
            &mut journal,
            slot_key(*addr, *slot),
            *val,
        )?;
    }
    for (h, code) in &c.codes {
        codes.insert(&h.0, code.as_ref())?;
    }
    if record && !changed.is_empty() {
        let mut cs = w.open_table(CHANGESETS)?;
        let mut all = cs.get(n)?.map(|v| v.value().to_vec()).unwrap_or_default();
        all.extend_from_slice(&changed);
        cs.insert(n, all.as_slice())?;
    }
    Ok(())
}

fn unwind_block(w: &WriteTransaction, n: u64) -> Result<(), StoreError> {
    let changed = {
        let mut cs = w.open_table(CHANGESETS)?;
        cs.remove(n)?.map(|v| v.value().to_vec()).unwrap_or_default()
    };
    let mut accounts = w.open_table(ACCOUNTS)?;
    let mut storage = w.open_table(STORAGE)?;
    let mut acc_hist = w.open_table(ACCOUNT_HISTORY)?;
    let mut slot_hist = w.open_table(STORAGE_HISTORY)?;
    let mut i = 0;
    while i < changed.len() {
        match changed[i] {
            b'A' => {
                let key: [u8; 20] =
                    changed[i + 1..i + 21].try_into().map_err(|_| corrupt("changeset"))?;
                let old = acc_hist
                    .remove(&acc_hist_key(&key, n))?
                    .map(|v| v.value().to_vec())
                    .unwrap_or_default();
                if old.is_empty() {
                    accounts.remove(&key)?;
                } else {
                    AccountInfo::decode(&old).ok_or_else(|| corrupt("account history"))?;
                    accounts.insert(&key, old.as_slice())?;
                }
                i += 21;
            }
            b'S' => {
                let key: [u8; 52] =
                    changed[i + 1..i + 53].try_into().map_err(|_| corrupt("changeset"))?;
                let old = slot_hist
                    .remove(&slot_hist_key(&key, n))?
                    .map(|v| *v.value())
                    .unwrap_or([0u8; 32]);
                if old == [0u8; 32] {
                    storage.remove(&key)?;
                } else {
                    storage.insert(&key, &old)?;
                }
                i += 53;
            }
            _ => return Err(corrupt("changeset tag")),
        }
    }
    let hash = {
        let mut hbn = w.open_table(HASH_BY_NUMBER)?;
        hbn.remove(n)?.map(|v| *v.value())
    };
    if let Some(h) = hash {
        w.open_table(NUMBER_BY_HASH)?.remove(&h)?;
    }
    let body = w.open_table(BODIES)?.remove(n)?.map(|v| v.value().to_vec());
    if let Some(body) = body {
        let mut idx = w.open_table(TX_INDEX)?;
        for tx in decode_body(&body)? {
            idx.remove(&tx.hash.0)?;
        }
    }
    w.open_table(HEADERS)?.remove(n)?;
    w.open_table(RECEIPTS)?.remove(n)?;
    {
        let mut dev = w.open_table(DEV_EDITS)?;
        let keys: Vec<[u8; 16]> = dev
            .range::<&[u8; 16]>(&dev_key(n, 0)..=&dev_key(n, u64::MAX))?
            .map(|e| e.map(|(k, _)| *k.value()))
            .collect::<Result<_, _>>()?;
        for k in keys {
            dev.remove(&k)?;
        }
    }
    Ok(())
}

fn last_dev_seq(
    t: &impl ReadableTable<&'static [u8; 16], &'static [u8]>,
    n: u64,
) -> Result<u64, StoreError> {
    let mut it = t.range::<&[u8; 16]>(&dev_key(n, 0)..=&dev_key(n, u64::MAX))?;
    match it.next_back() {
        Some(e) => {
            let (k, _) = e?;
            Ok(u64::from_be_bytes(k.value()[8..].try_into().map_err(|_| corrupt("dev key"))?))
        }
        None => Ok(0),
    }
}

/// Undo one dev edit journal on top of block `n`.
fn undo_dev_edit(w: &WriteTransaction, n: u64, j: &[u8]) -> Result<(), StoreError> {
    let mut accounts = w.open_table(ACCOUNTS)?;
    let mut storage = w.open_table(STORAGE)?;
    let mut acc_hist = w.open_table(ACCOUNT_HISTORY)?;
    let mut slot_hist = w.open_table(STORAGE_HISTORY)?;
    let mut drop_from_changeset: Vec<Vec<u8>> = Vec::new();
    // Entries are undone newest first.
    let mut entries: Vec<(u8, &[u8], bool, &[u8])> = Vec::new();
    let mut i = 0;
    while i < j.len() {
        match j[i] {
            b'A' => {
                let key = j.get(i + 1..i + 21).ok_or_else(|| corrupt("dev journal"))?;
                let created = j.get(i + 21).copied().ok_or_else(|| corrupt("dev journal"))? == 1;
                let len = j.get(i + 22).copied().ok_or_else(|| corrupt("dev journal"))? as usize;
                let old = j.get(i + 23..i + 23 + len).ok_or_else(|| corrupt("dev journal"))?;
                entries.push((b'A', key, created, old));
                i += 23 + len;
            }
            b'S' => {
                let key = j.get(i + 1..i + 53).ok_or_else(|| corrupt("dev journal"))?;
                let created = j.get(i + 53).copied().ok_or_else(|| corrupt("dev journal"))? == 1;
                let old = j.get(i + 54..i + 86).ok_or_else(|| corrupt("dev journal"))?;
                entries.push((b'S', key, created, old));
                i += 86;
            }
            _ => return Err(corrupt("dev journal tag")),
        }
    }
    for (tag, key, created, old) in entries.into_iter().rev() {
        if tag == b'A' {
            let k: [u8; 20] = key.try_into().map_err(|_| corrupt("dev journal"))?;
            if old.is_empty() {
                accounts.remove(&k)?;
            } else {
                accounts.insert(&k, old)?;
            }
            if created {
                acc_hist.remove(&acc_hist_key(&k, n))?;
            }
        } else {
            let k: [u8; 52] = key.try_into().map_err(|_| corrupt("dev journal"))?;
            let o: [u8; 32] = old.try_into().map_err(|_| corrupt("dev journal"))?;
            if o == [0u8; 32] {
                storage.remove(&k)?;
            } else {
                storage.insert(&k, &o)?;
            }
            if created {
                slot_hist.remove(&slot_hist_key(&k, n))?;
            }
        }
        if created {
            let mut rec = vec![tag];
            rec.extend_from_slice(key);
            drop_from_changeset.push(rec);
        }
    }
    if !drop_from_changeset.is_empty() {
        let mut cs = w.open_table(CHANGESETS)?;
        let blob = cs.get(n)?.map(|v| v.value().to_vec()).unwrap_or_default();
        let mut kept = Vec::with_capacity(blob.len());
        let mut i = 0;
        while i < blob.len() {
            let len = if blob[i] == b'A' { 21 } else { 53 };
            let rec = blob.get(i..i + len).ok_or_else(|| corrupt("changeset"))?;
            if !drop_from_changeset.iter().any(|d| d.as_slice() == rec) {
                kept.extend_from_slice(rec);
            }
            i += len;
        }
        cs.insert(n, kept.as_slice())?;
    }
    Ok(())
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

#[cfg(test)]
mod tests;
