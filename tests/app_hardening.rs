//! The web view boundary and the store under the real app (a real WebKitGTK window under Xvfb,
//! driven through tauri-driver): hostile IPC calls, commands outside the capability, a scenario
//! name made of HTML, the CSP, the database dialog, and the app writing beside three CLI
//! processes on one new and then existing database.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use costscope_tests::app::{App, Home};
use costscope_tests::cli_path;
use serde_json::Value;

const WAIT: Duration = Duration::from_secs(10);

fn stress() -> bool {
    std::env::var("COSTSCOPE_STRESS").is_ok_and(|v| v == "1")
}

/// Runs `body` (the inside of an async JS function) in the page and returns what it returns.
/// The result is parked on `window` and polled, so long runs are not cut by a script timeout.
async fn run_async(app: &App, body: &str, timeout: Duration) -> Value {
    app.js(&format!(
        "window.__done = undefined; (async () => {{ {body} }})().then((v) => {{ window.__done = {{ v }}; }}, (e) => {{ window.__done = {{ thrown: String(e) }}; }}); return null;"
    ))
    .await;
    app.wait_js("window.__done !== undefined", timeout).await;
    let done = app.js("return window.__done;").await;
    assert!(done.get("thrown").is_none(), "page script threw: {done}");
    done["v"].clone()
}

/// The app's commands with their argument names (as commands.rs declares them).
const COMMANDS: &[(&str, &[&str])] = &[
    ("startup", &[]),
    ("open_database", &["path", "create"]),
    ("catalog", &[]),
    ("screen", &["input", "hold", "name"]),
    ("list_scenarios", &["search"]),
    ("list_deleted", &[]),
    ("get_scenario", &["id"]),
    (
        "save_scenario",
        &["name", "description", "input", "overwrite"],
    ),
    ("update_scenario", &["id", "input"]),
    ("rename_scenario", &["id", "name"]),
    ("duplicate_scenario", &["id", "name"]),
    ("delete_scenario", &["id"]),
    ("restore_scenario", &["id"]),
    ("export_chart", &["chart", "format", "path", "look"]),
    ("copy_chart_image", &["chart", "look"]),
    ("copy_summary", &["input", "name"]),
    ("compare_scenarios", &["ids", "current"]),
    ("copy_comparison", &["ids", "current"]),
    ("export_result", &["input", "hold", "name", "path"]),
    ("export_scenarios", &["ids", "path"]),
    ("preview_import", &["path"]),
    ("import_scenarios", &["path", "on_clash"]),
];

