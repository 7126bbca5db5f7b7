//! The JSON API: query parsing and validation, the wire types, and the mapping from store
//! rows to them. Every list is paged (`limit` 1..=500, default 50; `offset`) and answers
//! `{"items": [...], "limit", "offset", "next"}` where `next` is the offset of the next page
//! or `null` on the last one.
//!
//! It deliberately does not know SQL (the store answers the queries) and does not escape
//! text: JSON carries text as it is stored and the page renders it as text.

use crate::error::ApiError;
use crate::AppState;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use khabar_core::{Document, Span};
use khabar_store as store;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

/// Default page size.
pub const DEFAULT_LIMIT: usize = 50;
/// Largest page size.
pub const MAX_LIMIT: usize = 500;
/// Largest offset (deep paging is slow in SQL and not what the page needs).
pub const MAX_OFFSET: usize = 1_000_000;
/// Longest accepted query or filter value, in characters.
pub const MAX_PARAM_CHARS: usize = 200;

type Shared = State<Arc<AppState>>;
type ApiResult<T> = Result<Json<T>, ApiError>;

// ---------- parameters ----------

/// The query string as a map; a malformed one is a 400 with the parser's reason.
pub struct Params(HashMap<String, String>);

impl Params {
    fn from(q: Result<Query<HashMap<String, String>>, QueryRejection>) -> Result<Self, ApiError> {
        match q {
            Ok(Query(map)) => Ok(Params(map)),
            Err(e) => Err(ApiError::BadRequest(format!(
                "bad query string: {}",
                e.body_text()
            ))),
        }
    }

    /// A text parameter, trimmed; empty means absent.
    fn text(&self, name: &'static str) -> Result<Option<String>, ApiError> {
        let Some(v) = self.0.get(name).map(|v| v.trim()) else {
            return Ok(None);
        };
        if v.is_empty() {
            return Ok(None);
        }
        if v.chars().count() > MAX_PARAM_CHARS {
            return Err(ApiError::BadRequest(format!(
                "{name} is longer than {MAX_PARAM_CHARS} characters"
            )));
        }
        if v.chars().any(char::is_control) {
            return Err(ApiError::BadRequest(format!(
                "{name} holds control characters"
            )));
        }
        Ok(Some(v.to_string()))
    }

    fn number(
        &self,
        name: &'static str,
        default: usize,
        min: usize,
        max: usize,
    ) -> Result<usize, ApiError> {
        match self.0.get(name).map(|v| v.trim()) {
            None | Some("") => Ok(default),
            Some(v) => match v.parse::<usize>() {
                Ok(n) if (min..=max).contains(&n) => Ok(n),
                _ => Err(ApiError::BadRequest(format!(
                    "{name} must be a whole number from {min} to {max}, not {:?}",
                    truncate(v, 40)
                ))),
            },
        }
    }

    fn page(&self) -> Result<PageReq, ApiError> {
        Ok(PageReq {
            limit: self.number("limit", DEFAULT_LIMIT, 1, MAX_LIMIT)?,
            offset: self.number("offset", 0, 0, MAX_OFFSET)?,
        })
    }

    fn lang(&self) -> Result<Option<String>, ApiError> {
        let l = self.text("lang")?;
        if let Some(l) = &l {
            let ok = (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_lowercase());
            if !ok {
                return Err(ApiError::BadRequest(format!(
                    "lang must be an ISO 639 code like bn, ar, en, not {:?}",
                    truncate(l, 40)
                )));
            }
        }
        Ok(l)
    }

    fn date(&self, name: &'static str) -> Result<Option<String>, ApiError> {
        let d = self.text(name)?;
        if let Some(d) = &d {
            let ok = matches!(d.len(), 4 | 7 | 10)
                && khabar_core::PartialDate::parse(d).is_some_and(|p| p.year.is_some());
            if !ok {
                return Err(ApiError::BadRequest(format!(
                    "{name} must be YYYY, YYYY-MM or YYYY-MM-DD, not {:?}",
                    truncate(d, 40)
                )));
            }
        }
        Ok(d)
    }

