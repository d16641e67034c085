//! The cost model of DESIGN.md §2: a scenario's inputs, their validation, and `evaluate`.
//! Pure: no I/O, no clocks. Money in USD, energy in kWh, time in hours and days.

use std::cell::Cell;

use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, Defaults, Gpu, MfuBasis, Precision, PublishedRun, PublishedRuns};
use crate::error::{Error, Result};
use crate::realism::{
    self, AllIn, ComputeOptimal, Reliability, ReliabilityAt, RentVsOwn, Scaling, StageInput,
    StageResult,
};

pub const SECONDS_PER_HOUR: f64 = 3_600.0;

/// Allowed ranges: defined once in `crate::limits` (re-exported here for `model::limits::…`).
pub use crate::limits;

/// A scenario's inputs: the public JSON contract of `costscope eval` and of saved scenarios.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(deny_unknown_fields)]
pub struct ScenarioInput {
    /// Catalog id or alias, e.g. `H800`.
    pub gpu: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub gpu_count: Option<f64>,
    /// Wall-clock length of the run. Give this or `gpu_hours`, not both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub duration_days: Option<f64>,
    /// Total GPU-hours of the run; the duration is gpu_hours / gpu_count / 24.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub gpu_hours: Option<f64>,
    /// Defaults to renting at the catalog's price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub pricing: Option<Pricing>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub energy: Option<EnergyInput>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub workload: Option<Workload>,
    /// Model FLOPs utilisation, 0.001 to 1. With a workload, a stated MFU either solves a missing
    /// GPU count or duration, or is checked against the implied one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub mfu: Option<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<OtherCost>>", optional))]
    pub other_costs: Vec<OtherCost>,
    /// Total R&D compute divided by the final run's compute (≥ 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub research_multiplier: Option<f64>,
    /// MFU lost per doubling of the GPU count; absent = perfect scaling.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub scaling: Option<Scaling>,
    /// Interruptions and checkpoints; absent = nothing ever fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub reliability: Option<Reliability>,
    /// A user-defined accelerator that `gpu` names, carried with the scenario so that the file
    /// evaluates anywhere; checked like the built-in entries, and its id may not shadow one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub custom_gpu: Option<Gpu>,
    /// Stages run one after another (1 to 50); then the scenario's own `duration_days` and
    /// `gpu_hours` are absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub stages: Option<Vec<StageInput>>,
    /// Ranges on inputs, by input name (`{"usd_per_gpu_hour": {"low": 1.5, "high": 3}}`), for
    /// `uncertainty` and `sensitivity`; `evaluate` uses the point values and ignores them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub uncertainty: Option<std::collections::BTreeMap<String, InputRange>>,
    /// What a headline said (any of its figures); the claim check sets each against what the
    /// scenario computes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub claim: Option<Claim>,
}

/// Figures a headline claimed for a run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(deny_unknown_fields)]
pub struct Claim {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub total_cost_usd: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub gpu_hours: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub duration_days: Option<f64>,
    /// As a fraction, compared with the implied MFU.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub mfu: Option<f64>,
}

/// One claimed figure against the scenario's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ClaimedFigure {
    /// `total_cost_usd`, `gpu_hours`, `duration_days` or `mfu`.
    pub figure: String,
    pub claimed: f64,
    pub computed: f64,
    /// computed / claimed - 1 (0.047: the scenario gives 4.7 % more than claimed).
    pub gap: f64,
}

/// A range on one input. For `lognormal` (the default) and `normal`, `low` and `high` are the
/// 5th and 95th percentiles (a 90 % interval, as Epoch AI and Squiggle's `a to b` use); for
/// `uniform` they are the bounds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(deny_unknown_fields)]
pub struct InputRange {
    pub low: f64,
    pub high: f64,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<Distribution>", optional))]
    pub distribution: Distribution,
}

pub use crate::catalog::Distribution;

/// How compute is paid for. It may carry the figures of both kinds; `mode` picks the one that
/// makes `total_cost_usd`, and the other shows in `rent_vs_own`. Missing figures come from the
/// catalog and `assets/defaults.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(deny_unknown_fields)]
pub struct Pricing {
    /// `rental`: electricity is inside the price. `owned`: the purchase is amortised over its
    /// life, and the owner pays for electricity.
    pub mode: PricingMode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub usd_per_gpu_hour: Option<f64>,
    /// Purchase price of the chip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub usd_per_gpu: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub lifetime_years: Option<f64>,
    /// A GPU's server (CPUs, memory, chassis) as a multiple of the chip's price (1–5); absent = 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub server_overhead: Option<f64>,
    /// The network's share of the whole cluster's cost (0–0.9); absent = 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub interconnect_share: Option<f64>,
}

impl Pricing {
    /// Renting at `usd_per_gpu_hour` (the catalog's price when None).
    pub fn rental(usd_per_gpu_hour: Option<f64>) -> Pricing {
        Pricing {
            mode: PricingMode::Rental,
            usd_per_gpu_hour,
            usd_per_gpu: None,
            lifetime_years: None,
            server_overhead: None,
            interconnect_share: None,
        }
    }

    /// Owning at `usd_per_gpu` over `lifetime_years` (catalog and defaults when None).
    pub fn owned(usd_per_gpu: Option<f64>, lifetime_years: Option<f64>) -> Pricing {
        Pricing {
            mode: PricingMode::Owned,
            usd_per_gpu,
            lifetime_years,
            ..Pricing::rental(None)
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(deny_unknown_fields)]
pub struct EnergyInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub watts_per_gpu: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub pue: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub usd_per_kwh: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub grid_g_co2_per_kwh: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(deny_unknown_fields)]
pub struct Workload {
    /// Parameters used per token (for a mixture of experts, the active ones).
    pub active_params: f64,
    /// Training tokens.
    pub tokens: f64,
    /// 6 by default (forward + backward); 8 with activation recomputation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub flops_per_param_token: Option<f64>,
    /// `bf16` by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub precision: Option<Precision>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(deny_unknown_fields)]
pub struct OtherCost {
    pub label: String,
    pub usd: f64,
}

/// Which of {gpu_count, duration, mfu} the evaluation derived from the other two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum Solved {
    /// No workload: nothing to solve.
    Nothing,
    /// GPU count and duration given: MFU is implied (the claim check).
    Mfu,
    /// GPU count and MFU given: the duration follows.
    Duration,
    /// Duration and MFU given: the GPU count follows (rounded up to whole GPUs).
    GpuCount,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Above 100 % of peak: cannot be.
    Impossible,
    /// Above the best MFU published for large runs.
    Optimistic,
    Plausible,
    /// Far below published runs: the hardware could do much more than the stated work.
    Low,
    /// A stated MFU that the hardware and time contradict (stated 50 %, implied 32 %): the
    /// GPUs, the days, the work or the MFU of the claim is wrong.
    Mismatch,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ClaimCheck {
    pub verdict: Verdict,
    pub implied_mfu: f64,
    pub stated_mfu: Option<f64>,
    /// One sentence for people: "The claimed hardware and time imply 33 % MFU: plausible …".
    pub message: String,
    /// The share of the published runs (`assets/published_runs.json`) at or below the implied
    /// MFU, 0 to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub published_percentile: Option<f64>,
    /// The published run whose MFU is nearest the implied one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub closest_run: Option<PublishedRun>,
    /// One sentence placing the claim among the published runs: "The claim implies 34.1 % MFU,
    /// above 5 of 13 published runs; the closest, …, reported 33.1 %". Kept apart from
    /// `message`, whose wording saved evaluations already hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub published_message: Option<String>,
    /// Each figure of the scenario's `claim` against the computed one (empty without a claim).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<ClaimedFigure>>", optional))]
    pub figures: Vec<ClaimedFigure>,
    /// The sentence that names the largest gap, when a claim is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub figures_message: Option<String>,
}

impl Claim {
    /// Checks each claimed figure against the range a scenario may hold.
    pub fn check(&self) -> Result<()> {
        check_opt(
            "claim.total_cost_usd",
            self.total_cost_usd,
            limits::CLAIM_TOTAL_COST_USD,
            "USD",
        )?;
        check_opt("claim.gpu_hours", self.gpu_hours, limits::GPU_HOURS, "")?;
        check_opt(
            "claim.duration_days",
            self.duration_days,
            limits::DURATION_DAYS,
            "days",
        )?;
        check_opt("claim.mfu", self.mfu, limits::MFU, "")?;
        Ok(())
    }

