// Command acm is an access-control-module plugin built on Docker's real Go
// SDK, github.com/docker/secrets-engine/plugin v0.3.2
// (plugin.NewAccessControlModule; registers with
// /plugins.v1.RegisterService/RegisterPlugin, metadata oneof
// access_control_module, and serves accesscontrol.v1.AccessControlService).
//
// Decisions: a requested pattern is denied when it equals a -deny value or
// when a -deny pattern includes it (the SDK's Pattern.Includes: the deny
// pattern matches the requested one taken as a path, so "a/**" denies "a/b"
// and "a/*/c"); everything else is allowed. Authorize (several patterns at
// once) denies when any of them is denied, with an expiry of now + -expiry.
//
// Launched or external is selected as for cmd/plugin (the launch config
// variable, else -socket through /hijack, else the SDK's default daemon
// socket). Each decision is logged to stderr as
//
//	check <pattern> pid=<pid> name=<name> path=<path> -> allow|deny
//	authorize <pattern>[,<pattern>...] pid=<pid> name=<name> path=<path> -> allow|deny
//
// besides the SDK's own lines; when Run returns without error it prints
// "stopped by signal interrupt|terminated" or "stopped by the engine"
// (Shutdown or end of connection); the last line is "exit: ok" (status 0) or
// "exit: <error>" (status 1).
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/docker/secrets-engine/plugin"
	"github.com/docker/secrets-engine/x/api"
	"github.com/docker/secrets-engine/x/api/accesscontrol"
	"github.com/docker/secrets-engine/x/secrets"
)

type denyFlags []plugin.Pattern

func (d *denyFlags) String() string {
	var parts []string
	for _, p := range *d {
		parts = append(parts, p.String())
	}
	return strings.Join(parts, ",")
}

func (d *denyFlags) Set(v string) error {
	p, err := plugin.ParsePattern(v)
	if err != nil {
		return fmt.Errorf("%q: %w", v, err)
	}
	*d = append(*d, p)
	return nil
}

type module struct {
	deny   []plugin.Pattern
	expiry time.Duration
}

func (m *module) denied(requested plugin.Pattern) bool {
	for _, d := range m.deny {
		if d.String() == requested.String() || d.Includes(requested) {
			return true
		}
	}
	return false
}

func verdict(allow bool) string {
	if allow {
		return "allow"
	}
	return "deny"
}

func (m *module) CheckAccess(_ context.Context, req accesscontrol.CheckAccessRequest) (bool, error) {
	allow := !m.denied(req.Pattern)
	fmt.Fprintf(os.Stderr, "check %s pid=%d name=%s path=%s -> %s\n",
		req.Pattern.String(), req.PID, req.Name, req.AbsoluteBinaryPath, verdict(allow))
	return allow, nil
}

func (m *module) Authorize(_ context.Context, req accesscontrol.AuthorizeRequest) (secrets.AuthorizeResponse, error) {
	allow := true
	var names []string
	for _, p := range req.Patterns {
		names = append(names, p.String())
		if m.denied(p) {
			allow = false
		}
	}
	fmt.Fprintf(os.Stderr, "authorize %s pid=%d name=%s path=%s -> %s\n",
		strings.Join(names, ","), req.PID, req.Name, req.AbsoluteBinaryPath, verdict(allow))
	return secrets.AuthorizeResponse{Allow: allow, Expiry: time.Now().Add(m.expiry)}, nil
}

func main() {
	var deny denyFlags
	name := flag.String("name", "", "plugin name (external mode only; default: the binary's name; launched plugins get theirs from the engine)")
	version := flag.String("version", "v0.1.0", "plugin version")
	socket := flag.String("socket", os.Getenv("DOCKER_SECRETS_ENGINE_SOCKET"), "engine socket to attach to (external mode; default: the SDK's default socket)")
	timeout := flag.Duration("registration-timeout", 0, "registration timeout (external mode; default: the SDK's 5s)")
	expiry := flag.Duration("expiry", 0, "lifetime of an Authorize decision (expires_at = now + expiry)")
	flag.Var(&deny, "deny", "pattern to deny (repeatable)")
	flag.Parse()

	ctx, cancel := context.WithCancelCause(context.Background())
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() { cancel(fmt.Errorf("signal %v", <-signals)) }()
	exit(run(ctx, *name, *version, *socket, *timeout, &module{deny: deny, expiry: *expiry}))
}

func run(ctx context.Context, name, version, socket string, timeout time.Duration, m *module) error {
	v, err := plugin.NewVersion(version)
	if err != nil {
		return fmt.Errorf("-version: %w", err)
	}
	var opts []plugin.ManualLaunchOption
	if os.Getenv(api.PluginLaunchedByEngineVar) == "" {
		if name != "" {
			opts = append(opts, plugin.WithPluginName(name))
		}
		if timeout > 0 {
			opts = append(opts, plugin.WithRegistrationTimeout(timeout))
		}
		if socket != "" {
			conn, err := net.Dial("unix", socket)
			if err != nil {
				return fmt.Errorf("failed to connect to socket %q: %w", socket, err)
			}
			opts = append(opts, plugin.WithConnection(conn))
		}
	}
	stub, err := plugin.NewAccessControlModule(m, plugin.Config{
		Version:             v,
		AccessControlConfig: &plugin.AccessControlConfig{},
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
