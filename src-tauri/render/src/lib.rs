//! Costscope's chart exporter: draws a [`Chart`] description from `costscope-core` to PNG or SVG
//! with plotters, and writes files atomically.
//!
//! - The same `Chart` the app draws on screen is drawn here, so what is exported is what is shown.
//! - Text uses DejaVu Sans embedded from `assets/fonts/` (no fontconfig, no system fonts), so a
//!   PNG comes out byte for byte the same on every machine.
//! - Nothing panics on bad input: sizes are checked up front and every failure is an [`Error`].

mod axis;
mod draw;
mod error;
mod read;
mod theme;
mod write;

use std::sync::OnceLock;

use costscope_core::chart::Chart;
use plotters::prelude::*;

pub use error::Error;
pub use read::read_text_limited;
pub use theme::Theme;
pub use write::write_atomically;

/// The font every chart is drawn with (DejaVu Sans, Bitstream Vera licence; see
/// `assets/fonts/DejaVuSans-LICENSE.txt`).
static FONT_BYTES: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

/// The family name the embedded font is registered under. In SVG it becomes the
/// `font-family` attribute, so it doubles as a CSS fallback list for viewers without DejaVu.
pub(crate) const FONT_FAMILY: &str = "DejaVu Sans, sans-serif";

/// Accepted option ranges (inclusive), defined once in `costscope_core::limits::export`.
pub use costscope_core::limits::export::{
    HEIGHT_PX as HEIGHT_RANGE, SCALE as SCALE_RANGE, WIDTH_PX as WIDTH_RANGE,
};
/// The most pixels one image may have after scaling (about 384 MB of RGB while drawing).
pub const MAX_MEGAPIXELS: f64 = 128.0;

/// How to draw a chart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RenderOptions {
    /// Logical width in pixels (200–8000).
    pub width: u32,
    /// Logical height in pixels (200–8000).
    pub height: u32,
    /// Pixel density: 1, or 2 for a "2×" (HiDPI) image; 1–4. The output is
    /// `width × scale` by `height × scale` pixels with everything drawn `scale` times larger.
    pub scale: f64,
    pub theme: Theme,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            width: costscope_core::limits::export::DEFAULT_WIDTH_PX,
            height: costscope_core::limits::export::DEFAULT_HEIGHT_PX,
            scale: 1.0,
            theme: Theme::Light,
        }
    }
}

impl RenderOptions {
    /// Checks the sizes; the error names the field and the accepted range.
    pub fn validate(&self) -> Result<(), Error> {
        check_u32("width", self.width, WIDTH_RANGE)?;
        check_u32("height", self.height, HEIGHT_RANGE)?;
        if !self.scale.is_finite() || self.scale < SCALE_RANGE.0 || self.scale > SCALE_RANGE.1 {
            return Err(Error::InvalidOption {
                field: "scale",
                message: format!(
                    "scale must be from {} to {} (1 for normal, 2 for a 2× image); got {}",
                    SCALE_RANGE.0, SCALE_RANGE.1, self.scale
                ),
            });
        }
        let (w, h) = self.pixel_size();
        let megapixels = f64::from(w) * f64::from(h) / 1e6;
        if megapixels > MAX_MEGAPIXELS {
            return Err(Error::InvalidOption {
                field: "scale",
                message: format!(
                    "scale: {w} × {h} pixels is {megapixels:.0} megapixels; at most {MAX_MEGAPIXELS:.0} are supported, so lower the scale, width or height"
                ),
            });
        }
        Ok(())
    }

    /// The output size in device pixels (`width × scale`, `height × scale`).
    pub fn pixel_size(&self) -> (u32, u32) {
        let s = if self.scale.is_finite() {
            self.scale
        } else {
            1.0
        };
        (
            (f64::from(self.width) * s).round() as u32,
            (f64::from(self.height) * s).round() as u32,
        )
    }
}

fn check_u32(field: &'static str, v: u32, (min, max): (u32, u32)) -> Result<(), Error> {
    if v < min || v > max {
        return Err(Error::InvalidOption {
            field,
            message: format!("{field} must be from {min} to {max} pixels; got {v}"),
        });
    }
    Ok(())
}

/// Registers the embedded font with plotters once per process.
fn ensure_font() -> Result<(), Error> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        plotters::style::register_font(FONT_FAMILY, FontStyle::Normal, FONT_BYTES).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(Error::Font)
    }
}

