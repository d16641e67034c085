//! End-to-end tests of the desktop app: the real binary in a real WebKitGTK window under Xvfb,
//! driven through tauri-driver + WebKitWebDriver. Each test starts from fresh data directories
//! and keeps a screenshot of its end state in tests/artifacts/.

use std::time::Duration;

use costscope_core::limits;
use costscope_core::model::{evaluate, ScenarioInput};
use costscope_core::store::Store;
use costscope_core::{format, presets};
use costscope_tests::app::{write_artifact_json, App, Home};

const ARROW_RIGHT: &str = "\u{E014}";
const TAB: &str = "\u{E004}";
const WAIT: Duration = Duration::from_secs(10);

fn deepseek_preset() -> ScenarioInput {
    presets::named("DeepSeek-V3 (as reported)")
        .expect("DeepSeek-V3 preset")
        .input
        .clone()
}

/// The DeepSeek-V3 preset as the editor holds it: GPU-hours turned into days.
fn deepseek_in_editor() -> ScenarioInput {
    let mut s = deepseek_preset();
    let e = evaluate(&s).expect("preset evaluates");
    s.gpu_hours = None;
    s.duration_days = Some(e.duration_days);
    s
}

async fn type_into(app: &App, id: &str, text: &str) {
    let field = app.by_testid(id).await;
    // Fields low in the editor column are scrolled to first (WebDriver may call them hidden).
    app.js(&format!(
        "document.querySelector(\"[data-testid='{id}']\").scrollIntoView({{ block: 'center' }}); return null;"
    ))
    .await;
    field.clear().await.expect("clear");
    // WebDriver refuses an empty key sequence; clearing is all an empty text needs.
    if !text.is_empty() {
        field.send_keys(text).await.expect("type");
    }
}

/// Types into a field and leaves it with Tab, which checks and applies the value at once.
async fn commit_typed(app: &App, id: &str, text: &str) {
    type_into(app, id, text).await;
    app.by_testid(id).await.send_keys(TAB).await.expect("tab");
}

/// The raw figure an element carries in `data-value`.
async fn data_value(app: &App, id: &str) -> f64 {
    app.by_testid(id)
        .await
        .attr("data-value")
        .await
        .expect("attr")
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{id} carries a numeric data-value"))
}

/// A typed field's value as a number ("2,560" → 2560).
async fn field_number(app: &App, id: &str) -> f64 {
    let text = app.by_testid(id).await.prop("value").await.expect("value");
    let text = text.unwrap_or_default().replace(',', "");
    text.parse()
        .unwrap_or_else(|_| panic!("{id} holds a number: {text:?}"))
}

/// Waits until a typed field's value differs from `before`, and returns it.
async fn wait_field_change(app: &App, id: &str, before: f64) -> f64 {
    let start = std::time::Instant::now();
    loop {
        let now = field_number(app, id).await;
        if now != before {
            return now;
        }
        assert!(start.elapsed() < WAIT, "{id} stayed at {before}");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

fn close(shown: f64, core: f64) -> bool {
    (shown - core).abs() <= 1e-9 * core.abs().max(1.0)
}

/// Whether two JSON values are equal, numbers to 1e-9 relative (ECharts' log axes store their
/// ends through log10 and back).
fn same_numbers(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (
                x.as_f64().unwrap_or(f64::NAN),
                y.as_f64().unwrap_or(f64::NAN),
            );
            (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0)
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_numbers(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_numbers(v, w)))
        }
        _ => a == b,
    }
}

