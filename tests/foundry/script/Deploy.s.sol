// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity ^0.8.20;

import {Counter} from "../src/Counter.sol";
import {Token} from "../src/Token.sol";

/// The two Foundry cheatcodes this script needs (forge-std is not available offline).
interface Vm {
    function startBroadcast() external;
    function stopBroadcast() external;
}

/// Deploys Counter and Token and calls a few functions, all in one broadcast, so that
/// `forge script --broadcast` (without --slow) submits several transactions of one sender with
/// consecutive nonces concurrently. The sender is the key given with --private-key.
/// Expected end state (checked by run.sh): counter.number() == 42,
/// token.balanceOf(RECIPIENT) == 1234, token.allowance(sender, RECIPIENT) == 5678.
contract Deploy {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    address public constant RECIPIENT = 0x00000000000000000000000000000000C0FFEE01;

    function run() external returns (Counter counter, Token token) {
        vm.startBroadcast();
        counter = new Counter();
        token = new Token("Test Token", "TST", 1_000_000 ether);
        counter.setNumber(41);
        counter.increment();
        require(token.transfer(RECIPIENT, 1234), "transfer failed");
        token.approve(RECIPIENT, 5678);
        vm.stopBroadcast();
    }
}
