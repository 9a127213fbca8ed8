//! The real chain's 32-byte twin of an EVM address: `blake2_256(b"evm:" ‖ address)`.
//!
//! This is Frontier's `HashedAddressMapping<BlakeTwo256>`, which Bittensor's runtime uses as
//! the account of an EVM caller, which its `addressMapping(address)` precompile (0x80c)
//! returns, and which its JS tools compute (`h160ToSs58`). It is one-way: there is no
//! function from a twin back to its address.

use alloy_primitives::Address;
use blake2::{Blake2b256, Digest};

use crate::AccountId32;

/// The prefix hashed in front of the 20 address bytes.
pub const EVM_TWIN_PREFIX: &[u8; 4] = b"evm:";

/// BLAKE2b with a 32-byte output (Substrate's `blake2_256`, the hash of `BlakeTwo256`).
pub fn blake2_256(data: &[u8]) -> [u8; 32] {
    Blake2b256::digest(data).into()
}

/// The 32-byte twin of `address` on the real chain: BLAKE2b with a 32-byte output over
/// `b"evm:"` followed by the 20 address bytes.
pub fn evm_twin(address: Address) -> AccountId32 {
    let mut hasher = Blake2b256::new();
    hasher.update(EVM_TWIN_PREFIX);
    hasher.update(address.as_slice());
    AccountId32(hasher.finalize().into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::{address, b256};

    /// Reference values computed outside Rust, with Python's standard library:
    /// `hashlib.blake2b(b"evm:" + bytes.fromhex(addr), digest_size=32).hexdigest()`.
    #[test]
    fn matches_vectors_computed_with_python_hashlib() {
        let vectors = [
            (
                address!("0000000000000000000000000000000000000000"),
                b256!("c2cdcf01af7163d2d99b2ec87954e4c1b735e9e9ea80f8775bf29dd9457eaca1"),
            ),
            (
                // The first dev account (anvil's key 0).
                address!("f39fd6e51aad88f6f4ce6ab8827279cfffb92266"),
                b256!("c4518fa0ed143e016e4a1410193704924b890de8f854b94c7a6037651ec65dd0"),
            ),
            (
                address!("0000000000000000000000000000000000000805"),
                b256!("f388485910db179a75df29ede3e35327dc12778687f208928d76ee4eda92f2f6"),
            ),
        ];
        for (a, want) in vectors {
            assert_eq!(evm_twin(a), AccountId32::from(want), "twin of {a}");
        }
    }

    #[test]
    fn differs_from_the_padded_address_and_between_addresses() {
        let a = Address::repeat_byte(0xab);
        let mut padded = [0u8; 32];
        padded[12..].copy_from_slice(a.as_slice());
        assert_ne!(evm_twin(a), AccountId32(padded));
        assert_eq!(crate::address_to_account_id(a), evm_twin(a), "the chain's mapping is the twin");
        assert_ne!(evm_twin(a), evm_twin(Address::repeat_byte(0xac)));
    }
}
