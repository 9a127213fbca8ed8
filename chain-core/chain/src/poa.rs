//! Proof of Authority: authorities take turns by slot, seal the headers they build with their
//! key, and every node verifies seal, slot and parent before accepting a block.
//!
//! Seal format (Clique-like): `extra_data = vanity (exactly 32 bytes) || signature (65 bytes,
//! r || s || v)`, where the signature is over the keccak256 of the header RLP with `extra_data`
//! cut to the vanity. The block hash covers the whole header, seal included.
//!
//! Slot rule: `slot = timestamp / block_time`; the author of a block must be
//! `authorities[slot % n]`; with more than one authority each block must be in a later slot
//! than its parent. Finality: a block is final once blocks built on it by more than 2/3 of the
//! authorities (counting its own author) exist.

use crate::block::Header;
use alloy::signers::{SignerSync, local::PrivateKeySigner};
use alloy_primitives::{Address, B256, Bytes, Signature};

/// Vanity bytes at the start of `extra_data`.
pub const VANITY_LEN: usize = 32;
/// Signature bytes at the end of `extra_data`.
pub const SEAL_LEN: usize = 65;

/// Errors of sealing and verification.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PoaError {
    /// No or malformed seal.
    #[error("missing or malformed seal")]
    MissingSeal,
    /// The genesis lists no authority.
    #[error("the authority list is empty")]
    NoAuthorities,
    /// The seal signature does not recover.
    #[error("invalid seal signature")]
    BadSignature,
    /// The signer is not the authority of the slot.
    #[error("block signed by {signer}, slot {slot} belongs to {expected}")]
    WrongAuthority {
        /// Recovered signer.
        signer: Address,
        /// The block's slot.
        slot: u64,
        /// Who owns the slot.
        expected: Address,
    },
    /// `beneficiary` differs from the signer.
    #[error("beneficiary {0} is not the sealer")]
    WrongBeneficiary(Address),
    /// Parent hash or number do not follow.
    #[error("block does not extend its parent")]
    NotChild,
    /// Timestamp not after the parent's, or slot not after the parent's slot.
    #[error("timestamp {0} is not after the parent's {1}")]
    BadTimestamp(u64, u64),
    /// The key is not a valid secp256k1 key.
    #[error("invalid authority key")]
    BadKey,
}

/// The address of a secp256k1 private key.
pub fn address_of_key(key: &B256) -> Result<Address, PoaError> {
    PrivateKeySigner::from_bytes(key).map(|s| s.address()).map_err(|_| PoaError::BadKey)
}

/// The authority set and slot length, from genesis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorities {
    list: Vec<Address>,
    block_time_secs: u64,
}

impl Authorities {
    /// A non-empty authority list and a slot length (0 is treated as 1 second).
    pub fn new(list: Vec<Address>, block_time_secs: u64) -> Result<Self, PoaError> {
        if list.is_empty() {
            return Err(PoaError::NoAuthorities);
        }
        Ok(Self { list, block_time_secs: block_time_secs.max(1) })
    }
    /// The authorities in slot order.
    pub fn list(&self) -> &[Address] {
        &self.list
    }
    /// The slot of a timestamp.
    pub fn slot(&self, timestamp: u64) -> u64 {
        // block_time_secs ≥ 1 (see `new`).
        timestamp.checked_div(self.block_time_secs).unwrap_or(timestamp)
    }
    /// Who may seal in a slot.
    pub fn author_of_slot(&self, slot: u64) -> Address {
        // The list is non-empty (see `new`), so the index is in range.
        let n = u64::try_from(self.list.len()).unwrap_or(u64::MAX);
        let i = slot.checked_rem(n).and_then(|i| usize::try_from(i).ok()).unwrap_or(0);
        self.list.get(i).copied().unwrap_or_default()
    }
    /// Number of distinct authors that must build on a block for it to be final (> 2/3).
    pub fn finality_threshold(&self) -> usize {
        (self.list.len().saturating_mul(2) / 3).saturating_add(1)
    }

    /// Check that `header` is a correctly sealed child of `parent` by the right authority.
    pub fn verify(
        &self,
        parent: &Header,
        parent_hash: B256,
        header: &Header,
    ) -> Result<Address, PoaError> {
        if header.parent_hash != parent_hash || Some(header.number) != parent.number.checked_add(1)
        {
            return Err(PoaError::NotChild);
        }
        if header.timestamp <= parent.timestamp
            && !(self.list.len() == 1 && header.timestamp == parent.timestamp)
        {
            return Err(PoaError::BadTimestamp(header.timestamp, parent.timestamp));
        }
        if self.list.len() > 1 && self.slot(header.timestamp) <= self.slot(parent.timestamp) {
            return Err(PoaError::BadTimestamp(header.timestamp, parent.timestamp));
        }
        let signer = recover_sealer(header)?;
        let slot = self.slot(header.timestamp);
        let expected = self.author_of_slot(slot);
        if signer != expected {
            return Err(PoaError::WrongAuthority { signer, slot, expected });
        }
        if header.beneficiary != signer {
            return Err(PoaError::WrongBeneficiary(header.beneficiary));
        }
        Ok(signer)
    }
}

