//! # taochain-rpc-api
//!
//! taochain's JSON-RPC API, declared once per namespace as typed [`jsonrpsee`] traits:
//!
//! | trait | methods |
//! | --- | --- |
//! | [`EthApiClient`] | `eth_*`: chain, blocks, transactions, state, calls, fees, logs, filters, `eth_subscribe` |
//! | [`NetApiClient`], [`Web3ApiClient`], [`TxpoolApiClient`] | `net_*`, `web3_*`, `txpool_status` |
//! | [`EvmApiClient`], [`AnvilApiClient`] | dev methods (`--dev` only) in the anvil style, with every `anvil_` / `hardhat_` alias |
//! | [`DebugApiClient`] | `debug_traceCall`, `debug_traceTransaction`, `debug_traceBlockByNumber/ByHash` (geth's struct logger and `callTracer`) |
//! | [`TaoApiClient`] | `tao_*`: subnets, metagraph, stake, supply |
//! | [`TaoDevApiClient`] | `tao_dev*` (`--dev` only): run an epoch, jump to the next tempo, set pool reserves, credit stake, set a hyperparameter, register a neuron |
//! | [`OtsApiClient`], [`ErigonApiClient`] | Otterscan's `ots_*` (API level 8) and `erigon_getHeaderByNumber` |
//!
//! From each trait the `#[rpc]` macro generates a client extension trait (`EthApiClient`, ...)
//! that any jsonrpsee client (HTTP or WebSocket) implements, and, with the `server` feature, the
//! server trait (`EthApiServer`, ...) that `evm-host` implements. The crate depends on no VM,
//! database or runtime, so a client library can use it as it is.
//!
//! Parameters are positional; trailing `Option` parameters (block tags) may be omitted.
//! Responses are typed where the type serialises exactly as the wire format (quantities,
//! hashes, bytes, logs). Blocks, transactions, receipts, fee history and the `tao_` views are
//! [`serde_json::Value`]: their JSON is assembled by the server in the shape MetaMask, ethers,
//! viem and cast expect (see each method).

mod types;

pub use types::{
    DevQuantity, FilterChanges, MineOptions, NodeEnvironment, NodeInfo, OtsBlockNumber,
    TxpoolStatus,
};

use alloy_eips::{BlockId, BlockNumberOrTag};
use alloy_primitives::{Address, B256, Bytes, U64, U128, U256};
use alloy_rpc_types_eth::state::StateOverride;
use alloy_rpc_types_eth::{BlockOverrides, Filter, Log, TransactionRequest};
// The client side rewrites return types; only the server traits name `RpcResult`.
#[cfg_attr(not(feature = "server"), allow(unused_imports))]
use jsonrpsee::core::RpcResult;
use jsonrpsee::proc_macros::rpc;
use serde_json::Value;

/// The `eth_` namespace.
#[cfg_attr(feature = "server", rpc(server, client, namespace = "eth"))]
#[cfg_attr(not(feature = "server"), rpc(client, namespace = "eth"))]
pub trait EthApi {
    /// EIP-155 chain id.
    #[method(name = "chainId")]
    fn chain_id(&self) -> RpcResult<U64>;
    /// Always `false`.
    #[method(name = "syncing")]
    fn syncing(&self) -> RpcResult<bool>;
    /// True when blocks are mined as transactions arrive.
    #[method(name = "mining")]
    fn mining(&self) -> RpcResult<bool>;
    /// Always `0x0`.
    #[method(name = "hashrate")]
    fn hashrate(&self) -> RpcResult<U64>;
    /// The head block's author.
    #[method(name = "coinbase")]
    fn coinbase(&self) -> RpcResult<Address>;
    /// Accounts whose keys the node holds (dev accounts in `--dev`).
    #[method(name = "accounts")]
    fn accounts(&self) -> RpcResult<Vec<Address>>;
    /// Head number.
    #[method(name = "blockNumber")]
    fn block_number(&self) -> RpcResult<U64>;
    /// Next base fee plus the suggested tip.
    #[method(name = "gasPrice")]
    fn gas_price(&self) -> RpcResult<U128>;
    /// The suggested tip.
    #[method(name = "maxPriorityFeePerGas")]
    fn max_priority_fee_per_gas(&self) -> RpcResult<U128>;
    /// Always `0x1` (no blobs).
    #[method(name = "blobBaseFee")]
    fn blob_base_fee(&self) -> RpcResult<U64>;

