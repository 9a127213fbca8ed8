//! Sr25519 verification precompile at `0x…0403`: checks a Schnorrkel signature (signing
//! context `substrate`, as Substrate signs) over a 32-byte message.

use alloy_json_abi::JsonAbi;
use alloy_primitives::{Address, address};

/// Address of the Sr25519 verification precompile.
pub const ADDRESS: Address = address!("0000000000000000000000000000000000000403");

/// Solidity name of the interface (the real chain's spelling).
pub const NAME: &str = "ISR25519Verify";

/// One-line description, used as `@notice` in the generated Solidity interface.
pub const DESCRIPTION: &str =
    "Sr25519 precompile: verifies a signature (r, s) of a 32-byte message by a public key.";

/// The interface's JSON ABI, with solc-style `internalType`s.
pub fn abi() -> JsonAbi {
    crate::abi::with_internal_types(ISR25519Verify::abi::contract(), NAME, &[])
}

alloy_sol_types::sol! {
    /// The Sr25519 verification precompile interface (`0x…0403`).
    #[sol(abi)]
    #[derive(Debug, PartialEq, Eq)]
    #[allow(missing_docs)]
    interface ISR25519Verify {
        /// Whether `(r, s)` is `publicKey`'s Sr25519 signature (context `substrate`) of the 32
        /// bytes `message`.
        function verify(bytes32 message, bytes32 publicKey, bytes32 r, bytes32 s)
            external pure returns (bool);
    }
}
