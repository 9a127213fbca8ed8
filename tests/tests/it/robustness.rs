//! Issue 14, "one transaction must not stop block production": a regression test per finding
//! of the hostile-input probe, each driven over JSON-RPC against an in-process dev node
//! (automine), and the check that a sender's next transaction is mined after every kind of
//! refused, parked or dropped transaction. The limits are the documented ones
//! (`evm_host::rpc::limits`, `docs/operator.md`), written out here as the client sees them.

use alloy::consensus::{SignableTransaction, TxEip7702, TxEnvelope};
use alloy::eips::eip2718::Encodable2718;
use alloy::signers::{SignerSync, local::PrivateKeySigner};
use alloy_primitives::{Address, Bytes, U256, keccak256};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::time::Duration;
use taochain_tests::*;

/// One TAO in wei.
fn tao(n: u64) -> U256 {
    U256::from(n) * U256::from(10u64).pow(U256::from(18))
}

/// The sender's next nonce, counting pooled transactions.
pub(crate) async fn pending_nonce(rpc: &Rpc, a: Address) -> u64 {
    rpc.qty("eth_getTransactionCount", json!([a, "pending"])).await as u64
}

/// The chain seals nothing while nothing is sent (an automining node with nothing ready).
pub(crate) async fn assert_idle(rpc: &Rpc, what: &str) {
    let before = rpc.block_number().await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    let after = rpc.block_number().await;
    assert_eq!(before, after, "{what}: {} blocks sealed on an idle chain", after - before);
}

/// Send a plain 1-wei transfer from `key` at its pending nonce and wait until it is mined.
pub(crate) async fn next_is_mined(rpc: &Rpc, key: &PrivateKeySigner, what: &str) -> Value {
    let nonce = pending_nonce(rpc, key.address()).await;
    let to = Some(Address::repeat_byte(0x42));
    let raw = eip1559(key, CHAIN_ID, nonce, to, U256::from(1), Bytes::new(), 21_000, FEE);
    let hash = match rpc.call("eth_sendRawTransaction", json!([raw])).await {
        Ok(h) => h,
        Err(e) => panic!("{what}: the next transaction was refused: {e:?}"),
    };
    let r = rpc.receipt(hash.as_str().expect("hash")).await;
    assert_eq!(r["status"], json!("0x1"), "{what}: {r}");
    r
}

/// `eth_sendRawTransaction` must refuse `raw` with `code` and a message containing `needle`.
async fn refused(rpc: &Rpc, raw: Bytes, code: i64, needle: &str) {
    let r = rpc.call("eth_sendRawTransaction", json!([raw])).await;
    let e = r.expect_err(&format!("must be refused ({needle})"));
    assert!(e.message.contains(needle), "expected '{needle}', got {e:?}");
    assert_eq!(e.code, code, "{e:?}");
}

/// A signed EIP-7702 transaction with an empty authorization list.
fn eip7702_without_authorizations(key: &PrivateKeySigner, nonce: u64) -> Bytes {
    let tx = TxEip7702 {
        chain_id: CHAIN_ID,
        nonce,
        gas_limit: 100_000,
        max_fee_per_gas: FEE,
        max_priority_fee_per_gas: FEE / 10,
        to: Address::repeat_byte(0x33),
        authorization_list: vec![],
        ..Default::default()
    };
    let sig = key.sign_hash_sync(&tx.signature_hash()).expect("sign");
    let env: TxEnvelope = tx.into_signed(sig).into();
    env.encoded_2718().into()
}

/// A contract creation with `len` bytes of init code (zeros: it stops at once).
fn create(key: &PrivateKeySigner, nonce: u64, len: usize) -> Bytes {
    eip1559(key, CHAIN_ID, nonce, None, U256::ZERO, vec![0u8; len].into(), 3_000_000, FEE)
}

