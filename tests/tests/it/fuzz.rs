//! A seeded fuzz pass over an in-process dev node (issue 14): random and mutated raw
//! transactions (signed by funded dev keys, so that they reach the pool and the miner, then
//! bit-flipped, truncated, glued and padded), random parameters for the RPC methods, random
//! request bodies and random `eth_subscribe` parameters over WebSocket. After every request the
//! node must have answered with a result or an error that is not -32603 (internal error);
//! at the end the node still answers, nothing is left ready in the pool, the chain seals no
//! block while idle, and a fresh transaction is mined.
//!
//! `TAOCHAIN_FUZZ_CASES` sets the number of cases (default 400, a few seconds) and
//! `TAOCHAIN_FUZZ_SEED` the seed (default fixed; the seed in use is printed). A long run:
//! `TAOCHAIN_FUZZ_CASES=20000 cargo nextest run -p taochain-tests -E 'test(fuzz)'`
//! (see docs/operator.md for a recorded result).

use super::robustness::{assert_idle, next_is_mined, pending_nonce, ws_next};
use alloy::consensus::{
    SignableTransaction, TxEip1559, TxEip2930, TxEip7702, TxEnvelope, TxLegacy,
};
use alloy::eips::eip2718::Encodable2718;
use alloy::eips::eip7702::Authorization;
use alloy::signers::{SignerSync, local::PrivateKeySigner};
use alloy_primitives::{Address, Bytes, TxKind, U256};
use futures_util::SinkExt;
use serde_json::{Value, json};
use taochain_tests::*;

/// SplitMix64: a small, seedable generator (the cases only need to be reproducible).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
    fn pick<T: Clone>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())].clone()
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
    /// Random bytes, fewer than `max`.
    fn blob(&mut self, max: usize) -> Vec<u8> {
        let n = self.below(max);
        self.bytes(n)
    }
    fn u256(&mut self) -> U256 {
        U256::from_limbs([self.next(), self.next(), self.next(), self.next()]) >> self.below(256)
    }
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Dev accounts the fuzzer signs with (dev account 9 is kept for the final check).
const FUZZ_KEYS: usize = 9;

fn address_pool(rng: &mut Rng) -> Address {
    let low = |n: u16| {
        let mut a = [0u8; 20];
        a[18..].copy_from_slice(&n.to_be_bytes());
        Address::from(a)
    };
    match rng.below(6) {
        0 => low(rng.pick(&[0x800u16, 0x802, 0x803, 0x804, 0x805, 0x806, 0x808, 0xb00])),
        1 => low(rng.below(0x12) as u16),
        2 => dev_key(rng.below(FUZZ_KEYS)).address(),
        3 => Address::ZERO,
        _ => Address::from_slice(&rng.bytes(20)),
    }
}

fn input_pool(rng: &mut Rng) -> Bytes {
    match rng.below(6) {
        0 => Bytes::new(),
        1 => rng.blob(200).into(),
        2 => vec![0u8; rng.pick(&[49_151usize, 49_152, 49_153, 60_000])].into(),
        3 => {
            // A known selector with random arguments.
            let sel: [u8; 4] = rng.pick(&[
                [0xcd, 0x6f, 0x4e, 0xb1],
                [0x9e, 0x2e, 0x6a, 0x7e],
                [0x1f, 0xc9, 0xb1, 0x41],
                [0xa9, 0x05, 0x9c, 0xbb],
            ]);
            let mut d = sel.to_vec();
            let words = rng.below(4);
            d.extend(rng.bytes(32 * words));
            d.into()
        }
        4 => alloy_primitives::hex::decode(EMITTER_INITCODE).unwrap_or_default().into(),
        _ => rng.blob(5_000).into(),
    }
}

