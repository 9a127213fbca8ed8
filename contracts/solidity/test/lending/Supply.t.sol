// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {LendingBase} from "./LendingBase.sol";
import {AlphaLendingMarket} from "../../src/lending/AlphaLendingMarket.sol";
import {MockERC20} from "./mocks/MockERC20.sol";

/// @notice supply, withdraw, share conversion and interest accrual as suppliers see it.
contract SupplyTest is LendingBase {
    uint256 internal constant VS = 1e6; // VIRTUAL_SHARES
    uint256 internal constant VA = 1; // VIRTUAL_ASSETS

    function test_supply_firstMintsAtVirtualRate() public {
        fund(alice, 1000e18);
        vm.expectEmit(true, true, true, true, address(market));
        emit AlphaLendingMarket.Supplied(alice, carol, 1000e18, 1000e18 * VS);
        vm.prank(alice);
        uint256 shares = market.supply(1000e18, carol);
        assertEq(shares, 1e27, "shares = assets x 1e6 / 1");
        assertEq(market.supplySharesOf(carol), 1e27, "credited to receiver");
        assertEq(market.supplySharesOf(alice), 0, "not to caller");
        assertEq(market.totalSupplyShares(), 1e27, "total");
        assertEq(market.cash(), 1000e18, "cash");
        assertEq(wtao.balanceOf(address(market)), 1000e18, "pulled");
        assertEq(wtao.balanceOf(alice), 0, "from caller");
    }

    function test_supply_secondAtSharePrice() public {
        supplyAs(alice, 1000e18);
        fund(carol, 10e18);
        vm.prank(carol);
        uint256 shares = market.supply(10e18, carol);
        assertEq(shares, 10e18 * (1e27 + VS) / (1000e18 + VA), "floor(a x (S+v) / (A+1))");
    }

    function test_supply_afterInterestMintsFewerShares() public {
        openPosition();
        borrowAs(bob, 250e18);
        vm.warp(T0 + 365 days);
        fund(carol, 100e18);
        vm.prank(carol);
        uint256 shares = market.supply(100e18, carol);
        // Index 1.038125 (see InterestTest): assets = 750 + 259.53125 = 1009.53125 TAO.
        assertEq(shares, 100e18 * (1e27 + VS) / (1009.53125e18 + VA), "priced on accrued assets");
        assertLt(shares, 100e18 * VS, "fewer than at 1:1");
    }

    function test_supply_reverts() public {
        fund(alice, 1e18);
        vm.startPrank(alice);
        vm.expectRevert(sel(AlphaLendingMarket.ZeroAmount.selector));
        market.supply(0, alice);
        vm.expectRevert(sel(AlphaLendingMarket.ZeroAddress.selector));
        market.supply(1e18, address(0));
        wtao.approve(address(market), 0);
        vm.expectRevert(
            abi.encodeWithSelector(
                AlphaLendingMarket.TransferFailed.selector, address(wtao), alice, address(market), 1e18
            )
        );
        market.supply(1e18, alice);
        vm.stopPrank();
    }

    function test_withdraw_partialBurnsRoundedUp() public {
        supplyAs(alice, 1000e18);
        uint256 expected = (400e18 * (1e27 + VS) - 1) / (1000e18 + VA) + 1;
        vm.expectEmit(true, true, true, true, address(market));
        emit AlphaLendingMarket.Withdrawn(alice, carol, 400e18, expected);
        vm.prank(alice);
        uint256 burned = market.withdraw(400e18, carol);
        assertEq(burned, expected, "ceil(a x (S+v) / (A+1))");
        assertEq(market.supplySharesOf(alice), 1e27 - expected, "left");
        assertEq(market.cash(), 600e18, "cash");
        assertEq(wtao.balanceOf(carol), 400e18, "to receiver");
    }

    function test_withdraw_maxRedeemsAllRoundedDown() public {
        supplyAs(alice, 1000e18);
        uint256 expected = uint256(1e27) * (1000e18 + VA) / (1e27 + VS);
        vm.prank(alice);
        uint256 burned = market.withdraw(type(uint256).max, alice);
        assertEq(burned, 1e27, "all shares");
        assertEq(wtao.balanceOf(alice), expected, "floor(S x (A+1) / (S+v))");
        assertLe(expected, 1000e18, "never more than supplied");
        assertEq(market.cash(), 1000e18 - expected, "dust stays");
        assertEq(market.totalSupplyShares(), 0, "no shares");
    }

    function test_withdraw_earnsInterest() public {
        openPosition();
        borrowAs(bob, 250e18);
        vm.warp(T0 + 365 days);
        fund(bob, 9.53125e18); // the interest on top of the 250 borrowed
        vm.prank(bob);
        market.repay(type(uint256).max, bob);
        assertEq(wtao.balanceOf(bob), 0, "paid 259.53125");
        assertEq(market.cash(), 1009.53125e18, "all repaid with interest");
        vm.prank(alice);
        market.withdraw(type(uint256).max, alice);
        uint256 expected = uint256(1e27) * (1009.53125e18 + VA) / (1e27 + VS);
        assertEq(wtao.balanceOf(alice), expected, "principal + 9.53125 TAO interest, rounded down");
    }

    function test_withdraw_reverts() public {
        supplyAs(alice, 100e18);
        vm.startPrank(alice);
        vm.expectRevert(sel(AlphaLendingMarket.ZeroAddress.selector));
        market.withdraw(1e18, address(0));
        vm.expectRevert(sel(AlphaLendingMarket.ZeroAmount.selector));
        market.withdraw(0, alice);
        uint256 need = (101e18 * (1e26 + VS) - 1) / (100e18 + VA) + 1;
        vm.expectRevert(abi.encodeWithSelector(AlphaLendingMarket.InsufficientShares.selector, alice, 1e26, need));
        market.withdraw(101e18, alice);
        vm.stopPrank();
        vm.expectRevert(sel(AlphaLendingMarket.ZeroAmount.selector));
        vm.prank(carol);
        market.withdraw(type(uint256).max, carol); // no shares: nothing to withdraw
    }

    function test_withdraw_limitedByCash() public {
        openPosition();
        borrowAs(bob, 250e18);
        vm.expectRevert(abi.encodeWithSelector(AlphaLendingMarket.InsufficientLiquidity.selector, 750e18, 751e18));
        vm.prank(alice);
        market.withdraw(751e18, alice);
        vm.prank(alice);
        market.withdraw(750e18, alice); // exactly the idle cash
        assertEq(market.cash(), 0, "drained");
    }

    function test_donation_ignored() public {
        supplyAs(alice, 1000e18);
        fund(carol, 500e18);
        vm.prank(carol);
        assertTrue(MockERC20(address(wtao)).transfer(address(market), 500e18), "donated");
        assertEq(market.totalAssets(), 1000e18, "balanceOf is not pool assets");
        assertEq(market.previewRedeem(1e27), uint256(1e27) * (1000e18 + VA) / (1e27 + VS), "price unchanged");
    }

    function test_views_preview() public {
        supplyAs(alice, 1000e18);
        assertEq(market.suppliedBalanceOf(alice), market.previewRedeem(1e27), "same");
        assertEq(market.suppliedBalanceOf(bob), 0, "none");
    }
}