    /// A block, with full transactions or hashes; `null` if unknown. `Value`: the block JSON is
    /// assembled by the server (alloy's RPC block with `totalDifficulty` and `size`).
    #[method(name = "getBlockByNumber", blocking)]
    fn block_by_number(&self, block: BlockNumberOrTag, full: Option<bool>) -> RpcResult<Value>;
    /// [`EthApiClient::block_by_number`] by hash.
    #[method(name = "getBlockByHash", blocking)]
    fn block_by_hash(&self, hash: B256, full: Option<bool>) -> RpcResult<Value>;
    /// Transaction count of a block; `null` if unknown.
    #[method(name = "getBlockTransactionCountByNumber", blocking)]
    fn block_transaction_count_by_number(&self, block: BlockNumberOrTag) -> RpcResult<Option<U64>>;
    /// Transaction count of a block by hash; `null` if unknown.
    #[method(name = "getBlockTransactionCountByHash", blocking)]
    fn block_transaction_count_by_hash(&self, hash: B256) -> RpcResult<Option<U64>>;
    /// A mined transaction by position; `null` if none. `Value`: see
    /// [`EthApiClient::transaction_by_hash`].
    #[method(name = "getTransactionByBlockNumberAndIndex", blocking)]
    fn transaction_by_block_number_and_index(
        &self,
        block: BlockNumberOrTag,
        index: U256,
    ) -> RpcResult<Value>;
    /// A mined transaction by block hash and position; `null` if none.
    #[method(name = "getTransactionByBlockHashAndIndex", blocking)]
    fn transaction_by_block_hash_and_index(&self, hash: B256, index: U256) -> RpcResult<Value>;
    /// Always `0x0` (no uncles); parameters are ignored.
    #[method(name = "getUncleCountByBlockNumber")]
    fn uncle_count_by_block_number(&self) -> RpcResult<U64>;
    /// Always `0x0` (no uncles); parameters are ignored.
    #[method(name = "getUncleCountByBlockHash")]
    fn uncle_count_by_block_hash(&self) -> RpcResult<U64>;

    /// Balance in wei at a block (the head by default).
    #[method(name = "getBalance", blocking)]
    fn balance(&self, address: Address, block: Option<BlockId>) -> RpcResult<U256>;
    /// Account nonce at a block; with `pending`, counting pooled transactions.
    #[method(name = "getTransactionCount", blocking)]
    fn transaction_count(&self, address: Address, block: Option<BlockId>) -> RpcResult<U64>;
    /// Code at a block.
    #[method(name = "getCode", blocking)]
    fn code(&self, address: Address, block: Option<BlockId>) -> RpcResult<Bytes>;
    /// A storage slot at a block.
    #[method(name = "getStorageAt", blocking)]
    fn storage_at(&self, address: Address, slot: U256, block: Option<BlockId>) -> RpcResult<B256>;

    /// Run a call without committing it; a revert is error 3 with the revert bytes as data.
    /// State and block overrides (geth's format) apply to this call only.
    #[method(name = "call", blocking)]
    fn call(
        &self,
        request: TransactionRequest,
        block: Option<BlockId>,
        state_overrides: Option<StateOverride>,
        block_overrides: Option<Box<BlockOverrides>>,
    ) -> RpcResult<Bytes>;
    /// The smallest gas limit at which the call succeeds (with optional overrides).
    #[method(name = "estimateGas", blocking)]
    fn estimate_gas(
        &self,
        request: TransactionRequest,
        block: Option<BlockId>,
        state_overrides: Option<StateOverride>,
        block_overrides: Option<Box<BlockOverrides>>,
    ) -> RpcResult<U64>;
    /// The accounts and storage slots the call touches (sender, recipient and precompiles
    /// excluded), the gas it uses with them, and `error` if it fails.
    #[method(name = "createAccessList", blocking)]
    fn create_access_list(
        &self,
        request: TransactionRequest,
        block: Option<BlockId>,
    ) -> RpcResult<alloy_eips::eip2930::AccessListResult>;
    /// Simulate blocks of calls on top of `block` (no validation): per block state and block
    /// overrides, calls committed in order. `Value`: the simulated blocks with their `calls`
    /// results (status, returnData, gasUsed, logs, error), assembled by the server.
    #[method(name = "simulateV1", blocking)]
    fn simulate_v1(
        &self,
        payload: alloy_rpc_types_eth::simulate::SimulatePayload,
        block: Option<BlockId>,
    ) -> RpcResult<Value>;
    /// Base fees, gas used ratios and tip percentiles of recent blocks. `Value`: assembled by
    /// the server (ratios as JSON numbers, `reward` only when percentiles are asked for).
    #[method(name = "feeHistory", blocking)]
    fn fee_history(
        &self,
        block_count: U256,
        newest_block: BlockNumberOrTag,
        reward_percentiles: Option<Vec<f64>>,
    ) -> RpcResult<Value>;

