//! Sentences as this module writes them (amounts come from [`crate::base::format`]).

/// `text` as a sentence: first letter capitalised, a full stop at the end.
pub fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut out = match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    };
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_start_capitalised_and_end_with_a_stop() {
        assert_eq!(sentence("tuning paid"), "Tuning paid.");
        assert_eq!(sentence("Done."), "Done.");
        assert_eq!(sentence(""), ".");
    }
}
