//! Run realism (issue 10): scaling loss, interruptions and checkpoints, stages, the all-in
//! purchase price, rent against own, and the compute-optimal model size. The formulas live here
//! once; `model::evaluate_with` applies them. Pure: no I/O.
//!
//! Every block is optional and an absent block changes nothing: no scaling loss, no
//! interruptions, the chip-only purchase price — so a scenario saved before these existed keeps
//! its totals bit for bit.

use serde::{Deserialize, Serialize};

use crate::check::check_range;
use crate::error::{Error, Result};
use crate::format;
use crate::limits;

/// Hours in an average year (365.25 days), used to spread a purchase over its life.
pub const HOURS_PER_YEAR: f64 = 8_766.0;

/// Hours a thousand GPUs run in a day, over 1,000 GPU-days: MTBI = 24,000 / (r × N) hours.
const GPU_HOURS_PER_1000_GPU_DAYS: f64 = 24_000.0;
/// Chinchilla's rule of thumb: C = 6 N D and D = 20 N, so C = 120 N².
const CHINCHILLA_FLOPS_PER_PARAM_SQUARED: f64 = 120.0;
const CHINCHILLA_TOKENS_PER_PARAM: f64 = 20.0;

/// MFU lost as the cluster grows: `mfu × (1 − L)^max(0, log2(N / N0))`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(deny_unknown_fields)]
pub struct Scaling {
    /// Up to this many GPUs the stated MFU holds.
    pub reference_gpu_count: f64,
    /// The share of MFU lost with every doubling above the reference (0–0.5).
    pub mfu_loss_per_doubling: f64,
}

impl Scaling {
    pub fn check(&self) -> Result<Scaling> {
        check_range(
            "scaling.reference_gpu_count",
            self.reference_gpu_count,
            limits::REFERENCE_GPU_COUNT,
            "GPUs",
        )?;
        check_range(
            "scaling.mfu_loss_per_doubling",
            self.mfu_loss_per_doubling,
            limits::MFU_LOSS_PER_DOUBLING,
            "",
        )?;
        Ok(*self)
    }

    /// The factor on the MFU at `gpu_count` GPUs (1 at or below the reference). With a loss of
    /// at most 0.5 per doubling, GPUs × factor never falls as GPUs grow.
    pub fn factor(&self, gpu_count: f64) -> f64 {
        let doublings = (gpu_count / self.reference_gpu_count).log2().max(0.0);
        (1.0 - self.mfu_loss_per_doubling).powf(doublings)
    }
}

/// Interruptions and checkpoints (the Young/Daly first-order model).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(deny_unknown_fields)]
pub struct Reliability {
    /// Job interruptions per 1,000 GPU-days (0–1,000).
    pub interruptions_per_1000_gpu_days: f64,
    /// Time from an interruption until training runs again, minutes.
    pub restart_minutes: f64,
    /// Time to write one checkpoint, minutes (training pauses meanwhile).
    pub checkpoint_save_minutes: f64,
    /// Minutes of training between checkpoints; Young's optimum `sqrt(2 × save × MTBI)` when
    /// absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub checkpoint_interval_minutes: Option<f64>,
}

/// What interruptions do to a run on one GPU count.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReliabilityAt {
    /// Mean time between interruptions, hours (infinite with no interruptions).
    pub mtbi_hours: f64,
    /// The interval used, minutes (infinite when nothing interrupts and none is given).
    pub interval_minutes: f64,
    /// Useful share of the wall-clock time, in (0, 1].
    pub goodput: f64,
}

impl Reliability {
    pub fn check(&self) -> Result<Reliability> {
        check_range(
            "reliability.interruptions_per_1000_gpu_days",
            self.interruptions_per_1000_gpu_days,
            limits::INTERRUPTIONS_PER_1000_GPU_DAYS,
            "per 1,000 GPU-days",
        )?;
        check_range(
            "reliability.restart_minutes",
            self.restart_minutes,
            limits::RESTART_MINUTES,
            "minutes",
        )?;
        check_range(
            "reliability.checkpoint_save_minutes",
            self.checkpoint_save_minutes,
            limits::CHECKPOINT_SAVE_MINUTES,
            "minutes",
        )?;
        if let Some(t) = self.checkpoint_interval_minutes {
            check_range(
                "reliability.checkpoint_interval_minutes",
                t,
                limits::CHECKPOINT_INTERVAL_MINUTES,
                "minutes",
            )?;
        }
        Ok(*self)
    }

