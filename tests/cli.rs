//! Runs the real `costscope` binary on good and bad input.

use costscope_tests::Cli;
use serde_json::json;

const DEEPSEEK: &str = r#"{"gpu": "H800", "gpu_count": 2048, "gpu_hours": 2788000,
  "pricing": {"mode": "rental", "usd_per_gpu_hour": 2.0},
  "workload": {"active_params": 37e9, "tokens": 14.8e12}}"#;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

/// A stated MFU (the scenario's `mfu`, or the claim's) that the hardware and time contradict
/// is a "mismatch" verdict; one within the sourced 20 % keeps the band's verdict.
#[test]
fn a_stated_mfu_the_hardware_contradicts_is_a_mismatch() {
    let cli = Cli::new();
    let base: serde_json::Value = serde_json::from_str(DEEPSEEK).unwrap();
    for (key, stated, verdict) in [
        ("mfu", 0.5, "mismatch"),
        ("mfu", 0.35, "plausible"),
        ("claim", 0.5, "mismatch"),
    ] {
        let mut s = base.clone();
        if key == "mfu" {
            s["mfu"] = json!(stated);
        } else {
            s["claim"] = json!({ "mfu": stated });
        }
        let run = cli.run(&["eval", "-"], &s.to_string());
        assert_eq!(run.code, 0, "{}", run.stderr);
        let check = &run.json()["claim_check"];
        assert_eq!(check["verdict"], verdict, "{key} {stated}: {check}");
        if verdict == "mismatch" {
            let message = check["message"].as_str().unwrap();
            assert!(message.contains("the stated MFU is 50 %"), "{message}");
            assert!(message.contains("% lower"), "{message}");
        }
    }
}

#[test]
fn eval_reproduces_deepseek_v3() {
    let cli = Cli::new();
    let run = cli.run(&["eval", "-"], DEEPSEEK);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = run.json();
    assert!(close(out["total_cost_usd"].as_f64().unwrap(), 5_576_000.0));
    assert!(close(out["gpu_hours"].as_f64().unwrap(), 2_788_000.0));
    assert!(close(
        out["compute_cost_usd"].as_f64().unwrap(),
        5_576_000.0
    ));
    let flops = out["training_flops"].as_f64().unwrap();
    assert!(close(flops, 6.0 * 37e9 * 14.8e12));
    let implied = out["implied_mfu"].as_f64().unwrap();
    assert!((implied - flops / (2_788_000.0 * 3600.0 * 989.4e12)).abs() < 1e-12);
    assert_eq!(out["claim_check"]["verdict"], "plausible");
    for key in [
        "gpu_count",
        "duration_days",
        "energy_kwh",
        "energy_cost_usd",
        "co2_tonnes",
        "usd_per_million_tokens",
    ] {
        assert!(out[key].as_f64().unwrap() > 0.0, "{key}");
    }
    // Renting: electricity is reported but inside the price, not added.
    assert_eq!(out["energy_cost_in_total"], false);
}

