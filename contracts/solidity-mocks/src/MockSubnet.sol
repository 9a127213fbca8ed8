// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ISTAKING_ADDRESS} from "./interfaces/IStaking.sol";
import {IADDRESS_MAPPING_ADDRESS, IAddressMapping} from "./interfaces/IAddressMapping.sol";
import {MockStakingV2} from "./MockStakingV2.sol";
import {MockVm, MOCK_VM} from "./MockVm.sol";

/// @title MockSubnet
/// @notice A minimal mock of the 0x803 subnet precompile: `registerNetwork(bytes32 hotkey)` with
/// a fixed lock cost (`mockSetLockCost`, default 1,000 TAO), which creates the next free netuid's
/// pool with the lock as the TAO reserve and as many alpha-RAO as the alpha reserve (what the
/// node does at a new subnet's start), makes the caller's twin the hotkey's owner, takes the
/// lock from the caller's balance and emits `NetworkRegistered`. Hyperparameters are not modelled.
/// @dev Etched at 0x…0803; its storage is its own (next netuid, lock cost, owners).
contract MockSubnet {
    MockStakingV2 private constant POOLS = MockStakingV2(ISTAKING_ADDRESS);

    uint16 private lastNetuid;
    uint256 private lockCost;
    mapping(uint16 => bytes32) private subnetOwner;

    event NetworkRegistered(bytes32 indexed coldkey, bytes32 indexed hotkey, uint16 indexed netuid, uint256 lockRao);

    /// @notice Sets the lock cost of the next registration, RAO.
    function mockSetLockCost(uint256 rao) external {
        lockCost = rao;
    }

    /// @notice The netuid of the last registered subnet (0: none yet).
    function mockLastNetuid() external view returns (uint16) {
        return lastNetuid;
    }

    /// @notice 0x803 registerNetwork: registers a subnet owned by the caller with `hotkey`.
    function registerNetwork(bytes32 hotkey) external payable {
        bytes32 ck = IAddressMapping(IADDRESS_MAPPING_ADDRESS).addressMapping(msg.sender);
        bytes32 owner = POOLS.mockHotkeyOwner(hotkey);
        if (owner != bytes32(0) && owner != ck) {
            revert("NonAssociatedColdKey: registerNetwork: hotkey owned by another coldkey");
        }
        uint256 lock = lockCost == 0 ? 1_000e9 : lockCost;
        if (msg.sender.balance < lock * 1e9) {
            revert("CannotAffordLockCost: registerNetwork: balance below the lock cost");
        }
        uint16 netuid = lastNetuid + 1;
        while (POOLS.mockPool(netuid).exists) netuid++;
        lastNetuid = netuid;
        subnetOwner[netuid] = ck;
        POOLS.mockSetPool(netuid, uint64(lock), uint64(lock));
        POOLS.mockRegisterHotkey(hotkey, ck);
        MOCK_VM.deal(msg.sender, msg.sender.balance - lock * 1e9);
        emit NetworkRegistered(ck, hotkey, netuid, lock);
    }

    /// @notice The subnet owner's coldkey (the mock's own view; 0 for none).
    function mockSubnetOwner(uint16 netuid) external view returns (bytes32) {
        return subnetOwner[netuid];
    }
}
