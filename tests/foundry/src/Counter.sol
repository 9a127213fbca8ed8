// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.20;

/// @title Counter: the smallest stateful contract the client tests deploy.
/// @notice Every state change emits `NumberChanged`; `checkBelow` reverts with a reason string and
///         `setNumber` with a custom error, so clients can test event and revert decoding.
contract Counter {
    /// Largest value `setNumber` accepts.
    uint256 public constant MAX = 1_000_000_000;

    uint256 public number;

    event NumberChanged(address indexed caller, uint256 indexed oldValue, uint256 newValue);

    error TooLarge(uint256 value, uint256 max);

    function setNumber(uint256 newNumber) external {
        if (newNumber > MAX) revert TooLarge(newNumber, MAX);
        emit NumberChanged(msg.sender, number, newNumber);
        number = newNumber;
    }

    function increment() external {
        uint256 old = number;
        number = old + 1;
        emit NumberChanged(msg.sender, old, old + 1);
    }

    /// Returns `number` if it is below `limit`, otherwise reverts with Error(string).
    function checkBelow(uint256 limit) external view returns (uint256) {
        require(number < limit, "Counter: number not below limit");
        return number;
    }
}
