//! Transaction admission: decode, check against the rules and the head state, and pool.

use super::shared::Shared;
use super::{ChainError, TxError};
use crate::exec::{self, SPEC};
use alloy::consensus::{Transaction as _, TxEnvelope, transaction::SignerRecoverable as _};
use alloy::eips::eip2718::Decodable2718;
use alloy_primitives::{Address, B256, U256};
use std::sync::Arc;
use tao_chain::block::RecoveredTx;
use tao_store::StoreError;

/// The pool side of the chain: admits transactions and answers questions about pooled ones.
pub struct TxAdmission {
    shared: Arc<Shared>,
}

impl TxAdmission {
    pub(crate) fn new(shared: Arc<Shared>) -> Self {
        Self { shared }
    }

    /// Decode, check and pool a raw signed transaction.
    pub fn submit_raw(&self, raw: &[u8]) -> Result<B256, TxError> {
        let limit = self.shared.pool.lock().config().max_tx_bytes;
        if raw.len() > limit {
            return Err(TxError::Oversized { size: raw.len(), limit });
        }
        let tx = TxEnvelope::decode_2718(&mut &raw[..]).map_err(TxError::Decode)?;
        self.submit(tx)
    }

    /// Check and pool a decoded signed transaction.
    pub fn submit(&self, tx: TxEnvelope) -> Result<B256, TxError> {
        let rtx = self.check_static(tx)?;
        let t = &rtx.tx;
        let base_fee = self.shared.next_base_fee();
        if t.max_fee_per_gas() < base_fee as u128 {
            return Err(TxError::FeeTooLow { max_fee: t.max_fee_per_gas(), base_fee });
        }
        let acc = self.shared.store.latest_account(rtx.sender)?.unwrap_or_default();
        if t.nonce() < acc.nonce {
            return Err(TxError::NonceTooLow { next: acc.nonce, got: t.nonce() });
        }
        let cost = U256::from(t.gas_limit()) * U256::from(t.max_fee_per_gas()) + t.value();
        if acc.balance < cost {
            return Err(TxError::Funds { have: acc.balance, want: cost });
        }
        let hash = rtx.hash;
        self.shared.pool.lock().insert(rtx, acc.nonce)?;
        self.shared.pool_notify.notify_one();
        Ok(hash)
    }

    /// The checks that need no state: type, chain id, signature, gas limits, fee fields.
    fn check_static(&self, tx: TxEnvelope) -> Result<RecoveredTx, TxError> {
        if tx.is_eip4844() {
            return Err(TxError::TxType);
        }
        let want = self.shared.exec.chain_id;
        match tx.chain_id() {
            None => return Err(TxError::Unprotected),
            Some(have) if have != want => return Err(TxError::ChainId { have, want }),
            _ => {}
        }
        let sender = tx.recover_signer().map_err(TxError::BadSignature)?;
        let hash = *tx.tx_hash();
        let rtx = RecoveredTx { tx, sender, hash };
        let t = &rtx.tx;
        let block = self.shared.gas_limit;
        if t.gas_limit() > block {
            return Err(TxError::GasLimit { gas: t.gas_limit(), block });
        }
        let initial = revm::context_interface::cfg::gas::calculate_initial_tx_gas_for_tx(
            exec::tx_env(&rtx),
            SPEC,
            None,
        );
        let want = (initial.initial_regular_gas + initial.initial_state_gas).max(initial.floor_gas);
        if t.gas_limit() < want {
            return Err(TxError::IntrinsicGas { have: t.gas_limit(), want });
        }
        if let Some(tip) = t.max_priority_fee_per_gas()
            && tip > t.max_fee_per_gas()
        {
            return Err(TxError::TipAboveFeeCap);
        }
        Ok(rtx)
    }

    /// A pooled (not yet mined) transaction.
    pub fn pooled(&self, hash: &B256) -> Option<Arc<RecoveredTx>> {
        self.shared.pool.lock().get(hash)
    }

    /// All pooled transactions.
    pub fn pooled_all(&self) -> Vec<Arc<RecoveredTx>> {
        self.shared.pool.lock().all()
    }

    /// (ready, queued) transaction counts.
    pub fn status(&self) -> Result<(usize, usize), StoreError> {
        self.shared.pool.lock().status(|a| self.shared.nonce(a))
    }

    /// True if the pool has transactions ready for the next block.
    pub fn has_ready(&self) -> Result<bool, StoreError> {
        self.shared.pool.lock().has_ready(|a| self.shared.nonce(a))
    }

    /// The next nonce of `addr` counting pooled transactions.
    pub fn pending_nonce(&self, addr: Address) -> Result<u64, ChainError> {
        let n = self.shared.nonce(addr)?;
        Ok(self.shared.pool.lock().pending_nonce(addr, n))
    }

    /// Wait until a transaction is pooled.
    pub async fn changed(&self) {
        self.shared.pool_notify.notified().await
    }
}
