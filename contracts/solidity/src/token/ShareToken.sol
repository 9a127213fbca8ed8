// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title ShareToken
/// @notice The ERC-20 with EIP-2612 `permit` that the alpha-backed tokens (wrapped alpha,
/// delegation vault shares) inherit: balances, allowances, transfers, mint and burn hooks for
/// the child, and signed approvals. Written for this repository.
/// @dev The EIP-712 domain is `(name, "1", block.chainid, address(this))`, recomputed on every
/// call so a chain id change (a fork) invalidates old signatures. Allowances of
/// `type(uint256).max` are not decremented. Transfers to the zero address revert (burning goes
/// through the child's redeem functions). Signatures with a high `s` are refused (EIP-2).
abstract contract ShareToken {
    /// @notice EIP-712 type hash of `permit`.
    bytes32 public constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");
    bytes32 private constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    /// Half the secp256k1 group order: EIP-2's bound on `s`.
    uint256 private constant HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

    /// @notice Tokens in existence.
    uint256 public totalSupply;
    /// @notice Tokens held by each account.
    mapping(address => uint256) public balanceOf;
    /// @notice Tokens `spender` may move out of `owner`.
    mapping(address => mapping(address => uint256)) public allowance;
    /// @notice The next `permit` nonce of each owner.
    mapping(address => uint256) public nonces;

    /// @notice ERC-20 transfer (from 0: a mint; to 0: a burn).
    event Transfer(address indexed from, address indexed to, uint256 value);
    /// @notice ERC-20 approval (also emitted by `permit`).
    event Approval(address indexed owner, address indexed spender, uint256 value);

    /// @notice The account holds fewer tokens than the operation needs.
    error InsufficientBalance(address account, uint256 balance, uint256 needed);
    /// @notice The spender's allowance is below the amount moved.
    error InsufficientAllowance(address owner, address spender, uint256 allowance, uint256 needed);
    /// @notice Tokens cannot be sent or minted to this address.
    error InvalidReceiver(address receiver);
    /// @notice The permit's deadline has passed.
    error PermitExpired(uint256 deadline, uint256 timestamp);
    /// @notice The permit signature does not come from `owner` (`signer` is what it recovers to).
    error InvalidSignature(address signer, address owner);

    /// @notice The token's name (the child builds it).
    function name() public view virtual returns (string memory);

    /// @notice The token's symbol (the child builds it).
    function symbol() public view virtual returns (string memory);

    /// @notice Decimals of the token.
    function decimals() public view virtual returns (uint8);

    /// @notice Lets `spender` move up to `value` of the caller's tokens.
    /// @return Always true.
    function approve(address spender, uint256 value) external returns (bool) {
        _approve(msg.sender, spender, value);
        return true;
    }

    /// @notice Moves `value` of the caller's tokens to `to`.
    /// @return Always true (failures revert).
    function transfer(address to, uint256 value) external returns (bool) {
        _transfer(msg.sender, to, value);
        return true;
    }

    /// @notice Moves `value` tokens from `from` to `to`, spending the caller's allowance.
    /// @return Always true (failures revert).
    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        _spendAllowance(from, msg.sender, value);
        _transfer(from, to, value);
        return true;
    }

    /// @notice EIP-2612: sets `allowance[owner][spender] = value` from `owner`'s signature of
    /// the `Permit` struct with its current nonce, before `deadline` (inclusive).
    function permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
    {
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp > deadline) revert PermitExpired(deadline, block.timestamp);
        uint256 nonce = nonces[owner];
        bytes32 digest = keccak256(
            abi.encodePacked(
                "\x19\x01",
                DOMAIN_SEPARATOR(),
                keccak256(abi.encode(PERMIT_TYPEHASH, owner, spender, value, nonce, deadline))
            )
        );
        address signer = uint256(s) > HALF_N ? address(0) : ecrecover(digest, v, r, s);
        if (signer == address(0) || signer != owner) revert InvalidSignature(signer, owner);
        nonces[owner] = nonce + 1;
        _approve(owner, spender, value);
    }

    /// @notice The EIP-712 domain separator of this token on this chain.
    function DOMAIN_SEPARATOR() public view returns (bytes32) {
        return
            keccak256(
                abi.encode(DOMAIN_TYPEHASH, keccak256(bytes(name())), keccak256("1"), block.chainid, address(this))
            );
    }

    function _approve(address owner, address spender, uint256 value) internal {
        allowance[owner][spender] = value;
        emit Approval(owner, spender, value);
    }

    function _spendAllowance(address owner, address spender, uint256 value) internal {
        uint256 allowed = allowance[owner][spender];
        if (allowed == type(uint256).max) return;
        if (allowed < value) revert InsufficientAllowance(owner, spender, allowed, value);
        unchecked {
            allowance[owner][spender] = allowed - value;
        }
    }

    function _transfer(address from, address to, uint256 value) internal {
        if (to == address(0)) revert InvalidReceiver(to);
        uint256 bal = balanceOf[from];
        if (bal < value) revert InsufficientBalance(from, bal, value);
        unchecked {
            balanceOf[from] = bal - value;
            // Cannot overflow: balances sum to totalSupply.
            balanceOf[to] += value;
        }
        emit Transfer(from, to, value);
    }

    function _mint(address to, uint256 value) internal {
        if (to == address(0)) revert InvalidReceiver(to);
        totalSupply += value;
        unchecked {
            balanceOf[to] += value;
        }
        emit Transfer(address(0), to, value);
    }

    function _burn(address from, uint256 value) internal {
        uint256 bal = balanceOf[from];
        if (bal < value) revert InsufficientBalance(from, bal, value);
        unchecked {
            balanceOf[from] = bal - value;
            totalSupply -= value;
        }
        emit Transfer(from, address(0), value);
    }
}
