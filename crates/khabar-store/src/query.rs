//! The read side: search, events, entities, profiles, graph, timeline, counts. Names typed by
//! the user are resolved to entity ids through the stored mention surfaces and entity names
//! (exact, then normalized, then prefix, then word-in-name), so one query works in any script
//! that occurs in the store. Every value is bound as a parameter; only placeholders and fixed
//! fragments are ever formatted into SQL.

use crate::db::{Conn, Dialect, Row, Val};
use crate::error::{Result, StoreError};
use crate::types::*;
use khabar_core::PartialDate;
use khabar_text::normalize::normalize_str;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Rows returned when a caller passes `limit: 0`.
pub(crate) const DEFAULT_LIMIT: usize = 100;
/// Hard cap on one page.
const MAX_LIMIT: usize = 100_000;

fn limit(n: usize) -> usize {
    if n == 0 {
        DEFAULT_LIMIT
    } else {
        n.min(MAX_LIMIT)
    }
}

/// SQL text with numbered placeholders and their values, built together.
#[derive(Default)]
pub(crate) struct Sql {
    pub(crate) text: String,
    pub(crate) params: Vec<Val>,
}

impl Sql {
    fn new(text: &str) -> Self {
        Self {
            text: text.to_string(),
            params: Vec::new(),
        }
    }
    /// Bind a value; returns its placeholder.
    fn bind(&mut self, v: impl Into<Val>) -> String {
        self.params.push(v.into());
        format!("?{}", self.params.len())
    }
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
    }
    fn in_list(&mut self, column: &str, ids: &[String]) -> String {
        let ph: Vec<String> = ids.iter().map(|i| self.bind(i)).collect();
        format!("{column} IN ({})", ph.join(", "))
    }
}

/// Escape `%`, `_` and `\` for `LIKE ... ESCAPE '\'`.
fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn ids_of(rows: Vec<Row>) -> Vec<String> {
    let set: BTreeSet<String> = rows
        .into_iter()
        .filter_map(|r| r.first().and_then(Val::str))
        .collect();
    set.into_iter().collect()
}

/// Entity ids a name typed by the user may mean, in any script or spelling.
pub(crate) fn resolve(conn: &mut Conn, name: &str) -> Result<Vec<String>> {
    let name = name.trim();
    if name.is_empty() {
        return Ok(Vec::new());
    }
    let exact = ids_of(conn.query(
        "SELECT id FROM entities WHERE id = ?1 OR name = ?1
         UNION SELECT entity_id FROM names WHERE surface = ?1",
        &[Val::from(name)],
    )?);
    if !exact.is_empty() {
        return Ok(exact);
    }
    let norm = normalize_str(name);
    let norm = norm.trim();
    if norm.is_empty() {
        return Ok(Vec::new());
    }
    let same = ids_of(conn.query(
        "SELECT id FROM entities WHERE name_norm = ?1
         UNION SELECT entity_id FROM names WHERE surface_norm = ?1",
        &[Val::from(norm)],
    )?);
    if !same.is_empty() || norm.chars().count() < 3 {
        return Ok(same);
    }
    let prefix = match conn.dialect() {
        Dialect::Sqlite => ids_of(conn.query(
            "SELECT id FROM entities WHERE name_norm >= ?1 AND name_norm < ?2
             UNION SELECT entity_id FROM names WHERE surface_norm >= ?1 AND surface_norm < ?2",
            &[Val::from(norm), Val::from(format!("{norm}\u{10FFFF}"))],
        )?),
        Dialect::Postgres => ids_of(conn.query(
            "SELECT id FROM entities WHERE name_norm LIKE ?1 ESCAPE '\\'
             UNION SELECT entity_id FROM names WHERE surface_norm LIKE ?1 ESCAPE '\\'",
            &[Val::from(format!("{}%", like_escape(norm)))],
        )?),
    };
    if !prefix.is_empty() {
        return Ok(prefix);
    }
    // A word of a longer name: "haftar" finds "khalifa haftar".
    Ok(ids_of(conn.query(
        "SELECT id FROM entities WHERE name_norm LIKE ?1 ESCAPE '\\' OR name_norm LIKE ?2 ESCAPE '\\'
         LIMIT 50",
        &[
            Val::from(format!("% {}%", like_escape(norm))),
            Val::from(format!("%-{}%", like_escape(norm))),
        ],
    )?))
}

