//! Reads: `subnet list|show|hyperparameters get`, `metagraph`, `pool`, and their common
//! mistakes (an unknown subnet, a node that is not there, bad flags).

use crate::helpers::*;

#[tokio::test(flavor = "multi_thread")]
async fn subnets_metagraph_and_pool() {
    let env = env().await;
    let url = env.url.clone();

    // Exactly as documented: `tao --rpc URL --json subnet list`.
    let list = env.tao(&["--json", "subnet", "list"]).await.ok().json();
    assert_eq!(list.as_array().map(Vec::len), Some(1), "only root: {list}");
    assert_eq!(list[0]["netuid"], 0);

    // `tao --rpc URL --key HEX --yes subnet create`.
    let k = key_hex(1);
    let created = env.raw(
        ["--rpc", &url, "--key", &k, "--yes", "subnet", "create"].map(str::to_owned).to_vec(),
        vec![],
    );
    let created = created.await.ok();
    assert!(created.stdout.contains("subnet registered"), "{}", created.stdout);
    assert!(created.stdout.contains("netuid: 1"), "{}", created.stdout);
    assert!(created.stderr.contains("included in block"), "progress on stderr: {}", created.stderr);

    let list = env.tao(&["--json", "subnet", "list"]).await.ok().json();
    let s1 = &list[1];
    assert_eq!(s1["netuid"], 1);
    assert_eq!(s1["owner_coldkey"], id_hex(1));
    assert_eq!(s1["owner_hotkey"], id_hex(1), "the signer's own hotkey by default");
    assert_eq!(s1["price"], "1");
    let human = env.tao(&["subnet", "list"]).await.ok();
    assert!(
        human.stdout.lines().next().is_some_and(|h| h.starts_with("netuid")),
        "{}",
        human.stdout
    );

    let show = env.tao(&["--json", "subnet", "show", "--netuid", "1"]).await.ok().json();
    assert_eq!(show["locked"], s1["locked"]);

    // `tao --rpc URL --json metagraph --netuid N`.
    let m = env.tao(&["--json", "metagraph", "--netuid", "1"]).await.ok().json();
    assert_eq!(m["netuid"], 1);
    assert_eq!(m["neurons"][0]["uid"], 0);
    assert_eq!(m["neurons"][0]["hotkey"], id_hex(1));
    let table = env.tao(&["metagraph", "--netuid", "1"]).await.ok().stdout;
    for col in [
        "uid",
        "hotkey",
        "stake",
        "consensus",
        "incentive",
        "dividends",
        "emission",
        "vtrust",
        "active",
        "axon",
    ] {
        assert!(table.contains(col), "metagraph table lacks {col}:\n{table}");
    }

    // `tao --rpc URL --json pool --netuid N`, with a quote.
    let p = env.tao(&["--json", "pool", "--netuid", "1", "--quote-tao", "1.5"]).await.ok().json();
    assert_eq!(p["tao_in"], s1["tao_in"]);
    assert_eq!(p["alpha_in"], s1["alpha_in"]);
    assert_eq!(p["moving_price"], s1["moving_price"]);
    assert_eq!(p["quote"]["tao_in"], "1.5");
    let quoted: taochain_sdk::Alpha =
        p["quote"]["alpha_out"].as_str().expect("alpha").parse().expect("exact");
    assert!(quoted.rao() > 0 && quoted.rao() < 1_500_000_000, "fee and price impact: {quoted}");

    let hp =
        env.tao(&["--json", "subnet", "hyperparameters", "get", "--netuid", "1"]).await.ok().json();
    assert_eq!(hp["hyperparameters"]["registration_allowed"], "true");
    assert!(hp["hyperparameters"]["immunity_period"].is_string());

    // Mistakes: an unknown subnet is an input error (exit 1) that says how to find the subnets.
    for args in [
        &["metagraph", "--netuid", "9"][..],
        &["pool", "--netuid", "9"],
        &["subnet", "show", "--netuid", "9"],
        &["subnet", "hyperparameters", "get", "--netuid", "9"],
    ] {
        env.tao(args)
            .await
            .fails(1, "subnet 9 does not exist (`tao subnet list` shows the subnets)");
    }
    let e = env.tao(&["--json", "metagraph", "--netuid", "9"]).await.fails(1, "subnet 9");
    assert_eq!(e.json()["error"]["kind"], "input");
    assert_eq!(e.json()["error"]["exit_code"], 1);
    // Bad usage is exit 1 too, not clap's 2.
    env.tao(&["metagraph", "--netuid", "x"]).await.fails(1, "invalid value");
    env.tao(&["stake", "frobnicate"]).await.fails(1, "unrecognized subcommand");
    // A node that is not there: exit 2.
    let dead = env
        .raw(["--rpc", "http://127.0.0.1:9", "subnet", "list"].map(str::to_owned).to_vec(), vec![]);
    dead.await.fails(2, "cannot reach the node at http://127.0.0.1:9");
    // --help documents the exit codes.
    let help = env.tao(&["--help"]).await.ok().stdout;
    assert!(help.contains("3  transaction reverted"), "{help}");
}

