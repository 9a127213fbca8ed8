//! The native modules' genesis: total issuance, the root subnet and the registry parameters
//! of the chosen profile, and the matching coinbase settings.

use super::coinbase::CoinbaseConfig;
use super::subnets::{self, RegistryGenesis};
use super::{NativeError, NativeStore, supply};
use crate::genesis::{Genesis, NativeProfile};

/// Write the native genesis state into `store` (block 0).
pub fn apply(store: &mut impl NativeStore, g: &Genesis) -> Result<(), NativeError> {
    supply::genesis_issuance(store, g.issuance_wei())?;
    let registry = match g.native.profile {
        NativeProfile::Mainnet => RegistryGenesis::default(),
        NativeProfile::Dev => RegistryGenesis::dev(),
    };
    subnets::init_genesis(store, &registry)
}

/// The coinbase settings of a genesis profile.
pub fn coinbase_config(g: &Genesis) -> CoinbaseConfig {
    match g.native.profile {
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
    use crate::native::MemNative;

    #[test]
    fn dev_genesis_has_root_and_issuance() {
        let g = Genesis::dev();
        let mut s = MemNative::default();
        apply(&mut s, &g).unwrap();
        assert_eq!(supply::total_issuance_wei(&mut s).unwrap(), g.issuance_wei());
        assert!(subnets::exists(&mut s, 0).unwrap());
        assert!(apply(&mut s, &g).is_err(), "genesis applies once");
    }
}
