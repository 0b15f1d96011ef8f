//! Value rules of the file format (SPEC §1.2): durations, dates and datetimes,
//! relative dues, references. Pure functions; nothing here reads the clock.
//!
//! Invariant: every calendar operation clamps instead of failing — adding a month
//! to January 31 gives the last day of February — and saturates at chrono's range
//! instead of overflowing.

use std::fmt;

use chrono::{Datelike, Days, Local, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

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

/// The calendar's range for computed days: four-digit years, so that every date
/// the tool writes (JSON, iCalendar, TOML) stays in the format its readers expect.
pub const FIRST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(1, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};
pub const LAST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

/// A calendar duration such as `3d`, `2w`, `1m` or `1y`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Duration {
    pub count: u32,
    pub unit: Unit,
}

/// The largest count a duration may have: about 27 years of days, enough for any
/// watch-item and small enough that no date arithmetic can overflow.
const MAX_COUNT: u32 = 10_000;

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
    pub fn parse(text: &str) -> Result<Self, String> {
        let unit_char = text.chars().last().ok_or_else(|| {
            "empty duration: expected a number and a unit, like \"3d\"".to_string()
        })?;
        let unit = match unit_char {
            'd' => Unit::Day,
            'w' => Unit::Week,
            'm' => Unit::Month,
            'y' => Unit::Year,
            _ => {
                return Err(format!(
                    "invalid duration \"{}\": expected a number and a unit d, w, m or y, like \"3d\"",
                    shown(text)
                ));
            }
        };
        let digits = &text[..text.len() - unit_char.len_utf8()];
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "invalid duration \"{}\": expected a whole number before the unit, like \"3d\"",
                shown(text)
            ));
        }
        let count: u32 = digits
            .parse()
            .ok()
            .filter(|&n| n <= MAX_COUNT)
            .ok_or_else(|| {
                format!(
                    "invalid duration \"{}\": at most {MAX_COUNT} units",
                    shown(text)
                )
            })?;
        Ok(Duration { count, unit })
    }

    /// `date + self`, clamping month ends and saturating at the calendar's end.
    pub fn add_to(self, date: NaiveDate) -> NaiveDate {
        self.shift(date, true)
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
pub fn parse_relative(text: &str) -> Result<Duration, String> {
    match text.strip_prefix('+') {
        Some(rest) => Duration::parse(rest),
        None => Err(format!(
            "invalid due \"{}\": expected a date, a datetime or a relative due like \"+30d\"",
            shown(text)
        )),
    }
}

/// Converts a TOML datetime into the calendar day it counts on: a date as is; a
/// local datetime on its own date; a datetime with an offset on its day in the
/// local time zone (`TZ`). A bare time has no day and is an error.
pub fn toml_to_date(dt: &toml::value::Datetime) -> Result<NaiveDate, String> {
    toml_to_date_in(dt, &Local)
}

/// [`toml_to_date`] in the given time zone.
pub fn toml_to_date_in<Tz: TimeZone>(
    dt: &toml::value::Datetime,
    zone: &Tz,
) -> Result<NaiveDate, String> {
    let Some(d) = dt.date else {
        return Err(format!(
            "invalid date {dt}: a time without a date; expected YYYY-MM-DD"
        ));
    };
    let date = NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
        .ok_or_else(|| format!("invalid date {dt}: no such day"))?;
    let (Some(t), Some(offset)) = (dt.time, dt.offset) else {
        return Ok(date);
    };
    let time = NaiveTime::from_hms_nano_opt(
        u32::from(t.hour),
        u32::from(t.minute),
        u32::from(t.second.unwrap_or(0)).min(59),
        t.nanosecond.unwrap_or(0),
    )
    .ok_or_else(|| format!("invalid date {dt}: no such time"))?;
    let minutes = match offset {
        toml::value::Offset::Z => 0,
        toml::value::Offset::Custom { minutes } => i32::from(minutes),
    };
    let utc = NaiveDateTime::new(date, time) - chrono::Duration::minutes(i64::from(minutes));
    Ok(zone.from_utc_datetime(&utc).date_naive())
}

/// Parses `YYYY-MM-DD` as given on the command line.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let ok_shape = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !ok_shape {
        return Err(format!(
            "invalid date \"{}\": expected YYYY-MM-DD",
            shown(text)
        ));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("invalid date \"{text}\": no such day"))
}

