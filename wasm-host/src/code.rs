//! Code hashes, contract account derivation, storage trie keys and the SCALE bits the host
//! reads and writes.

use blake2::digest::consts::{U16, U32};
use blake2::{Blake2b, Digest};

use crate::AccountId32;

/// blake2b-256 of a module's bytes.
pub type CodeHash = [u8; 32];

/// blake2b-256 (`BlakeTwo256` / `hash_blake2_256`).
pub fn blake2_256(data: &[u8]) -> [u8; 32] {
    Blake2b::<U32>::digest(data).into()
}

/// blake2b-128 (`hash_blake2_128`).
pub fn blake2_128(data: &[u8]) -> [u8; 16] {
    Blake2b::<U16>::digest(data).into()
}

/// The code hash of a module: blake2b-256 of its bytes, as pallet-contracts (`T::Hashing`,
/// `BlakeTwo256`).
pub fn code_hash(code: &[u8]) -> CodeHash {
    blake2_256(code)
}

/// Appends the SCALE compact encoding of `n`.
pub(crate) fn compact_encode(n: u64, out: &mut Vec<u8>) {
    if n < 1 << 6 {
        out.push((n as u8) << 2);
    } else if n < 1 << 14 {
        out.extend_from_slice(&(((n as u16) << 2) | 1).to_le_bytes());
    } else if n < 1 << 30 {
        out.extend_from_slice(&(((n as u32) << 2) | 2).to_le_bytes());
    } else {
        let bytes = n.to_le_bytes();
        let len = 8 - (n.leading_zeros() / 8) as usize;
        out.push((((len - 4) as u8) << 2) | 3);
        out.extend_from_slice(&bytes[..len]);
    }
}

/// Reads a SCALE compact integer from the front of `data`; returns it and the bytes used.
pub(crate) fn compact_decode(data: &[u8]) -> Option<(u64, usize)> {
    let first = *data.first()?;
    match first & 3 {
        0 => Some((u64::from(first >> 2), 1)),
        1 => {
            let b = data.get(..2)?;
            let v = u64::from(u16::from_le_bytes([b[0], b[1]]) >> 2);
            (v >= 1 << 6).then_some((v, 2))
        }
        2 => {
            let b = data.get(..4)?;
            let v = u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) >> 2);
            (v >= 1 << 14).then_some((v, 4))
        }
        _ => {
            let len = usize::from(first >> 2) + 4;
            if len > 8 {
                return None;
            }
            let b = data.get(1..1 + len)?;
            let mut buf = [0u8; 8];
            buf[..len].copy_from_slice(b);
            let v = u64::from_le_bytes(buf);
            (v >= 1 << 30 && b[len - 1] != 0).then_some((v, 1 + len))
        }
    }
}

/// Decodes SCALE `Vec<[u8; 32]>` (event topics); `None` if malformed or with trailing bytes.
pub(crate) fn decode_topics(data: &[u8]) -> Option<Vec<[u8; 32]>> {
    let (n, used) = compact_decode(data)?;
    let rest = &data[used..];
    let n = usize::try_from(n).ok()?;
    if rest.len() != n.checked_mul(32)? {
        return None;
    }
    Some(
        rest.chunks_exact(32)
            .map(|c| {
                let mut t = [0u8; 32];
                t.copy_from_slice(c);
                t
            })
            .collect(),
    )
}

/// The account of a contract instantiated by `deployer` from `code_hash` with constructor
/// `input` and `salt`, as pallet-contracts' `DefaultAddressGenerator` (the pallet version
/// ink! 5 targets) derives it:
/// `blake2_256(SCALE(b"contract_addr_v1", deployer, code_hash, input, salt))`, where the
/// 16-byte tag, the 32-byte account and the 32-byte hash are encoded as they are and `input`
/// and `salt` as byte vectors (compact length ‖ bytes). The 32-byte hash is the AccountId32.
pub fn contract_address(
    deployer: &AccountId32,
    code_hash: &CodeHash,
    input: &[u8],
    salt: &[u8],
) -> AccountId32 {
    let mut buf = Vec::with_capacity(16 + 64 + input.len() + salt.len() + 10);
    buf.extend_from_slice(b"contract_addr_v1");
    buf.extend_from_slice(&deployer.0);
    buf.extend_from_slice(code_hash);
    compact_encode(input.len() as u64, &mut buf);
    buf.extend_from_slice(input);
    compact_encode(salt.len() as u64, &mut buf);
    buf.extend_from_slice(salt);
    AccountId32(blake2_256(&buf))
}

/// The trie key of a fixed 32-byte storage key (seal0 functions): `blake2_256(key)`.
pub fn fixed_storage_key(key: &[u8; 32]) -> Vec<u8> {
    blake2_256(key).to_vec()
}

/// The trie key of a variable storage key (seal1/seal2): `blake2_128(key) ‖ key`.
pub fn var_storage_key(key: &[u8]) -> Vec<u8> {
    let mut out = blake2_128(key).to_vec();
    out.extend_from_slice(key);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_round_trips_at_every_width() {
        for n in [0u64, 1, 63, 64, 16_383, 16_384, (1 << 30) - 1, 1 << 30, u64::MAX] {
            let mut b = Vec::new();
            compact_encode(n, &mut b);
            assert_eq!(compact_decode(&b), Some((n, b.len())), "{n}");
        }
        assert_eq!(compact_decode(&[0x04]), Some((1, 1)));
        assert_eq!(compact_decode(&[0x15, 0x01]), Some((69, 2)));
        // non-canonical: 1 in the two-byte form
        assert_eq!(compact_decode(&[0x05, 0x00]), None);
    }

    #[test]
    fn topics_decode_and_reject_trailing_bytes() {
        let mut b = vec![0x08];
        b.extend_from_slice(&[1u8; 32]);
        b.extend_from_slice(&[2u8; 32]);
        assert_eq!(decode_topics(&b), Some(vec![[1u8; 32], [2u8; 32]]));
        b.push(0);
        assert_eq!(decode_topics(&b), None);
        assert_eq!(decode_topics(&[0x00]), Some(vec![]));
    }
}