/// The hash an authority signs: the header with `extra_data` cut to its vanity.
pub fn seal_hash(header: &Header) -> B256 {
    let mut h = header.clone();
    let keep = h.extra_data.len().saturating_sub(SEAL_LEN).min(VANITY_LEN);
    h.extra_data = Bytes::copy_from_slice(header.extra_data.get(..keep).unwrap_or_default());
    h.hash_slow()
}

/// Holds an authority key and seals headers.
#[derive(Debug, Clone)]
pub struct Sealer {
    signer: PrivateKeySigner,
}

impl Sealer {
    /// From a 32-byte private key.
    pub fn new(key: &B256) -> Result<Self, PoaError> {
        Ok(Self { signer: PrivateKeySigner::from_bytes(key).map_err(|_| PoaError::BadKey)? })
    }
    /// The authority address.
    pub fn address(&self) -> Address {
        self.signer.address()
    }
    /// Set `beneficiary` and the seal. `vanity` is cut or zero-padded to 32 bytes.
    pub fn seal(&self, header: &mut Header, vanity: &[u8]) -> Result<(), PoaError> {
        header.beneficiary = self.address();
        let mut v = [0u8; VANITY_LEN];
        for (dst, src) in v.iter_mut().zip(vanity) {
            *dst = *src;
        }
        let mut extra = v.to_vec();
        extra.extend_from_slice(&[0u8; SEAL_LEN]);
        header.extra_data = extra.into();
        let sig = self.signer.sign_hash_sync(&seal_hash(header)).map_err(|_| PoaError::BadKey)?;
        let mut extra = v.to_vec();
        extra.extend_from_slice(&sig.as_bytes());
        header.extra_data = extra.into();
        Ok(())
    }
}

/// Recover the address that sealed a header.
pub fn recover_sealer(header: &Header) -> Result<Address, PoaError> {
    let extra = &header.extra_data;
    if extra.len() != VANITY_LEN + SEAL_LEN {
        return Err(PoaError::MissingSeal);
    }
    let seal = extra.get(VANITY_LEN..).ok_or(PoaError::MissingSeal)?;
    let sig = Signature::from_raw(seal).map_err(|_| PoaError::BadSignature)?;
    sig.recover_address_from_prehash(&seal_hash(header)).map_err(|_| PoaError::BadSignature)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parent() -> Header {
        Header { number: 5, timestamp: 100, ..Default::default() }
    }

    #[test]
    fn seal_verifies_and_tampering_fails() {
        let key = B256::repeat_byte(7);
        let sealer = Sealer::new(&key).unwrap();
        let auth = Authorities::new(vec![sealer.address()], 1).unwrap();
        let p = parent();
        let mut h =
            Header { number: 6, parent_hash: p.hash_slow(), timestamp: 101, ..Default::default() };
        sealer.seal(&mut h, b"taochain").unwrap();
        assert_eq!(auth.verify(&p, p.hash_slow(), &h), Ok(sealer.address()));

        let mut t = h.clone();
        t.gas_used = 1;
        assert!(matches!(
            auth.verify(&p, p.hash_slow(), &t),
            Err(PoaError::WrongAuthority { .. }) | Err(PoaError::BadSignature)
        ));
        let mut u = h.clone();
        u.extra_data = Bytes::from_static(b"short");
        assert_eq!(auth.verify(&p, p.hash_slow(), &u), Err(PoaError::MissingSeal));
        assert_eq!(auth.verify(&p, B256::ZERO, &h), Err(PoaError::NotChild));
    }

    #[test]
    fn slot_owner_rotates() {
        let a = Sealer::new(&B256::repeat_byte(1)).unwrap();
        let b = Sealer::new(&B256::repeat_byte(2)).unwrap();
        let auth = Authorities::new(vec![a.address(), b.address()], 12).unwrap();
        let p = parent(); // slot 8 (t=100)
        // t=108 is slot 9 -> b; a may not seal it.
        let mut h =
            Header { number: 6, parent_hash: p.hash_slow(), timestamp: 108, ..Default::default() };
        a.seal(&mut h, b"").unwrap();
        assert!(matches!(auth.verify(&p, p.hash_slow(), &h), Err(PoaError::WrongAuthority { .. })));
        b.seal(&mut h, b"").unwrap();
        assert_eq!(auth.verify(&p, p.hash_slow(), &h), Ok(b.address()));
        // Same slot as parent is refused with several authorities.
        let mut same =
            Header { number: 6, parent_hash: p.hash_slow(), timestamp: 101, ..Default::default() };
        a.seal(&mut same, b"").unwrap();
        assert!(matches!(auth.verify(&p, p.hash_slow(), &same), Err(PoaError::BadTimestamp(..))));
        assert_eq!(auth.finality_threshold(), 2);
    }
}
