//! The host: engine, upload, frames (call and instantiate), the journal discipline.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use wasmtime::{Config, Engine, ExternType, Linker, Memory, MemoryType, Module, Store, Trap};

use crate::AccountId32;
use crate::code::{CodeHash, code_hash, contract_address};
use crate::code_check;
use crate::error::{ExecError, HostError, UploadError};
use crate::gas;
use crate::state::{Balance, WasmState};

/// Limits of the host. The defaults are pallet-contracts' usual schedule.
#[derive(Debug, Clone)]
pub struct HostConfig {
    /// Largest accepted module, in bytes.
    pub max_code_len: usize,
    /// Most 64 KiB pages a contract's memory may have (the import's maximum, or this when the
    /// import names none).
    pub max_memory_pages: u32,
    /// Frames allowed beneath the first one (pallet `CallStack` size).
    pub max_call_depth: u32,
    /// Longest variable storage key (pallet `MaxStorageKeyLen`).
    pub max_storage_key_len: u32,
    /// Largest storage value and event data (pallet `payload_len`).
    pub max_value_len: u32,
    /// Most event topics (the real chain's `MAX_EVENT_TOPICS`).
    pub max_event_topics: u32,
    /// Native stack a frame's wasm may use, in bytes (deep wasm recursion traps here).
    pub max_wasm_stack: usize,
    /// Whether `debug_message` records (else it returns `LoggingDisabled`).
    pub debug_messages: bool,
}

impl Default for HostConfig {
    fn default() -> Self {
        Self {
            max_code_len: 128 * 1024,
            max_memory_pages: 16,
            max_call_depth: 5,
            max_storage_key_len: 128,
            max_value_len: 16 * 1024,
            max_event_topics: 4,
            max_wasm_stack: 128 * 1024,
            debug_messages: false,
        }
    }
}

/// What a contract reads about the block and the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockEnv {
    /// `block_number` (u32 on the real chain).
    pub block_number: u32,
    /// `now`, milliseconds.
    pub timestamp: u64,
    /// `minimum_balance`: the existential deposit (500 RAO on the real chain).
    pub minimum_balance: Balance,
}

impl Default for BlockEnv {
    fn default() -> Self {
        Self { block_number: 0, timestamp: 0, minimum_balance: 500 }
    }
}

/// Call flags of `seal1.call`/`seal2.call` (pallet-contracts-uapi `CallFlags`).
#[derive(Debug, Clone, Copy)]
pub struct CallFlags;

impl CallFlags {
    /// The callee gets this frame's input; this frame cannot read it afterwards.
    pub const FORWARD_INPUT: u32 = 1;
    /// The callee gets a copy of this frame's input.
    pub const CLONE_INPUT: u32 = 2;
    /// On success this frame returns the callee's output and flags at once.
    pub const TAIL_CALL: u32 = 4;
    /// The callee may call back into this contract.
    pub const ALLOW_REENTRY: u32 = 8;
    /// Every defined bit.
    pub const ALL: u32 = 15;
}

/// Return flags of `seal_return`.
#[derive(Debug, Clone, Copy)]
pub struct ReturnFlags;

impl ReturnFlags {
    /// Undo the frame's writes; the caller sees `CalleeReverted`.
    pub const REVERT: u32 = 1;
}

/// One chain-extension call as the extension sees it.
#[derive(Debug, Clone)]
pub struct ExtensionCall<'a> {
    /// The 32-bit id: extension id in the high 16 bits, function id in the low 16.
    pub id: u32,
    /// The contract that called.
    pub contract: AccountId32,
    /// The contract's caller.
    pub caller: AccountId32,
    /// The input buffer (SCALE arguments).
    pub input: &'a [u8],
}

/// What an extension answers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExtensionOutcome {
    /// Status returned to the contract (0 = success).
    pub status: u32,
    /// Written to the contract's output buffer.
    pub output: Vec<u8>,
    /// Gas the work cost, charged on top of [`gas::CHAIN_EXTENSION_GAS`].
    pub gas: u64,
}

