// Command plugin is a secrets-provider plugin built on Docker's real Go SDK,
// github.com/docker/secrets-engine/plugin v0.3.2 (August 2026, registers
// with /plugins.v1.RegisterService/RegisterPlugin, metadata oneof
// secrets_provider). It serves the secrets given with -secret id=value,
// matched with the SDK's own pattern matching.
//
// Launched or external is decided by the SDK: when the engine launched it,
// DOCKER_SECRETS_ENGINE_PLUGIN_LAUNCH_CFG holds the name, registration
// timeout and connection FD, and the flags -name, -socket and
// -registration-timeout are ignored (so are the SDK's ManualLaunchOptions).
// Otherwise it attaches externally: to -socket through /hijack when given
// (plugin.WithConnection), else to the SDK's default daemon socket (on Linux
// the abstract socket @docker-secrets-engine/<uid>/daemon.sock).
//
// The SDK logs its own lines to stderr ("plugin: Created plugin NAME",
// "plugin: Registering plugin NAME...", "plugin: Plugin NAME registered
// successfully", "plugin: Started plugin (runtime: E@V) NAME..."). This
// command adds one line per GetSecrets call (GetSecrets "PATTERN": N found),
// when Run returns without error "stopped by signal interrupt|terminated" or
// "stopped by the engine" (Shutdown or end of connection), and, last,
// "exit: ok" (status 0) or "exit: <error>" (status 1).
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/docker/secrets-engine/plugin"
	"github.com/docker/secrets-engine/x/api"
	"github.com/docker/secrets-engine/x/ipc"
)

type entry struct {
	id    plugin.ID
	value string
}

// secretFlags keeps the -secret values in command-line order; a repeated id
// replaces the earlier value.
type secretFlags struct{ entries []entry }

func (s *secretFlags) String() string {
	var parts []string
	for _, e := range s.entries {
		parts = append(parts, e.id.String()+"="+e.value)
	}
	return strings.Join(parts, ",")
}

func (s *secretFlags) Set(v string) error {
	raw, value, ok := strings.Cut(v, "=")
	if !ok {
		return fmt.Errorf("want id=value, got %q", v)
	}
	id, err := plugin.ParseID(raw)
	if err != nil {
		return err
	}
	for i := range s.entries {
		if s.entries[i].id.String() == id.String() {
			s.entries[i].value = value
			return nil
		}
	}
	s.entries = append(s.entries, entry{id, value})
	return nil
}

type provider struct {
	name    string
	started time.Time
	secrets []entry
}

func (p *provider) GetSecrets(_ context.Context, pattern plugin.Pattern) ([]plugin.Envelope, error) {
	var found []plugin.Envelope
	for _, e := range p.secrets {
		if !pattern.Match(e.id) {
			continue
		}
		found = append(found, plugin.Envelope{
			ID:         e.id,
			Value:      []byte(e.value),
			Provider:   p.name, // the engine overwrites it with the registered name
			CreatedAt:  p.started,
			ResolvedAt: time.Now().UTC(),
		})
	}
	fmt.Fprintf(os.Stderr, "GetSecrets %q: %d found\n", pattern.String(), len(found))
	if len(found) == 0 {
		return nil, plugin.ErrNotFound
	}
	return found, nil
}

func main() {
	var secrets secretFlags
	name := flag.String("name", "", "plugin name (external mode only; default: the binary's name; launched plugins get theirs from the engine)")
	version := flag.String("version", "v0.1.0", "plugin version")
	pattern := flag.String("pattern", "**", "pattern the plugin registers")
	socket := flag.String("socket", os.Getenv("DOCKER_SECRETS_ENGINE_SOCKET"), "engine socket to attach to (external mode; default: the SDK's default socket)")
	timeout := flag.Duration("registration-timeout", 0, "registration timeout (external mode; default: the SDK's 5s)")
	flag.Var(&secrets, "secret", "id=value served by the plugin (repeatable)")
	flag.Parse()

	ctx, cancel := context.WithCancelCause(context.Background())
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() { cancel(fmt.Errorf("signal %v", <-signals)) }()
	exit(run(ctx, *name, *version, *pattern, *socket, *timeout, secrets.entries))
}

func run(ctx context.Context, name, version, pattern, socket string, timeout time.Duration, secrets []entry) error {
	v, err := plugin.NewVersion(version)
	if err != nil {
		return fmt.Errorf("-version: %w", err)
	}
	pat, err := plugin.ParsePattern(pattern)
	if err != nil {
		return fmt.Errorf("-pattern %q: %w", pattern, err)
	}
	p := &provider{started: time.Now().UTC(), secrets: secrets}
	var opts []plugin.ManualLaunchOption
	if launchCfg := os.Getenv(api.PluginLaunchedByEngineVar); launchCfg != "" {
		// Launched: the SDK reads the same variable; the name only labels
		// the envelopes here.
		if c, err := ipc.NewPluginConfigFromEngineEnv(launchCfg); err == nil {
			p.name = c.Name
		}
	} else {
		p.name = name
		if name != "" {
			opts = append(opts, plugin.WithPluginName(name))
		} else {
			p.name = filepath.Base(os.Args[0])
		}
		if timeout > 0 {
			opts = append(opts, plugin.WithRegistrationTimeout(timeout))
		}
		if socket != "" {
			conn, err := net.Dial("unix", socket)
			if err != nil {
				return fmt.Errorf("failed to connect to socket %q: %w", socket, err)
			}
			// WithConnection upgrades it through /hijack.
			opts = append(opts, plugin.WithConnection(conn))
		}
	}
	stub, err := plugin.NewSecretsProvider(p, plugin.Config{
		Version:               v,
		SecretsProviderConfig: &plugin.SecretsProviderConfig{Pattern: pat},
	}, opts...)
	if err != nil {
		return err
	}
	return stopped(ctx, stub.Run(ctx))
}

// stopped reports why Run returned without an error: a signal, else the
// engine (its Shutdown call or the end of the connection; the SDK logs only
// the latter).
func stopped(ctx context.Context, err error) error {
	if err == nil {
		if cause := context.Cause(ctx); cause != nil {
			fmt.Fprintf(os.Stderr, "stopped by %v\n", cause)
		} else {
			fmt.Fprintln(os.Stderr, "stopped by the engine")
		}
	}
	return err
}

func exit(err error) {
	if err != nil {
		fmt.Fprintf(os.Stderr, "exit: %v\n", err)
		os.Exit(1)
	}
	fmt.Fprintln(os.Stderr, "exit: ok")
	os.Exit(0)
}
