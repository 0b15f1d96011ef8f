//! `whatsnext digest`: one ISO week's digest, rendered through a template to
//! standard output or, atomically, to a file.

use std::io::Write;
use std::path::Path;

use crate::Loaded;
use crate::cli::{DigestArgs, DigestFormat};
use crate::config::Config;
use crate::render::digest::{self, Options};
use crate::render::templates::{Format, Templates};
use crate::render::week::IsoWeek;
use crate::{Failure, Result, fsutil};

pub fn run(config: &Config, args: &DigestArgs, loaded: &Loaded) -> Result<u8> {
    let week = IsoWeek::parse(&args.week, config.today)
        .map_err(|e| Failure::Usage(format!("--week: {e}")))?;
    let (format, name) = match args.format {
        DigestFormat::Md => (Format::Markdown, "digest.md"),
        DigestFormat::Html => (Format::Html, "digest.html"),
        DigestFormat::Text => (Format::Text, "digest.txt"),
    };
    let history = args.limit.map_or(config.digest_limit, |n| {
        usize::try_from(n).unwrap_or(usize::MAX)
    });
    let limit = (!args.all).then_some(history);
    let ws = loaded.checked(config)?;
    if config.templates_given && !config.templates.is_dir() {
        return Err(Failure::Invalid(format!(
            "templates folder `{}` not found",
            config.templates.display()
        )));
    }
    let templates =
        Templates::load(format, &config.templates).map_err(|e| Failure::Invalid(e.to_string()))?;
    let options = Options {
        week,
        today: config.today,
        defaults: config.defaults,
        coming_up: config.coming_up,
        limit,
        history,
    };
    let digest = digest::build(&ws.corpus, &ws.index, &options);
    let text = digest
        .render(&templates, name)
        .map_err(|e| Failure::Invalid(e.to_string()))?;
    match args.output.as_deref().filter(|p| *p != Path::new("-")) {
        Some(path) => fsutil::write_atomic(path, text.as_bytes())
            .map_err(|e| Failure::Invalid(format!("cannot write {}: {e}", path.display())))?,
        None => {
            // The templates show scenario text's control characters as escapes;
            // anstream also strips any a user's template prints raw.
            let mut out = anstream::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
        }
    }
    Ok(crate::exit::OK)
}
