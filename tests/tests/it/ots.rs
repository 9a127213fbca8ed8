//! Otterscan's `ots_` methods and `erigon_getHeaderByNumber` against an in-process dev node:
//! a contract creation (by a transaction and by `CREATE`), a value transfer into a Bittensor
//! precompile made by a contract, a reverted transaction's error, block details, paged block
//! transactions and paged address searches, each response checked field by field.

use alloy_primitives::{Address, B256, Bytes, U256, hex, keccak256};
use serde_json::{Value, json};
use taochain_tests::*;

fn addr(i: usize) -> Address {
    dev_key(i).address()
}

fn lower(a: Address) -> Value {
    json!(format!("{a:?}").to_lowercase())
}

fn qty(v: u64) -> Value {
    json!(format!("{v:#x}"))
}

/// The factory's runtime: `CREATE(callvalue, child)` where the child's init code
/// (`600060005360016000f3`, pushed whole) returns a one-byte runtime (`STOP`).
const FACTORY: &str = "69600060005360016000f3600052600a601634f05000";
/// Copies calldata and `CALL`s 0x800 with it and the call's value.
const FORWARDER: &str = "36600060003760006000366000346108005af15000";
/// Reverts with the word 0x2a.
const REVERTER: &str = "602a60005260206000fd";

fn transfer_to(id: B256) -> Bytes {
    let mut d = keccak256("transfer(bytes32)")[..4].to_vec();
    d.extend_from_slice(id.as_slice());
    d.into()
}

async fn err_code(rpc: &Rpc, method: &str, params: Value) -> i64 {
    rpc.call(method, params).await.expect_err(method).code
}

