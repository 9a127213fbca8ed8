//! The genesis predeploys on a dev node: `tao_contracts` lists them with their code, and each
//! works at its fixed address from block 0 (WTAO wraps and unwraps, the factories know WTAO,
//! the lending market's guardian is the dev root).

use alloy::sol_types::{SolCall, SolInterface};
use alloy_primitives::{Address, U256, keccak256};
use contracts::bindings::{AlphaLendingMarket, DelegationVaultFactory, WTAO};
use contracts::predeploys::{
    ALPHA_POOLS_ADDRESS, DELEGATION_VAULT_FACTORY_ADDRESS, LENDING_MARKET_ADDRESS,
    WRAPPED_ALPHA_FACTORY_ADDRESS, WTAO_ADDRESS,
};
use serde_json::json;
use taochain_tests::*;

async fn view<C: SolCall>(rpc: &Rpc, to: Address, call: C) -> C::Return {
    let out = rpc.call_at(to, call.abi_encode().into(), None).await.expect("view succeeds");
    C::abi_decode_returns(&out).expect("decode")
}

#[tokio::test]
async fn tao_contracts_lists_the_predeploys_with_their_code() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    let listed = rpc.ok("tao_contracts", json!(["0x0"])).await;
    let rows = listed.as_array().expect("an array");
    let expected = [
        ("WTAO", WTAO_ADDRESS),
        ("WrappedAlphaFactory", WRAPPED_ALPHA_FACTORY_ADDRESS),
        ("DelegationVaultFactory", DELEGATION_VAULT_FACTORY_ADDRESS),
        ("AlphaLendingMarket", LENDING_MARKET_ADDRESS),
        ("AlphaPools", ALPHA_POOLS_ADDRESS),
    ];
    assert_eq!(rows.len(), expected.len(), "{listed}");
    for (row, (name, address)) in rows.iter().zip(expected) {
        assert_eq!(row["name"], json!(name));
        assert_eq!(row["address"].as_str().and_then(|s| s.parse::<Address>().ok()), Some(address));
        assert_eq!(row["deployed"], json!(true), "{row}");
        let code = rpc.ok("eth_getCode", json!([address, "0x0"])).await;
        let code = hex_bytes(&code);
        assert!(!code.is_empty(), "{name} has code at genesis");
        assert_eq!(row["code_hash"], json!(keccak256(&code)), "{name}");
    }
    // A factory's code is its artefact's runtime code: WTAO (no constructor) exactly.
    let wtao_code = hex_bytes(&rpc.ok("eth_getCode", json!([WTAO_ADDRESS, "latest"])).await);
    assert_eq!(wtao_code, contracts::artifacts::WTAO.deployed_bytecode().expect("artefact"));
}

#[tokio::test]
async fn predeploys_work_from_block_zero() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    let dev1 = Sender::dev(&rpc, 1);

    // Wiring set by the constructors.
    let wtao =
        view(&rpc, DELEGATION_VAULT_FACTORY_ADDRESS, DelegationVaultFactory::wtaoCall {}).await;
    assert_eq!(wtao, WTAO_ADDRESS);
    let guardian = view(&rpc, LENDING_MARKET_ADDRESS, AlphaLendingMarket::guardianCall {}).await;
    assert_eq!(guardian, dev_key(0).address(), "the dev root guards the lending market");
    let asset = view(&rpc, LENDING_MARKET_ADDRESS, AlphaLendingMarket::assetCall {}).await;
    assert_eq!(asset, WTAO_ADDRESS);

    // WTAO: wrap 2 TAO, unwrap 0.5 TAO; supply and balances follow to the wei.
    let two = U256::from(2_000_000_000_000_000_000u128);
    dev1.send_ok(Some(WTAO_ADDRESS), two, WTAO::depositCall {}.abi_encode().into(), 200_000).await;
    let half = U256::from(500_000_000_000_000_000u128);
    let c = WTAO::withdrawCall { wad: half };
    dev1.send_ok(Some(WTAO_ADDRESS), U256::ZERO, c.abi_encode().into(), 200_000).await;
    let bal = view(&rpc, WTAO_ADDRESS, WTAO::balanceOfCall(dev1.address())).await;
    assert_eq!(bal, two - half);
    let supply = view(&rpc, WTAO_ADDRESS, WTAO::totalSupplyCall {}).await;
    assert_eq!(supply, two - half);
    assert_eq!(rpc.balance(WTAO_ADDRESS).await, two - half, "WTAO holds exactly what it issued");

    // Unwrapping more than held reverts and changes nothing.
    let c = WTAO::withdrawCall { wad: two };
    let r = dev1.send(Some(WTAO_ADDRESS), U256::ZERO, c.abi_encode().into(), 200_000).await;
    assert_eq!(r["status"], json!("0x0"));
    let bal = view(&rpc, WTAO_ADDRESS, WTAO::balanceOfCall(dev1.address())).await;
    assert_eq!(bal, two - half);
}

