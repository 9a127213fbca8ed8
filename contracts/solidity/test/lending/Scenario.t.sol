// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {LendingBase} from "./LendingBase.sol";
import {AlphaLendingMarket} from "../../src/lending/AlphaLendingMarket.sol";

/// @notice The whole story with every number derived here from the formulas: supply, collateral,
/// borrow at the limit, a refused sandwich, a month of interest, a price crash, a liquidation,
/// a second crash, a full seizure with bad debt, and the supplier's loss.
contract ScenarioTest is LendingBase {
    uint256 internal constant RAY = 1e27;
    // Values carried between steps (storage keeps the test under the stack limit).
    uint256 internal index;
    uint256 internal repaid1;
    uint256 internal repaid2;
    uint256 internal scaled;
    uint256 internal collateralLeft;
    uint256 internal debt;
    uint256 internal bad;

    function _ceil(uint256 a, uint256 b) internal pure returns (uint256) {
        return a == 0 ? 0 : (a - 1) / b + 1;
    }

    function test_fullScenario() public {
        // 1. alice supplies 1000 TAO; bob locks 1000 alpha of subnet 1 (0.5 TAO each).
        openPosition();
        fund(carol, 1000e18);

        // 2. bob borrows exactly his limit: 1000 x 0.5 x 50% = 250 TAO.
        borrowAs(bob, 250e18);
        assertEq(market.debtOf(bob), 250e18, "borrowed at the limit");

        // 3. A sandwich pumps spot 10x inside the block: the moving price caps the valuation.
        prices.setSpot(NET_A, 5e18);
        vm.expectRevert(
            abi.encodeWithSelector(AlphaLendingMarket.BorrowLimitExceeded.selector, bob, 250e18 + 1e18, 250e18)
        );
        borrowAs(bob, 1e18);
        prices.setSpot(NET_A, 0.5e18);

        // 4. 30 days at u = 25%: rate 1% + 9% x 0.25 / 0.8 = 3.8125% a year.
        vm.warp(T0 + 30 days);
        index = RAY + _ceil(RAY * 0.038125e18 * 30 days, 1e18 * 365 days);
        debt = _ceil(250e18 * index, RAY);
        assertEq(market.debtOf(bob), debt, "250 x index, rounded up");
        assertTrue(debt > 250e18 && debt < 251e18, "about 0.78 TAO of interest");
        assertTrue(!market.isLiquidatable(bob), "above borrow limit, below liquidation limit");

        // 5. Spot crashes to 0.3 (moving still 0.5): the drop passes through at once.
        prices.setSpot(NET_A, 0.3e18);
        (,, uint256 ll) = market.accountLiquidity(bob);
        assertEq(ll, 195e18, "1000 x 0.3 x 65%");
        repaid1 = debt * 5000 / 10_000;
        // The market rounds the bonus value first, then the alpha: same order here.
        // forge-lint: disable-next-line(divide-before-multiply)
        uint256 seized1 = (repaid1 * 10_800 / 10_000) * 1e9 / 0.3e18;
        vm.prank(carol);
        (uint256 r1, uint256 s1) = market.liquidate(bob, address(wAlpha), type(uint256).max);
        assertEq(r1, repaid1, "half the debt");
        assertEq(s1, seized1, "repaid x 1.08 / 0.3, in alpha-RAO (1 share = 1 alpha-RAO)");
        scaled = 250e18 - repaid1 * RAY / index; // borrowed at index 1: scaled = 250e18
        assertEq(market.scaledDebtOf(bob), scaled, "floor(repaid / index) removed");
        collateralLeft = 1000e9 - seized1;
        assertEq(market.collateralOf(bob, address(wAlpha)), collateralLeft, "left");
        // The liquidator's bonus is exactly 8% of what it repaid (at the oracle price).
        uint256 seizedValue = seized1 * 0.3e18 / 1e9;
        assertLe(seizedValue, repaid1 * 10_800 / 10_000, "at most repaid x 1.08");
        assertGe(seizedValue + 1e9, repaid1 * 10_800 / 10_000, "within 1 alpha-RAO of it");

        // 6. Spot crashes to 0.05: the remaining collateral is worth less than the debt.
        prices.setSpot(NET_A, 0.05e18);
        uint256 value = collateralLeft * 0.05e18 / 1e9;
        uint256 debt2 = _ceil(scaled * index, RAY);
        assertTrue(value < debt2, "underwater");
        repaid2 = _ceil(value * 10_000, 10_800);
        uint256 scaled2 = scaled - repaid2 * RAY / index;
        bad = _ceil(scaled2 * index, RAY);
        vm.expectEmit(true, true, true, true, address(market));
        emit AlphaLendingMarket.BadDebtWrittenOff(bob, bad, scaled2);
        vm.prank(carol);
        (uint256 r2, uint256 s2) = market.liquidate(bob, address(wAlpha), type(uint256).max);
        assertEq(s2, collateralLeft, "everything seized");
        assertEq(r2, repaid2, "value / 1.08");
        assertEq(market.debtOf(bob), 0, "bad debt written off");
        assertEq(market.totalScaledDebt(), 0, "pool has no claim left");

        // 7. The pool holds cash only: 750 + both repayments. alice bears the bad debt.
        uint256 cash = 750e18 + repaid1 + repaid2;
        assertEq(market.cash(), cash, "cash");
        assertEq(market.totalAssets(), cash, "assets = cash");
        assertEq(wtao.balanceOf(address(market)), cash, "held");
        vm.prank(alice);
        market.withdraw(type(uint256).max, alice);
        uint256 out = uint256(1e27) * (cash + 1) / (1e27 + 1e6);
        assertEq(wtao.balanceOf(alice), out, "all shares redeemed");
        assertLt(out, 1000e18, "a loss");
        // Repayments + write-off account for the whole debt (up to index rounding), so the
        // supplier's loss is the bad debt minus the month of interest the repayments included.
        assertLe(repaid1 + repaid2 + bad, debt + 2, "no debt created");
        assertGe(repaid1 + repaid2 + bad + 2, debt, "no debt lost");
        assertEq(cash, 1000e18 + (repaid1 + repaid2 + bad - 250e18) - bad, "cash = supplied + interest - bad");
        assertEq(wAlpha.balanceOf(carol), 1000e9, "liquidator holds the collateral");
        assertEq(wtao.balanceOf(carol), 1000e18 - repaid1 - repaid2, "and paid for it");
    }
}
