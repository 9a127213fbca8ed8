//! Blocks: Ethereum-shaped headers (so every client parses them), bodies of signed
//! transactions with their recovered senders, and the receipts the store keeps.

use alloy::consensus::{
    Eip658Value, Receipt, ReceiptEnvelope, ReceiptWithBloom, TxEnvelope, TxType,
    proofs::{calculate_receipt_root, calculate_transaction_root},
};
use alloy::eips::eip2718::{Decodable2718, Encodable2718};
use alloy_primitives::{Address, B256, Bloom, Bytes, Log};
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
    let items: Vec<BodyItem> = txs
        .iter()
        .map(|t| BodyItem { sender: t.sender, raw: t.tx.encoded_2718().into() })
        .collect();
    let mut out = Vec::new();
    alloy_rlp::encode_list(&items, &mut out);
    out
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
    let envs: Vec<&TxEnvelope> = txs.iter().map(|t| &t.tx).collect();
    calculate_transaction_root(&envs)
}

/// The Ethereum receipts root and the block's logs bloom.
pub fn receipts_root_and_bloom(receipts: &[StoredReceipt]) -> (B256, Bloom) {
    let envs: Vec<ReceiptEnvelope> = receipts.iter().map(|r| r.envelope()).collect();
    let mut bloom = Bloom::ZERO;
    for e in &envs {
        bloom |= *e.logs_bloom();
    }
    (calculate_receipt_root(&envs), bloom)
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
    fn garbage_body_is_an_error_not_a_panic() {
        assert!(decode_body(&[0xff, 0x00, 0x12]).is_err());
        assert!(decode_receipts(&[0xc3, 0x01]).is_err());
    }
}