#[tokio::test(flavor = "multi_thread")]
async fn start_and_hyperparameters_as_owner() {
    let env = env_mainnet_startup().await;
    let netuid = env.create_subnet(1).await.to_string();
    let owner = key_hex(1);
    let other = key_hex(2);
    // Staking waits for the start.
    env.tao(&[
        "--key",
        &other,
        "--yes",
        "stake",
        "add",
        "--netuid",
        &netuid,
        "--hotkey",
        &id_hex(1),
        "--amount",
        "1",
    ])
    .await
    .fails(3, "SubtokenDisabled")
    .fails(3, "hint: the subnet is not started yet");
    // Only the owner starts it.
    env.tao(&["--key", &other, "--yes", "subnet", "start", "--netuid", &netuid])
        .await
        .fails(3, "NotSubnetOwner");
    let started = env
        .tao(&["--key", &owner, "--yes", "--json", "subnet", "start", "--netuid", &netuid])
        .await
        .ok();
    assert_eq!(started.json()["netuid"], 1);
    assert!(started.json()["tx"].as_str().is_some_and(|t| t.len() == 66));
    env.tao(&["--key", &owner, "--yes", "subnet", "start", "--netuid", &netuid])
        .await
        .fails(3, "FirstEmissionBlockNumberAlreadySet");
    env.tao(&[
        "--key",
        &other,
        "--yes",
        "stake",
        "add",
        "--netuid",
        &netuid,
        "--hotkey",
        &id_hex(1),
        "--amount",
        "1",
    ])
    .await
    .ok();
    env.tao(&["--key", &owner, "--yes", "subnet", "start", "--netuid", "7"])
        .await
        .fails(1, "subnet 7 does not exist");

    // Hyperparameters: the owner sets one; someone else is refused; a bad value is refused
    // before anything is sent.
    let set =
        ["subnet", "hyperparameters", "set", "--netuid", &netuid, "--name", "immunity_period"];
    let mut args = vec!["--key", &owner, "--yes", "--json"];
    args.extend(set);
    args.extend(["--value", "100"]);
    env.tao(&args).await.ok();
    let hp = env
        .tao(&["--json", "subnet", "hyperparameters", "get", "--netuid", &netuid])
        .await
        .ok()
        .json();
    assert_eq!(hp["hyperparameters"]["immunity_period"], "100");
    let mut args = vec!["--key", &other, "--yes"];
    args.extend(set);
    args.extend(["--value", "200"]);
    env.tao(&args)
        .await
        .fails(3, "NotSubnetOwner")
        .fails(3, "hint: sign with the subnet owner's coldkey");
    let mut args = vec!["--key", &owner, "--yes"];
    args.extend(set);
    args.extend(["--value", "70000"]);
    env.tao(&args).await.fails(1, "at most 65535");
    let mut args = vec!["--key", &owner, "--yes"];
    args.extend([
        "subnet",
        "hyperparameters",
        "set",
        "--netuid",
        &netuid,
        "--name",
        "alpha_values",
        "--value",
        "40000,60000",
    ]);
    env.tao(&args).await.ok();
    let hp = env
        .tao(&["--json", "subnet", "hyperparameters", "get", "--netuid", &netuid])
        .await
        .ok()
        .json();
    assert_eq!(hp["hyperparameters"]["alpha_values"], "40000,60000");
    let bad = [
        "--key",
        &owner,
        "--yes",
        "subnet",
        "hyperparameters",
        "set",
        "--netuid",
        &netuid,
        "--name",
        "nope",
        "--value",
        "1",
    ];
    env.tao(&bad).await.fails(1, "unknown hyperparameter \"nope\"; known: serving_rate_limit");
}
