//! `stake add|remove|move|transfer|list` and `transfer`, with their common mistakes:
//! slippage exceeded, insufficient balance, an unknown subnet, more than the position, no
//! confirmation possible, amounts that would be rounded.

use crate::helpers::*;
use taochain_sdk::{Alpha, Tao};

fn alpha(v: &serde_json::Value) -> Alpha {
    v.as_str().unwrap_or_else(|| panic!("not an amount: {v}")).parse().expect("exact alpha")
}

#[tokio::test(flavor = "multi_thread")]
async fn stake_add_remove_move_transfer_and_list() {
    let env = env().await;
    let url = env.url.clone();
    env.create_subnet(1).await;
    let named = [
        "--key",
        &key_hex(2),
        "--yes",
        "--json",
        "subnet",
        "create",
        "--name",
        "compute",
        "--github-repo",
        "https://example.org/compute",
    ];
    assert_eq!(env.tao(&named).await.ok().json()["netuid"], 2);
    let subnets = env.tao(&["--json", "subnet", "list"]).await.ok().json();
    assert_eq!(subnets[2]["name"], "compute", "registered with its identity");
    let (k3, id1_ss58, id2) = (key_hex(3), id_ss58(1), id_hex(2));

    // Exactly as documented, with the hotkey in SS58:
    // `tao --rpc URL --key HEX --yes stake add --netuid N --hotkey ID --amount 10`.
    let args = [
        "--rpc", &url, "--key", &k3, "--yes", "stake", "add", "--netuid", "1", "--hotkey",
        &id1_ss58, "--amount", "10",
    ];
    let out = env.raw(args.map(str::to_owned).to_vec(), vec![]).await.ok();
    assert!(out.stdout.starts_with("staked: transaction 0x"), "{}", out.stdout);
    assert!(out.stdout.contains("alpha_received: "), "{}", out.stdout);

    // `tao --rpc URL --json stake list --coldkey ID`, in hex and in SS58.
    let list = env.tao(&["--json", "stake", "list", "--coldkey", &id_hex(3)]).await.ok().json();
    assert_eq!(list["coldkey"], id_hex(3));
    let positions = list["positions"].as_array().expect("positions").clone();
    assert_eq!(positions.len(), 1, "{list}");
    assert_eq!(positions[0]["netuid"], 1);
    assert_eq!(positions[0]["hotkey"], id_hex(1));
    let held = alpha(&positions[0]["alpha"]);
    assert!(held.rao() > 0);
    let same = env.tao(&["--json", "stake", "list", "--coldkey", &id_ss58(3)]).await.ok().json();
    assert_eq!(same, list);
    let own = env.tao(&["--key", &k3, "--json", "stake", "list"]).await.ok().json();
    assert_eq!(own["positions"], list["positions"], "the signer's coldkey by default");

    // Remove part with a slippage limit; the rest stays.
    let part = Alpha::from_rao(held.rao() / 4).to_string();
    let removed = env
        .tao(&[
            "--key",
            &k3,
            "--yes",
            "--json",
            "stake",
            "remove",
            "--netuid",
            "1",
            "--hotkey",
            &id_hex(1),
            "--amount",
            &part,
            "--max-slippage",
            "5",
        ])
        .await
        .ok()
        .json();
    assert_eq!(removed["amount"], part.as_str());
    assert!(
        removed["tao_received"]
            .as_str()
            .is_some_and(|t| t.parse::<Tao>().is_ok_and(|t| t.rao() > 0))
    );

    // Move some to subnet 2 (owner hotkey of dev 2) and give some to dev 4.
    let unit = Alpha::from_rao(held.rao() / 8).to_string();
    env.tao(&[
        "--key",
        &k3,
        "--yes",
        "stake",
        "move",
        "--hotkey",
        &id_hex(1),
        "--netuid",
        "1",
        "--dest-hotkey",
        &id2,
        "--dest-netuid",
        "2",
        "--amount",
        &unit,
    ])
    .await
    .ok();
    env.tao(&[
        "--key",
        &k3,
        "--yes",
        "stake",
        "transfer",
        "--dest-coldkey",
        &id_ss58(4),
        "--hotkey",
        &id_hex(1),
        "--netuid",
        "1",
        "--amount",
        &unit,
    ])
    .await
    .ok();
    let list = env.tao(&["--json", "stake", "list", "--coldkey", &id_hex(3)]).await.ok().json();
    let nets: Vec<u64> = list["positions"]
        .as_array()
        .expect("positions")
        .iter()
        .filter_map(|p| p["netuid"].as_u64())
        .collect();
    assert_eq!(nets.len(), 2, "{list}");
    assert!(nets.contains(&1) && nets.contains(&2), "{list}");
    let theirs = env.tao(&["--json", "stake", "list", "--coldkey", &id_hex(4)]).await.ok().json();
    assert_eq!(alpha(&theirs["positions"][0]["alpha"]).to_string(), unit, "received exactly");
    let human = env.tao(&["stake", "list", "--coldkey", &id_hex(4)]).await.ok().stdout;
    assert!(human.contains(&unit) && human.contains(&id1_ss58), "{human}");

    // Unstake the whole position in subnet 1; the one in subnet 2 stays.
    let all = [
        "--key",
        &k3,
        "--yes",
        "--json",
        "stake",
        "remove",
        "--netuid",
        "1",
        "--hotkey",
        &id_hex(1),
        "--all",
        "--max-slippage",
        "50",
    ];
    let out = env.tao(&all).await.ok().json();
    assert!(alpha(&out["amount"]).rao() > 0, "{out}");
    let list = env.tao(&["--json", "stake", "list", "--coldkey", &id_hex(3)]).await.ok().json();
    let nets: Vec<u64> = list["positions"]
        .as_array()
        .expect("positions")
        .iter()
        .filter_map(|p| p["netuid"].as_u64())
        .collect();
    assert_eq!(nets, vec![2], "{list}");
    env.tao(&all).await.fails(1, "has no stake on hotkey");
    let both = [
        "--key",
        &k3,
        "--yes",
        "stake",
        "remove",
        "--netuid",
        "1",
        "--hotkey",
        &id_hex(1),
        "--all",
        "--amount",
        "1",
    ];
    env.tao(&both).await.fails(1, "cannot be used with");

    // Without --hotkey: the signer's own hotkey (dev 3's twin, not registered anywhere).
    env.tao(&["--key", &k3, "--yes", "stake", "add", "--netuid", "1", "--amount", "1"])
        .await
        .fails(3, "HotKeyAccountNotExists")
        .fails(3, "hint: the hotkey is not registered anywhere");
}

