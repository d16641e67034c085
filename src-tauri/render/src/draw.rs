//! Lays out and draws one `Chart` on any plotters backend (bitmap or SVG).
//!
//! Layout, top to bottom: title, legend, the plot, footnote. Charts with a numeric x axis get a
//! left value axis and an optional right one; category charts are drawn as on screen, as
//! horizontal bars: one row per category (the first at the top), its name on the left, the
//! values along the bottom.
//! plotters draws the grid, the axes and their tick labels through [`AxisSpec`]; the series,
//! the marker, the legend, the category names and the texts are drawn in pixel space so that
//! one code path serves both value axes and names can be fitted to their room.

use costscope_core::chart::{format_value, Axis, Chart, ChartKind, Scale, SeriesStyle, Unit};
use plotters::coord::{CoordTranslate, Shift};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::axis::AxisSpec;
use crate::theme::Palette;
use crate::{Error, RenderOptions, FONT_FAMILY};

/// Which backend the drawing goes to: the two place text slightly differently, and the bitmap
/// draws the series lines at their exact, unrounded positions.
#[derive(Clone, Copy)]
pub(crate) enum Target<'a> {
    Bitmap(&'a dyn ExactLines),
    Svg,
}

/// Draws lines past plotters, which rounds every point to a whole pixel: for curves that must
/// not wobble by half a pixel.
pub(crate) trait ExactLines {
    /// A line through `points` (plotters' pixel coordinates, unrounded), `width_px` wide.
    fn polyline(
        &self,
        points: &[(f64, f64)],
        width_px: f64,
        color: plotters_backend::BackendColor,
    ) -> Result<(), crate::raster::CanvasBusy>;
}

pub(crate) fn failed<E: std::fmt::Display>(e: E) -> Error {
    Error::Draw(e.to_string())
}

/// Sizes at 1600 × 900 and scale 1, in pixels.
mod size {
    pub const PAD: f64 = 28.0;
    pub const TITLE: f64 = 32.0;
    pub const LEGEND: f64 = 19.0;
    pub const TICK: f64 = 17.0;
    pub const DESC: f64 = 19.0;
    pub const FOOT: f64 = 15.0;
    pub const MARKER: f64 = 17.0;
    pub const VALUE: f64 = 16.0;
    pub const LINE: f64 = 3.0;
    pub const TICK_MARK: f64 = 6.0;
    /// The thickest a horizontal bar gets: a list of two or three would otherwise draw slabs.
    pub const BAR_MAX: f64 = 56.0;
    /// Between a bar's end and its amount.
    pub const AMOUNT_GAP: f64 = 8.0;
}

/// The widest the category names may be, as a share of the image width.
const NAMES_MAX_SHARE: f64 = 0.35;

enum Swatch {
    Line,
    Bar,
    Dot,
}

struct Painter<'a, DB: DrawingBackend> {
    root: &'a DrawingArea<DB, Shift>,
    /// Device pixels per layout pixel: the scale times the size factor.
    u: f64,
    pal: Palette,
    target: Target<'a>,
}

impl<DB: DrawingBackend> Painter<'_, DB> {
    fn px(&self, v: f64) -> i32 {
        (v * self.u).round() as i32
    }

    fn font(&self, size: f64, color: RGBColor) -> TextStyle<'static> {
        TextStyle {
            font: (FONT_FAMILY, size * self.u).into_font(),
            color: color.to_backend_color(),
            pos: Pos::default(),
        }
    }

    fn measure(&self, text: &str, style: &TextStyle) -> Result<(i32, i32), Error> {
        let (w, h) = self.root.estimate_text_size(text, style).map_err(failed)?;
        Ok((w as i32, h as i32))
    }

    /// Draws unrotated text. The bitmap font rasteriser puts glyphs about a fifth of the font
    /// size higher than the SVG text model does; shift them so both look alike.
    fn text(
        &self,
        text: &str,
        style: &TextStyle,
        (h, v): (HPos, VPos),
        (x, y): (i32, i32),
    ) -> Result<(), Error> {
        let dy = self.baseline_shift(style.font.get_size());
        self.root
            .draw_text(text, &style.pos(Pos::new(h, v)), (x, y + dy))
            .map_err(failed)
    }

    fn baseline_shift(&self, font_size: f64) -> i32 {
        match self.target {
            Target::Bitmap(_) => (font_size * 0.18).round() as i32,
            Target::Svg => 0,
        }
    }

    /// `text`, shortened with "…" to fit `max_width` pixels.
    fn fit(&self, text: &str, style: &TextStyle, max_width: i32) -> Result<String, Error> {
        if self.measure(text, style)?.0 <= max_width {
            return Ok(text.to_string());
        }
        let chars: Vec<char> = text.chars().collect();
        let (mut lo, mut hi) = (0usize, chars.len());
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            let candidate: String = chars[..mid]
                .iter()
                .collect::<String>()
                .trim_end()
                .to_string()
                + "…";
            if self.measure(&candidate, style)?.0 <= max_width {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        Ok(chars[..lo]
            .iter()
            .collect::<String>()
            .trim_end()
            .to_string()
            + "…")
    }

    fn rect(&self, a: (i32, i32), b: (i32, i32), style: ShapeStyle) -> Result<(), Error> {
        self.root
            .draw(&Rectangle::new([a, b], style))
            .map_err(failed)
    }

    fn swatch_width(&self, kind: &Swatch) -> i32 {
        match kind {
            Swatch::Line => self.px(30.0),
            Swatch::Bar => self.px(16.0),
            Swatch::Dot => 2 * self.px(7.0),
        }
    }

    /// A legend key with its left end at `x`, centred on `y`.
    fn swatch(&self, kind: &Swatch, color: RGBColor, (x, y): (i32, i32)) -> Result<(), Error> {
        let w = self.swatch_width(kind);
        match kind {
            Swatch::Line => self
                .root
                .draw(&PathElement::new(
                    vec![(x, y), (x + w, y)],
                    color.stroke_width(self.px(size::LINE + 1.0).max(1) as u32),
                ))
                .map_err(failed),
            Swatch::Bar => self.rect((x, y - w / 2), (x + w, y + w / 2), color.filled()),
            Swatch::Dot => self
                .root
                .draw(&Circle::new((x + w / 2, y), w / 2, color.filled()))
                .map_err(failed),
        }
    }
}

