//! What each fuzz target does with its input, shared by the cargo-fuzz targets in
//! `src-tauri/fuzz` (which include this file) and by `tests/fuzz_corpus.rs`, which replays the
//! committed corpus and every past crash on stable. Each function panics only on a bug: a
//! broken property below, or a panic inside Costscope.
//!
//! Only `costscope-core`, `costscope-render` and `serde_json` are used, so the fuzz crate needs
//! nothing else.

use costscope_core::analysis::Hold;
use costscope_core::chart::Chart;
use costscope_core::exchange::ScenarioFile;
use costscope_core::ScenarioInput;

/// Scenario JSON → validation → `evaluate` → the screen's series and charts. An accepted input
/// gives finite figures that serialise.
pub fn scenario_json(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(input) = costscope_core::error::from_json_str::<ScenarioInput>(text) else {
        return;
    };
    let Ok(evaluation) = costscope_core::evaluate(&input) else {
        return;
    };
    assert!(
        evaluation.total_cost_usd.is_finite() && evaluation.total_cost_usd >= 0.0,
        "an accepted scenario costs {}",
        evaluation.total_cost_usd
    );
    assert!(serde_json::to_string(&evaluation).is_ok());
    let _ = costscope_core::api::screen(&input, Hold::Work);
}

/// A scenario file → parse and validate everything → the scenarios to save. An accepted file
/// written out again reads back the same.
pub fn scenario_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(file) = ScenarioFile::parse(text) else {
        return;
    };
    let news = file
        .to_new_scenarios()
        .unwrap_or_else(|e| panic!("a parsed file could not be turned into scenarios: {e}"));
    assert_eq!(news.len(), file.scenarios.len());
    let again = ScenarioFile::parse(&file.to_json().expect("to_json"))
        .unwrap_or_else(|e| panic!("an accepted file, written out, is refused: {e}"));
    assert_eq!(again, file);
}

/// A chart description (as the page sends it back for export) → PNG and SVG at a small size.
/// Anything may be refused with an error; nothing may panic.
pub fn chart_render(data: &[u8]) {
    let Ok(chart) = serde_json::from_slice::<Chart>(data) else {
        return;
    };
    let options = costscope_render::RenderOptions {
        width: 320,
        height: 240,
        ..Default::default()
    };
    if let Ok(png) = costscope_render::render_png(&chart, &options) {
        assert!(png.starts_with(b"\x89PNG"), "not a PNG");
    }
    if let Ok(svg) = costscope_render::render_svg(&chart, &options) {
        assert!(svg.contains("<svg"), "not an SVG");
    }
    let _ = costscope_core::chart::to_csv(&chart);
}
