//! `tao contract upload|instantiate|call|query`: ink! contracts through the EVM→ink! bridge at
//! `0x…0a00`, messages and constructors by name from the contract's metadata file.

use crate::ctx::Ctx;
use crate::table;
use alloy_primitives::{B256, Bytes, U256};
use alloy_sol_types::{SolCall, SolEvent};
use clap::{Args, Subcommand};
use contracts::wasm::{ADDRESS, IWasm};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use taochain_sdk::client::Simulated;
use taochain_sdk::ink::{InkMetadata, MessageSpec, scale};
use taochain_sdk::{AccountId, Client, Error, Tao, TxCall};

#[derive(Subcommand, Debug)]
pub enum ContractCmd {
    /// Store ink! code on chain; prints its code hash.
    #[command(after_help = "Example: tao --key $KEY contract upload --wasm counter.wasm")]
    Upload(UploadArgs),
    /// Instantiate a contract with a constructor of its metadata; prints its account.
    #[command(
        after_help = "Example: tao --key $KEY contract instantiate --wasm counter.wasm --metadata counter.json --args false"
    )]
    Instantiate(InstantiateArgs),
    /// Send a message as a transaction (simulated first; a revert is decoded by type).
    #[command(
        after_help = "Example: tao --key $KEY contract call --contract 0x... --metadata counter.json --message flip"
    )]
    Call(CallArgs),
    /// Run a message without a transaction and print its decoded result.
    #[command(
        after_help = "Example: tao --json contract query --contract 0x... --metadata counter.json --message get"
    )]
    Query(QueryArgs),
}

#[derive(Args, Debug)]
pub struct UploadArgs {
    /// The contract's .wasm file.
    #[arg(long)]
    wasm: PathBuf,
}

#[derive(Args, Debug)]
pub struct InstantiateArgs {
    /// The .wasm file (uploaded in the same transaction).
    #[arg(long, required_unless_present = "code_hash", conflicts_with = "code_hash")]
    wasm: Option<PathBuf>,
    /// The code hash of uploaded code (0x + 64 hex digits).
    #[arg(long)]
    code_hash: Option<String>,
    /// The contract's metadata JSON.
    #[arg(long)]
    metadata: PathBuf,
    /// The constructor's name.
    #[arg(long, default_value = "new")]
    constructor: String,
    /// The constructor's arguments, comma-separated.
    #[arg(long, allow_hyphen_values = true)]
    args: Option<String>,
    /// The salt (hex, up to 32 bytes); random if absent.
    #[arg(long)]
    salt: Option<String>,
    /// TAO to send to a payable constructor.
    #[arg(long)]
    value: Option<String>,
    /// EVM gas for the contract (0 = all the transaction has).
    #[arg(long, default_value_t = 0)]
    gas: u64,
}

#[derive(Args, Debug)]
pub struct CallArgs {
    /// The contract's account (hex or SS58).
    #[arg(long)]
    contract: String,
    /// The contract's metadata JSON.
    #[arg(long)]
    metadata: PathBuf,
    /// The message's name.
    #[arg(long)]
    message: String,
    /// The message's arguments, comma-separated.
    #[arg(long, allow_hyphen_values = true)]
    args: Option<String>,
    /// TAO to send to a payable message.
    #[arg(long)]
    value: Option<String>,
    /// EVM gas for the contract (0 = all the transaction has).
    #[arg(long, default_value_t = 0)]
    gas: u64,
}

#[derive(Args, Debug)]
pub struct QueryArgs {
    /// The contract's account (hex or SS58).
    #[arg(long)]
    contract: String,
    /// The contract's metadata JSON.
    #[arg(long)]
    metadata: PathBuf,
    /// The message's name.
    #[arg(long)]
    message: String,
    /// The message's arguments, comma-separated.
    #[arg(long, allow_hyphen_values = true)]
    args: Option<String>,
}

pub async fn run(ctx: &Ctx, cmd: ContractCmd) -> anyhow::Result<()> {
    match cmd {
        ContractCmd::Upload(a) => upload(ctx, a).await,
        ContractCmd::Instantiate(a) => instantiate(ctx, a).await,
        ContractCmd::Call(a) => call(ctx, a).await,
        ContractCmd::Query(a) => query(ctx, a).await,
    }
}

fn read(path: &Path, what: &str) -> Result<Vec<u8>, Error> {
    std::fs::read(path)
        .map_err(|e| Error::InvalidInput(format!("cannot read the {what} {}: {e}", path.display())))
}

