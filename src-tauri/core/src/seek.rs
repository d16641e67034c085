//! Goal seek: the value of one input that makes one figure of the evaluation hit a target,
//! found through the model itself (`evaluate_figures_with` at each point, `evaluate_with` for
//! the answer), so the answer can never disagree with it.
//!
//! The input's allowed range is sampled (48 points, log-spaced where the range allows), the
//! first pair of neighbouring samples whose figures straddle the target is kept, and that
//! bracket is bisected until it is 1e-12 of the input wide. Bisection rather than Brent (e.g.
//! the `roots` crate): several figures are step functions of their input (whole GPUs), others
//! are monotone but far from polynomial over ranges of 10¹⁶, and some inputs are bounded by
//! evaluation errors (a run that never finishes); bisection is exact about all three, needs
//! ~45 evaluations (≈ 50 µs) and takes a dozen lines.

use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, Defaults};
use crate::error::{Error, Result};
use crate::format;
use crate::model::{
    evaluate_figures_with, evaluate_with, limits, EnergyInput, Evaluation, Figures, Pricing,
    ScenarioInput,
};

/// A figure of the evaluation that a goal seek can aim at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum Figure {
    TotalCostUsd,
    TotalWithResearchUsd,
    DurationDays,
    GpuHours,
    EnergyKwh,
    Co2Tonnes,
    ImpliedMfu,
    UsdPerMillionTokens,
}

/// An input a goal seek can change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum SeekInput {
    GpuCount,
    DurationDays,
    GpuHours,
    UsdPerGpuHour,
    UsdPerGpu,
    LifetimeYears,
    Mfu,
    Pue,
    UsdPerKwh,
    WattsPerGpu,
    GridGCo2PerKwh,
    ActiveParams,
    Tokens,
    ResearchMultiplier,
}

/// What `costscope seek` prints: `{"vary", "value", "evaluation"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SeekResult {
    pub vary: SeekInput,
    pub value: f64,
    /// The scenario evaluated with `vary` set to `value`.
    pub evaluation: Evaluation,
    /// The scenario with `vary` set to `value` (what the window applies as one undo step).
    pub input: ScenarioInput,
}

/// A figure the window's goal-seek dialog offers: its JSON name, what people read and the unit
/// the target is typed in (the figure's own number: an MFU as a fraction).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct FigureChoice {
    pub id: Figure,
    pub label: String,
    pub unit: String,
    /// Only a scenario with a workload has this figure.
    pub needs_workload: bool,
}

/// An input the window's goal-seek dialog offers, with its allowed range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct InputChoice {
    pub id: SeekInput,
    pub label: String,
    pub unit: String,
    pub needs_workload: bool,
    pub min: f64,
    pub max: f64,
}

/// Everything a goal seek can aim at and change, in the order the dialog lists them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SeekChoices {
    pub figures: Vec<FigureChoice>,
    pub inputs: Vec<InputChoice>,
}

/// The dialog's lists: every `Figure` and `SeekInput`, labelled.
pub fn choices() -> SeekChoices {
    SeekChoices {
        figures: Figure::ALL
            .iter()
            .map(|&f| {
                let (label, unit) = f.label();
                FigureChoice {
                    id: f,
                    label: label.to_string(),
                    unit: unit.to_string(),
                    needs_workload: matches!(f, Figure::ImpliedMfu | Figure::UsdPerMillionTokens),
                }
            })
            .collect(),
        inputs: SeekInput::ALL
            .iter()
            .map(|&i| {
                let (label, unit) = i.label();
                let (min, max) = i.range();
                InputChoice {
                    id: i,
                    label: label.to_string(),
                    unit: unit.to_string(),
                    needs_workload: matches!(i, SeekInput::ActiveParams | SeekInput::Tokens),
                    min,
                    max,
                }
            })
            .collect(),
    }
}

impl Figure {
    pub const ALL: [Figure; 8] = [
        Figure::TotalCostUsd,
        Figure::TotalWithResearchUsd,
        Figure::DurationDays,
        Figure::GpuHours,
        Figure::EnergyKwh,
        Figure::Co2Tonnes,
        Figure::ImpliedMfu,
        Figure::UsdPerMillionTokens,
    ];

