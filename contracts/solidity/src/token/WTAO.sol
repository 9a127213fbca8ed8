// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title WTAO
/// @notice Canonical wrapped TAO: an ERC-20 holding the EVM value (wei, 18 decimals) sent to it,
/// with exactly the WETH9 interface and events, so routers and wallets written for WETH work
/// unchanged. One WTAO-wei is one wei of TAO; 1 TAO = 10^18 wei = 10^9 RAO.
/// @dev Invariant: `totalSupply() == address(this).balance` up to TAO forced in without a
/// deposit (a `selfdestruct` beneficiary, a 0x800 `transfer(bytes32)` to this contract's twin),
/// which then backs no token. No owner, no upgrade, and the constructor reads nothing of
/// `address(this)`, so the contract can be predeployed at genesis by copying its runtime code.
/// A `type(uint256).max` allowance is never decremented, as in WETH9.
contract WTAO {
    /// @notice "Wrapped TAO".
    string public constant name = "Wrapped TAO";
    /// @notice "WTAO".
    string public constant symbol = "WTAO";
    /// @notice 18: WTAO wraps the EVM value, counted in wei.
    uint8 public constant decimals = 18;

    /// @notice WTAO (wei) held by each account.
    mapping(address => uint256) public balanceOf;
    /// @notice WTAO (wei) `spender` may move out of `owner` with `transferFrom`.
    mapping(address => mapping(address => uint256)) public allowance;

    /// @notice `guy` may now move `wad` of `src`'s WTAO.
    event Approval(address indexed src, address indexed guy, uint256 wad);
    /// @notice `wad` WTAO moved from `src` to `dst`.
    event Transfer(address indexed src, address indexed dst, uint256 wad);
    /// @notice `dst` wrapped `wad` wei of TAO.
    event Deposit(address indexed dst, uint256 wad);
    /// @notice `src` unwrapped `wad` WTAO back to TAO.
    event Withdrawal(address indexed src, uint256 wad);

    /// @notice The account holds less WTAO than the operation needs.
    error InsufficientBalance(address account, uint256 balance, uint256 needed);
    /// @notice The spender's allowance is below the amount moved.
    error InsufficientAllowance(address owner, address spender, uint256 allowance, uint256 needed);
    /// @notice Sending the unwrapped TAO to the caller failed (its code refused the value).
    error TaoTransferFailed(address to, uint256 wad);

    /// @notice Plain TAO sent to the contract is wrapped for the sender.
    receive() external payable {
        deposit();
    }

    /// @notice Wraps `msg.value` wei of TAO into as many WTAO for the caller.
    function deposit() public payable {
        balanceOf[msg.sender] += msg.value;
        emit Deposit(msg.sender, msg.value);
    }

    /// @notice Burns `wad` of the caller's WTAO and sends `wad` wei of TAO to the caller (a call
    /// with all remaining gas, made after the balance is updated).
    /// @param wad Amount in wei.
    function withdraw(uint256 wad) external {
        uint256 bal = balanceOf[msg.sender];
        if (bal < wad) revert InsufficientBalance(msg.sender, bal, wad);
        unchecked {
            balanceOf[msg.sender] = bal - wad;
        }
        emit Withdrawal(msg.sender, wad);
        (bool ok,) = msg.sender.call{value: wad}("");
        if (!ok) revert TaoTransferFailed(msg.sender, wad);
    }

    /// @notice Total WTAO in existence: the TAO this contract holds for depositors.
    function totalSupply() external view returns (uint256) {
        return address(this).balance;
    }

    /// @notice Lets `guy` move up to `wad` of the caller's WTAO (`type(uint256).max`: without
    /// limit, never decremented).
    /// @return Always true.
    function approve(address guy, uint256 wad) external returns (bool) {
        allowance[msg.sender][guy] = wad;
        emit Approval(msg.sender, guy, wad);
        return true;
    }

    /// @notice Moves `wad` of the caller's WTAO to `dst`.
    /// @return Always true (failures revert).
    function transfer(address dst, uint256 wad) external returns (bool) {
        return transferFrom(msg.sender, dst, wad);
    }

    /// @notice Moves `wad` WTAO from `src` to `dst`; unless the caller is `src`, spends the
    /// caller's allowance (a maximal allowance is left as is).
    /// @return Always true (failures revert).
    function transferFrom(address src, address dst, uint256 wad) public returns (bool) {
        uint256 bal = balanceOf[src];
        if (bal < wad) revert InsufficientBalance(src, bal, wad);
        if (src != msg.sender) {
            uint256 allowed = allowance[src][msg.sender];
            if (allowed != type(uint256).max) {
                if (allowed < wad) revert InsufficientAllowance(src, msg.sender, allowed, wad);
                unchecked {
                    allowance[src][msg.sender] = allowed - wad;
                }
            }
        }
        unchecked {
            balanceOf[src] = bal - wad;
        }
        // Cannot overflow: the sum of balances never exceeds the TAO supply.
        balanceOf[dst] += wad;
        emit Transfer(src, dst, wad);
        return true;
    }
}
