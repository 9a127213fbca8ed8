// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Test} from "../utils/Test.sol";
import {Vm} from "../utils/Vm.sol";
import {WTAO} from "../../src/token/WTAO.sol";

/// A contract whose code refuses TAO: `withdraw` to it fails.
contract Refuser {
    function unwrap(WTAO w, uint256 wad) external {
        w.withdraw(wad);
    }

    function wrap(WTAO w) external payable {
        w.deposit{value: msg.value}();
    }
}

/// Re-enters WTAO from its receive hook: withdraws again while the first withdraw pays it.
contract ReenteringWithdrawer {
    WTAO internal immutable w;
    uint256 internal depth;

    constructor(WTAO w_) {
        w = w_;
    }

    function go(uint256 wad) external payable {
        w.deposit{value: msg.value}();
        w.withdraw(wad);
    }

    receive() external payable {
        if (depth++ == 0) w.withdraw(msg.value);
    }
}

contract WTAOTest is Test {
    WTAO internal w;
    address internal alice = address(0xA11CE);
    address internal bob = address(0xB0B);
    address internal carol = address(0xCA401);

    function setUp() public {
        w = new WTAO();
        vm.deal(alice, 100 ether);
        vm.deal(bob, 100 ether);
    }

    function test_metadata() public view {
        assertEq(keccak256(bytes(w.name())), keccak256("Wrapped TAO"), "name");
        assertEq(keccak256(bytes(w.symbol())), keccak256("WTAO"), "symbol");
        assertEq(w.decimals(), 18, "decimals");
        assertEq(w.totalSupply(), 0, "empty");
    }

    function test_deposit_mintsAndEmits() public {
        vm.expectEmit(true, false, false, true, address(w));
        emit WTAO.Deposit(alice, 3 ether);
        vm.prank(alice);
        w.deposit{value: 3 ether}();
        assertEq(w.balanceOf(alice), 3 ether, "balance");
        assertEq(w.totalSupply(), 3 ether, "supply");
        assertEq(address(w).balance, 3 ether, "held");
        assertEq(alice.balance, 97 ether, "paid");
    }

    function test_receive_deposits() public {
        vm.expectEmit(true, false, false, true, address(w));
        emit WTAO.Deposit(bob, 1 ether);
        vm.prank(bob);
        (bool ok,) = address(w).call{value: 1 ether}("");
        assertTrue(ok, "plain transfer");
        assertEq(w.balanceOf(bob), 1 ether, "balance");
    }

    function test_unknownCalldata_reverts() public {
        vm.prank(bob);
        (bool ok,) = address(w).call{value: 1 ether}(hex"12345678");
        assertTrue(!ok, "no fallback");
    }

    function test_withdraw_burnsPaysAndEmits() public {
        vm.startPrank(alice);
        w.deposit{value: 5 ether}();
        vm.expectEmit(true, false, false, true, address(w));
        emit WTAO.Withdrawal(alice, 2 ether);
        w.withdraw(2 ether);
        vm.stopPrank();
        assertEq(w.balanceOf(alice), 3 ether, "left");
        assertEq(alice.balance, 97 ether, "paid back");
        assertEq(w.totalSupply(), 3 ether, "supply");
    }

    function test_withdraw_moreThanBalance_reverts() public {
        vm.prank(alice);
        w.deposit{value: 1 ether}();
        vm.expectRevert(abi.encodeWithSelector(WTAO.InsufficientBalance.selector, alice, 1 ether, 1 ether + 1));
        vm.prank(alice);
        w.withdraw(1 ether + 1);
    }

    function test_withdraw_toRefuser_reverts() public {
        Refuser r = new Refuser();
        r.wrap{value: 1 ether}(w);
        vm.expectRevert(abi.encodeWithSelector(WTAO.TaoTransferFailed.selector, address(r), 1 ether));
        r.unwrap(w, 1 ether);
        assertEq(w.balanceOf(address(r)), 1 ether, "rolled back");
    }

    function test_withdraw_reentrancy_cannotOverdraw() public {
        ReenteringWithdrawer r = new ReenteringWithdrawer(w);
        vm.deal(address(this), 1 ether);
        // The nested withdraw finds the balance already debited and reverts, failing the payment.
        vm.expectRevert(abi.encodeWithSelector(WTAO.TaoTransferFailed.selector, address(r), 1 ether));
        r.go{value: 1 ether}(1 ether);
    }

    function test_approve_setsAndEmits() public {
        vm.expectEmit(true, true, false, true, address(w));
        emit WTAO.Approval(alice, bob, 7);
        vm.prank(alice);
        assertTrue(w.approve(bob, 7), "returns true");
        assertEq(w.allowance(alice, bob), 7, "allowance");
    }

    function test_transfer_movesAndEmits() public {
        vm.startPrank(alice);
        w.deposit{value: 2 ether}();
        vm.expectEmit(true, true, false, true, address(w));
        emit WTAO.Transfer(alice, bob, 0.5 ether);
        assertTrue(w.transfer(bob, 0.5 ether), "returns true");
        vm.stopPrank();
        assertEq(w.balanceOf(alice), 1.5 ether, "from");
        assertEq(w.balanceOf(bob), 0.5 ether, "to");
        assertEq(w.totalSupply(), 2 ether, "supply unchanged");
    }

    function test_transfer_insufficient_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(WTAO.InsufficientBalance.selector, alice, 0, 1));
        vm.prank(alice);
        w.transfer(bob, 1);
    }

    function test_transferFrom_spendsAllowance() public {
        vm.startPrank(alice);
        w.deposit{value: 2 ether}();
        w.approve(bob, 1 ether);
        vm.stopPrank();
        vm.expectEmit(true, true, false, true, address(w));
        emit WTAO.Transfer(alice, carol, 0.25 ether);
        vm.prank(bob);
        w.transferFrom(alice, carol, 0.25 ether);
        assertEq(w.allowance(alice, bob), 0.75 ether, "decremented");
        assertEq(w.balanceOf(carol), 0.25 ether, "received");
    }

    function test_transferFrom_maxAllowance_notDecremented() public {
        vm.startPrank(alice);
        w.deposit{value: 2 ether}();
        w.approve(bob, type(uint256).max);
        vm.stopPrank();
        vm.prank(bob);
        w.transferFrom(alice, carol, 1 ether);
        assertEq(w.allowance(alice, bob), type(uint256).max, "infinite");
    }

    function test_transferFrom_self_needsNoAllowance() public {
        vm.startPrank(alice);
        w.deposit{value: 1 ether}();
        w.transferFrom(alice, bob, 1 ether);
        vm.stopPrank();
        assertEq(w.balanceOf(bob), 1 ether, "moved");
        assertEq(w.allowance(alice, alice), 0, "none used");
    }

    function test_transferFrom_insufficientAllowance_reverts() public {
        vm.startPrank(alice);
        w.deposit{value: 1 ether}();
        w.approve(bob, 10);
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(WTAO.InsufficientAllowance.selector, alice, bob, 10, 11));
        vm.prank(bob);
        w.transferFrom(alice, carol, 11);
    }

    function test_transferFrom_insufficientBalance_checkedFirst() public {
        vm.prank(alice);
        w.approve(bob, 100);
        vm.expectRevert(abi.encodeWithSelector(WTAO.InsufficientBalance.selector, alice, 0, 50));
        vm.prank(bob);
        w.transferFrom(alice, carol, 50);
    }

    function testFuzz_depositWithdraw_roundTrip(uint256 amount, uint256 out) public {
        amount = bound(amount, 0, 100 ether);
        out = bound(out, 0, amount);
        vm.startPrank(alice);
        w.deposit{value: amount}();
        w.withdraw(out);
        vm.stopPrank();
        assertEq(w.balanceOf(alice), amount - out, "balance");
        assertEq(alice.balance, 100 ether - amount + out, "TAO");
        assertEq(w.totalSupply(), amount - out, "supply");
    }

    function testFuzz_transferFrom_allowanceMath(uint256 allowed, uint256 amount) public {
        amount = bound(amount, 0, 10 ether);
        allowed = bound(allowed, amount, type(uint256).max);
        vm.startPrank(alice);
        w.deposit{value: 10 ether}();
        w.approve(bob, allowed);
        vm.stopPrank();
        vm.prank(bob);
        w.transferFrom(alice, carol, amount);
        uint256 expected = allowed == type(uint256).max ? allowed : allowed - amount;
        assertEq(w.allowance(alice, bob), expected, "allowance");
        assertEq(w.balanceOf(carol), amount, "received");
        assertEq(w.balanceOf(alice), 10 ether - amount, "sent");
    }
}

