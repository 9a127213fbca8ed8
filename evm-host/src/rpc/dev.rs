//! Dev methods in the anvil style (enabled only with `--dev`): mining control, time travel,
//! snapshots and state edits. The `anvil_` and `hardhat_` aliases are declared with the API.
//!
//! Arguments are checked against the bounds in [`super::limits`] (blocks per call, mining
//! interval, time jumps and timestamps) and refused with -32602 when out of range, never
//! clamped or wrapped. Mining-mode changes are refused once the mining task has stopped.

use super::limits::{
    MAX_BLOCK_GAS_LIMIT, MAX_MINE_COUNT, MAX_MINING_INTERVAL_SECS, MAX_TIMESTAMP,
    MIN_BLOCK_GAS_LIMIT,
};
use super::{RpcCtx, RpcError, RpcResult};
use crate::chain::{ChainError, MiningMode};
use alloy_primitives::{Address, B256, Bytes, U64, U256};
use jsonrpsee::core::RpcResult as WireResult;
use serde_json::Value;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use taochain_rpc_api::{
    AnvilApiServer, DevQuantity, EvmApiServer, MineOptions, NodeEnvironment, NodeInfo,
};

impl RpcCtx {
    pub(super) fn require_dev(&self) -> RpcResult<()> {
        Ok(self.chain.dev().require()?)
    }

    fn mine_blocks(&self, count: u64, interval: u64) -> RpcResult<()> {
        for i in 0..count {
            if i > 0 && interval > 0 {
                // Checked by `check_time_jump` for the whole run before the first block.
                self.chain.dev().increase_time(i64::try_from(interval).unwrap_or(i64::MAX))?;
            }
            self.chain.producer().mine_block()?;
        }
        Ok(())
    }

    /// The timestamp the dev clock gives now (wall clock plus offset).
    fn dev_now(&self) -> u64 {
        let wall = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        wall.saturating_add_signed(self.chain.dev().clock_offset())
    }

    /// Refuse moving the dev clock forward by `secs` if it would pass [`MAX_TIMESTAMP`].
    fn check_time_jump(&self, secs: u64) -> RpcResult<i64> {
        let now = self.dev_now().max(self.chain.head().header.timestamp);
        match i64::try_from(secs) {
            Ok(s) if now.checked_add(secs).is_some_and(|t| t <= MAX_TIMESTAMP) => Ok(s),
            _ => Err(RpcError::invalid_params(format!(
                "time increase of {secs} s would move block time past {MAX_TIMESTAMP}"
            ))),
        }
    }

    /// Refuse a next-block timestamp before the head's or after [`MAX_TIMESTAMP`].
    fn check_timestamp(&self, ts: u64) -> RpcResult<u64> {
        let head = self.chain.head().header.timestamp;
        if ts < head || ts > MAX_TIMESTAMP {
            return Err(RpcError::invalid_params(format!(
                "timestamp {ts} out of range: at least the head's ({head}), at most {MAX_TIMESTAMP}"
            )));
        }
        Ok(ts)
    }
}

