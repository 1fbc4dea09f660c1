//! `google.protobuf.Any` with the canonical protobuf JSON mapping.
//!
//! In JSON an `Any` is the embedded message's own JSON object with an `"@type"`
//! member added (`{"@type": "type.googleapis.com/pkg.Msg", "field": 1}`), or
//! `{"@type": …, "value": …}` for a message whose JSON is not an object (the
//! well-known types). Writing or reading that needs to know the embedded type,
//! so, as with Go's `protoregistry`, the types an `Any` may hold are
//! registered first ([`register`]); an unregistered type is an error both ways,
//! as it is in Go's protojson. The binary form needs no registry.

use std::collections::HashMap;
use std::sync::{OnceLock, RwLock};

use serde::de::{self, DeserializeOwned};
use serde::ser::{self, SerializeMap};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The type URL prefix Go and the other protobuf runtimes write.
pub const TYPE_URL_PREFIX: &str = "type.googleapis.com/";

/// An embedded message of any type, with its type URL.
///
/// Binary encoding and field numbers are those of `google.protobuf.Any`.
#[derive(Clone, PartialEq, Eq, Hash, prost::Message)]
pub struct Any {
    /// `type.googleapis.com/` and the message's full protobuf name.
    #[prost(string, tag = "1")]
    pub type_url: String,
    /// The message's binary encoding.
    #[prost(bytes = "vec", tag = "2")]
    pub value: Vec<u8>,
}

impl prost::Name for Any {
    const NAME: &'static str = "Any";
    const PACKAGE: &'static str = "google.protobuf";

    fn type_url() -> String {
        format!("{TYPE_URL_PREFIX}google.protobuf.Any")
    }
}

impl Any {
    /// Packs `message`, under the type URL `type.googleapis.com/<full name>`.
    pub fn pack<M: prost::Message + prost::Name>(message: &M) -> Self {
        Any {
            type_url: format!("{TYPE_URL_PREFIX}{}", M::full_name()),
            value: message.encode_to_vec(),
        }
    }

    /// The full protobuf name of the embedded type: the type URL after its
    /// last `/`.
    pub fn type_name(&self) -> &str {
        self.type_url
            .rsplit_once('/')
            .map_or(self.type_url.as_str(), |(_, name)| name)
    }

    /// Unpacks the embedded message as `M`; `None` when it is another type.
    pub fn unpack<M: prost::Message + prost::Name + Default>(
        &self,
    ) -> Option<Result<M, prost::DecodeError>> {
        (self.type_name() == M::full_name()).then(|| M::decode(&self.value[..]))
    }
}

/// Binary to JSON and JSON to binary for one registered type.
#[derive(Clone, Copy)]
struct Codec {
    to_json: fn(&[u8]) -> Result<serde_json::Value, String>,
    from_json: fn(serde_json::Value) -> Result<Vec<u8>, String>,
}

fn registry() -> &'static RwLock<HashMap<String, Codec>> {
    static REGISTRY: OnceLock<RwLock<HashMap<String, Codec>>> = OnceLock::new();
    REGISTRY.get_or_init(Default::default)
}

/// Lets [`Any`] hold `M` in JSON. Registering a type twice is harmless.
pub fn register<M>()
where
    M: prost::Message + prost::Name + Default + Serialize + DeserializeOwned,
{
    fn to_json<M: prost::Message + Default + Serialize>(
        bytes: &[u8],
    ) -> Result<serde_json::Value, String> {
        let message = M::decode(bytes).map_err(|e| e.to_string())?;
        serde_json::to_value(&message).map_err(|e| e.to_string())
    }
    fn from_json<M: prost::Message + DeserializeOwned>(
        value: serde_json::Value,
    ) -> Result<Vec<u8>, String> {
        let message: M = serde_json::from_value(value).map_err(|e| e.to_string())?;
        Ok(message.encode_to_vec())
    }
    let codec = Codec {
        to_json: to_json::<M>,
        from_json: from_json::<M>,
    };
    registry()
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .insert(M::full_name(), codec);
}

