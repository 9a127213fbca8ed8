//! Running the host against a state that cannot leave its thread (revm's `&mut CTX`).
//!
//! wasmtime stores need `'static` data, but an EVM precompile only borrows the journal for the
//! call. [`Bridge::run`] therefore runs the [`WasmHost`] on a scoped thread (with a
//! [`BRIDGE_STACK`] stack) whose state is a [`ChannelState`]: every [`WasmState`] method, and
//! every chain-extension call, becomes a [`Request`] to the calling thread, which serves it on
//! the real state ([`NativeWasmState`] over the borrowed store) until the wasm side finishes.
//! The two threads never run at the same time: the wasm thread waits for each answer.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use tao_runtime::NativeStore;

use crate::AccountId32;
use crate::code::CodeHash;
use crate::error::{HostError, UploadError};
use crate::exec::{
    ChainExtension, ExecOutcome, ExtensionCall, ExtensionOutcome, HostConfig, InstantiateOutcome,
    TxContext, WasmHost,
};
use crate::native_state::NativeWasmState;
use crate::runtime::NO_CHAIN_EXTENSION_STATUS;
use crate::state::{Balance, Checkpoint, ContractEvent, TransferError, WasmState};

/// Native stack of the wasm thread: six frames of 128 KiB wasm stack plus host frames need
/// about 2 MiB; 16 MiB leaves room for the compiler (cranelift compiles on this thread).
pub const BRIDGE_STACK: usize = 16 * 1024 * 1024;

/// The chain extension as the bridge calls it: on the calling thread, with the native store.
pub trait NativeExtension: Send + Sync {
    /// Handles one `call_chain_extension`; `Err` traps the contract.
    fn call(
        &self,
        store: &mut dyn NativeStore,
        call: &ExtensionCall<'_>,
    ) -> Result<ExtensionOutcome, String>;
}

/// One request of the wasm thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// [`WasmState::code`].
    Code(CodeHash),
    /// [`WasmState::has_code`].
    HasCode(CodeHash),
    /// [`WasmState::put_code`].
    PutCode(CodeHash, Vec<u8>),
    /// [`WasmState::contract`].
    Contract(AccountId32),
    /// [`WasmState::set_contract`].
    SetContract(AccountId32, Option<CodeHash>),
    /// [`WasmState::storage`].
    Storage(AccountId32, Vec<u8>),
    /// [`WasmState::set_storage`].
    SetStorage(AccountId32, Vec<u8>, Option<Vec<u8>>),
    /// [`WasmState::balance`].
    Balance(AccountId32),
    /// [`WasmState::transfer`].
    Transfer(AccountId32, AccountId32, Balance),
    /// [`WasmState::deposit_event`].
    Event(ContractEvent),
    /// [`WasmState::checkpoint`].
    Checkpoint,
    /// [`WasmState::revert_to`].
    Revert(Checkpoint),
    /// [`WasmState::commit`].
    Commit(Checkpoint),
    /// A chain-extension call.
    Extension {
        /// Extension id ‖ function id.
        id: u32,
        /// The calling contract.
        contract: AccountId32,
        /// Its caller.
        caller: AccountId32,
        /// SCALE input.
        input: Vec<u8>,
    },
}

/// The answer to a [`Request`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// Bytes or nothing (code, storage, the previous value).
    Bytes(Option<Vec<u8>>),
    /// A code hash or nothing.
    Hash(Option<CodeHash>),
    /// A flag.
    Flag(bool),
    /// A balance.
    Balance(Balance),
    /// A transfer's result.
    Transfer(Result<(), TransferError>),
    /// A checkpoint.
    Checkpoint(Checkpoint),
    /// Done, nothing to return.
    Done,
    /// A chain extension's answer.
    Extension(Result<ExtensionOutcome, String>),
}

