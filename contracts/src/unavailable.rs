//! The addresses of the real chain's precompile map that taochain does not serve. Each holds
//! placeholder code at genesis and answers every call with a revert naming the precompile
//! (`"Crowdloan (0x809) is not available on taochain"`), so no call to them succeeds with
//! empty data and no value sent to them is kept.

use alloy_primitives::{Address, address};

/// `(name, address)` of every real-chain precompile taochain does not serve, in address
/// order: Frontier's `Sha3FIPS256` and `ECRecoverPublicKey`, subtensor's `StorageQuery`,
/// `Crowdloan`, `Leasing`, `Proxy` and `VotingPower`, and `0x80e`, which the real chain has
/// assigned on development branches (drand, limit orders) but not on its main branch.
pub const PRECOMPILES: [(&str, Address); 8] = [
    ("Sha3FIPS256", address!("0000000000000000000000000000000000000400")),
    ("ECRecoverPublicKey", address!("0000000000000000000000000000000000000401")),
    ("StorageQuery", address!("0000000000000000000000000000000000000807")),
    ("Crowdloan", address!("0000000000000000000000000000000000000809")),
    ("Leasing", address!("000000000000000000000000000000000000080a")),
    ("Proxy", address!("000000000000000000000000000000000000080b")),
    ("VotingPower", address!("000000000000000000000000000000000000080d")),
    ("Reserved", address!("000000000000000000000000000000000000080e")),
];

/// The revert reason of a call to the unavailable precompile `name` at `address`, e.g.
/// `"Crowdloan (0x809) is not available on taochain"`.
pub fn reason(name: &str, address: Address) -> String {
    let low = u16::from_be_bytes([address.0[18], address.0[19]]);
    format!("{name} (0x{low:x}) is not available on taochain")
}

/// The unavailable precompile at `address`, if it is one.
pub fn name_at(address: Address) -> Option<&'static str> {
    PRECOMPILES.iter().find(|(_, a)| *a == address).map(|(name, _)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_name_the_precompile_and_its_short_address() {
        let crowdloan = PRECOMPILES[3].1;
        assert_eq!(name_at(crowdloan), Some("Crowdloan"));
        assert_eq!(
            reason("Crowdloan", crowdloan),
            "Crowdloan (0x809) is not available on taochain"
        );
        assert_eq!(
            reason("Sha3FIPS256", PRECOMPILES[0].1),
            "Sha3FIPS256 (0x400) is not available on taochain"
        );
        assert_eq!(name_at(crate::staking::ADDRESS), None);
        for pair in PRECOMPILES.windows(2) {
            assert!(pair[0].1 < pair[1].1, "address order");
        }
    }
}