/// Finding 1a: a value of 2^256-1 made `gas * maxFee + value` overflow at admission; the
/// transaction was pooled, failed at execution with a "later" outcome and re-triggered the
/// miner for ever.
#[tokio::test(flavor = "multi_thread")]
async fn value_overflowing_the_cost_is_refused_and_the_chain_stays_idle() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    let k = dev_key(5);
    let to = Some(Address::repeat_byte(1));
    let raw = eip1559(&k, CHAIN_ID, 0, to, U256::MAX, Bytes::new(), 21_000, FEE);
    refused(&rpc, raw, -32000, "insufficient funds for gas * price + value").await;
    assert_idle(&rpc, "after an overflowing value").await;
    next_is_mined(&rpc, &k, "after an overflowing value").await;
    assert_idle(&rpc, "after the next transaction").await;
    node.stop().await;
}

/// Finding 1b: an EIP-7702 transaction with an empty authorization list can never execute.
#[tokio::test(flavor = "multi_thread")]
async fn empty_authorization_list_is_refused() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    let k = dev_key(5);
    refused(&rpc, eip7702_without_authorizations(&k, 0), -32000, "empty auth list").await;
    assert_idle(&rpc, "after an empty authorization list").await;
    next_is_mined(&rpc, &k, "after an empty authorization list").await;
    node.stop().await;
}

/// Finding 1c: two 6,000 TAO transfers from a 10,000 TAO account, nonce n+1 sent first (as
/// `forge script` does). The second cannot be paid once the first is mined: it waits, parked,
/// without the miner sealing blocks for it, until its sender is funded (then it is mined) or
/// it is replaced (the replacement is mined).
#[tokio::test(flavor = "multi_thread")]
async fn overdraft_sent_out_of_order_waits_without_sealing_blocks() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    let to = Some(Address::repeat_byte(0x66));
    let six = tao(6_000);
    for (sender, how) in [(2usize, "funded"), (4, "replaced")] {
        let k = dev_key(sender);
        let second = eip1559(&k, CHAIN_ID, 1, to, six, Bytes::new(), 21_000, FEE);
        let second_hash = rpc.ok("eth_sendRawTransaction", json!([second])).await;
        let first = eip1559(&k, CHAIN_ID, 0, to, six, Bytes::new(), 21_000, FEE);
        let h = rpc.ok("eth_sendRawTransaction", json!([first])).await;
        rpc.receipt(h.as_str().unwrap()).await;
        assert_idle(&rpc, "with an overdraft waiting").await;
        let status = rpc.ok("txpool_status", json!([])).await;
        assert_eq!(status, json!({"pending": "0x0", "queued": "0x1"}), "{how}");
        assert!(rpc.ok("eth_getTransactionReceipt", json!([second_hash])).await.is_null());
        let r = if how == "funded" {
            // Another account sends the missing funds: the waiting transaction goes in next.
            let funder = dev_key(3);
            let raw = eip1559(
                &funder,
                CHAIN_ID,
                0,
                Some(k.address()),
                tao(3_000),
                Bytes::new(),
                21_000,
                FEE,
            );
            let h = rpc.ok("eth_sendRawTransaction", json!([raw])).await;
            rpc.receipt(h.as_str().unwrap()).await;
            rpc.receipt(second_hash.as_str().unwrap()).await
        } else {
            // A replacement the sender can pay (same nonce, fee bumped) goes in.
            let raw = eip1559(&k, CHAIN_ID, 1, to, U256::from(1), Bytes::new(), 21_000, FEE * 2);
            let h = rpc.ok("eth_sendRawTransaction", json!([raw])).await;
            rpc.receipt(h.as_str().unwrap()).await
        };
        assert_eq!(r["status"], json!("0x1"), "{how}: {r}");
        next_is_mined(&rpc, &k, how).await;
        assert_idle(&rpc, how).await;
    }
    // The funded sender's waiting transaction went in; the replaced one is gone.
    assert_eq!(
        rpc.ok("txpool_status", json!([])).await,
        json!({"pending": "0x0", "queued": "0x0"})
    );
    node.stop().await;
}

