//! The input's bytes as text: UTF-8, or Windows-1252 (what "Latin-1" text saved on Windows
//! is) where every byte has a meaning in it, said in a warning. UTF-16 is named, not
//! guessed at: its byte-order mark says what it is.

use super::Refusal;

/// The text, and a note for the reader when it was not UTF-8.
pub fn decode(bytes: &[u8]) -> Result<(String, Option<String>), Refusal> {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(Refusal(
            "the file is UTF-16 text (it begins with a UTF-16 byte-order mark); save it as UTF-8 and import that"
                .into(),
        ));
    }
    let error = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok((text.to_owned(), None)),
        Err(error) => error,
    };
    let first = error.valid_up_to() + 1;
    match windows_1252(bytes) {
        Some(text) => Ok((
            text,
            Some(format!(
                "the file is not UTF-8 (byte {first} is not); it was read as Windows-1252 text, and the shipped copy is UTF-8: check its accented letters, quotes and dashes"
            )),
        )),
        None => Err(Refusal(format!(
            "the file is not UTF-8 text (byte {first} cannot be read), nor Windows-1252: expected a report's text or its saved web page, not binary data"
        ))),
    }
}

/// The characters of bytes 0x80–0x9F in Windows-1252; `None` where it leaves one undefined.
const HIGH: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// The bytes as Windows-1252, if every one is defined in it and none is a NUL (binary).
fn windows_1252(bytes: &[u8]) -> Option<String> {
    bytes
        .iter()
        .map(|&b| match b {
            0 => None,
            0x80..=0x9f => HIGH[usize::from(b - 0x80)],
            _ => Some(char::from(b)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_is_read_with_a_note_and_binary_and_utf16_are_refused() {
        let (text, note) = decode(b"Caf\xe9 \x93quoted\x94 \x96 dash").unwrap();
        assert_eq!(text, "Café “quoted” – dash");
        assert!(note.unwrap().contains("byte 4 is not"));
        assert_eq!(decode(b"plain").unwrap(), ("plain".into(), None));
        assert!(decode(b"\x81undefined").is_err());
        assert!(decode(b"\xe9\x00").is_err());
        let utf16 = decode(b"\xff\xfe#\x00 \x00").unwrap_err();
        assert!(utf16.0.contains("UTF-16"), "{utf16}");
    }
}
