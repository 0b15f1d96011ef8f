//! Checks that need more than one item or file (SPEC §3.1): duplicate scenario
//! ids, trigger references, trigger cycles, and suspicious-but-legal input
//! (warnings). Single-value checks happen while loading (`load`).

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, line_col};
use crate::model::{Corpus, Index, ItemKey, Scenario, Trigger};
use crate::value::{self, Reference};

/// Cross-item checks over the whole corpus. Appends to `diags`.
pub fn validate(corpus: &Corpus, index: &Index, diags: &mut Vec<Diagnostic>) {
    duplicate_scenarios(corpus, index, diags);
    let targets = trigger_targets(corpus, index, diags);
    cycles(corpus, &targets, diags);
    warnings(corpus, diags);
}

fn path_of(corpus: &Corpus, scenario: usize) -> &std::path::Path {
    &corpus.files[corpus.scenarios[scenario].file].path
}

/// `path:line:col` of a byte offset in a scenario's file (just the path when the
/// file cannot be read as it was loaded).
fn position(corpus: &Corpus, scenario: usize, at: usize) -> String {
    let file = &corpus.files[corpus.scenarios[scenario].file];
    match file.text() {
        Ok(text) => {
            let (line, col) = line_col(&text, at);
            format!("{}:{line}:{col}", file.path.display())
        }
        Err(_) => file.path.display().to_string(),
    }
}

/// Reports each scenario whose id an earlier scenario already has. The index maps
/// an id to its first scenario, so this is a lookup per scenario, on every core.
fn duplicate_scenarios(corpus: &Corpus, index: &Index, diags: &mut Vec<Diagnostic>) {
    let found: Vec<Diagnostic> = corpus
        .scenarios
        .par_iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let f = index.scenario(&s.id).filter(|&f| f < i)?;
            let prior = corpus.scenarios.get(f).filter(|p| p.id == s.id)?;
            Some(
                Diagnostic::error(
                    path_of(corpus, i),
                    Some(s.id_span.clone()),
                    format!("duplicate scenario id \"{}\"", s.id),
                )
                .with_note(format!(
                    "first used by {}",
                    position(corpus, f, prior.id_span.start)
                )),
            )
        })
        .collect();
    diags.extend(found);
}

/// The `after` targets of one item that resolve, each with its trigger's span.
type Edges = Vec<(ItemKey, std::ops::Range<usize>)>;
/// One scenario's trigger problems and, per item, its resolved targets.
type ScenarioTargets = (Vec<Diagnostic>, Vec<(ItemKey, Edges)>);