    fn event_filter(&self, page: PageReq) -> Result<store::EventFilter, ApiError> {
        let code = self.text("code")?;
        if let Some(c) = &code {
            if c.len() > 4 || !c.bytes().all(|b| b.is_ascii_digit()) {
                return Err(ApiError::BadRequest(format!(
                    "code must be a CAMEO code or prefix of 1 to 4 digits, not {:?}",
                    truncate(c, 40)
                )));
            }
        }
        Ok(store::EventFilter {
            actor: self.text("actor")?,
            target: self.text("target")?,
            code,
            since: self.date("since")?,
            until: self.date("until")?,
            place: self.text("place")?,
            lang: self.lang()?,
            limit: page.limit,
            offset: page.offset,
        })
    }
}

fn truncate(s: &str, max: usize) -> String {
    khabar_core::truncate_chars(s, max)
}

#[derive(Debug, Clone, Copy)]
struct PageReq {
    limit: usize,
    offset: usize,
}

impl PageReq {
    /// The same page asking one row more, to know whether there is a next page.
    fn probe(self) -> PageReq {
        PageReq {
            limit: self.limit + 1,
            offset: self.offset,
        }
    }
}

// ---------- wire types ----------

/// One page of a list.
#[derive(Debug, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub limit: usize,
    pub offset: usize,
    /// Offset of the next page, `null` on the last page.
    pub next: Option<usize>,
}

