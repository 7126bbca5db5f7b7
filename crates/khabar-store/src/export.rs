//! Exports: document records as JSON Lines, events as GDELT 2.0 event rows (tab-separated,
//! the 61 columns of the GDELT event table, fields we do not have left empty), and the actor
//! graph as DOT or GraphML. Rows are read in pages by id so memory stays flat on big stores.

use crate::db::{Conn, Val};
use crate::error::Result;
use crate::query::{event_row, parse_record, EVENT_COLS};
use crate::types::{EventRow, Graph};
use std::io::Write;

const PAGE: usize = 500;

pub(crate) fn jsonl(conn: &mut Conn, w: &mut dyn Write) -> Result<u64> {
    let mut last = String::new();
    let mut n = 0u64;
    loop {
        let rows = conn.query(
            "SELECT id, text, record FROM documents WHERE id > ?1 ORDER BY id LIMIT ?2",
            &[Val::from(&last), Val::from(PAGE)],
        )?;
        let Some(end) = rows.last() else { break };
        last = end.first().map(Val::string).unwrap_or_default();
        for r in &rows {
            let text = r.get(1).map(Val::string).unwrap_or_default();
            let rec = parse_record(text, &r.get(2).map(Val::string).unwrap_or_default())?;
            serde_json::to_writer(&mut *w, &rec)?;
            w.write_all(b"\n")?;
            n += 1;
        }
    }
    Ok(n)
}

