//! API tests: a store built in a temp dir from documents written here (Bengali, Arabic,
//! English, with entities and events), the router driven with `oneshot`, and a real listener
//! for the connection-level checks (rate limit per address).

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use khabar_core::{ActorRef, Document, Entity, EntityType, Event, Modality, PartialDate, Span};
use khabar_server::{router, AppState, ServeConfig};
use khabar_store::Store;
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;

const TOKEN: &str = "test-token-0123456789";

/// The span of the first occurrence of `needle` in `text` (panics in the test if absent).
fn span(text: &str, needle: &str) -> Span {
    let start = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in fixture"));
    Span::new(start, start + needle.len())
}

fn actor(id: &str, name: &str, code: &str) -> ActorRef {
    ActorRef {
        id: id.into(),
        name: name.into(),
        code: Some(code.into()),
    }
}

fn entity(id: &str, name: &str, kind: EntityType, text: &str, surfaces: &[&str]) -> Entity {
    Entity {
        id: id.into(),
        name: name.into(),
        kind,
        country: Some("BGD".into()),
        cameo: Some("BGDGOV".into()),
        known: true,
        mentions: surfaces.iter().map(|s| span(text, s)).collect(),
    }
}

#[allow(clippy::too_many_arguments)]
fn event(
    text: &str,
    sentence: &str,
    trigger: &str,
    code: &str,
    label: &str,
    quad: u8,
    source: ActorRef,
    target: Option<ActorRef>,
    date: PartialDate,
) -> Event {
    Event {
        code: code.into(),
        label: label.into(),
        quad_class: quad,
        goldstein: if quad >= 3 { -5.0 } else { 4.0 },
        source,
        target,
        place: None,
        date: Some(date),
        sentence: span(text, sentence),
        trigger: span(text, trigger),
        also: Vec::new(),
        modality: Modality::Asserted,
        confidence: 0.9,
    }
}

fn doc(id: &str, lang: &str, title: &str, text: &str, published: PartialDate) -> Document {
    let mut d = Document {
        id: id.into(),
        source: format!("fixtures/{id}.txt"),
        url: Some(format!("https://news.example/{id}")),
        title: Some(title.into()),
        lang: Some(lang.into()),
        published: Some(published),
        text: text.into(),
        ..Document::default()
    };
    // Sentences: split at the fixture's sentence marks, keeping byte offsets.
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | '।' | '؟' | '!') {
            let end = i + c.len_utf8();
            d.sentences.push(Span::new(start, end));
            start = end;
            while text[start..].starts_with(' ') {
                start += 1;
            }
        }
    }
    d
}