    /// The claimed figures against the evaluation's, and the sentence naming the largest gap.
    pub fn compare(&self, e: &Evaluation) -> (Vec<ClaimedFigure>, Option<String>) {
        let pairs = [
            (
                "total_cost_usd",
                self.total_cost_usd,
                Some(e.total_cost_usd),
            ),
            ("gpu_hours", self.gpu_hours, Some(e.gpu_hours)),
            ("duration_days", self.duration_days, Some(e.duration_days)),
            ("mfu", self.mfu, e.implied_mfu),
        ];
        let figures: Vec<ClaimedFigure> = pairs
            .into_iter()
            .filter_map(|(figure, claimed, computed)| {
                let (claimed, computed) = (claimed?, computed?);
                Some(ClaimedFigure {
                    figure: figure.into(),
                    claimed,
                    computed,
                    gap: computed / claimed - 1.0,
                })
            })
            .collect();
        let largest = figures
            .iter()
            .max_by(|a, b| a.gap.abs().total_cmp(&b.gap.abs()));
        let message = largest.map(|f| {
            let show = |v: f64| match f.figure.as_str() {
                "total_cost_usd" => crate::format::usd(v),
                "gpu_hours" => crate::format::gpu_hours(v),
                "duration_days" => crate::format::days(v),
                _ => percent(v),
            };
            let what = match f.figure.as_str() {
                "total_cost_usd" => "cost",
                "gpu_hours" => "take",
                "duration_days" => "last",
                _ => "imply",
            };
            let side = if f.gap >= 0.0 { "above" } else { "below" };
            // The run's days are the figure itself when the gap is in the duration: "2,048 H800
            // at $2.00/GPU-h last 56.7 days", not "… × 56.7 days … last 56.7 days".
            let days = if f.figure == "duration_days" {
                String::new()
            } else {
                format!(" × {}", crate::format::days(e.duration_days))
            };
            format!(
                "{} {}{days} at {}/GPU-h {what} {}, {} {side} the claimed {}.",
                crate::format::plain_number(e.gpu_count),
                e.gpu,
                crate::format::usd(e.compute_usd_per_gpu_hour),
                show(f.computed),
                percent(f.gap.abs()),
                show(f.claimed)
            )
        });
        (figures, message)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CostItem {
    pub label: String,
    pub usd: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "lowercase")]
pub enum PricingMode {
    Rental,
    Owned,
}

/// The assumptions an evaluation actually used, after defaults were filled in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Assumptions {
    pub pricing_mode: PricingMode,
    pub usd_per_gpu_hour: Option<f64>,
    pub usd_per_gpu: Option<f64>,
    pub lifetime_years: Option<f64>,
    pub watts_per_gpu: f64,
    pub pue: f64,
    pub usd_per_kwh: f64,
    pub grid_g_co2_per_kwh: f64,
    pub precision: Precision,
    pub flops_per_param_token: Option<f64>,
    pub research_multiplier: f64,
    /// The scaling loss used; None = perfect scaling.
    pub scaling: Option<Scaling>,
    /// The interruption figures used; None = nothing fails.
    pub reliability: Option<Reliability>,
    pub server_overhead: Option<f64>,
    pub interconnect_share: Option<f64>,
}

/// Everything `evaluate` computes. Field names are a public contract (see the README).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Evaluation {
    pub gpu: String,
    pub gpu_name: String,
    pub solved_for: Solved,
    /// Whole GPUs.
    pub gpu_count: f64,
    /// The fractional GPU count the workload needs when the count was solved for.
    pub gpu_count_exact: Option<f64>,
    pub duration_days: f64,
    pub duration_hours: f64,
    pub gpu_hours: f64,
    /// Dense peak of one GPU at the precision used, FLOP/s.
    pub peak_flop_per_s_per_gpu: f64,
    /// What the cluster could do at 100 % utilisation over the run, FLOPs.
    pub peak_flops: f64,
    /// flops_per_param_token × active_params × tokens, when a workload is given.
    pub training_flops: Option<f64>,
    /// FLOPs the cluster delivers at the stated (or implied) MFU.
    pub flops_delivered: Option<f64>,
    pub stated_mfu: Option<f64>,
    pub implied_mfu: Option<f64>,
    pub claim_check: Option<ClaimCheck>,
    /// Rental price, or the amortised hardware cost per GPU-hour when owned.
    pub compute_usd_per_gpu_hour: f64,
    pub compute_cost_usd: f64,
    pub energy_kwh: f64,
    /// Electricity at `usd_per_kwh`. Inside the rental price when renting, so not in the total then.
    pub energy_cost_usd: f64,
    pub energy_cost_in_total: bool,
    pub co2_tonnes: f64,
    pub other_costs_usd: f64,
    /// The final run: compute + (owned) electricity + other costs.
    pub total_cost_usd: f64,
    /// Compute and electricity scaled by the research multiplier, plus other costs.
    pub total_with_research_usd: f64,
    pub usd_per_million_tokens: Option<f64>,
    /// The parts that add up to `total_cost_usd`.
    pub breakdown: Vec<CostItem>,
    pub assumptions: Assumptions,
    /// Things worth knowing that are not errors (e.g. a solved count above the slider's range).
    pub warnings: Vec<String>,
    /// The MFU at this GPU count after the scaling loss (the stated one × the loss), or the
    /// implied one when none is stated.
    pub effective_mfu: Option<f64>,
    /// Useful share of the wall-clock time (1 without `reliability`).
    pub goodput: f64,
    /// Mean time between interruptions at the (peak) GPU count; None when nothing fails.
    pub mtbi_hours: Option<f64>,
    /// The checkpoint interval used (given, or Young's optimum); None when nothing fails and
    /// none is given.
    pub checkpoint_interval_minutes: Option<f64>,
    pub interruptions_expected: f64,
    /// GPU-hours paid for but not training (restarts, lost work, checkpoint saves).
    pub lost_gpu_hours: f64,
    /// One entry per input stage, in order (empty without stages).
    pub stages: Vec<StageResult>,
    #[cfg_attr(feature = "ts", ts(as = "crate::realism::RentVsOwnView"))]
    pub rent_vs_own: RentVsOwn,
    /// The Chinchilla-optimal model for the FLOPs delivered, when they are known.
    #[cfg_attr(feature = "ts", ts(as = "Option<crate::realism::ComputeOptimalView>"))]
    pub compute_optimal: Option<ComputeOptimal>,
}

pub use crate::check::check_range;
use crate::check::check_range_of;
pub use crate::realism::HOURS_PER_YEAR;

fn show(v: f64) -> String {
    crate::format::plain_number(v)
}

fn check_opt(
    field: &str,
    value: Option<f64>,
    range: (f64, f64),
    unit: &str,
) -> Result<Option<f64>> {
    value
        .map(|v| check_range(field, v, range, unit))
        .transpose()
}

fn check_gpu_count(value: f64) -> Result<f64> {
    check_whole_gpus("gpu_count", value)
}

fn check_whole_gpus(field: &str, value: f64) -> Result<f64> {
    let (min, max) = limits::GPU_COUNT;
    if !value.is_finite() || value.fract() != 0.0 || !(min..=max).contains(&value) {
        let got = if value.is_finite() {
            show(value)
        } else {
            "not a finite number".into()
        };
        return Err(Error::invalid(
            field,
            format!(
                "{field} must be a whole number from {} to {}; got {got}",
                show(min),
                show(max)
            ),
        ));
    }
    Ok(value)
}

/// The inputs after validation and defaulting; what the formulas work on.
#[derive(Debug, Clone)]
pub struct Resolved<'a> {
    pub gpu: &'a Gpu,
    pub gpu_count: Option<f64>,
    pub duration_hours: Option<f64>,
    pub mfu: Option<f64>,
    pub training_flops: Option<f64>,
    pub tokens: Option<f64>,
    pub peak_flop_per_s: f64,
    pub assumptions: Assumptions,
    pub other_costs: Vec<CostItem>,
    /// Parameters per token of the workload (stages given by tokens need them).
    pub active_params: Option<f64>,
    pub stages: Option<&'a [StageInput]>,
    /// Rental price and all-in purchase figures for `rent_vs_own`, whatever the mode.
    pub rent_usd_per_gpu_hour: f64,
    pub all_in: AllIn,
    pub lifetime_years: f64,
    /// The realism figures at the GPU count asked for last (`at_count`): a run on one count
    /// asks for them several times, and the Monte Carlo's samples on the same count many
    /// times; each costs a logarithm, a power and a square root.
    at_count_memo: Cell<Option<AtCount>>,
}

/// What the realism blocks give at one GPU count, with what they were computed from.
#[derive(Debug, Clone, Copy)]
struct AtCount {
    gpu_count: f64,
    scaling: Option<Scaling>,
    reliability: Option<Reliability>,
    mfu_factor: f64,
    at: Option<ReliabilityAt>,
}

