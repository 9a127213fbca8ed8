//! # taochain-sdk
//!
//! The Rust client library of taochain, and the `tao` CLI built on it (feature `cli`, on by
//! default). It owns everything a program needs to use a taochain node from outside, and
//! nothing of the node itself: it links no database, no EVM and no WASM engine
//! (`scripts/check-deps.sh` checks it).
//!
//! | module | what it owns |
//! | --- | --- |
//! | [`client`] | [`Client`]: the typed JSON-RPC client (the jsonrpsee HTTP client of `taochain-rpc-api`'s traits), precompile reads, transactions checked by simulation, signed, sent and awaited with progress, reverts decoded |
//! | [`tx`] | [`TxCall`], [`PreparedTx`], [`Progress`], [`Receipt`], [`decode_revert`]: a transaction before and after sending |
//! | [`views`] | subnets and pools, metagraphs, stake positions, swap quotes, hyperparameters, typed |
//! | [`flows`] | the calls of the common flows, built from the `contracts` crate's `sol!` bindings: subnets, registration, axons, staking with limit prices, transfers, weights and commit-reveal |
//! | [`defi`] | delegation vaults (list, deposit, redeem) and wrapped alpha (wrap, unwrap) through the predeployed factories; several calls simulated as one sequence before sending |
//! | [`epoch`] | one Yuma epoch offline on a case file (`tao_yuma`, as `taochain epoch`) |
//! | [`hyper`] | the subnet hyperparameters by btcli's names, with their `ISubnet` getters and setters |
//! | [`keys`] | [`Key`]: raw hex keys, BIP-39 mnemonics, Ethereum keystore v3 files |
//! | [`wallet`] | [`WalletDir`]: `~/.taochain/wallets/<name>/{coldkey.json,hotkeys/<hotkey>.json}` |
//! | [`ink`] | ink! contracts by their metadata file: messages, constructors, events and selectors; arguments encoded from strings and outputs decoded to JSON by type |
//! | [`ids`] | [`AccountId`]: 32-byte ids in hex and SS58, the twin of an EVM address |
//! | [`amount`] | [`Tao`], [`Alpha`], [`PriceE18`], [`Slippage`]: exact, never rounded silently |
//! | [`shares`] | [`Shares`]: vault and wrapped-alpha share amounts (15 decimals), exact |
//! | [`error`] | [`Error`] and its [`ErrorKind`] |
//!
//! Units: 1 TAO = 10^9 RAO; EVM values are wei = RAO × 10^9; the 32-byte id of an EVM address
//! is `blake2b-256("evm:" ‖ address)`, exactly as on Bittensor's chain.
//!
//! ```no_run
//! use taochain_sdk::{Client, Key, Tao, flows};
//! # async fn f() -> Result<(), taochain_sdk::Error> {
//! let key = Key::from_hex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")?;
//! let client = Client::connect("http://127.0.0.1:8545").await?.with_key(key);
//! let hotkey = client.key()?.id();
//! let (call, quote) = client
//!     .add_stake_call(hotkey, 1, "10".parse::<Tao>()?, None, Some("0.5".parse()?))
//!     .await?;
//! println!("{} (about {:?} alpha)", call.summary, quote);
//! let tx = client.prepare(call).await?;
//! let receipt = client.send(tx, |p| eprintln!("{p:?}")).await?;
//! println!("staked in block {}", receipt.block);
//! # Ok(()) }
//! ```

pub mod amount;
pub mod client;
pub mod defi;
pub mod epoch;
pub mod error;
pub mod flows;
pub mod hyper;
pub mod ids;
pub mod ink;
pub mod keys;
pub mod shares;
pub mod tx;
pub mod views;
pub mod wallet;

pub use amount::{Alpha, AmountError, PriceE18, Slippage, Tao};
pub use client::Client;
pub use error::{Error, ErrorKind, Result};
pub use ids::{AccountId, IdError};
pub use keys::Key;
pub use shares::Shares;
pub use tx::{PreparedTx, Progress, Receipt, TxCall, decode_revert};
pub use views::{Metagraph, NeuronInfo, Pool, StakePosition, SubnetInfo};
pub use wallet::WalletDir;

/// The precompile ABIs and addresses (the `contracts` crate), re-exported.
pub use contracts;
