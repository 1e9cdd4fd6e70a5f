//! Converters from published CSV returns to Whole Place format 1.1 files (native only): reading
//! the extracts, exact £ thousand → pounds, apportioning a larger area's total by a stated share,
//! and the deterministic JSON writer ([`document`]). [`shropshire`] builds the shipped
//! "published figures" dataset. For publishers: [`from_dataset`] writes a loaded file back with
//! facts summed (`whole-place compact`), [`assemble`] builds a file from a header and
//! newline-delimited facts (`whole-place assemble`).
//!
//! Money is `rust_decimal::Decimal` from the CSV text to the written amount: a number is parsed
//! from its text with [`Decimal::from_str_exact`] (an error, never a silent rounding, if it has
//! more digits than a Decimal holds), multiplied exactly, and rounded once, to the penny, halves
//! away from zero ([`RoundingStrategy::MidpointAwayFromZero`]).

pub mod assemble;
pub mod document;
pub mod from_dataset;
pub mod shropshire;

use rust_decimal::{Decimal, RoundingStrategy};
use std::fmt;
use std::path::Path;

/// Why a conversion stopped: the extract file, the CSV line (1 = the header) where known, and a
/// plain-English message. Occurs when a file is missing or unreadable, a column or an expected
/// line is absent, a number is not plain decimal text, or two published figures that must agree
/// do not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvertError {
    /// The extract's file name (in the sources folder), or `"(output)"` for the writer.
    pub file: String,
    /// 1-based line in the CSV file, when the problem is one row.
    pub line: Option<u64>,
    /// What is wrong, in a sentence.
    pub message: String,
}

impl ConvertError {
    /// A problem with a whole file (or with figures from several of its rows).
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        ConvertError { file: file.to_owned(), line: None, message: message.into() }
    }
}

impl fmt::Display for ConvertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}, line {}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for ConvertError {}

/// One CSV extract read whole: its header names and its records, each with its line number.
pub struct Table {
    file: String,
    headers: Vec<String>,
    records: Vec<(u64, csv::StringRecord)>,
}

/// One record of a [`Table`], with the context needed to report a problem at it.
pub struct Row<'a> {
    table: &'a Table,
    line: u64,
    record: &'a csv::StringRecord,
}

impl Table {
    /// Reads `dir/file` as CSV with a header line (the `csv` crate: quoted fields, commas in
    /// names). Errors: the file cannot be opened or is not well-formed CSV.
    pub fn read(dir: &Path, file: &str) -> Result<Table, ConvertError> {
        let path = dir.join(file);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_path(&path)
            .map_err(|e| ConvertError::file(file, format!("cannot read {}: {e}", path.display())))?;
        let headers = reader
            .headers()
            .map_err(|e| ConvertError::file(file, format!("cannot read the header line: {e}")))?
            .iter()
            .map(str::to_owned)
            .collect();
        let mut records = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| ConvertError::file(file, format!("not well-formed CSV: {e}")))?;
            let line = record.position().map_or(0, |p| p.line());
            records.push((line, record));
        }
        Ok(Table { file: file.to_owned(), headers, records })
    }

    /// The file name, for messages.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The index of the column named `name` (exactly). Errors: no such column.
    pub fn column(&self, name: &str) -> Result<usize, ConvertError> {
        self.headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| ConvertError::file(&self.file, format!("has no column \"{name}\"")))
    }

    /// The records in file order.
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.records.iter().map(move |(line, record)| Row { table: self, line: *line, record })
    }
}

impl Row<'_> {
    /// The text in column `column`, trimmed; empty when the record is short.
    pub fn text(&self, column: usize) -> &str {
        self.record.get(column).map_or("", str::trim)
    }

    /// The number in column `column`, exactly as written. Errors: not plain decimal text.
    pub fn decimal(&self, column: usize) -> Result<Decimal, ConvertError> {
        let text = self.text(column);
        parse_decimal(text).ok_or_else(|| self.error(format!("\"{text}\" is not a plain decimal number")))
    }

    /// A problem at this record.
    pub fn error(&self, message: impl Into<String>) -> ConvertError {
        ConvertError { file: self.table.file.clone(), line: Some(self.line), message: message.into() }
    }
}

/// Plain decimal text (`-12.5`, `146776.1650069928`) as an exact Decimal; `None` for anything
/// else (empty, exponent, more digits than a Decimal holds exactly).
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let plain = !text.is_empty()
        && text.trim_start_matches('-').chars().all(|c| c.is_ascii_digit() || c == '.')
        && text.chars().filter(|&c| c == '.').count() <= 1;
    if plain { Decimal::from_str_exact(text).ok() } else { None }
}

/// A figure published in £ thousand as pounds: × 1000 exactly, then to the nearest penny,
/// halves away from zero. `None` only if the figure is too large for a Decimal.
pub fn thousands_to_pounds(thousands: Decimal) -> Option<Decimal> {
    thousands.checked_mul(Decimal::ONE_THOUSAND).map(to_penny)
}

