//! The ink! delegation vault and subnet bounty (`contracts/ink/{vault,bounty}`) end to end on
//! `wasm_host::WasmHost<MemoryState>`, with a test ledger behind the chain extension 0x1000:
//! `add_stake` (id 1) takes RAO from the contract's balance and buys alpha from a
//! `NativePool`, `remove_stake` (id 2) sells alpha and credits the TAO to the contract, and
//! `get_stake_info_for_hotkey_coldkey_netuid` (id 0) answers the real chain's `StakeInfo`.
//! These are the paths ink!'s off-chain test environment cannot show (value moving on stake
//! changes and payouts).

use crate::pool_diff_ink::{ink_wasm, selector, tx};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use tao_economics::pool::{NativePool, PoolEngine, Reserves};
use wasm_host::{
    AccountId32, ChainExtension, ExtensionCall, ExtensionOutcome, HostConfig, MemoryState,
    WasmHost, WasmState,
};

const ALICE: AccountId32 = AccountId32([0xa1; 32]);
const BOB: AccountId32 = AccountId32([0xb0; 32]);
const HOTKEY: AccountId32 = AccountId32([0x77; 32]);
const NETUID: u16 = 3;
const TAO: u64 = 1_000_000_000;
/// Where staked TAO goes (the subnet's TAO side); moved with the journaled `transfer`, so a
/// reverted frame gives it back.
const STAKED: AccountId32 = AccountId32([0x5e; 32]);

/// Stakes per (hotkey, coldkey), emissions per hotkey, and the subnet's pool. It lives outside
/// the host's journaled state, so a test restores it around a call it expects to revert.
#[derive(Clone)]
struct Ledger {
    pool: NativePool,
    stakes: BTreeMap<([u8; 32], [u8; 32]), u64>,
    emission: BTreeMap<[u8; 32], u64>,
}

struct LedgerExt(Mutex<Ledger>);

/// SCALE compact encoding of a `u64`.
fn compact(v: u64) -> Vec<u8> {
    match v {
        0..=0x3f => vec![(v as u8) << 2],
        0x40..=0x3fff => ((v as u16) << 2 | 1).to_le_bytes().to_vec(),
        0x4000..=0x3fff_ffff => ((v as u32) << 2 | 2).to_le_bytes().to_vec(),
        _ => {
            let bytes = v.to_le_bytes();
            let n = 8 - (v.leading_zeros() / 8) as usize;
            let mut out = vec![(((n - 4) as u8) << 2) | 3];
            out.extend_from_slice(&bytes[..n]);
            out
        }
    }
}

fn account(b: &[u8]) -> [u8; 32] {
    b[..32].try_into().expect("32 bytes")
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"))
}

impl ChainExtension<MemoryState> for LedgerExt {
    fn call(
        &self,
        state: &mut MemoryState,
        call: &ExtensionCall<'_>,
    ) -> Result<ExtensionOutcome, String> {
        assert_eq!(call.id >> 16, 0x1000, "extension id");
        let mut l = self.0.lock().map_err(|e| e.to_string())?;
        let inp = call.input;
        let me = call.contract;
        let status = |status| Ok(ExtensionOutcome { status, output: Vec::new(), gas: 0 });
        match call.id & 0xffff {
            0 => {
                let (hotkey, coldkey) = (account(inp), account(&inp[32..]));
                assert_eq!(u16::from_le_bytes([inp[64], inp[65]]), NETUID);
                let stake = l.stakes.get(&(hotkey, coldkey)).copied();
                let emission = l.emission.get(&hotkey).copied();
                let mut out = Vec::new();
                if stake.is_some() || emission.is_some() {
                    out.push(1);
                    out.extend_from_slice(&hotkey);
                    out.extend_from_slice(&coldkey);
                    out.extend(compact(u64::from(NETUID)));
                    out.extend(compact(stake.unwrap_or(0)));
                    out.extend(compact(0));
                    out.extend(compact(emission.unwrap_or(0)));
                    out.extend(compact(0));
                    out.extend(compact(0));
                    out.push(u8::from(emission.is_some()));
                } else {
                    out.push(0);
                }
                Ok(ExtensionOutcome { status: 0, output: out, gas: 0 })
            }
            1 => {
                let (hotkey, amount) = (account(inp), u64_at(inp, 34));
                if state.transfer(&me, &STAKED, amount).is_err() {
                    return status(2);
                }
                let Ok(s) = l.pool.swap_tao_for_alpha(amount, None, false) else {
                    return status(14);
                };
                *l.stakes.entry((hotkey, me.0)).or_default() += s.amount_out;
                status(0)
            }
            2 => {
                let (hotkey, alpha) = (account(inp), u64_at(inp, 34));
                let held = l.stakes.get(&(hotkey, me.0)).copied().unwrap_or(0);
                if held < alpha {
                    return status(6);
                }
                let Ok(s) = l.pool.swap_alpha_for_tao(alpha, None, false) else {
                    return status(14);
                };
                l.stakes.insert((hotkey, me.0), held - alpha);
                state.transfer(&STAKED, &me, s.amount_out).map_err(|e| format!("{e:?}"))?;
                status(0)
            }
            _ => status(1),
        }
    }
}

