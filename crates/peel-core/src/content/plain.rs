//! A reader for the plain shapes content files nearly always take, tried before
//! serde_yaml: block mappings and sequences, plain scalars folded over lines, quoted
//! scalars and one-line lists of words and numbers. It gives a document only where it is
//! sure to give what serde_yaml would; for anything else (a comment, a tab, a blank line,
//! a flow mapping, a block scalar, an escape, a plain scalar that could read as a number,
//! a null or a boolean where any type is taken, any error at all) it gives `None`, and the
//! file is read by serde_yaml, which also says what is wrong and where. libyaml's
//! scanner was two fifths of a cold start's CPU; this reads the same files several times
//! faster. The tests (plain/tests.rs) check that both readers agree on every file of the
//! built-in content and of a synthetic corpus, and on generated hostile documents.
//!
//! Past 500 lines: the reader, the serde Deserializer over it and the refusals that send a
//! file to serde_yaml, which are only sound read together.

use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

/// `text` read as a `T`, when the plain reader is sure of it.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    if memchr::memchr3(b'\t', b'\r', b'#', text.as_bytes()).is_some()
        || breaks_or_refuses(text)
        || controls(text)
    {
        return None;
    }
    let lines = lines(text)?;
    let mut reader = Reader {
        lines: &lines,
        at: 0,
    };
    let first = lines.first()?;
    if first.indent != 0 || first.text.starts_with("- ") {
        return None;
    }
    let node = reader.map(0, first.text)?;
    if reader.at != lines.len() {
        return None;
    }
    T::deserialize(&node).ok()
}

/// Whether `text` holds a character libyaml takes for a line break (U+2028, U+2029) or
/// refuses (U+FEFF inside the text, U+FFFE, U+FFFF) where the guard lets it through.
fn breaks_or_refuses(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(0xe2, 0xef, bytes).any(|i| {
        matches!(
            bytes.get(i..i + 3),
            Some([0xe2, 0x80, 0xa8 | 0xa9] | [0xef, 0xbb, 0xbf] | [0xef, 0xbf, 0xbe | 0xbf])
        )
    })
}

/// Whether `text` holds a control character other than a line feed: libyaml takes U+0085
/// for a line break and refuses the others (the loader's guard refuses them all before
/// this is reached, but this reader must not read what serde_yaml would not). One pass
/// over the bytes flags what may be one (a C1 control is written C2 80–C2 9F).
fn controls(text: &str) -> bool {
    let bytes = text.as_bytes();
    let maybe = bytes.iter().fold(false, |any, &b| {
        any | (b < b' ' && b != b'\n') | (b == 0x7f) | (b == 0xc2)
    });
    maybe && text.chars().any(|c| c.is_control() && c != '\n')
}

/// One line: its indentation and what follows it (never empty, no trailing space).
struct Line<'a> {
    indent: usize,
    text: &'a str,
}

fn lines(text: &str) -> Option<Vec<Line<'_>>> {
    let body = text.strip_suffix('\n').unwrap_or(text);
    body.split('\n')
        .map(|raw| {
            let text = raw.trim_start_matches(' ');
            if text.is_empty() || text.ends_with(' ') {
                return None;
            }
            Some(Line {
                indent: raw.len() - text.len(),
                text,
            })
        })
        .collect()
}

