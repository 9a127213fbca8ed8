//! [`Client`]: the typed JSON-RPC client (the jsonrpsee HTTP client generated from
//! `taochain-rpc-api`'s traits), precompile reads through `eth_call`, and transactions: a
//! [`TxCall`] is checked ([`Client::prepare`]: simulated by `eth_estimateGas`, so a call that
//! would revert is refused with its reason before anything is signed; fees; balance), then
//! signed as EIP-1559 and sent, and its receipt awaited with progress reports
//! ([`Client::send`]).

pub use crate::tx::{PreparedTx, Progress, Receipt, TxCall, decode_revert};
use crate::{AccountId, Error, Key, Result, Tao};
use alloy::consensus::{SignableTransaction, TxEip1559, TxEnvelope};
use alloy::eips::eip2718::Encodable2718;
use alloy::eips::{BlockId, BlockNumberOrTag};
use alloy::rpc::types::{Log, TransactionRequest};
use alloy::signers::SignerSync;
use alloy_primitives::{Address, B256, Bytes, TxKind, U256};
use alloy_sol_types::SolCall;
use jsonrpsee::core::ClientError;
use jsonrpsee::core::client::ClientT;
use jsonrpsee::http_client::{HttpClient, HttpClientBuilder};
use jsonrpsee::rpc_params;
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use taochain_rpc_api::{EthApiClient, TaoApiClient};

/// How long [`Client::send`] waits for a receipt by default.
pub const RECEIPT_TIMEOUT: Duration = Duration::from_secs(120);
/// How often [`Client::send`] polls for the receipt.
pub const RECEIPT_POLL: Duration = Duration::from_millis(100);
/// The wait before the first retry of a read ([`Client::with_retries`]); doubled each time.
pub const RETRY_FIRST_DELAY: Duration = Duration::from_millis(200);
/// Gas headroom over `eth_estimateGas`, in percent.
pub const GAS_HEADROOM_PERCENT: u64 = 20;

/// A connection to a node, optionally with a key that signs.
///
/// ```no_run
/// # async fn f() -> Result<(), taochain_sdk::Error> {
/// let client = taochain_sdk::Client::connect("http://127.0.0.1:8545").await?;
/// println!("chain {} at block {}", client.chain_id(), client.block_number().await?);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Client {
    url: String,
    rpc: HttpClient,
    chain_id: u64,
    key: Option<Key>,
    receipt_timeout: Duration,
    /// Retries of reads after transport failures.
    retries: u32,
    /// One send at a time per client (and its clones), so nonces do not race.
    send_lock: std::sync::Arc<tokio::sync::Mutex<()>>,
}

impl Client {
    /// Connects to `url` and reads the chain id.
    ///
    /// ```no_run
    /// # async fn f() -> Result<(), taochain_sdk::Error> {
    /// let client = taochain_sdk::Client::connect("http://127.0.0.1:8545").await?;
    /// # Ok(()) }
    /// ```
    pub async fn connect(url: &str) -> Result<Self> {
        Self::connect_retrying(url, 0).await
    }

    /// [`Client::connect`], retrying while the node is not up yet, and the client keeps
    /// retrying its reads ([`Client::with_retries`]) that many times.
    ///
    /// ```no_run
    /// # async fn f() -> Result<(), taochain_sdk::Error> {
    /// let client = taochain_sdk::Client::connect_retrying("http://127.0.0.1:8545", 6).await?;
    /// # Ok(()) }
    /// ```
    pub async fn connect_retrying(url: &str, retries: u32) -> Result<Self> {
        let rpc = HttpClientBuilder::default()
            .request_timeout(Duration::from_secs(30))
            .build(url)
            .map_err(|e| Error::Connect { url: url.to_owned(), reason: e.to_string() })?;
        let mut client = Self {
            url: url.to_owned(),
            rpc,
            chain_id: 0,
            key: None,
            receipt_timeout: RECEIPT_TIMEOUT,
            retries,
            send_lock: Default::default(),
        };
        let id = client
            .retrying(|| EthApiClient::chain_id(&client.rpc))
            .await
            .map_err(|e| client.rpc_err("eth_chainId", e))?;
        client.chain_id = id.to();
        Ok(client)
    }