/// Parses a command-line date that may also be relative to `today`: `YYYY-MM-DD`,
/// `today`, or `+N` unit (`+7d`).
pub fn parse_date_or_relative(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    if text == "today" {
        return Ok(today);
    }
    if text.starts_with('+') {
        return parse_relative(text).map(|d| d.add_to(today));
    }
    parse_date(text)
}

/// A reference to a watch-item: `item-id` in the same scenario, or
/// `scenario-id/item-id`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Reference {
    pub scenario: Option<String>,
    pub item: String,
}

impl Reference {
    pub fn parse(text: &str) -> Result<Self, String> {
        let (scenario, item) = match text.split_once('/') {
            Some((s, i)) => (Some(s), i),
            None => (None, text),
        };
        if item.is_empty() || item.contains('/') || scenario.is_some_and(str::is_empty) {
            return Err(format!(
                "invalid reference \"{}\": expected `item-id` or `scenario-id/item-id`",
                shown(text)
            ));
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

/// `n` in decimal, written into the end of `buf` without the formatter (long
/// listings write a number per row): the digits as text.
pub fn decimal(n: u64, buf: &mut [u8; 20]) -> &str {
    let mut at = buf.len();
    let mut n = n;
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Only ASCII digits were written.
    std::str::from_utf8(&buf[at..]).unwrap_or_default()
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

/// The ISO week containing `date`, as `2025-W33`.
pub fn iso_week_label(date: NaiveDate) -> String {
    let w = date.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

/// User text as quoted in a message: control characters escaped, so that a file
/// cannot break the one-line message or drive the terminal, and long text cut
/// to its first 60 characters, so that a runaway key does not flood the screen.
pub fn shown(text: &str) -> String {
    const MAX_CHARS: usize = 60;
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == MAX_CHARS {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// A list of user values for a message, each as [`shown`].
pub fn shown_list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| shown(s))
        .collect::<Vec<_>>()
        .join(", ")
}

/// " (did you mean `x`?)" with the closest of `candidates` ([`suggest`]), or
/// nothing: the hint that ends a message about an unknown name.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    suggest(word, candidates)
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default()
}

/// The closest of `candidates` to `word`, when it is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    let word_len = word.chars().count();
    for c in candidates {
        let c_len = c.chars().count();
        let limit = (word_len.max(c_len) / 3).max(1);
        // The distance is at least the difference in length: skip hopeless
        // candidates without the quadratic comparison (a key can be megabytes).
        if word_len.abs_diff(c_len) > limit {
            continue;
        }
        let d = edit_distance(word, c);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Edit distance counting a swap of two neighbouring characters as one edit
/// (optimal string alignment), so the commonest typo, `titel`, is one edit from
/// `title`.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 0..a.len() {
        let mut cur = vec![i + 1; b.len() + 1];
        for j in 0..b.len() {
            let cost = usize::from(a[i] != b[j]);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            if i > 0 && j > 0 && a[i] == b[j - 1] && a[i - 1] == b[j] {
                cur[j + 1] = cur[j + 1].min(before[j - 1] + 1);
            }
        }
        before = std::mem::replace(&mut prev, cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_writes_what_display_writes() {
        for n in [0, 7, 10, 99, 1_000, 10_000, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(decimal(n, &mut [0; 20]), n.to_string());
        }
    }

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
    }

    #[test]
    fn relative_dues_need_a_plus() {
        assert_eq!(parse_relative("+30d"), Ok(Duration::days(30)));
        assert!(parse_relative("30d").is_err());
        assert!(parse_relative("+").is_err());
    }

    #[test]
    fn command_line_dates() {
        let today = d("2025-08-20");
        assert_eq!(parse_date_or_relative("today", today), Ok(today));
        assert_eq!(parse_date_or_relative("+7d", today), Ok(d("2025-08-27")));
        assert_eq!(
            parse_date_or_relative("2025-09-01", today),
            Ok(d("2025-09-01"))
        );
        assert!(parse_date("2025-02-30").is_err());
        assert!(parse_date("2025-2-3").is_err());
        assert!(parse_date("20250203").is_err());
    }

    fn toml_dt(s: &str) -> toml::value::Datetime {
        s.parse().unwrap()
    }

    #[test]
    fn toml_dates_and_local_datetimes_keep_their_day() {
        assert_eq!(toml_to_date(&toml_dt("2025-08-15")), Ok(d("2025-08-15")));
        assert_eq!(
            toml_to_date(&toml_dt("2025-08-15T23:59:00")),
            Ok(d("2025-08-15"))
        );
        assert!(toml_to_date(&toml_dt("23:59:00")).is_err());
    }

    #[test]
    fn offset_datetimes_count_on_their_day_in_the_zone() {
        use chrono::FixedOffset;
        // 23:30 in UTC−8 is 07:30 UTC the next day.
        let late = toml_dt("2025-08-15T23:30:00-08:00");
        let utc = FixedOffset::east_opt(0).unwrap();
        let los_angeles = FixedOffset::west_opt(8 * 3600).unwrap();
        let tokyo = FixedOffset::east_opt(9 * 3600).unwrap();
        assert_eq!(toml_to_date_in(&late, &utc), Ok(d("2025-08-16")));
        assert_eq!(toml_to_date_in(&late, &los_angeles), Ok(d("2025-08-15")));
        assert_eq!(toml_to_date_in(&late, &tokyo), Ok(d("2025-08-16")));
        let early = toml_dt("2025-08-15T00:30:00Z");
        assert_eq!(toml_to_date_in(&early, &los_angeles), Ok(d("2025-08-14")));
        assert_eq!(toml_to_date_in(&early, &utc), Ok(d("2025-08-15")));
        // A datetime without an offset is local time already: its own date.
        let local = toml_dt("2025-08-15T23:30:00");
        assert_eq!(toml_to_date_in(&local, &tokyo), Ok(d("2025-08-15")));
    }

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

    #[test]
    fn iso_weeks_use_the_iso_year() {
        assert_eq!(iso_week_label(d("2024-12-30")), "2025-W01");
        assert_eq!(iso_week_label(d("2025-08-12")), "2025-W33");
    }

    #[test]
    fn suggestions_find_close_words_only() {
        let keys = ["title", "tags", "date"];
        assert_eq!(suggest("tittle", keys), Some("title"));
        assert_eq!(suggest("zzz", keys), None);
    }

    #[test]
    fn shown_text_is_escaped_and_cut() {
        assert_eq!(shown("no-deal"), "no-deal");
        assert_eq!(shown("a\u{1b}[31m\nb"), "a\\u{1b}[31m\\nb");
        let long = "k".repeat(10_000);
        assert_eq!(shown(&long), format!("{}…", "k".repeat(60)));
    }

    #[test]
    fn suggestions_skip_words_of_a_very_different_length() {
        let long = "t".repeat(1_000_000);
        assert_eq!(suggest(&long, ["title", "tags"]), None);
    }

    #[test]
    fn a_swap_of_two_letters_is_one_edit() {
        assert_eq!(edit_distance("titel", "title"), 1);
        assert_eq!(edit_distance("title", "title"), 0);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(suggest("titel", ["title", "tags"]), Some("title"));
        assert_eq!(suggest("dtae", ["date", "due"]), Some("date"));
    }
}
