//! Printing results: JSON on stdout for `--json` (and nothing else there), readable text
//! otherwise, nothing for `--quiet`. Colour only on a terminal and never with `NO_COLOR`.
//! Writes go through a buffer and report errors (a closed pipe included) instead of panicking.

use std::io::{self, BufWriter, IsTerminal, Stdout, Write};

use serde::Serialize;

#[derive(Debug)]
pub struct Output {
    json: bool,
    quiet: bool,
    pretty: bool,
    color: bool,
    stdout: BufWriter<Stdout>,
}

impl Output {
    pub fn new(json: bool, quiet: bool) -> Self {
        let terminal = io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Self { json, quiet, pretty: terminal, color: terminal && !no_color, stdout: BufWriter::new(io::stdout()) }
    }

    /// Prints `value` as JSON, or runs `human` to describe it in words.
    pub fn emit<T: Serialize>(
        &mut self,
        value: &T,
        human: impl FnOnce(&mut Human<'_>) -> io::Result<()>,
    ) -> io::Result<()> {
        if self.json {
            let written = if self.pretty {
                serde_json::to_writer_pretty(&mut self.stdout, value)
            } else {
                serde_json::to_writer(&mut self.stdout, value)
            };
            written.map_err(io::Error::from)?;
            return writeln!(self.stdout);
        }
        if self.quiet {
            return Ok(());
        }
        human(&mut Human { out: &mut self.stdout, color: self.color })
    }

    /// True when the output is JSON (one value per command).
    pub fn is_json(&self) -> bool {
        self.json
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.stdout.flush()
    }
}

/// A place to write readable output, with optional colour.
pub struct Human<'a> {
    out: &'a mut dyn Write,
    color: bool,
}

impl Human<'_> {
    pub fn line(&mut self, text: impl AsRef<str>) -> io::Result<()> {
        writeln!(self.out, "{}", printable(text.as_ref()))
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_owned() }
    }

    pub fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }

    pub fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }

    pub fn good(&self, text: &str) -> String {
        self.paint("32", text)
    }

    pub fn warn(&self, text: &str) -> String {
        self.paint("33", text)
    }
}

/// The colours `Human::paint` writes, the only escape sequences let through to the terminal.
const OWN_STYLES: [&str; 5] = ["\x1b[0m", "\x1b[1m", "\x1b[2m", "\x1b[32m", "\x1b[33m"];

/// `text` safe to print on a terminal: the styles this program adds pass, while any other control
/// character (an escape that would retitle the window, clear the screen or move the cursor, a
/// bell, a carriage return that would overwrite the line) shows as a visible `\u{…}` instead.
/// Names and texts are refused with control characters when typed, so this guards against
/// records that reached the store some other way.
fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut safe = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(style) = OWN_STYLES.iter().find(|style| rest.starts_with(**style)) {
            safe.push_str(style);
            rest = &rest[style.len()..];
            continue;
        }
        if unsafe_char(c) {
            safe.push_str(&c.escape_unicode().to_string());
        } else {
            safe.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    std::borrow::Cow::Owned(safe)
}

/// `text` cut to `width` characters (with an ellipsis) and padded to it, for aligned columns.
pub fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return format!("{text:<width$}");
    }
    let cut: String = text.chars().take(width.saturating_sub(1)).collect();
    format!("{cut}…")
}

/// The message for an error: the outermost description followed by its causes, then the
/// command line's hint (a flag or a command) on a line of its own when it has one.
pub fn describe(error: &anyhow::Error) -> String {
    match crate::hints::for_error(error) {
        Some(hint) => format!("{error:#}\nhint: {hint}"),
        None => format!("{error:#}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_own_styles_reach_the_terminal() {
        assert_eq!(printable("Public speaking\tcareer\n"), "Public speaking\tcareer\n", "plain text is left alone");
        assert_eq!(printable("\x1b[1mbold\x1b[0m"), "\x1b[1mbold\x1b[0m", "our styles pass");
        assert_eq!(printable("\x1b]0;owned\x07x"), "\\u{1b}]0;owned\\u{7}x", "a window title and a bell do not");
        assert_eq!(
            printable("a\x1b[2Jb\rc\u{9b}d"),
            "a\\u{1b}[2Jb\\u{d}c\\u{9b}d",
            "nor a clear screen, a CR or a C1 code"
        );
    }
}
