//! End to end: an in-process `--dev` node mining a block every 250 ms, one subnet (tempo 10,
//! commit-reveal on, as a new subnet starts, or switched off by the owner), and the `gpu-worker` binary as child processes:
//! three miners (honest, `--simulate lazy`, `--simulate copier`) and two validators (CPU
//! backend, n = 64, half-second rounds). After a few epochs the honest miner must hold the
//! subnet's incentive, the lazy and the copying miner none, both validators must earn
//! dividends, and every weight transaction the validators sent must have succeeded.

use alloy::sol_types::{SolCall, SolEvent};
use alloy_primitives::{Address, B256};
use contracts::{IMetagraph, INeuron, ISubnet, metagraph, neuron, subnet};
use evm_host::chain::MiningMode;
use serde_json::json;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use taochain_tests::{Rpc, Sender, dev_key, dev_node, evm_id};

const NETUID: u16 = 1;
/// Longest the scenario may take to reach its end state.
const BUDGET: Duration = Duration::from_secs(50);

/// The validators' flags: small fast rounds.
const V_EXTRA: [&str; 12] = [
    "--n",
    "64",
    "--rows",
    "16",
    "--round-secs",
    "0.5",
    "--deadline-ms",
    "3000",
    "--poll-ms",
    "200",
    "--stake-tao",
    "100",
];

/// The child processes; killed when dropped (also on a failed assertion).
struct Children(Vec<(String, Child)>);

