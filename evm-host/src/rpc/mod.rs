//! The Ethereum JSON-RPC server: HTTP and WebSocket on one port, batches, CORS, request and
//! response size limits. The API is declared in `taochain-rpc-api`; this module implements its
//! server traits on one handler context: `eth_`, `net_`, `web3_` and `txpool_` in `eth`, fees
//! in `fees`, logs, filters and subscriptions in `logs`, the dev methods (`evm_`, `anvil_`,
//! `hardhat_`) in `dev`, the `tao_` views in `tao` and Otterscan's `ots_` (with
//! `erigon_getHeaderByNumber`) in `ots`. Errors are one type, [`RpcError`],
//! mapped to JSON-RPC codes in one place (`error`); positional-parameter rules are checked in
//! `wire`. Every bound on an input that scales work or memory is a constant in [`limits`].
//!
//! `GET /` on the same port serves the dashboard ([`dashboard`]); JSON-RPC stays on `POST` and
//! the WebSocket upgrade.
//!
//! The server accepts connections itself so that every request carries who sent it
//! (`Client`: the remote IP address and whether the connection is a WebSocket): per-client
//! limits key on the address, and subscriptions are refused over plain HTTP.

mod convert;
pub mod dashboard;
mod debug;
mod decode;
mod dev;
mod error;
mod eth;
mod fees;
pub mod limits;
mod logs;
mod ots;
mod simulate;
mod tao;
mod tao_dev;
mod tao_wasm;
mod txpool;
mod wire;

use crate::chain::Chain;
use alloy::eips::{BlockId, BlockNumberOrTag};
use jsonrpsee::RpcModule;
use jsonrpsee::core::middleware::RpcServiceBuilder;
use jsonrpsee::server::{
    BatchRequestConfig, HttpRequest, Methods, ServerBuilder, ServerConfig, ServerHandle, StopHandle,
};
use parking_lot::Mutex;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use tao_chain::block::{RecoveredTx, SealedHeader};
use taochain_rpc_api::{
    AnvilApiServer, DebugApiServer, ErigonApiServer, EthApiServer, EvmApiServer, NetApiServer,
    OtsApiServer, TaoApiServer, TaoDevApiServer, TxpoolApiServer, Web3ApiServer,
};

pub use convert::{block_json, receipt_json, tx_json};
pub use error::{RpcError, RpcResult};

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
            max_request_bytes: limits::MAX_REQUEST_BYTES,
            max_response_bytes: limits::MAX_RESPONSE_BYTES,
            max_connections: limits::MAX_CONNECTIONS,
            max_batch: limits::MAX_BATCH,
        }
    }
}

/// Who sent a request, as the server saw the connection; in every request's extensions
/// (absent for calls made in-process on the module).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Client {
    /// The remote IP address: the key of per-client limits.
    pub(crate) ip: IpAddr,
    /// True on a WebSocket connection, false on plain HTTP.
    pub(crate) ws: bool,
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