impl EvmApiServer for RpcCtx {
    fn evm_mine(&self, options: Option<MineOptions>) -> WireResult<U64> {
        self.require_dev()?;
        if let Some(ts) = options.and_then(|o| o.timestamp) {
            let ts = self.check_timestamp(ts.0)?;
            self.chain.dev().set_next_timestamp(ts).map_err(RpcError::from)?;
        }
        self.chain.producer().mine_block().map_err(RpcError::from)?;
        Ok(U64::ZERO)
    }
    fn set_automine(&self, enabled: bool) -> WireResult<bool> {
        self.require_dev()?;
        let p = self.chain.producer();
        p.require_running().map_err(RpcError::from)?;
        p.set_mining_mode(MiningMode { automine: enabled, ..p.mining_mode() });
        Ok(true)
    }
    fn set_interval_mining(&self, seconds: DevQuantity) -> WireResult<bool> {
        self.require_dev()?;
        if seconds.0 > MAX_MINING_INTERVAL_SECS {
            return Err(RpcError::invalid_params(format!(
                "mining interval {} s too long: at most {MAX_MINING_INTERVAL_SECS} s",
                seconds.0
            ))
            .into());
        }
        let p = self.chain.producer();
        p.require_running().map_err(RpcError::from)?;
        let interval = (seconds.0 > 0).then(|| Duration::from_secs(seconds.0));
        p.set_mining_mode(MiningMode { interval, ..p.mining_mode() });
        Ok(true)
    }
    fn snapshot(&self) -> WireResult<U64> {
        Ok(U64::from(self.chain.dev().snapshot().map_err(RpcError::from)?))
    }
    fn revert(&self, id: DevQuantity) -> WireResult<bool> {
        match self.chain.dev().revert(id.0) {
            Ok(()) => Ok(true),
            Err(ChainError::UnknownSnapshot) => Ok(false),
            Err(e) => Err(RpcError::from(e).into()),
        }
    }
    fn increase_time(&self, seconds: DevQuantity) -> WireResult<U64> {
        self.require_dev()?;
        let secs = self.check_time_jump(seconds.0)?;
        let total = self.chain.dev().increase_time(secs).map_err(RpcError::from)?;
        Ok(U64::from(u64::try_from(total).unwrap_or(0)))
    }
    fn set_next_block_timestamp(&self, timestamp: DevQuantity) -> WireResult<()> {
        self.require_dev()?;
        let ts = self.check_timestamp(timestamp.0)?;
        Ok(self.chain.dev().set_next_timestamp(ts).map_err(RpcError::from)?)
    }
    fn set_block_timestamp_interval(&self, seconds: DevQuantity) -> WireResult<()> {
        self.require_dev()?;
        if seconds.0 > MAX_MINING_INTERVAL_SECS {
            return Err(RpcError::invalid_params(format!(
                "timestamp interval {} s too long: at most {MAX_MINING_INTERVAL_SECS} s",
                seconds.0
            ))
            .into());
        }
        Ok(self.chain.dev().set_timestamp_interval(Some(seconds.0)).map_err(RpcError::from)?)
    }
    fn remove_block_timestamp_interval(&self) -> WireResult<bool> {
        self.require_dev()?;
        let dev = self.chain.dev();
        let had = dev.timestamp_interval().is_some();
        dev.set_timestamp_interval(None).map_err(RpcError::from)?;
        Ok(had)
    }
    fn set_block_gas_limit(&self, gas: DevQuantity) -> WireResult<bool> {
        self.require_dev()?;
        if !(MIN_BLOCK_GAS_LIMIT..=MAX_BLOCK_GAS_LIMIT).contains(&gas.0) {
            return Err(RpcError::invalid_params(format!(
                "block gas limit {} out of range: {MIN_BLOCK_GAS_LIMIT}..={MAX_BLOCK_GAS_LIMIT}",
                gas.0
            ))
            .into());
        }
        self.chain.dev().set_gas_limit(gas.0).map_err(RpcError::from)?;
        Ok(true)
    }
}

