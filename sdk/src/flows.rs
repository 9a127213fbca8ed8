//! The common flows as [`TxCall`]s built from the contracts crate's `sol!` bindings: create
//! and start a subnet, register a neuron, serve an axon, add/remove/move/transfer stake (with
//! limit prices), transfer TAO, set weights and commit/reveal them. Send one with
//! [`Client::prepare`] and [`Client::send`]; the helpers on [`Client`] here fill in what must
//! be read from the chain first (the lock cost, a limit price from a slippage tolerance, the
//! weights version key).

use crate::{AccountId, Alpha, Client, Error, Result, Slippage, Tao, TxCall};
use alloy_primitives::{Address, B256, Bytes, U256};
use alloy_sol_types::SolEvent;
use contracts::{
    IBalanceTransfer, INeuron, IStaking, ISubnet, ISubnetControl, balance_transfer, neuron,
    staking, subnet, subnet_control,
};
use std::net::IpAddr;

fn short(id: &AccountId) -> String {
    id.to_ss58()
}

/// Register a new subnet owned by the caller, with `hotkey` as the owner hotkey
/// (`ISubnet.registerNetwork(bytes32)`); the lock cost leaves the caller's balance (see
/// [`Client::subnet_lock_cost`]).
///
/// ```
/// let call = taochain_sdk::flows::register_network(taochain_sdk::AccountId::default());
/// assert_eq!(call.signature, "registerNetwork(bytes32)");
/// ```
pub fn register_network(hotkey: AccountId) -> TxCall {
    TxCall::sol(
        subnet::ADDRESS,
        &ISubnet::registerNetwork_0Call { hotkey: hotkey.0 },
        format!("register a new subnet with owner hotkey {}", short(&hotkey)),
    )
}

/// A subnet's identity, as `registerNetwork`'s identity overload takes it (empty fields are
/// allowed).
///
/// ```
/// let id = taochain_sdk::flows::SubnetIdentity { name: "compute".into(), ..Default::default() };
/// assert!(id.description.is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubnetIdentity {
    /// The subnet's name.
    pub name: String,
    /// Its source repository.
    pub github_repo: String,
    /// How to reach the team.
    pub contact: String,
    /// Its website.
    pub url: String,
    /// Its Discord.
    pub discord: String,
    /// What it does.
    pub description: String,
    /// Anything else.
    pub additional: String,
}

/// [`register_network`] with an identity (`ISubnet.registerNetwork` with seven strings); the
/// chain checks the fields' sizes (`InvalidIdentity`).
///
/// ```
/// use taochain_sdk::{AccountId, flows::{self, SubnetIdentity}};
/// let id = SubnetIdentity { name: "compute".into(), ..Default::default() };
/// let call = flows::register_network_with_identity(AccountId::default(), &id);
/// assert!(call.signature.starts_with("registerNetwork(bytes32,string,"));
/// ```
pub fn register_network_with_identity(hotkey: AccountId, id: &SubnetIdentity) -> TxCall {
    TxCall::sol(
        subnet::ADDRESS,
        &ISubnet::registerNetwork_1Call {
            hotkey: hotkey.0,
            subnetName: id.name.clone(),
            githubRepo: id.github_repo.clone(),
            subnetContact: id.contact.clone(),
            subnetUrl: id.url.clone(),
            discord: id.discord.clone(),
            description: id.description.clone(),
            additional: id.additional.clone(),
        },
        format!("register subnet {:?} with owner hotkey {}", id.name, short(&hotkey)),
    )
}

/// Start a registered subnet (`ISubnetControl.startCall`, the real chain's `start_call`):
/// emission from the next block, staking open. Owner only.
///
/// ```
/// assert_eq!(taochain_sdk::flows::start_call(3).signature, "startCall(uint16)");
/// ```
pub fn start_call(netuid: u16) -> TxCall {
    TxCall::sol(
        subnet_control::ADDRESS,
        &ISubnetControl::startCallCall { netuid },
        format!("start subnet {netuid}"),
    )
}

