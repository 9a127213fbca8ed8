//! Delegation vaults and wrapped alpha, through the predeployed factories and the `contracts`
//! crate's bindings of the compiled contracts (`contracts::bindings`): list vaults, deposit TAO
//! into a vault (opening it first when needed), redeem vault shares (and turn the WTAO paid
//! into TAO), wrap staked alpha into its ERC-20 (0x805 `approve`, then `wrap`, creating the
//! token first when needed) and unwrap it back into stake.
//!
//! A flow of several transactions is a list of [`TxCall`]s to send in order;
//! [`Client::simulate_sequence`] runs the whole list in one simulated block first, so a step
//! that would fail later (a wrap of more alpha than is staked) is refused before anything is
//! sent.

use crate::{AccountId, Alpha, Client, Error, Result, Shares, Slippage, Tao, TxCall};
use alloy::rpc::types::{Filter, Log};
use alloy_primitives::{Address, B256, Bytes, U256};
use alloy_sol_types::SolEvent;
use contracts::bindings::{
    DelegationVault, DelegationVaultFactory, WTAO as Wtao, WrappedAlpha, WrappedAlphaFactory,
};
use contracts::predeploys::{
    DELEGATION_VAULT_FACTORY_ADDRESS, WRAPPED_ALPHA_FACTORY_ADDRESS, WTAO_ADDRESS,
};
use contracts::{IStaking, staking};
use serde::Serialize;
use serde_json::json;
use taochain_rpc_api::EthApiClient;

/// Largest block range of one `eth_getLogs` query (the node's `MAX_LOG_RANGE`).
const LOG_RANGE: u64 = 100_000;

/// One delegation vault (ERC-4626 over WTAO, staking on one hotkey in one subnet).
#[derive(Debug, Clone, Serialize)]
pub struct VaultInfo {
    /// The vault contract.
    pub address: Address,
    /// The hotkey it stakes on.
    pub hotkey: AccountId,
    /// The subnet.
    pub netuid: u16,
    /// Shares outstanding (`totalSupply`).
    pub total_shares: Shares,
    /// The alpha it holds (`stakeHeld`).
    pub stake: Alpha,
    /// What selling the whole stake would pay now (`totalAssets`, a pool quote), floored to RAO.
    pub value: Tao,
}

/// One wrapped-alpha token position.
#[derive(Debug, Clone, Serialize)]
pub struct WrappedAlphaInfo {
    /// The token contract.
    pub address: Address,
    /// Whether it has been created.
    pub exists: bool,
    /// Shares outstanding.
    pub total_shares: Shares,
    /// The alpha it holds.
    pub stake: Alpha,
}

/// Open the delegation vault of (`hotkey`, `netuid`) (`DelegationVaultFactory.create`).
///
/// ```
/// let c = taochain_sdk::defi::create_vault(taochain_sdk::AccountId::default(), 1);
/// assert_eq!(c.signature, "create(bytes32,uint16)");
/// ```
pub fn create_vault(hotkey: AccountId, netuid: u16) -> TxCall {
    TxCall::sol(
        DELEGATION_VAULT_FACTORY_ADDRESS,
        &DelegationVaultFactory::createCall { hotkey: hotkey.0, netuid },
        format!("open the delegation vault of hotkey {} in subnet {netuid}", hotkey.to_ss58()),
    )
}

/// Deposit `amount` TAO into `vault`, minting at least `min_shares` to `receiver`
/// (`DelegationVault.depositTao`, payable).
///
/// ```
/// use taochain_sdk::{Shares, Tao, defi};
/// let c = defi::vault_deposit(Default::default(), Default::default(), Tao::from_rao(5), Shares::ZERO);
/// assert_eq!(c.signature, "depositTao(address,uint256)");
/// assert_eq!(c.value, alloy_primitives::U256::from(5_000_000_000u64));
/// ```
pub fn vault_deposit(vault: Address, receiver: Address, amount: Tao, min_shares: Shares) -> TxCall {
    let mut c = TxCall::sol(
        vault,
        &DelegationVault::depositTaoCall { receiver, minShares: min_shares.0 },
        format!("deposit {} into vault {vault}", amount.with_unit()),
    );
    c.value = amount.to_wei();
    c
}

