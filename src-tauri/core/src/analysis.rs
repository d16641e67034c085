//! Analysis over many scenarios at once: series for charts and dense sweeps over
//! GPU count × duration. Everything derives from the model's evaluation (its figures-only form
//! `evaluate_figures_with`, the same code without the text), so a chart point and the headline
//! figure for the same inputs can never disagree.

use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, Defaults};
use crate::error::{Error, Result};
use crate::model::{evaluate_figures_with, limits, Evaluation, ScenarioInput};

/// What stays fixed while the GPU count moves along a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum Hold {
    /// The work (GPU-hours) stays; more GPUs finish sooner at the same cost.
    Work,
    /// The deadline stays; more GPUs cost more (and the implied MFU falls).
    Duration,
}

/// One point of a series against GPU count.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct GpuCountPoint {
    pub gpu_count: f64,
    pub duration_days: f64,
    pub total_cost_usd: f64,
    pub implied_mfu: Option<f64>,
}

/// `points` GPU counts spread evenly on a log scale over `[min, max]`, rounded to whole GPUs,
/// without repeats (small ranges give fewer points).
pub fn log_spaced_counts(min: f64, max: f64, points: usize) -> Vec<f64> {
    let (min, max) = (min.max(1.0), max.max(min.max(1.0)));
    let mut out: Vec<f64> = Vec::with_capacity(points);
    if points == 0 {
        return out;
    }
    let (lo, hi) = (min.ln(), max.ln());
    for i in 0..points {
        let t = if points == 1 {
            0.0
        } else {
            i as f64 / (points - 1) as f64
        };
        let n = (lo + (hi - lo) * t)
            .exp()
            .round()
            .clamp(min.round(), max.round());
        if out.last() != Some(&n) {
            out.push(n);
        }
    }
    out
}

/// Evaluates the scenario at each GPU count with `hold` fixed. The base evaluation decides the
/// work and the deadline (its duration).
///
/// Holding the work keeps the useful GPU-hours at full scaling efficiency: at N GPUs the run
/// pays `work / (scaling factor(N) × goodput(N))` GPU-hours, so with a scaling loss or
/// interruptions the cost rises with N and the time stops falling. Counts at which the run
/// would never finish (interrupted faster than it restarts) are left out of the series. Without
/// `scaling` and `reliability` this is exactly the base's GPU-hours at every count.
pub fn series_vs_gpu_count(
    base: &ScenarioInput,
    counts: &[f64],
    hold: Hold,
    catalog: &Catalog,
    defaults: &Defaults,
) -> Result<Vec<GpuCountPoint>> {
    // Figures only, here and per point: a series reads four numbers of each evaluation.
    let evaluated = evaluate_figures_with(base, catalog, defaults)?;
    let a = &evaluated.assumptions;
    let work = evaluated.gpu_hours * evaluated.goodput * a.mfu_factor(evaluated.gpu_count);
    let mut input = base.clone();
    // Fix the time in the form the hold needs and let the MFU be implied; stages become one
    // block of the same work.
    input.mfu = None;
    input.duration_days = None;
    input.gpu_hours = None;
    input.stages = None;
    let mut points = Vec::with_capacity(counts.len());
    for &n in counts {
        input.gpu_count = Some(n);
        match hold {
            Hold::Work => {
                let goodput = match a.reliability.map(|r| r.at(n)).transpose() {
                    Ok(at) => at.map_or(1.0, |x| x.goodput),
                    Err(_) => continue,
                };
                input.gpu_hours = Some(work / (a.mfu_factor(n) * goodput));
            }
            Hold::Duration => {
                if a.reliability.is_some_and(|r| r.at(n).is_err()) {
                    continue;
                }
                input.duration_days = Some(evaluated.duration_days);
            }
        }
        let e = evaluate_figures_with(&input, catalog, defaults).map_err(|e| {
            Error::invalid(
                "gpu_count",
                format!("the series could not be evaluated at {n} GPUs: {e}"),
            )
        })?;
        points.push(GpuCountPoint {
            gpu_count: e.gpu_count,
            duration_days: e.duration_days,
            total_cost_usd: e.total_cost_usd,
            implied_mfu: e.implied_mfu,
        });
    }
    Ok(points)
}

/// One count of the cost band: the 5th and 95th percentiles of the total cost there.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CostBandPoint {
    pub gpu_count: f64,
    pub p5_usd: f64,
    pub p95_usd: f64,
}

