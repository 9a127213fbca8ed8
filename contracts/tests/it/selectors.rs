//! Pins the precompile signatures independently of the `sol!` declarations: selectors against
//! keccak256 of hand-written signature strings and against values computed with Foundry's
//! `cast sig`, and every interface against the function table of spec/economics.md section 8.3
//! (the real chain's `.abi` files of its `precompiles/src/solidity/` for 0x801, 0x80c, 0x402
//! and 0x403).

use std::collections::BTreeSet;

use alloy_primitives::{hex, keccak256};
use alloy_sol_types::SolCall;
use contracts::{
    IAddressMapping, IAlpha, IBalanceTransfer, IEd25519Verify, IMetagraph, INeuron, ISR25519Verify,
    IStaking, IStakingV1, ISubnet, IUidLookup, json_abi,
};

/// `(hand-written signature, selector from `cast sig`, the call type's SIGNATURE, SELECTOR)`.
type Pin = (&'static str, [u8; 4], &'static str, [u8; 4]);

fn pin<C: SolCall>(signature: &'static str, selector: [u8; 4]) -> Pin {
    (signature, selector, C::SIGNATURE, C::SELECTOR)
}

#[test]
fn selectors_match_keccak_of_hand_written_signatures() {
    let pins = [
        pin::<IBalanceTransfer::transferCall>("transfer(bytes32)", hex!("cd6f4eb1")),
        pin::<IStaking::addStakeCall>("addStake(bytes32,uint256,uint256)", hex!("1fc9b141")),
        pin::<IStaking::removeStakeCall>("removeStake(bytes32,uint256,uint256)", hex!("7d691e30")),
        pin::<IStaking::addStakeLimitCall>(
            "addStakeLimit(bytes32,uint256,uint256,bool,uint256)",
            hex!("5beb6b74"),
        ),
        pin::<IStaking::transferStakeFromCall>(
            "transferStakeFrom(address,address,bytes32,uint256,uint256,uint256)",
            hex!("5a010c6f"),
        ),
        pin::<IStaking::approveCall>("approve(address,uint256,uint256)", hex!("426a8493")),
        pin::<IStaking::getStakeCall>("getStake(bytes32,bytes32,uint256)", hex!("e3b598fa")),
        pin::<IMetagraph::getAxonCall>("getAxon(uint16,uint16)", hex!("93afb79e")),
        pin::<IMetagraph::getStakeCall>("getStake(uint16,uint16)", hex!("e7c7c4b5")),
        pin::<ISubnet::registerNetwork_0Call>("registerNetwork(bytes32)", hex!("14569c72")),
        pin::<ISubnet::registerNetwork_1Call>(
            "registerNetwork(bytes32,string,string,string,string,string,string,string)",
            hex!("1cf98c6b"),
        ),
        pin::<ISubnet::registerNetwork_2Call>(
            "registerNetwork(bytes32,string,string,string,string,string,string,string,string)",
            hex!("493880f4"),
        ),
        pin::<INeuron::setWeightsCall>(
            "setWeights(uint16,uint16[],uint16[],uint64)",
            hex!("34af16d6"),
        ),
        pin::<INeuron::burnedRegisterCall>("burnedRegister(uint16,bytes32)", hex!("4054ecca")),
        pin::<INeuron::serveAxonTlsCall>(
            "serveAxonTls(uint16,uint32,uint128,uint16,uint8,uint8,uint8,uint8,bytes)",
            hex!("18ba7f8a"),
        ),
        pin::<IUidLookup::uidLookupCall>("uidLookup(uint16,address,uint16)", hex!("b1f789ef")),
        pin::<IAlpha::getAlphaPriceCall>("getAlphaPrice(uint16)", hex!("69e38bc3")),
        pin::<IAlpha::simSwapTaoForAlphaCall>(
            "simSwapTaoForAlpha(uint16,uint64)",
            hex!("27c3f0fb"),
        ),
        pin::<IStakingV1::addStakeCall>("addStake(bytes32,uint256)", hex!("c84654a8")),
        pin::<IStakingV1::removeStakeCall>(
            "removeStake(bytes32,uint256,uint256)",
            hex!("7d691e30"),
        ),
        pin::<IStakingV1::getTotalColdkeyStakeCall>(
            "getTotalColdkeyStake(bytes32)",
            hex!("998538c4"),
        ),
        pin::<IStakingV1::getTotalHotkeyStakeCall>(
            "getTotalHotkeyStake(bytes32)",
            hex!("9f246f6f"),
        ),
        pin::<IStakingV1::getStakeCall>("getStake(bytes32,bytes32,uint256)", hex!("e3b598fa")),
        pin::<IStakingV1::addProxyCall>("addProxy(bytes32)", hex!("c10d08eb")),
        pin::<IStakingV1::removeProxyCall>("removeProxy(bytes32)", hex!("65ed5bb5")),
        pin::<IAddressMapping::addressMappingCall>("addressMapping(address)", hex!("0494cd9a")),
        pin::<IEd25519Verify::verifyCall>(
            "verify(bytes32,bytes32,bytes32,bytes32)",
            hex!("869adcb9"),
        ),
        pin::<ISR25519Verify::verifyCall>(
            "verify(bytes32,bytes32,bytes32,bytes32)",
            hex!("869adcb9"),
        ),
    ];
    for (signature, known, declared_signature, declared_selector) in pins {
        let by_hand: [u8; 4] = keccak256(signature)[..4].try_into().expect("4 bytes");
        assert_eq!(by_hand, known, "keccak256({signature:?}) differs from the pinned selector");
        assert_eq!(declared_signature, signature, "declared signature drifted");
        assert_eq!(declared_selector, known, "{signature}: declared selector drifted");
    }
}

