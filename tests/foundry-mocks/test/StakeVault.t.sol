// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {TaochainTest, TaochainMocks} from "taochain-mocks/TaochainMocks.sol";
import {MockStakingV2} from "taochain-mocks/MockStakingV2.sol";
import {IStaking, ISTAKING_ADDRESS} from "taochain-mocks/interfaces/IStaking.sol";
import {IAlpha, IALPHA_ADDRESS} from "taochain-mocks/interfaces/IAlpha.sol";
import {ISubnet, ISUBNET_ADDRESS} from "taochain-mocks/interfaces/ISubnet.sol";
import {IAddressMapping, IADDRESS_MAPPING_ADDRESS} from "taochain-mocks/interfaces/IAddressMapping.sol";
import {StakeVault} from "../src/StakeVault.sol";
import {Sequence} from "../src/Sequence.sol";

/// @notice Unit tests of StakeVault on the mocks, and of the mocks themselves against numbers
/// computed by an independent model of the node's pool math (model.py).
contract StakeVaultTest is TaochainTest {
    uint16 internal constant NETUID = 1;
    bytes32 internal constant HOTKEY = keccak256("validator hotkey");
    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);
    StakeVault internal vault;

    event StakeAdded(bytes32 indexed coldkey, bytes32 indexed hotkey, uint16 indexed netuid, uint256 taoRao, uint256 alphaRao);

    function setUp() public override {
        super.setUp();
        // 1,000 TAO / 800 alpha: spot price 1.25 TAO per alpha.
        TaochainMocks.setupSubnet(NETUID, 1_000e9, 800e9, HOTKEY, keccak256("owner coldkey"));
        vault = new StakeVault(HOTKEY, NETUID);
        vm.deal(ALICE, 100 ether);
        vm.deal(BOB, 100 ether);
    }

    function test_probe_sees_the_mocks() public view {
        assertTrue(TaochainMocks.probe() == TaochainMocks.Backend.Mocks, "probe: mocks");
    }

    function test_probe_sees_a_node_and_nothing() public {
        vm.etch(ISTAKING_ADDRESS, hex"60006000fd");
        assertTrue(TaochainMocks.probe() == TaochainMocks.Backend.Node, "probe: node placeholder code");
        vm.etch(ISTAKING_ADDRESS, "");
        assertTrue(TaochainMocks.probe() == TaochainMocks.Backend.None, "probe: no code");
    }

    function test_address_mapping_is_blake2b_of_evm_prefix() public view {
        // python3 -c "import hashlib; print(hashlib.blake2b(b'evm:'+bytes.fromhex('f39F...2266'), digest_size=32).hexdigest())"
        assertEq(
            IAddressMapping(IADDRESS_MAPPING_ADDRESS).addressMapping(0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266),
            0xc4518fa0ed143e016e4a1410193704924b890de8f854b94c7a6037651ec65dd0,
            "twin of dev account 0"
        );
    }

    function test_deposit_credits_the_alpha_received_and_takes_the_balance() public {
        uint256 quoted = IAlpha(IALPHA_ADDRESS).simSwapTaoForAlpha(NETUID, 10e9);
        bytes32 vaultTwin = TaochainMocks.twin(address(vault));
        vm.expectEmit(true, true, true, true, ISTAKING_ADDRESS);
        emit StakeAdded(vaultTwin, HOTKEY, NETUID, 10e9, 7_916_843_052);
        vm.prank(ALICE);
        uint256 got = vault.deposit{value: 10 ether}();
        assertEq(got, 7_916_843_052, "alpha for 10 TAO at 1000/800 (model.py)");
        assertEq(got, quoted, "simSwapTaoForAlpha is exact");
        assertEq(vault.alphaOf(ALICE), got, "credited");
        assertEq(address(vault).balance, 0, "the stake left the vault's balance");
        assertEq(ALICE.balance, 90 ether, "alice paid 10 TAO");
        assertEq(IAlpha(IALPHA_ADDRESS).getTaoInPool(NETUID), 1_009_994_964_523, "TAO reserve grew by the net input");
    }

    function test_withdraw_pays_what_the_unstake_paid() public {
        vm.prank(ALICE);
        uint256 got = vault.deposit{value: 10 ether}();
        uint256 quoted = IAlpha(IALPHA_ADDRESS).simSwapAlphaForTao(NETUID, uint64(got / 2));
        vm.prank(ALICE);
        uint256 paid = vault.withdraw(got / 2);
        assertEq(paid, quoted * 1e9, "paid = simSwapAlphaForTao quote");
        assertEq(paid, 5_019_816_484e9, "model.py");
        assertEq(ALICE.balance, 90 ether + paid, "alice got it");
        assertEq(vault.totalAlpha(), got - got / 2, "rest still staked");
    }

    function test_withdraw_more_than_credited_reverts() public {
        vm.prank(ALICE);
        uint256 got = vault.deposit{value: 10 ether}();
        vm.prank(BOB);
        vm.expectRevert(abi.encodeWithSignature("Panic(uint256)", 0x11));
        vault.withdraw(got);
    }

    function test_stake_below_minimum_reverts_with_the_node_name() public {
        vm.prank(ALICE);
        vm.expectRevert(bytes("AmountTooLow: addStake: below the minimum stake plus fee"));
        vault.deposit{value: 0.002 ether}();
    }

    function test_value_and_delegatecall_are_refused_as_on_the_node() public {
        vm.deal(address(this), 1 ether);
        vm.expectRevert(bytes("NotPayable: this function does not accept value"));
        IStaking(ISTAKING_ADDRESS).addStake{value: 1}(HOTKEY, 10e9, NETUID);
        (bool ok, bytes memory ret) =
            ISTAKING_ADDRESS.delegatecall(abi.encodeCall(IStaking.approve, (address(1), NETUID, 1)));
        assertTrue(!ok, "delegatecall must fail");
        assertEq(keccak256(ret), keccak256(abi.encodeWithSignature("Error(string)",
            "DelegateCallNotAllowed: precompiles that act for their caller cannot be delegate-called; use approve and transferStakeFrom to let a contract move stake")), "reason");
    }

    function test_unknown_subnet_reverts() public {
        StakeVault other = new StakeVault(HOTKEY, 7);
        vm.prank(ALICE);
        vm.expectRevert(bytes("SubnetNotExists: addStake: subnet does not exist"));
        other.deposit{value: 1 ether}();
    }

    function test_moving_price_values_the_position() public {
        vm.prank(ALICE);
        uint256 got = vault.deposit{value: 10 ether}();
        TaochainMocks.setMovingPrice(NETUID, 1e18);
        assertEq(vault.movingValueRao(), got, "1 TAO per alpha");
        TaochainMocks.stepMovingPrice(NETUID, 500_000);
        uint256 spot = IAlpha(IALPHA_ADDRESS).getAlphaPrice(NETUID);
        uint256 m = IAlpha(IALPHA_ADDRESS).getMovingAlphaPrice(NETUID);
        assertEq(m, (1e18 + (spot - 1e18) / 2) / 1e9 * 1e9, "half-way towards spot");
    }

    function test_register_network_creates_a_pool_from_the_lock() public {
        TaochainMocks.subnet().mockSetLockCost(20e9);
        bytes32 hk = keccak256("alice hotkey");
        vm.prank(ALICE);
        ISubnet(ISUBNET_ADDRESS).registerNetwork(hk);
        uint16 n = TaochainMocks.subnet().mockLastNetuid();
        assertEq(n, 2, "netuid 1 is taken by the set-up pool");
        MockStakingV2.Pool memory p = TaochainMocks.staking().mockPool(n);
        assertEq(p.tao, 20e9, "TAO reserve = lock");
        assertEq(p.alpha, 20e9, "alpha reserve = lock");
        assertEq(ALICE.balance, 80 ether, "lock taken");
        assertEq(TaochainMocks.staking().mockHotkeyOwner(hk), TaochainMocks.twin(ALICE), "hotkey owner");
        vm.prank(BOB);
        vm.expectRevert(bytes("NonAssociatedColdKey: registerNetwork: hotkey owned by another coldkey"));
        ISubnet(ISUBNET_ADDRESS).registerNetwork(hk);
    }

    /// The whole differential Sequence on the mocks against model.py's numbers.
    function test_sequence_matches_the_model() public {
        Sequence s = new Sequence();
        uint256[] memory r = s.run{value: 10 ether}(HOTKEY, NETUID, 10e9);
        uint256[26] memory want = [
            uint256(1000000000000), 800000000000, 0, 0, 1250000000000000000, 7916843052, 1247811587,
            10000000000000000000, 7916843052, 1009994964523, 792083156948, 1275112285000000000, 5019816484,
            5019816484000000000, 3958421526, 1004972631625, 796041578474, 1262462487000000000, 2630293071,
            6588714597, 12350, 8300139280000000000, 0, 1000000000004, 800000000000, 1250000000000000000
        ];
        for (uint256 i = 4; i < 26; i++) {
            assertEq(r[i], want[i], string.concat("Sequence result ", _str(i)));
        }
    }
}
