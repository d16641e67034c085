//! `costscope chart`: draws a scenario's charts — the same chart descriptions the app shows —
//! to PNG or SVG (costscope-render), CSV (the points) or JSON (the description itself).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use costscope_core::analysis::Hold;
use costscope_core::chart::{self, ChartContext, ChartKind};
use costscope_core::store::Store;
use costscope_core::{api, Error, ScenarioInput};
use costscope_render::{Format, RenderOptions, Theme};

use crate::{print_text, read_input, Outcome};

#[derive(Args)]
#[command(after_help = "Examples:
  costscope chart cost-vs-gpus --scenario DeepSeek-V3 --format png --out cost.png
  costscope chart breakdown --file run.json --format svg --out breakdown.svg --theme dark
  costscope chart compare --scenario DeepSeek-V3 --format csv --out -
  costscope chart all --all-scenarios --out-dir charts --format png --scale 2

Batch files are named <scenario-name-slug>-<kind>.<ext>. The footnote carries the scenario's \
name, today's UTC date and the key assumptions.")]
pub struct ChartArgs {
    /// Which chart to draw.
    #[arg(value_enum, value_name = "KIND")]
    kind: KindArg,

    /// A saved scenario, by name (or #id).
    #[arg(long, value_name = "NAME", conflicts_with_all = ["file", "all_scenarios"])]
    scenario: Option<String>,

    /// A scenario JSON file, as for `costscope eval` (`-` for stdin); named after the file.
    #[arg(long, value_name = "PATH", conflicts_with = "all_scenarios")]
    file: Option<PathBuf>,

    /// Every saved scenario (needs --out-dir).
    #[arg(long)]
    all_scenarios: bool,

    /// Output format [default: from the --out file name, else png].
    #[arg(long, value_enum)]
    format: Option<FormatArg>,

    /// The file to write one chart of one scenario to (`-` for stdout, not for png).
    #[arg(long, value_name = "PATH", conflicts_with = "out_dir")]
    out: Option<PathBuf>,

    /// The folder to write several charts into; created if missing.
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,

    /// Width in pixels (200–8000).
    #[arg(long, default_value_t = costscope_core::limits::export::DEFAULT_WIDTH_PX)]
    width: u32,

    /// Height in pixels (200–8000).
    #[arg(long, default_value_t = costscope_core::limits::export::DEFAULT_HEIGHT_PX)]
    height: u32,

    /// Pixel density: 1, or 2 for a 2× (HiDPI) image (up to 4).
    #[arg(long, default_value_t = 1.0)]
    scale: f64,

    /// Background, text and grid colours.
    #[arg(long, value_enum, default_value = "light")]
    theme: ThemeArg,

