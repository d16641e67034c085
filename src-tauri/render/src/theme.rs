//! Colours for the light and dark themes.

use plotters::style::RGBColor;

/// Background, text and grid colours of an exported chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

impl Theme {
    pub fn parse(s: &str) -> Option<Theme> {
        match s.trim().to_ascii_lowercase().as_str() {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The colour of the `index`-th series, as RGB (for tests and legends elsewhere).
    pub fn series_rgb(self, index: usize) -> [u8; 3] {
        rgb(self.palette().series_color(index))
    }

    /// The colour of highlighted bars and of the current-scenario marker.
    pub fn accent_rgb(self) -> [u8; 3] {
        rgb(self.palette().accent)
    }

    /// The background colour.
    pub fn background_rgb(self) -> [u8; 3] {
        rgb(self.palette().background)
    }

    pub(crate) fn palette(self) -> Palette {
        match self {
            Theme::Light => Palette {
                background: RGBColor(0xFF, 0xFF, 0xFF),
                text: RGBColor(0x1F, 0x23, 0x28),
                muted: RGBColor(0x5F, 0x66, 0x6D),
                footnote: RGBColor(0x76, 0x7C, 0x83),
                axis: RGBColor(0x6E, 0x75, 0x7C),
                grid: RGBColor(0xDD, 0xE1, 0xE5),
                grid_minor: RGBColor(0xF0, 0xF2, 0xF4),
                label_box: RGBColor(0xFF, 0xFF, 0xFF),
                // Okabe–Ito colours: distinct for colour-blind readers and in greyscale print.
                series: [
                    RGBColor(0x00, 0x72, 0xB2),
                    RGBColor(0xE6, 0x9F, 0x00),
                    RGBColor(0x00, 0x9E, 0x73),
                    RGBColor(0xCC, 0x79, 0xA7),
                    RGBColor(0x56, 0xB4, 0xE9),
                    RGBColor(0x8C, 0x8C, 0x8C),
                ],
                accent: RGBColor(0xD5, 0x5E, 0x00),
            },
            Theme::Dark => Palette {
                background: RGBColor(0x17, 0x1A, 0x1F),
                text: RGBColor(0xE8, 0xEA, 0xED),
                muted: RGBColor(0xB0, 0xB6, 0xBD),
                footnote: RGBColor(0x95, 0x9C, 0xA4),
                axis: RGBColor(0x8A, 0x91, 0x99),
                grid: RGBColor(0x38, 0x3E, 0x46),
                grid_minor: RGBColor(0x24, 0x28, 0x2E),
                label_box: RGBColor(0x22, 0x26, 0x2C),
                series: [
                    RGBColor(0x4C, 0xA8, 0xE8),
                    RGBColor(0xF0, 0xB4, 0x29),
                    RGBColor(0x2F, 0xC4, 0x95),
                    RGBColor(0xE0, 0x92, 0xC0),
                    RGBColor(0x9A, 0xD4, 0xF5),
                    RGBColor(0xB0, 0xB0, 0xB0),
                ],
                accent: RGBColor(0xFF, 0x7A, 0x2F),
            },
        }
    }
}

fn rgb(c: RGBColor) -> [u8; 3] {
    [c.0, c.1, c.2]
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Palette {
    pub background: RGBColor,
    pub text: RGBColor,
    pub muted: RGBColor,
    pub footnote: RGBColor,
    pub axis: RGBColor,
    pub grid: RGBColor,
    pub grid_minor: RGBColor,
    pub label_box: RGBColor,
    pub series: [RGBColor; 6],
    pub accent: RGBColor,
}

impl Palette {
    pub fn series_color(&self, i: usize) -> RGBColor {
        self.series[i % self.series.len()]
    }
}
