//! Positional parameters, checked the way this server always has: parameters given as an
//! object are refused, and so are more parameters than a method takes (trailing `null`s are
//! tolerated). jsonrpsee's generated parsing ignores extra parameters and accepts objects, so
//! this RPC middleware checks them before dispatch, from one table of arities.
//!
//! Subscriptions are checked here too, since jsonrpsee answers both cases below with -32603:
//! `eth_subscribe` / `eth_unsubscribe` over plain HTTP get geth's answer, -32601
//! "notifications not supported" (geth's and ethers' clients read it as "poll instead"), and
//! `eth_subscribe` with parameters that do not name a supported subscription and a valid
//! filter gets -32602.

use super::Client;
use super::error::{INVALID_PARAMS, METHOD_NOT_AVAILABLE};
use jsonrpsee::core::middleware::{Batch, BatchEntry, BatchEntryErr, Notification, RpcServiceT};
use jsonrpsee::types::{ErrorObject, ErrorObjectOwned, Request};
use serde_json::value::RawValue;
use std::future::Future;

/// How many positional parameters a method takes at most. Methods not listed (no parameters,
/// subscriptions) accept anything, as they always have.
pub(crate) fn arity(method: &str) -> Option<usize> {
    Some(match method {
        "web3_sha3"
        | "eth_getBlockTransactionCountByNumber"
        | "eth_getBlockTransactionCountByHash"
        | "eth_sendRawTransaction"
        | "eth_sendTransaction"
        | "eth_sendUnsignedTransaction"
        | "eth_getTransactionByHash"
        | "eth_getTransactionReceipt"
        | "eth_getBlockReceipts"
        | "eth_getLogs"
        | "eth_newFilter"
        | "eth_uninstallFilter"
        | "eth_getFilterChanges"
        | "eth_getFilterLogs" => 1,
        "eth_getBlockByNumber"
        | "eth_getBlockByHash"
        | "eth_getTransactionByBlockNumberAndIndex"
        | "eth_getTransactionByBlockHashAndIndex"
        | "eth_getBalance"
        | "eth_getTransactionCount"
        | "eth_getCode"
        | "eth_createAccessList" => 2,
        "eth_call" | "eth_estimateGas" => 4,
        "debug_traceCall" => 3,
        "eth_simulateV1" => 2,
        "debug_traceTransaction" | "debug_traceBlockByNumber" | "debug_traceBlockByHash" => 2,
        "eth_getStorageAt" | "eth_feeHistory" => 3,
        "evm_mine"
        | "evm_setAutomine"
        | "anvil_setAutomine"
        | "evm_setIntervalMining"
        | "anvil_setIntervalMining"
        | "evm_revert"
        | "anvil_revert"
        | "evm_increaseTime"
        | "anvil_increaseTime"
        | "evm_setNextBlockTimestamp"
        | "anvil_setNextBlockTimestamp" => 1,
        "anvil_mine" | "hardhat_mine" | "anvil_setBalance" | "hardhat_setBalance"
        | "anvil_setNonce" | "hardhat_setNonce" | "anvil_setCode" | "hardhat_setCode" => 2,
        "anvil_setStorageAt" | "hardhat_setStorageAt" => 3,
        "anvil_dropTransaction" | "hardhat_dropTransaction" => 1,
        "anvil_reset" | "hardhat_reset" | "anvil_loadState" => 1,
        "anvil_impersonateAccount"
        | "hardhat_impersonateAccount"
        | "anvil_stopImpersonatingAccount"
        | "hardhat_stopImpersonatingAccount"
        | "anvil_autoImpersonateAccount" => 1,
        "evm_setBlockTimestampInterval"
        | "anvil_setBlockTimestampInterval"
        | "evm_setBlockGasLimit"
        | "anvil_setBlockGasLimit"
        | "anvil_setNextBlockBaseFeePerGas"
        | "hardhat_setNextBlockBaseFeePerGas"
        | "anvil_setMinGasPrice"
        | "hardhat_setMinGasPrice" => 1,
        "tao_subnets" | "tao_supply" | "tao_contracts" => 1,
        "tao_metagraph" | "tao_hotkeyStake" | "tao_coldkeyStake" | "tao_accountBalance" => 2,
        "tao_wasmCodeHash" => 2,
        "tao_wasmStorage" => 3,
        "tao_wasmDryRun" => 5,
        "tao_devRunEpoch" | "tao_devJumpToNextTempo" => 1,
        "tao_devSetPoolReserves" | "tao_devSetHyperparameter" | "tao_devRegisterNeuron" => 3,
        "tao_devCreditStake" => 4,
        "ots_getInternalOperations"
        | "ots_getTransactionError"
        | "ots_traceTransaction"
        | "ots_getBlockDetails"
        | "ots_getBlockDetailsByHash"
        | "ots_getContractCreator"
        | "erigon_getHeaderByNumber" => 1,
        "ots_hasCode" | "ots_getTransactionBySenderAndNonce" => 2,
        "ots_getBlockTransactions"
        | "ots_searchTransactionsBefore"
        | "ots_searchTransactionsAfter" => 3,
        _ => return None,
    })
}

