//! Items of staking, pools and the coinbase (ids 200-299).

#![allow(missing_docs)]

// ---- per subnet pool: by_netuid(id, netuid) ----
/// TAO reserve of the pool, RAO (u64).
pub const SUBNET_TAO: u16 = 200;
/// Alpha reserve of the pool, alpha-RAO (u64).
pub const SUBNET_ALPHA_IN: u16 = 201;
/// Alpha outstanding, alpha-RAO (u64): stake, pending buckets, protocol-owned and burned alpha.
pub const SUBNET_ALPHA_OUT: u16 = 202;
/// Moving price, I96F32 bits (u128).
pub const SUBNET_MOVING_PRICE: u16 = 203;
/// Cumulative swap volume, RAO (u128).
pub const SUBNET_VOLUME: u16 = 204;
/// Last block's injection: TAO in, alpha in, alpha out (u64 each).
pub const TAO_IN_EMISSION: u16 = 205;
pub const ALPHA_IN_EMISSION: u16 = 206;
pub const ALPHA_OUT_EMISSION: u16 = 207;
/// Pending alpha for the next epoch's miners and validators (u64): server + validator
/// buckets together; the server part is [`PENDING_SERVER_EMISSION`].
pub const PENDING_EMISSION: u16 = 208;
/// Pending owner cut, alpha (u64).
pub const PENDING_OWNER_CUT: u16 = 209;
/// Pending root dividends, alpha (u64).
pub const PENDING_ROOT_DIVS: u16 = 210;
/// Subnet emission enabled (bool).
pub const EMISSION_ENABLED: u16 = 211;
/// The miners' (server) part of [`PENDING_EMISSION`], alpha (u64).
pub const PENDING_SERVER_EMISSION: u16 = 212;
/// Alpha bought by emission chain buys, protocol-owned (u64; `SubnetProtocolAlpha`).
pub const SUBNET_PROTOCOL_ALPHA: u16 = 213;
/// Block the subnet's emission starts (optional u64; `FirstEmissionBlockNumber`): set by
/// `start_call` (its block + 1), or by the first coinbase that sees a dev-start-up subnet.
pub const FIRST_EMISSION_BLOCK: u16 = 214;
/// Staking into and out of the subnet is open (bool; `SubtokenEnabled`, set by `start_call`).
pub const SUBTOKEN_ENABLED: u16 = 266;
/// The subnet starts as on the real chain (bool): `start_call` needed, emission disabled until
/// root enables it, moving price from 0. False: the dev start-up.
pub const MAINNET_STARTUP: u16 = 267;
/// The start-up of subnets registered from now on (global bool, as [`MAINNET_STARTUP`]).
pub const DEFAULT_MAINNET_STARTUP: u16 = 268;
/// Blocks after registration before `start_call` is allowed (global u64; `StartCallDelay`,
/// 0 on the real chain).
pub const START_CALL_DELAY: u16 = 269;
/// The account allowed root-only calls (global; the address as a word, 0 = none).
pub const ROOT_ACCOUNT: u16 = 270;
/// Block at which an owner-triggered or deferred epoch fires (u64; `PendingEpochAt`, 0 = none).
pub const PENDING_EPOCH_AT: u16 = 271;
/// Blocks since the subnet's last successful epoch (u64; `BlocksSinceLastStep`).
pub const BLOCKS_SINCE_LAST_STEP: u16 = 272;
/// Terminal blocks of a tempo in which owner changes are refused (global optional u64;
/// `AdminFreezeWindow`, default 10).
pub const ADMIN_FREEZE_WINDOW: u16 = 273;
/// Global: the pool engine (0 native, 1 the `AlphaPools` contract), set at genesis.
pub const POOL_ENGINE: u16 = 274;
/// Fraction of last epoch's miner emission withheld from owner-controlled hotkeys
/// (U64F64 bits, u128; `MinerBurned`).
pub const MINER_BURNED: u16 = 215;
/// Swap fee rate, parts of 65535 (optional u64; absent = 33).
pub const SUBNET_FEE_RATE: u16 = 216;
/// Last block's excess TAO chain-bought, RAO (u64).
pub const EXCESS_TAO: u16 = 217;
/// Cumulative alpha burned: left holders but still counted in alpha out (u128).
pub const ALPHA_BURNED: u16 = 218;
/// Cumulative alpha recycled: removed from alpha out, re-emittable (u128).
pub const ALPHA_RECYCLED: u16 = 219;

