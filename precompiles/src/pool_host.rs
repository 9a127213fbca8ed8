//! The Solidity pool engine's host: runs the `AlphaPools` contract (at
//! [`tao_runtime::pool_engine::ALPHA_POOLS`]) as the chain, inside the running transaction.
//!
//! A pool operation is a system call: calldata from [`encode`], caller
//! `tao_runtime::NATIVE_ACCOUNT` (the contract's `system`), no value, run by
//! a nested revm over the outer transaction's journal (reads go through the journal, so the
//! contract sees everything written earlier in the transaction). On success the contract's
//! storage writes and logs are written into the outer journal: they commit or revert with the
//! frame that made the operation (a stake's swap and its ledger entry together), and the
//! nested gas is charged to that frame. The contract touches nothing but its own storage; any
//! other change is refused as a fault.

use alloy_primitives::{Address, Bytes, Log, U256};
use alloy_sol_types::{SolCall, SolInterface};
use contracts::bindings::IAlphaPools::{self as AlphaPools, IAlphaPoolsCalls as AlphaPoolsCalls};
use revm::bytecode::Bytecode;
use revm::context::result::{ExecutionResult, Output};
use revm::context::{BlockEnv, Context, TxEnv};
use revm::context_interface::{Block, ContextTr, JournalTr};
use revm::database_interface::{Database, ErasedError};
use revm::primitives::{B256, TxKind, hardfork::SpecId};
use revm::state::AccountInfo;
use revm::{ExecuteEvm, MainBuilder, MainContext};
use substrate_fixed::types::I96F32;
use tao_economics::pool::{Reserves, SwapResult};
use tao_primitives::NetUid;
use tao_runtime::pool_engine::{ALPHA_POOLS, OpResult, PoolEngineError, PoolOp};
use tao_runtime::{NATIVE_ACCOUNT, NativeError};

/// Gas a single pool operation may use (the heaviest, a limited swap with the square root, uses
/// well under 100k).
pub const SYSTEM_CALL_GAS: u64 = 1_000_000;

fn limit(l: Option<u64>) -> U256 {
    l.map_or(U256::MAX, U256::from)
}

/// The calldata of `op` on `netuid`; `None` for a state edit that runs no code.
pub fn encode(netuid: NetUid, op: &PoolOp) -> Option<Bytes> {
    let n = netuid.get();
    let call = match *op {
        PoolOp::Create { tao, alpha, fee_rate, mechanism } => {
            AlphaPoolsCalls::createPool(AlphaPools::createPoolCall {
                netuid: n,
                taoReserve: U256::from(tao),
                alphaReserve: U256::from(alpha),
                feeRate: fee_rate,
                mechanism,
            })
        }
        PoolOp::SwapTaoForAlpha { tao, limit: l, partial } => {
            AlphaPoolsCalls::swapTaoForAlpha(AlphaPools::swapTaoForAlphaCall {
                netuid: n,
                tao: U256::from(tao),
                limitPrice: limit(l),
                allowPartial: partial,
            })
        }
        PoolOp::SwapAlphaForTao { alpha, limit: l, partial } => {
            AlphaPoolsCalls::swapAlphaForTao(AlphaPools::swapAlphaForTaoCall {
                netuid: n,
                alpha: U256::from(alpha),
                limitPrice: limit(l),
                allowPartial: partial,
            })
        }
        PoolOp::ProtocolBuy { tao } => AlphaPoolsCalls::protocolBuy(AlphaPools::protocolBuyCall {
            netuid: n,
            tao: U256::from(tao),
        }),
        PoolOp::ProtocolSell { alpha } => {
            AlphaPoolsCalls::protocolSell(AlphaPools::protocolSellCall {
                netuid: n,
                alpha: U256::from(alpha),
            })
        }
        PoolOp::Inject { tao, alpha } => AlphaPoolsCalls::inject(AlphaPools::injectCall {
            netuid: n,
            tao: U256::from(tao),
            alpha: U256::from(alpha),
        }),
        PoolOp::UpdateMovingPrice { blocks_since_start, params } => {
            AlphaPoolsCalls::updateMovingPrice(AlphaPools::updateMovingPriceCall {
                netuid: n,
                blocksSinceStart: blocks_since_start,
                movingAlpha: params.moving_alpha.to_bits(),
                halvingBlocks: params.halving_blocks,
            })
        }
        PoolOp::SetMovingPrice(p) => {
            AlphaPoolsCalls::setMovingPrice(AlphaPools::setMovingPriceCall {
                netuid: n,
                movingPrice: p.to_bits(),
            })
        }
        PoolOp::SetFeeRate(r) => {
            AlphaPoolsCalls::setFeeRate(AlphaPools::setFeeRateCall { netuid: n, feeRate: r })
        }
        PoolOp::Remove => AlphaPoolsCalls::removePool(AlphaPools::removePoolCall { netuid: n }),
        PoolOp::SetReserves { .. } => return None,
    };
    Some(call.abi_encode().into())
}

