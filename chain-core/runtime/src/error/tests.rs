//! Revert texts and chain names of the typed errors.

use super::*;

#[test]
fn reasons_and_chain_names() {
    let e: NativeError = SubnetError::SubnetNotExists { netuid: NetUid(9) }.into();
    assert_eq!(
        (e.to_string().as_str(), e.chain_name()),
        ("subnet does not exist", "SubnetNotExists")
    );
    let e: NativeError = SubnetPoolError::SubnetNotExists { netuid: NetUid(9) }.into();
    assert_eq!(e.to_string(), "subnet 9 does not exist");
    let e: NativeError = WeightsError::UidVecContainInvalidOne { uid: Uid(3) }.into();
    assert_eq!(e.to_string(), "uid 3 does not exist on this subnet");
    assert_eq!(e.chain_name(), "UidVecContainInvalidOne");
    let e: NativeError = HyperparamError::OutOfRange { param: Hyper::Rho, min: 1, max: 2 }.into();
    assert_eq!(e.to_string(), "rho must be between 1 and 2");
    let e: NativeError =
        StakingError::HotKeyAccountNotExists { hotkey: tao_primitives::AccountId32([0xab; 32]) }
            .into();
    assert!(e.to_string().starts_with("hotkey 0xabab"), "{e}");
    assert!(e.is_rejection());
    assert!(!NativeError::Overflow("x").is_rejection());
    let swap = tao_economics::pool::PoolError::SlippageTooHigh { requested: 2, max_amount: 1 };
    let e: NativeError = SubnetPoolError::Swap { netuid: NetUid(1), source: swap }.into();
    assert_eq!(e.chain_name(), "SlippageTooHigh");
    assert!(e.to_string().starts_with("subnet 1: slippage too high"), "{e}");
}
