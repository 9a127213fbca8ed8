// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title IAlphaPools
/// @notice The ABI of the dTAO pool engine (`AlphaPools`): one TAO/alpha pool per subnet.
/// @dev Units: TAO amounts are RAO (1 TAO = 10^9 RAO), alpha amounts alpha-RAO; both fit `u64`
/// as in the native model (`tao_economics::pool::NativePool`), and an input above `u64` is
/// refused with `ValueTooLarge`. Limit prices are RAO per alpha (a `u64`), with
/// `NO_LIMIT = type(uint256).max` for "no limit" (the native `None`). Fee rates are parts of
/// 65535. Spot prices are the real chain's `U64F64` bits (`price`), RAO per alpha (`priceRao`)
/// or × 10^18 (`priceE18`); the moving price is `I96F32` bits (an `int128`, 32 fractional bits).
/// The errors mirror the native `PoolError` variants one to one, field for field; the rest
/// (`NotSystem`, `PoolExists`, `PoolNotFound`, ...) are about calling the contract.
interface IAlphaPools {
    // Mechanisms as the chain numbers them (`SubnetMechanism`): 0 stable (1:1 without fee,
    // root), 1 dynamic (the constant-product AMM).

    // ------------------------------------------------------------------ errors: calling

    /// @notice A mutating function was called by someone other than the system caller.
    error NotSystem(address caller);
    /// @notice The constructor was given the zero address as the system caller.
    error ZeroSystem();
    /// @notice `createPool` on a subnet that already has a pool.
    error PoolExists(uint16 netuid);
    /// @notice The subnet has no pool.
    error PoolNotFound(uint16 netuid);
    /// @notice A mechanism other than 0 (stable) or 1 (dynamic).
    error InvalidMechanism(uint8 mechanism);
    /// @notice A stable pool starts with no alpha reserve and no fee (the native `new_stable`).
    error InvalidStablePool(uint64 alphaReserve, uint16 feeRate);
    /// @notice An amount, reserve or limit price above `u64` (other than `NO_LIMIT`).
    error ValueTooLarge(uint256 value);

    // ------------------------------------------------------------------ errors: PoolError

    /// @notice `PoolError::ZeroAmount`: the input amount is zero.
    error ZeroAmount();
    /// @notice `PoolError::InsufficientLiquidity`: the output-side reserve is below the minimum,
    /// or cannot cover the payout.
    error InsufficientLiquidity(uint64 reserve, uint64 required);
    /// @notice `PoolError::PriceLimitExceeded`: the spot price (RAO per alpha, floored) is already
    /// at or past the limit (buy: ≥ limit; sell: ≤ limit).
    error PriceLimitExceeded(uint64 price, uint64 limit);
    /// @notice `PoolError::SlippageTooHigh`: the full swap would cross the limit and partial
    /// fills were not allowed; `maxAmount` is the gross input that reaches the limit exactly.
    error SlippageTooHigh(uint64 requested, uint64 maxAmount);
    /// @notice `PoolError::InputTooLarge`: the net input exceeds 1000 × the input-side reserve.
    error InputTooLarge(uint64 netIn, uint64 reserve);
    /// @notice `PoolError::ZeroOutput`: the swap would pay out nothing.
    error ZeroOutput();
    /// @notice `PoolError::InvalidFeeRate`: the fee rate is above the maximum (10,000).
    error InvalidFeeRate(uint16 feeRate);
    /// @notice `PoolError::Overflow`: a reserve or amount would overflow `u64`.
    error Overflow();

    // ------------------------------------------------------------------ events

    /// @notice A pool was created.
    event PoolCreated(uint16 indexed netuid, uint64 taoReserve, uint64 alphaReserve, uint16 feeRate, uint8 mechanism);
    /// @notice A user swap with fee: `buy` is TAO in / alpha out. `amountIn` is gross (fee
    /// included); the fee left the pool. Reserves are the ones after the swap.
    event Swapped(
        uint16 indexed netuid,
        bool buy,
        uint64 amountIn,
        uint64 fee,
        uint64 amountOut,
        uint64 taoReserve,
        uint64 alphaReserve
    );
    /// @notice A fee-free protocol swap (emission chain buy, author fee sale, root-claim sell).
    event ProtocolSwap(
        uint16 indexed netuid, bool buy, uint64 amountIn, uint64 amountOut, uint64 taoReserve, uint64 alphaReserve
    );
    /// @notice Protocol liquidity was added to both reserves.
    event Injected(uint16 indexed netuid, uint64 tao, uint64 alpha, uint64 taoReserve, uint64 alphaReserve);
    /// @notice The moving price changed (an EMA step or a direct set), `I96F32` bits.
    event MovingPriceUpdated(uint16 indexed netuid, int128 movingPrice);
    /// @notice The fee rate changed.
    event FeeRateSet(uint16 indexed netuid, uint16 feeRate);
    /// @notice A pool was deleted (its subnet was dissolved); the reserves it held at the time.
    event PoolRemoved(uint16 indexed netuid, uint64 taoReserve, uint64 alphaReserve);

    // ------------------------------------------------------------------ system calls