    /// Check and pool a signed transaction; returns its hash.
    #[method(name = "sendRawTransaction", blocking)]
    fn send_raw_transaction(&self, raw: Bytes) -> RpcResult<B256>;
    /// Sign with a key the node holds (dev accounts), or send as an impersonated account
    /// (--dev), then pool; returns the hash. `eth_sendUnsignedTransaction` (anvil's name for the
    /// impersonated case, used by viem's test client) is the same method.
    #[method(name = "sendTransaction", blocking, aliases = ["eth_sendUnsignedTransaction"])]
    fn send_transaction(&self, request: TransactionRequest) -> RpcResult<B256>;
    /// A mined or pooled transaction; `null` if unknown. `Value`: alloy's RPC transaction
    /// (block fields `null` while pooled).
    #[method(name = "getTransactionByHash", blocking)]
    fn transaction_by_hash(&self, hash: B256) -> RpcResult<Value>;
    /// A receipt; `null` until mined. `Value`: alloy's RPC receipt with block-wide log indexes.
    #[method(name = "getTransactionReceipt", blocking)]
    fn transaction_receipt(&self, hash: B256) -> RpcResult<Value>;
    /// All receipts of a block; `null` if unknown. `Value`: an array of receipts as
    /// [`EthApiClient::transaction_receipt`] returns them.
    #[method(name = "getBlockReceipts", blocking)]
    fn block_receipts(&self, block: BlockId) -> RpcResult<Value>;

    /// Logs matching a filter (a bounded block range).
    #[method(name = "getLogs", blocking)]
    fn logs(&self, filter: Filter) -> RpcResult<Vec<Log>>;
    /// Install a polling log filter; returns its id. The server sees the connection (its
    /// filters are counted per client).
    #[method(name = "newFilter", with_extensions)]
    fn new_filter(&self, filter: Filter) -> RpcResult<U64>;
    /// Install a polling new-block filter; returns its id.
    #[method(name = "newBlockFilter", with_extensions)]
    fn new_block_filter(&self) -> RpcResult<U64>;
    /// Remove a filter; `false` if it did not exist.
    #[method(name = "uninstallFilter")]
    fn uninstall_filter(&self, id: String) -> RpcResult<bool>;
    /// What a filter matched since it was last polled.
    #[method(name = "getFilterChanges", blocking)]
    fn filter_changes(&self, id: String) -> RpcResult<FilterChanges>;
    /// Every log a log filter matches.
    #[method(name = "getFilterLogs", blocking)]
    fn filter_logs(&self, id: String) -> RpcResult<Vec<Log>>;

    /// `newHeads` (headers) or `logs` (logs matching an optional filter), pushed as
    /// `eth_subscription` notifications under a `0x` hex subscription id.
    #[subscription(
        name = "subscribe" => "subscription",
        unsubscribe = "unsubscribe",
        item = serde_json::Value
    )]
    async fn subscribe_events(
        &self,
        kind: String,
        filter: Option<Filter>,
    ) -> jsonrpsee::core::SubscriptionResult;
}

/// The `net_` namespace.
#[cfg_attr(feature = "server", rpc(server, client, namespace = "net"))]
#[cfg_attr(not(feature = "server"), rpc(client, namespace = "net"))]
pub trait NetApi {
    /// The chain id in decimal.
    #[method(name = "version")]
    fn version(&self) -> RpcResult<String>;
    /// Always `true`.
    #[method(name = "listening")]
    fn listening(&self) -> RpcResult<bool>;
    /// Always `0x0`.
    #[method(name = "peerCount")]
    fn peer_count(&self) -> RpcResult<U64>;
}

/// The `web3_` namespace.
#[cfg_attr(feature = "server", rpc(server, client, namespace = "web3"))]
#[cfg_attr(not(feature = "server"), rpc(client, namespace = "web3"))]
pub trait Web3Api {
    /// `taochain/v<version>`.
    #[method(name = "clientVersion")]
    fn client_version(&self) -> RpcResult<String>;
    /// Keccak-256 of the data.
    #[method(name = "sha3")]
    fn sha3(&self, data: Bytes) -> RpcResult<B256>;
}

