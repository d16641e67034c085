//! Costscope's chart exporter: draws a [`Chart`] description from `costscope-core` to PNG or SVG
//! with plotters, encodes a chart in any export format ([`encode`], which both shells call), and
//! writes files atomically. It reads no files and has no clock: the shells do that (through
//! `costscope_core::api`).
//!
//! - The same `Chart` the app draws on screen is drawn here, so what is exported is what is shown.
//! - Text uses DejaVu Sans embedded from `assets/fonts/` (no fontconfig, no system fonts), so a
//!   PNG comes out byte for byte the same on every machine.
//! - A PNG is painted by this crate's own plotters backend (`raster`): anti-aliased lines and
//!   kerned text at fractional advances, where plotters' bitmap backend draws neither.
//! - Nothing panics on bad input: sizes are checked up front and every failure is an [`Error`].

mod axis;
mod draw;
mod error;
mod raster;
mod theme;
mod write;

use std::sync::OnceLock;

use costscope_core::chart::{self, Chart, ChartLook};
use plotters::prelude::*;

pub use error::Error;
pub use theme::Theme;
pub use write::{write_atomically, write_atomically_with};

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
/// The most pixels one image may have after scaling (about 512 MB of RGBA while drawing).
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

/// The embedded font parsed for the PNG backend, which lays text out and draws it itself.
fn raster_font() -> Result<&'static ab_glyph::FontRef<'static>, Error> {
    static FONT: OnceLock<Option<ab_glyph::FontRef<'static>>> = OnceLock::new();
    FONT.get_or_init(|| ab_glyph::FontRef::try_from_slice(FONT_BYTES).ok())
        .as_ref()
        .ok_or(Error::Font)
}

/// Draws `chart` to a PNG (8-bit RGB) of `width × scale` by `height × scale` pixels.
pub fn render_png(chart: &Chart, options: &RenderOptions) -> Result<Vec<u8>, Error> {
    options.validate()?;
    // plotters still resolves the font family of every text style, even where this backend
    // draws the text.
    ensure_font()?;
    let font = raster_font()?;
    let (w, h) = options.pixel_size();
    let len = (w as usize)
        .checked_mul(h as usize)
        .and_then(|n| n.checked_mul(raster::RGBA_BYTES))
        .ok_or_else(|| Error::Draw("the image is too large".into()))?;
    let mut rgba = vec![0u8; len];
    {
        let canvas = raster::Canvas::new(&mut rgba, (w, h), font)
            .ok_or_else(|| Error::Draw(format!("no {w} × {h} pixel canvas could be made")))?;
        let canvas = std::cell::RefCell::new(canvas);
        let root = raster::RasterBackend::new(&canvas).into_drawing_area();
        draw::chart(&root, chart, options, draw::Target::Bitmap(&canvas))?;
        root.present().map_err(draw::failed)?;
    }
    encode_png(&raster::rgba_to_rgb(rgba, w as usize), w, h, options.scale)
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

/// The formats a chart is exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A raster image ([`render_png`]).
    Png,
    /// A vector image whose text stays text ([`render_svg`]).
    Svg,
    /// The points, one row each, units in the headers (`chart::to_csv`).
    Csv,
    /// The chart description itself.
    Json,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Png, Format::Svg, Format::Csv, Format::Json];

    /// The file extension and the format's name ("png").
    pub fn ext(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Svg => "svg",
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }

    /// The format named `name` ("PNG", " svg "), if any.
    pub fn parse(name: &str) -> Option<Format> {
        let name = name.trim().to_ascii_lowercase();
        Format::ALL.into_iter().find(|f| f.ext() == name)
    }

    /// The format a file name's extension names, if any.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        Format::parse(path.extension()?.to_str()?)
    }
}

/// `chart` as the bytes of a `format` file drawn with `options` (which PNG and SVG check): what
/// the app's export and the CLI's `chart` write. JSON ends in a newline, as every JSON file.
pub fn encode(chart: &Chart, format: Format, options: &RenderOptions) -> Result<Vec<u8>, Error> {
    Ok(match format {
        Format::Png => render_png(chart, options)?,
        Format::Svg => render_svg(chart, options)?.into_bytes(),
        Format::Csv => chart::to_csv(chart).into_bytes(),
        Format::Json => costscope_core::format::json_text(chart)
            .map_err(|e| Error::Encode(e.to_string()))?
            .into_bytes(),
    })
}

impl TryFrom<&ChartLook> for RenderOptions {
    type Error = Error;

    /// Checks the export sheet's choice: whole pixels in range, a known theme, a scale that
    /// keeps the image within [`MAX_MEGAPIXELS`].
    fn try_from(look: &ChartLook) -> Result<RenderOptions, Error> {
        let theme = Theme::parse(&look.theme).ok_or_else(|| Error::InvalidOption {
            field: "theme",
            message: format!("theme must be light or dark; got {:?}", look.theme),
        })?;
        let options = RenderOptions {
            width: whole_pixels("width", look.width, WIDTH_RANGE)?,
            height: whole_pixels("height", look.height, HEIGHT_RANGE)?,
            scale: look.scale,
            theme,
        };
        options.validate()?;
        Ok(options)
    }
}

fn whole_pixels(field: &'static str, value: f64, (min, max): (u32, u32)) -> Result<u32, Error> {
    if value.is_finite()
        && value.fract() == 0.0
        && value >= f64::from(min)
        && value <= f64::from(max)
    {
        Ok(value as u32)
    } else {
        Err(Error::InvalidOption {
            field,
            message: format!(
                "{field} must be a whole number of pixels from {min} to {max}; got {}",
                costscope_core::format::plain_number(value)
            ),
        })
    }
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
    fn looks_are_checked_field_by_field() {
        let look = |width: f64, theme: &str| ChartLook {
            width,
            height: 900.0,
            scale: 2.0,
            theme: theme.into(),
        };
        let o = RenderOptions::try_from(&look(1600.0, "dark")).unwrap();
        assert_eq!(
            (o.width, o.height, o.scale, o.theme),
            (1600, 900, 2.0, Theme::Dark)
        );
        for width in [1e12, -5.0, 1600.5, f64::NAN] {
            let e = RenderOptions::try_from(&look(width, "light")).unwrap_err();
            assert_eq!(e.field(), Some("width"), "{width}");
            assert!(
                e.to_string()
                    .contains("whole number of pixels from 200 to 8000"),
                "{e}"
            );
        }
        let e = RenderOptions::try_from(&look(1600.0, "sepia")).unwrap_err();
        assert_eq!(e.field(), Some("theme"));
    }

    #[test]
    fn formats_parse_names_and_file_extensions() {
        assert_eq!(Format::parse(" PNG "), Some(Format::Png));
        assert_eq!(Format::parse("gif"), None);
        assert_eq!(
            Format::from_path(std::path::Path::new("x.SVG")),
            Some(Format::Svg)
        );
        assert_eq!(Format::from_path(std::path::Path::new("x")), None);
        assert!(Format::ALL
            .iter()
            .all(|f| Format::parse(f.ext()) == Some(*f)));
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
