//! Evaluating a payoff expression on one row. SQL's rules, kept small: NULL propagates through
//! arithmetic and comparisons, AND and OR use three-valued logic, true and false count as 1 and 0
//! in arithmetic, and text compares with a number only when it reads as one.

use std::borrow::Cow;
use std::cmp::Ordering;

use polars_core::prelude::{DataFrame, DataType};

use super::node::{Binary, CastTo, Function, IsTest, Node};

/// One value during evaluation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value<'a> {
    Null,
    Number(f64),
    Flag(bool),
    Text(Cow<'a, str>),
}

/// The cells of one column, as the expression reads them.
enum Cells {
    Numbers(Vec<Option<f64>>),
    Flags(Vec<Option<bool>>),
    Texts(Vec<Option<String>>),
}

/// The columns an expression names, read once from the frame.
pub(crate) struct Columns {
    names: Vec<String>,
    cells: Vec<Cells>,
}

impl Columns {
    /// Reads `names` from `frame`: numeric columns as numbers, booleans as true/false, the rest as
    /// text.
    pub(crate) fn read(frame: &DataFrame, names: &[&str]) -> Result<Columns, String> {
        let mut cells = Vec::with_capacity(names.len());
        for &name in names {
            let column = frame
                .column(name)
                .map_err(|_| format!("names column `{name}`, which is not in the data"))?;
            let unreadable =
                |err: polars_core::error::PolarsError| format!("cannot read `{name}`: {err}");
            let read = match column.dtype() {
                DataType::Boolean => {
                    Cells::Flags(column.bool().map_err(unreadable)?.iter().collect())
                }
                DataType::String => Cells::Texts(
                    column
                        .str()
                        .map_err(unreadable)?
                        .iter()
                        .map(|cell| cell.map(str::to_string))
                        .collect(),
                ),
                dtype if dtype.is_primitive_numeric() => {
                    let numbers = column.cast(&DataType::Float64).map_err(unreadable)?;
                    Cells::Numbers(numbers.f64().map_err(unreadable)?.iter().collect())
                }
                _ => {
                    let texts = column.cast(&DataType::String).map_err(unreadable)?;
                    Cells::Texts(
                        texts
                            .str()
                            .map_err(unreadable)?
                            .iter()
                            .map(|cell| cell.map(str::to_string))
                            .collect(),
                    )
                }
            };
            cells.push(read);
        }
        Ok(Columns {
            names: names.iter().map(|n| n.to_string()).collect(),
            cells,
        })
    }

    fn cell(&self, name: &str, row: usize) -> Result<Value<'_>, String> {
        let index = self
            .names
            .iter()
            .position(|n| n == name)
            .ok_or_else(|| format!("names column `{name}`, which is not in the data"))?;
        Ok(match &self.cells[index] {
            Cells::Numbers(v) => v[row].map_or(Value::Null, Value::Number),
            Cells::Flags(v) => v[row].map_or(Value::Null, Value::Flag),
            Cells::Texts(v) => v[row]
                .as_deref()
                .map_or(Value::Null, |t| Value::Text(Cow::Borrowed(t))),
        })
    }
}

