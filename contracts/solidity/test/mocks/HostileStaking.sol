// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title HostileStaking
/// @notice A misbehaving (or merely rounding) 0x805 for the paths the mock pool never takes, so
/// the contracts' defences can be tested. `getStake` reads one value, `stakeValue`, for every
/// position. Modes:
/// - `Null`: every write is accepted and moves nothing;
/// - `Reenter`: every write calls back into `target` with `payload` (a reentrancy attempt) and
///   bubbles up its revert;
/// - `Skew`: `removeStake` / `transferStake` take `amount + skew` out of `stakeValue` (the chain's
///   share-pool rounding is ±1; more is a sale of the remainder). Pays no TAO.
/// Etch at 0x…0805 and configure through that address.
contract HostileStaking {
    enum Mode {
        Null,
        Reenter,
        Skew
    }

    Mode public mode;
    address public target;
    bytes public payload;
    /// @notice What `getStake` reads for every position.
    uint256 public stakeValue;
    /// @notice Extra alpha-RAO a `Skew` write takes (negative: less).
    int256 public skew;

    function configure(Mode mode_, address target_, bytes calldata payload_) external {
        mode = mode_;
        target = target_;
        payload = payload_;
    }

    function setStake(uint256 value) external {
        stakeValue = value;
    }

    function setSkew(int256 skew_) external {
        mode = Mode.Skew;
        skew = skew_;
    }

    function addStake(bytes32, uint256, uint256) external payable {
        _act(0, false);
    }

    function removeStake(bytes32, uint256 amount, uint256) external payable {
        _act(amount, true);
    }

    function transferStake(bytes32, bytes32, uint256, uint256, uint256 amount) external payable {
        _act(amount, true);
    }

    function transferStakeFrom(address, address, bytes32, uint256, uint256, uint256) external {
        _act(0, false);
    }

    function getStake(bytes32, bytes32, uint256) external view returns (uint256) {
        return stakeValue;
    }

    function _act(uint256 amount, bool debit) private {
        if (mode == Mode.Reenter) {
            (bool ok, bytes memory ret) = target.call(payload);
            if (!ok) {
                assembly ("memory-safe") {
                    revert(add(ret, 32), mload(ret))
                }
            }
        } else if (mode == Mode.Skew && debit) {
            stakeValue = uint256(int256(stakeValue) - int256(amount) - skew);
        }
    }
}
