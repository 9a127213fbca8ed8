//! # contracts
//!
//! The ABI of every taochain precompile, declared once with [`alloy_sol_types::sol!`] and used
//! by the `precompiles` crate (to decode calls and encode results), by the sdk (typed bindings)
//! and by tests. The interfaces are Bittensor's, unchanged (besides `ISubnetControl`, taochain's own): same addresses, same Solidity
//! signatures, same units, so contracts and scripts written for Bittensor's EVM work here.
//!
//! | module | interface | address | role |
//! | --- | --- | --- | --- |
//! | [`ed25519_verify`] | [`IEd25519Verify`] | `0x…0402` | verify an Ed25519 signature |
//! | [`sr25519_verify`] | [`ISR25519Verify`] | `0x…0403` | verify an Sr25519 signature |
//! | [`balance_transfer`] | [`IBalanceTransfer`] | `0x…0800` | send `msg.value` to a 32-byte key |
//! | [`staking_v1`] | [`IStakingV1`] | `0x…0801` | staking V1 (wei-scaled amounts) |
//! | [`metagraph`] | [`IMetagraph`] | `0x…0802` | per-uid metagraph reads |
//! | [`subnet`] | [`ISubnet`] | `0x…0803` | register a subnet; hyperparameter getters/setters |
//! | [`neuron`] | [`INeuron`] | `0x…0804` | register, set/commit/reveal weights, serve |
//! | [`staking`] | [`IStaking`] | `0x…0805` | staking V2 (RAO amounts), allowances |
//! | [`uid_lookup`] | [`IUidLookup`] | `0x…0806` | EVM address -> uid associations |
//! | [`alpha`] | [`IAlpha`] | `0x…0808` | pool prices, reserves, simulated swaps |
//! | [`address_mapping`] | [`IAddressMapping`] | `0x…080c` | an address's 32-byte twin |
//! | [`wasm`] | [`IWasm`] | `0x…0a00` | taochain's own: the EVM→ink! bridge |
//! | [`subnet_control`] | [`ISubnetControl`] | `0x…0a01` | taochain's own: `startCall`, root's emission switch |
//!
//! The real chain's other precompile addresses, which taochain does not serve, are listed in
//! [`unavailable::PRECOMPILES`].
//!
//! Each module holds the interface's `ADDRESS`, its Solidity `NAME`, the `sol!` declaration
//! (call types such as `IStaking::addStakeCall`, the dispatch enum `IStaking::IStakingCalls`)
//! and `abi()`, the interface's [`JsonAbi`] with solc-style `internalType`s. [`INTERFACES`]
//! lists them all.
//!
//! ## Generated files
//!
//! `contracts/interfaces/` holds, for each interface, a Solidity file (`IStaking.sol`: the
//! address constant and the interface, events included) and its ABI JSON (`IStaking.json`),
//! rendered from these declarations by [`render`].
//!
//! ## Events
//!
//! The state-changing interfaces also declare the EVM events their precompiles emit (the real
//! chain emits none): `IStaking` (`StakeAdded`, `StakeRemoved`, `StakeMoved`,
//! `StakeTransferred`, `AlphaBurned`, `AllowanceChanged`), `IStakingV1` (`StakeAdded`,
//! `StakeRemoved`, the same signatures), `INeuron` (`NeuronRegistered`, `AxonServed`,
//! `PrometheusServed`, `WeightsSet`, `WeightsCommitted`, `WeightsRevealed`), `ISubnet`
//! (`NetworkRegistered`, `HyperparameterSet`) and `IBalanceTransfer` (`TransferToAccount`),
//! indexed by coldkey, hotkey and netuid. Decode one with its `sol!` type, e.g.
//! `IStaking::StakeAdded::decode_log_data`. Regenerate them with
//!
//! ```text
//! cargo run -p contracts --bin gen-interfaces
//! ```
//!
//! The test `interfaces_are_up_to_date` fails when the checked-in files differ from what the
//! declarations render, and another test compiles them with solc and checks that solc's ABI is
//! the declared one.

