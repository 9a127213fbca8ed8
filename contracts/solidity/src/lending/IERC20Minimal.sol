// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title IERC20Minimal
/// @notice The ERC-20 functions the lending market calls: on WTAO (the borrowed asset, 18
/// decimals, wei) and on collateral tokens.
interface IERC20Minimal {
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function balanceOf(address account) external view returns (uint256);
    function decimals() external view returns (uint8);
}
