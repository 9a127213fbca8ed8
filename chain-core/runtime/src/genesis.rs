//! The native modules' genesis: total issuance, the root subnet and the registry parameters
//! of the chosen profile, and the matching coinbase settings.

use super::coinbase::CoinbaseConfig;
use super::subnets::{self, RegistryGenesis};
use super::{NativeError, NativeStore, supply};
use alloy_primitives::U256;
use tao_primitives::NativeProfile;

/// Write the native genesis state into `store` (block 0): the total issuance (`issuance_wei`,
/// the sum of the genesis allocations) and the root subnet with `profile`'s registry settings.
pub fn apply(
    store: &mut impl NativeStore,
    issuance_wei: U256,
    profile: NativeProfile,
) -> Result<(), NativeError> {
    supply::genesis_issuance(store, issuance_wei)?;
    let registry = match profile {
        NativeProfile::Mainnet => RegistryGenesis::default(),
        NativeProfile::Dev => RegistryGenesis::dev(),
    };
    subnets::init_genesis(store, &registry)
}

/// The coinbase settings of a genesis profile.
pub fn coinbase_config(profile: NativeProfile) -> CoinbaseConfig {
    match profile {
        NativeProfile::Mainnet => CoinbaseConfig::mainnet(),
        // On a dev chain the subnet owner often mines too: pay its incentive like anyone's.
        NativeProfile::Dev => {
            CoinbaseConfig { burn_owner_incentive: false, ..CoinbaseConfig::default() }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MemNative;
    use tao_primitives::NetUid;

    #[test]
    fn dev_genesis_has_root_and_issuance() {
        let issuance = U256::from(100_000u64) * U256::from(10u64).pow(U256::from(18u64));
        let mut s = MemNative::default();
        apply(&mut s, issuance, NativeProfile::Dev).unwrap();
        assert_eq!(supply::total_issuance_wei(&mut s).unwrap(), issuance);
        assert!(subnets::exists(&mut s, NetUid(0)).unwrap());
        assert!(apply(&mut s, issuance, NativeProfile::Dev).is_err(), "genesis applies once");
    }
}
