//! Staking V1 precompile at `0x…0801`: the legacy, wei-scaled staking interface.
//!
//! `addStake` stakes `msg.value` (wei, floored to RAO); `removeStake` takes an alpha amount in
//! wei-scaled units (`amount / 10^9` alpha-RAO); the getters return RAO / alpha-RAO times
//! `10^9`. The real chain names this interface `IStaking` too; here it is `IStakingV1`, as
//! `IStaking` is the V2 interface at `0x…0805`.

use alloy_json_abi::JsonAbi;
use alloy_primitives::{Address, address};

/// Address of the staking V1 precompile.
pub const ADDRESS: Address = address!("0000000000000000000000000000000000000801");

/// Solidity name of the interface.
pub const NAME: &str = "IStakingV1";

/// One-line description, used as `@notice` in the generated Solidity interface.
pub const DESCRIPTION: &str = "Staking V1 precompile: wei-scaled amounts (18 decimals).";

/// The interface's JSON ABI, with solc-style `internalType`s.
pub fn abi() -> JsonAbi {
    crate::abi::with_internal_types(IStakingV1::abi::contract(), NAME, &[])
}

alloy_sol_types::sol! {
    /// The staking V1 precompile interface (`0x…0801`).
    #[sol(abi)]
    #[derive(Debug, PartialEq, Eq)]
    #[allow(missing_docs)]
    interface IStakingV1 {
        /// Stake `msg.value` (wei, floored to RAO) from the caller onto `hotkey` on `netuid`.
        function addStake(bytes32 hotkey, uint256 netuid) external payable;
        /// Unstake `amount / 10^9` alpha-RAO from `hotkey` on `netuid` back to TAO.
        function removeStake(bytes32 hotkey, uint256 amount, uint256 netuid) external;
        /// TAO value of all of `coldkey`'s stake, RAO times 10^9.
        function getTotalColdkeyStake(bytes32 coldkey) external view returns (uint256);
        /// TAO value of all stake on `hotkey`, RAO times 10^9.
        function getTotalHotkeyStake(bytes32 hotkey) external view returns (uint256);
        /// Alpha that `coldkey` has staked on `hotkey` on `netuid`, alpha-RAO times 10^9.
        function getStake(bytes32 hotkey, bytes32 coldkey, uint256 netuid)
            external view returns (uint256);
        /// Add `delegate` as a staking proxy of the caller.
        function addProxy(bytes32 delegate) external;
        /// Remove the staking proxy `delegate` of the caller.
        function removeProxy(bytes32 delegate) external;

        /// `coldkey` staked `taoRao` (RAO, not wei) on `hotkey` on `netuid` and received
        /// `alphaRao` (alpha-RAO): the same event, with the same signature, as `IStaking`'s.
        event StakeAdded(
            bytes32 indexed coldkey,
            bytes32 indexed hotkey,
            uint16 indexed netuid,
            uint256 taoRao,
            uint256 alphaRao
        );
        /// `coldkey` unstaked `alphaRao` (alpha-RAO, not wei-scaled) from `hotkey` on `netuid`
        /// and received `taoRao` (RAO): the same event as `IStaking`'s.
        event StakeRemoved(
            bytes32 indexed coldkey,
            bytes32 indexed hotkey,
            uint16 indexed netuid,
            uint256 alphaRao,
            uint256 taoRao
        );
    }
}
