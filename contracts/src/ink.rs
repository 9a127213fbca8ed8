//! The ink! contracts the node runs itself, embedded as built by `scripts/build-ink.sh`.
//!
//! `artifacts/ink/pool.wasm` is the ink! pool (`contracts/ink/pool`), the code of the
//! `pool_engine = "ink"` engine. Builds are byte-reproducible; a test in the `tests` crate
//! (`checked_in_ink_pool_is_the_fresh_build`) fails when a fresh build differs from this copy.

/// The ink! pool's wasm code.
pub const POOL_WASM: &[u8] = include_bytes!("../artifacts/ink/pool.wasm");