/// Three documents: Bengali, Arabic, English, sharing two actors.
fn fixtures() -> Vec<Document> {
    let hasina = actor("Q1", "Sheikh Hasina", "BGDGOV");
    let modi = actor("Q2", "Narendra Modi", "INDGOV");

    let bn_text = "প্রধানমন্ত্রী শেখ হাসিনা দিল্লিতে নরেন্দ্র মোদীর সঙ্গে বৈঠক করেছেন। দুই দেশের বাণিজ্য নিয়ে আলোচনা হয়েছে।";
    let mut bn = doc(
        "bn0000000000001",
        "bn",
        "হাসিনা-মোদী বৈঠক",
        bn_text,
        PartialDate::ymd(2024, 5, 9),
    );
    bn.entities = vec![
        entity(
            "Q1",
            "Sheikh Hasina",
            EntityType::Per,
            bn_text,
            &["শেখ হাসিনা"],
        ),
        entity(
            "Q2",
            "Narendra Modi",
            EntityType::Per,
            bn_text,
            &["নরেন্দ্র মোদীর"],
        ),
    ];
    bn.events = vec![event(
        bn_text,
        "প্রধানমন্ত্রী শেখ হাসিনা দিল্লিতে নরেন্দ্র মোদীর সঙ্গে বৈঠক করেছেন।",
        "বৈঠক",
        "040",
        "Consult",
        1,
        hasina.clone(),
        Some(modi.clone()),
        PartialDate::ymd(2024, 5, 9),
    )];

    let ar_text = "انتقد رئيس الوزراء الهندي ناريندرا مودي الشيخة حسينة بشدة. وقال إن الحدود يجب أن تبقى مفتوحة.";
    let mut ar = doc(
        "ar0000000000001",
        "ar",
        "مودي ينتقد حسينة",
        ar_text,
        PartialDate::ymd(2024, 6, 2),
    );
    ar.entities = vec![
        entity(
            "Q2",
            "Narendra Modi",
            EntityType::Per,
            ar_text,
            &["ناريندرا مودي"],
        ),
        entity(
            "Q1",
            "Sheikh Hasina",
            EntityType::Per,
            ar_text,
            &["الشيخة حسينة"],
        ),
    ];
    ar.events = vec![event(
        ar_text,
        "انتقد رئيس الوزراء الهندي ناريندرا مودي الشيخة حسينة بشدة.",
        "انتقد",
        "111",
        "Criticize or denounce",
        3,
        modi.clone(),
        Some(hasina.clone()),
        PartialDate::ymd(2024, 6, 2),
    )];

    let en_text = "Sheikh Hasina met Narendra Modi again in Dhaka. They signed a water agreement. <script>alert(1)</script>";
    let mut en = doc(
        "en0000000000001",
        "en",
        "Hasina and Modi sign water deal <b>",
        en_text,
        PartialDate::ymd(2024, 6, 20),
    );
    en.entities = vec![
        entity(
            "Q1",
            "Sheikh Hasina",
            EntityType::Per,
            en_text,
            &["Sheikh Hasina"],
        ),
        entity(
            "Q2",
            "Narendra Modi",
            EntityType::Per,
            en_text,
            &["Narendra Modi"],
        ),
        entity("Q3", "Dhaka", EntityType::Gpe, en_text, &["Dhaka"]),
    ];
    en.events = vec![
        event(
            en_text,
            "Sheikh Hasina met Narendra Modi again in Dhaka.",
            "met",
            "040",
            "Consult",
            1,
            hasina.clone(),
            Some(modi.clone()),
            PartialDate::ymd(2024, 6, 20),
        ),
        event(
            en_text,
            "They signed a water agreement.",
            "signed",
            "057",
            "Sign formal agreement",
            1,
            modi,
            Some(hasina),
            PartialDate::ymd(2024, 6, 20),
        ),
    ];
    vec![bn, ar, en]
}

struct Fixture {
    _dir: tempfile::TempDir,
    db: String,
}

fn store() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("k.db").to_string_lossy().into_owned();
    let s = Store::open(&db).expect("open store");
    let w = s.write_batch(&fixtures()).expect("write fixtures");
    assert_eq!(w.inserted, 3);
    Fixture { _dir: dir, db }
}

fn app_with(f: &Fixture, token: Option<&str>, rate: f64) -> Router {
    let config = ServeConfig {
        db: f.db.clone(),
        token: token.map(str::to_string),
        rate_limit: rate,
        burst: 5,
        body_limit: 64 * 1024,
        connections: 2,
        ..ServeConfig::default()
    };
    let state = AppState::open(&config).expect("state");
    router(Arc::new(state), &config)
}

fn app(f: &Fixture) -> Router {
    app_with(f, None, 0.0)
}

async fn call(
    app: &Router,
    method: Method,
    uri: &str,
    auth: Option<&str>,
    body: Option<String>,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let mut b = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, "127.0.0.1:8080");
    if let Some(t) = auth {
        b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let req = match body {
        Some(s) => b
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(s)),
        None => b.body(Body::empty()),
    }
    .expect("request");
    let res = app.clone().oneshot(req).await.expect("response");
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), 16 << 20)
        .await
        .expect("body");
    (status, headers, bytes.to_vec())
}

async fn get_json(app: &Router, uri: &str) -> (StatusCode, Value) {
    let (status, headers, body) = call(app, Method::GET, uri, None, None).await;
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert!(
        ct.starts_with("application/json"),
        "{uri}: content type {ct}"
    );
    let v: Value = serde_json::from_slice(&body).expect("JSON body");
    (status, v)
}

fn items(v: &Value) -> &Vec<Value> {
    v["items"].as_array().expect("items array")
}

