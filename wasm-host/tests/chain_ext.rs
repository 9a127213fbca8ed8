//! The chain extension 0x1000 end to end: the `ext_all` ink! contract calls every function id
//! 0-36 through wasmtime, the host's `call_chain_extension`, `BittensorExtension` and the
//! native runtime; each test checks the ledger afterwards (numbers from the pool maths) and, for
//! failures, the status code and that nothing changed.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use std::sync::Arc;

use alloy_primitives::U256;
use common::native_state::TestState;
use common::{ALICE, BOB, GAS, input, wasm};
use tao_primitives::{AlphaRao, NetUid};
use tao_runtime::testkit::{TAO, fund, key, register, with_subnet};
use tao_runtime::{Balances, pool, proxy, staking, subnets};
use wasm_host::chain_ext::BittensorExtension;
use wasm_host::{
    AccountId32, BlockEnv, ChainExtension, ExecOutcome, ExtensionCall, HostConfig, TxContext,
    WasmHost,
};

/// Owner hotkey of subnet 1 (registered there).
fn hk1() -> AccountId32 {
    key(2)
}
/// Owner hotkey of subnet 2.
fn hk2() -> AccountId32 {
    key(6)
}
/// A second hotkey registered on subnet 1 (coldkey `key(8)`).
fn hk3() -> AccountId32 {
    key(7)
}
const N1: NetUid = NetUid(1);
const N2: NetUid = NetUid(2);
const START: u64 = 1_000 * TAO;

struct World {
    host: WasmHost<TestState>,
    st: TestState,
    contract: AccountId32,
}

/// Genesis: subnet 1 (owner hotkey `key(2)`, plus `key(7)` registered), subnet 2 (owner hotkey
/// `key(6)`), the `ext_all` contract deployed, and 1,000 TAO native balance for the contract,
/// ALICE (who calls it) and BOB.
fn world() -> World {
    let (mut native, netuid) = with_subnet();
    assert_eq!(netuid, N1);
    fund(&mut native, &key(5), 10_000 * TAO);
    assert_eq!(subnets::register_network(&mut native, &key(5), &hk2(), None).unwrap(), N2);
    register(&mut native, N1, 8, 7);
    let ext: Arc<dyn ChainExtension<TestState>> = Arc::new(BittensorExtension::new());
    let host = WasmHost::with_extension(HostConfig::default(), ext).unwrap();
    let mut st = TestState::new(native);
    st.wasm.set_balance(ALICE, START);
    let hash = host.upload(&mut st, &wasm("ext_all"), u64::MAX).unwrap().0;
    let out = host.instantiate(&mut st, &tx(ALICE), hash, 0, input("new", &[]), Vec::new());
    assert!(out.exec.succeeded(), "{:?}", out.exec);
    let contract = out.account;
    for who in [contract, ALICE, BOB] {
        fund(&mut st.native, &who, START);
    }
    World { host, st, contract }
}

fn tx(origin: AccountId32) -> TxContext {
    TxContext { origin, env: BlockEnv::default(), gas_limit: GAS }
}

fn acc(a: &AccountId32) -> Vec<u8> {
    a.0.to_vec()
}
fn u16le(v: u16) -> Vec<u8> {
    v.to_le_bytes().to_vec()
}
fn u64le(v: u64) -> Vec<u8> {
    v.to_le_bytes().to_vec()
}

impl World {
    fn call(&mut self, msg: &str, args: &[&[u8]]) -> ExecOutcome {
        let c = self.contract;
        self.host.call(&mut self.st, &tx(ALICE), c, 0, input(msg, args))
    }

    /// Calls `msg`; asserts it succeeded; returns the message's `Ok` output.
    fn ok(&mut self, msg: &str, args: &[&[u8]]) -> Vec<u8> {
        let out = self.call(msg, args);
        assert!(out.succeeded(), "{msg}: {out:?}");
        let data = out.result.unwrap().data;
        assert_eq!(&data[..2], &[0, 0], "{msg}: Ok(Ok(..))");
        data[2..].to_vec()
    }

