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

/// The app's chart colours (`ui/src/lib/charts.ts`, `LIGHT` and `DARK`), written out here so
/// that a change of the exporter's palette has to be a change of these too.
struct Ui {
    /// `current`: highlighted bars and every bar of the breakdown.
    accent: [u8; 3],
    /// `bar`: bars that are not highlighted.
    bar: [u8; 3],
    cost: [u8; 3],
    days: [u8; 3],
    /// `tooltipBg`: the ring around the marker dot.
    ring: [u8; 3],
    /// The panels' `--surface` (`ui/src/app.css`).
    surface: [u8; 3],
}

fn ui(theme: Theme) -> Ui {
    match theme {
        Theme::Light => Ui {
            accent: [0x25, 0x63, 0xeb],
            bar: [0x94, 0xa3, 0xb8],
            cost: [0x25, 0x63, 0xeb],
            days: [0xc2, 0x41, 0x0c],
            ring: [0xff, 0xff, 0xff],
            surface: [0xff, 0xff, 0xff],
        },
        Theme::Dark => Ui {
            accent: [0x60, 0xa5, 0xfa],
            bar: [0x64, 0x74, 0x8b],
            cost: [0x60, 0xa5, 0xfa],
            days: [0xfb, 0x92, 0x3c],
            ring: [0x1f, 0x24, 0x2b],
            surface: [0x1c, 0x20, 0x25],
        },
    }
}

