//! Uncertainty (issue 11): ranges on inputs, a seeded Monte Carlo over them, and the
//! one-at-a-time sensitivity that a tornado chart draws. Pure: every sample is a scenario
//! evaluated by `evaluate_with`, so an interval can never disagree with the point figures.
//!
//! The generator is PCG-64 MCG (`rand_pcg::Pcg64Mcg`, a fixed, documented algorithm that gives
//! the same stream on every platform) seeded with `seed_from_u64`, and the samples are drawn
//! one after another on one thread, inputs in name order: the same input and seed give the
//! same bytes everywhere. Distributions come from `rand_distr`.

use std::collections::BTreeMap;

use rand::SeedableRng;
use rand_distr::{Distribution as _, LogNormal, Normal, Uniform};
use rand_pcg::Pcg64Mcg;
use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, Defaults, Distribution, PublishedRuns};
use crate::error::{Error, Result};
use crate::model::{
    evaluate_figures_on, evaluate_figures_with, evaluate_with, read_figures_of_resolved,
    Evaluation, Figures, InputRange, Resolved, ScenarioInput, Solved,
};
use crate::realism::{Reliability, Scaling};
use crate::seek::{by_name, Figure, SeekInput};

/// The number of samples `costscope uncertainty` accepts, and its default.
pub const SAMPLES: (u64, u64) = (100, 10_000_000);
pub const DEFAULT_SAMPLES: u64 = 20_000;
pub const DEFAULT_SEED: u64 = 1;
/// The generator, named in the result so that a reader can reproduce it.
pub const GENERATOR: &str = "rand_pcg::Pcg64Mcg (seed_from_u64)";

/// z of the 95th percentile of the standard normal: `low`/`high` of a lognormal or normal range
/// are its 5th/95th percentiles, so they lie 1.645 standard deviations either side of the median.
const Z95: f64 = 1.644_853_626_951_472_2;

/// How many samples the window draws while a slider moves: few enough for the frame budget
/// (about 1 ms with the figures-only evaluation), from the same seed, so the interval does not
/// flicker between frames. When the move ends it draws `WINDOW_SAMPLES`, as the CLI's default.
pub const PREVIEW_SAMPLES: u64 = 2_000;
pub const WINDOW_SAMPLES: u64 = DEFAULT_SAMPLES;

/// An input the window offers a range on, labelled, with the range the scenario allows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RangeChoice {
    /// The name `uncertainty` takes (`usd_per_gpu_hour`).
    pub id: String,
    pub label: String,
    pub unit: String,
    pub min: f64,
    pub max: f64,
}

/// Every input that can carry a range, in the order the window lists them.
pub fn range_choices() -> Vec<RangeChoice> {
    RangedInput::ALL
        .iter()
        .map(|&k| {
            let (min, max) = k.range();
            RangeChoice {
                id: k.as_str().to_string(),
                label: k.label().to_string(),
                unit: k.unit().to_string(),
                min,
                max,
            }
        })
        .collect()
}

/// Without a sourced default range, a new range starts this far either side of the input's
/// value (a 90 % interval of 0.8–1.25×, lognormal: Epoch AI's width for the chip count).
const START_FACTORS: (f64, f64) = (0.8, 1.25);

/// The range the window starts a new range on `name` with: the sourced default of
/// `assets/defaults.json` when there is one (relative ones around the input's value), else
/// 0.8–1.25× the value, lognormal; clipped to what the input allows. An input the scenario
/// solves for, or that it does not have (no workload, no interruptions), is an error naming it.
pub fn starting_range(
    input: &ScenarioInput,
    name: &str,
    catalog: &Catalog,
    defaults: &Defaults,
) -> Result<InputRange> {
    let k = RangedInput::parse(name, "input")?;
    let field = format!("uncertainty.{}", k.as_str());
    let e = evaluate_with(input, catalog, defaults)?;
    check_rangeable(k, input, &e, &field)?;
    let base = k.base(input, &e).ok_or_else(|| {
        Error::invalid(
            &field,
            format!(
                "{field}: this scenario has no {} to put a range on (switch its section on first)",
                k.label()
            ),
        )
    })?;
    let sourced = defaults
        .uncertainty_ranges
        .ranges
        .iter()
        .find(|d| d.input == k.as_str());
    let (low, high, distribution) = match sourced {
        Some(d) if d.relative => (base * d.low, base * d.high, d.distribution),
        Some(d) => (d.low, d.high, d.distribution),
        None => (
            base * START_FACTORS.0,
            base * START_FACTORS.1,
            Distribution::Lognormal,
        ),
    };
    let (low, high) = (k.clip(low).0, k.clip(high).0);
    // A value at the edge of what the input allows (0 interruptions, a price of 0) has no
    // width around it: say so rather than start an empty range.
    if low.partial_cmp(&high) != Some(std::cmp::Ordering::Less)
        || (distribution == Distribution::Lognormal && low <= 0.0)
    {
        return Err(Error::invalid(
            &field,
            format!(
                "{field}: {} is {}, which leaves no room for a range around it; set the value first",
                k.label(),
                show(base)
            ),
        ));
    }
    Ok(InputRange {
        low,
        high,
        distribution,
    })
}

/// An input that can carry a range: every input the goal seek can vary, and the realism
/// issue's scaling and reliability figures. The one list of names `uncertainty` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangedInput {
    Seek(SeekInput),
    MfuLossPerDoubling,
    InterruptionsPer1000GpuDays,
    RestartMinutes,
    CheckpointSaveMinutes,
}

impl RangedInput {
    pub const ALL: [RangedInput; 18] = [
        RangedInput::Seek(SeekInput::GpuCount),
        RangedInput::Seek(SeekInput::DurationDays),
        RangedInput::Seek(SeekInput::GpuHours),
        RangedInput::Seek(SeekInput::UsdPerGpuHour),
        RangedInput::Seek(SeekInput::UsdPerGpu),
        RangedInput::Seek(SeekInput::LifetimeYears),
        RangedInput::Seek(SeekInput::Mfu),
        RangedInput::Seek(SeekInput::Pue),
        RangedInput::Seek(SeekInput::UsdPerKwh),
        RangedInput::Seek(SeekInput::WattsPerGpu),
        RangedInput::Seek(SeekInput::GridGCo2PerKwh),
        RangedInput::Seek(SeekInput::ActiveParams),
        RangedInput::Seek(SeekInput::Tokens),
        RangedInput::Seek(SeekInput::ResearchMultiplier),
        RangedInput::MfuLossPerDoubling,
        RangedInput::InterruptionsPer1000GpuDays,
        RangedInput::RestartMinutes,
        RangedInput::CheckpointSaveMinutes,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RangedInput::Seek(s) => s.as_str(),
            RangedInput::MfuLossPerDoubling => "mfu_loss_per_doubling",
            RangedInput::InterruptionsPer1000GpuDays => "interruptions_per_1000_gpu_days",
            RangedInput::RestartMinutes => "restart_minutes",
            RangedInput::CheckpointSaveMinutes => "checkpoint_save_minutes",
        }
    }

    /// An input by name; an unknown one is an error (naming `field`) listing the valid names.
    pub fn parse(name: &str, field: &str) -> Result<RangedInput> {
        by_name(
            &RangedInput::ALL,
            RangedInput::as_str,
            name,
            field,
            "an input that can carry a range",
        )
    }

    /// The range the scenario's validation allows; samples outside it are clipped to it.
    pub fn range(self) -> (f64, f64) {
        match self {
            RangedInput::Seek(s) => s.range(),
            RangedInput::MfuLossPerDoubling => crate::limits::MFU_LOSS_PER_DOUBLING,
            RangedInput::InterruptionsPer1000GpuDays => {
                crate::limits::INTERRUPTIONS_PER_1000_GPU_DAYS
            }
            RangedInput::RestartMinutes => crate::limits::RESTART_MINUTES,
            RangedInput::CheckpointSaveMinutes => crate::limits::CHECKPOINT_SAVE_MINUTES,
        }
    }

    /// What people call the input.
    pub fn label(self) -> &'static str {
        match self {
            RangedInput::Seek(s) => s.label().0,
            RangedInput::MfuLossPerDoubling => "MFU loss per doubling",
            RangedInput::InterruptionsPer1000GpuDays => "Interruptions per 1,000 GPU-days",
            RangedInput::RestartMinutes => "Restart time",
            RangedInput::CheckpointSaveMinutes => "Checkpoint save time",
        }
    }

    /// The unit written in the samples file's header.
    pub fn unit(self) -> &'static str {
        match self {
            RangedInput::Seek(s) => match s {
                SeekInput::GpuCount => "GPUs",
                SeekInput::DurationDays => "days",
                SeekInput::GpuHours => "GPU-hours",
                SeekInput::UsdPerGpuHour => "USD per GPU-hour",
                SeekInput::UsdPerGpu => "USD",
                SeekInput::LifetimeYears => "years",
                SeekInput::Mfu => "fraction",
                SeekInput::Pue => "ratio",
                SeekInput::UsdPerKwh => "USD per kWh",
                SeekInput::WattsPerGpu => "W",
                SeekInput::GridGCo2PerKwh => "g CO2 per kWh",
                SeekInput::ActiveParams => "parameters",
                SeekInput::Tokens => "tokens",
                SeekInput::ResearchMultiplier => "ratio",
            },
            RangedInput::MfuLossPerDoubling => "fraction per doubling",
            RangedInput::InterruptionsPer1000GpuDays => "per 1000 GPU-days",
            RangedInput::RestartMinutes | RangedInput::CheckpointSaveMinutes => "minutes",
        }
    }

    /// Sets this input to `v` in `s` (the goal seek's setter for its inputs).
    pub fn set_in(self, s: &mut ScenarioInput, v: f64) -> Result<()> {
        let name = self.as_str();
        let needs = |block: &str| {
            Error::invalid(
                format!("uncertainty.{name}"),
                format!(
                    "uncertainty.{name}: a range on {name} needs a scenario with a {block} block"
                ),
            )
        };
        match self {
            RangedInput::Seek(SeekInput::ActiveParams | SeekInput::Tokens)
                if s.workload.is_none() =>
            {
                Err(needs("workload"))
            }
            RangedInput::Seek(k) => k.set_in(s, v),
            RangedInput::MfuLossPerDoubling => {
                let sc: &mut Scaling = s.scaling.as_mut().ok_or_else(|| needs("scaling"))?;
                sc.mfu_loss_per_doubling = v;
                Ok(())
            }
            RangedInput::InterruptionsPer1000GpuDays
            | RangedInput::RestartMinutes
            | RangedInput::CheckpointSaveMinutes => {
                let r: &mut Reliability =
                    s.reliability.as_mut().ok_or_else(|| needs("reliability"))?;
                match self {
                    RangedInput::InterruptionsPer1000GpuDays => {
                        r.interruptions_per_1000_gpu_days = v
                    }
                    RangedInput::RestartMinutes => r.restart_minutes = v,
                    _ => r.checkpoint_save_minutes = v,
                }
                Ok(())
            }
        }
    }

    /// The value the scenario's evaluation used (None when the scenario has none, e.g. a
    /// purchase price when renting).
    pub fn base(self, input: &ScenarioInput, e: &Evaluation) -> Option<f64> {
        let a = &e.assumptions;
        match self {
            RangedInput::Seek(s) => match s {
                SeekInput::GpuCount => Some(e.gpu_count),
                SeekInput::DurationDays => Some(e.duration_days),
                SeekInput::GpuHours => Some(e.gpu_hours),
                SeekInput::UsdPerGpuHour => a.usd_per_gpu_hour,
                SeekInput::UsdPerGpu => a.usd_per_gpu,
                SeekInput::LifetimeYears => a.lifetime_years,
                SeekInput::Mfu => e.stated_mfu,
                SeekInput::Pue => Some(a.pue),
                SeekInput::UsdPerKwh => Some(a.usd_per_kwh),
                SeekInput::WattsPerGpu => Some(a.watts_per_gpu),
                SeekInput::GridGCo2PerKwh => Some(a.grid_g_co2_per_kwh),
                SeekInput::ActiveParams => input.workload.as_ref().map(|w| w.active_params),
                SeekInput::Tokens => input.workload.as_ref().map(|w| w.tokens),
                SeekInput::ResearchMultiplier => Some(a.research_multiplier),
            },
            RangedInput::MfuLossPerDoubling => a.scaling.map(|s| s.mfu_loss_per_doubling),
            RangedInput::InterruptionsPer1000GpuDays => a
                .reliability
                .as_ref()
                .map(|r| r.interruptions_per_1000_gpu_days),
            RangedInput::RestartMinutes => a.reliability.as_ref().map(|r| r.restart_minutes),
            RangedInput::CheckpointSaveMinutes => {
                a.reliability.as_ref().map(|r| r.checkpoint_save_minutes)
            }
        }
    }

    /// Whether the scenario derives this input rather than taking it (then it cannot vary).
    fn solved_by(self, solved: Solved) -> bool {
        matches!(
            (self, solved),
            (RangedInput::Seek(SeekInput::GpuCount), Solved::GpuCount)
                | (
                    RangedInput::Seek(SeekInput::DurationDays | SeekInput::GpuHours),
                    Solved::Duration
                )
                | (RangedInput::Seek(SeekInput::Mfu), Solved::Mfu)
        )
    }

    /// The scenario-wide time, which a staged scenario leaves to its stages.
    fn is_time(self) -> bool {
        matches!(
            self,
            RangedInput::Seek(SeekInput::DurationDays | SeekInput::GpuHours)
        )
    }

    /// `v` within the allowed range (whole GPUs for the count); true when it had to move.
    fn clip(self, v: f64) -> (f64, bool) {
        self.clip_to(v, self.range())
    }

    /// `clip` with the allowed range already looked up (the Monte Carlo's loop looks it up
    /// once per run).
    #[inline]
    fn clip_to(self, v: f64, (min, max): (f64, f64)) -> (f64, bool) {
        let mut c = v.clamp(min, max);
        if self == RangedInput::Seek(SeekInput::GpuCount) {
            c = c.round().clamp(min, max);
        }
        (c, v < min || v > max)
    }
}

