//! The `tao_dev*` methods (`--dev` only): Bittensor dev controls over [`tao_runtime::dev`].
//! Arguments are checked here (-32602); the native modules' refusals come back as -32000 with
//! their reason, and change nothing. Methods that run epochs mine real blocks, so the epoch
//! runs in a block step exactly as it would on a running chain.

use super::limits::MAX_MINE_COUNT;
use super::{RpcCtx, RpcError, RpcResult};
use crate::chain::DevNative;
use alloy_primitives::{B256, U64};
use jsonrpsee::core::RpcResult as WireResult;
use tao_primitives::{AccountId32, NetUid};
use tao_runtime::NativeError;
use tao_runtime::dev;
use tao_runtime::hyperparams::Hyper;
use tao_store::StoreStateView;
use taochain_rpc_api::{DevQuantity, TaoDevApiServer};

impl RpcCtx {
    /// Runs one dev edit on the head state; a refusal becomes [`RpcError::Native`].
    fn dev_edit<T>(
        &self,
        edit: impl FnOnce(&mut DevNative<StoreStateView>) -> Result<T, NativeError>,
    ) -> RpcResult<T> {
        self.chain.dev().edit_native(edit)?.map_err(RpcError::Native)
    }

    /// Mines `count` blocks; returns the new head's number.
    fn dev_mine(&self, count: u64) -> RpcResult<u64> {
        for _ in 0..count {
            self.chain.producer().mine_block()?;
        }
        Ok(self.chain.head().number())
    }
}

/// A hyperparameter by its snake_case name (`weights_set_rate_limit`) or camelCase
/// (`weightsSetRateLimit`).
fn hyper_by_name(name: &str) -> RpcResult<Hyper> {
    let flat = |s: &str| s.replace('_', "").to_ascii_lowercase();
    let want = flat(name);
    Hyper::ALL.iter().copied().find(|h| flat(h.name()) == want).ok_or_else(|| {
        let names: Vec<&str> = Hyper::ALL.iter().map(|h| h.name()).collect();
        RpcError::invalid_params(format!(
            "unknown hyperparameter {name:?}: one of {}",
            names.join(", ")
        ))
    })
}

impl TaoDevApiServer for RpcCtx {
    fn dev_run_epoch(&self, netuid: u16) -> WireResult<U64> {
        self.dev_edit(|s| dev::force_epoch(s, NetUid(netuid)))?;
        Ok(U64::from(self.dev_mine(1)?))
    }

    fn dev_jump_to_next_tempo(&self, netuid: u16) -> WireResult<U64> {
        let blocks = self.dev_edit(|s| dev::blocks_to_next_epoch(s, NetUid(netuid)))?;
        let blocks = blocks.ok_or_else(|| {
            RpcError::invalid_params(format!(
                "subnet {netuid} has tempo 0 and runs no epochs: use tao_devRunEpoch"
            ))
        })?;
        if blocks > MAX_MINE_COUNT {
            return Err(RpcError::invalid_params(format!(
                "the next epoch of subnet {netuid} is {blocks} blocks away, more than \
                 {MAX_MINE_COUNT}: use tao_devRunEpoch"
            ))
            .into());
        }
        Ok(U64::from(self.dev_mine(blocks)?))
    }

    fn dev_set_pool_reserves(
        &self,
        netuid: u16,
        tao_rao: DevQuantity,
        alpha_rao: DevQuantity,
    ) -> WireResult<bool> {
        self.dev_edit(|s| dev::set_pool_reserves(s, NetUid(netuid), tao_rao.0, alpha_rao.0))?;
        Ok(true)
    }

    fn dev_credit_stake(
        &self,
        hotkey: B256,
        coldkey: B256,
        netuid: u16,
        alpha_rao: DevQuantity,
    ) -> WireResult<bool> {
        let (hot, cold) = (AccountId32(hotkey.0), AccountId32(coldkey.0));
        self.dev_edit(|s| dev::credit_stake(s, &hot, &cold, NetUid(netuid), alpha_rao.0))?;
        Ok(true)
    }

    fn dev_set_hyperparameter(
        &self,
        netuid: u16,
        name: String,
        value: DevQuantity,
    ) -> WireResult<bool> {
        let h = hyper_by_name(&name)?;
        self.dev_edit(|s| dev::set_hyperparameter(s, NetUid(netuid), h, value.0))?;
        Ok(true)
    }

    fn dev_register_neuron(&self, netuid: u16, hotkey: B256, coldkey: B256) -> WireResult<u16> {
        let (hot, cold) = (AccountId32(hotkey.0), AccountId32(coldkey.0));
        let uid = self.dev_edit(|s| dev::register_neuron(s, NetUid(netuid), &cold, &hot))?;
        Ok(uid.get())
    }
}

#[cfg(test)]
mod tests {
    use super::hyper_by_name;
    use tao_runtime::hyperparams::Hyper;

    #[test]
    fn hyperparameters_by_either_name() {
        assert_eq!(hyper_by_name("weights_set_rate_limit").unwrap(), Hyper::WeightsSetRateLimit);
        assert_eq!(hyper_by_name("weightsSetRateLimit").unwrap(), Hyper::WeightsSetRateLimit);
        assert_eq!(hyper_by_name("Tempo").unwrap(), Hyper::Tempo);
        let err = hyper_by_name("tempoo").unwrap_err().to_string();
        assert!(err.starts_with("unknown hyperparameter \"tempoo\": one of tempo, kappa"), "{err}");
    }
}