/// Resolves every `after` trigger, reporting unknown targets and outcome filters
/// that the target cannot produce. Returns, in corpus order, each item with the
/// targets that resolved (items without any are left out).
fn trigger_targets(
    corpus: &Corpus,
    index: &Index,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(ItemKey, Edges)> {
    // Scenarios are resolved on every core; the results are merged in corpus order.
    let per_scenario: Vec<ScenarioTargets> = (0..corpus.scenarios.len())
        .into_par_iter()
        .map(|scenario| {
            let mut diags = Vec::new();
            let mut edges = Vec::new();
            for item in 0..corpus.scenarios[scenario].items.len() {
                let key = ItemKey { scenario, item };
                let out = item_targets(corpus, index, key, &mut diags);
                if !out.is_empty() {
                    edges.push((key, out));
                }
            }
            (diags, edges)
        })
        .collect();
    let mut targets = Vec::new();
    for (d, edges) in per_scenario {
        diags.extend(d);
        targets.extend(edges);
    }
    targets
}

/// The `after` targets of one item that resolve, reporting the ones that do not.
fn item_targets(
    corpus: &Corpus,
    index: &Index,
    key: ItemKey,
    diags: &mut Vec<Diagnostic>,
) -> Edges {
    let mut targets = Vec::new();
    let item = corpus.item(key);
    for t in &item.triggers {
        let Trigger::After {
            target,
            outcomes,
            outcome_spans,
            span,
        } = t
        else {
            continue;
        };
        let path = path_of(corpus, key.scenario);
        match index.resolve(corpus, key.scenario, target) {
            None => diags.push(Diagnostic::error(
                path,
                Some(span.clone()),
                unknown_target_message(corpus, index, key.scenario, target),
            )),
            Some(tk) if tk == key => diags.push(Diagnostic::error(
                path,
                Some(span.clone()),
                format!("item \"{}\" cannot be triggered by itself", item.id),
            )),
            Some(tk) => {
                let target_item = corpus.item(tk);
                for (i, o) in outcomes.iter().flatten().enumerate() {
                    if !target_item.outcomes().contains(o) {
                        // At the outcome itself (the loader keeps one place
                        // per outcome); at `after` should the two ever differ.
                        let at = outcome_spans.get(i).unwrap_or(span);
                        diags.push(Diagnostic::error(
                            path,
                            Some(at.clone()),
                            format!(
                                "trigger outcome \"{}\" is not an outcome of \"{}\": {}{}",
                                value::shown(o),
                                value::shown(&target.to_string()),
                                value::shown_list(target_item.outcomes()),
                                value::did_you_mean(
                                    o,
                                    target_item.outcomes().iter().map(String::as_str)
                                )
                            ),
                        ));
                    }
                }
                targets.push((tk, span.clone()));
            }
        }
    }
    targets
}

fn unknown_target_message(corpus: &Corpus, index: &Index, from: usize, r: &Reference) -> String {
    let suggestion = match &r.scenario {
        Some(sid) => match index.scenario(sid) {
            None => value::suggest(sid, corpus.scenarios.iter().map(|s| s.id.as_str()))
                .map(|s| format!("{s}/{}", r.item)),
            Some(si) => value::suggest(
                &r.item,
                corpus.scenarios[si].items.iter().map(|i| i.id.as_str()),
            )
            .map(|i| format!("{sid}/{i}")),
        },
        None => value::suggest(
            &r.item,
            corpus.scenarios[from].items.iter().map(|i| i.id.as_str()),
        )
        .map(str::to_string),
    };
    let hint = suggestion
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default();
    let shown = value::shown(&r.to_string());
    match &r.scenario {
        Some(sid) if index.scenario(sid).is_none() => format!(
            "trigger refers to unknown scenario \"{}\" in `{shown}`{hint}",
            value::shown(sid)
        ),
        _ => format!("trigger refers to unknown item `{shown}`{hint}"),
    }
}

/// Finds cycles among `after` triggers with an iterative depth-first search and
/// reports each once, naming every item on it. `targets` is in corpus order.
fn cycles(corpus: &Corpus, targets: &[(ItemKey, Edges)], diags: &mut Vec<Diagnostic>) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnPath,
        Done,
    }
    // Per-item tables indexed by position in the corpus rather than hashed by key:
    // this search ran on the main thread of every command.
    let (offsets, total) = corpus.item_starts();
    let at = |k: ItemKey| offsets[k.scenario] + k.item;
    let mut edges_of: Vec<&[(ItemKey, std::ops::Range<usize>)]> = vec![&[]; total];
    for (key, edges) in targets {
        edges_of[at(*key)] = edges;
    }
    let mut mark = vec![Mark::New; total];
    for &(root, _) in targets {
        if mark[at(root)] != Mark::New {
            continue;
        }
        // Stack of (node, next edge index); `path` mirrors the nodes on the stack.
        let mut stack: Vec<(ItemKey, usize)> = vec![(root, 0)];
        mark[at(root)] = Mark::OnPath;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let edges = edges_of[at(node)];
            if *next >= edges.len() {
                mark[at(node)] = Mark::Done;
                stack.pop();
                continue;
            }
            let (target, span) = &edges[*next];
            *next += 1;
            match mark[at(*target)] {
                Mark::New => {
                    mark[at(*target)] = Mark::OnPath;
                    stack.push((*target, 0));
                }
                Mark::OnPath => {
                    let start = stack.iter().position(|(k, _)| k == target).unwrap_or(0);
                    let mut names: Vec<String> = stack[start..]
                        .iter()
                        .map(|(k, _)| corpus.item_ref(*k))
                        .collect();
                    names.push(corpus.item_ref(*target));
                    diags.push(Diagnostic::error(
                        path_of(corpus, node.scenario),
                        Some(span.clone()),
                        format!("trigger cycle: {}", names.join(" → ")),
                    ));
                }
                Mark::Done => {}
            }
        }
    }
}

fn warnings(corpus: &Corpus, diags: &mut Vec<Diagnostic>) {
    // Scenario by scenario on every core, gathered in corpus order.
    let found: Vec<Vec<Diagnostic>> = corpus
        .scenarios
        .par_iter()
        .enumerate()
        .map(|(si, s)| scenario_warnings(corpus, si, s))
        .collect();
    diags.extend(found.into_iter().flatten());
}

fn scenario_warnings(corpus: &Corpus, si: usize, s: &Scenario) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let path = path_of(corpus, si);
    for item in &s.items {
        if let Some(r) = &item.resolution {
            if r.on < s.date {
                diags.push(Diagnostic::warning(
                    path,
                    Some(r.on_span.clone()),
                    format!(
                        "item \"{}\" is resolved on {}, before the scenario's date {}",
                        item.id, r.on, s.date
                    ),
                ));
            }
            if let Some(d) = &item.dropped {
                diags.push(Diagnostic::warning(
                    path,
                    Some(item.id_span.clone()),
                    format!(
                        "item \"{}\" is both resolved ({}) and dropped ({}): once dated, the resolution wins",
                        item.id, r.on, d.on
                    ),
                ));
            }
        }
        if let (Some(until), Some(crate::model::Due::Date(due))) = (item.until, item.due)
            && until < due
        {
            diags.push(Diagnostic::warning(
                path,
                Some(item.id_span.clone()),
                format!(
                    "item \"{}\": `until` {until} is before its first due day {due}",
                    item.id
                ),
            ));
        }
    }
    diags
}