/// A document as read: what serde_yaml's events would say of it.
enum Node<'a> {
    Map(Vec<(&'a str, Node<'a>)>),
    Seq(Vec<Node<'a>>),
    /// A plain scalar, which serde_yaml may read as a number, null or boolean.
    Plain(Cow<'a, str>),
    /// A quoted scalar: always a string.
    Quoted(Cow<'a, str>),
}

struct Reader<'l, 'a> {
    lines: &'l [Line<'a>],
    at: usize,
}

impl<'a> Reader<'_, 'a> {
    /// A block mapping whose keys start at column `col`; its first key is on the current
    /// line, in `text`.
    fn map(&mut self, col: usize, mut text: &'a str) -> Option<Node<'a>> {
        let mut entries: Vec<(&'a str, Node<'a>)> = Vec::new();
        loop {
            let (key, value) = split_key(text)?;
            if entries.iter().any(|(k, _)| *k == key) {
                return None;
            }
            let node = if value.is_empty() {
                self.at += 1;
                let next = self.lines.get(self.at)?;
                if next.indent > col {
                    self.block(next.indent)?
                } else if next.indent == col && next.text.starts_with("- ") {
                    self.seq(col)?
                } else {
                    return None;
                }
            } else {
                let value = value.strip_prefix(' ')?;
                if value.starts_with(' ') {
                    return None;
                }
                self.scalar(value, col)?
            };
            entries.push((key, node));
            match self.lines.get(self.at) {
                Some(line) if line.indent == col && !line.text.starts_with("- ") => {
                    text = line.text
                }
                Some(line) if line.indent >= col => return None,
                _ => break,
            }
        }
        Some(Node::Map(entries))
    }

    /// A block node starting on the current line at column `col`.
    fn block(&mut self, col: usize) -> Option<Node<'a>> {
        let line = self.lines.get(self.at)?;
        if line.text.starts_with("- ") {
            self.seq(col)
        } else {
            self.map(col, line.text)
        }
    }

    /// A block sequence whose dashes are at column `col`.
    fn seq(&mut self, col: usize) -> Option<Node<'a>> {
        let mut items = Vec::new();
        while let Some(line) = self.lines.get(self.at)
            && line.indent == col
            && let Some(rest) = line.text.strip_prefix("- ")
        {
            if rest.starts_with([' ', '-']) {
                return None;
            }
            let item = if split_key(rest).is_some() {
                self.map(col + 2, rest)?
            } else {
                self.scalar(rest, col)?
            };
            items.push(item);
        }
        match self.lines.get(self.at) {
            Some(line) if line.indent > col => None,
            _ => Some(Node::Seq(items)),
        }
    }

    /// A scalar starting with `first` on the current line, inside a collection at column
    /// `owner`: lines indented further continue it.
    fn scalar(&mut self, first: &'a str, owner: usize) -> Option<Node<'a>> {
        self.at += 1;
        let node = match first.as_bytes()[0] {
            b'\'' => Node::Quoted(self.single_quoted(&first[1..], owner)?),
            b'"' => {
                let inner = first[1..].strip_suffix('"')?;
                if inner.contains(['"', '\\']) {
                    return None;
                }
                Node::Quoted(Cow::Borrowed(inner))
            }
            b'[' => flow_words(first)?,
            b if is_indicator(b) => return None,
            _ => {
                plain_line(first)?;
                let mut value = Cow::Borrowed(first);
                while let Some(line) = self.lines.get(self.at)
                    && line.indent > owner
                {
                    // Past its first character a plain scalar's indicators are text
                    // (`'A New Met' plan` folded from the line before); a `-` is left to
                    // serde_yaml all the same.
                    if line.text.starts_with('-') {
                        return None;
                    }
                    plain_line(line.text)?;
                    let value = value.to_mut();
                    value.push(' ');
                    value.push_str(line.text);
                    self.at += 1;
                }
                Node::Plain(value)
            }
        };
        match self.lines.get(self.at) {
            Some(line) if line.indent > owner => None,
            _ => Some(node),
        }
    }

    /// The rest of a single-quoted scalar whose text starts with `rest`, folded over the
    /// lines it takes: `''` is a quote, a line break one space.
    fn single_quoted(&mut self, mut rest: &'a str, owner: usize) -> Option<Cow<'a, str>> {
        let mut value: Cow<'a, str> = Cow::Borrowed("");
        let mut first = true;
        loop {
            let (text, closed) = single_quoted_line(rest)?;
            if text.is_empty() && !(first && closed) {
                return None;
            }
            if first {
                value = text;
            } else {
                let value = value.to_mut();
                value.push(' ');
                value.push_str(&text);
            }
            if closed {
                return Some(value);
            }
            first = false;
            let line = self.lines.get(self.at)?;
            if line.indent <= owner {
                return None;
            }
            rest = line.text;
            self.at += 1;
        }
    }
}

/// One line of a single-quoted scalar: its text, and whether the quote closed at the
/// line's end (a quote closing before the end, with more after it, is not read here).
fn single_quoted_line(line: &str) -> Option<(Cow<'_, str>, bool)> {
    let Some(quote) = line.find('\'') else {
        return Some((Cow::Borrowed(line), false));
    };
    if !line[quote..].starts_with("''") {
        return (quote + 1 == line.len()).then_some((Cow::Borrowed(&line[..quote]), true));
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    loop {
        let Some(quote) = rest.find('\'') else {
            out.push_str(rest);
            return Some((Cow::Owned(out), false));
        };
        out.push_str(&rest[..quote]);
        if rest[quote..].starts_with("''") {
            out.push('\'');
            rest = &rest[quote + 2..];
        } else {
            return (quote + 1 == rest.len()).then_some((Cow::Owned(out), true));
        }
    }
}

/// `key: value` or `key:`, with a key of letters, digits, `_` and `-`.
fn split_key(text: &str) -> Option<(&str, &str)> {
    let colon = text.find(':')?;
    let key = &text[..colon];
    let first = *key.as_bytes().first()?;
    if !(first.is_ascii_alphabetic() || first == b'_')
        || !key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return None;
    }
    let value = &text[colon + 1..];
    (value.is_empty() || value.starts_with(' ')).then_some((key, value))
}

/// A line of a plain scalar that the scalar surely goes on past: no `: ` that would make a
/// key of it, no `:` at its end.
fn plain_line(text: &str) -> Option<()> {
    (!text.contains(": ") && !text.ends_with(':')).then_some(())
}

/// What may not begin a plain scalar here (some may, followed by a letter; not read here).
fn is_indicator(b: u8) -> bool {
    matches!(
        b,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    )
}

/// `[528, 646]`, `['2017', '', 3.1%, 2 & 3 – Caution]`: a one-line list of plain or
/// single-quoted scalars with no comma, quote, colon or bracket in them, nothing else.
fn flow_words(text: &str) -> Option<Node<'_>> {
    let inner = text.strip_prefix('[')?.strip_suffix(']')?;
    if inner.is_empty() {
        return Some(Node::Seq(Vec::new()));
    }
    inner
        .split(',')
        .map(|item| {
            let item = item.trim_start_matches(' ');
            if let Some(quoted) = item.strip_prefix('\'').and_then(|i| i.strip_suffix('\'')) {
                return (!quoted.contains('\'')).then_some(Node::Quoted(Cow::Borrowed(quoted)));
            }
            let word = !item.is_empty()
                && !item.ends_with(' ')
                && !is_indicator(item.as_bytes()[0])
                && !item.contains([':', '\'', '"', '[', ']', '{', '}']);
            word.then_some(Node::Plain(Cow::Borrowed(item)))
        })
        .collect::<Option<_>>()
        .map(Node::Seq)
}

