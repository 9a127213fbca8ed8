//! The validator role: register and stake if needed, then every round send each miner with an
//! axon a fresh random task, time its signed commitment, challenge random rows, verify the
//! openings (Merkle paths + Freivalds) and the signature, and update the moving scores
//! ([`crate::state`]). Weights go to the chain from a separate task ([`crate::weights`]).

use crate::chain::Chain;
use crate::collateral::{Evidence, Slasher};
use crate::metrics::Metrics;
use crate::state::{Outcome, State};
use crate::subnet::{self, Neuron};
use alloy_primitives::{Address, B256, Signature};
use anyhow::{Context as _, anyhow};
use gpu_task::{Challenge, Commitment, FreivaldsKey, Openings, Task, TaskMsg, verify_openings};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// How long shutdown waits for a weight submission under way.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);

/// The validator's settings.
#[derive(Debug, Clone)]
pub struct ValidatorConfig {
    /// Subnet.
    pub netuid: u16,
    /// Time between rounds.
    pub round: Duration,
    /// Task size.
    pub n: u32,
    /// Rows challenged per task.
    pub rows: usize,
    /// Milliseconds a miner has for its commitment (and, again, for its openings).
    pub deadline_ms: u32,
    /// RAO staked to the own hotkey when it holds none.
    pub stake_rao: u64,
    /// State directory.
    pub state: Option<PathBuf>,
    /// How often the weights task looks at the chain.
    pub poll: Duration,
    /// The subnet's collateral contract: slash the miners caught cheating.
    pub collateral: Option<Address>,
}

/// What one round needs.
struct Round<'a> {
    chain: &'a Chain,
    http: &'a reqwest::Client,
    cfg: &'a ValidatorConfig,
    secret: [u8; 32],
    slasher: Option<&'a Slasher>,
}

/// Runs the validator until `shutdown` flips; then persists the state and returns.
pub async fn run(
    chain: Arc<Chain>,
    cfg: ValidatorConfig,
    metrics: Arc<Metrics>,
    mut shutdown: watch::Receiver<bool>,
) -> anyhow::Result<()> {
    let uid = subnet::ensure_registered(&chain, cfg.netuid).await?;
    subnet::ensure_staked(&chain, cfg.netuid, cfg.stake_rao).await?;
    let loaded = match &cfg.state {
        Some(dir) => State::load(dir)?,
        None => State::default(),
    };
    tracing::info!(uid, known = loaded.scores.len(), "validator ready");
    let state = Arc::new(Mutex::new(loaded));
    let weights = tokio::spawn(crate::weights::run(crate::weights::WeightsCtx {
        chain: chain.clone(),
        netuid: cfg.netuid,
        uid,
        state: state.clone(),
        dir: cfg.state.clone(),
        metrics: metrics.clone(),
        poll: cfg.poll,
        shutdown: shutdown.clone(),
    }));
    let slasher = cfg.collateral.map(|contract| {
        tracing::info!(%contract, "slashing caught miners on the collateral contract");
        Slasher::new(chain.clone(), contract, uid, cfg.state.clone(), metrics.clone())
    });
    let http = reqwest::Client::builder().build().context("HTTP client")?;
    let base = secret_base(&chain);
    let mut tick = tokio::time::interval(cfg.round);
    let mut number = 0u64;
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = shutdown.changed() => break,
        }
        number += 1;
        let secret = derive(&base, &[b"round", &number.to_le_bytes(), &now_nanos()]);
        let round =
            Round { chain: &chain, http: &http, cfg: &cfg, secret, slasher: slasher.as_ref() };
        let started = Instant::now();
        match round.run(uid).await {
            Ok(results) => {
                let line = apply(&state, &results, &metrics)?;
                let ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
                metrics.last_ms.store(ms, Ordering::Relaxed);
                Metrics::inc(&metrics.rounds);
                tracing::info!("round {number} ({ms} ms): {line}");
                persist(&state, cfg.state.as_deref())?;
            }
            Err(e) => tracing::warn!("round {number} skipped: {e:#}"),
        }
    }
    // Let a weight submission under way finish and be recorded (bounded by the receipt wait).
    if tokio::time::timeout(SHUTDOWN_GRACE, weights).await.is_err() {
        tracing::warn!("weights task still busy after {SHUTDOWN_GRACE:?}; stopping anyway");
    }
    persist(&state, cfg.state.as_deref())?;
    tracing::info!("validator stopped; state saved");
    Ok(())
}

