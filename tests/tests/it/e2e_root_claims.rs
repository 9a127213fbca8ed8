//! Root dividend claims end to end on a `--dev` node, through the precompiles only: a root
//! staker's share of a validator's root dividends is claimable after the epoch and the block
//! step's auto-claim takes it the same block, first as Swap (sold fee-free, the TAO staked on
//! root), then, after the staker switches to Keep on 0x0a01, as alpha on the subnet.
//!
//! Dev 1 and dev 6 own subnets 1 and 2 (two subnets at the dev start-up price make Σ p̄ > 1,
//! so root dividends are paid, not recycled); dev 2 validates on subnet 1 with 100 TAO of
//! alpha; dev 5 stakes 1,000 TAO on root to dev 2's hotkey and is the only root staker, so the
//! auto-claim draws it every block.

use crate::e2e_subnet::i::{IAlpha, INeuron, IStaking, ISubnet};
use crate::e2e_subnet::{ALPHA, STAKING, SUBNET};
use alloy::sol_types::SolCall;
use alloy_primitives::{Address, B256, U256};
use taochain_tests::*;

mod c {
    alloy::sol!("../contracts/interfaces/ISubnetControl.sol");
}
use c::ISubnetControl;

const NEURON: Address = Address::new([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 4]);
const CONTROL: Address =
    Address::new([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0a, 0x01]);
const GAS: u64 = 1_000_000;

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

#[tokio::test(flavor = "multi_thread")]
async fn root_dividends_are_claimed_by_swap_then_keep() {
    let node = dev_node(None).await;
    let rpc = Rpc::new(&node.http_url());
    let (owner, owner2) = (Sender::dev(&rpc, 1), Sender::dev(&rpc, 6));
    let (validator, rooter) = (Sender::dev(&rpc, 2), Sender::dev(&rpc, 5));
    let (vk, rk) = (validator.id(), rooter.id());

    assert_eq!(tx(&owner, SUBNET, ISubnet::registerNetwork_0Call { hotkey: owner.id() }).await, 1);
    assert_eq!(
        tx(&owner2, SUBNET, ISubnet::registerNetwork_0Call { hotkey: owner2.id() }).await,
        2
    );
    let reg = INeuron::burnedRegisterCall { netuid: 1, hotkey: vk };
    assert_eq!(tx(&validator, NEURON, reg).await, 3);
    let add = |netuid: u16, amount: u64| IStaking::addStakeCall {
        hotkey: vk,
        amountRao: U256::from(amount),
        netuid: U256::from(netuid),
    };
    assert_eq!(tx(&validator, STAKING, add(1, 100 * TAO)).await, 4);
    assert_eq!(tx(&rooter, STAKING, add(0, 1_000 * TAO)).await, 5);
    let off = ISubnet::setCommitRevealWeightsEnabledCall { netuid: 1, enabled: false };
    assert_eq!(tx(&owner, SUBNET, off).await, 6);

    // ---- block 10, subnet 1's first epoch: the validator's root dividends (after its take)
    // become claimable, and the auto-claim swaps dev 5's share the same block.
    rpc.mine_to(10).await;
    let rate = ISubnetControl::getRootClaimableCall { hotkey: vk, netuid: 1 };
    let r9: U256 = view(&rpc, CONTROL, rate.clone(), 9).await;
    let r10: U256 = view(&rpc, CONTROL, rate.clone(), 10).await;
    assert_eq!(r9, U256::ZERO);
    assert!(r10 > U256::ZERO, "root dividends became claimable");
    let root_9 = stake(&rpc, vk, rk, 0, 9).await;
    assert_eq!(root_9, 1_000 * TAO);
    // What dev 5 was owed: floor(rate · root stake) in I96F32 (its RootClaimed was 0).
    let owed1: u64 = ((r10 * U256::from(root_9)) >> 32usize).to::<u64>();
    assert!(owed1 >= 500_000, "{owed1} above the claim threshold");
    let swapped = stake(&rpc, vk, rk, 0, 10).await - root_9;
    assert!(swapped > 0, "Swap: the alpha was sold and the TAO staked on root");
    // The sale was fee-free on the constant product: with the reserves (x, y) after it,
    // tao = floor((y + tao) · owed / x).
    let x: u64 = view(&rpc, ALPHA, IAlpha::getAlphaInPoolCall { netuid: 1 }, 10).await;
    let y: u64 = view(&rpc, ALPHA, IAlpha::getTaoInPoolCall { netuid: 1 }, 10).await;
    let expect = (u128::from(y + swapped) * u128::from(owed1) / u128::from(x)) as u64;
    assert_eq!(swapped, expect);
    // Nothing is left owed but truncation dust, which stays unclaimed.
    let owed = |at| {
        view(
            &rpc,
            CONTROL,
            ISubnetControl::getRootOwedCall { hotkey: vk, coldkey: rk, netuid: 1 },
            at,
        )
    };
    assert!(owed(10).await <= 1);
    let unclaimed =
        |at| view(&rpc, CONTROL, ISubnetControl::getRootUnclaimedCall { netuid: 1 }, at);
    // The rate is truncated to 2^-32 per root RAO, so up to stake / 2^32 (232 here) stays.
    let dust = unclaimed(10).await;
    assert!(dust <= (root_9 >> 32) + 1, "only the rate's truncation left unclaimed: {dust}");

    // ---- block 11: dev 5 keeps its alpha from now on.
    let keep = ISubnetControl::setRootClaimTypeCall { kind: 1, subnets: vec![] };
    assert_eq!(tx(&rooter, CONTROL, keep).await, 11);
    let t = view(&rpc, CONTROL, ISubnetControl::getRootClaimTypeCall { coldkey: rk }, 11).await;
    assert_eq!(t.kind, 1);

    // ---- block 20, the second epoch: Keep stakes the claimed alpha on subnet 1 under dev 2.
    rpc.mine_to(20).await;
    let kept = stake(&rpc, vk, rk, 1, 20).await - stake(&rpc, vk, rk, 1, 19).await;
    assert!(kept >= 500_000, "{kept}");
    assert_eq!(stake(&rpc, vk, rk, 0, 20).await, stake(&rpc, vk, rk, 0, 19).await, "no swap");
    // Pinned (root share split with the post-mint root proportion, as the real chain): the two claims of this scenario (subnet 1 trades near 4 TAO/α after the
    // validator's 100 TAO stake into its 100 TAO pool, hence 0.56 α → 2.29 TAO).
    assert_eq!((owed1, swapped, kept), (556_691_316, 2_278_650_944, 1_059_347_293));

    node.stop().await;
}
