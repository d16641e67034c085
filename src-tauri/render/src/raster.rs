//! The PNG drawing backend: plotters lays the chart out, this backend paints it into an RGBA
//! buffer with tiny-skia (anti-aliased sloped lines, circles and polygons; level and upright
//! lines and rectangles, which lie on whole pixels, as plain fills) and draws text with
//! ab_glyph at fractional, kerned advances.
//!
//! plotters' own bitmap backend draws lines without anti-aliasing (a sawtooth on every sloped
//! curve) and places each glyph at a whole pixel without its left side bearing, so digits and
//! narrow letters drift apart ("H1 00"). Both are fixed here; layout and measurement stay
//! plotters' (the same kerned advance sum), so the PNG is laid out exactly as the SVG.
//!
//! Coordinates: plotters addresses whole pixels; pixel `(x, y)` is the square from `(x, y)` to
//! `(x + 1, y + 1)`, so a point plotters names lies at its pixel's centre, `(x + 0.5, y + 0.5)`.
//! plotters rounds every point to a whole pixel, which puts a ±½ px wobble into a curve; the
//! series lines are therefore drawn past plotters, at their exact positions, through
//! [`Canvas::exact_polyline`] (the draw code holds the same canvas as the backend).

use std::cell::RefCell;

use ab_glyph::{point, Font, FontRef, GlyphId, PxScale, ScaleFont};
use plotters::prelude::DrawingBackend;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontTransform,
};
use tiny_skia::{
    Color, FillRule, LineCap, LineJoin, Paint, Path, PathBuilder, PixmapMut, PremultipliedColorU8,
    Rect, Stroke, Transform,
};

/// Bytes per pixel of the drawing buffer (premultiplied RGBA, tiny-skia's layout).
pub(crate) const RGBA_BYTES: usize = 4;

/// The one failure: the canvas was asked to draw while it was already drawing, which the
/// single-threaded drawing code never does (a bug, reported rather than a panic).
#[derive(Debug, thiserror::Error)]
#[error("the PNG canvas was drawn on twice at once")]
pub(crate) struct CanvasBusy;

/// A premultiplied RGBA buffer being drawn on, and the font its text is set in.
pub(crate) struct Canvas<'a> {
    pixmap: PixmapMut<'a>,
    font: &'a FontRef<'a>,
}

/// The plotters backend: every call paints on the shared [`Canvas`].
pub(crate) struct RasterBackend<'c, 'a> {
    canvas: &'c RefCell<Canvas<'a>>,
}

impl<'c, 'a> RasterBackend<'c, 'a> {
    pub(crate) fn new(canvas: &'c RefCell<Canvas<'a>>) -> Self {
        RasterBackend { canvas }
    }

    fn with<T>(
        &self,
        f: impl FnOnce(&mut Canvas<'a>) -> T,
    ) -> Result<T, DrawingErrorKind<CanvasBusy>> {
        let mut canvas = self
            .canvas
            .try_borrow_mut()
            .map_err(|_| DrawingErrorKind::DrawingError(CanvasBusy))?;
        Ok(f(&mut canvas))
    }
}

impl<'a> Canvas<'a> {
    /// A canvas over `rgba` (`width × height × 4` bytes); None when the size does not match
    /// or is zero.
    pub(crate) fn new(
        rgba: &'a mut [u8],
        (width, height): (u32, u32),
        font: &'a FontRef<'a>,
    ) -> Option<Self> {
        let pixmap = PixmapMut::from_bytes(rgba, width, height)?;
        Some(Canvas { pixmap, font })
    }

    fn paint(color: BackendColor) -> Paint<'static> {
        let (r, g, b) = color.rgb;
        let alpha = (color.alpha.clamp(0.0, 1.0) * 255.0).round() as u8;
        let mut paint = Paint::default();
        paint.set_color(Color::from_rgba8(r, g, b, alpha));
        paint.anti_alias = true;
        paint
    }