/// Finding 2: `evm_setIntervalMining(2^64-1)` panicked the mining task ("overflow when adding
/// duration to instant") and automatic mining never resumed.
#[tokio::test(flavor = "multi_thread")]
async fn interval_mining_overflow_is_refused_and_mining_goes_on() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    for m in ["evm_setIntervalMining", "anvil_setIntervalMining"] {
        let e = rpc.call(m, json!(["0xffffffffffffffff"])).await.expect_err(m);
        assert_eq!(e.code, -32602, "{m}: {e:?}");
    }
    assert_eq!(rpc.ok("eth_mining", json!([])).await, json!(true));
    next_is_mined(&rpc, &dev_key(5), "after a huge interval").await;
    node.stop().await;
}

/// Dev methods validate their arguments (-32602) instead of wrapping or clamping them.
#[tokio::test(flavor = "multi_thread")]
async fn dev_methods_refuse_out_of_range_arguments() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    rpc.mine(1).await;
    let head_ts =
        hex_u128(&rpc.ok("eth_getBlockByNumber", json!(["latest", false])).await["timestamp"]);
    let max = "0xffffffffffffffff";
    for (m, p) in [
        ("evm_increaseTime", json!([max])),
        ("evm_increaseTime", json!(["0x8000000000000000"])),
        ("evm_setNextBlockTimestamp", json!([max])),
        ("evm_setNextBlockTimestamp", json!([format!("{:#x}", head_ts - 1)])),
        ("evm_mine", json!([{"timestamp": max}])),
        ("anvil_mine", json!(["0x2711"])),
        ("anvil_mine", json!(["0x2", max])),
    ] {
        let e = rpc.call(m, p.clone()).await.expect_err(&format!("{m} {p}"));
        assert_eq!(e.code, -32602, "{m} {p}: {e:?}");
    }
    assert_eq!(rpc.block_number().await, 1, "nothing was mined");
    // In range they work.
    rpc.ok("evm_increaseTime", json!(["0x10"])).await;
    rpc.ok("anvil_mine", json!(["0x2", "0x5"])).await;
    assert_eq!(rpc.block_number().await, 3);
    node.stop().await;
}

/// Finding 3: `eth_feeHistory` took any number of reward percentiles.
#[tokio::test(flavor = "multi_thread")]
async fn fee_history_percentiles_are_bounded() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    next_is_mined(&rpc, &dev_key(5), "a block with a transaction").await;
    let pct = |n: usize| (0..n).map(|i| i as f64 * 100.0 / n as f64).collect::<Vec<_>>();
    let e = rpc.call("eth_feeHistory", json!(["0x400", "latest", pct(101)])).await.unwrap_err();
    assert_eq!(e.code, -32602, "{e:?}");
    let fh = rpc.ok("eth_feeHistory", json!(["0x400", "latest", pct(100)])).await;
    assert_eq!(fh["reward"].as_array().map(|r| r[0].as_array().map(Vec::len)), Some(Some(100)));
    node.stop().await;
}

/// Finding 4: bytes after the transaction were ignored (a hash that is not keccak of the
/// input; two glued transactions mined the first and dropped the second).
#[tokio::test(flavor = "multi_thread")]
async fn trailing_bytes_are_refused() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    let k = dev_key(5);
    let to = Some(Address::repeat_byte(2));
    let a = eip1559(&k, CHAIN_ID, 0, to, U256::from(1), Bytes::new(), 21_000, FEE);
    let b = eip1559(&k, CHAIN_ID, 1, to, U256::from(1), Bytes::new(), 21_000, FEE);
    let glued: Bytes = [a.as_ref(), b.as_ref()].concat().into();
    refused(&rpc, glued, -32602, "trailing bytes").await;
    let junk: Bytes = [a.as_ref(), &[0u8]].concat().into();
    refused(&rpc, junk, -32602, "trailing bytes").await;
    assert_idle(&rpc, "after trailing bytes").await;
    // Each alone is accepted under keccak of its bytes, and both are mined.
    for raw in [a, b] {
        let h = rpc.ok("eth_sendRawTransaction", json!([raw])).await;
        assert_eq!(h, json!(keccak256(&raw)));
        assert_eq!(rpc.receipt(h.as_str().unwrap()).await["status"], json!("0x1"));
    }
    node.stop().await;
}

