//! JSON-RPC behaviour of a dev node, as wallets and libraries rely on it.

use alloy_primitives::{Address, Bytes, U256, hex};
use serde_json::json;
use taochain_tests::*;

fn addr(i: usize) -> Address {
    dev_key(i).address()
}

#[tokio::test(flavor = "multi_thread")]
async fn formats_and_basics() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    assert_eq!(rpc.ok("eth_chainId", json!([])).await, json!("0x7a69"));
    assert_eq!(rpc.ok("net_version", json!([])).await, json!("31337"));
    assert_eq!(rpc.ok("eth_blockNumber", json!([])).await, json!("0x0"));
    // Missing params member (viem, cast) and params: null are both accepted.
    let (_, v) = rpc.raw(r#"{"jsonrpc":"2.0","id":"a","method":"eth_chainId"}"#.into()).await;
    assert_eq!(v["id"], json!("a"));
    assert_eq!(v["result"], json!("0x7a69"));
    let (_, v) = rpc
        .raw(r#"{"jsonrpc":"2.0","id":7,"method":"eth_blockNumber","params":null}"#.into())
        .await;
    assert_eq!(v["result"], json!("0x0"));
    // Batches.
    let (_, v) = rpc
        .raw(r#"[{"jsonrpc":"2.0","id":1,"method":"eth_chainId"},{"jsonrpc":"2.0","id":2,"method":"eth_gasPrice","params":[]}]"#.into())
        .await;
    assert_eq!(v.as_array().map(|a| a.len()), Some(2));
    let b = rpc.ok("eth_getBlockByNumber", json!(["latest", false])).await;
    assert_eq!(b["number"], json!("0x0"));
    assert!(b["baseFeePerGas"].is_string(), "EIP-1559 detection needs baseFeePerGas");
    assert_eq!(b["logsBloom"].as_str().map(|s| s.len()), Some(2 + 512));
    let gas_price = rpc.qty("eth_gasPrice", json!([])).await;
    let base = hex_u128(&b["baseFeePerGas"]);
    assert!(gas_price >= base, "gasPrice {gas_price} must cover base fee {base}");
    // Unknown things are null, not errors.
    let zero = format!("0x{}", "00".repeat(32));
    assert!(rpc.ok("eth_getTransactionReceipt", json!([zero])).await.is_null());
    assert!(rpc.ok("eth_getTransactionByHash", json!([zero])).await.is_null());
    assert!(rpc.ok("eth_getBlockByNumber", json!(["0x99", false])).await.is_null());
    assert!(rpc.ok("eth_getBlockByHash", json!([zero, false])).await.is_null());
    // Accounts and code.
    assert_eq!(rpc.ok("eth_accounts", json!([])).await.as_array().map(|a| a.len()), Some(10));
    assert_eq!(rpc.ok("eth_getCode", json!([addr(0), "latest"])).await, json!("0x"));
    assert_eq!(
        rpc.balance(addr(3)).await,
        U256::from(10_000u64) * U256::from(10u64).pow(U256::from(18))
    );
    let fh = rpc.ok("eth_feeHistory", json!(["0xa", "latest", [20]])).await;
    assert_eq!(fh["oldestBlock"], json!("0x0"));
    assert_eq!(fh["baseFeePerGas"].as_array().map(|a| a.len()), Some(2));
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn transfer_moves_exact_amounts_and_receipt_is_complete() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    let (a, b) = (addr(0), addr(1));
    let before_a = rpc.balance(a).await;
    let before_b = rpc.balance(b).await;
    let value = U256::from(123_456_789u64);
    let raw = eip1559(&dev_key(0), CHAIN_ID, 0, Some(b), value, Bytes::new(), 21_000, FEE);
    let hash = rpc.ok("eth_sendRawTransaction", json!([raw])).await;
    let r = rpc.receipt(hash.as_str().unwrap()).await;
    assert_eq!(r["status"], json!("0x1"));
    assert_eq!(r["type"], json!("0x2"));
    assert_eq!(r["to"], json!(format!("{b:#x}")));
    assert!(r["contractAddress"].is_null());
    assert_eq!(r["transactionIndex"], json!("0x0"));
    let gas_used = hex_u128(&r["gasUsed"]);
    let price = hex_u128(&r["effectiveGasPrice"]);
    assert_eq!(gas_used, 21_000);
    assert_eq!(rpc.balance(b).await, before_b + value);
    assert_eq!(rpc.balance(a).await, before_a - value - U256::from(gas_used * price));
    assert_eq!(rpc.qty("eth_getTransactionCount", json!([a, "latest"])).await, 1);
    // The block and the transaction agree with the receipt.
    let blk = rpc.ok("eth_getBlockByHash", json!([r["blockHash"], true])).await;
    assert_eq!(blk["transactions"][0]["hash"], hash);
    assert_eq!(blk["miner"], json!(format!("{:#x}", node.chain.authorities().list()[0])));
    let tx = rpc.ok("eth_getTransactionByHash", json!([hash])).await;
    assert_eq!(tx["blockNumber"], r["blockNumber"]);
    assert_eq!(tx["from"], json!(format!("{a:#x}")));
    let rs = rpc.ok("eth_getBlockReceipts", json!([r["blockNumber"]])).await;
    assert_eq!(rs[0]["transactionHash"], hash);
    // Legacy EIP-155 transactions work too.
    let raw = legacy(&dev_key(0), Some(CHAIN_ID), 1, b, U256::from(1u64), FEE);
    let h2 = rpc.ok("eth_sendRawTransaction", json!([raw])).await;
    assert_eq!(rpc.receipt(h2.as_str().unwrap()).await["type"], json!("0x0"));
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn contract_calls_reverts_logs_filters_and_history() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    let key = dev_key(2);
    let init: Bytes = hex::decode(EMITTER_INITCODE).unwrap().into();
    let filter = rpc.ok("eth_newFilter", json!([{"topics": [emitter_topic()]}])).await;
    let block_filter = rpc.ok("eth_newBlockFilter", json!([])).await;
    let deploy = rpc
        .ok(
            "eth_sendRawTransaction",
            json!([eip1559(&key, CHAIN_ID, 0, None, U256::ZERO, init, 200_000, FEE)]),
        )
        .await;
    let r = rpc.receipt(deploy.as_str().unwrap()).await;
    assert_eq!(r["status"], json!("0x1"));
    let c: Address = r["contractAddress"].as_str().unwrap().parse().unwrap();
    assert_eq!(c, key.address().create(0));
    assert_eq!(
        rpc.ok("eth_getCode", json!([c, "latest"])).await.as_str().map(|s| s.len()),
        Some(2 + 97 * 2)
    );

    // eth_call returns the word; an empty call reverts with code 3 and Error("nope") data.
    let word = format!("0x{:064x}", 42);
    assert_eq!(rpc.ok("eth_call", json!([{"to": c, "data": word}, "latest"])).await, json!(word));
    let e = rpc.call("eth_call", json!([{"to": c}, "latest"])).await.unwrap_err();
    assert_eq!(e.code, 3);
    assert_eq!(e.message, "execution reverted: nope");
    assert!(e.data.unwrap().as_str().unwrap().starts_with("0x08c379a0"));
    let e =
        rpc.call("eth_estimateGas", json!([{"from": key.address(), "to": c}])).await.unwrap_err();
    assert_eq!(e.code, 3);
    // A stale nonce in the request is ignored (ethers sends one).
    let est = rpc
        .qty(
            "eth_estimateGas",
            json!([{"from": key.address(), "to": c, "data": word, "nonce": "0x0"}]),
        )
        .await;
    assert!(est > 21_000 && est < 100_000, "estimate {est}");

    let set_block = rpc.qty("eth_blockNumber", json!([])).await;
    let tx = rpc
        .ok(
            "eth_sendRawTransaction",
            json!([eip1559(
                &key,
                CHAIN_ID,
                1,
                Some(c),
                U256::ZERO,
                hex::decode(&word[2..]).unwrap().into(),
                est as u64,
                FEE
            )]),
        )
        .await;
    let r = rpc.receipt(tx.as_str().unwrap()).await;
    assert_eq!(r["logs"][0]["topics"][0], json!(format!("{:#x}", emitter_topic())));
    assert_eq!(r["logs"][0]["data"], json!(word));
    assert_eq!(r["logs"][0]["removed"], json!(false));
    let logs = rpc
        .ok("eth_getLogs", json!([{"address": c, "fromBlock": "0x0", "toBlock": "latest"}]))
        .await;
    assert_eq!(logs.as_array().unwrap().len(), 1);
    assert_eq!(logs[0]["transactionHash"], tx);
    let none = rpc.ok("eth_getLogs", json!([{"address": c, "topics": [format!("0x{}", "cd".repeat(32))], "fromBlock": "0x0"}])).await;
    assert_eq!(none.as_array().unwrap().len(), 0);
    assert_eq!(
        rpc.ok("eth_getLogs", json!([{"fromBlock": "0x5", "toBlock": "0x1"}])).await,
        json!([])
    );
    let changes = rpc.ok("eth_getFilterChanges", json!([filter])).await;
    assert_eq!(changes.as_array().unwrap().len(), 1, "{changes}");
    assert_eq!(rpc.ok("eth_getFilterChanges", json!([filter])).await, json!([]));
    assert_eq!(
        rpc.ok("eth_getFilterChanges", json!([block_filter])).await.as_array().unwrap().len(),
        2
    );
    assert_eq!(rpc.ok("eth_uninstallFilter", json!([filter])).await, json!(true));
    assert!(rpc.call("eth_getFilterChanges", json!([filter])).await.is_err());

    // State at explicit earlier blocks (MetaMask, forge script).
    let slot = rpc.ok("eth_getStorageAt", json!([c, "0x0", "latest"])).await;
    assert_eq!(slot, json!(word));
    let old = rpc.ok("eth_getStorageAt", json!([c, "0x0", format!("{set_block:#x}")])).await;
    assert_eq!(old, json!(format!("0x{}", "00".repeat(32))));
    assert_eq!(rpc.ok("eth_getCode", json!([c, "0x0"])).await, json!("0x"));
    assert_eq!(
        rpc.qty("eth_getTransactionCount", json!([key.address(), format!("{set_block:#x}")])).await,
        1
    );
    assert_eq!(rpc.qty("eth_getTransactionCount", json!([key.address(), "0x0"])).await, 0);
    let e = rpc.call("eth_getBalance", json!([key.address(), "0x999"])).await.unwrap_err();
    assert_eq!(e.message, "header not found");
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn out_of_order_nonces_queue_and_replacement_rules() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    rpc.ok("evm_setAutomine", json!([false])).await;
    let k = dev_key(4);
    let to = addr(5);
    // Nonces 2 and 1 first: queued, not mined.
    let t2 = eip1559(&k, CHAIN_ID, 2, Some(to), U256::from(2u64), Bytes::new(), 21_000, FEE);
    let t1 = eip1559(&k, CHAIN_ID, 1, Some(to), U256::from(1u64), Bytes::new(), 21_000, FEE);
    rpc.ok("eth_sendRawTransaction", json!([t2])).await;
    rpc.ok("eth_sendRawTransaction", json!([t1])).await;
    assert_eq!(
        rpc.ok("txpool_status", json!([])).await,
        json!({"pending": "0x0", "queued": "0x2"})
    );
    assert_eq!(rpc.qty("eth_getTransactionCount", json!([k.address(), "pending"])).await, 0);
    let t0 = eip1559(&k, CHAIN_ID, 0, Some(to), U256::ZERO, Bytes::new(), 21_000, FEE);
    rpc.ok("eth_sendRawTransaction", json!([t0.clone()])).await;
    assert_eq!(rpc.qty("eth_getTransactionCount", json!([k.address(), "pending"])).await, 3);
    let e = rpc.call("eth_sendRawTransaction", json!([t0])).await.unwrap_err();
    assert_eq!(e.message, "already known");
    let same_fee = eip1559(&k, CHAIN_ID, 0, Some(to), U256::from(9u64), Bytes::new(), 21_000, FEE);
    let e = rpc.call("eth_sendRawTransaction", json!([same_fee])).await.unwrap_err();
    assert_eq!(e.message, "replacement transaction underpriced");
    let bumped =
        eip1559(&k, CHAIN_ID, 0, Some(to), U256::from(7u64), Bytes::new(), 21_000, FEE * 2);
    rpc.ok("eth_sendRawTransaction", json!([bumped])).await;
    rpc.ok("evm_mine", json!([])).await;
    let blk = rpc.ok("eth_getBlockByNumber", json!(["latest", false])).await;
    assert_eq!(blk["transactions"].as_array().unwrap().len(), 3);
    assert_eq!(rpc.qty("eth_getTransactionCount", json!([k.address(), "latest"])).await, 3);
    assert_eq!(
        rpc.balance(to).await,
        U256::from(10_000u64) * U256::from(10u64).pow(U256::from(18)) + U256::from(10u64)
    );
    assert_eq!(
        rpc.ok("txpool_status", json!([])).await,
        json!({"pending": "0x0", "queued": "0x0"})
    );
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn dev_methods_snapshot_time_and_balances() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    let who = Address::repeat_byte(0x42);
    let snap = rpc.ok("evm_snapshot", json!([])).await;
    rpc.ok("anvil_setBalance", json!([who, "0xde0b6b3a7640000"])).await;
    assert_eq!(rpc.balance(who).await, U256::from(10u64).pow(U256::from(18)));
    rpc.ok("evm_mine", json!([])).await;
    rpc.ok("evm_mine", json!([])).await;
    assert_eq!(rpc.qty("eth_blockNumber", json!([])).await, 2);
    let t2 = hex_u128(&rpc.ok("eth_getBlockByNumber", json!(["latest", false])).await["timestamp"]);
    rpc.ok("evm_increaseTime", json!([3600])).await;
    rpc.ok("evm_mine", json!([])).await;
    let t3 = hex_u128(&rpc.ok("eth_getBlockByNumber", json!(["latest", false])).await["timestamp"]);
    assert!(t3 >= t2 + 3600, "{t3} vs {t2}");
    rpc.ok("evm_setNextBlockTimestamp", json!([t3 as u64 + 100_000])).await;
    rpc.ok("evm_mine", json!([])).await;
    let t4 = hex_u128(&rpc.ok("eth_getBlockByNumber", json!(["latest", false])).await["timestamp"]);
    assert_eq!(t4, t3 + 100_000);
    assert_eq!(rpc.ok("evm_revert", json!([snap])).await, json!(true));
    assert_eq!(rpc.qty("eth_blockNumber", json!([])).await, 0);
    assert_eq!(rpc.balance(who).await, U256::ZERO);
    assert_eq!(rpc.ok("evm_revert", json!([snap])).await, json!(false), "a snapshot is used once");
    rpc.ok("anvil_setCode", json!([who, "0x6000"])).await;
    assert_eq!(rpc.ok("eth_getCode", json!([who, "latest"])).await, json!("0x6000"));
    rpc.ok("anvil_setStorageAt", json!([who, "0x1", format!("0x{:064x}", 5)])).await;
    assert_eq!(
        rpc.ok("eth_getStorageAt", json!([who, "0x1", "latest"])).await,
        json!(format!("0x{:064x}", 5))
    );
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn websocket_new_heads_and_logs() {
    use futures_util::{SinkExt, StreamExt};
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    let (mut ws, _) = tokio_tungstenite::connect_async(node.ws_url()).await.expect("ws connect");
    ws.send(tokio_tungstenite::tungstenite::Message::text(
        json!({"jsonrpc":"2.0","id":1,"method":"eth_subscribe","params":["newHeads"]}).to_string(),
    ))
    .await
    .unwrap();
    let sub = next_json(&mut ws).await;
    assert!(sub["result"].is_string(), "{sub}");
    let raw = eip1559(
        &dev_key(6),
        CHAIN_ID,
        0,
        Some(addr(7)),
        U256::from(1u64),
        Bytes::new(),
        21_000,
        FEE,
    );
    rpc.ok("eth_sendRawTransaction", json!([raw])).await;
    let note = next_json(&mut ws).await;
    assert_eq!(note["method"], json!("eth_subscription"));
    assert_eq!(note["params"]["subscription"], sub["result"]);
    assert_eq!(note["params"]["result"]["number"], json!("0x1"));

    async fn next_json<S>(ws: &mut S) -> serde_json::Value
    where
        S: StreamExt<
                Item = Result<
                    tokio_tungstenite::tungstenite::Message,
                    tokio_tungstenite::tungstenite::Error,
                >,
            > + Unpin,
    {
        let m = tokio::time::timeout(std::time::Duration::from_secs(10), ws.next())
            .await
            .expect("ws timeout");
        let m = m.expect("ws closed").expect("ws error");
        serde_json::from_str(m.to_text().expect("text")).expect("json")
    }
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_precompile_address_has_code() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    for a in ["0x800", "0x802", "0x803", "0x804", "0x805", "0x806", "0x808"] {
        let addr = format!("0x{:0>40}", a.trim_start_matches("0x"));
        let code = rpc.ok("eth_getCode", json!([addr, "latest"])).await;
        assert_eq!(code, json!("0x60006000fd"), "{addr}");
    }
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn tao_views_and_supply_with_fees_paid_to_the_author() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    let subnets = rpc.ok("tao_subnets", json!([])).await;
    assert_eq!(subnets[0]["netuid"], json!(0), "root subnet exists at genesis: {subnets}");
    let genesis = rpc.ok("tao_supply", json!([])).await;
    let total = U256::from(100_000u64) * U256::from(10u64).pow(U256::from(18));
    assert_eq!(genesis["total_issuance_wei"], json!(total.to_string()));
    let raw = eip1559(
        &dev_key(5),
        CHAIN_ID,
        0,
        Some(addr(6)),
        U256::from(1u64),
        Bytes::new(),
        21_000,
        FEE,
    );
    let h = rpc.ok("eth_sendRawTransaction", json!([raw])).await;
    let r = rpc.receipt(h.as_str().unwrap()).await;
    let block = rpc.ok("eth_getBlockByHash", json!([r["blockHash"], false])).await;
    let n = hex_u128(&block["number"]) as u64;
    // The block's author is the dev sealer; it receives the whole fee, base fee and tip
    // (gas used × effective gas price), as on the real chain.
    let author = block["miner"].as_str().unwrap().to_string();
    assert_ne!(author, format!("{:?}", Address::ZERO));
    let bal = |b: u64| {
        let rpc = &rpc;
        let author = author.clone();
        async move {
            let v = rpc.ok("eth_getBalance", json!([author, format!("0x{b:x}")])).await;
            U256::from(hex_u128(&v))
        }
    };
    let paid = U256::from(hex_u128(&r["gasUsed"])) * U256::from(hex_u128(&r["effectiveGasPrice"]));
    assert!(paid > U256::ZERO);
    assert_eq!(bal(n).await - bal(n - 1).await, paid, "the author earns the fees");
    // No subnet but root exists, so nothing is minted, and fees move between accounts:
    // issuance is unchanged and nothing is recycled.
    let after = rpc.ok("tao_supply", json!([])).await;
    assert_eq!(after["total_issuance_wei"], json!(total.to_string()));
    assert_eq!(after["total_recycled_wei"], json!("0"));
    let mg = rpc.ok("tao_metagraph", json!([0])).await;
    assert_eq!(mg["netuid"], json!(0));
    let e = rpc.call("tao_metagraph", json!([77])).await.unwrap_err();
    assert!(e.message.contains("does not exist"), "{e:?}");
    node.stop().await;
}

/// `txpool_content` / `txpool_inspect` in geth's format, and the anvil drop methods.
#[tokio::test(flavor = "multi_thread")]
async fn txpool_content_inspect_and_drops() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    assert_eq!(rpc.ok("evm_setAutomine", json!([false])).await, json!(true));
    let k = dev_key(7);
    let from = format!("{:?}", k.address());
    let to = addr(8);
    let send = |nonce: u64| {
        let rpc = &rpc;
        let raw =
            eip1559(&k, CHAIN_ID, nonce, Some(to), U256::from(5u64), Bytes::new(), 21_000, FEE);
        async move { rpc.ok("eth_sendRawTransaction", json!([raw])).await }
    };
    let h0 = send(0).await;
    let h2 = send(2).await; // nonce 1 missing: queued
    let content = rpc.ok("txpool_content", json!([])).await;
    assert_eq!(content["pending"][&from]["0"]["hash"], h0, "{content}");
    assert_eq!(content["queued"][&from]["2"]["hash"], h2, "{content}");
    assert!(content["pending"][&from].get("2").is_none());
    let inspect = rpc.ok("txpool_inspect", json!([])).await;
    let line = format!("{:?}: 5 wei + 21000 gas × {FEE} wei", to);
    assert_eq!(inspect["pending"][&from]["0"], json!(line), "{inspect}");
    assert_eq!(rpc.ok("anvil_dropTransaction", json!([h2])).await, h2);
    assert_eq!(rpc.ok("anvil_dropTransaction", json!([h2])).await, json!(null), "already gone");
    assert_eq!(
        rpc.ok("txpool_status", json!([])).await,
        json!({"pending": "0x1", "queued": "0x0"})
    );
    rpc.ok("anvil_dropAllTransactions", json!([])).await;
    assert_eq!(
        rpc.ok("txpool_status", json!([])).await,
        json!({"pending": "0x0", "queued": "0x0"})
    );
    let empty = rpc.ok("txpool_content", json!([])).await;
    assert_eq!(empty, json!({"pending": {}, "queued": {}}));
    node.stop().await;
}

/// The block-parameter dev methods viem's test client calls: gas limit, next base fee,
/// timestamp interval; `anvil_setMinGasPrice` is refused as anvil refuses it under EIP-1559.
#[tokio::test(flavor = "multi_thread")]
async fn block_parameter_dev_methods() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    let head = |tag: &'static str| {
        let rpc = &rpc;
        async move { rpc.ok("eth_getBlockByNumber", json!([tag, false])).await }
    };
    assert_eq!(rpc.ok("anvil_setBlockGasLimit", json!(["0x2faf080"])).await, json!(true));
    assert_eq!(rpc.ok("evm_setBlockGasLimit", json!([50_000_000])).await, json!(true));
    rpc.ok("evm_mine", json!([])).await;
    assert_eq!(head("latest").await["gasLimit"], json!("0x2faf080"));
    for bad in [json!([20_999]), json!(["0x3b9aca01"])] {
        let e = rpc.call("anvil_setBlockGasLimit", bad).await.unwrap_err();
        assert_eq!(e.code, -32602, "{e:?}");
    }

    // The next block takes the fee set; the EIP-1559 rule resumes after it (an empty block
    // lowers the base fee by 1/8).
    rpc.ok("anvil_setNextBlockBaseFeePerGas", json!(["0x1a13b8600"])).await;
    rpc.ok("evm_mine", json!([])).await;
    assert_eq!(hex_u128(&head("latest").await["baseFeePerGas"]), 7_000_000_000);
    rpc.ok("hardhat_setNextBlockBaseFeePerGas", json!([8_000_000_000u64])).await;
    rpc.ok("evm_mine", json!([])).await;
    assert_eq!(hex_u128(&head("latest").await["baseFeePerGas"]), 8_000_000_000);
    rpc.ok("evm_mine", json!([])).await;
    assert_eq!(hex_u128(&head("latest").await["baseFeePerGas"]), 7_000_000_000);

    // Fixed timestamp steps, then back to the wall clock.
    rpc.ok("evm_setBlockTimestampInterval", json!([100])).await;
    let t0 = hex_u128(&head("latest").await["timestamp"]);
    rpc.ok("evm_mine", json!([])).await;
    rpc.ok("anvil_mine", json!([2])).await;
    assert_eq!(hex_u128(&head("latest").await["timestamp"]), t0 + 300);
    assert_eq!(rpc.ok("anvil_removeBlockTimestampInterval", json!([])).await, json!(true));
    assert_eq!(rpc.ok("evm_removeBlockTimestampInterval", json!([])).await, json!(false));
    let e = rpc.call("evm_setBlockTimestampInterval", json!([u64::MAX])).await.unwrap_err();
    assert_eq!(e.code, -32602, "{e:?}");

    let e = rpc.call("anvil_setMinGasPrice", json!([1])).await.unwrap_err();
    assert_eq!(e.code, -32602);
    assert!(e.message.contains("EIP-1559"), "{}", e.message);
}