    /// Mixes `color` into the pixel at `(x, y)` with `coverage` (0–1); outside the image
    /// nothing happens.
    fn blend_pixel(&mut self, (x, y): (i32, i32), color: BackendColor, coverage: f32) {
        let (w, h) = (self.pixmap.width() as i32, self.pixmap.height() as i32);
        if x < 0 || y < 0 || x >= w || y >= h {
            return;
        }
        let a = (coverage.clamp(0.0, 1.0) * color.alpha.clamp(0.0, 1.0) as f32).min(1.0);
        if a <= 0.0 {
            return;
        }
        let i = y as usize * w as usize + x as usize;
        let Some(dst) = self.pixmap.pixels_mut().get_mut(i) else {
            return;
        };
        let (r, g, b) = color.rgb;
        // Source-over on premultiplied values, as tiny-skia's own pipeline blends.
        let mix = |s: f32, d: u8| (s * a + f32::from(d) * (1.0 - a)).round() as u8;
        let out = PremultipliedColorU8::from_rgba(
            mix(f32::from(r), dst.red()),
            mix(f32::from(g), dst.green()),
            mix(f32::from(b), dst.blue()),
            mix(255.0, dst.alpha()),
        );
        if let Some(out) = out {
            *dst = out;
        }
    }

    /// Fills the pixels from `(x0, y0)` to `(x1, y1)` (the last ones excluded, clipped to the
    /// canvas) with `color`: for whole-pixel rectangles, which need no anti-aliasing, a plain
    /// fill of the rows is many times quicker than tiny-skia's pipeline (a one-pixel-wide grid
    /// line costs it a pipeline run per row). Colours that are not opaque go to tiny-skia.
    fn fill_pixels(&mut self, (x0, y0): (i32, i32), (x1, y1): (i32, i32), color: BackendColor) {
        let (w, h) = (self.pixmap.width() as i32, self.pixmap.height() as i32);
        let (x0, x1) = (x0.clamp(0, w), x1.clamp(0, w));
        let (y0, y1) = (y0.clamp(0, h), y1.clamp(0, h));
        if x0 >= x1 || y0 >= y1 {
            return;
        }
        let (r, g, b) = color.rgb;
        match PremultipliedColorU8::from_rgba(r, g, b, 255).filter(|_| color.alpha >= 1.0) {
            Some(opaque) => {
                let pixels = self.pixmap.pixels_mut();
                for y in y0..y1 {
                    let row = y as usize * w as usize;
                    if let Some(span) = pixels.get_mut(row + x0 as usize..row + x1 as usize) {
                        span.fill(opaque);
                    }
                }
            }
            None => {
                if let Some(rect) = Rect::from_ltrb(x0 as f32, y0 as f32, x1 as f32, y1 as f32) {
                    self.pixmap
                        .fill_rect(rect, &Self::paint(color), Transform::identity(), None);
                }
            }
        }
    }

    /// Strokes the polyline through plotters' whole-pixel `points`, `width` pixels wide.
    fn stroke(&mut self, points: &[BackendCoord], closed: bool, width: u32, color: BackendColor) {
        if points.len() < 2 || width == 0 || color.alpha <= 0.0 {
            return;
        }
        // A stroke of odd width runs through pixel centres and one of even width along pixel
        // edges, so that level and upright lines (grid, axes, ticks) cover whole pixels and
        // stay crisp; only sloped ones get partly covered, anti-aliased pixels.
        let offset = if width % 2 == 1 { 0.5 } else { 0.0 };
        let closing = closed.then(|| (points[points.len() - 1], points[0]));
        let mut segments = points.windows(2).map(|s| (s[0], s[1])).chain(closing);
        if segments.clone().all(|(a, b)| a.0 == b.0 || a.1 == b.1) {
            // Level and upright lines are rectangles of whole pixels, filled as such (far
            // quicker than stroking): square ends, so that a line from pixel a to pixel b
            // covers both, as plotters' bitmap lines do, and corners close. Every colour drawn
            // is opaque, so where two segments overlap nothing shows. Half the width lies on
            // each side of the pixels named: width 1 is those pixels, width 3 one more on each
            // side, width 2 (on pixel edges) one more before.
            let (before, after) = (width as i32 / 2, (width as i32 - 1) / 2 + 1);
            for (a, b) in &mut segments {
                let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
                let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
                self.fill_pixels((x0 - before, y0 - before), (x1 + after, y1 + after), color);
            }
            return;
        }
        let points = points
            .iter()
            .map(|(x, y)| (*x as f32 + offset, *y as f32 + offset));
        let Some(path) = polyline_path(points, closed) else {
            return;
        };
        // Sloped hairlines end square like level ones; thick lines end and join round.
        let (line_cap, line_join) = if width <= 1 {
            (LineCap::Square, LineJoin::Miter)
        } else if closed {
            (LineCap::Butt, LineJoin::Miter)
        } else {
            (LineCap::Round, LineJoin::Round)
        };
        self.stroke_path(&path, width as f32, line_cap, line_join, color);
    }