/// The chain extension (id 0x1000 on the real chain): runs native functions on the same state.
pub trait ChainExtension<S>: Send + Sync {
    /// Handles one call; `Err` traps the contract with the message.
    fn call(&self, state: &mut S, call: &ExtensionCall<'_>) -> Result<ExtensionOutcome, String>;
}

/// What a frame returned: the flags of `seal_return` and its data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReturnValue {
    /// Return flags (bit 0 = REVERT).
    pub flags: u32,
    /// Output bytes.
    pub data: Vec<u8>,
}

impl ReturnValue {
    /// Whether the contract reverted.
    pub fn did_revert(&self) -> bool {
        self.flags & ReturnFlags::REVERT != 0
    }
}

/// The outcome of a top-level call or instantiation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecOutcome {
    /// The return value, or why the frame failed. A revert is `Ok` with the REVERT flag.
    pub result: Result<ReturnValue, ExecError>,
    /// Gas charged (kept on failure).
    pub gas_used: u64,
    /// What `debug_message` recorded (empty unless enabled).
    pub debug_message: String,
}

impl ExecOutcome {
    /// Whether the frame's writes were kept.
    pub fn succeeded(&self) -> bool {
        matches!(&self.result, Ok(r) if !r.did_revert())
    }
}

/// The outcome of an instantiation: the derived account and the constructor's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstantiateOutcome {
    /// The account the contract lives at (if it succeeded).
    pub account: AccountId32,
    /// The constructor's outcome.
    pub exec: ExecOutcome,
}

/// Who is calling at the top level, and the block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TxContext {
    /// The signer (`caller` of the first frame, and the origin).
    pub origin: AccountId32,
    /// Block values.
    pub env: BlockEnv,
    /// Gas limit, EVM gas units.
    pub gas_limit: u64,
}

pub(crate) struct Cached {
    module: Module,
    mem_min: u32,
    mem_max: u32,
    code_len: u64,
}

pub(crate) struct Inner<S: 'static> {
    pub(crate) engine: Engine,
    pub(crate) linker: Linker<FrameData<S>>,
    modules: Mutex<HashMap<CodeHash, Arc<Cached>>>,
    pub(crate) config: HostConfig,
    pub(crate) extension: Option<Arc<dyn ChainExtension<S>>>,
}

/// One entry of the call stack.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StackEntry {
    pub(crate) account: AccountId32,
    pub(crate) allows_reentry: bool,
}

/// What travels down the call stack: the state and the transaction's context.
#[derive(Default)]
pub(crate) struct Ext<S> {
    pub(crate) state: S,
    pub(crate) stack: Vec<StackEntry>,
    pub(crate) env: BlockEnv,
    pub(crate) origin: AccountId32,
    pub(crate) debug: String,
}

/// The running frame.
pub(crate) struct FrameCtx {
    pub(crate) account: AccountId32,
    pub(crate) caller: AccountId32,
    pub(crate) value: Balance,
    pub(crate) input: Option<Vec<u8>>,
    pub(crate) code_hash: CodeHash,
}

/// A wasmtime store's data: the frame, its memory, and the [`Ext`] (lent to child frames).
pub(crate) struct FrameData<S: 'static> {
    pub(crate) inner: Arc<Inner<S>>,
    pub(crate) ext: Ext<S>,
    pub(crate) memory: Option<Memory>,
    pub(crate) frame: FrameCtx,
}

/// How a frame stops early, carried through wasmtime as the error of a host function.
#[derive(Debug, Clone, thiserror::Error)]
pub(crate) enum Signal {
    #[error("seal_return with flags {flags}")]
    Return { flags: u32, data: Vec<u8> },
    #[error("terminated")]
    Terminated,
    #[error("out of gas")]
    OutOfGas,
    #[error("{0}")]
    Trap(String),
    #[error("{0}")]
    Fatal(ExecError),
}

pub(crate) fn trap(msg: impl Into<String>) -> wasmtime::Error {
    wasmtime::Error::new(Signal::Trap(msg.into()))
}

/// Where a frame's failure comes from: the caller's side (nothing ran: returned as a code
/// where the pallet has one) or the callee's (it ran and failed: `CalleeTrapped`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Caller,
    Callee,
}

pub(crate) enum FrameKind {
    Call { dest: AccountId32 },
    Instantiate { code_hash: CodeHash, salt: Vec<u8> },
}

