// The generated package @secrets-engine-rs/api (gen/ts, Connect-ES v2, Connect
// over HTTP/1.1 on the engine's Unix socket, as its README shows) as a command
// for the client-conformance runner (conformance/src/client_conformance.rs).
//
//   node conformance-client.mjs get SOCKET PATTERN   one JSON line per envelope
//   node conformance-client.mjs plugins SOCKET       one JSON line per plugin
//
// An envelope is {"id","value","provider","version","metadata"}, the value in
// base64; a plugin {"name","version","pattern"}. An RPC error is printed as
// "<code> <message>" on stderr (the Connect code name, e.g. not_found), exit 2.
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { ListService, ResolverService } from "@secrets-engine-rs/api/resolver/v1";

const [command, socketPath, pattern] = process.argv.slice(2);
if (!socketPath || (command === "get") !== (pattern !== undefined) || !["get", "plugins"].includes(command)) {
  console.error("usage: node conformance-client.mjs get SOCKET PATTERN | plugins SOCKET");
  process.exit(1);
}
const transport = createConnectTransport({
  baseUrl: "http://localhost",
  httpVersion: "1.1",
  nodeOptions: { socketPath },
});
const line = (value) => process.stdout.write(JSON.stringify(value) + "\n");

try {
  if (command === "get") {
    const { envelopes } = await createClient(ResolverService, transport).getSecrets({ pattern });
    for (const e of envelopes) {
      line({
        id: e.id,
        value: Buffer.from(e.value).toString("base64"),
        provider: e.provider,
        version: e.version,
        metadata: e.metadata,
      });
    }
  } else {
    const { plugins } = await createClient(ListService, transport).listPlugins({});
    for (const p of plugins) line({ name: p.name, version: p.version, pattern: p.pattern });
  }
} catch (error) {
  const e = ConnectError.from(error);
  // Code[NotFound] is "NotFound": the Connect name is not_found.
  const code = Code[e.code].replace(/[a-z](?=[A-Z])/g, "$&_").toLowerCase();
  process.stderr.write(`${code} ${e.rawMessage}\n`);
  process.exitCode = 2;
}
