// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IAddressMapping, IADDRESS_MAPPING_ADDRESS} from "./interfaces/IAddressMapping.sol";
import {MockVm, MOCK_VM} from "./MockVm.sol";

/// @title MockStakingV2
/// @notice A behaving mock of taochain's 0x805 staking V2 precompile for `forge test`, where the
/// real precompiles do not exist. It also holds the subnet pools that the 0x808 and 0x803 mocks
/// read and write (one storage, at 0x…0805).
/// @dev Etched at 0x…0805 by `TaochainMocks.install()`; its constructor never runs there, so every
/// setting lives in storage written by the `mock*` helpers. Units as on the node: amounts RAO and
/// alpha-RAO (9 decimals), `1 RAO = 1e9 wei` of EVM balance. Pool math is the node's
/// (chain-core/economics/src/pool/math.rs): constant product, fee `floor(in × rate / 65535)`
/// taken from the input (default rate 33), every output floored, `MINIMUM_RESERVE` 1,000,000 on
/// the output side, a net input at most 1,000 × the input reserve. A buy's fee leaves the pool
/// (the node pays it to the block author); a sell's alpha fee is sold fee-free into the pool
/// (the node pays that TAO to the author; the mock counts it in `mockFeesRao`).
/// Balances move with the `deal` cheatcode: staking lowers the caller's EVM balance, unstaking
/// raises it without running the recipient's code, as on the node. Deviation: `deal` is not
/// journaled, so if a frame ABOVE a successful stake reverts, the stake is undone but the balance
/// change is not (the node undoes both). Reverts are `Error(string)` "<Name>: <function>: …"
/// with the node's error names; the text after the second colon is the mock's own.
contract MockStakingV2 {
    uint256 internal constant WEI_PER_RAO = 1e9;
    address internal constant ISTAKING_ADDRESS_ = 0x0000000000000000000000000000000000000805;
    uint256 internal constant FEE_DENOMINATOR = 65_535;
    uint256 internal constant MINIMUM_RESERVE = 1_000_000;
    uint256 internal constant MAX_INPUT_MULTIPLIER = 1_000;
    /// @notice The node's minimum stake, RAO (0.002 TAO).
    uint256 public constant DEFAULT_MIN_STAKE = 2_000_000;
    /// @notice The fee rate of a new pool, parts of 65535 (the node's default).
    uint16 public constant DEFAULT_FEE_RATE = 33;

    /// @notice One subnet's pool and flags.
    struct Pool {
        bool exists;
        bool transfersDisabled;
        uint16 feeRate;
        uint64 tao;
        uint64 alpha;
        uint64 alphaOut;
        uint256 movingPriceE18;
    }

    mapping(uint256 => Pool) internal pools;
    mapping(bytes32 => bytes32) internal owners;
    mapping(bytes32 => mapping(bytes32 => mapping(uint256 => uint256))) internal stakes;
    mapping(bytes32 => mapping(uint256 => uint256)) internal hotkeyTotals;
    mapping(bytes32 => uint256) internal coldkeyTotals;
    mapping(address => mapping(address => mapping(uint256 => uint256))) internal allowances;
    /// @notice Nominator minimum, RAO at spot (0: off, the node's default).
    uint256 public mockNominatorMin;
    /// @notice Swap fees the node would pay to the block author, RAO.
    uint256 public mockFeesRao;

    event AllowanceChanged(address indexed owner, address indexed spender, uint16 indexed netuid, uint256 amount);
    event StakeAdded(bytes32 indexed coldkey, bytes32 indexed hotkey, uint16 indexed netuid, uint256 taoRao, uint256 alphaRao);
    event StakeRemoved(bytes32 indexed coldkey, bytes32 indexed hotkey, uint16 indexed netuid, uint256 alphaRao, uint256 taoRao);
    event StakeTransferred(
        bytes32 indexed originColdkey,
        bytes32 indexed destColdkey,
        bytes32 indexed hotkey,
        uint16 originNetuid,
        uint16 destNetuid,
        uint256 alphaRao,
        uint256 alphaReceived
    );

    /// Every 0x805 function acts for its caller: like the node, refuse value (V2 amounts are
    /// arguments; value would be stranded) and DELEGATECALL / CALLCODE (another contract's
    /// code would act as its caller's caller).
    modifier forCaller(string memory fn) {
        _checkCaller(fn);
        _;
    }

    /// The node makes these checks before decoding the function, so its reasons name none;
    /// the functions are `payable` in the mock only so that these checks (not Solidity's own,
    /// which reverts without a reason) refuse value, delegate-call first as on the node.
    function _checkCaller(string memory) internal view {
        uint256 value;
        assembly {
            value := callvalue()
        }
        if (address(this) != ISTAKING_ADDRESS_) {
            revert(
                "DelegateCallNotAllowed: precompiles that act for their caller cannot be delegate-called; use approve and transferStakeFrom to let a contract move stake"
            );
        }
        if (value != 0) revert("NotPayable: this function does not accept value");
    }

    // ----------------------------------------------------------------- helpers for tests

    /// @notice Creates (or resets) the pool of `netuid` with the given reserves (RAO, alpha-RAO)
    /// and the default fee; `alphaOut` starts at 0.
    function mockSetPool(uint16 netuid, uint64 taoRao, uint64 alphaRao) public {
        Pool storage p = pools[netuid];
        if (!p.exists) p.feeRate = DEFAULT_FEE_RATE;
        p.exists = true;
        p.tao = taoRao;
        p.alpha = alphaRao;
    }

    /// @notice Sets the fee rate of `netuid` (parts of 65535; the node allows at most 10,000).
    function mockSetFeeRate(uint16 netuid, uint16 rate) external {
        require(rate <= 10_000, "InvalidFeeRate: mockSetFeeRate: above 10000");
        pools[netuid].feeRate = rate;
    }

    /// @notice Sets the moving (EMA) price of `netuid`, TAO per alpha × 1e18, as 0x808 returns it.
    function mockSetMovingPrice(uint16 netuid, uint256 priceE18) external {
        pools[netuid].movingPriceE18 = priceE18;
    }

    /// @notice Moves the moving price of `netuid` one EMA step of weight `alphaPpm`/1e6 towards the
    /// spot price (`m += (spot - m) × alphaPpm / 1e6`); a stand-in for the node's block step.
    function mockStepMovingPrice(uint16 netuid, uint256 alphaPpm) external {
        Pool storage p = pools[netuid];
        uint256 spot = spotPriceE18(netuid);
        uint256 m = p.movingPriceE18;
        p.movingPriceE18 = spot >= m ? m + (spot - m) * alphaPpm / 1e6 : m - (m - spot) * alphaPpm / 1e6;
    }

    /// @notice Enables or disables stake transfers on `netuid`.
    function mockSetTransfersDisabled(uint16 netuid, bool disabled) external {
        pools[netuid].transfersDisabled = disabled;
    }

    /// @notice Sets the nominator minimum (RAO at spot; 0 turns it off).
    function mockSetNominatorMin(uint256 rao) external {
        mockNominatorMin = rao;
    }

    /// @notice Registers `hotkey` as owned by `ownerColdkey` (what registration does on the node).
    function mockRegisterHotkey(bytes32 hotkey, bytes32 ownerColdkey) public {
        owners[hotkey] = ownerColdkey;
    }

    /// @notice Credits `alphaRao` stake to (`hotkey`, `coldkey`, `netuid`) out of thin air, as
    /// emission and dividends do on the node; counts it in alpha out.
    function mockCreditStake(bytes32 hotkey, bytes32 coldkey, uint16 netuid, uint256 alphaRao) external {
        _credit(hotkey, coldkey, netuid, alphaRao);
        pools[netuid].alphaOut += uint64(alphaRao);
    }

    /// @notice The pool of `netuid` (reserves, fee rate, alpha out, moving price, flags).
    function mockPool(uint16 netuid) external view returns (Pool memory) {
        return pools[netuid];
    }

    /// @notice Owner coldkey of `hotkey` (0: none).
    function mockHotkeyOwner(bytes32 hotkey) external view returns (bytes32) {
        return owners[hotkey];
    }

    /// @notice Present only in the mocks: `TaochainMocks.probe()` calls it to tell them from a node.
    function isTaochainMock() external pure returns (bytes32) {
        return keccak256("taochain-mocks/1");
    }

    // ----------------------------------------------------------------- exact pool quotes

    /// @notice Spot price, TAO per alpha × 1e18, at the node's precision: floor(tao × 2^64 / alpha)
    /// as U64F64, × 1e9 truncated to RAO per alpha, then × 1e9. 1e18 for a netuid with no pool.
    function spotPriceE18(uint16 netuid) public view returns (uint256) {
        Pool storage p = pools[netuid];
        if (!p.exists || netuid == 0) return 1e18;
        if (p.alpha == 0) return 0;
        uint256 bits = (uint256(p.tao) << 64) / p.alpha;
        uint256 rao = (bits * 1e9) >> 64;
        if (rao > type(uint64).max) rao = type(uint64).max;
        return rao * 1e9;
    }

    /// @notice The node's `quote_swap` without a limit: (fee, net, out); reverts with its errors.
    function quote(uint256 reserveIn, uint256 reserveOut, uint256 amount, uint256 feeRate, string memory fn)
        public
        pure
        returns (uint256 fee, uint256 net, uint256 out)
    {
        if (amount == 0) _fail("AmountTooLow", fn, "zero amount");
        if (reserveOut < MINIMUM_RESERVE) _fail("InsufficientLiquidity", fn, "reserve below the minimum");
        fee = amount * feeRate / FEE_DENOMINATOR;
        net = amount - fee;
        if (net > reserveIn * MAX_INPUT_MULTIPLIER) _fail("InsufficientLiquidity", fn, "input above 1000 x reserve");
        if (reserveIn + net > type(uint64).max) _fail("InsufficientLiquidity", fn, "overflow");
        out = reserveOut * net / (reserveIn + net);
        if (out == 0) _fail("AmountTooLow", fn, "zero output");
        if (out >= reserveOut) _fail("InsufficientLiquidity", fn, "output drains the reserve");
    }

    /// @notice Alpha that staking `taoRao` buys now (simSwapTaoForAlpha).
    function quoteBuy(uint16 netuid, uint256 taoRao, string memory fn) public view returns (uint256 out) {
        Pool storage p = _pool(netuid, fn);
        (,, out) = quote(p.tao, p.alpha, taoRao, p.feeRate, fn);
    }

    /// @notice TAO that unstaking `alphaRao` pays now (simSwapAlphaForTao).
    function quoteSell(uint16 netuid, uint256 alphaRao, string memory fn) public view returns (uint256 out) {
        Pool storage p = _pool(netuid, fn);
        (,, out) = quote(p.alpha, p.tao, alphaRao, p.feeRate, fn);
    }

    // ----------------------------------------------------------------- 0x805 functions

    /// @notice 0x805 addStake: spends `amountRao` of the caller's balance for alpha on `netuid`.
    function addStake(bytes32 hotkey, uint256 amountRao, uint256 netuid) external payable forCaller("addStake") {
        string memory fn = "addStake";
        uint16 n = _netuid(netuid, fn);
        Pool storage p = _pool(n, fn);
        if (owners[hotkey] == bytes32(0)) _fail("HotKeyAccountNotExists", fn, "hotkey is not registered");
        uint256 amount = _sat64(amountRao);
        uint256 minIn = DEFAULT_MIN_STAKE + DEFAULT_MIN_STAKE * p.feeRate / FEE_DENOMINATOR;
        if (amount < minIn) _fail("AmountTooLow", fn, "below the minimum stake plus fee");
        uint256 cost = amount * WEI_PER_RAO;
        if (msg.sender.balance < cost) _fail("InsufficientBalance", fn, "balance below the amount");
        (uint256 fee, uint256 net, uint256 out) = quote(p.tao, p.alpha, amount, p.feeRate, fn);
        p.tao += uint64(net);
        p.alpha -= uint64(out);
        p.alphaOut += uint64(out);
        mockFeesRao += fee;
        bytes32 ck = _twin(msg.sender);
        _credit(hotkey, ck, n, out);
        MOCK_VM.deal(msg.sender, msg.sender.balance - cost);
        emit StakeAdded(ck, hotkey, n, amount, out);
    }

    /// @notice 0x805 removeStake: sells `amountAlpha` of the caller's stake; pays the TAO.
    function removeStake(bytes32 hotkey, uint256 amountAlpha, uint256 netuid)
        external
        payable
        forCaller("removeStake")
    {
        _removeStake(hotkey, _sat64(amountAlpha), _netuid(netuid, "removeStake"), "removeStake");
    }

    /// @notice 0x805 removeStakeFull: sells the caller's whole position.
    function removeStakeFull(bytes32 hotkey, uint256 netuid) external payable forCaller("removeStakeFull") {
        string memory fn = "removeStakeFull";
        uint16 n = _netuid(netuid, fn);
        _pool(n, fn);
        uint256 have = stakes[hotkey][_twin(msg.sender)][n];
        if (have == 0) _fail("NotEnoughStakeToWithdraw", fn, "no stake to remove");
        _removeStake(hotkey, have, n, fn);
    }

    /// @notice 0x805 approve: sets the allowance `spender` may move from the caller on `netuid`.
    function approve(address spender, uint256 netuid, uint256 amountAlpha) external payable forCaller("approve") {
        _setAllowance(msg.sender, spender, netuid, amountAlpha);
    }

    /// @notice 0x805 increaseAllowance (saturating; a zero delta changes and emits nothing).
    function increaseAllowance(address spender, uint256 netuid, uint256 delta)
        external
        payable
        forCaller("increaseAllowance")
    {
        if (delta == 0) return;
        uint256 a = allowances[msg.sender][spender][netuid];
        _setAllowance(msg.sender, spender, netuid, type(uint256).max - a < delta ? type(uint256).max : a + delta);
    }

    /// @notice 0x805 decreaseAllowance (saturating at 0; a zero delta changes and emits nothing).
    function decreaseAllowance(address spender, uint256 netuid, uint256 delta)
        external
        payable
        forCaller("decreaseAllowance")
    {
        if (delta == 0) return;
        uint256 a = allowances[msg.sender][spender][netuid];
        _setAllowance(msg.sender, spender, netuid, a < delta ? 0 : a - delta);
    }

    /// @notice 0x805 allowance.
    function allowance(address source, address spender, uint256 netuid) external view returns (uint256) {
        return allowances[source][spender][netuid];
    }

    /// @notice 0x805 transferStake: gives `amountAlpha` of the caller's stake to `destColdkey`
    /// (same netuid only in the mock).
    function transferStake(bytes32 destColdkey, bytes32 hotkey, uint256 originNetuid, uint256 destNetuid, uint256 amountAlpha)
        external
        payable
        forCaller("transferStake")
    {
        _transfer(_twin(msg.sender), destColdkey, hotkey, originNetuid, destNetuid, amountAlpha, "transferStake");
    }

    /// @notice 0x805 transferStakeFrom: moves `source`'s stake to `dest`, spending the allowance
    /// `source` gave the caller on `originNetuid` (same netuid only in the mock).
    function transferStakeFrom(
        address source,
        address dest,
        bytes32 hotkey,
        uint256 originNetuid,
        uint256 destNetuid,
        uint256 amountAlpha
    ) external payable forCaller("transferStakeFrom") {
        string memory fn = "transferStakeFrom";
        uint256 allowed = allowances[source][msg.sender][originNetuid];
        if (allowed < amountAlpha) _fail("InsufficientAllowance", fn, "amount above the allowance");
        _transfer(_twin(source), _twin(dest), hotkey, originNetuid, destNetuid, amountAlpha, fn);
        _setAllowance(source, msg.sender, originNetuid, allowed - amountAlpha);
    }

    /// @notice 0x805 getStake, alpha-RAO.
    function getStake(bytes32 hotkey, bytes32 coldkey, uint256 netuid) external view returns (uint256) {
        return stakes[hotkey][coldkey][netuid];
    }

    /// @notice 0x805 getTotalAlphaStaked: all alpha staked to `hotkey` on `netuid`.
    function getTotalAlphaStaked(bytes32 hotkey, uint256 netuid) external view returns (uint256) {
        return hotkeyTotals[hotkey][netuid];
    }

    /// @notice 0x805 getTotalColdkeyStake. Deviation: the mock sums alpha-RAO over all subnets
    /// and hotkeys (the node values each subnet's alpha in TAO).
    function getTotalColdkeyStake(bytes32 coldkey) external view returns (uint256) {
        return coldkeyTotals[coldkey];
    }

    /// @notice 0x805 getNominatorMinRequiredStake, RAO.
    function getNominatorMinRequiredStake() external view returns (uint256) {
        return mockNominatorMin;
    }

    // ----------------------------------------------------------------- internals

    function _removeStake(bytes32 hotkey, uint256 alpha, uint16 n, string memory fn) internal {
        Pool storage p = _pool(n, fn);
        if (alpha == 0) _fail("AmountTooLow", fn, "zero unstake");
        bytes32 ck = _twin(msg.sender);
        uint256 have = stakes[hotkey][ck][n];
        if (have < alpha) _fail("NotEnoughStakeToWithdraw", fn, "not enough stake");
        uint256 tao = _sell(p, alpha, fn);
        if (alpha < have && tao < DEFAULT_MIN_STAKE) _fail("AmountTooLow", fn, "partial unstake below the minimum");
        _debit(hotkey, ck, n, alpha);
        uint256 removed = alpha;
        uint256 left = stakes[hotkey][ck][n];
        if (_isSmall(hotkey, ck, n, left)) {
            tao += _sell(p, left, fn);
            _debit(hotkey, ck, n, left);
            removed += left;
        }
        MOCK_VM.deal(msg.sender, msg.sender.balance + tao * WEI_PER_RAO);
        emit StakeRemoved(ck, hotkey, n, removed, tao);
    }

    /// A user sell with fee, then the fee alpha sold fee-free (burned if that sale cannot run).
    function _sell(Pool storage p, uint256 alpha, string memory fn) internal returns (uint256 out) {
        (uint256 fee, uint256 net, uint256 o) = quote(p.alpha, p.tao, alpha, p.feeRate, fn);
        out = o;
        p.tao -= uint64(out);
        p.alpha += uint64(net);
        _outSub(p, net);
        if (fee > 0) {
            try this.quote(p.alpha, p.tao, fee, 0, fn) returns (uint256, uint256, uint256 feeTao) {
                p.tao -= uint64(feeTao);
                p.alpha += uint64(fee);
                _outSub(p, fee);
                mockFeesRao += feeTao;
            } catch {}
        }
    }

    /// Alpha out, saturating at 0 (stake credited with `mockSetPool` reserves alone has none).
    function _outSub(Pool storage p, uint256 alpha) internal {
        p.alphaOut = alpha > p.alphaOut ? 0 : p.alphaOut - uint64(alpha);
    }

    function _isSmall(bytes32 hotkey, bytes32 ck, uint16 n, uint256 left) internal view returns (bool) {
        if (mockNominatorMin == 0 || left == 0 || owners[hotkey] == ck) return false;
        Pool storage p = pools[n];
        uint256 value = p.alpha == 0 ? 0 : left * p.tao / p.alpha;
        return value < mockNominatorMin;
    }

    function _transfer(
        bytes32 from,
        bytes32 to,
        bytes32 hotkey,
        uint256 originNetuid,
        uint256 destNetuid,
        uint256 amount,
        string memory fn
    ) internal {
        uint16 n = _netuid(originNetuid, fn);
        if (originNetuid != destNetuid) _fail("NotSupported", fn, "the mock moves stake within one subnet only");
        Pool storage p = _pool(n, fn);
        uint256 alpha = _sat64(amount);
        if (alpha == 0) _fail("AmountTooLow", fn, "zero amount");
        if (from == to) _fail("SameNetuid", fn, "same position");
        if (owners[hotkey] == bytes32(0)) _fail("HotKeyAccountNotExists", fn, "hotkey is not registered");
        if (p.transfersDisabled) _fail("TransferDisallowed", fn, "stake transfers are disabled");
        if (stakes[hotkey][from][n] < alpha) _fail("NotEnoughStakeToWithdraw", fn, "not enough stake");
        uint256 value = p.alpha == 0 ? 0 : alpha * p.tao / p.alpha;
        if (value < DEFAULT_MIN_STAKE) _fail("AmountTooLow", fn, "value below the minimum stake");
        _debit(hotkey, from, n, alpha);
        _credit(hotkey, to, n, alpha);
        emit StakeTransferred(from, to, hotkey, n, n, alpha, alpha);
    }

    function _setAllowance(address owner, address spender, uint256 netuid, uint256 amount) internal {
        uint16 n = _netuid(netuid, "approve");
        allowances[owner][spender][netuid] = amount;
        emit AllowanceChanged(owner, spender, n, amount);
    }

    function _credit(bytes32 hotkey, bytes32 coldkey, uint256 netuid, uint256 alpha) internal {
        stakes[hotkey][coldkey][netuid] += alpha;
        hotkeyTotals[hotkey][netuid] += alpha;
        coldkeyTotals[coldkey] += alpha;
    }

    function _debit(bytes32 hotkey, bytes32 coldkey, uint256 netuid, uint256 alpha) internal {
        stakes[hotkey][coldkey][netuid] -= alpha;
        hotkeyTotals[hotkey][netuid] -= alpha;
        coldkeyTotals[coldkey] -= alpha;
    }

    function _pool(uint16 netuid, string memory fn) internal view returns (Pool storage p) {
        p = pools[netuid];
        if (!p.exists) _fail("SubnetNotExists", fn, "subnet does not exist");
    }

    function _netuid(uint256 netuid, string memory fn) internal pure returns (uint16) {
        if (netuid > type(uint16).max) _fail("InvalidInput", fn, "netuid above u16::MAX");
        return uint16(netuid);
    }

    function _twin(address who) internal view returns (bytes32) {
        return IAddressMapping(IADDRESS_MAPPING_ADDRESS).addressMapping(who);
    }

    function _sat64(uint256 v) internal pure returns (uint256) {
        return v > type(uint64).max ? type(uint64).max : v;
    }

    function _fail(string memory name, string memory fn, string memory detail) internal pure {
        revert(string.concat(name, ": ", fn, ": ", detail));
    }
}
