//! Text from data or config made safe for where it is written. Column names, class labels,
//! currencies and dataset names are the user's; a newline, a `|` or an escape character in one
//! must not add a heading to a pull-request comment, break an SVG or drive a terminal. Every
//! writer passes such text through the function for its medium, at the point of writing.

use std::borrow::Cow;

/// Whether `c` must not reach a writer raw: control characters, and the Unicode line and
/// paragraph separators that some viewers break lines at.
fn is_unsafe(c: char) -> bool {
    c.is_control() || c == '\u{2028}' || c == '\u{2029}'
}

/// One line for a terminal: tabs become spaces; line breaks and other control characters (ESC
/// above all) are shown escaped (`\n`, `\u{1b}`) instead of being interpreted. A line break
/// shown as a space would still let a name pass as worthit's own words; shown as `\n` it reads
/// as part of the name.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\t' => out.push(' '),
            c if is_unsafe(c) => out.extend(c.escape_default()),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Several lines for a terminal: each line made [`terminal_safe`], the line breaks kept.
pub fn terminal_lines(text: &str) -> String {
    text.split('\n')
        .map(|line| terminal_safe(line).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Most characters of a name (a column's, the target's) as prose and tables show it: a longer
/// one is cut by [`shortened`].
pub const NAME_SHOWN: usize = 80;

/// A name from the data as prose and tables show it: whole up to [`NAME_SHOWN`] characters,
/// else cut by [`shortened_to`]. A 5,000-character column name filled the terminal and the
/// reports (until 2026-12-06); the whole name stays in `results.json`, and in every command
/// worthit gives to copy.
pub fn shortened(name: &str) -> Cow<'_, str> {
    shortened_to(name, NAME_SHOWN)
}

/// `text` whole up to `most` characters, else its start and its last quarter around an
/// ellipsis, `most` characters in all: names alike in their start (`..._2019`, `..._2020`)
/// still read apart, and a long formula in an error shows how it begins and ends.
pub fn shortened_to(text: &str, most: usize) -> Cow<'_, str> {
    let count = text.chars().count();
    if count <= most {
        return Cow::Borrowed(text);
    }
    let tail = most / 4;
    let head: String = text.chars().take(most.saturating_sub(tail + 1)).collect();
    let end: String = text.chars().skip(count - tail).collect();
    Cow::Owned(format!("{head}…{end}"))
}

/// `text` as one word of a POSIX shell command, for a command the user copies: as it is when
/// every character is one no shell treats specially, else in single quotes (a quote inside
/// closed, escaped and reopened).
pub fn shell_word(text: &str) -> Cow<'_, str> {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_-./,:=@%+".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(format!("'{}'", text.replace('\'', "'\\''")))
}