/// Serves one request on `state`, with `extension` for chain-extension calls (`None`: the
/// "no extension" status 1, as the host without an extension).
pub fn serve<N: NativeStore>(
    state: &mut NativeWasmState<N>,
    extension: Option<&dyn NativeExtension>,
    req: Request,
) -> Reply {
    match req {
        Request::Code(h) => Reply::Bytes(state.code(&h)),
        Request::HasCode(h) => Reply::Flag(state.has_code(&h)),
        Request::PutCode(h, c) => {
            state.put_code(h, c);
            Reply::Done
        }
        Request::Contract(a) => Reply::Hash(state.contract(&a)),
        Request::SetContract(a, h) => {
            state.set_contract(a, h);
            Reply::Done
        }
        Request::Storage(a, k) => Reply::Bytes(state.storage(&a, &k)),
        Request::SetStorage(a, k, v) => Reply::Bytes(state.set_storage(&a, &k, v)),
        Request::Balance(a) => Reply::Balance(state.balance(&a)),
        Request::Transfer(f, t, v) => Reply::Transfer(state.transfer(&f, &t, v)),
        Request::Event(e) => {
            state.deposit_event(e);
            Reply::Done
        }
        Request::Checkpoint => Reply::Checkpoint(state.checkpoint()),
        Request::Revert(cp) => {
            state.revert_to(cp);
            Reply::Done
        }
        Request::Commit(cp) => {
            state.commit(cp);
            Reply::Done
        }
        Request::Extension { id, contract, caller, input } => {
            let call = ExtensionCall { id, contract, caller, input: &input };
            Reply::Extension(match extension {
                Some(x) => x.call(state.store_mut(), &call),
                None => Ok(ExtensionOutcome {
                    status: NO_CHAIN_EXTENSION_STATUS,
                    output: Vec::new(),
                    gas: 0,
                }),
            })
        }
    }
}

/// The wasm thread's state: forwards every call to the serving thread. The default value (the
/// placeholder the host swaps in while a frame runs) is connected to nothing and answers
/// nothing.
#[derive(Debug, Default)]
pub struct ChannelState {
    link: Option<(Sender<Request>, Receiver<Reply>)>,
}

impl ChannelState {
    fn ask(&self, req: Request) -> Option<Reply> {
        let (tx, rx) = self.link.as_ref()?;
        tx.send(req).ok()?;
        rx.recv().ok()
    }
}

impl WasmState for ChannelState {
    fn code(&self, hash: &CodeHash) -> Option<Vec<u8>> {
        match self.ask(Request::Code(*hash)) {
            Some(Reply::Bytes(b)) => b,
            _ => None,
        }
    }
    fn has_code(&self, hash: &CodeHash) -> bool {
        matches!(self.ask(Request::HasCode(*hash)), Some(Reply::Flag(true)))
    }
    fn put_code(&mut self, hash: CodeHash, code: Vec<u8>) {
        self.ask(Request::PutCode(hash, code));
    }
    fn contract(&self, account: &AccountId32) -> Option<CodeHash> {
        match self.ask(Request::Contract(*account)) {
            Some(Reply::Hash(h)) => h,
            _ => None,
        }
    }
    fn set_contract(&mut self, account: AccountId32, code_hash: Option<CodeHash>) {
        self.ask(Request::SetContract(account, code_hash));
    }
    fn storage(&self, account: &AccountId32, key: &[u8]) -> Option<Vec<u8>> {
        match self.ask(Request::Storage(*account, key.to_vec())) {
            Some(Reply::Bytes(b)) => b,
            _ => None,
        }
    }
    fn set_storage(
        &mut self,
        account: &AccountId32,
        key: &[u8],
        value: Option<Vec<u8>>,
    ) -> Option<Vec<u8>> {
        match self.ask(Request::SetStorage(*account, key.to_vec(), value)) {
            Some(Reply::Bytes(b)) => b,
            _ => None,
        }
    }
    fn balance(&self, account: &AccountId32) -> Balance {
        match self.ask(Request::Balance(*account)) {
            Some(Reply::Balance(b)) => b,
            _ => 0,
        }
    }
    fn transfer(
        &mut self,
        from: &AccountId32,
        to: &AccountId32,
        amount: Balance,
    ) -> Result<(), TransferError> {
        match self.ask(Request::Transfer(*from, *to, amount)) {
            Some(Reply::Transfer(r)) => r,
            _ => Err(TransferError::Insufficient { balance: 0, amount }),
        }
    }
    fn deposit_event(&mut self, event: ContractEvent) {
        self.ask(Request::Event(event));
    }
    fn checkpoint(&mut self) -> Checkpoint {
        match self.ask(Request::Checkpoint) {
            Some(Reply::Checkpoint(c)) => c,
            _ => Checkpoint(u64::MAX),
        }
    }
    fn revert_to(&mut self, checkpoint: Checkpoint) {
        self.ask(Request::Revert(checkpoint));
    }
    fn commit(&mut self, checkpoint: Checkpoint) {
        self.ask(Request::Commit(checkpoint));
    }
}

/// The host's extension on the wasm thread: forwards the call to the serving thread.
struct Forward;

