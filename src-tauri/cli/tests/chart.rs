//! `costscope chart` end to end: runs the real binary against a temporary database and checks
//! the files it writes (PNG decoded, SVG parsed, CSV against `costscope eval`), its exit codes
//! and its one-line errors.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const DEEPSEEK: &str = r#"{"gpu":"H800","gpu_count":2048,"gpu_hours":2788000,"pricing":{"mode":"rental","usd_per_gpu_hour":2.0},"workload":{"active_params":37e9,"tokens":14.8e12}}"#;
/// A preset every new database is seeded with.
const PRESET: &str = "DeepSeek-V3 (as reported)";

struct Home {
    dir: tempfile::TempDir,
}

struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

impl Run {
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    /// Asserts a failure with `code` and exactly one line on stderr; returns that line.
    fn one_line_error(&self, code: i32) -> String {
        assert_eq!(self.code, code, "stderr: {}", self.stderr);
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "stderr: {:?}", self.stderr);
        assert!(lines[0].starts_with("costscope: "), "{}", lines[0]);
        lines[0].to_string()
    }
}

impl Home {
    fn new() -> Home {
        let home = Home {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::write(home.path("deepseek.json"), DEEPSEEK).unwrap();
        home
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn s(&self, name: &str) -> String {
        self.path(name).display().to_string()
    }

    fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_costscope"))
            .args(args)
            .env("COSTSCOPE_DB", self.path("costscope.db"))
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: out.stdout,
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    fn ok(&self, args: &[&str]) -> Run {
        let r = self.run(args);
        assert_eq!(r.code, 0, "costscope {args:?} failed: {}", r.stderr);
        r
    }
}

fn decode_png(path: &Path) -> (u32, u32, Vec<u8>) {
    let file = std::fs::File::open(path).unwrap();
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

fn svg_texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
    doc.descendants()
        .filter(|n| n.tag_name().name() == "text")
        .map(|n| n.text().unwrap_or("").trim().to_string())
        .collect()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    costscope_core::format::iso_date(secs)
}

#[test]
fn png_has_the_requested_size_and_is_drawn() {
    let home = Home::new();
    let out = home.s("cost.png");
    let r = home.ok(&[
        "chart",
        "cost-vs-gpus",
        "--file",
        &home.s("deepseek.json"),
        "--format",
        "png",
        "--out",
        &out,
        "--width",
        "1200",
        "--height",
        "700",
    ]);
    assert!(r.stderr.contains("cost.png"), "{}", r.stderr);
    let (w, h, rgb) = decode_png(Path::new(&out));
    assert_eq!((w, h), (1200, 700));
    let colours: HashSet<&[u8]> = rgb.chunks_exact(3).collect();
    assert!(colours.len() >= 4, "{} colours", colours.len());
    let blue = costscope_render::Theme::Light.series_rgb(0);
    let blue_pixels = rgb.chunks_exact(3).filter(|p| *p == blue).count();
    assert!(blue_pixels > 200, "{blue_pixels} pixels of the cost line");

    let out2 = home.s("cost@2x.png");
    home.ok(&[
        "chart",
        "cost-vs-gpus",
        "--file",
        &home.s("deepseek.json"),
        "--out",
        &out2,
        "--scale",
        "2",
    ]);
    let (w, h, _) = decode_png(Path::new(&out2));
    assert_eq!((w, h), (3200, 1800), "default 1600 × 900 at 2×");
}

#[test]
fn dark_theme_differs_from_light() {
    let home = Home::new();
    for theme in ["light", "dark"] {
        home.ok(&[
            "chart",
            "breakdown",
            "--scenario",
            PRESET,
            "--out",
            &home.s(&format!("{theme}.png")),
            "--theme",
            theme,
            "--width",
            "600",
            "--height",
            "400",
        ]);
    }
    let (_, _, light) = decode_png(&home.path("light.png"));
    let (_, _, dark) = decode_png(&home.path("dark.png"));
    assert_ne!(light, dark);
    assert_eq!(&light[..3], costscope_render::Theme::Light.background_rgb());
    assert_eq!(&dark[..3], costscope_render::Theme::Dark.background_rgb());
}

#[test]
fn csv_numbers_equal_the_evaluation() {
    let home = Home::new();
    let file = home.s("deepseek.json");
    let eval: serde_json::Value =
        serde_json::from_slice(&home.ok(&["eval", &file]).stdout).unwrap();
    let total = eval["total_cost_usd"].as_f64().unwrap();
    let days = eval["duration_days"].as_f64().unwrap();

    let csv = home
        .ok(&[
            "chart",
            "cost-vs-gpus",
            "--file",
            &file,
            "--format",
            "csv",
            "--out",
            "-",
        ])
        .stdout();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("GPUs (log scale),Total cost (USD),Duration (days)")
    );
    let row = csv
        .lines()
        .find(|l| l.starts_with("2048,"))
        .expect("the scenario's own GPU count is a row");
    let cells: Vec<f64> = row.split(',').map(|c| c.parse().unwrap()).collect();
    assert_eq!(cells[1], total);
    assert_eq!(cells[2], days);
    assert!(csv.lines().count() > 150, "the whole series");

    let out = home.s("breakdown.csv");
    home.ok(&["chart", "breakdown", "--file", &file, "--out", &out]);
    let csv = std::fs::read_to_string(&out).unwrap();
    let rental: f64 = csv
        .lines()
        .find_map(|l| l.strip_prefix("GPU rental,"))
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(rental, eval["breakdown"][0]["usd"].as_f64().unwrap());
    let electricity: f64 = csv
        .lines()
        .find_map(|l| l.strip_prefix("Electricity (inside rental),"))
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(electricity, eval["energy_cost_usd"].as_f64().unwrap());
}

#[test]
fn svg_carries_title_axis_labels_and_scenario_name() {
    let home = Home::new();
    let json_out = home.s("compare.json");
    home.ok(&[
        "chart",
        "compare",
        "--scenario",
        PRESET,
        "--format",
        "json",
        "--out",
        &json_out,
    ]);
    let chart: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_out).unwrap()).unwrap();
    assert_eq!(chart["kind"], "compare");
    let footnote = chart["footnote"].as_str().unwrap();
    assert!(footnote.starts_with(PRESET), "{footnote}");
    assert!(footnote.contains(&today()), "today's UTC date: {footnote}");
    // Every seeded preset is compared, the current one highlighted.
    let names: Vec<&str> = chart["x_axis"]["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(names.len() >= 2 && names.contains(&PRESET), "{names:?}");
    let at = names.iter().position(|n| *n == PRESET).unwrap();
    assert_eq!(chart["series"][0]["highlight"], at);

    let svg_out = home.s("compare.svg");
    home.ok(&[
        "chart",
        "compare",
        "--scenario",
        PRESET,
        "--format",
        "svg",
        "--out",
        &svg_out,
    ]);
    let texts = svg_texts(&std::fs::read_to_string(&svg_out).unwrap());
    let has = |s: &str| texts.iter().any(|t| t == s);
    assert!(has(chart["title"].as_str().unwrap()), "{texts:?}");
    assert!(has(chart["x_axis"]["label"].as_str().unwrap()));
    assert!(has(chart["y_axes"][0]["label"].as_str().unwrap()));
    assert!(texts
        .iter()
        .any(|t| t.starts_with(PRESET) && t.contains("Costscope")));
}

