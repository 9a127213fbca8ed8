//! A stake through 0x805 with each pool engine, as `eth_call` runs it on a dev chain (full
//! revm execution of the transaction: the precompile frame, the ledger, and with the Solidity
//! engine the nested run of AlphaPools' code): time per call, and the gas each reports.
//!
//! `cargo bench -p taochain-tests --bench stake_engines`

#![allow(missing_docs, clippy::unwrap_used)]

use alloy::sol_types::SolCall;
use alloy_primitives::{Address, U256};
use criterion::{Criterion, criterion_group, criterion_main};
use evm_host::exec::CallRequest;
use tao_chain::genesis::PoolEngineChoice;
use taochain_tests::*;

use contracts::{IStaking, ISubnet};

const SUBNET: Address = contracts::subnet::ADDRESS;
const STAKING: Address = contracts::staking::ADDRESS;

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let mut group = c.benchmark_group("0x805 addStake 10 TAO (eth_call)");
    for engine in [PoolEngineChoice::Native, PoolEngineChoice::Solidity] {
        let (node, owner) = rt.block_on(async {
            let node = dev_node_with_engine(engine).await;
            let rpc = Rpc::new(&node.http_url());
            let owner = Sender::dev(&rpc, 1);
            let reg = ISubnet::registerNetwork_0Call { hotkey: owner.id() };
            owner.send_ok(Some(SUBNET), U256::ZERO, reg.abi_encode().into(), 3_000_000).await;
            (node, owner.id())
        });
        let input = IStaking::addStakeCall {
            hotkey: owner,
            amountRao: U256::from(10_000_000_000u64),
            netuid: U256::from(1),
        }
        .abi_encode();
        let req = CallRequest {
            from: Some(dev_key(2).address()),
            to: Some(STAKING),
            gas: Some(1_000_000),
            input: input.into(),
            ..Default::default()
        };
        {
            let calls = node.chain.calls();
            let r = calls.call(&req, None).unwrap();
            assert!(r.is_success(), "{r:?}");
            eprintln!("{engine:?} engine: gas used {}", r.tx_gas_used());
            group.bench_function(format!("{engine:?}"), |b| {
                b.iter(|| calls.call(&req, None).unwrap())
            });
        }
        rt.block_on(node.stop());
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
