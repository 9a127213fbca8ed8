//! The state dump format of `anvil_dumpState` / `anvil_loadState`, version 1: a JSON object,
//! sent over RPC as the `0x` hex of its UTF-8 bytes (the opaque hex string viem's
//! `dumpState` / `loadState` pass around).
//!
//! ```json
//! {
//!   "format": "taochain-state-dump",
//!   "version": 1,
//!   "chainId": 31337,
//!   "genesisHash": "0x…",
//!   "head": { "number": 12, "hash": "0x…" },
//!   "tables": { "accounts": [["0x<key>", "0x<value>"], …], "headers": […], … }
//! }
//! ```
//!
//! `tables` holds every table of the node's store (`chain-core/store/src/tables.rs` gives each
//! key and value layout): headers, bodies and receipts of every block, the transaction and
//! block-hash indexes, the latest state with every account's code and storage (the native
//! Bittensor state is storage of the native account 0x…0b00), and the state history, so the
//! loaded node serves the same blocks, receipts and state at every block and continues the
//! chain from the same head. A change of any table layout is a new version.

use alloy_primitives::{B256, Bytes};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use tao_store::StoreDump;

/// The `format` field.
pub const FORMAT: &str = "taochain-state-dump";
/// The version written, the only one read.
pub const VERSION: u32 = 1;

/// Why a dump cannot be loaded (nothing was changed).
#[derive(Debug, thiserror::Error)]
pub enum DumpError {
    /// Not the JSON of a dump.
    #[error("not a taochain state dump: {0}")]
    Json(#[from] serde_json::Error),
    /// Another format or version.
    #[error(
        "unsupported state dump: format {format:?} version {version} (this node reads {FORMAT} version {VERSION})"
    )]
    Version {
        /// The dump's format.
        format: String,
        /// The dump's version.
        version: u32,
    },
    /// Made by a chain with another id or genesis.
    #[error(
        "the dump is of chain {chain_id} with genesis {genesis}; this node runs chain {want_id} with genesis {want_genesis}"
    )]
    OtherChain {
        /// The dump's chain id.
        chain_id: u64,
        /// The dump's genesis hash.
        genesis: B256,
        /// This node's chain id.
        want_id: u64,
        /// This node's genesis hash.
        want_genesis: B256,
    },
    /// The head it names is not the head its tables hold.
    #[error("the dump's head {0} is not the head its tables hold")]
    Head(B256),
}

/// The head block of a dump.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct DumpHead {
    /// Its number.
    pub number: u64,
    /// Its hash.
    pub hash: B256,
}

/// A dump, version 1.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StateDump {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`VERSION`] when written.
    pub version: u32,
    /// The chain id.
    pub chain_id: u64,
    /// The genesis hash.
    pub genesis_hash: B256,
    /// The head at the time of the dump.
    pub head: DumpHead,
    /// Every table: name → (key, value) rows.
    pub tables: BTreeMap<String, Vec<(Bytes, Bytes)>>,
}

impl StateDump {
    /// A dump of `tables`.
    pub fn new(chain_id: u64, genesis_hash: B256, head: DumpHead, tables: StoreDump) -> Self {
        let tables = tables
            .into_iter()
            .map(|(t, rows)| (t, rows.into_iter().map(|(k, v)| (k.into(), v.into())).collect()))
            .collect();
        Self { format: FORMAT.into(), version: VERSION, chain_id, genesis_hash, head, tables }
    }

    /// The bytes sent over RPC.
    pub fn to_bytes(&self) -> Result<Vec<u8>, serde_json::Error> {
        serde_json::to_vec(self)
    }

    /// Reads a dump of this chain (`chain_id`, `genesis`); its tables are checked by the
    /// store when loaded.
    pub fn from_bytes(b: &[u8], chain_id: u64, genesis: B256) -> Result<Self, DumpError> {
        let d: Self = serde_json::from_slice(b)?;
        if d.format != FORMAT || d.version != VERSION {
            return Err(DumpError::Version { format: d.format, version: d.version });
        }
        if d.chain_id != chain_id || d.genesis_hash != genesis {
            return Err(DumpError::OtherChain {
                chain_id: d.chain_id,
                genesis: d.genesis_hash,
                want_id: chain_id,
                want_genesis: genesis,
            });
        }
        d.check_head()?;
        Ok(d)
    }

    /// The head named in the dump is the one its tables hold.
    fn check_head(&self) -> Result<(), DumpError> {
        let row = |table: &str, key: &[u8]| {
            self.tables.get(table)?.iter().find(|(k, _)| k.as_ref() == key).map(|(_, v)| v.clone())
        };
        let number = row("meta", b"head").map(|v| v.to_vec());
        let hash = row("hash_by_number", &self.head.number.to_be_bytes()).map(|v| v.to_vec());
        if number.as_deref() != Some(&self.head.number.to_be_bytes()[..])
            || hash.as_deref() != Some(self.head.hash.as_slice())
        {
            return Err(DumpError::Head(self.head.hash));
        }
        Ok(())
    }

    /// The store rows.
    pub fn store_rows(&self) -> StoreDump {
        self.tables
            .iter()
            .map(|(t, rows)| {
                (t.clone(), rows.iter().map(|(k, v)| (k.to_vec(), v.to_vec())).collect())
            })
            .collect()
    }
}
