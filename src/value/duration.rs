//! Calendar durations such as `3d`, `2w`, `1m`, `1y`, and relative dues (`+30d`).

use std::fmt;

use chrono::{Days, Months, NaiveDate};

use super::{FIRST_DAY, LAST_DAY, ValueError, shown};

/// The unit of a [`Duration`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    Day,
    Week,
    Month,
    Year,
}

impl Unit {
    /// The unit's letter in a duration's text: `d`, `w`, `m` or `y`.
    pub fn letter(self) -> u8 {
        match self {
            Unit::Day => b'd',
            Unit::Week => b'w',
            Unit::Month => b'm',
            Unit::Year => b'y',
        }
    }
}

/// A calendar duration such as `3d`, `2w`, `1m` or `1y`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Duration {
    pub count: u32,
    pub unit: Unit,
}

/// The largest count a duration may have: about 27 years of days, enough for any
/// watch-item and small enough that no date arithmetic can overflow.
pub(super) const MAX_COUNT: u32 = 10_000;

impl Duration {
    pub const ZERO: Duration = Duration {
        count: 0,
        unit: Unit::Day,
    };

    pub fn days(count: u32) -> Self {
        Duration {
            count,
            unit: Unit::Day,
        }
    }

    /// Parses `N` + unit (`d`, `w`, `m`, `y`), e.g. `"3d"`. Whitespace is not allowed.
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        let unit_char = text.chars().last().ok_or(ValueError::EmptyDuration)?;
        let unit = match unit_char {
            'd' => Unit::Day,
            'w' => Unit::Week,
            'm' => Unit::Month,
            'y' => Unit::Year,
            _ => return Err(ValueError::DurationUnit(shown(text))),
        };
        let digits = &text[..text.len() - unit_char.len_utf8()];
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ValueError::DurationNumber(shown(text)));
        }
        let count: u32 = digits
            .parse()
            .ok()
            .filter(|&n| n <= MAX_COUNT)
            .ok_or_else(|| ValueError::DurationTooLong(shown(text)))?;
        Ok(Duration { count, unit })
    }

    /// `date + self`, clamping month ends and saturating at the calendar's end.
    pub fn add_to(self, date: NaiveDate) -> NaiveDate {
        self.shift(date, true)
    }

    /// `date + self`, or `None` past the calendar's end (9999-12-31), for a day
    /// the user asked for, where clamping would silently give another day.
    pub fn checked_add_to(self, date: NaiveDate) -> Option<NaiveDate> {
        let result = match self.unit {
            Unit::Day | Unit::Week => {
                date.checked_add_days(Days::new(u64::from(self.count) * self.days_per_unit()))
            }
            Unit::Month | Unit::Year => date.checked_add_months(Months::new(
                self.count.saturating_mul(self.months_per_unit()),
            )),
        };
        result.filter(|d| *d <= LAST_DAY)
    }

    /// `date - self`, clamping month ends and saturating at the calendar's start.
    pub fn sub_from(self, date: NaiveDate) -> NaiveDate {
        self.shift(date, false)
    }

    /// `date + k * self`, computed from `date` in one step so that month ends do
    /// not drift (Jan 31 + 2 × 1m is Mar 31, not Mar 28).
    pub fn add_times(self, date: NaiveDate, k: u32) -> NaiveDate {
        let count = self.count.saturating_mul(k).min(u32::MAX / 366);
        Duration {
            count,
            unit: self.unit,
        }
        .add_to(date)
    }

    fn shift(self, date: NaiveDate, forward: bool) -> NaiveDate {
        let limit = if forward { LAST_DAY } else { FIRST_DAY };
        let result = match self.unit {
            Unit::Day | Unit::Week => {
                let days = Days::new(u64::from(self.count) * self.days_per_unit());
                if forward {
                    date.checked_add_days(days)
                } else {
                    date.checked_sub_days(days)
                }
            }
            Unit::Month | Unit::Year => {
                let months = Months::new(self.count.saturating_mul(self.months_per_unit()));
                if forward {
                    date.checked_add_months(months)
                } else {
                    date.checked_sub_months(months)
                }
            }
        };
        result.unwrap_or(limit).clamp(FIRST_DAY, LAST_DAY)
    }

    fn days_per_unit(self) -> u64 {
        if self.unit == Unit::Week { 7 } else { 1 }
    }

    fn months_per_unit(self) -> u32 {
        if self.unit == Unit::Year { 12 } else { 1 }
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.count, char::from(self.unit.letter()))
    }
}

