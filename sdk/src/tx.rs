//! What a transaction is before and after it is sent: [`TxCall`] (a call to make),
//! [`PreparedTx`] (checked, priced, ready to sign), [`Progress`] (reports while waiting),
//! [`Receipt`] (mined), and [`decode_revert`] (revert data as text).

use crate::Tao;
use alloy::rpc::types::Log;
use alloy_dyn_abi::{DynSolValue, JsonAbiExt};
use alloy_json_abi::JsonAbi;
use alloy_primitives::{Address, B256, Bytes, U256};
use alloy_sol_types::{Panic, Revert, SolCall, SolError};
use std::sync::OnceLock;
use std::time::Duration;

/// One contract or precompile call to send: where, what, how much value, and a one-line
/// description for confirmations.
///
/// ```
/// use taochain_sdk::{AccountId, Tao, flows};
/// let call = flows::add_stake(AccountId::default(), 1, "10".parse::<Tao>()?, None);
/// assert_eq!(call.to, contracts::staking::ADDRESS);
/// assert!(call.summary.contains("10 TAO"));
/// # Ok::<(), taochain_sdk::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct TxCall {
    /// Recipient (a precompile, a contract or a plain account).
    pub to: Address,
    /// Calldata.
    pub input: Bytes,
    /// Value in wei.
    pub value: U256,
    /// The Solidity signature of the call (`"transfer"` for a plain value transfer).
    pub signature: &'static str,
    /// What it does, for people (`"stake 10 TAO on hotkey 5F… in subnet 1"`).
    pub summary: String,
    /// TAO the call spends besides `value` and fees (stake, burn), for balance checks and
    /// confirmations.
    pub spends: Tao,
}

impl TxCall {
    /// A call of a `sol!` call type on `to`, without value.
    ///
    /// ```
    /// let c = taochain_sdk::TxCall::sol(contracts::subnet_control::ADDRESS,
    ///     &contracts::ISubnetControl::startCallCall { netuid: 1 }, "start subnet 1");
    /// assert_eq!(c.signature, "startCall(uint16)");
    /// ```
    pub fn sol<C: SolCall>(to: Address, call: &C, summary: impl Into<String>) -> Self {
        Self {
            to,
            input: call.abi_encode().into(),
            value: U256::ZERO,
            signature: C::SIGNATURE,
            summary: summary.into(),
            spends: Tao::ZERO,
        }
    }
}

/// A checked transaction, ready to sign: the call, its sender, gas and fees.
#[derive(Debug, Clone)]
pub struct PreparedTx {
    /// The call.
    pub call: TxCall,
    /// The sender.
    pub from: Address,
    /// Gas limit (the estimate plus [`crate::client::GAS_HEADROOM_PERCENT`]).
    pub gas_limit: u64,
    /// EIP-1559 maximum fee per gas (wei).
    pub max_fee_per_gas: u128,
    /// EIP-1559 priority fee per gas (wei).
    pub max_priority_fee_per_gas: u128,
}

impl PreparedTx {
    /// The most the fee can cost: `gas_limit × max_fee_per_gas`, in TAO (rounded up to RAO).
    ///
    /// ```
    /// use taochain_sdk::{PreparedTx, TxCall};
    /// let call = TxCall::sol(alloy_primitives::Address::ZERO, &contracts::ISubnetControl::startCallCall { netuid: 1 }, "");
    /// let tx = PreparedTx { call, from: Default::default(), gas_limit: 21_000, max_fee_per_gas: 2_000_000_000, max_priority_fee_per_gas: 0 };
    /// assert_eq!(tx.max_fee().to_string(), "0.000042");
    /// ```
    pub fn max_fee(&self) -> Tao {
        let wei = u128::from(self.gas_limit).saturating_mul(self.max_fee_per_gas);
        let rao = wei.div_ceil(u128::from(crate::amount::WEI_PER_RAO));
        Tao::from_rao(u64::try_from(rao).unwrap_or(u64::MAX))
    }

    /// Everything the sender may spend: value, what the call spends, and the maximum fee.
    ///
    /// ```
    /// use taochain_sdk::{PreparedTx, TxCall, Tao};
    /// let mut call = TxCall::sol(alloy_primitives::Address::ZERO, &contracts::ISubnetControl::startCallCall { netuid: 1 }, "");
    /// call.spends = Tao::from_rao(5);
    /// let tx = PreparedTx { call, from: Default::default(), gas_limit: 1, max_fee_per_gas: 1_000_000_000, max_priority_fee_per_gas: 0 };
    /// assert_eq!(tx.max_total().rao(), 6);
    /// ```
    pub fn max_total(&self) -> Tao {
        let value = Tao::from_wei_floor(self.call.value).unwrap_or(Tao::from_rao(u64::MAX));
        Tao::from_rao(
            value.rao().saturating_add(self.call.spends.rao()).saturating_add(self.max_fee().rao()),
        )
    }
}

/// What [`crate::Client::send`] reports while it works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// The transaction was accepted into the pool.
    Sent {
        /// Its hash.
        hash: B256,
    },
    /// Still waiting for the receipt.
    Waiting {
        /// Its hash.
        hash: B256,
        /// Time since it was sent.
        elapsed: Duration,
    },
    /// Mined.
    Mined {
        /// Its hash.
        hash: B256,
        /// The block.
        block: u64,
    },
}

