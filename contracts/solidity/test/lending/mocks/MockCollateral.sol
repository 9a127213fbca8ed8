// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {MockERC20} from "./MockERC20.sol";
import {IAlphaCollateral} from "../../../src/lending/IAlphaCollateral.sol";

/// @title MockCollateral
/// @notice An alpha-backed token for tests: `convertToAlpha(shares) = shares * rate / 10^18`,
/// with a settable rate (10^18 for wrapped alpha, more for a vault that has earned).
contract MockCollateral is MockERC20, IAlphaCollateral {
    uint16 public immutable netuid;
    bytes32 public immutable hotkey;
    uint256 public rate = 1e18;

    constructor(uint16 netuid_, bytes32 hotkey_, uint8 decimals_) MockERC20(decimals_) {
        netuid = netuid_;
        hotkey = hotkey_;
    }

    function setRate(uint256 rate_) external {
        rate = rate_;
    }

    function convertToAlpha(uint256 shares) external view returns (uint256) {
        return shares * rate / 1e18;
    }
}

/// @notice Keeps 1% of every transfer (a fee-on-transfer token).
contract FeeCollateral is MockCollateral {
    constructor(uint16 netuid_) MockCollateral(netuid_, bytes32(uint256(0xfee)), 9) {}

    function _move(address from, address to, uint256 amount) internal override {
        uint256 fee = amount / 100;
        super._move(from, to, amount - fee);
        super._move(from, address(0xdead), fee);
    }
}

/// @notice Returns false from `transfer` and `transferFrom` instead of reverting.
contract FalseCollateral is MockCollateral {
    constructor(uint16 netuid_) MockCollateral(netuid_, bytes32(uint256(0xfa15e)), 9) {}

    function transfer(address, uint256) external pure override returns (bool) {
        return false;
    }

    function transferFrom(address, address, uint256) external pure override returns (bool) {
        return false;
    }
}

/// @notice Calls back into a target during `transferFrom` (reentrancy probe).
contract ReentrantCollateral is MockCollateral {
    address public target;
    bytes public payload;
    bytes public lastRevert;

    constructor(uint16 netuid_) MockCollateral(netuid_, bytes32(uint256(0x2e)), 9) {}

    function arm(address target_, bytes calldata payload_) external {
        target = target_;
        payload = payload_;
    }

    function transferFrom(address from, address to, uint256 amount) external override returns (bool) {
        if (target != address(0)) {
            (bool ok, bytes memory ret) = target.call(payload);
            if (ok) revert("reentered");
            lastRevert = ret; // the test reads the refusal here
        }
        _move(from, to, amount);
        return true;
    }
}
