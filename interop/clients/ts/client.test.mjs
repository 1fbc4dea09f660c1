// A TypeScript/JavaScript client of the generated package @secrets-engine-rs/api
// (gen/ts, Connect-ES v2) over the engine's Unix socket, used as a user would,
// against the engine in the fixture world (scripts/client-interop).
// Usage: SECRETS_ENGINE_SOCKET=/path/engine.sock node --test client.test.mjs
import assert from "node:assert/strict";
import { test } from "node:test";

import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { VersionService } from "@secrets-engine-rs/api/health/v1";
import { ListService, ResolverService } from "@secrets-engine-rs/api/resolver/v1";

const socketPath = process.env.SECRETS_ENGINE_SOCKET;
assert.ok(socketPath, "set SECRETS_ENGINE_SOCKET");

// The README's transport: Connect over HTTP/1.1 on the Unix socket.
const transport = createConnectTransport({
  baseUrl: "http://localhost",
  httpVersion: "1.1",
  nodeOptions: { socketPath },
});
const resolver = createClient(ResolverService, transport);

async function codeOf(promise) {
  try {
    await promise;
  } catch (error) {
    return ConnectError.from(error).code;
  }
  assert.fail("the call must fail");
}

test("GetSecrets hit: foo is foo-value from builtin-mem", async () => {
  const { envelopes } = await resolver.getSecrets({ pattern: "foo" });
  assert.equal(envelopes.length, 1);
  assert.equal(envelopes[0].id, "foo");
  assert.equal(new TextDecoder().decode(envelopes[0].value), "foo-value");
  assert.equal(envelopes[0].provider, "builtin-mem");
});

test("GetSecrets carries metadata: a/b has owner=team-a", async () => {
  const { envelopes } = await resolver.getSecrets({ pattern: "a/b" });
  assert.equal(envelopes.length, 1);
  assert.equal(envelopes[0].metadata.owner, "team-a");
});

test("GetSecrets miss: nope is not_found", async () => {
  assert.equal(await codeOf(resolver.getSecrets({ pattern: "nope" })), Code.NotFound);
});

test("GetSecrets invalid pattern: a//b is invalid_argument", async () => {
  assert.equal(await codeOf(resolver.getSecrets({ pattern: "a//b" })), Code.InvalidArgument);
});

test("gRPC over HTTP/2: hit and miss", async () => {
  const grpc = createClient(
    ResolverService,
    createGrpcTransport({ baseUrl: "http://localhost", nodeOptions: { path: socketPath } }),
  );
  const { envelopes } = await grpc.getSecrets({ pattern: "foo" });
  assert.equal(new TextDecoder().decode(envelopes[0].value), "foo-value");
  assert.equal(await codeOf(grpc.getSecrets({ pattern: "nope" })), Code.NotFound);
});

test("ListPlugins lists builtin-mem, memplugin, ext-plugin", async () => {
  const { plugins } = await createClient(ListService, transport).listPlugins({});
  const names = plugins.map((p) => p.name);
  for (const name of ["builtin-mem", "memplugin", "ext-plugin"]) {
    assert.ok(names.includes(name), `${name} in ${names}`);
  }
});

test("health.v1 GetVersion answers a version", async () => {
  const { version } = await createClient(VersionService, transport).getVersion({});
  assert.ok(version, "a non-empty version");
});
