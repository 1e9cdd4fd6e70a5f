//! Problems with the file as text, before any rule: its encoding, and JSON syntax errors turned
//! into plain English at the line and column an editor shows.
//!
//! serde_json's own wording ("EOF while parsing a value at line 1 column 5") never reaches a
//! person: each kind of syntax error has its own sentence here, and anything unforeseen gets a
//! general one. Columns count characters (Unicode scalar values), not bytes, and lines end at
//! `\n`, `\r\n` or a lone `\r`, as in text editors.

use crate::domain::problem::{Location, ProblemCode};
use crate::domain::reader::DUPLICATE_TOP_LEVEL;

/// A text encoding other than UTF-8 that spreadsheet tools often save in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WideEncoding {
    Utf16Little,
    Utf16Big,
    Wide32Little,
    Wide32Big,
}

impl WideEncoding {
    fn name(self) -> &'static str {
        match self {
            WideEncoding::Utf16Little | WideEncoding::Utf16Big => "UTF-16",
            WideEncoding::Wide32Little | WideEncoding::Wide32Big => "UTF-32",
        }
    }

    /// The message for a file in this encoding.
    pub(crate) fn message(self) -> String {
        let name = self.name();
        let tool_hint = match self {
            WideEncoding::Utf16Little => {
                " (Excel calls UTF-16 \"Unicode Text\"; Notepad calls it \"Unicode\" or \"UTF-16 LE\".)"
            }
            WideEncoding::Utf16Big => " (Notepad calls this \"Unicode big endian\" or \"UTF-16 BE\".)",
            WideEncoding::Wide32Little | WideEncoding::Wide32Big => "",
        };
        format!(
            "This file is saved as {name}; save it as UTF-8 and try again. The explorer reads only UTF-8 text.{tool_hint}"
        )
    }
}

/// Recognises UTF-16 and UTF-32 (either byte order, with or without a byte-order mark). JSON
/// text starts with an ASCII character (`{`, `[` or blank space), so without a mark the
/// pattern of zero bytes around the first character gives the encoding away; UTF-8 JSON never
/// contains a zero byte.
pub(crate) fn wide_encoding(bytes: &[u8]) -> Option<WideEncoding> {
    let first4: [u8; 4] = {
        let mut four = [0xAAu8; 4];
        for (slot, byte) in four.iter_mut().zip(bytes) {
            *slot = *byte;
        }
        four
    };
    let has = |n: usize| bytes.len() >= n;
    match first4 {
        [0xFF, 0xFE, 0, 0] if has(4) => Some(WideEncoding::Wide32Little),
        [0, 0, 0xFE, 0xFF] if has(4) => Some(WideEncoding::Wide32Big),
        [0xFF, 0xFE, ..] if has(2) => Some(WideEncoding::Utf16Little),
        [0xFE, 0xFF, ..] if has(2) => Some(WideEncoding::Utf16Big),
        [a, 0, 0, 0] if a != 0 && has(4) => Some(WideEncoding::Wide32Little),
        [0, 0, 0, a] if a != 0 && has(4) => Some(WideEncoding::Wide32Big),
        // Two characters when there are two, so that one stray zero byte in a UTF-8 file is not
        // taken for UTF-16.
        [a, 0, b, 0] if a != 0 && b != 0 => Some(WideEncoding::Utf16Little),
        [0, a, 0, b] if a != 0 && b != 0 => Some(WideEncoding::Utf16Big),
        [a, 0, ..] if a != 0 && bytes.len() < 4 && has(2) => Some(WideEncoding::Utf16Little),
        [0, a, ..] if a != 0 && bytes.len() < 4 && has(2) => Some(WideEncoding::Utf16Big),
        _ => None,
    }
}

/// The line and column (from 1, in characters) of the character that starts at byte `offset`,
/// as an editor counts them. `bytes[..offset]` must be whole characters (an offset inside a
/// character is moved back to its start).
pub(crate) fn position_of_byte(bytes: &[u8], offset: usize) -> Location {
    let mut offset = offset.min(bytes.len());
    // A UTF-8 continuation byte belongs to the character it continues.
    while offset > 0 && bytes.get(offset).is_some_and(|b| (0x80..0xC0).contains(b)) {
        offset -= 1;
    }
    let (mut line, mut column) = (1usize, 1usize);
    let mut previous = 0u8;
    for &byte in bytes.iter().take(offset) {
        match byte {
            b'\r' => (line, column) = (line + 1, 1),
            b'\n' if previous == b'\r' => {}
            b'\n' => (line, column) = (line + 1, 1),
            0x80..=0xBF => {}
            _ => column += 1,
        }
        previous = byte;
    }
    Location::LineColumn { line, column }
}

/// Converts serde_json's position (line by `\n`, column in bytes, pointing at the last byte it
/// read) to the byte offset it means.
fn serde_offset(bytes: &[u8], line: usize, column: usize) -> usize {
    let mut line_start = 0usize;
    let mut lines_left = line.saturating_sub(1);
    if lines_left > 0 {
        for (i, &byte) in bytes.iter().enumerate() {
            if byte == b'\n' {
                lines_left -= 1;
                if lines_left == 0 {
                    line_start = i + 1;
                    break;
                }
            }
        }
    }
    line_start.saturating_add(column.saturating_sub(1)).min(bytes.len())
}