struct World {
    host: WasmHost<MemoryState>,
    state: MemoryState,
    ledger: Arc<LedgerExt>,
}

impl World {
    fn new() -> Self {
        let ledger = Arc::new(LedgerExt(Mutex::new(Ledger {
            pool: NativePool::new(Reserves { tao_rao: 1_000 * TAO, alpha_rao: 10_000 * TAO }, 33)
                .expect("pool"),
            stakes: BTreeMap::new(),
            emission: BTreeMap::new(),
        })));
        let host = WasmHost::with_extension(HostConfig::default(), ledger.clone()).expect("host");
        let mut state = MemoryState::default();
        state.set_balance(ALICE, 1_000 * TAO);
        state.set_balance(BOB, 1_000 * TAO);
        state.set_balance(STAKED, 10_000 * TAO);
        Self { host, state, ledger }
    }

    fn deploy(&mut self, name: &str, ctor_args: &[u8]) -> AccountId32 {
        let (hash, _) =
            self.host.upload(&mut self.state, &ink_wasm(name), u64::MAX).expect("upload");
        let input = [selector("new"), ctor_args.to_vec()].concat();
        let out = self.host.instantiate(&mut self.state, &tx(ALICE), hash, 0, input, Vec::new());
        assert!(out.exec.succeeded(), "{name}: {:?}", out.exec);
        // The existential deposit, so every later balance the contract reads is spendable.
        self.state.set_balance(out.account, 500);
        out.account
    }

    /// Calls `msg`; the reply after the `LangError` byte and whether it reverted.
    fn call(
        &mut self,
        from: AccountId32,
        to: AccountId32,
        value: u64,
        msg: &str,
        args: &[u8],
    ) -> (Vec<u8>, bool) {
        let input = [selector(msg), args.to_vec()].concat();
        let out = self.host.call(&mut self.state, &tx(from), to, value, input);
        let rv = out.result.unwrap_or_else(|e| panic!("{msg}: {e:?}"));
        assert_eq!(rv.data.first(), Some(&0), "{msg}: LangError");
        (rv.data[1..].to_vec(), rv.did_revert())
    }

    /// A `Result<u64, _>` message that must succeed.
    fn ok_u64(
        &mut self,
        from: AccountId32,
        to: AccountId32,
        value: u64,
        msg: &str,
        args: &[u8],
    ) -> u64 {
        let (data, reverted) = self.call(from, to, value, msg, args);
        assert!(!reverted && data[0] == 0, "{msg}: {data:02x?}");
        u64_at(&data, 1)
    }

    /// Calls `msg` expecting a revert, and undoes what the ledger did during the call.
    fn reverted(
        &mut self,
        from: AccountId32,
        to: AccountId32,
        value: u64,
        msg: &str,
        args: &[u8],
    ) -> Vec<u8> {
        let saved = self.ledger.0.lock().expect("ledger").clone();
        let (data, reverted) = self.call(from, to, value, msg, args);
        assert!(reverted && data[0] == 1, "{msg} should revert: {data:02x?}");
        *self.ledger.0.lock().expect("ledger") = saved;
        data
    }

    fn stake_of(&self, coldkey: AccountId32) -> u64 {
        let l = self.ledger.0.lock().expect("ledger");
        l.stakes.get(&(HOTKEY.0, coldkey.0)).copied().unwrap_or(0)
    }
}

fn le(v: u64) -> [u8; 8] {
    v.to_le_bytes()
}