/// Check a date filter and turn it into a bound for `day` comparisons.
fn date_bound(what: &'static str, s: &str, upper: bool) -> Result<String> {
    let d = PartialDate::parse(s)
        .filter(|d| d.year.is_some())
        .ok_or_else(|| StoreError::InvalidInput {
            what,
            value: s.to_string(),
        })?;
    let text = d.to_string();
    // `day` is always YYYY-MM-DD: "2024-05~" sorts after every day of May 2024.
    Ok(if upper { format!("{text}~") } else { text })
}

/// Event ids already resolved from a filter.
pub(crate) struct Resolved {
    pub(crate) actor: Option<Vec<String>>,
    pub(crate) target: Option<Vec<String>>,
    pub(crate) place: Option<Vec<String>>,
}

impl Resolved {
    fn empty_match(&self) -> bool {
        [&self.actor, &self.target, &self.place]
            .iter()
            .any(|o| o.as_ref().is_some_and(|v| v.is_empty()))
    }
}

fn resolve_filter(conn: &mut Conn, f: &EventFilter) -> Result<Resolved> {
    let mut one = |n: &Option<String>| -> Result<Option<Vec<String>>> {
        match n.as_deref().map(str::trim) {
            Some(s) if !s.is_empty() => Ok(Some(resolve(conn, s)?)),
            _ => Ok(None),
        }
    };
    Ok(Resolved {
        actor: one(&f.actor)?,
        target: one(&f.target)?,
        place: one(&f.place)?,
    })
}

/// `WHERE ...` for events (`e.` columns). `actor` alone means source or target; with a
/// `target` it means source.
fn event_where(sql: &mut Sql, r: &Resolved, f: &EventFilter) -> Result<()> {
    sql.push(" WHERE 1 = 1");
    match (&r.actor, &r.target) {
        (Some(a), Some(t)) => {
            let c1 = sql.in_list("e.source_id", a);
            let c2 = sql.in_list("e.target_id", t);
            sql.push(&format!(" AND {c1} AND {c2}"));
        }
        (Some(a), None) => {
            let c1 = sql.in_list("e.source_id", a);
            let c2 = sql.in_list("e.target_id", a);
            sql.push(&format!(" AND ({c1} OR {c2})"));
        }
        (None, Some(t)) => {
            let c = sql.in_list("e.target_id", t);
            sql.push(&format!(" AND {c}"));
        }
        (None, None) => {}
    }
    if let Some(p) = &r.place {
        let c = sql.in_list("e.place_id", p);
        sql.push(&format!(" AND {c}"));
    }
    if let Some(code) = f.code.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        if !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(StoreError::InvalidInput {
                what: "CAMEO code",
                value: code.to_string(),
            });
        }
        let p = sql.bind(format!("{code}%"));
        sql.push(&format!(" AND e.code LIKE {p}"));
    }
    if let Some(s) = f.since.as_deref().filter(|s| !s.trim().is_empty()) {
        let p = sql.bind(date_bound("--since date", s, false)?);
        sql.push(&format!(" AND e.day >= {p}"));
    }
    if let Some(s) = f.until.as_deref().filter(|s| !s.trim().is_empty()) {
        let p = sql.bind(date_bound("--until date", s, true)?);
        sql.push(&format!(" AND e.day <= {p}"));
    }
    if let Some(l) = f.lang.as_deref().filter(|s| !s.trim().is_empty()) {
        let p = sql.bind(l.trim());
        sql.push(&format!(" AND e.lang = {p}"));
    }
    Ok(())
}

pub(crate) const EVENT_COLS: &str = "e.id, e.doc_id, e.code, e.label, e.quad_class, e.goldstein,
    e.source_id, e.source_name, e.source_code, e.target_id, e.target_name, e.target_code,
    e.place_id, e.place_name, e.place_code, e.date, e.day, e.sentence, e.sentence_start,
    e.sentence_end, e.modality, e.confidence, e.lang";

pub(crate) fn event_row(r: &Row) -> EventRow {
    let g = |i: usize| r.get(i).cloned().unwrap_or(Val::Null);
    EventRow {
        id: g(0).string(),
        doc_id: g(1).string(),
        code: g(2).string(),
        label: g(3).string(),
        quad_class: u8::try_from(g(4).int()).unwrap_or(0),
        goldstein: g(5).real() as f32,
        source_id: g(6).string(),
        source_name: g(7).string(),
        source_code: g(8).str(),
        target_id: g(9).str(),
        target_name: g(10).str(),
        target_code: g(11).str(),
        place_id: g(12).str(),
        place_name: g(13).str(),
        place_code: g(14).str(),
        date: g(15).str(),
        day: g(16).str(),
        sentence: g(17).string(),
        sentence_start: usize::try_from(g(18).int()).unwrap_or(0),
        sentence_end: usize::try_from(g(19).int()).unwrap_or(0),
        modality: g(20).string(),
        confidence: g(21).real() as f32,
        lang: g(22).str(),
    }
}

