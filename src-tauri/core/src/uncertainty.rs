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
    evaluate_figures_on, evaluate_figures_with, evaluate_with, Evaluation, Figures, InputRange,
    ScenarioInput, Solved,
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
        let (min, max) = self.range();
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

impl Stats {
    /// Sorts `values` in place; percentiles interpolate linearly between order statistics
    /// (Hyndman and Fan's type 7, the default of R and NumPy).
    fn of(values: &mut [f64], scratch: &mut SortScratch) -> Stats {
        sort_total(values, scratch);
        let n = values.len();
        let mean = values.iter().sum::<f64>() / n as f64;
        let q = |p: f64| quantile_sorted(values, p);
        Stats {
            mean,
            p5: q(0.05),
            p50: q(0.5),
            p95: q(0.95),
        }
    }
}

/// Sorts `values` ascending by `f64::total_cmp`: a least-significant-digit radix sort on the
/// bits mapped to an unsigned key of the same order. Values that `total_cmp` calls equal have
/// the same bits, so the result is exactly what `sort_by(f64::total_cmp)` gives (and the mean,
/// summed over it, keeps its bits). The stable comparison sorts of the columns of 100,000
/// samples were about a fifth of a Monte Carlo run's instructions, with many mispredicted
/// branches; a digit shared by every key costs only its count.
fn sort_total(values: &mut [f64], scratch: &mut SortScratch) {
    // 11-bit digits: six passes, each scattering with counts small enough (16 kB) for the L1
    // cache; the top digit (the sign and most of the exponent) is usually shared and skipped.
    const DIGIT_BITS: u32 = 11;
    const BUCKETS: usize = 1 << DIGIT_BITS;
    // Positive: set the sign bit (above every negative); negative: flip every bit (a larger
    // magnitude is smaller). Ascending keys are then `total_cmp`'s order, NaNs included.
    let key = |v: f64| {
        let b = v.to_bits();
        if b >> 63 == 1 {
            !b
        } else {
            b | (1 << 63)
        }
    };
    let value = |k: u64| {
        if k >> 63 == 1 {
            f64::from_bits(k & !(1 << 63))
        } else {
            f64::from_bits(!k)
        }
    };
    let n = values.len();
    if n < 2 {
        return;
    }
    let SortScratch { keys, spare } = scratch;
    keys.clear();
    keys.extend(values.iter().map(|&v| key(v)));
    spare.clear();
    spare.resize(n, 0);
    // Every digit's counts in one read of the keys.
    const PASSES: usize = 64u32.div_ceil(DIGIT_BITS) as usize;
    let mut counts = vec![[0usize; BUCKETS]; PASSES];
    let digit = |k: u64, pass: usize| ((k >> (pass as u32 * DIGIT_BITS)) as usize) & (BUCKETS - 1);
    for &k in keys.iter() {
        for (pass, c) in counts.iter_mut().enumerate() {
            c[digit(k, pass)] += 1;
        }
    }
    for (pass, c) in counts.iter_mut().enumerate() {
        if c[digit(keys[0], pass)] == n {
            continue;
        }
        let mut start = 0;
        for slot in c.iter_mut() {
            let here = *slot;
            *slot = start;
            start += here;
        }
        for &k in keys.iter() {
            let d = digit(k, pass);
            spare[c[d]] = k;
            c[d] += 1;
        }
        std::mem::swap(keys, spare);
    }
    for (v, &k) in values.iter_mut().zip(keys.iter()) {
        *v = value(k);
    }
}

