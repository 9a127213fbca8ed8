// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// The bridge's `call` (contracts/interfaces/IWasm.sol has the whole interface).
interface IWasmCall {
    function call(bytes32 account, bytes calldata input, uint64 gasLimit)
        external payable returns (bytes memory output);
}

/// Calls an ink! contract through 0xa00 for the wasm_bridge scenario test.
contract BridgeCaller {
    IWasmCall constant WASM = IWasmCall(address(0xa00));

    /// Takes TAO (so its twin can keep the ink! minimum balance when it pays a contract).
    receive() external payable {}

    /// Calls, then reverts: nothing of the ink! call may remain.
    function callThenRevert(bytes32 account, bytes calldata input) external payable {
        WASM.call{value: msg.value}(account, input, 0);
        revert("after the bridge");
    }

    /// Calls and returns the contract's output.
    function callOnly(bytes32 account, bytes calldata input) external payable returns (bytes memory) {
        return WASM.call{value: msg.value}(account, input, 0);
    }

    /// DELEGATECALL into the bridge (must fail).
    function delegate(bytes calldata data) external returns (bool ok, bytes memory ret) {
        (ok, ret) = address(0xa00).delegatecall(data);
    }
}
