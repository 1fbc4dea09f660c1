//! `google.protobuf.Timestamp` with the canonical protobuf JSON mapping.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::{DateTime, Datelike, Timelike, Utc};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Seconds of `0001-01-01T00:00:00Z`, the smallest timestamp protobuf allows and
/// the value Go sends for a zero `time.Time`.
const MIN_SECONDS: i64 = -62_135_596_800;
/// Seconds of `9999-12-31T23:59:59Z`, the largest timestamp protobuf allows.
const MAX_SECONDS: i64 = 253_402_300_799;

/// A point in time, independent of any time zone, with nanosecond precision.
///
/// Binary encoding and field numbers are those of `google.protobuf.Timestamp`.
/// JSON is an RFC 3339 string in UTC ending in `Z`, with 0, 3, 6 or 9 fraction
/// digits (the fewest that represent the value exactly), as Go's protojson
/// writes it; on input any RFC 3339 offset and 0 to 9 fraction digits are
/// accepted.
#[derive(Clone, Copy, PartialEq, Eq, Hash, prost::Message)]
pub struct Timestamp {
    /// Seconds since the Unix epoch, from `0001-01-01T00:00:00Z` to
    /// `9999-12-31T23:59:59Z`.
    #[prost(int64, tag = "1")]
    pub seconds: i64,
    /// Non-negative fraction of a second, 0 to 999 999 999 nanoseconds.
    #[prost(int32, tag = "2")]
    pub nanos: i32,
}

/// Why a [`Timestamp`] cannot be written or read as RFC 3339.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampError(String);

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TimestampError {}

impl Timestamp {
    /// The zero time of Go (`0001-01-01T00:00:00Z`), which Go plugins send for
    /// "unknown" and "never".
    pub const GO_ZERO: Timestamp = Timestamp {
        seconds: MIN_SECONDS,
        nanos: 0,
    };

    /// The current time.
    pub fn now() -> Self {
        SystemTime::now().into()
    }

    /// Whether this is the Go zero time or the all-zero message (the Unix epoch),
    /// the two ways peers say "not set".
    pub fn is_unset(&self) -> bool {
        *self == Self::GO_ZERO || (self.seconds == 0 && self.nanos == 0)
    }

    fn to_datetime(self) -> Result<DateTime<Utc>, TimestampError> {
        if !(MIN_SECONDS..=MAX_SECONDS).contains(&self.seconds) {
            return Err(TimestampError(format!(
                "timestamp seconds {} out of range [0001-01-01, 9999-12-31]",
                self.seconds
            )));
        }
        let nanos = u32::try_from(self.nanos)
            .ok()
            .filter(|n| *n < 1_000_000_000)
            .ok_or_else(|| {
                TimestampError(format!("timestamp nanos {} out of range", self.nanos))
            })?;
        DateTime::from_timestamp(self.seconds, nanos)
            .ok_or_else(|| TimestampError(format!("timestamp {self:?} is not representable")))
    }

    /// The RFC 3339 form used in JSON, for example `2025-01-02T03:04:05.600Z`.
    pub fn to_rfc3339(&self) -> Result<String, TimestampError> {
        let mut text = Rfc3339::default();
        Ok(self.write_rfc3339(&mut text)?.to_owned())
    }