impl ScenarioInput {
    /// A minimal rental scenario, for callers that build inputs in code.
    pub fn new(gpu: impl Into<String>, gpu_count: f64, duration_days: f64) -> Self {
        ScenarioInput {
            gpu: gpu.into(),
            gpu_count: Some(gpu_count),
            duration_days: Some(duration_days),
            gpu_hours: None,
            pricing: None,
            energy: None,
            workload: None,
            mfu: None,
            other_costs: Vec::new(),
            research_multiplier: None,
            scaling: None,
            reliability: None,
            custom_gpu: None,
            stages: None,
            uncertainty: None,
            claim: None,
        }
    }

    /// This scenario with the sourced defaults written into whatever it leaves out: scaling,
    /// reliability, and the server and network overhead of the purchase price. What the window
    /// does for a new scenario (and what the presets carry), so a saved scenario keeps its totals.
    pub fn with_sourced_defaults(&self, defaults: &Defaults) -> ScenarioInput {
        let mut s = self.clone();
        s.scaling.get_or_insert_with(|| defaults.default_scaling());
        s.reliability
            .get_or_insert_with(|| defaults.default_reliability());
        let pricing = s.pricing.get_or_insert_with(|| Pricing::rental(None));
        pricing
            .server_overhead
            .get_or_insert(defaults.server_overhead.value);
        pricing
            .interconnect_share
            .get_or_insert(defaults.interconnect_share.value);
        s
    }

    /// Validates every field and fills in defaults from the catalog and `defaults`.
    pub fn resolve<'a>(
        &'a self,
        catalog: &'a Catalog,
        defaults: &Defaults,
    ) -> Result<Resolved<'a>> {
        let gpu = self.resolve_gpu(catalog)?;
        self.resolve_on(gpu, defaults)
    }

    /// The accelerator `gpu` names (the catalog's entry, or the checked `custom_gpu`): the first
    /// step of `resolve`, apart so that a caller evaluating many variants of one scenario that
    /// leave `gpu` and `custom_gpu` alone (the Monte Carlo) looks it up once; the lookup
    /// compares the id with every catalog name and took most of a figures-only evaluation.
    pub fn resolve_gpu<'a>(&'a self, catalog: &'a Catalog) -> Result<&'a Gpu> {
        if self.gpu.trim().is_empty() {
            return Err(Error::invalid(
                "gpu",
                "gpu is required: give a catalog id such as H100",
            ));
        }
        let gpu = match &self.custom_gpu {
            None => catalog.gpu(&self.gpu)?,
            Some(custom) => {
                crate::catalog::check_user_accelerator(custom, catalog, "custom_gpu.")?;
                if !crate::catalog::same_id(&custom.id, &self.gpu) {
                    return Err(Error::invalid(
                        "custom_gpu",
                        format!(
                            "custom_gpu.id {:?} must be the scenario's gpu {:?}",
                            custom.id, self.gpu
                        ),
                    ));
                }
                custom
            }
        };
        Ok(gpu)
    }

    /// `resolve` after its first step: every other field validated and defaulted, on `gpu`,
    /// which must be what `resolve_gpu` gives for this scenario.
    pub(crate) fn resolve_on<'a>(
        &'a self,
        gpu: &'a Gpu,
        defaults: &Defaults,
    ) -> Result<Resolved<'a>> {
        let gpu_count = self.gpu_count.map(check_gpu_count).transpose()?;

        if self.stages.is_some() && (self.duration_days.is_some() || self.gpu_hours.is_some()) {
            return Err(Error::invalid(
                "stages",
                "with stages, leave out the scenario's duration_days and gpu_hours: each stage gives its own time",
            ));
        }
        let duration_hours = match (self.duration_days, self.gpu_hours) {
            (Some(_), Some(_)) => {
                return Err(Error::invalid(
                    "duration_days",
                    "give duration_days or gpu_hours, not both",
                ))
            }
            (Some(days), None) => {
                Some(check_range("duration_days", days, limits::DURATION_DAYS, "days")? * 24.0)
            }
            (None, Some(gh)) => {
                let gh = check_range("gpu_hours", gh, limits::GPU_HOURS, "GPU-hours")?;
                match gpu_count {
                    Some(n) => Some(gh / n),
                    None => {
                        return Err(Error::invalid(
                            "gpu_count",
                            "gpu_count is required when gpu_hours is given (the duration is gpu_hours / gpu_count)",
                        ))
                    }
                }
            }
            (None, None) => None,
        };
        let mfu = check_opt("mfu", self.mfu, limits::MFU, "")?;

        let pricing = self.pricing.clone().unwrap_or(Pricing::rental(None));
        let pricing_mode = pricing.mode;
        let rent_usd_per_gpu_hour = check_opt(
            "pricing.usd_per_gpu_hour",
            pricing.usd_per_gpu_hour,
            limits::USD_PER_GPU_HOUR,
            "USD per GPU-hour",
        )?
        .unwrap_or(gpu.usd_per_gpu_hour);
        let chip_usd = check_opt(
            "pricing.usd_per_gpu",
            pricing.usd_per_gpu,
            limits::USD_PER_GPU,
            "USD",
        )?
        .unwrap_or(gpu.usd_per_gpu);
        let life = check_opt(
            "pricing.lifetime_years",
            pricing.lifetime_years,
            limits::LIFETIME_YEARS,
            "years",
        )?
        .unwrap_or(defaults.lifetime_years.value);
        let all_in = AllIn {
            chip_usd,
            server_overhead: check_opt(
                "pricing.server_overhead",
                pricing.server_overhead,
                limits::SERVER_OVERHEAD,
                "× the chip's price",
            )?,
            interconnect_share: check_opt(
                "pricing.interconnect_share",
                pricing.interconnect_share,
                limits::INTERCONNECT_SHARE,
                "of the cluster's cost",
            )?,
        };
        let (usd_per_gpu_hour, usd_per_gpu, lifetime_years) = match pricing_mode {
            PricingMode::Rental => (Some(rent_usd_per_gpu_hour), None, None),
            PricingMode::Owned => (None, Some(all_in.per_gpu_usd()), Some(life)),
        };

        let energy = self.energy.clone().unwrap_or_default();
        let watts_per_gpu = check_opt(
            "energy.watts_per_gpu",
            energy.watts_per_gpu,
            limits::WATTS_PER_GPU,
            "W",
        )?
        .unwrap_or(gpu.board_watts);
        let pue =
            check_opt("energy.pue", energy.pue, limits::PUE, "")?.unwrap_or(defaults.pue.value);
        let usd_per_kwh = check_opt(
            "energy.usd_per_kwh",
            energy.usd_per_kwh,
            limits::USD_PER_KWH,
            "USD per kWh",
        )?
        .unwrap_or(defaults.usd_per_kwh.value);
        let grid_g_co2_per_kwh = check_opt(
            "energy.grid_g_co2_per_kwh",
            energy.grid_g_co2_per_kwh,
            limits::GRID_G_CO2_PER_KWH,
            "gCO2e per kWh",
        )?
        .unwrap_or(defaults.grid_g_co2_per_kwh.value);

        let mut precision = Precision::Bf16;
        let mut flops_per_param_token = None;
        let mut training_flops = None;
        let mut tokens = None;
        let mut active_params = None;
        if let Some(w) = &self.workload {
            let params = check_range(
                "workload.active_params",
                w.active_params,
                limits::ACTIVE_PARAMS,
                "parameters",
            )?;
            let toks = check_range("workload.tokens", w.tokens, limits::TOKENS, "tokens")?;
            let fppt = check_opt(
                "workload.flops_per_param_token",
                w.flops_per_param_token,
                limits::FLOPS_PER_PARAM_TOKEN,
                "FLOPs per parameter per token",
            )?
            .unwrap_or(defaults.flops_per_param_token.value);
            precision = w.precision.unwrap_or(Precision::Bf16);
            flops_per_param_token = Some(fppt);
            training_flops = Some(workload_flops(fppt, params, toks));
            tokens = Some(toks);
            active_params = Some(params);
        }
        let peak_flop_per_s = gpu.peak_flop_per_s(precision).ok_or_else(|| {
            let have: Vec<&str> = gpu.precisions().iter().map(|p| p.as_str()).collect();
            Error::invalid(
                "workload.precision",
                format!(
                    "workload.precision {precision} is not supported by {}; choose one of {}",
                    gpu.id,
                    have.join(", ")
                ),
            )
        })?;

        if self.other_costs.len() > limits::OTHER_COSTS_MAX {
            return Err(Error::invalid(
                "other_costs",
                format!(
                    "other_costs may hold at most {} items; got {}",
                    limits::OTHER_COSTS_MAX,
                    self.other_costs.len()
                ),
            ));
        }
        let mut other_costs = Vec::with_capacity(self.other_costs.len());
        for (i, item) in self.other_costs.iter().enumerate() {
            let label = item.label.trim();
            if label.is_empty() || label.chars().count() > limits::LABEL_CHARS_MAX {
                return Err(Error::invalid(
                    format!("other_costs[{i}].label"),
                    format!(
                        "other_costs[{i}].label must be 1 to {} characters",
                        limits::LABEL_CHARS_MAX
                    ),
                ));
            }
            let usd = check_range(
                &format!("other_costs[{i}].usd"),
                item.usd,
                limits::OTHER_COST_USD,
                "USD",
            )?;
            other_costs.push(CostItem {
                label: label.to_string(),
                usd,
            });
        }
        let research_multiplier = check_opt(
            "research_multiplier",
            self.research_multiplier,
            limits::RESEARCH_MULTIPLIER,
            "",
        )?
        .unwrap_or(1.0);
        let scaling = self.scaling.map(|s| s.check()).transpose()?;
        let reliability = self.reliability.map(|r| r.check()).transpose()?;
        if let Some(stages) = &self.stages {
            realism::check_stages(stages, limits::LABEL_CHARS_MAX)?;
        }

        Ok(Resolved {
            gpu,
            gpu_count,
            duration_hours,
            mfu,
            training_flops,
            tokens,
            peak_flop_per_s,
            other_costs,
            active_params,
            stages: self.stages.as_deref(),
            rent_usd_per_gpu_hour,
            all_in,
            lifetime_years: life,
            at_count_memo: Cell::new(None),
            assumptions: Assumptions {
                pricing_mode,
                usd_per_gpu_hour,
                usd_per_gpu,
                lifetime_years,
                watts_per_gpu,
                pue,
                usd_per_kwh,
                grid_g_co2_per_kwh,
                precision,
                flops_per_param_token,
                research_multiplier,
                scaling,
                reliability,
                server_overhead: all_in.server_overhead,
                interconnect_share: all_in.interconnect_share,
            },
        })
    }
}

