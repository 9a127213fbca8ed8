// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IAddressMapping, IADDRESS_MAPPING_ADDRESS} from "interfaces/IAddressMapping.sol";

/// @title MockStaking
/// @notice A stand-in for the 0x805 staking V2 precompile in Foundry tests: per-(hotkey,
/// coldkey, netuid) stake, a constant-product TAO/alpha pool per netuid with an input fee, the
/// allowance pair, and knobs to simulate what the chain does (dividends, disabled transfers, the
/// minimum stake, the nominator minimum).
///
/// Install: deploy it, `vm.etch(0x…0805, address(mock).code)`, then configure through the 0x805
/// address (`MockStaking(0x…0805).createSubnet(...)`): the constructor does not run at the
/// etched address, so everything lives in storage set by calls. Needs `MockAddressMapping` (or
/// any 0x80c) etched too: coldkeys are `addressMapping(msg.sender)` as on the chain.
///
/// Balances: a mock cannot take value out of its caller, and `vm.deal` is not rolled back when
/// the calling frame reverts (a later journal revert then corrupts the balance), so the mock
/// *locks* the TAO a stake spends: `freeBalance(account) = balance - locked` is what the chain
/// would show as the account's balance, and the staked wei stays in the EVM balance. TAO paid
/// out (unstakes, forced sales) is real: the mock's own reserve (funded at install) sends it with
/// a self-destructing payer, which moves value without running the recipient's code, as the
/// chain's credit does. Both are journaled, so a reverted frame undoes them.
///
/// Semantics (a simplified chain):
/// - `addStake(hotkey, rao, netuid)`: locks `rao * 1e9` wei of the caller's free balance; the fee
///   (`feePpm` of the input) stays in the pool's TAO reserve; alpha out = alphaIn * net /
///   (taoIn + net). Refuses less than `minStake` RAO ("AmountTooLow"), unknown hotkeys
///   ("HotKeyAccountNotExists") and subnets ("SubnetNotExists"), a free balance below the amount
///   ("InsufficientBalance").
/// - `removeStake(hotkey, alpha, netuid)`: TAO out = taoIn * alpha / (alphaIn + alpha) minus the
///   fee, paid to the caller. A partial unstake paying below `minStake` reverts ("AmountTooLow").
///   A non-owner position left below `nominatorMin` (RAO at spot) is sold too, as the chain does.
/// - `transferStake` / `transferStakeFrom`: same netuid only (the mock does not move alpha across
///   subnets), value at spot at least `minStake`, "TransferDisallowed" when disabled; the
///   allowance is always decremented (`type(uint256).max` included), as on the chain.
/// - `distribute(hotkey, netuid, coldkey, alpha)`: credits stake out of thin air (dividends).
/// Reverts are `Error(string)` with the chain's error name.
/// Pays its value to `to` without running `to`'s code (SELFDESTRUCT in its constructor).
contract Payer {
    constructor(address payable to) payable {
        selfdestruct(to);
    }
}

