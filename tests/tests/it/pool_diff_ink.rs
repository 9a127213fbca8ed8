//! The ink! pool (`contracts/ink/pool`) as the third side of the pool differential
//! (`pool_diff.rs`): the contract runs in `wasm_host::WasmHost<MemoryState>`, is instantiated
//! with the system account and called as it, and answers in SCALE, which this module decodes
//! into the native types (`SwapResult`, `PoolError`, reserves, fixed-point bits).

use crate::forge::repo_root;
use crate::pool_diff::{Diff, RUNS, Rng, runtime_code};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;
use tao_economics::pool::{PoolError, SwapResult};
use wasm_host::code::blake2_256;
use wasm_host::{AccountId32, BlockEnv, HostConfig, MemoryState, TxContext, WasmHost};

/// The system account the ink! pool is built with and called as.
pub const INK_SYSTEM: AccountId32 = AccountId32([0xfe; 32]);
/// Someone else.
pub const STRANGER: AccountId32 = AccountId32([0xbe; 32]);
/// The differential reads all eight ink! views after every this many operations (each op's
/// own result, error and event are always compared; reading views is most of a run's time).
const INK_VIEWS_EVERY: usize = 4;
/// Gas limit of every call (EVM gas units); the most any call used is recorded.
const GAS: u64 = 50_000_000;

// ------------------------------------------------------------------------------ build

fn newest_source(dir: &Path) -> SystemTime {
    let mut newest = SystemTime::UNIX_EPOCH;
    let Ok(entries) = std::fs::read_dir(dir) else { return newest };
    for e in entries.flatten() {
        let p = e.path();
        let name = p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        if p.is_dir() {
            if name != "target" {
                newest = newest.max(newest_source(&p));
            }
        } else if (name.ends_with(".rs") || name.starts_with("Cargo."))
            && let Ok(t) = p.metadata().and_then(|m| m.modified())
        {
            newest = newest.max(t);
        }
    }
    newest
}

/// The compiled `pool.wasm`.
pub fn pool_wasm() -> Vec<u8> {
    ink_wasm("pool")
}

/// The compiled ink! contract `name` (pool, vault, bounty, ...), rebuilt by
/// scripts/build-ink.sh when a contract source is newer.
pub fn ink_wasm(name: &str) -> Vec<u8> {
    let root = repo_root();
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root.join("target"));
    let file = target.join("ink").join(format!("{name}.wasm"));
    let sources = newest_source(&root.join("contracts/ink"));
    let fresh = file.metadata().and_then(|m| m.modified()).is_ok_and(|t| t >= sources);
    if !fresh {
        let status = Command::new(root.join("scripts/build-ink.sh"))
            .env("CARGO_TARGET_DIR", &target)
            .status()
            .expect("run scripts/build-ink.sh");
        assert!(status.success(), "scripts/build-ink.sh failed");
    }
    std::fs::read(&file).unwrap_or_else(|e| panic!("{name}.wasm: {e}"))
}

// ------------------------------------------------------------------------------ SCALE

/// SCALE encoding of a message's arguments.
#[derive(Default)]
pub struct Args(Vec<u8>);

impl Args {
    pub fn u8(mut self, v: u8) -> Self {
        self.0.push(v);
        self
    }
    pub fn u16(mut self, v: u16) -> Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    pub fn u64(mut self, v: u64) -> Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    pub fn i128(mut self, v: i128) -> Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    pub fn bool(self, v: bool) -> Self {
        self.u8(u8::from(v))
    }
    pub fn opt_u64(self, v: Option<u64>) -> Self {
        match v {
            None => self.u8(0),
            Some(v) => self.u8(1).u64(v),
        }
    }
}

/// A SCALE reader over a reply.
pub struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    pub fn new(b: &'a [u8]) -> Self {
        Self(b)
    }
    fn take<const N: usize>(&mut self) -> [u8; N] {
        let (head, rest) = self.0.split_at(N);
        self.0 = rest;
        head.try_into().expect("N bytes")
    }
    pub fn u8(&mut self) -> u8 {
        self.take::<1>()[0]
    }
    pub fn bool(&mut self) -> bool {
        self.u8() != 0
    }
    pub fn u16(&mut self) -> u16 {
        u16::from_le_bytes(self.take())
    }
    pub fn u64(&mut self) -> u64 {
        u64::from_le_bytes(self.take())
    }
    pub fn u128(&mut self) -> u128 {
        u128::from_le_bytes(self.take())
    }
    pub fn i128(&mut self) -> i128 {
        i128::from_le_bytes(self.take())
    }
    pub fn account(&mut self) -> [u8; 32] {
        self.take()
    }
    pub fn swap_result(&mut self) -> SwapResult {
        SwapResult {
            amount_in: self.u64(),
            fee: self.u64(),
            amount_out: self.u64(),
            limited: self.bool(),
        }
    }
    /// Everything was read.
    pub fn done(&self) {
        assert!(self.0.is_empty(), "{} bytes left over", self.0.len());
    }
}

