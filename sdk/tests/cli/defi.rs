//! `delegate list|deposit|withdraw`, `wrap`, `unwrap` against the predeployed factories, and
//! `epoch` offline, with their common mistakes: a bound that is not met, an unknown subnet,
//! more shares or alpha than held, an epoch case the epoch refuses.

use crate::helpers::*;
use alloy_primitives::U256;
use taochain_sdk::{Alpha, Shares, Tao};

fn shares(v: &serde_json::Value) -> Shares {
    v.as_str().unwrap_or_else(|| panic!("not shares: {v}")).parse().expect("exact shares")
}

fn alpha(v: &serde_json::Value) -> Alpha {
    v.as_str().unwrap_or_else(|| panic!("not alpha: {v}")).parse().expect("exact alpha")
}

fn tao(v: &serde_json::Value) -> Tao {
    v.as_str().unwrap_or_else(|| panic!("not TAO: {v}")).parse().expect("exact TAO")
}

#[tokio::test(flavor = "multi_thread")]
async fn delegate_list_deposit_withdraw() {
    let env = env().await;
    env.create_subnet(1).await;
    let (k3, hk) = (key_hex(3), id_ss58(1));

    let none = env.tao(&["--json", "delegate", "list"]).await.ok().json();
    assert_eq!(none, serde_json::json!([]), "no vault yet");

    // The first deposit opens the vault (two transactions), the second only deposits.
    let dep = |amount: &'static str| {
        let (k3, hk) = (k3.clone(), hk.clone());
        let env = &env;
        async move {
            env.tao(&[
                "--key", &k3, "--yes", "--json", "delegate", "deposit", "--netuid", "1",
                "--hotkey", &hk, "--amount", amount,
            ])
            .await
        }
    };
    let first = dep("10").await.ok();
    assert!(first.stderr.contains("included in block"), "progress: {}", first.stderr);
    let first = first.json();
    assert_eq!(first["transactions"], 2, "opened and deposited: {first}");
    let minted = shares(&first["shares_minted"]);
    assert!(minted.0 > U256::ZERO);
    assert_eq!(shares(&first["shares_held"]), minted);
    let vault = first["vault"].as_str().expect("vault").to_owned();

    let second = dep("5").await.ok().json();
    assert_eq!(second["transactions"], 1, "the vault was open already: {second}");
    assert_eq!(second["vault"], vault.as_str());
    let held = shares(&second["shares_held"]);
    assert_eq!(held.0, minted.0 + shares(&second["shares_minted"]).0);

    let list = env.tao(&["--json", "delegate", "list", "--netuid", "1"]).await.ok().json();
    let rows = list.as_array().expect("array");
    assert_eq!(rows.len(), 1, "{list}");
    assert_eq!(rows[0]["address"].as_str().map(str::to_lowercase), Some(vault.to_lowercase()));
    assert_eq!(rows[0]["hotkey"], id_hex(1));
    assert_eq!(rows[0]["netuid"], 1);
    assert_eq!(shares(&rows[0]["total_shares"]), held, "dev 3 holds every share");
    let stake = alpha(&rows[0]["stake"]);
    assert!(stake.rao() > 0);
    assert!(tao(&rows[0]["value"]).rao() > 0);
    // The vault's stake is on chain, under the vault's own coldkey (the twin of its address).
    let vault_addr: alloy_primitives::Address = vault.parse().expect("address");
    let vault_id = taochain_sdk::AccountId::of_address(vault_addr).to_hex();
    let on_chain = env.rpc("tao_coldkeyStake", serde_json::json!([vault_id])).await;
    assert_eq!(on_chain["positions"][0]["alpha"], stake.rao().to_string(), "{on_chain}");
    let human = env.tao(&["delegate", "list"]).await.ok().stdout;
    assert!(human.starts_with("vault"), "{human}");
    let other = env.tao(&["--json", "delegate", "list", "--netuid", "0"]).await.ok().json();
    assert_eq!(other, serde_json::json!([]), "filtered by subnet");

    // Mistakes: a minimum the deposit cannot meet (the vault's custom error, exit 3, nothing
    // sent), an unknown subnet (exit 1), more than the balance (exit 1).
    let out = env
        .tao(&[
            "--key",
            &k3,
            "--yes",
            "delegate",
            "deposit",
            "--netuid",
            "1",
            "--hotkey",
            &hk,
            "--amount",
            "1",
            "--min-shares",
            "1000000000",
        ])
        .await
        .fails(3, "SharesBelowMinimum");
    assert!(out.stderr.contains("hint: "), "{}", out.stderr);
    env.tao(&[
        "--key", &k3, "--yes", "delegate", "deposit", "--netuid", "9", "--hotkey", &hk, "--amount",
        "1",
    ])
    .await
    .fails(1, "subnet 9 does not exist");
    env.tao(&[
        "--key", &k3, "--yes", "delegate", "deposit", "--netuid", "1", "--hotkey", &hk, "--amount",
        "100000",
    ])
    .await
    .fails(1, "insufficient balance");

    // Withdraw more than held: refused before sending (exit 1).
    let too_many = Shares(held.0 + U256::from(1u64)).to_string();
    env.tao(&[
        "--key", &k3, "--yes", "delegate", "withdraw", "--netuid", "1", "--hotkey", &hk,
        "--shares", &too_many,
    ])
    .await
    .fails(1, "cannot redeem");

    // Withdraw everything with a slippage bound; the payout comes back as TAO.
    let addr3 = dev(3).address().to_string();
    let before = tao(&env
        .tao(&["--json", "wallet", "balance", "--account", &addr3])
        .await
        .ok()
        .json()["free"]);
    let out = env
        .tao(&[
            "--key",
            &k3,
            "--yes",
            "--json",
            "delegate",
            "withdraw",
            "--netuid",
            "1",
            "--hotkey",
            &hk,
            "--all",
            "--max-slippage",
            "5",
        ])
        .await
        .ok()
        .json();
    assert_eq!(shares(&out["shares"]), held);
    assert_eq!(out["paid_as"], "TAO");
    let paid = tao(&out["paid"]);
    assert!(paid.rao() > 10_000_000_000, "about 15 TAO back: {out}");
    let after = tao(&env
        .tao(&["--json", "wallet", "balance", "--account", &addr3])
        .await
        .ok()
        .json()["free"]);
    assert!(
        after.rao() > before.rao() + paid.rao() - 10_000_000,
        "the TAO arrived: {before} -> {after}"
    );
    let list = env.tao(&["--json", "delegate", "list"]).await.ok().json();
    assert_eq!(shares(&list[0]["total_shares"]), Shares::ZERO, "{list}");
    env.tao(&[
        "--key", &k3, "--yes", "delegate", "withdraw", "--netuid", "1", "--hotkey", &hk, "--all",
    ])
    .await
    .fails(1, "holds 0 shares");
}

