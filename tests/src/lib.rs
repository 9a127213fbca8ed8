//! Shared helpers for the scenario tests in `tests/tests/`: an in-process dev node on a free
//! port, a small JSON-RPC client, and transaction signing with the dev keys.

use alloy::consensus::{SignableTransaction, TxEip1559, TxEnvelope, TxLegacy};
use alloy::eips::eip2718::Encodable2718;
use alloy::signers::{SignerSync, local::PrivateKeySigner};
use alloy_primitives::{Address, B256, Bytes, TxKind, U256};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::path::PathBuf;
use taochain_node::{Node, NodeConfig};

/// The dev account keys (anvil's).
pub fn dev_key(i: usize) -> PrivateKeySigner {
    let k: B256 = chain_core::genesis::DEV_ACCOUNTS[i].1.parse().expect("dev key");
    PrivateKeySigner::from_bytes(&k).expect("valid key")
}

/// The dev chain id.
pub const CHAIN_ID: u64 = chain_core::genesis::DEV_CHAIN_ID;

/// A deployable test contract (hand-assembled, see `tests/README.md`): any non-empty call stores
/// the first calldata word in slot 0, emits `LOG1(topic = 0xabab..ab, data = word)` and returns
/// the word; an empty call reverts with `Error("nope")`.
pub const EMITTER_INITCODE: &str = "6061600c60003960616000f3366029576308c379a060e01b60005260206004526004602452636e6f706560e01b60445260646000fd5b60003580600055806000527fabababababababababababababababababababababababababababababababab60206000a15060206000f3";

/// The topic the emitter logs.
pub fn emitter_topic() -> B256 {
    B256::repeat_byte(0xab)
}

/// Start a dev node in this process on a free port.
pub async fn dev_node(datadir: Option<PathBuf>) -> Node {
    let cfg = NodeConfig::dev(SocketAddr::from(([127, 0, 0, 1], 0)), datadir);
    taochain_node::start(cfg).await.expect("node starts")
}

/// A JSON-RPC error.
#[derive(Debug, Clone)]
pub struct RpcError {
    /// Code.
    pub code: i64,
    /// Message.
    pub message: String,
    /// Data, if any.
    pub data: Option<Value>,
}

/// A minimal JSON-RPC client.
#[derive(Debug, Clone)]
pub struct Rpc {
    url: String,
    http: reqwest::Client,
}

impl Rpc {
    /// A client for `url`.
    pub fn new(url: &str) -> Self {
        Self { url: url.to_string(), http: reqwest::Client::new() }
    }

    /// Send a raw body; returns the parsed JSON reply and the HTTP status (status 0 and the
    /// error text if the server closed the connection before answering).
    pub async fn raw(&self, body: String) -> (u16, Value) {
        let r = match self
            .http
            .post(&self.url)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
        {
            Ok(r) => r,
            Err(e) => return (0, Value::String(e.to_string())),
        };
        let status = r.status().as_u16();
        let text = r.text().await.expect("body");
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    /// Call a method.
    pub async fn call(&self, method: &str, params: Value) -> Result<Value, RpcError> {
        let body = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params});
        let (_, v) = self.raw(body.to_string()).await;
        if let Some(e) = v.get("error") {
            return Err(RpcError {
                code: e["code"].as_i64().unwrap_or(0),
                message: e["message"].as_str().unwrap_or("").to_string(),
                data: e.get("data").cloned(),
            });
        }
        Ok(v["result"].clone())
    }

    /// Call a method that must succeed.
    pub async fn ok(&self, method: &str, params: Value) -> Value {
        self.call(method, params).await.unwrap_or_else(|e| panic!("{method} failed: {e:?}"))
    }

    /// A quantity result as u128.
    pub async fn qty(&self, method: &str, params: Value) -> u128 {
        hex_u128(&self.ok(method, params).await)
    }

    /// Balance in wei.
    pub async fn balance(&self, a: Address) -> U256 {
        let v = self.ok("eth_getBalance", json!([a, "latest"])).await;
        v.as_str()
            .and_then(|s| U256::from_str_radix(s.trim_start_matches("0x"), 16).ok())
            .expect("balance")
    }

    /// Wait for a receipt (up to 10 s).
    pub async fn receipt(&self, hash: &str) -> Value {
        for _ in 0..200 {
            let r = self.ok("eth_getTransactionReceipt", json!([hash])).await;
            if !r.is_null() {
                return r;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("no receipt for {hash}");
    }
}

/// Parse a hex quantity.
pub fn hex_u128(v: &Value) -> u128 {
    let s = v.as_str().unwrap_or_else(|| panic!("not a string: {v}"));
    u128::from_str_radix(s.trim_start_matches("0x"), 16)
        .unwrap_or_else(|_| panic!("bad quantity {s}"))
}

/// A signed EIP-1559 transaction.
#[allow(clippy::too_many_arguments)]
pub fn eip1559(
    key: &PrivateKeySigner,
    chain_id: u64,
    nonce: u64,
    to: Option<Address>,
    value: U256,
    input: Bytes,
    gas: u64,
    max_fee: u128,
) -> Bytes {
    let tx = TxEip1559 {
        chain_id,
        nonce,
        gas_limit: gas,
        max_fee_per_gas: max_fee,
        max_priority_fee_per_gas: max_fee / 10,
        to: to.map(TxKind::Call).unwrap_or(TxKind::Create),
        value,
        input,
        ..Default::default()
    };
    let sig = key.sign_hash_sync(&tx.signature_hash()).expect("sign");
    let env: TxEnvelope = tx.into_signed(sig).into();
    env.encoded_2718().into()
}

/// A signed legacy transaction (EIP-155 when `chain_id` is set).
pub fn legacy(
    key: &PrivateKeySigner,
    chain_id: Option<u64>,
    nonce: u64,
    to: Address,
    value: U256,
    gas_price: u128,
) -> Bytes {
    let tx = TxLegacy {
        chain_id,
        nonce,
        gas_price,
        gas_limit: 21_000,
        to: TxKind::Call(to),
        value,
        input: Bytes::new(),
    };
    let sig = key.sign_hash_sync(&tx.signature_hash()).expect("sign");
    let env: TxEnvelope = tx.into_signed(sig).into();
    env.encoded_2718().into()
}

/// 10 gwei: comfortably above the dev base fee.
pub const FEE: u128 = 10_000_000_000;
