// Command posixage-go is a small CLI over Docker's Go encrypted file store
// (github.com/docker/secrets-engine/store/posixage) holding Docker pass values
// (plugins/pass/store.PassValue), for interop tests of the file store format.
//
//	posixage-go --root DIR (--identity FILE | --passphrase-env VAR) [--scrypt-work-factor N] COMMAND
//
//	set ID VALUE [--metadata k=v]...   (--stdin: read the value's bytes from stdin instead of VALUE)
//	get ID                             {"id":"foo","value":"bar","metadata":{"owner":"alice"}}
//	get --raw ID                       the value's bytes, nothing else
//	ls                                 {"foo":{"owner":"alice"}}   ({} when empty)
//	filter PATTERN                     {"foo":{"value":"bar","metadata":{...}}}   ({} when none)
//	rm ID
//	keygen                             a new age X25519 identity, in age-keygen's format
//
// --identity FILE: FILE holds an age X25519 identity (AGE-SECRET-KEY-1... with
// optional # comment lines, as age-keygen writes); secrets are encrypted to its
// recipient and decrypted with it. --passphrase-env VAR: the scrypt passphrase is
// read from environment variable VAR. Both may be given: set then encrypts with
// both (one file per key type) and decryption tries the identity first, then the
// passphrase, exactly as the Go store does with callbacks registered in that order.
// --root DIR is created (0700) when missing. Errors go to stderr, exit code 1.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"filippo.io/age"
	"github.com/spf13/cobra"

	passstore "github.com/docker/secrets-engine/plugins/pass/store"
	"github.com/docker/secrets-engine/store"
	"github.com/docker/secrets-engine/store/posixage"
)

// lockTimeout bounds how long an operation waits for the store's lock file.
const lockTimeout = 60 * time.Second

type globalOpts struct {
	root             string
	identityFile     string
	passphraseEnv    string
	scryptWorkFactor int
}

type entry struct {
	ID       string            `json:"id,omitempty"`
	Value    string            `json:"value"`
	Metadata map[string]string `json:"metadata"`
}

