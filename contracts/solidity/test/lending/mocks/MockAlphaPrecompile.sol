// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title MockAlphaPrecompile
/// @notice Stand-in for the 0x808 alpha precompile in tests: its runtime code is etched at
/// 0x…0808, and spot and moving prices (TAO per alpha x 10^18) are set per netuid through the
/// setters, which then write 0x808's own storage.
contract MockAlphaPrecompile {
    mapping(uint16 => uint256) public spot;
    mapping(uint16 => uint256) public moving;
    /// A dissolved (or never registered) subnet: TAO reserve 0, as taochain reads it.
    mapping(uint16 => bool) public dissolved;

    function setDissolved(uint16 netuid, bool d) external {
        dissolved[netuid] = d;
    }

    function getTaoInPool(uint16 netuid) external view returns (uint64) {
        return dissolved[netuid] ? 0 : 1_000_000e9;
    }

    function setPrices(uint16 netuid, uint256 spotPrice, uint256 movingPrice) external {
        spot[netuid] = spotPrice;
        moving[netuid] = movingPrice;
    }

    function setSpot(uint16 netuid, uint256 spotPrice) external {
        spot[netuid] = spotPrice;
    }

    function setMoving(uint16 netuid, uint256 movingPrice) external {
        moving[netuid] = movingPrice;
    }

    function getAlphaPrice(uint16 netuid) external view returns (uint256) {
        return spot[netuid];
    }

    function getMovingAlphaPrice(uint16 netuid) external view returns (uint256) {
        return moving[netuid];
    }
}