fn events_resolved(conn: &mut Conn, r: &Resolved, f: &EventFilter) -> Result<Vec<EventRow>> {
    if r.empty_match() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(&format!("SELECT {EVENT_COLS} FROM events e"));
    event_where(&mut sql, r, f)?;
    let l = sql.bind(limit(f.limit));
    let o = sql.bind(f.offset);
    sql.push(&format!(
        " ORDER BY (e.day IS NULL), e.day DESC, e.id LIMIT {l} OFFSET {o}"
    ));
    Ok(conn
        .query(&sql.text, &sql.params)?
        .iter()
        .map(event_row)
        .collect())
}

pub(crate) fn events(conn: &mut Conn, f: &EventFilter) -> Result<Vec<EventRow>> {
    let r = resolve_filter(conn, f)?;
    events_resolved(conn, &r, f)
}

pub(crate) fn timeline(conn: &mut Conn, f: &EventFilter) -> Result<Vec<(String, u64)>> {
    let r = resolve_filter(conn, f)?;
    if r.empty_match() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new("SELECT substr(e.day, 1, 10), COUNT(*) FROM events e");
    event_where(&mut sql, &r, f)?;
    sql.push(" AND e.day IS NOT NULL GROUP BY substr(e.day, 1, 10) ORDER BY 1");
    let days: Vec<(String, u64)> = conn
        .query(&sql.text, &sql.params)?
        .iter()
        .map(|r| (cell(r, 0).string(), cell(r, 1).int().max(0) as u64))
        .collect();
    if days.len() <= 400 {
        return Ok(days);
    }
    let mut months: BTreeMap<String, u64> = BTreeMap::new();
    for (d, n) in days {
        *months.entry(d.chars().take(7).collect()).or_default() += n;
    }
    Ok(months.into_iter().collect())
}

fn cell(r: &Row, i: usize) -> Val {
    r.get(i).cloned().unwrap_or(Val::Null)
}

pub(crate) fn graph(conn: &mut Conn, f: &EventFilter) -> Result<Graph> {
    let r = resolve_filter(conn, f)?;
    if r.empty_match() {
        return Ok(Graph::default());
    }
    let mut sql = Sql::new(
        "SELECT e.source_id, e.source_name, e.target_id, e.target_name, e.code FROM events e",
    );
    event_where(&mut sql, &r, f)?;
    let l = sql.bind(if f.limit == 0 {
        MAX_LIMIT
    } else {
        limit(f.limit)
    });
    let o = sql.bind(f.offset);
    sql.push(&format!(" ORDER BY e.id LIMIT {l} OFFSET {o}"));
    let rows = conn.query(&sql.text, &sql.params)?;
    let mut nodes: BTreeMap<String, (String, u64)> = BTreeMap::new();
    let mut edges: BTreeMap<(String, String), (u64, BTreeSet<String>)> = BTreeMap::new();
    for row in &rows {
        let (sid, sname) = (cell(row, 0).string(), cell(row, 1).string());
        nodes.entry(sid.clone()).or_insert((sname, 0)).1 += 1;
        if let Some(tid) = cell(row, 2).str() {
            if tid != sid {
                nodes
                    .entry(tid.clone())
                    .or_insert((cell(row, 3).string(), 0))
                    .1 += 1;
                let e = edges.entry((sid, tid)).or_default();
                e.0 += 1;
                e.1.insert(cell(row, 4).string());
            }
        }
    }
    let mut kinds: HashMap<String, Option<String>> = HashMap::new();
    let ids: Vec<String> = nodes.keys().cloned().collect();
    for chunk in ids.chunks(500) {
        let mut q = Sql::new("SELECT id, kind FROM entities WHERE ");
        let c = q.in_list("id", chunk);
        q.push(&c);
        for r in conn.query(&q.text, &q.params)? {
            kinds.insert(cell(&r, 0).string(), cell(&r, 1).str());
        }
    }
    let mut g = Graph {
        nodes: nodes
            .into_iter()
            .map(|(id, (name, weight))| GraphNode {
                kind: kinds.get(&id).cloned().flatten(),
                id,
                name,
                weight,
            })
            .collect(),
        edges: edges
            .into_iter()
            .map(|((source, target), (weight, codes))| GraphEdge {
                source,
                target,
                weight,
                codes: codes.into_iter().collect(),
            })
            .collect(),
    };
    g.nodes
        .sort_by(|a, b| b.weight.cmp(&a.weight).then_with(|| a.id.cmp(&b.id)));
    g.edges.sort_by(|a, b| {
        b.weight
            .cmp(&a.weight)
            .then_with(|| (&a.source, &a.target).cmp(&(&b.source, &b.target)))
    });
    Ok(g)
}

