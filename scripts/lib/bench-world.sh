# Sourced by scripts/instructions-per-request and scripts/build-pgo.
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
