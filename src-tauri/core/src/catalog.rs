//! The GPU catalog and the sourced default assumptions, both read from data files in `assets/`
//! (embedded at compile time so the binaries need no files beside them).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

const GPUS_JSON: &str = include_str!("../../../assets/gpus.json");
const DEFAULTS_JSON: &str = include_str!("../../../assets/defaults.json");
const PUBLISHED_RUNS_JSON: &str = include_str!("../../../assets/published_runs.json");

/// Numeric precision of the tensor-core maths a run uses; selects the catalog's dense peak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Fp64,
    Tf32,
    Bf16,
    Fp16,
    Fp8,
    Fp4,
}

impl Precision {
    pub const ALL: [Precision; 6] = [
        Precision::Fp64,
        Precision::Tf32,
        Precision::Bf16,
        Precision::Fp16,
        Precision::Fp8,
        Precision::Fp4,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Fp64 => "fp64",
            Precision::Tf32 => "tf32",
            Precision::Bf16 => "bf16",
            Precision::Fp16 => "fp16",
            Precision::Fp8 => "fp8",
            Precision::Fp4 => "fp4",
        }
    }
}

impl std::fmt::Display for Precision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a figure comes from, and as of when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    pub url: String,
    pub date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(deny_unknown_fields)]
pub struct GpuSources {
    pub specs: Source,
    pub rental: Source,
    pub purchase: Source,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(deny_unknown_fields)]
pub struct Gpu {
    pub id: String,
    pub name: String,
    pub vendor: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub memory_gb: f64,
    pub memory_bandwidth_tb_s: f64,
    pub board_watts: f64,
    /// Dense (no 2:4 sparsity) peak, in TFLOP/s, per precision the chip supports.
    pub peak_dense_tflops: BTreeMap<Precision, f64>,
    /// Typical rental price, USD per GPU-hour, as of `sources.rental.date`.
    pub usd_per_gpu_hour: f64,
    /// Typical purchase price per GPU, USD, as of `sources.purchase.date`.
    pub usd_per_gpu: f64,
    pub sources: GpuSources,
}

impl Gpu {
    /// Dense peak in FLOP/s at a precision, if the chip supports it.
    pub fn peak_flop_per_s(&self, precision: Precision) -> Option<f64> {
        self.peak_dense_tflops.get(&precision).map(|t| t * 1e12)
    }

    pub fn precisions(&self) -> Vec<Precision> {
        self.peak_dense_tflops.keys().copied().collect()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    pub schema: String,
    pub version: u32,
    pub updated: String,
    pub gpus: Vec<Gpu>,
}

fn normalise_id(s: &str) -> String {
    normalised_chars(s).collect()
}

/// The characters `normalise_id` keeps, lazily: lookups compare these without allocating (every
/// evaluation looks its GPU up, and a chart series evaluates 200 scenarios).
fn normalised_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_'))
        .flat_map(char::to_lowercase)
}

impl Catalog {
    pub fn from_json(text: &str) -> Result<Catalog> {
        let catalog: Catalog = crate::error::from_json_str(text)?;
        catalog.check()?;
        Ok(catalog)
    }

