//! What every command shares: the connection, the signing keys (raw key or wallet, with the
//! password from a file, `TAO_PASSWORD` or a prompt), the confirmation before sending, the
//! progress line while waiting, and the output mode.

use crate::Global;
use crate::table::{self, Table};
use alloy_primitives::Address;
use serde_json::{Value, json};
use std::io::{IsTerminal, Write};
use taochain_sdk::{AccountId, Client, Error, Key, Progress, Receipt, Tao, TxCall, WalletDir};

/// Environment variable holding the wallet password.
pub const PASSWORD_ENV: &str = "TAO_PASSWORD";

/// The command context.
pub struct Ctx {
    pub g: Global,
}

impl Ctx {
    pub fn new(g: Global) -> Self {
        Self { g }
    }

    pub fn wallets(&self) -> WalletDir {
        WalletDir::new(self.g.wallet_dir.clone().unwrap_or_else(WalletDir::default_root))
    }

    /// A connection without a key (reads only).
    pub async fn client(&self) -> Result<Client, Error> {
        Client::connect(&self.g.rpc).await
    }

    /// The wallet password: `--password-file`, `TAO_PASSWORD`, or a prompt on a terminal
    /// (asked twice when `confirm`).
    pub fn password(&self, what: &str, confirm: bool) -> Result<String, Error> {
        if let Some(path) = &self.g.password_file {
            let text = std::fs::read_to_string(path)
                .map_err(|source| Error::Io { path: path.clone(), source })?;
            return Ok(text.lines().next().unwrap_or_default().to_owned());
        }
        if let Ok(p) = std::env::var(PASSWORD_ENV) {
            return Ok(p);
        }
        if !std::io::stdin().is_terminal() {
            return Err(Error::Wallet(format!(
                "a password is needed for {what}: give --password-file FILE or set {PASSWORD_ENV} (no terminal to ask on)"
            )));
        }
        let ask = |prompt: &str| {
            rpassword::prompt_password(prompt)
                .map_err(|e| Error::Wallet(format!("reading the password: {e}")))
        };
        let p = ask(&format!("Password for {what}: "))?;
        if confirm && ask("Repeat the password: ")? != p {
            return Err(Error::Wallet("the two passwords differ".into()));
        }
        Ok(p)
    }

    fn wallet_name(&self) -> Option<&str> {
        self.g.wallet.as_deref()
    }

    fn no_key() -> Error {
        Error::Wallet("this command signs a transaction: give --key HEX or --wallet NAME".into())
    }

    /// The key that holds funds, stake and subnets: `--key`, or the wallet's coldkey.
    pub fn coldkey(&self) -> Result<Key, Error> {
        if let Some(hex) = &self.g.key {
            return Key::from_hex(hex);
        }
        let name = self.wallet_name().ok_or_else(Self::no_key)?;
        let pw = self.password(&format!("the coldkey of wallet {name:?}"), false)?;
        self.wallets().coldkey(name, &pw)
    }

    /// The key a neuron acts with (axons, weights): `--key`, or the wallet's hotkey.
    pub fn hotkey_key(&self) -> Result<Key, Error> {
        if let Some(hex) = &self.g.key {
            return Key::from_hex(hex);
        }
        let name = self.wallet_name().ok_or_else(Self::no_key)?;
        let hk = &self.g.wallet_hotkey;
        let pw = self.password(&format!("hotkey {hk:?} of wallet {name:?}"), false)?;
        self.wallets().hotkey(name, hk, &pw)
    }

    /// The address of a wallet key file, read without the password.
    fn file_address(path: &std::path::Path) -> Result<Address, Error> {
        if !path.exists() {
            return Err(Error::Wallet(format!("no key file {}", path.display())));
        }
        taochain_sdk::keys::keystore_address(path)?
            .ok_or_else(|| Error::Wallet(format!("{} declares no address", path.display())))
    }

    /// The id of the signer's hotkey without decrypting anything: `--key`'s id, or the twin
    /// of the address the wallet's hotkey file declares.
    pub fn own_hotkey_id(&self) -> Result<AccountId, Error> {
        if let Some(hex) = &self.g.key {
            return Ok(Key::from_hex(hex)?.id());
        }
        let name = self.wallet_name().ok_or_else(|| {
            Error::InvalidInput(
                "give --hotkey ID, or --key / --wallet to use your own hotkey".into(),
            )
        })?;
        let path = self.wallets().hotkey_path(name, &self.g.wallet_hotkey);
        Ok(AccountId::of_address(Self::file_address(&path)?))
    }

    /// The address of the signer's coldkey without decrypting anything.
    pub fn own_coldkey_address(&self) -> Result<Address, Error> {
        if let Some(hex) = &self.g.key {
            return Ok(Key::from_hex(hex)?.address());
        }
        let name = self.wallet_name().ok_or_else(|| {
            Error::InvalidInput(
                "name the account (--coldkey / --account), or give --key / --wallet".into(),
            )
        })?;
        Self::file_address(&self.wallets().coldkey_path(name))
    }