/// A validated range, ready to sample.
#[derive(Debug, Clone)]
enum Sampler {
    Lognormal(LogNormal<f64>),
    Normal(Normal<f64>),
    Uniform(Uniform<f64>),
}

impl Sampler {
    /// Checks a range (one sentence naming `field` when it is wrong) and builds its sampler.
    fn new(field: &str, r: &InputRange) -> Result<Sampler> {
        let bad = |why: String| Error::invalid(field, format!("{field}: {why}"));
        if !r.low.is_finite() || !r.high.is_finite() {
            return Err(bad("low and high must be finite numbers".into()));
        }
        if r.low >= r.high {
            return Err(bad(format!(
                "low ({}) must be below high ({})",
                show(r.low),
                show(r.high)
            )));
        }
        let internal = |e: String| bad(format!("the range cannot be sampled ({e})"));
        Ok(match r.distribution {
            Distribution::Lognormal => {
                if r.low <= 0.0 {
                    return Err(bad(format!(
                        "a lognormal range needs low above 0 (got {}); use \"distribution\": \
                         \"normal\" or \"uniform\" for ranges that reach 0",
                        show(r.low)
                    )));
                }
                let (a, b) = (r.low.ln(), r.high.ln());
                let sigma = (b - a) / (2.0 * Z95);
                Sampler::Lognormal(
                    LogNormal::new(0.5 * (a + b), sigma).map_err(|e| internal(e.to_string()))?,
                )
            }
            Distribution::Normal => {
                let sd = (r.high - r.low) / (2.0 * Z95);
                Sampler::Normal(
                    Normal::new(0.5 * (r.low + r.high), sd).map_err(|e| internal(e.to_string()))?,
                )
            }
            Distribution::Uniform => Sampler::Uniform(
                Uniform::new_inclusive(r.low, r.high).map_err(|e| internal(e.to_string()))?,
            ),
        })
    }

    fn draw(&self, rng: &mut Pcg64Mcg) -> f64 {
        match self {
            Sampler::Lognormal(d) => d.sample(rng),
            Sampler::Normal(d) => d.sample(rng),
            Sampler::Uniform(d) => d.sample(rng),
        }
    }
}

fn show(v: f64) -> String {
    crate::format::plain_number(v)
}

/// The scenario's ranges, each parsed and checked against what the scenario solves for.
/// Checks the scenario's `uncertainty` block against its evaluation `e` (a known input, a
/// sensible range, not on what the scenario solves for): what is saved or imported must run.
pub fn check_ranges(input: &ScenarioInput, e: &Evaluation) -> Result<()> {
    ranged_inputs(input, e).map(|_| ())
}

/// Whether input `k` can carry a range in this scenario: not what it solves for, and not its
/// time when the time is given stage by stage. One check for a range given in the scenario and
/// for one the window starts (`starting_range`).
fn check_rangeable(
    k: RangedInput,
    input: &ScenarioInput,
    e: &Evaluation,
    field: &str,
) -> Result<()> {
    if k.solved_by(e.solved_for) {
        return Err(Error::invalid(
            field,
            format!(
                "{field}: this scenario solves for {}, so it cannot carry a range; give a \
                 range on one of the inputs it is solved from instead",
                k.as_str()
            ),
        ));
    }
    if k.is_time() && input.stages.is_some() {
        return Err(Error::invalid(
            field,
            format!(
                "{field}: this scenario's time is given stage by stage, so {} cannot carry \
                 a range",
                k.as_str()
            ),
        ));
    }
    Ok(())
}

fn ranged_inputs(
    input: &ScenarioInput,
    base: &Evaluation,
) -> Result<Vec<(RangedInput, InputRange, Sampler)>> {
    let mut out = Vec::new();
    for (name, range) in input.uncertainty.iter().flatten() {
        let k = RangedInput::parse(name, "uncertainty")?;
        let field = format!("uncertainty.{}", k.as_str());
        if out.iter().any(|(r, _, _)| *r == k) {
            return Err(Error::invalid(
                &field,
                format!("{field}: the input has two ranges; give it one"),
            ));
        }
        check_rangeable(k, input, base, &field)?;
        let sampler = Sampler::new(&field, range)?;
        // Setting the input once on a copy finds a missing block before any sampling.
        k.set_in(&mut input.clone(), k.clip(range.low).0)?;
        out.push((k, *range, sampler));
    }
    // Name order (BTreeMap keys, after parsing): the draw order is part of the reproducibility.
    out.sort_by_key(|(k, _, _)| k.as_str());
    Ok(out)
}

/// A figure the Monte Carlo summarises: the evaluation's, or the GPU count when solved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Figure(Figure),
    GpuCount,
}

impl Column {
    fn name(self) -> &'static str {
        match self {
            Column::Figure(f) => f.as_str(),
            Column::GpuCount => "gpu_count",
        }
    }

    fn unit(self) -> &'static str {
        match self {
            Column::Figure(f) => match f {
                Figure::TotalCostUsd | Figure::TotalWithResearchUsd => "USD",
                Figure::UsdPerMillionTokens => "USD per million tokens",
                Figure::DurationDays => "days",
                Figure::GpuHours => "GPU-hours",
                Figure::EnergyKwh => "kWh",
                Figure::Co2Tonnes => "t CO2e",
                Figure::ImpliedMfu => "fraction",
            },
            Column::GpuCount => "GPUs",
        }
    }

    /// The column's value in one sample's figures (samples are evaluated without text).
    fn of(self, e: &Figures) -> Option<f64> {
        match self {
            Column::Figure(f) => f.of_figures(e),
            Column::GpuCount => Some(e.gpu_count),
        }
    }
}

/// The figures every run has, then those the scenario computes.
fn columns(base: &Evaluation) -> Vec<Column> {
    let mut cols: Vec<Column> = [
        Figure::TotalCostUsd,
        Figure::TotalWithResearchUsd,
        Figure::DurationDays,
        Figure::GpuHours,
        Figure::EnergyKwh,
        Figure::Co2Tonnes,
    ]
    .into_iter()
    .map(Column::Figure)
    .collect();
    if base.solved_for == Solved::Mfu {
        cols.push(Column::Figure(Figure::ImpliedMfu));
    }
    if base.solved_for == Solved::GpuCount {
        cols.push(Column::GpuCount);
    }
    if base.usd_per_million_tokens.is_some() {
        cols.push(Column::Figure(Figure::UsdPerMillionTokens));
    }
    cols
}

/// Mean and 5th/50th/95th percentiles of one figure over the samples.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Stats {
    pub mean: f64,
    pub p5: f64,
    pub p50: f64,
    pub p95: f64,
}

/// The percentiles a summary reports.
const PERCENTILES: [f64; 3] = [0.05, 0.5, 0.95];

