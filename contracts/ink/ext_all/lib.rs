//! Test contract for wasm-host's chain extension 0x1000: one message per function id 0-36 of
//! the real Bittensor chain's extension, each returning the function's status (as `Err(Status)`,
//! which makes ink! revert the call) or its decoded output. Compiled against the real chain's
//! environment (u64 Balance) with the extension declared as its example contract declares it.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

use ink::primitives::AccountId;
use scale::Compact;

/// A non-zero status of the extension (the codes of spec/ink-chain-extension.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, scale::Encode, scale::Decode)]
#[cfg_attr(feature = "std", derive(scale_info::TypeInfo))]
pub struct Status(pub u32);

impl ink::env::chain_extension::FromStatusCode for Status {
    fn from_status_code(status_code: u32) -> Result<(), Self> {
        if status_code == 0 {
            Ok(())
        } else {
            Err(Status(status_code))
        }
    }
}

/// `StakeInfo` (function 0).
#[derive(Debug, Clone, PartialEq, Eq, scale::Encode, scale::Decode)]
#[cfg_attr(feature = "std", derive(scale_info::TypeInfo))]
pub struct StakeInfo {
    pub hotkey: AccountId,
    pub coldkey: AccountId,
    pub netuid: Compact<u16>,
    pub stake: Compact<u64>,
    pub locked: Compact<u64>,
    pub emission: Compact<u64>,
    pub tao_emission: Compact<u64>,
    pub drain: Compact<u64>,
    pub is_registered: bool,
}

/// `SubnetRegistrationState` (function 34).
#[derive(Debug, Clone, PartialEq, Eq, scale::Encode, scale::Decode)]
#[cfg_attr(feature = "std", derive(scale_info::TypeInfo))]
pub struct SubnetRegistrationState {
    pub netuid: u16,
    pub exists: bool,
    pub registered_subnet_counter: u64,
}

/// `ColdkeyLock` (function 35).
#[derive(Debug, Clone, PartialEq, Eq, scale::Encode, scale::Decode)]
#[cfg_attr(feature = "std", derive(scale_info::TypeInfo))]
pub struct ColdkeyLock {
    pub locked_mass: u64,
    pub conviction_bits: u128,
    pub last_update: u64,
}

/// `StakeAvailability` (function 36).
#[derive(Debug, Clone, PartialEq, Eq, scale::Encode, scale::Decode)]
#[cfg_attr(feature = "std", derive(scale_info::TypeInfo))]
pub struct StakeAvailability {
    pub netuid: u16,
    pub total: u64,
    pub locked: u64,
    pub available: u64,
}

/// The Bittensor chain extension: ids, arguments and outputs as on the real chain.
#[ink::chain_extension(extension = 0x1000)]
pub trait Bittensor {
    type ErrorCode = Status;

    #[ink(function = 0)]
    fn get_stake_info_for_hotkey_coldkey_netuid(hotkey: AccountId, coldkey: AccountId, netuid: u16) -> Option<StakeInfo>;

    #[ink(function = 1)]
    fn add_stake(hotkey: AccountId, netuid: u16, amount: u64);

    #[ink(function = 2)]
    fn remove_stake(hotkey: AccountId, netuid: u16, amount: u64);

    #[ink(function = 3)]
    fn unstake_all(hotkey: AccountId);

    #[ink(function = 4)]
    fn unstake_all_alpha(hotkey: AccountId);

    #[ink(function = 5)]
    fn move_stake(origin_hotkey: AccountId, destination_hotkey: AccountId, origin_netuid: u16, destination_netuid: u16, amount: u64);

    #[ink(function = 6)]
    fn transfer_stake(destination_coldkey: AccountId, hotkey: AccountId, origin_netuid: u16, destination_netuid: u16, amount: u64);

    #[ink(function = 7)]
    fn swap_stake(hotkey: AccountId, origin_netuid: u16, destination_netuid: u16, amount: u64);

    #[ink(function = 8)]
    fn add_stake_limit(hotkey: AccountId, netuid: u16, amount: u64, limit_price: u64, allow_partial: bool);

    #[ink(function = 9)]
    fn remove_stake_limit(hotkey: AccountId, netuid: u16, amount: u64, limit_price: u64, allow_partial: bool);

    #[ink(function = 10)]
    fn swap_stake_limit(hotkey: AccountId, origin_netuid: u16, destination_netuid: u16, amount: u64, limit_price: u64, allow_partial: bool);

    #[ink(function = 11)]
    fn remove_stake_full_limit(hotkey: AccountId, netuid: u16, limit_price: Option<u64>);

    #[ink(function = 12)]
    fn set_coldkey_auto_stake_hotkey(netuid: u16, hotkey: AccountId);

    #[ink(function = 13)]
    fn add_proxy(delegate: AccountId);

