//! One balance per EVM address and its 32-byte twin (issue 7): TAO sent with `transfer(bytes32)`
//! to the twin `blake2b-256("evm:" ‖ address)` of an address the chain has never seen is its
//! balance at once (`eth_getBalance`), pays for its first transaction, and becomes its EVM
//! balance; TAO sent to a 32-byte id that is nobody's twin is kept and readable.

use alloy::signers::local::PrivateKeySigner;
use alloy_primitives::{Address, B256, Bytes, U256};
use serde_json::{Value, json};
use taochain_tests::*;

const BALANCE_TRANSFER: Address =
    Address::new([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x00]);

fn tao(n: u64) -> U256 {
    U256::from(n) * U256::from(10u64).pow(U256::from(18))
}

fn transfer_to(id: B256) -> Bytes {
    let mut data = alloy_primitives::keccak256("transfer(bytes32)")[..4].to_vec();
    data.extend_from_slice(id.as_slice());
    data.into()
}

async fn account(rpc: &Rpc, id: B256) -> Value {
    rpc.ok("tao_accountBalance", json!([id])).await
}

#[tokio::test]
async fn tao_sent_to_a_twin_is_the_addresss_balance_and_pays_its_first_transaction() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    let dev0 = Sender::dev(&rpc, 0);

    // A fresh key the chain has never seen; fund only its twin.
    let fresh_key: PrivateKeySigner =
        "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318".parse().unwrap();
    let fresh = fresh_key.address();
    let twin = evm_id(fresh);
    dev0.send_ok(Some(BALANCE_TRANSFER), tao(2), transfer_to(twin), 200_000).await;
    assert_eq!(rpc.balance(BALANCE_TRANSFER).await, U256::ZERO, "nothing stranded at 0x800");
    assert_eq!(rpc.balance(fresh).await, tao(2), "the twin's TAO is the address's balance");
    let a = account(&rpc, twin).await;
    assert_eq!(a["kind"], json!("native"), "{a}");
    assert_eq!(a["free_rao"], json!("2000000000"), "{a}");

    // Its first transaction pays gas out of that TAO.
    let sender = Sender::new(&rpc, fresh_key);
    let r = sender.send_ok(Some(Address::repeat_byte(0x77)), tao(1), Bytes::new(), 21_000).await;
    let (_, fee) = receipt_block_and_fee(&r);
    assert_eq!(rpc.balance(fresh).await, tao(2) - tao(1) - fee);
    assert_eq!(rpc.balance(Address::repeat_byte(0x77)).await, tao(1));
    let a = account(&rpc, twin).await;
    assert_eq!(a["kind"], json!("evm"), "swept and linked: {a}");
    assert_eq!(a["evm_address"], json!(fresh), "{a}");

    // Later payments to the twin land in the EVM balance directly.
    let before = rpc.balance(fresh).await;
    dev0.send_ok(Some(BALANCE_TRANSFER), tao(1), transfer_to(twin), 200_000).await;
    assert_eq!(rpc.balance(fresh).await, before + tao(1));

    // An id that is nobody's twin keeps its TAO as a native balance, readable over RPC.
    let stranger = B256::repeat_byte(0x3c);
    dev0.send_ok(Some(BALANCE_TRANSFER), tao(3), transfer_to(stranger), 200_000).await;
    let a = account(&rpc, stranger).await;
    assert_eq!(a["kind"], json!("native"), "{a}");
    assert_eq!(a["evm_address"], Value::Null, "{a}");
    assert_eq!(a["free_rao"], json!("3000000000"), "{a}");
    assert_eq!(rpc.balance(BALANCE_TRANSFER).await, U256::ZERO);
    node.stop().await;
}