/// Finding 5: init code over 49,152 bytes (EIP-3860) was accepted, then silently dropped.
#[tokio::test(flavor = "multi_thread")]
async fn oversized_init_code_is_refused() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    let k = dev_key(5);
    refused(&rpc, create(&k, 0, 49_153), -32000, "max initcode size exceeded").await;
    assert_idle(&rpc, "after oversized init code").await;
    let h = rpc.ok("eth_sendRawTransaction", json!([create(&k, 0, 49_152)])).await;
    let r = rpc.receipt(h.as_str().unwrap()).await;
    assert_eq!(r["status"], json!("0x1"), "init code of exactly the limit deploys: {r}");
    next_is_mined(&rpc, &k, "after a deployment at the limit").await;
    node.stop().await;
}

fn selector(sig: &str) -> [u8; 4] {
    let h = keccak256(sig.as_bytes());
    [h[0], h[1], h[2], h[3]]
}

/// Finding 6: value stranded at precompile and system addresses.
#[tokio::test(flavor = "multi_thread")]
async fn no_value_is_stranded_at_precompiles_or_system_accounts() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    let s = Sender::dev(&rpc, 7);
    let alpha: Address = "0x0000000000000000000000000000000000000808".parse().unwrap();
    let transfer: Address = "0x0000000000000000000000000000000000000800".parse().unwrap();
    let system: Address = "0x0000000000000000000000000000000000000b00".parse().unwrap();
    let watched = [alpha, transfer, system];
    let mut before = vec![];
    for a in watched {
        before.push(rpc.balance(a).await);
    }
    // A view of 0x808 with value reverts (the value goes back).
    let view = Bytes::from(selector("getRootNetuid()").to_vec());
    let r = s.send(Some(alpha), tao(1), view, 200_000).await;
    assert_eq!(r["status"], json!("0x0"), "0x808 view with value: {r}");
    // transfer(bytes32) to the id of a precompile or of the system account reverts.
    for dest in watched {
        let mut data = selector("transfer(bytes32)").to_vec();
        data.extend_from_slice(evm_id(dest).as_slice());
        let r = s.send(Some(transfer), tao(1), data.into(), 200_000).await;
        assert_eq!(r["status"], json!("0x0"), "transfer to {dest}: {r}");
    }
    for (a, b) in watched.into_iter().zip(before) {
        assert_eq!(rpc.balance(a).await, b, "value stranded at {a}");
    }
    // An ordinary destination still receives it.
    let dest = Address::repeat_byte(0x5a);
    let mut data = selector("transfer(bytes32)").to_vec();
    data.extend_from_slice(evm_id(dest).as_slice());
    s.send_ok(Some(transfer), tao(1), data.into(), 200_000).await;
    assert_eq!(rpc.balance(dest).await, tao(1));
    node.stop().await;
}

/// Read the next JSON message of a WebSocket (10 s at most).
pub(crate) async fn ws_next<S>(ws: &mut S) -> Value
where
    S: StreamExt<
            Item = Result<
                tokio_tungstenite::tungstenite::Message,
                tokio_tungstenite::tungstenite::Error,
            >,
        > + Unpin,
{
    let m = tokio::time::timeout(Duration::from_secs(10), ws.next()).await.expect("ws timeout");
    let m = m.expect("ws closed").expect("ws error");
    serde_json::from_str(m.to_text().expect("text")).expect("json")
}

