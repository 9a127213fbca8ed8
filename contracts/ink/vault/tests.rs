//! Off-chain tests of the vault, with a mock of the chain extension 0x1000 that keeps one stake
//! position and prices a stake at a fixed alpha-per-TAO ratio.

use crate::vault::{alpha_for, shares_for, Vault};
use crate::{Error, StakeInfo, TaoEnv};
use ink::env::{test, DefaultEnvironment};
use ink::primitives::AccountId;
use scale::{Decode, Encode};
use std::cell::RefCell;
use std::rc::Rc;

/// The mock ledger: the vault's stake, what it was asked, and how stakes are priced.
#[derive(Default)]
struct Ledger {
    stake: u64,
    /// alpha per TAO as (numerator, denominator).
    ratio: (u64, u64),
    calls: Vec<(u16, u64)>,
    /// Status every write answers (0 = success).
    fail_status: u32,
}

struct MockExt(Rc<RefCell<Ledger>>);

impl ink::env::test::ChainExtension for MockExt {
    fn ext_id(&self) -> u16 {
        tao_ext::EXTENSION_ID
    }

    fn call(&mut self, func_id: u16, input: &[u8], output: &mut Vec<u8>) -> u32 {
        // ink!'s off-chain engine hands the SCALE arguments over wrapped as a `Vec<u8>`.
        let raw = Vec::<u8>::decode(&mut &input[..]).unwrap_or_else(|e| panic!("{e}"));
        let input = &raw[..];
        let mut l = self.0.borrow_mut();
        match func_id {
            tao_ext::FN_GET_STAKE_INFO => {
                let (hotkey, coldkey, netuid) =
                    <(AccountId, AccountId, u16)>::decode(&mut &input[..])
                        .unwrap_or_else(|e| panic!("{e}"));
                let info = (l.stake > 0)
                    .then(|| StakeInfo::new(hotkey, coldkey, netuid, l.stake, 0, true));
                info.encode_to(output);
                0
            }
            tao_ext::FN_ADD_STAKE | tao_ext::FN_REMOVE_STAKE => {
                let (_, _, amount) = <(AccountId, u16, u64)>::decode(&mut &input[..])
                    .unwrap_or_else(|e| panic!("{e}"));
                l.calls.push((func_id, amount));
                if l.fail_status != 0 {
                    return l.fail_status;
                }
                if func_id == tao_ext::FN_ADD_STAKE {
                    l.stake += amount * l.ratio.0 / l.ratio.1;
                } else if amount > l.stake {
                    return 6;
                } else {
                    l.stake -= amount;
                }
                0
            }
            _ => 1,
        }
    }
}

fn setup(ratio: (u64, u64)) -> (Vault, Rc<RefCell<Ledger>>) {
    let ledger = Rc::new(RefCell::new(Ledger { ratio, ..Ledger::default() }));
    test::register_chain_extension(MockExt(ledger.clone()));
    let a = test::default_accounts::<TaoEnv>();
    test::set_caller::<TaoEnv>(a.alice);
    (Vault::new(AccountId::from([7; 32]), 3), ledger)
}

fn deposit_as(v: &mut Vault, who: AccountId, tao: u64, min: u64) -> Result<u64, Error> {
    test::set_caller::<TaoEnv>(who);
    // ink!'s off-chain setter is written for u128 balances; our u64 reads the same bytes.
    test::set_value_transferred::<DefaultEnvironment>(u128::from(tao));
    let r = v.deposit(min);
    test::set_value_transferred::<DefaultEnvironment>(0);
    r
}

#[ink::test]
fn first_deposit_mints_a_million_shares_per_alpha_rao_minus_the_offset() {
    let (mut v, ledger) = setup((2, 1));
    let a = test::default_accounts::<TaoEnv>();
    // 1,000 RAO → 2,000 alpha; shares = 2000 · (0 + 10^6) / (0 + 1).
    assert_eq!(deposit_as(&mut v, a.alice, 1_000, 0), Ok(2_000_000_000));
    assert_eq!(ledger.borrow().calls, vec![(tao_ext::FN_ADD_STAKE, 1_000)]);
    assert_eq!(v.stake_held(), 2_000);
    assert_eq!(v.total_supply(), 2_000_000_000);
    // Second depositor: 500 RAO → 1,000 alpha; shares = 1000 · (2·10^9 + 10^6) / 2001.
    let expected = 1_000u128 * (2_000_000_000 + 1_000_000) / 2_001;
    assert_eq!(deposit_as(&mut v, a.bob, 500, 0), Ok(u64::try_from(expected).unwrap_or(0)));
    assert_eq!(expected, 1_000_000_000);
    assert_eq!(v.balance_of(a.bob), 1_000_000_000);
    assert_eq!(v.convert_to_alpha(1_000_000_000), Ok(1_000));
    // Minted events for both deposits: Transfer + Deposit each.
    assert_eq!(test::recorded_events().count(), 4);
}