pub(crate) struct FrameArgs {
    pub(crate) caller: AccountId32,
    pub(crate) value: Balance,
    pub(crate) input: Vec<u8>,
    pub(crate) kind: FrameKind,
    pub(crate) fuel: u64,
}

pub(crate) struct FrameResult {
    pub(crate) result: Result<ReturnValue, (Side, ExecError)>,
    pub(crate) fuel_used: u64,
    pub(crate) account: AccountId32,
}

/// The wasmtime host for ink! 5 contracts over a state `S`.
pub struct WasmHost<S: 'static> {
    inner: Arc<Inner<S>>,
}

impl<S: WasmState + Default + 'static> WasmHost<S> {
    /// A host with `config` and no chain extension.
    pub fn new(config: HostConfig) -> Result<Self, HostError> {
        Self::build(config, None)
    }

    /// A host whose `call_chain_extension` dispatches to `extension`.
    pub fn with_extension(
        config: HostConfig,
        extension: Arc<dyn ChainExtension<S>>,
    ) -> Result<Self, HostError> {
        Self::build(config, Some(extension))
    }

    fn build(
        config: HostConfig,
        extension: Option<Arc<dyn ChainExtension<S>>>,
    ) -> Result<Self, HostError> {
        let mut cfg = Config::new();
        cfg.consume_fuel(true)
            .cranelift_nan_canonicalization(true)
            .max_wasm_stack(config.max_wasm_stack);
        let engine = Engine::new(&cfg).map_err(|e| HostError::Wasmtime(e.to_string()))?;
        let mut linker = Linker::new(&engine);
        crate::runtime::define(&mut linker).map_err(|e| HostError::Wasmtime(e.to_string()))?;
        Ok(Self {
            inner: Arc::new(Inner {
                engine,
                linker,
                modules: Mutex::new(HashMap::new()),
                config,
                extension,
            }),
        })
    }

    /// The host's limits.
    pub fn config(&self) -> &HostConfig {
        &self.inner.config
    }

    /// Validates and stores `code`; returns its hash and the gas charged. Uploading code that is
    /// already stored succeeds and changes nothing but the gas.
    pub fn upload(
        &self,
        state: &mut S,
        code: &[u8],
        gas_limit: u64,
    ) -> Result<(CodeHash, u64), UploadError> {
        let needed = (code.len() as u64).saturating_mul(gas::UPLOAD_GAS_PER_BYTE);
        if needed > gas_limit {
            return Err(UploadError::OutOfGas { needed, limit: gas_limit });
        }
        let cached = self.prepare(code)?;
        let hash = code_hash(code);
        if let Ok(mut m) = self.inner.modules.lock() {
            m.insert(hash, Arc::new(cached));
        }
        state.put_code(hash, code.to_vec());
        Ok((hash, needed))
    }

    /// Every check of upload; compiles the module.
    fn prepare(&self, code: &[u8]) -> Result<Cached, UploadError> {
        code_check::check(code, self.inner.config.max_code_len)?;
        let module = Module::from_binary(&self.inner.engine, code)
            .map_err(|e| UploadError::Compile(e.to_string()))?;
        let (mem_min, mem_max) = self.check_imports(&module)?;
        for entry in ["call", "deploy"] {
            let ok = module.get_export(entry).is_some_and(|e| {
                matches!(e, ExternType::Func(f) if f.params().len() == 0 && f.results().len() == 0)
            });
            if !ok {
                return Err(UploadError::EntryPoints(format!(
                    "`{entry}` must be exported as a function () -> ()"
                )));
            }
        }
        Ok(Cached { module, mem_min, mem_max, code_len: code.len() as u64 })
    }

    /// Imports: functions the host provides with the host's signature, and one `env.memory`
    /// within the page cap. Returns the memory limits (min, max pages).
    fn check_imports(&self, module: &Module) -> Result<(u32, u32), UploadError> {
        let cap = self.inner.config.max_memory_pages;
        let mut memory = None;
        let mut store = Store::new(&self.inner.engine, FrameData::<S>::probe(&self.inner));
        for imp in module.imports() {
            let (m, n) = (imp.module().to_string(), imp.name().to_string());
            match imp.ty() {
                ExternType::Func(want) => {
                    let Ok(have) = self.inner.linker.get(&mut store, &m, &n) else {
                        return Err(UploadError::UnknownImport { module: m, name: n });
                    };
                    let have = have.ty(&store);
                    let same = have.func().is_some_and(|h| {
                        h.params().len() == want.params().len()
                            && h.results().len() == want.results().len()
                            && h.params().zip(want.params()).all(|(a, b)| a.matches(&b))
                            && h.results().zip(want.results()).all(|(a, b)| a.matches(&b))
                    });
                    if !same {
                        return Err(UploadError::ImportSignature {
                            module: m,
                            name: n,
                            reason: format!("the host's is {have:?}, the module's is {want:?}"),
                        });
                    }
                }
                ExternType::Memory(mt) => {
                    if m != "env" || n != "memory" {
                        return Err(UploadError::Memory(format!(
                            "memory must be imported as env.memory, not {m}.{n}"
                        )));
                    }
                    if memory.is_some() {
                        return Err(UploadError::Memory("more than one memory import".into()));
                    }
                    if mt.is_64() || mt.is_shared() {
                        return Err(UploadError::Memory("64-bit or shared memory".into()));
                    }
                    let min = mt.minimum();
                    let max = mt.maximum().unwrap_or(u64::from(cap));
                    if min > max {
                        return Err(UploadError::Memory(format!(
                            "initial pages {min} exceed the maximum {max}"
                        )));
                    }
                    if max > u64::from(cap) {
                        return Err(UploadError::Memory(format!(
                            "maximum pages {max} exceed the cap {cap}"
                        )));
                    }
                    memory = Some((min as u32, max as u32));
                }
                _ => return Err(UploadError::ForbiddenImport { module: m, name: n }),
            }
        }
        memory.ok_or_else(|| UploadError::Memory("no env.memory import".into()))
    }

    /// Instantiates `code_hash` with constructor `input` (selector ‖ SCALE args) and `salt`,
    /// moving `value` from the origin to the new account.
    pub fn instantiate(
        &self,
        state: &mut S,
        tx: &TxContext,
        code_hash: CodeHash,
        value: Balance,
        input: Vec<u8>,
        salt: Vec<u8>,
    ) -> InstantiateOutcome {
        let kind = FrameKind::Instantiate { code_hash, salt };
        let (account, exec) = self.top(state, tx, value, input, kind);
        InstantiateOutcome { account, exec }
    }

    /// Calls the contract at `dest` with `input` (selector ‖ SCALE args), moving `value` from the
    /// origin to it.
    pub fn call(
        &self,
        state: &mut S,
        tx: &TxContext,
        dest: AccountId32,
        value: Balance,
        input: Vec<u8>,
    ) -> ExecOutcome {
        self.top(state, tx, value, input, FrameKind::Call { dest }).1
    }

    /// Runs a call and then undoes everything it wrote, whatever the outcome: a dry run (the
    /// bridge's `query`, RPC reads). Gas is reported as for a call.
    pub fn query(
        &self,
        state: &mut S,
        tx: &TxContext,
        dest: AccountId32,
        input: Vec<u8>,
    ) -> ExecOutcome {
        let cp = state.checkpoint();
        let out = self.call(state, tx, dest, 0, input);
        state.revert_to(cp);
        out
    }

    fn top(
        &self,
        state: &mut S,
        tx: &TxContext,
        value: Balance,
        input: Vec<u8>,
        kind: FrameKind,
    ) -> (AccountId32, ExecOutcome) {
        let ext = Ext {
            state: std::mem::take(state),
            stack: Vec::new(),
            env: tx.env,
            origin: tx.origin,
            debug: String::new(),
        };
        let args =
            FrameArgs { caller: tx.origin, value, input, kind, fuel: gas::fuel(tx.gas_limit) };
        let (ext, r) = run_frame(&self.inner, ext, args);
        *state = ext.state;
        let outcome = ExecOutcome {
            result: r.result.map_err(|(_, e)| e),
            gas_used: gas::gas_from_fuel(r.fuel_used),
            debug_message: ext.debug,
        };
        (r.account, outcome)
    }
}