/// The `txpool_` namespace.
#[cfg_attr(feature = "server", rpc(server, client, namespace = "txpool"))]
#[cfg_attr(not(feature = "server"), rpc(client, namespace = "txpool"))]
pub trait TxpoolApi {
    /// Ready and queued transaction counts.
    #[method(name = "status", blocking)]
    fn status(&self) -> RpcResult<TxpoolStatus>;
    /// Pooled transactions, `{pending, queued}` by sender and nonce (geth's format).
    #[method(name = "content", blocking)]
    fn content(&self) -> RpcResult<serde_json::Value>;
    /// A one-line summary of each pooled transaction, `{pending, queued}` by sender and nonce:
    /// `"<to>: <value> wei + <gas> gas × <gas price> wei"` (geth's format).
    #[method(name = "inspect", blocking)]
    fn inspect(&self) -> RpcResult<serde_json::Value>;
}

/// Dev methods of the `evm_` family (each also answers to its `anvil_` name). Only in `--dev`.
#[cfg_attr(feature = "server", rpc(server, client, namespace = "evm"))]
#[cfg_attr(not(feature = "server"), rpc(client, namespace = "evm"))]
pub trait EvmApi {
    /// Mine one block (optionally at a timestamp); returns `0x0`.
    #[method(name = "mine", blocking)]
    fn evm_mine(&self, options: Option<MineOptions>) -> RpcResult<U64>;
    /// Turn automine on or off.
    #[method(name = "setAutomine", aliases = ["anvil_setAutomine"])]
    fn set_automine(&self, enabled: bool) -> RpcResult<bool>;
    /// Seal a block every `seconds` (0 turns interval mining off).
    #[method(name = "setIntervalMining", aliases = ["anvil_setIntervalMining"])]
    fn set_interval_mining(&self, seconds: DevQuantity) -> RpcResult<bool>;
    /// Snapshot the chain; returns the snapshot id.
    #[method(name = "snapshot", aliases = ["anvil_snapshot"])]
    fn snapshot(&self) -> RpcResult<U64>;
    /// Go back to a snapshot (consumed, with every later one); `false` if unknown.
    #[method(name = "revert", blocking, aliases = ["anvil_revert"])]
    fn revert(&self, id: DevQuantity) -> RpcResult<bool>;
    /// Move block time forward; returns the total offset in seconds.
    #[method(name = "increaseTime", aliases = ["anvil_increaseTime"])]
    fn increase_time(&self, seconds: DevQuantity) -> RpcResult<U64>;
    /// Fix the next block's timestamp.
    #[method(name = "setNextBlockTimestamp", aliases = ["anvil_setNextBlockTimestamp"])]
    fn set_next_block_timestamp(&self, timestamp: DevQuantity) -> RpcResult<()>;
    /// Produce each next block `seconds` after its parent's timestamp.
    #[method(name = "setBlockTimestampInterval", aliases = ["anvil_setBlockTimestampInterval"])]
    fn set_block_timestamp_interval(&self, seconds: DevQuantity) -> RpcResult<()>;
    /// Back to wall-clock timestamps; `true` if an interval was set.
    #[method(
        name = "removeBlockTimestampInterval",
        aliases = ["anvil_removeBlockTimestampInterval"]
    )]
    fn remove_block_timestamp_interval(&self) -> RpcResult<bool>;
    /// Set the block gas limit of the blocks produced from now on (hardhat's
    /// `evm_setBlockGasLimit`, anvil's `anvil_setBlockGasLimit`).
    #[method(name = "setBlockGasLimit", aliases = ["anvil_setBlockGasLimit"])]
    fn set_block_gas_limit(&self, gas: DevQuantity) -> RpcResult<bool>;
}

