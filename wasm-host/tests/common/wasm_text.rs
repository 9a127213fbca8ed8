//! Hand-written contracts: one import prelude for every host function the tests call, a
//! result cursor (`$push` stores an i32 at 4096.., `$done` returns them), input at 8192.

pub const PRELUDE: &str = r#"
(import "env" "memory" (memory 1 1))
(import "seal0" "input" (func $input (param i32 i32)))
(import "seal0" "seal_return" (func $return (param i32 i32 i32)))
(import "seal2" "set_storage" (func $set2 (param i32 i32 i32 i32) (result i32)))
(import "seal1" "set_storage" (func $set1 (param i32 i32 i32) (result i32)))
(import "seal0" "set_storage" (func $set0 (param i32 i32 i32)))
(import "seal1" "get_storage" (func $get1 (param i32 i32 i32 i32) (result i32)))
(import "seal0" "get_storage" (func $get0 (param i32 i32 i32) (result i32)))
(import "seal1" "contains_storage" (func $contains1 (param i32 i32) (result i32)))
(import "seal0" "contains_storage" (func $contains0 (param i32) (result i32)))
(import "seal1" "clear_storage" (func $clear1 (param i32 i32) (result i32)))
(import "seal0" "clear_storage" (func $clear0 (param i32)))
(import "seal0" "take_storage" (func $take (param i32 i32 i32 i32) (result i32)))
(import "seal0" "deposit_event" (func $event (param i32 i32 i32 i32)))
(import "seal0" "call" (func $call0 (param i32 i32 i64 i32 i32 i32 i32 i32 i32) (result i32)))
(import "seal1" "call" (func $call1 (param i32 i32 i64 i32 i32 i32 i32 i32) (result i32)))
(import "seal2" "call" (func $call2 (param i32 i32 i64 i64 i32 i32 i32 i32 i32 i32) (result i32)))
(import "seal0" "address" (func $address (param i32 i32)))
(import "seal0" "reentrance_count" (func $rc (result i32)))
(import "seal0" "account_reentrance_count" (func $arc (param i32) (result i32)))
(import "seal0" "gas_left" (func $gas0 (param i32 i32)))
(import "seal1" "gas_left" (func $gas1 (param i32 i32)))
(import "seal0" "debug_message" (func $debug (param i32 i32) (result i32)))
(import "seal0" "call_chain_extension" (func $ext (param i32 i32 i32 i32 i32) (result i32)))
(import "seal0" "ecdsa_recover" (func $ecdsa (param i32 i32 i32) (result i32)))
(import "seal0" "ecdsa_to_eth_address" (func $eth (param i32 i32) (result i32)))
(import "seal0" "sr25519_verify" (func $sr (param i32 i32 i32 i32) (result i32)))
(import "seal0" "terminate" (func $terminate (param i32)))
(import "seal0" "set_code_hash" (func $set_code (param i32) (result i32)))
(global $out (mut i32) (i32.const 4096))
(func $push (param $v i32)
  (i32.store (global.get $out) (local.get $v))
  (global.set $out (i32.add (global.get $out) (i32.const 4))))
(func $done
  (call $return (i32.const 0) (i32.const 4096) (i32.sub (global.get $out) (i32.const 4096))))
;; input at 8192, its length at 0
(func $read_input
  (i32.store (i32.const 0) (i32.const 16384))
  (call $input (i32.const 8192) (i32.const 0)))
;; capacity 1024 at 4
(func $cap (i32.store (i32.const 4) (i32.const 1024)))
(func (export "deploy"))
"#;

/// A module with the prelude, `extra` (data segments, helpers) and `body` as `call`.
pub fn contract(extra: &str, body: &str) -> Vec<u8> {
    ::wat::parse_str(format!("(module {PRELUDE} {extra} (func (export \"call\") {body}))")).unwrap()
}

/// Little-endian u32 words of an output.
pub fn words(data: &[u8]) -> Vec<u32> {
    data.chunks_exact(4).map(|c| u32::from_le_bytes(c.try_into().unwrap())).collect()
}

/// A data segment holding `bytes` at `offset`.
pub fn data(offset: u32, bytes: &[u8]) -> String {
    let escaped: String = bytes.iter().map(|b| format!("\\{b:02x}")).collect();
    format!("(data (i32.const {offset}) \"{escaped}\")")
}
