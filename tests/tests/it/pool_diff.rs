//! Differential test of the Solidity pool engine (`contracts/solidity/src/pool/AlphaPools.sol`)
//! against the native reference model `tao_economics::pool::NativePool`.
//!
//! `forge build` compiles the contract; its constructor runs once in revm and the runtime code it
//! returns is placed at a fixed address of a fresh in-memory state, as the chain's genesis
//! predeploys it. Then fixed-seed random sequences of operations (pool creation with valid and
//! invalid fee rates, buys and sells with and without limits and partial fills, quotes, protocol
//! swaps, injections, fee-rate changes, moving-price sets and EMA steps) run through the contract,
//! as revm system calls from the system caller, and through one `NativePool` per subnet. After
//! each operation the test asserts the same outcome on both sides: the same `SwapResult` (or the
//! same `PoolError`, variant and data, against the contract's custom error), the matching event,
//! and the same reserves, fee rate, `k`, prices (`U64F64` bits, RAO per alpha, × 10^18) and
//! moving price (`I96F32` bits), to the RAO and to the bit. It also asserts that the sequences
//! reached every `PoolError` variant and some partial fills, so a generator that stops exercising
//! a path fails the test.
//!
//! Revm runs in-process, with no node: a few thousand calls take well under a second.
//!
//! The second test runs the same sequences through a third implementation, the ink! pool
//! (`contracts/ink/pool`) in `wasm_host::WasmHost<MemoryState>` (`pool_diff_ink.rs`), called as
//! its system account, and holds it to the same numbers, errors, events and views.

use crate::forge::{forge_build, initcode, repo_root};
use crate::pool_diff_ink::{Args, InkError, InkPools, Reader};
use alloy::sol_types::{SolCall, SolEvent, SolInterface, SolValue};
use alloy_primitives::{Address, Bytes, Log, U256, address};
use revm::context::{Context, TxEnv};
use revm::context_interface::result::{ExecutionResult, Output};
use revm::database::InMemoryDB;
use revm::primitives::TxKind;
use revm::state::{AccountInfo, Bytecode};
use revm::{ExecuteCommitEvm, MainBuilder, MainContext, MainnetEvm, SystemCallCommitEvm};
use std::collections::{BTreeMap, BTreeSet};
use substrate_fixed::types::I96F32;
use tao_economics::pool::{
    MAX_FEE_RATE, MINIMUM_RESERVE, Mechanism, MovingPriceParams, NativePool, PoolEngine, PoolError,
    Reserves, SwapResult,
};

mod abi {
    alloy::sol!("../contracts/solidity/src/pool/IAlphaPools.sol");
}
use abi::IAlphaPools::{self as P, IAlphaPoolsErrors as E};

/// The chain's system caller, the only address the pools accept changes from.
const SYSTEM: Address = address!("0xfffffffffffffffffffffffffffffffffffffffe");
/// Where the test "predeploys" the pools.
const POOLS: Address = address!("0x0000000000000000000000000000000000000a1f");
const DEPLOYER: Address = address!("0x00000000000000000000000000000000000d0d0e");
/// Subnets of one sequence: 0 is the stable root pool, the rest are dynamic.
const NETUIDS: u16 = 6;
/// (seed, operations) of the sequences.
pub(crate) const RUNS: [(u64, usize); 6] =
    [(1, 500), (0x7a0c_4a17, 500), (42, 500), (0xdead_beef, 500), (7, 500), (2026, 500)];

type Evm = MainnetEvm<revm::handler::MainnetContext<InMemoryDB>>;

// ------------------------------------------------------------------------------ contract

/// The contract's runtime code: the creation code with the constructor argument (the system
/// caller), run once in revm.
pub(crate) fn runtime_code() -> Bytes {
    let out = forge_build(&repo_root());
    let mut init = initcode(&out, "AlphaPools.sol", "AlphaPools").to_vec();
    init.extend_from_slice(&SYSTEM.abi_encode());
    let mut evm = Context::mainnet().with_db(InMemoryDB::default()).build_mainnet();
    let tx = TxEnv::builder().caller(DEPLOYER).kind(TxKind::Create).data(init.into()).build_fill();
    match evm.transact_commit(tx).expect("deploy transaction") {
        ExecutionResult::Success { output: Output::Create(code, Some(_)), .. } => code,
        other => panic!("AlphaPools constructor failed: {other:?}"),
    }
}

