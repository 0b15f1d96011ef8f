//! What the unit tests share: a corpus built from TOML text as `whatsnext`
//! loads one.

use crate::diagnostic::Diagnostic;
use crate::model::Index;
use crate::model::{Corpus, SourceFile};
use crate::validate;

/// Scenario files given as (path, TOML), parsed, indexed and validated; panics
/// on any error. The warnings are returned, for tests that want none.
pub fn corpus(files: &[(&str, &str)]) -> (Corpus, Index, Vec<Diagnostic>) {
    let mut corpus = Corpus::default();
    let mut diags = Vec::new();
    for (path, text) in files {
        let path = std::path::PathBuf::from(path);
        let (scenario, found) = crate::load::parse_scenario(&path, text);
        assert!(
            !found.iter().any(Diagnostic::is_error),
            "{path:?}: {found:?}"
        );
        diags.extend(found);
        let mut scenario = scenario.expect("a scenario");
        scenario.file = corpus.files.len();
        corpus.files.push(SourceFile::kept(path, *text));
        corpus.scenarios.push(scenario);
    }
    let index = Index::new(&corpus);
    validate::validate(&corpus, &index, &mut diags);
    assert!(!diags.iter().any(Diagnostic::is_error), "{diags:?}");
    (corpus, index, diags)
}
