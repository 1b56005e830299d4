//! `peel grades`: every force's grade in every theme for one year or assessment, as text,
//! JSON or CSV; and the refusal the single-force commands give when several forces are
//! loaded and none was named.

use super::outcome::{Answer, Failure};
use crate::content::neutralise;
use crate::grades::{self, GradesTable, Pick, Sort};
use crate::model::{Grade, Library};
use std::io::{self, Write};

/// What `peel grades` was asked (the command's help is the variant's, in `cli::Command`).
#[derive(Debug, clap::Args)]
pub struct Args {
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
}

/// `peel grades`: the table, or nothing found when no force is left in it.
pub fn run(library: &Library, args: &Args, out: &mut dyn Write) -> Result<Answer, Failure> {
    let table = table(library, args)?;
    if table.rows.is_empty() {
        return Ok(Answer::NothingFound);
    }
    write(&table, args, out)?;
    Ok(Answer::Found)
}

/// The table asked for, or why it cannot be made (an unknown year, assessment, theme,
/// grade or sort column), with what there is to choose from.
fn table(library: &Library, request: &Args) -> Result<GradesTable, Failure> {
    let pick = match (request.year, request.assessment.as_deref()) {
        (_, Some(id)) => {
            let known: Vec<&str> = library
                .forces()
                .iter()
                .flat_map(|f| f.assessments.iter().map(|a| a.id.as_str()))
                .collect();
            if !known.contains(&id) {
                let mut known = known;
                known.sort_unstable();
                known.dedup();
                return Err(Failure::usage(format!(
                    "no force has an assessment `{}`; assessments: {}",
                    neutralise(id),
                    known.join(", ")
                )));
            }
            Pick::Assessment(id.to_owned())
        }
        (Some(year), None) => {
            super::compare::check_years(library, &[year])?;
            Pick::Year(year)
        }
        (None, None) => match grades::latest_graded_year(library) {
            Some(year) => Pick::Year(year),
            None => return Err(Failure::usage("the content has no assessments")),
        },
    };
    let mut table = grades::table(library, &pick);
    let column = |wanted: &str, table: &GradesTable| -> Result<String, Failure> {
        let found = table
            .columns
            .iter()
            .find(|c| c.theme == wanted)
            .or_else(|| {
                let lower = wanted.to_lowercase();
                let holding: Vec<_> = table
                    .columns
                    .iter()
                    .filter(|c| format!("{} {}", c.theme, c.title.to_lowercase()).contains(&lower))
                    .collect();
                (holding.len() == 1).then(|| holding[0])
            });
        found.map(|c| c.theme.clone()).ok_or_else(|| {
            table.columns.iter().fold(
                Failure::usage(format!(
                    "no single theme of this table matches `{}`; themes:",
                    neutralise(wanted)
                )),
                |failure, c| failure.detail(format!("  {:32} {}", c.theme, neutralise(&c.title))),
            )
        })
    };
    let sort = match request.sort.as_deref() {
        None | Some("name") | Some("force") => Sort::Name,
        Some(theme) => Sort::Theme(column(theme, &table)?),
    };
    if let Some(theme) = request.theme.as_deref() {
        let theme = column(theme, &table)?;
        table.keep_theme(&theme);
    }
    if let Some(wanted) = request.grade.as_deref() {
        let grade = Grade::from_key(&wanted.to_lowercase().replace(' ', "-")).ok_or_else(|| {
            let keys: Vec<&str> = Grade::ALL.iter().map(|g| g.key()).collect();
            Failure::usage(format!(
                "no grade `{}`; grades: {}",
                neutralise(wanted),
                keys.join(", ")
            ))
        })?;
        table.keep_grade(grade);
    }
    table.sort(&sort);
    Ok(table)
}

fn write(table: &GradesTable, request: &Args, out: &mut dyn Write) -> io::Result<()> {
    if request.json {
        serde_json::to_writer_pretty(&mut *out, table)?;
        return writeln!(out);
    }
    if request.csv {
        return write_csv(table, out);
    }
    write_text(table, out)
}

fn write_csv(table: &GradesTable, out: &mut dyn Write) -> io::Result<()> {
    let header: Vec<String> = ["force", "name"]
        .into_iter()
        .map(str::to_owned)
        .chain(table.columns.iter().map(|c| c.theme.clone()))
        .collect();
    writeln!(out, "{}", header.join(","))?;
    for row in &table.rows {
        let mut fields = vec![csv_field(&row.force), csv_field(&row.name)];
        fields.extend(table.columns.iter().map(|c| {
            row.grade(&c.theme)
                .map_or(String::new(), |g| g.key().to_owned())
        }));
        writeln!(out, "{}", fields.join(","))?;
    }
    Ok(())
}

/// A CSV field, quoted where it holds a comma, quote or line break; neutralised, since a
/// name comes from a content file.
fn csv_field(text: &str) -> String {
    let text = neutralise(text);
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.into_owned()
    }
}

/// One block per force: its name, then each theme's grade on a line, so nothing is cut
/// at any width.
fn write_text(table: &GradesTable, out: &mut dyn Write) -> io::Result<()> {
    let when = match (&table.assessment, table.year) {
        (Some(id), _) => format!("assessment {}", neutralise(id)),
        (None, Some(year)) => year.to_string(),
        (None, None) => String::new(),
    };
    writeln!(
        out,
        "Grades {when}: {} force{}",
        table.rows.len(),
        if table.rows.len() == 1 { "" } else { "s" }
    )?;
    let width = table
        .columns
        .iter()
        .map(|c| unicode_width::UnicodeWidthStr::width(c.title.as_str()))
        .max()
        .unwrap_or(0);
    for row in &table.rows {
        writeln!(
            out,
            "\n{} [{}]",
            neutralise(&row.name),
            neutralise(&row.force)
        )?;
        for column in &table.columns {
            let grade = row.grade(&column.theme).map_or("-", |g| g.label());
            let title = neutralise(&column.title);
            let pad = width.saturating_sub(unicode_width::UnicodeWidthStr::width(&*title));
            writeln!(out, "  {title}{}  {grade}", " ".repeat(pad))?;
        }
    }
    Ok(())
}

/// The force a single-force command answers for: the one named by `--force`, or the only
/// one there is. With several and none named, the command refuses and lists them.
pub fn choose_force(
    library: &Library,
    wanted: Option<&str>,
    command: &str,
) -> Result<usize, Failure> {
    let forces = library.forces();
    let list = |failure: Failure, among: &[usize]| {
        among.iter().fold(failure, |failure, &i| {
            failure.detail(format!(
                "  {:24} {}",
                neutralise(&forces[i].id),
                neutralise(&forces[i].name)
            ))
        })
    };
    let all: Vec<usize> = (0..forces.len()).collect();
    match wanted {
        None if forces.len() <= 1 => Ok(0),
        None => Err(list(
            Failure::usage(format!(
                "the content holds {} forces; name one with `peel {command} --force ID` (or see them all with `peel grades`):",
                forces.len()
            )),
            &all,
        )),
        Some(wanted) => match grades::forces_matching(library, wanted)[..] {
            [one] => Ok(one),
            [] => Err(list(
                Failure::usage(format!(
                    "no force matches `{}`; forces:",
                    neutralise(wanted)
                )),
                &all,
            )),
            ref several => Err(list(
                Failure::usage(format!(
                    "{} forces match `{}`; name one by its id:",
                    several.len(),
                    neutralise(wanted)
                )),
                several,
            )),
        },
    }
}