fn metadata(path: &Path) -> Result<InkMetadata, Error> {
    let text = String::from_utf8(read(path, "metadata file")?)
        .map_err(|_| Error::InvalidInput(format!("{} is not UTF-8 JSON", path.display())))?;
    Ok(InkMetadata::parse(&text)?)
}

fn split(args: Option<&str>) -> Vec<String> {
    match args {
        None | Some("") => Vec::new(),
        Some(s) => s.split(',').map(str::to_owned).collect(),
    }
}

fn value_wei(value: Option<&str>, spec: &MessageSpec) -> Result<U256, Error> {
    let Some(v) = value else { return Ok(U256::ZERO) };
    let tao: Tao = v.parse()?;
    if tao.rao() > 0 && !spec.payable {
        return Err(Error::InvalidInput(format!("`{}` is not payable: drop --value", spec.label)));
    }
    Ok(tao.to_wei())
}

fn tx(input: Vec<u8>, value: U256, signature: &'static str, summary: String) -> TxCall {
    TxCall { to: ADDRESS, input: input.into(), value, signature, summary, spends: Tao::ZERO }
}

/// Decodes a message's output (`MessageResult<T>`) by its return type, or shows it as hex.
fn decode_output(meta: &InkMetadata, spec: &MessageSpec, out: &[u8]) -> Value {
    match spec.return_type.map(|t| scale::decode(meta, t, out)) {
        Some(Ok(v)) => v,
        _ => json!(alloy_primitives::hex::encode_prefixed(out)),
    }
}

/// The contract events among `logs`, decoded by the metadata where their topic is known.
fn events(meta: &InkMetadata, logs: &[alloy::rpc::types::Log]) -> Vec<Value> {
    let mut found = Vec::new();
    for log in logs {
        let Ok(ev) = IWasm::ContractEmitted::decode_log_data(log.data()) else { continue };
        let known = ev.topics.first().and_then(|t| meta.event_by_topic(&t.0));
        let decoded = known.and_then(|spec| {
            let fields: Vec<(String, u32)> =
                spec.args.iter().map(|a| (a.label.clone(), a.ty)).collect();
            scale::decode_fields(meta, &fields, &ev.data)
                .ok()
                .map(|v| json!({ spec.label.clone(): v }))
        });
        found.push(
            decoded.unwrap_or_else(
                || json!({"raw": alloy_primitives::hex::encode_prefixed(&ev.data)}),
            ),
        );
    }
    found
}

/// Simulates `call`; a revert becomes [`Error::Reverted`] with the contract's output decoded.
async fn simulate(
    client: &Client,
    call: &TxCall,
    decode: impl Fn(&[u8]) -> Value,
) -> Result<(Bytes, Vec<alloy::rpc::types::Log>), Error> {
    match client.simulate(call).await? {
        Simulated::Returned { output, logs } => Ok((output, logs)),
        Simulated::Reverted { data, reason } => {
            // The bridge reverts with the contract's own output (no Error(string) wrapper).
            let reason =
                if data.len() >= 4 && data[..4] == [0x08, 0xc3, 0x79, 0xa0] || data.is_empty() {
                    reason
                } else {
                    format!("contract reverted with {}", decode(&data))
                };
            Err(Error::Reverted { call: call.summary.clone(), reason, tx: None })
        }
    }
}

async fn upload(ctx: &Ctx, a: UploadArgs) -> anyhow::Result<()> {
    let code = read(&a.wasm, "wasm file")?;
    let client = ctx.client().await?.with_key(ctx.coldkey()?);
    let input = IWasm::uploadCall { code: code.into() }.abi_encode();
    let call = tx(input, U256::ZERO, "upload(bytes)", format!("upload {}", a.wasm.display()));
    let (out, _) =
        simulate(&client, &call, |d| json!(alloy_primitives::hex::encode_prefixed(d))).await?;
    let hash = IWasm::uploadCall::abi_decode_returns(&out)
        .map_err(|e| Error::Decode { what: "upload".into(), reason: e.to_string() })?;
    let r = ctx.send(&client, call, &[("code hash", hash.to_string())]).await?;
    ctx.done("uploaded", &r, json!({"code_hash": hash}));
    Ok(())
}

fn salt(s: Option<&str>) -> Result<B256, Error> {
    let Some(s) = s else { return Ok(B256::from(rand::random::<[u8; 32]>())) };
    let bytes = alloy_primitives::hex::decode(s.strip_prefix("0x").unwrap_or(s))
        .ok()
        .filter(|b| b.len() <= 32)
        .ok_or_else(|| Error::InvalidInput(format!("--salt {s}: give up to 32 bytes as hex")))?;
    let mut out = [0u8; 32];
    out[32 - bytes.len()..].copy_from_slice(&bytes);
    Ok(B256::from(out))
}