    /// Calls `msg`; asserts it reverted with `Err(Status(status))` and changed nothing.
    fn fails(&mut self, msg: &str, args: &[&[u8]], status: u32) {
        let before = self.st.native.clone();
        let out = self.call(msg, args);
        let rv = out.result.clone().unwrap();
        assert!(rv.did_revert(), "{msg}: expected a revert, got {out:?}");
        let mut want = vec![0, 1];
        want.extend_from_slice(&status.to_le_bytes());
        assert_eq!(rv.data, want, "{msg}: status");
        assert_eq!(self.st.native.slots, before.slots, "{msg}: native slots changed");
        assert_eq!(self.st.native.balances, before.balances, "{msg}: balances changed");
    }

    fn stake(&mut self, hk: &AccountId32, ck: &AccountId32, n: NetUid) -> u64 {
        staking::stake(&mut self.st.native, hk, ck, n).unwrap().get()
    }
    fn free(&mut self, who: &AccountId32) -> u64 {
        self.st.native.free_balance(who).unwrap().get()
    }
    fn reserves(&mut self, n: NetUid) -> (u64, u64) {
        let t = pool::tao_reserve(&mut self.st.native, n).unwrap().get();
        let a = pool::alpha_reserve(&mut self.st.native, n).unwrap().get();
        (t, a)
    }
    fn fee_rate(&mut self, n: NetUid) -> u64 {
        u64::from(pool::fee_rate(&mut self.st.native, n).unwrap())
    }
    /// Alpha a user buy of `tao` gets, by hand: fee floor(tao·rate/65535) on the input, then
    /// the constant product floor(A·net/(T+net)).
    fn buy_out(&mut self, n: NetUid, tao: u64) -> u64 {
        let (t, a) = self.reserves(n);
        let net = tao - tao * self.fee_rate(n) / 65_535;
        u64::try_from(u128::from(a) * u128::from(net) / (u128::from(t) + u128::from(net))).unwrap()
    }
    /// TAO a user sell of `alpha` pays (the pool's own simulation).
    fn sell_out(&mut self, n: NetUid, alpha: u64) -> u64 {
        pool::sim_swap_alpha_for_tao(&mut self.st.native, n, AlphaRao(alpha)).unwrap().amount_out
    }
}

/// Spot price, RAO per alpha, floored.
fn spot(t: u64, a: u64) -> u64 {
    u64::try_from(u128::from(t) * u128::from(TAO) / u128::from(a)).unwrap()
}

fn stake_args(hk: &AccountId32, n: NetUid, amount: u64) -> [Vec<u8>; 3] {
    [acc(hk), u16le(n.get()), u64le(amount)]
}
fn refs(v: &[Vec<u8>]) -> Vec<&[u8]> {
    v.iter().map(|x| x.as_slice()).collect()
}

#[test]
fn add_and_remove_stake_act_as_contract_or_caller() {
    let mut w = world();
    let c = w.contract;
    // 1 add_stake: the contract stakes 10 TAO of its own balance.
    let want = w.buy_out(N1, 10 * TAO);
    assert_eq!(w.ok("add_stake", &refs(&stake_args(&hk1(), N1, 10 * TAO))), Vec::<u8>::new());
    assert_eq!(w.stake(&hk1(), &c, N1), want);
    assert_eq!(w.free(&c), START - 10 * TAO);
    assert_eq!((w.free(&ALICE), w.stake(&hk1(), &ALICE, N1)), (START, 0));
    // 20 caller_add_stake: ALICE, the caller, stakes 5 TAO of hers.
    let want_a = w.buy_out(N1, 5 * TAO);
    w.ok("caller_add_stake", &refs(&stake_args(&hk1(), N1, 5 * TAO)));
    assert_eq!(w.stake(&hk1(), &ALICE, N1), want_a);
    assert_eq!(w.free(&ALICE), START - 5 * TAO);
    assert_eq!(w.stake(&hk1(), &c, N1), want, "the contract's position is untouched");
    // 2 remove_stake: the contract sells half its alpha.
    let half = want / 2;
    let tao = w.sell_out(N1, half);
    w.ok("remove_stake", &refs(&stake_args(&hk1(), N1, half)));
    assert_eq!(w.stake(&hk1(), &c, N1), want - half);
    assert_eq!(w.free(&c), START - 10 * TAO + tao);
    // 21 caller_remove_stake: ALICE sells a third of hers.
    let third = want_a / 3;
    let tao_a = w.sell_out(N1, third);
    w.ok("caller_remove_stake", &refs(&stake_args(&hk1(), N1, third)));
    assert_eq!(w.stake(&hk1(), &ALICE, N1), want_a - third);
    assert_eq!(w.free(&ALICE), START - 5 * TAO + tao_a);
    // 0 get_stake_info_for_hotkey_coldkey_netuid: Some(StakeInfo) with compact fields.
    let out =
        w.ok("get_stake_info_for_hotkey_coldkey_netuid", &[&acc(&hk1()), &acc(&c), &u16le(1)]);
    let mut expect = vec![1u8];
    expect.extend_from_slice(&hk1().0);
    expect.extend_from_slice(&c.0);
    expect.push(0x04); // Compact(1)
    expect.extend(compact(want - half));
    expect.extend_from_slice(&[0, 0, 0, 0, 1]);
    assert_eq!(out, expect);
    // 36 get_stake_availability: all of it available.
    let out = w.ok("get_stake_availability", &[&acc(&c), &u16le(1)]);
    let left = want - half;
    assert_eq!(out, [u16le(1), u64le(left), u64le(0), u64le(left)].concat());
}