#[tokio::test]
async fn hostile_ipc_calls_get_errors_never_a_panic_and_outside_commands_are_refused() {
    let home = Home::new();
    let app = App::launch(&home).await;
    let before: Vec<u8> = std::fs::read(home.db()).expect("db");
    let commands = serde_json::to_string(COMMANDS).expect("json");
    // Each command gets, for all its arguments at once: nothing, each wrong type, NaN (null on
    // the wire), a 10 MB string and a 100,000-element array; then every argument but one is
    // plausible and that one is hostile (so the call reaches Costscope's own checks).
    let script = format!(
        r#"
        const invoke = window.__TAURI_INTERNALS__.invoke;
        const big = 'x'.repeat(10 * 1024 * 1024);
        const many = Array.from({{ length: 100000 }}, (_, i) => i);
        const manyCosts = Array.from({{ length: 100000 }}, () => ({{ label: 'x', usd: 1 }}));
        const input = {{ gpu: 'H100', gpu_count: 8, duration_days: 2 }};
        const plausible = {{
          path: '', create: false, input, hold: 'work', name: 'n', search: null, id: 987654321,
          description: '', overwrite: false, format: 'png', look: {{ width: 400, height: 300, scale: 1, theme: 'light' }},
          chart: null, ids: [987654321], current: null, on_clash: 'fail',
        }};
        const hostile = [123, -1, 1e308, 'text.x', true, {{}}, [], NaN, null, big, many,
          {{ gpu: big }}, {{ ...input, gpu_count: NaN }}, {{ ...input, other_costs: manyCosts }}];
        const calls = [];
        for (const [cmd, params] of {commands}) {{
          calls.push([cmd, {{}}]);
          for (const h of hostile) {{
            calls.push([cmd, Object.fromEntries(params.map((p) => [p, h]))]);
            for (const p of params) calls.push([cmd, {{ ...plausible, [p]: h }}]);
          }}
        }}
        const out = {{ calls: 0, resolved: 0, typed: 0, tauri: 0, other: [], slowest: 0 }};
        for (const [cmd, args] of calls) {{
          const t0 = performance.now();
          try {{
            await invoke(cmd, args);
            out.resolved++;
          }} catch (e) {{
            if (e && typeof e === 'object' && typeof e.kind === 'string' && typeof e.message === 'string') out.typed++;
            else if (typeof e === 'string' && /^invalid args|missing required key|invalid type/.test(e)) out.tauri++;
            else out.other.push(cmd + ': ' + String(e && e.message || e).slice(0, 200));
          }}
          out.slowest = Math.max(out.slowest, performance.now() - t0);
          out.calls++;
        }}
        const denied = {{}};
        for (const cmd of ['plugin:clipboard-manager|read_text', 'plugin:fs|read_file', 'plugin:shell|execute',
                           'plugin:window|close', 'plugin:dialog|message', 'drop_everything']) {{
          try {{ await invoke(cmd, {{ path: '/etc/passwd' }}); denied[cmd] = 'ALLOWED'; }}
          catch (e) {{ denied[cmd] = String(e && e.message || e).slice(0, 160); }}
        }}
        const after = await invoke('startup');
        return {{ ...out, denied, alive: Array.isArray(after.scenarios) }};
        "#
    );
    let out = run_async(&app, &script, Duration::from_secs(600)).await;
    println!("hostile IPC: {out}");
    assert_eq!(
        out["alive"],
        Value::Bool(true),
        "the app answers after the calls"
    );
    assert_eq!(
        out["other"],
        serde_json::json!([]),
        "untyped rejections: {out}"
    );
    let calls = out["calls"].as_u64().expect("calls");
    assert!(calls >= 500, "{calls} calls");
    for (cmd, why) in out["denied"].as_object().expect("denied") {
        let why = why.as_str().unwrap_or_default();
        assert!(
            why.contains("not allowed") || why.contains("not found") || why.contains("denied"),
            "{cmd} was not refused: {why}"
        );
    }
    app.quit().await;
    // Nothing hostile was saved (the saves all had impossible inputs or names).
    let conn = rusqlite::Connection::open(home.db()).expect("db");
    let user: i64 = conn
        .query_row(
            "SELECT count(*) FROM scenarios WHERE origin <> 'preset'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check");
    assert_eq!(check, "ok");
    println!(
        "hostile IPC: {calls} calls, {} typed errors, {} refused by Tauri's argument check, {} resolved harmlessly, {user} saved",
        out["typed"], out["tauri"], out["resolved"]
    );
    assert!(!before.is_empty());
}

const XSS: &str = "<img src=x onerror=\"window.__xss=1\">";

