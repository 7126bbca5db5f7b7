//! Train the Bengali name tagger (`khabar_extract::entities::tagger`) and write its model:
//!
//! ```text
//! cargo run --release -p khabar-extract --example train_ner -- \
//!     ../shared/corpus/external/bn-ner/train.txt \
//!     [--from 800] [--to N] [--epochs 10] [--bits 18] [--prune 40] [--seed 7] \
//!     [-o crates/khabar-extract/data/entities/ner.bn.bin.gz] [--check 0..800 [--margin M]...] [--show TEXT_FILE]
//! ```
//!
//! Trains on sentences `from..to` of a `token<TAB>tag` file (by default 800 and later: the
//! first 800 are the held-out check of `tools/eval/bn_ner.py`), deterministically, and writes
//! the gzip model. `--check A..B` prints token-level span precision/recall of the new model on
//! sentences A..B (aggregate figures only). The tagger is only active in builds that embed the
//! written model: rebuild after training.

use khabar_extract::entities::tagger::{self, Tagger, TrainOptions};
use khabar_extract::entities::EntityLinker;
use khabar_extract::kb::Kb;
use std::sync::Arc;

fn spans(tags: &[&str]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (i, t) in tags.iter().chain(std::iter::once(&"O")).enumerate() {
        let (bio, kind) = t.split_once('-').unwrap_or(("O", ""));
        let cont = bio == "I" && open.as_ref().is_some_and(|(_, k)| k == kind);
        if !cont {
            if let Some((s, k)) = open.take() {
                out.push((s, i, k));
            }
            if bio != "O" {
                open = Some((i, kind.to_string()));
            }
        }
    }
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut path = None;
    let mut from = 800usize;
    let mut to = usize::MAX;
    let mut out = String::from("crates/khabar-extract/data/entities/ner.bn.bin.gz");
    let mut check: Option<(usize, usize)> = None;
    let mut opts = TrainOptions::default();
    let mut margins: Vec<f32> = Vec::new();
    let mut show: Option<String> = None;
    while let Some(a) = args.next() {
        let mut val = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--from" => from = val()?.parse()?,
            "--to" => to = val()?.parse()?,
            "--epochs" => opts.epochs = val()?.parse()?,
            "--bits" => opts.bits = val()?.parse()?,
            "--prune" => opts.prune = val()?.parse()?,
            "--seed" => opts.seed = val()?.parse()?,
            "-o" => out = val()?,
            "--show" => show = Some(val()?),
            "--margin" => margins.push(val()?.parse()?),
            "--check" => {
                let v = val()?;
                let (a, b) = v.split_once("..").ok_or("--check A..B")?;
                check = Some((a.parse()?, b.parse()?));
            }
            _ if path.is_none() => path = Some(a),
            _ => return Err(format!("unexpected argument {a}").into()),
        }
    }
    let path = path.ok_or("usage: train_ner TRAIN.txt [options]")?;
    let sents = tagger::read_conll(&std::fs::read_to_string(&path)?)?;
    if margins.is_empty() {
        margins.push(0.0);
    }
    let train: Vec<_> = sents
        .iter()
        .skip(from)
        .take(to.saturating_sub(from))
        .cloned()
        .collect();
    let linker = EntityLinker::new(Arc::new(Kb::builtin()?))?;
    let t0 = std::time::Instant::now();
    let model = tagger::train(&linker, &train, &opts)?;
    std::fs::write(&out, &model)?;
    eprintln!(
        "trained on {} sentences in {:.1} s: {} ({} bytes)",
        train.len(),
        t0.elapsed().as_secs_f64(),
        out,
        model.len()
    );
    if let Some(file) = show {
        // Print the spans the new model proposes in a text file, with their margins.
        let tagger = Tagger::from_bytes(&model)?;
        let text = std::fs::read_to_string(file)?;
        for (s, kind, m) in tagger::explain(&linker, &tagger, &text) {
            println!("{m:8.2}\t{kind:?}\t{s}");
        }
    }
    if let Some((a, b)) = check {
        for margin in margins.iter().copied() {
            let tagger = Tagger::from_bytes(&model)?.with_min_margin(margin);
            eprintln!("margin {margin}");
            let held: Vec<_> = sents
                .iter()
                .skip(a)
                .take(b.saturating_sub(a))
                .cloned()
                .collect();
            let got = tagger::tag_sentences(&linker, &tagger, &held);
            let (mut tp, mut np, mut ng) = (0usize, 0usize, 0usize);
            // Loose: one span inside the other (as tools/eval/bn_ner.py counts).
            let (mut lp, mut lg) = (0usize, 0usize);
            let inside = |a: &(usize, usize, String), b: &(usize, usize, String)| {
                (a.0 <= b.0 && b.1 <= a.1) || (b.0 <= a.0 && a.1 <= b.1)
            };
            for (s, pred) in held.iter().zip(&got) {
                let gold: Vec<&str> = s
                    .iter()
                    .map(|(_, t)| match t.as_str() {
                        "O" | "B-PER" | "I-PER" | "B-LOC" | "I-LOC" | "B-ORG" | "I-ORG" => {
                            t.as_str()
                        }
                        _ => "O",
                    })
                    .collect();
                // Predicted tags are per word; tokens and words agree for most tokens, so this
                // figure is only a quick guide.
                if pred.len() != gold.len() {
                    continue;
                }
                let g = spans(&gold);
                let p = spans(pred);
                ng += g.len();
                np += p.len();
                tp += p.iter().filter(|x| g.contains(x)).count();
                lp += p.iter().filter(|x| g.iter().any(|y| inside(x, y))).count();
                lg += g.iter().filter(|y| p.iter().any(|x| inside(x, y))).count();
            }
            let pr = tp as f64 / np.max(1) as f64;
            let rc = tp as f64 / ng.max(1) as f64;
            eprintln!(
                "check {a}..{b}: exact spans P {pr:.3} R {rc:.3} F {:.3}",
                2.0 * pr * rc / (pr + rc).max(1e-9)
            );
            let (pr, rc) = (lp as f64 / np.max(1) as f64, lg as f64 / ng.max(1) as f64);
            eprintln!(
                "check {a}..{b}: loose spans P {pr:.3} R {rc:.3} F {:.3}",
                2.0 * pr * rc / (pr + rc).max(1e-9)
            );
        }
    }
    Ok(())
}
