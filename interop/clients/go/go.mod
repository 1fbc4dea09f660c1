module github.com/secrets-engine-rs/secrets-engine-rs/interop/clients/go

go 1.24.0

require (
	connectrpc.com/connect v1.19.1
	github.com/secrets-engine-rs/secrets-engine-rs/gen/go v0.0.0
)

require google.golang.org/protobuf v1.36.11

replace github.com/secrets-engine-rs/secrets-engine-rs/gen/go => ../../../gen/go