/// Register `hotkey` on `netuid`, paying the burn `burn` (shown and checked; the chain takes
/// its current burn) from the caller (`INeuron.burnedRegister`).
///
/// ```
/// let c = taochain_sdk::flows::burned_register(1, taochain_sdk::AccountId::default(), taochain_sdk::Tao::from_rao(5));
/// assert_eq!(c.spends.rao(), 5);
/// ```
pub fn burned_register(netuid: u16, hotkey: AccountId, burn: Tao) -> TxCall {
    let mut c = TxCall::sol(
        neuron::ADDRESS,
        &INeuron::burnedRegisterCall { netuid, hotkey: hotkey.0 },
        format!(
            "register hotkey {} on subnet {netuid}, burning {}",
            short(&hotkey),
            burn.with_unit()
        ),
    );
    c.spends = burn;
    c
}

/// Publish the caller's axon on `netuid` (`INeuron.serveAxon`; the caller is the hotkey).
///
/// ```
/// let c = taochain_sdk::flows::serve_axon(1, "10.0.0.1".parse().unwrap(), 8091, 4, 1);
/// assert!(c.summary.contains("10.0.0.1:8091"));
/// ```
pub fn serve_axon(netuid: u16, ip: IpAddr, port: u16, protocol: u8, version: u32) -> TxCall {
    let (ip_num, ip_type) = match ip {
        IpAddr::V4(v4) => (u128::from(u32::from(v4)), 4u8),
        IpAddr::V6(v6) => (u128::from(v6), 6u8),
    };
    TxCall::sol(
        neuron::ADDRESS,
        &INeuron::serveAxonCall {
            netuid,
            version,
            ip: ip_num,
            port,
            ipType: ip_type,
            protocol,
            placeholder1: 0,
            placeholder2: 0,
        },
        format!("serve axon {} on subnet {netuid}", std::net::SocketAddr::new(ip, port)),
    )
}

/// Stake `amount` TAO on `hotkey` in `netuid` (`IStaking.addStake`), or with a maximum price
/// in RAO per alpha (`addStakeLimit`, no partial fill).
///
/// ```
/// use taochain_sdk::{AccountId, Tao, flows};
/// let c = flows::add_stake(AccountId::default(), 1, Tao::from_rao(10), Some(1_000_000_000));
/// assert_eq!(c.signature, "addStakeLimit(bytes32,uint256,uint256,bool,uint256)");
/// ```
pub fn add_stake(hotkey: AccountId, netuid: u16, amount: Tao, limit_price: Option<u64>) -> TxCall {
    let summary =
        format!("stake {} on hotkey {} in subnet {netuid}", amount.with_unit(), short(&hotkey));
    let (hk, amt, net) = (hotkey.0, U256::from(amount.rao()), U256::from(netuid));
    let mut c = match limit_price {
        None => TxCall::sol(
            staking::ADDRESS,
            &IStaking::addStakeCall { hotkey: hk, amountRao: amt, netuid: net },
            summary,
        ),
        Some(limit) => TxCall::sol(
            staking::ADDRESS,
            &IStaking::addStakeLimitCall {
                hotkey: hk,
                amountRao: amt,
                limitPrice: U256::from(limit),
                allowPartial: false,
                netuid: net,
            },
            format!("{summary}, price at most {} TAO/alpha", Tao::from_rao(limit)),
        ),
    };
    c.spends = amount;
    c
}

