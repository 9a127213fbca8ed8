//! Wallets on disk, laid out as Bittensor users expect, coldkey and hotkeys apart:
//!
//! ```text
//! <root>/                       ~/.taochain/wallets by default
//!   <wallet>/
//!     coldkey.json              keystore v3: the key that holds TAO and owns stake and subnets
//!     hotkeys/
//!       <hotkey>.json           keystore v3: a neuron's key (serves axons, sets weights)
//! ```
//!
//! Every file is an Ethereum keystore v3 file ([`crate::keys`]) with the `address` field, so
//! listing needs no password. Each key has its own mnemonic, shown once when it is created.

use crate::keys::keystore_address;
use crate::{AccountId, Error, Key, Result};
use alloy_primitives::Address;
use std::path::{Path, PathBuf};

/// The hotkey name used when none is given.
pub const DEFAULT_HOTKEY: &str = "default";

/// A directory of wallets.
///
/// ```
/// let dir = tempfile::tempdir()?;
/// let wallets = taochain_sdk::WalletDir::new(dir.path());
/// let created = wallets.create("alice", "default", "pw")?;
/// let cold = wallets.coldkey("alice", "pw")?;
/// assert_eq!(cold.address(), created.coldkey.address());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct WalletDir {
    root: PathBuf,
}

/// What [`WalletDir::create`] made: both keys and their phrases (show them once; they are
/// not stored in clear).
#[derive(Debug, Clone)]
pub struct CreatedWallet {
    /// The coldkey.
    pub coldkey: Key,
    /// The coldkey's 12-word phrase.
    pub coldkey_mnemonic: String,
    /// The hotkey.
    pub hotkey: Key,
    /// The hotkey's 12-word phrase.
    pub hotkey_mnemonic: String,
}

/// One key file as listed: its name, path and declared address.
#[derive(Debug, Clone, serde::Serialize)]
pub struct KeyInfo {
    /// `coldkey` or the hotkey's name.
    pub name: String,
    /// The file.
    pub path: PathBuf,
    /// The address the file declares (`None` for a file without one).
    pub address: Option<Address>,
    /// The address's 32-byte id.
    pub id: Option<AccountId>,
}

/// One wallet as listed.
#[derive(Debug, Clone, serde::Serialize)]
pub struct WalletInfo {
    /// The wallet's name (its directory).
    pub name: String,
    /// Its coldkey file, if present.
    pub coldkey: Option<KeyInfo>,
    /// Its hotkey files, by name.
    pub hotkeys: Vec<KeyInfo>,
}

fn check_name(kind: &str, name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
        && !name.starts_with('.');
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidInput(format!(
            "{kind} name {name:?}: use letters, digits, '-', '_' and '.' (at most 64, not starting with '.')"
        )))
    }
}

fn key_info(name: &str, path: PathBuf) -> KeyInfo {
    let address = keystore_address(&path).ok().flatten();
    KeyInfo { name: name.to_owned(), path, address, id: address.map(AccountId::of_address) }
}

impl WalletDir {
    /// Wallets under `root`.
    ///
    /// ```
    /// let w = taochain_sdk::WalletDir::new("/tmp/wallets");
    /// assert!(w.root().ends_with("wallets"));
    /// ```
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// `~/.taochain/wallets` (`$HOME`, else the current directory).
    ///
    /// ```
    /// assert!(taochain_sdk::WalletDir::default_root().ends_with(".taochain/wallets"));
    /// ```
    pub fn default_root() -> PathBuf {
        let home = std::env::var_os("HOME").map_or_else(|| PathBuf::from("."), PathBuf::from);
        home.join(".taochain").join("wallets")
    }

