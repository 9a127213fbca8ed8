//! Foundry (forge create, forge script, cast), ethers v6 and viem against an in-process dev node,
//! the DeFi-on-alpha scenario with viem, and every viem test-client action.
//! The tools come from `scripts/setup-tools.sh`, which the README test command runs first.

use std::path::PathBuf;
use taochain_tests::dev_node;

#[tokio::test(flavor = "multi_thread")]
async fn foundry_ethers_and_viem_work_unchanged() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let tools = root.join(".tools/bin/forge");
    assert!(
        tools.exists() && root.join("tests/js/node_modules").exists(),
        "client tools missing: run scripts/setup-tools.sh (the README test command does)"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let node = dev_node(Some(dir.path().to_path_buf())).await;
    let (http, ws) = (node.http_url(), node.ws_url());
    let script = root.join("tests/clients/run-all.sh");
    let out = tokio::process::Command::new("bash")
        .arg(&script)
        .arg(&http)
        .arg(&ws)
        .current_dir(&root)
        .output()
        .await
        .expect("run client suites");
    let log = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    node.stop().await;
    assert!(out.status.success(), "client suites failed:\n{log}");
    assert!(log.contains("foundry: 14 passed, 0 failed"), "{log}");
    assert!(log.contains("ethers: 10 passed, 0 failed"), "{log}");
    assert!(log.contains("viem: 11 passed, 0 failed"), "{log}");
    // The precompile checks run on taochain (they skip themselves on plain anvil only).
    assert!(!log.contains("skipped"), "a precompile check was skipped on taochain:\n{log}");
}

/// Runs `tests/js/<script>` with node against a fresh dev node and requires success and the
/// script's exact summary line.
async fn run_js_against_dev_node(script: &str, summary: &str) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    assert!(
        root.join("tests/js/node_modules/viem").exists(),
        "tests/js/node_modules missing: run scripts/setup-tools.sh (the README test command does)"
    );
    let node = dev_node(None).await;
    let out = tokio::process::Command::new("node")
        .arg(script)
        .env("RPC_URL", node.http_url())
        .env("WS_URL", node.ws_url())
        .current_dir(root.join("tests/js"))
        .output()
        .await
        .unwrap_or_else(|e| panic!("run node {script}: {e}"));
    let log = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    node.stop().await;
    assert!(out.status.success(), "{script} failed:\n{log}");
    assert!(log.contains(summary), "{log}");
}

/// DeFi on alpha with viem (`tests/js/defi.mjs`): stake through 0x805, a delegation vault
/// whose shares gain alpha at an epoch, wrapped alpha as collateral in the predeployed lending
/// market, a borrow at the limit, a crash by a large unstake, a liquidation checked to the unit.
#[tokio::test(flavor = "multi_thread")]
async fn defi_on_alpha_with_viem() {
    run_js_against_dev_node("defi.mjs", "defi: 9 passed, 0 failed").await;
}

/// Every action of viem's test client (`tests/js/testclient.mjs`) against the dev node, each
/// checked by its effect; the actions refused by design (setCoinbase, setMinGasPrice, setRpcUrl,
/// setLoggingEnabled, reset with forking) checked to fail with their JSON-RPC error; a vault
/// deposit traced with callTracer and prestateTracer and decoded with viem; an eth_simulateV1
/// bundle.
#[tokio::test(flavor = "multi_thread")]
async fn testclient_drives_every_action() {
    run_js_against_dev_node("testclient.mjs", "testclient: 22 passed, 0 failed").await;
}