/// The pools contract alone in a fresh state, at [`POOLS`].
struct Chain {
    evm: Evm,
}

/// A successful call's return data and logs, or the revert data.
type CallResult = Result<(Bytes, Vec<Log>), Bytes>;

impl Chain {
    fn new(code: &Bytes) -> Self {
        let mut db = InMemoryDB::default();
        db.insert_account_info(POOLS, AccountInfo::from_bytecode(Bytecode::new_raw(code.clone())));
        Self { evm: Context::mainnet().with_db(db).build_mainnet() }
    }

    fn call_from(&mut self, caller: Address, call: &impl SolCall) -> CallResult {
        let res = self
            .evm
            .system_call_with_caller_commit(caller, POOLS, call.abi_encode().into())
            .expect("system call runs");
        match res {
            ExecutionResult::Success { output, logs, .. } => Ok((output.into_data(), logs)),
            ExecutionResult::Revert { output, .. } => Err(output),
            ExecutionResult::Halt { reason, .. } => panic!("pool call halted: {reason:?}"),
        }
    }

    fn call(&mut self, call: &impl SolCall) -> CallResult {
        self.call_from(SYSTEM, call)
    }

    /// A call that must succeed; its decoded return value.
    fn view<C: SolCall>(&mut self, call: &C) -> C::Return {
        let (out, _) = self.call(call).unwrap_or_else(|e| panic!("{} reverted: {e}", C::SIGNATURE));
        C::abi_decode_returns(&out).expect("decode return")
    }
}

/// The native error a revert of the contract stands for.
fn pool_error(data: &[u8]) -> PoolError {
    let e = E::abi_decode(data).unwrap_or_else(|_| panic!("not an IAlphaPools error: {data:02x?}"));
    match e {
        E::ZeroAmount(_) => PoolError::ZeroAmount,
        E::InsufficientLiquidity(e) => {
            PoolError::InsufficientLiquidity { reserve: e.reserve, required: e.required }
        }
        E::PriceLimitExceeded(e) => PoolError::PriceLimitExceeded {
            price_rao_per_alpha: e.price,
            limit_rao_per_alpha: e.limit,
        },
        E::SlippageTooHigh(e) => {
            PoolError::SlippageTooHigh { requested: e.requested, max_amount: e.maxAmount }
        }
        E::InputTooLarge(e) => PoolError::InputTooLarge { net_in: e.netIn, reserve: e.reserve },
        E::ZeroOutput(_) => PoolError::ZeroOutput,
        E::InvalidFeeRate(e) => PoolError::InvalidFeeRate(e.feeRate),
        E::Overflow(_) => PoolError::Overflow,
        _ => panic!("a calling error, not a PoolError: {data:02x?}"),
    }
}

fn variant(e: &PoolError) -> &'static str {
    match e {
        PoolError::ZeroAmount => "ZeroAmount",
        PoolError::InsufficientLiquidity { .. } => "InsufficientLiquidity",
        PoolError::PriceLimitExceeded { .. } => "PriceLimitExceeded",
        PoolError::SlippageTooHigh { .. } => "SlippageTooHigh",
        PoolError::InputTooLarge { .. } => "InputTooLarge",
        PoolError::ZeroOutput => "ZeroOutput",
        PoolError::InvalidFeeRate(_) => "InvalidFeeRate",
        PoolError::Overflow => "Overflow",
    }
}

/// The one log of `E` among `logs`, decoded.
fn event<Ev: SolEvent>(logs: &[Log]) -> Ev {
    let mut found = logs.iter().filter_map(|l| Ev::decode_log_data(&l.data).ok());
    let ev = found.next().unwrap_or_else(|| panic!("no {} event", Ev::SIGNATURE));
    assert!(found.next().is_none(), "more than one {} event", Ev::SIGNATURE);
    ev
}

fn limit_word(limit: Option<u64>) -> U256 {
    limit.map_or(U256::MAX, U256::from)
}

// ------------------------------------------------------------------------------ random

