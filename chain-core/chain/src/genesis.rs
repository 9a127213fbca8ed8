//! Genesis: the chain's configuration and initial state, read from a JSON file, or built in
//! memory for `--dev` with the ten well-known Foundry/anvil development accounts.

use crate::state::{AccountInfo, MemoryState};
use alloy_primitives::{Address, B256, Bytes, U256, keccak256};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The chain id `--dev` uses: the one Foundry, Hardhat and viem's `foundry` chain expect.
pub const DEV_CHAIN_ID: u64 = 31337;
/// Default block gas limit.
pub const DEFAULT_GAS_LIMIT: u64 = 30_000_000;
/// Default base-fee floor in wei (1 gwei = 1 RAO).
pub const DEFAULT_BASE_FEE_FLOOR: u64 = 1_000_000_000;
/// Default PoA block time in seconds.
pub const DEFAULT_BLOCK_TIME_SECS: u64 = 12;
/// Each dev account's balance: 10,000 TAO in wei.
pub const DEV_BALANCE_TAO: u64 = 10_000;

/// The ten accounts of the "test test test test test test test test test test test junk"
/// mnemonic (BIP-44 m/44'/60'/0'/0/i), as Foundry's anvil and Hardhat print them.
pub const DEV_ACCOUNTS: [(&str, &str); 10] = [
    (
        "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
        "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    ),
    (
        "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
        "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
    ),
    (
        "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
        "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
    ),
    (
        "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
        "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
    ),
    (
        "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
        "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
    ),
    (
        "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc",
        "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
    ),
    (
        "0x976EA74026E726554dB657fA54763abd0C3a0aa9",
        "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
    ),
    (
        "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955",
        "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
    ),
    (
        "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f",
        "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
    ),
    (
        "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720",
        "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
    ),
];

/// The `--dev` authority's private key: keccak256("taochain dev authority"). Public by design;
/// never use it outside a development chain.
pub fn dev_authority_key() -> B256 {
    keccak256(b"taochain dev authority")
}

/// Errors reading a genesis file.
#[derive(Debug, thiserror::Error)]
pub enum GenesisError {
    /// The file could not be read.
    #[error("reading genesis {path}: {source}")]
    Io {
        /// Path given.
        path: String,
        /// Cause.
        source: std::io::Error,
    },
    /// The JSON is malformed or has unknown fields.
    #[error("parsing genesis: {0}")]
    Json(#[from] serde_json::Error),
    /// `chain_id` is zero.
    #[error("invalid genesis: chain_id must be non-zero")]
    ZeroChainId,
    /// No authority can seal blocks.
    #[error("invalid genesis: at least one authority is required")]
    NoAuthorities,
    /// The block gas limit cannot hold one transfer.
    #[error("invalid genesis: gas_limit must be at least 21000, got {gas_limit}")]
    GasLimitTooLow {
        /// The configured limit.
        gas_limit: u64,
    },
    /// The base fee could never rise from zero.
    #[error("invalid genesis: base_fee_floor must be non-zero")]
    ZeroBaseFeeFloor,
}

/// One prefunded or predeployed account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisAccount {
    /// Balance in wei (decimal or 0x-hex string, or a JSON number).
    #[serde(default)]
    pub balance: U256,
    /// Nonce.
    #[serde(default)]
    pub nonce: u64,
    /// Code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<Bytes>,
    /// Storage slots.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub storage: BTreeMap<U256, U256>,
}

/// The genesis file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Genesis {
    /// EIP-155 chain id.
    pub chain_id: u64,
    /// PoA authorities, in slot order.
    pub authorities: Vec<Address>,
    /// Slot length in seconds.
    #[serde(default = "default_block_time")]
    pub block_time_secs: u64,
    /// Block gas limit.
    #[serde(default = "default_gas_limit")]
    pub gas_limit: u64,
    /// The lowest base fee, in wei.
    #[serde(default = "default_base_fee_floor")]
    pub base_fee_floor: u64,
    /// Genesis block timestamp (seconds).
    #[serde(default)]
    pub timestamp: u64,
    /// Text placed in the genesis block's extra data.
    #[serde(default)]
    pub extra_data: Bytes,
    /// Initial accounts.
    #[serde(default)]
    pub alloc: BTreeMap<Address, GenesisAccount>,
    /// Parameters of the native Bittensor modules.
    #[serde(default)]
    pub native: NativeGenesis,
    /// Whether the genesis holds the predeployed contracts (WTAO, the wrapped-alpha and
    /// delegation-vault factories, the lending market; `tao_contracts` lists them). Default:
    /// yes.
    #[serde(default = "default_predeploys")]
    pub predeploys: bool,
}

fn default_predeploys() -> bool {
    true
}

pub use tao_primitives::{NativeProfile, PoolEngineChoice, SubnetStartup};

/// Native module settings in the genesis file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NativeGenesis {
    /// Parameter set.
    #[serde(default)]
    pub profile: NativeProfile,
    /// How new subnets start, overriding the profile's choice (`"mainnet"`: the real chain's
    /// `start_call`; `"dev"`: at once). A dev chain with `"mainnet"` shows a young subnet's
    /// real price path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subnet_startup: Option<SubnetStartup>,
    /// The account allowed the real chain's root-only calls (the 0x0a01 `ISubnetControl`
    /// root functions, such as enabling a subnet's TAO emission); none: nobody.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root: Option<Address>,
    /// Which engine holds the subnet pools: `"solidity"` (the `AlphaPools` contract, the
    /// default) or `"native"`.
    #[serde(default)]
    pub pool_engine: PoolEngineChoice,
    /// `SubnetLimit`, overriding the profile's 128: subnets besides root; a registration at
    /// the limit dissolves the cheapest non-immune subnet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subnet_limit: Option<u16>,
    /// `NetworkImmunityPeriod` in blocks, overriding the profile's 1,296,000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_immunity_period: Option<u64>,
}