#[tokio::test(flavor = "multi_thread")]
async fn wrap_and_unwrap_alpha() {
    let env = env().await;
    env.create_subnet(1).await;
    let (k3, hk) = (key_hex(3), id_hex(1));
    env.tao(&[
        "--key", &k3, "--yes", "stake", "add", "--netuid", "1", "--hotkey", &hk, "--amount", "10",
    ])
    .await
    .ok();
    let stake_of = || async {
        let s = env.tao(&["--json", "stake", "list", "--coldkey", &id_hex(3)]).await.ok().json();
        s["positions"]
            .as_array()
            .and_then(|p| p.first())
            .map_or(Alpha::ZERO, |p| alpha(&p["alpha"]))
    };
    let staked = stake_of().await;
    assert!(staked.rao() > 2_000_000_000, "{staked}");

    // Mistake: more alpha than staked (exit 1, nothing sent; no token was created).
    env.tao(&["--key", &k3, "--yes", "wrap", "--netuid", "1", "--hotkey", &hk, "--amount", "1000"])
        .await
        .fails(1, "cannot wrap");
    assert_eq!(stake_of().await, staked);

    // The first wrap creates the token, approves it on 0x805 and wraps: three transactions.
    let out = env
        .tao(&[
            "--key", &k3, "--yes", "--json", "wrap", "--netuid", "1", "--hotkey", &hk, "--amount",
            "2",
        ])
        .await
        .ok()
        .json();
    assert_eq!(out["transactions"], 3, "{out}");
    let wrapped = alpha(&out["alpha_wrapped"]);
    assert!(wrapped.rao().abs_diff(2_000_000_000) <= 1, "{out}");
    let minted = shares(&out["shares_minted"]);
    assert!(minted.0 > U256::ZERO);
    let left = stake_of().await;
    assert!(left.rao().abs_diff(staked.rao() - 2_000_000_000) <= 1, "{staked} -> {left}");
    let again = env
        .tao(&[
            "--key", &k3, "--yes", "--json", "wrap", "--netuid", "1", "--hotkey", &hk, "--amount",
            "1",
        ])
        .await
        .ok()
        .json();
    assert_eq!(again["transactions"], 2, "the token exists: {again}");
    assert_eq!(again["token"], out["token"]);
    let total = Shares(minted.0 + shares(&again["shares_minted"]).0);

    // Mistake: unwrapping more shares than held (exit 1).
    let too_many = Shares(total.0 + U256::from(1u64)).to_string();
    env.tao(&[
        "--key", &k3, "--yes", "unwrap", "--netuid", "1", "--hotkey", &hk, "--shares", &too_many,
    ])
    .await
    .fails(1, "cannot unwrap");
    // Unwrap everything: the stake comes back (to the alpha-RAO of rounding).
    let back = env
        .tao(&[
            "--key", &k3, "--yes", "--json", "unwrap", "--netuid", "1", "--hotkey", &hk, "--all",
        ])
        .await
        .ok()
        .json();
    assert_eq!(shares(&back["shares"]), total);
    let got = alpha(&back["alpha_received"]);
    // At least what was wrapped (an epoch's dividends to the hotkey would add to it).
    assert!(got.rao() + 2 >= 3_000_000_000, "{back}");
    assert!(stake_of().await.rao() + 3 >= staked.rao());
    // A hotkey with no token: exit 1 with what to do.
    env.tao(&["--key", &k3, "--yes", "unwrap", "--netuid", "1", "--hotkey", &id_hex(5), "--all"])
        .await
        .fails(1, "`tao wrap` creates it");
}

