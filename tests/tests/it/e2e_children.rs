//! Childkeys end to end on a `--dev` node, through the precompiles only (0x0a01
//! `ISubnetControl` for the childkey calls, taochain's own since the real chain has them only
//! as extrinsics): a parent validator lends half its stake to a child validator, the child
//! charges a childkey take, and the child's dividends flow back to the parent exactly as the
//! real chain's `get_parent_child_dividends_distribution` computes them.
//!
//! Dev 1 owns subnet 1 (uid 0), dev 2 is the parent validator P (uid 1), dev 3 the child C
//! (uid 2), dev 4 a miner (uid 3); dev 0 is the dev chain's root account. Tempo 10 with the
//! stagger, so epochs run at blocks 10, 20, 30; each transaction gets a block of its own.

use crate::e2e_subnet::i::{IMetagraph, INeuron, IStaking, ISubnet};
use crate::e2e_subnet::{METAGRAPH, STAKING, SUBNET};
use alloy::sol_types::SolCall;
use alloy_primitives::{Address, B256, U256};
use substrate_fixed::types::U96F32;
use taochain_tests::*;

mod c {
    alloy::sol!("../contracts/interfaces/ISubnetControl.sol");
}
use c::ISubnetControl;

const NEURON: Address = Address::new([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 4]);
const CONTROL: Address =
    Address::new([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0a, 0x01]);
const NETUID: u16 = 1;
const GAS: u64 = 1_000_000;
/// The child's childkey take, parts of 65535 (about 10 %).
const CK_TAKE: u16 = 6_553;
/// The parent lends `u64::MAX / 2`, i.e. `(2^31 − 1) / 2^32` of its stake in `U96F32`.
const HALF: u64 = u64::MAX / 2;

async fn view<C: SolCall>(rpc: &Rpc, to: Address, call: C, at: u64) -> C::Return {
    let out = rpc
        .call_at(to, call.abi_encode().into(), Some(at))
        .await
        .unwrap_or_else(|e| panic!("{} reverted: {:?}", C::SIGNATURE, revert_reason(&e)));
    C::abi_decode_returns(&out).expect("decode view")
}

async fn tx(who: &Sender, to: Address, call: impl SolCall) -> u64 {
    receipt_block_and_fee(&who.send_ok(Some(to), U256::ZERO, call.abi_encode().into(), GAS).await).0
}

async fn stake(rpc: &Rpc, hotkey: B256, coldkey: B256, at: u64) -> u64 {
    let c = IStaking::getStakeCall { hotkey, coldkey, netuid: U256::from(NETUID) };
    view(rpc, STAKING, c, at).await.to::<u64>()
}

async fn emission(rpc: &Rpc, uid: u16, at: u64) -> u64 {
    view(rpc, METAGRAPH, IMetagraph::getEmissionCall { netuid: NETUID, uid }, at).await
}

fn fx(v: u64) -> U96F32 {
    U96F32::saturating_from_num(v)
}

/// The real chain's split of a child's dividend `d` when the child has no stake of its own and
/// one parent of another coldkey (`get_parent_child_dividends_distribution`): the parent's
/// contribution is all of the total, so it gets `d`, less the childkey take
/// `take / 65535 · d`; the child keeps the take. Both truncated as there.
fn child_split(d: u64, take: u16) -> (u64, u64) {
    let take_prop = U96F32::saturating_from_num(take) / U96F32::saturating_from_num(u16::MAX);
    let parent = fx(d);
    let t = take_prop * parent;
    ((parent - t).to_num::<u64>(), t.to_num::<u64>())
}

