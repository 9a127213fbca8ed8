//! Exact amounts: [`Tao`] and [`Alpha`], each a `u64` count of RAO (10^-9) inside.
//!
//! Parsing takes a plain decimal (`"1"`, `"1.5"`, `"0.000000001"`, `".5"`) and refuses, with
//! an [`AmountError`], anything it would have to round: more than 9 decimals, a value above
//! `u64::MAX` RAO, signs, exponents, empty strings. Printing is exact: the integer part, then
//! the 9 decimals with trailing zeros trimmed (`1.5`, `0.000000001`, `2`). No floating point
//! is used anywhere.

use alloy_primitives::U256;
use std::fmt;
use std::str::FromStr;

/// RAO in one TAO (and alpha-RAO in one alpha).
pub const RAO_PER_TAO: u64 = tao_primitives::RAO_PER_TAO;
/// Wei in one RAO: EVM balances have 18 decimals, native amounts 9.
pub const WEI_PER_RAO: u64 = tao_primitives::WEI_PER_RAO;

/// Why a decimal amount was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    /// The text is empty.
    #[error("empty amount: give a number such as 1.5")]
    Empty,
    /// The text holds something that is not a digit or one decimal point.
    #[error("{input:?} is not a decimal amount (digits and at most one '.', e.g. 1.5)")]
    Invalid {
        /// The text given.
        input: String,
    },
    /// More decimals than the 9 a RAO has.
    #[error("{input:?} has {decimals} decimals; amounts have at most 9 (1 RAO = 0.000000001)")]
    TooManyDecimals {
        /// The text given.
        input: String,
        /// How many decimals it has.
        decimals: usize,
    },
    /// The value does not fit in `u64` RAO (about 18.4 billion).
    #[error("{input:?} is too large: at most 18446744073.709551615")]
    Overflow {
        /// The text given.
        input: String,
    },
}

/// Parses a decimal with at most 9 decimals into a count of 10^-9 units.
fn parse_nano(input: &str) -> Result<u64, AmountError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(AmountError::Empty);
    }
    let invalid = || AmountError::Invalid { input: input.to_owned() };
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, f),
        None => (s, ""),
    };
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) {
        return Err(invalid());
    }
    let frac_trimmed = frac.trim_end_matches('0');
    if frac_trimmed.len() > 9 {
        return Err(AmountError::TooManyDecimals { input: input.to_owned(), decimals: frac.len() });
    }
    let overflow = || AmountError::Overflow { input: input.to_owned() };
    let whole: u64 = if int.is_empty() {
        0
    } else {
        // Digits only, so the one failure left is overflow.
        int.trim_start_matches('0').parse::<u64>().or_else(|_| {
            if int.trim_start_matches('0').is_empty() { Ok(0) } else { Err(overflow()) }
        })?
    };
    let mut nano: u64 = 0;
    for (i, b) in frac_trimmed.bytes().enumerate() {
        let place = 10u64.pow(8 - u32::try_from(i).map_err(|_| invalid())?);
        nano += u64::from(b - b'0') * place;
    }
    whole.checked_mul(RAO_PER_TAO).and_then(|w| w.checked_add(nano)).ok_or_else(overflow)
}

/// Formats a count of 10^-9 units exactly, trailing zeros trimmed.
fn fmt_nano(v: u64, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let (whole, frac) = (v / RAO_PER_TAO, v % RAO_PER_TAO);
    if frac == 0 {
        return write!(f, "{whole}");
    }
    let digits = format!("{frac:09}");
    write!(f, "{whole}.{}", digits.trim_end_matches('0'))
}

