//! Scenario files for sharing: a versioned JSON document holding one or many scenarios.
//! Parsing validates everything (format, version, names, every input) before anything is saved.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{evaluate, ScenarioInput};
use crate::store::{check_description, check_name, NewScenario, Origin, StoredScenario};

pub const FORMAT: &str = "costscope-scenarios";
pub const VERSION: u32 = 1;
/// Larger files are refused before parsing: a real export of thousands of scenarios is far smaller.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// The extension of a scenario file: the file type the desktop opens with Costscope.
pub const FILE_EXTENSION: &str = "costscope";

/// The extension a scenario file written to `path` must have: ".costscope" when the name says
/// so, else ".json" (the file is JSON, and names like "team-plans.json" stay welcome).
pub fn extension_for(path: &std::path::Path) -> &'static str {
    let named = path.extension().and_then(|e| e.to_str());
    if named.is_some_and(|e| e.eq_ignore_ascii_case(FILE_EXTENSION)) {
        FILE_EXTENSION
    } else {
        "json"
    }
}
pub const MAX_SCENARIOS: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(deny_unknown_fields)]
pub struct ScenarioEntry {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>", optional))]
    pub description: String,
    pub input: ScenarioInput,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    pub format: String,
    pub version: u32,
    pub exported_at: String,
    pub scenarios: Vec<ScenarioEntry>,
}

impl ScenarioFile {
    pub fn from_stored(scenarios: &[StoredScenario], exported_at: String) -> ScenarioFile {
        ScenarioFile {
            format: FORMAT.into(),
            version: VERSION,
            exported_at,
            scenarios: scenarios
                .iter()
                .map(|s| ScenarioEntry {
                    name: s.name.clone(),
                    description: s.description.clone(),
                    input: s.input.clone(),
                })
                .collect(),
        }
    }

    /// The file's text: indented JSON ending in a newline.
    pub fn to_json(&self) -> Result<String> {
        crate::format::json_text(self)
    }

    /// Parses and validates a scenario file. The error names the first thing wrong.
    pub fn parse(text: &str) -> Result<ScenarioFile> {
        if text.len() as u64 > MAX_FILE_BYTES {
            return Err(too_large(text.len() as u64));
        }
        // Check the envelope first so that a file of another kind gets a plain answer, and count
        // the entries without building them, so that a file of 100,000 scenarios is refused by
        // its count in constant memory before anything is parsed whole.
        if !text.trim_start().starts_with('{') {
            return Err(match serde_json::from_str::<serde::de::IgnoredAny>(text) {
                Ok(_) => missing_format(),
                Err(e) => Error::invalid(
                    "file",
                    format!("file: this is not a JSON scenario file ({e})"),
                ),
            });
        }
        let envelope: Envelope = match serde_json::from_str(text) {
            Ok(e) => e,
            Err(e) if e.is_syntax() || e.is_eof() => {
                return Err(Error::invalid(
                    "file",
                    format!("file: this is not a JSON scenario file ({e})"),
                ))
            }
            Err(e) => return Err(Error::invalid("file", format!("file: {e}"))),
        };
        match envelope.format.as_ref().map(|f| f.as_str()) {
            Some(Some(FORMAT)) => {}
            Some(Some(other)) => {
                let shown: String = other.chars().take(60).collect();
                return Err(Error::invalid(
                    "format",
                    format!("format must be {FORMAT:?}; this file says {shown:?}"),
                ));
            }
            Some(None) => {
                return Err(Error::invalid(
                    "format",
                    format!("format must be the text {FORMAT:?}"),
                ))
            }
            None => return Err(missing_format()),
        }
        match envelope.version.as_ref().and_then(|v| v.as_u64()) {
            Some(v) if v == VERSION as u64 => {}
            Some(v) if v > VERSION as u64 => {
                return Err(Error::invalid(
                    "version",
                    format!("version {v} is newer than this Costscope reads (up to {VERSION}); update Costscope"),
                ))
            }
            _ => {
                return Err(Error::invalid(
                    "version",
                    format!("version must be the whole number {VERSION}"),
                ))
            }
        }
        // A `scenarios` that is not a list is left to the typed parse below, which names it.
        if let Ok(Entries {
            scenarios: Some(EntryCount(n)),
        }) = serde_json::from_str::<Entries>(text)
        {
            if n > MAX_SCENARIOS {
                return Err(Error::invalid(
                    "scenarios",
                    format!(
                        "scenarios may hold at most {MAX_SCENARIOS} entries; this file has {n}"
                    ),
                ));
            }
        }
        let file: ScenarioFile = crate::error::from_json_str(text)?;
        for (i, entry) in file.scenarios.iter().enumerate() {
            check_name(&format!("scenarios[{i}].name"), &entry.name)?;
            check_description(&format!("scenarios[{i}].description"), &entry.description)?;
            evaluate(&entry.input).map_err(|e| prefix(e, &format!("scenarios[{i}].input")))?;
        }
        Ok(file)
    }

    /// The entries as scenarios to save, each with its evaluated total.
    pub fn to_new_scenarios(&self) -> Result<Vec<NewScenario>> {
        self.scenarios
            .iter()
            .enumerate()
            .map(|(i, entry)| {
                let at = format!("scenarios[{i}].input");
                let total = evaluate(&entry.input).map_err(|e| prefix(e, &at))?;
                crate::uncertainty::check_ranges(&entry.input, &total)
                    .map_err(|e| prefix(e, &at))?;
                Ok(NewScenario {
                    name: check_name(&format!("scenarios[{i}].name"), &entry.name)?,
                    description: entry.description.clone(),
                    origin: Origin::Import,
                    input: entry.input.clone(),
                    total_cost_usd: Some(total.total_cost_usd),
                })
            })
            .collect()
    }
}

