//! The `ink` engine's storage: the ink! pool (`contracts/ink/pool`) instantiated at genesis,
//! its account kept in [`schema::wasm::WASM_POOLS`], its `Mapping<u16, Pool, ManualKey<"POOL">>`
//! read and edited here without running code (views, RPC reads, dev controls).
//!
//! Key derivation (docs/wasm-host.md): the ink! key of `netuid`'s pool is
//! `POOLS_ROOT_KEY` as u32 LE ‖ SCALE(netuid) (u16 LE); the host stores it under
//! `blake2_128(k) ‖ k` in the contract's trie, i.e. the native item
//! `WASM_STORAGE[trie, blake2_128(k) ‖ k]` (a `len + 1` word and 32-byte chunks). The value is
//! SCALE(`Pool`): tao u64, alpha u64, fee_rate u16, mechanism u8, moving_price i128 (35 bytes).

use super::PoolFields;
use crate::schema::{self, Key};
use crate::store::{NativeError, NativeExt, NativeStore};
use alloy_primitives::U256;
use blake2::digest::consts::U16;
use blake2::{Blake2b, Digest};
use substrate_fixed::types::I96F32;
use tao_primitives::NetUid;

/// The root key of the pool mapping (`ManualKey` in the contract, `"POOL"`).
pub const POOLS_ROOT_KEY: u32 = 0x504f_4f4c;
/// The SCALE size of a `Pool`.
pub const POOL_SCALE_LEN: usize = 35;

/// The host storage key of `netuid`'s pool: `blake2_128(k) ‖ k`.
pub fn pool_key(netuid: NetUid) -> Vec<u8> {
    let mut k = POOLS_ROOT_KEY.to_le_bytes().to_vec();
    k.extend_from_slice(&netuid.get().to_le_bytes());
    let mut out = Blake2b::<U16>::digest(&k).to_vec();
    out.extend_from_slice(&k);
    out
}

fn pools_key() -> Key {
    Key::new(schema::wasm::WASM_POOLS, &[])
}

/// The ink! pool's account (`None` before genesis instantiated it).
pub fn pools_account(
    store: &mut (impl NativeStore + ?Sized),
) -> Result<Option<[u8; 32]>, NativeError> {
    let v = store.load(pools_key().slot())?;
    Ok((!v.is_zero()).then(|| v.to_be_bytes::<32>()))
}

/// Records the ink! pool's account (genesis).
pub fn set_pools_account(
    store: &mut (impl NativeStore + ?Sized),
    account: &[u8; 32],
) -> Result<(), NativeError> {
    store.store(pools_key().slot(), U256::from_be_bytes(*account))
}

/// The storage item of `netuid`'s pool in the contract's trie.
fn item(store: &mut (impl NativeStore + ?Sized), netuid: NetUid) -> Result<Key, NativeError> {
    let account = pools_account(store)?.ok_or(NativeError::CorruptState { item: "ink! pools" })?;
    let trie = store.get_u64(schema::wasm_contract_trie(&account))?;
    if trie == 0 {
        return Err(NativeError::CorruptState { item: "ink! pools contract" });
    }
    Ok(schema::wasm_storage(trie, &pool_key(netuid)))
}

/// Decodes SCALE(`Pool`).
pub fn decode_pool(b: &[u8]) -> Option<PoolFields> {
    if b.len() != POOL_SCALE_LEN {
        return None;
    }
    Some(PoolFields {
        tao: u64::from_le_bytes(b.get(0..8)?.try_into().ok()?),
        alpha: u64::from_le_bytes(b.get(8..16)?.try_into().ok()?),
        fee_rate: u16::from_le_bytes(b.get(16..18)?.try_into().ok()?),
        mechanism: *b.get(18)?,
        exists: true,
        moving_price: I96F32::from_bits(i128::from_le_bytes(b.get(19..35)?.try_into().ok()?)),
    })
}

/// Encodes SCALE(`Pool`) (the inverse of [`decode_pool`]).
pub fn encode_pool(f: &PoolFields) -> Vec<u8> {
    let mut out = Vec::with_capacity(POOL_SCALE_LEN);
    out.extend_from_slice(&f.tao.to_le_bytes());
    out.extend_from_slice(&f.alpha.to_le_bytes());
    out.extend_from_slice(&f.fee_rate.to_le_bytes());
    out.push(f.mechanism);
    out.extend_from_slice(&f.moving_price.to_bits().to_le_bytes());
    out
}

/// Reads `netuid`'s pool from the ink! pool's storage (a missing pool: `exists == false`).
pub fn read_fields(
    store: &mut (impl NativeStore + ?Sized),
    netuid: NetUid,
) -> Result<PoolFields, NativeError> {
    let k = item(store, netuid)?;
    let Some(len) = store.get_u64(k)?.checked_sub(1) else {
        return Ok(PoolFields::default());
    };
    if len != POOL_SCALE_LEN as u64 {
        return Err(NativeError::CorruptState { item: "ink! pool" });
    }
    let mut raw = store.load(k.chunk(0))?.to_be_bytes::<32>().to_vec();
    raw.extend_from_slice(&store.load(k.chunk(1))?.to_be_bytes::<32>());
    raw.truncate(POOL_SCALE_LEN);
    decode_pool(&raw).ok_or(NativeError::CorruptState { item: "ink! pool" })
}

/// Overwrites `netuid`'s reserves in the ink! pool's storage (a dev control's state edit, no
/// code runs); the pool must exist.
pub fn write_reserves(
    store: &mut (impl NativeStore + ?Sized),
    netuid: NetUid,
    tao: u64,
    alpha: u64,
) -> Result<(), NativeError> {
    let mut f = read_fields(store, netuid)?;
    if !f.exists {
        return Err(super::PoolEngineError::NoContractHost("no pool in the ink! contract").into());
    }
    f.tao = tao;
    f.alpha = alpha;
    let k = item(store, netuid)?;
    let raw = encode_pool(&f);
    for (i, chunk) in (0u64..).zip(raw.chunks(32)) {
        let mut buf = [0u8; 32];
        buf.iter_mut().zip(chunk).for_each(|(b, c)| *b = *c);
        store.store(k.chunk(i), U256::from_be_bytes(buf))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pool_scale_round_trips() {
        let f = PoolFields {
            tao: 7,
            alpha: u64::MAX - 1,
            fee_rate: 33,
            mechanism: 1,
            exists: true,
            moving_price: I96F32::from_num(-0.5),
        };
        let b = encode_pool(&f);
        assert_eq!(b.len(), POOL_SCALE_LEN);
        assert_eq!(&b[16..19], &[33, 0, 1]);
        assert_eq!(decode_pool(&b), Some(f));
        assert_eq!(decode_pool(&b[..34]), None);
    }

    #[test]
    fn pool_key_is_blake2_128_concat_of_root_and_netuid() {
        let k = pool_key(NetUid(3));
        assert_eq!(k.len(), 16 + 6);
        assert_eq!(&k[16..], &[0x4c, 0x4f, 0x4f, 0x50, 3, 0]);
    }
}
