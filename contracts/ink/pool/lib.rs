//! The dTAO pool engine as an ink! 5 contract: every subnet's TAO/alpha pool, with exactly the
//! behaviour of `contracts/solidity/src/pool/AlphaPools.sol` and of the native reference model
//! `tao_economics::pool::NativePool` (constant product with the fee on the input, the reserve and
//! input guards, limit prices with or without partial fill, fee-free protocol swaps, injection,
//! the stable root mechanism and the moving-price EMA in `U64F64`/`I96F32` bits).
//!
//! The fixed-point and 256-bit maths is written here on `u128`/`i128` bit patterns ([`wide`],
//! [`math`]): no floats, no dependency beyond ink!. `tests/tests/it/pool_diff.rs` runs the same
//! random sequences through `NativePool`, `AlphaPools.sol` in revm and this contract in
//! `wasm_host::WasmHost` and compares every number.
//!
//! Differences from the Solidity ABI, all forced by SCALE rather than chosen: amounts and limit
//! prices are `u64` (so `ValueTooLarge` cannot happen and does not exist here), "no limit" is
//! `None` rather than `NO_LIMIT`, and a swap returns a [`SwapResult`] struct (the SCALE encoding
//! of the Solidity 4-tuple).
#![cfg_attr(not(feature = "std"), no_std, no_main)]

pub mod math;
pub mod wide;

/// The environment Bittensor's ink! contracts are compiled against: 32-byte AccountId,
/// u64 Balance (RAO), u32 BlockNumber, u64 Timestamp (spec/ink-chain-extension.md).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(scale_info::TypeInfo))]
pub enum TaoEnv {}

impl ink::env::Environment for TaoEnv {
    const MAX_EVENT_TOPICS: usize = 4;
    type AccountId = ink::primitives::AccountId;
    type Balance = u64;
    type Hash = ink::primitives::Hash;
    type Timestamp = u64;
    type BlockNumber = u32;
    type ChainExtension = ink::env::NoChainExtension;
}

/// Mechanism 0: 1:1 swaps without fee, price 1 (root).
pub const STABLE: u8 = 0;
/// Mechanism 1: the constant-product AMM.
pub const DYNAMIC: u8 = 1;

/// The contract's errors: the calling errors of `IAlphaPools`, then the native `PoolError`
/// variants one to one, field for field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum Error {
    /// A mutating message was called by someone other than the system account.
    NotSystem { caller: ink::primitives::AccountId },
    /// The constructor was given the zero account as the system account.
    ZeroSystem,
    /// `create_pool` on a subnet that already has a pool.
    PoolExists { netuid: u16 },
    /// The subnet has no pool.
    PoolNotFound { netuid: u16 },
    /// A mechanism other than 0 (stable) or 1 (dynamic).
    InvalidMechanism { mechanism: u8 },
    /// A stable pool starts with no alpha reserve and no fee.
    InvalidStablePool { alpha_reserve: u64, fee_rate: u16 },
    /// `PoolError::ZeroAmount`.
    ZeroAmount,
    /// `PoolError::InsufficientLiquidity`.
    InsufficientLiquidity { reserve: u64, required: u64 },
    /// `PoolError::PriceLimitExceeded` (spot RAO per alpha, floored; the limit).
    PriceLimitExceeded { price: u64, limit: u64 },
    /// `PoolError::SlippageTooHigh`.
    SlippageTooHigh { requested: u64, max_amount: u64 },
    /// `PoolError::InputTooLarge`.
    InputTooLarge { net_in: u64, reserve: u64 },
    /// `PoolError::ZeroOutput`.
    ZeroOutput,
    /// `PoolError::InvalidFeeRate`.
    InvalidFeeRate(u16),
    /// `PoolError::Overflow`.
    Overflow,
}

/// The result of an executed or quoted swap (the native `SwapResult`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct SwapResult {
    /// Gross input taken (≤ the amount asked for).
    pub amount_in: u64,
    /// Fee in input units (part of `amount_in`, not added to the pool).
    pub fee: u64,
    /// Output paid.
    pub amount_out: u64,
    /// The limit cut the swap short.
    pub limited: bool,
}

/// One subnet's pool as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Pool {
    /// `SubnetTAO` (y), RAO.
    pub tao: u64,
    /// `SubnetAlphaIn` (x), alpha-RAO.
    pub alpha: u64,
    /// Parts of 65535.
    pub fee_rate: u16,
    /// [`STABLE`] or [`DYNAMIC`].
    pub mechanism: u8,
    /// `I96F32` bits.
    pub moving_price: i128,
}

mod rules;

#[ink::contract(env = crate::TaoEnv)]
pub mod pool {
    use crate::math::{self, U64F64_ONE};
    use crate::{Error, Pool, SwapResult, DYNAMIC, STABLE};
    use ink::storage::Mapping;
    use ink::storage::traits::ManualKey;