/// Dev methods of the `anvil_` family (each also answers to its `hardhat_` name where hardhat
/// has one). Only in `--dev`.
#[cfg_attr(feature = "server", rpc(server, client, namespace = "anvil"))]
#[cfg_attr(not(feature = "server"), rpc(client, namespace = "anvil"))]
pub trait AnvilApi {
    /// Mine `count` blocks (default 1), `interval` seconds apart.
    #[method(name = "mine", blocking, aliases = ["hardhat_mine"])]
    fn anvil_mine(
        &self,
        count: Option<DevQuantity>,
        interval: Option<DevQuantity>,
    ) -> RpcResult<()>;
    /// Whether automine is on.
    #[method(name = "getAutomine", aliases = ["hardhat_getAutomine"])]
    fn automine(&self) -> RpcResult<bool>;
    /// Set an account's balance (wei).
    #[method(name = "setBalance", blocking, aliases = ["hardhat_setBalance"])]
    fn set_balance(&self, address: Address, balance: U256) -> RpcResult<()>;
    /// Set an account's nonce.
    #[method(name = "setNonce", blocking, aliases = ["hardhat_setNonce"])]
    fn set_nonce(&self, address: Address, nonce: DevQuantity) -> RpcResult<()>;
    /// Set an account's code.
    #[method(name = "setCode", blocking, aliases = ["hardhat_setCode"])]
    fn set_code(&self, address: Address, code: Bytes) -> RpcResult<()>;
    /// Set a storage slot.
    #[method(name = "setStorageAt", blocking, aliases = ["hardhat_setStorageAt"])]
    fn set_storage_at(&self, address: Address, slot: U256, value: B256) -> RpcResult<bool>;
    /// Head, chain id and next-block environment.
    #[method(name = "nodeInfo")]
    fn node_info(&self) -> RpcResult<NodeInfo>;
    /// Back to the genesis state (blocks, dev edits, pool, snapshots, impersonation, clock).
    /// Forking options are refused: taochain does not fork another chain.
    #[method(name = "reset", blocking, aliases = ["hardhat_reset"])]
    fn reset(&self, options: Option<Value>) -> RpcResult<()>;
    /// Let `eth_sendTransaction` send from `address` without its key.
    #[method(name = "impersonateAccount", aliases = ["hardhat_impersonateAccount"])]
    fn impersonate_account(&self, address: Address) -> RpcResult<()>;
    /// Stop impersonating `address`.
    #[method(name = "stopImpersonatingAccount", aliases = ["hardhat_stopImpersonatingAccount"])]
    fn stop_impersonating_account(&self, address: Address) -> RpcResult<()>;
    /// Impersonate every address (`true`) or only those named (`false`).
    #[method(name = "autoImpersonateAccount")]
    fn auto_impersonate_account(&self, enabled: bool) -> RpcResult<()>;
    /// The next block's base fee per gas; the EIP-1559 rule resumes from it.
    #[method(name = "setNextBlockBaseFeePerGas", aliases = ["hardhat_setNextBlockBaseFeePerGas"])]
    fn set_next_block_base_fee_per_gas(&self, fee: DevQuantity) -> RpcResult<()>;
    /// A minimum gas price for legacy pricing: refused, as anvil refuses it when EIP-1559 is
    /// active (the base fee is the floor here).
    #[method(name = "setMinGasPrice", aliases = ["hardhat_setMinGasPrice"])]
    fn set_min_gas_price(&self, price: DevQuantity) -> RpcResult<()>;
    /// Remove a pooled transaction; returns its hash, or null if it was not pooled.
    #[method(name = "dropTransaction", aliases = ["hardhat_dropTransaction"])]
    fn drop_transaction(&self, hash: B256) -> RpcResult<Option<B256>>;
    /// Remove every pooled transaction.
    #[method(name = "dropAllTransactions")]
    fn drop_all_transactions(&self) -> RpcResult<()>;
    /// The whole chain (blocks, receipts, state with the native Bittensor state, state
    /// history) as a versioned dump: the `0x` hex of its JSON (format in `docs/operator.md`).
    #[method(name = "dumpState", blocking)]
    fn dump_state(&self) -> RpcResult<Bytes>;
    /// Replace the chain with a dump of this chain (same chain id and genesis) made by
    /// `anvil_dumpState`; the node continues from its head with an empty pool and no
    /// snapshots. A malformed dump or one of another chain is -32602 and changes nothing.
    #[method(name = "loadState", blocking)]
    fn load_state(&self, state: Bytes) -> RpcResult<bool>;
}

