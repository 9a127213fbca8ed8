//! contracts-build: compiles taochain's deployable Solidity contracts and owns the artefacts
//! checked in under `contracts/artifacts/`.
//!
//! The sources are every `.sol` file under `contracts/solidity/src/` except `src/suite/` (the
//! precompile suite is a test fixture that `forge build` compiles), plus the precompile
//! interfaces in `contracts/interfaces/` (imported as `interfaces/I*.sol`). They are handed to
//! the local solc as one standard-JSON input with their contents, so the result does not depend
//! on the file system or on a cache, through foundry-compilers' [`Solc`] driver with
//! `default-features = false` (no compiler download is possible).
//!
//! The settings are the Foundry project's (`contracts/solidity/foundry.toml`): optimizer on
//! with 200 runs, EVM version Prague, no metadata hash and no CBOR metadata, so the bytecode is
//! the same bytes `forge build` produces and depends only on the sources.
//!
//! Each contract with code becomes `contracts/artifacts/<Name>.json`: `contractName`,
//! `sourceName`, `compiler`, `abi`, `bytecode` (creation code), `deployedBytecode` and
//! `storageLayout`. The contracts crate embeds them; [`check`] recompiles and reports every
//! artefact that differs, is missing or is stale.

use foundry_compilers::solc::Solc;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Errors of the artefact build.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// solc is not where it was looked for.
    #[error(
        "solc not found at {0} (run `bash scripts/setup-tools.sh`, or set SOLC_PATH to a solc 0.8.37)"
    )]
    SolcMissing(PathBuf),
    /// The compiler driver failed (start-up, version, I/O or output format).
    #[error("solc: {0}")]
    Solc(String),
    /// solc reported errors.
    #[error("solc reported errors:\n{0}")]
    Compile(String),
    /// The compiler output lacks a field the artefacts need.
    #[error("solc output has no {0}")]
    Output(String),
}

/// The solc version the checked-in artefacts are built with (spec/toolchain.md).
pub const SOLC_VERSION: &str = "0.8.37";

/// Paths of the repository the build reads and writes.
#[derive(Debug, Clone)]
pub struct Paths {
    /// `contracts/solidity/src`.
    pub sources: PathBuf,
    /// `contracts/interfaces`.
    pub interfaces: PathBuf,
    /// `contracts/artifacts`.
    pub artifacts: PathBuf,
    /// The solc binary.
    pub solc: PathBuf,
}

impl Paths {
    /// The paths of the repository whose root is `root`; solc from `SOLC_PATH` or
    /// `<root>/.tools/bin/solc`.
    pub fn of_repo(root: &Path) -> Self {
        let solc = std::env::var_os("SOLC_PATH")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join(".tools/bin/solc"));
        Paths {
            sources: root.join("contracts/solidity/src"),
            interfaces: root.join("contracts/interfaces"),
            artifacts: root.join("contracts/artifacts"),
            solc,
        }
    }

    /// The repository this crate was built from.
    pub fn of_this_repo() -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        Self::of_repo(&root)
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BuildError + '_ {
    move |source| BuildError::Io { path: path.to_path_buf(), source }
}

/// Every `.sol` file under `dir` (recursively), keyed by `<prefix>/<relative path>`.
fn collect(
    dir: &Path,
    prefix: &str,
    skip: &[&str],
    out: &mut BTreeMap<String, String>,
) -> Result<(), BuildError> {
    let mut entries: Vec<_> =
        std::fs::read_dir(dir).map_err(io(dir))?.collect::<Result<_, _>>().map_err(io(dir))?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        let key = format!("{prefix}/{name}");
        if path.is_dir() {
            if !skip.contains(&key.as_str()) {
                collect(&path, &key, skip, out)?;
            }
        } else if name.ends_with(".sol") {
            let text = std::fs::read_to_string(&path).map_err(io(&path))?;
            out.insert(key, text);
        }
    }
    Ok(())
}

/// The standard-JSON input: every source by content, the Foundry project's settings.
pub fn standard_json(paths: &Paths) -> Result<Value, BuildError> {
    let mut files = BTreeMap::new();
    collect(&paths.sources, "src", &["src/suite"], &mut files)?;
    collect(&paths.interfaces, "interfaces", &[], &mut files)?;
    let sources: Map<String, Value> =
        files.into_iter().map(|(k, v)| (k, json!({ "content": v }))).collect();
    Ok(json!({
        "language": "Solidity",
        "sources": sources,
        "settings": {
            "optimizer": { "enabled": true, "runs": 200 },
            "evmVersion": "prague",
            "metadata": { "bytecodeHash": "none", "appendCBOR": false },
            "outputSelection": {
                "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object", "storageLayout"] }
            }
        }
    }))
}

