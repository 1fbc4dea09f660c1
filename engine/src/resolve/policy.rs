//! The policy file: which callers may read which secrets.
//!
//! ```toml
//! # What happens to a secret no rule matches: "allow" (the default) or "deny".
//! default = "allow"
//!
//! # Only the Docker CLI may read registry credentials...
//! [[rule]]
//! action = "allow"
//! secrets = ["docker/auth/**"]           # ID patterns the rule is about (required)
//! executables = ["/usr/bin/docker"]      # the caller's executable, one of (absolute paths)
//!
//! # ...and nothing else may.
//! [[rule]]
//! action = "deny"
//! secrets = ["docker/auth/**"]
//!
//! # Other conditions: the caller's user, or its parent process's executable.
//! [[rule]]
//! action = "deny"
//! secrets = ["prod/**"]
//! uids = [1001]
//! parents = ["/usr/bin/bash"]
//! ```
//!
//! **Order.** For each secret, rules are tried in file order; the first
//! whose `secrets` match the secret's ID and whose conditions all hold
//! (each condition listing several values holds when one of them does; a
//! rule without conditions holds for every caller) decides; `default`
//! decides when none does.
//!
//! **Where it applies.** A request for one ID is decided before any plugin
//! is asked. A request with wildcards is resolved, and each secret found is
//! decided: denied ones are left out of the answer, and when every secret
//! found is denied the answer is `permission_denied`. Every denial is logged
//! with the caller.
//!
//! The file is read at start and again on SIGHUP; a file that does not
//! parse keeps the engine from starting, and on reload keeps the policy in
//! force (and says why in the log).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use secrets_core::{InvalidPattern, Pattern, SecretId};
use serde::Deserialize;

use crate::http::caller::Caller;

/// A parsed policy file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    default: Action,
    rules: Vec<Rule>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Action {
    #[default]
    Allow,
    Deny,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    action: Action,
    secrets: Vec<Pattern>,
    executables: Vec<PathBuf>,
    uids: Vec<u32>,
    parents: Vec<PathBuf>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    #[serde(default)]
    default: Action,
    #[serde(default)]
    rule: Vec<RuleSection>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSection {
    action: Action,
    secrets: Vec<String>,
    #[serde(default)]
    executables: Vec<PathBuf>,
    #[serde(default)]
    uids: Vec<u32>,
    #[serde(default)]
    parents: Vec<PathBuf>,
}

/// A secret the policy denied a caller, and which rule did (numbered from
/// 1 in file order; `None` for the default).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denied {
    pub rule: Option<usize>,
}

impl Denied {
    /// Says which part of the policy denied.
    pub fn by(&self) -> String {
        match self.rule {
            Some(rule) => format!("rule {rule} of the engine's policy"),
            None => "the engine's policy (its default)".to_owned(),
        }
    }
}

