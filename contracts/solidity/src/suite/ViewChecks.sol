// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {CheckBase} from "./CheckBase.sol";
import {IMetagraph, IMETAGRAPH_ADDRESS} from "interfaces/IMetagraph.sol";
import {IAlpha, IALPHA_ADDRESS} from "interfaces/IAlpha.sol";
import {IUidLookup, IUID_LOOKUP_ADDRESS} from "interfaces/IUidLookup.sol";
import {IBalanceTransfer, IBALANCE_TRANSFER_ADDRESS} from "interfaces/IBalanceTransfer.sol";

/// @title ViewChecks
/// @notice Every getter of 0x802 metagraph and 0x808 alpha, 0x806 uid lookup, and 0x800
/// balance transfer (paid from the suite's balance). Runs in the suite's context.
contract ViewChecks is CheckBase {
    IMetagraph internal constant M = IMetagraph(IMETAGRAPH_ADDRESS);
    IAlpha internal constant A = IAlpha(IALPHA_ADDRESS);

    /// @notice Every metagraph getter for (`netuid`, `uid`), and a uid that does not exist.
    function metagraph(uint16 netuid, uint16 uid, uint16 missingUid) external {
        try M.getUidCount(netuid) returns (uint16 v) {
            _ok("IMetagraph.getUidCount", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IMetagraph.getUidCount", e);
        }
        try M.getStake(netuid, uid) returns (uint64 v) {
            _ok("IMetagraph.getStake", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IMetagraph.getStake", e);
        }
        try M.getRank(netuid, uid) returns (uint16 v) {
            _ok("IMetagraph.getRank", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IMetagraph.getRank", e);
        }
        try M.getTrust(netuid, uid) returns (uint16 v) {
            _ok("IMetagraph.getTrust", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IMetagraph.getTrust", e);
        }
        try M.getConsensus(netuid, uid) returns (uint16 v) {
            _ok("IMetagraph.getConsensus", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IMetagraph.getConsensus", e);
        }
        try M.getIncentive(netuid, uid) returns (uint16 v) {
            _ok("IMetagraph.getIncentive", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IMetagraph.getIncentive", e);
        }
        try M.getDividends(netuid, uid) returns (uint16 v) {
            _ok("IMetagraph.getDividends", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IMetagraph.getDividends", e);
        }
        try M.getEmission(netuid, uid) returns (uint64 v) {
            _ok("IMetagraph.getEmission", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IMetagraph.getEmission", e);
        }
        try M.getVtrust(netuid, uid) returns (uint16 v) {
            _ok("IMetagraph.getVtrust", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IMetagraph.getVtrust", e);
        }
        try M.getValidatorStatus(netuid, uid) returns (bool v) {
            _ok("IMetagraph.getValidatorStatus", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IMetagraph.getValidatorStatus", e);
        }
        try M.getLastUpdate(netuid, uid) returns (uint64 v) {
            _ok("IMetagraph.getLastUpdate", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IMetagraph.getLastUpdate", e);
        }
        try M.getIsActive(netuid, uid) returns (bool v) {
            _ok("IMetagraph.getIsActive", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IMetagraph.getIsActive", e);
        }
        try M.getAxon(netuid, uid) returns (IMetagraph.AxonInfo memory v) {
            _ok("IMetagraph.getAxon", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IMetagraph.getAxon", e);
        }
        try M.getHotkey(netuid, uid) returns (bytes32 v) {
            _ok("IMetagraph.getHotkey", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IMetagraph.getHotkey", e);
        }
        try M.getColdkey(netuid, uid) returns (bytes32 v) {
            _ok("IMetagraph.getColdkey", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IMetagraph.getColdkey", e);
        }
        try M.getHotkey(netuid, missingUid) returns (bytes32 v) {
            _ok("IMetagraph.getHotkey#missingUid", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IMetagraph.getHotkey#missingUid", e);
        }
    }

    /// @notice Every alpha getter for `netuid`, a swap quote of `tao` and of `alpha`, and a
    /// subnet that does not exist.
    function alpha(uint16 netuid, uint16 missing, uint64 tao, uint64 alphaAmount) external {
        _alphaPool(netuid);
        _alphaRest(netuid, tao, alphaAmount);
        try A.getTaoInPool(missing) returns (uint64 v) {
            _ok("IAlpha.getTaoInPool#missing", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IAlpha.getTaoInPool#missing", e);
        }
    }

    function _alphaPool(uint16 netuid) internal {
        try A.getAlphaPrice(netuid) returns (uint256 v) {
            _ok("IAlpha.getAlphaPrice", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IAlpha.getAlphaPrice", e);
        }
        try A.getMovingAlphaPrice(netuid) returns (uint256 v) {
            _ok("IAlpha.getMovingAlphaPrice", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IAlpha.getMovingAlphaPrice", e);
        }
        try A.getTaoInPool(netuid) returns (uint64 v) {
            _ok("IAlpha.getTaoInPool", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IAlpha.getTaoInPool", e);
        }
        try A.getAlphaInPool(netuid) returns (uint64 v) {
            _ok("IAlpha.getAlphaInPool", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IAlpha.getAlphaInPool", e);
        }
        try A.getAlphaOutPool(netuid) returns (uint64 v) {
            _ok("IAlpha.getAlphaOutPool", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IAlpha.getAlphaOutPool", e);
        }
        try A.getAlphaIssuance(netuid) returns (uint64 v) {
            _ok("IAlpha.getAlphaIssuance", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IAlpha.getAlphaIssuance", e);
        }
        try A.getSubnetVolume(netuid) returns (uint256 v) {
            _ok("IAlpha.getSubnetVolume", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IAlpha.getSubnetVolume", e);
        }
        try A.getTaoInEmission(netuid) returns (uint256 v) {
            _ok("IAlpha.getTaoInEmission", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IAlpha.getTaoInEmission", e);
        }
        try A.getAlphaInEmission(netuid) returns (uint256 v) {
            _ok("IAlpha.getAlphaInEmission", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IAlpha.getAlphaInEmission", e);
        }
        try A.getAlphaOutEmission(netuid) returns (uint256 v) {
            _ok("IAlpha.getAlphaOutEmission", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IAlpha.getAlphaOutEmission", e);
        }
    }

    function _alphaRest(uint16 netuid, uint64 tao, uint64 alphaAmount) internal {
        try A.simSwapTaoForAlpha(netuid, tao) returns (uint256 v) {
            _ok("IAlpha.simSwapTaoForAlpha", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IAlpha.simSwapTaoForAlpha", e);
        }
        try A.simSwapAlphaForTao(netuid, alphaAmount) returns (uint256 v) {
            _ok("IAlpha.simSwapAlphaForTao", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IAlpha.simSwapAlphaForTao", e);
        }
        try A.getSubnetMechanism(netuid) returns (uint16 v) {
            _ok("IAlpha.getSubnetMechanism", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IAlpha.getSubnetMechanism", e);
        }
        try A.getEMAPriceHalvingBlocks(netuid) returns (uint64 v) {
            _ok("IAlpha.getEMAPriceHalvingBlocks", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IAlpha.getEMAPriceHalvingBlocks", e);
        }
        try A.getRootNetuid() returns (uint16 v) {
            _ok("IAlpha.getRootNetuid", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IAlpha.getRootNetuid", e);
        }
        try A.getTaoWeight() returns (uint256 v) {
            _ok("IAlpha.getTaoWeight", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IAlpha.getTaoWeight", e);
        }
        try A.getCKBurn() returns (uint256 v) {
            _ok("IAlpha.getCKBurn", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IAlpha.getCKBurn", e);
        }
        try A.getSumAlphaPrice() returns (uint256 v) {
            _ok("IAlpha.getSumAlphaPrice", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IAlpha.getSumAlphaPrice", e);
        }
    }

    /// @notice uidLookup of the suite's address on `netuid` (its hotkey is associated with it
    /// when it registers) and of an address with no association.
    function uidLookup(uint16 netuid, address stranger) external {
        IUidLookup L = IUidLookup(IUID_LOOKUP_ADDRESS);
        try L.uidLookup(netuid, address(this), 16) returns (IUidLookup.LookupItem[] memory v) {
            _ok("IUidLookup.uidLookup", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IUidLookup.uidLookup", e);
        }
        try L.uidLookup(netuid, stranger, 16) returns (IUidLookup.LookupItem[] memory v) {
            _ok("IUidLookup.uidLookup#stranger", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IUidLookup.uidLookup#stranger", e);
        }
    }

    /// @notice 0x800 transfer from the suite's balance: `evmWei` wei to an EVM-mapped id,
    /// `nativeWei` wei to a non-EVM 32-byte account (whole RAO only; the dust comes back), and
    /// a transfer of zero (refused).
    function balanceTransfer(bytes32 evmDest, uint256 evmWei, bytes32 nativeDest, uint256 nativeWei)
        external
    {
        IBalanceTransfer T = IBalanceTransfer(IBALANCE_TRANSFER_ADDRESS);
        try T.transfer{value: evmWei}(evmDest) {
            _ok("IBalanceTransfer.transfer", "");
        } catch (bytes memory e) {
            _fail("IBalanceTransfer.transfer", e);
        }
        try T.transfer{value: nativeWei}(nativeDest) {
            _ok("IBalanceTransfer.transfer#native", abi.encode(address(this).balance));
        } catch (bytes memory e) {
            _fail("IBalanceTransfer.transfer#native", e);
        }
        try T.transfer{value: 0}(evmDest) {
            _ok("IBalanceTransfer.transfer#zero", "");
        } catch (bytes memory e) {
            _fail("IBalanceTransfer.transfer#zero", e);
        }
    }
}
