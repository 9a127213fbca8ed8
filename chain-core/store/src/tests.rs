use super::*;
use crate::write::{BlockWriter, write_block};
use alloy_primitives::U256;
use tao_chain::block::{Header, encode_body, encode_receipts};
use tao_chain::state::StateView;

fn acc(balance: u64, nonce: u64) -> Option<AccountInfo> {
    Some(AccountInfo { nonce, balance: U256::from(balance), ..Default::default() })
}

fn header(n: u64, parent: B256) -> SealedHeader {
    SealedHeader::new(Header { number: n, parent_hash: parent, timestamp: n, ..Default::default() })
}

/// A whole block written in one go through the same table writes as genesis ([`write_block`]);
/// the production path is [`Store::begin_block`] and [`BlockWriter::commit`].
fn commit_block(
    store: &Store,
    block: &Block,
    receipts: &[StoredReceipt],
    changes: &StateChanges,
) -> Result<(), StoreError> {
    let w = store.begin_block(block.header.number())?;
    write_block(&w.w, block, receipts, changes, true)?;
    let BlockWriter { store, w, .. } = w;
    w.commit()?;
    store.committed(changes);
    Ok(())
}

fn chain(store: &Store) -> (Address, U256) {
    let a = Address::repeat_byte(0xaa);
    let slot = U256::from(7);
    let g = header(0, B256::ZERO);
    let mut c = StateChanges::default();
    c.accounts.insert(a, acc(100, 0));
    store.init_genesis(&g, &c).unwrap();
    let mut parent = g.hash;
    for n in 1..=3u64 {
        let h = header(n, parent);
        parent = h.hash;
        let mut c = StateChanges::default();
        c.accounts.insert(a, acc(100 + n * 10, n));
        c.storage.insert((a, slot), U256::from(n * 1000));
        commit_block(store, &Block { header: h, txs: vec![] }, &[], &c).unwrap();
    }
    (a, slot)
}

#[test]
fn serves_state_at_every_block() {
    let store = Store::in_memory().unwrap();
    let (a, slot) = chain(&store);
    assert_eq!(store.head_number().unwrap(), 3);
    for n in 0..=3u64 {
        let v = store.state_at(Some(n)).unwrap();
        assert_eq!(v.account(a).unwrap().unwrap().balance, U256::from(100 + n * 10), "block {n}");
        assert_eq!(v.storage(a, slot).unwrap(), U256::from(n * 1000), "block {n}");
    }
    let latest = store.state_at(None).unwrap();
    assert_eq!(latest.account(a).unwrap().unwrap().nonce, 3);
    assert!(store.state_at(Some(1)).unwrap().account(Address::ZERO).unwrap().is_none());
}

#[test]
fn rejects_non_consecutive_blocks_and_other_genesis() {
    let store = Store::in_memory().unwrap();
    chain(&store);
    let h = header(7, B256::ZERO);
    let err =
        commit_block(&store, &Block { header: h, txs: vec![] }, &[], &StateChanges::default());
    assert!(matches!(err, Err(StoreError::NotNext { head: 3, got: 7 })));
    let other = header(0, B256::repeat_byte(1));
    assert!(matches!(
        store.init_genesis(&other, &StateChanges::default()),
        Err(StoreError::WrongChain { .. })
    ));
}

#[test]
fn unwind_restores_state_and_indexes() {
    let store = Store::in_memory().unwrap();
    let (a, slot) = chain(&store);
    let h2 = store.header(2).unwrap().unwrap();
    store.unwind_to(1).unwrap();
    assert_eq!(store.head_number().unwrap(), 1);
    assert!(store.header(2).unwrap().is_none());
    assert_eq!(store.number_of(h2.hash).unwrap(), None);
    let v = store.state_at(None).unwrap();
    assert_eq!(v.account(a).unwrap().unwrap().balance, U256::from(110));
    assert_eq!(v.storage(a, slot).unwrap(), U256::from(1000));
    store.unwind_to(0).unwrap();
    let v = store.state_at(None).unwrap();
    assert_eq!(v.storage(a, slot).unwrap(), U256::ZERO);
    assert_eq!(v.account(a).unwrap().unwrap().nonce, 0);
}