    /// What people read and the unit its value is in.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Figure::TotalCostUsd => ("Total cost", "USD"),
            Figure::TotalWithResearchUsd => ("Total with research", "USD"),
            Figure::DurationDays => ("Duration", "days"),
            Figure::GpuHours => ("GPU-hours", "GPU-hours"),
            Figure::EnergyKwh => ("Energy", "kWh"),
            Figure::Co2Tonnes => ("CO₂", "tonnes"),
            Figure::ImpliedMfu => ("Implied MFU", "fraction (0.4 = 40 %)"),
            Figure::UsdPerMillionTokens => ("Cost per million tokens", "USD"),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Figure::TotalCostUsd => "total_cost_usd",
            Figure::TotalWithResearchUsd => "total_with_research_usd",
            Figure::DurationDays => "duration_days",
            Figure::GpuHours => "gpu_hours",
            Figure::EnergyKwh => "energy_kwh",
            Figure::Co2Tonnes => "co2_tonnes",
            Figure::ImpliedMfu => "implied_mfu",
            Figure::UsdPerMillionTokens => "usd_per_million_tokens",
        }
    }

    /// A figure by its JSON name; an unknown one is an error listing the valid names.
    pub fn parse(name: &str) -> Result<Figure> {
        Figure::parse_as(name, "target")
    }

    /// `parse`, with the error naming `field` (`figure` for the sensitivity).
    pub fn parse_as(name: &str, field: &str) -> Result<Figure> {
        by_name(&Figure::ALL, Figure::as_str, name, field, "a known figure")
    }

    /// The figure's value in an evaluation (None when the scenario does not compute it).
    pub fn of(self, e: &Evaluation) -> Option<f64> {
        match self {
            Figure::TotalCostUsd => Some(e.total_cost_usd),
            Figure::TotalWithResearchUsd => Some(e.total_with_research_usd),
            Figure::DurationDays => Some(e.duration_days),
            Figure::GpuHours => Some(e.gpu_hours),
            Figure::EnergyKwh => Some(e.energy_kwh),
            Figure::Co2Tonnes => Some(e.co2_tonnes),
            Figure::ImpliedMfu => e.implied_mfu,
            Figure::UsdPerMillionTokens => e.usd_per_million_tokens,
        }
    }

    /// The figure's value in a figures-only evaluation (the same fields as `of`).
    pub fn of_figures(self, f: &Figures) -> Option<f64> {
        match self {
            Figure::TotalCostUsd => Some(f.total_cost_usd),
            Figure::TotalWithResearchUsd => Some(f.total_with_research_usd),
            Figure::DurationDays => Some(f.duration_days),
            Figure::GpuHours => Some(f.gpu_hours),
            Figure::EnergyKwh => Some(f.energy_kwh),
            Figure::Co2Tonnes => Some(f.co2_tonnes),
            Figure::ImpliedMfu => f.implied_mfu,
            Figure::UsdPerMillionTokens => f.usd_per_million_tokens,
        }
    }

    /// The figure written for people ("$5.58 M", "56.7 days", "33 %").
    pub fn show(self, v: f64) -> String {
        match self {
            Figure::TotalCostUsd | Figure::TotalWithResearchUsd | Figure::UsdPerMillionTokens => {
                format::usd(v)
            }
            Figure::DurationDays => format::days(v),
            Figure::GpuHours => format::gpu_hours(v),
            Figure::EnergyKwh => format::energy_kwh(v),
            Figure::Co2Tonnes => format::co2_tonnes(v),
            Figure::ImpliedMfu => format::percent(v),
        }
    }
}

impl SeekInput {
    pub const ALL: [SeekInput; 14] = [
        SeekInput::GpuCount,
        SeekInput::DurationDays,
        SeekInput::GpuHours,
        SeekInput::UsdPerGpuHour,
        SeekInput::UsdPerGpu,
        SeekInput::LifetimeYears,
        SeekInput::Mfu,
        SeekInput::Pue,
        SeekInput::UsdPerKwh,
        SeekInput::WattsPerGpu,
        SeekInput::GridGCo2PerKwh,
        SeekInput::ActiveParams,
        SeekInput::Tokens,
        SeekInput::ResearchMultiplier,
    ];

