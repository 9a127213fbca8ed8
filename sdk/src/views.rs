//! Chain views, typed: subnets and pools (`tao_subnets`), a subnet's metagraph
//! (`tao_metagraph`), a coldkey's stake positions (`tao_coldkeyStake`), quotes (`IAlpha`'s
//! simulated swaps at 0x808) and a subnet's hyperparameters (`ISubnet`'s getters at 0x803).

use crate::{AccountId, Alpha, Client, Error, PriceE18, Result, Tao};
use alloy_primitives::U256;
use contracts::{IAlpha, IStaking, ISubnet, alpha, staking, subnet};
use serde::Serialize;
use serde_json::Value;
use taochain_rpc_api::TaoApiClient;

/// A decimal-string RAO field of a `tao_` view.
pub(crate) fn rao_field(v: &Value, key: &str, what: &str) -> Result<u64> {
    v[key].as_str().and_then(|s| s.parse().ok()).ok_or_else(|| Error::Decode {
        what: what.to_owned(),
        reason: format!("field {key} is not a decimal RAO string: {}", v[key]),
    })
}

fn u256_field(v: &Value, key: &str, what: &str) -> Result<U256> {
    v[key].as_str().and_then(|s| s.parse().ok()).ok_or_else(|| Error::Decode {
        what: what.to_owned(),
        reason: format!("field {key} is not a decimal string: {}", v[key]),
    })
}

fn u64_field(v: &Value, key: &str, what: &str) -> Result<u64> {
    v[key].as_u64().ok_or_else(|| Error::Decode {
        what: what.to_owned(),
        reason: format!("field {key} is not a number: {}", v[key]),
    })
}

fn id_field(v: &Value, key: &str, what: &str) -> Result<AccountId> {
    v[key].as_str().and_then(|s| s.parse().ok()).ok_or_else(|| Error::Decode {
        what: what.to_owned(),
        reason: format!("field {key} is not a 32-byte id: {}", v[key]),
    })
}

/// One subnet with its pool, as `tao_subnets` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct SubnetInfo {
    /// Its netuid.
    pub netuid: u16,
    /// Its name (empty when registered without an identity).
    pub name: String,
    /// The owner's coldkey.
    pub owner_coldkey: AccountId,
    /// The owner's hotkey.
    pub owner_hotkey: AccountId,
    /// Block of registration.
    pub registered_at: u64,
    /// Blocks between epochs.
    pub tempo: u64,
    /// Registered uids.
    pub uids: u64,
    /// Uid slots.
    pub max_uids: u64,
    /// The current registration burn.
    pub burn: Tao,
    /// TAO locked by the owner at registration.
    pub locked: Tao,
    /// The pool's TAO reserve.
    pub tao_in: Tao,
    /// The pool's alpha reserve.
    pub alpha_in: Alpha,
    /// Alpha outstanding outside the pool.
    pub alpha_out: Alpha,
    /// Spot price, TAO per alpha.
    pub price: PriceE18,
    /// Moving (EMA) price, TAO per alpha.
    pub moving_price: PriceE18,
    /// TAO injected into the pool in the last block.
    pub tao_in_emission: Tao,
    /// Alpha emitted outside the pool in the last block.
    pub alpha_out_emission: Alpha,
    /// Block of the last epoch.
    pub last_epoch_block: u64,
}

impl SubnetInfo {
    fn from_json(v: &Value) -> Result<Self> {
        let w = "tao_subnets";
        Ok(Self {
            netuid: u16::try_from(u64_field(v, "netuid", w)?)
                .map_err(|e| Error::Decode { what: w.into(), reason: e.to_string() })?,
            name: v["name"].as_str().unwrap_or_default().to_owned(),
            owner_coldkey: id_field(v, "owner_coldkey", w)?,
            owner_hotkey: id_field(v, "owner_hotkey", w)?,
            registered_at: u64_field(v, "registered_at", w)?,
            tempo: u64_field(v, "tempo", w)?,
            uids: u64_field(v, "uids", w)?,
            max_uids: u64_field(v, "max_uids", w)?,
            burn: Tao::from_rao(rao_field(v, "burn_rao", w)?),
            locked: Tao::from_rao(rao_field(v, "locked_rao", w)?),
            tao_in: Tao::from_rao(rao_field(v, "tao_in_rao", w)?),
            alpha_in: Alpha::from_rao(rao_field(v, "alpha_in", w)?),
            alpha_out: Alpha::from_rao(rao_field(v, "alpha_out", w)?),
            price: PriceE18(u256_field(v, "price_e18", w)?),
            moving_price: PriceE18(u256_field(v, "moving_price_e18", w)?),
            tao_in_emission: Tao::from_rao(rao_field(v, "tao_in_emission_rao", w)?),
            alpha_out_emission: Alpha::from_rao(rao_field(v, "alpha_out_emission", w)?),
            last_epoch_block: u64_field(v, "last_epoch_block", w)?,
        })
    }
}

