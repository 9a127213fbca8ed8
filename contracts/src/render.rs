//! Renders the checked-in interface files from the `sol!` declarations.
//!
//! For each [`Interface`], two files under `contracts/interfaces/`:
//! - `<Name>.sol`: a Solidity source with the precompile's address as a file-level constant
//!   (`ISTAKING_ADDRESS`) and the interface: its structs declared inside it, then its events
//!   (by name, `indexed` where declared), then every function `external` with its state
//!   mutability and returns. It is rendered from the interface's [`JsonAbi`], so compiling it
//!   with solc gives back the same ABI, events included.
//! - `<Name>.json`: the JSON ABI, pretty-printed.
//!
//! [`write_files`] (run by `cargo run -p contracts --bin gen-interfaces`) writes them; the
//! `interfaces_are_up_to_date` test compares [`files`] with the checked-in copies.

use std::{
    collections::BTreeMap,
    fmt::{self, Write as _},
    fs, io,
    path::{Path, PathBuf},
};

use alloy_json_abi::{Event, EventParam, Function, InternalType, JsonAbi, Param, StateMutability};

use crate::{INTERFACES, Interface};

/// The command that regenerates the checked-in interface files.
pub const GENERATOR_COMMAND: &str = "cargo run -p contracts --bin gen-interfaces";

/// Longest rendered Solidity line before a function's parameters go one per line.
const MAX_LINE: usize = 100;

/// Why the interface files could not be rendered or written.
#[derive(Debug)]
pub enum GenerateError {
    /// A tuple parameter has no struct `internalType`, so it has no Solidity name.
    AnonymousTuple {
        /// The interface.
        interface: String,
        /// The function.
        function: String,
    },
    /// Two different structs share a name.
    ConflictingStruct {
        /// The interface.
        interface: String,
        /// The struct name.
        name: String,
    },
    /// A struct is not qualified with the interface's own name (file-level or another
    /// contract's struct).
    ForeignStruct {
        /// The interface.
        interface: String,
        /// The qualified struct name.
        name: String,
    },
    /// The ABI holds items an interface file does not render (errors, constructor, fallback,
    /// receive, anonymous events, tuple event parameters).
    Unsupported {
        /// The interface.
        interface: String,
        /// The kind of item.
        what: &'static str,
    },
    /// The JSON ABI could not be serialised.
    Json(serde_json::Error),
    /// Reading or writing a file failed.
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The error.
        source: io::Error,
    },
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::AnonymousTuple { interface, function } => {
                write!(f, "{interface}.{function}: a tuple parameter has no struct name")
            }
            Self::ConflictingStruct { interface, name } => {
                write!(f, "{interface}: two different structs are named {name}")
            }
            Self::ForeignStruct { interface, name } => {
                write!(f, "{interface}: struct {name} is not declared in the interface")
            }
            Self::Unsupported { interface, what } => {
                write!(f, "{interface}: rendering {what} is not supported")
            }
            Self::Json(err) => write!(f, "serialising a JSON ABI: {err}"),
            Self::Io { path, source } => write!(f, "{}: {source}", path.display()),
        }
    }
}

impl std::error::Error for GenerateError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Json(err) => Some(err),
            Self::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// One generated file: its name inside `contracts/interfaces/` and its contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedFile {
    /// File name, e.g. `IStaking.sol`.
    pub name: String,
    /// Full contents.
    pub contents: String,
}

/// The directory of the checked-in interface files (`contracts/interfaces`).
pub fn interfaces_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("interfaces")
}

/// Every generated file (a `.sol` and a `.json` per interface), sorted by name.
pub fn files() -> Result<Vec<GeneratedFile>, GenerateError> {
    let mut files = Vec::with_capacity(2 * INTERFACES.len());
    for interface in &INTERFACES {
        files.push(GeneratedFile {
            name: format!("{}.sol", interface.name),
            contents: solidity(interface)?,
        });
        files.push(GeneratedFile {
            name: format!("{}.json", interface.name),
            contents: abi_json(interface)?,
        });
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(files)
}

/// Writes every generated file into `dir` (created if missing) and removes `.sol`/`.json` files
/// there that no interface generates any more. Returns the paths written.
pub fn write_files(dir: &Path) -> Result<Vec<PathBuf>, GenerateError> {
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| GenerateError::Io { path, source }
    };
    let files = files()?;
    fs::create_dir_all(dir).map_err(io_err(dir))?;
    for stale in generated_names_in(dir)? {
        if !files.iter().any(|file| file.name == stale) {
            let path = dir.join(&stale);
            fs::remove_file(&path).map_err(io_err(&path))?;
        }
    }
    let mut written = Vec::with_capacity(files.len());
    for file in files {
        let path = dir.join(&file.name);
        fs::write(&path, file.contents).map_err(io_err(&path))?;
        written.push(path);
    }
    Ok(written)
}

