//! The miner role: register (own twin as hotkey), serve the HTTP axon and announce it with
//! `serveAxon`, then answer validators:
//!
//! ```text
//! POST /task  TaskMsg    → Commitment (root signed: EIP-191 personal_sign of signing_payload())
//! POST /open  Challenge  → Openings   (rows of a task answered before)
//! ```
//!
//! Compute runs on tokio's blocking pool, at most one task at a time; bodies are capped at
//! [`MAX_BODY`] bytes; malformed requests get a 4xx with `{"error": ...}`.

use crate::chain::{Chain, TxOutcome};
use crate::http::{self, Reply};
use crate::metrics::Metrics;
use crate::solver::{Simulate, Solver};
use crate::subnet;
use alloy::signers::{SignerSync as _, local::PrivateKeySigner};
use anyhow::{Context as _, bail};
use contracts::{INeuron, neuron};
use gpu_task::{Challenge, Commitment, Openings, TaskMsg};
use hyper::body::Incoming;
use hyper::{Method, Request, StatusCode};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

/// Largest request body accepted (a `Challenge` of 256 rows is about 2 KB of JSON).
pub const MAX_BODY: usize = 16 * 1024;
/// The axon version announced with `serveAxon`.
pub const AXON_VERSION: u32 = 1;

/// The miner's settings.
#[derive(Debug)]
pub struct MinerConfig {
    /// Subnet.
    pub netuid: u16,
    /// Where the axon listens.
    pub listen: SocketAddr,
    /// The address announced on chain (default: `listen`).
    pub announce: Option<SocketAddr>,
    /// Largest task size served.
    pub max_n: u32,
    /// Dishonest behaviour, if any.
    pub simulate: Option<Simulate>,
    /// Percent of rows a lazy miner computes.
    pub lazy_percent: u32,
    /// State directory.
    pub state: Option<PathBuf>,
    /// The collateral contract and the wei of collateral to hold there.
    pub collateral: Option<(alloy_primitives::Address, alloy_primitives::U256)>,
}

/// The axon's shared state: the key that signs commitments and the solver.
struct Axon {
    signer: PrivateKeySigner,
    hotkey: [u8; 32],
    solver: Solver,
    max_n: u32,
    compute: tokio::sync::Semaphore,
    metrics: Arc<Metrics>,
}

/// Runs the miner until the process is stopped.
pub async fn run(
    chain: Arc<Chain>,
    backend: Box<dyn gpu_worker::Backend>,
    cfg: MinerConfig,
    metrics: Arc<Metrics>,
) -> anyhow::Result<()> {
    let uid = subnet::ensure_registered(&chain, cfg.netuid).await?;
    if let Some((contract, target)) = cfg.collateral {
        crate::collateral::ensure_deposit(&chain, contract, target).await?;
    }
    let listener = tokio::net::TcpListener::bind(cfg.listen)
        .await
        .with_context(|| format!("binding the axon on {}", cfg.listen))?;
    let local = listener.local_addr()?;
    let announce = cfg.announce.unwrap_or(local);
    let solver = Solver::new(backend, chain.hotkey().0, cfg.simulate, cfg.lazy_percent);
    let axon = Axon::new(chain.signer().clone(), solver, cfg.max_n, metrics);
    let server = http::serve(listener, move |req| handle(axon.clone(), req));
    announce_axon(&chain, cfg.netuid, announce).await?;
    if let Some(dir) = &cfg.state {
        let info = serde_json::json!({"uid": uid, "axon": announce.to_string(),
            "address": chain.address(), "hotkey": chain.hotkey()});
        crate::state::write_atomic(&dir.join("miner.json"), &info)?;
    }
    tracing::info!(uid, %local, %announce, simulate = ?cfg.simulate, "miner serving");
    server.await.context("axon server stopped")
}

impl Axon {
    fn new(
        signer: PrivateKeySigner,
        solver: Solver,
        max_n: u32,
        metrics: Arc<Metrics>,
    ) -> Arc<Self> {
        let hotkey = tao_primitives::address_to_account_id(signer.address()).0;
        let compute = tokio::sync::Semaphore::new(1);
        Arc::new(Axon { signer, hotkey, solver, max_n, compute, metrics })
    }
}