// ---- per (hotkey, netuid): Key::new(id, &[hotkey, netuid]) ----
/// Total alpha of a hotkey's share pool on a subnet (u64).
pub const TOTAL_HOTKEY_ALPHA: u16 = 220;
/// Total shares of that pool (ShareFloat packed: mantissa u128 << 64 | exponent as u64).
pub const TOTAL_HOTKEY_SHARES: u16 = 221;
/// Coldkeys that hold shares in that pool (bytes: concatenated 32-byte ids; an indexed set,
/// see `native::staking`).
pub const HOTKEY_STAKERS: u16 = 222;
/// Position + 1 of a coldkey in [`HOTKEY_STAKERS`]: `Key::new(id, &[hotkey, netuid, coldkey])`
/// (u64; 0 = absent).
pub const HOTKEY_STAKER_INDEX: u16 = 223;
/// Netuids on which a hotkey's pool holds value: `Key::new(id, &[hotkey])` (bytes: one
/// 32-byte big-endian word per netuid; an indexed set).
pub const HOTKEY_NETUIDS: u16 = 224;
/// Position + 1 of a netuid in [`HOTKEY_NETUIDS`]: `Key::new(id, &[hotkey, netuid])` (u64).
pub const HOTKEY_NETUID_INDEX: u16 = 225;

// ---- per (hotkey, coldkey, netuid): Key::new(id, &[hotkey, coldkey, netuid]) ----
/// A coldkey's shares in a hotkey's pool (ShareFloat packed).
pub const ALPHA_SHARES: u16 = 230;

// ---- per hotkey / coldkey ----
/// Delegate take of a hotkey (optional u64, u16 range; absent = default).
pub const DELEGATE_TAKE: u16 = 240;
/// Block of the hotkey's last take change (u64): an increase or a decrease, both restart the
/// rate-limit clock of increases (spec §4.4).
pub const LAST_TAKE_INCREASE: u16 = 241;
/// Hotkeys a coldkey has stake on (bytes: concatenated 32-byte ids; an indexed set keyed
/// `Key::new(id, &[coldkey])`).
pub const COLDKEY_HOTKEYS: u16 = 242;
/// Position + 1 of a hotkey in [`COLDKEY_HOTKEYS`]: `Key::new(id, &[coldkey, hotkey])` (u64).
pub const COLDKEY_HOTKEY_INDEX: u16 = 243;
/// Netuids on which a coldkey has stake under a hotkey: `Key::new(id, &[coldkey, hotkey])`
/// (bytes: one 32-byte big-endian word per netuid; an indexed set).
pub const COLDKEY_HOTKEY_NETUIDS: u16 = 244;
/// Position + 1 of a netuid in [`COLDKEY_HOTKEY_NETUIDS`]:
/// `Key::new(id, &[coldkey, hotkey, netuid])` (u64).
pub const COLDKEY_HOTKEY_NETUID_INDEX: u16 = 245;

// ---- allowances: Key::new(id, &[owner address, spender address, netuid, reg counter]) ----
/// Alpha a spender may move out of an owner's stake (u64).
pub const STAKE_ALLOWANCE: u16 = 250;

// ---- global staking parameters: Key::new(id, &[]) ----
/// Account credited with user swap fees (b256 account id; zero = the burn address). The node
/// sets it to the block author's account at the start of each block.
pub const FEE_RECIPIENT: u16 = 260;
/// `TaoWeight` as a fraction of `u64::MAX` (optional u64; absent = the code default).
pub const TAO_WEIGHT: u16 = 261;
/// `NominatorMinRequiredStake`, a per-million factor on the 0.002 TAO minimum stake
/// (optional u64; absent = 0, off).
pub const NOMINATOR_MIN_STAKE: u16 = 262;

// ---- childkeys (`children`) ----
/// Children of a hotkey on a subnet: `Key::new(id, &[hotkey, netuid])` (bytes: 40-byte
/// entries, proportion u64 big-endian ‖ child id; `ChildKeys`).
pub const CHILD_KEYS: u16 = 280;
/// Parents of a hotkey on a subnet, same key and layout (`ParentKeys`).
pub const PARENT_KEYS: u16 = 281;
/// Scheduled children: `Key::new(id, &[hotkey, netuid])` (bytes: cool-down block u64
/// big-endian ‖ 40-byte entries; empty = none; `PendingChildKeys`).
pub const PENDING_CHILD_KEYS: u16 = 282;
/// Hotkeys with scheduled children on a subnet: `Key::new(id, &[netuid])` (an indexed set).
pub const PENDING_CHILD_HOTKEYS: u16 = 283;
/// Index items of [`PENDING_CHILD_HOTKEYS`]: `Key::new(id, &[netuid, hotkey])` (u64).
pub const PENDING_CHILD_HOTKEY_INDEX: u16 = 284;
/// Childkey take of a hotkey on a subnet, parts of 65535 (optional u64; `ChildkeyTake`).
pub const CHILDKEY_TAKE: u16 = 285;
/// Block of the last `set_children` of (hotkey, netuid) (u64; `TransactionKeyLastBlock`).
pub const LAST_SET_CHILDREN: u16 = 286;
/// Block of the last childkey take change of (hotkey, netuid) (u64).
pub const LAST_SET_CHILDKEY_TAKE: u16 = 287;
/// Global `MinChildkeyTake` (optional u64; absent = 0).
pub const MIN_CHILDKEY_TAKE: u16 = 288;
/// Global `MaxChildkeyTake` (optional u64; absent = 11,796, 18 %).
pub const MAX_CHILDKEY_TAKE: u16 = 289;
/// Global `CKBurn`, fraction of `u64::MAX` (u64; absent = 0).
pub const CK_BURN: u16 = 290;
/// Global `PendingChildKeyCooldown` in blocks (optional u64; absent = 7,200).
pub const PENDING_CHILDKEY_COOLDOWN: u16 = 291;
/// Global `TxChildkeyTakeRateLimit` in blocks (optional u64; absent = 216,000).
pub const TX_CHILDKEY_TAKE_RATE_LIMIT: u16 = 292;
/// A root validator turned off `AutoParentDelegationEnabled`: `by_account(id, hotkey)` (bool;
/// absent = enabled, the real default).
pub const AUTO_PARENT_DELEGATION_DISABLED: u16 = 293;
/// `MinChildkeyTakePerSubnet`: `by_netuid(id, netuid)` (u64; absent = 0).
pub const MIN_CHILDKEY_TAKE_PER_SUBNET: u16 = 294;

