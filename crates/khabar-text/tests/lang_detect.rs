//! Language identification on sentences written for this test, per language, and document
//! language by majority of story letters.

use khabar_core::{Document, Format, Stage};
use khabar_text::clean::CleanConfig;
use khabar_text::lang::LanguageDetector;

const CASES: &[(&str, &str)] = &[
    ("bn", "সরকার আগামী মাসে নতুন বাজেট ঘোষণা করবে বলে জানিয়েছেন অর্থমন্ত্রী।"),
    ("ar", "أعلنت الحكومة اليوم عن خطة جديدة لدعم المزارعين في المناطق الريفية."),
    ("en", "The government announced a new plan on Monday to support farmers in rural areas."),
    ("ru", "Правительство объявило в понедельник о новом плане поддержки фермеров в сельской местности."),
    ("uk", "Уряд оголосив у понеділок про новий план підтримки фермерів у сільській місцевості."),
    ("fa", "دولت روز دوشنبه از برنامه جدیدی برای حمایت از کشاورزان در مناطق روستایی خبر داد."),
    ("ur", "حکومت نے پیر کے روز دیہی علاقوں میں کسانوں کی مدد کے لیے ایک نئے منصوبے کا اعلان کیا ہے۔"),
    ("hi", "सरकार ने सोमवार को ग्रामीण क्षेत्रों में किसानों की मदद के लिए एक नई योजना की घोषणा की है।"),
    ("fr", "Le gouvernement a annoncé lundi un nouveau plan pour soutenir les agriculteurs dans les zones rurales."),
    ("es", "El gobierno anunció el lunes un nuevo plan para apoyar a los agricultores de las zonas rurales."),
    ("de", "Die Regierung hat am Montag einen neuen Plan zur Unterstützung der Landwirte in ländlichen Gebieten vorgestellt."),
    ("tr", "Hükümet pazartesi günü kırsal bölgelerdeki çiftçileri desteklemek için yeni bir plan açıkladı ve bu plan ile ilgili ayrıntıları paylaştı."),
    ("zh", "政府周一宣布了一项支持农村地区农民的新计划。"),
    ("ja", "政府は月曜日、農村地域の農家を支援する新しい計画を発表した。"),
    ("ko", "정부는 월요일 농촌 지역 농민을 지원하기 위한 새로운 계획을 발표했다."),
];

#[test]
fn one_sentence_per_language() {
    let det = LanguageDetector::new();
    let mut wrong = Vec::new();
    for (lang, text) in CASES {
        let got = det.detect(text).map(|g| g.lang);
        if got != Some(*lang) {
            wrong.push(format!("{lang}: got {got:?} for {text}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn short_latin_headlines() {
    let det = LanguageDetector::new();
    for (lang, text) in [
        ("en", "Minister resigns after the election"),
        ("fr", "Le ministre démissionne après les élections"),
        ("es", "El ministro dimite tras las elecciones"),
        ("de", "Der Minister tritt nach der Wahl zurück"),
    ] {
        assert_eq!(det.detect(text).map(|g| g.lang), Some(lang), "{text}");
    }
}

#[test]
fn no_letters_no_language() {
    let det = LanguageDetector::new();
    assert_eq!(det.detect("12:30 — 45% … ***"), None);
    assert_eq!(det.detect(""), None);
}

fn doc_lang(text: &str) -> (Option<String>, Vec<Option<String>>) {
    let mut doc = Document::new("t", text.as_bytes(), text.to_string(), Format::Text);
    CleanConfig::default().build().process(&mut doc);
    LanguageDetector::new().process(&mut doc);
    (
        doc.lang,
        doc.paragraphs.into_iter().map(|p| p.lang).collect(),
    )
}

#[test]
fn document_language_is_the_majority_of_story_letters() {
    // A Bengali story with a long English paragraph in it stays Bengali.
    let text = "সরকার আগামী মাসে নতুন বাজেট ঘোষণা করবে বলে জানিয়েছেন অর্থমন্ত্রী। তিনি বলেন, এবারের বাজেটে কৃষি ও স্বাস্থ্য খাতে বরাদ্দ বাড়ানো হবে।\n\n\
        The minister said the budget would focus on farming and health, officials said.\n\n\
        বিরোধী দলগুলো অবশ্য বলছে, প্রস্তাবিত বাজেট সাধারণ মানুষের কোনো উপকারে আসবে না। তারা সংসদে এর বিরোধিতা করবে বলে জানিয়েছে।";
    let (lang, paras) = doc_lang(text);
    assert_eq!(lang.as_deref(), Some("bn"));
    assert!(
        paras.iter().all(|p| p.as_deref() == Some("bn")),
        "{paras:?}"
    );
}

#[test]
fn paragraph_languages_in_a_mixed_document() {
    let det = LanguageDetector::new();
    let text =
        "The talks ended on Friday without an agreement, the spokesman said in a statement.\n\n\
        «Мы готовы продолжать переговоры в любое время», — заявил глава делегации журналистам.\n\n\
        Both sides said they would meet again next month in the same city, diplomats said.";
    let mut doc = Document::new("t", text.as_bytes(), text.to_string(), Format::Text);
    CleanConfig::default().build().process(&mut doc);
    det.process(&mut doc);
    assert_eq!(doc.lang.as_deref(), Some("en"));
    let langs: Vec<Option<&str>> = doc.paragraphs.iter().map(|p| p.lang.as_deref()).collect();
    assert_eq!(langs, vec![Some("en"), Some("ru"), Some("en")]);
}
