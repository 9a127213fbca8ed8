// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {CheckBase} from "./CheckBase.sol";
import {ISubnet, ISUBNET_ADDRESS} from "interfaces/ISubnet.sol";

/// @title HyperparamChecks
/// @notice Every 0x803 hyperparameter setter, as the subnet owner, with a value inside the
/// owner bounds, each followed by its getter (whose result shows what the setter did: the new
/// value, or the old one for the deprecated no-op setters and the root-only `setKappa`); then
/// `setAlphaValues`, `toggleTransfers`, `getMaxWeightLimit` and `getNetworkRegistrationBlock`.
/// Setting `NetworkRegistrationAllowed` to false last takes the subnet out of the coinbase, so
/// its pool and stakes stay still from block to block.
/// @dev Generated layout: one try/catch per call. Runs in the suite's context.
contract HyperparamChecks is CheckBase {
    ISubnet internal constant S = ISubnet(ISUBNET_ADDRESS);

    /// @notice Setters and getters, part 1 of 2.
    function setAndGet1(uint16 netuid) external {
        try S.setServingRateLimit(netuid, 7) {
            _ok("ISubnet.setServingRateLimit", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setServingRateLimit", e);
        }
        try S.getServingRateLimit(netuid) returns (uint64 v) {
            _ok("ISubnet.getServingRateLimit", abi.encode(v));
        } catch (bytes memory e) {
            _fail("ISubnet.getServingRateLimit", e);
        }
        try S.setMinDifficulty(netuid, 1000) {
            _ok("ISubnet.setMinDifficulty", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setMinDifficulty", e);
        }
        try S.getMinDifficulty(netuid) returns (uint64 v) {
            _ok("ISubnet.getMinDifficulty", abi.encode(v));
        } catch (bytes memory e) {
            _fail("ISubnet.getMinDifficulty", e);
        }
        try S.setMaxDifficulty(netuid, 1_000_000_000_000) {
            _ok("ISubnet.setMaxDifficulty", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setMaxDifficulty", e);
        }
        try S.getMaxDifficulty(netuid) returns (uint64 v) {
            _ok("ISubnet.getMaxDifficulty", abi.encode(v));
        } catch (bytes memory e) {
            _fail("ISubnet.getMaxDifficulty", e);
        }
        try S.setWeightsVersionKey(netuid, 3) {
            _ok("ISubnet.setWeightsVersionKey", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setWeightsVersionKey", e);
        }
        try S.getWeightsVersionKey(netuid) returns (uint64 v) {
            _ok("ISubnet.getWeightsVersionKey", abi.encode(v));
        } catch (bytes memory e) {
            _fail("ISubnet.getWeightsVersionKey", e);
        }
        try S.setWeightsSetRateLimit(netuid, 77) {
            _ok("ISubnet.setWeightsSetRateLimit", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setWeightsSetRateLimit", e);
        }
        try S.getWeightsSetRateLimit(netuid) returns (uint64 v) {
            _ok("ISubnet.getWeightsSetRateLimit", abi.encode(v));
        } catch (bytes memory e) {
            _fail("ISubnet.getWeightsSetRateLimit", e);
        }
        try S.setAdjustmentAlpha(netuid, 12345) {
            _ok("ISubnet.setAdjustmentAlpha", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setAdjustmentAlpha", e);
        }
        try S.getAdjustmentAlpha(netuid) returns (uint64 v) {
            _ok("ISubnet.getAdjustmentAlpha", abi.encode(v));
        } catch (bytes memory e) {
            _fail("ISubnet.getAdjustmentAlpha", e);
        }
        try S.setImmunityPeriod(netuid, 100) {
            _ok("ISubnet.setImmunityPeriod", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setImmunityPeriod", e);
        }
        try S.getImmunityPeriod(netuid) returns (uint16 v) {
            _ok("ISubnet.getImmunityPeriod", abi.encode(v));
        } catch (bytes memory e) {
            _fail("ISubnet.getImmunityPeriod", e);
        }
        try S.setMinAllowedWeights(netuid, 2) {
            _ok("ISubnet.setMinAllowedWeights", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setMinAllowedWeights", e);
        }
        try S.getMinAllowedWeights(netuid) returns (uint16 v) {
            _ok("ISubnet.getMinAllowedWeights", abi.encode(v));
        } catch (bytes memory e) {
            _fail("ISubnet.getMinAllowedWeights", e);
        }
        try S.setKappa(netuid, 100) {
            _ok("ISubnet.setKappa", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setKappa", e);
        }
        try S.getKappa(netuid) returns (uint16 v) {
            _ok("ISubnet.getKappa", abi.encode(v));
        } catch (bytes memory e) {
            _fail("ISubnet.getKappa", e);
        }
        try S.setRho(netuid, 11) {
            _ok("ISubnet.setRho", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setRho", e);
        }
        try S.getRho(netuid) returns (uint16 v) {
            _ok("ISubnet.getRho", abi.encode(v));
        } catch (bytes memory e) {
            _fail("ISubnet.getRho", e);
        }
        try S.setAlphaSigmoidSteepness(netuid, 2000) {
            _ok("ISubnet.setAlphaSigmoidSteepness", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setAlphaSigmoidSteepness", e);
        }
        try S.getAlphaSigmoidSteepness(netuid) returns (uint16 v) {
            _ok("ISubnet.getAlphaSigmoidSteepness", abi.encode(v));
        } catch (bytes memory e) {
            _fail("ISubnet.getAlphaSigmoidSteepness", e);
        }
        try S.setActivityCutoff(netuid, 5000) {
            _ok("ISubnet.setActivityCutoff", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setActivityCutoff", e);
        }
        try S.getActivityCutoff(netuid) returns (uint16 v) {
            _ok("ISubnet.getActivityCutoff", abi.encode(v));
        } catch (bytes memory e) {
            _fail("ISubnet.getActivityCutoff", e);
        }
    }

    /// @notice Setters and getters, part 2 of 2.
    function setAndGet2(uint16 netuid) external {
        try S.setActivityCutoffFactor(netuid, 20000) {
            _ok("ISubnet.setActivityCutoffFactor", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setActivityCutoffFactor", e);
        }
        try S.getActivityCutoffFactor(netuid) returns (uint32 v) {
            _ok("ISubnet.getActivityCutoffFactor", abi.encode(v));
        } catch (bytes memory e) {
            _fail("ISubnet.getActivityCutoffFactor", e);
        }
        try S.getActivityCutoff(netuid) returns (uint16 v) {
            _ok("ISubnet.getActivityCutoff#derived", abi.encode(v));
        } catch (bytes memory e) {
            _fail("ISubnet.getActivityCutoff#derived", e);
        }
        try S.setNetworkPowRegistrationAllowed(netuid, true) {
            _ok("ISubnet.setNetworkPowRegistrationAllowed", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setNetworkPowRegistrationAllowed", e);
        }
        try S.getNetworkPowRegistrationAllowed(netuid) returns (bool v) {
            _ok("ISubnet.getNetworkPowRegistrationAllowed", abi.encode(v));
        } catch (bytes memory e) {
            _fail("ISubnet.getNetworkPowRegistrationAllowed", e);
        }
        try S.setMinBurn(netuid, 1) {
            _ok("ISubnet.setMinBurn", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setMinBurn", e);
        }
        try S.getMinBurn(netuid) returns (uint64 v) {
            _ok("ISubnet.getMinBurn", abi.encode(v));
        } catch (bytes memory e) {
            _fail("ISubnet.getMinBurn", e);
        }
        try S.setMaxBurn(netuid, 1) {
            _ok("ISubnet.setMaxBurn", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setMaxBurn", e);
        }
        try S.getMaxBurn(netuid) returns (uint64 v) {
            _ok("ISubnet.getMaxBurn", abi.encode(v));
        } catch (bytes memory e) {
            _fail("ISubnet.getMaxBurn", e);
        }
        try S.setDifficulty(netuid, 5555) {
            _ok("ISubnet.setDifficulty", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setDifficulty", e);
        }
        try S.getDifficulty(netuid) returns (uint64 v) {
            _ok("ISubnet.getDifficulty", abi.encode(v));
        } catch (bytes memory e) {
            _fail("ISubnet.getDifficulty", e);
        }
        try S.setBondsMovingAverage(netuid, 950_000) {
            _ok("ISubnet.setBondsMovingAverage", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setBondsMovingAverage", e);
        }
        try S.getBondsMovingAverage(netuid) returns (uint64 v) {
            _ok("ISubnet.getBondsMovingAverage", abi.encode(v));
        } catch (bytes memory e) {
            _fail("ISubnet.getBondsMovingAverage", e);
        }
        try S.setCommitRevealWeightsEnabled(netuid, false) {
            _ok("ISubnet.setCommitRevealWeightsEnabled", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setCommitRevealWeightsEnabled", e);
        }
        try S.getCommitRevealWeightsEnabled(netuid) returns (bool v) {
            _ok("ISubnet.getCommitRevealWeightsEnabled", abi.encode(v));
        } catch (bytes memory e) {
            _fail("ISubnet.getCommitRevealWeightsEnabled", e);
        }
        try S.setLiquidAlphaEnabled(netuid, true) {
            _ok("ISubnet.setLiquidAlphaEnabled", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setLiquidAlphaEnabled", e);
        }
        try S.getLiquidAlphaEnabled(netuid) returns (bool v) {
            _ok("ISubnet.getLiquidAlphaEnabled", abi.encode(v));
        } catch (bytes memory e) {
            _fail("ISubnet.getLiquidAlphaEnabled", e);
        }
        try S.setYuma3Enabled(netuid, false) {
            _ok("ISubnet.setYuma3Enabled", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setYuma3Enabled", e);
        }
        try S.getYuma3Enabled(netuid) returns (bool v) {
            _ok("ISubnet.getYuma3Enabled", abi.encode(v));
        } catch (bytes memory e) {
            _fail("ISubnet.getYuma3Enabled", e);
        }
        try S.setBondsResetEnabled(netuid, true) {
            _ok("ISubnet.setBondsResetEnabled", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setBondsResetEnabled", e);
        }
        try S.getBondsResetEnabled(netuid) returns (bool v) {
            _ok("ISubnet.getBondsResetEnabled", abi.encode(v));
        } catch (bytes memory e) {
            _fail("ISubnet.getBondsResetEnabled", e);
        }
        try S.setCommitRevealWeightsInterval(netuid, 3) {
            _ok("ISubnet.setCommitRevealWeightsInterval", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setCommitRevealWeightsInterval", e);
        }
        try S.getCommitRevealWeightsInterval(netuid) returns (uint64 v) {
            _ok("ISubnet.getCommitRevealWeightsInterval", abi.encode(v));
        } catch (bytes memory e) {
            _fail("ISubnet.getCommitRevealWeightsInterval", e);
        }
        try S.setNetworkRegistrationAllowed(netuid, false) {
            _ok("ISubnet.setNetworkRegistrationAllowed", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setNetworkRegistrationAllowed", e);
        }
        try S.getNetworkRegistrationAllowed(netuid) returns (bool v) {
            _ok("ISubnet.getNetworkRegistrationAllowed", abi.encode(v));
        } catch (bytes memory e) {
            _fail("ISubnet.getNetworkRegistrationAllowed", e);
        }
    }

    /// @notice The remaining 0x803 functions: the liquid-alpha bounds, the transfer toggle
    /// and the two getters without a setter.
    function others(uint16 netuid) external {
        try S.setAlphaValues(netuid, 2_000, 60_000) {
            _ok("ISubnet.setAlphaValues", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setAlphaValues", e);
        }
        try S.getAlphaValues(netuid) returns (uint16 low, uint16 high) {
            _ok("ISubnet.getAlphaValues", abi.encode(low, high));
        } catch (bytes memory e) {
            _fail("ISubnet.getAlphaValues", e);
        }
        try S.toggleTransfers(netuid, false) {
            _ok("ISubnet.toggleTransfers", "");
        } catch (bytes memory e) {
            _fail("ISubnet.toggleTransfers", e);
        }
        try S.getMaxWeightLimit(netuid) returns (uint16 v) {
            _ok("ISubnet.getMaxWeightLimit", abi.encode(v));
        } catch (bytes memory e) {
            _fail("ISubnet.getMaxWeightLimit", e);
        }
        try S.getNetworkRegistrationBlock(netuid) returns (uint64 v) {
            _ok("ISubnet.getNetworkRegistrationBlock", abi.encode(v));
        } catch (bytes memory e) {
            _fail("ISubnet.getNetworkRegistrationBlock", e);
        }
    }
}