/// Unstake `amount` alpha from `hotkey` in `netuid` (`IStaking.removeStake`), or with a
/// minimum price in RAO per alpha (`removeStakeLimit`, no partial fill).
///
/// ```
/// use taochain_sdk::{AccountId, Alpha, flows};
/// let c = flows::remove_stake(AccountId::default(), 1, Alpha::from_rao(10), None);
/// assert_eq!(c.signature, "removeStake(bytes32,uint256,uint256)");
/// ```
pub fn remove_stake(
    hotkey: AccountId,
    netuid: u16,
    amount: Alpha,
    limit_price: Option<u64>,
) -> TxCall {
    let summary =
        format!("unstake {} from hotkey {} in subnet {netuid}", amount.with_unit(), short(&hotkey));
    let (hk, amt, net) = (hotkey.0, U256::from(amount.rao()), U256::from(netuid));
    match limit_price {
        None => TxCall::sol(
            staking::ADDRESS,
            &IStaking::removeStakeCall { hotkey: hk, amountAlpha: amt, netuid: net },
            summary,
        ),
        Some(limit) => TxCall::sol(
            staking::ADDRESS,
            &IStaking::removeStakeLimitCall {
                hotkey: hk,
                amountAlpha: amt,
                limitPrice: U256::from(limit),
                allowPartial: false,
                netuid: net,
            },
            format!("{summary}, price at least {} TAO/alpha", Tao::from_rao(limit)),
        ),
    }
}

/// Unstake everything the caller has on `hotkey` in `netuid` (`IStaking.removeStakeFull`), or
/// with a minimum price in RAO per alpha (`removeStakeFullLimit`).
///
/// ```
/// let c = taochain_sdk::flows::remove_all_stake(taochain_sdk::AccountId::default(), 1, Some(5));
/// assert_eq!(c.signature, "removeStakeFullLimit(bytes32,uint256,uint256)");
/// ```
pub fn remove_all_stake(hotkey: AccountId, netuid: u16, limit_price: Option<u64>) -> TxCall {
    let summary = format!("unstake everything from hotkey {} in subnet {netuid}", short(&hotkey));
    let (hk, net) = (hotkey.0, U256::from(netuid));
    match limit_price {
        None => TxCall::sol(
            staking::ADDRESS,
            &IStaking::removeStakeFullCall { hotkey: hk, netuid: net },
            summary,
        ),
        Some(limit) => TxCall::sol(
            staking::ADDRESS,
            &IStaking::removeStakeFullLimitCall {
                hotkey: hk,
                netuid: net,
                limitPrice: U256::from(limit),
            },
            format!("{summary}, price at least {} TAO/alpha", Tao::from_rao(limit)),
        ),
    }
}

/// Move `amount` alpha of the caller's stake from (`from_hotkey`, `from_netuid`) to
/// (`to_hotkey`, `to_netuid`) (`IStaking.moveStake`).
///
/// ```
/// use taochain_sdk::{AccountId, Alpha, flows};
/// let c = flows::move_stake(AccountId::default(), AccountId::default(), 1, 2, Alpha::from_rao(1));
/// assert_eq!(c.signature, "moveStake(bytes32,bytes32,uint256,uint256,uint256)");
/// ```
pub fn move_stake(
    from_hotkey: AccountId,
    to_hotkey: AccountId,
    from_netuid: u16,
    to_netuid: u16,
    amount: Alpha,
) -> TxCall {
    TxCall::sol(
        staking::ADDRESS,
        &IStaking::moveStakeCall {
            originHotkey: from_hotkey.0,
            destHotkey: to_hotkey.0,
            originNetuid: U256::from(from_netuid),
            destNetuid: U256::from(to_netuid),
            amountAlpha: U256::from(amount.rao()),
        },
        format!(
            "move {} from hotkey {} (subnet {from_netuid}) to hotkey {} (subnet {to_netuid})",
            amount.with_unit(),
            short(&from_hotkey),
            short(&to_hotkey)
        ),
    )
}

/// Give `amount` alpha of the caller's stake on `hotkey` to `dest_coldkey`, from
/// `from_netuid` to `to_netuid` (`IStaking.transferStake`).
///
/// ```
/// use taochain_sdk::{AccountId, Alpha, flows};
/// let c = flows::transfer_stake(AccountId::default(), AccountId::default(), 1, 1, Alpha::from_rao(1));
/// assert_eq!(c.signature, "transferStake(bytes32,bytes32,uint256,uint256,uint256)");
/// ```
pub fn transfer_stake(
    dest_coldkey: AccountId,
    hotkey: AccountId,
    from_netuid: u16,
    to_netuid: u16,
    amount: Alpha,
) -> TxCall {
    TxCall::sol(
        staking::ADDRESS,
        &IStaking::transferStakeCall {
            destColdkey: dest_coldkey.0,
            hotkey: hotkey.0,
            originNetuid: U256::from(from_netuid),
            destNetuid: U256::from(to_netuid),
            amountAlpha: U256::from(amount.rao()),
        },
        format!(
            "give {} staked on hotkey {} (subnet {from_netuid}) to coldkey {} (subnet {to_netuid})",
            amount.with_unit(),
            short(&hotkey),
            short(&dest_coldkey)
        ),
    )
}

