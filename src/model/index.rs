//! The id index every stage uses to find a scenario or an item by id.

use crate::idmap::{self, IdMap};
use crate::model::{Corpus, ItemKey};
use crate::value::Reference;

/// Lookup of scenarios by id, and of items by id within a scenario: a short scan
/// for the usual handful of items, a map for scenarios with many, so resolving
/// every reference stays linear in the size of the corpus.
#[derive(Debug, Default)]
pub struct Index {
    scenarios: IdMap<String, usize>,
    large: IdMap<usize, IdMap<String, usize>>,
}

/// Scenarios with more items than this get a map of their item ids.
const SCAN_LIMIT: usize = 16;

impl Index {
    pub fn new(corpus: &Corpus) -> Self {
        let mut scenarios = idmap::map_with_capacity(corpus.scenarios.len());
        let mut large = IdMap::default();
        for (i, s) in corpus.scenarios.iter().enumerate() {
            scenarios.entry(s.id.clone()).or_insert(i);
            if s.items.len() > SCAN_LIMIT {
                let mut ids = idmap::map_with_capacity(s.items.len());
                for (j, item) in s.items.iter().enumerate() {
                    ids.entry(item.id.clone()).or_insert(j);
                }
                large.insert(i, ids);
            }
        }
        Index { scenarios, large }
    }

    pub fn scenario(&self, id: &str) -> Option<usize> {
        self.scenarios.get(id).copied()
    }

    /// The item a trigger reference points at, seen from scenario `from`.
    pub fn resolve(&self, corpus: &Corpus, from: usize, r: &Reference) -> Option<ItemKey> {
        let scenario = match &r.scenario {
            Some(id) => self.scenario(id)?,
            None => from,
        };
        let item = match self.large.get(&scenario) {
            Some(ids) => *ids.get(&r.item)?,
            None => corpus.scenarios[scenario]
                .items
                .iter()
                .position(|i| i.id == r.item)?,
        };
        Some(ItemKey { scenario, item })
    }
}
