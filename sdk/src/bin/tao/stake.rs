//! `tao stake ...`, `tao metagraph`, `tao pool`.

use crate::ctx::Ctx;
use crate::table::{self, Table, short_id};
use clap::{Args, Subcommand};
use contracts::IStaking;
use serde_json::json;
use taochain_sdk::amount::ratio_u16;
use taochain_sdk::{AccountId, Alpha, Error, Slippage, Tao, flows};

#[derive(Subcommand, Debug)]
pub enum StakeCmd {
    /// Stake TAO on a hotkey in a subnet (buys alpha from the pool).
    #[command(
        after_help = "Example: tao --key $KEY stake add --netuid 1 --hotkey 5F... --amount 10 --max-slippage 0.5"
    )]
    Add(AddArgs),
    /// Unstake alpha from a hotkey in a subnet (sells it to the pool).
    #[command(
        after_help = "Example: tao --wallet alice stake remove --netuid 1 --hotkey 5F... --amount 2.5 --max-slippage 1"
    )]
    Remove(RemoveArgs),
    /// Move your stake to another hotkey and/or subnet.
    Move(MoveArgs),
    /// Give stake to another coldkey.
    Transfer(TransferArgs),
    /// A coldkey's stake positions (by default the --key / --wallet coldkey).
    #[command(after_help = "Example: tao --json stake list --coldkey 5F...")]
    List(ListArgs),
}

/// Price limits shared by add and remove.
#[derive(Args, Debug)]
pub struct Limits {
    /// Refuse a fill past this price (TAO per alpha): the most for add, the least for remove.
    #[arg(long, conflicts_with = "max_slippage")]
    limit_price: Option<String>,
    /// Refuse a fill more than this many percent past the current price (e.g. 0.5).
    #[arg(long)]
    max_slippage: Option<String>,
}

#[derive(Args, Debug)]
pub struct AddArgs {
    /// The subnet.
    #[arg(long)]
    netuid: u16,
    /// The hotkey to stake on (hex or SS58); by default the signer's own hotkey.
    #[arg(long)]
    hotkey: Option<String>,
    /// TAO to stake.
    #[arg(long)]
    amount: String,
    #[command(flatten)]
    limits: Limits,
}

#[derive(Args, Debug)]
pub struct RemoveArgs {
    /// The subnet.
    #[arg(long)]
    netuid: u16,
    /// The hotkey to unstake from (hex or SS58); by default the signer's own hotkey.
    #[arg(long)]
    hotkey: Option<String>,
    /// Alpha to unstake.
    #[arg(long, required_unless_present = "all", conflicts_with = "all")]
    amount: Option<String>,
    /// Unstake the whole position.
    #[arg(long)]
    all: bool,
    #[command(flatten)]
    limits: Limits,
}

#[derive(Args, Debug)]
pub struct MoveArgs {
    /// The hotkey the stake is on now.
    #[arg(long)]
    hotkey: String,
    /// The subnet it is in now.
    #[arg(long)]
    netuid: u16,
    /// The hotkey to move it to (the same by default).
    #[arg(long)]
    dest_hotkey: Option<String>,
    /// The subnet to move it to (the same by default).
    #[arg(long)]
    dest_netuid: Option<u16>,
    /// Alpha to move.
    #[arg(long)]
    amount: String,
}

#[derive(Args, Debug)]
pub struct TransferArgs {
    /// The coldkey to give the stake to (hex or SS58).
    #[arg(long)]
    dest_coldkey: String,
    /// The hotkey the stake is on.
    #[arg(long)]
    hotkey: String,
    /// The subnet it is in.
    #[arg(long)]
    netuid: u16,
    /// The subnet the receiver gets it in (the same by default).
    #[arg(long)]
    dest_netuid: Option<u16>,
    /// Alpha to give.
    #[arg(long)]
    amount: String,
}

#[derive(Args, Debug)]
pub struct ListArgs {
    /// The coldkey (hex or SS58).
    #[arg(long)]
    coldkey: Option<String>,
}

#[derive(Args, Debug)]
pub struct NetuidArg {
    /// The subnet.
    #[arg(long)]
    netuid: u16,
}

#[derive(Args, Debug)]
pub struct PoolArgs {
    /// The subnet.
    #[arg(long)]
    netuid: u16,
    /// Also quote how much alpha this much TAO buys now (fee included).
    #[arg(long)]
    quote_tao: Option<String>,
    /// Also quote how much TAO this much alpha sells for now (fee included).
    #[arg(long)]
    quote_alpha: Option<String>,
}

