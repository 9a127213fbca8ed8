// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {WrappedAlpha} from "./WrappedAlpha.sol";

/// @title WrappedAlphaFactory
/// @notice Creates the wrapped-alpha ERC-20 of a (hotkey, netuid) pair with CREATE2, one per
/// pair, at an address anyone can compute (`tokenFor`). Permissionless, ownerless.
/// @dev Predeployed at genesis: the constructor is empty, so copying the runtime code to the
/// fixed address is the whole deployment. The salt is `keccak256(abi.encode(hotkey, netuid))`.
contract WrappedAlphaFactory {
    /// @notice The token of (`hotkey`, `netuid`) was created at `token` by `creator`.
    event WrappedAlphaCreated(bytes32 indexed hotkey, uint16 indexed netuid, address token, address creator);

    /// @notice The pair already has its token, at `token`.
    error AlreadyExists(bytes32 hotkey, uint16 netuid, address token);

    /// @notice Creates the token of (`hotkey`, `netuid`).
    /// @return token Its address, `tokenFor(hotkey, netuid)`.
    function create(bytes32 hotkey, uint16 netuid) external returns (address token) {
        token = tokenFor(hotkey, netuid);
        if (token.code.length != 0) revert AlreadyExists(hotkey, netuid, token);
        WrappedAlpha deployed = new WrappedAlpha{salt: _salt(hotkey, netuid)}(hotkey, netuid);
        emit WrappedAlphaCreated(hotkey, netuid, address(deployed), msg.sender);
    }

    /// @notice The address of the token of (`hotkey`, `netuid`), created or not.
    function tokenFor(bytes32 hotkey, uint16 netuid) public view returns (address) {
        bytes32 initHash = keccak256(abi.encodePacked(type(WrappedAlpha).creationCode, abi.encode(hotkey, netuid)));
        return address(
            uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(this), _salt(hotkey, netuid), initHash))))
        );
    }

    /// @notice Whether the token of (`hotkey`, `netuid`) has been created.
    function exists(bytes32 hotkey, uint16 netuid) external view returns (bool) {
        return tokenFor(hotkey, netuid).code.length != 0;
    }

    function _salt(bytes32 hotkey, uint16 netuid) private pure returns (bytes32) {
        return keccak256(abi.encode(hotkey, netuid));
    }
}
