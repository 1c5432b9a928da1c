//! Plain-text wire stories: line 1 is the headline, the rest (sub-headlines, dateline,
//! body) is left for the parse stage, which knows what a dateline looks like.

use crate::model::Article;

/// Split a wire story into headline and the rest.
pub fn parse(text: &str, id: String, source_path: &str) -> Article {
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines().skip_while(|l| l.trim().is_empty());
    let title = lines.next().unwrap_or("").trim().to_owned();
    let body: Vec<&str> = lines.collect();
    Article {
        id,
        source_path: source_path.to_owned(),
        title,
        body: body.join("\n").trim().to_owned(),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_then_body() {
        let a = parse("\n Head \nSub\nMOSCOW, May 1. /TASS/. Text.\n", "x".into(), "x.txt");
        assert_eq!(a.title, "Head");
        assert_eq!(a.body, "Sub\nMOSCOW, May 1. /TASS/. Text.");
    }
}