/// Random deposits, withdrawals, transfers and approvals among three actors.
contract WTAOHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    WTAO internal immutable w;
    address[3] internal actors = [address(0x1001), address(0x1002), address(0x1003)];

    constructor(WTAO w_) {
        w = w_;
    }

    function actorCount() external pure returns (uint256) {
        return 3;
    }

    function actor(uint256 i) external view returns (address) {
        return actors[i];
    }

    function deposit(uint256 who, uint256 amount) external {
        address a = actors[who % 3];
        amount = amount % 1e24;
        vm.deal(a, a.balance + amount);
        vm.prank(a);
        w.deposit{value: amount}();
    }

    function withdraw(uint256 who, uint256 amount) external {
        address a = actors[who % 3];
        uint256 bal = w.balanceOf(a);
        if (bal == 0) return;
        vm.prank(a);
        w.withdraw(amount % (bal + 1));
    }

    function transfer(uint256 from, uint256 to, uint256 amount) external {
        address a = actors[from % 3];
        uint256 bal = w.balanceOf(a);
        vm.prank(a);
        w.transfer(actors[to % 3], amount % (bal + 1));
    }

    function approveAndPull(uint256 from, uint256 by, uint256 amount, bool infinite) external {
        address a = actors[from % 3];
        address b = actors[by % 3];
        uint256 bal = w.balanceOf(a);
        amount = amount % (bal + 1);
        vm.prank(a);
        w.approve(b, infinite ? type(uint256).max : amount);
        vm.prank(b);
        w.transferFrom(a, b, amount);
    }
}

contract WTAOInvariantTest is Test {
    WTAO internal w;
    WTAOHandler internal h;

    function setUp() public {
        w = new WTAO();
        h = new WTAOHandler(w);
        targetContract(address(h));
    }

    /// totalSupply is the TAO held, and the balances add up to it.
    function invariant_supplyIsBalanceAndSumOfBalances() public view {
        uint256 sum;
        for (uint256 i = 0; i < h.actorCount(); ++i) {
            sum += w.balanceOf(h.actor(i));
        }
        assertEq(w.totalSupply(), address(w).balance, "supply == balance");
        assertEq(sum, w.totalSupply(), "sum of balances == supply");
    }
}