/// The `tao_` namespace: chain views at a block (the head by default). Amounts are decimal
/// strings of RAO / alpha-RAO; every response is a `Value` assembled by the server (field
/// lists in `docs/`), since its shape is made for people and dashboards.
#[cfg_attr(feature = "server", rpc(server, client, namespace = "tao"))]
#[cfg_attr(not(feature = "server"), rpc(client, namespace = "tao"))]
pub trait TaoApi {
    /// Every subnet with its pool, price and parameters.
    #[method(name = "subnets", blocking)]
    fn subnets(&self, block: Option<BlockId>) -> RpcResult<Value>;
    /// A subnet's neurons.
    #[method(name = "metagraph", blocking)]
    fn metagraph(&self, netuid: u16, block: Option<BlockId>) -> RpcResult<Value>;
    /// A hotkey's alpha per subnet.
    #[method(name = "hotkeyStake", blocking)]
    fn hotkey_stake(&self, hotkey: B256, block: Option<BlockId>) -> RpcResult<Value>;
    /// A coldkey's stake positions.
    #[method(name = "coldkeyStake", blocking)]
    fn coldkey_stake(&self, coldkey: B256, block: Option<BlockId>) -> RpcResult<Value>;
    /// Total issuance, recycled TAO and the block emission.
    #[method(name = "supply", blocking)]
    fn supply(&self, block: Option<BlockId>) -> RpcResult<Value>;
    /// The TAO of a 32-byte account: the EVM address it is the twin of (once the chain has
    /// linked it) and that address's balance, or the native balance kept for the id.
    #[method(name = "accountBalance", blocking)]
    fn account_balance(&self, account: B256, block: Option<BlockId>) -> RpcResult<Value>;
    /// The predeployed contracts: name, address, whether the block's state holds their code,
    /// the keccak-256 of that code, and the name of their ABI in the contracts crate.
    #[method(name = "contracts", blocking)]
    fn contracts(&self, block: Option<BlockId>) -> RpcResult<Value>;
    /// The code hash of the ink! contract at a 32-byte account (`null`: no contract).
    #[method(name = "wasmCodeHash", blocking)]
    fn wasm_code_hash(&self, account: B256, block: Option<BlockId>) -> RpcResult<Option<B256>>;
    /// A storage item of an ink! contract: `key` is the key the contract uses (an ink! root
    /// key such as `0x00000000`, or a mapping's key), read as `seal1.get_storage` reads it
    /// (`null`: absent).
    #[method(name = "wasmStorage", blocking)]
    fn wasm_storage(
        &self,
        account: B256,
        key: Bytes,
        block: Option<BlockId>,
    ) -> RpcResult<Option<Bytes>>;
    /// A dry run of `IWasm.call` from `from` (value in wei, default 0): `output`, `reverted`
    /// (the contract's own revert), `error` (a trap, out of gas or refusal: its reason),
    /// `gas_used` (the whole EVM call) and `events` (`account`, `topics`, `data`).
    #[method(name = "wasmDryRun", blocking)]
    fn wasm_dry_run(
        &self,
        from: Address,
        account: B256,
        input: Bytes,
        value: Option<U256>,
        block: Option<BlockId>,
    ) -> RpcResult<Value>;
}

/// Bittensor dev controls (`--dev` only; -32601 otherwise): state edits for testing subnet and
/// DeFi designs that no real chain offers. Each checks everything before writing: a refused
/// edit (-32000 with the native module's reason, or -32602 for a bad argument) changes
/// nothing. Amounts are RAO / alpha-RAO quantities (hex, decimal string or number).
#[cfg_attr(feature = "server", rpc(server, client, namespace = "tao"))]
#[cfg_attr(not(feature = "server"), rpc(client, namespace = "tao"))]
pub trait TaoDevApi {
    /// Runs `netuid`'s epoch now: mines one block whose step runs it, whatever the tempo or
    /// commit-reveal setting. Returns that block's number.
    #[method(name = "devRunEpoch", blocking)]
    fn dev_run_epoch(&self, netuid: u16) -> RpcResult<U64>;
    /// Mines blocks up to and including the one whose step runs `netuid`'s next scheduled
    /// epoch (at most 10,000 blocks). Returns that block's number.
    #[method(name = "devJumpToNextTempo", blocking)]
    fn dev_jump_to_next_tempo(&self, netuid: u16) -> RpcResult<U64>;
    /// Sets a subnet pool's reserves (TAO in RAO, alpha in alpha-RAO); total issuance moves
    /// by the TAO difference.
    #[method(name = "devSetPoolReserves", blocking)]
    fn dev_set_pool_reserves(
        &self,
        netuid: u16,
        tao_rao: DevQuantity,
        alpha_rao: DevQuantity,
    ) -> RpcResult<bool>;
    /// Mints `alpha_rao` alpha as stake of `coldkey` on `hotkey` in `netuid` (the hotkey must
    /// exist).
    #[method(name = "devCreditStake", blocking)]
    fn dev_credit_stake(
        &self,
        hotkey: B256,
        coldkey: B256,
        netuid: u16,
        alpha_rao: DevQuantity,
    ) -> RpcResult<bool>;
    /// Sets a hyperparameter (its snake_case or camelCase name, e.g. `weights_set_rate_limit`
    /// or `weightsSetRateLimit`) as root would: root bounds, no owner, no freeze window.
    #[method(name = "devSetHyperparameter", blocking)]
    fn dev_set_hyperparameter(
        &self,
        netuid: u16,
        name: String,
        value: DevQuantity,
    ) -> RpcResult<bool>;
    /// Registers `hotkey` for `coldkey` on `netuid` without a burn. Returns the uid.
    #[method(name = "devRegisterNeuron", blocking)]
    fn dev_register_neuron(&self, netuid: u16, hotkey: B256, coldkey: B256) -> RpcResult<u16>;
}

