//! What the reader's terminal sends, as peel's own small types: keys, pastes, mouse clicks
//! and wheel turns. Bytes are decoded by termina's parser (the helix project's), so the
//! local terminal and an SSH channel go through the same, maintained decoder.

/// A key the reader pressed. Shift is folded into the character (`G`, not shift-`g`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyCode {
    Char(char),
    Enter,
    Esc,
    Backspace,
    Tab,
    BackTab,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    Delete,
    /// A function key, F1 to F12.
    F(u8),
}

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }

    pub const fn char(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
            alt: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MouseKind {
    /// The left button went down.
    Press,
    WheelUp,
    WheelDown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mouse {
    pub kind: MouseKind,
    pub column: u16,
    pub row: u16,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Key(Key),
    /// A bracketed paste: text for the field with focus, never commands.
    Paste(String),
    Mouse(Mouse),
}

/// A paste longer than this is cut here: nothing peel searches for is longer, and a
/// runaway paste must not hold the reader up.
pub const MAX_PASTE_BYTES: usize = 64 * 1024;

/// Bytes in, inputs out; incomplete sequences wait for the next bytes.
#[derive(Debug, Default)]
pub struct Decoder {
    parser: termina::Parser,
    /// Bytes fed since the last complete event: an unterminated paste is dropped once it
    /// passes `MAX_BUFFERED` rather than grow without bound.
    unfinished: usize,
    /// Dropping the rest of an abandoned paste up to its end marker, so none of its text is
    /// ever taken for keys; the last bytes seen, in case the marker spans two reads.
    discarding: Option<Vec<u8>>,
}

const PASTE_END: &[u8] = b"\x1b[201~";

/// An unfinished sequence (a paste whose end never comes) is abandoned past this size.
const MAX_BUFFERED: usize = 1024 * 1024;

impl Decoder {
    /// Decodes `bytes`; `maybe_more` says the source may have more bytes of the same
    /// sequence ready (the read filled its buffer), so a lone ESC is not yet the Esc key.
    pub fn feed(&mut self, bytes: &[u8], maybe_more: bool) -> Vec<Input> {
        let bytes = match self.discarding.take() {
            None => bytes,
            Some(mut tail) => {
                tail.extend_from_slice(bytes);
                match tail.windows(PASTE_END.len()).position(|w| w == PASTE_END) {
                    Some(end) => {
                        let consumed = end + PASTE_END.len() - (tail.len() - bytes.len());
                        &bytes[consumed.min(bytes.len())..]
                    }
                    None => {
                        let keep = tail.len().saturating_sub(PASTE_END.len() - 1);
                        self.discarding = Some(tail.split_off(keep));
                        return Vec::new();
                    }
                }
            }
        };
        self.parser.parse(bytes, maybe_more);
        let mut inputs = Vec::new();
        let mut any = false;
        while let Some(event) = self.parser.pop() {
            any = true;
            inputs.extend(convert(event));
        }
        if any {
            self.unfinished = 0;
        } else {
            self.unfinished += bytes.len();
            if self.unfinished > MAX_BUFFERED {
                self.parser = termina::Parser::default();
                self.unfinished = 0;
                self.discarding = Some(Vec::new());
            }
        }
        inputs
    }
}

fn convert(event: termina::Event) -> Option<Input> {
    use termina::event::{KeyCode as T, KeyEventKind, Modifiers, MouseButton, MouseEventKind};
    match event {
        termina::Event::Key(key) if key.kind != KeyEventKind::Release => {
            let code = match key.code {
                T::Char(c) => KeyCode::Char(c),
                T::Enter => KeyCode::Enter,
                T::Escape => KeyCode::Esc,
                T::Backspace => KeyCode::Backspace,
                T::Tab => KeyCode::Tab,
                T::BackTab => KeyCode::BackTab,
                T::Up => KeyCode::Up,
                T::Down => KeyCode::Down,
                T::Left => KeyCode::Left,
                T::Right => KeyCode::Right,
                T::Home => KeyCode::Home,
                T::End => KeyCode::End,
                T::PageUp => KeyCode::PageUp,
                T::PageDown => KeyCode::PageDown,
                T::Delete => KeyCode::Delete,
                T::Function(n) => KeyCode::F(n),
                _ => return None,
            };
            Some(Input::Key(Key {
                code,
                ctrl: key.modifiers.contains(Modifiers::CONTROL),
                alt: key.modifiers.contains(Modifiers::ALT),
            }))
        }
        termina::Event::Paste(mut text) => {
            if text.len() > MAX_PASTE_BYTES {
                let mut cut = MAX_PASTE_BYTES;
                while !text.is_char_boundary(cut) {
                    cut -= 1;
                }
                text.truncate(cut);
            }
            Some(Input::Paste(text))
        }
        termina::Event::Mouse(mouse) => {
            let kind = match mouse.kind {
                MouseEventKind::Down(MouseButton::Left) => MouseKind::Press,
                MouseEventKind::ScrollUp => MouseKind::WheelUp,
                MouseEventKind::ScrollDown => MouseKind::WheelDown,
                _ => return None,
            };
            Some(Input::Mouse(Mouse {
                kind,
                column: mouse.column,
                row: mouse.row,
            }))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> Vec<Input> {
        Decoder::default().feed(bytes, false)
    }

    #[test]
    fn keys_arrows_and_control_keys() {
        assert_eq!(
            decode(b"jG\x1b[A\x03\r"),
            vec![
                Input::Key(Key::char('j')),
                Input::Key(Key::char('G')),
                Input::Key(Key::plain(KeyCode::Up)),
                Input::Key(Key::ctrl('c')),
                Input::Key(Key::plain(KeyCode::Enter)),
            ]
        );
        assert_eq!(decode(b"\x1b"), vec![Input::Key(Key::plain(KeyCode::Esc))]);
    }

    #[test]
    fn a_bracketed_paste_is_one_input_of_text() {
        assert_eq!(
            decode(b"\x1b[200~jigsaw\nmmm y q\x1b[201~"),
            vec![Input::Paste("jigsaw\nmmm y q".into())]
        );
    }

    #[test]
    fn a_paste_split_across_reads_waits_for_its_end() {
        let mut decoder = Decoder::default();
        assert!(decoder.feed(b"\x1b[200~jig", true).is_empty());
        assert_eq!(
            decoder.feed(b"saw\x1b[201~", false),
            vec![Input::Paste("jigsaw".into())]
        );
    }

    #[test]
    fn sgr_mouse_clicks_and_wheel() {
        assert_eq!(
            decode(b"\x1b[<0;5;3M\x1b[<65;1;1M"),
            vec![
                Input::Mouse(Mouse {
                    kind: MouseKind::Press,
                    column: 4,
                    row: 2
                }),
                Input::Mouse(Mouse {
                    kind: MouseKind::WheelDown,
                    column: 0,
                    row: 0
                }),
            ]
        );
    }

    proptest::proptest! {
        /// What a remote client may send is anything, in pieces of any size: the decoder
        /// never panics, every paste it gives is within bounds, and nothing waits unbounded.
        #[test]
        fn any_bytes_in_any_pieces_decode_without_panicking(
            pieces in proptest::collection::vec(
                proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
                0..32,
            ),
            escapes in proptest::collection::vec(0usize..6, 0..8),
        ) {
            const STARTS: [&[u8]; 6] = [b"\x1b[", b"\x1b[200~", b"\x1b[201~", b"\x1b[<", b"\x1bO", b"\x1b"];
            let mut decoder = Decoder::default();
            for (i, piece) in pieces.iter().enumerate() {
                let mut bytes = piece.clone();
                if let Some(&start) = escapes.get(i) {
                    bytes.splice(0..0, STARTS[start].iter().copied());
                }
                for input in decoder.feed(&bytes, i % 2 == 0) {
                    if let Input::Paste(text) = input {
                        proptest::prop_assert!(text.len() <= MAX_PASTE_BYTES);
                    }
                }
            }
            proptest::prop_assert!(decoder.unfinished <= MAX_BUFFERED + 64 + 8);
        }
    }

    #[test]
    fn an_endless_paste_is_abandoned_not_buffered_forever() {
        let mut decoder = Decoder::default();
        decoder.feed(b"\x1b[200~", true);
        let chunk = vec![b'a'; 64 * 1024];
        for _ in 0..20 {
            assert!(decoder.feed(&chunk, true).is_empty());
        }
        assert!(decoder.unfinished <= MAX_BUFFERED);
        // The rest of it, its end marker split across two reads, is dropped too.
        assert!(decoder.feed(b"aaa q\x1b[20", true).is_empty());
        assert_eq!(
            decoder.feed(b"1~q", false),
            vec![Input::Key(Key::char('q'))]
        );
    }
}