/// Names of the `.sol` and `.json` files in `dir`, sorted (the files the generator owns).
pub fn generated_names_in(dir: &Path) -> Result<Vec<String>, GenerateError> {
    let entries =
        fs::read_dir(dir).map_err(|source| GenerateError::Io { path: dir.into(), source })?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| GenerateError::Io { path: dir.into(), source })?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".sol") || name.ends_with(".json") {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

/// The interface's JSON ABI, pretty-printed with a trailing newline.
pub fn abi_json(interface: &Interface) -> Result<String, GenerateError> {
    let mut json = serde_json::to_string_pretty(&interface.abi()).map_err(GenerateError::Json)?;
    json.push('\n');
    Ok(json)
}

/// The name of the file-level address constant of an interface, as the real chain's files
/// spell it: an underscore before each capital that follows a lower-case letter, then
/// upper-cased: `IStaking` -> `ISTAKING_ADDRESS`, `IUidLookup` -> `IUID_LOOKUP_ADDRESS`,
/// `IEd25519Verify` -> `IED25519VERIFY_ADDRESS`.
pub fn address_constant(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 10);
    let mut after_lower = false;
    for c in name.chars() {
        if after_lower && c.is_ascii_uppercase() {
            out.push('_');
        }
        after_lower = c.is_ascii_lowercase();
        out.push(c.to_ascii_uppercase());
    }
    out.push_str("_ADDRESS");
    out
}

/// The interface as a Solidity source file.
pub fn solidity(interface: &Interface) -> Result<String, GenerateError> {
    let abi = interface.abi();
    let name = interface.name;
    let unsupported = |what| GenerateError::Unsupported { interface: name.into(), what };
    if abi.constructor.is_some() {
        return Err(unsupported("a constructor"));
    }
    if abi.fallback.is_some() || abi.receive.is_some() {
        return Err(unsupported("fallback/receive"));
    }
    if !abi.errors.is_empty() {
        return Err(unsupported("errors"));
    }
    let structs = collect_structs(&abi, name)?;

    let mut out = String::new();
    let module = interface.module;
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        "// SPDX-License-Identifier: MIT\n\
         // Generated by `{GENERATOR_COMMAND}` from the `sol!` declaration in\n\
         // `{module}`. Do not edit by hand.\n\
         pragma solidity ^0.8.0;\n\n\
         address constant {} = {};\n\n\
         /// @title {name}\n\
         /// @notice {}\n\
         interface {name} {{\n",
        address_constant(name),
        interface.address.to_checksum(None),
        interface.description,
    );
    for (struct_name, fields) in &structs {
        let _ = writeln!(out, "    struct {struct_name} {{");
        for field in fields {
            let ty = sol_type(field, name, struct_name)?;
            let _ = writeln!(out, "        {ty} {};", field.name);
        }
        out.push_str("    }\n\n");
    }
    for event in abi.events() {
        out.push_str(&render_event(event, name)?);
    }
    if abi.events().next().is_some() {
        out.push('\n');
    }
    let mut functions: Vec<&Function> = abi.functions().collect();
    // Stable sort: overloads keep their declaration order.
    functions.sort_by_key(|function| function_order(&function.name));
    for function in functions {
        out.push_str(&render_function(function, name)?);
    }
    out.push_str("}\n");
    Ok(out)
}

/// Sort key of a function in the Solidity file: other functions first, by name; then getters
/// and setters by what they access, so each setter follows its getter.
fn function_order(name: &str) -> (u8, String, &str) {
    let accessor = |prefix| {
        name.strip_prefix(prefix).filter(|stem| stem.starts_with(|c: char| c.is_ascii_uppercase()))
    };
    match (accessor("get"), accessor("set")) {
        (Some(stem), _) => (1, stem.to_ascii_lowercase(), name),
        (_, Some(stem)) => (1, stem.to_ascii_lowercase(), name),
        _ => (0, name.to_ascii_lowercase(), name),
    }
}

