//! End to end on a `--dev` node, through the precompiles only: register a subnet, register a
//! validator and two miners, stake, set weights, wait for an epoch, then read incentives,
//! dividends and emissions through the metagraph precompile (0x802) and check that stakes,
//! pools, balances and the total issuance moved by exactly the emitted amounts.
//!
//! Every participant is a dev account whose hotkey is its own twin
//! (`blake2b-256("evm:" ‖ address)`), so `msg.sender` proves it: dev 1 owns the subnet (its hotkey is uid 0),
//! dev 2 validates (uid 1), devs 3 and 4 mine (uids 2 and 3), dev 5 nominates the validator.
//!
//! The dev profile: tempo 10 with the real chain's stagger (the first epoch of subnet 1,
//! registered in block `r`, is block `r − 1 + 10`, then every 10 blocks), weights rate limit 5,
//! one alpha per block, subnets earn from the block after their registration (the dev
//! start-up), and the block step runs at the start of every block, before its transactions. Each transaction here is
//! mined in a block of its own, so block numbers are known in advance and pinned.

use alloy::sol_types::SolCall;
use alloy_primitives::{Address, B256, U256};
use serde_json::{Value, json};
use taochain_tests::*;

/// The precompile interfaces, from the generated Solidity files (shared with `tao_dev`).
pub(crate) mod i {
    alloy::sol!("../contracts/interfaces/IAlpha.sol");
    alloy::sol!("../contracts/interfaces/IMetagraph.sol");
    alloy::sol!("../contracts/interfaces/INeuron.sol");
    alloy::sol!("../contracts/interfaces/IStaking.sol");
    alloy::sol!("../contracts/interfaces/ISubnet.sol");
}
use i::{IAlpha, IMetagraph, INeuron, IStaking, ISubnet};

const fn precompile(last: u8) -> Address {
    Address::new([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, last])
}
pub(crate) const METAGRAPH: Address = precompile(0x02);
pub(crate) const SUBNET: Address = precompile(0x03);
const NEURON: Address = precompile(0x04);
pub(crate) const STAKING: Address = precompile(0x05);
pub(crate) const ALPHA: Address = precompile(0x08);
/// `staking::BURN_ADDRESS`: where swap fees go only when no fee recipient is set (the block
/// step sets the author's twin every block); summed anyway so no TAO can go unaccounted.
const DEAD: Address =
    Address::new([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xde, 0xad]);

const NETUID: u16 = 1;
const TEMPO: u64 = 10;
/// `SubnetOwnerCut`, parts of 65535 (18 %).
const OWNER_CUT: u64 = 11_796;
/// Default delegate take, parts of 65535 (18 %).
const DELEGATE_TAKE: u64 = 11_796;
const GAS: u64 = 1_000_000;

/// An `eth_call` of a precompile view on the state after block `at`.
pub(crate) async fn view<C: SolCall>(rpc: &Rpc, to: Address, call: C, at: u64) -> C::Return {
    let out = rpc
        .call_at(to, call.abi_encode().into(), Some(at))
        .await
        .unwrap_or_else(|e| panic!("{} reverted: {:?}", C::SIGNATURE, revert_reason(&e)));
    C::abi_decode_returns(&out).expect("decode view")
}

/// A precompile call from `who` that must succeed; returns its block.
async fn tx(who: &Sender, to: Address, call: impl SolCall) -> u64 {
    receipt_block_and_fee(&who.send_ok(Some(to), U256::ZERO, call.abi_encode().into(), GAS).await).0
}

/// `IStaking.getStake(hotkey, coldkey, NETUID)` after block `at`.
async fn stake(rpc: &Rpc, hotkey: B256, coldkey: B256, at: u64) -> u64 {
    let c = IStaking::getStakeCall { hotkey, coldkey, netuid: U256::from(NETUID) };
    view(rpc, STAKING, c, at).await.to::<u64>()
}

/// `IStaking.getTotalAlphaStaked(hotkey, NETUID)` after block `at`.
async fn total_alpha(rpc: &Rpc, hotkey: B256, at: u64) -> u64 {
    let c = IStaking::getTotalAlphaStakedCall { hotkey, netuid: U256::from(NETUID) };
    view(rpc, STAKING, c, at).await.to::<u64>()
}

