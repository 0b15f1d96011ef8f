//! ISO 8601 weeks (Monday to Sunday) as the digest names them: `2025-W33`, or
//! `this`, `last` and `next` counted from today.
//!
//! The year of a week is its ISO year (`%G`), not the calendar year of its days:
//! Monday 2024-12-30 starts 2025-W01.

use std::fmt;

use chrono::{Datelike, Days, NaiveDate, Weekday};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IsoWeek {
    monday: NaiveDate,
}

impl IsoWeek {
    /// The week containing `day`.
    pub fn containing(day: NaiveDate) -> IsoWeek {
        let w = day.iso_week();
        // Every date chrono can hold has a Monday in chrono's range, except the
        // very first few days of its calendar; keep the day itself there.
        let monday = NaiveDate::from_isoywd_opt(w.year(), w.week(), Weekday::Mon).unwrap_or(day);
        IsoWeek { monday }
    }

    /// Parses `YYYY-Www` (`W` in either case), `this`, `last` or `next`.
    pub fn parse(text: &str, today: NaiveDate) -> Result<IsoWeek, String> {
        let this = IsoWeek::containing(today);
        match text.trim() {
            "this" => return Ok(this),
            "last" => return this.shifted(-1).ok_or_else(|| out_of_range(text)),
            "next" => return this.shifted(1).ok_or_else(|| out_of_range(text)),
            _ => {}
        }
        let invalid = || {
            format!(
                "invalid week \"{text}\": expected YYYY-Www (like 2025-W33), this, last or next"
            )
        };
        let (year, week) = text.trim().split_once(['W', 'w']).ok_or_else(invalid)?;
        let year = year.strip_suffix('-').unwrap_or(year);
        let digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
            n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
        };
        if !digits(year, 4..=4) || !digits(week, 1..=2) {
            return Err(invalid());
        }
        let (Ok(year), Ok(week)) = (year.parse::<i32>(), week.parse::<u32>()) else {
            return Err(invalid());
        };
        match NaiveDate::from_isoywd_opt(year, week, Weekday::Mon) {
            Some(monday) => Ok(IsoWeek { monday }),
            None => {
                let weeks =
                    NaiveDate::from_ymd_opt(year, 12, 28).map_or(52, |d| d.iso_week().week());
                Err(format!(
                    "invalid week \"{text}\": {year} has weeks 1 to {weeks}"
                ))
            }
        }
    }

    /// The week `n` weeks later (earlier when negative), if the calendar has it.
    pub fn shifted(self, n: i64) -> Option<IsoWeek> {
        let days = Days::new(n.unsigned_abs() * 7);
        let monday = if n >= 0 {
            self.monday.checked_add_days(days)
        } else {
            self.monday.checked_sub_days(days)
        }?;
        Some(IsoWeek { monday })
    }

    pub fn monday(self) -> NaiveDate {
        self.monday
    }

    pub fn sunday(self) -> NaiveDate {
        self.monday
            .checked_add_days(Days::new(6))
            .unwrap_or(NaiveDate::MAX)
    }

    /// The ISO year (`%G`).
    pub fn year(self) -> i32 {
        self.monday.iso_week().year()
    }

    /// The week number, 1 to 53 (`%V`).
    pub fn number(self) -> u32 {
        self.monday.iso_week().week()
    }

    pub fn contains(self, day: NaiveDate) -> bool {
        self.monday <= day && day <= self.sunday()
    }

    /// The week's days in words: "11–17 August 2025", "28 July – 3 August 2025",
    /// "29 December 2025 – 4 January 2026".
    pub fn dates(self) -> String {
        let (a, b) = (self.monday, self.sunday());
        if a.year() != b.year() {
            format!("{} – {}", a.format("%-d %B %Y"), b.format("%-d %B %Y"))
        } else if a.month() != b.month() {
            format!("{} – {}", a.format("%-d %B"), b.format("%-d %B %Y"))
        } else {
            format!("{}–{}", a.format("%-d"), b.format("%-d %B %Y"))
        }
    }
}

fn out_of_range(text: &str) -> String {
    format!("week \"{text}\" is outside the calendar")
}

impl fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-W{:02}", self.year(), self.number())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_iso_year_is_not_the_calendar_year() {
        let w = IsoWeek::containing(d("2024-12-30"));
        assert_eq!(w.to_string(), "2025-W01");
        assert_eq!(w.monday(), d("2024-12-30"));
        assert_eq!(w.sunday(), d("2025-01-05"));
        assert_eq!(IsoWeek::containing(d("2021-01-03")).to_string(), "2020-W53");
    }

    #[test]
    fn relative_weeks_count_from_today() {
        let today = d("2025-08-20");
        let p = |s| IsoWeek::parse(s, today).unwrap().to_string();
        assert_eq!(p("this"), "2025-W34");
        assert_eq!(p("last"), "2025-W33");
        assert_eq!(p("next"), "2025-W35");
        assert_eq!(p("2025-W33"), "2025-W33");
        assert_eq!(p("2025-w3"), "2025-W03");
        assert_eq!(p("2025W33"), "2025-W33");
    }

    #[test]
    fn impossible_weeks_are_refused() {
        let today = d("2025-08-20");
        for bad in [
            "2025-W00",
            "2025-W53",
            "2025-33",
            "W33",
            "2025-W333",
            "soon",
            "",
        ] {
            assert!(IsoWeek::parse(bad, today).is_err(), "{bad}");
        }
        assert!(IsoWeek::parse("2020-W53", today).is_ok());
        assert!(
            IsoWeek::parse("2025-W53", today)
                .unwrap_err()
                .contains("weeks 1 to 52")
        );
    }

    #[test]
    fn dates_span_months_and_years() {
        let w = |s| IsoWeek::containing(d(s)).dates();
        assert_eq!(w("2025-08-13"), "11–17 August 2025");
        assert_eq!(w("2025-07-30"), "28 July – 3 August 2025");
        assert_eq!(w("2025-12-31"), "29 December 2025 – 4 January 2026");
    }
}
