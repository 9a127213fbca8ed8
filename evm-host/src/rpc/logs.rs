//! Logs, filters and subscriptions: `eth_getLogs`, the `eth_newFilter` family and
//! `eth_subscribe` (`newHeads`, `logs`, `newPendingTransactions`).

use super::convert;
use super::{RpcCtx, RpcResult, err, internal, invalid_params, params};
use alloy::eips::BlockNumberOrTag;
use alloy::rpc::types::{Filter, FilterBlockOption, Log};
use jsonrpsee::core::RegisterMethodError;
use jsonrpsee::types::ErrorObjectOwned;
use jsonrpsee::{PendingSubscriptionSink, RpcModule, SubscriptionMessage};
use serde_json::Value;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Widest block range one `eth_getLogs` call may scan.
pub const MAX_LOG_RANGE: u64 = 100_000;
/// Most logs one call returns.
pub const MAX_LOGS: usize = 100_000;
/// Filters not polled for this long are removed.
pub const FILTER_TTL: Duration = Duration::from_secs(300);
/// Most live filters.
pub const MAX_FILTERS: usize = 10_000;

enum Kind {
    Logs(Box<Filter>),
    Blocks,
}

struct Installed {
    kind: Kind,
    /// Last block already reported.
    last: u64,
    touched: Instant,
}

/// Installed polling filters.
#[derive(Default)]
pub struct Filters {
    next_id: u64,
    map: HashMap<u64, Installed>,
}

impl Filters {
    fn gc(&mut self) {
        let now = Instant::now();
        self.map.retain(|_, f| now.duration_since(f.touched) < FILTER_TTL);
    }
    fn install(&mut self, kind: Kind, last: u64) -> RpcResult<String> {
        self.gc();
        if self.map.len() >= MAX_FILTERS {
            return Err(err(-32000, "too many filters"));
        }
        self.next_id += 1;
        self.map.insert(self.next_id, Installed { kind, last, touched: Instant::now() });
        Ok(format!("{:#x}", self.next_id))
    }
}

fn filter_id(s: &str) -> RpcResult<u64> {
    u64::from_str_radix(s.trim_start_matches("0x"), 16)
        .map_err(|_| invalid_params("invalid filter id"))
}

fn logs_in_range(c: &RpcCtx, f: &Filter, from: u64, to: u64) -> RpcResult<Vec<Log>> {
    if from > to {
        return Ok(vec![]);
    }
    if to - from >= MAX_LOG_RANGE {
        return Err(err(
            -32005,
            format!("block range too large: at most {MAX_LOG_RANGE} blocks per query"),
        ));
    }
    let store = c.chain.store();
    let mut out = Vec::new();
    for n in from..=to {
        let Some(hdr) = store.header(n).map_err(internal)? else { break };
        if !f.matches_bloom(hdr.header.logs_bloom) {
            continue;
        }
        let txs = store.body(n).map_err(internal)?.unwrap_or_default();
        let receipts = store.receipts(n).map_err(internal)?.unwrap_or_default();
        for l in convert::block_logs(&hdr, &txs, &receipts) {
            if f.matches(&l.inner) {
                out.push(l);
                if out.len() > MAX_LOGS {
                    return Err(err(
                        -32005,
                        format!("query returned more than {MAX_LOGS} results"),
                    ));
                }
            }
        }
    }
    Ok(out)
}

fn get_logs(c: &RpcCtx, f: &Filter) -> RpcResult<Vec<Log>> {
    let head = c.chain.head().number();
    match f.block_option {
        FilterBlockOption::AtBlockHash(hash) => {
            let n = c
                .chain
                .store()
                .number_of(hash)
                .map_err(internal)?
                .ok_or_else(|| err(-32000, "unknown block"))?;
            logs_in_range(c, f, n, n)
        }
        FilterBlockOption::Range { from_block, to_block } => {
            let from = c.tag_number(from_block.unwrap_or(BlockNumberOrTag::Latest));
            let to = c.tag_number(to_block.unwrap_or(BlockNumberOrTag::Latest)).min(head);
            logs_in_range(c, f, from, to)
        }
    }
}

