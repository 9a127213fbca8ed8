//! Test contract for wasm-host: storage, events, a payable message, environment reads,
//! hashing, transfer and terminate, all against the real chain's environment (u64 Balance).
#![cfg_attr(not(feature = "std"), no_std, no_main)]

/// The environment Bittensor's ink! contracts are compiled against: 32-byte AccountId,
/// u64 Balance (RAO), u32 BlockNumber, u64 Timestamp (spec/ink-chain-extension.md).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(scale_info::TypeInfo))]
pub enum TaoEnv {}

impl ink::env::Environment for TaoEnv {
    const MAX_EVENT_TOPICS: usize = 4;
    type AccountId = ink::primitives::AccountId;
    type Balance = u64;
    type Hash = ink::primitives::Hash;
    type Timestamp = u64;
    type BlockNumber = u32;
    type ChainExtension = ink::env::NoChainExtension;
}

#[ink::contract(env = crate::TaoEnv)]
pub mod counter {
    use ink::storage::Mapping;

    #[ink(storage)]
    pub struct Counter {
        value: bool,
        count: u32,
        deposits: Mapping<AccountId, Balance>,
    }

    /// Emitted by `flip`.
    #[ink(event)]
    pub struct Flipped {
        #[ink(topic)]
        by: AccountId,
        value: bool,
    }

    /// Emitted by `deposit`.
    #[ink(event)]
    pub struct Deposited {
        #[ink(topic)]
        from: AccountId,
        amount: Balance,
    }

    /// What the environment says inside a call.
    #[derive(Debug, PartialEq, Eq, scale::Encode, scale::Decode)]
    #[cfg_attr(feature = "std", derive(scale_info::TypeInfo))]
    pub struct EnvInfo {
        pub caller: AccountId,
        pub address: AccountId,
        pub balance: Balance,
        pub block_number: BlockNumber,
        pub now: Timestamp,
        pub minimum_balance: Balance,
        pub own_code_hash: Hash,
        pub caller_is_origin: bool,
        pub gas_left: u64,
    }

    impl Counter {
        /// Starts with `init` and a count of zero.
        #[ink(constructor, payable)]
        pub fn new(init: bool) -> Self {
            Self { value: init, count: 0, deposits: Mapping::new() }
        }

        /// A constructor that panics (the instantiation traps).
        #[ink(constructor)]
        pub fn failing() -> Self {
            panic!("constructor refuses")
        }

        /// Flips the value, counts it, emits `Flipped`.
        #[ink(message)]
        pub fn flip(&mut self) {
            self.value = !self.value;
            self.count = self.count.wrapping_add(1);
            let by = self.env().caller();
            self.env().emit_event(Flipped { by, value: self.value });
        }

        /// The value.
        #[ink(message)]
        pub fn get(&self) -> bool {
            self.value
        }

        /// How often it was flipped.
        #[ink(message)]
        pub fn count(&self) -> u32 {
            self.count
        }

        /// Records the value sent by the caller.
        #[ink(message, payable)]
        pub fn deposit(&mut self) -> Balance {
            let from = self.env().caller();
            let amount = self.env().transferred_value();
            let total = self.deposits.get(from).unwrap_or(0).saturating_add(amount);
            self.deposits.insert(from, &total);
            self.env().emit_event(Deposited { from, amount });
            total
        }

        /// What `deposit` recorded for `who`.
        #[ink(message)]
        pub fn deposit_of(&self, who: AccountId) -> Balance {
            self.deposits.get(who).unwrap_or(0)
        }

        /// Removes and returns the record of `who` (take_storage).
        #[ink(message)]
        pub fn take_deposit(&mut self, who: AccountId) -> Option<Balance> {
            self.deposits.take(who)
        }

        /// Whether `who` has a record (contains_storage).
        #[ink(message)]
        pub fn has_deposit(&self, who: AccountId) -> bool {
            self.deposits.contains(who)
        }

        /// Clears the record of `who` (clear_storage).
        #[ink(message)]
        pub fn clear_deposit(&mut self, who: AccountId) {
            self.deposits.remove(who)
        }

        /// Flips, then fails with an error: ink! sets the REVERT flag, the flip is undone.
        #[ink(message)]
        pub fn flip_then_revert(&mut self) -> Result<(), u8> {
            self.flip();
            Err(7)
        }

        /// Flips, then panics: the call traps, the flip is undone.
        #[ink(message)]
        pub fn flip_then_trap(&mut self) {
            self.flip();
            panic!("trap after write")
        }

        /// The environment as the host reports it.
        #[ink(message)]
        pub fn env_info(&self) -> EnvInfo {
            let env = || self.env();
            EnvInfo {
                caller: env().caller(),
                address: env().account_id(),
                balance: env().balance(),
                block_number: env().block_number(),
                now: env().block_timestamp(),
                minimum_balance: env().minimum_balance(),
                own_code_hash: env().own_code_hash().unwrap_or_default(),
                caller_is_origin: env().caller_is_origin(),
                gas_left: env().gas_left(),
            }
        }

        /// blake2-256, blake2-128, sha2-256 and keccak-256 of `data`.
        #[ink(message)]
        pub fn hashes(
            &self,
            data: ink::prelude::vec::Vec<u8>,
        ) -> ([u8; 32], [u8; 16], [u8; 32], [u8; 32]) {
            use ink::env::hash::{Blake2x128, Blake2x256, Keccak256, Sha2x256};
            let mut b256 = [0u8; 32];
            let mut b128 = [0u8; 16];
            let mut s256 = [0u8; 32];
            let mut k256 = [0u8; 32];
            ink::env::hash_bytes::<Blake2x256>(&data, &mut b256);
            ink::env::hash_bytes::<Blake2x128>(&data, &mut b128);
            ink::env::hash_bytes::<Sha2x256>(&data, &mut s256);
            ink::env::hash_bytes::<Keccak256>(&data, &mut k256);
            (b256, b128, s256, k256)
        }

        /// Sends `amount` of the contract's balance to `to`; false if the host refused.
        #[ink(message)]
        pub fn send(&mut self, to: AccountId, amount: Balance) -> bool {
            self.env().transfer(to, amount).is_ok()
        }

        /// Whether `who` is a contract, and its code hash if so.
        #[ink(message)]
        pub fn inspect(&self, who: AccountId) -> (bool, Option<Hash>) {
            (self.env().is_contract(&who), self.env().code_hash(&who).ok())
        }

        /// Removes the contract and sends its balance to `beneficiary`.
        #[ink(message)]
        pub fn bye(&mut self, beneficiary: AccountId) {
            self.env().terminate_contract(beneficiary)
        }
    }
}
