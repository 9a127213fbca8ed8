//! 0x80c address mapping: `addressMapping(address)` returns the address's 32-byte twin on the
//! real chain, `blake2_256("evm:" ‖ address)` ([`tao_primitives::evm_twin`]).
//!
//! It is also the id taochain's precompiles use for `msg.sender` (its coldkey and hotkey):
//! `tao_primitives::address_to_account_id` is the same map.
//!
//! Value: a `view`; a call carrying `msg.value` reverts. Gas: the base cost only (one hash,
//! no state). It reads nothing, so it also answers DELEGATECALL.

use crate::call::{Call, Failure, names, require_no_value};
use alloy_primitives::{B256, Bytes};
use alloy_sol_types::{SolCall, SolInterface};
use contracts::IAddressMapping::{IAddressMappingCalls, addressMappingCall};
use tao_primitives::evm_twin;

/// Run a call.
pub fn run(call: &Call) -> Result<Bytes, Failure> {
    let IAddressMappingCalls::addressMapping(c) =
        IAddressMappingCalls::abi_decode_validate(&call.input).map_err(|_| {
            Failure::revert(
                names::INVALID_INPUT,
                "IAddressMapping: unknown function or malformed arguments",
            )
        })?;
    require_no_value(call)?;
    let twin = B256::from(evm_twin(c.target_address));
    Ok(addressMappingCall::abi_encode_returns(&twin).into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::{Address, U256, address, b256};

    fn call(target: Address) -> Call {
        Call {
            caller: Address::repeat_byte(1),
            value: U256::ZERO,
            input: addressMappingCall { target_address: target }.abi_encode().into(),
            is_static: true,
            gas_limit: 100_000,
        }
    }

    #[test]
    fn returns_the_blake2_twin() {
        let dev0 = address!("f39fd6e51aad88f6f4ce6ab8827279cfffb92266");
        let out = run(&call(dev0)).expect("maps");
        // Python: hashlib.blake2b(b"evm:" + bytes.fromhex("f39f…2266"), digest_size=32).
        assert_eq!(
            addressMappingCall::abi_decode_returns(&out).expect("bytes32"),
            b256!("c4518fa0ed143e016e4a1410193704924b890de8f854b94c7a6037651ec65dd0")
        );
        let other = run(&call(Address::repeat_byte(2))).expect("maps");
        assert_ne!(out, other);
    }

    #[test]
    fn value_and_garbage_revert() {
        let mut paid = call(Address::repeat_byte(2));
        paid.value = U256::from(1);
        assert_eq!(
            run(&paid),
            Err(Failure::revert(names::NOT_PAYABLE, "this function does not accept value"))
        );
        let mut dirty = call(Address::repeat_byte(2));
        let mut bytes = dirty.input.to_vec();
        bytes[4] = 1; // a non-zero high byte in the address word
        dirty.input = bytes.into();
        assert!(matches!(run(&dirty), Err(Failure::Revert { .. })));
    }
}
