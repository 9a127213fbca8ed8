//! `metadata-gen WASM NAME VERSION`: prints the ink! 5 metadata JSON of the contract linked in
//! by feature (`--features counter`), with `source.hash` = blake2-256 of the wasm file, the way
//! cargo-contract writes `<name>.json`. Used by scripts/ink-metadata.sh.

#[cfg(feature = "bounty")]
use bounty as _;
#[cfg(feature = "caller")]
use caller as _;
#[cfg(feature = "counter")]
use counter as _;
#[cfg(feature = "ext_all")]
use ext_all as _;
#[cfg(feature = "hostile")]
use hostile as _;
#[cfg(feature = "pool")]
use pool as _;
#[cfg(feature = "vault")]
use vault as _;

use blake2::digest::consts::U32;
use blake2::{Blake2b, Digest};

// SAFETY (the one unsafe block of this tool): ink!'s codegen defines this symbol in the contract
// crate built with `std` and without `ink-as-dependency`, with exactly this signature; the crate
// is linked above. This workspace is outside the main one's forbid(unsafe).
extern "Rust" {
    fn __ink_generate_metadata() -> ink::metadata::InkProject;
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    let [_, wasm, name, version] = args.as_slice() else {
        return Err("usage: metadata-gen WASM NAME VERSION".into());
    };
    let code = std::fs::read(wasm).map_err(|e| format!("{wasm}: {e}"))?;
    let hash = Blake2b::<U32>::digest(&code);
    let project = unsafe { __ink_generate_metadata() };
    let mut json = serde_json::to_value(&project).map_err(|e| e.to_string())?;
    let obj = json.as_object_mut().ok_or("metadata is not an object")?;
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    obj.insert(
        "source".into(),
        serde_json::json!({
            "hash": format!("0x{hex}"),
            "language": "ink! 5.1.1",
            "compiler": "rustc (plain cargo, scripts/build-ink.sh)",
        }),
    );
    obj.insert(
        "contract".into(),
        serde_json::json!({"name": name, "version": version, "authors": ["taochain"]}),
    );
    let text = serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?;
    println!("{text}");
    Ok(())
}