/// How opaque a band's fill is over what lies beneath (the screen's cost chart uses the same).
const BAND_OPACITY: f64 = 0.2;

/// When series `i` is a band's low edge: the index of its high edge (the next series), and of
/// the line it surrounds (the first line series on the same axis).
fn band_edges(chart: &Chart, i: usize) -> Option<(usize, usize)> {
    let low = chart
        .series
        .get(i)
        .filter(|s| s.style == SeriesStyle::Band)?;
    // The second of a pair is a high edge, not a low one.
    let pairs_before = chart.series[..i]
        .iter()
        .filter(|s| s.style == SeriesStyle::Band)
        .count();
    if pairs_before % 2 == 1 {
        return None;
    }
    chart
        .series
        .get(i + 1)
        .filter(|s| s.style == SeriesStyle::Band)?;
    let line = chart
        .series
        .iter()
        .position(|s| s.style == SeriesStyle::Line && s.y_axis == low.y_axis)
        .unwrap_or(0);
    Some((i + 1, line))
}

/// `color` at the band's opacity over `background`, as one opaque colour (for the legend key).
fn tint(color: RGBColor, background: RGBColor) -> RGBColor {
    let mix = |c: u8, b: u8| {
        (f64::from(c) * BAND_OPACITY + f64::from(b) * (1.0 - BAND_OPACITY)).round() as u8
    };
    RGBColor(
        mix(color.0, background.0),
        mix(color.1, background.1),
        mix(color.2, background.2),
    )
}

/// Replaces control characters (not drawable, and invalid in XML) with spaces.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The colour of series `i` where it is not highlighted, which its legend key shows too. A
/// category chart's bars are as on screen: grey, except on the breakdown without a highlight,
/// where every bar takes the accent. Elsewhere each series has its own colour.
fn plain_color(pal: &Palette, chart: &Chart, i: usize) -> RGBColor {
    match chart.series.get(i) {
        Some(s)
            if i == 0 && chart.x_axis.scale == Scale::Category && s.style == SeriesStyle::Bar =>
        {
            if chart.kind == ChartKind::Breakdown && s.highlight.is_none() {
                pal.accent
            } else {
                pal.bar
            }
        }
        _ => pal.series_color(i),
    }
}

pub(crate) fn chart<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &Chart,
    opts: &RenderOptions,
    target: Target<'_>,
) -> Result<(), Error> {
    let pal = opts.theme.palette();
    // Text and strokes are sized for 1600 × 900; smaller canvases shrink them gently (with the
    // square root of the size ratio, so 800 × 450 keeps 71 %), larger canvases get more room
    // rather than bigger text.
    let fit = (f64::from(opts.width) / 1600.0).min(f64::from(opts.height) / 900.0);
    let k = fit.min(1.0).sqrt().max(0.35);
    let p = Painter {
        root,
        u: k * opts.scale,
        pal,
        target,
    };
    root.fill(&pal.background).map_err(failed)?;
    let (w, h) = root.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let pad = p.px(size::PAD);
    let inner_w = (w - 2 * pad).max(1);

    // Title.
    let title_style = p.font(size::TITLE, pal.text);
    let title = p.fit(&clean(&chart.title), &title_style, inner_w)?;
    p.text(&title, &title_style, (HPos::Left, VPos::Top), (pad, pad))?;
    let mut top = pad + p.px(size::TITLE) + p.px(14.0);
    // What the chart holds fixed, as on screen, in the footnote's colour.
    if !chart.subtitle.is_empty() {
        let sub_style = p.font(size::LEGEND, pal.footnote);
        let sub = p.fit(&clean(&chart.subtitle), &sub_style, inner_w)?;
        p.text(
            &sub,
            &sub_style,
            (HPos::Left, VPos::Top),
            (pad, top - p.px(4.0)),
        )?;
        top += p.px(size::LEGEND * 1.5);
    }

    // Legend: one entry per series, then the highlight and the marker when present.
    let legend_style = p.font(size::LEGEND, pal.text);
    let mut entries: Vec<(String, RGBColor, Swatch)> = chart
        .series
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match s.style {
            SeriesStyle::Line => Some((clean(&s.name), plain_color(&pal, chart, i), Swatch::Line)),
            SeriesStyle::Bar => Some((clean(&s.name), plain_color(&pal, chart, i), Swatch::Bar)),
            // One key for a band's two edges, in the band's tint over the background.
            SeriesStyle::Band => band_edges(chart, i).map(|(_, line)| {
                let c = pal.series_color(line);
                (
                    costscope_core::chart::BAND_LABEL.to_string(),
                    tint(c, pal.background),
                    Swatch::Bar,
                )
            }),
        })
        .collect();
    let highlighted = chart
        .series
        .iter()
        .any(|s| s.style == SeriesStyle::Bar && s.highlight.is_some_and(|i| i < s.points.len()));
    if highlighted {
        entries.push(("This scenario".into(), pal.accent, Swatch::Bar));
    }
    if let Some(m) = chart.marker.as_ref().filter(|_| !highlighted) {
        entries.push((
            "This scenario".into(),
            pal.series_color(m.series),
            Swatch::Dot,
        ));
    }
    let row_h = p.px(size::LEGEND * 1.5);
    let (mut x, mut y) = (pad, top + row_h / 2);
    let gap = p.px(10.0);
    for (name, color, swatch) in &entries {
        let swatch_w = p.swatch_width(swatch);
        let name = p.fit(name, &legend_style, inner_w - swatch_w - gap)?;
        let entry_w = swatch_w + gap + p.measure(&name, &legend_style)?.0;
        if x > pad && x + entry_w > w - pad {
            x = pad;
            y += row_h;
        }
        p.swatch(swatch, *color, (x, y))?;
        p.text(
            &name,
            &legend_style,
            (HPos::Left, VPos::Center),
            (x + swatch_w + gap, y),
        )?;
        x += entry_w + p.px(32.0);
    }
    top = y + row_h / 2 + p.px(8.0);

    // Footnote, wrapped at its " · " separators, at most three lines.
    let foot_style = p.font(size::FOOT, pal.footnote);
    let foot_lines = wrap(&p, &clean(&chart.footnote), &foot_style, inner_w, 3)?;
    let line_h = p.px(size::FOOT * 1.45);
    let foot_top = h - pad - line_h * foot_lines.len() as i32;
    for (i, line) in foot_lines.iter().enumerate() {
        p.text(
            line,
            &foot_style,
            (HPos::Left, VPos::Top),
            (pad, foot_top + i as i32 * line_h),
        )?;
    }

    let plot_h = (foot_top - p.px(16.0) - top).max(p.px(40.0));
    let area = root.clone().shrink((0, top), (w, plot_h));
    plot(&p, &area, chart)
}

