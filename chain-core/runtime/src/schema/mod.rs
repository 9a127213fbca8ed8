//! Names and slots of every native storage item.
//!
//! An item is a `u16` id; a key is the item id plus its key parts (netuid, uid, hotkey, ...),
//! hashed like a Solidity mapping: `slot = keccak256("taochain.native" || id || parts...)`.
//! Byte strings (sparse rows, identities) keep their length at the slot and their 32-byte
//! chunks at `keccak256(slot || chunk index)`. Ids are grouped: 1-99 global, 100-199 registry
//! (subnets, neurons, weights: [`registry`]), 200-301 stake and pools ([`stake`]), 1000-1099 ink!
//! contracts ([`wasm`]). Ids are part
//! of the chain's state format: never renumber one.

pub mod registry;
pub mod stake;
pub mod wasm;

pub use registry::*;
pub use stake::*;
pub use wasm::*;

use alloy_primitives::{B256, keccak256};
use tao_primitives::{AccountId32, NetUid, Uid};

const DOMAIN: &[u8] = b"taochain.native";

/// A storage key: an item and its key parts, reduced to a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    slot: B256,
}

impl Key {
    /// The key of item `id` with key `parts`.
    pub fn new(id: u16, parts: &[&[u8]]) -> Self {
        let parts_len =
            parts.iter().fold(0usize, |a, p| a.saturating_add(p.len()).saturating_add(1));
        let mut buf = Vec::with_capacity(DOMAIN.len().saturating_add(2).saturating_add(parts_len));
        buf.extend_from_slice(DOMAIN);
        buf.extend_from_slice(&id.to_be_bytes());
        for p in parts {
            // Length-prefix each part so that different splits never collide.
            // Parts are ids and numbers (at most 32 bytes), so the length fits in a byte.
            buf.push(u8::try_from(p.len()).unwrap_or(u8::MAX));
            buf.extend_from_slice(p);
        }
        let slot = keccak256(&buf);
        #[cfg(test)]
        trace::record(slot, id, parts);
        Self { slot }
    }
    /// The slot.
    pub fn slot(&self) -> B256 {
        self.slot
    }
    /// The slot of chunk `i` of a byte-string item.
    pub fn chunk(&self, i: u64) -> B256 {
        let mut buf = [0u8; 40];
        buf[..32].copy_from_slice(self.slot.as_slice());
        buf[32..].copy_from_slice(&i.to_be_bytes());
        let chunk = keccak256(buf);
        #[cfg(test)]
        trace::record_chunk(self.slot, chunk);
        chunk
    }
}

/// Tests only: which item and key parts made each slot this thread has seen, so a test can
/// name every slot a store holds (e.g. "nothing keyed by a dissolved netuid is left").
#[cfg(test)]
pub(crate) mod trace {
    use alloy_primitives::B256;
    use std::cell::RefCell;
    use std::collections::HashMap;

    /// An item id and its key parts.
    pub(crate) type Label = (u16, Vec<Vec<u8>>);

    thread_local! {
        static LABELS: RefCell<HashMap<B256, Label>> = RefCell::new(HashMap::new());
    }

    pub(super) fn record(slot: B256, id: u16, parts: &[&[u8]]) {
        LABELS.with(|l| {
            l.borrow_mut()
                .entry(slot)
                .or_insert_with(|| (id, parts.iter().map(|p| p.to_vec()).collect()));
        });
    }

    pub(super) fn record_chunk(slot: B256, chunk: B256) {
        LABELS.with(|l| {
            let mut l = l.borrow_mut();
            if let Some(label) = l.get(&slot).cloned() {
                l.entry(chunk).or_insert(label);
            }
        });
    }

    /// The item and key parts of `slot`, if this thread made its key.
    pub(crate) fn label(slot: &B256) -> Option<Label> {
        LABELS.with(|l| l.borrow().get(slot).cloned())
    }
}

// ---- global items (1-99) ----