/// The order statistics (0-based ranks among `n` values) that the percentiles interpolate
/// between: Hyndman and Fan's type 7, the default of R and NumPy, as `quantile_sorted`.
fn needed_ranks(n: u64) -> [u64; 6] {
    let mut out = [0; 6];
    for (i, p) in PERCENTILES.iter().enumerate() {
        let (lo, hi, _) = type7(n, *p);
        out[2 * i] = lo;
        out[2 * i + 1] = hi;
    }
    out
}

impl Stats {
    /// The summary from the sum of the `n` values (in sample order) and the values at
    /// `needed_ranks(n)`, interpolated as `quantile_sorted` does.
    fn from_ranks(sum: f64, n: u64, at: [f64; 6]) -> Stats {
        let q = |i: usize| interpolate(at[2 * i], at[2 * i + 1], type7(n, PERCENTILES[i]).2);
        Stats {
            mean: sum / n as f64,
            p5: q(0),
            p50: q(1),
            p95: q(2),
        }
    }
}

/// `v` as an unsigned key whose order is `f64::total_cmp`'s: positive values get the sign bit
/// (above every negative), negative ones every bit flipped (a larger magnitude is smaller).
/// Keys that are equal are the same value, bit for bit, so an order statistic of the keys is
/// exactly the one of a sort by `total_cmp`, and integer comparisons are cheaper than floats'.
fn order_key(v: f64) -> u64 {
    let b = v.to_bits();
    if b >> 63 == 1 {
        !b
    } else {
        b | (1 << 63)
    }
}

fn from_order_key(k: u64) -> f64 {
    if k >> 63 == 1 {
        f64::from_bits(k & !(1 << 63))
    } else {
        f64::from_bits(!k)
    }
}

/// The keys at the ascending, distinct `ranks` (0-based, within `keys`), into `out`: the middle
/// rank by quickselect (`select_nth_unstable`), then the ranks below and above it within the
/// part on their side, so six ranks cost about two passes over the values where sorting them
/// cost several.
fn select_ranks(keys: &mut [u64], ranks: &[u64], out: &mut [u64]) {
    if ranks.is_empty() {
        return;
    }
    let mid = (ranks.len() - 1) / 2;
    let r = ranks[mid] as usize;
    let (left, nth, right) = keys.select_nth_unstable(r);
    out[mid] = *nth;
    let (out_below, rest) = out.split_at_mut(mid);
    select_ranks(left, &ranks[..mid], out_below);
    let above: Vec<u64> = ranks[mid + 1..].iter().map(|a| a - r as u64 - 1).collect();
    select_ranks(right, &above, &mut rest[1..]);
}

/// Columns at least this long are bucketed before any selection (`select_ranks_bucketed`).
const BUCKETED_FROM: usize = 1 << BUCKET_BITS;
const BUCKET_BITS: u32 = 12;

/// `select_ranks` for a long column: one pass finds the keys' least and greatest, one counts
/// them into 4,096 buckets by their bits above the least (so the buckets follow the column's own
/// span, not the whole range of a float), and one keeps only the values of the buckets the
/// ranks fall in; the ranks are then selected among those. About a third of quickselect's work
/// on 100,000 values; exact, since a bucket's values are all above the buckets before it.
fn select_ranks_bucketed(keys: &[u64], ranks: &[u64], out: &mut [u64]) {
    let (least, greatest) = keys
        .iter()
        .fold((u64::MAX, u64::MIN), |(lo, hi), &k| (lo.min(k), hi.max(k)));
    let span = greatest.wrapping_sub(least);
    if keys.is_empty() || span == 0 {
        out.fill(least);
        return;
    }
    let shift = (u64::BITS - span.leading_zeros()).saturating_sub(BUCKET_BITS);
    // Below 4,096 by the choice of `shift`; the mask says so to the compiler (no bounds checks).
    let bucket = |k: u64| ((k - least) >> shift) as usize & ((1 << BUCKET_BITS) - 1);
    let mut counts = vec![0u64; 1 << BUCKET_BITS];
    for &k in keys {
        counts[bucket(k)] += 1;
    }
    // Each rank's bucket, and how many values lie in the buckets below it.
    let mut wanted: Vec<(usize, u64)> = Vec::with_capacity(ranks.len());
    let (mut b, mut below) = (0usize, 0u64);
    for &r in ranks {
        while below + counts[b] <= r {
            below += counts[b];
            b += 1;
        }
        if wanted.last().map(|w| w.0) != Some(b) {
            wanted.push((b, below));
        }
    }
    // slot[b]: 1 + the index of bucket b among the wanted ones, 0 for the others.
    let mut slot = vec![0u8; 1 << BUCKET_BITS];
    let mut held: Vec<Vec<u64>> = Vec::with_capacity(wanted.len());
    for (i, (b, _)) in wanted.iter().enumerate() {
        slot[*b] = (i + 1) as u8;
        held.push(Vec::with_capacity(counts[*b] as usize));
    }
    for &k in keys {
        let s = slot[bucket(k)];
        if s != 0 {
            held[usize::from(s) - 1].push(k);
        }
    }
    let mut at = 0;
    for ((_, below), values) in wanted.iter().zip(&mut held) {
        let inside: Vec<u64> = ranks[at..]
            .iter()
            .take_while(|&&r| r < below + values.len() as u64)
            .map(|r| r - below)
            .collect();
        select_ranks(values, &inside, &mut out[at..at + inside.len()]);
        at += inside.len();
    }
}

/// The keys at `ranks` (ascending, perhaps repeated), by `select_ranks` on the distinct ones.
fn keys_at(keys: &mut [u64], ranks: &[u64]) -> Vec<u64> {
    let mut distinct = ranks.to_vec();
    distinct.dedup();
    let mut found = vec![0u64; distinct.len()];
    // (A bucket's slot is a byte: at most 255 wanted buckets, where a summary wants six.)
    if keys.len() >= BUCKETED_FROM && distinct.len() <= usize::from(u8::MAX) {
        select_ranks_bucketed(keys, &distinct, &mut found);
    } else {
        select_ranks(keys, &distinct, &mut found);
    }
    ranks
        .iter()
        .map(|r| found[distinct.partition_point(|d| d < r)])
        .collect()
}

/// The summary of `keys` (the order keys of the values; reordered) whose values sum to `sum`.
fn stats_of_keys(keys: &mut [u64], sum: f64) -> Stats {
    let n = keys.len() as u64;
    let found = keys_at(keys, &needed_ranks(n));
    let mut at = [0.0; 6];
    for (a, k) in at.iter_mut().zip(found) {
        *a = from_order_key(k);
    }
    Stats::from_ranks(sum, n, at)
}

/// Exact order statistics of columns too long to hold, over replays of the same sample stream
/// (the Monte Carlo's draws are reproducible, so a second pass sees the same values): a radix
/// selection whose digits are taken one pass at a time. The first pass counts every value's top
/// `FIRST_DIGIT_BITS` bits; each wanted rank then lies in one bucket, and the next pass keeps
/// the values of that bucket when they fit the budget, or counts their next digit when they do
/// not. A 10,000,000-sample run usually takes two passes and a few tens of MB, where holding
/// its columns took 80 MB each.
struct StreamedRanks {
    /// Per column, the groups of wanted ranks that share a key prefix.
    columns: Vec<Vec<RankGroup>>,
}

const FIRST_DIGIT_BITS: u32 = 20;
const NEXT_DIGIT_BITS: u32 = 16;
/// The most values the collecting groups of one pass hold together (64 MB).
const COLLECT_BUDGET: usize = 8 << 20;

struct RankGroup {
    /// The bits every value of the group starts with (its top `prefix_bits` bits).
    prefix: u64,
    prefix_bits: u32,
    /// (index among the column's six ranks, rank among the group's values).
    ranks: Vec<(usize, u64)>,
    state: GroupState,
}

enum GroupState {
    /// Counting the next digit of the group's values.
    Counting { digit_bits: u32, counts: Vec<u64> },
    /// Keeping the group's values, to select among them.
    Keeping(Vec<u64>),
    /// Every wanted rank found: (index among the six, key).
    Done(Vec<(usize, u64)>),
}

impl RankGroup {
    fn holds(&self, key: u64) -> bool {
        self.prefix_bits == 0 || key >> (64 - self.prefix_bits) == self.prefix
    }
}

impl StreamedRanks {
    /// `columns` columns, each counted by its first digit in the first pass.
    fn new(columns: usize) -> StreamedRanks {
        let group = || RankGroup {
            prefix: 0,
            prefix_bits: 0,
            ranks: Vec::new(),
            state: GroupState::Counting {
                digit_bits: FIRST_DIGIT_BITS,
                counts: vec![0; 1 << FIRST_DIGIT_BITS],
            },
        };
        StreamedRanks {
            columns: (0..columns).map(|_| vec![group()]).collect(),
        }
    }

    /// After the first pass: the ranks wanted among the `n` values of each column.
    fn start(&mut self, n: u64) {
        let ranks: Vec<(usize, u64)> = needed_ranks(n).into_iter().enumerate().collect();
        for groups in &mut self.columns {
            for g in groups {
                g.ranks = ranks.clone();
            }
        }
    }

    /// Whether another pass is needed.
    fn pending(&self) -> bool {
        self.columns
            .iter()
            .flatten()
            .any(|g| !matches!(g.state, GroupState::Done(_)))
    }

    /// One value of column `col`, in this pass.
    fn see(&mut self, col: usize, key: u64) {
        for g in &mut self.columns[col] {
            if !g.holds(key) {
                continue;
            }
            match &mut g.state {
                GroupState::Counting { digit_bits, counts } => {
                    let shift = 64 - g.prefix_bits - *digit_bits;
                    let digit = (key >> shift) as usize & ((1 << *digit_bits) - 1);
                    counts[digit] += 1;
                }
                GroupState::Keeping(values) => values.push(key),
                GroupState::Done(_) => {}
            }
            // Groups of a column have disjoint prefixes.
            break;
        }
    }

