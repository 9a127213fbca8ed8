// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {LendingBase} from "./LendingBase.sol";
import {AlphaLendingMarket} from "../../src/lending/AlphaLendingMarket.sol";
import {AlphaOracle} from "../../src/lending/AlphaOracle.sol";
import {MockCollateral} from "./mocks/MockCollateral.sol";

/// @notice liquidate: eligibility, close factor, seizure at the oracle price, dust, bad debt.
contract LiquidationTest is LendingBase {
    function setUp() public override {
        super.setUp();
        openPosition();
        borrowAs(bob, 250e18); // at the limit: value 500, liquidation limit 325
        fund(carol, 1000e18);
    }

    function test_liquidate_healthyRefused() public {
        vm.expectRevert(abi.encodeWithSelector(AlphaLendingMarket.PositionHealthy.selector, bob, 250e18, 325e18));
        vm.prank(carol);
        market.liquidate(bob, address(wAlpha), 1e18);
        // A spot pump does not matter, and a fall to exactly the threshold is still healthy:
        // 250 / 0.65 / 1000 = 0.384615384... -> at 0.384615385 the limit is 250.00000025.
        prices.setSpot(NET_A, 0.384615385e18);
        assertTrue(!market.isLiquidatable(bob), "just above");
        prices.setSpot(NET_A, 0.384615384e18);
        assertTrue(market.isLiquidatable(bob), "just below");
    }

    function test_liquidate_closeFactorAndSeizure() public {
        prices.setSpot(NET_A, 0.3e18); // value 300, liquidation limit 195 < 250
        assertTrue(market.isLiquidatable(bob), "underwater");
        // Max repay 50% of 250 = 125; seize 125 x 1.08 = 135 TAO at 0.3 = 450 alpha.
        vm.expectEmit(true, true, true, true, address(market));
        emit AlphaLendingMarket.Liquidated(carol, bob, address(wAlpha), 125e18, 450e9, 0.3e18);
        vm.prank(carol);
        (uint256 repaid, uint256 seized) = market.liquidate(bob, address(wAlpha), type(uint256).max);
        assertEq(repaid, 125e18, "capped at close factor");
        assertEq(seized, 450e9, "repaid x 1.08 / price");
        assertEq(market.debtOf(bob), 125e18, "debt halved");
        assertEq(market.collateralOf(bob, address(wAlpha)), 550e9, "collateral left");
        assertEq(wAlpha.balanceOf(carol), 450e9, "liquidator paid in collateral");
        assertEq(wtao.balanceOf(carol), 875e18, "liquidator paid 125");
        assertEq(market.cash(), 875e18, "cash back in pool");
        assertEq(market.totalCollateral(address(wAlpha)), 550e9, "total");
        // Health improved: 195/250 = 0.78 -> 550 x 0.3 x 0.65 / 125 = 0.858
        (uint256 debt,, uint256 ll) = market.accountLiquidity(bob);
        assertEq(ll, 107.25e18, "550 x 0.3 x 65%");
        assertGt(ll * 250e18, 195e18 * debt, "ratio improved");
    }

    function test_liquidate_partialAmount() public {
        prices.setSpot(NET_A, 0.3e18);
        vm.prank(carol);
        (uint256 repaid, uint256 seized) = market.liquidate(bob, address(wAlpha), 10e18);
        assertEq(repaid, 10e18, "as asked");
        assertEq(seized, 36e9, "10.8 TAO / 0.3");
    }

    function test_liquidate_vaultSharesUseExchangeRate() public {
        depositAs(bob, vault, 100e18); // 110 alpha at min(0.25, 0.2) = 22 TAO
        prices.setPrices(NET_A, 0.3e18, 0.3e18); // wAlpha now 300: limit 195 + 14.3 < 250
        vm.prank(carol);
        (uint256 repaid, uint256 seized) = market.liquidate(bob, address(vault), 5e18);
        // seize 5.4 TAO / 0.2 = 27 alpha = 27e9 x 100e18 / 110e9 shares (floor)
        assertEq(repaid, 5e18, "repaid");
        assertEq(seized, uint256(27e9) * 100e18 / 110e9, "alpha to shares at the vault rate");
        assertEq(vault.balanceOf(carol), seized, "sent");
    }

    function test_liquidate_seizesAllAndWritesOffBadDebt() public {
        prices.setSpot(NET_A, 0.1e18); // value 100 < debt 250
        uint256 expectRepaid = (uint256(100e18) * 10_000 - 1) / 10_800 + 1; // value / 1.08, ceil
        uint256 bad = 250e18 - expectRepaid;
        vm.expectEmit(true, true, true, true, address(market));
        emit AlphaLendingMarket.Liquidated(carol, bob, address(wAlpha), expectRepaid, 1000e9, 0.1e18);
        vm.expectEmit(true, true, true, true, address(market));
        emit AlphaLendingMarket.BadDebtWrittenOff(bob, bad, 250e18 - expectRepaid * 1e27 / 1e27);
        vm.prank(carol);
        (uint256 repaid, uint256 seized) = market.liquidate(bob, address(wAlpha), type(uint256).max);
        assertEq(repaid, expectRepaid, "repay shrinks to value / (1 + bonus)");
        assertEq(expectRepaid, 92592592592592592593, "100 / 1.08");
        assertEq(seized, 1000e9, "everything");
        assertEq(market.debtOf(bob), 0, "written off");
        assertEq(market.totalScaledDebt(), 0, "no debt left");
        assertEq(market.totalAssets(), 750e18 + expectRepaid, "suppliers bear the loss");
        assertEq(market.totalAssets(), 1000e18 - bad, "= 1000 - bad debt");
        assertEq(market.accountTokens(bob).length, 0, "no collateral");
    }

    function test_liquidate_noWriteOffWhileOtherCollateralRemains() public {
        depositAs(bob, vault, 1e18); // 1.1 alpha at 0.2 = 0.22 TAO
        prices.setSpot(NET_A, 0.1e18);
        vm.prank(carol);
        market.liquidate(bob, address(wAlpha), type(uint256).max);
        uint256 expectRepaid = (uint256(100e18) * 10_000 - 1) / 10_800 + 1;
        assertEq(market.debtOf(bob), 250e18 - expectRepaid, "debt stays while vault shares remain");
        vm.prank(carol);
        (uint256 repaid2, uint256 seized2) = market.liquidate(bob, address(vault), type(uint256).max);
        assertEq(seized2, 1e18, "all vault shares");
        assertEq(repaid2, (uint256(0.22e18) * 10_000 - 1) / 10_800 + 1, "their value / 1.08, rounded up");
        assertEq(market.debtOf(bob), 0, "then written off");
    }

    function test_liquidate_dustClosesFully() public {
        address dave = address(0xda5e);
        depositAs(dave, wAlpha, 1e9); // 1 alpha = 0.5 TAO
        vm.prank(dave);
        market.borrow(1.5e15, dave);
        prices.setSpot(NET_A, 0.002e18); // value 0.002 TAO, liquidation limit 0.0013 < 0.0015
        vm.prank(carol);
        (uint256 r1, uint256 s1) = market.liquidate(dave, address(wAlpha), type(uint256).max);
        assertEq(r1, 1e15, "close factor gives 0.00075 < MIN_CLOSE_AMOUNT: 0.001 allowed");
        assertEq(s1, 540e6, "0.00108 TAO / 0.002");
        // 460e6 alpha x 0.002 x 65% = 0.000598 > 0.0005: healthy again.
        assertTrue(!market.isLiquidatable(dave), "healthy after the first");
        prices.setSpot(NET_A, 0.0015e18); // 0.00069 x 65% = 0.0004485 < 0.0005
        vm.prank(carol);
        (uint256 r2, uint256 s2) = market.liquidate(dave, address(wAlpha), type(uint256).max);
        assertEq(r2, 0.5e15, "all of the rest, below MIN_CLOSE_AMOUNT");
        assertEq(s2, 360e6, "0.00054 TAO / 0.0015");
        assertEq(market.debtOf(dave), 0, "closed");
        assertEq(market.collateralOf(dave, address(wAlpha)), 100e6, "remainder stays the borrower's");
    }

    function test_liquidate_reverts() public {
        prices.setSpot(NET_A, 0.3e18);
        vm.expectRevert(abi.encodeWithSelector(AlphaLendingMarket.SelfLiquidation.selector, bob));
        vm.prank(bob);
        market.liquidate(bob, address(wAlpha), 1e18);
        vm.startPrank(carol);
        vm.expectRevert(sel(AlphaLendingMarket.ZeroAmount.selector));
        market.liquidate(bob, address(wAlpha), 0);
        vm.expectRevert(abi.encodeWithSelector(AlphaLendingMarket.NotListed.selector, address(0x1234)));
        market.liquidate(bob, address(0x1234), 1e18);
        vm.expectRevert(
            abi.encodeWithSelector(AlphaLendingMarket.InsufficientCollateral.selector, bob, address(vault), 0, 1)
        );
        market.liquidate(bob, address(vault), 1e18);
        vm.stopPrank();
        depositAs(alice, wAlpha, 1e9);
        vm.expectRevert(abi.encodeWithSelector(AlphaLendingMarket.NoDebt.selector, alice));
        vm.prank(carol);
        market.liquidate(alice, address(wAlpha), 1e18);
        // Liquidator without WTAO.
        vm.expectRevert(
            abi.encodeWithSelector(
                AlphaLendingMarket.TransferFailed.selector, address(wtao), address(0xe), address(market), 125e18
            )
        );
        vm.prank(address(0xe));
        market.liquidate(bob, address(wAlpha), type(uint256).max);
    }

    function test_liquidate_coldPriceRefused() public {
        prices.setPrices(NET_A, 0.3e18, 0);
        vm.expectRevert(abi.encodeWithSelector(AlphaOracle.ColdMovingPrice.selector, NET_A, 0.3e18));
        vm.prank(carol);
        market.liquidate(bob, address(wAlpha), 1e18);
    }

    function test_liquidate_interestTipsPositionOver() public {
        // Borrowed at the borrow limit (50%), interest alone must pass 65%: 250 x (1+r t) > 325.
        // At u = 25% the rate is 3.8125%/yr; lending stays until repaid, so warp 8 years:
        // the index compounds only on accrual; with no accrual in between the growth is linear:
        // 250 x (1 + 0.038125 x 8) = 326.25 > 325.
        vm.warp(T0 + 8 * 365 days);
        assertEq(market.debtOf(bob), 326.25e18, "linear over one accrual");
        assertTrue(market.isLiquidatable(bob), "interest made it liquidatable");
        vm.prank(carol);
        (uint256 repaid,) = market.liquidate(bob, address(wAlpha), type(uint256).max);
        assertEq(repaid, 163.125e18, "50% of 326.25");
    }
}
