//! A delegation vault as an ink! 5 contract, the twin of `DelegationVault.sol`'s share maths:
//! depositors send TAO, the vault stakes it on one validator hotkey of one subnet through the
//! chain extension 0x1000 (`add_stake`, id 1) as the contract itself, and mints transferable
//! shares (PSP22-style `balance_of`/`transfer`/`approve`/`transfer_from` with events). Shares
//! redeem for a pro-rata part of the vault's alpha, unstaked (`remove_stake`, id 2) and paid out
//! in TAO, with a minimum-out guard.
//!
//! Share maths (all integers, floors favour the vault, as in the Solidity vault):
//! * a deposit that raises the vault's stake from `S` to `S + a` mints
//!   `a · (supply + VIRTUAL_SHARES) / (S + 1)` shares;
//! * `shares` stand for `shares · (S + 1) / (supply + VIRTUAL_SHARES)` alpha, except that the
//!   whole supply stands for the whole stake;
//! * the virtual offset (10^6 shares, 1 alpha-RAO) makes a first deposit mint 10^6 shares per
//!   alpha-RAO and makes a donation to an empty vault useless to an attacker.
//!
//! The stake is read through `get_stake_info_for_hotkey_coldkey_netuid` (id 0) with the
//! contract's own account as coldkey, before and after each stake change, so what a share is
//! worth follows the chain's ledger (rewards the hotkey earns raise it).
#![cfg_attr(not(feature = "std"), no_std, no_main)]

pub use tao_ext::{ExtError, StakeInfo, TaoEnv};

/// Virtual shares of the offset (the Solidity vault's `VIRTUAL_SHARES`).
pub const VIRTUAL_SHARES: u128 = 1_000_000;

/// The vault's errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum Error {
    /// A zero deposit, redemption or share amount.
    ZeroAmount,
    /// The stake did not grow by anything for a deposit of this many RAO.
    NothingReceived { tao: u64 },
    /// The alpha received is worth less than one share.
    ZeroShares { alpha: u64 },
    /// These shares stand for no alpha.
    ZeroAlpha { shares: u64 },
    /// Fewer shares than the depositor's minimum.
    SharesBelowMinimum { shares: u64, min_shares: u64 },
    /// Less TAO than the redeemer's minimum.
    AssetsBelowMinimum { assets: u64, min_assets: u64 },
    /// The stake moved by other than the alpha asked to unstake (±1).
    PositionChanged { expected: u64, actual: u64 },
    /// A share balance is too small.
    InsufficientBalance { balance: u64, needed: u64 },
    /// An allowance is too small.
    InsufficientAllowance { allowance: u64, needed: u64 },
    /// A share amount or stake above `u64`.
    Overflow,
    /// The chain extension refused (its status code).
    Extension { status: u32 },
    /// The payout transfer failed.
    TransferFailed,
}

impl From<ExtError> for Error {
    fn from(e: ExtError) -> Self {
        Self::Extension { status: e.status }
    }
}

#[ink::contract(env = crate::TaoEnv)]
pub mod vault {
    use crate::{Error, VIRTUAL_SHARES};
    use ink::storage::Mapping;

    /// Shares moved (minted: `from` None; burned: `to` None).
    #[ink(event)]
    pub struct Transfer {
        #[ink(topic)]
        from: Option<AccountId>,
        #[ink(topic)]
        to: Option<AccountId>,
        value: Balance,
    }

    /// An allowance was set.
    #[ink(event)]
    pub struct Approval {
        #[ink(topic)]
        owner: AccountId,
        #[ink(topic)]
        spender: AccountId,
        value: Balance,
    }

    /// TAO deposited and staked; shares minted to `owner`.
    #[ink(event)]
    pub struct Deposit {
        #[ink(topic)]
        owner: AccountId,
        tao: Balance,
        alpha: u64,
        shares: Balance,
    }

    /// Shares of `owner` redeemed; `tao` paid to `receiver`.
    #[ink(event)]
    pub struct Withdraw {
        #[ink(topic)]
        owner: AccountId,
        #[ink(topic)]
        receiver: AccountId,
        shares: Balance,
        alpha: u64,
        tao: Balance,
    }

