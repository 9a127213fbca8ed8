// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Test} from "../utils/Test.sol";
import {Vm} from "../utils/Vm.sol";
import {ChainMocks} from "../mocks/ChainMocks.sol";
import {MockStaking} from "../mocks/MockStaking.sol";
import {WrappedAlpha} from "../../src/alpha/WrappedAlpha.sol";
import {WrappedAlphaFactory} from "../../src/alpha/WrappedAlphaFactory.sol";

/// Random wraps, unwraps, round trips, share transfers and dividends by three holders, with
/// ghost totals of the alpha that went in and out.
contract WrappedAlphaHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    uint256 internal constant MIN = 2_000_000;

    MockStaking internal immutable staking;
    WrappedAlpha internal immutable token;
    bytes32 internal immutable hk;
    uint16 internal immutable net;
    address[3] internal actors = [address(0x2001), address(0x2002), address(0x2003)];

    uint256 public wrappedIn;
    uint256 public unwrappedOut;
    uint256 public distributed;
    uint256 public roundTrips;
    /// Largest gain seen on a wrap-then-unwrap round trip (must stay 0).
    uint256 public roundTripGain;

    /// Times the share price (alpha per share, `(T + 1) / (S + V)`) fell between two
    /// observations while shares were outstanding (must stay 0: every rounding favours holders
    /// who stay).
    uint256 public rateDrops;
    uint256 internal lastT;
    uint256 internal lastS;

    /// Compares the share price with the last observation, exactly (cross-multiplied).
    function _observe() internal {
        uint256 t = token.stakeHeld();
        uint256 s = token.totalSupply();
        uint256 v = 1e6;
        if (lastS != 0 && s != 0 && (t + 1) * (lastS + v) < (lastT + 1) * (s + v)) ++rateDrops;
        lastT = t;
        lastS = s;
    }

    constructor(MockStaking staking_, WrappedAlpha token_) {
        staking = staking_;
        token = token_;
        hk = token_.hotkey();
        net = token_.netuid();
    }

    function actorCount() external pure returns (uint256) {
        return 3;
    }

    function actor(uint256 i) external view returns (address) {
        return actors[i];
    }

    function _stakeOf(address a) internal view returns (uint256) {
        return staking.getStake(hk, ChainMocks.id(a), net);
    }

    function _wrap(address a, uint256 amount) internal returns (bool ok, uint256 shares) {
        uint256 before = token.stakeHeld();
        vm.prank(a);
        staking.approve(address(token), net, amount);
        vm.prank(a);
        try token.wrap(amount) returns (uint256 s) {
            wrappedIn += token.stakeHeld() - before;
            return (true, s);
        } catch {
            return (false, 0);
        }
    }

    function _unwrap(address a, uint256 shares) internal returns (bool ok, uint256 alpha) {
        vm.prank(a);
        try token.unwrap(shares) returns (uint256 got) {
            unwrappedOut += got;
            return (true, got);
        } catch {
            return (false, 0);
        }
    }

    function wrap(uint256 who, uint256 amount) external {
        address a = actors[who % 3];
        uint256 have = _stakeOf(a);
        if (have < MIN) return;
        _wrap(a, MIN + amount % (have - MIN + 1));
        _observe();
    }

    function unwrap(uint256 who, uint256 shares) external {
        address a = actors[who % 3];
        uint256 bal = token.balanceOf(a);
        if (bal == 0) return;
        _unwrap(a, 1 + shares % bal);
        _observe();
    }

    function roundTrip(uint256 who, uint256 amount) external {
        address a = actors[who % 3];
        uint256 have = _stakeOf(a);
        if (have < MIN || token.totalSupply() == 0) return;
        amount = MIN + amount % (have - MIN + 1);
        (bool ok, uint256 shares) = _wrap(a, amount);
        if (!ok) return;
        (bool out, uint256 back) = _unwrap(a, shares);
        if (!out) return;
        ++roundTrips;
        if (back > amount && back - amount > roundTripGain) roundTripGain = back - amount;
        _observe();
    }

    function transfer(uint256 from, uint256 to, uint256 shares) external {
        address a = actors[from % 3];
        uint256 bal = token.balanceOf(a);
        vm.prank(a);
        token.transfer(actors[to % 3], shares % (bal + 1));
    }

    function dividends(uint256 amount) external {
        amount = amount % 1_000e9;
        staking.distribute(hk, net, token.coldkey(), amount);
        distributed += amount;
        _observe();
    }
}

contract WrappedAlphaInvariantTest is Test {
    uint16 internal constant NET = 3;
    bytes32 internal constant HK = keccak256("invariant hotkey");

    MockStaking internal staking;
    WrappedAlpha internal token;
    WrappedAlphaHandler internal h;

    function setUp() public {
        (staking,) = ChainMocks.install();
        staking.setMinStake(2_000_000);
        staking.createSubnet(NET, 1_000_000e9, 1_000_000e9);
        staking.registerHotkey(HK, keccak256("owner"));
        token = WrappedAlpha(new WrappedAlphaFactory().create(HK, NET));
        h = new WrappedAlphaHandler(staking, token);
        for (uint256 i = 0; i < 3; ++i) {
            staking.distribute(HK, NET, ChainMocks.id(h.actor(i)), 100_000e9);
        }
        targetContract(address(h));
    }

    /// The handler really wraps, unwraps and round-trips (its try/catch would hide a dead path).
    function test_handlerMakesProgress() public {
        h.wrap(0, 50e9);
        h.dividends(3e9);
        h.roundTrip(1, 7e9);
        h.unwrap(0, type(uint256).max);
        assertGt(h.wrappedIn(), 50e9, "wrapped");
        assertEq(h.roundTrips(), 1, "round trip");
        assertGt(h.unwrappedOut(), 0, "unwrapped");
        assertEq(h.roundTripGain(), 0, "no gain");
    }

    function invariant_sumOfBalancesIsSupply() public view {
        uint256 sum;
        for (uint256 i = 0; i < 3; ++i) {
            sum += token.balanceOf(h.actor(i));
        }
        assertEq(sum, token.totalSupply(), "sum of balances == totalSupply");
    }

    function invariant_sharesRedeemForAtMostTheStake() public view {
        uint256 owed;
        for (uint256 i = 0; i < 3; ++i) {
            owed += token.convertToAlpha(token.balanceOf(h.actor(i)));
        }
        assertLe(owed, token.stakeHeld(), "shares are covered by the stake");
        assertLe(token.totalSupply(), token.stakeHeld() * token.VIRTUAL_SHARES(), "S <= T * V");
    }

    function invariant_stakeAccounting() public view {
        assertEq(token.stakeHeld() + h.unwrappedOut(), h.wrappedIn() + h.distributed(), "stake = in + dividends - out");
    }

    function invariant_shareValueNeverFalls() public view {
        assertEq(h.rateDrops(), 0, "alpha per share never falls while shares are outstanding");
    }

    function invariant_noRoundTripGain() public view {
        assertEq(h.roundTripGain(), 0, "a wrap/unwrap round trip never returns more alpha");
    }
}
