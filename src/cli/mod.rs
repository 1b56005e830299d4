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
mod show;
mod text;

pub use outcome::unparsed;

use crate::content;
use crate::model::Library;
use crate::tui::theme::Theme;
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
    Compare {
        theme: String,
        /// Only these years, e.g. 2017,2024
        #[arg(long, value_delimiter = ',')]
        years: Vec<u16>,
        /// The force to compare within (by id or words of its name); needed when the
        /// content holds several
        #[arg(long, value_name = "ID")]
        force: Option<String>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
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
    Grades {
        /// The year to show, e.g. 2024
        #[arg(long, value_name = "YYYY", conflicts_with = "assessment")]
        year: Option<u16>,
        /// The assessment (by id) to show instead of a year
        #[arg(long, value_name = "ID")]
        assessment: Option<String>,
        /// Only this theme's column (by id or a word of its title)
        #[arg(long, value_name = "THEME")]
        theme: Option<String>,
        /// Only the forces with this grade in a column shown, e.g. inadequate
        #[arg(long, value_name = "GRADE")]
        grade: Option<String>,
        /// Order the forces by `name` (the default) or by a theme's grade, best first
        #[arg(long, value_name = "name|THEME")]
        sort: Option<String>,
        /// Print JSON instead of text
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// Print CSV instead of text
        #[arg(long)]
        csv: bool,
    },
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
    Import {
        /// The page: its text copied, the PDF's text, or the page saved as HTML; several
        /// pages of one assessment are imported in turn and joined
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The content folder to write into (created if need be)
        #[arg(long, value_name = "DIR")]
        into: PathBuf,
        /// The force's id (default: from its name, e.g. `metropolitan`)
        #[arg(long, value_name = "ID")]
        force: Option<String>,
        /// The force's name (default: as the report names it)
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// The assessment's id (default: the year)
        #[arg(long, value_name = "ID")]
        assessment: Option<String>,
        /// The year of publication (default: as the report states it)
        #[arg(long, value_name = "YYYY")]
        year: Option<u16>,
        /// The kind of page, if not recognised: report (2021/22, 2023–25), pillar or
        /// overview (2014–2019)
        #[arg(long, value_name = "KIND")]
        format: Option<String>,
        /// The page's web address, recorded with the source (default: the saved page's own)
        #[arg(long, value_name = "URL")]
        url: Option<String>,
        /// Replace an earlier import of the same assessment
        #[arg(long)]
        overwrite: bool,
    },
    /// Host the explorer over SSH for many readers, with no shell accounts: each SSH
    /// session with a terminal gets its own explorer, and nothing else runs
    Serve {
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
        idle_timeout: std::time::Duration,
    },
    /// Export nodes, a comparison, search results, bookmarks or a year's grades as a
    /// briefing with citations: Markdown, JSON or (grades, results) CSV
    Export {
        /// Node ids to export, e.g. 2024/investigating-crime/cause-of-concern/crime-allocation
        ids: Vec<String>,
        /// A theme across the years (by id or a word of its title, as `peel compare`)
        #[arg(long, value_name = "THEME")]
        compare: Option<String>,
        /// With --compare: only these years, e.g. 2017,2024
        #[arg(long, value_delimiter = ',', value_name = "YEARS")]
        years: Vec<u16>,
        /// With a force's id: the force of --compare or --recurring (where the content holds several);
        /// alone: replace the -o file if it exists
        #[arg(long, value_name = "ID", num_args = 0..=1, default_missing_value = "")]
        force: Option<String>,
        /// The results of a search (as `peel search`)
        #[arg(long, value_name = "QUERY")]
        search: Option<String>,
        /// With --search: at most this many results (0: all of them)
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// The bookmarks saved by the explorer for this content
        #[arg(long)]
        bookmarks: bool,
        /// A force's recurring issues, curated and suggested by peel (with --force ID where
        /// the content holds several forces)
        #[arg(long)]
        recurring: bool,
        /// The grades table of a year: a row per force, a column per area
        #[arg(long)]
        grades: bool,
        /// With --grades: the year, e.g. 2024
        #[arg(long, value_name = "YYYY")]
        year: Option<u16>,
        /// md, json, or csv (csv for --grades and --search)
        #[arg(long, default_value = "md", value_name = "FORMAT")]
        format: String,
        /// Write to FILE instead of standard output (never over an existing file unless
        /// --force)
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace the -o file if it exists (as --force alone)
        #[arg(long)]
        overwrite: bool,
    },
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

fn duration(text: &str) -> Result<std::time::Duration, String> {
    if text.trim() == "0" {
        return Ok(std::time::Duration::ZERO);
    }
    humantime::parse_duration(text).map_err(|e| format!("{e} (write e.g. 90s, 15m or 2h)"))
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
/// 0 when something was found, 1 when a search found nothing, 2 on an error
/// (`outcome`).
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    if let Some(Command::Import {
        files,
        into,
        force,
        name,
        assessment,
        year,
        format,
        url,
        overwrite,
    }) = &cli.command
    {
        let request = crate::import::plan::Request {
            into: into.clone(),
            force: force.clone(),
            name: name.clone(),
            assessment: assessment.clone(),
            year: *year,
            url: url.clone(),
            overwrite: *overwrite,
        };
        let options = import::Options {
            files,
            request,
            format: format.as_deref(),
        };
        return import::run(options, out, err);
    }
    let dir = match &cli.command {
        Some(Command::Check { dir: Some(dir) }) => Some(dir.clone()),
        _ => cli.content.clone(),
    };
    let cached = !cli.no_cache && !matches!(cli.command, Some(Command::Check { .. }));
    let cache = dir
        .as_deref()
        .and_then(content::cache::Cache::for_folder)
        .filter(|_| cached);
    let origin = load::Origin {
        dir,
        cache,
        builtin: crate::builtin::PREPARED,
    };
    // A folder may take a while to read; the built-in content is ready at once.
    if cli.command.is_none() && origin.dir.is_some() && std::io::stdout().is_terminal() {
        return explore(&cli, origin, err);
    }
    if let Some(Command::Search {
        query, limit, json, ..
    }) = &cli.command
    {
        let text = query.join(" ");
        // A query that cannot be searched for is said before any content is read.
        let wanted = match search::parse(&text) {
            Ok(wanted) => wanted,
            Err(failure) => return failure.report(err),
        };
        // A search needs the index alone, which for a cached folder is all that is read.
        let shown = if *limit == 0 { usize::MAX } else { *limit };
        return match origin.answer_for(&wanted, shown) {
            Ok((searcher, hits)) => {
                let request = search::Request {
                    text: &text,
                    limit: *limit,
                    json: *json,
                    width: text::terminal_width(),
                };
                let answer = search::run(&searcher, Some(hits), request, out, err);
                let status = outcome::finish(answer, err);
                // The process ends next, and the system takes the memory back faster than
                // freeing the index piece by piece would (a tenth of a one-shot search).
                std::mem::forget(searcher);
                status
            }
            Err(errors) => Failure::content(origin.dir.as_deref(), errors).report(err),
        };
    }
    let loaded = match &cli.command {
        // `check` always parses, the built-in content too.
        Some(Command::Check { .. }) if origin.dir.is_none() => {
            content::parse_builtin().map(|library| load::Loaded {
                library,
                index: load::IndexSource::Build,
                unsaved: None,
            })
        }
        _ => origin.library(),
    };
    let loaded = match loaded {
        Ok(loaded) => loaded,
        Err(errors) => {
            let count = errors.0.len();
            let mut failure = Failure::content(origin.dir.as_deref(), errors);
            if matches!(cli.command, Some(Command::Check { .. })) {
                failure = failure.detail(format!(
                    "{count} error{}",
                    if count == 1 { "" } else { "s" }
                ));
            }
            return failure.report(err);
        }
    };
    if let Some(Command::Serve { .. }) = &cli.command {
        return serve(&cli, origin, loaded, err);
    }
    // A freshly parsed folder is written to the cache beside the command, not before it:
    // the first frame does not wait for it.
    std::thread::scope(|scope| {
        if let (Some(cache), Some(key)) = (&origin.cache, loaded.unsaved) {
            let library = &loaded.library;
            scope.spawn(move || {
                let _ = cache.store(key, library);
            });
        }
        execute(cli, origin.dir.clone(), &loaded, out, err)
    })
}

fn execute(
    cli: Cli,
    dir: Option<PathBuf>,
    loaded: &load::Loaded,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let library = &loaded.library;
    let answer: Result<Answer, Failure> = match cli.command {
        Some(Command::Check { .. }) => {
            let origin = dir.map_or("built-in content".to_owned(), |d| {
                content::neutralise(&d.display().to_string()).into_owned()
            });
            done(writeln!(
                out,
                "{origin}: ok: {}",
                text::summary_line(library)
            ))
        }
        Some(Command::Tree { json: true, .. }) => done(json::write_tree(library, out)),
        Some(Command::Tree { json: false, ids }) => done(text::write_tree(library, ids, out)),
        // `run` answers a search before any library is loaded, so this is not reached;
        // answered here too rather than left to panic.
        Some(Command::Search {
            query, limit, json, ..
        }) => {
            let searcher = load::searcher(library, &loaded.index);
            let request = search::Request {
                text: &query.join(" "),
                limit,
                json,
                width: text::terminal_width(),
            };
            search::run(&searcher, None, request, out, err)
        }
        Some(Command::Compare {
            theme,
            years,
            force,
            json,
        }) => grades::choose_force(library, force.as_deref(), "compare").and_then(|force| {
            compare::choose_theme(library, force, &theme)
                .and_then(|index| compare::check_years(library, &years).map(|()| index))
                .and_then(|index| {
                    done(compare::write_comparison(
                        library, force, index, &years, json, out,
                    ))
                })
        }),
        Some(Command::Overview { force, json }) => {
            grades::choose_force(library, force.as_deref(), "overview")
                .and_then(|force| done(compare::write_overview(library, force, json, out)))
        }
        Some(Command::Recurring { force, json }) => {
            grades::choose_force(library, force.as_deref(), "recurring")
                .and_then(|force| done(recurring::write(library, force, json, out)))
        }
        Some(Command::Grades {
            year,
            assessment,
            theme,
            grade,
            sort,
            json,
            csv,
        }) => {
            let request = grades::Request {
                year,
                assessment: assessment.as_deref(),
                theme: theme.as_deref(),
                grade: grade.as_deref(),
                sort: sort.as_deref(),
                json,
                csv,
            };
            grades::table(library, &request).and_then(|table| {
                if table.rows.is_empty() {
                    return Ok(Answer::NothingFound);
                }
                done(grades::write(&table, &request, out))
            })
        }
        Some(Command::Export {
            ids,
            compare,
            years,
            force,
            search,
            limit,
            bookmarks,
            recurring,
            grades,
            year,
            format,
            output,
            overwrite,
        }) => {
            let options = export::Options {
                ids,
                compare,
                years,
                force,
                search,
                limit,
                bookmarks,
                recurring,
                grades,
                year,
                format,
                output,
                overwrite,
                content: cli.content.clone(),
                no_state: cli.no_state,
            };
            export::run(options, loaded, out, err)
        }
        // Answered by `run` before any content is loaded, or once it is.
        Some(Command::Import { .. } | Command::Serve { .. }) => Ok(Answer::Found),
        Some(Command::Show { id, json }) => match library.find(&id) {
            Some(key) if json => done(json::write_node(library, key, out)),
            Some(key) => done(text::write_node(library, key, text::terminal_width(), out)),
            None => Err(show::unknown_id(library, &id)),
        },
        // Piped or redirected, bare `peel` prints the outline rather than a screen.
        None if !std::io::stdout().is_terminal() => done(text::write_tree(library, false, out)),
        None => {
            let (theme, memory, options) = explorer_settings(&cli);
            let index = || load::searcher(library, &loaded.index);
            return match crate::tui::run(library, theme, memory, options, index) {
                Ok(exit) => ExitCode::from(exit.code()),
                Err(error) => {
                    let shown = crate::content::neutralise(&error.to_string()).into_owned();
                    let _ = writeln!(err, "peel: the terminal cannot be used: {shown}");
                    ExitCode::from(1)
                }
            };
        }
    };
    outcome::finish(answer, err)
}

/// The explorer, on content loaded behind a loading frame: a large folder read for the
/// first time shows how far it has got at once, and its reports only when every file has
/// been checked; a broken file ends the run with its file:line:col, as `peel check` says.
fn explore(cli: &Cli, origin: load::Origin, err: &mut dyn Write) -> ExitCode {
    let (theme, memory, options) = explorer_settings(cli);
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
        if let (Some(cache), Some(key)) = (cache, loaded.unsaved) {
            let _ = cache.store(key, &loaded.library);
        }
        searcher
    };
    match crate::tui::run_loading(&what, load, library_of, theme, memory, options, index) {
        Ok(Ok(exit)) => ExitCode::from(exit.code()),
        // The explorer's own statuses (0 after q, 128 + a signal) leave 1 for this.
        Ok(Err(errors)) => {
            Failure::content(origin_dir.as_deref(), errors).report(err);
            ExitCode::from(1)
        }
        Err(error) => {
            let shown = crate::content::neutralise(&error.to_string()).into_owned();
            let _ = writeln!(err, "peel: the terminal cannot be used: {shown}");
            ExitCode::from(1)
        }
    }
}