    /// Mean time between interruptions on `gpu_count` GPUs: 24,000 / (r × N) hours.
    pub fn mtbi_hours(&self, gpu_count: f64) -> f64 {
        GPU_HOURS_PER_1000_GPU_DAYS / (self.interruptions_per_1000_gpu_days * gpu_count)
    }

    /// The GPU count at which a restart plus half an interval equals the time between
    /// interruptions (goodput 0): the run finishes only below it. With a given interval `t` the
    /// MTBI there is `R + t/2`; with Young's `t = sqrt(2dM)` it solves `M = R + sqrt(d/2)·sqrt(M)`,
    /// a quadratic in `sqrt(M)`.
    pub fn largest_finishing_gpu_count(&self) -> f64 {
        let d = self.checkpoint_save_minutes / 60.0;
        let r = self.restart_minutes / 60.0;
        let m = match self.checkpoint_interval_minutes {
            Some(t) => r + t / 60.0 / 2.0,
            None => {
                let a = (d / 2.0).sqrt();
                let s = (a + (a * a + 4.0 * r).sqrt()) / 2.0;
                s * s
            }
        };
        GPU_HOURS_PER_1000_GPU_DAYS / (self.interruptions_per_1000_gpu_days * m)
    }

    /// MTBI, interval and goodput on `gpu_count` GPUs (all in hours inside):
    /// `goodput = (1 − (R + t/2) / M) / (1 + d / t)`. An error naming `reliability` when a
    /// restart plus half an interval outlasts the time between interruptions.
    pub fn at(&self, gpu_count: f64) -> Result<ReliabilityAt> {
        let m = self.mtbi_hours(gpu_count);
        let d = self.checkpoint_save_minutes / 60.0;
        let r = self.restart_minutes / 60.0;
        let t = match self.checkpoint_interval_minutes {
            Some(t) => t / 60.0,
            // Young's optimum; infinite (no checkpoints needed) when nothing interrupts.
            None => (2.0 * d * m).sqrt(),
        };
        if self.interruptions_per_1000_gpu_days == 0.0 {
            // Nothing interrupts: only the saves cost time (none without a given interval).
            let goodput = if t.is_finite() {
                1.0 / (1.0 + d / t)
            } else {
                1.0
            };
            return Ok(ReliabilityAt {
                mtbi_hours: m,
                interval_minutes: t * 60.0,
                goodput,
            });
        }
        let lost = r + t / 2.0;
        if lost >= m {
            return Err(Error::invalid(
                "reliability",
                format!(
                    "reliability: interrupted every {} on average at {}, less than a restart plus half a checkpoint interval ({}): the run would never finish (it can on fewer than {})",
                    format::span_hours(m),
                    format::gpus(gpu_count),
                    format::span_hours(lost),
                    format::gpus(format::significant(self.largest_finishing_gpu_count(), 3)),
                ),
            ));
        }
        let goodput = (1.0 - lost / m) / (1.0 + d / t);
        Ok(ReliabilityAt {
            mtbi_hours: m,
            interval_minutes: t * 60.0,
            goodput,
        })
    }
}

/// One stage of a run; stages run one after another. Give exactly one of `gpu_hours`,
/// `duration_days` and `tokens`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(deny_unknown_fields)]
pub struct StageInput {
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub gpu_hours: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub duration_days: Option<f64>,
    /// Tokens trained in this stage: its time follows from the workload's parameters and the MFU.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub tokens: Option<f64>,
    /// The scenario's GPU count when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub gpu_count: Option<f64>,
}

/// What one stage took and cost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct StageResult {
    pub label: String,
    pub gpu_count: f64,
    pub gpu_hours: f64,
    pub duration_days: f64,
    /// Compute (and, when owned, electricity) of this stage; other costs are not in any stage.
    pub total_cost_usd: f64,
    pub energy_kwh: f64,
}