fn hex(colour: [u8; 3]) -> String {
    format!("#{:02X}{:02X}{:02X}", colour[0], colour[1], colour[2])
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

/// With ranges, the cost chart's 90 % band is shaded under the lines in the cost line's colour
/// at the screen's opacity, with one legend key for its two edges.
#[test]
fn the_cost_band_is_shaded_under_the_lines() {
    let mut input: ScenarioInput = serde_json::from_str(DEEPSEEK).unwrap();
    input.uncertainty = Some(
        [(
            "usd_per_gpu_hour".to_string(),
            costscope_core::model::InputRange {
                low: 1.5,
                high: 3.0,
                distribution: costscope_core::catalog::Distribution::Lognormal,
            },
        )]
        .into(),
    );
    let ctx = ChartContext {
        scenario_name: "DeepSeek-V3",
        date: "2026-11-29",
        compared: &[],
    };
    let charts = api::screen_for(&input, Hold::Work, &ctx).unwrap().charts;
    let c = charts
        .into_iter()
        .find(|c| c.kind == ChartKind::CostVsGpus)
        .unwrap();
    let options = RenderOptions::default();
    let svg = render_svg(&c, &options).unwrap();
    let cost = hex(ui(Theme::Light).cost);
    let polygon = svg
        .split("<polygon")
        .nth(1)
        .unwrap_or_else(|| panic!("no band in the SVG"));
    let polygon = &polygon[..polygon.find("/>").unwrap()];
    assert!(
        polygon.contains("opacity=\"0.2\"") && polygon.contains(&format!("fill=\"{cost}\"")),
        "{polygon}"
    );
    // Drawn before the cost line, so the line lies on top of it.
    let cost_line = svg
        .match_indices("<polyline")
        .map(|(at, _)| (at, &svg[at..at + svg[at..].find("/>").unwrap()]))
        .find(|(_, el)| el.contains(&format!("stroke=\"{cost}\"")) && el.matches(',').count() > 50)
        .map(|(at, _)| at)
        .expect("the cost line");
    assert!(svg.find("<polygon").unwrap() < cost_line);
    assert_eq!(
        svg_texts(&svg)
            .iter()
            .filter(|t| t.as_str() == costscope_core::chart::BAND_LABEL)
            .count(),
        1,
        "one legend key for the band"
    );
    // In the PNG: the band's tint (the cost colour at 20 % over the background) is painted.
    let img = decode(&render_png(&c, &options).unwrap());
    let (line, bg) = (ui(Theme::Light).cost, Theme::Light.background_rgb());
    let tinted = img
        .rgb
        .chunks_exact(3)
        .filter(|p| mix_of([p[0], p[1], p[2]], line, bg).is_some_and(|m| (m - 0.2).abs() < 0.02))
        .count();
    // The band spans most of the plot's width and a good part of its height.
    assert!(tinted > 50_000, "{tinted} pixels of the band's tint");
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
    let c = chart(ChartKind::CostVsGpus);
    assert_eq!(c.marker.as_ref().map(|m| m.series), Some(0));
    for theme in [Theme::Light, Theme::Dark] {
        let options = RenderOptions {
            theme,
            ..RenderOptions::default()
        };
        let ui = ui(theme);
        let img = decode(&render_png(&c, &options).unwrap());
        assert!(img.count(ui.cost) > 200, "{theme:?}: cost line");
        assert!(img.count(ui.days) > 200, "{theme:?}: duration line");

        // The marker as on screen: a dot in the marked series' colour in a ring of the
        // tooltip background, centred on the dot.
        let svg = render_svg(&c, &options).unwrap();
        let circles = svg_circles(&svg);
        let dot = circles
            .iter()
            .filter(|d| d.fill == hex(ui.cost))
            .max_by(|a, b| a.r.total_cmp(&b.r))
            .unwrap_or_else(|| panic!("{theme:?}: no dot in {circles:?}"));
        assert!(
            circles.iter().any(|ring| ring.fill == hex(ui.ring)
                && (ring.cx, ring.cy) == (dot.cx, dot.cy)
                && ring.r > dot.r),
            "{theme:?}: no ring around {dot:?} in {circles:?}"
        );
    }
}

/// How far `p` lies from `bg` towards `line` (0 background, 1 line colour) when it is a mix of
/// the two, within a few levels per channel; None for any other colour.
fn mix_of(p: [u8; 3], line: [u8; 3], bg: [u8; 3]) -> Option<f64> {
    let span = |i: usize| f64::from(line[i]) - f64::from(bg[i]);
    let k = (0..3).max_by(|a, b| span(*a).abs().total_cmp(&span(*b).abs()))?;
    let t = (f64::from(p[k]) - f64::from(bg[k])) / span(k);
    let fits = (0..3).all(|i| (f64::from(bg[i]) + t * span(i) - f64::from(p[i])).abs() <= 6.0);
    (fits && (-0.02..=1.02).contains(&t)).then_some(t.clamp(0.0, 1.0))
}

#[test]
fn the_duration_curve_is_anti_aliased_on_both_edges() {
    // A sloped line drawn with anti-aliasing has partly covered pixels along both edges in
    // nearly every column; plotters' bitmap lines had them on one edge at the steps only (a
    // sawtooth), in under half the columns.
    let c = chart(ChartKind::CostVsGpus);
    for theme in [Theme::Light, Theme::Dark] {
        let options = RenderOptions {
            theme,
            ..RenderOptions::default()
        };
        let img = decode(&render_png(&c, &options).unwrap());
        let (line, bg) = (theme.series_rgb(1), theme.background_rgb());
        let (mut columns, mut both_edges) = (0, 0);
        for x in 0..img.width {
            let mix: Vec<Option<f64>> = (0..img.height)
                .map(|y| mix_of(img.pixel(x, y), line, bg))
                .collect();
            let core: Vec<u32> = (0..img.height)
                .filter(|y| mix[*y as usize].is_some_and(|t| t > 0.9))
                .collect();
            let (Some(&top), Some(&bottom)) = (core.first(), core.last()) else {
                continue;
            };
            // Only columns where the line crosses alone, away from the image's edges (not
            // the legend's swatch, the marker, grid lines or the other series).
            if bottom - top > 10 || top < 160 || bottom + 6 > img.height {
                continue;
            }
            if (top - 5..=bottom + 5).any(|y| mix[y as usize].is_none()) {
                continue;
            }
            columns += 1;
            let partial = |y: u32| mix[y as usize].is_some_and(|t| t > 0.05 && t < 0.95);
            if partial(top - 1) && partial(bottom + 1) {
                both_edges += 1;
            }
        }
        assert!(columns > 500, "{theme:?}: only {columns} clear columns");
        assert!(
            both_edges * 10 >= columns * 9,
            "{theme:?}: {both_edges} of {columns} columns have both edges anti-aliased"
        );
    }
}

#[test]
fn value_axis_lines_take_their_series_colour() {
    let c = chart(ChartKind::CostVsGpus);
    assert_eq!(c.y_axes.len(), 2);
    for theme in [Theme::Light, Theme::Dark] {
        let options = RenderOptions {
            theme,
            ..RenderOptions::default()
        };
        let ui = ui(theme);
        let svg = render_svg(&c, &options).unwrap();
        // The tallest vertical line in a colour: the axis line, not a tick mark.
        let tallest = |colour: [u8; 3]| -> Option<(f64, f64)> {
            svg_polylines(&svg, colour)
                .into_iter()
                .filter(|pts| pts.len() == 2 && pts[0].0 == pts[1].0)
                .map(|pts| (pts[0].0, (pts[1].1 - pts[0].1).abs()))
                .max_by(|a, b| a.1.total_cmp(&b.1))
        };
        let (cost_x, cost_h) = tallest(ui.cost).expect("the cost axis line");
        let (days_x, days_h) = tallest(ui.days).expect("the duration axis line");
        assert!(
            cost_h > 400.0 && days_h > 400.0,
            "{theme:?}: {cost_h} {days_h}"
        );
        assert!(
            cost_x < 200.0 && days_x > 1400.0,
            "{theme:?}: {cost_x} {days_x}"
        );
    }
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
    // As the app's end-to-end test reads the dark background: the first fill that differs
    // between the themes' cost charts, found in another chart exported dark.
    let fills = |s: &str| -> Vec<String> {
        s.match_indices("fill=\"#")
            .map(|(i, _)| s[i + 6..i + 13].to_lowercase())
            .collect()
    };
    let first_dark = fills(&svg_dark)
        .into_iter()
        .zip(fills(&svg_light))
        .find(|(d, l)| d != l)
        .map(|(d, _)| d)
        .expect("the themes differ in a fill");
    assert_eq!(first_dark, hex(ui(Theme::Dark).surface).to_lowercase());
    let breakdown = render_svg(&chart(ChartKind::Breakdown), &dark_options).unwrap();
    assert!(
        breakdown.to_lowercase().contains(&first_dark),
        "{first_dark}"
    );
}

#[test]
fn the_public_colours_are_the_apps() {
    for theme in [Theme::Light, Theme::Dark] {
        let ui = ui(theme);
        assert_eq!(theme.series_rgb(0), ui.cost, "{theme:?}");
        assert_eq!(theme.series_rgb(1), ui.days, "{theme:?}");
        assert_eq!(theme.series_rgb(2), ui.bar, "{theme:?}");
        assert_eq!(theme.series_rgb(5), ui.bar, "{theme:?}");
        assert_eq!(theme.accent_rgb(), ui.accent, "{theme:?}");
        assert_eq!(theme.background_rgb(), ui.surface, "{theme:?}");
    }
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
        subtitle: String::new(),
        x_axis: Axis {
            label: String::new(),
            unit: Unit::None,
            scale: Scale::Category,
            categories: Vec::new(),
            ticks: None,
        },
        y_axes: Vec::new(),
        series: Vec::new(),
        marker: None,
        footnote: String::new(),
    };
    let odd = Chart {
        kind: ChartKind::CostVsGpus,
        title: "Odd".into(),
        subtitle:
            "A subtitle long enough to be cut at the right edge of a small image, again and again"
                .into(),
        x_axis: Axis {
            label: "x".into(),
            unit: Unit::Count,
            scale: Scale::Log,
            categories: Vec::new(),
            ticks: None,
        },
        y_axes: vec![Axis {
            label: "y".into(),
            unit: Unit::Percent,
            scale: Scale::Log,
            categories: Vec::new(),
            ticks: None,
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

/// A `<rect>` of an SVG, in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
struct SvgRect {
    x: f64,
    y: f64,
    width: f64,
    height: f64,
}

/// A `<text>` of an SVG: its anchor point, alignment, size, rotation and content.
#[derive(Debug, Clone)]
struct SvgText {
    x: f64,
    y: f64,
    anchor: String,
    font_size: f64,
    rotated: bool,
    text: String,
}

fn attr(n: &roxmltree::Node<'_, '_>, name: &str) -> f64 {
    n.attribute(name)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("<{}> without a numeric {name}", n.tag_name().name()))
}

/// The rectangles filled with `fill` ("#RRGGBB").
fn svg_rects(svg: &str, fill: [u8; 3]) -> Vec<SvgRect> {
    let hex = hex(fill);
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.tag_name().name() == "rect" && n.attribute("fill") == Some(hex.as_str()))
        .map(|n| SvgRect {
            x: attr(&n, "x"),
            y: attr(&n, "y"),
            width: attr(&n, "width"),
            height: attr(&n, "height"),
        })
        .collect()
}

/// A filled `<circle>` of an SVG.
#[derive(Debug, Clone, PartialEq)]
struct SvgCircle {
    cx: f64,
    cy: f64,
    r: f64,
    fill: String,
}

fn svg_circles(svg: &str) -> Vec<SvgCircle> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.tag_name().name() == "circle")
        .map(|n| SvgCircle {
            cx: attr(&n, "cx"),
            cy: attr(&n, "cy"),
            r: attr(&n, "r"),
            fill: n.attribute("fill").unwrap_or("").to_string(),
        })
        .collect()
}

