// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title IAlphaCollateral
/// @notice What the lending market needs from a collateral token backed by staked alpha: the
/// subnet and hotkey behind it and how much alpha its shares redeem for. Wrapped-alpha ERC-20s
/// (9 decimals, one share = one alpha-RAO) and ERC-4626 delegation-vault shares both implement
/// it.
/// @dev Declared privately with the same functions as `src/alpha/IAlphaBacked.sol` (owned by the
/// alpha-wrapper work) so that the two can be deduplicated later without an ABI change.
interface IAlphaCollateral {
    /// @notice The subnet whose alpha backs this token.
    function netuid() external view returns (uint16);
    /// @notice The hotkey the backing alpha is staked to.
    function hotkey() external view returns (bytes32);
    /// @notice Alpha (alpha-RAO, 9 decimals) that `shares` of this token redeem for, rounded down.
    function convertToAlpha(uint256 shares) external view returns (uint256);
}