/// What the handlers share: the chain and the installed polling filters. Every API trait of
/// `taochain-rpc-api` is implemented on it (one module per namespace family).
#[derive(Clone)]
pub(crate) struct RpcCtx {
    pub(crate) chain: Arc<Chain>,
    pub(crate) filters: Arc<Mutex<logs::Filters>>,
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

/// Every method of every namespace, on one module.
pub(crate) fn module(
    chain: Arc<Chain>,
) -> Result<RpcModule<()>, jsonrpsee::core::RegisterMethodError> {
    let ctx = RpcCtx { chain, filters: Arc::default() };
    let mut module = RpcModule::new(());
    module.merge(EthApiServer::into_rpc(ctx.clone()))?;
    module.merge(NetApiServer::into_rpc(ctx.clone()))?;
    module.merge(Web3ApiServer::into_rpc(ctx.clone()))?;
    module.merge(TxpoolApiServer::into_rpc(ctx.clone()))?;
    module.merge(EvmApiServer::into_rpc(ctx.clone()))?;
    module.merge(AnvilApiServer::into_rpc(ctx.clone()))?;
    module.merge(DebugApiServer::into_rpc(ctx.clone()))?;
    module.merge(TaoApiServer::into_rpc(ctx.clone()))?;
    module.merge(TaoDevApiServer::into_rpc(ctx.clone()))?;
    module.merge(OtsApiServer::into_rpc(ctx.clone()))?;
    module.merge(ErigonApiServer::into_rpc(ctx))?;
    Ok(module)
}

/// Start serving `chain` on `cfg.addr`.
pub async fn start(chain: Arc<Chain>, cfg: RpcConfig) -> std::io::Result<RpcServer> {
    let module = module(chain).map_err(std::io::Error::other)?;
    let cors = tower_http::cors::CorsLayer::new()
        .allow_origin(tower_http::cors::Any)
        .allow_headers(tower_http::cors::Any)
        .allow_methods(tower_http::cors::Any);
    let config = ServerConfig::builder()
        .max_request_body_size(cfg.max_request_bytes)
        .max_response_body_size(cfg.max_response_bytes)
        .max_connections(cfg.max_connections)
        .max_subscriptions_per_connection(limits::MAX_SUBSCRIPTIONS_PER_CONNECTION)
        .set_batch_request_config(BatchRequestConfig::Limit(cfg.max_batch))
        .set_id_provider(HexIds::default())
        .build();
    let service = ServerBuilder::default()
        .set_config(config)
        .set_http_middleware(tower::ServiceBuilder::new().layer(cors))
        .set_rpc_middleware(RpcServiceBuilder::new().layer_fn(wire::PositionalParams::new))
        .to_service_builder();
    let listener = tokio::net::TcpListener::bind(cfg.addr).await?;
    let addr = listener.local_addr()?;
    let (stop, handle) = jsonrpsee::server::stop_channel();
    tokio::spawn(accept(listener, service, module.into(), stop));
    Ok(RpcServer { addr, handle })
}

/// Accept connections until the server is stopped, serving each with jsonrpsee's service
/// after tagging every request with its [`Client`].
async fn accept<R, H>(
    listener: tokio::net::TcpListener,
    service: jsonrpsee::server::TowerServiceBuilder<R, H>,
    methods: Methods,
    stop: StopHandle,
) where
    jsonrpsee::server::TowerServiceBuilder<R, H>: Clone + Send + 'static,
    jsonrpsee::server::TowerService<R, H>: tower::Service<
            HttpRequest<hyper::body::Incoming>,
            Response = jsonrpsee::server::HttpResponse,
            Error = Box<dyn std::error::Error + Send + Sync + 'static>,
            Future: Send,
        > + Send
        + 'static,
{
    loop {
        let (socket, remote) = tokio::select! {
            r = listener.accept() => match r {
                Ok(x) => x,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little instead of spinning.
                    tracing::debug!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = stop.clone().shutdown() => break,
        };
        // Small responses go out at once (the server's default too).
        let _ = socket.set_nodelay(true);
        let (service, methods, conn_stop) = (service.clone(), methods.clone(), stop.clone());
        let svc = tower::service_fn(move |mut req: HttpRequest<hyper::body::Incoming>| {
            let page = dashboard::respond(&req);
            let ws = jsonrpsee::server::ws::is_upgrade_request(&req);
            req.extensions_mut().insert(Client { ip: remote.ip(), ws });
            let mut svc = service.clone().build(methods.clone(), conn_stop.clone());
            async move {
                match page {
                    Some(page) => Ok(page),
                    None => tower::Service::call(&mut svc, req).await,
                }
            }
        });
        tokio::spawn(jsonrpsee::server::serve_with_graceful_shutdown(
            socket,
            svc,
            stop.clone().shutdown(),
        ));
    }
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
                .number_of(h.block_hash)?
                .ok_or(RpcError::BlockNotFound(h.block_hash))?,
        };
        if n > head {
            return Err(RpcError::HeaderNotFound);
        }
        Ok(if n == head { None } else { Some(n) })
    }

    /// The number of the block with this hash, `None` if unknown.
    pub(crate) fn number_of(&self, hash: alloy_primitives::B256) -> RpcResult<Option<u64>> {
        Ok(self.chain.store().number_of(hash)?)
    }

    /// Header and transactions of block `n`, `None` if there is no such block.
    pub(crate) fn block(&self, n: u64) -> RpcResult<Option<(SealedHeader, Vec<RecoveredTx>)>> {
        let store = self.chain.store();
        let Some(h) = store.header(n)? else { return Ok(None) };
        let txs = store.body(n)?.unwrap_or_default();
        Ok(Some((h, txs)))
    }
}
