//! The `ink` pool engine end to end: a dev node whose pools live in the ink! pool contract
//! (instantiated at genesis, run on the wasm bridge as the system account's twin). A stake's
//! swap goes through the contract: its storage (the pool's TAO reserve, read by the runtime
//! from the contract's storage) moves by the stake, and the receipt carries the contract's
//! `Swapped` event as a `ContractEmitted` log of 0xa00. The gas of the same stake on each
//! engine is printed (docs/economics.md quotes it).

use crate::e2e_subnet::i::{IAlpha, IStaking, ISubnet};
use crate::e2e_subnet::{ALPHA, STAKING, SUBNET, view};
use alloy::sol_types::SolCall;
use alloy_primitives::{Address, U256, address};
use serde_json::Value;
use tao_chain::genesis::PoolEngineChoice;
use taochain_tests::*;

const WASM: Address = address!("0000000000000000000000000000000000000a00");
const NETUID: u16 = 1;
const GAS: u64 = 1_000_000;

/// Registers subnet 1 and stakes 10 TAO on the owner's hotkey; the stake's receipt and the
/// pool's TAO reserve before and after it.
async fn stake_on(engine: PoolEngineChoice) -> (Value, u64, u64) {
    let node = dev_node_with_engine(engine).await;
    let rpc = Rpc::new(&node.http_url());
    let owner = Sender::dev(&rpc, 1);
    let hk = owner.id();
    let reg = ISubnet::registerNetwork_0Call { hotkey: hk };
    let r = owner.send_ok(Some(SUBNET), U256::ZERO, reg.abi_encode().into(), GAS).await;
    let block = receipt_block_and_fee(&r).0;
    let pool = |at| view(&rpc, ALPHA, IAlpha::getTaoInPoolCall { netuid: NETUID }, at);
    let before = pool(block).await;
    let add = IStaking::addStakeCall {
        hotkey: hk,
        amountRao: U256::from(10 * TAO),
        netuid: U256::from(NETUID),
    };
    let r = owner.send_ok(Some(STAKING), U256::ZERO, add.abi_encode().into(), GAS).await;
    let after = pool(receipt_block_and_fee(&r).0).await;
    (r, before, after)
}

fn wasm_logs(r: &Value) -> usize {
    let logs = r["logs"].as_array().cloned().unwrap_or_default();
    logs.iter()
        .filter(|l| l["address"].as_str().map(str::to_lowercase) == Some(format!("{WASM:#x}")))
        .count()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stake_swaps_through_the_ink_pool() {
    let (r, before, after) = stake_on(PoolEngineChoice::Ink).await;
    // 10 TAO in less the fee (33/65535 of the input), plus the block's emission injection.
    assert!(before > 0, "the pool was created in the contract");
    assert!(
        after - before > 10 * TAO - 10 * TAO / 1_000,
        "the reserve took the stake: {before} -> {after}"
    );
    assert_eq!(wasm_logs(&r), 1, "the ink! Swapped event as a 0xa00 log: {r}");
    let ink_gas = hex_u128(&r["gasUsed"]);

    let (r, before_s, after_s) = stake_on(PoolEngineChoice::Solidity).await;
    assert_eq!((before_s, after_s), (before, after), "both engines compute the same pool");
    assert_eq!(wasm_logs(&r), 0);
    let sol_gas = hex_u128(&r["gasUsed"]);
    let (r, ..) = stake_on(PoolEngineChoice::Native).await;
    let native_gas = hex_u128(&r["gasUsed"]);
    eprintln!("addStake gas: native {native_gas}, solidity {sol_gas}, ink {ink_gas}");
    assert!(ink_gas > native_gas, "the ink! engine's gas is charged to the stake");
}
