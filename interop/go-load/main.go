// go-load: a closed-loop GetSecrets load tool written with Go's net/http, the
// kind of load tool the Go engine's published figures were measured with.
//
// It drives several servers in alternating rounds (the machine's speed drifts
// over seconds) and reports requests/s and latency percentiles for each, and
// the median per-round ratio of every server to the first one. Used by
// scripts/bench-go-load; figures go to BENCHMARKS.md.
//
//	go-load -target bare=/path/bare.sock -target engine=/path/engine.sock \
//	    -connections 1,16 -duration 8s -rounds 8
//	go-load -probe /path/engine.sock   # prints the answer's body size
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

const path = "http://localhost/resolver.v1.ResolverService/GetSecrets"

type target struct {
	name   string
	socket string
}

type targets []target

func (t *targets) String() string { return fmt.Sprint(*t) }

func (t *targets) Set(value string) error {
	name, socket, ok := strings.Cut(value, "=")
	if !ok || name == "" || socket == "" {
		return fmt.Errorf("want NAME=SOCKET, got %q", value)
	}
	*t = append(*t, target{name, socket})
	return nil
}

// client returns an HTTP/1.1 client keeping up to n connections to socket.
func client(socket string, n int) *http.Client {
	return &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", socket)
		},
		MaxIdleConns:        n,
		MaxIdleConnsPerHost: n,
		MaxConnsPerHost:     n,
		DisableCompression:  true,
	}}
}

// call sends one GetSecrets and reads the whole answer; it returns the body
// size, or an error for anything but a 200.
func call(c *http.Client, contentType string, body []byte) (int, error) {
	request, err := http.NewRequest(http.MethodPost, path, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	request.Header.Set("Content-Type", contentType)
	response, err := c.Do(request)
	if err != nil {
		return 0, err
	}
	defer response.Body.Close()
	n, err := io.Copy(io.Discard, response.Body)
	if err != nil {
		return 0, err
	}
	if response.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("status %d", response.StatusCode)
	}
	return int(n), nil
}

// conn is one keep-alive connection sending a prepared request: the loop
// wrk-style load tools run, without net/http's client pool in the way.
type conn struct {
	socket  string
	request []byte
	c       net.Conn
	r       *bufio.Reader
}

func (c *conn) call() error {
	if c.c == nil {
		nc, err := net.Dial("unix", c.socket)
		if err != nil {
			return err
		}
		c.c, c.r = nc, bufio.NewReader(nc)
	}
	if _, err := c.c.Write(c.request); err != nil {
		return c.fail(err)
	}
	response, err := http.ReadResponse(c.r, nil)
	if err != nil {
		return c.fail(err)
	}
	_, err = io.Copy(io.Discard, response.Body)
	response.Body.Close()
	if err != nil {
		return c.fail(err)
	}
	if response.StatusCode != http.StatusOK {
		return c.fail(fmt.Errorf("status %d", response.StatusCode))
	}
	return nil
}

// close closes the connection, if open; the next call opens a new one.
func (c *conn) close() {
	if c.c != nil {
		c.c.Close()
		c.c, c.r = nil, nil
	}
}

// fail closes the connection (the next call opens a new one) and returns err.
func (c *conn) fail(err error) error {
	c.close()
	return err
}

func prepared(contentType string, body []byte) []byte {
	head := fmt.Sprintf("POST /resolver.v1.ResolverService/GetSecrets HTTP/1.1\r\nHost: localhost\r\n"+
		"Content-Type: %s\r\nContent-Length: %d\r\n\r\n", contentType, len(body))
	return append([]byte(head), body...)
}

// round runs one closed loop per element of loops for d, each calling its
// function back to back, and returns their latencies and error count.
func round(loops []func() error, d time.Duration) ([]time.Duration, int) {
	deadline := time.Now().Add(d)
	var mu sync.Mutex
	var all []time.Duration
	errors := 0
	var wg sync.WaitGroup
	for _, send := range loops {
		wg.Add(1)
		go func() {
			defer wg.Done()
			latencies := make([]time.Duration, 0, 65536)
			failed := 0
			for time.Now().Before(deadline) {
				sent := time.Now()
				if err := send(); err != nil {
					failed++
					continue
				}
				latencies = append(latencies, time.Since(sent))
			}
			mu.Lock()
			all = append(all, latencies...)
			errors += failed
			mu.Unlock()
		}()
	}
	wg.Wait()
	return all, errors
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted)) * p)
	if i >= len(sorted) {
		i = len(sorted) - 1
	}
	return sorted[i]
}