/// SplitMix64: a fixed-seed generator, so every run is the same sequence.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }

    /// Roughly uniform in the number of bits: small and huge values alike.
    fn log_uniform(&mut self) -> u64 {
        let shift = self.below(64);
        self.next() >> shift
    }

    fn reserve(&mut self) -> u64 {
        match self.below(8) {
            0 => self.below(MINIMUM_RESERVE + 1),
            1 => MINIMUM_RESERVE + self.below(10),
            2 => u64::MAX - self.below(1_000_000_000_000),
            3 => self.log_uniform(),
            _ => (1 + self.below(9)) * 10u64.pow(u32::try_from(6 + self.below(12)).unwrap_or(6)),
        }
    }

    /// An input amount against the input-side reserve.
    fn amount(&mut self, reserve: u64) -> u64 {
        match self.below(14) {
            0 => 0,
            1 => 1 + self.below(1_000),
            2 => u64::MAX,
            3 => reserve.saturating_mul(1_000).saturating_add(self.below(3)),
            4 | 5 => self.log_uniform(),
            _ => self.below(reserve.saturating_mul(2).saturating_add(2)),
        }
    }

    /// A limit price around the spot price (RAO per alpha).
    fn limit(&mut self, spot: u64) -> Option<u64> {
        let scaled = |num: u64| {
            u64::try_from(u128::from(spot) * u128::from(num) / 1_000).unwrap_or(u64::MAX)
        };
        match self.below(12) {
            0..=2 => None,
            3 => Some(0),
            4 => Some(u64::MAX),
            5 => Some(spot),
            6 => Some(spot.saturating_add(1)),
            7 => Some(spot.saturating_sub(1)),
            8 => Some(self.log_uniform()),
            _ => {
                let num = 500 + self.below(1_001);
                Some(scaled(num))
            }
        }
    }

    fn i128_bits(&mut self) -> i128 {
        match self.below(6) {
            0 => 0,
            1 => 1 << 32,
            2 => -i128::from(self.below(1_000_000)),
            3 => i128::from(self.below(1 << 33)),
            4 => i128::from(self.log_uniform()) << self.below(64),
            _ => (i128::from(self.next()) << 64) | i128::from(self.next()),
        }
    }
}

// ------------------------------------------------------------------------------ driver

/// Both implementations side by side, and what the sequence reached.
pub(crate) struct Diff {
    chain: Chain,
    /// The ink! pool, when the sequence runs through it too.
    pub(crate) ink: Option<InkPools>,
    /// Operations the ink! pool was compared on.
    pub(crate) ink_checks: u64,
    /// Read every ink! view after every this many operations (and at the end of the run).
    pub(crate) ink_views_every: usize,
    native: BTreeMap<u16, NativePool>,
    pub(crate) errors: BTreeSet<&'static str>,
    pub(crate) partial_fills: u64,
    swaps_ok: u64,
}

impl Diff {
    pub(crate) fn new(code: &Bytes, ink: Option<&[u8]>) -> Self {
        Self {
            chain: Chain::new(code),
            ink: ink.map(InkPools::new),
            ink_checks: 0,
            ink_views_every: 1,
            native: BTreeMap::new(),
            errors: BTreeSet::new(),
            partial_fills: 0,
            swaps_ok: 0,
        }
    }

    fn pool(&mut self, netuid: u16) -> &mut NativePool {
        self.native.get_mut(&netuid).expect("a created pool")
    }

