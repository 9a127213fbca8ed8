// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {LendingBase} from "./LendingBase.sol";
import {AlphaLendingMarket} from "../../src/lending/AlphaLendingMarket.sol";
import {InterestRateModel} from "../../src/lending/InterestRateModel.sol";

/// @notice The kinked rate model and index accrual.
contract InterestTest is LendingBase {
    function test_rateModel_points() public pure {
        assertEq(InterestRateModel.borrowRatePerYear(0), 0.01e18, "1% idle");
        assertEq(InterestRateModel.borrowRatePerYear(0.4e18), 0.055e18, "1% + 9% x 0.5");
        assertEq(InterestRateModel.borrowRatePerYear(0.8e18), 0.1e18, "10% at kink");
        assertEq(InterestRateModel.borrowRatePerYear(0.9e18), 1.05e18, "10% + 190% x 0.5");
        assertEq(InterestRateModel.borrowRatePerYear(1e18), 2e18, "200% full");
    }

    function test_utilisation() public pure {
        assertEq(InterestRateModel.utilisation(0, 0), 0, "empty");
        assertEq(InterestRateModel.utilisation(750e18, 250e18), 0.25e18, "quarter");
        assertEq(InterestRateModel.utilisation(0, 5), 1e18, "full");
        assertEq(InterestRateModel.utilisation(2, 1), 333333333333333333, "rounded down");
    }

    function test_accrue_oneYearAtQuarterUtilisation() public {
        openPosition();
        borrowAs(bob, 250e18);
        assertEq(market.utilisation(), 0.25e18, "u");
        assertEq(market.borrowRatePerYear(), 0.038125e18, "1% + 9% x 0.25/0.8");
        vm.warp(T0 + 365 days);
        assertEq(market.currentBorrowIndex(), 1.038125e27, "pending index");
        assertEq(market.debtOf(bob), 259.53125e18, "debt view");
        vm.expectEmit(true, true, true, true, address(market));
        emit AlphaLendingMarket.InterestAccrued(1.038125e27, 0.038125e18, 9.53125e18, 365 days);
        market.accrueInterest();
        assertEq(market.borrowIndex(), 1.038125e27, "stored");
        assertEq(market.lastAccrual(), T0 + 365 days, "time");
        assertEq(market.totalDebt(), 259.53125e18, "total");
        assertEq(market.totalAssets(), 1009.53125e18, "suppliers' assets");
    }

    function test_accrue_aboveKinkRoundsUp() public {
        supplyAs(alice, 1000e18);
        depositAs(bob, wAlpha, 4000e9); // 2000 TAO of collateral, limit 1000
        borrowAs(bob, 900e18);
        vm.warp(T0 + 1 days);
        uint256 inc = (uint256(1e27) * 1.05e18 * 1 days - 1) / (1e18 * 365 days) + 1;
        assertEq(market.currentBorrowIndex(), 1e27 + inc, "index + ceil(index x 105% x 1d / 1y)");
        assertEq(market.debtOf(bob), (900e18 * (1e27 + inc) - 1) / 1e27 + 1, "debt rounded up");
        uint256 approx = uint256(900e18) * 105 / 100 / 365;
        assertGt(market.debtOf(bob), 900e18 + approx, "about 0.2877% a day, plus rounding up");
    }

    function test_accrue_compoundsAcrossAccruals() public {
        openPosition();
        borrowAs(bob, 250e18);
        vm.warp(T0 + 182 days);
        market.accrueInterest();
        uint256 i1 = market.borrowIndex();
        vm.warp(T0 + 365 days);
        market.accrueInterest();
        assertGt(market.borrowIndex(), 1.038125e27, "two accruals compound above one");
        assertGt(i1, 1e27, "grew");
    }

    function test_accrue_noDebtOnlyMovesClock() public {
        supplyAs(alice, 1000e18);
        vm.warp(T0 + 10 days);
        market.accrueInterest();
        assertEq(market.borrowIndex(), 1e27, "index unchanged");
        assertEq(market.lastAccrual(), T0 + 10 days, "clock moved");
        market.accrueInterest(); // same block: no-op
        assertEq(market.lastAccrual(), T0 + 10 days, "same");
    }
}