/// The `debug_` namespace: geth-style tracing through revm-inspectors.
#[cfg_attr(feature = "server", rpc(server, client, namespace = "debug"))]
#[cfg_attr(not(feature = "server"), rpc(client, namespace = "debug"))]
pub trait DebugApi {
    /// Trace a call on the state after `block` without committing it: the default struct
    /// logger, or `callTracer` (`onlyTopCall`, `withLog`); state and block overrides apply.
    #[method(name = "traceCall", blocking)]
    fn trace_call(
        &self,
        request: TransactionRequest,
        block: Option<BlockId>,
        options: Option<alloy_rpc_types_trace::geth::GethDebugTracingCallOptions>,
    ) -> RpcResult<alloy_rpc_types_trace::geth::GethTrace>;
    /// Trace a mined transaction: its block is replayed on the state after its parent (block
    /// step, earlier transactions) and the transaction traced as it ran.
    #[method(name = "traceTransaction", blocking)]
    fn trace_transaction(
        &self,
        hash: B256,
        options: Option<alloy_rpc_types_trace::geth::GethDebugTracingOptions>,
    ) -> RpcResult<alloy_rpc_types_trace::geth::GethTrace>;
    /// Trace every transaction of a block (replayed on its parent's state), in block order.
    #[method(name = "traceBlockByNumber", blocking)]
    fn trace_block_by_number(
        &self,
        block: BlockNumberOrTag,
        options: Option<alloy_rpc_types_trace::geth::GethDebugTracingOptions>,
    ) -> RpcResult<Vec<alloy_rpc_types_trace::geth::TraceResult>>;
    /// [`DebugApiClient::trace_block_by_number`] by block hash.
    #[method(name = "traceBlockByHash", blocking)]
    fn trace_block_by_hash(
        &self,
        hash: B256,
        options: Option<alloy_rpc_types_trace::geth::GethDebugTracingOptions>,
    ) -> RpcResult<Vec<alloy_rpc_types_trace::geth::TraceResult>>;
}