/// SCALE compact of a u64 (test-side reference for the values used here).
fn compact(v: u64) -> Vec<u8> {
    if v < 1 << 6 {
        vec![(v as u8) << 2]
    } else if v < 1 << 14 {
        (((v as u16) << 2) | 1).to_le_bytes().to_vec()
    } else if v < 1 << 30 {
        (((v as u32) << 2) | 2).to_le_bytes().to_vec()
    } else {
        let b = v.to_le_bytes();
        let n = 8 - b.iter().rev().take_while(|x| **x == 0).count();
        let n = n.max(4);
        let mut out = vec![(((n - 4) as u8) << 2) | 3];
        out.extend_from_slice(&b[..n]);
        out
    }
}

#[test]
fn reads_price_registration_state_and_locks() {
    let mut w = world();
    // 15 get_alpha_price: floor(floor(T·2^64/A) · 10^9 / 2^64).
    let (t, a) = w.reserves(N1);
    let bits = (U256::from(t) << 64usize) / U256::from(a);
    let want = ((bits * U256::from(1_000_000_000u64)) >> 64usize).to::<u64>();
    assert_eq!(w.ok("get_alpha_price", &[&u16le(1)]), u64le(want));
    assert_eq!(w.ok("get_alpha_price", &[&u16le(0)]), u64le(TAO), "root: 1 TAO");
    // 34 get_subnet_registration_state.
    let out = w.ok("get_subnet_registration_state", &[&u16le(2)]);
    assert_eq!(out, [u16le(2), vec![1], u64le(1)].concat());
    let out = w.ok("get_subnet_registration_state", &[&u16le(9)]);
    assert_eq!(out, [u16le(9), vec![0], u64le(0)].concat());
    // 35 get_coldkey_lock: no locks here.
    assert_eq!(w.ok("get_coldkey_lock", &[&acc(&ALICE), &u16le(1)]), vec![0]);
    // 0 for a coldkey with nothing: Some(zero stake), not registered.
    let out =
        w.ok("get_stake_info_for_hotkey_coldkey_netuid", &[&acc(&BOB), &acc(&ALICE), &u16le(2)]);
    assert_eq!(out.len(), 1 + 64 + 7);
    assert_eq!(&out[65..], &[0x08, 0, 0, 0, 0, 0, 0]);
}

