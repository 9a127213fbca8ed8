//! TEMPORARY profiling driver (not part of the change set): admission and one-block build of
//! N ERC-20 transfers, in process, on an on-disk store.
#![allow(missing_docs, clippy::unwrap_used, clippy::print_stdout)]

use alloy::consensus::{SignableTransaction, TxEip1559, TxEnvelope};
use alloy::signers::{SignerSync, local::PrivateKeySigner};
use alloy::sol_types::SolCall;
use alloy_primitives::{Address, B256, Bytes, TxKind, U256};
use evm_host::chain::{Chain, ChainConfig, MiningMode};
use evm_host::txpool::PoolConfig;
use std::time::Instant;

alloy::sol! {
    function transfer(address to, uint256 value) returns (bool);
}

fn sign(key: &PrivateKeySigner, nonce: u64, to: TxKind, data: Bytes, gas: u64) -> TxEnvelope {
    let t = TxEip1559 {
        chain_id: 31337,
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
                std::env::var("RUST_LOG").unwrap_or_else(|_| "evm_host::chain=debug".into()),
            )
            .unwrap(),
        )
        .with_writer(std::io::stderr)
        .init();
    let n: usize = std::env::args().nth(1).map(|s| s.parse().unwrap()).unwrap_or(10_000);
    let rounds: usize = std::env::args().nth(2).map(|s| s.parse().unwrap()).unwrap_or(3);
    let dir = tempfile::tempdir().unwrap();
    let store = chain_core::store::Store::open(&dir.path().join("chain.redb")).unwrap();
    let chain = Chain::open(
        store,
        ChainConfig {
            genesis: chain_core::genesis::Genesis::dev(),
            authority_key: Some(chain_core::genesis::dev_authority_key()),
            gas_limit: Some(1_000_000_000),
            pool: PoolConfig::default(),
            dev: true,
        },
    )
    .unwrap();
    chain.set_mining_mode(MiningMode { automine: false, interval: None });
    let keys: Vec<PrivateKeySigner> = chain_core::genesis::DEV_ACCOUNTS[..8]
        .iter()
        .map(|(_, k)| k.parse::<B256>().unwrap())
        .map(|k| PrivateKeySigner::from_bytes(&k).unwrap())
        .collect();
    let mut nonces = vec![0u64; keys.len()];
    let code = alloy_primitives::hex::decode(
        std::fs::read_to_string("/tmp/perfwork/token.hex").unwrap().trim(),
    )
    .unwrap();
    let mut data = code.clone();
    data.extend_from_slice(&U256::from(10u128.pow(30)).to_be_bytes::<32>());
    chain.submit(sign(&keys[0], 0, TxKind::Create, data.into(), 3_000_000)).unwrap();
    nonces[0] = 1;
    let b = chain.mine_block().unwrap();
    let token = b.receipts[0].created().unwrap();
    for (i, _) in keys.iter().enumerate().skip(1) {
        let call = transferCall { to: keys[i].address(), value: U256::from(10u128.pow(24)) };
        chain
            .submit(sign(
                &keys[0],
                nonces[0],
                TxKind::Call(token),
                call.abi_encode().into(),
                100_000,
            ))
            .unwrap();
        nonces[0] += 1;
    }
    chain.mine_block().unwrap();
    let recipients: Vec<Address> =
        (0..256u64).map(|i| Address::left_padding_from(&(i + 1000).to_be_bytes())).collect();
    for round in 0..rounds {
        let mut txs = Vec::with_capacity(n);
        for i in 0..n {
            let s = i % keys.len();
            let call = transferCall { to: recipients[i % 256], value: U256::from(1) };
            txs.push(sign(
                &keys[s],
                nonces[s],
                TxKind::Call(token),
                call.abi_encode().into(),
                60_000,
            ));
            nonces[s] += 1;
        }
        if round == 0 && std::env::var("RECOVER").is_ok() {
            use alloy::consensus::transaction::SignerRecoverable;
            let t = Instant::now();
            for tx in &txs[..2000] {
                let _ = tx.recover_signer().unwrap();
            }
            println!("alloy recover_signer: {:.1} us", t.elapsed().as_secs_f64() * 1e6 / 2000.0);
            let t = Instant::now();
            for tx in &txs[..2000] {
                let TxEnvelope::Eip1559(s) = tx else { panic!() };
                let h = s.signature_hash();
                let _ = s.signature().recover_from_prehash(&h).unwrap();
            }
            println!("k256 recover: {:.1} us", t.elapsed().as_secs_f64() * 1e6 / 2000.0);
        }
        let raws: Vec<Vec<u8>> = txs.iter().map(alloy::eips::Encodable2718::encoded_2718).collect();
        let t0 = Instant::now();
        if std::env::var("THREADS").is_ok() {
            // Like the RPC server: 16 threads, each submitting batches of 200, with JSON garbage.
            let chunks: Vec<&[Vec<u8>]> = raws.chunks(200).collect();
            let next = std::sync::atomic::AtomicUsize::new(0);
            std::thread::scope(|s| {
                for _ in 0..16 {
                    s.spawn(|| loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(c) = chunks.get(i) else { break };
                        let mut junk = Vec::new();
                        for r in c.iter() {
                            let v = serde_json::json!({"jsonrpc":"2.0","id":i,"method":"eth_sendRawTransaction","params":[alloy_primitives::hex::encode_prefixed(r)]});
                            junk.push(v.to_string());
                            chain.submit_raw(r).unwrap();
                        }
                    });
                }
            });
        } else {
            for r in &raws {
                chain.submit_raw(r).unwrap();
            }
        }
        let adm = t0.elapsed();
        let t1 = Instant::now();
        let b = chain.mine_block().unwrap();
        let mine = t1.elapsed();
        assert_eq!(b.txs.len(), n);
        assert!(b.receipts.iter().all(|r| r.success));
        println!(
            "round {round}: admission {:.1} ms ({:.1} us/tx), mine_block {:.1} ms ({} txs)",
            adm.as_secs_f64() * 1e3,
            adm.as_secs_f64() * 1e6 / n as f64,
            mine.as_secs_f64() * 1e3,
            b.txs.len()
        );
    }
}
