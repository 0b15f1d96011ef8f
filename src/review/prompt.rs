//! The two ends of a conversation: answers are lines read from an input
//! (standard input), while cards, questions and messages go to standard error,
//! so that a pipe carrying the answers, or standard output sent to a file,
//! never swallows a question. Standard output keeps the record of what changed
//! (each edit's confirmation or diff, and the summary).
//!
//! When the answers do not come from a terminal, each answer read is echoed
//! after its question, so a scripted review reads as a transcript.

use std::io::{BufRead, IsTerminal, Write};

use anstyle::{AnsiColor, Style};

pub struct Prompter<'i> {
    input: &'i mut dyn BufRead,
    echo: bool,
    /// Set once the input has ended: every later question gets no answer.
    ended: bool,
}

impl<'i> Prompter<'i> {
    /// Answers from `input`, echoed when `echo` (the input is not a terminal).
    pub fn new(input: &'i mut dyn BufRead, echo: bool) -> Prompter<'i> {
        Prompter {
            input,
            echo,
            ended: false,
        }
    }

    /// Whether standard input is a terminal (then answers are not echoed).
    pub fn stdin_is_terminal() -> bool {
        std::io::stdin().is_terminal()
    }

    /// Writes text (already made printable) to standard error.
    pub fn say(&mut self, text: &str) {
        let mut err = anstream::stderr().lock();
        let _ = err.write_all(text.as_bytes());
        if !text.ends_with('\n') {
            let _ = err.write_all(b"\n");
        }
        let _ = err.flush();
    }

    /// A refusal: why the answer was not taken.
    pub fn refuse(&mut self, why: &str) {
        let style = AnsiColor::Yellow.on_default().bold();
        self.say(&format!("{style}!{style:#} {why}"));
    }

    /// Asks `question` and reads one line; `None` at the end of the input.
    pub fn ask(&mut self, question: &str) -> std::io::Result<Option<String>> {
        if self.ended {
            return Ok(None);
        }
        let style = Style::new().bold().fg_color(Some(AnsiColor::Blue.into()));
        {
            let mut err = anstream::stderr().lock();
            write!(err, "{style}{question}{style:#} ")?;
            err.flush()?;
        }
        let mut line = String::new();
        if self.input.read_line(&mut line)? == 0 {
            self.ended = true;
            self.say("");
            return Ok(None);
        }
        let answer = line.trim_end_matches(['\n', '\r']).to_string();
        if self.echo {
            self.say(&crate::text::printable(&answer));
        }
        Ok(Some(answer))
    }

    /// A yes/no question; Enter gives `default`, the end of the input `None`.
    pub fn confirm(&mut self, question: &str, default: bool) -> std::io::Result<Option<bool>> {
        let hint = if default { "[Y/n]" } else { "[y/N]" };
        loop {
            let Some(a) = self.ask(&format!("{question} {hint}"))? else {
                return Ok(None);
            };
            match a.trim().to_lowercase().as_str() {
                "" => return Ok(Some(default)),
                "y" | "yes" => return Ok(Some(true)),
                "n" | "no" => return Ok(Some(false)),
                _ => self.refuse("answer y or n"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_answers_and_the_end_of_input_is_none_from_then_on() {
        let mut input: &[u8] = b"r\r\n\nyes";
        let mut p = Prompter::new(&mut input, false);
        assert_eq!(p.ask("?").unwrap().as_deref(), Some("r"));
        assert_eq!(p.ask("?").unwrap().as_deref(), Some(""));
        assert_eq!(p.ask("?").unwrap().as_deref(), Some("yes"));
        assert_eq!(p.ask("?").unwrap(), None);
        assert_eq!(p.ask("?").unwrap(), None);
    }

    #[test]
    fn confirm_takes_the_default_on_enter_and_asks_again_otherwise() {
        let mut input: &[u8] = b"\nmaybe\nn\n";
        let mut p = Prompter::new(&mut input, false);
        assert_eq!(p.confirm("ok?", true).unwrap(), Some(true));
        assert_eq!(p.confirm("ok?", true).unwrap(), Some(false));
        assert_eq!(p.confirm("ok?", true).unwrap(), None);
    }
}
