// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {LendingBase} from "./LendingBase.sol";
import {AlphaLendingMarket} from "../../src/lending/AlphaLendingMarket.sol";
import {InterestRateModel} from "../../src/lending/InterestRateModel.sol";

/// @notice Fuzzed properties of single operations, each checked against the formula.
contract FuzzTest is LendingBase {
    uint256 internal constant RAY = 1e27;

    function _min(uint256 a, uint256 b) internal pure returns (uint256) {
        return a < b ? a : b;
    }

    function testFuzz_oracleValueIsMinOfSpotAndMoving(uint256 spot, uint256 moving, uint256 shares) public {
        spot = bound(spot, 1, 1000e18);
        moving = bound(moving, 1, 1000e18);
        shares = bound(shares, 0, 1e24);
        prices.setPrices(NET_A, spot, moving);
        assertEq(market.collateralValue(address(wAlpha), shares), shares * _min(spot, moving) / 1e9, "value");
    }

    function testFuzz_borrowSucceedsIffWithinLimit(uint256 alpha, uint256 spot, uint256 moving, uint256 amount) public {
        alpha = bound(alpha, 1, 1_000_000e9);
        spot = bound(spot, 1e9, 10e18);
        moving = bound(moving, 1e9, 10e18);
        supplyAs(alice, 10_000_000e18); // more than any limit here: liquidity never binds
        depositAs(bob, wAlpha, alpha);
        prices.setPrices(NET_A, spot, moving);
        // The market rounds the value first, then the LTV share: same order here.
        // forge-lint: disable-next-line(divide-before-multiply)
        uint256 limit = (alpha * _min(spot, moving) / 1e9) * 5000 / 10_000;
        amount = bound(amount, 1, limit * 2 + 2);
        vm.prank(bob);
        try market.borrow(amount, bob) {
            assertLe(amount, limit, "borrowed above the limit");
            assertEq(market.debtOf(bob), amount, "debt = amount at index 1");
        } catch (bytes memory err) {
            assertGt(amount, limit, "refused within the limit");
            assertEq(
                keccak256(err),
                keccak256(abi.encodeWithSelector(AlphaLendingMarket.BorrowLimitExceeded.selector, bob, amount, limit)),
                "error"
            );
        }
    }

    function testFuzz_supplyWithdrawNeverGainsWithoutInterest(uint256 a, uint256 b) public {
        a = bound(a, 1, 1e30);
        b = bound(b, 1, 1e30);
        supplyAs(alice, a);
        supplyAs(carol, b);
        vm.prank(carol);
        market.withdraw(type(uint256).max, carol);
        vm.prank(alice);
        market.withdraw(type(uint256).max, alice);
        assertLe(wtao.balanceOf(carol), b, "carol gained");
        assertLe(wtao.balanceOf(alice), a, "alice gained");
        assertGe(wtao.balanceOf(carol) + 1, b, "carol lost more than a wei");
        assertGe(wtao.balanceOf(alice) + 1, a, "alice lost more than a wei");
        assertEq(wtao.balanceOf(address(market)), market.cash(), "dust is accounted");
    }

    function testFuzz_withdrawBurnsEnoughShares(uint256 a, uint256 w, uint256 dt) public {
        a = bound(a, 1e9, 1e27);
        supplyAs(alice, a);
        depositAs(bob, wAlpha, 1_000_000e9); // 500k TAO of collateral
        uint256 borrowAmt = _min(a / 2, 200_000e18);
        if (borrowAmt > 0) borrowAs(bob, borrowAmt);
        vm.warp(T0 + bound(dt, 0, 3650 days));
        market.accrueInterest();
        uint256 sharesBefore = market.supplySharesOf(alice);
        uint256 assetsBefore = market.totalAssets();
        w = bound(w, 1, market.cash());
        vm.prank(alice);
        try market.withdraw(w, alice) returns (uint256 burned) {
            // The burned shares were worth at least w before the withdrawal.
            uint256 worth = burned * (assetsBefore + 1) / (market.totalSupplyShares() + burned + 1e6);
            assertGe(worth + 1, w, "burned too few shares");
            assertLe(burned, sharesBefore, "burned more than owned");
        } catch {
            // Only when the rounded-up share count exceeds the balance.
            assertGt(
                (w * (market.totalSupplyShares() + 1e6) - 1) / (assetsBefore + 1) + 1, sharesBefore, "refused wrongly"
            );
        }
    }

    function testFuzz_accrualMatchesFormula(uint256 borrowAmt, uint256 dt) public {
        openPosition();
        borrowAmt = bound(borrowAmt, 1, 250e18);
        dt = bound(dt, 1, 20 * 365 days);
        borrowAs(bob, borrowAmt);
        uint256 u = InterestRateModel.utilisation(1000e18 - borrowAmt, borrowAmt);
        uint256 rate = InterestRateModel.borrowRatePerYear(u);
        vm.warp(T0 + dt);
        uint256 inc = rate == 0 ? 0 : (RAY * rate * dt - 1) / (1e18 * 365 days) + 1;
        assertEq(market.currentBorrowIndex(), RAY + inc, "index");
        uint256 debt = market.debtOf(bob);
        assertEq(debt, (borrowAmt * (RAY + inc) - 1) / RAY + 1, "debt rounded up");
        assertGe(debt, borrowAmt + borrowAmt * rate * dt / (1e18 * 365 days), "at least simple interest");
    }

    function testFuzz_repayRemovesAtMostPayment(uint256 borrowAmt, uint256 dt, uint256 pay) public {
        openPosition();
        borrowAmt = bound(borrowAmt, 1, 250e18);
        borrowAs(bob, borrowAmt);
        vm.warp(T0 + bound(dt, 0, 5 * 365 days));
        fund(bob, 100e18); // interest money (fund re-approves)
        uint256 debt = market.debtOf(bob);
        pay = bound(pay, 1, debt + 1);
        uint256 balBefore = wtao.balanceOf(bob);
        vm.prank(bob);
        uint256 repaid = market.repay(pay, bob);
        assertEq(repaid, _min(pay, debt), "capped at debt");
        assertEq(balBefore - wtao.balanceOf(bob), repaid, "taken");
        assertGe(market.debtOf(bob) + repaid, debt, "debt fell by more than paid");
        if (pay >= debt) assertEq(market.scaledDebtOf(bob), 0, "cleared");
    }

    function testFuzz_liquidationSeizesAtMostBonus(uint256 spot, uint256 repay, uint256 dt) public {
        openPosition();
        borrowAs(bob, 250e18);
        fund(carol, 10_000e18);
        vm.warp(T0 + bound(dt, 0, 365 days));
        spot = bound(spot, 1e6, 0.3846e18); // below 250 / 650: liquidatable
        prices.setSpot(NET_A, spot);
        uint256 debt = market.debtOf(bob);
        (,, uint256 llBefore) = market.accountLiquidity(bob);
        uint256 had = market.collateralOf(bob, address(wAlpha));
        repay = bound(repay, 1, 1000e18);
        vm.prank(carol);
        (uint256 repaid, uint256 seized) = market.liquidate(bob, address(wAlpha), repay);
        uint256 maxRepay = debt * 5000 / 10_000;
        assertLe(repaid, _min(repay, maxRepay), "repaid above the close factor or the request");
        uint256 seizedValue = seized * spot / 1e9;
        assertLe(seizedValue, repaid * 10_800 / 10_000, "seized above repaid x (1 + bonus)");
        assertGe(repaid * 10_800 / 10_000 + 1e9, seizedValue, "sanity");
        if (seized < had) {
            assertEq(repaid, _min(repay, maxRepay), "partial seizure repays what was asked");
            // Borrower loses at most the bonus; debt fell by what was repaid (rounding aside).
            assertGe(market.debtOf(bob) + repaid, debt, "debt");
            // Ratio improves whenever collateral covered debt x (1 + bonus) before.
            uint256 value = had * spot / 1e9;
            if (value * 10_000 > debt * 10_900) {
                (uint256 d2,, uint256 ll2) = market.accountLiquidity(bob);
                assertGe(ll2 * debt + debt, llBefore * d2, "health got worse");
            }
        } else {
            assertEq(market.debtOf(bob), 0, "all collateral gone: rest written off");
        }
    }

    function testFuzz_paramsBounds(uint16 ltv, uint16 lt, uint16 cf, uint16 bonus) public {
        AlphaLendingMarket.CollateralParams memory p = AlphaLendingMarket.CollateralParams({
            ltvBps: ltv,
            liquidationThresholdBps: lt,
            closeFactorBps: cf,
            liquidationBonusBps: bonus,
            supplyCapAlpha: 1,
            enabled: true
        });
        bool ok =
            lt < 10_000 && ltv < lt && cf > 0 && cf <= 10_000 && bonus <= 2000 && uint256(lt) * (10_000 + bonus) < 1e8;
        vm.prank(guardian);
        try market.setCollateralParams(address(wAlpha), p) {
            assertTrue(ok, "accepted out-of-bounds params");
            assertEq(market.collateral(address(wAlpha)).params.ltvBps, ltv, "stored");
        } catch {
            assertTrue(!ok, "refused valid params");
        }
    }
}