/// For an input the core refuses because the run would never finish: the window shows the
/// core's own sentence and marks the figures as not belonging to the input.
async fn expect_never_finishes(app: &App, input: &ScenarioInput) {
    let err = evaluate(input).expect_err("the run never finishes");
    assert_eq!(err.field(), Some("reliability"), "{err}");
    let message = err.to_string();
    assert!(message.contains("never finish"), "{message}");
    let script = format!(
        "return document.body.innerText.includes({}) && !!document.querySelector('.figures.stale');",
        serde_json::to_string(&message).expect("json")
    );
    let start = std::time::Instant::now();
    while app.js(&script).await != serde_json::Value::Bool(true) {
        assert!(
            start.elapsed() < WAIT,
            "the window shows neither {message:?} nor stale figures"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until the figures are the core's `evaluate` of `input`, then checks each of them.
async fn expect_figures(app: &App, input: &ScenarioInput) {
    let e = evaluate(input).expect("the scenario evaluates");
    let total = e.total_cost_usd;
    app.wait_js(
        &format!(
            "Math.abs(Number(document.querySelector(\"[data-testid='total-cost']\").dataset.value) - {total:e}) <= 1e-9 * {total:e}"
        ),
        WAIT,
    )
    .await;
    let mut figures = vec![
        ("total-cost", e.total_cost_usd),
        ("gpu-hours", e.gpu_hours),
        ("days", e.duration_days),
        ("energy", e.energy_kwh),
        ("co2", e.co2_tonnes),
    ];
    if let Some(mfu) = e.implied_mfu {
        figures.push(("implied-mfu", mfu));
    }
    // Run realism: the figures and the lines the core writes, shown as they are.
    figures.push(("goodput", e.goodput));
    figures.push(("interruptions-expected", e.interruptions_expected));
    if let Some(mfu) = e.effective_mfu {
        figures.push(("effective-mfu", mfu));
    }
    for (id, core) in figures {
        let shown = data_value(app, id).await;
        assert!(
            close(shown, core),
            "{id}: shown {shown}, core {core} for {input:?}"
        );
    }
    let summary = e.rent_vs_own.summary();
    assert_eq!(app.text("rent-vs-own").await.trim(), summary.trim());
}

#[tokio::test]
async fn first_launch_shows_deepseek_v3_and_typed_gpu_count_matches_the_core() {
    let home = Home::new();
    let app = App::launch(&home).await;
    // First launch: seeded database, DeepSeek-V3 on screen with its reported $5.58 M.
    let total = app
        .wait_text("total-cost", WAIT, |t| t.contains("$5.58 M"))
        .await;
    assert!(total.contains("$5.58 M"), "{total}");
    assert!(app.text("gpu-hours").await.contains("2.79 M"));
    assert!(
        home.db().exists(),
        "the database was created in the data directory"
    );

    // Typed GPU count: the total equals what the core computes for that scenario.
    type_into(&app, "gpu-count", "1024").await;
    let mut expected_input = deepseek_in_editor();
    expected_input.gpu_count = Some(1024.0);
    let expected = evaluate(&expected_input).expect("valid").total_cost_usd;
    let expected_text = format::usd(expected);
    let shown = app
        .wait_text("total-cost", WAIT, |t| t.contains(&expected_text))
        .await;
    let raw: f64 = app
        .by_testid("total-cost")
        .await
        .attr("data-value")
        .await
        .expect("attr")
        .and_then(|v| v.parse().ok())
        .expect("total-cost carries data-value");
    assert!(
        (raw - expected).abs() <= 1e-6 * expected,
        "shown {shown} ({raw}) vs core {expected}"
    );
    app.screenshot("typed_gpu_count").await;
    // The claim check explains itself with the scenario's own figures.
    app.js("document.querySelector(\"[data-testid='claim-how']\").open = true; return null;")
        .await;
    let how = app.text("claim-how").await;
    let typed = app
        .js("return Number(document.querySelector(\"[data-testid='implied-mfu']\").dataset.value);")
        .await;
    let mfu = typed.as_f64().expect("implied MFU");
    assert!(
        how.contains(&format!("= {}", format::percent(mfu))),
        "{how}"
    );
    assert!(how.contains("TFLOP/s"), "{how}");

    // The slider reaches all the core accepts (1,000,000 GPUs, on a log scale): the largest
    // count typed puts the thumb at the slider's end, and the figures are the core's.
    let beyond = limits::GPU_COUNT.1;
    assert_eq!(limits::slider::GPU_COUNT.1, beyond);
    commit_typed(&app, "gpu-count", &format!("{beyond}")).await;
    expected_input.gpu_count = Some(beyond);
    // With the preset's interruption rate no run on 1,000,000 GPUs finishes: the window says
    // the core's sentence (which names the largest count that does) and marks the figures stale.
    expect_never_finishes(&app, &expected_input).await;
    assert_eq!(field_number(&app, "gpu-count").await, beyond);
    let thumb = app
        .js("const s = document.querySelector('[data-testid=gpu-count-slider]'); return [s.value, s.max, s.getAttribute('aria-valuetext')];")
        .await;
    assert_eq!(
        thumb[0], thumb[1],
        "the thumb is at the slider's end: {thumb}"
    );
    let spoken = thumb[2].as_str().unwrap_or_default();
    assert!(spoken.starts_with(&format::gpus(beyond)), "{spoken}");
    // Half a million GPUs still finish (slowly): the figures are the core's again.
    let large = 500_000.0;
    commit_typed(&app, "gpu-count", &format!("{large}")).await;
    expected_input.gpu_count = Some(large);
    expect_figures(&app, &expected_input).await;
    app.quit().await;
}

#[tokio::test]
async fn keyboard_slider_moves_change_the_figures() {
    let home = Home::new();
    let app = App::launch(&home).await;
    app.wait_text("total-cost", WAIT, |t| t.contains("$5.58 M"))
        .await;
    // Each arrow moves the GPU count one stop; the figures are then the core's for that count.
    let mut input = deepseek_in_editor();
    let mut count = field_number(&app, "gpu-count").await;
    assert_eq!(Some(count), input.gpu_count);
    let slider = app.by_testid("gpu-count-slider").await;
    for _ in 0..3 {
        slider.send_keys(ARROW_RIGHT).await.expect("arrow");
        let moved = wait_field_change(&app, "gpu-count", count).await;
        assert!(
            moved > count,
            "the typed field follows the slider: {count} → {moved}"
        );
        count = moved;
        input.gpu_count = Some(count);
        expect_figures(&app, &input).await;
    }
    // Duration slider too.
    let days_before = field_number(&app, "duration-days").await;
    let days = app.by_testid("duration-days-slider").await;
    days.send_keys(ARROW_RIGHT).await.expect("arrow");
    let days_after = wait_field_change(&app, "duration-days", days_before).await;
    assert!(days_after > days_before, "{days_before} → {days_after}");
    input.duration_days = Some(days_after);
    expect_figures(&app, &input).await;
    app.screenshot("keyboard_slider").await;

    // Unsaved changes: New asks first. Escape keeps them; Discard starts a new scenario.
    let moved_total = app.text("total-cost").await;
    app.click_js("new-scenario").await;
    let ask = app
        .wait_text("confirm-dialog", WAIT, |t| t.contains("Discard"))
        .await;
    app.screenshot("confirm_discard").await;
    assert!(ask.contains("unsaved changes"), "{ask}");
    app.by_testid("confirm-dialog")
        .await
        .send_keys("\u{E00C}")
        .await
        .expect("escape");
    app.wait_js(
        "!document.querySelector(\"[data-testid='confirm-dialog']\")",
        WAIT,
    )
    .await;
    assert_eq!(app.text("total-cost").await, moved_total, "changes kept");
    app.click_js("new-scenario").await;
    app.by_testid("confirm-dialog").await;
    app.js("document.querySelector(\"[data-testid='confirm-dialog'] button.danger\").click(); return null;")
        .await;
    app.wait_js(
        "!document.querySelector(\"[data-testid='confirm-dialog']\")",
        WAIT,
    )
    .await;
    app.wait_text("total-cost", WAIT, |t| t != moved_total)
        .await;
    app.quit().await;
}

#[tokio::test]
async fn dragging_a_slider_with_the_mouse_moves_thumb_field_and_figures_together() {
    use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
    let home = Home::new();
    let app = App::launch(&home).await;
    app.wait_text("total-cost", WAIT, |t| t.contains("$5.58 M"))
        .await;
    let slider = app.by_testid("gpu-count-slider").await;
    let width = app
        .js("return document.querySelector('[data-testid=gpu-count-slider]').getBoundingClientRect().width;")
        .await
        .as_f64()
        .expect("width");
    // Press at the left end (1 GPU), drag past the right end (1,000,000 GPUs), release.
    let half = width / 2.0;
    let drag = MouseActions::new("mouse".into())
        .then(PointerAction::MoveToElement {
            element: slider.clone(),
            duration: None,
            x: -half + 2.0,
            y: 0.0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::MoveBy {
            duration: None,
            x: width / 2.0,
            y: 0.0,
        })
        .then(PointerAction::MoveBy {
            duration: None,
            x: width / 2.0,
            y: 0.0,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    tokio::time::timeout(Duration::from_secs(20), app.client.perform_actions(drag))
        .await
        .expect("the drag finishes within 20 s")
        .expect("drag");
    let top = limits::slider::GPU_COUNT.1;
    app.wait_js(
        &format!(
            "document.querySelector('[data-testid=gpu-count]').value === '{}'",
            format::plain_number(top)
        ),
        WAIT,
    )
    .await;
    let mut input = deepseek_in_editor();
    input.gpu_count = Some(top);
    // At the slider's end the preset's interruption rate stops every run: the core's sentence.
    expect_never_finishes(&app, &input).await;
    let thumb = app
        .js("const s = document.querySelector('[data-testid=gpu-count-slider]'); return [s.value, s.max];")
        .await;
    assert_eq!(thumb[0], thumb[1], "the thumb is at the right end: {thumb}");
    // One drag is one undo step: undo returns to 2,048 GPUs.
    app.js("document.querySelector('[aria-label=Undo]').click(); return null;")
        .await;
    app.wait_js(
        "document.querySelector('[data-testid=gpu-count]').value === '2,048'",
        WAIT,
    )
    .await;
    app.screenshot("mouse_drag").await;
    app.quit().await;
}

#[tokio::test]
async fn saved_scenario_survives_a_restart_with_the_same_total() {
    let home = Home::new();
    let app = App::launch(&home).await;
    app.wait_text("total-cost", WAIT, |t| t.contains("$5.58 M"))
        .await;
    type_into(&app, "gpu-count", "4096").await;
    let mut expected_input = deepseek_in_editor();
    expected_input.gpu_count = Some(4096.0);
    let expected = evaluate(&expected_input).expect("valid");
    expect_figures(&app, &expected_input).await;
    let save = app.by_testid("save-scenario").await;
    save.click().await.expect("click save");
    type_into(&app, "scenario-name", "E2E plan\u{E007}").await;
    app.wait_text("scenario-list", WAIT, |t| t.contains("E2E plan"))
        .await;
    app.screenshot("saved_before_restart").await;
    app.quit().await;

    let app = App::launch(&home).await;
    let list = app
        .wait_text("scenario-list", WAIT, |t| t.contains("E2E plan"))
        .await;
    let item = app
        .client
        .find_all(fantoccini::Locator::Css("[data-testid='scenario-item']"))
        .await
        .expect("items");
    let mut found = None;
    for i in item {
        let t = i.text().await.expect("text");
        if t.contains("E2E plan") {
            found = Some(t);
        }
    }
    let found = found.unwrap_or_else(|| panic!("E2E plan not listed in {list}"));
    let listed = format::usd(expected.total_cost_usd);
    assert!(found.contains(&listed), "listed {found:?}, core {listed}");
    // Opened (the app reopens the scenario opened last when the web view kept that note), every
    // figure is the core's.
    app.js(
        "const b = [...document.querySelectorAll(\"[data-testid='scenario-item'] .item-main\")].find((e) => e.textContent.includes('E2E plan')); b.click(); return null;",
    )
    .await;
    app.wait_js("document.title.startsWith('E2E plan')", WAIT)
        .await;
    expect_figures(&app, &expected_input).await;
    app.screenshot("saved_after_restart").await;
    app.quit().await;

    // What is stored is the editor's input (the duration up to float dust: the editor turned the
    // preset's GPU-hours into days itself), and the stored total is the core's for it.
    let store = Store::open(&home.db(), &[]).expect("the database opens");
    let stored = store.find("E2E plan").expect("saved").input;
    let stored_days = stored.duration_days.expect("a duration");
    let expected_days = expected_input.duration_days.expect("a duration");
    assert!(
        close(stored_days, expected_days),
        "{stored_days} vs {expected_days}"
    );
    let mut same = stored.clone();
    same.duration_days = expected_input.duration_days;
    assert_eq!(same, expected_input);
    let stored_eval = evaluate(&stored).expect("the stored input evaluates");
    assert!(close(stored_eval.total_cost_usd, expected.total_cost_usd));
    let summary = store
        .list(None)
        .expect("list")
        .into_iter()
        .find(|s| s.name == "E2E plan")
        .expect("listed");
    assert_eq!(summary.total_cost_usd, Some(stored_eval.total_cost_usd));
}

#[tokio::test]
async fn bad_input_shows_an_inline_error_and_keeps_the_last_valid_state() {
    let home = Home::new();
    let app = App::launch(&home).await;
    app.wait_text("total-cost", WAIT, |t| t.contains("$5.58 M"))
        .await;
    for bad in ["-5", "abc", "1e12", ""] {
        type_into(&app, "gpu-count", bad).await;
        let field = app.by_testid("gpu-count").await;
        field.send_keys(TAB).await.expect("tab");
        let error = app
            .wait_text("gpu-count-error", WAIT, |t| !t.is_empty())
            .await;
        // The typed field takes what the core accepts.
        let max = format::plain_number(limits::GPU_COUNT.1);
        assert!(error.contains(&max), "{bad:?}: {error}");
        assert!(
            app.text("total-cost").await.contains("$5.58 M"),
            "{bad:?}: last valid state kept"
        );
    }
    app.screenshot("bad_input").await;
    // Fixing the field clears the error.
    type_into(&app, "gpu-count", "2048").await;
    app.wait_js(
        "!document.querySelector(\"[data-testid='gpu-count-error']\")",
        WAIT,
    )
    .await;
    // F1 lists the keyboard shortcuts; Escape closes the list.
    const F1: &str = "\u{E031}";
    const ESCAPE: &str = "\u{E00C}";
    app.by_testid("gpu-count")
        .await
        .send_keys(F1)
        .await
        .expect("F1");
    let list = app
        .wait_text("shortcuts-dialog", WAIT, |t| t.contains("Ctrl+S"))
        .await;
    assert!(list.contains("Undo") && list.contains("Page Up"), "{list}");
    app.by_testid("shortcuts-close")
        .await
        .send_keys(ESCAPE)
        .await
        .expect("escape");
    app.wait_js(
        "!document.querySelector(\"[data-testid='shortcuts-dialog']\")",
        WAIT,
    )
    .await;
    app.quit().await;
}

#[tokio::test]
async fn a_database_that_cannot_be_opened_is_reported_and_left_untouched() {
    let home = Home::new();
    let db = home.dir.path().join("notes.db");
    let bytes = b"not a database, my notes".repeat(50);
    std::fs::write(&db, &bytes).expect("write");
    let app = App::launch_with(&home, db.clone()).await;
    let dialog = app.text("db-error-dialog").await;
    assert!(dialog.contains("left untouched"), "{dialog}");
    app.screenshot("db_error").await;
    app.quit().await;
    assert_eq!(std::fs::read(&db).expect("read"), bytes);
}

#[tokio::test]
async fn exporting_a_chart_from_the_window_writes_the_png_on_screen() {
    let home = Home::new();
    let app = App::launch(&home).await;
    app.wait_text("total-cost", WAIT, |t| t.contains("$5.58 M"))
        .await;
    app.by_testid("export-cost-vs-gpus")
        .await
        .click()
        .await
        .expect("click export");
    // The sheet opens with the defaults: PNG, 1600 × 900, 1×.
    app.by_testid("export-save")
        .await
        .click()
        .await
        .expect("save");
    let toast = app
        .wait_text("toast", WAIT, |t| t.contains("Exported to"))
        .await;
    let files: Vec<_> = std::fs::read_dir(home.exports())
        .expect("exports dir")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(files.len(), 1, "one file, no temporary left: {files:?}");
    let path = &files[0];
    assert!(toast.contains(&path.display().to_string()), "{toast}");
    assert_eq!(path.extension().and_then(|e| e.to_str()), Some("png"));
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(path).expect("open"),
    ));
    let reader = decoder.read_info().expect("a PNG");
    assert_eq!((reader.info().width, reader.info().height), (1600, 900));
    assert!(
        std::fs::metadata(path).expect("meta").len() > 20_000,
        "not blank"
    );
    app.screenshot("export").await;
    app.quit().await;
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    let reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .expect("a PNG");
    (reader.info().width, reader.info().height)
}

/// The files in the exports folder, without temporary leftovers.
fn exported(home: &Home) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(home.exports())
        .expect("exports dir")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    files
}

#[tokio::test]
async fn export_sheet_sets_format_size_and_theme_and_copies_image_and_summary() {
    let home = Home::new();
    let app = App::launch(&home).await;
    app.wait_text("total-cost", WAIT, |t| t.contains("$5.58 M"))
        .await;

    // Breakdown as a dark 1200 × 675 SVG.
    app.by_testid("export-breakdown")
        .await
        .click()
        .await
        .expect("open sheet");
    app.by_testid("export-sheet").await;
    app.click_js("export-format-svg").await;
    app.click_js("export-theme-dark").await;
    type_into(&app, "export-width", "1200").await;
    type_into(&app, "export-height", "675").await;
    app.by_testid("export-save")
        .await
        .click()
        .await
        .expect("save");
    app.wait_text("toast", WAIT, |t| t.contains("Exported to"))
        .await;
    let files = exported(&home);
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(files[0].extension().and_then(|e| e.to_str()), Some("svg"));
    let svg = std::fs::read_to_string(&files[0]).expect("svg");
    assert!(
        svg.contains(r#"width="1200""#) && svg.contains(r#"height="675""#),
        "size"
    );
    assert!(svg.contains("Cost breakdown"), "title");
    assert!(svg.contains("DeepSeek-V3"), "scenario name in the footnote");
    let dark_bg = costscope_render_dark_background();
    assert!(
        svg.to_lowercase().contains(&dark_bg),
        "dark background {dark_bg}"
    );

    // Bad size: inline message with the range, Save disabled, nothing written.
    app.by_testid("export-cost-vs-gpus")
        .await
        .click()
        .await
        .expect("open sheet");
    app.click_js("export-format-png").await;
    type_into(&app, "export-width", "1e12").await;
    let sheet = app.text("export-sheet").await;
    assert!(
        sheet.contains("Width must be a whole number of pixels from 200 to 8,000."),
        "{sheet}"
    );
    let disabled = app
        .js("return document.querySelector('[data-testid=export-save]').disabled;")
        .await;
    assert_eq!(disabled, serde_json::Value::Bool(true));
    app.screenshot("export_sheet_bad_size").await;
    // CSV is data, not an image: no "Copy image" then.
    app.click_js("export-format-csv").await;
    app.wait_js(
        "!document.querySelector('[data-testid=export-copy-image]')",
        WAIT,
    )
    .await;
    app.click_js("export-format-png").await;

    // 800 × 675 at 2× onto the clipboard as an image.
    type_into(&app, "export-width", "800").await;
    app.click_js("export-hidpi").await;
    app.by_testid("export-copy-image")
        .await
        .click()
        .await
        .expect("copy");
    let toast = app
        .wait_text("toast", WAIT, |t| t.contains("Copied the chart"))
        .await;
    assert!(toast.contains("1,600 × 1,350"), "{toast}");
    let targets = String::from_utf8(app.clipboard("TARGETS")).expect("utf8");
    assert!(targets.contains("image/png"), "{targets}");
    assert_eq!(png_size(&app.clipboard("image/png")), (1600, 1350));
    assert_eq!(exported(&home).len(), 1, "copying writes no file");

    // The summary table: tab-separated text and an HTML table.
    app.by_testid("copy-summary")
        .await
        .click()
        .await
        .expect("copy summary");
    app.wait_text("toast", WAIT, |t| t.contains("summary table"))
        .await;
    let text = String::from_utf8(app.clipboard("UTF8_STRING")).expect("utf8");
    let expected = evaluate(&deepseek_in_editor()).expect("evaluates");
    let total_row = text
        .lines()
        .find(|l| l.starts_with("Total cost\t"))
        .unwrap_or_else(|| panic!("{text}"));
    let cells: Vec<&str> = total_row.split('\t').collect();
    assert_eq!(cells[1], format::usd(expected.total_cost_usd));
    let number: f64 = cells[2].parse().expect("a plain number");
    assert!((number - expected.total_cost_usd).abs() < 1e-6 * expected.total_cost_usd);
    let html = String::from_utf8(app.clipboard("text/html")).expect("utf8");
    assert!(html.contains("<td>Total cost</td>"), "{html}");
    app.screenshot("export_sheet").await;
    app.quit().await;
}

/// The dark theme's background colour as the renderer writes it in SVG (`#rrggbb`).
fn costscope_render_dark_background() -> String {
    let chart =
        costscope_core::api::screen(&deepseek_preset(), costscope_core::analysis::Hold::Work)
            .expect("screen")
            .charts
            .remove(0);
    let options = costscope_render::RenderOptions {
        theme: costscope_render::Theme::Dark,
        ..Default::default()
    };
    let light = costscope_render::RenderOptions::default();
    let dark_svg = costscope_render::render_svg(&chart, &options).expect("svg");
    let light_svg = costscope_render::render_svg(&chart, &light).expect("svg");
    // The first fill colour that differs between the themes is the background.
    let fills = |s: &str| -> Vec<String> {
        s.to_lowercase()
            .match_indices("fill=\"#")
            .map(|(i, _)| s[i + 6..i + 13].to_lowercase())
            .collect()
    };
    let (d, l) = (fills(&dark_svg), fills(&light_svg));
    d.into_iter()
        .zip(l)
        .find(|(a, b)| a != b)
        .map(|(a, _)| a)
        .expect("the themes differ")
}

#[tokio::test]
async fn scenario_files_export_and_import_with_a_clash_choice_and_results_export_as_json() {
    let home = Home::new();
    let app = App::launch(&home).await;
    app.wait_text("total-cost", WAIT, |t| t.contains("$5.58 M"))
        .await;
    let listed = |n: usize| {
        format!("document.querySelectorAll('[data-testid=scenario-item]').length === {n}")
    };
    let seeded = presets::builtin().expect("presets").len();
    app.wait_js(&listed(seeded), WAIT).await;

    // Export every scenario to one file.
    app.by_testid("export-scenarios")
        .await
        .click()
        .await
        .expect("export all");
    app.wait_text("toast", WAIT, |t| t.contains("Exported"))
        .await;
    let file = home.exports().join("scenarios.costscope");
    let text = std::fs::read_to_string(&file).expect("scenario file");
    let parsed = costscope_core::exchange::ScenarioFile::parse(&text).expect("valid file");
    assert_eq!(parsed.scenarios.len(), seeded);

    // Import it back: every name clashes; "Keep both" adds copies under new names.
    std::fs::write(home.exports().join("import.json"), &text).expect("write");
    app.by_testid("import-scenarios")
        .await
        .click()
        .await
        .expect("import");
    let dialog = app.text("import-dialog").await;
    assert!(dialog.contains("already"), "{dialog}");
    app.by_testid("import-keep-both")
        .await
        .click()
        .await
        .expect("keep both");
    let toast = app
        .wait_text("toast", WAIT, |t| t.contains("Import:"))
        .await;
    assert!(toast.contains("under new names"), "{toast}");
    app.wait_js(&listed(2 * seeded), WAIT).await;
    let list = app.text("scenario-list").await;
    assert!(
        list.contains("DeepSeek-V3 (as reported) (imported)"),
        "{list}"
    );

    // A damaged file: one sentence, nothing saved.
    std::fs::write(
        home.exports().join("import.json"),
        text.replacen("\"version\": 1", "\"version\": 99", 1),
    )
    .expect("write");
    app.by_testid("import-scenarios")
        .await
        .click()
        .await
        .expect("import");
    let status = app
        .wait_text("status", WAIT, |t| t.contains("Nothing was imported"))
        .await;
    assert!(status.contains("version"), "{status}");
    app.wait_js(&listed(2 * seeded), WAIT).await;

    // The open scenario and its result as JSON.
    app.by_testid("export-result")
        .await
        .click()
        .await
        .expect("export result");
    app.wait_text("toast", WAIT, |t| t.contains("-result.json"))
        .await;
    let result = exported(&home)
        .into_iter()
        .find(|p| p.to_string_lossy().ends_with("-result.json"))
        .expect("result file");
    let result: costscope_core::report::ResultFile =
        serde_json::from_str(&std::fs::read_to_string(result).expect("read"))
            .expect("a result file");
    assert_eq!(result.name, "DeepSeek-V3 (as reported)");
    assert_eq!(
        result.evaluation,
        evaluate(&result.input).expect("evaluates")
    );
    assert_eq!(
        result.evaluation.total_cost_usd,
        evaluate(&deepseek_in_editor()).expect("ok").total_cost_usd
    );
    app.screenshot("import").await;
    app.quit().await;
}

/// One of the app's performance arrays (window.__costscopePerf.NAME), sorted.
async fn sorted_samples(app: &App, name: &str) -> Vec<f64> {
    sorted_numbers(app, &format!("return window.__costscopePerf.{name} || [];")).await
}

/// The numbers of the array `script` returns, sorted.
async fn sorted_numbers(app: &App, script: &str) -> Vec<f64> {
    let v = app.js(script).await;
    let mut ms: Vec<f64> = v
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|v| v.as_f64())
        .collect();
    ms.sort_by(f64::total_cmp);
    ms
}

fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    sorted
        .get(((sorted.len() as f64 - 1.0) * p).round() as usize)
        .copied()
}

/// Presses the arrow keys on the element with this test id 300 times: 30 right, 30 left, …
async fn press_arrows(app: &App, testid: &str) {
    let slider = app.by_testid(testid).await;
    const LEFT: &str = "\u{E012}";
    for i in 0..300 {
        slider
            .send_keys(if (i / 30) % 2 == 0 { ARROW_RIGHT } else { LEFT })
            .await
            .expect("key");
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
}

/// The app's own work per rendered result (the `screen` round trip plus applying the result
/// to the DOM and the charts, before the frame is painted), ms, sorted.
async fn own_work_samples(app: &App) -> Vec<f64> {
    sorted_numbers(
        app,
        "const p = window.__costscopePerf; return (p.ipcMs || []).map((ipc, i) => ipc + (p.applyMs[i] ?? 0));",
    )
    .await
}

/// Moves one slider 300 keyboard steps (30 right, 30 left, …) and returns its latency samples,
/// its own-work samples and where the time went.
async fn drive_slider(app: &App, id: &str) -> (Vec<f64>, Vec<f64>, serde_json::Value) {
    app.js("const p = window.__costscopePerf; for (const k of ['samples', 'ipcMs', 'applyMs', 'frameMs', 'paintMs', 'inputAt']) p[k] = []; p.chartMs = {}; return null;")
        .await;
    press_arrows(app, &format!("{id}-slider")).await;
    let ms = sorted_samples(app, "samples").await;
    let own = own_work_samples(app).await;
    assert!(ms.len() >= 100, "{id}: only {} samples", ms.len());
    let mut parts = serde_json::json!({
        "samples": ms.len(),
        "p50_ms": percentile(&ms, 0.50), "p95_ms": percentile(&ms, 0.95),
        "p99_ms": percentile(&ms, 0.99), "max_ms": percentile(&ms, 1.0),
    });
    for (name, key) in [
        ("ipc", "ipcMs"),
        ("apply", "applyMs"),
        ("to_frame_start", "frameMs"),
        ("paint", "paintMs"),
    ] {
        let v = sorted_samples(app, key).await;
        parts[format!("{name}_p50_ms")] = serde_json::json!(percentile(&v, 0.50));
        parts[format!("{name}_p95_ms")] = serde_json::json!(percentile(&v, 0.95));
    }
    // How fast the input came (WebDriver's key presses, one after another), and what each
    // chart's redraw cost on average (the page's clock is coarse: a mean of many is the figure).
    let at = app.js("return window.__costscopePerf.inputAt || [];").await;
    let at: Vec<f64> = at
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_f64())
        .collect();
    let mut gaps: Vec<f64> = at.windows(2).map(|w| w[1] - w[0]).collect();
    gaps.sort_by(f64::total_cmp);
    parts["input_interval_p50_ms"] = serde_json::json!(percentile(&gaps, 0.50));
    let charts = app
        .js("const c = window.__costscopePerf.chartMs || {}; return Object.fromEntries(Object.entries(c).map(([k, v]) => [k, { redraws: v.length, mean_ms: v.reduce((a, b) => a + b, 0) / Math.max(1, v.length) }]));")
        .await;
    parts["chart_redraws"] = charts;
    parts["own_work_p50_ms"] = serde_json::json!(percentile(&own, 0.50));
    parts["own_work_p95_ms"] = serde_json::json!(percentile(&own, 0.95));
    (ms, own, parts)
}

/// The paint floor of a slider frame, measured like the app's frames: a range input laid
/// (nearly invisible) over the GPU-count slider, driven by the same key presses, whose input
/// handler only repaints the boxes a slider frame of the app repaints (the slider and its
/// field, the figures, the cost and breakdown charts, the breakdown list: translucent boxes
/// over them change colour) and times input → that frame painted, as the app does. No IPC, no
/// chart work: what the web view costs for that damage on this machine.
async fn slider_paint_floor(app: &App) -> (Vec<f64>, serde_json::Value) {
    let rects = app
        .js(r#"const q = (s) => document.querySelector(s);
            const parts = ["[data-testid='gpu-count-slider']", "[data-testid='gpu-count']", 'section.figures',
              "[data-testid='chart-cost-vs-gpus']", "[data-testid='chart-breakdown']", "[data-testid='breakdown-list']"];
            const rects = parts.map(q).filter(Boolean).map((e) => e.getBoundingClientRect());
            const boxes = rects.map((r) => {
              const d = document.createElement('div');
              d.style.cssText = `position:fixed;left:${r.x}px;top:${r.y}px;width:${r.width}px;height:${r.height}px;z-index:99;pointer-events:none;background:rgba(255,255,255,0.01)`;
              document.body.appendChild(d);
              return d;
            });
            const s = q("[data-testid='gpu-count-slider']").getBoundingClientRect();
            const input = document.createElement('input');
            Object.assign(input, { type: 'range', min: '0', max: '1000', value: '500' });
            input.dataset.testid = 'bench-floor-slider';
            input.style.cssText = `position:fixed;left:${s.x}px;top:${s.y}px;width:${s.width}px;height:${s.height}px;margin:0;z-index:100;opacity:0.01`;
            document.body.appendChild(input);
            window.__benchFloor = [];
            let flip = false;
            input.addEventListener('input', (e) => {
              const now = performance.now();
              const t = e.timeStamp > 0 && e.timeStamp <= now ? e.timeStamp : now;
              flip = !flip;
              for (const b of boxes) b.style.background = flip ? 'rgba(255,255,255,0.02)' : 'rgba(255,255,255,0.01)';
              requestAnimationFrame(() => {
                const ch = new MessageChannel();
                ch.port1.onmessage = () => window.__benchFloor.push(performance.now() - t);
                ch.port2.postMessage(null);
              });
            });
            return rects.map((r) => [Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height)]);"#)
        .await;
    press_arrows(app, "bench-floor-slider").await;
    let ms = sorted_numbers(app, "return window.__benchFloor;").await;
    app.js("document.querySelectorAll(\"[data-testid='bench-floor-slider']\").forEach((e) => e.remove()); return null;")
        .await;
    let report = serde_json::json!({
        "samples": ms.len(),
        "p50_ms": percentile(&ms, 0.50), "p95_ms": percentile(&ms, 0.95),
        "damaged_rects_css_px": rects,
    });
    (ms, report)
}

/// Which kind of rendering the web view ran on: GPU compositing needs a render node (and
/// Costscope turns the DMA-BUF renderer off without one, or with NVIDIA's driver); the WebGL
/// renderer's name says whether GL is hardware or software (llvmpipe).
async fn rendering_kind(app: &App) -> serde_json::Value {
    let gl = app
        .js("const c = document.createElement('canvas'); const gl = c.getContext('webgl');              if (!gl) return 'no WebGL'; const x = gl.getExtension('WEBGL_debug_renderer_info');              return String(gl.getParameter(x ? x.UNMASKED_RENDERER_WEBGL : gl.RENDERER));")
        .await;
    let render_node = std::fs::read_dir("/dev/dri").is_ok_and(|entries| {
        entries
            .filter_map(Result::ok)
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    });
    let nvidia = std::path::Path::new("/proc/driver/nvidia/version").exists();
    let gl_name = gl.as_str().unwrap_or("?").to_string();
    let software_gl = gl_name.to_lowercase().contains("llvmpipe")
        || gl_name.to_lowercase().contains("softpipe")
        || gl_name == "no WebGL";
    let gpu = render_node && !nvidia && !software_gl;
    serde_json::json!({
        "kind": if gpu { "gpu" } else { "software" },
        "gpu_render_node": render_node,
        "webgl_renderer": gl_name,
        "note": if gpu {
            "GPU compositing (DMA-BUF renderer): the absolute budget p95 ≤ 16 ms applies too"
        } else {
            "software: no usable GPU, WebKitGTK paints in shared memory; judged against the paint floor"
        },
    })
}

/// Latency of slider input → figures and charts repainted, read from the app's performance
/// samples (the GPU-count and the duration slider). Not a pass/fail timing test: run it with
/// `dev.sh bench` (release build) and read the figures from tests/artifacts/perf.json.
#[tokio::test]
#[ignore = "a benchmark; run by `src-tauri/scripts/dev.sh bench`"]
async fn bench_slider_to_repaint() {
    let home = Home::new();
    let app = App::launch(&home).await;
    app.wait_text("total-cost", WAIT, |t| t.contains("$5.58 M"))
        .await;
    let first_chart_ms = app.js("return window.__costscopePerf.firstChartMs;").await;
    let rendering = rendering_kind(&app).await;
    let (mut all, mut own, gpu_count) = drive_slider(&app, "gpu-count").await;
    let (duration, duration_own, duration_parts) = drive_slider(&app, "duration-days").await;
    all.extend(duration);
    all.sort_by(f64::total_cmp);
    own.extend(duration_own);
    own.sort_by(f64::total_cmp);
    // The paint floor, in the same run, right after the app's frames.
    let (floor, floor_report) = slider_paint_floor(&app).await;
    // The chart floor, in the same run: what a data-only ECharts redraw of plain charts costs
    // here, in a box the size of the cost chart (the app's own redraw is read against it).
    let chart_floor = app
        .client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
            window.__costscopeChartFloor('chart-cost-vs-gpus', 100).then(done, (e) => done({ error: String(e) }));"#,
            vec![],
        )
        .await
        .expect("chart floor");
    assert!(
        chart_floor.get("error").is_none(),
        "chart floor: {chart_floor}"
    );
    // With the deadline held, the cost curve does not depend on the GPU count: only the marker
    // moves (the chart is not redrawn). Reported apart; not in the pooled figures above.
    app.click_js("hold-duration").await;
    let (_, _, marker_only) = drive_slider(&app, "gpu-count").await;
    // The IPC floor, without painting: a command with a tiny answer (the trash list, empty)
    // and the slider's `screen` command, each called 100 times in a row from the page.
    let probe = app
        .client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
            (async () => {
              const inv = window.__TAURI_INTERNALS__.invoke;
              const list = await inv('list_scenarios', { search: null });
              const s = await inv('get_scenario', { id: list[0].id });
              const time = async (f) => { const a = performance.now(); await f(); return performance.now() - a; };
              const small = [], screen = [];
              let bytes = 0;
              for (let i = 0; i < 100; i++) small.push(await time(() => inv('list_deleted')));
              for (let i = 0; i < 100; i++) screen.push(await time(async () => {
                const r = await inv('screen', { input: s.input, hold: 'work', name: s.name });
                bytes = JSON.stringify(r).length;
              }));
              done({ small, screen, bytes });
            })().catch((e) => done({ error: String(e) }));"#,
            vec![],
        )
        .await
        .expect("IPC probe");
    let sorted = |key: &str| {
        let mut v: Vec<f64> = probe[key]
            .as_array()
            .unwrap_or_else(|| panic!("probe: {probe}"))
            .iter()
            .filter_map(|x| x.as_f64())
            .collect();
        v.sort_by(f64::total_cmp);
        v
    };
    let (small, screen) = (sorted("small"), sorted("screen"));
    let pct = percentile;
    let report = serde_json::json!({
        "samples": all.len(),
        "p50_ms": pct(&all, 0.50), "p95_ms": pct(&all, 0.95), "p99_ms": pct(&all, 0.99), "max_ms": pct(&all, 1.0),
        "rendering": rendering,
        "paint_floor": floor_report,
        "chart_floor": chart_floor,
        "app_frame_p95_over_floor_p95": pct(&all, 0.95).zip(pct(&floor, 0.95)).map(|(a, f)| a / f),
        "own_work_p50_ms": pct(&own, 0.50), "own_work_p95_ms": pct(&own, 0.95),
        "gpu_count_slider": gpu_count,
        "duration_slider": duration_parts,
        "gpu_count_slider_deadline_held_marker_only": marker_only,
        "ipc_floor_tiny_p50_ms": pct(&small, 0.50), "ipc_floor_tiny_p95_ms": pct(&small, 0.95),
        "ipc_screen_alone_p50_ms": pct(&screen, 0.50), "ipc_screen_alone_p95_ms": pct(&screen, 0.95),
        "screen_response_bytes": probe["bytes"],
        "launch_to_first_chart_ms": app.launch_to_ready.as_secs_f64() * 1000.0,
        "first_chart_ms_since_navigation": first_chart_ms,
    });
    write_artifact_json("perf.json", &report);
    app.quit().await;
}