/// The common mistakes of `stake add|remove`: each is refused before anything is sent, with
/// the exit code and a message that says what to do.
#[tokio::test(flavor = "multi_thread")]
async fn stake_mistakes_change_nothing() {
    let env = env().await;
    env.create_subnet(1).await;
    let k3 = key_hex(3);
    env.tao(&[
        "--key",
        &k3,
        "--yes",
        "stake",
        "add",
        "--netuid",
        "1",
        "--hotkey",
        &id_hex(1),
        "--amount",
        "10",
    ])
    .await
    .ok();
    // Slippage exceeded: a big stake with a tight limit is refused in simulation (exit 3),
    // nothing is sent, and the hint says what to change.
    let before = env.tao(&["--json", "stake", "list", "--coldkey", &id_hex(3)]).await.ok().json();
    let big = [
        "--key",
        &k3,
        "--yes",
        "stake",
        "add",
        "--netuid",
        "1",
        "--hotkey",
        &id_hex(1),
        "--amount",
        "500",
        "--max-slippage",
        "0.5",
    ];
    let e = env
        .tao(&big)
        .await
        .fails(3, "SlippageTooHigh")
        .fails(3, "hint: the pool price would pass your limit");
    assert!(!e.stderr.contains("sent 0x"), "nothing sent: {}", e.stderr);
    let limit = [
        "--key",
        &k3,
        "--yes",
        "stake",
        "add",
        "--netuid",
        "1",
        "--hotkey",
        &id_hex(1),
        "--amount",
        "500",
        "--limit-price",
        "0.000000001",
    ];
    env.tao(&limit).await.fails(3, "reverted");
    let after = env.tao(&["--json", "stake", "list", "--coldkey", &id_hex(3)]).await.ok().json();
    assert_eq!(before, after);
    // Insufficient balance, unknown subnet, more than the position.
    env.tao(&[
        "--key",
        &k3,
        "--yes",
        "stake",
        "add",
        "--netuid",
        "1",
        "--hotkey",
        &id_hex(1),
        "--amount",
        "100000000",
    ])
    .await
    .fails(1, "insufficient balance");
    env.tao(&[
        "--key",
        &k3,
        "--yes",
        "stake",
        "add",
        "--netuid",
        "9",
        "--hotkey",
        &id_hex(1),
        "--amount",
        "1",
    ])
    .await
    .fails(1, "subnet 9 does not exist");
    env.tao(&[
        "--key",
        &k3,
        "--yes",
        "stake",
        "remove",
        "--netuid",
        "1",
        "--hotkey",
        &id_hex(1),
        "--amount",
        "100000",
    ])
    .await
    .fails(3, "NotEnoughStakeToWithdraw");
    // Amounts and ids that would be guessed at are refused before any RPC.
    env.tao(&[
        "--key",
        &k3,
        "--yes",
        "stake",
        "add",
        "--netuid",
        "1",
        "--hotkey",
        &id_hex(1),
        "--amount",
        "1.0000000001",
    ])
    .await
    .fails(1, "at most 9");
    env.tao(&[
        "--key",
        &k3,
        "--yes",
        "stake",
        "add",
        "--netuid",
        "1",
        "--hotkey",
        "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ",
        "--amount",
        "1",
    ])
    .await
    .fails(1, "checksum");
    let both = [
        "--key",
        &k3,
        "--yes",
        "stake",
        "add",
        "--netuid",
        "1",
        "--hotkey",
        &id_hex(1),
        "--amount",
        "1",
        "--limit-price",
        "2",
        "--max-slippage",
        "1",
    ];
    env.tao(&both).await.fails(1, "cannot be used with");
    // No terminal and no --yes: refused with a clear message, nothing sent.
    env.tao(&[
        "--key",
        &k3,
        "stake",
        "add",
        "--netuid",
        "1",
        "--hotkey",
        &id_hex(1),
        "--amount",
        "1",
    ])
    .await
    .fails(1, "pass --yes to send without asking");
    // A command that signs without a key.
    env.tao(&["--yes", "stake", "add", "--netuid", "1", "--hotkey", &id_hex(1), "--amount", "1"])
        .await
        .fails(4, "give --key HEX or --wallet NAME");
}

