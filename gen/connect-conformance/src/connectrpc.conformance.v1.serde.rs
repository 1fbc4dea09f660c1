impl serde::Serialize for BidiStreamRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.response_definition.is_some() {
            len += 1;
        }
        if self.full_duplex {
            len += 1;
        }
        if !self.request_data.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.BidiStreamRequest", len)?;
        if let Some(v) = self.response_definition.as_ref() {
            struct_ser.serialize_field("responseDefinition", v)?;
        }
        if self.full_duplex {
            struct_ser.serialize_field("fullDuplex", &self.full_duplex)?;
        }
        if !self.request_data.is_empty() {
            #[allow(clippy::needless_borrow)]
            #[allow(clippy::needless_borrows_for_generic_args)]
            struct_ser.serialize_field("requestData", pbjson::private::base64::encode(&self.request_data).as_str())?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for BidiStreamRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "response_definition",
            "responseDefinition",
            "full_duplex",
            "fullDuplex",
            "request_data",
            "requestData",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            ResponseDefinition,
            FullDuplex,
            RequestData,
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
                            "responseDefinition" | "response_definition" => Ok(GeneratedField::ResponseDefinition),
                            "fullDuplex" | "full_duplex" => Ok(GeneratedField::FullDuplex),
                            "requestData" | "request_data" => Ok(GeneratedField::RequestData),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = BidiStreamRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.BidiStreamRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<BidiStreamRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut response_definition__ = None;
                let mut full_duplex__ = None;
                let mut request_data__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::ResponseDefinition => {
                            if response_definition__.is_some() {
                                return Err(serde::de::Error::duplicate_field("responseDefinition"));
                            }
                            response_definition__ = map_.next_value()?;
                        }
                        GeneratedField::FullDuplex => {
                            if full_duplex__.is_some() {
                                return Err(serde::de::Error::duplicate_field("fullDuplex"));
                            }
                            full_duplex__ = Some(map_.next_value()?);
                        }
                        GeneratedField::RequestData => {
                            if request_data__.is_some() {
                                return Err(serde::de::Error::duplicate_field("requestData"));
                            }
                            request_data__ = 
                                Some(map_.next_value::<::pbjson::private::BytesDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(BidiStreamRequest {
                    response_definition: response_definition__,
                    full_duplex: full_duplex__.unwrap_or_default(),
                    request_data: request_data__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.BidiStreamRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for BidiStreamResponse {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.payload.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.BidiStreamResponse", len)?;
        if let Some(v) = self.payload.as_ref() {
            struct_ser.serialize_field("payload", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for BidiStreamResponse {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "payload",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Payload,
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
                            "payload" => Ok(GeneratedField::Payload),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = BidiStreamResponse;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.BidiStreamResponse")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<BidiStreamResponse, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut payload__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Payload => {
                            if payload__.is_some() {
                                return Err(serde::de::Error::duplicate_field("payload"));
                            }
                            payload__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(BidiStreamResponse {
                    payload: payload__,
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.BidiStreamResponse", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for ClientCompatRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.test_name.is_empty() {
            len += 1;
        }
        if self.http_version != 0 {
            len += 1;
        }
        if self.protocol != 0 {
            len += 1;
        }
        if self.codec != 0 {
            len += 1;
        }
        if self.compression != 0 {
            len += 1;
        }
        if !self.host.is_empty() {
            len += 1;
        }
        if self.port != 0 {
            len += 1;
        }
        if !self.server_tls_cert.is_empty() {
            len += 1;
        }
        if self.client_tls_creds.is_some() {
            len += 1;
        }
        if self.message_receive_limit != 0 {
            len += 1;
        }
        if self.service.is_some() {
            len += 1;
        }
        if self.method.is_some() {
            len += 1;
        }
        if self.stream_type != 0 {
            len += 1;
        }
        if self.use_get_http_method {
            len += 1;
        }
        if !self.request_headers.is_empty() {
            len += 1;
        }
        if !self.request_messages.is_empty() {
            len += 1;
        }
        if self.timeout_ms.is_some() {
            len += 1;
        }
        if self.request_delay_ms != 0 {
            len += 1;
        }
        if self.cancel.is_some() {
            len += 1;
        }
        if self.raw_request.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.ClientCompatRequest", len)?;
        if !self.test_name.is_empty() {
            struct_ser.serialize_field("testName", &self.test_name)?;
        }
        if self.http_version != 0 {
            let v = HttpVersion::try_from(self.http_version)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.http_version)))?;
            struct_ser.serialize_field("httpVersion", &v)?;
        }
        if self.protocol != 0 {
            let v = Protocol::try_from(self.protocol)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.protocol)))?;
            struct_ser.serialize_field("protocol", &v)?;
        }
        if self.codec != 0 {
            let v = Codec::try_from(self.codec)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.codec)))?;
            struct_ser.serialize_field("codec", &v)?;
        }
        if self.compression != 0 {
            let v = Compression::try_from(self.compression)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.compression)))?;
            struct_ser.serialize_field("compression", &v)?;
        }
        if !self.host.is_empty() {
            struct_ser.serialize_field("host", &self.host)?;
        }
        if self.port != 0 {
            struct_ser.serialize_field("port", &self.port)?;
        }
        if !self.server_tls_cert.is_empty() {
            #[allow(clippy::needless_borrow)]
            #[allow(clippy::needless_borrows_for_generic_args)]
            struct_ser.serialize_field("serverTlsCert", pbjson::private::base64::encode(&self.server_tls_cert).as_str())?;
        }
        if let Some(v) = self.client_tls_creds.as_ref() {
            struct_ser.serialize_field("clientTlsCreds", v)?;
        }
        if self.message_receive_limit != 0 {
            struct_ser.serialize_field("messageReceiveLimit", &self.message_receive_limit)?;
        }
        if let Some(v) = self.service.as_ref() {
            struct_ser.serialize_field("service", v)?;
        }
        if let Some(v) = self.method.as_ref() {
            struct_ser.serialize_field("method", v)?;
        }
        if self.stream_type != 0 {
            let v = StreamType::try_from(self.stream_type)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.stream_type)))?;
            struct_ser.serialize_field("streamType", &v)?;
        }
        if self.use_get_http_method {
            struct_ser.serialize_field("useGetHttpMethod", &self.use_get_http_method)?;
        }
        if !self.request_headers.is_empty() {
            struct_ser.serialize_field("requestHeaders", &self.request_headers)?;
        }
        if !self.request_messages.is_empty() {
            struct_ser.serialize_field("requestMessages", &self.request_messages)?;
        }
        if let Some(v) = self.timeout_ms.as_ref() {
            struct_ser.serialize_field("timeoutMs", v)?;
        }
        if self.request_delay_ms != 0 {
            struct_ser.serialize_field("requestDelayMs", &self.request_delay_ms)?;
        }
        if let Some(v) = self.cancel.as_ref() {
            struct_ser.serialize_field("cancel", v)?;
        }
        if let Some(v) = self.raw_request.as_ref() {
            struct_ser.serialize_field("rawRequest", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for ClientCompatRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "test_name",
            "testName",
            "http_version",
            "httpVersion",
            "protocol",
            "codec",
            "compression",
            "host",
            "port",
            "server_tls_cert",
            "serverTlsCert",
            "client_tls_creds",
            "clientTlsCreds",
            "message_receive_limit",
            "messageReceiveLimit",
            "service",
            "method",
            "stream_type",
            "streamType",
            "use_get_http_method",
            "useGetHttpMethod",
            "request_headers",
            "requestHeaders",
            "request_messages",
            "requestMessages",
            "timeout_ms",
            "timeoutMs",
            "request_delay_ms",
            "requestDelayMs",
            "cancel",
            "raw_request",
            "rawRequest",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            TestName,
            HttpVersion,
            Protocol,
            Codec,
            Compression,
            Host,
            Port,
            ServerTlsCert,
            ClientTlsCreds,
            MessageReceiveLimit,
            Service,
            Method,
            StreamType,
            UseGetHttpMethod,
            RequestHeaders,
            RequestMessages,
            TimeoutMs,
            RequestDelayMs,
            Cancel,
            RawRequest,
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
                            "testName" | "test_name" => Ok(GeneratedField::TestName),
                            "httpVersion" | "http_version" => Ok(GeneratedField::HttpVersion),
                            "protocol" => Ok(GeneratedField::Protocol),
                            "codec" => Ok(GeneratedField::Codec),
                            "compression" => Ok(GeneratedField::Compression),
                            "host" => Ok(GeneratedField::Host),
                            "port" => Ok(GeneratedField::Port),
                            "serverTlsCert" | "server_tls_cert" => Ok(GeneratedField::ServerTlsCert),
                            "clientTlsCreds" | "client_tls_creds" => Ok(GeneratedField::ClientTlsCreds),
                            "messageReceiveLimit" | "message_receive_limit" => Ok(GeneratedField::MessageReceiveLimit),
                            "service" => Ok(GeneratedField::Service),
                            "method" => Ok(GeneratedField::Method),
                            "streamType" | "stream_type" => Ok(GeneratedField::StreamType),
                            "useGetHttpMethod" | "use_get_http_method" => Ok(GeneratedField::UseGetHttpMethod),
                            "requestHeaders" | "request_headers" => Ok(GeneratedField::RequestHeaders),
                            "requestMessages" | "request_messages" => Ok(GeneratedField::RequestMessages),
                            "timeoutMs" | "timeout_ms" => Ok(GeneratedField::TimeoutMs),
                            "requestDelayMs" | "request_delay_ms" => Ok(GeneratedField::RequestDelayMs),
                            "cancel" => Ok(GeneratedField::Cancel),
                            "rawRequest" | "raw_request" => Ok(GeneratedField::RawRequest),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = ClientCompatRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.ClientCompatRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ClientCompatRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut test_name__ = None;
                let mut http_version__ = None;
                let mut protocol__ = None;
                let mut codec__ = None;
                let mut compression__ = None;
                let mut host__ = None;
                let mut port__ = None;
                let mut server_tls_cert__ = None;
                let mut client_tls_creds__ = None;
                let mut message_receive_limit__ = None;
                let mut service__ = None;
                let mut method__ = None;
                let mut stream_type__ = None;
                let mut use_get_http_method__ = None;
                let mut request_headers__ = None;
                let mut request_messages__ = None;
                let mut timeout_ms__ = None;
                let mut request_delay_ms__ = None;
                let mut cancel__ = None;
                let mut raw_request__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::TestName => {
                            if test_name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("testName"));
                            }
                            test_name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::HttpVersion => {
                            if http_version__.is_some() {
                                return Err(serde::de::Error::duplicate_field("httpVersion"));
                            }
                            http_version__ = Some(map_.next_value::<HttpVersion>()? as i32);
                        }
                        GeneratedField::Protocol => {
                            if protocol__.is_some() {
                                return Err(serde::de::Error::duplicate_field("protocol"));
                            }
                            protocol__ = Some(map_.next_value::<Protocol>()? as i32);
                        }
                        GeneratedField::Codec => {
                            if codec__.is_some() {
                                return Err(serde::de::Error::duplicate_field("codec"));
                            }
                            codec__ = Some(map_.next_value::<Codec>()? as i32);
                        }
                        GeneratedField::Compression => {
                            if compression__.is_some() {
                                return Err(serde::de::Error::duplicate_field("compression"));
                            }
                            compression__ = Some(map_.next_value::<Compression>()? as i32);
                        }
                        GeneratedField::Host => {
                            if host__.is_some() {
                                return Err(serde::de::Error::duplicate_field("host"));
                            }
                            host__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Port => {
                            if port__.is_some() {
                                return Err(serde::de::Error::duplicate_field("port"));
                            }
                            port__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::ServerTlsCert => {
                            if server_tls_cert__.is_some() {
                                return Err(serde::de::Error::duplicate_field("serverTlsCert"));
                            }
                            server_tls_cert__ = 
                                Some(map_.next_value::<::pbjson::private::BytesDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::ClientTlsCreds => {
                            if client_tls_creds__.is_some() {
                                return Err(serde::de::Error::duplicate_field("clientTlsCreds"));
                            }
                            client_tls_creds__ = map_.next_value()?;
                        }
                        GeneratedField::MessageReceiveLimit => {
                            if message_receive_limit__.is_some() {
                                return Err(serde::de::Error::duplicate_field("messageReceiveLimit"));
                            }
                            message_receive_limit__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::Service => {
                            if service__.is_some() {
                                return Err(serde::de::Error::duplicate_field("service"));
                            }
                            service__ = map_.next_value()?;
                        }
                        GeneratedField::Method => {
                            if method__.is_some() {
                                return Err(serde::de::Error::duplicate_field("method"));
                            }
                            method__ = map_.next_value()?;
                        }
                        GeneratedField::StreamType => {
                            if stream_type__.is_some() {
                                return Err(serde::de::Error::duplicate_field("streamType"));
                            }
                            stream_type__ = Some(map_.next_value::<StreamType>()? as i32);
                        }
                        GeneratedField::UseGetHttpMethod => {
                            if use_get_http_method__.is_some() {
                                return Err(serde::de::Error::duplicate_field("useGetHttpMethod"));
                            }
                            use_get_http_method__ = Some(map_.next_value()?);
                        }
                        GeneratedField::RequestHeaders => {
                            if request_headers__.is_some() {
                                return Err(serde::de::Error::duplicate_field("requestHeaders"));
                            }
                            request_headers__ = Some(map_.next_value()?);
                        }
                        GeneratedField::RequestMessages => {
                            if request_messages__.is_some() {
                                return Err(serde::de::Error::duplicate_field("requestMessages"));
                            }
                            request_messages__ = Some(map_.next_value()?);
                        }
                        GeneratedField::TimeoutMs => {
                            if timeout_ms__.is_some() {
                                return Err(serde::de::Error::duplicate_field("timeoutMs"));
                            }
                            timeout_ms__ = 
                                map_.next_value::<::std::option::Option<::pbjson::private::NumberDeserialize<_>>>()?.map(|x| x.0)
                            ;
                        }
                        GeneratedField::RequestDelayMs => {
                            if request_delay_ms__.is_some() {
                                return Err(serde::de::Error::duplicate_field("requestDelayMs"));
                            }
                            request_delay_ms__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::Cancel => {
                            if cancel__.is_some() {
                                return Err(serde::de::Error::duplicate_field("cancel"));
                            }
                            cancel__ = map_.next_value()?;
                        }
                        GeneratedField::RawRequest => {
                            if raw_request__.is_some() {
                                return Err(serde::de::Error::duplicate_field("rawRequest"));
                            }
                            raw_request__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ClientCompatRequest {
                    test_name: test_name__.unwrap_or_default(),
                    http_version: http_version__.unwrap_or_default(),
                    protocol: protocol__.unwrap_or_default(),
                    codec: codec__.unwrap_or_default(),
                    compression: compression__.unwrap_or_default(),
                    host: host__.unwrap_or_default(),
                    port: port__.unwrap_or_default(),
                    server_tls_cert: server_tls_cert__.unwrap_or_default(),
                    client_tls_creds: client_tls_creds__,
                    message_receive_limit: message_receive_limit__.unwrap_or_default(),
                    service: service__,
                    method: method__,
                    stream_type: stream_type__.unwrap_or_default(),
                    use_get_http_method: use_get_http_method__.unwrap_or_default(),
                    request_headers: request_headers__.unwrap_or_default(),
                    request_messages: request_messages__.unwrap_or_default(),
                    timeout_ms: timeout_ms__,
                    request_delay_ms: request_delay_ms__.unwrap_or_default(),
                    cancel: cancel__,
                    raw_request: raw_request__,
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.ClientCompatRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for client_compat_request::Cancel {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.cancel_timing.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.ClientCompatRequest.Cancel", len)?;
        if let Some(v) = self.cancel_timing.as_ref() {
            match v {
                client_compat_request::cancel::CancelTiming::BeforeCloseSend(v) => {
                    struct_ser.serialize_field("beforeCloseSend", v)?;
                }
                client_compat_request::cancel::CancelTiming::AfterCloseSendMs(v) => {
                    struct_ser.serialize_field("afterCloseSendMs", v)?;
                }
                client_compat_request::cancel::CancelTiming::AfterNumResponses(v) => {
                    struct_ser.serialize_field("afterNumResponses", v)?;
                }
            }
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for client_compat_request::Cancel {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "before_close_send",
            "beforeCloseSend",
            "after_close_send_ms",
            "afterCloseSendMs",
            "after_num_responses",
            "afterNumResponses",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            BeforeCloseSend,
            AfterCloseSendMs,
            AfterNumResponses,
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
                            "beforeCloseSend" | "before_close_send" => Ok(GeneratedField::BeforeCloseSend),
                            "afterCloseSendMs" | "after_close_send_ms" => Ok(GeneratedField::AfterCloseSendMs),
                            "afterNumResponses" | "after_num_responses" => Ok(GeneratedField::AfterNumResponses),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = client_compat_request::Cancel;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.ClientCompatRequest.Cancel")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<client_compat_request::Cancel, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut cancel_timing__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::BeforeCloseSend => {
                            if cancel_timing__.is_some() {
                                return Err(serde::de::Error::duplicate_field("beforeCloseSend"));
                            }
                            cancel_timing__ = map_.next_value::<::std::option::Option<_>>()?.map(client_compat_request::cancel::CancelTiming::BeforeCloseSend)
;
                        }
                        GeneratedField::AfterCloseSendMs => {
                            if cancel_timing__.is_some() {
                                return Err(serde::de::Error::duplicate_field("afterCloseSendMs"));
                            }
                            cancel_timing__ = map_.next_value::<::std::option::Option<::pbjson::private::NumberDeserialize<_>>>()?.map(|x| client_compat_request::cancel::CancelTiming::AfterCloseSendMs(x.0));
                        }
                        GeneratedField::AfterNumResponses => {
                            if cancel_timing__.is_some() {
                                return Err(serde::de::Error::duplicate_field("afterNumResponses"));
                            }
                            cancel_timing__ = map_.next_value::<::std::option::Option<::pbjson::private::NumberDeserialize<_>>>()?.map(|x| client_compat_request::cancel::CancelTiming::AfterNumResponses(x.0));
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(client_compat_request::Cancel {
                    cancel_timing: cancel_timing__,
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.ClientCompatRequest.Cancel", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for ClientCompatResponse {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.test_name.is_empty() {
            len += 1;
        }
        if self.result.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.ClientCompatResponse", len)?;
        if !self.test_name.is_empty() {
            struct_ser.serialize_field("testName", &self.test_name)?;
        }
        if let Some(v) = self.result.as_ref() {
            match v {
                client_compat_response::Result::Response(v) => {
                    struct_ser.serialize_field("response", v)?;
                }
                client_compat_response::Result::Error(v) => {
                    struct_ser.serialize_field("error", v)?;
                }
            }
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for ClientCompatResponse {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "test_name",
            "testName",
            "response",
            "error",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            TestName,
            Response,
            Error,
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
                            "testName" | "test_name" => Ok(GeneratedField::TestName),
                            "response" => Ok(GeneratedField::Response),
                            "error" => Ok(GeneratedField::Error),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = ClientCompatResponse;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.ClientCompatResponse")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ClientCompatResponse, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut test_name__ = None;
                let mut result__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::TestName => {
                            if test_name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("testName"));
                            }
                            test_name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Response => {
                            if result__.is_some() {
                                return Err(serde::de::Error::duplicate_field("response"));
                            }
                            result__ = map_.next_value::<::std::option::Option<_>>()?.map(client_compat_response::Result::Response)
;
                        }
                        GeneratedField::Error => {
                            if result__.is_some() {
                                return Err(serde::de::Error::duplicate_field("error"));
                            }
                            result__ = map_.next_value::<::std::option::Option<_>>()?.map(client_compat_response::Result::Error)
;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ClientCompatResponse {
                    test_name: test_name__.unwrap_or_default(),
                    result: result__,
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.ClientCompatResponse", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for ClientErrorResult {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.message.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.ClientErrorResult", len)?;
        if !self.message.is_empty() {
            struct_ser.serialize_field("message", &self.message)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for ClientErrorResult {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "message",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Message,
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
                            "message" => Ok(GeneratedField::Message),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = ClientErrorResult;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.ClientErrorResult")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ClientErrorResult, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut message__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Message => {
                            if message__.is_some() {
                                return Err(serde::de::Error::duplicate_field("message"));
                            }
                            message__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ClientErrorResult {
                    message: message__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.ClientErrorResult", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for ClientResponseResult {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.response_headers.is_empty() {
            len += 1;
        }
        if !self.payloads.is_empty() {
            len += 1;
        }
        if self.error.is_some() {
            len += 1;
        }
        if !self.response_trailers.is_empty() {
            len += 1;
        }
        if self.num_unsent_requests != 0 {
            len += 1;
        }
        if self.http_status_code.is_some() {
            len += 1;
        }
        if !self.feedback.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.ClientResponseResult", len)?;
        if !self.response_headers.is_empty() {
            struct_ser.serialize_field("responseHeaders", &self.response_headers)?;
        }
        if !self.payloads.is_empty() {
            struct_ser.serialize_field("payloads", &self.payloads)?;
        }
        if let Some(v) = self.error.as_ref() {
            struct_ser.serialize_field("error", v)?;
        }
        if !self.response_trailers.is_empty() {
            struct_ser.serialize_field("responseTrailers", &self.response_trailers)?;
        }
        if self.num_unsent_requests != 0 {
            struct_ser.serialize_field("numUnsentRequests", &self.num_unsent_requests)?;
        }
        if let Some(v) = self.http_status_code.as_ref() {
            struct_ser.serialize_field("httpStatusCode", v)?;
        }
        if !self.feedback.is_empty() {
            struct_ser.serialize_field("feedback", &self.feedback)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for ClientResponseResult {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "response_headers",
            "responseHeaders",
            "payloads",
            "error",
            "response_trailers",
            "responseTrailers",
            "num_unsent_requests",
            "numUnsentRequests",
            "http_status_code",
            "httpStatusCode",
            "feedback",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            ResponseHeaders,
            Payloads,
            Error,
            ResponseTrailers,
            NumUnsentRequests,
            HttpStatusCode,
            Feedback,
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
                            "responseHeaders" | "response_headers" => Ok(GeneratedField::ResponseHeaders),
                            "payloads" => Ok(GeneratedField::Payloads),
                            "error" => Ok(GeneratedField::Error),
                            "responseTrailers" | "response_trailers" => Ok(GeneratedField::ResponseTrailers),
                            "numUnsentRequests" | "num_unsent_requests" => Ok(GeneratedField::NumUnsentRequests),
                            "httpStatusCode" | "http_status_code" => Ok(GeneratedField::HttpStatusCode),
                            "feedback" => Ok(GeneratedField::Feedback),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = ClientResponseResult;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.ClientResponseResult")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ClientResponseResult, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut response_headers__ = None;
                let mut payloads__ = None;
                let mut error__ = None;
                let mut response_trailers__ = None;
                let mut num_unsent_requests__ = None;
                let mut http_status_code__ = None;
                let mut feedback__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::ResponseHeaders => {
                            if response_headers__.is_some() {
                                return Err(serde::de::Error::duplicate_field("responseHeaders"));
                            }
                            response_headers__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Payloads => {
                            if payloads__.is_some() {
                                return Err(serde::de::Error::duplicate_field("payloads"));
                            }
                            payloads__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Error => {
                            if error__.is_some() {
                                return Err(serde::de::Error::duplicate_field("error"));
                            }
                            error__ = map_.next_value()?;
                        }
                        GeneratedField::ResponseTrailers => {
                            if response_trailers__.is_some() {
                                return Err(serde::de::Error::duplicate_field("responseTrailers"));
                            }
                            response_trailers__ = Some(map_.next_value()?);
                        }
                        GeneratedField::NumUnsentRequests => {
                            if num_unsent_requests__.is_some() {
                                return Err(serde::de::Error::duplicate_field("numUnsentRequests"));
                            }
                            num_unsent_requests__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::HttpStatusCode => {
                            if http_status_code__.is_some() {
                                return Err(serde::de::Error::duplicate_field("httpStatusCode"));
                            }
                            http_status_code__ = 
                                map_.next_value::<::std::option::Option<::pbjson::private::NumberDeserialize<_>>>()?.map(|x| x.0)
                            ;
                        }
                        GeneratedField::Feedback => {
                            if feedback__.is_some() {
                                return Err(serde::de::Error::duplicate_field("feedback"));
                            }
                            feedback__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ClientResponseResult {
                    response_headers: response_headers__.unwrap_or_default(),
                    payloads: payloads__.unwrap_or_default(),
                    error: error__,
                    response_trailers: response_trailers__.unwrap_or_default(),
                    num_unsent_requests: num_unsent_requests__.unwrap_or_default(),
                    http_status_code: http_status_code__,
                    feedback: feedback__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.ClientResponseResult", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for ClientStreamRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.response_definition.is_some() {
            len += 1;
        }
        if !self.request_data.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.ClientStreamRequest", len)?;
        if let Some(v) = self.response_definition.as_ref() {
            struct_ser.serialize_field("responseDefinition", v)?;
        }
        if !self.request_data.is_empty() {
            #[allow(clippy::needless_borrow)]
            #[allow(clippy::needless_borrows_for_generic_args)]
            struct_ser.serialize_field("requestData", pbjson::private::base64::encode(&self.request_data).as_str())?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for ClientStreamRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "response_definition",
            "responseDefinition",
            "request_data",
            "requestData",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            ResponseDefinition,
            RequestData,
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
                            "responseDefinition" | "response_definition" => Ok(GeneratedField::ResponseDefinition),
                            "requestData" | "request_data" => Ok(GeneratedField::RequestData),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = ClientStreamRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.ClientStreamRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ClientStreamRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut response_definition__ = None;
                let mut request_data__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::ResponseDefinition => {
                            if response_definition__.is_some() {
                                return Err(serde::de::Error::duplicate_field("responseDefinition"));
                            }
                            response_definition__ = map_.next_value()?;
                        }
                        GeneratedField::RequestData => {
                            if request_data__.is_some() {
                                return Err(serde::de::Error::duplicate_field("requestData"));
                            }
                            request_data__ = 
                                Some(map_.next_value::<::pbjson::private::BytesDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ClientStreamRequest {
                    response_definition: response_definition__,
                    request_data: request_data__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.ClientStreamRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for ClientStreamResponse {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.payload.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.ClientStreamResponse", len)?;
        if let Some(v) = self.payload.as_ref() {
            struct_ser.serialize_field("payload", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for ClientStreamResponse {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "payload",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Payload,
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
                            "payload" => Ok(GeneratedField::Payload),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = ClientStreamResponse;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.ClientStreamResponse")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ClientStreamResponse, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut payload__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Payload => {
                            if payload__.is_some() {
                                return Err(serde::de::Error::duplicate_field("payload"));
                            }
                            payload__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ClientStreamResponse {
                    payload: payload__,
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.ClientStreamResponse", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for Code {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        let variant = match self {
            Self::Unspecified => "CODE_UNSPECIFIED",
            Self::Canceled => "CODE_CANCELED",
            Self::Unknown => "CODE_UNKNOWN",
            Self::InvalidArgument => "CODE_INVALID_ARGUMENT",
            Self::DeadlineExceeded => "CODE_DEADLINE_EXCEEDED",
            Self::NotFound => "CODE_NOT_FOUND",
            Self::AlreadyExists => "CODE_ALREADY_EXISTS",
            Self::PermissionDenied => "CODE_PERMISSION_DENIED",
            Self::ResourceExhausted => "CODE_RESOURCE_EXHAUSTED",
            Self::FailedPrecondition => "CODE_FAILED_PRECONDITION",
            Self::Aborted => "CODE_ABORTED",
            Self::OutOfRange => "CODE_OUT_OF_RANGE",
            Self::Unimplemented => "CODE_UNIMPLEMENTED",
            Self::Internal => "CODE_INTERNAL",
            Self::Unavailable => "CODE_UNAVAILABLE",
            Self::DataLoss => "CODE_DATA_LOSS",
            Self::Unauthenticated => "CODE_UNAUTHENTICATED",
        };
        serializer.serialize_str(variant)
    }
}
impl<'de> serde::Deserialize<'de> for Code {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "CODE_UNSPECIFIED",
            "CODE_CANCELED",
            "CODE_UNKNOWN",
            "CODE_INVALID_ARGUMENT",
            "CODE_DEADLINE_EXCEEDED",
            "CODE_NOT_FOUND",
            "CODE_ALREADY_EXISTS",
            "CODE_PERMISSION_DENIED",
            "CODE_RESOURCE_EXHAUSTED",
            "CODE_FAILED_PRECONDITION",
            "CODE_ABORTED",
            "CODE_OUT_OF_RANGE",
            "CODE_UNIMPLEMENTED",
            "CODE_INTERNAL",
            "CODE_UNAVAILABLE",
            "CODE_DATA_LOSS",
            "CODE_UNAUTHENTICATED",
        ];

        struct GeneratedVisitor;

        impl serde::de::Visitor<'_> for GeneratedVisitor {
            type Value = Code;

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
                    "CODE_UNSPECIFIED" => Ok(Code::Unspecified),
                    "CODE_CANCELED" => Ok(Code::Canceled),
                    "CODE_UNKNOWN" => Ok(Code::Unknown),
                    "CODE_INVALID_ARGUMENT" => Ok(Code::InvalidArgument),
                    "CODE_DEADLINE_EXCEEDED" => Ok(Code::DeadlineExceeded),
                    "CODE_NOT_FOUND" => Ok(Code::NotFound),
                    "CODE_ALREADY_EXISTS" => Ok(Code::AlreadyExists),
                    "CODE_PERMISSION_DENIED" => Ok(Code::PermissionDenied),
                    "CODE_RESOURCE_EXHAUSTED" => Ok(Code::ResourceExhausted),
                    "CODE_FAILED_PRECONDITION" => Ok(Code::FailedPrecondition),
                    "CODE_ABORTED" => Ok(Code::Aborted),
                    "CODE_OUT_OF_RANGE" => Ok(Code::OutOfRange),
                    "CODE_UNIMPLEMENTED" => Ok(Code::Unimplemented),
                    "CODE_INTERNAL" => Ok(Code::Internal),
                    "CODE_UNAVAILABLE" => Ok(Code::Unavailable),
                    "CODE_DATA_LOSS" => Ok(Code::DataLoss),
                    "CODE_UNAUTHENTICATED" => Ok(Code::Unauthenticated),
                    _ => Err(serde::de::Error::unknown_variant(value, FIELDS)),
                }
            }
        }
        deserializer.deserialize_any(GeneratedVisitor)
    }
}
impl serde::Serialize for Codec {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        let variant = match self {
            Self::Unspecified => "CODEC_UNSPECIFIED",
            Self::Proto => "CODEC_PROTO",
            Self::Json => "CODEC_JSON",
            Self::Text => "CODEC_TEXT",
        };
        serializer.serialize_str(variant)
    }
}
impl<'de> serde::Deserialize<'de> for Codec {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "CODEC_UNSPECIFIED",
            "CODEC_PROTO",
            "CODEC_JSON",
            "CODEC_TEXT",
        ];

        struct GeneratedVisitor;

        impl serde::de::Visitor<'_> for GeneratedVisitor {
            type Value = Codec;

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
                    "CODEC_UNSPECIFIED" => Ok(Codec::Unspecified),
                    "CODEC_PROTO" => Ok(Codec::Proto),
                    "CODEC_JSON" => Ok(Codec::Json),
                    "CODEC_TEXT" => Ok(Codec::Text),
                    _ => Err(serde::de::Error::unknown_variant(value, FIELDS)),
                }
            }
        }
        deserializer.deserialize_any(GeneratedVisitor)
    }
}
impl serde::Serialize for Compression {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        let variant = match self {
            Self::Unspecified => "COMPRESSION_UNSPECIFIED",
            Self::Identity => "COMPRESSION_IDENTITY",
            Self::Gzip => "COMPRESSION_GZIP",
            Self::Br => "COMPRESSION_BR",
            Self::Zstd => "COMPRESSION_ZSTD",
            Self::Deflate => "COMPRESSION_DEFLATE",
            Self::Snappy => "COMPRESSION_SNAPPY",
        };
        serializer.serialize_str(variant)
    }
}
impl<'de> serde::Deserialize<'de> for Compression {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "COMPRESSION_UNSPECIFIED",
            "COMPRESSION_IDENTITY",
            "COMPRESSION_GZIP",
            "COMPRESSION_BR",
            "COMPRESSION_ZSTD",
            "COMPRESSION_DEFLATE",
            "COMPRESSION_SNAPPY",
        ];

        struct GeneratedVisitor;

        impl serde::de::Visitor<'_> for GeneratedVisitor {
            type Value = Compression;

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
                    "COMPRESSION_UNSPECIFIED" => Ok(Compression::Unspecified),
                    "COMPRESSION_IDENTITY" => Ok(Compression::Identity),
                    "COMPRESSION_GZIP" => Ok(Compression::Gzip),
                    "COMPRESSION_BR" => Ok(Compression::Br),
                    "COMPRESSION_ZSTD" => Ok(Compression::Zstd),
                    "COMPRESSION_DEFLATE" => Ok(Compression::Deflate),
                    "COMPRESSION_SNAPPY" => Ok(Compression::Snappy),
                    _ => Err(serde::de::Error::unknown_variant(value, FIELDS)),
                }
            }
        }
        deserializer.deserialize_any(GeneratedVisitor)
    }
}
impl serde::Serialize for Config {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.features.is_some() {
            len += 1;
        }
        if !self.include_cases.is_empty() {
            len += 1;
        }
        if !self.exclude_cases.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.Config", len)?;
        if let Some(v) = self.features.as_ref() {
            struct_ser.serialize_field("features", v)?;
        }
        if !self.include_cases.is_empty() {
            struct_ser.serialize_field("includeCases", &self.include_cases)?;
        }
        if !self.exclude_cases.is_empty() {
            struct_ser.serialize_field("excludeCases", &self.exclude_cases)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for Config {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "features",
            "include_cases",
            "includeCases",
            "exclude_cases",
            "excludeCases",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Features,
            IncludeCases,
            ExcludeCases,
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
                            "features" => Ok(GeneratedField::Features),
                            "includeCases" | "include_cases" => Ok(GeneratedField::IncludeCases),
                            "excludeCases" | "exclude_cases" => Ok(GeneratedField::ExcludeCases),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = Config;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.Config")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<Config, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut features__ = None;
                let mut include_cases__ = None;
                let mut exclude_cases__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Features => {
                            if features__.is_some() {
                                return Err(serde::de::Error::duplicate_field("features"));
                            }
                            features__ = map_.next_value()?;
                        }
                        GeneratedField::IncludeCases => {
                            if include_cases__.is_some() {
                                return Err(serde::de::Error::duplicate_field("includeCases"));
                            }
                            include_cases__ = Some(map_.next_value()?);
                        }
                        GeneratedField::ExcludeCases => {
                            if exclude_cases__.is_some() {
                                return Err(serde::de::Error::duplicate_field("excludeCases"));
                            }
                            exclude_cases__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(Config {
                    features: features__,
                    include_cases: include_cases__.unwrap_or_default(),
                    exclude_cases: exclude_cases__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.Config", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for ConfigCase {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.version != 0 {
            len += 1;
        }
        if self.protocol != 0 {
            len += 1;
        }
        if self.codec != 0 {
            len += 1;
        }
        if self.compression != 0 {
            len += 1;
        }
        if self.stream_type != 0 {
            len += 1;
        }
        if self.use_tls.is_some() {
            len += 1;
        }
        if self.use_tls_client_certs.is_some() {
            len += 1;
        }
        if self.use_message_receive_limit.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.ConfigCase", len)?;
        if self.version != 0 {
            let v = HttpVersion::try_from(self.version)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.version)))?;
            struct_ser.serialize_field("version", &v)?;
        }
        if self.protocol != 0 {
            let v = Protocol::try_from(self.protocol)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.protocol)))?;
            struct_ser.serialize_field("protocol", &v)?;
        }
        if self.codec != 0 {
            let v = Codec::try_from(self.codec)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.codec)))?;
            struct_ser.serialize_field("codec", &v)?;
        }
        if self.compression != 0 {
            let v = Compression::try_from(self.compression)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.compression)))?;
            struct_ser.serialize_field("compression", &v)?;
        }
        if self.stream_type != 0 {
            let v = StreamType::try_from(self.stream_type)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.stream_type)))?;
            struct_ser.serialize_field("streamType", &v)?;
        }
        if let Some(v) = self.use_tls.as_ref() {
            struct_ser.serialize_field("useTls", v)?;
        }
        if let Some(v) = self.use_tls_client_certs.as_ref() {
            struct_ser.serialize_field("useTlsClientCerts", v)?;
        }
        if let Some(v) = self.use_message_receive_limit.as_ref() {
            struct_ser.serialize_field("useMessageReceiveLimit", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for ConfigCase {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "version",
            "protocol",
            "codec",
            "compression",
            "stream_type",
            "streamType",
            "use_tls",
            "useTls",
            "use_tls_client_certs",
            "useTlsClientCerts",
            "use_message_receive_limit",
            "useMessageReceiveLimit",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Version,
            Protocol,
            Codec,
            Compression,
            StreamType,
            UseTls,
            UseTlsClientCerts,
            UseMessageReceiveLimit,
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
                            "version" => Ok(GeneratedField::Version),
                            "protocol" => Ok(GeneratedField::Protocol),
                            "codec" => Ok(GeneratedField::Codec),
                            "compression" => Ok(GeneratedField::Compression),
                            "streamType" | "stream_type" => Ok(GeneratedField::StreamType),
                            "useTls" | "use_tls" => Ok(GeneratedField::UseTls),
                            "useTlsClientCerts" | "use_tls_client_certs" => Ok(GeneratedField::UseTlsClientCerts),
                            "useMessageReceiveLimit" | "use_message_receive_limit" => Ok(GeneratedField::UseMessageReceiveLimit),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = ConfigCase;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.ConfigCase")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ConfigCase, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut version__ = None;
                let mut protocol__ = None;
                let mut codec__ = None;
                let mut compression__ = None;
                let mut stream_type__ = None;
                let mut use_tls__ = None;
                let mut use_tls_client_certs__ = None;
                let mut use_message_receive_limit__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Version => {
                            if version__.is_some() {
                                return Err(serde::de::Error::duplicate_field("version"));
                            }
                            version__ = Some(map_.next_value::<HttpVersion>()? as i32);
                        }
                        GeneratedField::Protocol => {
                            if protocol__.is_some() {
                                return Err(serde::de::Error::duplicate_field("protocol"));
                            }
                            protocol__ = Some(map_.next_value::<Protocol>()? as i32);
                        }
                        GeneratedField::Codec => {
                            if codec__.is_some() {
                                return Err(serde::de::Error::duplicate_field("codec"));
                            }
                            codec__ = Some(map_.next_value::<Codec>()? as i32);
                        }
                        GeneratedField::Compression => {
                            if compression__.is_some() {
                                return Err(serde::de::Error::duplicate_field("compression"));
                            }
                            compression__ = Some(map_.next_value::<Compression>()? as i32);
                        }
                        GeneratedField::StreamType => {
                            if stream_type__.is_some() {
                                return Err(serde::de::Error::duplicate_field("streamType"));
                            }
                            stream_type__ = Some(map_.next_value::<StreamType>()? as i32);
                        }
                        GeneratedField::UseTls => {
                            if use_tls__.is_some() {
                                return Err(serde::de::Error::duplicate_field("useTls"));
                            }
                            use_tls__ = map_.next_value()?;
                        }
                        GeneratedField::UseTlsClientCerts => {
                            if use_tls_client_certs__.is_some() {
                                return Err(serde::de::Error::duplicate_field("useTlsClientCerts"));
                            }
                            use_tls_client_certs__ = map_.next_value()?;
                        }
                        GeneratedField::UseMessageReceiveLimit => {
                            if use_message_receive_limit__.is_some() {
                                return Err(serde::de::Error::duplicate_field("useMessageReceiveLimit"));
                            }
                            use_message_receive_limit__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ConfigCase {
                    version: version__.unwrap_or_default(),
                    protocol: protocol__.unwrap_or_default(),
                    codec: codec__.unwrap_or_default(),
                    compression: compression__.unwrap_or_default(),
                    stream_type: stream_type__.unwrap_or_default(),
                    use_tls: use_tls__,
                    use_tls_client_certs: use_tls_client_certs__,
                    use_message_receive_limit: use_message_receive_limit__,
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.ConfigCase", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for ConformancePayload {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.data.is_empty() {
            len += 1;
        }
        if self.request_info.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.ConformancePayload", len)?;
        if !self.data.is_empty() {
            #[allow(clippy::needless_borrow)]
            #[allow(clippy::needless_borrows_for_generic_args)]
            struct_ser.serialize_field("data", pbjson::private::base64::encode(&self.data).as_str())?;
        }
        if let Some(v) = self.request_info.as_ref() {
            struct_ser.serialize_field("requestInfo", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for ConformancePayload {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "data",
            "request_info",
            "requestInfo",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Data,
            RequestInfo,
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
                            "data" => Ok(GeneratedField::Data),
                            "requestInfo" | "request_info" => Ok(GeneratedField::RequestInfo),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = ConformancePayload;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.ConformancePayload")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ConformancePayload, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut data__ = None;
                let mut request_info__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Data => {
                            if data__.is_some() {
                                return Err(serde::de::Error::duplicate_field("data"));
                            }
                            data__ = 
                                Some(map_.next_value::<::pbjson::private::BytesDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::RequestInfo => {
                            if request_info__.is_some() {
                                return Err(serde::de::Error::duplicate_field("requestInfo"));
                            }
                            request_info__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ConformancePayload {
                    data: data__.unwrap_or_default(),
                    request_info: request_info__,
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.ConformancePayload", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for conformance_payload::ConnectGetInfo {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.query_params.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.ConformancePayload.ConnectGetInfo", len)?;
        if !self.query_params.is_empty() {
            struct_ser.serialize_field("queryParams", &self.query_params)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for conformance_payload::ConnectGetInfo {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "query_params",
            "queryParams",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            QueryParams,
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
                            "queryParams" | "query_params" => Ok(GeneratedField::QueryParams),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = conformance_payload::ConnectGetInfo;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.ConformancePayload.ConnectGetInfo")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<conformance_payload::ConnectGetInfo, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut query_params__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::QueryParams => {
                            if query_params__.is_some() {
                                return Err(serde::de::Error::duplicate_field("queryParams"));
                            }
                            query_params__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(conformance_payload::ConnectGetInfo {
                    query_params: query_params__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.ConformancePayload.ConnectGetInfo", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for conformance_payload::RequestInfo {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.request_headers.is_empty() {
            len += 1;
        }
        if self.timeout_ms.is_some() {
            len += 1;
        }
        if !self.requests.is_empty() {
            len += 1;
        }
        if self.connect_get_info.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.ConformancePayload.RequestInfo", len)?;
        if !self.request_headers.is_empty() {
            struct_ser.serialize_field("requestHeaders", &self.request_headers)?;
        }
        if let Some(v) = self.timeout_ms.as_ref() {
            #[allow(clippy::needless_borrow)]
            #[allow(clippy::needless_borrows_for_generic_args)]
            struct_ser.serialize_field("timeoutMs", ToString::to_string(&v).as_str())?;
        }
        if !self.requests.is_empty() {
            struct_ser.serialize_field("requests", &self.requests)?;
        }
        if let Some(v) = self.connect_get_info.as_ref() {
            struct_ser.serialize_field("connectGetInfo", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for conformance_payload::RequestInfo {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "request_headers",
            "requestHeaders",
            "timeout_ms",
            "timeoutMs",
            "requests",
            "connect_get_info",
            "connectGetInfo",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            RequestHeaders,
            TimeoutMs,
            Requests,
            ConnectGetInfo,
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
                            "requestHeaders" | "request_headers" => Ok(GeneratedField::RequestHeaders),
                            "timeoutMs" | "timeout_ms" => Ok(GeneratedField::TimeoutMs),
                            "requests" => Ok(GeneratedField::Requests),
                            "connectGetInfo" | "connect_get_info" => Ok(GeneratedField::ConnectGetInfo),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = conformance_payload::RequestInfo;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.ConformancePayload.RequestInfo")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<conformance_payload::RequestInfo, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut request_headers__ = None;
                let mut timeout_ms__ = None;
                let mut requests__ = None;
                let mut connect_get_info__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::RequestHeaders => {
                            if request_headers__.is_some() {
                                return Err(serde::de::Error::duplicate_field("requestHeaders"));
                            }
                            request_headers__ = Some(map_.next_value()?);
                        }
                        GeneratedField::TimeoutMs => {
                            if timeout_ms__.is_some() {
                                return Err(serde::de::Error::duplicate_field("timeoutMs"));
                            }
                            timeout_ms__ = 
                                map_.next_value::<::std::option::Option<::pbjson::private::NumberDeserialize<_>>>()?.map(|x| x.0)
                            ;
                        }
                        GeneratedField::Requests => {
                            if requests__.is_some() {
                                return Err(serde::de::Error::duplicate_field("requests"));
                            }
                            requests__ = Some(map_.next_value()?);
                        }
                        GeneratedField::ConnectGetInfo => {
                            if connect_get_info__.is_some() {
                                return Err(serde::de::Error::duplicate_field("connectGetInfo"));
                            }
                            connect_get_info__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(conformance_payload::RequestInfo {
                    request_headers: request_headers__.unwrap_or_default(),
                    timeout_ms: timeout_ms__,
                    requests: requests__.unwrap_or_default(),
                    connect_get_info: connect_get_info__,
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.ConformancePayload.RequestInfo", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for Error {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.code != 0 {
            len += 1;
        }
        if self.message.is_some() {
            len += 1;
        }
        if !self.details.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.Error", len)?;
        if self.code != 0 {
            let v = Code::try_from(self.code)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.code)))?;
            struct_ser.serialize_field("code", &v)?;
        }
        if let Some(v) = self.message.as_ref() {
            struct_ser.serialize_field("message", v)?;
        }
        if !self.details.is_empty() {
            struct_ser.serialize_field("details", &self.details)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for Error {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "code",
            "message",
            "details",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Code,
            Message,
            Details,
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
                            "code" => Ok(GeneratedField::Code),
                            "message" => Ok(GeneratedField::Message),
                            "details" => Ok(GeneratedField::Details),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = Error;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.Error")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<Error, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut code__ = None;
                let mut message__ = None;
                let mut details__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Code => {
                            if code__.is_some() {
                                return Err(serde::de::Error::duplicate_field("code"));
                            }
                            code__ = Some(map_.next_value::<Code>()? as i32);
                        }
                        GeneratedField::Message => {
                            if message__.is_some() {
                                return Err(serde::de::Error::duplicate_field("message"));
                            }
                            message__ = map_.next_value()?;
                        }
                        GeneratedField::Details => {
                            if details__.is_some() {
                                return Err(serde::de::Error::duplicate_field("details"));
                            }
                            details__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(Error {
                    code: code__.unwrap_or_default(),
                    message: message__,
                    details: details__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.Error", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for Features {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.versions.is_empty() {
            len += 1;
        }
        if !self.protocols.is_empty() {
            len += 1;
        }
        if !self.codecs.is_empty() {
            len += 1;
        }
        if !self.compressions.is_empty() {
            len += 1;
        }
        if !self.stream_types.is_empty() {
            len += 1;
        }
        if self.supports_h2c.is_some() {
            len += 1;
        }
        if self.supports_tls.is_some() {
            len += 1;
        }
        if self.supports_tls_client_certs.is_some() {
            len += 1;
        }
        if self.supports_trailers.is_some() {
            len += 1;
        }
        if self.supports_half_duplex_bidi_over_http1.is_some() {
            len += 1;
        }
        if self.supports_connect_get.is_some() {
            len += 1;
        }
        if self.supports_message_receive_limit.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.Features", len)?;
        if !self.versions.is_empty() {
            let v = self.versions.iter().cloned().map(|v| {
                HttpVersion::try_from(v)
                    .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", v)))
                }).collect::<std::result::Result<Vec<_>, _>>()?;
            struct_ser.serialize_field("versions", &v)?;
        }
        if !self.protocols.is_empty() {
            let v = self.protocols.iter().cloned().map(|v| {
                Protocol::try_from(v)
                    .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", v)))
                }).collect::<std::result::Result<Vec<_>, _>>()?;
            struct_ser.serialize_field("protocols", &v)?;
        }
        if !self.codecs.is_empty() {
            let v = self.codecs.iter().cloned().map(|v| {
                Codec::try_from(v)
                    .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", v)))
                }).collect::<std::result::Result<Vec<_>, _>>()?;
            struct_ser.serialize_field("codecs", &v)?;
        }
        if !self.compressions.is_empty() {
            let v = self.compressions.iter().cloned().map(|v| {
                Compression::try_from(v)
                    .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", v)))
                }).collect::<std::result::Result<Vec<_>, _>>()?;
            struct_ser.serialize_field("compressions", &v)?;
        }
        if !self.stream_types.is_empty() {
            let v = self.stream_types.iter().cloned().map(|v| {
                StreamType::try_from(v)
                    .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", v)))
                }).collect::<std::result::Result<Vec<_>, _>>()?;
            struct_ser.serialize_field("streamTypes", &v)?;
        }
        if let Some(v) = self.supports_h2c.as_ref() {
            struct_ser.serialize_field("supportsH2c", v)?;
        }
        if let Some(v) = self.supports_tls.as_ref() {
            struct_ser.serialize_field("supportsTls", v)?;
        }
        if let Some(v) = self.supports_tls_client_certs.as_ref() {
            struct_ser.serialize_field("supportsTlsClientCerts", v)?;
        }
        if let Some(v) = self.supports_trailers.as_ref() {
            struct_ser.serialize_field("supportsTrailers", v)?;
        }
        if let Some(v) = self.supports_half_duplex_bidi_over_http1.as_ref() {
            struct_ser.serialize_field("supportsHalfDuplexBidiOverHttp1", v)?;
        }
        if let Some(v) = self.supports_connect_get.as_ref() {
            struct_ser.serialize_field("supportsConnectGet", v)?;
        }
        if let Some(v) = self.supports_message_receive_limit.as_ref() {
            struct_ser.serialize_field("supportsMessageReceiveLimit", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for Features {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "versions",
            "protocols",
            "codecs",
            "compressions",
            "stream_types",
            "streamTypes",
            "supports_h2c",
            "supportsH2c",
            "supports_tls",
            "supportsTls",
            "supports_tls_client_certs",
            "supportsTlsClientCerts",
            "supports_trailers",
            "supportsTrailers",
            "supports_half_duplex_bidi_over_http1",
            "supportsHalfDuplexBidiOverHttp1",
            "supports_connect_get",
            "supportsConnectGet",
            "supports_message_receive_limit",
            "supportsMessageReceiveLimit",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Versions,
            Protocols,
            Codecs,
            Compressions,
            StreamTypes,
            SupportsH2c,
            SupportsTls,
            SupportsTlsClientCerts,
            SupportsTrailers,
            SupportsHalfDuplexBidiOverHttp1,
            SupportsConnectGet,
            SupportsMessageReceiveLimit,
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
                            "versions" => Ok(GeneratedField::Versions),
                            "protocols" => Ok(GeneratedField::Protocols),
                            "codecs" => Ok(GeneratedField::Codecs),
                            "compressions" => Ok(GeneratedField::Compressions),
                            "streamTypes" | "stream_types" => Ok(GeneratedField::StreamTypes),
                            "supportsH2c" | "supports_h2c" => Ok(GeneratedField::SupportsH2c),
                            "supportsTls" | "supports_tls" => Ok(GeneratedField::SupportsTls),
                            "supportsTlsClientCerts" | "supports_tls_client_certs" => Ok(GeneratedField::SupportsTlsClientCerts),
                            "supportsTrailers" | "supports_trailers" => Ok(GeneratedField::SupportsTrailers),
                            "supportsHalfDuplexBidiOverHttp1" | "supports_half_duplex_bidi_over_http1" => Ok(GeneratedField::SupportsHalfDuplexBidiOverHttp1),
                            "supportsConnectGet" | "supports_connect_get" => Ok(GeneratedField::SupportsConnectGet),
                            "supportsMessageReceiveLimit" | "supports_message_receive_limit" => Ok(GeneratedField::SupportsMessageReceiveLimit),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = Features;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.Features")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<Features, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut versions__ = None;
                let mut protocols__ = None;
                let mut codecs__ = None;
                let mut compressions__ = None;
                let mut stream_types__ = None;
                let mut supports_h2c__ = None;
                let mut supports_tls__ = None;
                let mut supports_tls_client_certs__ = None;
                let mut supports_trailers__ = None;
                let mut supports_half_duplex_bidi_over_http1__ = None;
                let mut supports_connect_get__ = None;
                let mut supports_message_receive_limit__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Versions => {
                            if versions__.is_some() {
                                return Err(serde::de::Error::duplicate_field("versions"));
                            }
                            versions__ = Some(map_.next_value::<Vec<HttpVersion>>()?.into_iter().map(|x| x as i32).collect());
                        }
                        GeneratedField::Protocols => {
                            if protocols__.is_some() {
                                return Err(serde::de::Error::duplicate_field("protocols"));
                            }
                            protocols__ = Some(map_.next_value::<Vec<Protocol>>()?.into_iter().map(|x| x as i32).collect());
                        }
                        GeneratedField::Codecs => {
                            if codecs__.is_some() {
                                return Err(serde::de::Error::duplicate_field("codecs"));
                            }
                            codecs__ = Some(map_.next_value::<Vec<Codec>>()?.into_iter().map(|x| x as i32).collect());
                        }
                        GeneratedField::Compressions => {
                            if compressions__.is_some() {
                                return Err(serde::de::Error::duplicate_field("compressions"));
                            }
                            compressions__ = Some(map_.next_value::<Vec<Compression>>()?.into_iter().map(|x| x as i32).collect());
                        }
                        GeneratedField::StreamTypes => {
                            if stream_types__.is_some() {
                                return Err(serde::de::Error::duplicate_field("streamTypes"));
                            }
                            stream_types__ = Some(map_.next_value::<Vec<StreamType>>()?.into_iter().map(|x| x as i32).collect());
                        }
                        GeneratedField::SupportsH2c => {
                            if supports_h2c__.is_some() {
                                return Err(serde::de::Error::duplicate_field("supportsH2c"));
                            }
                            supports_h2c__ = map_.next_value()?;
                        }
                        GeneratedField::SupportsTls => {
                            if supports_tls__.is_some() {
                                return Err(serde::de::Error::duplicate_field("supportsTls"));
                            }
                            supports_tls__ = map_.next_value()?;
                        }
                        GeneratedField::SupportsTlsClientCerts => {
                            if supports_tls_client_certs__.is_some() {
                                return Err(serde::de::Error::duplicate_field("supportsTlsClientCerts"));
                            }
                            supports_tls_client_certs__ = map_.next_value()?;
                        }
                        GeneratedField::SupportsTrailers => {
                            if supports_trailers__.is_some() {
                                return Err(serde::de::Error::duplicate_field("supportsTrailers"));
                            }
                            supports_trailers__ = map_.next_value()?;
                        }
                        GeneratedField::SupportsHalfDuplexBidiOverHttp1 => {
                            if supports_half_duplex_bidi_over_http1__.is_some() {
                                return Err(serde::de::Error::duplicate_field("supportsHalfDuplexBidiOverHttp1"));
                            }
                            supports_half_duplex_bidi_over_http1__ = map_.next_value()?;
                        }
                        GeneratedField::SupportsConnectGet => {
                            if supports_connect_get__.is_some() {
                                return Err(serde::de::Error::duplicate_field("supportsConnectGet"));
                            }
                            supports_connect_get__ = map_.next_value()?;
                        }
                        GeneratedField::SupportsMessageReceiveLimit => {
                            if supports_message_receive_limit__.is_some() {
                                return Err(serde::de::Error::duplicate_field("supportsMessageReceiveLimit"));
                            }
                            supports_message_receive_limit__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(Features {
                    versions: versions__.unwrap_or_default(),
                    protocols: protocols__.unwrap_or_default(),
                    codecs: codecs__.unwrap_or_default(),
                    compressions: compressions__.unwrap_or_default(),
                    stream_types: stream_types__.unwrap_or_default(),
                    supports_h2c: supports_h2c__,
                    supports_tls: supports_tls__,
                    supports_tls_client_certs: supports_tls_client_certs__,
                    supports_trailers: supports_trailers__,
                    supports_half_duplex_bidi_over_http1: supports_half_duplex_bidi_over_http1__,
                    supports_connect_get: supports_connect_get__,
                    supports_message_receive_limit: supports_message_receive_limit__,
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.Features", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for HttpVersion {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        let variant = match self {
            Self::Unspecified => "HTTP_VERSION_UNSPECIFIED",
            Self::HttpVersion1 => "HTTP_VERSION_1",
            Self::HttpVersion2 => "HTTP_VERSION_2",
            Self::HttpVersion3 => "HTTP_VERSION_3",
        };
        serializer.serialize_str(variant)
    }
}
impl<'de> serde::Deserialize<'de> for HttpVersion {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "HTTP_VERSION_UNSPECIFIED",
            "HTTP_VERSION_1",
            "HTTP_VERSION_2",
            "HTTP_VERSION_3",
        ];

        struct GeneratedVisitor;

        impl serde::de::Visitor<'_> for GeneratedVisitor {
            type Value = HttpVersion;

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
                    "HTTP_VERSION_UNSPECIFIED" => Ok(HttpVersion::Unspecified),
                    "HTTP_VERSION_1" => Ok(HttpVersion::HttpVersion1),
                    "HTTP_VERSION_2" => Ok(HttpVersion::HttpVersion2),
                    "HTTP_VERSION_3" => Ok(HttpVersion::HttpVersion3),
                    _ => Err(serde::de::Error::unknown_variant(value, FIELDS)),
                }
            }
        }
        deserializer.deserialize_any(GeneratedVisitor)
    }
}
impl serde::Serialize for Header {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.name.is_empty() {
            len += 1;
        }
        if !self.value.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.Header", len)?;
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        if !self.value.is_empty() {
            struct_ser.serialize_field("value", &self.value)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for Header {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "name",
            "value",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Name,
            Value,
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
                            "name" => Ok(GeneratedField::Name),
                            "value" => Ok(GeneratedField::Value),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = Header;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.Header")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<Header, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut name__ = None;
                let mut value__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Value => {
                            if value__.is_some() {
                                return Err(serde::de::Error::duplicate_field("value"));
                            }
                            value__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(Header {
                    name: name__.unwrap_or_default(),
                    value: value__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.Header", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for IdempotentUnaryRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.response_definition.is_some() {
            len += 1;
        }
        if !self.request_data.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.IdempotentUnaryRequest", len)?;
        if let Some(v) = self.response_definition.as_ref() {
            struct_ser.serialize_field("responseDefinition", v)?;
        }
        if !self.request_data.is_empty() {
            #[allow(clippy::needless_borrow)]
            #[allow(clippy::needless_borrows_for_generic_args)]
            struct_ser.serialize_field("requestData", pbjson::private::base64::encode(&self.request_data).as_str())?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for IdempotentUnaryRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "response_definition",
            "responseDefinition",
            "request_data",
            "requestData",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            ResponseDefinition,
            RequestData,
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
                            "responseDefinition" | "response_definition" => Ok(GeneratedField::ResponseDefinition),
                            "requestData" | "request_data" => Ok(GeneratedField::RequestData),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = IdempotentUnaryRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.IdempotentUnaryRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<IdempotentUnaryRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut response_definition__ = None;
                let mut request_data__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::ResponseDefinition => {
                            if response_definition__.is_some() {
                                return Err(serde::de::Error::duplicate_field("responseDefinition"));
                            }
                            response_definition__ = map_.next_value()?;
                        }
                        GeneratedField::RequestData => {
                            if request_data__.is_some() {
                                return Err(serde::de::Error::duplicate_field("requestData"));
                            }
                            request_data__ = 
                                Some(map_.next_value::<::pbjson::private::BytesDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(IdempotentUnaryRequest {
                    response_definition: response_definition__,
                    request_data: request_data__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.IdempotentUnaryRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for IdempotentUnaryResponse {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.payload.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.IdempotentUnaryResponse", len)?;
        if let Some(v) = self.payload.as_ref() {
            struct_ser.serialize_field("payload", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for IdempotentUnaryResponse {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "payload",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Payload,
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
                            "payload" => Ok(GeneratedField::Payload),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = IdempotentUnaryResponse;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.IdempotentUnaryResponse")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<IdempotentUnaryResponse, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut payload__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Payload => {
                            if payload__.is_some() {
                                return Err(serde::de::Error::duplicate_field("payload"));
                            }
                            payload__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(IdempotentUnaryResponse {
                    payload: payload__,
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.IdempotentUnaryResponse", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for MessageContents {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.compression != 0 {
            len += 1;
        }
        if self.data.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.MessageContents", len)?;
        if self.compression != 0 {
            let v = Compression::try_from(self.compression)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.compression)))?;
            struct_ser.serialize_field("compression", &v)?;
        }
        if let Some(v) = self.data.as_ref() {
            match v {
                message_contents::Data::Binary(v) => {
                    #[allow(clippy::needless_borrow)]
                    #[allow(clippy::needless_borrows_for_generic_args)]
                    struct_ser.serialize_field("binary", pbjson::private::base64::encode(&v).as_str())?;
                }
                message_contents::Data::Text(v) => {
                    struct_ser.serialize_field("text", v)?;
                }
                message_contents::Data::BinaryMessage(v) => {
                    struct_ser.serialize_field("binaryMessage", v)?;
                }
            }
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for MessageContents {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "compression",
            "binary",
            "text",
            "binary_message",
            "binaryMessage",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Compression,
            Binary,
            Text,
            BinaryMessage,
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
                            "compression" => Ok(GeneratedField::Compression),
                            "binary" => Ok(GeneratedField::Binary),
                            "text" => Ok(GeneratedField::Text),
                            "binaryMessage" | "binary_message" => Ok(GeneratedField::BinaryMessage),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = MessageContents;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.MessageContents")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<MessageContents, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut compression__ = None;
                let mut data__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Compression => {
                            if compression__.is_some() {
                                return Err(serde::de::Error::duplicate_field("compression"));
                            }
                            compression__ = Some(map_.next_value::<Compression>()? as i32);
                        }
                        GeneratedField::Binary => {
                            if data__.is_some() {
                                return Err(serde::de::Error::duplicate_field("binary"));
                            }
                            data__ = map_.next_value::<::std::option::Option<::pbjson::private::BytesDeserialize<_>>>()?.map(|x| message_contents::Data::Binary(x.0));
                        }
                        GeneratedField::Text => {
                            if data__.is_some() {
                                return Err(serde::de::Error::duplicate_field("text"));
                            }
                            data__ = map_.next_value::<::std::option::Option<_>>()?.map(message_contents::Data::Text);
                        }
                        GeneratedField::BinaryMessage => {
                            if data__.is_some() {
                                return Err(serde::de::Error::duplicate_field("binaryMessage"));
                            }
                            data__ = map_.next_value::<::std::option::Option<_>>()?.map(message_contents::Data::BinaryMessage)
;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(MessageContents {
                    compression: compression__.unwrap_or_default(),
                    data: data__,
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.MessageContents", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for Protocol {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        let variant = match self {
            Self::Unspecified => "PROTOCOL_UNSPECIFIED",
            Self::Connect => "PROTOCOL_CONNECT",
            Self::Grpc => "PROTOCOL_GRPC",
            Self::GrpcWeb => "PROTOCOL_GRPC_WEB",
        };
        serializer.serialize_str(variant)
    }
}
impl<'de> serde::Deserialize<'de> for Protocol {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "PROTOCOL_UNSPECIFIED",
            "PROTOCOL_CONNECT",
            "PROTOCOL_GRPC",
            "PROTOCOL_GRPC_WEB",
        ];

        struct GeneratedVisitor;

        impl serde::de::Visitor<'_> for GeneratedVisitor {
            type Value = Protocol;

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
                    "PROTOCOL_UNSPECIFIED" => Ok(Protocol::Unspecified),
                    "PROTOCOL_CONNECT" => Ok(Protocol::Connect),
                    "PROTOCOL_GRPC" => Ok(Protocol::Grpc),
                    "PROTOCOL_GRPC_WEB" => Ok(Protocol::GrpcWeb),
                    _ => Err(serde::de::Error::unknown_variant(value, FIELDS)),
                }
            }
        }
        deserializer.deserialize_any(GeneratedVisitor)
    }
}
impl serde::Serialize for RawHttpRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.verb.is_empty() {
            len += 1;
        }
        if !self.uri.is_empty() {
            len += 1;
        }
        if !self.headers.is_empty() {
            len += 1;
        }
        if !self.raw_query_params.is_empty() {
            len += 1;
        }
        if !self.encoded_query_params.is_empty() {
            len += 1;
        }
        if self.body.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.RawHTTPRequest", len)?;
        if !self.verb.is_empty() {
            struct_ser.serialize_field("verb", &self.verb)?;
        }
        if !self.uri.is_empty() {
            struct_ser.serialize_field("uri", &self.uri)?;
        }
        if !self.headers.is_empty() {
            struct_ser.serialize_field("headers", &self.headers)?;
        }
        if !self.raw_query_params.is_empty() {
            struct_ser.serialize_field("rawQueryParams", &self.raw_query_params)?;
        }
        if !self.encoded_query_params.is_empty() {
            struct_ser.serialize_field("encodedQueryParams", &self.encoded_query_params)?;
        }
        if let Some(v) = self.body.as_ref() {
            match v {
                raw_http_request::Body::Unary(v) => {
                    struct_ser.serialize_field("unary", v)?;
                }
                raw_http_request::Body::Stream(v) => {
                    struct_ser.serialize_field("stream", v)?;
                }
            }
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for RawHttpRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "verb",
            "uri",
            "headers",
            "raw_query_params",
            "rawQueryParams",
            "encoded_query_params",
            "encodedQueryParams",
            "unary",
            "stream",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Verb,
            Uri,
            Headers,
            RawQueryParams,
            EncodedQueryParams,
            Unary,
            Stream,
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
                            "verb" => Ok(GeneratedField::Verb),
                            "uri" => Ok(GeneratedField::Uri),
                            "headers" => Ok(GeneratedField::Headers),
                            "rawQueryParams" | "raw_query_params" => Ok(GeneratedField::RawQueryParams),
                            "encodedQueryParams" | "encoded_query_params" => Ok(GeneratedField::EncodedQueryParams),
                            "unary" => Ok(GeneratedField::Unary),
                            "stream" => Ok(GeneratedField::Stream),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = RawHttpRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.RawHTTPRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<RawHttpRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut verb__ = None;
                let mut uri__ = None;
                let mut headers__ = None;
                let mut raw_query_params__ = None;
                let mut encoded_query_params__ = None;
                let mut body__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Verb => {
                            if verb__.is_some() {
                                return Err(serde::de::Error::duplicate_field("verb"));
                            }
                            verb__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Uri => {
                            if uri__.is_some() {
                                return Err(serde::de::Error::duplicate_field("uri"));
                            }
                            uri__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Headers => {
                            if headers__.is_some() {
                                return Err(serde::de::Error::duplicate_field("headers"));
                            }
                            headers__ = Some(map_.next_value()?);
                        }
                        GeneratedField::RawQueryParams => {
                            if raw_query_params__.is_some() {
                                return Err(serde::de::Error::duplicate_field("rawQueryParams"));
                            }
                            raw_query_params__ = Some(map_.next_value()?);
                        }
                        GeneratedField::EncodedQueryParams => {
                            if encoded_query_params__.is_some() {
                                return Err(serde::de::Error::duplicate_field("encodedQueryParams"));
                            }
                            encoded_query_params__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Unary => {
                            if body__.is_some() {
                                return Err(serde::de::Error::duplicate_field("unary"));
                            }
                            body__ = map_.next_value::<::std::option::Option<_>>()?.map(raw_http_request::Body::Unary)
;
                        }
                        GeneratedField::Stream => {
                            if body__.is_some() {
                                return Err(serde::de::Error::duplicate_field("stream"));
                            }
                            body__ = map_.next_value::<::std::option::Option<_>>()?.map(raw_http_request::Body::Stream)
;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(RawHttpRequest {
                    verb: verb__.unwrap_or_default(),
                    uri: uri__.unwrap_or_default(),
                    headers: headers__.unwrap_or_default(),
                    raw_query_params: raw_query_params__.unwrap_or_default(),
                    encoded_query_params: encoded_query_params__.unwrap_or_default(),
                    body: body__,
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.RawHTTPRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for raw_http_request::EncodedQueryParam {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.name.is_empty() {
            len += 1;
        }
        if self.value.is_some() {
            len += 1;
        }
        if self.base64_encode {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.RawHTTPRequest.EncodedQueryParam", len)?;
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        if let Some(v) = self.value.as_ref() {
            struct_ser.serialize_field("value", v)?;
        }
        if self.base64_encode {
            struct_ser.serialize_field("base64Encode", &self.base64_encode)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for raw_http_request::EncodedQueryParam {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "name",
            "value",
            "base64_encode",
            "base64Encode",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Name,
            Value,
            Base64Encode,
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
                            "name" => Ok(GeneratedField::Name),
                            "value" => Ok(GeneratedField::Value),
                            "base64Encode" | "base64_encode" => Ok(GeneratedField::Base64Encode),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = raw_http_request::EncodedQueryParam;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.RawHTTPRequest.EncodedQueryParam")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<raw_http_request::EncodedQueryParam, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut name__ = None;
                let mut value__ = None;
                let mut base64_encode__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Value => {
                            if value__.is_some() {
                                return Err(serde::de::Error::duplicate_field("value"));
                            }
                            value__ = map_.next_value()?;
                        }
                        GeneratedField::Base64Encode => {
                            if base64_encode__.is_some() {
                                return Err(serde::de::Error::duplicate_field("base64Encode"));
                            }
                            base64_encode__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(raw_http_request::EncodedQueryParam {
                    name: name__.unwrap_or_default(),
                    value: value__,
                    base64_encode: base64_encode__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.RawHTTPRequest.EncodedQueryParam", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for RawHttpResponse {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.status_code != 0 {
            len += 1;
        }
        if !self.headers.is_empty() {
            len += 1;
        }
        if !self.trailers.is_empty() {
            len += 1;
        }
        if self.body.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.RawHTTPResponse", len)?;
        if self.status_code != 0 {
            struct_ser.serialize_field("statusCode", &self.status_code)?;
        }
        if !self.headers.is_empty() {
            struct_ser.serialize_field("headers", &self.headers)?;
        }
        if !self.trailers.is_empty() {
            struct_ser.serialize_field("trailers", &self.trailers)?;
        }
        if let Some(v) = self.body.as_ref() {
            match v {
                raw_http_response::Body::Unary(v) => {
                    struct_ser.serialize_field("unary", v)?;
                }
                raw_http_response::Body::Stream(v) => {
                    struct_ser.serialize_field("stream", v)?;
                }
            }
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for RawHttpResponse {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "status_code",
            "statusCode",
            "headers",
            "trailers",
            "unary",
            "stream",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            StatusCode,
            Headers,
            Trailers,
            Unary,
            Stream,
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
                            "statusCode" | "status_code" => Ok(GeneratedField::StatusCode),
                            "headers" => Ok(GeneratedField::Headers),
                            "trailers" => Ok(GeneratedField::Trailers),
                            "unary" => Ok(GeneratedField::Unary),
                            "stream" => Ok(GeneratedField::Stream),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = RawHttpResponse;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.RawHTTPResponse")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<RawHttpResponse, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut status_code__ = None;
                let mut headers__ = None;
                let mut trailers__ = None;
                let mut body__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::StatusCode => {
                            if status_code__.is_some() {
                                return Err(serde::de::Error::duplicate_field("statusCode"));
                            }
                            status_code__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::Headers => {
                            if headers__.is_some() {
                                return Err(serde::de::Error::duplicate_field("headers"));
                            }
                            headers__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Trailers => {
                            if trailers__.is_some() {
                                return Err(serde::de::Error::duplicate_field("trailers"));
                            }
                            trailers__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Unary => {
                            if body__.is_some() {
                                return Err(serde::de::Error::duplicate_field("unary"));
                            }
                            body__ = map_.next_value::<::std::option::Option<_>>()?.map(raw_http_response::Body::Unary)
;
                        }
                        GeneratedField::Stream => {
                            if body__.is_some() {
                                return Err(serde::de::Error::duplicate_field("stream"));
                            }
                            body__ = map_.next_value::<::std::option::Option<_>>()?.map(raw_http_response::Body::Stream)
;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(RawHttpResponse {
                    status_code: status_code__.unwrap_or_default(),
                    headers: headers__.unwrap_or_default(),
                    trailers: trailers__.unwrap_or_default(),
                    body: body__,
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.RawHTTPResponse", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for ServerCompatRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.protocol != 0 {
            len += 1;
        }
        if self.http_version != 0 {
            len += 1;
        }
        if self.use_tls {
            len += 1;
        }
        if !self.client_tls_cert.is_empty() {
            len += 1;
        }
        if self.message_receive_limit != 0 {
            len += 1;
        }
        if self.server_creds.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.ServerCompatRequest", len)?;
        if self.protocol != 0 {
            let v = Protocol::try_from(self.protocol)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.protocol)))?;
            struct_ser.serialize_field("protocol", &v)?;
        }
        if self.http_version != 0 {
            let v = HttpVersion::try_from(self.http_version)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.http_version)))?;
            struct_ser.serialize_field("httpVersion", &v)?;
        }
        if self.use_tls {
            struct_ser.serialize_field("useTls", &self.use_tls)?;
        }
        if !self.client_tls_cert.is_empty() {
            #[allow(clippy::needless_borrow)]
            #[allow(clippy::needless_borrows_for_generic_args)]
            struct_ser.serialize_field("clientTlsCert", pbjson::private::base64::encode(&self.client_tls_cert).as_str())?;
        }
        if self.message_receive_limit != 0 {
            struct_ser.serialize_field("messageReceiveLimit", &self.message_receive_limit)?;
        }
        if let Some(v) = self.server_creds.as_ref() {
            struct_ser.serialize_field("serverCreds", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for ServerCompatRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "protocol",
            "http_version",
            "httpVersion",
            "use_tls",
            "useTls",
            "client_tls_cert",
            "clientTlsCert",
            "message_receive_limit",
            "messageReceiveLimit",
            "server_creds",
            "serverCreds",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Protocol,
            HttpVersion,
            UseTls,
            ClientTlsCert,
            MessageReceiveLimit,
            ServerCreds,
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
                            "protocol" => Ok(GeneratedField::Protocol),
                            "httpVersion" | "http_version" => Ok(GeneratedField::HttpVersion),
                            "useTls" | "use_tls" => Ok(GeneratedField::UseTls),
                            "clientTlsCert" | "client_tls_cert" => Ok(GeneratedField::ClientTlsCert),
                            "messageReceiveLimit" | "message_receive_limit" => Ok(GeneratedField::MessageReceiveLimit),
                            "serverCreds" | "server_creds" => Ok(GeneratedField::ServerCreds),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = ServerCompatRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.ServerCompatRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ServerCompatRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut protocol__ = None;
                let mut http_version__ = None;
                let mut use_tls__ = None;
                let mut client_tls_cert__ = None;
                let mut message_receive_limit__ = None;
                let mut server_creds__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Protocol => {
                            if protocol__.is_some() {
                                return Err(serde::de::Error::duplicate_field("protocol"));
                            }
                            protocol__ = Some(map_.next_value::<Protocol>()? as i32);
                        }
                        GeneratedField::HttpVersion => {
                            if http_version__.is_some() {
                                return Err(serde::de::Error::duplicate_field("httpVersion"));
                            }
                            http_version__ = Some(map_.next_value::<HttpVersion>()? as i32);
                        }
                        GeneratedField::UseTls => {
                            if use_tls__.is_some() {
                                return Err(serde::de::Error::duplicate_field("useTls"));
                            }
                            use_tls__ = Some(map_.next_value()?);
                        }
                        GeneratedField::ClientTlsCert => {
                            if client_tls_cert__.is_some() {
                                return Err(serde::de::Error::duplicate_field("clientTlsCert"));
                            }
                            client_tls_cert__ = 
                                Some(map_.next_value::<::pbjson::private::BytesDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::MessageReceiveLimit => {
                            if message_receive_limit__.is_some() {
                                return Err(serde::de::Error::duplicate_field("messageReceiveLimit"));
                            }
                            message_receive_limit__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::ServerCreds => {
                            if server_creds__.is_some() {
                                return Err(serde::de::Error::duplicate_field("serverCreds"));
                            }
                            server_creds__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ServerCompatRequest {
                    protocol: protocol__.unwrap_or_default(),
                    http_version: http_version__.unwrap_or_default(),
                    use_tls: use_tls__.unwrap_or_default(),
                    client_tls_cert: client_tls_cert__.unwrap_or_default(),
                    message_receive_limit: message_receive_limit__.unwrap_or_default(),
                    server_creds: server_creds__,
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.ServerCompatRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for ServerCompatResponse {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.host.is_empty() {
            len += 1;
        }
        if self.port != 0 {
            len += 1;
        }
        if !self.pem_cert.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.ServerCompatResponse", len)?;
        if !self.host.is_empty() {
            struct_ser.serialize_field("host", &self.host)?;
        }
        if self.port != 0 {
            struct_ser.serialize_field("port", &self.port)?;
        }
        if !self.pem_cert.is_empty() {
            #[allow(clippy::needless_borrow)]
            #[allow(clippy::needless_borrows_for_generic_args)]
            struct_ser.serialize_field("pemCert", pbjson::private::base64::encode(&self.pem_cert).as_str())?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for ServerCompatResponse {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "host",
            "port",
            "pem_cert",
            "pemCert",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Host,
            Port,
            PemCert,
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
                            "host" => Ok(GeneratedField::Host),
                            "port" => Ok(GeneratedField::Port),
                            "pemCert" | "pem_cert" => Ok(GeneratedField::PemCert),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = ServerCompatResponse;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.ServerCompatResponse")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ServerCompatResponse, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut host__ = None;
                let mut port__ = None;
                let mut pem_cert__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Host => {
                            if host__.is_some() {
                                return Err(serde::de::Error::duplicate_field("host"));
                            }
                            host__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Port => {
                            if port__.is_some() {
                                return Err(serde::de::Error::duplicate_field("port"));
                            }
                            port__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::PemCert => {
                            if pem_cert__.is_some() {
                                return Err(serde::de::Error::duplicate_field("pemCert"));
                            }
                            pem_cert__ = 
                                Some(map_.next_value::<::pbjson::private::BytesDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ServerCompatResponse {
                    host: host__.unwrap_or_default(),
                    port: port__.unwrap_or_default(),
                    pem_cert: pem_cert__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.ServerCompatResponse", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for ServerStreamRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.response_definition.is_some() {
            len += 1;
        }
        if !self.request_data.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.ServerStreamRequest", len)?;
        if let Some(v) = self.response_definition.as_ref() {
            struct_ser.serialize_field("responseDefinition", v)?;
        }
        if !self.request_data.is_empty() {
            #[allow(clippy::needless_borrow)]
            #[allow(clippy::needless_borrows_for_generic_args)]
            struct_ser.serialize_field("requestData", pbjson::private::base64::encode(&self.request_data).as_str())?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for ServerStreamRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "response_definition",
            "responseDefinition",
            "request_data",
            "requestData",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            ResponseDefinition,
            RequestData,
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
                            "responseDefinition" | "response_definition" => Ok(GeneratedField::ResponseDefinition),
                            "requestData" | "request_data" => Ok(GeneratedField::RequestData),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = ServerStreamRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.ServerStreamRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ServerStreamRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut response_definition__ = None;
                let mut request_data__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::ResponseDefinition => {
                            if response_definition__.is_some() {
                                return Err(serde::de::Error::duplicate_field("responseDefinition"));
                            }
                            response_definition__ = map_.next_value()?;
                        }
                        GeneratedField::RequestData => {
                            if request_data__.is_some() {
                                return Err(serde::de::Error::duplicate_field("requestData"));
                            }
                            request_data__ = 
                                Some(map_.next_value::<::pbjson::private::BytesDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ServerStreamRequest {
                    response_definition: response_definition__,
                    request_data: request_data__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.ServerStreamRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for ServerStreamResponse {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.payload.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.ServerStreamResponse", len)?;
        if let Some(v) = self.payload.as_ref() {
            struct_ser.serialize_field("payload", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for ServerStreamResponse {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "payload",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Payload,
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
                            "payload" => Ok(GeneratedField::Payload),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = ServerStreamResponse;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.ServerStreamResponse")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ServerStreamResponse, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut payload__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Payload => {
                            if payload__.is_some() {
                                return Err(serde::de::Error::duplicate_field("payload"));
                            }
                            payload__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ServerStreamResponse {
                    payload: payload__,
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.ServerStreamResponse", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for StreamContents {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.items.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.StreamContents", len)?;
        if !self.items.is_empty() {
            struct_ser.serialize_field("items", &self.items)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for StreamContents {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "items",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Items,
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
                            "items" => Ok(GeneratedField::Items),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = StreamContents;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.StreamContents")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<StreamContents, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut items__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Items => {
                            if items__.is_some() {
                                return Err(serde::de::Error::duplicate_field("items"));
                            }
                            items__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(StreamContents {
                    items: items__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.StreamContents", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for stream_contents::StreamItem {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.flags != 0 {
            len += 1;
        }
        if self.length.is_some() {
            len += 1;
        }
        if self.payload.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.StreamContents.StreamItem", len)?;
        if self.flags != 0 {
            struct_ser.serialize_field("flags", &self.flags)?;
        }
        if let Some(v) = self.length.as_ref() {
            struct_ser.serialize_field("length", v)?;
        }
        if let Some(v) = self.payload.as_ref() {
            struct_ser.serialize_field("payload", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for stream_contents::StreamItem {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "flags",
            "length",
            "payload",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Flags,
            Length,
            Payload,
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
                            "flags" => Ok(GeneratedField::Flags),
                            "length" => Ok(GeneratedField::Length),
                            "payload" => Ok(GeneratedField::Payload),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = stream_contents::StreamItem;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.StreamContents.StreamItem")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<stream_contents::StreamItem, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut flags__ = None;
                let mut length__ = None;
                let mut payload__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Flags => {
                            if flags__.is_some() {
                                return Err(serde::de::Error::duplicate_field("flags"));
                            }
                            flags__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::Length => {
                            if length__.is_some() {
                                return Err(serde::de::Error::duplicate_field("length"));
                            }
                            length__ = 
                                map_.next_value::<::std::option::Option<::pbjson::private::NumberDeserialize<_>>>()?.map(|x| x.0)
                            ;
                        }
                        GeneratedField::Payload => {
                            if payload__.is_some() {
                                return Err(serde::de::Error::duplicate_field("payload"));
                            }
                            payload__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(stream_contents::StreamItem {
                    flags: flags__.unwrap_or_default(),
                    length: length__,
                    payload: payload__,
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.StreamContents.StreamItem", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for StreamResponseDefinition {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.response_headers.is_empty() {
            len += 1;
        }
        if !self.response_data.is_empty() {
            len += 1;
        }
        if self.response_delay_ms != 0 {
            len += 1;
        }
        if self.error.is_some() {
            len += 1;
        }
        if !self.response_trailers.is_empty() {
            len += 1;
        }
        if self.raw_response.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.StreamResponseDefinition", len)?;
        if !self.response_headers.is_empty() {
            struct_ser.serialize_field("responseHeaders", &self.response_headers)?;
        }
        if !self.response_data.is_empty() {
            struct_ser.serialize_field("responseData", &self.response_data.iter().map(pbjson::private::base64::encode).collect::<Vec<_>>())?;
        }
        if self.response_delay_ms != 0 {
            struct_ser.serialize_field("responseDelayMs", &self.response_delay_ms)?;
        }
        if let Some(v) = self.error.as_ref() {
            struct_ser.serialize_field("error", v)?;
        }
        if !self.response_trailers.is_empty() {
            struct_ser.serialize_field("responseTrailers", &self.response_trailers)?;
        }
        if let Some(v) = self.raw_response.as_ref() {
            struct_ser.serialize_field("rawResponse", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for StreamResponseDefinition {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "response_headers",
            "responseHeaders",
            "response_data",
            "responseData",
            "response_delay_ms",
            "responseDelayMs",
            "error",
            "response_trailers",
            "responseTrailers",
            "raw_response",
            "rawResponse",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            ResponseHeaders,
            ResponseData,
            ResponseDelayMs,
            Error,
            ResponseTrailers,
            RawResponse,
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
                            "responseHeaders" | "response_headers" => Ok(GeneratedField::ResponseHeaders),
                            "responseData" | "response_data" => Ok(GeneratedField::ResponseData),
                            "responseDelayMs" | "response_delay_ms" => Ok(GeneratedField::ResponseDelayMs),
                            "error" => Ok(GeneratedField::Error),
                            "responseTrailers" | "response_trailers" => Ok(GeneratedField::ResponseTrailers),
                            "rawResponse" | "raw_response" => Ok(GeneratedField::RawResponse),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = StreamResponseDefinition;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.StreamResponseDefinition")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<StreamResponseDefinition, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut response_headers__ = None;
                let mut response_data__ = None;
                let mut response_delay_ms__ = None;
                let mut error__ = None;
                let mut response_trailers__ = None;
                let mut raw_response__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::ResponseHeaders => {
                            if response_headers__.is_some() {
                                return Err(serde::de::Error::duplicate_field("responseHeaders"));
                            }
                            response_headers__ = Some(map_.next_value()?);
                        }
                        GeneratedField::ResponseData => {
                            if response_data__.is_some() {
                                return Err(serde::de::Error::duplicate_field("responseData"));
                            }
                            response_data__ = 
                                Some(map_.next_value::<Vec<::pbjson::private::BytesDeserialize<_>>>()?
                                    .into_iter().map(|x| x.0).collect())
                            ;
                        }
                        GeneratedField::ResponseDelayMs => {
                            if response_delay_ms__.is_some() {
                                return Err(serde::de::Error::duplicate_field("responseDelayMs"));
                            }
                            response_delay_ms__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::Error => {
                            if error__.is_some() {
                                return Err(serde::de::Error::duplicate_field("error"));
                            }
                            error__ = map_.next_value()?;
                        }
                        GeneratedField::ResponseTrailers => {
                            if response_trailers__.is_some() {
                                return Err(serde::de::Error::duplicate_field("responseTrailers"));
                            }
                            response_trailers__ = Some(map_.next_value()?);
                        }
                        GeneratedField::RawResponse => {
                            if raw_response__.is_some() {
                                return Err(serde::de::Error::duplicate_field("rawResponse"));
                            }
                            raw_response__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(StreamResponseDefinition {
                    response_headers: response_headers__.unwrap_or_default(),
                    response_data: response_data__.unwrap_or_default(),
                    response_delay_ms: response_delay_ms__.unwrap_or_default(),
                    error: error__,
                    response_trailers: response_trailers__.unwrap_or_default(),
                    raw_response: raw_response__,
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.StreamResponseDefinition", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for StreamType {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        let variant = match self {
            Self::Unspecified => "STREAM_TYPE_UNSPECIFIED",
            Self::Unary => "STREAM_TYPE_UNARY",
            Self::ClientStream => "STREAM_TYPE_CLIENT_STREAM",
            Self::ServerStream => "STREAM_TYPE_SERVER_STREAM",
            Self::HalfDuplexBidiStream => "STREAM_TYPE_HALF_DUPLEX_BIDI_STREAM",
            Self::FullDuplexBidiStream => "STREAM_TYPE_FULL_DUPLEX_BIDI_STREAM",
        };
        serializer.serialize_str(variant)
    }
}
impl<'de> serde::Deserialize<'de> for StreamType {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "STREAM_TYPE_UNSPECIFIED",
            "STREAM_TYPE_UNARY",
            "STREAM_TYPE_CLIENT_STREAM",
            "STREAM_TYPE_SERVER_STREAM",
            "STREAM_TYPE_HALF_DUPLEX_BIDI_STREAM",
            "STREAM_TYPE_FULL_DUPLEX_BIDI_STREAM",
        ];

        struct GeneratedVisitor;

        impl serde::de::Visitor<'_> for GeneratedVisitor {
            type Value = StreamType;

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
                    "STREAM_TYPE_UNSPECIFIED" => Ok(StreamType::Unspecified),
                    "STREAM_TYPE_UNARY" => Ok(StreamType::Unary),
                    "STREAM_TYPE_CLIENT_STREAM" => Ok(StreamType::ClientStream),
                    "STREAM_TYPE_SERVER_STREAM" => Ok(StreamType::ServerStream),
                    "STREAM_TYPE_HALF_DUPLEX_BIDI_STREAM" => Ok(StreamType::HalfDuplexBidiStream),
                    "STREAM_TYPE_FULL_DUPLEX_BIDI_STREAM" => Ok(StreamType::FullDuplexBidiStream),
                    _ => Err(serde::de::Error::unknown_variant(value, FIELDS)),
                }
            }
        }
        deserializer.deserialize_any(GeneratedVisitor)
    }
}
impl serde::Serialize for TlsCreds {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.cert.is_empty() {
            len += 1;
        }
        if !self.key.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.TLSCreds", len)?;
        if !self.cert.is_empty() {
            #[allow(clippy::needless_borrow)]
            #[allow(clippy::needless_borrows_for_generic_args)]
            struct_ser.serialize_field("cert", pbjson::private::base64::encode(&self.cert).as_str())?;
        }
        if !self.key.is_empty() {
            #[allow(clippy::needless_borrow)]
            #[allow(clippy::needless_borrows_for_generic_args)]
            struct_ser.serialize_field("key", pbjson::private::base64::encode(&self.key).as_str())?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for TlsCreds {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "cert",
            "key",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Cert,
            Key,
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
                            "cert" => Ok(GeneratedField::Cert),
                            "key" => Ok(GeneratedField::Key),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = TlsCreds;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.TLSCreds")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<TlsCreds, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut cert__ = None;
                let mut key__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Cert => {
                            if cert__.is_some() {
                                return Err(serde::de::Error::duplicate_field("cert"));
                            }
                            cert__ = 
                                Some(map_.next_value::<::pbjson::private::BytesDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::Key => {
                            if key__.is_some() {
                                return Err(serde::de::Error::duplicate_field("key"));
                            }
                            key__ = 
                                Some(map_.next_value::<::pbjson::private::BytesDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(TlsCreds {
                    cert: cert__.unwrap_or_default(),
                    key: key__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.TLSCreds", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for TestCase {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.request.is_some() {
            len += 1;
        }
        if !self.expand_requests.is_empty() {
            len += 1;
        }
        if self.expected_response.is_some() {
            len += 1;
        }
        if !self.other_allowed_error_codes.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.TestCase", len)?;
        if let Some(v) = self.request.as_ref() {
            struct_ser.serialize_field("request", v)?;
        }
        if !self.expand_requests.is_empty() {
            struct_ser.serialize_field("expandRequests", &self.expand_requests)?;
        }
        if let Some(v) = self.expected_response.as_ref() {
            struct_ser.serialize_field("expectedResponse", v)?;
        }
        if !self.other_allowed_error_codes.is_empty() {
            let v = self.other_allowed_error_codes.iter().cloned().map(|v| {
                Code::try_from(v)
                    .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", v)))
                }).collect::<std::result::Result<Vec<_>, _>>()?;
            struct_ser.serialize_field("otherAllowedErrorCodes", &v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for TestCase {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "request",
            "expand_requests",
            "expandRequests",
            "expected_response",
            "expectedResponse",
            "other_allowed_error_codes",
            "otherAllowedErrorCodes",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Request,
            ExpandRequests,
            ExpectedResponse,
            OtherAllowedErrorCodes,
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
                            "request" => Ok(GeneratedField::Request),
                            "expandRequests" | "expand_requests" => Ok(GeneratedField::ExpandRequests),
                            "expectedResponse" | "expected_response" => Ok(GeneratedField::ExpectedResponse),
                            "otherAllowedErrorCodes" | "other_allowed_error_codes" => Ok(GeneratedField::OtherAllowedErrorCodes),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = TestCase;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.TestCase")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<TestCase, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut request__ = None;
                let mut expand_requests__ = None;
                let mut expected_response__ = None;
                let mut other_allowed_error_codes__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Request => {
                            if request__.is_some() {
                                return Err(serde::de::Error::duplicate_field("request"));
                            }
                            request__ = map_.next_value()?;
                        }
                        GeneratedField::ExpandRequests => {
                            if expand_requests__.is_some() {
                                return Err(serde::de::Error::duplicate_field("expandRequests"));
                            }
                            expand_requests__ = Some(map_.next_value()?);
                        }
                        GeneratedField::ExpectedResponse => {
                            if expected_response__.is_some() {
                                return Err(serde::de::Error::duplicate_field("expectedResponse"));
                            }
                            expected_response__ = map_.next_value()?;
                        }
                        GeneratedField::OtherAllowedErrorCodes => {
                            if other_allowed_error_codes__.is_some() {
                                return Err(serde::de::Error::duplicate_field("otherAllowedErrorCodes"));
                            }
                            other_allowed_error_codes__ = Some(map_.next_value::<Vec<Code>>()?.into_iter().map(|x| x as i32).collect());
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(TestCase {
                    request: request__,
                    expand_requests: expand_requests__.unwrap_or_default(),
                    expected_response: expected_response__,
                    other_allowed_error_codes: other_allowed_error_codes__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.TestCase", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for test_case::ExpandedSize {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.size_relative_to_limit.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.TestCase.ExpandedSize", len)?;
        if let Some(v) = self.size_relative_to_limit.as_ref() {
            struct_ser.serialize_field("sizeRelativeToLimit", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for test_case::ExpandedSize {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "size_relative_to_limit",
            "sizeRelativeToLimit",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            SizeRelativeToLimit,
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
                            "sizeRelativeToLimit" | "size_relative_to_limit" => Ok(GeneratedField::SizeRelativeToLimit),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = test_case::ExpandedSize;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.TestCase.ExpandedSize")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<test_case::ExpandedSize, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut size_relative_to_limit__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::SizeRelativeToLimit => {
                            if size_relative_to_limit__.is_some() {
                                return Err(serde::de::Error::duplicate_field("sizeRelativeToLimit"));
                            }
                            size_relative_to_limit__ = 
                                map_.next_value::<::std::option::Option<::pbjson::private::NumberDeserialize<_>>>()?.map(|x| x.0)
                            ;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(test_case::ExpandedSize {
                    size_relative_to_limit: size_relative_to_limit__,
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.TestCase.ExpandedSize", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for TestSuite {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.name.is_empty() {
            len += 1;
        }
        if self.mode != 0 {
            len += 1;
        }
        if !self.test_cases.is_empty() {
            len += 1;
        }
        if !self.relevant_protocols.is_empty() {
            len += 1;
        }
        if !self.relevant_http_versions.is_empty() {
            len += 1;
        }
        if !self.relevant_codecs.is_empty() {
            len += 1;
        }
        if !self.relevant_compressions.is_empty() {
            len += 1;
        }
        if self.connect_version_mode != 0 {
            len += 1;
        }
        if self.relies_on_tls {
            len += 1;
        }
        if self.relies_on_tls_client_certs {
            len += 1;
        }
        if self.relies_on_connect_get {
            len += 1;
        }
        if self.relies_on_message_receive_limit {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.TestSuite", len)?;
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        if self.mode != 0 {
            let v = test_suite::TestMode::try_from(self.mode)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.mode)))?;
            struct_ser.serialize_field("mode", &v)?;
        }
        if !self.test_cases.is_empty() {
            struct_ser.serialize_field("testCases", &self.test_cases)?;
        }
        if !self.relevant_protocols.is_empty() {
            let v = self.relevant_protocols.iter().cloned().map(|v| {
                Protocol::try_from(v)
                    .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", v)))
                }).collect::<std::result::Result<Vec<_>, _>>()?;
            struct_ser.serialize_field("relevantProtocols", &v)?;
        }
        if !self.relevant_http_versions.is_empty() {
            let v = self.relevant_http_versions.iter().cloned().map(|v| {
                HttpVersion::try_from(v)
                    .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", v)))
                }).collect::<std::result::Result<Vec<_>, _>>()?;
            struct_ser.serialize_field("relevantHttpVersions", &v)?;
        }
        if !self.relevant_codecs.is_empty() {
            let v = self.relevant_codecs.iter().cloned().map(|v| {
                Codec::try_from(v)
                    .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", v)))
                }).collect::<std::result::Result<Vec<_>, _>>()?;
            struct_ser.serialize_field("relevantCodecs", &v)?;
        }
        if !self.relevant_compressions.is_empty() {
            let v = self.relevant_compressions.iter().cloned().map(|v| {
                Compression::try_from(v)
                    .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", v)))
                }).collect::<std::result::Result<Vec<_>, _>>()?;
            struct_ser.serialize_field("relevantCompressions", &v)?;
        }
        if self.connect_version_mode != 0 {
            let v = test_suite::ConnectVersionMode::try_from(self.connect_version_mode)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.connect_version_mode)))?;
            struct_ser.serialize_field("connectVersionMode", &v)?;
        }
        if self.relies_on_tls {
            struct_ser.serialize_field("reliesOnTls", &self.relies_on_tls)?;
        }
        if self.relies_on_tls_client_certs {
            struct_ser.serialize_field("reliesOnTlsClientCerts", &self.relies_on_tls_client_certs)?;
        }
        if self.relies_on_connect_get {
            struct_ser.serialize_field("reliesOnConnectGet", &self.relies_on_connect_get)?;
        }
        if self.relies_on_message_receive_limit {
            struct_ser.serialize_field("reliesOnMessageReceiveLimit", &self.relies_on_message_receive_limit)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for TestSuite {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "name",
            "mode",
            "test_cases",
            "testCases",
            "relevant_protocols",
            "relevantProtocols",
            "relevant_http_versions",
            "relevantHttpVersions",
            "relevant_codecs",
            "relevantCodecs",
            "relevant_compressions",
            "relevantCompressions",
            "connect_version_mode",
            "connectVersionMode",
            "relies_on_tls",
            "reliesOnTls",
            "relies_on_tls_client_certs",
            "reliesOnTlsClientCerts",
            "relies_on_connect_get",
            "reliesOnConnectGet",
            "relies_on_message_receive_limit",
            "reliesOnMessageReceiveLimit",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Name,
            Mode,
            TestCases,
            RelevantProtocols,
            RelevantHttpVersions,
            RelevantCodecs,
            RelevantCompressions,
            ConnectVersionMode,
            ReliesOnTls,
            ReliesOnTlsClientCerts,
            ReliesOnConnectGet,
            ReliesOnMessageReceiveLimit,
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
                            "name" => Ok(GeneratedField::Name),
                            "mode" => Ok(GeneratedField::Mode),
                            "testCases" | "test_cases" => Ok(GeneratedField::TestCases),
                            "relevantProtocols" | "relevant_protocols" => Ok(GeneratedField::RelevantProtocols),
                            "relevantHttpVersions" | "relevant_http_versions" => Ok(GeneratedField::RelevantHttpVersions),
                            "relevantCodecs" | "relevant_codecs" => Ok(GeneratedField::RelevantCodecs),
                            "relevantCompressions" | "relevant_compressions" => Ok(GeneratedField::RelevantCompressions),
                            "connectVersionMode" | "connect_version_mode" => Ok(GeneratedField::ConnectVersionMode),
                            "reliesOnTls" | "relies_on_tls" => Ok(GeneratedField::ReliesOnTls),
                            "reliesOnTlsClientCerts" | "relies_on_tls_client_certs" => Ok(GeneratedField::ReliesOnTlsClientCerts),
                            "reliesOnConnectGet" | "relies_on_connect_get" => Ok(GeneratedField::ReliesOnConnectGet),
                            "reliesOnMessageReceiveLimit" | "relies_on_message_receive_limit" => Ok(GeneratedField::ReliesOnMessageReceiveLimit),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = TestSuite;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.TestSuite")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<TestSuite, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut name__ = None;
                let mut mode__ = None;
                let mut test_cases__ = None;
                let mut relevant_protocols__ = None;
                let mut relevant_http_versions__ = None;
                let mut relevant_codecs__ = None;
                let mut relevant_compressions__ = None;
                let mut connect_version_mode__ = None;
                let mut relies_on_tls__ = None;
                let mut relies_on_tls_client_certs__ = None;
                let mut relies_on_connect_get__ = None;
                let mut relies_on_message_receive_limit__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Mode => {
                            if mode__.is_some() {
                                return Err(serde::de::Error::duplicate_field("mode"));
                            }
                            mode__ = Some(map_.next_value::<test_suite::TestMode>()? as i32);
                        }
                        GeneratedField::TestCases => {
                            if test_cases__.is_some() {
                                return Err(serde::de::Error::duplicate_field("testCases"));
                            }
                            test_cases__ = Some(map_.next_value()?);
                        }
                        GeneratedField::RelevantProtocols => {
                            if relevant_protocols__.is_some() {
                                return Err(serde::de::Error::duplicate_field("relevantProtocols"));
                            }
                            relevant_protocols__ = Some(map_.next_value::<Vec<Protocol>>()?.into_iter().map(|x| x as i32).collect());
                        }
                        GeneratedField::RelevantHttpVersions => {
                            if relevant_http_versions__.is_some() {
                                return Err(serde::de::Error::duplicate_field("relevantHttpVersions"));
                            }
                            relevant_http_versions__ = Some(map_.next_value::<Vec<HttpVersion>>()?.into_iter().map(|x| x as i32).collect());
                        }
                        GeneratedField::RelevantCodecs => {
                            if relevant_codecs__.is_some() {
                                return Err(serde::de::Error::duplicate_field("relevantCodecs"));
                            }
                            relevant_codecs__ = Some(map_.next_value::<Vec<Codec>>()?.into_iter().map(|x| x as i32).collect());
                        }
                        GeneratedField::RelevantCompressions => {
                            if relevant_compressions__.is_some() {
                                return Err(serde::de::Error::duplicate_field("relevantCompressions"));
                            }
                            relevant_compressions__ = Some(map_.next_value::<Vec<Compression>>()?.into_iter().map(|x| x as i32).collect());
                        }
                        GeneratedField::ConnectVersionMode => {
                            if connect_version_mode__.is_some() {
                                return Err(serde::de::Error::duplicate_field("connectVersionMode"));
                            }
                            connect_version_mode__ = Some(map_.next_value::<test_suite::ConnectVersionMode>()? as i32);
                        }
                        GeneratedField::ReliesOnTls => {
                            if relies_on_tls__.is_some() {
                                return Err(serde::de::Error::duplicate_field("reliesOnTls"));
                            }
                            relies_on_tls__ = Some(map_.next_value()?);
                        }
                        GeneratedField::ReliesOnTlsClientCerts => {
                            if relies_on_tls_client_certs__.is_some() {
                                return Err(serde::de::Error::duplicate_field("reliesOnTlsClientCerts"));
                            }
                            relies_on_tls_client_certs__ = Some(map_.next_value()?);
                        }
                        GeneratedField::ReliesOnConnectGet => {
                            if relies_on_connect_get__.is_some() {
                                return Err(serde::de::Error::duplicate_field("reliesOnConnectGet"));
                            }
                            relies_on_connect_get__ = Some(map_.next_value()?);
                        }
                        GeneratedField::ReliesOnMessageReceiveLimit => {
                            if relies_on_message_receive_limit__.is_some() {
                                return Err(serde::de::Error::duplicate_field("reliesOnMessageReceiveLimit"));
                            }
                            relies_on_message_receive_limit__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(TestSuite {
                    name: name__.unwrap_or_default(),
                    mode: mode__.unwrap_or_default(),
                    test_cases: test_cases__.unwrap_or_default(),
                    relevant_protocols: relevant_protocols__.unwrap_or_default(),
                    relevant_http_versions: relevant_http_versions__.unwrap_or_default(),
                    relevant_codecs: relevant_codecs__.unwrap_or_default(),
                    relevant_compressions: relevant_compressions__.unwrap_or_default(),
                    connect_version_mode: connect_version_mode__.unwrap_or_default(),
                    relies_on_tls: relies_on_tls__.unwrap_or_default(),
                    relies_on_tls_client_certs: relies_on_tls_client_certs__.unwrap_or_default(),
                    relies_on_connect_get: relies_on_connect_get__.unwrap_or_default(),
                    relies_on_message_receive_limit: relies_on_message_receive_limit__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.TestSuite", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for test_suite::ConnectVersionMode {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        let variant = match self {
            Self::Unspecified => "CONNECT_VERSION_MODE_UNSPECIFIED",
            Self::Require => "CONNECT_VERSION_MODE_REQUIRE",
            Self::Ignore => "CONNECT_VERSION_MODE_IGNORE",
        };
        serializer.serialize_str(variant)
    }
}
impl<'de> serde::Deserialize<'de> for test_suite::ConnectVersionMode {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "CONNECT_VERSION_MODE_UNSPECIFIED",
            "CONNECT_VERSION_MODE_REQUIRE",
            "CONNECT_VERSION_MODE_IGNORE",
        ];

        struct GeneratedVisitor;

        impl serde::de::Visitor<'_> for GeneratedVisitor {
            type Value = test_suite::ConnectVersionMode;

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
                    "CONNECT_VERSION_MODE_UNSPECIFIED" => Ok(test_suite::ConnectVersionMode::Unspecified),
                    "CONNECT_VERSION_MODE_REQUIRE" => Ok(test_suite::ConnectVersionMode::Require),
                    "CONNECT_VERSION_MODE_IGNORE" => Ok(test_suite::ConnectVersionMode::Ignore),
                    _ => Err(serde::de::Error::unknown_variant(value, FIELDS)),
                }
            }
        }
        deserializer.deserialize_any(GeneratedVisitor)
    }
}
impl serde::Serialize for test_suite::TestMode {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        let variant = match self {
            Self::Unspecified => "TEST_MODE_UNSPECIFIED",
            Self::Client => "TEST_MODE_CLIENT",
            Self::Server => "TEST_MODE_SERVER",
        };
        serializer.serialize_str(variant)
    }
}
impl<'de> serde::Deserialize<'de> for test_suite::TestMode {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "TEST_MODE_UNSPECIFIED",
            "TEST_MODE_CLIENT",
            "TEST_MODE_SERVER",
        ];

        struct GeneratedVisitor;

        impl serde::de::Visitor<'_> for GeneratedVisitor {
            type Value = test_suite::TestMode;

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
                    "TEST_MODE_UNSPECIFIED" => Ok(test_suite::TestMode::Unspecified),
                    "TEST_MODE_CLIENT" => Ok(test_suite::TestMode::Client),
                    "TEST_MODE_SERVER" => Ok(test_suite::TestMode::Server),
                    _ => Err(serde::de::Error::unknown_variant(value, FIELDS)),
                }
            }
        }
        deserializer.deserialize_any(GeneratedVisitor)
    }
}
impl serde::Serialize for UnaryRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.response_definition.is_some() {
            len += 1;
        }
        if !self.request_data.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.UnaryRequest", len)?;
        if let Some(v) = self.response_definition.as_ref() {
            struct_ser.serialize_field("responseDefinition", v)?;
        }
        if !self.request_data.is_empty() {
            #[allow(clippy::needless_borrow)]
            #[allow(clippy::needless_borrows_for_generic_args)]
            struct_ser.serialize_field("requestData", pbjson::private::base64::encode(&self.request_data).as_str())?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for UnaryRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "response_definition",
            "responseDefinition",
            "request_data",
            "requestData",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            ResponseDefinition,
            RequestData,
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
                            "responseDefinition" | "response_definition" => Ok(GeneratedField::ResponseDefinition),
                            "requestData" | "request_data" => Ok(GeneratedField::RequestData),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = UnaryRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.UnaryRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<UnaryRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut response_definition__ = None;
                let mut request_data__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::ResponseDefinition => {
                            if response_definition__.is_some() {
                                return Err(serde::de::Error::duplicate_field("responseDefinition"));
                            }
                            response_definition__ = map_.next_value()?;
                        }
                        GeneratedField::RequestData => {
                            if request_data__.is_some() {
                                return Err(serde::de::Error::duplicate_field("requestData"));
                            }
                            request_data__ = 
                                Some(map_.next_value::<::pbjson::private::BytesDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(UnaryRequest {
                    response_definition: response_definition__,
                    request_data: request_data__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.UnaryRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for UnaryResponse {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.payload.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.UnaryResponse", len)?;
        if let Some(v) = self.payload.as_ref() {
            struct_ser.serialize_field("payload", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for UnaryResponse {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "payload",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Payload,
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
                            "payload" => Ok(GeneratedField::Payload),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = UnaryResponse;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.UnaryResponse")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<UnaryResponse, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut payload__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Payload => {
                            if payload__.is_some() {
                                return Err(serde::de::Error::duplicate_field("payload"));
                            }
                            payload__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(UnaryResponse {
                    payload: payload__,
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.UnaryResponse", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for UnaryResponseDefinition {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.response_headers.is_empty() {
            len += 1;
        }
        if !self.response_trailers.is_empty() {
            len += 1;
        }
        if self.response_delay_ms != 0 {
            len += 1;
        }
        if self.raw_response.is_some() {
            len += 1;
        }
        if self.response.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.UnaryResponseDefinition", len)?;
        if !self.response_headers.is_empty() {
            struct_ser.serialize_field("responseHeaders", &self.response_headers)?;
        }
        if !self.response_trailers.is_empty() {
            struct_ser.serialize_field("responseTrailers", &self.response_trailers)?;
        }
        if self.response_delay_ms != 0 {
            struct_ser.serialize_field("responseDelayMs", &self.response_delay_ms)?;
        }
        if let Some(v) = self.raw_response.as_ref() {
            struct_ser.serialize_field("rawResponse", v)?;
        }
        if let Some(v) = self.response.as_ref() {
            match v {
                unary_response_definition::Response::ResponseData(v) => {
                    #[allow(clippy::needless_borrow)]
                    #[allow(clippy::needless_borrows_for_generic_args)]
                    struct_ser.serialize_field("responseData", pbjson::private::base64::encode(&v).as_str())?;
                }
                unary_response_definition::Response::Error(v) => {
                    struct_ser.serialize_field("error", v)?;
                }
            }
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for UnaryResponseDefinition {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "response_headers",
            "responseHeaders",
            "response_trailers",
            "responseTrailers",
            "response_delay_ms",
            "responseDelayMs",
            "raw_response",
            "rawResponse",
            "response_data",
            "responseData",
            "error",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            ResponseHeaders,
            ResponseTrailers,
            ResponseDelayMs,
            RawResponse,
            ResponseData,
            Error,
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
                            "responseHeaders" | "response_headers" => Ok(GeneratedField::ResponseHeaders),
                            "responseTrailers" | "response_trailers" => Ok(GeneratedField::ResponseTrailers),
                            "responseDelayMs" | "response_delay_ms" => Ok(GeneratedField::ResponseDelayMs),
                            "rawResponse" | "raw_response" => Ok(GeneratedField::RawResponse),
                            "responseData" | "response_data" => Ok(GeneratedField::ResponseData),
                            "error" => Ok(GeneratedField::Error),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = UnaryResponseDefinition;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.UnaryResponseDefinition")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<UnaryResponseDefinition, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut response_headers__ = None;
                let mut response_trailers__ = None;
                let mut response_delay_ms__ = None;
                let mut raw_response__ = None;
                let mut response__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::ResponseHeaders => {
                            if response_headers__.is_some() {
                                return Err(serde::de::Error::duplicate_field("responseHeaders"));
                            }
                            response_headers__ = Some(map_.next_value()?);
                        }
                        GeneratedField::ResponseTrailers => {
                            if response_trailers__.is_some() {
                                return Err(serde::de::Error::duplicate_field("responseTrailers"));
                            }
                            response_trailers__ = Some(map_.next_value()?);
                        }
                        GeneratedField::ResponseDelayMs => {
                            if response_delay_ms__.is_some() {
                                return Err(serde::de::Error::duplicate_field("responseDelayMs"));
                            }
                            response_delay_ms__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::RawResponse => {
                            if raw_response__.is_some() {
                                return Err(serde::de::Error::duplicate_field("rawResponse"));
                            }
                            raw_response__ = map_.next_value()?;
                        }
                        GeneratedField::ResponseData => {
                            if response__.is_some() {
                                return Err(serde::de::Error::duplicate_field("responseData"));
                            }
                            response__ = map_.next_value::<::std::option::Option<::pbjson::private::BytesDeserialize<_>>>()?.map(|x| unary_response_definition::Response::ResponseData(x.0));
                        }
                        GeneratedField::Error => {
                            if response__.is_some() {
                                return Err(serde::de::Error::duplicate_field("error"));
                            }
                            response__ = map_.next_value::<::std::option::Option<_>>()?.map(unary_response_definition::Response::Error)
;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(UnaryResponseDefinition {
                    response_headers: response_headers__.unwrap_or_default(),
                    response_trailers: response_trailers__.unwrap_or_default(),
                    response_delay_ms: response_delay_ms__.unwrap_or_default(),
                    raw_response: raw_response__,
                    response: response__,
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.UnaryResponseDefinition", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for UnimplementedRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let len = 0;
        let struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.UnimplementedRequest", len)?;
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for UnimplementedRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
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
                            Ok(GeneratedField::__SkipField__)
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = UnimplementedRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.UnimplementedRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<UnimplementedRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                while map_.next_key::<GeneratedField>()?.is_some() {
                    let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                }
                Ok(UnimplementedRequest {
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.UnimplementedRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for UnimplementedResponse {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let len = 0;
        let struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.UnimplementedResponse", len)?;
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for UnimplementedResponse {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
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
                            Ok(GeneratedField::__SkipField__)
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = UnimplementedResponse;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.UnimplementedResponse")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<UnimplementedResponse, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                while map_.next_key::<GeneratedField>()?.is_some() {
                    let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                }
                Ok(UnimplementedResponse {
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.UnimplementedResponse", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for WireDetails {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.actual_status_code != 0 {
            len += 1;
        }
        if self.connect_error_raw.is_some() {
            len += 1;
        }
        if !self.actual_http_trailers.is_empty() {
            len += 1;
        }
        if self.actual_grpcweb_trailers.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("connectrpc.conformance.v1.WireDetails", len)?;
        if self.actual_status_code != 0 {
            struct_ser.serialize_field("actualStatusCode", &self.actual_status_code)?;
        }
        if let Some(v) = self.connect_error_raw.as_ref() {
            struct_ser.serialize_field("connectErrorRaw", v)?;
        }
        if !self.actual_http_trailers.is_empty() {
            struct_ser.serialize_field("actualHttpTrailers", &self.actual_http_trailers)?;
        }
        if let Some(v) = self.actual_grpcweb_trailers.as_ref() {
            struct_ser.serialize_field("actualGrpcwebTrailers", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for WireDetails {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "actual_status_code",
            "actualStatusCode",
            "connect_error_raw",
            "connectErrorRaw",
            "actual_http_trailers",
            "actualHttpTrailers",
            "actual_grpcweb_trailers",
            "actualGrpcwebTrailers",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            ActualStatusCode,
            ConnectErrorRaw,
            ActualHttpTrailers,
            ActualGrpcwebTrailers,
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
                            "actualStatusCode" | "actual_status_code" => Ok(GeneratedField::ActualStatusCode),
                            "connectErrorRaw" | "connect_error_raw" => Ok(GeneratedField::ConnectErrorRaw),
                            "actualHttpTrailers" | "actual_http_trailers" => Ok(GeneratedField::ActualHttpTrailers),
                            "actualGrpcwebTrailers" | "actual_grpcweb_trailers" => Ok(GeneratedField::ActualGrpcwebTrailers),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = WireDetails;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct connectrpc.conformance.v1.WireDetails")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<WireDetails, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut actual_status_code__ = None;
                let mut connect_error_raw__ = None;
                let mut actual_http_trailers__ = None;
                let mut actual_grpcweb_trailers__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::ActualStatusCode => {
                            if actual_status_code__.is_some() {
                                return Err(serde::de::Error::duplicate_field("actualStatusCode"));
                            }
                            actual_status_code__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::ConnectErrorRaw => {
                            if connect_error_raw__.is_some() {
                                return Err(serde::de::Error::duplicate_field("connectErrorRaw"));
                            }
                            connect_error_raw__ = map_.next_value()?;
                        }
                        GeneratedField::ActualHttpTrailers => {
                            if actual_http_trailers__.is_some() {
                                return Err(serde::de::Error::duplicate_field("actualHttpTrailers"));
                            }
                            actual_http_trailers__ = Some(map_.next_value()?);
                        }
                        GeneratedField::ActualGrpcwebTrailers => {
                            if actual_grpcweb_trailers__.is_some() {
                                return Err(serde::de::Error::duplicate_field("actualGrpcwebTrailers"));
                            }
                            actual_grpcweb_trailers__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(WireDetails {
                    actual_status_code: actual_status_code__.unwrap_or_default(),
                    connect_error_raw: connect_error_raw__,
                    actual_http_trailers: actual_http_trailers__.unwrap_or_default(),
                    actual_grpcweb_trailers: actual_grpcweb_trailers__,
                })
            }
        }
        deserializer.deserialize_struct("connectrpc.conformance.v1.WireDetails", FIELDS, GeneratedVisitor)
    }
}