#[tokio::test(flavor = "multi_thread")]
async fn otterscan_explores_the_chain() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    let me = Sender::dev(&rpc, 5);
    assert_eq!(rpc.ok("ots_getApiLevel", json!([])).await, json!(8));

    // A contract created by a transaction: its creator is the sender.
    let init: Bytes = hex::decode(format!("6016600c60003960166000f3{FACTORY}")).unwrap().into();
    let deployed = me.send_ok(None, U256::ZERO, init.clone(), 300_000).await;
    let factory: Address = deployed["contractAddress"].as_str().unwrap().parse().unwrap();
    let deploy_hash = deployed["transactionHash"].clone();
    let deploy_block = hex_u128(&deployed["blockNumber"]) as u64;
    let creator = rpc.ok("ots_getContractCreator", json!([factory])).await;
    assert_eq!(creator, json!({ "hash": deploy_hash, "creator": lower(me.address()) }));
    assert_eq!(rpc.ok("ots_hasCode", json!([factory, "latest"])).await, json!(true));
    assert_eq!(rpc.ok("ots_hasCode", json!([factory, qty(deploy_block - 1)])).await, json!(false));
    assert_eq!(rpc.ok("ots_hasCode", json!([me.address()])).await, json!(false));
    assert!(rpc.ok("ots_getContractCreator", json!([me.address()])).await.is_null());
    // No internal operations in a plain creation; its trace is the one CREATE frame.
    assert_eq!(rpc.ok("ots_getInternalOperations", json!([deploy_hash])).await, json!([]));
    let t = rpc.ok("ots_traceTransaction", json!([deploy_hash])).await;
    assert_eq!(t.as_array().map(Vec::len), Some(1), "{t}");
    assert_eq!(t[0]["type"], json!("CREATE"));
    assert_eq!(t[0]["depth"], json!(0));
    assert_eq!(t[0]["to"], lower(factory));
    assert_eq!(t[0]["input"], json!(format!("{init}")));

    // A contract created by CREATE inside a call with 5 wei: internal operation type 2, and
    // the factory is the child's creator.
    let nonce = rpc.qty("eth_getTransactionCount", json!([factory, "latest"])).await as u64;
    let child = factory.create(nonce);
    let r = me.send_ok(Some(factory), U256::from(5), Bytes::new(), 300_000).await;
    let create_hash = r["transactionHash"].clone();
    let ops = rpc.ok("ots_getInternalOperations", json!([create_hash])).await;
    let want = json!([{ "type": 2, "from": lower(factory), "to": lower(child), "value": "0x5" }]);
    assert_eq!(ops, want);
    let creator = rpc.ok("ots_getContractCreator", json!([child])).await;
    assert_eq!(creator, json!({ "hash": create_hash, "creator": lower(factory) }));
    assert_eq!(rpc.ok("eth_getCode", json!([child, "latest"])).await, json!("0x00"));
    assert_eq!(rpc.balance(child).await, U256::from(5));

    // A contract forwarding value into the Bittensor precompile 0x800: an internal transfer,
    // and the precompile call is a frame of the trace.
    let fwd = Address::repeat_byte(0xf1);
    rpc.ok("anvil_setCode", json!([fwd, format!("0x{FORWARDER}")])).await;
    let data = transfer_to(evm_id(addr(4)));
    let value = U256::from(1_000_000_000u64);
    let r = me.send_ok(Some(fwd), value, data.clone(), 300_000).await;
    let fwd_hash = r["transactionHash"].clone();
    let p800 = "0x0000000000000000000000000000000000000800";
    let ops = rpc.ok("ots_getInternalOperations", json!([fwd_hash])).await;
    assert_eq!(ops, json!([{ "type": 0, "from": lower(fwd), "to": p800, "value": "0x3b9aca00" }]));
    let t = rpc.ok("ots_traceTransaction", json!([fwd_hash])).await;
    let want = json!([
        { "type": "CALL", "depth": 0, "from": lower(me.address()), "to": lower(fwd),
          "value": "0x3b9aca00", "input": format!("{data}"), "output": "0x" },
        { "type": "CALL", "depth": 1, "from": lower(fwd), "to": p800,
          "value": "0x3b9aca00", "input": format!("{data}"), "output": "0x" },
    ]);
    assert_eq!(t, want);
    assert_eq!(rpc.ok("ots_getTransactionError", json!([fwd_hash])).await, json!("0x"));

    // A reverted transaction: its error is the revert data.
    let rev = Address::repeat_byte(0xe4);
    rpc.ok("anvil_setCode", json!([rev, format!("0x{REVERTER}")])).await;
    let r = me.send(Some(rev), U256::ZERO, Bytes::new(), 100_000).await;
    assert_eq!(r["status"], json!("0x0"));
    let rev_hash = r["transactionHash"].clone();
    let e = rpc.ok("ots_getTransactionError", json!([rev_hash])).await;
    assert_eq!(e, json!(format!("0x{:064x}", 0x2a)));
    let t = rpc.ok("ots_traceTransaction", json!([rev_hash])).await;
    assert_eq!(t[0]["output"], json!(format!("0x{:064x}", 0x2a)), "{t}");

    // Block details: the forwarding block, without transactions, with count and fees.
    let fwd_receipt = rpc.receipt(fwd_hash.as_str().unwrap()).await;
    let n = hex_u128(&fwd_receipt["blockNumber"]) as u64;
    let d = rpc.ok("ots_getBlockDetails", json!([n])).await;
    let block = rpc.ok("eth_getBlockByNumber", json!([qty(n), false])).await;
    let mut want_block = block.clone();
    let o = want_block.as_object_mut().unwrap();
    o.remove("transactions");
    o.insert("logsBloom".into(), Value::Null);
    o.insert("transactionCount".into(), json!(1));
    let (_, fee) = receipt_block_and_fee(&fwd_receipt);
    let issuance = json!({ "blockReward": "0x0", "uncleReward": "0x0", "issuance": "0x0" });
    assert_eq!(d, json!({ "block": want_block, "issuance": issuance, "totalFees": fee }));
    assert_eq!(rpc.ok("ots_getBlockDetailsByHash", json!([block["hash"]])).await, d);
    assert!(rpc.ok("ots_getBlockDetails", json!([n + 100])).await.is_null());

    // erigon_getHeaderByNumber: the block without transactions, uncles, size.
    let h = rpc.ok("erigon_getHeaderByNumber", json!([qty(n)])).await;
    for (k, v) in h.as_object().unwrap() {
        assert_eq!(&block[k], v, "{k}");
    }
    assert_eq!(h["hash"], block["hash"]);
    assert!(h.get("transactions").is_none(), "{h}");
    assert!(rpc.ok("erigon_getHeaderByNumber", json!([qty(n + 100)])).await.is_null());

    // Three transactions in one block, listed two a page from the end of the block.
    rpc.ok("evm_setAutomine", json!([false])).await;
    let mut hashes = Vec::new();
    for i in 0..3u64 {
        let tx = json!({ "from": me.address(), "to": fwd, "value": qty(1 + i), "data": data, "gas": "0x493e0" });
        hashes.push(rpc.ok("eth_sendTransaction", json!([tx])).await);
    }
    rpc.ok("evm_mine", json!([])).await;
    rpc.ok("evm_setAutomine", json!([true])).await;
    let rs = [
        rpc.receipt(hashes[0].as_str().unwrap()).await,
        rpc.receipt(hashes[1].as_str().unwrap()).await,
        rpc.receipt(hashes[2].as_str().unwrap()).await,
    ];
    let busy = hex_u128(&rs[0]["blockNumber"]) as u64;
    assert!(rs.iter().all(|r| hex_u128(&r["blockNumber"]) as u64 == busy), "one block");
    let full = rpc.ok("eth_getBlockByNumber", json!([qty(busy), true])).await;
    let page = |p: u64| rpc.ok("ots_getBlockTransactions", json!([busy, p, 2]));
    let p0 = page(0).await;
    let p1 = page(1).await;
    let p2 = page(2).await;
    let ids = |p: &Value| -> Vec<Value> {
        p["fullblock"]["transactions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["hash"].clone())
            .collect()
    };
    assert_eq!(ids(&p0), vec![hashes[1].clone(), hashes[2].clone()]);
    assert_eq!(ids(&p1), vec![hashes[0].clone()]);
    assert_eq!(ids(&p2), Vec::<Value>::new());
    assert_eq!(p0["fullblock"]["transactionCount"], json!(3));
    assert_eq!(p0["fullblock"]["hash"], full["hash"]);
    // Each listed transaction is the full one with its input cut to the selector.
    let mut want_tx = full["transactions"][1].clone();
    want_tx["input"] = json!(format!("{}", &data.to_string()[..10]));
    assert_eq!(p0["fullblock"]["transactions"][0], want_tx);
    // Receipts: the full receipt with logs and bloom null and the block's timestamp.
    let mut want_r = rs[1].clone();
    want_r["logs"] = Value::Null;
    want_r["logsBloom"] = Value::Null;
    want_r["timestamp"] = full["timestamp"].clone();
    assert_eq!(p0["receipts"][0], want_r);
    assert_eq!(p0["receipts"].as_array().map(Vec::len), Some(2));
    assert_eq!(p1["receipts"][0]["transactionHash"], hashes[0]);
    assert!(rpc.ok("ots_getBlockTransactions", json!([busy + 100, 0, 2])).await.is_null());

    // Searches: every transaction of `me`, newest first, two (whole blocks) at a time.
    let mine = [
        deploy_hash.clone(),
        create_hash.clone(),
        fwd_hash.clone(),
        rev_hash.clone(),
        hashes[0].clone(),
        hashes[1].clone(),
        hashes[2].clone(),
    ];
    let newest_first: Vec<Value> = mine.iter().rev().cloned().collect();
    let txs = |s: &Value| -> Vec<Value> {
        s["txs"].as_array().unwrap().iter().map(|t| t["hash"].clone()).collect()
    };
    let s = rpc.ok("ots_searchTransactionsBefore", json!([me.address(), 0, 2])).await;
    assert_eq!(txs(&s), newest_first[..3].to_vec(), "the busy block, whole");
    assert_eq!((s["firstPage"].clone(), s["lastPage"].clone()), (json!(true), json!(false)));
    let r0 = &s["receipts"][0];
    assert_eq!(r0["transactionHash"], hashes[2]);
    assert_eq!((r0["logs"].clone(), r0["logsBloom"].clone()), (Value::Null, Value::Null));
    assert_eq!(s["txs"][0], full["transactions"][2]);
    let s = rpc.ok("ots_searchTransactionsBefore", json!([me.address(), busy, 2])).await;
    assert_eq!(txs(&s), newest_first[3..5].to_vec());
    assert_eq!((s["firstPage"].clone(), s["lastPage"].clone()), (json!(false), json!(false)));
    let s =
        rpc.ok("ots_searchTransactionsBefore", json!([me.address(), deploy_block + 1, 2])).await;
    assert_eq!(txs(&s), vec![deploy_hash.clone()]);
    assert_eq!(s["lastPage"], json!(true));
    // After: from genesis the oldest page (newest first inside it), then onwards.
    let s = rpc.ok("ots_searchTransactionsAfter", json!([me.address(), 0, 2])).await;
    assert_eq!(txs(&s), vec![create_hash.clone(), deploy_hash.clone()]);
    assert_eq!((s["firstPage"].clone(), s["lastPage"].clone()), (json!(false), json!(true)));
    let create_block = hex_u128(&rpc.receipt(create_hash.as_str().unwrap()).await["blockNumber"]);
    let s =
        rpc.ok("ots_searchTransactionsAfter", json!([me.address(), create_block as u64, 9])).await;
    assert_eq!(txs(&s), newest_first[..5].to_vec());
    assert_eq!((s["firstPage"].clone(), s["lastPage"].clone()), (json!(true), json!(false)));
    // The recipient side and the created side are found too.
    let s = rpc.ok("ots_searchTransactionsBefore", json!([fwd, 0, 25])).await;
    let to_fwd: Vec<Value> =
        vec![hashes[2].clone(), hashes[1].clone(), hashes[0].clone(), fwd_hash.clone()];
    assert_eq!(txs(&s), to_fwd);
    assert_eq!(s["lastPage"], json!(true));
    let s = rpc.ok("ots_searchTransactionsBefore", json!([factory, 0, 25])).await;
    assert_eq!(txs(&s), vec![create_hash.clone(), deploy_hash.clone()]);

    // By sender and nonce.
    for (nonce, h) in mine.iter().enumerate() {
        let got = rpc.ok("ots_getTransactionBySenderAndNonce", json!([me.address(), nonce])).await;
        assert_eq!(&got, h, "nonce {nonce}");
    }
    let none = rpc.ok("ots_getTransactionBySenderAndNonce", json!([me.address(), 7])).await;
    assert!(none.is_null());
    let none = rpc.ok("ots_getTransactionBySenderAndNonce", json!([addr(9), "0x0"])).await;
    assert!(none.is_null());

    // Bad input: -32602, unknown transactions: -32000.
    let head = rpc.block_number().await;
    for size in [json!(0), json!(101), json!("zz"), json!(-1)] {
        let c = err_code(&rpc, "ots_getBlockTransactions", json!([busy, 0, size])).await;
        assert_eq!(c, -32602, "{size}");
        let c = err_code(&rpc, "ots_searchTransactionsBefore", json!([fwd, 0, size])).await;
        assert_eq!(c, -32602, "{size}");
    }
    assert_eq!(err_code(&rpc, "ots_hasCode", json!(["0x12", "latest"])).await, -32602);
    assert_eq!(err_code(&rpc, "ots_getBlockDetails", json!([1, 2])).await, -32602);
    let missing = format!("0x{}", "ab".repeat(32));
    for m in ["ots_getInternalOperations", "ots_getTransactionError", "ots_traceTransaction"] {
        assert_eq!(err_code(&rpc, m, json!([missing])).await, -32000, "{m}");
    }
    assert_eq!(rpc.block_number().await, head, "nothing changed");
    node.stop().await;
}