#[ink::test]
fn deposit_guards() {
    let (mut v, ledger) = setup((1, 1_000));
    let a = test::default_accounts::<TaoEnv>();
    assert_eq!(deposit_as(&mut v, a.alice, 0, 0), Err(Error::ZeroAmount));
    // 999 RAO at 1 alpha per 1000 RAO: nothing received.
    assert_eq!(deposit_as(&mut v, a.alice, 999, 0), Err(Error::NothingReceived { tao: 999 }));
    ledger.borrow_mut().ratio = (1, 1);
    assert_eq!(
        deposit_as(&mut v, a.alice, 5, 5_000_001),
        Err(Error::SharesBelowMinimum { shares: 5_000_000, min_shares: 5_000_001 })
    );
    ledger.borrow_mut().fail_status = 2;
    assert_eq!(deposit_as(&mut v, a.alice, 5, 0), Err(Error::Extension { status: 2 }));
}

#[ink::test]
fn redeem_measures_the_payout_against_the_minimum() {
    let (mut v, ledger) = setup((1, 1));
    let a = test::default_accounts::<TaoEnv>();
    deposit_as(&mut v, a.alice, 3_000, 0).unwrap_or_else(|e| panic!("{e:?}"));
    let s_bob = deposit_as(&mut v, a.bob, 1_000, 0).unwrap_or(0);
    assert_eq!(s_bob, 1_000_000_000);
    // Rewards: the hotkey earned 400 alpha for the vault.
    ledger.borrow_mut().stake += 400;
    assert_eq!(v.stake_held(), 4_400);
    assert_eq!(v.convert_to_alpha(s_bob), Ok(1_099));
    // The off-chain env moves no balance on remove_stake: the payout measured is 0, so a
    // minimum-out of 1 refuses (on chain the whole message reverts).
    test::set_caller::<TaoEnv>(a.bob);
    assert_eq!(
        v.redeem(s_bob, a.bob, 1),
        Err(Error::AssetsBelowMinimum { assets: 0, min_assets: 1 })
    );
    assert_eq!(ledger.borrow().calls.last(), Some(&(tao_ext::FN_REMOVE_STAKE, 1_099)));
}

#[ink::test]
fn the_whole_supply_redeems_the_whole_stake() {
    let (mut v, ledger) = setup((1, 1));
    let a = test::default_accounts::<TaoEnv>();
    let s = deposit_as(&mut v, a.alice, 3_000, 0).unwrap_or(0);
    test::set_caller::<TaoEnv>(a.alice);
    assert_eq!(v.redeem(0, a.alice, 0), Err(Error::ZeroAmount));
    // A share count above the balance stands for more alpha than the vault can give.
    assert_eq!(
        v.redeem(s + 1, a.alice, 0),
        Err(Error::InsufficientBalance { balance: s, needed: s + 1 })
    );
    ledger.borrow_mut().stake += 17;
    // Rewards included; the pro-rata formula would give 3,016 (the offset keeps 1).
    assert_eq!(v.convert_to_alpha(s), Ok(3_017));
    assert_eq!(v.redeem(s, a.alice, 0), Ok(0));
    assert_eq!(ledger.borrow().calls.last(), Some(&(tao_ext::FN_REMOVE_STAKE, 3_017)));
    assert_eq!((v.total_supply(), v.stake_held(), v.balance_of(a.alice)), (0, 0, 0));
    // An unstake the ledger refuses surfaces its status.
    let s2 = deposit_as(&mut v, a.alice, 10, 0).unwrap_or(0);
    ledger.borrow_mut().fail_status = 6;
    test::set_caller::<TaoEnv>(a.alice);
    assert_eq!(v.redeem(s2, a.alice, 0), Err(Error::Extension { status: 6 }));
}

#[ink::test]
fn shares_transfer_approve_and_transfer_from() {
    let (mut v, _) = setup((1, 1));
    let a = test::default_accounts::<TaoEnv>();
    let s = deposit_as(&mut v, a.alice, 10, 0).unwrap_or(0);
    assert_eq!(s, 10_000_000);
    test::set_caller::<TaoEnv>(a.alice);
    assert_eq!(v.transfer(a.bob, 4), Ok(()));
    assert_eq!((v.balance_of(a.alice), v.balance_of(a.bob)), (s - 4, 4));
    assert_eq!(v.transfer(a.bob, s), Err(Error::InsufficientBalance { balance: s - 4, needed: s }));
    assert_eq!(v.approve(a.charlie, 100), Ok(()));
    test::set_caller::<TaoEnv>(a.charlie);
    assert_eq!(
        v.transfer_from(a.alice, a.django, 101),
        Err(Error::InsufficientAllowance { allowance: 100, needed: 101 })
    );
    assert_eq!(v.transfer_from(a.alice, a.django, 60), Ok(()));
    assert_eq!(v.allowance(a.alice, a.charlie), 40);
    assert_eq!(v.balance_of(a.django), 60);
    assert_eq!(v.total_supply(), s);
}

#[test]
fn share_maths_rounds_down_with_the_virtual_offset() {
    assert_eq!(shares_for(1, 0, 0), Ok(1_000_000));
    assert_eq!(shares_for(7, 1_000_000, 1), Ok(7 * 2_000_000 / 2));
    assert_eq!(alpha_for(1_000_000, 1_000_000, 1), Ok(1));
    assert_eq!(alpha_for(999_999, 1_000_000, 1), Ok(0));
    assert_eq!(shares_for(u64::MAX, u64::MAX, 0), Err(Error::Overflow));
}