    /// This client, signing with `key`.
    ///
    /// ```no_run
    /// # async fn f() -> Result<(), taochain_sdk::Error> {
    /// let key = taochain_sdk::Key::random();
    /// let client = taochain_sdk::Client::connect("http://127.0.0.1:8545").await?.with_key(key);
    /// # Ok(()) }
    /// ```
    pub fn with_key(mut self, key: Key) -> Self {
        self.key = Some(key);
        self
    }

    /// This client, waiting at most `timeout` for receipts.
    ///
    /// ```no_run
    /// # async fn f() -> Result<(), taochain_sdk::Error> {
    /// let c = taochain_sdk::Client::connect("http://127.0.0.1:8545").await?
    ///     .with_receipt_timeout(std::time::Duration::from_secs(10));
    /// # Ok(()) }
    /// ```
    pub fn with_receipt_timeout(mut self, timeout: Duration) -> Self {
        self.receipt_timeout = timeout;
        self
    }

    /// The signing key; an error saying how to give one when there is none.
    ///
    /// ```no_run
    /// # async fn f() -> Result<(), taochain_sdk::Error> {
    /// let c = taochain_sdk::Client::connect("http://127.0.0.1:8545").await?;
    /// assert!(c.key().is_err());
    /// # Ok(()) }
    /// ```
    pub fn key(&self) -> Result<&Key> {
        self.key.as_ref().ok_or_else(|| {
            Error::Wallet(
                "this command signs a transaction: give --key HEX or --wallet NAME".into(),
            )
        })
    }

    /// The node's URL.
    ///
    /// ```no_run
    /// # async fn f() -> Result<(), taochain_sdk::Error> {
    /// let c = taochain_sdk::Client::connect("http://127.0.0.1:8545").await?;
    /// assert_eq!(c.url(), "http://127.0.0.1:8545");
    /// # Ok(()) }
    /// ```
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The EIP-155 chain id.
    ///
    /// ```no_run
    /// # async fn f() -> Result<(), taochain_sdk::Error> {
    /// let c = taochain_sdk::Client::connect("http://127.0.0.1:8545").await?;
    /// println!("{}", c.chain_id());
    /// # Ok(()) }
    /// ```
    pub fn chain_id(&self) -> u64 {
        self.chain_id
    }

    /// The typed JSON-RPC client: every method of `taochain-rpc-api`'s traits
    /// (`EthApiClient`, `TaoApiClient`, ...).
    ///
    /// ```no_run
    /// # async fn f() -> Result<(), Box<dyn std::error::Error>> {
    /// use taochain_rpc_api::TaoApiClient;
    /// let c = taochain_sdk::Client::connect("http://127.0.0.1:8545").await?;
    /// let supply = c.rpc().supply(None).await?;
    /// # Ok(()) }
    /// ```
    pub fn rpc(&self) -> &HttpClient {
        &self.rpc
    }

    /// This client, retrying reads (and receipt polls) up to `retries` times after a
    /// transport failure (connection refused or reset, timeout), waiting 200 ms, 400 ms, ...
    /// between attempts; for daemons that must ride out a node restart. Off by default, so a
    /// command line fails at once when the node is not there. Sending is never retried.
    ///
    /// ```no_run
    /// # async fn f() -> Result<(), taochain_sdk::Error> {
    /// let c = taochain_sdk::Client::connect("http://127.0.0.1:8545").await?.with_retries(5);
    /// # Ok(()) }
    /// ```
    pub fn with_retries(mut self, retries: u32) -> Self {
        self.retries = retries;
        self
    }

    /// Runs `f` again after transport failures, [`Client::with_retries`] times at most.
    pub(crate) async fn retrying<T, F, Fut>(&self, f: F) -> std::result::Result<T, ClientError>
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = std::result::Result<T, ClientError>>,
    {
        let mut delay = RETRY_FIRST_DELAY;
        let mut attempt = 0;
        loop {
            match f().await {
                Err(ClientError::Transport(_) | ClientError::RequestTimeout)
                    if attempt < self.retries =>
                {
                    attempt += 1;
                    tokio::time::sleep(delay).await;
                    delay = delay.saturating_mul(2);
                }
                other => return other,
            }
        }
    }

