//! 32-byte account ids (coldkeys, hotkeys), shown in hex and SS58 and parsed from either.
//!
//! An EVM address's id is its twin `blake2b-256("evm:" ‖ address)` ([`AccountId::of_address`],
//! the real chain's mapping, also served by the precompile at 0x80c). SS58 is Substrate's
//! address format: base58 of `prefix ‖ id ‖ checksum`, where the checksum is the first two
//! bytes of `blake2b-512("SS58PRE" ‖ prefix ‖ id)`; taochain prints prefix 42 (the generic
//! Substrate prefix Bittensor uses) and parses any simple or full prefix.

use alloy_primitives::{Address, B256};
use blake2::{Blake2b512, Digest};
use std::fmt;
use std::str::FromStr;

/// The SS58 prefix taochain prints (42, Bittensor's and generic Substrate's).
pub const SS58_PREFIX: u16 = 42;

/// Why a text is not a 32-byte id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{input:?} is not a 32-byte id: {reason} (give 0x and 64 hex digits, or an SS58 address such as 5F...)"
)]
pub struct IdError {
    /// The text given.
    pub input: String,
    /// What is wrong with it.
    pub reason: String,
}

/// A 32-byte account id (coldkey or hotkey).
///
/// ```
/// use taochain_sdk::AccountId;
/// let alice: AccountId = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY".parse()?;
/// assert_eq!(alice.to_hex(), "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");
/// assert_eq!(alice.to_hex().parse::<AccountId>()?, alice);
/// # Ok::<(), taochain_sdk::IdError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AccountId(pub B256);

impl AccountId {
    /// The twin of an EVM address: `blake2b-256("evm:" ‖ address)`.
    ///
    /// ```
    /// use alloy_primitives::address;
    /// let id = taochain_sdk::AccountId::of_address(address!("f39fd6e51aad88f6f4ce6ab8827279cfffb92266"));
    /// assert_eq!(id.to_hex(), "0xc4518fa0ed143e016e4a1410193704924b890de8f854b94c7a6037651ec65dd0");
    /// ```
    pub fn of_address(address: Address) -> Self {
        Self(B256::from(tao_primitives::evm_twin(address).0))
    }

    /// The id as `0x` and 64 lowercase hex digits.
    ///
    /// ```
    /// let id = taochain_sdk::AccountId(alloy_primitives::B256::repeat_byte(0xab));
    /// assert_eq!(id.to_hex().len(), 66);
    /// ```
    pub fn to_hex(&self) -> String {
        format!("{:#x}", self.0)
    }

    /// The id in SS58 with prefix 42.
    ///
    /// ```
    /// let id = taochain_sdk::AccountId(alloy_primitives::B256::ZERO);
    /// assert_eq!(id.to_ss58(), "5C4hrfjw9DjXZTzV3MwzrrAr9P1MJhSrvWGWqi1eSuyUpnhM");
    /// ```
    pub fn to_ss58(&self) -> String {
        ss58_encode(&self.0.0, SS58_PREFIX)
    }

    /// The raw 32 bytes.
    ///
    /// ```
    /// assert_eq!(taochain_sdk::AccountId::default().as_bytes(), &[0u8; 32]);
    /// ```
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0.0
    }
}

impl From<B256> for AccountId {
    fn from(b: B256) -> Self {
        Self(b)
    }
}

impl From<AccountId> for B256 {
    fn from(id: AccountId) -> Self {
        id.0
    }
}

impl fmt::Display for AccountId {
    /// SS58 (prefix 42), the form Bittensor users know.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_ss58())
    }
}

impl FromStr for AccountId {
    type Err = IdError;
    /// `0x` + 64 hex digits (or 64 hex digits alone), or an SS58 address.
    fn from_str(s: &str) -> Result<Self, IdError> {
        let t = s.trim();
        let err = |reason: &str| IdError { input: s.to_owned(), reason: reason.to_owned() };
        let hex = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X"));
        if hex.is_some() || (t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit())) {
            let h = hex.unwrap_or(t);
            if h.len() == 40 {
                return Err(err(
                    "that is a 20-byte EVM address; its id is blake2b-256(\"evm:\" ++ address) (`tao wallet list` shows both)",
                ));
            }
            if h.len() != 64 {
                return Err(err(&format!("{} hex digits, not 64", h.len())));
            }
            let mut out = [0u8; 32];
            alloy_primitives::hex::decode_to_slice(h, &mut out)
                .map_err(|e| err(&format!("bad hex: {e}")))?;
            return Ok(Self(B256::from(out)));
        }
        ss58_decode(t).map(|(id, _)| Self(B256::from(id))).map_err(|r| err(&r))
    }
}

impl serde::Serialize for AccountId {
    /// As `0x` hex.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.to_hex())
    }
}

