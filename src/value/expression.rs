//! Payoff expressions (`fn = "-12 * MonthlyCharges"`): parsed by polars' SQL expression parser,
//! and held to what a per-row payoff can be. Each row's payoff must depend on that row alone, so
//! aggregates and window functions (`sum(amt)`, `avg(amt) OVER ()`) are refused; and an
//! expression must be small enough that parsing and evaluating it cannot exhaust a thread's
//! stack (polars walks expressions recursively).

use std::sync::mpsc::RecvTimeoutError;
use std::time::Duration;

use polars::polars_utils::UnitVec;
use polars::prelude::Expr;

use crate::base::error::{Error, Result};

/// Longest expression text. A payoff formula is a line; a CASE over a hundred product codes fits.
pub const MAX_EXPRESSION_CHARS: usize = 4_000;

/// Deepest expression tree (operators nest one level per term of a chain such as `a + b + c`):
/// far below what exhausts the 2 MiB stack of a polars worker thread (about 2,000 levels).
pub const MAX_EXPRESSION_DEPTH: usize = 200;

/// Parses an expression, naming the key on failure.
pub fn parse_expression(key: &str, text: &str) -> Result<Expr> {
    parse_sql(text)
        .map_err(|reason| Error::input(format!("[value] {key} = {} {reason}", shown(text))))
}

/// Parses an expression and checks that every column it names is in `columns`, suggesting the
/// nearest one when not.
pub fn parse_with_columns(key: &str, text: &str, columns: &[String]) -> Result<Expr> {
    let expr = parse_expression(key, text)?;
    for name in expr.clone().meta().root_names() {
        if !columns.iter().any(|c| c.as_str() == name.as_str()) {
            let hint = crate::base::suggest::nearest(name.as_str(), columns)
                .map(|near| format!("; did you mean `{near}`?"))
                .unwrap_or_default();
            return Err(Error::input(format!(
                "[value] {key} = {} names column `{name}`, which is not in the data{hint}",
                shown(text)
            )));
        }
    }
    Ok(expr)
}

/// The parsed expression, or why it is not one (without the key, which callers add).
pub(super) fn parse_sql(text: &str) -> std::result::Result<Expr, String> {
    let chars = text.chars().count();
    if chars > MAX_EXPRESSION_CHARS {
        return Err(format!(
            "is {chars} characters long; an expression may have at most {MAX_EXPRESSION_CHARS} (compute long formulas into a column of the data)"
        ));
    }
    let words = words_outside_quotes(text);
    let count = |keyword: &str| {
        words
            .iter()
            .filter(|w| w.eq_ignore_ascii_case(keyword))
            .count()
    };
    if count("CASE") != count("END") {
        return Err(format!(
            "is not a valid expression: it has {} CASE and {} END (each CASE WHEN ... THEN ... ELSE ... END needs its END)",
            count("CASE"),
            count("END")
        ));
    }
    let expr = parse_within_deadline(with_decimal_exponents(text))?;
    if depth(&expr) > MAX_EXPRESSION_DEPTH {
        return Err(format!(
            "nests more than {MAX_EXPRESSION_DEPTH} levels deep (each term of a chain such as a + b + c is a level); compute long formulas into a column of the data"
        ));
    }
    if let Some(what) = (&expr).into_iter().find_map(not_per_row) {
        return Err(format!(
            "uses {what}, which combines rows; a payoff is computed from its own row only"
        ));
    }
    Ok(expr)
}

/// Longest a parse may take. The SQL parser backtracks exponentially on some inputs (a chain of
/// bare keywords such as `INTERVAL + INTERVAL + ...`); a real payoff formula parses in
/// microseconds.
const PARSE_DEADLINE: Duration = Duration::from_secs(2);

/// Parses `text` on a thread of its own, with a deep stack and a deadline, so that no input can
/// crash or hang the run. A parse past its deadline is abandoned (the process ends soon after on
/// the error).
fn parse_within_deadline(text: String) -> std::result::Result<Expr, String> {
    let (sender, receiver) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("worthit-expression".into())
        .stack_size(64 << 20)
        .spawn(move || {
            // polars can panic on some malformed input deep in its parser: an input error.
            let outcome = std::panic::catch_unwind(|| polars::sql::sql_expr(&text));
            let _ = sender.send(outcome);
        });
    if let Err(err) = spawned {
        return Err(format!(
            "could not be parsed: no thread for the parser ({err})"
        ));
    }
    match receiver.recv_timeout(PARSE_DEADLINE) {
        Ok(Ok(Ok(expr))) => Ok(expr),
        Ok(Ok(Err(err))) => Err(format!("is not a valid expression: {err}")),
        Ok(Err(_)) | Err(RecvTimeoutError::Disconnected) => {
            Err("is not a valid expression".to_string())
        }
        Err(RecvTimeoutError::Timeout) => Err(format!(
            "is not a valid expression: the parser gave up after {} s (keywords used as names?)",
            PARSE_DEADLINE.as_secs()
        )),
    }
}

/// The words of `text` outside quotes, for keyword counts.
fn words_outside_quotes(text: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut quote: Option<char> = None;
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        let in_word = c.is_alphanumeric() || c == '_';
        match (in_word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
        if c == '\'' || c == '"' {
            quote = Some(c);
        }
    }
    if let (Some(s), None) = (start, quote) {
        words.push(&text[s..]);
    }
    words
}