/// Rounds an amount in pounds to the nearest penny, halves away from zero.
pub fn to_penny(pounds: Decimal) -> Decimal {
    pounds.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// `total × numerator / denominator`, to the nearest penny (halves away from zero): the
/// apportioned part of a larger area's total. The product is exact; the one division is carried
/// to Decimal's 28 significant digits before the single rounding. `None` when the denominator is
/// zero or the figures overflow.
pub fn apportion(total: Decimal, numerator: Decimal, denominator: Decimal) -> Option<Decimal> {
    if denominator.is_zero() {
        return None;
    }
    total.checked_mul(numerator)?.checked_div(denominator).map(to_penny)
}

/// Pounds as the file's amount text: exactly two decimals (`"166905000.00"`).
pub fn money_text(pounds: Decimal) -> String {
    let mut penny = to_penny(pounds);
    penny.rescale(2);
    penny.to_string()
}

/// A number for a sentence, with thousands separators: `104912.5` → `"104,912.5"`,
/// `-1425820.00` → `"-1,425,820.00"`.
pub fn grouped(number: Decimal) -> String {
    let text = number.to_string();
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (unsigned, None),
    };
    let mut out = String::from(sign);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    if let Some(fraction) = fraction {
        out.push('.');
        out.push_str(fraction);
    }
    out
}

/// Pounds for a sentence: `£1,234,567.89`, or `£1,234,567` when there are no pence.
pub fn pounds_text(pounds: Decimal) -> String {
    let mut shown = to_penny(pounds);
    shown.rescale(if shown.fract().is_zero() { 0 } else { 2 });
    let text = grouped(shown);
    match text.strip_prefix('-') {
        Some(rest) => format!("−£{rest}"),
        None => format!("£{text}"),
    }
}

/// A share as a percentage with two decimals (`0.25026…` → `"25.03%"`), halves away from zero.
pub fn percent_text(numerator: Decimal, denominator: Decimal) -> String {
    match numerator.checked_mul(Decimal::ONE_HUNDRED).and_then(|n| n.checked_div(denominator)) {
        Some(p) => {
            let mut p = p.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
            p.rescale(2);
            format!("{p}%")
        }
        None => "(no share)".to_owned(),
    }
}

/// An id from a published name: lower case ASCII letters and digits, other runs as one hyphen
/// (`"Department for Work and Pensions"` → `"department-for-work-and-pensions"`).
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if matches!(c, '\'' | '\u{2019}') {
            // "Children's" → "childrens", not "children-s".
        } else if c == '&' {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
            out.push_str("and-");
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap_or_default()
    }

    #[test]
    fn money_rules() {
        // (input £ thousand, pounds text)
        let cases = [
            ("166905.0", "166905000.00"),
            ("146776.1650069928", "146776165.01"),
            ("0.000005", "0.01"),
            ("-0.000005", "-0.01"),
            ("7155.05555", "7155055.55"),
            ("-549.07", "-549070.00"),
        ];
        for (thousands, expected) in cases {
            let pounds = thousands_to_pounds(d(thousands)).unwrap_or_default();
            assert_eq!(money_text(pounds), expected, "{thousands}");
        }
    }

    #[test]
    fn apportion_rounds_once_half_away_from_zero() {
        // (total, numerator, denominator, expected)
        let cases = [
            ("1.00", "1", "8", "0.13"), // 0.125 → 0.13
            ("-1.00", "1", "8", "-0.13"),
            ("221752000", "104912.5", "419220.9", "55494744.42"), // exact: 55,494,744.4176…,
            ("10", "1", "0", ""),
        ];
        for (total, num, den, expected) in cases {
            let got = apportion(d(total), d(num), d(den)).map(money_text).unwrap_or_default();
            assert_eq!(got, expected, "{total} × {num} / {den}");
        }
    }

    #[test]
    fn text_helpers() {
        assert_eq!(grouped(d("104912.5")), "104,912.5");
        assert_eq!(grouped(d("-1425820.00")), "-1,425,820.00");
        assert_eq!(grouped(d("999")), "999");
        assert_eq!(pounds_text(d("70499000")), "£70,499,000");
        assert_eq!(pounds_text(d("-12.5")), "−£12.50");
        assert_eq!(percent_text(d("104912.5"), d("419220.9")), "25.03%");
        assert_eq!(slug("Department for Work and Pensions"), "department-for-work-and-pensions");
        assert_eq!(slug("Uk Trade & Investment"), "uk-trade-and-investment");
        assert_eq!(slug("Cabinet Office: Civil Superannuation"), "cabinet-office-civil-superannuation");
        assert_eq!(slug("Children's Services"), "childrens-services");
        for bad in ["", "1e3", "1.2.3", "12a", " 1"] {
            assert_eq!(parse_decimal(bad), None, "{bad:?}");
        }
        assert_eq!(parse_decimal("-0.5"), Some(d("-0.5")));
    }
}
