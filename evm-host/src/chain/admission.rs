//! Transaction admission: decode, check against the rules and the head state, and pool.
//!
//! Admission decides. A transaction that can never execute is refused here, with the message
//! clients match on (trailing bytes, max initcode size, an empty authorization list, a cost
//! that no balance can pay...), so that nothing enters the pool only to be dropped later. All
//! arithmetic on amounts is checked. What passes may still have to wait (a future nonce, or a
//! balance that only an earlier transaction leaves short); the pool holds it without making
//! the producer seal blocks for it.

use super::shared::Shared;
use super::{ChainError, TxError};
use crate::exec::{self, MAX_INITCODE_SIZE, SPEC};
use alloy::consensus::{Transaction as _, TxEnvelope, transaction::SignerRecoverable as _};
use alloy::eips::eip2718::Decodable2718;
use alloy_primitives::{Address, B256, KECCAK256_EMPTY, U256};
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

    /// Decode, check and pool a raw signed transaction. The bytes must be exactly one
    /// transaction, so that the returned hash is keccak of them.
    pub fn submit_raw(&self, raw: &[u8]) -> Result<B256, TxError> {
        let limit = self.shared.pool.lock().config().max_tx_bytes;
        if raw.len() > limit {
            return Err(TxError::Oversized { size: raw.len(), limit });
        }
        let mut rest = raw;
        let tx = TxEnvelope::decode_2718(&mut rest).map_err(TxError::Decode)?;
        if !rest.is_empty() {
            return Err(TxError::TrailingBytes { extra: rest.len() });
        }
        self.submit(tx)
    }

    /// Check and pool a decoded signed transaction.
    pub fn submit(&self, tx: TxEnvelope) -> Result<B256, TxError> {
        let sender = tx.recover_signer().map_err(TxError::BadSignature)?;
        self.submit_from(tx, sender)
    }

    /// Check and pool a transaction sent as `sender` by an impersonated account (dev mode;
    /// the caller checked the impersonation). Its signature is a placeholder and is not
    /// recovered: the block body stores the sender, as for every transaction.
    pub fn submit_impersonated(&self, tx: TxEnvelope, sender: Address) -> Result<B256, TxError> {
        self.submit_from(tx, sender)
    }

    fn submit_from(&self, tx: TxEnvelope, sender: Address) -> Result<B256, TxError> {
        let rtx = self.check_static(tx, sender)?;
        let t = &rtx.tx;
        let base_fee = self.shared.next_base_fee();
        if t.max_fee_per_gas() < u128::from(base_fee) {
            return Err(TxError::FeeTooLow { max_fee: t.max_fee_per_gas(), base_fee });
        }
        let acc = self.shared.store.latest_account(rtx.sender)?.unwrap_or_default();
        if t.nonce() < acc.nonce {
            return Err(TxError::NonceTooLow { next: acc.nonce, got: t.nonce() });
        }
        let cost = upfront_cost(t).ok_or(TxError::CostOverflow)?;
        if acc.balance < cost {
            // TAO kept at the sender's 32-byte twin is its balance too (swept into the EVM
            // balance before the transaction runs; see `crate::twins`).
            let state = self.shared.state_at(None)?;
            let parked = crate::twins::parked_wei(&state, rtx.sender).map_err(TxError::Twin)?;
            let have = acc.balance.saturating_add(parked);
            if have < cost {
                return Err(TxError::Funds { have, want: cost });
            }
        }
        if acc.code_hash != KECCAK256_EMPTY && !self.is_delegation(acc.code_hash)? {
            return Err(TxError::SenderHasCode(rtx.sender, acc.code_hash));
        }
        let hash = rtx.hash;
        self.shared.pool.lock().insert(rtx, acc.nonce)?;
        self.shared.pool_notify.notify_one();
        Ok(hash)
    }

    /// True if the code with this hash is an EIP-7702 delegation (its account may still send
    /// transactions).
    fn is_delegation(&self, code_hash: B256) -> Result<bool, TxError> {
        let state = self.shared.state_at(None)?;
        let code = tao_chain::state::StateView::code(&state, code_hash)?;
        Ok(code.is_some_and(|c| revm::bytecode::Bytecode::new_raw(c).is_eip7702()))
    }

    /// The checks that need no state: type, chain id, gas limits, fee fields, init
    /// code size, authorization list, nonce range.
    fn check_static(&self, tx: TxEnvelope, sender: Address) -> Result<RecoveredTx, TxError> {
        if tx.is_eip4844() {
            return Err(TxError::TxType);
        }
        if tx.authorization_list().is_some_and(<[_]>::is_empty) {
            return Err(TxError::EmptyAuthList);
        }
        if tx.kind().is_create() && tx.input().len() > MAX_INITCODE_SIZE {
            return Err(TxError::InitCodeSize { size: tx.input().len(), limit: MAX_INITCODE_SIZE });
        }
        if tx.nonce() == u64::MAX {
            return Err(TxError::NonceMax);
        }
        let want = self.shared.exec.chain_id;
        match tx.chain_id() {
            None => return Err(TxError::Unprotected),
            Some(have) if have != want => return Err(TxError::ChainId { have, want }),
            _ => {}
        }
        let hash = *tx.tx_hash();
        let rtx = RecoveredTx { tx, sender, hash };
        let t = &rtx.tx;
        let block = self.shared.gas_limit();
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

    /// `(pending, queued)` pooled transactions (see [`crate::txpool::TxPool::content`]).
    #[allow(clippy::type_complexity)]
    pub fn content(&self) -> Result<(Vec<Arc<RecoveredTx>>, Vec<Arc<RecoveredTx>>), StoreError> {
        self.shared.pool.lock().content(|a| self.shared.nonce(a))
    }

    /// Removes a pooled transaction (`anvil_dropTransaction`); its hash if it was there.
    pub fn drop_tx(&self, hash: &B256) -> Option<B256> {
        self.shared.pool.lock().remove(hash).map(|_| *hash)
    }

    /// Empties the pool (`anvil_dropAllTransactions`).
    pub fn drop_all(&self) {
        self.shared.pool.lock().clear()
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

/// What a transaction needs from its sender up front: `gas limit * max fee + value` (the gas
/// price for legacy transactions), as revm checks it; `None` if it overflows 256 bits.
pub(crate) fn upfront_cost(t: &TxEnvelope) -> Option<U256> {
    U256::from(t.gas_limit()).checked_mul(U256::from(t.max_fee_per_gas()))?.checked_add(t.value())
}
