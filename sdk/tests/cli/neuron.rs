//! `neuron register|serve-axon` and `weights set|commit|reveal`, by raw key and by wallet
//! (coldkey pays, hotkey acts), with the common mistakes: registering twice, an unknown
//! subnet, setting weights where commit-reveal is on, revealing too early, mismatched rows.

use crate::helpers::*;
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn register_serve_and_weights() {
    let env = env().await;
    let netuid = env.create_subnet(1).await.to_string();
    let (k1, k2, k5) = (key_hex(1), key_hex(2), key_hex(5));

    // Dev 2 registers its own hotkey (its twin) and pays the burn.
    let reg = env
        .tao(&["--key", &k2, "--yes", "--json", "neuron", "register", "--netuid", &netuid])
        .await
        .ok()
        .json();
    assert_eq!(reg["uid"], 1);
    assert_eq!(reg["hotkey"], id_hex(2));
    env.tao(&["--key", &k2, "--yes", "neuron", "register", "--netuid", &netuid])
        .await
        .fails(3, "HotKeyAlreadyRegisteredInSubNet");
    env.tao(&["--key", &k2, "--yes", "neuron", "register", "--netuid", "9"])
        .await
        .fails(1, "subnet 9 does not exist");

    // A wallet: its coldkey pays for registering its hotkey; the hotkey serves the axon.
    let pw = [("TAO_PASSWORD", "pw")];
    let w = env
        .tao_env(&["--json", "wallet", "new", "--name", "val", "--hotkey", "h1"], &pw)
        .await
        .ok()
        .json();
    for who in ["coldkey", "hotkey"] {
        let addr = w[who]["address"].as_str().expect("address").to_owned();
        env.tao(&["--key", &k5, "--yes", "transfer", "--dest", &addr, "--amount", "10"]).await.ok();
    }
    let with_wallet = |args: &[&'static str]| {
        let mut v = vec!["--wallet", "val", "--wallet-hotkey", "h1", "--yes", "--json"];
        v.extend_from_slice(args);
        v
    };
    let args = with_wallet(&["neuron", "register", "--netuid", "1"]);
    let reg = env.tao_env(&args, &pw).await.ok().json();
    assert_eq!(reg["uid"], 2);
    assert_eq!(reg["hotkey"], w["hotkey"]["id"]);
    let args = with_wallet(&[
        "neuron",
        "serve-axon",
        "--netuid",
        "1",
        "--ip",
        "10.0.0.2",
        "--port",
        "8091",
    ]);
    env.tao_env(&args, &pw).await.ok();
    let m = env.tao(&["--json", "metagraph", "--netuid", &netuid]).await.ok().json();
    assert_eq!(m["neurons"][2]["axon"], "10.0.0.2:8091");
    assert_eq!(m["neurons"][2]["coldkey"], w["coldkey"]["id"]);
    let table = env.tao(&["metagraph", "--netuid", &netuid]).await.ok().stdout;
    assert!(table.contains("10.0.0.2:8091"), "{table}");

    // Weights: commit-reveal is on for a new subnet, so `set` is refused with a hint.
    env.rpc("anvil_mine", json!([10])).await;
    let set = [
        "--key",
        &k1,
        "--yes",
        "weights",
        "set",
        "--netuid",
        &netuid,
        "--uids",
        "0,1",
        "--weights",
        "100,200",
    ];
    env.tao(&set)
        .await
        .fails(3, "CommitRevealEnabled")
        .fails(3, "hint: this subnet uses commit-reveal");
    env.tao(&[
        "--key",
        &k1,
        "--yes",
        "weights",
        "commit",
        "--netuid",
        &netuid,
        "--uids",
        "0,1",
        "--weights",
        "1",
    ])
    .await
    .fails(1, "2 uids but 1 weights");
    let commit = [
        "--key",
        &k1,
        "--yes",
        "--json",
        "weights",
        "commit",
        "--netuid",
        &netuid,
        "--uids",
        "0,1",
        "--weights",
        "100,200",
    ];
    let c = env.tao(&commit).await.ok().json();
    let salt: Vec<String> =
        c["salt"].as_array().expect("salt").iter().map(|s| s.to_string()).collect();
    assert_eq!(salt.len(), 8);
    assert!(c["reveal_with"].as_str().is_some_and(|r| {
        r.starts_with("tao weights reveal --netuid 1 --uids 0,1 --weights 100,200 --salt ")
    }));
    let salt = salt.join(",");
    let reveal = [
        "--key",
        &k1,
        "--yes",
        "--json",
        "weights",
        "reveal",
        "--netuid",
        &netuid,
        "--uids",
        "0,1",
        "--weights",
        "100,200",
        "--salt",
        &salt,
    ];
    env.tao(&reveal)
        .await
        .fails(3, "RevealTooEarly")
        .fails(3, "hint: reveal in the epoch after the commit");
    env.rpc("tao_devJumpToNextTempo", json!([1])).await;
    let wrong_salt = [
        "--key",
        &k1,
        "--yes",
        "weights",
        "reveal",
        "--netuid",
        &netuid,
        "--uids",
        "0,1",
        "--weights",
        "100,200",
        "--salt",
        "1,2,3",
    ];
    env.tao(&wrong_salt).await.fails(3, "reverted");
    let r = env.tao(&reveal).await.ok().json();
    assert_eq!(r["uids"], json!([0, 1]));

    // The owner turns commit-reveal off; then `set` works.
    let off = [
        "--key",
        &k1,
        "--yes",
        "subnet",
        "hyperparameters",
        "set",
        "--netuid",
        &netuid,
        "--name",
        "commit_reveal_weights_enabled",
        "--value",
        "false",
    ];
    env.tao(&off).await.ok();
    env.rpc("anvil_mine", json!([10])).await;
    let done = env.tao(&set).await.ok();
    assert!(done.stdout.starts_with("weights set: transaction 0x"), "{}", done.stdout);
    let m = env.tao(&["--json", "metagraph", "--netuid", &netuid]).await.ok().json();
    assert!(m["neurons"][0]["last_update"].as_u64().is_some_and(|b| b > 10));
}
