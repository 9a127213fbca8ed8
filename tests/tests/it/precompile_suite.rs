//! The Solidity precompile suite (`contracts/solidity/src/suite/`) against an in-process dev
//! node: `forge build` compiles it with solc, this test deploys the artefacts and drives them
//! with signed transactions.
//!
//! The suite calls every function of the eleven precompile interfaces through their Solidity
//! interface types and reports each call as `Checked(fn, ok, data)`, and calls each real-chain
//! precompile address taochain does not serve (which must hold code, revert and keep no value). This test asserts that
//! every interface function was called, that each call succeeded or reverted as expected (with
//! the expected `Error(string)` reason), and the values the successful calls returned. Then it
//! drives `StakeThenRevert`: a stake through 0x805 in a frame that reverts leaves stake,
//! balances and pool exactly as before, both when the whole transaction reverts and when the
//! reverting frame is caught; and a stake that succeeds moves them by exactly the amounts
//! `IAlpha.simSwapTaoForAlpha` quoted beforehand.
//!
//! The Ed25519 and Sr25519 signatures the verification precompiles must accept are made at
//! run time by libraries independent of the chain's crates: Node's crypto and @scure/sr25519
//! (`tests/js/sign-vectors.mjs`).
//!
//! Needs forge and solc from `scripts/setup-tools.sh` (in `$TAOCHAIN_TOOLS/bin`, default
//! `<repo>/.tools/bin`), and node with `tests/js/node_modules` (installed by the same script).

use crate::forge::{forge_build, initcode, repo_root};
use alloy::sol_types::{SolCall, SolError, SolEvent, SolValue};
use alloy_primitives::{Address, B256, Bytes, U256, keccak256};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use taochain_tests::*;

mod events;

/// The precompile interfaces, from the generated Solidity files the suite imports.
mod i {
    alloy::sol!("../contracts/interfaces/IAlpha.sol");
    alloy::sol!("../contracts/interfaces/IMetagraph.sol");
    alloy::sol!("../contracts/interfaces/INeuron.sol");
    alloy::sol!("../contracts/interfaces/IStaking.sol");
    alloy::sol!("../contracts/interfaces/ISubnet.sol");
    alloy::sol!("../contracts/interfaces/IUidLookup.sol");
}

/// The suite's ABI (the parts this driver calls or decodes).
mod suite {
    alloy::sol! {
        event Checked(string label, bool ok, bytes data);
        event Snapshot(string tag, uint256 stake, uint256 balance, uint64 taoInPool, uint64 alphaInPool);
        error StakedThenReverted(uint256 stake, uint256 balance, uint64 taoInPool, uint64 alphaInPool);
        struct AxonInfo { uint64 block; uint32 version; uint128 ip; uint16 port; uint8 ip_type; uint8 protocol; }
        struct LookupItem { uint16 uid; uint64 block_associated; }
        struct Sig { bytes32 publicKey; bytes32 r; bytes32 s; }

        interface PrecompileSuite {
            function exec(address module, bytes data) external payable returns (bytes);
            function stake(bytes32 hotkey, uint256 amountRao, uint16 netuid) external;
            function stakeThenRevert(bytes32 hotkey, uint256 amountRao, uint16 netuid) external;
            function stakeThenRevertCaught(bytes32 hotkey, uint256 amountRao, uint16 netuid) external;
        }
        interface SubnetChecks {
            function registerPlain() external;
            function registerWithIdentity() external;
            function registerWithLogo() external;
            function refusedSetters(uint16 netuid, uint16 missing) external;
        }
        interface HyperparamChecks {
            function setAndGet1(uint16 netuid) external;
            function setAndGet2(uint16 netuid) external;
            function others(uint16 netuid) external;
        }
        interface NeuronChecks {
            function registerNeurons(uint16 netuid, uint16 missing, bytes32 hotkeyA, bytes32 hotkeyB) external;
            function serve(uint16 netuid) external;
            function weights(uint16 netuid, uint16 a, uint16 b) external;
            function commit(uint16 netuid, uint16[] uids, uint16[] values, uint16[] salt, uint64 versionKey, bytes32 h) external;
            function reveal(uint16 netuid, uint16[] uids, uint16[] values, uint16[] salt, uint64 versionKey) external;
        }
        interface StakingChecks {
            function stakeAndUnstake(uint16 netuid, bytes32 unowned) external;
            function moves(uint16 netuid, uint16 otherNetuid, uint16 frozenNetuid, bytes32 hotkeyA, bytes32 otherColdkey) external;
            function getters(uint16 netuid) external;
            function proxies(bytes32 delegate) external;
            function allowances(uint16 netuid, address spender) external;
        }
        interface ViewChecks {
            function metagraph(uint16 netuid, uint16 uid, uint16 missingUid) external;
            function alpha(uint16 netuid, uint16 missing, uint64 tao, uint64 alphaAmount) external;
            function uidLookup(uint16 netuid, address stranger) external;
            function balanceTransfer(bytes32 evmDest, uint256 evmWei, bytes32 nativeDest, uint256 nativeWei) external;
        }
        interface CompatChecks {
            function twinAfterStake(uint16 netuid) external;
            function verify(bytes32 message, Sig ed, Sig sr) external;
            function stakingV1Add(uint16 netuid, uint256 valueWei, bytes32 unowned) external;
            function stakingV1Rest(uint16 netuid) external;
            function unavailable(string[] names, address[] targets, uint256 valueWei) external;
        }
        interface Outsider {
            function trySetRho(uint16 netuid) external;
            function trySetWeights(uint16 netuid) external;
        }
    }
}

use suite::{
    Checked, CompatChecks as CC, HyperparamChecks as HC, NeuronChecks as NC, Outsider as OC,
    PrecompileSuite as PS, Snapshot, StakedThenReverted, StakingChecks as KC, SubnetChecks as SC,
    ViewChecks as VC,
};

const STAKING: Address = Address::new([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 5]);
const ALPHA: Address = Address::new([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 8]);
const SUBNET: Address = Address::new([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 3]);
const STAKING_V1: Address =
    Address::new([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 1]);
/// The real chain's precompiles taochain does not serve, written out independently of the
/// `contracts` crate: (name, low two address bytes, revert reason).
const UNAVAILABLE: [(&str, u16, &str); 8] = [
    ("Sha3FIPS256", 0x400, "Sha3FIPS256 (0x400) is not available on taochain"),
    ("ECRecoverPublicKey", 0x401, "ECRecoverPublicKey (0x401) is not available on taochain"),
    ("StorageQuery", 0x807, "StorageQuery (0x807) is not available on taochain"),
    ("Crowdloan", 0x809, "Crowdloan (0x809) is not available on taochain"),
    ("Leasing", 0x80a, "Leasing (0x80a) is not available on taochain"),
    ("Proxy", 0x80b, "Proxy (0x80b) is not available on taochain"),
    ("VotingPower", 0x80d, "VotingPower (0x80d) is not available on taochain"),
    ("Reserved", 0x80e, "Reserved (0x80e) is not available on taochain"),
];
/// Swap fee rate of a new subnet, parts of 65535.
const FEE_RATE: u64 = 33;
/// Gas for one suite transaction.
const GAS: u64 = 8_000_000;

// ------------------------------------------------------------------------------ driver

/// One reported precompile call.
#[derive(Debug, Clone)]
struct Check {
    ok: bool,
    data: Bytes,
}

impl Check {
    /// The revert reason of a failed call.
    fn reason(&self) -> String {
        revert_reason(&self.data).unwrap_or_else(|| format!("<non-string revert {}>", self.data))
    }

