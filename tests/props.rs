//! Property tests: the readers and parsers never panic, whatever bytes arrive.

use bilat::ingest::{csvfile, decode, jsonl, txt};
use bilat::model::Article;
use bilat::parse;
use chrono::NaiveDate;
use proptest::prelude::*;

fn reference() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn decode_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = decode::decode(&bytes);
    }

    #[test]
    fn dateline_never_panics(s in "\\PC{0,80}") {
        if let Some(f) = parse::dateline::parse(&s) {
            prop_assert!(f.len <= s.len());
            prop_assert!(s.is_char_boundary(f.len));
        }
    }

    #[test]
    fn dateline_like_strings_never_panic(place in "[A-Z][A-Z .'-]{0,20}", m in "(Jan|Sept|MARCH|may|Dec)\\.?", d in 0u32..40, rest in "\\PC{0,40}") {
        let s = format!("{place}, {m} {d} (Reuters) - {rest}");
        let _ = parse::dateline::parse(&s);
    }

    #[test]
    fn txt_then_parse_never_panics(s in "\\PC{0,400}") {
        let a = txt::parse(&s, "x".into(), "x.txt");
        let doc = parse::parse(a, reference());
        for sent in &doc.sentences {
            prop_assert!(sent.start <= sent.end && sent.end <= doc.text.len());
            prop_assert!(doc.text.is_char_boundary(sent.start) && doc.text.is_char_boundary(sent.end));
        }
    }

    #[test]
    fn jsonl_line_never_panics(s in "\\PC{0,200}") {
        let _ = jsonl::parse_line(&s, "x.jsonl", 1, "x:1".into());
    }

    #[test]
    fn jsonl_objects_with_odd_fields_never_panic(id in "\\PC{0,10}", body in "\\PC{0,100}", date in "\\PC{0,20}") {
        let line = serde_json::json!({"id": id, "body": body, "date": date, "dateline": body.clone()}).to_string();
        if let Ok(a) = jsonl::parse_line(&line, "x.jsonl", 1, "x:1".into()) {
            let _ = parse::parse(a, reference());
        }
    }

    #[test]
    fn csv_never_panics(s in "\\PC{0,300}") {
        let _ = csvfile::parse(&s, "x.csv", "x");
        let with_header = format!("id,title,body,date\n{s}");
        for r in csvfile::parse(&with_header, "x.csv", "x").into_iter().flatten() {
            let _ = parse::parse(r, reference());
        }
    }

    #[test]
    fn parse_never_panics_on_any_article(title in "\\PC{0,60}", body in "\\PC{0,300}", dl in proptest::option::of("\\PC{0,30}"), date in proptest::option::of("\\PC{0,30}")) {
        let a = Article { id: "p".into(), title, body, dateline: dl, raw_date: date, ..Default::default() };
        let _ = parse::parse(a, reference());
    }
}

fn extractor() -> &'static bilat::extract::Extractor {
    static E: std::sync::OnceLock<bilat::extract::Extractor> = std::sync::OnceLock::new();
    E.get_or_init(|| bilat::extract::Extractor::new(&bilat::lexicon::Lexicons::embedded().unwrap()).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn extraction_never_panics(words in proptest::collection::vec("(Russia|Georgia|Jordan|the U.S.|Putin|said|\"|“|”|and|,|\\.|sanctions|bilateral|Columbia|Caracas|in|to|\\PC{1,8})", 0..60)) {
        let body = words.join(" ");
        let a = Article { id: "e".into(), title: "T".into(), body, ..Default::default() };
        let doc = parse::parse(a, reference());
        let ex = extractor().extract(&doc);
        for r in ex.relations {
            prop_assert!(r.country_a < r.country_b);
            prop_assert!((-1.0..=1.0).contains(&r.sentiment));
            prop_assert_eq!(r.sectors.len(), r.sector_evidence.len());
        }
    }
}
