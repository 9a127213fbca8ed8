//! Dev methods in the anvil style (enabled only with `--dev`): mining control, time travel,
//! snapshots and state edits. The `anvil_` and `hardhat_` aliases are declared with the API.

use super::{RpcCtx, RpcError, RpcResult};
use crate::chain::{ChainError, MiningMode};
use alloy_primitives::{Address, B256, Bytes, U64, U256};
use jsonrpsee::core::RpcResult as WireResult;
use std::time::Duration;
use taochain_rpc_api::{
    AnvilApiServer, DevQuantity, EvmApiServer, MineOptions, NodeEnvironment, NodeInfo,
};

/// Most blocks one `anvil_mine` call produces.
pub const MAX_MINE_COUNT: u64 = 10_000;

impl RpcCtx {
    fn require_dev(&self) -> RpcResult<()> {
        Ok(self.chain.dev().require()?)
    }

    fn mine_blocks(&self, count: u64, interval: u64) -> RpcResult<()> {
        for i in 0..count {
            if i > 0 && interval > 0 {
                self.chain.dev().increase_time(interval as i64)?;
            }
            self.chain.producer().mine_block()?;
        }
        Ok(())
    }
}

impl EvmApiServer for RpcCtx {
    fn evm_mine(&self, options: Option<MineOptions>) -> WireResult<U64> {
        self.require_dev()?;
        if let Some(ts) = options.and_then(|o| o.timestamp) {
            self.chain.dev().set_next_timestamp(ts.0).map_err(RpcError::from)?;
        }
        self.chain.producer().mine_block().map_err(RpcError::from)?;
        Ok(U64::ZERO)
    }
    fn set_automine(&self, enabled: bool) -> WireResult<bool> {
        self.require_dev()?;
        let p = self.chain.producer();
        p.set_mining_mode(MiningMode { automine: enabled, ..p.mining_mode() });
        Ok(true)
    }
    fn set_interval_mining(&self, seconds: DevQuantity) -> WireResult<bool> {
        self.require_dev()?;
        let p = self.chain.producer();
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
        let total = self.chain.dev().increase_time(seconds.0 as i64).map_err(RpcError::from)?;
        Ok(U64::from(total.max(0) as u64))
    }
    fn set_next_block_timestamp(&self, timestamp: DevQuantity) -> WireResult<()> {
        Ok(self.chain.dev().set_next_timestamp(timestamp.0).map_err(RpcError::from)?)
    }
}

impl AnvilApiServer for RpcCtx {
    fn anvil_mine(
        &self,
        count: Option<DevQuantity>,
        interval: Option<DevQuantity>,
    ) -> WireResult<()> {
        self.require_dev()?;
        let count = count.map_or(1, |c| c.0).min(MAX_MINE_COUNT);
        Ok(self.mine_blocks(count, interval.map_or(0, |i| i.0))?)
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
}
