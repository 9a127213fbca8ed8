//! Blocks: Ethereum-shaped headers (so every client parses them), bodies of signed
//! transactions with their recovered senders, and the receipts the store keeps.

use alloy::consensus::{
    Eip658Value, Receipt, ReceiptEnvelope, ReceiptWithBloom, TxEnvelope, TxType,
    constants::EMPTY_ROOT_HASH,
};
use alloy::eips::eip2718::{Decodable2718, Encodable2718};
use alloy::trie::{HashBuilder, Nibbles, root::adjust_index_for_rlp};
use alloy_primitives::map::HashMap;
use alloy_primitives::{Address, B256, Bloom, BloomInput, Bytes, Log, keccak256};
use alloy_rlp::{Decodable, Encodable, RlpDecodable, RlpEncodable};

pub use alloy::consensus::Header;

/// A header with its hash (keccak256 of its RLP, seal included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedHeader {
    /// The header.
    pub header: Header,
    /// Its hash.
    pub hash: B256,
}

impl SealedHeader {
    /// Hash a header.
    pub fn new(header: Header) -> Self {
        let hash = header.hash_slow();
        Self { header, hash }
    }
    /// Block number.
    pub fn number(&self) -> u64 {
        self.header.number
    }
}

/// A signed transaction with its sender, recovered once at pool admission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecoveredTx {
    /// The signed transaction.
    pub tx: TxEnvelope,
    /// The recovered signer.
    pub sender: Address,
    /// The transaction hash.
    pub hash: B256,
}

/// A block: header and transactions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Header and hash.
    pub header: SealedHeader,
    /// Transactions in order.
    pub txs: Vec<RecoveredTx>,
}

/// What the store keeps for each transaction's outcome.
#[derive(Debug, Clone, PartialEq, Eq, RlpEncodable, RlpDecodable)]
pub struct StoredReceipt {
    /// EIP-2718 type byte.
    pub tx_type: u8,
    /// Execution succeeded.
    pub success: bool,
    /// Gas used by this and all earlier transactions of the block.
    pub cumulative_gas_used: u64,
    /// Gas used by this transaction.
    pub gas_used: u64,
    /// Price per gas actually paid, in wei.
    pub effective_gas_price: u128,
    /// Sender.
    pub from: Address,
    /// Recipient; empty for contract creation.
    pub to: Bytes,
    /// Created contract; empty unless a successful creation.
    pub contract_address: Bytes,
    /// Emitted logs.
    pub logs: Vec<Log>,
}

impl StoredReceipt {
    /// The recipient, if not a creation.
    pub fn to_address(&self) -> Option<Address> {
        (self.to.len() == 20).then(|| Address::from_slice(&self.to))
    }
    /// The created contract, if any.
    pub fn created(&self) -> Option<Address> {
        (self.contract_address.len() == 20).then(|| Address::from_slice(&self.contract_address))
    }
    /// The logs bloom of this receipt.
    pub fn bloom(&self) -> Bloom {
        let mut b = Bloom::ZERO;
        for l in &self.logs {
            b.accrue_log(l);
        }
        b
    }
    /// The EIP-2718 encoding of the consensus receipt with `bloom` (which must be
    /// [`StoredReceipt::bloom`]): the bytes the receipts root commits to. Same bytes as
    /// `self.envelope().encoded_2718()`, without copying the logs.
    pub fn encode_2718_with_bloom(&self, bloom: &Bloom, out: &mut Vec<u8>) {
        let status = Eip658Value::Eip658(self.success);
        let payload_length = status
            .length()
            .saturating_add(self.cumulative_gas_used.length())
            .saturating_add(bloom.length())
            .saturating_add(self.logs.length());
        let ty = TxType::try_from(self.tx_type).unwrap_or(TxType::Legacy);
        if ty != TxType::Legacy {
            out.push(ty as u8);
        }
        alloy_rlp::Header { list: true, payload_length }.encode(out);
        status.encode(out);
        self.cumulative_gas_used.encode(out);
        bloom.encode(out);
        self.logs.encode(out);
    }

    /// The consensus (EIP-2718) receipt, used for the receipts root.
    pub fn envelope(&self) -> ReceiptEnvelope {
        let r = ReceiptWithBloom {
            receipt: Receipt {
                status: Eip658Value::Eip658(self.success),
                cumulative_gas_used: self.cumulative_gas_used,
                logs: self.logs.clone(),
            },
            logs_bloom: self.bloom(),
        };
        match TxType::try_from(self.tx_type).unwrap_or(TxType::Legacy) {
            TxType::Legacy => ReceiptEnvelope::Legacy(r),
            TxType::Eip2930 => ReceiptEnvelope::Eip2930(r),
            TxType::Eip1559 => ReceiptEnvelope::Eip1559(r),
            TxType::Eip4844 => ReceiptEnvelope::Eip4844(r),
            TxType::Eip7702 => ReceiptEnvelope::Eip7702(r),
        }
    }
}