macro_rules! amount {
    ($(#[$doc:meta])* $name:ident, $unit:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(u64);

        impl $name {
            /// Zero.
            ///
            /// ```
            #[doc = concat!("assert_eq!(taochain_sdk::", stringify!($name), "::ZERO.rao(), 0);")]
            /// ```
            pub const ZERO: Self = Self(0);

            /// From a count of RAO (10^-9 units).
            ///
            /// ```
            #[doc = concat!("let a = taochain_sdk::", stringify!($name), "::from_rao(1_500_000_000);")]
            /// assert_eq!(a.to_string(), "1.5");
            /// ```
            pub const fn from_rao(rao: u64) -> Self {
                Self(rao)
            }

            /// The count of RAO (10^-9 units) inside.
            ///
            /// ```
            #[doc = concat!("let a: taochain_sdk::", stringify!($name), " = \"2\".parse().unwrap();")]
            /// assert_eq!(a.rao(), 2_000_000_000);
            /// ```
            pub const fn rao(self) -> u64 {
                self.0
            }

            /// Whole units, `None` above `u64::MAX` RAO.
            ///
            /// ```
            #[doc = concat!("let a = taochain_sdk::", stringify!($name), "::from_whole(3).unwrap();")]
            /// assert_eq!(a.rao(), 3_000_000_000);
            /// ```
            pub const fn from_whole(units: u64) -> Option<Self> {
                match units.checked_mul(RAO_PER_TAO) {
                    Some(v) => Some(Self(v)),
                    None => None,
                }
            }

            /// The amount in wei (RAO × 10^9), as EVM balances and `msg.value` count it.
            ///
            /// ```
            #[doc = concat!("let a = taochain_sdk::", stringify!($name), "::from_rao(1);")]
            /// assert_eq!(a.to_wei(), alloy_primitives::U256::from(1_000_000_000u64));
            /// ```
            pub fn to_wei(self) -> U256 {
                U256::from(self.0) * U256::from(WEI_PER_RAO)
            }

            /// From wei, floored to whole RAO (as the chain floors); `None` above `u64::MAX`
            /// RAO.
            ///
            /// ```
            /// use alloy_primitives::U256;
            #[doc = concat!("let a = taochain_sdk::", stringify!($name), "::from_wei_floor(U256::from(1_999_999_999u64)).unwrap();")]
            /// assert_eq!(a.rao(), 1);
            /// ```
            pub fn from_wei_floor(wei: U256) -> Option<Self> {
                u64::try_from(wei / U256::from(WEI_PER_RAO)).ok().map(Self)
            }

            /// Sum, `None` on overflow.
            ///
            /// ```
            #[doc = concat!("use taochain_sdk::", stringify!($name), " as A;")]
            /// assert_eq!(A::from_rao(1).checked_add(A::from_rao(2)), Some(A::from_rao(3)));
            /// ```
            pub fn checked_add(self, other: Self) -> Option<Self> {
                self.0.checked_add(other.0).map(Self)
            }

            /// Difference, `None` below zero.
            ///
            /// ```
            #[doc = concat!("use taochain_sdk::", stringify!($name), " as A;")]
            /// assert_eq!(A::from_rao(1).checked_sub(A::from_rao(2)), None);
            /// ```
            pub fn checked_sub(self, other: Self) -> Option<Self> {
                self.0.checked_sub(other.0).map(Self)
            }

            /// The amount followed by its unit, e.g. `1.5 TAO`.
            ///
            /// ```
            #[doc = concat!("let a = taochain_sdk::", stringify!($name), "::from_rao(1_500_000_000);")]
            #[doc = concat!("assert_eq!(a.with_unit(), \"1.5 ", $unit, "\");")]
            /// ```
            pub fn with_unit(self) -> String {
                format!("{self} {}", $unit)
            }
        }

        impl FromStr for $name {
            type Err = AmountError;
            /// Exact decimal parse: at most 9 decimals, at most `u64::MAX` RAO.
            fn from_str(s: &str) -> Result<Self, AmountError> {
                parse_nano(s).map(Self)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt_nano(self.0, f)
            }
        }

        impl serde::Serialize for $name {
            /// As the exact decimal string (`"1.5"`).
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
    };
}

amount!(
    /// An amount of TAO, kept as RAO (1 TAO = 10^9 RAO). Parses and prints exactly.
    ///
    /// ```
    /// use taochain_sdk::Tao;
    /// let a: Tao = "1.5".parse()?;
    /// assert_eq!(a.rao(), 1_500_000_000);
    /// assert_eq!(a.to_string(), "1.5");
    /// assert!("0.0000000001".parse::<Tao>().is_err(), "10 decimals are refused");
    /// # Ok::<(), taochain_sdk::AmountError>(())
    /// ```
    Tao,
    "TAO"
);

amount!(
    /// An amount of a subnet's alpha, kept as alpha-RAO (10^-9). Parses and prints exactly.
    ///
    /// ```
    /// use taochain_sdk::Alpha;
    /// let a: Alpha = "0.25".parse()?;
    /// assert_eq!(a.rao(), 250_000_000);
    /// assert_eq!(a.with_unit(), "0.25 alpha");
    /// # Ok::<(), taochain_sdk::AmountError>(())
    /// ```
    Alpha,
    "alpha"
);

/// A price in TAO per alpha with 18 decimals (the `tao_` views' `price_e18`, `IAlpha`'s
/// prices), printed exactly with trailing zeros trimmed.
///
/// ```
/// use taochain_sdk::PriceE18;
/// let p = PriceE18(alloy_primitives::U256::from(1_500_000_000_000_000_000u128));
/// assert_eq!(p.to_string(), "1.5");
/// assert_eq!(p.rao_per_alpha(), 1_500_000_000);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct PriceE18(pub U256);

impl PriceE18 {
    /// RAO per alpha, floored (the unit of `IStaking`'s limit prices); saturates at `u64::MAX`.
    ///
    /// ```
    /// let p = taochain_sdk::PriceE18(alloy_primitives::U256::from(10u64).pow(alloy_primitives::U256::from(18)));
    /// assert_eq!(p.rao_per_alpha(), 1_000_000_000);
    /// ```
    pub fn rao_per_alpha(self) -> u64 {
        u64::try_from(self.0 / U256::from(WEI_PER_RAO)).unwrap_or(u64::MAX)
    }
}

impl fmt::Display for PriceE18 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let one = U256::from(10u64).pow(U256::from(18));
        let (whole, frac) = (self.0 / one, self.0 % one);
        if frac.is_zero() {
            return write!(f, "{whole}");
        }
        let digits = format!("{frac:0>18}");
        write!(f, "{whole}.{}", digits.trim_end_matches('0'))
    }
}

