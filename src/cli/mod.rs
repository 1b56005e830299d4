//! The command line: argument parsing and the non-interactive commands.

mod compare;
mod export;
mod grades;
mod import;
mod json;
pub use peel_core::load;
mod outcome;
mod recurring;
mod search;
mod serve;
mod show;
mod text;

pub use outcome::unparsed;

use crate::content;
use crate::model::Library;
use crate::tui::palette::Palette;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use outcome::{Answer, Failure};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "peel",
    version,
    about = "Explore HMICFRS PEEL inspection reports in the terminal",
    long_about = "Explore HMICFRS PEEL inspection reports in the terminal\n\n\
        With no command, peel opens the explorer on the built-in content (2017, 2024 and 2025 \
        assessments of the Metropolitan Police Service)."
)]
pub struct Cli {
    /// Load content from this folder instead of the built-in content
    #[arg(long, global = true, value_name = "DIR")]
    pub content: Option<PathBuf>,

    /// No colour: grades shown in bold and brackets (also set by the NO_COLOR variable)
    #[arg(long, global = true)]
    pub no_color: bool,

    /// Plain ASCII borders and glyphs (chosen automatically outside a UTF-8 locale)
    #[arg(long, global = true)]
    pub ascii: bool,

    /// Parse --content afresh, neither reading nor writing the parsed-content cache
    /// (kept in ~/.cache/peel; `check` always parses)
    #[arg(long, global = true)]
    pub no_cache: bool,

    /// Neither restore nor save the last position, bookmarks and search history (kept in
    /// ~/.local/state/peel/state.json)
    #[arg(long, global = true)]
    pub no_state: bool,