/// The spec's function table for one interface: `"signature mutability[ returns (types)]"` per
/// function, where mutability is `view`, `payable` or `nonpayable`.
fn spec(lines: &str) -> BTreeSet<String> {
    lines.lines().map(str::trim).filter(|line| !line.is_empty()).map(String::from).collect()
}

fn declared(name: &str) -> BTreeSet<String> {
    let abi = json_abi(name).expect("known interface");
    abi.functions()
        .map(|f| {
            let mut line = format!("{} {}", f.signature(), f.state_mutability.as_json_str());
            if !f.outputs.is_empty() {
                let types: Vec<_> = f.outputs.iter().map(|p| p.selector_type()).collect();
                line.push_str(&format!(" returns ({})", types.join(",")));
            }
            line
        })
        .collect()
}

#[test]
fn interfaces_match_the_spec_function_table() {
    let mut table = vec![
        ("IBalanceTransfer", spec("transfer(bytes32) payable")),
        (
            "IMetagraph",
            spec(
                "getUidCount(uint16) view returns (uint16)
                 getStake(uint16,uint16) view returns (uint64)
                 getRank(uint16,uint16) view returns (uint16)
                 getTrust(uint16,uint16) view returns (uint16)
                 getConsensus(uint16,uint16) view returns (uint16)
                 getIncentive(uint16,uint16) view returns (uint16)
                 getDividends(uint16,uint16) view returns (uint16)
                 getEmission(uint16,uint16) view returns (uint64)
                 getVtrust(uint16,uint16) view returns (uint16)
                 getValidatorStatus(uint16,uint16) view returns (bool)
                 getLastUpdate(uint16,uint16) view returns (uint64)
                 getIsActive(uint16,uint16) view returns (bool)
                 getAxon(uint16,uint16) view returns ((uint64,uint32,uint128,uint16,uint8,uint8))
                 getHotkey(uint16,uint16) view returns (bytes32)
                 getColdkey(uint16,uint16) view returns (bytes32)",
            ),
        ),
        ("ISubnet", subnet_table()),
        (
            "INeuron",
            spec(
                "setWeights(uint16,uint16[],uint16[],uint64) payable
                 commitWeights(uint16,bytes32) payable
                 revealWeights(uint16,uint16[],uint16[],uint16[],uint64) payable
                 burnedRegister(uint16,bytes32) payable
                 registerLimit(uint16,bytes32,uint64) payable
                 serveAxon(uint16,uint32,uint128,uint16,uint8,uint8,uint8,uint8) payable
                 serveAxonTls(uint16,uint32,uint128,uint16,uint8,uint8,uint8,uint8,bytes) payable
                 servePrometheus(uint16,uint32,uint128,uint16,uint8) payable",
            ),
        ),
        (
            "IStaking",
            spec(
                "addStake(bytes32,uint256,uint256) payable
                 removeStake(bytes32,uint256,uint256) payable
                 removeStakeFull(bytes32,uint256) payable
                 removeStakeFullLimit(bytes32,uint256,uint256) payable
                 addStakeLimit(bytes32,uint256,uint256,bool,uint256) payable
                 removeStakeLimit(bytes32,uint256,uint256,bool,uint256) payable
                 moveStake(bytes32,bytes32,uint256,uint256,uint256) payable
                 transferStake(bytes32,bytes32,uint256,uint256,uint256) payable
                 burnAlpha(bytes32,uint256,uint256) payable
                 getTotalColdkeyStake(bytes32) view returns (uint256)
                 getTotalHotkeyStake(bytes32) view returns (uint256)
                 getStake(bytes32,bytes32,uint256) view returns (uint256)
                 getAlphaStakedValidators(bytes32,uint256) view returns (bytes32[])
                 getTotalAlphaStaked(bytes32,uint256) view returns (uint256)
                 getTotalColdkeyStakeOnSubnet(bytes32,uint256) view returns (uint256)
                 getNominatorMinRequiredStake() view returns (uint256)
                 addProxy(bytes32) payable
                 removeProxy(bytes32) payable
                 approve(address,uint256,uint256) nonpayable
                 allowance(address,address,uint256) view returns (uint256)
                 increaseAllowance(address,uint256,uint256) nonpayable
                 decreaseAllowance(address,uint256,uint256) nonpayable
                 transferStakeFrom(address,address,bytes32,uint256,uint256,uint256) nonpayable",
            ),
        ),
        ("IUidLookup", spec("uidLookup(uint16,address,uint16) view returns ((uint16,uint64)[])")),
        (
            "IAlpha",
            spec(
                "getAlphaPrice(uint16) view returns (uint256)
                 getMovingAlphaPrice(uint16) view returns (uint256)
                 getTaoInPool(uint16) view returns (uint64)
                 getAlphaInPool(uint16) view returns (uint64)
                 getAlphaOutPool(uint16) view returns (uint64)
                 getAlphaIssuance(uint16) view returns (uint64)
                 getTaoWeight() view returns (uint256)
                 getCKBurn() view returns (uint256)
                 simSwapTaoForAlpha(uint16,uint64) view returns (uint256)
                 simSwapAlphaForTao(uint16,uint64) view returns (uint256)
                 getSubnetMechanism(uint16) view returns (uint16)
                 getRootNetuid() view returns (uint16)
                 getEMAPriceHalvingBlocks(uint16) view returns (uint64)
                 getSubnetVolume(uint16) view returns (uint256)
                 getTaoInEmission(uint16) view returns (uint256)
                 getAlphaInEmission(uint16) view returns (uint256)
                 getAlphaOutEmission(uint16) view returns (uint256)
                 getSumAlphaPrice() view returns (uint256)",
            ),
        ),
    ];
    table.extend(real_chain_abi_tables().into_iter().chain([own_table(), wasm_table()]));
    assert_eq!(table.len(), contracts::ALL.len());
    for (name, expected) in table {
        let declared = declared(name);
        let missing: Vec<_> = expected.difference(&declared).collect();
        let extra: Vec<_> = declared.difference(&expected).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{name} differs from the spec table\n  missing: {missing:?}\n  not in spec: {extra:?}"
        );
    }
}

