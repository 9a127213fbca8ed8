//! The Bittensor dev controls (`tao_dev*`) on a `--dev` node: each edit shows through the
//! precompiles and the `tao_` views, epochs run in mined blocks, and a refused edit (bad
//! argument, missing subnet, root) is a clear error that changes nothing. Without `--dev`
//! every one of them is -32601.

use alloy::sol_types::SolCall;
use alloy_primitives::{Address, B256, U256};
use serde_json::{Value, json};
use std::net::SocketAddr;
use taochain_tests::*;

use crate::e2e_subnet::i::{IAlpha, IMetagraph, IStaking, ISubnet};
use crate::e2e_subnet::{ALPHA, METAGRAPH, STAKING, SUBNET};

const TAO: u64 = 1_000_000_000;

async fn view<C: SolCall>(rpc: &Rpc, to: Address, call: C) -> C::Return {
    let out = rpc.call_at(to, call.abi_encode().into(), None).await.expect("view reverted");
    C::abi_decode_returns(&out).expect("decode view")
}

async fn supply_wei(rpc: &Rpc) -> u128 {
    let s = rpc.ok("tao_supply", json!([])).await;
    s["total_issuance_wei"].as_str().and_then(|v| v.parse().ok()).expect("issuance")
}

async fn last_epoch_block(rpc: &Rpc) -> u64 {
    let subnets = rpc.ok("tao_subnets", json!([])).await;
    let s = subnets.as_array().and_then(|a| a.iter().find(|s| s["netuid"] == json!(1)));
    s.and_then(|s| s["last_epoch_block"].as_u64()).expect("subnet 1")
}

/// A refused dev call: its code and message, and the head did not move.
async fn refused(rpc: &Rpc, method: &str, params: Value, code: i64, msg: &str) {
    let head = rpc.block_number().await;
    let e = rpc.call(method, params).await.expect_err(method);
    assert_eq!(e.code, code, "{method}: {e:?}");
    assert!(e.message.contains(msg), "{method}: {:?} lacks {msg:?}", e.message);
    assert_eq!(rpc.block_number().await, head);
}

#[tokio::test(flavor = "multi_thread")]
async fn dev_controls_edit_the_chain_and_refuse_bad_input() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    let owner = Sender::dev(&rpc, 1);
    let reg = ISubnet::registerNetwork_0Call { hotkey: owner.id() };
    owner.send_ok(Some(SUBNET), U256::ZERO, reg.abi_encode().into(), 1_000_000).await;

    // A neuron for any hotkey, without the burn: the coldkey pays nothing.
    let (hot, cold) = (B256::repeat_byte(0x11), owner.id());
    let before = rpc.balance(owner.address()).await;
    assert_eq!(rpc.ok("tao_devRegisterNeuron", json!([1, hot, cold])).await, json!(1));
    assert_eq!(view(&rpc, METAGRAPH, IMetagraph::getHotkeyCall { netuid: 1, uid: 1 }).await, hot);
    assert_eq!(rpc.balance(owner.address()).await, before);
    refused(&rpc, "tao_devRegisterNeuron", json!([1, hot, cold]), -32000, "already registered")
        .await;

    // Stake minted to (hotkey, coldkey, netuid), amounts as decimal strings or hex.
    rpc.ok("tao_devCreditStake", json!([hot, cold, 1, "5000000000"])).await;
    rpc.ok("tao_devCreditStake", json!([hot, cold, 1, "0x3b9aca00"])).await;
    let get = IStaking::getStakeCall { hotkey: hot, coldkey: cold, netuid: U256::from(1) };
    assert_eq!(view(&rpc, STAKING, get).await, U256::from(6 * TAO));
    let nobody = B256::repeat_byte(0x77);
    refused(&rpc, "tao_devCreditStake", json!([nobody, cold, 1, 5]), -32000, "has no owner").await;

    // Pool reserves: the price follows and issuance moves by the TAO difference.
    let issuance = supply_wei(&rpc).await;
    let tao_before = view(&rpc, ALPHA, IAlpha::getTaoInPoolCall { netuid: 1 }).await;
    rpc.ok("tao_devSetPoolReserves", json!([1, 2_000 * TAO, 1_000 * TAO])).await;
    assert_eq!(view(&rpc, ALPHA, IAlpha::getTaoInPoolCall { netuid: 1 }).await, 2_000 * TAO);
    assert_eq!(view(&rpc, ALPHA, IAlpha::getAlphaInPoolCall { netuid: 1 }).await, 1_000 * TAO);
    let minted = u128::from(2_000 * TAO - tao_before) * 1_000_000_000;
    assert_eq!(supply_wei(&rpc).await, issuance + minted);
    let price = view(&rpc, ALPHA, IAlpha::getAlphaPriceCall { netuid: 1 }).await;
    assert_eq!(price, U256::from(2_000_000_000_000_000_000u128), "2 TAO per alpha, e18");
    refused(&rpc, "tao_devSetPoolReserves", json!([1, 5, TAO]), -32000, "insufficient liquidity")
        .await;
    refused(&rpc, "tao_devSetPoolReserves", json!([0, TAO, TAO]), -32000, "root subnet").await;
    refused(&rpc, "tao_devSetPoolReserves", json!([9, TAO, TAO]), -32000, "does not exist").await;

    // Any hyperparameter without the owner, by either name; bounds still hold.
    rpc.ok("tao_devSetHyperparameter", json!([1, "weightsSetRateLimit", 3])).await;
    let rate = ISubnet::getWeightsSetRateLimitCall { netuid: 1 };
    assert_eq!(view(&rpc, SUBNET, rate).await, 3);
    rpc.ok("tao_devSetHyperparameter", json!([1, "tempo", 25])).await;
    refused(&rpc, "tao_devSetHyperparameter", json!([1, "tempoo", 5]), -32602, "unknown").await;
    let big = json!([1, "max_allowed_uids", 4]);
    refused(&rpc, "tao_devSetHyperparameter", big, -32000, "between 64 and 256").await;

    // Epochs: the next scheduled one, then one right now; each runs in a mined block.
    let last = last_epoch_block(&rpc).await;
    let at = hex_u128(&rpc.ok("tao_devJumpToNextTempo", json!([1])).await) as u64;
    assert_eq!(at, last + 25, "tempo 25 from the last epoch");
    assert_eq!(rpc.block_number().await, at);
    assert_eq!(last_epoch_block(&rpc).await, at);
    let now = hex_u128(&rpc.ok("tao_devRunEpoch", json!([1])).await) as u64;
    assert_eq!(now, at + 1);
    assert_eq!(last_epoch_block(&rpc).await, now);
    refused(&rpc, "tao_devRunEpoch", json!([0]), -32000, "root subnet").await;
    node.stop().await;

    // Without --dev: method not available.
    let mut cfg = taochain_node::NodeConfig::dev(SocketAddr::from(([127, 0, 0, 1], 0)), None);
    cfg.dev = false;
    let node = taochain_node::start(cfg).await.expect("node starts");
    let rpc = Rpc::new(&node.http_url());
    refused(&rpc, "tao_devRunEpoch", json!([1]), -32601, "--dev").await;
    refused(&rpc, "tao_devRegisterNeuron", json!([1, hot, cold]), -32601, "--dev").await;
    // Tracing is dev-only too (a struct-logger trace is unbounded in memory).
    let call = json!([{ "to": Address::ZERO }, "latest"]);
    refused(&rpc, "debug_traceCall", call, -32601, "--dev").await;
    refused(&rpc, "debug_traceBlockByNumber", json!(["0x0"]), -32601, "--dev").await;
    node.stop().await;
}
