//! How a command ends, as grep's do: status 0 when it found something (or did what was
//! asked), 1 when it found nothing, 2 when it was asked wrongly or could not answer. And
//! one way of saying what went wrong: `peel: ` and the message, details below it.

use crate::content::{ContentError, ContentErrors, neutralise};
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

/// A search that found nothing.
pub const NOTHING_FOUND: u8 = 1;
/// A usage error (a bad option, an unknown id, theme, kind or year, an empty query) or
/// content that cannot be loaded.
pub const FAILED: u8 = 2;

/// What a command that answered found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Found,
    NothingFound,
    /// The explorer's own status: 0 after q, 128 + a signal that ended it.
    Exited(u8),
}

/// A command that could not answer: its errors, each said on a line of its own after
/// `peel: `, then details (a list to choose from) as they are.
#[derive(Debug)]
pub struct Failure {
    status: u8,
    /// Who says it: `peel`, or `peel import` and `peel serve`, whose refusals name them.
    speaker: &'static str,
    errors: Vec<String>,
    details: Vec<String>,
}

impl Failure {
    /// A usage error (status 2).
    pub fn usage(error: impl Into<String>) -> Failure {
        Failure {
            status: FAILED,
            speaker: "peel",
            errors: vec![error.into()],
            details: Vec::new(),
        }
    }

    /// A refusal said by a command that names itself (`peel import: `), with the status
    /// that command has always given for it: the first line is the error, any further
    /// lines are details kept as they are (their maker neutralised what they show).
    pub fn refusal(speaker: &'static str, message: &str, status: u8) -> Failure {
        let mut lines = message.lines();
        let failure = Failure {
            status,
            speaker,
            errors: vec![lines.next().unwrap_or_default().to_owned()],
            details: Vec::new(),
        };
        lines.fold(failure, Failure::detail)
    }

    /// The same failure, ending the run with `status` instead: the explorer's statuses
    /// (0 after q, 128 + a signal) leave 1 for what stops it.
    pub fn exit_with(mut self, status: u8) -> Failure {
        self.status = status;
        self
    }

    /// Adds a line said under the error, as it is: what it shows of content or of what
    /// was typed is neutralised by the caller, so that its layout is kept.
    pub fn detail(mut self, line: impl Into<String>) -> Failure {
        self.details.push(line.into());
        self
    }

    /// Content that cannot be loaded, one error a line. An error about a file named
    /// relative to the folder (an empty folder's missing `sources.yaml`) names the folder.
    pub fn content(dir: Option<&Path>, errors: ContentErrors) -> Failure {
        let errors = errors
            .0
            .into_iter()
            .map(|error| {
                let file = match dir {
                    Some(dir) if Path::new(&error.file).is_relative() => {
                        dir.join(&error.file).display().to_string()
                    }
                    _ => error.file,
                };
                ContentError { file, ..error }.to_string()
            })
            .collect();
        Failure {
            status: FAILED,
            speaker: "peel",
            errors,
            details: Vec::new(),
        }
    }

    /// Says the errors on `err` (neutralised: they may echo what was typed or a file's
    /// name) and gives the status to exit with.
    pub fn report(&self, err: &mut dyn Write) -> ExitCode {
        for error in &self.errors {
            let _ = writeln!(err, "{}: {}", self.speaker, neutralise(error));
        }
        for line in &self.details {
            let _ = writeln!(err, "{line}");
        }
        ExitCode::from(self.status)
    }
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Failure {
        // A closed pipe (`peel tree | head`) is a normal way to stop reading: nothing to
        // say, and no failure.
        if error.kind() == io::ErrorKind::BrokenPipe {
            return Failure {
                status: 0,
                speaker: "peel",
                errors: Vec::new(),
                details: Vec::new(),
            };
        }
        Failure {
            status: FAILED,
            speaker: "peel",
            errors: vec![format!("cannot write output: {error}")],
            details: Vec::new(),
        }
    }
}

/// The exit status of a command's answer, its failure said on `err`.
pub fn finish(answer: Result<Answer, Failure>, err: &mut dyn Write) -> ExitCode {
    match answer {
        Ok(Answer::Found) => ExitCode::SUCCESS,
        Ok(Answer::NothingFound) => ExitCode::from(NOTHING_FOUND),
        Ok(Answer::Exited(status)) => ExitCode::from(status),
        Err(failure) => failure.report(err),
    }
}

/// A command line clap could not parse, said in peel's one style (status 2); help and the
/// version are printed as clap prints them.
pub fn unparsed(error: clap::Error, err: &mut dyn Write) -> ExitCode {
    if !error.use_stderr() {
        let _ = error.print();
        return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(0));
    }
    // Rendered as plain text (no colour), so every error looks the same.
    let rendered = error.render().to_string();
    let rendered = rendered.trim_end();
    let text = rendered.strip_prefix("error: ").unwrap_or(rendered);
    let mut lines = text.lines();
    let mut failure = Failure::usage(lines.next().unwrap_or_default());
    // clap echoes what was typed: neutralised, each line's indent kept.
    for line in lines {
        let text = line.trim_start();
        let indent = &line[..line.len() - text.len()];
        failure = failure.detail(format!("{indent}{}", neutralise(text)));
    }
    failure.report(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(failure: &Failure) -> String {
        let mut err = Vec::new();
        failure.report(&mut err);
        String::from_utf8(err).unwrap()
    }

    #[test]
    fn every_error_line_starts_with_peel_and_details_follow_as_they_are() {
        let failure = Failure::usage("no theme matches `x`; themes:").detail("  a  A");
        let text = said(&failure);
        assert_eq!(text, "peel: no theme matches `x`; themes:\n  a  A\n");
    }

    #[test]
    fn a_relative_file_of_a_folder_is_named_with_the_folder() {
        let errors = ContentErrors(vec![ContentError {
            file: "sources.yaml".into(),
            position: None,
            message: "missing".into(),
        }]);
        let text = said(&Failure::content(Some(Path::new("/tmp/empty")), errors));
        assert_eq!(text, "peel: /tmp/empty/sources.yaml: missing\n");
    }

    #[test]
    fn a_commands_refusal_names_the_command_and_keeps_its_lines() {
        let failure = Failure::refusal("peel import", "not a page; expected:\n  a report", 1);
        assert_eq!(
            said(&failure),
            "peel import: not a page; expected:\n  a report\n"
        );
        assert_eq!(failure.status, 1);
    }

    #[test]
    fn a_closed_pipe_says_nothing() {
        let failure = Failure::from(io::Error::from(io::ErrorKind::BrokenPipe));
        assert_eq!(said(&failure), "");
    }
}
