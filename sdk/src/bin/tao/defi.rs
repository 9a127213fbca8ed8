//! `tao delegate list|deposit|withdraw`, `tao wrap`, `tao unwrap`, `tao epoch`.

use crate::ctx::Ctx;
use crate::table::{self, Table, short_id};
use clap::{Args, Subcommand};
use contracts::bindings::{DelegationVault, WTAO as Wtao, WrappedAlpha};
use serde_json::json;
use std::path::PathBuf;
use taochain_sdk::amount::ratio_u16;
use taochain_sdk::{AccountId, Alpha, Error, Receipt, Shares, Slippage, Tao, defi};

#[derive(Subcommand, Debug)]
pub enum DelegateCmd {
    /// The delegation vaults (ERC-4626 over WTAO, each staking on one hotkey in one subnet).
    #[command(after_help = "Example: tao --json delegate list --netuid 1")]
    List(ListArgs),
    /// Deposit TAO into the vault of a hotkey and subnet (opening it first if needed).
    #[command(
        after_help = "Example: tao --key $KEY delegate deposit --netuid 1 --hotkey 5F... --amount 10"
    )]
    Deposit(DepositArgs),
    /// Redeem vault shares; the WTAO paid is turned back into TAO unless --keep-wtao.
    #[command(
        after_help = "Example: tao --key $KEY delegate withdraw --netuid 1 --hotkey 5F... --all --max-slippage 1"
    )]
    Withdraw(WithdrawArgs),
}

#[derive(Args, Debug)]
pub struct ListArgs {
    /// Only the vaults of this subnet.
    #[arg(long)]
    netuid: Option<u16>,
}

#[derive(Args, Debug)]
pub struct DepositArgs {
    /// The subnet.
    #[arg(long)]
    netuid: u16,
    /// The hotkey the vault stakes on (hex or SS58).
    #[arg(long)]
    hotkey: String,
    /// TAO to deposit (whole RAO: at most 9 decimals).
    #[arg(long)]
    amount: String,
    /// Refuse the deposit if it mints fewer shares (15 decimals).
    #[arg(long)]
    min_shares: Option<String>,
}

#[derive(Args, Debug)]
pub struct WithdrawArgs {
    /// The subnet.
    #[arg(long)]
    netuid: u16,
    /// The hotkey the vault stakes on (hex or SS58).
    #[arg(long)]
    hotkey: String,
    /// Shares to redeem (15 decimals).
    #[arg(long, required_unless_present = "all", conflicts_with = "all")]
    shares: Option<String>,
    /// Redeem all your shares.
    #[arg(long)]
    all: bool,
    /// Refuse a payout more than this many percent below the vault's quote now (e.g. 1);
    /// without it the vault's own bound applies (5 % against the moving price).
    #[arg(long)]
    max_slippage: Option<String>,
    /// Keep the payout as WTAO instead of turning it into TAO.
    #[arg(long)]
    keep_wtao: bool,
}

#[derive(Args, Debug)]
pub struct WrapArgs {
    /// The subnet.
    #[arg(long)]
    netuid: u16,
    /// The hotkey your stake is on (hex or SS58).
    #[arg(long)]
    hotkey: String,
    /// Alpha to wrap.
    #[arg(long)]
    amount: String,
}

#[derive(Args, Debug)]
pub struct UnwrapArgs {
    /// The subnet.
    #[arg(long)]
    netuid: u16,
    /// The hotkey of the token (hex or SS58).
    #[arg(long)]
    hotkey: String,
    /// Token shares to unwrap (15 decimals).
    #[arg(long, required_unless_present = "all", conflicts_with = "all")]
    shares: Option<String>,
    /// Unwrap all your shares.
    #[arg(long)]
    all: bool,
}

#[derive(Args, Debug)]
pub struct EpochArgs {
    /// The epoch case (JSON, docs/epoch-format.md); `-` reads standard input.
    #[arg(long)]
    input: PathBuf,
}

