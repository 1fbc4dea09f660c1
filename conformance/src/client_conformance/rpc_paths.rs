//! The paths of the RPCs a client under test may call.

/// The path of `GetSecrets`.
pub const GET_SECRETS: &str = "/resolver.v1.ResolverService/GetSecrets";
/// The path of the January 2026 `ListPlugins` (the recorded engine's).
pub const LIST_PLUGINS: &str = "/resolver.v1.ListService/ListPlugins";
/// The path of the August 2026 `ListPlugins`, which the recorded (January)
/// engine does not serve: it answers it as an unknown method.
pub const LIST_PLUGINS_AUGUST: &str = "/plugins.v1.PluginManagementService/ListPlugins";