/// taochain's EVM→ink! bridge (issue 10's ABI, exactly).
fn wasm_table() -> (&'static str, BTreeSet<String>) {
    (
        "IWasm",
        spec(
            "upload(bytes) nonpayable returns (bytes32)
             instantiateWithCode(bytes,bytes,bytes32,uint64) payable returns (bytes32)
             instantiate(bytes32,bytes,bytes32,uint64) payable returns (bytes32)
             call(bytes32,bytes,uint64) payable returns (bytes)
             query(bytes32,bytes) view returns (bytes)",
        ),
    )
}

/// taochain's own interface (not on the real chain): the real calls it exposes.
fn own_table() -> (&'static str, BTreeSet<String>) {
    (
        "ISubnetControl",
        spec(
            "startCall(uint16) nonpayable
             setSubnetEmissionEnabled(uint16,bool) nonpayable
             getFirstEmissionBlock(uint16) view returns (uint64)
             isSubtokenEnabled(uint16) view returns (bool)
             getSubnetEmissionEnabled(uint16) view returns (bool)
             hasMainnetStartup(uint16) view returns (bool)
             triggerEpoch(uint16) nonpayable
             setTempo(uint16,uint16) nonpayable
             getPendingEpochAt(uint16) view returns (uint64)
             setChildren(bytes32,uint16,uint64[],bytes32[]) nonpayable
             setChildkeyTake(bytes32,uint16,uint16) nonpayable
             setAutoParentDelegationEnabled(bytes32,bool) nonpayable
             setPendingChildKeyCooldown(uint64) nonpayable
             setCKBurn(uint64) nonpayable
             setOwnerHyperparamRateLimit(uint16) nonpayable
             getOwnerHyperparamRateLimit() view returns (uint16)
             claimRoot(uint16[]) nonpayable
             setRootClaimType(uint8,uint16[]) nonpayable
             getRootClaimType(bytes32) view returns (uint8,uint16[])
             getRootOwed(bytes32,bytes32,uint16) view returns (uint64)
             getRootClaimable(bytes32,uint16) view returns (uint256)
             getRootUnclaimed(uint16) view returns (uint64)
             getChildren(bytes32,uint16) view returns (uint64[],bytes32[])
             getParents(bytes32,uint16) view returns (uint64[],bytes32[])
             getPendingChildren(bytes32,uint16) view returns (uint64[],bytes32[],uint64)
             getChildkeyTake(bytes32,uint16) view returns (uint16)
             getInheritedStake(bytes32,uint16) view returns (uint64,uint64)",
        ),
    )
}