    /// Maps a client error of `method` to [`Error`].
    pub(crate) fn rpc_err(&self, method: &'static str, e: ClientError) -> Error {
        match e {
            ClientError::Call(obj) => {
                Error::Rpc { method, code: obj.code(), message: obj.message().to_owned() }
            }
            ClientError::Transport(_)
            | ClientError::RequestTimeout
            | ClientError::RestartNeeded(_) => {
                Error::Connect { url: self.url.clone(), reason: e.to_string() }
            }
            other => Error::Decode { what: method.to_owned(), reason: other.to_string() },
        }
    }

    /// The head block number.
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// let head = c.block_number().await?;
    /// # Ok(()) }
    /// ```
    pub async fn block_number(&self) -> Result<u64> {
        let n = self
            .retrying(|| EthApiClient::block_number(&self.rpc))
            .await
            .map_err(|e| self.rpc_err("eth_blockNumber", e))?;
        Ok(n.to())
    }

    /// The TAO balance of an address (its EVM balance floored to RAO).
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// let b = c.balance(alloy_primitives::Address::ZERO).await?;
    /// println!("{}", b.with_unit());
    /// # Ok(()) }
    /// ```
    pub async fn balance(&self, address: Address) -> Result<Tao> {
        let wei = self
            .retrying(|| EthApiClient::balance(&self.rpc, address, None))
            .await
            .map_err(|e| self.rpc_err("eth_getBalance", e))?;
        Tao::from_wei_floor(wei).ok_or_else(|| Error::Decode {
            what: "eth_getBalance".into(),
            reason: format!("{wei} wei does not fit u64 RAO"),
        })
    }

    /// The TAO of a 32-byte account (`tao_accountBalance`): its EVM address's balance once
    /// the chain has linked the twin, else the native balance kept for the id.
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// let b = c.account_balance(taochain_sdk::AccountId::default()).await?;
    /// # Ok(()) }
    /// ```
    pub async fn account_balance(&self, id: AccountId) -> Result<Tao> {
        let v = self
            .retrying(|| TaoApiClient::account_balance(&self.rpc, id.0, None))
            .await
            .map_err(|e| self.rpc_err("tao_accountBalance", e))?;
        crate::views::rao_field(&v, "free_rao", "tao_accountBalance").map(Tao::from_rao)
    }

    /// The next nonce of `address`, counting pooled transactions.
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// let n = c.nonce(alloy_primitives::Address::ZERO).await?;
    /// # Ok(()) }
    /// ```
    pub async fn nonce(&self, address: Address) -> Result<u64> {
        let pending = Some(BlockId::Number(BlockNumberOrTag::Pending));
        let n = self
            .retrying(|| EthApiClient::transaction_count(&self.rpc, address, pending))
            .await
            .map_err(|e| self.rpc_err("eth_getTransactionCount", e))?;
        Ok(n.to())
    }

    fn request(&self, to: Address, input: Bytes, value: U256) -> TransactionRequest {
        let mut req = TransactionRequest::default().to(to).input(input.into()).value(value);
        if let Some(k) = &self.key {
            req = req.from(k.address());
        }
        req
    }

    /// Maps an `eth_call` / `eth_estimateGas` failure: a revert (code 3) becomes
    /// [`Error::Reverted`] with the decoded reason.
    pub(crate) fn call_err(&self, method: &'static str, signature: &str, e: ClientError) -> Error {
        if let ClientError::Call(obj) = &e
            && (obj.code() == 3 || obj.data().is_some())
        {
            let data = obj.data().and_then(|d| serde_json::from_str::<Bytes>(d.get()).ok());
            let reason = match data {
                Some(d) if !d.is_empty() => decode_revert(&d),
                _ => obj.message().to_owned(),
            };
            return Error::Reverted { call: signature.to_owned(), reason, tx: None };
        }
        self.rpc_err(method, e)
    }

