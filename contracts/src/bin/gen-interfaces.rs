//! `gen-interfaces`: regenerates `contracts/interfaces/` (a Solidity interface and an ABI JSON
//! per precompile) from the `sol!` declarations in the contracts crate.
//!
//! Usage: `cargo run -p contracts --bin gen-interfaces [DIR]` (default: the crate's
//! `interfaces/` directory).

use std::{path::PathBuf, process::ExitCode};

fn main() -> ExitCode {
    let dir =
        std::env::args_os().nth(1).map_or_else(contracts::render::interfaces_dir, PathBuf::from);
    match contracts::render::write_files(&dir) {
        Ok(written) => {
            for path in &written {
                eprintln!("wrote {}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("gen-interfaces: {err}");
            ExitCode::FAILURE
        }
    }
}
