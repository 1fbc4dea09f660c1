// Command docker-pass-go is Docker's `docker pass` CLI plugin, assembled from
// the upstream command library (github.com/docker/secrets-engine/plugins/pass)
// for interop tests. Upstream no longer ships this main; this is our own.
//
// It runs as a docker CLI plugin (`docker pass ...`) or standalone:
//
//	docker-pass-go set foo=bar --metadata owner=alice
//	docker-pass-go ls
//	docker-pass-go get foo
//	docker-pass-go rm foo
package main

import (
	"os"

	"github.com/docker/cli/cli-plugins/metadata"
	"github.com/docker/cli/cli-plugins/plugin"
	"github.com/docker/cli/cli/command"
	"github.com/spf13/cobra"

	"github.com/docker/secrets-engine/plugins/pass/commands"
	passstore "github.com/docker/secrets-engine/plugins/pass/store"
)

// serviceGroup is the keychain service group Docker's pass uses.
const serviceGroup = "com.docker.docker-pass"

// version is reported by the hidden `version` command and the plugin metadata.
var (
	version = "v0.2.3"
	commit  = "interop-go-pass"
)

func rootCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:          "pass",
		Short:        "Manage your local OS keychain secrets.",
		SilenceUsage: true,
	}
	cmd.AddCommand(
		commands.SetCommand(),
		commands.ListCommand(),
		commands.RmCommand(),
		commands.GetCommand(),
		commands.RunCommand(),
		commands.VersionCommand(commands.VersionInfo{Version: version, Commit: commit}),
	)
	for _, sub := range cmd.Commands() {
		withStore(sub)
	}
	return cmd
}

// withStore opens the keychain just before a command runs and attaches it to
// the command's context. Opening it lazily (rather than before plugin.Run)
// keeps `--help` and `docker-cli-plugin-metadata` working without a Secret
// Service; the commands themselves behave as upstream's.
func withStore(cmd *cobra.Command) {
	run := cmd.RunE
	if run == nil {
		return // e.g. `version`, which needs no store
	}
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		s, err := passstore.PassStore(cmd.Context(), serviceGroup)
		if err != nil {
			return err
		}
		cmd.SetContext(commands.WithStore(cmd.Context(), s))
		return run(cmd, args)
	}
}

func main() {
	if plugin.RunningStandalone() {
		os.Args = append([]string{os.Args[0], "pass"}, os.Args[1:]...)
	}
	plugin.Run(func(command.Cli) *cobra.Command {
		return rootCommand()
	}, metadata.Metadata{
		SchemaVersion:    "0.1.0",
		Vendor:           "Docker Inc.",
		Version:          version,
		ShortDescription: "Docker Pass Plugin",
	})
}
