//! The core's one error type. Every variant carries a sentence a user can act on; the ones
//! caused by an input name the field. It serialises as `{kind, message, field}` so the UI and the
//! CLI can react to the kind without matching strings.

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// An input value is missing, of the wrong type or out of range.
    #[error("{message}")]
    Invalid { field: String, message: String },

    /// A named thing (scenario, GPU, preset) does not exist.
    #[error("{message}")]
    NotFound { field: String, message: String },

    /// The operation would clash with what is stored (e.g. a scenario name already taken).
    #[error("{message}")]
    Conflict { field: String, message: String },

    /// The database file could not be used; it has been left untouched.
    #[error("{message}")]
    Database { message: String },

    /// Another program holds the database lock for longer than the busy timeout.
    #[error("{message}")]
    Locked { message: String },

    /// Reading or writing a file failed.
    #[error("{message}")]
    Io { message: String },

    /// Something that should be impossible (e.g. a broken built-in asset). A bug, reported
    /// as an error instead of a panic.
    #[error("internal error: {message}")]
    Internal { message: String },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The stable, machine-readable name of an [`Error`]'s variant: the `kind` of
/// `{kind, message, field}`, generated for the UI as a string union.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// An input value is missing, of the wrong type or out of range (CLI exit code 2).
    Invalid,
    /// A named thing does not exist (exit code 2).
    NotFound,
    /// The operation clashes with what is stored (exit code 2).
    Conflict,
    /// The database file could not be used (exit code 1).
    Database,
    /// Another program holds the database lock (exit code 1).
    Locked,
    /// Reading or writing a file failed (exit code 1).
    Io,
    /// A bug, reported instead of a panic (exit code 1).
    Internal,
}

impl ErrorKind {
    /// The wire name (`not_found`), as serde writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Invalid => "invalid",
            ErrorKind::NotFound => "not_found",
            ErrorKind::Conflict => "conflict",
            ErrorKind::Database => "database",
            ErrorKind::Locked => "locked",
            ErrorKind::Io => "io",
            ErrorKind::Internal => "internal",
        }
    }
}

/// So that `err.kind() == "database"` reads as the wire form does.
impl PartialEq<&str> for ErrorKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Error {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn not_found(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::NotFound {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn conflict(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Conflict {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn database(message: impl Into<String>) -> Self {
        Error::Database {
            message: message.into(),
        }
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Error::Internal {
            message: message.into(),
        }
    }

    /// What kind of failure this is, as the UI and scripts tell them apart.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Invalid { .. } => ErrorKind::Invalid,
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::Conflict { .. } => ErrorKind::Conflict,
            Error::Database { .. } => ErrorKind::Database,
            Error::Locked { .. } => ErrorKind::Locked,
            Error::Io { .. } => ErrorKind::Io,
            Error::Internal { .. } => ErrorKind::Internal,
        }
    }

    /// The input field the error is about, when there is one.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Invalid { field, .. }
            | Error::NotFound { field, .. }
            | Error::Conflict { field, .. } => Some(field),
            _ => None,
        }
    }

    /// True when the error is the caller's input (CLI exit code 2), false when the environment
    /// failed (database, disk; exit code 1).
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            Error::Invalid { .. } | Error::NotFound { .. } | Error::Conflict { .. }
        )
    }
}

impl Serialize for Error {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Error", 3)?;
        s.serialize_field("kind", &self.kind())?;
        s.serialize_field("message", &self.to_string())?;
        s.serialize_field("field", &self.field())?;
        s.end()
    }
}

/// The shape an [`Error`] takes on the wire (IPC, CLI JSON), for the UI's generated types.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ErrorPayload {
    pub kind: ErrorKind,
    /// One sentence for people.
    pub message: String,
    /// The input field concerned (e.g. `gpu_count`, `pricing.usd_per_gpu_hour`), if any.
    pub field: Option<String>,
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io {
            message: e.to_string(),
        }
    }
}

/// Parses JSON into `T`, turning serde's error into one sentence that names the offending field
/// by its path (`workload.tokens`), so that a typo or a wrong type is easy to find.
pub fn from_json_str<T: serde::de::DeserializeOwned>(text: &str) -> Result<T> {
    // Every document Costscope reads is an object; say so plainly instead of letting serde
    // read an array as a struct's fields ("[0]: invalid type …").
    match text.trim_start().chars().next() {
        Some('{') => {}
        None => {
            return Err(Error::invalid(
                "input",
                "input is empty: give a JSON object such as {\"gpu\": \"H100\", …}",
            ))
        }
        Some(_) => {
            return Err(Error::invalid(
                "input",
                "input must be a JSON object such as {\"gpu\": \"H100\", …}",
            ))
        }
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed: Result<T, _> = serde_path_to_error::deserialize(&mut de);
    let value = parsed.map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let field = if path == "." || path.is_empty() {
            "input".to_string()
        } else {
            path
        };
        Error::invalid(
            field.clone(),
            format!("{field}: {}", describe_json_error(&inner)),
        )
    })?;
    de.end()
        .map_err(|e| Error::invalid("input", format!("input: {}", describe_json_error(&e))))?;
    Ok(value)
}

fn describe_json_error(e: &serde_json::Error) -> String {
    // serde_json appends " at line L column C"; keep it, it helps in files, but make the
    // common cases read like sentences.
    let text = e.to_string();
    if e.is_eof() {
        return format!("the JSON ends too early ({text})");
    }
    if text.starts_with("expected value") {
        return format!("not a valid JSON value; use a plain number or string (NaN and Infinity are not JSON) ({text})");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_kind_message_and_field() {
        let e = Error::invalid("gpu_count", "gpu_count must be from 1 to 10");
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["kind"], "invalid");
        assert_eq!(json["field"], "gpu_count");
        assert_eq!(json["message"], "gpu_count must be from 1 to 10");
        let e = Error::database("broken");
        let json = serde_json::to_value(&e).unwrap();
        assert!(json["field"].is_null());
    }

    #[test]
    fn kinds_serialise_as_their_wire_names_and_round_trip_as_payloads() {
        let every = [
            Error::invalid("f", "m"),
            Error::not_found("f", "m"),
            Error::conflict("f", "m"),
            Error::database("m"),
            Error::Locked {
                message: "m".into(),
            },
            Error::Io {
                message: "m".into(),
            },
            Error::internal("m"),
        ];
        for e in &every {
            let json = serde_json::to_value(e).unwrap();
            assert_eq!(json["kind"], e.kind().as_str());
            let payload: ErrorPayload = serde_json::from_value(json).unwrap();
            assert_eq!(payload.kind, e.kind());
            assert_eq!(payload.message, e.to_string());
        }
        assert_eq!(Error::database("m").kind(), "database");
    }

    #[test]
    fn json_errors_name_the_path() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Inner {
            tokens: f64,
        }
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Outer {
            workload: Inner,
        }
        let err = from_json_str::<Outer>(r#"{"workload": {"tokens": "abc"}}"#).unwrap_err();
        assert_eq!(err.field(), Some("workload.tokens"));
        assert!(err.to_string().starts_with("workload.tokens: invalid type"));
    }
}
