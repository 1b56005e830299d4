//! Copying to the reader's own clipboard, even over SSH: the OSC 52 sequence asks the
//! terminal on the reader's desk to set its clipboard. Inside tmux the sequence is wrapped
//! for passthrough, so it reaches the outer terminal.

use crossterm::Command;
use crossterm::clipboard::CopyToClipboard;

/// The most text a copy may send, counted as base64: many terminals silently drop longer
/// OSC 52 sequences (hterm and tmux's defaults are around 100 kB), so peel refuses instead.
pub const LIMIT_ENCODED_BYTES: usize = 100_000;

/// Ok when `text` can be sent; else the encoded size it would have.
pub fn check(text: &str) -> Result<(), usize> {
    let encoded = text.len().div_ceil(3) * 4;
    if encoded > LIMIT_ENCODED_BYTES {
        Err(encoded)
    } else {
        Ok(())
    }
}

/// The sequence that copies `text`, wrapped for tmux when `in_tmux`.
pub fn sequence(text: &str, in_tmux: bool) -> String {
    let mut sequence = String::with_capacity(text.len() / 3 * 4 + 16);
    // Writing into a String cannot fail.
    let _ = CopyToClipboard::to_clipboard_from(text).write_ansi(&mut sequence);
    if in_tmux {
        // tmux passes a DCS "tmux;" payload to the outer terminal, with each ESC doubled.
        sequence = format!("\x1bPtmux;{}\x1b\\", sequence.replace('\x1b', "\x1b\x1b"));
    }
    sequence
}

/// Whether peel runs inside tmux (which sets TMUX in every pane).
pub fn in_tmux() -> bool {
    std::env::var_os("TMUX").is_some_and(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_terminals_get_the_bare_sequence() {
        assert_eq!(sequence("foo", false), "\x1b]52;c;Zm9v\x1b\\");
    }

    #[test]
    fn tmux_gets_it_wrapped_with_every_escape_doubled() {
        assert_eq!(
            sequence("foo", true),
            "\x1bPtmux;\x1b\x1b]52;c;Zm9v\x1b\x1b\\\x1b\\"
        );
    }

    #[test]
    fn text_over_the_limit_is_refused_with_its_size() {
        let long = "x".repeat(LIMIT_ENCODED_BYTES);
        assert_eq!(check(&long), Err(133_336));
        assert_eq!(check(&"x".repeat(LIMIT_ENCODED_BYTES / 4 * 3)), Ok(()));
    }
}
