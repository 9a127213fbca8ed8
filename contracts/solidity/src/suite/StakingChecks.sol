// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {CheckBase} from "./CheckBase.sol";
import {IStaking, ISTAKING_ADDRESS} from "interfaces/IStaking.sol";
import {Outsider} from "./PrecompileSuite.sol";

/// @title StakingChecks
/// @notice Every 0x805 function, with the suite as coldkey: stake and unstake (plain, limit,
/// full), moves and transfers, burn, the getters, proxies, and the allowance functions with
/// `transferStakeFrom` spent by an `Outsider`. `hotkey` is the suite's own id (owner hotkey of
/// `netuid`), `hotkeyA` another hotkey the suite registered there. Amounts are RAO / alpha-RAO
/// (1 TAO = 1e9). Runs in the suite's context.
contract StakingChecks is CheckBase {
    IStaking internal constant K = IStaking(ISTAKING_ADDRESS);

    uint256 internal constant TAO = 1e9;

    /// @notice addStake / addStakeLimit / removeStake / removeStakeLimit on (suite hotkey,
    /// `netuid`), with the refusals: below the minimum, an unowned hotkey, a limit price below
    /// the spot price, more than the stake, a write through STATICCALL.
    function stakeAndUnstake(uint16 netuid, bytes32 unowned) external {
        bytes32 hk = _me();
        try K.addStake(hk, 10 * TAO, netuid) {
            _ok("IStaking.addStake", abi.encode(K.getStake(hk, _me(), netuid)));
        } catch (bytes memory e) {
            _fail("IStaking.addStake", e);
        }
        try K.addStake(hk, 1000, netuid) {
            _ok("IStaking.addStake#belowMin", "");
        } catch (bytes memory e) {
            _fail("IStaking.addStake#belowMin", e);
        }
        try K.addStake(unowned, TAO, netuid) {
            _ok("IStaking.addStake#unowned", "");
        } catch (bytes memory e) {
            _fail("IStaking.addStake#unowned", e);
        }
        (bool ok, bytes memory ret) =
            address(K).staticcall(abi.encodeCall(IStaking.addStake, (hk, TAO, netuid)));
        if (ok) _ok("IStaking.addStake#static", ret);
        else _fail("IStaking.addStake#static", ret);
        try K.addStakeLimit(hk, 5 * TAO, 1_000 * TAO, false, netuid) {
            _ok("IStaking.addStakeLimit", abi.encode(K.getStake(hk, _me(), netuid)));
        } catch (bytes memory e) {
            _fail("IStaking.addStakeLimit", e);
        }
        try K.addStakeLimit(hk, 5 * TAO, 1, false, netuid) {
            _ok("IStaking.addStakeLimit#priceAboveLimit", "");
        } catch (bytes memory e) {
            _fail("IStaking.addStakeLimit#priceAboveLimit", e);
        }
        try K.removeStake(hk, TAO, netuid) {
            _ok("IStaking.removeStake", abi.encode(K.getStake(hk, _me(), netuid)));
        } catch (bytes memory e) {
            _fail("IStaking.removeStake", e);
        }
        try K.removeStake(hk, 1_000_000 * TAO, netuid) {
            _ok("IStaking.removeStake#tooMuch", "");
        } catch (bytes memory e) {
            _fail("IStaking.removeStake#tooMuch", e);
        }
        try K.removeStakeLimit(hk, TAO, 0, false, netuid) {
            _ok("IStaking.removeStakeLimit", abi.encode(K.getStake(hk, _me(), netuid)));
        } catch (bytes memory e) {
            _fail("IStaking.removeStakeLimit", e);
        }
        try K.removeStakeLimit(hk, TAO, 1_000 * TAO, false, netuid) {
            _ok("IStaking.removeStakeLimit#priceBelowLimit", "");
        } catch (bytes memory e) {
            _fail("IStaking.removeStakeLimit#priceBelowLimit", e);
        }
    }

    /// @notice moveStake (within `netuid` to `hotkeyA`, and across to `otherNetuid`),
    /// transferStake (to `otherColdkey`; refused into `frozenNetuid`, where transfers are off),
    /// burnAlpha, removeStakeFull and removeStakeFullLimit.
    function moves(
        uint16 netuid,
        uint16 otherNetuid,
        uint16 frozenNetuid,
        bytes32 hotkeyA,
        bytes32 otherColdkey
    ) external {
        bytes32 hk = _me();
        try K.moveStake(hk, hotkeyA, netuid, netuid, 2 * TAO) {
            _ok("IStaking.moveStake", abi.encode(K.getStake(hotkeyA, _me(), netuid)));
        } catch (bytes memory e) {
            _fail("IStaking.moveStake", e);
        }
        try K.moveStake(hk, hk, netuid, otherNetuid, TAO) {
            _ok("IStaking.moveStake#acrossSubnets", abi.encode(K.getStake(hk, _me(), otherNetuid)));
        } catch (bytes memory e) {
            _fail("IStaking.moveStake#acrossSubnets", e);
        }
        try K.transferStake(otherColdkey, hk, netuid, netuid, TAO) {
            _ok("IStaking.transferStake", abi.encode(K.getStake(hk, otherColdkey, netuid)));
        } catch (bytes memory e) {
            _fail("IStaking.transferStake", e);
        }
        try K.transferStake(otherColdkey, hk, netuid, frozenNetuid, TAO) {
            _ok("IStaking.transferStake#transfersOff", "");
        } catch (bytes memory e) {
            _fail("IStaking.transferStake#transfersOff", e);
        }
        try K.burnAlpha(hotkeyA, TAO / 2, netuid) {
            _ok("IStaking.burnAlpha", abi.encode(K.getStake(hotkeyA, _me(), netuid)));
        } catch (bytes memory e) {
            _fail("IStaking.burnAlpha", e);
        }
        try K.removeStakeFull(hotkeyA, netuid) {
            _ok("IStaking.removeStakeFull", abi.encode(K.getStake(hotkeyA, _me(), netuid)));
        } catch (bytes memory e) {
            _fail("IStaking.removeStakeFull", e);
        }
        try K.removeStakeFull(hotkeyA, netuid) {
            _ok("IStaking.removeStakeFull#nothing", "");
        } catch (bytes memory e) {
            _fail("IStaking.removeStakeFull#nothing", e);
        }
        try K.removeStakeFullLimit(hk, otherNetuid, 1_000 * TAO) {
            _ok("IStaking.removeStakeFullLimit#priceBelowLimit", "");
        } catch (bytes memory e) {
            _fail("IStaking.removeStakeFullLimit#priceBelowLimit", e);
        }
        try K.removeStakeFullLimit(hk, otherNetuid, 0) {
            _ok("IStaking.removeStakeFullLimit", abi.encode(K.getStake(hk, _me(), otherNetuid)));
        } catch (bytes memory e) {
            _fail("IStaking.removeStakeFullLimit", e);
        }
    }

    /// @notice The 0x805 getters for the suite's positions on `netuid`.
    function getters(uint16 netuid) external {
        bytes32 hk = _me();
        try K.getStake(hk, _me(), netuid) returns (uint256 v) {
            _ok("IStaking.getStake", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IStaking.getStake", e);
        }
        try K.getTotalAlphaStaked(hk, netuid) returns (uint256 v) {
            _ok("IStaking.getTotalAlphaStaked", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IStaking.getTotalAlphaStaked", e);
        }
        try K.getTotalColdkeyStake(_me()) returns (uint256 v) {
            _ok("IStaking.getTotalColdkeyStake", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IStaking.getTotalColdkeyStake", e);
        }
        try K.getTotalColdkeyStakeOnSubnet(_me(), netuid) returns (uint256 v) {
            _ok("IStaking.getTotalColdkeyStakeOnSubnet", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IStaking.getTotalColdkeyStakeOnSubnet", e);
        }
        try K.getTotalHotkeyStake(hk) returns (uint256 v) {
            _ok("IStaking.getTotalHotkeyStake", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IStaking.getTotalHotkeyStake", e);
        }
        try K.getAlphaStakedValidators(hk, netuid) returns (bytes32[] memory v) {
            _ok("IStaking.getAlphaStakedValidators", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IStaking.getAlphaStakedValidators", e);
        }
        try K.getNominatorMinRequiredStake() returns (uint256 v) {
            _ok("IStaking.getNominatorMinRequiredStake", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IStaking.getNominatorMinRequiredStake", e);
        }
    }

    /// @notice addProxy / removeProxy of `delegate` for the suite's coldkey.
    function proxies(bytes32 delegate) external {
        try K.addProxy(delegate) {
            _ok("IStaking.addProxy", "");
        } catch (bytes memory e) {
            _fail("IStaking.addProxy", e);
        }
        try K.removeProxy(delegate) {
            _ok("IStaking.removeProxy", "");
        } catch (bytes memory e) {
            _fail("IStaking.removeProxy", e);
        }
    }

    /// @notice approve / increaseAllowance / decreaseAllowance / allowance for `spender` on
    /// `netuid`, then `spender` (an `Outsider`) spends 1 alpha of it with transferStakeFrom
    /// from the suite's stake under its own hotkey, and fails to spend more than is left.
    /// Then the real chain's uint256 semantics: a decrease below zero saturates at 0,
    /// `type(uint256).max` is kept and an increase saturates there, and a netuid without a
    /// subnet can be approved.
    function allowances(uint16 netuid, Outsider spender) external {
        address sp = address(spender);
        try K.approve(sp, netuid, TAO) {
            _ok("IStaking.approve", abi.encode(K.allowance(address(this), sp, netuid)));
        } catch (bytes memory e) {
            _fail("IStaking.approve", e);
        }
        try K.increaseAllowance(sp, netuid, TAO / 2) {
            _ok("IStaking.increaseAllowance", abi.encode(K.allowance(address(this), sp, netuid)));
        } catch (bytes memory e) {
            _fail("IStaking.increaseAllowance", e);
        }
        try K.decreaseAllowance(sp, netuid, TAO / 5) {
            _ok("IStaking.decreaseAllowance", abi.encode(K.allowance(address(this), sp, netuid)));
        } catch (bytes memory e) {
            _fail("IStaking.decreaseAllowance", e);
        }
        try K.allowance(address(this), sp, netuid) returns (uint256 v) {
            _ok("IStaking.allowance", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IStaking.allowance", e);
        }
        spender.pull(address(this), _me(), netuid, TAO, "IStaking.transferStakeFrom");
        spender.pull(address(this), _me(), netuid, TAO, "IStaking.transferStakeFrom#overAllowance");
        try K.allowance(address(this), sp, netuid) returns (uint256 v) {
            _ok("IStaking.allowance#afterSpend", abi.encode(v));
        } catch (bytes memory e) {
            _fail("IStaking.allowance#afterSpend", e);
        }
        try K.decreaseAllowance(sp, netuid, 1_000 * TAO) {
            _ok("IStaking.decreaseAllowance#belowZero", abi.encode(K.allowance(address(this), sp, netuid)));
        } catch (bytes memory e) {
            _fail("IStaking.decreaseAllowance#belowZero", e);
        }
        K.approve(sp, netuid, type(uint256).max);
        try K.increaseAllowance(sp, netuid, 1) {
            _ok("IStaking.increaseAllowance#saturates", abi.encode(K.allowance(address(this), sp, netuid)));
        } catch (bytes memory e) {
            _fail("IStaking.increaseAllowance#saturates", e);
        }
        K.approve(sp, netuid, 0);
        try K.approve(sp, 999, 7) {
            _ok("IStaking.approve#noSubnet", abi.encode(K.allowance(address(this), sp, 999)));
        } catch (bytes memory e) {
            _fail("IStaking.approve#noSubnet", e);
        }
    }
}
