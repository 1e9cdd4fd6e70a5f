//! Text from the file that people will see or type: control characters replaced, direction
//! controls and invisible characters reported, and the invisible characters in ids.
//!
//! Labels are shown inside sentences, so a right-to-left override in one can reorder the figures
//! around it. The page isolates labels when it shows them; this module also removes explicit
//! embeddings, overrides and isolates from text (so one label reads the same in a sentence, a
//! chip and a table), keeps the harmless direction marks, and tells the publisher. Control characters (NUL, BEL, ESC, C1) never reach the
//! page: each becomes U+FFFD, with one warning per kind of character.

use crate::domain::problem::{
    JsonPath, ProblemCode, ProblemLog, is_bidi_control, is_explicit_direction_control, is_invisible,
};

/// What a text field is, which decides what is allowed in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextKind {
    /// A longer explanation: line breaks and tabs are ordinary here and kept.
    Description,
    /// Anything shown on one line: labels, titles, names, addresses, dates.
    Line,
}

/// Replaces control characters with U+FFFD (keeping newline, carriage return and tab in a
/// description) and reports them, once per kind of character for the whole file; removes
/// explicit embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069), keeps the
/// direction marks (U+200E, U+200F, U+061C), and reports either once per field.
pub(crate) fn clean(text: &str, kind: TextKind, path: &JsonPath, log: &mut ProblemLog) -> String {
    // Fast path: plain ASCII without controls, which is nearly every label.
    if text.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        return text.to_owned();
    }
    let kept = |c: char| kind == TextKind::Description && matches!(c, '\n' | '\r' | '\t');
    let mut seen_controls: Vec<char> = Vec::new();
    let mut cleaned = String::with_capacity(text.len());
    for c in text.chars() {
        if is_explicit_direction_control(c) {
            continue;
        }
        if c.is_control() && !kept(c) {
            if !seen_controls.contains(&c) {
                seen_controls.push(c);
            }
            cleaned.push(char::REPLACEMENT_CHARACTER);
        } else {
            cleaned.push(c);
        }
    }
    for c in seen_controls {
        let name = char_name(c);
        log.warn_grouped(ProblemCode::ControlCharacter, &format!("control {c:?}"), path, || {
            format!(
                "Text contains the control character {name}, which cannot be shown; each one was \
                 replaced with \u{FFFD}. Remove it from the file (it often comes from copying out \
                 of another program)."
            )
        });
    }
    let bidi: Vec<char> = dedup(text.chars().filter(|c| is_bidi_control(*c)));
    if !bidi.is_empty() {
        let names = char_names(&bidi);
        log.warn(
            ProblemCode::BidiText,
            path,
            format!(
                "This text contains direction-control characters ({names}). They can make nearby \
                 text and figures read in the wrong order, so the explorer removes embeddings, \
                 overrides and isolates (direction marks are kept); right-to-left writing shows \
                 correctly without them. Remove them from the file."
            ),
        );
    }
    cleaned
}

/// Reports invisible or look-alike characters in an id: two ids that look the same but are
/// different are a trap for anyone typing or linking them.
pub(crate) fn check_id_characters(id: &str, path: &JsonPath, log: &mut ProblemLog) {
    if id.is_ascii() && !id.bytes().any(|b| b.is_ascii_control()) {
        return;
    }
    let odd: Vec<char> = dedup(id.chars().filter(|c| is_invisible(*c) || c.is_control()));
    if !odd.is_empty() {
        let names = char_names(&odd);
        log.warn(
            ProblemCode::InvisibleInId,
            path,
            format!(
                "The id \"{id}\" contains characters that cannot be seen or look like others \
                 ({names}), so it may look the same as a different id. It was kept as written; \
                 retype it with ordinary letters, digits and hyphens."
            ),
        );
    }
}

/// Several characters' codes and names for a message: "U+202E (right-to-left override), U+200F …".
fn char_names(chars: &[char]) -> String {
    chars.iter().map(|c| char_name(*c)).collect::<Vec<_>>().join(", ")
}

/// A character's code, with its name where people know it, e.g. "U+0007 (bell)".
pub(crate) fn char_name(c: char) -> String {
    let name = match c {
        '\u{0}' => Some("null"),
        '\u{7}' => Some("bell"),
        '\u{8}' => Some("backspace"),
        '\u{9}' => Some("tab"),
        '\u{A}' => Some("line feed"),
        '\u{D}' => Some("carriage return"),
        '\u{1B}' => Some("escape"),
        '\u{7F}' => Some("delete"),
        '\u{200B}' => Some("zero width space"),
        '\u{200C}' => Some("zero width non-joiner"),
        '\u{200D}' => Some("zero width joiner"),
        '\u{200E}' => Some("left-to-right mark"),
        '\u{200F}' => Some("right-to-left mark"),
        '\u{202A}' => Some("left-to-right embedding"),
        '\u{202B}' => Some("right-to-left embedding"),
        '\u{202C}' => Some("pop directional formatting"),
        '\u{202D}' => Some("left-to-right override"),
        '\u{202E}' => Some("right-to-left override"),
        '\u{2066}' => Some("left-to-right isolate"),
        '\u{2067}' => Some("right-to-left isolate"),
        '\u{2068}' => Some("first strong isolate"),
        '\u{2069}' => Some("pop directional isolate"),
        '\u{061C}' => Some("Arabic letter mark"),
        '\u{0085}' => Some("next line"),
        '\u{00A0}' => Some("no-break space"),
        '\u{2060}' => Some("word joiner"),
        '\u{FEFF}' => Some("zero width no-break space"),
        _ => None,
    };
    match name {
        Some(name) => format!("U+{:04X} ({name})", c as u32),
        None => format!("U+{:04X}", c as u32),
    }
}

fn dedup(chars: impl Iterator<Item = char>) -> Vec<char> {
    let mut found = Vec::new();
    for c in chars {
        if !found.contains(&c) {
            found.push(c);
        }
    }
    found
}
