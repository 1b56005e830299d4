//! Finds where a value sits in a YAML file, so checks made after parsing (duplicate ids,
//! dangling references, empty titles) can still report `file:line:col`. Only runs when a
//! file has a problem, so a clean load pays nothing for it.

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::Marker;

/// A path into a YAML document: `findings[3].recommendations[0].id`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YamlPath(Vec<Segment>);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
}

impl YamlPath {
    pub fn root() -> Self {
        YamlPath(Vec::new())
    }
    pub fn key(mut self, key: &str) -> Self {
        self.0.push(Segment::Key(key.to_owned()));
        self
    }
    pub fn index(mut self, index: usize) -> Self {
        self.0.push(Segment::Index(index));
        self
    }
}

/// The 1-based line and column of the value at `path`, or of the deepest part of the path
/// that exists. `None` only when the text does not parse at all.
pub fn locate(text: &str, path: &YamlPath) -> Option<(usize, usize)> {
    if path.0.is_empty() {
        return Some((1, 1));
    }
    let mut parser = Parser::new_from_str(text);
    let mut events = Vec::new();
    loop {
        match parser.next_token() {
            Ok((Event::StreamEnd, _)) => break,
            Ok((event, marker)) => events.push((event, marker)),
            Err(_) => return None,
        }
    }
    let start = events
        .iter()
        .position(|(event, _)| matches!(event, Event::DocumentStart))?
        + 1;
    let marker = descend(&events, start, &path.0)?;
    Some((marker.line(), marker.col() + 1))
}

fn descend(events: &[(Event, Marker)], at: usize, path: &[Segment]) -> Option<Marker> {
    let (event, marker) = events.get(at)?;
    let Some((segment, rest)) = path.split_first() else {
        return Some(*marker);
    };
    let mut cursor = at + 1;
    match (event, segment) {
        (Event::MappingStart(..), Segment::Key(wanted)) => {
            while !matches!(events.get(cursor)?.0, Event::MappingEnd) {
                let is_wanted =
                    matches!(&events[cursor].0, Event::Scalar(key, ..) if key == wanted);
                let value = skip(events, cursor)?;
                if is_wanted {
                    return descend(events, value, rest).or(Some(events[value].1));
                }
                cursor = skip(events, value)?;
            }
            Some(*marker)
        }
        (Event::SequenceStart(..), Segment::Index(wanted)) => {
            for _ in 0..*wanted {
                if matches!(events.get(cursor)?.0, Event::SequenceEnd) {
                    return Some(*marker);
                }
                cursor = skip(events, cursor)?;
            }
            if matches!(events.get(cursor)?.0, Event::SequenceEnd) {
                return Some(*marker);
            }
            descend(events, cursor, rest).or(Some(events[cursor].1))
        }
        _ => Some(*marker),
    }
}

/// Where `key` appears a second time in one mapping: serde reports a duplicate field at
/// the mapping's start, a reader wants the line of the duplicate itself.
pub fn duplicate_key(text: &str, key: &str) -> Option<(usize, usize)> {
    /// An open collection: a mapping with the keys seen so far and whether its next
    /// scalar is a key, or a sequence.
    enum Open {
        Mapping { seen: Vec<String>, at_key: bool },
        Sequence,
    }
    /// A value of the innermost mapping is complete: its next scalar is a key again.
    fn value_done(stack: &mut [Open]) {
        if let Some(Open::Mapping { at_key, .. }) = stack.last_mut() {
            *at_key = true;
        }
    }
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Open> = Vec::new();
    loop {
        let (event, marker) = parser.next_token().ok()?;
        match event {
            Event::StreamEnd => return None,
            Event::MappingStart(..) => stack.push(Open::Mapping {
                seen: Vec::new(),
                at_key: true,
            }),
            Event::SequenceStart(..) => stack.push(Open::Sequence),
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                value_done(&mut stack);
            }
            Event::Scalar(name, ..) => match stack.last_mut() {
                Some(Open::Mapping { seen, at_key }) if *at_key => {
                    if name == key && seen.contains(&name) {
                        return Some((marker.line(), marker.col() + 1));
                    }
                    seen.push(name);
                    *at_key = false;
                }
                _ => value_done(&mut stack),
            },
            Event::Alias(_) => value_done(&mut stack),
            _ => {}
        }
    }
}

/// The index just past the node that starts at `at`.
fn skip(events: &[(Event, Marker)], at: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut cursor = at;
    loop {
        match events.get(cursor)?.0 {
            Event::MappingStart(..) | Event::SequenceStart(..) => depth += 1,
            Event::MappingEnd | Event::SequenceEnd => depth = depth.checked_sub(1)?,
            _ => {}
        }
        cursor += 1;
        if depth == 0 {
            return Some(cursor);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "id: a\nfindings:\n  - id: one\n    title: First\n  - id: two\n    title: ''\n";

    #[test]
    fn locates_a_nested_value() {
        let path = YamlPath::root().key("findings").index(1).key("title");
        assert_eq!(locate(TEXT, &path), Some((6, 12)));
    }

    #[test]
    fn locates_a_top_level_key_value() {
        assert_eq!(locate(TEXT, &YamlPath::root().key("id")), Some((1, 5)));
    }

    #[test]
    fn finds_the_second_of_a_duplicate_key() {
        let text = "id: a\ntitle: One\nfindings:\n  - id: x\n    title: T\ntitle: Two\n";
        assert_eq!(duplicate_key(text, "title"), Some((6, 1)));
        let nested = "findings:\n  - id: x\n    id: y\n";
        assert_eq!(duplicate_key(nested, "id"), Some((3, 5)));
        assert_eq!(duplicate_key("id: a\n", "id"), None);
    }

    #[test]
    fn falls_back_to_the_deepest_existing_part() {
        let path = YamlPath::root().key("findings").index(9).key("id");
        assert_eq!(locate(TEXT, &path), Some((3, 3)));
    }
}