#[tokio::test(flavor = "multi_thread")]
async fn transfers_to_addresses_and_ids() {
    let env = env().await;
    let k5 = key_hex(5);
    let fresh = taochain_sdk::Key::random();
    let to_addr = fresh.address().to_string();
    let out = env
        .tao(&["--key", &k5, "--yes", "--json", "transfer", "--dest", &to_addr, "--amount", "1.5"])
        .await
        .ok();
    assert_eq!(out.json()["amount"], "1.5");
    let bal = env.tao(&["--json", "wallet", "balance", "--account", &to_addr]).await.ok().json();
    assert_eq!(bal["free"], "1.5");
    // To a 32-byte id (a Substrate key: kept as its native balance).
    let alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
    env.tao(&["--key", &k5, "--yes", "transfer", "--dest", alice, "--amount", "0.000000001"])
        .await
        .ok();
    let bal = env.tao(&["--json", "wallet", "balance", "--account", alice]).await.ok().json();
    assert_eq!(bal["free"], "0.000000001");
    // Insufficient balance: exit 1, the numbers in the message.
    env.tao(&["--key", &fresh.secret_hex(), "--yes", "transfer", "--dest", alice, "--amount", "2"])
        .await
        .fails(1, "insufficient balance")
        .fails(1, "has 1.5 TAO");
    env.tao(&["--key", &k5, "--yes", "transfer", "--dest", "0x1234", "--amount", "1"])
        .await
        .fails(1, "not a 32-byte id");
    env.tao(&["--key", "0x12", "--yes", "transfer", "--dest", alice, "--amount", "1"])
        .await
        .fails(4, "invalid key");
}

/// A limit is checked again when the transaction runs: here the simulation on the head passes,
/// but the next block's step first injects the new subnet's emission into the pool, the price
/// moves, and the mined transaction reverts. The error is the chain's own reason, read from
/// the mined execution, with the transaction hash.
#[tokio::test(flavor = "multi_thread")]
async fn slippage_is_checked_again_at_inclusion() {
    let env = env().await;
    env.create_subnet(1).await;
    let args = [
        "--key",
        &key_hex(3),
        "--yes",
        "--json",
        "stake",
        "add",
        "--netuid",
        "1",
        "--hotkey",
        &id_hex(1),
        "--amount",
        "2",
        "--max-slippage",
        "5",
    ];
    let e =
        env.tao(&args).await.fails(3, "SlippageTooHigh: addStakeLimit").fails(3, "(transaction 0x");
    assert!(e.stderr.contains("included in block 2"), "it was mined: {}", e.stderr);
    assert_eq!(e.json()["error"]["kind"], "reverted");
    assert_eq!(e.json()["error"]["chain_error"], "SlippageTooHigh");
    let list = env.tao(&["--json", "stake", "list", "--coldkey", &id_hex(3)]).await.ok().json();
    assert_eq!(list["positions"], serde_json::json!([]), "nothing staked");
}
