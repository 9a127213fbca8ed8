// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title InterestRateModel
/// @notice The lending market's borrow rate: a kinked linear function of utilisation, with
/// fixed constants (no governance over rates; a new model means a new market).
/// @dev All rates are per year, scaled by 10^18 (WAD). Utilisation u = debt / (cash + debt),
/// also WAD. The borrow rate is
///
///     u <= KINK:  BASE_RATE + SLOPE_1 * u / KINK
///     u >  KINK:  BASE_RATE + SLOPE_1 + SLOPE_2 * (u - KINK) / (1 - KINK)
///
/// so 1% per year on an idle pool, 10% at the 80% kink and 200% at full utilisation: above the
/// kink the rate climbs steeply so that borrowers repay and suppliers deposit before the pool
/// runs out of cash to withdraw. Interest accrues per second on `block.timestamp` (see
/// `AlphaLendingMarket._accrue`). Suppliers receive all of it (there is no reserve factor).
library InterestRateModel {
    /// @notice Fixed-point one (10^18).
    uint256 internal constant WAD = 1e18;
    /// @notice Seconds per year used to turn the yearly rate into a per-second one.
    uint256 internal constant SECONDS_PER_YEAR = 365 days;
    /// @notice Rate at zero utilisation: 1% per year.
    uint256 internal constant BASE_RATE = 0.01e18;
    /// @notice Utilisation at which the second, steep slope starts: 80%.
    uint256 internal constant KINK = 0.8e18;
    /// @notice Rate added between zero utilisation and the kink: +9% per year (10% at the kink).
    uint256 internal constant SLOPE_1 = 0.09e18;
    /// @notice Rate added between the kink and full utilisation: +190% per year (200% at 100%).
    uint256 internal constant SLOPE_2 = 1.9e18;

    /// @notice Utilisation of a pool holding `cash` idle and lent `debt`, WAD, rounded down; 0
    /// for an empty pool.
    function utilisation(uint256 cash, uint256 debt) internal pure returns (uint256) {
        uint256 total = cash + debt;
        if (total == 0) return 0;
        return debt * WAD / total;
    }

    /// @notice Borrow rate per year (WAD) at utilisation `u` (WAD, at most WAD).
    function borrowRatePerYear(uint256 u) internal pure returns (uint256) {
        if (u <= KINK) return BASE_RATE + SLOPE_1 * u / KINK;
        return BASE_RATE + SLOPE_1 + SLOPE_2 * (u - KINK) / (WAD - KINK);
    }
}