    /// What people read and the unit its value is in.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            SeekInput::GpuCount => ("GPU count", "GPUs"),
            SeekInput::DurationDays => ("Duration", "days"),
            SeekInput::GpuHours => ("GPU-hours", "GPU-hours"),
            SeekInput::UsdPerGpuHour => ("Price per GPU-hour", "$/GPU-h"),
            SeekInput::UsdPerGpu => ("Purchase price per GPU", "$/GPU"),
            SeekInput::LifetimeYears => ("Life (depreciation)", "years"),
            SeekInput::Mfu => ("MFU", "fraction"),
            SeekInput::Pue => ("PUE", "×"),
            SeekInput::UsdPerKwh => ("Electricity price", "$/kWh"),
            SeekInput::WattsPerGpu => ("Power per GPU", "W"),
            SeekInput::GridGCo2PerKwh => ("Grid carbon intensity", "g CO₂/kWh"),
            SeekInput::ActiveParams => ("Active parameters", "parameters"),
            SeekInput::Tokens => ("Training tokens", "tokens"),
            SeekInput::ResearchMultiplier => ("Research multiplier", "×"),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SeekInput::GpuCount => "gpu_count",
            SeekInput::DurationDays => "duration_days",
            SeekInput::GpuHours => "gpu_hours",
            SeekInput::UsdPerGpuHour => "usd_per_gpu_hour",
            SeekInput::UsdPerGpu => "usd_per_gpu",
            SeekInput::LifetimeYears => "lifetime_years",
            SeekInput::Mfu => "mfu",
            SeekInput::Pue => "pue",
            SeekInput::UsdPerKwh => "usd_per_kwh",
            SeekInput::WattsPerGpu => "watts_per_gpu",
            SeekInput::GridGCo2PerKwh => "grid_g_co2_per_kwh",
            SeekInput::ActiveParams => "active_params",
            SeekInput::Tokens => "tokens",
            SeekInput::ResearchMultiplier => "research_multiplier",
        }
    }

    /// An input by name; an unknown one is an error listing the valid names.
    pub fn parse(name: &str) -> Result<SeekInput> {
        by_name(
            &SeekInput::ALL,
            SeekInput::as_str,
            name,
            "vary",
            "an input a goal seek can change",
        )
    }

    /// The range the scenario's validation allows (the same constants).
    pub fn range(self) -> (f64, f64) {
        match self {
            SeekInput::GpuCount => limits::GPU_COUNT,
            SeekInput::DurationDays => limits::DURATION_DAYS,
            SeekInput::GpuHours => limits::GPU_HOURS,
            SeekInput::UsdPerGpuHour => limits::USD_PER_GPU_HOUR,
            SeekInput::UsdPerGpu => limits::USD_PER_GPU,
            SeekInput::LifetimeYears => limits::LIFETIME_YEARS,
            SeekInput::Mfu => limits::MFU,
            SeekInput::Pue => limits::PUE,
            SeekInput::UsdPerKwh => limits::USD_PER_KWH,
            SeekInput::WattsPerGpu => limits::WATTS_PER_GPU,
            SeekInput::GridGCo2PerKwh => limits::GRID_G_CO2_PER_KWH,
            SeekInput::ActiveParams => limits::ACTIVE_PARAMS,
            SeekInput::Tokens => limits::TOKENS,
            SeekInput::ResearchMultiplier => limits::RESEARCH_MULTIPLIER,
        }
    }

    pub fn whole(self) -> bool {
        self == SeekInput::GpuCount
    }

    /// `input` with this input set to `v` (a time given one way replaces the other).
    pub fn set(self, input: &ScenarioInput, v: f64) -> Result<ScenarioInput> {
        let mut s = input.clone();
        self.set_in(&mut s, v)?;
        Ok(s)
    }

    /// Sets this input to `v` in place (the Monte Carlo sets several on one copy).
    pub fn set_in(self, s: &mut ScenarioInput, v: f64) -> Result<()> {
        match self {
            SeekInput::GpuCount => s.gpu_count = Some(v),
            SeekInput::DurationDays => {
                s.gpu_hours = None;
                s.duration_days = Some(v);
            }
            SeekInput::GpuHours => {
                s.duration_days = None;
                s.gpu_hours = Some(v);
            }
            SeekInput::UsdPerGpuHour => pricing(s).usd_per_gpu_hour = Some(v),
            SeekInput::UsdPerGpu => pricing(s).usd_per_gpu = Some(v),
            SeekInput::LifetimeYears => pricing(s).lifetime_years = Some(v),
            SeekInput::Mfu => s.mfu = Some(v),
            SeekInput::Pue => energy(s).pue = Some(v),
            SeekInput::UsdPerKwh => energy(s).usd_per_kwh = Some(v),
            SeekInput::WattsPerGpu => energy(s).watts_per_gpu = Some(v),
            SeekInput::GridGCo2PerKwh => energy(s).grid_g_co2_per_kwh = Some(v),
            SeekInput::ActiveParams | SeekInput::Tokens => {
                let name = self.as_str();
                let w = s.workload.as_mut().ok_or_else(|| {
                    Error::invalid(
                        "vary",
                        format!("vary: {name} needs a scenario with a workload"),
                    )
                })?;
                if self == SeekInput::Tokens {
                    w.tokens = v;
                } else {
                    w.active_params = v;
                }
            }
            SeekInput::ResearchMultiplier => s.research_multiplier = Some(v),
        }
        Ok(())
    }

    fn show(self, v: f64) -> String {
        format::plain_number(v)
    }
}

