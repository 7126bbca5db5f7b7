//! Dates as news text gives them: often a day and month without a year ("9 May"), sometimes
//! only a month. [`PartialDate`] keeps exactly what was read and prints in the record's forms:
//! `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, `--MM-DD` (year not read) and `--MM`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A calendar date (proleptic Gregorian) of which any part may be unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct PartialDate {
    pub year: Option<i32>,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl PartialDate {
    pub const fn ymd(year: i32, month: u8, day: u8) -> Self {
        Self {
            year: Some(year),
            month: Some(month),
            day: Some(day),
        }
    }

    /// Whether the parts that are present form a possible date.
    pub fn is_valid(&self) -> bool {
        match (self.year, self.month, self.day) {
            (_, None, Some(_)) => false,
            (_, Some(m), _) if !(1..=12).contains(&m) => false,
            (y, Some(m), Some(d)) => d >= 1 && d <= days_in_month(y.unwrap_or(2000), m),
            (None, None, None) => false,
            _ => true,
        }
    }

    pub const fn is_complete(&self) -> bool {
        self.year.is_some() && self.month.is_some() && self.day.is_some()
    }

    /// Parse `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, `--MM-DD`, `--MM`; also accepts an RFC 3339
    /// timestamp's leading date (`2024-02-15T10:00:00Z`).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        let num = |t: &str| -> Option<u32> {
            if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
                None
            } else {
                t.parse().ok()
            }
        };
        let d = if let Some(rest) = s.strip_prefix("--") {
            let mut it = rest.splitn(2, '-');
            let m = num(it.next()?)?;
            let day = match it.next() {
                Some(t) => Some(num(t.get(..2).unwrap_or(t))? as u8),
                None => None,
            };
            PartialDate {
                year: None,
                month: Some(m as u8),
                day,
            }
        } else {
            let head = s.get(..10.min(s.len())).unwrap_or(s);
            let mut it = head.splitn(3, '-');
            let y = num(it.next()?)?;
            if !(1..=9999).contains(&y) {
                return None;
            }
            let m = match it.next() {
                Some(t) => Some(num(t)?),
                None => None,
            };
            let day = match it.next() {
                Some(t) => Some(num(t)?),
                None => None,
            };
            PartialDate {
                year: Some(y as i32),
                month: m.map(|v| v as u8),
                day: day.map(|v| v as u8),
            }
        };
        d.is_valid().then_some(d)
    }

    /// Day of the week, 0 = Monday .. 6 = Sunday, when the date is complete.
    pub fn weekday(&self) -> Option<u8> {
        let (y, m, d) = (self.year?, self.month? as i32, self.day? as i32);
        Some(weekday(y, m, d))
    }

    /// Days since 1970-01-01 when complete.
    pub fn to_days(&self) -> Option<i64> {
        Some(days_from_civil(
            self.year?,
            self.month? as i32,
            self.day? as i32,
        ))
    }

    pub fn from_days(days: i64) -> Self {
        let (y, m, d) = civil_from_days(days);
        Self::ymd(y, m as u8, d as u8)
    }

    /// Add days to a complete date.
    pub fn add_days(&self, n: i64) -> Option<Self> {
        Some(Self::from_days(self.to_days()? + n))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.year, self.month, self.day) {
            (Some(y), Some(m), Some(d)) => write!(f, "{y:04}-{m:02}-{d:02}"),
            (Some(y), Some(m), None) => write!(f, "{y:04}-{m:02}"),
            (Some(y), None, _) => write!(f, "{y:04}"),
            (None, Some(m), Some(d)) => write!(f, "--{m:02}-{d:02}"),
            (None, Some(m), None) => write!(f, "--{m:02}"),
            (None, None, _) => Ok(()),
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        PartialDate::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("not a date: {s:?}")))
    }
}

pub fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Howard Hinnant's days_from_civil.
fn days_from_civil(y: i32, m: i32, d: i32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y } as i64;
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((if m <= 2 { y + 1 } else { y }) as i32, m, d)
}

fn weekday(y: i32, m: i32, d: i32) -> u8 {
    // 1970-01-01 was a Thursday (3 with Monday = 0).
    ((days_from_civil(y, m, d) + 3).rem_euclid(7)) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_round_trip() {
        for s in ["2024-02-15", "2024-02", "2024", "--05-09", "--08"] {
            assert_eq!(
                PartialDate::parse(s).map(|d| d.to_string()).as_deref(),
                Some(s)
            );
        }
        assert_eq!(
            PartialDate::parse("2024-02-15T10:00:00Z"),
            Some(PartialDate::ymd(2024, 2, 15))
        );
        assert_eq!(PartialDate::parse("2023-02-29"), None);
        assert_eq!(PartialDate::parse("XNUMX"), None);
    }

    #[test]
    fn weekdays() {
        // 2024-02-15 was a Thursday.
        assert_eq!(PartialDate::ymd(2024, 2, 15).weekday(), Some(3));
        assert_eq!(PartialDate::ymd(2000, 1, 1).weekday(), Some(5));
        let d = PartialDate::ymd(2024, 2, 28);
        assert_eq!(d.add_days(2), Some(PartialDate::ymd(2024, 3, 1)));
    }
}
