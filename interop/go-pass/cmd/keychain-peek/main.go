// Command keychain-peek-go reads what Docker's pass keychain store holds,
// through the same Go store Docker's `docker pass` uses
// (plugins/pass/store.PassStore), and prints it as JSON. Docker's own `get`
// masks the value; interop tests use this to see the plaintext.
//
//	keychain-peek-go ID            {"id":"foo","value":"bar","metadata":{"owner":"alice"}}
//	keychain-peek-go --raw ID      the value's bytes, nothing else
//	keychain-peek-go --list        {"foo":{"owner":"alice"}}          ({} when empty)
//	keychain-peek-go --filter PAT  {"foo":{"value":"bar","metadata":{...}}}  ({} when none)
//
// --service-group NAME selects another service group (default
// com.docker.docker-pass). Errors go to stderr, exit code 1.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"sort"
	"time"

	passstore "github.com/docker/secrets-engine/plugins/pass/store"
	"github.com/docker/secrets-engine/store"
)

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

func printJSON(v any) error {
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func run() error {
	fs := flag.NewFlagSet("keychain-peek-go", flag.ContinueOnError)
	group := fs.String("service-group", "com.docker.docker-pass", "keychain service group")
	list := fs.Bool("list", false, "print id -> metadata of every secret")
	filter := fs.String("filter", "", "print id -> {value, metadata} of the secrets matching this pattern")
	raw := fs.Bool("raw", false, "print only the value's raw bytes")
	repeat := fs.Int("repeat", 1, "run the Get or Filter this many times (fresh store each time, as docker pass does) and print timings to stderr")
	fs.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: keychain-peek-go [--service-group NAME] (ID | --raw ID | --list | --filter PATTERN)")
		fs.PrintDefaults()
	}
	if err := fs.Parse(os.Args[1:]); err != nil {
		return err
	}
	modes := 0
	for _, b := range []bool{*list, *filter != "", fs.NArg() > 0} {
		if b {
			modes++
		}
	}
	if modes != 1 || fs.NArg() > 1 || (*raw && fs.NArg() != 1) {
		fs.Usage()
		return errors.New("expected exactly one of ID, --list, --filter PATTERN")
	}

	ctx := context.Background()
	kc, err := passstore.PassStore(ctx, *group)
	if err != nil {
		return err
	}
	if *repeat > 1 {
		if err := timeRepeated(ctx, *repeat, kc, *filter, fs.Arg(0)); err != nil {
			return err
		}
	}

	switch {
	case *list:
		all, err := kc.GetAllMetadata(ctx)
		if err != nil && !errors.Is(err, store.ErrCredentialNotFound) {
			return err
		}
		out := map[string]map[string]string{}
		for id, s := range all {
			out[id.String()] = nonNil(s.Metadata())
		}
		return printJSON(out)
	case *filter != "":
		pattern, err := store.ParsePattern(*filter)
		if err != nil {
			return err
		}
		all, err := kc.Filter(ctx, pattern)
		if err != nil && !errors.Is(err, store.ErrCredentialNotFound) {
			return err
		}
		out := map[string]entry{}
		for id, s := range all {
			v, md, err := value(s)
			if err != nil {
				return err
			}
			out[id.String()] = entry{Value: string(v), Metadata: md}
		}
		return printJSON(out)
	default:
		id, err := store.ParseID(fs.Arg(0))
		if err != nil {
			return err
		}
		s, err := kc.Get(ctx, id)
		if err != nil {
			return err
		}
		v, md, err := value(s)
		if err != nil {
			return err
		}
		if *raw {
			_, err := os.Stdout.Write(v)
			return err
		}
		return printJSON(entry{ID: id.String(), Value: string(v), Metadata: md})
	}
}

// timeRepeated runs Get(id) or Filter(pattern) n times on the store and
// prints the median and minimum milliseconds per call to stderr: the Go
// store's cost per operation (it opens a D-Bus connection for each).
func timeRepeated(ctx context.Context, n int, kc store.Store, filter, id string) error {
	durations := make([]time.Duration, 0, n)
	for i := 0; i < n; i++ {
		start := time.Now()
		if filter != "" {
			pattern, err := store.ParsePattern(filter)
			if err != nil {
				return err
			}
			if _, err := kc.Filter(ctx, pattern); err != nil {
				return err
			}
		} else {
			parsed, err := store.ParseID(id)
			if err != nil {
				return err
			}
			if _, err := kc.Get(ctx, parsed); err != nil {
				return err
			}
		}
		durations = append(durations, time.Since(start))
	}
	sort.Slice(durations, func(a, b int) bool { return durations[a] < durations[b] })
	fmt.Fprintf(os.Stderr, "calls=%d p50_ms=%.3f min_ms=%.3f\n", n,
		float64(durations[n/2].Microseconds())/1000, float64(durations[0].Microseconds())/1000)
	return nil
}

func main() {
	if err := run(); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintf(os.Stderr, "keychain-peek-go: %s\n", err)
		os.Exit(1)
	}
}
