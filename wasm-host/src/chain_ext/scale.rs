//! The SCALE subset the chain extension speaks: fixed-width little-endian integers, `bool`,
//! 32-byte account ids, `Option<T>` (a 0/1 tag byte) and compact integers (for `StakeInfo`).
//!
//! Decoding follows `parity-scale-codec`'s `Decode` as the real chain's extension uses it
//! (pallet-contracts' `read_as`): a short buffer, or a `bool` / `Option` tag byte other than 0
//! or 1, fails; bytes after the last argument are ignored, as `read_as` ignores them.

use crate::AccountId32;

/// Why an argument buffer did not decode.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScaleError {
    /// The input ended before `what` was complete.
    #[error("input too short: {what} needs {need} more bytes, {left} left")]
    Short {
        /// What was being read.
        what: &'static str,
        /// Bytes it needs.
        need: usize,
        /// Bytes left.
        left: usize,
    },
    /// A `bool` byte other than 0 or 1.
    #[error("invalid bool byte {0}")]
    InvalidBool(u8),
    /// An `Option` tag other than 0 or 1.
    #[error("invalid option tag {0}")]
    InvalidOption(u8),
}

/// Reads SCALE values from the front of a buffer.
#[derive(Debug)]
pub struct Decoder<'a> {
    rest: &'a [u8],
}

impl<'a> Decoder<'a> {
    /// A decoder over `input`.
    pub fn new(input: &'a [u8]) -> Self {
        Self { rest: input }
    }

    fn take<const N: usize>(&mut self, what: &'static str) -> Result<[u8; N], ScaleError> {
        let Some((head, tail)) = self.rest.split_first_chunk::<N>() else {
            return Err(ScaleError::Short { what, need: N, left: self.rest.len() });
        };
        self.rest = tail;
        Ok(*head)
    }

    /// A `u16`, little-endian.
    pub fn u16(&mut self) -> Result<u16, ScaleError> {
        self.take::<2>("u16").map(u16::from_le_bytes)
    }

    /// A `u64`, little-endian.
    pub fn u64(&mut self) -> Result<u64, ScaleError> {
        self.take::<8>("u64").map(u64::from_le_bytes)
    }

    /// A `bool` (0 or 1).
    pub fn bool(&mut self) -> Result<bool, ScaleError> {
        match self.take::<1>("bool")? {
            [0] => Ok(false),
            [1] => Ok(true),
            [b] => Err(ScaleError::InvalidBool(b)),
        }
    }

    /// A 32-byte account id.
    pub fn account(&mut self) -> Result<AccountId32, ScaleError> {
        self.take::<32>("AccountId").map(AccountId32)
    }

    /// An `Option<u64>`.
    pub fn option_u64(&mut self) -> Result<Option<u64>, ScaleError> {
        match self.take::<1>("Option tag")? {
            [0] => Ok(None),
            [1] => self.u64().map(Some),
            [t] => Err(ScaleError::InvalidOption(t)),
        }
    }
}

/// Appends SCALE values to a buffer.
#[derive(Debug, Default)]
pub struct Encoder {
    out: Vec<u8>,
}

impl Encoder {
    /// An empty buffer.
    pub fn new() -> Self {
        Self::default()
    }

    /// A `u16`, little-endian.
    pub fn u16(mut self, v: u16) -> Self {
        self.out.extend_from_slice(&v.to_le_bytes());
        self
    }

    /// A `u64`, little-endian.
    pub fn u64(mut self, v: u64) -> Self {
        self.out.extend_from_slice(&v.to_le_bytes());
        self
    }

    /// A `u128`, little-endian.
    pub fn u128(mut self, v: u128) -> Self {
        self.out.extend_from_slice(&v.to_le_bytes());
        self
    }

    /// A `bool`.
    pub fn bool(mut self, v: bool) -> Self {
        self.out.push(u8::from(v));
        self
    }

    /// A 32-byte account id.
    pub fn account(mut self, v: &AccountId32) -> Self {
        self.out.extend_from_slice(&v.0);
        self
    }

    /// A raw byte (an `Option` tag).
    pub fn byte(mut self, v: u8) -> Self {
        self.out.push(v);
        self
    }

    /// A `Compact<u64>` (also `Compact<u16>`: the encoding depends only on the value).
    pub fn compact(mut self, v: u64) -> Self {
        // Single byte: 0..2^6; two bytes: ..2^14; four bytes: ..2^30; else big-integer mode
        // with the byte count in the upper six bits of the first byte.
        if v < 1 << 6 {
            self.out.push((v as u8) << 2);
        } else if v < 1 << 14 {
            self.out.extend_from_slice(&(((v as u16) << 2) | 0b01).to_le_bytes());
        } else if v < 1 << 30 {
            self.out.extend_from_slice(&(((v as u32) << 2) | 0b10).to_le_bytes());
        } else {
            let bytes = v.to_le_bytes();
            let len = bytes.iter().rposition(|b| *b != 0).map_or(1, |i| i + 1).max(4);
            self.out.push((((len - 4) as u8) << 2) | 0b11);
            self.out.extend(bytes.iter().take(len));
        }
        self
    }

    /// The encoded bytes.
    pub fn finish(self) -> Vec<u8> {
        self.out
    }
}