/// What one painted frame costs the web view on this machine, whatever the app draws: a frame
/// that repaints one box of a given size, and one that repaints a given number of 10 × 10 px
/// spots spread over the window. WebKitGTK without a GPU paints a frame's dirty area in software
/// and, past ten separate spots, paints their whole bounding box instead; these figures tell
/// how much of the slider latency is the engine's, so that a run on another machine can be
/// compared. Written to tests/artifacts/paint.json.
#[tokio::test]
#[ignore = "a benchmark; run by `src-tauri/scripts/dev.sh bench`"]
async fn bench_paint_cost_by_area() {
    let home = Home::new();
    let app = App::launch(&home).await;
    app.wait_text("total-cost", WAIT, |t| t.contains("$5.58 M"))
        .await;
    let report = app
        .client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
            (async () => {
              // A frame callback, then a task: the frame's style, layout and paint lie between.
              const frame = () => new Promise((r) => requestAnimationFrame(() => {
                const t = performance.now();
                const ch = new MessageChannel();
                ch.port1.onmessage = () => r(performance.now() - t);
                ch.port2.postMessage(null);
              }));
              const box = (x, y, w, h) => {
                const d = document.createElement('div');
                d.style.cssText = `position:fixed;left:${x}px;top:${y}px;width:${w}px;height:${h}px;z-index:99;pointer-events:none;background:#fff`;
                document.body.appendChild(d);
                return d;
              };
              const measure = async (boxes) => {
                const ms = [];
                for (let i = 0; i < 40; i++) {
                  for (const b of boxes) b.style.background = i % 2 ? '#fdfdfd' : '#fcfcfc';
                  ms.push(await frame());
                  await new Promise((r) => setTimeout(r, 25));
                }
                boxes.forEach((b) => b.remove());
                await new Promise((r) => setTimeout(r, 100));
                ms.sort((a, b) => a - b);
                return { p50_ms: ms[20], mean_ms: +(ms.reduce((a, b) => a + b, 0) / ms.length).toFixed(2) };
              };
              const out = { window: [innerWidth, innerHeight], one_box: {}, spots: {} };
              out.nothing = await measure([]);
              for (const [w, h] of [[10, 10], [100, 100], [300, 300], [700, 450], [innerWidth, innerHeight]]) {
                out.one_box[`${w}x${h}`] = await measure([box(0, 0, w, h)]);
              }
              for (const k of [2, 5, 10, 11, 16]) {
                const spots = [];
                for (let j = 0; j < k; j++) spots.push(box(20 + (j % 4) * Math.floor((innerWidth - 40) / 4), 20 + Math.floor(j / 4) * 200, 10, 10));
                out.spots[String(k)] = await measure(spots);
              }
              done(out);
            })().catch((e) => done({ error: String(e) }));"#,
            vec![],
        )
        .await
        .expect("paint probe");
    assert!(report.get("error").is_none(), "paint probe: {report}");
    write_artifact_json("paint.json", &report);
    app.quit().await;
}