fn lookup(type_name: &str) -> Option<Codec> {
    registry()
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .get(type_name)
        .copied()
}

fn unregistered(type_url: &str) -> String {
    format!(
        "google.protobuf.Any holds {type_url:?}, a type not registered with protojson_wkt::any::register"
    )
}

impl Serialize for Any {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.type_url.is_empty() && self.value.is_empty() {
            return serializer.serialize_map(Some(0))?.end();
        }
        let codec = lookup(self.type_name())
            .ok_or_else(|| ser::Error::custom(unregistered(&self.type_url)))?;
        let json = (codec.to_json)(&self.value).map_err(ser::Error::custom)?;
        match json {
            serde_json::Value::Object(fields) => {
                let mut map = serializer.serialize_map(Some(fields.len() + 1))?;
                map.serialize_entry("@type", &self.type_url)?;
                for (name, value) in &fields {
                    map.serialize_entry(name, value)?;
                }
                map.end()
            }
            other => {
                let mut map = serializer.serialize_map(Some(2))?;
                map.serialize_entry("@type", &self.type_url)?;
                map.serialize_entry("value", &other)?;
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Any {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut fields = serde_json::Map::<String, serde_json::Value>::deserialize(deserializer)?;
        let type_url = match fields.remove("@type") {
            Some(serde_json::Value::String(url)) => url,
            Some(_) => {
                return Err(de::Error::custom(
                    "google.protobuf.Any: \"@type\" is not a string",
                ));
            }
            None if fields.is_empty() => return Ok(Any::default()),
            None => return Err(de::Error::custom("google.protobuf.Any without \"@type\"")),
        };
        let probe = Any {
            type_url,
            value: Vec::new(),
        };
        let codec = lookup(probe.type_name())
            .ok_or_else(|| de::Error::custom(unregistered(&probe.type_url)))?;
        // A message whose JSON is an object is the remaining members; one whose
        // JSON is not (a well-known type) is under "value".
        let value = match (codec.from_json)(serde_json::Value::Object(fields.clone())) {
            Ok(value) => value,
            Err(error) => match fields.remove("value") {
                Some(inner) if fields.is_empty() => {
                    (codec.from_json)(inner).map_err(de::Error::custom)?
                }
                _ => return Err(de::Error::custom(error)),
            },
        };
        Ok(Any {
            type_url: probe.type_url,
            value,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A message as the generator writes them: prost encoding, serde JSON.
    #[derive(Clone, PartialEq, prost::Message, Serialize, Deserialize)]
    struct Probe {
        #[prost(string, tag = "1")]
        #[serde(default)]
        name: String,
    }

    impl prost::Name for Probe {
        const NAME: &'static str = "Probe";
        const PACKAGE: &'static str = "test.v1";
    }

    #[test]
    fn json_round_trip_through_the_registry() {
        register::<Probe>();
        let packed = Any::pack(&Probe {
            name: "x".to_owned(),
        });
        let json = serde_json::to_string(&packed).expect("serialize");
        assert_eq!(
            json,
            r#"{"@type":"type.googleapis.com/test.v1.Probe","name":"x"}"#
        );
        let back: Any = serde_json::from_str(&json).expect("deserialize");
        assert_eq!(back, packed);
        let probe: Probe = back.unpack().expect("same type").expect("decodes");
        assert_eq!(probe.name, "x");
    }

    #[test]
    fn empty_and_unregistered() {
        assert_eq!(serde_json::to_string(&Any::default()).expect("empty"), "{}");
        let unknown = Any {
            type_url: "type.googleapis.com/nobody.Registered".to_owned(),
            value: vec![],
        };
        assert!(serde_json::to_string(&unknown).is_err());
        assert!(
            serde_json::from_str::<Any>(r#"{"@type":"type.googleapis.com/nobody.Registered"}"#)
                .is_err()
        );
    }
}
