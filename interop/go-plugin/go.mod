module secrets-engine-rs/interop/go-plugin

go 1.25

require github.com/hashicorp/yamux v0.1.2
