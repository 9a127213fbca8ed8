// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title TokenNames
/// @notice String pieces for the names and symbols of the alpha-backed tokens: a netuid in
/// decimal and the first four bytes of a hotkey in hex.
library TokenNames {
    /// @notice `v` in decimal ("0", "7", "65535").
    function decimal(uint256 v) internal pure returns (string memory) {
        uint256 len = 1;
        for (uint256 t = v / 10; t != 0; t /= 10) {
            ++len;
        }
        bytes memory b = new bytes(len);
        for (uint256 i = len; i != 0; v /= 10) {
            // A digit, below 58: the cast cannot truncate.
            // forge-lint: disable-next-line(unsafe-typecast)
            b[--i] = bytes1(uint8(48 + v % 10));
        }
        return string(b);
    }

    /// @notice "0x" and the first four bytes of `h` in lower-case hex ("0x1a2b3c4d").
    function hex4(bytes32 h) internal pure returns (string memory) {
        bytes memory out = new bytes(10);
        out[0] = "0";
        out[1] = "x";
        bytes16 digits = "0123456789abcdef";
        for (uint256 k = 0; k < 4; ++k) {
            uint8 c = uint8(h[k]); // a byte
            out[2 + 2 * k] = digits[c >> 4];
            out[3 + 2 * k] = digits[c & 15];
        }
        return string(out);
    }
}