/// Inline Markdown (a table cell, a sentence, a heading): one line, with everything that
/// Markdown or the HTML GitHub allows inside it would interpret shown literally.
pub fn markdown_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in terminal_safe(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '|' | '`' | '*' | '_' | '[' | ']' | '#' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Text inside a Markdown code span (between backticks) in running text: one line, no backtick
/// to close the span early. Nothing else is escaped: a span shows its backslashes literally.
pub fn markdown_code(text: &str) -> String {
    terminal_safe(text).replace('`', "'")
}

/// `text` as a whole code span that copies back exactly (a command the user pastes): fenced by
/// one backtick more than the longest run inside it, padded with a space where it begins or
/// ends with a backtick, so a backtick in it stays itself instead of becoming `'`.
pub fn markdown_code_span(text: &str) -> String {
    let text = terminal_safe(text);
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// The same inside a table cell, with `|` escaped: GitHub splits a table's cells before it
/// reads the spans in them, so only `\|` keeps a pipe in its cell (out of a table it would show
/// as `\|`).
pub fn markdown_cell_code(text: &str) -> String {
    markdown_code(text).replace('|', "\\|")
}

/// `text` split at its backticks into plain runs and code spans, in order, each with whether it
/// is code: "target `income` ..." gives the name as code. All plain when the backticks do not pair
/// up (a name holding one), so no writer opens a span it cannot close.
fn code_spans(text: &str) -> Vec<(bool, &str)> {
    if text.matches('`').count() % 2 == 1 {
        return vec![(false, text)];
    }
    text.split('`')
        .enumerate()
        .map(|(i, part)| (i % 2 == 1, part))
        .filter(|(_, part)| !part.is_empty())
        .collect()
}

/// `text` with its code spans written by `code` and the rest by `plain`.
fn prose(text: &str, code: fn(&str) -> String, plain: fn(&str) -> String) -> String {
    code_spans(text)
        .into_iter()
        .map(|(is_code, part)| if is_code { code(part) } else { plain(part) })
        .collect()
}

/// A sentence of worthit's that names things in backticks (a notice, an answer), as inline
/// Markdown: the named things as code spans, the rest as [`markdown_inline`].
pub fn markdown_prose(text: &str) -> String {
    prose(
        text,
        |part| format!("`{}`", markdown_code(part)),
        markdown_inline,
    )
}

/// [`markdown_prose`] for a sentence that holds `names`, the user's text (a column, a metric's
/// name, a currency): a backtick in one of them would pair with worthit's own and turn a span
/// inside out, so then the whole sentence is escaped plain, every backtick shown as itself.
pub fn markdown_prose_naming(text: &str, names: &[&str]) -> String {
    if any_backtick(names) {
        return markdown_inline(text);
    }
    markdown_prose(text)
}

/// Whether one of `names` holds a backtick, which could pair with another's in a sentence.
fn any_backtick(names: &[&str]) -> bool {
    names.iter().any(|name| name.contains('`'))
}

/// The same sentence as HTML element content: the named things in `<code>`, all of it [`html`].
pub fn html_prose(text: &str) -> String {
    prose(text, |part| format!("<code>{}</code>", html(part)), html)
}

/// [`html_prose`] for a sentence that holds `names`, as [`markdown_prose_naming`] reads them.
pub fn html_prose_naming(text: &str, names: &[&str]) -> String {
    if any_backtick(names) {
        return html(text);
    }
    html_prose(text)
}

/// Text for HTML element content or a quoted attribute, one line.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in terminal_safe(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// XML 1.0 forbids most control characters even escaped: an SVG holding one is not
/// well-formed, and browsers refuse to show it. Removes them (after the markup is written, so
/// plotters' own escaping of `<`, `>` and `&` stays as it is).
pub fn xml_safe(document: String) -> String {
    if !document
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return document;
    }
    document
        .chars()
        .filter(|&c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'))
        .collect()
}

/// JSON as serde_json writes it, made safe for standard output: the characters [`terminal_safe`]
/// shows escaped that serde_json leaves raw in a string (DEL, the C1 controls, U+2028 and
/// U+2029) written as JSON's own `\uXXXX`, so the text stays valid JSON. Until 2026-12-06 every
/// `--format json` went through [`terminal_lines`], which wrote a currency's U+2028 as
/// `\u{2028}`, and no JSON reader took the output.
pub fn json_safe(json: &str) -> Cow<'_, str> {
    // Outside strings serde_json writes only spaces and line breaks, which stay as they are.
    if !json.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        if c != '\n' && is_unsafe(c) {
            for unit in c.encode_utf16(&mut [0; 2]) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keeps_its_own_escapes_valid() {
        let value = serde_json::json!({"currency": "U\u{2028}S\u{7f}D\u{85}", "tab": "a\tb"});
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        let safe = json_safe(&pretty);
        assert!(!safe.chars().any(|c| c != '\n' && is_unsafe(c)), "{safe}");
        assert!(safe.contains(r#""U\u2028S\u007fD\u0085""#), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
        // Plain JSON is left alone.
        assert!(matches!(json_safe("{\n  \"a\": 1\n}"), Cow::Borrowed(_)));
    }

    #[test]
    fn long_names_keep_their_start_and_end_around_an_ellipsis() {
        let short = "x".repeat(NAME_SHOWN);
        assert_eq!(shortened(&short), short.as_str());
        let long = format!("{}_2019", "é".repeat(5_000));
        let shown = shortened(&long);
        assert_eq!(shown.chars().count(), NAME_SHOWN);
        assert!(
            shown.starts_with("éé") && shown.ends_with("éé_2019"),
            "{shown}"
        );
        assert!(shown.contains('…'));
        assert_ne!(shortened(&long), shortened(&long.replace("2019", "2020")));
        // A formula in an error: 40 characters, its last ten kept.
        let formula = format!("CASE WHEN {} THEN 1 ELSE 0 END", "a = 1 OR ".repeat(20));
        let cut = shortened_to(&formula, 40);
        assert_eq!(cut.chars().count(), 40);
        assert!(
            cut.starts_with("CASE WHEN a = 1") && cut.ends_with("ELSE 0 END"),
            "{cut}"
        );
    }

    #[test]
    fn names_in_backticks_become_code_and_everything_else_stays_escaped() {
        let notice = "target `<b>|x` has classes that differ only in case (`a`, `A`)";
        // In running text a span shows its content as it is; only a table cell needs the pipe
        // escaped.
        assert_eq!(
            markdown_prose(notice),
            "target `<b>|x` has classes that differ only in case (`a`, `A`)"
        );
        assert_eq!(markdown_cell_code("<b>|x`"), "<b>\\|x'");
        assert_eq!(
            html_prose(notice),
            "target <code>&lt;b&gt;|x</code> has classes that differ only in case (<code>a</code>, <code>A</code>)"
        );
        // A name holding a backtick leaves the pairs broken: no span, every backtick escaped.
        let odd = "column `a`b` is read as text";
        assert_eq!(markdown_prose(odd), markdown_inline(odd));
        assert_eq!(html_prose(odd), html(odd));
        // Nothing in backticks: the plain escapes.
        assert_eq!(markdown_prose("a *b*"), markdown_inline("a *b*"));
    }

    #[test]
    fn a_code_span_keeps_its_backticks_and_a_name_with_one_stays_plain() {
        assert_eq!(markdown_code_span("worthit run a"), "`worthit run a`");
        assert_eq!(markdown_code_span("cd 'a`b'"), "``cd 'a`b'``");
        assert_eq!(markdown_code_span("x ``y`"), "``` x ``y` ```");
        // Two names with a backtick each would pair up into a span holding the text between.
        let name = "<img src=x>`";
        let sentence = format!("the best {name} is 0.9; every amount is in {name}");
        let safe = markdown_prose_naming(&sentence, &[name]);
        assert_eq!(safe, markdown_inline(&sentence));
        assert!(!safe.contains("<img") && !safe.contains(" `"), "{safe}");
        assert_eq!(
            markdown_prose_naming("target `y`", &["y"]),
            markdown_prose("target `y`")
        );
    }

    #[test]
    fn a_shell_word_is_quoted_only_when_a_shell_would_read_it_otherwise() {
        assert_eq!(
            shell_word("reports/nc-20261204T185808Z"),
            "reports/nc-20261204T185808Z"
        );
        assert_eq!(shell_word("my runs/a b"), "'my runs/a b'");
        assert_eq!(shell_word("it's $HOME"), "'it'\\''s $HOME'");
        assert_eq!(shell_word(""), "''");
        assert_eq!(shell_word("a;rm -rf ~"), "'a;rm -rf ~'");
    }

    #[test]
    fn terminal_text_is_one_line_without_escape_sequences() {
        assert_eq!(terminal_safe("plain"), "plain");
        // A line break stays visible, so a name cannot start a line of its own.
        assert_eq!(terminal_safe("a\nb\tc"), "a\\nb c");
        assert_eq!(
            terminal_safe("EUR\r\nFAKE LINE\u{2028}x"),
            "EUR\\r\\nFAKE LINE\\u{2028}x"
        );
        assert_eq!(terminal_safe("\u{1b}[31mred"), "\\u{1b}[31mred");
    }

    #[test]
    fn markdown_cannot_add_headings_images_or_cells() {
        let hostile = "EUR\n# Heading\n![x](http://e/x.png) | cell";
        let safe = markdown_inline(hostile);
        assert!(!safe.contains('\n'));
        assert!(!safe.contains("# H") || safe.contains("\\# H"));
        assert!(safe.contains("\\!\\[x\\]"));
        assert!(safe.contains("\\| cell"));
        assert_eq!(markdown_inline("<script>"), "&lt;script&gt;");
    }

    #[test]
    fn html_and_xml() {
        assert_eq!(
            html("<b a=\"1\">'x'</b>"),
            "&lt;b a=&quot;1&quot;&gt;&#39;x&#39;&lt;/b&gt;"
        );
        assert_eq!(xml_safe("<t>a\u{1b}b</t>\n".to_string()), "<t>ab</t>\n");
    }
}
