//! Upload validation with hand-written modules: floats, unknown imports, signatures, memory
//! import rules, entry points, start function, size cap, disallowed features, gas.
#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::*;
use wasm_host::{HostConfig, UploadError, WasmState, code_hash, gas};

fn upload(ch: &mut Chain, wat: &str) -> Result<wasm_host::CodeHash, UploadError> {
    let code = wat::parse_str(wat).unwrap();
    ch.host.upload(&mut ch.state, &code, u64::MAX).map(|(h, _)| h)
}

fn module(imports: &str, body: &str) -> String {
    format!(r#"(module {imports} (func (export "call") {body}) (func (export "deploy")))"#)
}

const MEM: &str = r#"(import "env" "memory" (memory 1 1))"#;

#[test]
fn a_plain_module_uploads_by_its_blake2_hash_and_pays_per_byte() {
    let mut ch = Chain::new();
    let code = wat::parse_str(module(MEM, "")).unwrap();
    let (hash, gas_used) = ch.host.upload(&mut ch.state, &code, u64::MAX).unwrap();
    assert_eq!(hash, code_hash(&code));
    assert_eq!(gas_used, code.len() as u64 * gas::UPLOAD_GAS_PER_BYTE);
    assert_eq!(ch.state.code(&hash), Some(code.clone()));
    // Idempotent.
    assert_eq!(ch.host.upload(&mut ch.state, &code, u64::MAX).unwrap().0, hash);
    // Not enough gas: refused, nothing stored.
    let mut other = Chain::new();
    let err = other.host.upload(&mut other.state, &code, 10).unwrap_err();
    assert!(matches!(err, UploadError::OutOfGas { limit: 10, .. }), "{err}");
    assert_eq!(other.state.code(&hash), None);
}

#[test]
fn float_instructions_and_float_types_are_rejected() {
    let mut ch = Chain::new();
    let add = module(MEM, "(drop (f32.add (f32.const 0) (f32.const 1)))");
    assert!(matches!(upload(&mut ch, &add), Err(UploadError::FloatInstruction(_))));
    let param = format!(
        r#"(module {MEM} (func (param f64)) (func (export "call")) (func (export "deploy")))"#
    );
    assert!(matches!(upload(&mut ch, &param), Err(UploadError::FloatInstruction(_))));
    let conv = module(MEM, "(drop (i64.trunc_f64_s (f64.const 1)))");
    assert!(matches!(upload(&mut ch, &conv), Err(UploadError::FloatInstruction(_))));
}

#[test]
fn an_unknown_import_is_rejected_by_name() {
    let mut ch = Chain::new();
    for (m, n) in
        [("seal0", "frobnicate"), ("seal3", "call"), ("env", "gas"), ("seal0", "call_runtime")]
    {
        let imports = format!(r#"{MEM} (import "{m}" "{n}" (func))"#);
        let err = upload(&mut ch, &module(&imports, "")).unwrap_err();
        assert_eq!(err, UploadError::UnknownImport { module: m.into(), name: n.into() });
        assert!(err.to_string().contains(&format!("{m}.{n}")), "{err}");
    }
}

#[test]
fn a_host_function_imported_with_another_signature_is_rejected() {
    let mut ch = Chain::new();
    let imports = format!(r#"{MEM} (import "seal0" "input" (func (param i32)))"#);
    let err = upload(&mut ch, &module(&imports, "")).unwrap_err();
    assert!(matches!(&err, UploadError::ImportSignature { name, .. } if name == "input"), "{err}");
}

#[test]
fn memory_import_rules_follow_the_pallet() {
    let mut ch = Chain::new();
    let bad = [
        ("", "no memory"),
        ("(memory 1 1)", "own memory instead of an import"),
        (r#"(import "env" "memory" (memory 1 17))"#, "max above 16 pages"),
        (r#"(import "env" "mem" (memory 1 1))"#, "wrong name"),
        (r#"(import "seal0" "memory" (memory 1 1))"#, "wrong module"),
    ];
    for (imports, why) in bad {
        let err = upload(&mut ch, &module(imports, "")).unwrap_err();
        assert!(matches!(err, UploadError::Memory(_)), "{why}: {err}");
    }
    let inverted = upload(&mut ch, &module(r#"(import "env" "memory" (memory 2 1))"#, ""));
    assert!(inverted.is_err(), "initial above maximum");
    // No maximum: the cap applies; 16 pages exactly is fine.
    upload(&mut ch, &module(r#"(import "env" "memory" (memory 1))"#, "")).unwrap();
    upload(&mut ch, &module(r#"(import "env" "memory" (memory 1 16))"#, "")).unwrap();
}

#[test]
fn tables_and_globals_cannot_be_imported() {
    let mut ch = Chain::new();
    for imp in
        [r#"(import "seal0" "table" (table 1 funcref))"#, r#"(import "seal0" "g" (global i32))"#]
    {
        let err = upload(&mut ch, &module(&format!("{MEM} {imp}"), "")).unwrap_err();
        assert!(matches!(err, UploadError::ForbiddenImport { .. }), "{err}");
    }
}

#[test]
fn entry_points_and_start_function() {
    let mut ch = Chain::new();
    let no_deploy = format!(r#"(module {MEM} (func (export "call")))"#);
    assert!(matches!(upload(&mut ch, &no_deploy), Err(UploadError::EntryPoints(_))));
    let bad_sig =
        format!(r#"(module {MEM} (func (export "call") (param i32)) (func (export "deploy")))"#);
    assert!(matches!(upload(&mut ch, &bad_sig), Err(UploadError::EntryPoints(_))));
    let start = format!(
        r#"(module {MEM} (func $s) (start $s) (func (export "call")) (func (export "deploy")))"#
    );
    assert!(matches!(upload(&mut ch, &start), Err(UploadError::EntryPoints(_))));
}

#[test]
fn size_cap_and_disallowed_features() {
    let mut ch = Chain::with_config(HostConfig { max_code_len: 64, ..HostConfig::default() });
    let big = module(MEM, &"(nop)".repeat(100));
    assert!(matches!(upload(&mut ch, &big), Err(UploadError::TooLarge { max: 64, .. })));
    let mut ch = Chain::new();
    let bulk = module(MEM, "(memory.fill (i32.const 0) (i32.const 0) (i32.const 65536))");
    assert!(matches!(upload(&mut ch, &bulk), Err(UploadError::Invalid(_))), "bulk memory");
    let simd = module(MEM, "(drop (v128.const i64x2 0 0))");
    assert!(matches!(upload(&mut ch, &simd), Err(UploadError::Invalid(_))), "simd");
    let multi = format!(
        r#"(module {MEM} (func (result i32 i32) (i32.const 0) (i32.const 0)) (func (export "call")) (func (export "deploy")))"#
    );
    assert!(matches!(upload(&mut ch, &multi), Err(UploadError::Invalid(_))), "multi-value");
    // Sign extension is allowed, as in the pallet.
    upload(&mut ch, &module(MEM, "(drop (i32.extend8_s (i32.const 1)))")).unwrap();
}

#[test]
fn the_real_ink_contracts_pass_validation() {
    let mut ch = Chain::new();
    for name in ["counter", "caller", "hostile"] {
        let code = wasm(name);
        let (h, _) = ch.host.upload(&mut ch.state, &code, u64::MAX).unwrap();
        assert_eq!(h, code_hash(&code));
    }
}