/// The training compute of a workload, FLOPs: FLOPs per parameter per token × parameters ×
/// tokens. One expression for a resolved scenario and for a Monte Carlo sample that moves its
/// parameters or tokens (same operations, same bits).
pub(crate) fn workload_flops(flops_per_param_token: f64, active_params: f64, tokens: f64) -> f64 {
    flops_per_param_token * active_params * tokens
}

/// `read` of the figures of a scenario already resolved (`r` from `input.resolve_on`, perhaps
/// moved by the Monte Carlo's `set_drawn`), without text: `evaluate_figures_on` without the resolving.
/// The figures are lent, not returned: moving them out of `compute`'s answer was a tenth of a
/// Monte Carlo sample's time.
pub(crate) fn read_figures_of_resolved<T>(
    input: &ScenarioInput,
    r: &Resolved<'_>,
    read: impl FnOnce(&Figures) -> T,
) -> Result<T> {
    // The model's own body, inlined here (and only here): what `read` never looks at is then
    // neither stored nor, where it is pure arithmetic, computed.
    Ok(read(&compute_inlined(input, r)?.figures))
}

impl Assumptions {
    /// The scaling factor on the MFU at `gpu_count` GPUs (1 without `scaling`).
    pub fn mfu_factor(&self, gpu_count: f64) -> f64 {
        self.scaling.map_or(1.0, |s| s.factor(gpu_count))
    }

    /// What one GPU-hour of compute costs: the rental price, or the purchase spread over its life.
    pub fn compute_usd_per_gpu_hour(&self) -> f64 {
        match self.pricing_mode {
            PricingMode::Rental => self.usd_per_gpu_hour.unwrap_or(0.0),
            PricingMode::Owned => {
                self.usd_per_gpu.unwrap_or(0.0)
                    / (self.lifetime_years.unwrap_or(1.0) * HOURS_PER_YEAR)
            }
        }
    }

    /// Facility energy of one GPU-hour, kWh (board power × PUE).
    pub fn kwh_per_gpu_hour(&self) -> f64 {
        self.watts_per_gpu * self.pue / 1000.0
    }

    /// Everything that one GPU-hour adds to the total: compute, plus electricity when owned.
    pub fn total_usd_per_gpu_hour(&self) -> f64 {
        let energy = match self.pricing_mode {
            PricingMode::Rental => 0.0,
            PricingMode::Owned => self.kwh_per_gpu_hour() * self.usd_per_kwh,
        };
        self.compute_usd_per_gpu_hour() + energy
    }
}

/// Evaluates a scenario with the built-in catalog and defaults.
pub fn evaluate(input: &ScenarioInput) -> Result<Evaluation> {
    evaluate_with(input, Catalog::builtin()?, Defaults::builtin()?)
}

fn percent(v: f64) -> String {
    crate::format::percent(v)
}

/// Where an implied MFU falls among the published runs: the share at or below it, the nearest
/// run, and the sentence that says both.
pub fn published_place(
    implied: f64,
    runs: &PublishedRuns,
) -> (f64, Option<PublishedRun>, Option<String>) {
    let share = runs.percentile(implied);
    let Some(closest) = runs.closest(implied) else {
        return (share, None, None);
    };
    let below = runs.runs.iter().filter(|r| r.mfu <= implied).count();
    let how = match closest.mfu_basis {
        MfuBasis::Reported => "reported",
        MfuBasis::Derived => "works out at",
        MfuBasis::Estimated => "is estimated at",
    };
    // Written piece by piece into one String rather than with `format!`: this sentence and the
    // claim check's are built on every evaluation that implies its MFU.
    let mut sentence = String::with_capacity(160);
    sentence.push_str("The claim implies ");
    crate::format::push_percent(&mut sentence, implied);
    sentence.push_str(" MFU, above ");
    crate::format::push_count(&mut sentence, below);
    sentence.push_str(" of ");
    crate::format::push_count(&mut sentence, runs.runs.len());
    sentence.push_str(" published runs; the closest, ");
    sentence.push_str(&closest.name);
    sentence.push_str(", ");
    sentence.push_str(how);
    sentence.push(' ');
    crate::format::push_percent(&mut sentence, closest.mfu);
    sentence.push('.');
    (share, Some(closest.clone()), Some(sentence))
}

fn claim_check(
    implied: f64,
    stated: Option<f64>,
    defaults: &Defaults,
    runs: &PublishedRuns,
) -> ClaimCheck {
    use crate::format::push_percent;
    let bands = &defaults.mfu_bands;
    // How far the implied MFU is from the stated one, as implied ÷ stated − 1.
    let stated_gap = stated.filter(|s| *s > 0.0).map(|s| implied / s - 1.0);
    let verdict = if implied > 1.0 {
        Verdict::Impossible
    } else if stated_gap.is_some_and(|g| g.abs() > bands.mismatch_above_gap) {
        Verdict::Mismatch
    } else if implied > bands.plausible_up_to {
        Verdict::Optimistic
    } else if implied < bands.low_below {
        Verdict::Low
    } else {
        Verdict::Plausible
    };
    // "The hardware and time imply 33.1 % MFU — plausible: within 20 % to 45 %, …." in one
    // String (see `published_place`).
    let mut message = String::with_capacity(192);
    message.push_str("The hardware and time imply ");
    push_percent(&mut message, implied);
    message.push_str(" MFU — ");
    match verdict {
        Verdict::Impossible => message.push_str("impossible: more than 100 % of the GPUs' peak"),
        Verdict::Optimistic => {
            message.push_str("optimistic: above ");
            push_percent(&mut message, bands.plausible_up_to);
            message.push_str(", higher than any large run published");
        }
        Verdict::Low => {
            message.push_str("low: under ");
            push_percent(&mut message, bands.low_below);
            message.push_str(", so the hardware and time could do far more than the stated work");
        }
        Verdict::Plausible => {
            message.push_str("plausible: within ");
            push_percent(&mut message, bands.low_below);
            message.push_str(" to ");
            push_percent(&mut message, bands.plausible_up_to);
            message.push_str(", where published large runs lie");
        }
        Verdict::Mismatch => {
            message.push_str("a mismatch: the stated MFU is ");
            push_percent(&mut message, stated.unwrap_or_default());
            message.push_str(", and the implied one is ");
            push_percent(&mut message, stated_gap.unwrap_or_default().abs());
            message.push_str(if stated_gap.is_some_and(|g| g < 0.0) {
                " lower"
            } else {
                " higher"
            });
            message.push_str(", so the claimed GPUs, time, work and MFU cannot all be right");
        }
    }
    message.push('.');
    if let (Some(s), false) = (stated, verdict == Verdict::Mismatch) {
        message.push_str(" The stated MFU is ");
        push_percent(&mut message, s);
        message.push('.');
    }
    let (published_percentile, closest_run, published_message) = published_place(implied, runs);
    ClaimCheck {
        verdict,
        implied_mfu: implied,
        stated_mfu: stated,
        message,
        published_percentile: Some(published_percentile),
        closest_run,
        published_message,
        figures: Vec::new(),
        figures_message: None,
    }
}