    /// A pool was created.
    #[ink(event)]
    pub struct PoolCreated {
        #[ink(topic)]
        netuid: u16,
        tao_reserve: u64,
        alpha_reserve: u64,
        fee_rate: u16,
        mechanism: u8,
    }

    /// A user swap with fee; reserves after the swap.
    #[ink(event)]
    pub struct Swapped {
        #[ink(topic)]
        netuid: u16,
        buy: bool,
        amount_in: u64,
        fee: u64,
        amount_out: u64,
        tao_reserve: u64,
        alpha_reserve: u64,
    }

    /// A fee-free protocol swap; reserves after the swap.
    #[ink(event)]
    pub struct ProtocolSwap {
        #[ink(topic)]
        netuid: u16,
        buy: bool,
        amount_in: u64,
        amount_out: u64,
        tao_reserve: u64,
        alpha_reserve: u64,
    }

    /// Protocol liquidity was added to both reserves.
    #[ink(event)]
    pub struct Injected {
        #[ink(topic)]
        netuid: u16,
        tao: u64,
        alpha: u64,
        tao_reserve: u64,
        alpha_reserve: u64,
    }

    /// The moving price changed (`I96F32` bits).
    #[ink(event)]
    pub struct MovingPriceUpdated {
        #[ink(topic)]
        netuid: u16,
        moving_price: i128,
    }

    /// The fee rate changed.
    #[ink(event)]
    pub struct FeeRateSet {
        #[ink(topic)]
        netuid: u16,
        fee_rate: u16,
    }

    /// A pool was deleted; the reserves it held.
    #[ink(event)]
    pub struct PoolRemoved {
        #[ink(topic)]
        netuid: u16,
        tao_reserve: u64,
        alpha_reserve: u64,
    }

    /// The root key of the pools mapping (`"POOL"`): an explicit key, so that the chain can
    /// read a pool from storage without running code (ink! key = this key as u32 LE ‖
    /// SCALE(netuid)).
    pub const POOLS_ROOT_KEY: u32 = 0x504f_4f4c;

    /// Every subnet's pool, and the one account allowed to change them.
    #[ink(storage)]
    pub struct AlphaPools {
        system: AccountId,
        pools: Mapping<u16, Pool, ManualKey<POOLS_ROOT_KEY>>,
    }

    impl AlphaPools {
        /// `system` is the chain's system account (later the staking router); not zero.
        #[ink(constructor)]
        pub fn new(system: AccountId) -> Result<Self, Error> {
            if system == AccountId::from([0u8; 32]) {
                return Err(Error::ZeroSystem);
            }
            Ok(Self { system, pools: Mapping::new() })
        }

        // ------------------------------------------------------------ system messages

        /// Creates the pool of `netuid`. Dynamic (1): these reserves and fee rate, moving
        /// price 0. Stable (0): `alpha` and `fee_rate` must be 0, moving price 1.
        #[ink(message)]
        pub fn create_pool(
            &mut self,
            netuid: u16,
            tao: u64,
            alpha: u64,
            fee_rate: u16,
            mechanism: u8,
        ) -> Result<(), Error> {
            self.only_system()?;
            if self.pools.contains(netuid) {
                return Err(Error::PoolExists { netuid });
            }
            let moving_price = match mechanism {
                DYNAMIC if fee_rate > math::MAX_FEE_RATE => {
                    return Err(Error::InvalidFeeRate(fee_rate))
                }
                DYNAMIC => 0,
                STABLE if alpha != 0 || fee_rate != 0 => {
                    return Err(Error::InvalidStablePool { alpha_reserve: alpha, fee_rate })
                }
                STABLE => math::I96F32_ONE,
                _ => return Err(Error::InvalidMechanism { mechanism }),
            };
            self.pools.insert(netuid, &Pool { tao, alpha, fee_rate, mechanism, moving_price });
            self.env().emit_event(PoolCreated {
                netuid,
                tao_reserve: tao,
                alpha_reserve: alpha,
                fee_rate,
                mechanism,
            });
            Ok(())
        }

        /// Deletes the pool of `netuid`; returns the TAO and alpha reserves it held.
        #[ink(message)]
        pub fn remove_pool(&mut self, netuid: u16) -> Result<(u64, u64), Error> {
            self.only_system()?;
            let p = self.pool(netuid)?;
            self.pools.remove(netuid);
            self.env().emit_event(PoolRemoved {
                netuid,
                tao_reserve: p.tao,
                alpha_reserve: p.alpha,
            });
            Ok((p.tao, p.alpha))
        }