#[test]
fn failures_return_the_status_and_change_nothing() {
    let mut w = world();
    let c = w.contract;
    w.ok("add_stake", &refs(&stake_args(&hk1(), N1, 10 * TAO)));
    let mine = w.stake(&hk1(), &c, N1);
    // 2: not enough balance to stake (contract and caller).
    w.fails("add_stake", &refs(&stake_args(&hk1(), N1, 2 * START)), 2);
    w.fails("caller_add_stake", &refs(&stake_args(&hk1(), N1, 2 * START)), 2);
    w.fails("add_stake_recycle", &refs(&stake_args(&hk1(), N1, 2 * START)), 2);
    // 5: hotkey never registered (HotKeyAccountNotExists).
    w.fails("add_stake", &refs(&stake_args(&key(99), N1, TAO)), 5);
    // 6: more alpha than staked.
    w.fails("remove_stake", &refs(&stake_args(&hk1(), N1, mine + 1)), 6);
    w.fails("caller_remove_stake", &refs(&stake_args(&hk1(), N1, 1)), 6);
    w.fails("unstake_all", &[&acc(&key(99))], 5);
    // 9: unknown subnet.
    w.fails("add_stake", &refs(&stake_args(&hk1(), NetUid(9), TAO)), 9);
    w.fails("remove_stake_full_limit", &[&acc(&hk1()), &u16le(9), &[0]], 9);
    // 13: below the minimum stake (0.002 TAO plus fee).
    w.fails("add_stake", &refs(&stake_args(&hk1(), N1, 1_000)), 13);
    // 8: a limit the full buy would cross, no partial fill; 1: a limit already crossed
    // (ZeroMaxStakeAmount has no code of its own).
    let (t, a) = w.reserves(N1);
    let price = spot(t, a);
    let lim = |p: u64, partial: bool| {
        [acc(&hk1()), u16le(1), u64le(500 * TAO), u64le(p), vec![u8::from(partial)]]
    };
    w.fails("add_stake_limit", &refs(&lim(price + price / 100, false)), 8);
    w.fails("add_stake_limit", &refs(&lim(price / 2, false)), 1);
    w.fails("caller_add_stake_limit", &refs(&lim(price + price / 100, false)), 8);
    // 15: same netuid.
    let swap = [acc(&hk1()), u16le(1), u16le(1), u64le(mine)];
    w.fails("swap_stake", &refs(&swap), 15);
    let swap_lim = [acc(&hk1()), u16le(1), u16le(1), u64le(mine), u64le(0), vec![1]];
    w.fails("swap_stake_limit", &refs(&swap_lim), 15);
    // 5 (the real map's NotRegistered, for HotKeyNotRegisteredInSubNet too): hk2 has no uid
    // on subnet 1.
    w.fails("set_coldkey_auto_stake_hotkey", &[&u16le(1), &acc(&hk2())], 5);
    // 21: no recycling on root; the stake half of add_stake_recycle is undone with it.
    w.fails("add_stake_recycle", &refs(&stake_args(&hk1(), NetUid(0), TAO)), 21);
    w.fails("burn_alpha", &refs(&stake_args(&hk1(), NetUid(0), TAO)), 21);
    assert_eq!(w.stake(&hk1(), &c, N1), mine);
}

#[test]
fn proxies_and_auto_stake_hotkey() {
    let mut w = world();
    let c = w.contract;
    // 13 add_proxy (as the contract) / 32 caller_add_proxy (as ALICE).
    w.ok("add_proxy", &[&acc(&BOB)]);
    w.ok("caller_add_proxy", &[&acc(&BOB)]);
    assert_eq!(proxy::proxies(&mut w.st.native, &c).unwrap(), vec![BOB]);
    assert_eq!(proxy::proxies(&mut w.st.native, &ALICE).unwrap(), vec![BOB]);
    // 17 duplicate, 18 self-proxy, 19 not found.
    w.fails("add_proxy", &[&acc(&BOB)], 17);
    w.fails("add_proxy", &[&acc(&c)], 18);
    w.fails("caller_add_proxy", &[&acc(&ALICE)], 18);
    w.fails("remove_proxy", &[&acc(&key(77))], 19);
    // 16 too many: fill the contract's list to 20.
    for n in 0..19u8 {
        w.ok("add_proxy", &[&acc(&key(100 + n))]);
    }
    w.fails("add_proxy", &[&acc(&key(99))], 16);
    // 14 remove_proxy / 33 caller_remove_proxy.
    w.ok("remove_proxy", &[&acc(&BOB)]);
    w.ok("caller_remove_proxy", &[&acc(&BOB)]);
    assert_eq!(proxy::proxies(&mut w.st.native, &c).unwrap().len(), 19);
    assert!(proxy::proxies(&mut w.st.native, &ALICE).unwrap().is_empty());
    w.fails("caller_remove_proxy", &[&acc(&BOB)], 19);
    // 12 set_coldkey_auto_stake_hotkey / 31 caller_: 11 when unchanged.
    w.ok("set_coldkey_auto_stake_hotkey", &[&u16le(1), &acc(&hk1())]);
    w.fails("set_coldkey_auto_stake_hotkey", &[&u16le(1), &acc(&hk1())], 11);
    w.ok("caller_set_coldkey_auto_stake_hotkey", &[&u16le(1), &acc(&hk3())]);
    w.fails("caller_set_coldkey_auto_stake_hotkey", &[&u16le(1), &acc(&hk3())], 11);
    w.fails("caller_set_coldkey_auto_stake_hotkey", &[&u16le(7), &acc(&hk3())], 9);
    let auto = |w: &mut World, ck| {
        tao_runtime::autostake::auto_stake_hotkey(&mut w.st.native, &ck, N1).unwrap()
    };
    assert_eq!(auto(&mut w, c), Some(hk1()));
    assert_eq!(auto(&mut w, ALICE), Some(hk3()));
}