/// Total TAO issuance, **wei** (U256): every EVM balance plus every native TAO amount (pool
/// reserves, locks, native balances), so that burned EIP-1559 fees (arbitrary wei) stay exact.
pub const TOTAL_ISSUANCE: u16 = 1;
/// Free balance of a 32-byte account that is not an EVM address, RAO (u64).
pub const NATIVE_BALANCE: u16 = 2;
/// Cumulative TAO recycled (burned fees, registration burns), wei (U256).
pub const TOTAL_RECYCLED: u16 = 3;
/// The EVM address whose twin a 32-byte id is, once the chain has seen it (the reverse index of
/// `blake2b-256("evm:" ‖ address)`): `1 << 160 | address`, 0 = unknown.
pub const EVM_ADDRESS_OF: u16 = 263;
/// The indexed set of 32-byte ids holding a native balance (`NATIVE_BALANCE` > 0).
pub const NATIVE_HOLDERS: u16 = 264;
/// Index items of [`NATIVE_HOLDERS`].
pub const NATIVE_HOLDER_INDEX: u16 = 265;

/// Key of [`TOTAL_ISSUANCE`].
pub fn total_issuance() -> Key {
    Key::new(TOTAL_ISSUANCE, &[])
}
/// Key of [`TOTAL_RECYCLED`].
pub fn total_recycled() -> Key {
    Key::new(TOTAL_RECYCLED, &[])
}
/// Key of [`NATIVE_BALANCE`].
pub fn native_balance(who: &AccountId32) -> Key {
    Key::new(NATIVE_BALANCE, &[who.as_bytes()])
}

/// Key of a per-subnet item.
pub fn by_netuid(id: u16, netuid: NetUid) -> Key {
    Key::new(id, &[&netuid.get().to_be_bytes()])
}
/// Key of a per-neuron item.
pub fn by_uid(id: u16, netuid: NetUid, uid: Uid) -> Key {
    Key::new(id, &[&netuid.get().to_be_bytes(), &uid.get().to_be_bytes()])
}
/// Key of a per-account item.
pub fn by_account(id: u16, who: &AccountId32) -> Key {
    Key::new(id, &[who.as_bytes()])
}
/// Key of a per-(subnet, account) item.
pub fn by_netuid_account(id: u16, netuid: NetUid, who: &AccountId32) -> Key {
    Key::new(id, &[&netuid.get().to_be_bytes(), who.as_bytes()])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every storage item id is declared once across the schema files: two modules sharing an
    /// id would read and write each other's slots.
    #[test]
    fn item_ids_are_unique() {
        let sources =
            [include_str!("mod.rs"), include_str!("registry.rs"), include_str!("stake.rs")];
        let mut seen = std::collections::BTreeMap::new();
        for line in sources.iter().flat_map(|s| s.lines()) {
            let Some(rest) = line.trim().strip_prefix("pub const ") else { continue };
            let Some((name, value)) = rest.split_once(": u16 = ") else { continue };
            let id: u16 = value.trim_end_matches(';').trim().parse().expect("a literal id");
            if let Some(other) = seen.insert(id, name.to_string()) {
                panic!("item id {id} is used by both {other} and {name}");
            }
        }
        assert!(seen.len() > 100, "the scan found the schema's ids ({})", seen.len());
    }

    #[test]
    fn keys_are_distinct_and_stable() {
        let a = by_uid(KEYS, NetUid(1), Uid(2));
        assert_eq!(a, by_uid(KEYS, NetUid(1), Uid(2)));
        assert_ne!(a, by_uid(KEYS, NetUid(2), Uid(1)));
        assert_ne!(a, by_uid(LAST_UPDATE, NetUid(1), Uid(2)));
        assert_ne!(Key::new(7, &[b"ab", b"c"]), Key::new(7, &[b"a", b"bc"]));
        assert_ne!(a.chunk(0), a.chunk(1));
        // Pinned: changing the derivation changes every slot of every chain.
        assert_eq!(
            format!("{:x}", total_issuance().slot()),
            format!("{:x}", keccak256([DOMAIN, &[0u8, 1]].concat()))
        );
    }
}
