//! The storage abstraction of the native modules and typed accessors over it.

use super::schema::Key;
pub use crate::error::NativeError;
use alloy_primitives::{Address, B256, U256};
use std::collections::HashMap;

/// Where native modules read and write. Slots belong to [`super::NATIVE_ACCOUNT`]; balances are
/// EVM balances in wei.
pub trait NativeStore {
    /// Read a native slot (zero if unset).
    fn load(&mut self, slot: B256) -> Result<U256, NativeError>;
    /// Write a native slot (zero deletes it).
    fn store(&mut self, slot: B256, value: U256) -> Result<(), NativeError>;
    /// An EVM account's balance, wei.
    fn evm_balance(&mut self, who: Address) -> Result<U256, NativeError>;
    /// Add wei to an EVM account (minting or paying out of native accounting).
    fn evm_credit(&mut self, who: Address, wei: U256) -> Result<(), NativeError>;
    /// Remove wei from an EVM account; fails without change if the balance is too low.
    fn evm_debit(&mut self, who: Address, wei: U256) -> Result<(), NativeError>;
    /// The number of the block being built or read.
    fn block_number(&self) -> u64;
    /// A storage slot of an EVM account (the `AlphaPools` contract's pools). Stores without
    /// EVM state fail.
    fn evm_storage(&mut self, who: Address, slot: U256) -> Result<U256, NativeError> {
        let _ = (who, slot);
        Err(crate::pool_engine::PoolEngineError::NoContractHost("no EVM storage").into())
    }
    /// The host that runs the `AlphaPools` contract in this state, if it can.
    fn pool_contract(&mut self) -> Option<&mut dyn crate::pool_engine::PoolContract> {
        None
    }
    /// Opens a nested journal position (the ink! host brackets every frame with one). Stores
    /// without a journal refuse. Positions nest: commit or revert the newest open one first.
    fn checkpoint(&mut self) -> Result<NativeCheckpoint, NativeError> {
        Err(NativeError::Backend("this store has no journal".into()))
    }
    /// Keeps what was written since `cp` and closes it (an outer revert still undoes it).
    fn checkpoint_commit(&mut self, cp: NativeCheckpoint) -> Result<(), NativeError> {
        let _ = cp;
        Err(NativeError::Backend("this store has no journal".into()))
    }
    /// Undoes every write (slots, balances, logs) made since `cp` and closes it, with every
    /// position opened after it.
    fn checkpoint_revert(&mut self, cp: NativeCheckpoint) -> Result<(), NativeError> {
        let _ = cp;
        Err(NativeError::Backend("this store has no journal".into()))
    }
}

/// A journal position of a [`NativeStore`]: the depth of the position (0 = the first one
/// opened). `JournalStore` maps it to revm's journal checkpoints, [`MemNative`] to snapshots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NativeCheckpoint(pub usize);

/// A mutable borrow of a store is a store, so code generic over an unsized store can call
/// functions that take `&mut impl NativeStore`.
impl<T: NativeStore + ?Sized> NativeStore for &mut T {
    fn load(&mut self, slot: B256) -> Result<U256, NativeError> {
        (**self).load(slot)
    }
    fn store(&mut self, slot: B256, value: U256) -> Result<(), NativeError> {
        (**self).store(slot, value)
    }
    fn evm_balance(&mut self, who: Address) -> Result<U256, NativeError> {
        (**self).evm_balance(who)
    }
    fn evm_credit(&mut self, who: Address, wei: U256) -> Result<(), NativeError> {
        (**self).evm_credit(who, wei)
    }
    fn evm_debit(&mut self, who: Address, wei: U256) -> Result<(), NativeError> {
        (**self).evm_debit(who, wei)
    }
    fn block_number(&self) -> u64 {
        (**self).block_number()
    }
    fn evm_storage(&mut self, who: Address, slot: U256) -> Result<U256, NativeError> {
        (**self).evm_storage(who, slot)
    }
    fn pool_contract(&mut self) -> Option<&mut dyn crate::pool_engine::PoolContract> {
        (**self).pool_contract()
    }
    fn checkpoint(&mut self) -> Result<NativeCheckpoint, NativeError> {
        (**self).checkpoint()
    }
    fn checkpoint_commit(&mut self, cp: NativeCheckpoint) -> Result<(), NativeError> {
        (**self).checkpoint_commit(cp)
    }
    fn checkpoint_revert(&mut self, cp: NativeCheckpoint) -> Result<(), NativeError> {
        (**self).checkpoint_revert(cp)
    }
}