/// Buying the cluster against renting it, over the hardware's life. Serialised with its
/// `summary` line (as `RentVsOwnView`), which is formatted only then: formatting is the larger
/// part of an evaluation's time, and a chart series evaluates 200 scenarios per frame.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(into = "RentVsOwnView", from = "RentVsOwnView")]
pub struct RentVsOwn {
    /// The total when renting (electricity inside the price), with the other costs.
    pub rental_total_usd: f64,
    /// The total when owning (amortised hardware plus electricity), with the other costs.
    pub owned_total_usd: f64,
    /// Peak GPU count × the all-in price per GPU.
    pub cluster_purchase_usd: f64,
    /// Owning beats renting above this share of the hardware's life in use; null when the rent
    /// does not even cover the electricity. Above 1: owning never pays at this rent.
    pub break_even_utilisation: Option<f64>,
    pub usd_per_gpu_hour: f64,
    /// Chip × server overhead / (1 − interconnect share).
    pub all_in_usd_per_gpu: f64,
    pub lifetime_years: f64,
}

impl RentVsOwn {
    /// "Rent $5.58 M · own $1.92 M amortised · buying the cluster $56.3 M · owning pays above
    /// 32.4 % utilisation".
    pub fn summary(&self) -> String {
        format::rent_vs_own_line(
            self.rental_total_usd,
            self.owned_total_usd,
            self.cluster_purchase_usd,
            self.break_even_utilisation,
        )
    }
}

/// `RentVsOwn` as JSON and TypeScript (`RentVsOwn` there): its figures and the summary line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "RentVsOwn"))]
pub struct RentVsOwnView {
    pub rental_total_usd: f64,
    pub owned_total_usd: f64,
    pub cluster_purchase_usd: f64,
    pub break_even_utilisation: Option<f64>,
    pub usd_per_gpu_hour: f64,
    pub all_in_usd_per_gpu: f64,
    pub lifetime_years: f64,
    /// The line the window shows as it is.
    pub summary: String,
}

impl From<RentVsOwn> for RentVsOwnView {
    fn from(r: RentVsOwn) -> Self {
        RentVsOwnView {
            summary: r.summary(),
            rental_total_usd: r.rental_total_usd,
            owned_total_usd: r.owned_total_usd,
            cluster_purchase_usd: r.cluster_purchase_usd,
            break_even_utilisation: r.break_even_utilisation,
            usd_per_gpu_hour: r.usd_per_gpu_hour,
            all_in_usd_per_gpu: r.all_in_usd_per_gpu,
            lifetime_years: r.lifetime_years,
        }
    }
}

impl From<RentVsOwnView> for RentVsOwn {
    fn from(v: RentVsOwnView) -> Self {
        RentVsOwn {
            rental_total_usd: v.rental_total_usd,
            owned_total_usd: v.owned_total_usd,
            cluster_purchase_usd: v.cluster_purchase_usd,
            break_even_utilisation: v.break_even_utilisation,
            usd_per_gpu_hour: v.usd_per_gpu_hour,
            all_in_usd_per_gpu: v.all_in_usd_per_gpu,
            lifetime_years: v.lifetime_years,
        }
    }
}

/// The model the run's compute would train best (Chinchilla). Serialised with its summary line
/// (as `ComputeOptimalView`), formatted only then.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(into = "ComputeOptimalView", from = "ComputeOptimalView")]
pub struct ComputeOptimal {
    pub params: f64,
    pub tokens: f64,
}

impl ComputeOptimal {
    /// "this compute trains a compute-optimal 158 B-parameter model on 3.16 T tokens".
    pub fn summary(&self) -> String {
        format::compute_optimal_line(self.params, self.tokens)
    }
}

/// `ComputeOptimal` as JSON and TypeScript (`ComputeOptimal` there).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(export, rename = "ComputeOptimal")
)]
pub struct ComputeOptimalView {
    pub params: f64,
    pub tokens: f64,
    /// The line the window shows as it is.
    pub summary: String,
}

impl From<ComputeOptimal> for ComputeOptimalView {
    fn from(c: ComputeOptimal) -> Self {
        ComputeOptimalView {
            summary: c.summary(),
            params: c.params,
            tokens: c.tokens,
        }
    }
}

impl From<ComputeOptimalView> for ComputeOptimal {
    fn from(v: ComputeOptimalView) -> Self {
        ComputeOptimal {
            params: v.params,
            tokens: v.tokens,
        }
    }
}

/// The compute-optimal size for `flops` (Hoffmann et al. 2022): N = sqrt(C / 120), D = 20 N.
pub fn compute_optimal(flops: f64) -> ComputeOptimal {
    let params = (flops / CHINCHILLA_FLOPS_PER_PARAM_SQUARED).sqrt();
    ComputeOptimal {
        params,
        tokens: CHINCHILLA_TOKENS_PER_PARAM * params,
    }
}