use alloy_json_abi::JsonAbi;
use alloy_primitives::Address;

mod abi;
pub mod address_mapping;
pub mod alpha;
pub mod artifacts;
pub mod balance_transfer;
pub mod bindings;
pub mod ed25519_verify;
pub mod ink;
pub mod metagraph;
pub mod neuron;
pub mod predeploys;
pub mod render;
pub mod sr25519_verify;
pub mod staking;
pub mod staking_v1;
pub mod subnet;
pub mod subnet_control;
pub mod uid_lookup;
pub mod unavailable;
pub mod wasm;

pub use address_mapping::IAddressMapping;
pub use alpha::IAlpha;
pub use balance_transfer::IBalanceTransfer;
pub use ed25519_verify::IEd25519Verify;
pub use metagraph::IMetagraph;
pub use neuron::INeuron;
pub use sr25519_verify::ISR25519Verify;
pub use staking::IStaking;
pub use staking_v1::IStakingV1;
pub use subnet::ISubnet;
pub use subnet_control::ISubnetControl;
pub use uid_lookup::IUidLookup;
pub use wasm::IWasm;

/// One precompile interface: its Solidity name, address, description and ABI.
#[derive(Clone, Copy, Debug)]
pub struct Interface {
    /// Solidity name of the interface, e.g. `IStaking`; also the stem of its generated files.
    pub name: &'static str,
    /// Address of the precompile.
    pub address: Address,
    /// One-line description (the `@notice` of the generated Solidity interface).
    pub description: &'static str,
    /// Rust path of the module declaring the interface, e.g. `contracts::staking`.
    pub module: &'static str,
    abi: fn() -> JsonAbi,
}

impl Interface {
    /// The interface's JSON ABI, with solc-style `internalType`s.
    pub fn abi(&self) -> JsonAbi {
        (self.abi)()
    }
}

macro_rules! interface {
    ($module:ident) => {
        Interface {
            name: $module::NAME,
            address: $module::ADDRESS,
            description: $module::DESCRIPTION,
            module: concat!("contracts::", stringify!($module)),
            abi: $module::abi,
        }
    };
}

/// Every precompile interface, in address order.
pub const INTERFACES: [Interface; 13] = [
    interface!(ed25519_verify),
    interface!(sr25519_verify),
    interface!(balance_transfer),
    interface!(staking_v1),
    interface!(metagraph),
    interface!(subnet),
    interface!(neuron),
    interface!(staking),
    interface!(uid_lookup),
    interface!(alpha),
    interface!(address_mapping),
    interface!(wasm),
    interface!(subnet_control),
];

/// Every precompile interface as `(Solidity name, address)`, in address order.
pub const ALL: [(&str, Address); 13] = [
    (ed25519_verify::NAME, ed25519_verify::ADDRESS),
    (sr25519_verify::NAME, sr25519_verify::ADDRESS),
    (balance_transfer::NAME, balance_transfer::ADDRESS),
    (staking_v1::NAME, staking_v1::ADDRESS),
    (metagraph::NAME, metagraph::ADDRESS),
    (subnet::NAME, subnet::ADDRESS),
    (neuron::NAME, neuron::ADDRESS),
    (staking::NAME, staking::ADDRESS),
    (uid_lookup::NAME, uid_lookup::ADDRESS),
    (alpha::NAME, alpha::ADDRESS),
    (address_mapping::NAME, address_mapping::ADDRESS),
    (wasm::NAME, wasm::ADDRESS),
    (subnet_control::NAME, subnet_control::ADDRESS),
];

/// The interface named `name` (e.g. `"IStaking"`), if there is one.
pub fn interface(name: &str) -> Option<&'static Interface> {
    INTERFACES.iter().find(|interface| interface.name == name)
}

/// The JSON ABI of the interface named `name` (e.g. `"IStaking"`), if there is one.
pub fn json_abi(name: &str) -> Option<JsonAbi> {
    interface(name).map(Interface::abi)
}

