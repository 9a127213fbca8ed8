//! Off-chain tests of the bounty, with a mock chain extension that answers stake-info reads
//! from a table of (hotkey → emission, registered).

use crate::bounty::Bounty;
use crate::{Error, StakeInfo, TaoEnv, MAX_MINERS};
use ink::env::{test, DefaultEnvironment};
use ink::primitives::AccountId;
use scale::{Decode, Encode};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

type Table = Rc<RefCell<BTreeMap<AccountId, (u64, bool)>>>;

struct MockExt(Table);

impl ink::env::test::ChainExtension for MockExt {
    fn ext_id(&self) -> u16 {
        tao_ext::EXTENSION_ID
    }

    fn call(&mut self, func_id: u16, input: &[u8], output: &mut Vec<u8>) -> u32 {
        // ink!'s off-chain engine hands the SCALE arguments over wrapped as a `Vec<u8>`.
        let raw = Vec::<u8>::decode(&mut &input[..]).unwrap_or_else(|e| panic!("{e}"));
        let input = &raw[..];
        if func_id != tao_ext::FN_GET_STAKE_INFO {
            return 1;
        }
        let (hotkey, coldkey, netuid) = <(AccountId, AccountId, u16)>::decode(&mut &input[..])
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(netuid, 4, "the bounty reads its own subnet");
        let info = self.0.borrow().get(&hotkey).map(|&(emission, is_registered)| {
            StakeInfo::new(hotkey, coldkey, netuid, 0, emission, is_registered)
        });
        info.encode_to(output);
        0
    }
}

fn hk(i: u8) -> AccountId {
    AccountId::from([i; 32])
}

fn payee(i: u8) -> AccountId {
    AccountId::from([0x80 | i; 32])
}

/// A bounty on subnet 4 with 10-block rounds, `n` registered miners of the given emissions,
/// and `pot` RAO in it.
fn setup(emissions: &[u64], pot: u64) -> (Bounty, Table) {
    let table: Table = Rc::new(RefCell::new(BTreeMap::new()));
    test::register_chain_extension(MockExt(table.clone()));
    let mut b = Bounty::new(4, 10).unwrap_or_else(|e| panic!("{e:?}"));
    for (i, e) in emissions.iter().enumerate() {
        let i = u8::try_from(i).unwrap_or(0);
        table.borrow_mut().insert(hk(i), (*e, true));
        test::set_caller::<TaoEnv>(payee(i));
        assert_eq!(b.register(hk(i)), Ok(()));
    }
    let a = test::default_accounts::<TaoEnv>();
    test::set_caller::<TaoEnv>(a.alice);
    // ink!'s off-chain test API is written for u128 balances: the default environment's
    // setters store the same little-endian value our u64 `Balance` reads.
    test::set_value_transferred::<DefaultEnvironment>(u128::from(pot));
    if pot > 0 {
        assert_eq!(b.fund(), Ok(pot));
    }
    test::set_value_transferred::<DefaultEnvironment>(0);
    (b, table)
}

fn advance(n: u32) {
    for _ in 0..n {
        test::advance_block::<TaoEnv>();
    }
}

#[ink::test]
fn pays_pro_rata_and_carries_the_remainder() {
    let (mut b, _) = setup(&[1, 2, 4], 1_000);
    assert_eq!(b.close_round(), Err(Error::RoundNotOver { ends_at: 10 }));
    advance(10);
    let out = b.close_round().unwrap_or_else(|e| panic!("{e:?}"));
    // 1000·1/7 = 142, 1000·2/7 = 285, 1000·4/7 = 571; 998 credited, 2 kept.
    assert_eq!((out.round, out.pot, out.paid, out.total_weight), (0, 1_000, 998, 7));
    assert_eq!(b.pot(), 2);
    for (i, want) in [(0u8, 142u64), (1, 285), (2, 571)] {
        assert_eq!(b.owed_to(payee(i)), want);
    }
    assert_eq!(b.round(), (1, 20));
    // The remainder joins the next round's pot: 2 + 5 = 7 → 1, 2, 4 exactly.
    test::set_value_transferred::<DefaultEnvironment>(5);
    assert_eq!(b.fund(), Ok(7));
    advance(10);
    let out = b.close_round().unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!((out.round, out.pot, out.paid, b.pot()), (1, 7, 7, 0));
    assert_eq!(b.owed_to(payee(2)), 575);
}

#[ink::test]
fn deregistered_and_silent_miners_get_nothing_and_no_weight_pays_nothing() {
    let (mut b, table) = setup(&[5, 5, 0], 101);
    table.borrow_mut().insert(hk(1), (5, false));
    advance(10);
    let out = b.close_round().unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!((out.paid, out.total_weight), (101, 5));
    assert_eq!((b.owed_to(payee(0)), b.owed_to(payee(1)), b.owed_to(payee(2))), (101, 0, 0));
    table.borrow_mut().insert(hk(0), (0, true));
    advance(10);
    let out = b.close_round().unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!((out.paid, out.total_weight, b.pot()), (0, 0, 0));
}

#[ink::test]
fn registration_rules() {
    let (mut b, table) = setup(&[1], 0);
    test::set_caller::<TaoEnv>(payee(0));
    assert_eq!(b.register(hk(0)), Err(Error::AlreadyRegistered));
    assert_eq!(b.register(hk(9)), Err(Error::NotRegistered));
    table.borrow_mut().insert(hk(9), (3, false));
    assert_eq!(b.register(hk(9)), Err(Error::NotRegistered));
    for i in 1..MAX_MINERS {
        let i = u8::try_from(i).unwrap_or(0) + 10;
        table.borrow_mut().insert(hk(i), (1, true));
        assert_eq!(b.register(hk(i)), Ok(()));
    }
    table.borrow_mut().insert(hk(200), (1, true));
    assert_eq!(b.register(hk(200)), Err(Error::TooManyMiners));
    assert_eq!(b.miners().len(), MAX_MINERS);
    assert_eq!(b.fund(), Err(Error::ZeroAmount));
    assert_eq!(b.claim(), Err(Error::NothingOwed));
    assert_eq!(Bounty::new(4, 0).err(), Some(Error::ZeroRound));
}
