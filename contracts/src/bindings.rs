//! `sol!` bindings of the compiled Solidity contracts, generated from the artefacts' ABIs
//! (`contracts/artifacts/*.json`): call, return, event and error types (`WTAO::depositCall`,
//! `AlphaLendingMarket::borrowCall`, `ComputeCollateral::slashCall`, ...) for the node, the sdk and the tests alike.
#![allow(missing_docs, clippy::too_many_arguments)]

alloy_sol_types::sol!(
    #[sol(abi)]
    #[derive(Debug, PartialEq, Eq)]
    WTAO,
    "artifacts/WTAO.json"
);
alloy_sol_types::sol!(
    #[sol(abi)]
    #[derive(Debug, PartialEq, Eq)]
    WrappedAlphaFactory,
    "artifacts/WrappedAlphaFactory.json"
);
alloy_sol_types::sol!(
    #[sol(abi)]
    #[derive(Debug, PartialEq, Eq)]
    WrappedAlpha,
    "artifacts/WrappedAlpha.json"
);
alloy_sol_types::sol!(
    #[sol(abi)]
    #[derive(Debug, PartialEq, Eq)]
    DelegationVaultFactory,
    "artifacts/DelegationVaultFactory.json"
);
alloy_sol_types::sol!(
    #[sol(abi)]
    #[derive(Debug, PartialEq, Eq)]
    DelegationVault,
    "artifacts/DelegationVault.json"
);
alloy_sol_types::sol!(
    #[sol(abi)]
    #[derive(Debug, PartialEq, Eq)]
    AlphaLendingMarket,
    "artifacts/AlphaLendingMarket.json"
);
alloy_sol_types::sol!(
    #[sol(abi)]
    #[derive(Debug, PartialEq, Eq)]
    AlphaPools,
    "artifacts/AlphaPools.json"
);
// The pool engine's interface with its named parameters, returns, events and errors
// (`contracts/solidity/src/pool/IAlphaPools.sol`, which `AlphaPools` implements).
alloy_sol_types::sol!(
    #[sol(all_derives)]
    "solidity/src/pool/IAlphaPools.sol"
);
alloy_sol_types::sol!(
    #[sol(abi)]
    #[derive(Debug, PartialEq, Eq)]
    ComputeCollateral,
    "artifacts/ComputeCollateral.json"
);
