//! The JSON Schema (draft 2020-12) of a scenario file, for editors: taplo and
//! the editors built on it (Even Better TOML in VS Code, Helix, Neovim) complete
//! and check keys as the user types. The loader stays the authority — the schema
//! cannot say that forecasts sum to 1 or that a trigger's target exists — but
//! every key the loader knows is here, with its type, and nothing else is allowed.

use serde_json::{Value, json};

use crate::model::Priority;

/// Where `init` points taplo at the schema, and the id the schema gives itself.
pub const SCHEMA_ID: &str = "https://whatsnext.invalid/scenario.schema.json";

/// A calendar day as TOML writes it: a date, or a datetime (local or with an
/// offset), which counts on its day.
const DAY_PATTERN: &str =
    r"^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})?)?$";
const DURATION_PATTERN: &str = r"^\d+[dwmy]$";
const RELATIVE_PATTERN: &str = r"^\+\d+[dwmy]$";
const KEBAB_PATTERN: &str = r"^[a-z0-9]+(-[a-z0-9]+)*$";
/// A scenario id: printable, without whitespace, backticks or `/`.
const SCENARIO_ID_PATTERN: &str = "^[^\\s`/\\x00-\\x1f\\x7f]+$";

/// The schema as a JSON value.
pub fn scenario_schema() -> Value {
    let day = json!({ "type": "string", "pattern": DAY_PATTERN, "description": "A date (YYYY-MM-DD) or a datetime; a datetime counts on its calendar day in the local time zone." });
    let text = |description: &str| json!({ "type": "string", "description": description });
    let strings = |description: &str| json!({ "type": "array", "items": { "type": "string" }, "description": description });
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "whatsnext scenario",
        "description": "One scenario (the event a briefing reports) and its watch-items (the briefing's What's Next).",
        "type": "object",
        "properties": {
            "id": { "type": "string", "pattern": SCENARIO_ID_PATTERN, "description": "Name used in references (`scenario-id/item-id`); defaults to the file stem. Unique across all files." },
            "title": text("One line naming the event."),
            "date": { "$ref": "#/$defs/day", "description": "The day of the event or briefing; relative dues of untriggered items count from it." },
            "summary": text("The lead of the briefing."),
            "tags": strings("Labels for filtering (`--tag`) and for the scorecard's per-tag lines."),
            "actors": strings("The people and organisations involved."),
            "regions": strings("The places concerned."),
            "sources": { "$ref": "#/$defs/sources", "description": "Where the briefing's facts come from." },
            "brief": {
                "type": "object",
                "description": "The briefing's 5W1H, free text each.",
                "properties": {
                    "who": text("Who is involved."),
                    "what": text("What happened."),
                    "when": text("When it happened."),
                    "where": text("Where it happened."),
                    "why": text("Why it happened."),
                    "how": text("How it happened."),
                    "impact": text("What it changes.")
                },
                "additionalProperties": false
            },
            "watch": { "type": "array", "items": { "$ref": "#/$defs/item" }, "description": "The watch-items, written as [[watch]] tables." }
        },
        "required": ["title", "date"],
        "additionalProperties": false,
        "$defs": {
            "day": day,
            "sources": {
                "type": "array",
                "items": {
                    "anyOf": [
                        { "type": "string", "description": "A URL." },
                        {
                            "type": "object",
                            "properties": { "title": text("What the source is."), "url": text("Its URL.") },
                            "required": ["url"],
                            "additionalProperties": false
                        }
                    ]
                }
            },
            "item": item_schema()
        }
    })
}

