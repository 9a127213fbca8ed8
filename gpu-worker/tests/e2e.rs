//! End to end: an in-process `--dev` node mining a block every 250 ms, one subnet (tempo 10,
//! commit-reveal on, as a new subnet starts, or switched off by the owner), and the `gpu-worker` binary as child processes:
//! three miners (honest, `--simulate lazy`, `--simulate copier`) and two validators (CPU
//! backend, n = 64, half-second rounds). After a few epochs the honest miner must hold the
//! subnet's incentive, the lazy and the copying miner none, both validators must earn
//! dividends, and every weight transaction the validators sent must have succeeded.
//!
//! Collateral: the subnet owner deploys `ComputeCollateral` (from its artefact); every miner
//! deposits [`DEPOSIT_TAO`] (`--collateral ADDR --deposit 10`) and the validators run with
//! `--collateral ADDR`. The lazy and the copying miner must lose collateral through `Slashed`
//! events whose transactions succeeded, the honest miner none; after the workers stop, the
//! honest miner reclaims all of it (refused before the delay, paid after it).

use alloy::sol_types::{SolCall, SolConstructor, SolError, SolEvent};
use alloy_primitives::{Address, B256, Bytes, U256};
use contracts::bindings::ComputeCollateral;
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

/// Collateral each miner holds (TAO).
const DEPOSIT_TAO: u64 = 10;
/// `ComputeCollateral` parameters: reclaim delay and slashing window (blocks; the window is the
/// epoch, tempo 10 + 1), 25 % per validator per window.
const RECLAIM_DELAY: u64 = 20;
const WINDOW_BLOCKS: u64 = 11;
const MAX_SLASH_BPS: u16 = 2_500;
/// Wei per TAO.
const WEI_PER_TAO: u128 = 1_000_000_000_000_000_000;

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
fn start_workers(
    url: &str,
    dir: &Path,
    logs: &Path,
    metrics: &str,
    collateral: Address,
) -> Children {
    let addr = collateral.to_string();
    let deposit = DEPOSIT_TAO.to_string();
    let m = ["--listen", "127.0.0.1:0", "--collateral", &addr, "--deposit", &deposit];
    let v = [&V_EXTRA[..], &["--collateral", &addr]].concat();
    let plan: [(&str, &str, usize, Vec<&str>); 5] = [
        ("honest", "miner", 3, m.to_vec()),
        ("lazy", "miner", 4, [&m[..], &["--simulate", "lazy"]].concat()),
        ("copier", "miner", 5, [&m[..], &["--simulate", "copier"]].concat()),
        ("validator-a", "validator", 6, [&v[..], &["--metrics", metrics]].concat()),
        ("validator-b", "validator", 7, v.clone()),
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
async fn restart_validator(
    rpc: &Rpc,
    children: &mut Children,
    url: &str,
    dir: &Path,
    logs: &Path,
    collateral: Address,
) {
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
    let addr = collateral.to_string();
    let extra = [&V_EXTRA[..], &["--collateral", &addr]].concat();
    let args = worker_args("validator", url, 6, &state_dir, &extra);
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

    let collateral = deploy_collateral(&owner).await;

    let tmp = tempfile::tempdir().expect("tempdir");
    let logs = tmp.path().join("logs");
    std::fs::create_dir_all(&logs).expect("log dir");
    let metrics_addr = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
        l.local_addr().expect("addr").to_string()
    };
    let mut children = start_workers(&url, tmp.path(), &logs, &metrics_addr, collateral);
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
    let slashes = wait_for_slashes(&rpc, collateral, started, &logs).await;
    check_slashes(&rpc, collateral, &slashes).await;
    check_slash_metrics(&metrics_addr, &slashes).await;

    if commit_reveal {
        restart_validator(&rpc, &mut children, &url, tmp.path(), &logs, collateral).await;
    }

    // Graceful shutdown: SIGTERM, exit 0, the validator's state is on disk.
    for (name, c) in &mut children.0 {
        let pid = c.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let status = c.wait().expect("wait");
        if !status.success() {
            dump_logs(&logs);
            panic!("{name} exited with {status} on SIGTERM");
        }
    }
    for name in ["validator-a", "validator-b"] {
        check_saved_scores(&tmp.path().join(name).join("validator.json"), &u);
    }
    let slashes = check_collateral_books(&rpc, collateral).await;
    check_evidence_files(tmp.path(), &slashes);
    honest_reclaims(&rpc, collateral).await;
    if std::env::var_os("GPU_WORKER_E2E_LOGS").is_some() {
        dump_logs(&logs);
    }
    eprintln!("e2e wall time {:?}", started.elapsed());
    children.0.clear();
    node.stop().await;
}

/// The subnet owner deploys the collateral contract from its artefact.
async fn deploy_collateral(owner: &Sender) -> Address {
    let code = contracts::artifacts::COMPUTE_COLLATERAL.bytecode().expect("artefact");
    let args = ComputeCollateral::constructorCall {
        netuid_: NETUID,
        reclaimDelay_: RECLAIM_DELAY,
        windowBlocks_: WINDOW_BLOCKS,
        maxSlashBps_: MAX_SLASH_BPS,
    };
    let initcode: Bytes = [code.as_ref(), &args.abi_encode()].concat().into();
    owner.deploy(initcode).await
}

/// One `Slashed` event with its transaction.
#[derive(Debug, Clone)]
struct Slash {
    event: ComputeCollateral::Slashed,
    tx: B256,
}

/// Every `Slashed` event of the collateral contract up to block `to` (the head when `None`).
async fn slashed_events(rpc: &Rpc, collateral: Address, to: Option<u64>) -> Vec<Slash> {
    let to = to.map_or_else(|| "latest".to_owned(), |b| format!("{b:#x}"));
    let filter = json!([{"fromBlock": "0x0", "toBlock": to, "address": collateral,
        "topics": [ComputeCollateral::Slashed::SIGNATURE_HASH]}]);
    let logs = rpc.ok("eth_getLogs", filter).await;
    let mut out = Vec::new();
    for log in logs.as_array().into_iter().flatten() {
        let topics: Vec<B256> = log["topics"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|t| t.as_str().and_then(|s| s.parse().ok()).expect("topic"))
            .collect();
        let data: Bytes = log["data"].as_str().and_then(|s| s.parse().ok()).expect("data");
        let event = ComputeCollateral::Slashed::decode_raw_log(topics, &data).expect("Slashed");
        let tx: B256 = log["transactionHash"].as_str().and_then(|s| s.parse().ok()).expect("tx");
        out.push(Slash { event, tx });
    }
    out
}

/// Waits (within the scenario's budget) until both cheaters have been slashed.
async fn wait_for_slashes(
    rpc: &Rpc,
    collateral: Address,
    started: Instant,
    logs: &Path,
) -> Vec<Slash> {
    let cheaters = [dev_key(4).address(), dev_key(5).address()];
    loop {
        let slashes = slashed_events(rpc, collateral, None).await;
        if cheaters.iter().all(|c| slashes.iter().any(|s| s.event.miner == *c)) {
            eprintln!("after {:?}: {} slashes", started.elapsed(), slashes.len());
            return slashes;
        }
        if started.elapsed() > BUDGET {
            dump_logs(logs);
            let count = |c: &Address| slashes.iter().filter(|s| s.event.miner == *c).count();
            let counts: Vec<usize> = cheaters.iter().map(count).collect();
            panic!("cheaters not both slashed within {BUDGET:?}: lazy/copier slashes {counts:?}");
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

async fn collateral_of(rpc: &Rpc, collateral: Address, miner: Address) -> U256 {
    view(rpc, collateral, ComputeCollateral::collateralOfCall { miner }).await
}

/// [`view`] on the state after block `at`.
async fn view_at<C: SolCall>(rpc: &Rpc, to: Address, call: C, at: u64) -> C::Return {
    let out = rpc.call_at(to, call.abi_encode().into(), Some(at)).await.expect("view reverted");
    C::abi_decode_returns(&out).expect("decode")
}

/// The slashes: only the cheaters, only by the validators, each a successful transaction to
/// the contract; the collateral left and the burned TAO add up; every transaction the
/// validators sent to the contract succeeded.
async fn check_slashes(rpc: &Rpc, collateral: Address, slashes: &[Slash]) {
    let deposit = U256::from(u128::from(DEPOSIT_TAO) * WEI_PER_TAO);
    let (honest, cheaters) = (dev_key(3).address(), [dev_key(4).address(), dev_key(5).address()]);
    let validators = [dev_key(6).address(), dev_key(7).address()];
    let mut burned = U256::ZERO;
    for s in slashes {
        let e = &s.event;
        assert!(cheaters.contains(&e.miner), "slashed a miner that did not cheat: {s:?}");
        assert!(validators.contains(&e.validator), "slashed by a non-validator: {s:?}");
        assert!(e.amount > U256::ZERO && e.evidenceHash != B256::ZERO, "{s:?}");
        let receipt = rpc.receipt(&format!("{:#x}", s.tx)).await;
        assert_eq!(receipt["status"], json!("0x1"), "slash transaction failed: {receipt}");
        let tx = rpc.ok("eth_getTransactionByHash", json!([s.tx])).await;
        let to: Address = tx["to"].as_str().and_then(|a| a.parse().ok()).expect("to");
        assert_eq!(to, collateral, "a slash is a transaction to the contract");
        burned += e.amount;
    }
    // Per validator and window at most 25 % of the deposit (the first slash of a window sees
    // the full collateral at most).
    let mut per_window: BTreeMap<(Address, Address, u64), U256> = BTreeMap::new();
    for s in slashes {
        let receipt = rpc.receipt(&format!("{:#x}", s.tx)).await;
        let block =
            receipt["blockNumber"].as_str().and_then(|b| u64::from_str_radix(&b[2..], 16).ok());
        let window = block.expect("block") / WINDOW_BLOCKS;
        *per_window.entry((s.event.miner, s.event.validator, window)).or_default() +=
            s.event.amount;
    }
    let cap = deposit * U256::from(MAX_SLASH_BPS) / U256::from(10_000u32);
    assert!(per_window.values().all(|v| *v <= cap), "window bound exceeded: {per_window:?}");
    for c in cheaters {
        assert!(collateral_of(rpc, collateral, c).await < deposit, "cheater {c} kept all");
    }
    assert_eq!(collateral_of(rpc, collateral, honest).await, deposit, "the honest miner kept all");
    eprintln!("{} slashes so far, {burned} wei burned", slashes.len());
}

/// After the workers stopped (no slash under way): the books add up. The contract holds
/// exactly the collateral; deposits = collateral + burned; the burn address received exactly
/// the sum of all `Slashed` amounts; the honest miner still holds its whole deposit. All read
/// at one block, so a slash a stopped validator left in the pool cannot skew the sums.
async fn check_collateral_books(rpc: &Rpc, collateral: Address) -> Vec<Slash> {
    let deposit = U256::from(u128::from(DEPOSIT_TAO) * WEI_PER_TAO);
    let at = rpc.block_number().await;
    let slashes = slashed_events(rpc, collateral, Some(at)).await;
    let burned: U256 = slashes.iter().map(|s| s.event.amount).sum();
    let total = view_at(rpc, collateral, ComputeCollateral::totalCollateralCall {}, at).await;
    let held = rpc.balance_at(collateral, Some(at)).await;
    assert_eq!(held, total, "the contract holds exactly the collateral");
    assert_eq!(deposit * U256::from(3u8), total + burned, "deposits = collateral + slashed");
    let dead: Address = "0x000000000000000000000000000000000000dEaD".parse().expect("burn");
    assert_eq!(rpc.balance_at(dead, Some(at)).await, burned, "slashed TAO burned");
    let miner = dev_key(3).address();
    let honest = view_at(rpc, collateral, ComputeCollateral::collateralOfCall { miner }, at).await;
    assert_eq!(honest, deposit, "the honest miner kept all");
    eprintln!(
        "collateral: {} slashes burned {burned} wei; {total} wei held (honest {honest})",
        slashes.len()
    );
    slashes
}

/// Each validator kept the evidence of its slashes: the file named by the evidence hash holds
/// the opening whose keccak-256 it is.
fn check_evidence_files(dir: &Path, slashes: &[Slash]) {
    for s in slashes {
        let name =
            if s.event.validator == dev_key(6).address() { "validator-a" } else { "validator-b" };
        let path = dir.join(name).join("evidence").join(format!("{}.json", s.event.evidenceHash));
        let file: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).expect("evidence file")).expect("JSON");
        let opening = file["opening_json"].as_str().expect("opening_json");
        assert_eq!(alloy_primitives::keccak256(opening.as_bytes()), s.event.evidenceHash);
        assert_eq!(file["commitment"]["root"], json!(s.event.signedRoot.0), "{path:?}");
    }
}

/// After the workers stopped: the honest miner asks for all its collateral back; a withdrawal
/// before the delay is refused, after it (blocks mined with `anvil_mine`) pays it all.
async fn honest_reclaims(rpc: &Rpc, collateral: Address) {
    let miner = Sender::dev(rpc, 3);
    let amount = U256::from(u128::from(DEPOSIT_TAO) * WEI_PER_TAO);
    let request = ComputeCollateral::requestReclaimCall { amount };
    miner.send_ok(Some(collateral), U256::ZERO, request.abi_encode().into(), 200_000).await;
    let withdraw: Bytes = ComputeCollateral::withdrawCall {}.abi_encode().into();
    let early = rpc.call_from(miner.address(), collateral, withdraw.clone(), None).await;
    let err = early.expect_err("withdraw before the delay");
    let decoded = ComputeCollateral::ReclaimLocked::abi_decode(&err).expect("ReclaimLocked");
    eprintln!("withdraw before the delay refused: {decoded:?}");
    rpc.ok("anvil_mine", json!([format!("{RECLAIM_DELAY:#x}")])).await;
    let before = rpc.balance(miner.address()).await;
    let r = miner.send_ok(Some(collateral), U256::ZERO, withdraw, 200_000).await;
    let (_, fee) = taochain_tests::receipt_block_and_fee(&r);
    let after = rpc.balance(miner.address()).await;
    assert_eq!(after + fee - before, amount, "the honest miner got all its collateral back");
    assert_eq!(collateral_of(rpc, collateral, miner.address()).await, U256::ZERO);
    eprintln!("honest miner reclaimed {amount} wei after {RECLAIM_DELAY} blocks");
}

/// Validator A's metrics count the slashes it sent (it may count one more than the events read
/// a moment earlier, never fewer once its receipt arrived).
async fn check_slash_metrics(addr: &str, slashes: &[Slash]) {
    let mine = slashes.iter().filter(|s| s.event.validator == dev_key(6).address()).count();
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let text = reqwest::get(format!("http://{addr}/metrics"))
            .await
            .expect("metrics endpoint")
            .text()
            .await
            .expect("metrics text");
        let count = text
            .lines()
            .find_map(|l| l.strip_prefix("gpu_worker_slashes_total{role=\"validator\"} "))
            .and_then(|v| v.parse::<usize>().ok())
            .expect("gpu_worker_slashes_total");
        if count >= mine {
            return;
        }
        assert!(Instant::now() < deadline, "metrics count {count} slashes, events {mine}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