/// A mined, successful transaction.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Receipt {
    /// Transaction hash.
    pub hash: B256,
    /// Block number.
    pub block: u64,
    /// Gas used.
    pub gas_used: u64,
    /// Fee paid (gas used × effective gas price), in TAO (rounded up to RAO).
    pub fee: Tao,
    /// The logs (events) it emitted.
    #[serde(skip)]
    pub logs: Vec<Log>,
}

impl Receipt {
    /// The first log that decodes as event `E`.
    ///
    /// ```no_run
    /// # async fn f(r: taochain_sdk::Receipt) {
    /// let added = r.event::<contracts::IStaking::StakeAdded>();
    /// # }
    /// ```
    pub fn event<E: alloy_sol_types::SolEvent>(&self) -> Option<E> {
        self.logs.iter().find_map(|l| E::decode_log_data(l.data()).ok())
    }
}

/// Readable text of revert data: `Error(string)`'s reason, `Panic(uint256)`'s code and
/// meaning, a custom error declared by one of the `contracts` crate's interfaces or compiled
/// contracts (`contracts::artifacts`: WTAO, the vaults, wrapped alpha, ...) with its decoded
/// arguments, or the raw bytes in hex (with a note for empty data).
///
/// ```
/// use alloy_sol_types::{Revert, SolError};
/// let data = Revert::from("SubnetNotExists: startCall: no subnet 9").abi_encode();
/// assert_eq!(taochain_sdk::decode_revert(&data), "SubnetNotExists: startCall: no subnet 9");
/// assert_eq!(taochain_sdk::decode_revert(&[]), "reverted without a reason");
/// ```
pub fn decode_revert(data: &[u8]) -> String {
    static ABIS: OnceLock<Vec<JsonAbi>> = OnceLock::new();
    let abis = ABIS.get_or_init(|| {
        let precompiles = contracts::INTERFACES.iter().map(|i| i.abi());
        let compiled = contracts::artifacts::ALL.iter().filter_map(|a| a.abi().ok());
        precompiles.chain(compiled).collect()
    });
    decode_revert_with(data, abis)
}

/// [`decode_revert`] that also knows the custom errors of `abis` (a contract's ABI, for
/// instance), and shows them as `Name(arg: value, ...)`.
///
/// ```
/// let abi: alloy_json_abi::JsonAbi = serde_json::from_str(r#"[{"type":"error","name":"TooLate",
///     "inputs":[{"name":"deadline","type":"uint64","internalType":"uint64"}]}]"#).unwrap();
/// let mut data = alloy_primitives::keccak256("TooLate(uint64)")[..4].to_vec();
/// data.extend_from_slice(&alloy_primitives::U256::from(7).to_be_bytes::<32>());
/// assert_eq!(taochain_sdk::tx::decode_revert_with(&data, &[abi]), "TooLate(deadline: 7)");
/// ```
pub fn decode_revert_with(data: &[u8], abis: &[JsonAbi]) -> String {
    if data.is_empty() {
        return "reverted without a reason".into();
    }
    if let Ok(r) = Revert::abi_decode(data) {
        return r.reason;
    }
    if let Ok(p) = Panic::abi_decode(data) {
        let meaning = match p.code.to::<u64>() {
            0x01 => "assertion failed",
            0x11 => "arithmetic overflow or underflow",
            0x12 => "division by zero",
            0x21 => "invalid enum value",
            0x31 => "pop on an empty array",
            0x32 => "array index out of bounds",
            0x41 => "out of memory",
            0x51 => "call of an uninitialised function",
            _ => "panic",
        };
        return format!("Panic(0x{:x}): {meaning}", p.code);
    }
    if let Some((selector, args)) = data.split_first_chunk::<4>() {
        for error in abis.iter().flat_map(|abi| abi.errors()) {
            if error.selector().0 != *selector {
                continue;
            }
            if let Ok(values) = error.abi_decode_input(args) {
                let shown: Vec<String> = error
                    .inputs
                    .iter()
                    .zip(&values)
                    .map(|(p, v)| {
                        if p.name.is_empty() { show(v) } else { format!("{}: {}", p.name, show(v)) }
                    })
                    .collect();
                return format!("{}({})", error.name, shown.join(", "));
            }
        }
    }
    format!("custom error 0x{}", alloy_primitives::hex::encode(data))
}

/// A decoded ABI value as text: numbers in decimal, addresses checksummed, bytes in hex.
fn show(v: &DynSolValue) -> String {
    match v {
        DynSolValue::Bool(b) => b.to_string(),
        DynSolValue::Int(i, _) => i.to_string(),
        DynSolValue::Uint(u, _) => u.to_string(),
        DynSolValue::Address(a) => a.to_string(),
        DynSolValue::FixedBytes(w, size) => {
            format!("0x{}", alloy_primitives::hex::encode(&w[..(*size).min(32)]))
        }
        DynSolValue::Bytes(b) => format!("0x{}", alloy_primitives::hex::encode(b)),
        DynSolValue::String(s) => format!("{s:?}"),
        DynSolValue::Array(items) | DynSolValue::FixedArray(items) | DynSolValue::Tuple(items) => {
            format!("[{}]", items.iter().map(show).collect::<Vec<_>>().join(", "))
        }
        other => format!("{other:?}"),
    }
}