/// Redeem `shares` of `owner` in `vault` for WTAO paid to `receiver`: with a floor on the
/// WTAO paid (`redeem(shares, receiver, owner, minAssetsOut)`), or without one, bounded by the
/// vault's own 5 % check against the moving price (the plain ERC-4626 `redeem`).
///
/// ```
/// use taochain_sdk::{Shares, defi};
/// let c = defi::vault_redeem(Default::default(), Shares::ZERO, Default::default(), Some(Default::default()));
/// assert_eq!(c.signature, "redeem(uint256,address,address,uint256)");
/// ```
pub fn vault_redeem(
    vault: Address,
    shares: Shares,
    owner: Address,
    min_assets_wei: Option<U256>,
) -> TxCall {
    let summary = format!("redeem {} of vault {vault}", shares.with_unit());
    match min_assets_wei {
        Some(min) => TxCall::sol(
            vault,
            &DelegationVault::redeem_0Call {
                shares: shares.0,
                receiver: owner,
                owner,
                minAssetsOut: min,
            },
            format!("{summary}, for at least {}", wtao_text(min)),
        ),
        None => TxCall::sol(
            vault,
            &DelegationVault::redeem_1Call { shares: shares.0, receiver: owner, owner },
            summary,
        ),
    }
}

fn wtao_text(wei: U256) -> String {
    Tao::from_wei_floor(wei).map_or_else(|| format!("{wei} wei"), |t| format!("{t} WTAO"))
}

/// Turn `wei` of WTAO back into TAO (`WTAO.withdraw`).
///
/// ```
/// let c = taochain_sdk::defi::unwrap_wtao(alloy_primitives::U256::from(1u64));
/// assert_eq!(c.signature, "withdraw(uint256)");
/// ```
pub fn unwrap_wtao(wei: U256) -> TxCall {
    TxCall::sol(
        WTAO_ADDRESS,
        &Wtao::withdrawCall { wad: wei },
        format!("turn {} into TAO", wtao_text(wei)),
    )
}

/// Create the wrapped-alpha token of (`hotkey`, `netuid`) (`WrappedAlphaFactory.create`).
///
/// ```
/// let c = taochain_sdk::defi::create_wrapped_alpha(taochain_sdk::AccountId::default(), 1);
/// assert_eq!(c.to, contracts::predeploys::WRAPPED_ALPHA_FACTORY_ADDRESS);
/// ```
pub fn create_wrapped_alpha(hotkey: AccountId, netuid: u16) -> TxCall {
    TxCall::sol(
        WRAPPED_ALPHA_FACTORY_ADDRESS,
        &WrappedAlphaFactory::createCall { hotkey: hotkey.0, netuid },
        format!("create the wrapped-alpha token of hotkey {} in subnet {netuid}", hotkey.to_ss58()),
    )
}

/// Allow `token` to pull `amount` alpha of the caller's stake in `netuid` (0x805 `approve`).
///
/// ```
/// let c = taochain_sdk::defi::approve_alpha(Default::default(), 1, taochain_sdk::Alpha::from_rao(1));
/// assert_eq!(c.signature, "approve(address,uint256,uint256)");
/// ```
pub fn approve_alpha(token: Address, netuid: u16, amount: Alpha) -> TxCall {
    TxCall::sol(
        staking::ADDRESS,
        &IStaking::approveCall {
            spender: token,
            netuid: U256::from(netuid),
            amountAlpha: U256::from(amount.rao()),
        },
        format!("allow {token} to take {} of your stake in subnet {netuid}", amount.with_unit()),
    )
}

