//! `bilat report`: the HTML written from a real run is self-contained (no scripts, no
//! external URLs), holds every chart with its title and id, escapes text from the
//! articles, and works on an output without any pair. The browser check
//! (`tests/browser/check_report.py`, run by `.ci/run`) opens the same page in Chromium.

mod common;

use common::{Fixture, BIN};
use std::path::Path;
use std::process::Command;

const CHARTS: [(&str, &str); 4] = [
    ("chart-top-pairs", "Top pairs by article count"),
    ("chart-sentiment-time", "Sentiment over time, top pairs (monthly mean)"),
    ("chart-sector-mix", "Sector mix of the top pairs"),
    ("chart-network", "Pair network (top pairs by articles)"),
];

fn run(input: &Path, output: &Path) {
    let out = Command::new(BIN)
        .args(["run", "--quiet", "--reference-date", "2026-11-27", "--input"])
        .arg(input)
        .arg("--output")
        .arg(output)
        .output()
        .expect("run bilat");
    assert!(out.status.success(), "bilat run failed: {}", String::from_utf8_lossy(&out.stderr));
}

fn report(output: &Path) -> String {
    let out = Command::new(BIN).arg("report").arg("--output").arg(output).output().expect("run bilat report");
    assert!(out.status.success(), "bilat report failed: {}", String::from_utf8_lossy(&out.stderr));
    let path = output.join("report.html");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), path.display().to_string());
    std::fs::read_to_string(&path).expect("report.html")
}

/// No scripts, no stylesheets or images from elsewhere, nothing fetched at view time.
fn assert_self_contained(html: &str) {
    let lower = html.to_lowercase();
    for bad in ["<script", "<link", "<iframe", "<img", "@import", "src=\"http", "href=\"http", "src='http", "href='http", "url(http", "url(\"http", "url('http", "href=\"//", "src=\"//"] {
        assert!(!lower.contains(bad), "report.html contains {bad:?}");
    }
    // The only absolute URL allowed is the SVG namespace.
    for (i, _) in lower.match_indices("http") {
        let rest = &lower[i..];
        assert!(rest.starts_with("http://www.w3.org/2000/svg"), "external URL in report.html: {}", &html[i..(i + 60).min(html.len())]);
    }
}

#[test]
fn report_for_the_bundled_input_has_every_chart() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    run(&Path::new(env!("CARGO_MANIFEST_DIR")).join("input"), &out);
    let html = report(&out);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_self_contained(&html);
    for (id, title) in CHARTS {
        let at = html.find(&format!("<figure id=\"{id}\"")).unwrap_or_else(|| panic!("no figure #{id}"));
        let figure = &html[at..at + html[at..].find("</figure>").unwrap()];
        assert!(figure.contains("<svg"), "#{id} has no SVG");
        // plotters writes a text's content on its own line; the network writes it inline.
        let titled = figure.contains(&format!(">{title}</text>")) || figure.contains(&format!(">\n{title}\n</text>"));
        assert!(titled, "#{id} has no title {title:?}");
    }
    // Axis labels and readable country names.
    for text in ["articles", "country pair", "month", "mean sentiment", "share of the pair", "Colombia – Russia", "Norway – Russia"] {
        assert!(html.contains(text), "missing {text:?}");
    }
    // Accounting and date range from the manifest and articles.
    assert!(html.contains("id=\"accounting\"") && html.contains("records read"));
    assert!(html.contains("2022-09-20 to 2025-09-09"), "date range");
    // Evidence: the negative pair's sentence, linked to its article's row.
    assert!(html.contains("Russia rejected the accusation"), "evidence sentence");
    let link = html.find(">001_fishing_dispute</a>").expect("link to the article id");
    let href = &html[html[..link].rfind("href=\"#").unwrap() + 7..link - 1];
    assert!(html.contains(&format!("<tr id=\"{href}\">")), "anchor {href} has no row");
    // Written atomically: no temporary file left behind.
    let leftovers: Vec<_> = std::fs::read_dir(out.join("current"))
        .into_iter()
        .flatten()
        .chain(std::fs::read_dir(&out).unwrap())
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn report_escapes_article_text() {
    let fx = Fixture::new();
    fx.write(
        "wire.jsonl",
        r#"{"id":"x<1>&\"q\"","title":"France & Germany <script>alert(1)</script>","date":"2024-05-02","body":"France and Germany signed a trade agreement on Monday, welcoming the strong <b>partnership</b> & friendship between the two countries."}
"#,
    );
    fx.run(&["--quiet"]);
    let html = report(&fx.output());
    assert_self_contained(&html);
    assert!(!html.contains("<script") && !html.contains("<b>partnership"), "unescaped text");
    assert!(html.contains("France &amp; Germany &lt;script&gt;alert(1)&lt;/script&gt;"), "escaped headline");
    assert!(html.contains("x&lt;1&gt;&amp;&quot;q&quot;"), "escaped article id");
}

#[test]
fn report_for_an_output_without_pairs() {
    let fx = Fixture::new();
    fx.write("a.txt", "Local weather\n\nIt rained all day in the valley and the river rose.\n");
    fx.run(&["--quiet"]);
    let html = report(&fx.output());
    assert_self_contained(&html);
    for (id, _) in CHARTS {
        assert!(html.contains(&format!("<figure id=\"{id}\"")), "no figure #{id}");
    }
    assert!(html.contains("No country pairs in this output."));
}

#[test]
fn report_without_a_run_fails_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN).arg("report").arg("--output").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("manifest.json"));
}
