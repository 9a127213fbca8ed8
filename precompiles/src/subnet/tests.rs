//! Unit tests of the 0x803 subnet precompile.

use super::*;
use crate::testkit::{self, OWNER, STRANGER, gas, tx, view};
use alloy_primitives::{Address, B256, U256};
use tao_primitives::NetUid;
use tao_primitives::{AccountId32, address_to_account_id};
use tao_runtime::Balances;
use tao_runtime::MemNative;
use tao_runtime::hyperparams::Hyper as H;

fn exec(s: &mut MemNative, c: &Call) -> Result<Bytes, Failure> {
    run(s, c, &mut gas())
}

fn revert(msg: &'static str) -> Result<Bytes, Failure> {
    Err(Failure::from_message(msg))
}

fn hp(s: &mut MemNative, n: u16, h: Hyper) -> u64 {
    hyperparams::get(s, NetUid(n), h).unwrap()
}

#[test]
fn every_getter_returns_the_native_value() {
    let (mut s, n) = testkit::with_subnet();
    // Make a few values differ from their defaults first.
    for c in [
        S::setImmunityPeriodCall { netuid: n, immunityPeriod: 777 }.abi_encode(),
        S::setDifficultyCall { netuid: n, difficulty: 99 }.abi_encode(),
        S::setLiquidAlphaEnabledCall { netuid: n, enabled: true }.abi_encode(),
    ] {
        exec(&mut s, &tx(OWNER, c)).unwrap();
    }
    let m = &mut s;
    let cases: Vec<(Vec<u8>, u64)> = vec![
        (
            S::getNetworkRegistrationBlockCall { netuid: n }.abi_encode(),
            subnets::registered_at(m, NetUid(n)).unwrap(),
        ),
        (S::getServingRateLimitCall { netuid: n }.abi_encode(), hp(m, n, H::ServingRateLimit)),
        (S::getMinDifficultyCall { netuid: n }.abi_encode(), hp(m, n, H::MinDifficulty)),
        (S::getMaxDifficultyCall { netuid: n }.abi_encode(), hp(m, n, H::MaxDifficulty)),
        (S::getWeightsVersionKeyCall { netuid: n }.abi_encode(), hp(m, n, H::WeightsVersionKey)),
        (
            S::getWeightsSetRateLimitCall { netuid: n }.abi_encode(),
            hp(m, n, H::WeightsSetRateLimit),
        ),
        (S::getAdjustmentAlphaCall { netuid: n }.abi_encode(), hp(m, n, H::AdjustmentAlpha)),
        (S::getMaxWeightLimitCall { netuid: n }.abi_encode(), hp(m, n, H::MaxWeightsLimit)),
        (S::getImmunityPeriodCall { netuid: n }.abi_encode(), 777),
        (S::getMinAllowedWeightsCall { netuid: n }.abi_encode(), hp(m, n, H::MinAllowedWeights)),
        (S::getKappaCall { netuid: n }.abi_encode(), hp(m, n, H::Kappa)),
        (S::getRhoCall { netuid: n }.abi_encode(), hp(m, n, H::Rho)),
        (
            S::getAlphaSigmoidSteepnessCall { netuid: n }.abi_encode(),
            hp(m, n, H::AlphaSigmoidSteepness),
        ),
        (S::getActivityCutoffCall { netuid: n }.abi_encode(), hp(m, n, H::ActivityCutoff)),
        (
            S::getActivityCutoffFactorCall { netuid: n }.abi_encode(),
            hp(m, n, H::ActivityCutoffFactorMilli),
        ),
        (
            S::getNetworkRegistrationAllowedCall { netuid: n }.abi_encode(),
            hp(m, n, H::NetworkRegistrationAllowed),
        ),
        (
            S::getNetworkPowRegistrationAllowedCall { netuid: n }.abi_encode(),
            hp(m, n, H::NetworkPowRegistrationAllowed),
        ),
        (S::getMinBurnCall { netuid: n }.abi_encode(), hp(m, n, H::MinBurn)),
        (S::getMaxBurnCall { netuid: n }.abi_encode(), hp(m, n, H::MaxBurn)),
        (S::getDifficultyCall { netuid: n }.abi_encode(), 99),
        (S::getBondsMovingAverageCall { netuid: n }.abi_encode(), hp(m, n, H::BondsMovingAverage)),
        (
            S::getCommitRevealWeightsEnabledCall { netuid: n }.abi_encode(),
            hp(m, n, H::CommitRevealEnabled),
        ),
        (S::getLiquidAlphaEnabledCall { netuid: n }.abi_encode(), 1),
        (S::getYuma3EnabledCall { netuid: n }.abi_encode(), hp(m, n, H::Yuma3Enabled)),
        (S::getBondsResetEnabledCall { netuid: n }.abi_encode(), hp(m, n, H::BondsResetEnabled)),
        (
            S::getCommitRevealWeightsIntervalCall { netuid: n }.abi_encode(),
            hp(m, n, H::RevealPeriodEpochs),
        ),
    ];
    for (data, want) in cases {
        let out = exec(m, &view(data.clone())).unwrap();
        assert_eq!(out.len(), 32, "one word for selector {:?}", &data[..4]);
        assert_eq!(U256::from_be_slice(&out), U256::from(want), "selector {:?}", &data[..4]);
    }
    let out = exec(m, &view(S::getAlphaValuesCall { netuid: n }.abi_encode())).unwrap();
    let got = S::getAlphaValuesCall::abi_decode_returns(&out).unwrap();
    assert_eq!(
        (u64::from(got._0), u64::from(got._1)),
        (hp(m, n, H::AlphaLow), hp(m, n, H::AlphaHigh))
    );
}

