// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title MockAddressMapping
/// @notice A stand-in for the 0x80c address-mapping precompile: the 32-byte id of an address is
/// `bytes32(uint256(uint160(addr)))` (the chain uses blake2b-256("evm:" ‖ addr); contracts must
/// not depend on which, only on it being deterministic and injective). Stateless: etch its
/// runtime code at 0x…080c.
contract MockAddressMapping {
    /// @notice The 32-byte account id of `target_address`.
    function addressMapping(address target_address) external pure returns (bytes32) {
        return bytes32(uint256(uint160(target_address)));
    }
}
