//! Answering requests: the resolver, which asks the plugins and merges their
//! answers, and what decides and records who may ask (the caller policy,
//! access-control modules, the audit log) and the plugin management API.

pub(crate) mod access;
pub(crate) mod audit;
pub(crate) mod cache;
pub(crate) mod management;
pub(crate) mod policy;
pub(crate) mod resolver;
pub(crate) mod watch;
