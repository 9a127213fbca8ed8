//! # precompiles
//!
//! The Bittensor EVM precompiles with the real chain's addresses and Solidity ABI (declared
//! once, in the `contracts` crate): 0x402 / 0x403 Ed25519 / Sr25519 verification, 0x800 balance
//! transfer, 0x801 staking v1 (wei-scaled), 0x802 metagraph, 0x803 subnet, 0x804 neuron, 0x805
//! staking v2, 0x806 uid lookup, 0x808 alpha, 0x80c address mapping. Each module decodes the
//! calldata, charges gas before work, refuses writes in static calls, calls the chain-core
//! native function every other entry point uses, and encodes the result; bad input becomes a
//! revert with a readable `Error(string)` reason, never a panic. The real chain's other
//! precompile addresses ([`unavailable`]) revert with a reason naming them.
//!
//! State-changing calls emit EVM events (declared in `contracts`; the real chain emits none):
//! stake added, removed, moved, transferred and burned, allowances, neuron and subnet
//! registration, serving, weights, hyperparameters and transfers to 32-byte accounts. They go
//! through [`events::Host`] into revm's journal, so a reverted frame drops them, and are
//! charged like the `LOG` opcode.
//!
//! [`ChainPrecompiles`] is the revm `PrecompileProvider` that serves them next to Ethereum's
//! standard precompiles. Native state is read and written through [`journal::JournalStore`],
//! so precompile writes roll back with the EVM frame that made them. The block step (coinbase,
//! epochs) runs as a system call into [`BLOCK_STEP`], callable only by revm's system address.
//!
//! DELEGATECALL and CALLCODE into a precompile that acts for its caller (every one but the
//! verification and address-mapping ones) revert: the frame would run with the calling
//! contract's identity but on behalf of whoever called that contract, so a contract a user
//! calls could stake, transfer or register as that user. A contract that should move a user's
//! stake gets an allowance instead (`approve` / `transferStakeFrom` on 0x805).

pub mod address_mapping;
pub mod alpha;
pub mod balance_transfer;
pub mod block_step;
pub mod call;
pub mod ed25519;
pub mod events;
pub mod ink_pool;
pub mod journal;
pub mod metagraph;
pub mod neuron;
pub mod pool_host;
pub mod sr25519;
pub mod staking;
pub mod staking_v1;
pub mod subnet;
pub mod subnet_control;
#[cfg(any(test, feature = "test-utils"))]
pub mod testkit;
pub mod uid_lookup;
pub mod unavailable;
pub mod wasm_bridge;

use alloy_primitives::{Address, Bytes};
use call::{Call, Failure, Gas};
use revm::context::Cfg;
use revm::context_interface::Block;
use revm::context_interface::ContextTr;
use revm::handler::{EthPrecompiles, PrecompileProvider, precompile_output_to_interpreter_result};
use revm::interpreter::{CallInputs, InterpreterResult};
use revm::precompile::{PrecompileHalt, PrecompileOutput};
use revm::primitives::AddressSet;
use revm::primitives::hardfork::SpecId;
use std::sync::{Arc, OnceLock};
use tao_runtime::Balances;
use tao_runtime::coinbase::CoinbaseConfig;
use wasm_host::Bridge;

/// Ed25519 signature verification (addresses are declared once, in `contracts`).
pub const ED25519_VERIFY: Address = contracts::ed25519_verify::ADDRESS;
/// Sr25519 signature verification.
pub const SR25519_VERIFY: Address = contracts::sr25519_verify::ADDRESS;
/// Balance transfer precompile.
pub const BALANCE_TRANSFER: Address = contracts::balance_transfer::ADDRESS;
/// Staking v1 precompile (wei-scaled).
pub const STAKING_V1: Address = contracts::staking_v1::ADDRESS;
/// Metagraph precompile.
pub const METAGRAPH: Address = contracts::metagraph::ADDRESS;
/// Subnet precompile.
pub const SUBNET: Address = contracts::subnet::ADDRESS;
/// Neuron precompile.
pub const NEURON: Address = contracts::neuron::ADDRESS;
/// Staking v2 precompile.
pub const STAKING_V2: Address = contracts::staking::ADDRESS;
/// UID lookup precompile.
pub const UID_LOOKUP: Address = contracts::uid_lookup::ADDRESS;
/// Alpha precompile.
pub const ALPHA: Address = contracts::alpha::ADDRESS;
/// Address mapping precompile.
pub const ADDRESS_MAPPING: Address = contracts::address_mapping::ADDRESS;
/// The EVM→ink! bridge (taochain's own: `IWasm`).
pub const WASM: Address = contracts::wasm::ADDRESS;
/// Subnet control precompile (taochain's own: `startCall`, root's emission switch).
pub const SUBNET_CONTROL: Address = contracts::subnet_control::ADDRESS;
/// The block step entry (the native system account): only revm's system address may call it.
pub const BLOCK_STEP: Address = tao_runtime::NATIVE_ACCOUNT;

