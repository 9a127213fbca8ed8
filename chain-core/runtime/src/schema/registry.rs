//! Items of the registry: subnets, hyperparameters, neurons, axons, weights (ids 100-199).

#![allow(missing_docs)]

// ---- global registry state ----
/// Number of existing subnets, root included (u64).
pub const TOTAL_NETWORKS: u16 = 100;
/// Lock cost paid by the last subnet registration, RAO (u64; 0 = unset, read as the initial
/// 1,000 TAO of `economics::registration::INITIAL_LAST_LOCK_RAO`).
pub const NETWORK_LAST_LOCK_COST: u16 = 101;
/// Block of the last subnet registration (u64).
pub const NETWORK_LAST_REGISTERED: u16 = 102;
/// `StakeThreshold`: minimum stake (RAO) to set weights, owner exempt (u64, default 0).
pub const STAKE_THRESHOLD: u16 = 103;
/// `NetworkRateLimit` in blocks (optional u64; absent = 7,200).
pub const NETWORK_RATE_LIMIT: u16 = 104;
/// `NetworkMinLockCost`, RAO (optional u64; absent = 1,000 TAO).
pub const NETWORK_MIN_LOCK: u16 = 105;
/// `NetworkLockReductionInterval` at 1 TAO/block (optional u64; absent = 100,800).
pub const NETWORK_LOCK_REDUCTION_INTERVAL: u16 = 106;
/// `SubnetLimit`: subnets besides root (optional u64; absent = 128).
pub const SUBNET_LIMIT: u16 = 107;
/// Chain-wide default of a hyperparameter, overriding the built-in one for every subnet that
/// has no own value: key `Key::new(HYPERPARAM_DEFAULT, &[param id])`, optional u64.
pub const HYPERPARAM_DEFAULT: u16 = 108;
/// `NetworkImmunityPeriod`: blocks after registration during which a subnet cannot be pruned
/// (optional u64; absent = 1,296,000).
pub const NETWORK_IMMUNITY_PERIOD: u16 = 109;

// ---- per subnet: by_netuid(id, netuid) ----
/// The subnet exists (bool).
pub const NETWORK_EXISTS: u16 = 110;
/// Owner coldkey (b256).
pub const SUBNET_OWNER: u16 = 111;
/// Owner hotkey (b256).
pub const SUBNET_OWNER_HOTKEY: u16 = 112;
/// Block the subnet was registered at (u64).
pub const NETWORK_REGISTERED_AT: u16 = 113;
/// TAO locked at registration, RAO (u64).
pub const SUBNET_LOCKED: u16 = 114;
/// Number of uids in use (u64).
pub const SUBNET_N: u16 = 115;
/// Current registration burn, RAO (u64).
pub const BURN: u16 = 116;
/// Registrations since the last burn adjustment (u64).
pub const REGS_THIS_INTERVAL: u16 = 117;
/// Block of the last burn adjustment (u64).
pub const LAST_BURN_ADJUSTMENT: u16 = 118;
/// Block of the last epoch of the subnet (u64).
pub const LAST_EPOCH_BLOCK: u16 = 119;
/// Times this netuid has been registered (u64); keys allowances so they die with the subnet.
pub const NETWORK_REG_COUNTER: u16 = 120;
/// Identity strings: key `Key::new(SUBNET_IDENTITY, &[netuid, field])`, bytes. Fields:
/// 0 name, 1 github repo, 2 contact, 3 url, 4 discord, 5 description, 6 additional, 7 logo url.
pub const SUBNET_IDENTITY: u16 = 121;
/// A hyperparameter override: key `Key::new(HYPERPARAM, &[netuid, param id])`, optional u64
/// (absent = the default).
pub const HYPERPARAM: u16 = 122;
/// Transfers of stake enabled (bool; absent = true via inverted storage: stores "disabled").
pub const TRANSFERS_DISABLED: u16 = 123;
/// Epochs recorded for the subnet (u64): the epoch counter that commit-reveal windows use.
pub const EPOCH_INDEX: u16 = 124;
/// Length of the stored validator-permit vector (u64): `n` at the last epoch, 0 before the
/// first one (uids appended since then count as having no permit).
pub const VALIDATOR_PERMIT_LEN: u16 = 125;

// ---- per neuron: by_uid(id, netuid, uid) ----
/// Hotkey of a uid (b256).
pub const KEYS: u16 = 130;
/// Block the uid's current hotkey registered at (u64).
pub const BLOCK_AT_REGISTRATION: u16 = 131;
/// Block the uid last set or committed weights (or registered) (u64).
pub const LAST_UPDATE: u16 = 132;
/// Epoch outputs per uid.
pub const ACTIVE: u16 = 133;
pub const CONSENSUS: u16 = 134;
pub const INCENTIVE: u16 = 135;
pub const DIVIDENDS: u16 = 136;
pub const VALIDATOR_TRUST: u16 = 137;
pub const VALIDATOR_PERMIT: u16 = 138;
/// Emission of the uid at its last epoch, RAO (u64).
pub const EMISSION: u16 = 139;
/// Weights row (bytes: packed big-endian (u16 uid, u16 weight) pairs).
pub const WEIGHTS: u16 = 140;
/// Bonds row (bytes, same packing).
pub const BONDS: u16 = 141;
/// Stake weight of the uid at its last epoch (u16).
pub const STAKE_WEIGHT: u16 = 142;
/// EVM address associated with a uid and the block (u256: address << 64 | block).
pub const ASSOCIATED_EVM: u16 = 143;

// ---- per (subnet, hotkey): by_netuid_account(id, netuid, hotkey) ----
/// Uid of a hotkey on a subnet (optional u64).
pub const UIDS: u16 = 150;
/// Axon: one slot, u256 = block u64 << 192 | version u32 << 160 | ip u128 << 32 | port u16 << 16
/// | ip_type u8 << 8 | protocol u8 (see `native::neurons::AxonInfo`).
pub const AXON: u16 = 151;
/// Pending weight commits, oldest first (bytes: repeated 48-byte entries: 32-byte hash ||
/// 8-byte commit block || 8-byte commit epoch, big-endian).
pub const WEIGHT_COMMITS: u16 = 152;
/// Prometheus endpoint (u256 packed like the axon, protocol 0).
pub const PROMETHEUS: u16 = 153;

// ---- per hotkey: by_account(id, hotkey) ----
/// Coldkey owning a hotkey (b256; zero = unowned).
pub const HOTKEY_OWNER: u16 = 160;
