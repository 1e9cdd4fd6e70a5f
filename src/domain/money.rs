//! Exact money: parsing amounts from the data file, currencies, and rounding for display.
//!
//! Amounts are parsed and displayed as `rust_decimal::Decimal`; in between, the facts and every
//! sum over them are [`Amount`]s, exact integers of ten-thousandths in an `i128`, which add
//! several times faster than `Decimal`. No binary float ever holds money. The format limits
//! amounts to 15 integer digits and 4 decimal places (times `summed_from` for a fact that adds
//! up several), so even 10^19 facts at the limit add up exactly inside an `i128`.

use rust_decimal::{Decimal, RoundingStrategy};
use std::fmt;

/// The largest absolute amount one fact may carry (10^15 currency units).
pub const MAX_ABS_AMOUNT: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);

/// The most decimal places an amount may have.
pub const MAX_DECIMAL_PLACES: u32 = 4;

/// The largest `summed_from` honoured when widening the per-fact limit: 10^8 figures in one
/// fact, so that the widened limit (10^23: 24 digits, plus 4 decimal places) still parses into
/// `Decimal`'s 28 significant digits without rounding.
pub const MAX_SUMMED_FROM: u64 = 100_000_000;

/// The largest absolute amount of a fact that adds up `summed_from` figures (a compacted file,
/// `docs/data-format.md` "summed_from"): [`MAX_ABS_AMOUNT`] × `summed_from`, with `summed_from`
/// capped at [`MAX_SUMMED_FROM`].
pub fn max_abs_amount_for(summed_from: u64) -> Decimal {
    MAX_ABS_AMOUNT * Decimal::from(summed_from.clamp(1, MAX_SUMMED_FROM))
}

/// An exact amount of money in ten-thousandths of the currency unit (so £1.25 is `12_500`), the
/// form facts are kept and summed in: integer addition, no rounding, no float.
///
/// Every amount a file can give has at most [`MAX_DECIMAL_PLACES`] (4) decimal places, so the
/// conversion from a parsed `Decimal` is exact. Sums of up to 10^19 facts at the limit fit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct Amount(i128);

impl Amount {
    /// Zero.
    pub const ZERO: Amount = Amount(0);

    /// The amount of a `Decimal` with at most 4 decimal places (anything finer is rounded half
    /// away from zero to 4 places, which validated amounts never need).
    pub fn from_decimal(value: Decimal) -> Amount {
        let scaled = value.round_dp_with_strategy(MAX_DECIMAL_PLACES, RoundingStrategy::MidpointAwayFromZero);
        let shift = MAX_DECIMAL_PLACES.saturating_sub(scaled.scale());
        Amount(scaled.mantissa() * 10_i128.pow(shift))
    }

    /// The amount as a `Decimal` with 4 decimal places, for display and for the figures' edges.
    /// Saturates at `Decimal`'s range (about 7.9 × 10^24 units at 4 places), which the format's
    /// limits keep out of reach for any file a browser can hold.
    pub fn to_decimal(self) -> Decimal {
        Decimal::try_from_i128_with_scale(self.0, MAX_DECIMAL_PLACES).unwrap_or(if self.0 < 0 {
            Decimal::MIN
        } else {
            Decimal::MAX
        })
    }

    /// Whether it is zero.
    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// This amount split into parts in proportion to `weights`, exactly: each part is its share
    /// cut toward zero to the ten-thousandth, and the last part takes what is left, so the parts
    /// add up to the amount. Empty for no weights; all-zero weights give the amount whole last.
    pub fn split(self, weights: &[u64]) -> Vec<Amount> {
        let whole: u128 = weights.iter().map(|&w| u128::from(w)).sum();
        let mut parts: Vec<Amount> = Vec::with_capacity(weights.len());
        let mut given = Amount::ZERO;
        for (i, &weight) in weights.iter().enumerate() {
            let part = if i + 1 == weights.len() || whole == 0 {
                if i + 1 == weights.len() { self - given } else { Amount::ZERO }
            } else {
                // |amount| < 2^127 and weight ≤ 2^64, so work in u128 magnitudes with checks.
                let magnitude = self.0.unsigned_abs().checked_mul(u128::from(weight)).map_or(0, |m| m / whole);
                let magnitude = i128::try_from(magnitude).unwrap_or(i128::MAX);
                Amount(if self.0 < 0 { -magnitude } else { magnitude })
            };
            given += part;
            parts.push(part);
        }
        parts
    }
}

impl From<Decimal> for Amount {
    fn from(value: Decimal) -> Amount {
        Amount::from_decimal(value)
    }
}

