//! Unit tests of the ink! metadata parser and the SCALE codec, on a hand-written metadata file
//! shaped like the counter contract's and hand-written byte strings.

use super::scale::{compact, decode, decode_fields, encode_call};
use super::{InkError, InkMetadata};
use serde_json::json;

fn ts(ty: u32, name: &str) -> serde_json::Value {
    json!({"type": ty, "displayName": [name]})
}

fn fixture() -> String {
    json!({
        "source": {"hash": format!("0x{}", "ab".repeat(32)), "language": "ink! 5.1.1", "compiler": "rustc 1.85.0"},
        "contract": {"name": "counter", "version": "0.1.0", "authors": ["taochain"]},
        "version": 5,
        "spec": {
            "constructors": [
                {"label": "new", "selector": "0x9bae9d5e", "payable": true, "default": false,
                 "args": [{"label": "init", "type": ts(0, "bool")}],
                 "returnType": ts(9, "ConstructorResult"), "docs": []}
            ],
            "messages": [
                {"label": "flip", "selector": "0x633aa551", "mutates": true, "payable": false,
                 "args": [], "returnType": ts(9, "MessageResult")},
                {"label": "get", "selector": "0x2f865bd9", "mutates": false, "payable": false,
                 "args": [], "returnType": ts(10, "MessageResult")},
                {"label": "deposit_of", "selector": "0x01020304", "mutates": false, "payable": false,
                 "args": [{"label": "who", "type": ts(5, "AccountId")}], "returnType": ts(16, "MessageResult")},
                {"label": "flip_then_revert", "selector": "0x0a0b0c0d", "mutates": true, "payable": false,
                 "args": [], "returnType": ts(12, "MessageResult")},
                {"label": "everything", "selector": "0xdeadbeef", "mutates": true, "payable": true,
                 "args": [
                    {"label": "a", "type": ts(1, "u32")},
                    {"label": "b", "type": ts(2, "Balance")},
                    {"label": "c", "type": ts(6, "Option")},
                    {"label": "d", "type": ts(13, "Vec")},
                    {"label": "e", "type": ts(14, "String")},
                    {"label": "f", "type": ts(3, "")},
                    {"label": "g", "type": ts(17, "i8")}
                 ],
                 "returnType": ts(18, "MessageResult")}
            ],
            "events": [
                {"label": "Flipped", "module_path": "counter::counter",
                 "signature_topic": format!("0x{}", "11".repeat(32)),
                 "args": [{"label": "new", "indexed": false, "type": ts(0, "bool")},
                          {"label": "by", "indexed": true, "type": ts(5, "AccountId")}]}
            ],
            "lang_error": ts(8, "LangError")
        },
        "storage": {"root": {"layout": {}, "root_key": "0x00000000"}},
        "types": [
            {"id": 0, "type": {"def": {"primitive": "bool"}}},
            {"id": 1, "type": {"def": {"primitive": "u32"}}},
            {"id": 2, "type": {"def": {"primitive": "u128"}}},
            {"id": 3, "type": {"def": {"array": {"len": 32, "type": 4}}}},
            {"id": 4, "type": {"def": {"primitive": "u8"}}},
            {"id": 5, "type": {"path": ["ink_primitives", "types", "AccountId"],
                "def": {"composite": {"fields": [{"type": 3, "typeName": "[u8; 32]"}]}}}},
            {"id": 6, "type": {"path": ["Option"], "params": [{"name": "T", "type": 2}],
                "def": {"variant": {"variants": [{"name": "None", "index": 0},
                                                 {"name": "Some", "index": 1, "fields": [{"type": 2}]}]}}}},
            {"id": 7, "type": {"def": {"tuple": []}}},
            {"id": 8, "type": {"path": ["ink_primitives", "LangError"],
                "def": {"variant": {"variants": [{"name": "CouldNotReadInput", "index": 1}]}}}},
            {"id": 9, "type": {"path": ["Result"],
                "def": {"variant": {"variants": [{"name": "Ok", "index": 0, "fields": [{"type": 7}]},
                                                 {"name": "Err", "index": 1, "fields": [{"type": 8}]}]}}}},
            {"id": 10, "type": {"path": ["Result"],
                "def": {"variant": {"variants": [{"name": "Ok", "index": 0, "fields": [{"type": 0}]},
                                                 {"name": "Err", "index": 1, "fields": [{"type": 8}]}]}}}},
            {"id": 11, "type": {"path": ["Result"],
                "def": {"variant": {"variants": [{"name": "Ok", "index": 0, "fields": [{"type": 7}]},
                                                 {"name": "Err", "index": 1, "fields": [{"type": 4}]}]}}}},
            {"id": 12, "type": {"path": ["Result"],
                "def": {"variant": {"variants": [{"name": "Ok", "index": 0, "fields": [{"type": 11}]},
                                                 {"name": "Err", "index": 1, "fields": [{"type": 8}]}]}}}},
            {"id": 13, "type": {"def": {"sequence": {"type": 4}}}},
            {"id": 14, "type": {"def": {"primitive": "str"}}},
            {"id": 15, "type": {"path": ["counter", "EnvInfo"],
                "def": {"composite": {"fields": [{"name": "caller", "type": 5}, {"name": "value", "type": 2},
                                                 {"name": "block", "type": 1}]}}}},
            {"id": 16, "type": {"path": ["Result"],
                "def": {"variant": {"variants": [{"name": "Ok", "index": 0, "fields": [{"type": 6}]},
                                                 {"name": "Err", "index": 1, "fields": [{"type": 8}]}]}}}},
            {"id": 17, "type": {"def": {"primitive": "i8"}}},
            {"id": 18, "type": {"path": ["Result"],
                "def": {"variant": {"variants": [{"name": "Ok", "index": 0, "fields": [{"type": 15}]},
                                                 {"name": "Err", "index": 1, "fields": [{"type": 8}]}]}}}}
        ]
    })
    .to_string()
}