/// The interface of the precompile at `address`, if there is one.
pub fn interface_at(address: Address) -> Option<&'static Interface> {
    INTERFACES.iter().find(|interface| interface.address == address)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::{address, map::HashSet};
    use alloy_sol_types::SolInterface;

    #[test]
    fn addresses_are_the_real_chains() {
        let expected = [
            ("IEd25519Verify", address!("0000000000000000000000000000000000000402")),
            ("ISR25519Verify", address!("0000000000000000000000000000000000000403")),
            ("IBalanceTransfer", address!("0000000000000000000000000000000000000800")),
            ("IStakingV1", address!("0000000000000000000000000000000000000801")),
            ("IMetagraph", address!("0000000000000000000000000000000000000802")),
            ("ISubnet", address!("0000000000000000000000000000000000000803")),
            ("INeuron", address!("0000000000000000000000000000000000000804")),
            ("IStaking", address!("0000000000000000000000000000000000000805")),
            ("IUidLookup", address!("0000000000000000000000000000000000000806")),
            ("IAlpha", address!("0000000000000000000000000000000000000808")),
            ("IAddressMapping", address!("000000000000000000000000000000000000080c")),
            // taochain's own (not on the real chain).
            ("IWasm", address!("0000000000000000000000000000000000000a00")),
            ("ISubnetControl", address!("0000000000000000000000000000000000000a01")),
        ];
        assert_eq!(ALL, expected);
        for ((name, address), interface) in ALL.iter().zip(&INTERFACES) {
            assert_eq!((*name, *address), (interface.name, interface.address));
            assert_eq!(interface_at(*address).map(|i| i.name), Some(*name));
            assert!(json_abi(name).is_some());
        }
        assert!(json_abi("IStakingV3").is_none());
        for pair in ALL.windows(2) {
            assert!(pair[0].1 < pair[1].1, "address order");
        }
        // Served and unavailable addresses are disjoint.
        for (name, address) in unavailable::PRECOMPILES {
            assert!(interface_at(address).is_none(), "{name} is both served and unavailable");
        }
    }

    /// The JSON ABI (which the generated files come from) and the `sol!` call types (which the
    /// precompiles dispatch on) must list the same selectors.
    fn assert_same_selectors<I: SolInterface>(name: &str) {
        let abi = json_abi(name).expect("known interface");
        let from_abi: HashSet<[u8; 4]> = abi.functions().map(|f| f.selector().0).collect();
        let from_calls: HashSet<[u8; 4]> = (0..I::COUNT).filter_map(I::selector_at).collect();
        assert_eq!(from_abi.len(), I::COUNT, "{name}: duplicate selector");
        assert_eq!(from_abi, from_calls, "{name}");
    }

    #[test]
    fn json_abis_agree_with_the_call_types() {
        assert_same_selectors::<IBalanceTransfer::IBalanceTransferCalls>("IBalanceTransfer");
        assert_same_selectors::<IMetagraph::IMetagraphCalls>("IMetagraph");
        assert_same_selectors::<ISubnet::ISubnetCalls>("ISubnet");
        assert_same_selectors::<INeuron::INeuronCalls>("INeuron");
        assert_same_selectors::<IStaking::IStakingCalls>("IStaking");
        assert_same_selectors::<IUidLookup::IUidLookupCalls>("IUidLookup");
        assert_same_selectors::<IAlpha::IAlphaCalls>("IAlpha");
        assert_same_selectors::<IEd25519Verify::IEd25519VerifyCalls>("IEd25519Verify");
        assert_same_selectors::<ISR25519Verify::ISR25519VerifyCalls>("ISR25519Verify");
        assert_same_selectors::<IStakingV1::IStakingV1Calls>("IStakingV1");
        assert_same_selectors::<IAddressMapping::IAddressMappingCalls>("IAddressMapping");
        assert_same_selectors::<ISubnetControl::ISubnetControlCalls>("ISubnetControl");
    }
}