fn checksum(data: &[u8]) -> [u8; 2] {
    let mut h = Blake2b512::new();
    h.update(b"SS58PRE");
    h.update(data);
    let out = h.finalize();
    [out[0], out[1]]
}

fn prefix_bytes(prefix: u16) -> Vec<u8> {
    if prefix < 64 {
        vec![prefix as u8]
    } else {
        // Full format: 14 bits over two bytes, as Substrate's `to_ss58check_with_version`.
        let lo = ((prefix & 0b1111_1100) >> 2) as u8 | 0b0100_0000;
        let hi = ((prefix >> 8) as u8) | ((prefix & 0b11) << 6) as u8;
        vec![lo, hi]
    }
}

/// SS58 of a 32-byte id with `prefix` (0..16384).
///
/// ```
/// use taochain_sdk::ids::ss58_encode;
/// let alice = alloy_primitives::hex!("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");
/// assert_eq!(ss58_encode(&alice, 42), "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
/// ```
pub fn ss58_encode(id: &[u8; 32], prefix: u16) -> String {
    let mut data = prefix_bytes(prefix & 0x3fff);
    data.extend_from_slice(id);
    let sum = checksum(&data);
    data.extend_from_slice(&sum);
    bs58::encode(data).into_string()
}

/// The 32-byte id and prefix of an SS58 address; `Err` with the reason.
///
/// ```
/// use taochain_sdk::ids::ss58_decode;
/// let (id, prefix) = ss58_decode("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY").unwrap();
/// assert_eq!((id[0], prefix), (0xd4, 42));
/// assert!(ss58_decode("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ").is_err());
/// ```
pub fn ss58_decode(s: &str) -> Result<([u8; 32], u16), String> {
    let data = bs58::decode(s).into_vec().map_err(|e| format!("not base58 ({e})"))?;
    let (prefix, plen) = match data.first() {
        Some(&b) if b < 64 => (u16::from(b), 1),
        Some(&b) if b < 128 => {
            let second = *data.get(1).ok_or("too short")?;
            let lower = (u16::from(b) << 2) | (u16::from(second) >> 6);
            let upper = u16::from(second & 0b0011_1111);
            ((lower & 0xff) | (upper << 8), 2)
        }
        Some(_) => return Err("reserved SS58 prefix".into()),
        None => return Err("empty".into()),
    };
    if data.len() != plen + 32 + 2 {
        return Err(format!("{} bytes decoded, not a 32-byte SS58 account", data.len()));
    }
    let (body, sum) = data.split_at(plen + 32);
    if checksum(body) != sum {
        return Err("SS58 checksum mismatch (a mistyped character?)".into());
    }
    let mut id = [0u8; 32];
    id.copy_from_slice(&body[plen..]);
    Ok((id, prefix))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::{address, b256};

    /// Alice of Substrate's dev keyring: the same id in both forms, as Substrate's tools print
    /// it (`subkey inspect //Alice`).
    const ALICE_HEX: &str = "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d";
    const ALICE_SS58: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

    #[test]
    fn alice_round_trips() {
        let a: AccountId = ALICE_HEX.parse().expect("hex");
        assert_eq!(a.to_ss58(), ALICE_SS58);
        assert_eq!(ALICE_SS58.parse::<AccountId>(), Ok(a));
        assert_eq!(ALICE_HEX.trim_start_matches("0x").parse::<AccountId>(), Ok(a));
        assert_eq!(a.to_string(), ALICE_SS58);
        assert_eq!(serde_json::to_string(&a).ok(), Some(format!("\"{ALICE_HEX}\"")));
    }

    #[test]
    fn other_prefixes_decode_and_round_trip() {
        let id = b256!("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d").0;
        for prefix in [0u16, 2, 42, 63, 64, 255, 1000, 16383] {
            let s = ss58_encode(&id, prefix);
            assert_eq!(ss58_decode(&s), Ok((id, prefix)), "prefix {prefix}");
        }
        // Polkadot's form of Alice (prefix 0), as polkadot.js shows it.
        assert_eq!(ss58_encode(&id, 0), "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5");
    }

    #[test]
    fn refuses_bad_ids_with_reasons() {
        let bad = |s: &str| s.parse::<AccountId>().expect_err(s).reason;
        assert!(bad("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ").contains("checksum"));
        assert!(bad("0x1234").contains("4 hex digits"));
        assert!(bad("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266").contains("EVM address"));
        assert!(bad("0O0").contains("base58"));
        assert!(bad(&format!("0x{}", "zz".repeat(32))).contains("bad hex"));
    }

    #[test]
    fn twin_of_an_address() {
        let id = AccountId::of_address(address!("0000000000000000000000000000000000000805"));
        assert_eq!(
            id.0,
            b256!("f388485910db179a75df29ede3e35327dc12778687f208928d76ee4eda92f2f6"),
            "tao-primitives' vector"
        );
    }
}