fn meta() -> InkMetadata {
    match InkMetadata::parse(&fixture()) {
        Ok(m) => m,
        Err(e) => panic!("fixture: {e}"),
    }
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn parses_selectors_args_and_events() {
    let m = meta();
    assert_eq!(m.name, "counter");
    assert_eq!(m.code_hash, Some([0xab; 32]));
    let new = m.constructor("new").expect("new");
    assert_eq!(new.selector, [0x9b, 0xae, 0x9d, 0x5e]);
    assert!(new.payable);
    assert_eq!(new.signature(), "init: bool");
    let get = m.message("get").expect("get");
    assert_eq!(get.selector, [0x2f, 0x86, 0x5b, 0xd9]);
    assert!(!get.mutates);
    assert_eq!(get.return_type, Some(10));
    assert_eq!(m.messages.len(), 5);
    let ev = m.event_by_topic(&[0x11; 32]).expect("event");
    assert_eq!(ev.label, "Flipped");
    assert!(ev.args[1].indexed);
    assert_eq!(m.type_name(6), "Option<u128>");
    assert_eq!(m.type_name(3), "[u8; 32]");
    assert_eq!(m.type_name(13), "Vec<u8>");
}

#[test]
fn unknown_names_list_the_known_ones() {
    let m = meta();
    let e = m.message("flop").unwrap_err();
    assert_eq!(
        e.to_string(),
        "the contract has no message `flop` (it has: flip, get, deposit_of, flip_then_revert, everything)"
    );
    assert!(matches!(
        m.constructor("default"),
        Err(InkError::UnknownName { what: "constructor", .. })
    ));
}

#[test]
fn rejects_other_versions_and_bad_selectors() {
    let v4 = fixture().replace("\"version\":5", "\"version\":\"4\"");
    assert_eq!(InkMetadata::parse(&v4).unwrap_err(), InkError::Version { found: "\"4\"".into() });
    let bad = fixture().replace("0x633aa551", "0x633aa5");
    assert!(matches!(InkMetadata::parse(&bad), Err(InkError::Metadata(m)) if m.contains("flip")));
}

#[test]
fn compact_encoding_boundaries() {
    assert_eq!(compact(0), vec![0x00]);
    assert_eq!(compact(1), vec![0x04]);
    assert_eq!(compact(63), vec![0xfc]);
    assert_eq!(compact(64), vec![0x01, 0x01]);
    assert_eq!(compact(16383), vec![0xfd, 0xff]);
    assert_eq!(compact(16384), vec![0x02, 0x00, 0x01, 0x00]);
    assert_eq!(compact((1 << 30) - 1), vec![0xfe, 0xff, 0xff, 0xff]);
    assert_eq!(compact(1 << 30), vec![0x03, 0x00, 0x00, 0x00, 0x40]);
    assert_eq!(compact(u128::from(u64::MAX)), [vec![0x13], vec![0xff; 8]].concat());
}

#[test]
fn encodes_constructor_and_message_arguments() {
    let m = meta();
    let new = m.constructor("new").expect("new");
    assert_eq!(encode_call(&m, new, &strings(&["true"])).unwrap(), vec![0x9b, 0xae, 0x9d, 0x5e, 1]);
    let who = format!("0x{}", "07".repeat(32));
    let call = encode_call(&m, m.message("deposit_of").unwrap(), &[who]).unwrap();
    assert_eq!(call, [vec![1, 2, 3, 4], vec![7; 32]].concat());
    let every = m.message("everything").unwrap();
    let f = format!("0x{}", "ee".repeat(32));
    let args = strings(&["258", "1_000_000_000", "5", "0xcafe", "hé", &f, "-2"]);
    let call = encode_call(&m, every, &args).unwrap();
    let mut want = vec![0xde, 0xad, 0xbe, 0xef, 2, 1, 0, 0];
    want.extend_from_slice(&1_000_000_000u128.to_le_bytes());
    want.extend([1]);
    want.extend_from_slice(&5u128.to_le_bytes());
    want.extend([8, 0xca, 0xfe, 12, b'h', 0xc3, 0xa9]);
    want.extend([0xee; 32]);
    want.push(0xfe);
    assert_eq!(call, want);
    let args = strings(&["0", "0", "none", "0x", "", &f, "127"]);
    let call = encode_call(&m, every, &args).unwrap();
    assert_eq!(call[24], 0, "None is one zero byte");
    assert_eq!(call.len(), 4 + 4 + 16 + 1 + 1 + 1 + 32 + 1);
}

#[test]
fn ss58_account_ids_encode_to_their_bytes() {
    let m = meta();
    let id = crate::AccountId([9u8; 32].into());
    let call = encode_call(&m, m.message("deposit_of").unwrap(), &[id.to_ss58()]).unwrap();
    assert_eq!(&call[4..], &[9u8; 32]);
}

#[test]
fn wrong_arguments_say_what_is_expected() {
    let m = meta();
    let new = m.constructor("new").unwrap();
    let e = encode_call(&m, new, &[]).unwrap_err();
    assert_eq!(e.to_string(), "`new` takes 1 argument(s) (init: bool), 0 given");
    let e = encode_call(&m, new, &strings(&["yes"])).unwrap_err();
    assert_eq!(e.to_string(), "argument `init`: `yes` is not a bool (true or false)");
    let e = encode_call(&m, m.message("deposit_of").unwrap(), &strings(&["0x12"])).unwrap_err();
    assert!(e.to_string().contains("32 bytes as 0x hex, or an SS58 address"), "{e}");
    let every = m.message("everything").unwrap();
    let f = format!("0x{}", "ee".repeat(31));
    let e = encode_call(&m, every, &strings(&["1", "2", "none", "0x", "", &f, "0"])).unwrap_err();
    assert!(e.to_string().contains("exactly 32 bytes"), "{e}");
    let e = encode_call(&m, every, &strings(&["4294967296", "2", "none", "0x", "", &f, "0"]))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "argument `a`: `4294967296` is not a u32 (a decimal integer in range)"
    );
    let e = encode_call(&m, every, &strings(&["1", "2", "none", "0x", "", &f, "128"])).unwrap_err();
    assert!(matches!(e, InkError::BadArg { ref label, .. } if label == "f"), "{e}");
}

