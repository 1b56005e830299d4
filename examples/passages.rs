//! Writes every searchable passage of the built-in content as one line, `--copies N` times,
//! so other tools (fzf, for `scripts/fzf-yardstick.sh`) can search the same text peel does.

use peel::search::SearchIndex;
use std::io::{BufWriter, Write};

fn main() -> std::io::Result<()> {
    let copies: usize = std::env::args()
        .skip_while(|arg| arg != "--copies")
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    let library = peel::content::load_builtin().expect("built-in content");
    let index = SearchIndex::build(&library);
    let mut out = BufWriter::new(std::io::stdout().lock());
    for _ in 0..copies {
        for passage in &index.passages {
            writeln!(out, "{}", passage.text)?;
        }
    }
    out.flush()
}
