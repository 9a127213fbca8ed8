// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ISTAKING_ADDRESS} from "./interfaces/IStaking.sol";
import {IALPHA_ADDRESS} from "./interfaces/IAlpha.sol";
import {IADDRESS_MAPPING_ADDRESS} from "./interfaces/IAddressMapping.sol";
import {ISUBNET_ADDRESS} from "./interfaces/ISubnet.sol";
import {IMETAGRAPH_ADDRESS} from "./interfaces/IMetagraph.sol";
import {MockVm, MOCK_VM} from "./MockVm.sol";
import {MockStakingV2} from "./MockStakingV2.sol";
import {MockAlphaPrecompile} from "./MockAlphaPrecompile.sol";
import {MockAddressMapping, Blake2b} from "./MockAddressMapping.sol";
import {MockSubnet} from "./MockSubnet.sol";
import {MockMetagraph} from "./MockMetagraph.sol";

/// @title TaochainMocks
/// @notice Installs behaving mocks of taochain's Bittensor precompiles at their real addresses
/// in Foundry's EVM (`forge test` has none of them: calls there return nothing), and tells a
/// live node from the mocks. See the package README for what each mock models.
library TaochainMocks {
    /// @notice What `probe()` found behind the precompile addresses.
    enum Backend {
        /// No code at 0x805: plain Foundry/anvil, the precompiles are missing.
        None,
        /// This package's mocks (installed by `install()`).
        Mocks,
        /// A taochain node: its precompile addresses answer with the placeholder code.
        Node,
        /// Some other code at 0x805.
        Unknown
    }

    /// @notice The code a taochain node reports for every precompile address (`eth_getCode`):
    /// `PUSH1 0 PUSH1 0 REVERT`, so `extcodesize` is non-zero (docs/precompiles.md).
    bytes internal constant NODE_PLACEHOLDER_CODE = hex"60006000fd";
    /// @notice What `isTaochainMock()` returns on the mocks.
    bytes32 internal constant MOCK_MARKER = keccak256("taochain-mocks/1");

    /// @notice Etches the mocks of 0x805 (staking V2 and the pools), 0x808 (alpha), 0x80c
    /// (address mapping), 0x803 (registerNetwork) and 0x802 (metagraph) at their real addresses.
    /// Only in `forge test`/`forge script` simulation (uses the `etch` cheatcode).
    function install() internal {
        MOCK_VM.etch(ISTAKING_ADDRESS, address(new MockStakingV2()).code);
        MOCK_VM.etch(IALPHA_ADDRESS, address(new MockAlphaPrecompile()).code);
        MOCK_VM.etch(IADDRESS_MAPPING_ADDRESS, address(new MockAddressMapping()).code);
        MOCK_VM.etch(ISUBNET_ADDRESS, address(new MockSubnet()).code);
        MOCK_VM.etch(IMETAGRAPH_ADDRESS, address(new MockMetagraph()).code);
        // 0x805 and 0x803 move balances with `deal`; in a fork (forge script) cheatcodes must be
        // allowed for them explicitly.
        MOCK_VM.allowCheatcodes(ISTAKING_ADDRESS);
        MOCK_VM.allowCheatcodes(ISUBNET_ADDRESS);
        MOCK_VM.label(ISTAKING_ADDRESS, "taochain:0x805 IStaking (mock)");
        MOCK_VM.label(IALPHA_ADDRESS, "taochain:0x808 IAlpha (mock)");
        MOCK_VM.label(IADDRESS_MAPPING_ADDRESS, "taochain:0x80c IAddressMapping (mock)");
        MOCK_VM.label(ISUBNET_ADDRESS, "taochain:0x803 ISubnet (mock)");
        MOCK_VM.label(IMETAGRAPH_ADDRESS, "taochain:0x802 IMetagraph (mock)");
    }

    /// @notice Which backend serves the precompiles here. Works on chain too (no cheatcodes):
    /// a node's 0x805 has the 5-byte placeholder code, the mocks answer `isTaochainMock()`.
    function probe() internal view returns (Backend) {
        address a = ISTAKING_ADDRESS;
        if (a.code.length == 0) return Backend.None;
        if (a.codehash == keccak256(NODE_PLACEHOLDER_CODE)) return Backend.Node;
        (bool ok, bytes memory ret) = a.staticcall(abi.encodeCall(MockStakingV2.isTaochainMock, ()));
        if (ok && ret.length == 32 && abi.decode(ret, (bytes32)) == MOCK_MARKER) return Backend.Mocks;
        return Backend.Unknown;
    }

    /// @notice For `forge script` against a node: Foundry runs the script in its own EVM over a
    /// fork of the node, where 0x805 and friends are the node's 5-byte placeholder (every call
    /// reverts). This installs the mocks in that local fork (only if `probe()` sees a node) and
    /// seeds subnet `netuid` with the node's reserves and moving price, read over RPC
    /// (`eth_call` to 0x808 through the `rpc` cheatcode), and `hotkey` as registered, so the
    /// local run succeeds; the broadcast transactions then run on the node's real precompiles.
    /// Broadcast with `--skip-simulation` (the second simulation would run without the mocks).
    /// Numbers the script sees locally are the mocks' (equal to the node's for the calls the
    /// differential test covers, at the state of the fork's block).
    function installOverNode(uint16 netuid, bytes32 hotkey) internal {
        if (probe() != Backend.Node) return;
        uint256 tao = _nodeCall(IALPHA_ADDRESS, abi.encodeWithSignature("getTaoInPool(uint16)", netuid));
        uint256 alpha_ = _nodeCall(IALPHA_ADDRESS, abi.encodeWithSignature("getAlphaInPool(uint16)", netuid));
        uint256 moving = _nodeCall(IALPHA_ADDRESS, abi.encodeWithSignature("getMovingAlphaPrice(uint16)", netuid));
        install();
        staking().mockSetPool(netuid, uint64(tao), uint64(alpha_));
        staking().mockSetMovingPrice(netuid, moving);
        staking().mockRegisterHotkey(hotkey, keccak256("taochain-mocks: owner on the node"));
    }

    /// `eth_call` on the node behind the fork (latest block); returns the first word.
    function _nodeCall(address to, bytes memory data) private returns (uint256) {
        string memory params = string.concat(
            "[{\"to\":\"", MOCK_VM.toString(to), "\",\"data\":\"", MOCK_VM.toString(data), "\"},\"latest\"]"
        );
        return abi.decode(MOCK_VM.rpc("eth_call", params), (uint256));
    }

    /// @notice The staking mock at 0x805 (pools, stake and test helpers).
    function staking() internal pure returns (MockStakingV2) {
        return MockStakingV2(ISTAKING_ADDRESS);
    }

    /// @notice The alpha mock at 0x808.
    function alpha() internal pure returns (MockAlphaPrecompile) {
        return MockAlphaPrecompile(IALPHA_ADDRESS);
    }

    /// @notice The subnet mock at 0x803.
    function subnet() internal pure returns (MockSubnet) {
        return MockSubnet(ISUBNET_ADDRESS);
    }

    /// @notice The metagraph mock at 0x802.
    function metagraph() internal pure returns (MockMetagraph) {
        return MockMetagraph(IMETAGRAPH_ADDRESS);
    }

    /// @notice The twin (32-byte account) of `who`, blake2b-256("evm:" ‖ who), as on the node.
    function twin(address who) internal view returns (bytes32) {
        return Blake2b.twin(who);
    }

    /// @notice Sets up subnet `netuid`'s pool (reserves in RAO / alpha-RAO, default fee 33/65535)
    /// and registers `hotkey` as owned by `ownerColdkey` (so stake to it is accepted).
    function setupSubnet(uint16 netuid, uint64 taoRao, uint64 alphaRao, bytes32 hotkey, bytes32 ownerColdkey)
        internal
    {
        staking().mockSetPool(netuid, taoRao, alphaRao);
        staking().mockRegisterHotkey(hotkey, ownerColdkey);
    }

    /// @notice Credits `alphaRao` stake to (`hotkey`, twin of `holder`, `netuid`), as emission does.
    function creditStake(bytes32 hotkey, address holder, uint16 netuid, uint256 alphaRao) internal {
        staking().mockCreditStake(hotkey, twin(holder), netuid, alphaRao);
    }

    /// @notice Sets the moving price of `netuid` (TAO per alpha × 1e18).
    function setMovingPrice(uint16 netuid, uint256 priceE18) internal {
        staking().mockSetMovingPrice(netuid, priceE18);
    }

    /// @notice One EMA step of the moving price towards the spot price, weight `alphaPpm`/1e6.
    function stepMovingPrice(uint16 netuid, uint256 alphaPpm) internal {
        staking().mockStepMovingPrice(netuid, alphaPpm);
    }
}

