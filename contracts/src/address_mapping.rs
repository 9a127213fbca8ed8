//! Address mapping precompile at `0x…080c`: the real chain's 32-byte twin of an EVM address,
//! `blake2_256("evm:" ‖ address)` (Frontier's `HashedAddressMapping<BlakeTwo256>`).

use alloy_json_abi::JsonAbi;
use alloy_primitives::{Address, address};

/// Address of the address mapping precompile.
pub const ADDRESS: Address = address!("000000000000000000000000000000000000080c");

/// Solidity name of the interface.
pub const NAME: &str = "IAddressMapping";

/// One-line description, used as `@notice` in the generated Solidity interface.
pub const DESCRIPTION: &str =
    "Address mapping precompile: the twin blake2_256(\"evm:\" ++ address) of an address.";

/// The interface's JSON ABI, with solc-style `internalType`s.
pub fn abi() -> JsonAbi {
    crate::abi::with_internal_types(IAddressMapping::abi::contract(), NAME, &[])
}

alloy_sol_types::sol! {
    /// The address mapping precompile interface (`0x…080c`).
    #[sol(abi)]
    #[derive(Debug, PartialEq, Eq)]
    #[allow(missing_docs)]
    interface IAddressMapping {
        /// The 32-byte account of `target_address` on the real chain.
        function addressMapping(address target_address) external view returns (bytes32);
    }
}