fn cli(db: &Path, args: &[&str], stdin: &str) -> (i32, String) {
    let mut child = Command::new(cli_path())
        .args(args)
        .env("COSTSCOPE_DB", db)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    if let Some(mut p) = child.stdin.take() {
        let _ = p.write_all(stdin.as_bytes());
    }
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn an_html_name_is_text_everywhere_and_the_csp_blocks_remote_fetch_and_inline_script() {
    let home = Home::new();
    let input = r#"{"gpu":"H100","gpu_count":512,"duration_days":20}"#;
    assert_eq!(
        cli(
            &home.db(),
            &["scenarios", "save", "-", "--name", XSS],
            input
        )
        .0,
        0
    );
    let app = App::launch(&home).await;
    app.wait_text("total-cost", WAIT, |t| t.contains('$')).await;

    // Library: the item's text is the name itself; open it, so the title and charts carry it.
    let opened = app
        .js(&format!(
            "const b = [...document.querySelectorAll(\"[data-testid='scenario-item'] .item-main\")].find((b) => b.textContent.includes({n})); if (b) b.click(); return !!b;",
            n = serde_json::to_string(XSS).expect("json")
        ))
        .await;
    assert_eq!(
        opened,
        Value::Bool(true),
        "the scenario is listed by its literal name"
    );
    app.wait_js(
        &format!(
            "document.title.includes({})",
            serde_json::to_string(XSS).expect("json")
        ),
        WAIT,
    )
    .await;

    // Comparison sheet: the name is a header cell's text.
    app.click_js("open-compare").await;
    app.by_testid("compare-table").await;
    let headers = app
        .js("return [...document.querySelectorAll(\"[data-testid='compare-table'] thead th\")].map((th) => th.textContent.trim());")
        .await;
    assert!(
        headers
            .as_array()
            .expect("headers")
            .iter()
            .any(|h| h.as_str().is_some_and(|h| h.contains(XSS))),
        "{headers}"
    );
    app.by_testid("compare-copy")
        .await
        .click()
        .await
        .expect("copy");
    app.wait_text("toast", WAIT, |t| t.contains("Copied")).await;
    let html = String::from_utf8(app.clipboard("text/html")).expect("utf8");
    assert!(
        html.contains("&lt;img src=x") && !html.contains("<img"),
        "{html}"
    );
    app.by_testid("compare-close")
        .await
        .click()
        .await
        .expect("close");

    // Exports: the SVG drawn from the chart on screen escapes the name.
    let svg_path = home.exports().join("named.svg");
    let svg_js = format!(
        "const invoke = window.__TAURI_INTERNALS__.invoke; \
         const s = await invoke('screen', {{ input: {input}, hold: 'work', name: {n} }}); \
         const chart = s.charts.find((c) => c.kind === 'breakdown'); \
         return await invoke('export_chart', {{ chart, format: 'svg', path: {p}, look: {{ width: 800, height: 500, scale: 1, theme: 'light' }} }});",
        n = serde_json::to_string(XSS).expect("json"),
        p = serde_json::to_string(&svg_path.display().to_string()).expect("json"),
    );
    run_async(&app, &svg_js, WAIT).await;
    let svg = std::fs::read_to_string(&svg_path).expect("svg");
    assert!(svg.contains("&lt;img"), "the name is in the SVG, escaped");
    assert!(!svg.contains("<img"), "no element made from the name");
    let doc = roxmltree::Document::parse(&svg).expect("the SVG is well-formed XML");
    assert!(
        !doc.descendants().any(|n| n.tag_name().name() == "img"),
        "no element made from the name"
    );

    // Nothing ran, nothing was made from the name.
    let xss = app
        .js("return { ran: window.__xss === 1, imgs: document.querySelectorAll('img[src=\"x\"]').length };")
        .await;
    assert_eq!(xss, serde_json::json!({ "ran": false, "imgs": 0 }), "{xss}");

    // The CSP: a remote fetch and an inline script are blocked (and reported as violations).
    let csp = run_async(
        &app,
        "const seen = []; document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective)); \
         let fetched = 'no'; try { await fetch('https://example.com/'); fetched = 'yes'; } catch (e) { fetched = 'blocked'; } \
         const s = document.createElement('script'); s.textContent = 'window.__inline = 1'; document.body.appendChild(s); \
         await new Promise((r) => setTimeout(r, 200)); \
         return { fetched, inline: window.__inline === 1, seen };",
        WAIT,
    )
    .await;
    println!("csp: {csp}");
    assert_eq!(csp["fetched"], "blocked", "{csp}");
    assert_eq!(csp["inline"], false, "{csp}");
    let seen: Vec<String> = serde_json::from_value(csp["seen"].clone()).expect("seen");
    assert!(
        seen.iter().any(|d| d.starts_with("connect-src")),
        "{seen:?}"
    );
    assert!(seen.iter().any(|d| d.starts_with("script-src")), "{seen:?}");
    app.screenshot("html_name").await;
    app.quit().await;
}

#[tokio::test]
async fn the_database_dialog_offers_another_file_or_a_new_database_and_the_trash_says_when_it_empties(
) {
    let home = Home::new();
    let notes = home.dir.path().join("notes.db");
    let bytes = b"my notes, not a database\n".repeat(20);
    std::fs::write(&notes, &bytes).expect("write");
    let app = App::launch_with(&home, notes.clone()).await;
    let dialog = app.text("db-error-dialog").await;
    assert!(dialog.contains("Choose another file"), "{dialog}");
    assert!(
        dialog.contains("Start a new database elsewhere"),
        "{dialog}"
    );
    assert!(dialog.contains(&notes.display().to_string()), "{dialog}");
    assert!(
        !dialog.contains("--db") && !dialog.contains("COSTSCOPE_DB"),
        "no CLI advice: {dialog}"
    );
    app.screenshot("db_dialog").await;
    // The native dialogs cannot be driven over WebDriver; what they lead to is this command.
    let fresh = home.dir.path().join("elsewhere").join("costscope.db");
    let started = run_async(
        &app,
        &format!(
            "return await window.__TAURI_INTERNALS__.invoke('open_database', {{ path: {}, create: true }});",
            serde_json::to_string(&fresh.display().to_string()).expect("json")
        ),
        WAIT,
    )
    .await;
    assert!(started["db_error"].is_null(), "{started}");
    assert_eq!(started["trash_days"], 30);
    app.js("location.reload(); return null;").await;
    app.wait_js(
        "document.body && document.body.dataset.ready === '1'",
        Duration::from_secs(30),
    )
    .await;
    app.wait_text("total-cost", WAIT, |t| t.contains("$5.58 M"))
        .await;
    let db_dialog = app
        .js("return !!document.querySelector(\"[data-testid='db-error-dialog']\");")
        .await;
    assert_eq!(db_dialog, Value::Bool(false));
    // The trash view says how long deleted scenarios stay.
    let note = app
        .js("const b = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Trash'); b.click(); return null;")
        .await;
    assert!(note.is_null());
    let note = app
        .wait_text("trash-note", WAIT, |t| t.contains("30 days"))
        .await;
    assert!(note.contains("removed for good"), "{note}");

    // The database replaced, then deleted, while the app runs: the save is refused and says so.
    let save = "try { await window.__TAURI_INTERNALS__.invoke('save_scenario', { name: 'late', description: '', \
        input: { gpu: 'H100', gpu_count: 8, duration_days: 2 }, overwrite: false }); return 'saved'; } \
        catch (e) { return e.kind + ': ' + e.message; }";
    let copy = fresh.with_extension("copy");
    std::fs::copy(&fresh, &copy).expect("copy");
    std::fs::rename(&copy, &fresh).expect("replace");
    let replaced = run_async(&app, save, WAIT).await;
    println!("replaced while running: {replaced}");
    assert!(
        replaced
            .as_str()
            .is_some_and(|m| m.starts_with("database: ") && m.contains("was replaced")),
        "{replaced}"
    );
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", fresh.display()));
    }
    let deleted = run_async(&app, save, WAIT).await;
    println!("deleted while running: {deleted}");
    assert!(
        deleted
            .as_str()
            .is_some_and(|m| m.contains("was deleted or moved")),
        "{deleted}"
    );
    app.quit().await;
    assert_eq!(
        std::fs::read(&notes).expect("read"),
        bytes,
        "the refused file is untouched"
    );
}