impl<S: WasmState + Default + 'static> FrameData<S> {
    fn probe(inner: &Arc<Inner<S>>) -> Self {
        FrameData {
            inner: inner.clone(),
            ext: Ext::default(),
            memory: None,
            frame: FrameCtx {
                account: AccountId32::default(),
                caller: AccountId32::default(),
                value: 0,
                input: None,
                code_hash: [0; 32],
            },
        }
    }
}

impl<S: WasmState + 'static> Inner<S> {
    fn module(&self, state: &S, hash: &CodeHash) -> Result<Arc<Cached>, ExecError> {
        if !state.has_code(hash) {
            return Err(ExecError::CodeNotFound(hex(hash)));
        }
        if let Some(c) = self.modules.lock().ok().and_then(|m| m.get(hash).cloned()) {
            return Ok(c);
        }
        let code = state.code(hash).ok_or_else(|| ExecError::CodeNotFound(hex(hash)))?;
        let module = Module::from_binary(&self.engine, &code)
            .map_err(|e| ExecError::Compile(e.to_string()))?;
        let mut mem = (0, 0);
        for imp in module.imports() {
            if let ExternType::Memory(mt) = imp.ty() {
                let max = mt.maximum().unwrap_or(u64::from(self.config.max_memory_pages));
                mem = (mt.minimum() as u32, max as u32);
            }
        }
        let c = Arc::new(Cached {
            module,
            mem_min: mem.0,
            mem_max: mem.1,
            code_len: code.len() as u64,
        });
        if let Ok(mut m) = self.modules.lock() {
            m.insert(*hash, c.clone());
        }
        Ok(c)
    }
}

