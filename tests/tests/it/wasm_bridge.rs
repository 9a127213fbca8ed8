//! The EVM→ink! bridge at 0xa00 (issue 10) on a dev node, through signed Ethereum
//! transactions: upload, instantiate and call the ink! counter; `query` with `eth_call`; ink!
//! events with `eth_getLogs`; value in RAO; a Solidity caller that reverts after the bridge call
//! leaves no trace; the hostile contract's endless loop is stopped and charged; bad input
//! reverts with a readable reason.

use alloy::sol_types::{SolCall, SolEvent};
use alloy_primitives::{Address, B256, Bytes, U256};
use contracts::IWasm;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::Command;
use taochain_tests::*;

const WASM: Address = contracts::wasm::ADDRESS;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A compiled ink! test contract (scripts/build-ink.sh builds them when missing).
fn ink(name: &str) -> Vec<u8> {
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root().join("target"));
    let path = target.join("ink").join(format!("{name}.wasm"));
    if !path.exists() {
        let status = Command::new(root().join("scripts/build-ink.sh"))
            .env("CARGO_TARGET_DIR", &target)
            .status()
            .expect("run scripts/build-ink.sh");
        assert!(status.success(), "scripts/build-ink.sh failed");
    }
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// ink! selector ‖ SCALE args.
fn sel(name: &str, args: &[u8]) -> Bytes {
    let mut v = wasm_host::code::blake2_256(name.as_bytes())[..4].to_vec();
    v.extend_from_slice(args);
    v.into()
}

/// The creation code of `BridgeCaller` (contracts/solidity/test/mocks/BridgeCaller.sol), from
/// the test run's `forge build`.
fn bridge_caller_initcode() -> Bytes {
    let out = crate::forge::forge_build(&root());
    crate::forge::initcode(&out, "BridgeCaller.sol", "BridgeCaller")
}

alloy::sol! {
    function callThenRevert(bytes32 account, bytes input) external payable;
    function callOnly(bytes32 account, bytes input) external payable returns (bytes memory);
    function delegate(bytes data) external returns (bool ok, bytes memory ret);
}

async fn query(rpc: &Rpc, account: B256, input: Bytes) -> Bytes {
    let data = IWasm::queryCall { account, input }.abi_encode();
    let out = rpc.call_at(WASM, data.into(), None).await.expect("query");
    IWasm::queryCall::abi_decode_returns(&out).expect("query output")
}

/// `eth_call` with a value and a sender: the revert reason, or `None` when it succeeds.
async fn call_reason(rpc: &Rpc, from: Address, data: Bytes, wei: U256) -> Option<String> {
    let req =
        json!([{"from": from, "to": WASM, "data": data, "value": format!("{wei:#x}")}, "latest"]);
    match rpc.call("eth_call", req).await {
        Ok(_) => None,
        Err(e) => {
            let data = e
                .data
                .as_ref()
                .and_then(Value::as_str)
                .map(|s| s.parse::<Bytes>().expect("hex revert data"));
            Some(data.and_then(|d| revert_reason(&d)).unwrap_or(e.message))
        }
    }
}

async fn contract_balance_rao(rpc: &Rpc, account: B256) -> u64 {
    let a = rpc.ok("tao_accountBalance", json!([account])).await;
    a["free_rao"].as_str().and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("{a}"))
}