/// A transaction with random (often extreme) fields, signed by a funded dev key.
fn random_signed_tx(rng: &mut Rng, key: &PrivateKeySigner, nonce: u64) -> Bytes {
    let nonce = match rng.below(8) {
        0 => u64::MAX,
        1 => nonce + rng.below(4) as u64,
        2 => nonce.saturating_sub(1),
        3 => rng.next(),
        _ => nonce,
    };
    let gas = rng.pick(&[
        0u64,
        20_999,
        21_000,
        53_000,
        100_000,
        3_000_000,
        30_000_000,
        30_000_001,
        u64::MAX,
    ]);
    let any = rng.next() as u128;
    let fee = rng.pick(&[0u128, 1, 1_000_000_000, FEE, FEE * 1000, u128::MAX, any]);
    let tip = rng.pick(&[0u128, fee / 10, fee, fee.saturating_add(1)]);
    let value = match rng.below(6) {
        0 => U256::MAX,
        1 => U256::from(1),
        2 => U256::from(6_000u64) * U256::from(10u64).pow(U256::from(18)),
        3 => rng.u256(),
        _ => U256::ZERO,
    };
    let to = address_pool(rng);
    let kind = if rng.chance(4) { TxKind::Create } else { TxKind::Call(to) };
    let chain_id = if rng.chance(20) { rng.next() } else { CHAIN_ID };
    let input = input_pool(rng);
    let sign = |h| key.sign_hash_sync(&h).expect("sign");
    let env: TxEnvelope = match rng.below(4) {
        0 => {
            let t = TxLegacy {
                chain_id: (!rng.chance(10)).then_some(chain_id),
                nonce,
                gas_price: fee,
                gas_limit: gas,
                to: kind,
                value,
                input,
            };
            let s = sign(t.signature_hash());
            t.into_signed(s).into()
        }
        1 => {
            let t = TxEip2930 {
                chain_id,
                nonce,
                gas_price: fee,
                gas_limit: gas,
                to: kind,
                value,
                input,
                ..Default::default()
            };
            let s = sign(t.signature_hash());
            t.into_signed(s).into()
        }
        2 => {
            let t = TxEip1559 {
                chain_id,
                nonce,
                gas_limit: gas,
                max_fee_per_gas: fee,
                max_priority_fee_per_gas: tip,
                to: kind,
                value,
                input,
                ..Default::default()
            };
            let s = sign(t.signature_hash());
            t.into_signed(s).into()
        }
        _ => {
            let auths = (0..rng.below(3))
                .map(|_| {
                    let a = Authorization {
                        chain_id: U256::from(if rng.chance(3) { 0 } else { chain_id }),
                        address: address_pool(rng),
                        nonce: rng.pick(&[0u64, 1, nonce, u64::MAX]),
                    };
                    let s = sign(a.signature_hash());
                    a.into_signed(s)
                })
                .collect();
            let t = TxEip7702 {
                chain_id,
                nonce,
                gas_limit: gas,
                max_fee_per_gas: fee,
                max_priority_fee_per_gas: tip,
                to,
                value,
                input,
                authorization_list: auths,
                ..Default::default()
            };
            let s = sign(t.signature_hash());
            t.into_signed(s).into()
        }
    };
    env.encoded_2718().into()
}

/// Mutate encoded bytes: flip, truncate, pad, insert, glue, retype.
fn mutate(rng: &mut Rng, raw: &[u8], other: &[u8]) -> Bytes {
    let mut b = raw.to_vec();
    for _ in 0..=rng.below(3) {
        let i = rng.below(b.len().max(1));
        match rng.below(7) {
            0 if !b.is_empty() => b[i] ^= 1 << rng.below(8),
            1 => b.truncate(i),
            2 => {
                b.extend(rng.blob(40));
                b.push(rng.next() as u8);
            }
            3 => b.insert(i.min(b.len()), rng.next() as u8),
            4 => b.extend_from_slice(other),
            5 if !b.is_empty() => b[0] = rng.pick(&[0u8, 1, 2, 3, 4, 0x7f, 0xc0, 0xf8, 0xff]),
            _ => b = rng.blob(300),
        }
    }
    b.into()
}

/// A random JSON value from a pool of values that often break parsers and bounds.
fn random_value(rng: &mut Rng, depth: usize) -> Value {
    let addr = format!("{:#x}", address_pool(rng));
    let hex =
        |rng: &mut Rng, n: usize| format!("0x{}", alloy_primitives::hex::encode(rng.bytes(n)));
    match rng.below(if depth > 2 { 14 } else { 18 }) {
        0 => Value::Null,
        1 => json!(rng.chance(2)),
        2 => json!(rng.pick(&[0i64, 1, -1, i64::MAX, i64::MIN])),
        3 => json!(rng.pick(&[1.5f64, 1e300, -0.0, 100.0, 101.0])),
        4 => json!(rng.pick(&[
            "",
            "0x",
            "0x0",
            "0x1",
            "0xzz",
            "0x00",
            "latest",
            "pending",
            "earliest",
            "safe",
            "finalized",
            "newHeads",
            "logs"
        ])),
        5 => json!(rng.pick(&[
            "0xffffffffffffffff",
            "0x10000000000000000",
            "0x7fffffffffffffff",
            "0x400",
            "0x2711"
        ])),
        6 => json!(format!("0x{}", "f".repeat(64))),
        7 => json!(addr),
        8 => json!(hex(rng, 32)),
        9 => {
            let n = rng.below(80);
            json!(hex(rng, n))
        }
        10 => json!("x".repeat(rng.below(2_000))),
        11 => json!(format!("{:#x}", rng.next())),
        12 => {
            json!({"address": rng.pick(&[json!("zz"), json!(addr), json!([addr, "0x1"])]), "topics": [hex(rng, 32)]})
        }
        13 => {
            json!({"fromBlock": rng.pick(&["0x0", "latest", "0xffffffffffffffff"]), "toBlock": rng.pick(&["latest", "0x0", "pending"])})
        }
        14 => {
            let mut o = serde_json::Map::new();
            for k in [
                "from",
                "to",
                "value",
                "data",
                "input",
                "gas",
                "gasPrice",
                "maxFeePerGas",
                "nonce",
                "timestamp",
                "blockHash",
            ] {
                if rng.chance(2) {
                    o.insert(k.into(), random_value(rng, depth + 1));
                }
            }
            Value::Object(o)
        }
        15 => {
            json!({"from": format!("{:#x}", dev_key(rng.below(FUZZ_KEYS)).address()), "to": addr, "value": rng.pick(&["0x1", "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"]), "data": hex(rng, 36)})
        }
        16 => Value::Array((0..rng.below(120)).map(|_| json!(rng.below(110))).collect()),
        _ => Value::Array((0..rng.below(4)).map(|_| random_value(rng, depth + 1)).collect()),
    }
}

