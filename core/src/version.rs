//! Plugin and engine versions, as the Go side checks them.

/// Whether `version` is valid for Go's `golang.org/x/mod/semver.IsValid`, as
/// the Go engine's `NewVersion` requires: `v1`, `v1.2` and
/// `v1.2.3` (only the full form takes `-pre-release` and `+build`), no
/// leading zeros, identifiers of `[0-9A-Za-z-]`.
pub fn is_valid_version(version: &str) -> bool {
    let Some(mut rest) = version.strip_prefix('v') else {
        return false;
    };
    let mut numbers = 0;
    loop {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || (digits > 1 && rest.starts_with('0')) {
            return false;
        }
        rest = &rest[digits..];
        numbers += 1;
        match rest.strip_prefix('.') {
            Some(next) if numbers < 3 => rest = next,
            _ => break,
        }
    }
    if rest.is_empty() {
        return true;
    }
    if numbers < 3 {
        return false;
    }
    if let Some(pre) = rest.strip_prefix('-') {
        let end = pre.find('+').unwrap_or(pre.len());
        if !identifiers(&pre[..end], true) {
            return false;
        }
        rest = &pre[end..];
    }
    match rest.strip_prefix('+') {
        Some(build) => identifiers(build, false),
        None => rest.is_empty(),
    }
}

/// Dot-separated non-empty `[0-9A-Za-z-]` identifiers; pre-release numbers
/// take no leading zero.
fn identifiers(list: &str, pre_release: bool) -> bool {
    list.split('.').all(|id| {
        let numeric = id.bytes().all(|b| b.is_ascii_digit());
        !id.is_empty()
            && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !(pre_release && numeric && id.len() > 1 && id.starts_with('0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_follow_go_semver() {
        for valid in [
            "v0",
            "v1",
            "v1.0",
            "v0.1.0",
            "v1.2.3",
            "v1.2.3-rc.1+meta",
            "v1.2.3-0a.1",
            "v1.2.3+001",
            "v10.20.30-alpha-beta",
        ] {
            assert!(is_valid_version(valid), "{valid}");
        }
        for invalid in [
            "",
            "v",
            "1.2.3",
            "v01",
            "v1.02",
            "v1.",
            "v1.2.3.4",
            "v1-rc",
            "v1.2+meta",
            "v1.2.3-",
            "v1.2.3+",
            "v1.2.3-rc..1",
            "v1.2.3-01",
            "v1.2.3-ü",
            "v1.2.3 ",
        ] {
            assert!(!is_valid_version(invalid), "{invalid}");
        }
    }
}
