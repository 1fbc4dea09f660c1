//! `SecretValue` keeps its bytes out of every formatted output.

use secrets_core::SecretValue;

fn assert_redacted(text: &str) {
    assert!(!text.contains("hunter2"), "{text}");
    let bytes = b"hunter2";
    // Neither as `[104, 117, …]` nor as hex.
    let decimal = format!("{:?}", &bytes[..]);
    assert!(!text.contains(&decimal[1..decimal.len() - 1]), "{text}");
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    assert!(!text.to_lowercase().contains(&hex), "{text}");
}

#[test]
fn formatting_never_shows_the_bytes() {
    let value = SecretValue::from("hunter2");
    assert_eq!(format!("{value:?}"), "SecretValue(<redacted>)");
    assert_eq!(format!("{value}"), "<redacted>");
    assert_redacted(&format!("{value:?}"));
    assert_redacted(&format!("{value:#?}"));
    assert_redacted(&format!("{value}"));
    assert_redacted(&format!("{:?}", Some(value.clone())));
    assert_redacted(&format!("{:?}", vec![value]));
}

#[test]
fn bytes_are_reachable_only_through_expose() {
    let value = SecretValue::from(String::from("hunter2"));
    assert_eq!(value.expose(), b"hunter2");
    assert_eq!(value.len(), 7);
    assert!(!value.is_empty());
    assert!(SecretValue::new(Vec::new()).is_empty());
}

#[test]
fn every_constructor_holds_the_same_bytes() {
    let expected = SecretValue::new(b"hunter2".to_vec());
    assert_eq!(SecretValue::from(b"hunter2".to_vec()), expected);
    assert_eq!(SecretValue::from(&b"hunter2"[..]), expected);
    assert_eq!(SecretValue::from("hunter2"), expected);
    assert_eq!(SecretValue::from(String::from("hunter2")), expected);
    assert_eq!(expected.clone(), expected);
    assert_ne!(SecretValue::from("hunter3"), expected);
}
