// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {CheckBase} from "./CheckBase.sol";
import {IStaking, ISTAKING_ADDRESS} from "interfaces/IStaking.sol";
import {IStakingV1, ISTAKING_V1_ADDRESS} from "interfaces/IStakingV1.sol";
import {IAlpha, IALPHA_ADDRESS} from "interfaces/IAlpha.sol";
import {IAddressMapping, IADDRESS_MAPPING_ADDRESS} from "interfaces/IAddressMapping.sol";
import {IEd25519Verify, IED25519VERIFY_ADDRESS} from "interfaces/IEd25519Verify.sol";
import {ISR25519Verify, ISR25519VERIFY_ADDRESS} from "interfaces/ISR25519Verify.sol";

/// @title CompatChecks
/// @notice The precompiles that make code written for the real chain run here: 0x80c address
/// mapping (after a stake through 0x805), 0x402 / 0x403 signature verification, 0x801 staking
/// V1 (stakes `msg.value`), and the real chain's addresses taochain does not serve (each must
/// hold code and revert naming itself, keeping any value sent). Runs in the suite's context.
contract CompatChecks is CheckBase {
    IStaking internal constant K = IStaking(ISTAKING_ADDRESS);
    IStakingV1 internal constant V1 = IStakingV1(ISTAKING_V1_ADDRESS);
    IAlpha internal constant A = IAlpha(IALPHA_ADDRESS);
    IAddressMapping internal constant MAP = IAddressMapping(IADDRESS_MAPPING_ADDRESS);

    uint256 internal constant TAO = 1e9;

    /// @notice One signature: the arguments of `verify` after the message.
    struct Sig {
        bytes32 publicKey;
        bytes32 r;
        bytes32 s;
    }

    /// @notice Stakes 2 TAO through 0x805 on the suite's own hotkey, then reads the suite's
    /// twin from 0x80c and the stake under it and under the suite's id. Also: 0x80c answers a
    /// DELEGATECALL (it does not act for the caller), 0x805 refuses one.
    function twinAfterStake(uint16 netuid) external {
        bytes32 hk = _me();
        K.addStake(hk, 2 * TAO, netuid);
        try MAP.addressMapping(address(this)) returns (bytes32 twin) {
            // `_me()` is the twin, so both reads are the stake just added.
            _ok(
                "IAddressMapping.addressMapping",
                abi.encode(twin, K.getStake(hk, twin, netuid), K.getStake(hk, _me(), netuid))
            );
        } catch (bytes memory e) {
            _fail("IAddressMapping.addressMapping", e);
        }
        (bool ok, bytes memory ret) = address(MAP).delegatecall(
            abi.encodeCall(IAddressMapping.addressMapping, (address(this)))
        );
        if (ok) _ok("IAddressMapping.addressMapping#delegatecall", ret);
        else _fail("IAddressMapping.addressMapping#delegatecall", ret);
        (ok, ret) =
            address(K).delegatecall(abi.encodeCall(IStaking.getNominatorMinRequiredStake, ()));
        if (ok) _ok("IStaking.getNominatorMinRequiredStake#delegatecall", ret);
        else _fail("IStaking.getNominatorMinRequiredStake#delegatecall", ret);
    }

    /// @notice Both verifiers with a signature of `message` made by an independent library:
    /// as given (true), for another message and with a bad signature bit (false); and an
    /// Ed25519 public key that is not a curve point (revert).
    function verify(bytes32 message, Sig calldata ed, Sig calldata sr) external {
        IEd25519Verify E = IEd25519Verify(IED25519VERIFY_ADDRESS);
        ISR25519Verify S = ISR25519Verify(ISR25519VERIFY_ADDRESS);
        bytes32 other = message ^ bytes32(uint256(1));
        bytes32 bad = ed.s ^ bytes32(uint256(1) << 8);
        _report("IEd25519Verify.verify", E, message, ed.publicKey, ed.r, ed.s);
        _report("IEd25519Verify.verify#alteredMessage", E, other, ed.publicKey, ed.r, ed.s);
        _report("IEd25519Verify.verify#alteredSignature", E, message, ed.publicKey, ed.r, bad);
        // y = 2 is not the y-coordinate of a point of the curve.
        bytes32 notAPoint = bytes32(uint256(2) << 248);
        _report("IEd25519Verify.verify#invalidKey", E, message, notAPoint, ed.r, ed.s);
        bad = sr.s ^ bytes32(uint256(1) << 8);
        _reportSr("ISR25519Verify.verify", S, message, sr.publicKey, sr.r, sr.s);
        _reportSr("ISR25519Verify.verify#alteredMessage", S, other, sr.publicKey, sr.r, sr.s);
        _reportSr("ISR25519Verify.verify#alteredSignature", S, message, sr.publicKey, sr.r, bad);
    }

    function _report(
        string memory label,
        IEd25519Verify v,
        bytes32 m,
        bytes32 k,
        bytes32 r,
        bytes32 s
    ) internal {
        try v.verify(m, k, r, s) returns (bool valid) {
            _ok(label, abi.encode(valid));
        } catch (bytes memory e) {
            _fail(label, e);
        }
    }

    function _reportSr(
        string memory label,
        ISR25519Verify v,
        bytes32 m,
        bytes32 k,
        bytes32 r,
        bytes32 s
    ) internal {
        try v.verify(m, k, r, s) returns (bool valid) {
            _ok(label, abi.encode(valid));
        } catch (bytes memory e) {
            _fail(label, e);
        }
    }

    /// @notice 0x801 `addStake` with `valueWei` (whole RAO plus dust) on the suite's hotkey:
    /// reports the quote for the whole RAO, the V2 stake before and after, the V1 stake after,
    /// the suite's balance before and after, and 0x801's balance. Then the refusals, which
    /// must leave the suite's balance as it was.
    function stakingV1Add(uint16 netuid, uint256 valueWei, bytes32 unowned) external {
        bytes32 hk = _me();
        uint256 stakeBefore = K.getStake(hk, _me(), netuid);
        // casting to 'uint64' is safe because the driver sends a few TAO (far below 2^64 RAO)
        // forge-lint: disable-next-line(unsafe-typecast)
        uint256 quote = A.simSwapTaoForAlpha(netuid, uint64(valueWei / 1e9));
        uint256 balanceBefore = address(this).balance;
        try V1.addStake{value: valueWei}(hk, netuid) {
            _ok(
                "IStakingV1.addStake",
                abi.encode(
                    quote,
                    stakeBefore,
                    K.getStake(hk, _me(), netuid),
                    V1.getStake(hk, _me(), netuid),
                    balanceBefore,
                    address(this).balance,
                    address(V1).balance
                )
            );
        } catch (bytes memory e) {
            _fail("IStakingV1.addStake", e);
        }
        balanceBefore = address(this).balance;
        try V1.addStake{value: 1e9 + 5}(hk, netuid) {
            _ok("IStakingV1.addStake#belowMin", "");
        } catch (bytes memory e) {
            _fail("IStakingV1.addStake#belowMin", e);
        }
        try V1.addStake{value: TAO * 1e9}(unowned, netuid) {
            _ok("IStakingV1.addStake#unowned", "");
        } catch (bytes memory e) {
            _fail("IStakingV1.addStake#unowned", e);
        }
        require(
            address(this).balance == balanceBefore, "CompatChecks: a refused addStake kept value"
        );
        require(address(V1).balance == 0, "CompatChecks: value left at 0x801");
    }

    /// @notice 0x801 `removeStake` (1 alpha, wei-scaled), the getters next to their 0x805
    /// values, the refusals and the proxies.
    function stakingV1Rest(uint16 netuid) external {
        bytes32 hk = _me();
        uint256 before = V1.getStake(hk, _me(), netuid);
        try V1.removeStake(hk, TAO * 1e9, netuid) {
            _ok("IStakingV1.removeStake", abi.encode(before, V1.getStake(hk, _me(), netuid)));
        } catch (bytes memory e) {
            _fail("IStakingV1.removeStake", e);
        }
        try V1.removeStake(hk, 1e9 * 1_000_000 * TAO, netuid) {
            _ok("IStakingV1.removeStake#tooMuch", "");
        } catch (bytes memory e) {
            _fail("IStakingV1.removeStake#tooMuch", e);
        }
        (bool ok, bytes memory ret) = address(V1).call{value: 1}(
            abi.encodeCall(IStakingV1.removeStake, (hk, TAO * 1e9, netuid))
        );
        if (ok) _ok("IStakingV1.removeStake#value", ret);
        else _fail("IStakingV1.removeStake#value", ret);
        try V1.getStake(hk, _me(), netuid) returns (uint256 v) {
            _ok("IStakingV1.getStake", abi.encode(v, K.getStake(hk, _me(), netuid)));
        } catch (bytes memory e) {
            _fail("IStakingV1.getStake", e);
        }
        try V1.getTotalColdkeyStake(_me()) returns (uint256 v) {
            _ok("IStakingV1.getTotalColdkeyStake", abi.encode(v, K.getTotalColdkeyStake(_me())));
        } catch (bytes memory e) {
            _fail("IStakingV1.getTotalColdkeyStake", e);
        }
        try V1.getTotalHotkeyStake(hk) returns (uint256 v) {
            _ok("IStakingV1.getTotalHotkeyStake", abi.encode(v, K.getTotalHotkeyStake(hk)));
        } catch (bytes memory e) {
            _fail("IStakingV1.getTotalHotkeyStake", e);
        }
        try V1.addProxy(hk) {
            _ok("IStakingV1.addProxy", "");
        } catch (bytes memory e) {
            _fail("IStakingV1.addProxy", e);
        }
        try V1.removeProxy(hk) {
            _ok("IStakingV1.removeProxy", "");
        } catch (bytes memory e) {
            _fail("IStakingV1.removeProxy", e);
        }
    }

    /// @notice A call with `valueWei` to each real-chain precompile taochain does not serve:
    /// each must hold code (as on the real chain, so `extcodesize` checks pass), revert
    /// (reported as `Unavailable.<name>`), and keep none of the value.
    function unavailable(string[] calldata names, address[] calldata targets, uint256 valueWei)
        external
    {
        require(names.length == targets.length, "CompatChecks: names and targets differ");
        for (uint256 i = 0; i < targets.length; i++) {
            address t = targets[i];
            require(t.code.length > 0, "CompatChecks: an unavailable precompile has no code");
            uint256 before = address(this).balance;
            (bool ok, bytes memory ret) =
                t.call{value: valueWei}(abi.encodeWithSelector(0x12345678, i));
            string memory label = string.concat("Unavailable.", names[i]);
            if (ok) _ok(label, ret);
            else _fail(label, ret);
            require(
                address(this).balance == before,
                "CompatChecks: value sent to an unavailable precompile moved"
            );
            require(t.balance == 0, "CompatChecks: an unavailable precompile holds value");
        }
    }
}