/// Plain text around the first occurrence of any term (or the start of the text).
fn snippet(text: &str, terms: &[&str]) -> String {
    let lower = text.to_lowercase();
    let mut pos = None;
    for t in terms {
        if let Some(p) = text.find(t) {
            pos = Some(p);
            break;
        }
        if lower.len() == text.len() {
            if let Some(p) = lower.find(&t.to_lowercase()) {
                pos = Some(p);
                break;
            }
        }
    }
    let pos = pos.unwrap_or(0);
    // Cut at spaces near 60 characters before and 140 after, never inside a word (a Bengali
    // vowel sign must not start the snippet).
    let pos = if text.is_char_boundary(pos) { pos } else { 0 };
    let mut start = text
        .get(..pos)
        .and_then(|h| h.char_indices().rev().nth(59))
        .map_or(0, |(i, _)| i);
    if start > 0 {
        start = text
            .get(start..pos)
            .and_then(|s| s.find(char::is_whitespace))
            .map_or(pos, |i| start + i);
    }
    let mut end = text
        .get(pos..)
        .and_then(|t| t.char_indices().nth(140))
        .map_or(text.len(), |(i, _)| pos + i);
    if end < text.len() {
        end = text
            .get(pos..end)
            .and_then(|s| s.rfind(char::is_whitespace))
            .map_or(end, |i| pos + i);
    }
    let body = text.get(start..end).unwrap_or("");
    let body: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    format!(
        "{}{body}{}",
        if start > 0 { "…" } else { "" },
        if end < text.len() { "…" } else { "" }
    )
}

pub(crate) fn search(conn: &mut Conn, q: &SearchQuery) -> Result<Vec<SearchHit>> {
    let terms: Vec<&str> = q.text.split_whitespace().collect();
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    if conn.dialect() == Dialect::Sqlite && terms.iter().all(|t| t.chars().count() >= 3) {
        return search_fts(conn, q, &terms);
    }
    let mut sql = Sql::new(
        "SELECT d.id, d.title, d.source, d.lang, d.published, d.text FROM documents d WHERE 1 = 1",
    );
    let op = if conn.dialect() == Dialect::Postgres {
        "ILIKE"
    } else {
        "LIKE"
    };
    for t in &terms {
        let p = sql.bind(format!("%{}%", like_escape(t)));
        sql.push(&format!(
            " AND (d.title {op} {p} ESCAPE '\\' OR d.text {op} {p} ESCAPE '\\')"
        ));
    }
    if let Some(l) = q.lang.as_deref().filter(|s| !s.trim().is_empty()) {
        let p = sql.bind(l.trim());
        sql.push(&format!(" AND d.lang = {p}"));
    }
    let l = sql.bind(limit(q.limit));
    let o = sql.bind(q.offset);
    sql.push(&format!(
        " ORDER BY (d.published IS NULL), d.published DESC, d.id LIMIT {l} OFFSET {o}"
    ));
    let rows = conn.query(&sql.text, &sql.params)?;
    Ok(rows.iter().map(|r| hit(r, &terms)).collect())
}

fn hit(r: &Row, terms: &[&str]) -> SearchHit {
    SearchHit {
        doc_id: cell(r, 0).string(),
        title: cell(r, 1).str(),
        source: cell(r, 2).string(),
        lang: cell(r, 3).str(),
        published: cell(r, 4).str(),
        snippet: snippet(&cell(r, 5).string(), terms),
    }
}

/// Lower case, one character for one (as the full-text index folds, see `grams.rs`).
fn fold(s: &str) -> String {
    s.chars().map(crate::grams::fold).collect()
}

