//! The native modules' genesis: total issuance, the root subnet and the registry parameters
//! of the chosen profile, and the matching coinbase settings.

use super::coinbase::CoinbaseConfig;
use super::subnets::{self, RegistryGenesis};
use super::{NativeError, NativeStore, supply};
use alloy_primitives::{Address, U256};
use tao_primitives::{NativeProfile, SubnetStartup};

/// Native genesis choices beside the profile.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NativeOptions {
    /// The subnet start-up, overriding the profile's ([`NativeProfile::subnet_startup`]).
    pub subnet_startup: Option<SubnetStartup>,
    /// The account allowed root-only calls ([`crate::startup::root_account`]).
    pub root: Option<Address>,
    /// `SubnetLimit`, overriding the profile's.
    pub subnet_limit: Option<u16>,
    /// `NetworkImmunityPeriod` in blocks, overriding the profile's.
    pub network_immunity_period: Option<u64>,
}

/// Write the native genesis state into `store` (block 0): the total issuance (`issuance_wei`,
/// the sum of the genesis allocations), the root subnet with `profile`'s registry settings,
/// the subnet start-up and the root account.
pub fn apply(
    store: &mut impl NativeStore,
    issuance_wei: U256,
    profile: NativeProfile,
    options: NativeOptions,
) -> Result<(), NativeError> {
    supply::genesis_issuance(store, issuance_wei)?;
    let mut registry = match profile {
        NativeProfile::Mainnet => RegistryGenesis::default(),
        NativeProfile::Dev => RegistryGenesis::dev(),
    };
    let startup = options.subnet_startup.unwrap_or(profile.subnet_startup());
    registry.mainnet_startup = startup == SubnetStartup::Mainnet;
    if let Some(limit) = options.subnet_limit {
        registry.subnet_limit = limit;
    }
    if let Some(blocks) = options.network_immunity_period {
        registry.network_immunity_period = blocks;
    }
    subnets::init_genesis(store, &registry)?;
    if let Some(root) = options.root {
        crate::startup::set_root_account(store, root)?;
    }
    Ok(())
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
        apply(&mut s, issuance, NativeProfile::Dev, NativeOptions::default()).unwrap();
        assert_eq!(supply::total_issuance_wei(&mut s).unwrap(), issuance);
        assert!(subnets::exists(&mut s, NetUid(0)).unwrap());
        assert!(!crate::startup::default_mainnet_startup(&mut s).unwrap());
        let again = apply(&mut s, issuance, NativeProfile::Dev, NativeOptions::default());
        assert!(again.is_err(), "genesis applies once");
    }

    #[test]
    fn options_override_the_profile() {
        let issuance = U256::from(10u64).pow(U256::from(21u64));
        let mut s = MemNative::default();
        let root = Address::repeat_byte(0x70);
        let options = NativeOptions {
            subnet_startup: Some(SubnetStartup::Mainnet),
            root: Some(root),
            subnet_limit: Some(3),
            network_immunity_period: Some(40),
        };
        apply(&mut s, issuance, NativeProfile::Dev, options).unwrap();
        assert!(crate::startup::default_mainnet_startup(&mut s).unwrap());
        assert_eq!(subnets::subnet_limit(&mut s).unwrap(), 3);
        assert_eq!(subnets::dissolve::network_immunity_period(&mut s).unwrap(), 40);
        assert_eq!(crate::startup::root_account(&mut s).unwrap(), Some(root));
    }
}
