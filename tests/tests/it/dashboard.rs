//! The dashboard on the RPC port: `GET /` serves the page and `GET /dashboard.js` its script,
//! while JSON-RPC keeps working on `POST` and WebSocket on the same port; the function
//! selectors the script encodes by hand match the contracts crate's bindings. Then the page
//! itself in headless Chromium (`tests/js/dashboard.mjs`, playwright-core): an injected
//! EIP-1193 wallet backed by a dev key adds the network, stakes into a subnet and unstakes.

use alloy::sol_types::SolCall;
use alloy_primitives::{Address, U256, hex};
use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use std::path::PathBuf;
use taochain_tests::*;

#[tokio::test(flavor = "multi_thread")]
async fn get_serves_the_page_and_post_and_ws_stay_json_rpc() {
    let node = dev_node(None).await;
    let url = node.http_url();
    let http = reqwest::Client::new();

    let page = http.get(format!("{url}/")).send().await.expect("GET /");
    assert_eq!(page.status(), 200);
    let kind = page.headers()["content-type"].to_str().unwrap_or_default().to_owned();
    assert!(kind.starts_with("text/html"), "{kind}");
    let csp = page.headers()["content-security-policy"].to_str().unwrap_or_default().to_owned();
    assert!(csp.contains("connect-src 'self'"), "{csp}");
    let html = page.text().await.expect("body");
    assert!(html.contains("<title>taochain dashboard</title>"), "{html}");
    assert!(html.contains(r#"<script src="/dashboard.js"></script>"#));
    assert_eq!(html, evm_host::rpc::dashboard::INDEX_HTML, "the embedded page, unchanged");

    let js = http.get(format!("{url}/dashboard.js")).send().await.expect("GET /dashboard.js");
    assert_eq!(js.status(), 200);
    assert!(js.headers()["content-type"].to_str().is_ok_and(|k| k.starts_with("text/javascript")));
    let js = js.text().await.expect("body");
    for needle in [
        "wallet_addEthereumChain",
        "eth_requestAccounts",
        "eth_sendTransaction",
        "tao_subnets",
        "tao_metagraph",
        "tao_contracts",
    ] {
        assert!(js.contains(needle), "dashboard.js lacks {needle}");
    }
    let head = http.head(format!("{url}/")).send().await.expect("HEAD /");
    assert_eq!(head.status(), 200);

    // POST is JSON-RPC, on / as before.
    let rpc = Rpc::new(&url);
    assert_eq!(rpc.ok("eth_chainId", json!([])).await, json!("0x7a69"));
    let (status, v) =
        rpc.raw(r#"[{"jsonrpc":"2.0","id":1,"method":"tao_subnets","params":[]}]"#.into()).await;
    assert_eq!(status, 200);
    assert_eq!(v[0]["result"][0]["netuid"], 0);
    // Another path is not the page.
    let other = http.get(format!("{url}/favicon.ico")).send().await.expect("GET other");
    assert_ne!(other.status(), 200, "only / and /dashboard.js are served");

    // WebSocket on the same port.
    let (mut ws, _) = tokio_tungstenite::connect_async(node.ws_url()).await.expect("ws connect");
    let req = json!({"jsonrpc": "2.0", "id": 9, "method": "eth_chainId", "params": []});
    ws.send(tokio_tungstenite::tungstenite::Message::text(req.to_string())).await.expect("send");
    let msg = ws.next().await.expect("an answer").expect("ws message");
    let v: serde_json::Value = serde_json::from_str(msg.to_text().expect("text")).expect("json");
    assert_eq!(v["result"], json!("0x7a69"));
    node.stop().await;
}

/// The selectors `dashboard.js` writes by hand are those of the bindings.
#[test]
fn the_scripts_selectors_are_the_bindings() {
    let js = evm_host::rpc::dashboard::DASHBOARD_JS;
    let find = |name: &str| -> String {
        let key = format!("{name}: '0x");
        let at = js.find(&key).unwrap_or_else(|| panic!("dashboard.js has no selector {name}"));
        js[at + key.len() - 2..at + key.len() + 8].to_owned()
    };
    let sel = |s: [u8; 4]| format!("0x{}", hex::encode(s));
    assert_eq!(find("addStake"), sel(contracts::IStaking::addStakeCall::SELECTOR));
    assert_eq!(find("removeStake"), sel(contracts::IStaking::removeStakeCall::SELECTOR));
    assert_eq!(
        find("addressMapping"),
        sel(contracts::IAddressMapping::addressMappingCall::SELECTOR)
    );
    assert!(js.contains(&format!("'{}'", contracts::staking::ADDRESS.to_string().to_lowercase())));
}

/// The page in headless Chromium with an injected wallet: add the network, stake into a
/// subnet, see the stake in the page and on chain; `target/dashboard.png` is its screenshot.
#[tokio::test(flavor = "multi_thread")]
async fn dashboard_stakes_through_an_injected_wallet_in_chromium() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    assert!(
        root.join("tests/js/node_modules/playwright-core").exists()
            && std::path::Path::new("/usr/bin/chromium").exists(),
        "playwright-core or /usr/bin/chromium missing: run scripts/setup-tools.sh (the README test command does)"
    );
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    // A subnet owned by dev 1, registered in the test's setup.
    let owner = Sender::dev(&rpc, 1);
    let call = contracts::ISubnet::registerNetwork_0Call { hotkey: owner.id() };
    owner
        .send_ok(Some(contracts::subnet::ADDRESS), U256::ZERO, call.abi_encode().into(), 3_000_000)
        .await;
    // A block with emission into the new pool, so the page has emission shares to show.
    rpc.mine(2).await;
    let shot = root.join("target/dashboard.png");
    let _ = std::fs::remove_file(&shot);
    let staker: Address = dev_key(4).address();
    let out = tokio::process::Command::new("node")
        .arg("dashboard.mjs")
        .env("RPC_URL", node.http_url())
        .env("STAKER_INDEX", "4")
        .env("HOTKEY", format!("{:#x}", owner.id()))
        .env("SCREENSHOT", &shot)
        .current_dir(root.join("tests/js"))
        .kill_on_drop(true)
        .output()
        .await
        .expect("run node dashboard.mjs");
    let log = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "dashboard.mjs failed:\n{log}");
    assert!(log.contains("dashboard: 6 passed, 0 failed"), "{log}");
    // On chain, independently of the page: dev 4's coldkey holds stake on the owner's hotkey.
    let v = rpc.ok("tao_coldkeyStake", json!([format!("{:#x}", evm_id(staker))])).await;
    let p = &v["positions"][0];
    assert_eq!(p["netuid"], 1, "{v}");
    assert_eq!(p["hotkey"], json!(format!("{:#x}", owner.id())));
    assert!(p["alpha"].as_str().and_then(|a| a.parse::<u64>().ok()).is_some_and(|a| a > 0), "{v}");
    assert!(shot.exists(), "no screenshot at {}", shot.display());
    node.stop().await;
}