#[test]
fn moves_transfers_and_swaps() {
    let mut w = world();
    let c = w.contract;
    w.ok("add_stake", &refs(&stake_args(&hk1(), N1, 20 * TAO)));
    w.ok("caller_add_stake", &refs(&stake_args(&hk1(), N1, 20 * TAO)));
    let mine = w.stake(&hk1(), &c, N1);
    let hers = w.stake(&hk1(), &ALICE, N1);
    // 5 move_stake within subnet 1 to hk3: a share transfer, alpha for alpha.
    let part = mine / 4;
    let mv = |amount: u64| [acc(&hk1()), acc(&hk3()), u16le(1), u16le(1), u64le(amount)];
    w.ok("move_stake", &refs(&mv(part)));
    assert_eq!((w.stake(&hk1(), &c, N1), w.stake(&hk3(), &c, N1)), (mine - part, part));
    // 24 caller_move_stake.
    w.ok("caller_move_stake", &refs(&mv(hers / 4)));
    assert_eq!(w.stake(&hk3(), &ALICE, N1), hers / 4);
    // 6 transfer_stake: the contract gives BOB part of its hk3 position.
    let tr = |dest: &AccountId32, amount: u64| {
        [acc(dest), acc(&hk3()), u16le(1), u16le(1), u64le(amount)]
    };
    w.ok("transfer_stake", &refs(&tr(&BOB, part / 2)));
    assert_eq!((w.stake(&hk3(), &c, N1), w.stake(&hk3(), &BOB, N1)), (part - part / 2, part / 2));
    // 25 caller_transfer_stake: ALICE gives BOB hers on hk3.
    w.ok("caller_transfer_stake", &refs(&tr(&BOB, hers / 4)));
    assert_eq!(w.stake(&hk3(), &BOB, N1), part / 2 + hers / 4);
    assert_eq!(w.stake(&hk3(), &ALICE, N1), 0);
    // 7 swap_stake subnet 1 -> 2: sold on 1 (with fee), bought fee-free on 2.
    let amount = w.stake(&hk1(), &c, N1) / 2;
    let tao = w.sell_out(N1, amount);
    let (t2, a2) = w.reserves(N2);
    let want = u64::try_from(u128::from(a2) * u128::from(tao) / u128::from(t2 + tao)).unwrap();
    let before = w.stake(&hk1(), &c, N1);
    w.ok("swap_stake", &[&acc(&hk1()), &u16le(1), &u16le(2), &u64le(amount)]);
    assert_eq!(w.stake(&hk1(), &c, N2), want);
    assert_eq!(w.stake(&hk1(), &c, N1), before - amount);
    // 26 caller_swap_stake.
    let amount = w.stake(&hk1(), &ALICE, N1) / 2;
    let tao = w.sell_out(N1, amount);
    let (t2, a2) = w.reserves(N2);
    let want = u64::try_from(u128::from(a2) * u128::from(tao) / u128::from(t2 + tao)).unwrap();
    w.ok("caller_swap_stake", &[&acc(&hk1()), &u16le(1), &u16le(2), &u64le(amount)]);
    assert_eq!(w.stake(&hk1(), &ALICE, N2), want);
}

