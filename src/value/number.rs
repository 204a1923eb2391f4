//! A `[value]` number: a plain number, a range `[low, high]` for an uncertain one, or a
//! distribution `{ dist = "triangular", low = 1, mode = 2, high = 4 }` for an uncertain one the
//! bootstrap draws (see [`super::distribution`]).
//!
//! Hand-written (de)serialisation: serde's untagged enums only say "did not match any variant",
//! while these visitors say what was expected, and the config loader adds key and line.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

use super::config::{Scenario, MAX_MAGNITUDE};
use super::distribution::Distribution;

/// The least an amount given by a flag may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountFloor {
    /// Any amount down to -1e15 (a gain that may be a loss).
    None,
    /// 0 or more (a cost).
    Zero,
    /// More than 0 (a budget).
    Positive,
}

/// Checks an amount given on the command line (`--trial-cost`, `--budget-cost`, `--min-gain`,
/// ...) as `[value]` checks its numbers: finite, within ±[`MAX_MAGNITUDE`], and above `floor`.
/// The error names the flag and shows the value as written, not as 300 digits.
pub fn check_flag_amount(
    flag: &str,
    value: f64,
    floor: AmountFloor,
) -> crate::base::error::Result<f64> {
    let in_range = match floor {
        AmountFloor::None => value.abs() <= MAX_MAGNITUDE,
        AmountFloor::Zero => (0.0..=MAX_MAGNITUDE).contains(&value),
        AmountFloor::Positive => value > 0.0 && value <= MAX_MAGNITUDE,
    };
    if in_range {
        return Ok(value);
    }
    let wanted = match floor {
        AmountFloor::None => "a number from -1e15 to 1e15",
        AmountFloor::Zero => "a number from 0 to 1e15",
        AmountFloor::Positive => "a number above 0, up to 1e15",
    };
    let shown = if value.is_finite() {
        crate::base::format::number(value)
    } else {
        value.to_string()
    };
    Err(crate::base::error::Error::input(format!(
        "{flag} {shown}: give {wanted}"
    )))
}

/// A number, a range `[low, high]`, or a distribution, for an uncertain one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// A known number.
    Fixed(f64),
    /// An estimate between `low` and `high` (`low <= high`, checked when parsed): its ends are
    /// the scenarios' low and high, its midpoint the central value. Not drawn by the bootstrap.
    Range(f64, f64),
    /// An estimate with a distribution: its mean is the central value, its low and high ends
    /// (see [`Distribution::percentile_low`]) the scenarios', and the bootstrap draws it.
    Dist(Distribution),
}

impl Number {
    /// The number under `scenario`.
    pub fn at(self, scenario: Scenario) -> f64 {
        match self {
            Number::Fixed(value) => value,
            Number::Range(low, high) => match scenario {
                Scenario::Low => low,
                Scenario::Mid => 0.5 * (low + high),
                Scenario::High => high,
            },
            Number::Dist(distribution) => match scenario {
                Scenario::Low => distribution.percentile_low(),
                Scenario::Mid => distribution.mean(),
                Scenario::High => distribution.percentile_high(),
            },
        }
    }

    /// The low end the scenarios use.
    pub fn low(self) -> f64 {
        self.at(Scenario::Low)
    }

    /// The high end the scenarios use.
    pub fn high(self) -> f64 {
        self.at(Scenario::High)
    }

    /// The lowest value the number can take (a distribution's whole support, not its 5th
    /// percentile), for the checks that a volume or price is never negative.
    pub fn least(self) -> f64 {
        match self {
            Number::Dist(distribution) => distribution.support_low(),
            other => other.low(),
        }
    }

    /// The highest value the number can take.
    pub fn most(self) -> f64 {
        match self {
            Number::Dist(distribution) => distribution.support_high(),
            other => other.high(),
        }
    }

    /// Whether the number is 0 whatever it turns out to be: a payoff that prices nothing.
    pub fn is_zero(self) -> bool {
        self.least() == 0.0 && self.most() == 0.0
    }

    /// The distribution, if it is one.
    pub fn distribution(self) -> Option<Distribution> {
        match self {
            Number::Dist(distribution) => Some(distribution),
            _ => None,
        }
    }
}

/// The number as an error message shows it: `5`, `[1, 2]`, `normal(mean 5, sd 1)`.
pub(super) fn describe_number(number: Number) -> String {
    match number {
        Number::Fixed(value) => value.to_string(),
        Number::Range(low, high) => format!("[{low}, {high}]"),
        Number::Dist(distribution) => distribution.to_string(),
    }
}

pub(super) struct NumberVisitor;