/// The structs of `abi`, by name, with their fields.
fn collect_structs(
    abi: &JsonAbi,
    interface: &str,
) -> Result<BTreeMap<String, Vec<Param>>, GenerateError> {
    fn visit(
        param: &Param,
        interface: &str,
        out: &mut BTreeMap<String, Vec<Param>>,
    ) -> Result<(), GenerateError> {
        if let Some(InternalType::Struct { contract, ty }) = &param.internal_type {
            let base = ty.split('[').next().unwrap_or(ty).to_string();
            // Structs are declared inside the interface, so solc qualifies them with its name.
            if contract.as_deref() != Some(interface) {
                let name =
                    contract.as_ref().map_or_else(|| base.clone(), |c| format!("{c}.{base}"));
                return Err(GenerateError::ForeignStruct { interface: interface.into(), name });
            }
            if let Some(existing) = out.get(&base) {
                if *existing != param.components {
                    return Err(GenerateError::ConflictingStruct {
                        interface: interface.into(),
                        name: base,
                    });
                }
            } else {
                out.insert(base, param.components.clone());
            }
        }
        param.components.iter().try_for_each(|component| visit(component, interface, out))
    }
    let mut out = BTreeMap::new();
    for function in abi.functions() {
        for param in function.inputs.iter().chain(&function.outputs) {
            visit(param, interface, &mut out)?;
        }
    }
    Ok(out)
}

/// The Solidity type of a parameter: the struct name for tuples, the ABI type otherwise.
fn sol_type(param: &Param, interface: &str, function: &str) -> Result<String, GenerateError> {
    if !param.ty.starts_with("tuple") {
        return Ok(param.ty.clone());
    }
    match &param.internal_type {
        Some(InternalType::Struct { ty, .. }) => Ok(ty.clone()),
        _ => Err(GenerateError::AnonymousTuple {
            interface: interface.into(),
            function: function.into(),
        }),
    }
}

/// A parameter declaration, with `memory` for reference types.
fn param_decl(param: &Param, interface: &str, function: &str) -> Result<String, GenerateError> {
    let mut decl = sol_type(param, interface, function)?;
    let is_reference = param.ty == "string"
        || param.ty == "bytes"
        || param.ty.ends_with(']')
        || param.ty.starts_with("tuple");
    if is_reference {
        decl.push_str(" memory");
    }
    if !param.name.is_empty() {
        decl.push(' ');
        decl.push_str(&param.name);
    }
    Ok(decl)
}

/// One function declaration (with its newline), on one line if it fits in [`MAX_LINE`],
/// otherwise with one parameter per line.
fn render_function(function: &Function, interface: &str) -> Result<String, GenerateError> {
    let decls = |params: &[Param]| -> Result<Vec<String>, GenerateError> {
        params.iter().map(|param| param_decl(param, interface, &function.name)).collect()
    };
    let inputs = decls(&function.inputs)?;
    let outputs = decls(&function.outputs)?;
    let mut tail = String::from(") external");
    tail.push_str(match function.state_mutability {
        StateMutability::Pure => " pure",
        StateMutability::View => " view",
        StateMutability::NonPayable => "",
        StateMutability::Payable => " payable",
    });
    if !outputs.is_empty() {
        let _ = write!(tail, " returns ({})", outputs.join(", "));
    }
    tail.push(';');

    let name = &function.name;
    let one_line = format!("    function {name}({}{tail}\n", inputs.join(", "));
    if one_line.len() <= MAX_LINE + 1 || inputs.is_empty() {
        return Ok(one_line);
    }
    let mut out = format!("    function {name}(\n");
    let _ = writeln!(out, "        {}", inputs.join(",\n        "));
    let _ = writeln!(out, "    {tail}");
    Ok(out)
}