fn bad_output(netuid: NetUid, op: &PoolOp, e: impl std::fmt::Display) -> NativeError {
    PoolEngineError::Reverted { netuid, op: format!("{op:?}"), reason: format!("bad output: {e}") }
        .into()
}

/// Decodes what the contract returned for `op`.
pub fn decode(netuid: NetUid, op: &PoolOp, out: &[u8]) -> Result<OpResult, NativeError> {
    let bad = |e: alloy_sol_types::Error| bad_output(netuid, op, e);
    Ok(match op {
        PoolOp::SwapTaoForAlpha { .. } => {
            let r = AlphaPools::swapTaoForAlphaCall::abi_decode_returns(out).map_err(bad)?;
            OpResult::Swap(SwapResult {
                amount_in: r.amountIn,
                fee: r.fee,
                amount_out: r.amountOut,
                limited: r.limited,
            })
        }
        PoolOp::SwapAlphaForTao { .. } => {
            let r = AlphaPools::swapAlphaForTaoCall::abi_decode_returns(out).map_err(bad)?;
            OpResult::Swap(SwapResult {
                amount_in: r.amountIn,
                fee: r.fee,
                amount_out: r.amountOut,
                limited: r.limited,
            })
        }
        PoolOp::ProtocolBuy { .. } => {
            let r = AlphaPools::protocolBuyCall::abi_decode_returns(out).map_err(bad)?;
            OpResult::Swap(SwapResult {
                amount_in: r.amountIn,
                fee: 0,
                amount_out: r.amountOut,
                limited: false,
            })
        }
        PoolOp::ProtocolSell { .. } => {
            let r = AlphaPools::protocolSellCall::abi_decode_returns(out).map_err(bad)?;
            OpResult::Swap(SwapResult {
                amount_in: r.amountIn,
                fee: 0,
                amount_out: r.amountOut,
                limited: false,
            })
        }
        PoolOp::UpdateMovingPrice { .. } => {
            let bits = AlphaPools::updateMovingPriceCall::abi_decode_returns(out).map_err(bad)?;
            OpResult::MovingPrice(I96F32::from_bits(bits))
        }
        PoolOp::Remove => {
            let r = AlphaPools::removePoolCall::abi_decode_returns(out).map_err(bad)?;
            OpResult::Removed(Reserves { tao_rao: r.tao, alpha_rao: r.alpha })
        }
        _ => OpResult::Done,
    })
}

/// The revert data of the contract, as text: a custom error's name and fields, else hex.
pub fn describe_revert(data: &[u8]) -> String {
    match AlphaPools::IAlphaPoolsErrors::abi_decode(data) {
        Ok(e) => format!("{e:?}"),
        Err(_) => format!("0x{}", alloy_primitives::hex::encode(data)),
    }
}

/// The outer journal seen as a database by the nested EVM.
struct Outer<'a, CTX> {
    ctx: &'a mut CTX,
}

fn erased(e: impl std::fmt::Debug) -> ErasedError {
    ErasedError::new(std::io::Error::other(format!("{e:?}")))
}

impl<CTX: ContextTr> Database for Outer<'_, CTX> {
    type Error = ErasedError;

    fn basic(&mut self, address: Address) -> Result<Option<AccountInfo>, Self::Error> {
        let acc = self.ctx.journal_mut().load_account_with_code(address).map_err(erased)?;
        Ok(Some(acc.data.info.clone()))
    }

    fn code_by_hash(&mut self, code_hash: B256) -> Result<Bytecode, Self::Error> {
        self.ctx.db_mut().code_by_hash(code_hash).map_err(erased)
    }

    fn storage(&mut self, address: Address, index: U256) -> Result<U256, Self::Error> {
        self.ctx.journal_mut().load_account(address).map_err(erased)?;
        Ok(self.ctx.journal_mut().sload(address, index).map_err(erased)?.data)
    }

    fn block_hash(&mut self, number: u64) -> Result<B256, Self::Error> {
        self.ctx.db_mut().block_hash(number).map_err(erased)
    }
}

