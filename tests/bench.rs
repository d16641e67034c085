//! Benchmarks of the whole app against the floor any Tauri 2 app pays on this machine (the
//! hello-world in src-tauri/bench/floor-app): start-up and memory, launched alternately, and
//! the memory a long slider session leaves behind. Not pass/fail tests: `dev.sh bench` runs
//! them one at a time on the release build and judges the figures against their budgets.

use std::path::PathBuf;
use std::time::Duration;

use costscope_tests::app::{app_path, artifacts_dir, write_artifact_json, App, Home};
use costscope_tests::launch::{self, Launched, Rect};
use costscope_tests::procs;

const WAIT: Duration = Duration::from_secs(20);
const ARROW_RIGHT: &str = "\u{E014}";
const ARROW_LEFT: &str = "\u{E012}";

/// The floor app (built by `dev.sh bench` into target/floor-app/release).
fn floor_app() -> PathBuf {
    let path = std::env::var_os("COSTSCOPE_FLOOR_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            costscope_tests::target_dir()
                .parent()
                .expect("target")
                .join("floor-app/release/costscope-floor-app")
        });
    assert!(
        path.exists(),
        "{} is missing: `src-tauri/scripts/dev.sh bench` builds it",
        path.display()
    );
    path
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(v[v.len() / 2])
}

/// Where Costscope's cost chart lies in its window, and the page's own start-up timeline
/// (navigation to DOM ready, load, first chart painted), from one WebDriver session.
async fn calibrate() -> (Rect, serde_json::Value) {
    let home = Home::new();
    let app = App::launch(&home).await;
    app.wait_text("total-cost", WAIT, |t| t.contains("$5.58 M"))
        .await;
    let v = app
        .js("const r = document.querySelector(\"[data-testid='chart-cost-vs-gpus']\").getBoundingClientRect(); \
             const n = performance.getEntriesByType('navigation')[0] || {}; \
             return { rect: [r.x, r.y, r.width, r.height], window: [innerWidth, innerHeight], dpr: devicePixelRatio, \
                      dom_content_loaded_ms: n.domContentLoadedEventEnd, load_ms: n.loadEventEnd, \
                      first_chart_ms: window.__costscopePerf.firstChartMs };")
        .await;
    app.quit().await;
    let r: Vec<f64> = serde_json::from_value(v["rect"].clone()).expect("rect");
    let dpr = v["dpr"].as_f64().unwrap_or(1.0);
    // A few pixels in from the edges: the chart's own drawing, not its box's border.
    let px = |x: f64| (x * dpr).round().max(0.0) as u16;
    let rect = Rect {
        x: px(r[0]) + 4,
        y: px(r[1]) + 4,
        width: px(r[2]).saturating_sub(8),
        height: px(r[3]).saturating_sub(8),
    };
    (rect, v)
}

fn figures(runs: &[Launched], pick: impl Fn(&Launched) -> Option<f64>) -> serde_json::Value {
    let all: Vec<f64> = runs.iter().filter_map(&pick).collect();
    serde_json::json!({ "median": median(all.clone()), "runs": all })
}

