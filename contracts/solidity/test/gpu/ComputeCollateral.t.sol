// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Test} from "../utils/Test.sol";
import {ComputeCollateral} from "../../src/gpu/ComputeCollateral.sol";
import {MockMetagraph, Precompiles, RejectingMiner, ReentrantMiner} from "./Mocks.sol";

/// @title ComputeCollateralTest
/// @notice Every function, revert and event of `ComputeCollateral`, with the metagraph (0x802)
/// and address-mapping (0x80c) precompiles mocked at their real addresses; fuzz tests of the
/// per-window bound and of the reclaim arithmetic.
contract ComputeCollateralTest is Test {
    uint16 internal constant NET = 7;
    uint64 internal constant DELAY = 20;
    uint64 internal constant WINDOW = 10;
    uint16 internal constant MAX_BPS = 2_500; // 25 % per validator per window
    uint256 internal constant TAO = 1 ether;

    ComputeCollateral internal c;
    MockMetagraph internal meta;
    address internal miner = address(0xA11CE);
    address internal validator = address(0xB0B);
    address internal validator2 = address(0xCAFE);
    address internal outsider = address(0xD00D);
    address internal burn;

    event Deposited(address indexed miner, bytes32 indexed hotkey, uint256 amount, uint256 collateral);
    event ReclaimRequested(address indexed miner, uint256 amount, uint64 unlockBlock);
    event ReclaimCancelled(address indexed miner, uint256 amount);
    event Withdrawn(address indexed miner, uint256 amount, uint256 collateral);
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

    function setUp() public {
        meta = Precompiles.install();
        meta.setUid(NET, 0, Precompiles.twin(validator), true);
        meta.setUid(NET, 1, Precompiles.twin(validator2), true);
        meta.setUid(NET, 2, Precompiles.twin(outsider), false);
        meta.setUid(NET, 3, Precompiles.twin(miner), false);
        vm.roll(100);
        c = new ComputeCollateral(NET, DELAY, WINDOW, MAX_BPS);
        burn = c.BURN();
        vm.deal(miner, 1_000 * TAO);
    }

    function _deposit(address who, uint256 amount) internal {
        vm.prank(who);
        c.deposit{value: amount}();
    }

    function _slash(address v, uint16 uid, bytes32 seed, uint256 amount) internal {
        vm.prank(v);
        c.slash(miner, uid, seed, bytes32(uint256(0x700)), keccak256("evidence"), amount);
    }

    function _collateral(address who) internal view returns (uint256 collateral, uint256 pending, uint64 unlock) {
        return c.accountOf(who);
    }

    // ------------------------------------------------------------------ constructor

    function testConstructorStoresParameters() public view {
        assertEq(c.netuid(), NET, "netuid");
        assertEq(c.reclaimDelay(), DELAY, "delay");
        assertEq(c.windowBlocks(), WINDOW, "window");
        assertEq(c.maxSlashBps(), MAX_BPS, "bps");
        assertEq(c.BURN(), address(0xdEaD), "burn");
        assertEq(c.totalCollateral(), 0, "empty");
    }

    function testConstructorRejectsBadParameters() public {
        vm.expectRevert(abi.encodeWithSelector(ComputeCollateral.InvalidParameter.selector, "reclaimDelay", 0));
        new ComputeCollateral(NET, 0, WINDOW, MAX_BPS);
        vm.expectRevert(abi.encodeWithSelector(ComputeCollateral.InvalidParameter.selector, "windowBlocks", 0));
        new ComputeCollateral(NET, DELAY, 0, MAX_BPS);
        vm.expectRevert(abi.encodeWithSelector(ComputeCollateral.InvalidParameter.selector, "maxSlashBps", 0));
        new ComputeCollateral(NET, DELAY, WINDOW, 0);
        vm.expectRevert(abi.encodeWithSelector(ComputeCollateral.InvalidParameter.selector, "maxSlashBps", 10_001));
        new ComputeCollateral(NET, DELAY, WINDOW, 10_001);
        new ComputeCollateral(NET, 1, 1, 10_000); // the extremes are accepted
    }

    // ------------------------------------------------------------------ deposit

    function testDepositCreditsTheCallerAndEmits() public {
        vm.expectEmit(true, true, false, true, address(c));
        emit Deposited(miner, Precompiles.twin(miner), 3 * TAO, 3 * TAO);
        _deposit(miner, 3 * TAO);
        vm.expectEmit(true, true, false, true, address(c));
        emit Deposited(miner, Precompiles.twin(miner), 2 * TAO, 5 * TAO);
        _deposit(miner, 2 * TAO);
        assertEq(c.collateralOf(miner), 5 * TAO, "collateral");
        assertEq(c.totalCollateral(), 5 * TAO, "total");
        assertEq(address(c).balance, 5 * TAO, "balance");
        assertEq(c.hotkeyOf(miner), Precompiles.twin(miner), "hotkey from 0x80c");
    }

    function testDepositOfZeroReverts() public {
        vm.expectRevert(abi.encodeWithSelector(ComputeCollateral.ZeroAmount.selector));
        _deposit(miner, 0);
    }

    function testPlainTransfersAreRefused() public {
        vm.prank(miner);
        (bool ok,) = address(c).call{value: 1}("");
        assertTrue(!ok, "no receive");
        assertEq(address(c).balance, 0, "nothing kept");
    }

    // ------------------------------------------------------------------ reclaim

    function testReclaimAfterTheDelayPaysTheMiner() public {
        _deposit(miner, 10 * TAO);
        vm.expectEmit(true, false, false, true, address(c));
        emit ReclaimRequested(miner, 4 * TAO, 100 + DELAY);
        vm.prank(miner);
        c.requestReclaim(4 * TAO);
        (uint256 col, uint256 pending, uint64 unlock) = _collateral(miner);
        assertEq(col, 10 * TAO, "still collateral");
        assertEq(pending, 4 * TAO, "pending");
        assertEq(unlock, 100 + DELAY, "unlock");

        vm.roll(100 + DELAY - 1);
        vm.expectRevert(abi.encodeWithSelector(ComputeCollateral.ReclaimLocked.selector, 100 + DELAY, 100 + DELAY - 1));
        vm.prank(miner);
        c.withdraw();

        vm.roll(100 + DELAY);
        uint256 before = miner.balance;
        vm.expectEmit(true, false, false, true, address(c));
        emit Withdrawn(miner, 4 * TAO, 6 * TAO);
        vm.prank(miner);
        assertEq(c.withdraw(), 4 * TAO, "returned");
        assertEq(miner.balance - before, 4 * TAO, "paid");
        (col, pending, unlock) = _collateral(miner);
        assertEq(col, 6 * TAO, "left");
        assertEq(pending + unlock, 0, "request cleared");
        assertEq(address(c).balance, c.totalCollateral(), "balance");
    }

    function testReclaimRequestReverts() public {
        vm.expectRevert(abi.encodeWithSelector(ComputeCollateral.ZeroAmount.selector));
        vm.prank(miner);
        c.requestReclaim(0);
        _deposit(miner, 1 * TAO);
        vm.expectRevert(abi.encodeWithSelector(ComputeCollateral.InsufficientCollateral.selector, 2 * TAO, 1 * TAO));
        vm.prank(miner);
        c.requestReclaim(2 * TAO);
    }

    function testANewRequestReplacesTheOldAndRestartsTheDelay() public {
        _deposit(miner, 10 * TAO);
        vm.prank(miner);
        c.requestReclaim(1 * TAO);
        vm.roll(110);
        vm.prank(miner);
        c.requestReclaim(3 * TAO);
        (, uint256 pending, uint64 unlock) = _collateral(miner);
        assertEq(pending, 3 * TAO, "replaced");
        assertEq(unlock, 110 + DELAY, "restarted");
    }

    function testCancelReclaim() public {
        vm.expectRevert(abi.encodeWithSelector(ComputeCollateral.NoReclaimPending.selector, miner));
        vm.prank(miner);
        c.cancelReclaim();
        _deposit(miner, 5 * TAO);
        vm.prank(miner);
        c.requestReclaim(5 * TAO);
        vm.expectEmit(true, false, false, true, address(c));
        emit ReclaimCancelled(miner, 5 * TAO);
        vm.prank(miner);
        c.cancelReclaim();
        (uint256 col, uint256 pending, uint64 unlock) = _collateral(miner);
        assertEq(col, 5 * TAO, "kept");
        assertEq(pending + unlock, 0, "cleared");
        vm.roll(1_000);
        vm.expectRevert(abi.encodeWithSelector(ComputeCollateral.NoReclaimPending.selector, miner));
        vm.prank(miner);
        c.withdraw();
    }

    function testWithdrawWithoutRequestReverts() public {
        _deposit(miner, 5 * TAO);
        vm.expectRevert(abi.encodeWithSelector(ComputeCollateral.NoReclaimPending.selector, miner));
        vm.prank(miner);
        c.withdraw();
    }

    function testWithdrawToARejectingAccountReverts() public {
        RejectingMiner m = new RejectingMiner(c);
        m.deposit{value: 2 * TAO}();
        m.requestReclaim(2 * TAO);
        vm.roll(100 + DELAY);
        vm.expectRevert(abi.encodeWithSelector(ComputeCollateral.TransferFailed.selector, address(m), 2 * TAO));
        m.withdraw();
        assertEq(c.collateralOf(address(m)), 2 * TAO, "nothing changed");
    }

    function testReentrantWithdrawIsRefused() public {
        ReentrantMiner m = new ReentrantMiner(c);
        m.deposit{value: 2 * TAO}();
        m.requestReclaim(1 * TAO);
        vm.roll(100 + DELAY);
        m.withdraw();
        assertEq(m.received(), 1 * TAO, "paid once");
        assertEq(
            keccak256(m.reentryError()),
            keccak256(abi.encodeWithSelector(ComputeCollateral.Reentrancy.selector)),
            "re-entry refused"
        );
        assertEq(c.collateralOf(address(m)), 1 * TAO, "the rest stays");
        assertEq(address(c).balance, 1 * TAO, "balance");
    }

    // ------------------------------------------------------------------ slash

    function testSlashBurnsAndEmitsTheEvidence() public {
        _deposit(miner, 8 * TAO);
        bytes32 seed = keccak256("task");
        vm.expectEmit(true, true, true, true, address(c));
        emit Slashed(miner, validator, seed, 0, bytes32(uint256(0x700)), keccak256("evidence"), 1 * TAO, 7 * TAO);
        _slash(validator, 0, seed, 1 * TAO);
        assertEq(c.collateralOf(miner), 7 * TAO, "collateral");
        assertEq(burn.balance, 1 * TAO, "burned");
        assertEq(address(c).balance, 7 * TAO, "balance");
        assertEq(c.totalCollateral(), 7 * TAO, "total");
        assertTrue(c.taskSlashed(miner, seed), "task recorded");
        assertTrue(!c.taskSlashed(miner, keccak256("other")), "other task");
    }

    function testSlashRevertsForNonValidators() public {
        _deposit(miner, 8 * TAO);
        bytes32 seed = keccak256("t");
        // uid 0 is validator's, not the outsider's
        vm.expectRevert(
            abi.encodeWithSelector(
                ComputeCollateral.NotCallerUid.selector, 0, Precompiles.twin(validator), Precompiles.twin(outsider)
            )
        );
        _slash(outsider, 0, seed, 1);
        // the outsider's own uid has no permit
        vm.expectRevert(abi.encodeWithSelector(ComputeCollateral.NoValidatorPermit.selector, 2));
        _slash(outsider, 2, seed, 1);
        // a uid that does not exist has no hotkey
        vm.expectRevert(
            abi.encodeWithSelector(ComputeCollateral.NotCallerUid.selector, 99, bytes32(0), Precompiles.twin(validator))
        );
        _slash(validator, 99, seed, 1);
        // a permit on another subnet does not count
        meta.setUid(NET + 1, 5, Precompiles.twin(outsider), true);
        vm.expectRevert(
            abi.encodeWithSelector(ComputeCollateral.NotCallerUid.selector, 5, bytes32(0), Precompiles.twin(outsider))
        );
        _slash(outsider, 5, seed, 1);
        assertEq(c.collateralOf(miner), 8 * TAO, "untouched");
    }

    function testSlashArgumentReverts() public {
        _deposit(miner, 8 * TAO);
        vm.expectRevert(abi.encodeWithSelector(ComputeCollateral.ZeroAmount.selector));
        _slash(validator, 0, "s", 0);
        vm.expectRevert(abi.encodeWithSelector(ComputeCollateral.SelfSlash.selector, validator));
        vm.prank(validator);
        c.slash(validator, 0, "s", 0, 0, 1);
        vm.expectRevert(abi.encodeWithSelector(ComputeCollateral.InsufficientCollateral.selector, 1, 0));
        vm.prank(validator);
        c.slash(outsider, 0, "s", 0, 0, 1);
    }

    function testOneSlashPerTask() public {
        _deposit(miner, 8 * TAO);
        bytes32 same = keccak256("same");
        _slash(validator, 0, same, 1);
        vm.expectRevert(abi.encodeWithSelector(ComputeCollateral.TaskAlreadySlashed.selector, miner, same));
        _slash(validator2, 1, same, 1);
        vm.roll(100 + WINDOW);
        vm.expectRevert(abi.encodeWithSelector(ComputeCollateral.TaskAlreadySlashed.selector, miner, same));
        _slash(validator, 0, same, 1);
    }

    function testSlashIsBoundedPerValidatorPerWindow() public {
        _deposit(miner, 8 * TAO);
        assertEq(c.slashable(miner, validator), 2 * TAO, "25 % of 8");
        _slash(validator, 0, "a", 1 * TAO);
        assertEq(c.slashable(miner, validator), 1 * TAO, "1 left this window");
        vm.expectRevert(abi.encodeWithSelector(ComputeCollateral.SlashLimitExceeded.selector, 1 * TAO + 1, 1 * TAO));
        _slash(validator, 0, "b", 1 * TAO + 1);
        _slash(validator, 0, "b", 1 * TAO);
        assertEq(c.slashable(miner, validator), 0, "used up");
        vm.expectRevert(abi.encodeWithSelector(ComputeCollateral.SlashLimitExceeded.selector, 1, 0));
        _slash(validator, 0, "c", 1);
        // another validator has its own share, of the collateral at its first slash
        assertEq(c.slashable(miner, validator2), 1.5 ether, "25 % of 6");
        _slash(validator2, 1, "d", 1.5 ether);
        // the next window (block 110) starts again from the collateral then
        vm.roll(109);
        assertEq(c.slashable(miner, validator), 0, "same window");
        vm.roll(110);
        assertEq(c.slashable(miner, validator), 1.125 ether, "25 % of 4.5");
        _slash(validator, 0, "e", 1.125 ether);
        assertEq(c.collateralOf(miner), 3.375 ether, "left");
        assertEq(burn.balance, 4.625 ether, "burned");
    }

    function testSlashDuringTheDelayReducesTheWithdrawal() public {
        _deposit(miner, 10 * TAO);
        vm.prank(miner);
        c.requestReclaim(10 * TAO);
        vm.roll(105);
        _slash(validator, 0, "x", 2 * TAO);
        (uint256 col, uint256 pending, uint64 unlock) = _collateral(miner);
        assertEq(col, 8 * TAO, "collateral");
        assertEq(pending, 8 * TAO, "the slash came out of the request");
        assertEq(unlock, 100 + DELAY, "delay kept");
        vm.roll(100 + DELAY);
        uint256 before = miner.balance;
        vm.prank(miner);
        c.withdraw();
        assertEq(miner.balance - before, 8 * TAO, "paid the rest");
        assertEq(c.collateralOf(miner), 0, "empty");
    }

    function testSlashOfMoreThanThePendingRequestClearsIt() public {
        c = new ComputeCollateral(NET, DELAY, WINDOW, 10_000);
        _deposit(miner, 10 * TAO);
        vm.prank(miner);
        c.requestReclaim(1 * TAO);
        _slash(validator, 0, "x", 3 * TAO);
        (uint256 col, uint256 pending, uint64 unlock) = _collateral(miner);
        assertEq(col, 7 * TAO, "collateral");
        assertEq(pending + unlock, 0, "request used up");
        vm.roll(100 + DELAY);
        vm.expectRevert(abi.encodeWithSelector(ComputeCollateral.NoReclaimPending.selector, miner));
        vm.prank(miner);
        c.withdraw();
    }

    function testSlashableIsCappedByTheCollateral() public {
        c = new ComputeCollateral(NET, DELAY, WINDOW, 10_000);
        _deposit(miner, 4 * TAO);
        _slash(validator, 0, "a", 1 * TAO);
        _slash(validator2, 1, "b", 2 * TAO);
        // validator's window allows 3 more of its base 4, but only 1 is left
        assertEq(c.slashable(miner, validator), 1 * TAO, "capped");
        vm.expectRevert(abi.encodeWithSelector(ComputeCollateral.InsufficientCollateral.selector, 2 * TAO, 1 * TAO));
        _slash(validator, 0, "c", 2 * TAO);
        assertEq(c.slashable(outsider, validator), 0, "no collateral");
    }

    // ------------------------------------------------------------------ fuzz

    function testFuzzSlashWithinTheBoundSucceedsAboveItReverts(uint96 deposited, uint16 bps, uint256 amount) public {
        uint256 dep = bound(deposited, 1, 1e30);
        bps = uint16(bound(bps, 1, 10_000));
        c = new ComputeCollateral(NET, DELAY, WINDOW, bps);
        vm.deal(miner, dep);
        _deposit(miner, dep);
        uint256 cap = (dep * bps) / 10_000;
        assertEq(c.slashable(miner, validator), cap, "slashable");
        amount = bound(amount, 1, dep);
        if (amount > cap) {
            vm.expectRevert(abi.encodeWithSelector(ComputeCollateral.SlashLimitExceeded.selector, amount, cap));
            _slash(validator, 0, "f", amount);
        } else {
            _slash(validator, 0, "f", amount);
            assertEq(c.collateralOf(miner), dep - amount, "collateral");
            assertEq(burn.balance, amount, "burned");
            assertEq(c.slashable(miner, validator), cap - amount, "rest of the window");
        }
        assertEq(address(c).balance, c.totalCollateral(), "balance");
    }

    function testFuzzReclaimPaysRequestMinusSlash(uint96 deposited, uint96 requested, uint96 slashed) public {
        c = new ComputeCollateral(NET, DELAY, WINDOW, 10_000);
        uint256 dep = bound(deposited, 2, 1e27);
        uint256 req = bound(requested, 1, dep);
        uint256 cut = bound(slashed, 1, dep);
        vm.deal(miner, dep);
        _deposit(miner, dep);
        vm.prank(miner);
        c.requestReclaim(req);
        _slash(validator, 0, "f", cut);
        uint256 expected = req > cut ? req - cut : 0;
        vm.roll(100 + DELAY);
        vm.prank(miner);
        if (expected == 0) {
            vm.expectRevert(abi.encodeWithSelector(ComputeCollateral.NoReclaimPending.selector, miner));
            c.withdraw();
        } else {
            assertEq(c.withdraw(), expected, "paid");
        }
        assertEq(miner.balance, expected, "miner");
        assertEq(c.collateralOf(miner), dep - cut - expected, "left");
        assertEq(address(c).balance, c.totalCollateral(), "balance");
    }
}
