// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Vm} from "../utils/Vm.sol";
import {AlphaLendingMarket} from "../../src/lending/AlphaLendingMarket.sol";
import {MockAlphaPrecompile} from "./mocks/MockAlphaPrecompile.sol";
import {MockWTAO} from "./mocks/MockWTAO.sol";
import {MockCollateral} from "./mocks/MockCollateral.sol";

/// @notice Drives the market for the invariant runner: three accounts that supply, deposit,
/// borrow, repay and withdraw, a liquidator, price moves on both subnets, vault-rate moves and
/// time. Records flows (ghosts) and flags any property broken inside a call.
contract LendingHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    uint256 internal constant RAY = 1e27;

    AlphaLendingMarket public immutable market;
    MockWTAO public immutable wtao;
    MockCollateral public immutable wAlpha;
    MockCollateral public immutable vault;
    MockAlphaPrecompile public immutable prices;

    address[3] public actors = [address(0x1001), address(0x1002), address(0x1003)];
    address public constant LIQUIDATOR = address(0x2001);

    // Flows through the market's cash.
    uint256 public ghostSupplied;
    uint256 public ghostWithdrawn;
    uint256 public ghostBorrowed;
    uint256 public ghostRepaid;
    // Interest: growth of total debt across time jumps.
    uint256 public ghostInterest;
    // Rounding allowance for total-debt bookkeeping (index / RAY + 2 per debt operation).
    uint256 public ghostSlack;
    uint256 public liquidations;
    uint256 public liquidatableSeen;
    bytes public lastLiquidationRevert;
    uint256 public badDebtWriteOffs;

    // Properties broken inside a call.
    bool public borrowAboveLimit;
    bool public healthyLiquidated;
    bool public liquidationOverSeized;
    bool public liquidationWorsenedHealth;

    constructor(
        AlphaLendingMarket market_,
        MockWTAO wtao_,
        MockCollateral wAlpha_,
        MockCollateral vault_,
        MockAlphaPrecompile prices_
    ) {
        market = market_;
        wtao = wtao_;
        wAlpha = wAlpha_;
        vault = vault_;
        prices = prices_;
    }

    function actorCount() external pure returns (uint256) {
        return 3;
    }

    function _bound(uint256 x, uint256 lo, uint256 hi) internal pure returns (uint256) {
        if (hi <= lo) return lo;
        return lo + x % (hi - lo + 1);
    }

    function _actor(uint256 seed) internal view returns (address) {
        return actors[seed % 3];
    }

    function _token(uint256 seed) internal view returns (MockCollateral) {
        return seed % 2 == 0 ? wAlpha : vault;
    }

    function _fund(address who, uint256 amount) internal {
        vm.deal(who, amount);
        vm.startPrank(who);
        wtao.deposit{value: amount}();
        wtao.approve(address(market), type(uint256).max);
        vm.stopPrank();
    }

    function _slack() internal view returns (uint256) {
        return market.borrowIndex() / RAY + 2;
    }

    // ------------------------------------------------------------ actions

    function supply(uint256 seed, uint256 amount) external {
        address a = _actor(seed);
        amount = _bound(amount, 1, 100_000e18);
        _fund(a, amount);
        vm.prank(a);
        try market.supply(amount, a) {
            ghostSupplied += amount;
        } catch {}
    }

    function withdraw(uint256 seed, uint256 amount) external {
        address a = _actor(seed);
        uint256 cashBefore = market.cash();
        if (amount % 4 == 0) amount = type(uint256).max;
        else amount = _bound(amount, 1, market.suppliedBalanceOf(a) + 1);
        vm.prank(a);
        try market.withdraw(amount, a) {
            ghostWithdrawn += cashBefore - market.cash();
        } catch {}
    }

    function deposit(uint256 seed, uint256 tokenSeed, uint256 amount) external {
        address a = _actor(seed);
        MockCollateral t = _token(tokenSeed);
        amount = address(t) == address(wAlpha) ? _bound(amount, 1, 20_000e9) : _bound(amount, 1, 20_000e18);
        t.mint(a, amount);
        vm.startPrank(a);
        t.approve(address(market), amount);
        try market.depositCollateral(address(t), amount) {} catch {}
        vm.stopPrank();
    }

    function withdrawCollateral(uint256 seed, uint256 tokenSeed, uint256 amount) external {
        address a = _actor(seed);
        MockCollateral t = _token(tokenSeed);
        amount = _bound(amount, 1, market.collateralOf(a, address(t)));
        vm.prank(a);
        try market.withdrawCollateral(address(t), amount, a) {
            _checkWithinLimit(a);
        } catch {}
    }

    function borrow(uint256 seed, uint256 amount) external {
        address a = _actor(seed);
        uint256 room;
        try market.accountLiquidity(a) returns (uint256 debt, uint256 bl, uint256) {
            room = bl > debt ? bl - debt : 0;
        } catch {
            return;
        }
        uint256 cash = market.cash();
        if (room > cash) room = cash;
        // A third at exactly the room, a third one wei above it (must be refused), a third
        // anywhere up to twice the room.
        if (amount % 3 == 0) amount = room == 0 ? 1 : room;
        else if (amount % 3 == 1) amount = room + 1;
        else amount = _bound(amount, 1, room * 2 + 1);
        vm.prank(a);
        try market.borrow(amount, a) {
            ghostBorrowed += amount;
            ghostSlack += _slack();
            _checkWithinLimit(a);
        } catch {}
    }

    function repay(uint256 seed, uint256 amount) external {
        address a = _actor(seed);
        uint256 debt = market.debtOf(a);
        if (debt == 0) return;
        amount = amount % 3 == 0 ? type(uint256).max : _bound(amount, 1, debt);
        _fund(a, debt);
        vm.prank(a);
        try market.repay(amount, a) returns (uint256 repaid) {
            ghostRepaid += repaid;
            ghostSlack += _slack();
        } catch {}
    }

    function liquidate(uint256 seed, uint256 tokenSeed, uint256 amount) external {
        // Prefer a borrower that can be liquidated (every third call takes whoever comes).
        address b = _actor(seed);
        if (seed % 3 != 0) {
            for (uint256 i; i < 3; ++i) {
                address c = actors[(seed % 3 + i) % 3];
                try market.isLiquidatable(c) returns (bool x) {
                    if (x) {
                        b = c;
                        break;
                    }
                } catch {}
            }
        }
        MockCollateral t = _token(tokenSeed);
        if (market.collateralOf(b, address(t)) == 0) t = address(t) == address(wAlpha) ? vault : wAlpha;
        // Half the time, a price crash on that collateral's subnet comes first (spot x 5-95%),
        // so that liquidations, full seizures and write-offs are reached often.
        if (tokenSeed % 4 < 2) {
            uint16 netuid = address(t) == address(wAlpha) ? 1 : 2;
            uint256 spot = prices.spot(netuid) * (5 + (tokenSeed >> 8) % 91) / 100;
            prices.setSpot(netuid, spot == 0 ? 1 : spot);
        }
        bool liquidatable;
        try market.isLiquidatable(b) returns (bool x) {
            liquidatable = x;
        } catch {
            return; // a collateral cannot be priced now
        }
        if (liquidatable) liquidatableSeen++;
        (uint256 debt,, uint256 ll) = market.accountLiquidity(b);
        uint256 valueAll = _valueAll(b);
        uint256 bonus = market.collateral(address(t)).params.liquidationBonusBps;
        amount = amount % 2 == 0 ? type(uint256).max : _bound(amount, 1, debt + 1);
        _fund(LIQUIDATOR, debt + 1);
        vm.prank(LIQUIDATOR);
        try market.liquidate(b, address(t), amount) returns (uint256 repaid, uint256 seized) {
            liquidations++;
            if (!liquidatable) healthyLiquidated = true;
            ghostRepaid += repaid;
            ghostSlack += _slack();
            if (market.collateralValue(address(t), seized) > repaid * (10_000 + bonus) / 10_000) {
                liquidationOverSeized = true;
            }
            if (market.scaledDebtOf(b) == 0 && market.accountTokens(b).length == 0) {
                badDebtWriteOffs++;
            } else if (valueAll * 10_000 > debt * (10_100 + bonus)) {
                // Collateral covered debt x (1 + bonus): the ratio must not fall (the market
                // lists both tokens with one threshold, so ll / debt is the health factor).
                (uint256 d2,, uint256 ll2) = market.accountLiquidity(b);
                if ((ll2 + 2) * debt < ll * d2) liquidationWorsenedHealth = true;
            }
        } catch (bytes memory err) {
            if (liquidatable) lastLiquidationRevert = err;
        }
    }

    function movePrice(uint256 netSeed, uint256 spot, uint256 moving) external {
        uint16 netuid = netSeed % 2 == 0 ? 1 : 2;
        prices.setPrices(netuid, _bound(spot, 0.01e18, 2e18), _bound(moving, 0.01e18, 2e18));
    }

    function crash(uint256 netSeed, uint256 pct) external {
        uint16 netuid = netSeed % 2 == 0 ? 1 : 2;
        uint256 spot = prices.spot(netuid) * _bound(pct, 10, 90) / 100;
        prices.setSpot(netuid, spot == 0 ? 1 : spot);
    }

    function setVaultRate(uint256 rate) external {
        vault.setRate(_bound(rate, 0.5e9, 2e9));
    }

    function warp(uint256 dt) external {
        uint256 before = market.totalDebt();
        vm.warp(block.timestamp + _bound(dt, 1, 30 days));
        ghostInterest += market.totalDebt() - before;
    }

    // ------------------------------------------------------------ helpers

    function _checkWithinLimit(address a) internal {
        (uint256 debt, uint256 bl,) = market.accountLiquidity(a);
        if (debt > bl) borrowAboveLimit = true;
    }

    function _valueAll(address a) internal view returns (uint256 v) {
        address[] memory ts = market.accountTokens(a);
        for (uint256 i; i < ts.length; ++i) {
            v += market.collateralValue(ts[i], market.collateralOf(a, ts[i]));
        }
    }
}