impl std::ops::Add for Amount {
    type Output = Amount;
    fn add(self, other: Amount) -> Amount {
        // Saturating: unreachable within the format's limits, and never a panic on bad data.
        Amount(self.0.saturating_add(other.0))
    }
}

impl std::ops::AddAssign for Amount {
    fn add_assign(&mut self, other: Amount) {
        *self = *self + other;
    }
}

impl std::ops::Sub for Amount {
    type Output = Amount;
    fn sub(self, other: Amount) -> Amount {
        Amount(self.0.saturating_sub(other.0))
    }
}

impl std::ops::Neg for Amount {
    type Output = Amount;
    fn neg(self) -> Amount {
        Amount(self.0.saturating_neg())
    }
}

impl std::iter::Sum for Amount {
    fn sum<I: Iterator<Item = Amount>>(iter: I) -> Amount {
        iter.fold(Amount::ZERO, |a, b| a + b)
    }
}

/// Why an amount string was refused. Each variant occurs when the text has that flaw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    /// Occurs when the string is empty or only spaces.
    Empty,
    /// Occurs when the string has a comma (thousands separator or decimal comma).
    Comma,
    /// Occurs when the string includes a currency symbol or code.
    CurrencySymbol,
    /// Occurs when the string uses scientific notation such as `1e3`.
    Exponent,
    /// Occurs when the string has more than [`MAX_DECIMAL_PLACES`] decimal places.
    TooManyDecimals,
    /// Occurs when the absolute value is above [`MAX_ABS_AMOUNT`].
    OutOfRange,
    /// Occurs when the string is anything else that is not `-?digits(.digits)?`.
    NotADecimal,
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AmountError::Empty => "is empty",
            AmountError::Comma => {
                "contains a comma: write amounts with a full stop for decimals and no thousands separators, e.g. \"1234.50\""
            }
            AmountError::CurrencySymbol => {
                "contains a currency symbol or letters: give the bare number, e.g. \"5.00\"; the currency is set once in metadata.currency"
            }
            AmountError::Exponent => "is in scientific notation: write the number out in full, e.g. \"1000\" rather than \"1e3\"",
            AmountError::TooManyDecimals => "has more than 4 decimal places",
            AmountError::OutOfRange => {
                "is larger than the limit of 1,000,000,000,000,000 (times \"summed_from\" for a fact that adds up several): check for a missing decimal point or a pasted-together number"
            }
            AmountError::NotADecimal => "is not a decimal number such as \"1234.56\" or \"-20\"",
        })
    }
}

/// Parses an amount written as a decimal string: an optional minus sign, digits, and optionally
/// a full stop and 1 to 4 more digits. Nothing else is accepted, so that "12,50" (a decimal comma)
/// is never silently read as 1250.
pub fn parse_amount(text: &str) -> Result<Decimal, AmountError> {
    parse_amount_up_to(text, MAX_ABS_AMOUNT)
}

/// [`parse_amount`] with another limit on the absolute value (a fact that adds up several
/// figures: [`max_abs_amount_for`]); [`AmountError::OutOfRange`] above it.
pub fn parse_amount_up_to(text: &str, max_abs: Decimal) -> Result<Decimal, AmountError> {
    if text.trim().is_empty() {
        return Err(AmountError::Empty);
    }
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || !fraction.is_none_or(all_digits) {
        return Err(classify_non_decimal(text));
    }
    if fraction.is_some_and(|f| f.len() > MAX_DECIMAL_PLACES as usize) {
        return Err(AmountError::TooManyDecimals);
    }
    // Checked before parsing so that absurdly long digit strings cannot overflow Decimal.
    if whole.trim_start_matches('0').len() > 24 {
        return Err(AmountError::OutOfRange);
    }
    let value: Decimal = text.parse().map_err(|_| AmountError::NotADecimal)?;
    if value.abs() > max_abs {
        return Err(AmountError::OutOfRange);
    }
    Ok(value)
}

fn classify_non_decimal(text: &str) -> AmountError {
    if text.contains(',') {
        AmountError::Comma
    } else if text.chars().any(|c| matches!(c, '£' | '$' | '€' | '¥')) {
        AmountError::CurrencySymbol
    } else if text.contains(['e', 'E'])
        && text.chars().all(|c| c.is_ascii_digit() || matches!(c, 'e' | 'E' | '.' | '-' | '+'))
    {
        AmountError::Exponent
    } else if text.chars().any(|c| c.is_alphabetic()) {
        AmountError::CurrencySymbol
    } else {
        AmountError::NotADecimal
    }
}