#[test]
fn owner_sets_and_others_are_refused_with_a_reason() {
    let (mut s, n) = testkit::with_subnet();
    let set = S::setImmunityPeriodCall { netuid: n, immunityPeriod: 1234 }.abi_encode();
    let before = s.slots.clone();
    assert_eq!(
        exec(&mut s, &tx(STRANGER, set.clone())),
        revert("NotSubnetOwner: setImmunityPeriod: caller is not the subnet owner")
    );
    assert_eq!(s.slots, before, "a refused setter changes nothing");
    exec(&mut s, &tx(OWNER, set)).unwrap();
    assert_eq!(hp(&mut s, n, H::ImmunityPeriod), 1234);
    let out = exec(&mut s, &view(S::getImmunityPeriodCall { netuid: n }.abi_encode())).unwrap();
    assert_eq!(S::getImmunityPeriodCall::abi_decode_returns(&out).unwrap(), 1234);

    assert_eq!(
        exec(&mut s, &tx(OWNER, S::setKappaCall { netuid: n, kappa: 1 }.abi_encode())),
        revert("BadOrigin: setKappa: kappa can only be set by root")
    );
    let bma = S::setBondsMovingAverageCall { netuid: n, bondsMovingAverage: 990_000 };
    assert_eq!(
        exec(&mut s, &tx(OWNER, bma.abi_encode())),
        revert(
            "InvalidValue: setBondsMovingAverage: bonds_moving_average must be between 0 and 975000"
        )
    );
    let missing = S::setRhoCall { netuid: 42, rho: 3 }.abi_encode();
    assert_eq!(
        exec(&mut s, &tx(OWNER, missing)),
        revert("SubnetNotExists: setRho: subnet does not exist")
    );

    exec(
        &mut s,
        &tx(OWNER, S::setAlphaValuesCall { netuid: n, low: 2_000, high: 60_000 }.abi_encode()),
    )
    .unwrap();
    assert_eq!((hp(&mut s, n, H::AlphaLow), hp(&mut s, n, H::AlphaHigh)), (2_000, 60_000));
    let bad = S::setAlphaValuesCall { netuid: n, low: 9_000, high: 3_000 };
    // The owner rate limit (2 tempos of 10 blocks on the dev genesis) is checked first, as
    // on the real chain; after it the value check refuses.
    let next = s.block + 20;
    assert_eq!(
        exec(&mut s, &tx(OWNER, bad.abi_encode())),
        Err(Failure::revert(
            "TxRateLimitExceeded",
            format!(
                "setAlphaValues: subnet 1: alpha_values rate limit, next allowed at block {next}"
            )
        ))
    );
    s.block = next;
    assert_eq!(
        exec(&mut s, &tx(OWNER, bad.abi_encode())),
        revert("AlphaLowOutOfRange: setAlphaValues: alpha_low must not exceed alpha_high")
    );
    exec(&mut s, &tx(OWNER, S::toggleTransfersCall { netuid: n, toggle: false }.abi_encode()))
        .unwrap();
    assert!(!hyperparams::get_bool(&mut s, NetUid(n), H::TransfersEnabled).unwrap());
    let cr = S::setCommitRevealWeightsEnabledCall { netuid: n, enabled: false };
    exec(&mut s, &tx(OWNER, cr.abi_encode())).unwrap();
    assert!(!hyperparams::get_bool(&mut s, NetUid(n), H::CommitRevealEnabled).unwrap());
    let iv = S::setCommitRevealWeightsIntervalCall { netuid: n, interval: 3 };
    exec(&mut s, &tx(OWNER, iv.abi_encode())).unwrap();
    assert_eq!(hp(&mut s, n, H::RevealPeriodEpochs), 3);
}

