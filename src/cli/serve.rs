//! `peel serve`: the explorer over SSH on the loaded content, its index made (or read)
//! before the first reader comes and shared by all of them.

use super::outcome::{Answer, Failure};
use super::{Cli, load};
use crate::content::neutralise;
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

/// How `peel serve` listens and whom it admits (the command's help is the variant's, in
/// `cli::Command`).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The address and port to listen on (0.0.0.0:2222 for every interface)
    #[arg(long, default_value = "127.0.0.1:2222", value_name = "ADDR:PORT")]
    listen: String,
    /// The server's private host key; made (Ed25519, mode 0600) if missing [default:
    /// ~/.local/state/peel/serve/host_ed25519_key]
    #[arg(long, value_name = "PATH")]
    host_key: Option<PathBuf>,
    /// Admit only the public keys in FILE (OpenSSH's authorized_keys format)
    #[arg(long, value_name = "FILE", conflicts_with = "public")]
    authorized_keys: Option<PathBuf>,
    /// Admit anyone, with no password prompt; a reader who offers a key keeps their
    /// place and bookmarks by it
    #[arg(long)]
    public: bool,
    /// Sessions at once, in all
    #[arg(long, default_value_t = 100, value_name = "N")]
    max_sessions: usize,
    /// Sessions at once from one IP address
    #[arg(long, default_value_t = 10, value_name = "N")]
    max_per_ip: usize,
    /// End a session after this long without a key (e.g. 90s, 15m, 2h; 0: never)
    #[arg(long, default_value = "30m", value_name = "DURATION", value_parser = duration)]
    idle_timeout: Duration,
}

/// Serves `loaded` until told to stop; a refusal (no way to admit readers, an address in
/// use) is said as `peel serve: ` with status 1.
pub fn run(
    args: Args,
    cli: &Cli,
    loaded: load::Loaded,
    err: &mut dyn Write,
) -> Result<Answer, Failure> {
    let searcher = load::searcher(&loaded.library, &loaded.index);
    let options = crate::serve::Options {
        listen: args.listen,
        host_key: args.host_key,
        authorized_keys: args.authorized_keys,
        public: args.public,
        limits: crate::serve::Limits {
            sessions: args.max_sessions,
            per_address: args.max_per_ip,
        },
        idle_timeout: Some(args.idle_timeout).filter(|idle| !idle.is_zero()),
        keep_state: !cli.no_state,
        no_color: cli.no_color,
        ascii: cli.ascii,
        mouse: !cli.no_mouse,
        source: crate::state::source_key(cli.content.as_deref()),
    };
    crate::serve::run(options, loaded.library, searcher, err)
        .map(|()| Answer::Found)
        .map_err(|why| Failure::refusal("peel serve", &neutralise(&why), 1))
}

fn duration(text: &str) -> Result<Duration, String> {
    if text.trim() == "0" {
        return Ok(Duration::ZERO);
    }
    humantime::parse_duration(text).map_err(|e| format!("{e} (write e.g. 90s, 15m or 2h)"))
}