/// Wrap `amount` alpha into `token`'s shares (`WrappedAlpha.wrap`; needs [`approve_alpha`]).
///
/// ```
/// let c = taochain_sdk::defi::wrap(Default::default(), taochain_sdk::Alpha::from_rao(1));
/// assert_eq!(c.signature, "wrap(uint256)");
/// ```
pub fn wrap(token: Address, amount: Alpha) -> TxCall {
    TxCall::sol(
        token,
        &WrappedAlpha::wrapCall { alphaAmount: U256::from(amount.rao()) },
        format!("wrap {} into token {token}", amount.with_unit()),
    )
}

/// Burn `shares` of `token` for the stake they redeem for (`WrappedAlpha.unwrap`), given back
/// to the caller's coldkey on the same hotkey and subnet.
///
/// ```
/// let c = taochain_sdk::defi::unwrap(Default::default(), taochain_sdk::Shares::ZERO);
/// assert_eq!(c.signature, "unwrap(uint256)");
/// ```
pub fn unwrap(token: Address, shares: Shares) -> TxCall {
    TxCall::sol(
        token,
        &WrappedAlpha::unwrapCall { shares: shares.0 },
        format!("unwrap {} of token {token} into stake", shares.with_unit()),
    )
}

fn alpha_of(v: U256) -> Alpha {
    Alpha::from_rao(u64::try_from(v).unwrap_or(u64::MAX))
}

impl Client {
    /// The address of the vault of (`hotkey`, `netuid`) and whether it is open.
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// let (vault, open) = c.vault_of(taochain_sdk::AccountId::default(), 1).await?;
    /// # Ok(()) }
    /// ```
    pub async fn vault_of(&self, hotkey: AccountId, netuid: u16) -> Result<(Address, bool)> {
        let f = DELEGATION_VAULT_FACTORY_ADDRESS;
        let address = self
            .view(f, &DelegationVaultFactory::vaultForCall { hotkey: hotkey.0, netuid })
            .await?;
        let open =
            self.view(f, &DelegationVaultFactory::existsCall { hotkey: hotkey.0, netuid }).await?;
        Ok((address, open))
    }

    /// One vault's state.
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// let v = c.vault(alloy_primitives::Address::ZERO).await?;
    /// # Ok(()) }
    /// ```
    pub async fn vault(&self, address: Address) -> Result<VaultInfo> {
        let hotkey = self.view(address, &DelegationVault::hotkeyCall {}).await?;
        let netuid = self.view(address, &DelegationVault::netuidCall {}).await?;
        let total = self.view(address, &DelegationVault::totalSupplyCall {}).await?;
        let stake = self.view(address, &DelegationVault::stakeHeldCall {}).await?;
        let assets = self.view(address, &DelegationVault::totalAssetsCall {}).await?;
        Ok(VaultInfo {
            address,
            hotkey: AccountId(hotkey),
            netuid,
            total_shares: Shares(total),
            stake: alpha_of(stake),
            value: Tao::from_wei_floor(assets).unwrap_or(Tao::from_rao(u64::MAX)),
        })
    }

