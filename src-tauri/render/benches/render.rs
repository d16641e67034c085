//! Export speed: every chart of the DeepSeek-V3 scenario drawn at 1600 × 900 to PNG (drawing +
//! encoding) and to SVG. Budget (issue 13): the cost chart's PNG ≤ 10 ms, SVG ≤ 5 ms per chart (release build, one core).
//!
//! Run: `cargo bench -p costscope-render --bench render` (add `-- png` or `-- cost_vs_gpus` to
//! filter). `benches/matplotlib_compare.py` runs this and matplotlib on the same chart.

use std::hint::black_box;
use std::time::Duration;

use costscope_core::analysis::Hold;
use costscope_core::chart::{ChartContext, ComparedScenario};
use costscope_core::{api, ScenarioInput};
use costscope_render::{render_png, render_svg, RenderOptions};
use criterion::{criterion_group, criterion_main, Criterion};

const DEEPSEEK: &str = r#"{"gpu":"H800","gpu_count":2048,"gpu_hours":2788000,"pricing":{"mode":"rental","usd_per_gpu_hour":2.0},"workload":{"active_params":37e9,"tokens":14.8e12}}"#;

fn bench(c: &mut Criterion) {
    let input: ScenarioInput = match serde_json::from_str(DEEPSEEK) {
        Ok(input) => input,
        Err(e) => panic!("the DeepSeek-V3 scenario does not parse: {e}"),
    };
    // The comparison chart shows the built-in presets, as in a fresh database.
    let compared: Vec<ComparedScenario> = api::preset_seed()
        .map(|seed| {
            seed.into_iter()
                .map(|s| ComparedScenario {
                    name: s.name,
                    total_cost_usd: s.total_cost_usd.unwrap_or(0.0),
                })
                .collect()
        })
        .unwrap_or_default();
    let ctx = ChartContext {
        scenario_name: "DeepSeek-V3 (as reported)",
        date: "2026-11-29",
        compared: &compared,
    };
    let charts = match api::screen_for(&input, Hold::Work, &ctx) {
        Ok(screen) => screen.charts,
        Err(e) => panic!("the DeepSeek-V3 scenario does not evaluate: {e}"),
    };
    let options = RenderOptions::default();

    let mut group = c.benchmark_group("render_1600x900");
    group
        .sample_size(40)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    for chart in &charts {
        let kind = chart.kind.as_str();
        group.bench_function(format!("png/{kind}"), |b| {
            b.iter(|| render_png(black_box(chart), black_box(&options)))
        });
        group.bench_function(format!("svg/{kind}"), |b| {
            b.iter(|| render_svg(black_box(chart), black_box(&options)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