/// Without `--dev`, the lookups are served and the replays and scans are refused.
#[tokio::test(flavor = "multi_thread")]
async fn ots_without_dev() {
    let mut cfg =
        taochain_node::NodeConfig::dev(std::net::SocketAddr::from(([127, 0, 0, 1], 0)), None);
    cfg.dev = false;
    let node = taochain_node::start(cfg).await.expect("node starts");
    let rpc = Rpc::new(&node.http_url());
    assert_eq!(rpc.ok("ots_getApiLevel", json!([])).await, json!(8));
    let d = rpc.ok("ots_getBlockDetails", json!([0])).await;
    assert_eq!(d["block"]["number"], json!("0x0"));
    assert_eq!(d["block"]["transactionCount"], json!(0));
    assert_eq!(d["totalFees"], json!("0x0"));
    let p = rpc.ok("ots_getBlockTransactions", json!([0, 0, 25])).await;
    assert_eq!(p["fullblock"]["transactions"], json!([]));
    assert_eq!(p["receipts"], json!([]));
    assert_eq!(rpc.ok("erigon_getHeaderByNumber", json!([0])).await["number"], json!("0x0"));
    assert_eq!(rpc.ok("ots_hasCode", json!([addr(1)])).await, json!(false));
    let none = rpc.ok("ots_getTransactionBySenderAndNonce", json!([addr(1), 0])).await;
    assert!(none.is_null());
    let hash = format!("0x{}", "ab".repeat(32));
    for (m, p) in [
        ("ots_getInternalOperations", json!([hash])),
        ("ots_getTransactionError", json!([hash])),
        ("ots_traceTransaction", json!([hash])),
        ("ots_getContractCreator", json!([addr(1)])),
        ("ots_searchTransactionsBefore", json!([addr(1), 0, 25])),
        ("ots_searchTransactionsAfter", json!([addr(1), 0, 25])),
    ] {
        assert_eq!(err_code(&rpc, m, p).await, -32601, "{m}");
    }
    node.stop().await;
}
