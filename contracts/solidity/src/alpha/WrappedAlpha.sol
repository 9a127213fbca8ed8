// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IStaking, ISTAKING_ADDRESS} from "interfaces/IStaking.sol";
import {IAddressMapping, IADDRESS_MAPPING_ADDRESS} from "interfaces/IAddressMapping.sol";
import {ShareToken} from "../token/ShareToken.sol";
import {TokenNames} from "../token/TokenNames.sol";
import {IAlphaBacked} from "./IAlphaBacked.sol";

/// @title WrappedAlpha
/// @notice An ERC-20 (EIP-2612 permit, 15 decimals) backed by alpha staked to one hotkey on one
/// subnet. The token holds the stake under its own coldkey (the twin of its address) and never
/// sells it: `wrap` pulls a holder's stake in with the 0x805 allowance, `unwrap` gives stake back
/// to a coldkey. Created by `WrappedAlphaFactory`, one per (hotkey, netuid).
///
/// Shares are non-rebasing: the stake grows with the hotkey's validator dividends, so the alpha
/// one share redeems for (`exchangeRate`, `convertToAlpha`) rises.
///
/// Share math (alpha-RAO `T` = the token's stake, `S` = totalSupply, `V` = VIRTUAL_SHARES):
/// - wrap:   shares = received * (S + V) / (T + 1), rounded down, where `received` is the stake
///   delta measured around `transferStakeFrom`, never the argument;
/// - unwrap: alpha  = shares * (T + 1) / (S + V), rounded down; the last holder (shares == S)
///   takes the whole stake, so no dust is left stranded in the position.
/// Both roundings favour the token, and `S <= T * V` holds throughout, so the outstanding shares
/// never redeem for more than the stake held.
///
/// @dev Trust: the 0x805 and 0x80c precompiles. Not protected: subnet dissolution (the stake is
/// sold by the chain and the TAO paid to this contract, where nothing can redeem it), transfers
/// disabled by the subnet owner (`wrap` and `unwrap` revert until re-enabled; the ERC-20 still
/// moves), a hotkey swap (the stake follows the new hotkey, `getStake` on the old one reads 0 and
/// `unwrap` reverts), the chain's minimum move (0.002 TAO at spot) below which wrap/unwrap revert.
contract WrappedAlpha is ShareToken, IAlphaBacked {
    IStaking internal constant STAKING = IStaking(ISTAKING_ADDRESS);
    IAddressMapping internal constant MAPPING = IAddressMapping(IADDRESS_MAPPING_ADDRESS);

    /// @notice Virtual shares (and one virtual alpha-RAO) in the share price, against the
    /// first-depositor inflation attack. A first wrap of `a` alpha-RAO mints `a * 10^6` shares
    /// (hence 15 decimals: one whole token is about one alpha at the start). An attacker who
    /// wraps `a` and then donates `D` to the token's stake raises a share's price to about
    /// `D / (10^6 * a)` alpha-RAO, and a victim's wrap loses less than one share to rounding: to
    /// take `L` alpha-RAO from a victim the attacker must lock `L * 10^6 * a` (the chain's minimum
    /// transfer, 0.002 TAO at spot, makes `a` at least about 2e6, so even `L = 1` needs ~2e12
    /// alpha-RAO per victim wrap). The donation is not lost either way: it accrues to the holders
    /// (the virtual shares' part to the last holder). A wrap that would mint zero shares reverts.
    uint256 public constant VIRTUAL_SHARES = 1e6;

    /// @notice The factory that created this token.
    address public immutable factory;
    /// @inheritdoc IAlphaBacked
    bytes32 public immutable hotkey;
    /// @inheritdoc IAlphaBacked
    uint16 public immutable netuid;
    /// @notice This token's own coldkey: the twin of its address (0x80c).
    bytes32 public immutable coldkey;

    bool private transient locked;

    /// @notice `account` wrapped `alpha` alpha-RAO of stake (as measured) into `shares`.
    event Wrapped(address indexed account, uint256 alpha, uint256 shares);
    /// @notice `account` burned `shares` and `alpha` alpha-RAO went to `destColdkey`.
    event Unwrapped(address indexed account, bytes32 indexed destColdkey, uint256 shares, uint256 alpha);

    /// @notice A zero amount was given.
    error ZeroAmount();
    /// @notice The transfer credited no stake to this token.
    error NothingReceived(uint256 requested);
    /// @notice The wrap is too small to mint a share at the current rate.
    error ZeroShares(uint256 alpha);
    /// @notice The unwrap is too small to redeem any alpha at the current rate.
    error ZeroAlpha(uint256 shares);
    /// @notice The stake left the position by `actual` alpha-RAO instead of `expected` (± 1 of
    /// share rounding): the chain sold a remainder below its nominator minimum with it.
    error PositionChanged(uint256 expected, uint256 actual);
    /// @notice A reentrant call.
    error Reentrancy();

    modifier nonReentrant() {
        if (locked) revert Reentrancy();
        locked = true;
        _;
        locked = false;
    }

    /// @param hotkey_ The hotkey the stake is delegated to.
    /// @param netuid_ The subnet.
    constructor(bytes32 hotkey_, uint16 netuid_) {
        factory = msg.sender;
        hotkey = hotkey_;
        netuid = netuid_;
        coldkey = MAPPING.addressMapping(address(this));
    }

    /// @notice "Wrapped Alpha SN<netuid> <first 4 bytes of the hotkey>".
    function name() public view override returns (string memory) {
        return string.concat("Wrapped Alpha SN", TokenNames.decimal(netuid), " ", TokenNames.hex4(hotkey));
    }

    /// @notice "wALPHA-<netuid>".
    function symbol() public view override returns (string memory) {
        return string.concat("wALPHA-", TokenNames.decimal(netuid));
    }

    /// @notice 15: alpha's 9 plus the 10^6 virtual-share offset.
    function decimals() public pure override returns (uint8) {
        return 15;
    }

    /// @notice Pulls `alphaAmount` alpha-RAO of the caller's stake (hotkey, netuid) into this
    /// token and mints shares for the stake actually received. The caller must first allow it:
    /// `IStaking(0x805).approve(address(this), netuid, alphaAmount)`.
    /// @return shares Shares minted to the caller.
    function wrap(uint256 alphaAmount) external nonReentrant returns (uint256 shares) {
        if (alphaAmount == 0) revert ZeroAmount();
        uint256 supply = totalSupply;
        uint256 before = stakeHeld();
        STAKING.transferStakeFrom(msg.sender, address(this), hotkey, netuid, netuid, alphaAmount);
        uint256 received = stakeHeld() - before;
        if (received == 0) revert NothingReceived(alphaAmount);
        shares = received * (supply + VIRTUAL_SHARES) / (before + 1);
        if (shares == 0) revert ZeroShares(received);
        _mint(msg.sender, shares);
        emit Wrapped(msg.sender, received, shares);
    }

    /// @notice Burns `shares` of the caller's and gives the alpha they redeem for back to the
    /// caller's coldkey (its twin), on the same hotkey and subnet.
    /// @return alpha Alpha-RAO transferred.
    function unwrap(uint256 shares) external returns (uint256 alpha) {
        return unwrapTo(shares, MAPPING.addressMapping(msg.sender));
    }

    /// @notice Burns `shares` of the caller's and gives the alpha they redeem for to
    /// `destColdkey` (any 32-byte account, e.g. a Substrate wallet), same hotkey and subnet.
    /// @return alpha Alpha-RAO transferred.
    function unwrapTo(uint256 shares, bytes32 destColdkey) public nonReentrant returns (uint256 alpha) {
        if (shares == 0) revert ZeroAmount();
        uint256 supply = totalSupply;
        uint256 stake = stakeHeld();
        alpha = shares == supply ? stake : shares * (stake + 1) / (supply + VIRTUAL_SHARES);
        if (alpha == 0) revert ZeroAlpha(shares);
        _burn(msg.sender, shares);
        STAKING.transferStake(destColdkey, hotkey, netuid, netuid, alpha);
        // The chain keeps stake as shares of the hotkey's pool, so a position moves by `alpha`
        // give or take one alpha-RAO of rounding; more means the chain also sold a remainder
        // below its nominator minimum, which would pay this holder the others' stake.
        uint256 moved = stake - stakeHeld();
        if (moved > alpha + 1 || moved + 1 < alpha) revert PositionChanged(alpha, moved);
        emit Unwrapped(msg.sender, destColdkey, shares, alpha);
    }

    /// @notice The stake this token holds (alpha-RAO), from 0x805 `getStake`.
    function stakeHeld() public view returns (uint256) {
        return STAKING.getStake(hotkey, coldkey, netuid);
    }

    /// @inheritdoc IAlphaBacked
    function convertToAlpha(uint256 shares) public view returns (uint256) {
        uint256 supply = totalSupply;
        if (supply != 0 && shares == supply) return stakeHeld();
        return shares * (stakeHeld() + 1) / (supply + VIRTUAL_SHARES);
    }

    /// @notice Shares that `alpha` alpha-RAO would mint now, rounded down.
    function convertToShares(uint256 alpha) external view returns (uint256) {
        return alpha * (totalSupply + VIRTUAL_SHARES) / (stakeHeld() + 1);
    }

    /// @notice Alpha-RAO per 10^15 shares (one whole token), rounded down: 10^9 (one alpha) at
    /// the start, rising with dividends.
    function exchangeRate() external view returns (uint256) {
        return 1e15 * (stakeHeld() + 1) / (totalSupply + VIRTUAL_SHARES);
    }
}