#[test]
fn deprecated_setters_succeed_for_anyone_and_change_nothing() {
    let (mut s, n) = testkit::with_subnet();
    let before = (s.slots.clone(), s.balances.clone());
    for c in [
        S::setMinBurnCall { netuid: n, minBurn: 1 }.abi_encode(),
        S::setMaxBurnCall { netuid: n, maxBurn: 1 }.abi_encode(),
        S::setWeightsSetRateLimitCall { netuid: n, weightsSetRateLimit: 1 }.abi_encode(),
    ] {
        assert_eq!(exec(&mut s, &tx(STRANGER, c.clone())), Ok(Bytes::new()));
        assert_eq!(exec(&mut s, &tx(OWNER, c.clone())), Ok(Bytes::new()));
        // Still a write: refused in a static call.
        assert!(matches!(exec(&mut s, &view(c)), Err(Failure::Revert { .. })));
    }
    assert_eq!((s.slots.clone(), s.balances.clone()), before);
}

fn identity(logo: &str) -> SubnetIdentity {
    SubnetIdentity {
        name: "compute".into(),
        github_repo: "https://example.org/repo".into(),
        contact: "ops@example.org".into(),
        url: "https://example.org".into(),
        discord: "compute#1".into(),
        description: "verifiable matmul".into(),
        additional: "".into(),
        logo_url: logo.into(),
    }
}

fn register_2(hotkey: [u8; 32], id: &SubnetIdentity) -> Vec<u8> {
    S::registerNetwork_2Call {
        hotkey: B256::from(hotkey),
        subnetName: id.name.clone(),
        githubRepo: id.github_repo.clone(),
        subnetContact: id.contact.clone(),
        subnetUrl: id.url.clone(),
        discord: id.discord.clone(),
        description: id.description.clone(),
        additional: id.additional.clone(),
        logoUrl: id.logo_url.clone(),
    }
    .abi_encode()
}

#[test]
fn register_network_overloads_charge_the_lock_from_the_caller() {
    let (mut s, _) = testkit::with_subnet();
    let me = address_to_account_id(STRANGER);
    let cost = subnets::lock_cost(&mut s).map(u64::from).unwrap();
    let have = s.free_balance(&me).map(u64::from).unwrap();
    let id = identity("https://example.org/logo.png");
    exec(&mut s, &tx(STRANGER, register_2([0xbb; 32], &id))).unwrap();
    assert_eq!(s.free_balance(&me).map(u64::from).unwrap(), have - cost);
    assert_eq!(subnets::owner(&mut s, NetUid(2)).unwrap(), me);
    assert_eq!(subnets::owner_hotkey(&mut s, NetUid(2)).unwrap(), AccountId32([0xbb; 32]));
    assert_eq!(subnets::identity(&mut s, NetUid(2)).unwrap(), Some(id));

    let id = identity("");
    let c = S::registerNetwork_1Call {
        hotkey: B256::repeat_byte(0xcc),
        subnetName: id.name.clone(),
        githubRepo: id.github_repo.clone(),
        subnetContact: id.contact.clone(),
        subnetUrl: id.url.clone(),
        discord: id.discord.clone(),
        description: id.description.clone(),
        additional: id.additional.clone(),
    };
    exec(&mut s, &tx(STRANGER, c.abi_encode())).unwrap();
    assert_eq!(subnets::identity(&mut s, NetUid(3)).unwrap(), Some(id));
    // The hotkey now belongs to STRANGER: nobody else may register a subnet with it.
    let c = S::registerNetwork_0Call { hotkey: B256::repeat_byte(0xcc) };
    assert_eq!(
        exec(&mut s, &tx(OWNER, c.abi_encode())),
        revert("NonAssociatedColdKey: registerNetwork: hotkey is owned by another coldkey")
    );
    let mut long = identity("");
    long.name = "x".repeat(257);
    assert_eq!(
        exec(&mut s, &tx(STRANGER, register_2([0xdd; 32], &long))),
        revert("InvalidIdentity: registerNetwork: subnet name is longer than 256 bytes")
    );
}

