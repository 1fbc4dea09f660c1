# shellcheck shell=bash
# Sourced by scripts/instructions-per-request and scripts/build-pgo: the
# benchmark world and the checks that a server in it is up.

# write_bench_world DIR: the engine's benchmark world in DIR, as the load tool
# (bench/src/main.rs) writes its own: one builtin file plugin serving `**`
# with the secret `foo`. The engine reads `secrets.toml` relative to its
# working directory, so run it from DIR.
write_bench_world() {
    cat > "$1/secrets.toml" <<'TOML'
[secrets."foo"]
value = "foo-value"
created_at = "2025-01-02T03:04:05.600Z"
TOML
    cat > "$1/engine.toml" <<'TOML'
[[builtin]]
name = "builtin-mem"
version = "v1.2.3"
pattern = "**"
type = "file"
path = "secrets.toml"
TOML
}

# wait_for_socket SOCKET: waits up to 10 s for a server to create SOCKET.
wait_for_socket() {
    for _ in $(seq 200); do
        [ -S "$1" ] && return 0
        sleep 0.05
    done
    echo "no socket at $1" >&2
    return 1
}

# answers SOCKET PATTERN: whether the engine on SOCKET answers GetSecrets for
# PATTERN (Connect JSON, as curl users ask).
answers() {
    curl -sf --unix-socket "$1" -H 'content-type: application/json' \
        -d "{\"pattern\":\"$2\"}" http://localhost/resolver.v1.ResolverService/GetSecrets >/dev/null
}
