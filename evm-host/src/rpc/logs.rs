//! Logs, filters and subscriptions: `eth_getLogs`, the `eth_newFilter` family and
//! `eth_subscribe` (`newHeads`, `logs`).
//!
//! Polling filters live in one table shared by every client, with two bounds:
//! [`MAX_FILTERS`] in total and [`MAX_FILTERS_PER_CLIENT`] per remote IP address, so that one
//! client creating filters cannot lock the others out. Any client may poll or remove any
//! filter by id (as on geth); the quota only counts who created it. Clients behind one address
//! (a NAT, a reverse proxy, every local tool on `127.0.0.1`) share its quota.

use super::limits::{
    FILTER_TTL, MAX_FILTER_VALUES, MAX_FILTERS, MAX_FILTERS_PER_CLIENT, MAX_LOG_RANGE, MAX_LOGS,
};
use super::{RpcCtx, RpcError, RpcResult, convert};
use alloy::eips::BlockNumberOrTag;
use alloy::rpc::types::{Filter, FilterBlockOption, Log};
use alloy_primitives::{B256, U64};
use jsonrpsee::{PendingSubscriptionSink, SubscriptionMessage};
use serde_json::Value;
use std::collections::HashMap;
use std::net::IpAddr;
use std::time::Instant;
use taochain_rpc_api::FilterChanges;

enum Kind {
    Logs(Box<Filter>),
    Blocks,
}

struct Installed {
    kind: Kind,
    /// Last block already reported.
    last: u64,
    touched: Instant,
    /// Who installed it (`None`: an in-process call without a connection).
    owner: Option<IpAddr>,
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
    fn install(&mut self, kind: Kind, last: u64, owner: Option<IpAddr>) -> RpcResult<U64> {
        self.gc();
        if self.map.len() >= MAX_FILTERS {
            return Err(RpcError::TooManyFilters(MAX_FILTERS));
        }
        if self.map.values().filter(|f| f.owner == owner).count() >= MAX_FILTERS_PER_CLIENT {
            return Err(RpcError::TooManyFiltersForClient(MAX_FILTERS_PER_CLIENT));
        }
        self.next_id += 1;
        let f = Installed { kind, last, touched: Instant::now(), owner };
        self.map.insert(self.next_id, f);
        Ok(U64::from(self.next_id))
    }
}

/// Refuse a log filter with more than [`MAX_FILTER_VALUES`] addresses and topic alternatives
/// (each one is matched against every log scanned).
pub(super) fn check_filter(f: &Filter) -> RpcResult<()> {
    let values = f.address.len() + f.topics.iter().map(|t| t.len()).sum::<usize>();
    if values > MAX_FILTER_VALUES {
        return Err(RpcError::invalid_params(format!(
            "log filter too large: {values} addresses and topics, at most {MAX_FILTER_VALUES}"
        )));
    }
    Ok(())
}

fn filter_id(s: &str) -> RpcResult<u64> {
    u64::from_str_radix(s.trim_start_matches("0x"), 16)
        .map_err(|_| RpcError::invalid_params("invalid filter id"))
}

impl RpcCtx {
    fn logs_in_range(&self, f: &Filter, from: u64, to: u64) -> RpcResult<Vec<Log>> {
        if from > to {
            return Ok(vec![]);
        }
        if to - from >= MAX_LOG_RANGE {
            return Err(RpcError::RangeTooLarge(MAX_LOG_RANGE));
        }
        let store = self.chain.store();
        let mut out = Vec::new();
        for n in from..=to {
            let Some(hdr) = store.header(n)? else { break };
            if !f.matches_bloom(hdr.header.logs_bloom) {
                continue;
            }
            let txs = store.body(n)?.unwrap_or_default();
            let receipts = store.receipts(n)?.unwrap_or_default();
            for l in convert::block_logs(&hdr, &txs, &receipts) {
                if f.matches(&l.inner) {
                    out.push(l);
                    if out.len() > MAX_LOGS {
                        return Err(RpcError::TooManyLogs(MAX_LOGS));
                    }
                }
            }
        }
        Ok(out)
    }

