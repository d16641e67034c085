//! `costscope`: the command line over Costscope's core. It parses arguments, reads and writes
//! files and prints; every rule lives in `costscope-core`.
//!
//! Exit codes: 0 success, 1 the environment failed (database unreadable or locked, disk),
//! 2 bad input (one line on stderr that names the field).

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod chart_cmd;
mod seek_cmd;
mod uncertainty_cmd;

use clap::{Parser, Subcommand, ValueEnum};
use costscope_core::catalog::Catalog;
use costscope_core::exchange;
use costscope_core::store::{OnClash, Store, StoredScenario, DB_ENV};
use costscope_core::{api, evaluate, format, Error, ScenarioInput};

#[derive(Parser)]
#[command(
    name = "costscope",
    version,
    about = "Explore what it costs to train an AI model: evaluate scenarios, save and compare them.",
    after_help = "Scenario JSON: {\"gpu\": \"H800\", \"gpu_count\": 2048, \"gpu_hours\": 2788000, \
\"pricing\": {\"mode\": \"rental\", \"usd_per_gpu_hour\": 2}}. See the README for every field."
)]
struct Cli {
    /// The scenario database (default: costscope.db in the OS data directory).
    #[arg(long, global = true, env = DB_ENV, value_name = "PATH")]
    db: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Evaluate one scenario given as JSON (a file, or stdin with `-` or no argument) and print
    /// the result as JSON.
    Eval {
        /// Scenario JSON file, or `-` for stdin.
        file: Option<PathBuf>,
        /// Print a short human-readable summary instead of JSON.
        #[arg(long)]
        summary: bool,
    },
    /// Work with saved scenarios.
    #[command(subcommand)]
    Scenarios(ScenarioCommand),
    /// List the GPU catalog (built in, then the accelerators you added) with peak throughput,
    /// power, prices and their sources; `catalog add FILE` adds your own.
    Catalog(CatalogArgs),
    /// List the built-in reference presets with their sources.
    Presets {
        /// Print the presets as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Goal seek: find the value of one input that makes one figure hit a target
    /// (e.g. --target total_cost_usd=5e6 --vary usd_per_gpu_hour).
    Seek(seek_cmd::SeekArgs),
    /// Draw a scenario's charts (cost-vs-gpus, breakdown, compare, or all) to PNG, SVG, CSV or
    /// JSON files.
    Chart(chart_cmd::ChartArgs),
    /// Monte Carlo over the scenario's ranges ("uncertainty" block): mean, p5, p50 and p95 of
    /// every figure, seeded and reproducible.
    Uncertainty(uncertainty_cmd::UncertaintyArgs),
    /// One-at-a-time sensitivity (a tornado): each ranged input at its low and high, sorted by
    /// the swing of one figure.
    Sensitivity(uncertainty_cmd::SensitivityArgs),
}

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
struct CatalogArgs {
    /// Print the full catalog as JSON (`gpus` built in, `user_gpus` yours).
    #[arg(long)]
    json: bool,
    #[command(subcommand)]
    action: Option<CatalogCommand>,
}

#[derive(Subcommand)]
enum CatalogCommand {
    /// Add accelerators to your catalog (stored in the database) from a JSON file: one
    /// accelerator, or {"gpus": [...]}, in the shape `costscope catalog --json` prints. Every
    /// entry is checked before any is saved.
    Add {
        file: PathBuf,
        /// Replace an accelerator of yours with the same id.
        #[arg(long)]
        replace: bool,
    },
    /// Remove one of your accelerators (saved scenarios that use it keep their copy).
    Remove { id: String },
}

#[derive(Clone, Copy, ValueEnum)]
enum ClashArg {
    Fail,
    Skip,
    Rename,
    Replace,
}

#[derive(Subcommand)]
enum ScenarioCommand {
    /// List saved scenarios, newest first, with their total cost.
    List {
        /// Keep only names containing this text (ignoring case).
        #[arg(long)]
        search: Option<String>,
        /// List deleted scenarios (restorable) instead.
        #[arg(long)]
        deleted: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print a scenario's inputs and evaluated result as JSON.
    Show { name: String },
    /// Compare saved scenarios side by side, figure by figure (1 to 12 names or ids).
    Compare {
        #[arg(required = true)]
        names: Vec<String>,
        /// Print tab-separated values with plain numbers (for spreadsheets).
        #[arg(long, conflicts_with = "json")]
        tsv: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Save a scenario from JSON (a file, or stdin).
    Save {
        /// Scenario JSON file, or `-` for stdin.
        file: Option<PathBuf>,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        description: String,
        /// Replace the inputs of a scenario with the same name.
        #[arg(long)]
        overwrite: bool,
    },
    /// Rename a scenario.
    Rename { name: String, new_name: String },
    /// Copy a scenario (as "NAME (copy)" unless a new name is given).
    Duplicate {
        name: String,
        new_name: Option<String>,
    },
    /// Move a scenario to the trash (see `restore`).
    Delete { name: String },
    /// Bring back a deleted scenario.
    Restore { name: String },
    /// Write scenarios to a versioned JSON file to share.
    Export {
        /// Scenario names; none means all.
        names: Vec<String>,
        /// Output file, or `-` for stdout.
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
    },
    /// Read a scenario file; saves all of it or nothing.
    Import {
        file: PathBuf,
        /// What to do when a name is already taken.
        #[arg(long, value_enum, default_value = "fail")]
        on_clash: ClashArg,
    },
}

/// Why a command failed, mapped to an exit code.
enum Failure {
    Core(Error),
    /// stdout closed early (e.g. `| head`): not an error worth a message.
    BrokenPipe,
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Core(e)
    }
}

type Outcome = Result<(), Failure>;

fn main() -> ExitCode {
    // A panic is a bug; still, say it in one line rather than with a backtrace.
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("costscope: internal error{at}; please report it");
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                let _ = e.print();
                return ExitCode::from(2);
            }
            let text = e.render().to_string();
            let first = text.lines().next().unwrap_or("invalid arguments");
            eprintln!("costscope: {}", first.trim_start_matches("error: "));
            return ExitCode::from(2);
        }
    };
    match std::panic::catch_unwind(|| run(cli)) {
        Ok(Ok(())) | Ok(Err(Failure::BrokenPipe)) => ExitCode::SUCCESS,
        Ok(Err(Failure::Core(e))) => {
            eprintln!("costscope: {e}");
            ExitCode::from(if e.is_bad_input() { 2 } else { 1 })
        }
        Err(_) => ExitCode::from(70),
    }
}