        /// Stakes: TAO in, alpha out, with the pool's fee. `limit_price`: highest acceptable
        /// price in RAO per alpha; `allow_partial`: execute up to the limit instead of failing.
        #[ink(message)]
        pub fn swap_tao_for_alpha(
            &mut self,
            netuid: u16,
            tao: u64,
            limit_price: Option<u64>,
            allow_partial: bool,
        ) -> Result<SwapResult, Error> {
            self.swap(netuid, true, tao, limit_price, allow_partial)
        }

        /// Unstakes: alpha in, TAO out, with the pool's fee. `limit_price`: lowest acceptable
        /// price in RAO per alpha.
        #[ink(message)]
        pub fn swap_alpha_for_tao(
            &mut self,
            netuid: u16,
            alpha: u64,
            limit_price: Option<u64>,
            allow_partial: bool,
        ) -> Result<SwapResult, Error> {
            self.swap(netuid, false, alpha, limit_price, allow_partial)
        }

        /// Fee-free buy with no limit; returns (amount in, amount out).
        #[ink(message)]
        pub fn protocol_buy(&mut self, netuid: u16, tao: u64) -> Result<(u64, u64), Error> {
            self.protocol_swap(netuid, true, tao)
        }

        /// Fee-free sell with no limit; returns (amount in, amount out).
        #[ink(message)]
        pub fn protocol_sell(&mut self, netuid: u16, alpha: u64) -> Result<(u64, u64), Error> {
            self.protocol_swap(netuid, false, alpha)
        }

        /// Adds protocol liquidity to both reserves (both sums checked before either write).
        #[ink(message)]
        pub fn inject(&mut self, netuid: u16, tao: u64, alpha: u64) -> Result<(), Error> {
            self.only_system()?;
            let mut p = self.pool(netuid)?;
            let next_tao = p.tao.checked_add(tao).ok_or(Error::Overflow)?;
            let next_alpha = p.alpha.checked_add(alpha).ok_or(Error::Overflow)?;
            p.tao = next_tao;
            p.alpha = next_alpha;
            self.pools.insert(netuid, &p);
            self.env().emit_event(Injected {
                netuid,
                tao,
                alpha,
                tao_reserve: next_tao,
                alpha_reserve: next_alpha,
            });
            Ok(())
        }

        /// Advances the moving price one block and returns it (`I96F32` bits); a stable pool
        /// keeps its moving price (and emits nothing).
        #[ink(message)]
        pub fn update_moving_price(
            &mut self,
            netuid: u16,
            blocks_since_start: u64,
            moving_alpha: i128,
            halving_blocks: u64,
        ) -> Result<i128, Error> {
            self.only_system()?;
            let mut p = self.pool(netuid)?;
            if p.mechanism == STABLE {
                return Ok(p.moving_price);
            }
            p.moving_price = math::next_moving_price(
                p.moving_price,
                spot(&p),
                blocks_since_start,
                moving_alpha,
                halving_blocks,
            );
            self.pools.insert(netuid, &p);
            self.env().emit_event(MovingPriceUpdated { netuid, moving_price: p.moving_price });
            Ok(p.moving_price)
        }

        /// Sets the moving price (`I96F32` bits).
        #[ink(message)]
        pub fn set_moving_price(&mut self, netuid: u16, moving_price: i128) -> Result<(), Error> {
            self.only_system()?;
            let mut p = self.pool(netuid)?;
            p.moving_price = moving_price;
            self.pools.insert(netuid, &p);
            self.env().emit_event(MovingPriceUpdated { netuid, moving_price });
            Ok(())
        }

        /// Sets the fee rate (parts of 65535, at most 10,000).
        #[ink(message)]
        pub fn set_fee_rate(&mut self, netuid: u16, fee_rate: u16) -> Result<(), Error> {
            self.only_system()?;
            let mut p = self.pool(netuid)?;
            if fee_rate > math::MAX_FEE_RATE {
                return Err(Error::InvalidFeeRate(fee_rate));
            }
            p.fee_rate = fee_rate;
            self.pools.insert(netuid, &p);
            self.env().emit_event(FeeRateSet { netuid, fee_rate });
            Ok(())
        }

        // ------------------------------------------------------------ views

        /// The system account.
        #[ink(message)]
        pub fn system(&self) -> AccountId {
            self.system
        }

        /// Whether `netuid` has a pool.
        #[ink(message)]
        pub fn exists(&self, netuid: u16) -> bool {
            self.pools.contains(netuid)
        }

        /// Reserves: TAO (RAO), alpha (alpha-RAO).
        #[ink(message)]
        pub fn reserves(&self, netuid: u16) -> Result<(u64, u64), Error> {
            self.pool(netuid).map(|p| (p.tao, p.alpha))
        }

        /// Fee rate in parts of 65535.
        #[ink(message)]
        pub fn fee_rate(&self, netuid: u16) -> Result<u16, Error> {
            self.pool(netuid).map(|p| p.fee_rate)
        }