/// The schema of one watch-item (a `[[watch]]` table).
fn item_schema() -> Value {
    let text = |description: &str| json!({ "type": "string", "description": description });
    let strings = |description: &str| json!({ "type": "array", "items": { "type": "string" }, "description": description });
    let duration = |description: &str| json!({ "type": "string", "pattern": DURATION_PATTERN, "description": description });
    let note_entry = json!({
        "type": "object",
        "description": "A dated note on the item.",
        "properties": {
            "on": { "$ref": "#/$defs/day", "description": "The day of the entry." },
            "note": text("What was checked or what changed."),
            "check": { "type": "boolean", "description": "Whether the entry counts as a standing watch's check for its period (default true)." }
        },
        "required": ["on", "note"],
        "additionalProperties": false
    });
    json!({
        "type": "object",
        "description": "A watch-item: something expected to happen.",
        "properties": {
            "id": { "type": "string", "pattern": KEBAB_PATTERN, "description": "Kebab-case, unique within the scenario." },
            "title": text("One line naming what to watch."),
            "question": text("The question the item answers."),
            "criteria": text("What counts as each outcome, so that the resolution is not a matter of opinion."),
            "due": {
                "description": "The due day: a date, a datetime, or a relative due such as \"+30d\" (from the trigger, else the scenario date).",
                "anyOf": [
                    { "$ref": "#/$defs/day" },
                    { "type": "string", "pattern": RELATIVE_PATTERN }
                ]
            },
            "lead": duration("How long before the due day the item counts as due (default: config `lead`, 7d)."),
            "grace": duration("How long after the due day before it counts as overdue (default: config `grace`, 0d)."),
            "outcomes": { "type": "array", "items": { "type": "string" }, "minItems": 2, "uniqueItems": true, "description": "The possible outcomes (default: yes, no)." },
            "forecast": {
                "type": "array",
                "description": "Dated probability forecasts.",
                "items": {
                    "type": "object",
                    "properties": {
                        "on": { "$ref": "#/$defs/day", "description": "The day of the forecast." },
                        "p": {
                            "description": "The probability of yes (a yes/no item), or a table outcome = probability summing to 1.",
                            "anyOf": [
                                { "type": "number", "minimum": 0, "maximum": 1 },
                                { "type": "object", "additionalProperties": { "type": "number", "minimum": 0, "maximum": 1 } }
                            ]
                        },
                        "by": { "type": "string", "minLength": 1, "pattern": "\\S", "description": "Who made the forecast (default: unattributed)." }
                    },
                    "required": ["on", "p"],
                    "additionalProperties": false
                }
            },
            "signposts": {
                "type": "array",
                "description": "Early signs to look out for.",
                "items": {
                    "anyOf": [
                        { "type": "string" },
                        {
                            "type": "object",
                            "properties": {
                                "text": text("The sign."),
                                "observed": { "$ref": "#/$defs/day", "description": "The day it was seen." }
                            },
                            "required": ["text"],
                            "additionalProperties": false
                        }
                    ]
                }
            },
            "tags": strings("Labels of the item."),
            "priority": { "type": "string", "enum": Priority::NAMES, "description": "How much it matters (default: normal)." },
            "trigger": {
                "type": "array",
                "description": "The item fires on the earliest day any of these fires; until then it is pending.",
                "items": {
                    "type": "object",
                    "properties": {
                        "on": { "$ref": "#/$defs/day", "description": "Fires on this day." },
                        "after": { "type": "string", "description": "Fires when this item (`item-id` or `scenario-id/item-id`) is resolved." },
                        "outcome": { "type": "array", "items": { "type": "string" }, "description": "Only when the target resolved with one of these outcomes." }
                    },
                    "additionalProperties": false
                }
            },
            "every": duration("A standing watch: due again every period."),
            "until": { "$ref": "#/$defs/day", "description": "The end of an `every` series." },
            "resolution": {
                "type": "object",
                "description": "What happened.",
                "properties": {
                    "on": { "$ref": "#/$defs/day", "description": "The day it happened." },
                    "outcome": text("One of the item's outcomes."),
                    "note": text("What happened, in a sentence."),
                    "sources": { "$ref": "#/$defs/sources", "description": "Where the outcome is reported." }
                },
                "required": ["on", "outcome"],
                "additionalProperties": false
            },
            "dropped": {
                "type": "object",
                "description": "The item is no longer watched.",
                "properties": {
                    "on": { "$ref": "#/$defs/day", "description": "The day it was dropped." },
                    "reason": text("Why.")
                },
                "required": ["on", "reason"],
                "additionalProperties": false
            },
            "log": { "type": "array", "items": note_entry, "description": "Dated notes; every edit appends one." }
        },
        "required": ["id", "title"],
        "additionalProperties": false
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(v: &Value) -> Vec<&str> {
        let mut k: Vec<&str> = v["properties"]
            .as_object()
            .expect("properties")
            .keys()
            .map(String::as_str)
            .collect();
        k.sort_unstable();
        k
    }

    fn sorted<'a>(list: &[&'a str]) -> Vec<&'a str> {
        let mut v = list.to_vec();
        v.sort_unstable();
        v
    }

    #[test]
    fn the_schema_knows_the_keys_the_loader_knows() {
        let schema = scenario_schema();
        assert_eq!(keys(&schema), sorted(crate::load::SCENARIO_KEYS));
        assert_eq!(
            keys(&schema["$defs"]["item"]),
            sorted(crate::load::ITEM_KEYS)
        );
    }

    #[test]
    fn every_object_forbids_other_keys() {
        fn walk(v: &Value, path: &str) {
            match v {
                Value::Object(map) => {
                    if map.get("type") == Some(&json!("object")) && map.contains_key("properties") {
                        assert_eq!(
                            map.get("additionalProperties"),
                            Some(&json!(false)),
                            "{path}"
                        );
                    }
                    for (k, child) in map {
                        walk(child, &format!("{path}/{k}"));
                    }
                }
                Value::Array(items) => items.iter().for_each(|c| walk(c, path)),
                _ => {}
            }
        }
        walk(&scenario_schema(), "#");
    }
}