/// Costs beyond the final run: an added cost and the research multiplier reach the total, the
/// research total and the breakdown exactly as the core computes them; bad entries are refused
/// inline and change nothing; removing the cost brings the preset's total back.
#[tokio::test]
async fn costs_beyond_the_run_and_the_research_multiplier_match_the_core() {
    use costscope_core::model::OtherCost;
    let home = Home::new();
    let app = App::launch(&home).await;
    app.wait_text("total-cost", WAIT, |t| t.contains("$5.58 M"))
        .await;
    app.click_js("add-other-cost").await;
    commit_typed(&app, "other-cost-label-0", "Staff").await;
    commit_typed(&app, "other-cost-usd-0", "1.2M").await;
    let mut input = deepseek_in_editor();
    input.other_costs = vec![OtherCost {
        label: "Staff".into(),
        usd: 1.2e6,
    }];
    let with_staff = evaluate(&input).expect("evaluates");
    let shown = format::usd(with_staff.total_cost_usd);
    app.wait_text("total-cost", WAIT, |t| t.contains(&shown))
        .await;
    let listed = app
        .wait_text("breakdown-list", WAIT, |t| t.contains("Staff"))
        .await;
    assert!(listed.contains(&format::usd(1.2e6)), "{listed}");

    commit_typed(&app, "research-multiplier", "3").await;
    input.research_multiplier = Some(3.0);
    let with_research = evaluate(&input).expect("evaluates");
    assert!(with_research.total_with_research_usd > with_research.total_cost_usd);
    let research = format::usd(with_research.total_with_research_usd);
    app.wait_text("total-with-research", WAIT, |t| t.contains(&research))
        .await;
    let raw = app
        .js("return Number(document.querySelector(\"[data-testid='total-with-research']\").dataset.value);")
        .await;
    assert_eq!(raw.as_f64(), Some(with_research.total_with_research_usd));

    // Bad entries: an inline message naming the range, the last valid figures stay.
    // Typed over a selection, as a user does (WebDriver's clear would first commit "empty",
    // which for the optional multiplier is a valid "not given").
    const BACKSPACE: &str = "\u{E003}";
    for (id, bad, says) in [
        ("other-cost-usd-0", "-5", "$10.0 T"),
        ("other-cost-usd-0", "abc", "$10.0 T"),
        ("research-multiplier", "0.5", "1,000"),
    ] {
        app.js(&format!(
            "const e = document.querySelector(\"[data-testid='{id}']\"); e.scrollIntoView({{ block: 'center' }}); e.focus(); e.select(); return null;"
        ))
        .await;
        let field = app.by_testid(id).await;
        field.send_keys(bad).await.expect("type");
        field.send_keys(TAB).await.expect("tab");
        let error = app
            .wait_text(&format!("{id}-error"), WAIT, |t| !t.is_empty())
            .await;
        assert!(error.contains(says), "{id} {bad:?}: {error}");
        assert!(
            app.text("total-cost").await.contains(&shown),
            "{id} {bad:?}"
        );
        assert!(
            app.text("total-with-research").await.contains(&research),
            "{id} {bad:?}: the research total stays"
        );
    }
    app.screenshot("beyond_the_run").await;

    // An added cost's label is a placeholder, not text the user's typing is appended to: a new
    // row's field is empty, and a cost whose label is erased goes by that placeholder name.
    app.click_js("add-other-cost").await;
    let row = app
        .js("const e = document.querySelector(\"[data-testid='other-cost-label-1']\"); return [e.value, e.placeholder];")
        .await;
    assert_eq!(row, serde_json::json!(["", "Other cost 2"]), "{row}");
    app.click_js("other-cost-remove-1").await;
    app.js("const e = document.querySelector(\"[data-testid='other-cost-label-0']\"); e.focus(); e.select(); return null;")
        .await;
    let label = app.by_testid("other-cost-label-0").await;
    label.send_keys(BACKSPACE).await.expect("erase");
    label.send_keys(TAB).await.expect("tab");
    app.wait_js(
        "!document.querySelector(\"[data-testid='other-cost-label-0-error']\") && document.querySelector(\"[data-testid='other-cost-label-0']\").value === ''",
        WAIT,
    )
    .await;
    assert!(app.text("total-cost").await.contains(&shown));

    // Removing the cost and the multiplier brings the preset back.
    app.click_js("other-cost-remove-0").await;
    commit_typed(&app, "research-multiplier", "").await;
    app.wait_text("total-cost", WAIT, |t| t.contains("$5.58 M"))
        .await;
    app.wait_js(
        "!document.querySelector(\"[data-testid='total-with-research']\") && !document.querySelector(\"[data-testid='other-cost-0']\")",
        WAIT,
    )
    .await;
    app.quit().await;
}

