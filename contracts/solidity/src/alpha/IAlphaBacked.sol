// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title IAlphaBacked
/// @notice A token backed by alpha staked to one hotkey on one subnet: the wrapped-alpha tokens
/// (`WrappedAlpha`) and the delegation vault shares (`DelegationVault`) implement it, and
/// lending markets value such collateral through it (alpha, then a price of their choosing).
interface IAlphaBacked {
    /// @notice The subnet whose alpha backs this token.
    function netuid() external view returns (uint16);
    /// @notice The hotkey the backing stake is delegated to.
    function hotkey() external view returns (bytes32);
    /// @notice Alpha (alpha-RAO, 9 decimals) that `shares` of this token redeem for, rounded down.
    function convertToAlpha(uint256 shares) external view returns (uint256);
}