#[test]
fn eval_reads_a_file_and_prints_a_summary() {
    let cli = Cli::new();
    let path = cli.dir.path().join("s.json");
    std::fs::write(&path, DEEPSEEK).unwrap();
    let run = cli.run(&["eval", "--summary", path.to_str().unwrap()], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("Total cost:   $5.58 M"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("2.79 M GPU-hours"), "{}", run.stdout);
    assert!(run.stdout.contains("56.7 days"), "{}", run.stdout);
}

fn workload() -> serde_json::Value {
    json!({"active_params": 37e9, "tokens": 14.8e12, "precision": "bf16"})
}

#[test]
fn eval_solves_the_missing_third() {
    let cli = Cli::new();
    // GPUs + MFU → duration.
    let input = json!({"gpu": "H800", "gpu_count": 2048, "mfu": 0.35, "workload": workload()});
    let out = cli.run(&["eval"], &input.to_string()).json();
    assert_eq!(out["solved_for"], "duration");
    let c = 6.0 * 37e9 * 14.8e12;
    let days = c / (2048.0 * 989.4e12 * 0.35) / 86400.0;
    assert!(close(out["duration_days"].as_f64().unwrap(), days));

    // Duration + MFU → GPU count, rounded up to whole GPUs.
    let input = json!({"gpu": "h800", "duration_days": 60, "mfu": 0.35, "workload": workload()});
    let out = cli.run(&["eval"], &input.to_string()).json();
    assert_eq!(out["solved_for"], "gpu_count");
    let exact = c / (989.4e12 * 0.35 * 60.0 * 86400.0);
    assert!(close(out["gpu_count_exact"].as_f64().unwrap(), exact));
    assert_eq!(out["gpu_count"].as_f64().unwrap(), exact.ceil());

    // GPUs + duration → implied MFU, checked against the stated one.
    let input = json!({"gpu": "H800", "gpu_count": 2000, "duration_days": 60, "mfu": 0.4, "workload": workload()});
    let out = cli.run(&["eval"], &input.to_string()).json();
    assert_eq!(out["solved_for"], "mfu");
    let implied = c / (2000.0 * 989.4e12 * 60.0 * 86400.0);
    assert!(close(out["implied_mfu"].as_f64().unwrap(), implied));
    assert_eq!(out["claim_check"]["stated_mfu"], 0.4);
}

/// Every kind of bad input: exit 2, one line on stderr naming the field, nothing on stdout.
#[test]
fn bad_input_gets_one_line_and_exit_2() {
    let cli = Cli::new();
    let cases: Vec<(String, &str)> = vec![
        (r#"{"gpu": "H100", "gpu_count": -5, "duration_days": 10}"#.into(), "gpu_count"),
        (r#"{"gpu": "H100", "gpu_count": "abc", "duration_days": 10}"#.into(), "gpu_count"),
        (r#"{"gpu": "H100", "gpu_count": 1e12, "duration_days": 10}"#.into(), "gpu_count"),
        (r#"{"gpu": "H100", "gpu_count": 2.5, "duration_days": 10}"#.into(), "gpu_count"),
        (r#"{"gpu": "H100", "gpu_count": 8, "duration_days": 1e400}"#.into(), "duration_days"),
        (r#"{"gpu": "H100", "gpu_count": 8, "duration_days": 0}"#.into(), "duration_days"),
        (r#"{"gpu": "H100", "gpu_count": 8, "duration_days": NaN}"#.into(), "duration_days"),
        (r#"{"gpu": "H100", "gpu_count": 8, "duration_days": "Infinity"}"#.into(), "duration_days"),
        (r#"{"gpu": "RTX9999", "gpu_count": 8, "duration_days": 3}"#.into(), "gpu"),
        (r#"{"gpu": "H100", "gpu_count": 8}"#.into(), "duration_days"),
        (r#"{"gpu": "H100", "gpu_count": 8, "duration_days": 3, "gpu_hours": 5}"#.into(), "duration_days"),
        (r#"{"gpu": "H100", "gpu_cont": 8, "duration_days": 3}"#.into(), "gpu_cont"),
        (r#"{"gpu": "H100", "gpu_count": 8, "duration_days": 3, "mfu": 1.5}"#.into(), "mfu"),
        (
            r#"{"gpu": "H100", "gpu_count": 8, "duration_days": 3, "pricing": {"mode": "rental", "usd_per_gpu_hour": -1}}"#.into(),
            "pricing.usd_per_gpu_hour",
        ),
        (
            r#"{"gpu": "H100", "gpu_count": 8, "duration_days": 3, "pricing": {"mode": "lease"}}"#.into(),
            "pricing",
        ),
        (
            r#"{"gpu": "H100", "gpu_count": 8, "duration_days": 3, "energy": {"pue": 0.5}}"#.into(),
            "energy.pue",
        ),
        (
            r#"{"gpu": "A100", "gpu_count": 8, "duration_days": 3, "workload": {"active_params": 1e9, "tokens": 1e9, "precision": "fp8"}}"#.into(),
            "workload.precision",
        ),
        (
            r#"{"gpu": "H100", "mfu": 0.4, "workload": {"active_params": 1e9, "tokens": 1e9}}"#.into(),
            "gpu_count",
        ),
        (
            r#"{"gpu": "H100", "gpu_count": 8, "duration_days": 3, "other_costs": [{"label": "x", "usd": -3}]}"#.into(),
            "other_costs[0].usd",
        ),
        ("[1, 2]".into(), "input"),
        ("".into(), "input"),
        ("{\"gpu\": ".into(), "gpu"),
        ("\u{0}\u{1}garbage".into(), "input"),
        (format!("{{\"gpu\": \"{}\"}}", "x".repeat(100_000)), "gpu"),
    ];
    for (input, field) in cases {
        let run = cli.run(&["eval", "-"], &input);
        let shown: String = input.chars().take(120).collect();
        assert_eq!(
            run.code, 2,
            "{shown}: stdout {} stderr {}",
            run.stdout, run.stderr
        );
        assert!(run.stdout.is_empty(), "{shown}");
        assert_eq!(run.stderr.lines().count(), 1, "{shown}: {}", run.stderr);
        assert!(run.stderr.starts_with("costscope: "), "{}", run.stderr);
        assert!(
            run.stderr.contains(field),
            "{shown}: {} does not name {field}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
}

#[test]
fn usage_errors_are_one_line_and_exit_2() {
    let cli = Cli::new();
    for args in [
        &["frobnicate"][..],
        &["eval", "--bogus"],
        &["scenarios", "rename", "only-one"],
    ] {
        let run = cli.run(args, "");
        assert_eq!(run.code, 2, "{args:?}");
        assert_eq!(run.stderr.lines().count(), 1, "{args:?}: {}", run.stderr);
    }
    let run = cli.run(&["eval", "/no/such/file.json"], "");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("file"), "{}", run.stderr);
    let run = cli.run(&["--help"], "");
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("scenarios"));
}

#[test]
fn scenarios_lifecycle_through_the_cli() {
    let cli = Cli::new();
    // A new database is seeded with the presets.
    let list = cli.run(&["scenarios", "list", "--json"], "").json();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(
        names.iter().any(|n| n.starts_with("DeepSeek-V3")),
        "{names:?}"
    );
    let seeded = names.len();

    let run = cli.run(&["scenarios", "save", "--name", "My plan", "-"], DEEPSEEK);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("$5.58 M"), "{}", run.stdout);
    let run = cli.run(&["scenarios", "save", "--name", "my plan", "-"], DEEPSEEK);
    assert_eq!(run.code, 2, "a taken name is refused");
    assert!(run.stderr.contains("already exists"));

    // Invalid input is never stored.
    let run = cli.run(
        &["scenarios", "save", "--name", "Broken", "-"],
        r#"{"gpu": "H100", "gpu_count": 0, "duration_days": 1}"#,
    );
    assert_eq!(run.code, 2);

    let list = cli.run(&["scenarios", "list", "--json"], "").json();
    assert_eq!(list.as_array().unwrap().len(), seeded + 1);
    assert_eq!(list[0]["name"], "My plan", "newest first");
    assert!(close(
        list[0]["total_cost_usd"].as_f64().unwrap(),
        5_576_000.0
    ));

    let show = cli.run(&["scenarios", "show", "MY PLAN"], "").json();
    assert!(close(
        show["evaluation"]["total_cost_usd"].as_f64().unwrap(),
        5_576_000.0
    ));

    assert_eq!(
        cli.run(&["scenarios", "rename", "My plan", "Plan B"], "")
            .code,
        0
    );
    assert_eq!(cli.run(&["scenarios", "duplicate", "Plan B"], "").code, 0);
    let found = cli
        .run(&["scenarios", "list", "--search", "plan b", "--json"], "")
        .json();
    assert_eq!(found.as_array().unwrap().len(), 2);

    assert_eq!(cli.run(&["scenarios", "delete", "Plan B"], "").code, 0);
    assert_eq!(cli.run(&["scenarios", "show", "Plan B"], "").code, 2);
    assert_eq!(cli.run(&["scenarios", "restore", "Plan B"], "").code, 0);
    assert_eq!(cli.run(&["scenarios", "show", "Plan B"], "").code, 0);

    // Export, then import into a second database: the scenarios come back identical.
    let out = cli.dir.path().join("export.json");
    let run = cli.run(
        &[
            "scenarios",
            "export",
            "Plan B",
            "Plan B (copy)",
            "--out",
            out.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let other = Cli::new();
    let run = other.run(&["scenarios", "import", out.to_str().unwrap()], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let a = cli.run(&["scenarios", "show", "Plan B"], "").json();
    let b = other.run(&["scenarios", "show", "Plan B"], "").json();
    assert_eq!(a["scenario"]["input"], b["scenario"]["input"]);
    // Importing again clashes: nothing is saved unless a policy is chosen.
    let before = other.run(&["scenarios", "list", "--json"], "").json();
    let run = other.run(&["scenarios", "import", out.to_str().unwrap()], "");
    assert_eq!(run.code, 2);
    assert_eq!(
        other.run(&["scenarios", "list", "--json"], "").json(),
        before
    );
    let run = other.run(
        &[
            "scenarios",
            "import",
            "--on-clash",
            "rename",
            out.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["renamed"].as_array().unwrap().len(), 2);

    // A scenario file may also carry the desktop's own extension, .costscope (what the app's
    // export writes by default); any other extension is refused, naming the field.
    let file = cli.dir.path().join("plans.costscope");
    let run = cli.run(
        &[
            "scenarios",
            "export",
            "Plan B",
            "--out",
            file.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let back = Cli::new();
    let run = back.run(&["scenarios", "import", file.to_str().unwrap()], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let png = cli.dir.path().join("plans.png");
    let run = cli.run(
        &[
            "scenarios",
            "export",
            "Plan B",
            "--out",
            png.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("out:") && run.stderr.contains(".png"),
        "{}",
        run.stderr
    );
    assert!(!png.exists());
}

#[test]
fn hostile_import_files_save_nothing() {
    let cli = Cli::new();
    let before = cli.run(&["scenarios", "list", "--json"], "").json();
    let bad = [
        "{}".to_string(),
        r#"{"format": "costscope-scenarios", "version": 9, "exported_at": "", "scenarios": []}"#
            .to_string(),
        r#"{"format": "costscope-scenarios", "version": 1, "exported_at": "", "scenarios": [
            {"name": "ok", "input": {"gpu": "H100", "gpu_count": 8, "duration_days": 1}},
            {"name": "bad", "input": {"gpu": "H100", "gpu_count": 8, "duration_days": -1}}]}"#
            .to_string(),
    ];
    for (i, text) in bad.iter().enumerate() {
        let path = cli.dir.path().join(format!("bad{i}.json"));
        std::fs::write(&path, text).unwrap();
        let run = cli.run(&["scenarios", "import", path.to_str().unwrap()], "");
        assert_eq!(run.code, 2, "{text}");
        assert_eq!(run.stderr.lines().count(), 1);
    }
    // 50 MB of junk is refused by size, before parsing.
    let junk = cli.dir.path().join("junk.json");
    std::fs::write(&junk, vec![b'['; 50 * 1024 * 1024]).unwrap();
    let run = cli.run(&["scenarios", "import", junk.to_str().unwrap()], "");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("MB"), "{}", run.stderr);
    assert_eq!(cli.run(&["scenarios", "list", "--json"], "").json(), before);
}

#[test]
fn a_database_that_is_not_costscopes_is_left_untouched() {
    let cli = Cli::new();
    let bytes = b"my thesis draft, definitely not a database".repeat(100);
    std::fs::write(cli.db(), &bytes).unwrap();
    let run = cli.run(&["scenarios", "list"], "");
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr.lines().count(), 1);
    assert!(run.stderr.contains("left untouched"), "{}", run.stderr);
    assert_eq!(std::fs::read(cli.db()).unwrap(), bytes);
}

#[test]
fn catalog_and_presets_list_with_sources() {
    let cli = Cli::new();
    let run = cli.run(&["catalog"], "");
    assert_eq!(run.code, 0);
    for id in ["A100", "H100", "H800", "H200", "B200", "MI300X"] {
        assert!(run.stdout.contains(id), "{id}");
    }
    let catalog = cli.run(&["catalog", "--json"], "").json();
    for gpu in catalog["gpus"].as_array().unwrap() {
        assert!(gpu["sources"]["specs"]["url"]
            .as_str()
            .unwrap()
            .starts_with("http"));
    }
    let run = cli.run(&["presets"], "");
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("DeepSeek-V3"));
    assert!(run.stdout.contains("source:"));
}

#[test]
fn scenarios_compare_side_by_side_with_the_cores_figures() {
    let cli = Cli::new();
    let names = ["DeepSeek-V3 (as reported)", "LLaMA-65B (2023)"];
    let run = cli.run(&["scenarios", "compare", names[0], names[1]], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let header = run.stdout.lines().next().unwrap();
    assert!(
        header.contains(names[0]) && header.contains(names[1]),
        "{header}"
    );
    let total = run
        .stdout
        .lines()
        .find(|l| l.starts_with("Total cost"))
        .unwrap();
    assert!(total.contains("$5.58 M"), "{total}");

    // JSON and TSV carry the plain numbers, equal to the core's.
    let presets = costscope_core::presets::builtin().unwrap();
    let expected: Vec<f64> = names
        .iter()
        .map(|n| {
            let p = presets.iter().find(|p| p.name == *n).unwrap();
            costscope_core::evaluate(&p.input).unwrap().total_cost_usd
        })
        .collect();
    let json = cli
        .run(&["scenarios", "compare", "--json", names[0], names[1]], "")
        .json();
    let row = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["label"] == "Total cost")
        .unwrap();
    let values: Vec<f64> = row["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_f64().unwrap())
        .collect();
    assert_eq!(values, expected);
    // Different models: the cheaper run is not marked as the better choice; the cost per
    // million tokens is, and the sheet says so.
    assert!(row["least"].is_null(), "{row}");
    let per_token = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["label"] == "Per 1M tokens")
        .unwrap();
    assert!(per_token["least"].is_number(), "{per_token}");
    assert!(json["marked"]
        .as_str()
        .unwrap()
        .contains("different workloads"));
    let tsv = cli.run(&["scenarios", "compare", "--tsv", names[0], names[1]], "");
    let line: Vec<&str> = tsv
        .stdout
        .lines()
        .find(|l| l.starts_with("Total cost\t"))
        .unwrap()
        .split('\t')
        .collect();
    assert_eq!(line[1], "USD");
    assert_eq!(line[2].parse::<f64>().unwrap(), expected[0]);

    // Bad input: one line naming what is wrong, exit 2.
    for (args, says) in [
        (vec!["scenarios", "compare", "No such plan"], "No such plan"),
        (
            vec!["scenarios", "compare", names[0], names[0]],
            "listed twice",
        ),
    ] {
        let run = cli.run(&args, "");
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
        assert_eq!(run.stderr.trim().lines().count(), 1, "{}", run.stderr);
    }
    let many: Vec<String> = (0..13).map(|_| names[0].to_string()).collect();
    let mut args = vec!["scenarios", "compare"];
    args.extend(many.iter().map(String::as_str));
    let run = cli.run(&args, "");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("1 to 12"), "{}", run.stderr);
}

fn deepseek_with_ranges() -> String {
    let mut s: serde_json::Value = serde_json::from_str(DEEPSEEK).unwrap();
    s["uncertainty"] = json!({
        "usd_per_gpu_hour": {"low": 1.5, "high": 3.0, "distribution": "lognormal"},
        "pue": {"low": 1.05, "high": 1.3, "distribution": "uniform"},
        "usd_per_kwh": {"low": 0.05, "high": 0.15}
    });
    s.to_string()
}

#[test]
fn uncertainty_prints_the_intervals_and_the_same_bytes_for_the_same_seed() {
    let cli = Cli::new();
    let input = deepseek_with_ranges();
    let args = [
        "uncertainty",
        "-",
        "--samples",
        "2000",
        "--seed",
        "7",
        "--json",
    ];
    let a = cli.run(&args, &input);
    assert_eq!(a.code, 0, "{}", a.stderr);
    let b = cli.run(&args, &input);
    assert_eq!(a.stdout, b.stdout);
    let out = a.json();
    assert_eq!(out["samples"], 2000);
    assert_eq!(out["seed"], 7);
    assert_eq!(out["clipped"], 0);
    for figure in [
        "total_cost_usd",
        "total_with_research_usd",
        "duration_days",
        "gpu_hours",
        "energy_kwh",
        "co2_tonnes",
        "implied_mfu",
    ] {
        let f = &out["figures"][figure];
        let (p5, p50, p95) = (
            f["p5"].as_f64().unwrap(),
            f["p50"].as_f64().unwrap(),
            f["p95"].as_f64().unwrap(),
        );
        assert!(p5 <= p50 && p50 <= p95, "{figure}: {f}");
        assert!(f["mean"].as_f64().unwrap() > 0.0, "{figure}");
    }
    // The price range's ends carry the cost's p5/p95 (2.788 M GPU-hours × 1.5 and × 3).
    let cost = &out["figures"]["total_cost_usd"];
    assert!((cost["p5"].as_f64().unwrap() / (2_788_000.0 * 1.5) - 1.0).abs() < 0.05);
    assert!((cost["p95"].as_f64().unwrap() / (2_788_000.0 * 3.0) - 1.0).abs() < 0.05);
    let other = cli.run(
        &[
            "uncertainty",
            "-",
            "--samples",
            "2000",
            "--seed",
            "8",
            "--json",
        ],
        &input,
    );
    assert_ne!(a.stdout, other.stdout);
}

/// `costscope uncertainty - --samples N [--json] --samples-out PATH` on `input`.
fn uncertainty_to_csv(
    cli: &Cli,
    samples: &str,
    json: bool,
    path: &std::path::Path,
    input: &str,
) -> costscope_tests::Run {
    let path = path.to_str().unwrap();
    let mut args = vec![
        "uncertainty",
        "-",
        "--samples",
        samples,
        "--samples-out",
        path,
    ];
    if json {
        args.push("--json");
    }
    cli.run(&args, input)
}

#[test]
fn uncertainty_writes_every_sample_to_csv() {
    let cli = Cli::new();
    let path = cli.dir.path().join("samples.csv");
    let run = uncertainty_to_csv(&cli, "100", false, &path, &deepseek_with_ranges());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("total_cost_usd"), "{}", run.stdout);
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 101);
    assert!(lines[0].starts_with("sample,pue (ratio),usd_per_gpu_hour (USD per GPU-hour),"));
    assert!(lines[0].contains("total_cost_usd (USD)"), "{}", lines[0]);
    assert!(lines[1].starts_with("1,"));
}

#[test]
fn a_run_that_cannot_sample_leaves_the_samples_file_as_it_was() {
    let cli = Cli::new();
    let path = cli.dir.path().join("samples.csv");
    std::fs::write(&path, "sample,kept\n1,2\n").unwrap();
    // Every sample's run fails between interruptions: no statistics, and no half-written file.
    let mut s: serde_json::Value = serde_json::from_str(DEEPSEEK).unwrap();
    s["reliability"] = json!({"interruptions_per_1000_gpu_days": 100, "restart_minutes": 20,
                              "checkpoint_save_minutes": 2});
    s["uncertainty"] = json!({"interruptions_per_1000_gpu_days": {"low": 500, "high": 1000, "distribution": "uniform"}});
    let run = uncertainty_to_csv(&cli, "200", false, &path, &s.to_string());
    assert_ne!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.stderr.trim().lines().count(), 1, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "sample,kept\n1,2\n"
    );
    let leftovers: Vec<_> = std::fs::read_dir(cli.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // A folder that is not there: the error names the option and the file.
    let gone = cli.dir.path().join("no-such-folder").join("samples.csv");
    let run = uncertainty_to_csv(&cli, "200", false, &gone, &deepseek_with_ranges());
    // A file that cannot be written is an I/O failure (exit 1), said in one sentence.
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stderr.trim().lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("no-such-folder/samples.csv could not be written"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_run_too_long_to_hold_streams_its_samples_and_percentiles() {
    // 600,000 samples of seven figures are more values than a run holds (4 Mi): the percentiles
    // come from replays of the sample stream and the CSV is written as the samples are drawn.
    let cli = Cli::new();
    let path = cli.dir.path().join("samples.csv");
    let run = uncertainty_to_csv(&cli, "600000", true, &path, &deepseek_with_ranges());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let t = &r["figures"]["total_cost_usd"];
    let (p5, p50, p95) = (
        t["p5"].as_f64().unwrap(),
        t["p50"].as_f64().unwrap(),
        t["p95"].as_f64().unwrap(),
    );
    assert!(p5 < p50 && p50 < p95, "{t}");
    // The file holds every sample; its totals' median is the reported one.
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = head
        .iter()
        .position(|h| *h == "total_cost_usd (USD)")
        .unwrap();
    let mut totals: Vec<f64> = lines
        .map(|l| l.split(',').nth(col).unwrap().parse().unwrap())
        .collect();
    assert_eq!(totals.len(), 600_000);
    totals.sort_by(f64::total_cmp);
    let h = (totals.len() - 1) as f64 * 0.5;
    let (i, frac) = (h.floor() as usize, h - h.floor());
    let want = totals[i] + frac * (totals[i + 1] - totals[i]);
    assert_eq!(p50.to_bits(), want.to_bits(), "{p50} against {want}");
}

#[test]
fn uncertainty_bad_input_exits_2_naming_the_field() {
    let cli = Cli::new();
    let input = deepseek_with_ranges();
    let run = cli.run(&["uncertainty", "-", "--samples", "50"], &input);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("samples"), "{}", run.stderr);
    assert_eq!(run.stderr.trim().lines().count(), 1, "{}", run.stderr);
    let run = cli.run(&["uncertainty", "-", "--seed", "one"], &input);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--seed"), "{}", run.stderr);
    let mut s: serde_json::Value = serde_json::from_str(DEEPSEEK).unwrap();
    for (ranges, field) in [
        (
            json!({"usd_per_gpu_hour": {"low": 3, "high": 2}}),
            "uncertainty.usd_per_gpu_hour",
        ),
        (json!({"pue": {"low": 0, "high": 2}}), "uncertainty.pue"),
        (json!({"price": {"low": 1, "high": 2}}), "usd_per_gpu_hour"),
        (json!({"mfu": {"low": 0.3, "high": 0.5}}), "uncertainty.mfu"),
        (
            json!({"pue": {"low": 1, "high": 2, "distribution": "beta"}}),
            "lognormal",
        ),
    ] {
        s["uncertainty"] = ranges;
        let run = cli.run(&["uncertainty", "-"], &s.to_string());
        assert_eq!(run.code, 2, "{field}: {}", run.stderr);
        assert!(run.stderr.contains(field), "{field}: {}", run.stderr);
    }
}

#[test]
fn sensitivity_rows_are_sorted_by_swing() {
    let cli = Cli::new();
    let run = cli.run(&["sensitivity", "-", "--json"], &deepseek_with_ranges());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = run.json();
    assert_eq!(out["figure"], "total_cost_usd");
    assert!(close(out["base"].as_f64().unwrap(), 5_576_000.0));
    let rows = out["rows"].as_array().unwrap();
    assert!(rows.len() >= 4);
    let swing = |r: &serde_json::Value| {
        (r["figure_at_high"].as_f64().unwrap() - r["figure_at_low"].as_f64().unwrap()).abs()
    };
    assert!(rows.windows(2).all(|w| swing(&w[0]) >= swing(&w[1])));
    let price = rows
        .iter()
        .find(|r| r["input"] == "usd_per_gpu_hour")
        .unwrap();
    assert_eq!(price["low"], 1.5);
    assert!(close(
        price["figure_at_high"].as_f64().unwrap(),
        2_788_000.0 * 3.0
    ));
    // Renting, electricity is inside the price: PUE moves no dollar.
    let pue = rows.iter().find(|r| r["input"] == "pue").unwrap();
    assert_eq!(swing(pue), 0.0);
    let energy = cli.run(
        &["sensitivity", "-", "--figure", "energy_kwh"],
        &deepseek_with_ranges(),
    );
    assert_eq!(energy.code, 0, "{}", energy.stderr);
    assert!(energy.stdout.contains("pue"), "{}", energy.stdout);
    let bad = cli.run(&["sensitivity", "-", "--figure", "cost"], DEEPSEEK);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("figure"), "{}", bad.stderr);
}

/// An accelerator of the user's: `catalog add FILE` checks and stores it (a migration added the
/// table), scenarios naming it evaluate with its figures and carry a copy, so a scenario file
/// brings it to another database; bad entries are refused naming the field, and nothing is saved.
#[test]
fn catalog_add_stores_an_accelerator_that_scenarios_use_and_carry() {
    let cli = Cli::new();
    let catalog = cli.run(&["catalog", "--json"], "").json();
    assert!(
        !cli.db().exists(),
        "listing the catalog creates no database"
    );
    let mut chip = catalog["gpus"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "H100")
        .unwrap()
        .clone();
    chip["id"] = json!("LabChip-1");
    chip["name"] = json!("Our lab's accelerator");
    chip["aliases"] = json!([]);
    chip["usd_per_gpu_hour"] = json!(1.5);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("chip.json");
    std::fs::write(&file, chip.to_string()).unwrap();
    let file_arg = file.to_str().unwrap();

    let run = cli.run(&["catalog", "add", file_arg], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Added \"LabChip-1\""), "{}", run.stdout);
    let again = cli.run(&["catalog", "add", file_arg], "");
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("--replace"), "{}", again.stderr);
    let listed = cli.run(&["catalog", "--json"], "").json();
    assert_eq!(listed["user_gpus"][0]["id"], "LabChip-1");
    assert!(cli
        .run(&["catalog"], "")
        .stdout
        .contains("Your accelerators"));

    // Bad entries: each names its field and range; the catalog is unchanged.
    for (spoil, words) in [
        (
            json!({"board_watts": 0}),
            "gpus[0].board_watts must be from 1 to 10,000 W; got 0",
        ),
        (
            json!({"id": "H800"}),
            "gpus[0].id \"H800\" names the built-in H800",
        ),
        (
            json!({"peak_dense_tflops": {}}),
            "gpus[0].peak_dense_tflops needs",
        ),
    ] {
        let mut bad = chip.clone();
        bad["id"] = json!("Other");
        for (k, v) in spoil.as_object().unwrap() {
            bad[k] = v.clone();
        }
        std::fs::write(&file, json!({ "gpus": [bad] }).to_string()).unwrap();
        let run = cli.run(&["catalog", "add", file_arg], "");
        assert_eq!(run.code, 2, "{spoil}");
        assert!(run.stderr.contains(words), "{}", run.stderr);
    }
    let listed = cli.run(&["catalog", "--json"], "").json();
    assert_eq!(listed["user_gpus"].as_array().unwrap().len(), 1);

    // A scenario naming it evaluates with its price, and a saved one carries a copy.
    let scenario = r#"{"gpu": "labchip-1", "gpu_count": 100, "duration_days": 1}"#;
    let e = cli.run(&["eval", "-"], scenario).json();
    assert!(close(
        e["total_cost_usd"].as_f64().unwrap(),
        100.0 * 24.0 * 1.5
    ));
    let run = cli.run(&["scenarios", "save", "--name", "Lab run", "-"], scenario);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = dir.path().join("lab.costscope");
    let run = cli.run(
        &[
            "scenarios",
            "export",
            "Lab run",
            "--out",
            out.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);

    // Removing it leaves the saved scenario's copy.
    assert_eq!(cli.run(&["catalog", "remove", "LABCHIP-1"], "").code, 0);
    let shown = cli.run(&["scenarios", "show", "Lab run"], "").json();
    assert!(close(
        shown["evaluation"]["total_cost_usd"].as_f64().unwrap(),
        3600.0
    ));

    // Another database: importing the file brings the accelerator into its catalog.
    let other = Cli::new();
    let report = other
        .run(&["scenarios", "import", out.to_str().unwrap()], "")
        .json();
    assert_eq!(report["accelerators_added"], json!(["LabChip-1"]));
    let listed = other.run(&["catalog", "--json"], "").json();
    assert_eq!(listed["user_gpus"][0]["usd_per_gpu_hour"], 1.5);
}