/// Scenarios side by side: the editor's (unsaved) scenario first, then the saved ones ticked;
/// every total is the core's; the lowest is marked; the table copies as tab-separated text with
/// plain numbers; the command refuses bad arguments with a sentence naming `ids`.
#[tokio::test]
async fn comparing_scenarios_side_by_side_matches_the_core_and_copies_as_a_table() {
    let home = Home::new();
    let app = App::launch(&home).await;
    app.wait_text("total-cost", WAIT, |t| t.contains("$5.58 M"))
        .await;
    commit_typed(&app, "gpu-count", "4096").await;
    let mut mine = deepseek_in_editor();
    mine.gpu_count = Some(4096.0);
    let mine_total = evaluate(&mine).expect("evaluates").total_cost_usd;
    app.wait_text("total-cost", WAIT, |t| t.contains(&format::usd(mine_total)))
        .await;

    app.click_js("open-compare").await;
    app.by_testid("compare-table").await;
    let table_js = "const t = document.querySelector(\"[data-testid='compare-table']\"); \
        const names = [...t.querySelectorAll('thead th')].slice(1).map((th) => th.textContent.trim()); \
        const row = (label) => [...t.querySelectorAll(`[data-testid='compare-row-${label}'] td`)].map((td) => ({ value: Number(td.dataset.value), least: td.classList.contains('least') })); \
        return { names, total: row('Total cost') };";
    let table = app.js(table_js).await;
    let names: Vec<String> = serde_json::from_value(table["names"].clone()).expect("names");
    assert_eq!(names[0], "DeepSeek-V3 (as reported) (unsaved)");
    assert!(names.len() >= 3, "{names:?}");
    let all = presets::builtin().expect("presets");
    let expected: Vec<f64> = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            if i == 0 {
                return mine_total;
            }
            let p = all
                .iter()
                .find(|p| &p.name == n)
                .unwrap_or_else(|| panic!("{n} is a preset"));
            evaluate(&p.input).expect("evaluates").total_cost_usd
        })
        .collect();
    let shown: Vec<f64> = table["total"]
        .as_array()
        .expect("cells")
        .iter()
        .map(|c| c["value"].as_f64().expect("number"))
        .collect();
    assert_eq!(shown, expected);
    let least: Vec<usize> = table["total"]
        .as_array()
        .expect("cells")
        .iter()
        .enumerate()
        .filter(|(_, c)| c["least"] == serde_json::json!(true))
        .map(|(i, _)| i)
        .collect();
    // The presets train different models: the cheapest is not marked as the better choice,
    // and the sheet says only the cost per million tokens is.
    assert!(least.is_empty(), "{least:?}");
    let marked = app.text("compare-marked").await;
    assert!(marked.contains("different workloads"), "{marked}");
    let per_token_marks = app
        .js("return document.querySelectorAll(\"[data-testid='compare-row-Per 1M tokens'] td.least\").length;")
        .await;
    assert_eq!(per_token_marks, serde_json::json!(1));
    app.screenshot("compare").await;

    // Copy table: a header of names, then one line a figure with plain numbers.
    app.by_testid("compare-copy")
        .await
        .click()
        .await
        .expect("copy");
    app.wait_text("toast", WAIT, |t| t.contains("Copied the comparison"))
        .await;
    let text = String::from_utf8(app.clipboard("UTF8_STRING")).expect("utf8");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    assert_eq!(
        header[2..],
        names.iter().map(String::as_str).collect::<Vec<_>>()[..]
    );
    let total: Vec<f64> = text
        .lines()
        .find(|l| l.starts_with("Total cost\t"))
        .unwrap_or_else(|| panic!("{text}"))
        .split('\t')
        .skip(2)
        .map(|v| v.parse().expect("plain number"))
        .collect();
    assert_eq!(total, expected);

    // Unticking the editor's column leaves the saved ones; unticking all says so.
    app.click_js("compare-current").await;
    let n = names.len();
    app.wait_js(
        &format!(
            "document.querySelectorAll(\"[data-testid='compare-table'] thead th\").length === {n} \
             && !document.querySelector(\"[data-testid='compare-table'] .editor\")"
        ),
        WAIT,
    )
    .await;
    app.js("document.querySelectorAll(\"[data-testid^='compare-pick-']:checked\").forEach((b) => b.click()); return null;")
        .await;
    app.by_testid("compare-empty").await;

    // The command checks its arguments at the boundary.
    let errors = app
        .client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
            const inv = window.__TAURI_INTERNALS__.invoke;
            const msg = (p) => p.then(() => 'accepted', (e) => (e && e.message) || String(e));
            Promise.all([
              msg(inv('compare_scenarios', { ids: [], current: null })),
              msg(inv('compare_scenarios', { ids: [987654], current: null })),
              msg(inv('compare_scenarios', { ids: 'abc', current: null })),
              msg(inv('compare_scenarios', { ids: [1, 1], current: null })),
            ]).then(done);"#,
            vec![],
        )
        .await
        .expect("invoke");
    let errors: Vec<String> = serde_json::from_value(errors).expect("messages");
    assert!(errors[0].contains("1 to 12"), "{errors:?}");
    assert!(errors[1].contains("987654"), "{errors:?}");
    assert!(errors[2].contains("ids"), "{errors:?}");
    assert!(errors[3].contains("twice"), "{errors:?}");
    app.click_js("compare-close").await;
    app.wait_js(
        "!document.querySelector(\"[data-testid='compare-sheet']\")",
        WAIT,
    )
    .await;
    app.quit().await;
}

/// Issue 14, items 1, 2 and 12 (the switch's name): planning from a claim whose implied MFU is
/// impossible starts from the sourced MFU, not the impossible one; a stated MFU above the
/// published band is flagged beside the figures; a new workload starts empty and gives no
/// verdict until parameters and tokens are both entered.
#[tokio::test]
async fn planning_never_inherits_an_impossible_mfu_and_a_new_workload_starts_empty() {
    use costscope_core::catalog::Defaults;
    let bands = Defaults::builtin().expect("defaults").mfu_bands.clone();
    let home = Home::new();
    let app = App::launch(&home).await;
    app.wait_text("total-cost", WAIT, |t| t.contains("$5.58 M"))
        .await;
    // A preset keeps its workload and its verdict.
    assert!(!app.text("claim-check").await.is_empty());
    // 512 GPUs in the preset's days: the claim would need more than 100 % MFU.
    commit_typed(&app, "gpu-count", "512").await;
    app.wait_js(
        "document.querySelector(\"[data-testid='claim-check']\").dataset.verdict === 'impossible'",
        WAIT,
    )
    .await;
    app.click_js("fixed-work_days").await;
    let mut input = deepseek_in_editor();
    input.gpu_count = None;
    input.mfu = Some(limits::STARTING_MFU);
    expect_figures(&app, &input).await;
    let mfu_pct = field_number(&app, "mfu").await;
    assert!(
        (mfu_pct - limits::STARTING_MFU * 100.0).abs() < 1e-9,
        "{mfu_pct}"
    );
    assert!(
        app.js("return document.querySelector(\"[data-testid='warnings']\") === null;")
            .await
            .as_bool()
            .expect("bool"),
        "a sourced MFU carries no warning"
    );
    // A stated MFU above the published band carries a visible warning.
    let high_pct = ((bands.plausible_up_to + 0.3).min(1.0) * 100.0).round();
    commit_typed(&app, "mfu", &format!("{high_pct}")).await;
    input.mfu = Some(high_pct / 100.0);
    expect_figures(&app, &input).await;
    let warning = app
        .wait_text("warnings", WAIT, |t| t.contains("stated MFU"))
        .await;
    assert!(
        warning.contains(&format::percent(bands.plausible_up_to)),
        "{warning}"
    );
    app.screenshot("planning_mfu_warning").await;

    // A new scenario's workload starts empty, says what it needs and gives no verdict.
    app.click_js("new-scenario").await;
    app.wait_js(
        "document.querySelector(\"[data-testid='confirm-ok']\")",
        WAIT,
    )
    .await;
    app.click_js("confirm-ok").await;
    app.wait_js(
        "document.querySelector(\"[data-testid='workload-switch']\").checked === false",
        WAIT,
    )
    .await;
    let name = app
        .js("const s = document.querySelector(\"[data-testid='workload-switch']\"); const l = document.getElementById(s.getAttribute('aria-labelledby')); return l ? l.textContent.trim() : '';")
        .await;
    assert_eq!(name, serde_json::json!("Workload"), "the switch is named");
    app.click_js("workload-switch").await;
    let needed = app
        .wait_text("workload-needed", WAIT, |t| !t.is_empty())
        .await;
    assert!(needed.contains("Enter parameters and tokens"), "{needed}");
    for id in ["active-params", "tokens"] {
        let v = app.by_testid(id).await.prop("value").await.expect("value");
        assert_eq!(v.unwrap_or_default(), "", "{id} starts empty");
    }
    let no_verdict = "document.querySelector(\"[data-testid='claim-check']\") === null";
    app.wait_js(no_verdict, WAIT).await;
    commit_typed(&app, "active-params", "70B").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.wait_js(no_verdict, WAIT).await;
    commit_typed(&app, "tokens", "15T").await;
    app.wait_js(&format!("!({no_verdict})"), WAIT).await;
    app.screenshot("new_workload").await;
    app.quit().await;
}

/// Issue 14, item 5: a preset shows its source line (title, date, link text) and its caveat one
/// click below the headline, exactly as `assets/presets.json` has them.
#[tokio::test]
async fn a_preset_shows_its_source_and_caveat_below_the_headline() {
    let preset = presets::builtin()
        .expect("presets")
        .iter()
        .find(|p| p.name.starts_with("DeepSeek-V3"))
        .expect("DeepSeek-V3 preset")
        .clone();
    let home = Home::new();
    let app = App::launch(&home).await;
    app.wait_text("total-cost", WAIT, |t| t.contains("$5.58 M"))
        .await;
    // Closed at first: one click on its summary opens it.
    let closed = app
        .js("return document.querySelector(\"[data-testid='preset-source']\").open;")
        .await;
    assert_eq!(closed, serde_json::json!(false));
    app.js(
        "document.querySelector(\"[data-testid='preset-source'] summary\").click(); return null;",
    )
    .await;
    let caveat = app
        .wait_text("preset-caveat", WAIT, |t| !t.is_empty())
        .await;
    assert_eq!(caveat.trim(), preset.description);
    assert!(caveat.contains("FP8"), "{caveat}");
    let line = app.text("preset-source-line").await;
    let source = &preset.sources[0];
    for part in [&source.title, &source.date, &source.url] {
        assert!(line.contains(part.as_str()), "{line} lacks {part}");
    }
    app.screenshot("preset_source").await;
    // A scenario of one's own has no preset line.
    app.click_js("new-scenario").await;
    app.wait_js("document.querySelector(\"[data-testid='confirm-ok']\") || !document.querySelector(\"[data-testid='preset-source']\")", WAIT)
        .await;
    app.js("const b = document.querySelector(\"[data-testid='confirm-ok']\"); if (b) b.click(); return null;")
        .await;
    app.wait_js(
        "!document.querySelector(\"[data-testid='preset-source']\")",
        WAIT,
    )
    .await;
    app.quit().await;
}

/// What overflows horizontally: elements whose right edge passes the window's, and scroll
/// containers that scroll sideways. Empty when the layout fits.
const OVERFLOWS: &str = r#"
const out = [];
const w = document.documentElement.clientWidth;
if (document.documentElement.scrollWidth > w + 1) out.push('page ' + document.documentElement.scrollWidth + ' > ' + w);
for (const e of document.querySelectorAll('.app *')) {
  const r = e.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) continue;
  const name = e.tagName + '.' + (e.className && e.className.baseVal === undefined ? e.className : '') + ' ' + (e.textContent || '').trim().slice(0, 30);
  if (r.right > w + 1) out.push('cut at the right: ' + name + ' ' + Math.round(r.right));
  const ox = getComputedStyle(e).overflowX;
  if ((ox === 'auto' || ox === 'scroll') && e.scrollWidth > e.clientWidth + 1) out.push('scrolls sideways: ' + name + ' ' + e.scrollWidth + ' > ' + e.clientWidth);
}
for (const h of document.querySelectorAll('.panel-head h2, .panel-head h3')) {
  const lh = parseFloat(getComputedStyle(h).lineHeight) || 18;
  if (h.getBoundingClientRect().height > lh * 2.2) out.push('heading wraps: ' + h.textContent.trim());
}
// A library name wraps within its item, never cut at the pane's edge ("… R1's reinfo").
for (const n of document.querySelectorAll('.item-name')) {
  const item = n.closest('.scenario-item');
  if (item && n.getBoundingClientRect().right > item.getBoundingClientRect().right + 1) out.push('library name cut: ' + n.textContent.trim().slice(0, 30));
}
// A select's chosen text must fit (no "989 TFLO…").
const probe = document.createElement('span');
probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap';
document.body.appendChild(probe);
for (const s of document.querySelectorAll('.app select')) {
  if (s.selectedIndex < 0 || s.getBoundingClientRect().width === 0) continue;
  probe.style.font = getComputedStyle(s).font;
  probe.textContent = s.options[s.selectedIndex].text;
  const room = s.clientWidth - parseFloat(getComputedStyle(s).paddingLeft) - parseFloat(getComputedStyle(s).paddingRight);
  if (probe.getBoundingClientRect().width > room + 1) out.push('select text cut: ' + probe.textContent);
}
probe.remove();
return out.slice(0, 20);
"#;

