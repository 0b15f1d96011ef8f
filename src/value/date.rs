//! Calendar days: TOML dates and datetimes, command-line dates, ISO weeks, and the
//! four-digit-year range every computed day stays in.

use chrono::{Datelike, Local, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

use super::{ValueError, parse_relative, shown};

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

/// Converts a TOML datetime into the calendar day it counts on: a date as is; a
/// local datetime on its own date; a datetime with an offset on its day in the
/// local time zone (`TZ`). A bare time has no day and is an error.
pub fn toml_to_date(dt: &toml::value::Datetime) -> Result<NaiveDate, ValueError> {
    toml_to_date_in(dt, &Local)
}

/// [`toml_to_date`] in the given time zone.
pub fn toml_to_date_in<Tz: TimeZone>(
    dt: &toml::value::Datetime,
    zone: &Tz,
) -> Result<NaiveDate, ValueError> {
    let Some(d) = dt.date else {
        return Err(ValueError::TimeWithoutDate(dt.to_string()));
    };
    let date = NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
        .ok_or_else(|| ValueError::NoSuchDay(dt.to_string()))?;
    let (Some(t), Some(offset)) = (dt.time, dt.offset) else {
        return Ok(date);
    };
    let time = NaiveTime::from_hms_nano_opt(
        u32::from(t.hour),
        u32::from(t.minute),
        u32::from(t.second.unwrap_or(0)).min(59),
        t.nanosecond.unwrap_or(0),
    )
    .ok_or_else(|| ValueError::NoSuchTime(dt.to_string()))?;
    let minutes = match offset {
        toml::value::Offset::Z => 0,
        toml::value::Offset::Custom { minutes } => i32::from(minutes),
    };
    let utc = NaiveDateTime::new(date, time) - chrono::Duration::minutes(i64::from(minutes));
    Ok(zone.from_utc_datetime(&utc).date_naive())
}

/// Parses `YYYY-MM-DD` as given on the command line.
pub fn parse_date(text: &str) -> Result<NaiveDate, ValueError> {
    let ok_shape = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !ok_shape {
        return Err(ValueError::DateShape(shown(text)));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| ValueError::NoSuchDayQuoted(text.to_string()))
}

/// Parses a command-line date that may also be relative to `today`: `YYYY-MM-DD`,
/// `today`, or `+N` unit (`+7d`).
pub fn parse_date_or_relative(text: &str, today: NaiveDate) -> Result<NaiveDate, ValueError> {
    if text == "today" {
        return Ok(today);
    }
    if text.starts_with('+') {
        let span = parse_relative(text)?;
        return span
            .checked_add_to(today)
            .ok_or_else(|| ValueError::PastCalendar(shown(text)));
    }
    parse_date(text)
}

/// The ISO week containing `date`, as `2025-W33`.
pub fn iso_week_label(date: NaiveDate) -> String {
    let w = date.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn toml_dt(s: &str) -> toml::value::Datetime {
        s.parse().unwrap()
    }

    #[test]
    fn command_line_dates() {
        let today = d("2025-08-20");
        assert_eq!(parse_date_or_relative("today", today), Ok(today));
        assert_eq!(parse_date_or_relative("+7d", today), Ok(d("2025-08-27")));
        assert!(parse_date_or_relative("+10000y", today).is_err());
        assert_eq!(
            parse_date_or_relative("2025-09-01", today),
            Ok(d("2025-09-01"))
        );
        assert!(parse_date("2025-02-30").is_err());
        assert!(parse_date("2025-2-3").is_err());
        assert!(parse_date("20250203").is_err());
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
    fn iso_weeks_use_the_iso_year() {
        assert_eq!(iso_week_label(d("2024-12-30")), "2025-W01");
        assert_eq!(iso_week_label(d("2025-08-12")), "2025-W33");
    }
}
