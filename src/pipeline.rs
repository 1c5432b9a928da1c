//! The stages wired together for one run: ingest streams articles in batches, each batch
//! is parsed and extracted in parallel (rayon), and the results are collected in input
//! order for the transform stage. Memory holds one batch of article text at a time plus
//! the (small) extracted rows.

use crate::extract::Extractor;
use crate::ingest::{self, InputFile};
use crate::model::{Article, InputError};
use crate::parse;
use crate::transform::ArticleOut;
use chrono::NaiveDate;
use rayon::prelude::*;

/// Articles per parallel batch.
pub const BATCH: usize = 2048;

/// What a run read: processed articles (in input order) and input errors.
#[derive(Debug, Default)]
pub struct Processed {
    pub articles: Vec<ArticleOut>,
    pub errors: Vec<InputError>,
}

/// Parse and extract one article.
pub fn process_one(article: Article, extractor: &Extractor, reference: NaiveDate) -> ArticleOut {
    let doc = parse::parse(article, reference);
    let ex = extractor.extract(&doc);
    ArticleOut {
        article_id: doc.id.clone(),
        source_path: doc.source_path.clone(),
        title: doc.title.clone(),
        date: doc.date,
        date_source: doc.date_source.as_str(),
        dateline_place: doc.dateline.as_ref().map(|d| d.place.clone()),
        source: doc.source.clone(),
        n_sentences: doc.sentences.len() as u32,
        countries: ex.countries,
        content_hash: doc.content_hash,
        relations: ex.relations,
    }
}

/// Run ingest → parse → extract over the given files.
pub fn process(files: &[InputFile], extractor: &Extractor, reference: NaiveDate, mut progress: impl FnMut(usize)) -> Processed {
    let mut out = Processed::default();
    let mut batch: Vec<Article> = Vec::with_capacity(BATCH);
    let flush = |batch: &mut Vec<Article>, out: &mut Processed| {
        let done: Vec<ArticleOut> = std::mem::take(batch)
            .into_par_iter()
            .map(|a| process_one(a, extractor, reference))
            .collect();
        out.articles.extend(done);
    };
    for file in files {
        ingest::read_file(file, &mut |r| match r {
            Ok(a) => {
                batch.push(a);
                if batch.len() >= BATCH {
                    flush(&mut batch, &mut out);
                    progress(out.articles.len());
                }
            }
            Err(e) => out.errors.push(e),
        });
    }
    flush(&mut batch, &mut out);
    progress(out.articles.len());
    out
}