/// Parses a relative due such as `"+30d"`.
pub fn parse_relative(text: &str) -> Result<Duration, ValueError> {
    match text.strip_prefix('+') {
        Some(rest) => Duration::parse(rest),
        None => Err(ValueError::NotRelative(shown(text))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::{FIRST_DAY, LAST_DAY, parse_date};

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn durations_parse_each_unit() {
        assert_eq!(
            Duration::parse("3d"),
            Ok(Duration {
                count: 3,
                unit: Unit::Day
            })
        );
        assert_eq!(
            Duration::parse("2w"),
            Ok(Duration {
                count: 2,
                unit: Unit::Week
            })
        );
        assert_eq!(
            Duration::parse("1m"),
            Ok(Duration {
                count: 1,
                unit: Unit::Month
            })
        );
        assert_eq!(
            Duration::parse("10y"),
            Ok(Duration {
                count: 10,
                unit: Unit::Year
            })
        );
        assert_eq!(Duration::parse("0d"), Ok(Duration::ZERO));
    }

    #[test]
    fn durations_reject_malformed_text() {
        for bad in [
            "",
            "d",
            "3",
            "3x",
            "-3d",
            "+3d",
            "3 d",
            "3.5d",
            "99999999999d",
            "3D",
            "३d",
        ] {
            assert!(Duration::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn day_and_week_arithmetic() {
        assert_eq!(
            Duration::parse("3d").unwrap().add_to(d("2025-08-30")),
            d("2025-09-02")
        );
        assert_eq!(
            Duration::parse("2w").unwrap().add_to(d("2025-12-25")),
            d("2026-01-08")
        );
        assert_eq!(
            Duration::parse("7d").unwrap().sub_from(d("2025-03-03")),
            d("2025-02-24")
        );
    }

    #[test]
    fn month_arithmetic_clamps_to_month_end() {
        let m1 = Duration::parse("1m").unwrap();
        assert_eq!(m1.add_to(d("2025-01-31")), d("2025-02-28"));
        assert_eq!(m1.add_to(d("2024-01-31")), d("2024-02-29"));
        assert_eq!(m1.add_to(d("2025-03-31")), d("2025-04-30"));
        assert_eq!(m1.sub_from(d("2025-03-31")), d("2025-02-28"));
        assert_eq!(
            Duration::parse("1y").unwrap().add_to(d("2024-02-29")),
            d("2025-02-28")
        );
        // Repeated periods count from the start, so the month end does not drift.
        assert_eq!(m1.add_times(d("2025-01-31"), 2), d("2025-03-31"));
    }

    #[test]
    fn arithmetic_saturates_instead_of_overflowing() {
        let big = Duration::parse("10000y").unwrap();
        assert_eq!(big.add_to(d("2025-01-01")), LAST_DAY);
        assert_eq!(big.sub_from(d("2025-01-01")), FIRST_DAY);
        assert_eq!(big.add_times(d("2025-01-01"), u32::MAX), LAST_DAY);
        assert_eq!(Duration::days(1).add_to(LAST_DAY), LAST_DAY);
        assert_eq!(LAST_DAY.to_string(), "9999-12-31");
        assert_eq!(big.checked_add_to(d("2025-01-01")), None);
        assert_eq!(
            Duration::days(3).checked_add_to(d("2025-12-30")),
            Some(d("2026-01-02"))
        );
    }

    #[test]
    fn relative_dues_need_a_plus() {
        assert_eq!(parse_relative("+30d"), Ok(Duration::days(30)));
        assert!(parse_relative("30d").is_err());
        assert!(parse_relative("+").is_err());
    }
}
