//! `tao transfer`, `tao subnet ...`, `tao neuron ...`, `tao weights ...`.

use crate::ctx::Ctx;
use crate::table::{self, Table};
use clap::{Args, Subcommand};
use contracts::{INeuron, ISubnet};
use serde_json::json;
use std::net::IpAddr;
use taochain_sdk::flows::{self, Destination};
use taochain_sdk::{AccountId, Error, SubnetInfo, Tao, hyper};

#[derive(Args, Debug)]
pub struct TransferArgs {
    /// The recipient: an EVM address (0x + 40 hex digits), or a 32-byte id in hex or SS58.
    #[arg(long)]
    dest: String,
    /// TAO to send (decimal, e.g. 1.5).
    #[arg(long)]
    amount: String,
}

#[derive(Subcommand, Debug)]
pub enum SubnetCmd {
    /// Every subnet with its pool price and emission.
    List,
    /// One subnet in full.
    Show(NetuidOnly),
    /// Register a new subnet (pays the current lock cost, shown before sending).
    #[command(after_help = "Example: tao --key $KEY --yes subnet create --name compute")]
    Create(CreateArgs),
    /// Start a registered subnet (owner): emission from the next block, staking open.
    Start(NetuidOnly),
    /// Read or set hyperparameters.
    #[command(subcommand)]
    Hyperparameters(HyperCmd),
}

#[derive(Args, Debug)]
pub struct NetuidOnly {
    /// The subnet.
    #[arg(long)]
    netuid: u16,
}

#[derive(Args, Debug)]
pub struct CreateArgs {
    /// The owner hotkey (hex or SS58); by default the signer's own hotkey.
    #[arg(long)]
    hotkey: Option<String>,
    /// The subnet's name (registers with an identity when any identity field is given).
    #[arg(long)]
    name: Option<String>,
    /// Its source repository.
    #[arg(long)]
    github_repo: Option<String>,
    /// How to reach the team.
    #[arg(long)]
    contact: Option<String>,
    /// Its website.
    #[arg(long)]
    url: Option<String>,
    /// Its Discord.
    #[arg(long)]
    discord: Option<String>,
    /// What it does.
    #[arg(long)]
    description: Option<String>,
}

impl CreateArgs {
    fn identity(&self) -> Option<flows::SubnetIdentity> {
        let fields = [
            &self.name,
            &self.github_repo,
            &self.contact,
            &self.url,
            &self.discord,
            &self.description,
        ];
        if fields.iter().all(|f| f.is_none()) {
            return None;
        }
        let get = |f: &Option<String>| f.clone().unwrap_or_default();
        Some(flows::SubnetIdentity {
            name: get(&self.name),
            github_repo: get(&self.github_repo),
            contact: get(&self.contact),
            url: get(&self.url),
            discord: get(&self.discord),
            description: get(&self.description),
            additional: String::new(),
        })
    }
}

#[derive(Subcommand, Debug)]
pub enum HyperCmd {
    /// Every hyperparameter of a subnet.
    Get(NetuidOnly),
    /// Set one hyperparameter as the subnet owner.
    Set(HyperSetArgs),
}

#[derive(Args, Debug)]
pub struct HyperSetArgs {
    /// The subnet.
    #[arg(long)]
    netuid: u16,
    /// btcli's name, e.g. immunity_period (`tao subnet hyperparameters get` lists them).
    #[arg(long)]
    name: String,
    /// The new value (a whole number, or true/false).
    #[arg(long)]
    value: String,
}

#[derive(Subcommand, Debug)]
pub enum NeuronCmd {
    /// Register a hotkey on a subnet, paying the burn from the coldkey.
    Register(RegisterArgs),
    /// Publish the hotkey's axon endpoint (signed by the hotkey).
    ServeAxon(ServeArgs),
}

#[derive(Args, Debug)]
pub struct RegisterArgs {
    /// The subnet.
    #[arg(long)]
    netuid: u16,
    /// The hotkey to register (hex or SS58); by default the signer's own hotkey.
    #[arg(long)]
    hotkey: Option<String>,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The subnet.
    #[arg(long)]
    netuid: u16,
    /// The axon's IP address (v4 or v6).
    #[arg(long)]
    ip: IpAddr,
    /// The axon's port.
    #[arg(long)]
    port: u16,
    /// Protocol number (4 = TCP in Bittensor's convention).
    #[arg(long, default_value_t = 4)]
    protocol: u8,
    /// Axon version.
    #[arg(long, default_value_t = 1)]
    version: u32,
}

#[derive(Subcommand, Debug)]
pub enum WeightsCmd {
    /// Set weights directly (commit-reveal off); signed by the hotkey.
    Set(WeightsArgs),
    /// Commit a hash of weights (commit-reveal on); prints the salt to reveal with.
    #[command(
        after_help = "Example: tao --wallet v weights commit --netuid 1 --uids 0,1 --weights 30000,35535"
    )]
    Commit(CommitArgs),
    /// Reveal weights committed earlier, with the same uids, weights and salt.
    Reveal(RevealArgs),
}