    fn value<T: SolValue + From<<T::SolType as alloy::sol_types::SolType>::RustType>>(&self) -> T {
        assert!(self.ok, "decoding the data of a failed call: {}", self.reason());
        T::abi_decode(&self.data).unwrap_or_else(|e| panic!("decode {}: {e}", self.data))
    }
}

struct Driver {
    rpc: Rpc,
    owner: Sender,
    suite: Address,
    checks: BTreeMap<String, Check>,
}

impl Driver {
    /// Records the `Checked` events of a receipt (from the suite and the outsider).
    fn record(&mut self, receipt: &Value) {
        for log in receipt["logs"].as_array().expect("logs") {
            let topics: Vec<B256> = log["topics"]
                .as_array()
                .expect("topics")
                .iter()
                .map(|t| t.as_str().and_then(|s| s.parse().ok()).expect("topic"))
                .collect();
            if topics.first() != Some(&Checked::SIGNATURE_HASH) {
                continue;
            }
            let ev = Checked::decode_raw_log(topics, &hex_bytes(&log["data"])).expect("Checked");
            let prev = self.checks.insert(ev.label.clone(), Check { ok: ev.ok, data: ev.data });
            assert!(prev.is_none(), "label {} reported twice", ev.label);
        }
    }

    /// Runs `call` of the module at `module` in the suite's context; the transaction must
    /// succeed. Returns the receipt.
    async fn exec(&mut self, module: Address, call: impl SolCall) -> Value {
        let data = PS::execCall { module, data: call.abi_encode().into() }.abi_encode();
        let r = self.owner.send_ok(Some(self.suite), U256::ZERO, data.into(), GAS).await;
        self.record(&r);
        r
    }

    /// A transaction to `to` that must succeed; its checks are recorded.
    async fn send(&mut self, to: Address, call: impl SolCall) -> Value {
        let r = self.owner.send_ok(Some(to), U256::ZERO, call.abi_encode().into(), GAS).await;
        self.record(&r);
        r
    }

    fn check(&self, label: &str) -> &Check {
        self.checks.get(label).unwrap_or_else(|| panic!("no check reported for {label}"))
    }

    /// `eth_call` of a precompile view at block `at`.
    async fn view<C: SolCall>(&self, to: Address, call: C, at: Option<u64>) -> C::Return {
        let out = self
            .rpc
            .call_at(to, call.abi_encode().into(), at)
            .await
            .unwrap_or_else(|e| panic!("{} reverted: {:?}", C::SIGNATURE, revert_reason(&e)));
        C::abi_decode_returns(&out).expect("decode view")
    }
}