    /// @notice Creates the pool of `netuid`. Dynamic (1): the given reserves and fee rate,
    /// moving price 0 (`NativePool::new`). Stable (0): `alphaReserve` and `feeRate` must be 0,
    /// moving price 1 (`NativePool::new_stable`).
    function createPool(uint16 netuid, uint256 taoReserve, uint256 alphaReserve, uint16 feeRate, uint8 mechanism)
        external;

    /// @notice Deletes the pool of `netuid` (subnet dissolution): reserves, fee rate, mechanism
    /// and moving price; a later `createPool` starts afresh. The chain pays out the TAO reserve
    /// itself. Reverts with `PoolNotFound` if there is no pool.
    /// @return tao The TAO reserve removed.
    /// @return alpha The alpha reserve removed.
    function removePool(uint16 netuid) external returns (uint64 tao, uint64 alpha);

    /// @notice Stakes: TAO in, alpha out, with the pool's fee. Returns the native `SwapResult`.
    /// @param limitPrice Highest acceptable price, RAO per alpha, or `NO_LIMIT`.
    /// @param allowPartial With a limit the full swap would cross: execute up to the limit
    /// instead of reverting with `SlippageTooHigh`.
    /// @return amountIn Gross TAO taken (≤ `tao`).
    /// @return fee TAO fee (part of `amountIn`, not added to the pool).
    /// @return amountOut Alpha paid.
    /// @return limited The limit cut the swap short.
    function swapTaoForAlpha(uint16 netuid, uint256 tao, uint256 limitPrice, bool allowPartial)
        external
        returns (uint64 amountIn, uint64 fee, uint64 amountOut, bool limited);

    /// @notice Unstakes: alpha in, TAO out, with the pool's fee. Returns the native `SwapResult`.
    /// @param limitPrice Lowest acceptable price, RAO per alpha, or `NO_LIMIT`.
    function swapAlphaForTao(uint16 netuid, uint256 alpha, uint256 limitPrice, bool allowPartial)
        external
        returns (uint64 amountIn, uint64 fee, uint64 amountOut, bool limited);

    /// @notice Fee-free buy with no limit (emission chain buys).
    function protocolBuy(uint16 netuid, uint256 tao) external returns (uint64 amountIn, uint64 amountOut);

    /// @notice Fee-free sell with no limit (the author's fee sale, root-claim sells).
    function protocolSell(uint16 netuid, uint256 alpha) external returns (uint64 amountIn, uint64 amountOut);

    /// @notice Adds protocol liquidity to both reserves (emission injection).
    function inject(uint16 netuid, uint256 tao, uint256 alpha) external;

    /// @notice Advances the moving price one block and returns it (`I96F32` bits). A stable
    /// pool keeps its moving price.
    /// @param blocksSinceStart `now − (FirstEmissionBlock − 1)`.
    /// @param movingAlpha `SubnetMovingAlpha` as `I96F32` bits (default 12885).
    /// @param halvingBlocks `EMAPriceHalvingBlocks` (default 201,600).
    function updateMovingPrice(uint16 netuid, uint64 blocksSinceStart, int128 movingAlpha, uint64 halvingBlocks)
        external
        returns (int128);

    /// @notice Sets the moving price (`I96F32` bits), e.g. the start value of a new subnet.
    function setMovingPrice(uint16 netuid, int128 movingPrice) external;

    /// @notice Sets the fee rate (parts of 65535, at most 10,000).
    function setFeeRate(uint16 netuid, uint16 feeRate) external;

    // ------------------------------------------------------------------ views

    /// @notice The system caller allowed to mutate pools.
    function system() external view returns (address);

    /// @notice Whether `netuid` has a pool.
    function exists(uint16 netuid) external view returns (bool);

    /// @notice Reserves: TAO (RAO) and alpha (alpha-RAO).
    function reserves(uint16 netuid) external view returns (uint64 tao, uint64 alpha);

    /// @notice Fee rate in parts of 65535.
    function feeRate(uint16 netuid) external view returns (uint16);

    /// @notice Mechanism: 0 stable, 1 dynamic.
    function mechanism(uint16 netuid) external view returns (uint8);

    /// @notice The invariant `tao × alpha`.
    function k(uint16 netuid) external view returns (uint128);

    /// @notice Spot price TAO per alpha as `U64F64` bits: `floor(y·2^64/x)`, 0 for an empty
    /// alpha reserve, 2^64 for a stable pool.
    function price(uint16 netuid) external view returns (uint128);

    /// @notice Spot price in RAO per alpha, floored (10^9 for a stable pool).
    function priceRao(uint16 netuid) external view returns (uint64);

    /// @notice Spot price × 10^18, floored (10^18 for a stable pool).
    function priceE18(uint16 netuid) external view returns (uint256);

    /// @notice The moving price, `I96F32` bits.
    function movingPrice(uint16 netuid) external view returns (int128);

    /// @notice Prices a buy without changing anything (same numbers as `swapTaoForAlpha`).
    function quoteTaoForAlpha(uint16 netuid, uint256 tao, uint256 limitPrice, bool allowPartial)
        external
        view
        returns (uint64 amountIn, uint64 fee, uint64 amountOut, bool limited);

    /// @notice Prices a sell without changing anything (same numbers as `swapAlphaForTao`).
    function quoteAlphaForTao(uint16 netuid, uint256 alpha, uint256 limitPrice, bool allowPartial)
        external
        view
        returns (uint64 amountIn, uint64 fee, uint64 amountOut, bool limited);
}
