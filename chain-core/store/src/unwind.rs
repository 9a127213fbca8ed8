//! Rolling the chain back: unwinding whole blocks from their change sets (dev-mode
//! `evm_revert`) and undoing single dev edits (`anvil_setBalance`, ...) from their journal.

use crate::tables::*;
use crate::{StoreError, corrupt};
use redb::{ReadableTable, WriteTransaction};
use tao_chain::block::decode_body;
use tao_chain::state::AccountInfo;

pub(crate) fn unwind_block(w: &WriteTransaction, n: u64) -> Result<(), StoreError> {
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

pub(crate) fn last_dev_seq(
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
pub(crate) fn undo_dev_edit(w: &WriteTransaction, n: u64, j: &[u8]) -> Result<(), StoreError> {
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