fn pricing(s: &mut ScenarioInput) -> &mut Pricing {
    s.pricing.get_or_insert_with(|| Pricing::rental(None))
}

fn energy(s: &mut ScenarioInput) -> &mut EnergyInput {
    s.energy.get_or_insert_with(EnergyInput::default)
}

/// The item of `all` named `name`, or an error (naming `field`) that lists the valid names.
pub(crate) fn by_name<T: Copy>(
    all: &[T],
    as_str: fn(T) -> &'static str,
    name: &str,
    field: &str,
    what: &str,
) -> Result<T> {
    let name = name.trim();
    all.iter()
        .copied()
        .find(|x| as_str(*x) == name)
        .ok_or_else(|| {
            let valid: Vec<&str> = all.iter().map(|x| as_str(*x)).collect();
            Error::invalid(
                field,
                format!(
                    "{field}: {name:?} is not {what}; choose one of {}",
                    valid.join(", ")
                ),
            )
        })
}

/// Parses `FIGURE=VALUE` (`total_cost_usd=5e6`).
pub fn parse_target(text: &str) -> Result<(Figure, f64)> {
    let (name, value) = text.split_once('=').ok_or_else(|| {
        Error::invalid(
            "target",
            format!("target: give FIGURE=VALUE, e.g. total_cost_usd=5000000; got {text:?}"),
        )
    })?;
    let figure = Figure::parse(name)?;
    let value: f64 = value
        .trim()
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .ok_or_else(|| {
            Error::invalid(
                "target",
                format!(
                    "target: {value:?} is not a number (after {}=)",
                    figure.as_str()
                ),
            )
        })?;
    Ok((figure, value))
}

const SAMPLES: usize = 48;
/// The bracket is narrowed until it is this share of the input wide.
const INPUT_TOLERANCE: f64 = 1e-12;

/// The sample points over the input's range: log-spaced (0 first when the range starts there),
/// whole numbers for GPU counts.
fn samples(vary: SeekInput) -> Vec<f64> {
    let (min, max) = vary.range();
    let lo = if min > 0.0 { min } else { max * 1e-9 };
    let mut out = Vec::with_capacity(SAMPLES + 1);
    if min <= 0.0 {
        out.push(min);
    }
    let (a, b) = (lo.ln(), max.ln());
    for i in 0..SAMPLES {
        let mut v = (a + (b - a) * i as f64 / (SAMPLES - 1) as f64).exp();
        if vary.whole() {
            v = v.round();
        }
        let v = v.clamp(min, max);
        if out.last() != Some(&v) {
            out.push(v);
        }
    }
    out
}

