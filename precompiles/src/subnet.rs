//! 0x803 subnet: register a subnet, and the owner's reads and writes of its hyperparameters.
//!
//! * `registerNetwork` (three overloads: hotkey only; hotkey and seven identity strings; the
//!   same plus a logo URL) calls `subnets::register_network` with the caller's mapped id as
//!   the owner coldkey. The lock cost is debited from the caller's balance by the native
//!   function; `msg.value` is not used.
//! * Getters return `hyperparams::get` of the matching [`Hyper`] (the subnet's value, else the
//!   chain default, else the built-in default; a subnet that does not exist reads defaults)
//!   and `getNetworkRegistrationBlock` returns `subnets::registered_at`. A value wider than
//!   the return type saturates (only a derived activity cutoff can be).
//! * Setters call `hyperparams::set_by_owner` as the caller: the subnet must exist, not be
//!   root, and be owned by the caller; an owner may set the parameter (`Kappa` is root-only
//!   and reverts); the value must be within the owner bounds. `setAlphaValues` calls
//!   `hyperparams::set_alpha_values`; `toggleTransfers` sets `TransfersEnabled`.
//! * `setWeightsSetRateLimit`, `setMinBurn` and `setMaxBurn` are deprecated no-ops: they
//!   succeed for anyone and change nothing, without an owner check, exactly as on the real
//!   chain (its precompile returns `Ok(())` at once).
//! * Name mapping where the ABI name differs from the native one: `getMaxWeightLimit` →
//!   `MaxWeightsLimit`, `*ActivityCutoffFactor` → `ActivityCutoffFactorMilli` (thousandths of
//!   a tempo), `*CommitRevealWeightsInterval` → `RevealPeriodEpochs`,
//!   `*CommitRevealWeightsEnabled` → `CommitRevealEnabled`.
//!
//! Value: every function is `payable` in the interface, but none uses `msg.value`: a call
//! with value reverts instead of stranding it at the precompile's address (the registration
//! cost is taken from the caller's balance, not from `msg.value`). Writes (everything but the
//! getters, no-ops included) revert in a static call.
//!
//! Events, after the call succeeded: `NetworkRegistered` (the netuid returned, the lock that
//! left the caller's balance) and `HyperparameterSet` for every setter that changes state,
//! named by `Hyper::name` (`setAlphaValues` emits `alpha_low` then `alpha_high`; the deprecated
//! no-ops emit nothing), each charged like the `LOG` opcode ([`cost::log`]) when emitted.
//!
//! Gas, charged before any state access: [`GETTER_GAS`], [`SETTER_GAS`], or
//! [`cost::REGISTER`] for `registerNetwork`.

use crate::SUBNET;
use crate::call::{Call, Failure, Gas, cost, require_mutable, require_no_value, undecodable};
use crate::events::{Host, emit_data};
use alloy_primitives::{B256, Bytes, LogData, U256};
use alloy_sol_types::{SolCall, SolEvent, SolInterface};
use contracts::ISubnet::{self as S, ISubnetCalls as C};
use tao_primitives::NetUid;
use tao_runtime::admin;
use tao_runtime::hyperparams::{self, Access, Hyper};
use tao_runtime::subnets::{self, SubnetIdentity};
use tao_runtime::{Balances, NativeError, NativeStore};

/// Gas of a getter: up to four native reads (own value, chain default, derived inputs).
pub const GETTER_GAS: u64 = cost::READ * 4;
/// Gas of a setter: the owner and bound checks plus up to three writes (a burn-parameter
/// change settles the burn first).
pub const SETTER_GAS: u64 = cost::READ * 8 + cost::WRITE * 3;