/// Impersonation: `eth_sendTransaction` from an address whose key the node does not hold,
/// once named (or with auto-impersonation on); the transaction is mined with that sender,
/// and two senders' otherwise equal transactions have different hashes.
#[tokio::test(flavor = "multi_thread")]
async fn impersonated_accounts_send_transactions() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    let (x, z, to) = (Address::repeat_byte(0xa1), Address::repeat_byte(0xa2), addr(9));
    for a in [x, z] {
        rpc.ok("anvil_setBalance", json!([a, "0xde0b6b3a7640000"])).await;
    }
    let send = |from: Address| {
        let rpc = &rpc;
        let tx = json!([{ "from": from, "to": to, "value": "0x5", "gas": "0x5208" }]);
        async move { rpc.call("eth_sendTransaction", tx).await }
    };
    let e = send(x).await.unwrap_err();
    assert!(e.message.contains("no key for account"), "{}", e.message);

    rpc.ok("anvil_impersonateAccount", json!([x])).await;
    let before = rpc.balance(to).await;
    let hx = send(x).await.expect("impersonated send");
    let r = rpc.receipt(hx.as_str().unwrap()).await;
    assert_eq!(r["status"], json!("0x1"));
    assert_eq!(r["from"], json!(format!("{x:?}")));
    let t = rpc.ok("eth_getTransactionByHash", json!([hx])).await;
    assert_eq!(t["from"], json!(format!("{x:?}")));
    assert_eq!(rpc.balance(to).await, before + U256::from(5));

    rpc.ok("hardhat_impersonateAccount", json!([z])).await;
    let hz = send(z).await.expect("second impersonated sender");
    assert_ne!(hx, hz, "same fields, nonce 0, different senders");
    assert_eq!(rpc.receipt(hz.as_str().unwrap()).await["from"], json!(format!("{z:?}")));

    rpc.ok("anvil_stopImpersonatingAccount", json!([x])).await;
    assert!(send(x).await.is_err());
    rpc.ok("anvil_autoImpersonateAccount", json!([true])).await;
    let h = send(x).await.expect("auto-impersonated");
    assert_eq!(rpc.receipt(h.as_str().unwrap()).await["status"], json!("0x1"));
    rpc.ok("anvil_autoImpersonateAccount", json!([false])).await;
    assert!(send(x).await.is_err());
    assert_eq!(rpc.ok("eth_accounts", json!([])).await.as_array().map(Vec::len), Some(10));
}

