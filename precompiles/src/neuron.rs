//! 0x804 neuron: burned registration, weights (set, or commit then reveal) and serving
//! endpoints. Nothing is returned; every function is a write.
//!
//! Who is who:
//! * `burnedRegister(netuid, hotkey)` and `registerLimit(netuid, hotkey, limitPrice)` register
//!   the `bytes32` hotkey for the caller's mapped id as coldkey (`neurons::burned_register`);
//!   the burn is debited from the caller's balance by the native function (recycled), and
//!   `registerLimit` fails when the burn exceeds `limitPrice` (RAO).
//! * `setWeights`, `commitWeights`, `revealWeights`, `serveAxon` and `servePrometheus` act for
//!   the hotkey that is the caller's twin (`blake2b-256("evm:" ‖ msg.sender)`): a worker signs
//!   with its own EVM key and registered that mapped id as its hotkey, so `msg.sender` proves
//!   it (DESIGN §3). They call `weights::set_weights` / `commit_weights` / `reveal_weights` and
//!   `neurons::serve_axon` / `serve_prometheus`; every check (commit-reveal mode, rate limits,
//!   permits, endpoint validity, ...) is the native one. The two placeholder bytes of
//!   `serveAxon` are ignored, as the native axon does not store them.
//! * `serveAxonTls` is **not supported**: chain-core has no storage for neuron TLS
//!   certificates, so it reverts with a reason instead of silently dropping the certificate
//!   (use `serveAxon`).
//!
//! Value: every function is `payable` in the interface, but none uses `msg.value` (the burn is
//! taken from the caller's balance): a call with value reverts instead of stranding it at the
//! precompile's address. Every function reverts in a static call.
//!
//! Events, after the call succeeded: `NeuronRegistered` (the uid returned, the burn that left
//! the coldkey's balance), `WeightsSet` / `WeightsRevealed` (the uids and values as
//! submitted), `WeightsCommitted`, `AxonServed`, `PrometheusServed` (the endpoint stored), each
//! charged like the `LOG` opcode ([`cost::log`]) when emitted.
//!
//! Gas, charged before any state access: [`cost::REGISTER`] for registrations, [`SERVE_GAS`]
//! for serving, [`cost::WEIGHTS_BASE`] plus [`cost::WEIGHTS_PER_ENTRY`] per submitted entry for
//! weights (a reveal counts its uids and its salt).

use crate::NEURON;
use crate::call::{Call, Failure, Gas, cost, require_mutable, require_no_value, undecodable};
use crate::events::{Host, emit_data};
use alloy_primitives::{B256, Bytes, LogData, U256};
use alloy_sol_types::{SolEvent, SolInterface};
use contracts::INeuron::{self as I, INeuronCalls as C};
use tao_primitives::{AccountId32, NetUid, Rao};
use tao_runtime::neurons::{self, Endpoint};
use tao_runtime::{Balances, NativeError, NativeStore, NeuronError, weights};

/// Gas of `serveAxon` / `servePrometheus`: the registration, rate-limit and previous-endpoint
/// reads and one write.
pub const SERVE_GAS: u64 = cost::READ * 6 + cost::WRITE;

/// Gas of a weights call carrying `entries` entries.
pub fn weights_gas(entries: usize) -> u64 {
    let n = u64::try_from(entries).unwrap_or(u64::MAX);
    cost::WEIGHTS_BASE.saturating_add(cost::WEIGHTS_PER_ENTRY.saturating_mul(n))
}

/// Run a call.
pub fn run(store: &mut impl Host, call: &Call, gas: &mut Gas) -> Result<Bytes, Failure> {
    let decoded = decode(&call.input)?;
    let name = C::name_by_selector(decoded.selector()).unwrap_or("INeuron");
    require_no_value(call)?;
    require_mutable(call)?;
    let need = match &decoded {
        C::burnedRegister(_) | C::registerLimit(_) => cost::REGISTER,
        C::serveAxon(_) | C::servePrometheus(_) | C::serveAxonTls(_) => SERVE_GAS,
        C::setWeights(c) => weights_gas(c.dests.len().max(c.weights.len())),
        C::commitWeights(_) => weights_gas(0),
        C::revealWeights(c) => {
            weights_gas(c.uids.len().max(c.values.len()).saturating_add(c.salt.len()))
        }
    };
    gas.charge(need)?;
    let prefix = |e: NativeError| Failure::from(e).in_function(name);
    let event = execute(store, call, decoded).map_err(prefix)?;
    emit_data(store, gas, NEURON, event)?;
    Ok(Bytes::new())
}