/// Draws `chart` to a PNG (8-bit RGB) of `width × scale` by `height × scale` pixels.
pub fn render_png(chart: &Chart, options: &RenderOptions) -> Result<Vec<u8>, Error> {
    options.validate()?;
    ensure_font()?;
    let (w, h) = options.pixel_size();
    let len = (w as usize)
        .checked_mul(h as usize)
        .and_then(|n| n.checked_mul(3))
        .ok_or_else(|| Error::Draw("the image is too large".into()))?;
    let mut pixels = vec![0u8; len];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (w, h)).into_drawing_area();
        draw::chart(&root, chart, options, draw::Target::Bitmap)?;
        root.present().map_err(draw::failed)?;
    }
    encode_png(&pixels, w, h, options.scale)
}

/// Draws `chart` to an SVG document of `width × scale` by `height × scale` pixels. The text
/// stays text (searchable, selectable) in DejaVu Sans with `sans-serif` as the fallback.
pub fn render_svg(chart: &Chart, options: &RenderOptions) -> Result<String, Error> {
    options.validate()?;
    ensure_font()?;
    let (w, h) = options.pixel_size();
    let mut out = String::with_capacity(64 * 1024);
    {
        let root = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
        draw::chart(&root, chart, options, draw::Target::Svg)?;
        root.present().map_err(draw::failed)?;
    }
    Ok(out)
}

fn encode_png(pixels: &[u8], w: u32, h: u32, scale: f64) -> Result<Vec<u8>, Error> {
    let encode = |e: png::EncodingError| Error::Encode(e.to_string());
    let mut out = Vec::with_capacity(pixels.len() / 8);
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        // 96 dpi at 1×, 192 dpi at 2×: viewers and word processors show a 2× image at the
        // intended physical size.
        let per_metre = (3780.0 * scale).round() as u32;
        encoder.set_pixel_dims(Some(png::PixelDimensions {
            xppu: per_metre,
            yppu: per_metre,
            unit: png::Unit::Meter,
        }));
        let mut writer = encoder.write_header().map_err(encode)?;
        writer.write_image_data(pixels).map_err(encode)?;
        writer.finish().map_err(encode)?;
    }
    Ok(out)
}

/// Today's UTC date ("2026-11-29") for chart footnotes, from the system clock; the core turns
/// seconds into a civil date, so no date library is needed.
pub fn today_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    costscope_core::format::iso_date(secs)
}

/// The exporter's errors in the core's `{kind, message, field}` shape, for every shell: a bad
/// option, or a folder given as the file (`path_field`, e.g. `out` in the CLI), is bad input; a
/// failed write is the environment; drawing or encoding failures are internal.
pub fn to_core_error(e: Error, path_field: &str) -> costscope_core::Error {
    use costscope_core::Error as Core;
    match e {
        Error::InvalidOption { field, message } => Core::invalid(field, message),
        Error::TargetIsFolder { path } => Core::invalid(
            path_field,
            format!(
                "{path_field} {} is a folder; give a file name",
                path.display()
            ),
        ),
        Error::Write { .. } => Core::Io {
            message: e.to_string(),
        },
        Error::Draw(_) | Error::Encode(_) | Error::Font => Core::internal(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_name_the_field_and_range() {
        let bad = RenderOptions {
            width: 100,
            ..RenderOptions::default()
        };
        let e = bad.validate().unwrap_err();
        assert_eq!(e.field(), Some("width"));
        assert!(e.to_string().contains("200 to 8000"), "{e}");
        let bad = RenderOptions {
            height: 9000,
            ..RenderOptions::default()
        };
        assert_eq!(bad.validate().unwrap_err().field(), Some("height"));
        for scale in [0.5, 4.5, f64::NAN, f64::INFINITY] {
            let bad = RenderOptions {
                scale,
                ..RenderOptions::default()
            };
            let e = bad.validate().unwrap_err();
            assert_eq!(e.field(), Some("scale"), "{scale}");
        }
        let huge = RenderOptions {
            width: 8000,
            height: 8000,
            scale: 2.0,
            ..RenderOptions::default()
        };
        assert_eq!(huge.validate().unwrap_err().field(), Some("scale"));
        assert!(RenderOptions::default().validate().is_ok());
    }

    #[test]
    fn pixel_size_scales() {
        let o = RenderOptions {
            scale: 2.0,
            ..RenderOptions::default()
        };
        assert_eq!(o.pixel_size(), (3200, 1800));
    }
}
