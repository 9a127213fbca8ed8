// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {TaochainTest, TaochainMocks} from "taochain-mocks/TaochainMocks.sol";
import {Sequence} from "../src/Sequence.sol";

/// @notice The forge half of the differential test (run by diff.sh, which first runs the same
/// `Sequence` on a `taochain --dev` node and passes its `results()` in TAOCHAIN_NODE_RESULTS,
/// comma-separated). The mocks start from the node's reserves (results 0 and 1), the stake
/// amount is the node run's (result 7 / 1e9); every result from index 4 on must be identical,
/// and the mock's twin of the node's Sequence address must be the node's (results 2, 3).
/// Without TAOCHAIN_NODE_RESULTS the test fails (it is excluded from the plain `forge test`).
contract DifferentialTest is TaochainTest {
    uint16 internal constant NETUID = 1;
    bytes32 internal constant HOTKEY = keccak256("taochain-mocks differential hotkey");

    function test_mocks_match_the_node() public {
        uint256[] memory node = vm.envOr("TAOCHAIN_NODE_RESULTS", ",", new uint256[](0));
        Sequence s = new Sequence();
        uint256 count = s.COUNT();
        assertEq(node.length, count, "TAOCHAIN_NODE_RESULTS: number of results (run diff.sh)");
        TaochainMocks.setupSubnet(NETUID, uint64(node[0]), uint64(node[1]), HOTKEY, keccak256("owner"));
        uint256 stakeRao = node[7] / 1e9;
        uint256[] memory mock = s.run{value: stakeRao * 1e9}(HOTKEY, NETUID, uint64(stakeRao));
        assertEq(
            uint256(TaochainMocks.twin(address(uint160(node[2])))), node[3], "0x80c twin of the node's Sequence"
        );
        for (uint256 i = s.R_FIRST_COMPARED(); i < count; i++) {
            assertEq(mock[i], node[i], string.concat("result ", _str(i), " (mock != node)"));
        }
    }
}