/// Search through the SQLite full-text index. It records which trigrams a document holds
/// (as hashed tokens, see `grams.rs`), not where, so it yields the documents holding every
/// trigram of every term, in rank order; each is checked here for the terms themselves
/// (case-insensitive, each in the title or the text), a page of candidates at a time until
/// the page asked for is full.
fn search_fts(conn: &mut Conn, q: &SearchQuery, terms: &[&str]) -> Result<Vec<SearchHit>> {
    let tokens: BTreeSet<String> = terms
        .iter()
        .flat_map(|t| crate::grams::of_term(t))
        .collect();
    let expr: Vec<String> = tokens.iter().map(|t| format!("\"{t}\"")).collect();
    let expr = expr.join(" AND ");
    let folded: Vec<String> = terms.iter().map(|t| fold(t)).collect();
    let want = q.offset.saturating_add(limit(q.limit));
    let page = want.saturating_mul(2).clamp(64, 4096);
    let mut hits = Vec::new();
    let mut from = 0usize;
    while hits.len() < want {
        let mut sql = Sql::new(
            "SELECT d.id, d.title, d.source, d.lang, d.published, d.text
             FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid
             WHERE documents_fts MATCH ",
        );
        let p = sql.bind(expr.as_str());
        sql.push(&p);
        if let Some(l) = q.lang.as_deref().filter(|s| !s.trim().is_empty()) {
            let p = sql.bind(l.trim());
            sql.push(&format!(" AND d.lang = {p}"));
        }
        let l = sql.bind(page);
        let o = sql.bind(from);
        sql.push(&format!(" ORDER BY rank LIMIT {l} OFFSET {o}"));
        let rows = conn.query(&sql.text, &sql.params)?;
        let n = rows.len();
        for r in &rows {
            let title = fold(&cell(r, 1).string());
            let text = fold(&cell(r, 5).string());
            if folded
                .iter()
                .all(|t| title.contains(t.as_str()) || text.contains(t.as_str()))
            {
                hits.push(hit(r, terms));
                if hits.len() >= want {
                    break;
                }
            }
        }
        if n < page {
            break;
        }
        from += n;
    }
    Ok(hits.into_iter().skip(q.offset).collect())
}

/// The entity a name most likely means: of the ids it resolves to, the most mentioned.
fn best_entity(conn: &mut Conn, name: &str) -> Result<Option<String>> {
    let ids = resolve(conn, name)?;
    if ids.len() <= 1 {
        return Ok(ids.into_iter().next());
    }
    let mut sql = Sql::new("SELECT entity_id, CAST(SUM(n) AS BIGINT) FROM mentions WHERE ");
    let c = sql.in_list("entity_id", &ids);
    sql.push(&c);
    sql.push(" GROUP BY entity_id ORDER BY 2 DESC, 1 LIMIT 1");
    let top = conn.query(&sql.text, &sql.params)?;
    Ok(top
        .first()
        .map(|r| cell(r, 0).string())
        .or_else(|| ids.into_iter().next()))
}

pub(crate) fn entity_profile(conn: &mut Conn, name: &str) -> Result<Option<EntityProfile>> {
    let Some(id) = best_entity(conn, name)? else {
        return Ok(None);
    };
    let idv = [Val::from(&id)];
    let rows = conn.query(
        "SELECT id, name, kind, country, cameo, known FROM entities WHERE id = ?1",
        &idv,
    )?;
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    let mut names_by_lang: BTreeMap<String, Vec<(String, u64)>> = BTreeMap::new();
    for r in conn.query(
        "SELECT COALESCE(NULLIF(lang, ''), 'und'), surface, CAST(SUM(n) AS BIGINT) FROM mentions
         WHERE entity_id = ?1 GROUP BY COALESCE(NULLIF(lang, ''), 'und'), surface
         ORDER BY 3 DESC, 2",
        &idv,
    )? {
        names_by_lang
            .entry(cell(&r, 0).string())
            .or_default()
            .push((cell(&r, 1).string(), cell(&r, 2).int().max(0) as u64));
    }
    let mentions_by_month = conn
        .query(
            "SELECT month, CAST(SUM(n) AS BIGINT) FROM mentions
             WHERE entity_id = ?1 AND month IS NOT NULL GROUP BY month ORDER BY month",
            &idv,
        )?
        .iter()
        .map(|r| (cell(r, 0).string(), cell(r, 1).int().max(0) as u64))
        .collect();
    let top_partners = conn
        .query(
            "SELECT pid, MAX(pname), COUNT(*) FROM (
                 SELECT target_id AS pid, target_name AS pname FROM events
                 WHERE source_id = ?1 AND target_id IS NOT NULL AND target_id <> ?1
                 UNION ALL
                 SELECT source_id AS pid, source_name AS pname FROM events
                 WHERE target_id = ?1 AND source_id <> ?1
             ) p GROUP BY pid ORDER BY 3 DESC, 1 LIMIT 20",
            &idv,
        )?
        .iter()
        .map(|r| {
            (
                cell(r, 0).string(),
                cell(r, 1).string(),
                cell(r, 2).int().max(0) as u64,
            )
        })
        .collect();
    let resolved = Resolved {
        actor: Some(vec![id.clone()]),
        target: None,
        place: None,
    };
    let events = events_resolved(
        conn,
        &resolved,
        &EventFilter {
            limit: 200,
            ..EventFilter::default()
        },
    )?;
    Ok(Some(EntityProfile {
        id,
        name: cell(row, 1).string(),
        kind: cell(row, 2).str(),
        country: cell(row, 3).str(),
        cameo: cell(row, 4).str(),
        known: cell(row, 5).int() != 0,
        names_by_lang,
        mentions_by_month,
        top_partners,
        events,
    }))
}