        /// Mechanism: 0 stable, 1 dynamic.
        #[ink(message)]
        pub fn mechanism(&self, netuid: u16) -> Result<u8, Error> {
            self.pool(netuid).map(|p| p.mechanism)
        }

        /// The invariant `tao × alpha`.
        #[ink(message)]
        pub fn k(&self, netuid: u16) -> Result<u128, Error> {
            self.pool(netuid).map(|p| u128::from(p.tao) * u128::from(p.alpha))
        }

        /// Spot price as `U64F64` bits (0 for an empty alpha reserve, 2^64 if stable).
        #[ink(message)]
        pub fn price(&self, netuid: u16) -> Result<u128, Error> {
            self.pool(netuid).map(|p| spot(&p))
        }

        /// Spot price in RAO per alpha, floored (10^9 if stable).
        #[ink(message)]
        pub fn price_rao(&self, netuid: u16) -> Result<u64, Error> {
            self.pool(netuid).map(|p| match p.mechanism {
                STABLE => math::RAO_PER_TAO,
                _ => math::price_rao(p.tao, p.alpha),
            })
        }

        /// Spot price × 10^18, floored (10^18 if stable).
        #[ink(message)]
        pub fn price_e18(&self, netuid: u16) -> Result<u128, Error> {
            self.pool(netuid).map(|p| match p.mechanism {
                STABLE => 1_000_000_000_000_000_000,
                _ => math::price_e18(p.tao, p.alpha),
            })
        }

        /// The moving price, `I96F32` bits.
        #[ink(message)]
        pub fn moving_price(&self, netuid: u16) -> Result<i128, Error> {
            self.pool(netuid).map(|p| p.moving_price)
        }

        /// Prices a buy without changing anything.
        #[ink(message)]
        pub fn quote_tao_for_alpha(
            &self,
            netuid: u16,
            tao: u64,
            limit_price: Option<u64>,
            allow_partial: bool,
        ) -> Result<SwapResult, Error> {
            let p = self.pool(netuid)?;
            crate::rules::quote(&p, true, tao, p.fee_rate, limit_price, allow_partial)
                .map(Into::into)
        }

        /// Prices a sell without changing anything.
        #[ink(message)]
        pub fn quote_alpha_for_tao(
            &self,
            netuid: u16,
            alpha: u64,
            limit_price: Option<u64>,
            allow_partial: bool,
        ) -> Result<SwapResult, Error> {
            let p = self.pool(netuid)?;
            crate::rules::quote(&p, false, alpha, p.fee_rate, limit_price, allow_partial)
                .map(Into::into)
        }

        // ------------------------------------------------------------ internals

        fn only_system(&self) -> Result<(), Error> {
            let caller = self.env().caller();
            if caller != self.system {
                return Err(Error::NotSystem { caller });
            }
            Ok(())
        }

        fn pool(&self, netuid: u16) -> Result<Pool, Error> {
            self.pools.get(netuid).ok_or(Error::PoolNotFound { netuid })
        }

        fn swap(
            &mut self,
            netuid: u16,
            buy: bool,
            amount: u64,
            limit: Option<u64>,
            allow_partial: bool,
        ) -> Result<SwapResult, Error> {
            self.only_system()?;
            let mut p = self.pool(netuid)?;
            let q = crate::rules::quote(&p, buy, amount, p.fee_rate, limit, allow_partial)?;
            crate::rules::apply(&mut p, buy, &q)?;
            self.pools.insert(netuid, &p);
            self.env().emit_event(Swapped {
                netuid,
                buy,
                amount_in: q.gross_in,
                fee: q.fee,
                amount_out: q.out,
                tao_reserve: p.tao,
                alpha_reserve: p.alpha,
            });
            Ok(q.into())
        }

        fn protocol_swap(
            &mut self,
            netuid: u16,
            buy: bool,
            amount: u64,
        ) -> Result<(u64, u64), Error> {
            self.only_system()?;
            let mut p = self.pool(netuid)?;
            let q = crate::rules::quote(&p, buy, amount, 0, None, false)?;
            crate::rules::apply(&mut p, buy, &q)?;
            self.pools.insert(netuid, &p);
            self.env().emit_event(ProtocolSwap {
                netuid,
                buy,
                amount_in: q.gross_in,
                amount_out: q.out,
                tao_reserve: p.tao,
                alpha_reserve: p.alpha,
            });
            Ok((q.gross_in, q.out))
        }
    }

    /// Spot price of a pool as `U64F64` bits.
    fn spot(p: &Pool) -> u128 {
        if p.mechanism == STABLE {
            U64F64_ONE
        } else {
            math::price_u64f64(p.tao, p.alpha)
        }
    }
}

#[cfg(test)]
mod tests;
