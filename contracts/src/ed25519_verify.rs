//! Ed25519 verification precompile at `0x…0402`: checks a signature over a 32-byte message.

use alloy_json_abi::JsonAbi;
use alloy_primitives::{Address, address};

/// Address of the Ed25519 verification precompile.
pub const ADDRESS: Address = address!("0000000000000000000000000000000000000402");

/// Solidity name of the interface (the real chain's).
pub const NAME: &str = "IEd25519Verify";

/// One-line description, used as `@notice` in the generated Solidity interface.
pub const DESCRIPTION: &str =
    "Ed25519 precompile: verifies a signature (r, s) of a 32-byte message by a public key.";

/// The interface's JSON ABI, with solc-style `internalType`s.
pub fn abi() -> JsonAbi {
    crate::abi::with_internal_types(IEd25519Verify::abi::contract(), NAME, &[])
}

alloy_sol_types::sol! {
    /// The Ed25519 verification precompile interface (`0x…0402`).
    #[sol(abi)]
    #[derive(Debug, PartialEq, Eq)]
    #[allow(missing_docs)]
    interface IEd25519Verify {
        /// Whether `(r, s)` is `publicKey`'s Ed25519 signature of the 32 bytes `message`.
        function verify(bytes32 message, bytes32 publicKey, bytes32 r, bytes32 s)
            external pure returns (bool);
    }
}
