import datetime

from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RunStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RUN_STATUS_UNSPECIFIED: _ClassVar[RunStatus]
    RUN_STATUS_RUNNING: _ClassVar[RunStatus]
    RUN_STATUS_STOPPED: _ClassVar[RunStatus]
    RUN_STATUS_CRASHED: _ClassVar[RunStatus]
    RUN_STATUS_RETRIES_EXCEEDED: _ClassVar[RunStatus]
RUN_STATUS_UNSPECIFIED: RunStatus
RUN_STATUS_RUNNING: RunStatus
RUN_STATUS_STOPPED: RunStatus
RUN_STATUS_CRASHED: RunStatus
RUN_STATUS_RETRIES_EXCEEDED: RunStatus

class RegisterPluginRequest(_message.Message):
    __slots__ = ("name", "version", "secrets_provider", "access_control_module")
    NAME_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    SECRETS_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    ACCESS_CONTROL_MODULE_FIELD_NUMBER: _ClassVar[int]
    name: str
    version: str
    secrets_provider: SecretsProvider
    access_control_module: AccessControlModule
    def __init__(self, name: _Optional[str] = ..., version: _Optional[str] = ..., secrets_provider: _Optional[_Union[SecretsProvider, _Mapping]] = ..., access_control_module: _Optional[_Union[AccessControlModule, _Mapping]] = ...) -> None: ...

class RegisterPluginResponse(_message.Message):
    __slots__ = ("engine_name", "engine_version", "request_timeout")
    ENGINE_NAME_FIELD_NUMBER: _ClassVar[int]
    ENGINE_VERSION_FIELD_NUMBER: _ClassVar[int]
    REQUEST_TIMEOUT_FIELD_NUMBER: _ClassVar[int]
    engine_name: str
    engine_version: str
    request_timeout: _duration_pb2.Duration
    def __init__(self, engine_name: _Optional[str] = ..., engine_version: _Optional[str] = ..., request_timeout: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class ShutdownRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ShutdownResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class Plugin(_message.Message):
    __slots__ = ("name", "version", "disabled", "external", "configurable", "run_status", "status_message", "secrets_provider", "access_control_module")
    NAME_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_FIELD_NUMBER: _ClassVar[int]
    CONFIGURABLE_FIELD_NUMBER: _ClassVar[int]
    RUN_STATUS_FIELD_NUMBER: _ClassVar[int]
    STATUS_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    SECRETS_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    ACCESS_CONTROL_MODULE_FIELD_NUMBER: _ClassVar[int]
    name: str
    version: str
    disabled: bool
    external: bool
    configurable: bool
    run_status: RunStatus
    status_message: str
    secrets_provider: SecretsProvider
    access_control_module: AccessControlModule
    def __init__(self, name: _Optional[str] = ..., version: _Optional[str] = ..., disabled: bool = ..., external: bool = ..., configurable: bool = ..., run_status: _Optional[_Union[RunStatus, str]] = ..., status_message: _Optional[str] = ..., secrets_provider: _Optional[_Union[SecretsProvider, _Mapping]] = ..., access_control_module: _Optional[_Union[AccessControlModule, _Mapping]] = ...) -> None: ...

class SecretsProvider(_message.Message):
    __slots__ = ("pattern",)
    PATTERN_FIELD_NUMBER: _ClassVar[int]
    pattern: str
    def __init__(self, pattern: _Optional[str] = ...) -> None: ...

class AccessControlModule(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListPluginsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListPluginsResponse(_message.Message):
    __slots__ = ("plugins",)
    PLUGINS_FIELD_NUMBER: _ClassVar[int]
    plugins: _containers.RepeatedCompositeFieldContainer[Plugin]
    def __init__(self, plugins: _Optional[_Iterable[_Union[Plugin, _Mapping]]] = ...) -> None: ...

class EnablePluginRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class EnablePluginResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class DisablePluginRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class DisablePluginResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