impl Drop for Children {
    fn drop(&mut self) {
        for (_, c) in &mut self.0 {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

fn spawn(name: &str, args: &[String], logs: &Path) -> (String, Child) {
    let log = std::fs::File::create(logs.join(format!("{name}.log"))).expect("log file");
    let child = Command::new(env!("CARGO_BIN_EXE_gpu-worker"))
        .args(args)
        .env("RUST_LOG", "info,gpu_worker=debug")
        .stdout(Stdio::null())
        .stderr(Stdio::from(log))
        .spawn()
        .expect("spawn gpu-worker");
    (name.to_owned(), child)
}

fn dump_logs(logs: &Path) {
    for entry in std::fs::read_dir(logs).expect("log dir").flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        let tail: Vec<&str> = text.lines().rev().take(40).collect();
        eprintln!("==== {}", entry.path().display());
        for line in tail.iter().rev() {
            eprintln!("{line}");
        }
    }
}

async fn view<C: SolCall>(rpc: &Rpc, to: Address, call: C) -> C::Return {
    let out = rpc.call_at(to, call.abi_encode().into(), None).await.expect("view reverted");
    C::abi_decode_returns(&out).expect("decode")
}

/// uid by hotkey.
async fn uids(rpc: &Rpc) -> BTreeMap<B256, u16> {
    let n = view(rpc, metagraph::ADDRESS, IMetagraph::getUidCountCall { netuid: NETUID }).await;
    let mut out = BTreeMap::new();
    for uid in 0..n {
        let hk = view(rpc, metagraph::ADDRESS, IMetagraph::getHotkeyCall { netuid: NETUID, uid });
        out.insert(hk.await, uid);
    }
    out
}

async fn incentive(rpc: &Rpc, uid: u16) -> u16 {
    view(rpc, metagraph::ADDRESS, IMetagraph::getIncentiveCall { netuid: NETUID, uid }).await
}

async fn dividends(rpc: &Rpc, uid: u16) -> u16 {
    view(rpc, metagraph::ADDRESS, IMetagraph::getDividendsCall { netuid: NETUID, uid }).await
}

fn worker_args(role: &str, url: &str, key: usize, dir: &Path, extra: &[&str]) -> Vec<String> {
    let key = dev_key(key).to_bytes().to_string();
    let mut args: Vec<String> = [role, "--rpc", url, "--key", &key, "--netuid", "1"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    args.extend(["--backend", "cpu", "--state"].map(str::to_owned));
    args.push(dir.display().to_string());
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    args
}

/// Every transaction from `from` to the neuron precompile, with its receipt status.
async fn neuron_txs(rpc: &Rpc, from: Address) -> Vec<(B256, bool, &'static str)> {
    let head = rpc.block_number().await;
    let mut out = Vec::new();
    for b in 1..=head {
        let block = rpc.ok("eth_getBlockByNumber", json!([format!("{b:#x}"), true])).await;
        for tx in block["transactions"].as_array().into_iter().flatten() {
            let sender: Option<Address> = tx["from"].as_str().and_then(|s| s.parse().ok());
            let to: Option<Address> = tx["to"].as_str().and_then(|s| s.parse().ok());
            if sender != Some(from) || to != Some(neuron::ADDRESS) {
                continue;
            }
            let hash: B256 = tx["hash"].as_str().and_then(|s| s.parse().ok()).expect("hash");
            let input = tx["input"].as_str().unwrap_or_default();
            let sel =
                |s: [u8; 4]| input.starts_with(&format!("0x{}", alloy_primitives::hex::encode(s)));
            let kind = if sel(INeuron::commitWeightsCall::SELECTOR) {
                "commit"
            } else if sel(INeuron::revealWeightsCall::SELECTOR) {
                "reveal"
            } else if sel(INeuron::setWeightsCall::SELECTOR) {
                "set"
            } else {
                "other"
            };
            let receipt = rpc.receipt(&format!("{hash:#x}")).await;
            out.push((hash, receipt["status"] == json!("0x1"), kind));
        }
    }
    out
}

/// The five workers: honest, lazy and copying miners (dev keys 3-5), two validators (6, 7).
fn start_workers(url: &str, dir: &Path, logs: &Path, metrics: &str) -> Children {
    let listen = ["--listen", "127.0.0.1:0"];
    let plan: [(&str, &str, usize, Vec<&str>); 5] = [
        ("honest", "miner", 3, listen.to_vec()),
        ("lazy", "miner", 4, [&listen[..], &["--simulate", "lazy"]].concat()),
        ("copier", "miner", 5, [&listen[..], &["--simulate", "copier"]].concat()),
        ("validator-a", "validator", 6, [&V_EXTRA[..], &["--metrics", metrics]].concat()),
        ("validator-b", "validator", 7, V_EXTRA.to_vec()),
    ];
    let mut children = Children(Vec::new());
    for (name, role, key, extra) in &plan {
        let args = worker_args(role, url, *key, &dir.join(name), extra);
        children.0.push(spawn(name, &args, logs));
    }
    children
}

/// Every weight submission of both validators is a mined, successful transaction: commits and
/// reveals with commit-reveal on (and `WeightsRevealed` events for both hotkeys), `setWeights`
/// otherwise (and `WeightsSet` events).
async fn check_weight_transactions(rpc: &Rpc, commit_reveal: bool) {
    let hotkey = |i: usize| evm_id(dev_key(i).address());
    // Every weight submission is a mined, successful transaction, with commits and reveals.
    for (i, name) in [(6, "validator-a"), (7, "validator-b")] {
        let txs = neuron_txs(rpc, dev_key(i).address()).await;
        let failed: Vec<_> = txs.iter().filter(|t| !t.1).collect();
        assert!(failed.is_empty(), "{name}: failed transactions {failed:?}");
        let count = |k| txs.iter().filter(|t| t.2 == k).count();
        if commit_reveal {
            assert!(count("commit") >= 1 && count("reveal") >= 1, "{name}: {txs:?}");
            assert_eq!(count("set"), 0, "{name}: commit-reveal is on, no setWeights");
        } else {
            assert!(count("set") >= 1, "{name}: {txs:?}");
            assert_eq!(count("commit") + count("reveal"), 0, "{name}: commit-reveal is off");
        }
        eprintln!(
            "{name}: {} commits, {} reveals, {} setWeights, all successful",
            count("commit"),
            count("reveal"),
            count("set")
        );
    }
    // The chain's events agree: WeightsRevealed / WeightsSet from 0x804 for each validator.
    let topic = if commit_reveal {
        INeuron::WeightsRevealed::SIGNATURE_HASH
    } else {
        INeuron::WeightsSet::SIGNATURE_HASH
    };
    let logs_json = rpc
        .ok(
            "eth_getLogs",
            json!([{"fromBlock": "0x0", "address": neuron::ADDRESS, "topics": [topic]}]),
        )
        .await;
    for i in [6, 7] {
        let hk = format!("{:#x}", hotkey(i));
        let n = logs_json
            .as_array()
            .into_iter()
            .flatten()
            .filter(|l| l["topics"][1] == json!(hk))
            .count();
        assert!(n >= 1, "weights event for validator dev {i}");
    }
}

/// Validator A's metrics endpoint counts its rounds and shows the honest miner's score.
async fn check_metrics(addr: &str, honest: u16) {
    let text = reqwest::get(format!("http://{addr}/metrics"))
        .await
        .expect("metrics endpoint")
        .text()
        .await
        .expect("metrics text");
    let rounds = text
        .lines()
        .find_map(|l| l.strip_prefix("gpu_worker_rounds_total{role=\"validator\"} "))
        .and_then(|v| v.parse::<u64>().ok())
        .expect("gpu_worker_rounds_total");
    assert!(rounds >= 1, "{text}");
    assert!(text.contains(&format!("gpu_worker_score_ppm{{uid=\"{}\"}}", honest)), "{text}");
}

/// Stops validator A (SIGTERM, exit 0), starts it again on the same state directory and waits
/// for its next successful reveal: the restarted worker knows its scores and reveals the
/// commit its predecessor left pending.
async fn restart_validator(rpc: &Rpc, children: &mut Children, url: &str, dir: &Path, logs: &Path) {
    let slot = children.0.iter().position(|(n, _)| n == "validator-a").expect("validator-a");
    let pid = children.0[slot].1.id().to_string();
    let _ = Command::new("kill").args(["-TERM", &pid]).status();
    let status = children.0[slot].1.wait().expect("wait");
    assert!(status.success(), "validator-a exited with {status} on SIGTERM");
    let state_dir = dir.join("validator-a");
    let saved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(state_dir.join("validator.json")).expect("state"))
            .expect("state JSON");
    let pending_block = saved["pending"]["block"].as_u64();
    let head = rpc.block_number().await;
    let args = worker_args("validator", url, 6, &state_dir, &V_EXTRA);
    let (_, child) = spawn("validator-a-restart", &args, logs);
    children.0[slot] = ("validator-a".to_owned(), child);
    let hk = format!("{:#x}", evm_id(dev_key(6).address()));
    let filter = json!([{"fromBlock": format!("{:#x}", head + 1), "address": neuron::ADDRESS,
        "topics": [INeuron::WeightsRevealed::SIGNATURE_HASH, hk]}]);
    let deadline = Instant::now() + Duration::from_secs(20);
    while rpc.ok("eth_getLogs", filter.clone()).await.as_array().is_none_or(Vec::is_empty) {
        assert!(Instant::now() < deadline, "no reveal after the restart");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let log = std::fs::read_to_string(logs.join("validator-a-restart.log")).expect("log");
    assert!(log.contains("known=3"), "the restarted validator lost its scores:\n{log}");
    if let Some(b) = pending_block {
        assert!(
            log.contains(&format!("commit_block={b}")),
            "pending commit {b} not revealed:\n{log}"
        );
    }
    eprintln!("validator-a restarted: scores kept, pending commit {pending_block:?} revealed");
}

/// The state a validator saved on SIGTERM: the honest miner verified with a score, the lazy
/// and the copying miner caught (failed rounds, score 0).
fn check_saved_scores(path: &Path, u: &[u16]) {
    let saved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(path).expect("state file")).expect("state JSON");
    let score = |uid: u16| saved["scores"][uid.to_string()].clone();
    let (honest, lazy, copier) = (score(u[0]), score(u[1]), score(u[2]));
    eprintln!("{}: honest {honest}, lazy {lazy}, copier {copier}", path.display());
    assert!(honest["verified"].as_u64() >= Some(1) && honest["score"].as_u64() > Some(0));
    assert_eq!(honest["failed"], json!(0), "{honest}");
    for cheat in [&lazy, &copier] {
        assert!(cheat["failed"].as_u64() >= Some(1), "{cheat}");
        assert_eq!(cheat["score"], json!(0), "{cheat}");
    }
    assert_eq!(copier["verified"], json!(0), "{copier}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commit_reveal_honest_miner_earns_and_cheaters_do_not() {
    scenario(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn set_weights_honest_miner_earns_and_cheaters_do_not() {
    scenario(false).await;
}

/// The whole scenario, with the subnet's commit-reveal on or off.
async fn scenario(commit_reveal: bool) {
    let started = Instant::now();
    let node = dev_node(None).await;
    node.chain
        .producer()
        .set_mining_mode(MiningMode { automine: true, interval: Some(Duration::from_millis(250)) });
    let url = node.http_url();
    let rpc = Rpc::new(&url);
    let owner = Sender::dev(&rpc, 1);
    let register = ISubnet::registerNetwork_0Call { hotkey: owner.id() };
    owner
        .send_ok(Some(subnet::ADDRESS), Default::default(), register.abi_encode().into(), 1_000_000)
        .await;
    let cr = ISubnet::getCommitRevealWeightsEnabledCall { netuid: NETUID };
    assert!(view(&rpc, subnet::ADDRESS, cr.clone()).await, "a new subnet starts with it on");
    if !commit_reveal {
        let off = ISubnet::setCommitRevealWeightsEnabledCall { netuid: NETUID, enabled: false };
        owner
            .send_ok(Some(subnet::ADDRESS), Default::default(), off.abi_encode().into(), 1_000_000)
            .await;
        assert!(!view(&rpc, subnet::ADDRESS, cr).await);
    }

    let tmp = tempfile::tempdir().expect("tempdir");
    let logs = tmp.path().join("logs");
    std::fs::create_dir_all(&logs).expect("log dir");
    let metrics_addr = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
        l.local_addr().expect("addr").to_string()
    };
    let mut children = start_workers(&url, tmp.path(), &logs, &metrics_addr);
    let hotkey = |i: usize| evm_id(dev_key(i).address());

    // Wait for the end state: the honest miner ranked, both validators earning.
    let mut seen = None;
    while started.elapsed() < BUDGET {
        tokio::time::sleep(Duration::from_millis(500)).await;
        for (name, c) in &mut children.0 {
            if let Ok(Some(status)) = c.try_wait() {
                dump_logs(&logs);
                panic!("{name} exited early: {status}");
            }
        }
        let by_hotkey = uids(&rpc).await;
        let Some(u) = [3, 4, 5, 6, 7]
            .iter()
            .map(|&i| by_hotkey.get(&hotkey(i)).copied())
            .collect::<Option<Vec<u16>>>()
        else {
            continue;
        };
        let inc =
            [incentive(&rpc, u[0]).await, incentive(&rpc, u[1]).await, incentive(&rpc, u[2]).await];
        let div = [dividends(&rpc, u[3]).await, dividends(&rpc, u[4]).await];
        if inc[0] > 0 && div.iter().all(|d| *d > 0) {
            seen = Some((u, inc, div));
            break;
        }
    }
    let Some((u, inc, div)) = seen else {
        dump_logs(&logs);
        panic!("no end state within {BUDGET:?}");
    };
    eprintln!(
        "after {:?} (block {}): incentives honest/lazy/copier = {inc:?}, validator dividends = {div:?}, uids {u:?}",
        started.elapsed(),
        rpc.block_number().await
    );
    assert!(inc[0] > 60_000, "the honest miner holds (nearly) all the incentive: {inc:?}");
    assert!(inc[1] < 656 && inc[2] < 656, "lazy and copier earn less than 1 %: {inc:?}");
    assert!(div.iter().all(|d| *d > 0), "both validators earn dividends: {div:?}");

    check_weight_transactions(&rpc, commit_reveal).await;
    check_metrics(&metrics_addr, u[0]).await;

    if commit_reveal {
        restart_validator(&rpc, &mut children, &url, tmp.path(), &logs).await;
    }

    // Graceful shutdown: SIGTERM, exit 0, the validator's state is on disk.
    for (name, c) in &mut children.0 {
        let pid = c.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let status = c.wait().expect("wait");
        assert!(status.success(), "{name} exited with {status} on SIGTERM");
    }
    for name in ["validator-a", "validator-b"] {
        check_saved_scores(&tmp.path().join(name).join("validator.json"), &u);
    }
    if std::env::var_os("GPU_WORKER_E2E_LOGS").is_some() {
        dump_logs(&logs);
    }
    eprintln!("e2e wall time {:?}", started.elapsed());
    children.0.clear();
    node.stop().await;
}
