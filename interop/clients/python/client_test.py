"""A Python client of the generated package secrets-engine-api (gen/python:
protobuf messages and grpcio stubs) over the engine's Unix socket, used as a
user would, against the engine in the fixture world (scripts/client-interop).

Usage: SECRETS_ENGINE_SOCKET=/path/engine.sock python -m unittest client_test
"""

import importlib.metadata
import os
import unittest

import grpc

from secrets_engine_api.health.v1 import api_pb2 as health_pb2
from secrets_engine_api.health.v1 import api_pb2_grpc as health_grpc
from secrets_engine_api.resolver.v1 import api_pb2 as resolver_pb2
from secrets_engine_api.resolver.v1 import api_pb2_grpc as resolver_grpc


class ClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        socket = os.environ["SECRETS_ENGINE_SOCKET"]
        # The README's transport. grpc's C core would send the socket path as
        # :authority, which the engine's HTTP/2 stack rejects: say localhost.
        cls.channel = grpc.insecure_channel(
            f"unix:{socket}", options=[("grpc.default_authority", "localhost")]
        )
        cls.resolver = resolver_grpc.ResolverServiceStub(cls.channel)

    @classmethod
    def tearDownClass(cls):
        cls.channel.close()

    def get_secrets(self, pattern):
        return self.resolver.GetSecrets(resolver_pb2.GetSecretsRequest(pattern=pattern), timeout=5)

    def test_hit(self):
        envelopes = self.get_secrets("foo").envelopes
        self.assertEqual(len(envelopes), 1)
        self.assertEqual(envelopes[0].id, "foo")
        self.assertEqual(envelopes[0].value, b"foo-value")
        self.assertEqual(envelopes[0].provider, "builtin-mem")

    def test_metadata(self):
        envelopes = self.get_secrets("a/b").envelopes
        self.assertEqual(len(envelopes), 1)
        self.assertEqual(envelopes[0].metadata["owner"], "team-a")

    def test_miss_is_not_found(self):
        with self.assertRaises(grpc.RpcError) as caught:
            self.get_secrets("nope")
        self.assertEqual(caught.exception.code(), grpc.StatusCode.NOT_FOUND)
        self.assertEqual(caught.exception.details(), "secret not found")

    def test_invalid_pattern_is_invalid_argument(self):
        with self.assertRaises(grpc.RpcError) as caught:
            self.get_secrets("a//b")
        self.assertEqual(caught.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)

    def test_list_plugins(self):
        plugins = resolver_grpc.ListServiceStub(self.channel).ListPlugins(
            resolver_pb2.ListPluginsRequest(), timeout=5
        ).plugins
        names = [plugin.name for plugin in plugins]
        for name in ("builtin-mem", "memplugin", "ext-plugin"):
            self.assertIn(name, names)

    def test_installed_under_one_package(self):
        # The distribution puts everything under secrets_engine_api: top-level
        # packages named after the proto packages (resolver, plugins, health)
        # would collide with other distributions.
        files = importlib.metadata.files("secrets-engine-api")
        self.assertIsNotNone(files, "installed with a RECORD of its files")
        top = {f.parts[0] for f in files if not f.parts[0].endswith(".dist-info")}
        self.assertEqual(top, {"secrets_engine_api"})

    def test_get_version(self):
        answer = health_grpc.VersionServiceStub(self.channel).GetVersion(
            health_pb2.GetVersionRequest(), timeout=5
        )
        self.assertTrue(answer.version)


if __name__ == "__main__":
    unittest.main()
