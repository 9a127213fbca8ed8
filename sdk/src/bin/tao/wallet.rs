//! `tao wallet new|import|list|balance`.

use crate::ctx::Ctx;
use crate::table::{self, Table};
use clap::{Args, Subcommand};
use serde_json::json;
use taochain_sdk::flows::Destination;
use taochain_sdk::{AccountId, Error, Key, wallet::DEFAULT_HOTKEY};

#[derive(Subcommand, Debug)]
pub enum WalletCmd {
    /// Create a wallet: a new coldkey and a new hotkey, each from its own 12-word mnemonic
    /// (shown once), encrypted with the password.
    New(NewArgs),
    /// Import a coldkey (or, with --as-hotkey, a hotkey) from a mnemonic or a raw key.
    Import(ImportArgs),
    /// List the wallets of the wallet directory with their addresses and ids (no password).
    List,
    /// TAO balance and stake of an account (by default the --key / --wallet coldkey).
    Balance(BalanceArgs),
}

#[derive(Args, Debug)]
pub struct NewArgs {
    /// The wallet's name (its directory under the wallet directory).
    #[arg(long)]
    name: String,
    /// The hotkey's name.
    #[arg(long, default_value = DEFAULT_HOTKEY)]
    hotkey: String,
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The wallet's name.
    #[arg(long)]
    name: String,
    /// A BIP-39 phrase (key at m/44'/60'/0'/0/INDEX, as MetaMask derives it).
    #[arg(long, conflicts_with = "private_key", required_unless_present = "private_key")]
    mnemonic: Option<String>,
    /// The account index for --mnemonic.
    #[arg(long, default_value_t = 0)]
    index: u32,
    /// A raw private key (0x + 64 hex digits).
    #[arg(long, value_name = "HEX")]
    private_key: Option<String>,
    /// Store it as this hotkey of the wallet instead of as its coldkey.
    #[arg(long, value_name = "HOTKEY")]
    as_hotkey: Option<String>,
}

#[derive(Args, Debug)]
pub struct BalanceArgs {
    /// The account: an EVM address, or a 32-byte id in hex or SS58.
    #[arg(long)]
    account: Option<String>,
}

pub async fn run(ctx: &Ctx, cmd: WalletCmd) -> anyhow::Result<()> {
    match cmd {
        WalletCmd::New(a) => new(ctx, a),
        WalletCmd::Import(a) => import(ctx, a),
        WalletCmd::List => list(ctx),
        WalletCmd::Balance(a) => balance(ctx, a).await,
    }
}

fn new(ctx: &Ctx, a: NewArgs) -> anyhow::Result<()> {
    let wallets = ctx.wallets();
    let pw = ctx.password(&format!("the new wallet {:?}", a.name), true)?;
    let made = wallets.create(&a.name, &a.hotkey, &pw)?;
    let v = json!({
        "wallet": a.name,
        "path": wallets.root().join(&a.name),
        "coldkey": { "address": made.coldkey.address(), "id": made.coldkey.id(), "ss58": made.coldkey.id().to_ss58(), "mnemonic": made.coldkey_mnemonic },
        "hotkey": { "name": a.hotkey, "address": made.hotkey.address(), "id": made.hotkey.id(), "ss58": made.hotkey.id().to_ss58(), "mnemonic": made.hotkey_mnemonic },
    });
    if ctx.g.json {
        table::print_json(&v);
        return Ok(());
    }
    table::out(&format!(
        "created wallet {:?} in {}",
        a.name,
        wallets.root().join(&a.name).display()
    ));
    for (label, key, phrase) in [
        ("coldkey", &made.coldkey, &made.coldkey_mnemonic),
        (&format!("hotkey {:?}", a.hotkey)[..], &made.hotkey, &made.hotkey_mnemonic),
    ] {
        table::out(&format!("{label}: {} / {}", key.address(), key.id()));
        table::out(&format!("  mnemonic (write it down; it is shown only now): {phrase}"));
    }
    Ok(())
}