/// Where TAO goes: an EVM address (a plain value transfer) or a 32-byte id
/// (`IBalanceTransfer.transfer(bytes32)` at 0x800).
///
/// ```
/// use taochain_sdk::flows::Destination;
/// let d: Destination = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266".parse()?;
/// assert!(matches!(d, Destination::Address(_)));
/// let d: Destination = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY".parse()?;
/// assert!(matches!(d, Destination::Id(_)));
/// # Ok::<(), taochain_sdk::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destination {
    /// A 20-byte EVM address.
    Address(Address),
    /// A 32-byte id (hex or SS58).
    Id(AccountId),
}

impl std::str::FromStr for Destination {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let t = s.trim();
        if t.len() == 42 && (t.starts_with("0x") || t.starts_with("0X")) {
            return t
                .parse()
                .map(Destination::Address)
                .map_err(|e| Error::InvalidInput(format!("{t:?} is not an EVM address: {e}")));
        }
        Ok(Destination::Id(t.parse()?))
    }
}

/// Send `amount` TAO to `dest`.
///
/// ```
/// use taochain_sdk::{Tao, flows::{self, Destination}};
/// let c = flows::transfer(Destination::Address(alloy_primitives::Address::ZERO), Tao::from_rao(1));
/// assert_eq!(c.value, alloy_primitives::U256::from(1_000_000_000u64));
/// ```
pub fn transfer(dest: Destination, amount: Tao) -> TxCall {
    match dest {
        Destination::Address(a) => TxCall {
            to: a,
            input: Bytes::new(),
            value: amount.to_wei(),
            signature: "transfer",
            summary: format!("send {} to {a}", amount.with_unit()),
            spends: Tao::ZERO,
        },
        Destination::Id(id) => {
            let mut c = TxCall::sol(
                balance_transfer::ADDRESS,
                &IBalanceTransfer::transferCall { data: id.0 },
                format!("send {} to {}", amount.with_unit(), short(&id)),
            );
            c.value = amount.to_wei();
            c
        }
    }
}

/// Set the caller's weights on `netuid`: `weights[i]` for uid `uids[i]`
/// (`INeuron.setWeights`; the caller is the hotkey).
///
/// ```
/// let c = taochain_sdk::flows::set_weights(1, vec![0, 1], vec![1, 3], 0);
/// assert_eq!(c.signature, "setWeights(uint16,uint16[],uint16[],uint64)");
/// ```
pub fn set_weights(netuid: u16, uids: Vec<u16>, weights: Vec<u16>, version_key: u64) -> TxCall {
    let summary = format!("set weights on subnet {netuid}: uids {uids:?}, weights {weights:?}");
    TxCall::sol(
        neuron::ADDRESS,
        &INeuron::setWeightsCall { netuid, dests: uids, weights, versionKey: version_key },
        summary,
    )
}

/// The chain's commit hash of a weights row: BLAKE2b-256 of the SCALE encoding of
/// `(hotkey, netuid, uids, values, salt, version_key)`, as the real chain and Bittensor's tools
/// compute it (`tao_runtime::weights::commit_hash`).
///
/// ```
/// let h = taochain_sdk::flows::commit_hash(taochain_sdk::AccountId::default(), 1, &[0], &[1], &[7], 0);
/// assert_ne!(h, alloy_primitives::B256::ZERO);
/// ```
pub fn commit_hash(
    hotkey: AccountId,
    netuid: u16,
    uids: &[u16],
    values: &[u16],
    salt: &[u16],
    version_key: u64,
) -> B256 {
    let hk = tao_primitives::AccountId32(hotkey.0.0);
    tao_runtime::weights::commit_hash(
        &hk,
        tao_primitives::NetUid(netuid),
        uids,
        values,
        salt,
        version_key,
    )
}

