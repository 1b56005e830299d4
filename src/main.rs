use clap::Parser;
use peel::cli::{Cli, run};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    // Standard error is not held locked: `peel serve` logs to it from every session.
    run(cli, &mut stdout.lock(), &mut std::io::stderr())
}
