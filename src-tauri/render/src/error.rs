//! The exporter's one error type. Every message is one sentence; option errors name the field.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A render option is out of range (`field` is `width`, `height`, `scale` or `theme`).
    #[error("{message}")]
    InvalidOption {
        field: &'static str,
        message: String,
    },

    /// The target of a file write is a folder.
    #[error("{} is a folder; give a file name", path.display())]
    TargetIsFolder { path: PathBuf },

    /// Writing a file failed (missing or read-only folder, full disk…); nothing was left behind.
    #[error("{} could not be written: {message}", path.display())]
    Write { path: PathBuf, message: String },

    /// plotters could not draw the chart.
    #[error("the chart could not be drawn: {0}")]
    Draw(String),

    /// The PNG encoder (or, for a JSON export, the JSON writer) failed.
    #[error("the chart could not be encoded: {0}")]
    Encode(String),

    /// The embedded font could not be loaded (a broken build).
    #[error("internal error: the embedded chart font could not be loaded")]
    Font,
}

impl Error {
    /// The option the error is about, when there is one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Error::InvalidOption { field, .. } => Some(field),
            _ => None,
        }
    }

    /// True when the caller's input is at fault (a bad option, a folder as the target), false
    /// when the environment or a bug is.
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            Error::InvalidOption { .. } | Error::TargetIsFolder { .. }
        )
    }
}
