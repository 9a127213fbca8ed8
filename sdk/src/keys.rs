//! Keys: secp256k1 EVM keys from raw hex, from BIP-39 mnemonics (Ethereum's path
//! `m/44'/60'/0'/0/<index>`, so MetaMask shows the same address for the same phrase), and in
//! encrypted keystore files in Ethereum's keystore v3 format (the Web3 Secret Storage
//! definition: scrypt, AES-128-CTR, Keccak-256 MAC), readable by geth, Foundry's `cast wallet`
//! and MetaMask's JSON import.
//!
//! Files written here use scrypt with `n = 2^13, r = 8, p = 1` (the `eth-keystore` crate's
//! parameters, geth's "light" strength); any v3 file, scrypt or PBKDF2, is read.

use crate::{AccountId, Error, Result};
use alloy::signers::local::{MnemonicBuilder, PrivateKeySigner, coins_bip39::English};
use alloy_primitives::{Address, B256};
use std::path::Path;

/// Words in a new mnemonic.
pub const MNEMONIC_WORDS: usize = 12;

/// A signing key: an EVM key whose address is the account and whose twin
/// ([`AccountId::of_address`]) is its 32-byte id (coldkey or hotkey).
///
/// ```
/// let key = taochain_sdk::Key::from_hex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")?;
/// assert_eq!(key.address().to_string(), "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
/// # Ok::<(), taochain_sdk::Error>(())
/// ```
#[derive(Clone)]
pub struct Key {
    signer: PrivateKeySigner,
}

impl std::fmt::Debug for Key {
    /// Shows the address only, never the secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Key").field("address", &self.address()).finish()
    }
}

impl Key {
    /// From 32 bytes of hex, with or without `0x`.
    ///
    /// ```
    /// assert!(taochain_sdk::Key::from_hex("0x1234").is_err());
    /// ```
    pub fn from_hex(hex: &str) -> Result<Self> {
        let h = hex.trim();
        let b: B256 = h.parse().map_err(|_| {
            Error::Key(format!(
                "a raw key is 0x and 64 hex digits ({} characters given)",
                h.trim_start_matches("0x").len()
            ))
        })?;
        let signer = PrivateKeySigner::from_bytes(&b)
            .map_err(|e| Error::Key(format!("not a secp256k1 key: {e}")))?;
        Ok(Self { signer })
    }

    /// A new random key.
    ///
    /// ```
    /// let a = taochain_sdk::Key::random();
    /// assert_ne!(a.address(), taochain_sdk::Key::random().address());
    /// ```
    pub fn random() -> Self {
        Self { signer: PrivateKeySigner::random() }
    }

    /// The key at `m/44'/60'/0'/0/<index>` of a BIP-39 phrase (English word list, no
    /// passphrase).
    ///
    /// ```
    /// // The phrase of Hardhat's and anvil's dev accounts.
    /// let phrase = "test test test test test test test test test test test junk";
    /// let key = taochain_sdk::Key::from_mnemonic(phrase, 0)?;
    /// assert_eq!(key.address().to_string(), "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    /// # Ok::<(), taochain_sdk::Error>(())
    /// ```
    pub fn from_mnemonic(phrase: &str, index: u32) -> Result<Self> {
        let normalized = phrase.split_whitespace().collect::<Vec<_>>().join(" ");
        let signer = MnemonicBuilder::<English>::default()
            .phrase(normalized)
            .index(index)
            .and_then(|b| b.build())
            .map_err(|e| Error::Key(format!("bad mnemonic: {e}")))?;
        Ok(Self { signer })
    }

    /// A new 12-word phrase and its first key.
    ///
    /// ```
    /// let (phrase, key) = taochain_sdk::Key::new_mnemonic()?;
    /// assert_eq!(phrase.split(' ').count(), 12);
    /// assert_eq!(taochain_sdk::Key::from_mnemonic(&phrase, 0)?.address(), key.address());
    /// # Ok::<(), taochain_sdk::Error>(())
    /// ```
    pub fn new_mnemonic() -> Result<(String, Self)> {
        let m = alloy::signers::local::coins_bip39::Mnemonic::<English>::new_with_count(
            &mut rand::thread_rng(),
            MNEMONIC_WORDS,
        )
        .map_err(|e| Error::Key(format!("generating a mnemonic: {e}")))?;
        let phrase = m.to_phrase();
        let key = Self::from_mnemonic(&phrase, 0)?;
        Ok((phrase, key))
    }

