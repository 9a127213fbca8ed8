//! A copy of every table (dev-mode `anvil_dumpState` / `anvil_loadState`): blocks, receipts,
//! indexes, the latest state (the native Bittensor state included: it is storage of the
//! native account) and its history, so a store loaded from a dump is the same chain at the
//! same head, with the same state at every earlier block.
//!
//! Rows are raw key and value bytes in the layouts of [`crate::tables`]; the format carrying
//! them (names, versions) belongs to the caller.

use crate::tables::*;
use crate::{Store, StoreError, decode_u64};
use redb::{ReadableDatabase, ReadableTable, TableDefinition, TableHandle};
use std::collections::BTreeMap;
use tao_chain::block::{decode_body, decode_header, decode_receipts};

/// Every table of a store: table name → its (key, value) rows in key order.
pub type StoreDump = BTreeMap<String, Vec<(Vec<u8>, Vec<u8>)>>;

/// The names of the tables a dump holds, all of them.
pub fn table_names() -> [&'static str; 14] {
    [
        META.name(),
        HEADERS.name(),
        HASH_BY_NUMBER.name(),
        NUMBER_BY_HASH.name(),
        BODIES.name(),
        RECEIPTS.name(),
        TX_INDEX.name(),
        ACCOUNTS.name(),
        STORAGE.name(),
        ACCOUNT_HISTORY.name(),
        STORAGE_HISTORY.name(),
        CHANGESETS.name(),
        DEV_EDITS.name(),
        CODES.name(),
    ]
}

fn bad(msg: impl Into<String>) -> StoreError {
    StoreError::BadDump(msg.into())
}

fn fixed<'a, const N: usize>(b: &'a [u8], table: &str) -> Result<&'a [u8; N], StoreError> {
    b.try_into()
        .map_err(|_| bad(format!("{table}: a {}-byte field where {N} are expected", b.len())))
}

fn number(b: &[u8], table: &str) -> Result<u64, StoreError> {
    Ok(u64::from_be_bytes(*fixed::<8>(b, table)?))
}

/// Copies one table's rows out; `k` and `v` turn a key and a value into bytes.
macro_rules! export {
    ($r:expr, $out:expr, $def:expr, |$k:ident| $kb:expr, |$v:ident| $vb:expr) => {{
        let t = $r.open_table($def)?;
        let mut rows = Vec::new();
        for e in t.iter()? {
            let (k, v) = e?;
            let ($k, $v) = (k.value(), v.value());
            rows.push(($kb, $vb));
        }
        $out.insert($def.name().to_string(), rows);
    }};
}

/// Writes one table's rows of `dump` into the emptied table; `k` and `v` turn bytes back.
macro_rules! import {
    ($w:expr, $dump:expr, $def:expr, |$k:ident| $kd:expr, |$v:ident| $vd:expr) => {{
        let name = $def.name();
        $w.delete_table($def)?;
        let mut t = $w.open_table($def)?;
        for (kb, vb) in $dump.get(name).map(Vec::as_slice).unwrap_or_default() {
            let ($k, $v) = (kb.as_slice(), vb.as_slice());
            t.insert($kd, $vd)?;
        }
    }};
}

impl Store {
    /// Every row of every table, read in one consistent transaction.
    pub fn export(&self) -> Result<StoreDump, StoreError> {
        let r = self.db.begin_read()?;
        let mut out = StoreDump::new();
        export!(r, out, META, |k| k.as_bytes().to_vec(), |v| v.to_vec());
        export!(r, out, HEADERS, |k| k.to_be_bytes().to_vec(), |v| v.to_vec());
        export!(r, out, HASH_BY_NUMBER, |k| k.to_be_bytes().to_vec(), |v| v.to_vec());
        export!(r, out, NUMBER_BY_HASH, |k| k.to_vec(), |v| v.to_be_bytes().to_vec());
        export!(r, out, BODIES, |k| k.to_be_bytes().to_vec(), |v| v.to_vec());
        export!(r, out, RECEIPTS, |k| k.to_be_bytes().to_vec(), |v| v.to_vec());
        export!(r, out, TX_INDEX, |k| k.to_vec(), |v| v.to_vec());
        export!(r, out, ACCOUNTS, |k| k.to_vec(), |v| v.to_vec());
        export!(r, out, STORAGE, |k| k.to_vec(), |v| v.to_vec());
        export!(r, out, ACCOUNT_HISTORY, |k| k.to_vec(), |v| v.to_vec());
        export!(r, out, STORAGE_HISTORY, |k| k.to_vec(), |v| v.to_vec());
        export!(r, out, CHANGESETS, |k| k.to_be_bytes().to_vec(), |v| v.to_vec());
        export!(r, out, DEV_EDITS, |k| k.to_vec(), |v| v.to_vec());
        export!(r, out, CODES, |k| k.to_vec(), |v| v.to_vec());
        Ok(out)
    }

