"""The generated package secrets-engine-api (gen/python, grpcio over HTTP/2 on
the engine's Unix socket, as its README shows) as a command for the
client-conformance runner (conformance/src/client_conformance.rs).

    python conformance_client.py get SOCKET PATTERN   one JSON line per envelope
    python conformance_client.py plugins SOCKET       one JSON line per plugin

An envelope is {"id","value","provider","version","metadata"}, the value in
base64; a plugin {"name","version","pattern"}. An RPC error is printed as
"<code> <message>" on stderr (the gRPC code name in lower case, e.g.
not_found), exit 2.
"""

import base64
import json
import sys

import grpc

from secrets_engine_api.resolver.v1 import api_pb2, api_pb2_grpc


def main(args):
    if len(args) < 2 or (args[0] == "get") != (len(args) == 3) or args[0] not in ("get", "plugins"):
        print("usage: conformance_client.py get SOCKET PATTERN | plugins SOCKET", file=sys.stderr)
        return 1
    # grpc's C core would send the socket path as :authority: say localhost.
    options = [("grpc.default_authority", "localhost")]
    with grpc.insecure_channel(f"unix:{args[1]}", options=options) as channel:
        try:
            if args[0] == "get":
                answer = api_pb2_grpc.ResolverServiceStub(channel).GetSecrets(
                    api_pb2.GetSecretsRequest(pattern=args[2]), timeout=10
                )
                for e in answer.envelopes:
                    print(json.dumps({
                        "id": e.id,
                        "value": base64.b64encode(e.value).decode(),
                        "provider": e.provider,
                        "version": e.version,
                        "metadata": dict(e.metadata),
                    }))
            else:
                answer = api_pb2_grpc.ListServiceStub(channel).ListPlugins(
                    api_pb2.ListPluginsRequest(), timeout=10
                )
                for p in answer.plugins:
                    print(json.dumps({"name": p.name, "version": p.version, "pattern": p.pattern}))
        except grpc.RpcError as error:
            print(f"{error.code().name.lower()} {error.details()}", file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
