//! The SCALE outputs of the read functions (fields in the real chain's order).

use super::scale::Encoder;
use crate::AccountId32;

/// `StakeInfo` of function 0 (the real chain's `rpc_info::stake_info::StakeInfo`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StakeInfo {
    /// The hotkey asked for.
    pub hotkey: AccountId32,
    /// The coldkey asked for.
    pub coldkey: AccountId32,
    /// The subnet (`Compact<u16>`).
    pub netuid: u16,
    /// Alpha staked (`Compact<u64>`).
    pub stake: u64,
    /// Locked alpha (0: no stake locks here).
    pub locked: u64,
    /// The hotkey's alpha dividends at the last epoch (0: not stored here).
    pub emission: u64,
    /// TAO dividends (0 on the real chain too).
    pub tao_emission: u64,
    /// Drain (0 on the real chain too).
    pub drain: u64,
    /// Whether the hotkey has a uid on the subnet.
    pub is_registered: bool,
}

impl StakeInfo {
    /// `Some(self)` encoded as `Option<StakeInfo>` (the real chain always answers `Some`).
    pub fn encode_some(&self) -> Vec<u8> {
        Encoder::new()
            .byte(1)
            .account(&self.hotkey)
            .account(&self.coldkey)
            .compact(u64::from(self.netuid))
            .compact(self.stake)
            .compact(self.locked)
            .compact(self.emission)
            .compact(self.tao_emission)
            .compact(self.drain)
            .bool(self.is_registered)
            .finish()
    }
}

/// `SubnetRegistrationState` of function 34.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubnetRegistrationState {
    /// The subnet asked for.
    pub netuid: u16,
    /// Whether it exists.
    pub exists: bool,
    /// Times the netuid has been registered.
    pub registered_subnet_counter: u64,
}

impl SubnetRegistrationState {
    /// SCALE bytes.
    pub fn encode(&self) -> Vec<u8> {
        Encoder::new()
            .u16(self.netuid)
            .bool(self.exists)
            .u64(self.registered_subnet_counter)
            .finish()
    }
}

/// `ColdkeyLock` of function 35 (answered `None`: no stake locks here).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColdkeyLock {
    /// Locked alpha.
    pub locked_mass: u64,
    /// Conviction, `U64F64` bits.
    pub conviction_bits: u128,
    /// Block of the last update.
    pub last_update: u64,
}

/// `Option<ColdkeyLock>` as SCALE.
pub fn encode_coldkey_lock(lock: Option<&ColdkeyLock>) -> Vec<u8> {
    match lock {
        None => vec![0],
        Some(l) => Encoder::new()
            .byte(1)
            .u64(l.locked_mass)
            .u128(l.conviction_bits)
            .u64(l.last_update)
            .finish(),
    }
}

/// `StakeAvailability` of function 36.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StakeAvailability {
    /// The subnet asked for.
    pub netuid: u16,
    /// The coldkey's alpha on the subnet, all hotkeys.
    pub total: u64,
    /// Locked (0 here).
    pub locked: u64,
    /// `total - locked`.
    pub available: u64,
}

impl StakeAvailability {
    /// SCALE bytes.
    pub fn encode(&self) -> Vec<u8> {
        Encoder::new()
            .u16(self.netuid)
            .u64(self.total)
            .u64(self.locked)
            .u64(self.available)
            .finish()
    }
}
