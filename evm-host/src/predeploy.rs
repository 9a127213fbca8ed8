//! Genesis predeploys: contracts that exist from block 0 at fixed addresses (WTAO, the
//! wrapped-alpha and delegation-vault factories, the lending market; the list and the
//! addresses are the contracts crate's [`contracts::predeploys`]).
//!
//! Each is materialised the way a deployment would create it: its creation code (with the
//! constructor arguments appended) runs in a scratch EVM with nothing else in it, and the
//! runtime code and storage it leaves become the genesis account at the fixed address. The
//! contracts' constructors therefore must not depend on their own address (no immutable or
//! storage derived from `address(this)`); the contracts crate documents this rule. They run in
//! list order in one scratch EVM, each placed at its fixed address before the next runs, so a
//! constructor may check that an earlier predeploy (WTAO) has code.

use alloy_primitives::{Address, Bytes, U256, address};
use revm::bytecode::Bytecode;
use revm::context::result::{ExecutionResult, Output};
use revm::context::{Context, TxEnv};
use revm::database::{CacheDB, EmptyDB};
use revm::primitives::TxKind;
use revm::state::AccountInfo;
use revm::{ExecuteEvm, MainBuilder, MainContext};
use std::collections::BTreeMap;

/// The scratch deployer (never an account of the chain).
const DEPLOYER: Address = address!("0x00000000000000000000000000000000deadbeef");

/// A materialised predeploy: what its constructor left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Materialized {
    /// The contract's name.
    pub name: &'static str,
    /// Where it lives from genesis on.
    pub address: Address,
    /// Its runtime code.
    pub code: Bytes,
    /// Its non-zero storage slots.
    pub storage: BTreeMap<U256, U256>,
}

/// Why a predeploy could not be materialised (a build defect, never a user input).
#[derive(Debug, thiserror::Error)]
pub enum PredeployError {
    /// The constructor reverted or halted.
    #[error("predeploy {name}: constructor failed: {reason}")]
    Constructor {
        /// The contract.
        name: &'static str,
        /// What the EVM reported.
        reason: String,
    },
    /// The EVM refused the deployment transaction.
    #[error("predeploy {name}: {reason}")]
    Evm {
        /// The contract.
        name: &'static str,
        /// What the EVM reported.
        reason: String,
    },
}

/// A scratch EVM's state: the predeploys materialised so far, at their fixed addresses.
type Scratch = CacheDB<EmptyDB>;

/// Runs `init` (creation code and constructor arguments) in the scratch EVM `db` at genesis
/// time `timestamp`, returns the code and storage it left, and places them at `address` in
/// `db` so that later constructors see the contract there.
fn materialize(
    db: &mut Scratch,
    timestamp: u64,
    name: &'static str,
    address: Address,
    init: Bytes,
) -> Result<Materialized, PredeployError> {
    let mut evm = Context::mainnet()
        .with_db(&mut *db)
        .modify_block_chained(|b| b.timestamp = U256::from(timestamp))
        .modify_cfg_chained(|c| c.disable_nonce_check = true)
        .build_mainnet();
    let tx = TxEnv {
        caller: DEPLOYER,
        kind: TxKind::Create,
        data: init,
        gas_limit: 16_777_216,
        gas_price: 0,
        ..Default::default()
    };
    let r = evm.transact(tx).map_err(|e| PredeployError::Evm { name, reason: format!("{e:?}") })?;
    let created = match r.result {
        ExecutionResult::Success { output: Output::Create(_, Some(a)), .. } => a,
        other => {
            return Err(PredeployError::Constructor { name, reason: format!("{other:?}") });
        }
    };
    let account = r
        .state
        .get(&created)
        .ok_or_else(|| PredeployError::Constructor { name, reason: "no account created".into() })?;
    let code = account
        .info
        .code
        .as_ref()
        .map(|c| c.original_bytes())
        .filter(|c| !c.is_empty())
        .ok_or_else(|| PredeployError::Constructor { name, reason: "empty runtime code".into() })?;
    let storage: BTreeMap<U256, U256> = account
        .storage
        .iter()
        .filter(|(_, s)| !s.present_value.is_zero())
        .map(|(k, s)| (*k, s.present_value))
        .collect();
    let bytecode = Bytecode::new_raw(code.clone());
    let info = AccountInfo {
        nonce: 1,
        code_hash: bytecode.hash_slow(),
        code: Some(bytecode),
        ..Default::default()
    };
    db.insert_account_info(address, info);
    for (k, v) in &storage {
        db.insert_account_storage(address, *k, *v)
            .map_err(|e| PredeployError::Evm { name, reason: format!("{e:?}") })?;
    }
    Ok(Materialized { name, address, code, storage })
}

/// A call the chain makes into a predeploy right after genesis deployment (the pool engine's
/// `createPool` of the genesis subnets): caller, target and calldata.
pub type GenesisCall = (Address, Address, Bytes);