/// Records a round's results; returns the progress line.
fn apply(
    state: &Mutex<State>,
    results: &[(Neuron, Outcome)],
    metrics: &Metrics,
) -> anyhow::Result<String> {
    let mut s = state.lock().map_err(|_| anyhow!("state lock poisoned"))?;
    let (mut ok, mut bad, mut missed) = (0, 0, 0);
    for (n, outcome) in results {
        s.record(n.uid, n.hotkey, *outcome);
        match outcome {
            Outcome::Verified { .. } => ok += 1,
            Outcome::Failed => bad += 1,
            Outcome::Unreachable => missed += 1,
        }
    }
    let live: BTreeMap<u16, B256> = results.iter().map(|(n, _)| (n.uid, n.hotkey)).collect();
    s.retain(&live);
    let scores: Vec<String> =
        s.scores.iter().map(|(uid, x)| format!("{uid}={}", x.score)).collect();
    let mut extra = String::new();
    for (uid, x) in &s.scores {
        extra.push_str(&format!("gpu_worker_score_ppm{{uid=\"{uid}\"}} {}\n", x.score));
    }
    if let Ok(mut e) = metrics.extra.lock() {
        *e = extra;
    }
    Ok(format!(
        "{} miners: {ok} verified, {bad} failed, {missed} missed; scores (ppm) {}",
        results.len(),
        scores.join(" ")
    ))
}

fn persist(state: &Mutex<State>, dir: Option<&std::path::Path>) -> anyhow::Result<()> {
    let Some(dir) = dir else { return Ok(()) };
    let snapshot = state.lock().map_err(|_| anyhow!("state lock poisoned"))?.clone();
    snapshot.save(dir)
}

