//! Link the entities of text files with the built-in KB and print them (one line per entity):
//! `cargo run --release -p khabar-extract --example entities_link -- FILE...`
//! Debugging aid; the pipeline runs the same stage through `khabar extract`.

use khabar_extract::entities::EntityLinker;
use khabar_extract::kb::Kb;
use std::sync::Arc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let kb = Kb::builtin()?;
    let linker = EntityLinker::new(Arc::new(kb))?;
    eprintln!("{:?}", linker.stats());
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path)?;
        println!("== {path}");
        for e in linker.link(&text, None) {
            let ms: Vec<&str> = e.mentions.iter().map(|m| m.slice(&text)).collect();
            println!("{}\t{}\t{:?}\t{}", e.id, e.name, e.kind, ms.join(" | "));
        }
    }
    Ok(())
}
