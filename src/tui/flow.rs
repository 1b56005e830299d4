//! A node's document as the reader's flow: a list of chunks (a styled paragraph, a table
//! row, a blank line), each wrapped only when it comes into view, so a node of any length
//! costs no more per keystroke or resize than the screenful shown.
//!
//! Past 500 lines with its unit tests (about 500 of code): the flow and its builder share
//! the chunk model, and wrap it in one place.

use super::palette::Palette;
use crate::document::{NodeDocument, Part, StandingText};
use crate::model::{Anchor, Table};
use ratatui::style::Style;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// One piece of the flow.
#[derive(Debug, Clone)]
pub enum Chunk {
    Blank,
    Text(TextChunk),
    /// A row of table `table` (its header when `row` is `None`).
    TableRow {
        table: usize,
        row: Option<usize>,
        style: Style,
    },
}

/// Text with its styles, wrapped with `first` before its first line and `rest` before the
/// others.
#[derive(Debug, Clone)]
pub struct TextChunk {
    pub text: String,
    pub styles: Vec<(Range<usize>, Style)>,
    pub first: String,
    pub rest: String,
}

/// One screen line of a chunk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowSpan {
    Blank,
    /// Bytes `start..end` of the chunk's text; `first` for the chunk's first line.
    Text {
        start: usize,
        end: usize,
        first: bool,
    },
    /// A line of a table row, already laid out.
    Table(String),
}

impl RowSpan {
    /// Where a row starts, kept across widths: a byte of a text, a line of a table row.
    pub fn offset(&self, index: usize) -> usize {
        match self {
            RowSpan::Text { start, .. } => *start,
            RowSpan::Table(_) => index,
            RowSpan::Blank => 0,
        }
    }
}

/// Chunks laid out at one width: each chunk's lines, and each table's column widths.
#[derive(Default)]
struct LaidOut {
    width: usize,
    rows: HashMap<usize, Arc<[RowSpan]>>,
    columns: HashMap<usize, Arc<[usize]>>,
}

/// The widths a flow keeps its lines at: a flow is shared by the readers of a server
/// (`SharedFlows`), whose terminals differ, and one reader's resize must not throw away
/// what the others laid out.
const WIDTHS: usize = 4;

pub struct Flow {
    pub chunks: Vec<Chunk>,
    /// The chunk each searchable passage starts at.
    pub anchors: Vec<(Anchor, usize)>,
    pub tables: Vec<Table>,
    /// Bytes before each chunk, for the reader's progress.
    starts: Vec<usize>,
    total: usize,
    /// Chunks laid out at the widths used lately, the latest last.
    laid_out: Mutex<Vec<LaidOut>>,
}

impl Flow {
    pub fn build(document: &NodeDocument, theme: &Palette) -> Flow {
        let mut flow = Builder {
            theme,
            chunks: Vec::new(),
            anchors: Vec::new(),
            tables: Vec::new(),
        };
        flow.header(document);
        for part in &document.parts {
            flow.part(part);
        }
        while matches!(flow.chunks.last(), Some(Chunk::Blank)) {
            flow.chunks.pop();
        }
        let mut starts = Vec::with_capacity(flow.chunks.len());
        let mut total = 0;
        for chunk in &flow.chunks {
            starts.push(total);
            total += match chunk {
                Chunk::Blank => 1,
                Chunk::Text(text) => text.text.len().max(1),
                Chunk::TableRow { table, row, .. } => {
                    let table = &flow.tables[*table];
                    let cells = match row {
                        Some(r) => &table.rows[*r],
                        None => &table.columns,
                    };
                    cells.iter().map(String::len).sum::<usize>().max(1)
                }
            };
        }
        Flow {
            chunks: flow.chunks,
            anchors: flow.anchors,
            tables: flow.tables,
            starts,
            total,
            laid_out: Mutex::default(),
        }
    }

    /// The chunk a passage starts at (the top for one the flow does not show).
    pub fn chunk_of(&self, anchor: Anchor) -> usize {
        self.anchors
            .iter()
            .find(|(a, _)| *a == anchor)
            .map_or(0, |(_, chunk)| *chunk)
    }

    /// The chunks a passage occupies: from its anchor to the next passage's.
    pub fn chunks_of(&self, anchor: Anchor) -> Range<usize> {
        let Some(position) = self.anchors.iter().position(|(a, _)| *a == anchor) else {
            return 0..0;
        };
        let start = self.anchors[position].1;
        let end = self.anchors[position + 1..]
            .iter()
            .map(|(_, chunk)| *chunk)
            .find(|chunk| *chunk > start)
            .unwrap_or(self.chunks.len());
        start..end
    }

    /// Bytes before `chunk`, and in all.
    pub fn progress_bytes(&self, chunk: usize, offset: usize) -> (usize, usize) {
        let before = self.starts.get(chunk).copied().unwrap_or(self.total);
        ((before + offset).min(self.total), self.total)
    }

