//! Writes every searchable passage of the built-in content (or of `--content DIR`) as one
//! line, `--copies N` times, so other tools (fzf, for `scripts/search-vs-fzf.sh`) can
//! search the same text peel does.

use peel::search::SearchIndex;
use std::io::{BufWriter, Write};

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
    };
    let copies: usize = value("--copies").and_then(|n| n.parse().ok()).unwrap_or(1);
    let library = match value("--content") {
        Some(dir) => peel::content::load_dir(std::path::Path::new(dir)),
        None => peel::builtin::library(),
    }
    .unwrap_or_else(|errors| {
        eprintln!("{errors}");
        std::process::exit(1)
    });
    let index = SearchIndex::build(&library);
    let mut out = BufWriter::new(std::io::stdout().lock());
    for _ in 0..copies {
        for passage in &index.passages {
            writeln!(out, "{}", passage.text)?;
        }
    }
    out.flush()
}
