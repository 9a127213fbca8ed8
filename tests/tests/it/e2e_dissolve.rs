//! Subnet dissolution at the subnet limit, end to end on a `--dev` node, on both pool engines
//! (the `AlphaPools` contract and the native slots), through the precompiles only.
//!
//! The genesis allows two subnets and a 5-block network immunity, with the real chain's
//! start-up (no emission until root enables it), so the pools move only by the scenario's own
//! transactions and every number is known in advance:
//! * dev 1 and dev 2 register subnets 1 and 2 and start them (`startCall` on 0x0a01);
//! * devs 3 and 4 stake 40 and 20 TAO on dev 1's hotkey in subnet 1, and dev 1 stakes 10 TAO
//!   on its own; dev 2 stakes 300 TAO on its hotkey in subnet 2, so subnet 1's moving price is
//!   not the higher one (and on a tie subnet 1 registered first);
//! * dev 6 registers a third subnet: subnet 1 is dissolved and netuid 1 reused.
//!
//! The payout is the real chain's `destroy_alpha_in_out_stakes` formula, computed here from
//! the values read the block before: `total = SubnetAlphaIn + Σ stake values`, each holder gets
//! `floor(pot · v / total)`, the leftover RAO go to the largest remainders
//! `pot · v mod total`, and the rest of the pot is recycled (out of the total issuance).

use crate::e2e_subnet::i::{IAlpha, IMetagraph, IStaking, ISubnet};
use crate::e2e_subnet::{ALPHA, METAGRAPH, STAKING, SUBNET};
use alloy::sol_types::SolCall;
use alloy_primitives::{Address, B256, U256};
use serde_json::{Value, json};
use std::net::SocketAddr;
use taochain_tests::*;

mod c {
    alloy::sol!("../contracts/interfaces/ISubnetControl.sol");
}
use c::ISubnetControl;

const CONTROL: Address =
    Address::new([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0a, 0x01]);
const GAS: u64 = 1_000_000;
/// Where swap fees go when no fee recipient is set; summed so no TAO goes unaccounted.
const DEAD: Address =
    Address::new([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xde, 0xad]);

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

async fn stake(rpc: &Rpc, hotkey: B256, coldkey: B256, netuid: u16, at: u64) -> u64 {
    let c = IStaking::getStakeCall { hotkey, coldkey, netuid: U256::from(netuid) };
    view(rpc, STAKING, c, at).await.to::<u64>()
}

async fn issuance(rpc: &Rpc, at: u64) -> U256 {
    let s = rpc.ok("tao_supply", json!([format!("{at:#x}")])).await;
    s["total_issuance_wei"].as_str().and_then(|v| v.parse().ok()).expect("issuance")
}

/// The real chain's pro-rata split with largest remainders (ties: earlier entry; the protocol's
/// portion is last).
fn split(pot: u64, values: &[u64], protocol: u64) -> (Vec<u64>, u64) {
    let total: u128 = values.iter().map(|v| u128::from(*v)).sum::<u128>() + u128::from(protocol);
    let pot128 = u128::from(pot);
    let mut portions: Vec<(usize, u128, u128)> = values
        .iter()
        .chain(std::iter::once(&protocol))
        .enumerate()
        .filter(|(_, v)| **v > 0)
        .map(|(i, v)| (i, pot128 * u128::from(*v) / total, pot128 * u128::from(*v) % total))
        .collect();
    let leftover = pot128 - portions.iter().map(|p| p.1).sum::<u128>();
    portions.sort_by_key(|p| std::cmp::Reverse(p.2));
    for p in portions.iter_mut().take(leftover as usize) {
        p.1 += 1;
    }
    let mut out = vec![0u64; values.len()];
    for (i, share, _) in portions {
        if let Some(slot) = out.get_mut(i) {
            *slot = share as u64;
        }
    }
    let paid: u64 = out.iter().sum();
    (out, pot - paid)
}

