//! `e`: what the screen shows (the node, the comparison, the results, the bookmarks, the
//! grades, the recurring issues) as a Markdown briefing, handed to the loop to write into
//! the current folder or, over `peel serve`, to copy.

use crate::export::{self, Briefing};
use crate::tui::app::{App, Export};
use crate::tui::screens::Screen;

/// The briefing for the loop to deliver; none (and a notice saying so) where there is
/// nothing to export.
pub fn export(app: &mut App) -> Option<Export> {
    let date = app.export_date.clone().unwrap_or_else(export::today);
    let mut request = export::Request::new(app.library, date, app.content.clone());
    // The shipped documents are in the binary; a folder's are not read from here.
    if app.content == export::content_name("built-in") {
        request = request.with_sources(Box::new(|file: &str| {
            crate::content::builtin_source_text(file).map(str::to_owned)
        }));
    }
    let Some(briefing) = briefing(app, &request) else {
        app.notice = Some("Nothing here to export".into());
        return None;
    };
    let mut what = briefing.what.clone();
    if let Some(Screen::Forces(grid)) = app.screens.last()
        && !grid.filter().is_empty()
    {
        what.push_str(" (every force, not only those the filter shows)");
    }
    Some(Export {
        file_name: briefing.file_name(),
        what,
        text: briefing
            .render(export::Format::Markdown)
            .unwrap_or_default(),
    })
}

fn briefing(app: &App, request: &export::Request) -> Option<Briefing> {
    if let Some(prompt) = &app.prompt {
        let searcher = app.searcher.as_ref()?;
        if prompt.hits.is_empty() {
            return None;
        }
        let results: Vec<_> = prompt
            .hits
            .iter()
            .map(|hit| (searcher.node(hit).key, searcher.passage(hit).text.clone()))
            .collect();
        return Some(export::search_results(request, &prompt.input, &results));
    }
    Some(match app.screens.last() {
        Some(Screen::Compare(screen)) => {
            let assessments = &app.library.forces()[screen.force].assessments;
            let years: Vec<u16> = assessments
                .iter()
                .zip(&screen.years_shown)
                .filter(|(_, shown)| **shown)
                .map(|(a, _)| a.year)
                .collect();
            export::comparison(request, screen.force, screen.theme, &years)
        }
        Some(Screen::Overview(screen)) => export::overview(request, screen.force),
        // The year's whole table, as `peel grades` gives it.
        Some(Screen::Forces(grid)) => return export::grades(request, grid.year()?),
        Some(Screen::Recurring(screen)) => export::recurring(request, screen.force),
        Some(Screen::Bookmarks(_)) if app.bookmarks.is_empty() => return None,
        Some(Screen::Bookmarks(_)) => export::bookmarks(request, &app.bookmarks),
        None => export::nodes(request, &[app.selected()]),
    })
}
