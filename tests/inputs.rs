//! Every input is accounted for: good records become articles, bad ones become exactly
//! one `errors` row each, and the run goes on.

mod common;
use common::Fixture;
use flate2::write::GzEncoder;
use std::io::Write;

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

#[test]
fn one_malformed_json_line_among_good_ones() {
    let fx = Fixture::new();
    fx.write(
        "feed.jsonl",
        concat!(
            r#"{"id": "a1", "title": "Chile and Peru sign trade pact", "body": "Chile and Peru signed a trade agreement on Monday.", "date": "2024-05-06"}"#, "\n",
            r#"{"id": "a2", "title": "Egypt buys wheat", "body": "Egypt bought wheat from Russia.", "date": "2024-05-07"}"#, "\n",
            r#"{"id": "a3", "title": "broken", "body": "no closing brace""#, "\n",
            "\n",
            r#"{"title": "no id", "text": "Mexico and Canada held talks on steel tariffs.", "pubDate": "2024-05-08"}"#, "\n",
        ),
    );
    fx.run(&[]);
    let errors = fx.table("errors");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["line"], "3");
    assert_eq!(errors[0]["error_kind"], "json");
    let arts = fx.table("articles");
    let ids: Vec<&str> = arts.iter().map(|a| a["article_id"].as_str()).collect();
    assert_eq!(ids, vec!["a1", "a2", "feed:5"]);
    let m = fx.manifest();
    assert_eq!(m["inputs"]["read"], 4);
    assert_eq!(m["inputs"]["ok"], 3);
    assert_eq!(m["inputs"]["error"], 1);
}

