//! Draws the real charts of the DeepSeek-V3 scenario and checks what comes out: PNG size and
//! content, SVG structure and text, themes, option errors and atomic writes.
//!
//! Set `COSTSCOPE_RENDER_DUMP=DIR` to also keep the drawn files in DIR for a look.

use std::collections::HashSet;
use std::path::Path;

use costscope_core::analysis::Hold;
use costscope_core::chart::{
    Axis, Chart, ChartContext, ChartKind, ComparedScenario, Marker, Scale, Series, SeriesStyle,
    Unit,
};
use costscope_core::{api, ScenarioInput};
use costscope_render::{render_png, render_svg, write_atomically, Error, RenderOptions, Theme};

const DEEPSEEK: &str = r#"{"gpu":"H800","gpu_count":2048,"gpu_hours":2788000,
    "pricing":{"mode":"rental","usd_per_gpu_hour":2.0},
    "workload":{"active_params":37e9,"tokens":14.8e12}}"#;

fn charts_with(compared: &[ComparedScenario]) -> Vec<Chart> {
    let input: ScenarioInput = serde_json::from_str(DEEPSEEK).unwrap();
    let ctx = ChartContext {
        scenario_name: "DeepSeek-V3",
        date: "2026-11-29",
        compared,
    };
    api::screen_for(&input, Hold::Work, &ctx).unwrap().charts
}

fn compared() -> Vec<ComparedScenario> {
    vec![
        ComparedScenario {
            name: "Llama 3.1 405B (Meta, 16k H100)".into(),
            total_cost_usd: 6.1e7,
        },
        ComparedScenario {
            name: "DeepSeek-V3".into(),
            total_cost_usd: 5_576_000.0,
        },
        ComparedScenario {
            name: "A scenario with a remarkably long name that cannot possibly fit under its bar"
                .into(),
            total_cost_usd: 2.0e7,
        },
    ]
}

fn charts() -> Vec<Chart> {
    charts_with(&compared())
}

fn chart(kind: ChartKind) -> Chart {
    charts().into_iter().find(|c| c.kind == kind).unwrap()
}

fn dump(name: &str, bytes: &[u8]) {
    if let Ok(dir) = std::env::var("COSTSCOPE_RENDER_DUMP") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(Path::new(&dir).join(name), bytes).unwrap();
    }
}

struct Decoded {
    width: u32,
    height: u32,
    rgb: Vec<u8>,
}

impl Decoded {
    fn colours(&self) -> HashSet<[u8; 3]> {
        self.rgb
            .chunks_exact(3)
            .map(|p| [p[0], p[1], p[2]])
            .collect()
    }

    fn count(&self, colour: [u8; 3]) -> usize {
        self.rgb.chunks_exact(3).filter(|p| *p == colour).count()
    }

    fn pixel(&self, x: u32, y: u32) -> [u8; 3] {
        let i = ((y * self.width + x) * 3) as usize;
        [self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]]
    }
}

fn decode(bytes: &[u8]) -> Decoded {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).expect("PNG image data");
    assert_eq!(info.color_type, png::ColorType::Rgb);
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    buf.truncate(info.buffer_size());
    Decoded {
        width: info.width,
        height: info.height,
        rgb: buf,
    }
}

#[test]
fn png_has_the_requested_size_and_shows_the_series() {
    let options = RenderOptions::default();
    for chart in charts() {
        let bytes = render_png(&chart, &options).unwrap();
        dump(&format!("{}.png", chart.kind.as_str()), &bytes);
        let img = decode(&bytes);
        assert_eq!((img.width, img.height), (1600, 900), "{:?}", chart.kind);
        let colours = img.colours();
        assert!(
            colours.len() >= 4,
            "{:?}: only {} colours",
            chart.kind,
            colours.len()
        );
        // The background fills the corners; the first series' colour is drawn.
        assert_eq!(img.pixel(0, 0), Theme::Light.background_rgb());
        assert_eq!(img.pixel(1599, 899), Theme::Light.background_rgb());
        let series = Theme::Light.series_rgb(0);
        assert!(
            img.count(series) > 200,
            "{:?}: {} pixels of the series colour",
            chart.kind,
            img.count(series)
        );
    }
}