/// Commit a hash of weights (`INeuron.commitWeights`), to reveal in a later epoch.
///
/// ```
/// let c = taochain_sdk::flows::commit_weights(1, alloy_primitives::B256::ZERO);
/// assert_eq!(c.signature, "commitWeights(uint16,bytes32)");
/// ```
pub fn commit_weights(netuid: u16, hash: B256) -> TxCall {
    TxCall::sol(
        neuron::ADDRESS,
        &INeuron::commitWeightsCall { netuid, commitHash: hash },
        format!("commit weights hash {hash} on subnet {netuid}"),
    )
}

/// Reveal weights committed earlier (`INeuron.revealWeights`).
///
/// ```
/// let c = taochain_sdk::flows::reveal_weights(1, vec![0], vec![1], vec![7], 0);
/// assert_eq!(c.signature, "revealWeights(uint16,uint16[],uint16[],uint16[],uint64)");
/// ```
pub fn reveal_weights(
    netuid: u16,
    uids: Vec<u16>,
    values: Vec<u16>,
    salt: Vec<u16>,
    version_key: u64,
) -> TxCall {
    let summary = format!("reveal weights on subnet {netuid}: uids {uids:?}, weights {values:?}");
    TxCall::sol(
        neuron::ADDRESS,
        &INeuron::revealWeightsCall { netuid, uids, values, salt, versionKey: version_key },
        summary,
    )
}