pub(crate) fn hex(b: &[u8]) -> String {
    let mut s = String::from("0x");
    for x in b {
        s.push_str(&format!("{x:02x}"));
    }
    s
}

/// Moves value with the pallet's rules: the sender keeps at least the minimum balance
/// (`Preservation::Preserve`), a new receiver gets at least the minimum balance.
pub(crate) fn transfer_checked<S: WasmState>(
    ext: &mut Ext<S>,
    from: &AccountId32,
    to: &AccountId32,
    value: Balance,
    keep_alive: bool,
) -> Result<(), String> {
    let ed = ext.env.minimum_balance;
    let fb = ext.state.balance(from);
    let spendable = if keep_alive { fb.saturating_sub(ed) } else { fb };
    if value > spendable {
        return Err(format!("{value} exceeds the spendable {spendable} of {}", hex(&from.0)));
    }
    if from != to && ext.state.balance(to) == 0 && value < ed {
        return Err(format!("{value} is below the minimum balance {ed} of a new account"));
    }
    ext.state.transfer(from, to, value).map_err(|e| e.to_string())
}

/// Runs one frame under a checkpoint: committed on success, reverted on revert, trap or out of
/// gas. Gas used is reported either way.
pub(crate) fn run_frame<S: WasmState + Default + 'static>(
    inner: &Arc<Inner<S>>,
    mut ext: Ext<S>,
    args: FrameArgs,
) -> (Ext<S>, FrameResult) {
    let refuse = |ext, account, e| {
        (ext, FrameResult { result: Err((Side::Caller, e)), fuel_used: 0, account })
    };
    let (account, code_hash, entry) = match &args.kind {
        FrameKind::Call { dest } => {
            let Some(h) = ext.state.contract(dest) else {
                return refuse(ext, *dest, ExecError::ContractNotFound(hex(&dest.0)));
            };
            (*dest, h, "call")
        }
        FrameKind::Instantiate { code_hash, salt } => {
            let a = contract_address(&args.caller, code_hash, &args.input, salt);
            (a, *code_hash, "deploy")
        }
    };
    if ext.stack.len() as u32 > inner.config.max_call_depth {
        return refuse(ext, account, ExecError::MaxCallDepth(inner.config.max_call_depth));
    }
    if ext.stack.iter().any(|f| f.account == account && !f.allows_reentry) {
        return refuse(ext, account, ExecError::ReentranceDenied(hex(&account.0)));
    }
    let cached = match inner.module(&ext.state, &code_hash) {
        Ok(c) => c,
        Err(e) => return refuse(ext, account, e),
    };
    if matches!(args.kind, FrameKind::Instantiate { .. }) && ext.state.contract(&account).is_some()
    {
        return refuse(ext, account, ExecError::DuplicateContract(hex(&account.0)));
    }
    let cp = ext.state.checkpoint();
    if matches!(args.kind, FrameKind::Instantiate { .. }) {
        ext.state.set_contract(account, Some(code_hash));
    }
    if args.value > 0
        && let Err(e) = transfer_checked(&mut ext, &args.caller, &account, args.value, true)
    {
        ext.state.revert_to(cp);
        return refuse(ext, account, ExecError::TransferFailed(e));
    }
    let load = cached.code_len.saturating_mul(gas::CODE_LOAD_FUEL_PER_BYTE);
    if args.fuel < load {
        ext.state.revert_to(cp);
        let r = FrameResult {
            result: Err((Side::Callee, ExecError::OutOfGas)),
            fuel_used: args.fuel,
            account,
        };
        return (ext, r);
    }
    ext.stack.push(StackEntry { account, allows_reentry: true });
    let data = FrameData {
        inner: inner.clone(),
        ext,
        memory: None,
        frame: FrameCtx {
            account,
            caller: args.caller,
            value: args.value,
            input: Some(args.input),
            code_hash,
        },
    };
    let mut store = Store::new(&inner.engine, data);
    let result = execute(&mut store, &cached, args.fuel - load, entry);
    let left = store.get_fuel().unwrap_or(0);
    let mut ext = store.into_data().ext;
    ext.stack.pop();
    let fuel_used = match &result {
        Err(ExecError::OutOfGas) => args.fuel,
        _ => args.fuel - left.min(args.fuel - load),
    };
    match &result {
        Ok(r) if !r.did_revert() => ext.state.commit(cp),
        _ => ext.state.revert_to(cp),
    }
    (ext, FrameResult { result: result.map_err(|e| (Side::Callee, e)), fuel_used, account })
}