    /// Checks `call` (simulation, fees, balance), shows what it spends and asks unless
    /// `--yes`, sends it with a progress line on stderr, and returns the receipt.
    pub async fn send(
        &self,
        client: &Client,
        call: TxCall,
        notes: &[(&str, String)],
    ) -> anyhow::Result<Receipt> {
        let tx = client.prepare(call).await?;
        let from = tx.from;
        let mut t = Table::new(&["", ""]);
        t.row(vec!["action".into(), tx.call.summary.clone()]);
        t.row(vec!["from".into(), format!("{from} ({})", AccountId::of_address(from))]);
        if !tx.call.value.is_zero() {
            let v = taochain_sdk::Tao::from_wei_floor(tx.call.value).unwrap_or_default();
            t.row(vec!["sends".into(), v.with_unit()]);
        }
        if tx.call.spends.rao() > 0 {
            t.row(vec!["spends".into(), tx.call.spends.with_unit()]);
        }
        for (k, v) in notes {
            t.row(vec![(*k).to_owned(), v.clone()]);
        }
        t.row(vec!["max fee".into(), tx.max_fee().with_unit()]);
        t.row(vec!["total at most".into(), tx.max_total().with_unit()]);
        if !self.g.yes {
            eprint!("{}", t.render_plain());
            confirm()?;
        }
        Ok(send_with_progress(client, tx).await?)
    }

    /// Sends `calls` in order after one confirmation: the whole sequence is simulated first
    /// (nothing is sent if any step would fail), the confirmation lists every step with what
    /// it sends and spends, then each step is checked again on the state the earlier ones
    /// left, and sent. Returns the receipts.
    pub async fn send_steps(
        &self,
        client: &Client,
        calls: Vec<TxCall>,
        notes: &[(&str, String)],
    ) -> anyhow::Result<Vec<Receipt>> {
        let gas = client.simulate_sequence(&calls).await?;
        let from = client.key()?.address();
        let mut t = Table::new(&["", ""]);
        for (i, c) in calls.iter().enumerate() {
            t.row(vec![format!("step {}", i + 1), c.summary.clone()]);
        }
        t.row(vec!["from".into(), format!("{from} ({})", AccountId::of_address(from))]);
        let value = calls.iter().fold(Tao::ZERO, |acc, c| {
            let v = Tao::from_wei_floor(c.value).unwrap_or_default();
            Tao::from_rao(acc.rao().saturating_add(v.rao()).saturating_add(c.spends.rao()))
        });
        if value.rao() > 0 {
            t.row(vec!["sends".into(), value.with_unit()]);
        }
        for (k, v) in notes {
            t.row(vec![(*k).to_owned(), v.clone()]);
        }
        t.row(vec!["gas (simulated)".into(), gas.iter().sum::<u64>().to_string()]);
        if !self.g.yes {
            eprint!("{}", t.render_plain());
            confirm()?;
        }
        let mut receipts = Vec::with_capacity(calls.len());
        for call in calls {
            receipts.push(self.send_confirmed(client, call).await?);
        }
        Ok(receipts)
    }

    /// Checks and sends `call` without asking (the caller has confirmed already).
    pub async fn send_confirmed(&self, client: &Client, call: TxCall) -> anyhow::Result<Receipt> {
        let tx = client.prepare(call).await?;
        Ok(send_with_progress(client, tx).await?)
    }

    /// Prints a transaction's result: JSON (`tx`, `block`, `gas_used`, `fee` and `extra`) or a
    /// line per field.
    pub fn done(&self, what: &str, r: &Receipt, extra: Value) {
        let mut v = json!({ "tx": r.hash, "block": r.block, "gas_used": r.gas_used, "fee": r.fee });
        if let (Some(obj), Value::Object(more)) = (v.as_object_mut(), extra) {
            obj.extend(more);
        }
        if self.g.json {
            table::print_json(&v);
        } else {
            table::out(&format!(
                "{what}: transaction {} in block {} (fee {})",
                r.hash,
                r.block,
                r.fee.with_unit()
            ));
            if let Some(obj) = v.as_object() {
                for (k, val) in obj {
                    if !matches!(k.as_str(), "tx" | "block" | "gas_used" | "fee") {
                        let text = table::human(k, val);
                        table::out(&format!("  {k}: {text}"));
                    }
                }
            }
        }
    }
}

/// Sends a prepared transaction with `sent …`, a live waiting line on a terminal and
/// `included in block N` on stderr.
async fn send_with_progress(
    client: &Client,
    tx: taochain_sdk::PreparedTx,
) -> Result<Receipt, Error> {
    let tty = std::io::stderr().is_terminal();
    let mut last_len = 0;
    client
        .send(tx, |p| match p {
            Progress::Sent { hash } => eprintln!("sent {hash}; waiting for inclusion"),
            Progress::Waiting { hash, elapsed } if tty => {
                let line = format!("\rwaiting for {hash} ({:.1} s)", elapsed.as_secs_f32());
                last_len = line.len();
                eprint!("{line}");
                let _ = std::io::stderr().flush();
            }
            Progress::Waiting { .. } => {}
            Progress::Mined { block, .. } => {
                if tty && last_len > 0 {
                    eprint!("\r{}\r", " ".repeat(last_len));
                }
                eprintln!("included in block {block}");
            }
        })
        .await
}

/// Asks `Proceed? [y/N]` on the terminal; refuses when there is none.
fn confirm() -> Result<(), Error> {
    if !std::io::stdin().is_terminal() {
        return Err(Error::InvalidInput(
            "not sending: confirmation needs a terminal; pass --yes to send without asking".into(),
        ));
    }
    eprint!("Proceed? [y/N] ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| Error::InvalidInput(format!("reading the answer: {e}")))?;
    if matches!(line.trim(), "y" | "Y" | "yes" | "YES" | "Yes") {
        Ok(())
    } else {
        Err(Error::InvalidInput("cancelled: nothing was sent".into()))
    }
}
