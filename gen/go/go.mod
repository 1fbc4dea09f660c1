module github.com/secrets-engine-rs/secrets-engine-rs/gen/go

go 1.24.0

require (
	connectrpc.com/connect v1.19.1
	google.golang.org/protobuf v1.36.11
)
