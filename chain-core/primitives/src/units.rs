//! Units and ids. Money is integers: 1 TAO = 10^9 RAO; EVM balances carry 18 decimals, so
//! 1 RAO = 10^9 wei. Conversions never round up and never overflow silently.

use alloy_primitives::{Address, B256, U256};
use serde::{Deserialize, Serialize};

/// RAO in one TAO.
pub const RAO_PER_TAO: u64 = 1_000_000_000;
/// The root subnet's id.
pub const ROOT_NETUID: NetUid = NetUid::ROOT;
/// Wei in one RAO (EVM balances have 18 decimals, native amounts 9).
pub const WEI_PER_RAO: u64 = 1_000_000_000;

/// Errors converting between units.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnitsError {
    /// The wei amount is more RAO than fits in a u64.
    #[error("amount {0} wei does not fit in u64 RAO")]
    Overflow(U256),
}

macro_rules! amount {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u64);

        impl $name {
            /// Zero.
            pub const ZERO: Self = Self(0);
            /// Checked addition.
            pub fn checked_add(self, o: Self) -> Option<Self> { self.0.checked_add(o.0).map(Self) }
            /// Checked subtraction.
            pub fn checked_sub(self, o: Self) -> Option<Self> { self.0.checked_sub(o.0).map(Self) }
            /// Saturating subtraction.
            pub fn saturating_sub(self, o: Self) -> Self { Self(self.0.saturating_sub(o.0)) }
            /// Saturating addition.
            pub fn saturating_add(self, o: Self) -> Self { Self(self.0.saturating_add(o.0)) }
            /// The raw integer.
            pub const fn get(self) -> u64 { self.0 }
            /// Whether the amount is zero.
            pub const fn is_zero(self) -> bool { self.0 == 0 }
        }

        impl From<u64> for $name {
            fn from(v: u64) -> Self { Self(v) }
        }

        impl From<$name> for u64 {
            fn from(v: $name) -> Self { v.0 }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

amount!(
    /// An amount of TAO in RAO (10^-9 TAO).
    Rao
);
amount!(
    /// An amount of a subnet's alpha token in alpha-RAO (10^-9 alpha).
    AlphaRao
);

impl Rao {
    /// Whole TAO to RAO (panics only in const contexts on overflow; use for constants).
    #[allow(clippy::arithmetic_side_effects)] // overflow in a const is a compile error
    pub const fn from_tao(tao: u64) -> Self {
        Self(tao * RAO_PER_TAO)
    }
    /// The EVM balance (18 decimals) of this amount.
    pub fn to_wei(self) -> U256 {
        // u64 × 10^9 < 2^94: never saturates.
        U256::from(self.0).saturating_mul(U256::from(WEI_PER_RAO))
    }
    /// RAO = floor(wei / 10^9). Fails if the result does not fit in u64.
    pub fn from_wei_floor(wei: U256) -> Result<Self, UnitsError> {
        let rao = wei.checked_div(U256::from(WEI_PER_RAO)).unwrap_or_default();
        u64::try_from(rao).map(Self).map_err(|_| UnitsError::Overflow(wei))
    }
}

/// Subnet id.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct NetUid(pub u16);

/// A neuron's uid within a subnet.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Uid(pub u16);

macro_rules! id16 {
    ($name:ident) => {
        impl $name {
            /// The raw id.
            pub const fn get(self) -> u16 {
                self.0
            }
        }
        impl From<u16> for $name {
            fn from(v: u16) -> Self {
                Self(v)
            }
        }
        impl From<$name> for u16 {
            fn from(v: $name) -> Self {
                v.0
            }
        }
        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}
id16!(NetUid);
id16!(Uid);

impl NetUid {
    /// The root subnet.
    pub const ROOT: Self = Self(0);
    /// Whether this is the root subnet.
    pub const fn is_root(self) -> bool {
        self.0 == 0
    }
}

impl Uid {
    /// The uid as an index into per-uid vectors.
    pub const fn index(self) -> usize {
        self.0 as usize
    }
}

/// A 32-byte account id (coldkey, hotkey, ink! AccountId): the real chain's `AccountId32`.
///
/// It is the storage-key part and the ABI `bytes32` of every precompile that names an account;
/// convert with `From` (`[u8; 32]`, [`B256`]) at those edges. It prints as `0x`-prefixed hex.
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AccountId32(pub [u8; 32]);

impl AccountId32 {
    /// The all-zero id (no account: an unset owner, a missing key).
    pub const ZERO: Self = Self([0; 32]);

    /// Wraps raw bytes.
    pub const fn new(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }
    /// The raw bytes.
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
    /// The raw bytes, by value.
    pub const fn to_bytes(self) -> [u8; 32] {
        self.0
    }
    /// Whether this is the all-zero id.
    pub fn is_zero(&self) -> bool {
        self.0 == [0; 32]
    }
}

impl AsRef<[u8]> for AccountId32 {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<[u8; 32]> for AccountId32 {
    fn from(b: [u8; 32]) -> Self {
        Self(b)
    }
}

impl From<AccountId32> for [u8; 32] {
    fn from(a: AccountId32) -> Self {
        a.0
    }
}

impl From<B256> for AccountId32 {
    fn from(b: B256) -> Self {
        Self(b.0)
    }
}

impl From<AccountId32> for B256 {
    fn from(a: AccountId32) -> Self {
        B256::new(a.0)
    }
}

impl core::fmt::Display for AccountId32 {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "0x{}", alloy_primitives::hex::encode(self.0))
    }
}

impl core::fmt::Debug for AccountId32 {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        core::fmt::Display::fmt(self, f)
    }
}

/// The 32-byte account id of an EVM address, as the real chain maps it
/// (`HashedAddressMapping<BlakeTwo256>`): `blake2b-256("evm:" ‖ address)`. It is the coldkey of
/// `msg.sender` in every precompile and the hotkey of a neuron that acts through `msg.sender`;
/// contracts read it from 0x80c (`addressMapping`), Bittensor's JS tools call it the address's
/// SS58 "mirror". The map is one-way: the chain keeps a reverse index of the twins it has seen.
pub fn address_to_account_id(a: Address) -> AccountId32 {
    crate::evm_twin(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wei_rao_round_trip_floors() {
        let r = Rao(1_234_567_891);
        assert_eq!(Rao::from_wei_floor(r.to_wei()), Ok(r));
        assert_eq!(Rao::from_wei_floor(r.to_wei() + U256::from(999_999_999u64)), Ok(r));
        assert_eq!(Rao::from_wei_floor(U256::from(999_999_999u64)), Ok(Rao(0)));
        let huge = U256::from(u64::MAX) * U256::from(WEI_PER_RAO) + U256::from(WEI_PER_RAO);
        assert!(Rao::from_wei_floor(huge).is_err());
    }

    #[test]
    fn account_id_is_the_twin() {
        // Vector computed independently: Python `hashlib.blake2b(b"evm:" + addr, digest_size=32)`.
        let dev0 = alloy_primitives::address!("f39fd6e51aad88f6f4ce6ab8827279cfffb92266");
        assert_eq!(
            alloy_primitives::hex::encode(address_to_account_id(dev0).0),
            "c4518fa0ed143e016e4a1410193704924b890de8f854b94c7a6037651ec65dd0"
        );
    }
}
