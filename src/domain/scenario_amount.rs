//! The amount a table types for a move ("200000", "£200k", "1.5m", "£1,250"), read into whole
//! currency units, or refused in plain words: nothing, 0, a negative amount, a fraction of a
//! pound, or more than a move can carry.

use rust_decimal::Decimal;
use std::str::FromStr;

/// The largest amount one move carries: just under a trillion units (the link writes it in at
/// most 8 base-36 digits, and no area's budget comes near it).
pub const MAX_MOVE: u64 = 999_999_999_999;

/// Why a typed amount was refused. Each variant occurs for text of that kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountInputError {
    /// Occurs for empty or blank text.
    Empty,
    /// Occurs for text that is not a number with an optional currency sign, thousands commas
    /// and `k`, `m` or `bn` (the text as typed).
    NotAnAmount(String),
    /// Occurs for 0 (in any spelling: `0`, `£0k`).
    Zero,
    /// Occurs for a negative amount: a move always goes from one activity to another.
    Negative,
    /// Occurs for an amount with pence left over (`£1.50`, `1.2345k`).
    Fraction,
    /// Occurs for more than [`MAX_MOVE`].
    TooLarge,
}

impl AmountInputError {
    /// The refusal in plain words.
    pub fn message(&self) -> String {
        match self {
            AmountInputError::Empty => "Type an amount to move, such as 200000, £200k or 1.5m.".to_owned(),
            AmountInputError::NotAnAmount(text) => format!(
                "\"{text}\" is not an amount this page can read: type whole pounds, such as 200000, £200k, 1.5m or £1,250."
            ),
            AmountInputError::Zero => "Moving £0 changes nothing: type an amount above zero.".to_owned(),
            AmountInputError::Negative => {
                "Amounts are moved from one activity to another, so they are never negative: swap \"from\" and \"to\" instead.".to_owned()
            }
            AmountInputError::Fraction => {
                "Moves are in whole pounds: leave out the pence (for example £1,250 rather than £1,250.50).".to_owned()
            }
            AmountInputError::TooLarge => "That is more than one move can carry (under £1 trillion).".to_owned(),
        }
    }
}

