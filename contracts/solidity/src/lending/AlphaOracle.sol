// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IAlpha, IALPHA_ADDRESS} from "interfaces/IAlpha.sol";

/// @title AlphaOracle
/// @notice The lending market's price of alpha in TAO: min(spot, moving price) from the 0x808
/// alpha precompile, refusing a subnet whose moving price is still zero.
/// @dev Why never spot alone. `getAlphaPrice` is the pool's reserve ratio right now: a flash
/// swap, or a sandwich around the market call in the same block, moves it freely and moves it
/// back afterwards, and on a thin subnet that costs little. `getMovingAlphaPrice` is an EMA the
/// chain updates once per block in its block step (`p <- a*min(spot,1) + (1-a)*p`, with a tiny
/// `a`), so no transaction can move it inside a block, and moving it far takes many blocks of
/// sustained, costly pressure. Taking the minimum of the two is asymmetric on purpose: a pump of
/// spot is ignored (the EMA caps it), a fall of spot passes through at once (collateral loses
/// value as soon as the pool says so, so liquidations are not late). A pump of the EMA itself
/// must be sustained for hours and then still be matched by spot at the moment of use.
///
/// A young subnet on the real chain starts with a moving price of 0 that ramps up slowly; 0
/// means the chain has no history for the subnet, so it is refused (`ColdMovingPrice`) rather
/// than read as "worthless" or replaced by spot. A warming (small but non-zero) moving price is
/// accepted and undervalues the collateral, which is the lender-safe direction.
///
/// A netuid with no subnet (never registered, or dissolved) reads storage defaults on 0x808:
/// spot and moving price 1 TAO, TAO reserve 0. So the pool's TAO reserve is checked first and a
/// subnet without one is refused (`NoSubnetPool`): a dissolved subnet's alpha is never valued at
/// the default 1 TAO.
///
/// Units: prices are TAO per alpha x 10^18 (so wei per alpha); alpha amounts are alpha-RAO (9
/// decimals); values are wei of TAO (18 decimals): value = alphaRao * price / 10^9.
library AlphaOracle {
    /// @notice Alpha-RAO per alpha (and RAO per TAO).
    uint256 internal constant ALPHA_UNIT = 1e9;

    /// @notice The subnet has no pool (its TAO reserve is zero): it does not exist or was
    /// dissolved, and 0x808's prices for it are storage defaults.
    error NoSubnetPool(uint16 netuid);
    /// @notice The subnet's moving price is zero: no price history, the subnet cannot be priced.
    error ColdMovingPrice(uint16 netuid, uint256 spotPrice);
    /// @notice The subnet's spot price is zero: its pool holds no TAO, it cannot be priced.
    error ZeroSpotPrice(uint16 netuid, uint256 movingPrice);

    /// @notice Price of one alpha of `netuid` in wei of TAO (TAO per alpha x 10^18):
    /// min(spot, moving). Reverts `NoSubnetPool` for a netuid without a pool, and
    /// `ColdMovingPrice` or `ZeroSpotPrice` when either price is zero.
    function price(uint16 netuid) internal view returns (uint256) {
        IAlpha a = IAlpha(IALPHA_ADDRESS);
        if (a.getTaoInPool(netuid) == 0) revert NoSubnetPool(netuid);
        uint256 spot = a.getAlphaPrice(netuid);
        uint256 moving = a.getMovingAlphaPrice(netuid);
        if (moving == 0) revert ColdMovingPrice(netuid, spot);
        if (spot == 0) revert ZeroSpotPrice(netuid, moving);
        return spot < moving ? spot : moving;
    }

    /// @notice Value in wei of TAO of `alphaRao` alpha-RAO at `priceWad` (from `price`), rounded
    /// down.
    function value(uint256 alphaRao, uint256 priceWad) internal pure returns (uint256) {
        return alphaRao * priceWad / ALPHA_UNIT;
    }

    /// @notice Alpha-RAO worth `weiValue` wei of TAO at `priceWad`, rounded down.
    function alphaFor(uint256 weiValue, uint256 priceWad) internal pure returns (uint256) {
        return weiValue * ALPHA_UNIT / priceWad;
    }
}