#[test]
fn dev_changes_belong_to_the_head_block() {
    let store = Store::in_memory().unwrap();
    let (a, _) = chain(&store);
    let mut c = StateChanges::default();
    c.accounts.insert(a, acc(5, 3));
    store.apply_dev_changes(&c).unwrap();
    assert_eq!(store.state_at(None).unwrap().account(a).unwrap().unwrap().balance, U256::from(5));
    assert_eq!(
        store.state_at(Some(2)).unwrap().account(a).unwrap().unwrap().balance,
        U256::from(120)
    );
    store.unwind_to(2).unwrap();
    assert_eq!(store.state_at(None).unwrap().account(a).unwrap().unwrap().balance, U256::from(120));
}

#[test]
fn wipe_clears_storage_and_unwind_brings_it_back() {
    let store = Store::in_memory().unwrap();
    let (a, slot) = chain(&store);
    let head = store.head().unwrap();
    let mut c = StateChanges::default();
    c.wiped.push(a);
    commit_block(&store, &Block { header: header(4, head.hash), txs: vec![] }, &[], &c).unwrap();
    assert_eq!(store.state_at(None).unwrap().storage(a, slot).unwrap(), U256::ZERO);
    assert_eq!(store.state_at(Some(3)).unwrap().storage(a, slot).unwrap(), U256::from(3000));
    store.unwind_to(3).unwrap();
    assert_eq!(store.state_at(None).unwrap().storage(a, slot).unwrap(), U256::from(3000));
}

#[test]
fn survives_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chain.redb");
    let (a, hash) = {
        let store = Store::open(&path).unwrap();
        let (a, _) = chain(&store);
        (a, store.head().unwrap().hash)
    };
    let store = Store::open(&path).unwrap();
    assert_eq!(store.head().unwrap().hash, hash);
    assert_eq!(store.state_at(None).unwrap().account(a).unwrap().unwrap().nonce, 3);
}

#[test]
fn dev_edits_are_undone_to_a_mark() {
    let store = Store::in_memory().unwrap();
    let (a, slot) = chain(&store);
    let b = Address::repeat_byte(0xbb);
    let mut c = StateChanges::default();
    c.accounts.insert(a, acc(1, 3));
    store.apply_dev_changes(&c).unwrap();
    let (n, seq) = store.dev_mark().unwrap();
    assert_eq!((n, seq), (3, 1));
    let mut d = StateChanges::default();
    d.accounts.insert(a, acc(2, 3));
    d.accounts.insert(b, acc(9, 0));
    d.storage.insert((a, slot), U256::from(77));
    store.apply_dev_changes(&d).unwrap();
    assert_eq!(store.state_at(None).unwrap().account(b).unwrap().unwrap().balance, U256::from(9));
    store.unwind_to_mark(n, seq).unwrap();
    let v = store.state_at(None).unwrap();
    assert_eq!(v.account(a).unwrap().unwrap().balance, U256::from(1), "first edit kept");
    assert!(v.account(b).unwrap().is_none(), "second edit undone");
    assert_eq!(v.storage(a, slot).unwrap(), U256::from(3000));
    // History below the head still answers the pre-edit values.
    assert_eq!(
        store.state_at(Some(2)).unwrap().account(a).unwrap().unwrap().balance,
        U256::from(120)
    );
    assert!(store.state_at(Some(2)).unwrap().account(b).unwrap().is_none());
    // Undo everything back to before any edit, then unwind one block: consistent.
    store.unwind_to_mark(3, 0).unwrap();
    assert_eq!(store.state_at(None).unwrap().account(a).unwrap().unwrap().balance, U256::from(130));
    store.unwind_to(2).unwrap();
    assert_eq!(store.state_at(None).unwrap().account(a).unwrap().unwrap().balance, U256::from(120));
}

fn signed_tx(nonce: u64) -> RecoveredTx {
    use alloy::consensus::{SignableTransaction, TxEip1559, TxEnvelope};
    use alloy::signers::{SignerSync, local::PrivateKeySigner};
    let signer = PrivateKeySigner::from_bytes(&B256::repeat_byte(3)).unwrap();
    let t = TxEip1559 { chain_id: 1, nonce, gas_limit: 21_000, ..Default::default() };
    let sig = signer.sign_hash_sync(&t.signature_hash()).unwrap();
    let env: TxEnvelope = t.into_signed(sig).into();
    RecoveredTx { hash: *env.tx_hash(), tx: env, sender: signer.address() }
}

