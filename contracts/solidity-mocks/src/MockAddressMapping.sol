// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title MockAddressMapping
/// @notice A mock of the 0x80c address-mapping precompile that computes what the node computes:
/// the 32-byte twin of an address, `blake2b-256("evm:" ‖ address)`, with Ethereum's BLAKE2F
/// precompile (0x09, EIP-152), which Foundry's EVM has. Stateless; etched at 0x…080c.
contract MockAddressMapping {
    /// @notice 0x80c addressMapping: the twin (coldkey / hotkey) of `target_address`.
    function addressMapping(address target_address) external view returns (bytes32) {
        return Blake2b.twin(target_address);
    }
}

/// @title Blake2b
/// @notice BLAKE2b-256 (no key) of messages of at most 128 bytes, one compression through 0x09.
library Blake2b {
    /// @notice blake2b-256("evm:" ‖ who), the node's `HashedAddressMapping`.
    function twin(address who) internal view returns (bytes32) {
        return hash256(abi.encodePacked("evm:", who));
    }

    /// @notice BLAKE2b with a 32-byte digest of `message` (at most 128 bytes: one block).
    function hash256(bytes memory message) internal view returns (bytes32 digest) {
        require(message.length <= 128, "Blake2b: message longer than one block");
        // Parameter block: digest length 32, key length 0, fanout 1, depth 1.
        uint64[8] memory iv = [
            uint64(0x6a09e667f3bcc908) ^ 0x01010020,
            0xbb67ae8584caa73b,
            0x3c6ef372fe94f82b,
            0xa54ff53a5f1d36f1,
            0x510e527fade682d1,
            0x9b05688c2b3e6c1f,
            0x1f83d9abfb41bd6b,
            0x5be0cd19137e2179
        ];
        bytes memory h = new bytes(64);
        for (uint256 i = 0; i < 8; i++) {
            for (uint256 b = 0; b < 8; b++) {
                h[i * 8 + b] = bytes1(uint8(iv[i] >> (8 * b)));
            }
        }
        bytes memory block_ = new bytes(128);
        for (uint256 i = 0; i < message.length; i++) {
            block_[i] = message[i];
        }
        // Offset counter t (two little-endian u64 words) = message length; final-block flag 1.
        bytes memory t = new bytes(16);
        t[0] = bytes1(uint8(message.length));
        bytes memory input = abi.encodePacked(uint32(12), h, block_, t, uint8(1));
        (bool ok, bytes memory out) = address(0x09).staticcall(input);
        require(ok && out.length == 64, "Blake2b: BLAKE2F precompile (0x09) failed");
        assembly {
            digest := mload(add(out, 32))
        }
    }
}
