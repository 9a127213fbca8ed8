// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Test} from "../utils/Test.sol";
import {Vm} from "../utils/Vm.sol";
import {ChainMocks} from "../mocks/ChainMocks.sol";
import {MockStaking} from "../mocks/MockStaking.sol";
import {WTAO} from "../../src/token/WTAO.sol";
import {DelegationVault} from "../../src/vault/DelegationVault.sol";
import {DelegationVaultFactory} from "../../src/vault/DelegationVaultFactory.sol";

/// Random deposits (WTAO, TAO, mint), redemptions (redeem, guarded redeem, withdraw), round
/// trips, share transfers, dividends and outside trades moving the pool, by three holders.
contract VaultHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    uint256 internal constant MIN = 2_000_000;
    uint256 internal constant RAO = 1e9;

    MockStaking internal immutable staking;
    WTAO internal immutable wtao;
    DelegationVault internal immutable vault;
    bytes32 internal immutable hk;
    uint16 internal immutable net;
    address[3] internal actors = [address(0x3001), address(0x3002), address(0x3003)];
    address internal constant TRADER = address(0x3999);

    uint256 public alphaIn;
    uint256 public alphaOut;
    uint256 public dividendsPaid;
    uint256 public deposits;
    uint256 public redemptions;
    uint256 public roundTrips;
    uint256 public roundTripGain;

    /// Times the share price (alpha per share, `(T + 1) / (S + V)`) fell between two
    /// observations while shares were outstanding (must stay 0: every rounding favours holders
    /// who stay).
    uint256 public rateDrops;
    uint256 internal lastT;
    uint256 internal lastS;

    /// Compares the share price with the last observation, exactly (cross-multiplied).
    function _observe() internal {
        uint256 t = vault.stakeHeld();
        uint256 s = vault.totalSupply();
        uint256 v = 1e6;
        if (lastS != 0 && s != 0 && (t + 1) * (lastS + v) < (lastT + 1) * (s + v)) ++rateDrops;
        lastT = t;
        lastS = s;
    }

    constructor(MockStaking staking_, WTAO wtao_, DelegationVault vault_) {
        staking = staking_;
        wtao = wtao_;
        vault = vault_;
        hk = vault_.hotkey();
        net = vault_.netuid();
        for (uint256 i = 0; i < 3; ++i) {
            vm.deal(actors[i], 1e9 ether);
            vm.startPrank(actors[i]);
            wtao.deposit{value: 1e6 ether}();
            wtao.approve(address(vault), type(uint256).max);
            vm.stopPrank();
        }
        vm.deal(TRADER, 1e9 ether);
    }

    function actor(uint256 i) external view returns (address) {
        return actors[i];
    }

    function _amount(uint256 x) internal pure returns (uint256) {
        return (MIN + x % 1_000e9) * RAO;
    }

    function _in(uint256 before) internal {
        alphaIn += vault.stakeHeld() - before;
        ++deposits;
        _observe();
    }

    function _out(uint256 before) internal {
        alphaOut += before - vault.stakeHeld();
        ++redemptions;
        _observe();
    }

    function deposit(uint256 who, uint256 x) external {
        address a = actors[who % 3];
        uint256 before = vault.stakeHeld();
        vm.prank(a);
        try vault.deposit(_amount(x), a) {
            _in(before);
        } catch {}
    }

    function depositTao(uint256 who, uint256 x) external {
        address a = actors[who % 3];
        uint256 before = vault.stakeHeld();
        vm.prank(a);
        try vault.depositTao{value: _amount(x)}(a, 0) {
            _in(before);
        } catch {}
    }

    function mint(uint256 who, uint256 x) external {
        address a = actors[who % 3];
        uint256 before = vault.stakeHeld();
        vm.prank(a);
        try vault.mint((MIN + x % 1_000e9) * 1e6, a) {
            _in(before);
        } catch {}
    }

    function redeem(uint256 who, uint256 x, bool guarded) external {
        address a = actors[who % 3];
        uint256 bal = vault.balanceOf(a);
        if (bal == 0) return;
        uint256 before = vault.stakeHeld();
        vm.prank(a);
        if (guarded) {
            try vault.redeem(1 + x % bal, a, a, 0) {
                _out(before);
            } catch {}
        } else {
            try vault.redeem(1 + x % bal, a, a) {
                _out(before);
            } catch {}
        }
    }

    function withdraw(uint256 who, uint256 x) external {
        address a = actors[who % 3];
        uint256 max = vault.maxWithdraw(a);
        if (max == 0) return;
        uint256 before = vault.stakeHeld();
        vm.prank(a);
        try vault.withdraw(1 + x % max, a, a) {
            _out(before);
        } catch {}
    }

    function roundTrip(uint256 who, uint256 x) external {
        address a = actors[who % 3];
        if (vault.totalSupply() == 0) return;
        uint256 assets = _amount(x);
        uint256 before = vault.stakeHeld();
        vm.prank(a);
        try vault.deposit(assets, a, 0) returns (uint256 shares) {
            _in(before);
            before = vault.stakeHeld();
            vm.prank(a);
            try vault.redeem(shares, a, a, 0) returns (uint256 back) {
                _out(before);
                ++roundTrips;
                if (back > assets && back - assets > roundTripGain) roundTripGain = back - assets;
            } catch {}
        } catch {}
    }

    function transfer(uint256 from, uint256 to, uint256 x) external {
        address a = actors[from % 3];
        uint256 bal = vault.balanceOf(a);
        vm.prank(a);
        vault.transfer(actors[to % 3], x % (bal + 1));
    }

    function dividends(uint256 x) external {
        uint256 amount = x % 100e9;
        staking.distribute(hk, net, vault.coldkey(), amount);
        dividendsPaid += amount;
        _observe();
    }

    /// Someone else buys or sells in the pool, moving its price.
    function trade(uint256 x, bool buy) external {
        uint256 rao = MIN + x % 50_000e9;
        vm.startPrank(TRADER);
        if (buy) {
            try staking.addStake(hk, rao, net) {} catch {}
        } else {
            uint256 have = staking.getStake(hk, ChainMocks.id(TRADER), net);
            if (have > MIN) try staking.removeStake(hk, MIN + x % (have - MIN + 1), net) {} catch {}
        }
        vm.stopPrank();
    }
}

