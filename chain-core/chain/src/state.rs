//! The world state: accounts (nonce, balance, code hash), contract storage and code.
//!
//! Everything lives here: EVM accounts, native module state (as storage of reserved system
//! accounts) and, later, ink! contract storage. Readers see it through [`StateView`]; a block's
//! effect is one [`StateChanges`] diff, applied atomically by the store.

use alloy_primitives::{Address, B256, Bytes, KECCAK256_EMPTY, U256, keccak256};
use std::collections::{BTreeMap, HashMap};

/// One account's header in the world state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccountInfo {
    /// Transactions sent (EOA) or contracts created (contract).
    pub nonce: u64,
    /// Balance in wei (18 decimals).
    pub balance: U256,
    /// keccak256 of the code; [`KECCAK256_EMPTY`] for accounts without code.
    pub code_hash: B256,
}

impl Default for AccountInfo {
    fn default() -> Self {
        Self { nonce: 0, balance: U256::ZERO, code_hash: KECCAK256_EMPTY }
    }
}

impl AccountInfo {
    /// Encoded size in the store.
    pub const ENCODED_LEN: usize = 72;

    /// Fixed-width encoding: nonce (8, BE) | balance (32, BE) | code hash (32).
    pub fn encode(&self) -> [u8; Self::ENCODED_LEN] {
        let mut out = [0u8; Self::ENCODED_LEN];
        out[..8].copy_from_slice(&self.nonce.to_be_bytes());
        out[8..40].copy_from_slice(&self.balance.to_be_bytes::<32>());
        out[40..].copy_from_slice(self.code_hash.as_slice());
        out
    }

    /// Inverse of [`AccountInfo::encode`]; `None` on a wrong length.
    pub fn decode(b: &[u8]) -> Option<Self> {
        if b.len() != Self::ENCODED_LEN {
            return None;
        }
        let nonce = u64::from_be_bytes(b.get(..8)?.try_into().ok()?);
        let balance = U256::from_be_slice(b.get(8..40)?);
        let code_hash = B256::from_slice(b.get(40..)?);
        Some(Self { nonce, balance, code_hash })
    }

    /// True for an account that EIP-161 treats as empty.
    pub fn is_empty(&self) -> bool {
        self.nonce == 0 && self.balance.is_zero() && self.code_hash == KECCAK256_EMPTY
    }
}

/// Errors reading state.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// The backing store failed.
    #[error("state backend: {0}")]
    Backend(String),
    /// The requested block's state is not available (pruned or in the future).
    #[error("state for block {0} is not available")]
    Unavailable(u64),
}

/// Read access to one version of the world state.
pub trait StateView {
    /// The account at `addr`, `None` if it does not exist.
    fn account(&self, addr: Address) -> Result<Option<AccountInfo>, StateError>;
    /// A storage slot; zero if unset.
    fn storage(&self, addr: Address, slot: U256) -> Result<U256, StateError>;
    /// Code by hash.
    fn code(&self, hash: B256) -> Result<Option<Bytes>, StateError>;
}

impl<T: StateView + ?Sized> StateView for &T {
    fn account(&self, addr: Address) -> Result<Option<AccountInfo>, StateError> {
        (**self).account(addr)
    }
    fn storage(&self, addr: Address, slot: U256) -> Result<U256, StateError> {
        (**self).storage(addr, slot)
    }
    fn code(&self, hash: B256) -> Result<Option<Bytes>, StateError> {
        (**self).code(hash)
    }
}

/// The net effect of a block (or of a dev-mode edit) on the world state. Produced by the
/// executor; applied atomically by the store, which also keeps the previous values as history.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StateChanges {
    /// New account headers; `None` deletes the account (and its storage).
    pub accounts: BTreeMap<Address, Option<AccountInfo>>,
    /// Accounts whose storage is wiped before `storage` is applied (re-created or destroyed).
    pub wiped: Vec<Address>,
    /// New slot values (zero deletes the slot).
    pub storage: BTreeMap<(Address, U256), U256>,
    /// New code, by hash.
    pub codes: BTreeMap<B256, Bytes>,
}

impl StateChanges {
    /// True when nothing changes.
    pub fn is_empty(&self) -> bool {
        self.accounts.is_empty() && self.wiped.is_empty() && self.storage.is_empty()
    }

    /// Merge `later` on top of `self` (later writes win).
    pub fn extend(&mut self, later: StateChanges) {
        for a in later.wiped {
            self.storage.retain(|(addr, _), _| *addr != a);
            if !self.wiped.contains(&a) {
                self.wiped.push(a);
            }
        }
        self.accounts.extend(later.accounts);
        self.storage.extend(later.storage);
        self.codes.extend(later.codes);
    }