/// `node`'s value on `row` of `columns`, or why it has none (an operation on the wrong kind of
/// value).
pub(crate) fn evaluate<'a>(
    node: &'a Node,
    columns: &'a Columns,
    row: usize,
) -> Result<Value<'a>, String> {
    let eval = |n: &'a Node| evaluate(n, columns, row);
    Ok(match node {
        Node::Number(n) => Value::Number(*n),
        Node::Text(t) => Value::Text(Cow::Borrowed(t)),
        Node::Flag(b) => Value::Flag(*b),
        Node::Null => Value::Null,
        Node::Column(name) => columns.cell(name, row)?,
        Node::Negate(a) => number(eval(a)?, "-")?.map_or(Value::Null, |x| Value::Number(-x)),
        Node::Not(a) => flag(eval(a)?, "NOT")?.map_or(Value::Null, |b| Value::Flag(!b)),
        Node::Binary(Binary::And, a, b) => {
            let left = flag(eval(a)?, "AND")?;
            if left == Some(false) {
                return Ok(Value::Flag(false));
            }
            match (left, flag(eval(b)?, "AND")?) {
                (_, Some(false)) => Value::Flag(false),
                (Some(true), Some(true)) => Value::Flag(true),
                _ => Value::Null,
            }
        }
        Node::Binary(Binary::Or, a, b) => {
            let left = flag(eval(a)?, "OR")?;
            if left == Some(true) {
                return Ok(Value::Flag(true));
            }
            match (left, flag(eval(b)?, "OR")?) {
                (_, Some(true)) => Value::Flag(true),
                (Some(false), Some(false)) => Value::Flag(false),
                _ => Value::Null,
            }
        }
        Node::Binary(Binary::Concat, a, b) => match (eval(a)?, eval(b)?) {
            (Value::Null, _) | (_, Value::Null) => Value::Null,
            (x, y) => Value::Text(Cow::Owned(format!("{}{}", text_of(&x), text_of(&y)))),
        },
        Node::Binary(op, a, b) => binary(*op, eval(a)?, eval(b)?)?,
        Node::Case {
            operand,
            branches,
            otherwise,
        } => {
            let subject = operand.as_deref().map(eval).transpose()?;
            for (when, then) in branches {
                let chosen = match &subject {
                    Some(subject) => compare(subject, &eval(when)?)? == Some(Ordering::Equal),
                    None => flag(eval(when)?, "WHEN")? == Some(true),
                };
                if chosen {
                    return eval(then);
                }
            }
            match otherwise {
                Some(otherwise) => eval(otherwise)?,
                None => Value::Null,
            }
        }
        Node::In {
            value,
            list,
            negated,
        } => {
            let subject = eval(value)?;
            if subject == Value::Null {
                return Ok(Value::Null);
            }
            let mut unknown = false;
            for item in list {
                match compare(&subject, &eval(item)?)? {
                    Some(Ordering::Equal) => return Ok(Value::Flag(!negated)),
                    None => unknown = true,
                    Some(_) => {}
                }
            }
            if unknown {
                Value::Null
            } else {
                Value::Flag(*negated)
            }
        }
        Node::Between {
            value,
            low,
            high,
            negated,
        } => {
            let subject = eval(value)?;
            let above = compare(&subject, &eval(low)?)?.map(|o| o != Ordering::Less);
            let below = compare(&subject, &eval(high)?)?.map(|o| o != Ordering::Greater);
            match (above, below) {
                (Some(false), _) | (_, Some(false)) => Value::Flag(*negated),
                (Some(true), Some(true)) => Value::Flag(!negated),
                _ => Value::Null,
            }
        }
        Node::Is {
            value,
            test,
            negated,
        } => {
            let v = eval(value)?;
            let holds = match test {
                IsTest::Null => v == Value::Null,
                IsTest::True => v == Value::Flag(true),
                IsTest::False => v == Value::Flag(false),
            };
            Value::Flag(holds != *negated)
        }
        Node::Like {
            value,
            pattern,
            negated,
            ignore_case,
        } => match (eval(value)?, eval(pattern)?) {
            (Value::Null, _) | (_, Value::Null) => Value::Null,
            (Value::Text(text), Value::Text(pattern)) => {
                let matched = if *ignore_case {
                    like(&text.to_lowercase(), &pattern.to_lowercase())
                } else {
                    like(&text, &pattern)
                };
                Value::Flag(matched != *negated)
            }
            (other, _) => return Err(format!("LIKE compares text, not {}", kind_of(&other))),
        },
        Node::Cast { value, to, lenient } => match cast(eval(value)?, *to) {
            Ok(v) => v,
            Err(_) if *lenient => Value::Null,
            Err(reason) => return Err(reason),
        },
        Node::Call(function, args) => call(*function, args, columns, row)?,
    })
}

fn binary<'a>(op: Binary, a: Value<'a>, b: Value<'a>) -> Result<Value<'a>, String> {
    let ordered = |want: fn(Ordering) -> bool| -> Result<Value<'a>, String> {
        Ok(compare(&a, &b)?.map_or(Value::Null, |o| Value::Flag(want(o))))
    };
    match op {
        Binary::Less => ordered(|o| o == Ordering::Less),
        Binary::LessOrEqual => ordered(|o| o != Ordering::Greater),
        Binary::Greater => ordered(|o| o == Ordering::Greater),
        Binary::GreaterOrEqual => ordered(|o| o != Ordering::Less),
        Binary::Equal => ordered(|o| o == Ordering::Equal),
        Binary::NotEqual => ordered(|o| o != Ordering::Equal),
        _ => {
            let symbol = op.symbol();
            let (Some(x), Some(y)) = (number(a, symbol)?, number(b, symbol)?) else {
                return Ok(Value::Null);
            };
            Ok(Value::Number(match op {
                Binary::Add => x + y,
                Binary::Subtract => x - y,
                Binary::Multiply => x * y,
                Binary::Divide => x / y,
                _ => x % y,
            }))
        }
    }
}