impl ChainExtension<ChannelState> for Forward {
    fn call(
        &self,
        state: &mut ChannelState,
        call: &ExtensionCall<'_>,
    ) -> Result<ExtensionOutcome, String> {
        let req = Request::Extension {
            id: call.id,
            contract: call.contract,
            caller: call.caller,
            input: call.input.to_vec(),
        };
        match state.ask(req) {
            Some(Reply::Extension(r)) => r,
            _ => Err("the state thread is gone".into()),
        }
    }
}

/// What to run on the wasm side.
#[derive(Debug, Clone)]
pub enum Job {
    /// Upload code (`gas` is the limit).
    Upload {
        /// The module.
        code: Vec<u8>,
        /// Gas limit.
        gas: u64,
    },
    /// Instantiate stored code.
    Instantiate {
        /// The transaction.
        tx: TxContext,
        /// The code.
        code_hash: CodeHash,
        /// Value moved from the origin.
        value: Balance,
        /// Constructor input.
        input: Vec<u8>,
        /// Salt.
        salt: Vec<u8>,
    },
    /// Call a contract.
    Call {
        /// The transaction.
        tx: TxContext,
        /// The contract.
        dest: AccountId32,
        /// Value moved from the origin.
        value: Balance,
        /// Input.
        input: Vec<u8>,
    },
    /// Call and keep nothing.
    Query {
        /// The transaction.
        tx: TxContext,
        /// The contract.
        dest: AccountId32,
        /// Input.
        input: Vec<u8>,
    },
}

/// What a [`Job`] gave.
#[derive(Debug, Clone)]
pub enum JobResult {
    /// Of [`Job::Upload`]: the code hash and gas.
    Upload(Result<(CodeHash, u64), UploadError>),
    /// Of [`Job::Instantiate`].
    Instantiate(InstantiateOutcome),
    /// Of [`Job::Call`] and [`Job::Query`].
    Call(ExecOutcome),
}

/// Why [`Bridge::run`] produced no result.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BridgeError {
    /// The wasm thread could not start.
    #[error("cannot start the wasm thread: {0}")]
    Spawn(String),
    /// The wasm thread panicked.
    #[error("the wasm thread panicked")]
    Panicked,
}

/// The host behind the EVM bridge: one per chain, shared, so compiled modules stay cached.
pub struct Bridge {
    host: WasmHost<ChannelState>,
    extension: Option<Arc<dyn NativeExtension>>,
}

impl std::fmt::Debug for Bridge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bridge").field("extension", &self.extension.is_some()).finish()
    }
}

impl Bridge {
    /// A bridge with `config`; `extension` serves `call_chain_extension` (`None`: status 1).
    pub fn new(
        config: HostConfig,
        extension: Option<Arc<dyn NativeExtension>>,
    ) -> Result<Self, HostError> {
        Ok(Self { host: WasmHost::with_extension(config, Arc::new(Forward))?, extension })
    }

    /// Runs `job` on a wasm thread while serving its state requests on `state`, here.
    pub fn run<N: NativeStore>(
        &self,
        state: &mut NativeWasmState<N>,
        job: Job,
    ) -> Result<JobResult, BridgeError> {
        let (req_tx, req_rx) = channel::<Request>();
        let (rep_tx, rep_rx) = channel::<Reply>();
        let host = &self.host;
        std::thread::scope(|scope| {
            let worker = std::thread::Builder::new()
                .name("wasm-bridge".into())
                .stack_size(BRIDGE_STACK)
                .spawn_scoped(scope, move || {
                    let mut chan = ChannelState { link: Some((req_tx, rep_rx)) };
                    run_job(host, &mut chan, job)
                })
                .map_err(|e| BridgeError::Spawn(e.to_string()))?;
            // Ends when the wasm thread drops its sender (the job is done).
            for req in req_rx {
                let reply = serve(state, self.extension.as_deref(), req);
                if rep_tx.send(reply).is_err() {
                    break;
                }
            }
            worker.join().map_err(|_| BridgeError::Panicked)
        })
    }
}

fn run_job(host: &WasmHost<ChannelState>, s: &mut ChannelState, job: Job) -> JobResult {
    match job {
        Job::Upload { code, gas } => JobResult::Upload(host.upload(s, &code, gas)),
        Job::Instantiate { tx, code_hash, value, input, salt } => {
            JobResult::Instantiate(host.instantiate(s, &tx, code_hash, value, input, salt))
        }
        Job::Call { tx, dest, value, input } => {
            JobResult::Call(host.call(s, &tx, dest, value, input))
        }
        Job::Query { tx, dest, input } => JobResult::Call(host.query(s, &tx, dest, input)),
    }
}

#[cfg(test)]
mod tests;
