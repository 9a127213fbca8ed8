//! The library against an in-process dev node, without the CLI: connecting while the node
//! comes up, reads, a transaction with progress reports, and typed errors.

use std::net::SocketAddr;
use std::time::Duration;
use taochain_sdk::{AccountId, Client, Error, ErrorKind, Key, Progress, Tao, flows};

const DEV_PHRASE: &str = "test test test test test test test test test test test junk";

#[tokio::test(flavor = "multi_thread")]
async fn connects_while_the_node_comes_up_then_sends_with_progress() {
    // A free port, with nothing listening yet.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let url = format!("http://127.0.0.1:{port}");
    assert!(matches!(Client::connect(&url).await, Err(Error::Connect { .. })), "nothing there yet");

    let node = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let cfg = taochain_node::NodeConfig::dev(SocketAddr::from(([127, 0, 0, 1], port)), None);
        taochain_node::start(cfg).await.expect("node starts")
    });
    let client = Client::connect_retrying(&url, 6).await.expect("connects once the node is up");
    let _node = node.await.expect("node task");
    assert_eq!(client.chain_id(), 31337);

    let key = Key::from_mnemonic(DEV_PHRASE, 1).expect("dev key");
    let client = client.with_key(key.clone());
    let tx = client.prepare(flows::register_network(key.id())).await.expect("simulates");
    assert!(tx.max_fee().rao() > 0);
    let mut seen = Vec::new();
    let receipt = client.send(tx, |p| seen.push(p)).await.expect("mined");
    assert!(matches!(seen.first(), Some(Progress::Sent { .. })));
    assert!(matches!(seen.last(), Some(Progress::Mined { block, .. }) if *block == receipt.block));
    let ev = receipt.event::<taochain_sdk::contracts::ISubnet::NetworkRegistered>().expect("event");
    assert_eq!(ev.netuid, 1);

    let subnet = client.subnet(1).await.expect("subnet 1");
    assert_eq!(subnet.owner_coldkey, key.id());
    assert_eq!(client.metagraph(1).await.expect("metagraph").neurons[0].hotkey, key.id());
    assert!(matches!(client.pool(2).await, Err(Error::SubnetNotFound { netuid: 2 })));
    assert_eq!(client.uid_of(1, key.id()).await.expect("uid"), Some(0));
    assert_eq!(client.uid_of(1, AccountId::default()).await.expect("uid"), None);

    // A refusal in simulation: typed, with the chain's error name; nothing sent.
    let nonce = client.nonce(key.address()).await.expect("nonce");
    let stranger = AccountId::of_address(Key::random().address());
    let e = client
        .prepare(flows::add_stake(stranger, 1, Tao::from_rao(5_000_000_000), None))
        .await
        .expect_err("refused");
    assert_eq!(e.kind(), ErrorKind::Reverted);
    assert_eq!(e.chain_error_name(), Some("HotKeyAccountNotExists"), "{e}");
    assert_eq!(client.nonce(key.address()).await.expect("nonce"), nonce);
    // Reads without a key work; sends do not.
    let reader = Client::connect(&url).await.expect("connect");
    assert!(matches!(reader.prepare(flows::start_call(1)).await, Err(Error::Wallet(_))));
}
