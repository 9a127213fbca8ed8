//! The subnet hyperparameters an owner reads and writes through `ISubnet` (0x803), by the
//! snake_case names btcli uses, with their getter and setter calls from the contracts crate.

use crate::{Error, Result, TxCall};
use alloy_primitives::{Bytes, U256};
use alloy_sol_types::SolCall;
use contracts::{ISubnet, subnet};

/// The Solidity type a hyperparameter has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `uint16`.
    U16,
    /// `uint32`.
    U32,
    /// `uint64`.
    U64,
    /// `bool`.
    Bool,
}

impl Kind {
    /// The value of a getter's return word, as text (`true`/`false` for booleans).
    ///
    /// ```
    /// use taochain_sdk::hyper::Kind;
    /// let word = alloy_primitives::U256::from(1).to_be_bytes::<32>();
    /// assert_eq!(Kind::Bool.show(&word).unwrap(), "true");
    /// assert_eq!(Kind::U16.show(&word).unwrap(), "1");
    /// ```
    pub fn show(self, word: &[u8]) -> Result<String> {
        let bytes: [u8; 32] = word.try_into().map_err(|_| Error::Decode {
            what: "hyperparameter getter".into(),
            reason: format!("{} bytes, not one word", word.len()),
        })?;
        let v = U256::from_be_bytes(bytes);
        Ok(match self {
            Kind::Bool => (!v.is_zero()).to_string(),
            _ => v.to_string(),
        })
    }

    /// Parses a value for a setter: a decimal integer in range, or `true`/`false` (also `1`
    /// and `0`) for booleans.
    ///
    /// ```
    /// use taochain_sdk::hyper::Kind;
    /// assert_eq!(Kind::Bool.parse("true").unwrap(), 1);
    /// assert!(Kind::U16.parse("70000").is_err());
    /// ```
    pub fn parse(self, text: &str) -> Result<u64> {
        let t = text.trim();
        let bad = |why: &str| Error::InvalidInput(format!("{t:?}: {why}"));
        match self {
            Kind::Bool => match t {
                "true" | "1" => Ok(1),
                "false" | "0" => Ok(0),
                _ => Err(bad("expected true or false")),
            },
            _ => {
                let v: u64 = t.parse().map_err(|_| bad("expected a whole number"))?;
                let max = match self {
                    Kind::U16 => u64::from(u16::MAX),
                    Kind::U32 => u64::from(u32::MAX),
                    _ => u64::MAX,
                };
                if v > max {
                    return Err(bad(&format!("at most {max}")));
                }
                Ok(v)
            }
        }
    }
}

/// A setter's calldata for `(netuid, value)`; the value is already checked against the type.
pub type SetterFn = fn(u16, u64) -> Bytes;