    /// The catalog shipped in `assets/gpus.json`.
    pub fn builtin() -> Result<&'static Catalog> {
        static CATALOG: OnceLock<Result<Catalog>> = OnceLock::new();
        CATALOG
            .get_or_init(|| {
                Catalog::from_json(GPUS_JSON)
                    .map_err(|e| Error::internal(format!("assets/gpus.json is broken: {e}")))
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    fn check(&self) -> Result<()> {
        let mut seen = std::collections::HashSet::new();
        for gpu in &self.gpus {
            for name in std::iter::once(&gpu.id).chain(&gpu.aliases) {
                if !seen.insert(normalise_id(name)) {
                    return Err(Error::invalid(
                        "gpus",
                        format!("the GPU id or alias {name:?} appears twice in the catalog"),
                    ));
                }
            }
            check_gpu_figures(gpu, "gpus")?;
        }
        Ok(())
    }

    /// Looks a GPU up by id or alias, ignoring case, spaces, dashes and underscores
    /// (`h100`, `H100-SXM`). An unknown name is an error that lists the valid ids.
    pub fn gpu(&self, id: &str) -> Result<&Gpu> {
        self.gpus
            .iter()
            .find(|g| same_id(&g.id, id) || g.aliases.iter().any(|a| same_id(a, id)))
            .ok_or_else(|| {
                let valid: Vec<&str> = self.gpus.iter().map(|g| g.id.as_str()).collect();
                // Quote at most 40 characters of what was given: enough to spot a typo.
                let mut shown: String = id.trim().chars().take(40).collect();
                if id.trim().chars().count() > 40 {
                    shown.push('…');
                }
                Error::invalid(
                    "gpu",
                    format!(
                        "gpu {shown:?} is not in the catalog; choose one of {}",
                        valid.join(", ")
                    ),
                )
            })
    }
}

/// The checks every accelerator passes, built in or defined by a user: positive, finite
/// figures and at least one precision. `field` names where the entry came from.
pub fn check_gpu_figures(gpu: &Gpu, field: &str) -> Result<()> {
    let positive = [
        gpu.memory_gb,
        gpu.memory_bandwidth_tb_s,
        gpu.board_watts,
        gpu.usd_per_gpu_hour,
        gpu.usd_per_gpu,
    ];
    if gpu.id.trim().is_empty() || gpu.name.trim().is_empty() {
        return Err(Error::invalid(
            field,
            format!("{field}: an accelerator needs an id and a name"),
        ));
    }
    if positive.iter().any(|v| !v.is_finite() || *v <= 0.0)
        || gpu.peak_dense_tflops.is_empty()
        || gpu
            .peak_dense_tflops
            .values()
            .any(|v| !v.is_finite() || *v <= 0.0)
    {
        return Err(Error::invalid(
            field,
            format!(
                "{field}: the entry {} has a missing or non-positive figure (memory, bandwidth, watts, prices and at least one dense peak must be above 0)",
                gpu.id
            ),
        ));
    }
    Ok(())
}

/// Whether two ids or aliases name the same accelerator (case, spaces, dashes ignored).
pub fn same_id(a: &str, b: &str) -> bool {
    // ASCII (every catalog id): bytewise, which is what the char comparison does on ASCII.
    // Otherwise chars, since a non-ASCII char may lowercase to an ASCII one (the Kelvin sign).
    if a.is_ascii() && b.is_ascii() {
        return normalised_ascii(a).eq(normalised_ascii(b));
    }
    normalised_chars(a).eq(normalised_chars(b))
}

/// `normalised_chars` of an ASCII string, as bytes. Trims by hand: `str::trim` decodes chars,
/// and a lookup compares some 40 names.
fn normalised_ascii(s: &str) -> impl Iterator<Item = u8> + '_ {
    // `char::is_whitespace` on ASCII.
    let white = |b: &u8| matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ');
    let bytes = s.as_bytes();
    let start = bytes.iter().position(|b| !white(b)).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !white(b))
        .map_or(start, |i| i + 1);
    bytes[start..end]
        .iter()
        .filter(|c| !matches!(c, b' ' | b'-' | b'_'))
        .map(|c| c.to_ascii_lowercase())
}

/// The key two ids share when they name the same accelerator (`H100-SXM` and `h100 sxm`): the
/// store keeps user accelerators unique by it.
pub fn id_key(id: &str) -> String {
    normalise_id(id)
}

