//! Recurring issues: each problem found in more than one year, its trajectory and note,
//! and its findings, any of which Enter opens; then the issues peel suggests from the
//! wording of the force's findings, apart and marked as peel's, each with its score.

use super::{Context, Entry, Memo, ScreenLayout, wrapped};
use crate::compare;
use crate::model::{Library, NodeKey};
use crate::recurring::{self, Suggestion};
use crate::tui::nav::{ListNav, Span};
use ratatui::text::Line;
use std::rc::Rc;

#[derive(Debug, Clone)]
pub struct RecurringScreen {
    pub force: usize,
    pub nav: ListNav,
    pub memo: Memo,
    /// Worked out once, when the screen opens: the content does not change under it.
    suggested: Rc<Vec<Suggestion>>,
}

impl RecurringScreen {
    pub fn new(library: &Library, force: usize) -> RecurringScreen {
        RecurringScreen {
            force,
            nav: ListNav::default(),
            memo: Memo::default(),
            suggested: Rc::new(recurring::suggest(library, force)),
        }
    }

    /// The findings a cursor stops on, issue by issue: the curated issues' first, then the
    /// suggestions' (numbered on after the curated issues).
    pub fn keys(&self, library: &Library) -> Vec<(usize, NodeKey)> {
        let Some(force) = library.forces().get(self.force) else {
            return Vec::new();
        };
        let curated = force.recurring.iter().enumerate().flat_map(|(i, issue)| {
            issue
                .nodes
                .iter()
                .filter_map(move |id| library.resolve_in_force(self.force, id).map(|key| (i, key)))
        });
        let after = force.recurring.len();
        let suggested = self
            .suggested
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.nodes.iter().map(move |&key| (after + i, key)));
        curated.chain(suggested).collect()
    }

    pub fn selected_key(&self, library: &Library) -> Option<NodeKey> {
        self.keys(library).get(self.nav.cursor).map(|(_, key)| *key)
    }

    pub fn laid(&self, context: Context, width: u16) -> Rc<ScreenLayout> {
        self.memo
            .get(width, || self.lay_out(context, usize::from(width)))
    }

    fn lay_out(&self, context: Context, width: usize) -> ScreenLayout {
        let (library, theme) = (context.library, context.theme);
        let mut lines = Vec::new();
        let mut entries = Vec::new();
        let keys = self.keys(library);
        let issues = library
            .forces()
            .get(self.force)
            .map_or(&[][..], |f| &f.recurring);
        let mut findings = |lines: &mut Vec<Line<'static>>, issue: usize, heading: usize| {
            for (n, (_, key)) in keys.iter().filter(|(i, _)| *i == issue).enumerate() {
                let year = library
                    .year(*key)
                    .map(|y| y.to_string())
                    .unwrap_or_default();
                let text = format!("{year}  {}", library.node(*key).title());
                let entry = wrapped(
                    &theme.text(&text),
                    width.saturating_sub(2),
                    "      ",
                    Default::default(),
                );
                let first = lines.len();
                // The first finding of an issue brings the issue's heading into view with it.
                let context = if n == 0 { first - heading } else { 0 };
                entries.push(Entry::full(Span {
                    first,
                    height: entry.len(),
                    context,
                }));
                lines.extend(entry.into_iter().map(|line| {
                    let mut pieces = vec![ratatui::text::Span::raw("  ")];
                    pieces.extend(line.spans);
                    Line::from(pieces)
                }));
            }
            lines.push(Default::default());
        };
        for (i, issue) in issues.iter().enumerate() {
            let heading = lines.len();
            lines.extend(wrapped(
                &theme.text(&issue.title),
                width,
                "",
                theme.heading(),
            ));
            let trajectory = compare::trajectory(library, self.force, issue);
            lines.extend(wrapped(
                &theme.text(&trajectory),
                width,
                "  ",
                theme.accent(),
            ));
            lines.extend(wrapped(
                &theme.text(&issue.note),
                width,
                "",
                theme.editorial(),
            ));
            findings(&mut lines, i, heading);
        }
        if issues.is_empty() {
            let said = if self.suggested.is_empty() {
                "No recurring issues: none is curated for this force, and no findings of two \
                 of its assessments share enough wording for peel to suggest one."
            } else {
                "No curated recurring issues for this force."
            };
            lines.extend(wrapped(said, width, "", theme.dim()));
            lines.push(Default::default());
        }
        if !self.suggested.is_empty() {
            lines.extend(wrapped(recurring::HEADING, width, "", theme.heading()));
            lines.extend(wrapped(
                &recurring::explained(),
                width,
                "",
                theme.editorial(),
            ));
            lines.push(Default::default());
        }
        for (i, suggestion) in self.suggested.iter().enumerate() {
            let heading = lines.len();
            let trajectory = compare::trajectory_of(library, &suggestion.nodes);
            lines.extend(wrapped(
                &theme.text(&format!("Score {}: {trajectory}", suggestion.score)),
                width,
                "  ",
                theme.accent(),
            ));
            lines.extend(wrapped(
                &theme.text(&format!("Shared words: {}", suggestion.shared.join(", "))),
                width,
                "  ",
                theme.editorial(),
            ));
            findings(&mut lines, issues.len() + i, heading);
        }
        ScreenLayout {
            title: " Recurring issues ".into(),
            header: Vec::new(),
            lines,
            footer: Vec::new(),
            entries,
        }
    }
}