impl<'de> Visitor<'de> for NumberVisitor {
    type Value = Number;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number, a range [low, high] or a distribution { dist = ..., ... }")
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> std::result::Result<Number, E> {
        self.visit_f64(value as f64)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> std::result::Result<Number, E> {
        self.visit_f64(value as f64)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> std::result::Result<Number, E> {
        if !value.is_finite() {
            return Err(E::custom(format!("{value} is not a finite number")));
        }
        if value.abs() > MAX_MAGNITUDE {
            return Err(E::custom(format!(
                "{value:e} is beyond ±1e15, larger than any business number, and would overflow the arithmetic"
            )));
        }
        Ok(Number::Fixed(value))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Number, A::Error> {
        let mut ends = Vec::with_capacity(2);
        while let Some(end) = seq.next_element::<FiniteNumber>()? {
            ends.push(end.0);
        }
        match ends[..] {
            [low, high] if low <= high => Ok(Number::Range(low, high)),
            [low, high] => Err(de::Error::custom(format!(
                "range [{low}, {high}] has its low end above its high end"
            ))),
            _ => Err(de::Error::custom(format!(
                "a range is [low, high], two numbers; found {}",
                match ends.len() {
                    0 => "none".to_string(),
                    1 => "one".to_string(),
                    n => format!("{n} numbers"),
                }
            ))),
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Number, A::Error> {
        let mut name: Option<String> = None;
        let mut params: Vec<(String, f64)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == "dist" {
                name = Some(map.next_value::<String>()?);
            } else {
                let value = map
                    .next_value::<TableEntry>()?
                    .number(&key, DISTRIBUTION_FORM)?;
                params.push((key, value));
            }
        }
        distribution_number(name, &params).map_err(de::Error::custom)
    }
}

/// The number a `{ dist = name, ... }` table gives, from its `dist` and its other entries.
pub(super) fn distribution_number(
    name: Option<String>,
    params: &[(String, f64)],
) -> std::result::Result<Number, String> {
    let name = name.ok_or_else(|| {
        format!(
            "a distribution needs `dist`, one of {}, e.g. {{ dist = \"triangular\", low = 1, mode = 2, high = 4 }}",
            super::distribution::NAMES.join(", ")
        )
    })?;
    Distribution::from_parts(&name, params).map(Number::Dist)
}

/// The form of a distribution's table, as errors show it.
const DISTRIBUTION_FORM: &str =
    "a distribution, { dist = \"triangular\", low = 1, mode = 2, high = 4 }";

/// A number, or text to refuse with a message fit for where it stands: an entry of a `{ ... }`
/// table other than its text keys (`dist`, `expr`), named by its key ([`TableEntry::number`]),
/// or an end of a range ([`FiniteNumber`]). `per_point = { metric = "roc_auc", value = 1000 }` read as
/// "\"roc_auc\" is text, but a range's ends ...", about ranges and SQL expressions the line has
/// none of.
pub(super) enum TableEntry {
    Number(f64),
    Text(String),
}

impl TableEntry {
    /// The entry's number; for text, an error naming `key` and what a table here is (`form`).
    pub(super) fn number<E: de::Error>(self, key: &str, form: &str) -> std::result::Result<f64, E> {
        match self {
            TableEntry::Number(value) => Ok(value),
            TableEntry::Text(text) => Err(E::custom(format!(
                "`{key} = {}` inside a table: a table here is {form}, whose other entries are numbers; if `{key}` is a key of its own, write it on a line of its own",
                super::expression::shown(&text)
            ))),
        }
    }
}

impl<'de> Deserialize<'de> for TableEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct EntryVisitor;
        impl<'de> Visitor<'de> for EntryVisitor {
            type Value = TableEntry;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> std::result::Result<TableEntry, E> {
                self.visit_f64(value as f64)
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> std::result::Result<TableEntry, E> {
                self.visit_f64(value as f64)
            }
            fn visit_f64<E: de::Error>(self, value: f64) -> std::result::Result<TableEntry, E> {
                NumberVisitor
                    .visit_f64(value)
                    .map(|n| TableEntry::Number(n.at(Scenario::Mid)))
            }
            fn visit_str<E: de::Error>(self, text: &str) -> std::result::Result<TableEntry, E> {
                Ok(TableEntry::Text(text.to_string()))
            }
        }
        deserializer.deserialize_any(EntryVisitor)
    }
}

/// One end of a range or a parameter of a distribution: a plain finite number.
pub(super) struct FiniteNumber(pub(super) f64);

impl<'de> Deserialize<'de> for FiniteNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        match TableEntry::deserialize(deserializer)? {
            TableEntry::Number(value) => Ok(FiniteNumber(value)),
            // `fp = ["-0.08 * amount", "-0.03 * amount"]`: a range of per-row payoffs, which
            // serde alone refused as "invalid type: string, expected a number".
            TableEntry::Text(text) => Err(de::Error::custom(format!(
                "{} is text, but a range's ends and a distribution's parameters are numbers; \
                 an SQL expression is a whole payoff (e.g. fp = \"-0.05 * amount\"), not an \
                 end of a range; for a per-row payoff known up to a factor, scale one \
                 expression: fp = {{ expr = \"-amount\", times = [0.03, 0.08] }}",
                super::expression::shown(&text)
            ))),
        }
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_any(NumberVisitor)
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        match *self {
            Number::Fixed(value) => serializer.serialize_f64(value),
            Number::Range(low, high) => [low, high].serialize(serializer),
            Number::Dist(distribution) => {
                let parameters = distribution.parameters();
                let mut map = serializer.serialize_map(Some(parameters.len() + 1))?;
                map.serialize_entry("dist", distribution.name())?;
                for (key, value) in parameters {
                    map.serialize_entry(key, &value)?;
                }
                map.end()
            }
        }
    }
}
