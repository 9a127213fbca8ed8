// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IStaking, ISTAKING_ADDRESS} from "taochain-mocks/interfaces/IStaking.sol";
import {IAlpha, IALPHA_ADDRESS} from "taochain-mocks/interfaces/IAlpha.sol";
import {IAddressMapping, IADDRESS_MAPPING_ADDRESS} from "taochain-mocks/interfaces/IAddressMapping.sol";

/// @title StakeVault
/// @notice Example contract for the mock library: stakes deposits (msg.value) to one hotkey on
/// one subnet through 0x805, credits each depositor the alpha actually received (measured, not
/// quoted), pays withdrawals with the TAO the unstake actually paid, and values the position
/// through 0x808.
contract StakeVault {
    IStaking private constant STAKING = IStaking(ISTAKING_ADDRESS);
    IAlpha private constant ALPHA = IAlpha(IALPHA_ADDRESS);

    /// @notice The hotkey the vault stakes to.
    bytes32 public immutable hotkey;
    /// @notice The subnet the vault stakes on.
    uint16 public immutable netuid;
    /// @notice Alpha-RAO credited to each depositor.
    mapping(address => uint256) public alphaOf;

    /// @notice A deposit: wei in, alpha credited.
    event Deposited(address indexed who, uint256 wei_, uint256 alphaRao);
    /// @notice A withdrawal: alpha out, wei paid.
    event Withdrawn(address indexed who, uint256 alphaRao, uint256 wei_);

    constructor(bytes32 hotkey_, uint16 netuid_) {
        hotkey = hotkey_;
        netuid = netuid_;
    }

    /// @notice Stakes msg.value (whole RAO; the sub-RAO remainder is refused) and credits the
    /// alpha received.
    function deposit() external payable returns (uint256 got) {
        require(msg.value % 1e9 == 0, "StakeVault: value must be whole RAO");
        uint256 before = totalAlpha();
        STAKING.addStake(hotkey, msg.value / 1e9, netuid);
        got = totalAlpha() - before;
        require(got > 0, "StakeVault: no alpha received");
        alphaOf[msg.sender] += got;
        emit Deposited(msg.sender, msg.value, got);
    }

    /// @notice Unstakes `alphaRao` of the caller's alpha and sends the TAO it paid.
    function withdraw(uint256 alphaRao) external returns (uint256 paid) {
        alphaOf[msg.sender] -= alphaRao;
        uint256 before = address(this).balance;
        STAKING.removeStake(hotkey, alphaRao, netuid);
        paid = address(this).balance - before;
        (bool ok,) = msg.sender.call{value: paid}("");
        require(ok, "StakeVault: payout failed");
        emit Withdrawn(msg.sender, alphaRao, paid);
    }

    /// @notice Alpha-RAO the vault holds (its stake, read from 0x805).
    function totalAlpha() public view returns (uint256) {
        bytes32 me = IAddressMapping(IADDRESS_MAPPING_ADDRESS).addressMapping(address(this));
        return STAKING.getStake(hotkey, me, netuid);
    }

    /// @notice RAO the whole position would pay if sold now (fee included), via 0x808.
    function exitValueRao() external view returns (uint256) {
        uint256 a = totalAlpha();
        return a == 0 ? 0 : ALPHA.simSwapAlphaForTao(netuid, uint64(a));
    }

    /// @notice RAO value of the position at the moving price (what a lender would count).
    function movingValueRao() external view returns (uint256) {
        return totalAlpha() * ALPHA.getMovingAlphaPrice(netuid) / 1e18;
    }
}