/// One hyperparameter: its name, type, getter and (if an owner may set it) setter.
#[derive(Debug, Clone, Copy)]
pub struct Hyperparameter {
    /// btcli's snake_case name, e.g. `immunity_period`.
    pub name: &'static str,
    /// Its type.
    pub kind: Kind,
    /// The getter's Solidity signature.
    pub getter: &'static str,
    /// Calldata of the getter for a netuid.
    pub get: fn(u16) -> Bytes,
    /// The setter's Solidity signature and calldata builder (`None`: read-only here).
    pub set: Option<(&'static str, SetterFn)>,
}

macro_rules! hp {
    ($name:literal, $kind:ident, $ty:ty, $get:ident) => {
        Hyperparameter {
            name: $name,
            kind: Kind::$kind,
            getter: <ISubnet::$get as SolCall>::SIGNATURE,
            get: |netuid| ISubnet::$get { netuid }.abi_encode().into(),
            set: None,
        }
    };
    ($name:literal, $kind:ident, $ty:ty, $get:ident, $set:ident, $field:ident) => {
        Hyperparameter {
            set: Some((<ISubnet::$set as SolCall>::SIGNATURE, |netuid, v| {
                // `Kind::parse` bounds the value to the type first.
                ISubnet::$set { netuid, $field: hp!(@conv $kind, v) }.abi_encode().into()
            })),
            ..hp!($name, $kind, $ty, $get)
        }
    };
    (@conv Bool, $v:expr) => { $v != 0 };
    (@conv U16, $v:expr) => { u16::try_from($v).unwrap_or(u16::MAX) };
    (@conv U32, $v:expr) => { u32::try_from($v).unwrap_or(u32::MAX) };
    (@conv U64, $v:expr) => { $v };
}

/// Every hyperparameter `ISubnet` reads (besides the `alpha_values` pair).
pub const HYPERPARAMETERS: &[Hyperparameter] = &[
    hp!(
        "serving_rate_limit",
        U64,
        u64,
        getServingRateLimitCall,
        setServingRateLimitCall,
        servingRateLimit
    ),
    hp!("min_difficulty", U64, u64, getMinDifficultyCall, setMinDifficultyCall, minDifficulty),
    hp!("max_difficulty", U64, u64, getMaxDifficultyCall, setMaxDifficultyCall, maxDifficulty),
    hp!(
        "weights_version",
        U64,
        u64,
        getWeightsVersionKeyCall,
        setWeightsVersionKeyCall,
        weightsVersionKey
    ),
    hp!("weights_rate_limit", U64, u64, getWeightsSetRateLimitCall),
    hp!(
        "adjustment_alpha",
        U64,
        u64,
        getAdjustmentAlphaCall,
        setAdjustmentAlphaCall,
        adjustmentAlpha
    ),
    hp!("max_weights_limit", U16, u16, getMaxWeightLimitCall),
    hp!("immunity_period", U16, u16, getImmunityPeriodCall, setImmunityPeriodCall, immunityPeriod),
    hp!(
        "min_allowed_weights",
        U16,
        u16,
        getMinAllowedWeightsCall,
        setMinAllowedWeightsCall,
        minAllowedWeights
    ),
    hp!("kappa", U16, u16, getKappaCall, setKappaCall, kappa),
    hp!("rho", U16, u16, getRhoCall, setRhoCall, rho),
    hp!(
        "alpha_sigmoid_steepness",
        U16,
        u16,
        getAlphaSigmoidSteepnessCall,
        setAlphaSigmoidSteepnessCall,
        steepness
    ),
    hp!("activity_cutoff", U16, u16, getActivityCutoffCall, setActivityCutoffCall, activityCutoff),
    hp!(
        "activity_cutoff_factor",
        U32,
        u32,
        getActivityCutoffFactorCall,
        setActivityCutoffFactorCall,
        activityCutoffFactor
    ),
    hp!(
        "registration_allowed",
        Bool,
        bool,
        getNetworkRegistrationAllowedCall,
        setNetworkRegistrationAllowedCall,
        registrationAllowed
    ),
    hp!(
        "pow_registration_allowed",
        Bool,
        bool,
        getNetworkPowRegistrationAllowedCall,
        setNetworkPowRegistrationAllowedCall,
        registrationAllowed
    ),
    hp!("min_burn", U64, u64, getMinBurnCall),
    hp!("max_burn", U64, u64, getMaxBurnCall),
    hp!("difficulty", U64, u64, getDifficultyCall, setDifficultyCall, difficulty),
    hp!(
        "bonds_moving_avg",
        U64,
        u64,
        getBondsMovingAverageCall,
        setBondsMovingAverageCall,
        bondsMovingAverage
    ),
    hp!(
        "commit_reveal_weights_enabled",
        Bool,
        bool,
        getCommitRevealWeightsEnabledCall,
        setCommitRevealWeightsEnabledCall,
        enabled
    ),
    hp!(
        "commit_reveal_period",
        U64,
        u64,
        getCommitRevealWeightsIntervalCall,
        setCommitRevealWeightsIntervalCall,
        interval
    ),
    hp!(
        "liquid_alpha_enabled",
        Bool,
        bool,
        getLiquidAlphaEnabledCall,
        setLiquidAlphaEnabledCall,
        enabled
    ),
    hp!("yuma3_enabled", Bool, bool, getYuma3EnabledCall, setYuma3EnabledCall, enabled),
    hp!(
        "bonds_reset_enabled",
        Bool,
        bool,
        getBondsResetEnabledCall,
        setBondsResetEnabledCall,
        enabled
    ),
];

/// The hyperparameter named `name`; an error listing the names when there is none.
///
/// ```
/// assert_eq!(taochain_sdk::hyper::find("kappa").unwrap().kind, taochain_sdk::hyper::Kind::U16);
/// assert!(taochain_sdk::hyper::find("tempo_x").is_err());
/// ```
pub fn find(name: &str) -> Result<&'static Hyperparameter> {
    let n = name.trim().replace('-', "_");
    HYPERPARAMETERS.iter().find(|h| h.name == n).ok_or_else(|| {
        let names: Vec<&str> = HYPERPARAMETERS.iter().map(|h| h.name).collect();
        Error::InvalidInput(format!("unknown hyperparameter {name:?}; known: {}", names.join(", ")))
    })
}

/// The owner's call that sets hyperparameter `name` of `netuid` to `value` (text, checked
/// against the type; `alpha_values` takes `low,high`).
///
/// ```
/// let call = taochain_sdk::hyper::set_call(1, "immunity_period", "100")?;
/// assert_eq!(call.signature, "setImmunityPeriod(uint16,uint16)");
/// assert!(taochain_sdk::hyper::set_call(1, "max_weights_limit", "1").is_err(), "read-only");
/// let pair = taochain_sdk::hyper::set_call(1, "alpha_values", "45875,58982")?;
/// assert_eq!(pair.signature, "setAlphaValues(uint16,uint16,uint16)");
/// # Ok::<(), taochain_sdk::Error>(())
/// ```
pub fn set_call(netuid: u16, name: &str, value: &str) -> Result<TxCall> {
    if name.trim().replace('-', "_") == "alpha_values" {
        let (low, high) = value.split_once(',').ok_or_else(|| {
            Error::InvalidInput(format!(
                "alpha_values takes low,high (e.g. 45875,58982), not {value:?}"
            ))
        })?;
        let (low, high) = (Kind::U16.parse(low)?, Kind::U16.parse(high)?);
        let call = ISubnet::setAlphaValuesCall {
            netuid,
            low: u16::try_from(low).unwrap_or(u16::MAX),
            high: u16::try_from(high).unwrap_or(u16::MAX),
        };
        return Ok(TxCall::sol(
            subnet::ADDRESS,
            &call,
            format!("set alpha_values of subnet {netuid} to {low},{high}"),
        ));
    }
    let h = find(name)?;
    let (signature, build) = h.set.ok_or_else(|| {
        Error::InvalidInput(format!("{} cannot be set by the subnet owner through ISubnet", h.name))
    })?;
    let v = h.kind.parse(value)?;
    Ok(TxCall {
        to: subnet::ADDRESS,
        input: build(netuid, v),
        value: U256::ZERO,
        signature,
        summary: format!("set {} of subnet {netuid} to {}", h.name, value.trim()),
        spends: crate::Tao::ZERO,
    })
}
