//! Rendering through templates: the Tera engine with built-in templates and the
//! user's overrides ([`templates`]), the filters the templates use
//! ([`filters`]), the escapers of each format ([`escape`]), and the views they receive — dedicated `Serialize` structs, not
//! the domain types ([`digest`]).

pub mod calibration;
pub mod digest;
pub mod escape;
pub mod filters;
pub mod listing;
pub mod score_html;
pub mod show;
pub mod templates;
pub mod week;