    /// One validator's delegation vault.
    #[ink(storage)]
    pub struct Vault {
        hotkey: AccountId,
        netuid: u16,
        total_supply: Balance,
        balances: Mapping<AccountId, Balance>,
        allowances: Mapping<(AccountId, AccountId), Balance>,
    }

    impl Vault {
        /// A vault that stakes on `hotkey` in `netuid`.
        #[ink(constructor)]
        pub fn new(hotkey: AccountId, netuid: u16) -> Self {
            Self {
                hotkey,
                netuid,
                total_supply: 0,
                balances: Mapping::new(),
                allowances: Mapping::new(),
            }
        }

        // ------------------------------------------------------------ vault

        /// Stakes the TAO sent with the call and mints shares to the caller; fails below
        /// `min_shares`. Returns the shares minted.
        #[ink(message, payable)]
        pub fn deposit(&mut self, min_shares: Balance) -> Result<Balance, Error> {
            let tao = self.env().transferred_value();
            if tao == 0 {
                return Err(Error::ZeroAmount);
            }
            let supply = self.total_supply;
            let before = self.stake_held();
            self.env().extension().add_stake(self.hotkey, self.netuid, tao)?;
            let alpha = self.stake_held().saturating_sub(before);
            if alpha == 0 {
                return Err(Error::NothingReceived { tao });
            }
            let shares = shares_for(alpha, supply, before)?;
            if shares == 0 {
                return Err(Error::ZeroShares { alpha });
            }
            if shares < min_shares {
                return Err(Error::SharesBelowMinimum { shares, min_shares });
            }
            let owner = self.env().caller();
            self.mint(owner, shares)?;
            self.env().emit_event(Deposit { owner, tao, alpha, shares });
            Ok(shares)
        }

        /// Burns `shares` of the caller, unstakes the alpha they stand for and pays the TAO
        /// received to `receiver`; fails below `min_tao_out`. Returns the TAO paid.
        #[ink(message)]
        pub fn redeem(
            &mut self,
            shares: Balance,
            receiver: AccountId,
            min_tao_out: Balance,
        ) -> Result<Balance, Error> {
            if shares == 0 {
                return Err(Error::ZeroAmount);
            }
            let owner = self.env().caller();
            let stake = self.stake_held();
            let alpha = if shares == self.total_supply {
                stake
            } else {
                alpha_for(shares, self.total_supply, stake)?
            };
            if alpha == 0 {
                return Err(Error::ZeroAlpha { shares });
            }
            self.burn(owner, shares)?;
            let balance_before = self.env().balance();
            self.env().extension().remove_stake(self.hotkey, self.netuid, alpha)?;
            let moved = stake.saturating_sub(self.stake_held());
            if moved > alpha.saturating_add(1) || moved.saturating_add(1) < alpha {
                return Err(Error::PositionChanged { expected: alpha, actual: moved });
            }
            let tao = self.env().balance().saturating_sub(balance_before);
            if tao < min_tao_out {
                return Err(Error::AssetsBelowMinimum { assets: tao, min_assets: min_tao_out });
            }
            if tao > 0 {
                self.env().transfer(receiver, tao).map_err(|_| Error::TransferFailed)?;
            }
            self.env().emit_event(Withdraw { owner, receiver, shares, alpha, tao });
            Ok(tao)
        }

        /// The alpha the vault holds on its hotkey (alpha-RAO).
        #[ink(message)]
        pub fn stake_held(&self) -> u64 {
            let me = self.env().account_id();
            self.env()
                .extension()
                .get_stake_info(self.hotkey, me, self.netuid)
                .map_or(0, |s| s.stake)
        }

        /// The alpha `shares` stand for now.
        #[ink(message)]
        pub fn convert_to_alpha(&self, shares: Balance) -> Result<u64, Error> {
            let stake = self.stake_held();
            if self.total_supply != 0 && shares == self.total_supply {
                return Ok(stake);
            }
            alpha_for(shares, self.total_supply, stake)
        }

        /// The validator hotkey.
        #[ink(message)]
        pub fn hotkey(&self) -> AccountId {
            self.hotkey
        }

        /// The subnet.
        #[ink(message)]
        pub fn netuid(&self) -> u16 {
            self.netuid
        }

        // ------------------------------------------------------------ PSP22-style shares