    /// How many chunks are laid out at the width used last: only those that have come
    /// into view, however long the node.
    pub fn laid_out(&self) -> usize {
        lock(&self.laid_out)
            .last()
            .map_or(0, |laid| laid.rows.len())
    }

    /// The lines of `chunk` at `width`, laid out once per width (while the width is one
    /// of the last few used). Laid out outside the lock, so readers sharing the flow wait
    /// on each other only to look up and to keep.
    pub fn rows(&self, chunk: usize, width: usize) -> Arc<[RowSpan]> {
        let width = width.max(1);
        if let Some(rows) = at_width(&mut lock(&self.laid_out), width).rows.get(&chunk) {
            return Arc::clone(rows);
        }
        let rows: Arc<[RowSpan]> = match &self.chunks[chunk] {
            Chunk::Blank => Arc::from([RowSpan::Blank]),
            Chunk::Text(text) => wrap_chunk(text, width).into(),
            Chunk::TableRow { table, row, .. } => {
                let widths = self.column_widths(*table, width);
                let table = &self.tables[*table];
                let cells = match row {
                    Some(r) => &table.rows[*r],
                    None => &table.columns,
                };
                table_row_lines(cells, &widths)
                    .into_iter()
                    .map(RowSpan::Table)
                    .collect::<Vec<_>>()
                    .into()
            }
        };
        let mut laid_out = lock(&self.laid_out);
        let kept = at_width(&mut laid_out, width).rows.entry(chunk);
        Arc::clone(kept.or_insert(rows))
    }

    fn column_widths(&self, table: usize, width: usize) -> Arc<[usize]> {
        if let Some(widths) = at_width(&mut lock(&self.laid_out), width)
            .columns
            .get(&table)
        {
            return Arc::clone(widths);
        }
        let widths: Arc<[usize]> = column_widths(&self.tables[table], width).into();
        let mut laid_out = lock(&self.laid_out);
        let kept = at_width(&mut laid_out, width).columns.entry(table);
        Arc::clone(kept.or_insert(widths))
    }

    /// About the bytes the flow holds, its lines at a width or two included.
    pub fn size(&self) -> usize {
        let text: usize = self.starts.len() * std::mem::size_of::<Chunk>() + self.total;
        text * 3
    }
}

/// What is laid out at `width`, now the width used last; the width used longest ago goes
/// when more than `WIDTHS` are kept.
fn at_width(laid_out: &mut Vec<LaidOut>, width: usize) -> &mut LaidOut {
    match laid_out.iter().position(|laid| laid.width == width) {
        Some(at) if at + 1 == laid_out.len() => {}
        Some(at) => {
            let laid = laid_out.remove(at);
            laid_out.push(laid);
        }
        None => {
            if laid_out.len() == WIDTHS {
                laid_out.remove(0);
            }
            laid_out.push(LaidOut {
                width,
                ..LaidOut::default()
            });
        }
    }
    laid_out.last_mut().expect("just pushed")
}

/// A lock on what a flow keeps. A reader that panicked while holding it left it whole
/// (lines are kept only once laid out), so its poison is ignored.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Lays a text chunk out in lines no wider than `width`, first fit, breaking words longer
/// than a line; each line is a byte range of the chunk's text.
fn wrap_chunk(chunk: &TextChunk, width: usize) -> Vec<RowSpan> {
    use textwrap::core::break_words;
    use textwrap::word_splitters::{WordSplitter, split_words};
    use textwrap::wrap_algorithms::wrap_first_fit;
    let first = width
        .saturating_sub(super::text::width(&chunk.first))
        .max(1);
    let rest = width.saturating_sub(super::text::width(&chunk.rest)).max(1);
    let words = textwrap::WordSeparator::AsciiSpace.find_words(&chunk.text);
    // Long ids may break after a `/`, before they must be broken anywhere.
    let splitter = WordSplitter::Custom(break_points);
    let words: Vec<_> = split_words(words, &splitter).collect();
    let words = break_words(words, first.min(rest));
    let lines = wrap_first_fit(&words, &[first as f64, rest as f64]);
    let base = chunk.text.as_ptr() as usize;
    let spans: Vec<RowSpan> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, line)| {
            let (head, tail) = (line.first()?, line.last()?);
            let start = head.word.as_ptr() as usize - base;
            let end = tail.word.as_ptr() as usize - base + tail.word.len();
            Some(RowSpan::Text {
                start,
                end,
                first: i == 0,
            })
        })
        .collect();
    if spans.is_empty() {
        vec![RowSpan::Text {
            start: 0,
            end: 0,
            first: true,
        }]
    } else {
        spans
    }
}

