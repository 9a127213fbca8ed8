//! The Ethereum JSON-RPC server: HTTP and WebSocket on one port, batches, CORS, request and
//! response size limits, and the `eth_`, `net_`, `web3_`, `txpool_` and dev (`evm_`, `anvil_`)
//! namespaces.

mod convert;
mod dev;
mod eth;
mod logs;
mod tao;

use crate::chain::Chain;
use alloy::eips::{BlockId, BlockNumberOrTag};
use alloy_primitives::Bytes;
use jsonrpsee::RpcModule;
use jsonrpsee::server::{BatchRequestConfig, ServerBuilder, ServerConfig, ServerHandle};
use jsonrpsee::types::{ErrorObject, ErrorObjectOwned};
use parking_lot::Mutex;
use std::net::SocketAddr;
use std::sync::Arc;
use tao_chain::block::{RecoveredTx, SealedHeader};

pub use convert::{block_json, receipt_json, tx_json};

/// Result of an RPC handler.
pub type RpcResult<T> = Result<T, ErrorObjectOwned>;

/// Server settings.
#[derive(Debug, Clone, Copy)]
pub struct RpcConfig {
    /// Listen address (port 0 picks a free port).
    pub addr: SocketAddr,
    /// Largest request body, in bytes.
    pub max_request_bytes: u32,
    /// Largest response body, in bytes.
    pub max_response_bytes: u32,
    /// Most concurrent connections.
    pub max_connections: u32,
    /// Most calls in one batch.
    pub max_batch: u32,
}

impl Default for RpcConfig {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 8545)),
            max_request_bytes: 5 * 1024 * 1024,
            max_response_bytes: 64 * 1024 * 1024,
            max_connections: 1_000,
            max_batch: 1_000,
        }
    }
}

/// A running server.
#[derive(Debug)]
pub struct RpcServer {
    /// Bound address.
    pub addr: SocketAddr,
    handle: ServerHandle,
}

impl RpcServer {
    /// HTTP URL.
    pub fn http_url(&self) -> String {
        format!("http://{}", self.addr)
    }
    /// WebSocket URL.
    pub fn ws_url(&self) -> String {
        format!("ws://{}", self.addr)
    }
    /// Stop serving.
    pub fn stop(&self) {
        let _ = self.handle.stop();
    }
    /// Wait until stopped.
    pub async fn stopped(self) {
        self.handle.stopped().await
    }
}

/// Shared state of the handlers.
pub struct RpcCtx {
    pub(crate) chain: Arc<Chain>,
    pub(crate) filters: Mutex<logs::Filters>,
}

/// Subscription ids as Ethereum clients expect them: `0x`-prefixed hex strings.
#[derive(Debug, Default)]
struct HexIds(std::sync::atomic::AtomicU64);

impl jsonrpsee::core::traits::IdProvider for HexIds {
    fn next_id(&self) -> jsonrpsee::types::SubscriptionId<'static> {
        let n = self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        // Mix the counter so ids are not guessable sequences.
        let id = alloy_primitives::keccak256(n.to_be_bytes());
        jsonrpsee::types::SubscriptionId::Str(
            format!("0x{}", alloy_primitives::hex::encode(&id[..16])).into(),
        )
    }
}

/// Start serving `chain` on `cfg.addr`.
pub async fn start(chain: Arc<Chain>, cfg: RpcConfig) -> std::io::Result<RpcServer> {
    let ctx = RpcCtx { chain, filters: Mutex::new(logs::Filters::default()) };
    let mut module = RpcModule::new(ctx);
    eth::register(&mut module).map_err(std::io::Error::other)?;
    logs::register(&mut module).map_err(std::io::Error::other)?;
    dev::register(&mut module).map_err(std::io::Error::other)?;
    tao::register(&mut module).map_err(std::io::Error::other)?;
    let cors = tower_http::cors::CorsLayer::new()
        .allow_origin(tower_http::cors::Any)
        .allow_headers(tower_http::cors::Any)
        .allow_methods(tower_http::cors::Any);
    let config = ServerConfig::builder()
        .max_request_body_size(cfg.max_request_bytes)
        .max_response_body_size(cfg.max_response_bytes)
        .max_connections(cfg.max_connections)
        .set_batch_request_config(BatchRequestConfig::Limit(cfg.max_batch))
        .set_id_provider(HexIds::default())
        .build();
    let server = ServerBuilder::default()
        .set_config(config)
        .set_http_middleware(tower::ServiceBuilder::new().layer(cors))
        .build(cfg.addr)
        .await?;
    let addr = server.local_addr()?;
    let handle = server.start(module);
    Ok(RpcServer { addr, handle })
}

