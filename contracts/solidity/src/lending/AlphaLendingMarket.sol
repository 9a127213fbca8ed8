// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20Minimal} from "./IERC20Minimal.sol";
import {IAlphaCollateral} from "./IAlphaCollateral.sol";
import {AlphaOracle} from "./AlphaOracle.sol";
import {InterestRateModel} from "./InterestRateModel.sol";

/// @title AlphaLendingMarket
/// @notice A reference lending market on alpha: suppliers lend WTAO into one pool and earn the
/// interest borrowers pay; borrowers lock alpha-backed tokens (wrapped alpha, delegation-vault
/// shares) listed by the guardian and borrow WTAO against them. Positions above their
/// liquidation limit can be partly repaid by anyone, who receives the borrower's collateral at a
/// bonus. Collateral is priced by `AlphaOracle` (min of spot and moving price of 0x808).
/// @dev Accounting.
/// - Supply: internal, non-transferable shares. Pool assets = `cash` (WTAO the market holds by
///   its own bookkeeping, never `balanceOf`, so a donation changes nothing) + total debt
///   (rounded down). Shares convert with a virtual offset (`VIRTUAL_SHARES`, `VIRTUAL_ASSETS`);
///   supply mints rounded down, withdraw burns rounded up.
/// - Debt: scaled by a borrow index (RAY, starts at 10^27). A borrow of `a` adds
///   ceil(a / index) scaled units, a debt is ceil(scaled * index), a repayment of `a` removes
///   floor(a / index): every rounding favours the pool.
/// - Interest: `_accrue` runs first in every state-changing function; it grows the index by
///   rate * elapsed seconds / year (linear within one accrual, compounding across accruals).
/// - Health: borrow limit = sum(value * LTV), liquidation limit = sum(value * threshold), each
///   rounded down. Borrowing and withdrawing collateral must leave debt <= borrow limit; a
///   position is liquidatable when debt > liquidation limit. A collateral that cannot be priced
///   (no pool, cold moving price) freezes the positions holding it, except repaying and
///   withdrawing without debt.
/// - Exposure: deposits are capped in alpha per token (`supplyCapAlpha`) and per subnet over
///   all its tokens (`subnetCapAlpha`, 0 until the guardian sets it).
/// - Bad debt: when a liquidation takes the borrower's last collateral and debt remains, that
///   debt is written off at once (`BadDebtWrittenOff`): total debt falls, so every supplier's
///   shares lose value pro rata. Nothing is hidden as an unpayable claim.
/// Predeployment: the constructor does not use `address(this)`, so the runtime code and storage
/// of a scratch deployment can be copied to a fixed address at genesis. The reentrancy lock is
/// transient storage and needs no initial value.
contract AlphaLendingMarket {
    using AlphaOracle for uint16;

    // ---------------------------------------------------------------- constants

    /// @notice Fixed-point one of the borrow index.
    uint256 public constant RAY = 1e27;
    /// @notice Basis points in one (parameters are in basis points).
    uint256 public constant BPS = 10_000;
    /// @notice Upper bound of the liquidation bonus: 20%.
    uint256 public constant MAX_LIQUIDATION_BONUS_BPS = 2_000;
    /// @notice Most collateral tokens one account may hold in the market (bounds every loop).
    uint256 public constant MAX_COLLATERALS_PER_ACCOUNT = 8;
    /// @notice Most collateral tokens that may be listed on one subnet (bounds the subnet-cap
    /// loop).
    uint256 public constant MAX_TOKENS_PER_SUBNET = 8;
    /// @notice Below this debt a liquidation may repay it all, whatever the close factor, so no
    /// dust position is left that no one can afford to close (0.001 TAO).
    uint256 public constant MIN_CLOSE_AMOUNT = 1e15;
    /// @notice Virtual supply shares: the share price starts at 10^6 shares per wei, so rounding
    /// on small amounts cannot move it.
    uint256 public constant VIRTUAL_SHARES = 1e6;
    /// @notice Virtual pool assets paired with `VIRTUAL_SHARES`.
    uint256 public constant VIRTUAL_ASSETS = 1;

    // ---------------------------------------------------------------- types

    /// @notice Risk parameters of one collateral token, all in basis points except the cap.
    /// @param ltvBps Share of the collateral's value that may be borrowed (borrow limit).
    /// @param liquidationThresholdBps Share of the value above which debt is liquidatable.
    /// @param closeFactorBps Most of a debt one liquidation may repay.
    /// @param liquidationBonusBps Extra collateral value a liquidator receives over what it repays.
    /// @param supplyCapAlpha Most alpha (alpha-RAO) the market's deposits of this token may
    /// redeem for, checked on deposit (the subnet's cap over all its tokens is `subnetCapAlpha`).
    /// @param enabled Whether deposits are accepted (existing collateral keeps counting).
    struct CollateralParams {
        uint16 ltvBps;
        uint16 liquidationThresholdBps;
        uint16 closeFactorBps;
        uint16 liquidationBonusBps;
        uint256 supplyCapAlpha;
        bool enabled;
    }

    /// @notice A listed collateral token: its subnet (read once, at listing) and parameters.
    struct Collateral {
        bool listed;
        uint16 netuid;
        CollateralParams params;
    }

    // ---------------------------------------------------------------- errors

    /// @notice A state-changing function was entered while another one was running.
    error ReentrantCall();
    /// @notice Only the guardian may do this.
    error NotGuardian(address caller, address guardian);
    /// @notice Only the pending guardian may accept (and there must be one).
    error NotPendingGuardian(address caller, address pending);
    /// @notice An address argument was zero.
    error ZeroAddress();
    /// @notice An amount was zero, or rounded to zero shares.
    error ZeroAmount();
    /// @notice The token is listed already.
    error AlreadyListed(address token);
    /// @notice The token is not listed.
    error NotListed(address token);
    /// @notice The token is listed but does not accept deposits.
    error CollateralDisabled(address token);
    /// @notice Parameters out of bounds; `reason` names the rule broken.
    error InvalidParams(address token, string reason);
    /// @notice The deposit would take the token's deposits above its alpha cap.
    error SupplyCapExceeded(address token, uint256 alphaAfter, uint256 cap);
    /// @notice The deposit would take the subnet's deposits (all its tokens) above its cap.
    error SubnetCapExceeded(uint16 netuid, uint256 alphaAfter, uint256 cap);
    /// @notice The subnet has `MAX_TOKENS_PER_SUBNET` listed tokens already.
    error TooManySubnetTokens(uint16 netuid, uint256 max);
    /// @notice The account holds `MAX_COLLATERALS_PER_ACCOUNT` collateral tokens already.
    error TooManyCollaterals(address account, uint256 max);
    /// @notice The withdrawal costs more supply shares than the account holds.
    error InsufficientShares(address account, uint256 have, uint256 need);
    /// @notice The account holds less of the collateral than asked for.
    error InsufficientCollateral(address account, address token, uint256 have, uint256 need);
    /// @notice The pool's idle cash does not cover the withdrawal or borrow.
    error InsufficientLiquidity(uint256 cash, uint256 requested);
    /// @notice The debt would exceed the borrow limit at the oracle price.
    error BorrowLimitExceeded(address account, uint256 debt, uint256 borrowLimit);
    /// @notice The account has no debt.
    error NoDebt(address account);
    /// @notice The position's debt is within its liquidation limit.
    error PositionHealthy(address account, uint256 debt, uint256 liquidationLimit);
    /// @notice A borrower cannot liquidate itself.
    error SelfLiquidation(address account);
    /// @notice An ERC-20 transfer reverted, returned false or hit an address without code.
    error TransferFailed(address token, address from, address to, uint256 amount);

    // ---------------------------------------------------------------- events

    event GuardianTransferStarted(address indexed guardian, address indexed pendingGuardian);
    event GuardianTransferred(address indexed previousGuardian, address indexed newGuardian);
    event CollateralListed(address indexed token, uint16 indexed netuid, bytes32 hotkey, CollateralParams params);
    event CollateralParamsUpdated(address indexed token, CollateralParams params);
    event SubnetCapSet(uint16 indexed netuid, uint256 capAlpha);
    event InterestAccrued(uint256 borrowIndex, uint256 ratePerYear, uint256 interest, uint256 elapsed);
    event Supplied(address indexed caller, address indexed receiver, uint256 assets, uint256 shares);
    event Withdrawn(address indexed owner, address indexed receiver, uint256 assets, uint256 shares);
    event CollateralDeposited(address indexed account, address indexed token, uint256 shares);
    event CollateralWithdrawn(address indexed account, address indexed token, address receiver, uint256 shares);
    event Borrowed(address indexed borrower, address indexed receiver, uint256 amount, uint256 scaledDebt);
    event Repaid(address indexed payer, address indexed borrower, uint256 amount, uint256 scaledDebt);
    event Liquidated(
        address indexed liquidator,
        address indexed borrower,
        address indexed token,
        uint256 repaid,
        uint256 seizedShares,
        uint256 price
    );
    event BadDebtWrittenOff(address indexed borrower, uint256 debt, uint256 scaledDebt);

    // ---------------------------------------------------------------- state

    /// @notice The borrowed and supplied asset (WTAO, 18 decimals).
    IERC20Minimal public immutable asset;
    /// @notice Lists collateral and sets its parameters.
    address public guardian;
    /// @notice Proposed guardian; becomes `guardian` when it calls `acceptGuardian`.
    address public pendingGuardian;

    /// @notice WTAO held by the market and not lent out (bookkeeping; donations are ignored).
    uint256 public cash;
    /// @notice Supply shares in existence (without the virtual ones).
    uint256 public totalSupplyShares;
    /// @notice Supply shares per account.
    mapping(address => uint256) public supplySharesOf;

    /// @notice Borrow index (RAY) at `lastAccrual`.
    uint256 public borrowIndex;
    /// @notice Time of the last accrual.
    uint256 public lastAccrual;
    /// @notice Sum of every account's scaled debt.
    uint256 public totalScaledDebt;
    /// @notice Scaled debt per account (debt = scaled * index / RAY, rounded up).
    mapping(address => uint256) public scaledDebtOf;

    mapping(address => Collateral) internal _collaterals;
    /// @notice Every token ever listed, in listing order.
    address[] public listedTokens;
    /// @notice Collateral shares the market holds per token.
    mapping(address => uint256) public totalCollateral;
    /// @notice Collateral shares per account and token.
    mapping(address => mapping(address => uint256)) public collateralOf;
    mapping(address => address[]) internal _accountTokens;
    /// @notice Most alpha (alpha-RAO) all deposits of all tokens of a subnet may redeem for; 0
    /// (the default) accepts no deposit, so every subnet needs an explicit cap.
    mapping(uint16 => uint256) public subnetCapAlpha;
    mapping(uint16 => address[]) internal _subnetTokens;

    bool private transient _locked;

    /// @param guardian_ The first guardian (lists collateral, sets parameters).
    /// @param asset_ WTAO.
    constructor(address guardian_, IERC20Minimal asset_) {
        if (guardian_ == address(0) || address(asset_) == address(0)) revert ZeroAddress();
        guardian = guardian_;
        asset = asset_;
        borrowIndex = RAY;
        lastAccrual = block.timestamp;
        emit GuardianTransferred(address(0), guardian_);
    }

    modifier nonReentrant() {
        if (_locked) revert ReentrantCall();
        _locked = true;
        _;
        _locked = false;
    }

    modifier onlyGuardian() {
        if (msg.sender != guardian) revert NotGuardian(msg.sender, guardian);
        _;
    }

    // ---------------------------------------------------------------- guardian

    /// @notice Proposes `newGuardian`; the role moves only when it calls `acceptGuardian`.
    /// Proposing the zero address cancels a pending proposal.
    function transferGuardian(address newGuardian) external nonReentrant onlyGuardian {
        pendingGuardian = newGuardian;
        emit GuardianTransferStarted(msg.sender, newGuardian);
    }

    /// @notice Completes a guardian transfer; callable by the pending guardian only.
    function acceptGuardian() external nonReentrant {
        address pending = pendingGuardian;
        if (msg.sender != pending || pending == address(0)) revert NotPendingGuardian(msg.sender, pending);
        emit GuardianTransferred(guardian, pending);
        guardian = pending;
        pendingGuardian = address(0);
    }

    /// @notice Lists `token` as collateral with `params`; its subnet is read from the token now
    /// and fixed. A token cannot be delisted (disable it and set its LTV to 0 to wind it down).
    function listCollateral(address token, CollateralParams calldata params) external nonReentrant onlyGuardian {
        if (token == address(0)) revert ZeroAddress();
        if (_collaterals[token].listed) revert AlreadyListed(token);
        _checkParams(token, params);
        uint16 netuid = IAlphaCollateral(token).netuid();
        bytes32 hotkey = IAlphaCollateral(token).hotkey();
        if (_subnetTokens[netuid].length >= MAX_TOKENS_PER_SUBNET) {
            revert TooManySubnetTokens(netuid, MAX_TOKENS_PER_SUBNET);
        }
        _collaterals[token] = Collateral({listed: true, netuid: netuid, params: params});
        listedTokens.push(token);
        _subnetTokens[netuid].push(token);
        emit CollateralListed(token, netuid, hotkey, params);
    }

    /// @notice Replaces the parameters of listed `token`. Lowering the liquidation threshold can
    /// make existing positions liquidatable at once; that is the guardian's responsibility.
    function setCollateralParams(address token, CollateralParams calldata params) external nonReentrant onlyGuardian {
        if (!_collaterals[token].listed) revert NotListed(token);
        _checkParams(token, params);
        _collaterals[token].params = params;
        emit CollateralParamsUpdated(token, params);
    }

    /// @notice Sets the alpha cap of subnet `netuid` over the deposits of all its listed tokens
    /// (alpha-RAO; 0 refuses new deposits). Bounds the market's exposure to one pool, which
    /// matters most for a thin pool whose price a liquidation sale would move.
    function setSubnetCap(uint16 netuid, uint256 capAlpha) external nonReentrant onlyGuardian {
        subnetCapAlpha[netuid] = capAlpha;
        emit SubnetCapSet(netuid, capAlpha);
    }

    // ---------------------------------------------------------------- suppliers

    /// @notice Supplies `assets` WTAO (pulled from the caller, who must have approved it) and
    /// credits the shares to `receiver`.
    /// @return shares Shares minted, rounded down.
    function supply(uint256 assets, address receiver) external nonReentrant returns (uint256 shares) {
        if (assets == 0) revert ZeroAmount();
        if (receiver == address(0)) revert ZeroAddress();
        _accrue();
        shares = _toShares(assets, _totalAssets(), false);
        if (shares == 0) revert ZeroAmount();
        cash += assets;
        totalSupplyShares += shares;
        supplySharesOf[receiver] += shares;
        emit Supplied(msg.sender, receiver, assets, shares);
        _pull(address(asset), msg.sender, assets);
    }

    /// @notice Withdraws `assets` WTAO of the caller's supply to `receiver`, burning the shares
    /// it costs (rounded up). `type(uint256).max` withdraws everything the caller's shares are
    /// worth (rounded down). Limited by the pool's idle cash.
    /// @return shares Shares burned.
    function withdraw(uint256 assets, address receiver) external nonReentrant returns (uint256 shares) {
        if (receiver == address(0)) revert ZeroAddress();
        _accrue();
        uint256 owned = supplySharesOf[msg.sender];
        uint256 total = _totalAssets();
        if (assets == type(uint256).max) {
            shares = owned;
            assets = _toAssets(shares, total, false);
        } else {
            shares = _toShares(assets, total, true);
        }
        if (assets == 0) revert ZeroAmount();
        if (shares > owned) revert InsufficientShares(msg.sender, owned, shares);
        if (assets > cash) revert InsufficientLiquidity(cash, assets);
        supplySharesOf[msg.sender] = owned - shares;
        totalSupplyShares -= shares;
        cash -= assets;
        emit Withdrawn(msg.sender, receiver, assets, shares);
        _push(address(asset), receiver, assets);
    }

    // ---------------------------------------------------------------- borrowers

    /// @notice Deposits `shares` of listed, enabled collateral `token` (pulled from the caller,
    /// who must have approved it) into the caller's position. Credits what the market actually
    /// received. The deposits of `token` must stay within its alpha supply cap.
    function depositCollateral(address token, uint256 shares) external nonReentrant {
        if (shares == 0) revert ZeroAmount();
        Collateral storage c = _collaterals[token];
        if (!c.listed) revert NotListed(token);
        if (!c.params.enabled) revert CollateralDisabled(token);
        _accrue();
        uint256 before = IERC20Minimal(token).balanceOf(address(this));
        _pull(token, msg.sender, shares);
        uint256 received = IERC20Minimal(token).balanceOf(address(this)) - before;
        if (received == 0) revert ZeroAmount();
        uint256 totalAfter = totalCollateral[token] + received;
        uint256 alphaAfter = IAlphaCollateral(token).convertToAlpha(totalAfter);
        if (alphaAfter > c.params.supplyCapAlpha) revert SupplyCapExceeded(token, alphaAfter, c.params.supplyCapAlpha);
        _checkSubnetCap(c.netuid, token, totalAfter);
        uint256 had = collateralOf[msg.sender][token];
        if (had == 0) _addAccountToken(msg.sender, token);
        collateralOf[msg.sender][token] = had + received;
        totalCollateral[token] = totalAfter;
        emit CollateralDeposited(msg.sender, token, received);
    }

    /// @notice Withdraws `shares` of the caller's collateral `token` to `receiver`
    /// (`type(uint256).max`: all of it). With debt outstanding, the position must stay within
    /// its borrow limit afterwards (and every collateral must be priceable).
    function withdrawCollateral(address token, uint256 shares, address receiver) external nonReentrant {
        if (receiver == address(0)) revert ZeroAddress();
        _accrue();
        uint256 had = collateralOf[msg.sender][token];
        if (shares == type(uint256).max) shares = had;
        if (shares == 0) revert ZeroAmount();
        if (shares > had) revert InsufficientCollateral(msg.sender, token, had, shares);
        _removeCollateral(msg.sender, token, had, shares);
        _requireWithinBorrowLimit(msg.sender);
        emit CollateralWithdrawn(msg.sender, token, receiver, shares);
        _push(token, receiver, shares);
    }

    /// @notice Borrows `amount` WTAO to `receiver` against the caller's collateral. The debt
    /// afterwards must be within the borrow limit at the oracle price.
    function borrow(uint256 amount, address receiver) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        if (receiver == address(0)) revert ZeroAddress();
        _accrue();
        if (amount > cash) revert InsufficientLiquidity(cash, amount);
        uint256 scaled = _divUp(amount * RAY, borrowIndex);
        scaledDebtOf[msg.sender] += scaled;
        totalScaledDebt += scaled;
        cash -= amount;
        _requireWithinBorrowLimit(msg.sender);
        emit Borrowed(msg.sender, receiver, amount, scaled);
        _push(address(asset), receiver, amount);
    }

    /// @notice Repays up to `amount` WTAO of `borrower`'s debt from the caller (anyone may repay
    /// for anyone); `type(uint256).max` or any amount above the debt repays it all.
    /// @return repaid WTAO taken from the caller.
    function repay(uint256 amount, address borrower) external nonReentrant returns (uint256 repaid) {
        if (amount == 0) revert ZeroAmount();
        _accrue();
        uint256 debt = debtOf(borrower);
        if (debt == 0) revert NoDebt(borrower);
        repaid = amount < debt ? amount : debt;
        uint256 scaled = _reduceDebt(borrower, repaid, debt);
        emit Repaid(msg.sender, borrower, repaid, scaled);
        _pull(address(asset), msg.sender, repaid);
    }

    /// @notice Liquidates part of an unhealthy position (debt above its liquidation limit):
    /// the caller repays up to `repayAmount` (capped at the collateral's close factor of the
    /// debt, or the whole debt below `MIN_CLOSE_AMOUNT`) and receives `token` collateral worth
    /// repaid x (1 + bonus) at the oracle price. If the borrower's `token` collateral is worth
    /// less, all of it is seized and the repayment shrinks to match. If no collateral remains
    /// after the seizure, the rest of the debt is written off as bad debt. A tiny repayment may
    /// round to zero seized shares (the liquidator's loss); a worthless collateral may be
    /// seized for a zero repayment, which is how its bad debt gets written off.
    /// @return repaid WTAO taken from the caller.
    /// @return seized Collateral shares sent to the caller.
    function liquidate(address borrower, address token, uint256 repayAmount)
        external
        nonReentrant
        returns (uint256 repaid, uint256 seized)
    {
        if (borrower == msg.sender) revert SelfLiquidation(borrower);
        if (repayAmount == 0) revert ZeroAmount();
        Collateral storage c = _collaterals[token];
        if (!c.listed) revert NotListed(token);
        _accrue();
        uint256 had = collateralOf[borrower][token];
        if (had == 0) revert InsufficientCollateral(borrower, token, 0, 1);
        uint256 debt = debtOf(borrower);
        if (debt == 0) revert NoDebt(borrower);
        (, uint256 liquidationLimit) = _limits(borrower);
        if (debt <= liquidationLimit) revert PositionHealthy(borrower, debt, liquidationLimit);

        uint256 maxRepay = debt * c.params.closeFactorBps / BPS;
        if (maxRepay < MIN_CLOSE_AMOUNT) maxRepay = debt < MIN_CLOSE_AMOUNT ? debt : MIN_CLOSE_AMOUNT;
        repaid = repayAmount < maxRepay ? repayAmount : maxRepay;

        uint256 price = c.netuid.price();
        uint256 bonusFactor = BPS + c.params.liquidationBonusBps;
        uint256 seizeAlpha = AlphaOracle.alphaFor(repaid * bonusFactor / BPS, price);
        uint256 hadAlpha = IAlphaCollateral(token).convertToAlpha(had);
        if (seizeAlpha >= hadAlpha) {
            // The collateral does not cover repaid x (1 + bonus): take all of it, repay only
            // its value / (1 + bonus), rounded up (the pool's favour; still <= repaid).
            seized = had;
            repaid = _divUp(AlphaOracle.value(hadAlpha, price) * BPS, bonusFactor);
        } else {
            seized = seizeAlpha * had / hadAlpha;
        }

        if (repaid > 0) _reduceDebt(borrower, repaid, debt);
        _removeCollateral(borrower, token, had, seized);
        emit Liquidated(msg.sender, borrower, token, repaid, seized, price);
        if (_accountTokens[borrower].length == 0) _writeOffBadDebt(borrower);

        if (repaid > 0) _pull(address(asset), msg.sender, repaid);
        if (seized > 0) _push(token, msg.sender, seized);
    }

    /// @notice Accrues interest up to now (every state-changing function also does).
    function accrueInterest() external nonReentrant {
        _accrue();
    }

    // ---------------------------------------------------------------- views

    /// @notice The listing of `token`: whether listed, its subnet and its parameters.
    function collateral(address token) external view returns (Collateral memory) {
        return _collaterals[token];
    }

    /// @notice Number of listed collateral tokens.
    function listedTokenCount() external view returns (uint256) {
        return listedTokens.length;
    }

    /// @notice Collateral tokens `account` currently holds in the market.
    function accountTokens(address account) external view returns (address[] memory) {
        return _accountTokens[account];
    }

    /// @notice Borrow index including interest accrued since `lastAccrual` (RAY).
    function currentBorrowIndex() public view returns (uint256) {
        (uint256 index,,) = _pendingIndex();
        return index;
    }

    /// @notice `account`'s debt now, in wei, rounded up.
    function debtOf(address account) public view returns (uint256) {
        return _divUp(scaledDebtOf[account] * currentBorrowIndex(), RAY);
    }

    /// @notice Total debt of all borrowers now, rounded down (the pool's claim, valued
    /// conservatively).
    function totalDebt() public view returns (uint256) {
        return totalScaledDebt * currentBorrowIndex() / RAY;
    }

    /// @notice Assets backing the supply shares now: cash + total debt.
    function totalAssets() external view returns (uint256) {
        return _totalAssets();
    }

    /// @notice WTAO that `shares` supply shares redeem for now, rounded down (cash permitting).
    function previewRedeem(uint256 shares) external view returns (uint256) {
        return _toAssets(shares, _totalAssets(), false);
    }

    /// @notice WTAO `account`'s supply shares are worth now, rounded down.
    function suppliedBalanceOf(address account) external view returns (uint256) {
        return _toAssets(supplySharesOf[account], _totalAssets(), false);
    }

    /// @notice Utilisation of the pool now (WAD).
    function utilisation() public view returns (uint256) {
        return InterestRateModel.utilisation(cash, totalDebt());
    }

    /// @notice Borrow rate per year at the current utilisation (WAD).
    function borrowRatePerYear() external view returns (uint256) {
        return InterestRateModel.borrowRatePerYear(utilisation());
    }

    /// @notice Oracle value in wei of `shares` of listed `token`: convertToAlpha(shares) x
    /// min(spot, moving). Reverts for a cold or unpriced subnet.
    function collateralValue(address token, uint256 shares) public view returns (uint256) {
        Collateral storage c = _collaterals[token];
        if (!c.listed) revert NotListed(token);
        return _value(c.netuid, token, shares);
    }

    /// @notice `account`'s debt, borrow limit (sum of value x LTV) and liquidation limit (sum of
    /// value x threshold), in wei at the oracle price. Reverts if a collateral cannot be priced.
    function accountLiquidity(address account)
        external
        view
        returns (uint256 debt, uint256 borrowLimit, uint256 liquidationLimit)
    {
        debt = debtOf(account);
        (borrowLimit, liquidationLimit) = _limits(account);
    }

    /// @notice Whether `account` can be liquidated now (debt above its liquidation limit).
    function isLiquidatable(address account) external view returns (bool) {
        uint256 debt = debtOf(account);
        if (debt == 0) return false;
        (, uint256 liquidationLimit) = _limits(account);
        return debt > liquidationLimit;
    }

    // ---------------------------------------------------------------- internals

    function _checkParams(address token, CollateralParams calldata p) internal pure {
        if (p.liquidationThresholdBps >= BPS) revert InvalidParams(token, "threshold >= 100%");
        if (p.ltvBps >= p.liquidationThresholdBps) revert InvalidParams(token, "ltv >= threshold");
        if (p.closeFactorBps == 0 || p.closeFactorBps > BPS) revert InvalidParams(token, "close factor");
        if (p.liquidationBonusBps > MAX_LIQUIDATION_BONUS_BPS) revert InvalidParams(token, "bonus > max");
        // A liquidation of a position just past its threshold must improve it: the collateral
        // taken per unit repaid, threshold x (1 + bonus), must stay below one.
        if (uint256(p.liquidationThresholdBps) * (BPS + p.liquidationBonusBps) >= BPS * BPS) {
            revert InvalidParams(token, "threshold x (1 + bonus) >= 100%");
        }
    }

    /// @dev Index after accruing from `lastAccrual` to now; also the rate and elapsed seconds.
    function _pendingIndex() internal view returns (uint256 index, uint256 rate, uint256 elapsed) {
        index = borrowIndex;
        elapsed = block.timestamp - lastAccrual;
        if (elapsed == 0 || totalScaledDebt == 0) return (index, 0, elapsed);
        rate = InterestRateModel.borrowRatePerYear(InterestRateModel.utilisation(cash, totalScaledDebt * index / RAY));
        // Rounded up: debt grows by at least the rate.
        index += _divUp(index * rate * elapsed, InterestRateModel.WAD * InterestRateModel.SECONDS_PER_YEAR);
    }

    function _accrue() internal {
        (uint256 index, uint256 rate, uint256 elapsed) = _pendingIndex();
        if (elapsed == 0) return;
        uint256 oldIndex = borrowIndex;
        lastAccrual = block.timestamp;
        if (index == oldIndex) return;
        uint256 interest = totalScaledDebt * index / RAY - totalScaledDebt * oldIndex / RAY;
        borrowIndex = index;
        emit InterestAccrued(index, rate, interest, elapsed);
    }

    function _totalAssets() internal view returns (uint256) {
        return cash + totalDebt();
    }

    function _toShares(uint256 assets, uint256 total, bool up) internal view returns (uint256) {
        uint256 num = assets * (totalSupplyShares + VIRTUAL_SHARES);
        uint256 den = total + VIRTUAL_ASSETS;
        return up ? _divUp(num, den) : num / den;
    }

    function _toAssets(uint256 shares, uint256 total, bool up) internal view returns (uint256) {
        uint256 num = shares * (total + VIRTUAL_ASSETS);
        uint256 den = totalSupplyShares + VIRTUAL_SHARES;
        return up ? _divUp(num, den) : num / den;
    }

    /// @dev The alpha behind all deposits of subnet `netuid`'s tokens, with `token`'s total
    /// replaced by `tokenTotal`, must stay within the subnet's cap.
    function _checkSubnetCap(uint16 netuid, address token, uint256 tokenTotal) internal view {
        address[] storage tokens = _subnetTokens[netuid];
        uint256 n = tokens.length; // at most MAX_TOKENS_PER_SUBNET
        uint256 alpha;
        for (uint256 i; i < n; ++i) {
            address t = tokens[i];
            uint256 total = t == token ? tokenTotal : totalCollateral[t];
            if (total != 0) alpha += IAlphaCollateral(t).convertToAlpha(total);
        }
        uint256 cap = subnetCapAlpha[netuid];
        if (alpha > cap) revert SubnetCapExceeded(netuid, alpha, cap);
    }

    /// @notice Collateral tokens listed on subnet `netuid`.
    function subnetTokens(uint16 netuid) external view returns (address[] memory) {
        return _subnetTokens[netuid];
    }

    function _value(uint16 netuid, address token, uint256 shares) internal view returns (uint256) {
        if (shares == 0) return 0;
        return AlphaOracle.value(IAlphaCollateral(token).convertToAlpha(shares), netuid.price());
    }

    function _limits(address account) internal view returns (uint256 borrowLimit, uint256 liquidationLimit) {
        address[] storage tokens = _accountTokens[account];
        uint256 n = tokens.length; // at most MAX_COLLATERALS_PER_ACCOUNT
        for (uint256 i; i < n; ++i) {
            address token = tokens[i];
            Collateral storage c = _collaterals[token];
            uint256 v = _value(c.netuid, token, collateralOf[account][token]);
            borrowLimit += v * c.params.ltvBps / BPS;
            liquidationLimit += v * c.params.liquidationThresholdBps / BPS;
        }
    }

    function _requireWithinBorrowLimit(address account) internal view {
        if (scaledDebtOf[account] == 0) return;
        uint256 debt = debtOf(account);
        (uint256 borrowLimit,) = _limits(account);
        if (debt > borrowLimit) revert BorrowLimitExceeded(account, debt, borrowLimit);
    }

    /// @dev Removes `amount` (<= `debt`, the current debt) from `borrower`'s debt; the whole
    /// scaled debt when it pays all of it, else floor(amount / index). Adds it to cash.
    function _reduceDebt(address borrower, uint256 amount, uint256 debt) internal returns (uint256 scaled) {
        uint256 owed = scaledDebtOf[borrower];
        scaled = amount == debt ? owed : amount * RAY / borrowIndex;
        if (scaled > owed) scaled = owed;
        scaledDebtOf[borrower] = owed - scaled;
        totalScaledDebt -= scaled;
        cash += amount;
    }

    function _writeOffBadDebt(address borrower) internal {
        uint256 scaled = scaledDebtOf[borrower];
        if (scaled == 0) return;
        uint256 debt = debtOf(borrower);
        scaledDebtOf[borrower] = 0;
        totalScaledDebt -= scaled;
        emit BadDebtWrittenOff(borrower, debt, scaled);
    }

    function _removeCollateral(address account, address token, uint256 had, uint256 shares) internal {
        collateralOf[account][token] = had - shares;
        totalCollateral[token] -= shares;
        if (had == shares) _removeAccountToken(account, token);
    }

    function _addAccountToken(address account, address token) internal {
        address[] storage tokens = _accountTokens[account];
        if (tokens.length >= MAX_COLLATERALS_PER_ACCOUNT) {
            revert TooManyCollaterals(account, MAX_COLLATERALS_PER_ACCOUNT);
        }
        tokens.push(token);
    }

    function _removeAccountToken(address account, address token) internal {
        address[] storage tokens = _accountTokens[account];
        uint256 n = tokens.length;
        for (uint256 i; i < n; ++i) {
            if (tokens[i] == token) {
                tokens[i] = tokens[n - 1];
                tokens.pop();
                return;
            }
        }
    }

    function _pull(address token, address from, uint256 amount) internal {
        _call(
            token,
            abi.encodeCall(IERC20Minimal.transferFrom, (from, address(this), amount)),
            from,
            address(this),
            amount
        );
    }

    function _push(address token, address to, uint256 amount) internal {
        _call(token, abi.encodeCall(IERC20Minimal.transfer, (to, amount)), address(this), to, amount);
    }

    /// @dev Calls an ERC-20 transfer function; fails unless the call succeeds and returns
    /// nothing or `true`, and the token has code.
    function _call(address token, bytes memory data, address from, address to, uint256 amount) internal {
        (bool ok, bytes memory ret) = token.call(data);
        if (!ok || token.code.length == 0 || (ret.length != 0 && (ret.length != 32 || !abi.decode(ret, (bool))))) {
            revert TransferFailed(token, from, to, amount);
        }
    }

    function _divUp(uint256 a, uint256 b) internal pure returns (uint256) {
        return a == 0 ? 0 : (a - 1) / b + 1;
    }
}