#[tokio::test]
async fn documents_list_and_pagination() {
    let f = store();
    let app = app(&f);
    let (s, v) = get_json(&app, "/api/documents").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(items(&v).len(), 3);
    assert_eq!(v["limit"], 50);
    assert_eq!(v["next"], Value::Null);

    let (_, p1) = get_json(&app, "/api/documents?limit=2").await;
    assert_eq!(items(&p1).len(), 2);
    assert_eq!(p1["next"], 2);
    let (_, p2) = get_json(&app, "/api/documents?limit=2&offset=2").await;
    assert_eq!(items(&p2).len(), 1);
    assert_eq!(p2["next"], Value::Null);
    let mut ids: Vec<&str> = items(&p1)
        .iter()
        .chain(items(&p2))
        .filter_map(|d| d["id"].as_str())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3, "pages overlap or miss a document");

    let (_, bn) = get_json(&app, "/api/documents?lang=bn").await;
    assert_eq!(items(&bn).len(), 1);
    assert_eq!(items(&bn)[0]["title"], "হাসিনা-মোদী বৈঠক");
}

#[tokio::test]
async fn one_document_with_byte_offsets() {
    let f = store();
    let app = app(&f);
    let (s, d) = get_json(&app, "/api/documents/bn0000000000001").await;
    assert_eq!(s, StatusCode::OK);
    let text = d["text"].as_str().expect("text");
    let mentions = d["mentions"].as_array().expect("mentions");
    assert_eq!(mentions.len(), 2);
    for m in mentions {
        let (a, b) = (
            m["start"].as_u64().unwrap_or(0) as usize,
            m["end"].as_u64().unwrap_or(0) as usize,
        );
        assert_eq!(
            text.get(a..b),
            m["text"].as_str(),
            "mention offsets are UTF-8 byte offsets"
        );
    }
    assert_eq!(mentions[0]["kind"], "PER");
    let events = d["events"].as_array().expect("events");
    assert_eq!(events.len(), 1);
    let e = &events[0];
    let (a, b) = (
        e["start"].as_u64().unwrap_or(0) as usize,
        e["end"].as_u64().unwrap_or(0) as usize,
    );
    assert_eq!(text.get(a..b), e["sentence"].as_str());
    assert_eq!(e["source"]["id"], "Q1");
    assert_eq!(e["target"]["name"], "Narendra Modi");

    let (s, err) = get_json(&app, "/api/documents/nope").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(err["error"].as_str().is_some_and(|m| m.contains("nope")));
}

