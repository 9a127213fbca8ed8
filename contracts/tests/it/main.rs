//! The contracts crate's integration tests, one binary: generated interfaces stay in sync with
//! the `sol!` ABIs and compile with solc, and every selector matches the real chain's.

mod interfaces;
mod selectors;