    /// The root directory.
    ///
    /// ```
    /// assert_eq!(taochain_sdk::WalletDir::new("/x").root(), std::path::Path::new("/x"));
    /// ```
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The coldkey file of `wallet`.
    ///
    /// ```
    /// let w = taochain_sdk::WalletDir::new("/w");
    /// assert_eq!(w.coldkey_path("a"), std::path::Path::new("/w/a/coldkey.json"));
    /// ```
    pub fn coldkey_path(&self, wallet: &str) -> PathBuf {
        self.root.join(wallet).join("coldkey.json")
    }

    /// The file of hotkey `hotkey` of `wallet`.
    ///
    /// ```
    /// let w = taochain_sdk::WalletDir::new("/w");
    /// assert_eq!(w.hotkey_path("a", "m1"), std::path::Path::new("/w/a/hotkeys/m1.json"));
    /// ```
    pub fn hotkey_path(&self, wallet: &str, hotkey: &str) -> PathBuf {
        self.root.join(wallet).join("hotkeys").join(format!("{hotkey}.json"))
    }

    /// Creates wallet `wallet` with a new coldkey and a new hotkey named `hotkey`, each from
    /// its own new mnemonic, both encrypted with `password`. Refuses an existing wallet.
    ///
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// let w = taochain_sdk::WalletDir::new(dir.path());
    /// let made = w.create("bob", "miner1", "pw")?;
    /// assert_eq!(made.coldkey_mnemonic.split(' ').count(), 12);
    /// assert!(w.create("bob", "miner1", "pw").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn create(&self, wallet: &str, hotkey: &str, password: &str) -> Result<CreatedWallet> {
        check_name("wallet", wallet)?;
        check_name("hotkey", hotkey)?;
        if self.coldkey_path(wallet).exists() {
            return Err(Error::Wallet(format!(
                "wallet {wallet:?} exists already at {}",
                self.root.join(wallet).display()
            )));
        }
        let (coldkey_mnemonic, coldkey) = Key::new_mnemonic()?;
        let (hotkey_mnemonic, hot) = Key::new_mnemonic()?;
        coldkey.encrypt_keystore(&self.coldkey_path(wallet), password)?;
        hot.encrypt_keystore(&self.hotkey_path(wallet, hotkey), password)?;
        Ok(CreatedWallet { coldkey, coldkey_mnemonic, hotkey: hot, hotkey_mnemonic })
    }

    /// Stores `key` as the coldkey of `wallet` (a new wallet, or one without a coldkey).
    ///
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// let w = taochain_sdk::WalletDir::new(dir.path());
    /// w.import_coldkey("c", &taochain_sdk::Key::random(), "pw")?;
    /// assert_eq!(w.list()?.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn import_coldkey(&self, wallet: &str, key: &Key, password: &str) -> Result<PathBuf> {
        check_name("wallet", wallet)?;
        let path = self.coldkey_path(wallet);
        key.encrypt_keystore(&path, password)?;
        Ok(path)
    }

    /// Stores `key` as hotkey `hotkey` of `wallet`.
    ///
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// let w = taochain_sdk::WalletDir::new(dir.path());
    /// w.import_hotkey("c", "h", &taochain_sdk::Key::random(), "pw")?;
    /// assert_eq!(w.list()?[0].hotkeys.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn import_hotkey(
        &self,
        wallet: &str,
        hotkey: &str,
        key: &Key,
        password: &str,
    ) -> Result<PathBuf> {
        check_name("wallet", wallet)?;
        check_name("hotkey", hotkey)?;
        let path = self.hotkey_path(wallet, hotkey);
        key.encrypt_keystore(&path, password)?;
        Ok(path)
    }

    /// Decrypts the coldkey of `wallet`.
    ///
    /// ```no_run
    /// let key = taochain_sdk::WalletDir::new("/w").coldkey("alice", "pw")?;
    /// # Ok::<(), taochain_sdk::Error>(())
    /// ```
    pub fn coldkey(&self, wallet: &str, password: &str) -> Result<Key> {
        check_name("wallet", wallet)?;
        let path = self.coldkey_path(wallet);
        if !path.exists() {
            return Err(self.missing(wallet, "coldkey", &path));
        }
        Key::decrypt_keystore(&path, password)
    }

    /// Decrypts hotkey `hotkey` of `wallet`.
    ///
    /// ```no_run
    /// let key = taochain_sdk::WalletDir::new("/w").hotkey("alice", "default", "pw")?;
    /// # Ok::<(), taochain_sdk::Error>(())
    /// ```
    pub fn hotkey(&self, wallet: &str, hotkey: &str, password: &str) -> Result<Key> {
        check_name("wallet", wallet)?;
        check_name("hotkey", hotkey)?;
        let path = self.hotkey_path(wallet, hotkey);
        if !path.exists() {
            return Err(self.missing(wallet, &format!("hotkey {hotkey:?}"), &path));
        }
        Key::decrypt_keystore(&path, password)
    }

    fn missing(&self, wallet: &str, what: &str, path: &Path) -> Error {
        Error::Wallet(format!(
            "wallet {wallet:?} has no {what} ({} not found; `tao wallet list --wallet-dir {}` shows what there is, `tao wallet new` makes one)",
            path.display(),
            self.root.display()
        ))
    }

    /// Every wallet under the root, by name, with its key files and their addresses (no
    /// password needed). An absent root lists nothing.
    ///
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// assert!(taochain_sdk::WalletDir::new(dir.path()).list()?.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn list(&self) -> Result<Vec<WalletInfo>> {
        let io = |path: &Path| {
            let path = path.to_owned();
            move |source| Error::Io { path, source }
        };
        let mut out = Vec::new();
        let entries = match std::fs::read_dir(&self.root) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
            Err(e) => return Err(io(&self.root)(e)),
        };
        for entry in entries {
            let entry = entry.map_err(io(&self.root))?;
            let Some(name) = entry.file_name().to_str().map(str::to_owned) else { continue };
            if !entry.path().is_dir() || name.starts_with('.') {
                continue;
            }
            let cold = self.coldkey_path(&name);
            let coldkey = cold.exists().then(|| key_info("coldkey", cold));
            let mut hotkeys = Vec::new();
            let hot_dir = self.root.join(&name).join("hotkeys");
            if let Ok(files) = std::fs::read_dir(&hot_dir) {
                for f in files.flatten() {
                    let p = f.path();
                    if let (Some(stem), Some("json")) = (
                        p.file_stem().and_then(|s| s.to_str()),
                        p.extension().and_then(|e| e.to_str()),
                    ) {
                        hotkeys.push(key_info(stem, p.clone()));
                    }
                }
            }
            hotkeys.sort_by(|a, b| a.name.cmp(&b.name));
            out.push(WalletInfo { name, coldkey, hotkeys });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_and_listing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let w = WalletDir::new(dir.path().join("wallets"));
        assert!(w.list().expect("empty").is_empty());
        let made = w.create("alice", "default", "pw").expect("create");
        assert!(dir.path().join("wallets/alice/coldkey.json").is_file());
        assert!(dir.path().join("wallets/alice/hotkeys/default.json").is_file());
        assert_ne!(made.coldkey.address(), made.hotkey.address(), "two keys");
        let again = Key::from_mnemonic(&made.hotkey_mnemonic, 0).expect("phrase");
        assert_eq!(again.address(), made.hotkey.address());
        let list = w.list().expect("list");
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].coldkey.as_ref().and_then(|c| c.address), Some(made.coldkey.address()));
        assert_eq!(list[0].hotkeys[0].id, Some(made.hotkey.id()));
        assert!(matches!(w.coldkey("alice", "bad"), Err(Error::WrongPassword { .. })));
        assert!(matches!(w.hotkey("alice", "other", "pw"), Err(Error::Wallet(_))));
        assert!(matches!(w.coldkey("../x", "pw"), Err(Error::InvalidInput(_))));
        assert!(matches!(w.create("alice", "default", "pw"), Err(Error::Wallet(_))));
    }
}