/// `peel serve` on the loaded content: the index is made (or read) before the first
/// reader comes, and shared by all of them.
fn serve(cli: &Cli, origin: load::Origin, loaded: load::Loaded, err: &mut dyn Write) -> ExitCode {
    let Some(Command::Serve {
        listen,
        host_key,
        authorized_keys,
        public,
        max_sessions,
        max_per_ip,
        idle_timeout,
    }) = &cli.command
    else {
        return ExitCode::FAILURE;
    };
    if let (Some(cache), Some(key)) = (&origin.cache, loaded.unsaved) {
        let _ = cache.store(key, &loaded.library);
    }
    let searcher = load::searcher(&loaded.library, &loaded.index);
    let options = crate::serve::Options {
        listen: listen.clone(),
        host_key: host_key.clone(),
        authorized_keys: authorized_keys.clone(),
        public: *public,
        limits: crate::serve::Limits {
            sessions: *max_sessions,
            per_address: *max_per_ip,
        },
        idle_timeout: Some(*idle_timeout).filter(|idle| !idle.is_zero()),
        keep_state: !cli.no_state,
        no_color: cli.no_color,
        ascii: cli.ascii,
        mouse: !cli.no_mouse,
        source: crate::state::source_key(cli.content.as_deref()),
    };
    crate::serve::run(options, loaded.library, searcher, err)
}

/// The explorer's theme, saved place and options, as the command line and environment ask.
fn explorer_settings(cli: &Cli) -> (Theme, Option<crate::tui::Memory>, crate::tui::Options) {
    let theme = Theme::from_environment(cli.no_color, cli.ascii);
    let memory = crate::state::StateFile::default_location()
        .filter(|_| !cli.no_state)
        .map(|file| crate::tui::Memory {
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