/// What a call must do: succeed, or revert with exactly this reason, or with a reason
/// that starts with this subtensor error name and contains this text.
#[derive(Debug, Clone, Copy)]
enum Want {
    Ok,
    Reason(&'static str),
    Named(&'static str, &'static str),
}

/// The outcome every label must have.
fn expectations() -> BTreeMap<&'static str, Want> {
    use Want::*;
    let mut m = BTreeMap::new();
    let mut put = |k: &'static str, w: Want| assert!(m.insert(k, w).is_none(), "{k} twice");
    // 0x803 registration and refused setters.
    put("ISubnet.registerNetwork/1", Ok);
    put("ISubnet.registerNetwork/8", Ok);
    put("ISubnet.registerNetwork/9", Ok);
    put(
        "ISubnet.registerNetwork/9#nameTooLong",
        Reason("InvalidIdentity: registerNetwork: subnet name is longer than 256 bytes"),
    );
    // The suite sets each of these first, so the refused second call within two tempos
    // meets the owner rate limit, which the real chain checks before the value
    // (`ensure_sn_owner_or_root_with_limits`); the value checks are unit-tested.
    for (k, what) in [
        ("ISubnet.setActivityCutoff#belowMin", "activity_cutoff rate limit"),
        ("ISubnet.setActivityCutoffFactor#belowMin", "activity_cutoff_factor_milli rate limit"),
        ("ISubnet.setBondsMovingAverage#aboveMax", "bonds_moving_average rate limit"),
        ("ISubnet.setAlphaValues#lowAboveHigh", "alpha_values rate limit"),
        ("ISubnet.setAlphaValues#belowMin", "alpha_values rate limit"),
        ("ISubnet.setCommitRevealWeightsInterval#zero", "reveal_period_epochs rate limit"),
    ] {
        put(k, Named("TxRateLimitExceeded", what));
    }
    put("ISubnet.setRho#root", Reason("NotSubnetOwner: setRho: the root subnet has no owner"));
    put("ISubnet.setRho#missing", Reason("SubnetNotExists: setRho: subnet does not exist"));
    put(
        "ISubnet.toggleTransfers#missing",
        Reason("SubnetNotExists: toggleTransfers: subnet does not exist"),
    );
    put("ISubnet.setRho#static", Reason("WriteInStaticCall: state change in a static call"));
    put("ISubnet.setRho#value", Reason("NotPayable: this function does not accept value"));
    put(
        "ISubnet.setRho#notOwner",
        Reason("NotSubnetOwner: setRho: caller is not the subnet owner"),
    );
    // 0x803 owner setters and getters (values checked in `check_hyperparams`).
    for k in [
        "setServingRateLimit",
        "setMinDifficulty",
        "setMaxDifficulty",
        "setWeightsVersionKey",
        "setWeightsSetRateLimit",
        "setAdjustmentAlpha",
        "setImmunityPeriod",
        "setMinAllowedWeights",
        "setRho",
        "setAlphaSigmoidSteepness",
        "setActivityCutoff",
        "setActivityCutoffFactor",
        "setNetworkPowRegistrationAllowed",
        "setMinBurn",
        "setMaxBurn",
        "setDifficulty",
        "setBondsMovingAverage",
        "setCommitRevealWeightsEnabled",
        "setLiquidAlphaEnabled",
        "setYuma3Enabled",
        "setBondsResetEnabled",
        "setCommitRevealWeightsInterval",
        "setNetworkRegistrationAllowed",
        "setAlphaValues",
        "toggleTransfers",
        "getServingRateLimit",
        "getMinDifficulty",
        "getMaxDifficulty",
        "getWeightsVersionKey",
        "getWeightsSetRateLimit",
        "getAdjustmentAlpha",
        "getImmunityPeriod",
        "getMinAllowedWeights",
        "getKappa",
        "getRho",
        "getAlphaSigmoidSteepness",
        "getActivityCutoff",
        "getActivityCutoff#derived",
        "getActivityCutoffFactor",
        "getNetworkPowRegistrationAllowed",
        "getMinBurn",
        "getMaxBurn",
        "getDifficulty",
        "getBondsMovingAverage",
        "getCommitRevealWeightsEnabled",
        "getLiquidAlphaEnabled",
        "getYuma3Enabled",
        "getBondsResetEnabled",
        "getCommitRevealWeightsInterval",
        "getNetworkRegistrationAllowed",
        "getAlphaValues",
        "getMaxWeightLimit",
        "getNetworkRegistrationBlock",
    ] {
        put(Box::leak(format!("ISubnet.{k}").into_boxed_str()), Ok);
    }
    put("ISubnet.setKappa", Reason("BadOrigin: setKappa: kappa can only be set by root"));
    put("ISubnet.setCommitRevealWeightsEnabled#forWeights", Ok);
    // 0x804.
    put(
        "INeuron.burnedRegister#root",
        Reason(
            "RegistrationNotPermittedOnRootSubnet: burnedRegister: neuron registration on the root subnet is not allowed",
        ),
    );
    put(
        "INeuron.burnedRegister#missing",
        Reason("SubnetNotExists: burnedRegister: subnet does not exist"),
    );
    put("INeuron.burnedRegister", Ok);
    put(
        "INeuron.burnedRegister#again",
        Reason(
            "HotKeyAlreadyRegisteredInSubNet: burnedRegister: hotkey already registered on this subnet",
        ),
    );
    put(
        "INeuron.registerLimit#belowBurn",
        Named("SlippageTooHigh", "exceeds the limit price 1 RAO"),
    );
    put("INeuron.registerLimit", Ok);
    put("INeuron.serveAxon", Ok);
    put(
        "INeuron.serveAxon#ipType",
        Reason("InvalidIpType: serveAxon: invalid ip type: must be 4 or 6"),
    );
    put(
        "INeuron.serveAxonTls",
        Reason(
            "CallDisabled: serveAxonTls: TLS certificates are not supported on this chain; use serveAxon",
        ),
    );
    put("INeuron.servePrometheus", Ok);
    put("INeuron.servePrometheus#port", Reason("InvalidPort: servePrometheus: invalid port"));
    put(
        "INeuron.setWeights#commitReveal",
        Reason(
            "CommitRevealEnabled: setWeights: commit-reveal is enabled on this subnet: commit and reveal weights instead",
        ),
    );
    put(
        "INeuron.commitWeights#disabled",
        Reason("CommitRevealDisabled: commitWeights: commit-reveal is disabled on this subnet"),
    );
    put(
        "INeuron.setWeights#lengths",
        Reason("WeightVecNotEqualSize: setWeights: uids and values have different lengths"),
    );
    put("INeuron.setWeights", Ok);
    put(
        "INeuron.setWeights#rateLimit",
        Reason("SettingWeightsTooFast: setWeights: weights rate limit exceeded"),
    );
    put(
        "INeuron.setWeights#notRegistered",
        Reason("HotKeyNotRegisteredInSubNet: setWeights: hotkey is not registered on this subnet"),
    );
    put("INeuron.commitWeights", Ok);
    put(
        "INeuron.revealWeights#early",
        Reason("RevealTooEarly: revealWeights: reveal too early: wait for the reveal epoch"),
    );
    put(
        "INeuron.revealWeights#mismatch",
        Reason(
            "InvalidRevealCommitHashNotMatch: revealWeights: no commit matches the revealed weights",
        ),
    );
    put("INeuron.revealWeights", Ok);
    put(
        "INeuron.revealWeights#again",
        Reason("NoWeightsCommitFound: revealWeights: no weight commits found for this hotkey"),
    );
    // 0x805.
    put("IStaking.addStake", Ok);
    put(
        "IStaking.addStake#belowMin",
        Reason(
            "AmountTooLow: addStake: stake of 1000 RAO is below the minimum 2001007 RAO (0.002 TAO plus fee)",
        ),
    );
    put(
        "IStaking.addStake#unowned",
        Named("HotKeyAccountNotExists", "has no owner: register it before staking to it"),
    );
    put("IStaking.addStake#static", Reason("WriteInStaticCall: state change in a static call"));
    put("IStaking.addStakeLimit", Ok);
    put(
        "IStaking.addStakeLimit#priceAboveLimit",
        Named("ZeroMaxStakeAmount", "price limit exceeded"),
    );
    put("IStaking.removeStake", Ok);
    put(
        "IStaking.removeStake#tooMuch",
        Named("NotEnoughStakeToWithdraw", "removeStake: not enough stake: have "),
    );
    put("IStaking.removeStakeLimit", Ok);
    put(
        "IStaking.removeStakeLimit#priceBelowLimit",
        Named("ZeroMaxStakeAmount", "price limit exceeded"),
    );
    put("IStaking.moveStake", Ok);
    put("IStaking.moveStake#acrossSubnets", Ok);
    put("IStaking.transferStake", Ok);
    put(
        "IStaking.transferStake#transfersOff",
        Reason("TransferDisallowed: transferStake: stake transfers are disabled on subnet 3"),
    );
    put("IStaking.burnAlpha", Ok);
    put("IStaking.removeStakeFull", Ok);
    put(
        "IStaking.removeStakeFull#nothing",
        Reason("NotEnoughStakeToWithdraw: removeStakeFull: no stake on subnet 1 to remove"),
    );
    put("IStaking.removeStakeFullLimit", Ok);
    put(
        "IStaking.removeStakeFullLimit#priceBelowLimit",
        Named("ZeroMaxStakeAmount", "price limit exceeded"),
    );
    for k in [
        "getStake",
        "getTotalAlphaStaked",
        "getTotalColdkeyStake",
        "getTotalColdkeyStakeOnSubnet",
        "getTotalHotkeyStake",
        "getAlphaStakedValidators",
        "getNominatorMinRequiredStake",
        "approve",
        "increaseAllowance",
        "decreaseAllowance",
        "allowance",
        "allowance#afterSpend",
        "transferStakeFrom",
    ] {
        put(Box::leak(format!("IStaking.{k}").into_boxed_str()), Ok);
    }
    put(
        "IStaking.addProxy",
        Reason("NotSupported: addProxy: staking proxies are not supported on this chain"),
    );
    put(
        "IStaking.removeProxy",
        Reason("NotSupported: removeProxy: staking proxies are not supported on this chain"),
    );
    put("IStaking.decreaseAllowance#belowZero", Ok);
    put("IStaking.increaseAllowance#saturates", Ok);
    put("IStaking.approve#noSubnet", Ok);
    put(
        "IStaking.transferStakeFrom#overAllowance",
        Reason(
            "InsufficientAllowance: transferStakeFrom: insufficient allowance: 300000000 alpha-RAO approved, \
             1000000000 requested",
        ),
    );
    // 0x802.
    for k in [
        "getUidCount",
        "getStake",
        "getRank",
        "getTrust",
        "getConsensus",
        "getIncentive",
        "getDividends",
        "getEmission",
        "getVtrust",
        "getValidatorStatus",
        "getLastUpdate",
        "getIsActive",
        "getAxon",
        "getHotkey",
        "getColdkey",
    ] {
        put(Box::leak(format!("IMetagraph.{k}").into_boxed_str()), Ok);
    }
    put(
        "IMetagraph.getHotkey#missingUid",
        Reason("UidNotExists: getHotkey: uid does not exist on this subnet"),
    );
    // 0x808.
    for k in [
        "getAlphaPrice",
        "getMovingAlphaPrice",
        "getTaoInPool",
        "getAlphaInPool",
        "getAlphaOutPool",
        "getAlphaIssuance",
        "getSubnetVolume",
        "getTaoInEmission",
        "getAlphaInEmission",
        "getAlphaOutEmission",
        "simSwapTaoForAlpha",
        "simSwapAlphaForTao",
        "getSubnetMechanism",
        "getEMAPriceHalvingBlocks",
        "getRootNetuid",
        "getTaoWeight",
        "getCKBurn",
        "getSumAlphaPrice",
    ] {
        put(Box::leak(format!("IAlpha.{k}").into_boxed_str()), Ok);
    }
    // A netuid without a subnet reads the storage default, 0, as on the real chain.
    put("IAlpha.getTaoInPool#missing", Ok);
    // 0x806 and 0x800.
    put("IUidLookup.uidLookup", Ok);
    put("IUidLookup.uidLookup#stranger", Ok);
    put("IBalanceTransfer.transfer", Ok);
    put("IBalanceTransfer.transfer#native", Ok);
    // Zero value is a no-op, as on the real chain.
    put("IBalanceTransfer.transfer#zero", Ok);
    // 0x80c, 0x402 / 0x403, 0x801 and the unavailable addresses (CompatChecks).
    put("IAddressMapping.addressMapping", Ok);
    put("IAddressMapping.addressMapping#delegatecall", Ok);
    put(
        "IStaking.getNominatorMinRequiredStake#delegatecall",
        Reason(
            "DelegateCallNotAllowed: precompiles that act for their caller cannot be \
             delegate-called; use approve and transferStakeFrom to let a contract move stake",
        ),
    );
    for k in ["IEd25519Verify", "ISR25519Verify"] {
        for v in ["", "#alteredMessage", "#alteredSignature"] {
            put(Box::leak(format!("{k}.verify{v}").into_boxed_str()), Ok);
        }
    }
    put(
        "IEd25519Verify.verify#invalidKey",
        Reason("PublicKeyRecoverFailed: IEd25519Verify: invalid public key"),
    );
    put("IStakingV1.addStake", Ok);
    put(
        "IStakingV1.addStake#belowMin",
        Named("AmountTooLow", "addStake: stake of 1 RAO is below the minimum"),
    );
    put(
        "IStakingV1.addStake#unowned",
        Named("HotKeyAccountNotExists", "has no owner: register it before staking to it"),
    );
    put("IStakingV1.removeStake", Ok);
    put(
        "IStakingV1.removeStake#tooMuch",
        Named("NotEnoughStakeToWithdraw", "removeStake: not enough stake: have "),
    );
    put("IStakingV1.removeStake#value", Reason("NotPayable: this function does not accept value"));
    for k in ["getStake", "getTotalColdkeyStake", "getTotalHotkeyStake"] {
        put(Box::leak(format!("IStakingV1.{k}").into_boxed_str()), Ok);
    }
    put(
        "IStakingV1.addProxy",
        Reason("NotSupported: addProxy: staking proxies are not supported on this chain"),
    );
    put(
        "IStakingV1.removeProxy",
        Reason("NotSupported: removeProxy: staking proxies are not supported on this chain"),
    );
    for (name, _, reason) in UNAVAILABLE {
        let label = Box::leak(format!("Unavailable.{name}").into_boxed_str());
        put(label, Named("PrecompileNotAvailable", reason));
    }
    m
}

