// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Test} from "../utils/Test.sol";
import {ChainMocks} from "../mocks/ChainMocks.sol";
import {MockStaking} from "../mocks/MockStaking.sol";
import {MockAlpha} from "../mocks/MockAlpha.sol";
import {HostileStaking} from "../mocks/HostileStaking.sol";
import {ISTAKING_ADDRESS} from "interfaces/IStaking.sol";
import {WrappedAlpha} from "../../src/alpha/WrappedAlpha.sol";
import {WrappedAlphaFactory} from "../../src/alpha/WrappedAlphaFactory.sol";
import {ShareToken} from "../../src/token/ShareToken.sol";
import {IAlphaBacked} from "../../src/alpha/IAlphaBacked.sol";

/// Shared set-up: mocks at the precompile addresses, subnet 1 with a 1M TAO / 1M alpha pool,
/// hotkey HK registered, alice and bob holding stake on it, the factory and HK's token.
abstract contract WrappedAlphaBase is Test {
    uint16 internal constant NET = 1;
    uint256 internal constant MIN = 2_000_000; // the chain's minimum stake move, RAO
    bytes32 internal constant HK = keccak256("validator hotkey");
    bytes32 internal constant HK_OWNER = keccak256("validator coldkey");
    uint256 internal constant V = 1e6; // WrappedAlpha.VIRTUAL_SHARES

    MockStaking internal staking;
    MockAlpha internal alphaMock;
    WrappedAlphaFactory internal factory;
    WrappedAlpha internal token;
    address internal alice = address(0xA11CE);
    address internal bob = address(0xB0B);

    function setUp() public virtual {
        (staking, alphaMock) = ChainMocks.install();
        staking.setMinStake(MIN);
        staking.createSubnet(NET, 1_000_000e9, 1_000_000e9);
        staking.registerHotkey(HK, HK_OWNER);
        staking.distribute(HK, NET, ChainMocks.id(alice), 10_000e9);
        staking.distribute(HK, NET, ChainMocks.id(bob), 10_000e9);
        factory = new WrappedAlphaFactory();
        token = WrappedAlpha(factory.create(HK, NET));
    }

    function _stakeOf(address who) internal view returns (uint256) {
        return staking.getStake(HK, ChainMocks.id(who), NET);
    }

    function _wrap(address who, uint256 amount) internal returns (uint256 shares) {
        vm.startPrank(who);
        staking.approve(address(token), NET, amount);
        shares = token.wrap(amount);
        vm.stopPrank();
    }
}

contract WrappedAlphaFactoryTest is WrappedAlphaBase {
    function test_create_predictedAddressAndEvent() public {
        bytes32 hk2 = keccak256("other hotkey");
        address predicted = factory.tokenFor(hk2, 7);
        assertTrue(!factory.exists(hk2, 7), "not yet");
        vm.expectEmit(true, true, false, true, address(factory));
        emit WrappedAlphaFactory.WrappedAlphaCreated(hk2, 7, predicted, alice);
        vm.prank(alice);
        address t = factory.create(hk2, 7);
        assertEq(t, predicted, "CREATE2 address");
        assertTrue(factory.exists(hk2, 7), "exists");
        assertEq(WrappedAlpha(t).hotkey(), hk2, "hotkey");
        assertEq(WrappedAlpha(t).netuid(), 7, "netuid");
    }

    function test_create_twice_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(WrappedAlphaFactory.AlreadyExists.selector, HK, NET, address(token)));
        factory.create(HK, NET);
    }

    function test_pairs_getDistinctTokens() public view {
        address a = factory.tokenFor(HK, 2);
        address b = factory.tokenFor(keccak256("x"), NET);
        assertTrue(a != address(token) && b != address(token) && a != b, "distinct");
        assertEq(factory.tokenFor(HK, NET), address(token), "stable");
    }

    function test_tokenMetadata() public view {
        assertEq(keccak256(bytes(token.symbol())), keccak256("wALPHA-1"), "symbol");
        bytes4 p = bytes4(HK);
        string memory expected = string.concat("Wrapped Alpha SN1 0x", _hex(p));
        assertEq(keccak256(bytes(token.name())), keccak256(bytes(expected)), "name");
        assertEq(token.decimals(), 15, "decimals");
        assertEq(token.VIRTUAL_SHARES(), V, "virtual shares");
        assertEq(token.factory(), address(factory), "factory");
        assertEq(token.coldkey(), ChainMocks.id(address(token)), "own coldkey");
        assertEq(IAlphaBacked(address(token)).netuid(), NET, "IAlphaBacked.netuid");
        assertEq(IAlphaBacked(address(token)).hotkey(), HK, "IAlphaBacked.hotkey");
    }

    function test_bigNetuidName() public {
        WrappedAlpha t = WrappedAlpha(factory.create(HK, 65535));
        assertEq(keccak256(bytes(t.symbol())), keccak256("wALPHA-65535"), "symbol");
        WrappedAlpha z = WrappedAlpha(factory.create(HK, 0));
        assertEq(keccak256(bytes(z.symbol())), keccak256("wALPHA-0"), "root");
    }

    function _hex(bytes4 b) internal pure returns (string memory) {
        bytes memory d = "0123456789abcdef";
        bytes memory o = new bytes(8);
        for (uint256 i = 0; i < 4; ++i) {
            o[2 * i] = d[uint8(b[i]) >> 4];
            o[2 * i + 1] = d[uint8(b[i]) & 15];
        }
        return string(o);
    }
}