    /// With the ink! pool in the run: `op` on it gives the native outcome, the payload
    /// decoded by `decode` (and read to its end) or the same `PoolError`.
    fn ink_same<T: PartialEq + std::fmt::Debug>(
        &mut self,
        what: &str,
        native: Result<&T, &PoolError>,
        op: impl FnOnce(&mut InkPools) -> Result<Vec<u8>, PoolError>,
        decode: impl FnOnce(&mut Reader<'_>) -> T,
    ) {
        let Some(ink) = self.ink.as_mut() else { return };
        match (native, op(ink)) {
            (Ok(n), Ok(bytes)) => {
                let mut r = Reader::new(&bytes);
                let v = decode(&mut r);
                r.done();
                assert_eq!(&v, n, "{what}: ink! result");
            }
            (Err(e), Err(i)) => assert_eq!(&i, e, "{what}: ink! error"),
            (Ok(n), Err(i)) => panic!("{what}: native gave {n:?}, ink! failed with {i:?}"),
            (Err(e), Ok(_)) => panic!("{what}: native failed with {e:?}, ink! succeeded"),
        }
        self.ink_checks += 1;
    }

    /// Same success or same error on both sides; returns the successful pair.
    fn agree<T>(
        &mut self,
        what: &str,
        native: Result<T, PoolError>,
        sol: CallResult,
    ) -> Option<(T, Bytes, Vec<Log>)> {
        match (native, sol) {
            (Ok(n), Ok((out, logs))) => Some((n, out, logs)),
            (Err(e), Err(data)) => {
                assert_eq!(pool_error(&data), e, "{what}: error");
                self.errors.insert(variant(&e));
                None
            }
            (Ok(_), Err(data)) => {
                panic!("{what}: native succeeded, contract reverted with {data}")
            }
            (Err(e), Ok(_)) => panic!("{what}: native failed with {e:?}, contract succeeded"),
        }
    }

    fn create(&mut self, rng: &mut Rng, netuid: u16) {
        if netuid == 0 {
            let tao = if rng.below(2) == 0 { 0 } else { rng.reserve() };
            let call = P::createPoolCall {
                netuid,
                taoReserve: U256::from(tao),
                alphaReserve: U256::ZERO,
                feeRate: 0,
                mechanism: 0,
            };
            self.chain.call(&call).expect("create the stable pool");
            self.native.insert(netuid, NativePool::new_stable(tao));
            let args = Args::default().u16(netuid).u64(tao).u64(0).u16(0).u8(0);
            self.ink_same("create stable", Ok(&()), |k| k.pool_op("create_pool", args), |_| ());
            return;
        }
        let reserves = Reserves { tao_rao: rng.reserve(), alpha_rao: rng.reserve() };
        // Sometimes an invalid fee first: both refuse it and nothing is created.
        let mut fees = vec![if rng.below(3) == 0 {
            u16::try_from(rng.below(u64::from(MAX_FEE_RATE) + 1)).unwrap_or(33)
        } else {
            [0, 33, MAX_FEE_RATE, 1][usize::try_from(rng.below(4)).unwrap_or(0)]
        }];
        if rng.below(3) == 0 {
            fees.insert(0, MAX_FEE_RATE + 1 + u16::try_from(rng.below(55_535)).unwrap_or(0));
        }
        for fee in fees {
            let call = P::createPoolCall {
                netuid,
                taoReserve: U256::from(reserves.tao_rao),
                alphaReserve: U256::from(reserves.alpha_rao),
                feeRate: fee,
                mechanism: 1,
            };
            let sol = self.chain.call(&call);
            let native = NativePool::new(reserves, fee);
            let args = Args::default()
                .u16(netuid)
                .u64(reserves.tao_rao)
                .u64(reserves.alpha_rao)
                .u16(fee)
                .u8(1);
            self.ink_same(
                "createPool",
                native.as_ref().map(|_| &()),
                |k| k.pool_op("create_pool", args),
                |_| (),
            );
            if let Some((pool, _, logs)) = self.agree("createPool", native, sol) {
                let ev: P::PoolCreated = event(&logs);
                assert_eq!(
                    (ev.taoReserve, ev.alphaReserve, ev.feeRate),
                    (reserves.tao_rao, reserves.alpha_rao, fee)
                );
                self.native.insert(netuid, pool);
            }
        }
        // A second creation is refused.
        let again = P::createPoolCall {
            netuid,
            taoReserve: U256::from(1u8),
            alphaReserve: U256::from(1u8),
            feeRate: 0,
            mechanism: 1,
        };
        let err = self.chain.call(&again).expect_err("create twice");
        assert!(matches!(E::abi_decode(&err), Ok(E::PoolExists(e)) if e.netuid == netuid));
        if let Some(ink) = self.ink.as_mut() {
            let args = Args::default().u16(netuid).u64(1).u64(1).u16(0).u8(1);
            assert_eq!(ink.call("create_pool", args), Err(InkError::PoolExists(netuid)));
        }
    }

    fn swap(&mut self, rng: &mut Rng, netuid: u16, buy: bool, quote_only: bool) {
        let r = self.pool(netuid).reserves();
        let amount = rng.amount(if buy { r.tao_rao } else { r.alpha_rao });
        let limit = rng.limit(self.pool(netuid).price_rao_per_alpha());
        let partial = rng.below(2) == 0;
        let what = format!(
            "{} {} {amount} limit {limit:?} partial {partial} on {netuid} {r:?}",
            if quote_only { "quote" } else { "swap" },
            if buy { "buy" } else { "sell" }
        );
        let (lw, a) = (limit_word(limit), U256::from(amount));
        let p = *self.pool(netuid);
        let (native, sol) = match (buy, quote_only) {
            (true, true) => (
                p.sim_swap_tao_for_alpha(amount, limit, partial),
                self.chain.call(&P::quoteTaoForAlphaCall {
                    netuid,
                    tao: a,
                    limitPrice: lw,
                    allowPartial: partial,
                }),
            ),
            (false, true) => (
                p.sim_swap_alpha_for_tao(amount, limit, partial),
                self.chain.call(&P::quoteAlphaForTaoCall {
                    netuid,
                    alpha: a,
                    limitPrice: lw,
                    allowPartial: partial,
                }),
            ),
            (true, false) => (
                self.pool(netuid).swap_tao_for_alpha(amount, limit, partial),
                self.chain.call(&P::swapTaoForAlphaCall {
                    netuid,
                    tao: a,
                    limitPrice: lw,
                    allowPartial: partial,
                }),
            ),
            (false, false) => (
                self.pool(netuid).swap_alpha_for_tao(amount, limit, partial),
                self.chain.call(&P::swapAlphaForTaoCall {
                    netuid,
                    alpha: a,
                    limitPrice: lw,
                    allowPartial: partial,
                }),
            ),
        };
        let msg = match (buy, quote_only) {
            (true, true) => "quote_tao_for_alpha",
            (false, true) => "quote_alpha_for_tao",
            (true, false) => "swap_tao_for_alpha",
            (false, false) => "swap_alpha_for_tao",
        };
        let args = Args::default().u16(netuid).u64(amount).opt_u64(limit).bool(partial);
        let events = self.ink.as_ref().map(InkPools::events);
        self.ink_same(&what, native.as_ref(), |k| k.pool_op(msg, args), |r| r.swap_result());
        if let (Some(ink), Some(before), Ok(n)) = (self.ink.as_ref(), events, native.as_ref()) {
            let after = self.native[&netuid].reserves();
            if quote_only {
                assert_eq!(ink.events(), before, "{what}: a quote emitted");
            } else {
                let data = ink.last_event();
                let mut r = Reader::new(&data);
                let ev = (r.u16(), r.bool(), r.u64(), r.u64(), r.u64(), r.u64(), r.u64());
                r.done();
                assert_eq!(
                    ev,
                    (netuid, buy, n.amount_in, n.fee, n.amount_out, after.tao_rao, after.alpha_rao),
                    "{what}: ink! Swapped event"
                );
            }
        }
        let Some((n, out, logs)) = self.agree(&what, native, sol) else { return };
        // The four return words of every swap and quote function.
        let (amount_in, fee, amount_out, limited) =
            <(u64, u64, u64, bool)>::abi_decode_params(&out).expect("swap returns");
        let s = SwapResult { amount_in, fee, amount_out, limited };
        assert_eq!(s, n, "{what}: result");
        self.swaps_ok += 1;
        self.partial_fills += u64::from(limited);
        if !quote_only {
            let ev: P::Swapped = event(&logs);
            let after = self.pool(netuid).reserves();
            assert_eq!(
                (ev.buy, ev.amountIn, ev.fee, ev.amountOut, ev.taoReserve, ev.alphaReserve),
                (buy, n.amount_in, n.fee, n.amount_out, after.tao_rao, after.alpha_rao),
                "{what}: Swapped event"
            );
        }
    }

    fn protocol_swap(&mut self, rng: &mut Rng, netuid: u16, buy: bool) {
        let r = self.pool(netuid).reserves();
        let amount = rng.amount(if buy { r.tao_rao } else { r.alpha_rao });
        let what =
            format!("protocol {} {amount} on {netuid} {r:?}", if buy { "buy" } else { "sell" });
        let a = U256::from(amount);
        let (native, sol) = if buy {
            (
                self.pool(netuid).protocol_buy(amount),
                self.chain.call(&P::protocolBuyCall { netuid, tao: a }),
            )
        } else {
            (
                self.pool(netuid).protocol_sell(amount),
                self.chain.call(&P::protocolSellCall { netuid, alpha: a }),
            )
        };
        let msg = if buy { "protocol_buy" } else { "protocol_sell" };
        let args = Args::default().u16(netuid).u64(amount);
        let pair = native.as_ref().map(|n| (n.amount_in, n.amount_out)).map_err(|e| *e);
        self.ink_same(&what, pair.as_ref(), |k| k.pool_op(msg, args), |r| (r.u64(), r.u64()));
        let Some((n, out, logs)) = self.agree(&what, native, sol) else { return };
        let (amount_in, amount_out) = <(u64, u64)>::abi_decode_params(&out).expect("returns");
        assert_eq!((n.fee, n.limited), (0, false), "{what}: fee-free, never limited");
        assert_eq!((amount_in, amount_out), (n.amount_in, n.amount_out), "{what}: result");
        let ev: P::ProtocolSwap = event(&logs);
        let after = self.pool(netuid).reserves();
        assert_eq!(
            (ev.buy, ev.amountIn, ev.amountOut, ev.taoReserve, ev.alphaReserve),
            (buy, amount_in, amount_out, after.tao_rao, after.alpha_rao),
            "{what}: ProtocolSwap event"
        );
    }

    fn inject(&mut self, rng: &mut Rng, netuid: u16) {
        let r = self.pool(netuid).reserves();
        let mut pick = |reserve: u64| match rng.below(6) {
            0 => 0,
            1 => u64::MAX - reserve,
            2 => (u64::MAX - reserve).saturating_add(1),
            3 => rng.log_uniform(),
            _ => rng.below(reserve.saturating_add(1)),
        };
        let (tao, alpha) = (pick(r.tao_rao), pick(r.alpha_rao));
        let what = format!("inject {tao} {alpha} on {netuid} {r:?}");
        let native = self.pool(netuid).inject(tao, alpha);
        let args = Args::default().u16(netuid).u64(tao).u64(alpha);
        self.ink_same(&what, native.as_ref(), |k| k.pool_op("inject", args), |_| ());
        let sol = self.chain.call(&P::injectCall {
            netuid,
            tao: U256::from(tao),
            alpha: U256::from(alpha),
        });
        if let Some((_, _, logs)) = self.agree(&what, native, sol) {
            let ev: P::Injected = event(&logs);
            assert_eq!((ev.tao, ev.alpha), (tao, alpha), "{what}: Injected event");
        }
    }

    fn set_fee_rate(&mut self, rng: &mut Rng, netuid: u16) {
        // The native model has no fee-rate setter: a new pool with the same state stands for
        // it. Stable pools ignore the fee and the native one cannot hold another, so skip them.
        if self.pool(netuid).mechanism() == Mechanism::Stable {
            return;
        }
        let fee = match rng.below(4) {
            0 => MAX_FEE_RATE + 1 + u16::try_from(rng.below(1_000)).unwrap_or(0),
            1 => 0,
            _ => u16::try_from(rng.below(u64::from(MAX_FEE_RATE) + 1)).unwrap_or(33),
        };
        let old = *self.pool(netuid);
        let native = NativePool::new(old.reserves(), fee).map(|mut p| {
            p.set_moving_price(old.moving_price());
            p
        });
        let sol = self.chain.call(&P::setFeeRateCall { netuid, feeRate: fee });
        let args = Args::default().u16(netuid).u16(fee);
        self.ink_same(
            "setFeeRate",
            native.as_ref().map(|_| &()),
            |k| k.pool_op("set_fee_rate", args),
            |_| (),
        );
        if let Some((p, _, _)) = self.agree("setFeeRate", native, sol) {
            self.native.insert(netuid, p);
        }
    }

    fn moving_price(&mut self, rng: &mut Rng, netuid: u16) {
        if rng.below(4) == 0 {
            let bits = rng.i128_bits();
            self.pool(netuid).set_moving_price(I96F32::from_bits(bits));
            self.chain.call(&P::setMovingPriceCall { netuid, movingPrice: bits }).expect("set");
            let args = Args::default().u16(netuid).i128(bits);
            self.ink_same(
                "setMovingPrice",
                Ok(&()),
                |k| k.pool_op("set_moving_price", args),
                |_| (),
            );
            return;
        }
        // Either one step with random parameters, or a run of blocks with the defaults.
        let (steps, params, mut blocks) = if rng.below(2) == 0 {
            let blocks = match rng.below(4) {
                0 => 0,
                1 => 1 + rng.below(1_000),
                2 => rng.log_uniform(),
                _ => u64::MAX,
            };
            let alpha = match rng.below(5) {
                0 => 12_885,
                1 => i128::from(rng.log_uniform()),
                2 => -i128::from(rng.below(1_000_000)),
                3 => i128::MAX,
                _ => 1 << 32,
            };
            let halving = [0, 201_600, rng.log_uniform(), u64::MAX]
                [usize::try_from(rng.below(4)).unwrap_or(1)];
            (
                1,
                MovingPriceParams {
                    moving_alpha: I96F32::from_bits(alpha),
                    halving_blocks: halving,
                },
                blocks,
            )
        } else {
            (20, MovingPriceParams::default(), 1 + rng.below(1_000_000))
        };
        for _ in 0..steps {
            let native = self.pool(netuid).update_moving_price(blocks, &params);
            let call = P::updateMovingPriceCall {
                netuid,
                blocksSinceStart: blocks,
                movingAlpha: params.moving_alpha.to_bits(),
                halvingBlocks: params.halving_blocks,
            };
            let (out, _) = self.chain.call(&call).expect("updateMovingPrice");
            let sol = P::updateMovingPriceCall::abi_decode_returns(&out).expect("returns");
            assert_eq!(
                sol,
                native.to_bits(),
                "moving price step b={blocks} {params:?} on {netuid}"
            );
            let args = Args::default()
                .u16(netuid)
                .u64(blocks)
                .i128(params.moving_alpha.to_bits())
                .u64(params.halving_blocks);
            self.ink_same(
                &format!("ink! moving price step b={blocks} {params:?} on {netuid}"),
                Ok(&native.to_bits()),
                |k| k.pool_op("update_moving_price", args),
                |r| r.i128(),
            );
            blocks = blocks.saturating_add(1);
        }
    }

    /// Every view of the contract equals the native state of `netuid`.
    fn compare(&mut self, netuid: u16, after: &str, ink_views: bool) {
        let p = *self.pool(netuid);
        let r = p.reserves();
        let c = &mut self.chain;
        let res = c.view(&P::reservesCall { netuid });
        assert_eq!((res.tao, res.alpha), (r.tao_rao, r.alpha_rao), "reserves after {after}");
        assert_eq!(c.view(&P::kCall { netuid }), r.k(), "k after {after}");
        assert_eq!(c.view(&P::feeRateCall { netuid }), p.fee_rate(), "fee rate after {after}");
        let mech = match p.mechanism() {
            Mechanism::Stable => 0,
            Mechanism::Dynamic => 1,
        };
        assert_eq!(c.view(&P::mechanismCall { netuid }), mech, "mechanism after {after}");
        assert_eq!(c.view(&P::priceCall { netuid }), p.price().to_bits(), "price after {after}");
        assert_eq!(
            c.view(&P::priceRaoCall { netuid }),
            p.price_rao_per_alpha(),
            "rao price after {after}"
        );
        assert_eq!(
            c.view(&P::priceE18Call { netuid }),
            U256::from(p.price_e18()),
            "e18 price after {after}"
        );
        assert_eq!(
            c.view(&P::movingPriceCall { netuid }),
            p.moving_price().to_bits(),
            "moving price after {after}"
        );
        if let (Some(k), true) = (self.ink.as_mut(), ink_views) {
            let mut got = Vec::new();
            for msg in [
                "reserves",
                "k",
                "fee_rate",
                "mechanism",
                "price",
                "price_rao",
                "price_e18",
                "moving_price",
            ] {
                got.extend(k.view(msg, netuid));
            }
            let mut rd = Reader::new(&got);
            let views = (
                (rd.u64(), rd.u64()),
                rd.u128(),
                rd.u16(),
                rd.u8(),
                rd.u128(),
                rd.u64(),
                rd.u128(),
                rd.i128(),
            );
            rd.done();
            let want = (
                (r.tao_rao, r.alpha_rao),
                p.reserves().k(),
                p.fee_rate(),
                mech,
                p.price().to_bits(),
                p.price_rao_per_alpha(),
                p.price_e18(),
                p.moving_price().to_bits(),
            );
            assert_eq!(views, want, "ink! views after {after}");
        }
    }

    pub(crate) fn run(&mut self, rng: &mut Rng, ops: usize) {
        for netuid in 0..NETUIDS {
            self.create(rng, netuid);
        }
        let created: Vec<u16> = self.native.keys().copied().collect();
        for i in 0..ops {
            let netuid = created[usize::try_from(rng.below(created.len() as u64)).unwrap_or(0)];
            let kind = rng.below(16);
            match kind {
                0..=2 => self.swap(rng, netuid, true, false),
                3..=5 => self.swap(rng, netuid, false, false),
                6 => self.swap(rng, netuid, true, true),
                7 => self.swap(rng, netuid, false, true),
                8 => self.protocol_swap(rng, netuid, true),
                9 => self.protocol_swap(rng, netuid, false),
                10 | 11 => self.inject(rng, netuid),
                12 => self.set_fee_rate(rng, netuid),
                _ => self.moving_price(rng, netuid),
            }
            let ink_views = i % self.ink_views_every.max(1) == 0;
            self.compare(netuid, &format!("op {i} (kind {kind})"), ink_views);
        }
        for netuid in created {
            self.compare(netuid, "the last operation", true);
        }
    }
}

#[test]
fn solidity_pool_matches_native_pool() {
    let code = runtime_code();
    let mut errors = BTreeSet::new();
    let (mut partial, mut ok) = (0, 0);
    for (seed, ops) in RUNS {
        let mut rng = Rng(seed);
        let mut d = Diff::new(&code, None);
        d.run(&mut rng, ops);
        errors.extend(d.errors.iter().copied());
        partial += d.partial_fills;
        ok += d.swaps_ok;
    }
    // The sequences must have reached every PoolError variant and real work.
    let all = [
        "ZeroAmount",
        "InsufficientLiquidity",
        "PriceLimitExceeded",
        "SlippageTooHigh",
        "InputTooLarge",
        "ZeroOutput",
        "InvalidFeeRate",
        "Overflow",
    ];
    for v in all {
        assert!(errors.contains(v), "no sequence reached PoolError::{v} (reached {errors:?})");
    }
    assert!(partial >= 20, "only {partial} partial fills");
    assert!(ok >= 300, "only {ok} successful swaps and quotes");
}

/// The access rule and the contract's own errors, which the native model has no counterpart for.
#[test]
fn solidity_pool_calling_errors() {
    let mut chain = Chain::new(&runtime_code());
    assert_eq!(
        chain.view(&P::systemCall {}),
        SYSTEM,
        "the predeployed code carries the system caller"
    );
    let create = P::createPoolCall {
        netuid: 1,
        taoReserve: U256::from(1_000_000_000_000u64),
        alphaReserve: U256::from(10_000_000_000_000u64),
        feeRate: 33,
        mechanism: 1,
    };
    let stranger = address!("0x000000000000000000000000000000000000beef");
    let err = chain.call_from(stranger, &create).expect_err("a stranger may not create");
    assert!(matches!(E::abi_decode(&err), Ok(E::NotSystem(e)) if e.caller == stranger));
    chain.call(&create).expect("system creates");
    let too_big = U256::from(u64::MAX) + U256::from(1u8);
    let err = chain
        .call(&P::swapTaoForAlphaCall {
            netuid: 1,
            tao: too_big,
            limitPrice: U256::MAX,
            allowPartial: false,
        })
        .expect_err("above u64");
    assert!(matches!(E::abi_decode(&err), Ok(E::ValueTooLarge(e)) if e.value == too_big));
    let err = chain.call(&P::reservesCall { netuid: 2 }).expect_err("no pool");
    assert!(matches!(E::abi_decode(&err), Ok(E::PoolNotFound(e)) if e.netuid == 2));
    // Views are open to anyone.
    let res = chain.call_from(stranger, &P::reservesCall { netuid: 1 }).expect("view");
    assert!(!res.0.is_empty());
}
