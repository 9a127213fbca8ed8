//! Every bound on an RPC input that scales the work or the memory of a request, in one place.
//! `docs/operator.md` lists them with what a client sees when it hits one.
//!
//! | bound | refused with |
//! | --- | --- |
//! | request body size | HTTP 413 (WebSocket: -32007) |
//! | response body size | -32008 (-32011 for a batch) |
//! | connections | HTTP 429 |
//! | batch size | -32010 |
//! | subscriptions per WebSocket connection | -32006 |
//! | fee history blocks | clamped, as geth does |
//! | fee history reward percentiles | -32602 |
//! | log range, logs per query | -32005 |
//! | addresses and topics of a log filter | -32602 |
//! | filters in total and per client | -32000 "too many filters" |
//! | dev methods: blocks per call, intervals, time jumps, timestamps | -32602 |

use std::time::Duration;

/// Largest request body, in bytes (HTTP body or WebSocket message).
pub const MAX_REQUEST_BYTES: u32 = 5 * 1024 * 1024;
/// Largest response body, in bytes.
pub const MAX_RESPONSE_BYTES: u32 = 64 * 1024 * 1024;
/// Most concurrent connections.
pub const MAX_CONNECTIONS: u32 = 1_000;
/// Most calls in one JSON-RPC batch.
pub const MAX_BATCH: u32 = 1_000;
/// Most live subscriptions (`eth_subscribe`) on one WebSocket connection.
pub const MAX_SUBSCRIPTIONS_PER_CONNECTION: u32 = 128;

/// Most blocks `eth_feeHistory` reports (a larger count is clamped, as geth does).
pub const MAX_FEE_HISTORY_BLOCKS: u64 = 1_024;
/// Most reward percentiles one `eth_feeHistory` call may ask for (geth's limit too).
pub const MAX_REWARD_PERCENTILES: usize = 100;

/// Widest block range one `eth_getLogs` call (or one filter poll) may scan.
pub const MAX_LOG_RANGE: u64 = 100_000;
/// Most logs one call returns.
pub const MAX_LOGS: usize = 100_000;
/// Most addresses plus topic alternatives in one log filter (`eth_getLogs`, `eth_newFilter`,
/// `eth_subscribe("logs")`).
pub const MAX_FILTER_VALUES: usize = 1_000;

/// Most live polling filters, all clients together.
pub const MAX_FILTERS: usize = 10_000;
/// Most live polling filters one client (one remote IP address) may hold.
pub const MAX_FILTERS_PER_CLIENT: usize = 1_000;
/// Filters not polled for this long are removed.
pub const FILTER_TTL: Duration = Duration::from_secs(300);

/// Most blocks one `anvil_mine` / `hardhat_mine` call produces.
pub const MAX_MINE_COUNT: u64 = 10_000;
/// Longest `evm_setIntervalMining` interval: one year.
pub const MAX_MINING_INTERVAL_SECS: u64 = 365 * 24 * 3600;
/// Latest block timestamp the dev methods may set or reach by moving the clock:
/// 9999-12-31T23:59:59Z (JavaScript dates and most tools handle it).
/// Smallest block gas limit `anvil_setBlockGasLimit` accepts (one plain transfer).
pub const MIN_BLOCK_GAS_LIMIT: u64 = 21_000;
/// Largest block gas limit `anvil_setBlockGasLimit` accepts (bounds the work of one block).
pub const MAX_BLOCK_GAS_LIMIT: u64 = 1_000_000_000;
/// Latest block timestamp accepted (year 9999).
pub const MAX_TIMESTAMP: u64 = 253_402_300_799;

/// Largest `pageSize` of `ots_getBlockTransactions` and `ots_searchTransactions*` (Otterscan
/// asks for 25).
pub const MAX_OTS_PAGE_SIZE: u64 = 100;
