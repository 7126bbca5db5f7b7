//! Arabic event coding: every CAMEO root, VSO and SVO roles, prepositions glued (ب) and free
//! (مع, في), nisba adjectives, coordination with glued و, modality (لن, سـ, إذا), dates and
//! merging.

mod events_support;

use events_support::{check_roots, coder, doc, has, E};
use khabar_core::{EntityType::*, Modality, PartialDate};

fn ents() -> Vec<E<'static>> {
    vec![
        E(
            "kb:sisi",
            "Abdel Fattah el-Sisi",
            Per,
            Some("EGY GOV"),
            &["السيسي"],
        ),
        E(
            "kb:dbeibah",
            "Abdul Hamid Dbeibah",
            Per,
            Some("LBY GOV"),
            &["الدبيبة"],
        ),
        E(
            "kb:lavrov",
            "Sergey Lavrov",
            Per,
            Some("RUS GOV"),
            &["لافروف"],
        ),
        E("kb:egypt", "Egypt", Gpe, Some("EGY"), &["المصري", "مصر"]),
        E("kb:libya", "Libya", Gpe, Some("LBY"), &["الليبي", "ليبيا"]),
        E("kb:jordan", "Jordan", Gpe, Some("JOR"), &["الأردن"]),
        E("kb:cairo", "Cairo", Gpe, Some("EGY"), &["القاهرة"]),
        E("kb:moscow", "Moscow", Gpe, Some("RUS"), &["موسكو"]),
    ]
}

#[test]
fn every_root_has_a_trigger() {
    check_roots(
        "ar",
        &[
            ("01", "الوزارة أصدرت بيانا حول الأزمة"),
            ("02", "دعا الأمين العام إلى ضبط النفس"),
            ("03", "تعهد الرئيس بتقديم الدعم"),
            ("04", "التقى وزير الخارجية نظيره"),
            ("05", "أشاد الرئيس بالجهود"),
            ("06", "اتفق البلدان على تعزيز التعاون العسكري"),
            ("07", "أرسلت الحكومة مساعدات إنسانية"),
            ("08", "أعلنت السلطات الإفراج عن عشرة معتقلين"),
            ("09", "فتحت النيابة تحقيقا في الحادث"),
            ("10", "طالب المحتجون بالإفراج عن المعتقلين"),
            ("11", "أدانت الخارجية القرار"),
            ("12", "رفض البرلمان المقترح"),
            ("13", "هدد الجيش بالرد"),
            ("14", "تظاهر آلاف في العاصمة"),
            ("15", "حشد الجيش قوات على الحدود"),
            ("16", "فرضت واشنطن عقوبات جديدة"),
            ("17", "اعتقلت الشرطة ثلاثة أشخاص"),
            ("18", "اختطف مسلحون صحفيا"),
            ("19", "قصفت الطائرات مواقع المسلحين"),
            ("20", "وصفت المنظمة ما جرى بأنه إبادة جماعية"),
        ],
    );
}

#[test]
fn verb_subject_object_with_nisba_and_place() {
    let d = doc(
        "ar",
        &["واستقبل الرئيس المصري السيسي رئيس الوزراء الليبي الدبيبة في القاهرة"],
        &ents(),
        &[],
    );
    let evs = coder().code(&d);
    assert!(
        has(&evs, "04", "Abdel Fattah el-Sisi", "Abdul Hamid Dbeibah"),
        "{evs:?}"
    );
    assert_eq!(evs[0].code, "043");
    assert_eq!(
        evs[0].place.as_ref().map(|p| p.name.as_str()),
        Some("Cairo")
    );
}

#[test]
fn headline_subject_verb_object() {
    let d = doc("ar", &["السيسي يستقبل الدبيبة في القاهرة"], &ents(), &[]);
    let evs = coder().code(&d);
    assert!(
        has(&evs, "04", "Abdel Fattah el-Sisi", "Abdul Hamid Dbeibah"),
        "{evs:?}"
    );
}

#[test]
fn glued_preposition_and_chained_verbs() {
    let d = doc("ar", &["زار لافروف ليبيا والتقى بالدبيبة"], &ents(), &[]);
    let evs = coder().code(&d);
    assert!(has(&evs, "04", "Sergey Lavrov", "Libya"), "{evs:?}");
    assert!(
        has(&evs, "04", "Sergey Lavrov", "Abdul Hamid Dbeibah"),
        "{evs:?}"
    );
}

#[test]
fn coordination_with_glued_waw() {
    let d = doc("ar", &["أدانت مصر والأردن موسكو"], &ents(), &[]);
    let evs = coder().code(&d);
    assert!(has(&evs, "11", "Egypt", "Moscow"), "{evs:?}");
    assert!(has(&evs, "11", "Jordan", "Moscow"), "{evs:?}");
}

#[test]
fn modality() {
    let c = coder();
    let neg = doc("ar", &["لن يزور السيسي موسكو"], &ents(), &[]);
    assert!(c
        .candidates(&neg)
        .iter()
        .any(|e| e.modality == Modality::Negated));
    assert!(c.code(&neg).is_empty());
    let fut = doc("ar", &["سيزور السيسي موسكو الأسبوع المقبل"], &ents(), &[]);
    let evs = c.code(&fut);
    assert_eq!(
        evs.first().map(|e| (e.code.as_str(), e.modality)),
        Some(("036", Modality::Future)),
        "{evs:?}"
    );
    let hyp = doc("ar", &["إذا هاجم السيسي ليبيا فسيرد الحلف"], &ents(), &[]);
    assert!(c
        .candidates(&hyp)
        .iter()
        .any(|e| e.modality == Modality::Hypothetical));
}

#[test]
fn date_and_merge() {
    let d = doc(
        "ar",
        &[
            "السيسي يستقبل الدبيبة",
            "واستقبل السيسي الدبيبة يوم 9 مايو في القاهرة",
        ],
        &ents(),
        &[(
            "9 مايو",
            PartialDate {
                year: None,
                month: Some(5),
                day: Some(9),
            },
        )],
    );
    let evs = coder().code(&d);
    let host: Vec<_> = evs.iter().filter(|e| e.code.starts_with("04")).collect();
    assert_eq!(host.len(), 1, "{evs:?}");
    assert_eq!(host[0].also.len(), 1);
    assert_eq!(
        host[0].date.map(|d| d.to_string()).as_deref(),
        Some("--05-09")
    );
}