/// Finding 7: subscriptions over HTTP, and `eth_subscribe` with bad params over WebSocket,
/// answered -32603.
#[tokio::test(flavor = "multi_thread")]
async fn subscription_errors_are_proper_json_rpc_errors() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    for (m, p) in [("eth_subscribe", json!(["newHeads"])), ("eth_unsubscribe", json!(["0x1"]))] {
        let e = rpc.call(m, p).await.unwrap_err();
        assert_eq!((e.code, e.message.as_str()), (-32601, "notifications not supported"), "{m}");
    }
    let (mut ws, _) = tokio_tungstenite::connect_async(node.ws_url()).await.expect("ws connect");
    let bad = [
        json!([]),
        json!([123]),
        json!([null]),
        json!(["logs", "x"]),
        json!(["logs", {"address": "zz"}]),
        json!(["newPendingTransactions"]),
    ];
    for (id, params) in bad.iter().enumerate() {
        let req = json!({"jsonrpc": "2.0", "id": id, "method": "eth_subscribe", "params": params});
        ws.send(tokio_tungstenite::tungstenite::Message::text(req.to_string())).await.unwrap();
        let r = ws_next(&mut ws).await;
        assert_eq!(r["error"]["code"], json!(-32602), "{params}: {r}");
    }
    let req =
        json!({"jsonrpc": "2.0", "id": 99, "method": "eth_subscribe", "params": ["logs", {}]});
    ws.send(tokio_tungstenite::tungstenite::Message::text(req.to_string())).await.unwrap();
    let r = ws_next(&mut ws).await;
    assert!(r["result"].is_string(), "a good subscription after bad ones: {r}");
    node.stop().await;
}

/// Finding 8: one client could fill the filter table and lock every other client out. Now a
/// client (remote address) holds at most 1,000 filters; another address still gets its own.
#[tokio::test(flavor = "multi_thread")]
async fn one_client_cannot_lock_others_out_of_filters() {
    const PER_CLIENT: usize = 1_000;
    let node = dev_node(None).await;
    let url = node.http_url();
    let client = |ip: [u8; 4]| {
        let ip = std::net::IpAddr::from(ip);
        reqwest::Client::builder().local_address(ip).build().expect("client")
    };
    let post = |c: reqwest::Client, body: String| {
        let url = url.clone();
        async move {
            let r = c.post(&url).header("content-type", "application/json").body(body);
            r.send().await.expect("send").json::<Value>().await.expect("json")
        }
    };
    let one = json!({"jsonrpc": "2.0", "id": 0, "method": "eth_newBlockFilter"}).to_string();
    // Client A (127.0.0.1) fills its quota in one batch, then is refused.
    let a = client([127, 0, 0, 1]);
    let batch: Vec<Value> = (0..PER_CLIENT)
        .map(|i| json!({"jsonrpc": "2.0", "id": i, "method": "eth_newBlockFilter"}))
        .collect();
    let r = post(a.clone(), Value::Array(batch).to_string()).await;
    let ok = r.as_array().expect("batch").iter().filter(|x| x["result"].is_string()).count();
    assert_eq!(ok, PER_CLIENT);
    let r = post(a, one.clone()).await;
    assert_eq!(r["error"]["code"], json!(-32000), "{r}");
    assert!(r["error"]["message"].as_str().unwrap_or("").contains("too many filters"), "{r}");
    // Client B (127.0.0.2) is not locked out, and its filter works.
    let b = client([127, 0, 0, 2]);
    let r = post(b.clone(), one).await;
    let id = r["result"].as_str().unwrap_or_else(|| panic!("client B refused: {r}")).to_string();
    let poll = json!({"jsonrpc": "2.0", "id": 1, "method": "eth_getFilterChanges", "params": [id]});
    let r = post(b, poll.to_string()).await;
    assert!(r["result"].is_array(), "{r}");
    node.stop().await;
}