/// The samples a band over the sweep draws for `samples` samples of the figures: a twentieth,
/// from 100 to 1,000. Every sample is evaluated at every count of the sweep, so 1,000 samples on
/// 41 counts cost about twice the window's 20,000-sample interval.
pub fn band_samples(samples: u64) -> u64 {
    (samples / 20).clamp(100, 1_000)
}

/// The 90 % band of the total cost along the sweep `counts` with `hold` fixed: `samples`
/// scenarios drawn from the ranges with `seed` (the same draws at every count, so the band is
/// smooth along the axis and still from one call to the next), each evaluated as
/// `series_vs_gpu_count` evaluates the scenario. A count reached by fewer than half of the
/// samples (the rest never finish there, or do not evaluate) is left out.
#[allow(clippy::too_many_arguments)]
pub fn cost_band_vs_gpu_count(
    input: &ScenarioInput,
    base: &Evaluation,
    counts: &[f64],
    hold: Hold,
    samples: u64,
    seed: u64,
    catalog: &Catalog,
    defaults: &Defaults,
) -> Result<Vec<CostBandPoint>> {
    let drawn = crate::uncertainty::sampled_scenarios(input, base, samples, seed)?;
    let mut at_count: Vec<Vec<f64>> = vec![Vec::with_capacity(drawn.len()); counts.len()];
    for scenario in &drawn {
        let Ok(points) = series_vs_gpu_count(scenario, counts, hold, catalog, defaults) else {
            continue;
        };
        for p in points {
            if let Ok(i) = counts.binary_search_by(|c| c.total_cmp(&p.gpu_count)) {
                at_count[i].push(p.total_cost_usd);
            }
        }
    }
    let q = crate::uncertainty::quantile_sorted;
    Ok(counts
        .iter()
        .zip(at_count.iter_mut())
        .filter(|(_, costs)| !costs.is_empty() && costs.len() * 2 >= drawn.len())
        .map(|(&gpu_count, costs)| {
            costs.sort_by(f64::total_cmp);
            CostBandPoint {
                gpu_count,
                p5_usd: q(costs, 0.05),
                p95_usd: q(costs, 0.95),
            }
        })
        .collect())
}

/// The point that finishes soonest, when more GPUs stop helping before the series ends (None
/// when the time falls all the way).
pub fn fastest_point(points: &[GpuCountPoint]) -> Option<usize> {
    let (i, _) = points
        .iter()
        .enumerate()
        .min_by(|a, b| a.1.duration_days.total_cmp(&b.1.duration_days))?;
    (i + 1 < points.len()).then_some(i)
}

/// The scenario's total cost as an affine function of GPU-hours:
/// `total = usd_per_gpu_hour × gpu_count × hours + fixed_usd`. Exact for this model, and what makes
/// a dense sweep cheap.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinearCost {
    pub usd_per_gpu_hour: f64,
    pub fixed_usd: f64,
}

impl LinearCost {
    pub fn of(evaluation: &Evaluation) -> LinearCost {
        LinearCost {
            usd_per_gpu_hour: evaluation.assumptions.total_usd_per_gpu_hour(),
            fixed_usd: evaluation.other_costs_usd,
        }
    }

    /// Fills `out` (row-major, one row per GPU count) with the total cost at every
    /// (gpu_count, duration_days) pair. `out` must hold `counts.len() × durations_days.len()`.
    pub fn cost_grid(&self, counts: &[f64], durations_days: &[f64], out: &mut [f64]) -> Result<()> {
        let cols = durations_days.len();
        if out.len() != counts.len() * cols {
            return Err(Error::invalid(
                "out",
                format!(
                    "the output grid holds {} cells but {} × {} are needed",
                    out.len(),
                    counts.len(),
                    cols
                ),
            ));
        }
        if cols == 0 {
            return Ok(());
        }
        for (row, &n) in out.chunks_exact_mut(cols).zip(counts) {
            // Per row the cost is affine in days; this loop vectorises.
            let per_day = self.usd_per_gpu_hour * n * 24.0;
            for (cell, &d) in row.iter_mut().zip(durations_days) {
                *cell = per_day * d + self.fixed_usd;
            }
        }
        Ok(())
    }
}

