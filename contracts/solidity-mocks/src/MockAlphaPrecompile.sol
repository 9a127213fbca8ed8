// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ISTAKING_ADDRESS} from "./interfaces/IStaking.sol";
import {MockStakingV2} from "./MockStakingV2.sol";

/// @title MockAlphaPrecompile
/// @notice A mock of the 0x808 alpha precompile over the pools `MockStakingV2` keeps at 0x…0805:
/// the spot price at the node's precision, the moving price a test sets
/// (`mockSetMovingPrice` / `mockStepMovingPrice` on 0x805), reserves, alpha out, and exact
/// `simSwap*` quotes (the node's quote: fee on the input, floored constant product).
/// @dev Etched at 0x…0808; stateless. A netuid with no pool reads 0 reserves and price 1e18,
/// and the simulated swaps revert "SubnetNotExists", as on the node. Not modelled (return 0):
/// emissions, issuance beyond alpha out, volume, CK burn, TAO weight (getTaoWeight, getSumAlphaPrice
/// and getEMAPriceHalvingBlocks are absent: calling them reverts).
contract MockAlphaPrecompile {
    MockStakingV2 private constant POOLS = MockStakingV2(ISTAKING_ADDRESS);

    /// @notice Spot price, TAO per alpha × 1e18 (a multiple of 1e9, as on the node).
    function getAlphaPrice(uint16 netuid) external view returns (uint256) {
        return POOLS.spotPriceE18(netuid);
    }

    /// @notice Moving price as set by the test (1e18 for a netuid with no pool, and root).
    function getMovingAlphaPrice(uint16 netuid) external view returns (uint256) {
        MockStakingV2.Pool memory p = POOLS.mockPool(netuid);
        if (!p.exists || netuid == 0) return 1e18;
        return p.movingPriceE18 / 1e9 * 1e9;
    }

    /// @notice Alpha that `tao` RAO would buy now (fee included).
    function simSwapTaoForAlpha(uint16 netuid, uint64 tao) external view returns (uint256) {
        return POOLS.quoteBuy(netuid, tao, "simSwapTaoForAlpha");
    }

    /// @notice RAO that selling `alpha` would pay now (fee included).
    function simSwapAlphaForTao(uint16 netuid, uint64 alpha) external view returns (uint256) {
        return POOLS.quoteSell(netuid, alpha, "simSwapAlphaForTao");
    }

    /// @notice TAO reserve, RAO.
    function getTaoInPool(uint16 netuid) external view returns (uint64) {
        return POOLS.mockPool(netuid).tao;
    }

    /// @notice Alpha reserve, alpha-RAO.
    function getAlphaInPool(uint16 netuid) external view returns (uint64) {
        return POOLS.mockPool(netuid).alpha;
    }

    /// @notice Outstanding (staked) alpha, alpha-RAO.
    function getAlphaOutPool(uint16 netuid) external view returns (uint64) {
        return POOLS.mockPool(netuid).alphaOut;
    }

    /// @notice Issuance: alpha in the pool plus alpha out (the mock mints nothing else).
    function getAlphaIssuance(uint16 netuid) external view returns (uint64) {
        MockStakingV2.Pool memory p = POOLS.mockPool(netuid);
        return p.alpha + p.alphaOut;
    }

    /// @notice 1 for a dynamic pool, 0 for root and a netuid with no pool.
    function getSubnetMechanism(uint16 netuid) external view returns (uint16) {
        return netuid != 0 && POOLS.mockPool(netuid).exists ? 1 : 0;
    }

    /// @notice The root netuid, 0.
    function getRootNetuid() external pure returns (uint16) {
        return 0;
    }

    /// @notice Not modelled: 0.
    function getTaoInEmission(uint16) external pure returns (uint256) {
        return 0;
    }

    /// @notice Not modelled: 0.
    function getAlphaInEmission(uint16) external pure returns (uint256) {
        return 0;
    }

    /// @notice Not modelled: 0.
    function getAlphaOutEmission(uint16) external pure returns (uint256) {
        return 0;
    }

    /// @notice Not modelled: 0.
    function getSubnetVolume(uint16) external pure returns (uint256) {
        return 0;
    }

    /// @notice Not modelled: 0 (the node's childkey burn).
    function getCKBurn() external pure returns (uint256) {
        return 0;
    }
}
