//! The subnet as a worker sees it through the precompiles: the metagraph (uids, hotkeys,
//! axons, validator permits via 0x802), registration (`burnedRegister` on 0x804 with the
//! worker's own twin as hotkey), staking (`addStake` on 0x805) and the subnet's epoch clock
//! (`tao_subnets`: tempo and last epoch block).

use crate::chain::{Chain, TxOutcome};
use alloy_primitives::{B256, U256};
use anyhow::{Context as _, bail};
use contracts::{IMetagraph, INeuron, IStaking, metagraph, neuron, staking};
use serde_json::json;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// One uid of the metagraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neuron {
    /// Its uid.
    pub uid: u16,
    /// Its hotkey.
    pub hotkey: B256,
    /// Its axon, if it served one.
    pub axon: Option<SocketAddr>,
}

/// Reads every uid's hotkey and axon.
pub async fn neurons(chain: &Chain, netuid: u16) -> anyhow::Result<Vec<Neuron>> {
    let count = chain.view(metagraph::ADDRESS, &IMetagraph::getUidCountCall { netuid }).await?;
    let mut out = Vec::with_capacity(usize::from(count));
    for uid in 0..count {
        let (hk, ax) =
            (IMetagraph::getHotkeyCall { netuid, uid }, IMetagraph::getAxonCall { netuid, uid });
        let (hotkey, axon) =
            (chain.view(metagraph::ADDRESS, &hk), chain.view(metagraph::ADDRESS, &ax));
        let (hotkey, axon) = (hotkey.await?, axon.await?);
        out.push(Neuron { uid, hotkey, axon: axon_addr(&axon) });
    }
    Ok(out)
}

/// The socket address of a served axon (`None` when never served or the port is 0).
pub fn axon_addr(a: &IMetagraph::AxonInfo) -> Option<SocketAddr> {
    if a.port == 0 {
        return None;
    }
    let ip = match a.ip_type {
        4 => IpAddr::V4(Ipv4Addr::from(u32::try_from(a.ip).ok()?)),
        6 => IpAddr::V6(Ipv6Addr::from(a.ip)),
        _ => return None,
    };
    Some(SocketAddr::new(ip, a.port))
}

/// The uid of `hotkey` on the subnet, if registered.
pub async fn uid_of(chain: &Chain, netuid: u16, hotkey: B256) -> anyhow::Result<Option<u16>> {
    Ok(neurons(chain, netuid).await?.into_iter().find(|n| n.hotkey == hotkey).map(|n| n.uid))
}

/// Registers the worker (its twin as hotkey, paying the burn) unless it already is; returns
/// its uid.
pub async fn ensure_registered(chain: &Chain, netuid: u16) -> anyhow::Result<u16> {
    let hotkey = chain.hotkey();
    if let Some(uid) = uid_of(chain, netuid, hotkey).await? {
        tracing::info!(uid, "already registered on subnet {netuid}");
        return Ok(uid);
    }
    let call = INeuron::burnedRegisterCall { netuid, hotkey };
    match chain.send(neuron::ADDRESS, &call).await? {
        TxOutcome::Mined { hash, block } => {
            tracing::info!(%hash, block, "registered on subnet {netuid} (burnedRegister)");
        }
        TxOutcome::Reverted { reason } => bail!("burnedRegister reverted: {reason}"),
    }
    uid_of(chain, netuid, hotkey).await?.context("registered, but the hotkey has no uid")
}

/// Stakes `amount_rao` to the worker's own hotkey unless it already holds stake there.
pub async fn ensure_staked(chain: &Chain, netuid: u16, amount_rao: u64) -> anyhow::Result<()> {
    let (hotkey, net) = (chain.hotkey(), U256::from(netuid));
    let get = IStaking::getStakeCall { hotkey, coldkey: hotkey, netuid: net };
    let have = chain.view(staking::ADDRESS, &get).await?;
    if have > U256::ZERO || amount_rao == 0 {
        tracing::info!(alpha_rao = %have, "stake on own hotkey");
        return Ok(());
    }
    let call = IStaking::addStakeCall { hotkey, amountRao: U256::from(amount_rao), netuid: net };
    match chain.send(staking::ADDRESS, &call).await? {
        TxOutcome::Mined { hash, block } => {
            tracing::info!(%hash, block, amount_rao, "staked to own hotkey (addStake)");
            Ok(())
        }
        TxOutcome::Reverted { reason } => bail!("addStake reverted: {reason}"),
    }
}

/// Whether `uid` holds a validator permit.
pub async fn has_permit(chain: &Chain, netuid: u16, uid: u16) -> anyhow::Result<bool> {
    chain.view(metagraph::ADDRESS, &IMetagraph::getValidatorStatusCall { netuid, uid }).await
}

/// The subnet's epoch clock from `tao_subnets`: (tempo, block of the last epoch).
pub async fn epoch_clock(chain: &Chain, netuid: u16) -> anyhow::Result<(u64, u64)> {
    let subnets = chain.request("tao_subnets", json!([])).await?;
    let s = subnets
        .as_array()
        .and_then(|a| a.iter().find(|s| s["netuid"] == json!(netuid)))
        .with_context(|| format!("subnet {netuid} not in tao_subnets"))?;
    let num = |k: &str| s[k].as_u64().with_context(|| format!("tao_subnets: {k}"));
    Ok((num("tempo")?, num("last_epoch_block")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axon_addresses_decode() {
        let axon = |ip: u128, port: u16, ip_type: u8| IMetagraph::AxonInfo {
            block: 1,
            version: 1,
            ip,
            port,
            ip_type,
            protocol: 4,
        };
        let local = u128::from(u32::from(Ipv4Addr::LOCALHOST));
        assert_eq!(axon_addr(&axon(local, 8091, 4)), Some("127.0.0.1:8091".parse().unwrap()));
        assert_eq!(axon_addr(&axon(local, 0, 4)), None, "never served");
        assert_eq!(axon_addr(&axon(1 << 40, 1, 4)), None, "not an IPv4 address");
        assert_eq!(axon_addr(&axon(1, 1, 6)), Some("[::1]:1".parse().unwrap()));
        assert_eq!(axon_addr(&axon(1, 1, 5)), None);
    }
}