/// The ratio (price on `o` / price on `d`) × 10^9 now, floored.
fn ratio(w: &mut World, o: NetUid, d: NetUid) -> u64 {
    let (to, ao) = w.reserves(o);
    let (td, ad) = w.reserves(d);
    let num = U256::from(to) * U256::from(ad) * U256::from(TAO);
    (num / (U256::from(ao) * U256::from(td))).to()
}

#[test]
fn swap_stake_limit_fills_within_the_ratio() {
    let mut w = world();
    let c = w.contract;
    w.ok("add_stake", &refs(&stake_args(&hk1(), N1, 300 * TAO)));
    w.ok("caller_add_stake", &refs(&stake_args(&hk1(), N1, 300 * TAO)));
    let mine = w.stake(&hk1(), &c, N1);
    let r0 = ratio(&mut w, N1, N2);
    let sl = |amount: u64, limit: u64, partial: bool| {
        [acc(&hk1()), u16le(1), u16le(2), u64le(amount), u64le(limit), vec![u8::from(partial)]]
    };
    // A limit above the current ratio: nothing can execute (status 1, ZeroMaxStakeAmount).
    w.fails("swap_stake_limit", &refs(&sl(mine, r0 + 1, true)), 1);
    // A limit the full swap would cross: 8 without partial fills.
    let limit = r0 - r0 / 20;
    w.fails("swap_stake_limit", &refs(&sl(mine, limit, false)), 8);
    // 10 swap_stake_limit with partial fills: some alpha moves, the ratio stays at or above
    // the limit, and one more alpha-RAO would have crossed it.
    w.ok("swap_stake_limit", &refs(&sl(mine, limit, true)));
    let moved = mine - w.stake(&hk1(), &c, N1);
    assert!(moved > 0 && moved < mine, "partial fill: {moved} of {mine}");
    assert!(w.stake(&hk1(), &c, N2) > 0);
    assert!(ratio(&mut w, N1, N2) >= limit - 1);
    // 29 caller_swap_stake_limit with no limit (0): the whole amount moves.
    let hers = w.stake(&hk1(), &ALICE, N1);
    w.ok("caller_swap_stake_limit", &refs(&sl(hers / 10, 0, false)));
    assert_eq!(w.stake(&hk1(), &ALICE, N1), hers - hers / 10);
}