fn id(s: &str) -> Result<AccountId, Error> {
    Ok(s.parse::<AccountId>()?)
}

/// `--hotkey ID`, or the signer's own hotkey.
fn hotkey_or_own(ctx: &Ctx, given: Option<&str>) -> Result<AccountId, Error> {
    match given {
        Some(h) => id(h),
        None => ctx.own_hotkey_id(),
    }
}

fn limits(l: &Limits) -> Result<(Option<Tao>, Option<Slippage>), Error> {
    let price = l.limit_price.as_deref().map(str::parse::<Tao>).transpose()?;
    let slip = l.max_slippage.as_deref().map(str::parse::<Slippage>).transpose()?;
    Ok((price, slip))
}

fn quote_note(quote: Option<String>) -> Vec<(&'static str, String)> {
    let text = quote.map_or_else(
        || "no quote (the pool cannot fill it)".into(),
        |q| format!("about {q} (pool quote now)"),
    );
    vec![("expected", text)]
}

pub async fn run(ctx: &Ctx, cmd: StakeCmd) -> anyhow::Result<()> {
    match cmd {
        StakeCmd::Add(a) => {
            let (hotkey, amount) =
                (hotkey_or_own(ctx, a.hotkey.as_deref())?, a.amount.parse::<Tao>()?);
            let (price, slip) = limits(&a.limits)?;
            let client = ctx.client().await?.with_key(ctx.coldkey()?);
            let (call, quote) =
                client.add_stake_call(hotkey, a.netuid, amount, price, slip).await?;
            let notes = quote_note(quote.map(Alpha::with_unit));
            let r = ctx.send(&client, call, &notes).await?;
            let got = r
                .event::<IStaking::StakeAdded>()
                .map(|e| Alpha::from_rao(u64::try_from(e.alphaRao).unwrap_or(0)));
            let extra = json!({ "netuid": a.netuid, "hotkey": hotkey, "amount": amount, "alpha_received": got });
            ctx.done("staked", &r, extra);
        }
        StakeCmd::Remove(a) => {
            let hotkey = hotkey_or_own(ctx, a.hotkey.as_deref())?;
            let amount = a.amount.as_deref().map(str::parse::<Alpha>).transpose()?;
            let (price, slip) = limits(&a.limits)?;
            let client = ctx.client().await?.with_key(ctx.coldkey()?);
            let (call, amount, quote) = match amount {
                Some(amount) => {
                    let (call, quote) =
                        client.remove_stake_call(hotkey, a.netuid, amount, price, slip).await?;
                    (call, amount, quote)
                }
                None => client.remove_all_stake_call(hotkey, a.netuid, price, slip).await?,
            };
            let mut notes = quote_note(quote.map(Tao::with_unit));
            notes.insert(0, ("unstakes", amount.with_unit()));
            let r = ctx.send(&client, call, &notes).await?;
            let got = r
                .event::<IStaking::StakeRemoved>()
                .map(|e| Tao::from_rao(u64::try_from(e.taoRao).unwrap_or(0)));
            let extra = json!({ "netuid": a.netuid, "hotkey": hotkey, "amount": amount, "tao_received": got });
            ctx.done("unstaked", &r, extra);
        }
        StakeCmd::Move(a) => {
            let hotkey = id(&a.hotkey)?;
            let dest = a.dest_hotkey.as_deref().map(id).transpose()?.unwrap_or(hotkey);
            let dest_netuid = a.dest_netuid.unwrap_or(a.netuid);
            let amount = a.amount.parse::<Alpha>()?;
            let client = ctx.client().await?.with_key(ctx.coldkey()?);
            client.subnet(a.netuid).await?;
            client.subnet(dest_netuid).await?;
            let r = ctx
                .send(&client, flows::move_stake(hotkey, dest, a.netuid, dest_netuid, amount), &[])
                .await?;
            let extra = json!({ "from": { "hotkey": hotkey, "netuid": a.netuid }, "to": { "hotkey": dest, "netuid": dest_netuid }, "amount": amount });
            ctx.done("stake moved", &r, extra);
        }
        StakeCmd::Transfer(a) => {
            let (dest, hotkey) = (id(&a.dest_coldkey)?, id(&a.hotkey)?);
            let dest_netuid = a.dest_netuid.unwrap_or(a.netuid);
            let amount = a.amount.parse::<Alpha>()?;
            let client = ctx.client().await?.with_key(ctx.coldkey()?);
            client.subnet(a.netuid).await?;
            client.subnet(dest_netuid).await?;
            let r = ctx
                .send(
                    &client,
                    flows::transfer_stake(dest, hotkey, a.netuid, dest_netuid, amount),
                    &[],
                )
                .await?;
            let extra = json!({ "dest_coldkey": dest, "hotkey": hotkey, "netuid": a.netuid, "dest_netuid": dest_netuid, "amount": amount });
            ctx.done("stake transferred", &r, extra);
        }
        StakeCmd::List(a) => {
            let coldkey = match &a.coldkey {
                Some(c) => id(c)?,
                None => AccountId::of_address(ctx.own_coldkey_address()?),
            };
            let positions = ctx.client().await?.stake_positions(coldkey).await?;
            if ctx.g.json {
                table::print_json(
                    &json!({ "coldkey": coldkey, "ss58": coldkey.to_ss58(), "positions": positions }),
                );
                return Ok(());
            }
            if positions.is_empty() {
                table::out(&format!("coldkey {coldkey} has no stake"));
                return Ok(());
            }
            let mut t = Table::new(&["netuid", "hotkey", "alpha", "value at spot (TAO)"]);
            for p in &positions {
                t.row(vec![
                    p.netuid.to_string(),
                    p.hotkey.to_ss58(),
                    p.alpha.to_string(),
                    p.value_at_spot.to_string(),
                ]);
            }
            t.print();
        }
    }
    Ok(())
}