/// Compile and return the artefacts, keyed by file name (`<Name>.json`), as pretty JSON text.
pub fn compile(paths: &Paths) -> Result<BTreeMap<String, String>, BuildError> {
    if !paths.solc.exists() {
        return Err(BuildError::SolcMissing(paths.solc.clone()));
    }
    let solc = Solc::new(&paths.solc).map_err(|e| BuildError::Solc(e.to_string()))?;
    let input = standard_json(paths)?;
    let raw = solc.compile_output(&input).map_err(|e| BuildError::Solc(e.to_string()))?;
    let output: Value =
        serde_json::from_slice(&raw).map_err(|e| BuildError::Solc(format!("output: {e}")))?;
    let errors: Vec<String> = output["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["severity"] == "error")
        .map(|e| e["formattedMessage"].as_str().unwrap_or("(no message)").to_string())
        .collect();
    if !errors.is_empty() {
        return Err(BuildError::Compile(errors.join("\n")));
    }
    let contracts =
        output["contracts"].as_object().ok_or_else(|| BuildError::Output("contracts".into()))?;
    let mut artifacts = BTreeMap::new();
    for (source, by_name) in contracts {
        if !source.starts_with("src/") {
            continue;
        }
        let Some(by_name) = by_name.as_object() else { continue };
        for (name, c) in by_name {
            let bytecode = c["evm"]["bytecode"]["object"].as_str().unwrap_or_default();
            if bytecode.is_empty() {
                continue; // interfaces and abstract contracts
            }
            let artifact = json!({
                "contractName": name,
                "sourceName": source,
                "compiler": SOLC_VERSION,
                "abi": c["abi"],
                "bytecode": format!("0x{bytecode}"),
                "deployedBytecode":
                    format!("0x{}", c["evm"]["deployedBytecode"]["object"].as_str().unwrap_or_default()),
                "storageLayout": stable_layout(&c["storageLayout"]),
            });
            let mut text = serde_json::to_string_pretty(&artifact)
                .map_err(|e| BuildError::Output(e.to_string()))?;
            text.push('\n');
            artifacts.insert(format!("{name}.json"), text);
        }
    }
    Ok(artifacts)
}

/// solc's storage layout without its AST ids (`astId`, and the id in type names such as
/// `t_struct(Pool)5279_storage`), which change whenever any other source is added or edited;
/// slots, offsets, labels and types stay.
pub fn stable_layout(layout: &Value) -> Value {
    fn strip_ids(name: &str) -> String {
        // `...)1234_storage` / `...)1234` -> `...)_storage` / `...)`
        let mut out = String::with_capacity(name.len());
        let mut chars = name.chars().peekable();
        while let Some(c) = chars.next() {
            out.push(c);
            if c == ')' {
                while chars.peek().is_some_and(char::is_ascii_digit) {
                    chars.next();
                }
            }
        }
        out
    }
    match layout {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| k.as_str() != "astId")
                .map(|(k, v)| (strip_ids(k), stable_layout(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(stable_layout).collect()),
        Value::String(s) => Value::String(strip_ids(s)),
        other => other.clone(),
    }
}

/// The checked-in artefacts, by file name.
pub fn checked_in(paths: &Paths) -> Result<BTreeMap<String, String>, BuildError> {
    let mut out = BTreeMap::new();
    if !paths.artifacts.exists() {
        return Ok(out);
    }
    for e in std::fs::read_dir(&paths.artifacts).map_err(io(&paths.artifacts))? {
        let e = e.map_err(io(&paths.artifacts))?;
        let name = e.file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") {
            let p = e.path();
            out.insert(name, std::fs::read_to_string(&p).map_err(io(&p))?);
        }
    }
    Ok(out)
}

/// One difference between the sources and the checked-in artefacts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    /// Compiled but not checked in.
    Missing(String),
    /// Checked in but no longer produced by the sources.
    Stale(String),
    /// Checked in with other contents than the sources produce.
    Differs(String),
}

impl std::fmt::Display for Drift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Drift::Missing(n) => write!(f, "{n}: compiled from the sources but not checked in"),
            Drift::Stale(n) => write!(f, "{n}: checked in but no source produces it"),
            Drift::Differs(n) => write!(f, "{n}: differs from what the sources compile to"),
        }
    }
}

/// Recompile and compare with the checked-in artefacts; empty when they match.
pub fn check(paths: &Paths) -> Result<Vec<Drift>, BuildError> {
    let fresh = compile(paths)?;
    let old = checked_in(paths)?;
    let mut drift = Vec::new();
    for (name, text) in &fresh {
        match old.get(name) {
            None => drift.push(Drift::Missing(name.clone())),
            Some(t) if t != text => drift.push(Drift::Differs(name.clone())),
            Some(_) => {}
        }
    }
    drift.extend(old.keys().filter(|n| !fresh.contains_key(*n)).cloned().map(Drift::Stale));
    Ok(drift)
}

/// Recompile and write the artefacts, removing stale ones; returns the names written.
pub fn write(paths: &Paths) -> Result<Vec<String>, BuildError> {
    let fresh = compile(paths)?;
    std::fs::create_dir_all(&paths.artifacts).map_err(io(&paths.artifacts))?;
    for name in checked_in(paths)?.keys().filter(|n| !fresh.contains_key(*n)) {
        let p = paths.artifacts.join(name);
        std::fs::remove_file(&p).map_err(io(&p))?;
    }
    for (name, text) in &fresh {
        let p = paths.artifacts.join(name);
        std::fs::write(&p, text).map_err(io(&p))?;
    }
    Ok(fresh.into_keys().collect())
}
