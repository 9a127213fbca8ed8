//! What every precompile shares: the call as it arrives, gas metering that is charged before
//! work, and the mapping of native errors to readable reverts.

use alloy_primitives::{Address, Bytes, U256};
use alloy_sol_types::{Revert, SolCall, SolError};
use tao_primitives::{AccountId32, NetUid, address_to_account_id};
use tao_runtime::NativeError;

/// One call into a precompile.
#[derive(Debug, Clone)]
pub struct Call {
    /// `msg.sender` of the frame (a contract when called from Solidity).
    pub caller: Address,
    /// `msg.value` in wei (already moved to the precompile's account by the frame).
    pub value: U256,
    /// Calldata.
    pub input: Bytes,
    /// Inside a STATICCALL.
    pub is_static: bool,
    /// Gas available to the call.
    pub gas_limit: u64,
}

impl Call {
    /// The caller as a 32-byte coldkey.
    pub fn coldkey(&self) -> AccountId32 {
        address_to_account_id(self.caller)
    }
}

/// Names of the refusals the precompile layer makes itself, before any runtime rule runs.
/// The real chain has no pallet error for these (its precompile layer fails without a name),
/// so they are taochain's own; docs/precompiles.md lists them beside the subtensor names.
pub mod names {
    /// The selector matches no function of the interface.
    pub const UNKNOWN_SELECTOR: &str = "UnknownSelector";
    /// The arguments do not decode (short, dirty high bits, bad offsets).
    pub const INVALID_INPUT: &str = "InvalidInput";
    /// A state-changing function inside a STATICCALL.
    pub const WRITE_IN_STATIC_CALL: &str = "WriteInStaticCall";
    /// `msg.value` sent to a function that does not take it.
    pub const NOT_PAYABLE: &str = "NotPayable";
    /// DELEGATECALL or CALLCODE into a precompile that acts for its caller.
    pub const DELEGATE_CALL_NOT_ALLOWED: &str = "DelegateCallNotAllowed";
    /// A real-chain precompile address this chain does not serve.
    pub const PRECOMPILE_NOT_AVAILABLE: &str = "PrecompileNotAvailable";
    /// A real-chain function this chain does not serve (staking proxies).
    pub const NOT_SUPPORTED: &str = "NotSupported";
    /// Value sent to the account of a precompile or system address, where it could not move.
    pub const RESERVED_ACCOUNT: &str = "ReservedAccount";
}

/// How a precompile call ends when it does not succeed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Revert with `Error(string)` data `"{error}: {reason}"`.
    Revert {
        /// The real chain's error name for the refusal (`NotEnoughStakeToWithdraw`, ...), or
        /// one of [`names`] for checks only the precompile layer makes.
        error: &'static str,
        /// What was refused and why, prefixed with the function's name by the precompile.
        reason: String,
    },
    /// Not enough gas for the work.
    OutOfGas,
    /// The chain's own state could not be accessed: the transaction is aborted.
    Fatal(String),
}

impl From<NativeError> for Failure {
    fn from(e: NativeError) -> Self {
        match e {
            NativeError::Backend(m) => Failure::Fatal(m),
            e @ NativeError::CorruptState { .. } => Failure::Fatal(e.to_string()),
            other => Failure::Revert { error: other.chain_name(), reason: other.to_string() },
        }
    }
}

impl Failure {
    /// A revert named `error` (a subtensor error name or one of [`names`]).
    pub fn revert(error: &'static str, reason: impl Into<String>) -> Self {
        Failure::Revert { error, reason: reason.into() }
    }

    /// The same failure with `function: ` put before a revert's reason, so the message reads
    /// `"{error}: {function}: {reason}"`.
    pub fn in_function(self, function: &str) -> Self {
        match self {
            Failure::Revert { error, reason } => {
                Failure::Revert { error, reason: format!("{function}: {reason}") }
            }
            other => other,
        }
    }

    /// The `Error(string)` message of a revert (`None` for the other failures).
    pub fn message(&self) -> Option<String> {
        match self {
            Failure::Revert { error, reason } => Some(format!("{error}: {reason}")),
            _ => None,
        }
    }

    /// ABI `Error(string)` bytes of a revert message.
    pub fn revert_data(msg: &str) -> Bytes {
        Revert { reason: msg.to_string() }.abi_encode().into()
    }
}

#[cfg(test)]
impl Failure {
    /// The revert whose `Error(string)` message is `msg` (`"{error}: {reason}"`), for
    /// assertions.
    #[allow(clippy::expect_used)]
    pub(crate) fn from_message(msg: &'static str) -> Self {
        let (error, reason) = msg.split_once(": ").expect("a revert message starts with its name");
        Failure::revert(error, reason)
    }
}

/// Gas meter: every charge happens before the work it pays for.
#[derive(Debug, Clone, Copy)]
pub struct Gas {
    limit: u64,
    used: u64,
}