/// Every Bittensor precompile address served here, in address order.
pub const SERVED: [Address; 13] = [
    ED25519_VERIFY,
    SR25519_VERIFY,
    BALANCE_TRANSFER,
    STAKING_V1,
    METAGRAPH,
    SUBNET,
    NEURON,
    STAKING_V2,
    UID_LOOKUP,
    ALPHA,
    ADDRESS_MAPPING,
    WASM,
    SUBNET_CONTROL,
];

/// The served precompiles that neither read the caller nor change state: they answer
/// DELEGATECALL and CALLCODE too.
pub const CALLER_INDEPENDENT: [Address; 3] = [ED25519_VERIFY, SR25519_VERIFY, ADDRESS_MAPPING];

/// Every address of the real chain's precompile map (besides Ethereum's 0x01-0x09) and
/// taochain's own 0x0a00 and 0x0a01, in address order: the [`SERVED`] ones and the [`unavailable`] ones,
/// which revert. Each holds [`PLACEHOLDER_CODE`] from genesis.
pub const ALL: [Address; 21] = [
    contracts::unavailable::PRECOMPILES[0].1,
    contracts::unavailable::PRECOMPILES[1].1,
    ED25519_VERIFY,
    SR25519_VERIFY,
    BALANCE_TRANSFER,
    STAKING_V1,
    METAGRAPH,
    SUBNET,
    NEURON,
    STAKING_V2,
    UID_LOOKUP,
    contracts::unavailable::PRECOMPILES[2].1,
    ALPHA,
    contracts::unavailable::PRECOMPILES[3].1,
    contracts::unavailable::PRECOMPILES[4].1,
    contracts::unavailable::PRECOMPILES[5].1,
    ADDRESS_MAPPING,
    contracts::unavailable::PRECOMPILES[6].1,
    contracts::unavailable::PRECOMPILES[7].1,
    WASM,
    SUBNET_CONTROL,
];

/// True for an address that value must never be sent to through `transfer(bytes32)`, since
/// nothing could move it out again: the Bittensor precompiles, the native system account
/// ([`BLOCK_STEP`]), revm's system caller and Ethereum's standard precompiles.
pub fn is_reserved(a: &Address) -> bool {
    ALL.contains(a)
        || *a == BLOCK_STEP
        || *a == block_step::SYSTEM_CALLER
        || revm::precompile::Precompiles::latest().contains(a)
}

/// True for the 32-byte twin (`blake2b-256("evm:" ‖ address)`) of an [`is_reserved`] address:
/// such an id is never linked to its address (those addresses never act), so a balance there
/// could never move.
pub fn is_reserved_id(id: &tao_primitives::AccountId32) -> bool {
    static TWINS: std::sync::OnceLock<Vec<tao_primitives::AccountId32>> =
        std::sync::OnceLock::new();
    TWINS
        .get_or_init(|| {
            ALL.iter()
                .chain([BLOCK_STEP, block_step::SYSTEM_CALLER].iter())
                .chain(revm::precompile::Precompiles::latest().addresses())
                .map(|a| tao_primitives::address_to_account_id(*a))
                .collect()
        })
        .contains(id)
}

/// Code placed at every precompile address (and the native account) at genesis so that
/// `eth_getCode` is non-empty (MetaMask treats code-less addresses as plain transfers, and
/// Solidity checks `extcodesize` before calls that return nothing): `PUSH1 0 PUSH1 0 REVERT`.
pub const PLACEHOLDER_CODE: [u8; 5] = [0x60, 0x00, 0x60, 0x00, 0xfd];

/// The process-wide wasm bridge host (one, so compiled ink! modules stay cached across
/// transactions and blocks).
static WASM_BRIDGE: OnceLock<Result<Arc<Bridge>, String>> = OnceLock::new();

/// Installs the bridge every [`ChainPrecompiles`] uses (e.g. one whose chain extension is the
/// Bittensor one). Only before the first bridge call: afterwards the bridge in use is kept and
/// `bridge` is handed back.
pub fn set_wasm_bridge(bridge: Arc<Bridge>) -> Result<(), Arc<Bridge>> {
    let mut rejected = Some(bridge.clone());
    WASM_BRIDGE.get_or_init(|| {
        rejected = None;
        Ok(bridge)
    });
    rejected.map_or(Ok(()), Err)
}

