// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Vm} from "./Vm.sol";

/// @title Test
/// @notice A minimal base for taochain's Foundry tests (forge-std is not available offline):
/// the cheatcode handle, assertions that revert with both values, and the target lists that
/// Foundry's invariant runner reads.
abstract contract Test {
    /// @notice Foundry's cheatcode address.
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @notice Thrown by a failed assertion with the two values compared.
    error AssertEq(uint256 left, uint256 right, string what);
    /// @notice Thrown by a failed address comparison.
    error AssertEqAddress(address left, address right, string what);
    /// @notice Thrown by a failed bytes32 comparison.
    error AssertEqBytes32(bytes32 left, bytes32 right, string what);
    /// @notice Thrown by a failed ordering assertion.
    error AssertOrder(uint256 left, uint256 right, string relation, string what);
    /// @notice Thrown by a failed boolean assertion.
    error AssertTrue(string what);

    address[] private _targetContracts;

    /// @notice Restricts the invariant runner to the given contract (call in `setUp`).
    function targetContract(address target) internal {
        _targetContracts.push(target);
    }

    /// @notice Read by Foundry's invariant runner: the contracts whose functions it calls.
    function targetContracts() public view returns (address[] memory) {
        return _targetContracts;
    }

    function assertEq(uint256 a, uint256 b, string memory what) internal pure {
        if (a != b) revert AssertEq(a, b, what);
    }

    function assertEq(address a, address b, string memory what) internal pure {
        if (a != b) revert AssertEqAddress(a, b, what);
    }

    function assertEq(bytes32 a, bytes32 b, string memory what) internal pure {
        if (a != b) revert AssertEqBytes32(a, b, what);
    }

    function assertLe(uint256 a, uint256 b, string memory what) internal pure {
        if (a > b) revert AssertOrder(a, b, "<=", what);
    }

    function assertGe(uint256 a, uint256 b, string memory what) internal pure {
        if (a < b) revert AssertOrder(a, b, ">=", what);
    }

    function assertLt(uint256 a, uint256 b, string memory what) internal pure {
        if (a >= b) revert AssertOrder(a, b, "<", what);
    }

    function assertGt(uint256 a, uint256 b, string memory what) internal pure {
        if (a <= b) revert AssertOrder(a, b, ">", what);
    }

    function assertTrue(bool c, string memory what) internal pure {
        if (!c) revert AssertTrue(what);
    }

    /// @notice Bounds a fuzzed value into `[lo, hi]` without discarding the run.
    function bound(uint256 x, uint256 lo, uint256 hi) internal pure returns (uint256) {
        if (lo > hi) revert AssertOrder(lo, hi, "<=", "bound range");
        uint256 size;
        unchecked {
            size = hi - lo + 1; // wraps to 0 only for the full range [0, max]
        }
        if (size == 0) return x; // full range
        return lo + (x % size);
    }
}