/// Computes receipt blooms like [`StoredReceipt::bloom`], remembering the keccak hash of every
/// log address and topic it has seen: the logs of a block repeat the same contracts, event
/// signatures and accounts, and hashing them is most of the cost of a bloom.
#[derive(Debug, Default)]
pub struct BloomCache {
    addresses: HashMap<Address, B256>,
    topics: HashMap<B256, B256>,
}

impl BloomCache {
    /// Entries kept per kind before the cache is emptied.
    const MAX: usize = 1 << 14;

    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The bloom of `r` (equal to `r.bloom()`).
    pub fn bloom(&mut self, r: &StoredReceipt) -> Bloom {
        let mut b = Bloom::ZERO;
        for l in &r.logs {
            if self.addresses.len() >= Self::MAX {
                self.addresses.clear();
            }
            let h = *self.addresses.entry(l.address).or_insert_with(|| keccak256(l.address));
            b.accrue(BloomInput::Hash(h));
            for t in l.topics() {
                if self.topics.len() >= Self::MAX {
                    self.topics.clear();
                }
                let h = *self.topics.entry(*t).or_insert_with(|| keccak256(t));
                b.accrue(BloomInput::Hash(h));
            }
        }
        b
    }
}

/// Errors decoding stored block data.
#[derive(Debug, thiserror::Error)]
pub enum CodecError {
    /// RLP could not be decoded.
    #[error("rlp: {0}")]
    Rlp(#[from] alloy_rlp::Error),
    /// An EIP-2718 envelope could not be decoded.
    #[error("eip-2718: {0}")]
    Eip2718(#[from] alloy::eips::eip2718::Eip2718Error),
}

/// Encode a header (RLP).
pub fn encode_header(h: &Header) -> Vec<u8> {
    let mut out = Vec::with_capacity(600);
    h.encode(&mut out);
    out
}

/// Decode a header.
pub fn decode_header(mut b: &[u8]) -> Result<Header, CodecError> {
    Ok(Header::decode(&mut b)?)
}

#[derive(RlpEncodable, RlpDecodable)]
struct BodyItem {
    sender: Address,
    raw: Bytes,
}

/// Encode a block body: RLP list of (sender, EIP-2718 bytes).
pub fn encode_body(txs: &[RecoveredTx]) -> Vec<u8> {
    let mut body = ListEncoder::with_capacity(txs.len().saturating_mul(256));
    let mut raw = Vec::new();
    for t in txs {
        raw.clear();
        t.tx.encode_2718(&mut raw);
        body.push_body_item(t.sender, &raw);
    }
    body.finish().into_vec()
}

/// Builds an RLP list one item at a time (block bodies and receipt lists, as stored), so that
/// the encoding can be produced while a block is still being executed. Room for the list header
/// is kept in front of the items, so finishing copies nothing.
#[derive(Debug)]
pub struct ListEncoder {
    payload: Vec<u8>,
}

/// Longest RLP list header (1 + 8 length bytes).
const MAX_LIST_HEADER: usize = 9;

impl Default for ListEncoder {
    fn default() -> Self {
        Self::with_capacity(0)
    }
}

/// A finished [`ListEncoder`]: the RLP list is `&bytes[start..]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedList {
    bytes: Vec<u8>,
    start: usize,
}

impl EncodedList {
    /// The encoding.
    pub fn as_slice(&self) -> &[u8] {
        // start ≤ MAX_LIST_HEADER ≤ bytes.len() (see `ListEncoder::finish`).
        self.bytes.get(self.start..).unwrap_or_default()
    }

    /// The encoding, as its own vector (copies unless there was nothing in front).
    pub fn into_vec(mut self) -> Vec<u8> {
        self.bytes.drain(..self.start);
        self.bytes
    }
}

impl std::ops::Deref for EncodedList {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl ListEncoder {
    /// An empty list with room for `bytes` of payload.
    pub fn with_capacity(bytes: usize) -> Self {
        let mut payload = Vec::with_capacity(bytes.saturating_add(MAX_LIST_HEADER));
        payload.resize(MAX_LIST_HEADER, 0);
        Self { payload }
    }