    #[ink(function = 14)]
    fn remove_proxy(delegate: AccountId);

    #[ink(function = 15)]
    fn get_alpha_price(netuid: u16) -> u64;

    #[ink(function = 16)]
    fn recycle_alpha(hotkey: AccountId, netuid: u16, amount: u64) -> u64;

    #[ink(function = 17)]
    fn burn_alpha(hotkey: AccountId, netuid: u16, amount: u64) -> u64;

    #[ink(function = 18)]
    fn add_stake_recycle(hotkey: AccountId, netuid: u16, amount: u64) -> u64;

    #[ink(function = 19)]
    fn add_stake_burn(hotkey: AccountId, netuid: u16, amount: u64) -> u64;

    #[ink(function = 20)]
    fn caller_add_stake(hotkey: AccountId, netuid: u16, amount: u64);

    #[ink(function = 21)]
    fn caller_remove_stake(hotkey: AccountId, netuid: u16, amount: u64);

    #[ink(function = 22)]
    fn caller_unstake_all(hotkey: AccountId);

    #[ink(function = 23)]
    fn caller_unstake_all_alpha(hotkey: AccountId);

    #[ink(function = 24)]
    fn caller_move_stake(origin_hotkey: AccountId, destination_hotkey: AccountId, origin_netuid: u16, destination_netuid: u16, amount: u64);

    #[ink(function = 25)]
    fn caller_transfer_stake(destination_coldkey: AccountId, hotkey: AccountId, origin_netuid: u16, destination_netuid: u16, amount: u64);

    #[ink(function = 26)]
    fn caller_swap_stake(hotkey: AccountId, origin_netuid: u16, destination_netuid: u16, amount: u64);

    #[ink(function = 27)]
    fn caller_add_stake_limit(hotkey: AccountId, netuid: u16, amount: u64, limit_price: u64, allow_partial: bool);

    #[ink(function = 28)]
    fn caller_remove_stake_limit(hotkey: AccountId, netuid: u16, amount: u64, limit_price: u64, allow_partial: bool);

    #[ink(function = 29)]
    fn caller_swap_stake_limit(hotkey: AccountId, origin_netuid: u16, destination_netuid: u16, amount: u64, limit_price: u64, allow_partial: bool);

    #[ink(function = 30)]
    fn caller_remove_stake_full_limit(hotkey: AccountId, netuid: u16, limit_price: Option<u64>);

    #[ink(function = 31)]
    fn caller_set_coldkey_auto_stake_hotkey(netuid: u16, hotkey: AccountId);

    #[ink(function = 32)]
    fn caller_add_proxy(delegate: AccountId);

    #[ink(function = 33)]
    fn caller_remove_proxy(delegate: AccountId);

    #[ink(function = 34)]
    fn get_subnet_registration_state(netuid: u16) -> SubnetRegistrationState;

    #[ink(function = 35)]
    fn get_coldkey_lock(coldkey: AccountId, netuid: u16) -> Option<ColdkeyLock>;

    #[ink(function = 36)]
    fn get_stake_availability(coldkey: AccountId, netuid: u16) -> StakeAvailability;
}

/// The real chain's environment with the Bittensor extension.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(scale_info::TypeInfo))]
pub enum TaoExtEnv {}

impl ink::env::Environment for TaoExtEnv {
    const MAX_EVENT_TOPICS: usize = 4;
    type AccountId = ink::primitives::AccountId;
    type Balance = u64;
    type Hash = ink::primitives::Hash;
    type Timestamp = u64;
    type BlockNumber = u32;
    type ChainExtension = Bittensor;
}

#[ink::contract(env = crate::TaoExtEnv)]
pub mod ext_all {
    use super::*;

    #[ink(storage)]
    pub struct ExtAll {}

    impl ExtAll {
        /// No state.
        #[ink(constructor)]
        pub fn new() -> Self {
            Self {}
        }

        /// Function 0.
        #[ink(message)]
        pub fn get_stake_info_for_hotkey_coldkey_netuid(&self, hotkey: AccountId, coldkey: AccountId, netuid: u16) -> Result<Option<StakeInfo>, Status> {
            self.env().extension().get_stake_info_for_hotkey_coldkey_netuid(hotkey, coldkey, netuid)
        }

        /// Function 1.
        #[ink(message)]
        pub fn add_stake(&self, hotkey: AccountId, netuid: u16, amount: u64) -> Result<(), Status> {
            self.env().extension().add_stake(hotkey, netuid, amount)
        }

        /// Function 2.
        #[ink(message)]
        pub fn remove_stake(&self, hotkey: AccountId, netuid: u16, amount: u64) -> Result<(), Status> {
            self.env().extension().remove_stake(hotkey, netuid, amount)
        }

