//! In-process profile of the two things the node-vs-anvil benchmark times: pool admission
//! (`Chain::submit_raw`, single thread) and building one block (`Chain::mine_block`) of N ERC-20
//! transfers from 8 senders, on an on-disk store, with the per-phase debug timings of
//! `evm_host::chain` and `evm_host::exec` on stderr. No JSON-RPC and no harness: a quick way to
//! see where block building spends its time (see docs/benchmarks.md for the real benchmark).
//!
//! ```text
//! cargo run --release -p taochain-node --example mine_bench -- [N=10000] [ROUNDS=3]
//! RUST_LOG=off cargo run --release -p taochain-node --example mine_bench   # totals only
//! ```
#![allow(missing_docs, clippy::unwrap_used, clippy::print_stdout)]

use alloy::consensus::{SignableTransaction, TxEip1559, TxEnvelope};
use alloy::eips::Encodable2718 as _;
use alloy::signers::{SignerSync, local::PrivateKeySigner};
use alloy::sol_types::SolCall;
use alloy_primitives::{Address, B256, Bytes, TxKind, U256};
use evm_host::chain::{Chain, ChainConfig, MiningMode};
use evm_host::txpool::PoolConfig;
use std::time::Instant;

alloy::sol! {
    function transfer(address to, uint256 value) returns (bool);
}

/// Creation code of `BenchToken` (bench/tps/Token.sol, solc 0.8.37, optimizer 200 runs, EVM
/// paris), as the harness compiles it; the constructor argument (supply) is appended.
const BENCH_TOKEN_INITCODE: &str = concat!(
    "6080604052348015600f57600080fd5b50604051610757380380610757833981016040819052602c91607b565b600081",
    "815533808252600160209081526040808420859055518481529192917fddf252ad1be2c89b69c2b068fc378daa952ba7",
    "f163c4a11628f55a4df523b3ef910160405180910390a3506093565b600060208284031215608c57600080fd5b505191",
    "9050565b6106b5806100a26000396000f3fe608060405234801561001057600080fd5b50600436106100a95760003560",
    "e01c8063517550bf11610071578063517550bf1461015557806370a082311461016857806395d89b4114610188578063",
    "a9059cbb146101ac578063c976a359146101bf578063dd62ed3e146101c957600080fd5b806306fdde03146100ae5780",
    "63095ea7b3146100ee57806318160ddd1461011157806323b872dd14610128578063313ce5671461013b575b600080fd",
    "5b6100d86040518060400160405280600b81526020016a2132b731b4102a37b5b2b760a91b81525081565b6040516100",
    "e59190610504565b60405180910390f35b6101016100fc36600461056e565b6101f4565b604051901515815260200161",
    "00e5565b61011a60005481565b6040519081526020016100e5565b610101610136366004610598565b610261565b6101",
    "43601281565b60405160ff90911681526020016100e5565b61011a6101633660046105d5565b610405565b61011a6101",
    "763660046105ee565b60016020526000908152604090205481565b6100d8604051806040016040528060058152602001",
    "640848a9c86960db1b81525081565b6101016101ba36600461056e565b610413565b6101c76104e9565b005b61011a61",
    "01d7366004610610565b600260209081526000928352604080842090915290825290205481565b336000818152600260",
    "2090815260408083206001600160a01b038716808552925280832085905551919290917f8c5be1e5ebec7d5bd14f7142",
    "7d1e84f3dd0314c0f7b2291e5b200ac8c7c3b9259061024f9086815260200190565b60405180910390a35060015b9291",
    "5050565b6001600160a01b0383166000908152600260209081526040808320338452909152812054828110156102cd57",
    "60405162461bcd60e51b815260206004820152601060248201526f42454e43483a20616c6c6f77616e636560801b6044",
    "8201526064015b60405180910390fd5b6001600160a01b03851660009081526001602052604090205483111561033557",
    "60405162461bcd60e51b815260206004820152601b60248201527f42454e43483a20696e73756666696369656e742062",
    "616c616e6365000000000060448201526064016102c4565b600019811461036d576103488382610659565b6001600160",
    "a01b03861660009081526002602090815260408083203384529091529020555b6001600160a01b038086166000908152",
    "6001602052604080822080548790039055918616815290812080548592906103a690849061066c565b92505081905550",
    "836001600160a01b0316856001600160a01b03167fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a",
    "4df523b3ef856040516103f291815260200190565b60405180910390a3506001949350505050565b600061025b600019",
    "8361066c565b336000908152600160205260408120548211156104725760405162461bcd60e51b815260206004820152",
    "601b60248201527f42454e43483a20696e73756666696369656e742062616c616e636500000000006044820152606401",
    "6102c4565b33600090815260016020526040808220805485900390556001600160a01b03851682528120805484929061",
    "04a790849061066c565b90915550506040518281526001600160a01b0384169033907fddf252ad1be2c89b69c2b068fc",
    "378daa952ba7f163c4a11628f55a4df523b3ef9060200161024f565b60405163472511eb60e11b815233600482015260",
    "24016102c4565b602081526000825180602084015260005b818110156105325760208186018101516040868401015201",
    "610515565b506000604082850101526040601f19601f83011684010191505092915050565b80356001600160a01b0381",
    "16811461056957600080fd5b919050565b6000806040838503121561058157600080fd5b61058a83610552565b946020",
    "939093013593505050565b6000806000606084860312156105ad57600080fd5b6105b684610552565b92506105c46020",
    "8501610552565b929592945050506040919091013590565b6000602082840312156105e757600080fd5b503591905056",
    "5b60006020828403121561060057600080fd5b61060982610552565b9392505050565b60008060408385031215610623",
    "57600080fd5b61062c83610552565b915061063a60208401610552565b90509250929050565b634e487b7160e01b6000",
    "52601160045260246000fd5b8181038181111561025b5761025b610643565b8082018082111561025b5761025b610643",
    "56fea26469706673582212205dab25ee8e3a91db059da7a09d5b4d725926689db3b77bb02bb6c3534d9847da64736f6c",
    "63430008250033",
);

