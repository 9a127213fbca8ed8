//! Indexed sets of 32-byte words in native storage: the list item holds `32 × n` at its slot
//! and member `i` at chunk `i` (the `get_bytes` layout of concatenated words); each member's
//! index item holds its position + 1. Insert and remove are O(1) (removal moves the last member
//! into the hole); iteration is in set order.

use crate::schema::Key;
use crate::store::{NativeError, NativeExt, NativeStore};
use alloy_primitives::{B256, U256};

/// One indexed set: its list key and how to key a member's index.
pub(crate) struct Set<F: Fn(&B256) -> Key> {
    /// Holds `32 × n` at its slot and member `i` at chunk `i`.
    pub(crate) list: Key,
    /// A member's index item (position + 1; 0 = absent).
    pub(crate) index: F,
}

impl<F: Fn(&B256) -> Key> Set<F> {
    /// Number of members.
    pub(crate) fn len<S: NativeStore + ?Sized>(&self, store: &mut S) -> Result<u64, NativeError> {
        Ok(store.get_u64(self.list)? / 32)
    }

    /// Every member, in set order.
    pub(crate) fn members<S: NativeStore + ?Sized>(
        &self,
        store: &mut S,
    ) -> Result<Vec<B256>, NativeError> {
        let n = self.len(store)?;
        (0..n)
            .map(|i| Ok(B256::from(store.load(self.list.chunk(i))?.to_be_bytes::<32>())))
            .collect()
    }

    /// Member `i` (in set order), if `i < len`.
    pub(crate) fn member<S: NativeStore + ?Sized>(
        &self,
        store: &mut S,
        i: u64,
    ) -> Result<Option<B256>, NativeError> {
        if i >= self.len(store)? {
            return Ok(None);
        }
        Ok(Some(B256::from(store.load(self.list.chunk(i))?.to_be_bytes::<32>())))
    }

    /// Adds a member (no-op if present).
    pub(crate) fn insert<S: NativeStore + ?Sized>(
        &self,
        store: &mut S,
        m: &B256,
    ) -> Result<(), NativeError> {
        let ik = (self.index)(m);
        if store.get_u64(ik)? != 0 {
            return Ok(());
        }
        let n = self.len(store)?;
        store.store(self.list.chunk(n), U256::from_be_bytes(m.0))?;
        let len = n.checked_add(1).ok_or(NativeError::Overflow("set length"))?;
        store.set_u64(ik, len)?;
        store.set_u64(self.list, len.checked_mul(32).ok_or(NativeError::Overflow("set length"))?)
    }

    /// Removes a member (no-op if absent), moving the last member into its place.
    pub(crate) fn remove<S: NativeStore + ?Sized>(
        &self,
        store: &mut S,
        m: &B256,
    ) -> Result<(), NativeError> {
        let ik = (self.index)(m);
        let pos = store.get_u64(ik)?;
        if pos == 0 {
            return Ok(());
        }
        let n = self.len(store)?;
        let overflow = || NativeError::Overflow("set index");
        let (i, last) =
            (pos.checked_sub(1).ok_or_else(overflow)?, n.checked_sub(1).ok_or_else(overflow)?);
        if i != last {
            let moved = store.load(self.list.chunk(last))?;
            store.store(self.list.chunk(i), moved)?;
            store.set_u64((self.index)(&B256::from(moved.to_be_bytes::<32>())), pos)?;
        }
        store.store(self.list.chunk(last), U256::ZERO)?;
        store.set_u64(ik, 0)?;
        store.set_u64(self.list, last.checked_mul(32).ok_or_else(overflow)?)
    }
}