/// A random 8-word salt for a weights commit.
///
/// ```
/// assert_eq!(taochain_sdk::flows::random_salt().len(), 8);
/// ```
pub fn random_salt() -> Vec<u16> {
    use rand::Rng;
    let mut rng = rand::thread_rng();
    (0..8).map(|_| rng.r#gen::<u16>()).collect()
}

/// Which way a limit price bounds a swap.
#[derive(Clone, Copy)]
enum Side {
    /// Buying alpha: the price may rise to the limit.
    Buy,
    /// Selling alpha: the price may fall to the limit.
    Sell,
}

impl Client {
    /// What registering a subnet would lock now, learned by simulating
    /// [`register_network`] from the client's key (`NetworkRegistered.lockRao`); a refusal
    /// (for instance `CannotAffordLockCost`) is [`Error::Reverted`].
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// let lock = c.subnet_lock_cost(c.key()?.id()).await?;
    /// # Ok(()) }
    /// ```
    pub async fn subnet_lock_cost(&self, hotkey: AccountId) -> Result<Tao> {
        let logs = self.simulate_logs(&register_network(hotkey)).await?;
        let ev = logs
            .iter()
            .find_map(|l| ISubnet::NetworkRegistered::decode_log_data(l.data()).ok())
            .ok_or_else(|| Error::Decode {
                what: "registerNetwork simulation".into(),
                reason: "no NetworkRegistered event".into(),
            })?;
        Ok(Tao::from_rao(u64::try_from(ev.lockRao).unwrap_or(u64::MAX)))
    }

    /// [`add_stake`] with the limit price `price × (1 + tolerance)` from the pool's current
    /// spot price, or `limit_price` as given; also returns the alpha the pool quotes for the
    /// amount now (`None` when the pool refuses to quote it, e.g. more than its liquidity:
    /// sending then fails with the chain's reason).
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// use taochain_sdk::{AccountId, Tao};
    /// let (call, quote) = c.add_stake_call(AccountId::default(), 1, "10".parse::<Tao>()?, None, Some("1".parse()?)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn add_stake_call(
        &self,
        hotkey: AccountId,
        netuid: u16,
        amount: Tao,
        limit_price: Option<Tao>,
        max_slippage: Option<Slippage>,
    ) -> Result<(TxCall, Option<Alpha>)> {
        let limit = self.limit(netuid, limit_price, max_slippage, Side::Buy).await?;
        let quote = match self.quote_tao_for_alpha(netuid, amount).await {
            Ok(q) => Some(q),
            Err(Error::Reverted { .. }) => None,
            Err(e) => return Err(e),
        };
        Ok((add_stake(hotkey, netuid, amount, limit), quote))
    }

    /// [`remove_stake`] with the limit price `price × (1 − tolerance)` from the pool's
    /// current spot price, or `limit_price` as given; also returns the TAO the pool quotes
    /// for the amount now (`None` when the pool refuses to quote it).
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// use taochain_sdk::{AccountId, Alpha};
    /// let (call, quote) = c.remove_stake_call(AccountId::default(), 1, "1".parse::<Alpha>()?, None, None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn remove_stake_call(
        &self,
        hotkey: AccountId,
        netuid: u16,
        amount: Alpha,
        limit_price: Option<Tao>,
        max_slippage: Option<Slippage>,
    ) -> Result<(TxCall, Option<Tao>)> {
        let limit = self.limit(netuid, limit_price, max_slippage, Side::Sell).await?;
        let quote = self.sell_quote(netuid, amount).await?;
        Ok((remove_stake(hotkey, netuid, amount, limit), quote))
    }

    /// [`remove_all_stake`] of the client's coldkey position on (`hotkey`, `netuid`), with a
    /// limit as [`Client::remove_stake_call`] computes it; also returns the position and the
    /// TAO the pool quotes for it now. An empty position is [`Error::InvalidInput`].
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// let (call, held, quote) = c.remove_all_stake_call(taochain_sdk::AccountId::default(), 1, None, None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn remove_all_stake_call(
        &self,
        hotkey: AccountId,
        netuid: u16,
        limit_price: Option<Tao>,
        max_slippage: Option<Slippage>,
    ) -> Result<(TxCall, Alpha, Option<Tao>)> {
        let coldkey = self.key()?.id();
        let limit = self.limit(netuid, limit_price, max_slippage, Side::Sell).await?;
        let held = self.stake(hotkey, coldkey, netuid).await?;
        if held == Alpha::ZERO {
            return Err(Error::InvalidInput(format!(
                "{coldkey} has no stake on hotkey {hotkey} in subnet {netuid} (`tao stake list` shows the positions)"
            )));
        }
        let quote = self.sell_quote(netuid, held).await?;
        Ok((remove_all_stake(hotkey, netuid, limit), held, quote))
    }

    /// The limit price (RAO per alpha) from a given price or a tolerance around the pool's
    /// spot price; the subnet must exist.
    async fn limit(
        &self,
        netuid: u16,
        limit_price: Option<Tao>,
        max_slippage: Option<Slippage>,
        side: Side,
    ) -> Result<Option<u64>> {
        let spot = self.pool(netuid).await?.price.rao_per_alpha();
        match (limit_price, max_slippage) {
            (Some(p), None) => Ok(Some(p.rao())),
            (None, Some(s)) => Ok(Some(match side {
                Side::Buy => s.max_buy_price(spot),
                Side::Sell => s.min_sell_price(spot),
            })),
            (None, None) => Ok(None),
            (Some(_), Some(_)) => {
                Err(Error::InvalidInput("give --limit-price or --max-slippage, not both".into()))
            }
        }
    }

    /// The pool's quote for selling `amount`, `None` when it refuses to quote.
    async fn sell_quote(&self, netuid: u16, amount: Alpha) -> Result<Option<Tao>> {
        match self.quote_alpha_for_tao(netuid, amount).await {
            Ok(q) => Ok(Some(q)),
            Err(Error::Reverted { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The weights version key `netuid` expects (`ISubnet.getWeightsVersionKey`).
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// let v = c.weights_version_key(1).await?;
    /// # Ok(()) }
    /// ```
    pub async fn weights_version_key(&self, netuid: u16) -> Result<u64> {
        self.view(subnet::ADDRESS, &ISubnet::getWeightsVersionKeyCall { netuid }).await
    }
}
