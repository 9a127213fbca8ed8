//! An example subnet incentive contract in ink! 5: anyone funds a bounty for one subnet; at the
//! end of each round (a fixed number of blocks) anyone may close the round, and the pot is paid
//! to the registered miners pro rata to a Yuma-derived figure read through the chain
//! extension 0x1000. Integer pro rata: miner `i` is credited `floor(pot · w_i / Σw)`; what the
//! floors leave stays in the pot for the next round. Payouts are pulled: a round credits each
//! payee and `claim` transfers, so one payee whose transfer fails cannot block a round.
//!
//! **Which figure.** The real chain's extension has no incentive read. The closest Yuma output
//! it exposes is `get_stake_info_for_hotkey_coldkey_netuid` (id 0): its `emission` field is the
//! alpha the hotkey earned in the subnet's last epoch (Yuma's incentive for a miner, dividends
//! for a validator), and `is_registered` says whether the hotkey still holds a uid. So the
//! weight of a miner is `emission` when `is_registered`, else 0. A miner registers its hotkey
//! from its coldkey (the caller), which is also where it is paid; the stake info is read with
//! that coldkey. `get_alpha_price` (id 15) would only rescale every weight alike, and the
//! metagraph reads (incentive per uid) are EVM precompiles an ink! contract cannot reach.
//!
//! **Bounds.** At most [`MAX_MINERS`] miners, so closing a round is a bounded loop of reads and
//! transfers.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

pub use tao_ext::{ExtError, StakeInfo, TaoEnv};

/// Most miners one bounty pays (the bound of the payout loop).
pub const MAX_MINERS: usize = 64;

/// The bounty's errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum Error {
    /// Funding with no value.
    ZeroAmount,
    /// A round length of zero blocks.
    ZeroRound,
    /// The hotkey holds no uid on the subnet for this coldkey (per the chain extension).
    NotRegistered,
    /// The hotkey is already registered with the bounty.
    AlreadyRegistered,
    /// [`MAX_MINERS`] are registered.
    TooManyMiners,
    /// The round ends at `ends_at`.
    RoundNotOver { ends_at: u32 },
    /// The pot overflowed `u64`.
    Overflow,
    /// The caller is owed nothing.
    NothingOwed,
    /// The chain refused the payout transfer (the credit is kept).
    TransferFailed,
}

/// A closed round: what was paid and what stays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct RoundOutcome {
    /// Round number (from 0).
    pub round: u32,
    /// The pot at closing.
    pub pot: u64,
    /// Credited to payees in total.
    pub paid: u64,
    /// `Σ` of the weights.
    pub total_weight: u128,
}

#[ink::contract(env = crate::TaoEnv)]
pub mod bounty {
    use crate::{Error, RoundOutcome, MAX_MINERS};
    use ink::prelude::vec::Vec;
    use ink::storage::Mapping;

    /// TAO added to the pot.
    #[ink(event)]
    pub struct Funded {
        #[ink(topic)]
        from: AccountId,
        amount: Balance,
        pot: Balance,
    }

    /// A miner joined.
    #[ink(event)]
    pub struct Registered {
        #[ink(topic)]
        hotkey: AccountId,
        payee: AccountId,
    }

    /// A miner was credited at the end of a round.
    #[ink(event)]
    pub struct Credited {
        #[ink(topic)]
        hotkey: AccountId,
        payee: AccountId,
        weight: u64,
        amount: Balance,
    }

    /// A payee claimed what it was owed.
    #[ink(event)]
    pub struct Claimed {
        #[ink(topic)]
        payee: AccountId,
        amount: Balance,
    }

    /// A round closed.
    #[ink(event)]
    pub struct RoundClosed {
        round: u32,
        paid: Balance,
        carried: Balance,
    }

    /// One subnet's bounty.
    #[ink(storage)]
    pub struct Bounty {
        netuid: u16,
        round_blocks: u32,
        round: u32,
        round_start: BlockNumber,
        pot: Balance,
        /// (hotkey, payee coldkey), at most MAX_MINERS.
        miners: Vec<(AccountId, AccountId)>,
        /// Credited and not yet claimed, per payee.
        owed: Mapping<AccountId, Balance>,
    }

    impl Bounty {
        /// A bounty for `netuid` with rounds of `round_blocks` blocks, the first from now.
        #[ink(constructor, payable)]
        pub fn new(netuid: u16, round_blocks: u32) -> Result<Self, Error> {
            if round_blocks == 0 {
                return Err(Error::ZeroRound);
            }
            Ok(Self {
                netuid,
                round_blocks,
                round: 0,
                round_start: Self::env().block_number(),
                pot: Self::env().transferred_value(),
                miners: Vec::new(),
                owed: Mapping::new(),
            })
        }

