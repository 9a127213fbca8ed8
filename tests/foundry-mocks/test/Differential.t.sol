// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {TaochainTest, TaochainMocks} from "taochain-mocks/TaochainMocks.sol";
import {ISTAKING_ADDRESS} from "taochain-mocks/interfaces/IStaking.sol";
import {Sequence} from "../src/Sequence.sol";

/// @dev The log-recording cheatcodes (Foundry's signatures).
interface LogVm {
    struct Log {
        bytes32[] topics;
        bytes data;
        address emitter;
    }

    function recordLogs() external;
    function getRecordedLogs() external returns (Log[] memory);
    function envOr(string calldata name, uint256 defaultValue) external view returns (uint256);
}

/// @notice The forge half of the differential test (run by diff.sh, which first runs the same
/// `Sequence` on a `taochain --dev` node and passes its `results()` in TAOCHAIN_NODE_RESULTS and
/// the 0x805 logs of that transaction in TAOCHAIN_NODE_EVENTS, comma-separated). The mocks start
/// from the node's reserves (results 0 and 1); the stake amount is the node run's (result 7 /
/// 1e9). Compared: every result from index 4 on; the mock's twin of the node's Sequence address
/// against the node's (results 2, 3); every 0x805 event, topic by topic and word by word (the
/// Sequence's own address and twin differ between the two runs and are mapped to the node's).
/// Without the environment the test fails (it is excluded from the plain `forge test`).
contract DifferentialTest is TaochainTest {
    bytes32 internal constant HOTKEY = keccak256("taochain-mocks differential hotkey");
    LogVm internal constant LOGS = LogVm(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);

    function test_mocks_match_the_node() public {
        uint256[] memory node = vm.envOr("TAOCHAIN_NODE_RESULTS", ",", new uint256[](0));
        uint256[] memory nodeEvents = vm.envOr("TAOCHAIN_NODE_EVENTS", ",", new uint256[](0));
        uint16 netuid = uint16(LOGS.envOr("TAOCHAIN_NODE_NETUID", 1));
        Sequence s = new Sequence();
        uint256 count = s.COUNT();
        assertEq(node.length, count, "TAOCHAIN_NODE_RESULTS: number of results (run diff.sh)");
        assertTrue(nodeEvents.length > 0, "TAOCHAIN_NODE_EVENTS is empty (run diff.sh)");
        TaochainMocks.setupSubnet(netuid, uint64(node[0]), uint64(node[1]), HOTKEY, keccak256("owner"));
        uint256 stakeRao = node[7] / 1e9;
        LOGS.recordLogs();
        uint256[] memory mock = s.run{value: stakeRao * 1e9}(HOTKEY, netuid, uint64(stakeRao));
        uint256[] memory mockEvents = _flatten(LOGS.getRecordedLogs(), address(s), node);

        assertEq(
            uint256(TaochainMocks.twin(address(uint160(node[2])))), node[3], "0x80c twin of the node's Sequence"
        );
        assertEq(node[s.R_PROBE()], uint256(TaochainMocks.Backend.Node), "probe() on the node");
        assertEq(mock[s.R_PROBE()], uint256(TaochainMocks.Backend.Mocks), "probe() on the mocks");
        for (uint256 i = s.R_FIRST_COMPARED(); i < s.R_PROBE(); i++) {
            assertEq(mock[i], node[i], string.concat("result ", _str(i), " (mock != node)"));
        }
        assertEq(mockEvents.length, nodeEvents.length, "0x805 events: flattened length");
        for (uint256 i = 0; i < nodeEvents.length; i++) {
            assertEq(mockEvents[i], nodeEvents[i], string.concat("0x805 events: word ", _str(i), " (mock != node)"));
        }
    }

    /// The 0x805 logs as diff.sh flattens the node's, with the mock run's Sequence address and
    /// twin replaced by the node run's.
    function _flatten(LogVm.Log[] memory logs, address seq, uint256[] memory node)
        internal
        view
        returns (uint256[] memory out)
    {
        uint256 n = 0;
        for (uint256 i = 0; i < logs.length; i++) {
            if (logs[i].emitter == ISTAKING_ADDRESS) n += 2 + logs[i].topics.length + logs[i].data.length / 32;
        }
        out = new uint256[](n);
        uint256 k = 0;
        uint256 myTwin = uint256(TaochainMocks.twin(seq));
        for (uint256 i = 0; i < logs.length; i++) {
            if (logs[i].emitter != ISTAKING_ADDRESS) continue;
            out[k++] = logs[i].topics.length;
            for (uint256 t = 0; t < logs[i].topics.length; t++) {
                uint256 v = uint256(logs[i].topics[t]);
                if (v == myTwin) v = node[3];
                else if (v == uint160(seq)) v = node[2];
                out[k++] = v;
            }
            uint256 words = logs[i].data.length / 32;
            out[k++] = words;
            bytes memory d = logs[i].data;
            for (uint256 w = 0; w < words; w++) {
                uint256 v;
                assembly {
                    v := mload(add(d, add(32, mul(w, 32))))
                }
                out[k++] = v;
            }
        }
    }
}