    /// `eth_call` of a `sol!` call on `to` (from the client's key, if any), decoded.
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// use contracts::{IAlpha, alpha};
    /// let price = c.view(alpha::ADDRESS, &IAlpha::getAlphaPriceCall { netuid: 1 }).await?;
    /// # Ok(()) }
    /// ```
    pub async fn view<C: SolCall>(&self, to: Address, call: &C) -> Result<C::Return> {
        let out = self.call_raw(to, call.abi_encode().into(), C::SIGNATURE).await?;
        C::abi_decode_returns(&out)
            .map_err(|e| Error::Decode { what: C::SIGNATURE.to_owned(), reason: e.to_string() })
    }

    /// `eth_call` of raw calldata on `to` (from the client's key, if any); a revert is
    /// [`Error::Reverted`] naming `signature`.
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// let out = c.call_raw(alloy_primitives::Address::ZERO, Default::default(), "fallback()").await?;
    /// # Ok(()) }
    /// ```
    pub async fn call_raw(&self, to: Address, input: Bytes, signature: &str) -> Result<Bytes> {
        let req = self.request(to, input, U256::ZERO);
        self.retrying(|| EthApiClient::call(&self.rpc, req.clone(), None, None, None))
            .await
            .map_err(|e| self.call_err("eth_call", signature, e))
    }

    /// Checks `call` from the client's key: simulates it (`eth_estimateGas`; a revert is
    /// [`Error::Reverted`] with its reason), sets gas and fees, and makes sure the balance
    /// covers value, spend and the maximum fee ([`Error::InsufficientBalance`]).
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// let tx = c.prepare(taochain_sdk::flows::start_call(1)).await?;
    /// println!("{} (fee at most {} TAO)", tx.call.summary, tx.max_fee());
    /// # Ok(()) }
    /// ```
    pub async fn prepare(&self, call: TxCall) -> Result<PreparedTx> {
        let from = self.key()?.address();
        let balance = self.balance(from).await?;
        let value = Tao::from_wei_floor(call.value).unwrap_or(Tao::from_rao(u64::MAX));
        let need_now = value.rao().saturating_add(call.spends.rao());
        if balance.rao() < need_now {
            return Err(Error::InsufficientBalance {
                account: AccountId::of_address(from),
                have: balance.to_string(),
                need: Tao::from_rao(need_now).to_string(),
                what: "amount",
            });
        }
        let req = self.request(call.to, call.input.clone(), call.value);
        let estimate = self
            .retrying(|| EthApiClient::estimate_gas(&self.rpc, req.clone(), None, None, None))
            .await
            .map_err(|e| self.call_err("eth_estimateGas", call.signature, e))?;
        let estimate: u64 = estimate.to();
        let gas_limit = estimate.saturating_add(estimate * GAS_HEADROOM_PERCENT / 100);
        let gas_price: u128 = self
            .retrying(|| EthApiClient::gas_price(&self.rpc))
            .await
            .map_err(|e| self.rpc_err("eth_gasPrice", e))?
            .to();
        let tip: u128 = self
            .retrying(|| EthApiClient::max_priority_fee_per_gas(&self.rpc))
            .await
            .map_err(|e| self.rpc_err("eth_maxPriorityFeePerGas", e))?
            .to();
        let max_fee_per_gas = gas_price.saturating_mul(2).max(tip);
        let tx =
            PreparedTx { call, from, gas_limit, max_fee_per_gas, max_priority_fee_per_gas: tip };
        if balance < tx.max_total() {
            return Err(Error::InsufficientBalance {
                account: AccountId::of_address(from),
                have: balance.to_string(),
                need: tx.max_total().to_string(),
                what: "amount and maximum fee",
            });
        }
        Ok(tx)
    }

