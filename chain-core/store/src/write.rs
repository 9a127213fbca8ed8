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
use tao_chain::state::StateChanges;

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