/// Methods whose parameters are fuzzed. Left out: the ones whose job is to seal blocks, change
/// the mining mode or rewind the chain (they would make "no block on an idle chain" moot).
const METHODS: &[&str] = &[
    "eth_chainId",
    "eth_syncing",
    "eth_mining",
    "eth_accounts",
    "eth_blockNumber",
    "eth_gasPrice",
    "eth_maxPriorityFeePerGas",
    "eth_blobBaseFee",
    "eth_getBlockByNumber",
    "eth_getBlockByHash",
    "eth_getBlockTransactionCountByNumber",
    "eth_getBlockTransactionCountByHash",
    "eth_getTransactionByBlockNumberAndIndex",
    "eth_getTransactionByBlockHashAndIndex",
    "eth_getBalance",
    "eth_getTransactionCount",
    "eth_getCode",
    "eth_getStorageAt",
    "eth_call",
    "eth_estimateGas",
    "eth_feeHistory",
    "eth_sendRawTransaction",
    "eth_sendTransaction",
    "eth_sendUnsignedTransaction",
    "eth_getTransactionByHash",
    "eth_getTransactionReceipt",
    "eth_getBlockReceipts",
    "eth_getLogs",
    "eth_newFilter",
    "eth_newBlockFilter",
    "eth_uninstallFilter",
    "eth_getFilterChanges",
    "eth_getFilterLogs",
    "eth_subscribe",
    "eth_unsubscribe",
    "net_version",
    "web3_sha3",
    "txpool_status",
    "txpool_content",
    "txpool_inspect",
    "anvil_dropTransaction",
    "evm_snapshot",
    "evm_increaseTime",
    "evm_setNextBlockTimestamp",
    "anvil_setBalance",
    "anvil_setNonce",
    "anvil_setCode",
    "anvil_setStorageAt",
    "anvil_nodeInfo",
    "anvil_getAutomine",
    "tao_subnets",
    "tao_metagraph",
    "tao_hotkeyStake",
    "tao_coldkeyStake",
    "tao_supply",
    "tao_contracts",
    "tao_wasmCodeHash",
    "tao_wasmStorage",
    "tao_wasmDryRun",
    "tao_devRunEpoch",
    "tao_devSetPoolReserves",
    "tao_devCreditStake",
    "tao_devSetHyperparameter",
    "tao_devRegisterNeuron",
    "ots_getApiLevel",
    "ots_hasCode",
    "ots_getInternalOperations",
    "ots_getTransactionError",
    "ots_traceTransaction",
    "ots_getBlockDetails",
    "ots_getBlockDetailsByHash",
    "ots_getBlockTransactions",
    "ots_searchTransactionsBefore",
    "ots_searchTransactionsAfter",
    "ots_getTransactionBySenderAndNonce",
    "ots_getContractCreator",
    "erigon_getHeaderByNumber",
    "anvil_loadState",
    "eth_noSuchMethod",
];

/// Send one body; fail on anything but a JSON-RPC answer without an internal error.
async fn check(rpc: &Rpc, body: String, what: &str) -> Value {
    let (status, v) = rpc.raw(body.clone()).await;
    assert_ne!(status, 0, "{what}: the node did not answer: {v}");
    assert!(status < 500, "{what}: HTTP {status}: {v}");
    let answers: Vec<&Value> = match &v {
        Value::Array(a) => a.iter().collect(),
        one => vec![one],
    };
    for a in answers {
        assert!(
            a.get("result").is_some() || a.get("error").is_some(),
            "{what}: not a JSON-RPC answer: {v}\nrequest: {body:.300}"
        );
        assert_ne!(
            a["error"]["code"],
            json!(-32603),
            "{what}: internal error {a}\nrequest: {body:.600}"
        );
    }
    v
}