#[test]
fn json_is_the_chart_description() {
    let home = Home::new();
    let r = home.ok(&[
        "chart",
        "cost-vs-gpus",
        "--file",
        &home.s("deepseek.json"),
        "--format",
        "json",
        "--out",
        "-",
        "--hold",
        "duration",
    ]);
    let chart: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(chart["kind"], "cost_vs_gpus");
    assert!(chart["title"].as_str().unwrap().contains("same deadline"));
    assert_eq!(chart["marker"]["x"], 2048.0);
    assert_eq!(chart["y_axes"].as_array().unwrap().len(), 2);
    // Named after the file.
    assert!(chart["footnote"]
        .as_str()
        .unwrap()
        .starts_with("deepseek · "));
}

#[test]
fn batch_writes_every_chart_of_every_saved_scenario() {
    let home = Home::new();
    let listed: serde_json::Value =
        serde_json::from_slice(&home.ok(&["scenarios", "list", "--json"]).stdout).unwrap();
    let scenarios = listed.as_array().unwrap().len();
    assert!(scenarios >= 2);
    let dir = home.path("charts/nested");
    let r = home.ok(&[
        "chart",
        "all",
        "--all-scenarios",
        "--out-dir",
        &dir.display().to_string(),
        "--format",
        "svg",
    ]);
    let files = files_in(&dir);
    assert_eq!(files.len(), scenarios * 3, "{files:?}\n{}", r.stderr);
    for kind in ["cost-vs-gpus", "breakdown", "compare"] {
        assert!(
            files.contains(&format!("deepseek-v3-as-reported-{kind}.svg")),
            "{files:?}"
        );
    }
    for f in &files {
        assert!(
            f.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.'),
            "{f}"
        );
        svg_texts(&std::fs::read_to_string(dir.join(f)).unwrap());
    }
    assert_eq!(r.stderr.lines().count(), files.len(), "one line per file");

    // CSV batch; `all` for one scenario.
    let dir = home.path("csv");
    home.ok(&[
        "chart",
        "all",
        "--scenario",
        PRESET,
        "--out-dir",
        &dir.display().to_string(),
        "--format",
        "csv",
    ]);
    assert_eq!(
        files_in(&dir),
        [
            "deepseek-v3-as-reported-breakdown.csv",
            "deepseek-v3-as-reported-compare.csv",
            "deepseek-v3-as-reported-cost-vs-gpus.csv"
        ]
    );
}