/// What in `node` combines rows, if anything: aggregates, windows, row counts, and operations
/// that move, filter or reorder rows.
fn not_per_row(node: &Expr) -> Option<&'static str> {
    Some(match node {
        Expr::Agg(_) => "an aggregate (sum, avg, min, max, count, ...)",
        Expr::Over { .. } => "a window function (OVER)",
        Expr::Len => "a row count",
        Expr::Gather { .. } | Expr::Slice { .. } | Expr::Filter { .. } | Expr::Explode { .. } => {
            "an operation that selects rows"
        }
        Expr::Sort { .. } | Expr::SortBy { .. } => "a sort",
        _ => return None,
    })
}

/// Depth of the expression tree, without recursion (the tree may be deep enough to overflow it);
/// counting stops just past [`MAX_EXPRESSION_DEPTH`].
fn depth(expr: &Expr) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(expr, 1usize)];
    let mut children = UnitVec::new();
    while let Some((node, level)) = stack.pop() {
        deepest = deepest.max(level);
        if level > MAX_EXPRESSION_DEPTH {
            break;
        }
        children.clear();
        node.nodes(&mut children);
        stack.extend(children.iter().map(|child| (*child, level + 1)));
    }
    deepest
}

/// `1e3` as `1.0e3`: polars' SQL parser reads a number with an exponent only when it also has a
/// decimal point (`1.5e2`). Text in quotes and identifiers (`x1e3`) are left as they are.
fn with_decimal_exponents(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let in_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = String::with_capacity(text.len() + 4);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' || c == '"' {
            // A quoted string or identifier, copied whole.
            let end = chars[i + 1..]
                .iter()
                .position(|&d| d == c)
                .map_or(chars.len(), |p| i + p + 2);
            out.extend(&chars[i..end]);
            i = end;
            continue;
        }
        if !in_word(c) {
            out.push(c);
            i += 1;
            continue;
        }
        let end = (i..chars.len())
            .find(|&k| !in_word(chars[k]))
            .unwrap_or(chars.len());
        let word = &chars[i..end];
        // The digits after a decimal point are a word of their own: `1.5e2` needs nothing.
        let after_point = i > 0 && chars[i - 1] == '.';
        let digits = word.iter().take_while(|d| d.is_ascii_digit()).count();
        let exponent = digits > 0
            && !after_point
            && word.len() > digits
            && matches!(word[digits], 'e' | 'E')
            && {
                let rest = &word[digits + 1..];
                // `1e3`, or `2e` followed by a signed exponent (`2e-3`).
                (!rest.is_empty() && rest.iter().all(char::is_ascii_digit))
                    || (rest.is_empty()
                        && matches!(chars.get(end), Some('+' | '-'))
                        && chars.get(end + 1).is_some_and(char::is_ascii_digit))
            };
        out.extend(&word[..digits]);
        if exponent {
            out.push_str(".0");
        }
        out.extend(&word[digits..]);
        i = end;
    }
    out
}

/// The expression as an error shows it: quoted, and cut short when long.
pub(super) fn shown(text: &str) -> String {
    const SHOWN: usize = 80;
    if text.chars().count() <= SHOWN {
        format!("\"{text}\"")
    } else {
        let head: String = text.chars().take(SHOWN).collect();
        format!("\"{head}...\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exponents_without_a_point_get_one() {
        for (text, expected) in [
            ("1e3", "1.0e3"),
            ("x1 * 1E3", "x1 * 1.0E3"),
            ("2e-3 * x1", "2.0e-3 * x1"),
            ("1.5e2", "1.5e2"),
            ("x1e3 + 1", "x1e3 + 1"),
            ("'1e3' || x", "'1e3' || x"),
            ("\"col 1e3\" * 2", "\"col 1e3\" * 2"),
            ("12 - 3", "12 - 3"),
            ("1e3x", "1e3x"),
            ("2e-x", "2e-x"),
            ("it''s 1e3", "it''s 1.0e3"),
        ] {
            assert_eq!(with_decimal_exponents(text), expected, "{text}");
        }
    }

    #[test]
    fn aggregates_windows_and_deep_expressions_are_refused() {
        assert!(parse_sql("-12 * amount + 3").is_ok());
        assert!(parse_sql("CASE WHEN amount > 1e3 THEN 5 ELSE -1 END").is_ok());
        for text in [
            "sum(amount)",
            "avg(amount) OVER ()",
            "amount - max(amount)",
            "count(*)",
        ] {
            let reason = parse_sql(text).unwrap_err();
            assert!(reason.contains("combines rows"), "{text}: {reason}");
        }
        let chain = vec!["x"; 500].join(" + ");
        let reason = parse_sql(&chain).unwrap_err();
        assert!(reason.contains("nests"), "{reason}");
        assert!(parse_sql(&vec!["x"; 150].join(" + ")).is_ok());
        // Inputs on which the SQL parser backtracks exponentially end at the deadline or before.
        let started = std::time::Instant::now();
        for text in [
            vec!["CASE"; 40].join(" + "),
            vec!["INTERVAL"; 40].join(" + "),
        ] {
            let reason = parse_sql(&text).unwrap_err();
            assert!(reason.contains("not a valid expression"), "{reason}");
        }
        assert!(
            started.elapsed() < 3 * PARSE_DEADLINE,
            "{:?}",
            started.elapsed()
        );
        assert!(parse_sql("CASE WHEN x > 1 THEN 'a''s' ELSE 'end' END").is_ok());
        let long = vec!["x"; 3000].join(" + ");
        assert!(parse_sql(&long).unwrap_err().contains("characters long"));
    }
}
