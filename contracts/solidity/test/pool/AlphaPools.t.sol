// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Test} from "../utils/Test.sol";
import {AlphaPools} from "../../src/pool/AlphaPools.sol";
import {IAlphaPools} from "../../src/pool/IAlphaPools.sol";
import {PoolMath} from "../../src/pool/PoolMath.sol";

/// @title AlphaPoolsTest
/// @notice Unit and fuzz tests of `AlphaPools`. The worked numbers are the ones the native model
/// pins in chain-core/economics/src/pool/tests.rs (cited per test) and spec/economics.md §3.5.
/// This contract is the pools' system caller.
contract AlphaPoolsTest is Test {
    uint64 internal constant TAO = 1_000_000_000;
    uint16 internal constant NET = 7;
    uint256 internal constant NO_LIMIT = type(uint256).max;
    address internal constant STRANGER = address(0xBEEF);

    AlphaPools internal pools;

    function setUp() public {
        pools = new AlphaPools(address(this));
        // The §3.5 pool: y = 1,000 TAO, x = 10,000 α, p = 0.1, fee 33.
        pools.createPool(NET, 1_000 * TAO, 10_000 * TAO, 33, 1);
    }

    // ------------------------------------------------------------------ helpers

    function _reserves(uint16 netuid) internal view returns (uint64 tao, uint64 alpha) {
        return pools.reserves(netuid);
    }

    function _assertReserves(uint16 netuid, uint256 tao, uint256 alpha, string memory what) internal view {
        (uint64 t, uint64 a) = pools.reserves(netuid);
        assertEq(t, tao, string.concat(what, ": tao reserve"));
        assertEq(a, alpha, string.concat(what, ": alpha reserve"));
    }

    /// @dev A non-negative `I96F32` moving price as its bits.
    function _u(int128 bits) internal pure returns (uint256) {
        assertTrue(bits >= 0, "non-negative moving price");
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint256(int256(bits));
    }

    function _err(bytes4 sel, uint256 a, uint256 b) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(sel, a, b);
    }

    // ------------------------------------------------------------------ construction

    function test_constructor_refusesZeroSystem() public {
        vm.expectRevert(abi.encodeWithSelector(IAlphaPools.ZeroSystem.selector));
        new AlphaPools(address(0));
    }

    function test_constructor_storesSystemInCode() public {
        assertEq(pools.system(), address(this), "system");
        // The system caller is immutable: no storage slot is written by the constructor.
        AlphaPools fresh = new AlphaPools(address(0x1234));
        assertEq(vm.load(address(fresh), bytes32(0)), bytes32(0), "slot 0 empty");
        assertEq(fresh.system(), address(0x1234), "system of a fresh deploy");
    }

    // ------------------------------------------------------------------ createPool

    function test_createPool_dynamic() public {
        vm.expectEmit(true, false, false, true, address(pools));
        emit IAlphaPools.PoolCreated(9, 5 * TAO, 6 * TAO, 100, 1);
        pools.createPool(9, 5 * TAO, 6 * TAO, 100, 1);
        _assertReserves(9, 5 * TAO, 6 * TAO, "created");
        assertEq(pools.feeRate(9), 100, "fee rate");
        assertEq(pools.mechanism(9), 1, "mechanism");
        assertEq(_u(pools.movingPrice(9)), 0, "moving price 0 (NativePool::new)");
        assertTrue(pools.exists(9), "exists");
        assertTrue(!pools.exists(10), "other netuid");
    }

    function test_createPool_stable() public {
        pools.createPool(0, 3 * TAO, 0, 0, 0);
        assertEq(_u(pools.movingPrice(0)), 1 << 32, "moving price 1 (new_stable)");
        assertEq(pools.price(0), 1 << 64, "price 1");
        assertEq(pools.priceRao(0), TAO, "price rao");
        assertEq(pools.priceE18(0), 1e18, "price e18");
    }

    function test_createPool_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IAlphaPools.PoolExists.selector, NET));
        pools.createPool(NET, TAO, TAO, 33, 1);
        vm.expectRevert(abi.encodeWithSelector(IAlphaPools.InvalidFeeRate.selector, 10_001));
        pools.createPool(1, TAO, TAO, 10_001, 1);
        vm.expectRevert(abi.encodeWithSelector(IAlphaPools.InvalidMechanism.selector, 2));
        pools.createPool(1, TAO, TAO, 33, 2);
        vm.expectRevert(_err(IAlphaPools.InvalidStablePool.selector, 5, 0));
        pools.createPool(1, TAO, 5, 0, 0);
        vm.expectRevert(_err(IAlphaPools.InvalidStablePool.selector, 0, 33));
        pools.createPool(1, TAO, 0, 33, 0);
        uint256 big = uint256(type(uint64).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IAlphaPools.ValueTooLarge.selector, big));
        pools.createPool(1, big, TAO, 33, 1);
        vm.expectRevert(abi.encodeWithSelector(IAlphaPools.ValueTooLarge.selector, big));
        pools.createPool(1, TAO, big, 33, 1);
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(IAlphaPools.NotSystem.selector, STRANGER));
        pools.createPool(1, TAO, TAO, 33, 1);
        assertTrue(!pools.exists(1), "nothing created");
        // The maximum fee rate itself is accepted.
        pools.createPool(1, TAO, TAO, 10_000, 1);
    }

    // ------------------------------------------------------------------ worked examples

    /// tests.rs `spec_3_5_stake_unstake_round_trip`.
    function test_spec_3_5_stakeUnstakeRoundTrip() public {
        assertEq(pools.priceRao(NET), 100_000_000, "p = 0.1");

        vm.expectEmit(true, false, false, true, address(pools));
        emit IAlphaPools.Swapped(NET, true, 10 * TAO, 5_035_477, 98_960_538_161, 1_009_994_964_523, 9_901_039_461_839);
        (uint64 inB, uint64 feeB, uint64 outB, bool limB) = pools.swapTaoForAlpha(NET, 10 * TAO, NO_LIMIT, false);
        assertEq(inB, 10 * TAO, "buy gross");
        assertEq(feeB, 5_035_477, "buy fee");
        assertEq(inB - feeB, 9_994_964_523, "buy net");
        assertEq(outB, 98_960_538_161, "alpha out");
        assertTrue(!limB, "not limited");
        _assertReserves(NET, 1_009_994_964_523, 9_901_039_461_839, "after buy");
        assertEq(pools.priceRao(NET), 102_008_982, "p after buy");

        (uint64 inS, uint64 feeS, uint64 outS,) = pools.swapAlphaForTao(NET, outB, NO_LIMIT, false);
        assertEq(inS, outB, "sell gross");
        assertEq(feeS, 49_831_353, "sell fee");
        assertEq(inS - feeS, 98_910_706_808, "sell net");
        assertEq(outS, 9_989_981_362, "tao out");

        // The author's fee sale: the alpha fee sold fee-free.
        vm.expectEmit(true, false, false, true, address(pools));
        emit IAlphaPools.ProtocolSwap(NET, false, feeS, 4_983_160, 1_000 * TAO + 1, 10_000 * TAO);
        (uint64 inA, uint64 outA) = pools.protocolSell(NET, feeS);
        assertEq(inA, feeS, "author sale in");
        assertEq(outA, 4_983_160, "author sale out");
        _assertReserves(NET, 1_000 * TAO + 1, 10_000 * TAO, "round trip end");

        uint256 loss = 10 * TAO - outS;
        assertEq(loss, 10_018_638, "user loss");
        assertEq(loss, feeB + outA + 1, "loss = fees + 1 RAO dust");
    }

    /// tests.rs `spec_3_5_reference_numbers`.
    function test_spec_3_5_referenceNumbers() public {
        (uint64 inQ, uint64 feeQ, uint64 outQ, bool limQ) = pools.quoteTaoForAlpha(NET, 10 * TAO, NO_LIMIT, false);
        assertEq(outQ, 98_960_538_161, "quote equals the swap");
        assertEq(inQ, 10 * TAO, "quote gross");
        assertEq(feeQ, 5_035_477, "quote fee");
        assertTrue(!limQ, "quote not limited");
        _assertReserves(NET, 1_000 * TAO, 10_000 * TAO, "a quote moves nothing");
        (,, uint64 outQs,) = pools.quoteAlphaForTao(NET, 98_960_538_161, NO_LIMIT, false);
        assertGt(outQs, 0, "sell quote");

        (uint64 inP, uint64 outP) = pools.protocolBuy(NET, 10 * TAO);
        assertEq(inP, 10 * TAO, "protocol buy in");
        assertEq(outP / 10_000, 9_900_990, "fee-free: 99.00990 alpha");
    }

    /// tests.rs `spec_3_5_limit_buy_partial_and_strict`.
    function test_spec_3_5_limitBuyPartialAndStrict() public {
        uint256 limit = 101_000_000;
        vm.expectRevert(_err(IAlphaPools.SlippageTooHigh.selector, 10 * TAO, 4_990_074_852));
        pools.swapTaoForAlpha(NET, 10 * TAO, limit, false);
        _assertReserves(NET, 1_000 * TAO, 10_000 * TAO, "a failed swap changes nothing");

        uint256 snap = vm.snapshotState();
        (uint64 amountIn, uint64 fee, uint64 out, bool limited) = pools.swapTaoForAlpha(NET, 10 * TAO, limit, true);
        assertTrue(limited, "limited");
        assertEq(amountIn, 4_990_074_852, "gross");
        assertEq(amountIn - fee, 4_987_562_112, "net");
        assertEq(fee, 2_512_740, "fee");
        assertEq(out, 49_628_097_899, "alpha out");
        assertEq(pools.priceRao(NET), 100_999_999, "price left just below the limit");
        (uint64 t, uint64 a) = _reserves(NET);
        assertLe(uint256(t) * TAO, limit * a, "price <= limit");

        // Exactly the max amount executes in full.
        vm.revertToState(snap);
        (,, uint64 outFull, bool limFull) = pools.swapTaoForAlpha(NET, 4_990_074_852, limit, false);
        assertTrue(!limFull, "max amount is not limited");
        assertEq(outFull, 49_628_097_899, "max amount out");
    }

    /// tests.rs `spec_3_5_sell_to_0_099_takes_50_378_alpha_net`.
    function test_spec_3_5_sellTo0099() public {
        (uint64 amountIn, uint64 fee,, bool limited) = pools.swapAlphaForTao(NET, 1_000 * TAO, 99_000_000, true);
        assertTrue(limited, "limited");
        assertEq(amountIn - fee, 50_378_152_592, "net alpha to 0.099");
        assertGe(pools.priceRao(NET), 99_000_000, "price >= limit");
        assertEq(PoolMath.maxSellNetToLimit(1_000 * TAO, 10_000 * TAO, 99_000_000), 50_378_152_592, "max sell net");
    }

    /// tests.rs `limits_at_or_past_the_price_are_refused_outright`.
    function test_limitsAtThePriceAreRefused() public {
        uint256 spot = 100_000_000;
        vm.expectRevert(_err(IAlphaPools.PriceLimitExceeded.selector, spot, spot));
        pools.swapTaoForAlpha(NET, TAO, spot, true);
        vm.expectRevert(_err(IAlphaPools.PriceLimitExceeded.selector, spot, spot));
        pools.swapAlphaForTao(NET, TAO, spot, true);
        // The limit is checked before the amount (native order).
        vm.expectRevert(_err(IAlphaPools.PriceLimitExceeded.selector, spot, spot));
        pools.quoteTaoForAlpha(NET, 0, spot, false);
        // Default limits never bind on this pool.
        pools.swapTaoForAlpha(NET, TAO, PoolMath.DEFAULT_MAX_BUY_PRICE, false);
        pools.swapAlphaForTao(NET, TAO, PoolMath.DEFAULT_MIN_SELL_PRICE, false);
    }

    /// tests.rs `guards`.
    function test_guards() public {
        vm.expectRevert(abi.encodeWithSelector(IAlphaPools.ZeroAmount.selector));
        pools.swapTaoForAlpha(NET, 0, NO_LIMIT, false);
        // One alpha-RAO at 0.1 TAO/alpha sells for nothing.
        vm.expectRevert(abi.encodeWithSelector(IAlphaPools.ZeroOutput.selector));
        pools.swapAlphaForTao(NET, 1, NO_LIMIT, false);
        // One RAO still buys 9 alpha-RAO (no fee on so small an input).
        (,, uint64 out,) = pools.quoteTaoForAlpha(NET, 1, NO_LIMIT, false);
        assertEq(out, 9, "1 RAO buys 9");
        // More than 1000 × the input reserve: net = amount − floor(amount·33/65535).
        uint256 tooBig = 2 * 1_000 * 1_000 * uint256(TAO);
        uint256 net = tooBig - (tooBig * 33) / 65_535;
        vm.expectRevert(_err(IAlphaPools.InputTooLarge.selector, net, 1_000 * TAO));
        pools.swapTaoForAlpha(NET, tooBig, NO_LIMIT, false);
        // Output-side reserve below the minimum.
        pools.createPool(2, TAO, 999_999, 33, 1);
        vm.expectRevert(_err(IAlphaPools.InsufficientLiquidity.selector, 999_999, 1_000_000));
        pools.swapTaoForAlpha(2, TAO, NO_LIMIT, false);
        // An empty input-side reserve accepts no input at all (1000 × 0).
        pools.createPool(3, 0, 2_000_000, 33, 1);
        vm.expectRevert(_err(IAlphaPools.InputTooLarge.selector, 1, 0));
        pools.swapTaoForAlpha(3, 1, NO_LIMIT, false);
    }

    function test_overflowGuards() public {
        uint64 max = type(uint64).max;
        // The input-side reserve would overflow u64.
        pools.createPool(4, max - 10, 2_000_000, 0, 1);
        vm.expectRevert(abi.encodeWithSelector(IAlphaPools.Overflow.selector));
        pools.swapTaoForAlpha(4, 11, NO_LIMIT, false);
        // The same through a sell: the alpha reserve is the input side.
        pools.createPool(5, 2_000_000, max - 10, 0, 1);
        vm.expectRevert(abi.encodeWithSelector(IAlphaPools.Overflow.selector));
        pools.protocolSell(5, 11);
        // 10 fits, and then the output is checked: it rounds to zero here.
        vm.expectRevert(abi.encodeWithSelector(IAlphaPools.ZeroOutput.selector));
        pools.protocolSell(5, 10);
        _assertReserves(5, 2_000_000, max - 10, "failed sells change nothing");
    }

    /// tests.rs `stable_pool_is_one_to_one_without_fee`.
    function test_stablePoolIsOneToOne() public {
        pools.createPool(0, 0, 0, 0, 0);
        (uint64 inB, uint64 feeB, uint64 outB,) = pools.swapTaoForAlpha(0, 5 * TAO, NO_LIMIT, false);
        assertEq(inB, 5 * TAO, "stake in");
        assertEq(outB, 5 * TAO, "stake out 1:1");
        assertEq(feeB, 0, "no fee");
        (, uint64 feeS, uint64 outS,) = pools.swapAlphaForTao(0, 2 * TAO, NO_LIMIT, false);
        assertEq(outS, 2 * TAO, "unstake 1:1");
        assertEq(feeS, 0, "no fee");
        _assertReserves(0, 3 * TAO, 0, "root tao");
        vm.expectRevert(_err(IAlphaPools.InsufficientLiquidity.selector, 3 * TAO, 4 * TAO));
        pools.swapAlphaForTao(0, 4 * TAO, NO_LIMIT, false);
        int128 m = pools.updateMovingPrice(0, 10, 12_885, 201_600);
        assertEq(_u(m), 1 << 32, "stable moving price stays 1");
        // Stable quotes: zero amount first, then the limit against price 1.
        vm.expectRevert(abi.encodeWithSelector(IAlphaPools.ZeroAmount.selector));
        pools.quoteTaoForAlpha(0, 0, 0, false);
        vm.expectRevert(_err(IAlphaPools.PriceLimitExceeded.selector, TAO, TAO));
        pools.quoteTaoForAlpha(0, 1, TAO, false);
        vm.expectRevert(_err(IAlphaPools.PriceLimitExceeded.selector, TAO, TAO));
        pools.quoteAlphaForTao(0, 1, TAO, false);
        (,, uint64 outL,) = pools.quoteTaoForAlpha(0, 1, TAO + 1, false);
        assertEq(outL, 1, "limit above 1 passes");
        // A stable buy may not overflow the TAO reserve.
        pools.protocolBuy(0, type(uint64).max - 3 * TAO);
        vm.expectRevert(abi.encodeWithSelector(IAlphaPools.Overflow.selector));
        pools.protocolBuy(0, 1);
    }

    /// tests.rs `injection_in_proportion_keeps_the_price`.
    function test_injectKeepsThePrice() public {
        uint128 before = pools.price(NET);
        vm.expectEmit(true, false, false, true, address(pools));
        emit IAlphaPools.Injected(NET, TAO, 10 * TAO, 1_001 * TAO, 10_010 * TAO);
        pools.inject(NET, TAO, 10 * TAO);
        assertEq(pools.price(NET), before, "price unchanged");
        vm.expectRevert(abi.encodeWithSelector(IAlphaPools.Overflow.selector));
        pools.inject(NET, type(uint64).max, 0);
        vm.expectRevert(abi.encodeWithSelector(IAlphaPools.Overflow.selector));
        pools.inject(NET, 0, type(uint64).max);
        _assertReserves(NET, 1_001 * TAO, 10_010 * TAO, "a failed inject changes nothing");
    }

    /// tests.rs `moving_price_update_uses_the_spot`.
    function test_movingPriceUsesTheSpot() public {
        vm.expectEmit(true, false, false, false, address(pools));
        emit IAlphaPools.MovingPriceUpdated(NET, 0);
        int128 m = pools.updateMovingPrice(NET, 201_600, 12_885, 201_600);
        // α_t = 3e-6 × 1/2, spot 0.1 → p̄ ≈ 1.5e-7, in I96F32 bits (2^32 per unit).
        assertGt(_u(m), 0, "moved up");
        assertLt(_u(m), 4_294, "below 1e-6");
        assertEq(_u(pools.movingPrice(NET)), _u(m), "stored");
    }

    /// ema.rs `ramp_from_zero_matches_spec_corollaries`: from 0 with spot 1, `p̄ × 10^10`
    /// truncated after 7 and 30 days (50,400 and 216,000 blocks). The 90-day checkpoint would
    /// take 1.3 billion gas, above Foundry's per-test cap; pool_diff checks the EMA step
    /// bit for bit against the native one instead.
    function test_emaRampFromZero() public pure {
        int128 ema;
        uint128 one = 1 << 64;
        uint64[2] memory checkpoints = [uint64(50_400), 216_000];
        uint256[2] memory want = [uint256(161_061_959), 1_874_165_113];
        uint64 b = 1;
        for (uint256 i = 0; i < 2; i++) {
            for (; b <= checkpoints[i]; b++) {
                ema = PoolMath.nextMovingPrice(ema, one, b, 12_885, 201_600);
            }
            assertEq((_u(ema) * 1e10) >> 32, want[i], "p-bar at a spec checkpoint");
        }
    }

    /// ema.rs `spot_above_one_is_capped_and_zero_blocks_means_no_move`.
    function test_emaSpotCappedAndZeroBlocks() public pure {
        uint128 five = 5 << 64;
        assertEq(_u(PoolMath.nextMovingPrice(0, five, 0, 12_885, 201_600)), 0, "b = 0");
        int128 after5 = PoolMath.nextMovingPrice(0, five, 1_000_000, 12_885, 201_600);
        int128 after1 = PoolMath.nextMovingPrice(0, 1 << 64, 1_000_000, 12_885, 201_600);
        assertGt(_u(after5), 0, "moved");
        assertEq(_u(after5), _u(after1), "spot capped at 1");
        // A negative previous value counts as 0; zero blocks and zero halving give ramp 0.
        assertEq(_u(PoolMath.nextMovingPrice(-5, 1 << 64, 0, 12_885, 0)), 0, "negative prev");
    }

    // ------------------------------------------------------------------ setters, access

    function test_setFeeRate() public {
        vm.expectEmit(true, false, false, true, address(pools));
        emit IAlphaPools.FeeRateSet(NET, 0);
        pools.setFeeRate(NET, 0);
        assertEq(pools.feeRate(NET), 0, "fee rate");
        (, uint64 fee,,) = pools.quoteTaoForAlpha(NET, 10 * TAO, NO_LIMIT, false);
        assertEq(fee, 0, "no fee at rate 0");
        vm.expectRevert(abi.encodeWithSelector(IAlphaPools.InvalidFeeRate.selector, 10_001));
        pools.setFeeRate(NET, 10_001);
        vm.expectRevert(abi.encodeWithSelector(IAlphaPools.PoolNotFound.selector, 99));
        pools.setFeeRate(99, 1);
    }

    function test_removePool() public {
        pools.swapTaoForAlpha(NET, 10 * TAO, NO_LIMIT, false);
        pools.setMovingPrice(NET, 12_345);
        (uint64 tao, uint64 alpha) = _reserves(NET);
        vm.expectEmit(true, false, false, true, address(pools));
        emit IAlphaPools.PoolRemoved(NET, tao, alpha);
        (uint64 t, uint64 a) = pools.removePool(NET);
        assertEq(t, tao, "tao removed");
        assertEq(a, alpha, "alpha removed");
        assertTrue(!pools.exists(NET), "gone");
        vm.expectRevert(abi.encodeWithSelector(IAlphaPools.PoolNotFound.selector, NET));
        pools.reserves(NET);
        vm.expectRevert(abi.encodeWithSelector(IAlphaPools.PoolNotFound.selector, NET));
        pools.removePool(NET);
        // The netuid can be created again, from scratch (moving price 0, new fee rate).
        pools.createPool(NET, 5 * TAO, 7 * TAO, 0, 1);
        _assertReserves(NET, 5 * TAO, 7 * TAO, "re-created");
        assertEq(_u(pools.movingPrice(NET)), 0, "moving price reset");
        assertEq(pools.feeRate(NET), 0, "fee rate reset");
    }

    function test_setMovingPrice() public {
        vm.expectEmit(true, false, false, true, address(pools));
        emit IAlphaPools.MovingPriceUpdated(NET, 12_345);
        pools.setMovingPrice(NET, 12_345);
        assertEq(_u(pools.movingPrice(NET)), 12_345, "set");
    }

    function test_onlySystemMutates() public {
        bytes memory notSystem = abi.encodeWithSelector(IAlphaPools.NotSystem.selector, STRANGER);
        vm.startPrank(STRANGER);
        vm.expectRevert(notSystem);
        pools.swapTaoForAlpha(NET, TAO, NO_LIMIT, false);
        vm.expectRevert(notSystem);
        pools.swapAlphaForTao(NET, TAO, NO_LIMIT, false);
        vm.expectRevert(notSystem);
        pools.protocolBuy(NET, TAO);
        vm.expectRevert(notSystem);
        pools.protocolSell(NET, TAO);
        vm.expectRevert(notSystem);
        pools.inject(NET, TAO, TAO);
        vm.expectRevert(notSystem);
        pools.updateMovingPrice(NET, 1, 12_885, 201_600);
        vm.expectRevert(notSystem);
        pools.setMovingPrice(NET, 1);
        vm.expectRevert(notSystem);
        pools.setFeeRate(NET, 1);
        vm.expectRevert(notSystem);
        pools.removePool(NET);
        // Views are open to anyone.
        (,, uint64 out,) = pools.quoteTaoForAlpha(NET, TAO, NO_LIMIT, false);
        vm.stopPrank();
        assertGt(out, 0, "quote by a stranger");
        _assertReserves(NET, 1_000 * TAO, 10_000 * TAO, "nothing moved");
    }

    function test_unknownPool() public {
        bytes memory nf = abi.encodeWithSelector(IAlphaPools.PoolNotFound.selector, 42);
        vm.expectRevert(nf);
        pools.reserves(42);
        vm.expectRevert(nf);
        pools.price(42);
        vm.expectRevert(nf);
        pools.quoteAlphaForTao(42, 1, NO_LIMIT, false);
        vm.expectRevert(nf);
        pools.swapTaoForAlpha(42, 1, NO_LIMIT, false);
        vm.expectRevert(nf);
        pools.protocolSell(42, 1);
        vm.expectRevert(nf);
        pools.inject(42, 1, 1);
        vm.expectRevert(nf);
        pools.updateMovingPrice(42, 1, 12_885, 201_600);
        vm.expectRevert(nf);
        pools.setMovingPrice(42, 1);
    }

    function test_valueTooLarge() public {
        uint256 big = uint256(type(uint64).max) + 1;
        bytes memory e = abi.encodeWithSelector(IAlphaPools.ValueTooLarge.selector, big);
        vm.expectRevert(e);
        pools.swapTaoForAlpha(NET, big, NO_LIMIT, false);
        vm.expectRevert(e);
        pools.swapAlphaForTao(NET, TAO, big, false);
        vm.expectRevert(e);
        pools.protocolBuy(NET, big);
        vm.expectRevert(e);
        pools.inject(NET, 0, big);
    }

    function test_viewsAndK() public {
        assertEq(pools.k(NET), uint256(1_000 * TAO) * (10_000 * TAO), "k");
        assertEq(pools.price(NET), (uint256(1) << 64) / 10, "U64F64 0.1 (floor(2^64/10))");
        assertEq(pools.priceE18(NET), 1e17, "e18");
        pools.createPool(8, 5, 0, 0, 1);
        assertEq(pools.price(8), 0, "empty alpha: price 0");
        assertEq(pools.priceRao(8), 0, "empty alpha: rao 0");
        assertEq(pools.priceE18(8), 0, "empty alpha: e18 0");
        pools.createPool(11, type(uint64).max, 1, 0, 1);
        assertEq(pools.priceRao(11), type(uint64).max, "rao price clamps at u64 max");
    }

    // ------------------------------------------------------------------ fuzz

    function testFuzz_sqrtIsFloorExact(uint256 n) public pure {
        uint256 r = PoolMath.sqrt(n);
        assertLe(r * r, n, "r^2 <= n");
        if (r < type(uint128).max) assertGt((r + 1) * (r + 1), n, "(r+1)^2 > n");
    }

    function testFuzz_quoteEqualsSwapAndFailureChangesNothing(
        uint64 tao,
        uint64 alpha,
        uint64 amount,
        uint64 limit,
        bool buy,
        bool useLimit,
        bool allowPartial
    ) public {
        tao = uint64(bound(tao, 1_000_000, 1e18));
        alpha = uint64(bound(alpha, 1_000_000, 1e18));
        pools.createPool(1, tao, alpha, 33, 1);
        uint256 lim = useLimit ? limit : NO_LIMIT;
        (bool okQ, bytes memory q) = address(pools)
            .staticcall(
                buy
                    ? abi.encodeCall(pools.quoteTaoForAlpha, (1, amount, lim, allowPartial))
                    : abi.encodeCall(pools.quoteAlphaForTao, (1, amount, lim, allowPartial))
            );
        (bool okS, bytes memory s) = address(pools)
            .call(
                buy
                    ? abi.encodeCall(pools.swapTaoForAlpha, (1, amount, lim, allowPartial))
                    : abi.encodeCall(pools.swapAlphaForTao, (1, amount, lim, allowPartial))
            );
        assertTrue(okQ == okS, "quote and swap agree on success");
        assertEq(keccak256(q), keccak256(s), "same result or same error");
        if (!okS) _assertReserves(1, tao, alpha, "failed swap");
    }

    function testFuzz_swapMovesReservesByNetAndOut(uint64 tao, uint64 alpha, uint64 amount, bool buy) public {
        tao = uint64(bound(tao, 1_000_000, 1e18));
        alpha = uint64(bound(alpha, 1_000_000, 1e18));
        amount = uint64(bound(amount, 1, 1e18));
        pools.createPool(1, tao, alpha, 33, 1);
        try pools.swapTaoForAlpha(1, buy ? amount : 0, NO_LIMIT, false) returns (uint64, uint64, uint64, bool) {}
            catch {}
        (uint64 t0, uint64 a0) = _reserves(1);
        uint256 k0 = uint256(t0) * a0;
        if (buy) {
            try pools.swapTaoForAlpha(1, amount, NO_LIMIT, false) returns (uint64 i, uint64 f, uint64 o, bool) {
                _assertReserves(1, t0 + (i - f), a0 - o, "buy moves reserves");
                assertGe(pools.k(1), k0, "k never decreases");
                assertEq(f, (uint256(i) * 33) / 65_535, "fee on the gross input");
            } catch {}
        } else {
            try pools.swapAlphaForTao(1, amount, NO_LIMIT, false) returns (uint64 i, uint64 f, uint64 o, bool) {
                _assertReserves(1, t0 - o, a0 + (i - f), "sell moves reserves");
                assertGe(pools.k(1), k0, "k never decreases");
            } catch {}
        }
    }

    /// tests.rs `round_trip_never_profits`.
    function testFuzz_roundTripNeverProfits(uint64 tao, uint64 alpha, uint64 amount) public {
        tao = uint64(bound(tao, 1_000_000, 1e18));
        alpha = uint64(bound(alpha, 1_000_000, 1e18));
        amount = uint64(bound(amount, 1_000, 1e15));
        pools.createPool(1, tao, alpha, 33, 1);
        pools.createPool(2, tao, alpha, 33, 1);
        try pools.swapTaoForAlpha(1, amount, NO_LIMIT, false) returns (uint64, uint64 fee, uint64 out, bool) {
            try pools.swapAlphaForTao(1, out, NO_LIMIT, false) returns (uint64, uint64, uint64 back, bool) {
                assertLe(back, amount - fee, "round trip with fee");
            } catch {}
        } catch {}
        try pools.protocolBuy(2, amount) returns (uint64, uint64 out) {
            try pools.protocolSell(2, out) returns (uint64, uint64 back) {
                assertLe(back, amount, "fee-free round trip");
            } catch {}
        } catch {}
    }

    /// tests.rs `partial_fill_bounds`.
    function testFuzz_partialFillNeverCrossesTheLimit(uint64 tao, uint64 alpha, uint64 amount, uint8 num, uint8 den)
        public
    {
        tao = uint64(bound(tao, 1_000_000, 1e18));
        alpha = uint64(bound(alpha, 1_000_000, 1e18));
        amount = uint64(bound(amount, 1, 1e15));
        uint256 n = bound(num, 1, 100);
        uint256 d = bound(den, 1, 100);
        pools.createPool(1, tao, alpha, 33, 1);
        uint256 buyLimit = (uint256(pools.priceRao(1)) * (n + d)) / d;
        uint256 sellLimit = (uint256(pools.priceRao(1)) * d) / (n + d);
        uint256 snap = vm.snapshotState();
        try pools.swapTaoForAlpha(1, amount, buyLimit, true) returns (uint64 i, uint64, uint64, bool) {
            assertLe(i, amount, "never more than asked");
            (uint64 t, uint64 a) = _reserves(1);
            assertLe(uint256(t) * TAO, buyLimit * a, "buy stays at or below the limit");
        } catch {}
        vm.revertToState(snap);
        try pools.swapAlphaForTao(1, amount, sellLimit, true) returns (uint64 i, uint64, uint64, bool) {
            assertLe(i, amount, "never more than asked");
            (uint64 t, uint64 a) = _reserves(1);
            assertGe(uint256(t) * TAO, sellLimit * a, "sell stays at or above the limit");
        } catch {}
    }
}
