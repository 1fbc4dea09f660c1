"""A real gRPC client (Python grpcio, HTTP/2 with prior knowledge over the
Unix socket) against the engine, as in the fixture grpcio_h2c_client, where
the Go engine fails with UNAVAILABLE. Usage: grpcio_client.py SOCKET, or
grpcio_client.py --default-authority SOCKET to check that a channel without
options is refused (see below) as the engine's warning says.

Messages are hand-encoded protobuf, so no code generation is needed here:
GetSecretsRequest{pattern} is field 1, a string.
"""

import sys

import grpc


def request(pattern: str) -> bytes:
    data = pattern.encode()
    return b"\x0a" + bytes([len(data)]) + data


def default_authority(socket: str) -> int:
    """A channel with grpcio's defaults sends the socket path as :authority,
    which the engine's HTTP/2 stack refuses; the engine logs the fix."""
    with grpc.insecure_channel(f"unix:{socket}") as channel:
        get_secrets = channel.unary_unary(
            "/resolver.v1.ResolverService/GetSecrets",
            request_serializer=lambda b: b,
            response_deserializer=lambda b: b,
        )
        try:
            get_secrets(request("foo"), timeout=5)
        except grpc.RpcError as error:
            print(f"grpcio with default options: refused as expected ({error.code()})")
            return 0
    print("grpcio with default options: resolved; update the engine's log hint and README")
    return 0


def main() -> int:
    if sys.argv[1] == "--default-authority":
        return default_authority(sys.argv[2])
    socket = sys.argv[1]
    # grpc's C core sends the percent-encoded socket path as :authority
    # ("tmp%2Fx%2Fengine.sock"), which the h2 crate behind hyper rejects as a
    # malformed authority (RST_STREAM PROTOCOL_ERROR). grpc-go and tonic send
    # "localhost"; so must grpcio users, with this channel option.
    options = [("grpc.default_authority", "localhost")]
    with grpc.insecure_channel(f"unix:{socket}", options=options) as channel:
        get_secrets = channel.unary_unary(
            "/resolver.v1.ResolverService/GetSecrets",
            request_serializer=lambda b: b,
            response_deserializer=lambda b: b,
        )
        answer = get_secrets(request("foo"), timeout=5)
        assert b"foo-value" in answer and b"builtin-mem" in answer, answer
        try:
            get_secrets(request("nope"), timeout=5)
        except grpc.RpcError as error:
            assert error.code() == grpc.StatusCode.NOT_FOUND, error
            assert error.details() == "secret not found", error.details()
        else:
            raise AssertionError("a missing secret must be NOT_FOUND")
        try:
            get_secrets(request("a*"), timeout=5)
        except grpc.RpcError as error:
            assert error.code() == grpc.StatusCode.INVALID_ARGUMENT, error
        else:
            raise AssertionError("a bad pattern must be INVALID_ARGUMENT")
    print("grpcio interop: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