/// The interfaces taken from the real chain's `.abi` files (0x402, 0x403, 0x801, 0x80c).
fn real_chain_abi_tables() -> [(&'static str, BTreeSet<String>); 4] {
    let verify = "verify(bytes32,bytes32,bytes32,bytes32) pure returns (bool)";
    [
        ("IEd25519Verify", spec(verify)),
        ("ISR25519Verify", spec(verify)),
        (
            "IStakingV1",
            spec(
                "addStake(bytes32,uint256) payable
                 removeStake(bytes32,uint256,uint256) nonpayable
                 getTotalColdkeyStake(bytes32) view returns (uint256)
                 getTotalHotkeyStake(bytes32) view returns (uint256)
                 getStake(bytes32,bytes32,uint256) view returns (uint256)
                 addProxy(bytes32) nonpayable
                 removeProxy(bytes32) nonpayable",
            ),
        ),
        ("IAddressMapping", spec("addressMapping(address) view returns (bytes32)")),
    ]
}

/// The 0x803 table: three `registerNetwork` overloads, then getter (view) / setter (payable)
/// pairs by value type, the getter-only entries and `toggleTransfers`.
fn subnet_table() -> BTreeSet<String> {
    let mut table = spec(
        "registerNetwork(bytes32) payable
         registerNetwork(bytes32,string,string,string,string,string,string,string) payable
         registerNetwork(bytes32,string,string,string,string,string,string,string,string) payable
         getNetworkRegistrationBlock(uint16) view returns (uint64)
         getMaxWeightLimit(uint16) view returns (uint16)
         getAlphaValues(uint16) view returns (uint16,uint16)
         setAlphaValues(uint16,uint16,uint16) payable
         toggleTransfers(uint16,bool) payable",
    );
    let pairs: [(&str, &[&str]); 4] = [
        (
            "uint64",
            &[
                "ServingRateLimit",
                "MinDifficulty",
                "MaxDifficulty",
                "WeightsVersionKey",
                "WeightsSetRateLimit",
                "AdjustmentAlpha",
                "MinBurn",
                "MaxBurn",
                "Difficulty",
                "BondsMovingAverage",
                "CommitRevealWeightsInterval",
            ],
        ),
        (
            "uint16",
            &[
                "ImmunityPeriod",
                "MinAllowedWeights",
                "Kappa",
                "Rho",
                "AlphaSigmoidSteepness",
                "ActivityCutoff",
            ],
        ),
        ("uint32", &["ActivityCutoffFactor"]),
        (
            "bool",
            &[
                "NetworkRegistrationAllowed",
                "NetworkPowRegistrationAllowed",
                "CommitRevealWeightsEnabled",
                "LiquidAlphaEnabled",
                "Yuma3Enabled",
                "BondsResetEnabled",
            ],
        ),
    ];
    for (ty, names) in pairs {
        for name in names {
            table.insert(format!("get{name}(uint16) view returns ({ty})"));
            table.insert(format!("set{name}(uint16,{ty}) payable"));
        }
    }
    table
}

/// `name(type name,...)` of every function of an interface.
fn named_signatures(name: &str) -> BTreeSet<String> {
    let abi = json_abi(name).expect("known interface");
    abi.functions()
        .map(|f| {
            let params: Vec<_> =
                f.inputs.iter().map(|p| format!("{} {}", p.selector_type(), p.name)).collect();
            format!("{}({})", f.name, params.join(","))
        })
        .collect()
}

/// `;`-terminated `name(type name, ...)` entries, whitespace-insensitive around `(`, `,`, `)`.
fn entries(text: &str) -> BTreeSet<String> {
    text.split(';')
        .map(|entry| {
            let words = entry.split_whitespace().collect::<Vec<_>>().join(" ");
            words.replace("( ", "(").replace(", ", ",").replace(" ,", ",").replace(" )", ")")
        })
        .filter(|entry| !entry.is_empty())
        .collect()
}

#[test]
fn parameter_names_match_the_spec() {
    let staking = entries(
        "addStake(bytes32 hotkey,uint256 amountRao,uint256 netuid);
         removeStake(bytes32 hotkey,uint256 amountAlpha,uint256 netuid);
         removeStakeFull(bytes32 hotkey,uint256 netuid);
         removeStakeFullLimit(bytes32 hotkey,uint256 netuid,uint256 limitPrice);
         addStakeLimit(bytes32 hotkey,uint256 amountRao,uint256 limitPrice,bool allowPartial,
             uint256 netuid);
         removeStakeLimit(bytes32 hotkey,uint256 amountAlpha,uint256 limitPrice,bool allowPartial,
             uint256 netuid);
         moveStake(bytes32 originHotkey,bytes32 destHotkey,uint256 originNetuid,uint256 destNetuid,
             uint256 amountAlpha);
         transferStake(bytes32 destColdkey,bytes32 hotkey,uint256 originNetuid,uint256 destNetuid,
             uint256 amountAlpha);
         burnAlpha(bytes32 hotkey,uint256 amount,uint256 netuid);
         getTotalColdkeyStake(bytes32 coldkey);
         getTotalHotkeyStake(bytes32 hotkey);
         getStake(bytes32 hotkey,bytes32 coldkey,uint256 netuid);
         getAlphaStakedValidators(bytes32 hotkey,uint256 netuid);
         getTotalAlphaStaked(bytes32 hotkey,uint256 netuid);
         getTotalColdkeyStakeOnSubnet(bytes32 coldkey,uint256 netuid);
         getNominatorMinRequiredStake();
         addProxy(bytes32 delegate);
         removeProxy(bytes32 delegate);
         approve(address spender,uint256 netuid,uint256 amountAlpha);
         allowance(address source,address spender,uint256 netuid);
         increaseAllowance(address spender,uint256 netuid,uint256 delta);
         decreaseAllowance(address spender,uint256 netuid,uint256 delta);
         transferStakeFrom(address source,address dest,bytes32 hotkey,uint256 originNetuid,
             uint256 destNetuid,uint256 amountAlpha);",
    );
    assert_eq!(named_signatures("IStaking"), staking);

    let neuron = entries(
        "setWeights(uint16 netuid,uint16[] dests,uint16[] weights,uint64 versionKey);
         commitWeights(uint16 netuid,bytes32 commitHash);
         revealWeights(uint16 netuid,uint16[] uids,uint16[] values,uint16[] salt,
             uint64 versionKey);
         burnedRegister(uint16 netuid,bytes32 hotkey);
         registerLimit(uint16 netuid,bytes32 hotkey,uint64 limitPrice);
         serveAxon(uint16 netuid,uint32 version,uint128 ip,uint16 port,uint8 ipType,uint8 protocol,
             uint8 placeholder1,uint8 placeholder2);
         serveAxonTls(uint16 netuid,uint32 version,uint128 ip,uint16 port,uint8 ipType,
             uint8 protocol,uint8 placeholder1,uint8 placeholder2,bytes certificate);
         servePrometheus(uint16 netuid,uint32 version,uint128 ip,uint16 port,uint8 ipType);",
    );
    assert_eq!(named_signatures("INeuron"), neuron);

    // The real chain's staking.abi (0x801).
    let v1 = entries(
        "addStake(bytes32 hotkey,uint256 netuid);
         removeStake(bytes32 hotkey,uint256 amount,uint256 netuid);
         getTotalColdkeyStake(bytes32 coldkey);
         getTotalHotkeyStake(bytes32 hotkey);
         getStake(bytes32 hotkey,bytes32 coldkey,uint256 netuid);
         addProxy(bytes32 delegate);
         removeProxy(bytes32 delegate);",
    );
    assert_eq!(named_signatures("IStakingV1"), v1);
    let verify = entries("verify(bytes32 message,bytes32 publicKey,bytes32 r,bytes32 s);");
    assert_eq!(named_signatures("IEd25519Verify"), verify);
    assert_eq!(named_signatures("ISR25519Verify"), verify);

    // The real chain's .sol files name these `data`, `evm_address` and `target_address`.
    assert_eq!(
        named_signatures("IAddressMapping"),
        entries("addressMapping(address target_address);")
    );
    assert_eq!(named_signatures("IBalanceTransfer"), entries("transfer(bytes32 data);"));
    assert_eq!(
        named_signatures("IUidLookup"),
        entries("uidLookup(uint16 netuid, address evm_address, uint16 limit);")
    );

    let axon = &json_abi("IMetagraph").expect("IMetagraph").functions["getAxon"][0].outputs[0];
    let fields: Vec<_> = axon.components.iter().map(|p| format!("{} {}", p.ty, p.name)).collect();
    assert_eq!(
        fields,
        [
            "uint64 block",
            "uint32 version",
            "uint128 ip",
            "uint16 port",
            "uint8 ip_type",
            "uint8 protocol"
        ]
    );
    let item = &json_abi("IUidLookup").expect("IUidLookup").functions["uidLookup"][0].outputs[0];
    let fields: Vec<_> = item.components.iter().map(|p| format!("{} {}", p.ty, p.name)).collect();
    assert_eq!(fields, ["uint16 uid", "uint64 block_associated"]);
}
