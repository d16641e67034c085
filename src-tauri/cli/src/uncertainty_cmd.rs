//! `costscope uncertainty` (the seeded Monte Carlo over a scenario's ranges) and
//! `costscope sensitivity` (the tornado's rows); both computed by `costscope_core::uncertainty`.

use std::path::{Path, PathBuf};

use clap::Args;
use costscope_core::seek::Figure;
use costscope_core::uncertainty::{self, RunOptions, Stats};
use costscope_core::{format, ScenarioInput};

use crate::{print_json, print_text, read_input, Outcome};

#[derive(Args)]
#[command(
    after_help = "Ranges live in the scenario: \"uncertainty\": {\"usd_per_gpu_hour\": \
{\"low\": 1.5, \"high\": 3, \"distribution\": \"lognormal\"}}. For lognormal (the default) and \
normal, low and high are the 5th and 95th percentiles; for uniform, the bounds.
INPUT: gpu_count, duration_days, gpu_hours, usd_per_gpu_hour, usd_per_gpu, lifetime_years, mfu, \
pue, usd_per_kwh, watts_per_gpu, grid_g_co2_per_kwh, active_params, tokens, research_multiplier, \
mfu_loss_per_doubling, interruptions_per_1000_gpu_days, restart_minutes, checkpoint_save_minutes.

The same scenario and seed print the same bytes on every machine."
)]
pub struct UncertaintyArgs {
    /// Scenario JSON file, or `-` for stdin.
    file: Option<PathBuf>,
    /// How many samples (100 to 10,000,000).
    #[arg(long, value_name = "N", default_value_t = uncertainty::DEFAULT_SAMPLES)]
    samples: u64,
    /// The generator's seed (a 64-bit unsigned integer).
    #[arg(long, value_name = "S", default_value_t = uncertainty::DEFAULT_SEED)]
    seed: u64,
    /// Write every sample (inputs and figures, units in the header) to this CSV file.
    #[arg(long, value_name = "PATH.csv")]
    samples_out: Option<PathBuf>,
    /// Print {"samples", "seed", "clipped", "figures": {…}} as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
#[command(
    after_help = "One row per ranged input: the figure at the input's low and at its high \
with every other input at its base, sorted by swing. Inputs without a range in the scenario take \
the sourced default ranges of assets/defaults.json (Epoch AI: price and time 0.5-2x, GPU count \
0.8-1.25x, electricity 0.6-1.7x, PUE 1.05-1.16, MFU 0.10-0.65).
FIGURE: total_cost_usd (default), total_with_research_usd, duration_days, gpu_hours, energy_kwh, \
co2_tonnes, implied_mfu, usd_per_million_tokens."
)]
pub struct SensitivityArgs {
    /// Scenario JSON file, or `-` for stdin.
    file: Option<PathBuf>,
    /// The figure whose sensitivity is shown.
    #[arg(long, value_name = "FIGURE", default_value = "total_cost_usd")]
    figure: String,
    /// Print {"figure", "base", "rows": […]} as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run_uncertainty(args: UncertaintyArgs, db: Option<&Path>) -> Outcome {
    // The count first: a bad one is reported before any file is read.
    let samples = uncertainty::check_samples(args.samples)?;
    let input: ScenarioInput =
        costscope_core::error::from_json_str(&read_input(args.file.as_deref())?)?;
    if let Some(path) = &args.samples_out {
        // Refuse a bad target before sampling, not after.
        let db_path = costscope_core::store::resolve_db_path(db).ok();
        costscope_core::store::check_write_target("samples-out", path, db_path.as_deref(), "csv")?;
    }
    let options = RunOptions {
        samples,
        seed: args.seed,
    };
    let result = match &args.samples_out {
        None => uncertainty::run_builtin(&input, options, None)?,
        // Every sample is written as it is drawn (10,000,000 of them are about 1.5 GB of text),
        // into a temporary file that replaces the target only when the run has succeeded.
        Some(path) => {
            let mut outcome = None;
            let written = costscope_render::write_atomically_with(path, |out| {
                let mut out = Recording {
                    inner: out,
                    error: None,
                };
                let run = uncertainty::run_builtin(&input, options, Some(&mut out));
                let failed = run.is_err();
                outcome = Some(run);
                match (failed, out.error.take()) {
                    (_, Some(e)) => Err(e),
                    // A scenario that does not sample leaves no file.
                    (true, None) => Err(std::io::Error::other("the run failed")),
                    (false, None) => Ok(()),
                }
            });
            match outcome {
                Some(Ok(result)) => {
                    written.map_err(|e| costscope_render::to_core_error(e, "samples-out"))?;
                    result
                }
                Some(Err(e)) if !matches!(e, costscope_core::Error::Io { .. }) => {
                    return Err(e.into())
                }
                _ => {
                    written.map_err(|e| costscope_render::to_core_error(e, "samples-out"))?;
                    return Err(
                        costscope_core::Error::internal("the samples were not written").into(),
                    );
                }
            }
        }
    };
    if args.json {
        return print_json(&result);
    }
    let f = &result.figures;
    let mut text = format!(
        "{} samples, seed {} ({}); {} values clipped to their allowed range{}\n\n",
        format::plain_number(result.samples as f64),
        result.seed,
        result.generator,
        result.clipped,
        if result.failed > 0 {
            format!(
                "; {} samples did not evaluate",
                format::plain_number(result.failed as f64)
            )
        } else {
            String::new()
        }
    );
    text.push_str(&format!(
        "{:<24}{:>18}{:>18}{:>18}{:>18}\n",
        "figure", "mean", "p5", "p50", "p95"
    ));
    let mut line = |name: &str, s: &Stats, show: &dyn Fn(f64) -> String| {
        text.push_str(&format!(
            "{:<24}{:>18}{:>18}{:>18}{:>18}\n",
            name,
            show(s.mean),
            show(s.p5),
            show(s.p50),
            show(s.p95)
        ));
    };
    let figure = |fig: Figure| move |v: f64| fig.show(v);
    line(
        "total_cost_usd",
        &f.total_cost_usd,
        &figure(Figure::TotalCostUsd),
    );
    line(
        "total_with_research_usd",
        &f.total_with_research_usd,
        &figure(Figure::TotalWithResearchUsd),
    );
    line(
        "duration_days",
        &f.duration_days,
        &figure(Figure::DurationDays),
    );
    line("gpu_hours", &f.gpu_hours, &figure(Figure::GpuHours));
    line("energy_kwh", &f.energy_kwh, &figure(Figure::EnergyKwh));
    line("co2_tonnes", &f.co2_tonnes, &figure(Figure::Co2Tonnes));
    if let Some(s) = &f.implied_mfu {
        line("implied_mfu", s, &figure(Figure::ImpliedMfu));
    }
    if let Some(s) = &f.gpu_count {
        line("gpu_count", s, &format::plain_number);
    }
    if let Some(s) = &f.usd_per_million_tokens {
        line(
            "usd_per_million_tokens",
            s,
            &figure(Figure::UsdPerMillionTokens),
        );
    }
    if let Some(path) = &args.samples_out {
        text.push_str(&format!("\nsamples written to {}\n", path.display()));
    }
    print_text(&text)
}