/// Splits `text` into lines that fit `width`, breaking at " · "; the last line is shortened.
fn wrap<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    text: &str,
    style: &TextStyle,
    width: i32,
    max_lines: usize,
) -> Result<Vec<String>, Error> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for part in text.split(" · ").filter(|s| !s.trim().is_empty()) {
        let candidate = if current.is_empty() {
            part.to_string()
        } else {
            format!("{current} · {part}")
        };
        if current.is_empty() || p.measure(&candidate, style)?.0 <= width {
            current = candidate;
        } else {
            lines.push(std::mem::take(&mut current));
            current = part.to_string();
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines {
        let rest = lines.split_off(max_lines - 1).join(" · ");
        lines.push(rest);
    }
    lines
        .iter()
        .map(|l| p.fit(l, style, width))
        .collect::<Result<Vec<_>, _>>()
}

fn fallback_axis() -> Axis {
    Axis {
        label: String::new(),
        unit: Unit::None,
        scale: Scale::Linear,
        categories: Vec::new(),
        ticks: None,
    }
}

/// One or two value axes; a chart without any gets a plain one rather than an error.
fn value_axes<'c>(chart: &'c Chart, fallback: &'c Axis) -> Vec<&'c Axis> {
    let mut axes: Vec<&Axis> = chart.y_axes.iter().take(2).collect();
    if axes.is_empty() {
        axes.push(fallback);
    }
    axes
}

/// The value axis a series is drawn against; a series naming a missing axis uses the first.
fn series_axis(chart: &Chart, axes: usize, series: usize) -> usize {
    chart
        .series
        .get(series)
        .map(|s| s.y_axis)
        .filter(|a| *a < axes)
        .unwrap_or(0)
}

/// A value axis fitted to `values`, from zero when linear.
fn value_spec(axis: &Axis, values: &[f64], headroom: f64) -> AxisSpec {
    if axis.scale == Scale::Category {
        // A category value axis makes no sense; read it as linear.
        let linear = Axis {
            scale: Scale::Linear,
            ..axis.clone()
        };
        AxisSpec::numeric(&linear, values, true, headroom)
    } else {
        AxisSpec::numeric(axis, values, true, headroom)
    }
}

/// The plot: category charts as rows of horizontal bars (as on screen), the others on x–y axes.
fn plot<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    area: &DrawingArea<DB, Shift>,
    chart: &Chart,
) -> Result<(), Error> {
    if chart.x_axis.scale == Scale::Category {
        plot_rows(p, area, chart)
    } else {
        plot_xy(p, area, chart)
    }
}

/// A vertical axis name, rotated to read upwards on the left side and downwards on the right,
/// centred on `(x, mid_y)` and shortened to `max_len`.
fn side_name<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    text: &str,
    color: RGBColor,
    left: bool,
    (x, mid_y): (i32, i32),
    max_len: i32,
) -> Result<(), Error> {
    let plain = p.font(size::DESC, color);
    let label = p.fit(&clean(text), &plain, max_len)?;
    let style = plain
        .transform(if left {
            FontTransform::Rotate270
        } else {
            FontTransform::Rotate90
        })
        .pos(Pos::new(HPos::Center, VPos::Center));
    p.root.draw_text(&label, &style, (x, mid_y)).map_err(failed)
}

/// Pixel bounds of the plotting area: left, right, top, bottom.
#[derive(Debug, Clone, Copy)]
struct Bounds {
    left: i32,
    right: i32,
    top: i32,
    bottom: i32,
}