    /// Signs and sends a prepared transaction, reports progress, and waits for its receipt.
    /// Sends through one client (and its clones) go one at a time, so their nonces follow.
    /// Sends through one client (and its clones) go one at a time, so their nonces follow.
    /// A mined revert is [`Error::Reverted`] with the reason (replayed on the block's parent
    /// state) and the transaction hash.
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// let tx = c.prepare(taochain_sdk::flows::start_call(1)).await?;
    /// let receipt = c.send(tx, |p| eprintln!("{p:?}")).await?;
    /// println!("mined in block {}", receipt.block);
    /// # Ok(()) }
    /// ```
    pub async fn send(
        &self,
        tx: PreparedTx,
        mut progress: impl FnMut(Progress),
    ) -> Result<Receipt> {
        let key = self.key()?;
        let _one_at_a_time = self.send_lock.lock().await;
        let nonce = self.nonce(tx.from).await?;
        let unsigned = TxEip1559 {
            chain_id: self.chain_id,
            nonce,
            gas_limit: tx.gas_limit,
            max_fee_per_gas: tx.max_fee_per_gas,
            max_priority_fee_per_gas: tx.max_priority_fee_per_gas,
            to: TxKind::Call(tx.call.to),
            value: tx.call.value,
            input: tx.call.input.clone(),
            ..Default::default()
        };
        let sig = key
            .signer()
            .sign_hash_sync(&unsigned.signature_hash())
            .map_err(|e| Error::Key(format!("signing: {e}")))?;
        let raw: Bytes = TxEnvelope::from(unsigned.into_signed(sig)).encoded_2718().into();
        let hash = EthApiClient::send_raw_transaction(&self.rpc, raw)
            .await
            .map_err(|e| self.rpc_err("eth_sendRawTransaction", e))?;
        progress(Progress::Sent { hash });
        let receipt = self.wait_receipt(hash, &mut progress).await?;
        let num = |k: &str| -> Result<u64> {
            receipt[k]
                .as_str()
                .and_then(|s| u64::from_str_radix(s.trim_start_matches("0x"), 16).ok())
                .ok_or_else(|| Error::Decode { what: "receipt".into(), reason: format!("no {k}") })
        };
        let block = num("blockNumber")?;
        progress(Progress::Mined { hash, block });
        if receipt["status"] != json!("0x1") {
            let reason = self.mined_revert_reason(hash, &tx.call, block).await;
            return Err(Error::Reverted {
                call: tx.call.signature.to_owned(),
                reason,
                tx: Some(hash),
            });
        }
        let gas_used = num("gasUsed")?;
        let price = num("effectiveGasPrice").unwrap_or(0);
        let fee_wei = u128::from(gas_used).saturating_mul(u128::from(price));
        let fee = Tao::from_rao(
            u64::try_from(fee_wei.div_ceil(u128::from(crate::amount::WEI_PER_RAO)))
                .unwrap_or(u64::MAX),
        );
        let logs: Vec<Log> = serde_json::from_value(receipt["logs"].clone())
            .map_err(|e| Error::Decode { what: "receipt logs".into(), reason: e.to_string() })?;
        Ok(Receipt { hash, block, gas_used, fee, logs })
    }

    /// Why a mined transaction reverted: the revert data of its own execution (a
    /// `callTracer` trace of it), else a replay of the call on its parent block's state.
    async fn mined_revert_reason(&self, hash: B256, call: &TxCall, block: u64) -> String {
        let opts = json!({ "tracer": "callTracer", "tracerConfig": { "onlyTopCall": true } });
        let trace: std::result::Result<Value, _> =
            ClientT::request(&self.rpc, "debug_traceTransaction", rpc_params![hash, opts]).await;
        if let Ok(frame) = trace {
            if let Some(out) = frame["output"].as_str().and_then(|o| o.parse::<Bytes>().ok())
                && !out.is_empty()
            {
                return decode_revert(&out);
            }
            if let Some(err) = frame["error"].as_str() {
                return err.to_owned();
            }
        }
        let req = self.request(call.to, call.input.clone(), call.value);
        let parent = Some(BlockId::Number(BlockNumberOrTag::Number(block.saturating_sub(1))));
        match EthApiClient::call(&self.rpc, req, parent, None, None).await {
            Err(e) => match self.call_err("eth_call", call.signature, e) {
                Error::Reverted { reason, .. } => reason,
                other => other.to_string(),
            },
            Ok(_) => "reverted in its block (the call succeeds on the parent block's state: the block's emission or an earlier transaction changed it first)".into(),
        }
    }