/// Runs the call; returns its event.
fn execute(s: &mut impl NativeStore, call: &Call, decoded: C) -> Result<LogData, NativeError> {
    let me = call.coldkey();
    let hotkey = B256::from(me);
    Ok(match decoded {
        C::burnedRegister(c) => register(s, &me, c.netuid, c.hotkey, None)?,
        C::registerLimit(c) => register(s, &me, c.netuid, c.hotkey, Some(Rao(c.limitPrice)))?,
        C::setWeights(c) => {
            weights::set_weights(s, &me, NetUid(c.netuid), &c.dests, &c.weights, c.versionKey)?;
            let (uids, values) = (c.dests, c.weights);
            I::WeightsSet { hotkey, netuid: c.netuid, uids, values, versionKey: c.versionKey }
                .encode_log_data()
        }
        C::commitWeights(c) => {
            weights::commit_weights(s, &me, NetUid(c.netuid), c.commitHash)?;
            I::WeightsCommitted { hotkey, netuid: c.netuid, commitHash: c.commitHash }
                .encode_log_data()
        }
        C::revealWeights(c) => {
            weights::reveal_weights(
                s,
                &me,
                NetUid(c.netuid),
                &c.uids,
                &c.values,
                &c.salt,
                c.versionKey,
            )?;
            let (uids, values) = (c.uids, c.values);
            I::WeightsRevealed { hotkey, netuid: c.netuid, uids, values, versionKey: c.versionKey }
                .encode_log_data()
        }
        C::serveAxon(c) => {
            let ep = Endpoint {
                version: c.version,
                ip: c.ip,
                port: c.port,
                ip_type: c.ipType,
                protocol: c.protocol,
            };
            neurons::serve_axon(s, &me, NetUid(c.netuid), &ep)?;
            I::AxonServed {
                hotkey,
                netuid: c.netuid,
                version: ep.version,
                ip: ep.ip,
                port: ep.port,
                ipType: ep.ip_type,
                protocol: ep.protocol,
            }
            .encode_log_data()
        }
        C::servePrometheus(c) => {
            let ep = Endpoint {
                version: c.version,
                ip: c.ip,
                port: c.port,
                ip_type: c.ipType,
                protocol: 0,
            };
            neurons::serve_prometheus(s, &me, NetUid(c.netuid), &ep)?;
            I::PrometheusServed {
                hotkey,
                netuid: c.netuid,
                version: ep.version,
                ip: ep.ip,
                port: ep.port,
                ipType: ep.ip_type,
            }
            .encode_log_data()
        }
        C::serveAxonTls(_) => return Err(NeuronError::TlsNotSupported.into()),
    })
}

/// `neurons::burned_register` for `coldkey`, and its [`I::NeuronRegistered`]: the uid the call
/// returned and the burn that left the coldkey's balance.
fn register(
    s: &mut impl NativeStore,
    coldkey: &AccountId32,
    netuid: u16,
    hotkey: B256,
    limit: Option<Rao>,
) -> Result<LogData, NativeError> {
    let before = s.free_balance(coldkey)?;
    let uid = neurons::burned_register(s, coldkey, NetUid(netuid), &hotkey.into(), limit)?;
    let burn = before.get().saturating_sub(s.free_balance(coldkey)?.get());
    Ok(I::NeuronRegistered {
        coldkey: (*coldkey).into(),
        hotkey,
        netuid,
        uid: uid.0,
        burnRao: U256::from(burn),
    }
    .encode_log_data())
}

/// Decode the calldata (values validated: dirty high bits revert) or revert naming the
/// function whose arguments are malformed.
fn decode(input: &[u8]) -> Result<C, Failure> {
    C::abi_decode_validate(input)
        .map_err(|_| undecodable("INeuron", input, C::signature_by_selector))
}

#[cfg(test)]
mod tests;
