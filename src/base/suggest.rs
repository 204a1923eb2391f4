//! "Did you mean" suggestions for misspelt keys, columns and classes.

/// The closest known key by edit distance, if it is close enough to be a plausible typo. One
/// that differs only in case or in spaces around it comes first: `y` for a header's ` y` was
/// offered `a`, as near by edit distance, until 2026-12-06.
pub fn nearest<'a>(word: &str, candidates: &'a [String]) -> Option<&'a str> {
    let plain = |text: &str| text.trim().to_lowercase();
    candidates
        .iter()
        .map(|candidate| (strsim::damerau_levenshtein(word, candidate), candidate))
        .filter(|(distance, candidate)| {
            *distance <= 3.max(candidate.len() / 3) || plain(candidate) == plain(word)
        })
        .min_by_key(|(distance, candidate)| (plain(candidate) != plain(word), *distance))
        .map(|(_, candidate)| candidate.as_str())
}

#[cfg(test)]
mod tests {
    use super::nearest;

    #[test]
    fn a_name_that_differs_in_case_or_spaces_comes_before_a_typo() {
        let columns = ["a".to_string(), " y".to_string()];
        assert_eq!(nearest("y", &columns), Some(" y"));
        let columns = ["Age".to_string(), "Sex".to_string(), "SEXE".to_string()];
        assert_eq!(nearest("sexe", &columns), Some("SEXE"));
        assert_eq!(nearest("Sax", &columns), Some("Sex"));
        assert_eq!(nearest("zzzzzz", &columns), None);
    }
}
