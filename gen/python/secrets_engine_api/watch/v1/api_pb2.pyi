import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class EventKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EVENT_KIND_UNSPECIFIED: _ClassVar[EventKind]
    EVENT_KIND_CURRENT: _ClassVar[EventKind]
    EVENT_KIND_SYNCED: _ClassVar[EventKind]
    EVENT_KIND_CREATED: _ClassVar[EventKind]
    EVENT_KIND_UPDATED: _ClassVar[EventKind]
    EVENT_KIND_DELETED: _ClassVar[EventKind]
    EVENT_KIND_EXPIRED: _ClassVar[EventKind]
EVENT_KIND_UNSPECIFIED: EventKind
EVENT_KIND_CURRENT: EventKind
EVENT_KIND_SYNCED: EventKind
EVENT_KIND_CREATED: EventKind
EVENT_KIND_UPDATED: EventKind
EVENT_KIND_DELETED: EventKind
EVENT_KIND_EXPIRED: EventKind

class WatchSecretsRequest(_message.Message):
    __slots__ = ("pattern", "include_values")
    PATTERN_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_VALUES_FIELD_NUMBER: _ClassVar[int]
    pattern: str
    include_values: bool
    def __init__(self, pattern: _Optional[str] = ..., include_values: bool = ...) -> None: ...

class WatchSecretsResponse(_message.Message):
    __slots__ = ("kind", "id", "version", "provider", "value", "observed_at", "expires_at")
    KIND_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    OBSERVED_AT_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    kind: EventKind
    id: str
    version: str
    provider: str
    value: bytes
    observed_at: _timestamp_pb2.Timestamp
    expires_at: _timestamp_pb2.Timestamp
    def __init__(self, kind: _Optional[_Union[EventKind, str]] = ..., id: _Optional[str] = ..., version: _Optional[str] = ..., provider: _Optional[str] = ..., value: _Optional[bytes] = ..., observed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SecretsChangedRequest(_message.Message):
    __slots__ = ("ids",)
    IDS_FIELD_NUMBER: _ClassVar[int]
    ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, ids: _Optional[_Iterable[str]] = ...) -> None: ...

class SecretsChangedResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
