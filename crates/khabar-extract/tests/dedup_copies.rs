//! Near-duplicate links on articles written for this test in en, bn, ar and ru: syndicated
//! copies (same story, other chrome left by cleaning) and near-copies (a few words changed)
//! are linked to the first document; distinct articles on the same topic are not.

use khabar_core::{Document, Format};
use khabar_extract::dedup::{DedupConfig, Deduper};

const EN: &str = "The port authority said on Thursday that two container ships had been \
    allowed to leave the harbour after a week of inspections, easing fears of shortages of \
    cooking oil and medicine in the capital.\n\nTraders welcomed the decision but warned that \
    prices would stay high until the backlog of more than forty vessels waiting outside the \
    breakwater was cleared. The transport minister promised extra cranes and night shifts at \
    the docks, and said customs officers would be moved from the airport to speed up checks.";

const EN_OTHER: &str = "The port authority said on Monday that fishing boats would be \
    banned from the outer harbour during the repair of the breakwater, which was damaged in \
    the storm last month.\n\nFishermen protested outside the ministry, saying the ban would cost \
    them their income for the whole season. The transport minister offered compensation and \
    said the work on the docks would be finished before the winter rains.";

const BN: &str = "বৃহস্পতিবার বন্দর কর্তৃপক্ষ জানিয়েছে, এক সপ্তাহের পরিদর্শনের পর দুটি কনটেইনার জাহাজকে \
    বন্দর ছাড়ার অনুমতি দেওয়া হয়েছে। এতে রাজধানীতে ভোজ্যতেল ও ওষুধের সংকটের আশঙ্কা কমেছে।\n\n\
    ব্যবসায়ীরা সিদ্ধান্তকে স্বাগত জানালেও সতর্ক করেছেন যে বাইরে অপেক্ষমাণ চল্লিশটির বেশি জাহাজের \
    জট না কাটা পর্যন্ত দাম বেশি থাকবে। যোগাযোগমন্ত্রী ডকে বাড়তি ক্রেন ও রাতের পালা চালুর প্রতিশ্রুতি \
    দিয়েছেন এবং বলেছেন, তল্লাশি দ্রুত করতে বিমানবন্দর থেকে শুল্ক কর্মকর্তাদের সরিয়ে আনা হবে।";

const AR: &str = "قالت سلطة الميناء يوم الخميس إنه سُمح لسفينتي حاويات بمغادرة المرفأ بعد أسبوع من \
    عمليات التفتيش، ما خفف المخاوف من نقص زيت الطهي والأدوية في العاصمة.\n\nورحب التجار بالقرار \
    لكنهم حذروا من أن الأسعار ستبقى مرتفعة إلى أن يتم تفريغ أكثر من أربعين سفينة تنتظر خارج كاسر \
    الأمواج. ووعد وزير النقل بتوفير رافعات إضافية ونوبات ليلية في الأرصفة، وقال إن موظفي الجمارك \
    سيُنقلون من المطار لتسريع عمليات الفحص.";

const RU: &str = "В четверг администрация порта сообщила, что после недели проверок двум \
    контейнеровозам разрешили покинуть гавань, что ослабило опасения нехватки растительного масла \
    и лекарств в столице.\n\nТорговцы приветствовали решение, но предупредили, что цены останутся \
    высокими, пока не будет разобрана очередь из более чем сорока судов, ожидающих за волноломом. \
    Министр транспорта пообещал дополнительные краны и ночные смены в доках и заявил, что \
    таможенников переведут из аэропорта, чтобы ускорить проверки.";

fn doc(id: &str, text: &str) -> Document {
    let mut d = Document::new(id, id.as_bytes(), String::new(), Format::Text);
    d.id = id.to_string();
    d.text = text.to_string();
    d
}

/// Replace the `n`-th whitespace-separated word (counting from 0) with `with`.
fn change_word(text: &str, n: usize, with: &str) -> String {
    let mut words: Vec<&str> = text.split(' ').collect();
    if let Some(w) = words.get_mut(n) {
        *w = with;
    }
    words.join(" ")
}

#[test]
fn syndicated_and_near_copies_link_to_the_first_in_every_language() {
    for (lang, text) in [("en", EN), ("bn", BN), ("ar", AR), ("ru", RU)] {
        let mut d = Deduper::default();
        let mut orig = doc(&format!("{lang}-orig"), text);
        assert_eq!(d.observe(&mut orig), None, "{lang}");
        assert_eq!(orig.duplicate_of, None);

        // Syndicated: the same story, with another site's leftovers around it.
        let mut syn = doc(
            &format!("{lang}-syn"),
            &format!("Second Site Daily\n\n{text}\n\nShare this story"),
        );
        d.observe(&mut syn);
        assert_eq!(
            syn.duplicate_of.as_deref(),
            Some(orig.id.as_str()),
            "{lang} syndicated"
        );

        // Near-copy of the syndicated copy: three words changed; still points at the first.
        let mut t = change_word(text, 5, "X1");
        t = change_word(&t, 20, "X2");
        t = change_word(&t, 40, "X3");
        let mut near = doc(&format!("{lang}-near"), &t);
        d.observe(&mut near);
        assert_eq!(
            near.duplicate_of.as_deref(),
            Some(orig.id.as_str()),
            "{lang} near-copy"
        );
    }
}

#[test]
fn distinct_articles_on_the_same_topic_are_not_linked() {
    let mut d = Deduper::default();
    let mut a = doc("a", EN);
    let mut b = doc("b", EN_OTHER);
    d.observe(&mut a);
    d.observe(&mut b);
    assert_eq!(b.duplicate_of, None);
    // Translations are different texts: not duplicates (stories link those).
    for (id, t) in [("bn", BN), ("ar", AR), ("ru", RU)] {
        let mut x = doc(id, t);
        d.observe(&mut x);
        assert_eq!(x.duplicate_of, None, "{id}");
    }
}

#[test]
fn heavily_rewritten_text_is_not_a_copy() {
    // Half the sentences replaced: far below the 0.8 threshold.
    let mut d = Deduper::default();
    let mut a = doc("a", EN);
    d.observe(&mut a);
    let half = EN.split("\n\n").next().unwrap_or("");
    let mut b = doc(
        "b",
        &format!("{half}\n\n{}", EN_OTHER.split("\n\n").nth(1).unwrap_or("")),
    );
    d.observe(&mut b);
    assert_eq!(b.duplicate_of, None);
}

#[test]
fn glue_and_spacing_differences_do_not_hide_a_copy() {
    // The same Bengali story, once with danda glued to the next sentence and with different
    // line breaks: normalization and word splitting make them the same shingles.
    let mut d = Deduper::default();
    let mut a = doc("a", BN);
    d.observe(&mut a);
    let glued = BN.replace("। ", "।").replace("\n\n", "\n");
    let mut b = doc("b", &glued);
    d.observe(&mut b);
    assert_eq!(b.duplicate_of.as_deref(), Some("a"));
}

#[test]
fn same_input_same_links() {
    let run = || {
        let mut d = Deduper::new(DedupConfig::default());
        [EN, BN, EN, AR, BN, RU, EN_OTHER]
            .iter()
            .enumerate()
            .map(|(i, t)| d.observe_text(&format!("d{i}"), t))
            .collect::<Vec<_>>()
    };
    let first = run();
    assert_eq!(first, run());
    assert_eq!(
        first,
        vec![
            None,
            None,
            Some("d0".to_string()),
            None,
            Some("d1".to_string()),
            None,
            None
        ]
    );
}