pub fn run_sensitivity(args: SensitivityArgs) -> Outcome {
    let figure = Figure::parse_as(&args.figure, "figure")?;
    let input: ScenarioInput =
        costscope_core::error::from_json_str(&read_input(args.file.as_deref())?)?;
    let s = uncertainty::sensitivity_builtin(&input, figure)?;
    if args.json {
        return print_json(&s);
    }
    let mut text = format!(
        "{} at base: {}\n\n{:<34}{:>14}{:>14}{:>14}{:>14}  range\n",
        figure.as_str(),
        figure.show(s.base),
        "input",
        "low",
        "high",
        "at low",
        "at high"
    );
    for r in &s.rows {
        text.push_str(&format!(
            "{:<34}{:>14}{:>14}{:>14}{:>14}  {}\n",
            r.input,
            format::plain_number(r.low),
            format::plain_number(r.high),
            figure.show(r.figure_at_low),
            figure.show(r.figure_at_high),
            match r.range_from {
                uncertainty::RangeFrom::Scenario => "scenario",
                uncertainty::RangeFrom::Default => "default",
            }
        ));
    }
    print_text(&text)
}

/// A writer that keeps the first error it passed on, so that a failed write of the samples file
/// is reported with the OS's reason ("the disk is full") and the file's name.
struct Recording<'a> {
    inner: &'a mut dyn std::io::Write,
    error: Option<std::io::Error>,
}

impl Recording<'_> {
    fn keep(&mut self, e: std::io::Error) -> std::io::Error {
        let copy = std::io::Error::new(e.kind(), e.to_string());
        self.error.get_or_insert(e);
        copy
    }
}

impl std::io::Write for Recording<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner.write(buf).map_err(|e| self.keep(e))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush().map_err(|e| self.keep(e))
    }
}