/// Typed accessors every module uses.
pub trait NativeExt: NativeStore {
    /// Read a u64 item.
    fn get_u64(&mut self, k: Key) -> Result<u64, NativeError> {
        let v = self.load(k.slot())?;
        u64::try_from(v).map_err(|_| NativeError::CorruptState { item: "u64 slot" })
    }
    /// Write a u64 item.
    fn set_u64(&mut self, k: Key, v: u64) -> Result<(), NativeError> {
        self.store(k.slot(), U256::from(v))
    }
    /// Read a u128 item.
    fn get_u128(&mut self, k: Key) -> Result<u128, NativeError> {
        let v = self.load(k.slot())?;
        u128::try_from(v).map_err(|_| NativeError::CorruptState { item: "u128 slot" })
    }
    /// Write a u128 item.
    fn set_u128(&mut self, k: Key, v: u128) -> Result<(), NativeError> {
        self.store(k.slot(), U256::from(v))
    }
    /// Read a U256 item.
    fn get_u256(&mut self, k: Key) -> Result<U256, NativeError> {
        self.load(k.slot())
    }
    /// Write a U256 item.
    fn set_u256(&mut self, k: Key, v: U256) -> Result<(), NativeError> {
        self.store(k.slot(), v)
    }
    /// Read a bool item.
    fn get_bool(&mut self, k: Key) -> Result<bool, NativeError> {
        Ok(!self.load(k.slot())?.is_zero())
    }
    /// Write a bool item.
    fn set_bool(&mut self, k: Key, v: bool) -> Result<(), NativeError> {
        self.store(k.slot(), U256::from(v as u8))
    }
    /// Read a 32-byte item (account ids, hashes).
    fn get_b256(&mut self, k: Key) -> Result<B256, NativeError> {
        Ok(B256::from(self.load(k.slot())?.to_be_bytes::<32>()))
    }
    /// Write a 32-byte item.
    fn set_b256(&mut self, k: Key, v: B256) -> Result<(), NativeError> {
        self.store(k.slot(), U256::from_be_bytes(v.0))
    }
    /// Read an optional u64 stored as `v + 1` (0 = absent). For items whose zero is a real
    /// value distinct from "unset" (hyperparameters overriding a default, uids).
    fn get_opt_u64(&mut self, k: Key) -> Result<Option<u64>, NativeError> {
        let v = self.load(k.slot())?;
        if v.is_zero() {
            return Ok(None);
        }
        u64::try_from(v.saturating_sub(U256::from(1)))
            .map(Some)
            .map_err(|_| NativeError::CorruptState { item: "optional u64 slot" })
    }
    /// Write an optional u64 (see [`NativeExt::get_opt_u64`]).
    fn set_opt_u64(&mut self, k: Key, v: Option<u64>) -> Result<(), NativeError> {
        self.store(
            k.slot(),
            v.map(|x| U256::from(x).saturating_add(U256::from(1))).unwrap_or_default(),
        )
    }
    /// Read a byte string stored as length slot + 32-byte chunks (strings, sparse rows).
    fn get_bytes(&mut self, k: Key) -> Result<Vec<u8>, NativeError> {
        let len = usize::try_from(self.get_u64(k)?)
            .map_err(|_| NativeError::CorruptState { item: "byte string length" })?;
        let mut out = Vec::with_capacity(len);
        for i in 0..u64::try_from(len.div_ceil(32)).unwrap_or(u64::MAX) {
            let chunk = self.load(k.chunk(i))?.to_be_bytes::<32>();
            let take = len.saturating_sub(out.len()).min(32);
            out.extend(chunk.into_iter().take(take));
        }
        Ok(out)
    }
    /// Write a byte string (clears chunks of a longer previous value).
    fn set_bytes(&mut self, k: Key, v: &[u8]) -> Result<(), NativeError> {
        let old_chunks = self.get_u64(k)?.div_ceil(32);
        let len = u64::try_from(v.len()).unwrap_or(u64::MAX);
        for (i, chunk) in (0u64..).zip(v.chunks(32)) {
            let mut buf = [0u8; 32];
            buf.iter_mut().zip(chunk).for_each(|(b, c)| *b = *c);
            self.store(k.chunk(i), U256::from_be_bytes(buf))?;
        }
        for i in len.div_ceil(32)..old_chunks {
            self.store(k.chunk(i), U256::ZERO)?;
        }
        self.set_u64(k, len)
    }
}

impl<T: NativeStore + ?Sized> NativeExt for T {}

/// An in-memory [`NativeStore`] for unit tests, benchmarks and offline tools.
#[derive(Debug, Clone, Default)]
pub struct MemNative {
    /// Native slots.
    pub slots: HashMap<B256, U256>,
    /// EVM balances, wei.
    pub balances: HashMap<Address, U256>,
    /// Current block number.
    pub block: u64,
    /// Open journal positions: the slots and balances as they were when each was opened.
    pub snapshots: Vec<(HashMap<B256, U256>, HashMap<Address, U256>)>,
}

