//! The cost model of DESIGN.md §2: a scenario's inputs, their validation, and `evaluate`.
//! Pure: no I/O, no clocks. Money in USD, energy in kWh, time in hours and days.

use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, Defaults, Gpu, Precision};
use crate::error::{Error, Result};

/// Hours in an average year (365.25 days), used to spread a purchase over its life.
pub const HOURS_PER_YEAR: f64 = 8_766.0;
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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(tag = "mode", rename_all = "lowercase", deny_unknown_fields)]
pub enum Pricing {
    /// Renting: electricity is inside the price.
    Rental {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        usd_per_gpu_hour: Option<f64>,
    },
    /// Owning: the purchase is amortised over its life, and the owner pays for electricity.
    Owned {
        /// Purchase price per GPU including its share of server and network.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        usd_per_gpu: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        lifetime_years: Option<f64>,
    },
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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ClaimCheck {
    pub verdict: Verdict,
    pub implied_mfu: f64,
    pub stated_mfu: Option<f64>,
    /// One sentence for people: "The claimed hardware and time imply 33 % MFU: plausible …".
    pub message: String,
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
}

/// Formats a number for an error message with thousands separators where useful.
fn show(v: f64) -> String {
    crate::format::plain_number(v)
}

/// Checks that `value` is a finite number within `[min, max]`; the message names the field,
/// the allowed range and what was given.
pub fn check_range(field: &str, value: f64, (min, max): (f64, f64), unit: &str) -> Result<f64> {
    let unit_sfx = if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    };
    if !value.is_finite() || value < min || value > max {
        let got = if value.is_nan() {
            "not a number".to_string()
        } else if value.is_infinite() {
            "infinity".to_string()
        } else {
            show(value)
        };
        return Err(Error::invalid(
            field,
            format!(
                "{field} must be from {} to {}{unit_sfx}; got {got}",
                show(min),
                show(max)
            ),
        ));
    }
    Ok(value)
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
    let (min, max) = limits::GPU_COUNT;
    if !value.is_finite() || value.fract() != 0.0 || !(min..=max).contains(&value) {
        let got = if value.is_finite() {
            show(value)
        } else {
            "not a finite number".into()
        };
        return Err(Error::invalid(
            "gpu_count",
            format!(
                "gpu_count must be a whole number from {} to {}; got {got}",
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
        }
    }

    /// Validates every field and fills in defaults from the catalog and `defaults`.
    pub fn resolve<'a>(&self, catalog: &'a Catalog, defaults: &Defaults) -> Result<Resolved<'a>> {
        if self.gpu.trim().is_empty() {
            return Err(Error::invalid(
                "gpu",
                "gpu is required: give a catalog id such as H100",
            ));
        }
        let gpu = catalog.gpu(&self.gpu)?;
        let gpu_count = self.gpu_count.map(check_gpu_count).transpose()?;

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

        let mut pricing_mode = PricingMode::Rental;
        let (mut usd_per_gpu_hour, mut usd_per_gpu, mut lifetime_years) = (None, None, None);
        match &self.pricing {
            None => usd_per_gpu_hour = Some(gpu.usd_per_gpu_hour),
            Some(Pricing::Rental {
                usd_per_gpu_hour: p,
            }) => {
                usd_per_gpu_hour = Some(
                    check_opt(
                        "pricing.usd_per_gpu_hour",
                        *p,
                        limits::USD_PER_GPU_HOUR,
                        "USD per GPU-hour",
                    )?
                    .unwrap_or(gpu.usd_per_gpu_hour),
                )
            }
            Some(Pricing::Owned {
                usd_per_gpu: price,
                lifetime_years: life,
            }) => {
                pricing_mode = PricingMode::Owned;
                usd_per_gpu = Some(
                    check_opt("pricing.usd_per_gpu", *price, limits::USD_PER_GPU, "USD")?
                        .unwrap_or(gpu.usd_per_gpu),
                );
                lifetime_years = Some(
                    check_opt(
                        "pricing.lifetime_years",
                        *life,
                        limits::LIFETIME_YEARS,
                        "years",
                    )?
                    .unwrap_or(defaults.lifetime_years.value),
                );
            }
        }

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
            training_flops = Some(fppt * params * toks);
            tokens = Some(toks);
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

        Ok(Resolved {
            gpu,
            gpu_count,
            duration_hours,
            mfu,
            training_flops,
            tokens,
            peak_flop_per_s,
            other_costs,
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
            },
        })
    }
}

