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
