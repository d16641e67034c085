//! `costscope seek` end to end: the real binary finds an input that makes a figure hit a target,
//! and the printed evaluation equals `costscope eval` of the scenario with that input.

use std::io::Write;
use std::process::{Command, Stdio};

const DEEPSEEK: &str = r#"{"gpu":"H800","gpu_count":2048,"gpu_hours":2788000,"pricing":{"mode":"rental","usd_per_gpu_hour":2.0},"workload":{"active_params":37e9,"tokens":14.8e12}}"#;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn costscope(args: &[&str], stdin: &str) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_costscope"))
        .args(args)
        .env("COSTSCOPE_DB", dir.path().join("costscope.db"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The command may exit before reading (a bad name is reported first): a closed pipe is fine.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Exit code 2 and exactly one line on stderr; returns the line.
fn one_line_error(r: &Run) -> String {
    assert_eq!(r.code, 2, "stderr: {}", r.stderr);
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{:?}", r.stderr);
    lines[0].to_string()
}

#[test]
fn seek_finds_the_price_for_a_total_and_evaluate_agrees() {
    let r = costscope(
        &[
            "seek",
            "-",
            "--target",
            "total_cost_usd=5000000",
            "--vary",
            "usd_per_gpu_hour",
            "--json",
        ],
        DEEPSEEK,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(out["vary"], "usd_per_gpu_hour");
    let value = out["value"].as_f64().unwrap();
    assert!((value - 5e6 / 2_788_000.0).abs() <= 1e-9 * value, "{value}");
    let total = out["evaluation"]["total_cost_usd"].as_f64().unwrap();
    assert!((total - 5e6).abs() <= 1e-9 * 5e6, "{total}");

    // The scenario with that price, through `costscope eval`: the same evaluation.
    let mut scenario: serde_json::Value = serde_json::from_str(DEEPSEEK).unwrap();
    scenario["pricing"]["usd_per_gpu_hour"] = serde_json::json!(value);
    let e = costscope(&["eval", "-"], &scenario.to_string());
    assert_eq!(e.code, 0, "{}", e.stderr);
    let evaluated: serde_json::Value = serde_json::from_str(&e.stdout).unwrap();
    assert_eq!(evaluated, out["evaluation"]);
    assert_eq!(
        out["input"]["pricing"]["usd_per_gpu_hour"],
        scenario["pricing"]["usd_per_gpu_hour"]
    );
}

#[test]
fn seek_prints_a_sentence_and_the_summary_for_people() {
    let r = costscope(
        &["seek", "--target", "gpu_hours=1e6", "--vary", "gpu_hours"],
        DEEPSEEK,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("gpu_hours = 1,000,000 makes gpu_hours 1 M GPU-hours"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Total cost:   $2.00 M"), "{}", r.stdout);
}

#[test]
fn an_unreachable_target_exits_2_with_the_reachable_range() {
    let line = one_line_error(&costscope(
        &[
            "seek",
            "-",
            "--target",
            "total_cost_usd=1e13",
            "--vary",
            "usd_per_gpu_hour",
        ],
        DEEPSEEK,
    ));
    assert!(line.contains("usd_per_gpu_hour from 0 to 1,000"), "{line}");
    assert!(line.contains("it ranges from $0 to $2.79 B"), "{line}");
}

#[test]
fn unknown_figures_and_inputs_list_the_valid_names() {
    let line = one_line_error(&costscope(
        &["seek", "-", "--target", "cost=1", "--vary", "mfu"],
        DEEPSEEK,
    ));
    for name in ["total_cost_usd", "implied_mfu", "usd_per_million_tokens"] {
        assert!(line.contains(name), "{line}");
    }
    let line = one_line_error(&costscope(
        &[
            "seek",
            "-",
            "--target",
            "total_cost_usd=1",
            "--vary",
            "price",
        ],
        DEEPSEEK,
    ));
    for name in ["gpu_count", "grid_g_co2_per_kwh", "research_multiplier"] {
        assert!(line.contains(name), "{line}");
    }
    let line = one_line_error(&costscope(
        &["seek", "-", "--target", "total_cost_usd", "--vary", "mfu"],
        DEEPSEEK,
    ));
    assert!(line.contains("FIGURE=VALUE"), "{line}");
}

#[test]
fn an_input_the_scenario_lacks_is_named() {
    let line = one_line_error(&costscope(
        &[
            "seek",
            "-",
            "--target",
            "total_cost_usd=1e6",
            "--vary",
            "tokens",
        ],
        r#"{"gpu":"H100","gpu_count":8,"duration_days":10}"#,
    ));
    assert!(
        line.contains("vary: tokens needs a scenario with a workload"),
        "{line}"
    );
}