/// The problem code, location and message for a JSON error from reading `text`.
pub(crate) fn describe_json_error(text: &str, error: &serde_json::Error) -> (ProblemCode, Location, String) {
    let bytes = text.as_bytes();
    let location = position_of_byte(bytes, serde_offset(bytes, error.line(), error.column()));
    let full = error.to_string();
    // serde_json appends " at line L column C"; only the reason is matched, never shown.
    let reason = full.rsplit_once(" at line ").map_or(full.as_str(), |(reason, _)| reason);
    let (code, message) = if let Some(key) = reason.strip_prefix(DUPLICATE_TOP_LEVEL) {
        (
            ProblemCode::DuplicateField,
            format!(
                "The file gives the top-level field \"{key}\" more than once, so it is unclear which \
                 one is meant. Keep only one."
            ),
        )
    } else if reason.contains("recursion limit") {
        (
            ProblemCode::TooDeep,
            "The JSON is nested too deeply (lists or objects 128 levels inside one another). A \
             spending file needs only five or six levels; this one may be damaged."
                .to_owned(),
        )
    } else {
        (ProblemCode::NotJson, format!("This is not valid JSON: {}", syntax_message(reason, error)))
    };
    (code, location, message)
}

/// One plain sentence per kind of syntax error serde_json reports.
fn syntax_message(reason: &str, error: &serde_json::Error) -> &'static str {
    const EOF: &str = "the file ends too soon, so it may have been cut off (a closing bracket, brace or \
                       quotation mark is missing before the end).";
    const ESCAPE: &str = "a backslash (\\) in quoted text must start an escape such as \\n, \\\" or \
                          \\\\, and \\u must be followed by four hexadecimal digits; write a single \
                          backslash as \\\\.";
    const UNICODE: &str = "a \\u escape here does not name a valid character (half of a surrogate \
                           pair on its own?).";
    const TABLE: &[(&str, &str)] = &[
        (
            "EOF while parsing a list",
            "the file ends inside a list: a closing square bracket (]) is missing, or the file was cut off.",
        ),
        (
            "EOF while parsing an object",
            "the file ends inside an object: a closing brace (}) is missing, or the file was cut off.",
        ),
        (
            "EOF while parsing a string",
            "the file ends inside quoted text: a closing quotation mark (\") is missing, or the file was cut off.",
        ),
        ("EOF while parsing", EOF),
        (
            "expected `:`",
            "a colon (:) should follow this key; each key in an object is followed by a colon and its value.",
        ),
        (
            "expected `,` or `]`",
            "a comma or a closing square bracket (]) should be here: items in a list are separated by commas.",
        ),
        (
            "expected `,` or `}`",
            "a comma or a closing brace (}) should be here: fields in an object are separated by commas.",
        ),
        (
            "expected ident",
            "only true, false and null may be written without quotation marks; put text in double quotes (\").",
        ),
        (
            "expected value",
            "a value should start here: text in double quotes (\"), a number, true, false, null, a list or an object.",
        ),
        ("expected `\"`", "a key in double quotes (\") should be here."),
        ("invalid escape", ESCAPE),
        ("unexpected end of hex escape", ESCAPE),
        (
            "invalid number",
            "this number is not written the way JSON allows (no plus sign, no leading zeros, digits on both sides of a full stop).",
        ),
        ("number out of range", "this number cannot be read."),
        ("invalid unicode code point", UNICODE),
        ("lone leading surrogate", UNICODE),
        (
            "control character",
            "quoted text contains a control character, such as a line break or tab typed directly inside the quotes; write a line break as \\n and a tab as \\t, or remove it.",
        ),
        ("key must be a string", "keys in an object must be text in double quotes (\")."),
        ("trailing comma", "there is a comma after the last item of a list or object; remove it."),
        (
            "trailing characters",
            "there is more text after the end of the main object; a file holds exactly one object ({ … }), so remove what follows it.",
        ),
    ];
    if let Some((_, message)) = TABLE.iter().find(|(prefix, _)| reason.starts_with(prefix)) {
        return message;
    }
    if error.is_eof() {
        EOF
    } else {
        "the text here is not what JSON allows at this point; check the characters just before it."
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_encodings_are_recognised_with_or_without_a_mark() {
        let cases: [(&[u8], Option<WideEncoding>); 11] = [
            (b"{\0\"x", None),
            (b"{\0", Some(WideEncoding::Utf16Little)),
            (b"\xFF\xFE{\0", Some(WideEncoding::Utf16Little)),
            (b"\xFE\xFF\0{", Some(WideEncoding::Utf16Big)),
            (b"{\0\"\0", Some(WideEncoding::Utf16Little)),
            (b"\0{\0\"", Some(WideEncoding::Utf16Big)),
            (b"\xFF\xFE\0\0{\0\0\0", Some(WideEncoding::Wide32Little)),
            (b"\0\0\xFE\xFF\0\0\0{", Some(WideEncoding::Wide32Big)),
            (b"{\0\0\0", Some(WideEncoding::Wide32Little)),
            (b"\0\0\0{", Some(WideEncoding::Wide32Big)),
            (b"{\"a\":1}", None),
        ];
        for (bytes, expected) in cases {
            assert_eq!(wide_encoding(bytes), expected, "{bytes:?}");
        }
    }

    #[test]
    fn positions_count_characters_and_every_line_ending() {
        let check = |text: &str, offset: usize, line: usize, column: usize| {
            assert_eq!(position_of_byte(text.as_bytes(), offset), Location::LineColumn { line, column }, "{text:?}");
        };
        check("abc", 2, 1, 3);
        check("ô—x", "ô—".len(), 1, 3);
        check("ô—x", "ô—".len() - 1, 1, 2);
        check("a\r\nbc", 4, 2, 2);
        check("a\rbc", 3, 2, 2);
        check("a\nbc", 3, 2, 2);
        check("{\n", 2, 2, 1);
    }
}