/// Finds the value of `vary` that makes `figure` equal `target`, within `vary`'s allowed range.
/// Unreachable targets are an error (field `target`) that gives the reachable range.
pub fn seek(
    base: &ScenarioInput,
    figure: Figure,
    target: f64,
    vary: SeekInput,
    catalog: &Catalog,
    defaults: &Defaults,
) -> Result<SeekResult> {
    // The figure at `v`, from the figures alone, on one working copy of the scenario: `set_in`
    // overwrites the same fields at every point, so this equals setting `v` on a fresh copy,
    // without cloning the scenario ~100 times.
    let mut work = base.clone();
    let mut figure_at = |v: f64| -> Result<Option<f64>> {
        vary.set_in(&mut work, v)?;
        Ok(figure.of_figures(&evaluate_figures_with(&work, catalog, defaults)?))
    };
    let xs = samples(vary);
    let mut first_error = None;
    let mut points: Vec<(f64, Option<f64>)> = Vec::with_capacity(xs.len());
    for &x in &xs {
        match figure_at(x) {
            Ok(f) => points.push((x, f)),
            Err(e) => {
                first_error.get_or_insert(e);
                points.push((x, None));
            }
        }
    }
    let valid: Vec<f64> = points.iter().filter_map(|p| p.1).collect();
    if valid.is_empty() {
        return Err(first_error.unwrap_or_else(|| {
            Error::invalid(
                "target",
                format!(
                    "target: this scenario has no {} (it needs a workload)",
                    figure.as_str()
                ),
            )
        }));
    }
    let bracket = points.windows(2).find_map(|w| match (w[0], w[1]) {
        ((x0, Some(f0)), (x1, Some(f1))) if (f0 - target) * (f1 - target) <= 0.0 => {
            Some((x0, f0, x1))
        }
        _ => None,
    });
    let Some((mut lo, f_lo, mut hi)) = bracket else {
        let lowest = valid.iter().copied().fold(f64::INFINITY, f64::min);
        let highest = valid.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let (min, max) = vary.range();
        return Err(Error::invalid(
            "target",
            format!(
                "target: {} cannot reach {} by changing {} from {} to {}; it ranges from {} to {}",
                figure.as_str(),
                figure.show(target),
                vary.as_str(),
                vary.show(min),
                vary.show(max),
                figure.show(lowest),
                figure.show(highest)
            ),
        ));
    };
    let below_at_lo = f_lo <= target;
    let mut best = lo;
    if f_lo != target {
        loop {
            let narrow = if vary.whole() {
                hi - lo <= 1.0
            } else {
                hi - lo <= INPUT_TOLERANCE * hi.abs().max(f64::MIN_POSITIVE)
            };
            if narrow {
                break;
            }
            let mid = if vary.whole() {
                ((lo + hi) / 2.0).floor()
            } else {
                0.5 * (lo + hi)
            };
            let f = figure_at(mid).ok().flatten();
            match f {
                Some(f) if f == target => {
                    lo = mid;
                    hi = mid;
                }
                Some(f) if (f < target) == below_at_lo => lo = mid,
                Some(_) => hi = mid,
                // An evaluation error inside a bracket of valid ends: step away from it.
                None => hi = mid,
            }
        }
        // Of the two ends, the one whose figure is closer to the target.
        let mut distance = |x: f64| {
            figure_at(x)
                .ok()
                .flatten()
                .map_or(f64::INFINITY, |f| (f - target).abs())
        };
        best = if distance(hi) < distance(lo) { hi } else { lo };
    }
    let input = vary.set(base, best)?;
    let evaluation = evaluate_with(&input, catalog, defaults)?;
    Ok(SeekResult {
        vary,
        value: best,
        evaluation,
        input,
    })
}