        /// Shares in existence.
        #[ink(message)]
        pub fn total_supply(&self) -> Balance {
            self.total_supply
        }

        /// Shares of `owner`.
        #[ink(message)]
        pub fn balance_of(&self, owner: AccountId) -> Balance {
            self.balances.get(owner).unwrap_or(0)
        }

        /// What `spender` may still move for `owner`.
        #[ink(message)]
        pub fn allowance(&self, owner: AccountId, spender: AccountId) -> Balance {
            self.allowances.get((owner, spender)).unwrap_or(0)
        }

        /// Moves `value` shares from the caller to `to`.
        #[ink(message)]
        pub fn transfer(&mut self, to: AccountId, value: Balance) -> Result<(), Error> {
            let from = self.env().caller();
            self.move_shares(from, to, value)
        }

        /// Lets `spender` move up to `value` of the caller's shares.
        #[ink(message)]
        pub fn approve(&mut self, spender: AccountId, value: Balance) -> Result<(), Error> {
            let owner = self.env().caller();
            self.allowances.insert((owner, spender), &value);
            self.env().emit_event(Approval { owner, spender, value });
            Ok(())
        }

        /// Moves `value` shares from `from` to `to` against the caller's allowance.
        #[ink(message)]
        pub fn transfer_from(
            &mut self,
            from: AccountId,
            to: AccountId,
            value: Balance,
        ) -> Result<(), Error> {
            let spender = self.env().caller();
            let allowance = self.allowance(from, spender);
            if allowance < value {
                return Err(Error::InsufficientAllowance { allowance, needed: value });
            }
            self.move_shares(from, to, value)?;
            let left = allowance - value;
            self.allowances.insert((from, spender), &left);
            self.env().emit_event(Approval { owner: from, spender, value: left });
            Ok(())
        }

        // ------------------------------------------------------------ internals

        fn move_shares(
            &mut self,
            from: AccountId,
            to: AccountId,
            value: Balance,
        ) -> Result<(), Error> {
            let have = self.balance_of(from);
            if have < value {
                return Err(Error::InsufficientBalance { balance: have, needed: value });
            }
            self.balances.insert(from, &(have - value));
            let to_balance = self.balance_of(to).checked_add(value).ok_or(Error::Overflow)?;
            self.balances.insert(to, &to_balance);
            self.env().emit_event(Transfer { from: Some(from), to: Some(to), value });
            Ok(())
        }

        fn mint(&mut self, to: AccountId, value: Balance) -> Result<(), Error> {
            self.total_supply = self.total_supply.checked_add(value).ok_or(Error::Overflow)?;
            let b = self.balance_of(to).checked_add(value).ok_or(Error::Overflow)?;
            self.balances.insert(to, &b);
            self.env().emit_event(Transfer { from: None, to: Some(to), value });
            Ok(())
        }

        fn burn(&mut self, from: AccountId, value: Balance) -> Result<(), Error> {
            let have = self.balance_of(from);
            if have < value {
                return Err(Error::InsufficientBalance { balance: have, needed: value });
            }
            self.balances.insert(from, &(have - value));
            self.total_supply = self.total_supply.saturating_sub(value);
            self.env().emit_event(Transfer { from: Some(from), to: None, value });
            Ok(())
        }
    }

    /// Shares for `alpha` received when the stake was `before` and the supply `supply`:
    /// `alpha · (supply + VIRTUAL_SHARES) / (before + 1)`, floored.
    pub fn shares_for(alpha: u64, supply: u64, before: u64) -> Result<u64, Error> {
        let num = u128::from(alpha)
            .checked_mul(u128::from(supply) + VIRTUAL_SHARES)
            .ok_or(Error::Overflow)?;
        u64::try_from(num / (u128::from(before) + 1)).map_err(|_| Error::Overflow)
    }

    /// Alpha `shares` stand for: `shares · (stake + 1) / (supply + VIRTUAL_SHARES)`, floored.
    pub fn alpha_for(shares: u64, supply: u64, stake: u64) -> Result<u64, Error> {
        // < 2^64 · 2^64.
        let num = u128::from(shares) * (u128::from(stake) + 1);
        u64::try_from(num / (u128::from(supply) + VIRTUAL_SHARES)).map_err(|_| Error::Overflow)
    }
}

#[cfg(test)]
mod tests;