        /// Function 3.
        #[ink(message)]
        pub fn unstake_all(&self, hotkey: AccountId) -> Result<(), Status> {
            self.env().extension().unstake_all(hotkey)
        }

        /// Function 4.
        #[ink(message)]
        pub fn unstake_all_alpha(&self, hotkey: AccountId) -> Result<(), Status> {
            self.env().extension().unstake_all_alpha(hotkey)
        }

        /// Function 5.
        #[ink(message)]
        pub fn move_stake(&self, origin_hotkey: AccountId, destination_hotkey: AccountId, origin_netuid: u16, destination_netuid: u16, amount: u64) -> Result<(), Status> {
            self.env().extension().move_stake(origin_hotkey, destination_hotkey, origin_netuid, destination_netuid, amount)
        }

        /// Function 6.
        #[ink(message)]
        pub fn transfer_stake(&self, destination_coldkey: AccountId, hotkey: AccountId, origin_netuid: u16, destination_netuid: u16, amount: u64) -> Result<(), Status> {
            self.env().extension().transfer_stake(destination_coldkey, hotkey, origin_netuid, destination_netuid, amount)
        }

        /// Function 7.
        #[ink(message)]
        pub fn swap_stake(&self, hotkey: AccountId, origin_netuid: u16, destination_netuid: u16, amount: u64) -> Result<(), Status> {
            self.env().extension().swap_stake(hotkey, origin_netuid, destination_netuid, amount)
        }

        /// Function 8.
        #[ink(message)]
        pub fn add_stake_limit(&self, hotkey: AccountId, netuid: u16, amount: u64, limit_price: u64, allow_partial: bool) -> Result<(), Status> {
            self.env().extension().add_stake_limit(hotkey, netuid, amount, limit_price, allow_partial)
        }

        /// Function 9.
        #[ink(message)]
        pub fn remove_stake_limit(&self, hotkey: AccountId, netuid: u16, amount: u64, limit_price: u64, allow_partial: bool) -> Result<(), Status> {
            self.env().extension().remove_stake_limit(hotkey, netuid, amount, limit_price, allow_partial)
        }

        /// Function 10.
        #[ink(message)]
        pub fn swap_stake_limit(&self, hotkey: AccountId, origin_netuid: u16, destination_netuid: u16, amount: u64, limit_price: u64, allow_partial: bool) -> Result<(), Status> {
            self.env().extension().swap_stake_limit(hotkey, origin_netuid, destination_netuid, amount, limit_price, allow_partial)
        }

        /// Function 11.
        #[ink(message)]
        pub fn remove_stake_full_limit(&self, hotkey: AccountId, netuid: u16, limit_price: Option<u64>) -> Result<(), Status> {
            self.env().extension().remove_stake_full_limit(hotkey, netuid, limit_price)
        }

        /// Function 12.
        #[ink(message)]
        pub fn set_coldkey_auto_stake_hotkey(&self, netuid: u16, hotkey: AccountId) -> Result<(), Status> {
            self.env().extension().set_coldkey_auto_stake_hotkey(netuid, hotkey)
        }

        /// Function 13.
        #[ink(message)]
        pub fn add_proxy(&self, delegate: AccountId) -> Result<(), Status> {
            self.env().extension().add_proxy(delegate)
        }

        /// Function 14.
        #[ink(message)]
        pub fn remove_proxy(&self, delegate: AccountId) -> Result<(), Status> {
            self.env().extension().remove_proxy(delegate)
        }

        /// Function 15.
        #[ink(message)]
        pub fn get_alpha_price(&self, netuid: u16) -> Result<u64, Status> {
            self.env().extension().get_alpha_price(netuid)
        }

        /// Function 16.
        #[ink(message)]
        pub fn recycle_alpha(&self, hotkey: AccountId, netuid: u16, amount: u64) -> Result<u64, Status> {
            self.env().extension().recycle_alpha(hotkey, netuid, amount)
        }

        /// Function 17.
        #[ink(message)]
        pub fn burn_alpha(&self, hotkey: AccountId, netuid: u16, amount: u64) -> Result<u64, Status> {
            self.env().extension().burn_alpha(hotkey, netuid, amount)
        }

        /// Function 18.
        #[ink(message)]
        pub fn add_stake_recycle(&self, hotkey: AccountId, netuid: u16, amount: u64) -> Result<u64, Status> {
            self.env().extension().add_stake_recycle(hotkey, netuid, amount)
        }

        /// Function 19.
        #[ink(message)]
        pub fn add_stake_burn(&self, hotkey: AccountId, netuid: u16, amount: u64) -> Result<u64, Status> {
            self.env().extension().add_stake_burn(hotkey, netuid, amount)
        }

        /// Function 20.
        #[ink(message)]
        pub fn caller_add_stake(&self, hotkey: AccountId, netuid: u16, amount: u64) -> Result<(), Status> {
            self.env().extension().caller_add_stake(hotkey, netuid, amount)
        }

