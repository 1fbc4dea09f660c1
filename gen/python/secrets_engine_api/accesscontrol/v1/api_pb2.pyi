import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Decision(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DECISION_DENY: _ClassVar[Decision]
    DECISION_ALLOW: _ClassVar[Decision]
DECISION_DENY: Decision
DECISION_ALLOW: Decision

class CheckAccessRequest(_message.Message):
    __slots__ = ("pattern", "requester")
    PATTERN_FIELD_NUMBER: _ClassVar[int]
    REQUESTER_FIELD_NUMBER: _ClassVar[int]
    pattern: str
    requester: Requester
    def __init__(self, pattern: _Optional[str] = ..., requester: _Optional[_Union[Requester, _Mapping]] = ...) -> None: ...

class CheckAccessResponse(_message.Message):
    __slots__ = ("decision",)
    DECISION_FIELD_NUMBER: _ClassVar[int]
    decision: Decision
    def __init__(self, decision: _Optional[_Union[Decision, str]] = ...) -> None: ...

class AuthorizeRequest(_message.Message):
    __slots__ = ("patterns", "requester")
    PATTERNS_FIELD_NUMBER: _ClassVar[int]
    REQUESTER_FIELD_NUMBER: _ClassVar[int]
    patterns: _containers.RepeatedScalarFieldContainer[str]
    requester: Requester
    def __init__(self, patterns: _Optional[_Iterable[str]] = ..., requester: _Optional[_Union[Requester, _Mapping]] = ...) -> None: ...

class AuthorizeResponse(_message.Message):
    __slots__ = ("decision", "expires_at")
    DECISION_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    decision: Decision
    expires_at: _timestamp_pb2.Timestamp
    def __init__(self, decision: _Optional[_Union[Decision, str]] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Requester(_message.Message):
    __slots__ = ("pid", "name", "absolute_binary_path", "signed_by_docker", "darwin", "windows", "linux")
    PID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ABSOLUTE_BINARY_PATH_FIELD_NUMBER: _ClassVar[int]
    SIGNED_BY_DOCKER_FIELD_NUMBER: _ClassVar[int]
    DARWIN_FIELD_NUMBER: _ClassVar[int]
    WINDOWS_FIELD_NUMBER: _ClassVar[int]
    LINUX_FIELD_NUMBER: _ClassVar[int]
    pid: int
    name: str
    absolute_binary_path: str
    signed_by_docker: bool
    darwin: DarwinSigningInfo
    windows: WindowsSigningInfo
    linux: LinuxSigningInfo
    def __init__(self, pid: _Optional[int] = ..., name: _Optional[str] = ..., absolute_binary_path: _Optional[str] = ..., signed_by_docker: bool = ..., darwin: _Optional[_Union[DarwinSigningInfo, _Mapping]] = ..., windows: _Optional[_Union[WindowsSigningInfo, _Mapping]] = ..., linux: _Optional[_Union[LinuxSigningInfo, _Mapping]] = ...) -> None: ...

class DarwinSigningInfo(_message.Message):
    __slots__ = ("root", "leaf", "chain")
    class Anchor(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        ANCHOR_NONE: _ClassVar[DarwinSigningInfo.Anchor]
        ANCHOR_AD_HOC: _ClassVar[DarwinSigningInfo.Anchor]
        ANCHOR_OTHER: _ClassVar[DarwinSigningInfo.Anchor]
        ANCHOR_APPLE_GENERIC: _ClassVar[DarwinSigningInfo.Anchor]
        ANCHOR_APPLE_PLATFORM: _ClassVar[DarwinSigningInfo.Anchor]
    ANCHOR_NONE: DarwinSigningInfo.Anchor
    ANCHOR_AD_HOC: DarwinSigningInfo.Anchor
    ANCHOR_OTHER: DarwinSigningInfo.Anchor
    ANCHOR_APPLE_GENERIC: DarwinSigningInfo.Anchor
    ANCHOR_APPLE_PLATFORM: DarwinSigningInfo.Anchor
    class SigningIdentity(_message.Message):
        __slots__ = ("team_id", "identifier", "organization", "common_name", "cd_hash", "status", "anchor", "signed_by_docker", "bundle_name")
        TEAM_ID_FIELD_NUMBER: _ClassVar[int]
        IDENTIFIER_FIELD_NUMBER: _ClassVar[int]
        ORGANIZATION_FIELD_NUMBER: _ClassVar[int]
        COMMON_NAME_FIELD_NUMBER: _ClassVar[int]
        CD_HASH_FIELD_NUMBER: _ClassVar[int]
        STATUS_FIELD_NUMBER: _ClassVar[int]
        ANCHOR_FIELD_NUMBER: _ClassVar[int]
        SIGNED_BY_DOCKER_FIELD_NUMBER: _ClassVar[int]
        BUNDLE_NAME_FIELD_NUMBER: _ClassVar[int]
        team_id: str
        identifier: str
        organization: str
        common_name: str
        cd_hash: str
        status: int
        anchor: DarwinSigningInfo.Anchor
        signed_by_docker: bool
        bundle_name: str
        def __init__(self, team_id: _Optional[str] = ..., identifier: _Optional[str] = ..., organization: _Optional[str] = ..., common_name: _Optional[str] = ..., cd_hash: _Optional[str] = ..., status: _Optional[int] = ..., anchor: _Optional[_Union[DarwinSigningInfo.Anchor, str]] = ..., signed_by_docker: bool = ..., bundle_name: _Optional[str] = ...) -> None: ...
    class ProcessNode(_message.Message):
        __slots__ = ("pid", "start", "uid", "comm", "exe", "real_exe", "mtime", "args")
        PID_FIELD_NUMBER: _ClassVar[int]
        START_FIELD_NUMBER: _ClassVar[int]
        UID_FIELD_NUMBER: _ClassVar[int]
        COMM_FIELD_NUMBER: _ClassVar[int]
        EXE_FIELD_NUMBER: _ClassVar[int]
        REAL_EXE_FIELD_NUMBER: _ClassVar[int]
        MTIME_FIELD_NUMBER: _ClassVar[int]
        ARGS_FIELD_NUMBER: _ClassVar[int]
        pid: int
        start: int
        uid: int
        comm: str
        exe: str
        real_exe: str
        mtime: _timestamp_pb2.Timestamp
        args: _containers.RepeatedScalarFieldContainer[str]
        def __init__(self, pid: _Optional[int] = ..., start: _Optional[int] = ..., uid: _Optional[int] = ..., comm: _Optional[str] = ..., exe: _Optional[str] = ..., real_exe: _Optional[str] = ..., mtime: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., args: _Optional[_Iterable[str]] = ...) -> None: ...
    ROOT_FIELD_NUMBER: _ClassVar[int]
    LEAF_FIELD_NUMBER: _ClassVar[int]
    CHAIN_FIELD_NUMBER: _ClassVar[int]
    root: DarwinSigningInfo.SigningIdentity
    leaf: DarwinSigningInfo.SigningIdentity
    chain: _containers.RepeatedCompositeFieldContainer[DarwinSigningInfo.ProcessNode]
    def __init__(self, root: _Optional[_Union[DarwinSigningInfo.SigningIdentity, _Mapping]] = ..., leaf: _Optional[_Union[DarwinSigningInfo.SigningIdentity, _Mapping]] = ..., chain: _Optional[_Iterable[_Union[DarwinSigningInfo.ProcessNode, _Mapping]]] = ...) -> None: ...

class WindowsSigningInfo(_message.Message):
    __slots__ = ("trusted_chain", "subject_org", "subject_common_name", "issuer", "thumbprint_sha256", "is_ev", "integrity", "company_name", "product_name", "file_version")
    class IntegrityLevel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        INTEGRITY_LEVEL_UNSPECIFIED: _ClassVar[WindowsSigningInfo.IntegrityLevel]
        INTEGRITY_LEVEL_LOW: _ClassVar[WindowsSigningInfo.IntegrityLevel]
        INTEGRITY_LEVEL_MEDIUM: _ClassVar[WindowsSigningInfo.IntegrityLevel]
        INTEGRITY_LEVEL_HIGH: _ClassVar[WindowsSigningInfo.IntegrityLevel]
        INTEGRITY_LEVEL_SYSTEM: _ClassVar[WindowsSigningInfo.IntegrityLevel]
    INTEGRITY_LEVEL_UNSPECIFIED: WindowsSigningInfo.IntegrityLevel
    INTEGRITY_LEVEL_LOW: WindowsSigningInfo.IntegrityLevel
    INTEGRITY_LEVEL_MEDIUM: WindowsSigningInfo.IntegrityLevel
    INTEGRITY_LEVEL_HIGH: WindowsSigningInfo.IntegrityLevel
    INTEGRITY_LEVEL_SYSTEM: WindowsSigningInfo.IntegrityLevel
    TRUSTED_CHAIN_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_ORG_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_COMMON_NAME_FIELD_NUMBER: _ClassVar[int]
    ISSUER_FIELD_NUMBER: _ClassVar[int]
    THUMBPRINT_SHA256_FIELD_NUMBER: _ClassVar[int]
    IS_EV_FIELD_NUMBER: _ClassVar[int]
    INTEGRITY_FIELD_NUMBER: _ClassVar[int]
    COMPANY_NAME_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_NAME_FIELD_NUMBER: _ClassVar[int]
    FILE_VERSION_FIELD_NUMBER: _ClassVar[int]
    trusted_chain: bool
    subject_org: str
    subject_common_name: str
    issuer: str
    thumbprint_sha256: str
    is_ev: bool
    integrity: WindowsSigningInfo.IntegrityLevel
    company_name: str
    product_name: str
    file_version: str
    def __init__(self, trusted_chain: bool = ..., subject_org: _Optional[str] = ..., subject_common_name: _Optional[str] = ..., issuer: _Optional[str] = ..., thumbprint_sha256: _Optional[str] = ..., is_ev: bool = ..., integrity: _Optional[_Union[WindowsSigningInfo.IntegrityLevel, str]] = ..., company_name: _Optional[str] = ..., product_name: _Optional[str] = ..., file_version: _Optional[str] = ...) -> None: ...

class LinuxSigningInfo(_message.Message):
    __slots__ = ("signers",)
    class Signer(_message.Message):
        __slots__ = ("cert_issuer", "cert_identity", "source_repo", "source_ref", "source_commit", "runner_environment", "build_trigger", "run_invocation_uri", "rekor_log_index", "integrated_time")
        CERT_ISSUER_FIELD_NUMBER: _ClassVar[int]
        CERT_IDENTITY_FIELD_NUMBER: _ClassVar[int]
        SOURCE_REPO_FIELD_NUMBER: _ClassVar[int]
        SOURCE_REF_FIELD_NUMBER: _ClassVar[int]
        SOURCE_COMMIT_FIELD_NUMBER: _ClassVar[int]
        RUNNER_ENVIRONMENT_FIELD_NUMBER: _ClassVar[int]
        BUILD_TRIGGER_FIELD_NUMBER: _ClassVar[int]
        RUN_INVOCATION_URI_FIELD_NUMBER: _ClassVar[int]
        REKOR_LOG_INDEX_FIELD_NUMBER: _ClassVar[int]
        INTEGRATED_TIME_FIELD_NUMBER: _ClassVar[int]
        cert_issuer: str
        cert_identity: str
        source_repo: str
        source_ref: str
        source_commit: str
        runner_environment: str
        build_trigger: str
        run_invocation_uri: str
        rekor_log_index: int
        integrated_time: _timestamp_pb2.Timestamp
        def __init__(self, cert_issuer: _Optional[str] = ..., cert_identity: _Optional[str] = ..., source_repo: _Optional[str] = ..., source_ref: _Optional[str] = ..., source_commit: _Optional[str] = ..., runner_environment: _Optional[str] = ..., build_trigger: _Optional[str] = ..., run_invocation_uri: _Optional[str] = ..., rekor_log_index: _Optional[int] = ..., integrated_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
    SIGNERS_FIELD_NUMBER: _ClassVar[int]
    signers: _containers.RepeatedCompositeFieldContainer[LinuxSigningInfo.Signer]
    def __init__(self, signers: _Optional[_Iterable[_Union[LinuxSigningInfo.Signer, _Mapping]]] = ...) -> None: ...