/// Where a word may be split: after a `/` with a letter or digit on each side, so an id
/// or a path breaks between its parts and never inside one (`crime-allocation` stays
/// whole); a word longer than a line is still broken where it must be.
fn break_points(word: &str) -> Vec<usize> {
    let bytes = word.as_bytes();
    (1..bytes.len().saturating_sub(1))
        .filter(|&i| {
            bytes[i] == b'/'
                && bytes[i - 1].is_ascii_alphanumeric()
                && bytes[i + 1].is_ascii_alphanumeric()
        })
        .map(|i| i + 1)
        .collect()
}

/// Two cells between columns.
const GAP: usize = 2;

/// Natural widths when they fit. Otherwise each column gets what its body cells and
/// longest word need (headers wrap first), spare room goes to the columns with the most
/// text, and only then is the widest column squeezed.
pub fn column_widths(table: &Table, width: usize) -> Vec<usize> {
    use super::text::width as cells;
    let columns = table.columns.len();
    if columns == 0 {
        return Vec::new();
    }
    let room = width.saturating_sub(GAP * (columns - 1)).max(columns);
    let column = |c: usize| {
        std::iter::once(&table.columns[c])
            .chain(table.rows.iter().filter_map(move |row| row.get(c)))
    };
    let longest_word = |cell: &String| cell.split_whitespace().map(cells).max().unwrap_or(0);
    let natural: Vec<usize> = (0..columns)
        .map(|c| column(c).map(|cell| cells(cell)).max().unwrap_or(0).max(1))
        .collect();
    if natural.iter().sum::<usize>() <= room {
        return natural;
    }
    let mut widths: Vec<usize> = (0..columns)
        .map(|c| {
            let body = table
                .rows
                .iter()
                .filter_map(|row| row.get(c))
                .map(|cell| cells(cell))
                .max()
                .unwrap_or(0);
            let word = column(c).map(longest_word).max().unwrap_or(0);
            body.max(word).clamp(1, natural[c])
        })
        .collect();
    while widths.iter().sum::<usize>() < room {
        let Some(c) = (0..columns)
            .filter(|&c| widths[c] < natural[c])
            .max_by_key(|&c| natural[c] - widths[c])
        else {
            break;
        };
        widths[c] += 1;
    }
    while widths.iter().sum::<usize>() > room {
        let Some(c) = (0..columns)
            .filter(|&c| widths[c] > 1)
            .max_by_key(|&c| widths[c])
        else {
            break;
        };
        widths[c] -= 1;
    }
    widths
}

/// One table row as lines: each cell wrapped in its column.
fn table_row_lines(cells: &[String], widths: &[usize]) -> Vec<String> {
    let wrapped: Vec<Vec<String>> = widths
        .iter()
        .enumerate()
        .map(|(c, &w)| super::text::wrap(cells.get(c).map(String::as_str).unwrap_or(""), w))
        .collect();
    let height = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
    (0..height)
        .map(|line| {
            let mut text = String::new();
            for (c, &w) in widths.iter().enumerate() {
                let cell = wrapped[c].get(line).map(String::as_str).unwrap_or("");
                text.push_str(cell);
                if c + 1 < widths.len() {
                    text.push_str(&" ".repeat(w.saturating_sub(super::text::width(cell)) + GAP));
                }
            }
            text.trim_end().to_owned()
        })
        .collect()
}

struct Builder<'t> {
    theme: &'t Palette,
    chunks: Vec<Chunk>,
    anchors: Vec<(Anchor, usize)>,
    tables: Vec<Table>,
}