async fn scenario(engine: tao_chain::genesis::PoolEngineChoice) {
    let mut cfg = taochain_node::NodeConfig::dev(SocketAddr::from(([127, 0, 0, 1], 0)), None);
    cfg.genesis.native.pool_engine = engine;
    cfg.genesis.native.subnet_startup = Some(tao_chain::genesis::SubnetStartup::Mainnet);
    cfg.genesis.native.subnet_limit = Some(2);
    cfg.genesis.native.network_immunity_period = Some(5);
    let node = taochain_node::start(cfg).await.expect("node starts");
    let rpc = Rpc::new(&node.http_url());
    let devs: Vec<Sender> = (0..7).map(|i| Sender::dev(&rpc, i)).collect();
    let (o1, o2, new_owner) = (&devs[1], &devs[2], &devs[6]);
    let reg = |s: &Sender| ISubnet::registerNetwork_0Call { hotkey: s.id() };
    assert_eq!(tx(o1, SUBNET, reg(o1)).await, 1);
    assert_eq!(tx(o2, SUBNET, reg(o2)).await, 2);
    assert_eq!(tx(o1, CONTROL, ISubnetControl::startCallCall { netuid: 1 }).await, 3);
    assert_eq!(tx(o2, CONTROL, ISubnetControl::startCallCall { netuid: 2 }).await, 4);
    let add = |hotkey: B256, netuid: u16, tao: u64| IStaking::addStakeCall {
        hotkey,
        amountRao: U256::from(tao * TAO),
        netuid: U256::from(netuid),
    };
    let k1 = o1.id();
    assert_eq!(tx(&devs[3], STAKING, add(k1, 1, 40)).await, 5);
    assert_eq!(tx(&devs[4], STAKING, add(k1, 1, 20)).await, 6);
    assert_eq!(tx(o1, STAKING, add(k1, 1, 10)).await, 7);
    assert_eq!(tx(o2, STAKING, add(o2.id(), 2, 300)).await, 8);

    // ---- what block 9 will split, read after block 8.
    let before = 8;
    let moving = |n: u16| view(&rpc, ALPHA, IAlpha::getMovingAlphaPriceCall { netuid: n }, before);
    let (m1, m2) = (moving(1).await, moving(2).await);
    // Subnet 1 goes: the lower moving price, or on a tie (no emission yet, both still at the
    // mainnet start-up's 0) the earlier registration.
    assert!(m1 <= m2, "subnet 1 is the cheaper: {m1} vs {m2}");
    let pot: u64 = view(&rpc, ALPHA, IAlpha::getTaoInPoolCall { netuid: 1 }, before).await;
    let alpha_in: u64 = view(&rpc, ALPHA, IAlpha::getAlphaInPoolCall { netuid: 1 }, before).await;
    let holders = [&devs[3], &devs[4], o1];
    let mut values = Vec::new();
    for h in holders {
        values.push(stake(&rpc, k1, h.id(), 1, before).await);
    }
    assert!(values.iter().all(|v| *v > 0), "{values:?}");
    let (payouts, recycled) = split(pot, &values, alpha_in);
    assert_eq!(payouts.iter().sum::<u64>() + recycled, pot);
    let mut balances = Vec::new();
    for h in holders {
        balances.push(rpc.balance_at(h.address(), Some(before)).await);
    }
    let issued = issuance(&rpc, before).await;

    // ---- block 9: the third registration dissolves subnet 1 and takes netuid 1.
    let r = new_owner.send_ok(Some(SUBNET), U256::ZERO, reg(new_owner).abi_encode().into(), GAS);
    let r: Value = r.await;
    let (at, _) = receipt_block_and_fee(&r);
    assert_eq!(at, 9);
    for ((h, b), p) in holders.iter().zip(&balances).zip(&payouts) {
        let now = rpc.balance_at(h.address(), Some(at)).await;
        assert_eq!(now - *b, rao_to_wei(*p), "payout of {}", h.address());
    }
    assert_eq!(issued - issuance(&rpc, at).await, rao_to_wei(recycled), "recycled exactly");
    let owner_of =
        |n: u16| view(&rpc, METAGRAPH, IMetagraph::getColdkeyCall { netuid: n, uid: 0 }, at);
    assert_eq!(owner_of(1).await, new_owner.id(), "netuid 1 reused");
    assert_eq!(owner_of(2).await, o2.id(), "subnet 2 untouched");
    let uids = view(&rpc, METAGRAPH, IMetagraph::getUidCountCall { netuid: 1 }, at).await;
    assert_eq!(uids, 1, "a fresh subnet: its owner's neuron only");
    for h in holders {
        assert_eq!(stake(&rpc, k1, h.id(), 1, at).await, 0, "fresh subnet: no old stake");
    }
    assert_eq!(
        stake(&rpc, o2.id(), o2.id(), 2, at).await,
        stake(&rpc, o2.id(), o2.id(), 2, before).await
    );
    // Nothing lost: every balance plus the pools is the issuance.
    let author: Address = rpc.ok("eth_getBlockByNumber", json!([format!("{at:#x}"), false])).await
        ["miner"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("block author");
    let mut held = U256::ZERO;
    for i in 0..10 {
        held += rpc.balance_at(dev_key(i).address(), Some(at)).await;
    }
    held += rpc.balance_at(author, Some(at)).await + rpc.balance_at(DEAD, Some(at)).await;
    for n in 0..=2u16 {
        let t: u64 = view(&rpc, ALPHA, IAlpha::getTaoInPoolCall { netuid: n }, at).await;
        held += rao_to_wei(t);
    }
    assert_eq!(issuance(&rpc, at).await, held, "issuance = balances + pools");
    node.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn dissolution_pays_every_holder_on_the_solidity_engine() {
    scenario(tao_chain::genesis::PoolEngineChoice::Solidity).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn dissolution_pays_every_holder_on_the_native_engine() {
    scenario(tao_chain::genesis::PoolEngineChoice::Native).await;
}

/// `remove_pool` of the ink! pool returns the reserves it held, as `removePool` does.
#[tokio::test(flavor = "multi_thread")]
async fn dissolution_pays_every_holder_on_the_ink_engine() {
    scenario(tao_chain::genesis::PoolEngineChoice::Ink).await;
}
