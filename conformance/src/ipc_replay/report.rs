//! What one connection's replay found.

/// How a connection replay went.
#[derive(Debug, Default)]
pub struct ConnectionReport {
    /// Where this engine's meaning differed from the recording (empty: pass).
    pub differences: Vec<String>,
    /// The deviations that applied, and every frame the engine sent (for the
    /// reader of a failure).
    pub notes: Vec<String>,
}