#[test]
fn bad_inputs_each_give_one_error_row_and_gz_is_transparent() {
    let fx = Fixture::new();
    let good = r#"{"id": "g1", "title": "T", "body": "Japan exported cars to Australia.", "date": "2024-01-02"}"#;
    fx.write("good.jsonl.gz", gz(format!("{good}\n").as_bytes()));
    fx.write("story.txt.gz", gz(common::seed_text().as_bytes()));
    fx.write("empty.txt", "");
    fx.write("image.txt", [0x89u8, b'P', b'N', b'G', 0, 0, 0, 13, 0xFF, 0]);
    fx.write("notes.docx", "not an article");
    fx.write("ragged.csv", "id,title,body\nc1,T,Spain and Morocco discussed migration.\nc2,only two\n");
    fx.write("nobody.jsonl", r#"{"id": "n1", "title": "headline only"}"#);
    let mut truncated = gz(format!("{good}\n{good}\n").as_bytes());
    truncated.truncate(truncated.len() / 2);
    fx.write("cut.jsonl.gz", truncated);
    fx.write("latin1.txt", b"Caf\xe9 talks\nFrance and Belgium signed a rail accord in Brussels\x92s old town.\n");
    fx.run(&[]);
    let errors = fx.table("errors");
    let kinds: std::collections::BTreeMap<String, String> = errors
        .iter()
        .map(|e| (e["source_path"].rsplit('/').next().unwrap().to_owned(), e["error_kind"].clone()))
        .collect();
    assert_eq!(kinds.get("empty.txt").map(String::as_str), Some("empty_file"));
    assert_eq!(kinds.get("image.txt").map(String::as_str), Some("binary"));
    assert_eq!(kinds.get("notes.docx").map(String::as_str), Some("unknown_extension"));
    assert_eq!(kinds.get("ragged.csv").map(String::as_str), Some("csv"));
    assert_eq!(kinds.get("nobody.jsonl").map(String::as_str), Some("missing_body"));
    assert_eq!(kinds.get("cut.jsonl.gz").map(String::as_str), Some("gzip"));
    let arts = fx.table("articles");
    let ids: Vec<&str> = arts.iter().map(|a| a["article_id"].as_str()).collect();
    assert!(ids.contains(&"g1") && ids.contains(&"story") && ids.contains(&"c1") && ids.contains(&"latin1"), "{ids:?}");
    let latin = arts.iter().find(|a| a["article_id"] == "latin1").unwrap();
    assert_eq!(latin["title"], "Café talks");
    let m = fx.manifest();
    let read = m["inputs"]["read"].as_u64().unwrap();
    assert_eq!(read, (arts.len() + errors.len()) as u64);
    assert_eq!(read, m["inputs"]["ok"].as_u64().unwrap() + m["inputs"]["duplicate"].as_u64().unwrap() + m["inputs"]["error"].as_u64().unwrap());
}

#[test]
fn exact_duplicates_are_marked_and_not_counted_twice() {
    let fx = Fixture::new();
    let story = "Turkey and Greece agree talks\nATHENS, May 2 - Greece and Turkey agreed to resume talks on the Aegean, officials said.\n";
    fx.write("a.txt", story);
    fx.write("b/copy.txt", story.replace("  ", " ").replace("resume talks", "resume  talks"));
    fx.run(&[]);
    let arts = fx.table("articles");
    let status: Vec<(&str, &str)> = arts.iter().map(|a| (a["article_id"].as_str(), a["status"].as_str())).collect();
    assert_eq!(status, vec![("a", "ok"), ("b/copy", "duplicate")]);
    let rels = fx.table("relations");
    assert!(rels.iter().all(|r| r["article_id"] == "a"));
    let psm = fx.table("pair_sector_month");
    assert!(psm.iter().all(|r| r["n_articles"] == "1"));
    assert_eq!(fx.manifest()["inputs"]["duplicate"], 1);
}

#[test]
fn parquet_has_typed_columns() {
    use polars::prelude::*;
    let fx = Fixture::new();
    fx.write("000_ecd26b8948b7705e.txt", common::seed_text());
    fx.run(&[]);
    let f = std::fs::File::open(fx.output().join("relations.parquet")).unwrap();
    let df = ParquetReader::new(f).finish().unwrap();
    assert_eq!(df.column("date").unwrap().dtype(), &DataType::Date);
    assert_eq!(df.column("sentiment").unwrap().dtype(), &DataType::Float64);
    assert_eq!(df.height(), fx.table("relations").len());
    let f = std::fs::File::open(fx.output().join("articles.parquet")).unwrap();
    let arts = ParquetReader::new(f).finish().unwrap();
    assert!(matches!(arts.column("countries").unwrap().dtype(), DataType::List(_)));
}

#[test]
fn more_bad_inputs_decode_or_give_one_error_row() {
    use std::os::unix::ffi::OsStrExt;
    let fx = Fixture::new();
    // UTF-16LE with BOM: decoded
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "Türkiye and Greece talk\nTürkiye and Greece agreed to hold talks on Monday.\n".encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    fx.write("utf16.txt", utf16);
    // invalid UTF-8 inside a JSON line: read as Windows-1252
    let mut bad = br#"{"id": "w1", "body": "Peru and Chile signed a deal "#.to_vec();
    bad.extend_from_slice(b"\x93today\x94.\"}\n");
    fx.write("cp1252.jsonl", bad);
    // a date field that does not parse: the article stays, with the next date source
    fx.write("baddate.jsonl", "{\"id\": \"d1\", \"body\": \"LIMA, March 3 - Peru and Chile signed a deal.\", \"date\": \"sometime soon\"}\n");
    // a path with non-UTF-8 bytes
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    std::fs::write(fx.input().join(name), "Brazil and Chile\nBrazil and Chile signed a trade deal.\n").unwrap();
    // an unreadable file: a link to nothing
    std::os::unix::fs::symlink(fx.input().join("gone.txt"), fx.input().join("dangling.txt")).unwrap();
    // a symlink loop
    std::fs::create_dir_all(fx.input().join("loop")).unwrap();
    std::os::unix::fs::symlink(fx.input().join("loop"), fx.input().join("loop/again")).unwrap();
    // an article over the size limit (100 MB): one error row, memory bounded
    let big = fx.input().join("huge.txt");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&big).unwrap());
        f.write_all(b"Huge headline\n").unwrap();
        let line = "Japan and Korea held talks on trade and fisheries on Monday. ".repeat(16);
        for _ in 0..(100 * 1024 * 1024 / line.len()) {
            f.write_all(line.as_bytes()).unwrap();
        }
    }
    fx.run(&[]);
    let errors = fx.table("errors");
    let kinds: Vec<(String, String)> = errors
        .iter()
        .map(|e| (e["source_path"].rsplit('/').next().unwrap().to_owned(), e["error_kind"].clone()))
        .collect();
    assert!(kinds.contains(&("huge.txt".into(), "too_large".into())), "{kinds:?}");
    assert!(errors.iter().any(|e| e["message"].contains("symlink loop")), "{errors:?}");
    assert!(errors.iter().any(|e| e["source_path"].ends_with("dangling.txt") && e["error_kind"] == "io"), "{errors:?}");
    assert_eq!(errors.len(), 3, "{errors:?}");
    let arts = fx.table("articles");
    let by_id = |id: &str| arts.iter().find(|a| a["article_id"] == id).unwrap_or_else(|| panic!("{id} missing: {arts:?}")).clone();
    assert_eq!(by_id("utf16")["countries"], "GRC;TUR");
    assert_eq!(by_id("w1")["countries"], "CHL;PER");
    let d1 = by_id("d1");
    assert_eq!(d1["date_source"], "dateline");
    assert!(arts.iter().any(|a| a["source_path"].contains("caf")));
    let m = fx.manifest();
    assert_eq!(m["inputs"]["read"].as_u64().unwrap(), (arts.len() + errors.len()) as u64);
}