/// The contract's `Error`, split into the native `PoolError` and the calling errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InkError {
    Pool(PoolError),
    NotSystem([u8; 32]),
    ZeroSystem,
    PoolExists(u16),
    PoolNotFound(u16),
    InvalidMechanism(u8),
    InvalidStablePool(u64, u16),
}

fn decode_error(r: &mut Reader<'_>) -> InkError {
    use PoolError as P;
    match r.u8() {
        0 => InkError::NotSystem(r.account()),
        1 => InkError::ZeroSystem,
        2 => InkError::PoolExists(r.u16()),
        3 => InkError::PoolNotFound(r.u16()),
        4 => InkError::InvalidMechanism(r.u8()),
        5 => InkError::InvalidStablePool(r.u64(), r.u16()),
        6 => InkError::Pool(P::ZeroAmount),
        7 => InkError::Pool(P::InsufficientLiquidity { reserve: r.u64(), required: r.u64() }),
        8 => InkError::Pool(P::PriceLimitExceeded {
            price_rao_per_alpha: r.u64(),
            limit_rao_per_alpha: r.u64(),
        }),
        9 => InkError::Pool(P::SlippageTooHigh { requested: r.u64(), max_amount: r.u64() }),
        10 => InkError::Pool(P::InputTooLarge { net_in: r.u64(), reserve: r.u64() }),
        11 => InkError::Pool(P::ZeroOutput),
        12 => InkError::Pool(P::InvalidFeeRate(r.u16())),
        13 => InkError::Pool(P::Overflow),
        v => panic!("unknown ink! pool error variant {v}"),
    }
}

// ------------------------------------------------------------------------------ host

/// The ink! pool alone in a fresh `MemoryState`.
pub struct InkPools {
    host: WasmHost<MemoryState>,
    pub state: MemoryState,
    pub pools: AccountId32,
    /// The most gas one call used.
    pub max_gas: u64,
}

pub fn tx(origin: AccountId32) -> TxContext {
    let env = BlockEnv { block_number: 1, timestamp: 1_700_000_000_000, minimum_balance: 500 };
    TxContext { origin, env, gas_limit: GAS }
}

pub fn selector(name: &str) -> Vec<u8> {
    blake2_256(name.as_bytes())[..4].to_vec()
}

impl InkPools {
    pub fn new(code: &[u8]) -> Self {
        let host = WasmHost::new(HostConfig::default()).expect("host");
        let mut state = MemoryState::default();
        let (hash, _) = host.upload(&mut state, code, u64::MAX).expect("upload pool.wasm");
        let mut input = selector("new");
        input.extend_from_slice(&INK_SYSTEM.0);
        let out = host.instantiate(&mut state, &tx(STRANGER), hash, 0, input, Vec::new());
        assert!(out.exec.succeeded(), "instantiate the ink! pool: {:?}", out.exec);
        Self { host, state, pools: out.account, max_gas: 0 }
    }

    /// Calls `msg` as `origin`; the raw reply after ink!'s `LangError` byte. A reverted call
    /// must have written nothing and emitted nothing.
    pub fn raw_as(&mut self, origin: AccountId32, msg: &str, args: Args) -> (Vec<u8>, bool) {
        let mut input = selector(msg);
        input.extend_from_slice(&args.0);
        let events = self.state.events().len();
        let out = self.host.call(&mut self.state, &tx(origin), self.pools, 0, input);
        self.max_gas = self.max_gas.max(out.gas_used);
        let rv = out.result.unwrap_or_else(|e| panic!("ink! {msg} failed: {e:?}"));
        assert_eq!(rv.data.first(), Some(&0), "ink! {msg}: LangError");
        if rv.did_revert() {
            assert_eq!(self.state.events().len(), events, "ink! {msg}: a revert emitted");
        }
        (rv.data[1..].to_vec(), rv.did_revert())
    }

    /// Calls a message that returns `Result<T, Error>` as the system account.
    pub fn call(&mut self, msg: &str, args: Args) -> Result<Vec<u8>, InkError> {
        self.call_as(INK_SYSTEM, msg, args)
    }

    pub fn call_as(
        &mut self,
        origin: AccountId32,
        msg: &str,
        args: Args,
    ) -> Result<Vec<u8>, InkError> {
        let (data, reverted) = self.raw_as(origin, msg, args);
        let mut r = Reader::new(&data);
        match r.u8() {
            0 => {
                assert!(!reverted, "ink! {msg}: Ok with the REVERT flag");
                Ok(data[1..].to_vec())
            }
            _ => {
                assert!(reverted, "ink! {msg}: Err without the REVERT flag");
                let e = decode_error(&mut r);
                r.done();
                Err(e)
            }
        }
    }

