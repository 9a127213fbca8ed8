//! Plain request and response types of the API that alloy does not already provide.

use alloy_primitives::{B256, U64};
use alloy_rpc_types_eth::Log;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// A quantity as the dev methods accept it: a `0x` hex string, a decimal string or a JSON
/// number (hardhat, anvil and their users send all three). Serialised as `0x` hex.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct DevQuantity(pub u64);

impl From<u64> for DevQuantity {
    fn from(v: u64) -> Self {
        Self(v)
    }
}

impl Serialize for DevQuantity {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{:#x}", self.0))
    }
}

struct QuantityVisitor;

impl Visitor<'_> for QuantityVisitor {
    type Value = DevQuantity;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a quantity")
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<DevQuantity, E> {
        Ok(DevQuantity(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<DevQuantity, E> {
        u64::try_from(v).map(DevQuantity).map_err(|_| E::custom("expected a non-negative integer"))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<DevQuantity, E> {
        Err(E::custom("expected a non-negative integer"))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<DevQuantity, E> {
        let s = s.trim();
        match s.strip_prefix("0x") {
            Some(h) => u64::from_str_radix(h, 16).map_err(|_| E::custom("invalid hex quantity")),
            None => s.parse().map_err(|_| E::custom("invalid quantity")),
        }
        .map(DevQuantity)
    }
}

impl<'de> Deserialize<'de> for DevQuantity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(QuantityVisitor)
    }
}

/// The optional argument of `evm_mine`: a timestamp for the block, given alone or as
/// `{ "timestamp": .. }` (ethers / hardhat style).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MineOptions {
    /// Timestamp of the mined block.
    pub timestamp: Option<DevQuantity>,
}

impl Serialize for MineOptions {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Obj {
            #[serde(skip_serializing_if = "Option::is_none")]
            timestamp: Option<DevQuantity>,
        }
        Obj { timestamp: self.timestamp }.serialize(s)
    }
}

impl<'de> Deserialize<'de> for MineOptions {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::Object(o) => {
                let timestamp = match o.get("timestamp") {
                    Some(v) => Some(DevQuantity::deserialize(v).map_err(de::Error::custom)?),
                    None => None,
                };
                Ok(Self { timestamp })
            }
            v => Ok(Self {
                timestamp: Some(DevQuantity::deserialize(v).map_err(de::Error::custom)?),
            }),
        }
    }
}

/// `txpool_status`: counts of ready (`pending`) and future-nonce (`queued`) transactions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TxpoolStatus {
    /// Transactions that can go into the next block.
    pub pending: U64,
    /// Transactions waiting for an earlier nonce.
    pub queued: U64,
}

/// What `eth_getFilterChanges` returns: new logs for a log filter, new block hashes for a
/// block filter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FilterChanges {
    /// New block hashes (block filter).
    Hashes(Vec<B256>),
    /// New matching logs (log filter).
    Logs(Vec<Log>),
}

/// `anvil_nodeInfo`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeInfo {
    /// Head number.
    pub current_block_number: u64,
    /// Head timestamp.
    pub current_block_timestamp: u64,
    /// Head hash.
    pub current_block_hash: B256,
    /// Chain id.
    pub chain_id: u64,
    /// EVM rules (`osaka`).
    pub hard_fork: String,
    /// Network name (`taochain`).
    pub network: String,
    /// Block environment of the next block.
    pub environment: NodeEnvironment,
}

/// The `environment` member of [`NodeInfo`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeEnvironment {
    /// Base fee of the next block (wei).
    pub base_fee: u64,
    /// Chain id.
    pub chain_id: u64,
    /// Block gas limit.
    pub gas_limit: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dev_quantities_in_every_form() {
        let q = |s: &str| serde_json::from_str::<DevQuantity>(s).map(|q| q.0);
        assert_eq!(q("5").unwrap(), 5);
        assert_eq!(q("\"0x10\"").unwrap(), 16);
        assert_eq!(q("\"12\"").unwrap(), 12);
        assert!(q("-1").is_err());
        assert!(q("\"0xzz\"").is_err());
        assert!(q("true").is_err());
        let m = |s: &str| serde_json::from_str::<MineOptions>(s).map(|m| m.timestamp.map(|t| t.0));
        assert_eq!(m("{\"timestamp\": 7}").unwrap(), Some(7));
        assert_eq!(m("{}").unwrap(), None);
        assert_eq!(m("\"0x7\"").unwrap(), Some(7));
        assert_eq!(serde_json::to_string(&DevQuantity(255)).unwrap(), "\"0xff\"");
    }
}

/// A block as Otterscan and Erigon's `ots_` methods accept it: a JSON number (what Otterscan
/// sends), a `0x` hex or decimal string, or a tag (`latest`, `earliest`...). Serialised as
/// alloy's `BlockNumberOrTag`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OtsBlockNumber(pub alloy_eips::BlockNumberOrTag);

impl From<u64> for OtsBlockNumber {
    fn from(n: u64) -> Self {
        Self(alloy_eips::BlockNumberOrTag::Number(n))
    }
}

impl Serialize for OtsBlockNumber {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for OtsBlockNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(u64),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Number(n) => Ok(n.into()),
            Raw::Text(s) => match s.parse::<u64>() {
                Ok(n) => Ok(n.into()),
                Err(_) => s
                    .parse()
                    .map(Self)
                    .map_err(|_| de::Error::custom(format!("invalid block number or tag: {s:?}"))),
            },
        }
    }
}