/// The current scenario: a dot in `color` (the marked series') with a ring at `(mx, my)`, as
/// on screen, and its label in a box beside it, kept inside `b`.
fn marker<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    text: &str,
    color: RGBColor,
    (mx, my): (i32, i32),
    b: Bounds,
) -> Result<(), Error> {
    let pal = p.pal;
    let r = p.px(8.0);
    p.root
        .draw(&Circle::new(
            (mx, my),
            r + p.px(3.0),
            pal.tooltip_bg.filled(),
        ))
        .map_err(failed)?;
    p.root
        .draw(&Circle::new((mx, my), r, color.filled()))
        .map_err(failed)?;
    let style = p.font(size::MARKER, pal.text);
    let max_w = (b.right - b.left - p.px(40.0)).max(p.px(60.0));
    let label = p.fit(&clean(text), &style, max_w)?;
    let (tw, _) = p.measure(&label, &style)?;
    let (bw, bh) = (tw + p.px(20.0), p.px(size::MARKER * 1.9));
    let off = p.px(14.0);
    let bx = if mx + off + bw <= b.right {
        mx + off
    } else {
        (mx - off - bw).max(b.left)
    };
    let by = if my - off - bh >= b.top {
        my - off - bh
    } else {
        (my + off).min(b.bottom - bh)
    };
    p.rect((bx, by), (bx + bw, by + bh), pal.tooltip_bg.filled())?;
    p.rect(
        (bx, by),
        (bx + bw, by + bh),
        color.stroke_width(p.px(1.5).max(1) as u32),
    )?;
    p.text(
        &label,
        &style,
        (HPos::Left, VPos::Center),
        (bx + p.px(10.0), by + bh / 2),
    )
}

