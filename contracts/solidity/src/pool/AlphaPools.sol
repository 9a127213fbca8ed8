// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IAlphaPools} from "./IAlphaPools.sol";
import {PoolMath} from "./PoolMath.sol";

/// @title AlphaPools
/// @notice The dTAO pool engine: every subnet's TAO/alpha pool, with the exact integer rules of
/// the native reference model `tao_economics::pool::NativePool` (constant product with the fee
/// 33/65535 on the input, the reserve and input guards, limit prices with or without partial
/// fill, fee-free protocol swaps, injection, the stable root mechanism and the moving-price EMA).
/// A differential test (tests/tests/it/pool_diff.rs) runs the same operations through this
/// contract and through `NativePool` and compares every number to the RAO.
/// @dev Why one contract for all subnets rather than one per subnet:
/// * one predeploy address: the chain and the staking router find every pool at the same
///   address, with no registry of per-subnet addresses to keep in genesis or in storage;
/// * one code path: the chain's system calls (coinbase injection, chain buys, author fee sales,
///   moving-price updates) are the same call with a different `netuid`, and one code hash is
///   audited and pinned;
/// * atomicity: a coinbase that touches many subnets runs in one call frame and state, so a
///   failure reverts all of it, and there is no cross-contract reentrancy surface between pools.
///
/// Deployment: the chain predeploys this contract at genesis by copying the runtime code the
/// constructor returns. The constructor writes no storage and does not use `address(this)`; its
/// only effect is the immutable `system` (the chain's system caller; later the staking router),
/// which lives in the runtime code, so copying the code is the whole deployment.
///
/// Access: every mutating function is restricted to `system` (`NotSystem`); views are open.
/// A failed call reverts and changes nothing, as a failed native operation does.
contract AlphaPools is IAlphaPools {
    /// @notice The `limitPrice` meaning "no limit" (the native `None`).
    uint256 public constant NO_LIMIT = type(uint256).max;
    /// @notice Mechanism 0: 1:1 swaps without fee, price 1 (root).
    uint8 public constant STABLE = 0;
    /// @notice Mechanism 1: the constant-product AMM.
    uint8 public constant DYNAMIC = 1;

    /// @dev 1.0 as `I96F32` bits.
    int128 private constant I96F32_ONE = 1 << 32;
    /// @dev 1.0 as `U64F64` bits.
    uint128 private constant U64F64_ONE = 1 << 64;

    /// @notice The only caller allowed to change pools.
    address public immutable system;

    /// @dev One subnet's pool. The first five fields share one storage slot.
    struct Pool {
        uint64 tao; // SubnetTAO (y), RAO
        uint64 alpha; // SubnetAlphaIn (x), alpha-RAO
        uint16 feeRate; // parts of 65535
        uint8 mechanism; // STABLE or DYNAMIC
        bool exists;
        int128 movingPrice; // I96F32 bits
    }

    mapping(uint16 netuid => Pool) private _pools;

    /// @param system_ The chain's system caller (later the staking router).
    constructor(address system_) {
        if (system_ == address(0)) revert ZeroSystem();
        system = system_;
    }

    modifier onlySystem() {
        if (msg.sender != system) revert NotSystem(msg.sender);
        _;
    }

    // ------------------------------------------------------------------ system calls

    /// @inheritdoc IAlphaPools
    function createPool(uint16 netuid, uint256 taoReserve, uint256 alphaReserve, uint16 feeRate_, uint8 mechanism_)
        external
        onlySystem
    {
        Pool storage p = _pools[netuid];
        if (p.exists) revert PoolExists(netuid);
        uint64 tao = _u64(taoReserve);
        uint64 alpha = _u64(alphaReserve);
        if (mechanism_ == DYNAMIC) {
            if (feeRate_ > PoolMath.MAX_FEE_RATE) revert InvalidFeeRate(feeRate_);
        } else if (mechanism_ == STABLE) {
            if (alpha != 0 || feeRate_ != 0) revert InvalidStablePool(alpha, feeRate_);
            p.movingPrice = I96F32_ONE;
        } else {
            revert InvalidMechanism(mechanism_);
        }
        p.tao = tao;
        p.alpha = alpha;
        p.feeRate = feeRate_;
        p.mechanism = mechanism_;
        p.exists = true;
        emit PoolCreated(netuid, tao, alpha, feeRate_, mechanism_);
    }

    /// @inheritdoc IAlphaPools
    function swapTaoForAlpha(uint16 netuid, uint256 tao, uint256 limitPrice, bool allowPartial)
        external
        onlySystem
        returns (uint64, uint64, uint64, bool)
    {
        return _swap(netuid, true, tao, limitPrice, allowPartial);
    }

    /// @inheritdoc IAlphaPools
    function swapAlphaForTao(uint16 netuid, uint256 alpha, uint256 limitPrice, bool allowPartial)
        external
        onlySystem
        returns (uint64, uint64, uint64, bool)
    {
        return _swap(netuid, false, alpha, limitPrice, allowPartial);
    }

    /// @inheritdoc IAlphaPools
    function protocolBuy(uint16 netuid, uint256 tao) external onlySystem returns (uint64, uint64) {
        return _protocolSwap(netuid, true, tao);
    }

    /// @inheritdoc IAlphaPools
    function protocolSell(uint16 netuid, uint256 alpha) external onlySystem returns (uint64, uint64) {
        return _protocolSwap(netuid, false, alpha);
    }

    /// @inheritdoc IAlphaPools
    function inject(uint16 netuid, uint256 tao, uint256 alpha) external onlySystem {
        Pool storage p = _pool(netuid);
        uint64 t = _u64(tao);
        uint64 a = _u64(alpha);
        // The native model computes both sums before writing either.
        uint64 nextTao = _add(p.tao, t);
        uint64 nextAlpha = _add(p.alpha, a);
        p.tao = nextTao;
        p.alpha = nextAlpha;
        emit Injected(netuid, t, a, nextTao, nextAlpha);
    }

    /// @inheritdoc IAlphaPools
    function updateMovingPrice(uint16 netuid, uint64 blocksSinceStart, int128 movingAlpha, uint64 halvingBlocks)
        external
        onlySystem
        returns (int128)
    {
        Pool storage p = _pool(netuid);
        if (p.mechanism == STABLE) return p.movingPrice;
        int128 next = PoolMath.nextMovingPrice(p.movingPrice, _price(p), blocksSinceStart, movingAlpha, halvingBlocks);
        p.movingPrice = next;
        emit MovingPriceUpdated(netuid, next);
        return next;
    }

    /// @inheritdoc IAlphaPools
    function setMovingPrice(uint16 netuid, int128 movingPrice_) external onlySystem {
        _pool(netuid).movingPrice = movingPrice_;
        emit MovingPriceUpdated(netuid, movingPrice_);
    }

    /// @inheritdoc IAlphaPools
    function removePool(uint16 netuid) external onlySystem returns (uint64 tao, uint64 alpha) {
        Pool storage p = _pool(netuid);
        (tao, alpha) = (p.tao, p.alpha);
        delete _pools[netuid];
        emit PoolRemoved(netuid, tao, alpha);
    }

    /// @inheritdoc IAlphaPools
    function setFeeRate(uint16 netuid, uint16 feeRate_) external onlySystem {
        Pool storage p = _pool(netuid);
        if (feeRate_ > PoolMath.MAX_FEE_RATE) revert InvalidFeeRate(feeRate_);
        p.feeRate = feeRate_;
        emit FeeRateSet(netuid, feeRate_);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IAlphaPools
    function exists(uint16 netuid) external view returns (bool) {
        return _pools[netuid].exists;
    }

    /// @inheritdoc IAlphaPools
    function reserves(uint16 netuid) external view returns (uint64 tao, uint64 alpha) {
        Pool storage p = _pool(netuid);
        return (p.tao, p.alpha);
    }

    /// @inheritdoc IAlphaPools
    function feeRate(uint16 netuid) external view returns (uint16) {
        return _pool(netuid).feeRate;
    }

    /// @inheritdoc IAlphaPools
    function mechanism(uint16 netuid) external view returns (uint8) {
        return _pool(netuid).mechanism;
    }

    /// @inheritdoc IAlphaPools
    function k(uint16 netuid) external view returns (uint128) {
        Pool storage p = _pool(netuid);
        return uint128(p.tao) * p.alpha;
    }

    /// @inheritdoc IAlphaPools
    function price(uint16 netuid) external view returns (uint128) {
        return _price(_pool(netuid));
    }

    /// @inheritdoc IAlphaPools
    function priceRao(uint16 netuid) external view returns (uint64) {
        Pool storage p = _pool(netuid);
        if (p.mechanism == STABLE) return uint64(PoolMath.RAO_PER_TAO);
        return PoolMath.priceRao(p.tao, p.alpha);
    }

    /// @inheritdoc IAlphaPools
    function priceE18(uint16 netuid) external view returns (uint256) {
        Pool storage p = _pool(netuid);
        if (p.mechanism == STABLE) return 1e18;
        return PoolMath.priceE18(p.tao, p.alpha);
    }

    /// @inheritdoc IAlphaPools
    function movingPrice(uint16 netuid) external view returns (int128) {
        return _pool(netuid).movingPrice;
    }

    /// @inheritdoc IAlphaPools
    function quoteTaoForAlpha(uint16 netuid, uint256 tao, uint256 limitPrice, bool allowPartial)
        external
        view
        returns (uint64, uint64, uint64, bool)
    {
        Pool storage p = _pool(netuid);
        PoolMath.Quote memory q = _quote(p, true, tao, p.feeRate, limitPrice, allowPartial);
        return (q.grossIn, q.fee, q.out, q.limited);
    }

    /// @inheritdoc IAlphaPools
    function quoteAlphaForTao(uint16 netuid, uint256 alpha, uint256 limitPrice, bool allowPartial)
        external
        view
        returns (uint64, uint64, uint64, bool)
    {
        Pool storage p = _pool(netuid);
        PoolMath.Quote memory q = _quote(p, false, alpha, p.feeRate, limitPrice, allowPartial);
        return (q.grossIn, q.fee, q.out, q.limited);
    }

    // ------------------------------------------------------------------ internals

    function _swap(uint16 netuid, bool buy, uint256 amount, uint256 limitPrice, bool allowPartial)
        private
        returns (uint64, uint64, uint64, bool)
    {
        Pool storage p = _pool(netuid);
        PoolMath.Quote memory q = _quote(p, buy, amount, p.feeRate, limitPrice, allowPartial);
        _apply(p, buy, q);
        emit Swapped(netuid, buy, q.grossIn, q.fee, q.out, p.tao, p.alpha);
        return (q.grossIn, q.fee, q.out, q.limited);
    }

    function _protocolSwap(uint16 netuid, bool buy, uint256 amount) private returns (uint64, uint64) {
        Pool storage p = _pool(netuid);
        PoolMath.Quote memory q = _quote(p, buy, amount, 0, NO_LIMIT, false);
        _apply(p, buy, q);
        emit ProtocolSwap(netuid, buy, q.grossIn, q.out, p.tao, p.alpha);
        return (q.grossIn, q.out);
    }

    /// @dev The native `NativePool::quote`: the AMM for dynamic pools, 1:1 for stable ones.
    function _quote(Pool storage p, bool buy, uint256 amount, uint16 rate, uint256 limitPrice, bool allowPartial)
        private
        view
        returns (PoolMath.Quote memory)
    {
        uint64 a = _u64(amount);
        bool hasLimit = limitPrice != NO_LIMIT;
        uint64 limit = hasLimit ? _u64(limitPrice) : 0;
        if (p.mechanism == STABLE) return _quoteStable(p, buy, a, hasLimit, limit);
        if (buy) return PoolMath.quoteBuy(p.tao, p.alpha, a, rate, hasLimit, limit, allowPartial);
        return PoolMath.quoteSell(p.tao, p.alpha, a, rate, hasLimit, limit, allowPartial);
    }

    /// @dev The native `quote_stable`: amount first, then the limit against price 1, then the
    /// TAO reserve (a buy may not overflow it, a sell may not exceed it). No fee, no limit cut.
    function _quoteStable(Pool storage p, bool buy, uint64 amount, bool hasLimit, uint64 limit)
        private
        view
        returns (PoolMath.Quote memory)
    {
        if (amount == 0) revert ZeroAmount();
        uint64 one = uint64(PoolMath.RAO_PER_TAO);
        if (hasLimit && (buy ? one >= limit : one <= limit)) revert PriceLimitExceeded(one, limit);
        if (buy) {
            _add(p.tao, amount);
        } else if (amount > p.tao) {
            revert InsufficientLiquidity(p.tao, amount);
        }
        return PoolMath.Quote({grossIn: amount, fee: 0, netIn: amount, out: amount, limited: false});
    }

    /// @dev The native `apply`: the net input joins the input side, the output leaves the other.
    function _apply(Pool storage p, bool buy, PoolMath.Quote memory q) private {
        if (p.mechanism == STABLE) {
            p.tao = buy ? _add(p.tao, q.netIn) : _sub(p.tao, q.out);
        } else if (buy) {
            uint64 tao = _add(p.tao, q.netIn);
            p.alpha = _sub(p.alpha, q.out);
            p.tao = tao;
        } else {
            uint64 tao = _sub(p.tao, q.out);
            p.alpha = _add(p.alpha, q.netIn);
            p.tao = tao;
        }
    }

    function _price(Pool storage p) private view returns (uint128) {
        if (p.mechanism == STABLE) return U64F64_ONE;
        return PoolMath.priceU64F64(p.tao, p.alpha);
    }

    function _pool(uint16 netuid) private view returns (Pool storage p) {
        p = _pools[netuid];
        if (!p.exists) revert PoolNotFound(netuid);
    }

    function _u64(uint256 v) private pure returns (uint64) {
        if (v > type(uint64).max) revert ValueTooLarge(v);
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint64(v);
    }

    function _add(uint64 a, uint64 b) private pure returns (uint64) {
        if (uint256(a) + b > type(uint64).max) revert Overflow();
        return a + b;
    }

    function _sub(uint64 a, uint64 b) private pure returns (uint64) {
        if (b > a) revert InsufficientLiquidity(a, b);
        return a - b;
    }
}