pub(crate) fn entities(conn: &mut Conn, f: &EntityFilter) -> Result<Vec<EntityRow>> {
    let mut sql = Sql::new(
        "SELECT e.id, e.name, e.kind, e.known, COUNT(DISTINCT m.doc_id),
                CAST(COALESCE(SUM(m.n), 0) AS BIGINT)
         FROM entities e LEFT JOIN mentions m ON m.entity_id = e.id WHERE 1 = 1",
    );
    if f.new_only {
        sql.push(" AND e.known = 0");
    }
    if let Some(k) = f.kind.as_deref().filter(|s| !s.trim().is_empty()) {
        let p = sql.bind(k.trim().to_ascii_uppercase());
        sql.push(&format!(" AND e.kind = {p}"));
    }
    let l = sql.bind(limit(f.limit));
    let o = sql.bind(f.offset);
    sql.push(&format!(
        " GROUP BY e.id, e.name, e.kind, e.known ORDER BY 6 DESC, e.id LIMIT {l} OFFSET {o}"
    ));
    Ok(conn
        .query(&sql.text, &sql.params)?
        .iter()
        .map(|r| EntityRow {
            id: cell(r, 0).string(),
            name: cell(r, 1).string(),
            kind: cell(r, 2).str(),
            known: cell(r, 3).int() != 0,
            documents: cell(r, 4).int().max(0) as u64,
            mentions: cell(r, 5).int().max(0) as u64,
        })
        .collect())
}

pub(crate) fn surfaces(conn: &mut Conn, id: &str) -> Result<Vec<(String, String, u64)>> {
    Ok(conn
        .query(
            "SELECT COALESCE(NULLIF(lang, ''), 'und'), surface, CAST(SUM(n) AS BIGINT)
             FROM mentions WHERE entity_id = ?1
             GROUP BY COALESCE(NULLIF(lang, ''), 'und'), surface ORDER BY 1, 3 DESC, 2",
            &[Val::from(id)],
        )?
        .iter()
        .map(|r| {
            (
                cell(r, 0).string(),
                cell(r, 1).string(),
                cell(r, 2).int().max(0) as u64,
            )
        })
        .collect())
}

pub(crate) fn stats(conn: &mut Conn) -> Result<Stats> {
    let mut s = Stats {
        documents: conn.scalar("SELECT COUNT(*) FROM documents", &[])?.max(0) as u64,
        entities: conn.scalar("SELECT COUNT(*) FROM entities", &[])?.max(0) as u64,
        mentions: conn
            .scalar(
                "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM mentions",
                &[],
            )?
            .max(0) as u64,
        events: conn.scalar("SELECT COUNT(*) FROM events", &[])?.max(0) as u64,
        sentences: conn
            .scalar("SELECT COALESCE(SUM(n), 0) FROM sentences", &[])?
            .max(0) as u64,
        per_lang: BTreeMap::new(),
    };
    // Mention rows are groups: their language is '' when unknown, `n` counts them.
    for (table, lang, count, which) in [
        ("documents", "lang", "COUNT(*)", 0),
        ("mentions", "NULLIF(lang, '')", "CAST(SUM(n) AS BIGINT)", 1),
        ("events", "lang", "COUNT(*)", 2),
    ] {
        let sql = format!(
            "SELECT COALESCE({lang}, 'und'), {count} FROM {table} GROUP BY COALESCE({lang}, 'und')"
        );
        for r in conn.query(&sql, &[])? {
            let e = s.per_lang.entry(cell(&r, 0).string()).or_default();
            let n = cell(&r, 1).int().max(0) as u64;
            match which {
                0 => e.documents = n,
                1 => e.mentions = n,
                _ => e.events = n,
            }
        }
    }
    Ok(s)
}