fn call<'a>(
    function: Function,
    args: &'a [Node],
    columns: &'a Columns,
    row: usize,
) -> Result<Value<'a>, String> {
    let eval = |n: &'a Node| evaluate(n, columns, row);
    let name = function.name();
    let numeric = |f: fn(f64) -> f64| -> Result<Value<'a>, String> {
        Ok(number(eval(&args[0])?, name)?.map_or(Value::Null, |x| Value::Number(f(x))))
    };
    let pair = |f: fn(f64, f64) -> f64| -> Result<Value<'a>, String> {
        Ok(
            match (
                number(eval(&args[0])?, name)?,
                number(eval(&args[1])?, name)?,
            ) {
                (Some(x), Some(y)) => Value::Number(f(x, y)),
                _ => Value::Null,
            },
        )
    };
    match function {
        Function::Abs => numeric(f64::abs),
        Function::Floor => numeric(f64::floor),
        Function::Ceil => numeric(f64::ceil),
        Function::Sqrt => numeric(f64::sqrt),
        Function::Exp => numeric(f64::exp),
        Function::Ln => numeric(f64::ln),
        Function::Log10 => numeric(f64::log10),
        Function::Log2 => numeric(f64::log2),
        Function::Sign => numeric(|x| if x == 0.0 { 0.0 } else { x.signum() }),
        Function::Power => pair(f64::powf),
        Function::Mod => pair(|x, y| x % y),
        Function::Round => {
            let digits = match args.get(1) {
                Some(d) => number(eval(d)?, name)?,
                None => Some(0.0),
            };
            Ok(match (number(eval(&args[0])?, name)?, digits) {
                (Some(x), Some(d)) => {
                    let scale = 10f64.powi(d.trunc().clamp(-300.0, 300.0) as i32);
                    Value::Number((x * scale).round() / scale)
                }
                _ => Value::Null,
            })
        }
        Function::Greatest | Function::Least => {
            // NULLs are skipped, as in PostgreSQL: the result is NULL only when all are.
            let mut best: Option<Value<'a>> = None;
            for arg in args {
                let v = eval(arg)?;
                if v == Value::Null {
                    continue;
                }
                best = Some(match best {
                    None => v,
                    Some(b) => {
                        let order = compare(&v, &b)?.unwrap_or(Ordering::Equal);
                        let replace = if function == Function::Greatest {
                            order == Ordering::Greater
                        } else {
                            order == Ordering::Less
                        };
                        if replace {
                            v
                        } else {
                            b
                        }
                    }
                });
            }
            Ok(best.unwrap_or(Value::Null))
        }
        Function::Coalesce => {
            for arg in args {
                let v = eval(arg)?;
                if v != Value::Null {
                    return Ok(v);
                }
            }
            Ok(Value::Null)
        }
        Function::NullIf => {
            let (a, b) = (eval(&args[0])?, eval(&args[1])?);
            Ok(if compare(&a, &b)? == Some(Ordering::Equal) {
                Value::Null
            } else {
                a
            })
        }
        Function::Lower | Function::Upper | Function::Length => match eval(&args[0])? {
            Value::Null => Ok(Value::Null),
            Value::Text(t) => Ok(match function {
                Function::Lower => Value::Text(Cow::Owned(t.to_lowercase())),
                Function::Upper => Value::Text(Cow::Owned(t.to_uppercase())),
                _ => Value::Number(t.chars().count() as f64),
            }),
            other => Err(format!("{name} needs text, not {}", kind_of(&other))),
        },
    }
}

/// `value` as a number for `what` (an operator or function): true and false are 1 and 0, NULL
/// is `None`, text is refused.
fn number(value: Value<'_>, what: &str) -> Result<Option<f64>, String> {
    match value {
        Value::Null => Ok(None),
        Value::Number(x) => Ok(Some(x)),
        Value::Flag(b) => Ok(Some(f64::from(u8::from(b)))),
        Value::Text(t) => Err(format!(
            "`{what}` needs numbers, not the text {}",
            quoted(&t)
        )),
    }
}

fn flag(value: Value<'_>, what: &str) -> Result<Option<bool>, String> {
    match value {
        Value::Null => Ok(None),
        Value::Flag(b) => Ok(Some(b)),
        other => Err(format!(
            "{what} needs a condition (true or false), not {}",
            kind_of(&other)
        )),
    }
}

