//! Writes a deterministic synthetic content folder for scale tests:
//! `cargo run --release --example synth_corpus -- --forces 43 --out DIR [--seed N]`.
//! Every force in it is fictional; see `peel::content::synthetic`.

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let forces = value("--forces").and_then(|n| n.parse().ok()).unwrap_or(43);
    let seed = value("--seed").and_then(|n| n.parse().ok()).unwrap_or(2024);
    let Some(out) = value("--out").map(PathBuf::from) else {
        eprintln!("usage: synth_corpus --forces 43 --out DIR [--seed N]");
        std::process::exit(2);
    };
    let template = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content");
    peel::content::synthetic::write(&template, &out, forces, seed)?;
    println!("wrote {forces} synthetic forces to {}", out.display());
    Ok(())
}
