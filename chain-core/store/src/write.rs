//! Writing blocks: the [`BlockWriter`] a block producer fills while it executes, and the
//! table writes every commit shares (header, body and receipts, transaction index, head, and
//! the state diff with its history and the optional dev-edit undo journal).

use crate::tables::*;
use crate::{Store, StoreError};
use alloy_primitives::{Address, B256, U256};
use redb::{ReadableTable, WriteTransaction};
use tao_chain::block::{
    Block, SealedHeader, StoredReceipt, encode_body, encode_header, encode_receipts,
};
use tao_chain::state::{AccountInfo, StateChanges};

/// A block being written; see [`Store::begin_block`].
pub struct BlockWriter<'a> {
    pub(crate) store: &'a Store,
    pub(crate) w: WriteTransaction,
    pub(crate) number: u64,
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

pub(crate) fn write_header(w: &WriteTransaction, header: &SealedHeader) -> Result<(), StoreError> {
    let n = header.number();
    let mut headers = w.open_table(HEADERS)?;
    headers.insert(n, encode_header(&header.header).as_slice())?;
    let mut hbn = w.open_table(HASH_BY_NUMBER)?;
    hbn.insert(n, &header.hash.0)?;
    let mut nbh = w.open_table(NUMBER_BY_HASH)?;
    nbh.insert(&header.hash.0, n)?;
    Ok(())
}

pub(crate) fn write_body(
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
pub(crate) fn index_txs(w: &WriteTransaction, n: u64, hashes: &[B256]) -> Result<(), StoreError> {
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

pub(crate) fn set_head(w: &WriteTransaction, n: u64) -> Result<(), StoreError> {
    let mut meta = w.open_table(META)?;
    meta.insert(META_HEAD, n.to_be_bytes().as_slice())?;
    Ok(())
}

pub(crate) fn write_block(
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
pub(crate) fn apply_state(
    w: &WriteTransaction,
    n: u64,
    c: &StateChanges,
    record: bool,
) -> Result<(), StoreError> {
    apply_state_journaled(w, n, c, record, None)
}

/// [`apply_state`], optionally writing an undo journal: per changed key its tag, key, whether
/// this call created the key's history entry for block `n`, and the previous value.
pub(crate) fn apply_state_journaled(
    w: &WriteTransaction,
    n: u64,
    c: &StateChanges,
    record: bool,
    journal: Option<&mut Vec<u8>>,
) -> Result<(), StoreError> {
    let mut sw = StateWriter {
        accounts: w.open_table(ACCOUNTS)?,
        storage: w.open_table(STORAGE)?,
        acc_hist: w.open_table(ACCOUNT_HISTORY)?,
        slot_hist: w.open_table(STORAGE_HISTORY)?,
        n,
        record,
        changed: Vec::new(),
        journal,
    };
    let mut to_wipe: Vec<Address> = c.wiped.clone();
    to_wipe.extend(c.accounts.iter().filter(|(_, v)| v.is_none()).map(|(a, _)| *a));
    for addr in to_wipe {
        sw.wipe_storage(addr)?;
    }
    for (addr, acc) in &c.accounts {
        sw.set_account(addr.0.0, acc.as_ref())?;
    }
    for ((addr, slot), val) in &c.storage {
        sw.set_slot(slot_key(*addr, *slot), *val)?;
    }
    let mut codes = w.open_table(CODES)?;
    for (h, code) in &c.codes {
        codes.insert(&h.0, code.as_ref())?;
    }
    if record && !sw.changed.is_empty() {
        let mut cs = w.open_table(CHANGESETS)?;
        let mut all = cs.get(n)?.map(|v| v.value().to_vec()).unwrap_or_default();
        all.extend_from_slice(&sw.changed);
        cs.insert(n, all.as_slice())?;
    }
    Ok(())
}

/// The latest-state tables of one write, with the history of block `n` (when `record`), the
/// block's change set being collected and the optional dev-edit undo journal.
struct StateWriter<'w, 'j> {
    accounts: redb::Table<'w, &'static [u8; 20], &'static [u8]>,
    storage: redb::Table<'w, &'static [u8; 52], &'static [u8; 32]>,
    acc_hist: redb::Table<'w, &'static [u8; 28], &'static [u8]>,
    slot_hist: redb::Table<'w, &'static [u8; 60], &'static [u8; 32]>,
    n: u64,
    record: bool,
    changed: Vec<u8>,
    journal: Option<&'j mut Vec<u8>>,
}

impl StateWriter<'_, '_> {
    /// Set one storage slot (zero deletes it), keeping its previous value in the history.
    fn set_slot(&mut self, key: [u8; 52], val: U256) -> Result<(), StoreError> {
        let old = self.storage.get(&key)?.map(|v| *v.value()).unwrap_or([0u8; 32]);
        let mut created = false;
        if self.record {
            let hk = slot_hist_key(&key, self.n);
            if self.slot_hist.get(&hk)?.is_none() {
                self.slot_hist.insert(&hk, &old)?;
                self.changed.push(b'S');
                self.changed.extend_from_slice(&key);
                created = true;
            }
        }
        if let Some(j) = self.journal.as_deref_mut() {
            j.push(b'S');
            j.extend_from_slice(&key);
            j.push(u8::from(created));
            j.extend_from_slice(&old);
        }
        if val.is_zero() {
            self.storage.remove(&key)?;
        } else {
            self.storage.insert(&key, &val.to_be_bytes::<32>())?;
        }
        Ok(())
    }

    /// Clear every storage slot of `addr` (a destroyed or wiped account).
    fn wipe_storage(&mut self, addr: Address) -> Result<(), StoreError> {
        let mut start = [0u8; 52];
        start[..20].copy_from_slice(addr.as_slice());
        let mut end = [0xffu8; 52];
        end[..20].copy_from_slice(addr.as_slice());
        let keys: Vec<[u8; 52]> = self
            .storage
            .range::<&[u8; 52]>(&start..=&end)?
            .map(|e| e.map(|(k, _)| *k.value()))
            .collect::<Result<_, _>>()?;
        for k in keys {
            self.set_slot(k, U256::ZERO)?;
        }
        Ok(())
    }

    /// Set (or delete, for `None`) one account, keeping its previous value in the history.
    fn set_account(&mut self, key: [u8; 20], acc: Option<&AccountInfo>) -> Result<(), StoreError> {
        let old: Vec<u8> = self.accounts.get(&key)?.map(|v| v.value().to_vec()).unwrap_or_default();
        let mut created = false;
        if self.record {
            let hk = acc_hist_key(&key, self.n);
            if self.acc_hist.get(&hk)?.is_none() {
                self.acc_hist.insert(&hk, old.as_slice())?;
                self.changed.push(b'A');
                self.changed.extend_from_slice(&key);
                created = true;
            }
        }
        if let Some(j) = self.journal.as_deref_mut() {
            j.push(b'A');
            j.extend_from_slice(&key);
            j.push(u8::from(created));
            // An encoded account is AccountInfo::ENCODED_LEN (72) bytes or empty.
            j.push(u8::try_from(old.len()).unwrap_or(u8::MAX));
            j.extend_from_slice(&old);
        }
        match acc {
            Some(a) => {
                self.accounts.insert(&key, a.encode().as_slice())?;
            }
            None => {
                self.accounts.remove(&key)?;
            }
        }
        Ok(())
    }
}