    fn stroke_path(
        &mut self,
        path: &Path,
        width: f32,
        line_cap: LineCap,
        line_join: LineJoin,
        color: BackendColor,
    ) {
        let stroke = Stroke {
            width,
            line_cap,
            line_join,
            ..Stroke::default()
        };
        self.pixmap.stroke_path(
            path,
            &Self::paint(color),
            &stroke,
            Transform::identity(),
            None,
        );
    }

    /// A series line through `points`, in plotters' pixel coordinates but not rounded to whole
    /// pixels, `width_px` wide with round ends and joins.
    pub(crate) fn exact_polyline(
        &mut self,
        points: &[(f64, f64)],
        width_px: f64,
        color: BackendColor,
    ) {
        let points = points
            .iter()
            .map(|(x, y)| ((x + 0.5) as f32, (y + 0.5) as f32));
        if let Some(path) = polyline_path(points, false) {
            self.stroke_path(
                &path,
                width_px as f32,
                LineCap::Round,
                LineJoin::Round,
                color,
            );
        }
    }
}

impl crate::draw::ExactLines for RefCell<Canvas<'_>> {
    fn polyline(
        &self,
        points: &[(f64, f64)],
        width_px: f64,
        color: BackendColor,
    ) -> Result<(), CanvasBusy> {
        self.try_borrow_mut()
            .map_err(|_| CanvasBusy)?
            .exact_polyline(points, width_px, color);
        Ok(())
    }
}

/// A path through `points`, closed or open; None with fewer than two or a non-finite one.
fn polyline_path(mut points: impl Iterator<Item = (f32, f32)>, closed: bool) -> Option<Path> {
    let mut pb = PathBuilder::new();
    let (x0, y0) = points.next()?;
    pb.move_to(x0, y0);
    for (x, y) in points {
        pb.line_to(x, y);
    }
    if closed {
        pb.close();
    }
    pb.finish()
}

/// One line of text laid out at the font's advances with its kerning, in pixels from its left
/// end: the glyphs and where each one's origin lies.
pub(crate) struct TextRun {
    pub(crate) glyphs: Vec<(GlyphId, f32)>,
    /// The sum of the advances and kerning: plotters' measure of the same text.
    pub(crate) width_px: f32,
}

/// Lays `text` out at `size_px` (the height from descender to ascender, plotters' font size).
/// The arithmetic is plotters' own (`estimate_layout`): f32 sums in the same order, so that the
/// width measured for layout is the width drawn.
pub(crate) fn layout(font: &FontRef<'_>, size_px: f32, text: &str) -> TextRun {
    let scaled = font.as_scaled(PxScale::from(size_px));
    let mut glyphs = Vec::with_capacity(text.len());
    let mut caret_px = 0f32;
    let mut prev: Option<GlyphId> = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(prev) = prev {
            caret_px += scaled.kern(prev, id);
        }
        glyphs.push((id, caret_px));
        caret_px += scaled.h_advance(id);
        prev = Some(id);
    }
    TextRun {
        glyphs,
        width_px: caret_px,
    }
}

/// The layout box plotters gives text of `size_px`: its width truncated, and a height of
/// `size / 1.24` (plotters' em); kept so that the PNG's layout is the SVG's.
fn layout_box(run: &TextRun, size_px: f32) -> (i32, i32) {
    (run.width_px as i32, (f64::from(size_px) / 1.24) as i32)
}

/// Where the unrotated pixel `(x, y)` of a text lands when the text is turned by `transform`
/// about its anchor: the whole pixel square is turned, not only its corner.
fn turn(transform: &FontTransform, (x, y): (i32, i32)) -> (i32, i32) {
    match transform {
        FontTransform::None => (x, y),
        FontTransform::Rotate90 => (-y - 1, x),
        FontTransform::Rotate180 => (-x - 1, -y - 1),
        FontTransform::Rotate270 => (y, -x - 1),
    }
}