/// One uid's metagraph row after block `at`, read through 0x802.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Row {
    incentive: u16,
    dividends: u16,
    consensus: u16,
    emission: u64,
    permit: bool,
    stake_tao: u64,
}

async fn row(rpc: &Rpc, uid: u16, at: u64) -> Row {
    let n = NETUID;
    Row {
        incentive: view(rpc, METAGRAPH, IMetagraph::getIncentiveCall { netuid: n, uid }, at).await,
        dividends: view(rpc, METAGRAPH, IMetagraph::getDividendsCall { netuid: n, uid }, at).await,
        consensus: view(rpc, METAGRAPH, IMetagraph::getConsensusCall { netuid: n, uid }, at).await,
        emission: view(rpc, METAGRAPH, IMetagraph::getEmissionCall { netuid: n, uid }, at).await,
        permit: view(rpc, METAGRAPH, IMetagraph::getValidatorStatusCall { netuid: n, uid }, at)
            .await,
        stake_tao: view(rpc, METAGRAPH, IMetagraph::getStakeCall { netuid: n, uid }, at).await,
    }
}

/// `tao_supply` after block `at`: (total issuance in wei, block emission in RAO).
async fn supply(rpc: &Rpc, at: u64) -> (U256, u64) {
    let s = rpc.ok("tao_supply", json!([format!("{at:#x}")])).await;
    let num = |v: &Value| v.as_str().expect("decimal string").to_string();
    let issuance: U256 = num(&s["total_issuance_wei"]).parse().expect("issuance");
    let emission: u64 = num(&s["block_emission_rao"]).parse().expect("emission");
    (issuance, emission)
}

/// Splits `total` in proportion to `weights` exactly as the coinbase pays miners and
/// validators (`native::coinbase::distribute::apportion`): floors, then one more unit to the
/// largest remainders, ties to the lower index.
fn apportion(weights: &[u64], total: u64) -> Vec<u64> {
    let sum: u128 = weights.iter().map(|w| u128::from(*w)).sum();
    let mut out = vec![0u64; weights.len()];
    if sum == 0 {
        return out;
    }
    let mut rems = Vec::new();
    for (i, w) in weights.iter().enumerate() {
        let p = u128::from(*w) * u128::from(total);
        out[i] = (p / sum) as u64;
        if *w > 0 {
            rems.push((p % sum, i));
        }
    }
    let given: u64 = out.iter().sum();
    rems.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in rems.into_iter().take((total - given) as usize) {
        out[i] += 1;
    }
    out
}

/// The per-block split of `alpha_out` into (owner cut, miners, validators) when root holds
/// nothing (`economics::coinbase_split::split_alpha_out` with root proportion 0):
/// `owner = floor(a × 11796 / 65535)`, `server = floor((a − owner) / 2)`, `validator = the
/// rest`.
fn split(alpha_out: u64) -> (u64, u64, u64) {
    let owner = alpha_out * OWNER_CUT / 65_535;
    let rest = alpha_out - owner;
    (owner, rest / 2, rest - rest / 2)
}

/// Every account that can hold TAO in this scenario, for the supply identity.
async fn balances_wei(rpc: &Rpc, author: Address, at: u64) -> U256 {
    let mut sum = U256::ZERO;
    for i in 0..10 {
        sum += rpc.balance_at(dev_key(i).address(), Some(at)).await;
    }
    sum + rpc.balance_at(author, Some(at)).await + rpc.balance_at(DEAD, Some(at)).await
}

/// TAO in the pools of root and of the subnet, in wei.
async fn pools_wei(rpc: &Rpc, at: u64) -> U256 {
    let root: u64 = view(rpc, ALPHA, IAlpha::getTaoInPoolCall { netuid: 0 }, at).await;
    let sub: u64 = view(rpc, ALPHA, IAlpha::getTaoInPoolCall { netuid: NETUID }, at).await;
    rao_to_wei(root + sub)
}

/// The Solidity pool engine (the dev genesis default): every pool operation runs AlphaPools.
#[tokio::test(flavor = "multi_thread")]
async fn subnet_epoch_pays_exactly_what_the_metagraph_reports() {
    subnet_epoch_scenario(tao_chain::genesis::PoolEngineChoice::Solidity).await;
}

