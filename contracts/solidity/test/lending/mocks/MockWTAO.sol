// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {MockERC20} from "./MockERC20.sol";

/// @title MockWTAO
/// @notice WETH9-shaped wrapped TAO for tests: 18 decimals, `deposit` wraps `msg.value`.
contract MockWTAO is MockERC20 {
    constructor() MockERC20(18) {}

    function deposit() external payable {
        mint(msg.sender, msg.value);
    }

    function withdraw(uint256 amount) external {
        require(balanceOf[msg.sender] >= amount, "balance");
        balanceOf[msg.sender] -= amount;
        totalSupply -= amount;
        payable(msg.sender).transfer(amount);
    }
}