contract WrappedAlphaTest is WrappedAlphaBase {
    // ---------------------------------------------------------------- wrap

    function test_wrap_first_mintsOnePerAlpha() public {
        vm.prank(alice);
        staking.approve(address(token), NET, 100e9);
        vm.expectEmit(true, true, false, true, address(token));
        emit ShareToken.Transfer(address(0), alice, 100e9 * V);
        vm.expectEmit(true, false, false, true, address(token));
        emit WrappedAlpha.Wrapped(alice, 100e9, 100e9 * V);
        vm.prank(alice);
        uint256 shares = token.wrap(100e9);
        assertEq(shares, 100e9 * V, "10^6 per alpha-RAO at the start");
        assertEq(token.balanceOf(alice), 100e9 * V, "balance");
        assertEq(token.totalSupply(), 100e9 * V, "supply");
        assertEq(token.stakeHeld(), 100e9, "stake");
        assertEq(_stakeOf(alice), 9_900e9, "alice's stake left");
        assertEq(staking.allowance(alice, address(token), NET), 0, "allowance spent");
    }

    function test_wrap_afterDividends_mintsAtRate() public {
        _wrap(alice, 100e9);
        staking.distribute(HK, NET, token.coldkey(), 50e9); // +50 %
        uint256 expected = uint256(40e9) * (100e9 * V + V) / (150e9 + 1);
        uint256 shares = _wrap(bob, 40e9);
        assertEq(shares, expected, "shares = in * (S + V) / (T + 1)");
        assertEq(token.convertToAlpha(shares), shares * (190e9 + 1) / (100e9 * V + expected + V), "value");
        assertLe(token.convertToAlpha(shares), 40e9, "no gain on entry");
    }

    function test_wrap_zero_reverts() public {
        vm.expectRevert(WrappedAlpha.ZeroAmount.selector);
        vm.prank(alice);
        token.wrap(0);
    }

    function test_wrap_withoutAllowance_reverts() public {
        vm.expectRevert(bytes("InsufficientAllowance"));
        vm.prank(alice);
        token.wrap(1e9);
    }

    function test_wrap_belowChainMinimum_reverts() public {
        vm.prank(alice);
        staking.approve(address(token), NET, MIN - 1);
        vm.expectRevert(bytes("AmountTooLow"));
        vm.prank(alice);
        token.wrap(MIN - 1);
    }

    function test_wrap_transfersDisabled_reverts() public {
        staking.setTransfersDisabled(NET, true);
        vm.prank(alice);
        staking.approve(address(token), NET, 1e9);
        vm.expectRevert(bytes("TransferDisallowed"));
        vm.prank(alice);
        token.wrap(1e9);
    }

    function test_wrap_zeroShares_reverts() public {
        _wrap(alice, MIN);
        staking.distribute(HK, NET, token.coldkey(), 1e18 * V); // an absurd donation
        vm.prank(bob);
        staking.approve(address(token), NET, MIN);
        vm.expectRevert(abi.encodeWithSelector(WrappedAlpha.ZeroShares.selector, MIN));
        vm.prank(bob);
        token.wrap(MIN);
    }

    function test_wrap_nothingReceived_reverts() public {
        vm.etch(ISTAKING_ADDRESS, address(new HostileStaking()).code);
        vm.expectRevert(abi.encodeWithSelector(WrappedAlpha.NothingReceived.selector, 5e9));
        vm.prank(alice);
        token.wrap(5e9);
    }

    function test_wrap_reentrancy_reverts() public {
        vm.etch(ISTAKING_ADDRESS, address(new HostileStaking()).code);
        HostileStaking(ISTAKING_ADDRESS)
            .configure(HostileStaking.Mode.Reenter, address(token), abi.encodeCall(WrappedAlpha.wrap, (1)));
        vm.expectRevert(WrappedAlpha.Reentrancy.selector);
        vm.prank(alice);
        token.wrap(5e9);
    }

    // ---------------------------------------------------------------- unwrap

    function test_unwrap_returnsAlphaToCaller() public {
        _wrap(alice, 100e9);
        _wrap(bob, 100e9);
        staking.distribute(HK, NET, token.coldkey(), 20e9);
        uint256 burn = 30e9 * V;
        uint256 expected = burn * (220e9 + 1) / (200e9 * V + V);
        vm.expectEmit(true, true, false, true, address(token));
        emit ShareToken.Transfer(alice, address(0), burn);
        vm.expectEmit(true, true, false, true, address(token));
        emit WrappedAlpha.Unwrapped(alice, ChainMocks.id(alice), burn, expected);
        vm.prank(alice);
        uint256 got = token.unwrap(burn);
        assertEq(got, expected, "alpha = shares * (T + 1) / (S + V)");
        assertEq(got, 32999999999, "33 alpha less the rounding");
        assertEq(_stakeOf(alice), 9_900e9 + expected, "back on alice's coldkey");
        assertEq(token.stakeHeld(), 220e9 - expected, "stake left");
        assertEq(token.balanceOf(alice), 70e9 * V, "shares left");
    }

    function test_unwrapTo_otherColdkey() public {
        _wrap(alice, 10e9);
        _wrap(bob, 10e9);
        bytes32 substrate = keccak256("a substrate wallet");
        vm.expectEmit(true, true, false, true, address(token));
        emit WrappedAlpha.Unwrapped(alice, substrate, 5e9 * V, uint256(5e9 * V) * (20e9 + 1) / (20e9 * V + V));
        vm.prank(alice);
        uint256 got = token.unwrapTo(5e9 * V, substrate);
        assertEq(staking.getStake(HK, substrate, NET), got, "credited there");
        assertEq(got, 5e9, "exact: the rate is still 1:1");
    }

    function test_unwrap_lastHolderTakesWholeStake() public {
        _wrap(alice, 100e9);
        staking.distribute(HK, NET, token.coldkey(), 7);
        vm.prank(alice);
        uint256 got = token.unwrap(100e9 * V);
        assertEq(got, 100e9 + 7, "everything");
        assertEq(token.stakeHeld(), 0, "empty");
        assertEq(token.totalSupply(), 0, "no supply");
    }

    function test_unwrap_zero_reverts() public {
        vm.expectRevert(WrappedAlpha.ZeroAmount.selector);
        vm.prank(alice);
        token.unwrap(0);
    }

    function test_unwrap_moreThanBalance_reverts() public {
        _wrap(alice, 10e9);
        _wrap(bob, 10e9);
        vm.expectRevert(abi.encodeWithSelector(ShareToken.InsufficientBalance.selector, alice, 10e9 * V, 10e9 * V + 1));
        vm.prank(alice);
        token.unwrap(10e9 * V + 1);
    }

    function test_unwrap_stakeGone_zeroAlpha_reverts() public {
        _wrap(alice, 10e9);
        _wrap(bob, 10e9);
        // The stake leaves the position behind the token's back (e.g. a hotkey swap).
        staking.takeStake(HK, NET, token.coldkey(), 20e9);
        vm.expectRevert(abi.encodeWithSelector(WrappedAlpha.ZeroAlpha.selector, 5e9 * V));
        vm.prank(alice);
        token.unwrap(5e9 * V);
    }

    function test_unwrap_belowChainMinimum_reverts() public {
        _wrap(alice, 10e9);
        vm.expectRevert(bytes("AmountTooLow"));
        vm.prank(alice);
        token.unwrap((MIN - 1) * V);
    }

    function test_unwrap_transfersDisabled_reverts() public {
        _wrap(alice, 10e9);
        staking.setTransfersDisabled(NET, true);
        vm.expectRevert(bytes("TransferDisallowed"));
        vm.prank(alice);
        token.unwrap(1e9 * V);
        // The ERC-20 itself still moves.
        vm.prank(alice);
        token.transfer(bob, 1e9 * V);
        assertEq(token.balanceOf(bob), 1e9 * V, "transferable");
    }

    function test_unwrap_forcedSaleOfRemainder_reverts() public {
        staking.setNominatorMin(1e9); // positions under 1 TAO at spot are sold by the chain
        _wrap(alice, 10e9);
        _wrap(bob, 0.5e9);
        // Alice leaving would leave the token 0.5 alpha: the chain would sell it.
        uint256 alpha = uint256(10e9 * V) * (10.5e9 + 1) / (10.5e9 * V + V);
        vm.expectRevert(abi.encodeWithSelector(WrappedAlpha.PositionChanged.selector, alpha, 10.5e9));
        vm.prank(alice);
        token.unwrap(10e9 * V);
        // The shares are whole again once one holder (here bob, the last) takes everything.
        vm.prank(alice);
        token.transfer(bob, 10e9 * V);
        vm.prank(bob);
        assertEq(token.unwrap(10.5e9 * V), 10.5e9, "the last holder exits in full");
    }

    /// The chain's share pool may move a position by one alpha-RAO more or less than asked:
    /// tolerated; two is a forced sale of a remainder: refused.
    function test_unwrap_shareRounding_toleratedByOne() public {
        _wrap(alice, 10e9);
        _wrap(bob, 10e9);
        vm.etch(ISTAKING_ADDRESS, address(new HostileStaking()).code);
        HostileStaking hostile = HostileStaking(ISTAKING_ADDRESS);
        hostile.setStake(20e9);
        uint256 burn = 3e9 * V;
        for (int256 skew = -1; skew <= 1; ++skew) {
            hostile.setSkew(skew);
            uint256 before = hostile.stakeValue();
            uint256 expected = burn * (before + 1) / (token.totalSupply() + V);
            vm.prank(alice);
            assertEq(token.unwrap(burn), expected, "tolerated");
            assertEq(before - hostile.stakeValue(), uint256(int256(expected) + skew), "skewed");
        }
        hostile.setSkew(2);
        uint256 stake = hostile.stakeValue();
        uint256 last = 5e9 * V;
        uint256 alpha = last * (stake + 1) / (token.totalSupply() + V);
        vm.expectRevert(abi.encodeWithSelector(WrappedAlpha.PositionChanged.selector, alpha, alpha + 2));
        vm.prank(bob);
        token.unwrap(last);
        hostile.setSkew(-2);
        vm.expectRevert(abi.encodeWithSelector(WrappedAlpha.PositionChanged.selector, alpha, alpha - 2));
        vm.prank(bob);
        token.unwrap(last);
    }

    function test_unwrap_reentrancy_reverts() public {
        _wrap(alice, 10e9);
        vm.etch(ISTAKING_ADDRESS, address(new HostileStaking()).code);
        HostileStaking(ISTAKING_ADDRESS)
            .configure(HostileStaking.Mode.Reenter, address(token), abi.encodeCall(WrappedAlpha.unwrap, (1)));
        HostileStaking(ISTAKING_ADDRESS).setStake(10e9);
        vm.expectRevert(WrappedAlpha.Reentrancy.selector);
        vm.prank(alice);
        token.unwrap(1e6 * V);
    }

    // ---------------------------------------------------------------- views

    function test_views_riseWithDividends() public {
        assertEq(token.exchangeRate(), 1e9, "1 alpha per token before any wrap");
        _wrap(alice, 100e9);
        assertEq(token.exchangeRate(), 1e9, "1:1");
        assertEq(token.convertToShares(10e9), 10e9 * V, "shares of 10 alpha");
        staking.distribute(HK, NET, token.coldkey(), 25e9);
        assertEq(token.exchangeRate(), uint256(1e15) * (125e9 + 1) / (100e9 * V + V), "+25 %");
        assertEq(token.exchangeRate(), 1.25e9 - 1, "+25 % (rounded down)");
        assertEq(token.convertToAlpha(40e9 * V), uint256(40e9 * V) * (125e9 + 1) / (100e9 * V + V), "convertToAlpha");
        assertEq(token.convertToAlpha(100e9 * V), 125e9, "the whole supply is the whole stake");
        assertEq(token.convertToShares(125e9), uint256(125e9) * (100e9 * V + V) / (125e9 + 1), "convertToShares");
        assertEq(token.stakeHeld(), 125e9, "stakeHeld");
    }

    // ---------------------------------------------------------------- ERC-20 and permit

    function test_transferAndAllowance() public {
        _wrap(alice, 10e9); // 10e15 shares
        vm.prank(alice);
        token.approve(bob, 4e15);
        vm.expectEmit(true, true, false, true, address(token));
        emit ShareToken.Transfer(alice, bob, 3e15);
        vm.prank(bob);
        assertTrue(token.transferFrom(alice, bob, 3e15), "returns true");
        assertEq(token.allowance(alice, bob), 1e15, "spent");
        vm.expectRevert(abi.encodeWithSelector(ShareToken.InsufficientAllowance.selector, alice, bob, 1e15, 2e15));
        vm.prank(bob);
        token.transferFrom(alice, bob, 2e15);
        vm.prank(alice);
        token.approve(bob, type(uint256).max);
        vm.prank(bob);
        token.transferFrom(alice, bob, 2e15);
        assertEq(token.allowance(alice, bob), type(uint256).max, "max not decremented");
        vm.expectRevert(abi.encodeWithSelector(ShareToken.InvalidReceiver.selector, address(0)));
        vm.prank(alice);
        token.transfer(address(0), 1);
        vm.expectRevert(abi.encodeWithSelector(ShareToken.InsufficientBalance.selector, alice, 5e15, 6e15));
        vm.prank(alice);
        token.transfer(bob, 6e15);
        assertEq(token.balanceOf(bob), 5e15, "bob");
        assertEq(token.totalSupply(), 10e15, "supply unchanged");
    }

    function _permitDigest(address owner, address spender, uint256 value, uint256 nonce, uint256 deadline)
        internal
        view
        returns (bytes32)
    {
        bytes32 domain = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256(bytes(token.name())),
                keccak256("1"),
                block.chainid,
                address(token)
            )
        );
        assertEq(domain, token.DOMAIN_SEPARATOR(), "domain");
        bytes32 typeHash =
            keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");
        assertEq(typeHash, token.PERMIT_TYPEHASH(), "type hash");
        return keccak256(
            abi.encodePacked(
                "\x19\x01", domain, keccak256(abi.encode(typeHash, owner, spender, value, nonce, deadline))
            )
        );
    }

    function test_permit() public {
        uint256 pk = 0xA11CE5;
        address owner = vm.addr(pk);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(pk, _permitDigest(owner, bob, 123, 0, block.timestamp + 1));
        vm.expectEmit(true, true, false, true, address(token));
        emit ShareToken.Approval(owner, bob, 123);
        token.permit(owner, bob, 123, block.timestamp + 1, v, r, s);
        assertEq(token.allowance(owner, bob), 123, "allowance");
        assertEq(token.nonces(owner), 1, "nonce");
        // Replay: the nonce moved on, the signature now recovers to someone else.
        vm.expectRevert();
        token.permit(owner, bob, 123, block.timestamp + 1, v, r, s);
    }

    function test_permit_expired_reverts() public {
        uint256 pk = 0xA11CE5;
        address owner = vm.addr(pk);
        vm.warp(1000);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(pk, _permitDigest(owner, bob, 1, 0, 999));
        vm.expectRevert(abi.encodeWithSelector(ShareToken.PermitExpired.selector, 999, 1000));
        token.permit(owner, bob, 1, 999, v, r, s);
    }

    function test_permit_wrongSigner_reverts() public {
        uint256 pk = 0xA11CE5;
        address owner = vm.addr(pk);
        address other = vm.addr(0xB0B5);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(0xB0B5, _permitDigest(owner, bob, 1, 0, block.timestamp));
        vm.expectRevert(abi.encodeWithSelector(ShareToken.InvalidSignature.selector, other, owner));
        token.permit(owner, bob, 1, block.timestamp, v, r, s);
    }

    function test_permit_highS_reverts() public {
        uint256 pk = 0xA11CE5;
        address owner = vm.addr(pk);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(pk, _permitDigest(owner, bob, 1, 0, block.timestamp));
        // The malleable twin (n - s, flipped v) of a valid signature.
        uint256 n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141;
        bytes32 s2 = bytes32(n - uint256(s));
        uint8 v2 = v == 27 ? 28 : 27;
        vm.expectRevert(abi.encodeWithSelector(ShareToken.InvalidSignature.selector, address(0), owner));
        token.permit(owner, bob, 1, block.timestamp, v2, r, s2);
    }

    // ---------------------------------------------------------------- inflation attack

    /// The attacker wraps 1 alpha-RAO first (chain minimum switched off to allow it), donates a
    /// thousand alpha to the token's stake, and the victim wraps 10 alpha: the victim still gets
    /// shares worth its 10 alpha less a rounding of at most one share (D / (V * a)).
    function test_inflationAttack_fails() public {
        staking.setMinStake(0);
        address attacker = address(0xBAD);
        staking.distribute(HK, NET, ChainMocks.id(attacker), 2_000e9);
        uint256 attackerShares = _wrap(attacker, 1);
        assertEq(attackerShares, V, "one alpha-RAO is 10^6 shares");
        uint256 donation = 1_000e9;
        bytes32 tokenColdkey = token.coldkey();
        vm.prank(attacker);
        staking.transferStake(tokenColdkey, HK, NET, NET, donation);

        uint256 deposit = 10e9;
        uint256 shares = _wrap(alice, deposit);
        uint256 expectedShares = deposit * (V + V) / (1 + donation + 1);
        assertEq(shares, expectedShares, "fair shares at the inflated price");
        assertGt(shares, 0, "not rounded to zero");
        uint256 value = token.convertToAlpha(shares);
        assertLe(value, deposit, "no gain");
        assertLe(deposit - value, donation / V + 1, "loss below one share's price");
        assertLt(deposit - value, deposit / 10_000, "loss below 0.01 %");

        // While others hold shares, the virtual shares keep about half of the donation away
        // from the attacker's shares.
        assertLt(token.convertToAlpha(attackerShares), (1 + donation) * 51 / 100, "virtual shares keep their part");

        vm.prank(alice);
        uint256 back = token.unwrap(shares);
        assertEq(back, value, "redeems for its value");
        // Left alone, the attacker is the last holder and takes the whole stake back: its gain
        // is the victim's rounding, at most one share's price.
        vm.prank(attacker);
        uint256 attackerBack = token.unwrap(attackerShares);
        assertEq(attackerBack, 1 + donation + deposit - back, "last holder takes the rest");
        assertLe(attackerBack - 1 - donation, donation / V + 1, "gain bounded by one share");
    }

    // ---------------------------------------------------------------- fuzz

    /// A wrap followed by an unwrap of the shares it minted never returns more alpha than went in,
    /// whatever the pool's history (other holders, dividends).
    function testFuzz_roundTrip_neverGains(uint256 seed, uint256 dividends, uint256 amount) public {
        uint256 first = bound(seed, MIN, 5_000e9);
        dividends = bound(dividends, 0, 5_000e9);
        amount = bound(amount, MIN, 5_000e9);
        _wrap(bob, first);
        staking.distribute(HK, NET, token.coldkey(), dividends);
        uint256 shares = _wrap(alice, amount);
        vm.assume(token.convertToAlpha(shares) >= MIN); // the chain's minimum move
        vm.prank(alice);
        uint256 back = token.unwrap(shares);
        assertLe(back, amount, "round trip never gains");
        // The loss is rounding only: below two alpha-RAO per share-price unit.
        assertLe(amount - back, (first + dividends) / first + 2, "loss is bounded by rounding");
    }

    /// Outstanding shares never redeem for more than the stake held.
    function testFuzz_sharesCoveredByStake(uint256 a, uint256 b, uint256 d, uint256 out) public {
        a = bound(a, MIN, 5_000e9);
        b = bound(b, MIN, 5_000e9);
        d = bound(d, 0, 1e15);
        _wrap(alice, a);
        staking.distribute(HK, NET, token.coldkey(), d);
        _wrap(bob, b);
        out = bound(out, 0, token.balanceOf(alice));
        if (out != 0 && token.convertToAlpha(out) >= MIN && token.balanceOf(alice) - out != 0) {
            vm.prank(alice);
            token.unwrap(out);
        }
        uint256 owed = token.convertToAlpha(token.balanceOf(alice)) + token.convertToAlpha(token.balanceOf(bob));
        assertLe(owed, token.stakeHeld(), "covered");
    }
}
