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

mod dump;
mod tables;
mod unwind;
mod view;
mod write;

pub use dump::{StoreDump, table_names};
pub use view::StoreStateView;
pub use write::BlockWriter;

use unwind::{last_dev_seq, undo_dev_edit, unwind_block};
use write::{apply_state_journaled, write_block};

use alloy_primitives::map::HashMap;
use alloy_primitives::{Address, B256};
use parking_lot::Mutex;
use redb::{Database, ReadableDatabase, ReadableTable};
use std::path::Path;
use tables::*;
use tao_chain::block::{
    Block, CodecError, RecoveredTx, SealedHeader, StoredReceipt, decode_body, decode_body_item,
    decode_header, decode_receipt_item, decode_receipts,
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
    /// A dump given to [`Store::import`] is malformed or of another chain.
    #[error("invalid state dump: {0}")]
    BadDump(String),
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

    /// Start writing block `number`, which must extend the head: one write transaction that
    /// [`BlockWriter::commit`] makes durable at once. It lets a
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

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

#[cfg(test)]
mod tests;
