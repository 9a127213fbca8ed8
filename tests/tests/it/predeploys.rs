//! The genesis predeploys on a dev node: `tao_contracts` lists them with their code, and each
//! works at its fixed address from block 0 (WTAO wraps and unwraps, the factories know WTAO,
//! the lending market's guardian is the dev root).

use alloy::sol_types::SolCall;
use alloy_primitives::{Address, U256, keccak256};
use contracts::bindings::{AlphaLendingMarket, DelegationVaultFactory, WTAO};
use contracts::predeploys::{
    DELEGATION_VAULT_FACTORY_ADDRESS, LENDING_MARKET_ADDRESS, WRAPPED_ALPHA_FACTORY_ADDRESS,
    WTAO_ADDRESS,
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