/// The grid, axes, series and marker of a chart with a numeric x axis.
fn plot_xy<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    area: &DrawingArea<DB, Shift>,
    chart: &Chart,
) -> Result<(), Error> {
    let pal = p.pal;
    let fallback = fallback_axis();
    let y_axes = value_axes(chart, &fallback);
    let axis_of = |series: usize| series_axis(chart, y_axes.len(), series);
    let has_bars = chart.series.iter().any(|s| s.style == SeriesStyle::Bar);

    // Value ranges.
    let mut xs: Vec<f64> = Vec::new();
    let mut ys: Vec<Vec<f64>> = vec![Vec::new(); y_axes.len()];
    for (i, s) in chart.series.iter().enumerate() {
        for pt in &s.points {
            xs.push(pt[0]);
            ys[axis_of(i)].push(pt[1]);
        }
    }
    if let Some(m) = &chart.marker {
        xs.push(m.x);
        ys[axis_of(m.series)].push(m.y);
    }
    let headroom = if has_bars { 0.12 } else { 0.06 };
    let x_axis = &chart.x_axis;
    // A numeric x axis spans the data, not zero.
    let x_spec = AxisSpec::numeric(x_axis, &xs, false, 0.0);
    let y_specs: Vec<AxisSpec> = y_axes
        .iter()
        .zip(&ys)
        .map(|(a, v)| value_spec(a, v, headroom))
        .collect();

    // Room for the tick labels and the axis names.
    let tick_style = p.font(size::TICK, pal.muted);
    let desc_style = p.font(size::DESC, pal.muted);
    let tick_mark = p.px(size::TICK_MARK);
    let label_dist = 2 * tick_mark;
    let desc_h = p.px(size::DESC);
    let widest = |spec: &AxisSpec| -> Result<i32, Error> {
        let mut widest = 0;
        for l in spec.labels() {
            widest = widest.max(p.measure(&l, &tick_style)?.0);
        }
        Ok(widest)
    };
    let side_gap = p.px(14.0);
    let left_w = label_dist + widest(&y_specs[0])? + side_gap + desc_h + p.px(4.0);
    let two = y_specs.len() == 2;
    let right_w = if two {
        label_dist + widest(&y_specs[1])? + side_gap + desc_h + p.px(4.0)
    } else {
        0
    };
    let x_area_h = label_dist + p.px(size::TICK) + p.px(12.0) + desc_h + p.px(4.0);
    let pad = p.px(size::PAD);
    let margin_right = if two { pad / 2 } else { pad };

    let mut builder = ChartBuilder::on(area);
    builder
        .margin_left(pad)
        .margin_right(margin_right)
        .margin_top(p.px(8.0))
        .margin_bottom(0)
        .x_label_area_size(x_area_h)
        .y_label_area_size(left_w);
    if two {
        builder.right_y_label_area_size(right_w);
    }
    let ctx = builder
        .build_cartesian_2d(x_spec.clone(), y_specs[0].clone())
        .map_err(failed)?;

    let look = MeshLook::new(p, tick_style, desc_style, tick_mark);
    let x_desc = clean(&x_axis.label);

    // The secondary axis must be set before the primary mesh is drawn: plotters then hands the
    // right label area to it, so the left axis' labels are not repeated on the right.
    let (px_range, py_range, maps, y_lines) = if two {
        let mut dual = ctx.set_secondary_coord(x_spec.clone(), y_specs[1].clone());
        primary_mesh(&mut dual, &look, &x_spec, &y_specs[0], x_desc)?;
        dual.configure_secondary_axes()
            .y_labels(y_specs[1].majors.len().max(1))
            .axis_style(look.axis)
            .label_style(look.ticks.clone())
            .set_all_tick_mark_size(look.tick_mark)
            .y_label_offset(look.y_shift)
            .draw()
            .map_err(failed)?;
        let (xr, yr) = dual.plotting_area().get_pixel_range();
        let maps = vec![
            dual.as_coord_spec().clone(),
            dual.borrow_secondary().as_coord_spec().clone(),
        ];
        // Where plotters drew each value axis' line, from top to bottom.
        let y_lines = vec![
            dual.plotting_area().get_y_axis_pixel_range(),
            dual.borrow_secondary()
                .plotting_area()
                .get_y_axis_pixel_range(),
        ];
        (xr, yr, maps, y_lines)
    } else {
        let mut ctx = ctx;
        primary_mesh(&mut ctx, &look, &x_spec, &y_specs[0], x_desc)?;
        let (xr, yr) = ctx.plotting_area().get_pixel_range();
        let y_lines = vec![ctx.plotting_area().get_y_axis_pixel_range()];
        (xr, yr, vec![ctx.as_coord_spec().clone()], y_lines)
    };

    let bounds = Bounds {
        left: px_range.start,
        right: px_range.end,
        top: py_range.start,
        bottom: py_range.end,
    };
    // As on screen, a value axis' line takes the colour of the first series drawn against it
    // (its tick marks stay in the axis colour): drawn over the mesh's line, on the same pixels.
    for (i, range) in y_lines.iter().enumerate() {
        let Some(first) = (0..chart.series.len()).find(|s| axis_of(*s) == i) else {
            continue;
        };
        let x = if i == 0 {
            bounds.left - 1
        } else {
            bounds.right
        };
        let style = ShapeStyle {
            color: pal.series_color(first).to_rgba(),
            ..look.axis
        };
        p.root
            .draw(&PathElement::new(
                vec![(x, range.start), (x, range.end)],
                style,
            ))
            .map_err(failed)?;
    }

    // Axis names, in the tick labels' colour as on screen.
    let mid_y = (bounds.top + bounds.bottom) / 2;
    for (i, axis) in y_axes.iter().enumerate() {
        let max_len = (bounds.bottom - bounds.top).max(p.px(40.0));
        let x = if i == 0 {
            bounds.left - left_w + desc_h / 2 + p.px(2.0)
        } else {
            bounds.right + right_w - desc_h / 2 - p.px(2.0)
        };
        side_name(p, &axis.label, pal.muted, i == 0, (x, mid_y), max_len)?;
    }

    // Series.
    let to_px = |axis: usize, x: f64, y: f64| -> (i32, i32) { maps[axis].translate(&(x, y)) };
    let exact = |axis: usize, x: f64, y: f64| exact_px(&maps[axis], (x, y));
    let line_w = p.px(size::LINE).max(1) as u32;
    let bar_series: Vec<usize> = chart
        .series
        .iter()
        .enumerate()
        .filter(|(_, s)| s.style == SeriesStyle::Bar)
        .map(|(i, _)| i)
        .collect();
    let slot_px = bar_slot(&x_spec, &chart.series, bounds.right - bounds.left);
    let value_style = p.font(size::VALUE, pal.text);
    // Bands first, under every line: the area between the low edge and the high edge, in the
    // colour of the line it surrounds.
    for i in 0..chart.series.len() {
        let Some((high, line)) = band_edges(chart, i) else {
            continue;
        };
        let ax = axis_of(i);
        let (xa, ya) = (&x_spec, &y_specs[ax]);
        let inside = |pt: &&[f64; 2]| xa.accepts(pt[0]) && ya.accepts(pt[1]);
        let mut outline: Vec<(i32, i32)> = chart.series[i]
            .points
            .iter()
            .filter(inside)
            .map(|pt| to_px(ax, pt[0], pt[1]))
            .collect();
        outline.extend(
            chart.series[high]
                .points
                .iter()
                .rev()
                .filter(inside)
                .map(|pt| to_px(ax, pt[0], pt[1])),
        );
        if outline.len() >= 3 {
            let fill = pal.series_color(line).mix(BAND_OPACITY).filled();
            p.root.draw(&Polygon::new(outline, fill)).map_err(failed)?;
        }
    }
    for (i, s) in chart.series.iter().enumerate() {
        let ax = axis_of(i);
        let (xa, ya) = (&x_spec, &y_specs[ax]);
        let color = pal.series_color(i);
        let plain = plain_color(&pal, chart, i);
        match s.style {
            SeriesStyle::Band => {}
            SeriesStyle::Line => polyline(
                p,
                s.points.iter().map(|pt| {
                    (xa.accepts(pt[0]) && ya.accepts(pt[1])).then(|| exact(ax, pt[0], pt[1]))
                }),
                color,
                line_w,
            )?,
            SeriesStyle::Bar => {
                let nth = bar_series.iter().position(|b| *b == i).unwrap_or(0) as f64;
                let count = bar_series.len().max(1) as f64;
                let group = (slot_px * 0.62).min(f64::from(p.px(280.0)));
                let bar_w = group / count;
                let label_room = (bar_w + slot_px * 0.3) as i32;
                for (j, pt) in s.points.iter().enumerate() {
                    if !(xa.accepts(pt[0]) && ya.accepts(pt[1])) {
                        continue;
                    }
                    let (cx, top_y) = to_px(ax, pt[0], pt[1]);
                    let (_, base_y) = to_px(ax, pt[0], ya.base());
                    let left = f64::from(cx) - group / 2.0 + nth * bar_w;
                    let (l, r) = (left.round() as i32, (left + bar_w * 0.92).round() as i32);
                    let fill = if s.highlight == Some(j) {
                        pal.accent
                    } else {
                        plain
                    };
                    p.rect(
                        (l, top_y.min(base_y)),
                        (r.max(l + 1), top_y.max(base_y)),
                        fill.filled(),
                    )?;
                    let value = format_value(y_axes[ax].unit, pt[1]);
                    let (tw, _) = p.measure(&value, &value_style)?;
                    if tw <= label_room {
                        p.text(
                            &value,
                            &value_style,
                            (HPos::Center, VPos::Bottom),
                            ((l + r) / 2, top_y.min(base_y) - p.px(6.0)),
                        )?;
                    }
                }
            }
        }
    }

    if let Some(m) = &chart.marker {
        let ax = axis_of(m.series);
        if x_spec.accepts(m.x) && y_specs[ax].accepts(m.y) {
            let color = pal.series_color(m.series);
            marker(p, &m.label, color, to_px(ax, m.x, m.y), bounds)?;
        }
    }
    Ok(())
}