pub(super) fn register(m: &mut RpcModule<RpcCtx>) -> Result<(), RegisterMethodError> {
    m.register_blocking_method("eth_getLogs", |p, c, _| {
        let (f,): (Filter,) = params(&p, 1)?;
        get_logs(&c, &f)
    })?;
    m.register_method("eth_newFilter", |p, c, _| {
        let (f,): (Filter,) = params(&p, 1)?;
        let head = c.chain.head().number();
        let start = match f.block_option {
            FilterBlockOption::Range { from_block: Some(b), .. } => {
                c.tag_number(b).saturating_sub(1)
            }
            _ => head,
        };
        c.filters.lock().install(Kind::Logs(Box::new(f)), start)
    })?;
    m.register_method("eth_newBlockFilter", |_, c, _| {
        let head = c.chain.head().number();
        c.filters.lock().install(Kind::Blocks, head)
    })?;
    m.register_method("eth_uninstallFilter", |p, c, _| {
        let (id,): (String,) = params(&p, 1)?;
        Ok::<_, ErrorObjectOwned>(c.filters.lock().map.remove(&filter_id(&id)?).is_some())
    })?;
    m.register_blocking_method("eth_getFilterChanges", |p, c, _| {
        let (id,): (String,) = params(&p, 1)?;
        let id = filter_id(&id)?;
        let head = c.chain.head().number();
        let (filter, last) = {
            let mut fs = c.filters.lock();
            let f = fs.map.get_mut(&id).ok_or_else(|| err(-32000, "filter not found"))?;
            f.touched = Instant::now();
            let last = f.last;
            f.last = head.max(last);
            (
                match &f.kind {
                    Kind::Logs(f) => Some(f.clone()),
                    Kind::Blocks => None,
                },
                last,
            )
        };
        match filter {
            Some(f) => {
                let to = match f.block_option {
                    FilterBlockOption::Range {
                        to_block: Some(BlockNumberOrTag::Number(t)),
                        ..
                    } => t.min(head),
                    _ => head,
                };
                Ok(serde_json::to_value(logs_in_range(&c, &f, last + 1, to)?)
                    .unwrap_or(Value::Null))
            }
            None => {
                let mut hashes = Vec::new();
                for n in last + 1..=head {
                    if let Some(h) = c.chain.store().header(n).map_err(internal)? {
                        hashes.push(format!("{:#x}", h.hash));
                    }
                }
                Ok::<_, ErrorObjectOwned>(serde_json::to_value(hashes).unwrap_or(Value::Null))
            }
        }
    })?;
    m.register_blocking_method("eth_getFilterLogs", |p, c, _| {
        let (id,): (String,) = params(&p, 1)?;
        let f = {
            let mut fs = c.filters.lock();
            let f =
                fs.map.get_mut(&filter_id(&id)?).ok_or_else(|| err(-32000, "filter not found"))?;
            f.touched = Instant::now();
            match &f.kind {
                Kind::Logs(f) => f.clone(),
                Kind::Blocks => return Err(invalid_params("not a log filter")),
            }
        };
        get_logs(&c, &f)
    })?;
    m.register_subscription(
        "eth_subscribe",
        "eth_subscription",
        "eth_unsubscribe",
        |p, pending, c, _| async move {
            let kind: String = p.sequence().next()?;
            let filter: Option<Filter> = match kind.as_str() {
                "newHeads" => None,
                "logs" => {
                    let mut seq = p.sequence();
                    let _: String = seq.next()?;
                    Some(seq.optional_next::<Filter>()?.unwrap_or_default())
                }
                other => {
                    pending
                        .reject(invalid_params(format!("unsupported subscription: {other}")))
                        .await;
                    return Ok(());
                }
            };
            serve_subscription(pending, c, filter).await;
            Ok(())
        },
    )?;
    Ok(())
}

async fn serve_subscription(
    pending: PendingSubscriptionSink,
    c: std::sync::Arc<RpcCtx>,
    filter: Option<Filter>,
) {
    let mut rx = c.chain.subscribe();
    let Ok(sink) = pending.accept().await else { return };
    loop {
        tokio::select! {
            _ = sink.closed() => return,
            b = rx.recv() => {
                let b = match b {
                    Ok(b) => b,
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(_) => return,
                };
                let items: Vec<Value> = match &filter {
                    None => vec![convert::header_json(&b.header)],
                    Some(f) => convert::block_logs(&b.header, &b.txs, &b.receipts)
                        .into_iter()
                        .filter(|l| f.matches(&l.inner))
                        .filter_map(|l| serde_json::to_value(l).ok())
                        .collect(),
                };
                for item in items {
                    let Ok(raw) = serde_json::value::to_raw_value(&item) else { continue };
                    if sink.send(SubscriptionMessage::from(raw)).await.is_err() {
                        return;
                    }
                }
            }
        }
    }
}