pub(crate) fn documents(
    conn: &mut Conn,
    lang: Option<&str>,
    lim: usize,
    offset: usize,
) -> Result<Vec<DocSummary>> {
    let mut sql = Sql::new("SELECT id, title, source, lang, published FROM documents WHERE 1 = 1");
    if let Some(l) = lang.filter(|s| !s.trim().is_empty()) {
        let p = sql.bind(l.trim());
        sql.push(&format!(" AND lang = {p}"));
    }
    let l = sql.bind(limit(lim));
    let o = sql.bind(offset);
    sql.push(&format!(
        " ORDER BY (published IS NULL), published DESC, id LIMIT {l} OFFSET {o}"
    ));
    Ok(conn
        .query(&sql.text, &sql.params)?
        .iter()
        .map(|r| DocSummary {
            id: cell(r, 0).string(),
            title: cell(r, 1).str(),
            source: cell(r, 2).string(),
            lang: cell(r, 3).str(),
            published: cell(r, 4).str(),
        })
        .collect())
}

/// A stored record with its text put back.
pub(crate) fn parse_record(text: String, record: &str) -> Result<khabar_core::Record> {
    let mut rec: khabar_core::Record = serde_json::from_str(record)
        .map_err(|e| StoreError::Corrupt(format!("document record: {e}")))?;
    // Mention texts and event sentences are stored empty (slices of the text, see write.rs).
    for e in &mut rec.entities {
        for m in &mut e.mentions {
            if m.text.is_empty() {
                m.text = text.get(m.start..m.end).unwrap_or("").to_string();
            }
        }
    }
    for ev in &mut rec.events {
        if ev.sentence.is_empty() {
            ev.sentence = text.get(ev.start..ev.end).unwrap_or("").to_string();
        }
        for m in &mut ev.also {
            if m.text.is_empty() {
                m.text = text.get(m.start..m.end).unwrap_or("").to_string();
            }
        }
    }
    rec.text = text;
    Ok(rec)
}