    async fn wait_receipt(&self, hash: B256, progress: &mut impl FnMut(Progress)) -> Result<Value> {
        let start = Instant::now();
        loop {
            let r = self
                .retrying(|| EthApiClient::transaction_receipt(&self.rpc, hash))
                .await
                .map_err(|e| self.rpc_err("eth_getTransactionReceipt", e))?;
            if !r.is_null() {
                return Ok(r);
            }
            let elapsed = start.elapsed();
            if elapsed > self.receipt_timeout {
                return Err(Error::Timeout { hash, secs: elapsed.as_secs() });
            }
            progress(Progress::Waiting { hash, elapsed });
            tokio::time::sleep(RECEIPT_POLL).await;
        }
    }

    /// Simulates `call` from the client's key with `eth_simulateV1` and returns the logs it
    /// would emit (a revert is [`Error::Reverted`]). Used to learn a cost before paying it,
    /// e.g. the subnet lock in `NetworkRegistered`.
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// let logs = c.simulate_logs(&taochain_sdk::flows::start_call(1)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn simulate_logs(&self, call: &TxCall) -> Result<Vec<Log>> {
        let from = self.key()?.address();
        let payload = json!({
            "blockStateCalls": [{ "calls": [{
                "from": from, "to": call.to, "input": call.input, "value": call.value,
            }]}],
        });
        let payload = serde_json::from_value(payload).map_err(|e| Error::Decode {
            what: "eth_simulateV1 payload".into(),
            reason: e.to_string(),
        })?;
        let out = EthApiClient::simulate_v1(&self.rpc, payload, None)
            .await
            .map_err(|e| self.call_err("eth_simulateV1", call.signature, e))?;
        let result = &out[0]["calls"][0];
        if result["status"] != json!("0x1") {
            let data = result["returnData"]
                .as_str()
                .and_then(|d| d.parse::<Bytes>().ok())
                .unwrap_or_default();
            let reason = match result["error"]["message"].as_str() {
                Some(m) if data.is_empty() => m.to_owned(),
                _ => decode_revert(&data),
            };
            return Err(Error::Reverted { call: call.signature.to_owned(), reason, tx: None });
        }
        serde_json::from_value(result["logs"].clone()).map_err(|e| Error::Decode {
            what: "eth_simulateV1 logs".into(),
            reason: e.to_string(),
        })
    }
    /// Simulates `call` from the client's key with `eth_simulateV1` and returns what it
    /// returned and logged, or, if it reverted, the raw revert data (an ink! contract's own
    /// output through the 0xa00 bridge) with its reason decoded as text where possible.
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// let out = c.simulate(&taochain_sdk::flows::start_call(1)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn simulate(&self, call: &TxCall) -> Result<Simulated> {
        let from = self.key()?.address();
        let payload = json!({
            "blockStateCalls": [{ "calls": [{
                "from": from, "to": call.to, "input": call.input, "value": call.value,
            }]}],
        });
        let payload = serde_json::from_value(payload).map_err(|e| Error::Decode {
            what: "eth_simulateV1 payload".into(),
            reason: e.to_string(),
        })?;
        let out = EthApiClient::simulate_v1(&self.rpc, payload, None)
            .await
            .map_err(|e| self.call_err("eth_simulateV1", call.signature, e))?;
        let result = &out[0]["calls"][0];
        let data =
            result["returnData"].as_str().and_then(|d| d.parse::<Bytes>().ok()).unwrap_or_default();
        if result["status"] != json!("0x1") {
            let reason = match result["error"]["message"].as_str() {
                Some(m) if data.is_empty() => m.to_owned(),
                _ => decode_revert(&data),
            };
            return Ok(Simulated::Reverted { data, reason });
        }
        let logs = serde_json::from_value(result["logs"].clone()).map_err(|e| Error::Decode {
            what: "eth_simulateV1 logs".into(),
            reason: e.to_string(),
        })?;
        Ok(Simulated::Returned { output: data, logs })
    }
}

/// What [`Client::simulate`] saw.
#[derive(Debug, Clone)]
pub enum Simulated {
    /// The call succeeded.
    Returned {
        /// Its return data.
        output: Bytes,
        /// Its logs.
        logs: Vec<Log>,
    },
    /// The call reverted.
    Reverted {
        /// The raw revert data.
        data: Bytes,
        /// The reason as text (`decode_revert`, or the node's message).
        reason: String,
    },
}
