//! `whatsnext completions`, `whatsnext man`, `whatsnext schema` and the hidden `whatsnext __refs`:
//! what a shell and man(1) need, generated from the one command-line definition.

use std::io::Write;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::Result;
use crate::cli::{Cli, CompletionsArgs};
use crate::config::Config;
use crate::exit;
use crate::workspace::Workspace;

/// The subcommands whose first argument is a REF (an item, or for `show` a
/// scenario too); `add` takes a scenario id.
const TAKES_REF: &str = "show resolve reopen drop snooze note forecast observe edit add";

pub fn completions(a: &CompletionsArgs) -> Result<u8> {
    let mut script = Vec::new();
    clap_complete::generate(a.shell, &mut Cli::command(), "whatsnext", &mut script);
    script.extend_from_slice(corpus_completion(a.shell).as_bytes());
    std::io::stdout().lock().write_all(&script)?;
    Ok(exit::OK)
}

/// What a shell's script gains beyond clap's: REFs from the corpus after a
/// subcommand that takes one. Bash and fish can call a command while completing;
/// for the others the static script is all.
fn corpus_completion(shell: Shell) -> String {
    match shell {
        Shell::Bash => format!(
            r#"
# REFs and scenario ids from the corpus, after a subcommand that takes one.
_whatsnext_with_refs() {{
    _whatsnext "$@"
    local sub="" word i
    for ((i = 1; i < COMP_CWORD; i++)); do
        word="${{COMP_WORDS[i]}}"
        case "$word" in
            -*) ;;
            *) sub="$word"; break ;;
        esac
    done
    case " {TAKES_REF} " in
        *" $sub "*)
            if [[ "${{COMP_WORDS[COMP_CWORD]}}" != -* && $i -eq $((COMP_CWORD - 1)) ]]; then
                local refs
                refs=$(whatsnext __refs 2>/dev/null)
                COMPREPLY=($(compgen -W "$refs" -- "${{COMP_WORDS[COMP_CWORD]}}"))
            fi
            ;;
    esac
}}
complete -F _whatsnext_with_refs -o bashdefault -o default whatsnext
"#
        ),
        Shell::Fish => format!(
            "\n# REFs and scenario ids from the corpus, after a subcommand that takes one.\n\
             complete -c whatsnext -n '__fish_seen_subcommand_from {TAKES_REF}' -f -a '(whatsnext __refs 2>/dev/null)'\n"
        ),
        _ => String::new(),
    }
}

pub fn schema() -> Result<u8> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &crate::schema::scenario_schema())
        .map_err(std::io::Error::from)?;
    writeln!(out)?;
    Ok(exit::OK)
}

pub fn man() -> Result<u8> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    std::io::stdout().lock().write_all(&page)?;
    Ok(exit::OK)
}

/// Every item's full REF, each bare item id that names one item only, and every
/// scenario id, one a line. Files with errors still give what could be read;
/// their problems are not printed (this runs inside a shell's completion).
pub fn refs(config: &Config) -> Result<u8> {
    let ws = Workspace::load(config)?;
    let corpus = &ws.corpus;
    let mut lines: Vec<String> = corpus.scenarios.iter().map(|s| s.id.clone()).collect();
    let mut ids: Vec<&str> = corpus.keys().map(|k| corpus.item(k).id.as_str()).collect();
    ids.sort_unstable();
    for k in corpus.keys() {
        lines.push(corpus.item_ref(k));
        let id = corpus.item(k).id.as_str();
        let first = ids.partition_point(|x| *x < id);
        if ids.get(first + 1) != Some(&id) {
            lines.push(id.to_string());
        }
    }
    let mut out = std::io::stdout().lock();
    for line in lines.iter().filter(|l| !crate::text::has_control(l)) {
        writeln!(out, "{line}")?;
    }
    Ok(exit::OK)
}