pub(crate) fn document(conn: &mut Conn, id: &str) -> Result<Option<StoredDocument>> {
    let idv = [Val::from(id)];
    let rows = conn.query("SELECT text, record FROM documents WHERE id = ?1", &idv)?;
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    let record = parse_record(cell(row, 0).string(), &cell(row, 1).string())?;
    // The mentions come from the record (mention rows are grouped by entity), named as in
    // the entity table, in text order (a stable sort: equal spans keep the record's order).
    let mut names: HashMap<String, String> = HashMap::new();
    let ids: Vec<String> = record
        .entities
        .iter()
        .map(|e| e.id.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    for chunk in ids.chunks(500) {
        let mut q = Sql::new("SELECT id, name FROM entities WHERE ");
        let c = q.in_list("id", chunk);
        q.push(&c);
        for r in conn.query(&q.text, &q.params)? {
            names.insert(cell(&r, 0).string(), cell(&r, 1).string());
        }
    }
    let mut mentions: Vec<(usize, usize, String, String)> = record
        .entities
        .iter()
        .flat_map(|e| {
            let name = names.get(&e.id).unwrap_or(&e.id);
            e.mentions
                .iter()
                .map(move |m| (m.start, m.end, e.id.clone(), name.clone()))
        })
        .collect();
    mentions.sort_by_key(|m| (m.0, m.1));
    let events = record_events(&record);
    Ok(Some(StoredDocument {
        record,
        mentions,
        events,
    }))
}

/// The event rows of a stored record, as the writer derives them (`write::DocRows`), by
/// sentence start then id: a document's page needs no index of events by document.
fn record_events(rec: &khabar_core::Record) -> Vec<EventRow> {
    let actor = |a: &Option<khabar_core::ActorRef>| {
        a.as_ref().map_or((None, None, None), |a| {
            (Some(a.id.clone()), Some(a.name.clone()), a.code.clone())
        })
    };
    let mut rows: Vec<EventRow> = rec
        .events
        .iter()
        .enumerate()
        .map(|(i, ev)| {
            let (target_id, target_name, target_code) = actor(&ev.target);
            let (place_id, place_name, place_code) = actor(&ev.place);
            EventRow {
                id: format!("{}:{i}", rec.id),
                doc_id: rec.id.clone(),
                code: ev.code.clone(),
                label: ev.label.clone(),
                quad_class: ev.quad_class,
                goldstein: ev.goldstein,
                source_id: ev.source.id.clone(),
                source_name: ev.source.name.clone(),
                source_code: ev.source.code.clone(),
                target_id,
                target_name,
                target_code,
                place_id,
                place_name,
                place_code,
                date: ev.date.map(|d| d.to_string()),
                day: crate::write::event_day(ev.date, rec.published),
                sentence: ev.sentence.clone(),
                sentence_start: ev.start,
                sentence_end: ev.end,
                modality: crate::write::modality_str(ev.modality).to_string(),
                confidence: ev.confidence,
                lang: rec.lang.clone(),
            }
        })
        .collect();
    rows.sort_by(|a, b| (a.sentence_start, &a.id).cmp(&(b.sentence_start, &b.id)));
    rows
}

/// Consistency problems of the store (empty when sound): database integrity, rows of
/// documents that are not stored (a partial write), and documents whose mention or event
/// rows do not match their record.
pub(crate) fn verify(conn: &mut Conn) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    if conn.dialect() == Dialect::Sqlite {
        for r in conn.query("PRAGMA integrity_check", &[])? {
            let msg = cell(&r, 0).string();
            if msg != "ok" {
                problems.push(format!("integrity: {msg}"));
            }
        }
        match conn.execute(
            "INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')",
            &[],
        ) {
            Ok(_) => {}
            Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _)))
                if f.code == rusqlite::ErrorCode::ReadOnly => {}
            Err(e) => problems.push(format!("full-text index: {e}")),
        }
    }
    for table in ["sentences", "mentions", "events"] {
        let sql = format!(
            "SELECT COUNT(*) FROM {table} t WHERE NOT EXISTS
             (SELECT 1 FROM documents d WHERE d.id = t.doc_id)"
        );
        let n = conn.scalar(&sql, &[])?;
        if n > 0 {
            problems.push(format!("{n} {table} rows of documents that are not stored"));
        }
    }
    let mut counts = |sql: &str| -> Result<HashMap<String, i64>> {
        Ok(conn
            .query(sql, &[])?
            .iter()
            .map(|r| (cell(r, 0).string(), cell(r, 1).int()))
            .collect())
    };
    let mentions = counts("SELECT doc_id, CAST(SUM(n) AS BIGINT) FROM mentions GROUP BY doc_id")?;
    let events = counts("SELECT doc_id, COUNT(*) FROM events GROUP BY doc_id")?;
    let mut last = String::new();
    loop {
        let rows = conn.query(
            "SELECT id, record FROM documents WHERE id > ?1 ORDER BY id LIMIT 500",
            &[Val::from(&last)],
        )?;
        let Some(end) = rows.last() else { break };
        last = cell(end, 0).string();
        for r in &rows {
            let id = cell(r, 0).string();
            let rec = match parse_record(String::new(), &cell(r, 1).string()) {
                Ok(rec) => rec,
                Err(e) => {
                    problems.push(format!("document {id}: {e}"));
                    continue;
                }
            };
            let want_m: usize = rec.entities.iter().map(|e| e.mentions.len()).sum();
            let have_m = mentions.get(&id).copied().unwrap_or(0);
            if have_m != want_m as i64 {
                problems.push(format!(
                    "document {id}: {have_m} mention rows, record has {want_m}"
                ));
            }
            let have_e = events.get(&id).copied().unwrap_or(0);
            if have_e != rec.events.len() as i64 {
                problems.push(format!(
                    "document {id}: {have_e} event rows, record has {}",
                    rec.events.len()
                ));
            }
        }
        if problems.len() > 100 {
            break;
        }
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_escapes_wildcards() {
        assert_eq!(like_escape("a%b_c\\"), "a\\%b\\_c\\\\");
    }

    #[test]
    fn snippet_cuts_on_char_boundaries() {
        let text = "হাফতার ".repeat(40) + "বাহিনী";
        let s = snippet(&text, &["বাহিনী"]);
        assert!(s.contains("বাহিনী"));
        assert!(s.starts_with('…'));
    }

    #[test]
    fn date_bounds() {
        assert_eq!(
            date_bound("d", "2024-05", true).ok().as_deref(),
            Some("2024-05~")
        );
        assert!(date_bound("d", "May 2024", false).is_err());
        assert!(date_bound("d", "--05-09", false).is_err());
    }
}
