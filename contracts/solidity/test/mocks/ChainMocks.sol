// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Vm} from "../utils/Vm.sol";
import {ISTAKING_ADDRESS} from "interfaces/IStaking.sol";
import {IALPHA_ADDRESS} from "interfaces/IAlpha.sol";
import {IADDRESS_MAPPING_ADDRESS} from "interfaces/IAddressMapping.sol";
import {MockStaking} from "./MockStaking.sol";
import {MockAlpha} from "./MockAlpha.sol";
import {MockAddressMapping} from "./MockAddressMapping.sol";

/// @title ChainMocks
/// @notice Installs the mocks at the real precompile addresses (0x805, 0x808, 0x80c) with
/// `vm.etch` and returns handles to configure them. Call from a test's `setUp`:
/// `(MockStaking staking, MockAlpha alpha) = ChainMocks.install();` then
/// `staking.setMinStake(2_000_000); staking.createSubnet(1, 1_000e9, 1_000e9); ...`.
library ChainMocks {
    Vm private constant VM = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @notice Etches MockStaking, MockAlpha and MockAddressMapping at 0x805, 0x808 and 0x80c and
    /// funds MockStaking's payout reserve (10^12 TAO).
    function install() internal returns (MockStaking staking, MockAlpha alpha) {
        VM.etch(ISTAKING_ADDRESS, address(new MockStaking()).code);
        VM.etch(IALPHA_ADDRESS, address(new MockAlpha()).code);
        VM.etch(IADDRESS_MAPPING_ADDRESS, address(new MockAddressMapping()).code);
        // The reserve MockStaking pays unstaked TAO from.
        VM.deal(ISTAKING_ADDRESS, 1e12 ether);
        staking = MockStaking(ISTAKING_ADDRESS);
        alpha = MockAlpha(IALPHA_ADDRESS);
    }

    /// @notice The mock's 32-byte id of `who` (as MockAddressMapping computes it).
    function id(address who) internal pure returns (bytes32) {
        return bytes32(uint256(uint160(who)));
    }
}