/// Methods that take no parameters and ignore any they are given, and the subscriptions.
#[cfg(test)]
pub(crate) const UNCHECKED: &[&str] = &[
    "eth_chainId",
    "eth_syncing",
    "eth_mining",
    "eth_hashrate",
    "eth_coinbase",
    "eth_accounts",
    "eth_blockNumber",
    "eth_gasPrice",
    "eth_maxPriorityFeePerGas",
    "eth_blobBaseFee",
    "eth_getUncleCountByBlockNumber",
    "eth_getUncleCountByBlockHash",
    "eth_newBlockFilter",
    "eth_subscribe",
    "eth_unsubscribe",
    "net_version",
    "net_listening",
    "net_peerCount",
    "web3_clientVersion",
    "txpool_status",
    "txpool_content",
    "txpool_inspect",
    "anvil_dropAllTransactions",
    "anvil_dumpState",
    "evm_snapshot",
    "anvil_snapshot",
    "anvil_getAutomine",
    "hardhat_getAutomine",
    "anvil_nodeInfo",
    "evm_removeBlockTimestampInterval",
    "anvil_removeBlockTimestampInterval",
    "ots_getApiLevel",
];

/// `Err` if `params` break the positional rules for a method taking at most `n`.
fn check_params(params: Option<&RawValue>, n: usize) -> Result<(), ErrorObjectOwned> {
    let invalid = |msg: String| ErrorObject::owned(INVALID_PARAMS, msg, None::<()>);
    let Some(raw) = params else { return Ok(()) };
    let text = raw.get().trim_start();
    if text.starts_with('{') {
        return Err(invalid("positional parameters expected".into()));
    }
    if !text.starts_with('[') {
        // Not a list: left to the method's own decoding.
        return Ok(());
    }
    let items: Vec<&RawValue> = serde_json::from_str(text).map_err(|e| invalid(e.to_string()))?;
    if items.len() > n && items[n..].iter().any(|x| x.get().trim() != "null") {
        return Err(invalid(format!("too many parameters: this method takes at most {n}")));
    }
    Ok(())
}

/// The subscriptions `eth_subscribe` serves.
pub(crate) const SUBSCRIPTIONS: &[&str] = &["newHeads", "logs"];

/// `Err` unless `params` are `[kind]` or `[kind, filter]` with a supported kind and a valid,
/// bounded log filter (or `null`).
fn check_subscribe(params: Option<&RawValue>) -> Result<(), ErrorObjectOwned> {
    let invalid = |msg: String| ErrorObject::owned(INVALID_PARAMS, msg, None::<()>);
    let text = params.map_or("[]", |p| p.get()).trim_start();
    if !text.starts_with('[') {
        return Err(invalid("positional parameters expected: [kind, filter?]".into()));
    }
    let items: Vec<&RawValue> = serde_json::from_str(text).map_err(|e| invalid(e.to_string()))?;
    let kind = match items.first().map(|k| serde_json::from_str::<String>(k.get())) {
        Some(Ok(k)) => k,
        _ => return Err(invalid("missing subscription kind (a string)".into())),
    };
    if !SUBSCRIPTIONS.contains(&kind.as_str()) {
        return Err(invalid(format!("unsupported subscription: {kind}")));
    }
    check_params(params, 2)?;
    match items.get(1).map(|f| f.get().trim()) {
        None | Some("null") => Ok(()),
        Some(f) => {
            let filter: alloy::rpc::types::Filter =
                serde_json::from_str(f).map_err(|e| invalid(format!("invalid log filter: {e}")))?;
            super::logs::check_filter(&filter).map_err(ErrorObjectOwned::from)
        }
    }
}

fn check(req: &Request<'_>) -> Result<(), ErrorObjectOwned> {
    let method = req.method_name();
    if matches!(method, "eth_subscribe" | "eth_unsubscribe") {
        if req.extensions().get::<Client>().is_some_and(|c| !c.ws) {
            let msg = "notifications not supported";
            return Err(ErrorObject::owned(METHOD_NOT_AVAILABLE, msg, None::<()>));
        }
        if method == "eth_subscribe" {
            return check_subscribe(req.params.as_deref());
        }
        return Ok(());
    }
    match arity(method) {
        Some(n) => check_params(req.params.as_deref(), n),
        None => Ok(()),
    }
}