/// @title TaochainTest
/// @notice A test base: `setUp()` installs the mocks (override `setUp` and call
/// `super.setUp()` to add yours), and small assertion helpers that revert with both values.
abstract contract TaochainTest {
    /// @notice Foundry's cheatcodes (the subset this package declares).
    MockVm internal constant vm = MOCK_VM;

    /// @notice Installs the precompile mocks.
    function setUp() public virtual {
        TaochainMocks.install();
    }

    /// @notice Fails unless `a == b`, naming both and `what`.
    function assertEq(uint256 a, uint256 b, string memory what) internal pure {
        if (a != b) revert(string.concat(what, ": ", _str(a), " != ", _str(b)));
    }

    /// @notice Fails unless `a == b`.
    function assertEq(bytes32 a, bytes32 b, string memory what) internal pure {
        if (a != b) revert(string.concat(what, ": bytes32 values differ"));
    }

    /// @notice Fails unless `cond`.
    function assertTrue(bool cond, string memory what) internal pure {
        if (!cond) revert(what);
    }

    function _str(uint256 v) internal pure returns (string memory) {
        if (v == 0) return "0";
        bytes memory b = new bytes(78);
        uint256 i = 78;
        while (v != 0) {
            b[--i] = bytes1(uint8(48 + v % 10));
            v /= 10;
        }
        bytes memory out = new bytes(78 - i);
        for (uint256 j = 0; j < out.length; j++) {
            out[j] = b[i + j];
        }
        return string(out);
    }
}