/// A purchase price with the GPU's share of server and network:
/// `chip × server_overhead / (1 − interconnect_share)`. Absent figures change nothing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AllIn {
    pub chip_usd: f64,
    pub server_overhead: Option<f64>,
    pub interconnect_share: Option<f64>,
}

impl AllIn {
    pub fn per_gpu_usd(&self) -> f64 {
        let mut usd = self.chip_usd;
        if let Some(s) = self.server_overhead {
            usd *= s;
        }
        if let Some(i) = self.interconnect_share {
            usd /= 1.0 - i;
        }
        usd
    }

    /// Chip, server and network apart (they add up to `per_gpu_usd`).
    pub fn parts(&self) -> [f64; 3] {
        let with_server = self.chip_usd * self.server_overhead.unwrap_or(1.0);
        [
            self.chip_usd,
            with_server - self.chip_usd,
            self.per_gpu_usd() - with_server,
        ]
    }
}

/// Owning beats renting above `(all-in / (life × 8,766)) / (rent − watts × PUE × $/kWh / 1,000)`;
/// None when the rent does not cover the electricity.
pub fn break_even_utilisation(
    all_in_usd_per_gpu: f64,
    lifetime_years: f64,
    usd_per_gpu_hour: f64,
    electricity_usd_per_gpu_hour: f64,
) -> Option<f64> {
    let margin = usd_per_gpu_hour - electricity_usd_per_gpu_hour;
    (margin > 0.0).then(|| all_in_usd_per_gpu / (lifetime_years * HOURS_PER_YEAR) / margin)
}

