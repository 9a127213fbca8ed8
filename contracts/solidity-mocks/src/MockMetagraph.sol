// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title MockMetagraph
/// @notice A minimal mock of the 0x802 metagraph precompile: neurons added by
/// `mockAddNeuron(netuid, hotkey, coldkey, stake)` get uids 0, 1, …; `getUidCount`, `getHotkey`,
/// `getColdkey`, `getStake`, `getIsActive`, `getValidatorStatus` read them; an unknown uid
/// reverts "UidNotExists" as on the node. Consensus, incentive, dividends, emission, trust and
/// the axon are not modelled (0). Etched at 0x…0802.
contract MockMetagraph {
    struct Neuron {
        bytes32 hotkey;
        bytes32 coldkey;
        uint64 stake;
        bool validator;
    }

    mapping(uint16 => Neuron[]) private neurons;

    /// @notice Appends a neuron to `netuid`; returns its uid.
    function mockAddNeuron(uint16 netuid, bytes32 hotkey, bytes32 coldkey, uint64 stake, bool validator)
        external
        returns (uint16 uid)
    {
        uid = uint16(neurons[netuid].length);
        neurons[netuid].push(Neuron(hotkey, coldkey, stake, validator));
    }

    /// @notice Number of uids on `netuid`.
    function getUidCount(uint16 netuid) external view returns (uint16) {
        return uint16(neurons[netuid].length);
    }

    /// @notice Hotkey of `uid`.
    function getHotkey(uint16 netuid, uint16 uid) external view returns (bytes32) {
        return _n(netuid, uid, "getHotkey").hotkey;
    }

    /// @notice Coldkey of `uid`.
    function getColdkey(uint16 netuid, uint16 uid) external view returns (bytes32) {
        return _n(netuid, uid, "getColdkey").coldkey;
    }

    /// @notice Stake of `uid` as set by the test, RAO.
    function getStake(uint16 netuid, uint16 uid) external view returns (uint64) {
        return _n(netuid, uid, "getStake").stake;
    }

    /// @notice Every mock neuron is active.
    function getIsActive(uint16 netuid, uint16 uid) external view returns (bool) {
        _n(netuid, uid, "getIsActive");
        return true;
    }

    /// @notice Validator permit as set by the test.
    function getValidatorStatus(uint16 netuid, uint16 uid) external view returns (bool) {
        return _n(netuid, uid, "getValidatorStatus").validator;
    }

    function _n(uint16 netuid, uint16 uid, string memory fn) private view returns (Neuron storage) {
        if (uid >= neurons[netuid].length) {
            revert(string.concat("UidNotExists: ", fn, ": uid does not exist on this subnet"));
        }
        return neurons[netuid][uid];
    }
}
