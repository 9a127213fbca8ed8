//! Neuron precompile at `0x…0804`: registration, weights (direct and commit-reveal) and
//! serving endpoints. Every function is `payable` and returns nothing; calls are dispatched as
//! the caller's mapped account.

use alloy_json_abi::JsonAbi;
use alloy_primitives::{Address, address};

/// Address of the neuron precompile.
pub const ADDRESS: Address = address!("0000000000000000000000000000000000000804");

/// Solidity name of the interface.
pub const NAME: &str = "INeuron";

/// One-line description, used as `@notice` in the generated Solidity interface.
pub const DESCRIPTION: &str =
    "Neuron precompile: registration, weights (set or commit-reveal), serving endpoints.";

/// The interface's JSON ABI, with solc-style `internalType`s.
pub fn abi() -> JsonAbi {
    crate::abi::with_internal_types(INeuron::abi::contract(), NAME, &[])
}

alloy_sol_types::sol! {
    /// The neuron precompile interface (`0x…0804`).
    #[sol(abi)]
    #[derive(Debug, PartialEq, Eq)]
    #[allow(missing_docs)]
    interface INeuron {
        /// Set the caller's weights on `netuid`: `weights[i]` for uid `dests[i]`.
        function setWeights(
            uint16 netuid,
            uint16[] memory dests,
            uint16[] memory weights,
            uint64 versionKey
        ) external payable;
        /// Commit a hash of weights, to be revealed later with `revealWeights`.
        function commitWeights(uint16 netuid, bytes32 commitHash) external payable;
        /// Reveal weights committed earlier with `commitWeights`.
        function revealWeights(
            uint16 netuid,
            uint16[] memory uids,
            uint16[] memory values,
            uint16[] memory salt,
            uint64 versionKey
        ) external payable;
        /// Register `hotkey` on `netuid`, paying the current burn from the caller's account.
        function burnedRegister(uint16 netuid, bytes32 hotkey) external payable;
        /// Like `burnedRegister`, but fail if the burn exceeds `limitPrice` (RAO).
        function registerLimit(uint16 netuid, bytes32 hotkey, uint64 limitPrice)
            external payable;
        /// Publish the caller's axon endpoint on `netuid`.
        function serveAxon(
            uint16 netuid,
            uint32 version,
            uint128 ip,
            uint16 port,
            uint8 ipType,
            uint8 protocol,
            uint8 placeholder1,
            uint8 placeholder2
        ) external payable;
        /// Publish the caller's axon endpoint with a TLS certificate.
        function serveAxonTls(
            uint16 netuid,
            uint32 version,
            uint128 ip,
            uint16 port,
            uint8 ipType,
            uint8 protocol,
            uint8 placeholder1,
            uint8 placeholder2,
            bytes memory certificate
        ) external payable;
        /// Publish the caller's prometheus endpoint on `netuid`.
        function servePrometheus(
            uint16 netuid,
            uint32 version,
            uint128 ip,
            uint16 port,
            uint8 ipType
        ) external payable;

        /// `coldkey` registered `hotkey` on `netuid` as `uid`, burning `burnRao` (RAO)
        /// (`burnedRegister`, `registerLimit`).
        event NeuronRegistered(
            bytes32 indexed coldkey,
            bytes32 indexed hotkey,
            uint16 indexed netuid,
            uint16 uid,
            uint256 burnRao
        );
        /// `hotkey` (the caller's twin) published its axon on `netuid` (`serveAxon`).
        event AxonServed(
            bytes32 indexed hotkey,
            uint16 indexed netuid,
            uint32 version,
            uint128 ip,
            uint16 port,
            uint8 ipType,
            uint8 protocol
        );
        /// `hotkey` (the caller's twin) published its prometheus endpoint on `netuid`
        /// (`servePrometheus`).
        event PrometheusServed(
            bytes32 indexed hotkey,
            uint16 indexed netuid,
            uint32 version,
            uint128 ip,
            uint16 port,
            uint8 ipType
        );
        /// `hotkey` (the caller's twin) set weights on `netuid`: `values[i]` for `uids[i]`, as
        /// submitted (`setWeights`).
        event WeightsSet(
            bytes32 indexed hotkey,
            uint16 indexed netuid,
            uint16[] uids,
            uint16[] values,
            uint64 versionKey
        );
        /// `hotkey` (the caller's twin) committed `commitHash` on `netuid` (`commitWeights`).
        event WeightsCommitted(bytes32 indexed hotkey, uint16 indexed netuid, bytes32 commitHash);
        /// `hotkey` (the caller's twin) revealed the weights it committed on `netuid`
        /// (`revealWeights`).
        event WeightsRevealed(
            bytes32 indexed hotkey,
            uint16 indexed netuid,
            uint16[] uids,
            uint16[] values,
            uint64 versionKey
        );
    }
}