/// Registers a subnet as dev 1 and stakes 10 TAO on its owner hotkey; returns the stake
/// receipt.
async fn register_and_stake(rpc: &Rpc) -> serde_json::Value {
    use crate::e2e_subnet::i::{IStaking, ISubnet};
    let owner = Sender::dev(rpc, 1);
    let reg = ISubnet::registerNetwork_0Call { hotkey: owner.id() };
    owner
        .send_ok(Some(crate::e2e_subnet::SUBNET), U256::ZERO, reg.abi_encode().into(), 3_000_000)
        .await;
    let stake = IStaking::addStakeCall {
        hotkey: owner.id(),
        amountRao: U256::from(10_000_000_000u64),
        netuid: U256::from(1),
    };
    let staker = Sender::dev(rpc, 2);
    staker
        .send_ok(Some(crate::e2e_subnet::STAKING), U256::ZERO, stake.abi_encode().into(), 1_000_000)
        .await
}

fn log_addresses(receipt: &serde_json::Value) -> Vec<Address> {
    receipt["logs"]
        .as_array()
        .map(|logs| logs.iter().filter_map(|l| l["address"].as_str()?.parse().ok()).collect())
        .unwrap_or_default()
}

/// With the Solidity engine a stake runs AlphaPools (its `Swapped` log is in the receipt and
/// the reserves are in its storage); with the native engine it does not, and the numbers are
/// the same. Prints the gas of both (docs/contracts.md quotes them).
#[tokio::test(flavor = "multi_thread")]
async fn a_stake_swaps_through_alpha_pools_with_the_solidity_engine() {
    use contracts::bindings::IAlphaPools;
    use tao_chain::genesis::PoolEngineChoice;
    let mut seen = Vec::new();
    for engine in [PoolEngineChoice::Solidity, PoolEngineChoice::Native] {
        let node = dev_node_with_engine(engine).await;
        let rpc = Rpc::new(&node.http_url());
        let r = register_and_stake(&rpc).await;
        let from_pools = log_addresses(&r).contains(&ALPHA_POOLS_ADDRESS);
        assert_eq!(from_pools, engine == PoolEngineChoice::Solidity, "{engine:?}: {r}");
        let call = IAlphaPools::reservesCall { netuid: 1 }.abi_encode();
        let reserves = rpc.call_at(ALPHA_POOLS_ADDRESS, call.into(), None).await;
        let subnets = rpc.ok("tao_subnets", json!([])).await;
        let tao_in: u64 =
            subnets[1]["tao_in_rao"].as_str().and_then(|s| s.parse().ok()).expect("tao_in");
        if engine == PoolEngineChoice::Solidity {
            let reserves = IAlphaPools::reservesCall::abi_decode_returns(&reserves.expect("view"))
                .expect("decode");
            assert_eq!(reserves.tao, tao_in, "tao_subnets reads the contract's reserves");
        } else {
            let revert = reserves.expect_err("no pool in the contract with the native engine");
            let e =
                IAlphaPools::IAlphaPoolsErrors::abi_decode(&revert).expect("an AlphaPools error");
            assert!(matches!(e, IAlphaPools::IAlphaPoolsErrors::PoolNotFound(_)), "{e:?}");
        }
        let gas = hex_u128(&r["gasUsed"]);
        eprintln!("stake of 10 TAO, {engine:?} engine: gasUsed {gas}");
        seen.push((tao_in, gas));
        node.stop().await;
    }
    assert_eq!(seen[0].0, seen[1].0, "both engines give the same pool");
    assert!(seen[0].1 > seen[1].1, "the Solidity engine's execution is charged: {seen:?}");
}
