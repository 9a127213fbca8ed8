//! Shared test fixtures: the compiled ink! contracts, a chain over `MemoryState`, SCALE bits.
#![allow(dead_code, clippy::unwrap_used, missing_docs)]

pub mod native_state;
pub mod wasm_text;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use wasm_host::code::blake2_256;
use wasm_host::{
    AccountId32, BlockEnv, CodeHash, ExecOutcome, HostConfig, InstantiateOutcome, MemoryState,
    TxContext, WasmHost, WasmState,
};

pub const ALICE: AccountId32 = AccountId32([0xa1; 32]);
pub const BOB: AccountId32 = AccountId32([0xb0; 32]);
pub const START_BALANCE: u64 = 1_000_000_000_000;
pub const GAS: u64 = 5_000_000;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn newest_source(dir: &Path) -> SystemTime {
    let mut newest = SystemTime::UNIX_EPOCH;
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if p.is_dir() {
            newest = newest.max(newest_source(&p));
        } else if name.ends_with(".rs") || name.starts_with("Cargo.") {
            newest = newest.max(p.metadata().unwrap().modified().unwrap());
        }
    }
    newest
}

/// The compiled contract `name` (counter, caller, hostile, ext_all): rebuilt by
/// scripts/build-ink.sh when any contract source is newer than the .wasm files.
pub fn wasm(name: &str) -> Vec<u8> {
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root().join("target"));
    let out = target.join("ink");
    let sources = newest_source(&root().join("contracts/ink"));
    let fresh = ["counter", "caller", "hostile", "ext_all"].iter().all(|c| {
        out.join(format!("{c}.wasm"))
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t >= sources)
    });
    if !fresh {
        let status = Command::new(root().join("scripts/build-ink.sh"))
            .env("CARGO_TARGET_DIR", &target)
            .status()
            .expect("run scripts/build-ink.sh");
        assert!(status.success(), "scripts/build-ink.sh failed");
    }
    std::fs::read(out.join(format!("{name}.wasm"))).unwrap()
}

/// ink! selector of an inherent message or constructor.
pub fn sel(name: &str) -> Vec<u8> {
    blake2_256(name.as_bytes())[..4].to_vec()
}

/// selector ‖ args.
pub fn input(name: &str, args: &[&[u8]]) -> Vec<u8> {
    let mut v = sel(name);
    for a in args {
        v.extend_from_slice(a);
    }
    v
}

pub fn compact(n: usize) -> Vec<u8> {
    assert!(n < 1 << 14);
    if n < 64 { vec![(n as u8) << 2] } else { (((n as u16) << 2) | 1).to_le_bytes().to_vec() }
}

pub fn bytes(b: &[u8]) -> Vec<u8> {
    let mut v = compact(b.len());
    v.extend_from_slice(b);
    v
}

pub struct Chain {
    pub host: WasmHost<MemoryState>,
    pub state: MemoryState,
    pub env: BlockEnv,
}

impl Chain {
    pub fn new() -> Self {
        Self::with_config(HostConfig::default())
    }

    pub fn with_config(config: HostConfig) -> Self {
        let mut state = MemoryState::default();
        state.set_balance(ALICE, START_BALANCE);
        state.set_balance(BOB, START_BALANCE);
        let env = BlockEnv { block_number: 77, timestamp: 1_700_000_000_000, minimum_balance: 500 };
        Self { host: WasmHost::new(config).unwrap(), state, env }
    }

    pub fn tx(&self, origin: AccountId32, gas_limit: u64) -> TxContext {
        TxContext { origin, env: self.env, gas_limit }
    }

    pub fn upload(&mut self, code: &[u8]) -> CodeHash {
        self.host.upload(&mut self.state, code, u64::MAX).unwrap().0
    }

    pub fn instantiate(
        &mut self,
        hash: CodeHash,
        value: u64,
        input: Vec<u8>,
        salt: &[u8],
    ) -> InstantiateOutcome {
        let tx = self.tx(ALICE, GAS);
        self.host.instantiate(&mut self.state, &tx, hash, value, input, salt.to_vec())
    }

    /// Uploads and instantiates `name` with constructor input; panics unless it succeeds.
    pub fn deploy(&mut self, name: &str, ctor: Vec<u8>) -> (CodeHash, AccountId32) {
        let hash = self.upload(&wasm(name));
        let out = self.instantiate(hash, 0, ctor, &[]);
        assert!(out.exec.succeeded(), "{name}: {:?}", out.exec);
        (hash, out.account)
    }

    pub fn call(&mut self, dest: AccountId32, value: u64, input: Vec<u8>) -> ExecOutcome {
        self.call_as(ALICE, dest, value, input, GAS)
    }

    pub fn call_as(
        &mut self,
        origin: AccountId32,
        dest: AccountId32,
        value: u64,
        input: Vec<u8>,
        gas: u64,
    ) -> ExecOutcome {
        let tx = self.tx(origin, gas);
        self.host.call(&mut self.state, &tx, dest, value, input)
    }

    /// Calls and returns the output; panics unless the call succeeded without revert.
    pub fn ok(&mut self, dest: AccountId32, input: Vec<u8>) -> Vec<u8> {
        let out = self.call(dest, 0, input);
        assert!(out.succeeded(), "{out:?}");
        out.result.unwrap().data
    }

    /// Calls and returns the output; panics unless the contract returned with the REVERT flag
    /// (an ink! message that returned `Err`).
    pub fn reverted(&mut self, dest: AccountId32, input: Vec<u8>) -> Vec<u8> {
        let out = self.call(dest, 0, input);
        let rv = out.result.unwrap();
        assert!(rv.did_revert(), "expected a revert, got {rv:?}");
        rv.data
    }

    /// Uploads and instantiates a hand-written module (empty constructor input).
    pub fn deploy_code(&mut self, code: &[u8], salt: &[u8]) -> AccountId32 {
        let hash = self.upload(code);
        let out = self.instantiate(hash, 0, Vec::new(), salt);
        assert!(out.exec.succeeded(), "{:?}", out.exec);
        out.account
    }

    pub fn balance(&self, a: &AccountId32) -> u64 {
        self.state.balance(a)
    }
}
