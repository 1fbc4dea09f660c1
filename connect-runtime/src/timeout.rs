//! The `Connect-Timeout-Ms` header.

use std::time::Duration;

use tonic::Status;

/// The header a Connect client uses to send its deadline.
pub const HEADER: &str = "connect-timeout-ms";

/// Parses a `Connect-Timeout-Ms` value: 1 to 10 ASCII digits of milliseconds,
/// as the protocol says. Anything else is `invalid_argument` (`parse timeout: …`).
pub fn parse(value: &str) -> Result<Duration, Status> {
    if value.is_empty() || value.len() > 10 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Status::invalid_argument(format!(
            "parse timeout: {value:?} is not 1 to 10 digits of milliseconds"
        )));
    }
    let millis: u64 = value
        .parse()
        .map_err(|e| Status::invalid_argument(format!("parse timeout: {e}")))?;
    Ok(Duration::from_millis(millis))
}

/// The header value for a client deadline, in milliseconds, clamped to what
/// 10 digits hold.
pub fn millis(timeout: Duration) -> u64 {
    // Fits: clamped to 10 digits.
    timeout.as_millis().clamp(1, 9_999_999_999) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_digits_only() {
        assert_eq!(parse("5000").ok(), Some(Duration::from_secs(5)));
        assert_eq!(parse("0").ok(), Some(Duration::ZERO));
        for bad in ["", "-1", "1.5", "12345678901", "5s", " 5"] {
            let err = parse(bad).expect_err(bad);
            assert!(err.message().starts_with("parse timeout: "), "{bad}");
        }
        assert_eq!(millis(Duration::from_micros(10)), 1);
        assert_eq!(millis(Duration::from_secs(2)), 2000);
    }
}