    /// Reads and decrypts a keystore v3 file.
    ///
    /// ```no_run
    /// let key = taochain_sdk::Key::decrypt_keystore("coldkey.json".as_ref(), "password")?;
    /// # Ok::<(), taochain_sdk::Error>(())
    /// ```
    pub fn decrypt_keystore(path: &Path, password: &str) -> Result<Self> {
        if !path.exists() {
            return Err(Error::Wallet(format!("no key file at {}", path.display())));
        }
        let secret = eth_keystore::decrypt_key(path, password).map_err(|e| match e {
            eth_keystore::KeystoreError::MacMismatch => {
                Error::WrongPassword { path: path.to_owned() }
            }
            other => {
                Error::Key(format!("{}: not a readable keystore v3 file: {other}", path.display()))
            }
        })?;
        let signer = PrivateKeySigner::from_slice(&secret)
            .map_err(|e| Error::Key(format!("{}: {e}", path.display())))?;
        Ok(Self { signer })
    }

    /// Encrypts the key into a keystore v3 file at `path` (which must not exist yet), with
    /// the `address` field geth writes; the file is readable by its owner only on Unix.
    ///
    /// ```no_run
    /// let key = taochain_sdk::Key::random();
    /// key.encrypt_keystore("hotkey.json".as_ref(), "password")?;
    /// # Ok::<(), taochain_sdk::Error>(())
    /// ```
    pub fn encrypt_keystore(&self, path: &Path, password: &str) -> Result<()> {
        if path.exists() {
            return Err(Error::Wallet(format!(
                "{} exists already; not overwriting it",
                path.display()
            )));
        }
        let io = |source| Error::Io { path: path.to_owned(), source };
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(io)?;
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| Error::Wallet(format!("{} is not a file path", path.display())))?;
        let secret = self.signer.to_bytes();
        eth_keystore::encrypt_key(
            dir,
            &mut rand::thread_rng(),
            secret.as_slice(),
            password,
            Some(name),
        )
        .map_err(|e| Error::Key(format!("writing {}: {e}", path.display())))?;
        // Add geth's `address` field (lowercase hex, no 0x) so tools can list the file
        // without the password.
        let text = std::fs::read_to_string(path).map_err(io)?;
        let mut json: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| Error::Key(format!("{}: {e}", path.display())))?;
        json["address"] = serde_json::Value::String(alloy_primitives::hex::encode(self.address()));
        std::fs::write(path, json.to_string()).map_err(io)?;
        restrict_permissions(path)
    }

    /// The EVM address.
    ///
    /// ```
    /// let key = taochain_sdk::Key::random();
    /// assert_eq!(taochain_sdk::AccountId::of_address(key.address()), key.id());
    /// ```
    pub fn address(&self) -> Address {
        self.signer.address()
    }

    /// The 32-byte id (the address's twin): the coldkey or hotkey this key acts as.
    ///
    /// ```
    /// let key = taochain_sdk::Key::random();
    /// assert_eq!(key.id().to_hex().len(), 66);
    /// ```
    pub fn id(&self) -> AccountId {
        AccountId::of_address(self.address())
    }

    /// The raw secret as `0x` hex (handle with care).
    ///
    /// ```
    /// let key = taochain_sdk::Key::random();
    /// assert_eq!(taochain_sdk::Key::from_hex(&key.secret_hex())?.address(), key.address());
    /// # Ok::<(), taochain_sdk::Error>(())
    /// ```
    pub fn secret_hex(&self) -> String {
        format!("{:#x}", self.signer.to_bytes())
    }

    /// The alloy signer.
    ///
    /// ```
    /// let key = taochain_sdk::Key::random();
    /// assert_eq!(key.signer().address(), key.address());
    /// ```
    pub fn signer(&self) -> &PrivateKeySigner {
        &self.signer
    }
}