fn run(cli: Cli) -> Outcome {
    match cli.command {
        Command::Eval { file, summary } => {
            let mut input: ScenarioInput =
                costscope_core::error::from_json_str(&read_input(file.as_deref())?)?;
            attach_from_existing_db(cli.db.as_deref(), &mut input)?;
            let evaluation = evaluate(&input)?;
            if summary {
                print_text(&costscope_core::report::summary_text(&evaluation))
            } else {
                print_json(&evaluation)
            }
        }
        Command::Catalog(args) => catalog(args, cli.db.as_deref()),
        Command::Presets { json } => presets(json),
        Command::Chart(args) => chart_cmd::run(args, cli.db.as_deref()),
        Command::Seek(args) => seek_cmd::run(args),
        Command::Uncertainty(args) => uncertainty_cmd::run_uncertainty(args, cli.db.as_deref()),
        Command::Sensitivity(args) => uncertainty_cmd::run_sensitivity(args),
        Command::Scenarios(cmd) => {
            let path = costscope_core::store::resolve_db_path(cli.db.as_deref())?;
            let mut store = api::open_store(&path)?;
            scenarios(&mut store, cmd)
        }
    }
}

fn scenarios(store: &mut Store, cmd: ScenarioCommand) -> Outcome {
    match cmd {
        ScenarioCommand::List {
            search,
            deleted,
            json,
        } => {
            let list = if deleted {
                store.list_deleted()?
            } else {
                store.list(search.as_deref())?
            };
            if json {
                return print_json(&list);
            }
            let mut out = String::new();
            if list.is_empty() {
                out.push_str("No scenarios.\n");
            }
            for s in &list {
                let total = s
                    .total_cost_usd
                    .map(format::usd)
                    .unwrap_or_else(|| "—".into());
                out.push_str(&format!("{:>10}  {:<8}  {}\n", total, s.gpu, s.name));
            }
            print_text(&out)
        }
        ScenarioCommand::Show { name } => {
            let s = store.find(&name)?;
            let evaluation = evaluate(&s.input)?;
            print_json(&serde_json::json!({ "scenario": s, "evaluation": evaluation }))
        }
        ScenarioCommand::Compare { names, tsv, json } => {
            let ids = names
                .iter()
                .map(|n| store.find(n).map(|s| s.id))
                .collect::<Result<Vec<i64>, Error>>()?;
            let c = api::compare(store, &ids, None)?;
            if json {
                print_json(&c)
            } else if tsv {
                print_text(&costscope_core::report::comparison_tsv(&c))
            } else {
                print_text(&costscope_core::report::comparison_text(&c))
            }
        }
        ScenarioCommand::Save {
            file,
            name,
            description,
            overwrite,
        } => {
            let mut input: ScenarioInput =
                costscope_core::error::from_json_str(&read_input(file.as_deref())?)?;
            api::attach_user_accelerator(store, &mut input)?;
            let saved = api::save_scenario(store, &name, &description, &input, overwrite)?;
            done(&saved, "Saved")
        }
        ScenarioCommand::Rename { name, new_name } => {
            let s = store.find(&name)?;
            let renamed = store.rename(s.id, &new_name)?;
            done(&renamed, "Renamed to")
        }
        ScenarioCommand::Duplicate { name, new_name } => {
            let s = store.find(&name)?;
            let copy = store.duplicate(s.id, new_name.as_deref())?;
            done(&copy, "Copied to")
        }
        ScenarioCommand::Delete { name } => {
            let s = store.find(&name)?;
            store.delete(s.id)?;
            print_text(&format!(
                "Deleted {:?}; `costscope scenarios restore {:?}` brings it back.\n",
                s.name, s.name
            ))
        }
        ScenarioCommand::Restore { name } => {
            let wanted = name.trim().to_lowercase();
            let hit = store
                .list_deleted()?
                .into_iter()
                .find(|s| s.name.to_lowercase() == wanted)
                .ok_or_else(|| {
                    Error::not_found(
                        "name",
                        format!("no deleted scenario is named {name:?}; `costscope scenarios list --deleted` shows them"),
                    )
                })?;
            let restored = store.restore(hit.id)?;
            done(&restored, "Restored")
        }
        ScenarioCommand::Export { names, out } => {
            let ids = if names.is_empty() {
                None
            } else {
                Some(
                    names
                        .iter()
                        .map(|n| store.find(n).map(|s| s.id))
                        .collect::<Result<Vec<i64>, Error>>()?,
                )
            };
            let (text, count) = api::export_scenarios(store, ids.as_deref())?;
            if out.as_os_str() == "-" {
                return print_text(&text);
            }
            let ext = costscope_core::exchange::extension_for(&out);
            write_checked("out", &out, Some(store.path()), ext, text.as_bytes())?;
            eprintln!("Exported {count} scenario(s) to {}", out.display());
            Ok(())
        }
        ScenarioCommand::Import { file, on_clash } => {
            let text = api::read_scenario_file(&file)?;
            let policy = match on_clash {
                ClashArg::Fail => OnClash::Fail,
                ClashArg::Skip => OnClash::Skip,
                ClashArg::Rename => OnClash::Rename,
                ClashArg::Replace => OnClash::Replace,
            };
            let report = api::import_text(store, &text, policy)?;
            print_json(&report)
        }
    }
}