pub async fn metagraph(ctx: &Ctx, a: NetuidArg) -> anyhow::Result<()> {
    let m = ctx.client().await?.metagraph(a.netuid).await?;
    if ctx.g.json {
        table::print_json(&serde_json::to_value(&m)?);
        return Ok(());
    }
    table::out(&format!("subnet {} at block {}: {} neurons", m.netuid, m.block, m.neurons.len()));
    let mut t = Table::new(&[
        "uid",
        "hotkey",
        "stake (α)",
        "consensus",
        "incentive",
        "dividends",
        "emission (α)",
        "vtrust",
        "active",
        "axon",
    ]);
    for n in &m.neurons {
        t.row(vec![
            n.uid.to_string(),
            short_id(&n.hotkey),
            n.stake.to_string(),
            ratio_u16(n.consensus),
            ratio_u16(n.incentive),
            ratio_u16(n.dividends),
            n.emission.to_string(),
            ratio_u16(n.validator_trust),
            if n.active { "yes" } else { "no" }.into(),
            n.axon.map_or_else(|| "-".into(), |a| a.to_string()),
        ]);
    }
    t.print();
    Ok(())
}

pub async fn pool(ctx: &Ctx, a: PoolArgs) -> anyhow::Result<()> {
    let client = ctx.client().await?;
    let p = client.pool(a.netuid).await?;
    let mut v = serde_json::to_value(&p)?;
    if let Some(q) = &a.quote_tao {
        let tao: Tao = q.parse()?;
        let out = client.quote_tao_for_alpha(a.netuid, tao).await?;
        v["quote"] = json!({ "tao_in": tao, "alpha_out": out });
    }
    if let Some(q) = &a.quote_alpha {
        let alpha: Alpha = q.parse()?;
        let out = client.quote_alpha_for_tao(a.netuid, alpha).await?;
        v["quote_sell"] = json!({ "alpha_in": alpha, "tao_out": out });
    }
    if ctx.g.json {
        table::print_json(&v);
        return Ok(());
    }
    let mut t = Table::new(&["pool", ""]);
    t.row(vec!["subnet".into(), p.netuid.to_string()]);
    t.row(vec!["TAO reserve".into(), p.tao_in.with_unit()]);
    t.row(vec!["alpha reserve".into(), p.alpha_in.with_unit()]);
    t.row(vec!["price".into(), format!("{} TAO/alpha", p.price)]);
    t.row(vec!["moving price".into(), format!("{} TAO/alpha", p.moving_price)]);
    if let Some(q) = v.get("quote") {
        t.row(vec![
            format!("buy with {} TAO", q["tao_in"].as_str().unwrap_or("?")),
            format!("{} alpha", q["alpha_out"].as_str().unwrap_or("?")),
        ]);
    }
    if let Some(q) = v.get("quote_sell") {
        t.row(vec![
            format!("sell {} alpha", q["alpha_in"].as_str().unwrap_or("?")),
            format!("{} TAO", q["tao_out"].as_str().unwrap_or("?")),
        ]);
    }
    print!("{}", t.render_plain());
    Ok(())
}
