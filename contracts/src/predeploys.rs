//! The contracts every taochain genesis holds from block 0, at fixed addresses (`tao_contracts`
//! lists them).
//!
//! | address | contract | constructor |
//! | --- | --- | --- |
//! | `0x…0b01` | `WTAO` ([`crate::artifacts::WTAO`], the WETH9 interface) | none |
//! | `0x…0b02` | [`WrappedAlphaFactory`](crate::artifacts::WRAPPED_ALPHA_FACTORY) | none |
//! | `0x…0b03` | [`DelegationVaultFactory`](crate::artifacts::DELEGATION_VAULT_FACTORY) | WTAO |
//! | `0x…0b04` | [`AlphaLendingMarket`](crate::artifacts::ALPHA_LENDING_MARKET) | guardian, WTAO |
//! | `0x…0b05` | [`AlphaPools`](crate::artifacts::ALPHA_POOLS) (the Solidity pool engine) | the chain's system caller |
//!
//! The node materialises them by running each creation code (with its constructor arguments)
//! in a scratch EVM, in this order, and copying the runtime code and storage to the fixed
//! address. **Rule for these contracts:** a constructor must not depend on the contract's own
//! address (no immutable or storage value derived from `address(this)`); it may rely on the
//! predeploys listed before it. The lending market needs a guardian (the genesis `root`); a
//! genesis without one has no lending market.

use crate::artifacts::{
    ALPHA_LENDING_MARKET, ALPHA_POOLS, Artifact, ArtifactError, DELEGATION_VAULT_FACTORY,
    WRAPPED_ALPHA_FACTORY, WTAO,
};
use alloy_primitives::{Address, Bytes, address};
use alloy_sol_types::SolValue;

/// WTAO, the canonical wrapped TAO.
pub const WTAO_ADDRESS: Address = address!("0000000000000000000000000000000000000b01");
/// The wrapped-alpha factory.
pub const WRAPPED_ALPHA_FACTORY_ADDRESS: Address =
    address!("0000000000000000000000000000000000000b02");
/// The delegation-vault factory.
pub const DELEGATION_VAULT_FACTORY_ADDRESS: Address =
    address!("0000000000000000000000000000000000000b03");
/// The reference lending market on alpha.
pub const LENDING_MARKET_ADDRESS: Address = address!("0000000000000000000000000000000000000b04");
/// The dTAO pools of every subnet (the Solidity pool engine).
pub const ALPHA_POOLS_ADDRESS: Address = address!("0000000000000000000000000000000000000b05");

/// Every predeploy's name, address and artefact, in materialisation order.
pub const ALL: &[(&str, Address, Artifact)] = &[
    ("WTAO", WTAO_ADDRESS, WTAO),
    ("WrappedAlphaFactory", WRAPPED_ALPHA_FACTORY_ADDRESS, WRAPPED_ALPHA_FACTORY),
    ("DelegationVaultFactory", DELEGATION_VAULT_FACTORY_ADDRESS, DELEGATION_VAULT_FACTORY),
    ("AlphaLendingMarket", LENDING_MARKET_ADDRESS, ALPHA_LENDING_MARKET),
    ("AlphaPools", ALPHA_POOLS_ADDRESS, ALPHA_POOLS),
];

/// One predeploy to materialise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Predeploy {
    /// The contract's name.
    pub name: &'static str,
    /// Its fixed address.
    pub address: Address,
    /// Creation code followed by the ABI-encoded constructor arguments.
    pub init: Bytes,
}

fn with_args(a: Artifact, args: &[u8]) -> Result<Bytes, ArtifactError> {
    let mut code = a.bytecode()?.to_vec();
    code.extend_from_slice(args);
    Ok(code.into())
}

/// The predeploys of a genesis whose lending-market guardian is `guardian` (none: the market
/// is left out) and whose pool engine is driven by `system` (the chain's system caller), in
/// materialisation order.
pub fn list(guardian: Option<Address>, system: Address) -> Result<Vec<Predeploy>, ArtifactError> {
    let mut out = vec![
        Predeploy { name: "WTAO", address: WTAO_ADDRESS, init: with_args(WTAO, &[])? },
        Predeploy {
            name: "WrappedAlphaFactory",
            address: WRAPPED_ALPHA_FACTORY_ADDRESS,
            init: with_args(WRAPPED_ALPHA_FACTORY, &[])?,
        },
        Predeploy {
            name: "DelegationVaultFactory",
            address: DELEGATION_VAULT_FACTORY_ADDRESS,
            init: with_args(DELEGATION_VAULT_FACTORY, &WTAO_ADDRESS.abi_encode())?,
        },
    ];
    out.push(Predeploy {
        name: "AlphaPools",
        address: ALPHA_POOLS_ADDRESS,
        init: with_args(ALPHA_POOLS, &system.abi_encode())?,
    });
    if let Some(g) = guardian {
        out.push(Predeploy {
            name: "AlphaLendingMarket",
            address: LENDING_MARKET_ADDRESS,
            init: with_args(ALPHA_LENDING_MARKET, &(g, WTAO_ADDRESS).abi_encode_params())?,
        });
    }
    Ok(out)
}
