//! Genesis assembly and the start-up check of the stored chain.

use super::ChainError;
use alloy::consensus::constants::EMPTY_OMMER_ROOT_HASH;
use alloy_primitives::{Address, B256, Bytes, U256, keccak256};
use tao_chain::block::{Header, SealedHeader};
use tao_chain::genesis::Genesis;
use tao_chain::poa::Authorities;
use tao_chain::state::{AccountInfo, StateChanges};
use tao_store::Store;

/// The genesis header and state diff of a genesis.
pub fn genesis_block(
    g: &Genesis,
    gas_limit: u64,
) -> Result<(SealedHeader, StateChanges), ChainError> {
    let state = g.state();
    let mut changes = StateChanges::default();
    for (a, info) in &state.accounts {
        changes.accounts.insert(*a, Some(*info));
    }
    for (k, v) in &state.storage {
        changes.storage.insert(*k, *v);
    }
    for (h, c) in &state.codes {
        changes.codes.insert(*h, c.clone());
    }
    // Every Bittensor precompile address, and the native system account, carry placeholder
    // code and nonce 1: `eth_getCode` is non-empty (MetaMask, Solidity's extcodesize check)
    // and the accounts are never "empty" in the EIP-161 sense, so their storage is never swept.
    let code = Bytes::copy_from_slice(&precompiles::PLACEHOLDER_CODE);
    let code_hash = keccak256(&code);
    changes.codes.insert(code_hash, code);
    for a in precompiles::ALL.iter().chain([&precompiles::BLOCK_STEP]) {
        let balance = state.accounts.get(a).map(|x| x.balance).unwrap_or_default();
        changes.accounts.insert(*a, Some(AccountInfo { nonce: 1, balance, code_hash }));
    }
    // Native module state (issuance, root subnet, registry parameters) as storage of the
    // native system account.
    let mut native = tao_runtime::MemNative::default();
    let options = tao_runtime::genesis::NativeOptions {
        subnet_startup: g.native.subnet_startup,
        root: g.native.root,
        subnet_limit: g.native.subnet_limit,
        network_immunity_period: g.native.network_immunity_period,
    };
    tao_runtime::genesis::apply(&mut native, g.issuance_wei(), g.native.profile, options)?;
    // The predeploys, and with the Solidity engine the genesis pools moved into AlphaPools.
    let mut calls = Vec::new();
    if g.native.pool_engine == tao_chain::genesis::PoolEngineChoice::Solidity {
        if !g.predeploys {
            return Err(ChainError::Predeploy(crate::predeploy::PredeployError::Evm {
                name: "AlphaPools",
                reason: "the solidity pool engine needs the predeploys (predeploys: true)".into(),
            }));
        }
        for (netuid, create, moving) in tao_runtime::pool_engine::adopt_solidity(&mut native)? {
            for op in std::iter::once(create).chain(moving) {
                if let Some(data) = precompiles::pool_host::encode(netuid, &op) {
                    calls.push((
                        tao_runtime::NATIVE_ACCOUNT,
                        tao_runtime::pool_engine::ALPHA_POOLS,
                        data,
                    ));
                }
            }
        }
    }
    if g.native.pool_engine == tao_chain::genesis::PoolEngineChoice::Ink {
        deploy_ink_pools(&mut native, g.timestamp)?;
    }
    if g.predeploys {
        let system = tao_runtime::NATIVE_ACCOUNT;
        for m in crate::predeploy::genesis_predeploys(g.timestamp, g.native.root, system, &calls)? {
            let code_hash = keccak256(&m.code);
            changes.codes.insert(code_hash, m.code);
            let balance = state.accounts.get(&m.address).map(|x| x.balance).unwrap_or_default();
            changes.accounts.insert(m.address, Some(AccountInfo { nonce: 1, balance, code_hash }));
            for (k, v) in m.storage {
                changes.storage.insert((m.address, k), v);
            }
        }
    }
    for (slot, v) in native.slots {
        changes.storage.insert((precompiles::BLOCK_STEP, U256::from_be_bytes(slot.0)), v);
    }
    let header = Header {
        parent_hash: B256::ZERO,
        ommers_hash: EMPTY_OMMER_ROOT_HASH,
        beneficiary: Address::ZERO,
        state_root: changes.commit_onto(B256::ZERO),
        transactions_root: alloy::consensus::constants::EMPTY_TRANSACTIONS,
        receipts_root: alloy::consensus::constants::EMPTY_RECEIPTS,
        number: 0,
        gas_limit,
        gas_used: 0,
        timestamp: g.timestamp,
        extra_data: g.extra_data.clone(),
        base_fee_per_gas: Some(g.base_fee_floor),
        ..Default::default()
    };
    Ok((SealedHeader::new(header), changes))
}

/// The `ink` engine's genesis: moves the genesis pools out of the native slots, instantiates
/// the ink! pool (system = the twin of the native system account) through the wasm bridge over
/// the genesis state, records its account and creates the pools in it.
fn deploy_ink_pools(native: &mut tao_runtime::MemNative, timestamp: u64) -> Result<(), ChainError> {
    use tao_runtime::pool_engine::{self, EngineKind};
    let fail = |e: String| {
        ChainError::Predeploy(crate::predeploy::PredeployError::Evm {
            name: "ink! pool",
            reason: e,
        })
    };
    let ops = pool_engine::adopt(native, EngineKind::Ink)?;
    let bridge = precompiles::wasm_bridge().map_err(fail)?;
    let system = tao_primitives::address_to_account_id(tao_runtime::NATIVE_ACCOUNT);
    let env = wasm_host::BlockEnv {
        block_number: 0,
        timestamp: timestamp.saturating_mul(1_000),
        ..wasm_host::BlockEnv::default()
    };
    let pools = precompiles::ink_pool::deploy(&bridge, native, system, env)?;
    pool_engine::ink::set_pools_account(native, &pools.0)?;
    for (netuid, create, moving) in ops {
        for op in std::iter::once(create).chain(moving) {
            precompiles::ink_pool::run(&bridge, native, pools, system, env, netuid, &op)?;
        }
    }
    Ok(())
}

/// How many of the newest stored blocks are re-verified (seal, slot, parent) at start-up.
pub const VERIFY_ON_OPEN: u64 = 64;

/// Check the PoA rules on the newest stored blocks: a datadir sealed by other authorities, or
/// edited on disk, is refused at start-up instead of being served.
pub(crate) fn verify_tail(
    store: &Store,
    authorities: &Authorities,
    head: u64,
) -> Result<(), ChainError> {
    let first = head.saturating_sub(VERIFY_ON_OPEN - 1).max(1);
    for n in first..=head {
        let (Some(parent), Some(block)) = (store.header(n - 1)?, store.header(n)?) else {
            return Err(ChainError::MissingBlock(n));
        };
        authorities.verify(&parent.header, parent.hash, &block.header)?;
    }
    Ok(())
}