    /// Writes the RFC 3339 form into `out`, without allocating (every answer
    /// carries three timestamps): the same text as chrono's
    /// `to_rfc3339_opts(SecondsFormat::AutoSi, true)`, whose choice of 0, 3, 6
    /// or 9 digits is exactly protojson's.
    fn write_rfc3339<'a>(&self, out: &'a mut Rfc3339) -> Result<&'a str, TimestampError> {
        let time = self.to_datetime()?.naive_utc();
        let fraction = match self.nanos as u32 {
            0 => None,
            n if n % 1_000_000 == 0 => Some((n / 1_000_000, 3)),
            n if n % 1_000 == 0 => Some((n / 1_000, 6)),
            n => Some((n, 9)),
        };
        let mut len = 0;
        let mut put = |text: &mut [u8; RFC3339_MAX], value: u32, width: usize, then: u8| {
            let mut value = value;
            for slot in text[len..len + width].iter_mut().rev() {
                *slot = b'0' + (value % 10) as u8;
                value /= 10;
            }
            text[len + width] = then;
            len += width + 1;
        };
        // `to_datetime` has checked the year (1 to 9999) and the nanos.
        put(&mut out.0, time.year() as u32, 4, b'-');
        put(&mut out.0, time.month(), 2, b'-');
        put(&mut out.0, time.day(), 2, b'T');
        put(&mut out.0, time.hour(), 2, b':');
        put(&mut out.0, time.minute(), 2, b':');
        match fraction {
            Some((value, width)) => {
                put(&mut out.0, time.second(), 2, b'.');
                put(&mut out.0, value, width, b'Z');
            }
            None => put(&mut out.0, time.second(), 2, b'Z'),
        }
        Ok(std::str::from_utf8(&out.0[..len]).expect("only ASCII digits and separators"))
    }

    /// Parses the RFC 3339 form (any offset; at most 9 fraction digits).
    pub fn parse_rfc3339(text: &str) -> Result<Self, TimestampError> {
        let invalid = |why: &str| TimestampError(format!("invalid timestamp {text:?}: {why}"));
        if let Some(dot) = text.find('.') {
            let digits = text[dot + 1..]
                .bytes()
                .take_while(u8::is_ascii_digit)
                .count();
            if digits == 0 || digits > 9 {
                return Err(invalid("the fraction must have 1 to 9 digits"));
            }
        }
        let parsed = DateTime::parse_from_rfc3339(text).map_err(|e| invalid(&e.to_string()))?;
        let utc = parsed.with_timezone(&Utc);
        let timestamp = Timestamp {
            seconds: utc.timestamp(),
            nanos: utc.timestamp_subsec_nanos() as i32,
        };
        // Validates the range after the offset is applied.
        timestamp.to_datetime().map_err(|e| invalid(&e.0))?;
        Ok(timestamp)
    }
}

impl From<SystemTime> for Timestamp {
    fn from(time: SystemTime) -> Self {
        match time.duration_since(UNIX_EPOCH) {
            Ok(after) => Timestamp {
                seconds: after.as_secs() as i64,
                nanos: after.subsec_nanos() as i32,
            },
            Err(before) => {
                let before = before.duration();
                let mut seconds = -(before.as_secs() as i64);
                let mut nanos = before.subsec_nanos() as i32;
                if nanos > 0 {
                    seconds -= 1;
                    nanos = 1_000_000_000 - nanos;
                }
                Timestamp { seconds, nanos }
            }
        }
    }
}

impl TryFrom<Timestamp> for SystemTime {
    type Error = TimestampError;

    fn try_from(timestamp: Timestamp) -> Result<Self, Self::Error> {
        let datetime = timestamp.to_datetime()?;
        let nanos = Duration::from_nanos(u64::from(datetime.timestamp_subsec_nanos()));
        let seconds = datetime.timestamp();
        Ok(if seconds >= 0 {
            UNIX_EPOCH + Duration::from_secs(seconds as u64) + nanos
        } else {
            UNIX_EPOCH - Duration::from_secs(seconds.unsigned_abs()) + nanos
        })
    }
}

/// The longest RFC 3339 form: `9999-12-31T23:59:59.999999999Z`.
const RFC3339_MAX: usize = 30;

/// The JSON text of [`Timestamp::GO_ZERO`].
const GO_ZERO_TEXT: &str = "0001-01-01T00:00:00Z";