    /// A call the native side expects to be a pool operation: its result with a `PoolError`.
    pub fn pool_op(&mut self, msg: &str, args: Args) -> Result<Vec<u8>, PoolError> {
        self.call(msg, args).map_err(|e| match e {
            InkError::Pool(p) => p,
            other => panic!("ink! {msg}: a calling error, not a PoolError: {other:?}"),
        })
    }

    /// A view that must succeed; its payload reader input.
    pub fn view(&mut self, msg: &str, netuid: u16) -> Vec<u8> {
        self.call(msg, Args::default().u16(netuid)).unwrap_or_else(|e| panic!("ink! {msg}: {e:?}"))
    }

    /// The data of the last event, which must have been emitted by the pool.
    pub fn last_event(&self) -> Vec<u8> {
        let ev = self.state.events().last().expect("an event");
        assert_eq!(ev.contract, self.pools);
        ev.data.clone()
    }

    pub fn events(&self) -> usize {
        self.state.events().len()
    }
}

// ------------------------------------------------------------------------------ tests

/// The node embeds `contracts/artifacts/ink/pool.wasm` (the `ink` pool engine's code): it must
/// be byte for byte what scripts/build-ink.sh builds from the sources now (copy the fresh
/// build there when the contract changes).
#[test]
fn checked_in_ink_pool_is_the_fresh_build() {
    let fresh = pool_wasm();
    assert!(
        contracts::ink::POOL_WASM == fresh.as_slice(),
        "contracts/artifacts/ink/pool.wasm ({} bytes) differs from the fresh build ({} bytes): \
         copy $CARGO_TARGET_DIR/ink/pool.wasm there",
        contracts::ink::POOL_WASM.len(),
        fresh.len()
    );
}

/// The same sequences through the ink! pool as well: all three agree on every operation.
#[test]
fn ink_pool_matches_native_and_solidity_pools() {
    let code = runtime_code();
    let wasm = pool_wasm();
    let (mut checks, mut max_gas, mut partial) = (0, 0, 0);
    let mut errors = BTreeSet::new();
    for (seed, ops) in RUNS {
        let mut rng = Rng(seed);
        let mut d = Diff::new(&code, Some(&wasm));
        d.ink_views_every = INK_VIEWS_EVERY;
        let start = std::time::Instant::now();
        d.run(&mut rng, ops);
        println!("seed {seed:#x}: {ops} operations in {:?}", start.elapsed());
        checks += d.ink_checks;
        partial += d.partial_fills;
        errors.extend(d.errors.iter().copied());
        max_gas = max_gas.max(d.ink.as_ref().map_or(0, |k| k.max_gas));
    }
    assert!(checks >= 2_000, "only {checks} operations compared on the ink! pool");
    assert!(partial >= 20, "only {partial} partial fills");
    assert_eq!(errors.len(), 8, "reached {errors:?}");
    println!("ink! pool: {checks} operations compared, most gas for one call {max_gas}");
}

/// The ink! pool's access rule and calling errors.
#[test]
fn ink_pool_calling_errors() {
    let mut k = InkPools::new(&pool_wasm());
    let (sys, reverted) = k.raw_as(STRANGER, "system", Args::default());
    assert!(!reverted);
    assert_eq!(sys, INK_SYSTEM.0.to_vec());
    let create =
        || Args::default().u16(1).u64(1_000_000_000_000).u64(10_000_000_000_000).u16(33).u8(1);
    assert_eq!(k.call_as(STRANGER, "create_pool", create()), Err(InkError::NotSystem(STRANGER.0)));
    assert_eq!(
        k.call("create_pool", Args::default().u16(1).u64(1).u64(1).u16(0).u8(7)),
        Err(InkError::InvalidMechanism(7))
    );
    assert_eq!(
        k.call("create_pool", Args::default().u16(0).u64(1).u64(5).u16(0).u8(0)),
        Err(InkError::InvalidStablePool(5, 0))
    );
    assert_eq!(k.call("create_pool", create()), Ok(Vec::new()));
    assert_eq!(k.call("reserves", Args::default().u16(2)), Err(InkError::PoolNotFound(2)));
    let (exists, _) = k.raw_as(STRANGER, "exists", Args::default().u16(1));
    assert_eq!(exists, vec![1]);
    // Views are open to anyone; mutators are not.
    let res = k.call_as(STRANGER, "reserves", Args::default().u16(1));
    assert_eq!(res.map(|v| v.len()), Ok(16));
    let swap = Args::default().u16(1).u64(1_000).opt_u64(None).bool(false);
    assert_eq!(
        k.call_as(STRANGER, "swap_tao_for_alpha", swap),
        Err(InkError::NotSystem(STRANGER.0))
    );
    let removed = k.call("remove_pool", Args::default().u16(1)).map(|b| {
        let mut r = Reader::new(&b);
        (r.u64(), r.u64())
    });
    assert_eq!(removed, Ok((1_000_000_000_000, 10_000_000_000_000)));
    assert_eq!(k.call("remove_pool", Args::default().u16(1)), Err(InkError::PoolNotFound(1)));
}
