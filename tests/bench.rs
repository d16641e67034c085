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
                      first_chart_ms: window.__costscopePerf.firstChartMs, \
                      first_contentful_paint_ms: (performance.getEntriesByType('paint').find(e => e.name === 'first-contentful-paint') || {}).startTime, \
                      boot_marks_ms: Object.fromEntries(performance.getEntriesByType('mark').filter(m => m.name.startsWith('boot:')).map(m => [m.name.slice(5), Math.round(m.startTime)])) };")
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
/// left, over and over), each read 2 s after the input stopped, with readings every 250 moves
/// between (a leak grows with the moves; what the first moves warm up, JIT code and caches,
/// does not grow again), one after 15 s more of idling, and one after a full garbage
/// collection when JavaScriptCore lets the page ask for one (`$vm.gc()`, with
/// `JSC_useDollarVM=1`): garbage not yet collected is not a leak. tests/artifacts/memory.json.
#[tokio::test]
#[ignore = "a benchmark; run by `src-tauri/scripts/dev.sh bench`"]
async fn bench_memory_after_1000_slider_moves() {
    // More moves for a longer look at the curve (COSTSCOPE_BENCH_MOVES); the budget is at 1,000.
    let moves: usize = std::env::var("COSTSCOPE_BENCH_MOVES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    const EVERY: usize = 250;
    let home = Home::new();
    let mut how = costscope_tests::app::Launch::new(&home);
    how.env.push(("JSC_useDollarVM".into(), "1".into()));
    let app = App::start(how).await;
    app.wait_text("total-cost", WAIT, |t| t.contains("$5.58 M"))
        .await;
    let pid = app.pid("costscope-app").expect("the app's process");
    let settle = Duration::from_secs(2);
    tokio::time::sleep(settle).await;
    let mb = |kib: u64| kib as f64 / 1024.0;
    let reading = |moves: usize, total: &procs::Memory, each: &[(String, procs::Memory)]| {
        let by_process: serde_json::Map<String, serde_json::Value> = each
            .iter()
            .map(|(name, m)| (name.clone(), serde_json::json!(mb(m.pss_kib))))
            .collect();
        serde_json::json!({"moves": moves, "pss_mb": mb(total.pss_kib), "rss_mb": mb(total.rss_kib), "pss_mb_by_process": by_process})
    };
    let (before, each_before) = procs::tree_memory(pid);
    let mut curve = vec![reading(0, &before, &each_before)];
    let slider = app.by_testid("gpu-count-slider").await;
    // The budget's reading: after the 1,000th move (or the last, with fewer).
    let mut after = before.clone();
    for i in 0..moves {
        let key = if (i / 50) % 2 == 0 {
            ARROW_RIGHT
        } else {
            ARROW_LEFT
        };
        slider.send_keys(key).await.expect("key");
        if (i + 1) % EVERY == 0 {
            tokio::time::sleep(settle).await;
            let (now, each) = procs::tree_memory(pid);
            curve.push(reading(i + 1, &now, &each));
            if i < 1000 {
                after = now;
            }
        }
    }
    let (_, each) = procs::tree_memory(pid);
    let at = |moves: usize| {
        curve
            .iter()
            .find(|c| c["moves"] == moves)
            .and_then(|c| c["pss_mb"].as_f64())
            .unwrap_or(f64::NAN)
    };
    tokio::time::sleep(Duration::from_secs(15)).await;
    let idle = procs::tree_memory(pid).0;
    let gc = app
        .js("if (typeof $vm === 'undefined' || typeof $vm.gc !== 'function') return false; $vm.gc(); return true;")
        .await
        .as_bool()
        .unwrap_or(false);
    let collected = if gc {
        tokio::time::sleep(settle).await;
        Some(procs::tree_memory(pid).0)
    } else {
        None
    };
    let report = serde_json::json!({
        "moves": 1000.min(moves),
        "moves_in_all": moves,
        "before": before, "after": after,
        "pss_growth_mb": mb(after.pss_kib) - mb(before.pss_kib),
        "rss_growth_mb": mb(after.rss_kib) - mb(before.rss_kib),
        // The slope once warm: the last three quarters of the moves.
        "pss_growth_after_first_250_mb": at(1000.min(moves)) - at(EVERY),
        "pss_by_moves": curve,
        "after_15_s_idle": idle,
        "pss_growth_after_idle_mb": mb(idle.pss_kib) - mb(before.pss_kib),
        "garbage_collected": gc,
        "after_gc": collected,
        "pss_growth_after_gc_mb": collected.as_ref().map(|c| mb(c.pss_kib) - mb(before.pss_kib)),
        "processes_after": each,
    });
    write_artifact_json("memory.json", &report);
    app.quit().await;
}
