module secrets-engine-rs/interop/go-sdk-v0.3.2

go 1.25.13

require (
	github.com/docker/secrets-engine/client v0.0.30
	github.com/docker/secrets-engine/plugin v0.3.2
	github.com/docker/secrets-engine/x v0.7.0-do.not.use
)

require (
	connectrpc.com/connect v1.19.1 // indirect
	github.com/hashicorp/yamux v0.1.2 // indirect
	golang.org/x/mod v0.36.0 // indirect
	golang.org/x/sys v0.45.0 // indirect
	google.golang.org/protobuf v1.36.11 // indirect
)

// The Go module proxy refuses github.com/docker/secrets-engine/*; these are the
// unmodified upstream modules kept in shared/go-sdk (see its README.md).
replace (
	github.com/docker/secrets-engine/client => ../../../shared/go-sdk/v0.3.2/client
	github.com/docker/secrets-engine/plugin => ../../../shared/go-sdk/v0.3.2/plugin
	github.com/docker/secrets-engine/x => ../../../shared/go-sdk/v0.3.2/x
)