    /// Append a body item: the sender and the transaction's EIP-2718 bytes (same encoding as
    /// [`encode_body`]).
    pub fn push_body_item(&mut self, sender: Address, raw: &[u8]) {
        alloy_rlp::Header {
            list: true,
            payload_length: sender.length().saturating_add(raw.length()),
        }
        .encode(&mut self.payload);
        sender.encode(&mut self.payload);
        raw.encode(&mut self.payload);
    }

    /// Append any RLP-encodable item (a [`StoredReceipt`] for the stored receipt list).
    pub fn push<T: Encodable>(&mut self, item: &T) {
        item.encode(&mut self.payload);
    }

    /// The encoded list.
    pub fn finish(mut self) -> EncodedList {
        // The payload starts with MAX_LIST_HEADER reserved bytes; the header is written at
        // the end of that space, right before the items.
        let payload_length = self.payload.len().saturating_sub(MAX_LIST_HEADER);
        let mut header = Vec::with_capacity(MAX_LIST_HEADER);
        alloy_rlp::Header { list: true, payload_length }.encode(&mut header);
        let start = MAX_LIST_HEADER.saturating_sub(header.len());
        if let Some(space) = self.payload.get_mut(start..MAX_LIST_HEADER) {
            space.copy_from_slice(&header);
        }
        EncodedList { bytes: self.payload, start }
    }
}

/// An ordered Merkle-Patricia root (keys `rlp(index)`, as in the transactions and receipts
/// roots) built from items supplied one at a time in index order. The result equals alloy's
/// `ordered_trie_root_with_encoder`, but the hashing happens as items arrive instead of at the
/// end (the first 128 items are held back: `rlp(0)` sorts after `rlp(1..=127)`).
#[derive(Debug, Default)]
pub struct OrderedRootBuilder {
    hb: HashBuilder,
    head: Vec<Vec<u8>>,
    len: usize,
}

fn ordered_key(index: usize) -> Nibbles {
    Nibbles::unpack(alloy_rlp::encode_fixed_size(&index))
}

impl OrderedRootBuilder {
    /// Items held back until the order of the first keys is known.
    const HEAD: usize = 0x80;

    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Items added so far.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True if no item was added.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Add the next item (its encoding).
    pub fn push(&mut self, item: &[u8]) {
        let i = self.len;
        self.len = self.len.saturating_add(1);
        if i < Self::HEAD {
            self.head.push(item.to_vec());
            return;
        }
        if i == Self::HEAD {
            // More than HEAD items: the first ones go in their final (length-independent) order.
            self.flush_head(usize::MAX);
        }
        self.hb.add_leaf(ordered_key(i), item);
    }

    fn flush_head(&mut self, len: usize) {
        let head = std::mem::take(&mut self.head);
        for j in 0..head.len() {
            let index = adjust_index_for_rlp(j, len);
            if let Some(item) = head.get(index) {
                self.hb.add_leaf(ordered_key(index), item);
            }
        }
    }

    /// The root.
    pub fn root(mut self) -> B256 {
        if self.len == 0 {
            return EMPTY_ROOT_HASH;
        }
        if self.len <= Self::HEAD {
            self.flush_head(self.len);
        }
        self.hb.root()
    }
}

/// Decode a block body.
pub fn decode_body(mut b: &[u8]) -> Result<Vec<RecoveredTx>, CodecError> {
    let items = Vec::<BodyItem>::decode(&mut b)?;
    items
        .into_iter()
        .map(|i| {
            let tx = TxEnvelope::decode_2718(&mut i.raw.as_ref())?;
            let hash = *tx.tx_hash();
            Ok(RecoveredTx { tx, sender: i.sender, hash })
        })
        .collect()
}

/// The payload of the RLP list `b`.
fn list_payload(mut b: &[u8]) -> Result<&[u8], CodecError> {
    let h = alloy_rlp::Header::decode(&mut b)?;
    if !h.list {
        return Err(alloy_rlp::Error::UnexpectedString.into());
    }
    b.get(..h.payload_length).ok_or(CodecError::Rlp(alloy_rlp::Error::InputTooShort))
}

/// Split the next RLP item (header and payload) off the front of `b`, without decoding it.
fn next_item<'a>(b: &mut &'a [u8]) -> Result<&'a [u8], CodecError> {
    let start = *b;
    let h = alloy_rlp::Header::decode(b)?;
    let rest = b.get(h.payload_length..).ok_or(alloy_rlp::Error::InputTooShort)?;
    *b = rest;
    Ok(start.get(..start.len().saturating_sub(rest.len())).unwrap_or_default())
}

