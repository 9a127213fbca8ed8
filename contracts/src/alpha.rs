//! Alpha precompile at `0x…0808`: subnet pool prices, reserves, issuance, emissions and
//! simulated swaps. Every function is a `view`.
//!
//! Prices (`getAlphaPrice`, `getMovingAlphaPrice`, `getSumAlphaPrice`) are TAO per alpha
//! scaled by 10^18; amounts are RAO or alpha-RAO; `getTaoWeight` and `getCKBurn` return the
//! raw `u64` fraction of `2^64 - 1`.

use alloy_json_abi::JsonAbi;
use alloy_primitives::{Address, address};

/// Address of the alpha precompile.
pub const ADDRESS: Address = address!("0000000000000000000000000000000000000808");

/// Solidity name of the interface.
pub const NAME: &str = "IAlpha";

/// One-line description, used as `@notice` in the generated Solidity interface.
pub const DESCRIPTION: &str =
    "Alpha precompile: pool prices (TAO per alpha x 1e18), reserves, simulated swaps.";

/// The interface's JSON ABI, with solc-style `internalType`s.
pub fn abi() -> JsonAbi {
    crate::abi::with_internal_types(IAlpha::abi::contract(), NAME, &[])
}

alloy_sol_types::sol! {
    /// The alpha precompile interface (`0x…0808`).
    #[sol(abi)]
    #[derive(Debug, PartialEq, Eq)]
    #[allow(missing_docs)]
    interface IAlpha {
        /// Spot price of alpha on `netuid`, TAO per alpha x 10^18.
        function getAlphaPrice(uint16 netuid) external view returns (uint256);
        /// Moving (EMA) price of alpha on `netuid`, TAO per alpha x 10^18.
        function getMovingAlphaPrice(uint16 netuid) external view returns (uint256);
        /// TAO reserve of the pool (RAO).
        function getTaoInPool(uint16 netuid) external view returns (uint64);
        /// Alpha reserve of the pool (alpha-RAO).
        function getAlphaInPool(uint16 netuid) external view returns (uint64);
        /// Alpha outstanding outside the pool (alpha-RAO).
        function getAlphaOutPool(uint16 netuid) external view returns (uint64);
        /// Alpha issuance of the subnet (alpha-RAO).
        function getAlphaIssuance(uint16 netuid) external view returns (uint64);
        /// Root `TaoWeight`, the raw `u64` fraction of `2^64 - 1`.
        function getTaoWeight() external view returns (uint256);
        /// `CKBurn`, the raw `u64` fraction of `2^64 - 1`.
        function getCKBurn() external view returns (uint256);
        /// Alpha (alpha-RAO) a swap of `tao` RAO would buy, fee included.
        function simSwapTaoForAlpha(uint16 netuid, uint64 tao) external view returns (uint256);
        /// TAO (RAO) a swap of `alpha` alpha-RAO would return, fee included.
        function simSwapAlphaForTao(uint16 netuid, uint64 alpha) external view returns (uint256);
        /// The subnet's mechanism id.
        function getSubnetMechanism(uint16 netuid) external view returns (uint16);
        /// The root subnet's netuid (0).
        function getRootNetuid() external view returns (uint16);
        /// Half-life (blocks) of the moving price.
        function getEMAPriceHalvingBlocks(uint16 netuid) external view returns (uint64);
        /// Traded volume of the subnet (RAO).
        function getSubnetVolume(uint16 netuid) external view returns (uint256);
        /// TAO injected into the pool in the last block (RAO).
        function getTaoInEmission(uint16 netuid) external view returns (uint256);
        /// Alpha injected into the pool in the last block (alpha-RAO).
        function getAlphaInEmission(uint16 netuid) external view returns (uint256);
        /// Alpha emitted outside the pool in the last block (alpha-RAO).
        function getAlphaOutEmission(uint16 netuid) external view returns (uint256);
        /// Sum of the spot prices below 1 over all subnets, x 10^18.
        function getSumAlphaPrice() external view returns (uint256);
    }
}
