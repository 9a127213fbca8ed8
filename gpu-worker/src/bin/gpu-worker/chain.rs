//! The worker's view of the chain: a small Ethereum JSON-RPC client over reqwest (retries with
//! backoff on transport errors), typed precompile reads (`eth_call` of a `sol!` call from
//! `contracts`) and signed EIP-1559 transactions that are simulated first, so a call that
//! would revert is reported with its revert reason instead of being sent.

use alloy::consensus::{SignableTransaction, TxEip1559, TxEnvelope};
use alloy::eips::eip2718::Encodable2718;
use alloy::signers::{SignerSync, local::PrivateKeySigner};
use alloy::sol_types::{Revert, SolCall, SolError, SolInterface};
use alloy_primitives::{Address, B256, Bytes, TxKind, U256};
use anyhow::{Context as _, anyhow, bail};
use contracts::bindings::ComputeCollateral::ComputeCollateralErrors;
use serde_json::{Value, json};
use std::time::Duration;

/// Gas limit of every transaction (precompile calls cost far less).
const GAS: u64 = 1_000_000;
/// Attempts for one JSON-RPC request before giving up (transport errors and 5xx only).
const ATTEMPTS: u32 = 5;
/// How long to wait for a receipt.
const RECEIPT_TIMEOUT: Duration = Duration::from_secs(60);

/// A JSON-RPC error answered by the node (not retried).
#[derive(Debug, Clone)]
pub struct RpcError {
    /// The error code (3: execution reverted).
    pub code: i64,
    /// The message.
    pub message: String,
    /// The revert data, if any.
    pub data: Option<Bytes>,
}

impl std::fmt::Display for RpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "JSON-RPC error {}: {}", self.code, self.message)
    }
}

impl std::error::Error for RpcError {}

impl RpcError {
    /// The revert reason of an `eth_call` / `eth_estimateGas` failure: the decoded
    /// `Error(string)`, or a custom error of the collateral contract, or the message with the
    /// raw revert data.
    pub fn reason(&self) -> String {
        let Some(data) = self.data.as_ref().filter(|d| !d.is_empty()) else {
            return self.message.clone();
        };
        if let Ok(r) = Revert::abi_decode(data) {
            return r.reason;
        }
        match ComputeCollateralErrors::abi_decode(data) {
            Ok(e) => format!("{e:?}"),
            Err(_) => format!("{}: {data}", self.message),
        }
    }
}

/// What became of a transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TxOutcome {
    /// Mined with status 1.
    Mined {
        /// Its hash.
        hash: B256,
        /// Its block.
        block: u64,
    },
    /// Refused by the simulation (not sent) or mined with status 0.
    Reverted {
        /// The revert reason.
        reason: String,
    },
}

/// One worker's connection to the chain, signing with its EVM key.
#[derive(Debug)]
pub struct Chain {
    url: String,
    http: reqwest::Client,
    signer: PrivateKeySigner,
    chain_id: u64,
    send_lock: tokio::sync::Mutex<()>,
}

