// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {DelegationVault} from "./DelegationVault.sol";

/// @title DelegationVaultFactory
/// @notice Opens the delegation vault of a (hotkey, netuid) pair with CREATE2, one per pair, at
/// an address anyone can compute (`vaultFor`). Permissionless (a validator or anyone), ownerless.
/// @dev Predeployed at genesis: the constructor only stores the WTAO address it is given (an
/// immutable, nothing derived from `address(this)`, and no call to it, so the constructor can run
/// in a scratch EVM where WTAO is not deployed yet). Salt: `keccak256(abi.encode(hotkey, netuid))`.
contract DelegationVaultFactory {
    /// @notice The asset of every vault: WTAO.
    address payable public immutable wtao;

    /// @notice The vault of (`hotkey`, `netuid`) was opened at `vault` by `creator`.
    event VaultCreated(bytes32 indexed hotkey, uint16 indexed netuid, address vault, address creator);

    /// @notice The pair already has its vault, at `vault`.
    error AlreadyExists(bytes32 hotkey, uint16 netuid, address vault);
    /// @notice The WTAO address given is zero.
    error InvalidAsset(address wtao);

    /// @param wtao_ The WTAO contract (not checked for code: see the predeploy note above).
    constructor(address payable wtao_) {
        if (wtao_ == address(0)) revert InvalidAsset(wtao_);
        wtao = wtao_;
    }

    /// @notice Opens the vault of (`hotkey`, `netuid`).
    /// @return vault Its address, `vaultFor(hotkey, netuid)`.
    function create(bytes32 hotkey, uint16 netuid) external returns (address vault) {
        vault = vaultFor(hotkey, netuid);
        if (vault.code.length != 0) revert AlreadyExists(hotkey, netuid, vault);
        DelegationVault deployed = new DelegationVault{salt: _salt(hotkey, netuid)}(wtao, hotkey, netuid);
        emit VaultCreated(hotkey, netuid, address(deployed), msg.sender);
    }

    /// @notice The address of the vault of (`hotkey`, `netuid`), opened or not.
    function vaultFor(bytes32 hotkey, uint16 netuid) public view returns (address) {
        bytes32 initHash =
            keccak256(abi.encodePacked(type(DelegationVault).creationCode, abi.encode(wtao, hotkey, netuid)));
        return address(
            uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(this), _salt(hotkey, netuid), initHash))))
        );
    }

    /// @notice Whether the vault of (`hotkey`, `netuid`) has been opened.
    function exists(bytes32 hotkey, uint16 netuid) external view returns (bool) {
        return vaultFor(hotkey, netuid).code.length != 0;
    }

    function _salt(bytes32 hotkey, uint16 netuid) private pure returns (bytes32) {
        return keccak256(abi.encode(hotkey, netuid));
    }
}
