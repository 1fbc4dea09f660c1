// The generated Go module gen/go (connect-go, Connect over HTTP/1.1 on the
// engine's Unix socket, as its README shows) as a command for the
// client-conformance runner (conformance/src/client_conformance.rs).
//
//	conformance-client get SOCKET PATTERN   one JSON line per envelope
//	conformance-client plugins SOCKET       one JSON line per plugin
//
// An envelope is {"id","value","provider","version","metadata"}, the value in
// base64; a plugin {"name","version","pattern"}. An RPC error is printed as
// "<code> <message>" on stderr (connect's code name, e.g. not_found), exit 2.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"

	resolverv1 "github.com/secrets-engine-rs/secrets-engine-rs/gen/go/resolver/v1"
	"github.com/secrets-engine-rs/secrets-engine-rs/gen/go/resolver/v1/resolverv1connect"
)

func main() {
	args := os.Args[1:]
	if len(args) < 2 || (args[0] == "get") != (len(args) == 3) || (args[0] != "get" && args[0] != "plugins") {
		fmt.Fprintln(os.Stderr, "usage: conformance-client get SOCKET PATTERN | plugins SOCKET")
		os.Exit(1)
	}
	socket := args[1]
	httpClient := &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", socket)
		},
	}}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out := json.NewEncoder(os.Stdout)
	var err error
	if args[0] == "get" {
		resolver := resolverv1connect.NewResolverServiceClient(httpClient, "http://localhost")
		var res *connect.Response[resolverv1.GetSecretsResponse]
		res, err = resolver.GetSecrets(ctx, connect.NewRequest(&resolverv1.GetSecretsRequest{Pattern: proto.String(args[2])}))
		if err == nil {
			for _, e := range res.Msg.GetEnvelopes() {
				metadata := e.GetMetadata()
				if metadata == nil {
					metadata = map[string]string{} // an object, not null
				}
				_ = out.Encode(map[string]any{ // []byte encodes as base64
					"id": e.GetId(), "value": e.GetValue(), "provider": e.GetProvider(),
					"version": e.GetVersion(), "metadata": metadata,
				})
			}
		}
	} else {
		list := resolverv1connect.NewListServiceClient(httpClient, "http://localhost")
		var res *connect.Response[resolverv1.ListPluginsResponse]
		res, err = list.ListPlugins(ctx, connect.NewRequest(&resolverv1.ListPluginsRequest{}))
		if err == nil {
			for _, p := range res.Msg.GetPlugins() {
				_ = out.Encode(map[string]string{"name": p.GetName(), "version": p.GetVersion(), "pattern": p.GetPattern()})
			}
		}
	}
	if err != nil {
		var connectErr *connect.Error
		if errors.As(err, &connectErr) {
			fmt.Fprintf(os.Stderr, "%s %s\n", connectErr.Code(), connectErr.Message())
		} else {
			fmt.Fprintf(os.Stderr, "%s %s\n", connect.CodeOf(err), err)
		}
		os.Exit(2)
	}
}