impl Round<'_> {
    async fn run(&self, own_uid: u16) -> anyhow::Result<Vec<(Neuron, Outcome)>> {
        let neurons = subnet::neurons(self.chain, self.cfg.netuid).await?;
        let miners: Vec<Neuron> =
            neurons.into_iter().filter(|n| n.uid != own_uid && n.axon.is_some()).collect();
        let mut jobs = Vec::with_capacity(miners.len());
        for m in miners {
            let seed = derive(&self.secret, &[b"task", &m.uid.to_le_bytes(), m.hotkey.as_slice()]);
            jobs.push(async move {
                let outcome = self.query(&m, seed).await;
                (m, outcome)
            });
        }
        Ok(futures_join(jobs).await)
    }

    /// One miner: task → signed commitment → challenge → verified openings.
    async fn query(&self, m: &Neuron, seed: [u8; 32]) -> Outcome {
        match self.query_inner(m, seed).await {
            Ok(o) => o,
            Err(e) => {
                tracing::info!(uid = m.uid, "miner rejected: {e:#}");
                Outcome::Failed
            }
        }
    }

    async fn query_inner(&self, m: &Neuron, seed: [u8; 32]) -> anyhow::Result<Outcome> {
        let Some(axon) = m.axon else { return Ok(Outcome::Unreachable) };
        let task = Task::new(seed, self.cfg.n)?;
        let deadline = Duration::from_millis(u64::from(self.cfg.deadline_ms));
        let msg = TaskMsg { task, deadline_ms: self.cfg.deadline_ms };
        let sent = Instant::now();
        let Some(c) = self.post::<_, Commitment>(axon, "task", &msg, deadline).await else {
            tracing::debug!(uid = m.uid, "no commitment");
            return Ok(Outcome::Unreachable);
        };
        let latency_ms = u64::try_from(sent.elapsed().as_millis()).unwrap_or(u64::MAX);
        c.validate(&task)?;
        anyhow::ensure!(c.hotkey == m.hotkey.0, "commitment for another hotkey");
        let sig = Signature::try_from(c.signature.as_slice()).context("signature")?;
        let signer = sig.recover_address_from_msg(c.signing_payload()).context("recovery")?;
        let twin = tao_primitives::address_to_account_id(signer).0;
        anyhow::ensure!(twin == m.hotkey.0, "signed by {signer}, not the uid's hotkey");
        let ch_secret = derive(&self.secret, &[b"challenge", &task.id().0, &c.root]);
        let rows = self.cfg.rows.min(task.size());
        let challenge = Challenge::random(&task, rows, &ch_secret)?;
        let openings: Openings = self
            .post(axon, "open", &challenge, deadline)
            .await
            .context("committed but did not open")?;
        let (hotkey, root) = (c.hotkey, c.root);
        let (verdict, challenge, openings) = tokio::task::spawn_blocking(move || {
            let key = FreivaldsKey::new(&task, &ch_secret);
            let verdict = verify_openings(&key, &hotkey, &root, &challenge, &openings);
            (verdict, challenge, openings)
        })
        .await?;
        if let Err(rejection) = verdict {
            // Proof of cheating (a failed opening or Freivalds check on a row the miner signed
            // for) is slashed; any other rejection only scores 0.
            let opening = Evidence::failing_opening(&rejection, &openings.rows);
            if let (Some(slasher), Some(opening)) = (self.slasher, opening) {
                let (miner, uid, commitment) = (signer, m.uid, c);
                let why = rejection.clone();
                let ev =
                    Evidence { miner, uid, task, commitment, challenge, opening, rejection: why };
                slasher.submit(ev);
            }
            return Err(rejection.into());
        }
        Ok(Outcome::Verified { latency_ms, deadline_ms: u64::from(self.cfg.deadline_ms) })
    }

    async fn post<Q: serde::Serialize, R: serde::de::DeserializeOwned>(
        &self,
        axon: SocketAddr,
        path: &str,
        body: &Q,
        timeout: Duration,
    ) -> Option<R> {
        let url = format!("http://{axon}/{path}");
        let mut r = self.http.post(&url).json(body).timeout(timeout).send().await.ok()?;
        if !r.status().is_success() {
            tracing::debug!(%url, status = %r.status(), "miner refused");
            return None;
        }
        // A reply is read up to a bound set by the task, so a miner cannot exhaust memory.
        let limit = reply_limit(self.cfg.n, self.cfg.rows);
        let mut bytes = Vec::new();
        while let Some(chunk) = r.chunk().await.ok()? {
            if bytes.len() + chunk.len() > limit {
                tracing::debug!(%url, limit, "reply too large");
                return None;
            }
            bytes.extend_from_slice(&chunk);
        }
        serde_json::from_slice(&bytes).ok()
    }
}

/// The largest reply accepted for a task of size `n` with `rows` challenged rows: the openings'
/// JSON (at most 12 bytes per i32 and 4 per hash byte) plus slack.
fn reply_limit(n: u32, rows: usize) -> usize {
    let n = usize::try_from(n).unwrap_or(usize::MAX);
    let per_row = n.saturating_mul(12).saturating_add(32 * 4 * 40);
    rows.saturating_mul(per_row).saturating_add(64 * 1024)
}

/// Runs the futures concurrently (all on this task) and returns their outputs in order.
async fn futures_join<F: std::future::Future>(jobs: Vec<F>) -> Vec<F::Output> {
    let mut pinned: Vec<std::pin::Pin<Box<F>>> = jobs.into_iter().map(Box::pin).collect();
    let mut out: Vec<Option<F::Output>> = (0..pinned.len()).map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (job, slot) in pinned.iter_mut().zip(out.iter_mut()) {
            if slot.is_none() {
                match job.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => *slot = Some(v),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending { std::task::Poll::Pending } else { std::task::Poll::Ready(()) }
    })
    .await;
    out.into_iter().flatten().collect()
}

/// The validator's private randomness: a key derived from its private key (never sent).
fn secret_base(chain: &Chain) -> [u8; 32] {
    blake3::derive_key("taochain gpu-worker validator secret v1", &chain.signer().to_bytes().0)
}

/// `blake3_keyed(key, parts...)`.
fn derive(key: &[u8; 32], parts: &[&[u8]]) -> [u8; 32] {
    let mut h = blake3::Hasher::new_keyed(key);
    for p in parts {
        h.update(p);
    }
    *h.finalize().as_bytes()
}

fn now_nanos() -> [u8; 16] {
    let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    t.as_nanos().to_le_bytes()
}
