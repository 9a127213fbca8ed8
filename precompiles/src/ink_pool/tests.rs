use super::*;
use crate::events::Recorder;
use tao_economics::pool::{NativePool, PoolEngine};
use tao_runtime::MemNative;
use wasm_host::HostConfig;

const SYSTEM: AccountId32 = AccountId32([0xfe; 32]);
const NET: NetUid = NetUid(3);

fn env() -> BlockEnv {
    BlockEnv { block_number: 1, ..BlockEnv::default() }
}

/// A store with the embedded ink! pool instantiated (system = [`SYSTEM`]); the pool's account.
fn deployed(bridge: &Bridge) -> (Recorder<MemNative>, AccountId32) {
    let mut s = Recorder::new(MemNative::default());
    let account = deploy(bridge, &mut s, SYSTEM, env()).expect("deploy");
    s.take_logs();
    (s, account)
}

#[test]
fn selectors_are_the_documented_ones() {
    assert_eq!(selector("create_pool"), [0x2d, 0xee, 0xb8, 0x0e]);
    assert_eq!(selector("swap_tao_for_alpha"), [0xeb, 0x42, 0x0f, 0x46]);
    let input = encode(NET, &PoolOp::SwapTaoForAlpha { tao: 5, limit: Some(7), partial: true })
        .expect("a call");
    // selector ‖ netuid u16 ‖ tao u64 ‖ Some(7) ‖ true
    assert_eq!(input.len(), 4 + 2 + 8 + 9 + 1);
    assert_eq!(&input[4..6], &[3, 0]);
    assert_eq!(&input[14..16], &[1, 7]);
    assert_eq!(input.last(), Some(&1));
    assert!(encode(NET, &PoolOp::SetReserves { tao: 1, alpha: 1 }).is_none());
}

#[test]
fn decode_maps_results_and_errors() {
    let mut ok = vec![0u8];
    ok.extend_from_slice(&10u64.to_le_bytes());
    ok.extend_from_slice(&20u64.to_le_bytes());
    assert_eq!(
        decode(NET, &PoolOp::Remove, &ok).expect("decodes"),
        OpResult::Removed(Reserves { tao_rao: 10, alpha_rao: 20 })
    );
    let mut err = vec![1u8, 7];
    err.extend_from_slice(&4u64.to_le_bytes());
    err.extend_from_slice(&9u64.to_le_bytes());
    let e = decode(NET, &PoolOp::ProtocolSell { alpha: 9 }, &err).expect_err("an Err");
    assert!(e.to_string().contains("InsufficientLiquidity { reserve: 4, required: 9 }"), "{e}");
    assert!(decode(NET, &PoolOp::Remove, &ok[..9]).is_err(), "short output is refused");
    assert!(decode(NET, &PoolOp::Remove, &[0, 1, 2]).is_err());
}

/// Create and swap through the real contract on the wasm bridge: the results equal the native
/// model's to the unit, the contract's storage and 0xa00 logs change, and an error maps to
/// `Reverted` with the contract's error.
#[test]
fn ops_run_through_the_contract_and_match_the_native_model() {
    let bridge = Bridge::new(HostConfig::default(), None).expect("bridge");
    let (mut s, pools) = deployed(&bridge);
    let (tao, alpha, fee) = (1_000_000_000_000u64, 4_000_000_000_000u64, 33u16);
    let create = PoolOp::Create { tao, alpha, fee_rate: fee, mechanism: 1 };
    let (out, gas) = run(&bridge, &mut s, pools, SYSTEM, env(), NET, &create).expect("create");
    assert_eq!(out, OpResult::Done);
    assert!(gas > 0 && gas < INK_SYSTEM_CALL_GAS, "gas {gas}");
    assert_eq!(s.take_logs().len(), 1, "PoolCreated as a 0xa00 log");

    let mut native =
        NativePool::new(Reserves { tao_rao: tao, alpha_rao: alpha }, fee).expect("pool");
    let before = s.slots.clone();
    let swap = PoolOp::SwapTaoForAlpha { tao: 2_000_000_000, limit: None, partial: false };
    let (out, gas) = run(&bridge, &mut s, pools, SYSTEM, env(), NET, &swap).expect("swap");
    let want = native.swap_tao_for_alpha(2_000_000_000, None, false).expect("native swap");
    assert_eq!(out, OpResult::Swap(want));
    assert!(want.amount_out > 7_000_000_000 && want.amount_out < 8_000_000_000, "{want:?}");
    assert_ne!(s.slots, before, "the pool's storage changed");
    let logs = s.take_logs();
    assert_eq!(logs.len(), 1, "Swapped");
    assert_eq!(logs[0].address, crate::WASM);
    eprintln!("ink! pool swap_tao_for_alpha gas: {gas}");

    // The runtime's key derivation finds what the contract wrote.
    tao_runtime::pool_engine::ink::set_pools_account(&mut *s, &pools.0).expect("account");
    let f = tao_runtime::pool_engine::ink::read_fields(&mut *s, NET).expect("read");
    let r = native.reserves();
    assert_eq!((f.tao, f.alpha, f.fee_rate, f.mechanism), (r.tao_rao, r.alpha_rao, fee, 1));
    assert!(f.exists);
    assert_eq!(f.tao, tao + want.amount_in - want.fee);
    assert!(!tao_runtime::pool_engine::ink::read_fields(&mut *s, NetUid(9)).expect("read").exists);
    // A dev edit of the reserves is what the contract then computes with.
    tao_runtime::pool_engine::ink::write_reserves(&mut *s, NET, tao, alpha).expect("edit");
    let (out, _) = run(&bridge, &mut s, pools, SYSTEM, env(), NET, &swap).expect("swap");
    let fresh = NativePool::new(Reserves { tao_rao: tao, alpha_rao: alpha }, fee).expect("pool");
    let again = fresh.sim_swap_tao_for_alpha(2_000_000_000, None, false).expect("sim");
    assert_eq!(out, OpResult::Swap(again));
    s.take_logs();

    let sell = PoolOp::ProtocolSell { alpha: 0 };
    let e = run(&bridge, &mut s, pools, SYSTEM, env(), NET, &sell).expect_err("zero amount");
    assert!(e.to_string().contains("ZeroAmount"), "{e}");
    let e = run(&bridge, &mut s, pools, SYSTEM, env(), NetUid(9), &swap).expect_err("no pool");
    assert!(e.to_string().contains("PoolNotFound { netuid: 9 }"), "{e}");
    let stranger = AccountId32([0xbe; 32]);
    let e = run(&bridge, &mut s, pools, stranger, env(), NET, &swap).expect_err("not system");
    assert!(e.to_string().contains("NotSystem"), "{e}");
    assert!(s.take_logs().is_empty(), "failed ops emit nothing");
}