/// One neuron of a metagraph.
#[derive(Debug, Clone, Serialize)]
pub struct NeuronInfo {
    /// Its uid.
    pub uid: u16,
    /// Its hotkey.
    pub hotkey: AccountId,
    /// The coldkey that owns the hotkey.
    pub coldkey: AccountId,
    /// Alpha staked on the hotkey in this subnet.
    pub stake: Alpha,
    /// Consensus, a `u16` fraction of 65535.
    pub consensus: u16,
    /// Incentive, a `u16` fraction of 65535.
    pub incentive: u16,
    /// Dividends, a `u16` fraction of 65535.
    pub dividends: u16,
    /// Emission of the last epoch (alpha).
    pub emission: Alpha,
    /// Validator trust, a `u16` fraction of 65535.
    pub validator_trust: u16,
    /// Whether it holds a validator permit.
    pub validator_permit: bool,
    /// Whether it is active.
    pub active: bool,
    /// Block of its last weights update.
    pub last_update: u64,
    /// Its axon, `None` when never served (JSON: `"ip:port"` or `null`).
    pub axon: Option<std::net::SocketAddr>,
}

/// A subnet's metagraph at a block.
#[derive(Debug, Clone, Serialize)]
pub struct Metagraph {
    /// The subnet.
    pub netuid: u16,
    /// The block it was read at.
    pub block: u64,
    /// Its neurons by uid.
    pub neurons: Vec<NeuronInfo>,
}

fn u16_of(v: &Value, key: &str) -> Result<u16> {
    v[key].as_u64().and_then(|n| u16::try_from(n).ok()).ok_or_else(|| Error::Decode {
        what: "tao_metagraph".into(),
        reason: format!("field {key} is not a u16: {}", v[key]),
    })
}

fn axon_addr(a: &Value) -> Option<std::net::SocketAddr> {
    let port = a["port"].as_u64().filter(|p| *p != 0)?;
    let ip: u128 = a["ip"].as_str()?.parse().ok()?;
    let ip = match a["ip_type"].as_u64()? {
        4 => std::net::IpAddr::V4(u32::try_from(ip).ok()?.into()),
        6 => std::net::IpAddr::V6(ip.into()),
        _ => return None,
    };
    Some(std::net::SocketAddr::new(ip, u16::try_from(port).ok()?))
}

impl NeuronInfo {
    fn from_json(v: &Value) -> Result<Self> {
        let w = "tao_metagraph";
        Ok(Self {
            uid: u16_of(v, "uid")?,
            hotkey: id_field(v, "hotkey", w)?,
            coldkey: id_field(v, "coldkey", w)?,
            stake: Alpha::from_rao(rao_field(v, "stake", w)?),
            consensus: u16_of(v, "consensus")?,
            incentive: u16_of(v, "incentive")?,
            dividends: u16_of(v, "dividends")?,
            emission: Alpha::from_rao(rao_field(v, "emission", w)?),
            validator_trust: u16_of(v, "validator_trust")?,
            validator_permit: v["validator_permit"].as_bool().unwrap_or(false),
            active: v["active"].as_bool().unwrap_or(false),
            last_update: v["last_update"].as_u64().unwrap_or(0),
            axon: axon_addr(&v["axon"]),
        })
    }
}

/// One stake position of a coldkey.
#[derive(Debug, Clone, Serialize)]
pub struct StakePosition {
    /// The hotkey staked on.
    pub hotkey: AccountId,
    /// The subnet.
    pub netuid: u16,
    /// The alpha held.
    pub alpha: Alpha,
    /// Its TAO value at the pool's spot price (no fee, no slippage), floored.
    pub value_at_spot: Tao,
}

