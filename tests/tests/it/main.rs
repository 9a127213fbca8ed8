//! The scenario tests, one binary: each module starts in-process dev nodes and drives them
//! over JSON-RPC (and, for `clients`, with Foundry, ethers and viem).

// Scenario tests read top to bottom as one story; the 100-line limit is for production code.
#![allow(clippy::too_many_lines)]

mod bad_input;
mod clients;
mod dashboard;
mod dump_state;
mod e2e_children;
mod e2e_dissolve;
mod e2e_root_claims;
mod e2e_subnet;
mod forge;
mod foundry_mocks;
mod fuzz;
mod ink_engine;
mod ink_suite;
mod ots;
mod poa;
mod pool_diff;
mod pool_diff_ink;
mod precompile_suite;
mod predeploys;
mod robustness;
mod rpc;
mod schema;
mod tao_dev;
mod twins;
mod vault_diff;
mod wasm_bridge;
