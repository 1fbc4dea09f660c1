//! The result of one check of one client in one scenario.

/// A check's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Passed, with what was seen.
    Pass(String),
    /// Failed, with every problem.
    Fail(Vec<String>),
    /// Not run, and why.
    Skip(String),
}

/// One check of one client in one scenario.
#[derive(Debug, Clone)]
pub struct Check {
    /// The client.
    pub client: String,
    /// The scenario.
    pub scenario: String,
    /// `request` or `surfaced`.
    pub check: &'static str,
    /// The result.
    pub outcome: Outcome,
}

impl std::fmt::Display for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = format!("{} {} {}", self.client, self.scenario, self.check);
        match &self.outcome {
            Outcome::Pass(seen) => write!(f, "PASS {what}: {seen}"),
            Outcome::Skip(why) => write!(f, "SKIP {what}: {why}"),
            Outcome::Fail(problems) => write!(f, "FAIL {what}\n  {}", problems.join("\n  ")),
        }
    }
}
