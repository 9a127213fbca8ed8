use super::*;
use crate::events::Recorder;
use alloy_primitives::Address;
use contracts::IWasm::{callCall, queryCall, uploadCall};
use tao_runtime::MemNative;

fn bridge() -> Bridge {
    Bridge::new(wasm_host::HostConfig::default(), None).unwrap()
}

fn call(input: Vec<u8>, wei: u64, is_static: bool) -> Call {
    Call {
        caller: Address::repeat_byte(7),
        value: U256::from(wei),
        input: input.into(),
        is_static,
        gas_limit: 1_000_000,
    }
}

fn reason(r: Result<Output, Failure>) -> String {
    match r {
        Err(f) => f.message().unwrap_or_else(|| format!("{f:?}")),
        Ok(o) => panic!("expected a revert, got {o:?}"),
    }
}

#[test]
fn a_value_that_is_not_whole_rao_is_refused_and_nothing_moves() {
    let mut s = Recorder::new(MemNative::default());
    s.balances.insert(WASM, U256::from(1));
    let c = callCall { account: B256::repeat_byte(1), input: vec![1, 2, 3, 4].into(), gasLimit: 0 };
    let r = run(
        &bridge(),
        &mut s,
        &call(c.abi_encode(), 1, false),
        &mut Gas::new(1_000_000),
        BlockEnv::default(),
    );
    let msg = reason(r);
    assert!(
        msg.starts_with("InvalidValue: call: msg.value 1 wei is not a whole number of RAO"),
        "{msg}"
    );
    assert_eq!(
        s.balances[&WASM],
        U256::from(1),
        "the wei stays where the frame put it (the revert returns it)"
    );
}

#[test]
fn malformed_abi_static_writes_and_bad_code_revert_with_names() {
    let b = bridge();
    let mut s = Recorder::new(MemNative::default());
    let mut gas = Gas::new(1_000_000);
    let msg = reason(run(
        &b,
        &mut s,
        &call(vec![0xde, 0xad, 0xbe, 0xef], 0, false),
        &mut gas,
        BlockEnv::default(),
    ));
    assert_eq!(msg, "UnknownSelector: IWasm: unknown function");
    let mut short =
        callCall { account: B256::ZERO, input: vec![].into(), gasLimit: 0 }.abi_encode();
    short.truncate(40);
    let msg = reason(run(&b, &mut s, &call(short, 0, false), &mut gas, BlockEnv::default()));
    assert!(msg.starts_with("InvalidInput: IWasm: malformed arguments for call("), "{msg}");
    let up = uploadCall { code: vec![0, 1, 2].into() }.abi_encode();
    let msg = reason(run(&b, &mut s, &call(up.clone(), 0, true), &mut gas, BlockEnv::default()));
    assert_eq!(msg, "WriteInStaticCall: upload: state change in a static call");
    let msg = reason(run(&b, &mut s, &call(up, 0, false), &mut gas, BlockEnv::default()));
    assert!(msg.starts_with("CodeRejected: upload: "), "{msg}");
    // A query of an account with no contract: named, in a static call too.
    let q =
        queryCall { account: B256::repeat_byte(3), input: vec![1, 2, 3, 4].into() }.abi_encode();
    let msg = reason(run(&b, &mut s, &call(q, 0, true), &mut gas, BlockEnv::default()));
    assert!(msg.starts_with("InvalidInput: query: no contract at 0x0303"), "{msg}");
    assert!(s.slots.is_empty() && s.logs.is_empty(), "nothing written");
}

#[test]
fn event_logs_carry_the_account_topics_and_data() {
    let e = ContractEvent { contract: [5; 32].into(), topics: vec![[6; 32]], data: vec![1, 2] };
    let log = event_log(&e);
    assert_eq!(log.address, WASM);
    assert_eq!(log.data.topics()[0], I::ContractEmitted::SIGNATURE_HASH);
    assert_eq!(log.data.topics()[1], B256::repeat_byte(5));
    let d = I::ContractEmitted::decode_log_data(&log.data).unwrap();
    assert_eq!(d.topics, vec![B256::repeat_byte(6)]);
    assert_eq!(d.data.to_vec(), vec![1, 2]);
}
