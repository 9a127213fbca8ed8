//! The EVM→ink! bridge precompile at `0x…0a00`, taochain's own: upload, instantiate and call
//! ink! contracts from an Ethereum transaction (docs/wasm-host.md, "Bridge").
//!
//! `input` is the ink! selector followed by the SCALE arguments, `output` what the contract
//! returned; `msg.value` (wei, a whole number of RAO) reaches the contract as RAO; `gasLimit`
//! is in EVM gas (0 = everything the frame has left). Contract events become logs of this
//! address: [`IWasm::ContractEmitted`] with the contract account as topic 1.

use alloy_json_abi::JsonAbi;
use alloy_primitives::{Address, address};

/// Address of the bridge precompile.
pub const ADDRESS: Address = address!("0000000000000000000000000000000000000a00");

/// Solidity name of the interface.
pub const NAME: &str = "IWasm";

/// One-line description, used as `@notice` in the generated Solidity interface.
pub const DESCRIPTION: &str =
    "EVM to ink! bridge (taochain only): upload, instantiate and call ink! contracts.";

/// The interface's JSON ABI, with solc-style `internalType`s.
pub fn abi() -> JsonAbi {
    crate::abi::with_internal_types(IWasm::abi::contract(), NAME, &[])
}

alloy_sol_types::sol! {
    /// The EVM→ink! bridge interface (`0x…0a00`).
    #[sol(abi)]
    #[derive(Debug, PartialEq, Eq)]
    #[allow(missing_docs)]
    interface IWasm {
        /// An ink! event: the contract, its topics and its SCALE data.
        event ContractEmitted(bytes32 indexed account, bytes32[] topics, bytes data);
        /// Stores validated ink! code; returns its blake2b-256 hash.
        function upload(bytes calldata code) external returns (bytes32 codeHash);
        /// Uploads `code` and instantiates it with constructor `input` and `salt`.
        function instantiateWithCode(bytes calldata code, bytes calldata input, bytes32 salt, uint64 gasLimit) external payable returns (bytes32 account);
        /// Instantiates stored code with constructor `input` and `salt`.
        function instantiate(bytes32 codeHash, bytes calldata input, bytes32 salt, uint64 gasLimit) external payable returns (bytes32 account);
        /// Calls a contract with `input` (selector ‖ SCALE args); returns its output.
        function call(bytes32 account, bytes calldata input, uint64 gasLimit) external payable returns (bytes memory output);
        /// Runs a message and keeps nothing; returns its output.
        function query(bytes32 account, bytes calldata input) external view returns (bytes memory output);
    }
}