    pub(super) fn get_logs(&self, f: &Filter) -> RpcResult<Vec<Log>> {
        check_filter(f)?;
        let head = self.chain.head().number();
        match f.block_option {
            FilterBlockOption::AtBlockHash(hash) => {
                let n = self.number_of(hash)?.ok_or(RpcError::UnknownBlock)?;
                self.logs_in_range(f, n, n)
            }
            FilterBlockOption::Range { from_block, to_block } => {
                let from = self.tag_number(from_block.unwrap_or(BlockNumberOrTag::Latest));
                let to = self.tag_number(to_block.unwrap_or(BlockNumberOrTag::Latest)).min(head);
                self.logs_in_range(f, from, to)
            }
        }
    }

    pub(super) fn install_log_filter(&self, f: Filter, owner: Option<IpAddr>) -> RpcResult<U64> {
        check_filter(&f)?;
        let head = self.chain.head().number();
        let start = match f.block_option {
            FilterBlockOption::Range { from_block: Some(b), .. } => {
                self.tag_number(b).saturating_sub(1)
            }
            _ => head,
        };
        self.filters.lock().install(Kind::Logs(Box::new(f)), start, owner)
    }

    pub(super) fn install_block_filter(&self, owner: Option<IpAddr>) -> RpcResult<U64> {
        let head = self.chain.head().number();
        self.filters.lock().install(Kind::Blocks, head, owner)
    }

    pub(super) fn uninstall(&self, id: &str) -> RpcResult<bool> {
        Ok(self.filters.lock().map.remove(&filter_id(id)?).is_some())
    }

    pub(super) fn changes(&self, id: &str) -> RpcResult<FilterChanges> {
        let id = filter_id(id)?;
        let head = self.chain.head().number();
        let (filter, last) = {
            let mut fs = self.filters.lock();
            let f = fs.map.get_mut(&id).ok_or(RpcError::FilterNotFound)?;
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
                Ok(FilterChanges::Logs(self.logs_in_range(&f, last + 1, to)?))
            }
            None => {
                // At most the last MAX_LOG_RANGE blocks (a filter polled after a long pause).
                let from = (last + 1).max(head.saturating_sub(MAX_LOG_RANGE - 1));
                let mut hashes: Vec<B256> = Vec::new();
                for n in from..=head {
                    if let Some(h) = self.chain.store().header(n)? {
                        hashes.push(h.hash);
                    }
                }
                Ok(FilterChanges::Hashes(hashes))
            }
        }
    }

    pub(super) fn all_filter_logs(&self, id: &str) -> RpcResult<Vec<Log>> {
        let f = {
            let mut fs = self.filters.lock();
            let f = fs.map.get_mut(&filter_id(id)?).ok_or(RpcError::FilterNotFound)?;
            f.touched = Instant::now();
            match &f.kind {
                Kind::Logs(f) => f.clone(),
                Kind::Blocks => return Err(RpcError::invalid_params("not a log filter")),
            }
        };
        self.get_logs(&f)
    }
}

/// Serve `eth_subscribe`: `newHeads` (headers) or `logs` (logs matching `filter`).
pub(super) async fn subscribe(
    c: RpcCtx,
    pending: PendingSubscriptionSink,
    kind: String,
    filter: Option<Filter>,
) {
    if let Some(Err(e)) = filter.as_ref().map(check_filter) {
        pending.reject(e).await;
        return;
    }
    let filter = match kind.as_str() {
        "newHeads" => None,
        "logs" => Some(filter.unwrap_or_default()),
        other => {
            let e = RpcError::invalid_params(format!("unsupported subscription: {other}"));
            pending.reject(e).await;
            return;
        }
    };
    serve_subscription(pending, c, filter).await;
}

/// The notifications one block produces for a subscription.
fn notifications(b: &crate::chain::NewBlock, filter: &Option<Filter>) -> RpcResult<Vec<Value>> {
    Ok(match filter {
        None => vec![convert::header_json(&b.header)?],
        Some(f) => convert::block_logs(&b.header, &b.txs, &b.receipts)
            .into_iter()
            .filter(|l| f.matches(&l.inner))
            .map(serde_json::to_value)
            .collect::<Result<_, _>>()?,
    })
}

async fn serve_subscription(pending: PendingSubscriptionSink, c: RpcCtx, filter: Option<Filter>) {
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
                let items = match notifications(&b, &filter) {
                    Ok(items) => items,
                    Err(e) => {
                        tracing::error!(error = %e, "subscription notification failed");
                        continue;
                    }
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