fn import(ctx: &Ctx, a: ImportArgs) -> anyhow::Result<()> {
    let key = match (&a.mnemonic, &a.private_key) {
        (Some(m), _) => Key::from_mnemonic(m, a.index)?,
        (None, Some(k)) => Key::from_hex(k)?,
        (None, None) => {
            return Err(Error::InvalidInput("give --mnemonic or --private-key".into()).into());
        }
    };
    let wallets = ctx.wallets();
    let what = match &a.as_hotkey {
        Some(h) => format!("hotkey {h:?} of wallet {:?}", a.name),
        None => format!("the coldkey of wallet {:?}", a.name),
    };
    let pw = ctx.password(&what, true)?;
    let path = match &a.as_hotkey {
        Some(h) => wallets.import_hotkey(&a.name, h, &key, &pw)?,
        None => wallets.import_coldkey(&a.name, &key, &pw)?,
    };
    if ctx.g.json {
        table::print_json(
            &json!({ "wallet": a.name, "path": path, "address": key.address(), "id": key.id(), "ss58": key.id().to_ss58() }),
        );
    } else {
        table::out(&format!("imported {what} into {}", path.display()));
        table::out(&format!("address {} / id {}", key.address(), key.id()));
    }
    Ok(())
}

fn list(ctx: &Ctx) -> anyhow::Result<()> {
    let wallets = ctx.wallets();
    let list = wallets.list()?;
    if ctx.g.json {
        table::print_json(&json!({ "wallet_dir": wallets.root(), "wallets": list }));
        return Ok(());
    }
    if list.is_empty() {
        table::out(&format!(
            "no wallets in {} (`tao wallet new --name NAME` makes one)",
            wallets.root().display()
        ));
        return Ok(());
    }
    let mut t = Table::new(&["wallet", "key", "address", "id (SS58)"]);
    for w in &list {
        for k in w.coldkey.iter().chain(&w.hotkeys) {
            let kind =
                if k.name == "coldkey" && w.coldkey.as_ref().is_some_and(|c| c.path == k.path) {
                    "coldkey".to_owned()
                } else {
                    format!("hotkey {}", k.name)
                };
            t.row(vec![
                w.name.clone(),
                kind,
                k.address.map(|a| a.to_string()).unwrap_or_else(|| "?".into()),
                k.id.map(|i| i.to_ss58()).unwrap_or_else(|| "?".into()),
            ]);
        }
    }
    t.print();
    Ok(())
}

async fn balance(ctx: &Ctx, a: BalanceArgs) -> anyhow::Result<()> {
    let client = ctx.client().await?;
    let (label, id, free) = match a.account.as_deref().map(str::parse::<Destination>).transpose()? {
        Some(Destination::Address(addr)) => {
            (addr.to_string(), AccountId::of_address(addr), client.balance(addr).await?)
        }
        Some(Destination::Id(id)) => (id.to_ss58(), id, client.account_balance(id).await?),
        None => {
            let addr = ctx.own_coldkey_address()?;
            (addr.to_string(), AccountId::of_address(addr), client.balance(addr).await?)
        }
    };
    let positions = client.stake_positions(id).await?;
    let staked = positions.iter().fold(0u64, |acc, p| acc.saturating_add(p.value_at_spot.rao()));
    let staked = taochain_sdk::Tao::from_rao(staked);
    if ctx.g.json {
        table::print_json(&json!({
            "account": label, "id": id, "free": free, "staked_value_at_spot": staked, "positions": positions.len(),
        }));
    } else {
        table::out(&label);
        table::out(&format!("  free:   {}", free.with_unit()));
        table::out(&format!(
            "  staked: {} (at spot prices, {} positions; `tao stake list`)",
            staked.with_unit(),
            positions.len()
        ));
    }
    Ok(())
}
