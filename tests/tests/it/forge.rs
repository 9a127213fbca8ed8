//! Building the Foundry project in `contracts/solidity` and reading its artefacts, shared by the
//! tests that run Solidity contracts (`precompile_suite`, `pool_diff`).
//!
//! `forge build` runs at most once per test binary: the tests of this binary run in parallel
//! threads, and two builds writing the same `out/` at once could hand one of them a half-written
//! artefact.

use alloy_primitives::Bytes;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use taochain_tests::hex_bytes;

/// The repository root.
pub(crate) fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `forge build` of contracts/solidity with the solc of scripts/setup-tools.sh (once per test
/// binary); returns the artefact directory `contracts/solidity/out`.
pub(crate) fn forge_build(root: &Path) -> PathBuf {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| build(root)).clone()
}

fn build(root: &Path) -> PathBuf {
    let tools = std::env::var_os("TAOCHAIN_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join(".tools"))
        .join("bin");
    for tool in ["forge", "solc"] {
        assert!(
            tools.join(tool).exists(),
            "{} missing: run scripts/setup-tools.sh (installs solc 0.8.37 and forge 1.7.1)",
            tools.join(tool).display()
        );
    }
    let project = root.join("contracts/solidity");
    let path = format!("{}:{}", tools.display(), std::env::var("PATH").unwrap_or_default());
    let out = std::process::Command::new(tools.join("forge"))
        .arg("build")
        .current_dir(&project)
        .env("FOUNDRY_SOLC", tools.join("solc"))
        .env("FOUNDRY_OFFLINE", "true")
        .env("PATH", path)
        .output()
        .expect("run forge build");
    assert!(
        out.status.success(),
        "forge build failed in {}:\n{}\n{}",
        project.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    project.join("out")
}

/// The artefact JSON of `contract` in `file` (`out/<file>/<contract>.json`).
pub(crate) fn artefact(out: &Path, file: &str, contract: &str) -> Value {
    let path = out.join(file).join(format!("{contract}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("artefact {}: {e}", path.display()));
    serde_json::from_str(&text).expect("artefact JSON")
}

/// The creation bytecode of `contract` in `file` from the forge artefacts.
pub(crate) fn initcode(out: &Path, file: &str, contract: &str) -> Bytes {
    let code = hex_bytes(&artefact(out, file, contract)["bytecode"]["object"]);
    assert!(code.len() > 100, "{contract} has no bytecode");
    code
}
