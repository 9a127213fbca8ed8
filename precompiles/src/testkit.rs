//! Fixtures shared by the precompile unit tests and benches: a dev-genesis store with funded
//! callers, a subnet registered through 0x803, and a worker registered and serving through
//! 0x804. Compiled for this crate's tests and, with the `test-utils` feature, for benches and
//! other crates' tests; never part of a node build.

// Fixtures fail the test that uses them by panicking.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::call::{Call, Gas};
use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::SolCall;
use contracts::{INeuron, ISubnet};
use tao_chain::genesis::Genesis;
use tao_primitives::NetUid;
use tao_primitives::{Rao, address_to_account_id};
use tao_runtime::{Balances, MemNative, genesis, subnets};

/// The subnet owner's coldkey (an EVM account).
pub const OWNER: Address = Address::repeat_byte(0x11);
/// A miner's coldkey: registers [`WORKER`]'s mapped id as a hotkey and stakes.
pub const COLD: Address = Address::repeat_byte(0x22);
/// A worker: its mapped id is its hotkey, so it sets weights and serves as itself.
pub const WORKER: Address = Address::repeat_byte(0x33);
/// Anyone else.
pub const STRANGER: Address = Address::repeat_byte(0x44);
/// The owner hotkey of the test subnet (a raw, non-EVM 32-byte key).
pub const OWNER_HOTKEY: [u8; 32] = [0xaa; 32];
/// Port the worker serves its axon on.
pub const AXON_PORT: u16 = 8091;
/// Balance of every test caller.
pub const FUNDS_TAO: u64 = 10_000;

/// A store after the dev genesis, every test caller funded with [`FUNDS_TAO`].
pub fn genesis() -> MemNative {
    let mut s = MemNative::default();
    let g = Genesis::dev();
    let options = genesis::NativeOptions {
        subnet_startup: g.native.subnet_startup,
        root: g.native.root,
        subnet_limit: g.native.subnet_limit,
        network_immunity_period: g.native.network_immunity_period,
    };
    genesis::apply(&mut s, g.issuance_wei(), g.native.profile, options)
        .expect("dev genesis applies");
    for a in [OWNER, COLD, WORKER, STRANGER] {
        s.balances.insert(a, Rao::from_tao(FUNDS_TAO).to_wei());
        // What the precompile provider does before every state-changing call.
        s.link_evm_address(a).expect("link");
    }
    s
}

/// A transaction call from `from`.
pub fn tx(from: Address, input: Vec<u8>) -> Call {
    Call { caller: from, value: U256::ZERO, input: input.into(), is_static: false, gas_limit: 0 }
}

/// A static call from [`STRANGER`].
pub fn view(input: Vec<u8>) -> Call {
    Call { is_static: true, ..tx(STRANGER, input) }
}

/// Plenty of gas.
pub fn gas() -> Gas {
    Gas::new(10_000_000)
}

/// The dev genesis plus subnet 1, registered by [`OWNER`] with [`OWNER_HOTKEY`] through
/// 0x803 at block 1.
pub fn with_subnet() -> (MemNative, u16) {
    let mut s = genesis();
    s.block = 1;
    let c = ISubnet::registerNetwork_0Call { hotkey: B256::from(OWNER_HOTKEY) };
    crate::subnet::run(&mut s, &tx(OWNER, c.abi_encode()), &mut gas()).expect("register");
    assert!(subnets::exists(&mut s, NetUid(1)).expect("read"));
    (s, 1)
}

/// [`with_subnet`] plus [`WORKER`]'s mapped id registered as uid 1 by [`COLD`] through 0x804
/// at block 2.
pub fn with_worker() -> (MemNative, u16) {
    let (mut s, n) = with_subnet();
    s.block = 2;
    let c = INeuron::burnedRegisterCall {
        netuid: n,
        hotkey: B256::from(address_to_account_id(WORKER)),
    };
    crate::neuron::run(&mut s, &tx(COLD, c.abi_encode()), &mut gas()).expect("burnedRegister");
    (s, n)
}

/// [`WORKER`] serves its axon on `netuid` through 0x804.
pub fn serve(s: &mut MemNative, netuid: u16) {
    let c = INeuron::serveAxonCall {
        netuid,
        version: 7,
        ip: u128::from(u32::from_be_bytes([10, 0, 0, 5])),
        port: AXON_PORT,
        ipType: 4,
        protocol: 4,
        placeholder1: 0,
        placeholder2: 0,
    };
    crate::neuron::run(s, &tx(WORKER, c.abi_encode()), &mut gas()).expect("serveAxon");
}
