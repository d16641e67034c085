//! Reading a file the user chose (a scenario to evaluate, a scenario file to import): bounded,
//! so that a huge or endless file cannot exhaust memory, and with errors that name the file.
//! Both shells read through here; the model and the charts never touch a file.

use std::io::Read;
use std::path::Path;

use crate::error::Error;
use crate::exchange;

/// Reads a scenario or scenario file the user chose (at most `exchange::MAX_FILE_BYTES`); an
/// empty path asks for a file.
pub fn read_scenario_file(path: &Path) -> Result<String, Error> {
    if path.as_os_str().to_string_lossy().trim().is_empty() {
        return Err(Error::invalid(
            "file",
            "file is empty: choose a scenario file",
        ));
    }
    read_text_limited(path, exchange::MAX_FILE_BYTES)
}

/// Reads `path` as UTF-8 text of at most `max_bytes`; the error names the `file` field.
pub fn read_text_limited(path: &Path, max_bytes: u64) -> Result<String, Error> {
    let cannot = |e: std::io::Error| {
        Error::invalid(
            "file",
            format!("file {} cannot be read: {e}", path.display()),
        )
    };
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if meta.is_dir() {
        return Err(Error::invalid(
            "file",
            format!("file {} is a folder", path.display()),
        ));
    }
    if meta.len() > max_bytes {
        return Err(exchange::too_large(meta.len()));
    }
    // The file may grow after the size check (or be a pipe that reports 0): read one byte past
    // the limit to notice.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(cannot)?
        .take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > max_bytes {
        return Err(exchange::too_large(bytes.len() as u64));
    }
    String::from_utf8(bytes)
        .map_err(|_| Error::invalid("file", format!("file {} is not UTF-8 text", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_text_and_refuses_folders_big_files_and_binary() {
        let dir = tempfile::tempdir().unwrap();
        let ok = dir.path().join("ok.json");
        std::fs::write(&ok, "{}").unwrap();
        assert_eq!(read_text_limited(&ok, 10).unwrap(), "{}");

        let err = read_text_limited(dir.path(), 10).unwrap_err();
        assert!(err.to_string().contains("is a folder"), "{err}");

        let big = dir.path().join("big.json");
        std::fs::write(&big, vec![b' '; 11]).unwrap();
        assert!(read_text_limited(&big, 10).is_err());

        let bin = dir.path().join("bin.json");
        std::fs::write(&bin, [0xff, 0xfe, 0x00]).unwrap();
        let err = read_text_limited(&bin, 10).unwrap_err();
        assert!(err.to_string().contains("not UTF-8"), "{err}");

        let missing = read_text_limited(&dir.path().join("nope.json"), 10).unwrap_err();
        assert!(missing.to_string().contains("cannot be read"), "{missing}");

        let empty = read_scenario_file(Path::new(" ")).unwrap_err();
        assert_eq!(empty.field(), Some("file"));
        assert_eq!(read_scenario_file(&ok).unwrap(), "{}");
    }
}
