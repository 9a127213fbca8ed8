//! [`Shares`]: an exact count of a share token's base units (delegation-vault shares and
//! wrapped-alpha tokens both have 15 decimals: alpha's 9 plus the 10^6 virtual-share offset).

use crate::AmountError;
use alloy_primitives::U256;
use std::fmt;
use std::str::FromStr;

/// Decimals of the vault and wrapped-alpha share tokens.
pub const SHARE_DECIMALS: usize = 15;

/// A share-token amount in base units (10^-15 of a whole share). Parsed from a decimal with at
/// most 15 decimals and printed exactly, trailing zeros trimmed; nothing is ever rounded.
///
/// ```
/// use taochain_sdk::Shares;
/// let s: Shares = "1.5".parse()?;
/// assert_eq!(s.0, alloy_primitives::U256::from(1_500_000_000_000_000u64));
/// assert_eq!(s.to_string(), "1.5");
/// assert!("0.0000000000000001".parse::<Shares>().is_err());
/// # Ok::<(), taochain_sdk::AmountError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Shares(pub U256);

impl Shares {
    /// Zero.
    ///
    /// ```
    /// assert!(taochain_sdk::Shares::ZERO.0.is_zero());
    /// ```
    pub const ZERO: Self = Self(U256::ZERO);

    /// The amount with its unit, `"1.5 shares"`.
    ///
    /// ```
    /// let s = taochain_sdk::Shares(alloy_primitives::U256::from(10u64).pow(alloy_primitives::U256::from(15)));
    /// assert_eq!(s.with_unit(), "1 shares");
    /// ```
    pub fn with_unit(self) -> String {
        format!("{self} shares")
    }
}

impl fmt::Display for Shares {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scale = U256::from(10u64).pow(U256::from(SHARE_DECIMALS));
        let (whole, frac) = (self.0 / scale, self.0 % scale);
        if frac.is_zero() {
            return write!(f, "{whole}");
        }
        let digits = format!("{frac:0>width$}", frac = frac.to_string(), width = SHARE_DECIMALS);
        write!(f, "{whole}.{}", digits.trim_end_matches('0'))
    }
}

impl FromStr for Shares {
    type Err = AmountError;
    fn from_str(input: &str) -> Result<Self, AmountError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(AmountError::Empty);
        }
        let invalid = || AmountError::Invalid { input: input.to_owned() };
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) {
            return Err(invalid());
        }
        let frac = frac.trim_end_matches('0');
        if frac.len() > SHARE_DECIMALS {
            return Err(AmountError::TooManyDecimals {
                input: input.to_owned(),
                decimals: frac.len(),
            });
        }
        let overflow = || AmountError::Overflow { input: input.to_owned() };
        let whole: U256 =
            if int.is_empty() { U256::ZERO } else { int.parse().map_err(|_| overflow())? };
        let padded = format!("{frac:0<SHARE_DECIMALS$}");
        let part: U256 = padded.parse().map_err(|_| invalid())?;
        let scale = U256::from(10u64).pow(U256::from(SHARE_DECIMALS));
        whole.checked_mul(scale).and_then(|w| w.checked_add(part)).map(Self).ok_or_else(overflow)
    }
}

impl serde::Serialize for Shares {
    /// As the exact decimal string.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_print_exactly() {
        for (text, shown) in [("1", "1"), ("0.000000000000001", "0.000000000000001"), (".5", "0.5")]
        {
            assert_eq!(text.parse::<Shares>().map(|s| s.to_string()).as_deref(), Ok(shown));
        }
        assert!(matches!("1e3".parse::<Shares>(), Err(AmountError::Invalid { .. })));
        assert!(matches!("-1".parse::<Shares>(), Err(AmountError::Invalid { .. })));
        assert!(matches!("".parse::<Shares>(), Err(AmountError::Empty)));
    }
}
