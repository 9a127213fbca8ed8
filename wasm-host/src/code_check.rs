//! Static checks of uploaded code, before compilation: size, the allowed WebAssembly feature
//! set, no start function. Imports and exports are checked against the compiled module in
//! `exec.rs`, where the host's linker is.

use wasmparser::{Parser, Payload, Validator, WasmFeatures};

use crate::error::UploadError;

/// The features pallet-contracts' wasmi configuration allows with deterministic execution:
/// the MVP without floats, plus sign extension. Multi-value, mutable-global imports/exports,
/// bulk memory, reference types, tail calls, extended-const, saturating float-to-int, SIMD and
/// threads are refused. (Bulk memory would also let `memory.fill`/`memory.copy` move a
/// megabyte for one unit of fuel.)
fn allowed_features() -> WasmFeatures {
    WasmFeatures::GC_TYPES | WasmFeatures::SIGN_EXTENSION
}

/// Size cap, feature set (floats reported as such) and no start function.
pub(crate) fn check(code: &[u8], max_len: usize) -> Result<(), UploadError> {
    if code.len() > max_len {
        return Err(UploadError::TooLarge { len: code.len(), max: max_len });
    }
    if let Err(e) = Validator::new_with_features(allowed_features()).validate_all(code) {
        // Tell floats apart: the same module with floats allowed passes.
        let with_floats = allowed_features() | WasmFeatures::FLOATS;
        let msg = e.to_string();
        return Err(if Validator::new_with_features(with_floats).validate_all(code).is_ok() {
            UploadError::FloatInstruction(msg)
        } else {
            UploadError::Invalid(msg)
        });
    }
    for payload in Parser::new(0).parse_all(code) {
        match payload {
            Ok(Payload::StartSection { .. }) => {
                return Err(UploadError::EntryPoints("a start function is not allowed".into()));
            }
            Ok(_) => {}
            Err(e) => return Err(UploadError::Invalid(e.to_string())),
        }
    }
    Ok(())
}
