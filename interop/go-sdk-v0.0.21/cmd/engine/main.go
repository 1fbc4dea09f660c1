// Command engine runs Docker's last public Go secrets engine
// (github.com/docker/secrets-engine/engine, commit fa7ff078, January 2026)
// in-process through engine.Run, as the reference engine for interop tests.
//
// It listens on -socket (engine.WithSocketPath: removes a stale file, creates
// the parent directory). Engine-launched plugins come from -plugin-dir
// (every executable file in it; without -plugin-dir launching is disabled
// rather than scanning /opt/docker/secrets-engine/plugins). External plugins
// attach through /hijack unless -no-external. Secrets given with
// -secret id=value are served by one builtin plugin (engine.WithPlugins)
// named -builtin-name with pattern -builtin-pattern; -builtin-json FILE
// gives them with every envelope field instead (a JSON array of objects with
// id, value, version, createdAt, expiresAt (RFC 3339) and metadata, answered
// in file order), so the engine can stand in a recorded fixture world.
//
// The engine logs to stderr with prefix "engine: " ("secrets engine starting
// up...", "secrets engine ready", "secrets engine shutting down..."). SIGINT
// or SIGTERM stops it; the last line is "exit: ok" (status 0) or
// "exit: <error>" (status 1).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/docker/secrets-engine/engine"
)

type entry struct {
	id    engine.ID
	value string
	// set only for -builtin-json entries
	version   string
	createdAt time.Time
	expiresAt time.Time
	metadata  map[string]string
	full      bool
}

// jsonEntry is one secret of a -builtin-json file.
type jsonEntry struct {
	ID        string            `json:"id"`
	Value     string            `json:"value"`
	Version   string            `json:"version"`
	CreatedAt time.Time         `json:"createdAt"`
	ExpiresAt time.Time         `json:"expiresAt"`
	Metadata  map[string]string `json:"metadata"`
}

func loadJSON(path string) ([]entry, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var items []jsonEntry
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []entry
	for _, item := range items {
		id, err := engine.ParseID(item.ID)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out = append(out, entry{
			id: id, value: item.Value, version: item.Version,
			createdAt: item.CreatedAt, expiresAt: item.ExpiresAt,
			metadata: item.Metadata, full: true,
		})
	}
	return out, nil
}

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
	id, err := engine.ParseID(raw)
	if err != nil {
		return err
	}
	for i := range s.entries {
		if s.entries[i].id.String() == id.String() {
			s.entries[i].value = value
			return nil
		}
	}
	s.entries = append(s.entries, entry{id: id, value: value})
	return nil
}

// builtin is an engine.Plugin: a resolver whose Run blocks until the engine
// stops it (returning earlier counts as a crash for the engine).
type builtin struct {
	started time.Time
	secrets []entry
}

func (b *builtin) GetSecrets(_ context.Context, pattern engine.Pattern) ([]engine.Envelope, error) {
	var found []engine.Envelope
	for _, e := range b.secrets {
		if pattern.Match(e.id) && e.full {
			found = append(found, engine.Envelope{
				ID:         e.id,
				Value:      []byte(e.value),
				Metadata:   e.metadata,
				Version:    e.version,
				CreatedAt:  e.createdAt,
				ExpiresAt:  e.expiresAt,
				ResolvedAt: time.Now().UTC(),
			})
		} else if pattern.Match(e.id) {
			found = append(found, engine.Envelope{
				ID:         e.id,
				Value:      []byte(e.value),
				CreatedAt:  b.started,
				ResolvedAt: time.Now().UTC(),
			})
		}
	}
	if len(found) == 0 {
		return nil, engine.ErrSecretNotFound
	}
	return found, nil
}

func (b *builtin) Run(ctx context.Context) error {
	<-ctx.Done()
	return nil
}

func main() {
	var secrets secretFlags
	socket := flag.String("socket", engine.DefaultSocketPath(), "socket to listen on")
	pluginDir := flag.String("plugin-dir", "", "directory of plugins the engine launches (default: launching disabled)")
	name := flag.String("name", "go-engine", "engine name reported to plugins")
	version := flag.String("version", "v0.0.0-fa7ff078", "engine version reported to plugins")
	noExternal := flag.Bool("no-external", false, "refuse externally launched plugins (/hijack)")
	builtinName := flag.String("builtin-name", "builtin", "name of the builtin plugin serving -secret")
	builtinVersion := flag.String("builtin-version", "v0.1.0", "version of the builtin plugin")
	builtinPattern := flag.String("builtin-pattern", "**", "pattern of the builtin plugin")
	maxTries := flag.Uint("max-tries", 0, "launch attempts per launched plugin (0: unlimited)")
	registrationTimeout := flag.Duration("registration-timeout", 0, "plugin registration timeout (default: the engine's)")
	requestTimeout := flag.Duration("request-timeout", 0, "plugin request timeout (default: the engine's)")
	shutdownTimeout := flag.Duration("shutdown-timeout", 0, "plugin shutdown timeout (default: the engine's)")
	flag.Var(&secrets, "secret", "id=value served by the builtin plugin (repeatable)")
	builtinJSON := flag.String("builtin-json", "", "JSON file of secrets with every envelope field, served by the builtin plugin")
	flag.Parse()

	if *builtinJSON != "" {
		loaded, err := loadJSON(*builtinJSON)
		if err != nil {
			exit(fmt.Errorf("-builtin-json: %w", err))
		}
		secrets.entries = append(secrets.entries, loaded...)
	}

	if *registrationTimeout > 0 {
		engine.SetPluginRegistrationTimeout(*registrationTimeout)
	}
	if *requestTimeout > 0 {
		engine.SetPluginRequestTimeout(*requestTimeout)
	}
	if *shutdownTimeout > 0 {
		engine.SetPluginShutdownTimeout(*shutdownTimeout)
	}

	opts := []engine.Option{engine.WithSocketPath(*socket), engine.WithMaxTries(*maxTries)}
	if *pluginDir != "" {
		opts = append(opts, engine.WithPluginPath(*pluginDir))
	} else {
		opts = append(opts, engine.WithEngineLaunchedPluginsDisabled())
	}
	if *noExternal {
		opts = append(opts, engine.WithExternallyLaunchedPluginsDisabled())
	}
	if len(secrets.entries) > 0 {
		v, err := engine.NewVersion(*builtinVersion)
		if err != nil {
			exit(fmt.Errorf("-builtin-version: %w", err))
		}
		p, err := engine.ParsePattern(*builtinPattern)
		if err != nil {
			exit(fmt.Errorf("-builtin-pattern %q: %w", *builtinPattern, err))
		}
		opts = append(opts, engine.WithPlugins(map[engine.Config]engine.Plugin{
			{Name: *builtinName, Version: v, Pattern: p}: &builtin{started: time.Now().UTC(), secrets: secrets.entries},
		}))
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := engine.Run(ctx, *name, *version, opts...)
	stop()
	exit(err)
}

func exit(err error) {
	if err != nil {
		fmt.Fprintf(os.Stderr, "exit: %v\n", err)
		os.Exit(1)
	}
	fmt.Fprintln(os.Stderr, "exit: ok")
	os.Exit(0)
}
