//! Subnet precompile at `0x…0803`: register a subnet, and owner/admin reads and writes of its
//! hyperparameters.
//!
//! Every getter is a `view` and every setter is `payable` (dispatched as the caller, who must
//! own the subnet or be the admin). `setWeightsSetRateLimit`, `setMinBurn` and `setMaxBurn` are
//! accepted but do nothing, as on the real chain.

use alloy_json_abi::JsonAbi;
use alloy_primitives::{Address, address};

/// Address of the subnet precompile.
pub const ADDRESS: Address = address!("0000000000000000000000000000000000000803");

/// Solidity name of the interface.
pub const NAME: &str = "ISubnet";

/// One-line description, used as `@notice` in the generated Solidity interface.
pub const DESCRIPTION: &str =
    "Subnet precompile: register a subnet; owner reads and writes of its hyperparameters.";

/// The interface's JSON ABI, with solc-style `internalType`s.
pub fn abi() -> JsonAbi {
    crate::abi::with_internal_types(ISubnet::abi::contract(), NAME, &[])
}

alloy_sol_types::sol! {
    /// The subnet precompile interface (`0x…0803`).
    #[sol(abi)]
    #[derive(Debug, PartialEq, Eq)]
    #[allow(missing_docs)]
    interface ISubnet {
        /// Register a new subnet owned by the caller, with `hotkey` as the owner hotkey; pays the
        /// current lock cost.
        function registerNetwork(bytes32 hotkey) external payable;
        /// Register a new subnet with its identity.
        function registerNetwork(
            bytes32 hotkey,
            string memory subnetName,
            string memory githubRepo,
            string memory subnetContact,
            string memory subnetUrl,
            string memory discord,
            string memory description,
            string memory additional
        ) external payable;
        /// Register a new subnet with its identity and a logo URL.
        function registerNetwork(
            bytes32 hotkey,
            string memory subnetName,
            string memory githubRepo,
            string memory subnetContact,
            string memory subnetUrl,
            string memory discord,
            string memory description,
            string memory additional,
            string memory logoUrl
        ) external payable;

        /// Block at which `netuid` was registered.
        function getNetworkRegistrationBlock(uint16 netuid) external view returns (uint64);

        function getServingRateLimit(uint16 netuid) external view returns (uint64);
        function setServingRateLimit(uint16 netuid, uint64 servingRateLimit) external payable;

        function getMinDifficulty(uint16 netuid) external view returns (uint64);
        function setMinDifficulty(uint16 netuid, uint64 minDifficulty) external payable;

        function getMaxDifficulty(uint16 netuid) external view returns (uint64);
        function setMaxDifficulty(uint16 netuid, uint64 maxDifficulty) external payable;

        function getWeightsVersionKey(uint16 netuid) external view returns (uint64);
        function setWeightsVersionKey(uint16 netuid, uint64 weightsVersionKey) external payable;

        function getWeightsSetRateLimit(uint16 netuid) external view returns (uint64);
        /// Deprecated: accepted and ignored.
        function setWeightsSetRateLimit(uint16 netuid, uint64 weightsSetRateLimit)
            external payable;

        function getAdjustmentAlpha(uint16 netuid) external view returns (uint64);
        function setAdjustmentAlpha(uint16 netuid, uint64 adjustmentAlpha) external payable;

        function getMaxWeightLimit(uint16 netuid) external view returns (uint16);

        function getImmunityPeriod(uint16 netuid) external view returns (uint16);
        function setImmunityPeriod(uint16 netuid, uint16 immunityPeriod) external payable;

        function getMinAllowedWeights(uint16 netuid) external view returns (uint16);
        function setMinAllowedWeights(uint16 netuid, uint16 minAllowedWeights) external payable;

        function getKappa(uint16 netuid) external view returns (uint16);
        function setKappa(uint16 netuid, uint16 kappa) external payable;

        function getRho(uint16 netuid) external view returns (uint16);
        function setRho(uint16 netuid, uint16 rho) external payable;

        function getAlphaSigmoidSteepness(uint16 netuid) external view returns (uint16);
        function setAlphaSigmoidSteepness(uint16 netuid, uint16 steepness) external payable;

        function getActivityCutoff(uint16 netuid) external view returns (uint16);
        function setActivityCutoff(uint16 netuid, uint16 activityCutoff) external payable;

        function getActivityCutoffFactor(uint16 netuid) external view returns (uint32);
        function setActivityCutoffFactor(uint16 netuid, uint32 activityCutoffFactor)
            external payable;

        function getNetworkRegistrationAllowed(uint16 netuid) external view returns (bool);
        function setNetworkRegistrationAllowed(uint16 netuid, bool registrationAllowed)
            external payable;

        function getNetworkPowRegistrationAllowed(uint16 netuid) external view returns (bool);
        function setNetworkPowRegistrationAllowed(uint16 netuid, bool registrationAllowed)
            external payable;

        function getMinBurn(uint16 netuid) external view returns (uint64);
        /// Accepted and ignored.
        function setMinBurn(uint16 netuid, uint64 minBurn) external payable;

        function getMaxBurn(uint16 netuid) external view returns (uint64);
        /// Accepted and ignored.
        function setMaxBurn(uint16 netuid, uint64 maxBurn) external payable;

        function getDifficulty(uint16 netuid) external view returns (uint64);
        function setDifficulty(uint16 netuid, uint64 difficulty) external payable;

        function getBondsMovingAverage(uint16 netuid) external view returns (uint64);
        function setBondsMovingAverage(uint16 netuid, uint64 bondsMovingAverage)
            external payable;

        function getCommitRevealWeightsEnabled(uint16 netuid) external view returns (bool);
        function setCommitRevealWeightsEnabled(uint16 netuid, bool enabled) external payable;

        function getLiquidAlphaEnabled(uint16 netuid) external view returns (bool);
        function setLiquidAlphaEnabled(uint16 netuid, bool enabled) external payable;

        function getYuma3Enabled(uint16 netuid) external view returns (bool);
        function setYuma3Enabled(uint16 netuid, bool enabled) external payable;

        function getBondsResetEnabled(uint16 netuid) external view returns (bool);
        function setBondsResetEnabled(uint16 netuid, bool enabled) external payable;

        /// Liquid-alpha bounds `(low, high)`.
        function getAlphaValues(uint16 netuid) external view returns (uint16, uint16);
        /// Set the liquid-alpha bounds.
        function setAlphaValues(uint16 netuid, uint16 low, uint16 high) external payable;

        function getCommitRevealWeightsInterval(uint16 netuid) external view returns (uint64);
        function setCommitRevealWeightsInterval(uint16 netuid, uint64 interval) external payable;

        /// Allow or forbid stake transfers on `netuid`.
        function toggleTransfers(uint16 netuid, bool toggle) external payable;

        /// `coldkey` registered subnet `netuid` with `hotkey` as its owner hotkey, locking
        /// `lockRao` (RAO) (`registerNetwork`, every overload).
        event NetworkRegistered(
            bytes32 indexed coldkey,
            bytes32 indexed hotkey,
            uint16 indexed netuid,
            uint256 lockRao
        );
        /// The owner `coldkey` set hyperparameter `name` (the chain's name, e.g. `kappa`,
        /// `bonds_moving_average`) of `netuid` to `value` (a bool as 0 or 1). Emitted by every
        /// setter that changes state (`setAlphaValues` emits `alpha_low` and `alpha_high`); the
        /// deprecated no-op setters emit nothing.
        event HyperparameterSet(
            bytes32 indexed coldkey,
            uint16 indexed netuid,
            string name,
            uint256 value
        );
    }
}