/// One block of the run on one GPU count: the whole run, or one stage.
#[derive(Debug, Clone)]
struct Segment<'a> {
    label: Option<&'a str>,
    gpu_count: f64,
    wall_hours: f64,
    reliability: Option<ReliabilityAt>,
}

impl Segment<'_> {
    fn goodput(&self) -> f64 {
        self.reliability.map_or(1.0, |a| a.goodput)
    }
}

/// How the run is laid out in time, before any money.
struct Shape<'a> {
    solved_for: Solved,
    gpu_count: f64,
    gpu_count_exact: Option<f64>,
    /// The scaling factor on the MFU at `gpu_count`.
    mfu_factor: f64,
    segments: Segments<'a>,
}

/// The blocks of a run: one, held inline, for a run without stages (what a series, the goal
/// seek and the Monte Carlo evaluate many times, so without a heap allocation each), or the
/// stages.
#[derive(Debug, Clone)]
enum Segments<'a> {
    One(Segment<'a>),
    Stages(Vec<Segment<'a>>),
}

impl<'a> Segments<'a> {
    fn as_slice(&self) -> &[Segment<'a>] {
        match self {
            Segments::One(one) => std::slice::from_ref(one),
            Segments::Stages(stages) => stages,
        }
    }
}

impl<'a> Resolved<'a> {
    /// The scaling factor on the MFU and what interruptions do at `n` GPUs, from the memo
    /// when it holds this count and these realism figures (the same function of the same
    /// numbers, so the same bits), else computed and kept. A count at which the run never
    /// ends is an error, computed afresh each time it is asked.
    #[inline]
    fn at_count(&self, n: f64) -> Result<AtCount> {
        match self.at_count_memo.get() {
            Some(m)
                if m.gpu_count.to_bits() == n.to_bits()
                    && m.scaling == self.assumptions.scaling
                    && m.reliability == self.assumptions.reliability =>
            {
                Ok(m)
            }
            _ => self.at_count_afresh(n),
        }
    }

    /// `at_count` when the memo does not hold `n`: out of line, so that the memo's check
    /// inlines where the figures are asked for.
    #[cold]
    #[inline(never)]
    fn at_count_afresh(&self, n: f64) -> Result<AtCount> {
        let a = &self.assumptions;
        let m = AtCount {
            gpu_count: n,
            scaling: a.scaling,
            reliability: a.reliability,
            mfu_factor: a.mfu_factor(n),
            at: a.reliability.map(|r| r.at(n)).transpose()?,
        };
        self.at_count_memo.set(Some(m));
        Ok(m)
    }

    /// The scaling factor on the MFU at `n` GPUs (1 without `scaling`).
    #[inline]
    fn mfu_factor(&self, n: f64) -> f64 {
        match self.at_count(n) {
            Ok(m) => m.mfu_factor,
            // The count is past what the interruptions allow: the factor is still defined.
            Err(_) => self.assumptions.mfu_factor(n),
        }
    }

    #[inline]
    fn reliability_at(&self, n: f64) -> Result<Option<ReliabilityAt>> {
        self.at_count(n).map(|m| m.at)
    }

    /// GPU-equivalents at full MFU: N × scaling factor × goodput (0 where the run never ends).
    fn throughput(&self, n: f64) -> f64 {
        match self.reliability_at(n) {
            Ok(at) => n * self.mfu_factor(n) * at.map_or(1.0, |a| a.goodput),
            Err(_) => 0.0,
        }
    }

    /// The one block of a run without stages: any two of {gpu_count, duration, mfu} determine
    /// the third when the work is known.
    fn single(&self, warnings: &mut Vec<String>) -> Result<Shape<'a>> {
        let peak = self.peak_flop_per_s;
        // Each arm asks for the realism figures at its count once: the factor on the MFU
        // travels with the shape, so `compute` does not ask again.
        let (solved_for, n, exact, wall_hours, realism) = match (self.training_flops, self.gpu_count, self.duration_hours, self.mfu) {
            (_, Some(n), Some(h), _) => {
                let solved = if self.training_flops.is_some() { Solved::Mfu } else { Solved::Nothing };
                (solved, n, None, h, self.at_count(n)?)
            }
            (Some(c), Some(n), None, Some(m)) => {
                let realism = self.at_count(n)?;
                let useful_hours = c / (n * peak * (m * realism.mfu_factor)) / SECONDS_PER_HOUR;
                let wall = useful_hours / realism.at.map_or(1.0, |a| a.goodput);
                (Solved::Duration, n, None, wall, realism)
            }
            (Some(c), None, Some(h), Some(m)) => {
                let exact = self.solve_gpu_count(c, h, m)?;
                // Whole GPUs: round up, but forgive floating-point dust (2048.0000000001 → 2048).
                let whole = (exact - 1e-6).ceil().max(1.0);
                if whole > limits::GPU_COUNT.1 {
                    warnings.push(format!(
                        "The workload needs {} GPUs at this duration and MFU, more than the {} a scenario may set.",
                        show(whole),
                        show(limits::GPU_COUNT.1)
                    ));
                }
                (Solved::GpuCount, whole, Some(exact), h, self.at_count(whole)?)
            }
            (Some(_), _, _, _) => {
                let (field, have) = match (self.gpu_count, self.duration_hours, self.mfu) {
                    (None, None, None) => ("gpu_count", "none is given"),
                    (Some(_), None, None) => ("duration_days", "only gpu_count is given"),
                    (None, Some(_), None) => ("gpu_count", "only the duration is given"),
                    _ => ("gpu_count", "only mfu is given"),
                };
                return Err(Error::invalid(
                    field,
                    format!("with a workload, give two of gpu_count, duration_days (or gpu_hours) and mfu; {have}"),
                ));
            }
            (None, None, _, _) => {
                return Err(Error::invalid(
                    "gpu_count",
                    "gpu_count is required without a workload (from 1 to 1,000,000)",
                ))
            }
            (None, Some(_), None, _) => {
                return Err(Error::invalid(
                    "duration_days",
                    "duration_days or gpu_hours is required without a workload (duration_days from 0.01 to 3,650)",
                ))
            }
        };
        Ok(Shape {
            solved_for,
            gpu_count: n,
            gpu_count_exact: exact,
            mfu_factor: realism.mfu_factor,
            segments: Segments::One(Segment {
                label: None,
                gpu_count: n,
                wall_hours,
                reliability: realism.at,
            }),
        })
    }

    /// The (fractional) GPU count that does `c` FLOPs in `h` hours at MFU `m`. Without scaling
    /// and interruptions this is today's closed form; with them, GPUs × factor × goodput must
    /// reach the needed GPU-equivalents, and since goodput falls as GPUs grow there may be no
    /// such count.
    fn solve_gpu_count(&self, c: f64, h: f64, m: f64) -> Result<f64> {
        let needed = c / (self.peak_flop_per_s * m * h * SECONDS_PER_HOUR);
        let a = &self.assumptions;
        if a.reliability.is_none() {
            let Some(s) = a.scaling else {
                return Ok(needed);
            };
            let n0 = s.reference_gpu_count;
            if needed <= n0 {
                return Ok(needed);
            }
            // Above N0, N × (N / N0)^log2(1 − L) = N0 × (N / N0)^(1 + log2(1 − L)).
            let exponent = 1.0 + (1.0 - s.mfu_loss_per_doubling).log2();
            if exponent > 1e-12 {
                return Ok(n0 * (needed / n0).powf(1.0 / exponent));
            }
            return Err(self.no_count_finishes(c, h, m, n0));
        }
        let best = self.fastest_gpu_count();
        if self.throughput(best) < needed {
            return Err(self.no_count_finishes(c, h, m, best));
        }
        if self.throughput(1.0) >= needed {
            // Below one GPU's worth: fractional like the closed form (rounds up to 1).
            return Ok(needed / self.throughput(1.0));
        }
        // Throughput rises up to the fastest count: bisect on [1, best].
        let (mut lo, mut hi) = (1.0_f64, best);
        for _ in 0..200 {
            let mid = 0.5 * (lo + hi);
            if self.throughput(mid) >= needed {
                hi = mid;
            } else {
                lo = mid;
            }
            if hi - lo <= 1e-9 * hi {
                break;
            }
        }
        Ok(hi)
    }

    /// The whole GPU count that finishes a fixed amount of work soonest (the largest allowed
    /// one when more GPUs always help): golden-section search on log N, as GPUs × goodput rises
    /// and then falls.
    pub(crate) fn fastest_gpu_count(&self) -> f64 {
        let (lo_n, hi_n) = limits::GPU_COUNT;
        let f = |x: f64| self.throughput(x.exp());
        let ratio = 0.5 * (5f64.sqrt() - 1.0);
        let (mut a, mut b) = (lo_n.ln(), hi_n.ln());
        let mut x1 = b - ratio * (b - a);
        let mut x2 = a + ratio * (b - a);
        let (mut f1, mut f2) = (f(x1), f(x2));
        while b - a > 1e-7 {
            if f1 < f2 {
                a = x1;
                x1 = x2;
                f1 = f2;
                x2 = a + ratio * (b - a);
                f2 = f(x2);
            } else {
                b = x2;
                x2 = x1;
                f2 = f1;
                x1 = b - ratio * (b - a);
                f1 = f(x1);
            }
        }
        let x = 0.5 * (a + b);
        let near = x.exp();
        let (down, up) = (near.floor().max(lo_n), near.ceil().min(hi_n));
        if self.throughput(up) >= self.throughput(down) {
            up
        } else {
            down
        }
    }

    fn no_count_finishes(&self, c: f64, h: f64, m: f64, best: f64) -> Error {
        let fastest_hours =
            c / (self.peak_flop_per_s * m * self.throughput(best)) / SECONDS_PER_HOUR;
        Error::invalid(
            "duration_days",
            format!(
                "no GPU count finishes in {}: the fastest is {} at {}",
                crate::format::days(h / 24.0),
                crate::format::days(fastest_hours / 24.0),
                crate::format::gpus(best)
            ),
        )
    }

    /// The stages one after another, each on its own or the scenario's GPU count.
    fn staged(&self, stages: &'a [StageInput]) -> Result<Shape<'a>> {
        let peak = self.peak_flop_per_s;
        let mut segments = Vec::with_capacity(stages.len());
        let mut by_tokens = false;
        for (i, st) in stages.iter().enumerate() {
            let n = match (st.gpu_count, self.gpu_count) {
                (Some(n), _) => check_whole_gpus(&format!("stages[{i}].gpu_count"), n)?,
                (None, Some(n)) => n,
                (None, None) => {
                    return Err(Error::invalid(
                        format!("stages[{i}].gpu_count"),
                        format!("stages[{i}].gpu_count is required when the scenario has no gpu_count (from 1 to 1,000,000)"),
                    ))
                }
            };
            let at = self.reliability_at(n)?;
            // Field names are formatted only for an error: this runs on every evaluation.
            let wall_hours = if let Some(gh) = st.gpu_hours {
                check_range_of(
                    || format!("stages[{i}].gpu_hours"),
                    gh,
                    limits::GPU_HOURS,
                    "GPU-hours",
                )? / n
            } else if let Some(d) = st.duration_days {
                check_range_of(
                    || format!("stages[{i}].duration_days"),
                    d,
                    limits::DURATION_DAYS,
                    "days",
                )? * 24.0
            } else {
                let field = || format!("stages[{i}].tokens");
                let tokens = check_range_of(
                    field,
                    st.tokens.unwrap_or(f64::NAN),
                    limits::TOKENS,
                    "tokens",
                )?;
                let (Some(params), Some(fppt), Some(m)) = (
                    self.active_params,
                    self.assumptions.flops_per_param_token,
                    self.mfu,
                ) else {
                    let field = field();
                    return Err(Error::invalid(
                        field.clone(),
                        format!("{field} needs a workload and an mfu to turn tokens into time"),
                    ));
                };
                by_tokens = true;
                let useful = fppt * params * tokens
                    / (n * peak * (m * self.mfu_factor(n)))
                    / SECONDS_PER_HOUR;
                useful / at.map_or(1.0, |a| a.goodput)
            };
            segments.push(Segment {
                label: Some(st.label.trim()),
                gpu_count: n,
                wall_hours,
                reliability: at,
            });
        }
        let solved_for = if by_tokens {
            Solved::Duration
        } else if self.training_flops.is_some() {
            Solved::Mfu
        } else {
            Solved::Nothing
        };
        let gpu_count = segments.iter().map(|s| s.gpu_count).fold(1.0, f64::max);
        Ok(Shape {
            solved_for,
            gpu_count,
            gpu_count_exact: None,
            mfu_factor: self.mfu_factor(gpu_count),
            segments: Segments::Stages(segments),
        })
    }
}

/// The figures of an evaluation without its text: what a chart series, the goal seek and the
/// Monte Carlo read at each of their points. `evaluate_with` computes these with the same code
/// and adds what people read (the GPU's name, the breakdown, the stages, the claim check, the
/// warnings), whose formatting and allocations took most of an evaluation's time.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub solved_for: Solved,
    pub gpu_count: f64,
    pub gpu_count_exact: Option<f64>,
    pub duration_days: f64,
    pub duration_hours: f64,
    pub gpu_hours: f64,
    pub peak_flop_per_s_per_gpu: f64,
    pub peak_flops: f64,
    pub training_flops: Option<f64>,
    pub flops_delivered: Option<f64>,
    pub stated_mfu: Option<f64>,
    pub implied_mfu: Option<f64>,
    pub compute_usd_per_gpu_hour: f64,
    pub compute_cost_usd: f64,
    pub energy_kwh: f64,
    pub energy_cost_usd: f64,
    pub energy_cost_in_total: bool,
    pub co2_tonnes: f64,
    pub other_costs_usd: f64,
    pub total_cost_usd: f64,
    pub total_with_research_usd: f64,
    pub usd_per_million_tokens: Option<f64>,
    pub assumptions: Assumptions,
    pub effective_mfu: Option<f64>,
    pub goodput: f64,
    pub mtbi_hours: Option<f64>,
    pub checkpoint_interval_minutes: Option<f64>,
    pub interruptions_expected: f64,
    pub lost_gpu_hours: f64,
    pub rent_vs_own: RentVsOwn,
    pub compute_optimal: Option<ComputeOptimal>,
}