/// A subnet's pool.
#[derive(Debug, Clone, Serialize)]
pub struct Pool {
    /// The subnet.
    pub netuid: u16,
    /// TAO reserve.
    pub tao_in: Tao,
    /// Alpha reserve.
    pub alpha_in: Alpha,
    /// Spot price, TAO per alpha.
    pub price: PriceE18,
    /// Moving (EMA) price, TAO per alpha.
    pub moving_price: PriceE18,
}

/// TAO value of `alpha` at `price` (TAO per alpha × 10^18), floored.
///
/// ```
/// use taochain_sdk::{Alpha, PriceE18, views::value_at};
/// let half = PriceE18(alloy_primitives::U256::from(500_000_000_000_000_000u64));
/// assert_eq!(value_at(Alpha::from_rao(3), half).rao(), 1);
/// ```
pub fn value_at(alpha: Alpha, price: PriceE18) -> Tao {
    let v = U256::from(alpha.rao()) * price.0 / U256::from(10u64).pow(U256::from(18));
    Tao::from_rao(u64::try_from(v).unwrap_or(u64::MAX))
}

impl Client {
    /// Every subnet with its pool (`tao_subnets`).
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// for s in c.subnets().await? {
    ///     println!("{} {} price {}", s.netuid, s.name, s.price);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn subnets(&self) -> Result<Vec<SubnetInfo>> {
        let v = self
            .retrying(|| TaoApiClient::subnets(self.rpc(), None))
            .await
            .map_err(|e| self.rpc_err("tao_subnets", e))?;
        let list = v.as_array().ok_or_else(|| Error::Decode {
            what: "tao_subnets".into(),
            reason: "not an array".into(),
        })?;
        list.iter().map(SubnetInfo::from_json).collect()
    }

    /// One subnet; [`Error::SubnetNotFound`] when there is none.
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// let s = c.subnet(1).await?;
    /// # Ok(()) }
    /// ```
    pub async fn subnet(&self, netuid: u16) -> Result<SubnetInfo> {
        self.subnets()
            .await?
            .into_iter()
            .find(|s| s.netuid == netuid)
            .ok_or(Error::SubnetNotFound { netuid })
    }

    /// A subnet's metagraph (`tao_metagraph`).
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// let m = c.metagraph(1).await?;
    /// println!("{} neurons at block {}", m.neurons.len(), m.block);
    /// # Ok(()) }
    /// ```
    pub async fn metagraph(&self, netuid: u16) -> Result<Metagraph> {
        let v = match self.retrying(|| TaoApiClient::metagraph(self.rpc(), netuid, None)).await {
            Ok(v) => v,
            Err(jsonrpsee::core::ClientError::Call(e))
                if e.message().contains("SubnetNotExists")
                    || e.message().contains("subnet does not exist") =>
            {
                return Err(Error::SubnetNotFound { netuid });
            }
            Err(e) => return Err(self.rpc_err("tao_metagraph", e)),
        };
        let rows = v["neurons"].as_array().ok_or_else(|| Error::Decode {
            what: "tao_metagraph".into(),
            reason: "no neurons array".into(),
        })?;
        Ok(Metagraph {
            netuid,
            block: v["block"].as_u64().unwrap_or_default(),
            neurons: rows.iter().map(NeuronInfo::from_json).collect::<Result<_>>()?,
        })
    }

    /// The uid of `hotkey` on `netuid`, `None` when it is not registered there.
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// let uid = c.uid_of(1, c.key()?.id()).await?;
    /// # Ok(()) }
    /// ```
    pub async fn uid_of(&self, netuid: u16, hotkey: AccountId) -> Result<Option<u16>> {
        let m = self.metagraph(netuid).await?;
        Ok(m.neurons.iter().find(|n| n.hotkey == hotkey).map(|n| n.uid))
    }

    /// A subnet's pool (reserves, price, moving price).
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// let p = c.pool(1).await?;
    /// println!("{} TAO : {} alpha", p.tao_in, p.alpha_in);
    /// # Ok(()) }
    /// ```
    pub async fn pool(&self, netuid: u16) -> Result<Pool> {
        let s = self.subnet(netuid).await?;
        Ok(Pool {
            netuid,
            tao_in: s.tao_in,
            alpha_in: s.alpha_in,
            price: s.price,
            moving_price: s.moving_price,
        })
    }

    /// Alpha that `tao` would buy now, fee included (`IAlpha.simSwapTaoForAlpha`).
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// let out = c.quote_tao_for_alpha(1, taochain_sdk::Tao::from_rao(10)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn quote_tao_for_alpha(&self, netuid: u16, tao: Tao) -> Result<Alpha> {
        let out = self
            .view(alpha::ADDRESS, &IAlpha::simSwapTaoForAlphaCall { netuid, tao: tao.rao() })
            .await?;
        Ok(Alpha::from_rao(u64::try_from(out).unwrap_or(u64::MAX)))
    }

    /// TAO that selling `alpha` would return now, fee included (`IAlpha.simSwapAlphaForTao`).
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// let out = c.quote_alpha_for_tao(1, taochain_sdk::Alpha::from_rao(10)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn quote_alpha_for_tao(&self, netuid: u16, amount: Alpha) -> Result<Tao> {
        let call = IAlpha::simSwapAlphaForTaoCall { netuid, alpha: amount.rao() };
        let out = self.view(alpha::ADDRESS, &call).await?;
        Ok(Tao::from_rao(u64::try_from(out).unwrap_or(u64::MAX)))
    }

    /// The alpha `coldkey` has staked on `hotkey` in `netuid` (`IStaking.getStake`).
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// let id = taochain_sdk::AccountId::default();
    /// let a = c.stake(id, id, 1).await?;
    /// # Ok(()) }
    /// ```
    pub async fn stake(&self, hotkey: AccountId, coldkey: AccountId, netuid: u16) -> Result<Alpha> {
        let call = IStaking::getStakeCall {
            hotkey: hotkey.0,
            coldkey: coldkey.0,
            netuid: U256::from(netuid),
        };
        let out = self.view(staking::ADDRESS, &call).await?;
        Ok(Alpha::from_rao(u64::try_from(out).unwrap_or(u64::MAX)))
    }

    /// Every stake position of `coldkey` (`tao_coldkeyStake`), valued at spot prices.
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// for p in c.stake_positions(taochain_sdk::AccountId::default()).await? {
    ///     println!("{} alpha in subnet {}", p.alpha, p.netuid);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn stake_positions(&self, coldkey: AccountId) -> Result<Vec<StakePosition>> {
        let v = self
            .retrying(|| TaoApiClient::coldkey_stake(self.rpc(), coldkey.0, None))
            .await
            .map_err(|e| self.rpc_err("tao_coldkeyStake", e))?;
        let subnets = self.subnets().await?;
        let w = "tao_coldkeyStake";
        let rows = v["positions"]
            .as_array()
            .ok_or_else(|| Error::Decode { what: w.into(), reason: "no positions array".into() })?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let netuid = u16::try_from(u64_field(r, "netuid", w)?)
                .map_err(|e| Error::Decode { what: w.into(), reason: e.to_string() })?;
            let alpha = Alpha::from_rao(rao_field(r, "alpha", w)?);
            let price =
                subnets.iter().find(|s| s.netuid == netuid).map(|s| s.price).unwrap_or_default();
            out.push(StakePosition {
                hotkey: id_field(r, "hotkey", w)?,
                netuid,
                alpha,
                value_at_spot: value_at(alpha, price),
            });
        }
        Ok(out)
    }

    /// Every hyperparameter of `netuid` readable through `ISubnet`, as `(name, value)`.
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// for (name, value) in c.hyperparameters(1).await? {
    ///     println!("{name} = {value}");
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn hyperparameters(&self, netuid: u16) -> Result<Vec<(&'static str, String)>> {
        self.subnet(netuid).await?;
        let mut out = Vec::new();
        for h in crate::hyper::HYPERPARAMETERS {
            let word = self.call_raw(subnet::ADDRESS, (h.get)(netuid), h.getter).await?;
            out.push((h.name, h.kind.show(&word)?));
        }
        let (low, high) = self
            .view(subnet::ADDRESS, &ISubnet::getAlphaValuesCall { netuid })
            .await
            .map(|r| (r._0, r._1))?;
        out.push(("alpha_values", format!("{low},{high}")));
        Ok(out)
    }
}