/// Not sure: the file is left to serde_yaml.
#[derive(Debug)]
struct Unsure;

impl fmt::Display for Unsure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("left to serde_yaml")
    }
}

impl std::error::Error for Unsure {}

impl de::Error for Unsure {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Unsure
    }
}

/// A plain scalar serde_yaml reads as a string whatever type is asked for: it has a space
/// (no number, null or boolean has one) or begins with a letter and is no null or boolean.
fn surely_string(text: &str) -> bool {
    let Some(&first) = text.as_bytes().first() else {
        return false;
    };
    let word = matches!(
        text,
        "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
    );
    !word && (text.contains(' ') || first.is_ascii_alphabetic())
}

/// Decimal digits with no sign and no leading zero, as serde_yaml reads an integer.
fn decimal(text: &str) -> Option<u64> {
    let digits = !text.is_empty()
        && text.len() <= 19
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    digits.then(|| text.parse().ok()).flatten()
}

/// `12`, `-3`, `4.25`: a number serde_yaml reads as this float.
fn float(text: &str) -> Option<f64> {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
    let digits = |s: &str| !s.is_empty() && s.len() <= 15 && s.bytes().all(|b| b.is_ascii_digit());
    (digits(whole) && digits(fraction))
        .then(|| text.parse().ok())
        .flatten()
}

struct Entries<'n, 'a> {
    entries: std::slice::Iter<'n, (&'a str, Node<'a>)>,
    value: Option<&'n Node<'a>>,
}

impl<'de> MapAccess<'de> for Entries<'_, '_> {
    type Error = Unsure;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Unsure> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(&Node::Plain(Cow::Borrowed(key))).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Unsure> {
        seed.deserialize(self.value.take().ok_or(Unsure)?)
    }
}

struct Items<'n, 'a> {
    items: std::slice::Iter<'n, Node<'a>>,
}