/// Converts an integer count of minor units (e.g. pence) to an amount.
pub fn from_minor_units(minor_units: i64, currency: &Currency) -> Result<Decimal, AmountError> {
    from_minor_units_up_to(i128::from(minor_units), currency, MAX_ABS_AMOUNT)
}

/// [`from_minor_units`] with another limit on the absolute value ([`max_abs_amount_for`]).
pub fn from_minor_units_up_to(
    minor_units: i128,
    currency: &Currency,
    max_abs: Decimal,
) -> Result<Decimal, AmountError> {
    let value = Decimal::try_from_i128_with_scale(minor_units, currency.minor_unit_digits)
        .map_err(|_| AmountError::OutOfRange)?;
    if value.abs() > max_abs {
        return Err(AmountError::OutOfRange);
    }
    Ok(value)
}

/// An ISO 4217 currency as far as display needs it. Serialised as its code alone (the rest
/// follows from it), so the loader worker can hand a dataset to the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Currency {
    /// The three-letter code, e.g. `GBP`; `XXX` when the file gave none.
    pub code: String,
    /// The symbol written before amounts, or `None` to write the code after them.
    pub symbol: Option<&'static str>,
    /// How many decimal digits its minor unit has (2 for pence, 0 for yen).
    pub minor_unit_digits: u32,
}

impl Currency {
    /// Looks a code up; a well-formed but unlisted code gets 2 minor digits and no symbol.
    /// Returns `None` for text that is not three upper-case letters.
    pub fn from_code(code: &str) -> Option<Currency> {
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            return None;
        }
        let symbol = match code {
            "GBP" => Some("£"),
            "EUR" => Some("€"),
            "USD" => Some("$"),
            "JPY" => Some("¥"),
            _ => None,
        };
        // ISO 4217 minor units: the currencies that differ from the usual 2 (list of 2024).
        let minor_unit_digits = match code {
            "BIF" | "CLP" | "DJF" | "GNF" | "ISK" | "JPY" | "KMF" | "KRW" | "PYG" | "RWF" | "UGX" | "UYI" | "VND"
            | "VUV" | "XAF" | "XOF" | "XPF" => 0,
            "BHD" | "IQD" | "JOD" | "KWD" | "LYD" | "OMR" | "TND" => 3,
            "CLF" | "UYW" => 4,
            _ => 2,
        };
        Some(Currency { code: code.to_owned(), symbol, minor_unit_digits })
    }

    /// The placeholder used when a file states no currency (ISO 4217 `XXX`): amounts show
    /// without a symbol, and minor units are taken as hundredths.
    pub fn unknown() -> Currency {
        Currency { code: "XXX".to_owned(), symbol: None, minor_unit_digits: 2 }
    }
}

impl serde::Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.code)
    }
}

impl<'de> serde::Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Currency, D::Error> {
        let code = String::deserialize(deserializer)?;
        Ok(Currency::from_code(&code).unwrap_or_else(Currency::unknown))
    }
}

/// Rounds half away from zero, as people expect on paper (2.5 → 3, −2.5 → −3).
pub fn round_dp(value: Decimal, decimal_places: u32) -> Decimal {
    value.round_dp_with_strategy(decimal_places, RoundingStrategy::MidpointAwayFromZero)
}

/// Rounds each part to `decimal_places` so that the rounded parts add up exactly to the rounded
/// sum of the parts (the largest-remainder method). Parts may be negative.
pub fn round_parts(parts: &[Decimal], decimal_places: u32) -> Vec<Decimal> {
    let total: Decimal = parts.iter().sum();
    round_parts_to(parts, decimal_places, round_dp(total, decimal_places))
}

/// Rounds each part to `decimal_places` so that the rounded parts add up exactly to `target`
/// (which should already be rounded to `decimal_places`, and near the parts' sum).
///
/// Each part is first rounded down; the units still missing are handed, one each, to the parts
/// that lost the most in rounding down (ties go to the earlier part, so the result is stable).
/// If the target is below the floors' sum, units are taken from the parts that lost the least.
pub fn round_parts_to(parts: &[Decimal], decimal_places: u32, target: Decimal) -> Vec<Decimal> {
    let unit = Decimal::new(1, decimal_places);
    let mut rounded: Vec<Decimal> =
        parts.iter().map(|p| p.round_dp_with_strategy(decimal_places, RoundingStrategy::ToNegativeInfinity)).collect();
    if parts.is_empty() {
        return rounded;
    }
    let floored_sum: Decimal = rounded.iter().sum();
    let mut missing_units = ((target - floored_sum) / unit).trunc();
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|&a, &b| (parts[b] - rounded[b]).cmp(&(parts[a] - rounded[a])).then(a.cmp(&b)));
    // Normally 0 ≤ missing < n and one pass suffices; the loop keeps any target exact.
    while missing_units > Decimal::ZERO {
        for &index in &order {
            if missing_units <= Decimal::ZERO {
                break;
            }
            rounded[index] += unit;
            missing_units -= Decimal::ONE;
        }
    }
    while missing_units < Decimal::ZERO {
        for &index in order.iter().rev() {
            if missing_units >= Decimal::ZERO {
                break;
            }
            rounded[index] -= unit;
            missing_units += Decimal::ONE;
        }
    }
    rounded
}