#[test]
fn refusals_change_nothing() {
    let (mut s, _) = testkit::with_subnet();
    let before = (s.slots.clone(), s.balances.clone());
    let reg = S::registerNetwork_0Call { hotkey: B256::repeat_byte(0xbb) }.abi_encode();
    let mut paid = tx(STRANGER, reg.clone());
    paid.value = U256::from(1);
    assert_eq!(exec(&mut s, &paid), revert("NotPayable: this function does not accept value"));
    let mut stat = tx(STRANGER, reg.clone());
    stat.is_static = true;
    assert_eq!(exec(&mut s, &stat), revert("WriteInStaticCall: state change in a static call"));
    let poor = Address::repeat_byte(0x99);
    let r = exec(&mut s, &tx(poor, reg.clone()));
    assert!(
        matches!(&r, Err(Failure::Revert { reason: m, .. }) if m.starts_with("registerNetwork: insufficient balance")),
        "{r:?}"
    );
    let mut g = Gas::new(cost::REGISTER - 1);
    assert_eq!(run(&mut s, &tx(STRANGER, reg), &mut g), Err(Failure::OutOfGas));
    let mut g = Gas::new(SETTER_GAS - 1);
    let set = S::setRhoCall { netuid: 1, rho: 3 }.abi_encode();
    assert_eq!(run(&mut s, &tx(OWNER, set), &mut g), Err(Failure::OutOfGas));
    assert_eq!((s.slots.clone(), s.balances.clone()), before);
}

#[test]
fn garbage_calldata_reverts_with_a_reason() {
    let (mut s, _) = testkit::with_subnet();
    assert_eq!(
        exec(&mut s, &tx(OWNER, vec![])),
        revert("UnknownSelector: ISubnet: unknown function")
    );
    assert_eq!(
        exec(&mut s, &tx(OWNER, vec![1, 2, 3, 4, 5])),
        revert("UnknownSelector: ISubnet: unknown function")
    );
    let mut short = S::registerNetwork_0Call { hotkey: B256::ZERO }.abi_encode();
    short.truncate(20);
    assert_eq!(
        exec(&mut s, &tx(OWNER, short)),
        revert("InvalidInput: ISubnet: malformed arguments for registerNetwork(bytes32)")
    );
    let mut dirty = S::setYuma3EnabledCall { netuid: 1, enabled: true }.abi_encode();
    dirty[4 + 63] = 2; // a bool word holding 2
    assert_eq!(
        exec(&mut s, &tx(OWNER, dirty)),
        revert("InvalidInput: ISubnet: malformed arguments for setYuma3Enabled(uint16,bool)")
    );
}

#[test]
fn dispatch_routes_the_new_precompiles() {
    use contracts::{IMetagraph, IStaking, IUidLookup};
    let (mut s, n) = testkit::with_subnet();
    let mut call = |to, data: Vec<u8>| crate::dispatch(to, &mut s, &view(data), &mut gas());
    let out = call(crate::METAGRAPH, IMetagraph::getUidCountCall { netuid: n }.abi_encode());
    assert_eq!(IMetagraph::getUidCountCall::abi_decode_returns(&out.unwrap()).unwrap(), 1);
    let out = call(crate::SUBNET, S::getKappaCall { netuid: n }.abi_encode());
    assert_eq!(S::getKappaCall::abi_decode_returns(&out.unwrap()).unwrap(), 32_767);
    assert_eq!(
        call(crate::NEURON, vec![1, 2, 3, 4]),
        revert("UnknownSelector: INeuron: unknown function")
    );
    let out = call(crate::STAKING_V2, IStaking::getNominatorMinRequiredStakeCall {}.abi_encode());
    assert!(out.is_ok());
    let lookup = IUidLookup::uidLookupCall { netuid: n, evm_address: OWNER, limit: 4 };
    let out = call(crate::UID_LOOKUP, lookup.abi_encode()).unwrap();
    assert!(IUidLookup::uidLookupCall::abi_decode_returns(&out).unwrap().is_empty());
}
