// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {LendingBase} from "./LendingBase.sol";
import {AlphaLendingMarket} from "../../src/lending/AlphaLendingMarket.sol";
import {AlphaOracle} from "../../src/lending/AlphaOracle.sol";
import {MockCollateral, FeeCollateral, FalseCollateral, ReentrantCollateral} from "./mocks/MockCollateral.sol";

/// @notice depositCollateral, withdrawCollateral, borrow, repay, the oracle rule, reentrancy.
contract BorrowTest is LendingBase {
    function _list(address token) internal {
        vm.startPrank(guardian);
        market.listCollateral(token, defaultParams());
        uint16 netuid = MockCollateral(token).netuid();
        if (market.subnetCapAlpha(netuid) == 0) market.setSubnetCap(netuid, 10_000_000e9);
        vm.stopPrank();
    }

    // ------------------------------------------------------------ depositCollateral

    function test_deposit_recordsAndEmits() public {
        wAlpha.mint(bob, 1000e9);
        vm.startPrank(bob);
        wAlpha.approve(address(market), type(uint256).max);
        vm.expectEmit(true, true, true, true, address(market));
        emit AlphaLendingMarket.CollateralDeposited(bob, address(wAlpha), 1000e9);
        market.depositCollateral(address(wAlpha), 1000e9);
        vm.stopPrank();
        assertEq(market.collateralOf(bob, address(wAlpha)), 1000e9, "position");
        assertEq(market.totalCollateral(address(wAlpha)), 1000e9, "total");
        assertEq(wAlpha.balanceOf(address(market)), 1000e9, "held");
        assertEq(market.accountTokens(bob).length, 1, "one token");
        assertEq(market.collateralValue(address(wAlpha), 1000e9), 500e18, "1000 alpha x 0.5");
        (uint256 debt, uint256 bl, uint256 ll) = market.accountLiquidity(bob);
        assertEq(debt, 0, "no debt");
        assertEq(bl, 250e18, "50%");
        assertEq(ll, 325e18, "65%");
    }

    function test_deposit_reverts() public {
        MockCollateral fresh = new MockCollateral(9, bytes32(0), 9);
        vm.startPrank(bob);
        vm.expectRevert(sel(AlphaLendingMarket.ZeroAmount.selector));
        market.depositCollateral(address(wAlpha), 0);
        vm.expectRevert(abi.encodeWithSelector(AlphaLendingMarket.NotListed.selector, address(fresh)));
        market.depositCollateral(address(fresh), 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                AlphaLendingMarket.TransferFailed.selector, address(wAlpha), bob, address(market), 1e9
            )
        );
        market.depositCollateral(address(wAlpha), 1e9); // no balance, no approval
        vm.stopPrank();

        AlphaLendingMarket.CollateralParams memory p = defaultParams();
        p.enabled = false;
        vm.prank(guardian);
        market.setCollateralParams(address(wAlpha), p);
        vm.expectRevert(abi.encodeWithSelector(AlphaLendingMarket.CollateralDisabled.selector, address(wAlpha)));
        vm.prank(bob);
        market.depositCollateral(address(wAlpha), 1);
    }

    function test_deposit_supplyCapInAlpha() public {
        depositAs(bob, wAlpha, 600_000e9);
        wAlpha.mint(carol, 400_001e9);
        vm.startPrank(carol);
        wAlpha.approve(address(market), type(uint256).max);
        vm.expectRevert(
            abi.encodeWithSelector(
                AlphaLendingMarket.SupplyCapExceeded.selector, address(wAlpha), 1_000_001e9, 1_000_000e9
            )
        );
        market.depositCollateral(address(wAlpha), 400_001e9);
        market.depositCollateral(address(wAlpha), 400_000e9); // exactly the cap
        vm.stopPrank();
        // Vault shares: the cap counts alpha, not shares (1.1 alpha per share).
        uint256 shares = uint256(1_000_000e9) * 1e18 / 1.1e9 + 1e9; // just over the cap in alpha
        vault.mint(bob, shares);
        vm.startPrank(bob);
        vault.approve(address(market), type(uint256).max);
        vm.expectRevert(
            abi.encodeWithSelector(
                AlphaLendingMarket.SupplyCapExceeded.selector, address(vault), shares * 1.1e9 / 1e18, 1_000_000e9
            )
        );
        market.depositCollateral(address(vault), shares);
        vm.stopPrank();
    }

    function test_deposit_subnetCapCountsEveryTokenOfTheSubnet() public {
        // A second token on subnet 1 (a vault-share token with 2 alpha per share).
        MockCollateral second = new MockCollateral(NET_A, bytes32(uint256(0xc)), 18);
        second.setRate(2e9);
        _list(address(second));
        vm.expectEmit(true, true, true, true, address(market));
        emit AlphaLendingMarket.SubnetCapSet(NET_A, 1000e9);
        vm.prank(guardian);
        market.setSubnetCap(NET_A, 1000e9);
        depositAs(bob, wAlpha, 600e9); // 600 alpha
        depositAs(carol, second, 200e18); // 400 alpha: exactly 1000
        second.mint(carol, 1);
        vm.startPrank(carol);
        // One more wei of shares rounds to 0 extra alpha: still within the cap.
        market.depositCollateral(address(second), 1);
        second.mint(carol, 1e18);
        vm.expectRevert(abi.encodeWithSelector(AlphaLendingMarket.SubnetCapExceeded.selector, NET_A, 1002e9, 1000e9));
        market.depositCollateral(address(second), 1e18);
        vm.stopPrank();
        address[] memory ts = market.subnetTokens(NET_A);
        assertEq(ts.length, 2, "two tokens on subnet 1");
        assertEq(ts[1], address(second), "listed second");
    }

    function test_deposit_uncappedSubnetRefused() public {
        MockCollateral t = new MockCollateral(42, bytes32(0), 9);
        vm.prank(guardian);
        market.listCollateral(address(t), defaultParams());
        t.mint(bob, 1);
        vm.startPrank(bob);
        t.approve(address(market), 1);
        vm.expectRevert(abi.encodeWithSelector(AlphaLendingMarket.SubnetCapExceeded.selector, uint16(42), 1, 0));
        market.depositCollateral(address(t), 1);
        vm.stopPrank();
    }

    function test_setSubnetCap_onlyGuardian() public {
        vm.expectRevert(abi.encodeWithSelector(AlphaLendingMarket.NotGuardian.selector, bob, guardian));
        vm.prank(bob);
        market.setSubnetCap(NET_A, 1);
    }

    function test_list_tooManyTokensOnOneSubnet() public {
        for (uint256 i = 0; i < 7; ++i) {
            _list(address(new MockCollateral(NET_V, bytes32(i), 9)));
        }
        assertEq(market.subnetTokens(NET_V).length, 8, "vault + 7");
        MockCollateral ninth = new MockCollateral(NET_V, bytes32(0), 9);
        vm.expectRevert(abi.encodeWithSelector(AlphaLendingMarket.TooManySubnetTokens.selector, NET_V, 8));
        vm.prank(guardian);
        market.listCollateral(address(ninth), defaultParams());
    }

    function test_deposit_tooManyTokens() public {
        // bob already may hold wAlpha and vault: list 6 more to reach the max of 8.
        depositAs(bob, wAlpha, 1e9);
        depositAs(bob, vault, 1e18);
        for (uint16 i = 0; i < 6; ++i) {
            MockCollateral t = new MockCollateral(10 + i, bytes32(0), 9);
            _list(address(t));
            depositAs(bob, t, 1e9);
        }
        assertEq(market.accountTokens(bob).length, 8, "at max");
        MockCollateral ninth = new MockCollateral(20, bytes32(0), 9);
        _list(address(ninth));
        ninth.mint(bob, 1e9);
        vm.startPrank(bob);
        ninth.approve(address(market), 1e9);
        vm.expectRevert(abi.encodeWithSelector(AlphaLendingMarket.TooManyCollaterals.selector, bob, 8));
        market.depositCollateral(address(ninth), 1e9);
        // A token already held does not count again.
        wAlpha.mint(bob, 1e9);
        market.depositCollateral(address(wAlpha), 1e9);
        vm.stopPrank();
        assertEq(market.collateralOf(bob, address(wAlpha)), 2e9, "topped up");
    }

    function test_deposit_creditsWhatArrived() public {
        FeeCollateral fee = new FeeCollateral(NET_A);
        _list(address(fee));
        depositAs(bob, MockCollateral(address(fee)), 100e9);
        assertEq(market.collateralOf(bob, address(fee)), 99e9, "1% fee not credited");
        assertEq(market.totalCollateral(address(fee)), 99e9, "total");
    }

    function test_deposit_falseReturnRefused() public {
        FalseCollateral f = new FalseCollateral(NET_A);
        _list(address(f));
        f.mint(bob, 1e9);
        vm.expectRevert(
            abi.encodeWithSelector(AlphaLendingMarket.TransferFailed.selector, address(f), bob, address(market), 1e9)
        );
        vm.prank(bob);
        market.depositCollateral(address(f), 1e9);
    }

    function test_reentrancy_refused() public {
        ReentrantCollateral r = new ReentrantCollateral(NET_A);
        _list(address(r));
        openPosition();
        r.arm(address(market), abi.encodeCall(AlphaLendingMarket.borrow, (1e18, bob)));
        r.mint(bob, 2e9);
        vm.startPrank(bob);
        r.approve(address(market), 2e9);
        market.depositCollateral(address(r), 1e9);
        vm.stopPrank();
        assertEq(
            keccak256(r.lastRevert()),
            keccak256(sel(AlphaLendingMarket.ReentrantCall.selector)),
            "nested borrow refused"
        );
        assertEq(market.debtOf(bob), 0, "nothing borrowed");
        // Any state-changing entry point is locked, also the cheapest one.
        r.arm(address(market), abi.encodeCall(AlphaLendingMarket.accrueInterest, ()));
        vm.prank(bob);
        market.depositCollateral(address(r), 1e9);
        assertEq(
            keccak256(r.lastRevert()),
            keccak256(sel(AlphaLendingMarket.ReentrantCall.selector)),
            "nested accrue refused"
        );
        assertEq(market.collateralOf(bob, address(r)), 2e9, "outer deposits went through");
    }

    // ------------------------------------------------------------ withdrawCollateral

    function test_withdrawCollateral_noDebtEvenWhenCold() public {
        depositAs(bob, wAlpha, 1000e9);
        prices.setMoving(NET_A, 0); // cannot be priced, but no debt: no price needed
        vm.expectEmit(true, true, true, true, address(market));
        emit AlphaLendingMarket.CollateralWithdrawn(bob, address(wAlpha), carol, 1000e9);
        vm.prank(bob);
        market.withdrawCollateral(address(wAlpha), type(uint256).max, carol);
        assertEq(wAlpha.balanceOf(carol), 1000e9, "to receiver");
        assertEq(market.collateralOf(bob, address(wAlpha)), 0, "emptied");
        assertEq(market.totalCollateral(address(wAlpha)), 0, "total");
        assertEq(market.accountTokens(bob).length, 0, "token removed");
    }

    function test_withdrawCollateral_keepsWithinBorrowLimit() public {
        openPosition();
        borrowAs(bob, 200e18);
        vm.prank(bob);
        market.withdrawCollateral(address(wAlpha), 100e9, bob); // 900 alpha: limit 225
        // 799 alpha: limit 199.75 < 200
        vm.expectRevert(abi.encodeWithSelector(AlphaLendingMarket.BorrowLimitExceeded.selector, bob, 200e18, 199.75e18));
        vm.prank(bob);
        market.withdrawCollateral(address(wAlpha), 101e9, bob);
        vm.expectRevert(abi.encodeWithSelector(AlphaLendingMarket.BorrowLimitExceeded.selector, bob, 200e18, 100e18));
        vm.prank(bob);
        market.withdrawCollateral(address(wAlpha), 500e9, bob); // 400 alpha: limit 100
        assertEq(market.collateralOf(bob, address(wAlpha)), 900e9, "both refused: 900 alpha left");
    }

    function test_withdrawCollateral_reverts() public {
        depositAs(bob, wAlpha, 1000e9);
        vm.startPrank(bob);
        vm.expectRevert(sel(AlphaLendingMarket.ZeroAddress.selector));
        market.withdrawCollateral(address(wAlpha), 1, address(0));
        vm.expectRevert(sel(AlphaLendingMarket.ZeroAmount.selector));
        market.withdrawCollateral(address(wAlpha), 0, bob);
        vm.expectRevert(
            abi.encodeWithSelector(
                AlphaLendingMarket.InsufficientCollateral.selector, bob, address(wAlpha), 1000e9, 1000e9 + 1
            )
        );
        market.withdrawCollateral(address(wAlpha), 1000e9 + 1, bob);
        vm.expectRevert(sel(AlphaLendingMarket.ZeroAmount.selector));
        market.withdrawCollateral(address(vault), type(uint256).max, bob); // holds none
        vm.stopPrank();
    }

    // ------------------------------------------------------------ borrow

    function test_borrow_atLimit() public {
        openPosition();
        vm.expectEmit(true, true, true, true, address(market));
        emit AlphaLendingMarket.Borrowed(bob, carol, 250e18, 250e18);
        vm.prank(bob);
        market.borrow(250e18, carol);
        assertEq(market.debtOf(bob), 250e18, "debt");
        assertEq(market.scaledDebtOf(bob), 250e18, "scaled at index 1");
        assertEq(market.totalScaledDebt(), 250e18, "total");
        assertEq(market.cash(), 750e18, "cash");
        assertEq(wtao.balanceOf(carol), 250e18, "to receiver");
        assertTrue(!market.isLiquidatable(bob), "healthy");
    }

    function test_borrow_aboveLimitReverts() public {
        openPosition();
        vm.expectRevert(
            abi.encodeWithSelector(AlphaLendingMarket.BorrowLimitExceeded.selector, bob, 250e18 + 1, 250e18)
        );
        borrowAs(bob, 250e18 + 1);
        borrowAs(bob, 200e18);
        vm.expectRevert(
            abi.encodeWithSelector(AlphaLendingMarket.BorrowLimitExceeded.selector, bob, 250e18 + 1, 250e18)
        );
        borrowAs(bob, 50e18 + 1);
    }

    function test_borrow_twoCollaterals() public {
        openPosition();
        depositAs(bob, vault, 100e18); // 110 alpha x min(0.25, 0.2) = 22 TAO, limit 11
        (, uint256 bl, uint256 ll) = market.accountLiquidity(bob);
        assertEq(bl, 261e18, "250 + 11");
        assertEq(ll, 325e18 + 14.3e18, "325 + 22 x 65%");
        borrowAs(bob, 261e18);
        assertEq(market.debtOf(bob), 261e18, "at combined limit");
    }

    function test_borrow_reverts() public {
        openPosition();
        vm.startPrank(bob);
        vm.expectRevert(sel(AlphaLendingMarket.ZeroAmount.selector));
        market.borrow(0, bob);
        vm.expectRevert(sel(AlphaLendingMarket.ZeroAddress.selector));
        market.borrow(1, address(0));
        vm.expectRevert(abi.encodeWithSelector(AlphaLendingMarket.InsufficientLiquidity.selector, 1000e18, 1001e18));
        market.borrow(1001e18, bob);
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(AlphaLendingMarket.BorrowLimitExceeded.selector, carol, 1e18, 0));
        borrowAs(carol, 1e18); // no collateral
    }

    function test_borrow_refusesColdSubnet() public {
        openPosition();
        prices.setMoving(NET_A, 0);
        vm.expectRevert(abi.encodeWithSelector(AlphaOracle.ColdMovingPrice.selector, NET_A, 0.5e18));
        borrowAs(bob, 1e18);
        vm.expectRevert(abi.encodeWithSelector(AlphaOracle.ColdMovingPrice.selector, NET_A, 0.5e18));
        market.collateralValue(address(wAlpha), 1e9);
    }

    function test_oracle_refusesDissolvedSubnet() public {
        openPosition();
        // taochain reads a missing netuid as spot = moving = 1 TAO with an empty pool: the
        // defaults must not value the collateral at 1 TAO.
        prices.setPrices(NET_A, 1e18, 1e18);
        prices.setDissolved(NET_A, true);
        vm.expectRevert(abi.encodeWithSelector(AlphaOracle.NoSubnetPool.selector, NET_A));
        borrowAs(bob, 1e18);
        vm.expectRevert(abi.encodeWithSelector(AlphaOracle.NoSubnetPool.selector, NET_A));
        market.accountLiquidity(bob);
        vm.prank(bob);
        market.withdrawCollateral(address(wAlpha), 1000e9, bob); // no debt: exit still open
    }

    function test_borrow_refusesZeroSpot() public {
        openPosition();
        prices.setSpot(NET_A, 0);
        vm.expectRevert(abi.encodeWithSelector(AlphaOracle.ZeroSpotPrice.selector, NET_A, 0.5e18));
        borrowAs(bob, 1e18);
    }

    // ------------------------------------------------------------ oracle rule

    function test_oracle_spotPumpIgnored() public {
        openPosition();
        prices.setSpot(NET_A, 5e18); // a sandwich pumps spot 10x within the block
        (, uint256 bl,) = market.accountLiquidity(bob);
        assertEq(bl, 250e18, "still valued at the moving price 0.5");
        vm.expectRevert(
            abi.encodeWithSelector(AlphaLendingMarket.BorrowLimitExceeded.selector, bob, 250e18 + 1, 250e18)
        );
        borrowAs(bob, 250e18 + 1);
    }

    function test_oracle_spotDropPassesThrough() public {
        openPosition();
        prices.setSpot(NET_A, 0.4e18);
        (, uint256 bl,) = market.accountLiquidity(bob);
        assertEq(bl, 200e18, "1000 x 0.4 x 50%");
    }

    function test_oracle_movingPumpIgnoredWhenSpotLower() public {
        openPosition();
        prices.setMoving(NET_A, 0.9e18);
        assertEq(market.collateralValue(address(wAlpha), 1000e9), 500e18, "spot 0.5 is the min");
    }

    function test_oracle_valueRoundsDown() public {
        prices.setPrices(NET_A, 0.333333333e18, 0.333333333e18);
        // 3 alpha-RAO x 0.333333333e18 / 1e9 = 999999999 wei (floor of 999999999.0)
        assertEq(market.collateralValue(address(wAlpha), 3), 999999999, "3 x 333333333");
        assertEq(market.collateralValue(address(wAlpha), 0), 0, "zero shares");
        vm.expectRevert(abi.encodeWithSelector(AlphaLendingMarket.NotListed.selector, address(0x1234)));
        market.collateralValue(address(0x1234), 1);
    }

    // ------------------------------------------------------------ repay

    function test_repay_partial() public {
        openPosition();
        borrowAs(bob, 250e18);
        vm.expectEmit(true, true, true, true, address(market));
        emit AlphaLendingMarket.Repaid(bob, bob, 100e18, 100e18);
        vm.prank(bob);
        uint256 repaid = market.repay(100e18, bob);
        assertEq(repaid, 100e18, "repaid");
        assertEq(market.debtOf(bob), 150e18, "left");
        assertEq(market.cash(), 850e18, "cash");
        assertEq(wtao.balanceOf(bob), 150e18, "paid");
    }

    function test_repay_byThirdPartyCapsAtDebt() public {
        openPosition();
        borrowAs(bob, 250e18);
        vm.warp(T0 + 365 days);
        fund(carol, 300e18);
        vm.prank(carol);
        uint256 repaid = market.repay(type(uint256).max, bob);
        assertEq(repaid, 259.53125e18, "debt with a year of interest");
        assertEq(wtao.balanceOf(carol), 300e18 - 259.53125e18, "only the debt taken");
        assertEq(market.scaledDebtOf(bob), 0, "cleared");
        assertEq(market.totalScaledDebt(), 0, "total cleared");
        assertEq(wtao.balanceOf(bob), 250e18, "borrower kept the loan");
    }

    function test_repay_roundsInPoolsFavour() public {
        openPosition();
        borrowAs(bob, 250e18);
        vm.warp(T0 + 1 days + 7);
        market.accrueInterest();
        uint256 index = market.borrowIndex();
        uint256 before = market.debtOf(bob);
        uint256 scaledBefore = market.scaledDebtOf(bob);
        vm.prank(bob);
        market.repay(1e18 + 1, bob);
        uint256 removed = (1e18 + 1) * 1e27 / index;
        assertEq(market.scaledDebtOf(bob), scaledBefore - removed, "floor(a / index) removed");
        assertGe(market.debtOf(bob), before - (1e18 + 1), "debt falls by at most the payment");
    }

    function test_repay_reverts() public {
        openPosition();
        vm.expectRevert(sel(AlphaLendingMarket.ZeroAmount.selector));
        vm.prank(bob);
        market.repay(0, bob);
        vm.expectRevert(abi.encodeWithSelector(AlphaLendingMarket.NoDebt.selector, bob));
        vm.prank(bob);
        market.repay(1, bob);
        borrowAs(bob, 10e18);
        vm.expectRevert(
            abi.encodeWithSelector(AlphaLendingMarket.TransferFailed.selector, address(wtao), carol, address(market), 1)
        );
        vm.prank(carol);
        market.repay(1, bob); // carol has no WTAO
    }
}
