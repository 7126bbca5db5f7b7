//! Train the Bengali name tagger (`khabar_extract::entities::tagger`) and write its model:
//!
//! ```text
//! cargo run --release -p khabar-extract --example train_ner -- \
//!     ../shared/corpus/external/bn-ner/train.txt \
//!     [--from 800] [--to N] [--epochs 15] [--bits 18] [--prune 60] [--seed 7] \
//!     [-o crates/khabar-extract/data/entities/ner.bn.bin.gz] [--model FILE] \
//!     [--check 0..800] [--eval 0..800 [--misses]] [--margin M]... [--short-margin M] \
//!     [--show TEXT_FILE]
//! ```
//!
//! Trains on sentences `from..to` of a `token<TAB>tag` file (by default 800 and later: the
//! first 800 are the held-out check of `tools/eval/bn_ner.py`), deterministically, and writes
//! the gzip model; `--model FILE` reads a model instead of training one (nothing is written).
//! `--check A..B` prints token-level span precision/recall of the tagger alone on sentences
//! A..B; `--eval A..B` runs the whole linker with the model (no rebuild needed) on sentences
//! A..B, eight to a document, and prints what `tools/eval/bn_ner.py` prints for a binary
//! built with it (recall per type, precision, F; aggregate only). `--misses` also prints the
//! missed gold names (with what the tagger alone proposed there) and the wrong mentions: for
//! error analysis on a range held out of training that is not the 0..800 check, e.g.
//! `--from 1600 --eval 800..1600 --misses`. `--margin` (repeatable) and `--short-margin` set
//! the tagger's thresholds for the checks. The pipeline's tagger is the model embedded at
//! build time: rebuild after writing a new one.

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

/// Documents of eight sentences each, as `tools/eval/bn_ner.py` builds them: the text and
/// its gold (byte span, type) names.
/// A document's text and its gold names: (start byte, end byte, type).
type Document = (String, Vec<(usize, usize, String)>);

fn documents(sents: &[tagger::Sentence]) -> Vec<Document> {
    let mut docs = Vec::new();
    for group in sents.chunks(8) {
        let mut text = String::new();
        let mut gold = Vec::new();
        for s in group {
            if !text.is_empty() {
                text.push(' ');
            }
            let mut open: Option<(usize, usize, String)> = None;
            for (k, (tok, tag)) in s.iter().enumerate() {
                if k > 0 {
                    text.push(' ');
                }
                let b = text.len();
                text.push_str(tok);
                let e = text.len();
                let (bio, kind) = tag.split_once('-').unwrap_or(("O", ""));
                if kind.is_empty() {
                    gold.extend(open.take());
                    continue;
                }
                match &mut open {
                    Some(o) if o.2 == kind && bio != "B" => o.1 = e,
                    _ => {
                        gold.extend(open.take());
                        open = Some((b, e, kind.to_string()));
                    }
                }
            }
            gold.extend(open.take());
        }
        docs.push((text, gold));
    }
    docs
}

/// Mention-level recall per type and precision of the whole linker with `model` on
/// `sents`, counted as `tools/eval/bn_ner.py` counts (a gold name is found when a mention's
/// text and it contain one another). With `misses`, print the missed names and wrong
/// mentions (for analysis off the held-out range only).
fn evaluate(
    linker: &EntityLinker,
    model: Tagger,
    sents: &[tagger::Sentence],
    misses: Option<&Tagger>,
) {
    let docs = documents(sents);
    let model = Arc::new(model);
    let mut found: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    let (mut right, mut predicted) = (0usize, 0usize);
    for (text, gold) in &docs {
        let ents = tagger::with_model(model.clone(), || linker.link(text, None));
        let preds: Vec<(&str, bool)> = ents
            .iter()
            .flat_map(|e| {
                e.mentions
                    .iter()
                    .map(move |m| (m.slice(text), e.id.starts_with("new:")))
            })
            .collect();
        let golds: Vec<(&str, &str)> = gold
            .iter()
            .map(|(b, e, t)| (text.get(*b..*e).unwrap_or(""), t.as_str()))
            .collect();
        for (g, t) in &golds {
            let slot = found.entry(t.to_string()).or_default();
            slot.1 += 1;
            if preds
                .iter()
                .any(|(p, _)| (g.contains(p) || p.contains(g)) && p.chars().count() >= 2)
            {
                slot.0 += 1;
            } else if let Some(raw) = misses {
                // What the tagger alone proposes there, before margins and precedence.
                let near: Vec<String> = tagger::explain(linker, raw, text)
                    .into_iter()
                    .filter(|(s, _, _)| g.contains(s.as_str()) || s.contains(g))
                    .map(|(s, k, m)| format!("{s}/{k:?}/{m:.1}"))
                    .collect();
                println!("MISS {t}\t{g}\t{}", near.join(" | "));
            }
        }
        for (p, new) in &preds {
            predicted += 1;
            let ok = golds.iter().any(|(g, _)| g.contains(p) || p.contains(g));
            right += usize::from(ok);
            if misses.is_some() && !ok {
                println!("WRONG{}\t{p}", if *new { " new" } else { "" });
            }
        }
    }
    let (f, t) = found.values().fold((0, 0), |(a, b), (x, y)| (a + x, b + y));
    for (k, (x, y)) in &found {
        eprintln!("{k}: {x} / {y}");
    }
    let rec = f as f64 / t.max(1) as f64;
    let prec = right as f64 / predicted.max(1) as f64;
    eprintln!(
        "recall {rec:.3} precision {prec:.3} F {:.3} ({} documents)",
        2.0 * rec * prec / (rec + prec).max(1e-9),
        docs.len()
    );
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
    let mut eval: Option<(usize, usize)> = None;
    let mut misses = false;
    let mut short: Option<f32> = None;
    let mut model_in: Option<String> = None;
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
            "--misses" => misses = true,
            "--short-margin" => short = Some(val()?.parse()?),
            "--model" => model_in = Some(val()?),
            "--eval" => {
                let v = val()?;
                let (a, b) = v.split_once("..").ok_or("--eval A..B")?;
                eval = Some((a.parse()?, b.parse()?));
            }
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
        margins.push(tagger::MIN_MARGIN);
    }
    let train: Vec<_> = sents
        .iter()
        .skip(from)
        .take(to.saturating_sub(from))
        .cloned()
        .collect();
    let linker = EntityLinker::new(Arc::new(Kb::builtin()?))?;
    let t0 = std::time::Instant::now();
    let model = match &model_in {
        // An existing model (the committed one, say): evaluated, not trained or written.
        Some(file) => std::fs::read(file)?,
        None => {
            let model = tagger::train(&linker, &train, &opts)?;
            std::fs::write(&out, &model)?;
            eprintln!(
                "trained on {} sentences in {:.1} s: {} ({} bytes)",
                train.len(),
                t0.elapsed().as_secs_f64(),
                out,
                model.len()
            );
            model
        }
    };
    if let Some((a, b)) = eval {
        let held: Vec<_> = sents
            .iter()
            .skip(a)
            .take(b.saturating_sub(a))
            .cloned()
            .collect();
        for margin in margins.iter().copied() {
            eprintln!("eval {a}..{b}, margin {margin}, whole linker:");
            let mut t = Tagger::from_bytes(&model)?.with_min_margin(margin);
            if let Some(m) = short {
                t = t.with_short_margin(m);
            }
            let raw = Tagger::from_bytes(&model)?.with_min_margin(f32::MIN);
            evaluate(&linker, t, &held, misses.then_some(&raw));
        }
    }
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