#[test]
fn limits_full_removal_and_unstake_all() {
    let mut w = world();
    let c = w.contract;
    w.ok("add_stake", &refs(&stake_args(&hk1(), N1, 30 * TAO)));
    w.ok("add_stake", &refs(&stake_args(&hk2(), N2, 30 * TAO)));
    w.ok("add_stake", &refs(&stake_args(&hk1(), NetUid(0), 5 * TAO)));
    w.ok("caller_add_stake", &refs(&stake_args(&hk1(), N1, 30 * TAO)));
    w.ok("caller_add_stake", &refs(&stake_args(&hk2(), N2, 30 * TAO)));
    assert_eq!(w.stake(&hk1(), &c, NetUid(0)), 5 * TAO, "root is 1:1");
    // 8 add_stake_limit with a generous limit: fills fully, same alpha as a plain buy.
    let (t, a) = w.reserves(N1);
    let price = spot(t, a);
    let want = w.buy_out(N1, TAO);
    let before = w.stake(&hk1(), &c, N1);
    w.ok("add_stake_limit", &[&acc(&hk1()), &u16le(1), &u64le(TAO), &u64le(2 * price), &[0]]);
    assert_eq!(w.stake(&hk1(), &c, N1), before + want);
    // 27 caller_add_stake_limit with partial fills allowed.
    let before = w.stake(&hk1(), &ALICE, N1);
    w.ok(
        "caller_add_stake_limit",
        &[&acc(&hk1()), &u16le(1), &u64le(TAO), &u64le(2 * price), &[1]],
    );
    assert!(w.stake(&hk1(), &ALICE, N1) > before);
    // 9 remove_stake_limit (limit 0 never binds on a sell) / 28 caller_.
    let mine = w.stake(&hk1(), &c, N1);
    let tao = w.sell_out(N1, mine / 3);
    let free = w.free(&c);
    w.ok("remove_stake_limit", &[&acc(&hk1()), &u16le(1), &u64le(mine / 3), &u64le(0), &[0]]);
    assert_eq!((w.stake(&hk1(), &c, N1), w.free(&c)), (mine - mine / 3, free + tao));
    let hers = w.stake(&hk1(), &ALICE, N1);
    w.ok(
        "caller_remove_stake_limit",
        &[&acc(&hk1()), &u16le(1), &u64le(hers / 3), &u64le(0), &[1]],
    );
    assert_eq!(w.stake(&hk1(), &ALICE, N1), hers - hers / 3);
    // 8 slippage on a sell: a limit above the price after selling everything.
    let (t, a) = w.reserves(N1);
    let price = spot(t, a);
    let left = w.stake(&hk1(), &c, N1);
    w.fails(
        "remove_stake_limit",
        &[&acc(&hk1()), &u16le(1), &u64le(left), &u64le(price - price / 1000), &[0]],
        8,
    );
    // 11 remove_stake_full_limit (None) / 30 caller_ (Some(0)).
    let tao = w.sell_out(N1, left);
    let free = w.free(&c);
    w.ok("remove_stake_full_limit", &[&acc(&hk1()), &u16le(1), &[0]]);
    assert_eq!((w.stake(&hk1(), &c, N1), w.free(&c)), (0, free + tao));
    w.fails("remove_stake_full_limit", &[&acc(&hk1()), &u16le(1), &[0]], 6);
    let mut some0 = vec![1u8];
    some0.extend_from_slice(&u64le(0));
    w.ok("caller_remove_stake_full_limit", &[&acc(&hk1()), &u16le(1), &some0]);
    assert_eq!(w.stake(&hk1(), &ALICE, N1), 0);
    // 4 unstake_all_alpha: the subnet-2 alpha goes to root under the same hotkey.
    let mine2 = w.stake(&hk2(), &c, N2);
    let tao = w.sell_out(N2, mine2);
    w.ok("unstake_all_alpha", &[&acc(&hk2())]);
    assert_eq!((w.stake(&hk2(), &c, N2), w.stake(&hk2(), &c, NetUid(0))), (0, tao));
    // 23 caller_unstake_all_alpha.
    let hers2 = w.stake(&hk2(), &ALICE, N2);
    let tao = w.sell_out(N2, hers2);
    w.ok("caller_unstake_all_alpha", &[&acc(&hk2())]);
    assert_eq!(w.stake(&hk2(), &ALICE, NetUid(0)), tao);
    // 3 unstake_all: root stake back to free TAO, 1:1.
    let free = w.free(&c);
    w.ok("unstake_all", &[&acc(&hk1())]);
    assert_eq!((w.stake(&hk1(), &c, NetUid(0)), w.free(&c)), (0, free + 5 * TAO));
    // 22 caller_unstake_all.
    let root = w.stake(&hk2(), &ALICE, NetUid(0));
    let free = w.free(&ALICE);
    w.ok("caller_unstake_all", &[&acc(&hk2())]);
    assert_eq!((w.stake(&hk2(), &ALICE, NetUid(0)), w.free(&ALICE)), (0, free + root));
}