func micros(d time.Duration) string {
	return fmt.Sprintf("%.0f µs", float64(d.Nanoseconds())/1e3)
}

func median(values []float64) (float64, float64, float64) {
	sort.Float64s(values)
	return values[len(values)/2], values[0], values[len(values)-1]
}

func main() {
	var ts targets
	flag.Var(&ts, "target", "NAME=SOCKET, repeatable; ratios are to the first")
	connections := flag.String("connections", "1,16", "connection counts, comma-separated")
	duration := flag.Duration("duration", 8*time.Second, "load per target and connection count")
	rounds := flag.Int("rounds", 8, "rounds the duration is split into, alternating the targets")
	contentType := flag.String("content-type", "application/json", "request content type")
	body := flag.String("body", `{"pattern":"foo"}`, "request body")
	probe := flag.String("probe", "", "print the body size SOCKET answers with, and exit")
	raw := flag.Bool("raw", false, "send prepared requests on raw connections instead of through net/http's client")
	flag.Parse()

	if *probe != "" {
		n, err := call(client(*probe, 1), *contentType, []byte(*body))
		if err != nil {
			fmt.Fprintln(os.Stderr, "go-load:", err)
			os.Exit(1)
		}
		fmt.Println(n)
		return
	}
	if len(ts) == 0 || *rounds < 1 {
		fmt.Fprintln(os.Stderr, "go-load: give at least one -target and -rounds >= 1")
		os.Exit(2)
	}

	fmt.Println("| target | connections | requests/s | p50 | p90 | p99 | errors |")
	fmt.Println("|---|---|---|---|---|---|---|")
	var summary []string
	for _, field := range strings.Split(*connections, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil || n < 1 {
			fmt.Fprintf(os.Stderr, "go-load: bad connection count %q\n", field)
			os.Exit(2)
		}
		per := *duration / time.Duration(*rounds)
		// Per target, n loops: each its own raw connection, or all sharing
		// one net/http client that keeps n connections. Closed after this
		// connection count, so the next one starts from none.
		loops := make([][]func() error, len(ts))
		var closers []func()
		for i, t := range ts {
			var shared *http.Client
			if !*raw {
				shared = client(t.socket, n)
				closers = append(closers, shared.CloseIdleConnections)
			}
			for j := 0; j < n; j++ {
				if *raw {
					c := &conn{socket: t.socket, request: prepared(*contentType, []byte(*body))}
					loops[i] = append(loops[i], c.call)
					closers = append(closers, c.close)
				} else {
					loops[i] = append(loops[i], func() error {
						_, err := call(shared, *contentType, []byte(*body))
						return err
					})
				}
			}
		}
		latencies := make([][]time.Duration, len(ts))
		errors := make([]int, len(ts))
		perRound := make([][]float64, len(ts))
		for r := 0; r < *rounds; r++ {
			for i := range ts {
				l, e := round(loops[i], per)
				latencies[i] = append(latencies[i], l...)
				errors[i] += e
				perRound[i] = append(perRound[i], float64(len(l))/per.Seconds())
			}
		}
		for i, t := range ts {
			sorted := latencies[i]
			sort.Slice(sorted, func(a, b int) bool { return sorted[a] < sorted[b] })
			fmt.Printf("| %s | %d | %.0f | %s | %s | %s | %d |\n", t.name, n,
				float64(len(sorted))/duration.Seconds(), micros(percentile(sorted, 0.5)),
				micros(percentile(sorted, 0.9)), micros(percentile(sorted, 0.99)), errors[i])
			if i > 0 {
				ratios := make([]float64, *rounds)
				for r := range ratios {
					ratios[r] = perRound[i][r] / perRound[0][r]
				}
				m, lo, hi := median(ratios)
				summary = append(summary, fmt.Sprintf(
					"%s / %s requests/s at %d connection(s): %.2f (median of %d alternating rounds; lowest %.2f, highest %.2f)",
					t.name, ts[0].name, n, m, *rounds, lo, hi))
			}
		}
		for _, close := range closers {
			close()
		}
	}
	fmt.Println()
	for _, line := range summary {
		fmt.Println(line)
	}
}
