module secrets-engine-rs/interop/go-sdk-v0.0.21

go 1.25.0

require (
	github.com/docker/secrets-engine/engine v0.0.0-00010101000000-000000000000
	github.com/docker/secrets-engine/plugin v0.0.21
	github.com/docker/secrets-engine/x v0.0.13-do.not.use
)

require (
	connectrpc.com/connect v1.18.1 // indirect
	github.com/cenkalti/backoff/v5 v5.0.3 // indirect
	github.com/go-chi/chi/v5 v5.2.3 // indirect
	github.com/go-logr/logr v1.4.3 // indirect
	github.com/go-logr/stdr v1.2.2 // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/grpc-ecosystem/grpc-gateway/v2 v2.27.2 // indirect
	github.com/hashicorp/yamux v0.1.2 // indirect
	go.opentelemetry.io/auto/sdk v1.1.0 // indirect
	go.opentelemetry.io/otel v1.38.0 // indirect
	go.opentelemetry.io/otel/exporters/otlp/otlpmetric/otlpmetricgrpc v1.38.0 // indirect
	go.opentelemetry.io/otel/exporters/otlp/otlptrace v1.38.0 // indirect
	go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc v1.38.0 // indirect
	go.opentelemetry.io/otel/metric v1.38.0 // indirect
	go.opentelemetry.io/otel/sdk v1.38.0 // indirect
	go.opentelemetry.io/otel/sdk/metric v1.38.0 // indirect
	go.opentelemetry.io/otel/trace v1.38.0 // indirect
	go.opentelemetry.io/proto/otlp v1.7.1 // indirect
	golang.org/x/mod v0.26.0 // indirect
	golang.org/x/net v0.43.0 // indirect
	golang.org/x/sys v0.37.0 // indirect
	golang.org/x/text v0.28.0 // indirect
	google.golang.org/genproto/googleapis/api v0.0.0-20250825161204-c5933d9347a5 // indirect
	google.golang.org/genproto/googleapis/rpc v0.0.0-20250825161204-c5933d9347a5 // indirect
	google.golang.org/grpc v1.75.0 // indirect
	google.golang.org/protobuf v1.36.8 // indirect
)

// The Go module proxy refuses github.com/docker/secrets-engine/*; these are the
// unmodified upstream modules kept in shared/go-sdk (see its README.md). The
// engine module is untagged upstream (commit fa7ff078, January 2026), hence
// the placeholder version.
replace (
	github.com/docker/secrets-engine/engine => ../../../shared/go-sdk/v0.0.21/engine
	github.com/docker/secrets-engine/plugin => ../../../shared/go-sdk/v0.0.21/plugin
	github.com/docker/secrets-engine/x => ../../../shared/go-sdk/v0.0.21/x
)
