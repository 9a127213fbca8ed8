// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Vm} from "../utils/Vm.sol";
import {ComputeCollateral} from "../../src/gpu/ComputeCollateral.sol";
import {IMETAGRAPH_ADDRESS} from "interfaces/IMetagraph.sol";
import {IADDRESS_MAPPING_ADDRESS} from "interfaces/IAddressMapping.sol";

/// @title MockMetagraph
/// @notice Stands in for 0x802 (etched there): the two reads `ComputeCollateral` makes, per uid
/// of one subnet, set by the test.
contract MockMetagraph {
    mapping(uint16 netuid => mapping(uint16 uid => bytes32)) public hotkeys;
    mapping(uint16 netuid => mapping(uint16 uid => bool)) public permits;

    /// @notice Sets a uid's hotkey and permit.
    function setUid(uint16 netuid, uint16 uid, bytes32 hotkey, bool permit) external {
        hotkeys[netuid][uid] = hotkey;
        permits[netuid][uid] = permit;
    }

    /// @notice IMetagraph.getHotkey.
    function getHotkey(uint16 netuid, uint16 uid) external view returns (bytes32) {
        return hotkeys[netuid][uid];
    }

    /// @notice IMetagraph.getValidatorStatus.
    function getValidatorStatus(uint16 netuid, uint16 uid) external view returns (bool) {
        return permits[netuid][uid];
    }
}

/// @title MockAddressMapping
/// @notice Stands in for 0x80c (etched there): a deterministic 32-byte twin per address
/// (keccak instead of the chain's blake2b; the contract only compares twins).
contract MockAddressMapping {
    /// @notice IAddressMapping.addressMapping.
    function addressMapping(address target) external pure returns (bytes32) {
        return twin(target);
    }

    /// @notice The twin the mock answers for `target`.
    function twin(address target) public pure returns (bytes32) {
        return keccak256(abi.encodePacked("evm:", target));
    }
}

/// @title Precompiles
/// @notice Etches the mocks at the real precompile addresses.
library Precompiles {
    Vm internal constant VM = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @notice Installs both mocks; returns the metagraph mock (at 0x802).
    function install() internal returns (MockMetagraph) {
        VM.etch(IMETAGRAPH_ADDRESS, address(new MockMetagraph()).code);
        VM.etch(IADDRESS_MAPPING_ADDRESS, address(new MockAddressMapping()).code);
        return MockMetagraph(IMETAGRAPH_ADDRESS);
    }

    /// @notice The twin the 0x80c mock gives `a`.
    function twin(address a) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked("evm:", a));
    }
}

/// @title RejectingMiner
/// @notice A miner contract without `receive`: its withdrawal cannot be paid.
contract RejectingMiner {
    ComputeCollateral internal immutable c;

    constructor(ComputeCollateral c_) {
        c = c_;
    }

    function deposit() external payable {
        c.deposit{value: msg.value}();
    }

    function requestReclaim(uint256 amount) external {
        c.requestReclaim(amount);
    }

    function withdraw() external returns (uint256) {
        return c.withdraw();
    }
}

/// @title ReentrantMiner
/// @notice A miner contract that calls `withdraw` again while being paid and records the
/// revert data it gets.
contract ReentrantMiner {
    ComputeCollateral internal immutable c;
    /// @notice The revert data of the re-entered `withdraw`.
    bytes public reentryError;
    /// @notice Payments received.
    uint256 public received;

    constructor(ComputeCollateral c_) {
        c = c_;
    }

    function deposit() external payable {
        c.deposit{value: msg.value}();
    }

    function requestReclaim(uint256 amount) external {
        c.requestReclaim(amount);
    }

    function withdraw() external returns (uint256) {
        return c.withdraw();
    }

    receive() external payable {
        received += msg.value;
        try c.withdraw() returns (uint256) {
            reentryError = "";
        } catch (bytes memory err) {
            reentryError = err;
        }
    }
}