        /// Function 21.
        #[ink(message)]
        pub fn caller_remove_stake(&self, hotkey: AccountId, netuid: u16, amount: u64) -> Result<(), Status> {
            self.env().extension().caller_remove_stake(hotkey, netuid, amount)
        }

        /// Function 22.
        #[ink(message)]
        pub fn caller_unstake_all(&self, hotkey: AccountId) -> Result<(), Status> {
            self.env().extension().caller_unstake_all(hotkey)
        }

        /// Function 23.
        #[ink(message)]
        pub fn caller_unstake_all_alpha(&self, hotkey: AccountId) -> Result<(), Status> {
            self.env().extension().caller_unstake_all_alpha(hotkey)
        }

        /// Function 24.
        #[ink(message)]
        pub fn caller_move_stake(&self, origin_hotkey: AccountId, destination_hotkey: AccountId, origin_netuid: u16, destination_netuid: u16, amount: u64) -> Result<(), Status> {
            self.env().extension().caller_move_stake(origin_hotkey, destination_hotkey, origin_netuid, destination_netuid, amount)
        }

        /// Function 25.
        #[ink(message)]
        pub fn caller_transfer_stake(&self, destination_coldkey: AccountId, hotkey: AccountId, origin_netuid: u16, destination_netuid: u16, amount: u64) -> Result<(), Status> {
            self.env().extension().caller_transfer_stake(destination_coldkey, hotkey, origin_netuid, destination_netuid, amount)
        }

        /// Function 26.
        #[ink(message)]
        pub fn caller_swap_stake(&self, hotkey: AccountId, origin_netuid: u16, destination_netuid: u16, amount: u64) -> Result<(), Status> {
            self.env().extension().caller_swap_stake(hotkey, origin_netuid, destination_netuid, amount)
        }

        /// Function 27.
        #[ink(message)]
        pub fn caller_add_stake_limit(&self, hotkey: AccountId, netuid: u16, amount: u64, limit_price: u64, allow_partial: bool) -> Result<(), Status> {
            self.env().extension().caller_add_stake_limit(hotkey, netuid, amount, limit_price, allow_partial)
        }

        /// Function 28.
        #[ink(message)]
        pub fn caller_remove_stake_limit(&self, hotkey: AccountId, netuid: u16, amount: u64, limit_price: u64, allow_partial: bool) -> Result<(), Status> {
            self.env().extension().caller_remove_stake_limit(hotkey, netuid, amount, limit_price, allow_partial)
        }

        /// Function 29.
        #[ink(message)]
        pub fn caller_swap_stake_limit(&self, hotkey: AccountId, origin_netuid: u16, destination_netuid: u16, amount: u64, limit_price: u64, allow_partial: bool) -> Result<(), Status> {
            self.env().extension().caller_swap_stake_limit(hotkey, origin_netuid, destination_netuid, amount, limit_price, allow_partial)
        }

        /// Function 30.
        #[ink(message)]
        pub fn caller_remove_stake_full_limit(&self, hotkey: AccountId, netuid: u16, limit_price: Option<u64>) -> Result<(), Status> {
            self.env().extension().caller_remove_stake_full_limit(hotkey, netuid, limit_price)
        }

        /// Function 31.
        #[ink(message)]
        pub fn caller_set_coldkey_auto_stake_hotkey(&self, netuid: u16, hotkey: AccountId) -> Result<(), Status> {
            self.env().extension().caller_set_coldkey_auto_stake_hotkey(netuid, hotkey)
        }

        /// Function 32.
        #[ink(message)]
        pub fn caller_add_proxy(&self, delegate: AccountId) -> Result<(), Status> {
            self.env().extension().caller_add_proxy(delegate)
        }

        /// Function 33.
        #[ink(message)]
        pub fn caller_remove_proxy(&self, delegate: AccountId) -> Result<(), Status> {
            self.env().extension().caller_remove_proxy(delegate)
        }

        /// Function 34.
        #[ink(message)]
        pub fn get_subnet_registration_state(&self, netuid: u16) -> Result<SubnetRegistrationState, Status> {
            self.env().extension().get_subnet_registration_state(netuid)
        }

        /// Function 35.
        #[ink(message)]
        pub fn get_coldkey_lock(&self, coldkey: AccountId, netuid: u16) -> Result<Option<ColdkeyLock>, Status> {
            self.env().extension().get_coldkey_lock(coldkey, netuid)
        }

        /// Function 36.
        #[ink(message)]
        pub fn get_stake_availability(&self, coldkey: AccountId, netuid: u16) -> Result<StakeAvailability, Status> {
            self.env().extension().get_stake_availability(coldkey, netuid)
        }
    }
}