    /// Replaces every table with the rows of `dump`, in one write transaction: a dump that is
    /// malformed ([`StoreError::BadDump`]: an unknown or missing table, a field of the wrong size, no
    /// head, a head block that does not decode) or of another chain (a genesis hash other
    /// than this store's) changes nothing.
    pub fn import(&self, dump: &StoreDump) -> Result<(), StoreError> {
        let names = table_names();
        if let Some(t) = dump.keys().find(|t| !names.contains(&t.as_str())) {
            return Err(bad(format!("unknown table {t:?}")));
        }
        if let Some(t) = names.iter().find(|t| !dump.contains_key(**t)) {
            return Err(bad(format!("table {t:?} missing")));
        }
        let genesis = self.genesis_hash()?.ok_or(StoreError::Empty)?;
        let w = self.db.begin_write()?;
        import!(
            w,
            dump,
            META,
            |k| std::str::from_utf8(k).map_err(|_| bad("meta: a key that is not text"))?,
            |v| v
        );
        import!(w, dump, HEADERS, |k| number(k, "headers")?, |v| v);
        import!(w, dump, HASH_BY_NUMBER, |k| number(k, "hash_by_number")?, |v| fixed::<32>(
            v,
            "hash_by_number"
        )?);
        import!(w, dump, NUMBER_BY_HASH, |k| fixed::<32>(k, "number_by_hash")?, |v| number(
            v,
            "number_by_hash"
        )?);
        import!(w, dump, BODIES, |k| number(k, "bodies")?, |v| v);
        import!(w, dump, RECEIPTS, |k| number(k, "receipts")?, |v| v);
        import!(w, dump, TX_INDEX, |k| fixed::<32>(k, "tx_index")?, |v| fixed::<12>(
            v, "tx_index"
        )?);
        import!(w, dump, ACCOUNTS, |k| fixed::<20>(k, "accounts")?, |v| v);
        import!(w, dump, STORAGE, |k| fixed::<52>(k, "storage")?, |v| fixed::<32>(v, "storage")?);
        import!(w, dump, ACCOUNT_HISTORY, |k| fixed::<28>(k, "account_history")?, |v| v);
        import!(w, dump, STORAGE_HISTORY, |k| fixed::<60>(k, "storage_history")?, |v| fixed::<32>(
            v,
            "storage_history"
        )?);
        import!(w, dump, CHANGESETS, |k| number(k, "changesets")?, |v| v);
        import!(w, dump, DEV_EDITS, |k| fixed::<16>(k, "dev_edits")?, |v| v);
        import!(w, dump, CODES, |k| fixed::<32>(k, "codes")?, |v| v);
        check_imported(&w, genesis)?;
        w.commit()?;
        self.committed_unknown();
        Ok(())
    }
}

/// The imported tables hold this chain's genesis and a head whose header, hash, body and
/// receipts are present and decode.
fn check_imported(
    w: &redb::WriteTransaction,
    genesis: alloy_primitives::B256,
) -> Result<(), StoreError> {
    let head = {
        let t = w.open_table(META)?;
        let v = t.get(META_HEAD)?.ok_or_else(|| bad("no head"))?;
        decode_u64(v.value()).map_err(|_| bad("meta: a head that is not 8 bytes"))?
    };
    let hashes = w.open_table(HASH_BY_NUMBER)?;
    let found = hashes.get(0u64)?.map(|v| alloy_primitives::B256::from(v.value()));
    if found != Some(genesis) {
        let found = found.map_or("none".to_string(), |h| format!("{h}"));
        return Err(bad(format!("the dump's genesis is {found}, this node's is {genesis}")));
    }
    let missing = |what: &str| bad(format!("head block {head}: no {what}"));
    hashes.get(head)?.ok_or_else(|| missing("hash"))?;
    let check = |def: TableDefinition<u64, &[u8]>, what: &str| -> Result<Vec<u8>, StoreError> {
        let t = w.open_table(def)?;
        let v = t.get(head)?.ok_or_else(|| missing(what))?;
        Ok(v.value().to_vec())
    };
    decode_header(&check(HEADERS, "header")?).map_err(|e| bad(format!("head header: {e}")))?;
    decode_body(&check(BODIES, "body")?).map_err(|e| bad(format!("head body: {e}")))?;
    decode_receipts(&check(RECEIPTS, "receipts")?)
        .map_err(|e| bad(format!("head receipts: {e}")))?;
    Ok(())
}