fn fault(netuid: NetUid, op: &PoolOp, reason: String) -> NativeError {
    PoolEngineError::Reverted { netuid, op: format!("{op:?}"), reason }.into()
}

/// Runs `op` on `netuid` in the contract over `ctx`'s journal, writes the contract's storage
/// changes and logs into that journal, and returns the decoded result and the gas used.
pub fn run<CTX: ContextTr>(
    ctx: &mut CTX,
    netuid: NetUid,
    op: &PoolOp,
) -> Result<(OpResult, u64), NativeError> {
    let Some(input) = encode(netuid, op) else {
        return Err(fault(netuid, op, "a state edit, not a transaction operation".into()));
    };
    let block = {
        let b = ctx.block();
        BlockEnv {
            number: b.number(),
            timestamp: b.timestamp(),
            gas_limit: b.gas_limit(),
            beneficiary: b.beneficiary(),
            basefee: 0,
            ..Default::default()
        }
    };
    let result = {
        let mut evm = Context::mainnet()
            .with_db(Outer { ctx: &mut *ctx })
            .with_block(block)
            .modify_cfg_chained(|c| {
                c.spec = SpecId::OSAKA;
                c.disable_nonce_check = true;
                c.disable_base_fee = true;
                // The system account carries placeholder code (it is never "empty").
                c.disable_eip3607 = true;
            })
            .build_mainnet();
        let tx = TxEnv {
            caller: NATIVE_ACCOUNT,
            kind: TxKind::Call(ALPHA_POOLS),
            data: input,
            gas_limit: SYSTEM_CALL_GAS,
            gas_price: 0,
            ..Default::default()
        };
        evm.transact(tx).map_err(|e| fault(netuid, op, format!("nested EVM: {e:?}")))?
    };
    let (output, gas, logs) = match result.result {
        // A nested call, not a transaction: the 21,000 of a transaction's base cost is not
        // charged (calldata and execution are).
        ExecutionResult::Success { output: Output::Call(out), gas, logs, .. } => {
            (out, gas.total_gas_spent().saturating_sub(21_000), logs)
        }
        ExecutionResult::Revert { output, .. } => {
            return Err(fault(netuid, op, describe_revert(&output)));
        }
        other => return Err(fault(netuid, op, format!("{other:?}"))),
    };
    // Only the contract's own storage may change; everything else stays as it was.
    for (addr, account) in &result.state {
        let changed = account.storage.values().any(|s| s.is_changed());
        if *addr != ALPHA_POOLS && changed {
            return Err(fault(netuid, op, format!("the contract wrote storage of {addr}")));
        }
    }
    if let Some(account) = result.state.get(&ALPHA_POOLS) {
        let journal = ctx.journal_mut();
        journal.load_account(ALPHA_POOLS).map_err(|e| fault(netuid, op, format!("{e:?}")))?;
        for (slot, v) in &account.storage {
            if v.is_changed() {
                journal
                    .sstore(ALPHA_POOLS, *slot, v.present_value)
                    .map_err(|e| fault(netuid, op, format!("{e:?}")))?;
            }
        }
    }
    for log in logs {
        ctx.journal_mut().log(Log { address: log.address, data: log.data });
    }
    Ok((decode(netuid, op, &output)?, gas))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Remove` is `removePool(netuid)` and its two returned words are the reserves removed.
    #[test]
    fn remove_encodes_remove_pool_and_decodes_the_reserves() {
        let net = NetUid(9);
        let data = encode(net, &PoolOp::Remove).expect("a call");
        assert_eq!(data.get(..4), Some(&AlphaPools::removePoolCall::SELECTOR[..]));
        let call = AlphaPools::removePoolCall::abi_decode(&data).expect("decodes");
        assert_eq!(call.netuid, 9);
        let out = AlphaPools::removePoolCall::abi_encode_returns(&AlphaPools::removePoolReturn {
            tao: 1_234,
            alpha: 5_678,
        });
        assert_eq!(
            decode(net, &PoolOp::Remove, &out).expect("decodes"),
            OpResult::Removed(Reserves { tao_rao: 1_234, alpha_rao: 5_678 })
        );
        assert!(decode(net, &PoolOp::Remove, &[0u8; 3]).is_err(), "short output is refused");
    }
}