/// Transaction `index` of an encoded block body ([`encode_body`]), decoding only that one.
pub fn decode_body_item(b: &[u8], index: usize) -> Result<Option<RecoveredTx>, CodecError> {
    let mut items = list_payload(b)?;
    let mut i = 0;
    while !items.is_empty() {
        let item = next_item(&mut items)?;
        if i == index {
            let it = BodyItem::decode(&mut &item[..])?;
            let tx = TxEnvelope::decode_2718(&mut it.raw.as_ref())?;
            let hash = *tx.tx_hash();
            return Ok(Some(RecoveredTx { tx, sender: it.sender, hash }));
        }
        i = i.saturating_add(1);
    }
    Ok(None)
}

/// Receipt `index` of an encoded receipt list ([`encode_receipts`]), with the number of logs
/// of the receipts before it (the block-wide index of its first log). Only that receipt is
/// decoded; the earlier ones are skipped over.
pub fn decode_receipt_item(
    b: &[u8],
    index: usize,
) -> Result<Option<(StoredReceipt, u64)>, CodecError> {
    /// Fields of a [`StoredReceipt`] before its logs.
    const FIELDS_BEFORE_LOGS: usize = 8;
    let mut items = list_payload(b)?;
    let mut logs_before = 0u64;
    let mut i = 0;
    while !items.is_empty() {
        let item = next_item(&mut items)?;
        if i == index {
            return Ok(Some((StoredReceipt::decode(&mut &item[..])?, logs_before)));
        }
        let mut fields = list_payload(item)?;
        for _ in 0..FIELDS_BEFORE_LOGS {
            next_item(&mut fields)?;
        }
        let mut logs = list_payload(next_item(&mut fields)?)?;
        while !logs.is_empty() {
            next_item(&mut logs)?;
            logs_before = logs_before.saturating_add(1);
        }
        i = i.saturating_add(1);
    }
    Ok(None)
}

/// Encode a block's receipts.
pub fn encode_receipts(r: &[StoredReceipt]) -> Vec<u8> {
    let mut out = Vec::new();
    alloy_rlp::encode_list(r, &mut out);
    out
}

/// Decode a block's receipts.
pub fn decode_receipts(mut b: &[u8]) -> Result<Vec<StoredReceipt>, CodecError> {
    Ok(Vec::<StoredReceipt>::decode(&mut b)?)
}

/// The Ethereum transactions root (ordered Merkle-Patricia trie of EIP-2718 encodings).
pub fn transactions_root(txs: &[RecoveredTx]) -> B256 {
    let mut root = OrderedRootBuilder::new();
    let mut buf = Vec::new();
    for t in txs {
        buf.clear();
        t.tx.encode_2718(&mut buf);
        root.push(&buf);
    }
    root.root()
}