/// Checks an accelerator a user defines (in the window, with `costscope catalog add`, or carried
/// in a scenario's `custom_gpu`) field by field: each message names the field as
/// `{prefix}{field}` and its allowed range. Its id and aliases may not name a built-in
/// accelerator, so a scenario's `gpu` always means one chip.
pub fn check_user_accelerator(gpu: &Gpu, builtin: &Catalog, prefix: &str) -> Result<()> {
    use crate::check::check_range;
    use crate::limits::accelerator as lim;
    let field = |name: &str| format!("{prefix}{name}");
    let text = |name: &str, value: &str, max: usize, required: bool| -> Result<()> {
        let chars = value.trim().chars().count();
        if required && chars == 0 {
            return Err(Error::invalid(
                field(name),
                format!("{} is required (1 to {max} characters)", field(name)),
            ));
        }
        if chars > max || value.chars().any(char::is_control) {
            return Err(Error::invalid(
                field(name),
                format!(
                    "{} must be at most {max} characters on one line; got {chars}",
                    field(name)
                ),
            ));
        }
        Ok(())
    };
    text("id", &gpu.id, lim::ID_CHARS_MAX, true)?;
    if !gpu
        .id
        .trim()
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '+' | '/'))
    {
        return Err(Error::invalid(
            field("id"),
            format!(
                "{} may hold letters, digits, spaces and - _ . + / only; got {:?}",
                field("id"),
                gpu.id
            ),
        ));
    }
    for (i, name) in std::iter::once(&gpu.id).chain(&gpu.aliases).enumerate() {
        let which = if i == 0 {
            field("id")
        } else {
            field("aliases")
        };
        if let Some(taken) = builtin.gpus.iter().find(|b| {
            std::iter::once(&b.id)
                .chain(&b.aliases)
                .any(|n| same_id(n, name))
        }) {
            return Err(Error::invalid(
                which.clone(),
                format!(
                    "{which} {name:?} names the built-in {} ({}); give yours another id",
                    taken.id, taken.name
                ),
            ));
        }
        if i > 0 {
            text("aliases", name, lim::ID_CHARS_MAX, true)?;
        }
    }
    text("name", &gpu.name, lim::NAME_CHARS_MAX, true)?;
    text("vendor", &gpu.vendor, lim::VENDOR_CHARS_MAX, false)?;
    check_range(&field("memory_gb"), gpu.memory_gb, lim::MEMORY_GB, "GB")?;
    check_range(
        &field("memory_bandwidth_tb_s"),
        gpu.memory_bandwidth_tb_s,
        lim::MEMORY_BANDWIDTH_TB_S,
        "TB/s",
    )?;
    check_range(
        &field("board_watts"),
        gpu.board_watts,
        lim::BOARD_WATTS,
        "W",
    )?;
    if gpu.peak_dense_tflops.is_empty() {
        return Err(Error::invalid(
            field("peak_dense_tflops"),
            format!(
                "{} needs the dense peak of at least one precision (e.g. bf16), in TFLOP/s",
                field("peak_dense_tflops")
            ),
        ));
    }
    for (precision, tflops) in &gpu.peak_dense_tflops {
        check_range(
            &field(&format!("peak_dense_tflops.{precision}")),
            *tflops,
            lim::PEAK_DENSE_TFLOPS,
            "TFLOP/s",
        )?;
    }
    check_range(
        &field("usd_per_gpu_hour"),
        gpu.usd_per_gpu_hour,
        lim::USD_PER_GPU_HOUR,
        "USD per GPU-hour",
    )?;
    check_range(
        &field("usd_per_gpu"),
        gpu.usd_per_gpu,
        lim::USD_PER_GPU,
        "USD",
    )?;
    for (which, source) in [
        ("specs", &gpu.sources.specs),
        ("rental", &gpu.sources.rental),
        ("purchase", &gpu.sources.purchase),
    ] {
        let base = format!("sources.{which}");
        text(
            &format!("{base}.title"),
            &source.title,
            lim::SOURCE_TITLE_CHARS_MAX,
            true,
        )?;
        text(
            &format!("{base}.url"),
            &source.url,
            lim::SOURCE_URL_CHARS_MAX,
            false,
        )?;
        if let Some(note) = &source.note {
            if note.chars().count() > lim::SOURCE_NOTE_CHARS_MAX {
                return Err(Error::invalid(
                    field(&format!("{base}.note")),
                    format!(
                        "{} must be at most {} characters",
                        field(&format!("{base}.note")),
                        lim::SOURCE_NOTE_CHARS_MAX
                    ),
                ));
            }
        }
        if !is_source_date(&source.date) {
            return Err(Error::invalid(
                field(&format!("{base}.date")),
                format!(
                    "{} must be a date as YYYY-MM or YYYY-MM-DD (when the figure was true); got {:?}",
                    field(&format!("{base}.date")),
                    source.date
                ),
            ));
        }
    }
    Ok(())
}

/// `YYYY-MM` or `YYYY-MM-DD` with a plausible month and day.
fn is_source_date(date: &str) -> bool {
    let parts: Vec<&str> = date.trim().split('-').collect();
    let number = |s: &str, len: usize, (lo, hi): (u32, u32)| {
        s.len() == len
            && s.chars().all(|c| c.is_ascii_digit())
            && s.parse::<u32>().is_ok_and(|v| (lo..=hi).contains(&v))
    };
    match parts.as_slice() {
        [y, m] => number(y, 4, (1900, 2999)) && number(m, 2, (1, 12)),
        [y, m, d] => number(y, 4, (1900, 2999)) && number(m, 2, (1, 12)) && number(d, 2, (1, 31)),
        _ => false,
    }
}

