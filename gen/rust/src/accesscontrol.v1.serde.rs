impl serde::Serialize for AuthorizeRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.patterns.is_empty() {
            len += 1;
        }
        if self.requester.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("accesscontrol.v1.AuthorizeRequest", len)?;
        if !self.patterns.is_empty() {
            struct_ser.serialize_field("patterns", &self.patterns)?;
        }
        if let Some(v) = self.requester.as_ref() {
            struct_ser.serialize_field("requester", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for AuthorizeRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "patterns",
            "requester",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Patterns,
            Requester,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl serde::de::Visitor<'_> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "patterns" => Ok(GeneratedField::Patterns),
                            "requester" => Ok(GeneratedField::Requester),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = AuthorizeRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct accesscontrol.v1.AuthorizeRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<AuthorizeRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut patterns__ = None;
                let mut requester__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Patterns => {
                            if patterns__.is_some() {
                                return Err(serde::de::Error::duplicate_field("patterns"));
                            }
                            patterns__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Requester => {
                            if requester__.is_some() {
                                return Err(serde::de::Error::duplicate_field("requester"));
                            }
                            requester__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(AuthorizeRequest {
                    patterns: patterns__.unwrap_or_default(),
                    requester: requester__,
                })
            }
        }
        deserializer.deserialize_struct("accesscontrol.v1.AuthorizeRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for AuthorizeResponse {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.decision.is_some() {
            len += 1;
        }
        if self.expires_at.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("accesscontrol.v1.AuthorizeResponse", len)?;
        if let Some(v) = self.decision.as_ref() {
            let v = Decision::try_from(*v)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", *v)))?;
            struct_ser.serialize_field("decision", &v)?;
        }
        if let Some(v) = self.expires_at.as_ref() {
            struct_ser.serialize_field("expiresAt", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for AuthorizeResponse {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "decision",
            "expires_at",
            "expiresAt",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Decision,
            ExpiresAt,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl serde::de::Visitor<'_> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "decision" => Ok(GeneratedField::Decision),
                            "expiresAt" | "expires_at" => Ok(GeneratedField::ExpiresAt),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = AuthorizeResponse;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct accesscontrol.v1.AuthorizeResponse")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<AuthorizeResponse, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut decision__ = None;
                let mut expires_at__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Decision => {
                            if decision__.is_some() {
                                return Err(serde::de::Error::duplicate_field("decision"));
                            }
                            decision__ = map_.next_value::<::std::option::Option<Decision>>()?.map(|x| x as i32);
                        }
                        GeneratedField::ExpiresAt => {
                            if expires_at__.is_some() {
                                return Err(serde::de::Error::duplicate_field("expiresAt"));
                            }
                            expires_at__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(AuthorizeResponse {
                    decision: decision__,
                    expires_at: expires_at__,
                })
            }
        }
        deserializer.deserialize_struct("accesscontrol.v1.AuthorizeResponse", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for CheckAccessRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.pattern.is_some() {
            len += 1;
        }
        if self.requester.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("accesscontrol.v1.CheckAccessRequest", len)?;
        if let Some(v) = self.pattern.as_ref() {
            struct_ser.serialize_field("pattern", v)?;
        }
        if let Some(v) = self.requester.as_ref() {
            struct_ser.serialize_field("requester", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for CheckAccessRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "pattern",
            "requester",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Pattern,
            Requester,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl serde::de::Visitor<'_> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "pattern" => Ok(GeneratedField::Pattern),
                            "requester" => Ok(GeneratedField::Requester),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = CheckAccessRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct accesscontrol.v1.CheckAccessRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<CheckAccessRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut pattern__ = None;
                let mut requester__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Pattern => {
                            if pattern__.is_some() {
                                return Err(serde::de::Error::duplicate_field("pattern"));
                            }
                            pattern__ = map_.next_value()?;
                        }
                        GeneratedField::Requester => {
                            if requester__.is_some() {
                                return Err(serde::de::Error::duplicate_field("requester"));
                            }
                            requester__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(CheckAccessRequest {
                    pattern: pattern__,
                    requester: requester__,
                })
            }
        }
        deserializer.deserialize_struct("accesscontrol.v1.CheckAccessRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for CheckAccessResponse {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.decision.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("accesscontrol.v1.CheckAccessResponse", len)?;
        if let Some(v) = self.decision.as_ref() {
            let v = Decision::try_from(*v)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", *v)))?;
            struct_ser.serialize_field("decision", &v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for CheckAccessResponse {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "decision",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Decision,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl serde::de::Visitor<'_> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "decision" => Ok(GeneratedField::Decision),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = CheckAccessResponse;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct accesscontrol.v1.CheckAccessResponse")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<CheckAccessResponse, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut decision__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Decision => {
                            if decision__.is_some() {
                                return Err(serde::de::Error::duplicate_field("decision"));
                            }
                            decision__ = map_.next_value::<::std::option::Option<Decision>>()?.map(|x| x as i32);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(CheckAccessResponse {
                    decision: decision__,
                })
            }
        }
        deserializer.deserialize_struct("accesscontrol.v1.CheckAccessResponse", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for DarwinSigningInfo {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.root.is_some() {
            len += 1;
        }
        if self.leaf.is_some() {
            len += 1;
        }
        if !self.chain.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("accesscontrol.v1.DarwinSigningInfo", len)?;
        if let Some(v) = self.root.as_ref() {
            struct_ser.serialize_field("root", v)?;
        }
        if let Some(v) = self.leaf.as_ref() {
            struct_ser.serialize_field("leaf", v)?;
        }
        if !self.chain.is_empty() {
            struct_ser.serialize_field("chain", &self.chain)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for DarwinSigningInfo {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "root",
            "leaf",
            "chain",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Root,
            Leaf,
            Chain,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl serde::de::Visitor<'_> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "root" => Ok(GeneratedField::Root),
                            "leaf" => Ok(GeneratedField::Leaf),
                            "chain" => Ok(GeneratedField::Chain),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = DarwinSigningInfo;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct accesscontrol.v1.DarwinSigningInfo")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<DarwinSigningInfo, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut root__ = None;
                let mut leaf__ = None;
                let mut chain__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Root => {
                            if root__.is_some() {
                                return Err(serde::de::Error::duplicate_field("root"));
                            }
                            root__ = map_.next_value()?;
                        }
                        GeneratedField::Leaf => {
                            if leaf__.is_some() {
                                return Err(serde::de::Error::duplicate_field("leaf"));
                            }
                            leaf__ = map_.next_value()?;
                        }
                        GeneratedField::Chain => {
                            if chain__.is_some() {
                                return Err(serde::de::Error::duplicate_field("chain"));
                            }
                            chain__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(DarwinSigningInfo {
                    root: root__,
                    leaf: leaf__,
                    chain: chain__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("accesscontrol.v1.DarwinSigningInfo", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for darwin_signing_info::Anchor {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        let variant = match self {
            Self::None => "ANCHOR_NONE",
            Self::AdHoc => "ANCHOR_AD_HOC",
            Self::Other => "ANCHOR_OTHER",
            Self::AppleGeneric => "ANCHOR_APPLE_GENERIC",
            Self::ApplePlatform => "ANCHOR_APPLE_PLATFORM",
        };
        serializer.serialize_str(variant)
    }
}
impl<'de> serde::Deserialize<'de> for darwin_signing_info::Anchor {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "ANCHOR_NONE",
            "ANCHOR_AD_HOC",
            "ANCHOR_OTHER",
            "ANCHOR_APPLE_GENERIC",
            "ANCHOR_APPLE_PLATFORM",
        ];

        struct GeneratedVisitor;

        impl serde::de::Visitor<'_> for GeneratedVisitor {
            type Value = darwin_signing_info::Anchor;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(formatter, "expected one of: {:?}", &FIELDS)
            }

            fn visit_i64<E>(self, v: i64) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                i32::try_from(v)
                    .ok()
                    .and_then(|x| x.try_into().ok())
                    .ok_or_else(|| {
                        serde::de::Error::invalid_value(serde::de::Unexpected::Signed(v), &self)
                    })
            }

            fn visit_u64<E>(self, v: u64) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                i32::try_from(v)
                    .ok()
                    .and_then(|x| x.try_into().ok())
                    .ok_or_else(|| {
                        serde::de::Error::invalid_value(serde::de::Unexpected::Unsigned(v), &self)
                    })
            }

            fn visit_str<E>(self, value: &str) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                match value {
                    "ANCHOR_NONE" => Ok(darwin_signing_info::Anchor::None),
                    "ANCHOR_AD_HOC" => Ok(darwin_signing_info::Anchor::AdHoc),
                    "ANCHOR_OTHER" => Ok(darwin_signing_info::Anchor::Other),
                    "ANCHOR_APPLE_GENERIC" => Ok(darwin_signing_info::Anchor::AppleGeneric),
                    "ANCHOR_APPLE_PLATFORM" => Ok(darwin_signing_info::Anchor::ApplePlatform),
                    _ => Err(serde::de::Error::unknown_variant(value, FIELDS)),
                }
            }
        }
        deserializer.deserialize_any(GeneratedVisitor)
    }
}
impl serde::Serialize for darwin_signing_info::ProcessNode {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.pid.is_some() {
            len += 1;
        }
        if self.start.is_some() {
            len += 1;
        }
        if self.uid.is_some() {
            len += 1;
        }
        if self.comm.is_some() {
            len += 1;
        }
        if self.exe.is_some() {
            len += 1;
        }
        if self.real_exe.is_some() {
            len += 1;
        }
        if self.mtime.is_some() {
            len += 1;
        }
        if !self.args.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("accesscontrol.v1.DarwinSigningInfo.ProcessNode", len)?;
        if let Some(v) = self.pid.as_ref() {
            struct_ser.serialize_field("pid", v)?;
        }
        if let Some(v) = self.start.as_ref() {
            #[allow(clippy::needless_borrow)]
            #[allow(clippy::needless_borrows_for_generic_args)]
            struct_ser.serialize_field("start", ToString::to_string(&v).as_str())?;
        }
        if let Some(v) = self.uid.as_ref() {
            struct_ser.serialize_field("uid", v)?;
        }
        if let Some(v) = self.comm.as_ref() {
            struct_ser.serialize_field("comm", v)?;
        }
        if let Some(v) = self.exe.as_ref() {
            struct_ser.serialize_field("exe", v)?;
        }
        if let Some(v) = self.real_exe.as_ref() {
            struct_ser.serialize_field("realExe", v)?;
        }
        if let Some(v) = self.mtime.as_ref() {
            struct_ser.serialize_field("mtime", v)?;
        }
        if !self.args.is_empty() {
            struct_ser.serialize_field("args", &self.args)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for darwin_signing_info::ProcessNode {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "pid",
            "start",
            "uid",
            "comm",
            "exe",
            "real_exe",
            "realExe",
            "mtime",
            "args",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Pid,
            Start,
            Uid,
            Comm,
            Exe,
            RealExe,
            Mtime,
            Args,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl serde::de::Visitor<'_> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "pid" => Ok(GeneratedField::Pid),
                            "start" => Ok(GeneratedField::Start),
                            "uid" => Ok(GeneratedField::Uid),
                            "comm" => Ok(GeneratedField::Comm),
                            "exe" => Ok(GeneratedField::Exe),
                            "realExe" | "real_exe" => Ok(GeneratedField::RealExe),
                            "mtime" => Ok(GeneratedField::Mtime),
                            "args" => Ok(GeneratedField::Args),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = darwin_signing_info::ProcessNode;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct accesscontrol.v1.DarwinSigningInfo.ProcessNode")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<darwin_signing_info::ProcessNode, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut pid__ = None;
                let mut start__ = None;
                let mut uid__ = None;
                let mut comm__ = None;
                let mut exe__ = None;
                let mut real_exe__ = None;
                let mut mtime__ = None;
                let mut args__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Pid => {
                            if pid__.is_some() {
                                return Err(serde::de::Error::duplicate_field("pid"));
                            }
                            pid__ = 
                                map_.next_value::<::std::option::Option<::pbjson::private::NumberDeserialize<_>>>()?.map(|x| x.0)
                            ;
                        }
                        GeneratedField::Start => {
                            if start__.is_some() {
                                return Err(serde::de::Error::duplicate_field("start"));
                            }
                            start__ = 
                                map_.next_value::<::std::option::Option<::pbjson::private::NumberDeserialize<_>>>()?.map(|x| x.0)
                            ;
                        }
                        GeneratedField::Uid => {
                            if uid__.is_some() {
                                return Err(serde::de::Error::duplicate_field("uid"));
                            }
                            uid__ = 
                                map_.next_value::<::std::option::Option<::pbjson::private::NumberDeserialize<_>>>()?.map(|x| x.0)
                            ;
                        }
                        GeneratedField::Comm => {
                            if comm__.is_some() {
                                return Err(serde::de::Error::duplicate_field("comm"));
                            }
                            comm__ = map_.next_value()?;
                        }
                        GeneratedField::Exe => {
                            if exe__.is_some() {
                                return Err(serde::de::Error::duplicate_field("exe"));
                            }
                            exe__ = map_.next_value()?;
                        }
                        GeneratedField::RealExe => {
                            if real_exe__.is_some() {
                                return Err(serde::de::Error::duplicate_field("realExe"));
                            }
                            real_exe__ = map_.next_value()?;
                        }
                        GeneratedField::Mtime => {
                            if mtime__.is_some() {
                                return Err(serde::de::Error::duplicate_field("mtime"));
                            }
                            mtime__ = map_.next_value()?;
                        }
                        GeneratedField::Args => {
                            if args__.is_some() {
                                return Err(serde::de::Error::duplicate_field("args"));
                            }
                            args__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(darwin_signing_info::ProcessNode {
                    pid: pid__,
                    start: start__,
                    uid: uid__,
                    comm: comm__,
                    exe: exe__,
                    real_exe: real_exe__,
                    mtime: mtime__,
                    args: args__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("accesscontrol.v1.DarwinSigningInfo.ProcessNode", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for darwin_signing_info::SigningIdentity {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.team_id.is_some() {
            len += 1;
        }
        if self.identifier.is_some() {
            len += 1;
        }
        if self.organization.is_some() {
            len += 1;
        }
        if self.common_name.is_some() {
            len += 1;
        }
        if self.cd_hash.is_some() {
            len += 1;
        }
        if self.status.is_some() {
            len += 1;
        }
        if self.anchor.is_some() {
            len += 1;
        }
        if self.signed_by_docker.is_some() {
            len += 1;
        }
        if self.bundle_name.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("accesscontrol.v1.DarwinSigningInfo.SigningIdentity", len)?;
        if let Some(v) = self.team_id.as_ref() {
            struct_ser.serialize_field("teamId", v)?;
        }
        if let Some(v) = self.identifier.as_ref() {
            struct_ser.serialize_field("identifier", v)?;
        }
        if let Some(v) = self.organization.as_ref() {
            struct_ser.serialize_field("organization", v)?;
        }
        if let Some(v) = self.common_name.as_ref() {
            struct_ser.serialize_field("commonName", v)?;
        }
        if let Some(v) = self.cd_hash.as_ref() {
            struct_ser.serialize_field("cdHash", v)?;
        }
        if let Some(v) = self.status.as_ref() {
            struct_ser.serialize_field("status", v)?;
        }
        if let Some(v) = self.anchor.as_ref() {
            let v = darwin_signing_info::Anchor::try_from(*v)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", *v)))?;
            struct_ser.serialize_field("anchor", &v)?;
        }
        if let Some(v) = self.signed_by_docker.as_ref() {
            struct_ser.serialize_field("signedByDocker", v)?;
        }
        if let Some(v) = self.bundle_name.as_ref() {
            struct_ser.serialize_field("bundleName", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for darwin_signing_info::SigningIdentity {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "team_id",
            "teamId",
            "identifier",
            "organization",
            "common_name",
            "commonName",
            "cd_hash",
            "cdHash",
            "status",
            "anchor",
            "signed_by_docker",
            "signedByDocker",
            "bundle_name",
            "bundleName",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            TeamId,
            Identifier,
            Organization,
            CommonName,
            CdHash,
            Status,
            Anchor,
            SignedByDocker,
            BundleName,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl serde::de::Visitor<'_> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "teamId" | "team_id" => Ok(GeneratedField::TeamId),
                            "identifier" => Ok(GeneratedField::Identifier),
                            "organization" => Ok(GeneratedField::Organization),
                            "commonName" | "common_name" => Ok(GeneratedField::CommonName),
                            "cdHash" | "cd_hash" => Ok(GeneratedField::CdHash),
                            "status" => Ok(GeneratedField::Status),
                            "anchor" => Ok(GeneratedField::Anchor),
                            "signedByDocker" | "signed_by_docker" => Ok(GeneratedField::SignedByDocker),
                            "bundleName" | "bundle_name" => Ok(GeneratedField::BundleName),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = darwin_signing_info::SigningIdentity;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct accesscontrol.v1.DarwinSigningInfo.SigningIdentity")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<darwin_signing_info::SigningIdentity, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut team_id__ = None;
                let mut identifier__ = None;
                let mut organization__ = None;
                let mut common_name__ = None;
                let mut cd_hash__ = None;
                let mut status__ = None;
                let mut anchor__ = None;
                let mut signed_by_docker__ = None;
                let mut bundle_name__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::TeamId => {
                            if team_id__.is_some() {
                                return Err(serde::de::Error::duplicate_field("teamId"));
                            }
                            team_id__ = map_.next_value()?;
                        }
                        GeneratedField::Identifier => {
                            if identifier__.is_some() {
                                return Err(serde::de::Error::duplicate_field("identifier"));
                            }
                            identifier__ = map_.next_value()?;
                        }
                        GeneratedField::Organization => {
                            if organization__.is_some() {
                                return Err(serde::de::Error::duplicate_field("organization"));
                            }
                            organization__ = map_.next_value()?;
                        }
                        GeneratedField::CommonName => {
                            if common_name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("commonName"));
                            }
                            common_name__ = map_.next_value()?;
                        }
                        GeneratedField::CdHash => {
                            if cd_hash__.is_some() {
                                return Err(serde::de::Error::duplicate_field("cdHash"));
                            }
                            cd_hash__ = map_.next_value()?;
                        }
                        GeneratedField::Status => {
                            if status__.is_some() {
                                return Err(serde::de::Error::duplicate_field("status"));
                            }
                            status__ = 
                                map_.next_value::<::std::option::Option<::pbjson::private::NumberDeserialize<_>>>()?.map(|x| x.0)
                            ;
                        }
                        GeneratedField::Anchor => {
                            if anchor__.is_some() {
                                return Err(serde::de::Error::duplicate_field("anchor"));
                            }
                            anchor__ = map_.next_value::<::std::option::Option<darwin_signing_info::Anchor>>()?.map(|x| x as i32);
                        }
                        GeneratedField::SignedByDocker => {
                            if signed_by_docker__.is_some() {
                                return Err(serde::de::Error::duplicate_field("signedByDocker"));
                            }
                            signed_by_docker__ = map_.next_value()?;
                        }
                        GeneratedField::BundleName => {
                            if bundle_name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("bundleName"));
                            }
                            bundle_name__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(darwin_signing_info::SigningIdentity {
                    team_id: team_id__,
                    identifier: identifier__,
                    organization: organization__,
                    common_name: common_name__,
                    cd_hash: cd_hash__,
                    status: status__,
                    anchor: anchor__,
                    signed_by_docker: signed_by_docker__,
                    bundle_name: bundle_name__,
                })
            }
        }
        deserializer.deserialize_struct("accesscontrol.v1.DarwinSigningInfo.SigningIdentity", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for Decision {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        let variant = match self {
            Self::Deny => "DECISION_DENY",
            Self::Allow => "DECISION_ALLOW",
        };
        serializer.serialize_str(variant)
    }
}
impl<'de> serde::Deserialize<'de> for Decision {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "DECISION_DENY",
            "DECISION_ALLOW",
        ];

        struct GeneratedVisitor;

        impl serde::de::Visitor<'_> for GeneratedVisitor {
            type Value = Decision;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(formatter, "expected one of: {:?}", &FIELDS)
            }

            fn visit_i64<E>(self, v: i64) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                i32::try_from(v)
                    .ok()
                    .and_then(|x| x.try_into().ok())
                    .ok_or_else(|| {
                        serde::de::Error::invalid_value(serde::de::Unexpected::Signed(v), &self)
                    })
            }

            fn visit_u64<E>(self, v: u64) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                i32::try_from(v)
                    .ok()
                    .and_then(|x| x.try_into().ok())
                    .ok_or_else(|| {
                        serde::de::Error::invalid_value(serde::de::Unexpected::Unsigned(v), &self)
                    })
            }

            fn visit_str<E>(self, value: &str) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                match value {
                    "DECISION_DENY" => Ok(Decision::Deny),
                    "DECISION_ALLOW" => Ok(Decision::Allow),
                    _ => Err(serde::de::Error::unknown_variant(value, FIELDS)),
                }
            }
        }
        deserializer.deserialize_any(GeneratedVisitor)
    }
}
impl serde::Serialize for LinuxSigningInfo {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.signers.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("accesscontrol.v1.LinuxSigningInfo", len)?;
        if !self.signers.is_empty() {
            struct_ser.serialize_field("signers", &self.signers)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for LinuxSigningInfo {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "signers",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Signers,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl serde::de::Visitor<'_> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "signers" => Ok(GeneratedField::Signers),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = LinuxSigningInfo;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct accesscontrol.v1.LinuxSigningInfo")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<LinuxSigningInfo, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut signers__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Signers => {
                            if signers__.is_some() {
                                return Err(serde::de::Error::duplicate_field("signers"));
                            }
                            signers__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(LinuxSigningInfo {
                    signers: signers__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("accesscontrol.v1.LinuxSigningInfo", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for linux_signing_info::Signer {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.cert_issuer.is_some() {
            len += 1;
        }
        if self.cert_identity.is_some() {
            len += 1;
        }
        if self.source_repo.is_some() {
            len += 1;
        }
        if self.source_ref.is_some() {
            len += 1;
        }
        if self.source_commit.is_some() {
            len += 1;
        }
        if self.runner_environment.is_some() {
            len += 1;
        }
        if self.build_trigger.is_some() {
            len += 1;
        }
        if self.run_invocation_uri.is_some() {
            len += 1;
        }
        if self.rekor_log_index.is_some() {
            len += 1;
        }
        if self.integrated_time.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("accesscontrol.v1.LinuxSigningInfo.Signer", len)?;
        if let Some(v) = self.cert_issuer.as_ref() {
            struct_ser.serialize_field("certIssuer", v)?;
        }
        if let Some(v) = self.cert_identity.as_ref() {
            struct_ser.serialize_field("certIdentity", v)?;
        }
        if let Some(v) = self.source_repo.as_ref() {
            struct_ser.serialize_field("sourceRepo", v)?;
        }
        if let Some(v) = self.source_ref.as_ref() {
            struct_ser.serialize_field("sourceRef", v)?;
        }
        if let Some(v) = self.source_commit.as_ref() {
            struct_ser.serialize_field("sourceCommit", v)?;
        }
        if let Some(v) = self.runner_environment.as_ref() {
            struct_ser.serialize_field("runnerEnvironment", v)?;
        }
        if let Some(v) = self.build_trigger.as_ref() {
            struct_ser.serialize_field("buildTrigger", v)?;
        }
        if let Some(v) = self.run_invocation_uri.as_ref() {
            struct_ser.serialize_field("runInvocationUri", v)?;
        }
        if let Some(v) = self.rekor_log_index.as_ref() {
            #[allow(clippy::needless_borrow)]
            #[allow(clippy::needless_borrows_for_generic_args)]
            struct_ser.serialize_field("rekorLogIndex", ToString::to_string(&v).as_str())?;
        }
        if let Some(v) = self.integrated_time.as_ref() {
            struct_ser.serialize_field("integratedTime", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for linux_signing_info::Signer {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "cert_issuer",
            "certIssuer",
            "cert_identity",
            "certIdentity",
            "source_repo",
            "sourceRepo",
            "source_ref",
            "sourceRef",
            "source_commit",
            "sourceCommit",
            "runner_environment",
            "runnerEnvironment",
            "build_trigger",
            "buildTrigger",
            "run_invocation_uri",
            "runInvocationUri",
            "rekor_log_index",
            "rekorLogIndex",
            "integrated_time",
            "integratedTime",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            CertIssuer,
            CertIdentity,
            SourceRepo,
            SourceRef,
            SourceCommit,
            RunnerEnvironment,
            BuildTrigger,
            RunInvocationUri,
            RekorLogIndex,
            IntegratedTime,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl serde::de::Visitor<'_> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "certIssuer" | "cert_issuer" => Ok(GeneratedField::CertIssuer),
                            "certIdentity" | "cert_identity" => Ok(GeneratedField::CertIdentity),
                            "sourceRepo" | "source_repo" => Ok(GeneratedField::SourceRepo),
                            "sourceRef" | "source_ref" => Ok(GeneratedField::SourceRef),
                            "sourceCommit" | "source_commit" => Ok(GeneratedField::SourceCommit),
                            "runnerEnvironment" | "runner_environment" => Ok(GeneratedField::RunnerEnvironment),
                            "buildTrigger" | "build_trigger" => Ok(GeneratedField::BuildTrigger),
                            "runInvocationUri" | "run_invocation_uri" => Ok(GeneratedField::RunInvocationUri),
                            "rekorLogIndex" | "rekor_log_index" => Ok(GeneratedField::RekorLogIndex),
                            "integratedTime" | "integrated_time" => Ok(GeneratedField::IntegratedTime),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = linux_signing_info::Signer;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct accesscontrol.v1.LinuxSigningInfo.Signer")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<linux_signing_info::Signer, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut cert_issuer__ = None;
                let mut cert_identity__ = None;
                let mut source_repo__ = None;
                let mut source_ref__ = None;
                let mut source_commit__ = None;
                let mut runner_environment__ = None;
                let mut build_trigger__ = None;
                let mut run_invocation_uri__ = None;
                let mut rekor_log_index__ = None;
                let mut integrated_time__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::CertIssuer => {
                            if cert_issuer__.is_some() {
                                return Err(serde::de::Error::duplicate_field("certIssuer"));
                            }
                            cert_issuer__ = map_.next_value()?;
                        }
                        GeneratedField::CertIdentity => {
                            if cert_identity__.is_some() {
                                return Err(serde::de::Error::duplicate_field("certIdentity"));
                            }
                            cert_identity__ = map_.next_value()?;
                        }
                        GeneratedField::SourceRepo => {
                            if source_repo__.is_some() {
                                return Err(serde::de::Error::duplicate_field("sourceRepo"));
                            }
                            source_repo__ = map_.next_value()?;
                        }
                        GeneratedField::SourceRef => {
                            if source_ref__.is_some() {
                                return Err(serde::de::Error::duplicate_field("sourceRef"));
                            }
                            source_ref__ = map_.next_value()?;
                        }
                        GeneratedField::SourceCommit => {
                            if source_commit__.is_some() {
                                return Err(serde::de::Error::duplicate_field("sourceCommit"));
                            }
                            source_commit__ = map_.next_value()?;
                        }
                        GeneratedField::RunnerEnvironment => {
                            if runner_environment__.is_some() {
                                return Err(serde::de::Error::duplicate_field("runnerEnvironment"));
                            }
                            runner_environment__ = map_.next_value()?;
                        }
                        GeneratedField::BuildTrigger => {
                            if build_trigger__.is_some() {
                                return Err(serde::de::Error::duplicate_field("buildTrigger"));
                            }
                            build_trigger__ = map_.next_value()?;
                        }
                        GeneratedField::RunInvocationUri => {
                            if run_invocation_uri__.is_some() {
                                return Err(serde::de::Error::duplicate_field("runInvocationUri"));
                            }
                            run_invocation_uri__ = map_.next_value()?;
                        }
                        GeneratedField::RekorLogIndex => {
                            if rekor_log_index__.is_some() {
                                return Err(serde::de::Error::duplicate_field("rekorLogIndex"));
                            }
                            rekor_log_index__ = 
                                map_.next_value::<::std::option::Option<::pbjson::private::NumberDeserialize<_>>>()?.map(|x| x.0)
                            ;
                        }
                        GeneratedField::IntegratedTime => {
                            if integrated_time__.is_some() {
                                return Err(serde::de::Error::duplicate_field("integratedTime"));
                            }
                            integrated_time__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(linux_signing_info::Signer {
                    cert_issuer: cert_issuer__,
                    cert_identity: cert_identity__,
                    source_repo: source_repo__,
                    source_ref: source_ref__,
                    source_commit: source_commit__,
                    runner_environment: runner_environment__,
                    build_trigger: build_trigger__,
                    run_invocation_uri: run_invocation_uri__,
                    rekor_log_index: rekor_log_index__,
                    integrated_time: integrated_time__,
                })
            }
        }
        deserializer.deserialize_struct("accesscontrol.v1.LinuxSigningInfo.Signer", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for Requester {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.pid.is_some() {
            len += 1;
        }
        if self.name.is_some() {
            len += 1;
        }
        if self.absolute_binary_path.is_some() {
            len += 1;
        }
        if self.signed_by_docker.is_some() {
            len += 1;
        }
        if self.signing_info.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("accesscontrol.v1.Requester", len)?;
        if let Some(v) = self.pid.as_ref() {
            struct_ser.serialize_field("pid", v)?;
        }
        if let Some(v) = self.name.as_ref() {
            struct_ser.serialize_field("name", v)?;
        }
        if let Some(v) = self.absolute_binary_path.as_ref() {
            struct_ser.serialize_field("absoluteBinaryPath", v)?;
        }
        if let Some(v) = self.signed_by_docker.as_ref() {
            struct_ser.serialize_field("signedByDocker", v)?;
        }
        if let Some(v) = self.signing_info.as_ref() {
            match v {
                requester::SigningInfo::Darwin(v) => {
                    struct_ser.serialize_field("darwin", v)?;
                }
                requester::SigningInfo::Windows(v) => {
                    struct_ser.serialize_field("windows", v)?;
                }
                requester::SigningInfo::Linux(v) => {
                    struct_ser.serialize_field("linux", v)?;
                }
            }
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for Requester {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "pid",
            "name",
            "absolute_binary_path",
            "absoluteBinaryPath",
            "signed_by_docker",
            "signedByDocker",
            "darwin",
            "windows",
            "linux",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Pid,
            Name,
            AbsoluteBinaryPath,
            SignedByDocker,
            Darwin,
            Windows,
            Linux,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl serde::de::Visitor<'_> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "pid" => Ok(GeneratedField::Pid),
                            "name" => Ok(GeneratedField::Name),
                            "absoluteBinaryPath" | "absolute_binary_path" => Ok(GeneratedField::AbsoluteBinaryPath),
                            "signedByDocker" | "signed_by_docker" => Ok(GeneratedField::SignedByDocker),
                            "darwin" => Ok(GeneratedField::Darwin),
                            "windows" => Ok(GeneratedField::Windows),
                            "linux" => Ok(GeneratedField::Linux),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = Requester;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct accesscontrol.v1.Requester")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<Requester, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut pid__ = None;
                let mut name__ = None;
                let mut absolute_binary_path__ = None;
                let mut signed_by_docker__ = None;
                let mut signing_info__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Pid => {
                            if pid__.is_some() {
                                return Err(serde::de::Error::duplicate_field("pid"));
                            }
                            pid__ = 
                                map_.next_value::<::std::option::Option<::pbjson::private::NumberDeserialize<_>>>()?.map(|x| x.0)
                            ;
                        }
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = map_.next_value()?;
                        }
                        GeneratedField::AbsoluteBinaryPath => {
                            if absolute_binary_path__.is_some() {
                                return Err(serde::de::Error::duplicate_field("absoluteBinaryPath"));
                            }
                            absolute_binary_path__ = map_.next_value()?;
                        }
                        GeneratedField::SignedByDocker => {
                            if signed_by_docker__.is_some() {
                                return Err(serde::de::Error::duplicate_field("signedByDocker"));
                            }
                            signed_by_docker__ = map_.next_value()?;
                        }
                        GeneratedField::Darwin => {
                            if signing_info__.is_some() {
                                return Err(serde::de::Error::duplicate_field("darwin"));
                            }
                            signing_info__ = map_.next_value::<::std::option::Option<_>>()?.map(requester::SigningInfo::Darwin)
;
                        }
                        GeneratedField::Windows => {
                            if signing_info__.is_some() {
                                return Err(serde::de::Error::duplicate_field("windows"));
                            }
                            signing_info__ = map_.next_value::<::std::option::Option<_>>()?.map(requester::SigningInfo::Windows)
;
                        }
                        GeneratedField::Linux => {
                            if signing_info__.is_some() {
                                return Err(serde::de::Error::duplicate_field("linux"));
                            }
                            signing_info__ = map_.next_value::<::std::option::Option<_>>()?.map(requester::SigningInfo::Linux)
;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(Requester {
                    pid: pid__,
                    name: name__,
                    absolute_binary_path: absolute_binary_path__,
                    signed_by_docker: signed_by_docker__,
                    signing_info: signing_info__,
                })
            }
        }
        deserializer.deserialize_struct("accesscontrol.v1.Requester", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for WindowsSigningInfo {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.trusted_chain.is_some() {
            len += 1;
        }
        if self.subject_org.is_some() {
            len += 1;
        }
        if self.subject_common_name.is_some() {
            len += 1;
        }
        if self.issuer.is_some() {
            len += 1;
        }
        if self.thumbprint_sha256.is_some() {
            len += 1;
        }
        if self.is_ev.is_some() {
            len += 1;
        }
        if self.integrity.is_some() {
            len += 1;
        }
        if self.company_name.is_some() {
            len += 1;
        }
        if self.product_name.is_some() {
            len += 1;
        }
        if self.file_version.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("accesscontrol.v1.WindowsSigningInfo", len)?;
        if let Some(v) = self.trusted_chain.as_ref() {
            struct_ser.serialize_field("trustedChain", v)?;
        }
        if let Some(v) = self.subject_org.as_ref() {
            struct_ser.serialize_field("subjectOrg", v)?;
        }
        if let Some(v) = self.subject_common_name.as_ref() {
            struct_ser.serialize_field("subjectCommonName", v)?;
        }
        if let Some(v) = self.issuer.as_ref() {
            struct_ser.serialize_field("issuer", v)?;
        }
        if let Some(v) = self.thumbprint_sha256.as_ref() {
            struct_ser.serialize_field("thumbprintSha256", v)?;
        }
        if let Some(v) = self.is_ev.as_ref() {
            struct_ser.serialize_field("isEv", v)?;
        }
        if let Some(v) = self.integrity.as_ref() {
            let v = windows_signing_info::IntegrityLevel::try_from(*v)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", *v)))?;
            struct_ser.serialize_field("integrity", &v)?;
        }
        if let Some(v) = self.company_name.as_ref() {
            struct_ser.serialize_field("companyName", v)?;
        }
        if let Some(v) = self.product_name.as_ref() {
            struct_ser.serialize_field("productName", v)?;
        }
        if let Some(v) = self.file_version.as_ref() {
            struct_ser.serialize_field("fileVersion", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for WindowsSigningInfo {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "trusted_chain",
            "trustedChain",
            "subject_org",
            "subjectOrg",
            "subject_common_name",
            "subjectCommonName",
            "issuer",
            "thumbprint_sha256",
            "thumbprintSha256",
            "is_ev",
            "isEv",
            "integrity",
            "company_name",
            "companyName",
            "product_name",
            "productName",
            "file_version",
            "fileVersion",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            TrustedChain,
            SubjectOrg,
            SubjectCommonName,
            Issuer,
            ThumbprintSha256,
            IsEv,
            Integrity,
            CompanyName,
            ProductName,
            FileVersion,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl serde::de::Visitor<'_> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "trustedChain" | "trusted_chain" => Ok(GeneratedField::TrustedChain),
                            "subjectOrg" | "subject_org" => Ok(GeneratedField::SubjectOrg),
                            "subjectCommonName" | "subject_common_name" => Ok(GeneratedField::SubjectCommonName),
                            "issuer" => Ok(GeneratedField::Issuer),
                            "thumbprintSha256" | "thumbprint_sha256" => Ok(GeneratedField::ThumbprintSha256),
                            "isEv" | "is_ev" => Ok(GeneratedField::IsEv),
                            "integrity" => Ok(GeneratedField::Integrity),
                            "companyName" | "company_name" => Ok(GeneratedField::CompanyName),
                            "productName" | "product_name" => Ok(GeneratedField::ProductName),
                            "fileVersion" | "file_version" => Ok(GeneratedField::FileVersion),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = WindowsSigningInfo;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct accesscontrol.v1.WindowsSigningInfo")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<WindowsSigningInfo, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut trusted_chain__ = None;
                let mut subject_org__ = None;
                let mut subject_common_name__ = None;
                let mut issuer__ = None;
                let mut thumbprint_sha256__ = None;
                let mut is_ev__ = None;
                let mut integrity__ = None;
                let mut company_name__ = None;
                let mut product_name__ = None;
                let mut file_version__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::TrustedChain => {
                            if trusted_chain__.is_some() {
                                return Err(serde::de::Error::duplicate_field("trustedChain"));
                            }
                            trusted_chain__ = map_.next_value()?;
                        }
                        GeneratedField::SubjectOrg => {
                            if subject_org__.is_some() {
                                return Err(serde::de::Error::duplicate_field("subjectOrg"));
                            }
                            subject_org__ = map_.next_value()?;
                        }
                        GeneratedField::SubjectCommonName => {
                            if subject_common_name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("subjectCommonName"));
                            }
                            subject_common_name__ = map_.next_value()?;
                        }
                        GeneratedField::Issuer => {
                            if issuer__.is_some() {
                                return Err(serde::de::Error::duplicate_field("issuer"));
                            }
                            issuer__ = map_.next_value()?;
                        }
                        GeneratedField::ThumbprintSha256 => {
                            if thumbprint_sha256__.is_some() {
                                return Err(serde::de::Error::duplicate_field("thumbprintSha256"));
                            }
                            thumbprint_sha256__ = map_.next_value()?;
                        }
                        GeneratedField::IsEv => {
                            if is_ev__.is_some() {
                                return Err(serde::de::Error::duplicate_field("isEv"));
                            }
                            is_ev__ = map_.next_value()?;
                        }
                        GeneratedField::Integrity => {
                            if integrity__.is_some() {
                                return Err(serde::de::Error::duplicate_field("integrity"));
                            }
                            integrity__ = map_.next_value::<::std::option::Option<windows_signing_info::IntegrityLevel>>()?.map(|x| x as i32);
                        }
                        GeneratedField::CompanyName => {
                            if company_name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("companyName"));
                            }
                            company_name__ = map_.next_value()?;
                        }
                        GeneratedField::ProductName => {
                            if product_name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("productName"));
                            }
                            product_name__ = map_.next_value()?;
                        }
                        GeneratedField::FileVersion => {
                            if file_version__.is_some() {
                                return Err(serde::de::Error::duplicate_field("fileVersion"));
                            }
                            file_version__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(WindowsSigningInfo {
                    trusted_chain: trusted_chain__,
                    subject_org: subject_org__,
                    subject_common_name: subject_common_name__,
                    issuer: issuer__,
                    thumbprint_sha256: thumbprint_sha256__,
                    is_ev: is_ev__,
                    integrity: integrity__,
                    company_name: company_name__,
                    product_name: product_name__,
                    file_version: file_version__,
                })
            }
        }
        deserializer.deserialize_struct("accesscontrol.v1.WindowsSigningInfo", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for windows_signing_info::IntegrityLevel {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        let variant = match self {
            Self::Unspecified => "INTEGRITY_LEVEL_UNSPECIFIED",
            Self::Low => "INTEGRITY_LEVEL_LOW",
            Self::Medium => "INTEGRITY_LEVEL_MEDIUM",
            Self::High => "INTEGRITY_LEVEL_HIGH",
            Self::System => "INTEGRITY_LEVEL_SYSTEM",
        };
        serializer.serialize_str(variant)
    }
}
impl<'de> serde::Deserialize<'de> for windows_signing_info::IntegrityLevel {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "INTEGRITY_LEVEL_UNSPECIFIED",
            "INTEGRITY_LEVEL_LOW",
            "INTEGRITY_LEVEL_MEDIUM",
            "INTEGRITY_LEVEL_HIGH",
            "INTEGRITY_LEVEL_SYSTEM",
        ];

        struct GeneratedVisitor;

        impl serde::de::Visitor<'_> for GeneratedVisitor {
            type Value = windows_signing_info::IntegrityLevel;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(formatter, "expected one of: {:?}", &FIELDS)
            }

            fn visit_i64<E>(self, v: i64) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                i32::try_from(v)
                    .ok()
                    .and_then(|x| x.try_into().ok())
                    .ok_or_else(|| {
                        serde::de::Error::invalid_value(serde::de::Unexpected::Signed(v), &self)
                    })
            }

            fn visit_u64<E>(self, v: u64) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                i32::try_from(v)
                    .ok()
                    .and_then(|x| x.try_into().ok())
                    .ok_or_else(|| {
                        serde::de::Error::invalid_value(serde::de::Unexpected::Unsigned(v), &self)
                    })
            }

            fn visit_str<E>(self, value: &str) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                match value {
                    "INTEGRITY_LEVEL_UNSPECIFIED" => Ok(windows_signing_info::IntegrityLevel::Unspecified),
                    "INTEGRITY_LEVEL_LOW" => Ok(windows_signing_info::IntegrityLevel::Low),
                    "INTEGRITY_LEVEL_MEDIUM" => Ok(windows_signing_info::IntegrityLevel::Medium),
                    "INTEGRITY_LEVEL_HIGH" => Ok(windows_signing_info::IntegrityLevel::High),
                    "INTEGRITY_LEVEL_SYSTEM" => Ok(windows_signing_info::IntegrityLevel::System),
                    _ => Err(serde::de::Error::unknown_variant(value, FIELDS)),
                }
            }
        }
        deserializer.deserialize_any(GeneratedVisitor)
    }
}
