//! The one value Docker's macOS keychain items carry in Go's `encoding/gob`
//! format: their metadata, a Go `map[string]interface{}` whose values are all
//! strings, kept in the item's generic attribute (`kSecAttrGeneric`).
//!
//! No maintained Rust crate speaks gob, and this one shape needs little of
//! it: a stream is messages (`uint length`, then a type ID as a signed int,
//! then the payload). A negative ID defines a type (here always the map's);
//! a positive one carries a value. The map's value is a zero byte, an entry
//! count, and per entry the key (`uint length`, bytes) and an interface value:
//! the concrete type's name (`"string"`), its type ID (6), and the length of
//! its encoding (a zero byte, then the string).

use std::collections::BTreeMap;

/// The type ID the encoder gives the map (Go's first user type ID).
const MAP_TYPE_ID: i64 = 64;
/// Go's predefined type ID for `string`.
const STRING_TYPE_ID: i64 = 6;
/// Go's definition of `map[string]interface{}` as type 64 (a `wireType`
/// with its `MapT` field set), the first message of every stream Go writes.
const MAP_TYPE_DEFINITION: &[u8] = &[
    0x7f, // type ID -64: a definition
    0x04, 0x01, 0x02, 0xff, 0x80, 0x00, // MapT { CommonType { Id: 64 } ...
    0x01, 0x0c, // Key: string
    0x01, 0x10, // Elem: interface
    0x00, 0x00, // end of mapType, end of wireType
];

/// Encodes `map` as Go's `gob.NewEncoder(w).Encode(map[string]any{...})`
/// with string values does.
pub(crate) fn encode(map: &BTreeMap<String, String>) -> Vec<u8> {
    let mut out = Vec::new();
    put_bytes(&mut out, MAP_TYPE_DEFINITION);
    let mut value = Vec::new();
    put_int(&mut value, MAP_TYPE_ID);
    value.push(0); // a top-level value that is not a struct
    put_uint(&mut value, map.len() as u64);
    for (key, text) in map {
        put_bytes(&mut value, key.as_bytes());
        put_bytes(&mut value, b"string");
        put_int(&mut value, STRING_TYPE_ID);
        let mut inner = vec![0];
        put_bytes(&mut inner, text.as_bytes());
        put_bytes(&mut value, &inner);
    }
    put_bytes(&mut out, &value);
    out
}

/// Decodes what [`encode`] (or Go) wrote. Any other shape, a value that is
/// not a string included, is an error saying what was found.
pub(crate) fn decode(bytes: &[u8]) -> Result<BTreeMap<String, String>, String> {
    let mut input = Reader(bytes);
    loop {
        let length = usize::try_from(input.uint()?).map_err(|_| "message too long")?;
        let mut message = Reader(input.take(length)?);
        let type_id = message.int()?;
        if type_id < 0 {
            continue; // a type definition: the shape is known
        }
        if message.byte()? != 0 {
            return Err("a top-level value without its zero byte".into());
        }
        let count = message.uint()?;
        let mut map = BTreeMap::new();
        for _ in 0..count {
            let key = message.string()?;
            let name = message.string()?;
            if name.is_empty() {
                continue; // a nil interface value
            }
            let value_type = message.int()?;
            let length = usize::try_from(message.uint()?).map_err(|_| "value too long")?;
            let mut value = Reader(message.take(length)?);
            if name != "string" || value_type != STRING_TYPE_ID {
                return Err(format!("the value of {key:?} is a {name}, not a string"));
            }
            if value.byte()? != 0 {
                return Err("a string value without its zero byte".into());
            }
            map.insert(key, value.string()?);
        }
        return Ok(map);
    }
}

/// A length, then the bytes: a message, a string or an encoded value.
fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_uint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// Below 128, one byte; above, the negated byte count, then the bytes
/// (big-endian, no leading zeros).
fn put_uint(out: &mut Vec<u8>, value: u64) {
    if value < 0x80 {
        out.push(value as u8);
        return;
    }
    let bytes = value.to_be_bytes();
    let skip = bytes.iter().take_while(|b| **b == 0).count();
    out.push((skip as u8).wrapping_sub(8)); // -(8 - skip) as a byte
    out.extend_from_slice(&bytes[skip..]);
}