async fn bridge_logs(rpc: &Rpc, block: u64) -> Vec<Value> {
    let filter = json!([{"address": WASM, "fromBlock": format!("{block:#x}"), "toBlock": format!("{block:#x}")}]);
    rpc.ok("eth_getLogs", filter).await.as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn ink_counter_through_signed_transactions_queries_logs_value_and_reverts() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    let dev0 = Sender::dev(&rpc, 0);
    let code = ink("counter");

    // 0xa00 has code, as every precompile.
    let got = rpc.ok("eth_getCode", json!([WASM, "latest"])).await;
    assert_ne!(got, json!("0x"));

    // upload: the code hash comes back (eth_call), then the transaction stores it.
    let up: Bytes = IWasm::uploadCall { code: code.clone().into() }.abi_encode().into();
    let out = rpc.call_from(dev0.address(), WASM, up.clone(), None).await.expect("upload");
    let hash = IWasm::uploadCall::abi_decode_returns(&out).unwrap();
    assert_eq!(hash, B256::from(wasm_host::code::blake2_256(&code)));
    let r = dev0.send_ok(Some(WASM), U256::ZERO, up, 15_000_000).await;
    let used = hex_u128(&r["gasUsed"]);
    assert!(used > 200 * code.len() as u128, "200 gas per byte charged: {used}");

    // instantiate the stored code: the account is the pallet's derivation from the twin.
    let ctor = sel("new", &[0]);
    let inst: Bytes = IWasm::instantiateCall {
        codeHash: hash,
        input: ctor.clone(),
        salt: B256::repeat_byte(1),
        gasLimit: 2_000_000,
    }
    .abi_encode()
    .into();
    let out = rpc.call_from(dev0.address(), WASM, inst.clone(), None).await.expect("instantiate");
    let account = IWasm::instantiateCall::abi_decode_returns(&out).unwrap();
    let want = wasm_host::contract_address(
        &wasm_host::AccountId32(dev0.id().0),
        &hash.0,
        &ctor,
        B256::repeat_byte(1).as_slice(),
    );
    assert_eq!(account.0, want.0);
    dev0.send_ok(Some(WASM), U256::ZERO, inst, 3_000_000).await;
    assert_eq!(query(&rpc, account, sel("get", &[])).await.to_vec(), vec![0, 0], "Ok(false)");

    // call flip: storage changes, the event is a log of 0xa00 that eth_getLogs finds.
    let flip: Bytes =
        IWasm::callCall { account, input: sel("flip", &[]), gasLimit: 0 }.abi_encode().into();
    let r = dev0.send_ok(Some(WASM), U256::ZERO, flip.clone(), 1_000_000).await;
    let block = hex_u128(&r["blockNumber"]) as u64;
    assert_eq!(query(&rpc, account, sel("get", &[])).await.to_vec(), vec![0, 1], "Ok(true)");
    assert_eq!(query(&rpc, account, sel("count", &[])).await.to_vec(), vec![0, 1, 0, 0, 0]);
    let logs = bridge_logs(&rpc, block).await;
    assert_eq!(logs.len(), 1, "{logs:?}");
    let topics = logs[0]["topics"].as_array().unwrap();
    assert_eq!(topics[0], json!(IWasm::ContractEmitted::SIGNATURE_HASH));
    assert_eq!(topics[1], json!(account));
    let data = hex_bytes(&logs[0]["data"]);
    let ev = IWasm::ContractEmitted::abi_decode_data(&data).unwrap();
    assert!(!ev.0.is_empty(), "the ink! event's topics are carried");

    // tao_ reads: the code hash, the root storage item (value ‖ count), dry runs.
    let h = rpc.ok("tao_wasmCodeHash", json!([account])).await;
    assert_eq!(h, json!(hash));
    assert_eq!(rpc.ok("tao_wasmCodeHash", json!([B256::repeat_byte(9)])).await, Value::Null);
    let root_item = rpc.ok("tao_wasmStorage", json!([account, "0x00000000"])).await;
    assert_eq!(root_item, json!("0x0101000000"), "value true, count 1");
    let dry = rpc.ok("tao_wasmDryRun", json!([dev0.address(), account, sel("flip", &[])])).await;
    assert_eq!(dry["reverted"], json!(false), "{dry}");
    assert_eq!(dry["events"].as_array().map(Vec::len), Some(1), "{dry}");
    assert_eq!(dry["events"][0]["account"], json!(account), "{dry}");
    assert_eq!(
        query(&rpc, account, sel("get", &[])).await.to_vec(),
        vec![0, 1],
        "dry run kept nothing"
    );
    let dry = rpc
        .ok("tao_wasmDryRun", json!([dev0.address(), account, sel("flip_then_revert", &[])]))
        .await;
    assert_eq!(
        (dry["reverted"].clone(), dry["output"].clone()),
        (json!(true), json!("0x000107")),
        "{dry}"
    );

    // payable: 1 000 RAO move from the sender to the contract's native balance.
    let before = contract_balance_rao(&rpc, account).await;
    let dep: Bytes =
        IWasm::callCall { account, input: sel("deposit", &[]), gasLimit: 0 }.abi_encode().into();
    dev0.send_ok(Some(WASM), rao_to_wei(1_000), dep.clone(), 1_000_000).await;
    assert_eq!(contract_balance_rao(&rpc, account).await, before + 1_000);
    assert_eq!(rpc.balance(WASM).await, U256::ZERO, "nothing stays at 0xa00");
    // 1 wei is not a whole RAO: refused, nothing moves.
    let reason = call_reason(&rpc, dev0.address(), dep.clone(), U256::from(1)).await;
    let reason = reason.expect("1 wei must revert");
    assert!(reason.contains("InvalidValue") && reason.contains("whole number of RAO"), "{reason}");
    let r = dev0.send(Some(WASM), U256::from(1), dep, 1_000_000).await;
    assert_eq!(r["status"], json!("0x0"));
    assert_eq!(rpc.balance(WASM).await, U256::ZERO);

    // A contract revert (Result::Err) reverts the bridge call with the contract's output.
    let fr: Bytes = IWasm::callCall { account, input: sel("flip_then_revert", &[]), gasLimit: 0 }
        .abi_encode()
        .into();
    let err = rpc.call_from(dev0.address(), WASM, fr, None).await.expect_err("reverts");
    assert_eq!(err.to_vec(), vec![0, 1, 7], "Ok(Err(7)) as the contract returned it");

    // Malformed SCALE input: ink! cannot decode it and reverts with
    // `Err(LangError::CouldNotReadInput)`, which the bridge passes on as the revert data.
    let bad: Bytes = IWasm::callCall { account, input: sel("deposit_of", &[1, 2]), gasLimit: 0 }
        .abi_encode()
        .into();
    let err = rpc.call_from(dev0.address(), WASM, bad, None).await.expect_err("reverts");
    assert_eq!(err.to_vec(), vec![1, 1], "Err(CouldNotReadInput)");
    // Malformed ABI.
    let reason = call_reason(&rpc, dev0.address(), Bytes::from(vec![1, 2, 3]), U256::ZERO).await;
    assert_eq!(reason.as_deref(), Some("UnknownSelector: IWasm: unknown function"));

    // A Solidity contract that calls the counter through 0xa00 and then reverts leaves nothing:
    // neither the deposit (storage, balances, event) nor a flip.
    let caller = dev0.deploy(bridge_caller_initcode()).await;
    dev0.send_ok(Some(caller), rao_to_wei(1_000_000_000), Bytes::new(), 100_000).await;
    let caller_twin = evm_id(caller);
    let deposit_of = sel("deposit_of", caller_twin.as_slice());
    let get = query(&rpc, account, sel("get", &[])).await;
    let bal = contract_balance_rao(&rpc, account).await;
    let caller_wei = rpc.balance(caller).await;
    for (input, wei) in [(sel("deposit", &[]), rao_to_wei(700)), (sel("flip", &[]), U256::ZERO)] {
        // The same call succeeds on its own (the revert below is the Solidity one).
        let inner = callOnlyCall { account, input: input.clone() }.abi_encode();
        let req = json!([{"from": dev0.address(), "to": caller, "data": Bytes::from(inner), "value": format!("{wei:#x}")}, "latest"]);
        rpc.ok("eth_call", req).await;
        let data = callThenRevertCall { account, input }.abi_encode();
        let r = dev0.send(Some(caller), wei, data.into(), 1_000_000).await;
        assert_eq!(r["status"], json!("0x0"));
        let block = hex_u128(&r["blockNumber"]) as u64;
        assert!(bridge_logs(&rpc, block).await.is_empty(), "no event");
    }
    assert_eq!(query(&rpc, account, sel("get", &[])).await, get, "storage untouched");
    assert_eq!(query(&rpc, account, deposit_of).await.to_vec(), vec![0; 9], "Ok(0): no deposit");
    assert_eq!(contract_balance_rao(&rpc, account).await, bal, "contract balance untouched");
    assert_eq!(rpc.balance(caller).await, caller_wei, "caller balance untouched");
    // The same call without the revert goes through, with the contract's twin as the caller.
    let r = dev0
        .send_ok(
            Some(caller),
            U256::ZERO,
            callOnlyCall { account, input: sel("flip", &[]) }.abi_encode().into(),
            1_000_000,
        )
        .await;
    let block = hex_u128(&r["blockNumber"]) as u64;
    assert_eq!(bridge_logs(&rpc, block).await.len(), 1);
    // DELEGATECALL into the bridge fails.
    let d = delegateCall {
        data: IWasm::queryCall { account, input: sel("get", &[]) }.abi_encode().into(),
    };
    let out = rpc.call_at(caller, d.abi_encode().into(), None).await.expect("delegate returns");
    let ret = delegateCall::abi_decode_returns(&out).unwrap();
    assert!(!ret.ok);
    let reason = revert_reason(&ret.ret).unwrap_or_default();
    assert!(reason.starts_with("DelegateCallNotAllowed"), "{reason}");
    node.stop().await;
}

