use peel::cli::{parse, run, unparsed};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match parse(std::env::args_os()) {
        Ok(cli) => cli,
        Err(error) => return unparsed(error, &mut std::io::stderr()),
    };
    let stdout = std::io::stdout();
    // Standard error is not held locked: `peel serve` logs to it from every session.
    run(cli, &mut stdout.lock(), &mut std::io::stderr())
}
