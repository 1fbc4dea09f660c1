//! Gets one secret from the running engine.
use secrets_engine_client::blocking::Client;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Finds the socket as the engine does: $DOCKER_SECRETS_ENGINE_SOCKET,
    // else ~/.cache/docker-secrets-engine/engine.sock.
    let client = Client::new()?;
    let secret = client.get_secret("db/password")?;
    // Printed to show it arrived; a real program would use it instead.
    let value = String::from_utf8_lossy(secret.value.expose());
    println!("{} = {value} (from {})", secret.id, secret.provider);
    Ok(())
}