/// `anvil_reset` returns a dev chain to its genesis: blocks, balances, native state, pool,
/// snapshots and impersonation; the chain then grows again from block 1.
#[tokio::test(flavor = "multi_thread")]
async fn reset_returns_to_genesis() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    let (a, b) = (addr(1), Address::repeat_byte(0xb0));
    let genesis = rpc.ok("eth_getBlockByNumber", json!(["0x0", false])).await;
    let (bal_a, subnets) = (rpc.balance(a).await, rpc.ok("tao_subnets", json!([])).await);
    let tx = json!([{ "from": a, "to": b, "value": "0x1000", "gas": "0x5208" }]);
    rpc.ok("eth_sendTransaction", tx.clone()).await;
    rpc.ok("anvil_setBalance", json!([b, "0x99"])).await;
    rpc.ok("anvil_mine", json!([3])).await;
    rpc.ok("evm_snapshot", json!([])).await;
    rpc.ok("anvil_impersonateAccount", json!([b])).await;
    rpc.ok("evm_setAutomine", json!([false])).await;
    rpc.ok("eth_sendTransaction", tx).await;
    assert_ne!(rpc.balance(a).await, bal_a);

    let e = rpc.call("anvil_reset", json!([{ "forking": { "jsonRpcUrl": "http://x" } }])).await;
    assert_eq!(e.unwrap_err().code, -32602);
    assert_eq!(rpc.block_number().await, 4);

    rpc.ok("anvil_reset", json!([])).await;
    assert_eq!(rpc.block_number().await, 0);
    assert_eq!(rpc.ok("eth_getBlockByNumber", json!(["latest", false])).await, genesis);
    assert_eq!(rpc.balance(a).await, bal_a);
    assert_eq!(rpc.balance(b).await, U256::ZERO);
    assert_eq!(rpc.ok("tao_subnets", json!([])).await, subnets);
    assert_eq!(rpc.ok("txpool_status", json!([])).await["pending"], json!("0x0"));
    assert_eq!(rpc.ok("evm_revert", json!(["0x1"])).await, json!(false), "snapshots are gone");
    let from_b = json!([{ "from": b, "to": a, "value": "0x0", "gas": "0x5208" }]);
    assert!(rpc.call("eth_sendTransaction", from_b).await.is_err(), "impersonation is gone");
    rpc.ok("hardhat_reset", json!([])).await;
    rpc.ok("evm_mine", json!([])).await;
    assert_eq!(rpc.block_number().await, 1);
}