fn default_block_time() -> u64 {
    DEFAULT_BLOCK_TIME_SECS
}
fn default_gas_limit() -> u64 {
    DEFAULT_GAS_LIMIT
}
fn default_base_fee_floor() -> u64 {
    DEFAULT_BASE_FEE_FLOOR
}

impl Genesis {
    /// Parse and validate a genesis JSON document.
    pub fn from_json(s: &str) -> Result<Self, GenesisError> {
        let g: Genesis = serde_json::from_str(s)?;
        g.validate()?;
        Ok(g)
    }

    /// Read, parse and validate a genesis file.
    pub fn from_file(path: &std::path::Path) -> Result<Self, GenesisError> {
        let s = std::fs::read_to_string(path)
            .map_err(|source| GenesisError::Io { path: path.display().to_string(), source })?;
        Self::from_json(&s)
    }

    /// Check the rules every genesis must satisfy.
    pub fn validate(&self) -> Result<(), GenesisError> {
        if self.chain_id == 0 {
            return Err(GenesisError::ZeroChainId);
        }
        if self.authorities.is_empty() {
            return Err(GenesisError::NoAuthorities);
        }
        if self.gas_limit < 21_000 {
            return Err(GenesisError::GasLimitTooLow { gas_limit: self.gas_limit });
        }
        if self.base_fee_floor == 0 {
            return Err(GenesisError::ZeroBaseFeeFloor);
        }
        Ok(())
    }

    /// The `--dev` genesis: chain id 31337, the dev authority, and the ten anvil accounts
    /// with 10,000 TAO each.
    pub fn dev() -> Self {
        let authority = crate::poa::address_of_key(&dev_authority_key())
            .expect("the constant dev authority key is a valid secp256k1 key");
        let balance = tao_primitives::Rao::from_tao(DEV_BALANCE_TAO).to_wei();
        let alloc = DEV_ACCOUNTS
            .iter()
            .map(|(a, _)| {
                let addr: Address = a.parse().expect("constant dev address parses");
                (addr, GenesisAccount { balance, ..Default::default() })
            })
            .collect();
        Genesis {
            chain_id: DEV_CHAIN_ID,
            authorities: vec![authority],
            block_time_secs: 1,
            gas_limit: DEFAULT_GAS_LIMIT,
            base_fee_floor: DEFAULT_BASE_FEE_FLOOR,
            timestamp: 0,
            extra_data: Bytes::from_static(b"taochain dev"),
            alloc,
            native: NativeGenesis {
                profile: NativeProfile::Dev,
                subnet_startup: None,
                // Dev account 0 acts as root.
                root: DEV_ACCOUNTS[0].0.parse().ok(),
                pool_engine: PoolEngineChoice::Solidity,
                subnet_limit: None,
                network_immunity_period: None,
            },
            predeploys: true,
        }
    }

    /// Total TAO issued at genesis: the sum of every allocated balance, wei.
    pub fn issuance_wei(&self) -> U256 {
        self.alloc.values().fold(U256::ZERO, |acc, a| acc.saturating_add(a.balance))
    }

    /// The initial world state.
    pub fn state(&self) -> MemoryState {
        let mut s = MemoryState::default();
        for (addr, acc) in &self.alloc {
            let code_hash = match &acc.code {
                Some(code) if !code.is_empty() => {
                    let h = keccak256(code);
                    s.codes.insert(h, code.clone());
                    h
                }
                _ => alloy_primitives::KECCAK256_EMPTY,
            };
            s.accounts
                .insert(*addr, AccountInfo { nonce: acc.nonce, balance: acc.balance, code_hash });
            for (k, v) in &acc.storage {
                if !v.is_zero() {
                    s.storage.insert((*addr, *k), *v);
                }
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dev_keys_match_dev_addresses() {
        for (addr, key) in DEV_ACCOUNTS {
            let key: B256 = key.parse().unwrap();
            let addr: Address = addr.parse().unwrap();
            assert_eq!(crate::poa::address_of_key(&key).unwrap(), addr);
        }
    }

    #[test]
    fn dev_genesis_funds_ten_accounts() {
        let g = Genesis::dev();
        g.validate().unwrap();
        assert_eq!(g.alloc.len(), 10);
        let s = g.state();
        let acc = s.accounts.values().next().unwrap();
        assert_eq!(acc.balance, U256::from(10_000u64) * U256::from(10u64).pow(U256::from(18)));
    }

    #[test]
    fn file_format_parses_and_rejects_bad_input() {
        let json = r#"{"chain_id": 945, "authorities": ["0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"],
            "block_time_secs": 6, "alloc": {"0x70997970C51812dc3A010C7d01b50e0d17dc79C8": {"balance": "0xde0b6b3a7640000"}}}"#;
        let g = Genesis::from_json(json).unwrap();
        assert_eq!(g.chain_id, 945);
        assert_eq!(g.gas_limit, DEFAULT_GAS_LIMIT);
        assert_eq!(g.state().accounts.len(), 1);
        assert!(Genesis::from_json(r#"{"chain_id": 1, "authorities": []}"#).is_err());
        assert!(Genesis::from_json(r#"{"chain_id": 1, "authorities": [], "bogus": 1}"#).is_err());
        assert!(Genesis::from_json("{").is_err());
    }
}