#[test]
fn the_cost_chart_draws_both_lines_and_the_marker() {
    let img =
        decode(&render_png(&chart(ChartKind::CostVsGpus), &RenderOptions::default()).unwrap());
    assert!(img.count(Theme::Light.series_rgb(1)) > 200, "duration line");
    assert!(img.count(Theme::Light.accent_rgb()) > 100, "marker dot");
}

#[test]
fn the_compare_chart_highlights_the_current_scenario() {
    let c = chart(ChartKind::Compare);
    assert_eq!(c.series[0].highlight, Some(1));
    let img = decode(&render_png(&c, &RenderOptions::default()).unwrap());
    // The highlighted bar is a solid block of the accent colour.
    assert!(img.count(Theme::Light.accent_rgb()) > 2000);
    // Without a highlight there is only the legend swatch's worth of accent at most.
    let mut plain = c.clone();
    plain.series[0].highlight = None;
    let img = decode(&render_png(&plain, &RenderOptions::default()).unwrap());
    assert_eq!(img.count(Theme::Light.accent_rgb()), 0);
}

#[test]
fn scale_two_doubles_the_pixels() {
    let options = RenderOptions {
        scale: 2.0,
        ..RenderOptions::default()
    };
    let bytes = render_png(&chart(ChartKind::CostVsGpus), &options).unwrap();
    dump("cost_vs_gpus@2x.png", &bytes);
    let img = decode(&bytes);
    assert_eq!((img.width, img.height), (3200, 1800));
    let small = RenderOptions {
        width: 800,
        height: 600,
        ..RenderOptions::default()
    };
    let img = decode(&render_png(&chart(ChartKind::Breakdown), &small).unwrap());
    assert_eq!((img.width, img.height), (800, 600));
}

#[test]
fn dark_theme_differs_from_light() {
    let c = chart(ChartKind::CostVsGpus);
    let light = render_png(&c, &RenderOptions::default()).unwrap();
    let dark_options = RenderOptions {
        theme: Theme::Dark,
        ..RenderOptions::default()
    };
    let dark = render_png(&c, &dark_options).unwrap();
    dump("cost_vs_gpus-dark.png", &dark);
    assert_ne!(light, dark);
    let img = decode(&dark);
    assert_eq!(img.pixel(0, 0), Theme::Dark.background_rgb());
    assert_ne!(Theme::Dark.background_rgb(), Theme::Light.background_rgb());
    assert!(img.count(Theme::Dark.series_rgb(0)) > 200);
    let svg_light = render_svg(&c, &RenderOptions::default()).unwrap();
    let svg_dark = render_svg(&c, &dark_options).unwrap();
    assert_ne!(svg_light, svg_dark);
}

#[test]
fn output_is_deterministic() {
    let c = chart(ChartKind::Breakdown);
    let o = RenderOptions::default();
    assert_eq!(render_png(&c, &o).unwrap(), render_png(&c, &o).unwrap());
    assert_eq!(render_svg(&c, &o).unwrap(), render_svg(&c, &o).unwrap());
}

fn svg_texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    doc.descendants()
        .filter(|n| n.tag_name().name() == "text")
        .map(|n| n.text().unwrap_or("").trim().to_string())
        .collect()
}

