//! Replays every committed fuzz input on stable: the seed corpus in `src-tauri/fuzz/corpus/` and
//! every crash found so far in `src-tauri/fuzz/regressions/` (each a regression test), through
//! the same functions the cargo-fuzz targets call (tests/src/fuzz.rs).

use std::path::{Path, PathBuf};

fn inputs(kind: &str, target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../src-tauri/fuzz")
        .join(kind)
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != ".gitkeep"))
        .collect();
    files.sort();
    files
}

fn replay(target: &str, run: fn(&[u8])) {
    let seeds = inputs("corpus", target);
    assert!(!seeds.is_empty(), "{target}: the seed corpus is empty");
    let crashes = inputs("regressions", target);
    for file in seeds.iter().chain(&crashes) {
        let data = std::fs::read(file).expect("read");
        let result = std::panic::catch_unwind(|| run(&data));
        assert!(result.is_ok(), "{target}: {} panics", file.display());
    }
    println!(
        "{target}: {} seeds and {} past crashes replayed",
        seeds.len(),
        crashes.len()
    );
}

#[test]
fn scenario_json_corpus() {
    replay("scenario_json", costscope_tests::fuzz::scenario_json);
}

#[test]
fn scenario_file_corpus() {
    replay("scenario_file", costscope_tests::fuzz::scenario_file);
}

#[test]
fn chart_render_corpus() {
    replay("chart_render", costscope_tests::fuzz::chart_render);
}