/// Issue 14, item 9: at the minimum window size (1100×700), in light and in dark, nothing
/// overflows horizontally and no chart heading wraps onto several lines.
#[tokio::test]
async fn nothing_overflows_at_the_minimum_window_size_light_and_dark() {
    for dark in [false, true] {
        let home = Home::new();
        let app = App::launch_themed(&home, dark).await;
        app.wait_text("total-cost", WAIT, |t| t.contains("$5.58 M"))
            .await;
        let scheme = app
            .js("return matchMedia('(prefers-color-scheme: dark)').matches;")
            .await;
        assert_eq!(scheme, serde_json::json!(dark), "the scheme asked for");
        app.resize(1100, 700).await;
        let size = app.js("return [innerWidth, innerHeight];").await;
        let width = size[0].as_f64().expect("width");
        assert!(width <= 1100.0, "{size}");
        // Item 10: an unchecked radio is an empty ring, a checked one is not (in dark too).
        let radios = app
            .js("return [...document.querySelectorAll('.fixed-option input')].map(r => [r.checked, getComputedStyle(r).backgroundImage]);")
            .await;
        for r in radios.as_array().expect("radios") {
            let (checked, image) = (r[0].as_bool(), r[1].as_str().unwrap_or_default());
            assert_eq!(
                checked == Some(true),
                image.contains("gradient"),
                "{radios}"
            );
        }
        let overflows = app.js(OVERFLOWS).await;
        let name = if dark {
            "layout_1100_dark"
        } else {
            "layout_1100_light"
        };
        app.screenshot(name).await;
        assert_eq!(overflows, serde_json::json!([]), "{name}: {overflows}");
        app.quit().await;
    }
}

/// Issue 14, item 12: the first Tab stop skips to the editor; the library list is one Tab stop
/// with arrow keys inside it and → into an item's tools; the workload switch has a name.
#[tokio::test]
async fn the_library_is_one_tab_stop_with_arrow_keys_and_a_skip_link_leads_to_the_editor() {
    const ARROW_DOWN: &str = "\u{E015}";
    const ENTER: &str = "\u{E007}";
    let home = Home::new();
    let app = App::launch(&home).await;
    app.wait_text("total-cost", WAIT, |t| t.contains("$5.58 M"))
        .await;
    let active = "return document.activeElement && (document.activeElement.dataset.testid || document.activeElement.id);";
    app.js("document.activeElement && document.activeElement.blur(); return null;")
        .await;
    app.client
        .active_element()
        .await
        .expect("active")
        .send_keys(TAB)
        .await
        .expect("tab");
    assert_eq!(app.js(active).await, serde_json::json!("skip-to-editor"));
    app.client
        .active_element()
        .await
        .expect("active")
        .send_keys(ENTER)
        .await
        .expect("enter");
    app.wait_js("document.activeElement.id === 'gpu-select'", WAIT)
        .await;
    // One Tab stop in the list, whatever its length.
    let stops = app
        .js("return [...document.querySelectorAll(\"[data-testid='scenario-list'] button, [data-testid='scenario-list'] a\")].filter(b => b.tabIndex >= 0 && !b.disabled).length;")
        .await;
    assert_eq!(stops, serde_json::json!(1), "Tab stops in the list");
    let count = app
        .js("return document.querySelectorAll(\"[data-testid='scenario-open']\").length;")
        .await
        .as_u64()
        .expect("count");
    assert!(count >= 2, "{count}");
    // Tab from the search field lands on the one stop; ↓ moves to the next item; → enters its tools.
    app.js("document.querySelector(\"[data-testid='scenario-search']\").focus(); return null;")
        .await;
    let search = app.by_testid("scenario-search").await;
    search.send_keys(TAB).await.expect("tab");
    let first = app
        .js("return document.activeElement.dataset.testid === 'scenario-open' ? document.activeElement.dataset.id : null;")
        .await;
    assert!(first.is_string(), "the list's Tab stop: {first}");
    // Home goes to the top of the list, ↓ to the item below.
    const HOME: &str = "\u{E011}";
    let focused = app.client.active_element().await.expect("active");
    focused.send_keys(HOME).await.expect("home");
    let top = app.js("return document.activeElement.dataset.id;").await;
    let first_id = app
        .js("return document.querySelector(\"[data-testid='scenario-open']\").dataset.id;")
        .await;
    assert_eq!(top, first_id, "Home moves to the first item");
    let focused = app.client.active_element().await.expect("active");
    focused.send_keys(ARROW_DOWN).await.expect("down");
    let second = app.js("return document.activeElement.dataset.id;").await;
    assert_ne!(top, second, "↓ moves to another item");
    assert_eq!(
        app.js("return document.activeElement.dataset.testid;")
            .await,
        serde_json::json!("scenario-open")
    );
    let focused = app.client.active_element().await.expect("active");
    focused.send_keys(ARROW_RIGHT).await.expect("right");
    let tool = app
        .js("return document.activeElement.closest('.item-tools') !== null && document.activeElement.getAttribute('aria-label');")
        .await;
    assert!(
        tool.as_str().is_some_and(|t| t.starts_with("Rename")),
        "{tool}"
    );
    // Focus is visible: the focused tool has an outline.
    let outline = app
        .js("return getComputedStyle(document.activeElement).outlineStyle;")
        .await;
    assert_ne!(outline, serde_json::json!("none"), "visible focus");
    app.screenshot("keyboard_library").await;
    app.quit().await;
}

