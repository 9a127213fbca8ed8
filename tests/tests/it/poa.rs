//! Proof of Authority on the stored chain: every produced block is sealed by the slot's
//! authority, and a datadir whose blocks do not verify under the configured authorities is
//! refused at start-up.

use alloy_primitives::Address;
use serde_json::json;
use std::net::SocketAddr;
use taochain_node::NodeConfig;
use taochain_tests::*;

#[tokio::test(flavor = "multi_thread")]
async fn produced_blocks_verify_and_foreign_authorities_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let node = dev_node(Some(dir.path().to_path_buf())).await;
    let rpc = Rpc::new(&node.http_url());
    for _ in 0..3 {
        rpc.ok("evm_mine", json!([])).await;
    }
    let store = node.chain.store();
    for n in 1..=3u64 {
        let parent = store.header(n - 1).unwrap().unwrap();
        let block = store.header(n).unwrap().unwrap();
        let signer =
            node.chain.authorities().verify(&parent.header, parent.hash, &block.header).unwrap();
        assert_eq!(signer, node.chain.authorities().list()[0]);
    }
    node.stop().await;

    // Same genesis state, another authority: the stored seals no longer verify.
    let mut cfg =
        NodeConfig::dev(SocketAddr::from(([127, 0, 0, 1], 0)), Some(dir.path().to_path_buf()));
    cfg.genesis.authorities = vec![Address::repeat_byte(0x42)];
    let err = taochain_node::start(cfg).await.err().expect("foreign authority must be refused");
    assert!(format!("{err:#}").contains("slot"), "{err:#}");

    // The right authorities still open it, at the same head.
    let cfg =
        NodeConfig::dev(SocketAddr::from(([127, 0, 0, 1], 0)), Some(dir.path().to_path_buf()));
    let node = taochain_node::start(cfg).await.unwrap();
    assert_eq!(node.chain.head().number(), 3);
    node.stop().await;
}
