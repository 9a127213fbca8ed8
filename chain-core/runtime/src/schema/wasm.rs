//! Items of ink! contracts run by the wasm host (ids 1000-1099, far from the other groups so
//! that neither can grow into the other). The wasm host's `NativeWasmState` is the only user.

use super::Key;

/// Code stored under a code hash: a length word (`len + 1`, 0 = no code) at the item's slot
/// and the bytes in 32-byte chunks at [`Key::chunk`].
pub const WASM_CODE: u16 = 1000;
/// The code hash of the contract at a 32-byte account (0 = no contract).
pub const WASM_CONTRACT_CODE: u16 = 1001;
/// The storage trie id of the contract at a 32-byte account (u64, from 1).
pub const WASM_CONTRACT_TRIE: u16 = 1002;
/// The last trie id handed out (u64): every instantiation takes the next one, so storage of a
/// terminated contract stays unreachable when a contract is instantiated there again.
pub const WASM_TRIE_NONCE: u16 = 1003;
/// A storage value of a contract, keyed by (trie id, the pallet's storage key): a length word
/// (`len + 1`, 0 = absent) and 32-byte chunks, as [`WASM_CODE`].
pub const WASM_STORAGE: u16 = 1004;

/// Key of [`WASM_CODE`].
pub fn wasm_code(hash: &[u8; 32]) -> Key {
    Key::new(WASM_CODE, &[hash])
}
/// Key of [`WASM_CONTRACT_CODE`].
pub fn wasm_contract_code(account: &[u8; 32]) -> Key {
    Key::new(WASM_CONTRACT_CODE, &[account])
}
/// Key of [`WASM_CONTRACT_TRIE`].
pub fn wasm_contract_trie(account: &[u8; 32]) -> Key {
    Key::new(WASM_CONTRACT_TRIE, &[account])
}
/// Key of [`WASM_TRIE_NONCE`].
pub fn wasm_trie_nonce() -> Key {
    Key::new(WASM_TRIE_NONCE, &[])
}
/// Key of [`WASM_STORAGE`]; `key` is at most 144 bytes (`blake2_128(k) ‖ k` of a 128-byte key).
pub fn wasm_storage(trie: u64, key: &[u8]) -> Key {
    Key::new(WASM_STORAGE, &[&trie.to_be_bytes(), key])
}
/// The account of the ink! pool contract (the `ink` pool engine), a 32-byte account stored as
/// one word; 0 = none (see `pool_engine::ink`).
pub const WASM_POOLS: u16 = 1005;