async fn announce_axon(chain: &Chain, netuid: u16, addr: SocketAddr) -> anyhow::Result<()> {
    let (ip, ip_type) = match addr.ip() {
        IpAddr::V4(v4) if !v4.is_unspecified() => (u128::from(u32::from(v4)), 4),
        IpAddr::V6(v6) if !v6.is_unspecified() => (u128::from(v6), 6),
        _ => bail!("cannot announce the unspecified address {addr}; pass --announce IP:PORT"),
    };
    let call = INeuron::serveAxonCall {
        netuid,
        version: AXON_VERSION,
        ip,
        port: addr.port(),
        ipType: ip_type,
        protocol: 4,
        placeholder1: 0,
        placeholder2: 0,
    };
    match chain.send(neuron::ADDRESS, &call).await? {
        TxOutcome::Mined { hash, block } => {
            tracing::info!(%hash, block, %addr, "axon announced (serveAxon)");
            Ok(())
        }
        TxOutcome::Reverted { reason } => bail!("serveAxon reverted: {reason}"),
    }
}

async fn handle(axon: Arc<Axon>, req: Request<Incoming>) -> Reply {
    if req.method() != Method::POST {
        return http::error(StatusCode::METHOD_NOT_ALLOWED, "use POST /task or POST /open");
    }
    let path = req.uri().path().to_owned();
    let body = match http::body(req, MAX_BODY).await {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    let reply = match path.as_str() {
        "/task" => task(&axon, &body).await,
        "/open" => open(&axon, &body).await,
        _ => http::error(StatusCode::NOT_FOUND, "unknown path: use POST /task or POST /open"),
    };
    if !reply.status().is_success() {
        Metrics::inc(&axon.metrics.failures);
    }
    reply
}

async fn task(axon: &Arc<Axon>, body: &[u8]) -> Reply {
    let msg: TaskMsg = match serde_json::from_slice(body) {
        Ok(m) => m,
        Err(e) => return http::error(StatusCode::BAD_REQUEST, &format!("malformed TaskMsg: {e}")),
    };
    if msg.task.n() > axon.max_n {
        let text = format!("task size {} exceeds this miner's limit {}", msg.task.n(), axon.max_n);
        return http::error(StatusCode::UNPROCESSABLE_ENTITY, &text);
    }
    let Ok(_permit) = axon.compute.acquire().await else {
        return http::error(StatusCode::SERVICE_UNAVAILABLE, "shutting down");
    };
    let started = Instant::now();
    let worker = axon.clone();
    let task = msg.task;
    let answer = match tokio::task::spawn_blocking(move || worker.solver.solve(&task)).await {
        Ok(Ok(a)) => a,
        Ok(Err(e)) => return http::error(StatusCode::INTERNAL_SERVER_ERROR, &format!("{e:#}")),
        Err(e) => return http::error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    };
    let ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    axon.metrics.last_ms.store(ms, Ordering::Relaxed);
    Metrics::inc(&axon.metrics.tasks);
    let mut c = Commitment::unsigned(task.id(), axon.hotkey, answer.tree.root());
    match axon.signer.sign_message_sync(&c.signing_payload()) {
        Ok(sig) => c.signature = sig.as_bytes().to_vec(),
        Err(e) => return http::error(StatusCode::INTERNAL_SERVER_ERROR, &format!("signing: {e}")),
    }
    tracing::debug!(n = task.n(), ms, "task answered");
    http::json(&c)
}

async fn open(axon: &Axon, body: &[u8]) -> Reply {
    let ch: Challenge = match serde_json::from_slice(body) {
        Ok(c) => c,
        Err(e) => {
            return http::error(StatusCode::BAD_REQUEST, &format!("malformed Challenge: {e}"));
        }
    };
    let Some((task, answer)) = axon.solver.answer(&ch.task_id) else {
        return http::error(StatusCode::NOT_FOUND, "unknown task: send POST /task first");
    };
    if let Err(e) = ch.validate(&task) {
        return http::error(StatusCode::UNPROCESSABLE_ENTITY, &e.to_string());
    }
    let mut rows = Vec::with_capacity(ch.rows.len());
    for &i in &ch.rows {
        match answer.tree.open(&answer.product, i) {
            Ok(r) => rows.push(r),
            Err(e) => return http::error(StatusCode::UNPROCESSABLE_ENTITY, &e.to_string()),
        }
    }
    Metrics::inc(&axon.metrics.verified);
    http::json(&Openings { task_id: ch.task_id, rows })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::Signature;
    use gpu_task::{FreivaldsKey, Task, verify_openings};
    use serde_json::json;

    /// Serves an honest axon (n ≤ 128) on a free port; returns its base URL and its signer.
    async fn axon() -> (String, alloy_primitives::Address) {
        let signer = PrivateKeySigner::from_bytes(&[7u8; 32].into()).unwrap();
        let address = signer.address();
        let hotkey = tao_primitives::address_to_account_id(address).0;
        let solver = Solver::new(Box::new(gpu_worker::CpuBackend::new()), hotkey, None, 50);
        let axon = Axon::new(signer, solver, 128, Arc::default());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        http::serve(listener, move |req| handle(axon.clone(), req));
        (url, address)
    }

    async fn post(url: &str, body: Vec<u8>) -> (u16, serde_json::Value) {
        let r = reqwest::Client::new().post(url).body(body).send().await.unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(serde_json::Value::Null))
    }

    #[tokio::test]
    async fn task_then_open_verifies_and_the_signature_recovers() {
        let (url, address) = axon().await;
        let task = Task::new([5; 32], 64).unwrap();
        let msg = serde_json::to_vec(&TaskMsg { task, deadline_ms: 1000 }).unwrap();
        let (status, c) = post(&format!("{url}/task"), msg).await;
        assert_eq!(status, 200, "{c}");
        let c: Commitment = serde_json::from_value(c).unwrap();
        let sig = Signature::try_from(c.signature.as_slice()).unwrap();
        assert_eq!(sig.recover_address_from_msg(c.signing_payload()).unwrap(), address);
        assert_eq!(c.hotkey, tao_primitives::address_to_account_id(address).0);
        let challenge = Challenge::random(&task, 16, &[1; 32]).unwrap();
        let (status, o) =
            post(&format!("{url}/open"), serde_json::to_vec(&challenge).unwrap()).await;
        assert_eq!(status, 200, "{o}");
        let openings: Openings = serde_json::from_value(o).unwrap();
        let key = FreivaldsKey::new(&task, &[2; 32]);
        verify_openings(&key, &c.hotkey, &c.root, &challenge, &openings).unwrap();
    }

    #[tokio::test]
    async fn bad_requests_get_4xx_with_a_message() {
        let (url, _) = axon().await;
        let (status, e) = post(&format!("{url}/task"), b"{not json".to_vec()).await;
        assert_eq!(status, 400);
        assert!(e["error"].as_str().unwrap().contains("malformed TaskMsg"), "{e}");
        let (status, _) = post(&format!("{url}/task"), vec![b' '; MAX_BODY + 1]).await;
        assert_eq!(status, 413);
        let big = json!({"task": {"seed": vec![0u8; 32], "n": 256}, "deadline_ms": 1}).to_string();
        let (status, e) = post(&format!("{url}/task"), big.into_bytes()).await;
        assert_eq!(status, 422, "{e}");
        let unknown = Challenge { task_id: Task::new([9; 32], 8).unwrap().id(), rows: vec![0] };
        let (status, _) = post(&format!("{url}/open"), serde_json::to_vec(&unknown).unwrap()).await;
        assert_eq!(status, 404);
        let (status, _) = post(&format!("{url}/nope"), Vec::new()).await;
        assert_eq!(status, 404);
        let get = reqwest::get(format!("{url}/task")).await.unwrap();
        assert_eq!(get.status().as_u16(), 405);
    }
}