        /// Adds the value sent to the pot. Returns the pot.
        #[ink(message, payable)]
        pub fn fund(&mut self) -> Result<Balance, Error> {
            let amount = self.env().transferred_value();
            if amount == 0 {
                return Err(Error::ZeroAmount);
            }
            self.pot = self.pot.checked_add(amount).ok_or(Error::Overflow)?;
            let from = self.env().caller();
            self.env().emit_event(Funded { from, amount, pot: self.pot });
            Ok(self.pot)
        }

        /// Registers `hotkey`, paid to the caller (its coldkey); the hotkey must be registered
        /// on the subnet.
        #[ink(message)]
        pub fn register(&mut self, hotkey: AccountId) -> Result<(), Error> {
            if self.miners.iter().any(|(h, _)| *h == hotkey) {
                return Err(Error::AlreadyRegistered);
            }
            if self.miners.len() >= MAX_MINERS {
                return Err(Error::TooManyMiners);
            }
            let payee = self.env().caller();
            let info = self.env().extension().get_stake_info(hotkey, payee, self.netuid);
            if !info.is_some_and(|i| i.is_registered) {
                return Err(Error::NotRegistered);
            }
            self.miners.push((hotkey, payee));
            self.env().emit_event(Registered { hotkey, payee });
            Ok(())
        }

        /// Closes the round once it is over: credits every miner's payee `floor(pot · w / Σw)`,
        /// keeps the rest, starts the next round. With `Σw = 0` nothing is credited.
        #[ink(message)]
        pub fn close_round(&mut self) -> Result<RoundOutcome, Error> {
            let now = self.env().block_number();
            let ends_at = self.round_start.saturating_add(self.round_blocks);
            if now < ends_at {
                return Err(Error::RoundNotOver { ends_at });
            }
            let weights: Vec<u64> = self.miners.iter().map(|(h, p)| self.weight(*h, *p)).collect();
            let total: u128 = weights.iter().map(|w| u128::from(*w)).sum();
            let pot = self.pot;
            let mut paid: u64 = 0;
            // With Σw = 0 every share is None: nothing is credited.
            for ((hotkey, payee), weight) in self.miners.iter().zip(&weights) {
                // ≤ pot, since weight ≤ total.
                let share = (u128::from(pot) * u128::from(*weight)).checked_div(total);
                let amount = share.and_then(|s| u64::try_from(s).ok()).unwrap_or(0);
                if amount == 0 {
                    continue;
                }
                let owed = self.owed.get(payee).unwrap_or(0).saturating_add(amount);
                self.owed.insert(payee, &owed);
                paid = paid.saturating_add(amount);
                self.env().emit_event(Credited {
                    hotkey: *hotkey,
                    payee: *payee,
                    weight: *weight,
                    amount,
                });
            }
            self.pot = pot.saturating_sub(paid);
            let outcome = RoundOutcome { round: self.round, pot, paid, total_weight: total };
            self.env().emit_event(RoundClosed { round: self.round, paid, carried: self.pot });
            self.round = self.round.saturating_add(1);
            self.round_start = now;
            Ok(outcome)
        }

        /// Transfers what the caller is owed to it. Returns the amount.
        #[ink(message)]
        pub fn claim(&mut self) -> Result<Balance, Error> {
            let payee = self.env().caller();
            let amount = self.owed.get(payee).unwrap_or(0);
            if amount == 0 {
                return Err(Error::NothingOwed);
            }
            self.env().transfer(payee, amount).map_err(|_| Error::TransferFailed)?;
            self.owed.remove(payee);
            self.env().emit_event(Claimed { payee, amount });
            Ok(amount)
        }

        /// Credited to `payee` and not yet claimed.
        #[ink(message)]
        pub fn owed_to(&self, payee: AccountId) -> Balance {
            self.owed.get(payee).unwrap_or(0)
        }

        /// The pot (TAO kept for the next payout).
        #[ink(message)]
        pub fn pot(&self) -> Balance {
            self.pot
        }

        /// The current round number and the block it ends at.
        #[ink(message)]
        pub fn round(&self) -> (u32, BlockNumber) {
            (self.round, self.round_start.saturating_add(self.round_blocks))
        }

        /// The registered (hotkey, payee) pairs.
        #[ink(message)]
        pub fn miners(&self) -> Vec<(AccountId, AccountId)> {
            self.miners.clone()
        }

        /// A miner's weight now: its last-epoch emission if its hotkey is registered, else 0.
        #[ink(message)]
        pub fn weight(&self, hotkey: AccountId, payee: AccountId) -> u64 {
            self.env()
                .extension()
                .get_stake_info(hotkey, payee, self.netuid)
                .filter(|i| i.is_registered)
                .map_or(0, |i| i.emission)
        }
    }
}

#[cfg(test)]
mod tests;