fn sign(key: &PrivateKeySigner, nonce: u64, to: TxKind, data: Bytes, gas: u64) -> TxEnvelope {
    let t = TxEip1559 {
        chain_id: tao_chain::genesis::Genesis::dev().chain_id,
        nonce,
        gas_limit: gas,
        max_fee_per_gas: 20_000_000_000,
        max_priority_fee_per_gas: 1_000_000_000,
        to,
        value: U256::ZERO,
        input: data,
        ..Default::default()
    };
    let sig = key.sign_hash_sync(&t.signature_hash()).unwrap();
    t.into_signed(sig).into()
}

fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_new(
                std::env::var("RUST_LOG").unwrap_or_else(|_| "evm_host=debug".into()),
            )
            .unwrap(),
        )
        .with_writer(std::io::stderr)
        .init();
    let n: usize = std::env::args().nth(1).map(|s| s.parse().unwrap()).unwrap_or(10_000);
    let rounds: usize = std::env::args().nth(2).map(|s| s.parse().unwrap()).unwrap_or(3);
    let dir = tempfile::tempdir().unwrap();
    let store = tao_store::Store::open(&dir.path().join("chain.redb")).unwrap();
    let chain = Chain::open(
        store,
        ChainConfig {
            genesis: tao_chain::genesis::Genesis::dev(),
            authority_key: Some(tao_chain::genesis::dev_authority_key()),
            gas_limit: Some(1_000_000_000),
            pool: PoolConfig::default(),
            dev: true,
        },
    )
    .unwrap();
    chain.producer().set_mining_mode(MiningMode { automine: false, interval: None });
    let keys: Vec<PrivateKeySigner> = tao_chain::genesis::DEV_ACCOUNTS[..8]
        .iter()
        .map(|(_, k)| PrivateKeySigner::from_bytes(&k.parse::<B256>().unwrap()).unwrap())
        .collect();
    let mut nonces = vec![0u64; keys.len()];

    // Deploy the token and give every sender some.
    let mut initcode = alloy_primitives::hex::decode(BENCH_TOKEN_INITCODE).unwrap();
    initcode.extend_from_slice(&U256::from(10u128.pow(30)).to_be_bytes::<32>());
    chain.pool().submit(sign(&keys[0], 0, TxKind::Create, initcode.into(), 3_000_000)).unwrap();
    nonces[0] = 1;
    let token = chain.producer().mine_block().unwrap().receipts[0].created().unwrap();
    for k in &keys[1..] {
        let call = transferCall { to: k.address(), value: U256::from(10u128.pow(24)) };
        let tx = sign(&keys[0], nonces[0], TxKind::Call(token), call.abi_encode().into(), 100_000);
        chain.pool().submit(tx).unwrap();
        nonces[0] += 1;
    }
    chain.producer().mine_block().unwrap();

    let recipients: Vec<Address> =
        (0..256u64).map(|i| Address::left_padding_from(&(i + 1000).to_be_bytes())).collect();
    for round in 0..rounds {
        let raws: Vec<Vec<u8>> = (0..n)
            .map(|i| {
                let s = i % keys.len();
                let call = transferCall { to: recipients[i % 256], value: U256::from(1) };
                let tx = sign(
                    &keys[s],
                    nonces[s],
                    TxKind::Call(token),
                    call.abi_encode().into(),
                    60_000,
                );
                nonces[s] += 1;
                tx.encoded_2718()
            })
            .collect();
        let t0 = Instant::now();
        for r in &raws {
            chain.pool().submit_raw(r).unwrap();
        }
        let admission = t0.elapsed();
        let t1 = Instant::now();
        let b = chain.producer().mine_block().unwrap();
        let mine = t1.elapsed();
        assert_eq!(b.txs.len(), n);
        assert!(b.receipts.iter().all(|r| r.success));
        println!(
            "round {round}: admission {:.1} ms ({:.1} us/tx), mine_block {:.1} ms ({} txs)",
            admission.as_secs_f64() * 1e3,
            admission.as_secs_f64() * 1e6 / n as f64,
            mine.as_secs_f64() * 1e3,
            b.txs.len()
        );
    }
}
