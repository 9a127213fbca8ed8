//! The `tao_` namespace: chain views for people and dashboards (subnets with their pools and
//! prices, a subnet's metagraph, a hotkey's and a coldkey's stake, supply). Every view reads
//! the native modules through the same functions the precompiles call, at a given block.
//!
//! Amounts are decimal strings of RAO / alpha-RAO (JSON numbers lose precision above 2^53);
//! prices are decimal strings of RAO per alpha ×10^9 (i.e. TAO per alpha with 18 decimals).

use super::{RpcCtx, RpcError, RpcResult};
use crate::twins::ViewNative;
use alloy::eips::BlockId;
use alloy_primitives::{Address, B256, Bytes, U256};
use jsonrpsee::core::RpcResult as WireResult;
use serde_json::{Value, json};
use tao_primitives::{AccountId32, NetUid, Uid};
use tao_runtime::hyperparams::{self, Hyper};
use tao_runtime::{Balances, NativeError, NativeStore, neurons, pool, staking, subnets, supply};
use taochain_rpc_api::TaoApiServer;

/// Most neurons one `tao_metagraph` call returns (a subnet holds at most 4,096 uids).
pub const MAX_METAGRAPH: u16 = 4096;

fn view_at(c: &RpcCtx, at: Option<BlockId>) -> RpcResult<ViewNative<tao_store::StoreStateView>> {
    let n = c.state_block(at)?;
    let block = n.unwrap_or_else(|| c.chain.head().number());
    Ok(ViewNative { view: c.chain.state_at(n)?, block })
}

fn hex32(b: impl AsRef<[u8]>) -> String {
    format!("0x{}", alloy_primitives::hex::encode(b))
}

fn subnet_json(s: &mut impl NativeStore, netuid: NetUid) -> Result<Value, NativeError> {
    let identity = subnets::identity(s, netuid)?;
    let tao_in = pool::tao_in_emission(s, netuid)?.0;
    Ok(json!({
        "netuid": netuid,
        "name": identity.map(|i| i.name).unwrap_or_default(),
        "owner_coldkey": hex32(subnets::owner(s, netuid)?),
        "owner_hotkey": hex32(subnets::owner_hotkey(s, netuid)?),
        "registered_at": subnets::registered_at(s, netuid)?,
        "tempo": hyperparams::get(s, netuid, Hyper::Tempo)?,
        "uids": neurons::uid_count(s, netuid)?,
        "max_uids": hyperparams::get(s, netuid, Hyper::MaxAllowedUids)?,
        "burn_rao": neurons::burn(s, netuid)?.to_string(),
        "locked_rao": subnets::locked(s, netuid)?.to_string(),
        "tao_in_rao": pool::tao_reserve(s, netuid)?.to_string(),
        "alpha_in": pool::alpha_reserve(s, netuid)?.to_string(),
        "alpha_out": pool::alpha_out(s, netuid)?.to_string(),
        "price_e18": pool::price_e18(s, netuid)?.to_string(),
        "moving_price_e18": pool::moving_price_e18(s, netuid)?.to_string(),
        "tao_in_emission_rao": tao_in.to_string(),
        // The subnet's whole TAO emission of the last block: injected plus chain-bought.
        "tao_emission_rao": tao_in.saturating_add(pool::excess_tao(s, netuid)?.0).to_string(),
        "alpha_out_emission": pool::alpha_out_emission(s, netuid)?.to_string(),
        "last_epoch_block": subnets::last_epoch_block(s, netuid)?,
    }))
}

fn metagraph_json(s: &mut impl NativeStore, netuid: NetUid) -> Result<Value, NativeError> {
    subnets::ensure_exists(s, netuid)?;
    let n = neurons::uid_count(s, netuid)?.min(MAX_METAGRAPH);
    let mut rows = Vec::with_capacity(n as usize);
    for uid in (0..n).map(Uid) {
        let hotkey = neurons::hotkey(s, netuid, uid)?;
        let coldkey = neurons::coldkey(s, netuid, uid)?;
        let axon = neurons::axon(s, netuid, uid)?;
        rows.push(json!({
            "uid": uid,
            "hotkey": hex32(hotkey),
            "coldkey": hex32(coldkey),
            "stake": staking::total_hotkey_alpha(s, &hotkey, netuid)?.to_string(),
            "active": neurons::is_active(s, netuid, uid)?,
            "validator_permit": neurons::validator_permit(s, netuid, uid)?,
            "consensus": neurons::consensus(s, netuid, uid)?,
            "incentive": neurons::incentive(s, netuid, uid)?,
            "dividends": neurons::dividends(s, netuid, uid)?,
            "validator_trust": neurons::validator_trust(s, netuid, uid)?,
            "emission": neurons::emission(s, netuid, uid)?.to_string(),
            "last_update": neurons::last_update(s, netuid, uid)?,
            "registered_at": neurons::block_at_registration(s, netuid, uid)?,
            "axon": { "ip": axon.ip.to_string(), "port": axon.port, "ip_type": axon.ip_type, "version": axon.version },
        }));
    }
    Ok(json!({ "netuid": netuid, "block": s.block_number(), "n": n, "neurons": rows }))
}