#[test]
fn bad_input_exits_2_with_one_line_naming_the_field() {
    let home = Home::new();
    let file = home.s("deepseek.json");
    let out = home.s("x.png");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--width", "50"], "width"),
        (vec!["--height", "9000"], "height"),
        (vec!["--scale", "0"], "scale"),
        (vec!["--scale", "5"], "scale"),
        (vec!["--width", "wide"], "--width"),
        (vec!["--theme", "sepia"], "--theme"),
        (vec!["--format", "gif"], "--format"),
    ];
    for (extra, field) in cases {
        let mut args = vec!["chart", "breakdown", "--file", &file, "--out", &out];
        args.extend(extra);
        let line = home.run(&args).one_line_error(2);
        assert!(line.contains(field), "{args:?}: {line}");
    }
    let line = home
        .run(&["chart", "pie", "--file", &file, "--out", &out])
        .one_line_error(2);
    assert!(line.contains("KIND"), "{line}");
    let line = home
        .run(&["chart", "breakdown", "--out", &out])
        .one_line_error(2);
    assert!(line.contains("scenario"), "{line}");
    let line = home
        .run(&["chart", "breakdown", "--scenario", "nope", "--out", &out])
        .one_line_error(2);
    assert!(line.contains("nope"), "{line}");
    let line = home
        .run(&["chart", "breakdown", "--file", &file])
        .one_line_error(2);
    assert!(line.contains("out"), "{line}");
    let line = home
        .run(&["chart", "all", "--file", &file, "--out", &out])
        .one_line_error(2);
    assert!(line.contains("--out-dir"), "{line}");
    let line = home
        .run(&[
            "chart",
            "breakdown",
            "--file",
            &file,
            "--out",
            &home.s("x.txt"),
        ])
        .one_line_error(2);
    assert!(line.contains("format"), "{line}");
    let dir = home.s("");
    let line = home
        .run(&["chart", "breakdown", "--file", &file, "--out", &dir])
        .one_line_error(2);
    assert!(line.contains("out") && line.contains("folder"), "{line}");
    std::fs::write(home.path("bad.json"), r#"{"gpu":"H800","gpu_count":-3}"#).unwrap();
    let line = home
        .run(&[
            "chart",
            "breakdown",
            "--file",
            &home.s("bad.json"),
            "--out",
            &out,
        ])
        .one_line_error(2);
    assert!(line.contains("gpu_count"), "{line}");
    assert!(!home.path("x.png").exists() && !home.path("x.txt").exists());
}

#[test]
fn an_unwritable_target_exits_1_and_leaves_nothing() {
    let home = Home::new();
    let file = home.s("deepseek.json");
    // A "folder" that is a regular file: refused even for root.
    std::fs::write(home.path("blocker"), b"keep").unwrap();
    home.ok(&["scenarios", "list"]); // the database exists before, as it would for a user
    let before = files_in(home.dir.path());
    let target = home.path("blocker").join("x.svg");
    let line = home
        .run(&[
            "chart",
            "breakdown",
            "--file",
            &file,
            "--format",
            "svg",
            "--out",
            &target.display().to_string(),
        ])
        .one_line_error(1);
    assert!(line.contains("blocker"), "{line}");
    let missing = home.path("missing").join("x.svg");
    let line = home
        .run(&[
            "chart",
            "breakdown",
            "--file",
            &file,
            "--out",
            &missing.display().to_string(),
        ])
        .one_line_error(1);
    assert!(line.contains("does not exist"), "{line}");
    // A batch whose folder cannot be created.
    let line = home
        .run(&[
            "chart",
            "all",
            "--file",
            &file,
            "--out-dir",
            &home.path("blocker").join("sub").display().to_string(),
        ])
        .one_line_error(1);
    assert!(line.contains("could not be created"), "{line}");
    assert_eq!(
        files_in(home.dir.path()),
        before,
        "nothing added or removed"
    );
    assert_eq!(std::fs::read(home.path("blocker")).unwrap(), b"keep");
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_exits_1_and_leaves_nothing() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let home = Home::new();
    let locked = home.path("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    let r = home.run(&[
        "chart",
        "breakdown",
        "--file",
        &home.s("deepseek.json"),
        "--format",
        "svg",
        "--out",
        &locked.join("x.svg").display().to_string(),
    ]);
    let left = files_in(&locked);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    // root writes into read-only folders regardless, so only an ordinary user can see this
    // failure; `an_unwritable_target_exits_1_and_leaves_nothing` covers the path for root.
    let root = std::fs::metadata(home.path("deepseek.json")).unwrap().uid() == 0;
    if root {
        return;
    }
    let line = r.one_line_error(1);
    assert!(line.contains("permission denied"), "{line}");
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn scenario_export_still_writes_atomically() {
    let home = Home::new();
    let out = home.s("all.json");
    home.ok(&["scenarios", "export", "--out", &out]);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains(PRESET));
    let dir = home.s("");
    let line = home
        .run(&["scenarios", "export", "--out", &dir])
        .one_line_error(2);
    assert!(line.contains("is a folder"), "{line}");
    let line = home
        .run(&[
            "scenarios",
            "export",
            "--out",
            &home.path("no/such.json").display().to_string(),
        ])
        .one_line_error(1);
    assert!(line.contains("could not be written"), "{line}");
}