#[tokio::test]
async fn a_hostile_endless_loop_is_charged_and_changes_nothing() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    let dev0 = Sender::dev(&rpc, 0);
    let inst: Bytes = IWasm::instantiateWithCodeCall {
        code: ink("hostile").into(),
        input: sel("new", &[]),
        salt: B256::ZERO,
        gasLimit: 0,
    }
    .abi_encode()
    .into();
    let out = rpc.call_from(dev0.address(), WASM, inst.clone(), None).await.expect("deploy");
    let account = IWasm::instantiateWithCodeCall::abi_decode_returns(&out).unwrap();
    dev0.send_ok(Some(WASM), U256::ZERO, inst, 15_000_000).await;
    let marker = query(&rpc, account, sel("marker", &[])).await;

    let spin: Bytes =
        IWasm::callCall { account, input: sel("spin", &[]), gasLimit: 500_000 }.abi_encode().into();
    let reason = call_reason(&rpc, dev0.address(), spin.clone(), U256::ZERO).await;
    assert!(reason.as_deref().is_some_and(|r| r.starts_with("OutOfGas: call:")), "{reason:?}");
    let r = dev0.send(Some(WASM), U256::ZERO, spin, 1_000_000).await;
    assert_eq!(r["status"], json!("0x0"));
    let used = hex_u128(&r["gasUsed"]);
    assert!(used >= 500_000, "the whole ink! limit is charged: {used}");
    assert_eq!(
        query(&rpc, account, sel("marker", &[])).await,
        marker,
        "the marker write is undone"
    );

    // Block production continues: the next transaction is mined in a later block.
    let spun = hex_u128(&r["blockNumber"]);
    let next =
        dev0.send_ok(Some(Address::repeat_byte(0x42)), U256::from(1), Bytes::new(), 21_000).await;
    assert!(hex_u128(&next["blockNumber"]) > spun, "{next}");
    node.stop().await;
}

