// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title MockVm
/// @notice The few Foundry cheatcodes the mocks and their test base use (Foundry's signatures;
/// declared here so the package needs no forge-std).
interface MockVm {
    function etch(address target, bytes calldata code) external;
    function deal(address account, uint256 newBalance) external;
    function prank(address sender) external;
    function startPrank(address sender) external;
    function stopPrank() external;
    function expectRevert(bytes calldata revertData) external;
    function expectEmit(bool checkTopic1, bool checkTopic2, bool checkTopic3, bool checkData, address emitter) external;
    function envOr(string calldata name, string calldata delim, uint256[] calldata defaultValue)
        external
        view
        returns (uint256[] memory);
    function envOr(string calldata name, bool defaultValue) external view returns (bool);
    function label(address account, string calldata newLabel) external;
    function allowCheatcodes(address account) external;
    function rpc(string calldata method, string calldata params) external returns (bytes memory data);
    function toString(address value) external pure returns (string memory);
    function toString(bytes memory value) external pure returns (string memory);
}

/// @dev The cheatcode address: `address(uint160(uint256(keccak256("hevm cheat code"))))`.
MockVm constant MOCK_VM = MockVm(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);
