// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Test} from "../utils/Test.sol";
import {AlphaLendingMarket} from "../../src/lending/AlphaLendingMarket.sol";
import {IERC20Minimal} from "../../src/lending/IERC20Minimal.sol";
import {MockAlphaPrecompile} from "./mocks/MockAlphaPrecompile.sol";
import {MockWTAO} from "./mocks/MockWTAO.sol";
import {MockCollateral} from "./mocks/MockCollateral.sol";

/// @notice Shared fixture: the 0x808 mock etched in place, WTAO, two collateral tokens (wrapped
/// alpha of subnet 1 at 9 decimals; vault shares of subnet 2 at 18 decimals, 1.1 alpha per
/// share) and a market with both listed.
abstract contract LendingBase is Test {
    address internal constant ALPHA_PRECOMPILE = 0x0000000000000000000000000000000000000808;
    uint16 internal constant NET_A = 1;
    uint16 internal constant NET_V = 2;

    MockAlphaPrecompile internal prices = MockAlphaPrecompile(ALPHA_PRECOMPILE);
    MockWTAO internal wtao;
    MockCollateral internal wAlpha;
    MockCollateral internal vault;
    AlphaLendingMarket internal market;

    address internal guardian = address(0x6a1);
    address internal alice = address(0xa11ce); // supplier
    address internal bob = address(0xb0b); // borrower
    address internal carol = address(0xca201); // liquidator

    uint256 internal constant T0 = 1_700_000_000;

    function setUp() public virtual {
        vm.warp(T0);
        vm.etch(ALPHA_PRECOMPILE, address(new MockAlphaPrecompile()).code);
        prices.setPrices(NET_A, 0.5e18, 0.5e18);
        prices.setPrices(NET_V, 0.25e18, 0.2e18);
        wtao = new MockWTAO();
        wAlpha = new MockCollateral(NET_A, bytes32(uint256(0xa)), 9);
        vault = new MockCollateral(NET_V, bytes32(uint256(0xb)), 18);
        vault.setRate(1.1e9); // 1e18 shares -> 1.1e9 alpha-RAO
        market = new AlphaLendingMarket(guardian, IERC20Minimal(address(wtao)));
        vm.startPrank(guardian);
        market.listCollateral(address(wAlpha), defaultParams());
        market.listCollateral(address(vault), defaultParams());
        market.setSubnetCap(NET_A, 10_000_000e9);
        market.setSubnetCap(NET_V, 10_000_000e9);
        vm.stopPrank();
    }

    function defaultParams() internal pure returns (AlphaLendingMarket.CollateralParams memory) {
        return AlphaLendingMarket.CollateralParams({
            ltvBps: 5000,
            liquidationThresholdBps: 6500,
            closeFactorBps: 5000,
            liquidationBonusBps: 800,
            supplyCapAlpha: 1_000_000e9,
            enabled: true
        });
    }

    /// @dev Gives `who` `amount` WTAO (wrapped from native) and approves the market.
    function fund(address who, uint256 amount) internal {
        vm.deal(who, amount);
        vm.startPrank(who);
        wtao.deposit{value: amount}();
        wtao.approve(address(market), type(uint256).max);
        vm.stopPrank();
    }

    function supplyAs(address who, uint256 amount) internal returns (uint256 shares) {
        fund(who, amount);
        vm.prank(who);
        shares = market.supply(amount, who);
    }

    function depositAs(address who, MockCollateral token, uint256 shares) internal {
        token.mint(who, shares);
        vm.startPrank(who);
        token.approve(address(market), type(uint256).max);
        market.depositCollateral(address(token), shares);
        vm.stopPrank();
    }

    function borrowAs(address who, uint256 amount) internal {
        vm.prank(who);
        market.borrow(amount, who);
    }

    /// @dev The usual position: alice supplies 1000 TAO, bob deposits 1000 wrapped alpha
    /// (1000e9 alpha-RAO at 0.5 TAO = 500 TAO: borrow limit 250, liquidation limit 325).
    function openPosition() internal {
        supplyAs(alice, 1000e18);
        depositAs(bob, wAlpha, 1000e9);
        vm.prank(bob);
        wtao.approve(address(market), type(uint256).max);
    }

    function sel(bytes4 s) internal pure returns (bytes memory) {
        return abi.encodePacked(s);
    }
}
