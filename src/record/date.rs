//! When a flown event happened: a UTC day, or the window a source allows
//! when it gives no day ("after MS-23 docked, before MS-22 left").

use std::fmt;

use chrono::{Datelike, NaiveDate};
use schemars::{Schema, SchemaGenerator, json_schema};

use crate::spec::field::{Expected, FieldValue, ReadError, describe};

/// The day (UTC) of an event, or the earliest and latest days it can have
/// been when the source gives no day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct EventDate {
    pub earliest: NaiveDate,
    pub latest: NaiveDate,
}

impl EventDate {
    /// One day.
    pub fn day(date: NaiveDate) -> Self {
        EventDate {
            earliest: date,
            latest: date,
        }
    }

    /// Whether the source gives the day itself.
    pub fn is_exact(&self) -> bool {
        self.earliest == self.latest
    }
}

/// "26 Feb 2023".
fn day_text(date: NaiveDate) -> String {
    date.format("%-d %b %Y").to_string()
}

impl fmt::Display for EventDate {
    /// "26 Feb 2023", or "between 26 Feb and 5 Apr 2023".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_exact() {
            return f.write_str(&day_text(self.earliest));
        }
        let first = if self.earliest.year() == self.latest.year() {
            self.earliest.format("%-d %b").to_string()
        } else {
            day_text(self.earliest)
        };
        write!(f, "between {first} and {}", day_text(self.latest))
    }
}

const EXPECTED: Expected = Expected::new(
    "a UTC date \"YYYY-MM-DD\", or { min = \"YYYY-MM-DD\", max = \"YYYY-MM-DD\" } when the source gives no day",
    "2023-02-26",
);

/// Reads one day, written as a string or as a TOML local date.
fn read_day(value: &toml::Value) -> Result<NaiveDate, ReadError> {
    let text = match value {
        toml::Value::String(s) => s.trim().to_string(),
        toml::Value::Datetime(d) if d.time.is_none() && d.offset.is_none() => d.to_string(),
        other => return Err(ReadError::new(describe(other))),
    };
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .ok()
        // Four-digit years only: "75-07-17" is not a date anyone means.
        .filter(|d| (1000..=9999).contains(&d.year()) && text.len() == 10)
        .ok_or_else(|| {
            ReadError::new(format!(
                "'{}', not a calendar date",
                crate::text::escape_for_terminal(&text)
            ))
        })
}

impl FieldValue for EventDate {
    fn expected() -> Expected {
        EXPECTED
    }

    fn read(value: &toml::Value) -> Result<Self, ReadError> {
        read_day(value).map(EventDate::day)
    }

    fn read_table(table: &toml::Table) -> Option<Result<Self, ReadError>> {
        let (Some(min), Some(max)) = (table.get("min"), table.get("max")) else {
            // Left to the field's "unknown keys" message.
            return None;
        };
        if table.len() != 2 {
            return None;
        }
        Some(read_day(min).and_then(|earliest| {
            let latest = read_day(max)?;
            if latest < earliest {
                return Err(ReadError::new(format!(
                    "a window from {} back to {}",
                    day_text(earliest),
                    day_text(latest)
                ))
                .with_help("write the earliest day as min and the latest as max"));
            }
            Ok(EventDate { earliest, latest })
        }))
    }

    fn table_keys() -> &'static [&'static str] {
        &["min", "max"]
    }

    fn value_schema(_: &mut SchemaGenerator) -> Schema {
        let day = json_schema!({ "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" });
        json_schema!({
            "anyOf": [
                day,
                {
                    "type": "object",
                    "properties": { "min": day, "max": day },
                    "required": ["min", "max"],
                    "additionalProperties": false,
                }
            ]
        })
    }

    fn to_json(&self) -> serde_json::Value {
        if self.is_exact() {
            return self.earliest.to_string().into();
        }
        serde_json::json!({
            "min": self.earliest.to_string(),
            "max": self.latest.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<EventDate, ReadError> {
        let value: toml::Table = toml::from_str(&format!("d = {text}")).unwrap_or_default();
        match value.get("d") {
            Some(toml::Value::Table(t)) => {
                EventDate::read_table(t).unwrap_or_else(|| Err(ReadError::new("not a window")))
            }
            Some(v) => EventDate::read(v),
            None => Err(ReadError::new("no value")),
        }
    }

    #[test]
    fn reads_days_and_windows_and_shows_them() {
        assert_eq!(
            read("\"2023-02-26\"").map(|d| d.to_string()),
            Ok("26 Feb 2023".into())
        );
        assert_eq!(
            read("1975-07-17").map(|d| d.to_string()),
            Ok("17 Jul 1975".into())
        );
        let window = read("{ min = \"2023-02-26\", max = \"2023-04-05\" }");
        assert_eq!(
            window.map(|d| d.to_string()),
            Ok("between 26 Feb and 5 Apr 2023".into())
        );
        let across = read("{ min = \"2024-12-30\", max = \"2025-01-02\" }");
        assert_eq!(
            across.map(|d| d.to_string()),
            Ok("between 30 Dec 2024 and 2 Jan 2025".into())
        );
    }

    #[test]
    fn refuses_what_is_not_a_day() {
        for bad in [
            "\"2023-02-30\"",
            "\"26 Feb 2023\"",
            "\"75-07-17\"",
            "\"2023-2-6\"",
            "20230226",
            "1975-07-17T16:09:00Z",
            "{ min = \"2023-04-05\", max = \"2023-02-26\" }",
        ] {
            assert!(read(bad).is_err(), "{bad}");
        }
    }
}