/// How `a` and `b` order, `None` when either is NULL. Numbers and true/false compare as numbers,
/// text with text; text with a number only when the text reads as a number.
fn compare(a: &Value<'_>, b: &Value<'_>) -> Result<Option<Ordering>, String> {
    let as_number = |v: &Value<'_>| match v {
        Value::Number(x) => Some(*x),
        Value::Flag(b) => Some(f64::from(u8::from(*b))),
        Value::Text(t) => t.trim().parse::<f64>().ok(),
        Value::Null => None,
    };
    Ok(match (a, b) {
        (Value::Null, _) | (_, Value::Null) => None,
        (Value::Text(x), Value::Text(y)) => Some(x.cmp(y)),
        (Value::Text(t), _) | (_, Value::Text(t)) => match (as_number(a), as_number(b)) {
            (Some(x), Some(y)) => x.partial_cmp(&y),
            _ => return Err(format!("compares the text {} with a number", quoted(t))),
        },
        _ => match (as_number(a), as_number(b)) {
            (Some(x), Some(y)) => x.partial_cmp(&y),
            _ => None,
        },
    })
}

fn cast(value: Value<'_>, to: CastTo) -> Result<Value<'_>, String> {
    let to_number = |v: &Value<'_>| -> Result<f64, String> {
        match v {
            Value::Number(x) => Ok(*x),
            Value::Flag(b) => Ok(f64::from(u8::from(*b))),
            Value::Text(t) => t
                .trim()
                .parse::<f64>()
                .map_err(|_| format!("cannot CAST the text {} to a number", quoted(t))),
            Value::Null => Ok(f64::NAN),
        }
    };
    if value == Value::Null {
        return Ok(Value::Null);
    }
    Ok(match to {
        CastTo::Number => Value::Number(to_number(&value)?),
        CastTo::Integer => Value::Number(to_number(&value)?.trunc()),
        CastTo::Text => Value::Text(Cow::Owned(text_of(&value).into_owned())),
        CastTo::Flag => Value::Flag(match &value {
            Value::Flag(b) => *b,
            Value::Number(x) => *x != 0.0,
            Value::Text(t) => match t.trim().to_ascii_lowercase().as_str() {
                "true" | "t" | "yes" | "1" => true,
                "false" | "f" | "no" | "0" => false,
                _ => return Err(format!("cannot CAST the text {} to BOOLEAN", quoted(t))),
            },
            Value::Null => return Ok(Value::Null),
        }),
    })
}

fn text_of<'v>(value: &'v Value<'_>) -> Cow<'v, str> {
    match value {
        Value::Null => Cow::Borrowed(""),
        Value::Number(x) if x.fract() == 0.0 && x.abs() < 1e15 => {
            Cow::Owned(format!("{}", *x as i64))
        }
        Value::Number(x) => Cow::Owned(x.to_string()),
        Value::Flag(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
        Value::Text(t) => Cow::Borrowed(t),
    }
}

/// What kind of value `value` is, for errors.
pub(crate) fn kind_of(value: &Value<'_>) -> String {
    match value {
        Value::Null => "NULL".to_string(),
        Value::Number(x) => format!("the number {x}"),
        Value::Flag(b) => format!("{b}"),
        Value::Text(t) => format!("the text {}", quoted(t)),
    }
}

/// Text from the data as an error shows it: quoted and cut short.
pub(crate) fn quoted(text: &str) -> String {
    format!("'{}'", crate::base::text::shortened_to(text, 40))
}

/// SQL LIKE: `%` matches any run of characters, `_` any one character.
fn like(text: &str, pattern: &str) -> bool {
    let text: Vec<char> = text.chars().collect();
    let pattern: Vec<char> = pattern.chars().collect();
    // Greedy matching with one backtrack point (the last `%`): linear in practice, never
    // exponential.
    let (mut t, mut p) = (0, 0);
    let mut resume: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == '_' || (pattern[p] != '%' && pattern[p] == text[t]))
        {
            t += 1;
            p += 1;
        } else if p < pattern.len() && pattern[p] == '%' {
            resume = Some((p, t));
            p += 1;
        } else if let Some((star, matched)) = resume {
            p = star + 1;
            t = matched + 1;
            resume = Some((star, matched + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&c| c == '%')
}

#[cfg(test)]
mod tests {
    use super::like;

    #[test]
    fn like_matches_percent_and_underscore() {
        for (text, pattern, expected) in [
            ("premium", "pre%", true),
            ("premium", "%ium", true),
            ("premium", "p_emium", true),
            ("premium", "%em%", true),
            ("premium", "pro%", false),
            ("", "%", true),
            ("", "_", false),
            ("abc", "abc", true),
            ("abc", "ab", false),
            ("aXbXc", "%b%c", true),
            ("mississippi", "%iss%ppi", true),
        ] {
            assert_eq!(like(text, pattern), expected, "{text} LIKE {pattern}");
        }
    }
}
