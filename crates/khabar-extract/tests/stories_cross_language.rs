//! Story clustering across languages on documents written for this test: a Bengali and an
//! Arabic article about the same leaders in the same days share a story; an article about other
//! actors in the same days, and one about the same actors months later, do not.

use khabar_core::{ActorRef, Document, Entity, EntityType, Event, Format, PartialDate, Span};
use khabar_extract::stories::{StoryClusterer, StoryConfig, StoryFeatures};

fn entity(id: &str, name: &str, kind: EntityType) -> Entity {
    Entity {
        id: id.into(),
        name: name.into(),
        kind,
        country: None,
        cameo: None,
        known: !id.starts_with("new:"),
        mentions: vec![],
    }
}

fn event(code: &str, src: &Entity, tgt: &Entity) -> Event {
    Event {
        code: code.into(),
        label: String::new(),
        quad_class: 1,
        goldstein: 0.0,
        source: src.actor(),
        target: Some(tgt.actor()),
        place: None::<ActorRef>,
        date: None,
        sentence: Span::new(0, 0),
        trigger: Span::new(0, 0),
        also: vec![],
        modality: Default::default(),
        confidence: 0.5,
    }
}

fn doc(
    id: &str,
    lang: &str,
    text: &str,
    date: (i32, u8, u8),
    ents: Vec<Entity>,
    code: &str,
) -> Document {
    let mut d = Document::new(id, id.as_bytes(), String::new(), Format::Text);
    d.id = id.into();
    d.lang = Some(lang.into());
    d.text = text.into();
    d.published = Some(PartialDate::ymd(date.0, date.1, date.2));
    if ents.len() >= 2 {
        d.events = vec![event(code, &ents[0], &ents[1])];
    }
    d.entities = ents;
    d
}

fn minister() -> Entity {
    entity("Q-minister-a", "Farid Osman", EntityType::Per)
}
fn president() -> Entity {
    entity("Q-president-b", "Leila Haddad", EntityType::Per)
}
fn country() -> Entity {
    entity("Q-country-c", "Nordland", EntityType::Gpe)
}

#[test]
fn bengali_and_arabic_reports_of_one_meeting_share_a_story() {
    let mut c = StoryClusterer::default();
    let mut bn = doc(
        "bn1",
        "bn",
        "বুধবার রাজধানীতে ফরিদ ওসমানের সঙ্গে বৈঠক করেছেন প্রেসিডেন্ট লায়লা হাদ্দাদ।",
        (2024, 5, 8),
        vec![minister(), president(), country()],
        "040",
    );
    let mut ar = doc(
        "ar1",
        "ar",
        "التقت الرئيسة ليلى حداد يوم الخميس بالوزير فريد عثمان في العاصمة.",
        (2024, 5, 9),
        vec![president(), minister()],
        "042",
    );
    // Same days, other actors: another story.
    let mut other = doc(
        "en1",
        "en",
        "Flooding closed the coastal highway on Thursday, the roads agency said.",
        (2024, 5, 9),
        vec![
            entity("Q-agency-d", "Roads Agency", EntityType::Org),
            entity("Q-city-e", "Port Amin", EntityType::Gpe),
        ],
        "010",
    );
    // Same actors four months later: another story.
    let mut later = doc(
        "ru1",
        "ru",
        "Фарид Осман и Лейла Хаддад вновь встретились в сентябре.",
        (2024, 9, 12),
        vec![minister(), president()],
        "040",
    );
    let s_bn = c.observe(&mut bn);
    let s_ar = c.observe(&mut ar);
    let s_other = c.observe(&mut other);
    let s_later = c.observe(&mut later);
    assert_eq!(s_bn, "bn1");
    assert_eq!(s_ar, s_bn, "bn and ar about the same meeting");
    assert_eq!(ar.story.as_deref(), Some("bn1"));
    assert_ne!(s_other, s_bn);
    assert_ne!(s_later, s_bn, "same actors months later is another story");
}

#[test]
fn one_shared_country_is_not_enough() {
    let mut c = StoryClusterer::default();
    let mut a = doc(
        "a",
        "en",
        "",
        (2024, 1, 1),
        vec![minister(), country()],
        "040",
    );
    let mut b = doc(
        "b",
        "ar",
        "",
        (2024, 1, 1),
        vec![entity("Q-other", "Omar Said", EntityType::Per), country()],
        "040",
    );
    c.observe(&mut a);
    assert_ne!(c.observe(&mut b), "a");
}

#[test]
fn provisional_entities_do_not_link_stories() {
    let mut c = StoryClusterer::default();
    let mut a = doc(
        "a",
        "bn",
        "",
        (2024, 1, 1),
        vec![
            entity("new:per:x", "X", EntityType::Per),
            entity("new:per:y", "Y", EntityType::Per),
        ],
        "040",
    );
    let mut b = a.clone();
    b.id = "b".into();
    c.observe(&mut a);
    assert_eq!(c.observe(&mut b), "b");
}

#[test]
fn near_copies_join_their_originals_story_and_dateless_documents_still_cluster() {
    let mut c = StoryClusterer::new(StoryConfig::default());
    let mut a = doc(
        "a",
        "en",
        "",
        (2024, 3, 3),
        vec![minister(), president()],
        "057",
    );
    c.observe(&mut a);
    // A copy with no entities at all (e.g. linking failed on it) still joins via duplicate_of.
    let mut copy = doc("copy", "en", "", (2024, 3, 3), vec![], "057");
    copy.duplicate_of = Some("a".into());
    assert_eq!(c.observe(&mut copy), "a");
    // No date: joined on entities alone.
    let mut nodate = doc(
        "nd",
        "ar",
        "",
        (2024, 3, 3),
        vec![president(), minister()],
        "057",
    );
    nodate.published = None;
    assert_eq!(c.observe(&mut nodate), "a");
    // Asking again for a seen document gives the same answer.
    assert_eq!(c.assign(&StoryFeatures::from_document(&a)), "a");
}