impl Canvas<'_> {
    fn text(&mut self, text: &str, style: &impl BackendTextStyle, pos: BackendCoord) {
        let color = style.color();
        if color.alpha <= 0.0 {
            return;
        }
        let size_px = style.size() as f32;
        let font = self.font;
        let run = layout(font, size_px, text);
        let (_, box_h) = layout_box(&run, size_px);
        let anchor = style.anchor();
        // Horizontally the text is placed at its exact width; vertically on a whole-pixel
        // baseline at plotters' height (half the font size below the box's top), so that every
        // label of a row shares one baseline and the layout matches plotters' SVG.
        let left_px = match anchor.h_pos {
            HPos::Left => 0.0,
            HPos::Center => -run.width_px / 2.0,
            HPos::Right => -run.width_px,
        };
        let top = match anchor.v_pos {
            VPos::Top => 0,
            VPos::Center => -box_h / 2,
            VPos::Bottom => -box_h,
        };
        let baseline = top + (size_px / 2.0) as i32;
        let transform = style.transform();
        let scale = PxScale::from(size_px);
        for (id, caret_px) in &run.glyphs {
            let glyph =
                id.with_scale_and_position(scale, point(left_px + caret_px, baseline as f32));
            let Some(outline) = font.outline_glyph(glyph) else {
                continue; // a space
            };
            let bounds = outline.px_bounds();
            let (gx, gy) = (bounds.min.x as i32, bounds.min.y as i32);
            outline.draw(|x, y, coverage| {
                let (dx, dy) = turn(&transform, (gx + x as i32, gy + y as i32));
                self.blend_pixel((pos.0 + dx, pos.1 + dy), color, coverage);
            });
        }
    }

    fn rect(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &impl BackendStyle,
        fill: bool,
    ) {
        let (x0, x1) = (
            upper_left.0.min(bottom_right.0),
            upper_left.0.max(bottom_right.0),
        );
        let (y0, y1) = (
            upper_left.1.min(bottom_right.1),
            upper_left.1.max(bottom_right.1),
        );
        if fill {
            // Filled rectangles cover pixels x0..x1 and y0..y1, the last ones excluded, as in
            // plotters' bitmap backend: edges on pixel edges, so bars stay sharp.
            self.fill_pixels((x0, y0), (x1, y1), style.color());
        } else {
            let corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)];
            self.stroke(&corners, true, style.stroke_width(), style.color());
        }
    }

    fn circle(&mut self, center: BackendCoord, radius: u32, style: &impl BackendStyle, fill: bool) {
        let (cx, cy) = (center.0 as f32 + 0.5, center.1 as f32 + 0.5);
        let paint = Self::paint(style.color());
        if fill {
            // plotters fills the pixels whose centres lie within `radius` of the centre pixel's:
            // a disc `2 radius + 1` pixels across.
            if let Some(path) = PathBuilder::from_circle(cx, cy, radius as f32 + 0.5) {
                self.pixmap.fill_path(
                    &path,
                    &paint,
                    FillRule::Winding,
                    Transform::identity(),
                    None,
                );
            }
        } else if let Some(path) = PathBuilder::from_circle(cx, cy, radius as f32) {
            let width = style.stroke_width().max(1) as f32;
            self.stroke_path(&path, width, LineCap::Butt, LineJoin::Miter, style.color());
        }
    }

    fn polygon(&mut self, points: &[BackendCoord], style: &impl BackendStyle) {
        let points = points
            .iter()
            .map(|(x, y)| (*x as f32 + 0.5, *y as f32 + 0.5));
        if let Some(path) = polyline_path(points, true) {
            self.pixmap.fill_path(
                &path,
                &Self::paint(style.color()),
                FillRule::Winding,
                Transform::identity(),
                None,
            );
        }
    }
}

impl DrawingBackend for RasterBackend<'_, '_> {
    // Invalid geometry (NaN, empty paths) draws nothing, as with plotters' bitmap backend.
    type ErrorType = CanvasBusy;

