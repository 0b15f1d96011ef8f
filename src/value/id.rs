//! Ids and references to watch-items.

use std::fmt;

use super::{ValueError, shown};

/// A reference to a watch-item: `item-id` in the same scenario, or
/// `scenario-id/item-id`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Reference {
    pub scenario: Option<String>,
    pub item: String,
}

impl Reference {
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        let (scenario, item) = match text.split_once('/') {
            Some((s, i)) => (Some(s), i),
            None => (None, text),
        };
        if item.is_empty() || item.contains('/') || scenario.is_some_and(str::is_empty) {
            return Err(ValueError::Reference(shown(text)));
        }
        Ok(Reference {
            scenario: scenario.map(str::to_string),
            item: item.to_string(),
        })
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.scenario {
            Some(s) => write!(f, "{s}/{}", self.item),
            None => f.write_str(&self.item),
        }
    }
}

/// Whether `id` is kebab-case: lowercase ASCII letters and digits in words joined
/// by single hyphens.
pub fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        assert_eq!(
            Reference::parse("s/i"),
            Ok(Reference {
                scenario: Some("s".into()),
                item: "i".into()
            })
        );
        assert_eq!(Reference::parse("i").unwrap().to_string(), "i");
        for bad in ["", "/i", "s/", "a/b/c"] {
            assert!(Reference::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn kebab_case_ids() {
        assert!(is_kebab_case("alaska-summit"));
        assert!(is_kebab_case("w33"));
        for bad in ["", "Alaska", "a_b", "-a", "a-", "a--b", "a b"] {
            assert!(!is_kebab_case(bad), "{bad:?}");
        }
    }
}
