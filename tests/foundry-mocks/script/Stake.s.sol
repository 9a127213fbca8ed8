// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IStaking, ISTAKING_ADDRESS} from "taochain-mocks/interfaces/IStaking.sol";
import {StakeVault} from "../src/StakeVault.sol";
import {TaochainMocks} from "taochain-mocks/TaochainMocks.sol";

interface ScriptVm {
    function startBroadcast() external;
    function stopBroadcast() external;
    function envUint(string calldata name) external view returns (uint256);
    function envBytes32(string calldata name) external view returns (bytes32);
}

/// @notice `forge script` example against a taochain node: deploys a StakeVault and deposits
/// into it (the deposit stakes through 0x805). See the README for the flags it needs.
contract StakeScript {
    ScriptVm private constant VM = ScriptVm(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);

    function run() external returns (StakeVault vault) {
        bytes32 hotkey = VM.envBytes32("HOTKEY");
        uint16 netuid = uint16(VM.envUint("NETUID"));
        // The local run needs the mocks (the fork's precompiles are placeholders); broadcast
        // with --skip-simulation.
        TaochainMocks.installOverNode(netuid, hotkey);
        VM.startBroadcast();
        vault = new StakeVault(hotkey, netuid);
        vault.deposit{value: 1 ether}();
        VM.stopBroadcast();
    }
}