fn missing_format() -> Error {
    Error::invalid(
        "format",
        format!("format is missing: this is not a Costscope scenario file (expected \"format\": {FORMAT:?})"),
    )
}

/// The parts of a scenario file looked at before it is parsed whole; every other field is
/// skipped without being built.
#[derive(Deserialize)]
struct Envelope {
    #[serde(default)]
    format: Option<serde_json::Value>,
    #[serde(default)]
    version: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct Entries {
    #[serde(default)]
    scenarios: Option<EntryCount>,
}

/// How many entries a JSON array has, counted while skipping them (nothing is kept).
struct EntryCount(usize);

impl<'de> Deserialize<'de> for EntryCount {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Count;
        impl<'de> serde::de::Visitor<'de> for Count {
            type Value = EntryCount;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of scenarios")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<EntryCount, A::Error> {
                let mut n = 0;
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {
                    n += 1;
                }
                Ok(EntryCount(n))
            }
        }
        d.deserialize_seq(Count)
    }
}

pub fn too_large(bytes: u64) -> Error {
    Error::invalid(
        "file",
        format!(
            "file is {} MB; scenario files may be at most {} MB",
            bytes / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
}

/// Puts a path in front of an input error's field and message: `gpu_count` → `scenarios[2].input.gpu_count`.
fn prefix(e: Error, path: &str) -> Error {
    match e {
        Error::Invalid { field, message } => Error::Invalid {
            field: format!("{path}.{field}"),
            message: format!("{path}.{message}"),
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> String {
        serde_json::json!({
            "format": FORMAT, "version": 1, "exported_at": "2026-11-29T00:00:00Z",
            "scenarios": [
                {"name": "A", "input": {"gpu": "H100", "gpu_count": 8, "duration_days": 2}},
                {"name": "B", "description": "owned", "input": {"gpu": "a100", "gpu_count": 64, "duration_days": 30,
                  "pricing": {"mode": "owned", "usd_per_gpu": 15000, "lifetime_years": 4}}}
            ]
        })
        .to_string()
    }

    #[test]
    fn round_trips() {
        let file = ScenarioFile::parse(&sample()).unwrap();
        let again = ScenarioFile::parse(&file.to_json().unwrap()).unwrap();
        assert_eq!(file, again);
        let news = file.to_new_scenarios().unwrap();
        assert_eq!(news.len(), 2);
        assert!(news[0].total_cost_usd.unwrap() > 0.0);
    }

    #[test]
    fn rejects_bad_files_with_the_field_named() {
        let cases = [
            ("[1,2,3]", "format"),
            ("not json at all", "file"),
            (r#"{"format":"other","version":1}"#, "format"),
            (
                r#"{"format":"costscope-scenarios","version":2,"exported_at":"","scenarios":[]}"#,
                "version",
            ),
            (
                r#"{"format":"costscope-scenarios","version":"1","exported_at":"","scenarios":[]}"#,
                "version",
            ),
            (
                r#"{"format":"costscope-scenarios","version":1,"exported_at":""}"#,
                "input",
            ),
            (
                r#"{"format":"costscope-scenarios","version":1,"exported_at":"","scenarios":[{"name":"x","input":{"gpu":"H100","gpu_count":"NaN","duration_days":1}}]}"#,
                "scenarios[0].input.gpu_count",
            ),
            (
                r#"{"format":"costscope-scenarios","version":1,"exported_at":"","scenarios":[{"name":"x","input":{"gpu":"H100","gpu_count":-4,"duration_days":1}}]}"#,
                "scenarios[0].input.gpu_count",
            ),
            (
                r#"{"format":"costscope-scenarios","version":1,"exported_at":"","scenarios":[{"name":"","input":{"gpu":"H100","gpu_count":4,"duration_days":1}}]}"#,
                "scenarios[0].name",
            ),
        ];
        for (text, field) in cases {
            let err = ScenarioFile::parse(text).unwrap_err();
            assert_eq!(err.field(), Some(field), "{text}: {err}");
            assert!(err.to_string().contains(field), "{err}");
        }
    }

    #[test]
    fn refuses_too_many_entries_by_counting_them() {
        let entry = r#"{"name":"x","input":{"gpu":"H100","gpu_count":1,"duration_days":1}}"#;
        let text = format!(
            r#"{{"format":"costscope-scenarios","version":1,"exported_at":"","scenarios":[{}]}}"#,
            vec![entry; MAX_SCENARIOS + 1].join(",")
        );
        let err = ScenarioFile::parse(&text).unwrap_err();
        assert_eq!(err.field(), Some("scenarios"));
        assert!(err.to_string().contains("10001"), "{err}");
        let bad_desc = r#"{"format":"costscope-scenarios","version":1,"exported_at":"","scenarios":[{"name":"x","description":"a\u202eb","input":{"gpu":"H100","gpu_count":1,"duration_days":1}}]}"#;
        let err = ScenarioFile::parse(bad_desc).unwrap_err();
        assert_eq!(err.field(), Some("scenarios[0].description"));
    }

    #[test]
    fn refuses_huge_files_before_parsing() {
        let junk = "x".repeat(MAX_FILE_BYTES as usize + 1);
        let err = ScenarioFile::parse(&junk).unwrap_err();
        assert!(err.to_string().contains("at most 16 MB"), "{err}");
    }
}
