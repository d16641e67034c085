//! Benchmarks of the numbers the UI needs every frame. Budget (one core): the 1,000,000-point
//! sweep ≤ 2 ms; with run realism (issue 10): one evaluation with scaling + reliability +
//! 3 stages ≤ 2 µs (the full `evaluate_with`, text included), a 200-point series with them
//! ≤ 0.5 ms, one goal seek ≤ 1 ms; with ranges (issue 11): 100,000 samples of five ranged
//! inputs ≤ 20 ms.
//! Run: `cargo bench -p costscope-core --bench model`.

use std::hint::black_box;

use costscope_core::analysis::{
    linear_days, log_spaced_counts, series_vs_gpu_count, Hold, LinearCost,
};
use costscope_core::catalog::{Catalog, Defaults};
use costscope_core::model::{
    evaluate_figures_with, evaluate_with, Pricing, ScenarioInput, Workload,
};
use costscope_core::realism::StageInput;
use costscope_core::seek::{seek, Figure, SeekInput};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn deepseek() -> ScenarioInput {
    ScenarioInput {
        gpu_hours: Some(2_788_000.0),
        duration_days: None,
        pricing: Some(Pricing::rental(Some(2.0))),
        workload: Some(Workload {
            active_params: 37e9,
            tokens: 14.8e12,
            flops_per_param_token: None,
            precision: None,
        }),
        ..ScenarioInput::new("H800", 2048.0, 1.0)
    }
}

fn benches(c: &mut Criterion) {
    let catalog = Catalog::builtin().expect("catalog");
    let defaults = Defaults::builtin().expect("defaults");
    let input = deepseek();

    c.bench_function("evaluate one scenario", |b| {
        b.iter(|| evaluate_with(black_box(&input), catalog, defaults).expect("valid"))
    });

    let counts = log_spaced_counts(1.0, 100_000.0, 200);
    c.bench_function("chart series, 200 GPU counts", |b| {
        b.iter(|| {
            series_vs_gpu_count(black_box(&input), &counts, Hold::Work, catalog, defaults)
                .expect("valid")
        })
    });

    // DeepSeek-V3 by stage with the sourced scaling and interruption defaults.
    let stage = |label: &str, gpu_hours: f64| StageInput {
        label: label.into(),
        gpu_hours: Some(gpu_hours),
        duration_days: None,
        tokens: None,
        gpu_count: None,
    };
    let realistic = ScenarioInput {
        gpu_hours: None,
        scaling: Some(defaults.default_scaling()),
        reliability: Some(defaults.default_reliability()),
        stages: Some(vec![
            stage("Pre-training", 2_664_000.0),
            stage("Context extension", 119_000.0),
            stage("Post-training", 5_000.0),
        ]),
        ..input.clone()
    };
    c.bench_function("evaluate with scaling + reliability + 3 stages", |b| {
        b.iter(|| evaluate_with(black_box(&realistic), catalog, defaults).expect("valid"))
    });
    // The same without the text: what series, goal seek and Monte Carlo evaluate per point.
    c.bench_function(
        "evaluate figures only with scaling + reliability + 3 stages",
        |b| {
            b.iter(|| {
                evaluate_figures_with(black_box(&realistic), catalog, defaults).expect("valid")
            })
        },
    );
    let realistic_block = ScenarioInput {
        scaling: Some(defaults.default_scaling()),
        reliability: Some(defaults.default_reliability()),
        ..input.clone()
    };
    c.bench_function("chart series, 200 GPU counts, scaling + reliability", |b| {
        b.iter(|| {
            series_vs_gpu_count(
                black_box(&realistic_block),
                &counts,
                Hold::Work,
                catalog,
                defaults,
            )
            .expect("valid")
        })
    });
    c.bench_function("goal seek: the price for a $5 M total (realistic)", |b| {
        b.iter(|| {
            seek(
                black_box(&realistic),
                Figure::TotalCostUsd,
                5e6,
                SeekInput::UsdPerGpuHour,
                catalog,
                defaults,
            )
            .expect("reachable")
        })
    });

    // 1,000 GPU counts × 1,000 durations = 1,000,000 cells, written into a reused buffer.
    let grid_counts = log_spaced_counts(1.0, 1_000_000.0, 1_000_000);
    let grid_counts: Vec<f64> = grid_counts
        .iter()
        .step_by(grid_counts.len() / 1000)
        .take(1000)
        .copied()
        .collect();
    let days = linear_days(1.0, 730.0, 1000);
    let mut out = vec![0.0; grid_counts.len() * days.len()];
    let mut group = c.benchmark_group("sweep");
    group.throughput(Throughput::Elements(out.len() as u64));
    group.bench_function("1,000,000 points (GPU count × duration)", |b| {
        b.iter(|| {
            // Includes one evaluation: the sweep starts from the scenario on screen.
            let e = evaluate_with(black_box(&input), catalog, defaults).expect("valid");
            LinearCost::of(&e)
                .cost_grid(&grid_counts, &days, &mut out)
                .expect("sized");
            black_box(out[out.len() - 1])
        })
    });
    group.finish();

    // Issue 11: 100,000 samples of DeepSeek-V3 with five ranged inputs (price, MFU, PUE,
    // electricity price, tokens) ≤ 20 ms on one core. The MFU is an input here (the days follow),
    // so that it can carry a range.
    let mut ranged = input.clone();
    ranged.gpu_hours = None;
    ranged.mfu = Some(0.34);
    let range = |low: f64, high: f64, distribution| costscope_core::model::InputRange {
        low,
        high,
        distribution,
    };
    use costscope_core::catalog::Distribution::{Lognormal, Normal};
    ranged.uncertainty = Some(
        [
            ("usd_per_gpu_hour".to_string(), range(1.5, 3.0, Lognormal)),
            ("mfu".to_string(), range(0.25, 0.45, Normal)),
            ("pue".to_string(), range(1.05, 1.3, Lognormal)),
            ("usd_per_kwh".to_string(), range(0.05, 0.15, Lognormal)),
            ("tokens".to_string(), range(12e12, 18e12, Lognormal)),
        ]
        .into(),
    );
    let mut group = c.benchmark_group("uncertainty");
    group.sample_size(20);
    group.throughput(Throughput::Elements(100_000));
    group.bench_function("100,000 samples, five ranged inputs", |b| {
        b.iter(|| {
            costscope_core::uncertainty::run(
                black_box(&ranged),
                costscope_core::uncertainty::RunOptions {
                    samples: 100_000,
                    seed: 1,
                },
                catalog,
                defaults,
                None,
            )
            .expect("runs")
        })
    });
    group.finish();
}

criterion_group!(model, benches);
criterion_main!(model);
