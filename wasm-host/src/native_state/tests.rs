use super::*;
use alloy_primitives::Address;
use tao_primitives::address_to_account_id;
use tao_runtime::MemNative;

const A: AccountId32 = AccountId32([1; 32]);
const B: AccountId32 = AccountId32([2; 32]);

fn state() -> NativeWasmState<MemNative> {
    NativeWasmState::new(MemNative::default())
}

#[test]
fn code_and_storage_round_trip_with_empty_and_absent_values_apart() {
    let mut s = state();
    let code: Vec<u8> = (0..100u8).collect();
    assert!(!s.has_code(&[9; 32]));
    s.put_code([9; 32], code.clone());
    assert_eq!(s.code(&[9; 32]), Some(code));
    assert!(s.has_code(&[9; 32]));
    s.set_contract(A, Some([9; 32]));
    assert_eq!(s.contract(&A), Some([9; 32]));
    assert_eq!(s.set_storage(&A, b"k", Some(vec![])), None);
    assert_eq!(s.storage(&A, b"k"), Some(vec![]), "empty is not absent");
    assert_eq!(s.set_storage(&A, b"k", Some(vec![7; 70])), Some(vec![]));
    assert_eq!(s.storage(&A, b"k"), Some(vec![7; 70]));
    // 70 bytes = 3 chunks + the length word; a shorter value clears the stale chunks.
    let slots_long = s.store_mut().slots.len();
    assert_eq!(s.set_storage(&A, b"k", Some(vec![1; 5])), Some(vec![7; 70]));
    assert_eq!(s.store_mut().slots.len(), slots_long - 2);
    assert_eq!(s.set_storage(&A, b"k", None), Some(vec![1; 5]));
    assert_eq!(s.storage(&A, b"k"), None);
    assert!(s.error().is_none());
}

#[test]
fn terminate_makes_old_storage_unreachable_and_set_code_hash_keeps_it() {
    let mut s = state();
    s.set_contract(A, Some([1; 32]));
    s.set_storage(&A, b"k", Some(b"v".to_vec()));
    s.set_contract(A, Some([2; 32]));
    assert_eq!(s.storage(&A, b"k"), Some(b"v".to_vec()), "a code hash swap keeps storage");
    s.set_contract(A, None);
    assert_eq!(s.contract(&A), None);
    assert_eq!(s.storage(&A, b"k"), None);
    s.set_contract(A, Some([1; 32]));
    assert_eq!(s.storage(&A, b"k"), None, "a new instance has a fresh trie");
    assert_eq!(s.store_mut().get_u64(schema::wasm_trie_nonce()).unwrap(), 2);
    // Writing storage of a non-contract is a host bug: recorded, nothing written.
    assert_eq!(s.set_storage(&B, b"k", Some(vec![1])), None);
    assert!(s.error().is_some());
}

#[test]
fn checkpoints_undo_storage_balances_and_events() {
    let mut s = state();
    s.store_mut().credit(&A, Rao(1_000)).unwrap();
    s.set_contract(A, Some([1; 32]));
    let outer = s.checkpoint();
    s.set_storage(&A, b"k", Some(b"1".to_vec()));
    let inner = s.checkpoint();
    s.set_storage(&A, b"k", Some(b"2".to_vec()));
    assert_eq!(s.transfer(&A, &B, 400), Ok(()));
    s.deposit_event(ContractEvent { contract: A, topics: vec![[3; 32]], data: vec![1] });
    s.revert_to(inner);
    assert_eq!(s.storage(&A, b"k"), Some(b"1".to_vec()));
    assert_eq!((s.balance(&A), s.balance(&B)), (1_000, 0));
    assert!(s.events().is_empty());
    let again = s.checkpoint();
    s.deposit_event(ContractEvent { contract: A, topics: vec![], data: vec![2] });
    s.commit(again);
    s.commit(outer);
    assert_eq!(s.events().len(), 1);
    assert_eq!(
        s.transfer(&A, &B, 1_001),
        Err(TransferError::Insufficient { balance: 1_000, amount: 1_001 })
    );
    assert!(s.error().is_none());
    assert!(s.store_mut().snapshots.is_empty(), "every position closed");
}

#[test]
fn an_evm_twin_spends_its_addresss_balance() {
    let mut s = state();
    let a = Address::repeat_byte(0x44);
    let twin = s.store_mut().link_evm_address(a).unwrap();
    assert_eq!(twin, address_to_account_id(a));
    s.store_mut().evm_credit(a, Rao(5_000).to_wei()).unwrap();
    assert_eq!(s.balance(&twin), 5_000);
    assert_eq!(s.transfer(&twin, &B, 1_200), Ok(()));
    assert_eq!(s.store_mut().evm_balance(a).unwrap(), Rao(3_800).to_wei());
    assert_eq!(s.store_mut().free_balance(&B).unwrap(), Rao(1_200), "B is native");
}