impl Builder<'_> {
    fn anchor(&mut self, anchor: Option<Anchor>) {
        if let Some(anchor) = anchor {
            self.anchors.push((anchor, self.chunks.len()));
        }
    }

    fn blank(&mut self) {
        if !matches!(self.chunks.last(), None | Some(Chunk::Blank)) {
            self.chunks.push(Chunk::Blank);
        }
    }

    /// A chunk of styled pieces.
    fn styled(&mut self, pieces: &[(&str, Style)], first: &str, rest: &str) {
        let mut text = String::new();
        let mut styles = Vec::new();
        for (piece, style) in pieces {
            let piece = self.theme.text(piece);
            let start = text.len();
            text.push_str(&piece);
            styles.push((start..text.len(), *style));
        }
        self.chunks.push(Chunk::Text(TextChunk {
            text,
            styles,
            first: first.to_owned(),
            rest: rest.to_owned(),
        }));
    }

    fn line(&mut self, text: &str, style: Style) {
        self.styled(&[(text, style)], "", "");
    }

    fn header(&mut self, document: &NodeDocument) {
        let theme = self.theme;
        if !document.breadcrumb.is_empty() {
            self.line(&document.breadcrumb.join(theme.separator()), theme.dim());
        }
        self.anchor(Some(Anchor::Title));
        self.line(&document.title, theme.heading());
        self.line(&document.kind_line(theme.dot()), theme.accent());
        self.blank();
    }

    fn standing_pieces(&self, standing: &StandingText) -> Vec<(String, Style)> {
        let theme = self.theme;
        let mut pieces = vec![(
            super::tree_pane::badge(theme, standing),
            theme.grade(standing.grade),
        )];
        if let Some(reason) = &standing.reason {
            pieces.push((format!(" ({reason})"), theme.dim()));
        }
        pieces
    }

    fn part(&mut self, part: &Part) {
        let theme = self.theme;
        match part {
            Part::Gap => self.blank(),
            Part::Field { label, value } => {
                self.styled(&[(&format!("{label}: {value}"), Style::new())], "", "  ")
            }
            Part::Standing { label, standing } => {
                let mut pieces = vec![(format!("{label}: "), Style::new())];
                pieces.extend(self.standing_pieces(standing));
                let pieces: Vec<(&str, Style)> =
                    pieces.iter().map(|(t, s)| (t.as_str(), *s)).collect();
                self.styled(&pieces, "", "  ");
            }
            Part::Heading { text } => self.line(text, theme.heading()),
            Part::Paragraph { text, anchor } => {
                self.anchor(Some(*anchor));
                self.line(text, Style::new());
            }
            Part::Bullet { text, lead, anchor } => {
                self.anchor(*anchor);
                let indent = " ".repeat(super::text::width(theme.bullet()));
                self.styled(
                    &[(lead, theme.accent()), (text, Style::new())],
                    theme.bullet(),
                    &indent,
                );
            }
            Part::Entry { text, standing } => {
                let indent = " ".repeat(super::text::width(theme.bullet()));
                let mut pieces = vec![(text.clone(), Style::new())];
                if let Some(standing) = standing {
                    pieces.push((": ".to_owned(), Style::new()));
                    pieces.extend(self.standing_pieces(standing));
                }
                let pieces: Vec<(&str, Style)> =
                    pieces.iter().map(|(t, s)| (t.as_str(), *s)).collect();
                self.styled(&pieces, theme.bullet(), &indent);
            }
            Part::Note { text, anchor } => {
                self.anchor(*anchor);
                self.line(text, theme.editorial());
            }
            Part::Aside { text } => self.line(text, theme.dim()),
            Part::Table { table, block } => self.table(table, *block),
            Part::Source { .. } => {
                let lines = part.text_lines();
                for (i, text) in lines.iter().enumerate() {
                    let style = match i {
                        0 => theme.accent(),
                        _ if text.contains(crate::document::PRESS_NOTE) => theme.editorial(),
                        _ => theme.dim(),
                    };
                    let trimmed = text.trim_start();
                    let indent = if i == 0 { "" } else { "  " };
                    self.styled(&[(trimmed, style)], indent, "  ");
                }
            }
        }
    }

    fn table(&mut self, table: &Table, block: usize) {
        let theme = self.theme;
        self.anchor(Some(Anchor::Block(block)));
        self.line(&table.caption, theme.heading());
        let index = self.tables.len();
        let shown = Table {
            caption: theme.text(&table.caption).into_owned(),
            columns: table
                .columns
                .iter()
                .map(|c| theme.text(c).into_owned())
                .collect(),
            rows: table
                .rows
                .iter()
                .map(|row| row.iter().map(|c| theme.text(c).into_owned()).collect())
                .collect(),
            notes: Vec::new(),
            chart: table.chart,
        };
        self.tables.push(shown);
        self.chunks.push(Chunk::TableRow {
            table: index,
            row: None,
            style: theme.heading(),
        });
        for row in 0..table.rows.len() {
            self.anchor(Some(Anchor::Item(block, row)));
            self.chunks.push(Chunk::TableRow {
                table: index,
                row: Some(row),
                style: Style::new(),
            });
        }
        for note in &table.notes {
            self.line(note, theme.dim());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, width: usize) -> Vec<String> {
        let chunk = TextChunk {
            text: text.into(),
            styles: Vec::new(),
            first: String::new(),
            rest: String::new(),
        };
        wrap_chunk(&chunk, width)
            .into_iter()
            .map(|row| match row {
                RowSpan::Text { start, end, .. } => text[start..end].to_owned(),
                RowSpan::Table(line) => line,
                RowSpan::Blank => String::new(),
            })
            .collect()
    }

    #[test]
    fn an_id_breaks_between_its_parts_never_at_a_hyphen() {
        let id = "2024/investigating-crime/cause-of-concern/crime-allocation";
        assert_eq!(
            lines(&format!("id {id}"), 30),
            [
                "id 2024/investigating-crime/",
                "cause-of-concern/",
                "crime-allocation"
            ]
        );
        assert_eq!(
            lines("anti-social behaviour", 12),
            ["anti-social", "behaviour"]
        );
    }
}