#[test]
fn svg_parses_and_carries_title_axis_labels_and_scenario() {
    for chart in charts() {
        let svg = render_svg(&chart, &RenderOptions::default()).unwrap();
        dump(&format!("{}.svg", chart.kind.as_str()), svg.as_bytes());
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let root = doc.root_element();
        assert_eq!(root.attribute("width"), Some("1600"));
        assert_eq!(root.attribute("height"), Some("900"));
        let texts = svg_texts(&svg);
        let has = |s: &str| texts.iter().any(|t| t == s);
        assert!(
            has(&chart.title),
            "{:?}: title missing in {texts:?}",
            chart.kind
        );
        assert!(has(&chart.x_axis.label), "{:?}: x label", chart.kind);
        for axis in &chart.y_axes {
            assert!(has(&axis.label), "{:?}: {}", chart.kind, axis.label);
        }
        assert!(
            texts
                .iter()
                .any(|t| t.contains("DeepSeek-V3") && t.contains("2026-11-29")),
            "{:?}: footnote",
            chart.kind
        );
        for series in &chart.series {
            assert!(
                has(&series.name),
                "{:?}: legend {}",
                chart.kind,
                series.name
            );
        }
    }
}

#[test]
fn svg_ticks_use_the_core_formatting() {
    let svg = render_svg(&chart(ChartKind::CostVsGpus), &RenderOptions::default()).unwrap();
    let texts = svg_texts(&svg);
    let has = |s: &str| texts.iter().any(|t| t == s);
    // Log GPU axis with thousands separators; the cost axis in "$N M"; the right axis in days.
    for tick in [
        "1", "10", "1,000", "100,000", "$0", "$2 M", "$4 M", "10,000",
    ] {
        assert!(has(tick), "tick {tick:?} missing in {texts:?}");
    }
    assert!(
        texts
            .iter()
            .any(|t| t.contains("2,048 GPUs") && t.contains("$5.58 M")),
        "marker label"
    );
    // Each axis labels its own side: the cost ticks are not repeated on the right axis.
    assert_eq!(
        texts.iter().filter(|t| *t == "$2 M").count(),
        1,
        "{texts:?}"
    );
    assert_eq!(
        texts.iter().filter(|t| *t == "100").count(),
        2,
        "x and right axis"
    );
    let bars = render_svg(&chart(ChartKind::Breakdown), &RenderOptions::default()).unwrap();
    let texts = svg_texts(&bars);
    assert!(texts.iter().any(|t| t == "GPU rental"), "{texts:?}");
    assert!(texts.iter().any(|t| t == "$5.58 M"), "bar value label");
}

#[test]
fn long_category_names_are_shortened() {
    let svg = render_svg(&chart(ChartKind::Compare), &RenderOptions::default()).unwrap();
    let texts = svg_texts(&svg);
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("A scenario with") && t.ends_with('…')),
        "{texts:?}"
    );
    assert!(!texts
        .iter()
        .any(|t| t.contains("possibly fit under its bar")));
    // Names that fit stay whole.
    assert!(texts.iter().any(|t| t == "DeepSeek-V3"));
}

#[test]
fn text_is_escaped_and_control_characters_dropped() {
    let mut c = chart(ChartKind::Breakdown);
    c.title = "R&D <costs> \"quoted\"\u{7}".into();
    let svg = render_svg(&c, &RenderOptions::default()).unwrap();
    let texts = svg_texts(&svg);
    assert!(
        texts.iter().any(|t| t == "R&D <costs> \"quoted\""),
        "{texts:?}"
    );
    render_png(&c, &RenderOptions::default()).unwrap();
}

#[test]
fn bad_sizes_name_the_field() {
    let c = chart(ChartKind::Breakdown);
    let cases = [
        (
            RenderOptions {
                width: 199,
                ..RenderOptions::default()
            },
            "width",
        ),
        (
            RenderOptions {
                height: 8001,
                ..RenderOptions::default()
            },
            "height",
        ),
        (
            RenderOptions {
                scale: 0.0,
                ..RenderOptions::default()
            },
            "scale",
        ),
        (
            RenderOptions {
                scale: 5.0,
                ..RenderOptions::default()
            },
            "scale",
        ),
    ];
    for (options, field) in cases {
        for e in [
            render_png(&c, &options).unwrap_err(),
            render_svg(&c, &options).unwrap_err(),
        ] {
            assert_eq!(e.field(), Some(field));
            assert!(e.is_bad_input());
            let text = e.to_string();
            assert!(text.starts_with(field), "{text}");
            assert!(!text.contains('\n'));
        }
    }
    let e = render_png(
        &c,
        &RenderOptions {
            width: 100,
            ..RenderOptions::default()
        },
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "width must be from 200 to 8000 pixels; got 100"
    );
}