/// The same scenario, the same numbers, with the pools in native slots.
#[tokio::test(flavor = "multi_thread")]
async fn subnet_epoch_pays_the_same_with_the_native_pool_engine() {
    subnet_epoch_scenario(tao_chain::genesis::PoolEngineChoice::Native).await;
}

/// The same scenario, the same numbers, with the pools in the ink! pool contract.
#[tokio::test(flavor = "multi_thread")]
async fn subnet_epoch_pays_the_same_with_the_ink_pool_engine() {
    subnet_epoch_scenario(tao_chain::genesis::PoolEngineChoice::Ink).await;
}

async fn subnet_epoch_scenario(engine: tao_chain::genesis::PoolEngineChoice) {
    let node = dev_node_with_engine(engine).await;
    let rpc = Rpc::new(&node.http_url());
    let owner = Sender::dev(&rpc, 1);
    let validator = Sender::dev(&rpc, 2);
    let miners = [Sender::dev(&rpc, 3), Sender::dev(&rpc, 4)];
    let nominator = Sender::dev(&rpc, 5);
    let (ok, vk) = (owner.id(), validator.id());
    let mk = [miners[0].id(), miners[1].id()];

    // ---- block 1: the subnet (lock 100 TAO, the dev minimum); its owner hotkey is uid 0.
    let r = tx(&owner, SUBNET, ISubnet::registerNetwork_0Call { hotkey: ok }).await;
    assert_eq!(r, 1);
    let reg_block = ISubnet::getNetworkRegistrationBlockCall { netuid: NETUID };
    assert_eq!(view(&rpc, SUBNET, reg_block, r).await, r);
    // ---- blocks 2-4: validator (uid 1) and miners (uids 2, 3), each paying the burn.
    let reg = |hotkey| INeuron::burnedRegisterCall { netuid: NETUID, hotkey };
    assert_eq!(tx(&validator, NEURON, reg(vk)).await, 2);
    assert_eq!(tx(&miners[0], NEURON, reg(mk[0])).await, 3);
    assert_eq!(tx(&miners[1], NEURON, reg(mk[1])).await, 4);
    assert_eq!(view(&rpc, METAGRAPH, IMetagraph::getUidCountCall { netuid: NETUID }, 4).await, 4);
    for (uid, key) in [(0u16, ok), (1, vk), (2, mk[0]), (3, mk[1])] {
        let hk = view(&rpc, METAGRAPH, IMetagraph::getHotkeyCall { netuid: NETUID, uid }, 4).await;
        let ck = view(&rpc, METAGRAPH, IMetagraph::getColdkeyCall { netuid: NETUID, uid }, 4).await;
        assert_eq!((hk, ck), (key, key), "uid {uid}: hotkey and coldkey are the signer's id");
    }
    // ---- blocks 5-6: 100 TAO staked by the validator on its own hotkey, 50 by a nominator.
    let add = |amount: u64| IStaking::addStakeCall {
        hotkey: vk,
        amountRao: U256::from(amount),
        netuid: U256::from(NETUID),
    };
    assert_eq!(tx(&validator, STAKING, add(100 * TAO)).await, 5);
    assert_eq!(tx(&nominator, STAKING, add(50 * TAO)).await, 6);
    // ---- block 7: commit-reveal is on for a new subnet; the owner turns it off.
    let cr = ISubnet::getCommitRevealWeightsEnabledCall { netuid: NETUID };
    assert!(view(&rpc, SUBNET, cr.clone(), 6).await);
    let off = ISubnet::setCommitRevealWeightsEnabledCall { netuid: NETUID, enabled: false };
    assert_eq!(tx(&owner, SUBNET, off).await, 7);
    assert!(!view(&rpc, SUBNET, cr, 7).await);

    // Per block the subnet mints alpha_out = 1 alpha (alpha issuance is far below the first
    // halving). Root holds no TAO, so the root proportion is 0 and no alpha goes to root:
    //   owner cut = floor(1e9 × 11796 / 65535) = 179,995,422
    //   miners    = floor(820,004,578 / 2)      = 410,002,289
    //   validators = 820,004,578 − 410,002,289   = 410,002,289
    let alpha_out = TAO;
    let (o_blk, s_blk, v_blk) = split(alpha_out);
    assert_eq!((o_blk, s_blk, v_blk), (179_995_422, 410_002_289, 410_002_289));
    assert_eq!(view(&rpc, ALPHA, IAlpha::getTaoInPoolCall { netuid: 0 }, 7).await, 0);

    // ---- first epoch, block r − (netuid mod tempo) + 10 = 10 (the real chain's stagger). It
    // drains blocks r + 1 ..= 10: the block step runs at the start of a block, before its
    // transactions (the real chain's `on_initialize`), so the registration block r emits
    // nothing, and the coinbase injects before it runs epochs. No weights yet: no incentive,
    // so the validators' pool also takes the miners' (yuma.md §6); no stored permits yet, so
    // the dividends fall back to active stake, which only the validator's hotkey holds. It
    // receives all 9 × (miners + validators), its delegate take to its own coldkey, the rest
    // to both holders; the owner the owner cut.
    let e1 = r - u64::from(NETUID) % TEMPO + TEMPO;
    assert_eq!(e1, 10);
    rpc.mine_to(e1).await;
    let drained1 = (e1 - r) * (s_blk + v_blk);
    let pool_before = total_alpha(&rpc, vk, e1 - 1).await;
    assert_eq!(total_alpha(&rpc, vk, e1).await, pool_before + drained1);
    assert_eq!(stake(&rpc, ok, ok, e1 - 1).await, 0);
    assert_eq!(stake(&rpc, ok, ok, e1).await, (e1 - r) * o_blk);
    let v1 = row(&rpc, 1, e1).await;
    assert_eq!((v1.incentive, v1.dividends), (0, 0), "no weights: nothing to rank");
    // Its share of the epoch is exactly 1 (the only active stake), so its emission is all of E.
    assert_eq!(drained1, 7_380_041_202);
    assert_eq!(v1.emission, drained1, "{v1:?}");
    // Permits for the next epoch: the owner's uid always, the validator by stake, not the
    // miners (no stake).
    let permits = [true, true, false, false];
    for uid in 0..4u16 {
        assert_eq!(row(&rpc, uid, e1).await.permit, permits[usize::from(uid)], "uid {uid}");
    }

    // ---- block 11: the validator (permit held, rate limit passed: 11 − 2 ≥ 5) weights the
    // miners 1 : 3.
    let w = INeuron::setWeightsCall {
        netuid: NETUID,
        dests: vec![2, 3],
        weights: vec![1_000, 3_000],
        versionKey: 0,
    };
    let wb = tx(&validator, NEURON, w).await;
    assert_eq!(wb, e1 + 1);
    let last = view(&rpc, METAGRAPH, IMetagraph::getLastUpdateCall { netuid: NETUID, uid: 1 }, wb);
    assert_eq!(last.await, wb);

    // ---- second epoch, block e1 + 10 = 20: compare the state after block 19 and after 20.
    let e2 = e1 + TEMPO;
    rpc.mine_to(e2).await;
    let (b, a) = (e2 - 1, e2);
    // Every block of the window minted exactly one alpha.
    for n in e1 + 1..=e2 {
        let out = view(&rpc, ALPHA, IAlpha::getAlphaOutEmissionCall { netuid: NETUID }, n).await;
        assert_eq!(out, U256::from(alpha_out), "alpha out of block {n}");
    }
    // Drained at e2: blocks e1 + 1 ..= e2, ten blocks.
    let blocks = e2 - e1;
    let (owner_cut, server, validators) = (blocks * o_blk, blocks * s_blk, blocks * v_blk);

    let before: Vec<Row> = metagraph_rows(&rpc, b).await;
    let after: Vec<Row> = metagraph_rows(&rpc, a).await;
    // Alpha positions: owner, validator, miner A, miner B (each on its own hotkey), and the
    // nominator on the validator's hotkey.
    let positions = [(ok, ok), (vk, vk), (mk[0], mk[0]), (mk[1], mk[1]), (vk, nominator.id())];
    let mut s_b = [0u64; 5];
    let mut s_a = [0u64; 5];
    for (k, (hk, ck)) in positions.iter().enumerate() {
        s_b[k] = stake(&rpc, *hk, *ck, b).await;
        s_a[k] = stake(&rpc, *hk, *ck, a).await;
    }

    // Metagraph after e2. Incentive: the validator holds the stake majority, so consensus is
    // its weights, max-upscaled to [21845, 65535] and normalised: 1/4 and 3/4 of 65535.
    let [own, val, m_a, m_b] = [after[0], after[1], after[2], after[3]];
    assert_eq!((own.incentive, val.incentive), (0, 0), "nobody weights the owner or validator");
    assert!(m_a.incentive > 0 && m_b.incentive > 0, "{m_a:?} {m_b:?}");
    // floor(0.25 × 65535) and floor(0.75 × 65535); consensus equals them (one voter).
    assert_eq!((m_a.incentive, m_b.incentive), (16_383, 49_151));
    assert_eq!((m_a.consensus, m_b.consensus), (16_383, 49_151));
    // Dividends: the validator is the only one with bonds (the owner set no weights).
    assert_eq!(val.dividends, 65_535);
    assert_eq!((own.dividends, m_a.dividends, m_b.dividends), (0, 0, 0));
    // Emission of the epoch, E = miners' + validators' pending (root holds nothing): the
    // metagraph reports each uid's share floor(share × E). Miners' share is incentive / 2,
    // the validator's dividends / 2 (yuma.md §5.14); the owner earned nothing in the epoch.
    // With E = 10 × 820,004,578 = 8,200,045,780 the shares are 1/8, 3/8 and 1/2:
    //   miner A floor(E / 8) = 1,025,005,722; miner B floor(3E / 8) = 3,075,017,167;
    //   validator E / 2 = 4,100,022,890 (= V). The miners' ranks are the validator's weights
    //   times its share of the active stake (the owner, with its permit, holds the rest), so
    //   their I32F32 normalisation may lose a few 1e-9 of a share: up to 2 RAO here.
    let e = server + validators;
    assert_eq!(e, 8_200_045_780);
    assert_eq!(own.emission, 0);
    assert!(m_a.emission <= e / 8 && e / 8 - m_a.emission <= 2, "{}", m_a.emission);
    assert!(m_b.emission <= 3 * e / 8 && 3 * e / 8 - m_b.emission <= 2, "{}", m_b.emission);
    assert_eq!(val.emission, validators);

    // Payouts (native::coinbase::distribute):
    // * miners: the metagraph emissions of the miners, scaled to exactly the miners' pending
    //   alpha by largest remainders, staked to (miner hotkey, its coldkey);
    //   the two emissions w_A, w_B sum to W ≤ M (M = 4,100,022,890 pending), and the scaled
    //   payouts sum to exactly M, each within a few RAO of its emission.
    let paid = apportion(&[m_a.emission, m_b.emission], server);
    assert_eq!(paid[0] + paid[1], server);
    assert!(paid[0] >= m_a.emission && paid[0] - m_a.emission <= 3, "{paid:?}");
    assert!(paid[1] >= m_b.emission && paid[1] - m_b.emission <= 3, "{paid:?}");
    assert_eq!(s_a[2] - s_b[2], paid[0], "miner A's stake grew by its scaled emission");
    assert_eq!(s_a[3] - s_b[3], paid[1], "miner B's stake grew by its scaled emission");
    // * the validator: all of the validators' pending (it alone has dividends; root holds
    //   nothing, so no part is root's). Its delegate take, floor(V × 11796 / 65535), is
    //   deposited for its owner coldkey (the validator itself); the rest raises the value of
    //   the whole hotkey pool, which the validator and the nominator share.
    let pool_b = total_alpha(&rpc, vk, b).await;
    assert_eq!(total_alpha(&rpc, vk, a).await, pool_b + validators, "pool grew by exactly V");
    let take = validators * DELEGATE_TAKE / 65_535;
    assert_eq!(take, 737_985_351);
    let (dv, dn) = (s_a[1] - s_b[1], s_a[4] - s_b[4]);
    // Positions are floored shares of the pool; here the two floors lose nothing, so the
    // validator's and the nominator's gains add up to exactly V.
    assert_eq!(dv + dn, validators, "{dv} + {dn}");
    // After the take, the nominator holds s_n of D + take·D/P shares of a pool worth P + V:
    // its value is nom × (P + V) / (P + take), up to the rounding of the share arithmetic
    // (floating shares, floored values: 1 RAO here).
    let nom_b = u128::from(s_b[4]);
    let expect_nom = (nom_b * u128::from(pool_b + validators) / u128::from(pool_b + take)) as u64;
    assert!(s_a[4].abs_diff(expect_nom) <= 1, "nominator {} vs {expect_nom}", s_a[4]);
    assert!(dv > take, "the validator keeps its take and its share of the rest");
    // * the owner: the owner cut of the ten blocks, staked to (owner hotkey, owner coldkey).
    assert_eq!(s_a[0] - s_b[0], owner_cut);
    // All alpha minted in the window is now someone's stake: nothing burned or recycled.
    let grown: u64 = (0..5).map(|k| s_a[k] - s_b[k]).sum::<u64>();
    assert_eq!(grown, blocks * alpha_out, "10 alpha minted, 10 alpha staked");

    // Metagraph getStake is the TAO value at spot of everything staked to the uid's hotkey.
    let tao: u64 = view(&rpc, ALPHA, IAlpha::getTaoInPoolCall { netuid: NETUID }, a).await;
    let alpha_in: u64 = view(&rpc, ALPHA, IAlpha::getAlphaInPoolCall { netuid: NETUID }, a).await;
    for (uid, hk) in [(0usize, ok), (1, vk), (2, mk[0]), (3, mk[1])] {
        let alpha = u128::from(total_alpha(&rpc, hk, a).await);
        let spot = (alpha * u128::from(tao) / u128::from(alpha_in)) as u64;
        assert_eq!(after[uid].stake_tao, spot, "uid {uid}: metagraph stake at spot");
    }
    // Before e2 the metagraph still showed the first epoch: no incentive anywhere.
    assert!(before.iter().all(|x| x.incentive == 0), "{before:?}");

    // TAO side of block e2: no transaction, so no EVM balance moved; the block emission was
    // minted into the subnet's pool (the only subnet earning; with no root stake it all enters
    // as the chain's buy), and the total issuance grew by exactly that.
    let author: Address =
        rpc.ok("eth_getBlockByNumber", json!([format!("{a:#x}"), false])).await["miner"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .expect("block author");
    let everyone = [&owner, &validator, &miners[0], &miners[1], &nominator];
    for who in everyone.map(Sender::address) {
        assert_eq!(rpc.balance_at(who, Some(a)).await, rpc.balance_at(who, Some(b)).await);
    }
    let (issued_b, emission) = supply(&rpc, b).await;
    let (issued_a, _) = supply(&rpc, a).await;
    assert_eq!(emission, TAO, "1 TAO per block before the first halving");
    assert_eq!(issued_a - issued_b, rao_to_wei(emission), "issuance grew by the block emission");
    let tao_b: u64 = view(&rpc, ALPHA, IAlpha::getTaoInPoolCall { netuid: NETUID }, b).await;
    assert_eq!(tao - tao_b, emission, "the subnet's pool received the block emission");
    // Alpha issuance (reserve + outstanding) grew by exactly the alpha minted.
    let issuance = |at| view(&rpc, ALPHA, IAlpha::getAlphaIssuanceCall { netuid: NETUID }, at);
    assert_eq!(issuance(a).await - issuance(b).await, alpha_out);
    // Supply identity: every RAO issued is in a balance or a pool, before and after.
    for at in [b, a] {
        let held = balances_wei(&rpc, author, at).await + pools_wei(&rpc, at).await;
        assert_eq!(supply(&rpc, at).await.0, held, "issuance = balances + pools after block {at}");
    }

    node.stop().await;
}

/// The four metagraph rows after block `at`.
async fn metagraph_rows(rpc: &Rpc, at: u64) -> Vec<Row> {
    let mut rows = Vec::new();
    for uid in 0..4 {
        rows.push(row(rpc, uid, at).await);
    }
    rows
}
