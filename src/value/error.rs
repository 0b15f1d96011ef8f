//! Why a value was refused. Each variant carries the user's text as it is quoted in
//! the message ([`super::shown`]), so the message is the variant's `Display`.

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ValueError {
    #[error("empty duration: expected a number and a unit, like \"3d\"")]
    EmptyDuration,
    #[error("invalid duration \"{0}\": expected a number and a unit d, w, m or y, like \"3d\"")]
    DurationUnit(String),
    #[error("invalid duration \"{0}\": expected a whole number before the unit, like \"3d\"")]
    DurationNumber(String),
    #[error("invalid duration \"{0}\": at most {max} units", max = super::duration::MAX_COUNT)]
    DurationTooLong(String),
    #[error("invalid due \"{0}\": expected a date, a datetime or a relative due like \"+30d\"")]
    NotRelative(String),
    #[error("invalid date {0}: a time without a date; expected YYYY-MM-DD")]
    TimeWithoutDate(String),
    #[error("invalid date {0}: no such day")]
    NoSuchDay(String),
    #[error("invalid date \"{0}\": no such day")]
    NoSuchDayQuoted(String),
    #[error("invalid date {0}: no such time")]
    NoSuchTime(String),
    #[error("invalid date \"{0}\": expected YYYY-MM-DD")]
    DateShape(String),
    #[error("\"{0}\" is past 9999-12-31, the last day whatsnext writes")]
    PastCalendar(String),
    #[error("invalid reference \"{0}\": expected `item-id` or `scenario-id/item-id`")]
    Reference(String),
}
