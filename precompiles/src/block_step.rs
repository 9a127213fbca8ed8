//! The block step, two system calls (caller = revm's system address) into
//! [`crate::BLOCK_STEP`] around the block's transactions, as the real chain's `on_initialize`
//! and fee handler do:
//!
//! - **begin** ([`begin_calldata`]), before the first transaction: the block author's twin
//!   becomes the recipient of the block's swap fees (`tao_runtime::fees::begin_block`), then
//!   the coinbase runs (emission into pools, owner cut, pending buckets, epochs at tempo), so
//!   the block's transactions see this block's emission, like the real chain's `block_step`
//!   in `on_initialize`;
//! - **end** ([`end_calldata`]), after the last transaction: the base fees the EVM took from
//!   the senders are paid to the author (`tao_runtime::fees::pay_base_fees`; revm pays the tips
//!   to the block's beneficiary itself). Total issuance is unchanged.
//!
//! Anyone else calling the address is refused.

use crate::call::{Call, Failure, Gas, names};
use alloy_primitives::{Address, Bytes, U256, address};
use tao_runtime::NativeStore;
use tao_runtime::coinbase::{self, CoinbaseConfig};
use tao_runtime::fees;

/// revm's system caller.
pub const SYSTEM_CALLER: Address = address!("fffffffffffffffffffffffffffffffffffffffe");

/// First byte of the begin-of-block call.
const BEGIN: u8 = 1;
/// First byte of the end-of-block call.
const END: u8 = 2;

/// Calldata of the begin-of-block step: `0x01 ‖ author (20 bytes)`.
pub fn begin_calldata(author: Address) -> Bytes {
    let mut v = Vec::with_capacity(21);
    v.push(BEGIN);
    v.extend_from_slice(author.as_slice());
    v.into()
}

/// Calldata of the end-of-block step: `0x02 ‖ author (20 bytes) ‖ base fees (32-byte wei)`.
pub fn end_calldata(author: Address, base_fees_wei: U256) -> Bytes {
    let mut v = Vec::with_capacity(53);
    v.push(END);
    v.extend_from_slice(author.as_slice());
    v.extend_from_slice(&base_fees_wei.to_be_bytes::<32>());
    v.into()
}

/// Run a block step.
pub fn run(
    store: &mut impl NativeStore,
    call: &Call,
    _gas: &mut Gas,
    cfg: &CoinbaseConfig,
) -> Result<Bytes, Failure> {
    if call.caller != SYSTEM_CALLER {
        return Err(Failure::revert("BadOrigin", "block step: system only"));
    }
    let input = call.input.as_ref();
    match (input.first(), input.len()) {
        (Some(&BEGIN), 21) => {
            let author = Address::from_slice(&input[1..21]);
            fees::begin_block(store, author)?;
            let report = coinbase::run_block(store, cfg)?;
            tracing::debug!(
                block = report.block,
                minted = report.minted,
                epochs = report.epochs.len(),
                "block step"
            );
        }
        (Some(&END), 53) => {
            let author = Address::from_slice(&input[1..21]);
            let fees_wei = U256::from_be_slice(&input[21..53]);
            fees::pay_base_fees(store, author, fees_wei)?;
        }
        _ => {
            return Err(Failure::revert(
                names::INVALID_INPUT,
                "block step: expected 0x01 ‖ author or 0x02 ‖ author ‖ base fees",
            ));
        }
    }
    Ok(Bytes::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tao_runtime::MemNative;

    fn system(input: Bytes) -> Call {
        Call { caller: SYSTEM_CALLER, value: U256::ZERO, input, is_static: false, gas_limit: 0 }
    }

    #[test]
    fn end_pays_the_author_and_others_are_refused() {
        let mut s = MemNative { block: 1, ..MemNative::default() };
        let author = Address::repeat_byte(0xa7);
        let cfg = CoinbaseConfig::default();
        let fees_wei = U256::from(42_000_000_000_000u64);
        run(&mut s, &system(end_calldata(author, fees_wei)), &mut Gas::new(0), &cfg).unwrap();
        assert_eq!(s.evm_balance(author).unwrap(), fees_wei);
        let mut stranger = system(end_calldata(author, fees_wei));
        stranger.caller = Address::repeat_byte(1);
        let r = run(&mut s, &stranger, &mut Gas::new(0), &cfg);
        assert!(matches!(r, Err(Failure::Revert { error: "BadOrigin", .. })), "{r:?}");
        let r = run(&mut s, &system(Bytes::from_static(&[2, 0])), &mut Gas::new(0), &cfg);
        assert!(matches!(r, Err(Failure::Revert { error: names::INVALID_INPUT, .. })), "{r:?}");
        assert_eq!(s.evm_balance(author).unwrap(), fees_wei, "refused calls change nothing");
    }
}