fn id(s: &str) -> Result<AccountId, Error> {
    Ok(s.parse::<AccountId>()?)
}

fn last(receipts: &[Receipt]) -> anyhow::Result<&Receipt> {
    receipts.last().ok_or_else(|| anyhow::anyhow!("no transaction was sent"))
}

pub async fn delegate(ctx: &Ctx, cmd: DelegateCmd) -> anyhow::Result<()> {
    match cmd {
        DelegateCmd::List(a) => {
            let client = ctx.client().await?;
            if let Some(n) = a.netuid {
                client.subnet(n).await?;
            }
            let vaults = client.vaults(a.netuid).await?;
            if ctx.g.json {
                table::print_json(&json!(vaults));
                return Ok(());
            }
            if vaults.is_empty() {
                table::out("no delegation vaults (`tao delegate deposit` opens one)");
                return Ok(());
            }
            let mut t = Table::new(&[
                "vault",
                "hotkey",
                "netuid",
                "total shares",
                "stake (α)",
                "value (TAO, pool quote)",
            ]);
            for v in &vaults {
                t.row(vec![
                    v.address.to_string(),
                    short_id(&v.hotkey),
                    v.netuid.to_string(),
                    v.total_shares.to_string(),
                    v.stake.to_string(),
                    v.value.to_string(),
                ]);
            }
            t.print();
        }
        DelegateCmd::Deposit(a) => {
            let hotkey = id(&a.hotkey)?;
            let amount: Tao = a.amount.parse()?;
            let min = a.min_shares.as_deref().map(str::parse::<Shares>).transpose()?;
            let client = ctx.client().await?.with_key(ctx.coldkey()?);
            let (calls, vault, quote) = client
                .vault_deposit_calls(hotkey, a.netuid, amount, min.unwrap_or_default())
                .await?;
            let expected = quote.map_or_else(
                || "no quote (the pool cannot fill it)".into(),
                |q| format!("about {} (pool quote now)", q.with_unit()),
            );
            let receipts = ctx.send_steps(&client, calls, &[("expected", expected)]).await?;
            let r = last(&receipts)?;
            let minted = r.event::<DelegationVault::Deposit>().map(|e| Shares(e.shares));
            let me = client.key()?.address();
            let held = client.vault_shares(vault, me).await?;
            let extra = json!({ "vault": vault, "netuid": a.netuid, "hotkey": hotkey, "amount": amount,
                "shares_minted": minted, "shares_held": held, "transactions": receipts.len() });
            ctx.done("deposited", r, extra);
        }
        DelegateCmd::Withdraw(a) => {
            let hotkey = id(&a.hotkey)?;
            let shares = a.shares.as_deref().map(str::parse::<Shares>).transpose()?;
            let slip = a.max_slippage.as_deref().map(str::parse::<Slippage>).transpose()?;
            let client = ctx.client().await?.with_key(ctx.coldkey()?);
            let (call, vault, shares, quote) =
                client.vault_withdraw_call(hotkey, a.netuid, shares, slip).await?;
            let quote_tao = Tao::from_wei_floor(quote).unwrap_or_default();
            let mut notes =
                vec![("expected", format!("about {} (vault quote now)", quote_tao.with_unit()))];
            if !a.keep_wtao {
                notes.push(("then", "turn the WTAO paid into TAO (WTAO.withdraw)".into()));
            }
            let receipts = ctx.send_steps(&client, vec![call], &notes).await?;
            let r = last(&receipts)?;
            let paid = r.event::<DelegationVault::Withdraw>().map(|e| e.assets);
            let mut unwrapped = None;
            if let (false, Some(wei)) = (a.keep_wtao, paid)
                && !wei.is_zero()
            {
                let r2 = ctx.send_confirmed(&client, defi::unwrap_wtao(wei)).await?;
                unwrapped = r2.event::<Wtao::Withdrawal>().map(|e| e.wad);
            }
            let paid_tao = paid.and_then(Tao::from_wei_floor);
            let extra = json!({ "vault": vault, "netuid": a.netuid, "hotkey": hotkey, "shares": shares,
                "paid": paid_tao, "paid_as": if unwrapped.is_some() { "TAO" } else { "WTAO" } });
            ctx.done("withdrawn", r, extra);
        }
    }
    Ok(())
}

