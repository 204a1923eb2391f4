//! `worthit completions SHELL` and `worthit man`: shell completion scripts and the manual page,
//! generated from the clap definitions so they never drift from the flags. Both print to stdout.

use std::io::Write;

use clap::CommandFactory;

use super::Cli;
use crate::base::error::{Error, Result};

/// The completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) -> Vec<u8> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "worthit", &mut script);
    script
}

/// The manual page, roff: the top-level page (name, synopsis, description, commands) followed by
/// one section per subcommand with its synopsis, description, options and examples, so that
/// `man worthit` alone documents every flag.
pub fn man_page() -> Result<Vec<u8>> {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let top = clap_mangen::Man::new(command.clone()).title("WORTHIT");
    let mut page = Vec::new();
    let io = |err: std::io::Error| Error::internal(format!("could not render the man page: {err}"));
    top.render_title(&mut page).map_err(io)?;
    top.render_name_section(&mut page).map_err(io)?;
    top.render_synopsis_section(&mut page).map_err(io)?;
    top.render_description_section(&mut page).map_err(io)?;
    top.render_options_section(&mut page).map_err(io)?;
    writeln!(page, ".SH COMMANDS").map_err(io)?;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        writeln!(page, ".TP\n\\fBworthit {}\\fR", sub.get_name()).map_err(io)?;
        if let Some(about) = sub.get_about() {
            writeln!(page, "{}", roff_text(&about.to_string())).map_err(io)?;
        }
    }
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let man = clap_mangen::Man::new(sub.clone());
        let mut part = Vec::new();
        man.render_synopsis_section(&mut part).map_err(io)?;
        man.render_description_section(&mut part).map_err(io)?;
        if sub.get_arguments().any(|a| !a.is_hide_set()) {
            man.render_options_section(&mut part).map_err(io)?;
        }
        if sub.get_after_help().is_some() {
            man.render_extra_section(&mut part).map_err(io)?;
        }
        // The subcommand's own sections become subsections of one section per subcommand.
        writeln!(page, ".SH \"WORTHIT {}\"", sub.get_name().to_uppercase()).map_err(io)?;
        for line in String::from_utf8_lossy(&part).lines() {
            let line = match line.strip_prefix(".SH ") {
                // Examples are command lines: no filling, no hyphenation.
                Some("EXTRA") => ".SS EXAMPLES AND NOTES\n.nf".to_string(),
                Some(heading) => format!(".SS {heading}"),
                None => line.to_string(),
            };
            writeln!(page, "{line}").map_err(io)?;
        }
        if sub.get_after_help().is_some() {
            writeln!(page, ".fi").map_err(io)?;
        }
    }
    writeln!(
        page,
        ".SH \"EXIT STATUS\"\n0 done (compare: pass), 1 compare: fail or an internal error, \
         2 bad usage or input (one line on stderr), 3 compare: inconclusive."
    )
    .map_err(io)?;
    top.render_version_section(&mut page).map_err(io)?;
    Ok(page)
}

/// Plain text as roff body text: backslashes doubled, and a line starting with `.` or `'`
/// (a roff request) guarded with `\&`.
fn roff_text(text: &str) -> String {
    text.lines()
        .map(|line| {
            let line = line.replace('\\', "\\e");
            if line.starts_with('.') || line.starts_with('\'') {
                format!("\\&{line}")
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
