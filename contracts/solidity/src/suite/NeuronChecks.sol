// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {CheckBase} from "./CheckBase.sol";
import {INeuron, INEURON_ADDRESS} from "interfaces/INeuron.sol";
import {ISubnet, ISUBNET_ADDRESS} from "interfaces/ISubnet.sol";

/// @title NeuronChecks
/// @notice 0x804: registration of hotkeys the suite owns, serving endpoints, `setWeights`, and a
/// hash commit followed by its reveal one epoch later. The suite's own id is the owner hotkey
/// (uid 0) of its subnets, so `msg.sender` proves it for the weights and serving calls. Runs in
/// the suite's context.
contract NeuronChecks is CheckBase {
    INeuron internal constant N = INeuron(INEURON_ADDRESS);
    ISubnet internal constant S = ISubnet(ISUBNET_ADDRESS);

    /// @notice Registers `hotkeyA` (burnedRegister) and `hotkeyB` (registerLimit) on `netuid`
    /// for the suite's coldkey, around the refusals: root, a repeated hotkey, a limit price
    /// below the burn, a subnet that does not exist.
    function registerNeurons(uint16 netuid, uint16 missing, bytes32 hotkeyA, bytes32 hotkeyB)
        external
    {
        try N.burnedRegister(0, hotkeyA) {
            _ok("INeuron.burnedRegister#root", "");
        } catch (bytes memory e) {
            _fail("INeuron.burnedRegister#root", e);
        }
        try N.burnedRegister(missing, hotkeyA) {
            _ok("INeuron.burnedRegister#missing", "");
        } catch (bytes memory e) {
            _fail("INeuron.burnedRegister#missing", e);
        }
        try N.burnedRegister(netuid, hotkeyA) {
            _ok("INeuron.burnedRegister", "");
        } catch (bytes memory e) {
            _fail("INeuron.burnedRegister", e);
        }
        try N.burnedRegister(netuid, hotkeyA) {
            _ok("INeuron.burnedRegister#again", "");
        } catch (bytes memory e) {
            _fail("INeuron.burnedRegister#again", e);
        }
        try N.registerLimit(netuid, hotkeyB, 1) {
            _ok("INeuron.registerLimit#belowBurn", "");
        } catch (bytes memory e) {
            _fail("INeuron.registerLimit#belowBurn", e);
        }
        try N.registerLimit(netuid, hotkeyB, 1_000_000_000_000) {
            _ok("INeuron.registerLimit", "");
        } catch (bytes memory e) {
            _fail("INeuron.registerLimit", e);
        }
    }

    /// @notice Serves an axon and a prometheus endpoint for the suite's hotkey on `netuid`,
    /// around invalid endpoints and the TLS variant.
    function serve(uint16 netuid) external {
        try N.serveAxon(netuid, 7, 0x7f000001, 8091, 4, 1, 0, 0) {
            _ok("INeuron.serveAxon", "");
        } catch (bytes memory e) {
            _fail("INeuron.serveAxon", e);
        }
        try N.serveAxon(netuid, 7, 0x7f000001, 8091, 5, 1, 0, 0) {
            _ok("INeuron.serveAxon#ipType", "");
        } catch (bytes memory e) {
            _fail("INeuron.serveAxon#ipType", e);
        }
        try N.serveAxonTls(netuid, 7, 0x7f000001, 8092, 4, 1, 0, 0, hex"c0ffee") {
            _ok("INeuron.serveAxonTls", "");
        } catch (bytes memory e) {
            _fail("INeuron.serveAxonTls", e);
        }
        try N.servePrometheus(netuid, 3, 0x7f000001, 9090, 4) {
            _ok("INeuron.servePrometheus", "");
        } catch (bytes memory e) {
            _fail("INeuron.servePrometheus", e);
        }
        try N.servePrometheus(netuid, 3, 0x7f000001, 0, 4) {
            _ok("INeuron.servePrometheus#port", "");
        } catch (bytes memory e) {
            _fail("INeuron.servePrometheus#port", e);
        }
    }

    /// @notice `setWeights` on `netuid` from the owner hotkey to uids `a` and `b`: refused while
    /// commit-reveal is on; accepted once the owner turns it off; refused again within the rate
    /// limit and with mismatched lengths. A commit is refused while commit-reveal is off.
    function weights(uint16 netuid, uint16 a, uint16 b) external {
        uint16[] memory uids = new uint16[](2);
        uint16[] memory values = new uint16[](2);
        (uids[0], uids[1], values[0], values[1]) = (a, b, 100, 300);
        try N.setWeights(netuid, uids, values, 0) {
            _ok("INeuron.setWeights#commitReveal", "");
        } catch (bytes memory e) {
            _fail("INeuron.setWeights#commitReveal", e);
        }
        try S.setCommitRevealWeightsEnabled(netuid, false) {
            _ok("ISubnet.setCommitRevealWeightsEnabled#forWeights", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setCommitRevealWeightsEnabled#forWeights", e);
        }
        try N.commitWeights(netuid, keccak256("x")) {
            _ok("INeuron.commitWeights#disabled", "");
        } catch (bytes memory e) {
            _fail("INeuron.commitWeights#disabled", e);
        }
        uint16[] memory one = new uint16[](1);
        one[0] = a;
        try N.setWeights(netuid, one, values, 0) {
            _ok("INeuron.setWeights#lengths", "");
        } catch (bytes memory e) {
            _fail("INeuron.setWeights#lengths", e);
        }
        try N.setWeights(netuid, uids, values, 0) {
            _ok("INeuron.setWeights", "");
        } catch (bytes memory e) {
            _fail("INeuron.setWeights", e);
        }
        try N.setWeights(netuid, uids, values, 0) {
            _ok("INeuron.setWeights#rateLimit", "");
        } catch (bytes memory e) {
            _fail("INeuron.setWeights#rateLimit", e);
        }
    }

    /// @notice Commits `h`, the suite's weights hashed off chain as the real chain does
    /// (BLAKE2b-256 of the SCALE encoding of `(hotkey, netuid, uids, values, salt, versionKey)`;
    /// the EVM has no BLAKE2b-256 to compute it here), reported with the hash as data, then
    /// tries to reveal them at once (too early).
    function commit(
        uint16 netuid,
        uint16[] calldata uids,
        uint16[] calldata values,
        uint16[] calldata salt,
        uint64 versionKey,
        bytes32 h
    ) external {
        try N.commitWeights(netuid, h) {
            _ok("INeuron.commitWeights", abi.encode(h));
        } catch (bytes memory e) {
            _fail("INeuron.commitWeights", e);
        }
        try N.revealWeights(netuid, uids, values, salt, versionKey) {
            _ok("INeuron.revealWeights#early", "");
        } catch (bytes memory e) {
            _fail("INeuron.revealWeights#early", e);
        }
    }

    /// @notice Reveals the committed weights: first with another salt (no commit matches),
    /// then as committed, then again (nothing left to reveal).
    function reveal(
        uint16 netuid,
        uint16[] calldata uids,
        uint16[] calldata values,
        uint16[] calldata salt,
        uint64 versionKey
    ) external {
        uint16[] memory otherSalt = new uint16[](1);
        otherSalt[0] = 0xbad;
        try N.revealWeights(netuid, uids, values, otherSalt, versionKey) {
            _ok("INeuron.revealWeights#mismatch", "");
        } catch (bytes memory e) {
            _fail("INeuron.revealWeights#mismatch", e);
        }
        try N.revealWeights(netuid, uids, values, salt, versionKey) {
            _ok("INeuron.revealWeights", "");
        } catch (bytes memory e) {
            _fail("INeuron.revealWeights", e);
        }
        try N.revealWeights(netuid, uids, values, salt, versionKey) {
            _ok("INeuron.revealWeights#again", "");
        } catch (bytes memory e) {
            _fail("INeuron.revealWeights#again", e);
        }
    }
}