/// The radix sort's key buffers, kept across the columns of a run: fresh ones for each column
/// cost page faults on every 100,000-sample column.
#[derive(Default)]
struct SortScratch {
    keys: Vec<u64>,
    spare: Vec<u64>,
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

/// Runs the Monte Carlo. With `csv`, every sample is appended to it as one row (inputs, then
/// figures, units in the header).
pub fn run(
    input: &ScenarioInput,
    options: RunOptions,
    catalog: &Catalog,
    defaults: &Defaults,
    csv: Option<&mut String>,
) -> Result<UncertaintyResult> {
    run_keeping_totals(input, options, catalog, defaults, csv).map(|(r, _)| r)
}

/// `run`, also returning every sample's total cost, sorted (the distribution chart's bins).
pub fn run_keeping_totals(
    input: &ScenarioInput,
    options: RunOptions,
    catalog: &Catalog,
    defaults: &Defaults,
    mut csv: Option<&mut String>,
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
        out.push_str(&head.join(","));
        out.push('\n');
    }
    let mut rng = Pcg64Mcg::seed_from_u64(options.seed);
    let capacity = usize::try_from(samples).unwrap_or(usize::MAX);
    let mut values: Vec<Vec<f64>> = cols.iter().map(|_| Vec::with_capacity(capacity)).collect();
    let mut clipped_by: Vec<u64> = vec![0; ranged.len()];
    let mut drawn: Vec<f64> = vec![0.0; ranged.len()];
    let mut failed = 0u64;
    let mut first_error = None;
    let mut scenario = input.clone();
    scenario.uncertainty = None;
    // No ranged input is the accelerator, so every sample runs on the base's: look it up once.
    let gpu = input.resolve_gpu(catalog)?;
    // One sample's figures, in column order; reused, as a sample otherwise allocated only this.
    let mut row: Vec<f64> = vec![f64::NAN; cols.len()];
    for i in 0..samples {
        for (j, (k, _, sampler)) in ranged.iter().enumerate() {
            let (v, moved) = k.clip(sampler.draw(&mut rng));
            clipped_by[j] += u64::from(moved);
            drawn[j] = v;
            k.set_in(&mut scenario, v)?;
        }
        let e = match evaluate_figures_on(&scenario, gpu, defaults) {
            Ok(e) => e,
            Err(err) => {
                failed += 1;
                first_error.get_or_insert(err);
                continue;
            }
        };
        for ((slot, c), col) in row.iter_mut().zip(&cols).zip(values.iter_mut()) {
            *slot = c.of(&e).unwrap_or(f64::NAN);
            col.push(*slot);
        }
        if let Some(out) = csv.as_deref_mut() {
            use std::fmt::Write as _;
            let _ = write!(out, "{}", i + 1);
            for v in drawn.iter().chain(&row) {
                let _ = write!(out, ",{v}");
            }
            out.push('\n');
        }
    }
    if failed == samples {
        return Err(first_error.unwrap_or_else(|| Error::internal("no sample evaluated")));
    }
    let plausible_share = match cols
        .iter()
        .position(|c| *c == Column::Figure(Figure::ImpliedMfu))
    {
        Some(i) => {
            let (lo, hi) = PublishedRuns::builtin()?.span();
            let inside = values[i].iter().filter(|m| (lo..=hi).contains(*m)).count();
            Some(inside as f64 / values[i].len() as f64)
        }
        None => None,
    };
    let mut stats: BTreeMap<&str, Stats> = BTreeMap::new();
    // A column equal bit for bit to an earlier one (the total with research is the total at a
    // multiplier of 1) has that one's statistics: found before any column is sorted, and only
    // the first of equal columns is sorted.
    let same_bits = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits());
    let twins: Vec<Option<usize>> = (0..values.len())
        .map(|j| (0..j).find(|&i| same_bits(&values[i], &values[j])))
        .collect();
    let mut scratch = SortScratch::default();
    for (j, twin) in twins.iter().enumerate() {
        let s = match twin {
            Some(i) => stats
                .get(cols[*i].name())
                .copied()
                .ok_or_else(|| Error::internal("a column's twin has no statistics"))?,
            None => Stats::of(&mut values[j], &mut scratch),
        };
        stats.insert(cols[j].name(), s);
    }
    // `Stats::of` sorted each column in place (the first of equal ones); the total cost is the
    // first column.
    let totals = std::mem::take(&mut values[0]);
    let get = |name: &str| stats.get(name).copied();
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
    Ok((result, totals))
}

/// `run` with the built-in catalog and defaults.
pub fn run_builtin(
    input: &ScenarioInput,
    options: RunOptions,
    csv: Option<&mut String>,
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
    let n = sorted.len();
    let h = (n - 1) as f64 * p;
    let i = h.floor() as usize;
    let j = (i + 1).min(n - 1);
    sorted[i] + (h - i as f64) * (sorted[j] - sorted[i])
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
            v.sort_by(f64::total_cmp);
            stats.insert(c.name(), Stats::of(v, &mut SortScratch::default()));
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
    /// or the same error.
    fn assert_same_as_reference(s: &ScenarioInput, samples: u64) {
        let options = RunOptions { samples, seed: 5 };
        let (c, d) = (Catalog::builtin().unwrap(), Defaults::builtin().unwrap());
        let mut csv = String::new();
        let fast = run_keeping_totals(s, options, c, d, Some(&mut csv));
        match (fast, reference_run(s, options)) {
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
    fn the_radix_sort_orders_as_total_cmp_does() {
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
        let mut want = values.clone();
        want.sort_by(f64::total_cmp);
        sort_total(&mut values, &mut SortScratch::default());
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&values), bits(&want));
        // A constant column skips every pass and stays as it is.
        let mut same = vec![2.5; 100];
        sort_total(&mut same, &mut SortScratch::default());
        assert_eq!(same, vec![2.5; 100]);
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
        let (mut a, mut b) = (String::new(), String::new());
        let ra = run_builtin(&s, opts, Some(&mut a)).unwrap();
        let rb = run_builtin(&s, opts, Some(&mut b)).unwrap();
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