/// A signed int is a uint whose low bit is the sign (complemented when set).
fn put_int(out: &mut Vec<u8>, value: i64) {
    let folded = if value < 0 {
        (!(value as u64) << 1) | 1
    } else {
        (value as u64) << 1
    };
    put_uint(out, folded);
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        if self.0.len() < n {
            return Err("truncated".into());
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn byte(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    fn uint(&mut self) -> Result<u64, String> {
        let first = self.byte()?;
        if first < 0x80 {
            return Ok(u64::from(first));
        }
        let count = usize::from(first.wrapping_neg());
        if count > 8 {
            return Err(format!("an integer of {count} bytes"));
        }
        Ok(self
            .take(count)?
            .iter()
            .fold(0, |acc, b| (acc << 8) | u64::from(*b)))
    }

    fn int(&mut self) -> Result<i64, String> {
        let folded = self.uint()?;
        Ok(if folded & 1 == 1 {
            !(folded >> 1) as i64
        } else {
            (folded >> 1) as i64
        })
    }

    fn string(&mut self) -> Result<String, String> {
        let length = usize::try_from(self.uint()?).map_err(|_| "string too long")?;
        String::from_utf8(self.take(length)?.to_vec())
            .map_err(|_| "a string that is not UTF-8".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn hex(text: &str) -> Vec<u8> {
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    // Written by Go 1.26's encoding/gob from map[string]any values.
    const GO_EMPTY: &str = "0d7f040102ff8000010c0110000004ff800000";
    const GO_ONE: &str = "0d7f040102ff8000010c0110000012ff800001016106737472696e670c03000162";
    const GO_TWO: &str = "0d7f040102ff8000010c011000002fff80000202696406737472696e670c050003782f790d736572766963653a67726f757006737472696e670c03000167";
    const GO_INT: &str = "0d7f040102ff8000010c011000000eff800001016e03696e740402000a";

    #[test]
    fn writes_the_bytes_go_writes() {
        assert_eq!(encode(&BTreeMap::new()), hex(GO_EMPTY));
        assert_eq!(encode(&map(&[("a", "b")])), hex(GO_ONE));
        // (Go wrote these two entries in this order; it may choose either.)
        assert_eq!(
            encode(&map(&[("id", "x/y"), ("service:group", "g")])),
            hex(GO_TWO)
        );
        // Lengths of 128 and more take the multi-byte form.
        let long = "v".repeat(300);
        let go_long = format!(
            "0d7f040102ff8000010c01100000fe0141ff800001016b06737472696e670cfe013000fe012c{}",
            "76".repeat(300)
        );
        assert_eq!(encode(&map(&[("k", &long)])), hex(&go_long));
    }

    #[test]
    fn reads_what_go_writes() {
        assert_eq!(decode(&hex(GO_EMPTY)).unwrap(), BTreeMap::new());
        assert_eq!(
            decode(&hex(GO_TWO)).unwrap(),
            map(&[("id", "x/y"), ("service:group", "g")])
        );
        let err = decode(&hex(GO_INT)).unwrap_err();
        assert!(err.contains("\"n\" is a int, not a string"), "{err}");
    }

    #[test]
    fn damaged_input_is_an_error_not_a_panic() {
        let good = hex(GO_TWO);
        for cut in 0..good.len() {
            assert!(decode(&good[..cut]).is_err(), "cut at {cut}");
        }
        assert!(decode(&[0xf0, 0xff]).is_err());
    }

    proptest! {
        #[test]
        fn round_trips(entries in proptest::collection::btree_map(".{0,40}", ".{0,300}", 0..8)) {
            prop_assert_eq!(decode(&encode(&entries)).unwrap(), entries);
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = decode(&bytes);
        }
    }
}
