//! The text under one heading, gathered into blocks: paragraphs, bullet lists, tables
//! (a figure's caption followed by tab-separated rows), and recommendations (the bullets
//! after a lead-in such as "Within six months, the force should:").

use super::Warning;
use super::ids::{Unique, slug};
use super::markup::{Line, LineKind};
use crate::model::{Block, Deadline, Recommendation, SourceRef, Table};

/// Blocks being gathered, with the lines they came from.
#[derive(Debug, Default)]
pub struct Body {
    pub blocks: Vec<Block>,
    pub recommendations: Vec<Recommendation>,
    /// peel's own remarks, e.g. that a figure is a chart whose data is not in the text.
    pub notes: Vec<String>,
    pub lines: Option<[u32; 2]>,
    /// A figure's caption, waiting to see whether a table follows it.
    caption: Option<String>,
    /// The bullets that follow are recommendations, due when this says.
    deadline: Option<Deadline>,
    /// The previous line continues the last list or table.
    continuing: bool,
    recommendation_ids: Unique,
}

impl Body {
    /// Adds one line; `file` is cited by the recommendations it makes.
    pub fn push(&mut self, line: &Line, file: &str, warnings: &mut Vec<Warning>) {
        match &line.kind {
            LineKind::Blank => {
                self.continuing = false;
                return;
            }
            LineKind::Row(cells) => self.row(cells, line.number, warnings),
            LineKind::Bullet if self.deadline.is_some() => {
                let id = self
                    .recommendation_ids
                    .take(slug(&line.text, 5, "recommendation"));
                self.recommendations.push(Recommendation {
                    id,
                    deadline: self.deadline.unwrap_or(Deadline::NotStated),
                    text: line.text.clone(),
                    source: SourceRef {
                        file: file.to_owned(),
                        lines: [line.number, line.number],
                    },
                });
            }
            LineKind::Bullet => {
                self.flush_caption();
                match self.blocks.last_mut() {
                    Some(Block::Bullets(items)) if self.continuing => items.push(line.text.clone()),
                    _ => self.blocks.push(Block::Bullets(vec![line.text.clone()])),
                }
                self.continuing = true;
            }
            LineKind::Heading { .. } | LineKind::Bold | LineKind::Text => {
                self.flush_caption();
                self.deadline = None;
                if is_figure_caption(&line.text) {
                    self.caption = Some(line.text.clone());
                } else {
                    self.blocks.push(Block::Paragraph(line.text.clone()));
                    self.deadline = lead_in_deadline(&line.text);
                }
                self.continuing = false;
            }
        }
        self.lines = Some(match self.lines {
            None => [line.number, line.number],
            Some([first, _]) => [first, line.number],
        });
    }

    /// Ends the body: a caption with no table after it is a chart.
    pub fn finish(&mut self) {
        self.flush_caption();
    }

    fn row(&mut self, cells: &[String], number: u32, warnings: &mut Vec<Warning>) {
        if !self.continuing || !matches!(self.blocks.last(), Some(Block::Table(_))) {
            let caption = self.caption.take().unwrap_or_default();
            self.blocks.push(Block::Table(Table {
                caption,
                columns: cells.to_vec(),
                rows: Vec::new(),
                notes: Vec::new(),
                chart: false,
            }));
            self.continuing = true;
            return;
        }
        if let Some(Block::Table(table)) = self.blocks.last_mut() {
            let mut cells = cells.to_vec();
            if cells.len() > table.columns.len() {
                warnings.push(Warning::at(
                    number,
                    format!(
                        "table row has {} cells but the table {} columns; unnamed columns added",
                        cells.len(),
                        table.columns.len()
                    ),
                ));
                table.columns.resize(cells.len(), String::new());
                for row in &mut table.rows {
                    row.resize(cells.len(), String::new());
                }
            }
            cells.resize(table.columns.len(), String::new());
            table.rows.push(cells);
        }
    }

    fn flush_caption(&mut self) {
        if let Some(caption) = self.caption.take() {
            let figure = caption.split(':').next().unwrap_or("The figure").trim();
            self.notes.push(format!(
                "{figure} in the report is a chart; its data is not in the source text, so peel shows only its caption."
            ));
            self.blocks.push(Block::Paragraph(caption));
        }
    }

    /// Tables with no caption of their own take the heading they sit under.
    pub fn caption_tables(&mut self, heading: &str) {
        for block in &mut self.blocks {
            if let Block::Table(table) = block
                && table.caption.is_empty()
            {
                table.caption = heading.to_owned();
            }
        }
    }
}

/// "Figure 4: Percentage of …"
fn is_figure_caption(text: &str) -> bool {
    text.strip_prefix("Figure ").is_some_and(|rest| {
        rest.split(':')
            .next()
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    })
}

/// A line that introduces recommendations ("The force should:", "Within six months, the
/// Metropolitan Police Service should:", "… should immediately:"), and when they fall due.
pub fn lead_in_deadline(text: &str) -> Option<Deadline> {
    let lower = text.to_lowercase();
    let lead_in = lower.ends_with("should:") || lower.ends_with("should immediately:");
    lead_in.then(|| {
        if lower.contains("immediately") {
            Deadline::Immediately
        } else if lower.contains("within six months") {
            Deadline::WithinSixMonths
        } else {
            Deadline::NotStated
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::markup::lines;

    fn body(text: &str) -> (Body, Vec<Warning>) {
        let mut body = Body::default();
        let mut warnings = Vec::new();
        for line in lines(text) {
            body.push(&line, "r.txt", &mut warnings);
        }
        body.finish();
        (body, warnings)
    }

    #[test]
    fn bullets_after_a_lead_in_are_recommendations_with_its_deadline() {
        let (body, _) = body(
            "Within six months, the force should:\n\n- do one thing;\n- do another.\n\nThe force should immediately:\n\n- act now.\n\nAfter.\n\n- a plain bullet",
        );
        let deadlines: Vec<(Deadline, u32)> = body
            .recommendations
            .iter()
            .map(|r| (r.deadline, r.source.lines[0]))
            .collect();
        assert_eq!(
            deadlines,
            [
                (Deadline::WithinSixMonths, 3),
                (Deadline::WithinSixMonths, 4),
                (Deadline::Immediately, 8)
            ]
        );
        assert_eq!(
            body.blocks.last(),
            Some(&Block::Bullets(vec!["a plain bullet".into()]))
        );
    }

    #[test]
    fn a_caption_followed_by_rows_is_a_table_and_one_without_is_a_chart() {
        let (body, warnings) = body(
            "**Figure 4: Outcomes**\n\n \n<b>Type</b>\t<b>Rate</b>\n1 – Charged\t3.1%\n2\t0.3%\t9\n\n**Figure 5: A chart**\n\nText.",
        );
        let Block::Table(table) = &body.blocks[0] else {
            panic!("{:?}", body.blocks)
        };
        assert_eq!(table.caption, "Figure 4: Outcomes");
        assert_eq!(table.columns, ["Type", "Rate", ""]);
        assert_eq!(
            table.rows,
            [vec!["1 – Charged", "3.1%", ""], vec!["2", "0.3%", "9"]]
        );
        assert_eq!(warnings.len(), 1);
        assert_eq!(body.blocks[1], Block::Paragraph("Figure 5: A chart".into()));
        assert!(body.notes[0].starts_with("Figure 5 in the report is a chart"));
        assert_eq!(body.lines, Some([1, 10]));
    }
}
