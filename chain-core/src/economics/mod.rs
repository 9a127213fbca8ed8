//! placeholder
pub use substrate_fixed::types::U64F64;
