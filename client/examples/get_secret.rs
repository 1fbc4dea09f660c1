//! Gets one secret from the running engine.
use std::process::ExitCode;

use secrets_engine_client::blocking::Client;

fn main() -> ExitCode {
    match get_secret("db/password") {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // The error as a sentence: "no secret matches "db/password"".
            eprintln!("get_secret: {error}");
            ExitCode::FAILURE
        }
    }
}

fn get_secret(id: &str) -> Result<(), Box<dyn std::error::Error>> {
    // Finds the engine as Docker's clients do: $DOCKER_SECRETS_ENGINE_SOCKET,
    // else Docker's daemon socket, then ~/.cache/docker-secrets-engine/engine.sock.
    let client = Client::new()?;
    let secret = client.get_secret(id)?;
    // Printed to show it arrived; a real program would use it instead.
    let value = String::from_utf8_lossy(secret.value.expose());
    println!("{} = {value} (from {})", secret.id, secret.provider);
    Ok(())
}