impl NativeStore for MemNative {
    fn load(&mut self, slot: B256) -> Result<U256, NativeError> {
        Ok(self.slots.get(&slot).copied().unwrap_or_default())
    }
    fn store(&mut self, slot: B256, value: U256) -> Result<(), NativeError> {
        if value.is_zero() {
            self.slots.remove(&slot);
        } else {
            self.slots.insert(slot, value);
        }
        Ok(())
    }
    fn evm_balance(&mut self, who: Address) -> Result<U256, NativeError> {
        Ok(self.balances.get(&who).copied().unwrap_or_default())
    }
    fn evm_credit(&mut self, who: Address, wei: U256) -> Result<(), NativeError> {
        let b = self.balances.entry(who).or_default();
        *b = b.checked_add(wei).ok_or(NativeError::Overflow("evm balance"))?;
        Ok(())
    }
    fn evm_debit(&mut self, who: Address, wei: U256) -> Result<(), NativeError> {
        let b = self.balances.entry(who).or_default();
        if *b < wei {
            let have = tao_primitives::Rao::from_wei_floor(*b).map(|r| r.0).unwrap_or(u64::MAX);
            let need = tao_primitives::Rao::from_wei_floor(wei).map(|r| r.0).unwrap_or(u64::MAX);
            return Err(NativeError::InsufficientBalance { have, need });
        }
        *b = b.saturating_sub(wei);
        Ok(())
    }
    fn block_number(&self) -> u64 {
        self.block
    }
    fn checkpoint(&mut self) -> Result<NativeCheckpoint, NativeError> {
        self.snapshots.push((self.slots.clone(), self.balances.clone()));
        Ok(NativeCheckpoint(self.snapshots.len().saturating_sub(1)))
    }
    fn checkpoint_commit(&mut self, cp: NativeCheckpoint) -> Result<(), NativeError> {
        if cp.0 >= self.snapshots.len() {
            return Err(NativeError::Backend(format!("checkpoint {} is not open", cp.0)));
        }
        self.snapshots.truncate(cp.0);
        Ok(())
    }
    fn checkpoint_revert(&mut self, cp: NativeCheckpoint) -> Result<(), NativeError> {
        if cp.0 >= self.snapshots.len() {
            return Err(NativeError::Backend(format!("checkpoint {} is not open", cp.0)));
        }
        self.snapshots.truncate(cp.0.saturating_add(1));
        if let Some((slots, balances)) = self.snapshots.pop() {
            self.slots = slots;
            self.balances = balances;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::schema::{self, Key};
    use super::*;

    #[test]
    fn typed_accessors_round_trip() {
        let mut s = MemNative::default();
        let k = Key::new(schema::TOTAL_ISSUANCE, &[]);
        s.set_u64(k, 42).unwrap();
        assert_eq!(s.get_u64(k).unwrap(), 42);
        s.set_opt_u64(k, Some(0)).unwrap();
        assert_eq!(s.get_opt_u64(k).unwrap(), Some(0));
        s.set_opt_u64(k, None).unwrap();
        assert_eq!(s.get_opt_u64(k).unwrap(), None);
        let long = vec![7u8; 70];
        s.set_bytes(k, &long).unwrap();
        assert_eq!(s.get_bytes(k).unwrap(), long);
        s.set_bytes(k, b"short").unwrap();
        assert_eq!(s.get_bytes(k).unwrap(), b"short");
        assert_eq!(s.slots.len(), 2, "stale chunks are cleared");
    }

    #[test]
    fn mem_native_checkpoints_nest() {
        let mut s = MemNative::default();
        let k = Key::new(schema::TOTAL_ISSUANCE, &[]);
        s.set_u64(k, 1).unwrap();
        let outer = s.checkpoint().unwrap();
        s.set_u64(k, 2).unwrap();
        let inner = s.checkpoint().unwrap();
        s.set_u64(k, 3).unwrap();
        s.evm_credit(Address::repeat_byte(1), U256::from(9)).unwrap();
        s.checkpoint_revert(inner).unwrap();
        assert_eq!(s.get_u64(k).unwrap(), 2);
        assert_eq!(s.evm_balance(Address::repeat_byte(1)).unwrap(), U256::ZERO);
        let again = s.checkpoint().unwrap();
        assert_eq!(again, inner, "a reverted position is closed");
        s.set_u64(k, 4).unwrap();
        s.checkpoint_commit(again).unwrap();
        assert_eq!(s.get_u64(k).unwrap(), 4);
        s.checkpoint_revert(outer).unwrap();
        assert_eq!(s.get_u64(k).unwrap(), 1, "the outer revert undoes the committed inner");
        assert!(s.checkpoint_commit(outer).is_err(), "closed");
    }
}