/// A transaction that passes admission but turns out never to execute (here: its sender got
/// code before it was mined, EIP-3607) is dropped with a logged reason, and the sender's next
/// transaction, at the same nonce, is mined.
#[tokio::test(flavor = "multi_thread")]
async fn next_transaction_is_mined_after_a_dropped_one() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    let k = dev_key(6);
    rpc.ok("evm_setAutomine", json!([false])).await;
    let to = Some(Address::repeat_byte(3));
    let raw = eip1559(&k, CHAIN_ID, 0, to, U256::from(1), Bytes::new(), 21_000, FEE);
    let doomed = rpc.ok("eth_sendRawTransaction", json!([raw])).await;
    rpc.ok("anvil_setCode", json!([k.address(), "0x60006000fd"])).await;
    rpc.mine(1).await;
    assert!(rpc.ok("eth_getTransactionReceipt", json!([doomed])).await.is_null());
    assert!(rpc.ok("eth_getTransactionByHash", json!([doomed])).await.is_null(), "dropped");
    rpc.ok("anvil_setCode", json!([k.address(), "0x"])).await;
    rpc.ok("evm_setAutomine", json!([true])).await;
    let r = next_is_mined(&rpc, &k, "after a dropped transaction").await;
    assert_eq!(r["blockNumber"], json!("0x2"));
    assert_idle(&rpc, "after a dropped transaction").await;
    node.stop().await;
}

/// Every kind of transaction admission refuses leaves the sender free: its next transaction
/// (at the same nonce) is mined, and the chain stays idle in between.
#[tokio::test(flavor = "multi_thread")]
async fn next_transaction_is_mined_after_every_kind_of_refusal() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    let k = dev_key(8);
    let to = Some(Address::repeat_byte(4));
    let none = Bytes::new();
    for round in 0..9u64 {
        let n = pending_nonce(&rpc, k.address()).await;
        let one = U256::from(1);
        let (raw, needle): (Bytes, &str) = match round {
            0 => (
                eip1559(&k, CHAIN_ID, n, to, U256::MAX, none.clone(), 21_000, FEE),
                "insufficient funds",
            ),
            1 => (
                eip1559(&k, CHAIN_ID, n, to, tao(20_000), none.clone(), 21_000, FEE),
                "insufficient funds",
            ),
            2 => (eip7702_without_authorizations(&k, n), "empty auth list"),
            3 => (create(&k, n, 49_153), "max initcode size exceeded"),
            4 => {
                let raw = eip1559(&k, CHAIN_ID, n, to, one, none.clone(), 21_000, FEE);
                ([raw.as_ref(), &[0xc0]].concat().into(), "trailing bytes")
            }
            5 => (
                eip1559(&k, CHAIN_ID, u64::MAX, to, one, none.clone(), 21_000, FEE),
                "nonce has max value",
            ),
            6 => (
                eip1559(&k, CHAIN_ID, n, to, one, none.clone(), 21_000, 1),
                "less than block base fee",
            ),
            7 => (eip1559(&k, 1, n, to, one, none.clone(), 21_000, FEE), "invalid chain id"),
            _ => (
                eip1559(&k, CHAIN_ID, n, to, one, none.clone(), 20_000, FEE),
                "intrinsic gas too low",
            ),
        };
        let e = rpc.call("eth_sendRawTransaction", json!([raw])).await.expect_err(needle);
        assert!(e.message.contains(needle), "round {round}: expected '{needle}', got {e:?}");
        assert_ne!(e.code, -32603, "round {round}: {e:?}");
        assert_eq!(pending_nonce(&rpc, k.address()).await, n, "round {round}: nothing pooled");
        next_is_mined(&rpc, &k, needle).await;
    }
    assert_idle(&rpc, "after the refusals").await;
    node.stop().await;
}
