//! Balance transfer precompile at `0x…0800`: send `msg.value` to a 32-byte account.
//!
//! `msg.value` is in wei (18 decimals) and is converted to RAO by truncation
//! (`RAO = floor(wei / 10^9)`).

use alloy_json_abi::JsonAbi;
use alloy_primitives::{Address, address};

/// Address of the balance transfer precompile.
pub const ADDRESS: Address = address!("0000000000000000000000000000000000000800");

/// Solidity name of the interface.
pub const NAME: &str = "IBalanceTransfer";

/// One-line description, used as `@notice` in the generated Solidity interface.
pub const DESCRIPTION: &str =
    "Balance transfer precompile: sends msg.value (wei -> RAO) to a 32-byte account.";

/// The interface's JSON ABI, with solc-style `internalType`s.
pub fn abi() -> JsonAbi {
    crate::abi::with_internal_types(IBalanceTransfer::abi::contract(), NAME, &[])
}

alloy_sol_types::sol! {
    /// The balance transfer precompile interface (`0x…0800`).
    #[sol(abi)]
    #[derive(Debug, PartialEq, Eq)]
    #[allow(missing_docs)]
    interface IBalanceTransfer {
        /// Send `msg.value` from the precompile's account to the 32-byte account `data`.
        function transfer(bytes32 data) external payable;

        /// `from` sent `valueWei` (wei, the whole `msg.value`) to the 32-byte account `dest`
        /// (`transfer`; not emitted for a zero value, which is a no-op).
        event TransferToAccount(address indexed from, bytes32 indexed dest, uint256 valueWei);
    }
}