impl TaoApiServer for RpcCtx {
    fn subnets(&self, block: Option<BlockId>) -> WireResult<Value> {
        let mut s = view_at(self, block)?;
        let mut out = Vec::new();
        for netuid in subnets::netuids(&mut s).map_err(RpcError::from)? {
            out.push(subnet_json(&mut s, netuid).map_err(RpcError::from)?);
        }
        Ok(Value::Array(out))
    }
    fn metagraph(&self, netuid: u16, block: Option<BlockId>) -> WireResult<Value> {
        let mut s = view_at(self, block)?;
        Ok(metagraph_json(&mut s, NetUid(netuid)).map_err(RpcError::from)?)
    }
    fn hotkey_stake(&self, hotkey: B256, block: Option<BlockId>) -> WireResult<Value> {
        let mut s = view_at(self, block)?;
        Ok(hotkey_stake_json(&mut s, &hotkey.into()).map_err(RpcError::from)?)
    }
    fn coldkey_stake(&self, coldkey: B256, block: Option<BlockId>) -> WireResult<Value> {
        let mut s = view_at(self, block)?;
        let positions =
            staking::stake_positions(&mut s, &coldkey.into()).map_err(RpcError::from)?;
        let rows: Vec<Value> = positions
            .iter()
            .map(|x| json!({ "hotkey": hex32(x.hotkey), "netuid": x.netuid, "alpha": x.alpha.to_string() }))
            .collect();
        Ok(json!({ "coldkey": hex32(coldkey.0), "positions": rows }))
    }
    fn supply(&self, block: Option<BlockId>) -> WireResult<Value> {
        let mut s = view_at(self, block)?;
        Ok(supply_json(&mut s).map_err(RpcError::from)?)
    }
    fn account_balance(&self, account: B256, block: Option<BlockId>) -> WireResult<Value> {
        let mut s = view_at(self, block)?;
        Ok(account_balance_json(&mut s, &account.into()).map_err(RpcError::from)?)
    }
    fn contracts(&self, block: Option<BlockId>) -> WireResult<Value> {
        let mut rows = Vec::new();
        for (name, address, artifact) in contracts::predeploys::ALL {
            let code = self.code_at(*address, block)?;
            rows.push(json!({
                "name": name,
                "address": address,
                "deployed": !code.is_empty(),
                "code_hash": (!code.is_empty()).then(|| alloy_primitives::keccak256(&code)),
                "artifact": artifact.name,
            }));
        }
        Ok(Value::Array(rows))
    }
    fn wasm_code_hash(&self, account: B256, block: Option<BlockId>) -> WireResult<Option<B256>> {
        Ok(super::tao_wasm::code_hash(self, account, block)?)
    }
    fn wasm_storage(
        &self,
        account: B256,
        key: Bytes,
        block: Option<BlockId>,
    ) -> WireResult<Option<Bytes>> {
        Ok(super::tao_wasm::storage(self, account, &key, block)?)
    }
    fn wasm_dry_run(
        &self,
        from: Address,
        account: B256,
        input: Bytes,
        value: Option<U256>,
        block: Option<BlockId>,
    ) -> WireResult<Value> {
        Ok(super::tao_wasm::dry_run(self, from, account, input, value, block)?)
    }
}

fn account_balance_json(s: &mut impl NativeStore, id: &AccountId32) -> Result<Value, NativeError> {
    let address = s.evm_address_of(id)?;
    let free = s.free_balance(id)?;
    Ok(json!({
        "account": hex32(id),
        "evm_address": address,
        // The linked address's EVM balance (floored to RAO), else the native balance.
        "free_rao": free.to_string(),
        "kind": if address.is_some() { "evm" } else { "native" },
    }))
}

fn hotkey_stake_json(s: &mut impl NativeStore, hotkey: &AccountId32) -> Result<Value, NativeError> {
    let mut out = Vec::new();
    for netuid in staking::hotkey_netuids(s, hotkey)? {
        let alpha = staking::total_hotkey_alpha(s, hotkey, netuid)?;
        out.push(json!({ "netuid": netuid, "alpha": alpha.to_string() }));
    }
    Ok(json!({ "hotkey": hex32(hotkey), "subnets": out }))
}

fn supply_json(s: &mut impl NativeStore) -> Result<Value, NativeError> {
    let issuance = supply::total_issuance_wei(s)?;
    let recycled = supply::total_recycled_wei(s)?;
    let emission = supply::block_emission_rao(s)?;
    Ok(json!({
        "block": s.block_number(),
        "total_issuance_wei": issuance.to_string(),
        "total_recycled_wei": recycled.to_string(),
        "block_emission_rao": emission.to_string(),
    }))
}