/// Reads a typed amount into whole units: optional sign, optional `£` (or the currency's
/// `symbol`), digits with optional thousands commas and spaces, an optional decimal part, and an
/// optional multiplier `k` (thousand), `m` (million) or `bn` (billion), any case, also spelled out.
///
/// # Errors
/// See [`AmountInputError`]; the result is never 0, negative or a fraction.
pub fn parse_move_amount(text: &str, symbol: Option<&str>) -> Result<u64, AmountInputError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(AmountInputError::Empty);
    }
    let not_an_amount = || AmountInputError::NotAnAmount(trimmed.chars().take(40).collect());
    let mut rest = trimmed.to_lowercase();
    let negative = rest.starts_with(['-', '\u{2212}']);
    if negative {
        rest = rest.trim_start_matches(['-', '\u{2212}']).to_owned();
    }
    for sign in ["£", "gbp"].into_iter().chain(symbol) {
        if let Some(after) = rest.trim_start().strip_prefix(&sign.to_lowercase()) {
            rest = after.to_owned();
            break;
        }
    }
    let mut number = rest.trim().to_owned();
    let mut scale = Decimal::ONE;
    // Longest words first, so "bn" is not read as "n" after "b".
    for (suffix, factor) in [
        ("billion", 1_000_000_000_u64),
        ("million", 1_000_000),
        ("thousand", 1_000),
        ("bn", 1_000_000_000),
        ("b", 1_000_000_000),
        ("m", 1_000_000),
        ("k", 1_000),
    ] {
        if let Some(before) = number.strip_suffix(suffix) {
            number = before.trim_end().to_owned();
            scale = Decimal::from(factor);
            break;
        }
    }
    // Commas and spaces group thousands: in the whole part only, one to three digits first and
    // exactly three in every later group, so "200,00" (a mistyped £200.00?) is refused rather
    // than read as £20,000.
    let (whole_part, decimals) = number.split_once('.').unwrap_or((number.as_str(), ""));
    let groups: Vec<&str> = whole_part.split([',', ' ']).collect();
    let grouped_well = !decimals.contains([',', ' '])
        && (groups.len() == 1
            || groups.iter().enumerate().all(|(at, g)| {
                g.bytes().all(|b| b.is_ascii_digit()) && if at == 0 { (1..=3).contains(&g.len()) } else { g.len() == 3 }
            }));
    let digits: String = number.chars().filter(|c| !matches!(c, ',' | ' ')).collect();
    let well_formed = grouped_well
        && !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|c| *c == '.').count() <= 1
        && digits.chars().any(|c| c.is_ascii_digit())
        && digits.len() <= 20;
    if !well_formed {
        return Err(not_an_amount());
    }
    let value = Decimal::from_str(&digits)
        .map_err(|_| not_an_amount())?
        .checked_mul(scale)
        .ok_or(AmountInputError::TooLarge)?;
    if value.is_zero() {
        return Err(AmountInputError::Zero);
    }
    if negative {
        return Err(AmountInputError::Negative);
    }
    if !value.fract().is_zero() {
        return Err(AmountInputError::Fraction);
    }
    let whole = u64::try_from(value).map_err(|_| AmountInputError::TooLarge)?;
    if whole > MAX_MOVE {
        return Err(AmountInputError::TooLarge);
    }
    Ok(whole)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_tables_type() {
        // (typed, read)
        let cases: &[(&str, Result<u64, AmountInputError>)] = &[
            ("200000", Ok(200_000)),
            ("£200k", Ok(200_000)),
            ("£200K", Ok(200_000)),
            ("1.5m", Ok(1_500_000)),
            ("£1.5 million", Ok(1_500_000)),
            ("£1,250", Ok(1_250)),
            (" 1 250 000 ", Ok(1_250_000)),
            ("£2bn", Ok(2_000_000_000)),
            ("0.25k", Ok(250)),
            ("£1,250.00", Ok(1_250)),
            ("999999999999", Ok(MAX_MOVE)),
            ("", Err(AmountInputError::Empty)),
            ("   ", Err(AmountInputError::Empty)),
            ("0", Err(AmountInputError::Zero)),
            ("£0k", Err(AmountInputError::Zero)),
            ("-200", Err(AmountInputError::Negative)),
            ("\u{2212}£5k", Err(AmountInputError::Negative)),
            ("£1.50", Err(AmountInputError::Fraction)),
            ("1.2345k", Err(AmountInputError::Fraction)),
            ("1000000000000", Err(AmountInputError::TooLarge)),
            ("99999999999999999999", Err(AmountInputError::TooLarge)),
            ("lots", Err(AmountInputError::NotAnAmount("lots".to_owned()))),
            ("1,,000", Err(AmountInputError::NotAnAmount("1,,000".to_owned()))),
            (",100", Err(AmountInputError::NotAnAmount(",100".to_owned()))),
            ("1.2.3", Err(AmountInputError::NotAnAmount("1.2.3".to_owned()))),
            ("£", Err(AmountInputError::NotAnAmount("£".to_owned()))),
            ("k", Err(AmountInputError::NotAnAmount("k".to_owned()))),
            ("1e6", Err(AmountInputError::NotAnAmount("1e6".to_owned()))),
            ("$200", Err(AmountInputError::NotAnAmount("$200".to_owned()))),
            // Thousands groups of three only: a misplaced comma is refused, never read as a
            // number a hundred times larger or smaller.
            ("200,00", Err(AmountInputError::NotAnAmount("200,00".to_owned()))),
            ("1,2,3", Err(AmountInputError::NotAnAmount("1,2,3".to_owned()))),
            ("1234,567", Err(AmountInputError::NotAnAmount("1234,567".to_owned()))),
            ("1,000.000,5", Err(AmountInputError::NotAnAmount("1,000.000,5".to_owned()))),
            ("12 34", Err(AmountInputError::NotAnAmount("12 34".to_owned()))),
            ("1,000,000", Ok(1_000_000)),
            ("£12,500k", Ok(12_500_000)),
        ];
        for (typed, expected) in cases {
            assert_eq!(&parse_move_amount(typed, Some("£")), expected, "{typed:?}");
        }
        // Another currency's symbol is read when the data is in it.
        assert_eq!(parse_move_amount("$200", Some("$")), Ok(200));
    }

    #[test]
    fn every_refusal_is_a_sentence() {
        for error in [
            AmountInputError::Empty,
            AmountInputError::NotAnAmount("x".to_owned()),
            AmountInputError::Zero,
            AmountInputError::Negative,
            AmountInputError::Fraction,
            AmountInputError::TooLarge,
        ] {
            let message = error.message();
            assert!(message.ends_with('.') && message.len() > 20, "{message}");
        }
    }
}
