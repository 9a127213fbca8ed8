//! Table definitions and key layouts.

use alloy_primitives::{Address, U256};
use redb::{TableDefinition, WriteTransaction};

pub(super) const META: TableDefinition<&str, &[u8]> = TableDefinition::new("meta");
pub(super) const META_HEAD: &str = "head";
pub(super) const HEADERS: TableDefinition<u64, &[u8]> = TableDefinition::new("headers");
pub(super) const HASH_BY_NUMBER: TableDefinition<u64, &[u8; 32]> =
    TableDefinition::new("hash_by_number");
pub(super) const NUMBER_BY_HASH: TableDefinition<&[u8; 32], u64> =
    TableDefinition::new("number_by_hash");
pub(super) const BODIES: TableDefinition<u64, &[u8]> = TableDefinition::new("bodies");
pub(super) const RECEIPTS: TableDefinition<u64, &[u8]> = TableDefinition::new("receipts");
/// tx hash -> block (8, BE) | index (4, BE)
pub(super) const TX_INDEX: TableDefinition<&[u8; 32], &[u8; 12]> = TableDefinition::new("tx_index");
/// address -> AccountInfo::encode
pub(super) const ACCOUNTS: TableDefinition<&[u8; 20], &[u8]> = TableDefinition::new("accounts");
/// address | slot -> value
pub(super) const STORAGE: TableDefinition<&[u8; 52], &[u8; 32]> = TableDefinition::new("storage");
/// address | block -> account before the block (empty = did not exist)
pub(super) const ACCOUNT_HISTORY: TableDefinition<&[u8; 28], &[u8]> =
    TableDefinition::new("account_history");
/// address | slot | block -> slot value before the block
pub(super) const STORAGE_HISTORY: TableDefinition<&[u8; 60], &[u8; 32]> =
    TableDefinition::new("storage_history");
/// block -> keys changed in it ('A' + 20 bytes | 'S' + 52 bytes)...
pub(super) const CHANGESETS: TableDefinition<u64, &[u8]> = TableDefinition::new("changesets");
/// block | seq -> one dev-mode state edit applied on top of that block, with the previous
/// values, so snapshots taken between edits can be restored exactly.
pub(super) const DEV_EDITS: TableDefinition<&[u8; 16], &[u8]> = TableDefinition::new("dev_edits");
/// code hash -> code
pub(super) const CODES: TableDefinition<&[u8; 32], &[u8]> = TableDefinition::new("codes");

pub(super) fn create_all(w: &WriteTransaction) -> Result<(), redb::TableError> {
    w.open_table(META)?;
    w.open_table(HEADERS)?;
    w.open_table(HASH_BY_NUMBER)?;
    w.open_table(NUMBER_BY_HASH)?;
    w.open_table(BODIES)?;
    w.open_table(RECEIPTS)?;
    w.open_table(TX_INDEX)?;
    w.open_table(ACCOUNTS)?;
    w.open_table(STORAGE)?;
    w.open_table(ACCOUNT_HISTORY)?;
    w.open_table(STORAGE_HISTORY)?;
    w.open_table(CHANGESETS)?;
    w.open_table(CODES)?;
    w.open_table(DEV_EDITS)?;
    Ok(())
}

pub(super) fn slot_key(addr: Address, slot: U256) -> [u8; 52] {
    let mut k = [0u8; 52];
    k[..20].copy_from_slice(addr.as_slice());
    k[20..].copy_from_slice(&slot.to_be_bytes::<32>());
    k
}

pub(super) fn slot_hist_key(slot_key: &[u8; 52], n: u64) -> [u8; 60] {
    let mut k = [0u8; 60];
    k[..52].copy_from_slice(slot_key);
    k[52..].copy_from_slice(&n.to_be_bytes());
    k
}

pub(super) fn acc_hist_key(addr: &[u8; 20], n: u64) -> [u8; 28] {
    let mut k = [0u8; 28];
    k[..20].copy_from_slice(addr);
    k[20..].copy_from_slice(&n.to_be_bytes());
    k
}

pub(super) fn dev_key(n: u64, seq: u64) -> [u8; 16] {
    let mut k = [0u8; 16];
    k[..8].copy_from_slice(&n.to_be_bytes());
    k[8..].copy_from_slice(&seq.to_be_bytes());
    k
}
