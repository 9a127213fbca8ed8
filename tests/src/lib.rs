//! Shared helpers for the scenario tests in `tests/tests/`: an in-process dev node on a free
//! port, a JSON-RPC client (typed helpers through the client generated from
//! `taochain-rpc-api`, plus a raw HTTP path for any method and for malformed bodies), and
//! transaction signing with the dev keys.

use alloy::consensus::{SignableTransaction, TxEip1559, TxEnvelope, TxLegacy};
use alloy::eips::eip2718::Encodable2718;
use alloy::eips::{BlockId, BlockNumberOrTag};
use alloy::rpc::types::TransactionRequest;
use alloy::signers::{SignerSync, local::PrivateKeySigner};
use alloy_primitives::{Address, B256, Bytes, TxKind, U256};
use jsonrpsee::core::ClientError;
use jsonrpsee::http_client::{HttpClient, HttpClientBuilder};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::path::PathBuf;
use taochain_node::{Node, NodeConfig};
use taochain_rpc_api::{EthApiClient, EvmApiClient};

/// The dev account keys (anvil's).
pub fn dev_key(i: usize) -> PrivateKeySigner {
    let k: B256 = tao_chain::genesis::DEV_ACCOUNTS[i].1.parse().expect("dev key");
    PrivateKeySigner::from_bytes(&k).expect("valid key")
}

/// The dev chain id.
pub const CHAIN_ID: u64 = tao_chain::genesis::DEV_CHAIN_ID;

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

