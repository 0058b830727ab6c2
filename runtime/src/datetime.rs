//! Dates and times as the server sent them: [`DateTime`], [`Date`] and
//! [`Time`] keep the text, so a value in a sloppier format than the spec's
//! (no offset, a space for `T`, a Unix timestamp) never fails to decode and
//! is written back unchanged. `time`'s types come on demand (the `time`
//! feature), parsed leniently.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a date or time could not be read as one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a {what}")]
pub struct ParseError {
    /// The text as it came.
    pub text: String,
    /// What it should have been (`date-time (RFC 3339)`).
    pub what: &'static str,
}

macro_rules! temporal {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name(String);

        impl $name {
            /// The value as text, exactly as given or received.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The text, owned.
            pub fn into_string(self) -> String {
                self.0
            }

            #[cfg(feature = "time")]
            fn error(&self) -> ParseError {
                ParseError { text: self.0.clone(), what: $what }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<String> for $name {
            fn from(text: String) -> Self {
                $name(text)
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                $name(text.to_owned())
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            /// A string as it is; a number (a Unix timestamp where text was
            /// documented) as its decimal text.
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                match serde_json::Value::deserialize(deserializer)? {
                    serde_json::Value::String(text) => Ok($name(text)),
                    serde_json::Value::Number(n) => Ok($name(n.to_string())),
                    other => Err(serde::de::Error::custom(format!("expected a {} as text, got {other}", $what))),
                }
            }
        }
    };
}

temporal!(
    /// A date and time (`2024-05-01T12:30:00Z`, RFC 3339), kept as the text
    /// the server sent; [`to_offset_date_time`](Self::to_offset_date_time)
    /// reads it.
    DateTime,
    "date-time (RFC 3339)"
);

temporal!(
    /// A calendar date (`2024-05-01`), kept as text; [`to_date`](Self::to_date) reads it.
    Date,
    "date (YYYY-MM-DD)"
);

temporal!(
    /// A time of day (`12:30:00`, `12:30:00.5+02:00`), kept as text;
    /// [`to_time`](Self::to_time) reads it.
    Time,
    "time (HH:MM:SS)"
);

#[cfg(feature = "time")]
mod parse {
    use time::format_description::well_known::Rfc3339;
    use time::macros::format_description;
    use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

    use super::{Date, DateTime, ParseError, Time};

    impl DateTime {
        /// The value as a `time::OffsetDateTime`: RFC 3339, else leniently
        /// a space for `T`, a lower-case `t`/`z`, no seconds, an offset
        /// without a colon, no offset (read as UTC), or a Unix timestamp in
        /// seconds (in milliseconds beyond year 33658).
        pub fn to_offset_date_time(&self) -> Result<OffsetDateTime, ParseError> {
            let text = self.as_str().trim();
            if let Ok(seconds) = text.parse::<i64>() {
                let nanos = if seconds.unsigned_abs() >= 1_000_000_000_000 {
                    i128::from(seconds) * 1_000_000
                } else {
                    i128::from(seconds) * 1_000_000_000
                };
                return OffsetDateTime::from_unix_timestamp_nanos(nanos).map_err(|_| self.error());
            }
            let normal: String = text
                .char_indices()
                .map(|(i, c)| match c {
                    ' ' if i == 10 => 'T',
                    't' => 'T',
                    'z' => 'Z',
                    other => other,
                })
                .collect();
            if let Ok(value) = OffsetDateTime::parse(&normal, &Rfc3339) {
                return Ok(value);
            }
            // The offset (`Z`, `+02:00`, `+0200`), if any, after the time of day.
            let (local, offset) = match normal.get(11..).and_then(|time| time.find(['Z', '+', '-'])) {
                Some(at) => normal.split_at(11 + at),
                None => (normal.as_str(), ""),
            };
            let offset = match offset {
                "" | "Z" => UtcOffset::UTC,
                other => {
                    let with_colon = format_description!("[offset_hour sign:mandatory]:[offset_minute]");
                    let without = format_description!("[offset_hour sign:mandatory][offset_minute]");
                    UtcOffset::parse(other, with_colon)
                        .or_else(|_| UtcOffset::parse(other, without))
                        .map_err(|_| self.error())?
                }
            };
            let format = format_description!(
                "[year]-[month]-[day]T[hour]:[minute][optional [:[second][optional [.[subsecond]]]]]"
            );
            PrimitiveDateTime::parse(local, format).map(|t| t.assume_offset(offset)).map_err(|_| self.error())
        }
    }

    impl From<OffsetDateTime> for DateTime {
        /// RFC 3339 text.
        fn from(value: OffsetDateTime) -> Self {
            let text = value.format(&Rfc3339).unwrap_or_else(|_| value.to_string());
            DateTime(text)
        }
    }

    impl Date {
        /// The value as a `time::Date`: `YYYY-MM-DD`, or the date of a date-time.
        pub fn to_date(&self) -> Result<time::Date, ParseError> {
            let text = self.as_str().trim();
            let day = text.get(..10).unwrap_or(text);
            time::Date::parse(day, format_description!("[year]-[month]-[day]")).map_err(|_| self.error())
        }
    }

    impl From<time::Date> for Date {
        /// `YYYY-MM-DD`.
        fn from(value: time::Date) -> Self {
            let text = value.format(format_description!("[year]-[month]-[day]")).unwrap_or_else(|_| value.to_string());
            Date(text)
        }
    }

    impl Time {
        /// The value as a `time::Time`, and its offset from UTC when it has
        /// one: `HH:MM[:SS[.fraction]]`, then `Z` or `±HH:MM`.
        pub fn to_time(&self) -> Result<(time::Time, Option<UtcOffset>), ParseError> {
            let text = self.as_str().trim();
            let (clock, offset) = match text.find(['Z', 'z', '+', '-']) {
                Some(at) => text.split_at(at),
                None => (text, ""),
            };
            let offset = match offset {
                "" => None,
                "Z" | "z" => Some(UtcOffset::UTC),
                other => Some(
                    UtcOffset::parse(other, format_description!("[offset_hour sign:mandatory]:[offset_minute]"))
                        .map_err(|_| self.error())?,
                ),
            };
            let with_seconds = format_description!("[hour]:[minute]:[second][optional [.[subsecond]]]");
            let time = time::Time::parse(clock, with_seconds)
                .or_else(|_| time::Time::parse(clock, format_description!("[hour]:[minute]")))
                .map_err(|_| self.error())?;
            Ok((time, offset))
        }
    }

    impl From<time::Time> for Time {
        /// `HH:MM:SS`, with a fraction when it has one.
        fn from(value: time::Time) -> Self {
            let format = format_description!("[hour]:[minute]:[second][optional [.[subsecond]]]");
            let text = if value.nanosecond() == 0 {
                value.format(format_description!("[hour]:[minute]:[second]"))
            } else {
                value.format(format)
            };
            Time(text.unwrap_or_else(|_| value.to_string()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_as_they_came() {
        for json in [r#""2024-05-01T12:30:00Z""#, r#""2024-05-01 12:30""#, "1714566600", r#""garbage""#] {
            let value: DateTime = serde_json::from_str(json).unwrap();
            let back = serde_json::to_string(&value).unwrap();
            let expected = if json.starts_with('"') { json.to_owned() } else { format!("\"{json}\"") };
            assert_eq!(back, expected);
        }
        assert!(serde_json::from_str::<Date>("true").is_err());
        assert_eq!(Date::from("2024-05-01"), "2024-05-01");
    }

    #[cfg(feature = "time")]
    #[test]
    fn sloppy_values_are_read_leniently() {
        let utc = |text: &str| DateTime::from(text).to_offset_date_time().map(|t| t.unix_timestamp());
        let expected = Ok(1_714_566_600);
        assert_eq!(utc("2024-05-01T12:30:00Z"), expected);
        assert_eq!(utc("2024-05-01T14:30:00+02:00"), expected);
        assert_eq!(utc("2024-05-01 12:30:00z"), expected);
        assert_eq!(utc("2024-05-01T12:30:00"), expected);
        assert_eq!(utc("2024-05-01T12:30:00.250"), expected);
        assert_eq!(utc("2024-05-01 12:30"), expected);
        assert_eq!(utc("2024-05-01T14:30+02:00"), expected);
        assert_eq!(utc("2024-05-01T14:30:00+0200"), expected);
        assert_eq!(utc("2024-05-01T10:30:00-02:00"), expected);
        assert!(utc("2024-05-01").is_err());
        assert_eq!(utc("1714566600"), expected);
        assert_eq!(utc("1714566600000"), expected);
        assert_eq!(utc("yesterday").unwrap_err().what, "date-time (RFC 3339)");
        let now = time::OffsetDateTime::from_unix_timestamp(1_714_566_600).unwrap();
        assert_eq!(DateTime::from(now), "2024-05-01T12:30:00Z");

        let day = Date::from("2024-05-01").to_date().unwrap();
        assert_eq!((day.year(), u8::from(day.month()), day.day()), (2024, 5, 1));
        assert_eq!(Date::from("2024-05-01T12:30:00Z").to_date().unwrap(), day);
        assert_eq!(Date::from(day), "2024-05-01");
        assert!(Date::from("May 1").to_date().is_err());

        let (clock, offset) = Time::from("12:30:05.5+02:00").to_time().unwrap();
        assert_eq!((clock.hour(), clock.minute(), clock.second(), clock.millisecond()), (12, 30, 5, 500));
        assert_eq!(offset.map(|o| o.whole_hours()), Some(2));
        assert_eq!(Time::from("12:30").to_time().unwrap().0.minute(), 30);
        assert_eq!(Time::from("07:05Z").to_time().unwrap().1, Some(time::UtcOffset::UTC));
        assert_eq!(Time::from(clock), "12:30:05.5");
        assert!(Time::from("noon").to_time().is_err());
    }
}
