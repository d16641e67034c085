//! `costscope seek`: goal seek — the value of one input that makes one figure hit a target,
//! solved by the core (`costscope_core::seek`) through `evaluate` itself.

use std::path::PathBuf;

use clap::Args;
use costscope_core::seek::{self, SeekInput};
use costscope_core::{format, ScenarioInput};

use crate::{print_json, print_text, read_input, Outcome};

#[derive(Args)]
#[command(
    after_help = "FIGURE: total_cost_usd, total_with_research_usd, duration_days, gpu_hours, \
energy_kwh, co2_tonnes, implied_mfu, usd_per_million_tokens.
INPUT: gpu_count, duration_days, gpu_hours, usd_per_gpu_hour, usd_per_gpu, lifetime_years, mfu, \
pue, usd_per_kwh, watts_per_gpu, grid_g_co2_per_kwh, active_params, tokens, research_multiplier.

Example: costscope seek run.json --target total_cost_usd=5000000 --vary usd_per_gpu_hour

A target out of reach within the input's allowed range exits with 2 and says which figures \
are reachable."
)]
pub struct SeekArgs {
    /// Scenario JSON file, or `-` for stdin.
    file: Option<PathBuf>,
    /// The figure and the value it should take, as FIGURE=VALUE.
    #[arg(long, value_name = "FIGURE=VALUE")]
    target: String,
    /// The input to change.
    #[arg(long, value_name = "INPUT")]
    vary: String,
    /// Print {"vary", "value", "evaluation", "input"} as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: SeekArgs) -> Outcome {
    // Names first: a typo is reported before any file is read.
    let (figure, target) = seek::parse_target(&args.target)?;
    let vary = SeekInput::parse(&args.vary)?;
    let input: ScenarioInput =
        costscope_core::error::from_json_str(&read_input(args.file.as_deref())?)?;
    let found = seek::seek_builtin(&input, figure, target, vary)?;
    if args.json {
        return print_json(&found);
    }
    let reached = figure.of(&found.evaluation).unwrap_or(f64::NAN);
    let mut text = format!(
        "{} = {} makes {} {}\n\n",
        vary.as_str(),
        format::plain_number(found.value),
        figure.as_str(),
        figure.show(reached)
    );
    text.push_str(&costscope_core::report::summary_text(&found.evaluation));
    print_text(&text)
}
