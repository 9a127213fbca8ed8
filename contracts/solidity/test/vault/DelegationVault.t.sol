// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Test} from "../utils/Test.sol";
import {ChainMocks} from "../mocks/ChainMocks.sol";
import {MockStaking} from "../mocks/MockStaking.sol";
import {MockAlpha} from "../mocks/MockAlpha.sol";
import {HostileStaking} from "../mocks/HostileStaking.sol";
import {ISTAKING_ADDRESS} from "interfaces/IStaking.sol";
import {WTAO} from "../../src/token/WTAO.sol";
import {ShareToken} from "../../src/token/ShareToken.sol";
import {IAlphaBacked} from "../../src/alpha/IAlphaBacked.sol";
import {DelegationVault} from "../../src/vault/DelegationVault.sol";
import {DelegationVaultFactory} from "../../src/vault/DelegationVaultFactory.sol";

/// Shared set-up: mocks at the precompile addresses, subnet 1 with a 1M TAO / 1M alpha pool
/// (price 1, no fee), hotkey HK, WTAO, the factory and HK's vault; alice and bob hold 1,000 WTAO
/// each and have approved the vault.
abstract contract VaultBase is Test {
    uint16 internal constant NET = 1;
    uint256 internal constant MIN = 2_000_000; // RAO
    uint256 internal constant V = 1e6;
    uint256 internal constant RAO = 1e9; // wei
    bytes32 internal constant HK = keccak256("validator hotkey");

    MockStaking internal staking;
    MockAlpha internal alphaMock;
    WTAO internal wtao;
    DelegationVaultFactory internal factory;
    DelegationVault internal vault;
    address internal alice = address(0xA11CE);
    address internal bob = address(0xB0B);
    address internal carol = address(0xCA401);

    function setUp() public virtual {
        (staking, alphaMock) = ChainMocks.install();
        staking.setMinStake(MIN);
        staking.createSubnet(NET, 1_000_000e9, 1_000_000e9);
        staking.registerHotkey(HK, keccak256("validator coldkey"));
        wtao = new WTAO();
        factory = new DelegationVaultFactory(payable(address(wtao)));
        vault = DelegationVault(payable(factory.create(HK, NET)));
        _fund(alice);
        _fund(bob);
    }

    function _fund(address who) internal {
        vm.deal(who, 2_000 ether);
        vm.startPrank(who);
        wtao.deposit{value: 1_000 ether}();
        wtao.approve(address(vault), type(uint256).max);
        vm.stopPrank();
    }

    function _deposit(address who, uint256 assets) internal returns (uint256) {
        vm.prank(who);
        return vault.deposit(assets, who);
    }

    /// Alpha `rao` buys in the mock pool right now.
    function _buy(uint256 rao) internal view returns (uint256) {
        return staking.quoteBuy(NET, rao);
    }

    /// RAO `alpha` sells for in the mock pool right now.
    function _sell(uint256 alpha) internal view returns (uint256) {
        return staking.quoteSell(NET, alpha);
    }
}

