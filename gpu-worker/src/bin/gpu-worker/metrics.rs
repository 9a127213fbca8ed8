//! Prometheus text metrics (`--metrics ADDR`, `GET /metrics`): a few counters shared by both
//! roles, plus per-uid score gauges that the validator refreshes after each round.

use crate::http;
use hyper::{Method, StatusCode};
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// The counters.
#[derive(Debug, Default)]
pub struct Metrics {
    /// Miner: tasks answered; validator: tasks sent.
    pub tasks: AtomicU64,
    /// Miner: requests refused; validator: miners that failed a round.
    pub failures: AtomicU64,
    /// Miner: challenges opened; validator: responses verified.
    pub verified: AtomicU64,
    /// Validator rounds.
    pub rounds: AtomicU64,
    /// Weight transactions mined (set, commit or reveal).
    pub weight_txs: AtomicU64,
    /// Weight submissions refused (simulated or mined revert).
    pub weight_reverts: AtomicU64,
    /// Validator: slash transactions mined on the collateral contract.
    pub slashes: AtomicU64,
    /// Validator: slashes refused (simulated or mined revert, not sent when simulated).
    pub slash_reverts: AtomicU64,
    /// Milliseconds of the last compute (miner) or round (validator).
    pub last_ms: AtomicU64,
    /// Extra sample lines (the validator's per-uid scores).
    pub extra: Mutex<String>,
}

impl Metrics {
    /// Adds one to a counter.
    pub fn inc(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// The exposition text.
    pub fn render(&self, role: &str) -> String {
        let mut out = String::new();
        let rows: [(&str, &str, &str, &AtomicU64); 9] = [
            (
                "gpu_worker_tasks_total",
                "counter",
                "tasks answered (miner) or sent (validator)",
                &self.tasks,
            ),
            (
                "gpu_worker_failures_total",
                "counter",
                "refused requests (miner) or failed miners (validator)",
                &self.failures,
            ),
            (
                "gpu_worker_verified_total",
                "counter",
                "challenges opened (miner) or verified (validator)",
                &self.verified,
            ),
            ("gpu_worker_rounds_total", "counter", "validator rounds", &self.rounds),
            (
                "gpu_worker_weight_txs_total",
                "counter",
                "weight transactions mined",
                &self.weight_txs,
            ),
            (
                "gpu_worker_weight_reverts_total",
                "counter",
                "weight submissions reverted",
                &self.weight_reverts,
            ),
            ("gpu_worker_slashes_total", "counter", "slash transactions mined", &self.slashes),
            (
                "gpu_worker_slash_reverts_total",
                "counter",
                "slashes refused by the collateral contract",
                &self.slash_reverts,
            ),
            (
                "gpu_worker_last_ms",
                "gauge",
                "duration of the last compute or round, ms",
                &self.last_ms,
            ),
        ];
        for (name, kind, help, v) in rows {
            let v = v.load(Ordering::Relaxed);
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} {kind}\n{name}{{role=\"{role}\"}} {v}"
            );
        }
        if let Ok(extra) = self.extra.lock() {
            out.push_str(&extra);
        }
        out
    }
}

/// Serves `GET /metrics` on `addr`.
pub async fn serve(
    addr: SocketAddr,
    metrics: Arc<Metrics>,
    role: &'static str,
) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("metrics on http://{}/metrics", listener.local_addr()?);
    Ok(http::serve(listener, move |req| {
        let metrics = metrics.clone();
        async move {
            if req.method() != Method::GET || req.uri().path() != "/metrics" {
                return http::error(StatusCode::NOT_FOUND, "only GET /metrics");
            }
            let text = metrics.render(role).into_bytes();
            http::with_type(StatusCode::OK, "text/plain; version=0.0.4", text)
        }
    }))
}