/// The points of the polylines stroked in `stroke`.
fn svg_polylines(svg: &str, stroke: [u8; 3]) -> Vec<Vec<(f64, f64)>> {
    let hex = hex(stroke);
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| {
            n.tag_name().name() == "polyline" && n.attribute("stroke") == Some(hex.as_str())
        })
        .map(|n| {
            n.attribute("points")
                .unwrap_or("")
                .split_whitespace()
                .filter_map(|pt| {
                    let (x, y) = pt.split_once(',')?;
                    Some((x.parse().ok()?, y.parse().ok()?))
                })
                .collect()
        })
        .collect()
}

fn svg_text_nodes(svg: &str) -> Vec<SvgText> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.tag_name().name() == "text")
        .map(|n| SvgText {
            x: attr(&n, "x"),
            y: attr(&n, "y"),
            anchor: n.attribute("text-anchor").unwrap_or("start").to_string(),
            font_size: attr(&n, "font-size"),
            rotated: n.attribute("transform").is_some(),
            text: n.text().unwrap_or("").trim().to_string(),
        })
        .collect()
}

/// The bars of a category chart, top to bottom, with their fill: the rectangles in the app's
/// accent or bar grey other than the legend's swatches (the size of the top-most one, which the
/// legend above the plot holds).
fn category_bars_in(svg: &str, theme: Theme) -> Vec<(SvgRect, [u8; 3])> {
    let ui = ui(theme);
    let mut rects: Vec<(SvgRect, [u8; 3])> = [ui.accent, ui.bar]
        .into_iter()
        .flat_map(|fill| svg_rects(svg, fill).into_iter().map(move |r| (r, fill)))
        .collect();
    rects.sort_by(|a, b| a.0.y.total_cmp(&b.0.y));
    let Some((swatch, _)) = rects.first().copied() else {
        return rects;
    };
    rects
        .into_iter()
        .filter(|(r, _)| (r.width, r.height) != (swatch.width, swatch.height))
        .collect()
}

