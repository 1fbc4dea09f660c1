// Command go-plugin plays a plugin built on Docker's Go SDK
// (github.com/docker/secrets-engine/plugin v0.0.21) against an engine, with
// the same transport libraries that SDK uses: hashicorp/yamux as the yamux
// client and net/http in both directions. The SDK itself is not downloadable
// here, so its wire behaviour (SPEC 5.2-5.7) is reproduced by hand; the
// protobuf messages are so small that they are encoded by hand too.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/hashicorp/yamux"
)

const launchEnv = "DOCKER_SECRETS_ENGINE_PLUGIN_LAUNCH_CFG"

var logger = log.New(os.Stderr, "go-plugin: ", log.Lmicroseconds)

type secretFlags map[string]string

func (s secretFlags) String() string { return fmt.Sprint(map[string]string(s)) }

func (s secretFlags) Set(v string) error {
	id, value, ok := strings.Cut(v, "=")
	if !ok {
		return fmt.Errorf("want id=value, got %q", v)
	}
	s[id] = value
	return nil
}

func main() {
	secrets := secretFlags{}
	name := flag.String("name", "go-plugin", "plugin name (external mode; launched plugins get theirs from the engine)")
	version := flag.String("version", "v0.1.0", "plugin version")
	pattern := flag.String("pattern", "go/**", "pattern the plugin registers")
	socket := flag.String("socket", os.Getenv("DOCKER_SECRETS_ENGINE_SOCKET"), "engine socket (external mode)")
	flag.Var(secrets, "secret", "id=value served by the plugin (repeatable)")
	flag.Parse()

	conn, timeout, err := connect(name, *socket)
	if err != nil {
		logger.Printf("error: %v", err)
		os.Exit(1)
	}
	if err := run(conn, *name, *version, *pattern, timeout, secrets); err != nil {
		logger.Printf("error: %v", err)
		os.Exit(1)
	}
	logger.Printf("exit status 0")
}

// connect returns the byte stream to the engine: FD 3 when launched, else the
// socket upgraded through /hijack. It also returns the registration timeout.
func connect(name *string, socket string) (net.Conn, time.Duration, error) {
	if raw, ok := os.LookupEnv(launchEnv); ok {
		var cfg struct {
			Name    string        `json:"name"`
			Timeout time.Duration `json:"timeout"`
			Fd      int           `json:"fd"`
		}
		if err := json.Unmarshal([]byte(raw), &cfg); err != nil {
			return nil, 0, fmt.Errorf("failed to decode plugin config from engine %q: %w", launchEnv, err)
		}
		switch {
		case cfg.Name == "":
			return nil, 0, errors.New("plugin name is required")
		case cfg.Timeout == 0:
			return nil, 0, errors.New("plugin registration timeout is required")
		case cfg.Fd <= 2:
			return nil, 0, errors.New("invalid file descriptor for plugin connection")
		}
		*name = cfg.Name
		// FileConn dups the descriptor; close the original so the engine
		// sees EOF as soon as the connection is closed, not at exit.
		file := os.NewFile(uintptr(cfg.Fd), "engine")
		conn, err := net.FileConn(file)
		_ = file.Close()
		logger.Printf("launched as %s (fd %d, registration timeout %v)", cfg.Name, cfg.Fd, cfg.Timeout)
		return conn, cfg.Timeout, err
	}
	if socket == "" {
		return nil, 0, errors.New("not launched and no -socket given")
	}
	conn, err := net.Dial("unix", socket)
	if err != nil {
		return nil, 0, fmt.Errorf("failed to connect to socket %q: %w", socket, err)
	}
	hijacked, err := hijack(conn)
	if err != nil {
		conn.Close()
		return nil, 0, fmt.Errorf("external plugin rejected: %w", err)
	}
	logger.Printf("attached to %s through /hijack", socket)
	return hijacked, 5 * time.Second, nil
}

// bufferedConn reads through the reader that parsed the 101, so bytes the
// engine sent right behind it (its first yamux frames) are not lost.
type bufferedConn struct {
	net.Conn
	r *bufio.Reader
}

func (c bufferedConn) Read(p []byte) (int, error) { return c.r.Read(p) }

// hijack is ipc.Hijackify: the SDK's exact request bytes, a 2 s deadline.
func hijack(conn net.Conn) (net.Conn, error) {
	_ = conn.SetDeadline(time.Now().Add(2 * time.Second))
	request := "GET /hijack HTTP/1.1\r\nHost: secrets-engine.localhost\r\nUser-Agent: Go-http-client/1.1\r\nConnection: upgrade\r\nUpgrade: tcp\r\n\r\n"
	if _, err := io.WriteString(conn, request); err != nil {
		return nil, err
	}
	r := bufio.NewReader(conn)
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		body, _ := io.ReadAll(resp.Body)
		return nil, fmt.Errorf("unexpected status %d: %s", resp.StatusCode, body)
	}
	_ = conn.SetDeadline(time.Time{})
	return bufferedConn{conn, r}, nil
}