#[test]
fn burn_recycle_and_their_stake_variants_return_the_alpha() {
    let mut w = world();
    let c = w.contract;
    w.ok("add_stake", &refs(&stake_args(&hk1(), N1, 10 * TAO)));
    let mine = w.stake(&hk1(), &c, N1);
    let out0 = pool::alpha_out(&mut w.st.native, N1).unwrap().get();
    // 16 recycle_alpha: returns the alpha recycled; alpha out drops by it.
    assert_eq!(w.ok("recycle_alpha", &refs(&stake_args(&hk1(), N1, mine / 4))), u64le(mine / 4));
    assert_eq!(w.stake(&hk1(), &c, N1), mine - mine / 4);
    assert_eq!(pool::alpha_out(&mut w.st.native, N1).unwrap().get(), out0 - mine / 4);
    // 17 burn_alpha, capped at the stake: returns what was burned; alpha out stays.
    let left = w.stake(&hk1(), &c, N1);
    let burned0 = pool::alpha_burned(&mut w.st.native, N1).unwrap();
    assert_eq!(w.ok("burn_alpha", &refs(&stake_args(&hk1(), N1, u64::MAX))), u64le(left));
    assert_eq!(w.stake(&hk1(), &c, N1), 0);
    assert_eq!(pool::alpha_burned(&mut w.st.native, N1).unwrap(), burned0 + u128::from(left));
    assert_eq!(pool::alpha_out(&mut w.st.native, N1).unwrap().get(), out0 - mine / 4);
    // 18 add_stake_recycle: the alpha bought, then recycled; no position is left.
    let want = w.buy_out(N1, 3 * TAO);
    let free = w.free(&c);
    let out1 = pool::alpha_out(&mut w.st.native, N1).unwrap().get();
    assert_eq!(w.ok("add_stake_recycle", &refs(&stake_args(&hk1(), N1, 3 * TAO))), u64le(want));
    assert_eq!((w.stake(&hk1(), &c, N1), w.free(&c)), (0, free - 3 * TAO));
    assert_eq!(pool::alpha_out(&mut w.st.native, N1).unwrap().get(), out1);
    // 19 add_stake_burn: the alpha bought, then burned (still counted in alpha out).
    let want = w.buy_out(N1, 2 * TAO);
    assert_eq!(w.ok("add_stake_burn", &refs(&stake_args(&hk1(), N1, 2 * TAO))), u64le(want));
    assert_eq!(w.stake(&hk1(), &c, N1), 0);
    assert_eq!(pool::alpha_out(&mut w.st.native, N1).unwrap().get(), out1 + want);
    // Nothing to burn or recycle: 6.
    w.fails("recycle_alpha", &refs(&stake_args(&hk1(), N1, 1)), 6);
}

fn ecall(id: u32, contract: AccountId32, input: &[u8]) -> ExtensionCall<'_> {
    ExtensionCall { id, contract, caller: ALICE, input }
}

#[test]
fn the_extension_traps_on_bad_input_and_reverts_on_a_status() {
    let mut w = world();
    let ext = BittensorExtension::<TestState>::new();
    let c = w.contract;
    let before = w.st.native.clone();
    // Malformed SCALE (a short buffer, a bad bool): Err, which traps the contract.
    let err = ext.call(&mut w.st, &ecall(0x1000_0001, c, &[0; 20])).unwrap_err();
    assert!(err.contains("failed to decode input parameters"), "{err}");
    let mut bad_bool = [acc(&hk1()), u16le(1), u64le(TAO), u64le(TAO)].concat();
    bad_bool.push(2);
    let err = ext.call(&mut w.st, &ecall(0x1000_0008, c, &bad_bool)).unwrap_err();
    assert!(err.contains("invalid bool byte 2"), "{err}");
    // Another extension id, an unknown function: Err.
    let args = [acc(&hk1()), u16le(1), u64le(TAO)].concat();
    assert!(ext.call(&mut w.st, &ecall(0x2000_0001, c, &args)).unwrap_err().contains("0x2000"));
    assert!(ext.call(&mut w.st, &ecall(0x1000_0025, c, &[])).unwrap_err().contains("37"));
    // add_stake_recycle on root: the stake succeeds, the recycle refuses (21), and the
    // extension's own checkpoint undoes the stake.
    let root = [acc(&hk1()), u16le(0), u64le(TAO)].concat();
    let out = ext.call(&mut w.st, &ecall(0x1000_0012, c, &root)).unwrap();
    assert_eq!((out.status, out.gas), (21, 120_000));
    assert_eq!(w.st.native.slots, before.slots);
    assert_eq!(w.st.native.balances, before.balances);
    assert_eq!(w.st.open_checkpoints(), 0, "every checkpoint closed");
    // Through the contract, the host charges the extension's gas on top of the wasm.
    let out = w.call("add_stake", &refs(&stake_args(&hk1(), N1, TAO)));
    assert!(out.succeeded());
    assert!(out.gas_used > 60_000, "extension gas charged: {}", out.gas_used);
}