impl Assumptions {
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

fn claim_check(implied: f64, stated: Option<f64>, defaults: &Defaults) -> ClaimCheck {
    let bands = &defaults.mfu_bands;
    let (verdict, why) = if implied > 1.0 {
        (
            Verdict::Impossible,
            "impossible: more than 100 % of the GPUs' peak".to_string(),
        )
    } else if implied > bands.plausible_up_to {
        (
            Verdict::Optimistic,
            format!(
                "optimistic: above {} , higher than any large run published",
                percent(bands.plausible_up_to)
            )
            .replace(" ,", ","),
        )
    } else if implied < bands.low_below {
        (
            Verdict::Low,
            format!(
                "low: under {}, so the hardware and time could do far more than the stated work",
                percent(bands.low_below)
            ),
        )
    } else {
        (
            Verdict::Plausible,
            format!(
                "plausible: within {} to {}, where published large runs lie",
                percent(bands.low_below),
                percent(bands.plausible_up_to)
            ),
        )
    };
    let mut message = format!(
        "The hardware and time imply {} MFU — {why}.",
        percent(implied)
    );
    if let Some(s) = stated {
        message.push_str(&format!(" The stated MFU is {}.", percent(s)));
    }
    ClaimCheck {
        verdict,
        implied_mfu: implied,
        stated_mfu: stated,
        message,
    }
}

/// Evaluates a scenario against a given catalog and defaults.
pub fn evaluate_with(
    input: &ScenarioInput,
    catalog: &Catalog,
    defaults: &Defaults,
) -> Result<Evaluation> {
    let r = input.resolve(catalog, defaults)?;
    let peak = r.peak_flop_per_s;
    let mut warnings = Vec::new();

    // Any two of {gpu_count, duration, mfu} determine the third when the work is known.
    let (gpu_count, duration_hours, solved_for, gpu_count_exact) = match (r.training_flops, r.gpu_count, r.duration_hours, r.mfu) {
        (_, Some(n), Some(h), _) => (n, h, if r.training_flops.is_some() { Solved::Mfu } else { Solved::Nothing }, None),
        (Some(c), Some(n), None, Some(m)) => (n, c / (n * peak * m) / SECONDS_PER_HOUR, Solved::Duration, None),
        (Some(c), None, Some(h), Some(m)) => {
            let exact = c / (peak * m * h * SECONDS_PER_HOUR);
            // Whole GPUs: round up, but forgive floating-point dust (2048.0000000001 → 2048).
            let whole = (exact - 1e-6).ceil().max(1.0);
            if whole > limits::GPU_COUNT.1 {
                warnings.push(format!(
                    "The workload needs {} GPUs at this duration and MFU, more than the {} a scenario may set.",
                    show(whole),
                    show(limits::GPU_COUNT.1)
                ));
            }
            (whole, h, Solved::GpuCount, Some(exact))
        }
        (Some(_), _, _, _) => {
            let (field, have) = match (r.gpu_count, r.duration_hours, r.mfu) {
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

    let duration_days = duration_hours / 24.0;
    let gpu_hours = gpu_count * duration_hours;
    let seconds = duration_hours * SECONDS_PER_HOUR;
    let peak_flops = gpu_count * peak * seconds;
    let implied_mfu = r.training_flops.map(|c| c / peak_flops);
    let effective_mfu = r.mfu.or(implied_mfu);
    let flops_delivered = effective_mfu.map(|m| peak_flops * m);
    let claim = match (solved_for, implied_mfu) {
        (Solved::Mfu, Some(implied)) => Some(claim_check(implied, r.mfu, defaults)),
        _ => None,
    };
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

    let a = &r.assumptions;
    let compute_usd_per_gpu_hour = a.compute_usd_per_gpu_hour();
    let compute_cost_usd = gpu_hours * compute_usd_per_gpu_hour;
    let energy_kwh = gpu_hours * a.kwh_per_gpu_hour();
    let energy_cost_usd = energy_kwh * a.usd_per_kwh;
    let energy_cost_in_total = a.pricing_mode == PricingMode::Owned;
    let co2_tonnes = energy_kwh * a.grid_g_co2_per_kwh / 1e6;
    let other_costs_usd: f64 = r.other_costs.iter().map(|c| c.usd).sum();

    let mut breakdown = Vec::with_capacity(2 + r.other_costs.len());
    match a.pricing_mode {
        PricingMode::Rental => breakdown.push(CostItem {
            label: "GPU rental".into(),
            usd: compute_cost_usd,
        }),
        PricingMode::Owned => {
            breakdown.push(CostItem {
                label: "Hardware (amortised)".into(),
                usd: compute_cost_usd,
            });
            breakdown.push(CostItem {
                label: "Electricity".into(),
                usd: energy_cost_usd,
            });
        }
    }
    breakdown.extend(r.other_costs.iter().cloned());
    let run_compute_usd = compute_cost_usd
        + if energy_cost_in_total {
            energy_cost_usd
        } else {
            0.0
        };
    let total_cost_usd = run_compute_usd + other_costs_usd;
    let total_with_research_usd = run_compute_usd * a.research_multiplier + other_costs_usd;
    let usd_per_million_tokens = r.tokens.map(|t| total_cost_usd / (t / 1e6));

    Ok(Evaluation {
        gpu: r.gpu.id.clone(),
        gpu_name: r.gpu.name.clone(),
        solved_for,
        gpu_count,
        gpu_count_exact,
        duration_days,
        duration_hours,
        gpu_hours,
        peak_flop_per_s_per_gpu: peak,
        peak_flops,
        training_flops: r.training_flops,
        flops_delivered,
        stated_mfu: r.mfu,
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
        assumptions: r.assumptions,
        warnings,
    })
}
