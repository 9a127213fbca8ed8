//! `tao`: taochain's command line, in the spirit of btcli. See `docs/cli.md`.
// A command line prints its results on stdout.
#![allow(clippy::print_stdout)]

mod chain;
mod contract;
mod ctx;
mod defi;
mod stake;
mod table;
mod wallet;

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use taochain_sdk::ErrorKind;

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  usage or input error (bad flag, amount, id; unknown subnet; insufficient balance;
     confirmation declined or impossible without a terminal)
  2  chain or RPC error (node unreachable, JSON-RPC error, timeout waiting for inclusion)
  3  transaction reverted (in simulation, before anything is sent, or when mined)
  4  wallet, key or password error (missing wallet, wrong password, bad key file)

Amounts are decimal TAO or alpha (`--amount 1.5`), at most 9 decimals, never rounded.
IDs (hotkeys, coldkeys) are 32-byte ids in hex (0x + 64 digits) or SS58 (5...).
With --json, results (and errors, as {\"error\": ...}) are JSON on stdout; progress and
prompts always go to stderr.";

/// taochain's command line: wallets, transfers, subnets, neurons, staking, weights, metagraph,
/// pools, delegation vaults, wrapped alpha and offline epochs, against a taochain node's JSON-RPC.
#[derive(Parser, Debug)]
#[command(name = "tao", version, after_long_help = EXIT_CODES, after_help = "Exit codes: 0 ok, 1 input, 2 chain/RPC, 3 reverted, 4 wallet/password (--help for more).")]
pub struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

/// Flags every command takes.
#[derive(Args, Debug, Clone)]
pub struct Global {
    /// The node's JSON-RPC URL.
    #[arg(long, global = true, env = "TAO_RPC", default_value = "http://127.0.0.1:8545")]
    pub rpc: String,
    /// Print results as JSON on stdout (for scripts).
    #[arg(long, global = true)]
    pub json: bool,
    /// Send without asking for confirmation.
    #[arg(long, short = 'y', global = true)]
    pub yes: bool,
    /// Sign with this raw private key (0x + 64 hex digits; a dev key). It is both coldkey and
    /// hotkey.
    #[arg(long, global = true, conflicts_with = "wallet", value_name = "HEX")]
    pub key: Option<String>,
    /// Sign with this wallet of the wallet directory (coldkey for funds, stake and subnets;
    /// its hotkey for axons and weights).
    #[arg(long, global = true, env = "TAO_WALLET", value_name = "NAME")]
    pub wallet: Option<String>,
    /// The wallet's hotkey to use.
    #[arg(long, global = true, default_value = "default", value_name = "NAME")]
    pub wallet_hotkey: String,
    /// The wallet directory.
    #[arg(long, global = true, env = "TAO_WALLET_DIR", value_name = "DIR")]
    pub wallet_dir: Option<PathBuf>,
    /// Read the wallet password from this file (first line); else TAO_PASSWORD, else a prompt.
    #[arg(long, global = true, value_name = "FILE")]
    pub password_file: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Create, import and list wallets; show balances.
    #[command(subcommand)]
    Wallet(wallet::WalletCmd),
    /// Send TAO to an EVM address or a 32-byte id.
    #[command(after_help = "Example: tao --wallet alice transfer --dest 5F... --amount 1.5")]
    Transfer(chain::TransferArgs),
    /// List, show, create and start subnets; read and set hyperparameters.
    #[command(subcommand)]
    Subnet(chain::SubnetCmd),
    /// Register a hotkey on a subnet; serve its axon.
    #[command(subcommand)]
    Neuron(chain::NeuronCmd),
    /// Add, remove, move, transfer and list stake.
    #[command(subcommand)]
    Stake(stake::StakeCmd),
    /// Set weights, or commit and reveal them.
    #[command(subcommand)]
    Weights(chain::WeightsCmd),
    /// A subnet's metagraph: uid, hotkey, stake, consensus, incentive, dividends, emission,
    /// vtrust, active, axon.
    #[command(after_help = "Example: tao --json metagraph --netuid 1")]
    Metagraph(stake::NetuidArg),
    /// A subnet's pool: reserves, price, moving price, and an optional quote.
    #[command(after_help = "Example: tao pool --netuid 1 --quote-tao 10")]
    Pool(stake::PoolArgs),
    /// Delegation vaults: list them, deposit TAO, withdraw.
    #[command(subcommand)]
    Delegate(defi::DelegateCmd),
    /// Wrap staked alpha into its ERC-20 (creating the token if needed).
    #[command(after_help = "Example: tao --key $KEY wrap --netuid 1 --hotkey 5F... --amount 5")]
    Wrap(defi::WrapArgs),
    /// Unwrap wrapped-alpha shares back into stake.
    #[command(after_help = "Example: tao --key $KEY unwrap --netuid 1 --hotkey 5F... --all")]
    Unwrap(defi::UnwrapArgs),
    /// Run one Yuma epoch offline on a case file (as `taochain epoch --input`; no node).
    #[command(after_help = "Example: tao epoch --input case.json   (format: docs/epoch-format.md)")]
    Epoch(defi::EpochArgs),
    /// ink! contracts through the 0xa00 bridge: upload, instantiate, call and query by the
    /// contract's metadata file (messages by name).
    #[command(subcommand)]
    Contract(contract::ContractCmd),
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let ctx = ctx::Ctx::new(cli.global);
    match cli.command {
        Command::Wallet(c) => wallet::run(&ctx, c).await,
        Command::Transfer(a) => chain::transfer(&ctx, a).await,
        Command::Subnet(c) => chain::subnet(&ctx, c).await,
        Command::Neuron(c) => chain::neuron(&ctx, c).await,
        Command::Stake(c) => stake::run(&ctx, c).await,
        Command::Weights(c) => chain::weights(&ctx, c).await,
        Command::Metagraph(a) => stake::metagraph(&ctx, a).await,
        Command::Pool(a) => stake::pool(&ctx, a).await,
        Command::Delegate(c) => defi::delegate(&ctx, c).await,
        Command::Wrap(a) => defi::wrap(&ctx, a).await,
        Command::Unwrap(a) => defi::unwrap(&ctx, a).await,
        Command::Epoch(a) => defi::epoch(&ctx, &a),
        Command::Contract(c) => contract::run(&ctx, c).await,
    }
}

/// The exit code of a failure (see [`EXIT_CODES`]).
fn exit_code(e: &anyhow::Error) -> (u8, &'static str) {
    match e.downcast_ref::<taochain_sdk::Error>().map(taochain_sdk::Error::kind) {
        Some(ErrorKind::Chain) => (2, "chain"),
        Some(ErrorKind::Reverted) => (3, "reverted"),
        Some(ErrorKind::Wallet) => (4, "wallet"),
        Some(ErrorKind::Input) | None => (1, "input"),
    }
}

/// What to do about the chain's most common refusals.
fn hint(chain_error: &str) -> Option<&'static str> {
    Some(match chain_error {
        "SlippageTooHigh" | "ZeroMaxStakeAmount" => {
            "the pool price would pass your limit: use a smaller --amount, or a wider --max-slippage / --limit-price"
        }
        "CommitRevealEnabled" => {
            "this subnet uses commit-reveal: `tao weights commit`, then `tao weights reveal` in a later epoch"
        }
        "CommitRevealDisabled" => "this subnet takes weights directly: `tao weights set`",
        "RevealTooEarly" => {
            "reveal in the epoch after the commit (`tao subnet show` shows the tempo)"
        }
        "NotSubnetOwner" => {
            "sign with the subnet owner's coldkey (`tao subnet show` shows the owner)"
        }
        "SubtokenDisabled" => "the subnet is not started yet: its owner runs `tao subnet start`",
        "NotEnoughStakeToWithdraw" => "`tao stake list` shows your positions",
        "HotKeyNotRegisteredInSubNet" => "register the hotkey first: `tao neuron register`",
        "HotKeyAccountNotExists" => {
            "the hotkey is not registered anywhere: `tao neuron register` first"
        }
        "SharesBelowMinimum" | "AssetsBelowMinimum" | "PriceDeviation" => {
            "the vault's price moved past your bound: use a smaller amount, or a lower --min-shares / wider --max-slippage"
        }
        "NotWholeRao" => "vault amounts are whole RAO: at most 9 decimals",
        "InsufficientBalance" | "CannotAffordLockCost" => {
            "`tao wallet balance` shows what the coldkey holds"
        }
        "SettingWeightsTooFast" | "CommittingWeightsTooFast" => {
            "wait for the subnet's weights rate limit (`tao subnet hyperparameters get`)"
        }
        _ => return None,
    })
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 1 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let json = cli.global.json;
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: starting the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let (code, kind) = exit_code(&e);
            eprintln!("error: {e:#}");
            let hint = e
                .downcast_ref::<taochain_sdk::Error>()
                .and_then(|e| e.chain_error_name())
                .and_then(hint);
            if let Some(h) = hint {
                eprintln!("hint: {h}");
            }
            if json {
                let name =
                    e.downcast_ref::<taochain_sdk::Error>().and_then(|e| e.chain_error_name());
                let v = serde_json::json!({
                    "error": { "kind": kind, "exit_code": code, "message": format!("{e:#}"), "chain_error": name, "hint": hint }
                });
                table::print_json(&v);
            }
            ExitCode::from(code)
        }
    }
}