func run(conn net.Conn, name, version, pattern string, timeout time.Duration, secrets secretFlags) error {
	session, err := yamux.Client(conn, yamux.DefaultConfig())
	if err != nil {
		return err
	}
	registered := make(chan struct{})
	closing := make(chan struct{}, 1)
	mux := http.NewServeMux()
	mux.HandleFunc("/health", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) })
	mux.HandleFunc("/resolver.v1.PluginService/Shutdown", func(w http.ResponseWriter, r *http.Request) {
		logger.Printf("shutdown asked (%d streams open)", session.NumStreams())
		reply(w, r, []byte("{}"))
		select {
		case closing <- struct{}{}:
		default:
		}
	})
	mux.HandleFunc("/resolver.v1.ResolverService/GetSecrets", func(w http.ResponseWriter, r *http.Request) {
		// As the SDK: requests before registration completed wait for it.
		select {
		case <-registered:
		case <-time.After(timeout):
			connectError(w, http.StatusGatewayTimeout, "deadline_exceeded", "registration incomplete")
			return
		}
		getSecrets(w, r, name, secrets)
	})
	server := &http.Server{Handler: mux}
	served := make(chan error, 1)
	go func() { served <- server.Serve(session) }()

	shutdown := false
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	closeIPC := func() {
		// ipcImpl.Close: GoAway, wait up to 2 s for open streams, close.
		_ = session.GoAway()
		logger.Printf("sent GoAway with %d streams open", session.NumStreams())
		ended := session.CloseChan()
		for deadline := time.Now().Add(2 * time.Second); session.NumStreams() > 0; {
			select {
			case <-ended:
				ended = nil // log it once
				// yamux keeps streams the peer never closed in its count
				// after the connection ends, so the wait goes on.
				logger.Printf("connection ended by the engine with %d streams not closed", session.NumStreams())
			case sig := <-signals:
				logger.Printf("received signal %v while shutting down", sig)
			default:
			}
			if time.Now().After(deadline) {
				// The SDK's words: the engine held streams open past the
				// shutdown timeout (a Go engine closes each after one call).
				logger.Printf("Timeout expired but %d streams still open, shutting down server...", session.NumStreams())
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		_ = server.Close()
		_ = session.Close()
	}
	if err := register(session, name, version, pattern, timeout); err != nil {
		closeIPC()
		return fmt.Errorf("failed to register plugin %s: %w", name, err)
	}
	close(registered)

	select {
	case <-closing:
		shutdown = true
		closeIPC()
	case sig := <-signals:
		logger.Printf("interrupted by signal %v", sig)
		closeIPC()
	case <-session.CloseChan():
	}
	err = <-served
	if errors.Is(err, http.ErrServerClosed) || errors.Is(err, yamux.ErrSessionShutdown) || errors.Is(err, io.EOF) {
		err = nil
	}
	logger.Printf("session closed (after shutdown: %v)", shutdown)
	return err
}

// register calls RegisterService.RegisterPlugin on a new yamux stream, one
// stream per request as the SDK's client (DisableKeepAlives).
func register(session *yamux.Session, name, version, pattern string, timeout time.Duration) error {
	client := &http.Client{Transport: &http.Transport{
		DialContext:       func(context.Context, string, string) (net.Conn, error) { return session.Open() },
		DisableKeepAlives: true,
	}}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	body, _ := json.Marshal(map[string]string{"name": name, "version": version, "pattern": pattern})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://unix/resolver.v1.RegisterService/RegisterPlugin", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Connect-Protocol-Version", "1")
	req.Header.Set("Connect-Timeout-Ms", fmt.Sprint(timeout.Milliseconds()-1))
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("failed to register with secrets engine: status %d: %s", resp.StatusCode, answer)
	}
	var engine struct {
		EngineName    string `json:"engineName"`
		EngineVersion string `json:"engineVersion"`
	}
	if err := json.Unmarshal(answer, &engine); err != nil {
		return fmt.Errorf("registration answer %q: %w", answer, err)
	}
	logger.Printf("registered %s@%s (pattern %s) with engine %s@%s", name, version, pattern, engine.EngineName, engine.EngineVersion)
	return nil
}

