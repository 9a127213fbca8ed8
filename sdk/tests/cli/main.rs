//! The `tao` binary against an in-process dev node: every command's happy path and its most
//! common mistake, with exit codes, JSON output and messages checked. Each test starts its own
//! node (automining: each transaction is mined at once) and wallet directory.

// Each test is one scenario, read top to bottom (as in the tests crate).
#![allow(clippy::too_many_lines)]

mod contract;
mod defi;
mod helpers;
mod neuron;
mod quickstart;
mod read;
mod stake;
mod terminal;
mod wallet;