/// `eth_createAccessList` (revm-inspectors' access-list inspector): the callee's slots and
/// the other accounts a call touches, the gas with that list, and `error` for a revert.
#[tokio::test(flavor = "multi_thread")]
async fn create_access_list_reports_touched_accounts_and_slots() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    let (c, other, bad) =
        (Address::repeat_byte(0xc0), Address::repeat_byte(0xbe), Address::repeat_byte(0xdd));
    // SLOAD(1) + SLOAD(2) + BALANCE(other), returned as one word.
    let code =
        format!("0x6001546002540173{}31016000526020 6000f3", hex::encode(other)).replace(' ', "");
    rpc.ok("anvil_setCode", json!([c, code])).await;
    rpc.ok("anvil_setCode", json!([bad, "0x60006000fd"])).await;
    let from = addr(1);
    let r = rpc.ok("eth_createAccessList", json!([{ "from": from, "to": c }, "latest"])).await;
    assert!(r.get("error").is_none(), "{r}");
    // execution-apis' schema: exactly accessList, gasUsed and (on failure) error.
    let keys: Vec<&String> = r.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["accessList", "gasUsed"], "{r}");
    let mut list: Vec<(String, Vec<String>)> = r["accessList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let keys = i["storageKeys"].as_array().unwrap();
            (
                i["address"].as_str().unwrap().to_lowercase(),
                keys.iter().map(|k| k.to_string()).collect(),
            )
        })
        .collect();
    list.sort();
    let slot = |n: u8| format!("\"0x{}{:02x}\"", "00".repeat(31), n);
    let want = vec![
        (format!("{other:?}").to_lowercase(), vec![]),
        (format!("{c:?}").to_lowercase(), vec![slot(1), slot(2)]),
    ];
    assert_eq!(list, want, "{r}");
    // The gas is the call's with that list: more than a bare transfer, and enough for it.
    let gas = hex_u128(&r["gasUsed"]);
    assert!(gas > 21_000, "{r}");
    let call = json!([{ "from": from, "to": c, "gas": format!("{gas:#x}"), "accessList": r["accessList"] }, "latest"]);
    assert!(rpc.call("eth_call", call).await.is_ok());
    // A reverting call still answers, with geth's error field.
    let r = rpc.ok("eth_createAccessList", json!([{ "from": from, "to": bad }])).await;
    assert_eq!(r["error"], json!("execution reverted"), "{r}");
}