/// The bars of a light category chart, top to bottom.
fn category_bars(svg: &str) -> Vec<SvgRect> {
    category_bars_in(svg, Theme::Light)
        .into_iter()
        .map(|(r, _)| r)
        .collect()
}

#[test]
fn bars_take_the_apps_accent_and_grey() {
    for theme in [Theme::Light, Theme::Dark] {
        let options = RenderOptions {
            theme,
            ..RenderOptions::default()
        };
        let ui = ui(theme);
        assert_ne!(ui.accent, ui.bar);

        // The breakdown has no highlight: every bar is in the accent, as on screen.
        let breakdown = chart(ChartKind::Breakdown);
        assert_eq!(breakdown.series[0].highlight, None);
        let svg = render_svg(&breakdown, &options).unwrap();
        let bars = category_bars_in(&svg, theme);
        let drawn = breakdown.series[0]
            .points
            .iter()
            .filter(|p| p[1] > 0.0)
            .count();
        assert!(drawn >= 2, "{:?}", breakdown.series[0].points);
        assert_eq!(bars.len(), drawn, "{theme:?}: {bars:?}");
        assert!(
            bars.iter().all(|(_, fill)| *fill == ui.accent),
            "{theme:?}: {bars:?}"
        );
        assert!(
            svg_rects(&svg, ui.bar).is_empty(),
            "{theme:?}: grey in the breakdown"
        );
        let img = decode(&render_png(&breakdown, &options).unwrap());
        assert!(img.count(ui.accent) > 2000, "{theme:?}");
        assert_eq!(img.count(ui.bar), 0, "{theme:?}");

        // The comparison: the current scenario's bar in the accent, the others grey.
        let compare = chart(ChartKind::Compare);
        assert_eq!(compare.series[0].highlight, Some(1));
        let svg = render_svg(&compare, &options).unwrap();
        let fills: Vec<String> = category_bars_in(&svg, theme)
            .into_iter()
            .map(|(_, fill)| hex(fill))
            .collect();
        assert_eq!(
            fills,
            [hex(ui.bar), hex(ui.accent), hex(ui.bar)],
            "{theme:?}"
        );
        let img = decode(&render_png(&compare, &options).unwrap());
        assert!(img.count(ui.accent) > 2000, "{theme:?}");
        assert!(img.count(ui.bar) > 2000, "{theme:?}");
    }
}

