module secrets-engine-rs/interop/go-load

go 1.25
