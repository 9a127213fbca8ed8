use super::*;
use tao_runtime::MemNative;

#[test]
fn every_request_is_served_on_the_state() {
    let mut s = NativeWasmState::new(MemNative::default());
    let a = AccountId32([1; 32]);
    let b = AccountId32([2; 32]);
    assert_eq!(serve(&mut s, None, Request::PutCode([5; 32], vec![1, 2, 3])), Reply::Done);
    assert_eq!(serve(&mut s, None, Request::HasCode([5; 32])), Reply::Flag(true));
    assert_eq!(serve(&mut s, None, Request::Code([5; 32])), Reply::Bytes(Some(vec![1, 2, 3])));
    assert_eq!(serve(&mut s, None, Request::SetContract(a, Some([5; 32]))), Reply::Done);
    assert_eq!(serve(&mut s, None, Request::Contract(a)), Reply::Hash(Some([5; 32])));
    let cp = serve(&mut s, None, Request::Checkpoint);
    assert_eq!(cp, Reply::Checkpoint(Checkpoint(0)));
    assert_eq!(
        serve(&mut s, None, Request::SetStorage(a, b"k".to_vec(), Some(vec![9]))),
        Reply::Bytes(None)
    );
    assert_eq!(
        serve(&mut s, None, Request::Storage(a, b"k".to_vec())),
        Reply::Bytes(Some(vec![9]))
    );
    assert_eq!(serve(&mut s, None, Request::Revert(Checkpoint(0))), Reply::Done);
    assert_eq!(serve(&mut s, None, Request::Storage(a, b"k".to_vec())), Reply::Bytes(None));
    assert_eq!(serve(&mut s, None, Request::Balance(a)), Reply::Balance(0));
    assert_eq!(
        serve(&mut s, None, Request::Transfer(a, b, 1)),
        Reply::Transfer(Err(TransferError::Insufficient { balance: 0, amount: 1 }))
    );
    let ev = ContractEvent { contract: a, topics: vec![], data: vec![1] };
    assert_eq!(serve(&mut s, None, Request::Event(ev.clone())), Reply::Done);
    assert_eq!(s.events(), &[ev]);
    let cp = serve(&mut s, None, Request::Checkpoint);
    assert_eq!(cp, Reply::Checkpoint(Checkpoint(0)));
    assert_eq!(serve(&mut s, None, Request::Commit(Checkpoint(0))), Reply::Done);
    let ext = Request::Extension { id: 0x1000_0001, contract: a, caller: b, input: vec![] };
    assert_eq!(
        serve(&mut s, None, ext),
        Reply::Extension(Ok(ExtensionOutcome { status: 1, output: vec![], gas: 0 })),
        "no extension: status 1"
    );
    assert!(s.error().is_none());
}

/// A test hook: writes a native slot and echoes its input with the ids.
struct Hook;

impl NativeExtension for Hook {
    fn call(
        &self,
        store: &mut dyn NativeStore,
        call: &ExtensionCall<'_>,
    ) -> Result<ExtensionOutcome, String> {
        use tao_runtime::store::NativeExt;
        let k = tao_runtime::schema::Key::new(7, &[]);
        store.set_u64(k, u64::from(call.id)).map_err(|e| e.to_string())?;
        let mut output = call.contract.0[..1].to_vec();
        output.extend_from_slice(&call.caller.0[..1]);
        output.extend_from_slice(call.input);
        Ok(ExtensionOutcome { status: 0, output, gas: 11 })
    }
}

#[test]
fn extension_requests_reach_the_hook_with_the_native_store() {
    let mut s = NativeWasmState::new(MemNative::default());
    let req = Request::Extension {
        id: 0x1000_0004,
        contract: AccountId32([3; 32]),
        caller: AccountId32([4; 32]),
        input: vec![8, 9],
    };
    let r = serve(&mut s, Some(&Hook), req);
    assert_eq!(
        r,
        Reply::Extension(Ok(ExtensionOutcome { status: 0, output: vec![3, 4, 8, 9], gas: 11 }))
    );
    use tao_runtime::store::NativeExt;
    assert_eq!(s.store_mut().get_u64(tao_runtime::schema::Key::new(7, &[])).unwrap(), 0x1000_0004);
}

#[test]
fn a_disconnected_channel_state_answers_nothing() {
    let mut c = ChannelState::default();
    assert_eq!(c.code(&[0; 32]), None);
    assert_eq!(c.balance(&AccountId32([1; 32])), 0);
    assert_eq!(c.checkpoint(), Checkpoint(u64::MAX));
    assert!(c.transfer(&AccountId32([1; 32]), &AccountId32([2; 32]), 5).is_err());
}