fn done(s: &StoredScenario, verb: &str) -> Outcome {
    let total = s.total_cost_usd.map(format::usd).unwrap_or_default();
    print_text(&format!("{verb} {:?} ({total})\n", s.name))
}

/// A scenario naming one of the user's accelerators takes its figures from the database, when
/// there is one; `eval` never creates a database just to look.
fn attach_from_existing_db(db: Option<&Path>, input: &mut ScenarioInput) -> Result<(), Error> {
    if !api::may_name_user_accelerator(input)? {
        return Ok(());
    }
    let path = costscope_core::store::resolve_db_path(db)?;
    if !path.exists() {
        return Ok(());
    }
    api::attach_user_accelerator(&api::open_store(&path)?, input)
}

fn catalog(args: CatalogArgs, db: Option<&Path>) -> Outcome {
    let path = costscope_core::store::resolve_db_path(db)?;
    match args.action {
        Some(CatalogCommand::Add { file, replace }) => {
            let gpus = api::parse_accelerators(&api::read_scenario_file(&file)?)?;
            let mut store = api::open_store(&path)?;
            let mut out = String::new();
            for (id, added) in api::add_accelerators(&mut store, &gpus, replace)? {
                let verb = match added {
                    costscope_core::store::Added::New => "Added",
                    costscope_core::store::Added::Replaced => "Replaced",
                };
                out.push_str(&format!(
                    "{verb} {id:?} in your catalog ({})\n",
                    path.display()
                ));
            }
            print_text(&out)
        }
        Some(CatalogCommand::Remove { id }) => {
            let mut store = api::open_store(&path)?;
            let gone = store.remove_accelerator(&id)?;
            print_text(&format!(
                "Removed {:?} from your catalog; saved scenarios that use it keep their copy\n",
                gone.id
            ))
        }
        None => {
            // Listing never creates a database.
            let user_gpus = if path.exists() {
                api::open_store(&path)?.accelerators()?
            } else {
                Vec::new()
            };
            list_catalog(args.json, &user_gpus)
        }
    }
}