contract DelegationVaultFactoryTest is VaultBase {
    function test_create_predictedAddressAndEvent() public {
        bytes32 hk2 = keccak256("other");
        address predicted = factory.vaultFor(hk2, 9);
        assertTrue(!factory.exists(hk2, 9), "not yet");
        vm.expectEmit(true, true, false, true, address(factory));
        emit DelegationVaultFactory.VaultCreated(hk2, 9, predicted, bob);
        vm.prank(bob);
        address v = factory.create(hk2, 9);
        assertEq(v, predicted, "CREATE2 address");
        assertTrue(factory.exists(hk2, 9), "exists");
        assertEq(DelegationVault(payable(v)).asset(), address(wtao), "asset");
    }

    function test_create_twice_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(DelegationVaultFactory.AlreadyExists.selector, HK, NET, address(vault)));
        factory.create(HK, NET);
    }

    function test_constructor_rejectsZeroAsset() public {
        vm.expectRevert(abi.encodeWithSelector(DelegationVaultFactory.InvalidAsset.selector, address(0)));
        new DelegationVaultFactory(payable(address(0)));
    }

    function test_metadata() public view {
        assertEq(factory.wtao(), address(wtao), "factory asset");
        assertEq(keccak256(bytes(vault.symbol())), keccak256("dvTAO-1"), "symbol");
        bytes memory d = "0123456789abcdef";
        bytes memory hk4 = new bytes(8);
        for (uint256 i = 0; i < 4; ++i) {
            hk4[2 * i] = d[uint8(HK[i]) >> 4];
            hk4[2 * i + 1] = d[uint8(HK[i]) & 15];
        }
        assertEq(
            keccak256(bytes(vault.name())),
            keccak256(bytes(string.concat("Delegation Vault SN1 0x", string(hk4)))),
            "name"
        );
        assertEq(vault.decimals(), 15, "decimals");
        assertEq(vault.asset(), address(wtao), "asset");
        assertEq(address(vault.wtao()), address(wtao), "wtao");
        assertEq(vault.factory(), address(factory), "factory");
        assertEq(vault.coldkey(), ChainMocks.id(address(vault)), "own coldkey");
        assertEq(IAlphaBacked(address(vault)).hotkey(), HK, "hotkey");
        assertEq(IAlphaBacked(address(vault)).netuid(), NET, "netuid");
        assertEq(vault.VIRTUAL_SHARES(), V, "virtual shares");
        assertEq(vault.WEI_PER_RAO(), RAO, "wei per RAO");
        assertEq(vault.MAX_DEVIATION_BPS(), 500, "5 %");
    }
}