/// State and block overrides on `eth_call` and `eth_estimateGas` (geth's format): code,
/// storage and block number seen by this call only; nothing is written.
#[tokio::test(flavor = "multi_thread")]
async fn call_and_estimate_take_state_and_block_overrides() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    let c = Address::repeat_byte(0xc1);
    let word = |v: u64| format!("0x{:064x}", v);
    // SLOAD(0), returned as one word; NUMBER, returned as one word.
    let sload = "0x60005460005260206000f3";
    let number = "0x4360005260206000f3";
    let tx = json!({ "to": c, "data": "0x" });
    let slot0 = format!("0x{}", "00".repeat(32));
    let state =
        json!({ c.to_string(): { "code": sload, "stateDiff": { slot0.clone(): word(42) } } });
    let out = rpc.ok("eth_call", json!([tx, "latest", state])).await;
    assert_eq!(out, json!(word(42)));
    let full = json!({ c.to_string(): { "code": sload, "state": { slot0.clone(): word(7) } } });
    assert_eq!(rpc.ok("eth_call", json!([tx, "latest", full])).await, json!(word(7)));
    // Nothing was written: the account still has no code.
    assert_eq!(rpc.ok("eth_getCode", json!([c, "latest"])).await, json!("0x"));
    assert_eq!(rpc.ok("eth_call", json!([tx, "latest"])).await, json!("0x"));

    let code = json!({ c.to_string(): { "code": number } });
    let blocks = json!({ "number": "0x1234" });
    let out = rpc.ok("eth_call", json!([tx, "latest", code, blocks])).await;
    assert_eq!(out, json!(word(0x1234)));

    let plain = hex_u128(&rpc.ok("eth_estimateGas", json!([tx, "latest"])).await);
    let with_code = hex_u128(&rpc.ok("eth_estimateGas", json!([tx, "latest", code])).await);
    assert_eq!(plain, 21_000);
    assert!(with_code > plain, "{with_code}");

    let both = json!({ c.to_string(): { "state": {}, "stateDiff": {} } });
    let e = rpc.call("eth_call", json!([tx, "latest", both])).await.unwrap_err();
    assert!(e.message.contains("both 'state' and 'stateDiff'"), "{e:?}");
}