func nonNil(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func printJSON(v any) error {
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func readIdentity(path string) (*age.X25519Identity, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ids, err := age.ParseIdentities(f)
	if err != nil {
		return nil, fmt.Errorf("reading identity file %s: %w", path, err)
	}
	for _, id := range ids {
		if x, ok := id.(*age.X25519Identity); ok {
			return x, nil
		}
	}
	return nil, fmt.Errorf("identity file %s holds no age X25519 identity", path)
}

func openStore(o *globalOpts) (store.Store, error) {
	if o.root == "" {
		return nil, errors.New("--root DIR is required")
	}
	if o.identityFile == "" && o.passphraseEnv == "" {
		return nil, errors.New("one of --identity FILE or --passphrase-env VAR is required")
	}
	var opts []posixage.Options
	if o.identityFile != "" {
		identity, err := readIdentity(o.identityFile)
		if err != nil {
			return nil, err
		}
		recipient := identity.Recipient().String()
		secretKey := identity.String()
		opts = append(opts,
			posixage.WithEncryptionCallbackFunc(posixage.EncryptionAgeX25519(func(context.Context) ([]byte, error) {
				return []byte(recipient), nil
			})),
			posixage.WithDecryptionCallbackFunc(posixage.DecryptionAgeX25519(func(context.Context) ([]byte, error) {
				return []byte(secretKey), nil
			})),
		)
	}
	if o.passphraseEnv != "" {
		passphrase, ok := os.LookupEnv(o.passphraseEnv)
		if !ok {
			return nil, fmt.Errorf("environment variable %s is not set", o.passphraseEnv)
		}
		opts = append(opts,
			posixage.WithEncryptionCallbackFunc(posixage.EncryptionPassword(func(context.Context) ([]byte, error) {
				return []byte(passphrase), nil
			})),
			posixage.WithDecryptionCallbackFunc(posixage.DecryptionPassword(func(context.Context) ([]byte, error) {
				return []byte(passphrase), nil
			})),
		)
	}
	if o.scryptWorkFactor != 0 {
		opts = append(opts, posixage.WithScryptWorkFactor(o.scryptWorkFactor))
	}
	if err := os.MkdirAll(o.root, 0o700); err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(o.root)
	if err != nil {
		return nil, err
	}
	return posixage.New(root, func(context.Context, store.ID) *passstore.PassValue {
		return &passstore.PassValue{}
	}, opts...)
}

func value(s store.Secret) ([]byte, map[string]string, error) {
	pv, ok := s.(*passstore.PassValue)
	if !ok {
		return nil, nil, fmt.Errorf("unexpected secret type %T", s)
	}
	v, err := pv.Marshal()
	if err != nil {
		return nil, nil, err
	}
	return v, nonNil(pv.Metadata()), nil
}

func withStore(o *globalOpts, f func(ctx context.Context, s store.Store, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		s, err := openStore(o)
		if err != nil {
			return err
		}
		ctx, cancel := context.WithTimeout(cmd.Context(), lockTimeout)
		defer cancel()
		return f(ctx, s, args)
	}
}

func setCommand(o *globalOpts) *cobra.Command {
	var metadata []string
	var fromStdin bool
	cmd := &cobra.Command{
		Use:   "set ID VALUE",
		Short: "Encrypt and store VALUE under ID (replacing any existing secret)",
		Args: func(cmd *cobra.Command, args []string) error {
			if fromStdin {
				return cobra.ExactArgs(1)(cmd, args)
			}
			return cobra.ExactArgs(2)(cmd, args)
		},
		RunE: withStore(o, func(ctx context.Context, s store.Store, args []string) error {
			id, err := store.ParseID(args[0])
			if err != nil {
				return err
			}
			var val []byte
			if fromStdin {
				if val, err = io.ReadAll(os.Stdin); err != nil {
					return err
				}
			} else {
				val = []byte(args[1])
			}
			md := map[string]string{}
			for _, kv := range metadata {
				k, v, ok := strings.Cut(kv, "=")
				if !ok {
					return fmt.Errorf("invalid metadata pair (expected key=value): %s", kv)
				}
				md[k] = v
			}
			pv := passstore.NewPassValue(val)
			// As Docker's `docker pass set`: metadata is only set when given,
			// so a secret without metadata has nil metadata.
			if len(md) > 0 {
				if err := pv.SetMetadata(md); err != nil {
					return err
				}
			}
			return s.Save(ctx, id, pv)
		}),
	}
	cmd.Flags().StringArrayVar(&metadata, "metadata", nil, "non-sensitive key=value metadata (repeatable)")
	cmd.Flags().BoolVar(&fromStdin, "stdin", false, "read the value from stdin (raw bytes) instead of VALUE")
	return cmd
}

func getCommand(o *globalOpts) *cobra.Command {
	var raw bool
	cmd := &cobra.Command{
		Use:   "get ID",
		Short: `Print {"id","value","metadata"} of a secret as JSON`,
		Args:  cobra.ExactArgs(1),
		RunE: withStore(o, func(ctx context.Context, s store.Store, args []string) error {
			id, err := store.ParseID(args[0])
			if err != nil {
				return err
			}
			secret, err := s.Get(ctx, id)
			if err != nil {
				return err
			}
			v, md, err := value(secret)
			if err != nil {
				return err
			}
			if raw {
				_, err := os.Stdout.Write(v)
				return err
			}
			return printJSON(entry{ID: id.String(), Value: string(v), Metadata: md})
		}),
	}
	cmd.Flags().BoolVar(&raw, "raw", false, "print only the value's raw bytes")
	return cmd
}

func lsCommand(o *globalOpts) *cobra.Command {
	return &cobra.Command{
		Use:     "ls",
		Aliases: []string{"list"},
		Short:   "Print id -> metadata of every secret as JSON ({} when empty)",
		Args:    cobra.NoArgs,
		RunE: withStore(o, func(ctx context.Context, s store.Store, _ []string) error {
			all, err := s.GetAllMetadata(ctx)
			if err != nil && !errors.Is(err, store.ErrCredentialNotFound) {
				return err
			}
			out := map[string]map[string]string{}
			for id, secret := range all {
				out[id.String()] = nonNil(secret.Metadata())
			}
			return printJSON(out)
		}),
	}
}

func filterCommand(o *globalOpts) *cobra.Command {
	var timed bool
	cmd := &cobra.Command{
		Use:   "filter PATTERN",
		Short: "Print id -> {value, metadata} of the secrets matching PATTERN as JSON ({} when none)",
		Args:  cobra.ExactArgs(1),
		RunE: withStore(o, func(ctx context.Context, s store.Store, args []string) error {
			pattern, err := store.ParsePattern(args[0])
			if err != nil {
				return err
			}
			start := time.Now()
			all, err := s.Filter(ctx, pattern)
			if timed {
				fmt.Fprintf(os.Stderr, "filter_ms=%.3f secrets=%d\n", float64(time.Since(start).Microseconds())/1000, len(all))
			}
			if err != nil && !errors.Is(err, store.ErrCredentialNotFound) {
				return err
			}
			out := map[string]entry{}
			for id, secret := range all {
				v, md, err := value(secret)
				if err != nil {
					return err
				}
				out[id.String()] = entry{Value: string(v), Metadata: md}
			}
			return printJSON(out)
		}),
	}
	cmd.Flags().BoolVar(&timed, "time", false, "print how long the store's Filter took to stderr")
	return cmd
}

func rmCommand(o *globalOpts) *cobra.Command {
	return &cobra.Command{
		Use:     "rm ID",
		Aliases: []string{"delete"},
		Short:   "Delete a secret (the Go store does not report a missing ID)",
		Args:    cobra.ExactArgs(1),
		RunE: withStore(o, func(ctx context.Context, s store.Store, args []string) error {
			id, err := store.ParseID(args[0])
			if err != nil {
				return err
			}
			return s.Delete(ctx, id)
		}),
	}
}

func keygenCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "keygen",
		Short: "Print a new age X25519 identity in age-keygen's format",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			id, err := age.GenerateX25519Identity()
			if err != nil {
				return err
			}
			_, err = fmt.Printf("# created: %s\n# public key: %s\n%s\n",
				time.Now().UTC().Format(time.RFC3339), id.Recipient(), id)
			return err
		},
	}
}

func main() {
	o := &globalOpts{}
	root := &cobra.Command{
		Use:           "posixage-go",
		Short:         "Docker's Go posixage encrypted file store, for interop tests",
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.CompletionOptions.DisableDefaultCmd = true
	pf := root.PersistentFlags()
	pf.StringVar(&o.root, "root", "", "store directory (created 0700 when missing)")
	pf.StringVar(&o.identityFile, "identity", "", "file holding an age X25519 identity (AGE-SECRET-KEY-1...)")
	pf.StringVar(&o.passphraseEnv, "passphrase-env", "", "environment variable holding the scrypt passphrase")
	pf.IntVar(&o.scryptWorkFactor, "scrypt-work-factor", 0, "scrypt work factor log2(N) for passphrase encryption (default: age's, 18)")
	root.AddCommand(setCommand(o), getCommand(o), lsCommand(o), filterCommand(o), rmCommand(o), keygenCommand())
	if err := root.Execute(); err != nil {
		fmt.Fprintf(os.Stderr, "posixage-go: %s\n", err)
		os.Exit(1)
	}
}