    /// After a pass: narrows each counting group to the buckets its ranks fall in, and selects
    /// within each kept group.
    fn end_pass(&mut self) {
        let mut budget = COLLECT_BUDGET;
        for groups in &mut self.columns {
            let mut next = Vec::with_capacity(groups.len());
            for g in groups.drain(..) {
                match g.state {
                    GroupState::Done(_) => next.push(g),
                    GroupState::Keeping(mut values) => {
                        let ranks: Vec<u64> = g.ranks.iter().map(|r| r.1).collect();
                        let found = keys_at(&mut values, &ranks);
                        let done = g.ranks.iter().map(|r| r.0).zip(found).collect();
                        next.push(RankGroup {
                            state: GroupState::Done(done),
                            ..g
                        });
                    }
                    GroupState::Counting { digit_bits, counts } => {
                        let bits = g.prefix_bits + digit_bits;
                        // Ranks are ascending: walk the buckets once.
                        let (mut bucket, mut before) = (0usize, 0u64);
                        let mut i = 0;
                        while i < g.ranks.len() {
                            while before + counts[bucket] <= g.ranks[i].1 {
                                before += counts[bucket];
                                bucket += 1;
                            }
                            let count = counts[bucket];
                            let mut ranks = Vec::new();
                            while i < g.ranks.len() && g.ranks[i].1 < before + count {
                                ranks.push((g.ranks[i].0, g.ranks[i].1 - before));
                                i += 1;
                            }
                            let prefix = (g.prefix << digit_bits) | bucket as u64;
                            let state = if bits == 64 {
                                // Every value of the bucket has the same 64 bits.
                                GroupState::Done(ranks.iter().map(|r| (r.0, prefix)).collect())
                            } else if (count as usize) <= budget {
                                budget -= count as usize;
                                GroupState::Keeping(Vec::with_capacity(count as usize))
                            } else {
                                let d = NEXT_DIGIT_BITS.min(64 - bits);
                                GroupState::Counting {
                                    digit_bits: d,
                                    counts: vec![0; 1 << d],
                                }
                            };
                            next.push(RankGroup {
                                prefix,
                                prefix_bits: bits,
                                ranks,
                                state,
                            });
                        }
                    }
                }
            }
            *groups = next;
        }
    }

    /// The six values of each column, once no pass is pending.
    fn values(&self) -> Result<Vec<[f64; 6]>> {
        self.columns
            .iter()
            .map(|groups| {
                let mut at = [f64::NAN; 6];
                for g in groups {
                    let GroupState::Done(found) = &g.state else {
                        return Err(Error::internal("a rank was not found"));
                    };
                    for &(i, key) in found {
                        at[i] = from_order_key(key);
                    }
                }
                Ok(at)
            })
            .collect()
    }
}

/// The summary of every figure; those the scenario does not compute are absent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct UncertainFigures {
    pub total_cost_usd: Stats,
    pub total_with_research_usd: Stats,
    pub duration_days: Stats,
    pub gpu_hours: Stats,
    pub energy_kwh: Stats,
    pub co2_tonnes: Stats,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub implied_mfu: Option<Stats>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub gpu_count: Option<Stats>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub usd_per_million_tokens: Option<Stats>,
}

/// What `costscope uncertainty` prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct UncertaintyResult {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub samples: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seed: u64,
    pub generator: String,
    /// Drawn values that fell outside their input's allowed range and were clipped to it.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub clipped: u64,
    /// The same, per input (inputs with none clipped are left out).
    #[cfg_attr(feature = "ts", ts(type = "Record<string, number>"))]
    pub clipped_by_input: BTreeMap<String, u64>,
    /// Samples whose scenario does not evaluate (e.g. a run that never finishes between
    /// interruptions); the statistics are over the others.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub failed: u64,
    pub figures: UncertainFigures,
    /// When the scenario implies its MFU: the share of samples whose implied MFU lies within
    /// the published runs' span (`assets/published_runs.json`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub plausible_share: Option<f64>,
}

/// How many samples, from which seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunOptions {
    pub samples: u64,
    pub seed: u64,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            samples: DEFAULT_SAMPLES,
            seed: DEFAULT_SEED,
        }
    }
}

/// Checks a sample count (field `samples`).
pub fn check_samples(n: u64) -> Result<u64> {
    let (min, max) = SAMPLES;
    if !(min..=max).contains(&n) {
        return Err(Error::invalid(
            "samples",
            format!(
                "samples must be from {} to {}; got {}",
                show(min as f64),
                show(max as f64),
                show(n as f64)
            ),
        ));
    }
    Ok(n)
}

/// Runs the Monte Carlo. With `csv`, every sample is written to it as one row (inputs, then
/// figures, units in the header), as the samples are drawn: a run of millions of samples never
/// holds its rows.
pub fn run(
    input: &ScenarioInput,
    options: RunOptions,
    catalog: &Catalog,
    defaults: &Defaults,
    csv: Option<&mut dyn std::io::Write>,
) -> Result<UncertaintyResult> {
    run_with(
        input,
        options,
        catalog,
        defaults,
        csv,
        false,
        IN_MEMORY_VALUES,
    )
    .map(|(r, _)| r)
}

/// `run`, also returning every sample's total cost, sorted (the distribution chart's bins).
/// The window's runs are small; every value is held.
pub fn run_keeping_totals(
    input: &ScenarioInput,
    options: RunOptions,
    catalog: &Catalog,
    defaults: &Defaults,
    csv: Option<&mut dyn std::io::Write>,
) -> Result<(UncertaintyResult, Vec<f64>)> {
    run_with(input, options, catalog, defaults, csv, true, usize::MAX)
}

/// Up to this many values (samples × figures) a run holds, as order keys, and selects its
/// percentiles among (8 bytes each: 32 MB); a longer run replays its sample stream instead
/// (`StreamedRanks`), so that a run of 10,000,000 samples stays within a few tens of MB.
const IN_MEMORY_VALUES: usize = 4 << 20;

/// Sets one input of resolved scenario `r` to `v` as resolving the scenario with that input
/// set to `v` would, `v` being within the input's allowed range (the Monte Carlo clips its
/// draws to it): the Monte Carlo resolves its scenario once and then moves only the drawn
/// inputs, as validating and resolving the whole scenario again was half a sample's time.
/// False, changing nothing, for an input that reaches further than one resolved field (the
/// GPU count, the time, the purchase price and life, the realism figures) or that this
/// scenario lacks (tokens without a workload): resolve the scenario afresh for those.
fn set_drawn(r: &mut Resolved<'_>, k: SeekInput, v: f64) -> bool {
    use SeekInput as K;
    let a = &mut r.assumptions;
    match k {
        K::UsdPerGpuHour => {
            // As `resolve_on`: the rental price is kept whatever the mode, and is the price
            // of compute only when renting.
            r.rent_usd_per_gpu_hour = v;
            if a.pricing_mode == crate::model::PricingMode::Rental {
                a.usd_per_gpu_hour = Some(v);
            }
        }
        K::Mfu => r.mfu = Some(v),
        K::Pue => a.pue = v,
        K::UsdPerKwh => a.usd_per_kwh = v,
        K::WattsPerGpu => a.watts_per_gpu = v,
        K::GridGCo2PerKwh => a.grid_g_co2_per_kwh = v,
        K::ResearchMultiplier => a.research_multiplier = v,
        K::ActiveParams | K::Tokens => {
            let (Some(params), Some(tokens), Some(fppt)) =
                (r.active_params, r.tokens, a.flops_per_param_token)
            else {
                return false;
            };
            let (params, tokens) = if k == K::Tokens {
                (params, v)
            } else {
                (v, tokens)
            };
            r.active_params = Some(params);
            r.tokens = Some(tokens);
            r.training_flops = Some(crate::model::workload_flops(fppt, params, tokens));
        }
        K::GpuCount | K::DurationDays | K::GpuHours | K::UsdPerGpu | K::LifetimeYears => {
            return false
        }
    }
    true
}

/// The sample stream of a run: each sample's drawn inputs, clipped, in name order from one
/// generator, and its figures. Replaying it (`pass`) gives the same samples, bit for bit.
struct SampleStream<'a> {
    ranged: &'a [(RangedInput, InputRange, Sampler)],
    cols: &'a [Column],
    /// The scenario without its ranges.
    plain: &'a ScenarioInput,
    gpu: &'a crate::catalog::Gpu,
    defaults: &'a Defaults,
    samples: u64,
    seed: u64,
    /// Whether every ranged input moves one resolved field (`set_drawn`): then the
    /// scenario is resolved once, not once a sample.
    in_place: bool,
}

/// What one pass saw besides the figures.
#[derive(Default)]
struct PassCounts {
    clipped_by: Vec<u64>,
    failed: u64,
    first_error: Option<Error>,
}

impl SampleStream<'_> {
    /// Draws and evaluates every sample in order, giving `each` the sample's index, its drawn
    /// inputs and its figures in column order (samples that do not evaluate are counted, not given).
    fn pass(&self, mut each: impl FnMut(u64, &[f64], &[f64]) -> Result<()>) -> Result<PassCounts> {
        let mut rng = Pcg64Mcg::seed_from_u64(self.seed);
        let mut counts = PassCounts {
            clipped_by: vec![0; self.ranged.len()],
            ..PassCounts::default()
        };
        let mut drawn = vec![0.0; self.ranged.len()];
        let mut row = vec![f64::NAN; self.cols.len()];
        let mut resolved = if self.in_place {
            Some(self.plain.resolve_on(self.gpu, self.defaults)?)
        } else {
            None
        };
        let mut scenario = self.plain.clone();
        let bounds: Vec<(f64, f64)> = self.ranged.iter().map(|(k, _, _)| k.range()).collect();
        for i in 0..self.samples {
            for (j, ((k, _, sampler), within)) in self.ranged.iter().zip(&bounds).enumerate() {
                let (v, moved) = k.clip_to(sampler.draw(&mut rng), *within);
                counts.clipped_by[j] += u64::from(moved);
                drawn[j] = v;
                match (&mut resolved, k) {
                    (Some(r), RangedInput::Seek(s)) => {
                        set_drawn(r, *s, v);
                    }
                    _ => k.set_in(&mut scenario, v)?,
                }
            }
            let mut fill = |e: &Figures| {
                for (slot, c) in row.iter_mut().zip(self.cols) {
                    *slot = c.of(e).unwrap_or(f64::NAN);
                }
            };
            let evaluated = match &resolved {
                Some(r) => read_figures_of_resolved(self.plain, r, fill),
                None => evaluate_figures_on(&scenario, self.gpu, self.defaults).map(|e| fill(&e)),
            };
            match evaluated {
                Ok(()) => each(i, &drawn, &row)?,
                Err(err) => {
                    counts.failed += 1;
                    counts.first_error.get_or_insert(err);
                }
            }
        }
        Ok(counts)
    }
}

fn write_failed(e: std::io::Error) -> Error {
    Error::Io {
        message: format!("the samples could not be written: {e}"),
    }
}

