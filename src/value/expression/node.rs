//! The expression tree worthit evaluates, built from the tree sqlparser parses. It holds only
//! what a per-row payoff can use; everything else is refused here, once, with the reason: what
//! combines rows (aggregates, windows, subqueries) and what payoffs do not need (dates,
//! arrays, JSON and the rest of SQL).

use sqlparser::ast::{
    self, BinaryOperator, CastKind, CeilFloorKind, DateTimeField, Expr as Sql, FunctionArg,
    FunctionArgExpr, FunctionArguments, UnaryOperator, Value as Literal,
};

use super::MAX_EXPRESSION_DEPTH;

/// One node of a payoff expression.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Number(f64),
    Text(String),
    Flag(bool),
    Null,
    /// A column of the data, by name (as written until [`Node::resolve_columns`]).
    Column(String),
    Negate(Box<Node>),
    Not(Box<Node>),
    Binary(Binary, Box<Node>, Box<Node>),
    /// `CASE [operand] WHEN .. THEN .. [ELSE ..] END`; with an operand, each `WHEN` value is
    /// compared with it.
    Case {
        operand: Option<Box<Node>>,
        branches: Vec<(Node, Node)>,
        otherwise: Option<Box<Node>>,
    },
    Call(Function, Vec<Node>),
    In {
        value: Box<Node>,
        list: Vec<Node>,
        negated: bool,
    },
    Between {
        value: Box<Node>,
        low: Box<Node>,
        high: Box<Node>,
        negated: bool,
    },
    /// `IS [NOT] NULL`, `IS [NOT] TRUE`, `IS [NOT] FALSE`.
    Is {
        value: Box<Node>,
        test: IsTest,
        negated: bool,
    },
    Like {
        value: Box<Node>,
        pattern: Box<Node>,
        negated: bool,
        ignore_case: bool,
    },
    /// `CAST(value AS type)`; `lenient` (TRY_CAST) gives NULL where the strict cast fails.
    Cast {
        value: Box<Node>,
        to: CastTo,
        lenient: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Binary {
    Add,
    Subtract,
    Multiply,
    Divide,
    Remainder,
    Concat,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
    NotEqual,
    And,
    Or,
}

impl Binary {
    /// The operator as written, for errors.
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            Binary::Add => "+",
            Binary::Subtract => "-",
            Binary::Multiply => "*",
            Binary::Divide => "/",
            Binary::Remainder => "%",
            Binary::Concat => "||",
            Binary::Less => "<",
            Binary::LessOrEqual => "<=",
            Binary::Greater => ">",
            Binary::GreaterOrEqual => ">=",
            Binary::Equal => "=",
            Binary::NotEqual => "<>",
            Binary::And => "AND",
            Binary::Or => "OR",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IsTest {
    Null,
    True,
    False,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CastTo {
    /// Integers: the number truncated toward zero.
    Integer,
    Number,
    Text,
    Flag,
}

/// The scalar functions a payoff may call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Function {
    Abs,
    Greatest,
    Least,
    Coalesce,
    NullIf,
    Round,
    Floor,
    Ceil,
    Sqrt,
    Exp,
    Ln,
    Log10,
    Log2,
    Power,
    Sign,
    Mod,
    Lower,
    Upper,
    Length,
}

impl Function {
    /// The function's name as written in SQL, for errors.
    pub(crate) fn name(self) -> &'static str {
        FUNCTIONS
            .iter()
            .find(|(_, f, ..)| *f == self)
            .map_or("function", |(name, ..)| name)
    }
}

/// Each function's names and the number of arguments it takes (at least, at most).
const FUNCTIONS: &[(&str, Function, usize, usize)] = &[
    ("abs", Function::Abs, 1, 1),
    ("greatest", Function::Greatest, 1, usize::MAX),
    ("least", Function::Least, 1, usize::MAX),
    ("coalesce", Function::Coalesce, 1, usize::MAX),
    ("nullif", Function::NullIf, 2, 2),
    ("round", Function::Round, 1, 2),
    ("floor", Function::Floor, 1, 1),
    ("ceil", Function::Ceil, 1, 1),
    ("ceiling", Function::Ceil, 1, 1),
    ("sqrt", Function::Sqrt, 1, 1),
    ("exp", Function::Exp, 1, 1),
    ("ln", Function::Ln, 1, 1),
    ("log10", Function::Log10, 1, 1),
    ("log2", Function::Log2, 1, 1),
    ("power", Function::Power, 2, 2),
    ("pow", Function::Power, 2, 2),
    ("sign", Function::Sign, 1, 1),
    ("mod", Function::Mod, 2, 2),
    ("lower", Function::Lower, 1, 1),
    ("upper", Function::Upper, 1, 1),
    ("length", Function::Length, 1, 1),
];

/// What a payoff expression may use, for the error that refuses anything else.
pub(crate) const SUPPORTED: &str = "numbers, 'text', TRUE, FALSE, NULL, columns, + - * / % ||, comparisons, AND, OR, NOT, CASE, IN, BETWEEN, LIKE, ILIKE, IS [NOT] NULL, CAST and the functions abs, greatest, least, coalesce, nullif, round, floor, ceil, sqrt, exp, ln, log10, log2, power, sign, mod, lower, upper, length";

/// Functions that combine the rows of a column: refused with their own reason.
const AGGREGATES: &[&str] = &[
    "sum",
    "avg",
    "mean",
    "min",
    "max",
    "count",
    "median",
    "mode",
    "stddev",
    "stddev_samp",
    "stddev_pop",
    "stdev",
    "variance",
    "var",
    "var_samp",
    "var_pop",
    "first",
    "last",
    "first_value",
    "last_value",
    "any_value",
    "string_agg",
    "array_agg",
    "quantile_cont",
    "quantile_disc",
    "percentile_cont",
    "percentile_disc",
    "corr",
    "covar_pop",
    "covar_samp",
    "bool_and",
    "bool_or",
];

/// Functions that look at other rows: refused with their own reason.
const WINDOWS: &[&str] = &[
    "row_number",
    "rank",
    "dense_rank",
    "percent_rank",
    "cume_dist",
    "ntile",
    "lag",
    "lead",
    "nth_value",
    "cumsum",
    "cum_sum",
];

/// Why an expression is refused: it combines rows, or uses what payoffs do not support.
#[derive(Debug)]
pub(crate) enum Refusal {
    CombinesRows(&'static str),
    Unsupported(String),
    TooDeep,
}

impl Node {
    /// Builds the tree from sqlparser's, refusing what a per-row payoff cannot be. Recursive: run
    /// it on a thread with a deep stack (the parser's own tree can be 2,000 levels deep before
    /// the depth check stops it).
    pub(crate) fn from_sql(expr: &Sql) -> Result<Node, Refusal> {
        build(expr, 1)
    }

    /// The columns the expression names, each once, in the order they first appear.
    pub(crate) fn column_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        self.visit(&mut |node| {
            if let Node::Column(name) = node {
                if !names.contains(&name.as_str()) {
                    names.push(name);
                }
            }
        });
        names
    }

    /// Whether a `CASE` has no `ELSE`, so that a row no `WHEN` matches gives NULL.
    pub(crate) fn has_case_without_else(&self) -> bool {
        let mut found = false;
        self.visit(&mut |node| {
            found |= matches!(
                node,
                Node::Case {
                    otherwise: None,
                    ..
                }
            );
        });
        found
    }

    /// Renames each column with `rename` (the data's spelling of the name).
    pub(crate) fn resolve_columns(&mut self, rename: &dyn Fn(&str) -> Option<String>) {
        self.visit_mut(&mut |node| {
            if let Node::Column(name) = node {
                if let Some(found) = rename(name) {
                    *name = found;
                }
            }
        });
    }

    fn children(&self) -> Vec<&Node> {
        match self {
            Node::Number(_) | Node::Text(_) | Node::Flag(_) | Node::Null | Node::Column(_) => {
                Vec::new()
            }
            Node::Negate(a) | Node::Not(a) => vec![a],
            Node::Binary(_, a, b) => vec![a, b],
            Node::Case {
                operand,
                branches,
                otherwise,
            } => operand
                .iter()
                .map(|b| &**b)
                .chain(branches.iter().flat_map(|(w, t)| [w, t]))
                .chain(otherwise.iter().map(|b| &**b))
                .collect(),
            Node::Call(_, args) => args.iter().collect(),
            Node::In { value, list, .. } => std::iter::once(&**value).chain(list).collect(),
            Node::Between {
                value, low, high, ..
            } => vec![value, low, high],
            Node::Is { value, .. } | Node::Cast { value, .. } => vec![value],
            Node::Like { value, pattern, .. } => vec![value, pattern],
        }
    }

    fn visit<'a>(&'a self, f: &mut dyn FnMut(&'a Node)) {
        f(self);
        for child in self.children() {
            child.visit(f);
        }
    }

    fn children_mut(&mut self) -> Vec<&mut Node> {
        match self {
            Node::Number(_) | Node::Text(_) | Node::Flag(_) | Node::Null | Node::Column(_) => {
                Vec::new()
            }
            Node::Negate(a) | Node::Not(a) => vec![a],
            Node::Binary(_, a, b) => vec![a, b],
            Node::Case {
                operand,
                branches,
                otherwise,
            } => operand
                .iter_mut()
                .map(|b| &mut **b)
                .chain(branches.iter_mut().flat_map(|(w, t)| [w, t]))
                .chain(otherwise.iter_mut().map(|b| &mut **b))
                .collect(),
            Node::Call(_, args) => args.iter_mut().collect(),
            Node::In { value, list, .. } => std::iter::once(&mut **value).chain(list).collect(),
            Node::Between {
                value, low, high, ..
            } => vec![value, low, high],
            Node::Is { value, .. } | Node::Cast { value, .. } => vec![value],
            Node::Like { value, pattern, .. } => vec![value, pattern],
        }
    }

    fn visit_mut(&mut self, f: &mut dyn FnMut(&mut Node)) {
        f(self);
        for child in self.children_mut() {
            child.visit_mut(f);
        }
    }
}

fn unsupported(what: impl Into<String>) -> Refusal {
    Refusal::Unsupported(what.into())
}

/// `expr` at `level` of the tree (1 at the top).
fn build(sql: &Sql, level: usize) -> Result<Node, Refusal> {
    if level > MAX_EXPRESSION_DEPTH {
        return Err(Refusal::TooDeep);
    }
    let sub = |e: &Sql| build(e, level + 1).map(Box::new);
    let all = |list: &[Sql]| -> Result<Vec<Node>, Refusal> {
        list.iter().map(|e| build(e, level + 1)).collect()
    };
    Ok(match sql {
        // Parentheses are not a level: they add no work.
        Sql::Nested(inner) => build(inner, level)?,
        Sql::Identifier(ident) => Node::Column(ident.value.clone()),
        Sql::CompoundIdentifier(_) => {
            return Err(unsupported(
                "a qualified name (table.column); name the column alone, in double quotes if it has a dot",
            ))
        }
        Sql::Value(value) => literal(&value.value)?,
        Sql::UnaryOp { op, expr } => match op {
            UnaryOperator::Minus => Node::Negate(sub(expr)?),
            UnaryOperator::Plus => build(expr, level)?,
            UnaryOperator::Not => Node::Not(sub(expr)?),
            other => return Err(unsupported(format!("the operator {other}"))),
        },
        Sql::BinaryOp { left, op, right } => {
            let op = match op {
                BinaryOperator::Plus => Binary::Add,
                BinaryOperator::Minus => Binary::Subtract,
                BinaryOperator::Multiply => Binary::Multiply,
                BinaryOperator::Divide => Binary::Divide,
                BinaryOperator::Modulo => Binary::Remainder,
                BinaryOperator::StringConcat => Binary::Concat,
                BinaryOperator::Lt => Binary::Less,
                BinaryOperator::LtEq => Binary::LessOrEqual,
                BinaryOperator::Gt => Binary::Greater,
                BinaryOperator::GtEq => Binary::GreaterOrEqual,
                BinaryOperator::Eq => Binary::Equal,
                BinaryOperator::NotEq => Binary::NotEqual,
                BinaryOperator::And => Binary::And,
                BinaryOperator::Or => Binary::Or,
                other => return Err(unsupported(format!("the operator {other}"))),
            };
            Node::Binary(op, sub(left)?, sub(right)?)
        }
        Sql::Case {
            operand,
            conditions,
            else_result,
            ..
        } => Node::Case {
            operand: operand.as_deref().map(sub).transpose()?,
            branches: conditions
                .iter()
                .map(|when| {
                    Ok((
                        build(&when.condition, level + 1)?,
                        build(&when.result, level + 1)?,
                    ))
                })
                .collect::<Result<_, Refusal>>()?,
            otherwise: else_result.as_deref().map(sub).transpose()?,
        },
        Sql::InList {
            expr,
            list,
            negated,
        } => Node::In {
            value: sub(expr)?,
            list: all(list)?,
            negated: *negated,
        },
        Sql::Between {
            expr,
            negated,
            low,
            high,
        } => Node::Between {
            value: sub(expr)?,
            low: sub(low)?,
            high: sub(high)?,
            negated: *negated,
        },
        Sql::IsNull(e) | Sql::IsNotNull(e) => Node::Is {
            value: sub(e)?,
            test: IsTest::Null,
            negated: matches!(sql, Sql::IsNotNull(_)),
        },
        Sql::IsTrue(e) | Sql::IsNotTrue(e) => Node::Is {
            value: sub(e)?,
            test: IsTest::True,
            negated: matches!(sql, Sql::IsNotTrue(_)),
        },
        Sql::IsFalse(e) | Sql::IsNotFalse(e) => Node::Is {
            value: sub(e)?,
            test: IsTest::False,
            negated: matches!(sql, Sql::IsNotFalse(_)),
        },
        Sql::Like {
            negated,
            any,
            expr,
            pattern,
            escape_char,
        }
        | Sql::ILike {
            negated,
            any,
            expr,
            pattern,
            escape_char,
        } => {
            if *any || escape_char.is_some() {
                return Err(unsupported("LIKE ANY or LIKE with ESCAPE"));
            }
            Node::Like {
                value: sub(expr)?,
                pattern: sub(pattern)?,
                negated: *negated,
                ignore_case: matches!(sql, Sql::ILike { .. }),
            }
        }
        Sql::Cast {
            kind,
            expr,
            data_type,
            array,
            format,
        } => {
            if *array || format.is_some() {
                return Err(unsupported("CAST with ARRAY or FORMAT"));
            }
            let lenient = matches!(kind, CastKind::TryCast | CastKind::SafeCast);
            Node::Cast {
                value: sub(expr)?,
                to: cast_target(data_type)?,
                lenient,
            }
        }
        Sql::Ceil { expr, field } | Sql::Floor { expr, field } => {
            if !matches!(
                field,
                CeilFloorKind::DateTimeField(DateTimeField::NoDateTime)
            ) {
                return Err(unsupported("ceil or floor with a scale or a date part"));
            }
            let function = if matches!(sql, Sql::Ceil { .. }) {
                Function::Ceil
            } else {
                Function::Floor
            };
            Node::Call(function, vec![build(expr, level + 1)?])
        }
        Sql::Function(function) => call(function, level)?,
        Sql::Subquery(_) | Sql::Exists { .. } | Sql::InSubquery { .. } => {
            return Err(Refusal::CombinesRows("a subquery"))
        }
        other => return Err(unsupported(describe(other))),
    })
}

fn literal(value: &Literal) -> Result<Node, Refusal> {
    Ok(match value {
        Literal::Number(text, _) => match text.parse::<f64>() {
            Ok(number) if number.is_finite() => Node::Number(number),
            _ => {
                return Err(unsupported(format!(
                    "the number {text}, which is out of range"
                )))
            }
        },
        Literal::SingleQuotedString(text) => Node::Text(text.clone()),
        Literal::Boolean(flag) => Node::Flag(*flag),
        Literal::Null => Node::Null,
        other => return Err(unsupported(format!("the literal {other}"))),
    })
}

fn cast_target(data_type: &ast::DataType) -> Result<CastTo, Refusal> {
    let name = data_type.to_string().to_ascii_uppercase();
    let is = |prefixes: &[&str]| prefixes.iter().any(|p| name.starts_with(p));
    Ok(
        if is(&["INT", "BIGINT", "SMALLINT", "TINYINT", "UNSIGNED"]) {
            CastTo::Integer
        } else if is(&["FLOAT", "DOUBLE", "REAL", "DECIMAL", "NUMERIC", "DEC"]) {
            CastTo::Number
        } else if is(&["VARCHAR", "TEXT", "STRING", "CHAR"]) {
            CastTo::Text
        } else if is(&["BOOL"]) {
            CastTo::Flag
        } else {
            return Err(unsupported(format!("a cast to {data_type}")));
        },
    )
}

fn call(function: &ast::Function, level: usize) -> Result<Node, Refusal> {
    let name = function.name.to_string().to_ascii_lowercase();
    if function.over.is_some() {
        return Err(Refusal::CombinesRows("a window function (OVER)"));
    }
    if AGGREGATES.contains(&name.as_str()) {
        return Err(Refusal::CombinesRows(
            "an aggregate (sum, avg, min, max, count, ...)",
        ));
    }
    if WINDOWS.contains(&name.as_str()) {
        return Err(Refusal::CombinesRows("a function of other rows"));
    }
    let Some(&(_, known, fewest, most)) = FUNCTIONS.iter().find(|(n, ..)| *n == name) else {
        return Err(unsupported(format!("the function {name}")));
    };
    let args = match &function.args {
        FunctionArguments::List(list)
            if list.duplicate_treatment.is_none()
                && list.clauses.is_empty()
                && function.filter.is_none()
                && function.null_treatment.is_none()
                && function.within_group.is_empty()
                && matches!(function.parameters, FunctionArguments::None) =>
        {
            list.args
                .iter()
                .map(|arg| match arg {
                    FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => build(e, level + 1),
                    _ => Err(unsupported(format!(
                        "{name}({arg}); pass plain values to functions"
                    ))),
                })
                .collect::<Result<Vec<_>, _>>()?
        }
        _ => return Err(unsupported(format!("{function}"))),
    };
    if args.len() < fewest || args.len() > most {
        let wanted = match (fewest, most) {
            (a, b) if a == b => format!("{a}"),
            (a, usize::MAX) => format!("at least {a}"),
            (a, b) => format!("{a} or {b}"),
        };
        return Err(unsupported(format!(
            "{name} with {} arguments ({name} takes {wanted})",
            args.len()
        )));
    }
    Ok(Node::Call(known, args))
}

/// A short name for an SQL construct payoffs do not support.
fn describe(sql: &Sql) -> String {
    format!(
        "`{}`",
        crate::base::text::shortened_to(&sql.to_string(), 40)
    )
}