/// Start an in-memory dev node whose pools live in `engine` (the dev genesis has Solidity).
pub async fn dev_node_with_engine(engine: tao_chain::genesis::PoolEngineChoice) -> Node {
    let mut cfg = NodeConfig::dev(SocketAddr::from(([127, 0, 0, 1], 0)), None);
    cfg.genesis.native.pool_engine = engine;
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

/// A JSON-RPC client: typed calls through the generated client ([`Rpc::api`]), any method by
/// name ([`Rpc::call`]) and raw bodies ([`Rpc::raw`]).
#[derive(Debug, Clone)]
pub struct Rpc {
    url: String,
    http: reqwest::Client,
    api: HttpClient,
}

impl Rpc {
    /// A client for `url`.
    pub fn new(url: &str) -> Self {
        let api = HttpClientBuilder::default().build(url).expect("http client");
        Self { url: url.to_string(), http: reqwest::Client::new(), api }
    }

    /// The typed client (`EthApiClient`, `EvmApiClient`, ... of `taochain-rpc-api`).
    pub fn api(&self) -> &HttpClient {
        &self.api
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
        self.balance_at(a, None).await
    }

    /// Wait for a receipt (up to 10 s).
    pub async fn receipt(&self, hash: &str) -> Value {
        let hash: B256 = hash.parse().expect("transaction hash");
        for _ in 0..200 {
            let r = self.api.transaction_receipt(hash).await.expect("eth_getTransactionReceipt");
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

// ---------------------------------------------------------------------------------------------
// Helpers for the precompile scenarios (`precompile_suite.rs`, `e2e_subnet.rs`).

/// The chain's 32-byte id of an EVM address (coldkey / hotkey): its twin
/// `blake2b-256("evm:" ‖ address)` (`tao_primitives::address_to_account_id`).
pub fn evm_id(a: Address) -> B256 {
    B256::from(tao_primitives::address_to_account_id(a))
}

/// 1 TAO in RAO.
pub const TAO: u64 = 1_000_000_000;

/// Wei per RAO (10^9).
pub fn rao_to_wei(rao: u64) -> U256 {
    U256::from(rao) * U256::from(1_000_000_000u64)
}

/// The `Error(string)` reason in revert data, if it is one.
pub fn revert_reason(data: &[u8]) -> Option<String> {
    use alloy::sol_types::{Revert, SolError};
    Revert::abi_decode(data).ok().map(|r| r.reason)
}

/// A block tag or number for `eth_call` / `eth_getBalance`.
pub fn block_tag(at: Option<u64>) -> Value {
    match at {
        Some(n) => json!(format!("{n:#x}")),
        None => json!("latest"),
    }
}

/// The block id of [`block_tag`], for the typed client.
pub fn block_id(at: Option<u64>) -> BlockId {
    BlockId::Number(at.map_or(BlockNumberOrTag::Latest, BlockNumberOrTag::Number))
}

/// The outcome of a typed `eth_call`: the returned bytes, or the revert data (`Err`) when it
/// reverts with code 3; any other failure panics.
fn call_outcome(r: Result<Bytes, ClientError>, to: Address) -> Result<Bytes, Bytes> {
    match r {
        Ok(b) => Ok(b),
        Err(ClientError::Call(e)) if e.code() == 3 => Err(e
            .data()
            .and_then(|d| serde_json::from_str::<Bytes>(d.get()).ok())
            .unwrap_or_default()),
        Err(e) => panic!("eth_call to {to} failed: {e:?}"),
    }
}

/// Parse a `0x` hex byte string.
pub fn hex_bytes(v: &Value) -> Bytes {
    let s = v.as_str().unwrap_or_else(|| panic!("not a hex string: {v}"));
    s.parse::<Bytes>().unwrap_or_else(|e| panic!("bad hex {s}: {e}"))
}

impl Rpc {
    /// The head block number.
    pub async fn block_number(&self) -> u64 {
        self.api.block_number().await.expect("eth_blockNumber").to()
    }

    /// Balance in wei at block `at` (the head when `None`).
    pub async fn balance_at(&self, a: Address, at: Option<u64>) -> U256 {
        self.api.balance(a, Some(block_id(at))).await.expect("eth_getBalance")
    }

    /// `eth_call` of `data` on `to` on the state after block `at` (the head when `None`):
    /// the returned bytes, or the revert data (`Err`) when it reverts with code 3.
    pub async fn call_at(&self, to: Address, data: Bytes, at: Option<u64>) -> Result<Bytes, Bytes> {
        let req = TransactionRequest::default().to(to).input(data.into());
        call_outcome(EthApiClient::call(&self.api, req, Some(block_id(at)), None, None).await, to)
    }

    /// Mine `n` empty blocks with `evm_mine`.
    pub async fn mine(&self, n: u64) {
        for _ in 0..n {
            self.api.evm_mine(None).await.expect("evm_mine");
        }
    }

    /// Mine empty blocks until the head is `target` (nothing if it is already there or past).
    pub async fn mine_to(&self, target: u64) {
        let head = self.block_number().await;
        self.mine(target.saturating_sub(head)).await;
    }
}

/// One dev account that signs and sends transactions, one at a time (each is mined at once
/// on an automining dev node).
pub struct Sender {
    /// Its key.
    pub key: PrivateKeySigner,
    rpc: Rpc,
}

impl Sender {
    /// Dev account `i` sending through `rpc`.
    pub fn dev(rpc: &Rpc, i: usize) -> Self {
        Self::new(rpc, dev_key(i))
    }

    /// Any key sending through `rpc`.
    pub fn new(rpc: &Rpc, key: PrivateKeySigner) -> Self {
        Self { key, rpc: rpc.clone() }
    }

    /// Its address.
    pub fn address(&self) -> Address {
        self.key.address()
    }

    /// Its id as a coldkey / hotkey.
    pub fn id(&self) -> B256 {
        evm_id(self.address())
    }

    /// Signs and sends a transaction (EIP-1559, fee [`FEE`]), waits for the receipt and
    /// returns it, whatever its status.
    pub async fn send(&self, to: Option<Address>, value: U256, input: Bytes, gas: u64) -> Value {
        let api = self.rpc.api();
        let pending = Some(BlockId::Number(BlockNumberOrTag::Pending));
        let nonce = api.transaction_count(self.address(), pending).await.expect("nonce");
        let raw = eip1559(&self.key, CHAIN_ID, nonce.to(), to, value, input, gas, FEE);
        let hash = api.send_raw_transaction(raw).await.expect("eth_sendRawTransaction");
        self.rpc.receipt(&format!("{hash:#x}")).await
    }

    /// [`Sender::send`] that must succeed (status 1).
    pub async fn send_ok(&self, to: Option<Address>, value: U256, input: Bytes, gas: u64) -> Value {
        let r = self.send(to, value, input, gas).await;
        assert_eq!(r["status"], json!("0x1"), "transaction reverted: {r}");
        r
    }

    /// Deploys `initcode` and returns the new contract's address.
    pub async fn deploy(&self, initcode: Bytes) -> Address {
        let r = self.send_ok(None, U256::ZERO, initcode, 10_000_000).await;
        r["contractAddress"].as_str().and_then(|s| s.parse().ok()).expect("contract address")
    }
}

/// The block number and the fee paid (gasUsed × effectiveGasPrice, wei) of a receipt.
pub fn receipt_block_and_fee(r: &Value) -> (u64, U256) {
    let block = hex_u128(&r["blockNumber"]) as u64;
    let fee = U256::from(hex_u128(&r["gasUsed"])) * U256::from(hex_u128(&r["effectiveGasPrice"]));
    (block, fee)
}

impl Rpc {
    /// [`Rpc::call_at`] with `from` as `msg.sender`.
    pub async fn call_from(
        &self,
        from: Address,
        to: Address,
        data: Bytes,
        at: Option<u64>,
    ) -> Result<Bytes, Bytes> {
        let req = TransactionRequest::default().from(from).to(to).input(data.into());
        call_outcome(EthApiClient::call(&self.api, req, Some(block_id(at)), None, None).await, to)
    }
}