impl<'de> SeqAccess<'de> for Items<'_, '_> {
    type Error = Unsure;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Unsure> {
        self.items
            .next()
            .map(|item| seed.deserialize(item))
            .transpose()
    }
}

/// A unit variant named by a scalar, as serde_yaml reads an untagged scalar enum.
struct Variant<'n>(&'n str);

impl<'de> de::EnumAccess<'de> for Variant<'_> {
    type Error = Unsure;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), Unsure> {
        let name = de::value::StrDeserializer::<Unsure>::new(self.0);
        Ok((seed.deserialize(name)?, self))
    }
}

impl<'de> de::VariantAccess<'de> for Variant<'_> {
    type Error = Unsure;

    fn unit_variant(self) -> Result<(), Unsure> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _: T) -> Result<T::Value, Unsure> {
        Err(Unsure)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, Unsure> {
        Err(Unsure)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Unsure> {
        Err(Unsure)
    }
}

impl<'a> Node<'a> {
    fn text(&self) -> Result<&str, Unsure> {
        match self {
            Node::Plain(text) | Node::Quoted(text) => Ok(text),
            _ => Err(Unsure),
        }
    }

    fn plain(&self) -> Result<&str, Unsure> {
        match self {
            Node::Plain(text) => Ok(text),
            _ => Err(Unsure),
        }
    }

    fn visit_map<'de, V: Visitor<'de>>(&self, visitor: V) -> Result<V::Value, Unsure> {
        let Node::Map(entries) = self else {
            return Err(Unsure);
        };
        let mut access = Entries {
            entries: entries.iter(),
            value: None,
        };
        let value = visitor.visit_map(&mut access)?;
        // serde_yaml refuses what a visitor left unread.
        match (access.entries.next(), access.value) {
            (None, None) => Ok(value),
            _ => Err(Unsure),
        }
    }

    fn visit_seq<'de, V: Visitor<'de>>(&self, visitor: V) -> Result<V::Value, Unsure> {
        let Node::Seq(items) = self else {
            return Err(Unsure);
        };
        let mut access = Items {
            items: items.iter(),
        };
        let value = visitor.visit_seq(&mut access)?;
        match access.items.next() {
            None => Ok(value),
            Some(_) => Err(Unsure),
        }
    }
}

impl<'de> de::Deserializer<'de> for &Node<'_> {
    type Error = Unsure;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unsure> {
        match self {
            Node::Map(_) => self.visit_map(visitor),
            Node::Seq(_) => self.visit_seq(visitor),
            Node::Quoted(text) => visitor.visit_str(text),
            Node::Plain(text) if surely_string(text) => visitor.visit_str(text),
            Node::Plain(_) => Err(Unsure),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unsure> {
        match self.plain()? {
            "true" | "True" | "TRUE" => visitor.visit_bool(true),
            "false" | "False" | "FALSE" => visitor.visit_bool(false),
            _ => Err(Unsure),
        }
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unsure> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unsure> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unsure> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unsure> {
        let value = decimal(self.plain()?).ok_or(Unsure)?;
        visitor.visit_i64(i64::try_from(value).map_err(|_| Unsure)?)
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unsure> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unsure> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unsure> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unsure> {
        visitor.visit_u64(decimal(self.plain()?).ok_or(Unsure)?)
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unsure> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unsure> {
        visitor.visit_f64(float(self.plain()?).ok_or(Unsure)?)
    }

    fn deserialize_char<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Unsure> {
        Err(Unsure)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unsure> {
        visitor.visit_str(self.text()?)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unsure> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Unsure> {
        Err(Unsure)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Unsure> {
        Err(Unsure)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unsure> {
        match self {
            Node::Plain(text) if matches!(&**text, "null" | "Null" | "NULL" | "~") => {
                visitor.visit_none()
            }
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Unsure> {
        Err(Unsure)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: V,
    ) -> Result<V::Value, Unsure> {
        Err(Unsure)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Unsure> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unsure> {
        self.visit_seq(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Unsure> {
        self.visit_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, Unsure> {
        self.visit_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unsure> {
        self.visit_map(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Unsure> {
        self.visit_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Unsure> {
        let name = self.text()?;
        if name.is_empty() {
            return Err(Unsure);
        }
        visitor.visit_enum(Variant(name))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unsure> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Unsure> {
        Err(Unsure)
    }
}

#[cfg(test)]
mod tests;