#[test]
fn the_background_is_the_apps_panel_surface() {
    for theme in [Theme::Light, Theme::Dark] {
        let options = RenderOptions {
            theme,
            ..RenderOptions::default()
        };
        let surface = ui(theme).surface;
        assert_eq!(theme.background_rgb(), surface);
        for c in charts() {
            let img = decode(&render_png(&c, &options).unwrap());
            assert_eq!(img.pixel(0, 0), surface, "{theme:?} {:?}", c.kind);
            let svg = render_svg(&c, &options).unwrap();
            assert!(
                svg.contains(&format!("fill=\"{}\"", hex(surface))),
                "{theme:?} {:?}",
                c.kind
            );
        }
    }
}

#[test]
fn category_charts_draw_horizontal_bars_top_down() {
    let c = chart(ChartKind::Compare);
    let svg = render_svg(&c, &RenderOptions::default()).unwrap();
    let bars = category_bars(&svg);
    assert_eq!(bars.len(), 3, "{bars:?}");
    // Every bar starts at the value axis' zero, on the left, and is as thick as the others.
    for b in &bars {
        assert_eq!(b.x, bars[0].x, "{bars:?}");
        assert_eq!(b.height, bars[0].height, "{bars:?}");
    }
    // Top to bottom in category order, lengths in proportion to the totals ($61 M, $5.58 M,
    // $20 M), the first one far wider than tall.
    let totals: Vec<f64> = c.series[0].points.iter().map(|p| p[1]).collect();
    for (b, total) in bars.iter().zip(&totals) {
        let ratio = b.width / bars[0].width;
        assert!((ratio - total / totals[0]).abs() < 0.01, "{bars:?}");
    }
    assert!(bars[0].width > 5.0 * bars[0].height, "{bars:?}");

    // Each name sits left of the bars, level with its own bar; each amount just after its end.
    let texts = svg_text_nodes(&svg);
    // Amounts can also be tick labels ("$20 M"): find texts by their alignment too.
    let find = |s: &str, anchor: &str| {
        texts
            .iter()
            .find(|t| t.text == s && t.anchor == anchor)
            .unwrap_or_else(|| panic!("{s:?} ({anchor}) missing in {texts:?}"))
            .clone()
    };
    let within = |t: &SvgText, b: &SvgRect| t.y >= b.y && t.y <= b.y + b.height;
    for (name, bar) in ["Llama 3.1 405B (Meta, 16k H100)", "DeepSeek-V3"]
        .iter()
        .zip(&bars)
    {
        let label = find(name, "end");
        assert!(label.x < bar.x, "{label:?} {bar:?}");
        assert!(within(&label, bar), "{label:?} {bar:?}");
    }
    for (amount, bar) in ["$61.0 M", "$5.58 M", "$20.0 M"].iter().zip(&bars) {
        let label = find(amount, "start");
        assert!(label.x > bar.x + bar.width, "{label:?} {bar:?}");
        assert!(within(&label, bar), "{label:?} {bar:?}");
    }
    // The value axis runs along the bottom, from $0.
    let zero = find("$0", "middle");
    assert!(zero.y > bars[2].y + bars[2].height, "{zero:?}");
    assert!((zero.x - bars[0].x).abs() <= 1.0, "{zero:?}");
}

/// The longest horizontal and vertical runs of `colour` in an image.
fn longest_runs(img: &Decoded, colour: [u8; 3]) -> (u32, u32) {
    let mut across = 0;
    for y in 0..img.height {
        let mut run = 0;
        for x in 0..img.width {
            run = if img.pixel(x, y) == colour {
                run + 1
            } else {
                0
            };
            across = across.max(run);
        }
    }
    let mut down = 0;
    for x in 0..img.width {
        let mut run = 0;
        for y in 0..img.height {
            run = if img.pixel(x, y) == colour {
                run + 1
            } else {
                0
            };
            down = down.max(run);
        }
    }
    (across, down)
}

#[test]
fn category_bars_lie_flat_in_the_png() {
    for kind in [ChartKind::Breakdown, ChartKind::Compare] {
        for theme in [Theme::Light, Theme::Dark] {
            let options = RenderOptions {
                theme,
                ..RenderOptions::default()
            };
            let bytes = render_png(&chart(kind), &options).unwrap();
            dump(
                &format!("horizontal-{}-{}.png", kind.as_str(), theme.as_str()),
                &bytes,
            );
            // The breakdown's bars are all in the accent; the comparison's mostly grey.
            let colour = match kind {
                ChartKind::Breakdown => ui(theme).accent,
                _ => ui(theme).bar,
            };
            let (across, down) = longest_runs(&decode(&bytes), colour);
            assert!(across > 3 * down, "{kind:?} {theme:?}: {across} × {down}");
        }
    }
}