#[tokio::test]
async fn search_in_three_scripts() {
    let f = store();
    let app = app(&f);
    for (q, id) in [
        ("হাসিনা", "bn0000000000001"),
        ("حسينة", "ar0000000000001"),
        ("water", "en0000000000001"),
    ] {
        let uri = format!("/api/search?q={}", urlencode(q));
        let (s, v) = get_json(&app, &uri).await;
        assert_eq!(s, StatusCode::OK, "{q}");
        let ids: Vec<&str> = items(&v).iter().filter_map(|h| h["id"].as_str()).collect();
        assert!(ids.contains(&id), "{q}: {ids:?}");
    }
    let (s, v) = get_json(&app, "/api/search").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(v["error"].as_str().is_some_and(|m| m.contains("q")));
    let long = "a".repeat(500);
    let (s, _) = get_json(&app, &format!("/api/search?q={long}")).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn events_filters() {
    let f = store();
    let app = app(&f);
    let (s, all) = get_json(&app, "/api/events").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(items(&all).len(), 4);

    let (_, consult) = get_json(&app, "/api/events?code=04").await;
    assert_eq!(items(&consult).len(), 2);
    assert!(items(&consult).iter().all(|e| e["code"] == "040"));

    let (_, ar) = get_json(&app, "/api/events?lang=ar").await;
    assert_eq!(items(&ar).len(), 1);
    assert_eq!(items(&ar)[0]["code"], "111");

    let (_, june) = get_json(&app, "/api/events?since=2024-06-01&until=2024-06-30").await;
    assert_eq!(items(&june).len(), 3);

    let (_, page) = get_json(&app, "/api/events?limit=3").await;
    assert_eq!(items(&page).len(), 3);
    assert_eq!(page["next"], 3);

    for bad in [
        "/api/events?since=yesterday",
        "/api/events?code=abc",
        "/api/events?lang=Bengali",
        "/api/events?limit=0",
        "/api/events?limit=501",
        "/api/events?offset=-1",
        "/api/events?limit=ten",
    ] {
        let (s, v) = get_json(&app, bad).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{bad}");
        assert!(v["error"].is_string(), "{bad}");
    }
}

#[tokio::test]
async fn entities_and_profile() {
    let f = store();
    let app = app(&f);
    let (s, v) = get_json(&app, "/api/entities").await;
    assert_eq!(s, StatusCode::OK);
    let ids: Vec<&str> = items(&v).iter().filter_map(|e| e["id"].as_str()).collect();
    assert!(ids.contains(&"Q1") && ids.contains(&"Q2"), "{ids:?}");
    let (_, gpe) = get_json(&app, "/api/entities?kind=GPE").await;
    assert!(items(&gpe).iter().all(|e| e["kind"] == "GPE"));
    let (s, _) = get_json(&app, "/api/entities?kind=ANIMAL").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);

    let (s, p) = get_json(&app, "/api/entities/Q1").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(p["name"], "Sheikh Hasina");
    let names: Vec<&str> = p["names"]
        .as_array()
        .expect("names")
        .iter()
        .filter_map(|n| n["name"].as_str())
        .collect();
    assert!(names.contains(&"শেখ হাসিনা"), "{names:?}");
    assert!(names.contains(&"الشيخة حسينة"), "{names:?}");
    assert!(p["partners"]
        .as_array()
        .is_some_and(|a| a.iter().any(|x| x["id"] == "Q2")));
    assert!(p["events"].as_array().is_some_and(|a| !a.is_empty()));

    let (s, _) = get_json(&app, "/api/entities/Q999").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn graph_timeline_stats() {
    let f = store();
    let app = app(&f);
    let (s, g) = get_json(&app, "/api/graph").await;
    assert_eq!(s, StatusCode::OK);
    let nodes = g["nodes"].as_array().expect("nodes");
    let edges = g["edges"].as_array().expect("edges");
    assert!(nodes.iter().any(|n| n["id"] == "Q1"));
    assert!(!edges.is_empty());
    assert!(edges
        .iter()
        .all(|e| (0..=4).contains(&e["quad"].as_u64().unwrap_or(9))));
    let (_, one) = get_json(&app, "/api/graph?limit=1").await;
    assert_eq!(one["nodes"].as_array().map(Vec::len), Some(1));
    assert_eq!(one["edges"].as_array().map(Vec::len), Some(0));

    let (s, t) = get_json(&app, "/api/timeline").await;
    assert_eq!(s, StatusCode::OK);
    let bins = t["bins"].as_array().expect("bins");
    let total: u64 = bins.iter().filter_map(|b| b["count"].as_u64()).sum();
    assert_eq!(total, 4);

    let (s, st) = get_json(&app, "/api/stats").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(st["documents"], 3);
    assert_eq!(st["events"], 4);
    let langs: Vec<&str> = st["languages"]
        .as_array()
        .expect("languages")
        .iter()
        .filter_map(|l| l["lang"].as_str())
        .collect();
    for l in ["ar", "bn", "en"] {
        assert!(langs.contains(&l), "{langs:?}");
    }
}

#[tokio::test]
async fn security_headers_everywhere() {
    let f = store();
    let app = app(&f);
    for uri in [
        "/",
        "/static/app.js",
        "/static/style.css",
        "/api/stats",
        "/api/nothing",
        "/api/documents/nope",
    ] {
        let (_, h, _) = call(&app, Method::GET, uri, None, None).await;
        let csp = h
            .get(header::CONTENT_SECURITY_POLICY)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        assert!(csp.contains("default-src 'self'"), "{uri}");
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{uri}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{uri}");
        assert_eq!(
            h.get(header::X_CONTENT_TYPE_OPTIONS).map(|v| v.as_bytes()),
            Some(&b"nosniff"[..]),
            "{uri}"
        );
        assert_eq!(
            h.get(header::REFERRER_POLICY).map(|v| v.as_bytes()),
            Some(&b"no-referrer"[..]),
            "{uri}"
        );
        assert_eq!(
            h.get(header::X_FRAME_OPTIONS).map(|v| v.as_bytes()),
            Some(&b"DENY"[..]),
            "{uri}"
        );
    }
    let (s, v) = get_json(&app, "/api/nothing").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(v["error"], "no such route");
}

#[tokio::test]
async fn page_has_no_inline_script() {
    let f = store();
    let app = app(&f);
    let (s, h, body) = call(&app, Method::GET, "/", None, None).await;
    assert_eq!(s, StatusCode::OK);
    assert!(h
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.starts_with("text/html")));
    let html = String::from_utf8(body).expect("utf-8");
    // Every <script> has a src (CSP forbids inline script anyway).
    for part in html.split("<script").skip(1) {
        let tag = part.split('>').next().unwrap_or("");
        assert!(tag.contains("src="), "inline script: {tag}");
    }
    assert!(!html.contains("style=\""), "inline style");
    let (_, _, js) = call(&app, Method::GET, "/static/app.js", None, None).await;
    let js = String::from_utf8(js).expect("utf-8");
    assert!(!js.contains(".innerHTML"), "app.js must not use innerHTML");
    assert!(!js.contains("insertAdjacentHTML") && !js.contains("document.write"));
}