fn call(method: &str, params: Value) -> String {
    json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn fuzz_raw_transactions_and_rpc_params() {
    let cases = env_u64("TAOCHAIN_FUZZ_CASES", 400) as usize;
    let seed = env_u64("TAOCHAIN_FUZZ_SEED", 0x7a0c_4a1b_0014);
    println!("fuzz: {cases} cases, TAOCHAIN_FUZZ_SEED={seed}");
    let mut rng = Rng(seed);
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    let (mut ws, _) = tokio_tungstenite::connect_async(node.ws_url()).await.expect("ws connect");
    let keys: Vec<PrivateKeySigner> = (0..FUZZ_KEYS).map(dev_key).collect();
    let start = rpc.block_number().await;
    let mut accepted = 0usize;
    let mut previous = Bytes::new();
    for case in 0..cases {
        let what = format!("case {case} (seed {seed})");
        match rng.below(10) {
            // A signed transaction with random fields, as is or mutated.
            0..=4 => {
                let key = &keys[rng.below(keys.len())];
                let nonce = pending_nonce(&rpc, key.address()).await;
                let raw = random_signed_tx(&mut rng, key, nonce);
                let raw = if rng.chance(2) { mutate(&mut rng, &raw, &previous) } else { raw };
                previous = raw.clone();
                let v = check(&rpc, call("eth_sendRawTransaction", json!([raw])), &what).await;
                accepted += usize::from(v.get("result").is_some());
            }
            // A method with random parameters (sometimes none, an object or a scalar).
            5..=7 => {
                let method = rng.pick(METHODS);
                let params = match rng.below(8) {
                    0 => Value::Null,
                    1 => random_value(&mut rng, 2),
                    _ => {
                        Value::Array((0..rng.below(5)).map(|_| random_value(&mut rng, 0)).collect())
                    }
                };
                let v = check(&rpc, call(method, params), &what).await;
                let sent = matches!(
                    method,
                    "eth_sendTransaction"
                        | "eth_sendUnsignedTransaction"
                        | "eth_sendRawTransaction"
                );
                accepted += usize::from(sent && v.get("result").is_some());
            }
            // A random body, or a batch of random calls.
            8 => {
                let body = if rng.chance(2) {
                    String::from_utf8_lossy(&rng.blob(200)).into_owned()
                } else {
                    let calls: Vec<Value> = (0..1 + rng.below(20))
                        .map(|i| json!({"jsonrpc": "2.0", "id": i, "method": rng.pick(METHODS), "params": random_value(&mut rng, 1)}))
                        .collect();
                    Value::Array(calls).to_string()
                };
                let v = check(&rpc, body, &what).await;
                if let Value::Array(a) = &v {
                    // A batch may carry sends too: count what was accepted.
                    accepted += a.iter().filter(|x| x["result"].is_string()).count();
                }
            }
            // eth_subscribe over WebSocket with random parameters.
            _ => {
                let params =
                    Value::Array((0..rng.below(4)).map(|_| random_value(&mut rng, 1)).collect());
                let req = json!({"jsonrpc": "2.0", "id": case, "method": "eth_subscribe", "params": params});
                ws.send(tokio_tungstenite::tungstenite::Message::text(req.to_string()))
                    .await
                    .expect("ws send");
                // Skip notifications of subscriptions opened earlier.
                let r = loop {
                    let m = ws_next(&mut ws).await;
                    if m.get("id").is_some() {
                        break m;
                    }
                };
                assert!(r.get("result").is_some() || r.get("error").is_some(), "{what}: {r}");
                assert_ne!(
                    r["error"]["code"],
                    json!(-32603),
                    "{what}: internal error {r} for {params}"
                );
            }
        }
    }
    // Let whatever was accepted be mined, then the node must be idle and still working.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let sealed = rpc.block_number().await - start;
    println!("fuzz: {accepted} requests accepted, {sealed} blocks sealed");
    assert!(sealed as usize <= 2 * accepted, "{sealed} blocks for {accepted} accepted requests");
    let status = rpc.ok("txpool_status", json!([])).await;
    assert_eq!(status["pending"], json!("0x0"), "ready transactions left unmined: {status}");
    assert_idle(&rpc, "after the fuzz pass").await;
    assert_eq!(rpc.ok("eth_mining", json!([])).await, json!(true), "the miner is still running");
    next_is_mined(&rpc, &dev_key(9), "after the fuzz pass").await;
    node.stop().await;
}