fn run_with(
    input: &ScenarioInput,
    options: RunOptions,
    catalog: &Catalog,
    defaults: &Defaults,
    mut csv: Option<&mut dyn std::io::Write>,
    keep_totals: bool,
    in_memory_values: usize,
) -> Result<(UncertaintyResult, Vec<f64>)> {
    let samples = check_samples(options.samples)?;
    let base = evaluate_with(input, catalog, defaults)?;
    let ranged = ranged_inputs(input, &base)?;
    if ranged.is_empty() {
        return Err(Error::invalid(
            "uncertainty",
            "uncertainty: give at least one input a range, e.g. \"uncertainty\": \
             {\"usd_per_gpu_hour\": {\"low\": 1.5, \"high\": 3}}",
        ));
    }
    let cols = columns(&base);
    if let Some(out) = csv.as_deref_mut() {
        let mut head: Vec<String> = vec!["sample".into()];
        head.extend(
            ranged
                .iter()
                .map(|(k, _, _)| format!("{} ({})", k.as_str(), k.unit())),
        );
        head.extend(cols.iter().map(|c| format!("{} ({})", c.name(), c.unit())));
        writeln!(out, "{}", head.join(",")).map_err(write_failed)?;
    }
    let mut plain = input.clone();
    plain.uncertainty = None;
    // No ranged input is the accelerator, so every sample runs on the base's: look it up once.
    let gpu = input.resolve_gpu(catalog)?;
    let in_place = {
        let mut probe = plain.resolve_on(gpu, defaults)?;
        ranged.iter().all(|(k, range, _)| match k {
            RangedInput::Seek(s) => set_drawn(&mut probe, *s, k.clip(range.low).0),
            _ => false,
        })
    };
    let stream = SampleStream {
        ranged: &ranged,
        cols: &cols,
        plain: &plain,
        gpu,
        defaults,
        samples,
        seed: options.seed,
        in_place,
    };
    let held = usize::try_from(samples)
        .ok()
        .and_then(|n| n.checked_mul(cols.len()))
        .is_some_and(|v| v <= in_memory_values);
    let implied_at = cols
        .iter()
        .position(|c| *c == Column::Figure(Figure::ImpliedMfu));
    let span = match implied_at {
        Some(_) => Some(PublishedRuns::builtin()?.span()),
        None => None,
    };

    // The first pass: the CSV, the sums, the plausible share, and every value's key held (a
    // run that fits) or counted by its first digit (one that does not).
    let capacity = if held {
        usize::try_from(samples).unwrap_or(0)
    } else {
        0
    };
    let mut keys: Vec<Vec<u64>> = cols.iter().map(|_| Vec::with_capacity(capacity)).collect();
    let mut sums = vec![0.0f64; cols.len()];
    let mut inside = 0u64;
    let mut streamed = (!held).then(|| StreamedRanks::new(cols.len()));
    let counts = stream.pass(|i, drawn, row| {
        if let Some(out) = csv.as_deref_mut() {
            write!(out, "{}", i + 1).map_err(write_failed)?;
            for v in drawn.iter().chain(row) {
                write!(out, ",{v}").map_err(write_failed)?;
            }
            writeln!(out).map_err(write_failed)?;
        }
        for (s, v) in sums.iter_mut().zip(row) {
            *s += v;
        }
        if let (Some(i), Some((lo, hi))) = (implied_at, span) {
            inside += u64::from((lo..=hi).contains(&row[i]));
        }
        match &mut streamed {
            None => {
                for (col, v) in keys.iter_mut().zip(row) {
                    col.push(order_key(*v));
                }
            }
            Some(st) => {
                for (c, v) in row.iter().enumerate() {
                    st.see(c, order_key(*v));
                }
            }
        }
        Ok(())
    })?;
    if counts.failed == samples {
        return Err(counts
            .first_error
            .unwrap_or_else(|| Error::internal("no sample evaluated")));
    }
    if let Some(out) = csv {
        out.flush().map_err(write_failed)?;
    }
    // The samples that evaluated: the statistics are over these.
    let n = samples - counts.failed;
    let mut stats: Vec<Stats> = Vec::with_capacity(cols.len());
    match streamed {
        None => {
            // A column equal bit for bit to an earlier one (the total with research is the
            // total at a multiplier of 1) has that one's statistics: found before any column is
            // reordered, and only the first of equal columns is selected in.
            let twins: Vec<Option<usize>> = (0..keys.len())
                .map(|j| (0..j).find(|&i| keys[i] == keys[j]))
                .collect();
            for (j, twin) in twins.iter().enumerate() {
                let s = match twin {
                    Some(i) => stats[*i],
                    None => stats_of_keys(&mut keys[j], sums[j]),
                };
                stats.push(s);
            }
        }
        Some(mut st) => {
            // The first pass counted first digits before the number of samples that evaluate
            // was known; the ranks follow from it.
            st.start(n);
            st.end_pass();
            while st.pending() {
                stream.pass(|_, _, row| {
                    for (c, v) in row.iter().enumerate() {
                        st.see(c, order_key(*v));
                    }
                    Ok(())
                })?;
                st.end_pass();
            }
            for (at, sum) in st.values()?.into_iter().zip(&sums) {
                stats.push(Stats::from_ranks(*sum, n, at));
            }
        }
    }
    let totals = if keep_totals {
        let mut t: Vec<f64> = keys[0].iter().map(|&k| from_order_key(k)).collect();
        t.sort_by(f64::total_cmp);
        t
    } else {
        Vec::new()
    };
    let get = |name: &str| cols.iter().position(|c| c.name() == name).map(|i| stats[i]);
    let need = |name: &str| get(name).ok_or_else(|| Error::internal(format!("{name} missing")));
    let figures = UncertainFigures {
        total_cost_usd: need("total_cost_usd")?,
        total_with_research_usd: need("total_with_research_usd")?,
        duration_days: need("duration_days")?,
        gpu_hours: need("gpu_hours")?,
        energy_kwh: need("energy_kwh")?,
        co2_tonnes: need("co2_tonnes")?,
        implied_mfu: get("implied_mfu"),
        gpu_count: get("gpu_count"),
        usd_per_million_tokens: get("usd_per_million_tokens"),
    };
    let result = UncertaintyResult {
        samples,
        seed: options.seed,
        generator: GENERATOR.into(),
        clipped: counts.clipped_by.iter().sum(),
        clipped_by_input: ranged
            .iter()
            .zip(&counts.clipped_by)
            .filter(|(_, n)| **n > 0)
            .map(|((k, _, _), n)| (k.as_str().to_string(), *n))
            .collect(),
        failed: counts.failed,
        figures,
        plausible_share: implied_at.map(|_| inside as f64 / n as f64),
    };
    Ok((result, totals))
}

/// `run` with the built-in catalog and defaults.
pub fn run_builtin(
    input: &ScenarioInput,
    options: RunOptions,
    csv: Option<&mut dyn std::io::Write>,
) -> Result<UncertaintyResult> {
    run(
        input,
        options,
        Catalog::builtin()?,
        Defaults::builtin()?,
        csv,
    )
}

/// The `p` quantile of ascending `sorted` values (not empty), interpolating linearly between
/// order statistics: Hyndman and Fan's type 7, the default of R and NumPy.
pub(crate) fn quantile_sorted(sorted: &[f64], p: f64) -> f64 {
    let (i, j, frac) = type7(sorted.len() as u64, p);
    interpolate(sorted[i as usize], sorted[j as usize], frac)
}

/// Where the `p` quantile of `n` ascending values lies, as Hyndman and Fan's type 7 puts it: the
/// ranks (0-based) of the two order statistics either side and the fraction of the way between.
fn type7(n: u64, p: f64) -> (u64, u64, f64) {
    let h = (n - 1) as f64 * p;
    let i = h.floor() as u64;
    (i, (i + 1).min(n - 1), h - i as f64)
}

fn interpolate(a: f64, b: f64, frac: f64) -> f64 {
    a + frac * (b - a)
}

/// `samples` copies of `input` with every ranged input drawn from `seed`'s stream, in the
/// Monte Carlo's draw order and clipped as it clips (`base` is `input`'s evaluation). The
/// chart's band evaluates each copy along a whole sweep, which the per-sample figures of `run`
/// do not need.
pub(crate) fn sampled_scenarios(
    input: &ScenarioInput,
    base: &Evaluation,
    samples: u64,
    seed: u64,
) -> Result<Vec<ScenarioInput>> {
    let ranged = ranged_inputs(input, base)?;
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let mut scenario = input.clone();
    scenario.uncertainty = None;
    let mut out = Vec::with_capacity(usize::try_from(samples).unwrap_or(0));
    for _ in 0..samples {
        for (k, _, sampler) in &ranged {
            k.set_in(&mut scenario, k.clip(sampler.draw(&mut rng)).0)?;
        }
        out.push(scenario.clone());
    }
    Ok(out)
}

/// Where a sensitivity row's range came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum RangeFrom {
    /// The scenario's `uncertainty` block.
    Scenario,
    /// `uncertainty_ranges` in `assets/defaults.json`.
    Default,
}

/// One bar of the tornado: the figure with one input at its low and at its high.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SensitivityRow {
    pub input: String,
    pub low: f64,
    pub high: f64,
    pub figure_at_low: f64,
    pub figure_at_high: f64,
    pub range_from: RangeFrom,
}

/// What `costscope sensitivity` prints: rows sorted by swing, largest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Sensitivity {
    pub figure: Figure,
    pub base: f64,
    pub rows: Vec<SensitivityRow>,
}

impl SensitivityRow {
    pub fn swing(&self) -> f64 {
        (self.figure_at_high - self.figure_at_low).abs()
    }
}