impl<T> Page<T> {
    /// From rows fetched with one more than `limit`.
    fn from_probe(mut rows: Vec<T>, page: PageReq) -> Self {
        let more = rows.len() > page.limit;
        rows.truncate(page.limit);
        Page {
            items: rows,
            limit: page.limit,
            offset: page.offset,
            next: more.then_some(page.offset + page.limit),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct DocItem {
    pub id: String,
    pub title: Option<String>,
    pub source: String,
    pub lang: Option<String>,
    pub published: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct SearchItem {
    pub id: String,
    pub title: Option<String>,
    pub source: String,
    pub lang: Option<String>,
    pub published: Option<String>,
    /// Plain text around the first match.
    pub snippet: String,
}

#[derive(Debug, Serialize)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub code: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct EventItem {
    pub id: String,
    pub doc_id: String,
    pub code: String,
    pub label: String,
    pub quad_class: u8,
    pub goldstein: f32,
    pub source: Actor,
    pub target: Option<Actor>,
    pub place: Option<Actor>,
    /// The date as read, possibly partial (`2024-05`, `--05-09`).
    pub date: Option<String>,
    /// The day used for filtering and the timeline.
    pub day: Option<String>,
    pub sentence: String,
    /// Byte offsets of the sentence in the document's UTF-8 text.
    pub start: usize,
    pub end: usize,
    pub modality: String,
    pub confidence: f32,
    pub lang: Option<String>,
}

impl From<store::EventRow> for EventItem {
    fn from(r: store::EventRow) -> Self {
        let actor = |id: Option<String>, name: Option<String>, code: Option<String>| {
            id.map(|id| Actor {
                name: name.unwrap_or_else(|| id.clone()),
                id,
                code,
            })
        };
        EventItem {
            target: actor(r.target_id, r.target_name, r.target_code),
            place: actor(r.place_id, r.place_name, r.place_code),
            source: Actor {
                id: r.source_id,
                name: r.source_name,
                code: r.source_code,
            },
            id: r.id,
            doc_id: r.doc_id,
            code: r.code,
            label: r.label,
            quad_class: r.quad_class,
            goldstein: r.goldstein,
            date: r.date,
            day: r.day,
            sentence: r.sentence,
            start: r.sentence_start,
            end: r.sentence_end,
            modality: r.modality,
            confidence: r.confidence,
            lang: r.lang,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct MentionItem {
    pub entity_id: String,
    pub name: String,
    pub kind: String,
    /// Byte offsets into the document's UTF-8 text.
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct DocumentDetail {
    pub id: String,
    pub source: String,
    pub url: Option<String>,
    pub lang: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    /// The cleaned text; every offset of this answer is a byte offset into its UTF-8 form.
    pub text: String,
    pub mentions: Vec<MentionItem>,
    pub events: Vec<EventItem>,
    pub duplicate_of: Option<String>,
    pub story: Option<String>,
}

impl From<store::StoredDocument> for DocumentDetail {
    fn from(d: store::StoredDocument) -> Self {
        let r = d.record;
        let mut mentions: Vec<MentionItem> = r
            .entities
            .iter()
            .flat_map(|e| {
                e.mentions.iter().map(|m| MentionItem {
                    entity_id: e.id.clone(),
                    name: e.name.clone(),
                    kind: e.kind.as_str().to_string(),
                    start: m.start,
                    end: m.end,
                    text: m.text.clone(),
                })
            })
            .collect();
        if mentions.is_empty() {
            // A record without entity layers: fall back to the store's mention rows.
            mentions = d
                .mentions
                .into_iter()
                .map(|(start, end, id, name)| MentionItem {
                    text: r.text.get(start..end).unwrap_or("").to_string(),
                    entity_id: id,
                    name,
                    kind: String::new(),
                    start,
                    end,
                })
                .collect();
        }
        mentions.sort_by_key(|m| (m.start, m.end));
        DocumentDetail {
            id: r.id,
            source: r.source,
            url: r.url,
            lang: r.lang,
            title: r.title,
            published: r.published.map(|p| p.to_string()),
            text: r.text,
            mentions,
            events: d.events.into_iter().map(EventItem::from).collect(),
            duplicate_of: r.duplicate_of,
            story: r.story,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct EntityItem {
    pub id: String,
    pub name: String,
    pub kind: Option<String>,
    pub known: bool,
    pub documents: u64,
    pub mentions: u64,
}

#[derive(Debug, Serialize)]
pub struct NameItem {
    pub lang: String,
    pub name: String,
    pub count: u64,
}

#[derive(Debug, Serialize)]
pub struct Bin {
    pub period: String,
    pub count: u64,
}

#[derive(Debug, Serialize)]
pub struct Partner {
    pub id: String,
    pub name: String,
    pub count: u64,
}

#[derive(Debug, Serialize)]
pub struct EntityDetail {
    pub id: String,
    pub name: String,
    pub kind: Option<String>,
    pub country: Option<String>,
    pub cameo: Option<String>,
    pub known: bool,
    /// Surface forms seen in the texts, per document language.
    pub names: Vec<NameItem>,
    /// Mentions per month.
    pub timeline: Vec<Bin>,
    pub partners: Vec<Partner>,
    pub events: Vec<EventItem>,
}

impl From<store::EntityProfile> for EntityDetail {
    fn from(p: store::EntityProfile) -> Self {
        EntityDetail {
            names: p
                .names_by_lang
                .into_iter()
                .flat_map(|(lang, names)| {
                    names.into_iter().map(move |(name, count)| NameItem {
                        lang: lang.clone(),
                        name,
                        count,
                    })
                })
                .collect(),
            timeline: p
                .mentions_by_month
                .into_iter()
                .map(|(period, count)| Bin { period, count })
                .collect(),
            partners: p
                .top_partners
                .into_iter()
                .map(|(id, name, count)| Partner { id, name, count })
                .collect(),
            events: p.events.into_iter().map(EventItem::from).collect(),
            id: p.id,
            name: p.name,
            kind: p.kind,
            country: p.country,
            cameo: p.cameo,
            known: p.known,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct GraphOut {
    pub nodes: Vec<store::GraphNode>,
    pub edges: Vec<EdgeOut>,
}

#[derive(Debug, Serialize)]
pub struct EdgeOut {
    pub source: String,
    pub target: String,
    pub weight: u64,
    pub codes: Vec<String>,
    /// The most severe CAMEO quad class among the codes (1 verbal cooperation .. 4 material
    /// conflict), for colouring.
    pub quad: u8,
}

/// The CAMEO quad class of an event code, from its two-digit root.
pub fn quad_of(code: &str) -> u8 {
    match code.get(..2).and_then(|r| r.parse::<u8>().ok()) {
        Some(1..=5) => 1,
        Some(6..=8) => 2,
        Some(9..=13) => 3,
        Some(14..=20) => 4,
        _ => 0,
    }
}

#[derive(Debug, Serialize)]
pub struct Timeline {
    pub bins: Vec<Bin>,
}

#[derive(Debug, Serialize)]
pub struct LangCount {
    pub lang: String,
    pub documents: u64,
    pub mentions: u64,
    pub events: u64,
}

#[derive(Debug, Serialize)]
pub struct StatsOut {
    pub documents: u64,
    pub entities: u64,
    pub mentions: u64,
    pub events: u64,
    pub sentences: u64,
    pub languages: Vec<LangCount>,
}

// ---------- cached answers ----------

/// The cache key of a route and its query: the pairs sorted, so order does not matter.
fn cache_key(route: &str, p: &Params) -> String {
    let mut pairs: Vec<(&String, &String)> = p.0.iter().collect();
    pairs.sort();
    let mut key = route.to_string();
    for (k, v) in pairs {
        key.push('\u{1f}');
        key.push_str(k);
        key.push('=');
        key.push_str(v);
    }
    key
}

/// Answers from the cache, or runs `make` and caches its JSON.
async fn cached<T, F>(st: &AppState, key: String, make: F) -> Result<Response, ApiError>
where
    T: Serialize,
    F: std::future::Future<Output = Result<T, ApiError>>,
{
    if let Some(b) = st.cache.get(&key, std::time::Instant::now()) {
        return Ok(json_bytes(b));
    }
    let lock = st.cache.fill_lock(&key);
    let _filling = lock.lock().await;
    // Another request may have filled it while this one waited.
    let now = std::time::Instant::now();
    let body = match st.cache.get(&key, now) {
        Some(b) => b,
        None => {
            let value = make.await?;
            let bytes = serde_json::to_vec(&value)
                .map_err(|e| ApiError::Internal(format!("serializing: {e}")))?;
            let bytes = axum::body::Bytes::from(bytes);
            st.cache.put(key, bytes.clone(), now);
            bytes
        }
    };
    Ok(json_bytes(body))
}

fn json_bytes(body: axum::body::Bytes) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

// ---------- handlers ----------

pub async fn documents(
    State(st): Shared,
    q: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult<Page<DocItem>> {
    let p = Params::from(q)?;
    let page = p.page()?;
    let lang = p.lang()?;
    let rows = st
        .read(move |s| {
            let probe = page.probe();
            Ok(s.documents(lang.as_deref(), probe.limit, probe.offset)?)
        })
        .await?;
    let rows = rows
        .into_iter()
        .map(|d| DocItem {
            id: d.id,
            title: d.title,
            source: d.source,
            lang: d.lang,
            published: d.published,
        })
        .collect();
    Ok(Json(Page::from_probe(rows, page)))
}

pub async fn document(State(st): Shared, Path(id): Path<String>) -> ApiResult<DocumentDetail> {
    if id.is_empty() || id.len() > 128 {
        return Err(ApiError::BadRequest("bad document id".into()));
    }
    let key = id.clone();
    let doc = st.read(move |s| Ok(s.document(&key)?)).await?;
    match doc {
        Some(d) => Ok(Json(DocumentDetail::from(d))),
        None => Err(ApiError::NotFound(format!(
            "no document {:?}",
            truncate(&id, 40)
        ))),
    }
}

pub async fn search(
    State(st): Shared,
    q: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult<Page<SearchItem>> {
    let p = Params::from(q)?;
    let page = p.page()?;
    let Some(text) = p.text("q")? else {
        return Err(ApiError::BadRequest(
            "q is required: the words to search".into(),
        ));
    };
    let query = store::SearchQuery {
        text,
        lang: p.lang()?,
        limit: page.probe().limit,
        offset: page.offset,
    };
    let rows = st.read(move |s| Ok(s.search(&query)?)).await?;
    let rows = rows
        .into_iter()
        .map(|h| SearchItem {
            id: h.doc_id,
            title: h.title,
            source: h.source,
            lang: h.lang,
            published: h.published,
            snippet: h.snippet,
        })
        .collect();
    Ok(Json(Page::from_probe(rows, page)))
}

pub async fn events(
    State(st): Shared,
    q: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult<Page<EventItem>> {
    let p = Params::from(q)?;
    let page = p.page()?;
    let filter = p.event_filter(page.probe())?;
    let rows = st.read(move |s| Ok(s.events(&filter)?)).await?;
    let rows = rows.into_iter().map(EventItem::from).collect();
    Ok(Json(Page::from_probe(rows, page)))
}

pub async fn entities(
    State(st): Shared,
    q: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Result<Response, ApiError> {
    let p = Params::from(q)?;
    let key = cache_key("entities", &p);
    let page = p.page()?;
    let kind = p.text("kind")?.map(|k| k.to_ascii_uppercase());
    if let Some(k) = &kind {
        if khabar_core::EntityType::parse(k).is_none() {
            return Err(ApiError::BadRequest(
                "kind must be PER, ORG, GPE or LOC".into(),
            ));
        }
    }
    let new_only = match p.text("new")?.as_deref() {
        None | Some("false") | Some("0") => false,
        Some("true") | Some("1") => true,
        Some(_) => return Err(ApiError::BadRequest("new must be true or false".into())),
    };
    let probe = page.probe();
    let filter = store::EntityFilter {
        new_only,
        kind: kind
            .and_then(|k| khabar_core::EntityType::parse(&k))
            .map(|k| k.as_str().to_string()),
        limit: probe.limit,
        offset: probe.offset,
    };
    cached(&st, key, async {
        let rows = st.read(move |s| Ok(s.entities(&filter)?)).await?;
        let rows = rows
            .into_iter()
            .map(|e| EntityItem {
                id: e.id,
                name: e.name,
                kind: e.kind,
                known: e.known,
                documents: e.documents,
                mentions: e.mentions,
            })
            .collect();
        Ok(Page::from_probe(rows, page))
    })
    .await
}

pub async fn entity(State(st): Shared, Path(key): Path<String>) -> ApiResult<EntityDetail> {
    let key = key.trim().to_string();
    if key.is_empty() || key.chars().count() > MAX_PARAM_CHARS {
        return Err(ApiError::BadRequest("bad entity id or name".into()));
    }
    let k = key.clone();
    let profile = st.read(move |s| Ok(s.entity_profile(&k)?)).await?;
    match profile {
        Some(p) => Ok(Json(EntityDetail::from(p))),
        None => Err(ApiError::NotFound(format!(
            "no entity {:?}",
            truncate(&key, 40)
        ))),
    }
}

pub async fn graph(
    State(st): Shared,
    q: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Result<Response, ApiError> {
    let p = Params::from(q)?;
    let key = cache_key("graph", &p);
    // `limit` here caps the number of nodes (the most active actors are kept).
    let nodes_max = p.number("limit", 100, 1, MAX_LIMIT)?;
    let filter = p.event_filter(PageReq {
        limit: 100_000,
        offset: 0,
    })?;
    cached(&st, key, async {
        let g = st.read(move |s| Ok(s.graph(&filter)?)).await?;
        Ok(trim_graph(g, nodes_max))
    })
    .await
}

/// Keeps the `max` heaviest nodes and the edges between them.
fn trim_graph(g: store::Graph, max: usize) -> GraphOut {
    let mut nodes = g.nodes;
    nodes.sort_by(|a, b| b.weight.cmp(&a.weight).then_with(|| a.id.cmp(&b.id)));
    nodes.truncate(max);
    let keep: std::collections::HashSet<&str> = nodes.iter().map(|n| n.id.as_str()).collect();
    let edges = g
        .edges
        .into_iter()
        .filter(|e| keep.contains(e.source.as_str()) && keep.contains(e.target.as_str()))
        .map(|e| EdgeOut {
            quad: e.codes.iter().map(|c| quad_of(c)).max().unwrap_or(0),
            source: e.source,
            target: e.target,
            weight: e.weight,
            codes: e.codes,
        })
        .collect();
    GraphOut { nodes, edges }
}

pub async fn timeline(
    State(st): Shared,
    q: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Result<Response, ApiError> {
    let p = Params::from(q)?;
    let key = cache_key("timeline", &p);
    let filter = p.event_filter(PageReq {
        limit: 100_000,
        offset: 0,
    })?;
    cached(&st, key, async {
        let bins = st.read(move |s| Ok(s.timeline(&filter)?)).await?;
        Ok(Timeline {
            bins: bins
                .into_iter()
                .map(|(period, count)| Bin { period, count })
                .collect(),
        })
    })
    .await
}

pub async fn stats(State(st): Shared) -> Result<Response, ApiError> {
    cached(&st, "stats".to_string(), async {
        let s = st.read(|s| Ok(s.stats()?)).await?;
        let mut languages: Vec<LangCount> = s
            .per_lang
            .into_iter()
            .map(|(lang, l)| LangCount {
                lang,
                documents: l.documents,
                mentions: l.mentions,
                events: l.events,
            })
            .collect();
        languages.sort_by(|a, b| {
            b.documents
                .cmp(&a.documents)
                .then_with(|| a.lang.cmp(&b.lang))
        });
        Ok(StatsOut {
            documents: s.documents,
            entities: s.entities,
            mentions: s.mentions,
            events: s.events,
            sentences: s.sentences,
            languages,
        })
    })
    .await
}

// ---------- admin (token only) ----------

#[derive(Debug, Serialize)]
pub struct AdminStatus {
    pub read_only: bool,
    pub connections: usize,
    pub documents: u64,
}

pub async fn admin_status(State(st): Shared) -> ApiResult<AdminStatus> {
    let documents = st.read(|s| Ok(s.stats()?.documents)).await?;
    Ok(Json(AdminStatus {
        read_only: st.writer.is_none(),
        connections: st.readers.len(),
        documents,
    }))
}

#[derive(Debug, Serialize)]
pub struct WriteOut {
    pub inserted: usize,
    pub duplicates: usize,
}

/// Most documents one admin write may carry.
pub const MAX_WRITE_DOCS: usize = 1000;

/// `POST /api/admin/documents`: store processed documents (a JSON array of `Document`s, as a
/// remote pipeline produces them). Every span is checked against the text first.
pub async fn admin_write(
    State(st): Shared,
    body: Result<Json<Vec<Document>>, JsonRejection>,
) -> ApiResult<WriteOut> {
    let Json(docs) = body.map_err(|e| ApiError::Rejected(e.status(), e.body_text()))?;
    if docs.len() > MAX_WRITE_DOCS {
        return Err(ApiError::BadRequest(format!(
            "at most {MAX_WRITE_DOCS} documents per request"
        )));
    }
    for (i, d) in docs.iter().enumerate() {
        check_document(d).map_err(|why| ApiError::BadRequest(format!("document {i}: {why}")))?;
    }
    let w = st.write(move |s| Ok(s.write_batch(&docs)?)).await?;
    st.cache.clear();
    Ok(Json(WriteOut {
        inserted: w.inserted,
        duplicates: w.duplicates,
    }))
}

/// Whether a document from outside is well formed: an id, and every span inside the text
/// on character boundaries.
pub fn check_document(d: &Document) -> Result<(), String> {
    if d.id.is_empty() || d.id.len() > 128 {
        return Err("id must be 1 to 128 bytes".into());
    }
    let ok = |s: Span| s.start <= s.end && d.text.get(s.start..s.end).is_some();
    let mut spans: Vec<(&str, Span)> = Vec::new();
    spans.extend(d.paragraphs.iter().map(|p| ("paragraph", p.span)));
    spans.extend(d.sentences.iter().map(|s| ("sentence", *s)));
    spans.extend(d.dates.iter().map(|x| ("date", x.span)));
    for e in &d.entities {
        spans.extend(e.mentions.iter().map(|m| ("mention", *m)));
    }
    for e in &d.events {
        spans.push(("event sentence", e.sentence));
        spans.push(("event trigger", e.trigger));
        spans.extend(e.also.iter().map(|s| ("event sentence", *s)));
    }
    match spans.into_iter().find(|(_, s)| !ok(*s)) {
        Some((what, s)) => Err(format!(
            "{what} span {}..{} is outside the text or not on character boundaries",
            s.start, s.end
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quad_classes() {
        assert_eq!(quad_of("042"), 1);
        assert_eq!(quad_of("057"), 1);
        assert_eq!(quad_of("070"), 2);
        assert_eq!(quad_of("112"), 3);
        assert_eq!(quad_of("190"), 4);
        assert_eq!(quad_of("2"), 0);
        assert_eq!(quad_of(""), 0);
        assert_eq!(quad_of("x1"), 0);
    }

    #[test]
    fn page_probe() {
        let req = PageReq {
            limit: 2,
            offset: 4,
        };
        let p = Page::from_probe(vec![1, 2, 3], req);
        assert_eq!(p.items, vec![1, 2]);
        assert_eq!(p.next, Some(6));
        let last = Page::from_probe(vec![1, 2], req);
        assert_eq!(last.next, None);
    }

    #[test]
    fn document_spans_checked() {
        let mut d = Document {
            id: "a".into(),
            text: "হাসিনা ঢাকায়".into(),
            ..Document::default()
        };
        d.sentences = vec![Span::new(0, d.text.len())];
        assert!(check_document(&d).is_ok());
        d.sentences.push(Span::new(1, 3));
        assert!(check_document(&d).is_err());
        d.sentences = vec![Span::new(0, 999)];
        assert!(check_document(&d).is_err());
        d.sentences = vec![Span::new(6, 3)];
        assert!(check_document(&d).is_err());
        d.sentences.clear();
        d.id.clear();
        assert!(check_document(&d).is_err());
    }
}