func getSecrets(w http.ResponseWriter, r *http.Request, name string, secrets secretFlags) {
	body, err := readBody(r)
	if err != nil {
		connectError(w, http.StatusBadRequest, "invalid_argument", err.Error())
		return
	}
	isProto := strings.HasPrefix(r.Header.Get("Content-Type"), "application/proto")
	var pattern string
	if isProto {
		pattern, err = protoPattern(body)
	} else {
		var req struct {
			Pattern string `json:"pattern"`
		}
		err = json.Unmarshal(body, &req)
		pattern = req.Pattern
	}
	if err != nil {
		connectError(w, http.StatusBadRequest, "invalid_argument", "unmarshal message: "+err.Error())
		return
	}
	var ids []string
	for id := range secrets {
		if matches(strings.Split(pattern, "/"), strings.Split(id, "/")) {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	logger.Printf("GetSecrets %q (%s): %d found", pattern, r.Header.Get("Content-Type"), len(ids))
	if len(ids) == 0 {
		connectError(w, http.StatusNotFound, "not_found", "secret not found")
		return
	}
	if isProto {
		var out []byte
		for _, id := range ids {
			var env []byte
			env = protoField(env, 1, []byte(id))
			env = protoField(env, 2, []byte(secrets[id]))
			env = protoField(env, 3, nil)
			env = protoField(env, 4, nil)
			out = protoField(out, 1, env)
		}
		reply(w, r, out)
		return
	}
	type envelope struct {
		ID       string `json:"id"`
		Value    string `json:"value"`
		Version  string `json:"version"`
		Provider string `json:"provider"`
	}
	var resp struct {
		Envelopes []envelope `json:"envelopes"`
	}
	for _, id := range ids {
		resp.Envelopes = append(resp.Envelopes, envelope{ID: id, Value: base64.StdEncoding.EncodeToString([]byte(secrets[id]))})
	}
	out, _ := json.Marshal(resp)
	reply(w, r, out)
}

// matches is the Jan26 glob match of SPEC 3.3.
func matches(pattern, path []string) bool {
	for len(pattern) > 0 {
		switch p := pattern[0]; {
		case p == "**":
			for skip := 0; skip <= len(path); skip++ {
				if matches(pattern[1:], path[skip:]) {
					return true
				}
			}
			return false
		case len(path) == 0:
			return false
		case p == "*" || p == path[0] || path[0] == "*":
		default:
			return false
		}
		pattern, path = pattern[1:], path[1:]
	}
	return len(path) == 0
}

func readBody(r *http.Request) ([]byte, error) {
	var body io.Reader = r.Body
	if r.Header.Get("Content-Encoding") == "gzip" {
		z, err := gzip.NewReader(r.Body)
		if err != nil {
			return nil, err
		}
		body = z
	}
	return io.ReadAll(body)
}

// reply answers a successful unary call in the request's codec, gzipped
// when the caller accepts gzip, as connect-go handlers do.
func reply(w http.ResponseWriter, r *http.Request, body []byte) {
	contentType := "application/json"
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/proto") {
		contentType = "application/proto"
		if string(body) == "{}" {
			body = nil // an empty message
		}
	}
	w.Header().Set("Content-Type", contentType)
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		var zipped bytes.Buffer
		z := gzip.NewWriter(&zipped)
		_, _ = z.Write(body)
		_ = z.Close()
		body = zipped.Bytes()
		w.Header().Set("Content-Encoding", "gzip")
	}
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	_, _ = w.Write(body)
}

func connectError(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"code": code, "message": message})
}

// protoPattern decodes GetSecretsRequest: field 1 (string pattern); other
// fields are skipped as proto3 requires.
func protoPattern(b []byte) (string, error) {
	var pattern string
	for len(b) > 0 {
		tag, n := uvarint(b)
		if n <= 0 {
			return "", errors.New("bad tag")
		}
		b = b[n:]
		switch tag & 7 {
		case 0:
			_, n = uvarint(b)
		case 1:
			n = 8
		case 2:
			l, m := uvarint(b)
			if m <= 0 || uint64(len(b)-m) < l {
				return "", errors.New("bad length")
			}
			if tag>>3 == 1 {
				pattern = string(b[m : m+int(l)])
			}
			n = m + int(l)
		case 5:
			n = 4
		default:
			return "", fmt.Errorf("wire type %d", tag&7)
		}
		if n <= 0 || n > len(b) {
			return "", errors.New("truncated field")
		}
		b = b[n:]
	}
	return pattern, nil
}

func uvarint(b []byte) (uint64, int) {
	var v uint64
	for i, c := range b {
		if i == 10 {
			return 0, -1
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			return v, i + 1
		}
	}
	return 0, 0
}

// protoField appends a length-delimited field (strings, bytes, messages).
func protoField(b []byte, field int, value []byte) []byte {
	b = appendUvarint(b, uint64(field<<3|2))
	b = appendUvarint(b, uint64(len(value)))
	return append(b, value...)
}

func appendUvarint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}