/// The RPC middleware that applies [`check_params`] to every call, alone or in a batch.
#[derive(Debug, Clone)]
pub(crate) struct PositionalParams<S> {
    inner: S,
}

impl<S> PositionalParams<S> {
    pub(crate) fn new(inner: S) -> Self {
        Self { inner }
    }
}

impl<S> RpcServiceT for PositionalParams<S>
where
    S: RpcServiceT<MethodResponse = jsonrpsee::MethodResponse> + Send + Sync + Clone + 'static,
{
    type MethodResponse = S::MethodResponse;
    type NotificationResponse = S::NotificationResponse;
    type BatchResponse = S::BatchResponse;

    fn call<'a>(&self, req: Request<'a>) -> impl Future<Output = Self::MethodResponse> + Send + 'a {
        let inner = self.inner.clone();
        async move {
            match check(&req) {
                Ok(()) => inner.call(req).await,
                Err(e) => jsonrpsee::MethodResponse::error(req.id, e),
            }
        }
    }

    fn batch<'a>(&self, batch: Batch<'a>) -> impl Future<Output = Self::BatchResponse> + Send + 'a {
        let entries = batch
            .into_iter()
            .map(|entry| match entry {
                Ok(BatchEntry::Call(req)) => match check(&req) {
                    Ok(()) => Ok(BatchEntry::Call(req)),
                    Err(e) => Err(BatchEntryErr::new(req.id, e)),
                },
                other => other,
            })
            .collect();
        self.inner.batch(Batch::from(entries))
    }

    fn notification<'a>(
        &self,
        n: Notification<'a>,
    ) -> impl Future<Output = Self::NotificationResponse> + Send + 'a {
        self.inner.notification(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(p: &str, n: usize) -> Result<(), String> {
        let raw = serde_json::from_str::<Box<RawValue>>(p).unwrap();
        check_params(Some(&raw), n).map_err(|e| e.message().to_string())
    }

    fn subscribe(p: &str) -> Result<(), i32> {
        let raw = serde_json::from_str::<Box<RawValue>>(p).unwrap();
        check_subscribe(Some(&raw)).map_err(|e| e.code())
    }

    /// Issue 14 (7): every malformed `eth_subscribe` is invalid params, not an internal error.
    #[test]
    fn subscription_params() {
        assert_eq!(subscribe(r#"["newHeads"]"#), Ok(()));
        assert_eq!(subscribe(r#"["logs"]"#), Ok(()));
        assert_eq!(subscribe(r#"["logs", null]"#), Ok(()));
        assert_eq!(
            subscribe(r#"["logs", {"address": "0x0000000000000000000000000000000000000001"}]"#),
            Ok(())
        );
        for bad in [
            "[]",
            "[123]",
            "[null]",
            r#"["nope"]"#,
            r#"["logs", "x"]"#,
            r#"["logs", {"address": "zz"}]"#,
            r#"["logs", {}, 1]"#,
            r#"{"kind": "logs"}"#,
        ] {
            assert_eq!(subscribe(bad), Err(INVALID_PARAMS), "{bad}");
        }
        assert!(check_subscribe(None).is_err());
    }

    #[test]
    fn positional_rules() {
        assert!(run("[]", 2).is_ok());
        assert!(run("[1, null]", 2).is_ok());
        assert!(run("[1, 2, null, null]", 2).is_ok());
        assert_eq!(
            run("[1, 2, 3]", 2),
            Err("too many parameters: this method takes at most 2".into())
        );
        assert_eq!(run("{\"a\": 1}", 2), Err("positional parameters expected".into()));
        assert!(check_params(None, 1).is_ok());
    }

    /// Every registered method (aliases included) is either in the arity table or known to
    /// take no checked parameters, and nothing in either list is stale.
    #[test]
    fn arity_table_covers_every_method() {
        let chain = crate::chain::Chain::open(
            tao_store::Store::in_memory().unwrap(),
            crate::chain::ChainConfig {
                genesis: tao_chain::genesis::Genesis::dev(),
                authority_key: None,
                gas_limit: None,
                pool: Default::default(),
                dev: true,
            },
        )
        .unwrap();
        let module = super::super::module(chain).unwrap();
        let names: Vec<&str> = module.method_names().collect();
        for n in &names {
            assert!(arity(n).is_some() != UNCHECKED.contains(n), "{n}: in exactly one list");
        }
        for n in UNCHECKED {
            assert!(names.contains(n), "{n} is not registered");
        }
        // The table has 98 entries: all of them are registered.
        assert_eq!(names.iter().filter(|n| arity(n).is_some()).count(), 98, "{names:?}");
    }
}
