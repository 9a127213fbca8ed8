//! A test state for the chain extension: contract state in a `MemoryState`, native state in a
//! `MemNative`, with `NativeHost` so `BittensorExtension` reaches the native runtime. Shared by
//! `tests/chain_ext.rs` and `benches/chain_ext.rs`.

use tao_runtime::MemNative;
use wasm_host::chain_ext::NativeHost;
use wasm_host::{
    AccountId32, Checkpoint, CodeHash, ContractEvent, MemoryState, TransferError, WasmState,
};

/// Contract state in a `MemoryState`, native state in a `MemNative`; a checkpoint snapshots the
/// native store, so the host's frame journal undoes native writes too.
#[derive(Default, Clone)]
pub struct TestState {
    pub wasm: MemoryState,
    pub native: MemNative,
    snaps: Vec<(Checkpoint, MemNative)>,
}

impl TestState {
    /// Empty contract state over `native`.
    pub fn new(native: MemNative) -> Self {
        Self { native, ..Self::default() }
    }

    /// Checkpoints taken and not yet committed or reverted.
    pub fn open_checkpoints(&self) -> usize {
        self.snaps.len()
    }
}

impl NativeHost for TestState {
    type Native = MemNative;
    fn native(&mut self) -> &mut MemNative {
        &mut self.native
    }
}

impl WasmState for TestState {
    fn code(&self, hash: &CodeHash) -> Option<Vec<u8>> {
        self.wasm.code(hash)
    }
    fn put_code(&mut self, hash: CodeHash, code: Vec<u8>) {
        self.wasm.put_code(hash, code)
    }
    fn contract(&self, account: &AccountId32) -> Option<CodeHash> {
        self.wasm.contract(account)
    }
    fn set_contract(&mut self, account: AccountId32, code_hash: Option<CodeHash>) {
        self.wasm.set_contract(account, code_hash)
    }
    fn storage(&self, account: &AccountId32, key: &[u8]) -> Option<Vec<u8>> {
        self.wasm.storage(account, key)
    }
    fn set_storage(
        &mut self,
        account: &AccountId32,
        key: &[u8],
        value: Option<Vec<u8>>,
    ) -> Option<Vec<u8>> {
        self.wasm.set_storage(account, key, value)
    }
    fn balance(&self, account: &AccountId32) -> u64 {
        self.wasm.balance(account)
    }
    fn transfer(
        &mut self,
        from: &AccountId32,
        to: &AccountId32,
        amount: u64,
    ) -> Result<(), TransferError> {
        self.wasm.transfer(from, to, amount)
    }
    fn deposit_event(&mut self, event: ContractEvent) {
        self.wasm.deposit_event(event)
    }
    fn checkpoint(&mut self) -> Checkpoint {
        let cp = self.wasm.checkpoint();
        self.snaps.push((cp, self.native.clone()));
        cp
    }
    fn revert_to(&mut self, checkpoint: Checkpoint) {
        self.wasm.revert_to(checkpoint);
        while let Some((cp, native)) = self.snaps.pop() {
            if cp == checkpoint {
                self.native = native;
                break;
            }
        }
    }
    fn commit(&mut self, checkpoint: Checkpoint) {
        self.wasm.commit(checkpoint);
        while let Some((cp, _)) = self.snaps.pop() {
            if cp == checkpoint {
                break;
            }
        }
    }
}