async fn instantiate(ctx: &Ctx, a: InstantiateArgs) -> anyhow::Result<()> {
    let meta = metadata(&a.metadata)?;
    let spec = meta.constructor(&a.constructor)?;
    let data = scale::encode_call(&meta, spec, &split(a.args.as_deref()))?;
    let value = value_wei(a.value.as_deref(), spec)?;
    let salt = salt(a.salt.as_deref())?;
    let input = match (&a.wasm, &a.code_hash) {
        (Some(w), _) => IWasm::instantiateWithCodeCall {
            code: read(w, "wasm file")?.into(),
            input: data.into(),
            salt,
            gasLimit: a.gas,
        }
        .abi_encode(),
        (None, Some(h)) => IWasm::instantiateCall {
            codeHash: h.parse().map_err(|_| {
                Error::InvalidInput(format!("--code-hash {h}: give 0x + 64 hex digits"))
            })?,
            input: data.into(),
            salt,
            gasLimit: a.gas,
        }
        .abi_encode(),
        (None, None) => anyhow::bail!(Error::InvalidInput("give --wasm or --code-hash".into())),
    };
    let summary = format!(
        "instantiate {} with {}({})",
        meta.name,
        spec.label,
        a.args.clone().unwrap_or_default()
    );
    let client = ctx.client().await?.with_key(ctx.coldkey()?);
    let call = tx(input, value, "instantiate", summary);
    let ctor_out = |d: &[u8]| decode_output(&meta, spec, d);
    let (out, _) = simulate(&client, &call, ctor_out).await?;
    let account = IWasm::instantiateCall::abi_decode_returns(&out)
        .map_err(|e| Error::Decode { what: "instantiate".into(), reason: e.to_string() })?;
    let id = AccountId(account);
    let r = ctx.send(&client, call, &[("contract", id.to_ss58())]).await?;
    ctx.done("instantiated", &r, json!({"contract": id.to_hex(), "contract_ss58": id.to_ss58()}));
    Ok(())
}

fn contract_id(s: &str) -> Result<AccountId, Error> {
    s.parse::<AccountId>().map_err(|_| {
        Error::InvalidInput(format!(
            "--contract {s}: give the account as 0x + 64 hex digits or SS58"
        ))
    })
}

async fn call(ctx: &Ctx, a: CallArgs) -> anyhow::Result<()> {
    let meta = metadata(&a.metadata)?;
    let spec = meta.message(&a.message)?;
    let data = scale::encode_call(&meta, spec, &split(a.args.as_deref()))?;
    let value = value_wei(a.value.as_deref(), spec)?;
    let id = contract_id(&a.contract)?;
    let input = IWasm::callCall { account: id.0, input: data.into(), gasLimit: a.gas }.abi_encode();
    let summary = format!(
        "call {}.{}({}) on {}",
        meta.name,
        spec.label,
        a.args.clone().unwrap_or_default(),
        id.to_ss58()
    );
    let client = ctx.client().await?.with_key(ctx.coldkey()?);
    let call = tx(input, value, "call", summary);
    simulate(&client, &call, |d| decode_output(&meta, spec, d)).await?;
    let r = ctx.send(&client, call, &[]).await?;
    let evs = events(&meta, &r.logs);
    ctx.done("called", &r, json!({"events": evs}));
    Ok(())
}

async fn query(ctx: &Ctx, a: QueryArgs) -> anyhow::Result<()> {
    let meta = metadata(&a.metadata)?;
    let spec = meta.message(&a.message)?;
    let data = scale::encode_call(&meta, spec, &split(a.args.as_deref()))?;
    let id = contract_id(&a.contract)?;
    let input = IWasm::queryCall { account: id.0, input: data.into() }.abi_encode();
    let client = ctx.client().await?;
    let out = client.call_raw(ADDRESS, input.into(), "query(bytes32,bytes)").await?;
    let out = IWasm::queryCall::abi_decode_returns(&out)
        .map_err(|e| Error::Decode { what: "query".into(), reason: e.to_string() })?;
    let v = decode_output(&meta, spec, &out);
    // A message's `MessageResult<T>`: show T when it is Ok.
    let v = match v {
        Value::Object(ref o) if o.len() == 1 && o.contains_key("Ok") => o["Ok"].clone(),
        other => other,
    };
    if ctx.g.json {
        table::print_json(&json!({"result": v}));
    } else {
        table::out(&v.to_string());
    }
    Ok(())
}
