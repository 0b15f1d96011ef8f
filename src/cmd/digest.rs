//! `whatsnext digest`: one ISO week's digest, rendered through a template to
//! standard output or, atomically, to a file.

use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::Loaded;
use crate::cli::{DigestArgs, DigestFormat};
use crate::config::Config;
use crate::render::digest::{self, Options};
use crate::render::templates::{Format, TemplateError, Templates};
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
    // The digest goes out as it is rendered, never held whole beside its context.
    match args.output.as_deref().filter(|p| *p != Path::new("-")) {
        Some(path) => {
            // All or nothing: the file is replaced only once the whole digest
            // is written; a template that fails leaves it as it was.
            let written = fsutil::write_atomic_with(path, |w| {
                digest
                    .render_to(&templates, name, w)
                    .map_err(|e| match e.write_failed {
                        Some(system) => system,
                        None => io::Error::other(e),
                    })
            });
            match written {
                Ok(()) => {}
                // The template failed: its message is the whole story.
                Err(e) if e.get_ref().is_some_and(|e| e.is::<TemplateError>()) => {
                    return Err(Failure::Invalid(e.to_string()));
                }
                Err(e) => {
                    let path = path.display();
                    return Err(Failure::Invalid(format!("cannot write {path}: {e}")));
                }
            }
        }
        None => {
            // The templates show scenario text's control characters as escapes;
            // anstream also strips any a user's template prints raw. A template
            // that fails part-way leaves what it printed before the error.
            let mut out = BufWriter::with_capacity(1 << 16, anstream::stdout().lock());
            digest
                .render_to(&templates, name, &mut out)
                .map_err(|e| match e.write_failed {
                    Some(system) => Failure::Io(system),
                    None => Failure::Invalid(e.to_string()),
                })?;
            out.flush()?;
        }
    }
    Ok(crate::exit::OK)
}