/// The GDELT 2.0 event table's column names, in order.
pub const GDELT_COLUMNS: [&str; 61] = [
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// A TSV field: tabs and line breaks become spaces.
fn field(s: &str) -> String {
    s.chars()
        .map(|c| {
            if matches!(c, '\t' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// Actor code parts: "LBY MIL" → ("LBYMIL", country "LBY", type "MIL").
fn actor_parts(code: Option<&str>) -> (String, String, String) {
    let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) else {
        return (String::new(), String::new(), String::new());
    };
    let parts: Vec<&str> = code.split_whitespace().collect();
    let joined = parts.concat();
    let first = parts.first().copied().unwrap_or("");
    let (country, kind) = if first.len() == 3 && first.bytes().all(|b| b.is_ascii_uppercase()) {
        (
            first.to_string(),
            parts.get(1).copied().unwrap_or("").to_string(),
        )
    } else {
        (String::new(), first.to_string())
    };
    (field(&joined), field(&country), field(&kind))
}

/// One GDELT row for an event (`n` is the GlobalEventID).
pub fn gdelt_row(n: u64, e: &EventRow, url: &str) -> String {
    let mut c: Vec<String> = vec![String::new(); 61];
    let set = |c: &mut Vec<String>, i: usize, v: String| {
        if let Some(slot) = c.get_mut(i) {
            *slot = v;
        }
    };
    set(&mut c, 0, n.to_string());
    if let Some(day) = e.day.as_deref().filter(|d| d.len() >= 10) {
        let ymd: String = day.chars().filter(char::is_ascii_digit).collect();
        let y: i32 = day.get(0..4).and_then(|s| s.parse().ok()).unwrap_or(0);
        let m: u32 = day.get(5..7).and_then(|s| s.parse().ok()).unwrap_or(1);
        let d: u32 = day.get(8..10).and_then(|s| s.parse().ok()).unwrap_or(1);
        let doy = khabar_core::PartialDate::ymd(y, m as u8, d as u8)
            .to_days()
            .zip(khabar_core::PartialDate::ymd(y, 1, 1).to_days())
            .map_or(0, |(a, b)| a - b + 1);
        set(&mut c, 1, ymd.clone());
        set(&mut c, 2, ymd.get(0..6).unwrap_or("").to_string());
        set(&mut c, 3, y.to_string());
        set(&mut c, 4, format!("{:.4}", y as f64 + doy as f64 / 365.0));
        set(&mut c, 59, format!("{ymd}000000"));
    }
    let (a1, a1c, a1t) = actor_parts(e.source_code.as_deref());
    set(&mut c, 5, a1);
    set(&mut c, 6, field(&e.source_name));
    set(&mut c, 7, a1c);
    set(&mut c, 12, a1t);
    if e.target_id.is_some() {
        let (a2, a2c, a2t) = actor_parts(e.target_code.as_deref());
        set(&mut c, 15, a2);
        set(&mut c, 16, field(e.target_name.as_deref().unwrap_or("")));
        set(&mut c, 17, a2c);
        set(&mut c, 22, a2t);
    }
    set(&mut c, 25, "1".into());
    set(&mut c, 26, field(&e.code));
    set(&mut c, 27, field(e.code.get(..3).unwrap_or(&e.code)));
    set(&mut c, 28, field(e.code.get(..2).unwrap_or(&e.code)));
    set(&mut c, 29, e.quad_class.to_string());
    set(&mut c, 30, format!("{:.1}", e.goldstein));
    set(&mut c, 31, "1".into());
    set(&mut c, 32, "1".into());
    set(&mut c, 33, "1".into());
    if let Some(p) = &e.place_name {
        set(&mut c, 51, "1".into());
        set(&mut c, 52, field(p));
        let (_, pc, _) = actor_parts(e.place_code.as_deref());
        set(&mut c, 53, pc);
    }
    set(&mut c, 60, field(url));
    c.join("\t")
}

pub(crate) fn gdelt(conn: &mut Conn, w: &mut dyn Write) -> Result<u64> {
    writeln!(w, "{}", GDELT_COLUMNS.join("\t"))?;
    let mut last = String::new();
    let mut n = 0u64;
    loop {
        let rows = conn.query(
            &format!(
                "SELECT {EVENT_COLS}, COALESCE(d.url, d.source) FROM events e
                 JOIN documents d ON d.id = e.doc_id
                 WHERE e.id > ?1 ORDER BY e.id LIMIT ?2"
            ),
            &[Val::from(&last), Val::from(PAGE)],
        )?;
        let Some(end) = rows.last() else { break };
        last = end.first().map(Val::string).unwrap_or_default();
        for r in &rows {
            let ev = event_row(r);
            n += 1;
            let url = r.get(23).map(Val::string).unwrap_or_default();
            writeln!(w, "{}", gdelt_row(n, &ev, &url))?;
        }
    }
    Ok(n)
}

/// Escape for an XML attribute or text.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// A DOT string literal.
fn dot(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl Graph {
    /// Graphviz DOT: nodes labelled with names, edges with weights and codes.
    pub fn to_dot(&self) -> String {
        let mut s = String::from("digraph khabar {\n");
        for n in &self.nodes {
            s.push_str(&format!(
                "  {} [label={}, weight={}];\n",
                dot(&n.id),
                dot(&n.name),
                n.weight
            ));
        }
        for e in &self.edges {
            s.push_str(&format!(
                "  {} -> {} [weight={}, label={}];\n",
                dot(&e.source),
                dot(&e.target),
                e.weight,
                dot(&e.codes.join(","))
            ));
        }
        s.push_str("}\n");
        s
    }

    /// GraphML with `name`, `kind`, `weight` node data and `weight`, `codes` edge data.
    pub fn to_graphml(&self) -> String {
        let mut s = String::from(concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
            "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n",
            "  <key id=\"name\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n",
            "  <key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n",
            "  <key id=\"nweight\" for=\"node\" attr.name=\"weight\" attr.type=\"long\"/>\n",
            "  <key id=\"eweight\" for=\"edge\" attr.name=\"weight\" attr.type=\"long\"/>\n",
            "  <key id=\"codes\" for=\"edge\" attr.name=\"codes\" attr.type=\"string\"/>\n",
            "  <graph id=\"khabar\" edgedefault=\"directed\">\n"
        ));
        for n in &self.nodes {
            s.push_str(&format!(
                "    <node id=\"{}\"><data key=\"name\">{}</data><data key=\"kind\">{}</data><data key=\"nweight\">{}</data></node>\n",
                xml(&n.id),
                xml(&n.name),
                xml(n.kind.as_deref().unwrap_or("")),
                n.weight
            ));
        }
        for e in &self.edges {
            s.push_str(&format!(
                "    <edge source=\"{}\" target=\"{}\"><data key=\"eweight\">{}</data><data key=\"codes\">{}</data></edge>\n",
                xml(&e.source),
                xml(&e.target),
                e.weight,
                xml(&e.codes.join(","))
            ));
        }
        s.push_str("  </graph>\n</graphml>\n");
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{GraphEdge, GraphNode};

    #[test]
    fn graph_formats_escape() {
        let g = Graph {
            nodes: vec![GraphNode {
                id: "new:a<b".into(),
                name: "A \"&\" B".into(),
                kind: None,
                weight: 2,
            }],
            edges: vec![GraphEdge {
                source: "new:a<b".into(),
                target: "x".into(),
                weight: 1,
                codes: vec!["042".into()],
            }],
        };
        let x = g.to_graphml();
        assert!(x.contains("new:a&lt;b") && x.contains("A &quot;&amp;&quot; B"));
        assert!(!x.contains("a<b"));
        let d = g.to_dot();
        assert!(d.contains("\"A \\\"&\\\" B\""));
    }

    #[test]
    fn actor_codes_split() {
        assert_eq!(
            actor_parts(Some("LBY MIL")),
            ("LBYMIL".into(), "LBY".into(), "MIL".into())
        );
        assert_eq!(
            actor_parts(None),
            (String::new(), String::new(), String::new())
        );
    }
}
