// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Test} from "../utils/Test.sol";
import {Vm} from "../utils/Vm.sol";
import {ComputeCollateral} from "../../src/gpu/ComputeCollateral.sol";
import {MockMetagraph, Precompiles} from "./Mocks.sol";

/// @title CollateralHandler
/// @notice The invariant runner's entry point: three miners deposit, request, cancel and
/// withdraw reclaims, two permit-holding validators slash with random amounts and tasks, and
/// blocks advance. It keeps ghost sums of what went in, out and to the burn address.
contract CollateralHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    ComputeCollateral public immutable c;
    address[3] internal miners = [address(0x1001), address(0x1002), address(0x1003)];
    address[2] internal validators = [address(0x2001), address(0x2002)];
    /// @notice Ghosts: TAO deposited, withdrawn, slashed (wei).
    uint256 public deposited;
    uint256 public withdrawn;
    uint256 public slashed;
    /// @notice Calls that succeeded (to see the runner does real work).
    uint256 public successes;
    /// @notice A slash that went beyond its window's bound (must stay 0).
    uint256 public overSlashes;
    /// @notice Per (miner, validator, window) slashed sums, and each window's base.
    mapping(bytes32 => uint256) internal windowSlashed;
    mapping(bytes32 => uint256) internal windowBase;

    constructor(ComputeCollateral c_) {
        c = c_;
        for (uint256 i = 0; i < 3; i++) {
            vm.deal(miners[i], 1e30);
        }
    }

    function minerCount() external pure returns (uint256) {
        return 3;
    }

    function minerAt(uint256 i) external view returns (address) {
        return miners[i];
    }

    function deposit(uint8 who, uint96 amount) external {
        address m = miners[who % 3];
        uint256 value = amount % 1e24;
        vm.prank(m);
        try c.deposit{value: value}() {
            deposited += value;
            successes++;
        } catch {}
    }

    function requestReclaim(uint8 who, uint96 amount) external {
        address m = miners[who % 3];
        uint256 col = c.collateralOf(m);
        uint256 value = col == 0 ? amount : (amount % col) + 1;
        vm.prank(m);
        try c.requestReclaim(value) {
            successes++;
        } catch {}
    }

    function cancelReclaim(uint8 who) external {
        vm.prank(miners[who % 3]);
        try c.cancelReclaim() {
            successes++;
        } catch {}
    }

    function withdraw(uint8 who) external {
        address m = miners[who % 3];
        vm.prank(m);
        try c.withdraw() returns (uint256 paid) {
            withdrawn += paid;
            successes++;
        } catch {}
    }

    function slash(uint8 who, uint8 by, bytes32 seed, uint96 amount) external {
        address m = miners[who % 3];
        uint16 uid = by % 2;
        address v = validators[uid];
        uint256 allowed = c.slashable(m, v);
        uint256 value = allowed == 0 ? amount : (amount % (allowed + allowed / 4 + 1)) + 1;
        uint256 col = c.collateralOf(m);
        bytes32 key = keccak256(abi.encode(m, v, block.number / c.windowBlocks()));
        if (windowSlashed[key] == 0) windowBase[key] = col;
        vm.prank(v);
        try c.slash(m, uid, seed, bytes32(0), bytes32(0), value) {
            slashed += value;
            windowSlashed[key] += value;
            if (windowSlashed[key] * 10_000 > windowBase[key] * c.maxSlashBps()) overSlashes++;
            successes++;
        } catch {}
    }

    function roll(uint8 blocks) external {
        vm.roll(block.number + (blocks % 16));
    }
}

/// @title ComputeCollateralInvariantTest
/// @notice The contract's balance equals the collateral not yet withdrawn or slashed; the sum
/// of the accounts equals `totalCollateral`; a pending reclaim never exceeds its collateral;
/// every slashed wei reached the burn address; no validator exceeds its per-window share.
contract ComputeCollateralInvariantTest is Test {
    ComputeCollateral internal c;
    CollateralHandler internal handler;

    function setUp() public {
        MockMetagraph meta = Precompiles.install();
        meta.setUid(3, 0, Precompiles.twin(address(0x2001)), true);
        meta.setUid(3, 1, Precompiles.twin(address(0x2002)), true);
        vm.roll(1_000);
        c = new ComputeCollateral(3, 30, 10, 3_000);
        handler = new CollateralHandler(c);
        targetContract(address(handler));
    }

    function invariant_balanceIsCollateralNotWithdrawnOrSlashed() public view {
        uint256 sum;
        for (uint256 i = 0; i < handler.minerCount(); i++) {
            (uint256 col, uint256 pending,) = c.accountOf(handler.minerAt(i));
            assertLe(pending, col, "pending within collateral");
            sum += col;
        }
        assertEq(address(c).balance, c.totalCollateral(), "balance == total");
        assertEq(sum, c.totalCollateral(), "sum of accounts == total");
        assertEq(
            address(c).balance, handler.deposited() - handler.withdrawn() - handler.slashed(), "in - out - slashed"
        );
        assertEq(address(0xdEaD).balance, handler.slashed(), "slashed TAO burned");
        assertEq(handler.overSlashes(), 0, "per-window bound");
    }
}

/// @title CollateralHandlerTest
/// @notice The handler reaches every operation: a scripted sequence succeeds at each step, so
/// the invariant runs exercise deposits, requests, cancels, withdrawals and slashes (and a
/// handler bug cannot hide behind try/catch).
contract CollateralHandlerTest is Test {
    function testEveryHandlerOperationSucceeds() public {
        MockMetagraph meta = Precompiles.install();
        meta.setUid(3, 0, Precompiles.twin(address(0x2001)), true);
        meta.setUid(3, 1, Precompiles.twin(address(0x2002)), true);
        vm.roll(1_000);
        ComputeCollateral c = new ComputeCollateral(3, 30, 10, 3_000);
        CollateralHandler h = new CollateralHandler(c);
        h.deposit(0, 5 ether);
        h.deposit(1, 7 ether);
        assertEq(h.successes(), 2, "deposits");
        h.requestReclaim(0, 1 ether);
        h.cancelReclaim(0);
        h.requestReclaim(0, 3 ether - 1); // the handler asks for (amount % collateral) + 1
        assertEq(h.successes(), 5, "requests and cancel");
        h.slash(0, 0, keccak256("a"), 1 ether);
        h.slash(1, 1, keccak256("b"), 1 ether);
        assertEq(h.successes(), 7, "slashes");
        assertGt(h.slashed(), 0, "slashed");
        h.roll(15);
        h.roll(15);
        h.withdraw(0);
        assertEq(h.successes(), 8, "withdrawal");
        // requested 3 ether; the handler slashed (1 ether % (1.5 + 0.375 ether + 1)) + 1 of it
        assertEq(h.withdrawn(), 3 ether - (1 ether + 1), "the request less the slash");
        assertGt(h.withdrawn(), 0, "withdrawn");
        assertEq(address(c).balance, h.deposited() - h.withdrawn() - h.slashed(), "books");
    }
}