    /// What stays fixed as the GPU count moves along the cost chart.
    #[arg(long, value_enum, default_value = "work")]
    hold: HoldArg,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum KindArg {
    /// Total cost and duration against GPU count, the scenario marked.
    CostVsGpus,
    /// What the total is made of.
    Breakdown,
    /// Saved scenarios' totals side by side, this one highlighted.
    Compare,
    /// What each stage of the run cost.
    CostByStage,
    /// Cost per GPU-hour in use, renting against owning, by utilisation (break-even marked).
    RentVsOwn,
    /// With ranges ("uncertainty"): the share of the Monte Carlo's samples by total cost.
    CostDistribution,
    /// With ranges: the swing of the total as each input goes from its low to its high.
    Tornado,
    /// The first three charts (needs --out-dir).
    All,
}

impl KindArg {
    fn kinds(self) -> Vec<ChartKind> {
        match self {
            KindArg::CostVsGpus => vec![ChartKind::CostVsGpus],
            KindArg::Breakdown => vec![ChartKind::Breakdown],
            KindArg::Compare => vec![ChartKind::Compare],
            KindArg::CostByStage => vec![ChartKind::CostByStage],
            KindArg::RentVsOwn => vec![ChartKind::RentVsOwn],
            KindArg::CostDistribution => vec![ChartKind::CostDistribution],
            KindArg::Tornado => vec![ChartKind::Tornado],
            KindArg::All => ChartKind::ALL.to_vec(),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    /// A raster image.
    Png,
    /// A vector image; the text stays text.
    Svg,
    /// The points, one row each, units in the headers.
    Csv,
    /// The chart description (title, axes, series, marker, footnote).
    Json,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Png => Format::Png,
            FormatArg::Svg => Format::Svg,
            FormatArg::Csv => Format::Csv,
            FormatArg::Json => Format::Json,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ThemeArg {
    Light,
    Dark,
}

#[derive(Clone, Copy, ValueEnum)]
enum HoldArg {
    /// The GPU-hours stay: more GPUs finish sooner.
    Work,
    /// The deadline stays: more GPUs cost more.
    Duration,
}

/// One scenario to draw.
struct Subject {
    name: String,
    input: ScenarioInput,
}

/// The exporter's errors with exit codes as in main.rs (bad option or folder: 2; write: 1).
pub(crate) fn from_render(e: costscope_render::Error) -> Error {
    costscope_render::to_core_error(e, "out")
}

pub(crate) fn run(args: ChartArgs, db: Option<&Path>) -> Outcome {
    let options = RenderOptions {
        width: args.width,
        height: args.height,
        scale: args.scale,
        theme: match args.theme {
            ThemeArg::Light => Theme::Light,
            ThemeArg::Dark => Theme::Dark,
        },
    };
    options.validate().map_err(from_render)?;
    let hold = match args.hold {
        HoldArg::Work => Hold::Work,
        HoldArg::Duration => Hold::Duration,
    };
    let kinds = args.kind.kinds();
    let many = kinds.len() > 1 || args.all_scenarios;

    // Where the output goes, checked before anything is evaluated or written.
    if let Some(out) = args.out.as_deref().filter(|o| o.is_dir()) {
        return Err(from_render(costscope_render::Error::TargetIsFolder {
            path: out.to_path_buf(),
        })
        .into());
    }
    let format = match (args.format, &args.out) {
        (Some(f), _) => Format::from(f),
        (None, Some(out)) => Format::from_path(out).ok_or_else(|| {
            Error::invalid(
                "format",
                "format: give --format png, svg, csv or json (the --out file name does not tell)",
            )
        })?,
        (None, None) => Format::Png,
    };
    if many && args.out.is_some() {
        return Err(Error::invalid(
            "out",
            "out: several charts are written here; give --out-dir DIR instead of --out",
        )
        .into());
    }
    let dest = match (&args.out, &args.out_dir) {
        (Some(out), _) => Dest::File(out.clone()),
        (None, Some(dir)) => Dest::Folder(dir.clone()),
        (None, None) => {
            let wanted = if many { "--out-dir DIR" } else { "--out PATH" };
            return Err(Error::invalid("out", format!("out: give {wanted}")).into());
        }
    };
    if format == Format::Png && args.out.as_deref() == Some(Path::new("-")) {
        return Err(
            Error::invalid("out", "out: a PNG cannot go to stdout; give a file name").into(),
        );
    }
    // The database these charts must never land on, whether or not this command opens it.
    let db_path = costscope_core::store::resolve_db_path(db).ok();
    if let Dest::File(out) = &dest {
        if out.as_os_str() != "-" {
            costscope_core::store::check_write_target(
                "out",
                out,
                db_path.as_deref(),
                format.ext(),
            )?;
        }
    }

    // What to draw, and the saved scenarios for the comparison chart.
    let needs_store =
        args.scenario.is_some() || args.all_scenarios || kinds.contains(&ChartKind::Compare);
    let mut store: Option<Store> = None;
    if needs_store {
        let path = costscope_core::store::resolve_db_path(db)?;
        store = Some(api::open_store(&path)?);
    }
    let subjects: Vec<Subject> = match (&args.scenario, &args.file, args.all_scenarios, &store) {
        (Some(name), _, _, Some(store)) => {
            let s = store.find(name)?;
            vec![Subject {
                name: s.name,
                input: s.input,
            }]
        }
        (None, Some(file), false, _) => {
            let input: ScenarioInput =
                costscope_core::error::from_json_str(&read_input(Some(file))?)?;
            let name = match file.file_stem().and_then(|s| s.to_str()) {
                Some(stem) if file.as_os_str() != "-" && !stem.trim().is_empty() => {
                    stem.to_string()
                }
                _ => "Untitled scenario".to_string(),
            };
            vec![Subject { name, input }]
        }
        (None, None, true, Some(store)) => store
            .list(None)?
            .iter()
            .map(|s| {
                store.get(s.id).map(|s| Subject {
                    name: s.name,
                    input: s.input,
                })
            })
            .collect::<Result<_, _>>()?,
        _ => {
            return Err(Error::invalid(
                "scenario",
                "scenario: give --scenario NAME, --file PATH or --all-scenarios",
            )
            .into())
        }
    };
    // As the app does: every live saved scenario with a total, in list order.
    let compared = match &store {
        Some(store) if kinds.contains(&ChartKind::Compare) => api::compared_scenarios(store)?,
        _ => Vec::new(),
    };
    drop(store);

    if let Dest::Folder(dir) = &dest {
        create_folder(dir)?;
    }
    let date = api::today_utc();
    let mut used: HashSet<String> = HashSet::new();
    let mut written = 0usize;
    for subject in &subjects {
        let ctx = ChartContext {
            scenario_name: &subject.name,
            date: &date,
            compared: &compared,
        };
        let screen = api::screen_for(&subject.input, hold, &ctx)?;
        let slug = unique_slug(&subject.name, &mut used);
        for kind in &kinds {
            // The screen carries its three charts; the realism ones come from its evaluation.
            let extra = chart::beyond_the_screen(*kind, &screen.evaluation, &ctx);
            let drawn = match &extra {
                Some(c) => c,
                None => screen.chart(*kind)?,
            };
            let bytes = costscope_render::encode(drawn, format, &options).map_err(from_render)?;
            let target = match &dest {
                Dest::File(out) => out.clone(),
                Dest::Folder(dir) => dir.join(format!(
                    "{slug}-{}.{}",
                    kind.as_str().replace('_', "-"),
                    format.ext()
                )),
            };
            if target.as_os_str() == "-" {
                print_text(&String::from_utf8_lossy(&bytes))?;
                continue;
            }
            crate::write_checked("out", &target, db_path.as_deref(), format.ext(), &bytes)?;
            written += 1;
            eprintln!("Wrote {}", target.display());
        }
    }
    if many && written == 0 {
        eprintln!("No saved scenarios: nothing to draw.");
    }
    Ok(())
}

enum Dest {
    File(PathBuf),
    Folder(PathBuf),
}

fn create_folder(dir: &Path) -> Result<(), Error> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::invalid(
            "out_dir",
            format!("out_dir {} is a file, not a folder", dir.display()),
        ));
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::Io {
        message: format!(
            "the folder {} could not be created: {}",
            dir.display(),
            e.to_string()
                .split(" (os error")
                .next()
                .unwrap_or("")
                .to_lowercase()
        ),
    })
}

/// A safe, readable file-name stem: lower-case ASCII letters and digits joined by single
/// dashes, at most 60 characters ("DeepSeek-V3 (copy)" → "deepseek-v3-copy").
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let mut out: String = out.chars().take(60).collect();
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        "scenario".into()
    } else {
        out
    }
}