/// Largest-remainder split, as the coinbase pays validators.
fn apportion(weights: &[u64], total: u64) -> Vec<u64> {
    let sum: u128 = weights.iter().map(|w| u128::from(*w)).sum();
    let mut out: Vec<u64> =
        weights.iter().map(|w| (u128::from(*w) * u128::from(total) / sum) as u64).collect();
    let mut rems: Vec<(u128, usize)> = weights
        .iter()
        .enumerate()
        .filter(|(_, w)| **w > 0)
        .map(|(i, w)| (u128::from(*w) * u128::from(total) % sum, i))
        .collect();
    rems.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let left = total - out.iter().sum::<u64>();
    for (_, i) in rems.into_iter().take(left as usize) {
        out[i] += 1;
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn child_dividends_flow_back_to_the_parent_less_the_childkey_take() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    let root = Sender::dev(&rpc, 0);
    let owner = Sender::dev(&rpc, 1);
    let (parent, child, miner) = (Sender::dev(&rpc, 2), Sender::dev(&rpc, 3), Sender::dev(&rpc, 4));
    let (ok, pk, ck, mk) = (owner.id(), parent.id(), child.id(), miner.id());

    // ---- blocks 1-5: subnet, three neurons, 100 TAO staked by P on itself.
    assert_eq!(tx(&owner, SUBNET, ISubnet::registerNetwork_0Call { hotkey: ok }).await, 1);
    let reg = |hotkey| INeuron::burnedRegisterCall { netuid: NETUID, hotkey };
    assert_eq!(tx(&parent, NEURON, reg(pk)).await, 2);
    assert_eq!(tx(&child, NEURON, reg(ck)).await, 3);
    assert_eq!(tx(&miner, NEURON, reg(mk)).await, 4);
    let add = IStaking::addStakeCall {
        hotkey: pk,
        amountRao: U256::from(100 * TAO),
        netuid: U256::from(NETUID),
    };
    assert_eq!(tx(&parent, STAKING, add).await, 5);
    // ---- block 6: root (dev 0) shortens the childkey cool-down to 0 blocks.
    let cd = ISubnetControl::setPendingChildKeyCooldownCall { blocks: 0 };
    assert_eq!(tx(&root, CONTROL, cd).await, 6);
    // ---- block 7: commit-reveal off; block 8: C's childkey take (its owner, dev 3).
    let off = ISubnet::setCommitRevealWeightsEnabledCall { netuid: NETUID, enabled: false };
    assert_eq!(tx(&owner, SUBNET, off).await, 7);
    let take = ISubnetControl::setChildkeyTakeCall { hotkey: ck, netuid: NETUID, take: CK_TAKE };
    assert_eq!(tx(&child, CONTROL, take).await, 8);
    let got = ISubnetControl::getChildkeyTakeCall { hotkey: ck, netuid: NETUID };
    assert_eq!(view(&rpc, CONTROL, got, 8).await, CK_TAKE);
    // ---- block 9: P gives C half its stake. The subnet is started (dev start-up), so the
    // link is pending until the first epoch after block 9 + cool-down 0.
    let set = ISubnetControl::setChildrenCall {
        hotkey: pk,
        netuid: NETUID,
        proportions: vec![HALF],
        children: vec![ck],
    };
    assert_eq!(tx(&parent, CONTROL, set).await, 9);
    let pending = ISubnetControl::getPendingChildrenCall { hotkey: pk, netuid: NETUID };
    let p9 = view(&rpc, CONTROL, pending.clone(), 9).await;
    assert_eq!((p9.proportions, p9.children, p9.due), (vec![HALF], vec![ck], 9));
    let kids = ISubnetControl::getChildrenCall { hotkey: pk, netuid: NETUID };
    assert!(view(&rpc, CONTROL, kids.clone(), 9).await.children.is_empty());

    // ---- block 10, the first epoch (it still sees no link), then the link applies.
    rpc.mine_to(10).await;
    let k10 = view(&rpc, CONTROL, kids, 10).await;
    assert_eq!((k10.proportions, k10.children), (vec![HALF], vec![ck]));
    let parents = ISubnetControl::getParentsCall { hotkey: ck, netuid: NETUID };
    let p10 = view(&rpc, CONTROL, parents, 10).await;
    assert_eq!((p10.proportions, p10.parents), (vec![HALF], vec![pk]));
    assert!(view(&rpc, CONTROL, pending, 10).await.children.is_empty());
    // Inherited stake (get_inherited_for_hotkey_on_subnet): C counts P's own alpha times
    // (2^31 − 1) / 2^32, P keeps the rest; truncated in U96F32.
    let total = |hotkey| IStaking::getTotalAlphaStakedCall { hotkey, netuid: U256::from(NETUID) };
    let own_p = view(&rpc, STAKING, total(pk), 10).await.to::<u64>();
    let lent = fx(own_p) * (fx(HALF) / fx(u64::MAX));
    let inh = |hotkey| ISubnetControl::getInheritedStakeCall { hotkey, netuid: NETUID };
    let (ip, ic) = (view(&rpc, CONTROL, inh(pk), 10).await, view(&rpc, CONTROL, inh(ck), 10).await);
    assert_eq!(ic.alpha, lent.to_num::<u64>());
    assert_eq!(ip.alpha, (fx(own_p) - lent).to_num::<u64>());
    assert_eq!((ip.tao, ic.tao), (0, 0), "no root stake");

    // ---- block 11: P (permit from the first epoch) weights the miner.
    let w = |dests: Vec<u16>| INeuron::setWeightsCall {
        netuid: NETUID,
        dests,
        weights: vec![65_535],
        versionKey: 0,
    };
    assert_eq!(tx(&parent, NEURON, w(vec![3])).await, 11);
    // ---- block 20, the second epoch: C's inherited stake earns it a permit.
    rpc.mine_to(20).await;
    let permit = |uid| IMetagraph::getValidatorStatusCall { netuid: NETUID, uid };
    assert!(view(&rpc, METAGRAPH, permit(2), 20).await, "the child validates on lent stake");
    assert_eq!(stake(&rpc, ck, ck, 20).await, 0, "C holds no stake of its own");
    // ---- block 21: C weights the miner too.
    assert_eq!(tx(&child, NEURON, w(vec![3])).await, 21);

    // ---- block 30, the third epoch: both validators earn dividends d_P and d_C (their
    // metagraph emission: neither earns incentive). C has no stake of its own, so its whole
    // dividend is P's contribution: P gets d_C less C's take, C keeps the take. The
    // validators' pool V (10 blocks × 410,002,289, root holds nothing) is then apportioned
    // over [d_P + P's part, C's take]: C's part is staked to its owner (its pool has no other
    // holder), P's raises P's pool.
    rpc.mine_to(30).await;
    let (d_p, d_c) = (emission(&rpc, 1, 30).await, emission(&rpc, 2, 30).await);
    assert!(d_p > 0 && d_c > 0, "{d_p} {d_c}");
    let (to_parent, ck_take) = child_split(d_c, CK_TAKE);
    let v = 10 * 410_002_289;
    let paid = apportion(&[d_p + to_parent, ck_take], v);
    let c_gain = stake(&rpc, ck, ck, 30).await - stake(&rpc, ck, ck, 29).await;
    assert_eq!(c_gain, paid[1], "the child's take");
    let p_gain = view(&rpc, STAKING, total(pk), 30).await.to::<u64>()
        - view(&rpc, STAKING, total(pk), 29).await.to::<u64>();
    assert_eq!(p_gain, paid[0], "the parent's dividends and its share through the child");
    assert_eq!(p_gain + c_gain, v);
    // Pinned: this scenario's epoch outputs (d_P + d_C = V − 3, the epoch's floors) and the
    // payouts they imply: C keeps floor(6553/65535 · d_C) in U96F32 = 141,372,660; P gets
    // 1,272,461,812 (d_C − take, truncated, one RAO lost to the truncations).
    assert_eq!((d_p, d_c), (2_686_188_414, 1_413_834_473));
    assert_eq!((to_parent, ck_take), (1_272_461_812, 141_372_660));
    assert_eq!((c_gain, p_gain), (141_372_660, 3_958_650_230));

    node.stop().await;
}
