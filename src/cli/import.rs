//! `peel import`: read a report, write its content files, check the folder, and say what
//! was done and what a person should review.

use super::outcome::{Answer, Failure};
use super::text;
use crate::content;
use crate::import::{self, Layout, Refusal, plan};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// `peel import`'s options, as the command line gives them (the command's help is the
/// variant's, in `cli::Command`).
#[derive(Debug, clap::Args)]
pub struct Args {
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
}

/// What each page is imported with.
struct Options<'a> {
    request: plan::Request,
    format: Option<&'a str>,
}

/// Imports the pages one after another (the pages of one assessment join it); the first
/// refused stops the run with status 1.
pub fn run(args: Args, out: &mut dyn Write, err: &mut dyn Write) -> Result<Answer, Failure> {
    let options = Options {
        request: plan::Request {
            into: args.into,
            force: args.force,
            name: args.name,
            assessment: args.assessment,
            year: args.year,
            url: args.url,
            overwrite: args.overwrite,
        },
        format: args.format.as_deref(),
    };
    for file in &args.files {
        import_file(file, &options, out, err)
            .map_err(|refusal| Failure::refusal("peel import", &refusal.to_string(), 1))?;
    }
    Ok(Answer::Found)
}

fn import_file(
    file: &Path,
    options: &Options,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Refusal> {
    let shown = content::neutralise(&file.display().to_string()).into_owned();
    let bytes = read_limited(file)?.map_err(|e| Refusal(format!("cannot read {shown}: {e}")))?;
    let import::Source {
        text,
        html: was_html,
        notice,
        url: page_url,
    } = import::source_text(&bytes)
        .map_err(|refusal| Refusal(format!("{shown}: {}", refusal.0)))?;
    let layout = match options.format {
        Some(name) => Layout::from_name(name).ok_or_else(|| {
            Refusal(format!("--format {name}: expected one of {}", Layout::NAMES))
        })?,
        None => import::detect(&text).ok_or_else(|| {
            Refusal(format!(
                "{shown} does not read as a PEEL page peel import knows; expected one of:\n  a {}: {}\n  a {}: {}\n  a {}: {}\ngive --format report, pillar or overview to read it as one",
                Layout::Report.name(),
                Layout::Report.expected(),
                Layout::Pillar.name(),
                Layout::Pillar.expected(),
                Layout::Overview.name(),
                Layout::Overview.expected(),
            ))
        })?,
    };
    let file = plan::source_name(&text);
    let mut draft = import::read(&text, layout, &file).map_err(|refusal| {
        let how = if options.format.is_some() {
            "given by --format"
        } else {
            "as its words suggest"
        };
        Refusal(format!(
            "{shown} was read as a {} ({how}) and does not read as one: {}",
            layout.name(),
            refusal.0
        ))
    })?;
    if draft.url.is_none() {
        draft.url = page_url;
    }
    if let Some(notice) = notice {
        draft.warnings.insert(0, import::Warning::at(1, notice));
    }
    // Held from before the folder is read until what was written has been checked, so a
    // concurrent import plans against this one's result and never reports it as its own.
    let into = &options.request.into;
    let into_shown = content::neutralise(&into.display().to_string()).into_owned();
    let lock = import::lock::lock(into, || {
        let _ = writeln!(
            err,
            "peel import: another import into {into_shown} is under way; waiting for it to finish"
        );
    })
    .map_err(|error| match error {
        import::lock::LockError::NotAFolder => Refusal(format!(
            "--into {into_shown} is not a folder; give the content folder to import into (it is made if missing)"
        )),
        import::lock::LockError::Io(e) => Refusal(format!("cannot use {into_shown}: {e}")),
    })?;
    let plan = match plan::plan(draft, &text, &options.request) {
        Ok(plan) => plan,
        Err(refusal) => {
            lock.unused();
            // What the text lacks, or what an option got wrong, is said of the file as the
            // user gave it: several files may be imported in one command.
            return Err(Refusal(format!("{shown}: {}", refusal.0)));
        }
    };
    let applied = match import::apply(&plan) {
        Ok(applied) => applied,
        Err(failure) => {
            lock.unused();
            return Err(Refusal(format!(
                "writing into {into_shown} failed: {failure}"
            )));
        }
    };
    if applied.stale_removed > 0 {
        let _ = writeln!(
            out,
            "removed {} temporary files left in {into_shown} by an interrupted import",
            applied.stale_removed
        );
    }
    // From here on the work is done: a closed or failing output (`| head -1`) is not
    // allowed to turn it into a failure, so what is said is said as far as it can be.
    let _ = report(&plan, layout, was_html, &shown, out);
    // The same check as `peel check`, on the folder as it now is.
    match content::load_dir(&plan.into) {
        Ok(library) => {
            let _ = writeln!(
                out,
                "check: {}: ok: {}",
                content::neutralise(&plan.into.display().to_string()),
                text::summary_line(&library)
            );
            Ok(())
        }
        Err(errors) => Err(Refusal(format!(
            "the folder does not pass peel check:\n{errors}"
        ))),
    }
}

/// The input, if it is a regular file of at most the largest size (one byte more is read,
/// to tell). Anything else is refused before it is opened for reading: a FIFO with no
/// writer would wait for ever. Opened without waiting too, in case it changed meanwhile.
/// A file larger than a report is refused with its true size, unread.
fn read_limited(path: &Path) -> Result<io::Result<Vec<u8>>, Refusal> {
    let metadata = match std::fs::metadata(path).and_then(|m| not_a_file(&m).map(|()| m)) {
        Ok(metadata) => metadata,
        Err(error) => return Ok(Err(error)),
    };
    if metadata.len() > import::MAX_INPUT_BYTES as u64 {
        return Err(import::too_large(metadata.len()));
    }
    Ok(read_file(path))
}

fn read_file(path: &Path) -> io::Result<Vec<u8>> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::File::options()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)?;
    not_a_file(&file.metadata()?)?;
    let mut bytes = Vec::new();
    file.take(import::MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn not_a_file(metadata: &std::fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::FileTypeExt;
    let kind = metadata.file_type();
    let what = if kind.is_file() {
        return Ok(());
    } else if kind.is_dir() {
        "a folder"
    } else if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else {
        "an unusual kind of file"
    };
    Err(io::Error::other(format!(
        "it is {what}, not a regular file; give the report saved as a file"
    )))
}

fn report(
    plan: &plan::Plan,
    layout: Layout,
    was_html: bool,
    shown: &str,
    out: &mut dyn Write,
) -> io::Result<()> {
    let draft = &plan.draft;
    let findings: usize = draft.areas.iter().map(|a| a.findings.len()).sum();
    writeln!(
        out,
        "read {shown} as a {}{}: {} findings in {} areas, {} recommendations, {} glossary terms",
        layout.name(),
        if was_html {
            " (HTML, turned into text)"
        } else {
            ""
        },
        findings + draft.findings.len(),
        draft.areas.len(),
        draft.recommendations(),
        draft.distinct_terms()
    )?;
    writeln!(
        out,
        "  force: {} ({}); {}, assessment {}; grade: {}",
        content::neutralise(&plan.name),
        plan.force,
        content::neutralise(&draft.title),
        plan.assessment,
        draft.grade.label()
    )?;
    for area in &draft.areas {
        writeln!(
            out,
            "  {:<22} {}",
            area.grade.label(),
            content::neutralise(&area.title)
        )?;
    }
    let folder = format!("{}/{}", plan.force, plan.assessment);
    writeln!(
        out,
        "wrote {} files into {} ({folder}/, sources/{} registered in sources.yaml){}",
        plan.files.len(),
        content::neutralise(&plan.into.display().to_string()),
        draft.source_file,
        if plan.remove.is_empty() {
            String::new()
        } else {
            format!(
                "; removed {} files of the earlier import",
                plan.remove.len()
            )
        }
    )?;
    if !draft.warnings.is_empty() {
        writeln!(out, "{} warnings to review:", draft.warnings.len())?;
        for line in plan::describe(&draft.warnings) {
            writeln!(out, "  {line}")?;
        }
    }
    writeln!(
        out,
        "review by hand: {folder}/import-warnings.txt, {folder}/glossary-candidates.txt"
    )
}
