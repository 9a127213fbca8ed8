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
//! Gas, charged before any state access: [`cost::REGISTER`] for registrations, [`SERVE_GAS`]
//! for serving, [`cost::WEIGHTS_BASE`] plus [`cost::WEIGHTS_PER_ENTRY`] per submitted entry for
//! weights (a reveal counts its uids and its salt).

use crate::call::{Call, Failure, Gas, cost, require_mutable, require_no_value, undecodable};
use alloy_primitives::Bytes;
use alloy_sol_types::SolInterface;
use contracts::INeuron::INeuronCalls as C;
use tao_primitives::{NetUid, Rao};
use tao_runtime::neurons::{self, Endpoint};
use tao_runtime::{NativeError, NativeStore, NeuronError, weights};

/// Gas of `serveAxon` / `servePrometheus`: the registration, rate-limit and previous-endpoint
/// reads and one write.
pub const SERVE_GAS: u64 = cost::READ * 6 + cost::WRITE;

/// Gas of a weights call carrying `entries` entries.
pub fn weights_gas(entries: usize) -> u64 {
    let n = u64::try_from(entries).unwrap_or(u64::MAX);
    cost::WEIGHTS_BASE.saturating_add(cost::WEIGHTS_PER_ENTRY.saturating_mul(n))
}

/// Run a call.
pub fn run(store: &mut impl NativeStore, call: &Call, gas: &mut Gas) -> Result<Bytes, Failure> {
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
    execute(store, call, decoded).map_err(prefix)?;
    Ok(Bytes::new())
}

fn execute(s: &mut impl NativeStore, call: &Call, decoded: C) -> Result<(), NativeError> {
    let me = call.coldkey();
    match decoded {
        C::burnedRegister(c) => {
            neurons::burned_register(s, &me, NetUid(c.netuid), &c.hotkey.into(), None).map(drop)
        }
        C::registerLimit(c) => neurons::burned_register(
            s,
            &me,
            NetUid(c.netuid),
            &c.hotkey.into(),
            Some(Rao(c.limitPrice)),
        )
        .map(drop),
        C::setWeights(c) => {
            weights::set_weights(s, &me, NetUid(c.netuid), &c.dests, &c.weights, c.versionKey)
        }
        C::commitWeights(c) => weights::commit_weights(s, &me, NetUid(c.netuid), c.commitHash),
        C::revealWeights(c) => weights::reveal_weights(
            s,
            &me,
            NetUid(c.netuid),
            &c.uids,
            &c.values,
            &c.salt,
            c.versionKey,
        ),
        C::serveAxon(c) => {
            let ep = Endpoint {
                version: c.version,
                ip: c.ip,
                port: c.port,
                ip_type: c.ipType,
                protocol: c.protocol,
            };
            neurons::serve_axon(s, &me, NetUid(c.netuid), &ep)
        }
        C::servePrometheus(c) => {
            let ep = Endpoint {
                version: c.version,
                ip: c.ip,
                port: c.port,
                ip_type: c.ipType,
                protocol: 0,
            };
            neurons::serve_prometheus(s, &me, NetUid(c.netuid), &ep)
        }
        C::serveAxonTls(_) => Err(NeuronError::TlsNotSupported.into()),
    }
}

/// Decode the calldata (values validated: dirty high bits revert) or revert naming the
/// function whose arguments are malformed.
fn decode(input: &[u8]) -> Result<C, Failure> {
    C::abi_decode_validate(input)
        .map_err(|_| undecodable("INeuron", input, C::signature_by_selector))
}

#[cfg(test)]
mod tests;