/// One-at-a-time sensitivity of `figure`: each ranged input (the scenario's ranges, and the
/// sourced default ranges for inputs it leaves without one) at its low and at its high, every
/// other input at its base value.
pub fn sensitivity(
    input: &ScenarioInput,
    figure: Figure,
    catalog: &Catalog,
    defaults: &Defaults,
) -> Result<Sensitivity> {
    let base_e = evaluate_with(input, catalog, defaults)?;
    let base = figure.of(&base_e).ok_or_else(|| {
        Error::invalid(
            "figure",
            format!(
                "figure: this scenario has no {} (it needs a workload, or solves for it)",
                figure.as_str()
            ),
        )
    })?;
    let mut plain = input.clone();
    plain.uncertainty = None;
    let mut ranges: Vec<(RangedInput, f64, f64, RangeFrom)> = ranged_inputs(input, &base_e)?
        .into_iter()
        .map(|(k, r, _)| (k, r.low, r.high, RangeFrom::Scenario))
        .collect();
    for d in &defaults.uncertainty_ranges.ranges {
        let k = RangedInput::parse(&d.input, "uncertainty_ranges")?;
        let staged_time = k.is_time() && input.stages.is_some();
        if ranges.iter().any(|(r, ..)| *r == k) || k.solved_by(base_e.solved_for) || staged_time {
            continue;
        }
        let Some(b) = k.base(input, &base_e) else {
            continue;
        };
        let (low, high) = if d.relative {
            (b * d.low, b * d.high)
        } else {
            (d.low, d.high)
        };
        ranges.push((k, low, high, RangeFrom::Default));
    }
    let mut rows = Vec::with_capacity(ranges.len());
    for (k, low, high, from) in ranges {
        let (low, high) = (k.clip(low).0, k.clip(high).0);
        let at = |v: f64| -> Result<f64> {
            let mut s = plain.clone();
            k.set_in(&mut s, v)?;
            let e = evaluate_figures_with(&s, catalog, defaults)?;
            Ok(figure.of_figures(&e).unwrap_or(f64::NAN))
        };
        rows.push(SensitivityRow {
            input: k.as_str().to_string(),
            low,
            high,
            figure_at_low: at(low)?,
            figure_at_high: at(high)?,
            range_from: from,
        });
    }
    rows.sort_by(|a, b| {
        b.swing()
            .total_cmp(&a.swing())
            .then_with(|| a.input.cmp(&b.input))
    });
    Ok(Sensitivity { figure, base, rows })
}

