//! Payoff expressions (`fn = "-12 * MonthlyCharges"`): SQL expressions over the row's columns,
//! parsed by sqlparser and evaluated by worthit ([`node`], [`evaluate`]), and held to what a
//! per-row payoff can be. Each row's payoff must depend on that row alone, so aggregates and
//! window functions (`sum(amt)`, `avg(amt) OVER ()`) are refused; and an expression must be small
//! enough that parsing and evaluating it cannot exhaust a thread's stack.
//!
//! worthit evaluates the tree itself rather than through polars' SQL engine: that engine, with
//! the lazy query engine it needs, was 177 of the 435 crates in the build and a tenth of its CPU
//! time (README, Development), for a few operators, CASE and a dozen functions.

mod evaluate;
mod node;

use std::sync::mpsc::RecvTimeoutError;
use std::time::Duration;

use polars_core::prelude::DataFrame;
use sqlparser::dialect::GenericDialect;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::Token;

use self::evaluate::{Columns, Value};
use self::node::{Node, Refusal};
use crate::base::error::{Error, Result};

/// A parsed payoff expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Expression {
    root: Node,
}

/// Why an expression gives no number for a row: `row` indexes the evaluated frame.
#[derive(Debug)]
pub struct RowError {
    /// The row of the evaluated frame (0-based).
    pub row: usize,
    /// What went wrong, as the end of a sentence naming the expression and its row.
    pub reason: String,
}

impl Expression {
    /// The columns the expression names, each once.
    pub fn column_names(&self) -> Vec<&str> {
        self.root.column_names()
    }

    /// Why a row may give no value: a missing cell, or a `CASE` without `ELSE`.
    pub fn why_no_value(&self) -> &'static str {
        if self.root.has_case_without_else() {
            "a missing cell, or a CASE without ELSE that no WHEN matched?"
        } else {
            "a missing cell?"
        }
    }

    /// The expression's value on every row of `frame` as a number (true and false are 1 and 0,
    /// text that reads as a number is that number); `None` where it gives NULL.
    pub fn numbers(&self, frame: &DataFrame) -> std::result::Result<Vec<Option<f64>>, RowError> {
        let names = self.column_names();
        let columns = Columns::read(frame, &names).map_err(|reason| RowError { row: 0, reason })?;
        (0..frame.height())
            .map(|row| {
                let failed = |reason: String| RowError { row, reason };
                match evaluate::evaluate(&self.root, &columns, row).map_err(failed)? {
                    Value::Null => Ok(None),
                    Value::Number(x) => Ok(Some(x)),
                    Value::Flag(b) => Ok(Some(f64::from(u8::from(b)))),
                    Value::Text(t) => t.trim().parse::<f64>().map(Some).map_err(|_| {
                        failed(format!(
                            "the result is the text {}, not a number",
                            evaluate::quoted(&t)
                        ))
                    }),
                }
            })
            .collect()
    }
}

/// Longest expression text. A payoff formula is a line; a CASE over a hundred product codes fits.
pub const MAX_EXPRESSION_CHARS: usize = 4_000;

/// Deepest expression tree (operators nest one level per term of a chain such as `a + b + c`):
/// far below what exhausts the 2 MiB stack of a polars worker thread (about 2,000 levels).
pub const MAX_EXPRESSION_DEPTH: usize = 200;

/// Parses an expression, naming the key on failure.
pub fn parse_expression(key: &str, text: &str) -> Result<Expression> {
    parse_sql(text)
        .map_err(|reason| Error::input(format!("[value] {key} = {} {reason}", shown(text))))
}

/// Parses an expression and checks that every column it names is in `columns`, suggesting the
/// nearest one when not. A name matches its column exactly, or else case-insensitively when only
/// one column matches so; the expression then uses the data's spelling.
pub fn parse_with_columns(key: &str, text: &str, columns: &[String]) -> Result<Expression> {
    let mut expr = parse_expression(key, text)?;
    let resolve = |name: &str| -> Option<String> {
        if columns.iter().any(|c| c == name) {
            return Some(name.to_string());
        }
        let mut folded = columns.iter().filter(|c| c.eq_ignore_ascii_case(name));
        match (folded.next(), folded.next()) {
            (Some(only), None) => Some(only.clone()),
            _ => None,
        }
    };
    for name in expr.column_names() {
        if resolve(name).is_none() {
            let hint = crate::base::suggest::nearest(name, columns)
                .map(|near| format!("; did you mean `{near}`?"))
                .unwrap_or_default();
            return Err(Error::input(format!(
                "[value] {key} = {} names column `{name}`, which is not in the data{hint}",
                shown(text)
            )));
        }
    }
    expr.root.resolve_columns(&resolve);
    Ok(expr)
}