// ---- errors ----

pub(crate) fn err(code: i32, msg: impl Into<String>) -> ErrorObjectOwned {
    ErrorObject::owned(code, msg.into(), None::<()>)
}

pub(crate) fn invalid_params(msg: impl Into<String>) -> ErrorObjectOwned {
    err(-32602, msg)
}

pub(crate) fn internal(e: impl std::fmt::Display) -> ErrorObjectOwned {
    err(-32603, e.to_string())
}

/// Error code 3 with the revert bytes in `data`, and the reason in the message when the bytes
/// are `Error(string)` or `Panic(uint256)`.
pub(crate) fn revert_error(output: &Bytes) -> ErrorObjectOwned {
    use alloy::sol_types::{Panic, Revert, SolError};
    let msg = if let Ok(r) = Revert::abi_decode(output) {
        format!("execution reverted: {}", r.reason)
    } else if let Ok(p) = Panic::abi_decode(output) {
        format!("execution reverted: panic code {:#x}", p.code)
    } else {
        "execution reverted".to_string()
    };
    ErrorObject::owned(3, msg, Some(format!("{output:#x}")))
}

/// Parse positional params into a tuple of arity `n`, treating missing trailing params as
/// `null` (so `Option` fields may be omitted, as clients do with block tags).
pub(crate) fn params<T: serde::de::DeserializeOwned>(
    p: &jsonrpsee::types::Params<'_>,
    n: usize,
) -> RpcResult<T> {
    let mut v: Vec<serde_json::Value> = if p.is_object() {
        return Err(invalid_params("positional parameters expected"));
    } else {
        p.parse::<Option<Vec<serde_json::Value>>>()?.unwrap_or_default()
    };
    if v.len() > n {
        if v[n..].iter().any(|x| !x.is_null()) {
            return Err(invalid_params(format!(
                "too many parameters: this method takes at most {n}"
            )));
        }
        v.truncate(n);
    }
    v.resize(n, serde_json::Value::Null);
    serde_json::from_value(serde_json::Value::Array(v)).map_err(|e| invalid_params(e.to_string()))
}

// ---- block resolution ----

impl RpcCtx {
    pub(crate) fn tag_number(&self, tag: BlockNumberOrTag) -> u64 {
        match tag {
            BlockNumberOrTag::Number(n) => n,
            BlockNumberOrTag::Earliest => 0,
            _ => self.chain.head().number(),
        }
    }

    /// The block whose state a request reads: `None` = the head. Unknown blocks are errors.
    pub(crate) fn state_block(&self, id: Option<BlockId>) -> RpcResult<Option<u64>> {
        let head = self.chain.head().number();
        let n = match id.unwrap_or_default() {
            BlockId::Number(BlockNumberOrTag::Pending | BlockNumberOrTag::Latest) => {
                return Ok(None);
            }
            BlockId::Number(t) => self.tag_number(t),
            BlockId::Hash(h) => self
                .chain
                .store()
                .number_of(h.block_hash)
                .map_err(internal)?
                .ok_or_else(|| err(-32000, format!("block {} not found", h.block_hash)))?,
        };
        if n > head {
            return Err(err(-32000, "header not found"));
        }
        Ok(if n == head { None } else { Some(n) })
    }

    pub(crate) fn block(&self, n: u64) -> RpcResult<Option<(SealedHeader, Vec<RecoveredTx>)>> {
        let store = self.chain.store();
        let Some(h) = store.header(n).map_err(internal)? else { return Ok(None) };
        let txs = store.body(n).map_err(internal)?.unwrap_or_default();
        Ok(Some((h, txs)))
    }
}
