//! The one clock of a run: the date a report names and the date waivers
//! expire against are the same date.
//!
//! `RESCUE_INTEROP_DATE=YYYY-MM-DD` sets it; else `SOURCE_DATE_EPOCH` (the
//! reproducible-builds convention: seconds since 1970-01-01 UTC) does; else
//! the system clock's UTC date. A variable that is set but not a valid date
//! is an error (exit 2), never printed as it stands.

use crate::waivers::Date;

/// The variable that sets the date of reports and waiver expiry.
pub const DATE_VARIABLE: &str = "RESCUE_INTEROP_DATE";
/// The reproducible-builds variable (reproducible-builds.org/specs/source-date-epoch).
pub const EPOCH_VARIABLE: &str = "SOURCE_DATE_EPOCH";

/// Today, as this run sees it, or why the environment's date is wrong.
pub fn today() -> Result<Date, String> {
    today_from(
        std::env::var(DATE_VARIABLE).ok().as_deref(),
        std::env::var(EPOCH_VARIABLE).ok().as_deref(),
        system_seconds(),
    )
}

/// Today, with a bad variable taken as unset: for code that runs after
/// [`today`] was checked at start-up.
pub fn today_or_system() -> Date {
    today().unwrap_or_else(|_| Date::from_days_since_epoch(system_seconds().div_euclid(86_400)))
}

fn system_seconds() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// [`today`] from the variables' values and the system clock.
pub fn today_from(date: Option<&str>, epoch: Option<&str>, now: i64) -> Result<Date, String> {
    if let Some(text) = date.filter(|t| !t.trim().is_empty()) {
        return parse_date(text.trim()).ok_or_else(|| {
            format!(
                "error: {DATE_VARIABLE}='{}': expected a calendar date YYYY-MM-DD, such as 2026-01-31",
                crate::text::escape_for_terminal(text)
            )
        });
    }
    if let Some(text) = epoch.filter(|t| !t.trim().is_empty()) {
        return text
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|s| (0..=253_402_300_799).contains(s))
            .map(|s| Date::from_days_since_epoch(s / 86_400))
            .ok_or_else(|| {
                format!(
                    "error: {EPOCH_VARIABLE}='{}': expected whole seconds since 1970-01-01 UTC, such as 1767225600",
                    crate::text::escape_for_terminal(text)
                )
            });
    }
    Ok(Date::from_days_since_epoch(now.div_euclid(86_400)))
}

/// `YYYY-MM-DD` exactly: four, two and two digits, a real date.
fn parse_date(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    let shape = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if shape { Date::parse(text) } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_date_variable_wins_and_is_validated() {
        let d = |y, m, day| Date {
            year: y,
            month: m,
            day,
        };
        assert_eq!(
            today_from(Some("2026-02-28"), Some("0"), 0),
            Ok(d(2026, 2, 28))
        );
        assert!(today_from(Some("2025-13-45"), None, 0).is_err());
        assert!(today_from(Some("2025-02-29"), None, 0).is_err());
        assert!(today_from(Some("2025-2-3"), None, 0).is_err());
        assert_eq!(today_from(None, Some("1767225600"), 0), Ok(d(2026, 1, 1)));
        assert!(today_from(None, Some("yesterday"), 0).is_err());
        assert!(today_from(None, Some("-5"), 0).is_err());
        assert_eq!(today_from(Some(" "), None, 86_400), Ok(d(1970, 1, 2)));
    }
}