contract MockStaking {
    uint256 private constant WEI_PER_RAO = 1e9;

    struct Pool {
        bool exists;
        bool transfersDisabled;
        uint256 tao;
        uint256 alpha;
        uint256 feePpm;
    }

    /// @notice Pool of each netuid.
    mapping(uint256 => Pool) public pools;
    /// @notice Owner coldkey of each registered hotkey (0: not registered).
    mapping(bytes32 => bytes32) public hotkeyOwner;
    mapping(bytes32 => mapping(bytes32 => mapping(uint256 => uint256))) private stakes;
    mapping(bytes32 => mapping(uint256 => uint256)) private hotkeyTotals;
    mapping(address => mapping(address => mapping(uint256 => uint256))) private allowances;
    /// @notice Minimum stake / unstake / transfer, RAO (the chain's is 2,000,000).
    uint256 public minStake;
    /// @notice Nominator minimum, RAO at spot (the chain's default here is 0: off).
    uint256 public nominatorMin;
    /// @notice Wei of each account's EVM balance spent on stake (see the balance note above).
    mapping(address => uint256) public locked;

    /// @notice The balance the chain would show: EVM balance minus the wei locked in stake.
    function freeBalance(address account) public view returns (uint256) {
        return account.balance - locked[account];
    }

    // ------------------------------------------------------------ configuration (tests)

    /// @notice Creates (or resets the reserves of) the pool of `netuid`.
    function createSubnet(uint256 netuid, uint256 taoReserve, uint256 alphaReserve) external {
        Pool storage p = pools[netuid];
        p.exists = true;
        p.tao = taoReserve;
        p.alpha = alphaReserve;
    }

    /// @notice Sets the pool fee of `netuid`, parts per million of the input.
    function setFee(uint256 netuid, uint256 feePpm) external {
        pools[netuid].feePpm = feePpm;
    }

    /// @notice Enables or disables stake transfers on `netuid`.
    function setTransfersDisabled(uint256 netuid, bool disabled) external {
        pools[netuid].transfersDisabled = disabled;
    }

    /// @notice Sets the minimum stake operation (RAO).
    function setMinStake(uint256 rao) external {
        minStake = rao;
    }

    /// @notice Sets the nominator minimum (RAO at spot).
    function setNominatorMin(uint256 rao) external {
        nominatorMin = rao;
    }

    /// @notice Registers `hotkey` with owner `ownerColdkey`.
    function registerHotkey(bytes32 hotkey, bytes32 ownerColdkey) external {
        hotkeyOwner[hotkey] = ownerColdkey;
    }

    /// @notice Credits `alpha` stake to (`hotkey`, `coldkey`, `netuid`): validator dividends.
    function distribute(bytes32 hotkey, uint256 netuid, bytes32 coldkey, uint256 alpha) external {
        _credit(hotkey, coldkey, netuid, alpha);
    }

    /// @notice Removes `alpha` from (`hotkey`, `coldkey`, `netuid`) without paying anyone: what a
    /// holder sees when its stake leaves the position behind its back (a hotkey swap moving it
    /// to another hotkey, a subnet dissolution).
    function takeStake(bytes32 hotkey, uint256 netuid, bytes32 coldkey, uint256 alpha) external {
        _debit(hotkey, coldkey, netuid, alpha);
    }

    // ------------------------------------------------------------ quotes (read by MockAlpha)

    /// @notice Alpha that staking `rao` would buy now (after the fee).
    function quoteBuy(uint256 netuid, uint256 rao) public view returns (uint256) {
        Pool storage p = pools[netuid];
        uint256 net = rao - rao * p.feePpm / 1e6;
        if (p.tao + net == 0) return 0;
        return p.alpha * net / (p.tao + net);
    }

    /// @notice RAO that unstaking `alpha` would pay now (after the fee).
    function quoteSell(uint256 netuid, uint256 alpha) public view returns (uint256) {
        Pool storage p = pools[netuid];
        if (p.alpha + alpha == 0) return 0;
        uint256 gross = p.tao * alpha / (p.alpha + alpha);
        return gross - gross * p.feePpm / 1e6;
    }

    /// @notice RAO value of `alpha` at the spot price (floored).
    function spotValue(uint256 netuid, uint256 alpha) public view returns (uint256) {
        Pool storage p = pools[netuid];
        return p.alpha == 0 ? 0 : alpha * p.tao / p.alpha;
    }

    // ------------------------------------------------------------ 0x805 functions

    /// @notice 0x805 addStake: stakes `amountRao` of the caller's balance.
    function addStake(bytes32 hotkey, uint256 amountRao, uint256 netuid) external payable {
        Pool storage p = _pool(netuid);
        if (hotkeyOwner[hotkey] == bytes32(0)) revert("HotKeyAccountNotExists");
        if (amountRao < minStake || amountRao == 0) revert("AmountTooLow");
        uint256 cost = amountRao * WEI_PER_RAO;
        if (freeBalance(msg.sender) < cost) revert("InsufficientBalance");
        uint256 out = quoteBuy(netuid, amountRao);
        locked[msg.sender] += cost;
        p.tao += amountRao;
        p.alpha -= out;
        _credit(hotkey, _me(), netuid, out);
    }

    /// @notice 0x805 removeStake: unstakes `amountAlpha`, paying TAO to the caller's balance.
    function removeStake(bytes32 hotkey, uint256 amountAlpha, uint256 netuid) external payable {
        Pool storage p = _pool(netuid);
        bytes32 ck = _me();
        uint256 have = stakes[hotkey][ck][netuid];
        if (amountAlpha == 0) revert("AmountTooLow");
        if (have < amountAlpha) revert("NotEnoughStakeToWithdraw");
        uint256 tao = _sell(p, netuid, amountAlpha);
        if (amountAlpha < have && tao < minStake) revert("AmountTooLow");
        _debit(hotkey, ck, netuid, amountAlpha);
        tao += _clearSmall(hotkey, ck, netuid);
        _pay(msg.sender, tao);
    }

    /// @notice 0x805 transferStake: gives `amountAlpha` of the caller's stake to `destColdkey`.
    function transferStake(
        bytes32 destColdkey,
        bytes32 hotkey,
        uint256 originNetuid,
        uint256 destNetuid,
        uint256 amountAlpha
    ) external payable {
        _move(_me(), destColdkey, msg.sender, hotkey, originNetuid, destNetuid, amountAlpha);
    }

    /// @notice 0x805 transferStakeFrom: moves `source`'s stake to `dest`, spending the allowance
    /// `source` gave the caller on `originNetuid`.
    function transferStakeFrom(
        address source,
        address dest,
        bytes32 hotkey,
        uint256 originNetuid,
        uint256 destNetuid,
        uint256 amountAlpha
    ) external {
        uint256 allowed = allowances[source][msg.sender][originNetuid];
        if (allowed < amountAlpha) revert("InsufficientAllowance");
        bytes32 from = IAddressMapping(IADDRESS_MAPPING_ADDRESS).addressMapping(source);
        bytes32 to = IAddressMapping(IADDRESS_MAPPING_ADDRESS).addressMapping(dest);
        _move(from, to, source, hotkey, originNetuid, destNetuid, amountAlpha);
        allowances[source][msg.sender][originNetuid] = allowed - amountAlpha;
    }

    /// @notice 0x805 approve.
    function approve(address spender, uint256 netuid, uint256 amountAlpha) external {
        allowances[msg.sender][spender][netuid] = amountAlpha;
    }

    /// @notice 0x805 increaseAllowance (saturating).
    function increaseAllowance(address spender, uint256 netuid, uint256 delta) external {
        uint256 a = allowances[msg.sender][spender][netuid];
        allowances[msg.sender][spender][netuid] = type(uint256).max - a < delta ? type(uint256).max : a + delta;
    }

    /// @notice 0x805 decreaseAllowance (saturating).
    function decreaseAllowance(address spender, uint256 netuid, uint256 delta) external {
        uint256 a = allowances[msg.sender][spender][netuid];
        allowances[msg.sender][spender][netuid] = a < delta ? 0 : a - delta;
    }

    /// @notice 0x805 allowance.
    function allowance(address source, address spender, uint256 netuid) external view returns (uint256) {
        return allowances[source][spender][netuid];
    }

    /// @notice 0x805 getStake (alpha-RAO).
    function getStake(bytes32 hotkey, bytes32 coldkey, uint256 netuid) external view returns (uint256) {
        return stakes[hotkey][coldkey][netuid];
    }

    /// @notice 0x805 getTotalAlphaStaked.
    function getTotalAlphaStaked(bytes32 hotkey, uint256 netuid) external view returns (uint256) {
        return hotkeyTotals[hotkey][netuid];
    }

    // ------------------------------------------------------------ internals

    function _me() private view returns (bytes32) {
        return IAddressMapping(IADDRESS_MAPPING_ADDRESS).addressMapping(msg.sender);
    }

    function _pool(uint256 netuid) private view returns (Pool storage p) {
        p = pools[netuid];
        if (!p.exists) revert("SubnetNotExists");
    }

    function _sell(Pool storage p, uint256 netuid, uint256 alpha) private returns (uint256 tao) {
        tao = quoteSell(netuid, alpha);
        p.tao -= tao;
        p.alpha += alpha;
    }

    function _move(
        bytes32 from,
        bytes32 to,
        address payee,
        bytes32 hotkey,
        uint256 originNetuid,
        uint256 destNetuid,
        uint256 alpha
    ) private {
        if (originNetuid != destNetuid) {
            revert("MockStaking: cross-subnet transfers are not modelled");
        }
        Pool storage p = _pool(originNetuid);
        if (alpha == 0) revert("AmountTooLow");
        if (from == to) revert("SameNetuid");
        if (hotkeyOwner[hotkey] == bytes32(0)) revert("HotKeyAccountNotExists");
        if (p.transfersDisabled) revert("TransferDisallowed");
        if (stakes[hotkey][from][originNetuid] < alpha) revert("NotEnoughStakeToWithdraw");
        if (spotValue(originNetuid, alpha) < minStake) revert("AmountTooLow");
        _debit(hotkey, from, originNetuid, alpha);
        _credit(hotkey, to, originNetuid, alpha);
        uint256 forced = _clearSmall(hotkey, from, originNetuid);
        _pay(payee, forced);
    }

    /// Sells a non-owner position left below the nominator minimum; returns the RAO it paid.
    function _clearSmall(bytes32 hotkey, bytes32 coldkey, uint256 netuid) private returns (uint256 tao) {
        uint256 left = stakes[hotkey][coldkey][netuid];
        if (nominatorMin == 0 || left == 0 || hotkeyOwner[hotkey] == coldkey) return 0;
        if (spotValue(netuid, left) >= nominatorMin) return 0;
        tao = _sell(pools[netuid], netuid, left);
        _debit(hotkey, coldkey, netuid, left);
    }

    /// Sends `rao` TAO from the mock's reserve to `to` without running its code.
    function _pay(address to, uint256 rao) private {
        if (rao == 0) return;
        new Payer{value: rao * WEI_PER_RAO}(payable(to));
    }

    function _credit(bytes32 hotkey, bytes32 coldkey, uint256 netuid, uint256 alpha) private {
        stakes[hotkey][coldkey][netuid] += alpha;
        hotkeyTotals[hotkey][netuid] += alpha;
    }

    function _debit(bytes32 hotkey, bytes32 coldkey, uint256 netuid, uint256 alpha) private {
        stakes[hotkey][coldkey][netuid] -= alpha;
        hotkeyTotals[hotkey][netuid] -= alpha;
    }
}