#[test]
fn decodes_message_results() {
    let m = meta();
    assert_eq!(decode(&m, 10, &[0, 1]).unwrap(), json!({"Ok": true}));
    assert_eq!(decode(&m, 9, &[0]).unwrap(), json!({"Ok": null}));
    assert_eq!(decode(&m, 9, &[1, 1]).unwrap(), json!({"Err": "CouldNotReadInput"}));
    // flip_then_revert: Ok(Err(7u8)).
    assert_eq!(decode(&m, 12, &[0, 1, 7]).unwrap(), json!({"Ok": {"Err": 7}}));
    let mut some = vec![0, 1];
    some.extend_from_slice(&(u128::from(u64::MAX) + 1).to_le_bytes());
    assert_eq!(decode(&m, 16, &some).unwrap(), json!({"Ok": "18446744073709551616"}));
    assert_eq!(decode(&m, 16, &[0, 0]).unwrap(), json!({"Ok": null}));
    let mut env = vec![0];
    env.extend([5u8; 32]);
    env.extend_from_slice(&42u128.to_le_bytes());
    env.extend_from_slice(&7u32.to_le_bytes());
    let want = json!({"Ok": {"caller": format!("0x{}", "05".repeat(32)), "value": 42, "block": 7}});
    assert_eq!(decode(&m, 18, &env).unwrap(), want);
    assert_eq!(decode(&m, 13, &[8, 0xca, 0xfe]).unwrap(), json!("0xcafe"));
    assert_eq!(decode(&m, 14, &[12, b'h', 0xc3, 0xa9]).unwrap(), json!("hé"));
}