/// Every function of the eleven interfaces, as a label key: `Interface.name`, or
/// `Interface.name/<inputs>` for an overloaded name (from contracts/interfaces/I*.json).
fn interface_functions(root: &Path) -> BTreeSet<String> {
    let mut all = BTreeSet::new();
    for iface in [
        "IAlpha",
        "IBalanceTransfer",
        "IMetagraph",
        "INeuron",
        "IStaking",
        "ISubnet",
        "IUidLookup",
        "IAddressMapping",
        "IEd25519Verify",
        "ISR25519Verify",
        "IStakingV1",
    ] {
        let path = root.join(format!("contracts/interfaces/{iface}.json"));
        let abi: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("abi")).expect("abi JSON");
        let fns: Vec<(String, usize)> = abi
            .as_array()
            .expect("abi array")
            .iter()
            .filter(|e| e["type"] == "function")
            .map(|e| {
                let name = e["name"].as_str().expect("name").to_string();
                (name, e["inputs"].as_array().map_or(0, Vec::len))
            })
            .collect();
        for (name, inputs) in &fns {
            let overloaded = fns.iter().filter(|(n, _)| n == name).count() > 1;
            all.insert(if overloaded {
                format!("{iface}.{name}/{inputs}")
            } else {
                format!("{iface}.{name}")
            });
        }
    }
    all
}

/// `floor(amount × 33 / 65535)`: the swap fee of a new subnet's pool.
fn swap_fee(amount: u64) -> u64 {
    (u128::from(amount) * u128::from(FEE_RATE) / 65_535) as u64
}

/// The constant-product output of a swap of `amount_in` (fee taken from the input first).
fn swap_out(reserve_in: u64, reserve_out: u64, amount_in: u64) -> u64 {
    let net = u128::from(amount_in - swap_fee(amount_in));
    (u128::from(reserve_out) * net / (u128::from(reserve_in) + net)) as u64
}

#[tokio::test(flavor = "multi_thread")]
async fn precompile_suite_calls_every_function_and_stake_then_revert_changes_nothing() {
    precompile_suite_on(tao_chain::genesis::PoolEngineChoice::Solidity).await;
}

/// The same suite, unchanged, with the pools in native slots.
#[tokio::test(flavor = "multi_thread")]
async fn precompile_suite_passes_on_the_native_pool_engine() {
    precompile_suite_on(tao_chain::genesis::PoolEngineChoice::Native).await;
}

/// The same suite, unchanged, with the pools in the ink! pool contract.
#[tokio::test(flavor = "multi_thread")]
async fn precompile_suite_passes_on_the_ink_pool_engine() {
    precompile_suite_on(tao_chain::genesis::PoolEngineChoice::Ink).await;
}

