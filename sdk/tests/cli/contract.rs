//! `tao contract upload|instantiate|call|query` with the ink! counter and its metadata
//! (scripts/build-ink.sh writes both), through the 0xa00 bridge: flip then get, a payable
//! message with --value, and the common mistakes (an unknown message, wrong arguments, a
//! contract revert decoded by type).

use crate::helpers::*;
use std::path::PathBuf;
use std::process::Command;

/// `$CARGO_TARGET_DIR/ink/counter.{wasm,json}`, built by scripts/build-ink.sh when missing.
fn counter() -> (String, String) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root.join("target"));
    let dir = target.join("ink");
    let (wasm, json) = (dir.join("counter.wasm"), dir.join("counter.json"));
    if !wasm.exists() || !json.exists() {
        let status = Command::new(root.join("scripts/build-ink.sh"))
            .env("CARGO_TARGET_DIR", &target)
            .status()
            .expect("run scripts/build-ink.sh");
        assert!(status.success(), "scripts/build-ink.sh failed");
    }
    (wasm.display().to_string(), json.display().to_string())
}

#[tokio::test(flavor = "multi_thread")]
async fn contract_upload_instantiate_call_query() {
    let env = env().await;
    let (wasm, meta) = counter();
    let k = key_hex(2);

    let up =
        env.tao(&["--key", &k, "--yes", "--json", "contract", "upload", "--wasm", &wasm]).await;
    let hash = up.ok().json()["code_hash"].as_str().expect("code hash").to_owned();
    assert_eq!(hash.len(), 66);

    let inst = env
        .tao(&[
            "--key",
            &k,
            "--yes",
            "--json",
            "contract",
            "instantiate",
            "--code-hash",
            &hash,
            "--metadata",
            &meta,
            "--args",
            "false",
            "--salt",
            "0x01",
        ])
        .await
        .ok()
        .json();
    let c = inst["contract"].as_str().expect("contract").to_owned();
    assert!(inst["contract_ss58"].as_str().expect("ss58").starts_with('5'));

    let q = |msg: &'static str| {
        let (c, meta, env) = (c.clone(), meta.clone(), &env);
        async move {
            env.tao(&[
                "--json",
                "contract",
                "query",
                "--contract",
                &c,
                "--metadata",
                &meta,
                "--message",
                msg,
            ])
            .await
            .ok()
            .json()["result"]
                .clone()
        }
    };
    assert_eq!(q("get").await, serde_json::json!(false));
    let flip = env
        .tao(&[
            "--key",
            &k,
            "--yes",
            "--json",
            "contract",
            "call",
            "--contract",
            &c,
            "--metadata",
            &meta,
            "--message",
            "flip",
        ])
        .await
        .ok()
        .json();
    let events = flip["events"].as_array().expect("events");
    assert_eq!(events.len(), 1, "{flip}");
    assert_eq!(events[0]["Flipped"]["value"], serde_json::json!(true), "{flip}");
    assert_eq!(q("get").await, serde_json::json!(true));
    assert_eq!(q("count").await, serde_json::json!(1));

    // A payable message: 2.5 TAO reach the contract as 2 500 000 000 RAO.
    let dep = env
        .tao(&[
            "--key",
            &k,
            "--yes",
            "--json",
            "contract",
            "call",
            "--contract",
            &c,
            "--metadata",
            &meta,
            "--message",
            "deposit",
            "--value",
            "2.5",
        ])
        .await
        .ok()
        .json();
    assert_eq!(
        dep["events"][0]["Deposited"]["amount"],
        serde_json::json!(2_500_000_000u64),
        "{dep}"
    );
    let mine = env
        .tao(&[
            "--json",
            "contract",
            "query",
            "--contract",
            &c,
            "--metadata",
            &meta,
            "--message",
            "deposit_of",
            "--args",
            &id_hex(2),
        ])
        .await
        .ok()
        .json();
    assert_eq!(mine["result"], serde_json::json!(2_500_000_000u64));

    // Mistakes: an unknown message and wrong arguments are usage errors (1); --value on a
    // message that is not payable too; a contract revert is 3 with its output decoded.
    let base = ["--key", &k, "--yes", "contract", "call", "--contract", &c, "--metadata", &meta];
    run(&env, &base, &["--message", "flop"])
        .await
        .fails(1, "the contract has no message `flop` (it has: flip, get,");
    run(&env, &base, &["--message", "deposit_of"])
        .await
        .fails(1, "`deposit_of` takes 1 argument(s) (who: AccountId), 0 given");
    run(&env, &base, &["--message", "deposit_of", "--args", "0x12"])
        .await
        .fails(1, "argument `who`: `0x12` is not a AccountId");
    run(&env, &base, &["--message", "flip", "--value", "1"])
        .await
        .fails(1, "`flip` is not payable: drop --value");
    run(&env, &base, &["--message", "flip_then_revert"])
        .await
        .fails(3, r#"contract reverted with {"Ok":{"Err":7}}"#);
    assert_eq!(q("get").await, serde_json::json!(true), "the reverted flip left nothing");

    // Upload and instantiate in one transaction, with value for the payable constructor; the
    // same salt and code from the same deployer give another account (other input).
    let k3 = key_hex(3);
    let second = env
        .tao(&[
            "--key",
            &k3,
            "--yes",
            "--json",
            "contract",
            "instantiate",
            "--wasm",
            &wasm,
            "--metadata",
            &meta,
            "--args",
            "true",
            "--salt",
            "0x01",
            "--value",
            "1",
        ])
        .await
        .ok()
        .json();
    let c2 = second["contract"].as_str().expect("contract").to_owned();
    assert_ne!(c2, c);
    let got = env
        .tao(&[
            "--json",
            "contract",
            "query",
            "--contract",
            &c2,
            "--metadata",
            &meta,
            "--message",
            "get",
        ])
        .await
        .ok()
        .json();
    assert_eq!(got["result"], serde_json::json!(true));
    env.tao(&[
        "--key",
        &k3,
        "--yes",
        "contract",
        "instantiate",
        "--wasm",
        &wasm,
        "--metadata",
        &meta,
        "--constructor",
        "nope",
    ])
    .await
    .fails(1, "the contract has no constructor `nope` (it has: new, failing)");
}

/// `tao BASE... EXTRA...`.
async fn run(env: &Env, base: &[&str], extra: &[&str]) -> Out {
    let args: Vec<&str> = base.iter().chain(extra).copied().collect();
    env.tao(&args).await
}
