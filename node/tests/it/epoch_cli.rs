//! `taochain epoch --input CASE.json` runs one epoch offline and prints the result as JSON.

use serde_json::Value;
use std::process::Command;

fn run(args: &[&str]) -> (bool, String, String) {
    let out =
        Command::new(env!("CARGO_BIN_EXE_taochain")).args(args).output().expect("run taochain");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn epoch_subcommand_prints_the_epoch_as_json() {
    let case = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/epoch-3uid.json");
    let (ok, stdout, stderr) = run(&["epoch", "--input", case]);
    assert!(ok, "{stderr}");
    let v: Value = serde_json::from_str(&stdout).expect("json output");
    // One validator (uid 0, all the stake) weights uid 1 twice as much as uid 2. Incentive is
    // the normalised weight: 65535 * (1 / 1.5) and 65535 * (0.5 / 1.5), floored; the validator
    // takes every dividend.
    let inc: Vec<u64> = serde_json::from_value(v["incentive_u16"].clone()).expect("incentive");
    assert_eq!(inc.len(), 3);
    assert_eq!(inc[0], 0);
    assert!(inc[1] > inc[2] && inc[2] > 0, "{inc:?}");
    assert!((inc[1] as i64 - 2 * inc[2] as i64).abs() <= 2, "2:1 split, got {inc:?}");
    assert_eq!(v["dividends_u16"][0], 65535);
    let server: u64 = v["server_emission"]
        .as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_u64().expect("u64"))
        .sum();
    let validator: u64 = v["validator_emission"]
        .as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_u64().expect("u64"))
        .sum();
    assert!(server + validator <= 1_000_000_000);
    assert!(
        1_000_000_000 - (server + validator) < 10,
        "rounding dust only: {server} + {validator}"
    );
    assert!((server as i64 - validator as i64).abs() <= 2, "50/50 miners and validators");
}

#[test]
fn bad_epoch_input_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path().join("bad.json");
    std::fs::write(&p, r#"{"stake": [1, 2], "last_update": [1]}"#).expect("write");
    let (ok, _, stderr) = run(&["epoch", "--input", p.to_str().expect("utf8")]);
    assert!(!ok);
    assert!(stderr.contains("last_update"), "{stderr}");
}