/// The real app and three CLI processes write to one database at once, first while it is being
/// created, then when it exists: nothing is lost, no one sees an error, presets seeded once.
#[tokio::test]
async fn the_app_and_three_cli_processes_share_one_new_then_existing_database() {
    let (cli_saves, app_saves) = if stress() { (100, 200) } else { (30, 40) };
    // Built first, so that the app starts while the CLI writers create the database.
    costscope_tests::app::app_path();
    cli_path();
    let home = Home::new();
    let db = home.db();
    std::fs::create_dir_all(db.parent().expect("dir")).expect("dir");
    let writers = |tag: &'static str| {
        (0..3)
            .map(|w| {
                let db = db.clone();
                std::thread::spawn(move || {
                    let mut errors = Vec::new();
                    for i in 0..cli_saves {
                        let name = format!("{tag}-cli{w}-{i}");
                        let (code, err) = cli(
                            &db,
                            &["scenarios", "save", "-", "--name", &name],
                            r#"{"gpu":"H100","gpu_count":8,"duration_days":2}"#,
                        );
                        if code != 0 {
                            errors.push(format!("{name}: {err}"));
                        }
                    }
                    errors
                })
            })
            .collect::<Vec<_>>()
    };
    let app_writes = |tag: &str| {
        format!(
            "const invoke = window.__TAURI_INTERNALS__.invoke; const errors = []; \
             for (let i = 0; i < {app_saves}; i++) {{ \
               try {{ await invoke('save_scenario', {{ name: `{tag}-app-${{i}}`, description: '', input: {{ gpu: 'H100', gpu_count: 16, duration_days: 3 }}, overwrite: false }}); }} \
               catch (e) {{ errors.push(String(e && e.message || e)); }} }} \
             return errors;"
        )
    };
    // New database: the CLI writers start while the app opens (and creates) it.
    let new_writers = writers("new");
    let app = App::launch(&home).await;
    let start_error = app
        .js("return !!document.querySelector(\"[data-testid='db-error-dialog']\");")
        .await;
    assert_eq!(
        start_error,
        Value::Bool(false),
        "the app opened the database being created"
    );
    let app_errors = run_async(&app, &app_writes("new"), Duration::from_secs(300)).await;
    let cli_errors: Vec<String> = new_writers
        .into_iter()
        .flat_map(|h| h.join().expect("cli"))
        .collect();
    assert_eq!(app_errors, serde_json::json!([]), "the app saw errors");
    assert!(cli_errors.is_empty(), "{cli_errors:#?}");
    // Existing database: the same again.
    let old_writers = writers("old");
    let app_errors = run_async(&app, &app_writes("old"), Duration::from_secs(300)).await;
    let cli_errors: Vec<String> = old_writers
        .into_iter()
        .flat_map(|h| h.join().expect("cli"))
        .collect();
    assert_eq!(app_errors, serde_json::json!([]), "the app saw errors");
    assert!(cli_errors.is_empty(), "{cli_errors:#?}");
    app.quit().await;

    let conn = rusqlite::Connection::open(&db).expect("db");
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).expect("count") };
    let presets = costscope_core::presets::builtin().expect("presets").len() as i64;
    assert_eq!(
        count("SELECT count(*) FROM scenarios WHERE origin = 'preset'"),
        presets
    );
    let expected = 2 * (3 * cli_saves + app_saves) as i64;
    assert_eq!(
        count("SELECT count(*) FROM scenarios WHERE origin = 'user'"),
        expected
    );
    println!("app + 3 CLI processes: {expected} saves on a new then existing database, 0 lost, 0 errors, presets seeded once");
}

