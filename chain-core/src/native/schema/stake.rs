//! Items of staking, pools and the coinbase (ids 200-299).

#![allow(missing_docs)]

// ---- per subnet pool: by_netuid(id, netuid) ----
/// TAO reserve of the pool, RAO (u64).
pub const SUBNET_TAO: u16 = 200;
/// Alpha reserve of the pool, alpha-RAO (u64).
pub const SUBNET_ALPHA_IN: u16 = 201;
/// Alpha outstanding (held as stake), alpha-RAO (u64).
pub const SUBNET_ALPHA_OUT: u16 = 202;
/// Moving price, I96F32 bits (u128).
pub const SUBNET_MOVING_PRICE: u16 = 203;
/// Cumulative swap volume, RAO (u128).
pub const SUBNET_VOLUME: u16 = 204;
/// Last block's injection: TAO in, alpha in, alpha out (u64 each).
pub const TAO_IN_EMISSION: u16 = 205;
pub const ALPHA_IN_EMISSION: u16 = 206;
pub const ALPHA_OUT_EMISSION: u16 = 207;
/// Pending alpha for the next epoch's miners and validators (u64).
pub const PENDING_EMISSION: u16 = 208;
/// Pending owner cut, alpha (u64).
pub const PENDING_OWNER_CUT: u16 = 209;
/// Pending root dividends, alpha (u64).
pub const PENDING_ROOT_DIVS: u16 = 210;
/// Subnet emission enabled (bool).
pub const EMISSION_ENABLED: u16 = 211;

// ---- per (hotkey, netuid): Key::new(id, &[hotkey, netuid]) ----
/// Total alpha of a hotkey's share pool on a subnet (u64).
pub const TOTAL_HOTKEY_ALPHA: u16 = 220;
/// Total shares of that pool (ShareFloat packed: mantissa u128 << 64 | exponent as u64).
pub const TOTAL_HOTKEY_SHARES: u16 = 221;
/// Coldkeys that hold shares in that pool (bytes: concatenated 32-byte ids).
pub const HOTKEY_STAKERS: u16 = 222;

// ---- per (hotkey, coldkey, netuid): Key::new(id, &[hotkey, coldkey, netuid]) ----
/// A coldkey's shares in a hotkey's pool (ShareFloat packed).
pub const ALPHA_SHARES: u16 = 230;

// ---- per hotkey / coldkey ----
/// Delegate take of a hotkey (optional u64, u16 range; absent = default).
pub const DELEGATE_TAKE: u16 = 240;
/// Block of the hotkey's last take increase (u64).
pub const LAST_TAKE_INCREASE: u16 = 241;
/// Hotkeys a coldkey has stake on (bytes: concatenated 32-byte ids).
pub const COLDKEY_HOTKEYS: u16 = 242;

// ---- allowances: Key::new(id, &[owner address, spender address, netuid, reg counter]) ----
/// Alpha a spender may move out of an owner's stake (u64).
pub const STAKE_ALLOWANCE: u16 = 250;
