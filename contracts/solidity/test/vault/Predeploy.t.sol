// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Test} from "../utils/Test.sol";
import {ChainMocks} from "../mocks/ChainMocks.sol";
import {MockStaking} from "../mocks/MockStaking.sol";
import {WTAO} from "../../src/token/WTAO.sol";
import {IAlphaBacked} from "../../src/alpha/IAlphaBacked.sol";
import {WrappedAlpha} from "../../src/alpha/WrappedAlpha.sol";
import {WrappedAlphaFactory} from "../../src/alpha/WrappedAlphaFactory.sol";
import {DelegationVault} from "../../src/vault/DelegationVault.sol";
import {DelegationVaultFactory} from "../../src/vault/DelegationVaultFactory.sol";

/// The genesis predeploy of WTAO and the two factories: each constructor runs somewhere else (a
/// scratch deployment), only the runtime code is copied to a fixed address (they keep no
/// storage), and everything works from there: the factories create at addresses derived from
/// the fixed address, and the vault factory's WTAO is the fixed WTAO, which did not exist yet
/// when its constructor ran.
contract PredeployTest is Test {
    address internal constant WTAO_AT = address(uint160(0xdef1000001));
    address internal constant WRAPPED_AT = address(uint160(0xdef1000002));
    address internal constant VAULTS_AT = address(uint160(0xdef1000003));
    uint16 internal constant NET = 2;
    bytes32 internal constant HK = keccak256("predeploy hotkey");

    MockStaking internal staking;

    function setUp() public {
        (staking,) = ChainMocks.install();
        staking.setMinStake(2_000_000);
        staking.createSubnet(NET, 1_000_000e9, 1_000_000e9);
        staking.registerHotkey(HK, keccak256("owner"));
        // Scratch deployments; the vault factory is built before WTAO has code at WTAO_AT.
        DelegationVaultFactory scratchVaults = new DelegationVaultFactory(payable(WTAO_AT));
        WTAO scratchWtao = new WTAO();
        WrappedAlphaFactory scratchWrapped = new WrappedAlphaFactory();
        vm.etch(WTAO_AT, address(scratchWtao).code);
        vm.etch(WRAPPED_AT, address(scratchWrapped).code);
        vm.etch(VAULTS_AT, address(scratchVaults).code);
        for (uint256 slot = 0; slot < 4; ++slot) {
            assertEq(vm.load(address(scratchVaults), bytes32(slot)), bytes32(0), "vault factory: no storage");
            assertEq(vm.load(address(scratchWrapped), bytes32(slot)), bytes32(0), "wrapped factory: no storage");
            assertEq(vm.load(address(scratchWtao), bytes32(slot)), bytes32(0), "WTAO: no storage");
        }
    }

    function test_predeployedContractsWork() public {
        WTAO wtao = WTAO(payable(WTAO_AT));
        address alice = address(0xA11CE);
        vm.deal(alice, 100 ether);

        // WTAO at its fixed address.
        vm.prank(alice);
        wtao.deposit{value: 20 ether}();
        assertEq(wtao.totalSupply(), 20 ether, "WTAO works");

        // The wrapped-alpha factory creates from its fixed address.
        WrappedAlphaFactory wf = WrappedAlphaFactory(WRAPPED_AT);
        address predicted = wf.tokenFor(HK, NET);
        WrappedAlpha token = WrappedAlpha(wf.create(HK, NET));
        assertEq(address(token), predicted, "tokenFor from the fixed address");
        assertEq(token.factory(), WRAPPED_AT, "created by the predeploy");
        staking.distribute(HK, NET, ChainMocks.id(alice), 10e9);
        vm.startPrank(alice);
        staking.approve(address(token), NET, 10e9);
        uint256 shares = token.wrap(10e9);
        vm.stopPrank();
        assertEq(IAlphaBacked(address(token)).convertToAlpha(shares), 10e9, "wrapped");

        // The vault factory's asset is the fixed WTAO.
        DelegationVaultFactory vf = DelegationVaultFactory(VAULTS_AT);
        assertEq(vf.wtao(), WTAO_AT, "immutable WTAO baked into the runtime code");
        DelegationVault vault = DelegationVault(payable(vf.create(HK, NET)));
        assertEq(address(vault), vf.vaultFor(HK, NET), "vaultFor from the fixed address");
        vm.startPrank(alice);
        wtao.approve(address(vault), 10 ether);
        uint256 vShares = vault.deposit(10 ether, alice);
        vm.stopPrank();
        assertEq(vault.convertToAlpha(vShares), staking.getStake(HK, vault.coldkey(), NET), "deposited");
        assertEq(wtao.balanceOf(alice), 10 ether, "WTAO spent");
    }
}