    /// A deterministic commitment to this diff, chained onto the parent's state root.
    ///
    /// taochain's state root is `keccak256(parent_root || keccak256(encoded diff))`: a hash
    /// chain over every state change since genesis. Two nodes that executed the same blocks
    /// agree on it, and it is cheap to compute per block. It is not a Merkle-Patricia root, so
    /// `eth_getProof` is not offered.
    pub fn commit_onto(&self, parent_root: B256) -> B256 {
        let capacity = self
            .accounts
            .len()
            .saturating_mul(93)
            .saturating_add(self.storage.len().saturating_mul(84))
            .saturating_add(64);
        let mut buf = Vec::with_capacity(capacity);
        for (addr, acc) in &self.accounts {
            buf.push(b'A');
            buf.extend_from_slice(addr.as_slice());
            match acc {
                Some(a) => buf.extend_from_slice(&a.encode()),
                None => buf.push(0),
            }
        }
        let mut wiped = self.wiped.clone();
        wiped.sort();
        for addr in wiped {
            buf.push(b'W');
            buf.extend_from_slice(addr.as_slice());
        }
        for ((addr, slot), val) in &self.storage {
            buf.push(b'S');
            buf.extend_from_slice(addr.as_slice());
            buf.extend_from_slice(&slot.to_be_bytes::<32>());
            buf.extend_from_slice(&val.to_be_bytes::<32>());
        }
        let diff = keccak256(&buf);
        let mut both = [0u8; 64];
        both[..32].copy_from_slice(parent_root.as_slice());
        both[32..].copy_from_slice(diff.as_slice());
        keccak256(both)
    }
}

/// A complete world state held in memory: used by tests, the offline tools and genesis.
#[derive(Debug, Clone, Default)]
pub struct MemoryState {
    /// Accounts.
    pub accounts: HashMap<Address, AccountInfo>,
    /// Storage.
    pub storage: HashMap<(Address, U256), U256>,
    /// Code by hash.
    pub codes: HashMap<B256, Bytes>,
}

impl MemoryState {
    /// Apply a diff.
    pub fn apply(&mut self, c: &StateChanges) {
        for a in &c.wiped {
            self.storage.retain(|(addr, _), _| addr != a);
        }
        for (addr, acc) in &c.accounts {
            match acc {
                Some(a) => {
                    self.accounts.insert(*addr, *a);
                }
                None => {
                    self.accounts.remove(addr);
                    self.storage.retain(|(x, _), _| x != addr);
                }
            }
        }
        for (k, v) in &c.storage {
            if v.is_zero() {
                self.storage.remove(k);
            } else {
                self.storage.insert(*k, *v);
            }
        }
        for (h, code) in &c.codes {
            self.codes.insert(*h, code.clone());
        }
    }
}

impl StateView for MemoryState {
    fn account(&self, addr: Address) -> Result<Option<AccountInfo>, StateError> {
        Ok(self.accounts.get(&addr).copied())
    }
    fn storage(&self, addr: Address, slot: U256) -> Result<U256, StateError> {
        Ok(self.storage.get(&(addr, slot)).copied().unwrap_or_default())
    }
    fn code(&self, hash: B256) -> Result<Option<Bytes>, StateError> {
        if hash == KECCAK256_EMPTY {
            return Ok(Some(Bytes::new()));
        }
        Ok(self.codes.get(&hash).cloned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_encoding_round_trips() {
        let a = AccountInfo {
            nonce: 7,
            balance: U256::from(123456789u64),
            code_hash: B256::repeat_byte(3),
        };
        assert_eq!(AccountInfo::decode(&a.encode()), Some(a));
        assert_eq!(AccountInfo::decode(&[0u8; 3]), None);
    }

    #[test]
    fn commitment_depends_on_parent_and_content() {
        let mut c = StateChanges::default();
        c.storage.insert((Address::ZERO, U256::from(1)), U256::from(2));
        let r1 = c.commit_onto(B256::ZERO);
        assert_ne!(r1, c.commit_onto(B256::repeat_byte(1)));
        c.storage.insert((Address::ZERO, U256::from(1)), U256::from(3));
        assert_ne!(r1, c.commit_onto(B256::ZERO));
    }

    #[test]
    fn memory_state_applies_wipes_and_deletes() {
        let mut s = MemoryState::default();
        let a = Address::repeat_byte(1);
        let mut c = StateChanges::default();
        c.accounts.insert(a, Some(AccountInfo { nonce: 1, ..Default::default() }));
        c.storage.insert((a, U256::from(5)), U256::from(9));
        s.apply(&c);
        assert_eq!(s.storage(a, U256::from(5)).unwrap(), U256::from(9));
        let mut d = StateChanges::default();
        d.wiped.push(a);
        s.apply(&d);
        assert_eq!(s.storage(a, U256::from(5)).unwrap(), U256::ZERO);
        assert_eq!(s.account(a).unwrap().unwrap().nonce, 1);
    }
}