/// `seek` with the built-in catalog and defaults: what the CLI and the app call.
pub fn seek_builtin(
    base: &ScenarioInput,
    figure: Figure,
    target: f64,
    vary: SeekInput,
) -> Result<SeekResult> {
    seek(
        base,
        figure,
        target,
        vary,
        Catalog::builtin()?,
        Defaults::builtin()?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// DeepSeek-V3 as reported, without the realism blocks.
    fn deepseek() -> ScenarioInput {
        crate::presets::plain_deepseek_v3().unwrap()
    }

    fn cd() -> (&'static Catalog, &'static Defaults) {
        (Catalog::builtin().unwrap(), Defaults::builtin().unwrap())
    }

    #[test]
    fn the_price_that_makes_deepseek_cost_five_million() {
        let (c, d) = cd();
        let r = seek(
            &deepseek(),
            Figure::TotalCostUsd,
            5e6,
            SeekInput::UsdPerGpuHour,
            c,
            d,
        )
        .unwrap();
        assert!(
            (r.value - 5e6 / 2_788_000.0).abs() < 1e-9 * r.value,
            "{}",
            r.value
        );
        assert!((r.evaluation.total_cost_usd - 5e6).abs() < 1e-9 * 5e6);
    }

    #[test]
    fn whole_gpu_counts_land_on_the_nearest_count() {
        let (c, d) = cd();
        let mut s = deepseek();
        s.gpu_hours = None;
        s.duration_days = Some(30.0);
        // Same days, cost grows with GPUs: $1 M = n × 720 h × $2.
        let r = seek(&s, Figure::TotalCostUsd, 1e6, SeekInput::GpuCount, c, d).unwrap();
        assert_eq!(r.value, (1e6_f64 / 1440.0).round());
        assert_eq!(r.value.fract(), 0.0);
    }

    #[test]
    fn unreachable_targets_give_the_reachable_range() {
        let (c, d) = cd();
        let e = seek(
            &deepseek(),
            Figure::TotalCostUsd,
            1e13,
            SeekInput::UsdPerGpuHour,
            c,
            d,
        )
        .unwrap_err();
        assert_eq!(e.field(), Some("target"));
        let msg = e.to_string();
        assert!(
            msg.contains("from 0 to 1,000") && msg.contains("ranges from $0 to $2.79 B"),
            "{msg}"
        );
    }

    #[test]
    fn the_dialogs_lists_hold_every_figure_and_input_with_its_range() {
        let c = choices();
        assert_eq!(
            c.figures.iter().map(|f| f.id).collect::<Vec<_>>(),
            Figure::ALL.to_vec()
        );
        assert_eq!(
            c.inputs.iter().map(|i| i.id).collect::<Vec<_>>(),
            SeekInput::ALL.to_vec()
        );
        for i in &c.inputs {
            assert_eq!((i.min, i.max), i.id.range());
            assert!(!i.label.is_empty() && !i.unit.is_empty());
        }
        let tokens = c.inputs.iter().find(|i| i.id == SeekInput::Tokens).unwrap();
        assert!(tokens.needs_workload);
        // The names cross IPC as the CLI spells them.
        let json = serde_json::to_value(&c.figures[0]).unwrap();
        assert_eq!(json["id"], "total_cost_usd");
    }

    #[test]
    fn names_parse_and_unknown_ones_list_the_valid() {
        assert_eq!(
            parse_target("total_cost_usd=5e6").unwrap(),
            (Figure::TotalCostUsd, 5e6)
        );
        let e = parse_target("cost=1").unwrap_err().to_string();
        assert!(
            e.contains("usd_per_million_tokens") && e.contains("implied_mfu"),
            "{e}"
        );
        let e = SeekInput::parse("price").unwrap_err().to_string();
        assert!(
            e.contains("grid_g_co2_per_kwh") && e.contains("research_multiplier"),
            "{e}"
        );
        assert!(parse_target("total_cost_usd=abc").is_err());
        for f in Figure::ALL {
            assert_eq!(Figure::parse(f.as_str()).unwrap(), f);
        }
        for i in SeekInput::ALL {
            assert_eq!(SeekInput::parse(i.as_str()).unwrap(), i);
        }
    }
}