/// The address a keystore file declares (its `address` field), read without the password.
///
/// ```no_run
/// let a = taochain_sdk::keys::keystore_address("coldkey.json".as_ref())?;
/// # Ok::<(), taochain_sdk::Error>(())
/// ```
pub fn keystore_address(path: &Path) -> Result<Option<Address>> {
    let text = std::fs::read_to_string(path)
        .map_err(|source| Error::Io { path: path.to_owned(), source })?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| Error::Key(format!("{}: {e}", path.display())))?;
    Ok(json["address"].as_str().and_then(|a| a.trim_start_matches("0x").parse().ok()))
}

#[cfg(unix)]
fn restrict_permissions(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
        .map_err(|source| Error::Io { path: path.to_owned(), source })
}

#[cfg(not(unix))]
fn restrict_permissions(_: &Path) -> Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keystore_round_trip_and_wrong_password() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("k.json");
        let key = Key::random();
        key.encrypt_keystore(&path, "pw").expect("encrypt");
        assert_eq!(keystore_address(&path).expect("read"), Some(key.address()));
        let back = Key::decrypt_keystore(&path, "pw").expect("decrypt");
        assert_eq!(back.secret_hex(), key.secret_hex());
        assert!(matches!(Key::decrypt_keystore(&path, "nope"), Err(Error::WrongPassword { .. })));
        assert!(matches!(key.encrypt_keystore(&path, "pw"), Err(Error::Wallet(_))), "no overwrite");
        let text = std::fs::read_to_string(&path).expect("file");
        let json: serde_json::Value = serde_json::from_str(&text).expect("json");
        assert_eq!(json["version"], 3);
        assert_eq!(json["crypto"]["cipher"], "aes-128-ctr");
        assert_eq!(json["crypto"]["kdf"], "scrypt");
    }

    /// The PBKDF2 test vector of the Web3 Secret Storage Definition (password
    /// `testpassword`). Checked outside Rust too: Python's `hashlib.pbkdf2_hmac` gives the
    /// spec's derived key `f06d69cd…8551`, AES-128-CTR (`cryptography`) turns the ciphertext into
    /// the key below, and Keccak-256 (`pycryptodome`) of `dk[16..32] ‖ ciphertext` is the MAC.
    /// Its scrypt vector (`n = 2^18, r = 1`) breaks RFC 7914's bound
    /// `n < 2^(16 r)`, which the `scrypt` crate enforces, so it cannot be used here; files
    /// written by geth, Foundry and this crate use `r = 8`.
    #[test]
    fn decrypts_the_web3_secret_storage_pbkdf2_vector() {
        let vector = r#"{
            "crypto": {
                "cipher": "aes-128-ctr",
                "cipherparams": {"iv": "6087dab2f9fdbbfaddc31a909735c1e6"},
                "ciphertext": "5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46",
                "kdf": "pbkdf2",
                "kdfparams": {
                    "c": 262144, "dklen": 32, "prf": "hmac-sha256",
                    "salt": "ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd"
                },
                "mac": "517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2"
            },
            "id": "3198bc9c-6672-5ab3-d995-4942343ae5b6",
            "version": 3
        }"#;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("vector.json");
        std::fs::write(&path, vector).expect("write");
        let key = Key::decrypt_keystore(&path, "testpassword").expect("decrypt");
        assert_eq!(
            key.secret_hex(),
            "0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d"
        );
        assert!(matches!(
            Key::decrypt_keystore(&path, "testpasswordx"),
            Err(Error::WrongPassword { .. })
        ));
    }

    #[test]
    fn mnemonics_and_hex_keys() {
        let phrase = "test test test test test test test test test test test junk";
        let k1 = Key::from_mnemonic(phrase, 1).expect("mnemonic");
        assert_eq!(k1.address().to_string(), "0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
        assert!(matches!(Key::from_mnemonic("not a phrase", 0), Err(Error::Key(_))));
        assert!(matches!(Key::from_hex("0x00"), Err(Error::Key(_))));
        let zero = format!("0x{}", "00".repeat(32));
        assert!(matches!(Key::from_hex(&zero), Err(Error::Key(_))), "zero is no key");
        assert!(!format!("{k1:?}").contains(&k1.secret_hex()[2..]), "Debug hides the secret");
    }
}