/// Launches the floor app and Costscope alternately (COSTSCOPE_BENCH_LAUNCHES times each,
/// at least 5 by default), each on a fresh display and fresh data (a first launch: the
/// database is created and seeded), and reports window mapped, first paint, Costscope's first
/// chart painted, and the process tree's PSS and RSS 5 s after launch. tests/artifacts/launch.json.
#[tokio::test]
#[ignore = "a benchmark; run by `src-tauri/scripts/dev.sh bench`"]
async fn bench_launch_against_the_floor_app() {
    let floor = floor_app();
    let app = app_path();
    let (chart, page) = calibrate().await;
    let launches: usize = std::env::var("COSTSCOPE_BENCH_LAUNCHES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let hold = Duration::from_secs(5);
    let (mut floor_runs, mut app_runs) = (Vec::new(), Vec::new());
    for i in 0..launches {
        let frames = |name: &str| (i == 0).then(|| artifacts_dir().join(format!("launch-{name}")));
        std::fs::create_dir_all(artifacts_dir()).expect("dir");
        let home = Home::new();
        floor_runs.push(launch::launch(
            &floor,
            &home.env(),
            None,
            hold,
            frames("floor").as_deref(),
        ));
        let home = Home::new();
        let mut env = home.env();
        env.push(("COSTSCOPE_DB", home.db()));
        app_runs.push(launch::launch(
            &app,
            &env,
            Some(chart),
            hold,
            frames("costscope").as_deref(),
        ));
        eprintln!(
            "[bench] launch {}: floor {:?} / costscope {:?}",
            i + 1,
            floor_runs[i].first_paint_ms,
            app_runs[i].first_paint_ms
        );
    }
    let side = |runs: &[Launched]| {
        let web = |l: &Launched| {
            l.processes
                .iter()
                .filter(|(n, _)| n.starts_with("WebKitWebProces"))
                .map(|(_, m)| m.pss_kib as f64 / 1024.0)
                .reduce(|a, b| a + b)
        };
        serde_json::json!({
            "window_mapped_ms": figures(runs, |l| l.window_mapped_ms),
            "first_paint_ms": figures(runs, |l| l.first_paint_ms),
            "first_chart_ms": figures(runs, |l| l.region_painted_ms),
            "last_damage_ms": figures(runs, |l| l.last_damage_ms),
            "tree_pss_mb": figures(runs, |l| Some(l.tree.pss_kib as f64 / 1024.0)),
            "tree_rss_mb": figures(runs, |l| Some(l.tree.rss_kib as f64 / 1024.0)),
            "web_process_pss_mb": figures(runs, web),
            "window_size": runs.first().and_then(|l| l.window_size),
            "processes_of_first_run": runs.first().map(|l| &l.processes),
        })
    };
    let report = serde_json::json!({
        "launches_each": launches,
        "memory_read_after_s": hold.as_secs(),
        "floor_app": { "binary": floor, "bytes": std::fs::metadata(&floor).map(|m| m.len()).ok() },
        "costscope": { "binary": app, "bytes": std::fs::metadata(&app).map(|m| m.len()).ok() },
        "chart_region": chart,
        "page_timeline_under_webdriver": page,
        "floor": side(&floor_runs),
        "app": side(&app_runs),
    });
    write_artifact_json("launch.json", &report);
}

/// The process tree's memory before and after 1,000 slider moves (GPU count, 50 right and 50
/// left, over and over), each read 2 s after the input stopped. tests/artifacts/memory.json.
#[tokio::test]
#[ignore = "a benchmark; run by `src-tauri/scripts/dev.sh bench`"]
async fn bench_memory_after_1000_slider_moves() {
    let home = Home::new();
    let app = App::launch(&home).await;
    app.wait_text("total-cost", WAIT, |t| t.contains("$5.58 M"))
        .await;
    let pid = app.pid("costscope-app").expect("the app's process");
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (before, _) = procs::tree_memory(pid);
    let slider = app.by_testid("gpu-count-slider").await;
    for i in 0..1000 {
        let key = if (i / 50) % 2 == 0 {
            ARROW_RIGHT
        } else {
            ARROW_LEFT
        };
        slider.send_keys(key).await.expect("key");
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (after, each) = procs::tree_memory(pid);
    let mb = |kib: u64| kib as f64 / 1024.0;
    let report = serde_json::json!({
        "moves": 1000,
        "before": before, "after": after,
        "pss_growth_mb": mb(after.pss_kib) - mb(before.pss_kib),
        "rss_growth_mb": mb(after.rss_kib) - mb(before.rss_kib),
        "processes_after": each,
    });
    write_artifact_json("memory.json", &report);
    app.quit().await;
}