/// A category chart the way the screen draws it: one row per category, the first at the top,
/// its name on the left; bars run rightwards from zero with their amount at the end; values
/// read along the bottom axis (a second value axis, if any, along the top).
fn plot_rows<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    area: &DrawingArea<DB, Shift>,
    chart: &Chart,
) -> Result<(), Error> {
    let pal = p.pal;
    let (aw, ah) = area.dim_in_pixel();
    let (aw, ah) = (aw as i32, ah as i32);
    let n = chart.x_axis.categories.len();
    if n == 0 {
        // As on screen: a sentence rather than an empty frame.
        let (bx, by) = area.get_base_pixel();
        return p.text(
            "Nothing to compare yet",
            &p.font(size::DESC, pal.muted),
            (HPos::Center, VPos::Center),
            (bx + aw / 2, by + ah / 2),
        );
    }
    let fallback = fallback_axis();
    let axes = value_axes(chart, &fallback);
    let axis_of = |series: usize| series_axis(chart, axes.len(), series);
    let row_of = |x: f64| -> Option<usize> {
        let i = x.round();
        (i >= 0.0 && i < n as f64).then_some(i as usize)
    };

    let tick_style = p.font(size::TICK, pal.muted);
    let desc_style = p.font(size::DESC, pal.muted);
    let value_style = p.font(size::VALUE, pal.text);
    let pad = p.px(size::PAD);
    let tick_mark = p.px(size::TICK_MARK);
    let label_dist = 2 * tick_mark;
    let desc_h = p.px(size::DESC);
    let side_gap = p.px(14.0);
    let amount_gap = p.px(size::AMOUNT_GAP);
    let two = axes.len() == 2;

    // Names take the width of the widest, but at most a share of the image: scenario names run
    // to 60 characters, and the bars need the room more. Longer names end in "…".
    let names_cap = ((f64::from(aw) * NAMES_MAX_SHARE) as i32).max(p.px(24.0));
    let mut names = Vec::with_capacity(n);
    let mut names_w = 0;
    for c in &chart.x_axis.categories {
        let name = p.fit(&clean(c), &tick_style, names_cap)?;
        names_w = names_w.max(p.measure(&name, &tick_style)?.0);
        names.push(name);
    }
    let left_w = desc_h + p.px(4.0) + side_gap + names_w + label_dist;
    let x_area_h = label_dist + p.px(size::TICK) + p.px(12.0) + desc_h + p.px(4.0);
    let top_h = if two { x_area_h } else { 0 };
    let margin_top = p.px(8.0);
    // Before the value axes are known; the right margin may grow a little for their last tick.
    let plot_w = (aw - 2 * pad - left_w).max(1);
    let plot_h = (ah - margin_top - x_area_h - top_h).max(1);

    let slot = f64::from(plot_h) / n as f64;
    let bars: Vec<usize> = chart
        .series
        .iter()
        .enumerate()
        .filter(|(_, s)| s.style == SeriesStyle::Bar)
        .map(|(i, _)| i)
        .collect();
    let group = (slot * 0.6).min(f64::from(p.px(size::BAR_MAX)));
    let bar_h = group / bars.len().max(1) as f64;
    // Amounts only where each gets a line of its own.
    let pitch = if bars.len() > 1 { bar_h } else { slot };
    let amounts = pitch >= f64::from(p.px(size::VALUE)) * 1.15;

    // Value ranges, and each bar's amount. On a linear axis an amount needs room after its bar:
    // stretching the axis to `v · w / (w − text)` leaves exactly that, before nice rounding.
    let mut values: Vec<Vec<f64>> = vec![Vec::new(); axes.len()];
    let mut amount_texts: Vec<Vec<Option<(String, i32)>>> = Vec::with_capacity(chart.series.len());
    for (i, s) in chart.series.iter().enumerate() {
        let ax = axis_of(i);
        let mut texts = Vec::with_capacity(s.points.len());
        for pt in &s.points {
            let mut text = None;
            if row_of(pt[0]).is_some() && pt[1].is_finite() {
                values[ax].push(pt[1]);
                if amounts && s.style == SeriesStyle::Bar {
                    let t = format_value(axes[ax].unit, pt[1]);
                    let (tw, _) = p.measure(&t, &value_style)?;
                    let free = f64::from(plot_w - tw - amount_gap);
                    if axes[ax].scale != Scale::Log && free > f64::from(plot_w) * 0.25 {
                        values[ax].push(pt[1] * f64::from(plot_w) / free);
                    }
                    text = Some((t, tw));
                }
            }
            texts.push(text);
        }
        amount_texts.push(texts);
    }
    if let Some(m) = &chart.marker {
        if row_of(m.x).is_some() {
            values[axis_of(m.series)].push(m.y);
        }
    }
    let specs: Vec<AxisSpec> = axes
        .iter()
        .zip(&values)
        .map(|(a, v)| value_spec(a, v, 0.0))
        .collect();
    let mut widest_tick = 0;
    for spec in &specs {
        for l in spec.labels() {
            widest_tick = widest_tick.max(p.measure(&l, &tick_style)?.0);
        }
    }
    // The last tick label is centred on the plot's right edge.
    let margin_right = pad.max(widest_tick / 2 + p.px(4.0));
    let rows = AxisSpec::category(&chart.x_axis, Vec::new()).reversed();

    let mut builder = ChartBuilder::on(area);
    builder
        .margin_left(pad)
        .margin_right(margin_right)
        .margin_top(margin_top)
        .margin_bottom(0)
        .x_label_area_size(x_area_h)
        .y_label_area_size(left_w);
    if two {
        builder.top_x_label_area_size(top_h);
    }
    let ctx = builder
        .build_cartesian_2d(specs[0].clone(), rows.clone())
        .map_err(failed)?;
    let look = MeshLook::new(p, tick_style.clone(), desc_style, tick_mark);
    let value_desc = clean(&axes[0].label);
    let (px_range, py_range, maps) = if two {
        let mut dual = ctx.set_secondary_coord(specs[1].clone(), rows);
        rows_mesh(&mut dual, &look, &specs[0], value_desc)?;
        dual.configure_secondary_axes()
            .x_labels(specs[1].majors.len().max(1))
            .y_labels(0)
            .axis_style(look.axis)
            .label_style(look.ticks.clone())
            .axis_desc_style(look.desc.clone())
            .x_desc(clean(&axes[1].label))
            .set_all_tick_mark_size(look.tick_mark)
            .draw()
            .map_err(failed)?;
        let (xr, yr) = dual.plotting_area().get_pixel_range();
        let maps = vec![
            dual.as_coord_spec().clone(),
            dual.borrow_secondary().as_coord_spec().clone(),
        ];
        (xr, yr, maps)
    } else {
        let mut ctx = ctx;
        rows_mesh(&mut ctx, &look, &specs[0], value_desc)?;
        let (xr, yr) = ctx.plotting_area().get_pixel_range();
        (xr, yr, vec![ctx.as_coord_spec().clone()])
    };
    let bounds = Bounds {
        left: px_range.start,
        right: px_range.end,
        top: py_range.start,
        bottom: py_range.end,
    };
    // Amounts may run into the right margin, but never into the image's padding.
    let amount_limit = bounds.right + margin_right - pad;

    side_name(
        p,
        &chart.x_axis.label,
        pal.muted,
        true,
        (
            bounds.left - left_w + desc_h / 2 + p.px(2.0),
            (bounds.top + bounds.bottom) / 2,
        ),
        (bounds.bottom - bounds.top).max(p.px(40.0)),
    )?;

    let to_px =
        |axis: usize, v: f64, row: usize| -> (i32, i32) { maps[axis].translate(&(v, row as f64)) };
    let exact = |axis: usize, v: f64, row: usize| exact_px(&maps[axis], (v, row as f64));
    // Crowded rows: name every n-th so that the names do not overlap.
    let stride = ((f64::from(p.px(size::TICK)) * 1.15 / slot).ceil() as usize).max(1);
    for (row, name) in names.iter().enumerate().step_by(stride) {
        let (_, cy) = to_px(0, specs[0].base(), row);
        p.text(
            name,
            &tick_style,
            (HPos::Right, VPos::Center),
            (bounds.left - label_dist, cy),
        )?;
    }

    let line_w = p.px(size::LINE).max(1) as u32;
    for (i, s) in chart.series.iter().enumerate() {
        let ax = axis_of(i);
        let spec = &specs[ax];
        let color = pal.series_color(i);
        let plain = plain_color(&pal, chart, i);
        match s.style {
            // Bands belong to the sweep charts; a category chart has none.
            SeriesStyle::Band => {}
            SeriesStyle::Line => polyline(
                p,
                s.points.iter().map(|pt| {
                    row_of(pt[0])
                        .filter(|_| spec.accepts(pt[1]))
                        .map(|row| exact(ax, pt[1], row))
                }),
                color,
                line_w,
            )?,
            SeriesStyle::Bar => {
                let nth = bars.iter().position(|b| *b == i).unwrap_or(0) as f64;
                // Grouped bars keep a hairline apart; a single bar fills its thickness.
                let thick = if bars.len() > 1 { bar_h * 0.92 } else { bar_h };
                for (j, pt) in s.points.iter().enumerate() {
                    let Some(row) = row_of(pt[0]) else { continue };
                    if !spec.accepts(pt[1]) {
                        continue;
                    }
                    let (end_x, cy) = to_px(ax, pt[1], row);
                    let (base_x, _) = to_px(ax, spec.base(), row);
                    let top = f64::from(cy) - group / 2.0 + nth * bar_h;
                    let (t, b) = (top.round() as i32, (top + thick).round() as i32);
                    let b = b.max(t + 1);
                    if end_x != base_x {
                        let fill = if s.highlight == Some(j) {
                            pal.accent
                        } else {
                            plain
                        };
                        p.rect(
                            (base_x.min(end_x), t),
                            (base_x.max(end_x), b),
                            fill.filled(),
                        )?;
                    }
                    let Some(Some((text, tw))) = amount_texts.get(i).and_then(|t| t.get(j)) else {
                        continue;
                    };
                    let mid = (t + b) / 2;
                    if end_x >= base_x {
                        if end_x + amount_gap + tw <= amount_limit {
                            p.text(
                                text,
                                &value_style,
                                (HPos::Left, VPos::Center),
                                (end_x + amount_gap, mid),
                            )?;
                        }
                    } else if end_x - amount_gap - tw >= bounds.left {
                        p.text(
                            text,
                            &value_style,
                            (HPos::Right, VPos::Center),
                            (end_x - amount_gap, mid),
                        )?;
                    }
                }
            }
        }
    }

    if let Some(m) = &chart.marker {
        let ax = axis_of(m.series);
        if let Some(row) = row_of(m.x).filter(|_| specs[ax].accepts(m.y)) {
            let color = pal.series_color(m.series);
            marker(p, &m.label, color, to_px(ax, m.y, row), bounds)?;
        }
    }
    Ok(())
}