pub async fn wrap(ctx: &Ctx, a: WrapArgs) -> anyhow::Result<()> {
    let hotkey = id(&a.hotkey)?;
    let amount: Alpha = a.amount.parse()?;
    let client = ctx.client().await?.with_key(ctx.coldkey()?);
    let (calls, token) = client.wrap_calls(hotkey, a.netuid, amount).await?;
    let receipts = ctx.send_steps(&client, calls, &[("token", token.to_string())]).await?;
    let r = last(&receipts)?;
    let ev = r.event::<WrappedAlpha::Wrapped>();
    let extra = json!({ "token": token, "netuid": a.netuid, "hotkey": hotkey,
        "alpha_wrapped": ev.as_ref().map(|e| Alpha::from_rao(u64::try_from(e.alpha).unwrap_or(u64::MAX))),
        "shares_minted": ev.map(|e| Shares(e.shares)), "transactions": receipts.len() });
    ctx.done("wrapped", r, extra);
    Ok(())
}

pub async fn unwrap(ctx: &Ctx, a: UnwrapArgs) -> anyhow::Result<()> {
    let hotkey = id(&a.hotkey)?;
    let shares = a.shares.as_deref().map(str::parse::<Shares>).transpose()?;
    let client = ctx.client().await?.with_key(ctx.coldkey()?);
    let (call, token, shares, alpha) = client.unwrap_call(hotkey, a.netuid, shares).await?;
    let notes = [("expected", format!("about {} back as stake", alpha.with_unit()))];
    let receipts = ctx.send_steps(&client, vec![call], &notes).await?;
    let r = last(&receipts)?;
    let got = r
        .event::<WrappedAlpha::Unwrapped>()
        .map(|e| Alpha::from_rao(u64::try_from(e.alpha).unwrap_or(u64::MAX)));
    let extra = json!({ "token": token, "netuid": a.netuid, "hotkey": hotkey, "shares": shares, "alpha_received": got });
    ctx.done("unwrapped", r, extra);
    Ok(())
}

/// `tao epoch --input FILE`: offline, no node.
pub fn epoch(ctx: &Ctx, a: &EpochArgs) -> anyhow::Result<()> {
    let out = taochain_sdk::epoch::run_file(&a.input)?;
    if ctx.g.json {
        table::print_json(&serde_json::to_value(&out)?);
        return Ok(());
    }
    let n = out.active.len();
    let total: u64 = out.emission.iter().sum();
    table::out(&format!("{n} uids, {} alpha emitted", Alpha::from_rao(total)));
    let mut t = Table::new(&[
        "uid",
        "active",
        "permit",
        "stake weight",
        "consensus",
        "incentive",
        "dividends",
        "vtrust",
        "emission (α)",
    ]);
    for i in 0..n {
        let u16_at = |v: &[u16]| ratio_u16(v.get(i).copied().unwrap_or_default());
        t.row(vec![
            i.to_string(),
            if out.active[i] { "yes" } else { "no" }.into(),
            if out.new_validator_permits.get(i).copied().unwrap_or_default() {
                "yes"
            } else {
                "no"
            }
            .into(),
            u16_at(&out.stake_weight_u16),
            u16_at(&out.consensus_u16),
            u16_at(&out.incentive_u16),
            u16_at(&out.dividends_u16),
            u16_at(&out.validator_trust_u16),
            Alpha::from_rao(out.emission.get(i).copied().unwrap_or_default()).to_string(),
        ]);
    }
    t.print();
    Ok(())
}