/// Why a policy file was refused.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    /// The file, and what is wrong with it.
    #[error("policy file {}: {source}", path.display())]
    File {
        path: PathBuf,
        source: Box<PolicyError>,
    },
    #[error(transparent)]
    Read(#[from] std::io::Error),
    #[error(transparent)]
    Toml(#[from] toml::de::Error),
    #[error("rule {0}: `secrets` lists no pattern")]
    NoPattern(usize),
    #[error("rule {0}: {1}")]
    Pattern(usize, InvalidPattern),
    #[error("rule {rule}: {} is not an absolute path", path.display())]
    RelativePath { rule: usize, path: PathBuf },
}

impl Policy {
    /// Reads and checks a policy file.
    pub fn load(path: &Path) -> Result<Policy, PolicyError> {
        let policy = std::fs::read_to_string(path)
            .map_err(PolicyError::from)
            .and_then(|text| Policy::parse(&text));
        policy.map_err(|source| PolicyError::File {
            path: path.to_owned(),
            source: Box::new(source),
        })
    }

    /// Parses a policy file's text.
    pub fn parse(text: &str) -> Result<Policy, PolicyError> {
        let file: PolicyFile = toml::from_str(text)?;
        let rules = file
            .rule
            .into_iter()
            .enumerate()
            .map(|(index, rule)| {
                let number = index + 1;
                if rule.secrets.is_empty() {
                    return Err(PolicyError::NoPattern(number));
                }
                let secrets = rule
                    .secrets
                    .iter()
                    .map(|text| {
                        Pattern::parse(text.as_str()).map_err(|e| PolicyError::Pattern(number, e))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                if let Some(path) = rule
                    .executables
                    .iter()
                    .chain(&rule.parents)
                    .find(|path| !path.is_absolute())
                {
                    return Err(PolicyError::RelativePath {
                        rule: number,
                        path: path.clone(),
                    });
                }
                Ok(Rule {
                    action: rule.action,
                    secrets,
                    executables: rule.executables,
                    uids: rule.uids,
                    parents: rule.parents,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Policy {
            default: file.default,
            rules,
        })
    }

    /// Whether callers' executables must be read for this policy.
    pub fn needs_executables(&self) -> bool {
        self.rules
            .iter()
            .any(|rule| !rule.executables.is_empty() || !rule.parents.is_empty())
    }

    /// Whether `caller` may read `id` (see the module documentation for the
    /// order). Without a caller (a call from inside the process) every rule
    /// with conditions fails to hold.
    pub fn decide(&self, caller: Option<&Caller>, id: &SecretId) -> Result<(), Denied> {
        let decided = self.rules.iter().enumerate().find(|(_, rule)| {
            rule.secrets.iter().any(|pattern| pattern.matches(id)) && rule.holds_for(caller)
        });
        match decided {
            Some((_, rule)) if rule.action == Action::Allow => Ok(()),
            Some((index, _)) => Err(Denied {
                rule: Some(index + 1),
            }),
            None if self.default == Action::Allow => Ok(()),
            None => Err(Denied { rule: None }),
        }
    }
}

impl Rule {
    fn holds_for(&self, caller: Option<&Caller>) -> bool {
        let unconditional =
            self.executables.is_empty() && self.uids.is_empty() && self.parents.is_empty();
        if unconditional {
            return true;
        }
        let Some(caller) = caller else {
            return false;
        };
        let one_of = |paths: &[PathBuf], path: Option<&Arc<Path>>| {
            paths.is_empty()
                || path.is_some_and(|path| paths.iter().any(|p| p.as_path() == &**path))
        };
        one_of(&self.executables, caller.executable.as_ref())
            && (self.uids.is_empty() || self.uids.contains(&caller.uid))
            && one_of(&self.parents, caller.parent_executable.as_ref())
    }
}

/// The policy in force (none: every secret allowed), replaced on reload.
pub type SharedPolicy = arc_swap::ArcSwapOption<Policy>;

#[cfg(test)]
mod tests {
    use super::*;

    fn caller(uid: u32, executable: &str, parent: &str) -> Caller {
        Caller {
            pid: Some(100),
            uid,
            gid: uid,
            permitted: true,
            executable: Some(Arc::from(Path::new(executable))),
            parent_executable: Some(Arc::from(Path::new(parent))),
            image: None,
        }
    }

    fn id(text: &str) -> SecretId {
        text.parse().expect("id")
    }

    const EXAMPLE: &str = r#"
default = "allow"
[[rule]]
action = "allow"
secrets = ["docker/auth/**"]
executables = ["/usr/bin/docker"]
[[rule]]
action = "deny"
secrets = ["docker/auth/**"]
[[rule]]
action = "deny"
secrets = ["prod/**"]
uids = [1001]
parents = ["/usr/bin/bash"]
"#;

    #[test]
    fn the_first_rule_that_matches_decides() {
        let policy = Policy::parse(EXAMPLE).expect("parses");
        let docker = caller(1000, "/usr/bin/docker", "/usr/bin/bash");
        let curl = caller(1000, "/usr/bin/curl", "/usr/bin/bash");
        assert_eq!(policy.decide(Some(&docker), &id("docker/auth/hub")), Ok(()));
        assert_eq!(
            policy.decide(Some(&curl), &id("docker/auth/hub")),
            Err(Denied { rule: Some(2) })
        );
        // Not about docker/auth: the default.
        assert_eq!(policy.decide(Some(&curl), &id("db/password")), Ok(()));
        // Every condition must hold: uid 1001 from bash, not from another parent.
        let ops = caller(1001, "/usr/bin/cat", "/usr/bin/bash");
        assert_eq!(
            policy.decide(Some(&ops), &id("prod/db")),
            Err(Denied { rule: Some(3) })
        );
        let ops_from_cron = caller(1001, "/usr/bin/cat", "/usr/sbin/cron");
        assert_eq!(policy.decide(Some(&ops_from_cron), &id("prod/db")), Ok(()));
        // No caller: conditional rules do not hold, unconditional ones do.
        assert_eq!(
            policy.decide(None, &id("docker/auth/hub")),
            Err(Denied { rule: Some(2) })
        );
        assert!(policy.needs_executables());
    }

    #[test]
    fn a_deny_default_needs_an_allowing_rule() {
        let policy = Policy::parse(
            "default = \"deny\"\n[[rule]]\naction = \"allow\"\nsecrets = [\"team/**\"]\nuids = [1000]\n",
        )
        .expect("parses");
        let member = caller(1000, "/bin/x", "/bin/y");
        assert_eq!(policy.decide(Some(&member), &id("team/key")), Ok(()));
        assert_eq!(
            policy.decide(Some(&member), &id("other/key")),
            Err(Denied { rule: None })
        );
        assert!(!policy.needs_executables());
    }

    #[test]
    fn bad_files_are_refused_with_the_reason() {
        for (text, expected) in [
            (
                "[[rule]]\naction = \"allow\"\nsecrets = []\n",
                "rule 1: `secrets` lists no pattern",
            ),
            (
                "[[rule]]\naction = \"allow\"\nsecrets = [\"a//b\"]\n",
                "rule 1: invalid pattern \"a//b\"",
            ),
            (
                "[[rule]]\naction = \"allow\"\nsecrets = [\"a\"]\nexecutables = [\"docker\"]\n",
                "rule 1: docker is not an absolute path",
            ),
            (
                "[[rule]]\naction = \"maybe\"\nsecrets = [\"a\"]\n",
                "unknown variant `maybe`",
            ),
            (
                "[[rule]]\naction = \"allow\"\nsecrets = [\"a\"]\nuser = 3\n",
                "unknown field `user`",
            ),
        ] {
            let error = Policy::parse(text).expect_err(text).to_string();
            assert!(error.contains(expected), "{text}: {error}");
        }
    }
}
