//! The real chain's precompile addresses that taochain does not serve
//! ([`contracts::unavailable::PRECOMPILES`]: 0x400, 0x401, 0x807, 0x809, 0x80a, 0x80b, 0x80d,
//! 0x80e). Every call reverts with a reason naming the precompile, e.g.
//! `"Crowdloan (0x809) is not available on taochain"`, whatever its calldata, value or call
//! kind: a revert returns any `msg.value` to the caller, and a contract checking the call's
//! success sees the failure instead of empty "success" data from a code-less account.

use crate::call::{Failure, names};
use alloy_primitives::{Address, Bytes};
use contracts::unavailable;

/// Whether `address` is one of the unavailable precompiles.
pub fn is_unavailable(address: Address) -> bool {
    unavailable::name_at(address).is_some()
}

/// The revert of a call to `address` (any call to an unavailable precompile).
pub fn run(address: Address) -> Result<Bytes, Failure> {
    let name = unavailable::name_at(address).unwrap_or("this precompile");
    Err(Failure::revert(names::PRECOMPILE_NOT_AVAILABLE, unavailable::reason(name, address)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_address_reverts_naming_its_precompile() {
        for (name, address) in unavailable::PRECOMPILES {
            assert!(is_unavailable(address));
            let Err(Failure::Revert { error, reason }) = run(address) else {
                panic!("{name} must revert");
            };
            assert_eq!(error, names::PRECOMPILE_NOT_AVAILABLE);
            assert!(reason.starts_with(name), "{reason}");
            assert!(reason.ends_with("is not available on taochain"), "{reason}");
        }
        assert_eq!(
            run(unavailable::PRECOMPILES[3].1),
            Err(Failure::revert(
                names::PRECOMPILE_NOT_AVAILABLE,
                "Crowdloan (0x809) is not available on taochain"
            ))
        );
        assert!(!is_unavailable(crate::STAKING_V2));
    }
}