impl serde::Serialize for PriceE18 {
    /// As the exact decimal string.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A slippage tolerance in basis points (1/100 of a percent), parsed from a percentage with
/// at most 2 decimals (`"0.5"`, `"2%"`), at most 100 %.
///
/// ```
/// use taochain_sdk::Slippage;
/// assert_eq!("0.5".parse::<Slippage>()?.bps(), 50);
/// assert_eq!("2%".parse::<Slippage>()?.bps(), 200);
/// assert!("0.001".parse::<Slippage>().is_err());
/// # Ok::<(), taochain_sdk::AmountError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Slippage(u32);

impl Slippage {
    /// From basis points, `None` above 10,000 (100 %).
    ///
    /// ```
    /// assert_eq!(taochain_sdk::Slippage::from_bps(50).map(|s| s.to_string()), Some("0.5%".into()));
    /// ```
    pub fn from_bps(bps: u32) -> Option<Self> {
        (bps <= 10_000).then_some(Self(bps))
    }

    /// Basis points.
    ///
    /// ```
    /// assert_eq!(taochain_sdk::Slippage::from_bps(7).unwrap().bps(), 7);
    /// ```
    pub fn bps(self) -> u32 {
        self.0
    }

    /// The highest price a buy of alpha may reach: `price × (1 + tolerance)`, floored.
    ///
    /// ```
    /// let s = taochain_sdk::Slippage::from_bps(100).unwrap();
    /// assert_eq!(s.max_buy_price(1_000_000_000), 1_010_000_000);
    /// ```
    pub fn max_buy_price(self, rao_per_alpha: u64) -> u64 {
        let v = u128::from(rao_per_alpha) * u128::from(10_000 + self.0) / 10_000;
        u64::try_from(v).unwrap_or(u64::MAX)
    }

    /// The lowest price a sale of alpha may reach: `price × (1 − tolerance)`, rounded up.
    ///
    /// ```
    /// let s = taochain_sdk::Slippage::from_bps(100).unwrap();
    /// assert_eq!(s.min_sell_price(1_000_000_000), 990_000_000);
    /// ```
    pub fn min_sell_price(self, rao_per_alpha: u64) -> u64 {
        let num = u128::from(rao_per_alpha) * u128::from(10_000 - self.0);
        u64::try_from(num.div_ceil(10_000)).unwrap_or(u64::MAX)
    }
}

impl FromStr for Slippage {
    type Err = AmountError;
    fn from_str(s: &str) -> Result<Self, AmountError> {
        let t = s.trim().trim_end_matches('%');
        let nano = parse_nano(t)?;
        // Percent with 9 decimals -> basis points (2 decimals of a percent).
        if nano % 10_000_000 != 0 {
            return Err(AmountError::TooManyDecimals {
                input: s.to_owned(),
                decimals: t.split_once('.').map_or(0, |(_, f)| f.len()),
            });
        }
        u32::try_from(nano / 10_000_000)
            .ok()
            .and_then(Self::from_bps)
            .ok_or_else(|| AmountError::Overflow { input: s.to_owned() })
    }
}

impl fmt::Display for Slippage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, frac) = (self.0 / 100, self.0 % 100);
        if frac == 0 {
            write!(f, "{whole}%")
        } else {
            write!(f, "{whole}.{}%", format!("{frac:02}").trim_end_matches('0'))
        }
    }
}