/// The bridge in use: the installed one, else a default host with the Bittensor chain extension
/// (0x1000) over the chain's native store.
pub fn wasm_bridge() -> Result<Arc<Bridge>, String> {
    WASM_BRIDGE
        .get_or_init(|| {
            let ext: Arc<dyn wasm_host::bridge::NativeExtension> =
                Arc::new(wasm_host::chain_ext::BittensorNative);
            Bridge::new(wasm_host::HostConfig::default(), Some(ext))
                .map(Arc::new)
                .map_err(|e| e.to_string())
        })
        .clone()
}

/// The revm precompile provider of taochain.
#[derive(Debug, Clone)]
pub struct ChainPrecompiles {
    eth: EthPrecompiles,
    warm: AddressSet,
    coinbase: CoinbaseConfig,
}

impl ChainPrecompiles {
    /// Ethereum's precompiles for `spec` plus the Bittensor ones, with the chain's coinbase
    /// settings for the block step.
    pub fn new(spec: SpecId, coinbase: CoinbaseConfig) -> Self {
        let eth = EthPrecompiles::new(spec);
        let warm = Self::warm_set(&eth);
        Self { eth, warm, coinbase }
    }

    fn warm_set(eth: &EthPrecompiles) -> AddressSet {
        let mut warm = eth.warm_addresses().clone();
        warm.extend(ALL);
        warm.insert(BLOCK_STEP);
        warm
    }
}

impl<CTX: ContextTr<Cfg: Cfg<Spec = SpecId>>> PrecompileProvider<CTX> for ChainPrecompiles {
    type Output = InterpreterResult;

    fn set_spec(&mut self, spec: SpecId) -> bool {
        let changed = <EthPrecompiles as PrecompileProvider<CTX>>::set_spec(&mut self.eth, spec);
        self.warm = Self::warm_set(&self.eth);
        changed
    }

    fn run(
        &mut self,
        ctx: &mut CTX,
        inputs: &CallInputs,
    ) -> Result<Option<InterpreterResult>, String> {
        let addr = inputs.bytecode_address;
        if !ALL.contains(&addr) && addr != BLOCK_STEP {
            return self.eth.run(ctx, inputs);
        }
        let reservoir = inputs.reservoir;
        // DELEGATECALL / CALLCODE would run our code against another account's identity, on
        // behalf of whoever called that account (see the crate documentation).
        let acts_for_caller = !CALLER_INDEPENDENT.contains(&addr);
        if inputs.target_address != addr && acts_for_caller && !unavailable::is_unavailable(addr) {
            let out = PrecompileOutput::revert(
                0,
                Failure::revert_data(&format!(
                    "{}: precompiles that act for their caller cannot be delegate-called; \
                     use approve and transferStakeFrom to let a contract move stake",
                    call::names::DELEGATE_CALL_NOT_ALLOWED
                )),
                reservoir,
            );
            return Ok(Some(precompile_output_to_interpreter_result(out, inputs.gas_limit)));
        }
        let call = Call {
            caller: inputs.caller,
            value: inputs.value.get(),
            input: inputs.input.bytes(ctx),
            is_static: inputs.is_static,
            gas_limit: inputs.gas_limit,
        };
        let mut gas = Gas::new(inputs.gas_limit);
        let timestamp = u64::try_from(ctx.block().timestamp()).unwrap_or(u64::MAX);
        let mut store = journal::JournalStore::new(ctx);
        // The caller's twin is its coldkey: link it (and sweep TAO kept for it) so payments to
        // that coldkey land in the caller's EVM balance.
        if !call.is_static && addr != BLOCK_STEP {
            store.link_evm_address(call.caller).map_err(|e| e.to_string())?;
        }
        let result = if addr == BLOCK_STEP {
            block_step::run(&mut store, &call, &mut gas, &self.coinbase)
        } else if addr == WASM {
            let env = wasm_env(&mut store, timestamp);
            match gas
                .charge(call::cost::BASE)
                .and_then(|()| run_wasm(&mut store, &call, &mut gas, env))
            {
                Ok(wasm_bridge::Output::Return(b)) => Ok(b),
                Ok(wasm_bridge::Output::Revert(data)) => {
                    let out = PrecompileOutput::revert(gas.used(), data, reservoir);
                    return Ok(Some(precompile_output_to_interpreter_result(
                        out,
                        inputs.gas_limit,
                    )));
                }
                Err(f) => Err(f),
            }
        } else {
            dispatch(addr, &mut store, &call, &mut gas)
        };
        // The pool contract's own execution (the Solidity engine) is paid by this frame; the
        // block step is the chain's own work and is not metered.
        let system_gas = if addr == BLOCK_STEP { 0 } else { store.system_gas() };
        let result = result.and_then(|b| gas.charge(system_gas).map(|()| b));
        let out = match result {
            Ok(bytes) => PrecompileOutput::new(gas.used(), bytes, reservoir),
            Err(Failure::Revert { error, reason }) => PrecompileOutput::revert(
                gas.used(),
                Failure::revert_data(&format!("{error}: {reason}")),
                reservoir,
            ),
            Err(Failure::OutOfGas) => PrecompileOutput::halt(PrecompileHalt::OutOfGas, reservoir),
            Err(Failure::Fatal(msg)) => return Err(msg),
        };
        Ok(Some(precompile_output_to_interpreter_result(out, inputs.gas_limit)))
    }