/// Validates a list of stages' shape (count, labels, exactly one measure each); the numbers are
/// checked where they are used.
pub fn check_stages(stages: &[StageInput], label_chars_max: usize) -> Result<()> {
    let (min, max) = limits::STAGES;
    if stages.len() < min || stages.len() > max {
        return Err(Error::invalid(
            "stages",
            format!(
                "stages must hold {min} to {max} stages; got {}",
                stages.len()
            ),
        ));
    }
    for (i, s) in stages.iter().enumerate() {
        let label = s.label.trim();
        if label.is_empty() || label.chars().count() > label_chars_max {
            return Err(Error::invalid(
                format!("stages[{i}].label"),
                format!("stages[{i}].label must be 1 to {label_chars_max} characters"),
            ));
        }
        let given = [s.gpu_hours, s.duration_days, s.tokens]
            .iter()
            .filter(|v| v.is_some())
            .count();
        if given != 1 {
            return Err(Error::invalid(
                format!("stages[{i}]"),
                format!("stages[{i}] ({label}) must give exactly one of gpu_hours, duration_days and tokens; got {given}"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Llama 3 §3.3.4: 466 interruptions in a 54-day snapshot on 16,384 H100s.
    fn llama3(save_minutes: f64) -> Reliability {
        Reliability {
            interruptions_per_1000_gpu_days: 466.0 / (16_384.0 * 54.0) * 1000.0,
            restart_minutes: 0.0,
            checkpoint_save_minutes: save_minutes,
            checkpoint_interval_minutes: None,
        }
    }

    #[test]
    fn youngs_interval_for_a_one_minute_save_at_llama_3s_mtbi() {
        let at = llama3(1.0).at(16_384.0).unwrap();
        // 54 days × 24 h / 466 = 2.78 h between interruptions.
        assert!((at.mtbi_hours - 54.0 * 24.0 / 466.0).abs() < 1e-9);
        assert!(
            (at.interval_minutes - 18.27).abs() < 0.01,
            "{}",
            at.interval_minutes
        );
        assert_eq!(format!("{:.1}", at.interval_minutes), "18.3");
    }

    #[test]
    fn no_interruptions_mean_full_goodput_less_the_saves() {
        let mut r = llama3(1.0);
        r.interruptions_per_1000_gpu_days = 0.0;
        assert_eq!(r.at(1000.0).unwrap().goodput, 1.0);
        r.checkpoint_interval_minutes = Some(59.0);
        assert!((r.at(1000.0).unwrap().goodput - 59.0 / 60.0).abs() < 1e-12);
    }

    #[test]
    fn a_run_that_never_finishes_names_reliability() {
        let mut r = llama3(1.0);
        r.restart_minutes = 200.0;
        let e = r.at(16_384.0).unwrap_err();
        assert_eq!(e.field(), Some("reliability"));
        assert!(e.to_string().contains("never finish"), "{e}");
    }

    #[test]
    fn the_largest_finishing_count_is_where_goodput_reaches_zero() {
        for interval in [None, Some(20.0)] {
            let mut r = llama3(1.0);
            r.checkpoint_interval_minutes = interval;
            let n = r.largest_finishing_gpu_count();
            assert!(r.at(n * 0.999).unwrap().goodput > 0.0);
            assert!(r.at(n * 0.999).unwrap().goodput < 0.01);
            let e = r.at(n * 1.001).unwrap_err().to_string();
            assert!(e.contains("fewer than"), "{e}");
        }
        // The app's defaults at the GPU slider's end (1,000,000): the message says where runs
        // still finish, in minutes.
        let defaults = Reliability {
            interruptions_per_1000_gpu_days: 0.53,
            restart_minutes: 3.0,
            checkpoint_save_minutes: 0.5,
            checkpoint_interval_minutes: None,
        };
        let e = defaults.at(1e6).unwrap_err().to_string();
        assert!(e.contains("min on average at 1,000,000 GPUs"), "{e}");
        assert!(e.contains("fewer than"), "{e}");
    }

    #[test]
    fn scaling_loses_per_doubling_above_the_reference_only() {
        let s = Scaling {
            reference_gpu_count: 1024.0,
            mfu_loss_per_doubling: 0.05,
        };
        assert_eq!(s.factor(512.0), 1.0);
        assert_eq!(s.factor(1024.0), 1.0);
        assert!((s.factor(4096.0) - 0.95 * 0.95).abs() < 1e-12);
    }

    #[test]
    fn chinchilla_at_3e24() {
        let c = compute_optimal(3e24);
        assert!((c.params / 1e9 - 158.1).abs() < 0.05, "{}", c.params);
        assert!((c.tokens / 1e12 - 3.16).abs() < 0.005, "{}", c.tokens);
        assert_eq!(
            c.summary(),
            "this compute trains a compute-optimal 158 B-parameter model on 3.16 T tokens"
        );
    }

    #[test]
    fn all_in_price_parts_add_up() {
        let p = AllIn {
            chip_usd: 30_000.0,
            server_overhead: Some(1.64),
            interconnect_share: Some(0.19),
        };
        let [chip, server, network] = p.parts();
        assert!((chip + server + network - p.per_gpu_usd()).abs() < 1e-9);
        assert!((p.per_gpu_usd() - 30_000.0 * 1.64 / 0.81).abs() < 1e-9);
        let bare = AllIn {
            chip_usd: 30_000.0,
            server_overhead: None,
            interconnect_share: None,
        };
        assert_eq!(bare.per_gpu_usd(), 30_000.0);
    }

    #[test]
    fn break_even_is_none_when_rent_is_below_the_electricity() {
        assert!(break_even_utilisation(30_000.0, 4.0, 0.05, 0.06).is_none());
        let u = break_even_utilisation(30_000.0, 4.0, 2.0, 0.06).unwrap();
        assert!((u - 30_000.0 / (4.0 * 8_766.0) / 1.94).abs() < 1e-12);
    }

    #[test]
    fn sourced_defaults_fill_only_what_is_missing() {
        let d = crate::catalog::Defaults::builtin().unwrap();
        let mut s = crate::model::ScenarioInput::new("H100", 8.0, 1.0);
        s.scaling = Some(Scaling {
            reference_gpu_count: 8.0,
            mfu_loss_per_doubling: 0.1,
        });
        let filled = s.with_sourced_defaults(d);
        assert_eq!(filled.scaling, s.scaling);
        assert_eq!(filled.reliability, Some(d.default_reliability()));
        let p = filled.pricing.unwrap();
        assert_eq!(p.mode, crate::model::PricingMode::Rental);
        assert_eq!(p.usd_per_gpu_hour, None);
        assert_eq!(p.server_overhead, Some(1.64));
        assert_eq!(p.interconnect_share, Some(0.19));
    }

    #[test]
    fn stages_need_exactly_one_measure() {
        let s = StageInput {
            label: "Pre-training".into(),
            gpu_hours: Some(1.0),
            duration_days: Some(1.0),
            tokens: None,
            gpu_count: None,
        };
        let e = check_stages(&[s], 200).unwrap_err();
        assert_eq!(e.field(), Some("stages[0]"));
        assert!(check_stages(&[], 200)
            .unwrap_err()
            .to_string()
            .contains("1 to 50"));
    }
}