contract DelegationVaultTest is VaultBase {
    // ---------------------------------------------------------------- deposit

    function test_deposit_stakesAndMints() public {
        uint256 alpha = _buy(10e9);
        assertEq(alpha, 9999900000, "pool math: 1e15 * 1e10 / (1e15 + 1e10)");
        uint256 supplyBefore = wtao.totalSupply();
        vm.expectEmit(true, true, false, true, address(vault));
        emit ShareToken.Transfer(address(0), carol, alpha * V);
        vm.expectEmit(true, true, false, true, address(vault));
        emit DelegationVault.Deposit(alice, carol, 10 ether, alpha * V);
        vm.prank(alice);
        uint256 shares = vault.deposit(10 ether, carol);
        assertEq(shares, alpha * V, "first deposit: alpha * V");
        assertEq(vault.balanceOf(carol), shares, "receiver holds them");
        assertEq(vault.stakeHeld(), alpha, "staked");
        assertEq(wtao.balanceOf(alice), 990 ether, "WTAO pulled");
        assertEq(wtao.totalSupply(), supplyBefore - 10 ether, "WTAO unwrapped");
        assertEq(staking.freeBalance(address(vault)), 0, "no TAO left in the vault");
        (,, uint256 taoIn,,) = staking.pools(NET);
        assertEq(taoIn, 1_000_010e9, "TAO went into the pool");
    }

    function test_deposit_second_mintsAgainstStakeDelta() public {
        _deposit(alice, 10 ether);
        staking.distribute(HK, NET, vault.coldkey(), 1e9); // dividends
        uint256 t = vault.stakeHeld();
        uint256 s = vault.totalSupply();
        uint256 alpha = _buy(5e9);
        uint256 shares = _deposit(bob, 5 ether);
        assertEq(shares, alpha * (s + V) / (t + 1), "shares = received * (S + V) / (T + 1)");
        assertLe(vault.convertToAlpha(shares), alpha, "no gain on entry");
    }

    function test_deposit_reverts() public {
        vm.startPrank(alice);
        vm.expectRevert(DelegationVault.ZeroAmount.selector);
        vault.deposit(0, alice);
        vm.expectRevert(abi.encodeWithSelector(DelegationVault.NotWholeRao.selector, 1 ether + 1));
        vault.deposit(1 ether + 1, alice);
        vm.expectRevert(abi.encodeWithSelector(ShareToken.InvalidReceiver.selector, address(0)));
        vault.deposit(1 ether, address(0));
        vm.expectRevert(bytes("AmountTooLow"));
        vault.deposit((MIN - 1) * RAO, alice);
        vm.expectRevert(abi.encodeWithSelector(WTAO.InsufficientBalance.selector, alice, 1_000 ether, 1_001 ether));
        vault.deposit(1_001 ether, alice);
        vm.stopPrank();
    }

    function test_deposit_moveFarFromMovingPrice_reverts() public {
        alphaMock.setMovingPrice(NET, 0.5e18); // the pool trades at twice the EMA
        uint256 alpha = _buy(10e9);
        uint256 value = alpha * 0.5e18 / 1e18;
        uint256 bound_ = 10e9 * 9_500 / 10_000;
        vm.expectRevert(abi.encodeWithSelector(DelegationVault.PriceDeviation.selector, value, bound_));
        _deposit(alice, 10 ether);
        // Within 5 % it passes.
        alphaMock.setMovingPrice(NET, 0.96e18);
        _deposit(alice, 10 ether);
    }

    function test_deposit_noReferencePrice_reverts() public {
        alphaMock.setMovingPrice(NET, 0);
        vm.expectRevert(abi.encodeWithSelector(DelegationVault.NoReferencePrice.selector, NET));
        _deposit(alice, 10 ether);
    }

    function test_depositGuarded_checksMinSharesOnly() public {
        alphaMock.setMovingPrice(NET, 0.5e18); // ignored by the guarded overload
        uint256 expected = _buy(10e9) * V;
        vm.expectRevert(abi.encodeWithSelector(DelegationVault.SharesBelowMinimum.selector, expected, expected + 1));
        vm.prank(alice);
        vault.deposit(10 ether, alice, expected + 1);
        vm.prank(alice);
        assertEq(vault.deposit(10 ether, alice, expected), expected, "exactly the minimum");
    }

    function test_depositTao() public {
        uint256 expected = _buy(3e9) * V;
        vm.expectEmit(true, true, false, true, address(vault));
        emit DelegationVault.Deposit(carol, bob, 3 ether, expected);
        vm.deal(carol, 3 ether);
        vm.prank(carol);
        uint256 shares = vault.depositTao{value: 3 ether}(bob, expected);
        assertEq(shares, expected, "shares");
        assertEq(vault.balanceOf(bob), expected, "to the receiver");
        assertEq(carol.balance, 0, "paid");
        assertEq(staking.freeBalance(address(vault)), 0, "all staked");
    }

    function test_depositTao_reverts() public {
        vm.deal(carol, 10 ether);
        vm.startPrank(carol);
        vm.expectRevert(abi.encodeWithSelector(DelegationVault.NotWholeRao.selector, 1 ether + 5));
        vault.depositTao{value: 1 ether + 5}(carol, 0);
        vm.expectRevert(DelegationVault.ZeroAmount.selector);
        vault.depositTao(carol, 0);
        uint256 expected = _buy(1e9) * V;
        vm.expectRevert(
            abi.encodeWithSelector(DelegationVault.SharesBelowMinimum.selector, expected, type(uint256).max)
        );
        vault.depositTao{value: 1 ether}(carol, type(uint256).max);
        vm.stopPrank();
    }

    function test_deposit_zeroShares_reverts() public {
        vm.deal(carol, 1 ether);
        _deposit(alice, MIN * RAO);
        staking.distribute(HK, NET, vault.coldkey(), 1e30); // an absurd donation
        uint256 alpha = _buy(MIN);
        vm.expectRevert(abi.encodeWithSelector(DelegationVault.ZeroShares.selector, alpha));
        _deposit(bob, MIN * RAO);
    }

    function test_deposit_nothingReceived_reverts() public {
        vm.etch(ISTAKING_ADDRESS, address(new HostileStaking()).code);
        vm.deal(carol, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(DelegationVault.NothingReceived.selector, 1e9));
        vm.prank(carol);
        vault.depositTao{value: 1 ether}(carol, 0);
    }

    function test_deposit_reentrancy_reverts() public {
        vm.etch(ISTAKING_ADDRESS, address(new HostileStaking()).code);
        HostileStaking(ISTAKING_ADDRESS)
            .configure(
                HostileStaking.Mode.Reenter,
                address(vault),
                abi.encodeWithSignature("redeem(uint256,address,address)", 1, carol, carol)
            );
        vm.deal(carol, 1 ether);
        vm.expectRevert(DelegationVault.Reentrancy.selector);
        vm.prank(carol);
        vault.depositTao{value: 1 ether}(carol, 0);
    }

    // ---------------------------------------------------------------- mint

    function test_mint_exactShares_minimalAssets() public {
        _deposit(bob, 50 ether);
        staking.distribute(HK, NET, vault.coldkey(), 2e9);
        uint256 shares = 7e15 + 123;
        uint256 assets = vault.previewMint(shares);
        assertEq(assets % RAO, 0, "whole RAO");
        // Minimal: one RAO less buys too little alpha for `shares`.
        uint256 needAlpha = (shares * (vault.stakeHeld() + 1) + vault.totalSupply() + V - 1) / (vault.totalSupply() + V);
        assertGe(_buy(assets / RAO), needAlpha, "enough");
        assertLt(_buy(assets / RAO - 1), needAlpha, "minimal");
        uint256 before = wtao.balanceOf(alice);
        vm.expectEmit(true, true, false, true, address(vault));
        emit DelegationVault.Deposit(alice, carol, assets, shares);
        vm.prank(alice);
        uint256 paid = vault.mint(shares, carol);
        assertEq(paid, assets, "paid the preview");
        assertEq(wtao.balanceOf(alice), before - assets, "pulled");
        assertEq(vault.balanceOf(carol), shares, "exactly the shares asked");
    }

    function test_mint_farFromMovingPrice_reverts() public {
        alphaMock.setMovingPrice(NET, 0.5e18);
        uint256 shares = 5e15;
        uint256 assets = vault.previewMint(shares);
        uint256 alpha = _buy(assets / RAO);
        vm.expectRevert(
            abi.encodeWithSelector(DelegationVault.PriceDeviation.selector, alpha / 2, assets / RAO * 9_500 / 10_000)
        );
        vm.prank(alice);
        vault.mint(shares, alice);
    }

    function test_mint_reverts() public {
        vm.startPrank(alice);
        vm.expectRevert(DelegationVault.ZeroAmount.selector);
        vault.mint(0, alice);
        vm.expectRevert(abi.encodeWithSelector(ShareToken.InvalidReceiver.selector, address(0)));
        vault.mint(1e15, address(0));
        vm.stopPrank();
    }

    function test_mint_quoteAboveExecution_reverts() public {
        _deposit(bob, 50 ether);
        alphaMock.setBuyQuoteBonus(10_000); // quotes 1 % more alpha than a stake buys
        uint256 shares = 5e15;
        uint256 assets = vault.previewMint(shares);
        uint256 minted = _buy(assets / RAO) * (vault.totalSupply() + V) / (vault.stakeHeld() + 1);
        vm.expectRevert(abi.encodeWithSelector(DelegationVault.MintShortfall.selector, minted, shares));
        vm.prank(alice);
        vault.mint(shares, alice);
    }

    function test_mint_unreachable_reverts() public {
        _deposit(bob, 1 ether);
        // More alpha than the whole pool holds: no amount of TAO buys it.
        uint256 shares = 2_000_000e9 * V;
        uint256 need = (shares * (vault.stakeHeld() + 1) + vault.totalSupply() + V - 1) / (vault.totalSupply() + V);
        vm.expectRevert(abi.encodeWithSelector(DelegationVault.Unreachable.selector, need));
        vault.previewMint(shares);
    }

    // ---------------------------------------------------------------- redeem

    function test_redeem_unstakesAndPaysWtao() public {
        uint256 aShares = _deposit(alice, 100 ether);
        _deposit(bob, 50 ether);
        staking.distribute(HK, NET, vault.coldkey(), 15e9);
        uint256 burn = aShares / 2;
        uint256 alpha = burn * (vault.stakeHeld() + 1) / (vault.totalSupply() + V);
        uint256 tao = _sell(alpha);
        uint256 stakeBefore = vault.stakeHeld();
        assertEq(vault.previewRedeem(burn), tao * RAO, "preview");
        vm.expectEmit(true, true, false, true, address(vault));
        emit ShareToken.Transfer(alice, address(0), burn);
        vm.expectEmit(true, true, true, true, address(vault));
        emit DelegationVault.Withdraw(alice, carol, alice, tao * RAO, burn);
        vm.prank(alice);
        uint256 assets = vault.redeem(burn, carol, alice);
        assertEq(assets, tao * RAO, "TAO received, in wei");
        assertEq(wtao.balanceOf(carol), assets, "paid in WTAO");
        assertEq(vault.stakeHeld(), stakeBefore - alpha, "unstaked exactly the shares' alpha");
        assertEq(vault.balanceOf(alice), aShares - burn, "burned");
        assertEq(staking.freeBalance(address(vault)), 0, "no TAO left in the vault");
        assertGt(alpha, 50e9, "dividends raised the share value");
    }

    function test_redeem_byApprovedSpender() public {
        uint256 shares = _deposit(alice, 10 ether);
        vm.prank(alice);
        vault.approve(bob, shares / 2);
        vm.prank(bob);
        vault.redeem(shares / 4, bob, alice);
        assertEq(vault.allowance(alice, bob), shares / 2 - shares / 4, "allowance spent");
        vm.expectRevert(
            abi.encodeWithSelector(
                ShareToken.InsufficientAllowance.selector, alice, bob, shares / 2 - shares / 4, shares / 2
            )
        );
        vm.prank(bob);
        vault.redeem(shares / 2, bob, alice);
    }

    function test_redeem_lastHolderTakesAll() public {
        uint256 shares = _deposit(alice, 10 ether);
        staking.distribute(HK, NET, vault.coldkey(), 3);
        uint256 stake = vault.stakeHeld();
        assertGt(stake, vault.convertToAlpha(shares - 1), "more than the formula gives");
        uint256 expected = _sell(stake) * RAO;
        vm.prank(alice);
        uint256 assets = vault.redeem(shares, alice, alice);
        assertEq(vault.stakeHeld(), 0, "empty");
        assertEq(assets, expected, "the whole stake sold");
    }

    function test_redeemGuarded_minAssetsOut() public {
        uint256 shares = _deposit(alice, 10 ether);
        alphaMock.setMovingPrice(NET, 2e18); // ignored by the guarded overload
        uint256 quote = vault.previewRedeem(shares / 2);
        vm.expectRevert(abi.encodeWithSelector(DelegationVault.AssetsBelowMinimum.selector, quote, quote + 1));
        vm.prank(alice);
        vault.redeem(shares / 2, alice, alice, quote + 1);
        vm.prank(alice);
        assertEq(vault.redeem(shares / 2, alice, alice, quote), quote, "at the minimum");
    }

    function test_redeem_farFromMovingPrice_reverts() public {
        uint256 shares = _deposit(alice, 10 ether);
        alphaMock.setMovingPrice(NET, 2e18); // the pool pays half the EMA
        uint256 alpha = vault.convertToAlpha(shares / 2);
        uint256 tao = _sell(alpha);
        uint256 minValue = alpha * 2e18 / 1e18 * 9_500 / 10_000;
        vm.expectRevert(abi.encodeWithSelector(DelegationVault.PriceDeviation.selector, tao, minValue));
        vm.prank(alice);
        vault.redeem(shares / 2, alice, alice);
    }

    function test_redeem_reverts() public {
        uint256 shares = _deposit(alice, 10 ether);
        vm.startPrank(alice);
        vm.expectRevert(DelegationVault.ZeroAmount.selector);
        vault.redeem(0, alice, alice);
        vm.expectRevert(abi.encodeWithSelector(ShareToken.InvalidReceiver.selector, address(0)));
        vault.redeem(1, address(0), alice);
        vm.expectRevert(abi.encodeWithSelector(ShareToken.InsufficientBalance.selector, alice, shares, shares + 1));
        vault.redeem(shares + 1, alice, alice);
        vm.expectRevert(bytes("AmountTooLow")); // the chain's minimum unstake
        vault.redeem(V, alice, alice);
        vm.stopPrank();
    }

    function test_redeem_stakeGone_reverts() public {
        uint256 shares = _deposit(alice, 10 ether);
        _deposit(bob, 10 ether);
        staking.takeStake(HK, NET, vault.coldkey(), vault.stakeHeld()); // e.g. a hotkey swap
        vm.expectRevert(abi.encodeWithSelector(DelegationVault.ZeroAlpha.selector, shares));
        vm.prank(alice);
        vault.redeem(shares, alice, alice);
    }

    function test_redeem_forcedSaleOfRemainder_reverts() public {
        staking.setNominatorMin(1e9);
        uint256 shares = _deposit(alice, 10 ether);
        _deposit(bob, 0.5 ether);
        uint256 alpha = vault.convertToAlpha(shares);
        uint256 stake = vault.stakeHeld();
        vm.expectRevert(abi.encodeWithSelector(DelegationVault.PositionChanged.selector, alpha, stake));
        vm.prank(alice);
        vault.redeem(shares, alice, alice, 0);
    }

    /// One alpha-RAO of share rounding either way is tolerated; two is refused.
    function test_redeem_shareRounding_toleratedByOne() public {
        uint256 shares = _deposit(alice, 10 ether);
        _deposit(bob, 10 ether);
        vm.etch(ISTAKING_ADDRESS, address(new HostileStaking()).code);
        HostileStaking hostile = HostileStaking(ISTAKING_ADDRESS);
        hostile.setStake(20e9);
        uint256 part = shares / 4;
        for (int256 skew = -1; skew <= 1; ++skew) {
            hostile.setSkew(skew);
            vm.prank(alice);
            vault.redeem(part, alice, alice, 0);
        }
        hostile.setSkew(2);
        uint256 alpha = vault.convertToAlpha(part);
        vm.expectRevert(abi.encodeWithSelector(DelegationVault.PositionChanged.selector, alpha, alpha + 2));
        vm.prank(alice);
        vault.redeem(part, alice, alice, 0);
    }

    function test_redeem_reentrancy_reverts() public {
        _deposit(alice, 10 ether);
        vm.etch(ISTAKING_ADDRESS, address(new HostileStaking()).code);
        HostileStaking(ISTAKING_ADDRESS).setStake(10e9);
        HostileStaking(ISTAKING_ADDRESS)
            .configure(
                HostileStaking.Mode.Reenter,
                address(vault),
                abi.encodeWithSignature("deposit(uint256,address)", 1 ether, alice)
            );
        vm.expectRevert(DelegationVault.Reentrancy.selector);
        vm.prank(alice);
        vault.redeem(1e15, alice, alice);
    }

    // ---------------------------------------------------------------- withdraw

    function test_withdraw_paysAtLeastAssets() public {
        _deposit(alice, 100 ether);
        _deposit(bob, 100 ether);
        uint256 want = 30 ether + 1; // rounded up to whole RAO
        uint256 shares = vault.previewWithdraw(want);
        uint256 balBefore = vault.balanceOf(alice);
        vm.prank(alice);
        uint256 burned = vault.withdraw(want, carol, alice);
        assertEq(burned, shares, "burned the preview");
        assertEq(vault.balanceOf(alice), balBefore - shares, "shares burned");
        uint256 got = wtao.balanceOf(carol);
        assertGe(got, want, "at least the assets asked");
        assertLt(got - want, 3 * RAO, "and only RAO rounding more");
    }

    function test_withdraw_farFromMovingPrice_reverts() public {
        _deposit(alice, 100 ether);
        alphaMock.setMovingPrice(NET, 2e18);
        // The least alpha whose sale pays 10 TAO (what withdraw unstakes).
        uint256 lo = 0;
        uint256 hi = vault.stakeHeld();
        while (hi - lo > 1) {
            uint256 mid = (lo + hi) / 2;
            if (_sell(mid) >= 10e9) hi = mid;
            else lo = mid;
        }
        assertLt(_sell(hi - 1), 10e9, "minimal");
        vm.expectRevert(
            abi.encodeWithSelector(DelegationVault.PriceDeviation.selector, _sell(hi), hi * 2 * 9_500 / 10_000)
        );
        vm.prank(alice);
        vault.withdraw(10 ether, alice, alice);
        alphaMock.unpinMovingPrice(NET);
        vm.prank(alice);
        vault.withdraw(10 ether, alice, alice);
        assertGe(wtao.balanceOf(alice), 900 ether + 10 ether, "paid once the EMA agrees");
    }

    function test_withdraw_maxWithdraw_soleHolder() public {
        uint256 shares = _deposit(alice, 10 ether);
        staking.distribute(HK, NET, vault.coldkey(), 1e9); // now S < T * V
        uint256 max = vault.maxWithdraw(alice);
        assertEq(vault.previewWithdraw(max), shares, "all the shares, not more");
        vm.prank(alice);
        assertEq(vault.withdraw(max, alice, alice), shares, "burns the supply");
        assertEq(vault.stakeHeld(), 0, "empty");
        assertEq(wtao.balanceOf(alice), 990 ether + max, "paid the quote");
    }

    function test_withdraw_maxWithdraw_withOthers() public {
        uint256 shares = _deposit(alice, 10 ether);
        _deposit(bob, 30 ether);
        staking.distribute(HK, NET, vault.coldkey(), 1e9);
        uint256 max = vault.maxWithdraw(alice);
        uint256 burn = vault.previewWithdraw(max);
        assertLe(burn, shares, "within alice's shares");
        vm.prank(alice);
        vault.withdraw(max, alice, alice);
        assertGe(wtao.balanceOf(alice), 990 ether + max, "at least the quote");
    }

    function test_withdraw_reverts() public {
        _deposit(alice, 10 ether);
        vm.expectRevert(DelegationVault.ZeroAmount.selector);
        vault.withdraw(0, alice, alice);
        uint256 tooMuch = vault.totalAssets() + RAO;
        vm.expectRevert(abi.encodeWithSelector(DelegationVault.Unreachable.selector, tooMuch / RAO));
        vm.prank(alice);
        vault.withdraw(tooMuch, alice, alice);
        // Bob has no shares.
        uint256 shares = vault.previewWithdraw(1 ether);
        vm.expectRevert(abi.encodeWithSelector(ShareToken.InsufficientAllowance.selector, alice, bob, 0, shares));
        vm.prank(bob);
        vault.withdraw(1 ether, bob, alice);
    }

    // ---------------------------------------------------------------- views, receive

    function test_views() public {
        assertEq(vault.totalAssets(), 0, "empty");
        assertEq(vault.previewDeposit(1 ether + 1), 0, "not whole RAO");
        assertEq(vault.previewDeposit(10 ether), _buy(10e9) * V, "previewDeposit");
        uint256 shares = _deposit(alice, 10 ether);
        uint256 stake = vault.stakeHeld();
        assertEq(vault.totalAssets(), _sell(stake) * RAO, "totalAssets = quote of the stake");
        uint256 price = alphaMock.getAlphaPrice(NET);
        assertEq(vault.convertToAssets(shares), vault.convertToAlpha(shares) * price / RAO, "convertToAssets at spot");
        assertEq(
            vault.convertToShares(1 ether),
            (1 ether * RAO / price) * (vault.totalSupply() + V) / (stake + 1),
            "convertToShares"
        );
        assertEq(vault.maxDeposit(alice), type(uint256).max, "maxDeposit");
        assertEq(vault.maxMint(alice), type(uint256).max, "maxMint");
        assertEq(vault.maxRedeem(alice), shares, "maxRedeem");
        assertEq(vault.maxWithdraw(alice), vault.previewRedeem(shares), "maxWithdraw");
        assertEq(vault.convertToAlpha(shares), stake, "all shares are the whole stake");
        staking.distribute(HK, NET, vault.coldkey(), stake / 10);
        assertEq(
            vault.convertToAlpha(shares / 2),
            (shares / 2) * (stake + stake / 10 + 1) / (shares + V),
            "rises with dividends"
        );
    }

    function test_receive_onlyFromWtao() public {
        vm.deal(carol, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(DelegationVault.UnexpectedSender.selector, carol));
        vm.prank(carol);
        (bool ok,) = address(vault).call{value: 1 ether}("");
        ok;
    }

    function test_sharesAreTransferable() public {
        uint256 shares = _deposit(alice, 10 ether);
        vm.prank(alice);
        vault.transfer(bob, shares);
        vm.prank(bob);
        uint256 assets = vault.redeem(shares, bob, bob);
        assertGt(assets, 9.99 ether, "bob redeems alice's deposit");
    }

    // ---------------------------------------------------------------- inflation attack

    /// The attacker deposits first, as little as the pool takes (2 RAO, chain minimum off), then
    /// donates 1,000 alpha to the vault's stake; the victim's 10 TAO deposit still gets shares
    /// worth its alpha, less at most one share's price.
    function test_inflationAttack_fails() public {
        staking.setMinStake(0);
        address attacker = address(0xBAD);
        vm.deal(attacker, 1 ether);
        vm.prank(attacker);
        uint256 aShares = vault.depositTao{value: 2 * RAO}(attacker, 0);
        assertEq(aShares, 1 * V, "2 RAO buy 1 alpha-RAO: 10^6 shares");
        uint256 donation = 1_000e9;
        staking.distribute(HK, NET, ChainMocks.id(attacker), donation);
        bytes32 vaultColdkey = vault.coldkey();
        vm.prank(attacker);
        staking.transferStake(vaultColdkey, HK, NET, NET, donation);

        uint256 alpha = _buy(10e9);
        uint256 shares = _deposit(alice, 10 ether);
        assertEq(shares, alpha * (V + V) / (1 + donation + 1), "fair shares at the inflated price");
        uint256 value = vault.convertToAlpha(shares);
        assertLe(value, alpha, "no gain");
        assertLe(alpha - value, donation / V + 1, "loss below one share's price");
        assertLt(alpha - value, alpha / 10_000, "loss below 0.01 %");
        vm.prank(alice);
        uint256 assets = vault.redeem(shares, alice, alice, 0);
        assertGt(assets, 9.99 ether, "the victim gets its TAO back, less the pool's price impact");
    }

    // ---------------------------------------------------------------- fuzz

    /// previewDeposit and previewRedeem are exact with the mock's exact quotes, and a deposit
    /// then redeem never returns more TAO than went in.
    function testFuzz_depositRedeem(uint256 seedAssets, uint256 assets, uint256 dividends) public {
        seedAssets = bound(seedAssets, MIN, 900e9) * RAO;
        assets = bound(assets, MIN, 900e9) * RAO;
        dividends = bound(dividends, 0, 1_000e9);
        _deposit(bob, seedAssets);
        staking.distribute(HK, NET, vault.coldkey(), dividends);
        uint256 preview = vault.previewDeposit(assets);
        uint256 shares = _deposit(alice, assets);
        assertEq(shares, preview, "previewDeposit exact");
        vm.assume(vault.convertToAlpha(shares) > 0 && _sell(vault.convertToAlpha(shares)) >= MIN);
        uint256 quoted = vault.previewRedeem(shares);
        vm.prank(alice);
        uint256 back = vault.redeem(shares, alice, alice, 0);
        assertEq(back, quoted, "previewRedeem exact");
        assertLe(back, assets, "round trip never gains");
    }

    /// Outstanding shares never redeem for more than the stake held.
    function testFuzz_sharesCoveredByStake(uint256 a, uint256 b, uint256 d, uint256 out) public {
        a = bound(a, MIN, 500e9) * RAO;
        b = bound(b, MIN, 500e9) * RAO;
        d = bound(d, 0, 1e15);
        _deposit(alice, a);
        staking.distribute(HK, NET, vault.coldkey(), d);
        _deposit(bob, b);
        out = bound(out, 1, vault.balanceOf(alice));
        vm.prank(alice);
        try vault.redeem(out, alice, alice, 0) {} catch {}
        uint256 owed = vault.convertToAlpha(vault.balanceOf(alice)) + vault.convertToAlpha(vault.balanceOf(bob));
        assertLe(owed, vault.stakeHeld(), "covered");
    }
}
