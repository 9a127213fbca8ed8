//! A read-only, consistent view of the state at one block.

use super::StoreError;
use super::tables::*;
use alloy_primitives::{Address, B256, Bytes, KECCAK256_EMPTY, U256};
use redb::{ReadOnlyTable, ReadTransaction};
use tao_chain::state::{AccountInfo, StateError, StateView};

/// State after a given block, read from one redb snapshot.
pub struct StoreStateView {
    at: Option<u64>,
    accounts: ReadOnlyTable<&'static [u8; 20], &'static [u8]>,
    storage: ReadOnlyTable<&'static [u8; 52], &'static [u8; 32]>,
    acc_hist: ReadOnlyTable<&'static [u8; 28], &'static [u8]>,
    slot_hist: ReadOnlyTable<&'static [u8; 60], &'static [u8; 32]>,
    codes: ReadOnlyTable<&'static [u8; 32], &'static [u8]>,
}

impl std::fmt::Debug for StoreStateView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreStateView").field("at", &self.at).finish()
    }
}

fn be(e: impl std::fmt::Display) -> StateError {
    StateError::Backend(e.to_string())
}

impl StoreStateView {
    pub(super) fn new(r: ReadTransaction, at: Option<u64>) -> Result<Self, StoreError> {
        Ok(Self {
            at,
            accounts: r.open_table(ACCOUNTS)?,
            storage: r.open_table(STORAGE)?,
            acc_hist: r.open_table(ACCOUNT_HISTORY)?,
            slot_hist: r.open_table(STORAGE_HISTORY)?,
            codes: r.open_table(CODES)?,
        })
    }

    /// The block this view reads at; `None` means the head.
    pub fn block(&self) -> Option<u64> {
        self.at
    }
}

impl StateView for StoreStateView {
    fn account(&self, addr: Address) -> Result<Option<AccountInfo>, StateError> {
        let key: [u8; 20] = addr.0.0;
        let raw: Option<Vec<u8>> = match self.at {
            Some(n) => {
                let start = acc_hist_key(&key, n + 1);
                let end = acc_hist_key(&key, u64::MAX);
                let mut it = self.acc_hist.range::<&[u8; 28]>(&start..=&end).map_err(be)?;
                match it.next() {
                    Some(e) => {
                        let (_, v) = e.map_err(be)?;
                        let v = v.value();
                        if v.is_empty() { None } else { Some(v.to_vec()) }
                    }
                    None => self.accounts.get(&key).map_err(be)?.map(|v| v.value().to_vec()),
                }
            }
            None => self.accounts.get(&key).map_err(be)?.map(|v| v.value().to_vec()),
        };
        match raw {
            Some(b) => AccountInfo::decode(&b)
                .map(Some)
                .ok_or_else(|| StateError::Backend("corrupt account record".into())),
            None => Ok(None),
        }
    }

    fn storage(&self, addr: Address, slot: U256) -> Result<U256, StateError> {
        let key = slot_key(addr, slot);
        if let Some(n) = self.at {
            let start = slot_hist_key(&key, n + 1);
            let end = slot_hist_key(&key, u64::MAX);
            let mut it = self.slot_hist.range::<&[u8; 60]>(&start..=&end).map_err(be)?;
            if let Some(e) = it.next() {
                let (_, v) = e.map_err(be)?;
                return Ok(U256::from_be_bytes(*v.value()));
            }
        }
        Ok(self
            .storage
            .get(&key)
            .map_err(be)?
            .map(|v| U256::from_be_bytes(*v.value()))
            .unwrap_or_default())
    }

    fn code(&self, hash: B256) -> Result<Option<Bytes>, StateError> {
        if hash == KECCAK256_EMPTY {
            return Ok(Some(Bytes::new()));
        }
        Ok(self.codes.get(&hash.0).map_err(be)?.map(|v| Bytes::copy_from_slice(v.value())))
    }
}
