//! Shared helpers of the entity-linking tests: a small KB written here, and `link` returning
//! (id, mention texts) pairs.

#![allow(dead_code)]

use khabar_core::{Entity, PartialDate};
use khabar_extract::entities::EntityLinker;
use khabar_extract::kb::Kb;
use std::sync::{Arc, OnceLock};

pub const KB: &str = r#"
{"id":"EGY","name":"Egypt","type":"GPE","country":"EGY","cameo":"EGY","aliases":{"en":["Egypt"],"bn":["মিশর"],"ar":["مصر"],"ru":["Египет"]},"demonyms":{"en":["Egyptian"],"bn":["মিশরীয়"],"ar":["مصري"],"ru":["египетский"]}}
{"id":"LBY","name":"Libya","type":"GPE","country":"LBY","cameo":"LBY","aliases":{"en":["Libya"],"bn":["লিবিয়া"],"ar":["ليبيا"],"ru":["Ливия"]},"demonyms":{"en":["Libyan"],"ar":["ليبي"]}}
{"id":"LBN","name":"Lebanon","type":"GPE","country":"LBN","cameo":"LBN","aliases":{"en":["Lebanon"],"bn":["লেবানন"],"ar":["لبنان"],"ru":["Ливан"]}}
{"id":"RUS","name":"Russia","type":"GPE","country":"RUS","cameo":"RUS","aliases":{"en":["Russia"],"bn":["রাশিয়া"],"ar":["روسيا"],"ru":["Россия"]},"demonyms":{"ru":["российский"]}}
{"id":"ISR","name":"Israel","type":"GPE","country":"ISR","cameo":"ISR","aliases":{"en":["Israel"],"bn":["ইসরায়েল"],"ar":["إسرائيل"],"ru":["Израиль"]}}
{"id":"MLI","name":"Mali","type":"GPE","country":"MLI","cameo":"MLI","aliases":{"en":["Mali"],"bn":["মালি"],"ar":["مالي"],"ru":["Мали"]}}
{"id":"USA","name":"United States","type":"GPE","country":"USA","cameo":"USA","aliases":{"en":["United States","US"],"bn":["যুক্তরাষ্ট্র"]},"demonyms":{"en":["American"],"bn":["মার্কিন"]}}
{"id":"geo:cairo","name":"Cairo","type":"GPE","country":"EGY","aliases":{"en":["Cairo"],"bn":["কায়রো"],"ar":["القاهرة"],"ru":["Каир"]},"population":9500000}
{"id":"geo:moscow","name":"Moscow","type":"GPE","country":"RUS","aliases":{"en":["Moscow"],"bn":["মস্কো"],"ar":["موسكو"],"ru":["Москва"]},"population":12000000}
{"id":"geo:tripoli-ly","name":"Tripoli","type":"GPE","country":"LBY","aliases":{"en":["Tripoli"],"bn":["ত্রিপোলি"],"ar":["طرابلس"],"ru":["Триполи"]},"population":1150000}
{"id":"geo:tripoli-lb","name":"Tripoli","type":"GPE","country":"LBN","aliases":{"en":["Tripoli"],"bn":["ত্রিপোলি"],"ar":["طرابلس"],"ru":["Триполи"]},"population":230000}
{"id":"geo:benghazi","name":"Benghazi","type":"GPE","country":"LBY","aliases":{"en":["Benghazi"]},"population":630000}
{"id":"geo:tyre","name":"Tyre","type":"GPE","country":"LBN","aliases":{"en":["Tyre"],"ar":["صور"]},"population":60000}
{"id":"org:lna","name":"Libyan National Army","type":"ORG","country":"LBY","cameo":"LBY MIL","aliases":{"en":["Libyan National Army","LNA"],"bn":["লিবিয়ান ন্যাশনাল আর্মি","এলএনএ"],"ar":["الجيش الوطني الليبي"]}}
{"id":"org:arab-league","name":"Arab League","type":"ORG","aliases":{"en":["Arab League"],"ar":["الجامعة العربية"]}}
{"id":"per:haftar","name":"Khalifa Haftar","type":"PER","country":"LBY","cameo":"LBY MIL","aliases":{"en":["Khalifa Haftar","Haftar"],"bn":["খলিফা হাফতার","হাফতার"],"ar":["خليفة حفتر","حفتر"],"ru":["Халифа Хафтар","Хафтар"]}}
{"id":"per:lavrov","name":"Sergey Lavrov","type":"PER","country":"RUS","cameo":"RUS GOV","roles":[{"role":"foreign_minister","of":"RUS","from":"2004-03-09"}],"aliases":{"en":["Sergey Lavrov","Sergei Lavrov","Lavrov"],"ru":["Сергей Лавров","Лавров"],"ar":["سيرغي لافروف","لافروف"]}}
{"id":"per:bogdanov","name":"Mikhail Bogdanov","type":"PER","country":"RUS","aliases":{"en":["Mikhail Bogdanov"],"ru":["Михаил Богданов"]}}
{"id":"per:biden","name":"Joe Biden","type":"PER","country":"USA","cameo":"USA GOV","roles":[{"role":"vice_president","of":"USA","from":"2009-01-20","to":"2017-01-20"},{"role":"head_of_state","of":"USA","from":"2021-01-20","to":"2025-01-20"}],"aliases":{"en":["Joe Biden"],"bn":["জো বাইডেন"]}}
{"id":"per:trump","name":"Donald Trump","type":"PER","country":"USA","cameo":"USA GOV","roles":[{"role":"head_of_state","of":"USA","from":"2017-01-20","to":"2021-01-20"},{"role":"head_of_state","of":"USA","from":"2025-01-20"}],"aliases":{"en":["Donald Trump","Trump"],"bn":["ডোনাল্ড ট্রাম্প","ট্রাম্প"]}}
{"id":"per:sisi","name":"Abdel Fattah el-Sisi","type":"PER","country":"EGY","cameo":"EGY GOV","roles":[{"role":"head_of_state","of":"EGY","from":"2014-06-08"}],"aliases":{"en":["Abdel Fattah el-Sisi","Sisi"],"ar":["عبد الفتاح السيسي","السيسي"],"bn":["আবদেল ফাত্তাহ আল-সিসি"]}}
{"id":"per:morsi","name":"Mohamed Morsi","type":"PER","country":"EGY","cameo":"EGY GOV","roles":[{"role":"head_of_state","of":"EGY","from":"2012-06-30","to":"2013-07-03"}],"aliases":{"en":["Mohamed Morsi","Morsi"],"ar":["محمد مرسي"]}}
{"id":"per:netanyahu","name":"Benjamin Netanyahu","type":"PER","country":"ISR","aliases":{"en":["Benjamin Netanyahu","Netanyahu"]}}
{"id":"per:hope","name":"Asha Rahman","type":"PER","aliases":{"en":["Asha Rahman"],"bn":["আশা রহমান","আশা"]}}
"#;