/// A hyperparameter value converted to a getter's return type.
trait FromHyper: Sized {
    fn from_hyper(v: u64) -> Self;
}
impl FromHyper for u16 {
    fn from_hyper(v: u64) -> Self {
        u16::try_from(v).unwrap_or(u16::MAX)
    }
}
impl FromHyper for u32 {
    fn from_hyper(v: u64) -> Self {
        u32::try_from(v).unwrap_or(u32::MAX)
    }
}
impl FromHyper for u64 {
    fn from_hyper(v: u64) -> Self {
        v
    }
}
impl FromHyper for bool {
    fn from_hyper(v: u64) -> Self {
        v != 0
    }
}

/// Run a call.
pub fn run(store: &mut impl Host, call: &Call, gas: &mut Gas) -> Result<Bytes, Failure> {
    let decoded = decode(&call.input)?;
    let name = C::name_by_selector(decoded.selector()).unwrap_or("ISubnet");
    require_no_value(call)?;
    let is_view = name.starts_with("get");
    if is_view {
        gas.charge(GETTER_GAS)?;
    } else {
        require_mutable(call)?;
        let is_register = matches!(
            decoded,
            C::registerNetwork_0(_) | C::registerNetwork_1(_) | C::registerNetwork_2(_)
        );
        gas.charge(if is_register { cost::REGISTER } else { SETTER_GAS })?;
    }
    let prefix = |e: NativeError| Failure::from(e).in_function(name);
    let mut events = Vec::new();
    let out = execute(store, call, decoded, &mut events).map_err(prefix)?;
    for event in events {
        emit_data(store, gas, SUBNET, event)?;
    }
    Ok(out.into())
}

/// Read `h` on `netuid` as the getter's return type.
fn get<T: FromHyper>(s: &mut impl NativeStore, netuid: NetUid, h: Hyper) -> Result<T, NativeError> {
    Ok(T::from_hyper(hyperparams::get(s, netuid, h)?))
}

/// Encode a getter's result.
fn ret<K: SolCall<Return = T>, T: FromHyper>(
    s: &mut impl NativeStore,
    netuid: NetUid,
    h: Hyper,
) -> Result<Vec<u8>, NativeError> {
    Ok(K::abi_encode_returns(&get::<T>(s, netuid, h)?))
}

/// An owner setter (no return value); its `HyperparameterSet` goes to `events` unless the
/// setter is a deprecated no-op.
fn set(
    s: &mut impl NativeStore,
    (call, events): (&Call, &mut Vec<LogData>),
    netuid: NetUid,
    h: Hyper,
    value: impl Into<u64>,
) -> Result<Vec<u8>, NativeError> {
    let value = value.into();
    admin::set_by_owner(s, &call.coldkey(), netuid, h, value)?;
    if h.access() != Access::NoOp {
        events.push(hyperparameter_set(call, netuid, h, value));
    }
    Ok(Vec::new())
}

/// The `HyperparameterSet` of `h` set to `value` by the caller.
fn hyperparameter_set(call: &Call, netuid: NetUid, h: Hyper, value: u64) -> LogData {
    S::HyperparameterSet {
        coldkey: call.coldkey().into(),
        netuid: netuid.0,
        name: h.name().to_string(),
        value: U256::from(value),
    }
    .encode_log_data()
}

/// `subnets::register_network` as the caller; its `NetworkRegistered` (the netuid returned,
/// the lock that left the caller's balance) goes to `events`.
fn register(
    s: &mut impl NativeStore,
    (call, events): (&Call, &mut Vec<LogData>),
    hotkey: B256,
    identity: Option<SubnetIdentity>,
) -> Result<Vec<u8>, NativeError> {
    let me = call.coldkey();
    let before = s.free_balance(&me)?;
    let netuid = subnets::register_network(s, &me, &hotkey.into(), identity.as_ref())?;
    let lock = before.get().saturating_sub(s.free_balance(&me)?.get());
    events.push(
        S::NetworkRegistered {
            coldkey: me.into(),
            hotkey,
            netuid: netuid.0,
            lockRao: U256::from(lock),
        }
        .encode_log_data(),
    );
    Ok(Vec::new())
}