    /// Every vault the factory has opened (its `VaultCreated` events), optionally of one
    /// subnet only, with its state now.
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// for v in c.vaults(Some(1)).await? {
    ///     println!("{} {} shares, {} alpha", v.address, v.total_shares, v.stake);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn vaults(&self, netuid: Option<u16>) -> Result<Vec<VaultInfo>> {
        let head = self.block_number().await?;
        let mut out = Vec::new();
        let mut from = 0u64;
        loop {
            let to = from.saturating_add(LOG_RANGE - 1).min(head);
            let mut filter = Filter::new()
                .address(DELEGATION_VAULT_FACTORY_ADDRESS)
                .event_signature(DelegationVaultFactory::VaultCreated::SIGNATURE_HASH)
                .from_block(from)
                .to_block(to);
            if let Some(n) = netuid {
                filter = filter.topic2(B256::from(U256::from(n)));
            }
            let logs: Vec<Log> = self
                .retrying(|| EthApiClient::logs(self.rpc(), filter.clone()))
                .await
                .map_err(|e| self.rpc_err("eth_getLogs", e))?;
            for l in logs {
                let ev = DelegationVaultFactory::VaultCreated::decode_log_data(l.data()).map_err(
                    |e| Error::Decode { what: "VaultCreated log".into(), reason: e.to_string() },
                )?;
                out.push(self.vault(ev.vault).await?);
            }
            if to >= head {
                return Ok(out);
            }
            from = to + 1;
        }
    }

    /// The shares of `vault` that `owner` holds.
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// let s = c.vault_shares(Default::default(), Default::default()).await?;
    /// # Ok(()) }
    /// ```
    pub async fn vault_shares(&self, vault: Address, owner: Address) -> Result<Shares> {
        Ok(Shares(self.view(vault, &DelegationVault::balanceOfCall(owner)).await?))
    }

    /// The calls that deposit `amount` TAO from the client's key into the vault of
    /// (`hotkey`, `netuid`): its opening when it is not open yet, then `depositTao` with
    /// `min_shares`. Also returns the vault's address and the shares the pool quote gives now
    /// (`None` when the pool cannot quote it).
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// use taochain_sdk::{AccountId, Shares, Tao};
    /// let (calls, vault, quote) = c.vault_deposit_calls(AccountId::default(), 1, "10".parse::<Tao>()?, Shares::ZERO).await?;
    /// # Ok(()) }
    /// ```
    pub async fn vault_deposit_calls(
        &self,
        hotkey: AccountId,
        netuid: u16,
        amount: Tao,
        min_shares: Shares,
    ) -> Result<(Vec<TxCall>, Address, Option<Shares>)> {
        let me = self.key()?.address();
        self.subnet(netuid).await?;
        if amount == Tao::ZERO {
            return Err(Error::InvalidInput("the amount must be more than 0".into()));
        }
        let (vault, open) = self.vault_of(hotkey, netuid).await?;
        let mut calls = Vec::new();
        let quote = if open {
            let q = self
                .view(vault, &DelegationVault::previewDepositCall { assets: amount.to_wei() })
                .await?;
            (!q.is_zero()).then_some(Shares(q))
        } else {
            calls.push(create_vault(hotkey, netuid));
            // A new vault mints 10^6 shares per alpha-RAO bought.
            match self.quote_tao_for_alpha(netuid, amount).await {
                Ok(a) => Some(Shares(U256::from(a.rao()) * U256::from(1_000_000u64))),
                Err(Error::Reverted { .. }) => None,
                Err(e) => return Err(e),
            }
        };
        calls.push(vault_deposit(vault, me, amount, min_shares));
        Ok((calls, vault, quote))
    }

    /// The call that redeems `shares` (all the client key's shares when `None`) of the vault
    /// of (`hotkey`, `netuid`), with a floor of the current quote × (1 − `max_slippage`) when
    /// given. Also returns the vault, the shares and the WTAO quote now (wei). A vault not
    /// open, no shares, or more shares than held is [`Error::InvalidInput`].
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// let (call, vault, shares, quote) = c.vault_withdraw_call(taochain_sdk::AccountId::default(), 1, None, None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn vault_withdraw_call(
        &self,
        hotkey: AccountId,
        netuid: u16,
        shares: Option<Shares>,
        max_slippage: Option<Slippage>,
    ) -> Result<(TxCall, Address, Shares, U256)> {
        let me = self.key()?.address();
        self.subnet(netuid).await?;
        let (vault, open) = self.vault_of(hotkey, netuid).await?;
        if !open {
            return Err(Error::InvalidInput(format!(
                "hotkey {hotkey} has no delegation vault in subnet {netuid} (`tao delegate list` shows the vaults)"
            )));
        }
        let held = self.vault_shares(vault, me).await?;
        let shares = shares.unwrap_or(held);
        if shares == Shares::ZERO || shares > held {
            return Err(Error::InvalidInput(format!(
                "{me} holds {} of vault {vault}, cannot redeem {} (`tao delegate list` shows the vaults)",
                held.with_unit(),
                shares.with_unit()
            )));
        }
        let quote =
            self.view(vault, &DelegationVault::previewRedeemCall { shares: shares.0 }).await?;
        let min = max_slippage.map(|s| {
            let keep = U256::from(10_000 - s.bps());
            (quote * keep).div_ceil(U256::from(10_000u64))
        });
        Ok((vault_redeem(vault, shares, me, min), vault, shares, quote))
    }

    /// The wrapped-alpha token of (`hotkey`, `netuid`): address, whether it exists, its
    /// supply and stake.
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// let t = c.wrapped_alpha(taochain_sdk::AccountId::default(), 1).await?;
    /// # Ok(()) }
    /// ```
    pub async fn wrapped_alpha(&self, hotkey: AccountId, netuid: u16) -> Result<WrappedAlphaInfo> {
        let f = WRAPPED_ALPHA_FACTORY_ADDRESS;
        let address =
            self.view(f, &WrappedAlphaFactory::tokenForCall { hotkey: hotkey.0, netuid }).await?;
        let exists =
            self.view(f, &WrappedAlphaFactory::existsCall { hotkey: hotkey.0, netuid }).await?;
        let (total, stake) = if exists {
            (
                self.view(address, &WrappedAlpha::totalSupplyCall {}).await?,
                self.view(address, &WrappedAlpha::stakeHeldCall {}).await?,
            )
        } else {
            (U256::ZERO, U256::ZERO)
        };
        Ok(WrappedAlphaInfo {
            address,
            exists,
            total_shares: Shares(total),
            stake: alpha_of(stake),
        })
    }

    /// The calls that wrap `amount` of the client key's alpha staked on `hotkey` in `netuid`:
    /// the token's creation when missing, the 0x805 `approve`, and `wrap`. Also returns the
    /// token. Less stake than `amount` is [`Error::InvalidInput`].
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// let (calls, token) = c.wrap_calls(taochain_sdk::AccountId::default(), 1, "1".parse()?).await?;
    /// # Ok(()) }
    /// ```
    pub async fn wrap_calls(
        &self,
        hotkey: AccountId,
        netuid: u16,
        amount: Alpha,
    ) -> Result<(Vec<TxCall>, Address)> {
        let me = self.key()?.id();
        self.subnet(netuid).await?;
        if amount == Alpha::ZERO {
            return Err(Error::InvalidInput("the amount must be more than 0".into()));
        }
        let held = self.stake(hotkey, me, netuid).await?;
        if held < amount {
            return Err(Error::InvalidInput(format!(
                "{me} has {} staked on hotkey {hotkey} in subnet {netuid}, cannot wrap {} (`tao stake list` shows the positions)",
                held.with_unit(),
                amount.with_unit()
            )));
        }
        let token = self.wrapped_alpha(hotkey, netuid).await?;
        let mut calls = Vec::new();
        if !token.exists {
            calls.push(create_wrapped_alpha(hotkey, netuid));
        }
        calls.push(approve_alpha(token.address, netuid, amount));
        calls.push(wrap(token.address, amount));
        Ok((calls, token.address))
    }

    /// The call that unwraps `shares` (all the client key's when `None`) of the token of
    /// (`hotkey`, `netuid`). Also returns the token, the shares and the alpha they redeem for
    /// now. No token, no shares or more than held is [`Error::InvalidInput`].
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// let (call, token, shares, alpha) = c.unwrap_call(taochain_sdk::AccountId::default(), 1, None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn unwrap_call(
        &self,
        hotkey: AccountId,
        netuid: u16,
        shares: Option<Shares>,
    ) -> Result<(TxCall, Address, Shares, Alpha)> {
        let me = self.key()?.address();
        self.subnet(netuid).await?;
        let token = self.wrapped_alpha(hotkey, netuid).await?;
        if !token.exists {
            return Err(Error::InvalidInput(format!(
                "hotkey {hotkey} has no wrapped-alpha token in subnet {netuid} yet (`tao wrap` creates it)"
            )));
        }
        let held = Shares(self.view(token.address, &WrappedAlpha::balanceOfCall(me)).await?);
        let shares = shares.unwrap_or(held);
        if shares == Shares::ZERO || shares > held {
            return Err(Error::InvalidInput(format!(
                "{me} holds {} of token {}, cannot unwrap {}",
                held.with_unit(),
                token.address,
                shares.with_unit()
            )));
        }
        let alpha = self
            .view(token.address, &WrappedAlpha::convertToAlphaCall { shares: shares.0 })
            .await?;
        Ok((unwrap(token.address, shares), token.address, shares, alpha_of(alpha)))
    }

    /// Simulates `calls` in order, from the client's key, in one block on top of the head
    /// (`eth_simulateV1`): each sees what the earlier ones changed. Returns each call's gas
    /// used; the first that would fail is [`Error::Reverted`] naming it, and nothing is sent.
    /// A balance below what the calls send is [`Error::InsufficientBalance`].
    ///
    /// ```no_run
    /// # async fn f(c: taochain_sdk::Client) -> Result<(), taochain_sdk::Error> {
    /// let (calls, _) = c.wrap_calls(taochain_sdk::AccountId::default(), 1, "1".parse()?).await?;
    /// let gas = c.simulate_sequence(&calls).await?;
    /// # Ok(()) }
    /// ```
    pub async fn simulate_sequence(&self, calls: &[TxCall]) -> Result<Vec<u64>> {
        let from = self.key()?.address();
        let need = calls.iter().fold(0u64, |acc, c| {
            let v = Tao::from_wei_floor(c.value).unwrap_or(Tao::from_rao(u64::MAX));
            acc.saturating_add(v.rao()).saturating_add(c.spends.rao())
        });
        let balance = self.balance(from).await?;
        if balance.rao() < need {
            return Err(Error::InsufficientBalance {
                account: AccountId::of_address(from),
                have: balance.to_string(),
                need: Tao::from_rao(need).to_string(),
                what: "amount",
            });
        }
        let list: Vec<_> = calls
            .iter()
            .map(|c| json!({ "from": from, "to": c.to, "input": c.input, "value": c.value }))
            .collect();
        let payload =
            serde_json::from_value(json!({ "blockStateCalls": [{ "calls": list }] })).map_err(
                |e| Error::Decode { what: "eth_simulateV1 payload".into(), reason: e.to_string() },
            )?;
        let sig = calls.first().map_or("", |c| c.signature);
        let out = EthApiClient::simulate_v1(self.rpc(), payload, None)
            .await
            .map_err(|e| self.call_err("eth_simulateV1", sig, e))?;
        let results = out[0]["calls"].as_array().cloned().unwrap_or_default();
        let mut gas = Vec::with_capacity(calls.len());
        for (call, r) in calls.iter().zip(&results) {
            if r["status"] != json!("0x1") {
                let data = r["returnData"]
                    .as_str()
                    .and_then(|d| d.parse::<Bytes>().ok())
                    .unwrap_or_default();
                let reason = match r["error"]["message"].as_str() {
                    Some(m) if data.is_empty() => m.to_owned(),
                    _ => crate::decode_revert(&data),
                };
                return Err(Error::Reverted { call: call.signature.to_owned(), reason, tx: None });
            }
            let used = r["gasUsed"]
                .as_str()
                .and_then(|g| u64::from_str_radix(g.trim_start_matches("0x"), 16).ok())
                .unwrap_or_default();
            gas.push(used);
        }
        if gas.len() != calls.len() {
            return Err(Error::Decode {
                what: "eth_simulateV1".into(),
                reason: format!("{} results for {} calls", gas.len(), calls.len()),
            });
        }
        Ok(gas)
    }
}