    fn warm_addresses(&self) -> &AddressSet {
        &self.warm
    }
}

/// The block values an ink! contract reads: block number (u32 on the real chain, saturating),
/// timestamp in milliseconds, the existential deposit (500 RAO).
fn wasm_env(store: &mut impl tao_runtime::NativeStore, timestamp_s: u64) -> wasm_host::BlockEnv {
    wasm_host::BlockEnv {
        block_number: u32::try_from(store.block_number()).unwrap_or(u32::MAX),
        timestamp: timestamp_s.saturating_mul(1_000),
        ..wasm_host::BlockEnv::default()
    }
}

fn run_wasm(
    store: &mut impl events::Host,
    call: &Call,
    gas: &mut Gas,
    env: wasm_host::BlockEnv,
) -> Result<wasm_bridge::Output, Failure> {
    let bridge = wasm_bridge().map_err(|e| Failure::Fatal(format!("wasm host: {e}")))?;
    wasm_bridge::run(&bridge, store, call, gas, env)
}

fn dispatch(
    addr: Address,
    store: &mut impl events::Host,
    call: &Call,
    gas: &mut Gas,
) -> Result<Bytes, Failure> {
    match addr {
        // Priced like the real chain's: one flat charge, no base.
        ED25519_VERIFY => return ed25519::run(call, gas),
        SR25519_VERIFY => return sr25519::run(call, gas),
        _ => gas.charge(call::cost::BASE)?,
    }
    match addr {
        BALANCE_TRANSFER => balance_transfer::run(store, call, gas),
        STAKING_V1 => staking_v1::run(store, call, gas),
        METAGRAPH => metagraph::run(store, call, gas),
        SUBNET => subnet::run(store, call, gas),
        NEURON => neuron::run(store, call, gas),
        STAKING_V2 => staking::run(store, call, gas),
        UID_LOOKUP => uid_lookup::run(store, call, gas),
        ALPHA => alpha::run(store, call, gas),
        ADDRESS_MAPPING => address_mapping::run(call),
        SUBNET_CONTROL => subnet_control::run(store, call, gas),
        // The chain's provider runs 0xa00 itself (a contract revert passes its raw output
        // on); here a contract revert becomes a named one.
        WASM => match run_wasm(store, call, gas, wasm_host::BlockEnv::default())? {
            wasm_bridge::Output::Return(b) => Ok(b),
            wasm_bridge::Output::Revert(data) => Err(Failure::revert(
                wasm_bridge::CONTRACT_REVERTED,
                format!("the contract reverted with 0x{}", alloy_primitives::hex::encode(data)),
            )),
        },
        _ => unavailable::run(addr),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_is_served_plus_unavailable_in_address_order() {
        let mut expected: Vec<Address> = SERVED.to_vec();
        expected.extend(contracts::unavailable::PRECOMPILES.iter().map(|(_, a)| *a));
        expected.sort();
        assert_eq!(ALL.to_vec(), expected);
        let served: Vec<Address> = contracts::ALL.iter().map(|(_, a)| *a).collect();
        assert_eq!(SERVED.to_vec(), served, "one precompile per declared interface");
        assert!(CALLER_INDEPENDENT.iter().all(|a| SERVED.contains(a)));
        assert!(!ALL.contains(&BLOCK_STEP));
    }

    #[test]
    fn dispatch_reaches_every_address() {
        let mut store = tao_runtime::MemNative::default();
        for addr in ALL {
            let call = Call {
                caller: Address::repeat_byte(1),
                value: alloy_primitives::U256::ZERO,
                input: Bytes::from_static(&[0xde, 0xad, 0xbe, 0xef]),
                is_static: true,
                gas_limit: 1_000_000,
            };
            let got = dispatch(addr, &mut store, &call, &mut Gas::new(1_000_000));
            let Err(Failure::Revert { reason, .. }) = got else {
                panic!("{addr}: an unknown selector must revert, got {got:?}");
            };
            if let Some(name) = contracts::unavailable::name_at(addr) {
                assert!(reason.starts_with(name), "{addr}: {reason}");
            } else {
                assert!(!reason.contains("not available"), "{addr}: {reason}");
            }
        }
    }
}
