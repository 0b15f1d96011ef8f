//! `whatsnext digest`: one ISO week's digest, rendered through a template to
//! standard output or, atomically, to a file.

use std::io::Write;
use std::mem::ManuallyDrop;
use std::path::Path;

use crate::cli::{DigestArgs, DigestFormat};
use crate::config::Config;
use crate::render::digest::{self, Options};
use crate::render::templates::{Format, Templates};
use crate::render::week::IsoWeek;
use crate::workspace::Workspace;
use crate::{Failure, Result, fsutil};

pub fn run(config: &Config, args: &DigestArgs) -> Result<u8> {
    let week = IsoWeek::parse(&args.week, config.today)
        .map_err(|e| Failure::Usage(format!("--week: {e}")))?;
    let (format, name) = match args.format {
        DigestFormat::Md => (Format::Markdown, "digest.md"),
        DigestFormat::Html => (Format::Html, "digest.html"),
        DigestFormat::Text => (Format::Text, "digest.txt"),
    };
    // The corpus and the digest are left to the OS at exit: freeing them piece by
    // piece is serial work, several percent of a large digest's time.
    let ws = ManuallyDrop::new(Workspace::load_checked(config)?);
    if config.templates_given && !config.templates.is_dir() {
        return Err(Failure::Invalid(format!(
            "templates folder `{}` not found",
            config.templates.display()
        )));
    }
    let mut templates =
        Templates::load(format, &config.templates).map_err(|e| Failure::Invalid(e.to_string()))?;
    let options = Options {
        week,
        today: config.today,
        defaults: config.defaults,
        coming_up: config.coming_up,
    };
    let digest = ManuallyDrop::new(digest::build(&ws.corpus, &ws.index, &options));
    let text = digest
        .render(&mut templates, name)
        .map_err(|e| Failure::Invalid(e.to_string()))?;
    match args.output.as_deref().filter(|p| *p != Path::new("-")) {
        Some(path) => fsutil::write_atomic(path, text.concat().as_bytes())
            .map_err(|e| Failure::Invalid(format!("cannot write {}: {e}", path.display())))?,
        // Without control characters there is nothing for anstream to strip, and
        // it would look at every byte of a long digest to find that out.
        None if !text.iter().any(|t| t.bytes().any(is_control)) => {
            let mut out = std::io::stdout().lock();
            for piece in &text {
                out.write_all(piece.as_bytes())?;
            }
            out.flush()?;
        }
        None => {
            let mut out = anstream::stdout().lock();
            for piece in &text {
                out.write_all(piece.as_bytes())?;
            }
            out.flush()?;
        }
    }
    Ok(crate::exit::OK)
}

/// A byte that anstream may strip: a control character other than white space
/// (escape sequences start with one), or DEL.
fn is_control(b: u8) -> bool {
    (b < 0x20 && !b.is_ascii_whitespace()) || b == 0x7f
}