/// The worked example of docs/epoch-format.md.
const CASE: &str = r#"{
  "current_block": 1000,
  "emission": 1000000000,
  "stake": [3000, 1000, 0, 0],
  "last_update": [990, 990, 990, 990],
  "block_at_registration": [1, 1, 1, 1],
  "validator_permits": [true, true, false, false],
  "weights_sparse": [[[2, 65535]], [[2, 1], [3, 1]], [], []],
  "bonds_sparse": [[[2, 6553]], [[2, 3276]], [], []]
}"#;

#[tokio::test(flavor = "multi_thread")]
async fn epoch_offline_from_a_file() {
    let env = env().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let case = dir.path().join("case.json");
    std::fs::write(&case, CASE).expect("write");
    let path = case.display().to_string();
    // Offline: a node that is not there does not matter.
    let args = ["--rpc", "http://127.0.0.1:9", "--json", "epoch", "--input", &path];
    let out = env.raw(args.map(str::to_owned).to_vec(), vec![]).await.ok().json();
    assert_eq!(out["emission"], serde_json::json!([428575854u64, 71424145u64, 500000000u64, 0]));
    assert_eq!(out["dividends_u16"], serde_json::json!([56173, 9361, 0, 0]));
    // The very function `taochain epoch --input` runs.
    let input: tao_yuma::EpochInput = serde_json::from_str(CASE).expect("case");
    let expected = serde_json::to_value(tao_yuma::run_epoch(&input).expect("epoch")).expect("json");
    assert_eq!(out, expected);
    let table = env.tao(&["epoch", "--input", &path]).await.ok().stdout;
    assert!(table.starts_with("4 uids, 0.999999999 alpha emitted"), "{table}");
    assert!(table.contains("incentive"), "{table}");

    // Mistakes: a vector of the wrong length, a file that is not there (exit 1).
    std::fs::write(&case, CASE.replace("[990, 990, 990, 990]", "[990, 990, 990]")).expect("write");
    env.tao(&["epoch", "--input", &path]).await.fails(1, "`last_update` has 3 entries, expected 4");
    env.tao(&["epoch", "--input", "/nonexistent/case.json"])
        .await
        .fails(1, "reading /nonexistent/case.json");
}
