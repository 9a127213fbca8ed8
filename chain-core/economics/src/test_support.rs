//! Shared test configuration.

use proptest::prelude::ProptestConfig;

/// Proptest settings for the economics tests: `cases` cases (overridable with the
/// `PROPTEST_CASES` environment variable) and no regression files written into the tree.
pub(super) fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(cases);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}