#[tokio::test]
async fn openapi_mentions_every_route() {
    let f = store();
    let app = app(&f);
    let (s, v) = get_json(&app, "/api/openapi.json").await;
    assert_eq!(s, StatusCode::OK);
    assert!(v["openapi"].as_str().is_some_and(|o| o.starts_with("3.")));
    let paths = v["paths"].as_object().expect("paths");
    let routes = [
        "/api/documents",
        "/api/documents/{id}",
        "/api/search",
        "/api/events",
        "/api/entities",
        "/api/entities/{key}",
        "/api/graph",
        "/api/timeline",
        "/api/stats",
        "/api/openapi.json",
        "/api/admin/status",
        "/api/admin/documents",
    ];
    for r in routes {
        assert!(paths.contains_key(r), "openapi.json lacks {r}");
    }
    // And every documented path answers something other than the unknown-route 404.
    let token_app = app_with(&f, Some(TOKEN), 0.0);
    for r in paths.keys() {
        let uri = r.replace("{id}", "bn0000000000001").replace("{key}", "Q1") + "?q=x";
        let method = if r.ends_with("/admin/documents") {
            Method::POST
        } else {
            Method::GET
        };
        let (_, _, body) = call(&token_app, method, &uri, Some(TOKEN), Some("[]".into())).await;
        let text = String::from_utf8_lossy(&body);
        assert!(
            !text.contains("no such route"),
            "{r} is documented but not routed"
        );
    }
}