impl Gas {
    /// A meter with `limit`.
    pub fn new(limit: u64) -> Self {
        Self { limit, used: 0 }
    }
    /// Charge `amount` or fail with out-of-gas.
    pub fn charge(&mut self, amount: u64) -> Result<(), Failure> {
        let used = self.used.saturating_add(amount);
        if used > self.limit {
            return Err(Failure::OutOfGas);
        }
        self.used = used;
        Ok(())
    }
    /// Gas used so far.
    pub fn used(&self) -> u64 {
        self.used
    }
}

/// Gas prices shared by the precompiles (one storage read / write and a base fee per call,
/// in the spirit of the real chain's weight-to-gas conversion).
pub mod cost {
    /// Every call.
    pub const BASE: u64 = 2_100;
    /// One native slot read.
    pub const READ: u64 = 800;
    /// One native slot write.
    pub const WRITE: u64 = 5_000;
    /// A staking operation (swap, share pool, ledger).
    pub const STAKE_OP: u64 = 60_000;
    /// A registration (subnet or neuron).
    pub const REGISTER: u64 = 150_000;
    /// Setting weights: base plus per entry.
    pub const WEIGHTS_BASE: u64 = 40_000;
    /// Per weight entry.
    pub const WEIGHTS_PER_ENTRY: u64 = 1_000;
    /// One Ed25519 or Sr25519 signature check: the real chain's flat price (its
    /// `LinearCostPrecompile` base of 6,000, three times EIP-665's Ed25519 estimate).
    pub const VERIFY: u64 = 6_000;
    /// An emitted event: the `LOG` opcode's base price.
    pub const LOG: u64 = 375;
    /// Per topic of an event.
    pub const LOG_TOPIC: u64 = 375;
    /// Per byte of an event's data.
    pub const LOG_DATA_BYTE: u64 = 8;

    /// Gas of an event with `topics` topics and `data_len` data bytes, as the `LOG` opcode
    /// charges it: `375 + 375 × topics + 8 × bytes` (saturating).
    pub fn log(topics: usize, data_len: usize) -> u64 {
        let n = |v: usize| u64::try_from(v).unwrap_or(u64::MAX);
        LOG.saturating_add(LOG_TOPIC.saturating_mul(n(topics)))
            .saturating_add(LOG_DATA_BYTE.saturating_mul(n(data_len)))
    }
}

/// Decode calldata for `C` or revert with a readable reason.
pub fn decode<C: SolCall>(input: &[u8]) -> Result<C, Failure> {
    C::abi_decode(input).map_err(|e| {
        Failure::revert(names::INVALID_INPUT, format!("invalid input for {}: {e}", C::SIGNATURE))
    })
}

/// The revert of calldata that does not decode for an interface: `UnknownSelector` when no
/// function has its selector (`signature` gives the function's signature), `InvalidInput`
/// naming the function otherwise.
pub fn undecodable(
    interface: &str,
    input: &[u8],
    signature: impl Fn([u8; 4]) -> Option<&'static str>,
) -> Failure {
    let sig = input.get(..4).and_then(|s| signature(s.try_into().ok()?));
    match sig {
        Some(sig) => Failure::revert(
            names::INVALID_INPUT,
            format!("{interface}: malformed arguments for {sig}"),
        ),
        None => Failure::revert(names::UNKNOWN_SELECTOR, format!("{interface}: unknown function")),
    }
}

/// Refuse writes inside STATICCALL.
pub fn require_mutable(call: &Call) -> Result<(), Failure> {
    if call.is_static {
        return Err(Failure::revert(names::WRITE_IN_STATIC_CALL, "state change in a static call"));
    }
    Ok(())
}

/// Refuse a `msg.value` on a function that does not use it (it would be stuck at the
/// precompile's address).
pub fn require_no_value(call: &Call) -> Result<(), Failure> {
    if !call.value.is_zero() {
        return Err(Failure::revert(names::NOT_PAYABLE, "this function does not accept value"));
    }
    Ok(())
}

/// A `uint256` amount argument as `u64`, saturating as the real chain's
/// `unique_saturated_into` does: an amount above `u64::MAX` becomes `u64::MAX` and then fails
/// the runtime's own check (balance, stake) with that check's error name.
pub fn u64_arg(v: U256) -> u64 {
    u64::try_from(v).unwrap_or(u64::MAX)
}

/// A `uint256` netuid argument; above `u16::MAX` it reverts, as the real chain's
/// `try_u16_from_u256` does.
pub fn netuid_arg(v: U256) -> Result<NetUid, Failure> {
    u16::try_from(v)
        .map(NetUid)
        .map_err(|_| Failure::revert(names::INVALID_INPUT, "netuid is outside of u16 bounds"))
}