#[derive(Args, Debug)]
pub struct WeightsArgs {
    /// The subnet.
    #[arg(long)]
    netuid: u16,
    /// Comma-separated uids, e.g. 0,1,2.
    #[arg(long, value_delimiter = ',', required = true)]
    uids: Vec<u16>,
    /// Comma-separated u16 weights, one per uid.
    #[arg(long, value_delimiter = ',', required = true)]
    weights: Vec<u16>,
    /// The weights version key (read from the subnet by default).
    #[arg(long)]
    version_key: Option<u64>,
}

#[derive(Args, Debug)]
pub struct CommitArgs {
    #[command(flatten)]
    w: WeightsArgs,
    /// Comma-separated u16 salt (random 8 words by default).
    #[arg(long, value_delimiter = ',')]
    salt: Vec<u16>,
}

#[derive(Args, Debug)]
pub struct RevealArgs {
    #[command(flatten)]
    w: WeightsArgs,
    /// The salt printed by `tao weights commit`.
    #[arg(long, value_delimiter = ',', required = true)]
    salt: Vec<u16>,
}

fn parse_id(s: &str) -> Result<AccountId, Error> {
    Ok(s.parse::<AccountId>()?)
}

pub async fn transfer(ctx: &Ctx, a: TransferArgs) -> anyhow::Result<()> {
    let dest: Destination = a.dest.parse()?;
    let amount: Tao = a.amount.parse()?;
    let client = ctx.client().await?.with_key(ctx.coldkey()?);
    let r = ctx.send(&client, flows::transfer(dest, amount), &[]).await?;
    let to = match dest {
        Destination::Address(x) => x.to_string(),
        Destination::Id(id) => id.to_hex(),
    };
    ctx.done("transferred", &r, json!({ "to": to, "amount": amount }));
    Ok(())
}

fn subnet_row(s: &SubnetInfo) -> Vec<String> {
    vec![
        s.netuid.to_string(),
        if s.name.is_empty() { "-".into() } else { s.name.clone() },
        s.price.to_string(),
        s.moving_price.to_string(),
        s.tao_in.to_string(),
        s.alpha_in.to_string(),
        s.tao_in_emission.to_string(),
        format!("{}/{}", s.uids, s.max_uids),
        s.tempo.to_string(),
        s.burn.to_string(),
    ]
}

pub async fn subnet(ctx: &Ctx, cmd: SubnetCmd) -> anyhow::Result<()> {
    match cmd {
        SubnetCmd::List => {
            let subnets = ctx.client().await?.subnets().await?;
            if ctx.g.json {
                table::print_json(&serde_json::to_value(&subnets)?);
                return Ok(());
            }
            let mut t = Table::new(&[
                "netuid",
                "name",
                "price (TAO/α)",
                "moving price",
                "TAO in",
                "alpha in",
                "TAO emission/block",
                "uids",
                "tempo",
                "burn (TAO)",
            ]);
            for s in &subnets {
                t.row(subnet_row(s));
            }
            t.print();
        }
        SubnetCmd::Show(a) => {
            let s = ctx.client().await?.subnet(a.netuid).await?;
            let v = serde_json::to_value(&s)?;
            if ctx.g.json {
                table::print_json(&v);
                return Ok(());
            }
            let mut t = Table::new(&["field", "value"]);
            if let Some(obj) = v.as_object() {
                for (k, val) in obj {
                    t.row(vec![k.clone(), table::human(k, val)]);
                }
            }
            t.print();
        }
        SubnetCmd::Create(a) => {
            let hotkey = match &a.hotkey {
                Some(h) => parse_id(h)?,
                None => ctx.own_hotkey_id()?,
            };
            let client = ctx.client().await?.with_key(ctx.coldkey()?);
            let lock = client.subnet_lock_cost(hotkey).await?;
            let mut call = match a.identity() {
                Some(id) => flows::register_network_with_identity(hotkey, &id),
                None => flows::register_network(hotkey),
            };
            call.spends = lock;
            let r = ctx.send(&client, call, &[("lock cost", lock.with_unit())]).await?;
            let ev = r.event::<ISubnet::NetworkRegistered>();
            let netuid = ev.as_ref().map(|e| e.netuid);
            let locked = ev.map(|e| Tao::from_rao(u64::try_from(e.lockRao).unwrap_or(u64::MAX)));
            ctx.done(
                "subnet registered",
                &r,
                json!({ "netuid": netuid, "owner_hotkey": hotkey, "locked": locked }),
            );
        }
        SubnetCmd::Start(a) => {
            let client = ctx.client().await?.with_key(ctx.coldkey()?);
            client.subnet(a.netuid).await?;
            let r = ctx.send(&client, flows::start_call(a.netuid), &[]).await?;
            ctx.done("subnet started", &r, json!({ "netuid": a.netuid }));
        }
        SubnetCmd::Hyperparameters(HyperCmd::Get(a)) => {
            let params = ctx.client().await?.hyperparameters(a.netuid).await?;
            if ctx.g.json {
                let obj: serde_json::Map<String, serde_json::Value> =
                    params.iter().map(|(k, v)| ((*k).to_owned(), json!(v))).collect();
                table::print_json(&json!({ "netuid": a.netuid, "hyperparameters": obj }));
                return Ok(());
            }
            let mut t = Table::new(&["hyperparameter", "value", "owner may set"]);
            for (k, v) in params {
                let settable =
                    hyper::find(k).map(|h| h.set.is_some()).unwrap_or(k == "alpha_values");
                t.row(vec![k.to_owned(), v, if settable { "yes" } else { "no" }.into()]);
            }
            t.print();
        }
        SubnetCmd::Hyperparameters(HyperCmd::Set(a)) => {
            let call = hyper::set_call(a.netuid, &a.name, &a.value)?;
            let client = ctx.client().await?.with_key(ctx.coldkey()?);
            client.subnet(a.netuid).await?;
            let r = ctx.send(&client, call, &[]).await?;
            ctx.done(
                "hyperparameter set",
                &r,
                json!({ "netuid": a.netuid, "name": a.name, "value": a.value }),
            );
        }
    }
    Ok(())
}

