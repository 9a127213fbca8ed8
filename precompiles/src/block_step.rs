//! The block step: at the end of every block the node makes a system call (caller = revm's
//! system address) into [`crate::BLOCK_STEP`] with the wei of base fees the block burned. It
//! recycles those fees from the total issuance, then runs the coinbase (emission into pools,
//! owner cut, pending buckets, epochs at tempo). Anyone else calling the address is refused.

use crate::call::{Call, Failure, Gas, names};
use alloy_primitives::{Address, Bytes, U256, address};
use tao_runtime::NativeStore;
use tao_runtime::coinbase::{self, CoinbaseConfig};

/// revm's system caller.
pub const SYSTEM_CALLER: Address = address!("fffffffffffffffffffffffffffffffffffffffe");

/// Calldata of the block step: the burned base fees, 32-byte big-endian wei.
pub fn calldata(burned_wei: U256) -> Bytes {
    Bytes::copy_from_slice(&burned_wei.to_be_bytes::<32>())
}

/// Run the block step.
pub fn run(
    store: &mut impl NativeStore,
    call: &Call,
    _gas: &mut Gas,
    cfg: &CoinbaseConfig,
) -> Result<Bytes, Failure> {
    if call.caller != SYSTEM_CALLER {
        return Err(Failure::revert("BadOrigin", "block step: system only"));
    }
    if call.input.len() != 32 {
        return Err(Failure::revert(
            names::INVALID_INPUT,
            "block step: expected 32 bytes of burned wei",
        ));
    }
    let burned = U256::from_be_slice(&call.input);
    coinbase::recycle_fees(store, burned)?;
    let report = coinbase::run_block(store, cfg)?;
    tracing::debug!(
        block = report.block,
        minted = report.minted,
        epochs = report.epochs.len(),
        "block step"
    );
    Ok(Bytes::new())
}