/// The chain extension 0x1000 through the bridge, in signed transactions: an ink! contract
/// (`ext_all`) stakes its own TAO (`add_stake`, id 1) and its caller's (`caller_add_stake`,
/// id 20) through the same runtime functions as 0x805; the ledger shows both stakes and the
/// balances moved; a failing status reverts the call with `Err(Status)` and changes nothing.
#[tokio::test]
async fn ink_contracts_stake_through_the_chain_extension() {
    use crate::e2e_subnet::i::{IStaking, ISubnet};
    use crate::e2e_subnet::{STAKING, SUBNET};
    const TAO: u64 = 1_000_000_000;
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    let (dev0, owner, staker) = (Sender::dev(&rpc, 0), Sender::dev(&rpc, 1), Sender::dev(&rpc, 3));
    let reg = ISubnet::registerNetwork_0Call { hotkey: owner.id() }.abi_encode();
    owner.send_ok(Some(SUBNET), U256::ZERO, reg.into(), 3_000_000).await;
    let hotkey = owner.id();
    let stake = |coldkey: B256| {
        let rpc = &rpc;
        async move {
            let c = IStaking::getStakeCall { hotkey, coldkey, netuid: U256::from(1) };
            let out = rpc.call_at(STAKING, c.abi_encode().into(), None).await.expect("getStake");
            IStaking::getStakeCall::abi_decode_returns(&out).unwrap().to::<u64>()
        }
    };

    // Deploy ext_all and give its account 100 TAO (a native balance: nobody's twin).
    let inst: Bytes = IWasm::instantiateWithCodeCall {
        code: ink("ext_all").into(),
        input: sel("new", &[]),
        salt: B256::ZERO,
        gasLimit: 0,
    }
    .abi_encode()
    .into();
    let out = rpc.call_from(dev0.address(), WASM, inst.clone(), None).await.expect("deploy");
    let account = IWasm::instantiateWithCodeCall::abi_decode_returns(&out).unwrap();
    dev0.send_ok(Some(WASM), U256::ZERO, inst, 15_000_000).await;
    let fund = contracts::IBalanceTransfer::transferCall { data: account }.abi_encode();
    let to = contracts::balance_transfer::ADDRESS;
    dev0.send_ok(Some(to), rao_to_wei(100 * TAO), fund.into(), 1_000_000).await;
    assert_eq!(contract_balance_rao(&rpc, account).await, 100 * TAO);

    let args = |amount: u64| {
        let mut a = hotkey.to_vec();
        a.extend_from_slice(&1u16.to_le_bytes());
        a.extend_from_slice(&amount.to_le_bytes());
        a
    };
    let call = |msg: &str, a: &[u8]| -> Bytes {
        IWasm::callCall { account, input: sel(msg, a), gasLimit: 0 }.abi_encode().into()
    };

    // id 1: the contract stakes 10 TAO of its own as the coldkey.
    assert_eq!(stake(account).await, 0);
    dev0.send_ok(Some(WASM), U256::ZERO, call("add_stake", &args(10 * TAO)), 3_000_000).await;
    let own = stake(account).await;
    assert!(own > 0, "the contract holds stake");
    assert_eq!(contract_balance_rao(&rpc, account).await, 90 * TAO, "10 TAO left the contract");

    // id 20: the caller's 5 TAO staked for the caller's twin, not for the contract.
    let before = rpc.balance(staker.address()).await;
    let r =
        staker.send_ok(Some(WASM), U256::ZERO, call("caller_add_stake", &args(5 * TAO)), 3_000_000);
    let r: Value = r.await;
    let (_, fee) = receipt_block_and_fee(&r);
    assert!(stake(staker.id()).await > 0, "the caller's twin holds stake");
    assert_eq!(stake(account).await, own, "the contract's stake is unchanged");
    assert_eq!(before - rpc.balance(staker.address()).await - fee, rao_to_wei(5 * TAO));

    // A failure: unknown subnet 99 → status 9 (SubnetNotExists); the bridge call reverts with
    // the contract's `Ok(Err(Status(9)))`, and nothing moves.
    let mut bad = hotkey.to_vec();
    bad.extend_from_slice(&99u16.to_le_bytes());
    bad.extend_from_slice(&TAO.to_le_bytes());
    let err = rpc
        .call_from(dev0.address(), WASM, call("add_stake", &bad), None)
        .await
        .expect_err("reverts");
    assert_eq!(err.to_vec(), [vec![0, 1], 9u32.to_le_bytes().to_vec()].concat());
    let r = dev0.send(Some(WASM), U256::ZERO, call("add_stake", &bad), 3_000_000).await;
    assert_eq!(r["status"], json!("0x0"));
    assert_eq!(contract_balance_rao(&rpc, account).await, 90 * TAO);
    assert_eq!(stake(account).await, own);

    // A Solidity contract has ext_all stake 2 TAO of its own (caller_add_stake: the caller is
    // the Solidity contract's twin) and then reverts: no stake, no balance moved, no log.
    let solidity = dev0.deploy(bridge_caller_initcode()).await;
    dev0.send_ok(Some(solidity), rao_to_wei(10 * TAO), Bytes::new(), 100_000).await;
    let input = sel("caller_add_stake", &args(2 * TAO));
    let wei = rpc.balance(solidity).await;
    let r = dev0
        .send(
            Some(solidity),
            U256::ZERO,
            callThenRevertCall { account, input: input.clone() }.abi_encode().into(),
            3_000_000,
        )
        .await;
    assert_eq!(r["status"], json!("0x0"));
    assert!(bridge_logs(&rpc, hex_u128(&r["blockNumber"]) as u64).await.is_empty());
    assert_eq!(stake(evm_id(solidity)).await, 0, "the stake is undone");
    assert_eq!(rpc.balance(solidity).await, wei, "the TAO is back");
    // The same call without the revert stakes: the revert above is what undid it.
    let keep = callOnlyCall { account, input }.abi_encode();
    dev0.send_ok(Some(solidity), U256::ZERO, keep.into(), 3_000_000).await;
    assert!(stake(evm_id(solidity)).await > 0, "staked without the revert");
    assert_eq!(wei - rpc.balance(solidity).await, rao_to_wei(2 * TAO));
    node.stop().await;
}
