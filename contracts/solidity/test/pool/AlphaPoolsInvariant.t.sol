// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Test} from "../utils/Test.sol";
import {AlphaPools} from "../../src/pool/AlphaPools.sol";
import {PoolMath} from "../../src/pool/PoolMath.sol";

/// @title PoolHandler
/// @notice The invariant runner's entry point: it is the pools' system caller and drives three
/// dynamic pools with bounded random swaps (with and without limits and partial fills), protocol
/// swaps, injections and buy-then-sell round trips. Each call checks the per-operation rules and
/// counts any breach in `violations` (with the first reason), which the invariants read.
contract PoolHandler {
    uint256 internal constant NO_LIMIT = type(uint256).max;
    uint64 internal constant TAO = 1_000_000_000;

    AlphaPools public immutable pools;
    /// @notice Breaches of a per-operation rule seen so far.
    uint256 public violations;
    /// @notice The first breach.
    string public firstViolation;
    /// @notice Operations that succeeded (to see the runner does real work).
    uint256 public successes;
    /// @notice k of each pool at creation.
    mapping(uint16 => uint256) public initialK;

    constructor() {
        pools = new AlphaPools(address(this));
        _create(1, 1_000 * TAO, 10_000 * TAO, 33);
        _create(2, 5_000_000, 3_000_000, 10_000);
        _create(3, 1_000_000 * TAO, 20 * TAO, 0);
    }

    function _create(uint16 netuid, uint64 tao, uint64 alpha, uint16 fee) private {
        pools.createPool(netuid, tao, alpha, fee, 1);
        initialK[netuid] = uint256(tao) * alpha;
    }

    /// @notice A user buy, optionally with a limit around the spot price.
    function buy(uint8 which, uint64 amountSeed, uint16 limitSeed, bool useLimit, bool allowPartial) external {
        _swap(true, _netuid(which), amountSeed, limitSeed, useLimit, allowPartial);
    }

    /// @notice A user sell, optionally with a limit around the spot price.
    function sell(uint8 which, uint64 amountSeed, uint16 limitSeed, bool useLimit, bool allowPartial) external {
        _swap(false, _netuid(which), amountSeed, limitSeed, useLimit, allowPartial);
    }

    /// @notice A fee-free protocol buy or sell.
    function protocolSwap(uint8 which, uint64 amountSeed, bool isBuy) external {
        uint16 netuid = _netuid(which);
        (uint64 t0, uint64 a0) = pools.reserves(netuid);
        uint64 amount = _amount(amountSeed, isBuy ? t0 : a0);
        (bool ok, bytes memory ret) = address(pools)
            .call(
                isBuy
                    ? abi.encodeCall(pools.protocolBuy, (netuid, amount))
                    : abi.encodeCall(pools.protocolSell, (netuid, amount))
            );
        if (ok) {
            successes++;
            (uint64 amountIn, uint64 out) = abi.decode(ret, (uint64, uint64));
            _checkSwap(netuid, isBuy, t0, a0, amountIn, 0, out);
        } else {
            _checkUnchanged(netuid, t0, a0, "failed protocol swap moved the pool");
        }
    }

    /// @notice Protocol liquidity: both reserves grow by the amounts.
    function inject(uint8 which, uint32 tao, uint32 alpha) external {
        uint16 netuid = _netuid(which);
        (uint64 t0, uint64 a0) = pools.reserves(netuid);
        pools.inject(netuid, tao, alpha);
        successes++;
        (uint64 t1, uint64 a1) = pools.reserves(netuid);
        if (t1 != t0 + tao || a1 != a0 + alpha) _violation("inject did not add exactly the amounts");
    }

    /// @notice Buy with fee and sell everything back at once: never returns more than went in
    /// net of the buy fee.
    function roundTrip(uint8 which, uint64 amountSeed) external {
        uint16 netuid = _netuid(which);
        (uint64 t0,) = pools.reserves(netuid);
        uint64 amount = _amount(amountSeed, t0);
        try pools.swapTaoForAlpha(netuid, amount, NO_LIMIT, false) returns (uint64, uint64 fee, uint64 out, bool) {
            try pools.swapAlphaForTao(netuid, out, NO_LIMIT, false) returns (uint64, uint64, uint64 back, bool) {
                successes++;
                if (back > amount - fee) _violation("round trip returned more than it put in");
            } catch {}
        } catch {}
    }

    // ------------------------------------------------------------------ checks

    function _swap(bool isBuy, uint16 netuid, uint64 amountSeed, uint16 limitSeed, bool useLimit, bool allowPartial)
        private
    {
        (uint64 t0, uint64 a0) = pools.reserves(netuid);
        uint64 amount = _amount(amountSeed, isBuy ? t0 : a0);
        uint256 limit = NO_LIMIT;
        if (useLimit) {
            // 50 % to 150 % of the spot price, in steps of 0.01 %.
            limit = (uint256(pools.priceRao(netuid)) * (5_000 + (limitSeed % 10_001))) / 10_000;
        }
        (bool ok, bytes memory ret) = address(pools)
            .call(
                isBuy
                    ? abi.encodeCall(pools.swapTaoForAlpha, (netuid, amount, limit, allowPartial))
                    : abi.encodeCall(pools.swapAlphaForTao, (netuid, amount, limit, allowPartial))
            );
        if (!ok) {
            _checkUnchanged(netuid, t0, a0, "failed swap moved the pool");
            return;
        }
        successes++;
        _checkUserSwap(netuid, isBuy, t0, a0, amount, ret, allowPartial);
        if (limit != NO_LIMIT) _checkLimit(netuid, isBuy, limit);
    }

    function _checkUserSwap(
        uint16 netuid,
        bool isBuy,
        uint64 t0,
        uint64 a0,
        uint64 amount,
        bytes memory ret,
        bool allowPartial
    ) private {
        (uint64 amountIn, uint64 fee, uint64 out, bool limited) = abi.decode(ret, (uint64, uint64, uint64, bool));
        if (amountIn > amount) _violation("took more than asked");
        if (limited && !allowPartial) _violation("limited without allowPartial");
        _checkSwap(netuid, isBuy, t0, a0, amountIn, fee, out);
    }

    function _checkSwap(uint16 netuid, bool isBuy, uint64 t0, uint64 a0, uint64 amountIn, uint64 fee, uint64 out)
        private
    {
        (uint64 t1, uint64 a1) = pools.reserves(netuid);
        uint64 outSideBefore = isBuy ? a0 : t0;
        if (outSideBefore < PoolMath.MINIMUM_RESERVE) _violation("paid out of a reserve below the minimum");
        if (t1 == 0 || a1 == 0) _violation("a reserve reached zero");
        if (uint256(t1) * a1 < uint256(t0) * a0) _violation("k decreased across a swap");
        if (fee > amountIn || out == 0) _violation("fee above input or zero output");
        uint64 net = amountIn - fee;
        bool moved = isBuy ? (t1 == t0 + net && a1 == a0 - out) : (a1 == a0 + net && t1 == t0 - out);
        if (!moved) _violation("reserves did not move by net in and out");
    }

    function _checkLimit(uint16 netuid, bool isBuy, uint256 limit) private {
        (uint64 t1, uint64 a1) = pools.reserves(netuid);
        uint256 post = uint256(t1) * TAO;
        uint256 lim = limit * a1;
        if (isBuy ? post > lim : post < lim) _violation("price crossed the limit");
    }

    function _checkUnchanged(uint16 netuid, uint64 t0, uint64 a0, string memory what) private {
        (uint64 t1, uint64 a1) = pools.reserves(netuid);
        if (t1 != t0 || a1 != a0) _violation(what);
    }

    function _violation(string memory what) private {
        if (violations == 0) firstViolation = what;
        violations++;
    }

    function _netuid(uint8 which) private pure returns (uint16) {
        return uint16(which % 3) + 1;
    }

    /// @dev Mostly amounts up to twice the reserve, sometimes tiny, sometimes huge.
    function _amount(uint64 seed, uint64 reserve) private pure returns (uint64) {
        uint256 mode = seed % 8;
        if (mode == 0) return uint64(seed % 1_000);
        if (mode == 1) return seed;
        return uint64(uint256(seed) % (2 * uint256(reserve) + 1));
    }
}

/// @title AlphaPoolsInvariantTest
/// @notice Invariants over random operation sequences (spec/economics.md §7): no per-operation
/// rule is ever broken (k never decreases across a swap, limits are never crossed, a failed call
/// changes nothing, round trips never profit, output reserves are at the minimum before paying),
/// and every pool keeps positive reserves and at least its initial k.
contract AlphaPoolsInvariantTest is Test {
    PoolHandler internal handler;

    function setUp() public {
        handler = new PoolHandler();
        targetContract(address(handler));
    }

    function invariant_noRuleBroken() public view {
        assertEq(handler.violations(), 0, handler.firstViolation());
    }

    function invariant_reservesPositiveAndKNeverBelowStart() public view {
        AlphaPools pools = handler.pools();
        for (uint16 n = 1; n <= 3; n++) {
            (uint64 t, uint64 a) = pools.reserves(n);
            assertGt(t, 0, "tao reserve positive");
            assertGt(a, 0, "alpha reserve positive");
            assertGe(pools.k(n), handler.initialK(n), "k never below its start");
        }
    }
}