/// A default value with its source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sourced {
    pub value: f64,
    pub source: Source,
}

/// Bands for the claim check: implied MFU below `low_below` suggests the claim leaves out
/// compute or the hardware idled; above `plausible_up_to` it beats every published large run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MfuBands {
    pub source: Source,
    pub low_below: f64,
    pub plausible_up_to: f64,
    /// A stated MFU farther than this from the implied one (|implied ÷ stated − 1|) is a
    /// mismatch; within it, the two agree up to what MFU accounting varies by.
    pub mismatch_above_gap: f64,
    pub mismatch_source: Source,
}

/// Assumptions used where a scenario does not say (PUE, electricity price …), each sourced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    pub schema: String,
    pub version: u32,
    pub pue: Sourced,
    pub usd_per_kwh: Sourced,
    pub grid_g_co2_per_kwh: Sourced,
    pub lifetime_years: Sourced,
    pub flops_per_param_token: Sourced,
    pub mfu_bands: MfuBands,
    /// The scaling loss written into new scenarios (never applied to a scenario without one).
    pub scaling: ScalingDefaults,
    /// The interruption figures written into new scenarios.
    pub reliability: ReliabilityDefaults,
    /// A GPU's server as a multiple of the chip's price, for new scenarios.
    pub server_overhead: Sourced,
    /// The network's share of a cluster's cost, for new scenarios.
    pub interconnect_share: Sourced,
    /// The ranges `sensitivity` gives inputs the scenario leaves without one.
    pub uncertainty_ranges: UncertaintyDefaults,
}

/// Whether a published run's MFU is the paper's own figure or follows from its figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "lowercase")]
pub enum MfuBasis {
    /// The paper states it.
    Reported,
    /// Computed from the paper's figures (`how` says how).
    Derived,
    /// From third-party estimates of figures the developer did not publish.
    Estimated,
}

/// One large training run whose MFU is known, with its source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(deny_unknown_fields)]
pub struct PublishedRun {
    pub name: String,
    pub gpu: String,
    pub gpu_count: f64,
    /// As a fraction (0.462 = 46.2 %).
    pub mfu: f64,
    pub mfu_basis: MfuBasis,
    /// How the figure was obtained, in one or two sentences.
    pub how: String,
    pub source: Source,
}

/// `assets/published_runs.json`: the runs the claim check places an implied MFU among.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishedRuns {
    pub schema: String,
    pub version: u32,
    pub note: String,
    pub runs: Vec<PublishedRun>,
}

impl PublishedRuns {
    pub fn from_json(text: &str) -> Result<PublishedRuns> {
        let runs: PublishedRuns = crate::error::from_json_str(text)?;
        if runs.runs.is_empty() {
            return Err(Error::invalid(
                "runs",
                "runs: the list of published runs is empty",
            ));
        }
        for (i, r) in runs.runs.iter().enumerate() {
            crate::check::check_range(&format!("runs[{i}].mfu"), r.mfu, (0.01, 1.0), "")?;
            crate::check::check_range(
                &format!("runs[{i}].gpu_count"),
                r.gpu_count,
                (1.0, 10_000_000.0),
                "",
            )?;
        }
        Ok(runs)
    }

    /// The runs shipped in `assets/published_runs.json`.
    pub fn builtin() -> Result<&'static PublishedRuns> {
        static RUNS: OnceLock<Result<PublishedRuns>> = OnceLock::new();
        RUNS.get_or_init(|| {
            PublishedRuns::from_json(PUBLISHED_RUNS_JSON)
                .map_err(|e| Error::internal(format!("assets/published_runs.json is broken: {e}")))
        })
        .as_ref()
        .map_err(Clone::clone)
    }

    /// The share of runs at or below `mfu` (0 to 1).
    pub fn percentile(&self, mfu: f64) -> f64 {
        let below = self.runs.iter().filter(|r| r.mfu <= mfu).count();
        below as f64 / self.runs.len() as f64
    }

    /// The run whose MFU is nearest `mfu` (the first in the file on a tie).
    pub fn closest(&self, mfu: f64) -> Option<&PublishedRun> {
        self.runs
            .iter()
            .min_by(|a, b| (a.mfu - mfu).abs().total_cmp(&(b.mfu - mfu).abs()))
    }

    /// The lowest and highest published MFU.
    pub fn span(&self) -> (f64, f64) {
        self.runs
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), r| {
                (lo.min(r.mfu), hi.max(r.mfu))
            })
    }
}