fn list_catalog(json: bool, user_gpus: &[costscope_core::catalog::Gpu]) -> Outcome {
    let catalog = Catalog::builtin()?;
    if json {
        #[derive(serde::Serialize)]
        struct Listing<'a> {
            #[serde(flatten)]
            builtin: &'a Catalog,
            user_gpus: &'a [costscope_core::catalog::Gpu],
        }
        return print_json(&Listing {
            builtin: catalog,
            user_gpus,
        });
    }
    let mut out = format!(
        "GPU catalog (updated {}); dense peak TFLOP/s\n",
        catalog.updated
    );
    for (i, g) in catalog.gpus.iter().chain(user_gpus).enumerate() {
        if i == catalog.gpus.len() {
            out.push_str("\nYour accelerators (stored in the database)\n");
        }
        let peaks: Vec<String> = g
            .peak_dense_tflops
            .iter()
            .map(|(p, t)| format!("{p} {}", format::plain_number(*t)))
            .collect();
        out.push_str(&format!(
            "{:<8} {}\n         {}; {} GB; {} W; rent ${}/GPU-h ({}); buy {} ({})\n         specs: {} <{}>\n",
            g.id,
            g.name,
            peaks.join(", "),
            format::plain_number(g.memory_gb),
            format::plain_number(g.board_watts),
            format::plain_number(g.usd_per_gpu_hour),
            g.sources.rental.date,
            format::usd(g.usd_per_gpu),
            g.sources.purchase.date,
            g.sources.specs.title,
            g.sources.specs.url,
        ));
    }
    print_text(&out)
}

fn presets(json: bool) -> Outcome {
    let presets = costscope_core::presets::builtin()?;
    if json {
        return print_json(&presets);
    }
    let mut out = String::new();
    for p in presets {
        let e = evaluate(&p.input)?;
        out.push_str(&format!(
            "{}: {} on {} for {}\n  {}\n",
            p.name,
            format::usd(e.total_cost_usd),
            format::gpus(e.gpu_count),
            format::days(e.duration_days),
            p.description
        ));
        for s in &p.sources {
            out.push_str(&format!("  source: {} ({}) <{}>\n", s.title, s.date, s.url));
        }
    }
    print_text(&out)
}

/// Reads the scenario text from a file or stdin (`-` or nothing), refusing huge inputs.
fn read_input(file: Option<&Path>) -> Result<String, Failure> {
    match file {
        Some(p) if p.as_os_str() != "-" => Ok(api::read_scenario_file(p)?),
        _ => {
            let stdin = std::io::stdin();
            if stdin.is_terminal() {
                return Err(Error::invalid(
                    "file",
                    "file: give a scenario JSON file, or pipe JSON into stdin",
                )
                .into());
            }
            let mut text = String::new();
            stdin
                .lock()
                .take(exchange::MAX_FILE_BYTES + 1)
                .read_to_string(&mut text)
                .map_err(|e| {
                    Error::invalid(
                        "file",
                        format!("file: stdin is not readable UTF-8 text ({e})"),
                    )
                })?;
            if text.len() as u64 > exchange::MAX_FILE_BYTES {
                return Err(exchange::too_large(text.len() as u64).into());
            }
            Ok(text)
        }
    }
}

/// Every file the CLI writes goes through here: the core's guard refuses the database (`db`, by
/// device and inode) and its -wal/-shm, and a name whose extension says another format than
/// `ext`; then the file is written through a temporary file renamed over the target, so a
/// failure never leaves a half-written file (costscope-render does the work).
pub(crate) fn write_checked(
    field: &str,
    path: &Path,
    db: Option<&Path>,
    ext: &str,
    bytes: &[u8],
) -> Result<(), Error> {
    costscope_core::store::check_write_target(field, path, db, ext)?;
    costscope_render::write_atomically(path, bytes).map_err(chart_cmd::from_render)
}

fn print_json<T: serde::Serialize + ?Sized>(value: &T) -> Outcome {
    print_text(&format::json_text(value)?)
}

fn print_text(text: &str) -> Outcome {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Failure::BrokenPipe),
        Err(e) => Err(Failure::Core(Error::Io {
            message: format!("stdout could not be written: {e}"),
        })),
    }
}
