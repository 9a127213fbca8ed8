//! The compiled Solidity contracts of `contracts/solidity/src/` (everything but the precompile
//! suite), embedded from the artefacts checked in under `contracts/artifacts/`.
//!
//! `cargo run -p contracts-build` writes the artefacts with the local solc (settings of
//! `contracts/solidity/foundry.toml`: the same bytes `forge build` produces); its test
//! recompiles and fails when a source changed and its artefact was not rewritten. Each
//! artefact holds the contract's ABI, creation code, runtime code and storage layout.

use alloy_json_abi::JsonAbi;
use alloy_primitives::Bytes;

/// One compiled contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Artifact {
    /// The contract's name.
    pub name: &'static str,
    /// The artefact file's text (`contracts/artifacts/<name>.json`).
    pub json: &'static str,
}

/// An artefact that does not have the expected shape (a defect of the checked-in file).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("artefact {name}: {what}")]
pub struct ArtifactError {
    /// The contract.
    pub name: &'static str,
    /// What is wrong.
    pub what: String,
}

impl Artifact {
    fn field(&self, key: &str) -> Result<serde_json::Value, ArtifactError> {
        let v: serde_json::Value = serde_json::from_str(self.json)
            .map_err(|e| ArtifactError { name: self.name, what: e.to_string() })?;
        v.get(key)
            .cloned()
            .ok_or_else(|| ArtifactError { name: self.name, what: format!("no `{key}`") })
    }

    fn code(&self, key: &str) -> Result<Bytes, ArtifactError> {
        let v = self.field(key)?;
        let hex = v.as_str().ok_or_else(|| ArtifactError {
            name: self.name,
            what: format!("`{key}` is not a string"),
        })?;
        hex.parse().map_err(|e| ArtifactError { name: self.name, what: format!("`{key}`: {e}") })
    }

    /// The creation code (constructor arguments are appended to it, ABI-encoded).
    pub fn bytecode(&self) -> Result<Bytes, ArtifactError> {
        self.code("bytecode")
    }

    /// The runtime code a deployment leaves.
    pub fn deployed_bytecode(&self) -> Result<Bytes, ArtifactError> {
        self.code("deployedBytecode")
    }

    /// The contract's JSON ABI.
    pub fn abi(&self) -> Result<JsonAbi, ArtifactError> {
        serde_json::from_value(self.field("abi")?)
            .map_err(|e| ArtifactError { name: self.name, what: format!("abi: {e}") })
    }

    /// solc's storage layout (slots, offsets and types of the state variables).
    pub fn storage_layout(&self) -> Result<serde_json::Value, ArtifactError> {
        self.field("storageLayout")
    }
}

macro_rules! artifacts {
    ($($(#[$doc:meta])* $id:ident = $name:literal;)*) => {
        $(
            $(#[$doc])*
            pub const $id: Artifact =
                Artifact { name: $name, json: include_str!(concat!("../artifacts/", $name, ".json")) };
        )*
        /// Every artefact, in name order.
        pub const ALL: &[Artifact] = &[$($id),*];
    };
}

artifacts! {
    /// `src/lending/AlphaLendingMarket.sol`: the reference lending market on alpha.
    ALPHA_LENDING_MARKET = "AlphaLendingMarket";
    /// `src/pool/AlphaPools.sol`: the dTAO pools of every subnet.
    ALPHA_POOLS = "AlphaPools";
    /// `src/gpu/ComputeCollateral.sol`: one compute subnet's miner collateral (slashable by
    /// validators with a permit, reclaimable after a delay).
    COMPUTE_COLLATERAL = "ComputeCollateral";
    /// `src/vault/DelegationVault.sol`: one validator's ERC-4626 delegation vault.
    DELEGATION_VAULT = "DelegationVault";
    /// `src/vault/DelegationVaultFactory.sol`: opens delegation vaults.
    DELEGATION_VAULT_FACTORY = "DelegationVaultFactory";
    /// `src/token/WTAO.sol`: wrapped TAO (WETH9).
    WTAO = "WTAO";
    /// `src/alpha/WrappedAlpha.sol`: one (hotkey, netuid)'s wrapped alpha.
    WRAPPED_ALPHA = "WrappedAlpha";
    /// `src/alpha/WrappedAlphaFactory.sol`: creates wrapped-alpha tokens.
    WRAPPED_ALPHA_FACTORY = "WrappedAlphaFactory";
}