/// The figures and what the text of the full evaluation is built from.
struct Computed<'a> {
    figures: Figures,
    shape: Shape<'a>,
    /// Written while solving the run's shape (rare: a solved count beyond the allowed range).
    warnings: Vec<String>,
    /// The published runs when the scenario implies its MFU (the claim check places it).
    published_runs: Option<&'static PublishedRuns>,
}

/// Every formula of the evaluation, and every check: the figures-only path fails exactly when
/// the full one does, with the same error.
fn compute<'a>(input: &ScenarioInput, r: &Resolved<'a>) -> Result<Computed<'a>> {
    compute_inlined(input, r)
}

/// `compute`'s body, inlined where it is called: by `compute` for every other caller, and by
/// the Monte Carlo's reader (`read_figures_of_resolved`).
#[inline(always)]
fn compute_inlined<'a>(input: &ScenarioInput, r: &Resolved<'a>) -> Result<Computed<'a>> {
    let peak = r.peak_flop_per_s;
    let mut warnings = Vec::new();
    let shape = match r.stages {
        Some(stages) => r.staged(stages)?,
        None => r.single(&mut warnings)?,
    };
    let (solved_for, gpu_count) = (shape.solved_for, shape.gpu_count);

    // One block keeps the formulas exactly as before stages existed (same operations, same bits).
    let (duration_hours, gpu_hours, peak_flops, goodput) = match shape.segments.as_slice() {
        [one] => {
            let seconds = one.wall_hours * SECONDS_PER_HOUR;
            (
                one.wall_hours,
                gpu_count * one.wall_hours,
                gpu_count * peak * seconds,
                one.goodput(),
            )
        }
        many => {
            let wall: f64 = many.iter().map(|s| s.wall_hours).sum();
            let gh: f64 = many.iter().map(|s| s.gpu_count * s.wall_hours).sum();
            let useful: f64 = many
                .iter()
                .map(|s| s.gpu_count * s.wall_hours * s.goodput())
                .sum();
            (wall, gh, gh * peak * SECONDS_PER_HOUR, useful / gh)
        }
    };
    let duration_days = duration_hours / 24.0;
    let useful_peak_flops = peak_flops * goodput;
    let implied_mfu = r.training_flops.map(|c| c / useful_peak_flops);
    let mfu_at_count = r.mfu.map(|m| m * shape.mfu_factor);
    let effective_mfu = mfu_at_count.or(implied_mfu);
    let flops_delivered = effective_mfu.map(|m| useful_peak_flops * m);
    let published_runs = match (solved_for, implied_mfu) {
        (Solved::Mfu, Some(_)) => Some(PublishedRuns::builtin()?),
        _ => None,
    };

    let a = &r.assumptions;
    let compute_usd_per_gpu_hour = a.compute_usd_per_gpu_hour();
    let compute_cost_usd = gpu_hours * compute_usd_per_gpu_hour;
    let energy_kwh = gpu_hours * a.kwh_per_gpu_hour();
    let energy_cost_usd = energy_kwh * a.usd_per_kwh;
    let energy_cost_in_total = a.pricing_mode == PricingMode::Owned;
    let co2_tonnes = energy_kwh * a.grid_g_co2_per_kwh / 1e6;
    let other_costs_usd: f64 = r.other_costs.iter().map(|c| c.usd).sum();

    let run_compute_usd = compute_cost_usd
        + if energy_cost_in_total {
            energy_cost_usd
        } else {
            0.0
        };
    let total_cost_usd = run_compute_usd + other_costs_usd;
    let total_with_research_usd = run_compute_usd * a.research_multiplier + other_costs_usd;
    let usd_per_million_tokens = r.tokens.map(|t| total_cost_usd / (t / 1e6));

    // Interruptions: per segment, then summed.
    let mut interruptions_expected = 0.0;
    let mut lost_gpu_hours = 0.0;
    if let Some(rel) = a.reliability {
        for s in shape.segments.as_slice() {
            interruptions_expected +=
                rel.interruptions_per_1000_gpu_days * s.gpu_count * (s.wall_hours / 24.0) / 1000.0;
            lost_gpu_hours += s.gpu_count * s.wall_hours * (1.0 - s.goodput());
        }
    }
    let at_peak = match shape.segments.as_slice() {
        [one] => one.reliability,
        _ => r.reliability_at(gpu_count)?,
    };
    let finite = |v: f64| v.is_finite().then_some(v);

    let rent_vs_own = {
        let all_in = r.all_in.per_gpu_usd();
        let rental_total_usd = match a.pricing_mode {
            PricingMode::Rental => total_cost_usd,
            PricingMode::Owned => gpu_hours * r.rent_usd_per_gpu_hour + other_costs_usd,
        };
        let owned_total_usd = match a.pricing_mode {
            PricingMode::Owned => total_cost_usd,
            PricingMode::Rental => {
                gpu_hours * (all_in / (r.lifetime_years * HOURS_PER_YEAR))
                    + energy_cost_usd
                    + other_costs_usd
            }
        };
        let cluster_purchase_usd = gpu_count * all_in;
        let break_even_utilisation = realism::break_even_utilisation(
            all_in,
            r.lifetime_years,
            r.rent_usd_per_gpu_hour,
            a.kwh_per_gpu_hour() * a.usd_per_kwh,
        );
        RentVsOwn {
            rental_total_usd,
            owned_total_usd,
            cluster_purchase_usd,
            break_even_utilisation,
            usd_per_gpu_hour: r.rent_usd_per_gpu_hour,
            all_in_usd_per_gpu: all_in,
            lifetime_years: r.lifetime_years,
        }
    };
    if let Some(claim) = &input.claim {
        claim.check()?;
    }

    let figures = Figures {
        solved_for,
        gpu_count,
        gpu_count_exact: shape.gpu_count_exact,
        duration_days,
        duration_hours,
        gpu_hours,
        peak_flop_per_s_per_gpu: peak,
        peak_flops,
        training_flops: r.training_flops,
        flops_delivered,
        stated_mfu: r.mfu,
        implied_mfu,
        compute_usd_per_gpu_hour,
        compute_cost_usd,
        energy_kwh,
        energy_cost_usd,
        energy_cost_in_total,
        co2_tonnes,
        other_costs_usd,
        total_cost_usd,
        total_with_research_usd,
        usd_per_million_tokens,
        assumptions: r.assumptions.clone(),
        effective_mfu,
        goodput,
        mtbi_hours: at_peak.and_then(|x| finite(x.mtbi_hours)),
        checkpoint_interval_minutes: at_peak.and_then(|x| finite(x.interval_minutes)),
        interruptions_expected,
        lost_gpu_hours,
        rent_vs_own,
        compute_optimal: flops_delivered.map(realism::compute_optimal),
    };
    Ok(Computed {
        figures,
        shape,
        warnings,
        published_runs,
    })
}