/// Issue 14, item 8: a chart's tooltip tells the figures on screen. Doubling the price leaves
/// the breakdown's picture unchanged (its redraw is skipped), and the tooltip must still say
/// the new amount.
#[tokio::test]
async fn the_breakdown_tooltip_follows_the_figures_even_when_the_picture_is_unchanged() {
    use fantoccini::actions::{InputSource, MouseActions, PointerAction};
    let home = Home::new();
    let app = App::launch(&home).await;
    app.wait_text("total-cost", WAIT, |t| t.contains("$5.58 M"))
        .await;
    let chart = app.by_testid("chart-breakdown").await;
    app.js("document.querySelector(\"[data-testid='chart-breakdown']\").scrollIntoView({ block: 'center' }); return null;")
        .await;
    let top = app
        .js("const r = document.querySelector(\"[data-testid='chart-breakdown']\").getBoundingClientRect(); return r.height / 2;")
        .await
        .as_f64()
        .expect("height");
    let hover = |dx: f64| {
        MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
            element: chart.clone(),
            duration: None,
            x: dx,
            // The first bar's middle: 6 px of margin, then a 28 px row.
            y: -top + 20.0,
        })
    };
    let tip = "const e = document.querySelector(\"[data-testid='chart-breakdown']\"); return e ? e.textContent : '';";
    let read_tip = |want: String| {
        let app = &app;
        async move {
            let start = std::time::Instant::now();
            loop {
                let text = app.js(tip).await.as_str().unwrap_or_default().to_string();
                if text.contains(&want) || start.elapsed() > WAIT {
                    return text;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    };
    app.client.perform_actions(hover(0.0)).await.expect("hover");
    let before = read_tip("GPU rental: $5.58 M".into()).await;
    assert!(before.contains("GPU rental: $5.58 M"), "{before}");
    commit_typed(&app, "usd-per-gpu-hour", "4").await;
    let mut input = deepseek_in_editor();
    // The editor keeps the rest of the preset's pricing (server overhead, interconnect share).
    input
        .pricing
        .as_mut()
        .expect("the preset has a pricing block")
        .usd_per_gpu_hour = Some(4.0);
    expect_figures(&app, &input).await;
    let now = format::usd(evaluate(&input).expect("evaluates").total_cost_usd);
    app.client.perform_actions(hover(3.0)).await.expect("hover");
    let after = read_tip(format!("GPU rental: {now}")).await;
    assert!(after.contains(&format!("GPU rental: {now}")), "{after}");
    app.quit().await;
}

#[tokio::test]
async fn the_cost_chart_spans_the_scenario_and_each_view_says_what_it_holds() {
    use costscope_core::analysis::Hold;
    let home = Home::new();
    let app = App::launch(&home).await;
    app.wait_text("total-cost", WAIT, |t| t.contains("$5.58 M"))
        .await;
    let input = deepseek_in_editor();
    for (hold, radio) in [(Hold::Work, "hold-work"), (Hold::Duration, "hold-duration")] {
        app.click_js(radio).await;
        let screen = costscope_core::api::screen(&input, hold).expect("screen");
        let chart = screen
            .chart(costscope_core::chart::ChartKind::CostVsGpus)
            .expect("cost chart");
        // The words under the title are the core's, for the view chosen.
        let shown = app
            .wait_text("chart-cost-vs-gpus-subtitle", WAIT, |t| {
                t.trim() == chart.subtitle
            })
            .await;
        assert_eq!(shown.trim(), chart.subtitle);
        // The sweep spans 1/64× to 64× the scenario's 2,048 GPUs, not 1 GPU for a million days.
        let xs: Vec<f64> = chart.series[0].points.iter().map(|p| p[0]).collect();
        assert_eq!(
            (xs[0], xs[xs.len() - 1]),
            costscope_core::api::series_gpu_range(2048.0)
        );
        assert_eq!((xs[0], xs[xs.len() - 1]), (32.0, 131_072.0));
        // The window draws the axes the exporter draws: the ends the core fitted (plotters
        // uses `Axis.ticks` as they are), read off ECharts' drawn model.
        let ends = |t: &Option<costscope_core::ticks::Ticks>| {
            let t = t.as_ref().expect("a fitted numeric axis");
            serde_json::json!([t.lo, t.hi])
        };
        let want = serde_json::json!({
            "x": ends(&chart.x_axis.ticks),
            "y": chart.y_axes.iter().map(|a| ends(&a.ticks)).collect::<Vec<_>>(),
        });
        let start = std::time::Instant::now();
        loop {
            let drawn = app
                .js("return window.__costscopeAxes ? window.__costscopeAxes('chart-cost-vs-gpus') : null;")
                .await;
            if same_numbers(&drawn, &want) {
                break;
            }
            assert!(
                start.elapsed() < WAIT,
                "screen axes {drawn} differ from the exported chart's {want}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    app.screenshot("cost_chart_holds").await;
    // Rent against own by utilisation (issue 10), with the core's break-even.
    let screen = costscope_core::api::screen(&input, Hold::Work).expect("screen");
    let rent = screen
        .chart(costscope_core::chart::ChartKind::RentVsOwn)
        .expect("the rent-vs-own chart");
    let label = &rent
        .marker
        .as_ref()
        .expect("owning pays above some utilisation")
        .label;
    app.js("document.querySelector(\"[data-testid='chart-rent-vs-own']\").scrollIntoView({ block: 'center' }); return null;")
        .await;
    app.wait_text("chart-rent-vs-own-break-even", WAIT, |t| {
        t.contains(label.as_str())
    })
    .await;
    app.screenshot("rent_vs_own").await;
    app.quit().await;
}

/// Sets a `<select>` by data-testid as a user's choice does (value, then a change event).
async fn choose(app: &App, id: &str, value: &str) {
    let ok = app
        .js(&format!(
            "const s = document.querySelector(\"[data-testid='{id}']\"); if (!s || ![...s.options].some(o => o.value === '{value}')) return false; s.value = '{value}'; s.dispatchEvent(new Event('change', {{ bubbles: true }})); return true;"
        ))
        .await;
    assert_eq!(ok, serde_json::json!(true), "{id} offers {value}");
}

/// Waits until goodput and the effective MFU are the core's for `input` (a realism edit need not
/// change the total), then checks every figure.
async fn expect_realism(app: &App, input: &ScenarioInput) {
    let e = evaluate(input).expect("the scenario evaluates");
    let mut waits = vec![("goodput", e.goodput)];
    if let Some(m) = e.effective_mfu {
        waits.push(("effective-mfu", m));
    }
    for (id, v) in waits {
        app.wait_js(
            &format!(
                "Math.abs(Number(document.querySelector(\"[data-testid='{id}']\")?.dataset.value) - {v:e}) <= 1e-9 * Math.max(1, Math.abs({v:e}))"
            ),
            WAIT,
        )
        .await;
    }
    expect_figures(app, input).await;
}

/// Issue 10, goal seek in the window: "make total cost equal $10 M by changing the price per
/// GPU-hour" sets the price the core's `seek_builtin` finds, the figures are the core's for it,
/// an unreachable target shows the core's sentence and changes nothing, and Undo restores the
/// price in one step.
#[tokio::test]
async fn goal_seek_sets_the_input_as_one_undo_step() {
    use costscope_core::seek::{seek_builtin, Figure, SeekInput};
    let home = Home::new();
    let app = App::launch(&home).await;
    app.wait_text("total-cost", WAIT, |t| t.contains("$5.58 M"))
        .await;
    let base = deepseek_in_editor();
    let found = seek_builtin(&base, Figure::TotalCostUsd, 1e7, SeekInput::UsdPerGpuHour)
        .expect("the core reaches $10 M");

    app.click_js("open-seek").await;
    app.by_testid("seek-dialog").await;
    choose(&app, "seek-figure", "total_cost_usd").await;
    choose(&app, "seek-vary", "usd_per_gpu_hour").await;
    type_into(&app, "seek-value", "10000000").await;
    app.screenshot("goal_seek_dialog").await;
    app.click_js("seek-run").await;
    app.wait_js(
        "!document.querySelector(\"[data-testid='seek-dialog']\")",
        WAIT,
    )
    .await;
    app.wait_js(
        "Math.abs(Number(document.querySelector(\"[data-testid='total-cost']\").dataset.value) - 1e7) <= 1e-9 * 1e7",
        WAIT,
    )
    .await;
    expect_figures(&app, &found.input).await;
    let shown = field_number(&app, "usd-per-gpu-hour").await;
    // The field shows the price to its three decimals; the total above proves the exact value.
    assert!(
        (shown - found.value).abs() <= 5e-4,
        "field {shown}, seek {}",
        found.value
    );
    app.screenshot("goal_seek_applied").await;

    // Out of reach: the core's sentence in the dialog, the editor unchanged. Opened with Ctrl+G.
    app.js("document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'g', ctrlKey: true, bubbles: true })); return null;")
        .await;
    app.by_testid("seek-dialog").await;
    choose(&app, "seek-vary", "usd_per_gpu_hour").await;
    type_into(&app, "seek-value", "1e13").await;
    app.click_js("seek-run").await;
    let error = app.wait_text("seek-error", WAIT, |t| !t.is_empty()).await;
    let core = seek_builtin(
        &found.input,
        Figure::TotalCostUsd,
        1e13,
        SeekInput::UsdPerGpuHour,
    )
    .expect_err("out of reach")
    .to_string();
    assert_eq!(error.trim(), core, "{error}");
    let total = data_value(&app, "total-cost").await;
    assert!(close(total, found.evaluation.total_cost_usd), "{total}");
    app.click_js("seek-cancel").await;
    app.wait_js(
        "!document.querySelector(\"[data-testid='seek-dialog']\")",
        WAIT,
    )
    .await;

    // One undo step brings the preset's price and total back.
    app.js("document.querySelector('button[aria-label=\"Undo\"]').click(); return null;")
        .await;
    app.wait_text("total-cost", WAIT, |t| t.contains("$5.58 M"))
        .await;
    expect_figures(&app, &base).await;
    assert_eq!(field_number(&app, "usd-per-gpu-hour").await, 2.0);
    app.quit().await;
}

/// Issue 10, run realism in the editor: interruptions, a checkpoint interval, the scaling loss
/// and its switch each give the core's `evaluate` of the edited input; a value out of range is
/// refused under its field with the range.
#[tokio::test]
async fn editing_interruptions_and_scaling_gives_the_cores_figures() {
    let home = Home::new();
    let app = App::launch(&home).await;
    app.wait_text("total-cost", WAIT, |t| t.contains("$5.58 M"))
        .await;
    let mut input = deepseek_in_editor();
    assert!(input.reliability.is_some() && input.scaling.is_some());

    commit_typed(&app, "interruptions", "20").await;
    if let Some(r) = input.reliability.as_mut() {
        r.interruptions_per_1000_gpu_days = 20.0;
    }
    expect_realism(&app, &input).await;
    // Young's interval is the default, and the hint names the one the core used.
    let used = evaluate(&input)
        .expect("evaluates")
        .checkpoint_interval_minutes
        .expect("an interval");
    let hint = app
        .js("return document.querySelector('#checkpoint-interval-minutes-hint').textContent;")
        .await;
    assert!(
        hint.as_str()
            .unwrap_or_default()
            .contains(&format!("{used:.1}")),
        "{hint} vs {used}"
    );

    commit_typed(&app, "checkpoint-interval-minutes", "30").await;
    if let Some(r) = input.reliability.as_mut() {
        r.checkpoint_interval_minutes = Some(30.0);
    }
    expect_realism(&app, &input).await;

    commit_typed(&app, "mfu-loss-per-doubling", "5").await;
    if let Some(s) = input.scaling.as_mut() {
        s.mfu_loss_per_doubling = 0.05;
    }
    expect_realism(&app, &input).await;
    app.screenshot("realism_group").await;

    // Out of range: the message names the range, the figures stay.
    let before = data_value(&app, "total-cost").await;
    commit_typed(&app, "interruptions", "2000").await;
    let error = app
        .wait_text("interruptions-error", WAIT, |t| !t.is_empty())
        .await;
    assert!(error.contains("1,000"), "{error}");
    assert_eq!(data_value(&app, "total-cost").await, before);
    commit_typed(&app, "interruptions", "20").await;
    app.wait_js(
        "!document.querySelector(\"[data-testid='interruptions-error']\")",
        WAIT,
    )
    .await;

    // Off: the block is absent, a perfect run.
    app.click_js("reliability-switch").await;
    app.click_js("scaling-switch").await;
    input.reliability = None;
    input.scaling = None;
    expect_realism(&app, &input).await;
    app.wait_js(
        "!document.querySelector(\"[data-testid='interruptions']\") && !document.querySelector(\"[data-testid='reference-gpu-count']\")",
        WAIT,
    )
    .await;

    // Both prices in the pricing group: with the server overhead cleared the purchase price is
    // the chip's and the network's share, as the core computes it (the rent-vs-own line).
    commit_typed(&app, "server-overhead", "").await;
    if let Some(p) = input.pricing.as_mut() {
        p.server_overhead = None;
    }
    let line = evaluate(&input).expect("evaluates").rent_vs_own.summary();
    app.wait_text("rent-vs-own", WAIT, |t| t.trim() == line.trim())
        .await;
    expect_figures(&app, &input).await;
    app.js("document.querySelector(\"[data-testid='usd-per-gpu']\").scrollIntoView({ block: 'center' }); return null;")
        .await;
    app.screenshot("pricing_group").await;
    app.quit().await;
}

/// Issue 10, stages in the editor: the first stage takes the run as it stands, a second is
/// measured in GPU-hours after a change of measure, and with each edit the figures are the
/// core's for the staged input (the scenario's own duration absent); cost by stage is charted,
/// and a stage's amount out of range is refused inline.
#[tokio::test]
async fn editing_stages_gives_the_cores_total_and_a_cost_by_stage_chart() {
    use costscope_core::realism::StageInput;
    let home = Home::new();
    let app = App::launch(&home).await;
    app.wait_text("total-cost", WAIT, |t| t.contains("$5.58 M"))
        .await;
    let stage = |label: &str, gpu_hours: f64| StageInput {
        label: label.into(),
        gpu_hours: Some(gpu_hours),
        duration_days: None,
        tokens: None,
        gpu_count: None,
    };
    app.click_js("add-stage").await;
    commit_typed(&app, "stage-amount-0", "2664000").await;
    let mut input = deepseek_in_editor();
    input.duration_days = None;
    input.stages = Some(vec![stage("Stage 1", 2_664_000.0)]);
    expect_figures(&app, &input).await;

    app.click_js("add-stage").await;
    choose(&app, "stage-measure-1", "gpu_hours").await;
    commit_typed(&app, "stage-amount-1", "119K").await;
    commit_typed(&app, "stage-label-1", "Context extension").await;
    input.stages = Some(vec![
        stage("Stage 1", 2_664_000.0),
        stage("Context extension", 119_000.0),
    ]);
    expect_figures(&app, &input).await;
    app.wait_js("!!document.getElementById('chart4-title')", WAIT)
        .await;

    // Reordered with the buttons: the same total, the stages in the new order.
    app.click_js("stage-up-1").await;
    input.stages = Some(vec![
        stage("Context extension", 119_000.0),
        stage("Stage 1", 2_664_000.0),
    ]);
    app.wait_js(
        "document.querySelector(\"[data-testid='stage-label-0']\").value === 'Context extension'",
        WAIT,
    )
    .await;
    expect_figures(&app, &input).await;
    app.js("document.querySelector(\"[data-testid='stages-group']\").scrollIntoView({ block: 'center' }); return null;")
        .await;
    app.screenshot("stages").await;
    // At the smallest window the stage rows fit (no select text cut, nothing sideways).
    app.resize(1100, 700).await;
    let overflows = app.js(OVERFLOWS).await;
    app.screenshot("stages_1100").await;
    assert_eq!(overflows, serde_json::json!([]), "{overflows}");

    let before = data_value(&app, "total-cost").await;
    commit_typed(&app, "stage-amount-0", "0").await;
    let error = app
        .wait_text("stage-amount-0-error", WAIT, |t| !t.is_empty())
        .await;
    assert!(error.contains("GPU-hours"), "{error}");
    assert_eq!(data_value(&app, "total-cost").await, before);

    // Removed one by one: with the last one gone the run is one block again, as long as the
    // stages took, and the scenario has its own duration back.
    app.click_js("stage-remove-0").await;
    input.stages = Some(vec![stage("Stage 1", 2_664_000.0)]);
    expect_figures(&app, &input).await;
    let days = evaluate(&input).expect("evaluates").duration_days;
    app.click_js("stage-remove-0").await;
    input.stages = None;
    input.duration_days = Some(days);
    expect_figures(&app, &input).await;
    app.wait_js("!document.getElementById('chart4-title')", WAIT)
        .await;
    app.quit().await;
}

/// Issue 10, item 7: an accelerator added from the window is checked by the core (its sentence
/// beside the field it names), stored in the database, chosen in the editor with a copy the
/// scenario carries (the figures are the core's for that copy), and still offered after a
/// restart.
#[tokio::test]
async fn an_accelerator_added_in_the_window_is_checked_stored_and_used() {
    use costscope_core::catalog::{check_user_accelerator, Catalog, Precision};
    let home = Home::new();
    let app = App::launch(&home).await;
    app.wait_text("total-cost", WAIT, |t| t.contains("$5.58 M"))
        .await;

    // What the form will send: the H800's figures (the editor's GPU, which the form starts
    // from) under a new id, with a lower power and bf16 peak.
    let builtin = Catalog::builtin().expect("catalog");
    let mut chip = builtin.gpu("H800").expect("H800").clone();
    chip.id = "LabChip-1".into();
    chip.name = "Our lab chip".into();
    chip.aliases.clear();
    chip.board_watts = 0.0;
    let refused = check_user_accelerator(&chip, builtin, "")
        .expect_err("0 W is refused")
        .to_string();

    app.click_js("accelerator-add").await;
    app.by_testid("accelerator-dialog").await;
    assert_eq!(
        app.js("return document.querySelector(\"[data-testid='accelerator-board_watts']\").value;")
            .await,
        serde_json::json!("700"),
        "the form starts from the editor's GPU"
    );
    type_into(&app, "accelerator-id", "LabChip-1").await;
    type_into(&app, "accelerator-name", "Our lab chip").await;
    type_into(&app, "accelerator-board_watts", "0").await;
    type_into(&app, "accelerator-peak-bf16", "600").await;
    type_into(&app, "accelerator-source-title", "Our measurements").await;
    type_into(&app, "accelerator-source-date", "2026-11").await;
    app.click_js("accelerator-save").await;
    let error = app
        .wait_text("accelerator-error", WAIT, |t| !t.is_empty())
        .await;
    assert_eq!(error.trim(), refused, "{error}");
    let invalid = app
        .js("return document.querySelector(\"[data-testid='accelerator-board_watts']\").getAttribute('aria-invalid');")
        .await;
    assert_eq!(
        invalid,
        serde_json::json!("true"),
        "the error sits at its field"
    );
    app.screenshot("accelerator_refused").await;
    assert!(Store::open(&home.db(), &[])
        .expect("the database opens")
        .accelerators()
        .expect("reads")
        .is_empty());

    type_into(&app, "accelerator-board_watts", "500").await;
    app.click_js("accelerator-save").await;
    app.wait_js(
        "!document.querySelector(\"[data-testid='accelerator-dialog']\")",
        WAIT,
    )
    .await;
    let selected = app
        .js("return document.querySelector(\"[data-testid='gpu-select']\").value;")
        .await;
    assert_eq!(selected, serde_json::json!("LabChip-1"));

    // The figures are the core's for the scenario carrying the stored copy.
    let stored = Store::open(&home.db(), &[])
        .expect("the database opens")
        .accelerators()
        .expect("reads");
    assert_eq!(stored.len(), 1);
    let mut expected = deepseek_in_editor();
    expected.gpu = "LabChip-1".into();
    expected.custom_gpu = Some(stored[0].clone());
    assert_eq!(stored[0].board_watts, 500.0);
    assert_eq!(
        stored[0].peak_dense_tflops.get(&Precision::Bf16),
        Some(&600.0)
    );
    assert_eq!(stored[0].sources.rental.title, "Our measurements");
    expect_figures(&app, &expected).await;
    app.screenshot("accelerator_in_use").await;
    app.quit().await;

    // After a restart it is offered under "Your accelerators".
    let app = App::launch(&home).await;
    app.wait_text("total-cost", WAIT, |t| !t.is_empty()).await;
    let offered = app
        .js("return [...document.querySelectorAll(\"[data-testid='gpu-select'] optgroup[label='Your accelerators'] option\")].map(o => o.value);")
        .await;
    assert_eq!(offered, serde_json::json!(["LabChip-1"]));
    app.quit().await;
}

/// Issue 11, in the window: the claimed cost, GPU-hours and days sit beside the stated MFU; each
/// shows the computed figure and its gap, and the claim check says the largest gap and the
/// claim's place among published runs, all as the core found them. A bad claimed figure is an
/// inline message and changes nothing.
#[tokio::test]
async fn claimed_figures_show_their_gaps_as_the_core_computes_them() {
    use costscope_core::model::Claim;
    let home = Home::new();
    let app = App::launch(&home).await;
    app.wait_text("total-cost", WAIT, |t| t.contains("$5.58 M"))
        .await;
    let mut claimed = deepseek_in_editor();
    claimed.claim = Some(Claim {
        total_cost_usd: Some(5.5e6),
        duration_days: Some(60.0),
        ..Claim::default()
    });
    let core = evaluate(&claimed).expect("evaluates");
    let check = core.claim_check.as_ref().expect("a claim check");

    commit_typed(&app, "claimed-cost", "5.5M").await;
    commit_typed(&app, "claimed-days", "60").await;
    let figures_message = check.figures_message.clone().expect("a sentence");
    let shown = app
        .wait_text("claim-figures", WAIT, |t| t.trim() == figures_message)
        .await;
    assert_eq!(shown.trim(), figures_message);
    assert_eq!(
        app.text("claim-published").await.trim(),
        check.published_message.clone().expect("a place").trim()
    );
    let cost = check
        .figures
        .iter()
        .find(|f| f.figure == "total_cost_usd")
        .expect("cost compared");
    let hint = app
        .js("return document.getElementById('claimed-cost-hint').textContent;")
        .await;
    let hint = hint.as_str().unwrap_or_default().to_string();
    assert!(
        hint.contains(&format::usd(cost.computed))
            && hint.contains(&format!(
                "{} % above the claim",
                format::plain_number((cost.gap * 100.0 * 100.0).round() / 100.0)
            )),
        "{hint} vs {cost:?}"
    );
    app.screenshot("claimed_figures").await;

    // A claimed cost of $0 is refused inline; the comparison stays the last valid one.
    commit_typed(&app, "claimed-cost", "0").await;
    let error = app
        .js("return document.querySelector('#claimed-cost-error, .field.invalid .field-error')?.textContent ?? '';")
        .await;
    assert!(
        error
            .as_str()
            .unwrap_or_default()
            .contains("claimed cost must be from"),
        "{error}"
    );
    assert_eq!(app.text("claim-figures").await.trim(), figures_message);

    // A stated MFU the hardware and time contradict is a mismatch, as the core says.
    let mut stated = claimed.clone();
    stated.mfu = Some(0.5);
    let core = evaluate(&stated).expect("evaluates");
    let check = core.claim_check.expect("a claim check");
    assert_eq!(check.verdict, costscope_core::model::Verdict::Mismatch);
    commit_typed(&app, "claimed-cost", "5.5M").await;
    commit_typed(&app, "stated-mfu", "50").await;
    app.wait_js(
        "document.querySelector(\"[data-testid='claim-check']\")?.dataset.verdict === 'mismatch'",
        WAIT,
    )
    .await;
    let text = app.text("claim-check").await;
    assert!(
        text.to_lowercase().contains("mismatch") && text.contains(&check.message),
        "{text}"
    );
    app.quit().await;
}

/// The p5 and p95 of the total cost the window shows under it, once they are those of `core`.
async fn expect_interval(app: &App, core: &costscope_core::uncertainty::UncertaintyResult) {
    let s = core.figures.total_cost_usd;
    app.wait_js(
        &format!(
            "(() => {{ const e = document.querySelector(\"[data-testid='total-cost-interval']\"); const near = (a, b) => Math.abs(a - b) <= 1e-9 * Math.abs(b); return !!e && near(Number(e.dataset.p5), {:e}) && near(Number(e.dataset.p95), {:e}); }})()",
            s.p5, s.p95
        ),
        WAIT,
    )
    .await;
    let text = app.text("total-cost-interval").await;
    assert!(
        text.contains(&format::usd(s.p5)) && text.contains(&format::usd(s.p95)),
        "{text} vs {s:?}"
    );
}

/// Issue 11, in the window: a range on the price gives the total its 90 % interval, equal to
/// the CLI's Monte Carlo for the same seed and sample count; it follows a slider move (the
/// preview's sample while moving, the full one after); a range with low ≥ high is refused at its
/// field with the core's sentence and the last valid figures stay.
#[tokio::test]
async fn a_range_on_the_price_gives_the_clis_interval_and_follows_the_slider() {
    use costscope_core::model::InputRange;
    use costscope_core::uncertainty::{run_builtin, RunOptions, DEFAULT_SEED, WINDOW_SAMPLES};
    let home = Home::new();
    let app = App::launch(&home).await;
    app.wait_text("total-cost", WAIT, |t| t.contains("$5.58 M"))
        .await;
    let full = |input: &ScenarioInput| {
        run_builtin(
            input,
            RunOptions {
                samples: WINDOW_SAMPLES,
                seed: DEFAULT_SEED,
            },
            None,
        )
        .expect("the Monte Carlo runs")
    };
    let with_range = |mut input: ScenarioInput, low: f64, high: f64| {
        input.uncertainty = Some(
            [(
                "usd_per_gpu_hour".to_string(),
                InputRange {
                    low,
                    high,
                    distribution: costscope_core::catalog::Distribution::Lognormal,
                },
            )]
            .into(),
        );
        input
    };

    // Added by the price slider's "Range" toggle: the core starts it at Epoch AI's 0.5–2×
    // around $2, and its fields open under the slider.
    app.click_js("range-toggle-usd_per_gpu_hour").await;
    app.by_testid("range-usd_per_gpu_hour").await;
    app.wait_js(
        "document.querySelector(\"[data-testid='range-toggle-usd_per_gpu_hour']\").getAttribute('aria-pressed') === 'true' && !!document.querySelector(\"[data-testid='usd-per-gpu-hour-slider']\").closest('.field').querySelector(\"[data-testid='range-usd_per_gpu_hour']\")",
        WAIT,
    )
    .await;
    let mut input = with_range(deepseek_in_editor(), 1.0, 4.0);
    expect_interval(&app, &full(&input)).await;

    commit_typed(&app, "range-low-usd_per_gpu_hour", "1.5").await;
    commit_typed(&app, "range-high-usd_per_gpu_hour", "3").await;
    input = with_range(deepseek_in_editor(), 1.5, 3.0);
    let core = full(&input);
    expect_interval(&app, &core).await;
    // DeepSeek-V3's 2.788 M GPU-hours at $1.5–3: the median near 2.788 M × √4.5.
    let median = core.figures.total_cost_usd.p50;
    assert!(
        (median / (2.788e6 * 4.5f64.sqrt()) - 1.0).abs() < 0.02,
        "{median}"
    );
    // The distribution and the tornado are the core's charts for that scenario.
    let screen = costscope_core::api::screen(&input, costscope_core::analysis::Hold::Work)
        .expect("the screen");
    for (kind, heading) in [
        (
            costscope_core::chart::ChartKind::CostDistribution,
            "chart6-title",
        ),
        (costscope_core::chart::ChartKind::Tornado, "chart7-title"),
    ] {
        let title = screen.chart(kind).expect("the chart").title.clone();
        app.wait_js(
            &format!("document.getElementById('{heading}')?.textContent.includes({title:?})"),
            WAIT,
        )
        .await;
    }
    let subtitle = &screen
        .chart(costscope_core::chart::ChartKind::CostDistribution)
        .expect("distribution")
        .subtitle;
    assert_eq!(
        app.text("chart-cost-distribution-sub").await.trim(),
        subtitle.trim()
    );
    // The cost chart carries the band over the ranges: the core's subtitle, two more series.
    let cost_chart = screen
        .chart(costscope_core::chart::ChartKind::CostVsGpus)
        .expect("the cost chart");
    assert!(cost_chart
        .subtitle
        .contains(costscope_core::chart::BAND_LABEL));
    app.wait_text("chart-cost-vs-gpus-subtitle", WAIT, |t| {
        t.trim() == cost_chart.subtitle.trim()
    })
    .await;
    let band_drawn = "window.__costscopeSeries?.('chart-cost-vs-gpus') === 4";
    app.wait_js(band_drawn, WAIT).await;
    app.screenshot("range_band").await;
    app.js(
        "document.getElementById('chart6-title').scrollIntoView({ block: 'start' }); return null;",
    )
    .await;
    app.screenshot("range_on_price").await;

    // The distribution's export sheet also saves every sample: the CLI's --samples-out text.
    app.click_js("export-cost-distribution").await;
    app.by_testid("export-samples").await;
    app.click_js("export-samples").await;
    // The sheet closes once the file is written whole (through a temporary file and a rename).
    app.wait_js(
        "!document.querySelector(\"[data-testid='export-sheet']\")",
        WAIT,
    )
    .await;
    let written = exported(&home);
    assert_eq!(written.len(), 1, "{written:?}");
    let (csv, samples) = costscope_core::api::samples_csv(&input).expect("samples");
    let text = std::fs::read_to_string(&written[0]).expect("the samples file");
    assert_eq!(text.lines().count() as u64, samples + 1);
    assert_eq!(text.lines().next(), csv.lines().next(), "the header");
    // The first sample's drawn price is the seed's, whatever the rest of the scenario.
    let drawn = |t: &str| -> String {
        t.lines()
            .nth(1)
            .unwrap_or_default()
            .split(',')
            .take(2)
            .collect::<Vec<_>>()
            .join(",")
    };
    assert_eq!(drawn(&text), drawn(&csv));

    // A slider move: the interval and the band are there while moving (every step draws the
    // preview sample) and are the full sample's after.
    let count = field_number(&app, "gpu-count").await;
    let slider = app.by_testid("gpu-count-slider").await;
    for _ in 0..3 {
        slider.send_keys(ARROW_RIGHT).await.expect("arrow");
        let series = app
            .js("return window.__costscopeSeries?.('chart-cost-vs-gpus') ?? null;")
            .await;
        assert_eq!(series.as_u64(), Some(4), "the band while dragging");
    }
    wait_field_change(&app, "gpu-count", count).await;
    // Where the three steps ended: the field once it holds still.
    let mut moved = field_number(&app, "gpu-count").await;
    loop {
        tokio::time::sleep(Duration::from_millis(400)).await;
        let now = field_number(&app, "gpu-count").await;
        if now == moved {
            break;
        }
        moved = now;
    }
    let mut moved_input = input.clone();
    moved_input.gpu_count = Some(moved);
    expect_interval(&app, &full(&moved_input)).await;

    // low ≥ high: the core's sentence under the range, the figures kept.
    let before = data_value(&app, "total-cost").await;
    commit_typed(&app, "range-low-usd_per_gpu_hour", "5").await;
    let mut bad = moved_input.clone();
    bad.uncertainty = with_range(moved_input.clone(), 5.0, 3.0).uncertainty;
    let expected = costscope_core::api::screen(&bad, costscope_core::analysis::Hold::Work)
        .expect_err("low above high is refused")
        .to_string();
    app.wait_js(
        "document.getElementById('range-low-usd_per_gpu_hour-error')",
        WAIT,
    )
    .await;
    let shown = app
        .js("return document.getElementById('range-low-usd_per_gpu_hour-error').textContent;")
        .await;
    assert_eq!(shown.as_str().unwrap_or_default().trim(), expected);
    assert_eq!(data_value(&app, "total-cost").await, before);

    // An input without a slider takes its range from the group's list, and edits it there.
    commit_typed(&app, "range-low-usd_per_gpu_hour", "1.5").await;
    choose(&app, "range-add", "tokens").await;
    app.wait_js(
        "!!document.querySelector(\"[data-testid='ranges-group'] [data-testid='range-tokens']\")",
        WAIT,
    )
    .await;
    app.quit().await;
}
