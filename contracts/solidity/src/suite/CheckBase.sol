// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IAddressMapping, IADDRESS_MAPPING_ADDRESS} from "interfaces/IAddressMapping.sol";

/// @title CheckBase
/// @notice What every contract of the precompile suite shares: the `Checked` event that reports
/// one precompile call, and the 32-byte id of an EVM address.
/// @dev The check modules run by DELEGATECALL from `PrecompileSuite`, so `address(this)` is the
/// suite (the subnet owner, hotkey and staker) and their events are the suite's logs. A label is
/// `Interface.function`, `Interface.function/<number of inputs>` for an overloaded function, and
/// may end in `#variant` when one function is called in several situations.
abstract contract CheckBase {
    /// @notice One precompile call: `ok` with the ABI-encoded return values (empty when the
    /// function returns nothing), or not `ok` with the revert data (`Error(string)`).
    event Checked(string fn, bool ok, bytes data);

    function _ok(string memory fn, bytes memory data) internal {
        emit Checked(fn, true, data);
    }

    function _fail(string memory fn, bytes memory err) internal {
        emit Checked(fn, false, err);
    }

    /// @dev The chain's 32-byte id of an EVM address: its twin blake2b-256("evm:" ‖ address),
    /// as 0x80c computes it (the real chain's mapping).
    function _id(address a) internal view returns (bytes32) {
        return IAddressMapping(IADDRESS_MAPPING_ADDRESS).addressMapping(a);
    }

    /// @dev The suite's own id: its coldkey, and its hotkey wherever it registered itself.
    function _me() internal view returns (bytes32) {
        return _id(address(this));
    }
}
