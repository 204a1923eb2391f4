//! What the command line gets wrong, said in one line: the parsers of the flags whose values
//! clap cannot check alone, and clap's own errors reworded to name the value, the flag and the
//! subcommand's help.

use super::Cli;
use crate::base::text::shortened;

pub(super) fn parse_budget(text: &str) -> Result<std::time::Duration, String> {
    let budget = humantime::parse_duration(text)
        .map_err(|err| format!("{err} (write e.g. 90s, 10m or 2h)"))?;
    if budget.is_zero() {
        return Err(
            "a budget of 0 leaves no time for any model (write e.g. 90s, 10m or 2h)".into(),
        );
    }
    if budget.as_secs() > crate::base::CENTURY_SECONDS {
        return Err("longer than 100 years: leave --budget out for no time limit".into());
    }
    Ok(budget)
}

/// A seed or a count given as a flag. The standard parser's "invalid digit found in string" did
/// not say that `-3` was refused for its sign, nor `2.5` for its fraction.
pub(super) fn whole_number(text: &str) -> Result<u64, String> {
    if let Ok(number) = text.trim().parse::<u64>() {
        return Ok(number);
    }
    Err(match text.trim().parse::<f64>() {
        Ok(value) if value < 0.0 => "it cannot be negative".to_string(),
        Ok(value) if value.fract() == 0.0 && value > 0.0 => format!("more than {}", u64::MAX),
        _ => "give a whole number, such as 7".to_string(),
    })
}

pub(super) fn whole_count(text: &str) -> Result<usize, String> {
    whole_number(text)
        .and_then(|n| usize::try_from(n).map_err(|_| format!("more than {}", usize::MAX)))
}

/// Help and version go to stdout as clap writes them; every other usage error is one line on
/// stderr with exit code 2, like any other bad input.
pub(super) fn usage_error(err: &clap::Error, argv: &[String]) -> i32 {
    use clap::error::ErrorKind;
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = err.print();
        return if err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
            2
        } else {
            0
        };
    }
    use clap::CommandFactory;
    let cli = Cli::command();
    let subcommand = argv.get(1).and_then(|name| cli.find_subcommand(name));
    let rendered = err.render().to_string();
    let line = match subcommand.and_then(|command| negative_value(err, argv, command)) {
        Some(message) => message,
        None => usage_error_line(&rendered, subcommand.map(|c| c.get_name())),
    };
    warn!("worthit: error: {line}");
    2
}

/// `--budget -5m` as what it is, a negative value, rather than clap's "unexpected argument '-5'
/// found": a value that starts with a minus sign reads as flags unless the flag allows negative
/// numbers, and a duration never does. Taking any value that starts with a hyphen instead would
/// swallow the next flag of `--budget --out x`.
fn negative_value(err: &clap::Error, argv: &[String], command: &clap::Command) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if err.kind() != ErrorKind::UnknownArgument {
        return None;
    }
    let Some(ContextValue::String(unknown)) = err.get(ContextKind::InvalidArg) else {
        return None;
    };
    let at = argv.iter().skip(2).position(|arg| {
        arg.starts_with(unknown.as_str())
            && arg[1..].starts_with(|c: char| c.is_ascii_digit() || c == '.')
    })? + 2;
    let flag = argv[at - 1].strip_prefix("--")?;
    let arg = command
        .get_arguments()
        .find(|arg| arg.get_long() == Some(flag))?;
    // A flag that takes negative numbers refuses only what is not a number, such as `-5x`.
    let why = if arg.is_allow_negative_numbers_set() {
        "give a number"
    } else {
        "it cannot be negative"
    };
    arg.get_action().takes_values().then(|| {
        format!(
            "invalid value '{}' for '--{flag}': {why} (see `worthit {} --help`)",
            shortened(&argv[at]),
            command.get_name()
        )
    })
}

/// clap's error as one line: its first line, with the list under it when it ends in a colon
/// ("the following required arguments were not provided: --config <FILE>, --metric <COL>";
/// the names were lost when only the first line was kept), and the help of the subcommand it
/// came from.
fn usage_error_line(rendered: &str, subcommand: Option<&str>) -> String {
    let mut lines = rendered.lines().map(str::trim).skip_while(|l| l.is_empty());
    let first = lines.next().unwrap_or("invalid arguments");
    let mut message = first.strip_prefix("error: ").unwrap_or(first).to_string();
    if message.ends_with(':') {
        let listed: Vec<&str> = lines.by_ref().take_while(|l| !l.is_empty()).collect();
        message = format!("{message} {}", listed.join(", "));
    }
    // "Usage: worthit analyze [OPTIONS] ..." names the subcommand whose help to read; an
    // invalid value's error has no usage line, so the subcommand comes from the arguments.
    let command = subcommand
        .map(|name| format!("worthit {name}"))
        .or_else(|| {
            rendered
                .lines()
                .find_map(|l| l.trim().strip_prefix("Usage: "))
                .map(|usage| {
                    usage
                        .split_whitespace()
                        .take_while(|word| !word.starts_with(['[', '<', '-']))
                        .take(2)
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .filter(|command| command.starts_with("worthit"))
        })
        .unwrap_or_else(|| "worthit".to_string());
    format!("{message} (see `{command} --help`)")
}

#[cfg(test)]
mod tests {
    use super::whole_number;

    #[test]
    fn a_count_that_is_not_one_says_why() {
        assert_eq!(whole_number("7"), Ok(7));
        assert_eq!(whole_number("-3").unwrap_err(), "it cannot be negative");
        assert_eq!(
            whole_number("1e30").unwrap_err(),
            format!("more than {}", u64::MAX)
        );
        for text in ["2.5", "abc", "NaN", "inf", "-0", "0.0"] {
            assert_eq!(
                whole_number(text).unwrap_err(),
                "give a whole number, such as 7",
                "{text}"
            );
        }
    }
}