/// `debug_traceCall` (revm-inspectors): `callTracer` shows a Bittensor precompile as a call
/// frame with its input and output; the default struct logger lists the opcodes; tracers not
/// served are refused.
#[tokio::test(flavor = "multi_thread")]
async fn debug_trace_call_shows_precompile_frames() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    let (c, who) = (Address::repeat_byte(0xc2), addr(3));
    // addressMapping(who) on 0x80c with STATICCALL; returns the 32-byte answer.
    let selector = &alloy_primitives::keccak256("addressMapping(address)")[..4];
    let mut sel_word = [0u8; 32];
    sel_word[..4].copy_from_slice(selector);
    let code = format!(
        "0x7f{}6000527f{:0>64}600452602060006024600061080c5afa5060206000f3",
        hex::encode(sel_word),
        hex::encode(who)
    );
    rpc.ok("anvil_setCode", json!([c, code])).await;
    let twin = format!("{:?}", evm_id(who));
    let tx = json!({ "from": addr(1), "to": c });
    assert_eq!(rpc.ok("eth_call", json!([tx, "latest"])).await, json!(twin));

    let opts = json!({ "tracer": "callTracer", "tracerConfig": { "withLog": true } });
    let t = rpc.ok("debug_traceCall", json!([tx, "latest", opts])).await;
    assert_eq!(t["type"], json!("CALL"), "{t}");
    assert_eq!(t["output"], json!(twin), "{t}");
    let inner = &t["calls"][0];
    assert_eq!(inner["type"], json!("STATICCALL"), "{t}");
    assert_eq!(inner["to"], json!("0x000000000000000000000000000000000000080c"), "{t}");
    assert_eq!(inner["output"], json!(twin), "{t}");
    let input = inner["input"].as_str().unwrap();
    assert!(input.starts_with(&format!("0x{}", hex::encode(selector))), "{input}");
    // The precompile call decoded with its interface's ABI.
    let want = json!({
        "interface": "IAddressMapping",
        "function": "addressMapping(address)",
        "inputs": { "target_address": who },
        "outputs": [twin],
    });
    assert_eq!(inner["decoded"], want, "{t}");
    assert!(t.get("decoded").is_none(), "the top frame is a contract: {t}");

    let top = json!({ "tracer": "callTracer", "tracerConfig": { "onlyTopCall": true } });
    let t = rpc.ok("debug_traceCall", json!([tx, "latest", top])).await;
    assert!(t.get("calls").is_none_or(|c| c.as_array().is_some_and(Vec::is_empty)), "{t}");

    let t = rpc.ok("debug_traceCall", json!([tx, "latest"])).await;
    let logs = t["structLogs"].as_array().expect("structLogs");
    assert_eq!(logs[0]["op"], json!("PUSH32"), "{t}");
    assert!(logs.iter().any(|l| l["op"] == json!("STATICCALL")), "{t}");
    assert_eq!(t["failed"], json!(false));

    let e = rpc.call("debug_traceCall", json!([tx, "latest", { "tracer": "4byteTracer" }])).await;
    assert_eq!(e.unwrap_err().code, -32602);
}

