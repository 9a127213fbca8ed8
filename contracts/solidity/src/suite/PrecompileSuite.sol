// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {CheckBase} from "./CheckBase.sol";
import {IStaking, ISTAKING_ADDRESS} from "interfaces/IStaking.sol";
import {IAlpha, IALPHA_ADDRESS} from "interfaces/IAlpha.sol";
import {ISubnet, ISUBNET_ADDRESS} from "interfaces/ISubnet.sol";
import {INeuron, INEURON_ADDRESS} from "interfaces/INeuron.sol";

/// @title PrecompileSuite
/// @notice The identity of the precompile suite: it owns subnets, is a neuron's hotkey (its own
/// mapped id) and stakes, with TAO its controller sent it. The check modules run in its context
/// through `exec` (DELEGATECALL), so every precompile sees this contract as `msg.sender`.
/// @dev `stakeThenRevert` stakes through 0x805 and then reverts, so everything the stake did
/// must roll back; `stakeThenRevertCaught` does the same inside try/catch and reports the state
/// before, inside and after the reverted frame.
contract PrecompileSuite is CheckBase {
    IStaking internal constant STAKING = IStaking(ISTAKING_ADDRESS);
    IAlpha internal constant ALPHA = IAlpha(IALPHA_ADDRESS);

    /// @notice The account allowed to drive the suite (its deployer).
    address public immutable controller;

    /// @notice Raised by `stakeThenRevert` after its stake: the stake, the suite's balance (wei)
    /// and the pool reserves as they were inside the frame, just before the revert.
    error StakedThenReverted(uint256 stake, uint256 balance, uint64 taoInPool, uint64 alphaInPool);

    /// @notice The state `stakeThenRevertCaught` reports around the reverted frame.
    /// @param tag "before", "inside" or "after".
    /// @param stake IStaking.getStake(hotkey, suite, netuid), alpha-RAO.
    /// @param balance The suite's balance, wei.
    /// @param taoInPool IAlpha.getTaoInPool(netuid), RAO.
    /// @param alphaInPool IAlpha.getAlphaInPool(netuid), alpha-RAO.
    event Snapshot(string tag, uint256 stake, uint256 balance, uint64 taoInPool, uint64 alphaInPool);

    constructor() payable {
        controller = msg.sender;
    }

    modifier onlyController() {
        require(
            msg.sender == controller || msg.sender == address(this),
            "PrecompileSuite: caller is not the controller"
        );
        _;
    }

    receive() external payable {}

    /// @notice Runs `data` on `module` in this contract's context (DELEGATECALL); a revert of
    /// the module is re-raised unchanged.
    function exec(address module, bytes calldata data)
        external
        payable
        onlyController
        returns (bytes memory)
    {
        (bool ok, bytes memory ret) = module.delegatecall(data);
        if (!ok) {
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
        return ret;
    }

    /// @notice Stakes `amountRao` of the suite's TAO to `hotkey` on `netuid` (a plain success).
    function stake(bytes32 hotkey, uint256 amountRao, uint16 netuid) external onlyController {
        STAKING.addStake(hotkey, amountRao, netuid);
    }

    /// @notice Stakes through 0x805, then reverts with the stake and balance seen inside.
    function stakeThenRevert(bytes32 hotkey, uint256 amountRao, uint16 netuid)
        external
        onlyController
    {
        STAKING.addStake(hotkey, amountRao, netuid);
        revert StakedThenReverted(
            STAKING.getStake(hotkey, _me(), netuid),
            address(this).balance,
            ALPHA.getTaoInPool(netuid),
            ALPHA.getAlphaInPool(netuid)
        );
    }

    /// @notice Calls `stakeThenRevert` in try/catch: the inner frame reverts, this one succeeds
    /// and emits a `Snapshot` before, inside (decoded from the revert) and after.
    function stakeThenRevertCaught(bytes32 hotkey, uint256 amountRao, uint16 netuid)
        external
        onlyController
    {
        _snapshot("before", hotkey, netuid);
        try this.stakeThenRevert(hotkey, amountRao, netuid) {
            revert("PrecompileSuite: stakeThenRevert did not revert");
        } catch (bytes memory err) {
            bytes4 selector;
            assembly {
                selector := mload(add(err, 32))
            }
            require(
                err.length == 132 && selector == StakedThenReverted.selector,
                "PrecompileSuite: unexpected revert from stakeThenRevert"
            );
            // Drop the selector in place (the length word moves 4 bytes up) and decode.
            assembly {
                let len := mload(err)
                err := add(err, 4)
                mstore(err, sub(len, 4))
            }
            (uint256 s, uint256 b, uint64 t, uint64 a) =
                abi.decode(err, (uint256, uint256, uint64, uint64));
            emit Snapshot("inside", s, b, t, a);
        }
        _snapshot("after", hotkey, netuid);
    }

    function _snapshot(string memory tag, bytes32 hotkey, uint16 netuid) internal {
        emit Snapshot(
            tag,
            STAKING.getStake(hotkey, _me(), netuid),
            address(this).balance,
            ALPHA.getTaoInPool(netuid),
            ALPHA.getAlphaInPool(netuid)
        );
    }
}

/// @title Outsider
/// @notice A second identity for the suite: it owns nothing and is registered nowhere, so the
/// owner and registration checks refuse it; it is also the spender of the suite's stake
/// allowance (`transferStakeFrom` is keyed by `msg.sender`).
contract Outsider is CheckBase {
    ISubnet internal constant SUBNET = ISubnet(ISUBNET_ADDRESS);
    INeuron internal constant NEURON = INeuron(INEURON_ADDRESS);
    IStaking internal constant STAKING = IStaking(ISTAKING_ADDRESS);

    /// @notice An owner setter from a non-owner: must revert.
    function trySetRho(uint16 netuid) external {
        try SUBNET.setRho(netuid, 5) {
            _ok("ISubnet.setRho#notOwner", "");
        } catch (bytes memory e) {
            _fail("ISubnet.setRho#notOwner", e);
        }
    }

    /// @notice Weights from an unregistered hotkey: must revert.
    function trySetWeights(uint16 netuid) external {
        uint16[] memory uids = new uint16[](1);
        uint16[] memory values = new uint16[](1);
        values[0] = 1;
        try NEURON.setWeights(netuid, uids, values, 0) {
            _ok("INeuron.setWeights#notRegistered", "");
        } catch (bytes memory e) {
            _fail("INeuron.setWeights#notRegistered", e);
        }
    }

    /// @notice Spends `source`'s allowance: moves `amount` alpha of its stake under `hotkey` on
    /// `netuid` to this contract's coldkey.
    function pull(address source, bytes32 hotkey, uint16 netuid, uint256 amount, string calldata label)
        external
    {
        try STAKING.transferStakeFrom(source, address(this), hotkey, netuid, netuid, amount) {
            _ok(label, abi.encode(STAKING.getStake(hotkey, _me(), netuid)));
        } catch (bytes memory e) {
            _fail(label, e);
        }
    }
}