// ---- owner rate limits (`ratelimit`) ----
/// Block of the last owner change of a hyperparameter: `Key::new(id, &[netuid, code])`, code
/// the real chain's `Hyperparameter` number (u64; `RateLimitKey::OwnerHyperparamUpdate`).
pub const OWNER_HPARAM_LAST: u16 = 295;
/// Block of an owner's last keyed transaction: `Key::new(id, &[coldkey, netuid, tx type])`,
/// tx type the real chain's `TransactionType` number (u64; `TransactionKeyLastBlock`).
pub const OWNER_TX_LAST: u16 = 296;
/// Global `OwnerHyperparamRateLimit` in tempos (optional u64; absent = 2).
pub const OWNER_HPARAM_RATE_LIMIT: u16 = 297;
/// Global `WeightsVersionKeyRateLimit` in tempos (optional u64; absent = 5).
pub const WEIGHTS_VERSION_KEY_RATE_LIMIT: u16 = 298;

// ---- root dividend claims (`rootclaim`) ----
/// `RootClaimable` of (hotkey, netuid): `Key::new(id, &[hotkey, netuid])` (I96F32 bits, u128).
pub const ROOT_CLAIMABLE: u16 = 275;
/// Subnets with a claimable rate for a hotkey: `Key::new(id, &[hotkey])` (an indexed set).
pub const ROOT_CLAIMABLE_NETUIDS: u16 = 276;
/// Index items of [`ROOT_CLAIMABLE_NETUIDS`]: `Key::new(id, &[hotkey, netuid word])`.
pub const ROOT_CLAIMABLE_NETUID_INDEX: u16 = 277;
/// `RootClaimed` of (netuid, hotkey, coldkey): `Key::new(id, &[netuid, hotkey, coldkey])` (u128).
pub const ROOT_CLAIMED: u16 = 278;
/// `RootClaimType` of a coldkey: `Key::new(id, &[coldkey])` (bytes: empty = Swap, `[1]` =
/// Keep, `[2] ‖ netuids (u16 big-endian)` = KeepSubnets).
pub const ROOT_CLAIM_TYPE: u16 = 279;
/// Root dividends of a subnet credited as claimable and not claimed yet, alpha (u64;
/// outstanding alpha, part of [`SUBNET_ALPHA_OUT`]).
pub const ROOT_UNCLAIMED: u16 = 299;
/// Coldkeys that have staked on root (`StakingColdkeysByIndex`; a global indexed set).
pub const ROOT_STAKING_COLDKEYS: u16 = 300;
/// Index items of [`ROOT_STAKING_COLDKEYS`]: `Key::new(id, &[coldkey])`.
pub const ROOT_STAKING_COLDKEY_INDEX: u16 = 301;

// ---- subnet dissolution (`subnets::dissolve`) ----
/// Hotkeys with per-(hotkey, netuid) state on a subnet: a live stake pool (added by the stake
/// ledger when the pool becomes live), children, pending children, a childkey take or a root
/// claimable rate. `Key::new(id, &[netuid])` (an indexed set). It only grows while the subnet
/// lives; dissolution walks it and deletes it.
pub const SUBNET_HOTKEYS: u16 = 302;
/// Index items of [`SUBNET_HOTKEYS`]: `Key::new(id, &[netuid, hotkey])` (u64).
pub const SUBNET_HOTKEY_INDEX: u16 = 303;

// ---- staking proxies (`proxy`) and auto-stake destinations (`autostake`) ----
/// Staking proxies of a delegator: `by_account(id, delegator)` (bytes: the delegates' 32-byte
/// ids concatenated, in the order added; at most `proxy::MAX_PROXIES`).
pub const PROXIES: u16 = 304;
/// `AutoStakeDestination` of (coldkey, netuid): `by_netuid_account(id, netuid, coldkey)` (b256
/// hotkey; zero = none).
pub const AUTO_STAKE_DESTINATION: u16 = 305;
