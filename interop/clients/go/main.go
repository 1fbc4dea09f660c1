// A Go client of the generated module gen/go (connect-go over the engine's
// Unix socket), used as a user would, against the engine in the fixture world
// (scripts/client-interop). Usage: go run . SOCKET. Exits non-zero when a check
// fails.
package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"slices"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"

	healthv1 "github.com/secrets-engine-rs/secrets-engine-rs/gen/go/health/v1"
	"github.com/secrets-engine-rs/secrets-engine-rs/gen/go/health/v1/healthv1connect"
	resolverv1 "github.com/secrets-engine-rs/secrets-engine-rs/gen/go/resolver/v1"
	"github.com/secrets-engine-rs/secrets-engine-rs/gen/go/resolver/v1/resolverv1connect"
)

var failures int

func check(ok bool, format string, args ...any) {
	if ok {
		fmt.Printf("ok   "+format+"\n", args...)
	} else {
		failures++
		fmt.Printf("FAIL "+format+"\n", args...)
	}
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run . SOCKET")
		os.Exit(2)
	}
	socket := os.Args[1]
	// The README's transport: every request goes to the Unix socket, whatever
	// the URL's host.
	httpClient := &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", socket)
		},
	}}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resolver := resolverv1connect.NewResolverServiceClient(httpClient, "http://localhost")

	// A hit.
	res, err := resolver.GetSecrets(ctx, connect.NewRequest(&resolverv1.GetSecretsRequest{Pattern: proto.String("foo")}))
	if check(err == nil, "GetSecrets(foo) succeeds (err %v)", err); err == nil {
		envs := res.Msg.GetEnvelopes()
		check(len(envs) == 1 && envs[0].GetId() == "foo" && string(envs[0].GetValue()) == "foo-value" &&
			envs[0].GetProvider() == "builtin-mem",
			"GetSecrets(foo) = foo-value from builtin-mem (%v)", envs)
	}
	// Metadata comes through (a/b has owner=team-a).
	res, err = resolver.GetSecrets(ctx, connect.NewRequest(&resolverv1.GetSecretsRequest{Pattern: proto.String("a/b")}))
	check(err == nil && len(res.Msg.GetEnvelopes()) == 1 &&
		res.Msg.GetEnvelopes()[0].GetMetadata()["owner"] == "team-a",
		"GetSecrets(a/b) has metadata owner=team-a (err %v)", err)

	// A miss: not_found.
	_, err = resolver.GetSecrets(ctx, connect.NewRequest(&resolverv1.GetSecretsRequest{Pattern: proto.String("nope")}))
	check(connect.CodeOf(err) == connect.CodeNotFound, "GetSecrets(nope) is not_found (%v)", err)

	// An invalid pattern: invalid_argument.
	_, err = resolver.GetSecrets(ctx, connect.NewRequest(&resolverv1.GetSecretsRequest{Pattern: proto.String("a//b")}))
	check(connect.CodeOf(err) == connect.CodeInvalidArgument, "GetSecrets(a//b) is invalid_argument (%v)", err)

	// The same miss over gRPC (connect-go speaks HTTP/1.1 here, so gRPC needs
	// HTTP/2 with prior knowledge: the Transport's Protocols).
	h2c := &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", socket)
		},
		Protocols: new(http.Protocols),
	}
	h2c.Protocols.SetUnencryptedHTTP2(true)
	grpcResolver := resolverv1connect.NewResolverServiceClient(&http.Client{Transport: h2c}, "http://localhost", connect.WithGRPC())
	res, err = grpcResolver.GetSecrets(ctx, connect.NewRequest(&resolverv1.GetSecretsRequest{Pattern: proto.String("foo")}))
	check(err == nil && len(res.Msg.GetEnvelopes()) == 1 && string(res.Msg.GetEnvelopes()[0].GetValue()) == "foo-value",
		"gRPC GetSecrets(foo) = foo-value (err %v)", err)
	_, err = grpcResolver.GetSecrets(ctx, connect.NewRequest(&resolverv1.GetSecretsRequest{Pattern: proto.String("nope")}))
	check(connect.CodeOf(err) == connect.CodeNotFound, "gRPC GetSecrets(nope) is not_found (%v)", err)

	// ListPlugins.
	list := resolverv1connect.NewListServiceClient(httpClient, "http://localhost")
	plugins, err := list.ListPlugins(ctx, connect.NewRequest(&resolverv1.ListPluginsRequest{}))
	if check(err == nil, "ListPlugins succeeds (err %v)", err); err == nil {
		var names []string
		for _, p := range plugins.Msg.GetPlugins() {
			names = append(names, p.GetName())
		}
		for _, want := range []string{"builtin-mem", "memplugin", "ext-plugin"} {
			check(slices.Contains(names, want), "ListPlugins lists %s (%v)", want, names)
		}
	}

	// health.v1 GetVersion.
	version := healthv1connect.NewVersionServiceClient(httpClient, "http://localhost")
	v, err := version.GetVersion(ctx, connect.NewRequest(&healthv1.GetVersionRequest{}))
	if check(err == nil, "GetVersion succeeds (err %v)", err); err == nil {
		check(v.Msg.GetVersion() != "", "GetVersion answers a version (%v)", v.Msg)
	}

	if failures > 0 {
		fmt.Printf("go client: %d check(s) failed\n", failures)
		os.Exit(1)
	}
	fmt.Println("go client: ok")
}
