//! Reading worthit's own JSON files back (`results.json`, `run.json`, a line of `trials.jsonl`),
//! which a user may have edited by hand: an error names the key it is about
//! (`models[2].test.roc_auc`), not only a line and column of a file that may be one long line.

use serde::de::DeserializeOwned;

/// Parses `text` as a `T`; on failure, why in one phrase, starting with the key path when the
/// error is about a key: "key `sweep.trials_done`: invalid value: integer `-3`, expected usize
/// at line 40 column 22".
pub fn parse<T: DeserializeOwned>(text: &[u8]) -> Result<T, String> {
    let mut reader = serde_json::Deserializer::from_slice(text);
    let parsed: T = serde_path_to_error::deserialize(&mut reader).map_err(|err| {
        let key = err.path().to_string();
        let why = err.into_inner();
        // "." is the document itself: a syntax error, or a file of another kind altogether.
        if key == "." || key.is_empty() {
            why.to_string()
        } else {
            format!("key `{key}`: {why}")
        }
    })?;
    reader.end().map_err(|err| err.to_string())?;
    Ok(parsed)
}

/// `value` as the pretty JSON a command prints (`--format json`), a line break at its end: valid
/// JSON whatever text it holds, and safe on a terminal ([`super::text::json_safe`]).
pub fn for_output<T: serde::Serialize>(value: &T) -> super::error::Result<String> {
    let json = serde_json::to_string_pretty(value)
        .map_err(|err| super::error::Error::internal(format!("cannot encode JSON: {err}")))?;
    Ok(format!("{}\n", super::text::json_safe(&json)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct Inner {
        #[allow(dead_code)]
        count: usize,
    }

    #[derive(Debug, serde::Deserialize)]
    struct Outer {
        #[allow(dead_code)]
        items: Vec<Inner>,
    }

    #[test]
    fn an_error_names_the_key_path() {
        let err = parse::<Outer>(br#"{"items": [{"count": 1}, {"count": -3}]}"#).unwrap_err();
        assert!(
            err.starts_with("key `items[1].count`: invalid value"),
            "{err}"
        );
        let err = parse::<Outer>(br#"{"items": [{}]}"#).unwrap_err();
        assert!(
            err.contains("key `items[0]`: missing field `count`"),
            "{err}"
        );
    }

    #[test]
    fn another_document_names_no_key_and_trailing_text_is_refused() {
        let err = parse::<Outer>(br#""a string""#).unwrap_err();
        assert!(err.starts_with("invalid type: string"), "{err}");
        // A file cut short is named where it stops.
        let err = parse::<Outer>(b"{\"items\": [").unwrap_err();
        assert!(err.starts_with("key `items`: EOF"), "{err}");
        assert!(parse::<Outer>(br#"{"items": []} x"#).is_err());
        assert!(parse::<Outer>(br#"{"items": []}"#).is_ok());
    }
}
