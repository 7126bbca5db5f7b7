//! GDELT 2.0 event-table export: one tab-separated line of the 61 columns per event, and the
//! header. Columns Khabar knows are filled (ids, dates, actors, codes, QuadClass, Goldstein,
//! mention counts, place names and country codes, DATEADDED, SOURCEURL); the rest (ethnic,
//! religion and type codes, ADM codes, coordinates, feature ids, tone) are left empty or 0.
//!
//! What it deliberately does not do: geocode (no latitude/longitude without a gazetteer at
//! hand) or compute tone.

use khabar_core::{Document, Event, PartialDate};

/// The 61 column names of the GDELT 2.0 event table, tab-separated.
pub const GDELT_HEADER: &str = "GlobalEventID\tDay\tMonthYear\tYear\tFractionDate\t\
Actor1Code\tActor1Name\tActor1CountryCode\tActor1KnownGroupCode\tActor1EthnicCode\t\
Actor1Religion1Code\tActor1Religion2Code\tActor1Type1Code\tActor1Type2Code\tActor1Type3Code\t\
Actor2Code\tActor2Name\tActor2CountryCode\tActor2KnownGroupCode\tActor2EthnicCode\t\
Actor2Religion1Code\tActor2Religion2Code\tActor2Type1Code\tActor2Type2Code\tActor2Type3Code\t\
IsRootEvent\tEventCode\tEventBaseCode\tEventRootCode\tQuadClass\tGoldsteinScale\t\
NumMentions\tNumSources\tNumArticles\tAvgTone\t\
Actor1Geo_Type\tActor1Geo_FullName\tActor1Geo_CountryCode\tActor1Geo_ADM1Code\tActor1Geo_ADM2Code\t\
Actor1Geo_Lat\tActor1Geo_Long\tActor1Geo_FeatureID\t\
Actor2Geo_Type\tActor2Geo_FullName\tActor2Geo_CountryCode\tActor2Geo_ADM1Code\tActor2Geo_ADM2Code\t\
Actor2Geo_Lat\tActor2Geo_Long\tActor2Geo_FeatureID\t\
ActionGeo_Type\tActionGeo_FullName\tActionGeo_CountryCode\tActionGeo_ADM1Code\tActionGeo_ADM2Code\t\
ActionGeo_Lat\tActionGeo_Long\tActionGeo_FeatureID\tDATEADDED\tSOURCEURL";

/// Number of columns of a GDELT 2.0 event line.
pub const GDELT_COLUMNS: usize = 61;

fn clean(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c == '\t' || c == '\n' || c == '\r' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// The event's date, completed from the publication date where the text left the year out;
/// else the publication date.
fn event_day(doc: &Document, ev: &Event) -> Option<PartialDate> {
    match (ev.date, doc.published) {
        (Some(d), Some(p)) if d.year.is_none() => Some(PartialDate { year: p.year, ..d }),
        (Some(d), _) => Some(d),
        (None, p) => p,
    }
}

/// Actor code, name and country (the first three letters of the code when they form a
/// country code).
fn actor_cols(a: Option<&khabar_core::ActorRef>) -> [String; 10] {
    let mut cols: [String; 10] = Default::default();
    if let Some(a) = a {
        let code = a.code.clone().unwrap_or_default();
        let code_compact: String = code.split_whitespace().collect();
        let country = code
            .split_whitespace()
            .next()
            .filter(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()))
            .unwrap_or("")
            .to_string();
        let role = code.split_whitespace().nth(1).unwrap_or("").to_string();
        cols[0] = clean(&code_compact);
        cols[1] = clean(&a.name.to_uppercase());
        cols[2] = country;
        cols[7] = clean(&role);
    }
    cols
}

/// One GDELT 2.0 event line (61 tab-separated columns, no newline).
pub fn gdelt_row(doc: &Document, ev: &Event, global_id: u64) -> String {
    let day = event_day(doc, ev);
    let (day_s, month_year, year, fraction) = match day {
        Some(PartialDate {
            year: Some(y),
            month,
            day,
        }) => {
            let m = month.unwrap_or(1);
            let d = day.unwrap_or(1);
            let doy = PartialDate::ymd(y, m, d)
                .to_days()
                .zip(PartialDate::ymd(y, 1, 1).to_days())
                .map(|(a, b)| a - b + 1)
                .unwrap_or(1);
            (
                format!("{y:04}{m:02}{d:02}"),
                format!("{y:04}{m:02}"),
                format!("{y:04}"),
                format!("{:.4}", y as f64 + doy as f64 / 365.0),
            )
        }
        _ => Default::default(),
    };
    let root = ev.code.get(..2).unwrap_or("");
    let base = ev.code.get(..3).unwrap_or(&ev.code);
    let mentions = 1 + ev.also.len();
    let place = ev.place.as_ref();
    let geo = |p: Option<&khabar_core::ActorRef>| -> [String; 8] {
        let mut g: [String; 8] = Default::default();
        if let Some(p) = p {
            // 1 = country, 4 = world city/place (GDELT's geo types).
            let is_country = p.code.as_deref().map(|c| c.len() == 3).unwrap_or(false)
                && p.id.to_ascii_lowercase().contains("country");
            g[0] = if is_country { "1".into() } else { "4".into() };
            g[1] = clean(&p.name);
            g[2] = p.code.clone().unwrap_or_default();
        }
        g
    };
    let mut cols: Vec<String> = Vec::with_capacity(GDELT_COLUMNS);
    cols.push(global_id.to_string());
    cols.push(day_s);
    cols.push(month_year);
    cols.push(year);
    cols.push(fraction);
    cols.extend(actor_cols(Some(&ev.source)));
    cols.extend(actor_cols(ev.target.as_ref()));
    cols.push("1".into());
    cols.push(ev.code.clone());
    cols.push(base.to_string());
    cols.push(root.to_string());
    cols.push(ev.quad_class.to_string());
    cols.push(format!("{:.1}", ev.goldstein));
    cols.push(mentions.to_string());
    cols.push("1".into());
    cols.push("1".into());
    cols.push("0".into());
    cols.extend(geo(None));
    cols.extend(geo(None));
    cols.extend(geo(place));
    let added = doc
        .published
        .filter(|p| p.is_complete())
        .map(|p| {
            format!(
                "{:04}{:02}{:02}000000",
                p.year.unwrap_or(0),
                p.month.unwrap_or(0),
                p.day.unwrap_or(0)
            )
        })
        .unwrap_or_default();
    cols.push(added);
    cols.push(clean(doc.url.as_deref().unwrap_or(&doc.source)));
    cols.join("\t")
}
