//! `anvil_dumpState` / `anvil_loadState`: a dump of a chain with blocks, a dev edit and a
//! native state edit, loaded into a fresh node, is the same chain (head, balances, subnets,
//! receipts, state at an earlier block) and the loaded node mines on from its head; a dump
//! that cannot be loaded is -32602 and changes nothing.

use alloy::sol_types::SolCall;
use alloy_primitives::{Address, Bytes, U256, hex};
use serde_json::{Value, json};
use std::net::SocketAddr;
use taochain_tests::*;

use crate::e2e_subnet::SUBNET;
use crate::e2e_subnet::i::ISubnet;

fn addr(i: usize) -> Address {
    dev_key(i).address()
}

/// The dump's JSON, decoded from the hex string `anvil_dumpState` returns.
fn dump_json(dump: &Value) -> Value {
    let bytes = hex::decode(dump.as_str().expect("hex string")).expect("hex");
    serde_json::from_slice(&bytes).expect("JSON")
}

fn dump_hex(v: &Value) -> Value {
    json!(format!("0x{}", hex::encode(serde_json::to_vec(v).expect("JSON"))))
}

#[tokio::test(flavor = "multi_thread")]
async fn dump_and_load_state_round_trip() {
    let a = dev_node(None).await;
    let rpc = Rpc::new(&a.http_url());
    let me = Sender::dev(&rpc, 3);
    let to = Address::repeat_byte(0x77);
    let r = me.send_ok(Some(to), U256::from(12_345u64), Bytes::new(), 21_000).await;
    let hash = r["transactionHash"].clone();
    let paid_at = hex_u128(&r["blockNumber"]) as u64;
    rpc.mine(3).await;
    // A subnet (native state, through the precompile) and its pool set by a dev control.
    let owner = Sender::dev(&rpc, 1);
    let reg = ISubnet::registerNetwork_0Call { hotkey: owner.id() };
    owner.send_ok(Some(SUBNET), U256::ZERO, reg.abi_encode().into(), 1_000_000).await;
    rpc.ok("anvil_setBalance", json!([addr(7), "0x1234"])).await;
    rpc.ok("tao_devSetPoolReserves", json!([1, 2_000 * TAO, 1_000 * TAO])).await;
    let head = rpc.ok("eth_getBlockByNumber", json!(["latest", false])).await;
    let subnets = rpc.ok("tao_subnets", json!([])).await;
    let pool = subnets.as_array().and_then(|a| a.iter().find(|s| s["netuid"] == json!(1)));
    assert!(pool.is_some(), "{subnets}");
    let receipt = rpc.ok("eth_getTransactionReceipt", json!([hash])).await;
    let tx = rpc.ok("eth_getTransactionByHash", json!([hash])).await;
    let watched = [addr(3), addr(7), to, addr(0)];
    let mut balances = Vec::new();
    for w in watched {
        balances.push(rpc.balance(w).await);
    }
    let before_pay = rpc.balance_at(to, Some(paid_at - 1)).await;
    assert_eq!(before_pay, U256::ZERO);

    let dump = rpc.ok("anvil_dumpState", json!([])).await;
    let j = dump_json(&dump);
    assert_eq!(j["format"], json!("taochain-state-dump"));
    assert_eq!(j["version"], json!(1));
    assert_eq!(j["chainId"], json!(31337));
    assert_eq!(j["head"]["hash"], head["hash"]);
    assert_eq!(j["head"]["number"], json!(hex_u128(&head["number"]) as u64));
    let tables: Vec<&String> = j["tables"].as_object().unwrap().keys().collect();
    for t in ["headers", "bodies", "receipts", "accounts", "storage", "codes", "account_history"] {
        assert!(tables.iter().any(|n| *n == t), "{t} missing: {tables:?}");
    }
    let size = dump.as_str().unwrap().len();
    assert!(size < 5 * 1024 * 1024, "a dump of {size} bytes would not fit a request");
    a.stop().await;

    // A fresh node: refused dumps change nothing.
    let b = dev_node(None).await;
    let rpc = Rpc::new(&b.http_url());
    let fresh = rpc.ok("eth_getBlockByNumber", json!(["latest", false])).await;
    let refuse = |bad: Value, why: &'static str| {
        let rpc = rpc.clone();
        async move {
            let e = rpc.call("anvil_loadState", json!([bad])).await.expect_err(why);
            assert_eq!(e.code, -32602, "{why}: {e:?}");
            e.message
        }
    };
    refuse(json!("0x1234"), "not JSON").await;
    refuse(json!("zz"), "not hex").await;
    let mut other = j.clone();
    other["chainId"] = json!(1);
    assert!(refuse(dump_hex(&other), "other chain").await.contains("chain 1"));
    let mut other = j.clone();
    other["version"] = json!(2);
    assert!(refuse(dump_hex(&other), "version").await.contains("version 2"));
    let mut other = j.clone();
    other["head"]["hash"] = fresh["hash"].clone();
    refuse(dump_hex(&other), "head not in the tables").await;
    let mut other = j.clone();
    other["tables"]["nope"] = json!([]);
    assert!(refuse(dump_hex(&other), "unknown table").await.contains("nope"));
    let mut other = j.clone();
    other["tables"].as_object_mut().expect("tables").remove("codes");
    assert!(refuse(dump_hex(&other), "missing table").await.contains("codes"));
    let mut other = j.clone();
    other["tables"]["accounts"][0][0] = json!("0x12");
    refuse(dump_hex(&other), "short key").await;
    let mut other = j.clone();
    other["tables"]["headers"] = json!([]);
    refuse(dump_hex(&other), "no head header").await;
    assert_eq!(rpc.ok("eth_getBlockByNumber", json!(["latest", false])).await, fresh);
    assert_ne!(rpc.balance(addr(7)).await, U256::from(0x1234));
    assert_ne!(rpc.ok("tao_subnets", json!([])).await, subnets);
    assert!(rpc.ok("eth_getTransactionByHash", json!([hash])).await.is_null());

    // Loaded: the same chain.
    assert_eq!(rpc.ok("anvil_loadState", json!([dump])).await, json!(true));
    assert_eq!(rpc.ok("eth_getBlockByNumber", json!(["latest", false])).await, head);
    assert_eq!(rpc.ok("tao_subnets", json!([])).await, subnets);
    assert_eq!(rpc.ok("eth_getTransactionReceipt", json!([hash])).await, receipt);
    assert_eq!(rpc.ok("eth_getTransactionByHash", json!([hash])).await, tx);
    for (w, want) in watched.iter().zip(&balances) {
        assert_eq!(rpc.balance(*w).await, *want, "{w}");
    }
    assert_eq!(rpc.balance(addr(7)).await, U256::from(0x1234));
    assert_eq!(rpc.balance_at(to, Some(paid_at - 1)).await, before_pay, "history");
    assert_eq!(rpc.balance_at(to, Some(paid_at)).await, U256::from(12_345u64));
    // ... and it mines on from the loaded head.
    let n = hex_u128(&head["number"]) as u64;
    let me = Sender::dev(&rpc, 3);
    let r = me.send_ok(Some(to), U256::from(1u64), Bytes::new(), 21_000).await;
    assert_eq!(hex_u128(&r["blockNumber"]) as u64, n + 1);
    let next = rpc.ok("eth_getBlockByNumber", json!([format!("{:#x}", n + 1), false])).await;
    assert_eq!(next["parentHash"], head["hash"]);
    assert_eq!(rpc.balance(to).await, U256::from(12_346u64));
    // A dump of the loaded chain is the dump plus the new block.
    let again = dump_json(&rpc.ok("anvil_dumpState", json!([])).await);
    assert_eq!(again["head"]["number"], json!(n + 1));
    b.stop().await;

    // Without --dev: not available.
    let mut cfg = taochain_node::NodeConfig::dev(SocketAddr::from(([127, 0, 0, 1], 0)), None);
    cfg.dev = false;
    let c = taochain_node::start(cfg).await.expect("node starts");
    let rpc = Rpc::new(&c.http_url());
    assert_eq!(rpc.call("anvil_dumpState", json!([])).await.unwrap_err().code, -32601);
    assert_eq!(rpc.call("anvil_loadState", json!([dump])).await.unwrap_err().code, -32601);
    c.stop().await;
}