/// The Ethereum receipts root and the block's logs bloom.
pub fn receipts_root_and_bloom(receipts: &[StoredReceipt]) -> (B256, Bloom) {
    let mut root = OrderedRootBuilder::new();
    let mut bloom = Bloom::ZERO;
    let mut buf = Vec::new();
    for r in receipts {
        let b = r.bloom();
        bloom |= b;
        buf.clear();
        r.encode_2718_with_bloom(&b, &mut buf);
        root.push(&buf);
    }
    (root.root(), bloom)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::{LogData, U256};

    fn receipt() -> StoredReceipt {
        StoredReceipt {
            tx_type: 2,
            success: true,
            cumulative_gas_used: 50_000,
            gas_used: 21_000,
            effective_gas_price: 1_000_000_000,
            from: Address::repeat_byte(1),
            to: Address::repeat_byte(2).to_vec().into(),
            contract_address: Bytes::new(),
            logs: vec![Log {
                address: Address::repeat_byte(3),
                data: LogData::new_unchecked(vec![B256::repeat_byte(4)], Bytes::from_static(b"x")),
            }],
        }
    }

    #[test]
    fn receipts_round_trip_and_bloom_is_set() {
        let r = vec![receipt(), receipt()];
        assert_eq!(decode_receipts(&encode_receipts(&r)).unwrap(), r);
        let (root, bloom) = receipts_root_and_bloom(&r);
        assert_ne!(bloom, Bloom::ZERO);
        assert_ne!(root, alloy::consensus::constants::EMPTY_RECEIPTS);
        assert_eq!(r[0].to_address(), Some(Address::repeat_byte(2)));
        assert_eq!(r[0].created(), None);
        let _ = U256::ZERO;
    }

    #[test]
    fn streamed_roots_and_encodings_match_alloy() {
        use alloy::consensus::proofs::{calculate_receipt_root, calculate_transaction_root};
        use alloy::consensus::{SignableTransaction, TxEip1559, TxLegacy};
        use alloy::signers::{SignerSync, local::PrivateKeySigner};
        let signer = PrivateKeySigner::from_bytes(&B256::repeat_byte(7)).unwrap();
        let tx = |i: u64| -> RecoveredTx {
            let env: TxEnvelope = if i.is_multiple_of(3) {
                let t = TxLegacy {
                    chain_id: Some(1),
                    nonce: i,
                    gas_limit: 21_000,
                    ..Default::default()
                };
                let sig = signer.sign_hash_sync(&t.signature_hash()).unwrap();
                t.into_signed(sig).into()
            } else {
                let t = TxEip1559 {
                    chain_id: 1,
                    nonce: i,
                    gas_limit: 50_000,
                    input: Bytes::from(vec![i as u8; (i % 5) as usize]),
                    ..Default::default()
                };
                let sig = signer.sign_hash_sync(&t.signature_hash()).unwrap();
                t.into_signed(sig).into()
            };
            RecoveredTx { hash: *env.tx_hash(), tx: env, sender: signer.address() }
        };
        for n in [0usize, 1, 2, 3, 127, 128, 129, 130, 255, 256, 300] {
            let txs: Vec<RecoveredTx> = (0..n as u64).map(tx).collect();
            let envs: Vec<&TxEnvelope> = txs.iter().map(|t| &t.tx).collect();
            assert_eq!(transactions_root(&txs), calculate_transaction_root(&envs), "n={n}");
            let items: Vec<BodyItem> = txs
                .iter()
                .map(|t| BodyItem { sender: t.sender, raw: t.tx.encoded_2718().into() })
                .collect();
            let mut old = Vec::new();
            alloy_rlp::encode_list(&items, &mut old);
            assert_eq!(encode_body(&txs), old, "n={n}");
            assert_eq!(decode_body(&old).unwrap(), txs);
            for (i, t) in txs.iter().enumerate().step_by(37) {
                assert_eq!(decode_body_item(&old, i).unwrap().as_ref(), Some(t));
            }
            assert_eq!(decode_body_item(&old, n).unwrap(), None);

            let receipts: Vec<StoredReceipt> = (0..n)
                .map(|i| {
                    let mut r = receipt();
                    r.tx_type = (i % 3) as u8;
                    r.success = i % 4 != 1;
                    r.cumulative_gas_used = 21_000 * (i as u64 + 1);
                    if i % 2 == 0 {
                        r.logs.clear();
                    }
                    r
                })
                .collect();
            let envs: Vec<ReceiptEnvelope> = receipts.iter().map(|r| r.envelope()).collect();
            let mut bloom = Bloom::ZERO;
            let mut cache = BloomCache::new();
            for (e, r) in envs.iter().zip(&receipts) {
                bloom |= *e.logs_bloom();
                assert_eq!(cache.bloom(r), *e.logs_bloom());
                let mut buf = Vec::new();
                r.encode_2718_with_bloom(&r.bloom(), &mut buf);
                assert_eq!(buf, e.encoded_2718());
            }
            assert_eq!(receipts_root_and_bloom(&receipts), (calculate_receipt_root(&envs), bloom));
            let mut list = ListEncoder::default();
            for r in &receipts {
                list.push(r);
            }
            assert_eq!(list.finish().as_slice(), encode_receipts(&receipts), "n={n}");
        }
    }

    #[test]
    fn single_items_decode_like_the_whole_list() {
        let mut rs = vec![receipt(), receipt(), receipt()];
        rs[1].logs.clear();
        let first = rs[2].logs[0].clone();
        rs[2].logs.push(first);
        let enc = encode_receipts(&rs);
        let mut logs = 0u64;
        for (i, r) in rs.iter().enumerate() {
            assert_eq!(decode_receipt_item(&enc, i).unwrap(), Some((r.clone(), logs)));
            logs += r.logs.len() as u64;
        }
        assert_eq!(decode_receipt_item(&enc, 3).unwrap(), None);
        assert!(decode_receipt_item(&enc[..enc.len() - 1], 2).is_err());
        assert!(decode_body_item(&[0xff, 0x00, 0x12], 0).is_err());
        assert_eq!(decode_body_item(&encode_body(&[]), 0).unwrap(), None);
    }

    #[test]
    fn garbage_body_is_an_error_not_a_panic() {
        assert!(decode_body(&[0xff, 0x00, 0x12]).is_err());
        assert!(decode_receipts(&[0xc3, 0x01]).is_err());
    }
}
