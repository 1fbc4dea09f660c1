//! `DOCKER_SECRETS_ENGINE_PLUGIN_LAUNCH_CFG`: what the engine tells a plugin
//! it launches.
//!
//! The value is JSON, `{"name":"plugin-foo","timeout":5000000000,"fd":3}`: the
//! name the plugin must register with, the registration timeout in
//! nanoseconds (Go's `time.Duration`), and the file descriptor of its end of
//! the socketpair.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The environment variable holding the launch configuration.
pub const LAUNCH_CONFIG_ENV: &str = "DOCKER_SECRETS_ENGINE_PLUGIN_LAUNCH_CFG";

/// The file descriptor the Go engine, and this one, give a launched plugin
/// its end of the connection on.
pub const PLUGIN_FD: i32 = 3;

/// What an engine-launched plugin is told at start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaunchConfig {
    /// The name the plugin must register with.
    pub name: String,
    /// How long the engine waits for the plugin to register.
    pub registration_timeout: Duration,
    /// The plugin's end of the connection ([`PLUGIN_FD`] from an engine).
    pub fd: i32,
}

/// The wire form: Go's field names, the timeout in nanoseconds.
#[derive(Serialize, Deserialize)]
struct Wire {
    name: String,
    timeout: u64,
    fd: i32,
}

/// Why a launch configuration is unusable. The texts are the Go SDK's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LaunchConfigError {
    /// The variable is not valid JSON of the expected shape.
    #[error("failed to decode plugin config from engine \"{LAUNCH_CONFIG_ENV}\": {0}")]
    Decode(String),
    /// `name` is empty.
    #[error("plugin name is required")]
    MissingName,
    /// `timeout` is zero.
    #[error("plugin registration timeout is required")]
    MissingTimeout,
    /// `fd` is a standard stream or negative.
    #[error("invalid file descriptor for plugin connection")]
    InvalidFd,
}

impl LaunchConfig {
    /// Checks the values the way the Go SDK does.
    pub fn validate(&self) -> Result<(), LaunchConfigError> {
        if self.name.is_empty() {
            return Err(LaunchConfigError::MissingName);
        }
        if self.registration_timeout.is_zero() {
            return Err(LaunchConfigError::MissingTimeout);
        }
        if self.fd <= 2 {
            return Err(LaunchConfigError::InvalidFd);
        }
        Ok(())
    }

    /// The environment variable's value.
    pub fn to_env_value(&self) -> String {
        let wire = Wire {
            name: self.name.clone(),
            timeout: u64::try_from(self.registration_timeout.as_nanos()).unwrap_or(u64::MAX),
            fd: self.fd,
        };
        // A struct of a string and two integers always serialises.
        serde_json::to_string(&wire).unwrap_or_default()
    }

    /// Parses and validates the environment variable's value.
    pub fn from_env_value(value: &str) -> Result<Self, LaunchConfigError> {
        let wire: Wire =
            serde_json::from_str(value).map_err(|e| LaunchConfigError::Decode(e.to_string()))?;
        let config = LaunchConfig {
            name: wire.name,
            registration_timeout: Duration::from_nanos(wire.timeout),
            fd: wire.fd,
        };
        config.validate()?;
        Ok(config)
    }

    /// The configuration from this process's environment: `None` when the
    /// plugin was not launched by an engine.
    pub fn from_env() -> Option<Result<Self, LaunchConfigError>> {
        let value = std::env::var(LAUNCH_CONFIG_ENV).ok()?;
        Some(Self::from_env_value(&value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_the_go_shape() {
        let config = LaunchConfig {
            name: "plugin-foo".into(),
            registration_timeout: Duration::from_secs(5),
            fd: 3,
        };
        let value = config.to_env_value();
        assert_eq!(
            value,
            r#"{"name":"plugin-foo","timeout":5000000000,"fd":3}"#
        );
        assert_eq!(LaunchConfig::from_env_value(&value), Ok(config));
    }

    #[test]
    fn long_names_stay_short_enough() {
        let config = LaunchConfig {
            name: "x".repeat(500),
            registration_timeout: Duration::from_secs(5),
            fd: 3,
        };
        assert!(config.to_env_value().len() <= 2048);
    }

    #[test]
    fn errors_have_the_go_texts() {
        let cases = [
            (
                r#"{"name":"","timeout":1,"fd":3}"#,
                "plugin name is required",
            ),
            (
                r#"{"name":"a","timeout":0,"fd":3}"#,
                "plugin registration timeout is required",
            ),
            (
                r#"{"name":"a","timeout":1,"fd":2}"#,
                "invalid file descriptor for plugin connection",
            ),
        ];
        for (value, message) in cases {
            let err = LaunchConfig::from_env_value(value).expect_err(value);
            assert_eq!(err.to_string(), message);
        }
        let err = LaunchConfig::from_env_value("garbage").expect_err("garbage");
        assert!(
            err.to_string().starts_with(
                "failed to decode plugin config from engine \"DOCKER_SECRETS_ENGINE_PLUGIN_LAUNCH_CFG\": "
            ),
            "{err}"
        );
    }
}
