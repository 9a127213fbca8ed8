//! The environment Bittensor's ink! contracts are compiled against (32-byte AccountId, u64
//! Balance in RAO, u32 BlockNumber, u64 Timestamp) with the chain extension the real chain
//! exposes at id 0x1000, declared with ink!'s `#[ink::chain_extension]` using the function ids
//! and SCALE layouts of spec/ink-chain-extension.md. Only the functions the vault and the
//! bounty use are declared; each acts as the contract itself (the contract's account is the
//! coldkey).
//!
//! Off-chain tests register a [`mock`]-style extension with
//! `ink::env::test::register_chain_extension`; its `ext_id` is [`EXTENSION_ID`].
#![cfg_attr(not(feature = "std"), no_std)]

use ink::primitives::AccountId;

/// The chain extension id (the high 16 bits of the 32-bit id `seal0.call_chain_extension` gets).
pub const EXTENSION_ID: u16 = 0x1000;
/// `get_stake_info_for_hotkey_coldkey_netuid`.
pub const FN_GET_STAKE_INFO: u16 = 0;
/// `add_stake`.
pub const FN_ADD_STAKE: u16 = 1;
/// `remove_stake`.
pub const FN_REMOVE_STAKE: u16 = 2;

/// The real chain's `StakeInfo` (SCALE, fields in order, compact integers).
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct StakeInfo {
    /// The hotkey staked on.
    pub hotkey: AccountId,
    /// The coldkey that owns the stake.
    pub coldkey: AccountId,
    /// The subnet.
    #[codec(compact)]
    pub netuid: u16,
    /// Alpha held (alpha-RAO).
    #[codec(compact)]
    pub stake: u64,
    /// Locked alpha.
    #[codec(compact)]
    pub locked: u64,
    /// The hotkey's alpha emission of the last epoch on this subnet.
    #[codec(compact)]
    pub emission: u64,
    /// The same in TAO.
    #[codec(compact)]
    pub tao_emission: u64,
    /// Pending drain.
    #[codec(compact)]
    pub drain: u64,
    /// Whether the hotkey is registered on the subnet.
    pub is_registered: bool,
}

impl StakeInfo {
    /// A record with `stake`, `emission` and `is_registered` set and every other amount zero.
    pub fn new(
        hotkey: AccountId,
        coldkey: AccountId,
        netuid: u16,
        stake: u64,
        emission: u64,
        is_registered: bool,
    ) -> Self {
        Self {
            hotkey,
            coldkey,
            netuid,
            stake,
            locked: 0,
            emission,
            tao_emission: 0,
            drain: 0,
            is_registered,
        }
    }
}

/// A non-zero status of the extension (spec/ink-chain-extension.md, "Return convention").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct ExtError {
    /// The status code (1 runtime error, 2 not enough balance to stake, 6 not enough stake,
    /// 8 slippage, 9 no subnet, 14 insufficient liquidity, ...).
    pub status: u32,
}

impl ink::env::chain_extension::FromStatusCode for ExtError {
    fn from_status_code(status: u32) -> Result<(), Self> {
        if status == 0 {
            Ok(())
        } else {
            Err(Self { status })
        }
    }
}

/// The real chain's extension, the functions used here.
#[ink::chain_extension(extension = 0x1000)]
pub trait TaoExtension {
    /// The status code a function returns.
    type ErrorCode = ExtError;

    /// Id 0: the stake of `coldkey` on `hotkey` in `netuid`, if any. A read: the output is
    /// decoded whatever the status.
    #[ink(function = 0, handle_status = false)]
    fn get_stake_info(hotkey: AccountId, coldkey: AccountId, netuid: u16) -> Option<StakeInfo>;

    /// Id 1: stakes `amount` RAO of the contract's own balance on `hotkey` in `netuid`.
    #[ink(function = 1)]
    fn add_stake(hotkey: AccountId, netuid: u16, amount: u64);

    /// Id 2: unstakes `amount` alpha of the contract's stake; the TAO lands in its balance.
    #[ink(function = 2)]
    fn remove_stake(hotkey: AccountId, netuid: u16, amount: u64);
}

/// The environment: the real chain's types with [`TaoExtension`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(scale_info::TypeInfo))]
pub enum TaoEnv {}

impl ink::env::Environment for TaoEnv {
    const MAX_EVENT_TOPICS: usize = 4;
    type AccountId = AccountId;
    type Balance = u64;
    type Hash = ink::primitives::Hash;
    type Timestamp = u64;
    type BlockNumber = u32;
    type ChainExtension = TaoExtension;
}
