//! Metagraph precompile at `0x…0802`: per-uid reads of a subnet's metagraph.
//!
//! Every function is a `view` taking `(uint16 netuid, uint16 uid)`, except `getUidCount`.
//! Ratios (`getConsensus`, `getIncentive`, `getDividends`, `getVtrust`) are `u16` fractions of
//! `u16::MAX`; `getRank` and `getTrust` are deprecated and always return 0.

use alloy_json_abi::JsonAbi;
use alloy_primitives::{Address, address};

use crate::abi::StructDef;

/// Address of the metagraph precompile.
pub const ADDRESS: Address = address!("0000000000000000000000000000000000000802");

/// Solidity name of the interface.
pub const NAME: &str = "IMetagraph";

/// One-line description, used as `@notice` in the generated Solidity interface.
pub const DESCRIPTION: &str = "Metagraph precompile: per-uid reads of a subnet's metagraph.";

/// The interface's JSON ABI, with solc-style `internalType`s.
pub fn abi() -> JsonAbi {
    crate::abi::with_internal_types(
        IMetagraph::abi::contract(),
        NAME,
        &[StructDef::of::<IMetagraph::AxonInfo>()],
    )
}

alloy_sol_types::sol! {
    /// The metagraph precompile interface (`0x…0802`).
    #[sol(abi)]
    #[derive(Debug, PartialEq, Eq)]
    #[allow(missing_docs)]
    interface IMetagraph {
        /// A neuron's served axon endpoint.
        struct AxonInfo {
            uint64 block;
            uint32 version;
            uint128 ip;
            uint16 port;
            uint8 ip_type;
            uint8 protocol;
        }

        /// Number of uids registered on `netuid`.
        function getUidCount(uint16 netuid) external view returns (uint16);
        /// Total stake of the uid's hotkey.
        function getStake(uint16 netuid, uint16 uid) external view returns (uint64);
        /// Deprecated: always 0.
        function getRank(uint16 netuid, uint16 uid) external view returns (uint16);
        /// Deprecated: always 0.
        function getTrust(uint16 netuid, uint16 uid) external view returns (uint16);
        /// Consensus weight, a fraction of `u16::MAX`.
        function getConsensus(uint16 netuid, uint16 uid) external view returns (uint16);
        /// Incentive, a fraction of `u16::MAX`.
        function getIncentive(uint16 netuid, uint16 uid) external view returns (uint16);
        /// Dividends, a fraction of `u16::MAX`.
        function getDividends(uint16 netuid, uint16 uid) external view returns (uint16);
        /// Emission of the last epoch.
        function getEmission(uint16 netuid, uint16 uid) external view returns (uint64);
        /// Validator trust, a fraction of `u16::MAX`.
        function getVtrust(uint16 netuid, uint16 uid) external view returns (uint16);
        /// Whether the uid holds a validator permit.
        function getValidatorStatus(uint16 netuid, uint16 uid) external view returns (bool);
        /// Block of the uid's last weights update.
        function getLastUpdate(uint16 netuid, uint16 uid) external view returns (uint64);
        /// Whether the uid is active.
        function getIsActive(uint16 netuid, uint16 uid) external view returns (bool);
        /// The uid's axon endpoint.
        function getAxon(uint16 netuid, uint16 uid) external view returns (AxonInfo memory);
        /// The uid's hotkey.
        function getHotkey(uint16 netuid, uint16 uid) external view returns (bytes32);
        /// The coldkey owning the uid's hotkey.
        function getColdkey(uint16 netuid, uint16 uid) external view returns (bytes32);
    }
}