fn execute(
    s: &mut impl NativeStore,
    call: &Call,
    decoded: C,
    events: &mut Vec<LogData>,
) -> Result<Vec<u8>, NativeError> {
    match execute_get(s, decoded) {
        Ok(r) => r,
        Err(decoded) => execute_set(s, (call, events), *decoded),
    }
}

/// `getAlphaValues`: liquid alpha's low and high bounds.
fn alpha_values(s: &mut impl NativeStore, netuid: NetUid) -> Result<Vec<u8>, NativeError> {
    let low = get::<u16>(s, netuid, Hyper::AlphaLow)?;
    let high = get::<u16>(s, netuid, Hyper::AlphaHigh)?;
    Ok(S::getAlphaValuesCall::abi_encode_returns(&S::getAlphaValuesReturn { _0: low, _1: high }))
}

/// The hyperparameter getters; any other call is handed back.
fn execute_get(
    s: &mut impl NativeStore,
    decoded: C,
) -> Result<Result<Vec<u8>, NativeError>, Box<C>> {
    use Hyper as H;
    Ok(match decoded {
        C::getNetworkRegistrationBlock(c) => subnets::registered_at(s, NetUid(c.netuid))
            .map(|b| S::getNetworkRegistrationBlockCall::abi_encode_returns(&b)),
        C::getServingRateLimit(c) => {
            ret::<S::getServingRateLimitCall, _>(s, NetUid(c.netuid), H::ServingRateLimit)
        }
        C::getMinDifficulty(c) => {
            ret::<S::getMinDifficultyCall, _>(s, NetUid(c.netuid), H::MinDifficulty)
        }
        C::getMaxDifficulty(c) => {
            ret::<S::getMaxDifficultyCall, _>(s, NetUid(c.netuid), H::MaxDifficulty)
        }
        C::getWeightsVersionKey(c) => {
            ret::<S::getWeightsVersionKeyCall, _>(s, NetUid(c.netuid), H::WeightsVersionKey)
        }
        C::getWeightsSetRateLimit(c) => {
            ret::<S::getWeightsSetRateLimitCall, _>(s, NetUid(c.netuid), H::WeightsSetRateLimit)
        }
        C::getAdjustmentAlpha(c) => {
            ret::<S::getAdjustmentAlphaCall, _>(s, NetUid(c.netuid), H::AdjustmentAlpha)
        }
        C::getMaxWeightLimit(c) => {
            ret::<S::getMaxWeightLimitCall, _>(s, NetUid(c.netuid), H::MaxWeightsLimit)
        }
        C::getImmunityPeriod(c) => {
            ret::<S::getImmunityPeriodCall, _>(s, NetUid(c.netuid), H::ImmunityPeriod)
        }
        C::getMinAllowedWeights(c) => {
            ret::<S::getMinAllowedWeightsCall, _>(s, NetUid(c.netuid), H::MinAllowedWeights)
        }
        C::getKappa(c) => ret::<S::getKappaCall, _>(s, NetUid(c.netuid), H::Kappa),
        C::getRho(c) => ret::<S::getRhoCall, _>(s, NetUid(c.netuid), H::Rho),
        C::getAlphaSigmoidSteepness(c) => {
            ret::<S::getAlphaSigmoidSteepnessCall, _>(s, NetUid(c.netuid), H::AlphaSigmoidSteepness)
        }
        C::getActivityCutoff(c) => {
            ret::<S::getActivityCutoffCall, _>(s, NetUid(c.netuid), H::ActivityCutoff)
        }
        C::getActivityCutoffFactor(c) => ret::<S::getActivityCutoffFactorCall, _>(
            s,
            NetUid(c.netuid),
            H::ActivityCutoffFactorMilli,
        ),
        C::getNetworkRegistrationAllowed(c) => ret::<S::getNetworkRegistrationAllowedCall, _>(
            s,
            NetUid(c.netuid),
            H::NetworkRegistrationAllowed,
        ),
        C::getNetworkPowRegistrationAllowed(c) => {
            ret::<S::getNetworkPowRegistrationAllowedCall, _>(
                s,
                NetUid(c.netuid),
                H::NetworkPowRegistrationAllowed,
            )
        }
        C::getMinBurn(c) => ret::<S::getMinBurnCall, _>(s, NetUid(c.netuid), H::MinBurn),
        C::getMaxBurn(c) => ret::<S::getMaxBurnCall, _>(s, NetUid(c.netuid), H::MaxBurn),
        C::getDifficulty(c) => ret::<S::getDifficultyCall, _>(s, NetUid(c.netuid), H::Difficulty),
        C::getBondsMovingAverage(c) => {
            ret::<S::getBondsMovingAverageCall, _>(s, NetUid(c.netuid), H::BondsMovingAverage)
        }
        C::getCommitRevealWeightsEnabled(c) => ret::<S::getCommitRevealWeightsEnabledCall, _>(
            s,
            NetUid(c.netuid),
            H::CommitRevealEnabled,
        ),
        C::getLiquidAlphaEnabled(c) => {
            ret::<S::getLiquidAlphaEnabledCall, _>(s, NetUid(c.netuid), H::LiquidAlphaEnabled)
        }
        C::getYuma3Enabled(c) => {
            ret::<S::getYuma3EnabledCall, _>(s, NetUid(c.netuid), H::Yuma3Enabled)
        }
        C::getBondsResetEnabled(c) => {
            ret::<S::getBondsResetEnabledCall, _>(s, NetUid(c.netuid), H::BondsResetEnabled)
        }
        C::getAlphaValues(c) => alpha_values(s, NetUid(c.netuid)),
        C::getCommitRevealWeightsInterval(c) => ret::<S::getCommitRevealWeightsIntervalCall, _>(
            s,
            NetUid(c.netuid),
            H::RevealPeriodEpochs,
        ),
        other => return Err(Box::new(other)),
    })
}