#[test]
fn bad_output_bytes_are_errors_not_panics() {
    let m = meta();
    assert!(matches!(decode(&m, 10, &[0]), Err(InkError::Decode { at: 1, .. })));
    assert!(matches!(decode(&m, 10, &[0, 2]), Err(InkError::Decode { .. })));
    assert!(matches!(decode(&m, 10, &[3, 1]), Err(InkError::Decode { .. })));
    let e = decode(&m, 10, &[0, 1, 0]).unwrap_err();
    assert_eq!(e.to_string(), "cannot decode Result at byte 2: 1 byte(s) left over");
    // A sequence claiming 2^30 elements in three bytes.
    assert!(matches!(decode(&m, 13, &[0x03, 0, 0, 0, 0x40]), Err(InkError::Decode { .. })));
    assert!(matches!(decode(&m, 99, &[]), Err(InkError::UnknownType(99))));
}

#[test]
fn decodes_event_fields_by_label() {
    let m = meta();
    let ev = m.event_by_topic(&[0x11; 32]).unwrap();
    let fields: Vec<(String, u32)> = ev.args.iter().map(|a| (a.label.clone(), a.ty)).collect();
    let data = [vec![1u8], vec![3u8; 32]].concat();
    let want = json!({"new": true, "by": format!("0x{}", "03".repeat(32))});
    assert_eq!(decode_fields(&m, &fields, &data).unwrap(), want);
}

/// The counter contract's real metadata, as scripts/ink-metadata.sh writes it.
const COUNTER_JSON: &str = include_str!("../../tests/fixtures/ink/counter.json");

#[test]
fn the_generated_counter_metadata_parses_and_encodes() {
    let m = InkMetadata::parse(COUNTER_JSON).expect("counter.json");
    assert_eq!(m.name, "counter");
    assert_eq!(m.messages.len(), 15);
    let flip = m.message("flip").unwrap();
    assert_eq!(encode_call(&m, flip, &[]).unwrap(), vec![0x63, 0x3a, 0xa5, 0x51]);
    assert!(flip.mutates && !flip.payable);
    assert!(m.message("deposit").unwrap().payable);
    assert_eq!(
        encode_call(&m, m.constructor("new").unwrap(), &strings(&["false"])).unwrap(),
        vec![0x9b, 0xae, 0x9d, 0x5e, 0]
    );
    // send(to: AccountId, amount: Balance = u64).
    let to = crate::AccountId([2u8; 32].into()).to_ss58();
    let call = encode_call(&m, m.message("send").unwrap(), &[to, "1000".into()]).unwrap();
    assert_eq!(
        call,
        [vec![0xe6, 0xfa, 0xf2, 0xc0], vec![2; 32], 1000u64.to_le_bytes().to_vec()].concat()
    );
    let get = m.message("get").unwrap();
    assert_eq!(decode(&m, get.return_type.unwrap(), &[0, 1]).unwrap(), json!({"Ok": true}));
    let take = m.message("take_deposit").unwrap();
    let mut out = vec![0, 1];
    out.extend_from_slice(&(u64::MAX).to_le_bytes());
    assert_eq!(decode(&m, take.return_type.unwrap(), &out).unwrap(), json!({"Ok": u64::MAX}));
    let revert = m.message("flip_then_revert").unwrap();
    assert_eq!(
        decode(&m, revert.return_type.unwrap(), &[0, 1, 7]).unwrap(),
        json!({"Ok": {"Err": 7}})
    );
    let flipped = m.events.iter().find(|e| e.label == "Flipped").unwrap();
    let topic = flipped.signature_topic.unwrap();
    assert_eq!(m.event_by_topic(&topic).map(|e| e.label.as_str()), Some("Flipped"));
}