/// `debug_traceTransaction` replays the block up to the transaction: two increments of one
/// counter in the same block trace as 1 then 2; a call to a Bittensor precompile is a frame.
#[tokio::test(flavor = "multi_thread")]
async fn debug_trace_transaction_replays_the_block() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    let counter = Address::repeat_byte(0xc3);
    // slot0 += 1; return slot0.
    rpc.ok("anvil_setCode", json!([counter, "0x6000546001018060005560005260206000f3"])).await;
    rpc.ok("evm_setAutomine", json!([false])).await;
    let tx = json!({ "from": addr(1), "to": counter, "gas": "0x186a0" });
    let h1 = rpc.ok("eth_sendTransaction", json!([tx])).await;
    let h2 = rpc.ok("eth_sendTransaction", json!([tx])).await;
    rpc.ok("evm_mine", json!([])).await;
    let r1 = rpc.receipt(h1.as_str().unwrap()).await;
    let r2 = rpc.receipt(h2.as_str().unwrap()).await;
    assert_eq!(r1["blockNumber"], r2["blockNumber"], "one block");
    let call = json!({ "tracer": "callTracer" });
    let word = |v: u64| json!(format!("0x{v:064x}"));
    let t1 = rpc.ok("debug_traceTransaction", json!([h1, call])).await;
    let t2 = rpc.ok("debug_traceTransaction", json!([h2, call])).await;
    assert_eq!((t1["output"].clone(), t2["output"].clone()), (word(1), word(2)), "{t1} {t2}");
    assert_eq!(hex_u128(&t2["gasUsed"]), hex_u128(&r2["gasUsed"]), "{t2}");
    // The whole block, by number and by hash: both transactions in order, same traces.
    let by_number = rpc.ok("debug_traceBlockByNumber", json!([r1["blockNumber"], call])).await;
    let by_hash = rpc.ok("debug_traceBlockByHash", json!([r1["blockHash"], call])).await;
    assert_eq!(by_number, by_hash);
    assert_eq!(by_number[0]["txHash"], h1, "{by_number}");
    assert_eq!(by_number[1]["txHash"], h2, "{by_number}");
    assert_eq!(by_number[0]["result"], t1);
    assert_eq!(by_number[1]["result"], t2);
    assert_eq!(rpc.ok("debug_traceBlockByNumber", json!(["0x0"])).await, json!([]));
    let logs = rpc.ok("debug_traceTransaction", json!([h2])).await;
    assert!(
        logs["structLogs"].as_array().is_some_and(|l| l.iter().any(|s| s["op"] == json!("SSTORE")))
    );

    // A transfer to a 32-byte account through 0x800: the top frame is the precompile call.
    let twin = evm_id(addr(4));
    let data = format!(
        "0x{}{}",
        hex::encode(&alloy_primitives::keccak256("transfer(bytes32)")[..4]),
        hex::encode(twin)
    );
    let pay = json!({ "from": addr(1), "to": "0x0000000000000000000000000000000000000800", "value": "0x3b9aca00", "data": data, "gas": "0x30d40" });
    let h = rpc.ok("eth_sendTransaction", json!([pay])).await;
    rpc.ok("evm_mine", json!([])).await;
    assert_eq!(rpc.receipt(h.as_str().unwrap()).await["status"], json!("0x1"));
    let t = rpc.ok("debug_traceTransaction", json!([h, call])).await;
    assert_eq!(t["to"], json!("0x0000000000000000000000000000000000000800"), "{t}");
    assert_eq!(t["value"], json!("0x3b9aca00"), "{t}");
    assert_eq!(t["decoded"]["function"], json!("transfer(bytes32)"), "{t}");
    assert_eq!(t["decoded"]["interface"], json!("IBalanceTransfer"), "{t}");
    assert!(t.get("error").is_none(), "{t}");

    // prestateTracer: the second increment saw slot 0 = 1, left by the first in its block.
    let pre = json!({ "tracer": "prestateTracer" });
    let p2 = rpc.ok("debug_traceTransaction", json!([h2, pre])).await;
    let key = format!("{counter:?}").to_lowercase();
    let slot0 = format!("0x{}", "00".repeat(32));
    assert_eq!(p2[&key]["storage"][&slot0], word(1), "{p2}");
    // diffMode on a transfer to a 32-byte id that is nobody's twin: the TAO kept for it is
    // native state, storage of the native account 0x…0b00, and shows in the diff.
    let nobody = alloy_primitives::B256::repeat_byte(0x5a);
    let data = format!(
        "0x{}{}",
        hex::encode(&alloy_primitives::keccak256("transfer(bytes32)")[..4]),
        hex::encode(nobody)
    );
    let pay = json!({ "from": addr(1), "to": "0x0000000000000000000000000000000000000800", "value": "0x3b9aca00", "data": data, "gas": "0x30d40" });
    let h = rpc.ok("eth_sendTransaction", json!([pay])).await;
    rpc.ok("evm_mine", json!([])).await;
    assert_eq!(rpc.receipt(h.as_str().unwrap()).await["status"], json!("0x1"));
    let diff = json!({ "tracer": "prestateTracer", "tracerConfig": { "diffMode": true } });
    let d = rpc.ok("debug_traceTransaction", json!([h, diff])).await;
    let native = "0x0000000000000000000000000000000000000b00";
    let changed = d["post"][native]["storage"].as_object().map(|m| m.len()).unwrap_or(0);
    assert!(changed > 0, "{d}");
    let call_pre =
        rpc.ok("debug_traceCall", json!([{ "from": addr(1), "to": counter }, "latest", pre])).await;
    assert_eq!(call_pre[&key]["storage"][&slot0], word(2), "{call_pre}");

    let missing = format!("0x{}", "ab".repeat(32));
    let e = rpc.call("debug_traceTransaction", json!([missing])).await.unwrap_err();
    assert_eq!(e.code, -32000);
    assert!(e.message.contains("not found"), "{}", e.message);
}