async fn precompile_suite_on(engine: tao_chain::genesis::PoolEngineChoice) {
    let root = repo_root();
    let out = forge_build(&root);
    let node = dev_node_with_engine(engine).await;
    let rpc = Rpc::new(&node.http_url());
    let owner = Sender::dev(&rpc, 1);

    // ---- deploy: the check modules, the outsider, the suite; fund the suite with 3,000 TAO.
    let f = "PrecompileSuite.sol";
    let subnet_m = owner.deploy(initcode(&out, "SubnetChecks.sol", "SubnetChecks")).await;
    let hyper_m = owner.deploy(initcode(&out, "HyperparamChecks.sol", "HyperparamChecks")).await;
    let neuron_m = owner.deploy(initcode(&out, "NeuronChecks.sol", "NeuronChecks")).await;
    let staking_m = owner.deploy(initcode(&out, "StakingChecks.sol", "StakingChecks")).await;
    let view_m = owner.deploy(initcode(&out, "ViewChecks.sol", "ViewChecks")).await;
    let compat_m = owner.deploy(initcode(&out, "CompatChecks.sol", "CompatChecks")).await;
    let outsider = owner.deploy(initcode(&out, f, "Outsider")).await;
    let suite = owner.deploy(initcode(&out, f, "PrecompileSuite")).await;
    owner.send_ok(Some(suite), rao_to_wei(3_000 * TAO), Bytes::new(), 100_000).await;
    let me = evm_id(suite);
    let mut d = Driver { rpc: rpc.clone(), owner, suite, checks: BTreeMap::new() };

    // ---- 0x803: three subnets, one per block, the suite as owner coldkey and hotkey.
    // netuid 1: neurons, weights and staking; 2: commit-reveal; 3: hyperparameters, then
    // (registration off, so out of the coinbase) StakeThenRevert.
    let before = rpc.balance(suite).await;
    let registered = [
        d.exec(subnet_m, SC::registerPlainCall {}).await,
        d.exec(subnet_m, SC::registerWithIdentityCall {}).await,
        d.exec(subnet_m, SC::registerWithLogoCall {}).await,
    ];
    let [r1, r2, r3] = registered.each_ref().map(|r| receipt_block_and_fee(r).0);
    let locks = before - rpc.balance(suite).await;
    events::check_subnets(&registered, me, locks);
    // Lock costs: 100 TAO, then about twice the last one each time (decaying slowly).
    assert!(locks > rao_to_wei(690 * TAO) && locks <= rao_to_wei(700 * TAO), "locks {locks}");
    for (n, r) in [(1u16, r1), (2, r2), (3, r3)] {
        let block = i::ISubnet::getNetworkRegistrationBlockCall { netuid: n };
        assert_eq!(d.view(SUBNET, block, None).await, r, "subnet {n} registered in block {r}");
    }

    // ---- 0x804 on subnet 1: two more hotkeys of the suite (uids 1 and 2), serving.
    let hk_a = keccak256("precompile suite hotkey A");
    let hk_b = keccak256("precompile suite hotkey B");
    let call = NC::registerNeuronsCall { netuid: 1, missing: 99, hotkeyA: hk_a, hotkeyB: hk_b };
    let neurons_rc = d.exec(neuron_m, call).await;
    let serve_rc = d.exec(neuron_m, NC::serveCall { netuid: 1 }).await;
    let serve_block = receipt_block_and_fee(&serve_rc).0;
    // setWeights needs WeightsSetRateLimit (5) blocks since the owner neuron's registration.
    rpc.mine_to(r1 + 4).await;
    let weights_rc = d.exec(neuron_m, NC::weightsCall { netuid: 1, a: 1, b: 2 }).await;
    let weights_block = receipt_block_and_fee(&weights_rc).0;
    // Commit on subnet 2 (commit-reveal on by default), reveal in the next epoch.
    let (uids, values, salt) = (vec![0u16], vec![65_535u16], vec![1u16, 2, 3]);
    rpc.mine_to(r2 + 4).await;
    // The hash as Bittensor's tools compute it (BLAKE2b-256 of the SCALE encoding).
    let expected_hash = tao_runtime::weights::commit_hash(
        &me.into(),
        tao_primitives::NetUid(2),
        &uids,
        &values,
        &salt,
        0,
    );
    let commit = NC::commitCall {
        netuid: 2,
        uids: uids.clone(),
        values: values.clone(),
        salt: salt.clone(),
        versionKey: 0,
        h: expected_hash,
    };
    let commit_rc = d.exec(neuron_m, commit).await;
    let c = receipt_block_and_fee(&commit_rc).0;
    assert_eq!(d.check("INeuron.commitWeights").value::<B256>(), expected_hash);
    // Epochs of subnet 2 run at the start of blocks r2 + 10k (tempo 10), before the block's
    // transactions: a transaction in block c sees the epoch counter k = (c − r2) / 10, and may
    // reveal when the counter is k + 1, i.e. from block r2 + 10(k + 1) on.
    let k = (c - r2) / 10;
    rpc.mine_to(r2 + 10 * (k + 1)).await;
    let reveal = NC::revealCall { netuid: 2, uids, values, salt, versionKey: 0 };
    let reveal_rc = d.exec(neuron_m, reveal).await;
    let neuron_receipts = [neurons_rc, serve_rc, weights_rc, commit_rc, reveal_rc];
    events::check_neurons(&d, &neuron_receipts, me, [hk_a, hk_b]);

    // ---- 0x803 hyperparameters on subnet 3, and the refusals.
    d.exec(hyper_m, HC::setAndGet1Call { netuid: 3 }).await;
    let closed = receipt_block_and_fee(&d.exec(hyper_m, HC::setAndGet2Call { netuid: 3 }).await).0;
    d.exec(hyper_m, HC::othersCall { netuid: 3 }).await;
    d.exec(subnet_m, SC::refusedSettersCall { netuid: 3, missing: 99 }).await;
    d.send(outsider, OC::trySetRhoCall { netuid: 3 }).await;
    d.send(outsider, OC::trySetWeightsCall { netuid: 1 }).await;

    // ---- 0x805 on subnet 1.
    let other = Sender::dev(&rpc, 2).id();
    let unowned = keccak256("nobody's hotkey");
    let stakes_rc = d.exec(staking_m, KC::stakeAndUnstakeCall { netuid: 1, unowned }).await;
    events::check_stakes(&d, &stakes_rc, me);
    let moves = KC::movesCall {
        netuid: 1,
        otherNetuid: 2,
        frozenNetuid: 3,
        hotkeyA: hk_a,
        otherColdkey: other,
    };
    d.exec(staking_m, moves).await;
    d.exec(staking_m, KC::gettersCall { netuid: 1 }).await;
    d.exec(staking_m, KC::proxiesCall { delegate: other }).await;
    d.exec(staking_m, KC::allowancesCall { netuid: 1, spender: outsider }).await;

    // ---- 0x80c, 0x801, 0x402 / 0x403 and the unavailable addresses, on subnet 1.
    d.exec(compat_m, CC::twinAfterStakeCall { netuid: 1 }).await;
    let v1_value = rao_to_wei(5 * TAO) + U256::from(123u64);
    d.exec(compat_m, CC::stakingV1AddCall { netuid: 1, valueWei: v1_value, unowned }).await;
    d.exec(compat_m, CC::stakingV1RestCall { netuid: 1 }).await;
    let message = keccak256("a message for the signature precompiles");
    let (ed, sr) = sign_vectors(&root, message);
    d.exec(compat_m, CC::verifyCall { message, ed, sr }).await;
    let names = UNAVAILABLE.iter().map(|(n, _, _)| (*n).to_string()).collect();
    let targets = UNAVAILABLE.iter().map(|(_, a, _)| low_address(*a)).collect();
    let call = CC::unavailableCall { names, targets, valueWei: rao_to_wei(TAO) };
    d.exec(compat_m, call).await;
    assert_eq!(rpc.balance(STAKING_V1).await, U256::ZERO, "nothing stays at 0x801");
    for (name, a, _) in UNAVAILABLE {
        assert_eq!(rpc.balance(low_address(a)).await, U256::ZERO, "{name} holds no value");
    }

    // ---- 0x802, 0x808, 0x806 and 0x800.
    d.exec(view_m, VC::metagraphCall { netuid: 1, uid: 0, missingUid: 999 }).await;
    d.exec(view_m, VC::alphaCall { netuid: 1, missing: 99, tao: TAO, alphaAmount: TAO }).await;
    let stranger = Sender::dev(&rpc, 7).address();
    d.exec(view_m, VC::uidLookupCall { netuid: 1, stranger }).await;
    let dest = Sender::dev(&rpc, 3).address();
    let dest_before = rpc.balance(dest).await;
    let suite_before = rpc.balance(suite).await;
    let native_dest = keccak256("a native account");
    let (evm_wei, native_wei) = (rao_to_wei(TAO), U256::from(2_500_000_123u64));
    let transfer = VC::balanceTransferCall {
        evmDest: evm_id(dest),
        evmWei: evm_wei,
        nativeDest: native_dest,
        nativeWei: native_wei,
    };
    d.exec(view_m, transfer).await;

    // ---- every function called, every outcome as expected.
    let want = expectations();
    let seen: BTreeSet<&str> = d.checks.keys().map(String::as_str).collect();
    let wanted: BTreeSet<&str> = want.keys().copied().collect();
    assert_eq!(
        seen.symmetric_difference(&wanted).collect::<Vec<_>>(),
        Vec::<&&str>::new(),
        "reported and expected labels differ"
    );
    let called: BTreeSet<String> =
        d.checks.keys().map(|l| l.split('#').next().unwrap_or(l).to_string()).collect();
    let missing: Vec<String> =
        interface_functions(&root).into_iter().filter(|f| !called.contains(f)).collect();
    assert!(missing.is_empty(), "interface functions never called: {missing:?}");
    let mut wrong = Vec::new();
    for (label, w) in &want {
        let c = d.check(label);
        let good = match w {
            Want::Ok => c.ok,
            Want::Reason(r) => !c.ok && c.reason() == *r,
            Want::Named(name, r) => {
                !c.ok && c.reason().starts_with(&format!("{name}: ")) && c.reason().contains(r)
            }
        };
        if !good {
            let got = if c.ok { format!("ok {}", c.data) } else { c.reason() };
            wrong.push(format!("{label}: expected {w:?}, got {got}"));
        }
    }
    assert!(wrong.is_empty(), "unexpected outcomes:\n  {}", wrong.join("\n  "));

    // ---- what the successful calls returned.
    check_hyperparams(&d, r3);
    check_neurons_and_views(&d, me, r1, serve_block, weights_block);
    check_staking(&d, me, other);
    check_compat(&d, suite, v1_value);
    // 0x800: the EVM destination got exactly 1 TAO; the native one 2 whole RAO, and the
    // 500,000,123 wei of dust came back to the suite.
    assert_eq!(rpc.balance(dest).await, dest_before + evm_wei);
    let after_native: U256 = d.check("IBalanceTransfer.transfer#native").value();
    assert_eq!(after_native, suite_before - evm_wei - rao_to_wei(2));
    assert_eq!(rpc.balance(suite).await, after_native);

    // ---- StakeThenRevert on subnet 3. Its registration closed in block `closed`, which took
    // it out of the coinbase; its next epoch (blocks r3 + 10k) pays out what was pending
    // before. After that nothing moves its pool or stakes between blocks.
    rpc.mine_to(r3 + (closed - r3).div_ceil(10) * 10).await;
    stake_then_revert(&d, me).await;

    node.stop().await;
}

