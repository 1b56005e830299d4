//! Recurring issues: each problem found in more than one year, its trajectory and note,
//! and its findings, any of which Enter opens.

use super::{Context, Entry, Laid, Memo, wrapped};
use crate::compare;
use crate::model::{Library, NodeKey};
use crate::tui::nav::{ListNav, Span};
use std::rc::Rc;

#[derive(Debug, Clone)]
pub struct RecurringScreen {
    pub force: usize,
    pub nav: ListNav,
    pub memo: Memo,
}

impl RecurringScreen {
    pub fn new(force: usize) -> RecurringScreen {
        RecurringScreen {
            force,
            nav: ListNav::default(),
            memo: Memo::default(),
        }
    }

    /// The findings a cursor stops on, issue by issue.
    pub fn keys(&self, library: &Library) -> Vec<(usize, NodeKey)> {
        let Some(force) = library.forces().get(self.force) else {
            return Vec::new();
        };
        force
            .recurring
            .iter()
            .enumerate()
            .flat_map(|(i, issue)| {
                issue.nodes.iter().filter_map(move |id| {
                    library.resolve_in_force(self.force, id).map(|key| (i, key))
                })
            })
            .collect()
    }

    pub fn selected_key(&self, library: &Library) -> Option<NodeKey> {
        self.keys(library).get(self.nav.cursor).map(|(_, key)| *key)
    }

    pub fn laid(&self, context: Context, width: u16) -> Rc<Laid> {
        self.memo
            .get(width, || self.lay_out(context, usize::from(width)))
    }

    fn lay_out(&self, context: Context, width: usize) -> Laid {
        let (library, theme) = (context.library, context.theme);
        let mut lines = Vec::new();
        let mut entries = Vec::new();
        let keys = self.keys(library);
        let issues = library
            .forces()
            .get(self.force)
            .map_or(&[][..], |f| &f.recurring);
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
            for (n, (_, key)) in keys.iter().filter(|(issue, _)| *issue == i).enumerate() {
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
                    ratatui::text::Line::from(pieces)
                }));
            }
            lines.push(Default::default());
        }
        if issues.is_empty() {
            lines = wrapped(
                "No recurring issues in this content.",
                width,
                "",
                theme.dim(),
            );
        }
        Laid {
            title: " Recurring issues ".into(),
            header: Vec::new(),
            lines,
            footer: Vec::new(),
            entries,
        }
    }
}