/// `eth_simulateV1`: a two-call bundle sees its first call's write, state carries into the next
/// simulated block, logs and reverts are reported per call, and nothing reaches the chain.
#[tokio::test(flavor = "multi_thread")]
async fn simulate_v1_runs_bundles_on_shared_state() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    let (counter, logger, bad) =
        (Address::repeat_byte(0xd1), Address::repeat_byte(0xd2), Address::repeat_byte(0xd3));
    let word = |v: u64| json!(format!("0x{v:064x}"));
    let from = addr(1);
    let call = |to: Address| json!({ "from": from, "to": to });
    let payload = json!({
        "blockStateCalls": [
            {
                "stateOverrides": {
                    counter.to_string(): { "code": "0x6000546001018060005560005260206000f3" },
                    logger.to_string(): { "code": "0x600060006000a000" },
                    bad.to_string(): { "code": "0x60006000fd" }
                },
                "calls": [call(counter), call(counter), call(logger), call(bad)]
            },
            { "blockOverrides": { "time": "0xffffffff" }, "calls": [call(counter)] }
        ]
    });
    let head = rpc.block_number().await;
    let out = rpc.ok("eth_simulateV1", json!([payload, "latest"])).await;
    let blocks = out.as_array().expect("blocks");
    assert_eq!(blocks.len(), 2, "{out}");
    assert_eq!(hex_u128(&blocks[0]["number"]) as u64, head + 1);
    assert_eq!(hex_u128(&blocks[1]["number"]) as u64, head + 2);
    assert_eq!(blocks[1]["timestamp"], json!("0xffffffff"));
    assert_eq!(blocks[1]["parentHash"], blocks[0]["hash"]);
    let calls = blocks[0]["calls"].as_array().unwrap();
    assert_eq!(
        (calls[0]["returnData"].clone(), calls[1]["returnData"].clone()),
        (word(1), word(2))
    );
    assert_eq!(calls[2]["logs"].as_array().map(Vec::len), Some(1), "{out}");
    assert_eq!(calls[2]["logs"][0]["address"], json!(format!("{logger:?}")));
    assert_eq!(calls[3]["status"], json!("0x0"));
    assert_eq!(calls[3]["error"]["code"], json!(3));
    assert_eq!(blocks[1]["calls"][0]["returnData"], word(3), "state carries across blocks");
    let total: u128 = calls.iter().map(|c| hex_u128(&c["gasUsed"])).sum();
    assert_eq!(hex_u128(&blocks[0]["gasUsed"]), total);

    assert_eq!(rpc.block_number().await, head, "nothing mined");
    assert_eq!(rpc.ok("eth_getCode", json!([counter, "latest"])).await, json!("0x"));
    let e =
        rpc.call("eth_simulateV1", json!([{ "blockStateCalls": [], "validation": true }])).await;
    assert_eq!(e.unwrap_err().code, -32602);
    let back = json!({ "blockStateCalls": [
        { "calls": [] }, { "blockOverrides": { "number": "0x0" }, "calls": [] }
    ] });
    assert!(rpc.call("eth_simulateV1", json!([back])).await.is_err());
}
