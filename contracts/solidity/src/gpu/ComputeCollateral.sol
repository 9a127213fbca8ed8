// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IMetagraph, IMETAGRAPH_ADDRESS} from "interfaces/IMetagraph.sol";
import {IAddressMapping, IADDRESS_MAPPING_ADDRESS} from "interfaces/IAddressMapping.sol";

/// @title ComputeCollateral
/// @notice TAO collateral of the miners of one verifiable-compute subnet (the gpu-worker
/// subnet). Miners deposit TAO; a validator holding a validator permit on the subnet slashes a
/// miner it caught cheating (a failed Freivalds check or a failed Merkle opening), naming the
/// task, the root the miner signed and the hash of the evidence; miners take their collateral
/// back after a reclaim delay, minus whatever was slashed in between.
/// @dev One deployment per subnet, by the subnet owner; no owner powers after deployment, no
/// upgradeability. Amounts are wei of the EVM balance (10^18 per TAO), integers throughout.
///
/// * Keys: collateral is keyed by the depositing EVM account. On taochain a miner's hotkey is
///   its EVM account's 32-byte twin `blake2b-256("evm:" ‖ address)` (read from 0x80c), so the
///   account *is* the hotkey: nobody can deposit for, or reclaim, another miner's collateral.
/// * Who slashes: the caller names its uid (`validatorUid`); the contract checks on 0x802 that
///   the uid's hotkey is the caller's twin and that the uid holds a validator permit. Three
///   precompile reads, independent of the subnet's size (a search over every uid would cost
///   up to 256 reads; 0x806 only knows explicitly associated EVM keys, not hotkey twins).
/// * Bound per round: within one window of `windowBlocks` blocks (set it to the subnet's
///   epoch length, tempo + 1), one validator takes at most `maxSlashBps`/10000 of the
///   collateral the miner held at that validator's first slash of the window. One task can be
///   the ground of one slash only (`taskSeed` per miner), whoever submits it.
/// * Where slashed TAO goes: to `BURN` (0x…dEaD, an account with no known key), not to the
///   subnet owner nor to the validator. Whoever receives slashed TAO has a motive to slash;
///   the owner and validators are often the same people. Burning leaves the miner's loss as the
///   deterrent and gives nobody a gain from a slash, honest or not.
/// * Reclaim: `requestReclaim(amount)` starts a delay of `reclaimDelay` blocks; the amount
///   stays slashable. A slash takes from the pending reclaim first, so a slash during the
///   delay reduces what `withdraw` pays.
/// * Invariant: `address(this).balance == totalCollateral` (TAO forced in with SELFDESTRUCT
///   aside: there is no `receive`, plain transfers revert).
contract ComputeCollateral {
    /// @notice A miner's collateral and its reclaim request.
    struct Account {
        /// @notice Collateral held, pending reclaim included (wei).
        uint256 collateral;
        /// @notice Part of `collateral` requested back (wei; 0: no request).
        uint256 pending;
        /// @notice First block at which `pending` can be withdrawn.
        uint64 unlockBlock;
    }

    /// @notice One validator's slashing of one miner within the current window.
    struct SlashWindow {
        /// @notice The window (`block.number / windowBlocks`) the numbers are for.
        uint64 index;
        /// @notice The miner's collateral at the validator's first slash of the window.
        uint256 base;
        /// @notice Slashed by this validator in this window (wei).
        uint256 slashed;
    }

    /// @notice Where slashed TAO goes (burned: nobody holds the key of 0x…dEaD).
    address public constant BURN = 0x000000000000000000000000000000000000dEaD;
    /// @notice Basis points of a whole.
    uint256 public constant BPS = 10_000;

    /// @notice The subnet whose validators may slash.
    uint16 public immutable netuid;
    /// @notice Blocks between a reclaim request and its withdrawal.
    uint64 public immutable reclaimDelay;
    /// @notice Length of a slashing window in blocks.
    uint64 public immutable windowBlocks;
    /// @notice Most one validator slashes one miner per window, in basis points of the base.
    uint16 public immutable maxSlashBps;

    /// @notice Sum of every account's collateral (equals the contract's balance).
    uint256 public totalCollateral;

    mapping(address miner => Account) private _accounts;
    mapping(address miner => mapping(address validator => SlashWindow)) private _windows;
    mapping(bytes32 key => bool) private _slashedTasks;
    uint256 private _lock = 1;

    /// @notice A constructor parameter is out of range.
    error InvalidParameter(string name, uint256 value);
    /// @notice An amount of zero.
    error ZeroAmount();
    /// @notice More requested than the miner's collateral holds.
    error InsufficientCollateral(uint256 requested, uint256 available);
    /// @notice `withdraw` or `cancelReclaim` without a reclaim request.
    error NoReclaimPending(address miner);
    /// @notice `withdraw` before the unlock block.
    error ReclaimLocked(uint64 unlockBlock, uint64 currentBlock);
    /// @notice The uid's hotkey is not the caller's twin.
    error NotCallerUid(uint16 uid, bytes32 uidHotkey, bytes32 callerHotkey);
    /// @notice The uid holds no validator permit on the subnet.
    error NoValidatorPermit(uint16 uid);
    /// @notice A validator named itself as the miner.
    error SelfSlash(address validator);
    /// @notice The task was already the ground of a slash of this miner.
    error TaskAlreadySlashed(address miner, bytes32 taskSeed);
    /// @notice The slash exceeds what this validator may still take in this window.
    error SlashLimitExceeded(uint256 requested, uint256 remaining);
    /// @notice Sending TAO failed.
    error TransferFailed(address to, uint256 amount);
    /// @notice A guarded function was re-entered.
    error Reentrancy();

    /// @notice `miner` (hotkey `hotkey`) deposited `amount`; it now holds `collateral`.
    event Deposited(address indexed miner, bytes32 indexed hotkey, uint256 amount, uint256 collateral);
    /// @notice `miner` asked for `amount` back, withdrawable from `unlockBlock`.
    event ReclaimRequested(address indexed miner, uint256 amount, uint64 unlockBlock);
    /// @notice `miner` withdrew its request of `amount`.
    event ReclaimCancelled(address indexed miner, uint256 amount);
    /// @notice `miner` withdrew `amount`; `collateral` remains.
    event Withdrawn(address indexed miner, uint256 amount, uint256 collateral);
    /// @notice `validator` (uid `validatorUid`) slashed `amount` of `miner`'s collateral for the
    /// task `taskSeed`, to which the miner had signed `signedRoot`; `evidenceHash` is the
    /// keccak-256 of the failed opening or mismatching data; `collateral` remains; the TAO went
    /// to `BURN`.
    event Slashed(
        address indexed miner,
        address indexed validator,
        bytes32 indexed taskSeed,
        uint16 validatorUid,
        bytes32 signedRoot,
        bytes32 evidenceHash,
        uint256 amount,
        uint256 collateral
    );

    modifier nonReentrant() {
        if (_lock != 1) revert Reentrancy();
        _lock = 2;
        _;
        _lock = 1;
    }

    /// @notice Deploys the collateral of subnet `netuid_`.
    /// @param netuid_ The subnet whose permit holders may slash.
    /// @param reclaimDelay_ Blocks between `requestReclaim` and `withdraw` (at least 1).
    /// @param windowBlocks_ Length of a slashing window in blocks (at least 1; use tempo + 1).
    /// @param maxSlashBps_ Most one validator slashes one miner per window, in basis points
    /// (1..=10000).
    constructor(uint16 netuid_, uint64 reclaimDelay_, uint64 windowBlocks_, uint16 maxSlashBps_) {
        if (reclaimDelay_ == 0) revert InvalidParameter("reclaimDelay", reclaimDelay_);
        if (windowBlocks_ == 0) revert InvalidParameter("windowBlocks", windowBlocks_);
        if (maxSlashBps_ == 0 || maxSlashBps_ > BPS) revert InvalidParameter("maxSlashBps", maxSlashBps_);
        netuid = netuid_;
        reclaimDelay = reclaimDelay_;
        windowBlocks = windowBlocks_;
        maxSlashBps = maxSlashBps_;
    }

    // ------------------------------------------------------------------ miners

    /// @notice Adds `msg.value` to the caller's collateral (the caller's twin is its hotkey).
    /// @dev Reverts with `ZeroAmount` when nothing is sent. Emits `Deposited`.
    function deposit() external payable nonReentrant {
        if (msg.value == 0) revert ZeroAmount();
        Account storage a = _accounts[msg.sender];
        a.collateral += msg.value;
        totalCollateral += msg.value;
        emit Deposited(msg.sender, hotkeyOf(msg.sender), msg.value, a.collateral);
    }

    /// @notice Asks for `amount` of the caller's collateral back, withdrawable after
    /// `reclaimDelay` blocks. Replaces an earlier request and restarts the delay.
    /// @param amount Wei to reclaim (at most the collateral).
    /// @dev Reverts with `ZeroAmount` or `InsufficientCollateral`. Emits `ReclaimRequested`.
    function requestReclaim(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        Account storage a = _accounts[msg.sender];
        if (amount > a.collateral) revert InsufficientCollateral(amount, a.collateral);
        uint64 unlock = uint64(block.number) + reclaimDelay;
        a.pending = amount;
        a.unlockBlock = unlock;
        emit ReclaimRequested(msg.sender, amount, unlock);
    }

    /// @notice Drops the caller's reclaim request; the amount stays collateral.
    /// @dev Reverts with `NoReclaimPending`. Emits `ReclaimCancelled`.
    function cancelReclaim() external nonReentrant {
        Account storage a = _accounts[msg.sender];
        uint256 pending = a.pending;
        if (pending == 0) revert NoReclaimPending(msg.sender);
        a.pending = 0;
        a.unlockBlock = 0;
        emit ReclaimCancelled(msg.sender, pending);
    }

    /// @notice Pays the caller its reclaim request, less what was slashed since the request.
    /// @return amount The wei sent to the caller.
    /// @dev Reverts with `NoReclaimPending` (nothing requested, or all of it slashed),
    /// `ReclaimLocked` before the unlock block, `TransferFailed`. Emits `Withdrawn`.
    function withdraw() external nonReentrant returns (uint256 amount) {
        Account storage a = _accounts[msg.sender];
        amount = a.pending;
        if (amount == 0) revert NoReclaimPending(msg.sender);
        if (block.number < a.unlockBlock) revert ReclaimLocked(a.unlockBlock, uint64(block.number));
        a.pending = 0;
        a.unlockBlock = 0;
        a.collateral -= amount;
        totalCollateral -= amount;
        emit Withdrawn(msg.sender, amount, a.collateral);
        _send(msg.sender, amount);
    }

    // ------------------------------------------------------------------ validators

    /// @notice Slashes `amount` of `miner`'s collateral for a task it was caught cheating on.
    /// The TAO is burned (sent to `BURN`).
    /// @param miner The miner's EVM account (recovered from its signed commitment).
    /// @param validatorUid The caller's uid on the subnet (its hotkey must be the caller's twin
    /// and hold a validator permit).
    /// @param taskSeed The task's seed (one slash per miner and task).
    /// @param signedRoot The Merkle root the miner signed for the task.
    /// @param evidenceHash keccak-256 of the failed opening or of the mismatching data.
    /// @param amount Wei to slash (at most `slashable(miner, msg.sender)`).
    /// @dev Reverts with `ZeroAmount`, `SelfSlash`, `NotCallerUid`, `NoValidatorPermit`,
    /// `TaskAlreadySlashed`, `InsufficientCollateral`, `SlashLimitExceeded`, `TransferFailed`.
    /// Emits `Slashed`.
    function slash(
        address miner,
        uint16 validatorUid,
        bytes32 taskSeed,
        bytes32 signedRoot,
        bytes32 evidenceHash,
        uint256 amount
    ) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        if (miner == msg.sender) revert SelfSlash(msg.sender);
        _checkValidator(validatorUid);
        bytes32 key = keccak256(abi.encode(miner, taskSeed));
        if (_slashedTasks[key]) revert TaskAlreadySlashed(miner, taskSeed);
        Account storage a = _accounts[miner];
        if (amount > a.collateral) revert InsufficientCollateral(amount, a.collateral);
        SlashWindow storage w = _window(miner, msg.sender);
        uint256 remaining = _remaining(w);
        if (amount > remaining) revert SlashLimitExceeded(amount, remaining);
        w.slashed += amount;
        _slashedTasks[key] = true;
        a.collateral -= amount;
        a.pending -= amount < a.pending ? amount : a.pending;
        if (a.pending == 0) a.unlockBlock = 0;
        totalCollateral -= amount;
        emit Slashed(miner, msg.sender, taskSeed, validatorUid, signedRoot, evidenceHash, amount, a.collateral);
        _send(BURN, amount);
    }

    // ------------------------------------------------------------------ views

    /// @notice `miner`'s collateral, pending reclaim and unlock block.
    /// @param miner The miner's EVM account.
    /// @return collateral Wei held (pending reclaim included).
    /// @return pending Wei requested back (0: none).
    /// @return unlockBlock First block `withdraw` pays the request (0: none).
    function accountOf(address miner) external view returns (uint256 collateral, uint256 pending, uint64 unlockBlock) {
        Account storage a = _accounts[miner];
        return (a.collateral, a.pending, a.unlockBlock);
    }

    /// @notice `miner`'s collateral (pending reclaim included).
    /// @param miner The miner's EVM account.
    /// @return The wei held.
    function collateralOf(address miner) external view returns (uint256) {
        return _accounts[miner].collateral;
    }

    /// @notice How much `validator` may still slash of `miner` in the current window.
    /// @param miner The miner's EVM account.
    /// @param validator The validator's EVM account.
    /// @return The wei (0 when the window's share is used up or the miner holds nothing).
    function slashable(address miner, address validator) external view returns (uint256) {
        uint256 collateral = _accounts[miner].collateral;
        SlashWindow storage w = _windows[miner][validator];
        uint256 remaining = w.index == _windowIndex() && w.base != 0 ? _remaining(w) : (collateral * maxSlashBps) / BPS;
        return remaining < collateral ? remaining : collateral;
    }

    /// @notice Whether `miner` was already slashed for the task `taskSeed`.
    /// @param miner The miner's EVM account.
    /// @param taskSeed The task's seed.
    /// @return True when a slash named this task.
    function taskSlashed(address miner, bytes32 taskSeed) external view returns (bool) {
        return _slashedTasks[keccak256(abi.encode(miner, taskSeed))];
    }

    /// @notice The 32-byte id (hotkey / coldkey) of `account`, read from 0x80c.
    /// @param account An EVM account.
    /// @return Its twin `blake2b-256("evm:" ‖ account)`.
    function hotkeyOf(address account) public view returns (bytes32) {
        return IAddressMapping(IADDRESS_MAPPING_ADDRESS).addressMapping(account);
    }

    // ------------------------------------------------------------------ internals

    function _checkValidator(uint16 uid) private view {
        IMetagraph metagraph = IMetagraph(IMETAGRAPH_ADDRESS);
        bytes32 uidHotkey = metagraph.getHotkey(netuid, uid);
        bytes32 caller = hotkeyOf(msg.sender);
        if (uidHotkey != caller) revert NotCallerUid(uid, uidHotkey, caller);
        if (!metagraph.getValidatorStatus(netuid, uid)) revert NoValidatorPermit(uid);
    }

    function _windowIndex() private view returns (uint64) {
        return uint64(block.number / windowBlocks);
    }

    /// The (miner, validator) window, restarted with the miner's current collateral as base
    /// when the window changed.
    function _window(address miner, address validator) private returns (SlashWindow storage w) {
        w = _windows[miner][validator];
        uint64 index = _windowIndex();
        if (w.index != index || w.base == 0) {
            w.index = index;
            w.base = _accounts[miner].collateral;
            w.slashed = 0;
        }
    }

    function _remaining(SlashWindow storage w) private view returns (uint256) {
        uint256 cap = (w.base * maxSlashBps) / BPS;
        return cap > w.slashed ? cap - w.slashed : 0;
    }

    function _send(address to, uint256 amount) private {
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert TransferFailed(to, amount);
    }
}