fn execute<S: WasmState + Default + 'static>(
    store: &mut Store<FrameData<S>>,
    cached: &Cached,
    fuel: u64,
    entry: &str,
) -> Result<ReturnValue, ExecError> {
    let internal = |e: wasmtime::Error| ExecError::Internal(e.to_string());
    store.set_fuel(fuel).map_err(internal)?;
    let memory = Memory::new(&mut *store, MemoryType::new(cached.mem_min, Some(cached.mem_max)))
        .map_err(|e| ExecError::Trapped(format!("memory: {e}")))?;
    store.data_mut().memory = Some(memory);
    let mut linker = store.data().inner.linker.clone();
    linker.allow_shadowing(true);
    linker.define(&*store, "env", "memory", memory).map_err(internal)?;
    let instance = linker.instantiate(&mut *store, &cached.module).map_err(|e| classify(&e))?;
    let func = instance
        .get_typed_func::<(), ()>(&mut *store, entry)
        .map_err(|e| ExecError::Trapped(e.to_string()))?;
    match func.call(&mut *store, ()) {
        Ok(()) => Ok(ReturnValue::default()),
        Err(e) => match e.downcast_ref::<Signal>() {
            Some(Signal::Return { flags, data }) => {
                Ok(ReturnValue { flags: *flags, data: data.clone() })
            }
            Some(Signal::Terminated) => Ok(ReturnValue::default()),
            _ => Err(classify(&e)),
        },
    }
}

fn classify(e: &wasmtime::Error) -> ExecError {
    match e.downcast_ref::<Signal>() {
        Some(Signal::OutOfGas) => ExecError::OutOfGas,
        Some(Signal::Trap(m)) => ExecError::Trapped(m.clone()),
        Some(Signal::Fatal(f)) => f.clone(),
        Some(Signal::Return { .. } | Signal::Terminated) => {
            ExecError::Internal("exit signal outside a call".into())
        }
        None => match e.downcast_ref::<Trap>() {
            Some(Trap::OutOfFuel) => ExecError::OutOfGas,
            Some(t) => ExecError::Trapped(format!("wasm trap: {t}")),
            None => ExecError::Trapped(e.to_string()),
        },
    }
}