/// Otterscan's `ots_` namespace (API level 8), so a local Otterscan explores the chain. The
/// replaying methods (internal operations, transaction error, trace, contract creator) and
/// the address searches (a scan over stored blocks) are `--dev` only (-32601 otherwise); the
/// block and code lookups are served on every node. Block numbers, page numbers, page sizes
/// and nonces are quantities (a JSON number, a decimal string or `0x` hex); a block may also
/// be a tag ([`OtsBlockNumber`]).
#[cfg_attr(feature = "server", rpc(server, client, namespace = "ots"))]
#[cfg_attr(not(feature = "server"), rpc(client, namespace = "ots"))]
pub trait OtsApi {
    /// The Otterscan API level served: 8 (what Otterscan 2 requires).
    #[method(name = "getApiLevel")]
    fn get_api_level(&self) -> RpcResult<u64>;
    /// Whether `address` has code in the state after `block` (the head by default).
    #[method(name = "hasCode", blocking)]
    fn has_code(&self, address: Address, block: Option<BlockId>) -> RpcResult<bool>;
    /// The value transfers (`CALL` with value, type 0), self-destructs (1) and contract
    /// creations (`CREATE` 2, `CREATE2` 3) made inside a mined transaction, below its top
    /// call, in execution order (reverted frames included). `--dev` only.
    #[method(name = "getInternalOperations", blocking)]
    fn get_internal_operations(
        &self,
        hash: B256,
    ) -> RpcResult<Vec<alloy_rpc_types_trace::otterscan::InternalOperation>>;
    /// The revert data of a mined transaction's top call, `0x` if it did not revert. `--dev`
    /// only.
    #[method(name = "getTransactionError", blocking)]
    fn get_transaction_error(&self, hash: B256) -> RpcResult<Bytes>;
    /// Every call frame of a mined transaction (calls into the Bittensor precompiles
    /// included), depth first: type, depth (0 = top call), from, to, value (`null` for
    /// `STATICCALL` and `DELEGATECALL`), input and output. `--dev` only.
    #[method(name = "traceTransaction", blocking)]
    fn trace_transaction(
        &self,
        hash: B256,
    ) -> RpcResult<Vec<alloy_rpc_types_trace::otterscan::TraceEntry>>;
    /// A block without its transactions: `{block, issuance, totalFees}`, the block as
    /// `eth_getBlockByNumber` returns it without `transactions`, with `transactionCount` and
    /// `logsBloom: null`; `issuance` is all zero (no EVM block reward); `totalFees` is the sum
    /// of gas used × effective gas price. `null` if unknown.
    #[method(name = "getBlockDetails", blocking)]
    fn get_block_details(&self, block: OtsBlockNumber) -> RpcResult<Value>;
    /// [`OtsApiClient::get_block_details`] by block hash.
    #[method(name = "getBlockDetailsByHash", blocking)]
    fn get_block_details_by_hash(&self, hash: B256) -> RpcResult<Value>;
    /// One page of a block's transactions with their receipts: `{fullblock, receipts}`. Pages
    /// count from the end of the block as Erigon's do: page 0 holds the last `page_size`
    /// transactions, in block order. Inputs are cut to their 4-byte selector; receipts have
    /// `logs` and `logsBloom` `null` and a `timestamp`. `page_size` is 1 to 100.
    #[method(name = "getBlockTransactions", blocking)]
    fn get_block_transactions(
        &self,
        block: OtsBlockNumber,
        page: DevQuantity,
        page_size: DevQuantity,
    ) -> RpcResult<Value>;
    /// Transactions sent by, sent to or creating `address` in blocks before `block` (0 = from
    /// the head), newest first, at least `page_size` (1 to 100) unless the chain's start is
    /// reached, whole blocks at a time: `{txs, receipts, firstPage, lastPage}`. `--dev` only.
    #[method(name = "searchTransactionsBefore", blocking)]
    fn search_transactions_before(
        &self,
        address: Address,
        block: DevQuantity,
        page_size: DevQuantity,
    ) -> RpcResult<Value>;
    /// As [`OtsApiClient::search_transactions_before`], in blocks after `block` (0 = from
    /// genesis), the page still listed newest first. `--dev` only.
    #[method(name = "searchTransactionsAfter", blocking)]
    fn search_transactions_after(
        &self,
        address: Address,
        block: DevQuantity,
        page_size: DevQuantity,
    ) -> RpcResult<Value>;
    /// The hash of the mined transaction `sender` sent with `nonce`, `null` if none: a binary
    /// search over the sender's nonce history, then one block's body.
    #[method(name = "getTransactionBySenderAndNonce", blocking)]
    fn get_transaction_by_sender_and_nonce(
        &self,
        sender: Address,
        nonce: DevQuantity,
    ) -> RpcResult<Option<B256>>;
    /// The transaction that created the contract at `address` and its direct creator (the
    /// sender, or the contract that ran `CREATE`/`CREATE2`); `null` for accounts without code
    /// and for code present since genesis. `--dev` only.
    #[method(name = "getContractCreator", blocking)]
    fn get_contract_creator(
        &self,
        address: Address,
    ) -> RpcResult<Option<alloy_rpc_types_trace::otterscan::ContractCreator>>;
}

/// `erigon_getHeaderByNumber`, which Otterscan calls to read block headers.
#[cfg_attr(feature = "server", rpc(server, client, namespace = "erigon"))]
#[cfg_attr(not(feature = "server"), rpc(client, namespace = "erigon"))]
pub trait ErigonApi {
    /// A block header as `eth_getBlockByNumber` returns it without transactions and uncles;
    /// `null` if unknown.
    #[method(name = "getHeaderByNumber", blocking)]
    fn get_header_by_number(&self, block: OtsBlockNumber) -> RpcResult<Value>;
}