/// One event declaration (with its newline), on one line if it fits in [`MAX_LINE`],
/// otherwise with one parameter per line.
fn render_event(event: &Event, interface: &str) -> Result<String, GenerateError> {
    let unsupported = |what| GenerateError::Unsupported { interface: interface.into(), what };
    if event.anonymous {
        return Err(unsupported("anonymous events"));
    }
    let decl = |param: &EventParam| -> Result<String, GenerateError> {
        if param.ty.starts_with("tuple") {
            return Err(unsupported("tuple event parameters"));
        }
        let mut decl = param.ty.clone();
        if param.indexed {
            decl.push_str(" indexed");
        }
        if !param.name.is_empty() {
            decl.push(' ');
            decl.push_str(&param.name);
        }
        Ok(decl)
    };
    let params = event.inputs.iter().map(decl).collect::<Result<Vec<_>, _>>()?;
    let name = &event.name;
    let one_line = format!("    event {name}({});\n", params.join(", "));
    if one_line.len() <= MAX_LINE + 1 || params.is_empty() {
        return Ok(one_line);
    }
    let mut out = format!("    event {name}(\n");
    let _ = writeln!(out, "        {}", params.join(",\n        "));
    out.push_str("    );\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_name(name: &str) -> &'static Interface {
        crate::interface(name).expect("known interface")
    }

    #[test]
    fn renders_pure_functions() {
        let ed = solidity(by_name("IEd25519Verify")).expect("render IEd25519Verify");
        assert!(ed.contains(
            "address constant IED25519VERIFY_ADDRESS = 0x0000000000000000000000000000000000000402;"
        ));
        assert!(ed.contains("bytes32 s\n    ) external pure returns (bool);"), "{ed}");
    }

    #[test]
    fn address_constants_are_upper_snake() {
        assert_eq!(address_constant("IStaking"), "ISTAKING_ADDRESS");
        assert_eq!(address_constant("IUidLookup"), "IUID_LOOKUP_ADDRESS");
        assert_eq!(address_constant("IBalanceTransfer"), "IBALANCE_TRANSFER_ADDRESS");
        // The real chain's files spell these without an underscore after the digits.
        assert_eq!(address_constant("IEd25519Verify"), "IED25519VERIFY_ADDRESS");
        assert_eq!(address_constant("ISR25519Verify"), "ISR25519VERIFY_ADDRESS");
        assert_eq!(address_constant("IAddressMapping"), "IADDRESS_MAPPING_ADDRESS");
        assert_eq!(address_constant("IStakingV1"), "ISTAKING_V1_ADDRESS");
    }

    #[test]
    fn renders_structs_mutability_returns_and_long_signatures() {
        let metagraph = solidity(by_name("IMetagraph")).expect("render IMetagraph");
        assert!(metagraph.contains(
            "address constant IMETAGRAPH_ADDRESS = 0x0000000000000000000000000000000000000802;"
        ));
        assert!(metagraph.contains("    struct AxonInfo {\n        uint64 block;\n"));
        assert!(metagraph.contains(
            "function getAxon(uint16 netuid, uint16 uid) external view returns (AxonInfo memory);"
        ));

        let subnet = solidity(by_name("ISubnet")).expect("render ISubnet");
        assert!(
            subnet.contains("    function registerNetwork(bytes32 hotkey) external payable;\n")
        );
        assert!(subnet.contains("        string memory logoUrl\n    ) external payable;\n"));
        assert!(subnet.contains(
            "    function getAlphaValues(uint16 netuid) external view returns (uint16, uint16);"
        ));

        let staking = solidity(by_name("IStaking")).expect("render IStaking");
        assert!(staking.contains(
            "    function approve(address spender, uint256 netuid, uint256 amountAlpha) external;"
        ));
        assert!(staking.contains("returns (bytes32[] memory);"));
    }

    #[test]
    fn renders_events_with_indexed_parameters() {
        let staking = solidity(by_name("IStaking")).expect("render IStaking");
        assert!(
            staking.contains(
                "    event AllowanceChanged(\n        address indexed owner,\n        \
                 address indexed spender,\n        uint16 indexed netuid,\n        \
                 uint256 amount\n    );\n"
            ),
            "{staking}"
        );
        let transfer = solidity(by_name("IBalanceTransfer")).expect("render IBalanceTransfer");
        assert!(transfer.contains(
            "    event TransferToAccount(address indexed from, bytes32 indexed dest, \
             uint256 valueWei);\n\n    function transfer"
        ));
        // Events come before the functions.
        assert!(staking.find("event StakeAdded") < staking.find("function addStake"));
    }

    #[test]
    fn every_interface_renders() {
        let files = files().expect("render");
        assert_eq!(files.len(), 2 * INTERFACES.len());
        for file in &files {
            assert!(file.contents.ends_with('\n'), "{}", file.name);
            for line in file.contents.lines().filter(|_| file.name.ends_with(".sol")) {
                assert!(line.chars().count() <= MAX_LINE, "{}: line too long: {line}", file.name);
            }
        }
    }
}