/// Evenly spaced durations over the allowed range, for grids.
pub fn linear_days(min: f64, max: f64, points: usize) -> Vec<f64> {
    let (min, max) = (
        min.max(limits::DURATION_DAYS.0),
        max.min(limits::DURATION_DAYS.1),
    );
    if points <= 1 {
        return vec![min];
    }
    (0..points)
        .map(|i| min + (max - min) * i as f64 / (points - 1) as f64)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{evaluate_with, Pricing, Workload};

    fn deepseek() -> ScenarioInput {
        let mut s = ScenarioInput::new("H800", 2048.0, 0.0);
        s.duration_days = None;
        s.gpu_hours = Some(2_788_000.0);
        s.pricing = Some(Pricing::rental(Some(2.0)));
        s.workload = Some(Workload {
            active_params: 37e9,
            tokens: 14.8e12,
            flops_per_param_token: None,
            precision: None,
        });
        s
    }

    fn cat() -> (&'static Catalog, &'static Defaults) {
        (Catalog::builtin().unwrap(), Defaults::builtin().unwrap())
    }

    #[test]
    fn with_scaling_and_interruptions_the_same_work_curves_and_has_a_fastest_count() {
        let (c, d) = cat();
        let mut s = deepseek();
        s.scaling = Some(d.default_scaling());
        s.reliability = Some(d.default_reliability());
        let counts = log_spaced_counts(1.0, 100_000.0, 200);
        let pts = series_vs_gpu_count(&s, &counts, Hold::Work, c, d).unwrap();
        // The defaults keep more GPUs helping up to 100,000: the cost curves, no fastest count.
        assert!(pts.last().unwrap().total_cost_usd > pts[0].total_cost_usd * 1.2);
        assert_eq!(fastest_point(&pts), None);
        // Half-hour restarts: past some count the run slows down, then never finishes.
        s.reliability = s.reliability.map(|r| crate::realism::Reliability {
            restart_minutes: 30.0,
            ..r
        });
        let pts = series_vs_gpu_count(&s, &counts, Hold::Work, c, d).unwrap();
        assert!(
            pts.len() < counts.len(),
            "counts that never finish are left out"
        );
        let costs: Vec<f64> = pts.iter().map(|p| p.total_cost_usd).collect();
        // Not flat: more GPUs cost more for the same work.
        assert!(costs.last().unwrap() > &(costs[0] * 1.2), "{costs:?}");
        assert!(costs.windows(2).all(|w| w[1] >= w[0] * (1.0 - 1e-12)));
        let fastest = fastest_point(&pts).expect("a fastest count");
        let at = pts[fastest];
        assert!(at.gpu_count > 2048.0 && at.gpu_count < 100_000.0, "{at:?}");
        assert!(pts[fastest + 1].duration_days > at.duration_days);
        // Without the blocks, the time falls all the way: no fastest count.
        let flat = series_vs_gpu_count(&deepseek(), &counts, Hold::Work, c, d).unwrap();
        assert_eq!(fastest_point(&flat), None);
    }

    #[test]
    fn log_spacing_is_monotone_whole_and_bounded() {
        let counts = log_spaced_counts(1.0, 100_000.0, 200);
        assert!(counts.len() > 150 && counts.len() <= 200);
        assert_eq!(counts[0], 1.0);
        assert_eq!(*counts.last().unwrap(), 100_000.0);
        assert!(counts.windows(2).all(|w| w[0] < w[1]));
        assert!(counts.iter().all(|c| c.fract() == 0.0));
        assert_eq!(log_spaced_counts(5.0, 5.0, 10), vec![5.0]);
        assert!(log_spaced_counts(1.0, 10.0, 0).is_empty());
    }

    #[test]
    fn holding_work_keeps_rental_cost_and_shortens_the_run() {
        let (c, d) = cat();
        let pts =
            series_vs_gpu_count(&deepseek(), &[1024.0, 2048.0, 4096.0], Hold::Work, c, d).unwrap();
        for p in &pts {
            assert!((p.total_cost_usd - 5_576_000.0).abs() < 1e-3);
        }
        assert!((pts[0].duration_days / pts[2].duration_days - 4.0).abs() < 1e-9);
        // The same work at any count implies the same MFU.
        assert!((pts[0].implied_mfu.unwrap() - pts[2].implied_mfu.unwrap()).abs() < 1e-12);
    }

    #[test]
    fn holding_duration_makes_cost_linear_in_count() {
        let (c, d) = cat();
        let pts =
            series_vs_gpu_count(&deepseek(), &[1024.0, 2048.0], Hold::Duration, c, d).unwrap();
        assert!((pts[1].total_cost_usd - 5_576_000.0).abs() < 1e-3);
        assert!((pts[1].total_cost_usd / pts[0].total_cost_usd - 2.0).abs() < 1e-12);
        assert!((pts[0].duration_days - pts[1].duration_days).abs() < 1e-12);
    }

    #[test]
    fn grid_cells_equal_full_evaluations() {
        let (c, d) = cat();
        let mut s = ScenarioInput::new("H100", 100.0, 10.0);
        s.pricing = Some(Pricing::owned(Some(30_000.0), Some(4.0)));
        s.other_costs = vec![crate::model::OtherCost {
            label: "Data".into(),
            usd: 1_000.0,
        }];
        let e = evaluate_with(&s, c, d).unwrap();
        let lin = LinearCost::of(&e);
        let counts = [1.0, 100.0, 5000.0];
        let days = [0.5, 10.0, 365.0];
        let mut grid = vec![0.0; 9];
        lin.cost_grid(&counts, &days, &mut grid).unwrap();
        for (i, &n) in counts.iter().enumerate() {
            for (j, &dd) in days.iter().enumerate() {
                let mut p = s.clone();
                p.gpu_count = Some(n);
                p.duration_days = Some(dd);
                let full = evaluate_with(&p, c, d).unwrap().total_cost_usd;
                let cell = grid[i * 3 + j];
                assert!(
                    (cell - full).abs() <= 1e-9 * full.abs().max(1.0),
                    "{n} {dd}: {cell} vs {full}"
                );
            }
        }
        let mut wrong = vec![0.0; 8];
        assert!(lin.cost_grid(&counts, &days, &mut wrong).is_err());
    }

    #[test]
    fn linear_days_spans_the_range() {
        let d = linear_days(1.0, 730.0, 1000);
        assert_eq!(d.len(), 1000);
        assert_eq!(d[0], 1.0);
        assert!((d[999] - 730.0).abs() < 1e-9);
    }

    /// In rental mode the price multiplies the whole total, so a range on the price alone gives
    /// a band that is the line times the same two factors at every count (the same draws at
    /// every count), near the range's 5th and 95th percentiles over the base price.
    #[test]
    fn a_price_range_gives_a_band_proportional_to_the_line() {
        use crate::catalog::Distribution;
        use crate::model::InputRange;
        let mut input = deepseek();
        input.uncertainty = Some(
            [(
                "usd_per_gpu_hour".to_string(),
                InputRange {
                    low: 1.5,
                    high: 3.0,
                    distribution: Distribution::Lognormal,
                },
            )]
            .into(),
        );
        let (catalog, defaults) = (Catalog::builtin().unwrap(), Defaults::builtin().unwrap());
        let base = evaluate_with(&input, catalog, defaults).unwrap();
        let counts = log_spaced_counts(32.0, 131_072.0, 12);
        let line = series_vs_gpu_count(&input, &counts, Hold::Work, catalog, defaults).unwrap();
        let band = |seed| {
            cost_band_vs_gpu_count(
                &input,
                &base,
                &counts,
                Hold::Work,
                1_000,
                seed,
                catalog,
                defaults,
            )
            .unwrap()
        };
        let drawn = band(1);
        assert_eq!(drawn.len(), counts.len());
        let (lo, hi) = (
            drawn[0].p5_usd / line[0].total_cost_usd,
            drawn[0].p95_usd / line[0].total_cost_usd,
        );
        for (b, l) in drawn.iter().zip(&line) {
            assert_eq!(b.gpu_count, l.gpu_count);
            assert!(
                (b.p5_usd / l.total_cost_usd / lo - 1.0).abs() < 1e-12,
                "{b:?}"
            );
            assert!(
                (b.p95_usd / l.total_cost_usd / hi - 1.0).abs() < 1e-12,
                "{b:?}"
            );
        }
        assert!(
            (lo - 0.75).abs() < 0.04 && (hi - 1.5).abs() < 0.08,
            "{lo} {hi}"
        );
        // The same seed draws the same band; another seed another.
        assert_eq!(band(1), drawn);
        assert_ne!(band(2), drawn);
    }

    /// The window's band takes a twentieth of the interval's samples, from 100 to 1,000.
    #[test]
    fn the_band_samples_follow_the_intervals() {
        assert_eq!(band_samples(crate::uncertainty::PREVIEW_SAMPLES), 100);
        assert_eq!(band_samples(crate::uncertainty::WINDOW_SAMPLES), 1_000);
        assert_eq!(band_samples(10_000_000), 1_000);
    }
}