/// How a range's `low` and `high` are read (see `model::InputRange`). Defined here, below the
/// model, because the sourced default ranges use it too.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "lowercase")]
pub enum Distribution {
    /// `low`/`high` are the 5th/95th percentiles of a lognormal (both must be above 0).
    #[default]
    Lognormal,
    /// `low`/`high` are the 5th/95th percentiles of a normal.
    Normal,
    /// `low`/`high` are the bounds.
    Uniform,
}

impl Distribution {
    pub const ALL: [Distribution; 3] = [
        Distribution::Lognormal,
        Distribution::Normal,
        Distribution::Uniform,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Distribution::Lognormal => "lognormal",
            Distribution::Normal => "normal",
            Distribution::Uniform => "uniform",
        }
    }
}

/// Default ranges for the sensitivity (tornado) of inputs without one, with their source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UncertaintyDefaults {
    pub source: Source,
    pub ranges: Vec<DefaultRange>,
}

/// One default range: `low`/`high` as multiples of the scenario's value when `relative`,
/// else as values of the input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DefaultRange {
    /// An input name as `uncertainty` takes it (`usd_per_gpu_hour`).
    pub input: String,
    pub low: f64,
    pub high: f64,
    pub relative: bool,
    pub distribution: Distribution,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScalingDefaults {
    pub reference_gpu_count: Sourced,
    pub mfu_loss_per_doubling: Sourced,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReliabilityDefaults {
    pub interruptions_per_1000_gpu_days: Sourced,
    pub restart_minutes: Sourced,
    pub checkpoint_save_minutes: Sourced,
}

impl Defaults {
    pub fn from_json(text: &str) -> Result<Defaults> {
        let defaults: Defaults = crate::error::from_json_str(text)?;
        // The defaults written into new scenarios must pass the scenario's own checks.
        defaults.default_scaling().check()?;
        defaults.default_reliability().check()?;
        crate::check::check_range(
            "server_overhead",
            defaults.server_overhead.value,
            crate::limits::SERVER_OVERHEAD,
            "",
        )?;
        crate::check::check_range(
            "interconnect_share",
            defaults.interconnect_share.value,
            crate::limits::INTERCONNECT_SHARE,
            "",
        )?;
        Ok(defaults)
    }

    /// The scaling loss written into new scenarios and the presets; `evaluate` never fills it in.
    pub fn default_scaling(&self) -> crate::realism::Scaling {
        crate::realism::Scaling {
            reference_gpu_count: self.scaling.reference_gpu_count.value,
            mfu_loss_per_doubling: self.scaling.mfu_loss_per_doubling.value,
        }
    }

    /// The interruption figures written into new scenarios (Young's interval: none given).
    pub fn default_reliability(&self) -> crate::realism::Reliability {
        crate::realism::Reliability {
            interruptions_per_1000_gpu_days: self.reliability.interruptions_per_1000_gpu_days.value,
            restart_minutes: self.reliability.restart_minutes.value,
            checkpoint_save_minutes: self.reliability.checkpoint_save_minutes.value,
            checkpoint_interval_minutes: None,
        }
    }

    /// The defaults shipped in `assets/defaults.json`.
    pub fn builtin() -> Result<&'static Defaults> {
        static DEFAULTS: OnceLock<Result<Defaults>> = OnceLock::new();
        DEFAULTS
            .get_or_init(|| {
                Defaults::from_json(DEFAULTS_JSON)
                    .map_err(|e| Error::internal(format!("assets/defaults.json is broken: {e}")))
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_id_is_equality_of_the_normalised_ids() {
        let names = [
            "H100",
            "h100",
            " H100-SXM ",
            "h100_sxm",
            "H100 SXM",
            "H1OO",
            "\tH100\u{b}",
            "H100\u{b}x",
            "h\t100",
            "\u{a0}H100",
            "",
            " ",
            "-_",
            "B200",
            "\u{212A}2",
            "k2",
            "K2",
            "Straße",
            "STRASSE",
            "İ",
            "i\u{307}",
            "Ǆ",
            "ǆ",
        ];
        for a in names {
            for b in names {
                assert_eq!(
                    same_id(a, b),
                    normalise_id(a) == normalise_id(b),
                    "{a:?} {b:?}"
                );
            }
        }
        let catalog = Catalog::builtin().unwrap();
        assert_eq!(catalog.gpu(" h100 sxm5 ").unwrap().id, "H100");
    }

    #[test]
    fn builtin_catalog_parses_and_has_the_required_gpus() {
        let catalog = Catalog::builtin().unwrap();
        for id in [
            "A100",
            "H100",
            "H800",
            "H200",
            "B200",
            "MI300X",
            "TPUv5p",
            "Trainium2",
            "GB200",
        ] {
            let gpu = catalog.gpu(id).unwrap();
            assert!(gpu.peak_flop_per_s(Precision::Bf16).unwrap() > 1e14, "{id}");
            assert!(!gpu.sources.specs.url.is_empty());
            assert!(!gpu.sources.rental.date.is_empty());
            assert!(!gpu.sources.purchase.date.is_empty());
        }
    }

    #[test]
    fn ids_resolve_case_insensitively() {
        let catalog = Catalog::builtin().unwrap();
        assert_eq!(catalog.gpu("h100").unwrap().id, "H100");
        assert_eq!(catalog.gpu(" H800 ").unwrap().id, "H800");
        assert_eq!(catalog.gpu("mi300x").unwrap().id, "MI300X");
    }

    #[test]
    fn unknown_gpu_lists_valid_ids() {
        let catalog = Catalog::builtin().unwrap();
        let err = catalog.gpu("RTX9090").unwrap_err();
        assert_eq!(err.field(), Some("gpu"));
        let msg = err.to_string();
        assert!(
            msg.contains("RTX9090") && msg.contains("H100") && msg.contains("MI300X"),
            "{msg}"
        );
    }

    #[test]
    fn h100_matches_the_datasheet() {
        let h100 = Catalog::builtin().unwrap().gpu("H100").unwrap();
        assert_eq!(h100.peak_dense_tflops[&Precision::Bf16], 989.4);
        assert!((h100.peak_dense_tflops[&Precision::Fp8] - 1978.9).abs() < 0.1);
        assert_eq!(h100.board_watts, 700.0);
        let a100 = Catalog::builtin().unwrap().gpu("A100").unwrap();
        assert_eq!(a100.peak_dense_tflops[&Precision::Bf16], 312.0);
        assert!(a100.peak_flop_per_s(Precision::Fp8).is_none());
    }

    #[test]
    fn the_new_accelerators_match_their_sources() {
        let c = Catalog::builtin().unwrap();
        assert_eq!(
            c.gpu("tpu v5p").unwrap().peak_dense_tflops[&Precision::Bf16],
            459.0
        );
        let trn = c.gpu("trn2").unwrap();
        assert_eq!(trn.peak_dense_tflops[&Precision::Bf16], 667.0);
        assert_eq!(trn.peak_dense_tflops[&Precision::Fp8], 1299.0);
        let gb = c.gpu("GB200").unwrap();
        assert_eq!(gb.peak_dense_tflops[&Precision::Bf16], 2500.0);
        assert_eq!(gb.board_watts, 1200.0);
    }

    #[test]
    fn duplicate_ids_are_rejected() {
        let mut catalog = Catalog::builtin().unwrap().clone();
        let mut dup = catalog.gpus[0].clone();
        dup.id = dup.id.to_lowercase();
        dup.aliases.clear();
        catalog.gpus.push(dup);
        let text = serde_json::to_string(&catalog).unwrap();
        assert!(Catalog::from_json(&text).is_err());
    }

    #[test]
    fn the_published_runs_parse_with_a_source_each() {
        let p = PublishedRuns::builtin().unwrap();
        assert!(p.runs.len() >= 12);
        for r in &p.runs {
            assert!(r.source.url.starts_with("https://"), "{}", r.name);
            assert!(!r.how.is_empty(), "{}", r.name);
        }
        // MegaScale's 55.2 % is the highest; every run is at or below it.
        assert_eq!(p.percentile(0.552), 1.0);
        assert_eq!(p.percentile(0.2), 0.0);
        assert_eq!(
            p.closest(0.55).map(|r| r.name.as_str()),
            Some("MegaScale 175B")
        );
        let (lo, hi) = p.span();
        assert!(lo > 0.25 && hi < 0.6, "{lo} {hi}");
    }

    #[test]
    fn builtin_defaults_parse() {
        let d = Defaults::builtin().unwrap();
        assert!(d.pue.value >= 1.0);
        assert!(d.mfu_bands.low_below < d.mfu_bands.plausible_up_to);
        assert_eq!(d.flops_per_param_token.value, 6.0);
    }
}
