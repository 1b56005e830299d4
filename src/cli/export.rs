//! `peel export`: nodes, a comparison, search results, bookmarks or a year's grades as a
//! briefing with citations, on standard output or into a file that is never replaced
//! unless asked.

use super::outcome::{Answer, Failure};
use super::{load, search, show};
use crate::content::neutralise;
use crate::export::{self, Briefing, Format};
use crate::model::{Library, NodeKey};
use std::io::Write;
use std::path::{Path, PathBuf};

/// What `peel export` was asked for, as typed (the command's help is the variant's, in
/// `cli::Command`).
#[derive(Debug, clap::Args)]
pub struct Args {
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
}

/// Where the content came from, as the global options say: the folder names the content
/// and holds its saved bookmarks, which `--no-state` leaves alone.
pub struct Stored<'a> {
    pub content: Option<&'a Path>,
    pub no_state: bool,
}

/// What one export is of.
enum Subject {
    Nodes(Vec<NodeKey>),
    Compare(String),
    Search(String),
    Bookmarks,
    Recurring,
    Grades(u16),
}

pub fn run(
    mut options: Args,
    stored: &Stored,
    loaded: &load::Loaded,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Answer, Failure> {
    let library = &loaded.library;
    let format = Format::from_name(&options.format).ok_or_else(|| {
        Failure::usage(format!(
            "no format `{}`; formats: md, json, csv",
            options.format
        ))
    })?;
    let force = choose_force(library, &mut options)?;
    let subject = subject(library, &options)?;
    if force.is_some() && !matches!(subject, Subject::Compare(_) | Subject::Recurring) {
        return Err(Failure::usage(
            "--force ID chooses the force of --compare or --recurring; alone, --force replaces the -o file",
        ));
    }
    let content = export::content_name(&crate::state::source_key(stored.content));
    let request = export::Request::new(library, export::today(), content)
        .with_sources(source_texts(stored.content.map(Path::to_path_buf)));
    let briefing = match subject {
        Subject::Nodes(keys) => export::nodes(&request, &keys),
        Subject::Compare(theme) => {
            let force = match force {
                Some(force) => force,
                None => only_force(library, "export --compare THEME")?,
            };
            let theme = theme_of(library, force, &theme)?;
            super::compare::check_years(library, &options.years)?;
            export::comparison(&request, force, theme, &options.years)
        }
        Subject::Search(query) => {
            let wanted = search::parse(&query)?;
            let searcher = load::searcher(library, &loaded.index);
            let hits = searcher.search_as_typed(&wanted, None, &mut Default::default());
            let limit = if options.limit == 0 {
                hits.len()
            } else {
                options.limit
            };
            if hits.is_empty() {
                writeln!(err, "peel: no results for \"{}\"", neutralise(query.trim()))?;
                return Ok(Answer::NothingFound);
            }
            let results: Vec<(NodeKey, String)> = hits
                .iter()
                .take(limit)
                .map(|hit| (searcher.node(hit).key, searcher.passage(hit).text.clone()))
                .collect();
            export::search_results(&request, &query, &results)
        }
        Subject::Bookmarks => {
            let keys = saved_bookmarks(library, stored, err)?;
            if keys.is_empty() {
                writeln!(err, "peel: no bookmarks are saved for this content")?;
                return Ok(Answer::NothingFound);
            }
            export::bookmarks(&request, &keys)
        }
        Subject::Recurring => {
            let force = match force {
                Some(force) => force,
                None => only_force(library, "export --recurring")?,
            };
            export::recurring(&request, force)
        }
        Subject::Grades(year) => export::grades(&request, year).ok_or_else(|| {
            let years: Vec<String> = export::assessment_years(library)
                .iter()
                .map(u16::to_string)
                .collect();
            Failure::usage(format!(
                "no assessment in {year}; years: {}",
                years.join(", ")
            ))
        })?,
    };
    let text = render(&briefing, format)?;
    match &options.output {
        None => out.write_all(text.as_bytes())?,
        Some(path) => write_file(path, &text, options.overwrite)?,
    }
    Ok(Answer::Found)
}

/// Exactly one thing to export, and the options that go with it.
fn subject(library: &Library, options: &Args) -> Result<Subject, Failure> {
    let asked = [
        !options.ids.is_empty(),
        options.compare.is_some(),
        options.search.is_some(),
        options.bookmarks,
        options.recurring,
        options.grades,
    ]
    .iter()
    .filter(|asked| **asked)
    .count();
    if asked != 1 {
        return Err(Failure::usage(match asked {
            0 => {
                "say what to export: node ids, --compare THEME, --search QUERY, --bookmarks, --recurring or --grades --year YYYY"
            }
            _ => {
                "export one thing at a time: node ids, --compare, --search, --bookmarks, --recurring or --grades"
            }
        }));
    }
    if options.year.is_some() && !options.grades {
        return Err(Failure::usage("--year goes with --grades"));
    }
    if !options.years.is_empty() && options.compare.is_none() {
        return Err(Failure::usage("--years goes with --compare"));
    }
    if let Some(theme) = &options.compare {
        return Ok(Subject::Compare(theme.clone()));
    }
    if let Some(query) = &options.search {
        return Ok(Subject::Search(query.clone()));
    }
    if options.bookmarks {
        return Ok(Subject::Bookmarks);
    }
    if options.recurring {
        return Ok(Subject::Recurring);
    }
    if options.grades {
        return options.year.map(Subject::Grades).ok_or_else(|| {
            Failure::usage("--grades needs --year YYYY, e.g. --grades --year 2024")
        });
    }
    let mut keys = Vec::new();
    for id in &options.ids {
        match library.find(id) {
            Some(key) => keys.push(key),
            None => return Err(show::unknown_id(library, id)),
        }
    }
    Ok(Subject::Nodes(keys))
}

/// The force `--force ID` names. `--force` alone asks to replace the output file; so does
/// `--force` followed by what is not a force but a node id (taken as one).
fn choose_force(library: &Library, options: &mut Args) -> Result<Option<usize>, Failure> {
    let Some(wanted) = options.force.take() else {
        return Ok(None);
    };
    if wanted.is_empty() {
        options.overwrite = true;
        return Ok(None);
    }
    if let Some(force) = library.forces().iter().position(|f| f.id == wanted) {
        return Ok(Some(force));
    }
    if library.find(&wanted).is_some() {
        options.overwrite = true;
        options.ids.insert(0, wanted);
        return Ok(None);
    }
    Err(forces_listed(
        library,
        Failure::usage(format!("no force has the id `{wanted}`; forces:")),
    ))
}

/// The one force of the content, or the forces to choose from with `--force`, as
/// `peel compare` says them.
fn only_force(library: &Library, command: &str) -> Result<usize, Failure> {
    super::grades::choose_force(library, None, command)
}

fn forces_listed(library: &Library, failure: Failure) -> Failure {
    library.forces().iter().fold(failure, |failure, force| {
        failure.detail(format!(
            "  {:24} {}",
            neutralise(&force.id),
            neutralise(&force.name)
        ))
    })
}

/// The theme `wanted` names in `force`, as `peel compare --force` chooses it.
fn theme_of(library: &Library, force: usize, wanted: &str) -> Result<usize, Failure> {
    super::compare::choose_theme(library, force, wanted)
}

/// The bookmarks saved for this content, as the explorer saves them; ids no longer in the
/// content are left out, and said.
fn saved_bookmarks(
    library: &Library,
    stored: &Stored,
    err: &mut dyn Write,
) -> Result<Vec<NodeKey>, Failure> {
    if stored.no_state {
        return Err(Failure::usage(
            "--bookmarks reads the saved state, which --no-state leaves alone",
        ));
    }
    let file = crate::state::StateFile::default_location()
        .ok_or_else(|| Failure::usage("no home folder to read saved bookmarks from"))?;
    let loaded = file.load();
    if let Some(notice) = &loaded.notice {
        writeln!(err, "peel: {}", neutralise(notice))?;
    }
    let source = crate::state::source_key(stored.content);
    let place = loaded.state.place(&source);
    let mut keys: Vec<NodeKey> = Vec::new();
    let mut gone = 0;
    for id in &place.bookmarks {
        match library.find(id) {
            Some(key) if !keys.contains(&key) => keys.push(key),
            Some(_) => {}
            None => gone += 1,
        }
    }
    if gone > 0 {
        writeln!(
            err,
            "peel: {gone} bookmark{} no longer in the content, left out",
            if gone == 1 { " is" } else { "s are" }
        )?;
    }
    Ok(keys)
}

/// The source texts of the content: the built-in content's shipped documents, or a
/// folder's `sources/` (a plain file name only, and not too large to read).
fn source_texts(folder: Option<PathBuf>) -> export::SourceText<'static> {
    Box::new(move |file: &str| {
        let plain = Path::new(file).file_name().is_some_and(|name| name == file);
        match &folder {
            None => crate::content::builtin_source_text(file).map(str::to_owned),
            Some(_) if !plain => None,
            Some(folder) => {
                let path = folder.join("sources").join(file);
                let small = path
                    .metadata()
                    .is_ok_and(|m| m.is_file() && m.len() <= MOST_SOURCE_BYTES);
                small.then(|| std::fs::read_to_string(path).ok()).flatten()
            }
        }
    })
}

/// A source text larger than this is not read to narrow citations (a report is ~120 kB).
const MOST_SOURCE_BYTES: u64 = 16 * 1024 * 1024;

fn render(briefing: &Briefing, format: Format) -> Result<String, Failure> {
    briefing
        .render(format)
        .map_err(|error| Failure::usage(error.to_string()))
}

/// Writes `text` to `path` whole or not at all, never over an existing file unless asked.
fn write_file(path: &Path, text: &str, overwrite: bool) -> Result<(), Failure> {
    let shown = neutralise(&path.display().to_string()).into_owned();
    if path.is_dir() {
        return Err(Failure::usage(format!(
            "{shown} is a folder; give a file name"
        )));
    }
    if !overwrite && path.symlink_metadata().is_ok() {
        return Err(Failure::usage(format!(
            "{shown} exists; --force replaces it"
        )));
    }
    crate::atomic_file::write(path, |file| file.write_all(text.as_bytes()))
        .map_err(|error| Failure::usage(format!("cannot write {shown}: {error}")))
}