/// Where `(x, y)` falls on `map`, in pixels before plotters rounds them: the arithmetic of
/// `AxisSpec::map`, between the whole pixels of each axis' two ends (which map exactly).
fn exact_px(map: &Cartesian2d<AxisSpec, AxisSpec>, (x, y): (f64, f64)) -> (f64, f64) {
    let (xs, ys) = (map.x_spec(), map.y_spec());
    let start = map.translate(&(xs.ends().0, ys.ends().0));
    let end = map.translate(&(xs.ends().1, ys.ends().1));
    let lerp = |a: i32, b: i32, t: f64| f64::from(a) + (f64::from(b) - f64::from(a)) * t;
    (
        lerp(start.0, end.0, xs.fraction(x)),
        lerp(start.1, end.1, ys.fraction(y)),
    )
}

/// Draws a line through `points` (exact pixel positions), broken where a point is None (off
/// its axis, e.g. ≤ 0 on a log scale), as both plot layouts need. The bitmap draws it at the
/// exact positions; the SVG, as plotters draws everything, at whole pixels.
fn polyline<DB: DrawingBackend>(
    p: &Painter<'_, DB>,
    points: impl Iterator<Item = Option<(f64, f64)>>,
    color: RGBColor,
    width_px: u32,
) -> Result<(), Error> {
    let mut run: Vec<(f64, f64)> = Vec::new();
    for pt in points.chain(std::iter::once(None)) {
        match pt {
            Some(px) => run.push(px),
            None if !run.is_empty() => {
                let points = std::mem::take(&mut run);
                match p.target {
                    Target::Bitmap(exact) => exact
                        .polyline(&points, f64::from(width_px), color.to_backend_color())
                        .map_err(failed)?,
                    Target::Svg => {
                        let whole: Vec<(i32, i32)> = points
                            .iter()
                            .map(|(x, y)| (x.round() as i32, y.round() as i32))
                            .collect();
                        p.root
                            .draw(&PathElement::new(whole, color.stroke_width(width_px)))
                            .map_err(failed)?;
                    }
                }
            }
            None => {}
        }
    }
    Ok(())
}