pub async fn neuron(ctx: &Ctx, cmd: NeuronCmd) -> anyhow::Result<()> {
    match cmd {
        NeuronCmd::Register(a) => {
            let hotkey = match &a.hotkey {
                Some(h) => parse_id(h)?,
                None => ctx.own_hotkey_id()?,
            };
            let client = ctx.client().await?.with_key(ctx.coldkey()?);
            let s = client.subnet(a.netuid).await?;
            let r =
                ctx.send(&client, flows::burned_register(a.netuid, hotkey, s.burn), &[]).await?;
            let uid = r.event::<INeuron::NeuronRegistered>().map(|e| e.uid);
            ctx.done("registered", &r, json!({ "netuid": a.netuid, "hotkey": hotkey, "uid": uid }));
        }
        NeuronCmd::ServeAxon(a) => {
            let client = ctx.client().await?.with_key(ctx.hotkey_key()?);
            client.subnet(a.netuid).await?;
            let call = flows::serve_axon(a.netuid, a.ip, a.port, a.protocol, a.version);
            let r = ctx.send(&client, call, &[]).await?;
            let axon = std::net::SocketAddr::new(a.ip, a.port).to_string();
            ctx.done("axon served", &r, json!({ "netuid": a.netuid, "axon": axon }));
        }
    }
    Ok(())
}

fn check_lengths(w: &WeightsArgs) -> Result<(), Error> {
    if w.uids.len() != w.weights.len() {
        return Err(Error::InvalidInput(format!(
            "{} uids but {} weights: give one weight per uid",
            w.uids.len(),
            w.weights.len()
        )));
    }
    Ok(())
}

pub async fn weights(ctx: &Ctx, cmd: WeightsCmd) -> anyhow::Result<()> {
    let w = match &cmd {
        WeightsCmd::Set(w) => w,
        WeightsCmd::Commit(c) => &c.w,
        WeightsCmd::Reveal(r) => &r.w,
    };
    check_lengths(w)?;
    let key = ctx.hotkey_key()?;
    let hotkey = key.id();
    let client = ctx.client().await?.with_key(key);
    client.subnet(w.netuid).await?;
    let version_key = match w.version_key {
        Some(v) => v,
        None => client.weights_version_key(w.netuid).await?,
    };
    let base = json!({ "netuid": w.netuid, "uids": w.uids, "weights": w.weights, "version_key": version_key });
    match cmd {
        WeightsCmd::Set(w) => {
            let r = ctx
                .send(&client, flows::set_weights(w.netuid, w.uids, w.weights, version_key), &[])
                .await?;
            ctx.done("weights set", &r, base);
        }
        WeightsCmd::Commit(c) => {
            let salt = if c.salt.is_empty() { flows::random_salt() } else { c.salt };
            let hash =
                flows::commit_hash(hotkey, c.w.netuid, &c.w.uids, &c.w.weights, &salt, version_key);
            let salt_text = salt.iter().map(u16::to_string).collect::<Vec<_>>().join(",");
            let r = ctx
                .send(
                    &client,
                    flows::commit_weights(c.w.netuid, hash),
                    &[("salt", salt_text.clone())],
                )
                .await?;
            let mut v = base;
            v["commit_hash"] = json!(hash);
            v["salt"] = json!(salt);
            v["reveal_with"] = json!(format!(
                "tao weights reveal --netuid {} --uids {} --weights {} --salt {salt_text} --version-key {version_key}",
                c.w.netuid,
                join(&c.w.uids),
                join(&c.w.weights)
            ));
            ctx.done("weights committed", &r, v);
        }
        WeightsCmd::Reveal(rv) => {
            let call =
                flows::reveal_weights(rv.w.netuid, rv.w.uids, rv.w.weights, rv.salt, version_key);
            let r = ctx.send(&client, call, &[]).await?;
            ctx.done("weights revealed", &r, base);
        }
    }
    Ok(())
}

fn join(v: &[u16]) -> String {
    v.iter().map(u16::to_string).collect::<Vec<_>>().join(",")
}
