//! Crash safety: SIGKILL the node while transactions stream in, restart it on the same datadir,
//! and check that every transaction whose receipt was returned before the kill is still there,
//! in the same block, and that the node keeps producing blocks.

use alloy::consensus::{SignableTransaction, TxEip1559, TxEnvelope};
use alloy::eips::eip2718::Encodable2718;
use alloy::signers::{SignerSync, local::PrivateKeySigner};
use alloy_primitives::{Address, B256, TxKind, U256};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn start(datadir: &std::path::Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_taochain"))
        .args(["--dev", "--rpc-addr", "127.0.0.1:0", "--log", "warn", "--datadir"])
        .arg(datadir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn taochain");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let url = loop {
        let line = lines.next().expect("node exited before printing its URL").expect("read");
        if let Some(u) = line.strip_prefix("Listening on ") {
            break u.trim().to_string();
        }
    };
    // Keep draining stdout so the node never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, url)
}

fn rpc(url: &str, method: &str, params: Value) -> Result<Value, String> {
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params});
    let r = reqwest::blocking::Client::new()
        .post(url)
        .json(&body)
        .timeout(Duration::from_secs(5))
        .send()
        .map_err(|e| e.to_string())?;
    let v: Value = r.json().map_err(|e| e.to_string())?;
    match v.get("error") {
        Some(e) => Err(e.to_string()),
        None => Ok(v["result"].clone()),
    }
}

fn signed(key: &PrivateKeySigner, nonce: u64) -> String {
    let tx = TxEip1559 {
        chain_id: 31337,
        nonce,
        gas_limit: 21_000,
        max_fee_per_gas: 10_000_000_000,
        max_priority_fee_per_gas: 1_000_000_000,
        to: TxKind::Call(Address::repeat_byte(0x77)),
        value: U256::from(1u64),
        ..Default::default()
    };
    let sig = key.sign_hash_sync(&tx.signature_hash()).expect("sign");
    let env: TxEnvelope = tx.into_signed(sig).into();
    format!("0x{}", alloy_primitives::hex::encode(env.encoded_2718()))
}

#[test]
fn sigkill_while_streaming_loses_nothing_committed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key: B256 = tao_chain::genesis::DEV_ACCOUNTS[8].1.parse().expect("key");
    let key = PrivateKeySigner::from_bytes(&key).expect("key");
    let mut confirmed: Vec<(String, String, String)> = Vec::new(); // (tx hash, block hash, block number)
    for round in 0..3 {
        let (mut child, url) = start(dir.path());
        // Everything confirmed before earlier kills is still there, unchanged.
        for (tx, block_hash, number) in &confirmed {
            let r = rpc(&url, "eth_getTransactionReceipt", json!([tx])).expect("receipt call");
            assert_eq!(
                r["blockHash"].as_str(),
                Some(block_hash.as_str()),
                "round {round}: receipt of {tx} moved or vanished"
            );
            let b = rpc(&url, "eth_getBlockByNumber", json!([number, false])).expect("block");
            assert_eq!(b["hash"].as_str(), Some(block_hash.as_str()));
        }
        let chain_nonce =
            rpc(&url, "eth_getTransactionCount", json!([key.address(), "latest"])).expect("nonce");
        let chain_nonce =
            u64::from_str_radix(chain_nonce.as_str().unwrap_or("0x0").trim_start_matches("0x"), 16)
                .unwrap_or(0);
        assert!(chain_nonce >= confirmed.len() as u64, "nonce went backwards");
        let mut nonce = chain_nonce;
        // Stream transactions; record receipts as they are returned; kill at a varying moment.
        let kill_at = Instant::now() + Duration::from_millis(400 + 350 * round as u64);
        let mut pending: Vec<String> = Vec::new();
        while Instant::now() < kill_at {
            if let Ok(h) = rpc(&url, "eth_sendRawTransaction", json!([signed(&key, nonce)])) {
                pending.push(h.as_str().unwrap_or_default().to_string());
                nonce += 1;
            }
            pending.retain(|h| match rpc(&url, "eth_getTransactionReceipt", json!([h])) {
                Ok(r) if !r.is_null() => {
                    confirmed.push((
                        h.clone(),
                        r["blockHash"].as_str().unwrap_or_default().to_string(),
                        r["blockNumber"].as_str().unwrap_or_default().to_string(),
                    ));
                    false
                }
                _ => true,
            });
        }
        child.kill().expect("SIGKILL");
        child.wait().expect("reap");
        // Transactions sent but not confirmed may or may not have made it: resync the nonce.
    }
    assert!(
        confirmed.len() >= 5,
        "too few confirmed transactions to mean anything: {}",
        confirmed.len()
    );
    // Final restart: all confirmed receipts are intact and the node still produces blocks.
    let (mut child, url) = start(dir.path());
    for (tx, block_hash, _) in &confirmed {
        let r = rpc(&url, "eth_getTransactionReceipt", json!([tx])).expect("receipt");
        assert_eq!(r["blockHash"].as_str(), Some(block_hash.as_str()));
        assert_eq!(r["status"], json!("0x1"));
    }
    let n = rpc(&url, "eth_getTransactionCount", json!([key.address(), "latest"])).expect("nonce");
    let n =
        u64::from_str_radix(n.as_str().unwrap_or("0x0").trim_start_matches("0x"), 16).unwrap_or(0);
    let before = rpc(&url, "eth_blockNumber", json!([])).expect("number");
    let h =
        rpc(&url, "eth_sendRawTransaction", json!([signed(&key, n)])).expect("send after restart");
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let r = rpc(&url, "eth_getTransactionReceipt", json!([h])).expect("receipt");
        if !r.is_null() {
            assert_eq!(r["status"], json!("0x1"));
            break;
        }
        assert!(Instant::now() < deadline, "no block after restart");
        std::thread::sleep(Duration::from_millis(50));
    }
    let after = rpc(&url, "eth_blockNumber", json!([])).expect("number");
    assert_ne!(before, after);
    child.kill().expect("kill");
    child.wait().expect("reap");
}