/// Getter values after the setters on subnet 3 (registered in block `r3`).
fn check_hyperparams(d: &Driver, r3: u64) {
    let u64s = [
        ("getServingRateLimit", 7),
        ("getMinDifficulty", 1_000),
        ("getMaxDifficulty", 1_000_000_000_000),
        ("getWeightsVersionKey", 3),
        // Deprecated no-op setters: the dev default (5) and the built-in burn bounds remain.
        ("getWeightsSetRateLimit", 5),
        ("getMinBurn", 500_000),
        ("getMaxBurn", 100 * TAO),
        ("getAdjustmentAlpha", 12_345),
        ("getDifficulty", 5_555),
        ("getBondsMovingAverage", 950_000),
        ("getCommitRevealWeightsInterval", 3),
        ("getNetworkRegistrationBlock", r3),
    ];
    for (k, v) in u64s {
        assert_eq!(d.check(&format!("ISubnet.{k}")).value::<u64>(), v, "{k}");
    }
    let u16s = [
        ("getImmunityPeriod", 100),
        ("getMinAllowedWeights", 2),
        // Root-only: the owner's setKappa reverted, the default stays.
        ("getKappa", 32_767),
        ("getRho", 11),
        ("getAlphaSigmoidSteepness", 2_000),
        ("getActivityCutoff", 5_000),
        // The legacy ActivityCutoff is kept when the factor changes; as on the real chain only
        // the factor (and tempo) decide the epoch's cutoff.
        ("getActivityCutoff#derived", 5_000),
        ("getMaxWeightLimit", 65_535),
    ];
    for (k, v) in u16s {
        assert_eq!(d.check(&format!("ISubnet.{k}")).value::<u16>(), v, "{k}");
    }
    assert_eq!(d.check("ISubnet.getActivityCutoffFactor").value::<u32>(), 20_000);
    let bools = [
        ("getNetworkPowRegistrationAllowed", true),
        ("getCommitRevealWeightsEnabled", false),
        ("getLiquidAlphaEnabled", true),
        ("getYuma3Enabled", false),
        ("getBondsResetEnabled", true),
        ("getNetworkRegistrationAllowed", false),
    ];
    for (k, v) in bools {
        assert_eq!(d.check(&format!("ISubnet.{k}")).value::<bool>(), v, "{k}");
    }
    assert_eq!(d.check("ISubnet.getAlphaValues").value::<(u16, u16)>(), (2_000, 60_000));
}

/// Metagraph, alpha and uid-lookup values on subnet 1.
fn check_neurons_and_views(d: &Driver, me: B256, r1: u64, serve_block: u64, weights_block: u64) {
    let g = |k: &str| d.check(&format!("IMetagraph.{k}"));
    // Owner (uid 0) and the two hotkeys registered by the suite.
    assert_eq!(g("getUidCount").value::<u16>(), 3);
    assert_eq!(g("getHotkey").value::<B256>(), me);
    assert_eq!(g("getColdkey").value::<B256>(), me);
    assert_eq!(g("getRank").value::<u16>(), 0, "deprecated");
    assert_eq!(g("getTrust").value::<u16>(), 0, "deprecated");
    assert!(g("getIsActive").value::<bool>());
    // The owner's uid always gets a permit at an epoch, and epochs have run.
    assert!(g("getValidatorStatus").value::<bool>());
    assert_eq!(g("getLastUpdate").value::<u64>(), weights_block, "setWeights sets LAST_UPDATE");
    assert!(g("getStake").value::<u64>() > 0, "the suite's hotkey holds stake");
    let axon = suite::AxonInfo::abi_decode(&g("getAxon").data).expect("axon");
    assert_eq!(
        (axon.block, axon.version, axon.ip, axon.port, axon.ip_type, axon.protocol),
        (serve_block, 7, 0x7f00_0001, 8091, 4, 1)
    );
    // Alpha: reserves and derived values agree with each other (read in one transaction).
    let a = |k: &str| d.check(&format!("IAlpha.{k}"));
    let tao = a("getTaoInPool").value::<u64>();
    let alpha_in = a("getAlphaInPool").value::<u64>();
    let alpha_out = a("getAlphaOutPool").value::<u64>();
    assert_eq!(a("getAlphaIssuance").value::<u64>(), alpha_in + alpha_out);
    // The real chain's precision: the U64F64 price × 10^9 truncated to RAO, then × 10^9.
    let bits = (U256::from(tao) << 64) / U256::from(alpha_in);
    let gwei = U256::from(1_000_000_000u64);
    let price = ((bits * gwei) >> 64) * gwei;
    assert_eq!(a("getAlphaPrice").value::<U256>(), price);
    assert_eq!(a("getTaoInPool#missing").value::<u64>(), 0);
    assert_eq!(a("simSwapTaoForAlpha").value::<U256>(), U256::from(swap_out(tao, alpha_in, TAO)));
    assert_eq!(a("simSwapAlphaForTao").value::<U256>(), U256::from(swap_out(alpha_in, tao, TAO)));
    assert_eq!(a("getSubnetMechanism").value::<u16>(), 1);
    assert_eq!(a("getRootNetuid").value::<u16>(), 0);
    assert_eq!(a("getCKBurn").value::<U256>(), U256::ZERO);
    assert_eq!(a("getTaoWeight").value::<U256>(), U256::from(tao_yuma::DEFAULT_TAO_WEIGHT_RAW));
    assert!(a("getMovingAlphaPrice").value::<U256>() > U256::ZERO);
    assert!(a("getSubnetVolume").value::<U256>() > U256::ZERO, "the suite swapped on subnet 1");
    assert_eq!(a("getAlphaOutEmission").value::<U256>(), U256::from(TAO), "1 alpha per block");
    // The owner hotkey is the suite's own mapped address: associated at registration.
    let found = <Vec<suite::LookupItem>>::abi_decode(&d.check("IUidLookup.uidLookup").data)
        .expect("lookup");
    assert_eq!(found.iter().map(|x| (x.uid, x.block_associated)).collect::<Vec<_>>(), [(0, r1)]);
    let none = <Vec<suite::LookupItem>>::abi_decode(&d.check("IUidLookup.uidLookup#stranger").data)
        .expect("lookup");
    assert!(none.is_empty());
}

