// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IStaking, ISTAKING_ADDRESS} from "interfaces/IStaking.sol";
import {IAlpha, IALPHA_ADDRESS} from "interfaces/IAlpha.sol";
import {IAddressMapping, IADDRESS_MAPPING_ADDRESS} from "interfaces/IAddressMapping.sol";
import {ShareToken} from "../token/ShareToken.sol";
import {TokenNames} from "../token/TokenNames.sol";
import {WTAO} from "../token/WTAO.sol";
import {IAlphaBacked} from "../alpha/IAlphaBacked.sol";

/// @title DelegationVault
/// @notice An ERC-4626 vault whose asset is WTAO and whose backing is alpha staked to one
/// hotkey on one subnet: deposits are unwrapped and staked through 0x805 `addStake`, redemptions
/// unstaked with `removeStake` and paid in WTAO. Shares are transferable ERC-20 tokens (with
/// permit). The stake earns the hotkey's validator dividends, so each share's alpha rises.
///
/// Units: assets (WTAO) are wei, 18 decimals; the precompile takes RAO (1 RAO = 10^9 wei).
/// Deposits must be whole RAO: an amount that is not a multiple of 10^9 wei reverts
/// (`NotWholeRao`) rather than leaving dust behind. Alpha is alpha-RAO (9 decimals), shares have
/// 15 (9 + the 10^6 virtual-share offset).
///
/// Share math (T = the vault's stake, S = totalSupply, V = VIRTUAL_SHARES): a deposit mints
/// `received * (S + V) / (T + 1)` for the stake delta measured around `addStake`, a share
/// redeems for `shares * (T + 1) / (S + V)` alpha (`convertToAlpha`, exact), the last holder
/// takes the whole stake; all rounding favours the vault.
///
/// Prices: `totalAssets`, `previewRedeem`, `previewDeposit`, ... are pool quotes (0x808
/// `simSwap*`), i.e. what a trade of that size would get right now: estimates, moved by anyone
/// trading in the pool. Slippage: the entry points with a caller bound (`deposit(assets,
/// receiver, minShares)`, `depositTao`, `redeem(shares, receiver, owner, minAssetsOut)`) check
/// only that bound. The plain ERC-4626 ones (`deposit`, `mint`, `withdraw`, `redeem`) check the
/// execution price against the subnet's moving (EMA) price, `getMovingAlphaPrice`, which one
/// block of trading cannot move much: the TAO value of what is received, at the EMA, must be at
/// least `1 - MAX_DEVIATION_BPS / 10^4` of what is given (`PriceDeviation` otherwise). A
/// sandwich can therefore take at most that fraction; large trades on thin pools revert there
/// and should use the guarded overloads.
///
/// @dev Trust: 0x805, 0x808, 0x80c and the WTAO contract given at creation. Not protected:
/// subnet dissolution (the chain sells the stake and pays TAO to the vault; shares then redeem
/// for nothing and the TAO stays in the vault), a hotkey swap (the stake follows the new hotkey,
/// this vault reads 0), the moving price lagging a real move (plain entry points revert until
/// it catches up), the chain's stake minimums (deposits and partial redeems below 0.002 TAO
/// revert) and its nominator minimum (a redeem that would leave the vault's position below it is
/// refused with `PositionChanged`; the last holder redeeming everything is not affected).
contract DelegationVault is ShareToken, IAlphaBacked {
    IStaking internal constant STAKING = IStaking(ISTAKING_ADDRESS);
    IAlpha internal constant ALPHA = IAlpha(IALPHA_ADDRESS);
    IAddressMapping internal constant MAPPING = IAddressMapping(IADDRESS_MAPPING_ADDRESS);

    /// @notice Virtual shares in the share price (and one virtual alpha-RAO), against the
    /// first-depositor inflation attack: a first deposit buying `a` alpha-RAO mints `a * 10^6`
    /// shares; an attacker who deposits first and donates `D` alpha to the vault's stake raises a
    /// share's price to about `D / (10^6 * a)` alpha-RAO, and a victim's deposit loses less than
    /// one share to rounding, so taking `L` alpha-RAO from a victim needs a donation of
    /// `L * 10^6 * a` (and the chain's minimum stake makes `a` at least about 2e6).
    uint256 public constant VIRTUAL_SHARES = 1e6;
    /// @notice Wei per RAO.
    uint256 public constant WEI_PER_RAO = 1e9;
    /// @notice Largest loss against the moving price the plain ERC-4626 functions accept: 5 %.
    uint256 public constant MAX_DEVIATION_BPS = 500;
    uint256 private constant BPS = 10_000;
    uint256 private constant MAX_U64 = type(uint64).max;

    /// @notice The factory that created this vault.
    address public immutable factory;
    /// @notice The asset, WTAO.
    WTAO public immutable wtao;
    /// @inheritdoc IAlphaBacked
    bytes32 public immutable hotkey;
    /// @inheritdoc IAlphaBacked
    uint16 public immutable netuid;
    /// @notice The vault's own coldkey: the twin of its address (0x80c).
    bytes32 public immutable coldkey;

    bool private transient locked;

    /// @notice ERC-4626: `sender` deposited `assets` wei and `owner` received `shares`.
    event Deposit(address indexed sender, address indexed owner, uint256 assets, uint256 shares);
    /// @notice ERC-4626: `shares` of `owner` were redeemed by `sender` for `assets` wei of WTAO
    /// sent to `receiver`.
    event Withdraw(
        address indexed sender, address indexed receiver, address indexed owner, uint256 assets, uint256 shares
    );

    /// @notice A zero amount was given.
    error ZeroAmount();
    /// @notice A wei amount that is not a whole number of RAO (a multiple of 10^9).
    error NotWholeRao(uint256 weiAmount);
    /// @notice Staking credited no alpha to the vault.
    error NothingReceived(uint256 taoRao);
    /// @notice The deposit is too small to mint a share.
    error ZeroShares(uint256 alpha);
    /// @notice The shares redeem for no alpha.
    error ZeroAlpha(uint256 shares);
    /// @notice Fewer shares than the caller's minimum.
    error SharesBelowMinimum(uint256 shares, uint256 minShares);
    /// @notice Fewer assets (wei) than the caller's minimum.
    error AssetsBelowMinimum(uint256 assets, uint256 minAssets);
    /// @notice The trade's value at the moving price (`valueRao`) is below the bound
    /// (`minValueRao`, RAO) the plain ERC-4626 functions accept.
    error PriceDeviation(uint256 valueRao, uint256 minValueRao);
    /// @notice The moving price reads 0: no reference to bound the trade with.
    error NoReferencePrice(uint16 netuid);
    /// @notice The stake left the position by `actual` alpha-RAO instead of `expected` (± 1 of
    /// share rounding): the chain sold a remainder below its nominator minimum with it.
    error PositionChanged(uint256 expected, uint256 actual);
    /// @notice `mint` would get fewer shares than asked for at the quoted price.
    error MintShortfall(uint256 shares, uint256 requested);
    /// @notice No amount the pool can take reaches `target` (alpha to buy or TAO to get, RAO).
    error Unreachable(uint256 target);
    /// @notice TAO arrived from someone other than WTAO.
    error UnexpectedSender(address sender);
    /// @notice A reentrant call.
    error Reentrancy();

    modifier nonReentrant() {
        if (locked) revert Reentrancy();
        locked = true;
        _;
        locked = false;
    }

    /// @param wtao_ The WTAO contract (the asset).
    /// @param hotkey_ The hotkey the stake is delegated to.
    /// @param netuid_ The subnet.
    constructor(address payable wtao_, bytes32 hotkey_, uint16 netuid_) {
        factory = msg.sender;
        wtao = WTAO(wtao_);
        hotkey = hotkey_;
        netuid = netuid_;
        coldkey = MAPPING.addressMapping(address(this));
    }

    /// @notice Takes the TAO of a WTAO `withdraw`; refuses any other sender.
    receive() external payable {
        if (msg.sender != address(wtao)) revert UnexpectedSender(msg.sender);
    }

    /// @notice "Delegation Vault SN<netuid> <first 4 bytes of the hotkey>".
    function name() public view override returns (string memory) {
        return string.concat("Delegation Vault SN", TokenNames.decimal(netuid), " ", TokenNames.hex4(hotkey));
    }

    /// @notice "dvTAO-<netuid>".
    function symbol() public view override returns (string memory) {
        return string.concat("dvTAO-", TokenNames.decimal(netuid));
    }

    /// @notice 15: alpha's 9 plus the 10^6 virtual-share offset.
    function decimals() public pure override returns (uint8) {
        return 15;
    }

    // ---------------------------------------------------------------- ERC-4626 views

    /// @notice The asset: WTAO.
    function asset() external view returns (address) {
        return address(wtao);
    }

    /// @notice Estimate, in wei: what selling the whole stake in the pool would pay now
    /// (`simSwapAlphaForTao`); 0 if the pool cannot quote it.
    function totalAssets() external view returns (uint256) {
        return _simSell(stakeHeld()) * WEI_PER_RAO;
    }

    /// @notice The stake this vault holds (alpha-RAO), from 0x805 `getStake`.
    function stakeHeld() public view returns (uint256) {
        return STAKING.getStake(hotkey, coldkey, netuid);
    }

    /// @inheritdoc IAlphaBacked
    function convertToAlpha(uint256 shares) public view returns (uint256) {
        uint256 supply = totalSupply;
        if (supply != 0 && shares == supply) return stakeHeld();
        return shares * (stakeHeld() + 1) / (supply + VIRTUAL_SHARES);
    }

    /// @notice Shares for `assets` wei at the spot price, without fees or price impact.
    function convertToShares(uint256 assets) external view returns (uint256) {
        uint256 price = ALPHA.getAlphaPrice(netuid);
        if (price == 0) return 0;
        return _sharesFor(assets * WEI_PER_RAO / price);
    }

    /// @notice Wei that `shares` are worth at the spot price, without fees or price impact.
    function convertToAssets(uint256 shares) external view returns (uint256) {
        return convertToAlpha(shares) * ALPHA.getAlphaPrice(netuid) / WEI_PER_RAO;
    }

    /// @notice No deposit limit of the vault's own (the chain's limits apply).
    function maxDeposit(address) external pure returns (uint256) {
        return type(uint256).max;
    }

    /// @notice No mint limit of the vault's own.
    function maxMint(address) external pure returns (uint256) {
        return type(uint256).max;
    }

    /// @notice What `owner` could withdraw now: the quote of all its shares.
    function maxWithdraw(address owner) external view returns (uint256) {
        return previewRedeem(balanceOf[owner]);
    }

    /// @notice What `owner` could redeem: all its shares.
    function maxRedeem(address owner) external view returns (uint256) {
        return balanceOf[owner];
    }

    /// @notice Shares `deposit(assets)` would mint now (pool quote of the stake, then the share
    /// math); 0 for an amount that is not whole RAO.
    function previewDeposit(uint256 assets) external view returns (uint256) {
        if (assets % WEI_PER_RAO != 0) return 0;
        return _sharesFor(_simBuy(assets / WEI_PER_RAO));
    }

    /// @notice Wei `mint(shares)` would take now: the least whole-RAO amount whose quote buys
    /// enough alpha.
    function previewMint(uint256 shares) public view returns (uint256) {
        uint256 alpha = _ceilDiv(shares * (stakeHeld() + 1), totalSupply + VIRTUAL_SHARES);
        return _minTaoFor(alpha) * WEI_PER_RAO;
    }

    /// @notice Shares `withdraw(assets)` would burn now: those of the least alpha whose sale
    /// quote pays `assets` (rounded up to whole RAO).
    function previewWithdraw(uint256 assets) public view returns (uint256) {
        (, uint256 shares) = _withdrawPlan(assets);
        return shares;
    }

    /// @notice Wei `redeem(shares)` would pay now (pool quote of the shares' alpha).
    function previewRedeem(uint256 shares) public view returns (uint256) {
        return _simSell(convertToAlpha(shares)) * WEI_PER_RAO;
    }

    // ---------------------------------------------------------------- deposits

    /// @notice ERC-4626 deposit: pulls `assets` wei of WTAO from the caller, stakes it and mints
    /// shares to `receiver` for the alpha received. Bounded by the moving price (see above).
    /// @return shares Shares minted.
    function deposit(uint256 assets, address receiver) external nonReentrant returns (uint256 shares) {
        _pull(assets);
        shares = _stakeAndMint(assets, receiver, 0, true);
    }

    /// @notice Deposit with the caller's own bound: reverts unless at least `minShares` are
    /// minted (no moving-price check).
    /// @return shares Shares minted.
    function deposit(uint256 assets, address receiver, uint256 minShares)
        external
        nonReentrant
        returns (uint256 shares)
    {
        _pull(assets);
        shares = _stakeAndMint(assets, receiver, minShares, false);
    }

    /// @notice Deposit of TAO itself (`msg.value`, whole RAO), skipping WTAO: reverts unless at
    /// least `minShares` are minted.
    /// @return shares Shares minted.
    function depositTao(address receiver, uint256 minShares) external payable nonReentrant returns (uint256 shares) {
        shares = _stakeAndMint(msg.value, receiver, minShares, false);
    }

    /// @notice ERC-4626 mint: pulls `previewMint(shares)` wei of WTAO, stakes it and mints
    /// exactly `shares` to `receiver` (alpha above what they redeem for stays with all holders).
    /// Bounded by the moving price.
    /// @return assets Wei taken.
    function mint(uint256 shares, address receiver) external nonReentrant returns (uint256 assets) {
        if (shares == 0) revert ZeroAmount();
        if (receiver == address(0)) revert InvalidReceiver(receiver);
        assets = previewMint(shares);
        _pull(assets);
        (uint256 received, uint256 minted) = _stake(assets);
        if (minted < shares) revert MintShortfall(minted, shares);
        _checkValue(received, assets / WEI_PER_RAO, true);
        _mint(receiver, shares);
        emit Deposit(msg.sender, receiver, assets, shares);
    }

    // ---------------------------------------------------------------- redemptions

    /// @notice ERC-4626 redeem: burns `shares` of `owner` (spending the caller's allowance
    /// unless it is the owner), unstakes their alpha and sends the TAO received, as WTAO, to
    /// `receiver`. Bounded by the moving price.
    /// @return assets Wei sent.
    function redeem(uint256 shares, address receiver, address owner) external nonReentrant returns (uint256 assets) {
        assets = _redeem(shares, convertToAlpha(shares), receiver, owner, 0, true);
    }

    /// @notice Redeem with the caller's own bound: reverts unless at least `minAssetsOut` wei
    /// are paid (no moving-price check).
    /// @return assets Wei sent.
    function redeem(uint256 shares, address receiver, address owner, uint256 minAssetsOut)
        external
        nonReentrant
        returns (uint256 assets)
    {
        assets = _redeem(shares, convertToAlpha(shares), receiver, owner, minAssetsOut, false);
    }

    /// @notice ERC-4626 withdraw: unstakes the least alpha whose quote pays `assets` wei, burns
    /// the shares of that alpha (rounded up) and sends all the TAO received, at least `assets`,
    /// as WTAO to `receiver`. Bounded by the moving price.
    /// @return shares Shares burned.
    function withdraw(uint256 assets, address receiver, address owner) external nonReentrant returns (uint256 shares) {
        uint256 alpha;
        (alpha, shares) = _withdrawPlan(assets);
        _redeem(shares, alpha, receiver, owner, assets, true);
    }

    // ---------------------------------------------------------------- internals

    function _pull(uint256 assets) private {
        if (assets == 0) revert ZeroAmount();
        // WTAO reverts instead of returning false.
        // forge-lint: disable-next-line(erc20-unchecked-transfer)
        wtao.transferFrom(msg.sender, address(this), assets);
        wtao.withdraw(assets);
    }

    /// Stakes `assets` wei (whole RAO) and returns the alpha received and the shares it is worth.
    function _stake(uint256 assets) private returns (uint256 received, uint256 shares) {
        if (assets == 0) revert ZeroAmount();
        if (assets % WEI_PER_RAO != 0) revert NotWholeRao(assets);
        uint256 supply = totalSupply;
        uint256 before = stakeHeld();
        STAKING.addStake(hotkey, assets / WEI_PER_RAO, netuid);
        received = stakeHeld() - before;
        if (received == 0) revert NothingReceived(assets / WEI_PER_RAO);
        shares = received * (supply + VIRTUAL_SHARES) / (before + 1);
        if (shares == 0) revert ZeroShares(received);
    }

    function _stakeAndMint(uint256 assets, address receiver, uint256 minShares, bool bounded)
        private
        returns (uint256 shares)
    {
        if (receiver == address(0)) revert InvalidReceiver(receiver);
        uint256 received;
        (received, shares) = _stake(assets);
        if (bounded) _checkValue(received, assets / WEI_PER_RAO, true);
        else if (shares < minShares) revert SharesBelowMinimum(shares, minShares);
        _mint(receiver, shares);
        emit Deposit(msg.sender, receiver, assets, shares);
    }

    function _redeem(uint256 shares, uint256 alpha, address receiver, address owner, uint256 minAssets, bool bounded)
        private
        returns (uint256 assets)
    {
        if (shares == 0) revert ZeroAmount();
        if (receiver == address(0)) revert InvalidReceiver(receiver);
        if (msg.sender != owner) _spendAllowance(owner, msg.sender, shares);
        uint256 stake = stakeHeld();
        if (shares == totalSupply) alpha = stake;
        if (alpha == 0) revert ZeroAlpha(shares);
        _burn(owner, shares);
        uint256 balanceBefore = address(this).balance;
        STAKING.removeStake(hotkey, alpha, netuid);
        // The chain keeps stake as shares of the hotkey's pool, so a position moves by `alpha`
        // give or take one alpha-RAO of rounding; more means the chain also sold a remainder
        // below its nominator minimum, which would pay this holder the others' stake.
        uint256 moved = stake - stakeHeld();
        if (moved > alpha + 1 || moved + 1 < alpha) revert PositionChanged(alpha, moved);
        assets = address(this).balance - balanceBefore;
        if (assets < minAssets) revert AssetsBelowMinimum(assets, minAssets);
        if (bounded) _checkValue(assets / WEI_PER_RAO, alpha, false);
        wtao.deposit{value: assets}();
        // WTAO reverts instead of returning false.
        // forge-lint: disable-next-line(erc20-unchecked-transfer)
        wtao.transfer(receiver, assets);
        emit Withdraw(msg.sender, receiver, owner, assets, shares);
    }

    /// Checks a trade against the moving price. Buy: `amountA` alpha received for `amountB`
    /// RAO; sell: `amountA` RAO received for `amountB` alpha. The value received at the moving
    /// price must reach `1 - MAX_DEVIATION_BPS` of the value given.
    function _checkValue(uint256 amountA, uint256 amountB, bool buy) private view {
        uint256 ema = ALPHA.getMovingAlphaPrice(netuid);
        if (ema == 0) revert NoReferencePrice(netuid);
        // Values in RAO: alpha * ema / 1e18.
        uint256 got = buy ? amountA * ema / 1e18 : amountA;
        uint256 gave = buy ? amountB : amountB * ema / 1e18;
        uint256 minValue = gave * (BPS - MAX_DEVIATION_BPS) / BPS;
        if (got < minValue) revert PriceDeviation(got, minValue);
    }

    function _withdrawPlan(uint256 assets) private view returns (uint256 alpha, uint256 shares) {
        if (assets == 0) revert ZeroAmount();
        uint256 rao = _ceilDiv(assets, WEI_PER_RAO);
        uint256 stake = stakeHeld();
        if (_simSell(stake) < rao) revert Unreachable(rao);
        // Least alpha in (lo, hi] whose sale quote reaches `rao`.
        uint256 lo = 0;
        uint256 hi = stake;
        while (hi - lo > 1) {
            uint256 mid = (lo + hi) / 2;
            if (_simSell(mid) >= rao) hi = mid;
            else lo = mid;
        }
        alpha = hi;
        uint256 supply = totalSupply;
        shares = _ceilDiv(alpha * (supply + VIRTUAL_SHARES), stake + 1);
        // The whole supply redeems for the whole stake (the last-holder rule), which covers any
        // alpha up to the stake: never ask for more shares than exist.
        if (shares > supply) shares = supply;
    }

    /// Least RAO whose buy quote reaches `alpha`.
    function _minTaoFor(uint256 alpha) private view returns (uint256) {
        if (alpha == 0) revert ZeroAmount();
        uint256 hi = 1;
        while (_simBuy(hi) < alpha) {
            if (hi == MAX_U64) revert Unreachable(alpha);
            hi = hi > MAX_U64 / 2 ? MAX_U64 : hi * 2;
        }
        uint256 lo = hi / 2;
        while (hi - lo > 1) {
            uint256 mid = (lo + hi) / 2;
            if (_simBuy(mid) >= alpha) hi = mid;
            else lo = mid;
        }
        return hi;
    }

    function _sharesFor(uint256 alpha) private view returns (uint256) {
        return alpha * (totalSupply + VIRTUAL_SHARES) / (stakeHeld() + 1);
    }

    function _simBuy(uint256 rao) private view returns (uint256) {
        if (rao == 0) return 0;
        try ALPHA.simSwapTaoForAlpha(netuid, uint64(rao > MAX_U64 ? MAX_U64 : rao)) returns (uint256 a) {
            return a;
        } catch {
            return 0;
        }
    }

    function _simSell(uint256 alpha) private view returns (uint256) {
        if (alpha == 0) return 0;
        try ALPHA.simSwapAlphaForTao(netuid, uint64(alpha > MAX_U64 ? MAX_U64 : alpha)) returns (uint256 t) {
            return t;
        } catch {
            return 0;
        }
    }

    function _ceilDiv(uint256 a, uint256 b) private pure returns (uint256) {
        return a == 0 ? 0 : (a - 1) / b + 1;
    }
}
