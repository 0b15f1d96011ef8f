//! Value rules of the file format (SPEC §1.2), one concept a file: durations,
//! calendar days, references and ids, and the wording of user values in messages.
//! Pure functions; nothing here reads the clock.
//!
//! Invariant: every calendar operation clamps instead of failing — adding a month
//! to January 31 gives the last day of February — and saturates at the calendar's
//! range instead of overflowing.

mod date;
mod duration;
mod error;
mod id;
mod message;

pub use date::{
    FIRST_DAY, LAST_DAY, iso_week_label, parse_date, parse_date_or_relative, toml_to_date,
    toml_to_date_in,
};
pub use duration::{Duration, Unit, parse_relative};
pub use error::ValueError;
pub use id::{Reference, is_kebab_case};
pub use message::{did_you_mean, shown, shown_list, suggest};