/// Values the 0x805 calls returned (each read in the same transaction as the change).
fn check_staking(d: &Driver, me: B256, other: B256) {
    let k = |l: &str| d.check(&format!("IStaking.{l}"));
    let after_add = k("addStake").value::<U256>();
    assert!(after_add > U256::ZERO, "10 TAO bought alpha");
    let after_limit = k("addStakeLimit").value::<U256>();
    assert!(after_limit > after_add, "5 TAO below the limit price bought more");
    // Unstakes take exactly the alpha asked for (emission only lands at epochs, between
    // transactions, never inside one).
    assert_eq!(k("removeStake").value::<U256>(), after_limit - U256::from(TAO));
    assert_eq!(k("removeStakeLimit").value::<U256>(), after_limit - U256::from(2 * TAO));
    assert!(k("moveStake").value::<U256>() >= U256::from(2 * TAO));
    assert!(k("moveStake#acrossSubnets").value::<U256>() > U256::ZERO);
    // Positions are shares of the hotkey's pool: a holder's value is floored, so a transfer
    // into a pool with other holders may read 1 alpha-RAO less than it moved.
    let near = |v: U256, x: u64| v <= U256::from(x) && v + U256::from(1u64) >= U256::from(x);
    let got = k("transferStake").value::<U256>();
    assert!(near(got, TAO), "dev 2 received 1 alpha: {got}");
    assert_eq!(
        k("burnAlpha").value::<U256>(),
        k("moveStake").value::<U256>() - U256::from(TAO / 2)
    );
    assert_eq!(k("removeStakeFull").value::<U256>(), U256::ZERO);
    assert_eq!(k("removeStakeFullLimit").value::<U256>(), U256::ZERO);
    assert_eq!(k("getNominatorMinRequiredStake").value::<U256>(), U256::ZERO);
    let stake = k("getStake").value::<U256>();
    assert!(k("getTotalAlphaStaked").value::<U256>() + U256::from(1u64) >= stake + U256::from(TAO));
    assert!(k("getTotalColdkeyStakeOnSubnet").value::<U256>() > U256::ZERO);
    let on_subnet = k("getTotalColdkeyStakeOnSubnet").value::<U256>();
    assert!(k("getTotalColdkeyStake").value::<U256>() >= on_subnet);
    assert!(k("getTotalHotkeyStake").value::<U256>() > U256::ZERO);
    let validators: Vec<B256> = k("getAlphaStakedValidators").value();
    assert!(validators.contains(&me) && validators.contains(&other), "{validators:?}");
    assert_eq!(k("approve").value::<U256>(), U256::from(TAO));
    assert_eq!(k("increaseAllowance").value::<U256>(), U256::from(TAO + TAO / 2));
    assert_eq!(k("decreaseAllowance").value::<U256>(), U256::from(TAO + TAO / 2 - TAO / 5));
    assert_eq!(k("allowance").value::<U256>(), U256::from(1_300_000_000u64));
    // The outsider (spender) received 1 alpha of the suite's stake as its own coldkey's.
    let got = k("transferStakeFrom").value::<U256>();
    assert!(near(got, TAO), "the spender received 1 alpha: {got}");
    assert_eq!(k("allowance#afterSpend").value::<U256>(), U256::from(300_000_000u64));
    // uint256 allowances as on the real chain: a decrease saturates at 0, an increase at
    // type(uint256).max, and any netuid can be approved.
    assert_eq!(k("decreaseAllowance#belowZero").value::<U256>(), U256::ZERO);
    assert_eq!(k("increaseAllowance#saturates").value::<U256>(), U256::MAX);
    assert_eq!(k("approve#noSubnet").value::<U256>(), U256::from(7u64));
}

/// The address `0x…<low>`.
fn low_address(low: u16) -> Address {
    let mut a = [0u8; 20];
    a[18..].copy_from_slice(&low.to_be_bytes());
    Address::new(a)
}

/// Signatures of `message` made by `tests/js/sign-vectors.mjs` with a random key each run:
/// Ed25519 by Node's crypto, Sr25519 by @scure/sr25519.
fn sign_vectors(root: &Path, message: B256) -> (suite::Sig, suite::Sig) {
    let js = root.join("tests/js");
    assert!(
        js.join("node_modules/@scure/sr25519").exists(),
        "tests/js/node_modules/@scure/sr25519 missing: run scripts/setup-tools.sh"
    );
    let out = std::process::Command::new("node")
        .arg("sign-vectors.mjs")
        .arg(message.to_string())
        .current_dir(&js)
        .output()
        .expect("run node tests/js/sign-vectors.mjs");
    assert!(
        out.status.success(),
        "sign-vectors.mjs failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("sign-vectors JSON");
    assert_eq!(v["message"].as_str(), Some(message.to_string().as_str()));
    let word = |k: &str, f: &str| -> B256 {
        v[k][f].as_str().and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("{k}.{f}"))
    };
    let sig =
        |k: &str| suite::Sig { publicKey: word(k, "publicKey"), r: word(k, "r"), s: word(k, "s") };
    (sig("ed25519"), sig("sr25519"))
}

/// Values the CompatChecks calls returned (0x80c, 0x402 / 0x403, 0x801).
fn check_compat(d: &Driver, suite: Address, v1_value: U256) {
    let wei = U256::from(1_000_000_000u64);
    // 0x80c: the real chain's twin of the suite, also through DELEGATECALL.
    let (twin, under_twin, under_me): (B256, U256, U256) =
        d.check("IAddressMapping.addressMapping").value();
    assert_eq!(twin, B256::from(tao_primitives::evm_twin(suite)));
    assert_eq!(d.check("IAddressMapping.addressMapping#delegatecall").value::<B256>(), twin);
    // The suite's coldkey is its twin: the stake just added is under it.
    assert!(under_twin > U256::ZERO, "the stake just added");
    assert_eq!(under_twin, under_me, "the twin is the suite's coldkey");
    // 0x402 / 0x403: the independent libraries' signatures verify; altered ones do not.
    for k in ["IEd25519Verify", "ISR25519Verify"] {
        assert!(d.check(&format!("{k}.verify")).value::<bool>(), "{k}: valid signature");
        assert!(!d.check(&format!("{k}.verify#alteredMessage")).value::<bool>(), "{k}");
        assert!(!d.check(&format!("{k}.verify#alteredSignature")).value::<bool>(), "{k}");
    }
    // 0x801 addStake: exactly the whole RAO of msg.value is staked and paid, the dust stays
    // with the suite, nothing stays at 0x801.
    let (quote, before, after, v1_after, bal_before, bal_after, at_v1): (
        U256,
        U256,
        U256,
        U256,
        U256,
        U256,
        U256,
    ) = d.check("IStakingV1.addStake").value();
    let staked_rao = v1_value / wei;
    assert_eq!(bal_before - bal_after, staked_rao * wei, "paid exactly the whole RAO");
    assert_eq!(at_v1, U256::ZERO, "nothing stays at 0x801");
    // A position is a share of the hotkey's pool: its value may read 1 alpha-RAO low.
    let gained = after - before;
    assert!(gained <= quote && gained + U256::from(1u64) >= quote, "{gained} vs quote {quote}");
    assert_eq!(v1_after, after * wei, "V1 getStake is V2's × 10^9");
    // removeStake: 1 alpha, given wei-scaled.
    let (before, after): (U256, U256) = d.check("IStakingV1.removeStake").value();
    assert_eq!(before - after, U256::from(TAO) * wei);
    for k in ["getStake", "getTotalColdkeyStake", "getTotalHotkeyStake"] {
        let (v1, v2): (U256, U256) = d.check(&format!("IStakingV1.{k}")).value();
        assert!(v2 > U256::ZERO, "{k}");
        assert_eq!(v1, v2 * wei, "IStakingV1.{k} is IStaking.{k} × 10^9");
    }
}

/// The state StakeThenRevert must leave alone.
#[derive(Debug, Clone, PartialEq, Eq)]
struct State {
    stake: U256,
    total_alpha: U256,
    suite_balance: U256,
    tao_in_pool: u64,
    alpha_in_pool: u64,
    alpha_out: u64,
}

