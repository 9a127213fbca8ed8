// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IAlphaPools} from "./IAlphaPools.sol";

/// @title PoolMath
/// @notice The integer rules of the dTAO constant-product pool and of the moving price, rule for
/// rule as `tao_economics::pool::math` and `pool::ema` (spec/economics.md §3.2, §3.3, §3.6).
/// @dev Conventions: `x` is the alpha reserve, `y` the TAO reserve, both `u64`. Products are
/// taken in 256 bits, so none overflows; every division floors, so rounding favours the pool.
/// Errors are `IAlphaPools`' mirrors of the native `PoolError`, raised in the native order.
library PoolMath {
    /// @notice RAO per TAO, and the scale of limit prices (RAO per alpha).
    uint256 internal constant RAO_PER_TAO = 1_000_000_000;
    /// @notice Fee rates are parts of this denominator.
    uint256 internal constant FEE_DENOMINATOR = 65_535;
    /// @notice Default swap fee, 33 / 65535.
    uint16 internal constant DEFAULT_FEE_RATE = 33;
    /// @notice Highest fee rate: 10,000 / 65535.
    uint16 internal constant MAX_FEE_RATE = 10_000;
    /// @notice The output-side reserve must hold at least this before a swap draws on it.
    uint64 internal constant MINIMUM_RESERVE = 1_000_000;
    /// @notice The net input may be at most this multiple of the input-side reserve.
    uint256 internal constant MAX_INPUT_RESERVE_MULTIPLIER = 1_000;
    /// @notice Default buy limit of the chain: 10^15 RAO per alpha.
    uint64 internal constant DEFAULT_MAX_BUY_PRICE = 1_000_000_000_000_000;
    /// @notice Default sell limit of the chain: 1,000 RAO per alpha.
    uint64 internal constant DEFAULT_MIN_SELL_PRICE = 1_000;

    uint256 private constant U64_MAX = type(uint64).max;
    uint256 private constant U128_MAX = type(uint128).max;
    /// @dev 1.0 as `U64F64` bits.
    uint256 private constant U64F64_ONE = 1 << 64;

    /// @notice One priced swap before it is applied (the native `Quote`).
    struct Quote {
        uint64 grossIn; // taken from the trader (≤ the amount asked for)
        uint64 fee; // grossIn − netIn; leaves the pool
        uint64 netIn; // enters the input-side reserve
        uint64 out; // paid to the trader
        bool limited; // a limit price cut the swap short
    }

    // ------------------------------------------------------------------ swaps

    /// @notice `floor(amount × rate / 65535)`.
    function feeOnInput(uint64 amount, uint16 rate) internal pure returns (uint64) {
        // rate ≤ 65535, so the quotient is ≤ amount and fits.
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint64((uint256(amount) * rate) / FEE_DENOMINATOR);
    }

    /// @notice `floor(reserveOut × netIn / (reserveIn + netIn))`; 0 when both are 0.
    function constantProductOut(uint64 reserveIn, uint64 reserveOut, uint64 netIn) internal pure returns (uint64) {
        uint256 den = uint256(reserveIn) + netIn;
        if (den == 0) return 0;
        // The quotient is ≤ reserveOut and fits.
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint64((uint256(reserveOut) * netIn) / den);
    }

    /// @notice A buy may start: spot `y/x` strictly below `limit / 10^9`.
    function buyAllowedAt(uint64 tao, uint64 alpha, uint64 limit) internal pure returns (bool) {
        return uint256(tao) * RAO_PER_TAO < uint256(limit) * alpha;
    }

    /// @notice A sell may start: spot `y/x` strictly above `limit / 10^9`.
    function sellAllowedAt(uint64 tao, uint64 alpha, uint64 limit) internal pure returns (bool) {
        return uint256(tao) * RAO_PER_TAO > uint256(limit) * alpha;
    }

    /// @notice Largest net TAO a buy may add before the price exceeds the limit:
    /// `floor(sqrt(x·y·L / 10^9)) − y`, 0 if negative, clamped to `u64`.
    function maxBuyNetToLimit(uint64 tao, uint64 alpha, uint64 limit) internal pure returns (uint64) {
        // x·y·L < 2^192.
        uint256 yAtLimit = sqrt((uint256(alpha) * tao * limit) / RAO_PER_TAO);
        return yAtLimit <= tao ? 0 : _clamp64(yAtLimit - tao);
    }

    /// @notice Largest net alpha a sell may add before the price falls below the limit:
    /// `floor(sqrt(x·y·10^9 / L)) − x`, 0 if negative, clamped; `u64` max for `L = 0`.
    function maxSellNetToLimit(uint64 tao, uint64 alpha, uint64 limit) internal pure returns (uint64) {
        if (limit == 0) return type(uint64).max;
        uint256 xAtLimit = sqrt((uint256(alpha) * tao * RAO_PER_TAO) / limit);
        return xAtLimit <= alpha ? 0 : _clamp64(xAtLimit - alpha);
    }

    /// @notice Prices a buy (TAO in, alpha out) on reserves (`tao`, `alpha`).
    function quoteBuy(
        uint64 tao,
        uint64 alpha,
        uint64 amount,
        uint16 rate,
        bool hasLimit,
        uint64 limit,
        bool allowPartial
    ) internal pure returns (Quote memory) {
        uint64 maxNet;
        if (hasLimit) {
            if (!buyAllowedAt(tao, alpha, limit)) {
                revert IAlphaPools.PriceLimitExceeded(priceRao(tao, alpha), limit);
            }
            maxNet = maxBuyNetToLimit(tao, alpha, limit);
        }
        return quoteSwap(tao, alpha, amount, rate, hasLimit, maxNet, allowPartial);
    }

    /// @notice Prices a sell (alpha in, TAO out) on reserves (`tao`, `alpha`).
    function quoteSell(
        uint64 tao,
        uint64 alpha,
        uint64 amount,
        uint16 rate,
        bool hasLimit,
        uint64 limit,
        bool allowPartial
    ) internal pure returns (Quote memory) {
        uint64 maxNet;
        if (hasLimit) {
            if (!sellAllowedAt(tao, alpha, limit)) {
                revert IAlphaPools.PriceLimitExceeded(priceRao(tao, alpha), limit);
            }
            maxNet = maxSellNetToLimit(tao, alpha, limit);
        }
        return quoteSwap(alpha, tao, amount, rate, hasLimit, maxNet, allowPartial);
    }

    /// @notice The direction-free core of a swap (the native `quote_swap`):
    /// 1. `amount > 0`, a valid fee rate, `reserveOut ≥ MINIMUM_RESERVE`;
    /// 2. `fee = floor(amount × rate / 65535)`, `net = amount − fee`;
    /// 3. with a limit (`hasMax`), `net > maxNet` fails with `SlippageTooHigh` unless
    ///    `allowPartial`; then `net = maxNet`, `gross = min(amount, maxNet + floor(maxNet × rate /
    ///    (65535 − rate)))`, `fee = gross − net`;
    /// 4. `net ≤ 1000 × reserveIn`; `out = floor(reserveOut × net / (reserveIn + net))`, with
    ///    `0 < out < reserveOut`.
    function quoteSwap(
        uint64 reserveIn,
        uint64 reserveOut,
        uint64 amount,
        uint16 rate,
        bool hasMax,
        uint64 maxNet,
        bool allowPartial
    ) internal pure returns (Quote memory q) {
        if (amount == 0) revert IAlphaPools.ZeroAmount();
        if (rate > MAX_FEE_RATE) revert IAlphaPools.InvalidFeeRate(rate);
        if (reserveOut < MINIMUM_RESERVE) revert IAlphaPools.InsufficientLiquidity(reserveOut, MINIMUM_RESERVE);
        uint64 fee = feeOnInput(amount, rate);
        uint64 net = amount - fee;
        uint64 gross = amount;
        bool limited;
        if (hasMax && net > maxNet) {
            // 65535 − rate > 0 (rate ≤ 10,000); maxNet + fee may exceed u64.
            uint256 maxGross = uint256(maxNet) + (uint256(maxNet) * rate) / (FEE_DENOMINATOR - rate);
            if (maxGross > U64_MAX) revert IAlphaPools.Overflow();
            // maxGross ≤ u64 max from here on.
            // forge-lint: disable-next-line(unsafe-typecast)
            if (!allowPartial) revert IAlphaPools.SlippageTooHigh(amount, uint64(maxGross));
            net = maxNet;
            // forge-lint: disable-next-line(unsafe-typecast)
            gross = maxGross < amount ? uint64(maxGross) : amount;
            fee = gross > net ? gross - net : 0;
            limited = true;
        }
        if (uint256(net) > uint256(reserveIn) * MAX_INPUT_RESERVE_MULTIPLIER) {
            revert IAlphaPools.InputTooLarge(net, reserveIn);
        }
        if (uint256(reserveIn) + net > U64_MAX) revert IAlphaPools.Overflow();
        uint64 out = constantProductOut(reserveIn, reserveOut, net);
        if (out == 0) revert IAlphaPools.ZeroOutput();
        if (out >= reserveOut) revert IAlphaPools.InsufficientLiquidity(reserveOut, out);
        q = Quote({grossIn: gross, fee: fee, netIn: net, out: out, limited: limited});
    }

    // ------------------------------------------------------------------ prices

    /// @notice Spot price in RAO per alpha, `floor(y·10^9 / x)`; 0 for `x = 0`; clamped to `u64`.
    function priceRao(uint64 tao, uint64 alpha) internal pure returns (uint64) {
        if (alpha == 0) return 0;
        return _clamp64((uint256(tao) * RAO_PER_TAO) / alpha);
    }

    /// @notice Spot price × 10^18, `floor(y·10^18 / x)`; 0 for `x = 0`.
    function priceE18(uint64 tao, uint64 alpha) internal pure returns (uint256) {
        if (alpha == 0) return 0;
        return (uint256(tao) * 1e18) / alpha;
    }

    /// @notice Spot price as `U64F64` bits, `floor(y·2^64 / x)`; 0 for `x = 0`. Always below
    /// 2^128 because `y < 2^64 ≤ x·2^64`.
    function priceU64F64(uint64 tao, uint64 alpha) internal pure returns (uint128) {
        if (alpha == 0) return 0;
        return uint128((uint256(tao) << 64) / alpha);
    }

    // ------------------------------------------------------------------ moving price

    /// @notice One moving-price step (the native `next_moving_price`), bit for bit with the
    /// `substrate-fixed` operations it uses:
    /// `ramp = b / (b + h)` (`U64F64` checked division, 0 if it fails),
    /// `α = U64F64(movingAlpha) × ramp`, `p̄' = α × min(spot, 1) + (1 − α) × U64F64(prev)`,
    /// stored as `I96F32`. Every `U64F64` multiply and divide truncates; additions, subtractions
    /// and the multiplies saturate in `[0, 2^128 − 1]`; an `I96F32` converts to `U64F64` as
    /// `bits × 2^32` (0 if negative, saturating) and back as `bits >> 32`.
    /// @param prev The previous moving price, `I96F32` bits.
    /// @param spot The spot price, `U64F64` bits.
    /// @param blocksSinceStart `now − (FirstEmissionBlock − 1)`.
    /// @param movingAlpha `SubnetMovingAlpha`, `I96F32` bits.
    /// @param halvingBlocks `EMAPriceHalvingBlocks`.
    function nextMovingPrice(
        int128 prev,
        uint128 spot,
        uint64 blocksSinceStart,
        int128 movingAlpha,
        uint64 halvingBlocks
    ) internal pure returns (int128) {
        uint256 alpha = _smoothing(blocksSinceStart, movingAlpha, halvingBlocks);
        uint256 oneMinusAlpha = alpha >= U64F64_ONE ? 0 : U64F64_ONE - alpha;
        uint256 spotPart = _satMul(alpha, spot < U64F64_ONE ? spot : U64F64_ONE);
        uint256 prevPart = _satMul(oneMinusAlpha, _i96f32ToU64f64(prev));
        // A U64F64 (< 2^128) shifted right by 32 is below 2^96, always a valid I96F32.
        return int128(int256(_satAdd(spotPart, prevPart) >> 32));
    }

    /// @dev `α_t = U64F64(movingAlpha) × (b / (b + h))` in `U64F64` bits; the division is
    /// `checked_div`, and its failure (zero divisor) gives a ramp of 0.
    function _smoothing(uint64 blocksSinceStart, int128 movingAlpha, uint64 halvingBlocks)
        private
        pure
        returns (uint256)
    {
        uint256 b = uint256(blocksSinceStart) << 64;
        uint256 den = _satAdd(b, uint256(halvingBlocks) << 64);
        uint256 ramp;
        if (den != 0) {
            ramp = (b << 64) / den;
            // An overflowing quotient is None as well (cannot happen: b ≤ den).
            if (ramp > U128_MAX) ramp = 0;
        }
        return _satMul(_i96f32ToU64f64(movingAlpha), ramp);
    }

    // ------------------------------------------------------------------ integers

    /// @notice `floor(sqrt(n))`, exact for every `uint256`.
    /// @dev Newton's iteration from a power of two above the root decreases strictly until it
    /// reaches `floor(sqrt(n))`, where the next step would not decrease.
    function sqrt(uint256 n) internal pure returns (uint256) {
        if (n == 0) return 0;
        uint256 bits;
        uint256 m = n;
        while (m > 1) {
            m >>= 1;
            bits++;
        }
        // n < 2^(bits+1), so sqrt(n) < 2^((bits+1)/2) ≤ 2^(bits/2 + 1).
        // forge-lint: disable-next-line(incorrect-shift)
        uint256 r = 1 << ((bits >> 1) + 1);
        uint256 next = (r + n / r) >> 1;
        while (next < r) {
            r = next;
            next = (r + n / r) >> 1;
        }
        return r;
    }

    function _clamp64(uint256 v) private pure returns (uint64) {
        // forge-lint: disable-next-line(unsafe-typecast)
        return v > U64_MAX ? type(uint64).max : uint64(v);
    }

    /// @dev `U64F64` saturating multiply: `floor(a·b / 2^64)`, at most 2^128 − 1.
    function _satMul(uint256 a, uint256 b) private pure returns (uint256) {
        // a, b < 2^128, so a·b < 2^256.
        uint256 p = (a * b) >> 64;
        return p > U128_MAX ? U128_MAX : p;
    }

    /// @dev `U64F64` saturating add (operands < 2^129).
    function _satAdd(uint256 a, uint256 b) private pure returns (uint256) {
        uint256 s = a + b;
        return s > U128_MAX ? U128_MAX : s;
    }

    /// @dev `U64F64::saturating_from_num(I96F32)`: 0 when negative, else `bits × 2^32` capped.
    function _i96f32ToU64f64(int128 bits) private pure returns (uint256) {
        if (bits <= 0) return 0;
        // bits > 0, so it is a valid uint128.
        // forge-lint: disable-next-line(unsafe-typecast)
        uint256 v = uint256(uint128(bits)) << 32;
        return v > U128_MAX ? U128_MAX : v;
    }
}