#[test]
fn block_writer_commits_the_same_records_as_commit_block() {
    let a = Store::in_memory().unwrap();
    let b = Store::in_memory().unwrap();
    let (addr, _) = chain(&a);
    chain(&b);
    let head = a.head().unwrap();
    let txs: Vec<RecoveredTx> = (0..300).map(signed_tx).collect();
    let receipts: Vec<StoredReceipt> = (0..300u64)
        .map(|i| StoredReceipt {
            tx_type: 2,
            success: true,
            cumulative_gas_used: 21_000 * (i + 1),
            gas_used: 21_000,
            effective_gas_price: 1,
            from: txs[0].sender,
            to: Address::ZERO.to_vec().into(),
            contract_address: Default::default(),
            logs: vec![],
        })
        .collect();
    let mut c = StateChanges::default();
    c.accounts.insert(addr, acc(7, 300));
    let block = Block { header: header(4, head.hash), txs: txs.clone() };
    commit_block(&a, &block, &receipts, &c).unwrap();

    assert!(matches!(b.begin_block(5), Err(StoreError::NotNext { head: 3, got: 5 })));
    let mut w = b.begin_block(4).unwrap();
    let hashes: Vec<B256> = txs.iter().map(|t| t.hash).collect();
    w.index_txs(&hashes).unwrap();
    w.commit(&block.header, &encode_body(&txs), &encode_receipts(&receipts), &c).unwrap();

    for s in [&a, &b] {
        assert_eq!(s.head().unwrap(), block.header);
        assert_eq!(s.body(4).unwrap().unwrap(), txs);
        assert_eq!(s.receipts(4).unwrap().unwrap(), receipts);
        assert_eq!(s.number_of(block.header.hash).unwrap(), Some(4));
        for (i, t) in txs.iter().enumerate() {
            assert_eq!(
                s.tx_location(t.hash).unwrap(),
                Some(TxLocation { block: 4, index: i as u32 })
            );
            assert_eq!(s.tx_at(4, i as u32).unwrap().as_ref(), Some(t));
            assert_eq!(s.receipt_at(4, i as u32).unwrap(), Some((receipts[i].clone(), 0)));
        }
        assert_eq!(s.tx_at(4, 300).unwrap(), None);
        assert_eq!(s.receipt_at(9, 0).unwrap(), None);
        assert_eq!(s.latest_account(addr).unwrap(), acc(7, 300));
        assert_eq!(s.state_at(Some(3)).unwrap().account(addr).unwrap(), acc(130, 3));
    }
    // A dropped writer leaves nothing behind.
    let head = b.head().unwrap();
    let mut w = b.begin_block(5).unwrap();
    w.index_txs(&[B256::repeat_byte(9)]).unwrap();
    drop(w);
    assert_eq!(b.head().unwrap(), head);
    assert_eq!(b.tx_location(B256::repeat_byte(9)).unwrap(), None);
}

#[test]
fn latest_account_follows_commits_edits_and_unwinds() {
    let store = Store::in_memory().unwrap();
    let (a, _) = chain(&store);
    let fresh = Address::repeat_byte(0x42);
    assert_eq!(store.latest_account(a).unwrap(), acc(130, 3));
    assert_eq!(store.latest_account(fresh).unwrap(), None);
    let mut c = StateChanges::default();
    c.accounts.insert(fresh, acc(1, 0));
    store.apply_dev_changes(&c).unwrap();
    assert_eq!(store.latest_account(fresh).unwrap(), acc(1, 0));
    let head = store.head().unwrap();
    let mut c = StateChanges::default();
    c.accounts.insert(a, acc(140, 4));
    commit_block(&store, &Block { header: header(4, head.hash), txs: vec![] }, &[], &c).unwrap();
    assert_eq!(store.latest_account(a).unwrap(), acc(140, 4));
    store.unwind_to(2).unwrap();
    assert_eq!(store.latest_account(a).unwrap(), acc(120, 2));
    assert_eq!(store.latest_account(fresh).unwrap(), None);
    for n in [a, fresh, Address::ZERO] {
        assert_eq!(
            store.latest_account(n).unwrap(),
            store.state_at(None).unwrap().account(n).unwrap()
        );
    }
}