/// A `u16` fraction of `u16::MAX` (consensus, incentive, dividends, trust) as an exact-to-6
/// decimals string, floored: `65535` is `"1.000000"`, `32768` is `"0.500007"`.
///
/// ```
/// assert_eq!(taochain_sdk::amount::ratio_u16(65535), "1.000000");
/// assert_eq!(taochain_sdk::amount::ratio_u16(0), "0.000000");
/// ```
pub fn ratio_u16(v: u16) -> String {
    let micro = u64::from(v) * 1_000_000 / u64::from(u16::MAX);
    format!("{}.{:06}", micro / 1_000_000, micro % 1_000_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rao(s: &str) -> Result<u64, AmountError> {
        s.parse::<Tao>().map(Tao::rao)
    }

    #[test]
    fn parses_exactly() {
        assert_eq!(rao("1.5"), Ok(1_500_000_000));
        assert_eq!(rao("0"), Ok(0));
        assert_eq!(rao("1"), Ok(1_000_000_000));
        assert_eq!(rao("1."), Ok(1_000_000_000));
        assert_eq!(rao(".5"), Ok(500_000_000));
        assert_eq!(rao("0.000000001"), Ok(1));
        assert_eq!(rao("007.100000000000"), Ok(7_100_000_000), "trailing zeros are exact");
        assert_eq!(rao(" 2 "), Ok(2_000_000_000));
        assert_eq!(rao("18446744073.709551615"), Ok(u64::MAX));
    }

    #[test]
    fn refuses_what_it_would_round() {
        assert_eq!(rao(""), Err(AmountError::Empty));
        assert!(matches!(
            rao("0.0000000001"),
            Err(AmountError::TooManyDecimals { decimals: 10, .. })
        ));
        assert!(matches!(rao("1.0000000015"), Err(AmountError::TooManyDecimals { .. })));
        assert!(matches!(rao("18446744073.709551616"), Err(AmountError::Overflow { .. })));
        assert!(matches!(rao("99999999999999999999"), Err(AmountError::Overflow { .. })));
        for bad in ["-1", "+1", "1e9", "1,5", "1.2.3", ".", "abc", "0x10", "1 000"] {
            assert!(matches!(rao(bad), Err(AmountError::Invalid { .. })), "{bad}");
        }
    }

    #[test]
    fn prints_exactly() {
        let s = |r: u64| Tao::from_rao(r).to_string();
        assert_eq!(s(0), "0");
        assert_eq!(s(1), "0.000000001");
        assert_eq!(s(1_500_000_000), "1.5");
        assert_eq!(s(10_000_000_000), "10");
        assert_eq!(s(u64::MAX), "18446744073.709551615");
        for r in [0, 1, 12, 999_999_999, 1_000_000_001, u64::MAX] {
            assert_eq!(rao(&s(r)), Ok(r), "round trip of {r}");
        }
        assert_eq!(
            serde_json::to_string(&Alpha::from_rao(25)).ok(),
            Some("\"0.000000025\"".into())
        );
    }

    #[test]
    fn wei_conversions() {
        let a = Tao::from_rao(3);
        assert_eq!(a.to_wei(), U256::from(3_000_000_000u64));
        assert_eq!(Tao::from_wei_floor(U256::from(3_999_999_999u64)), Some(a));
        assert_eq!(Tao::from_wei_floor(U256::MAX), None);
    }

    #[test]
    fn prices_and_slippage() {
        let p = PriceE18(U256::from(123_000_000_000_000_000u64));
        assert_eq!(p.to_string(), "0.123");
        assert_eq!(p.rao_per_alpha(), 123_000_000);
        assert_eq!(PriceE18(U256::from(1u8)).to_string(), "0.000000000000000001");
        let s: Slippage = "1.25%".parse().expect("slippage");
        assert_eq!((s.bps(), s.to_string()), (125, "1.25%".to_owned()));
        assert!("101".parse::<Slippage>().is_err());
        assert_eq!(Slippage::from_bps(10_000).map(|s| s.min_sell_price(5)), Some(0));
        assert_eq!(ratio_u16(32768), "0.500007");
    }
}
