// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {LendingBase} from "./LendingBase.sol";
import {LendingHandler} from "./LendingHandler.sol";

/// @notice Invariants of the market under random sequences of the handler's actions. Deeper
/// sequences than the project default: a liquidation needs supply, collateral, a borrow and a
/// price fall first.
/// forge-config: default.invariant.runs = 128
/// forge-config: default.invariant.depth = 100
contract InvariantTest is LendingBase {
    LendingHandler internal handler;

    function setUp() public override {
        super.setUp();
        handler = new LendingHandler(market, wtao, wAlpha, vault, prices);
        targetContract(address(handler));
    }

    /// @notice No borrow or collateral withdrawal ever leaves debt above the borrow limit at
    /// the oracle price of that moment.
    function invariant_noBorrowAboveLimit() public view {
        assertTrue(!handler.borrowAboveLimit(), "borrowed above limit");
    }

    /// @notice Cash is exactly supplied - withdrawn - borrowed + repaid (so borrows never exceed
    /// what was supplied), and the market holds at least that much WTAO.
    function invariant_cashMatchesFlows() public view {
        uint256 inflow = handler.ghostSupplied() + handler.ghostRepaid();
        uint256 outflow = handler.ghostWithdrawn() + handler.ghostBorrowed();
        assertGe(inflow, outflow, "more went out than came in");
        assertEq(market.cash(), inflow - outflow, "cash");
        assertGe(wtao.balanceOf(address(market)), market.cash(), "cash is held");
    }

    /// @notice Total borrows <= total supplied (net of withdrawals) + accrued interest (+ the
    /// per-operation rounding allowance, which favours the pool).
    function invariant_borrowsWithinSuppliedPlusInterest() public view {
        assertLe(
            market.totalDebt(),
            handler.ghostSupplied() + handler.ghostInterest() + handler.ghostSlack() - handler.ghostWithdrawn(),
            "debt exceeds supply + interest"
        );
    }

    /// @notice Shares redeem for at most the pool's assets, alone and summed over holders.
    function invariant_sharesRedeemAtMostAssets() public view {
        uint256 assets = market.totalAssets();
        uint256 total = market.totalSupplyShares();
        assertLe(market.previewRedeem(total), assets, "all shares");
        uint256 sumShares;
        uint256 sumRedeem;
        for (uint256 i; i < handler.actorCount(); ++i) {
            address a = handler.actors(i);
            sumShares += market.supplySharesOf(a);
            sumRedeem += market.previewRedeem(market.supplySharesOf(a));
        }
        assertEq(sumShares, total, "shares add up");
        assertLe(sumRedeem, assets, "holders' sum");
    }

    /// @notice A healthy position is never liquidated; a liquidation never seizes more than
    /// repaid x (1 + bonus); and when the collateral covered the debt x (1 + bonus), it never
    /// lowers the position's health.
    function invariant_liquidationNeverHurtsHealthy() public view {
        assertTrue(!handler.healthyLiquidated(), "healthy position liquidated");
        assertTrue(!handler.liquidationOverSeized(), "seized above the bonus");
        assertTrue(!handler.liquidationWorsenedHealth(), "liquidation lowered health");
    }

    /// @notice Debt and collateral bookkeeping add up.
    function invariant_bookkeeping() public view {
        uint256 scaled;
        uint256 collA;
        uint256 collV;
        for (uint256 i; i < handler.actorCount(); ++i) {
            address a = handler.actors(i);
            scaled += market.scaledDebtOf(a);
            collA += market.collateralOf(a, address(wAlpha));
            collV += market.collateralOf(a, address(vault));
        }
        assertEq(scaled, market.totalScaledDebt(), "scaled debt");
        assertEq(collA, market.totalCollateral(address(wAlpha)), "wAlpha");
        assertEq(collV, market.totalCollateral(address(vault)), "vault");
        assertEq(wAlpha.balanceOf(address(market)), collA, "wAlpha held");
        assertEq(vault.balanceOf(address(market)), collV, "vault held");
        assertGe(market.borrowIndex(), 1e27, "index never falls");
    }

    /// @notice The handler reaches the paths the invariants are about (borrows at the limit,
    /// liquidations, write-offs): 600 pseudo-random actions, then every invariant.
    function test_handlerReachesLiquidationsAndBadDebt() public {
        uint256 r = 12345;
        uint256 borrows;
        for (uint256 i; i < 600; ++i) {
            r = uint256(keccak256(abi.encode(r)));
            uint256 a = uint256(keccak256(abi.encode(r, 1)));
            uint256 b = uint256(keccak256(abi.encode(r, 2)));
            uint256 c = uint256(keccak256(abi.encode(r, 3)));
            uint256 k = r % 11;
            if (k == 0) {
                handler.supply(a, b);
            } else if (k == 1) {
                handler.withdraw(a, b);
            } else if (k == 2) {
                handler.deposit(a, b, c);
            } else if (k == 3) {
                handler.withdrawCollateral(a, b, c);
            } else if (k == 4) {
                uint256 g = handler.ghostBorrowed();
                handler.borrow(a, b);
                if (handler.ghostBorrowed() > g) borrows++;
            } else if (k == 5) {
                handler.repay(a, b);
            } else if (k == 6) {
                handler.liquidate(a, b, c);
            } else if (k == 7) {
                handler.movePrice(a, b, c);
            } else if (k == 8) {
                handler.crash(a, b);
            } else if (k == 9) {
                handler.setVaultRate(a);
            } else {
                handler.warp(a);
            }
        }
        assertGe(borrows, 5, "borrows");
        assertGe(handler.liquidations(), 5, "liquidations");
        assertGe(handler.badDebtWriteOffs(), 1, "write-offs");
        invariant_noBorrowAboveLimit();
        invariant_cashMatchesFlows();
        invariant_borrowsWithinSuppliedPlusInterest();
        invariant_sharesRedeemAtMostAssets();
        invariant_liquidationNeverHurtsHealthy();
        invariant_bookkeeping();
    }
}
