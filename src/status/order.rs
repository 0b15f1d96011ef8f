//! The order of every listing: most urgent first ([`super::urgency`]), then by
//! ref, so that output is stable across runs.

use std::cmp::Ordering;

use rayon::prelude::*;

use super::{ItemStatus, Statuses, urgency};
use crate::model::{Corpus, ItemKey, Priority};

/// The items passing `keep`, most urgent first, then by ref.
pub fn sorted(
    corpus: &Corpus,
    statuses: &Statuses,
    keep: impl Fn(ItemKey, &ItemStatus) -> bool + Sync,
) -> Vec<ItemKey> {
    let ranks = scenario_ranks(corpus);
    let ranked = ranks.is_some();
    let ranks = ranks.unwrap_or_else(|| vec![0; corpus.scenarios.len()]);
    // Each item's place as one number (urgency, then its scenario's rank in ref
    // order), so that most comparisons are of two integers; items of the same
    // scenario with the same urgency are then told apart by id.
    // Priorities are 0 (low) to 3 (critical) below, the highest sorting first.
    const _: () = assert!(Priority::Low as u8 == 0 && Priority::Critical as u8 == 3);
    let mut keyed: Vec<(u128, ItemKey)> = corpus
        .scenarios
        .par_iter()
        .enumerate()
        .flat_map_iter(|(scenario, s)| {
            let ranks = &ranks;
            let keep = &keep;
            (0..s.items.len()).filter_map(move |item| {
                let k = ItemKey { scenario, item };
                let st = statuses.get(k);
                keep(k, st).then(|| {
                    let (state, due, priority) = urgency(st, corpus.item(k).priority);
                    // `due` is a day number (i32) or i64::MAX: 33 bits once shifted.
                    let due = due.clamp(i64::from(i32::MIN), i64::from(i32::MAX) + 1)
                        - i64::from(i32::MIN);
                    let urgency = (u128::from(state) << 40)
                        | (u128::from(due.unsigned_abs()) << 2)
                        | u128::from(3 - priority.0 as u8);
                    (urgency << 64 | u128::from(ranks[scenario]), k)
                })
            })
        })
        .collect();
    // Ties are told apart by ref: by the item id alone when the ranks already
    // ordered the scenarios, else `scenario/item` byte by byte.
    let id = |k: ItemKey| corpus.item(k).id.as_bytes();
    let reference = |k: ItemKey| {
        let scenario = corpus.scenario_of(k).id.bytes();
        scenario.chain([b'/']).chain(corpus.item(k).id.bytes())
    };
    keyed.par_sort_unstable_by(|(a, ka), (b, kb)| {
        a.cmp(b).then_with(|| {
            if ranked {
                id(*ka).cmp(id(*kb))
            } else {
                reference(*ka).cmp(reference(*kb))
            }
        })
    });
    keyed.into_iter().map(|(_, k)| k).collect()
}

/// Each scenario's rank in the order of `scenario-id/`: for distinct ids
/// without `/` (a checked corpus has no other), two refs of different scenarios
/// compare as their scenarios' ranks do. `None` for any other corpus.
fn scenario_ranks(corpus: &Corpus) -> Option<Vec<u32>> {
    let scenarios = &corpus.scenarios;
    let id = |i: u32| scenarios[i as usize].id.as_str();
    if scenarios.len() > u32::MAX as usize || scenarios.iter().any(|s| s.id.contains('/')) {
        return None;
    }
    let mut order: Vec<u32> = (0..scenarios.len() as u32).collect();
    order.par_sort_unstable_by(|&a, &b| cmp_with_slash(id(a), id(b)));
    if order.windows(2).any(|w| id(w[0]) == id(w[1])) {
        return None;
    }
    let mut ranks = vec![0; scenarios.len()];
    for (rank, &i) in order.iter().enumerate() {
        ranks[i as usize] = rank as u32;
    }
    Some(ranks)
}

/// Compares `a/` with `b/` for `a` and `b` without `/`.
fn cmp_with_slash(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len().min(b.len());
    a[..n].cmp(&b[..n]).then_with(|| {
        let next = |s: &[u8]| s.get(n).copied().unwrap_or(b'/');
        next(a).cmp(&next(b))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_compare_as_their_scenarios_with_a_slash() {
        let ids = ["a", "a-b", "a0", "ab", "b", "a-", "aa"];
        for a in ids {
            for b in ids {
                let slashed = format!("{a}/").cmp(&format!("{b}/"));
                assert_eq!(cmp_with_slash(a, b), slashed, "{a} {b}");
                // Any refs of two different scenarios compare the same way.
                if a != b {
                    assert_eq!(format!("{a}/x").cmp(&format!("{b}/y")), slashed);
                }
            }
        }
    }

    #[test]
    fn items_sort_most_urgent_first_then_by_ref() {
        let files = [
            (
                "scenarios/b.toml",
                "title = \"B\"\ndate = 2025-08-01\n[[watch]]\nid = \"late\"\ntitle = \"L\"\ndue = 2025-08-02\n[[watch]]\nid = \"soon\"\ntitle = \"S\"\ndue = 2025-08-20\npriority = \"high\"\n",
            ),
            (
                "scenarios/a.toml",
                "title = \"A\"\ndate = 2025-08-01\n[[watch]]\nid = \"soon\"\ntitle = \"S\"\ndue = 2025-08-20\n[[watch]]\nid = \"open\"\ntitle = \"O\"\n",
            ),
        ];
        let (corpus, index, diags) = crate::testing::corpus(&files);
        assert!(diags.is_empty(), "{diags:?}");
        let today = crate::value::parse_date("2025-08-10").unwrap();
        let statuses = super::super::evaluate(&corpus, &index, today, Default::default());
        let refs: Vec<String> = sorted(&corpus, &statuses, |_, _| true)
            .into_iter()
            .map(|k| corpus.item_ref(k))
            .collect();
        assert_eq!(refs, ["b/late", "b/soon", "a/soon", "a/open"]);
    }
}