/// Each part's share of their sum in percent, rounded to one decimal place so that the shares
/// add up to exactly 100.0. `None` when any part is below zero (a share of a net total would then
/// run past 100% or below 0%) or the sum is zero, where shares mean nothing.
pub fn shares_percent(parts: &[Decimal]) -> Option<Vec<Decimal>> {
    let total: Decimal = parts.iter().sum();
    if total <= Decimal::ZERO || parts.iter().any(|p| *p < Decimal::ZERO) {
        return None;
    }
    let raw: Vec<Decimal> = parts.iter().map(|p| *p * Decimal::ONE_HUNDRED / total).collect();
    Some(round_parts(&raw, 1))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A decimal from its text, for test tables (shared by the domain's unit tests).
    pub(crate) fn dec(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn max_abs_amount_is_ten_to_the_fifteenth() {
        assert_eq!(MAX_ABS_AMOUNT, dec("1000000000000000"));
    }

    #[test]
    fn parses_amounts_exactly_or_says_why_not() {
        let cases: &[(&str, Result<&str, AmountError>)] = &[
            ("1234.56", Ok("1234.56")),
            ("-20", Ok("-20")),
            ("0.1", Ok("0.1")),
            ("007", Ok("7")),
            ("1000000000000000", Ok("1000000000000000")),
            ("-1000000000000000.0000", Ok("-1000000000000000")),
            ("1000000000000000.01", Err(AmountError::OutOfRange)),
            ("99999999999999999999999999999999", Err(AmountError::OutOfRange)),
            ("", Err(AmountError::Empty)),
            ("  ", Err(AmountError::Empty)),
            ("12,50", Err(AmountError::Comma)),
            ("1,234.00", Err(AmountError::Comma)),
            ("£5", Err(AmountError::CurrencySymbol)),
            ("5 GBP", Err(AmountError::CurrencySymbol)),
            ("1e3", Err(AmountError::Exponent)),
            ("1.5E+3", Err(AmountError::Exponent)),
            ("1.23456", Err(AmountError::TooManyDecimals)),
            ("+5", Err(AmountError::NotADecimal)),
            ("5.", Err(AmountError::NotADecimal)),
            (".5", Err(AmountError::NotADecimal)),
            ("--5", Err(AmountError::NotADecimal)),
            (" 5", Err(AmountError::NotADecimal)),
            ("NaN", Err(AmountError::CurrencySymbol)),
        ];
        for (text, expected) in cases {
            let expected = expected.clone().map(dec);
            assert_eq!(parse_amount(text), expected, "parsing {text:?}");
        }
    }

    #[test]
    fn minor_units_follow_the_currency() {
        let gbp = Currency::from_code("GBP").unwrap();
        let jpy = Currency::from_code("JPY").unwrap();
        assert_eq!(from_minor_units(123456, &gbp), Ok(dec("1234.56")));
        assert_eq!(from_minor_units(-5, &gbp), Ok(dec("-0.05")));
        assert_eq!(from_minor_units(500, &jpy), Ok(dec("500")));
        assert_eq!(from_minor_units(i64::MAX, &jpy), Err(AmountError::OutOfRange));
        assert_eq!(Currency::from_code("gbp"), None);
        assert_eq!(Currency::from_code("SEK").unwrap().minor_unit_digits, 2);
        let kwd = Currency::from_code("KWD").unwrap();
        assert_eq!(from_minor_units(1000, &kwd), Ok(dec("1.000")));
        assert_eq!(Currency::from_code("VND").unwrap().minor_unit_digits, 0);
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(round_dp(dec("2.5"), 0), dec("3"));
        assert_eq!(round_dp(dec("-2.5"), 0), dec("-3"));
        assert_eq!(round_dp(dec("1.249"), 1), dec("1.2"));
    }

    #[test]
    fn rounded_parts_add_up_to_the_rounded_total() {
        let cases: &[(&[&str], u32, &[&str])] = &[
            (&["0.4", "0.4", "0.2"], 0, &["1", "0", "0"]),
            (&["33.333", "33.333", "33.334"], 0, &["33", "33", "34"]),
            (&["1.5", "1.5", "1.5", "1.5"], 0, &["2", "2", "1", "1"]),
            (&["-0.4", "-0.4", "1.8"], 0, &["0", "-1", "2"]),
            (&["10", "-3.25", "0.125"], 1, &["10.0", "-3.2", "0.1"]),
            (&[], 0, &[]),
        ];
        for (parts, places, expected) in cases {
            let parts: Vec<Decimal> = parts.iter().map(|p| dec(p)).collect();
            let expected: Vec<Decimal> = expected.iter().map(|p| dec(p)).collect();
            assert_eq!(round_parts(&parts, *places), expected, "{parts:?} to {places} places");
        }
    }

    /// Property: for many pseudo-random part lists, rounded parts sum to the rounded total and
    /// each part moves by less than one unit.
    #[test]
    fn rounded_parts_property() {
        let mut rng = crate::rng::SplitMix64::new(7);
        for _ in 0..2_000 {
            let n_parts = (rng.next_u64() % 12) as usize;
            let parts: Vec<Decimal> =
                (0..n_parts).map(|_| Decimal::new((rng.next_u64() % 2_000_000) as i64 - 500_000, 2)).collect();
            for places in [0, 1, 2] {
                let rounded = round_parts(&parts, places);
                let total: Decimal = parts.iter().sum();
                assert_eq!(rounded.iter().sum::<Decimal>(), round_dp(total, places));
                for (part, r) in parts.iter().zip(&rounded) {
                    assert!((*part - *r).abs() < Decimal::new(1, places), "{part} → {r}");
                }
            }
            if let Some(shares) = shares_percent(&parts) {
                assert_eq!(shares.iter().sum::<Decimal>(), Decimal::ONE_HUNDRED);
            }
        }
    }

    #[test]
    fn rounded_parts_can_meet_a_given_target() {
        let parts = [dec("0.5"), dec("0.5"), dec("0.5")];
        assert_eq!(round_parts_to(&parts, 0, dec("1")), vec![dec("1"), dec("0"), dec("0")]);
        assert_eq!(round_parts_to(&parts, 0, dec("2")), vec![dec("1"), dec("1"), dec("0")]);
        assert_eq!(round_parts_to(&parts, 0, dec("-1")), vec![dec("0"), dec("0"), dec("-1")]);
        assert_eq!(round_parts_to(&parts, 0, dec("5")), vec![dec("2"), dec("2"), dec("1")]);
        assert_eq!(round_parts_to(&[], 0, dec("0")), Vec::<Decimal>::new());
    }

    #[test]
    fn shares_need_a_positive_total_and_no_negative_part() {
        assert_eq!(shares_percent(&[dec("1"), dec("-1")]), None);
        assert_eq!(shares_percent(&[dec("1000000"), dec("-999999.99")]), None);
        assert_eq!(shares_percent(&[dec("3"), dec("-1")]), None);
        assert_eq!(shares_percent(&[dec("0.01"), dec("0")]), Some(vec![dec("100.0"), dec("0.0")]));
        assert_eq!(shares_percent(&[]), None);
        assert_eq!(shares_percent(&[dec("1"), dec("1"), dec("1")]), Some(vec![dec("33.4"), dec("33.3"), dec("33.3")]));
    }

    #[test]
    fn split_parts_add_up_exactly_in_proportion() {
        let d = |t: &str| Amount::from(t.parse::<Decimal>().unwrap());
        let cases: [(&str, &[u64], &[&str]); 5] = [
            ("100.00", &[1, 1, 1], &["33.3333", "33.3333", "33.3334"]),
            ("-100.00", &[1, 2], &["-33.3333", "-66.6667"]),
            ("0.0001", &[5, 5], &["0.0000", "0.0001"]),
            ("7", &[0, 0], &["0.0000", "7.0000"]),
            (
                "100000000000000000000000",
                &[100_000_000, 20_000_000],
                &["83333333333333333333333.3333", "16666666666666666666666.6667"],
            ),
        ];
        for (amount, weights, expected) in cases {
            let parts: Vec<String> = d(amount).split(weights).iter().map(|p| p.to_decimal().to_string()).collect();
            assert_eq!(parts, expected.to_vec(), "{amount} {weights:?}");
            assert_eq!(d(amount).split(weights).into_iter().sum::<Amount>(), d(amount));
        }
        assert!(d("5").split(&[]).is_empty());
    }
}
