// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IStaking, ISTAKING_ADDRESS} from "taochain-mocks/interfaces/IStaking.sol";
import {IAlpha, IALPHA_ADDRESS} from "taochain-mocks/interfaces/IAlpha.sol";
import {IAddressMapping, IADDRESS_MAPPING_ADDRESS} from "taochain-mocks/interfaces/IAddressMapping.sol";
import {TaochainMocks} from "taochain-mocks/TaochainMocks.sol";

/// @title Sequence
/// @notice The call sequence of the differential test: run once on a taochain node and once in
/// forge on the mocks (set up with the node's starting reserves), all in ONE call so no block
/// step (emission) runs in between. Every number it reads is kept in `results()`: 0-3 are inputs
/// (starting reserves, own address and twin); 4-25 prices, quotes, stake, reserves and the wei
/// taken and paid around two stakes and two unstakes; 20 and 28 allowances; 26-27 stake after
/// `transferStakeFrom`; 29-37 the hashed "<ErrorName>: <function>" of nine calls that must fail;
/// 38 what `TaochainMocks.probe()` saw.
contract Sequence {
    IStaking private constant S = IStaking(ISTAKING_ADDRESS);
    IAlpha private constant A = IAlpha(IALPHA_ADDRESS);

    uint256 public constant R_TAO0 = 0; // TAO reserve at the start (input of the mock set-up)
    uint256 public constant R_ALPHA0 = 1; // alpha reserve at the start (input of the mock set-up)
    uint256 public constant R_SELF = 2; // address(this) (input of the twin check)
    uint256 public constant R_TWIN = 3; // addressMapping(address(this)) on 0x80c
    uint256 public constant R_FIRST_COMPARED = 4; // from here on: compared number by number
    uint256 public constant R_PROBE = 38; // TaochainMocks.probe() where it ran (not compared: 2 on a node, 1 on the mocks)
    uint256 public constant COUNT = 39;

    uint256[] private _results;

    /// @notice Every number of the last run (see the R_* indices and `run`).
    function results() external view returns (uint256[] memory) {
        return _results;
    }

    /// @notice Runs the sequence: prices, quotes, addStake, removeStake (half), approve, and the
    /// reads after each step. Needs `stakeRao * 1e9` wei of balance (send it as msg.value).
    function run(bytes32 hotkey, uint16 netuid, uint64 stakeRao) external payable returns (uint256[] memory r) {
        r = new uint256[](COUNT);
        bytes32 me = IAddressMapping(IADDRESS_MAPPING_ADDRESS).addressMapping(address(this));
        r[0] = A.getTaoInPool(netuid);
        r[1] = A.getAlphaInPool(netuid);
        r[2] = uint160(address(this));
        r[3] = uint256(me);
        r[4] = A.getAlphaPrice(netuid);
        r[5] = A.simSwapTaoForAlpha(netuid, stakeRao);
        r[6] = A.simSwapAlphaForTao(netuid, 1e9);
        uint256 bal = address(this).balance;
        S.addStake(hotkey, stakeRao, netuid);
        r[7] = bal - address(this).balance; // wei the stake took
        r[8] = S.getStake(hotkey, me, netuid); // alpha received
        r[9] = A.getTaoInPool(netuid);
        r[10] = A.getAlphaInPool(netuid);
        r[11] = A.getAlphaPrice(netuid);
        uint256 half = r[8] / 2;
        r[12] = A.simSwapAlphaForTao(netuid, uint64(half));
        bal = address(this).balance;
        S.removeStake(hotkey, half, netuid);
        r[13] = address(this).balance - bal; // wei the unstake paid
        r[14] = S.getStake(hotkey, me, netuid);
        r[15] = A.getTaoInPool(netuid);
        r[16] = A.getAlphaInPool(netuid);
        r[17] = A.getAlphaPrice(netuid);
        r[18] = A.simSwapTaoForAlpha(netuid, stakeRao / 3);
        // A second stake: the quote just read must be what it buys.
        S.addStake(hotkey, stakeRao / 3, netuid);
        r[19] = S.getStake(hotkey, me, netuid);
        S.approve(address(0xBEEF), netuid, 12_345);
        S.increaseAllowance(address(0xBEEF), netuid, 5);
        r[20] = S.allowance(address(this), address(0xBEEF), netuid);
        // The rest of the position in one sell.
        uint256 left = S.getStake(hotkey, me, netuid);
        bal = address(this).balance;
        S.removeStake(hotkey, left, netuid);
        r[21] = address(this).balance - bal;
        r[22] = S.getStake(hotkey, me, netuid);
        r[23] = A.getTaoInPool(netuid);
        r[24] = A.getAlphaInPool(netuid);
        r[25] = A.getAlphaPrice(netuid);
        _allowanceAndErrors(r, hotkey, netuid, stakeRao, me);
        r[R_PROBE] = uint256(TaochainMocks.probe());
        _results = r;
    }

    /// A third stake moved in part to 0xBEEF with transferStakeFrom (the Sequence approves
    /// itself), then calls that must fail (the last two: addStake with value, approve by
    /// DELEGATECALL): each result is the hash of the revert reason up to
    /// its second ": " ("<ErrorName>: <function>"), 1 for another failure, 0 for no failure.
    function _allowanceAndErrors(uint256[] memory r, bytes32 hotkey, uint16 netuid, uint64 stakeRao, bytes32 me)
        private
    {
        bytes32 beef = IAddressMapping(IADDRESS_MAPPING_ADDRESS).addressMapping(address(0xBEEF));
        S.addStake(hotkey, stakeRao / 2, netuid);
        uint256 mine = S.getStake(hotkey, me, netuid);
        S.approve(address(this), netuid, mine / 4 + 1);
        S.transferStakeFrom(address(this), address(0xBEEF), hotkey, netuid, netuid, mine / 4);
        r[26] = S.getStake(hotkey, me, netuid);
        r[27] = S.getStake(hotkey, beef, netuid);
        r[28] = S.allowance(address(this), address(this), netuid);
        r[29] = _reason(address(S), abi.encodeCall(IStaking.removeStake, (hotkey, mine, netuid)));
        r[30] = _reason(address(S), abi.encodeCall(IStaking.addStake, (hotkey, 1_000, netuid)));
        r[31] = _reason(address(S), abi.encodeCall(IStaking.addStake, (hotkey, stakeRao, 999)));
        r[32] = _reason(address(A), abi.encodeCall(IAlpha.simSwapTaoForAlpha, (999, 1e9)));
        r[33] = _reason(
            address(S),
            abi.encodeCall(IStaking.transferStakeFrom, (address(this), address(0xBEEF), hotkey, netuid, netuid, 2))
        );
        r[34] = _reason(address(S), abi.encodeCall(IStaking.addStake, (keccak256("nobody"), stakeRao, netuid)));
        r[35] = _reason(address(S), abi.encodeCall(IStaking.removeStake, (hotkey, 0, netuid)));
        (bool ok, bytes memory ret) =
            address(S).call{value: 1}(abi.encodeCall(IStaking.addStake, (hotkey, stakeRao, netuid)));
        r[36] = _prefix(ok, ret);
        (ok, ret) = address(S).delegatecall(abi.encodeCall(IStaking.approve, (address(0xBEEF), netuid, 1)));
        r[37] = _prefix(ok, ret);
    }

    function _reason(address to, bytes memory data) private returns (uint256) {
        (bool ok, bytes memory ret) = to.call(data);
        return _prefix(ok, ret);
    }

    function _prefix(bool ok, bytes memory ret) private pure returns (uint256) {
        if (ok) return 0;
        if (ret.length < 68 || bytes4(ret) != 0x08c379a0) return 1;
        bytes memory body = new bytes(ret.length - 4);
        for (uint256 i = 0; i < body.length; i++) {
            body[i] = ret[i + 4];
        }
        bytes memory reason = bytes(abi.decode(body, (string)));
        uint256 colons = 0;
        uint256 end = reason.length;
        for (uint256 i = 0; i + 1 < reason.length; i++) {
            if (reason[i] == ":" && reason[i + 1] == " " && ++colons == 2) {
                end = i;
                break;
            }
        }
        bytes memory prefix = new bytes(end);
        for (uint256 i = 0; i < end; i++) {
            prefix[i] = reason[i];
        }
        return uint256(keccak256(prefix));
    }
}
