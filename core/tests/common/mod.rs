//! A brute-force model of patterns, independent of the crate: a backtracking matcher and exhaustive
//! enumeration of identifiers, to check the crate's answers against.

#![allow(dead_code)] // each test binary uses part of it

use secrets_core::Pattern;

/// Backtracking glob match: slow but obviously right.
pub fn model_matches(pattern: &[&str], id: &[&str]) -> bool {
    match pattern.split_first() {
        None => id.is_empty(),
        Some((&"**", rest)) => (0..=id.len()).any(|skip| model_matches(rest, &id[skip..])),
        Some((&"*", rest)) => !id.is_empty() && model_matches(rest, &id[1..]),
        Some((literal, rest)) => id.first() == Some(literal) && model_matches(rest, &id[1..]),
    }
}

pub fn components(pattern: &Pattern) -> Vec<&str> {
    pattern.as_str().split('/').collect()
}

/// Every identifier of 1..=`max_len` components over `alphabet`.
pub fn all_ids(alphabet: &[&str], max_len: usize) -> Vec<Vec<String>> {
    let mut all = Vec::new();
    let mut layer: Vec<Vec<String>> = vec![Vec::new()];
    for _ in 0..max_len {
        layer = layer
            .iter()
            .flat_map(|prefix| {
                alphabet.iter().map(move |letter| {
                    let mut id = prefix.clone();
                    id.push((*letter).to_owned());
                    id
                })
            })
            .collect();
        all.extend(layer.iter().cloned());
    }
    all
}

/// The literals of `patterns` plus one component none of them mentions: enough letters for any
/// counterexample (a wildcard cannot tell two unmentioned components apart).
pub fn alphabet_for<'a>(patterns: &[&'a Pattern]) -> Vec<&'a str> {
    let mut alphabet: Vec<&str> = patterns
        .iter()
        .flat_map(|p| p.as_str().split('/'))
        .filter(|c| *c != "*" && *c != "**")
        .collect();
    alphabet.sort();
    alphabet.dedup();
    alphabet.push("fresh");
    alphabet
}

/// All identifiers over the patterns' alphabet, as long as the enumeration stays under ~300k.
pub fn ids_for(patterns: &[&Pattern]) -> Vec<Vec<String>> {
    let alphabet = alphabet_for(patterns);
    let longest = patterns
        .iter()
        .map(|p| components(p).len())
        .max()
        .unwrap_or(1);
    let mut max_len = longest + 2;
    while max_len > longest && alphabet.len().pow(max_len as u32) > 300_000 {
        max_len -= 1;
    }
    all_ids(&alphabet, max_len)
}

pub fn as_strs(id: &[String]) -> Vec<&str> {
    id.iter().map(String::as_str).collect()
}