contract DelegationVaultInvariantTest is Test {
    uint16 internal constant NET = 4;
    bytes32 internal constant HK = keccak256("vault invariant hotkey");

    MockStaking internal staking;
    WTAO internal wtao;
    DelegationVault internal vault;
    VaultHandler internal h;

    function setUp() public {
        (staking,) = ChainMocks.install();
        staking.setMinStake(2_000_000);
        staking.createSubnet(NET, 1_000_000e9, 2_000_000e9); // price 0.5 TAO per alpha
        staking.setFee(NET, 500); // 0.05 %
        staking.registerHotkey(HK, keccak256("owner"));
        wtao = new WTAO();
        vault = DelegationVault(payable(new DelegationVaultFactory(payable(address(wtao))).create(HK, NET)));
        h = new VaultHandler(staking, wtao, vault);
        targetContract(address(h));
    }

    /// The handler's paths really run (its try/catch would hide a dead one).
    function test_handlerMakesProgress() public {
        h.deposit(0, 10e9);
        h.depositTao(1, 20e9);
        h.mint(2, 5e9);
        h.dividends(1e9);
        h.trade(1_000e9, true);
        h.roundTrip(0, 3e9);
        h.redeem(1, vault.balanceOf(h.actor(1)) / 2, true);
        h.redeem(2, vault.balanceOf(h.actor(2)) / 2, false);
        h.withdraw(0, 1e18);
        assertEq(h.deposits(), 4, "deposits");
        assertEq(h.redemptions(), 4, "redemptions");
        assertEq(h.roundTrips(), 1, "round trip");
    }

    function invariant_sumOfBalancesIsSupply() public view {
        uint256 sum;
        for (uint256 i = 0; i < 3; ++i) {
            sum += vault.balanceOf(h.actor(i));
        }
        assertEq(sum, vault.totalSupply(), "sum of balances == totalSupply");
    }

    function invariant_sharesRedeemForAtMostTheStake() public view {
        uint256 owed;
        for (uint256 i = 0; i < 3; ++i) {
            owed += vault.convertToAlpha(vault.balanceOf(h.actor(i)));
        }
        assertLe(owed, vault.stakeHeld(), "shares are covered by the stake");
        assertLe(vault.totalSupply(), vault.stakeHeld() * vault.VIRTUAL_SHARES(), "S <= T * V");
    }

    function invariant_stakeAccounting() public view {
        assertEq(vault.stakeHeld() + h.alphaOut(), h.alphaIn() + h.dividendsPaid(), "stake = in + dividends - out");
    }

    function invariant_noTaoOrWtaoLeftInVault() public view {
        assertEq(staking.freeBalance(address(vault)), 0, "no free TAO in the vault");
        assertEq(wtao.balanceOf(address(vault)), 0, "no WTAO in the vault");
        assertEq(wtao.totalSupply(), address(wtao).balance, "WTAO backed");
    }

    function invariant_shareValueNeverFalls() public view {
        assertEq(h.rateDrops(), 0, "alpha per share never falls while shares are outstanding");
    }

    function invariant_noRoundTripGain() public view {
        assertEq(h.roundTripGain(), 0, "a deposit/redeem round trip never returns more TAO");
    }
}