/// The app's processes serving this database (found by executable and `COSTSCOPE_DB` in /proc),
/// so that only the app this test started is killed.
fn app_pids(db: &Path) -> Vec<u32> {
    let exe = costscope_tests::app::app_path();
    let exe = std::fs::canonicalize(&exe).unwrap_or(exe);
    let wanted = format!("COSTSCOPE_DB={}", db.display());
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            let ours = std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|p| p == exe);
            ours && std::fs::read(format!("/proc/{pid}/environ"))
                .is_ok_and(|env| env.split(|b| *b == 0).any(|v| v == wanted.as_bytes()))
        })
        .collect()
}

/// Stress only: kill -9 the real app at random moments while the page saves in a loop. Every
/// save the page saw acknowledged is there and identical; integrity_check is ok.
#[tokio::test]
async fn stress_kill_nine_the_app_while_it_saves() {
    if !stress() {
        println!("app kill -9: skipped outside `dev.sh stress` (COSTSCOPE_STRESS=1)");
        return;
    }
    let home = Home::new();
    let db = home.db();
    let input = serde_json::json!({ "gpu": "H100", "gpu_count": 24, "duration_days": 5 });
    let stored: Value = serde_json::to_value(
        serde_json::from_value::<costscope_core::ScenarioInput>(input.clone()).expect("input"),
    )
    .expect("json");
    let rounds = 20;
    let mut acked_total = 0;
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(7)
        | 1;
    for round in 0..rounds {
        let app = App::launch(&home).await;
        app.js(&format!(
            "window.__acked = []; (async () => {{ const invoke = window.__TAURI_INTERNALS__.invoke; \
             for (let i = 0; ; i++) {{ const name = `app-r{round}-${{i}}`; \
               await invoke('save_scenario', {{ name, description: '', input: {input}, overwrite: false }}); \
               window.__acked.push(name); }} }})(); return null;"
        ))
        .await;
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        tokio::time::sleep(Duration::from_millis(200 + seed % 1500)).await;
        let acked: Vec<String> =
            serde_json::from_value(app.js("return window.__acked;").await).expect("acked");
        let pids = app_pids(&db);
        assert!(!pids.is_empty(), "the app's process was found");
        for pid in pids {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
        }
        drop(app);
        let conn = rusqlite::Connection::open(&db).expect("db");
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("check");
        assert_eq!(check, "ok", "round {round}");
        let mut stmt = conn
            .prepare("SELECT name, input_json FROM scenarios WHERE name LIKE 'app-%'")
            .expect("select");
        let rows: std::collections::HashMap<String, Value> = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .expect("rows")
            .map(|r| {
                let (n, j) = r.expect("row");
                (n, serde_json::from_str(&j).expect("json"))
            })
            .collect();
        for name in &acked {
            assert_eq!(
                rows.get(name),
                Some(&stored),
                "round {round}: acknowledged {name} lost or changed"
            );
        }
        assert!(
            rows.values().all(|v| v == &stored),
            "round {round}: a row is half there"
        );
        acked_total += acked.len();
    }
    println!(
        "app kill -9: {rounds} rounds, {acked_total} acknowledged saves, 0 lost, integrity ok"
    );
}
