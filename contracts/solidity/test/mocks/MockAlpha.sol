// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ISTAKING_ADDRESS} from "interfaces/IStaking.sol";
import {MockStaking} from "./MockStaking.sol";

/// @title MockAlpha
/// @notice A stand-in for the 0x808 alpha precompile that reads the pools of `MockStaking` at
/// 0x…0805: spot price, reserves and exact `simSwap*` quotes of the mock's constant-product
/// pool. The moving (EMA) price is the spot price unless a test pins it with `setMovingPrice`
/// (any value, 0 included; `unpinMovingPrice` follows the spot price again), and
/// `setBuyQuoteBonus` makes `simSwapTaoForAlpha` promise more than a stake buys, to check that
/// contracts measure what they receive instead of trusting a quote (the chain's quotes are exact).
/// Prices are TAO per alpha × 10^18 (RAO per alpha-RAO × 10^18), as on the chain; reserves and
/// swap amounts are RAO / alpha-RAO. Etch its runtime code at 0x…0808 (storage starts empty).
contract MockAlpha {
    MockStaking private constant STAKING = MockStaking(ISTAKING_ADDRESS);

    mapping(uint16 => uint256) private moving;
    mapping(uint16 => bool) private pinned;
    uint256 private buyBonusPpm;

    /// @notice Pins the moving price of `netuid` to `price` (TAO per alpha × 10^18; 0 allowed).
    function setMovingPrice(uint16 netuid, uint256 price) external {
        moving[netuid] = price;
        pinned[netuid] = true;
    }

    /// @notice Lets the moving price of `netuid` follow the spot price again.
    function unpinMovingPrice(uint16 netuid) external {
        pinned[netuid] = false;
    }

    /// @notice Inflates `simSwapTaoForAlpha` by `ppm` parts per million (0: exact).
    function setBuyQuoteBonus(uint256 ppm) external {
        buyBonusPpm = ppm;
    }

    /// @notice Spot price: taoIn / alphaIn × 10^18 (1 TAO when the pool has no alpha).
    function getAlphaPrice(uint16 netuid) public view returns (uint256) {
        (,, uint256 tao, uint256 alpha,) = STAKING.pools(netuid);
        if (alpha == 0) return 1e18;
        return tao * 1e18 / alpha;
    }

    /// @notice Moving price: the pinned value, or the spot price.
    function getMovingAlphaPrice(uint16 netuid) external view returns (uint256) {
        return pinned[netuid] ? moving[netuid] : getAlphaPrice(netuid);
    }

    /// @notice Alpha that `tao` RAO would buy now; reverts "SubnetNotExists" for no pool.
    function simSwapTaoForAlpha(uint16 netuid, uint64 tao) external view returns (uint256) {
        _exists(netuid);
        uint256 out = STAKING.quoteBuy(netuid, tao);
        return out + out * buyBonusPpm / 1e6;
    }

    /// @notice RAO that selling `alpha` would pay now; reverts "SubnetNotExists" for no pool.
    function simSwapAlphaForTao(uint16 netuid, uint64 alpha) external view returns (uint256) {
        _exists(netuid);
        return STAKING.quoteSell(netuid, alpha);
    }

    /// @notice TAO reserve, RAO.
    function getTaoInPool(uint16 netuid) external view returns (uint64) {
        (,, uint256 tao,,) = STAKING.pools(netuid);
        return uint64(tao);
    }

    /// @notice Alpha reserve, alpha-RAO.
    function getAlphaInPool(uint16 netuid) external view returns (uint64) {
        (,,, uint256 alpha,) = STAKING.pools(netuid);
        return uint64(alpha);
    }

    function _exists(uint16 netuid) private view {
        (bool exists,,,,) = STAKING.pools(netuid);
        if (!exists) revert("SubnetNotExists");
    }
}
