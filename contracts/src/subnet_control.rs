//! Subnet control precompile at `0x…0a01`, taochain's own: the real chain's subnet calls that
//! are extrinsics there and have no EVM precompile (`start_call`, `trigger_epoch`, `set_tempo`,
//! root's `sudo_set_subnet_emission_enabled`, the childkey calls `set_children`,
//! `set_childkey_take` and their root switches), so EVM users can run them here. Its
//! functions are named after the real calls; none exists on the real chain's EVM.

use alloy_json_abi::JsonAbi;
use alloy_primitives::{Address, address};

/// Address of the subnet control precompile (taochain's range `0x…0a00`-).
pub const ADDRESS: Address = address!("0000000000000000000000000000000000000a01");

/// Solidity name of the interface.
pub const NAME: &str = "ISubnetControl";

/// One-line description, used as `@notice` in the generated Solidity interface.
pub const DESCRIPTION: &str =
    "Subnet control (taochain only): start_call, epochs, childkeys, root switches.";

/// The interface's JSON ABI, with solc-style `internalType`s.
pub fn abi() -> JsonAbi {
    crate::abi::with_internal_types(ISubnetControl::abi::contract(), NAME, &[])
}

alloy_sol_types::sol! {
    /// The subnet control precompile interface (`0x…0a01`).
    #[sol(abi)]
    #[derive(Debug, PartialEq, Eq)]
    #[allow(missing_docs)]
    interface ISubnetControl {
        /// The owner starts `netuid` (the real chain's `start_call`): emission from the next
        /// block, staking open.
        function startCall(uint16 netuid) external;
        /// Root turns the subnet's TAO emission on or off (`sudo_set_subnet_emission_enabled`).
        function setSubnetEmissionEnabled(uint16 netuid, bool enabled) external;
        /// `FirstEmissionBlockNumber`, 0 while the subnet is not started.
        function getFirstEmissionBlock(uint16 netuid) external view returns (uint64);
        /// `SubtokenEnabled`: staking in and out is open.
        function isSubtokenEnabled(uint16 netuid) external view returns (bool);
        /// `SubnetEmissionEnabled`: the subnet receives TAO emission.
        function getSubnetEmissionEnabled(uint16 netuid) external view returns (bool);
        /// Whether the subnet got the real chain's start-up (else the dev one).
        function hasMainnetStartup(uint16 netuid) external view returns (bool);
        /// The owner schedules an epoch `AdminFreezeWindow` blocks ahead (`trigger_epoch`).
        function triggerEpoch(uint16 netuid) external;
        /// The owner sets the tempo (360..=50400) and restarts the cycle (`set_tempo`).
        function setTempo(uint16 netuid, uint16 tempo) external;
        /// `PendingEpochAt`: the block a triggered or deferred epoch fires at, 0 if none.
        function getPendingEpochAt(uint16 netuid) external view returns (uint64);
        /// The owner of `hotkey` gives it `children` on `netuid`, each `proportions[i]` parts
        /// of 2^64 − 1 (`set_children`: at most 5, summing to at most 2^64 − 1; an empty list
        /// revokes). On a started subnet they apply at its first epoch after
        /// `PendingChildKeyCooldown` blocks; before `startCall`, at once.
        function setChildren(bytes32 hotkey, uint16 netuid, uint64[] calldata proportions, bytes32[] calldata children) external;
        /// The owner of the child `hotkey` sets its childkey take on `netuid`, parts of 65535
        /// (`set_childkey_take`, 0..=11796).
        function setChildkeyTake(bytes32 hotkey, uint16 netuid, uint16 take) external;
        /// The owner of a root validator `hotkey` turns its automatic parenting of new subnets'
        /// owner hotkeys on or off (`AutoParentDelegationEnabled`).
        function setAutoParentDelegationEnabled(bytes32 hotkey, bool enabled) external;
        /// Root sets `PendingChildKeyCooldown` in blocks (`set_pending_childkey_cooldown`).
        function setPendingChildKeyCooldown(uint64 blocks) external;
        /// Root sets `CKBurn`, parts of 2^64 − 1 (`sudo_set_ck_burn`).
        function setCKBurn(uint64 burn) external;
        /// Root sets `OwnerHyperparamRateLimit`: an owner may change one hyperparameter once
        /// per this many tempos (`sudo_set_owner_hparam_rate_limit`; default 2, 0 = off).
        function setOwnerHyperparamRateLimit(uint16 epochs) external;
        /// `OwnerHyperparamRateLimit`, in tempos.
        function getOwnerHyperparamRateLimit() external view returns (uint16);
        /// The caller's coldkey claims its root dividends on `subnets` (all if empty) by its
        /// claim type (`claim_root`); owed amounts below 500,000 alpha-RAO are left.
        function claimRoot(uint16[] calldata subnets) external;
        /// The caller's claim type (`set_root_claim_type`): 0 Swap (default), 1 Keep,
        /// 2 KeepSubnets (keep on `subnets`, swap elsewhere).
        function setRootClaimType(uint8 kind, uint16[] calldata subnets) external;
        /// A coldkey's claim type and its kept subnets.
        function getRootClaimType(bytes32 coldkey) external view returns (uint8 kind, uint16[] memory subnets);
        /// What `coldkey` is owed on `netuid` through `hotkey`, alpha-RAO.
        function getRootOwed(bytes32 hotkey, bytes32 coldkey, uint16 netuid) external view returns (uint64);
        /// `RootClaimable` of `hotkey` on `netuid`: alpha per root RAO, `I96F32` bits.
        function getRootClaimable(bytes32 hotkey, uint16 netuid) external view returns (uint256);
        /// Root dividends of `netuid` credited and not claimed yet, alpha-RAO.
        function getRootUnclaimed(uint16 netuid) external view returns (uint64);
        /// `ChildKeys`: the applied children of `hotkey` on `netuid`.
        function getChildren(bytes32 hotkey, uint16 netuid) external view returns (uint64[] memory proportions, bytes32[] memory children);
        /// `ParentKeys`: the parents of `hotkey` on `netuid`.
        function getParents(bytes32 hotkey, uint16 netuid) external view returns (uint64[] memory proportions, bytes32[] memory parents);
        /// `PendingChildKeys`: scheduled children and the block after which they apply
        /// (`due`; 0 and empty lists if none).
        function getPendingChildren(bytes32 hotkey, uint16 netuid) external view returns (uint64[] memory proportions, bytes32[] memory children, uint64 due);
        /// The childkey take of `hotkey` on `netuid`, parts of 65535.
        function getChildkeyTake(bytes32 hotkey, uint16 netuid) external view returns (uint16);
        /// The stake the epoch counts for `hotkey` on `netuid`: its alpha and root TAO after
        /// lending to children and borrowing from parents (RAO).
        function getInheritedStake(bytes32 hotkey, uint16 netuid) external view returns (uint64 alpha, uint64 tao);
    }
}