/// Registration and the owner setters.
fn execute_set(
    s: &mut impl NativeStore,
    call: (&Call, &mut Vec<LogData>),
    decoded: C,
) -> Result<Vec<u8>, NativeError> {
    use Hyper as H;
    match decoded {
        C::registerNetwork_0(c) => register(s, call, c.hotkey, None),
        C::registerNetwork_1(c) => {
            let id = SubnetIdentity {
                name: c.subnetName,
                github_repo: c.githubRepo,
                contact: c.subnetContact,
                url: c.subnetUrl,
                discord: c.discord,
                description: c.description,
                additional: c.additional,
                logo_url: String::new(),
            };
            register(s, call, c.hotkey, Some(id))
        }
        C::registerNetwork_2(c) => {
            let id = SubnetIdentity {
                name: c.subnetName,
                github_repo: c.githubRepo,
                contact: c.subnetContact,
                url: c.subnetUrl,
                discord: c.discord,
                description: c.description,
                additional: c.additional,
                logo_url: c.logoUrl,
            };
            register(s, call, c.hotkey, Some(id))
        }
        C::setServingRateLimit(c) => {
            set(s, call, NetUid(c.netuid), H::ServingRateLimit, c.servingRateLimit)
        }
        C::setMinDifficulty(c) => set(s, call, NetUid(c.netuid), H::MinDifficulty, c.minDifficulty),
        C::setMaxDifficulty(c) => set(s, call, NetUid(c.netuid), H::MaxDifficulty, c.maxDifficulty),
        C::setWeightsVersionKey(c) => {
            set(s, call, NetUid(c.netuid), H::WeightsVersionKey, c.weightsVersionKey)
        }
        // Deprecated no-op (hyperparams: Access::NoOp returns at once).
        C::setWeightsSetRateLimit(c) => {
            set(s, call, NetUid(c.netuid), H::WeightsSetRateLimit, c.weightsSetRateLimit)
        }
        C::setAdjustmentAlpha(c) => {
            set(s, call, NetUid(c.netuid), H::AdjustmentAlpha, c.adjustmentAlpha)
        }
        C::setImmunityPeriod(c) => {
            set(s, call, NetUid(c.netuid), H::ImmunityPeriod, c.immunityPeriod)
        }
        C::setMinAllowedWeights(c) => {
            set(s, call, NetUid(c.netuid), H::MinAllowedWeights, c.minAllowedWeights)
        }
        C::setKappa(c) => set(s, call, NetUid(c.netuid), H::Kappa, c.kappa),
        C::setRho(c) => set(s, call, NetUid(c.netuid), H::Rho, c.rho),
        C::setAlphaSigmoidSteepness(c) => {
            set(s, call, NetUid(c.netuid), H::AlphaSigmoidSteepness, c.steepness)
        }
        C::setActivityCutoff(c) => {
            set(s, call, NetUid(c.netuid), H::ActivityCutoff, c.activityCutoff)
        }
        C::setActivityCutoffFactor(c) => {
            set(s, call, NetUid(c.netuid), H::ActivityCutoffFactorMilli, c.activityCutoffFactor)
        }
        C::setNetworkRegistrationAllowed(c) => {
            set(s, call, NetUid(c.netuid), H::NetworkRegistrationAllowed, c.registrationAllowed)
        }
        C::setNetworkPowRegistrationAllowed(c) => {
            set(s, call, NetUid(c.netuid), H::NetworkPowRegistrationAllowed, c.registrationAllowed)
        }
        // Deprecated no-op.
        C::setMinBurn(c) => set(s, call, NetUid(c.netuid), H::MinBurn, c.minBurn),
        // Deprecated no-op.
        C::setMaxBurn(c) => set(s, call, NetUid(c.netuid), H::MaxBurn, c.maxBurn),
        C::setDifficulty(c) => set(s, call, NetUid(c.netuid), H::Difficulty, c.difficulty),
        C::setBondsMovingAverage(c) => {
            set(s, call, NetUid(c.netuid), H::BondsMovingAverage, c.bondsMovingAverage)
        }
        C::setCommitRevealWeightsEnabled(c) => {
            set(s, call, NetUid(c.netuid), H::CommitRevealEnabled, c.enabled)
        }
        C::setLiquidAlphaEnabled(c) => {
            set(s, call, NetUid(c.netuid), H::LiquidAlphaEnabled, c.enabled)
        }
        C::setYuma3Enabled(c) => set(s, call, NetUid(c.netuid), H::Yuma3Enabled, c.enabled),
        C::setBondsResetEnabled(c) => {
            set(s, call, NetUid(c.netuid), H::BondsResetEnabled, c.enabled)
        }
        C::setAlphaValues(c) => {
            let (call, events) = call;
            let netuid = NetUid(c.netuid);
            admin::set_alpha_values(s, &call.coldkey(), netuid, c.low, c.high)?;
            events.push(hyperparameter_set(call, netuid, H::AlphaLow, c.low.into()));
            events.push(hyperparameter_set(call, netuid, H::AlphaHigh, c.high.into()));
            Ok(Vec::new())
        }
        C::setCommitRevealWeightsInterval(c) => {
            set(s, call, NetUid(c.netuid), H::RevealPeriodEpochs, c.interval)
        }
        C::toggleTransfers(c) => set(s, call, NetUid(c.netuid), H::TransfersEnabled, c.toggle),
        // Every getter was answered by `execute_get`; reaching here is a dispatch bug.
        other => Err(NativeError::Backend(format!(
            "subnet precompile: {} has no handler",
            other.selector().iter().map(|b| format!("{b:02x}")).collect::<String>()
        ))),
    }
}

/// Decode the calldata (values validated: dirty high bits or bad UTF-8 revert) or revert
/// naming the function whose arguments are malformed.
fn decode(input: &[u8]) -> Result<C, Failure> {
    C::abi_decode_validate(input)
        .map_err(|_| undecodable("ISubnet", input, C::signature_by_selector))
}

#[cfg(test)]
mod tests;
