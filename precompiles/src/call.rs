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

/// How a precompile call ends when it does not succeed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Revert with `Error(string)` data.
    Revert(String),
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
            other => Failure::Revert(other.to_string()),
        }
    }
}

impl Failure {
    /// ABI `Error(string)` bytes of a revert.
    pub fn revert_data(msg: &str) -> Bytes {
        Revert { reason: msg.to_string() }.abi_encode().into()
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
}

/// Decode calldata for `C` or revert with a readable reason.
pub fn decode<C: SolCall>(input: &[u8]) -> Result<C, Failure> {
    C::abi_decode(input)
        .map_err(|e| Failure::Revert(format!("invalid input for {}: {e}", C::SIGNATURE)))
}

/// Refuse writes inside STATICCALL.
pub fn require_mutable(call: &Call) -> Result<(), Failure> {
    if call.is_static {
        return Err(Failure::Revert("state change in a static call".into()));
    }
    Ok(())
}

/// Refuse a `msg.value` on a function that does not use it (it would be stuck at the
/// precompile's address).
pub fn require_no_value(call: &Call) -> Result<(), Failure> {
    if !call.value.is_zero() {
        return Err(Failure::Revert("this function does not accept value".into()));
    }
    Ok(())
}

/// A `uint256` argument that must fit a `u64`.
pub fn u64_arg(v: U256, what: &str) -> Result<u64, Failure> {
    u64::try_from(v).map_err(|_| Failure::Revert(format!("{what} does not fit in u64")))
}

/// A `uint256` netuid argument.
pub fn netuid_arg(v: U256) -> Result<NetUid, Failure> {
    u16::try_from(v).map(NetUid).map_err(|_| Failure::Revert("netuid does not fit in u16".into()))
}
