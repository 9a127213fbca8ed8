// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title HostileStaking
/// @notice A misbehaving 0x805 for the paths the real precompile never takes, so the contracts'
/// defences can be tested: `Mode.Null` accepts every write and moves nothing (`getStake` reads
/// a constant, `stakeValue`), `Mode.Reenter` calls back into `target` with `payload` from inside the write (a reentrancy
/// attempt) and bubbles up its revert. Etch at 0x…0805 and configure through that address.
contract HostileStaking {
    enum Mode {
        Null,
        Reenter
    }

    Mode public mode;
    address public target;
    bytes public payload;
    /// @notice What `getStake` reads for every position (constant: writes never change it).
    uint256 public stakeValue;

    function setStake(uint256 value) external {
        stakeValue = value;
    }

    function configure(Mode mode_, address target_, bytes calldata payload_) external {
        mode = mode_;
        target = target_;
        payload = payload_;
    }

    function addStake(bytes32, uint256, uint256) external payable {
        _act();
    }

    function removeStake(bytes32, uint256, uint256) external payable {
        _act();
    }

    function transferStake(bytes32, bytes32, uint256, uint256, uint256) external payable {
        _act();
    }

    function transferStakeFrom(address, address, bytes32, uint256, uint256, uint256) external {
        _act();
    }

    function getStake(bytes32, bytes32, uint256) external view returns (uint256) {
        return stakeValue;
    }

    function _act() private {
        if (mode == Mode.Reenter) {
            (bool ok, bytes memory ret) = target.call(payload);
            if (!ok) {
                assembly ("memory-safe") {
                    revert(add(ret, 32), mload(ret))
                }
            }
        }
    }
}