impl AnvilApiServer for RpcCtx {
    fn anvil_mine(
        &self,
        count: Option<DevQuantity>,
        interval: Option<DevQuantity>,
    ) -> WireResult<()> {
        self.require_dev()?;
        let count = count.map_or(1, |c| c.0);
        if count > MAX_MINE_COUNT {
            return Err(RpcError::invalid_params(format!(
                "cannot mine {count} blocks in one call: at most {MAX_MINE_COUNT}"
            ))
            .into());
        }
        let interval = interval.map_or(0, |i| i.0);
        self.check_time_jump(interval.saturating_mul(count.saturating_sub(1)))?;
        Ok(self.mine_blocks(count, interval)?)
    }
    fn automine(&self) -> WireResult<bool> {
        Ok(self.chain.producer().mining_mode().automine)
    }
    fn set_balance(&self, address: Address, balance: U256) -> WireResult<()> {
        let dev = self.chain.dev();
        Ok(dev.set_account(address, |a| a.balance = balance, None).map_err(RpcError::from)?)
    }
    fn set_nonce(&self, address: Address, nonce: DevQuantity) -> WireResult<()> {
        let dev = self.chain.dev();
        Ok(dev.set_account(address, |a| a.nonce = nonce.0, None).map_err(RpcError::from)?)
    }
    fn set_code(&self, address: Address, code: Bytes) -> WireResult<()> {
        Ok(self.chain.dev().set_account(address, |_| {}, Some(code)).map_err(RpcError::from)?)
    }
    fn set_storage_at(&self, address: Address, slot: U256, value: B256) -> WireResult<bool> {
        let value = U256::from_be_bytes(value.0);
        self.chain.dev().set_storage(address, slot, value).map_err(RpcError::from)?;
        Ok(true)
    }
    fn node_info(&self) -> WireResult<NodeInfo> {
        let head = self.chain.head();
        let chain_id = self.chain.chain_id();
        Ok(NodeInfo {
            current_block_number: head.number(),
            current_block_timestamp: head.header.timestamp,
            current_block_hash: head.hash,
            chain_id,
            hard_fork: "osaka".into(),
            network: "taochain".into(),
            environment: NodeEnvironment {
                base_fee: self.chain.next_base_fee(),
                chain_id,
                gas_limit: self.chain.gas_limit(),
            },
        })
    }
    fn reset(&self, options: Option<Value>) -> WireResult<()> {
        self.require_dev()?;
        let forking = options.as_ref().and_then(|o| o.get("forking")).is_some_and(|f| !f.is_null());
        if forking {
            return Err(RpcError::invalid_params(
                "anvil_reset: forking is not supported; call it without options to return to \
                 genesis",
            )
            .into());
        }
        Ok(self.chain.dev().reset().map_err(RpcError::from)?)
    }
    fn impersonate_account(&self, address: Address) -> WireResult<()> {
        Ok(self.chain.dev().impersonate(address, true).map_err(RpcError::from)?)
    }
    fn stop_impersonating_account(&self, address: Address) -> WireResult<()> {
        Ok(self.chain.dev().impersonate(address, false).map_err(RpcError::from)?)
    }
    fn auto_impersonate_account(&self, enabled: bool) -> WireResult<()> {
        Ok(self.chain.dev().set_auto_impersonate(enabled).map_err(RpcError::from)?)
    }
    fn set_next_block_base_fee_per_gas(&self, fee: DevQuantity) -> WireResult<()> {
        Ok(self.chain.dev().set_next_base_fee(fee.0).map_err(RpcError::from)?)
    }
    fn set_min_gas_price(&self, _price: DevQuantity) -> WireResult<()> {
        self.require_dev()?;
        Err(RpcError::invalid_params(
            "anvil_setMinGasPrice is not supported when EIP-1559 is active: use \
             anvil_setNextBlockBaseFeePerGas",
        )
        .into())
    }
    fn drop_transaction(&self, hash: B256) -> WireResult<Option<B256>> {
        Ok(self.chain.pool().drop_tx(&hash))
    }
    fn drop_all_transactions(&self) -> WireResult<()> {
        self.chain.pool().drop_all();
        Ok(())
    }
    fn dump_state(&self) -> WireResult<Bytes> {
        let dump = self.chain.dev().dump_state().map_err(RpcError::from)?;
        Ok(Bytes::from(dump.to_bytes().map_err(RpcError::from)?))
    }
    fn load_state(&self, state: Bytes) -> WireResult<bool> {
        self.chain.dev().load_state(&state).map_err(RpcError::from)?;
        Ok(true)
    }
}