/// `slug(name)`, with "-2", "-3"… when two names give the same slug.
fn unique_slug(name: &str, used: &mut HashSet<String>) -> String {
    let base = slug(name);
    let mut candidate = base.clone();
    let mut n = 2;
    while !used.insert(candidate.clone()) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_file_names() {
        assert_eq!(slug("DeepSeek-V3"), "deepseek-v3");
        assert_eq!(slug("Llama 3.1 405B (Meta)"), "llama-3-1-405b-meta");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("日本語"), "scenario");
        assert_eq!(slug(&"x".repeat(100)).len(), 60);
        let mut used = HashSet::new();
        assert_eq!(unique_slug("A!", &mut used), "a");
        assert_eq!(unique_slug("a?", &mut used), "a-2");
        assert_eq!(unique_slug("A", &mut used), "a-3");
    }

    #[test]
    fn render_errors_keep_their_exit_code_class() {
        let e = from_render(costscope_render::Error::InvalidOption {
            field: "width",
            message: "width must be from 200 to 8000 pixels; got 1".into(),
        });
        assert!(e.is_bad_input());
        assert_eq!(e.field(), Some("width"));
        let e = from_render(costscope_render::Error::Write {
            path: "/x/y.png".into(),
            message: "permission denied".into(),
        });
        assert!(!e.is_bad_input());
        assert_eq!(
            e.to_string(),
            "/x/y.png could not be written: permission denied"
        );
    }
}