#[test]
fn extreme_sizes_and_odd_charts_draw_without_panicking() {
    let empty = Chart {
        kind: ChartKind::Compare,
        title: String::new(),
        x_axis: Axis {
            label: String::new(),
            unit: Unit::None,
            scale: Scale::Category,
            categories: Vec::new(),
        },
        y_axes: Vec::new(),
        series: Vec::new(),
        marker: None,
        footnote: String::new(),
    };
    let odd = Chart {
        kind: ChartKind::CostVsGpus,
        title: "Odd".into(),
        x_axis: Axis {
            label: "x".into(),
            unit: Unit::Count,
            scale: Scale::Log,
            categories: Vec::new(),
        },
        y_axes: vec![Axis {
            label: "y".into(),
            unit: Unit::Percent,
            scale: Scale::Log,
            categories: Vec::new(),
        }],
        series: vec![Series {
            name: "s".into(),
            y_axis: 7,
            style: SeriesStyle::Line,
            points: vec![
                [0.0, -1.0],
                [f64::NAN, 1.0],
                [3.0, 0.5],
                [4.0, f64::INFINITY],
            ],
            highlight: Some(99),
        }],
        marker: Some(Marker {
            series: 5,
            x: -3.0,
            y: 0.0,
            label: "nowhere".into(),
        }),
        footnote: "a · b".into(),
    };
    let mut charts = charts_with(&[]);
    charts.push(empty);
    charts.push(odd);
    for (width, height) in [(200, 200), (8000, 200), (200, 8000), (1600, 900)] {
        let options = RenderOptions {
            width,
            height,
            ..RenderOptions::default()
        };
        for (i, c) in charts.iter().enumerate() {
            let bytes = render_png(c, &options).unwrap();
            dump(&format!("extreme-{width}x{height}-{i}.png"), &bytes);
            let img = decode(&bytes);
            assert_eq!((img.width, img.height), (width, height));
            roxmltree::Document::parse(&render_svg(c, &options).unwrap()).unwrap();
        }
    }
}

#[test]
fn atomic_write_replaces_whole_files_and_leaves_nothing_on_failure() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("chart.png");
    let bytes = render_png(&chart(ChartKind::Breakdown), &RenderOptions::default()).unwrap();
    write_atomically(&target, &bytes).unwrap();
    assert_eq!(std::fs::read(&target).unwrap(), bytes);

    // A parent that is a regular file: refused even for root.
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, b"x").unwrap();
    let e = write_atomically(&blocker.join("chart.png"), &bytes).unwrap_err();
    assert!(matches!(e, Error::Write { .. }));
    assert!(e.to_string().contains("not-a-folder"), "{e}");
    assert!(!e.to_string().contains('\n'));

    // A folder as the target.
    let e = write_atomically(dir.path(), &bytes).unwrap_err();
    assert!(matches!(e, Error::TargetIsFolder { .. }) && e.is_bad_input());

    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["chart.png", "not-a-folder"]);
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_fails_cleanly() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    let result = write_atomically(&locked.join("chart.svg"), b"<svg/>");
    let left: Vec<_> = std::fs::read_dir(&locked).unwrap().collect();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    // root ignores write permission on folders, so the write may succeed there: the failure
    // half of this test only means something for ordinary users. (The regular-file-as-parent
    // case above covers the failure path for root too.)
    if is_root() {
        return;
    }
    let e = result.unwrap_err();
    assert!(e.to_string().contains("permission denied"), "{e}");
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[cfg(unix)]
fn is_root() -> bool {
    // The owner of a file we just created is our effective user.
    use std::os::unix::fs::MetadataExt;
    let f = tempfile::NamedTempFile::new().unwrap();
    f.as_file().metadata().unwrap().uid() == 0
}