/// Room for one RFC 3339 text on the stack.
#[derive(Default)]
struct Rfc3339([u8; RFC3339_MAX]);

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Most answers carry the Go zero time for at least one of their three
        // timestamps (the engine fills absent ones with it, as the Go engine
        // does): its text is known.
        if *self == Self::GO_ZERO {
            return serializer.serialize_str(GO_ZERO_TEXT);
        }
        let mut text = Rfc3339::default();
        let text = self
            .write_rfc3339(&mut text)
            .map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(text)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TimestampVisitor;

        impl Visitor<'_> for TimestampVisitor {
            type Value = Timestamp;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 timestamp string")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Timestamp, E> {
                Timestamp::parse_rfc3339(text).map_err(E::custom)
            }
        }

        deserializer.deserialize_str(TimestampVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn json(t: Timestamp) -> String {
        serde_json::to_string(&t).expect("serializable")
    }

    #[test]
    fn prints_utc_with_z_and_0_3_6_9_fraction_digits() {
        let base = 1_735_787_045; // 2025-01-02T03:04:05Z
        let cases = [
            (0, "\"2025-01-02T03:04:05Z\""),
            (600_000_000, "\"2025-01-02T03:04:05.600Z\""),
            (123_456_000, "\"2025-01-02T03:04:05.123456Z\""),
            (568_701_681, "\"2025-01-02T03:04:05.568701681Z\""),
            (1, "\"2025-01-02T03:04:05.000000001Z\""),
        ];
        for (nanos, expected) in cases {
            let t = Timestamp {
                seconds: base,
                nanos,
            };
            assert_eq!(json(t), expected);
        }
    }

    #[test]
    fn go_zero_time_round_trips() {
        assert_eq!(json(Timestamp::GO_ZERO), "\"0001-01-01T00:00:00Z\"");
        // The serializer's shortcut writes what the general path would.
        let mut text = Rfc3339::default();
        assert_eq!(
            Timestamp::GO_ZERO
                .write_rfc3339(&mut text)
                .expect("in range"),
            GO_ZERO_TEXT
        );
        let back: Timestamp = serde_json::from_str("\"0001-01-01T00:00:00Z\"").expect("parses");
        assert_eq!(back, Timestamp::GO_ZERO);
        assert!(back.is_unset());
    }

    #[test]
    fn reads_offsets_and_short_fractions() {
        let t: Timestamp = serde_json::from_str("\"2025-01-02T05:04:05.6+02:00\"").expect("parses");
        assert_eq!(
            t,
            Timestamp {
                seconds: 1_735_787_045,
                nanos: 600_000_000
            }
        );
    }

    #[test]
    fn rejects_bad_input_with_a_reason() {
        for bad in [
            "\"2025-01-02\"",
            "\"2025-01-02T03:04:05.1234567891Z\"",
            "\"2025-01-02T03:04:05.Z\"",
            "\"10000-01-01T00:00:00Z\"",
            "\"0000-12-31T23:59:59Z\"",
            "12",
        ] {
            let err = serde_json::from_str::<Timestamp>(bad).expect_err(bad);
            assert!(!err.to_string().is_empty());
        }
        let out_of_range = Timestamp {
            seconds: MAX_SECONDS + 1,
            nanos: 0,
        };
        assert!(serde_json::to_string(&out_of_range).is_err());
        let bad_nanos = Timestamp {
            seconds: 0,
            nanos: -1,
        };
        assert!(serde_json::to_string(&bad_nanos).is_err());
    }

    #[test]
    fn system_time_conversions_agree() {
        let before_epoch = UNIX_EPOCH - Duration::from_millis(1500);
        let t = Timestamp::from(before_epoch);
        assert_eq!(
            t,
            Timestamp {
                seconds: -2,
                nanos: 500_000_000
            }
        );
        assert_eq!(SystemTime::try_from(t).expect("in range"), before_epoch);
    }

    proptest! {
        #[test]
        fn json_round_trips(seconds in MIN_SECONDS..=MAX_SECONDS, nanos in 0i32..1_000_000_000) {
            let t = Timestamp { seconds, nanos };
            let text = json(t);
            prop_assert!(text.ends_with("Z\""));
            let fraction = text.split('.').nth(1).map(|f| f.len() - 2).unwrap_or(0);
            prop_assert!([0, 3, 6, 9].contains(&fraction), "{}", text);
            let back: Timestamp = serde_json::from_str(&text).expect("own output parses");
            prop_assert_eq!(back, t);
        }

        /// The hand-written formatter gives chrono's text, for round and
        /// unround fractions alike.
        #[test]
        fn writes_what_chrono_writes(
            seconds in MIN_SECONDS..=MAX_SECONDS,
            nanos in prop_oneof![
                Just(0u32),
                (0u32..1_000).prop_map(|n| n * 1_000_000),
                (0u32..1_000_000).prop_map(|n| n * 1_000),
                0u32..1_000_000_000,
            ],
        ) {
            let t = Timestamp { seconds, nanos: nanos as i32 };
            let chrono = DateTime::from_timestamp(seconds, nanos)
                .expect("in range")
                .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
            prop_assert_eq!(t.to_rfc3339().expect("in range"), chrono);
        }
    }
}