pub fn linker() -> &'static EntityLinker {
    static L: OnceLock<EntityLinker> = OnceLock::new();
    L.get_or_init(|| {
        let kb = Kb::from_jsonl(KB, "test").expect("test KB parses");
        EntityLinker::new(Arc::new(kb)).expect("linker builds")
    })
}

pub fn link_at(text: &str, date: Option<PartialDate>) -> Vec<Entity> {
    linker().link(text, date)
}

/// (id, mention texts) of every entity in `text`.
pub fn link(text: &str) -> Vec<(String, Vec<String>)> {
    link_at(text, None)
        .into_iter()
        .map(|e| {
            let ms = e
                .mentions
                .iter()
                .map(|m| m.slice(text).to_string())
                .collect();
            (e.id, ms)
        })
        .collect()
}

/// The entity id linked to the whole word or phrase `surface` of `text`, if any.
pub fn id_of(text: &str, surface: &str) -> Option<String> {
    link(text)
        .into_iter()
        .find(|(_, ms)| ms.iter().any(|m| m == surface))
        .map(|(id, _)| id)
}

pub fn ids(text: &str) -> Vec<String> {
    link(text).into_iter().map(|(id, _)| id).collect()
}

/// Assert each `(text, surface, id)` row: the mention covering `surface` in `text` links to `id`.
pub fn assert_links(table: &[(&str, &str, &str)]) {
    for &(text, surface, id) in table {
        assert_eq!(
            id_of(text, surface).as_deref(),
            Some(id),
            "{surface} in {text}: {:?}",
            link(text)
        );
    }
}

/// (id, kind, mention texts) of the provisional entities (`new:` ids) of `text`.
pub fn new_names(text: &str) -> Vec<(String, khabar_core::EntityType, Vec<String>)> {
    linker()
        .link(text, None)
        .into_iter()
        .filter(|e| e.id.starts_with("new:"))
        .map(|e| {
            let ms = e
                .mentions
                .iter()
                .map(|m| m.slice(text).to_string())
                .collect();
            (e.id, e.kind, ms)
        })
        .collect()
}