    fn get_size(&self) -> (u32, u32) {
        // The size cannot change; a busy canvas (never the case) reports none.
        self.canvas
            .try_borrow()
            .map(|c| (c.pixmap.width(), c.pixmap.height()))
            .unwrap_or((0, 0))
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<CanvasBusy>> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<CanvasBusy>> {
        Ok(())
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<CanvasBusy>> {
        self.with(|c| c.blend_pixel(point, color, 1.0))
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasBusy>> {
        self.with(|c| c.stroke(&[from, to], false, style.stroke_width(), style.color()))
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasBusy>> {
        self.with(|c| c.rect(upper_left, bottom_right, style, fill))
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasBusy>> {
        let points: Vec<BackendCoord> = path.into_iter().collect();
        self.with(|c| c.stroke(&points, false, style.stroke_width(), style.color()))
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasBusy>> {
        self.with(|c| c.circle(center, radius, style, fill))
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasBusy>> {
        let points: Vec<BackendCoord> = vert.into_iter().collect();
        self.with(|c| c.polygon(&points, style))
    }

    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &TStyle,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<CanvasBusy>> {
        self.with(|c| c.text(text, style, pos))
    }

    fn estimate_text_size<TStyle: BackendTextStyle>(
        &self,
        text: &str,
        style: &TStyle,
    ) -> Result<(u32, u32), DrawingErrorKind<CanvasBusy>> {
        let font = self
            .canvas
            .try_borrow()
            .map_err(|_| DrawingErrorKind::DrawingError(CanvasBusy))?
            .font;
        let size_px = style.size() as f32;
        let (w, h) = layout_box(&layout(font, size_px, text), size_px);
        Ok((w.max(0) as u32, h.max(0) as u32))
    }
}

/// Turns the premultiplied RGBA buffer of `width_px`-pixel rows into 8-bit RGB in place, as
/// over black (every chart paints an opaque background first, so this drops an alpha of 255),
/// and shortens it: no second image-sized buffer.
pub(crate) fn rgba_to_rgb(mut rgba: Vec<u8>, width_px: usize) -> Vec<u8> {
    let (row_in, row_out) = (width_px * RGBA_BYTES, width_px * 3);
    let rows = rgba.len().checked_div(row_in).unwrap_or(0);
    for row in 0..rows {
        // From the fourth row on, a row's RGB (ending at 3 w (row + 1)) lies wholly before its
        // RGBA (from 4 w row), so the two are separate slices and copied pixel by pixel
        // without overlap; the first three rows overlap and move byte-safely.
        if row >= 3 {
            let (written, unread) = rgba.split_at_mut(row * row_in);
            let dst = &mut written[row * row_out..(row + 1) * row_out];
            for (d, s) in dst
                .chunks_exact_mut(3)
                .zip(unread[..row_in].chunks_exact(4))
            {
                d.copy_from_slice(&s[..3]);
            }
        } else {
            for x in 0..width_px {
                let from = row * row_in + x * RGBA_BYTES;
                rgba.copy_within(from..from + 3, row * row_out + x * 3);
            }
        }
    }
    rgba.truncate(rows * row_out);
    rgba
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::prelude::*;
    // plotters' colour trait (`stroke_width`, `filled`), which tiny-skia's `Color` hides.
    use plotters::style::text_anchor::Pos;
    use plotters::style::Color as _;

    const WHITE: [u8; 4] = [255, 255, 255, 255];

    fn font() -> FontRef<'static> {
        FontRef::try_from_slice(crate::FONT_BYTES).unwrap()
    }

    /// A white canvas of `w × h` pixels, drawn on by `draw`; returns the RGB pixels.
    fn paint(
        (w, h): (u32, u32),
        draw: impl FnOnce(&DrawingArea<RasterBackend<'_, '_>, plotters::coord::Shift>),
    ) -> Vec<u8> {
        let font = font();
        let mut rgba: Vec<u8> = WHITE.repeat((w * h) as usize);
        {
            let canvas = RefCell::new(Canvas::new(&mut rgba, (w, h), &font).unwrap());
            let root = RasterBackend::new(&canvas).into_drawing_area();
            draw(&root);
        }
        rgba_to_rgb(rgba, w as usize)
    }

    fn px(rgb: &[u8], w: u32, (x, y): (u32, u32)) -> [u8; 3] {
        let i = ((y * w + x) * 3) as usize;
        [rgb[i], rgb[i + 1], rgb[i + 2]]
    }

    /// A line style (`Color::stroke_width` is ambiguous here with `BackendStyle`'s).
    fn line(color: RGBColor, stroke_width: u32) -> ShapeStyle {
        ShapeStyle {
            color: color.to_rgba(),
            filled: false,
            stroke_width,
        }
    }

    fn black_text(size_px: f64) -> TextStyle<'static> {
        crate::ensure_font().unwrap();
        TextStyle::from((crate::FONT_FAMILY, size_px).into_font())
            .color(&BLACK)
            .pos(Pos::new(HPos::Left, VPos::Top))
    }

    #[test]
    fn text_is_measured_as_plotters_measures_it() {
        // The PNG keeps the SVG's layout only if both measure text alike.
        let font = font();
        for size in [15.0, 17.0, 19.0, 32.0, 38.0] {
            let style = black_text(size);
            for text in [
                "H100",
                "$27.5 K per GPU",
                "Cost and time against GPU count (same work)",
                "1,024 GPUs · $1.25 M · 60 days",
                "AVATAR Tokyo",
            ] {
                let ((x0, y0), (x1, y1)) = style.font.layout_box(text).unwrap();
                let run = layout(&font, size as f32, text);
                assert_eq!(
                    layout_box(&run, size as f32),
                    (x1 - x0, y1 - y0),
                    "{text:?} at {size} px"
                );
            }
        }
    }

    #[test]
    fn kerning_pairs_are_applied() {
        let font = font();
        let scaled = font.as_scaled(PxScale::from(40.0));
        let advances: f32 = "AV"
            .chars()
            .map(|c| scaled.h_advance(scaled.glyph_id(c)))
            .sum();
        let run = layout(&font, 40.0, "AV");
        assert!(
            run.width_px < advances - 1.0,
            "AV {} px against {advances} px unkerned",
            run.width_px
        );
        assert!(run.glyphs[1].1 < scaled.h_advance(scaled.glyph_id('A')) - 1.0);
    }

    /// The column ranges (start, end exclusive) holding ink darker than half-covered grey.
    fn ink_runs(rgb: &[u8], (w, h): (u32, u32)) -> Vec<(u32, u32)> {
        let inked = |x: u32| (0..h).any(|y| px(rgb, w, (x, y))[0] < 128);
        let mut runs = Vec::new();
        let mut start = None;
        for x in 0..=w {
            match (x < w && inked(x), start) {
                (true, None) => start = Some(x),
                (false, Some(s)) => {
                    runs.push((s, x));
                    start = None;
                }
                _ => {}
            }
        }
        runs
    }

    #[test]
    fn glyphs_keep_the_fonts_spacing() {
        // Each glyph sits at its origin plus its left side bearing, so the blank columns
        // between glyphs are the font's gaps (the bearings, less any kerning): plotters' own
        // bitmap text drops the bearing and wrote "H1 00".
        let font = font();
        let (w, h) = (240, 60);
        for (text, size) in [
            ("H100", 17.0f32),
            ("H100", 34.0),
            ("1,024", 34.0),
            ("$27", 34.0),
        ] {
            let origin_x = 10;
            let rgb = paint((w, h), |root| {
                root.draw_text(text, &black_text(f64::from(size)), (origin_x, 10))
                    .unwrap();
            });
            let runs = ink_runs(&rgb, (w, h));
            let run = layout(&font, size, text);
            let scale = font.as_scaled(PxScale::from(size)).h_scale_factor();
            let inks: Vec<(f32, f32)> = run
                .glyphs
                .iter()
                .filter_map(|(id, caret)| {
                    let b = font.outline(*id)?.bounds;
                    let x = origin_x as f32 + caret;
                    Some((x + b.min.x * scale, x + b.max.x * scale))
                })
                .collect();
            assert_eq!(runs.len(), inks.len(), "{text:?} at {size}: {runs:?}");
            for (i, ((start, end), (left, right))) in runs.iter().zip(&inks).enumerate() {
                assert!(
                    (*start as f32 - left).abs() <= 1.0 && (*end as f32 - right).abs() <= 1.0,
                    "{text:?} at {size}: glyph {i} inked {start}..{end}, the font puts it at \
                     {left:.1}..{right:.1}"
                );
            }
        }
    }

    #[test]
    fn rotated_text_reads_upwards_and_downwards() {
        let (w, h) = (120, 120);
        let up = paint((w, h), |root| {
            let style = black_text(20.0)
                .transform(FontTransform::Rotate270)
                .pos(Pos::new(HPos::Center, VPos::Center));
            root.draw_text("Days", &style, (60, 60)).unwrap();
        });
        let inked: Vec<(u32, u32)> = (0..h)
            .flat_map(|y| (0..w).map(move |x| (x, y)))
            .filter(|p| px(&up, w, *p)[0] < 128)
            .collect();
        let (min_x, max_x) = inked
            .iter()
            .fold((w, 0), |(a, b), p| (a.min(p.0), b.max(p.0)));
        let (min_y, max_y) = inked
            .iter()
            .fold((h, 0), |(a, b), p| (a.min(p.1), b.max(p.1)));
        // Turned a quarter: taller than wide, centred on the anchor.
        assert!(
            max_y - min_y > 2 * (max_x - min_x),
            "{min_x}..{max_x} × {min_y}..{max_y}"
        );
        assert!((min_y + max_y).abs_diff(120) <= 4 && (min_x + max_x).abs_diff(120) <= 6);
    }

    #[test]
    fn level_lines_and_rectangles_cover_whole_pixels() {
        // Grid lines, axes and bars stay sharp: a one-pixel line from x 10 to 50 on row 20 is
        // exactly those pixels, a filled rectangle exactly its half-open pixel range.
        let (w, h) = (64, 64);
        let red = RGBColor(200, 10, 10);
        let rgb = paint((w, h), |root| {
            root.draw(&PathElement::new(vec![(10, 20), (50, 20)], line(red, 1)))
                .unwrap();
            root.draw(&Rectangle::new([(10, 30), (20, 40)], red.filled()))
                .unwrap();
        });
        for x in 0..w {
            for y in 0..h {
                let on = (y == 20 && (10..=50).contains(&x))
                    || ((10..20).contains(&x) && (30..40).contains(&y));
                let want = if on { [200, 10, 10] } else { [255, 255, 255] };
                assert_eq!(px(&rgb, w, (x, y)), want, "({x}, {y})");
            }
        }
    }

    #[test]
    fn sloped_lines_are_anti_aliased() {
        // Each column a sloped line crosses has partly covered (grey) pixels at both edges, and
        // the line is equally thick everywhere: no steps.
        let (w, h) = (100, 100);
        let rgb = paint((w, h), |root| {
            root.draw(&PathElement::new(vec![(5, 90), (95, 10)], line(BLACK, 3)))
                .unwrap();
        });
        let grey = |x: u32, y: u32| (20..235).contains(&px(&rgb, w, (x, y))[0]);
        let (mut both_edges, mut inks) = (0, Vec::new());
        for x in 10..90 {
            let core: Vec<u32> = (0..h).filter(|y| px(&rgb, w, (x, *y))[0] < 20).collect();
            let (top, bottom) = (core[0], core[core.len() - 1]);
            if grey(x, top - 1) && grey(x, bottom + 1) {
                both_edges += 1;
            }
            let ink: f64 = (0..h)
                .map(|y| 1.0 - f64::from(px(&rgb, w, (x, y))[0]) / 255.0)
                .sum();
            inks.push(ink);
        }
        assert!(
            both_edges >= 72,
            "{both_edges} of 80 columns grey at both edges"
        );
        // 3 px across at this slope is 3 / cos θ ≈ 4.01 px down each column.
        for ink in inks {
            assert!((ink - 4.01).abs() < 0.15, "{ink} px of ink in a column");
        }
    }

    #[test]
    fn rgba_becomes_rgb() {
        let rgb = rgba_to_rgb(vec![1, 2, 3, 255, 4, 5, 6, 255, 7, 8, 9, 255], 3);
        assert_eq!(rgb, vec![1, 2, 3, 4, 5, 6, 7, 8, 9]);
        // Rows past the third take the non-overlapping path.
        let (w, h) = (5usize, 7usize);
        let rgba: Vec<u8> = (0..w * h)
            .flat_map(|i| [i as u8, (i * 2) as u8, (i * 3) as u8, 255])
            .collect();
        let want: Vec<u8> = (0..w * h)
            .flat_map(|i| [i as u8, (i * 2) as u8, (i * 3) as u8])
            .collect();
        assert_eq!(rgba_to_rgb(rgba, w), want);
    }
}
