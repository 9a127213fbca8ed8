//! The genesis profile of the native Bittensor modules.

use serde::{Deserialize, Serialize};

/// Which parameter set the native modules start with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NativeProfile {
    /// The real chain's code defaults (tempo 360, 1,000 TAO minimum lock, new subnets' moving
    /// price starts at 0).
    #[default]
    Mainnet,
    /// A chain to try things on: tempo 10, 100 TAO lock floor, no registration rate limits, and
    /// new subnets earn at once.
    Dev,
}

/// How new subnets start (the real chain's `start_call` or the dev fast start); see
/// `tao_runtime::startup`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SubnetStartup {
    /// As on the real chain: `start_call` opens staking and emission, TAO emission waits for
    /// root, the moving price starts at 0.
    Mainnet,
    /// Emission and staking from the block after registration, moving price from the spot.
    Dev,
}

impl NativeProfile {
    /// The start-up of new subnets under this profile.
    pub fn subnet_startup(self) -> SubnetStartup {
        match self {
            NativeProfile::Mainnet => SubnetStartup::Mainnet,
            NativeProfile::Dev => SubnetStartup::Dev,
        }
    }
}

/// Which pool engine holds the subnet pools (`native.pool_engine` in the genesis).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PoolEngineChoice {
    /// The `AlphaPools` Solidity contract, run by the EVM in the same state (the default).
    #[default]
    Solidity,
    /// Native slots of the system account, no contract code.
    Native,
    /// The ink! pool contract (`contracts/ink/pool`), run by the wasm host in the same state.
    Ink,
}