/// `sensitivity` with the built-in catalog and defaults.
pub fn sensitivity_builtin(input: &ScenarioInput, figure: Figure) -> Result<Sensitivity> {
    sensitivity(input, figure, Catalog::builtin()?, Defaults::builtin()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Pricing;

    /// DeepSeek-V3 as reported: 2,048 H800, 2.788 M GPU-hours, 37 B active × 14.8 T tokens.
    fn deepseek() -> ScenarioInput {
        crate::presets::plain_deepseek_v3().unwrap()
    }

    fn ranged(mut s: ScenarioInput, ranges: &[(&str, f64, f64, Distribution)]) -> ScenarioInput {
        s.uncertainty = Some(
            ranges
                .iter()
                .map(|(n, low, high, distribution)| {
                    (
                        n.to_string(),
                        InputRange {
                            low: *low,
                            high: *high,
                            distribution: *distribution,
                        },
                    )
                })
                .collect(),
        );
        s
    }

    fn run_n(s: &ScenarioInput, samples: u64, seed: u64) -> Result<UncertaintyResult> {
        run_builtin(s, RunOptions { samples, seed }, None)
    }

    fn near(a: f64, b: f64, rel: f64) -> bool {
        ((a - b) / b).abs() <= rel
    }

    /// The Monte Carlo written the plain way: every sample a whole `evaluate_figures_with`
    /// (catalog lookup and all), its figures collected per sample, each column sorted by a
    /// comparison sort. `run_keeping_totals` must give exactly this, bytes and errors alike.
    fn reference_run(
        input: &ScenarioInput,
        options: RunOptions,
    ) -> Result<(UncertaintyResult, String, Vec<f64>)> {
        let (catalog, defaults) = (Catalog::builtin()?, Defaults::builtin()?);
        let base = evaluate_with(input, catalog, defaults)?;
        let ranged = ranged_inputs(input, &base)?;
        let cols = columns(&base);
        let mut csv = String::from("sample");
        for (k, _, _) in &ranged {
            csv.push_str(&format!(",{} ({})", k.as_str(), k.unit()));
        }
        for c in &cols {
            csv.push_str(&format!(",{} ({})", c.name(), c.unit()));
        }
        csv.push('\n');
        let mut rng = Pcg64Mcg::seed_from_u64(options.seed);
        let mut values: Vec<Vec<f64>> = cols.iter().map(|_| Vec::new()).collect();
        let mut clipped_by = vec![0u64; ranged.len()];
        let (mut failed, mut first_error) = (0u64, None);
        let mut scenario = input.clone();
        scenario.uncertainty = None;
        for i in 0..options.samples {
            let mut drawn = Vec::new();
            for (j, (k, _, sampler)) in ranged.iter().enumerate() {
                let (v, moved) = k.clip(sampler.draw(&mut rng));
                clipped_by[j] += u64::from(moved);
                drawn.push(v);
                k.set_in(&mut scenario, v)?;
            }
            match evaluate_figures_with(&scenario, catalog, defaults) {
                Ok(e) => {
                    let row: Vec<f64> = cols.iter().map(|c| c.of(&e).unwrap_or(f64::NAN)).collect();
                    for (col, v) in values.iter_mut().zip(&row) {
                        col.push(*v);
                    }
                    csv.push_str(&(i + 1).to_string());
                    for v in drawn.iter().chain(&row) {
                        csv.push_str(&format!(",{v}"));
                    }
                    csv.push('\n');
                }
                Err(err) => {
                    failed += 1;
                    first_error.get_or_insert(err);
                }
            }
        }
        if failed == options.samples {
            return Err(first_error.unwrap());
        }
        let plausible_share = cols
            .iter()
            .position(|c| *c == Column::Figure(Figure::ImpliedMfu))
            .map(|i| {
                let (lo, hi) = PublishedRuns::builtin().unwrap().span();
                let inside = values[i].iter().filter(|m| (lo..=hi).contains(*m)).count();
                inside as f64 / values[i].len() as f64
            });
        let mut stats = BTreeMap::new();
        for (c, v) in cols.iter().zip(values.iter_mut()) {
            // The mean in sample order, then the percentiles of the sorted values.
            let mean = v.iter().sum::<f64>() / v.len() as f64;
            v.sort_by(f64::total_cmp);
            let q = |p: f64| quantile_sorted(v, p);
            let st = Stats {
                mean,
                p5: q(0.05),
                p50: q(0.5),
                p95: q(0.95),
            };
            stats.insert(c.name(), st);
        }
        let get = |n: &str| stats.get(n).copied();
        let figures = UncertainFigures {
            total_cost_usd: get("total_cost_usd").unwrap(),
            total_with_research_usd: get("total_with_research_usd").unwrap(),
            duration_days: get("duration_days").unwrap(),
            gpu_hours: get("gpu_hours").unwrap(),
            energy_kwh: get("energy_kwh").unwrap(),
            co2_tonnes: get("co2_tonnes").unwrap(),
            implied_mfu: get("implied_mfu"),
            gpu_count: get("gpu_count"),
            usd_per_million_tokens: get("usd_per_million_tokens"),
        };
        let result = UncertaintyResult {
            samples: options.samples,
            seed: options.seed,
            generator: GENERATOR.into(),
            clipped: clipped_by.iter().sum(),
            clipped_by_input: ranged
                .iter()
                .zip(&clipped_by)
                .filter(|(_, n)| **n > 0)
                .map(|((k, _, _), n)| (k.as_str().to_string(), *n))
                .collect(),
            failed,
            figures,
            plausible_share,
        };
        Ok((result, csv, std::mem::take(&mut values[0])))
    }

    /// `run_keeping_totals` against `reference_run`: the same result, CSV and sorted totals,
    /// or the same error; and the same result when the run streams its percentiles over
    /// replays of its samples (as a run too long to hold does).
    fn assert_same_as_reference(s: &ScenarioInput, samples: u64) {
        let options = RunOptions { samples, seed: 5 };
        let (c, d) = (Catalog::builtin().unwrap(), Defaults::builtin().unwrap());
        let mut csv: Vec<u8> = Vec::new();
        let fast = run_keeping_totals(s, options, c, d, Some(&mut csv));
        let csv = String::from_utf8(csv).unwrap();
        let want = reference_run(s, options);
        let streamed = run_with(s, options, c, d, None, false, 0).map(|(r, _)| r);
        match (&streamed, &want) {
            (Ok(r), Ok((want, _, _))) => assert_eq!(r, want),
            (Err(e), Err(want)) => assert_eq!(e.to_string(), want.to_string()),
            (r, want) => panic!("streamed {:?} but reference {:?}", r.is_ok(), want.is_ok()),
        }
        match (fast, want) {
            (Ok((r, totals)), Ok((want, want_csv, want_totals))) => {
                assert_eq!(r, want);
                assert_eq!(
                    crate::format::json_text(&r).unwrap(),
                    crate::format::json_text(&want).unwrap()
                );
                assert_eq!(csv, want_csv);
                let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&totals), bits(&want_totals));
                assert!(totals.windows(2).all(|w| w[0] <= w[1]));
            }
            (Err(e), Err(want)) => {
                assert_eq!(e.to_string(), want.to_string());
                assert_eq!(e.field(), want.field());
            }
            (fast, want) => panic!("fast {:?} but reference {:?}", fast.is_ok(), want.is_ok()),
        }
    }

    #[test]
    fn the_fast_path_gives_what_evaluating_every_sample_gives() {
        let (ln, un, no) = (
            Distribution::Lognormal,
            Distribution::Uniform,
            Distribution::Normal,
        );
        let d = Defaults::builtin().unwrap();
        // Plain, MFU implied (the plausible share), a clipped PUE.
        let plain = ranged(
            deepseek(),
            &[
                ("usd_per_gpu_hour", 1.5, 3.0, ln),
                ("pue", 1.0, 1.4, no),
                ("gpu_hours", 2e6, 4e6, ln),
            ],
        );
        assert_same_as_reference(&plain, 3000);
        // Realism: scaling and reliability, with ranges on their figures.
        let realism = ranged(
            deepseek().with_sourced_defaults(d),
            &[
                ("mfu_loss_per_doubling", 0.01, 0.05, un),
                ("interruptions_per_1000_gpu_days", 1.0, 10.0, ln),
                ("restart_minutes", 5.0, 30.0, ln),
                ("checkpoint_save_minutes", 0.5, 5.0, ln),
                ("usd_per_kwh", 0.05, 0.15, ln),
            ],
        );
        assert_same_as_reference(&realism, 2000);
        // Staged, with the sourced realism.
        let preset = crate::presets::builtin()
            .unwrap()
            .iter()
            .find(|p| p.input.stages.is_some())
            .unwrap();
        let staged = ranged(
            preset.input.clone(),
            &[
                ("usd_per_gpu_hour", 1.5, 3.0, ln),
                ("tokens", 1e12, 2e13, ln),
            ],
        );
        assert_same_as_reference(&staged, 2000);
        // Owned: purchase price, lifetime, electricity.
        let mut owned = deepseek();
        owned.pricing = Some(Pricing::owned(Some(30_000.0), Some(4.0)));
        let owned = ranged(
            owned,
            &[
                ("usd_per_gpu", 20_000.0, 40_000.0, ln),
                ("lifetime_years", 3.0, 6.0, un),
                ("usd_per_kwh", 0.05, 0.15, ln),
                ("watts_per_gpu", 600.0, 800.0, no),
                ("grid_g_co2_per_kwh", 200.0, 600.0, ln),
            ],
        );
        assert_same_as_reference(&owned, 2000);
        // Solved GPU count: the duration and MFU given.
        let mut count = deepseek();
        count.gpu_count = None;
        count.gpu_hours = None;
        count.duration_days = Some(60.0);
        count.mfu = Some(0.4);
        let count = ranged(
            count.with_sourced_defaults(d),
            &[
                ("mfu", 0.3, 0.5, no),
                ("duration_days", 30.0, 90.0, ln),
                ("active_params", 2e10, 5e10, ln),
            ],
        );
        assert_same_as_reference(&count, 2000);
        // Solved duration: the count and MFU given.
        let mut duration = deepseek();
        duration.gpu_hours = None;
        duration.duration_days = None;
        duration.mfu = Some(0.34);
        let duration = ranged(
            duration,
            &[
                ("mfu", 0.25, 0.45, no),
                ("gpu_count", 1000.0, 4000.0, ln),
                ("tokens", 12e12, 18e12, ln),
                ("research_multiplier", 1.5, 4.0, ln),
            ],
        );
        assert_same_as_reference(&duration, 2000);
        // Every input moved in place on a scenario resolved once (`Resolved::set_drawn`): the
        // benchmark's five and the rest, in rental and in owned mode.
        let mut in_place = deepseek();
        in_place.gpu_hours = None;
        in_place.mfu = Some(0.34);
        let all_in_place = [
            ("usd_per_gpu_hour", 1.5, 3.0, ln),
            ("mfu", 0.25, 0.45, no),
            ("pue", 1.05, 1.3, ln),
            ("usd_per_kwh", 0.05, 0.15, ln),
            ("tokens", 12e12, 18e12, ln),
            ("active_params", 3e10, 4e10, un),
            ("watts_per_gpu", 600.0, 800.0, no),
            ("grid_g_co2_per_kwh", 200.0, 600.0, ln),
            ("research_multiplier", 1.5, 4.0, ln),
        ];
        assert_same_as_reference(&ranged(in_place.clone(), &all_in_place), 2000);
        let mut owned_in_place = in_place.with_sourced_defaults(d);
        owned_in_place.pricing = Some(Pricing::owned(Some(30_000.0), Some(4.0)));
        assert_same_as_reference(&ranged(owned_in_place, &all_in_place[1..]), 2000);
        // Runs that never finish between interruptions: some samples fail, then all do.
        let mut fails = deepseek();
        fails.reliability = Some(d.default_reliability());
        let some = ranged(
            fails.clone(),
            &[("interruptions_per_1000_gpu_days", 1.0, 1000.0, un)],
        );
        let r = run_n(&some, 1000, 5).unwrap();
        assert!(r.failed > 0 && r.failed < 1000, "{}", r.failed);
        assert_same_as_reference(&some, 1000);
        let all = ranged(
            fails,
            &[("interruptions_per_1000_gpu_days", 500.0, 1000.0, un)],
        );
        assert!(run_n(&all, 200, 5).is_err());
        assert_same_as_reference(&all, 200);
    }

    #[test]
    fn selected_ranks_are_a_total_cmp_sort_s_wherever_the_values_are_held() {
        let mut rng = Pcg64Mcg::seed_from_u64(3);
        let normal = Normal::new(0.0, 1e3).unwrap();
        let mut values: Vec<f64> = (0..5000).map(|_| normal.sample(&mut rng)).collect();
        values.extend([
            0.0,
            -0.0,
            f64::NAN,
            -f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE,
            5e-324,
            -5e-324,
            f64::MAX,
            f64::MIN,
            1.0,
            1.0,
        ]);
        let mut sorted = values.clone();
        sorted.sort_by(f64::total_cmp);
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        // Every rank, a few at a time, from held keys.
        let ranks: Vec<u64> = (0..values.len() as u64).step_by(7).collect();
        for chunk in ranks.chunks(5) {
            let mut keys: Vec<u64> = values.iter().map(|&v| order_key(v)).collect();
            let got: Vec<f64> = keys_at(&mut keys, chunk)
                .into_iter()
                .map(from_order_key)
                .collect();
            let want: Vec<f64> = chunk.iter().map(|&r| sorted[r as usize]).collect();
            assert_eq!(bits(&got), bits(&want));
        }
        // The percentiles, held and streamed over replays, for spread values, a constant
        // column (one bucket at every digit: found without holding a value) and two values.
        // Columns of at least `BUCKETED_FROM` values are bucketed first: one without
        // extremes (its values spread over many buckets), one with them (nearly every value in
        // one bucket), and short ones that are not.
        let spread: Vec<f64> = (0..20_000)
            .map(|_| normal.sample(&mut rng).abs() + 1.0)
            .collect();
        let columns = [
            values.clone(),
            spread,
            vec![2.5; 3000],
            vec![2.5; 5000],
            {
                let mut two = vec![1.0; 2500];
                two.extend(vec![3.0; 2500]);
                two
            },
            {
                let mut two = vec![1.0; 1500];
                two.extend(vec![3.0; 1500]);
                two
            },
        ];
        for col in columns {
            let sum: f64 = col.iter().sum();
            let mut keys: Vec<u64> = col.iter().map(|&v| order_key(v)).collect();
            let held = stats_of_keys(&mut keys, sum);
            let mut st = StreamedRanks::new(1);
            let feed = |st: &mut StreamedRanks| {
                for &v in &col {
                    st.see(0, order_key(v));
                }
            };
            feed(&mut st);
            st.start(col.len() as u64);
            st.end_pass();
            let mut passes = 1;
            while st.pending() {
                feed(&mut st);
                st.end_pass();
                passes += 1;
            }
            assert!(passes <= 5, "{passes} passes");
            let streamed = Stats::from_ranks(sum, col.len() as u64, st.values().unwrap()[0]);
            let mut s = col.clone();
            s.sort_by(f64::total_cmp);
            let want = [
                quantile_sorted(&s, 0.05),
                quantile_sorted(&s, 0.5),
                quantile_sorted(&s, 0.95),
            ];
            for got in [held, streamed] {
                assert_eq!(bits(&[got.p5, got.p50, got.p95]), bits(&want));
            }
        }
    }

    #[test]
    fn lognormal_price_puts_low_and_high_at_p5_and_p95() {
        let s = ranged(
            deepseek(),
            &[("usd_per_gpu_hour", 1.5, 3.0, Distribution::Lognormal)],
        );
        let r = run_n(&s, 100_000, 7).unwrap();
        let c = r.figures.total_cost_usd;
        let gh = 2_788_000.0;
        assert!(near(c.p5, gh * 1.5, 0.02), "p5 {}", c.p5);
        assert!(near(c.p50, gh * 4.5f64.sqrt(), 0.02), "p50 {}", c.p50);
        assert!(near(c.p95, gh * 3.0, 0.02), "p95 {}", c.p95);
        assert_eq!(r.clipped, 0);
        assert_eq!(r.failed, 0);
        // The GPU-hours do not depend on the price.
        assert_eq!(r.figures.gpu_hours.p5, gh);
        assert!(r.figures.implied_mfu.is_some());
    }

    #[test]
    fn uniform_stays_within_its_bounds_and_normal_is_symmetric() {
        let s = ranged(
            deepseek(),
            &[("usd_per_gpu_hour", 1.0, 3.0, Distribution::Uniform)],
        );
        let c = run_n(&s, 50_000, 3).unwrap().figures.total_cost_usd;
        let gh = 2_788_000.0;
        assert!(c.p5 >= gh * 1.0 && c.p95 <= gh * 3.0);
        assert!(near(c.p5, gh * 1.1, 0.02) && near(c.p95, gh * 2.9, 0.02));
        let s = ranged(
            deepseek(),
            &[("usd_per_gpu_hour", 1.0, 3.0, Distribution::Normal)],
        );
        let c = run_n(&s, 50_000, 3).unwrap().figures.total_cost_usd;
        assert!(near(c.p5, gh, 0.03) && near(c.p95, gh * 3.0, 0.02));
        assert!(near(c.mean, gh * 2.0, 0.01));
    }

    #[test]
    fn a_product_of_two_lognormals_matches_the_closed_form() {
        // Cost = GPU-hours × price: ln cost is normal with the sum of the means and variances.
        let s = ranged(
            deepseek(),
            &[
                ("usd_per_gpu_hour", 1.5, 3.0, Distribution::Lognormal),
                ("gpu_hours", 2e6, 4e6, Distribution::Lognormal),
            ],
        );
        let c = run_n(&s, 100_000, 11).unwrap().figures.total_cost_usd;
        let mu = 0.5 * ((1.5f64 * 3.0).ln() + (2e6f64 * 4e6).ln());
        let sd = ((2f64.ln() / (2.0 * Z95)).powi(2) * 2.0).sqrt();
        assert!(near(c.p50, mu.exp(), 0.02));
        assert!(near(c.p5, (mu - Z95 * sd).exp(), 0.02));
        assert!(near(c.p95, (mu + Z95 * sd).exp(), 0.02));
    }

    #[test]
    fn the_same_seed_gives_the_same_bytes_and_another_seed_does_not() {
        let s = ranged(
            deepseek(),
            &[
                ("usd_per_gpu_hour", 1.5, 3.0, Distribution::Lognormal),
                ("pue", 1.05, 1.3, Distribution::Uniform),
            ],
        );
        let opts = RunOptions {
            samples: 500,
            seed: 42,
        };
        let (mut a, mut b): (Vec<u8>, Vec<u8>) = (Vec::new(), Vec::new());
        let ra = run_builtin(&s, opts, Some(&mut a)).unwrap();
        let rb = run_builtin(&s, opts, Some(&mut b)).unwrap();
        let (a, b) = (String::from_utf8(a).unwrap(), String::from_utf8(b).unwrap());
        assert_eq!(
            crate::format::json_text(&ra).unwrap(),
            crate::format::json_text(&rb).unwrap()
        );
        assert_eq!(a, b);
        assert_eq!(a.lines().count(), 501);
        assert!(a.starts_with("sample,pue (ratio),usd_per_gpu_hour (USD per GPU-hour),"));
        let rc = run_n(&s, 500, 43).unwrap();
        assert_ne!(ra.figures, rc.figures);
    }

    #[test]
    fn the_plausible_share_counts_implied_mfus_within_the_published_span() {
        // DeepSeek-V3's implied MFU (33 %) is inside the span whatever the price; a GPU-hour
        // range from a tenth to ten times the reported one is mostly outside it.
        let s = ranged(
            deepseek(),
            &[("usd_per_gpu_hour", 1.5, 3.0, Distribution::Lognormal)],
        );
        assert_eq!(run_n(&s, 200, 1).unwrap().plausible_share, Some(1.0));
        let s = ranged(
            deepseek(),
            &[(
                "gpu_hours",
                278_800.0,
                27_880_000.0,
                Distribution::Lognormal,
            )],
        );
        let share = run_n(&s, 2000, 1).unwrap().plausible_share.unwrap();
        assert!(share > 0.05 && share < 0.5, "{share}");
        let mut solved = deepseek();
        solved.gpu_count = None;
        solved.gpu_hours = None;
        solved.duration_days = Some(60.0);
        solved.mfu = Some(0.4);
        let s = ranged(
            solved,
            &[("usd_per_gpu_hour", 1.5, 3.0, Distribution::Lognormal)],
        );
        assert_eq!(run_n(&s, 100, 1).unwrap().plausible_share, None);
    }

    #[test]
    fn samples_outside_the_allowed_range_are_clipped_and_counted() {
        // MFU 0.5 to 1.2 normal: about half the draws lie above 1 (the most allowed).
        let mut s = deepseek();
        s.gpu_hours = None;
        s.mfu = Some(0.4);
        s.duration_days = Some(60.0);
        s.gpu_count = None;
        let s = ranged(s, &[("mfu", 0.5, 1.5, Distribution::Normal)]);
        let r = run_n(&s, 1000, 1).unwrap();
        assert!(r.clipped > 300 && r.clipped < 700, "{}", r.clipped);
        assert_eq!(r.clipped_by_input.get("mfu"), Some(&r.clipped));
        assert!(r.figures.gpu_count.is_some());
    }

    fn field_of(s: &ScenarioInput) -> (String, String) {
        let e = run_n(s, 100, 1).unwrap_err();
        (e.field().unwrap_or_default().to_string(), e.to_string())
    }

    #[test]
    fn every_bad_range_names_its_field() {
        let d = Distribution::Lognormal;
        let (f, m) = field_of(&ranged(deepseek(), &[("usd_per_gpu_hour", 3.0, 1.5, d)]));
        assert_eq!(f, "uncertainty.usd_per_gpu_hour");
        assert!(m.contains("below high"), "{m}");
        let (f, m) = field_of(&ranged(deepseek(), &[("pue", 0.0, 1.5, d)]));
        assert_eq!(f, "uncertainty.pue");
        assert!(m.contains("above 0"), "{m}");
        let (f, m) = field_of(&ranged(deepseek(), &[("price", 1.0, 2.0, d)]));
        assert_eq!(f, "uncertainty");
        assert!(
            m.contains("usd_per_gpu_hour") && m.contains("restart_minutes"),
            "{m}"
        );
        // DeepSeek-V3 as given implies its MFU: a range on it contradicts the scenario.
        let (f, m) = field_of(&ranged(deepseek(), &[("mfu", 0.3, 0.5, d)]));
        assert_eq!(f, "uncertainty.mfu");
        assert!(m.contains("solves for mfu"), "{m}");
        let (f, _) = field_of(&ranged(deepseek(), &[("restart_minutes", 5.0, 30.0, d)]));
        assert_eq!(f, "uncertainty.restart_minutes");
        let (f, _) = field_of(&deepseek());
        assert_eq!(f, "uncertainty");
        let e = run_n(&ranged(deepseek(), &[("pue", 1.1, 1.2, d)]), 50, 1).unwrap_err();
        assert_eq!(e.field(), Some("samples"));
        let bad: std::result::Result<ScenarioInput, _> = crate::error::from_json_str(
            r#"{"gpu": "H800", "gpu_count": 8, "duration_days": 1,
                "uncertainty": {"pue": {"low": 1, "high": 2, "distribution": "beta"}}}"#,
        );
        let m = bad.unwrap_err().to_string();
        assert!(m.contains("lognormal") && m.contains("uniform"), "{m}");
    }

    #[test]
    fn without_a_range_block_evaluate_is_unchanged() {
        let s = deepseek();
        let with = ranged(s.clone(), &[("pue", 1.05, 1.2, Distribution::Lognormal)]);
        assert_eq!(
            crate::model::evaluate(&s).unwrap(),
            crate::model::evaluate(&with).unwrap()
        );
        let text = crate::format::json_text(&s).unwrap();
        assert!(!text.contains("uncertainty"));
    }

    #[test]
    fn in_rental_mode_pue_moves_energy_not_cost() {
        let s = deepseek();
        let cost = sensitivity_builtin(&s, Figure::TotalCostUsd).unwrap();
        // Price and time both span 0.5-2x (Epoch AI's ranges): the same swing, ties by name.
        let names: Vec<&str> = cost.rows.iter().map(|r| r.input.as_str()).collect();
        assert_eq!(names[..2], ["duration_days", "usd_per_gpu_hour"]);
        let price = &cost.rows[1];
        assert_eq!((price.low, price.high), (1.0, 4.0));
        assert_eq!(
            (price.figure_at_low, price.figure_at_high),
            (2_788_000.0, 11_152_000.0)
        );
        assert_eq!(price.range_from, RangeFrom::Default);
        let pue = cost.rows.iter().find(|r| r.input == "pue").unwrap();
        assert_eq!(pue.swing(), 0.0);
        assert!(cost.rows.windows(2).all(|w| w[0].swing() >= w[1].swing()));
        // The implied MFU is solved for: it takes no range, default or not.
        assert!(cost.rows.iter().all(|r| r.input != "mfu"));
        let energy = sensitivity_builtin(&s, Figure::EnergyKwh).unwrap();
        let pue = energy.rows.iter().find(|r| r.input == "pue").unwrap();
        assert!(pue.swing() > 0.0);
        assert!(energy
            .rows
            .iter()
            .all(|r| r.input != "usd_per_gpu_hour" || r.swing() == 0.0));
    }

    #[test]
    fn the_claim_check_places_the_implied_mfu_among_published_runs() {
        let e = crate::model::evaluate(&deepseek()).unwrap();
        let c = e.claim_check.unwrap();
        // 33.09 %: above Gopher (32.5 %), MT-NLG (30.2 %) and the GPT-4 estimate (33 %).
        assert_eq!(c.published_percentile, Some(3.0 / 13.0));
        assert_eq!(c.closest_run.unwrap().name, "DeepSeek-V3");
        let m = c.published_message.unwrap();
        assert!(m.starts_with("The claim implies 33.1 % MFU, above 3 of 13 published runs; the closest, DeepSeek-V3, works out at 33.1 %"), "{m}");
    }

    proptest::proptest! {
        /// A range block never changes the point evaluation, and without one the JSON has no key.
        #[test]
        fn ranges_leave_evaluate_unchanged(
            count in 1u32..100_000,
            days in 0.5f64..400.0,
            price in 0.1f64..20.0,
            low in 0.01f64..1.0,
            width in 0.01f64..5.0,
        ) {
            let s = ScenarioInput {
                pricing: Some(Pricing::rental(Some(price))),
                ..ScenarioInput::new("H100", f64::from(count), days)
            };
            let with = ranged(
                s.clone(),
                &[("usd_per_gpu_hour", low, low + width, Distribution::Uniform)],
            );
            proptest::prop_assert_eq!(
                crate::model::evaluate(&s).unwrap(),
                crate::model::evaluate(&with).unwrap()
            );
            let text = crate::format::json_text(&s).unwrap();
            proptest::prop_assert!(!text.contains("uncertainty"));
        }
    }

    #[test]
    fn a_staged_scenario_takes_no_range_on_its_time() {
        let preset = crate::presets::builtin()
            .unwrap()
            .iter()
            .find(|p| p.input.stages.is_some())
            .unwrap();
        let s = sensitivity_builtin(&preset.input, Figure::TotalCostUsd).unwrap();
        assert!(s.rows.iter().all(|r| r.input != "duration_days"));
        assert!(s.rows.iter().any(|r| r.input == "usd_per_gpu_hour"));
        let ranged = ranged(
            preset.input.clone(),
            &[("duration_days", 30.0, 90.0, Distribution::Lognormal)],
        );
        let (f, m) = field_of(&ranged);
        assert_eq!(f, "uncertainty.duration_days");
        assert!(m.contains("stage by stage"), "{m}");
    }

    #[test]
    fn the_default_ranges_name_real_inputs() {
        let d = Defaults::builtin().unwrap();
        for r in &d.uncertainty_ranges.ranges {
            RangedInput::parse(&r.input, "uncertainty_ranges").unwrap();
            assert!(r.low < r.high);
        }
        assert!(d.uncertainty_ranges.ranges.len() >= 6);
    }

    #[test]
    fn a_new_range_starts_from_the_sourced_default_or_around_the_value() {
        let (c, d) = (Catalog::builtin().unwrap(), Defaults::builtin().unwrap());
        let s = crate::presets::plain_deepseek_v3().unwrap();
        // The price: Epoch AI's 0.5–2× around $2, lognormal.
        let r = starting_range(&s, "usd_per_gpu_hour", c, d).unwrap();
        assert_eq!(
            (r.low, r.high, r.distribution),
            (1.0, 4.0, Distribution::Lognormal)
        );
        // Tokens have no sourced range: 0.8–1.25× the value.
        let r = starting_range(&s, "tokens", c, d).unwrap();
        assert_eq!((r.low, r.high), (14.8e12 * 0.8, 14.8e12 * 1.25));
        // What the scenario solves for, and an unknown name, are refused naming the field.
        let err = starting_range(&s, "mfu", c, d).unwrap_err();
        assert_eq!(err.field(), Some("uncertainty.mfu"));
        assert_eq!(
            starting_range(&s, "price", c, d).unwrap_err().field(),
            Some("input")
        );
        // Every choice the window offers parses.
        for choice in range_choices() {
            RangedInput::parse(&choice.id, "input").unwrap();
        }
    }
}
