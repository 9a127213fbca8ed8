//! Staking V2 precompile at `0x…0805`: add, remove, move and transfer stake (with limit-price
//! variants), stake getters, staking proxies and allowance-style `approve`/`transferStakeFrom`.
//!
//! Every amount is in RAO or alpha-RAO (9 decimals); `msg.value` is not used. Netuids are
//! `uint256` here (unlike the newer precompiles, which use `uint16`). Limit prices are RAO per
//! alpha.

use alloy_json_abi::JsonAbi;
use alloy_primitives::{Address, address};

/// Address of the staking V2 precompile.
pub const ADDRESS: Address = address!("0000000000000000000000000000000000000805");

/// Solidity name of the interface.
pub const NAME: &str = "IStaking";

/// One-line description, used as `@notice` in the generated Solidity interface.
pub const DESCRIPTION: &str = "Staking V2 precompile: amounts in RAO / alpha-RAO (9 decimals).";

/// The interface's JSON ABI, with solc-style `internalType`s.
pub fn abi() -> JsonAbi {
    crate::abi::with_internal_types(IStaking::abi::contract(), NAME, &[])
}

alloy_sol_types::sol! {
    /// The staking V2 precompile interface (`0x…0805`).
    #[sol(abi)]
    #[derive(Debug, PartialEq, Eq)]
    #[allow(missing_docs)]
    interface IStaking {
        /// Stake `amountRao` TAO (RAO) from the caller's coldkey onto `hotkey` on `netuid`.
        function addStake(bytes32 hotkey, uint256 amountRao, uint256 netuid) external payable;
        /// Unstake `amountAlpha` (alpha-RAO) from `hotkey` on `netuid` back to TAO.
        function removeStake(bytes32 hotkey, uint256 amountAlpha, uint256 netuid)
            external payable;
        /// Unstake everything the caller has on `hotkey` on `netuid`.
        function removeStakeFull(bytes32 hotkey, uint256 netuid) external payable;
        /// Unstake everything, refusing a price below `limitPrice` (RAO per alpha).
        function removeStakeFullLimit(bytes32 hotkey, uint256 netuid, uint256 limitPrice)
            external payable;
        /// Stake with a maximum price `limitPrice`; `allowPartial` stakes what fits the limit.
        function addStakeLimit(
            bytes32 hotkey,
            uint256 amountRao,
            uint256 limitPrice,
            bool allowPartial,
            uint256 netuid
        ) external payable;
        /// Unstake with a minimum price `limitPrice`; `allowPartial` unstakes what fits.
        function removeStakeLimit(
            bytes32 hotkey,
            uint256 amountAlpha,
            uint256 limitPrice,
            bool allowPartial,
            uint256 netuid
        ) external payable;
        /// Move the caller's stake between hotkeys and/or subnets.
        function moveStake(
            bytes32 originHotkey,
            bytes32 destHotkey,
            uint256 originNetuid,
            uint256 destNetuid,
            uint256 amountAlpha
        ) external payable;
        /// Give the caller's stake on `hotkey` to `destColdkey` (optionally across subnets).
        function transferStake(
            bytes32 destColdkey,
            bytes32 hotkey,
            uint256 originNetuid,
            uint256 destNetuid,
            uint256 amountAlpha
        ) external payable;
        /// Burn up to `amount` alpha-RAO of the caller's stake (capped at the available stake).
        function burnAlpha(bytes32 hotkey, uint256 amount, uint256 netuid) external payable;
        /// TAO value (RAO) of all of `coldkey`'s stake: a simulated sell, fees included.
        function getTotalColdkeyStake(bytes32 coldkey) external view returns (uint256);
        /// TAO value (RAO) of all stake on `hotkey`, at spot prices.
        function getTotalHotkeyStake(bytes32 hotkey) external view returns (uint256);
        /// Alpha-RAO that `coldkey` has staked on `hotkey` on `netuid`.
        function getStake(bytes32 hotkey, bytes32 coldkey, uint256 netuid)
            external view returns (uint256);
        /// The coldkeys staked on `hotkey` on `netuid`.
        function getAlphaStakedValidators(bytes32 hotkey, uint256 netuid)
            external view returns (bytes32[] memory);
        /// Total alpha-RAO staked on `hotkey` on `netuid`.
        function getTotalAlphaStaked(bytes32 hotkey, uint256 netuid)
            external view returns (uint256);
        /// TAO value (RAO) of `coldkey`'s stake on `netuid`.
        function getTotalColdkeyStakeOnSubnet(bytes32 coldkey, uint256 netuid)
            external view returns (uint256);
        /// The minimum stake (RAO) a nominator must keep.
        function getNominatorMinRequiredStake() external view returns (uint256);
        /// Add `delegate` as a staking proxy of the caller.
        function addProxy(bytes32 delegate) external payable;
        /// Remove the staking proxy `delegate` of the caller.
        function removeProxy(bytes32 delegate) external payable;
        /// Allow `spender` to move `amountAlpha` of the caller's stake on `netuid`.
        function approve(address spender, uint256 netuid, uint256 amountAlpha) external;
        /// Alpha-RAO `spender` may still move from `source`'s stake on `netuid`.
        function allowance(address source, address spender, uint256 netuid)
            external view returns (uint256);
        /// Raise `spender`'s allowance on `netuid` by `delta`.
        function increaseAllowance(address spender, uint256 netuid, uint256 delta) external;
        /// Lower `spender`'s allowance on `netuid` by `delta`.
        function decreaseAllowance(address spender, uint256 netuid, uint256 delta) external;
        /// Move `source`'s stake on `hotkey` to `dest`, consuming the caller's allowance.
        function transferStakeFrom(
            address source,
            address dest,
            bytes32 hotkey,
            uint256 originNetuid,
            uint256 destNetuid,
            uint256 amountAlpha
        ) external;

        /// `coldkey` staked `taoRao` (RAO spent, fee included) on `hotkey` on `netuid` and
        /// received `alphaRao` (alpha-RAO). Emitted by `addStake` and `addStakeLimit` (a partial
        /// fill reports what was executed) and by staking V1's `addStake`.
        event StakeAdded(
            bytes32 indexed coldkey,
            bytes32 indexed hotkey,
            uint16 indexed netuid,
            uint256 taoRao,
            uint256 alphaRao
        );
        /// `coldkey` unstaked `alphaRao` (alpha-RAO removed from the position) from `hotkey` on
        /// `netuid` and received `taoRao` (RAO). Emitted by every `removeStake*` function and by
        /// staking V1's `removeStake`.
        event StakeRemoved(
            bytes32 indexed coldkey,
            bytes32 indexed hotkey,
            uint16 indexed netuid,
            uint256 alphaRao,
            uint256 taoRao
        );
        /// `coldkey` moved `alphaRao` of its stake from (`originHotkey`, `originNetuid`) to
        /// (`destHotkey`, `destNetuid`), where `alphaReceived` was credited (`moveStake`).
        event StakeMoved(
            bytes32 indexed coldkey,
            bytes32 indexed originHotkey,
            bytes32 indexed destHotkey,
            uint16 originNetuid,
            uint16 destNetuid,
            uint256 alphaRao,
            uint256 alphaReceived
        );
        /// `originColdkey` gave `alphaRao` of its stake on `hotkey` to `destColdkey`, who was
        /// credited `alphaReceived` on `destNetuid` (`transferStake`, `transferStakeFrom`).
        event StakeTransferred(
            bytes32 indexed originColdkey,
            bytes32 indexed destColdkey,
            bytes32 indexed hotkey,
            uint16 originNetuid,
            uint16 destNetuid,
            uint256 alphaRao,
            uint256 alphaReceived
        );
        /// `coldkey` burned `alphaRao` of its stake on `hotkey` on `netuid` (`burnAlpha`).
        event AlphaBurned(
            bytes32 indexed coldkey,
            bytes32 indexed hotkey,
            uint16 indexed netuid,
            uint256 alphaRao
        );
        /// The allowance `owner` gives `spender` on `netuid` is now `amount` (alpha-RAO):
        /// `approve`, `increaseAllowance`, `decreaseAllowance` and the spend of
        /// `transferStakeFrom`.
        event AllowanceChanged(
            address indexed owner,
            address indexed spender,
            uint16 indexed netuid,
            uint256 amount
        );
    }
}