#[test]
fn ink_vault_stakes_deposits_and_pays_redemptions_in_tao() {
    let mut w = World::new();
    let vault = w.deploy("vault", &[HOTKEY.0.as_slice(), &NETUID.to_le_bytes()].concat());
    // Alice deposits 10 TAO: the vault stakes it and mints 10^6 shares per alpha-RAO (first deposit).
    let shares_a = w.ok_u64(ALICE, vault, 10 * TAO, "deposit", &le(0));
    let alpha_a = w.stake_of(vault);
    assert!(alpha_a > 0);
    assert_eq!(shares_a, alpha_a * 1_000_000);
    assert_eq!(w.state.balance(&ALICE), 990 * TAO);
    assert_eq!(w.state.balance(&vault), 500, "the deposit went into stake");
    // Bob deposits 5 TAO at a higher price: fewer shares per TAO, same formula.
    let shares_b = w.ok_u64(BOB, vault, 5 * TAO, "deposit", &le(0));
    let alpha_b = w.stake_of(vault) - alpha_a;
    let expect =
        u128::from(alpha_b) * (u128::from(shares_a) + 1_000_000) / (u128::from(alpha_a) + 1);
    assert_eq!(u128::from(shares_b), expect);
    // A minimum above what a deposit mints reverts it, and the value goes back.
    let data = w.reverted(BOB, vault, TAO, "deposit", &le(u64::MAX));
    assert_eq!(data[1], 4, "SharesBelowMinimum: {data:02x?}");
    assert_eq!(w.state.balance(&BOB), 995 * TAO);
    // Bob sends half his shares to Alice (PSP22 transfer).
    let (data, reverted) =
        w.call(BOB, vault, 0, "transfer", &[ALICE.0.as_slice(), &le(shares_b / 2)].concat());
    assert!(!reverted && data == [0], "{data:02x?}");
    // Alice redeems everything she holds except Bob's gift, to a fresh receiver.
    let receiver = AccountId32([0xcc; 32]);
    let before = w.stake_of(vault);
    let total = shares_a + shares_b;
    let alpha_out =
        u128::from(shares_a) * (u128::from(before) + 1) / (u128::from(total) + 1_000_000);
    let sim = w.ledger.0.lock().expect("ledger").pool.sim_swap_alpha_for_tao(
        alpha_out as u64,
        None,
        false,
    );
    let tao_out = sim.expect("sell quote").amount_out;
    // The minimum-out guard refuses one RAO more than the payout.
    let args = |min: u64| [le(shares_a).as_slice(), &receiver.0, &le(min)].concat();
    let data = w.reverted(ALICE, vault, 0, "redeem", &args(tao_out + 1));
    assert_eq!(data[1], 5, "AssetsBelowMinimum: {data:02x?}");
    assert_eq!((u64_at(&data, 2), u64_at(&data, 10)), (tao_out, tao_out + 1));
    assert_eq!(w.stake_of(vault), before, "a reverted redeem unstakes nothing");
    let paid = w.ok_u64(ALICE, vault, 0, "redeem", &args(tao_out));
    assert_eq!(paid, tao_out);
    assert_eq!(w.state.balance(&receiver), tao_out);
    assert_eq!(w.stake_of(vault), before - alpha_out as u64);
    assert_eq!(w.state.balance(&vault), 500);
    // Bob redeems the rest of the supply: the whole stake goes.
    let rest = shares_b - shares_b / 2;
    let (_, reverted) = w.call(BOB, vault, 0, "transfer", &[ALICE.0.as_slice(), &le(0)].concat());
    assert!(!reverted);
    let paid_b = w.ok_u64(BOB, vault, 0, "redeem", &[le(rest).as_slice(), &BOB.0, &le(0)].concat());
    assert!(paid_b > 0);
    let paid_gift = w.ok_u64(
        ALICE,
        vault,
        0,
        "redeem",
        &[le(shares_b / 2).as_slice(), &ALICE.0, &le(0)].concat(),
    );
    assert!(paid_gift > 0);
    assert_eq!(w.stake_of(vault), 0, "the last shares took the whole stake");
}

#[test]
fn ink_bounty_pays_miners_pro_rata_to_emission() {
    let mut w = World::new();
    let bounty =
        w.deploy("bounty", &[NETUID.to_le_bytes().as_slice(), &10u32.to_le_bytes()].concat());
    let miners = [
        (AccountId32([1; 32]), AccountId32([0x81; 32]), 1u64),
        (AccountId32([2; 32]), AccountId32([0x82; 32]), 2),
    ];
    for (hk, payee, emission) in miners {
        w.ledger.0.lock().expect("ledger").emission.insert(hk.0, emission);
        w.state.set_balance(payee, 1_000);
        let (data, reverted) = w.call(payee, bounty, 0, "register", &hk.0);
        assert!(!reverted && data == [0], "{data:02x?}");
    }
    let data = w.reverted(ALICE, bounty, 0, "register", &[9u8; 32]);
    assert_eq!(data, [1, 2], "NotRegistered");
    assert_eq!(w.ok_u64(ALICE, bounty, 1_000, "fund", &[]), 1_000);
    // Too early.
    let data = w.reverted(ALICE, bounty, 0, "close_round", &[]);
    assert_eq!(data, [1, 5, 11, 0, 0, 0], "RoundNotOver {{ ends_at: 11 }}");
    let mut later = tx(ALICE);
    later.env.block_number += 10;
    let out = w.host.call(&mut w.state, &later, bounty, 0, selector("close_round"));
    assert!(out.succeeded(), "{out:?}");
    // RoundOutcome { round 0, pot 1000, paid 1000·1/3 + 1000·2/3 = 333 + 666 = 999, Σw 3 }.
    let data = out.result.expect("ok").data;
    assert_eq!((data[1], u32::from_le_bytes(data[2..6].try_into().expect("4"))), (0, 0));
    assert_eq!((u64_at(&data, 6), u64_at(&data, 14)), (1_000, 999));
    for (_, payee, emission) in miners {
        let got = w.ok_u64(payee, bounty, 0, "claim", &[]);
        assert_eq!(got, 333 * emission);
        assert_eq!(w.state.balance(&payee), 1_000 + 333 * emission);
    }
    let (data, _) = w.call(ALICE, bounty, 0, "pot", &[]);
    assert_eq!(u64_at(&data, 0), 1, "the remainder stays for the next round");
}