/// Every predeploy of a genesis at `timestamp` whose lending-market guardian is `guardian`
/// (none: no lending market) and whose system caller is `system`, materialised in list order in
/// one scratch EVM, followed by `calls`; returns each predeploy with its final storage.
pub fn genesis_predeploys(
    timestamp: u64,
    guardian: Option<Address>,
    system: Address,
    calls: &[GenesisCall],
) -> Result<Vec<Materialized>, PredeployError> {
    let mut db = Scratch::new(EmptyDB::default());
    let mut out: Vec<Materialized> = contracts::predeploys::list(guardian, system)
        .map_err(|e| PredeployError::Evm { name: e.name, reason: e.what })?
        .into_iter()
        .map(|p| materialize(&mut db, timestamp, p.name, p.address, p.init))
        .collect::<Result<_, _>>()?;
    for (caller, to, data) in calls {
        let name = out.iter().find(|m| m.address == *to).map_or("genesis call", |m| m.name);
        let mut evm = Context::mainnet()
            .with_db(&mut db)
            .modify_block_chained(|b| b.timestamp = U256::from(timestamp))
            .modify_cfg_chained(|c| c.disable_nonce_check = true)
            .build_mainnet();
        let tx = TxEnv {
            caller: *caller,
            kind: TxKind::Call(*to),
            data: data.clone(),
            gas_limit: 16_777_216,
            gas_price: 0,
            ..Default::default()
        };
        let r =
            evm.transact(tx).map_err(|e| PredeployError::Evm { name, reason: format!("{e:?}") })?;
        if !r.result.is_success() {
            return Err(PredeployError::Constructor { name, reason: format!("{:?}", r.result) });
        }
        for (addr, account) in r.state {
            for (k, v) in account.storage.iter().filter(|(_, v)| v.is_changed()) {
                db.insert_account_storage(addr, *k, v.present_value)
                    .map_err(|e| PredeployError::Evm { name, reason: format!("{e:?}") })?;
                if let Some(m) = out.iter_mut().find(|m| m.address == addr) {
                    if v.present_value.is_zero() {
                        m.storage.remove(k);
                    } else {
                        m.storage.insert(*k, v.present_value);
                    }
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tao_runtime::pool_engine;

    #[test]
    fn the_runtime_reads_alpha_pools_where_the_artefact_puts_it() {
        assert_eq!(pool_engine::ALPHA_POOLS, contracts::predeploys::ALPHA_POOLS_ADDRESS);
        let layout = contracts::artifacts::ALPHA_POOLS.storage_layout().expect("layout");
        let storage = layout["storage"].as_array().expect("storage");
        assert_eq!(storage.len(), 1, "AlphaPools keeps one state variable: {storage:?}");
        assert_eq!(
            (storage[0]["label"].as_str(), storage[0]["slot"].as_str()),
            (Some("_pools"), Some("0"))
        );
        let ty = storage[0]["type"].as_str().expect("type");
        let value = layout["types"][ty]["value"].as_str().expect("mapping value");
        let members: Vec<(String, String, u64)> = layout["types"][value]["members"]
            .as_array()
            .expect("members")
            .iter()
            .map(|m| {
                let label = m["label"].as_str().unwrap_or_default().to_string();
                let slot = m["slot"].as_str().unwrap_or_default().to_string();
                (label, slot, m["offset"].as_u64().unwrap_or(99))
            })
            .collect();
        let expected = [
            ("tao", "0", 0),
            ("alpha", "0", 8),
            ("feeRate", "0", 16),
            ("mechanism", "0", 18),
            ("exists", "0", 19),
            ("movingPrice", "1", 0),
        ];
        let expected: Vec<(String, String, u64)> =
            expected.iter().map(|(l, s, o)| (l.to_string(), s.to_string(), *o)).collect();
        assert_eq!(members, expected, "pool_engine::decode_fields must follow this layout");
    }

    #[test]
    fn genesis_pools_move_into_the_contract() {
        // The dev genesis (Solidity engine): root's pool is in AlphaPools' storage.
        let g = tao_chain::genesis::Genesis::dev();
        let (_, changes) = crate::chain::genesis::genesis_block(&g, g.gas_limit).expect("genesis");
        let slot = pool_engine::pool_slot(tao_primitives::NetUid(0));
        let w0 =
            changes.storage.get(&(pool_engine::ALPHA_POOLS, slot)).copied().unwrap_or_default();
        let w1 = changes
            .storage
            .get(&(pool_engine::ALPHA_POOLS, slot + U256::from(1)))
            .copied()
            .unwrap_or_default();
        let f = pool_engine::decode_fields(w0, w1);
        assert!(f.exists, "root pool created in AlphaPools");
        assert_eq!((f.mechanism, f.fee_rate, f.alpha), (0, 0, 0), "root is stable");
        // A genesis with the native engine keeps its pools in native slots and no contract pool.
        let mut g = g;
        g.native.pool_engine = tao_chain::genesis::PoolEngineChoice::Native;
        let (_, changes) = crate::chain::genesis::genesis_block(&g, g.gas_limit).expect("genesis");
        assert!(!changes.storage.contains_key(&(pool_engine::ALPHA_POOLS, slot)));
    }
}
