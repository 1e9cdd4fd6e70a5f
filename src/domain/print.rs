//! What printed pages say that the screen does not: the date they were printed, in words.
//! The shell reads the clock (on `beforeprint`) and passes the calendar date in.

use time::{Date, Month};

/// The print date in words, e.g. `print_date(2026, 11, 30)` is `Some("30 November 2026")`:
/// day, month name, year, as British English writes dates, so no reader mistakes 3/4 for
/// 4 March or 3 April. `month` is 1 to 12; `None` for a date that does not exist.
pub fn print_date(year: i32, month: u8, day: u8) -> Option<String> {
    let month = Month::try_from(month).ok()?;
    let date = Date::from_calendar_date(year, month, day).ok()?;
    Some(format!("{} {} {}", date.day(), month_name(date.month()), date.year()))
}

/// The month's English name.
fn month_name(month: Month) -> &'static str {
    match month {
        Month::January => "January",
        Month::February => "February",
        Month::March => "March",
        Month::April => "April",
        Month::May => "May",
        Month::June => "June",
        Month::July => "July",
        Month::August => "August",
        Month::September => "September",
        Month::October => "October",
        Month::November => "November",
        Month::December => "December",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_words_and_impossible_dates_refused() {
        // (year, month, day, words)
        let cases: &[(i32, u8, u8, Option<&str>)] = &[
            (2026, 11, 30, Some("30 November 2026")),
            (2027, 1, 1, Some("1 January 2027")),
            (2028, 2, 29, Some("29 February 2028")),
            (2027, 2, 29, None),
            (2026, 13, 1, None),
            (2026, 0, 1, None),
            (2026, 4, 31, None),
        ];
        for &(year, month, day, words) in cases {
            assert_eq!(print_date(year, month, day).as_deref(), words, "{year}-{month}-{day}");
        }
    }
}