/// Registers the chart font for measuring in tests, once.
fn test_font() -> &'static str {
    static FONT: std::sync::OnceLock<()> = std::sync::OnceLock::new();
    const NAME: &str = "costscope-render-test";
    FONT.get_or_init(|| {
        plotters::style::register_font(
            NAME,
            plotters::style::FontStyle::Normal,
            include_bytes!("../../../assets/fonts/DejaVuSans.ttf"),
        )
        .map_err(|_| "the font does not load")
        .unwrap();
    });
    NAME
}

/// Asserts that every text and rectangle of `svg` lies within its `width` pixels.
fn assert_inside(svg: &str, width: f64) {
    use plotters::style::IntoFont;
    let family = test_font();
    for t in svg_text_nodes(svg) {
        if t.rotated {
            assert!(t.x >= 0.0 && t.x <= width, "{t:?}");
            continue;
        }
        // plotters writes SVG font sizes as its pixel size / 1.24.
        let (w, _) = (family, t.font_size * 1.24)
            .into_font()
            .box_size(&t.text)
            .unwrap();
        let w = f64::from(w);
        let left = match t.anchor.as_str() {
            "end" => t.x - w,
            "middle" => t.x - w / 2.0,
            _ => t.x,
        };
        assert!(
            t.x >= 0.0 && left >= -1.0 && left + w <= width + 1.0,
            "{t:?} spans {left:.0}..{:.0} of {width}",
            left + w
        );
    }
    let doc = roxmltree::Document::parse(svg).unwrap();
    for n in doc.descendants().filter(|n| n.tag_name().name() == "rect") {
        let (x, w) = (attr(&n, "x"), attr(&n, "width"));
        assert!(x >= 0.0 && x + w <= width, "rect at {x} + {w}");
    }
}

#[test]
fn a_sixty_character_scenario_name_stays_inside_the_image() {
    let long = "Llama 3.1 405B pre-training on 16,384 H100s, Meta, July 2024";
    assert_eq!(long.chars().count(), 60);
    let compared = [
        ComparedScenario {
            name: long.into(),
            total_cost_usd: 6.1e7,
        },
        ComparedScenario {
            name: "DeepSeek-V3".into(),
            total_cost_usd: 5_576_000.0,
        },
    ];
    let c = charts_with(&compared)
        .into_iter()
        .find(|c| c.kind == ChartKind::Compare)
        .unwrap();
    for (width, height) in [(1600, 900), (800, 450), (400, 300)] {
        let options = RenderOptions {
            width,
            height,
            ..RenderOptions::default()
        };
        let svg = render_svg(&c, &options).unwrap();
        dump(&format!("long-name-{width}x{height}.svg"), svg.as_bytes());
        assert_inside(&svg, f64::from(width));
        // The names take at most about a third of the width; the bars get the rest.
        let bars = category_bars(&svg);
        assert_eq!(bars.len(), 2, "{width}: {bars:?}");
        assert!(bars[0].x < 0.5 * f64::from(width), "{width}: {bars:?}");
        let texts = svg_texts(&svg);
        let name = texts
            .iter()
            .find(|t| t.starts_with("Llama 3.1 405B"))
            .unwrap_or_else(|| panic!("{width}: the name is missing in {texts:?}"));
        if width < 1600 {
            assert!(name.ends_with('…'), "{width}: {name:?}");
        }

        // In the PNG, the padding left of everything stays empty.
        let bytes = render_png(&c, &options).unwrap();
        dump(&format!("long-name-{width}x{height}.png"), &bytes);
        let img = decode(&bytes);
        let background = Theme::Light.background_rgb();
        for y in 0..img.height {
            for x in 0..8 {
                assert_eq!(img.pixel(x, y), background, "{width}: pixel ({x}, {y})");
            }
        }
    }
}

#[test]
fn an_empty_comparison_says_so() {
    let c = charts_with(&[])
        .into_iter()
        .find(|c| c.kind == ChartKind::Compare)
        .unwrap();
    let svg = render_svg(&c, &RenderOptions::default()).unwrap();
    let texts = svg_texts(&svg);
    assert!(
        texts.iter().any(|t| t == "Nothing to compare yet"),
        "{texts:?}"
    );
    assert!(category_bars(&svg).is_empty());
}