    /// Leave the mouse to the terminal (for selecting text); the keyboard does everything
    #[arg(long, global = true)]
    pub no_mouse: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a content folder (default: the built-in content) and print what it holds
    Check {
        /// The content folder to check
        dir: Option<PathBuf>,
    },
    /// Print the whole tree: assessments, areas, sections, findings, recommendations
    Tree {
        /// Print nested JSON instead of an indented outline
        #[arg(long)]
        json: bool,
        /// Show each node's id after its title
        #[arg(long)]
        ids: bool,
    },
    /// Search everything, ranked as in the explorer: words (all must match), "exact
    /// phrases", and filters year:2017 kind:recommendation grade:inadequate
    Search {
        /// The query, e.g. jigsaw, "stop and search", year:2017 detectives
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        /// Show at most this many results (0: all of them)
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        unlisted: Unlisted,
    },
    /// Compare one theme across 2017, 2024 and 2025 (THEME by id or by a word of its
    /// title, e.g. investigating)
    Compare(compare::Args),
    /// The grade matrix of every theme across the years, with counts and figure series
    Overview {
        /// The force (by id or words of its name); needed when the content holds several
        #[arg(long, value_name = "ID")]
        force: Option<String>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Every force's grade in every theme for one year (default: the latest graded) or
    /// assessment: one row per force, one column per theme
    Grades(grades::Args),
    /// A force's recurring issues: the curated ones, then those peel suggests by matching
    /// the wording of findings across its assessments, each with its score
    Recurring {
        /// The force (by id or words of its name); needed when the content holds several
        #[arg(long, value_name = "ID")]
        force: Option<String>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Bring a published PEEL report (its text, or the web page saved as HTML) into a
    /// content folder: writes the YAML with provenance, then checks the folder
    Import(import::Args),
    /// Host the explorer over SSH for many readers, with no shell accounts: each SSH
    /// session with a terminal gets its own explorer, and nothing else runs
    Serve(serve::Args),
    /// Export nodes, a comparison, search results, bookmarks or a year's grades as a
    /// briefing with citations: Markdown, JSON or (grades, results) CSV
    Export(export::Args),
    /// Print one node with its full text, recommendations, figures and source
    Show {
        /// The node's id, e.g. 2024/investigating-crime/cause-of-concern/crime-allocation
        id: String,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
}

/// The global options that change nothing `peel search` prints, taken there but not
/// listed in its help: the same ids as the global options, so clap gives their values to
/// those and does not add them again.
#[derive(Debug, clap::Args)]
pub struct Unlisted {
    #[arg(long, hide = true)]
    no_color: bool,
    #[arg(long, hide = true)]
    ascii: bool,
    #[arg(long, hide = true)]
    no_cache: bool,
    #[arg(long, hide = true)]
    no_state: bool,
    #[arg(long, hide = true)]
    no_mouse: bool,
}

/// The command line in `args`; help and the version come back as clap's errors, to be
/// printed by `unparsed`.
pub fn parse<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let matches = Cli::command().try_get_matches_from(args)?;
    Cli::from_arg_matches(&matches)
}

/// Runs the parsed command line, writing to `out` and `err`, and returns the exit code:
/// 0 when something was found, 1 when a search found nothing, 2 on an error; the explorer
/// ends with its own status (`outcome`, which says every failure).
pub fn run(mut cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let answer = match cli.command.take() {
        None => explore(&cli, out),
        Some(Command::Check { dir }) => check(&cli, dir, out),
        Some(Command::Tree { json, ids }) => {
            with_library(&cli, |loaded| tree(&loaded.library, json, ids, out))
        }
        Some(Command::Search {
            query, limit, json, ..
        }) => search(&cli, &query, limit, json, out, err),
        Some(Command::Compare(args)) => with_library(&cli, |loaded| {
            let library = &loaded.library;
            let force = grades::choose_force(library, args.force.as_deref(), "compare")?;
            compare::run(library, force, &args, out)
        }),
        Some(Command::Overview { force, json }) => with_library(&cli, |loaded| {
            overview(&loaded.library, force.as_deref(), json, out)
        }),
        Some(Command::Grades(args)) => {
            with_library(&cli, |loaded| grades::run(&loaded.library, &args, out))
        }
        Some(Command::Recurring { force, json }) => with_library(&cli, |loaded| {
            recurring(&loaded.library, force.as_deref(), json, out)
        }),
        Some(Command::Import(args)) => import::run(args, out, err),
        Some(Command::Serve(args)) => load_content(&cli).and_then(|(loaded, cache)| {
            // Stored before serving, as the server holds the library from here on.
            loaded.store_fresh(cache.as_ref());
            serve::run(args, &cli, loaded, err)
        }),
        Some(Command::Export(args)) => {
            let stored = export::Stored {
                content: cli.content.as_deref(),
                no_state: cli.no_state,
            };
            with_library(&cli, |loaded| export::run(args, &stored, loaded, out, err))
        }
        Some(Command::Show { id, json }) => {
            with_library(&cli, |loaded| show(&loaded.library, &id, json, out))
        }
    };
    outcome::finish(answer, err)
}

/// Where the global options say the content is, with its cache unless `--no-cache`.
fn origin(cli: &Cli) -> load::Origin {
    let dir = cli.content.clone();
    let cache = dir
        .as_deref()
        .and_then(content::cache::Cache::for_folder)
        .filter(|_| !cli.no_cache);
    load::Origin {
        dir,
        cache,
        builtin: crate::builtin::PREPARED,
    }
}

/// The content the global options name, loaded, with the cache a fresh parse goes into.
fn load_content(cli: &Cli) -> Result<(load::Loaded, Option<content::cache::Cache>), Failure> {
    let origin = origin(cli);
    let loaded = origin
        .library()
        .map_err(|errors| Failure::content(origin.dir.as_deref(), errors))?;
    Ok((loaded, origin.cache))
}

/// Runs `command` on the loaded content. A freshly parsed folder is written to the cache
/// beside the command, not before it: the answer (or the first frame) does not wait for it.
fn with_library(
    cli: &Cli,
    command: impl FnOnce(&load::Loaded) -> Result<Answer, Failure>,
) -> Result<Answer, Failure> {
    let (loaded, cache) = load_content(cli)?;
    std::thread::scope(|scope| {
        if loaded.unsaved.is_some() {
            scope.spawn(|| loaded.store_fresh(cache.as_ref()));
        }
        command(&loaded)
    })
}

/// `peel check`: the folder (or the built-in content) parsed afresh, never from the
/// cache, and what it holds.
fn check(cli: &Cli, dir: Option<PathBuf>, out: &mut dyn Write) -> Result<Answer, Failure> {
    let dir = dir.or_else(|| cli.content.clone());
    let library = match &dir {
        None => content::parse_builtin(),
        Some(_) => load::Origin {
            dir: dir.clone(),
            cache: None,
            builtin: crate::builtin::PREPARED,
        }
        .library()
        .map(|loaded| loaded.library),
    };
    let library = library.map_err(|errors| {
        let count = errors.0.len();
        Failure::content(dir.as_deref(), errors).detail(format!(
            "{count} error{}",
            if count == 1 { "" } else { "s" }
        ))
    })?;
    let origin = dir.map_or("built-in content".to_owned(), |d| {
        content::neutralise(&d.display().to_string()).into_owned()
    });
    done(writeln!(
        out,
        "{origin}: ok: {}",
        text::summary_line(&library)
    ))
}

fn tree(library: &Library, json: bool, ids: bool, out: &mut dyn Write) -> Result<Answer, Failure> {
    if json {
        done(json::write_tree(library, out))
    } else {
        done(text::write_tree(library, ids, out))
    }
}

/// `peel search`: a query that cannot be searched for is said before any content is read,
/// and for a cached folder the index alone is read.
fn search(
    cli: &Cli,
    query: &[String],
    limit: usize,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Answer, Failure> {
    let text = query.join(" ");
    let wanted = search::parse(&text)?;
    let origin = origin(cli);
    let shown = if limit == 0 { usize::MAX } else { limit };
    let (searcher, hits) = origin
        .answer_for(&wanted, shown)
        .map_err(|errors| Failure::content(origin.dir.as_deref(), errors))?;
    let request = search::Request {
        text: &text,
        limit,
        json,
        width: text::terminal_width(),
    };
    let answer = search::run(&searcher, Some(hits), request, out, err);
    // The process ends next, and the system takes the memory back faster than freeing the
    // index piece by piece would (a tenth of a one-shot search).
    std::mem::forget(searcher);
    answer
}

fn overview(
    library: &Library,
    force: Option<&str>,
    json: bool,
    out: &mut dyn Write,
) -> Result<Answer, Failure> {
    let force = grades::choose_force(library, force, "overview")?;
    done(compare::write_overview(library, force, json, out))
}

fn recurring(
    library: &Library,
    force: Option<&str>,
    json: bool,
    out: &mut dyn Write,
) -> Result<Answer, Failure> {
    let force = grades::choose_force(library, force, "recurring")?;
    done(recurring::write(library, force, json, out))
}

fn show(library: &Library, id: &str, json: bool, out: &mut dyn Write) -> Result<Answer, Failure> {
    match library.find(id) {
        Some(key) if json => done(json::write_node(library, key, out)),
        Some(key) => done(text::write_node(library, key, text::terminal_width(), out)),
        None => Err(show::unknown_id(library, id)),
    }
}

/// Bare `peel`: the explorer in a terminal; piped or redirected, the outline rather than
/// a screen.
fn explore(cli: &Cli, out: &mut dyn Write) -> Result<Answer, Failure> {
    let terminal = std::io::stdout().is_terminal();
    // A folder may take a while to read; the built-in content is ready at once.
    if terminal && cli.content.is_some() {
        return explore_loading(cli);
    }
    with_library(cli, |loaded| {
        if !terminal {
            return done(text::write_tree(&loaded.library, false, out));
        }
        let (theme, memory, options) = explorer_settings(cli);
        let index = || load::searcher(&loaded.library, &loaded.index);
        crate::tui::run(&loaded.library, theme, memory, options, index)
            .map(|exit| Answer::Exited(exit.code()))
            .map_err(unusable_terminal)
    })
}

/// The explorer, on content loaded behind a loading frame: a large folder read for the
/// first time shows how far it has got at once, and its reports only when every file has
/// been checked; a broken file ends the run with its file:line:col, as `peel check` says.
fn explore_loading(cli: &Cli) -> Result<Answer, Failure> {
    let (theme, memory, options) = explorer_settings(cli);
    let origin = origin(cli);
    let origin_dir = origin.dir.clone();
    let what = origin
        .dir
        .as_ref()
        .map_or("the built-in content".to_owned(), |d| {
            d.display().to_string()
        });
    let load = move |progress: &content::Progress| {
        let loaded = origin.library_with(progress)?;
        Ok::<_, content::ContentErrors>((loaded, origin.cache))
    };
    // Beside the first frame: the index, then (for a folder parsed afresh) the cache.
    let index = |(loaded, cache): &Explored| {
        let searcher = load::searcher(&loaded.library, &loaded.index);
        loaded.store_fresh(cache.as_ref());
        searcher
    };
    match crate::tui::run_loading(&what, load, library_of, theme, memory, options, index) {
        Ok(Ok(exit)) => Ok(Answer::Exited(exit.code())),
        // The explorer's own statuses (0 after q, 128 + a signal) leave 1 for this.
        Ok(Err(errors)) => Err(Failure::content(origin_dir.as_deref(), errors).exit_with(1)),
        Err(error) => Err(unusable_terminal(error)),
    }
}

fn unusable_terminal(error: std::io::Error) -> Failure {
    Failure::usage(format!("the terminal cannot be used: {error}")).exit_with(1)
}

/// The explorer's theme, saved place and options, as the command line and environment ask.
fn explorer_settings(
    cli: &Cli,
) -> (
    Palette,
    Option<crate::tui::Persistence>,
    crate::tui::Options,
) {
    let theme = Palette::from_environment(cli.no_color, cli.ascii);
    let memory = crate::state::StateFile::default_location()
        .filter(|_| !cli.no_state)
        .map(|file| crate::tui::Persistence {
            file,
            source: crate::state::source_key(cli.content.as_deref()),
        });
    let options = crate::tui::Options {
        mouse: !cli.no_mouse,
    };
    (theme, memory, options)
}

/// A library loaded for the explorer, with the cache to store it in.
type Explored = (load::Loaded, Option<content::cache::Cache>);

fn library_of(explored: &Explored) -> &Library {
    &explored.0.library
}

/// A command that printed what it was asked for.
fn done(written: std::io::Result<()>) -> Result<Answer, Failure> {
    written.map(|()| Answer::Found).map_err(Failure::from)
}