impl Chain {
    /// Connects (reads the chain id, retrying while the node comes up).
    pub async fn connect(url: &str, signer: PrivateKeySigner) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .context("building the HTTP client")?;
        let mut chain = Chain {
            url: url.to_owned(),
            http,
            signer,
            chain_id: 0,
            send_lock: tokio::sync::Mutex::new(()),
        };
        let id = chain.request("eth_chainId", json!([])).await?;
        chain.chain_id = quantity(&id)?;
        Ok(chain)
    }

    /// The worker's address.
    pub fn address(&self) -> Address {
        self.signer.address()
    }

    /// The worker's hotkey (and coldkey): the twin of its address.
    pub fn hotkey(&self) -> B256 {
        B256::from(tao_primitives::address_to_account_id(self.address()).0)
    }

    /// The signer (the miner signs its commitments with it).
    pub fn signer(&self) -> &PrivateKeySigner {
        &self.signer
    }

    /// One JSON-RPC request; transport failures and 5xx answers are retried with exponential
    /// backoff (200 ms, 400 ms, ...), a JSON-RPC error is returned as [`RpcError`].
    pub async fn request(&self, method: &str, params: Value) -> anyhow::Result<Value> {
        let body = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params});
        let mut delay = Duration::from_millis(200);
        let mut last = None;
        for attempt in 1..=ATTEMPTS {
            match self.http.post(&self.url).json(&body).send().await {
                Ok(r) if r.status().is_server_error() => {
                    last = Some(anyhow!("{method}: HTTP {}", r.status()));
                }
                Ok(r) => {
                    let v: Value = r.json().await.with_context(|| format!("{method}: body"))?;
                    return match v.get("error") {
                        Some(e) => Err(rpc_error(e).into()),
                        None => Ok(v.get("result").cloned().unwrap_or(Value::Null)),
                    };
                }
                Err(e) => last = Some(anyhow::Error::new(e).context(method.to_owned())),
            }
            if attempt < ATTEMPTS {
                tracing::debug!(method, attempt, "RPC transport error; retrying in {delay:?}");
                tokio::time::sleep(delay).await;
                delay *= 2;
            }
        }
        Err(last.unwrap_or_else(|| anyhow!("{method}: no attempt made")))
    }

    /// `eth_call` of `call` on `to` from this worker's address, on the latest state. A revert
    /// is `Ok(Err(reason))`.
    pub async fn try_view<C: SolCall>(
        &self,
        to: Address,
        call: &C,
    ) -> anyhow::Result<Result<C::Return, String>> {
        let data = Bytes::from(call.abi_encode());
        let tx = json!({"from": self.address(), "to": to, "data": data});
        match self.request("eth_call", json!([tx, "latest"])).await {
            Ok(v) => {
                let out: Bytes = serde_json::from_value(v).context("eth_call result")?;
                let ret = C::abi_decode_returns(&out)
                    .with_context(|| format!("decoding {}", C::SIGNATURE))?;
                Ok(Ok(ret))
            }
            Err(e) => match e.downcast_ref::<RpcError>() {
                Some(r) if r.code == 3 || r.data.is_some() => Ok(Err(r.reason())),
                _ => Err(e),
            },
        }
    }

    /// [`Chain::try_view`] that must not revert.
    pub async fn view<C: SolCall>(&self, to: Address, call: &C) -> anyhow::Result<C::Return> {
        self.try_view(to, call).await?.map_err(|r| anyhow!("{} reverted: {r}", C::SIGNATURE))
    }

    /// Simulates `call` (an `eth_call` from this worker) and, if it would succeed, signs and
    /// sends it and waits for the receipt. A simulated or mined revert is
    /// [`TxOutcome::Reverted`] with the reason; only transport trouble is an `Err`.
    pub async fn send<C: SolCall>(&self, to: Address, call: &C) -> anyhow::Result<TxOutcome> {
        self.send_value(to, call, U256::ZERO).await
    }

    /// [`Chain::send`] paying `value` wei with the call (a payable function).
    pub async fn send_value<C: SolCall>(
        &self,
        to: Address,
        call: &C,
        value: U256,
    ) -> anyhow::Result<TxOutcome> {
        let _one_at_a_time = self.send_lock.lock().await;
        if let Err(reason) = self.simulate(to, call, value).await? {
            return Ok(TxOutcome::Reverted { reason });
        }
        let input = Bytes::from(call.abi_encode());
        let nonce = quantity(
            &self.request("eth_getTransactionCount", json!([self.address(), "pending"])).await?,
        )?;
        let gas_price: u128 = quantity(&self.request("eth_gasPrice", json!([])).await?)?.into();
        let max_fee = gas_price.saturating_mul(2).max(1_000_000_000);
        let tx = TxEip1559 {
            chain_id: self.chain_id,
            nonce,
            gas_limit: GAS,
            max_fee_per_gas: max_fee,
            max_priority_fee_per_gas: max_fee / 10,
            to: TxKind::Call(to),
            value,
            input: input.clone(),
            ..Default::default()
        };
        let sig = self.signer.sign_hash_sync(&tx.signature_hash()).context("signing")?;
        let raw: Bytes = TxEnvelope::from(tx.into_signed(sig)).encoded_2718().into();
        let hash: B256 =
            serde_json::from_value(self.request("eth_sendRawTransaction", json!([raw])).await?)
                .context("transaction hash")?;
        let receipt = self.receipt(hash).await?;
        let block = quantity(&receipt["blockNumber"])?;
        if receipt["status"] == json!("0x1") {
            return Ok(TxOutcome::Mined { hash, block });
        }
        // Replay on the state the transaction saw for the reason.
        let replay = json!({"from": self.address(), "to": to, "data": input, "value": value});
        let at = format!("{:#x}", block.saturating_sub(1));
        let reason = match self.request("eth_call", json!([replay, at])).await {
            Err(e) => e.downcast_ref::<RpcError>().map_or_else(|| e.to_string(), RpcError::reason),
            Ok(_) => format!("transaction {hash} reverted (no reason on replay)"),
        };
        Ok(TxOutcome::Reverted { reason })
    }

    /// `Ok(Err(reason))` when `call` from this worker, paying `value` wei, would revert now.
    pub async fn simulate<C: SolCall>(
        &self,
        to: Address,
        call: &C,
        value: U256,
    ) -> anyhow::Result<Result<(), String>> {
        let data = Bytes::from(call.abi_encode());
        let tx = json!({"from": self.address(), "to": to, "data": data, "value": value});
        match self.request("eth_call", json!([tx, "latest"])).await {
            Ok(_) => Ok(Ok(())),
            Err(e) => match e.downcast_ref::<RpcError>() {
                Some(r) => Ok(Err(r.reason())),
                None => Err(e),
            },
        }
    }

    async fn receipt(&self, hash: B256) -> anyhow::Result<Value> {
        let deadline = tokio::time::Instant::now() + RECEIPT_TIMEOUT;
        loop {
            let r = self.request("eth_getTransactionReceipt", json!([hash])).await?;
            if !r.is_null() {
                return Ok(r);
            }
            if tokio::time::Instant::now() > deadline {
                bail!("no receipt for {hash} after {RECEIPT_TIMEOUT:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

fn rpc_error(e: &Value) -> RpcError {
    RpcError {
        code: e["code"].as_i64().unwrap_or(0),
        message: e["message"].as_str().unwrap_or_default().to_owned(),
        data: e.get("data").and_then(|d| serde_json::from_value(d.clone()).ok()),
    }
}

/// A hex quantity (`"0x1a"`).
pub fn quantity(v: &Value) -> anyhow::Result<u64> {
    let s = v.as_str().ok_or_else(|| anyhow!("not a hex quantity: {v}"))?;
    u64::from_str_radix(s.trim_start_matches("0x"), 16).with_context(|| format!("quantity {s}"))
}
