//! Uid lookup precompile at `0x…0806`: which uids on a subnet an EVM address is associated
//! with (the association is made by `associate_evm_key`).

use alloy_json_abi::JsonAbi;
use alloy_primitives::{Address, address};

use crate::abi::StructDef;

/// Address of the uid lookup precompile.
pub const ADDRESS: Address = address!("0000000000000000000000000000000000000806");

/// Solidity name of the interface.
pub const NAME: &str = "IUidLookup";

/// One-line description, used as `@notice` in the generated Solidity interface.
pub const DESCRIPTION: &str = "Uid lookup precompile: the uids an EVM address is associated with.";

/// The interface's JSON ABI, with solc-style `internalType`s.
pub fn abi() -> JsonAbi {
    crate::abi::with_internal_types(
        IUidLookup::abi::contract(),
        NAME,
        &[StructDef::of::<IUidLookup::LookupItem>()],
    )
}

alloy_sol_types::sol! {
    /// The uid lookup precompile interface (`0x…0806`).
    #[sol(abi)]
    #[derive(Debug, PartialEq, Eq)]
    #[allow(missing_docs)]
    interface IUidLookup {
        /// One association: the uid and the block it was made at.
        struct LookupItem {
            uint16 uid;
            uint64 block_associated;
        }

        /// Up to `limit` uids on `netuid` associated with `evm_address`.
        function uidLookup(uint16 netuid, address evm_address, uint16 limit)
            external view returns (LookupItem[] memory);
    }
}