/// The parsed expression, or why it is not one (without the key, which callers add).
pub(super) fn parse_sql(text: &str) -> std::result::Result<Expression, String> {
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
    parse_within_deadline(text.to_string()).map(|root| Expression { root })
}

/// Longest a parse may take. The SQL parser backtracks exponentially on some inputs (a chain of
/// bare keywords such as `INTERVAL + INTERVAL + ...`); a real payoff formula parses in
/// microseconds.
const PARSE_DEADLINE: Duration = Duration::from_secs(2);

/// Parses `text` on a thread of its own, with a deep stack and a deadline, so that no input can
/// crash or hang the run. A parse past its deadline is abandoned (the process ends soon after on
/// the error).
fn parse_within_deadline(text: String) -> std::result::Result<Node, String> {
    let (sender, receiver) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("worthit-expression".into())
        .stack_size(64 << 20)
        .spawn(move || {
            // A parser panic on some malformed input would be an input error, not a crash.
            let outcome = std::panic::catch_unwind(|| parse_tree(&text));
            let _ = sender.send(outcome);
        });
    if let Err(err) = spawned {
        return Err(format!(
            "could not be parsed: no thread for the parser ({err})"
        ));
    }
    match receiver.recv_timeout(PARSE_DEADLINE) {
        Ok(Ok(outcome)) => outcome,
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

/// The parser's deepest recursion: generous, since the thread's stack is deep and the tree's
/// own depth is checked on the way to [`Node`].
const PARSER_RECURSION_LIMIT: usize = 1_000;

/// Parses `text` into worthit's tree, or says why it is not a payoff expression.
fn parse_tree(text: &str) -> std::result::Result<Node, String> {
    let too_deep = || {
        format!(
            "nests more than {MAX_EXPRESSION_DEPTH} levels deep (each term of a chain such as a + b + c is a level); compute long formulas into a column of the data"
        )
    };
    let dialect = GenericDialect {};
    let parsed = Parser::new(&dialect)
        .with_recursion_limit(PARSER_RECURSION_LIMIT)
        .try_with_sql(text)
        .and_then(|mut parser| {
            let expr = parser.parse_expr()?;
            let next = parser.peek_token();
            if next.token == Token::EOF {
                Ok(expr)
            } else {
                Err(ParserError::ParserError(format!(
                    "unexpected `{}` after a complete expression",
                    next.token
                )))
            }
        });
    let sql = match parsed {
        Ok(sql) => sql,
        Err(ParserError::RecursionLimitExceeded) => return Err(too_deep()),
        Err(err) => {
            let reason = err.to_string();
            let reason = reason.strip_prefix("sql parser error: ").unwrap_or(&reason);
            return Err(format!("is not a valid expression: {reason}"));
        }
    };
    Node::from_sql(&sql).map_err(|refusal| match refusal {
        Refusal::CombinesRows(what) => {
            format!("uses {what}, which combines rows; a payoff is computed from its own row only")
        }
        Refusal::Unsupported(what) => format!(
            "uses {what}, which payoff expressions do not support (they support {})",
            node::SUPPORTED
        ),
        Refusal::TooDeep => too_deep(),
    })
}

/// The expression as an error shows it: quoted, and cut short when long.
pub(super) fn shown(text: &str) -> String {
    format!("\"{}\"", crate::base::text::shortened_to(text, 80))
}

#[cfg(test)]
mod tests {
    use super::*;

    use polars_core::prelude::{Column, DataFrame};

    fn frame() -> DataFrame {
        DataFrame::new_infer_height(vec![
            Column::new("amount".into(), &[100.0, -20.0, 0.0]),
            Column::new("plan".into(), &[Some("pro"), Some("basic"), None]),
            Column::new("flag".into(), &[true, false, true]),
            Column::new("MonthlyCharges".into(), &[10i64, 20, 30]),
        ])
        .unwrap()
    }

    fn values(text: &str) -> Vec<Option<f64>> {
        let columns: Vec<String> = frame()
            .get_column_names()
            .iter()
            .map(|n| n.to_string())
            .collect();
        parse_with_columns("tp", text, &columns)
            .unwrap()
            .numbers(&frame())
            .unwrap()
    }

    #[test]
    fn expressions_give_sql_values_row_by_row() {
        for (text, expected) in [
            (
                "-12 * MonthlyCharges",
                vec![Some(-120.0), Some(-240.0), Some(-360.0)],
            ),
            (
                "-12 * monthlycharges",
                vec![Some(-120.0), Some(-240.0), Some(-360.0)],
            ),
            ("1e3 + 2E-1 - 2.5e1", vec![Some(975.2); 3]),
            ("7 % 3 + 7 / 2", vec![Some(4.5); 3]),
            (
                "-greatest(0.25 * amount, 1)",
                vec![Some(-25.0), Some(-1.0), Some(-1.0)],
            ),
            (
                "least(amount, 0, NULL)",
                vec![Some(0.0), Some(-20.0), Some(0.0)],
            ),
            (
                "abs(amount) + sign(amount)",
                vec![Some(101.0), Some(19.0), Some(0.0)],
            ),
            (
                "CASE WHEN plan = 'pro' THEN -50 WHEN plan IS NULL THEN 1 ELSE -10 END",
                vec![Some(-50.0), Some(-10.0), Some(1.0)],
            ),
            (
                "CASE plan WHEN 'basic' THEN 2 END",
                vec![None, Some(2.0), None],
            ),
            ("plan IN ('pro', 'gold')", vec![Some(1.0), Some(0.0), None]),
            (
                "amount BETWEEN -20 AND 50",
                vec![Some(0.0), Some(1.0), Some(1.0)],
            ),
            ("flag AND amount > 0", vec![Some(1.0), Some(0.0), Some(0.0)]),
            (
                "NOT flag OR plan LIKE 'p%'",
                vec![Some(1.0), Some(1.0), None],
            ),
            (
                "upper(plan) ILIKE 'BAS_C'",
                vec![Some(0.0), Some(1.0), None],
            ),
            (
                "coalesce(length(plan), -1)",
                vec![Some(3.0), Some(5.0), Some(-1.0)],
            ),
            ("nullif(amount, 0)", vec![Some(100.0), Some(-20.0), None]),
            (
                "round(amount / 3, 2) + floor(1.5) + ceil(1.2)",
                vec![Some(36.33), Some(-3.67), Some(3.0)],
            ),
            (
                "CAST('12' AS INTEGER) + CAST(2.9 AS INT)",
                vec![Some(14.0); 3],
            ),
            ("TRY_CAST(plan AS DOUBLE)", vec![None, None, None]),
            (
                "power(2, 3) + sqrt(16) + ln(exp(1)) + log10(100)",
                vec![Some(15.0); 3],
            ),
            ("'5'", vec![Some(5.0); 3]),
        ] {
            let got = values(text);
            assert_eq!(got.len(), expected.len(), "{text}");
            for (g, e) in got.iter().zip(&expected) {
                match (g, e) {
                    (Some(g), Some(e)) => assert!((g - e).abs() < 1e-9, "{text}: {got:?}"),
                    _ => assert_eq!(g, e, "{text}: {got:?}"),
                }
            }
        }
    }

    #[test]
    fn wrong_kinds_of_value_name_the_row_and_the_operation() {
        let columns = vec!["amount".to_string(), "plan".to_string()];
        let expr = parse_with_columns("fn", "amount * plan", &columns).unwrap();
        let err = expr.numbers(&frame()).unwrap_err();
        assert_eq!(err.row, 0);
        assert!(
            err.reason.contains("`*` needs numbers") && err.reason.contains("'pro'"),
            "{}",
            err.reason
        );
        let err = parse_with_columns("fn", "plan", &columns)
            .unwrap()
            .numbers(&frame())
            .unwrap_err();
        assert!(err.reason.contains("not a number"), "{}", err.reason);
        let err = parse_with_columns("fn", "CASE WHEN amount THEN 1 END", &columns)
            .unwrap()
            .numbers(&frame())
            .unwrap_err();
        assert!(
            err.reason.contains("WHEN needs a condition"),
            "{}",
            err.reason
        );
        let err = parse_with_columns("fn", "amount > plan", &columns)
            .unwrap()
            .numbers(&frame())
            .unwrap_err();
        assert!(err.reason.contains("compares the text"), "{}", err.reason);
    }

    #[test]
    fn what_payoffs_do_not_need_is_refused_by_name() {
        for (text, named) in [
            ("nope(amount)", "the function nope"),
            ("t.amount", "qualified name"),
            ("DATE '2020-01-01'", "do not support"),
            ("amount ^ 2", "do not support"),
            ("abs(amount, 2)", "abs takes 1"),
            ("1 2", "unexpected"),
        ] {
            let reason = parse_sql(text).unwrap_err();
            assert!(reason.contains(named), "{text}: {reason}");
        }
        assert!(parse_sql("(((amount)))").is_ok());
    }

    #[test]
    fn a_row_without_a_value_is_explained_by_the_expression() {
        let columns = vec!["plan".to_string()];
        let case =
            parse_with_columns("fn", "CASE WHEN plan = 'pro' THEN -5 END", &columns).unwrap();
        assert_eq!(
            case.numbers(&frame()).unwrap(),
            vec![Some(-5.0), None, None]
        );
        assert!(case.why_no_value().contains("CASE without ELSE"));
        let plain = parse_with_columns("fn", "length(plan)", &columns).unwrap();
        assert_eq!(plain.why_no_value(), "a missing cell?");
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