async fn state(d: &Driver, hotkey: B256, netuid: u16, at: Option<u64>) -> State {
    let me = evm_id(d.suite);
    State {
        stake: d
            .view(
                STAKING,
                i::IStaking::getStakeCall { hotkey, coldkey: me, netuid: U256::from(netuid) },
                at,
            )
            .await,
        total_alpha: d
            .view(
                STAKING,
                i::IStaking::getTotalAlphaStakedCall { hotkey, netuid: U256::from(netuid) },
                at,
            )
            .await,
        suite_balance: d.rpc.balance_at(d.suite, at).await,
        tao_in_pool: d.view(ALPHA, i::IAlpha::getTaoInPoolCall { netuid }, at).await,
        alpha_in_pool: d.view(ALPHA, i::IAlpha::getAlphaInPoolCall { netuid }, at).await,
        alpha_out: d.view(ALPHA, i::IAlpha::getAlphaOutPoolCall { netuid }, at).await,
    }
}

/// Subnet 3 left the coinbase when its registration was closed, so between transactions
/// nothing changes its pool or the suite's stake there: every difference below is the
/// transaction's.
async fn stake_then_revert(d: &Driver, me: B256) {
    let netuid = 3u16;
    let amount = 50 * TAO;
    let rpc = &d.rpc;
    let caller = d.owner.address();
    let call =
        |c: Bytes| async move { d.owner.send(Some(d.suite), U256::ZERO, c, 2_000_000).await };

    // The whole transaction reverts.
    let quote: U256 =
        d.view(ALPHA, i::IAlpha::simSwapTaoForAlphaCall { netuid, tao: amount }, None).await;
    let s0 = state(d, me, netuid, None).await;
    let fee = swap_fee(amount);
    assert_eq!(quote, U256::from(swap_out(s0.tao_in_pool, s0.alpha_in_pool, amount)));
    let data: Bytes = PS::stakeThenRevertCall { hotkey: me, amountRao: U256::from(amount), netuid }
        .abi_encode()
        .into();
    // Inside the frame the stake had happened (eth_call returns the custom error's data).
    let err = rpc
        .call_from(caller, d.suite, data.clone(), None)
        .await
        .expect_err("stakeThenRevert reverts");
    let inside = StakedThenReverted::abi_decode(&err).expect("StakedThenReverted");
    assert_eq!(inside.stake, s0.stake + quote, "inside the frame the quoted alpha was staked");
    assert_eq!(inside.balance, s0.suite_balance - rao_to_wei(amount));
    assert_eq!(inside.taoInPool, s0.tao_in_pool + amount - fee);
    assert_eq!(inside.alphaInPool, s0.alpha_in_pool - quote.to::<u64>());
    let caller_before = rpc.balance(caller).await;
    let r = call(data).await;
    assert_eq!(r["status"], json!("0x0"), "stakeThenRevert must revert");
    let (block, gas_fee) = receipt_block_and_fee(&r);
    let s1 = state(d, me, netuid, Some(block)).await;
    assert_eq!(s1, s0, "a reverted stake changes nothing");
    assert_eq!(state(d, me, netuid, Some(block - 1)).await, s0);
    assert_eq!(rpc.balance(caller).await, caller_before - gas_fee, "the caller paid gas only");
    assert_eq!(author_earned(d, block).await, gas_fee, "the author earned the gas, no swap fee");

    // The reverting frame is caught: the transaction succeeds, the stake is still undone.
    let data = PS::stakeThenRevertCaughtCall { hotkey: me, amountRao: U256::from(amount), netuid }
        .abi_encode()
        .into();
    let caller_before = rpc.balance(caller).await;
    let r = call(data).await;
    assert_eq!(r["status"], json!("0x1"), "the caught revert does not fail the transaction");
    let dropped = events::events::<i::IStaking::StakeAdded>(&r, STAKING);
    assert!(dropped.is_empty(), "the reverted frame's StakeAdded is dropped with it");
    let (block, gas_fee) = receipt_block_and_fee(&r);
    let mut snaps = BTreeMap::new();
    for log in r["logs"].as_array().expect("logs") {
        let topics: Vec<B256> = log["topics"]
            .as_array()
            .expect("topics")
            .iter()
            .map(|t| t.as_str().and_then(|s| s.parse().ok()).expect("topic"))
            .collect();
        if topics.first() == Some(&Snapshot::SIGNATURE_HASH) {
            let s = Snapshot::decode_raw_log(topics, &hex_bytes(&log["data"])).expect("Snapshot");
            snaps.insert(s.tag.clone(), s);
        }
    }
    let (b, i, a) = (&snaps["before"], &snaps["inside"], &snaps["after"]);
    assert_eq!(
        (b.stake, b.balance, b.taoInPool, b.alphaInPool),
        (s0.stake, s0.suite_balance, s0.tao_in_pool, s0.alpha_in_pool)
    );
    assert_eq!(i.stake, b.stake + quote);
    assert_eq!(i.balance, b.balance - rao_to_wei(amount));
    assert_eq!(i.taoInPool, b.taoInPool + amount - fee);
    assert_eq!(i.alphaInPool, b.alphaInPool - quote.to::<u64>());
    assert_eq!(
        (a.stake, a.balance, a.taoInPool, a.alphaInPool),
        (b.stake, b.balance, b.taoInPool, b.alphaInPool)
    );
    assert_eq!(state(d, me, netuid, Some(block)).await, s0, "the caught revert changes nothing");
    assert_eq!(rpc.balance(caller).await, caller_before - gas_fee);

    // A stake that succeeds moves everything by exactly the quoted amounts.
    let quote: U256 =
        d.view(ALPHA, i::IAlpha::simSwapTaoForAlphaCall { netuid, tao: amount }, None).await;
    let data =
        PS::stakeCall { hotkey: me, amountRao: U256::from(amount), netuid }.abi_encode().into();
    let caller_before = rpc.balance(caller).await;
    let r = call(data).await;
    assert_eq!(r["status"], json!("0x1"));
    let (block, gas_fee) = receipt_block_and_fee(&r);
    let s2 = state(d, me, netuid, Some(block)).await;
    let expected = State {
        stake: s0.stake + quote,
        total_alpha: s0.total_alpha + quote,
        suite_balance: s0.suite_balance - rao_to_wei(amount),
        tao_in_pool: s0.tao_in_pool + amount - fee,
        alpha_in_pool: s0.alpha_in_pool - quote.to::<u64>(),
        alpha_out: s0.alpha_out + quote.to::<u64>(),
    };
    assert_eq!(s2, expected, "a successful stake moves exactly the quoted amounts");
    let added = events::events::<i::IStaking::StakeAdded>(&r, STAKING);
    let got = added.iter().map(|e| (e.coldkey, e.hotkey, e.netuid, e.taoRao, e.alphaRao));
    assert_eq!(got.collect::<Vec<_>>(), [(me, me, netuid, U256::from(amount), quote)]);
    assert_eq!(rpc.balance(caller).await, caller_before - gas_fee);
    // The swap fee (in TAO) left the pool for the block author, with the transaction's gas.
    assert_eq!(author_earned(d, block).await, gas_fee + rao_to_wei(fee));
}

/// What the author of `block` (the dev sealer) earned in it: the block's only transaction's
/// gas (base fee and tip) plus its swap fees, as on the real chain.
async fn author_earned(d: &Driver, block: u64) -> U256 {
    let header = d.rpc.ok("eth_getBlockByNumber", json!([format!("0x{block:x}"), false])).await;
    assert_eq!(header["transactions"].as_array().map(Vec::len), Some(1), "one tx per block");
    let author: Address = header["miner"].as_str().and_then(|a| a.parse().ok()).expect("miner");
    d.rpc.balance_at(author, Some(block)).await - d.rpc.balance_at(author, Some(block - 1)).await
}
