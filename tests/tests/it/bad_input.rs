//! Bad input gets a JSON-RPC error and changes nothing.

use alloy_primitives::{Address, Bytes, U256};
use serde_json::{Value, json};
use taochain_tests::*;

async fn snapshot(rpc: &Rpc, who: Address) -> (Value, U256, u128) {
    let head = rpc.ok("eth_getBlockByNumber", json!(["latest", false])).await["hash"].clone();
    (
        head,
        rpc.balance(who).await,
        rpc.qty("eth_getTransactionCount", json!([who, "pending"])).await,
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn every_bad_input_is_refused_without_side_effects() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    let k = dev_key(1);
    let to = Address::repeat_byte(9);
    // One good transaction first so that "nonce too low" is meaningful.
    let good = eip1559(&k, CHAIN_ID, 0, Some(to), U256::from(1u64), Bytes::new(), 21_000, FEE);
    let h = rpc.ok("eth_sendRawTransaction", json!([good])).await;
    rpc.receipt(h.as_str().unwrap()).await;
    let before = snapshot(&rpc, k.address()).await;

    let expect = |r: Result<Value, RpcError>, needle: &str| {
        let e = r.expect_err(needle);
        assert!(e.message.contains(needle), "expected '{needle}', got {e:?}");
        e
    };
    expect(rpc.call("eth_sendRawTransaction", json!(["0xzz"])).await, "");
    expect(rpc.call("eth_sendRawTransaction", json!(["0x02f8"])).await, "failed to decode");
    expect(rpc.call("eth_sendRawTransaction", json!(["0xc0ffee"])).await, "failed to decode");
    let wrong_chain = eip1559(&k, 1, 1, Some(to), U256::ZERO, Bytes::new(), 21_000, FEE);
    expect(rpc.call("eth_sendRawTransaction", json!([wrong_chain])).await, "invalid chain id");
    let unprotected = legacy(&k, None, 1, to, U256::ZERO, FEE);
    expect(rpc.call("eth_sendRawTransaction", json!([unprotected])).await, "replay-protected");
    // Flip a byte inside the signature's s value: recovery fails or yields another sender.
    let mut bad_sig =
        eip1559(&k, CHAIN_ID, 1, Some(to), U256::ZERO, Bytes::new(), 21_000, FEE).to_vec();
    let n = bad_sig.len();
    bad_sig[n - 5] ^= 0xff;
    let r = rpc.call("eth_sendRawTransaction", json!([Bytes::from(bad_sig)])).await;
    let e = r.expect_err("bad signature must be refused");
    assert!(
        e.message.contains("invalid sender") || e.message.contains("insufficient funds"),
        "bad signature: {e:?}"
    );
    let low = eip1559(&k, CHAIN_ID, 0, Some(to), U256::ZERO, Bytes::new(), 21_000, FEE * 3);
    expect(rpc.call("eth_sendRawTransaction", json!([low])).await, "nonce too low");
    let rich =
        eip1559(&k, CHAIN_ID, 1, Some(to), U256::MAX / U256::from(2u64), Bytes::new(), 21_000, FEE);
    expect(
        rpc.call("eth_sendRawTransaction", json!([rich])).await,
        "insufficient funds for gas * price + value",
    );
    let huge_gas = eip1559(&k, CHAIN_ID, 1, Some(to), U256::ZERO, Bytes::new(), 1_000_000_000, FEE);
    expect(rpc.call("eth_sendRawTransaction", json!([huge_gas])).await, "exceeds block gas limit");
    let low_gas = eip1559(&k, CHAIN_ID, 1, Some(to), U256::ZERO, Bytes::new(), 20_000, FEE);
    expect(rpc.call("eth_sendRawTransaction", json!([low_gas])).await, "intrinsic gas too low");
    let cheap = eip1559(&k, CHAIN_ID, 1, Some(to), U256::ZERO, Bytes::new(), 21_000, 1);
    expect(rpc.call("eth_sendRawTransaction", json!([cheap])).await, "less than block base fee");
    let e = rpc.call("eth_noSuchMethod", json!([])).await.unwrap_err();
    assert_eq!(e.code, -32601);
    let e = rpc.call("eth_getBalance", json!([k.address(), "notatag"])).await.unwrap_err();
    assert_eq!(e.code, -32602);
    let e = rpc.call("eth_getBalance", json!(["0x1234", "latest"])).await.unwrap_err();
    assert_eq!(e.code, -32602);
    // Malformed JSON.
    let (_, v) = rpc.raw("{\"jsonrpc\":".into()).await;
    assert_eq!(v["error"]["code"], json!(-32700));
    // An oversized request (6 MiB) is refused.
    let big = format!(
        r#"{{"jsonrpc":"2.0","id":1,"method":"eth_sendRawTransaction","params":["0x{}"]}}"#,
        "00".repeat(3 << 20)
    );
    let (status, v) = rpc.raw(big).await;
    // The server answers 413 or closes the connection before reading the whole body.
    assert!(status == 413 || status == 0 || v.get("error").is_some(), "oversized: {status} {v}");
    assert_ne!(status, 200, "oversized request must not be served: {v}");
    // Oversized transaction below the request limit.
    let fat =
        eip1559(&k, CHAIN_ID, 1, Some(to), U256::ZERO, vec![1u8; 200_000].into(), 29_000_000, FEE);
    expect(rpc.call("eth_sendRawTransaction", json!([fat])).await, "oversized");

    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(snapshot(&rpc, k.address()).await, before, "nothing changed");
    assert_eq!(
        rpc.ok("txpool_status", json!([])).await,
        json!({"pending": "0x0", "queued": "0x0"})
    );
    node.stop().await;
}