#[tokio::test]
async fn admin_routes_need_the_token() {
    let f = store();
    // Read-only server: the admin routes do not exist.
    let ro = app(&f);
    let (s, _, _) = call(&ro, Method::GET, "/api/admin/status", Some(TOKEN), None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _, _) = call(
        &ro,
        Method::POST,
        "/api/admin/documents",
        Some(TOKEN),
        Some("[]".into()),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    let rw = app_with(&f, Some(TOKEN), 0.0);
    let (s, _, _) = call(&rw, Method::GET, "/api/admin/status", None, None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _, _) = call(
        &rw,
        Method::GET,
        "/api/admin/status",
        Some("wrong-token-000000000"),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _, body) = call(&rw, Method::GET, "/api/admin/status", Some(TOKEN), None).await;
    assert_eq!(s, StatusCode::OK);
    let v: Value = serde_json::from_slice(&body).expect("json");
    assert_eq!(v["read_only"], false);
    assert_eq!(v["documents"], 3);

    // Stats are cached; a write clears the cache, so the new document counts at once.
    let (_, before) = get_json(&rw, "/api/stats").await;
    assert_eq!(before["documents"], 3);

    // Writing a new document, then it is served.
    let text = "Dhaka hosted talks.";
    let mut d = Document {
        id: "en0000000000002".into(),
        source: "admin".into(),
        lang: Some("en".into()),
        text: text.into(),
        ..Document::default()
    };
    d.sentences = vec![Span::new(0, text.len())];
    let body = serde_json::to_string(&vec![d.clone()]).expect("json");
    let (s, _, out) = call(
        &rw,
        Method::POST,
        "/api/admin/documents",
        Some(TOKEN),
        Some(body.clone()),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{}", String::from_utf8_lossy(&out));
    let v: Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(v["inserted"], 1);
    let (s, _, _) = call(
        &rw,
        Method::GET,
        "/api/documents/en0000000000002",
        None,
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (_, after) = get_json(&rw, "/api/stats").await;
    assert_eq!(after["documents"], 4);
    // Same again: a duplicate, not an error.
    let (_, _, out) = call(
        &rw,
        Method::POST,
        "/api/admin/documents",
        Some(TOKEN),
        Some(body),
    )
    .await;
    let v: Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(v["duplicates"], 1);

    // A span off the text is refused before anything is written.
    d.id = "en0000000000003".into();
    d.sentences = vec![Span::new(0, 999)];
    let bad = serde_json::to_string(&vec![d]).expect("json");
    let (s, _, out) = call(
        &rw,
        Method::POST,
        "/api/admin/documents",
        Some(TOKEN),
        Some(bad),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(String::from_utf8_lossy(&out).contains("outside the text"));
    // Malformed JSON is a JSON 400 too; an over-large body is 413.
    let (s, _, out) = call(
        &rw,
        Method::POST,
        "/api/admin/documents",
        Some(TOKEN),
        Some("[{".into()),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(serde_json::from_slice::<Value>(&out).is_ok_and(|v| v["error"].is_string()));
    let huge = format!("[{}]", "0,".repeat(40_000) + "0");
    let (s, _, _) = call(
        &rw,
        Method::POST,
        "/api/admin/documents",
        Some(TOKEN),
        Some(huge),
    )
    .await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn foreign_host_header_is_refused_on_loopback() {
    let f = store();
    let app = app(&f);
    let req = Request::builder()
        .uri("/api/stats")
        .header(header::HOST, "attacker.example")
        .body(Body::empty())
        .expect("request");
    let res = app.oneshot(req).await.expect("response");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn rate_limit_over_a_real_listener() {
    let f = store();
    let config = ServeConfig {
        db: f.db.clone(),
        bind: "127.0.0.1:0".parse().expect("addr"),
        rate_limit: 1.0,
        burst: 5,
        connections: 1,
        timeout: Duration::from_secs(5),
        ..ServeConfig::default()
    };
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let state = Arc::new(AppState::open(&config).expect("state"));
    let app = router(state, &config);
    let server = tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
    });
    let mut statuses = Vec::new();
    for _ in 0..8 {
        statuses.push(raw_get(addr, "/api/stats").await);
    }
    server.abort();
    let ok = statuses
        .iter()
        .filter(|s| s.starts_with("HTTP/1.1 200"))
        .count();
    let limited = statuses
        .iter()
        .filter(|s| s.starts_with("HTTP/1.1 429"))
        .count();
    assert_eq!(ok, 5, "{statuses:?}");
    assert_eq!(limited, 3, "{statuses:?}");
    assert!(statuses
        .iter()
        .any(|s| s.to_ascii_lowercase().contains("retry-after: 1")));
}

/// A minimal HTTP/1.1 GET over a fresh connection; returns the response head.
async fn raw_get(addr: std::net::SocketAddr, path: &str) -> String {
    let path = path.to_string();
    tokio::task::spawn_blocking(move || {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(addr).expect("connect");
        let req = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        s.write_all(req.as_bytes()).expect("write");
        let mut buf = Vec::new();
        s.read_to_end(&mut buf).expect("read");
        let text = String::from_utf8_lossy(&buf).into_owned();
        text.split("\r\n\r\n").next().unwrap_or("").to_string()
    })
    .await
    .expect("join")
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
