//! What people may type into a name or a description, and free names for copies.
//!
//! Names are what tells scenarios apart, so they must not hide anything: no control characters,
//! no bidirectional overrides (which reorder what is shown), no zero-width or other invisible
//! characters, and runs of spaces count as one. Two names that look alike are then the same
//! text, and the store's case-insensitive uniqueness catches them.

use rusqlite::Connection;

use crate::error::{Error, Result};

pub use crate::limits::{DESCRIPTION_CHARS_MAX, NAME_CHARS_MAX};

/// Characters that change how text is shown without being seen: bidirectional controls and
/// marks, zero-width spaces and joiners, the word joiner and invisible operators, the byte-order
/// mark, the soft hyphen and the Mongolian vowel separator.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}'
        | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF9}'..='\u{FFFB}'
        | '\u{E0000}'..='\u{E007F}')
}

fn refuse_hidden(field: &str, text: &str, allow_line_breaks: bool) -> Result<()> {
    for c in text.chars() {
        let allowed_break = allow_line_breaks && matches!(c, '\n' | '\t' | '\r');
        if c.is_control() && !allowed_break {
            let what = if allow_line_breaks {
                "control characters other than line breaks and tabs"
            } else {
                "control characters such as line breaks or tabs"
            };
            return Err(Error::invalid(
                field,
                format!("{field} must not contain {what} (found U+{:04X})", c as u32),
            ));
        }
        if is_invisible(c) {
            return Err(Error::invalid(
                field,
                format!(
                    "{field} must not contain invisible or text-direction characters (found U+{:04X}), so that two names cannot look alike",
                    c as u32
                ),
            ));
        }
    }
    Ok(())
}

/// Checks a name: 1 to 200 characters after trimming and joining runs of spaces into one; no
/// control, invisible or text-direction characters. Returns the name as it is stored.
pub fn check_name(field: &str, name: &str) -> Result<String> {
    // Count before building anything, so that a 10 MB "name" costs no more than one pass.
    let raw_chars = name.chars().count();
    if raw_chars > NAME_CHARS_MAX * 4 {
        return Err(too_long_name(field, raw_chars));
    }
    refuse_hidden(field, name, false)?;
    let joined = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars = joined.chars().count();
    if chars == 0 || chars > NAME_CHARS_MAX {
        return Err(too_long_name(field, chars));
    }
    Ok(joined)
}

fn too_long_name(field: &str, chars: usize) -> Error {
    Error::invalid(
        field,
        format!("{field} must be 1 to {NAME_CHARS_MAX} characters; got {chars}"),
    )
}

/// Checks a description: at most 2,000 characters; line breaks and tabs are fine, other control
/// and invisible characters are not. Returns it trimmed.
pub fn check_description(field: &str, text: &str) -> Result<String> {
    let chars = text.chars().count();
    if chars > DESCRIPTION_CHARS_MAX {
        return Err(Error::invalid(
            field,
            format!("{field} may have at most {DESCRIPTION_CHARS_MAX} characters; got {chars}"),
        ));
    }
    refuse_hidden(field, text, true)?;
    Ok(text.trim().to_string())
}

pub(crate) fn name_taken(name: &str) -> Error {
    Error::conflict(
        "name",
        format!("a scenario named {name:?} already exists; choose another name"),
    )
}

/// "NAME (word)", then "NAME (word 2)", … — the first one not taken by a live scenario.
pub(crate) fn free_name(conn: &Connection, base: &str, word: &str) -> Result<String> {
    // Leave room for the suffix within the length limit.
    let stem: String = base.chars().take(NAME_CHARS_MAX - 20).collect();
    let stem = stem.trim_end();
    for i in 1..10_000 {
        let candidate = if i == 1 {
            format!("{stem} ({word})")
        } else {
            format!("{stem} ({word} {i})")
        };
        if super::scenarios::id_by_name(conn, &candidate)?.is_none() {
            return Ok(candidate);
        }
    }
    Err(Error::conflict(
        "name",
        format!("no free name like {base:?} was found"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked() {
        assert!(check_name("name", "").is_err());
        assert!(check_name("name", "a\nb").is_err());
        assert!(check_name("name", &"x".repeat(201)).is_err());
        assert!(check_name("name", &"x".repeat(10_000_000)).is_err());
        assert_eq!(check_name("name", " ok ").unwrap(), "ok");
        assert_eq!(check_name("name", "two   spaces").unwrap(), "two spaces");
    }

    #[test]
    fn hidden_characters_are_refused_so_names_cannot_look_alike() {
        for hidden in [
            "a\u{202E}b",
            "a\u{200B}b",
            "\u{FEFF}a",
            "a\u{2066}b",
            "a\u{200D}b",
        ] {
            let e = check_name("name", hidden).unwrap_err();
            assert_eq!(e.field(), Some("name"));
            assert!(e.to_string().contains("U+"), "{e}");
        }
        assert_eq!(check_name("name", "Café — 日本").unwrap(), "Café — 日本");
    }

    #[test]
    fn descriptions_are_bounded_and_may_have_line_breaks() {
        assert_eq!(
            check_description("description", " a\nb\t ").unwrap(),
            "a\nb"
        );
        assert!(check_description("description", &"x".repeat(2_001)).is_err());
        assert!(check_description("description", "a\u{0007}").is_err());
        assert!(check_description("description", "a\u{202E}").is_err());
    }
}