/// The figures of `evaluate_with` without its text, for callers that evaluate many scenarios
/// and read only numbers (series, goal seek, Monte Carlo, sensitivity). Equal, bit for bit, to
/// the same fields of `evaluate_with`'s answer, and an error exactly when it is one.
pub fn evaluate_figures_with(
    input: &ScenarioInput,
    catalog: &Catalog,
    defaults: &Defaults,
) -> Result<Figures> {
    let r = input.resolve(catalog, defaults)?;
    Ok(compute(input, &r)?.figures)
}

/// `evaluate_figures_with` on an accelerator already looked up: `gpu` must be what
/// `input.resolve_gpu(catalog)` gives (the Monte Carlo looks it up once for the scenario and
/// varies only fields other than `gpu` and `custom_gpu`). Same figures, same errors otherwise.
pub(crate) fn evaluate_figures_on(
    input: &ScenarioInput,
    gpu: &Gpu,
    defaults: &Defaults,
) -> Result<Figures> {
    let r = input.resolve_on(gpu, defaults)?;
    Ok(compute(input, &r)?.figures)
}

/// Evaluates a scenario against a given catalog and defaults.
pub fn evaluate_with(
    input: &ScenarioInput,
    catalog: &Catalog,
    defaults: &Defaults,
) -> Result<Evaluation> {
    let r = input.resolve(catalog, defaults)?;
    let Computed {
        figures,
        shape,
        mut warnings,
        published_runs,
    } = compute(input, &r)?;
    // Every field by name, so that a figure added to `Figures` cannot be left out here.
    let Figures {
        solved_for,
        gpu_count,
        gpu_count_exact,
        duration_days,
        duration_hours,
        gpu_hours,
        peak_flop_per_s_per_gpu,
        peak_flops,
        training_flops,
        flops_delivered,
        stated_mfu,
        implied_mfu,
        compute_usd_per_gpu_hour,
        compute_cost_usd,
        energy_kwh,
        energy_cost_usd,
        energy_cost_in_total,
        co2_tonnes,
        other_costs_usd,
        total_cost_usd,
        total_with_research_usd,
        usd_per_million_tokens,
        assumptions,
        effective_mfu,
        goodput,
        mtbi_hours,
        checkpoint_interval_minutes,
        interruptions_expected,
        lost_gpu_hours,
        rent_vs_own,
        compute_optimal,
    } = figures;

    let claim = published_runs.zip(implied_mfu).map(|(runs, implied)| {
        // A claim's MFU is a stated one too (the input's `mfu` first, as before).
        let stated = r.mfu.or(input.claim.as_ref().and_then(|c| c.mfu));
        claim_check(implied, stated, defaults, runs)
    });
    if solved_for == Solved::Duration && duration_days > limits::DURATION_DAYS.1 {
        warnings.push(format!(
            "The run would take {} days, more than the {} a scenario may set.",
            show(duration_days.round()),
            show(limits::DURATION_DAYS.1)
        ));
    }

    // A stated MFU beyond every published large run makes the GPUs or days that follow from it
    // too good to be true; say so beside the figures (the band is sourced in defaults.json).
    if let Some(m) = r.mfu.filter(|m| *m > defaults.mfu_bands.plausible_up_to) {
        warnings.push(format!(
            "The stated MFU of {} is above the {} that published large runs reach; the figures that follow from it are optimistic.",
            percent(m),
            percent(defaults.mfu_bands.plausible_up_to)
        ));
    }

    let a = &assumptions;
    let mut breakdown = Vec::with_capacity(4 + r.other_costs.len());
    let staged = shape.segments.as_slice().iter().any(|s| s.label.is_some());
    match a.pricing_mode {
        // With stages the breakdown lists them (compute, and electricity when owned); the
        // chip/server/network split then shows in `rent_vs_own`'s all-in price.
        _ if staged => {
            let per_gpu_hour = a.total_usd_per_gpu_hour();
            for s in shape.segments.as_slice() {
                breakdown.push(CostItem {
                    label: s.label.unwrap_or_default().to_string(),
                    usd: s.gpu_count * s.wall_hours * per_gpu_hour,
                });
            }
        }
        PricingMode::Rental => breakdown.push(CostItem {
            label: "GPU rental".into(),
            usd: compute_cost_usd,
        }),
        PricingMode::Owned => {
            if r.all_in.server_overhead.is_none() && r.all_in.interconnect_share.is_none() {
                breakdown.push(CostItem {
                    label: "Hardware (amortised)".into(),
                    usd: compute_cost_usd,
                });
            } else {
                let per_hour = gpu_hours / (r.lifetime_years * HOURS_PER_YEAR);
                let [chip, server, network] = r.all_in.parts();
                for (label, usd) in [
                    ("Hardware: chips (amortised)", chip),
                    ("Hardware: servers (amortised)", server),
                    ("Hardware: network (amortised)", network),
                ] {
                    breakdown.push(CostItem {
                        label: label.into(),
                        usd: usd * per_hour,
                    });
                }
            }
            breakdown.push(CostItem {
                label: "Electricity".into(),
                usd: energy_cost_usd,
            });
        }
    }
    breakdown.extend(r.other_costs.iter().cloned());

    let usd_per_gpu_hour_all = a.total_usd_per_gpu_hour();
    let stages = shape
        .segments
        .as_slice()
        .iter()
        .filter_map(|s| {
            let label = s.label?.to_string();
            let gh = s.gpu_count * s.wall_hours;
            Some(StageResult {
                label,
                gpu_count: s.gpu_count,
                gpu_hours: gh,
                duration_days: s.wall_hours / 24.0,
                total_cost_usd: gh * usd_per_gpu_hour_all,
                energy_kwh: gh * a.kwh_per_gpu_hour(),
            })
        })
        .collect();

    let mut e = Evaluation {
        gpu: r.gpu.id.clone(),
        gpu_name: r.gpu.name.clone(),
        solved_for,
        gpu_count,
        gpu_count_exact,
        duration_days,
        duration_hours,
        gpu_hours,
        peak_flop_per_s_per_gpu,
        peak_flops,
        training_flops,
        flops_delivered,
        stated_mfu,
        implied_mfu,
        claim_check: claim,
        compute_usd_per_gpu_hour,
        compute_cost_usd,
        energy_kwh,
        energy_cost_usd,
        energy_cost_in_total,
        co2_tonnes,
        other_costs_usd,
        total_cost_usd,
        total_with_research_usd,
        usd_per_million_tokens,
        breakdown,
        warnings,
        effective_mfu,
        goodput,
        mtbi_hours,
        checkpoint_interval_minutes,
        interruptions_expected,
        lost_gpu_hours,
        stages,
        rent_vs_own,
        compute_optimal,
        assumptions,
    };
    // `compute` has checked the claim's figures.
    if let Some(claim) = &input.claim {
        let (figures, message) = claim.compare(&e);
        match e.claim_check.as_mut() {
            Some(c) => {
                c.figures = figures;
                c.figures_message = message;
            }
            None => e.warnings.push(
                "The claim is checked only when the scenario gives GPUs, time and a workload \
                 (then it implies its MFU)."
                    .into(),
            ),
        }
    }
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The memo of the realism figures answers only for the count and the figures it was
    /// computed from: a resolved scenario moved afterwards (as the Monte Carlo moves one) gets
    /// what a fresh resolve of the moved scenario gets.
    #[test]
    fn the_realism_memo_answers_only_for_what_it_was_computed_from() {
        let (catalog, defaults) = (Catalog::builtin().unwrap(), Defaults::builtin().unwrap());
        let mut input = ScenarioInput::new("H800", 2048.0, 30.0);
        input.scaling = Some(Scaling {
            reference_gpu_count: 96.0,
            mfu_loss_per_doubling: 0.03,
        });
        input.reliability = Some(defaults.default_reliability());
        let r = input.resolve(catalog, defaults).unwrap();
        let fresh = |s: &ScenarioInput, n: f64| {
            let r = s.resolve(catalog, defaults).unwrap();
            (r.mfu_factor(n), r.reliability_at(n).unwrap())
        };
        for n in [2048.0, 4096.0, 2048.0] {
            assert_eq!(
                (r.mfu_factor(n), r.reliability_at(n).unwrap()),
                fresh(&input, n)
            );
        }
        let mut moved = r.clone();
        let mut harsher = input.clone();
        let rel = harsher.reliability.as_mut().unwrap();
        rel.interruptions_per_1000_gpu_days *= 4.0;
        moved.assumptions.reliability = harsher.reliability;
        let s = harsher.scaling.as_mut().unwrap();
        s.mfu_loss_per_doubling = 0.1;
        moved.assumptions.scaling = harsher.scaling;
        let got = (
            moved.mfu_factor(2048.0),
            moved.reliability_at(2048.0).unwrap(),
        );
        assert_eq!(got, fresh(&harsher, 2048.0));
        assert_ne!(got, fresh(&input, 2048.0));
    }

    /// The claim check's sentences as they were written with `format!` (the wording saved
    /// evaluations hold), against the piece-by-piece ones.
    #[test]
    fn the_claim_sentences_read_as_before() {
        fn old_message(
            implied: f64,
            stated: Option<f64>,
            bands: &crate::catalog::MfuBands,
        ) -> String {
            let why = if implied > 1.0 {
                "impossible: more than 100 % of the GPUs' peak".to_string()
            } else if implied > bands.plausible_up_to {
                format!(
                    "optimistic: above {} , higher than any large run published",
                    percent(bands.plausible_up_to)
                )
                .replace(" ,", ",")
            } else if implied < bands.low_below {
                format!(
                    "low: under {}, so the hardware and time could do far more than the stated work",
                    percent(bands.low_below)
                )
            } else {
                format!(
                    "plausible: within {} to {}, where published large runs lie",
                    percent(bands.low_below),
                    percent(bands.plausible_up_to)
                )
            };
            let mut message = format!(
                "The hardware and time imply {} MFU — {why}.",
                percent(implied)
            );
            if let Some(s) = stated {
                message.push_str(&format!(" The stated MFU is {}.", percent(s)));
            }
            message
        }
        fn old_sentence(implied: f64, runs: &PublishedRuns) -> String {
            let closest = runs.closest(implied).unwrap();
            let below = runs.runs.iter().filter(|r| r.mfu <= implied).count();
            let how = match closest.mfu_basis {
                MfuBasis::Reported => "reported",
                MfuBasis::Derived => "works out at",
                MfuBasis::Estimated => "is estimated at",
            };
            format!(
                "The claim implies {} MFU, above {below} of {} published runs; the closest, {}, {how} {}.",
                percent(implied),
                runs.runs.len(),
                closest.name,
                percent(closest.mfu)
            )
        }
        let runs = PublishedRuns::builtin().unwrap();
        let mut defaults = Defaults::builtin().unwrap().clone();
        for (low, up) in [(0.2, 0.45), (0.15, 0.6), (0.123_456, 0.987_654)] {
            defaults.mfu_bands.low_below = low;
            defaults.mfu_bands.plausible_up_to = up;
            for i in 0..=300 {
                let implied = f64::from(i) * 0.005 + 1e-4;
                for stated in [None, Some(0.4), Some(0.333_33)] {
                    let c = claim_check(implied, stated, &defaults, runs);
                    let off = stated.is_some_and(|s| {
                        (implied / s - 1.0).abs() > defaults.mfu_bands.mismatch_above_gap
                    });
                    if off && implied <= 1.0 {
                        // The mismatch verdict is newer than the sentences above.
                        assert_eq!(c.verdict, Verdict::Mismatch, "{implied} vs {stated:?}");
                    } else {
                        assert_eq!(c.message, old_message(implied, stated, &defaults.mfu_bands));
                    }
                    assert_eq!(c.published_message.unwrap(), old_sentence(implied, runs));
                }
            }
        }
    }

    /// A stated MFU the hardware and time contradict is a mismatch the verdict says, whatever
    /// band the implied MFU falls in; within the sourced tolerance the band stands.
    #[test]
    fn a_stated_mfu_the_hardware_contradicts_is_a_mismatch() {
        let runs = PublishedRuns::builtin().unwrap();
        let defaults = Defaults::builtin().unwrap();
        let c = claim_check(0.32, Some(0.5), defaults, runs);
        assert_eq!(c.verdict, Verdict::Mismatch);
        assert_eq!(
            c.message,
            "The hardware and time imply 32 % MFU — a mismatch: the stated MFU is 50 %, and the \
             implied one is 36 % lower, so the claimed GPUs, time, work and MFU cannot all \
             be right."
        );
        let c = claim_check(0.5, Some(0.3), defaults, runs);
        assert_eq!(c.verdict, Verdict::Mismatch);
        assert!(c.message.contains("66.7 % higher"), "{}", c.message);
        // Within 20 %: the band's verdict, and the stated MFU named after it.
        let c = claim_check(0.36, Some(0.4), defaults, runs);
        assert_eq!(c.verdict, Verdict::Plausible);
        assert!(
            c.message.ends_with("The stated MFU is 40 %."),
            "{}",
            c.message
        );
        // Above 100 % of peak stays impossible, whatever was stated.
        assert_eq!(
            claim_check(1.2, Some(0.4), defaults, runs).verdict,
            Verdict::Impossible
        );
        assert_eq!(
            claim_check(0.32, None, defaults, runs).verdict,
            Verdict::Plausible
        );
    }
}
