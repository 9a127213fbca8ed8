// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {CheckBase} from "./CheckBase.sol";
import {ISubnet, ISUBNET_ADDRESS} from "interfaces/ISubnet.sol";

/// @title SubnetChecks
/// @notice 0x803 registration (the three `registerNetwork` overloads, the suite's own id as
/// owner hotkey) and the setters that must be refused (besides the root-only `setKappa`, in
/// `HyperparamChecks`): values outside
/// the owner bounds, the root subnet and a subnet that does not exist. Runs in the suite's
/// context (see `PrecompileSuite.exec`).
contract SubnetChecks is CheckBase {
    ISubnet internal constant S = ISubnet(ISUBNET_ADDRESS);

    /// @notice `registerNetwork(bytes32)`.
    function registerPlain() external {
        try S.registerNetwork(_me()) {
            _ok("ISubnet.registerNetwork/1", "");
        } catch (bytes memory e) {
            _fail("ISubnet.registerNetwork/1", e);
        }
    }

    /// @notice `registerNetwork(bytes32, 7 identity strings)`.
    function registerWithIdentity() external {
        try S.registerNetwork(
            _me(),
            "suite two",
            "https://github.com/taochain/taochain",
            "suite@example.org",
            "https://example.org/two",
            "suite#0002",
            "the precompile suite's commit-reveal subnet",
            "additional"
        ) {
            _ok("ISubnet.registerNetwork/8", "");
        } catch (bytes memory e) {
            _fail("ISubnet.registerNetwork/8", e);
        }
    }

    /// @notice `registerNetwork(bytes32, 7 identity strings, logo url)`, first with a name
    /// longer than the 256-byte limit (refused), then valid.
    function registerWithLogo() external {
        string memory tooLong = string(new bytes(257));
        try S.registerNetwork(_me(), tooLong, "", "", "", "", "", "", "") {
            _ok("ISubnet.registerNetwork/9#nameTooLong", "");
        } catch (bytes memory e) {
            _fail("ISubnet.registerNetwork/9#nameTooLong", e);
        }
        try S.registerNetwork(
            _me(),
            "suite three",
            "https://github.com/taochain/taochain",
            "suite@example.org",
            "https://example.org/three",
            "suite#0003",
            "the precompile suite's hyperparameter subnet",
            "additional",
            "https://example.org/logo.png"
        ) {
            _ok("ISubnet.registerNetwork/9", "");
        } catch (bytes memory e) {
            _fail("ISubnet.registerNetwork/9", e);
        }
    }

    /// @notice Setters that must revert on `netuid` (owned by the suite), on root and on
    /// `missing` (a netuid that does not exist).
    function refusedSetters(uint16 netuid, uint16 missing) external {
        try S.setActivityCutoff(netuid, 10) {
            _ok("ISubnet.setActivityCutoff#belowMin", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setActivityCutoff#belowMin", e);
        }
        try S.setActivityCutoffFactor(netuid, 999) {
            _ok("ISubnet.setActivityCutoffFactor#belowMin", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setActivityCutoffFactor#belowMin", e);
        }
        try S.setBondsMovingAverage(netuid, 990_000) {
            _ok("ISubnet.setBondsMovingAverage#aboveMax", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setBondsMovingAverage#aboveMax", e);
        }
        try S.setAlphaValues(netuid, 60_000, 2_000) {
            _ok("ISubnet.setAlphaValues#lowAboveHigh", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setAlphaValues#lowAboveHigh", e);
        }
        try S.setAlphaValues(netuid, 100, 200) {
            _ok("ISubnet.setAlphaValues#belowMin", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setAlphaValues#belowMin", e);
        }
        try S.setCommitRevealWeightsInterval(netuid, 0) {
            _ok("ISubnet.setCommitRevealWeightsInterval#zero", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setCommitRevealWeightsInterval#zero", e);
        }
        try S.setRho(0, 5) {
            _ok("ISubnet.setRho#root", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setRho#root", e);
        }
        try S.setRho(missing, 5) {
            _ok("ISubnet.setRho#missing", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setRho#missing", e);
        }
        try S.toggleTransfers(missing, false) {
            _ok("ISubnet.toggleTransfers#missing", "");
        } catch (bytes memory e) {
            _fail("ISubnet.toggleTransfers#missing", e);
        }
        // A write through STATICCALL (the interface's ABI, encoded with abi.encodeCall).
        (bool ok, bytes memory ret) =
            address(S).staticcall(abi.encodeCall(ISubnet.setRho, (netuid, 5)));
        if (ok) _ok("ISubnet.setRho#static", ret);
        else _fail("ISubnet.setRho#static", ret);
        // Value sent to a function that does not use it.
        try S.setRho{value: 1}(netuid, 5) {
            _ok("ISubnet.setRho#value", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setRho#value", e);
        }
    }
}
