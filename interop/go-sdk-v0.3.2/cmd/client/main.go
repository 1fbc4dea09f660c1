// Command client is a small CLI over Docker's real Go client,
// github.com/docker/secrets-engine/client v0.0.30
// (client.New(client.WithSocketPath(S))):
//
//	client [-socket S] [-timeout D] get PATTERN
//	    GetSecrets (/resolver.v1.ResolverService/GetSecrets); one JSON line
//	    per envelope: {"id":...,"value":...,"provider":...} (value as a string)
//	client [-socket S] [-timeout D] version
//	    Version() (/health.v1.VersionService/GetVersion); one JSON line
//	    {"version":...,"date":...,"commitHash":...}
//	client [-socket S] [-timeout D] plugins
//	    PluginManagement.ListPlugins()
//	    (/plugins.v1.PluginManagementService/ListPlugins); one JSON line per
//	    plugin
//
// Without -socket the client uses the SDK's default daemon socket (on Linux
// the abstract socket @docker-secrets-engine/<uid>/daemon.sock). When the
// call fails, the error text exactly as the SDK returns it is printed to
// stderr and the status is 2 (the SDK turns not_found into its bare
// ErrSecretNotFound, "secret not found"; other failures keep connect's
// "<code>: <message>" form, e.g. "unimplemented: 404 Not Found"). Usage
// errors exit 1.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/docker/secrets-engine/client"
)

type envelope struct {
	ID       string `json:"id"`
	Value    string `json:"value"`
	Provider string `json:"provider"`
}

type version struct {
	Version    string `json:"version"`
	Date       string `json:"date"`
	CommitHash string `json:"commitHash"`
}

type pluginInfo struct {
	Name          string `json:"name"`
	Version       string `json:"version"`
	Kind          string `json:"kind"`
	Pattern       string `json:"pattern,omitempty"`
	Disabled      bool   `json:"disabled"`
	External      bool   `json:"external"`
	Configurable  bool   `json:"configurable"`
	RunStatus     string `json:"runStatus"`
	StatusMessage string `json:"statusMessage"`
}

func usage() {
	fmt.Fprintf(flag.CommandLine.Output(), "usage: %s [-socket S] [-timeout D] get PATTERN | version | plugins\n", os.Args[0])
	flag.PrintDefaults()
}

func main() {
	socket := flag.String("socket", "", "engine socket (default: the SDK's default daemon socket)")
	timeout := flag.Duration("timeout", 0, "request timeout (default: none, as the SDK)")
	flag.Usage = usage
	flag.Parse()
	args := flag.Args()
	if len(args) == 0 {
		usage()
		os.Exit(1)
	}

	var opts []client.Option
	if *socket != "" {
		opts = append(opts, client.WithSocketPath(*socket))
	}
	if *timeout > 0 {
		opts = append(opts, client.WithTimeout(*timeout))
	}
	c, err := client.New(opts...)
	if err != nil {
		fail(err)
	}
	ctx := context.Background()
	out := json.NewEncoder(os.Stdout)
	out.SetEscapeHTML(false)

	switch cmd := args[0]; {
	case cmd == "get" && len(args) == 2:
		pattern, err := client.ParsePattern(args[1])
		if err != nil {
			fail(fmt.Errorf("invalid pattern %q: %w", args[1], err))
		}
		envelopes, err := c.GetSecrets(ctx, pattern)
		if err != nil {
			fail(err)
		}
		for _, e := range envelopes {
			_ = out.Encode(envelope{ID: e.ID.String(), Value: string(e.Value), Provider: e.Provider})
		}
	case cmd == "version" && len(args) == 1:
		v, err := c.Version(ctx)
		if err != nil {
			fail(err)
		}
		_ = out.Encode(version{Version: v.Version.String(), Date: v.Date, CommitHash: v.CommitHash})
	case cmd == "plugins" && len(args) == 1:
		m, err := client.PluginManagementFromClient(c)
		if err != nil {
			fail(err)
		}
		plugins, err := m.ListPlugins(ctx)
		if err != nil {
			fail(err)
		}
		for _, p := range plugins {
			info := pluginInfo{
				Name:          p.Name.String(),
				Version:       p.Version.String(),
				Disabled:      p.Disabled,
				External:      p.External,
				Configurable:  p.Configurable,
				RunStatus:     p.RunStatus.String(),
				StatusMessage: p.StatusMessage,
			}
			switch {
			case p.SecretsProvider != nil:
				info.Kind = "secrets_provider"
				info.Pattern = p.SecretsProvider.Pattern.String()
			case p.AccessControlModule != nil:
				info.Kind = "access_control_module"
			}
			_ = out.Encode(info)
		}
	default:
		usage()
		os.Exit(1)
	}
}

// fail prints the error exactly as the SDK returned it.
func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(2)
}
