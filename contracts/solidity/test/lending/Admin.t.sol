// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {LendingBase} from "./LendingBase.sol";
import {AlphaLendingMarket} from "../../src/lending/AlphaLendingMarket.sol";
import {IERC20Minimal} from "../../src/lending/IERC20Minimal.sol";
import {MockCollateral} from "./mocks/MockCollateral.sol";

/// @notice Constructor, guardian role, listing and parameter bounds.
contract AdminTest is LendingBase {
    MockCollateral internal fresh;

    function setUp() public override {
        super.setUp();
        fresh = new MockCollateral(7, bytes32(uint256(0x77)), 9);
    }

    function test_constructor_state() public view {
        assertEq(market.guardian(), guardian, "guardian");
        assertEq(address(market.asset()), address(wtao), "asset");
        assertEq(market.borrowIndex(), 1e27, "index");
        assertEq(market.lastAccrual(), T0, "lastAccrual");
        assertEq(market.pendingGuardian(), address(0), "pending");
        assertEq(market.listedTokenCount(), 2, "listed");
        assertEq(market.listedTokens(0), address(wAlpha), "token 0");
        assertEq(market.listedTokens(1), address(vault), "token 1");
    }

    function test_constructor_emitsGuardian() public {
        vm.expectEmit();
        emit AlphaLendingMarket.GuardianTransferred(address(0), guardian);
        new AlphaLendingMarket(guardian, IERC20Minimal(address(wtao)));
    }

    function test_constructor_revertsOnZero() public {
        vm.expectRevert(sel(AlphaLendingMarket.ZeroAddress.selector));
        new AlphaLendingMarket(address(0), IERC20Minimal(address(wtao)));
        vm.expectRevert(sel(AlphaLendingMarket.ZeroAddress.selector));
        new AlphaLendingMarket(guardian, IERC20Minimal(address(0)));
    }

    function test_guardian_twoStepTransfer() public {
        address next = address(0x9e);
        vm.expectEmit(true, true, true, true, address(market));
        emit AlphaLendingMarket.GuardianTransferStarted(guardian, next);
        vm.prank(guardian);
        market.transferGuardian(next);
        assertEq(market.pendingGuardian(), next, "pending set");
        assertEq(market.guardian(), guardian, "not moved yet");

        vm.expectEmit(true, true, true, true, address(market));
        emit AlphaLendingMarket.GuardianTransferred(guardian, next);
        vm.prank(next);
        market.acceptGuardian();
        assertEq(market.guardian(), next, "moved");
        assertEq(market.pendingGuardian(), address(0), "pending cleared");

        // The old guardian lost the role.
        vm.expectRevert(abi.encodeWithSelector(AlphaLendingMarket.NotGuardian.selector, guardian, next));
        vm.prank(guardian);
        market.transferGuardian(guardian);
    }

    function test_transferGuardian_revertsForOthers() public {
        vm.expectRevert(abi.encodeWithSelector(AlphaLendingMarket.NotGuardian.selector, alice, guardian));
        vm.prank(alice);
        market.transferGuardian(alice);
    }

    function test_acceptGuardian_revertsForOthers() public {
        vm.prank(guardian);
        market.transferGuardian(bob);
        vm.expectRevert(abi.encodeWithSelector(AlphaLendingMarket.NotPendingGuardian.selector, alice, bob));
        vm.prank(alice);
        market.acceptGuardian();
    }

    function test_acceptGuardian_revertsWithNonePending() public {
        vm.expectRevert(abi.encodeWithSelector(AlphaLendingMarket.NotPendingGuardian.selector, address(0), address(0)));
        vm.prank(address(0));
        market.acceptGuardian();
    }

    function test_transferGuardian_zeroCancels() public {
        vm.startPrank(guardian);
        market.transferGuardian(bob);
        market.transferGuardian(address(0));
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(AlphaLendingMarket.NotPendingGuardian.selector, bob, address(0)));
        vm.prank(bob);
        market.acceptGuardian();
    }

    function test_listCollateral_recordsAndEmits() public {
        AlphaLendingMarket.CollateralParams memory p = defaultParams();
        p.ltvBps = 3000;
        vm.expectEmit(true, true, true, true, address(market));
        emit AlphaLendingMarket.CollateralListed(address(fresh), 7, bytes32(uint256(0x77)), p);
        vm.prank(guardian);
        market.listCollateral(address(fresh), p);
        AlphaLendingMarket.Collateral memory c = market.collateral(address(fresh));
        assertTrue(c.listed, "listed");
        assertEq(c.netuid, 7, "netuid");
        assertEq(c.params.ltvBps, 3000, "ltv");
        assertEq(c.params.liquidationThresholdBps, 6500, "lt");
        assertEq(c.params.closeFactorBps, 5000, "cf");
        assertEq(c.params.liquidationBonusBps, 800, "bonus");
        assertEq(c.params.supplyCapAlpha, 1_000_000e9, "cap");
        assertTrue(c.params.enabled, "enabled");
        assertEq(market.listedTokenCount(), 3, "count");
    }

    function test_listCollateral_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(AlphaLendingMarket.NotGuardian.selector, alice, guardian));
        vm.prank(alice);
        market.listCollateral(address(fresh), defaultParams());

        vm.startPrank(guardian);
        vm.expectRevert(sel(AlphaLendingMarket.ZeroAddress.selector));
        market.listCollateral(address(0), defaultParams());
        vm.expectRevert(abi.encodeWithSelector(AlphaLendingMarket.AlreadyListed.selector, address(wAlpha)));
        market.listCollateral(address(wAlpha), defaultParams());
        vm.stopPrank();
    }

    function _expectInvalid(AlphaLendingMarket.CollateralParams memory p, string memory reason) internal {
        vm.expectRevert(abi.encodeWithSelector(AlphaLendingMarket.InvalidParams.selector, address(fresh), reason));
        vm.prank(guardian);
        market.listCollateral(address(fresh), p);
        vm.expectRevert(abi.encodeWithSelector(AlphaLendingMarket.InvalidParams.selector, address(wAlpha), reason));
        vm.prank(guardian);
        market.setCollateralParams(address(wAlpha), p);
    }

    function test_params_bounds() public {
        AlphaLendingMarket.CollateralParams memory p = defaultParams();
        p.liquidationThresholdBps = 10_000;
        _expectInvalid(p, "threshold >= 100%");

        p = defaultParams();
        p.ltvBps = 6500;
        _expectInvalid(p, "ltv >= threshold");

        p = defaultParams();
        p.closeFactorBps = 0;
        _expectInvalid(p, "close factor");
        p.closeFactorBps = 10_001;
        _expectInvalid(p, "close factor");

        p = defaultParams();
        p.liquidationBonusBps = 2001;
        _expectInvalid(p, "bonus > max");

        // 9300 x 1.08 = 100.44% >= 100%
        p = defaultParams();
        p.liquidationThresholdBps = 9300;
        _expectInvalid(p, "threshold x (1 + bonus) >= 100%");
        // 9259 x 1.08 = 99.9972%: accepted
        p.liquidationThresholdBps = 9259;
        vm.prank(guardian);
        market.listCollateral(address(fresh), p);
    }

    function test_params_edgesAccepted() public {
        AlphaLendingMarket.CollateralParams memory p = defaultParams();
        p.ltvBps = 0;
        p.closeFactorBps = 10_000;
        p.liquidationBonusBps = 2000;
        p.liquidationThresholdBps = 8333; // 8333 x 1.2 = 99.996%
        vm.prank(guardian);
        market.listCollateral(address(fresh), p);
        assertEq(market.collateral(address(fresh)).params.liquidationBonusBps, 2000, "bonus stored");
    }

    function test_setCollateralParams_updatesAndEmits() public {
        AlphaLendingMarket.CollateralParams memory p = defaultParams();
        p.enabled = false;
        p.supplyCapAlpha = 5e9;
        vm.expectEmit(true, true, true, true, address(market));
        emit AlphaLendingMarket.CollateralParamsUpdated(address(wAlpha), p);
        vm.prank(guardian);
        market.setCollateralParams(address(wAlpha), p);
        AlphaLendingMarket.Collateral memory c = market.collateral(address(wAlpha));
        assertTrue(!c.params.enabled, "disabled");
        assertEq(c.params.supplyCapAlpha, 5e9, "cap");
        assertEq(c.netuid, NET_A, "netuid kept");
    }

    function test_setCollateralParams_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(AlphaLendingMarket.NotGuardian.selector, alice, guardian));
        vm.prank(alice);
        market.setCollateralParams(address(wAlpha), defaultParams());
        vm.expectRevert(abi.encodeWithSelector(AlphaLendingMarket.NotListed.selector, address(fresh)));
        vm.prank(guardian);
        market.setCollateralParams(address(fresh), defaultParams());
    }

    /// @notice Genesis predeployment: the runtime code and the storage of a scratch deployment,
    /// copied to a fixed address, give a working market (the constructor wrote nothing that
    /// depends on its own address; WTAO's address is an immutable inside the code).
    function test_predeployByCopyingCodeAndStorage() public {
        AlphaLendingMarket scratch = new AlphaLendingMarket(guardian, IERC20Minimal(address(wtao)));
        address fixedAddr = address(0x0000000000000000000000000000000000000a10);
        vm.etch(fixedAddr, address(scratch).code);
        for (uint256 slot; slot < 20; ++slot) {
            vm.store(fixedAddr, bytes32(slot), vm.load(address(scratch), bytes32(slot)));
        }
        AlphaLendingMarket m = AlphaLendingMarket(fixedAddr);
        assertEq(m.guardian(), guardian, "guardian");
        assertEq(address(m.asset()), address(wtao), "asset");
        assertEq(m.borrowIndex(), 1e27, "index");

        vm.startPrank(guardian);
        m.listCollateral(address(wAlpha), defaultParams());
        m.setSubnetCap(NET_A, 1_000_000e9);
        vm.stopPrank();
        fund(alice, 100e18);
        vm.startPrank(alice);
        wtao.approve(fixedAddr, type(uint256).max);
        m.supply(100e18, alice);
        vm.stopPrank();
        wAlpha.mint(bob, 100e9);
        vm.startPrank(bob);
        wAlpha.approve(fixedAddr, type(uint256).max);
        m.depositCollateral(address(wAlpha), 100e9); // 50 TAO: limit 25
        m.borrow(25e18, bob);
        vm.stopPrank();
        assertEq(m.debtOf(bob), 25e18, "borrowed");
        assertEq(wtao.balanceOf(fixedAddr), 75e18, "held at the fixed address");
    }
}
