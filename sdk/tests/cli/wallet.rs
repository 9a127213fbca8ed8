//! `wallet new|import|list|balance` and signing with `--wallet` (password from
//! `TAO_PASSWORD` or `--password-file`), with the common mistakes: a wrong password, a missing
//! wallet, no password source, an existing wallet.

use crate::helpers::*;

#[tokio::test(flavor = "multi_thread")]
async fn wallets_keys_and_passwords() {
    let env = env().await;
    let pw = [("TAO_PASSWORD", "correct horse")];

    // New wallet: a coldkey and a hotkey, each with its own mnemonic, files apart.
    let made = env.tao_env(&["--json", "wallet", "new", "--name", "alice"], &pw).await.ok().json();
    let dir = env.wallets.path();
    assert!(dir.join("alice/coldkey.json").is_file());
    assert!(dir.join("alice/hotkeys/default.json").is_file());
    let phrase = made["coldkey"]["mnemonic"].as_str().expect("mnemonic").to_owned();
    assert_eq!(phrase.split(' ').count(), 12);
    assert_ne!(made["coldkey"]["address"], made["hotkey"]["address"]);
    let key = taochain_sdk::Key::from_mnemonic(&phrase, 0).expect("phrase");
    assert_eq!(made["coldkey"]["id"], key.id().to_hex());
    let file = std::fs::read_to_string(dir.join("alice/coldkey.json")).expect("file");
    let v3: serde_json::Value = serde_json::from_str(&file).expect("json");
    assert_eq!(v3["version"], 3);
    assert!(!file.contains(&key.secret_hex()[2..]), "encrypted");
    env.tao_env(&["wallet", "new", "--name", "alice"], &pw).await.fails(4, "exists already");

    // Import dev 6 as a coldkey from its raw key, and dev 7 as a hotkey from a mnemonic.
    let pwfile = dir.join("pw.txt");
    std::fs::write(&pwfile, "s3cret\n").expect("password file");
    let pwf = pwfile.to_str().expect("utf-8");
    env.tao(&[
        "--password-file",
        pwf,
        "wallet",
        "import",
        "--name",
        "dev6",
        "--private-key",
        &key_hex(6),
    ])
    .await
    .ok();
    let phrase7 = "test test test test test test test test test test test junk";
    env.tao(&[
        "--password-file",
        pwf,
        "wallet",
        "import",
        "--name",
        "dev6",
        "--mnemonic",
        phrase7,
        "--index",
        "7",
        "--as-hotkey",
        "miner",
    ])
    .await
    .ok();
    let list = env.tao(&["--json", "wallet", "list"]).await.ok().json();
    let wallets = list["wallets"].as_array().expect("wallets");
    assert_eq!(wallets.len(), 2);
    assert_eq!(wallets[1]["name"], "dev6");
    assert_eq!(wallets[1]["coldkey"]["id"], id_hex(6));
    assert_eq!(wallets[1]["hotkeys"][0]["name"], "miner");
    assert_eq!(wallets[1]["hotkeys"][0]["id"], id_hex(7));
    let human = env.tao(&["wallet", "list"]).await.ok().stdout;
    assert!(human.contains("hotkey miner") && human.contains(&id_ss58(7)), "{human}");

    // Balance of the wallet's coldkey (no password needed), then a transfer signed with it.
    let bal = env.tao(&["--wallet", "dev6", "--json", "wallet", "balance"]).await.ok().json();
    assert_eq!(bal["id"], id_hex(6));
    let new_cold = made["coldkey"]["address"].as_str().expect("address").to_owned();
    env.tao(&[
        "--wallet",
        "dev6",
        "--password-file",
        pwf,
        "--yes",
        "transfer",
        "--dest",
        &new_cold,
        "--amount",
        "2",
    ])
    .await
    .ok();
    let bal = env.tao(&["--wallet", "alice", "--json", "wallet", "balance"]).await.ok().json();
    assert_eq!(bal["free"], "2");

    // The new wallet's coldkey signs with TAO_PASSWORD.
    env.tao_env(
        &["--wallet", "alice", "--yes", "transfer", "--dest", &id_ss58(6), "--amount", "0.5"],
        &pw,
    )
    .await
    .ok();

    // Mistakes: a wrong password (exit 4), no password source without a terminal, a missing
    // wallet or hotkey, a bad mnemonic.
    env.tao_env(
        &["--wallet", "alice", "--yes", "transfer", "--dest", &id_ss58(6), "--amount", "0.1"],
        &[("TAO_PASSWORD", "wrong")],
    )
    .await
    .fails(4, "wrong password for")
    .fails(4, "alice/coldkey.json");
    env.tao(&["--wallet", "alice", "--yes", "transfer", "--dest", &id_ss58(6), "--amount", "0.1"])
        .await
        .fails(4, "give --password-file FILE or set TAO_PASSWORD");
    env.tao_env(
        &["--wallet", "bob", "--yes", "transfer", "--dest", &id_ss58(6), "--amount", "0.1"],
        &pw,
    )
    .await
    .fails(4, "wallet \"bob\" has no coldkey");
    env.tao_env(
        &[
            "--wallet",
            "alice",
            "--wallet-hotkey",
            "nope",
            "--yes",
            "weights",
            "set",
            "--netuid",
            "0",
            "--uids",
            "0",
            "--weights",
            "1",
        ],
        &pw,
    )
    .await
    .fails(4, "has no hotkey \"nope\"");
    env.tao_env(&["wallet", "import", "--name", "x", "--mnemonic", "one two three"], &pw)
        .await
        .fails(4, "bad mnemonic");
    let e = env
        .tao_env(
            &[
                "--json",
                "--wallet",
                "alice",
                "--yes",
                "transfer",
                "--dest",
                &id_ss58(6),
                "--amount",
                "0.1",
            ],
            &[("TAO_PASSWORD", "wrong")],
        )
        .await;
    assert_eq!(e.json()["error"]["kind"], "wallet");
}