struct MeshLook {
    grid: ShapeStyle,
    grid_minor: ShapeStyle,
    axis: ShapeStyle,
    ticks: TextStyle<'static>,
    desc: TextStyle<'static>,
    tick_mark: i32,
    y_shift: i32,
}

impl MeshLook {
    fn new<DB: DrawingBackend>(
        p: &Painter<'_, DB>,
        ticks: TextStyle<'static>,
        desc: TextStyle<'static>,
        tick_mark: i32,
    ) -> MeshLook {
        let thin = p.px(1.0).max(1) as u32;
        let line = |color: RGBColor| ShapeStyle {
            color: color.to_rgba(),
            filled: false,
            stroke_width: thin,
        };
        MeshLook {
            grid: line(p.pal.grid),
            grid_minor: line(p.pal.grid_minor),
            axis: line(p.pal.axis),
            ticks,
            desc,
            tick_mark,
            // The bitmap text sits a little high (see `Painter::text`); move the y labels down.
            y_shift: p.baseline_shift(size::TICK * p.u),
        }
    }
}

/// The grid, the bottom and left axes with their tick labels, and the x axis name.
fn primary_mesh<DB: DrawingBackend>(
    ctx: &mut ChartContext<'_, DB, Cartesian2d<AxisSpec, AxisSpec>>,
    look: &MeshLook,
    x: &AxisSpec,
    y: &AxisSpec,
    x_desc: String,
) -> Result<(), Error> {
    ctx.configure_mesh()
        .x_labels(x.majors.len().max(1))
        .y_labels(y.majors.len().max(1))
        .bold_line_style(look.grid)
        .light_line_style(look.grid_minor)
        .axis_style(look.axis)
        .label_style(look.ticks.clone())
        .axis_desc_style(look.desc.clone())
        .x_desc(x_desc)
        .set_all_tick_mark_size(look.tick_mark)
        .y_label_offset(look.y_shift)
        .draw()
        .map_err(failed)
}

/// For rows of bars: grid lines across the values only, the value axis with its ticks and
/// name at the bottom, and a bare left axis (the names are drawn apart, to fit them to size).
fn rows_mesh<DB: DrawingBackend>(
    ctx: &mut ChartContext<'_, DB, Cartesian2d<AxisSpec, AxisSpec>>,
    look: &MeshLook,
    value: &AxisSpec,
    value_desc: String,
) -> Result<(), Error> {
    ctx.configure_mesh()
        .x_labels(value.majors.len().max(1))
        .y_labels(0)
        .disable_y_mesh()
        .bold_line_style(look.grid)
        .light_line_style(look.grid_minor)
        .axis_style(look.axis)
        .label_style(look.ticks.clone())
        .axis_desc_style(look.desc.clone())
        .x_desc(value_desc)
        .set_all_tick_mark_size(look.tick_mark)
        .draw()
        .map_err(failed)
}

/// The width in pixels that one bar group may use on a numeric x axis: the smallest gap between
/// neighbouring bars.
fn bar_slot(x: &AxisSpec, series: &[costscope_core::chart::Series], plot_w: i32) -> f64 {
    let plot_w = f64::from(plot_w.max(1));
    let mut fractions: Vec<f64> = series
        .iter()
        .filter(|s| s.style == SeriesStyle::Bar)
        .flat_map(|s| s.points.iter().map(|p| x.fraction(p[0])))
        .collect();
    fractions.sort_by(f64::total_cmp);
    fractions.dedup();
    let gap = fractions
        .windows(2)
        .map(|w| w[1] - w[0])
        .fold(f64::INFINITY, f64::min);
    if gap.is_finite() && gap > 0.0 {
        (gap * plot_w).min(plot_w / 4.0)
    } else {
        plot_w / 8.0
    }
}
