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

    /// The colour of the `index`-th series, as RGB (for tests and legends elsewhere): as on
    /// screen, the first is the cost colour, the second the duration colour, the rest grey.
    pub fn series_rgb(self, index: usize) -> [u8; 3] {
        rgb(self.palette().series_color(index))
    }

    /// The accent: highlighted bars (the current scenario among saved ones), every bar of the
    /// breakdown, and the first series' colour.
    pub fn accent_rgb(self) -> [u8; 3] {
        rgb(self.palette().accent)
    }

    /// The background colour: the panel surface the charts sit on in the app.
    pub fn background_rgb(self) -> [u8; 3] {
        rgb(self.palette().background)
    }

    /// The colours of the app's charts (`ui/src/lib/charts.ts`, `LIGHT` and `DARK`), so that an
    /// exported chart looks like the screen. The background is the panels' `--surface`
    /// (`ui/src/app.css`) and the footnote the app's `--faint`, as under the chart on screen.
    pub(crate) fn palette(self) -> Palette {
        match self {
            Theme::Light => Palette {
                background: RGBColor(0xFF, 0xFF, 0xFF),
                text: RGBColor(0x1F, 0x23, 0x28),
                muted: RGBColor(0x5B, 0x64, 0x70),
                footnote: RGBColor(0x8A, 0x92, 0x9D),
                axis: RGBColor(0xC4, 0xCA, 0xD3),
                grid: RGBColor(0xE6, 0xE9, 0xEE),
                // Not drawn on screen: halfway between the grid and the background.
                grid_minor: RGBColor(0xF2, 0xF4, 0xF6),
                tooltip_bg: RGBColor(0xFF, 0xFF, 0xFF),
                cost: RGBColor(0x25, 0x63, 0xEB),
                days: RGBColor(0xC2, 0x41, 0x0C),
                bar: RGBColor(0x94, 0xA3, 0xB8),
                accent: RGBColor(0x25, 0x63, 0xEB),
            },
            Theme::Dark => Palette {
                background: RGBColor(0x1C, 0x20, 0x25),
                text: RGBColor(0xE6, 0xE8, 0xEB),
                muted: RGBColor(0x9A, 0xA4, 0xB2),
                footnote: RGBColor(0x6B, 0x74, 0x82),
                axis: RGBColor(0x3D, 0x45, 0x50),
                grid: RGBColor(0x2A, 0x30, 0x38),
                grid_minor: RGBColor(0x23, 0x28, 0x2E),
                tooltip_bg: RGBColor(0x1F, 0x24, 0x2B),
                cost: RGBColor(0x60, 0xA5, 0xFA),
                days: RGBColor(0xFB, 0x92, 0x3C),
                bar: RGBColor(0x64, 0x74, 0x8B),
                accent: RGBColor(0x60, 0xA5, 0xFA),
            },
        }
    }
}

fn rgb(c: RGBColor) -> [u8; 3] {
    [c.0, c.1, c.2]
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Palette {
    /// Behind everything (the app's `--surface`).
    pub background: RGBColor,
    /// Title, legend, amounts and the marker's label (`text`).
    pub text: RGBColor,
    /// Tick labels, axis names and the empty chart's sentence (`muted`).
    pub muted: RGBColor,
    pub footnote: RGBColor,
    /// Axis lines and tick marks (`axis`); a value axis' line takes its first series' colour.
    pub axis: RGBColor,
    /// Grid lines (`grid`).
    pub grid: RGBColor,
    pub grid_minor: RGBColor,
    /// The ring around the marker dot and the marker label's box (`tooltipBg`).
    pub tooltip_bg: RGBColor,
    /// The first series (`cost`).
    pub cost: RGBColor,
    /// The second series (`days`).
    pub days: RGBColor,
    /// Further series and bars that are not highlighted (`bar`).
    pub bar: RGBColor,
    /// Highlighted bars, and every bar of the breakdown (`current`).
    pub accent: RGBColor,
}

impl Palette {
    /// As on screen (`seriesColor`): cost, then duration, then grey.
    pub fn series_color(&self, i: usize) -> RGBColor {
        match i {
            0 => self.cost,
            1 => self.days,
            _ => self.bar,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(path: &str) -> String {
        let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
    }

    fn parse_hex(s: &str) -> [u8; 3] {
        let s = s.trim().trim_start_matches('#');
        assert_eq!(s.len(), 6, "{s}");
        let byte = |i: usize| u8::from_str_radix(&s[i..i + 2], 16).unwrap();
        [byte(0), byte(2), byte(4)]
    }

    /// `key: '#rrggbb'` of the object after `start` in the app's charts.ts.
    fn ui_colour(source: &str, start: &str, key: &str) -> [u8; 3] {
        let from = source.find(start).unwrap_or_else(|| panic!("{start}"));
        let block = &source[from..];
        let block = &block[..block.find("};").unwrap()];
        let line = block
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{key}:")))
            .unwrap_or_else(|| panic!("{start} {key}"));
        let value = line.split('\'').nth(1).unwrap();
        parse_hex(value)
    }

    /// The `n`-th (0: light, 1: dark) definition of a CSS custom property in app.css.
    fn css_colour(source: &str, property: &str, n: usize) -> [u8; 3] {
        let line = source
            .lines()
            .filter(|l| l.trim_start().starts_with(&format!("{property}:")))
            .nth(n)
            .unwrap_or_else(|| panic!("{property} #{n}"));
        let value = line.split(':').nth(1).unwrap().trim().trim_end_matches(';');
        parse_hex(value)
    }

    /// The exporter's palette is the app's (`ui/src/lib/charts.ts`, `ui/src/app.css`): a change
    /// of the screen's colours fails here until the export follows.
    #[test]
    fn the_palettes_are_the_apps() {
        let charts = read("../../ui/src/lib/charts.ts");
        let css = read("../../ui/src/app.css");
        for (theme, start, n) in [
            (Theme::Light, "export const LIGHT", 0),
            (Theme::Dark, "export const DARK", 1),
        ] {
            let pal = theme.palette();
            let ui = |key: &str| ui_colour(&charts, start, key);
            assert_eq!(rgb(pal.text), ui("text"), "{theme:?} text");
            assert_eq!(rgb(pal.muted), ui("muted"), "{theme:?} muted");
            assert_eq!(rgb(pal.grid), ui("grid"), "{theme:?} grid");
            assert_eq!(rgb(pal.axis), ui("axis"), "{theme:?} axis");
            assert_eq!(rgb(pal.cost), ui("cost"), "{theme:?} cost");
            assert_eq!(rgb(pal.days), ui("days"), "{theme:?} days");
            assert_eq!(rgb(pal.bar), ui("bar"), "{theme:?} bar");
            assert_eq!(rgb(pal.accent), ui("current"), "{theme:?} current");
            assert_eq!(rgb(pal.tooltip_bg), ui("tooltipBg"), "{theme:?} tooltipBg");
            assert_eq!(
                rgb(pal.background),
                css_colour(&css, "--surface", n),
                "{theme:?} surface"
            );
            assert_eq!(
                rgb(pal.footnote),
                css_colour(&css, "--faint", n),
                "{theme:?} faint"
            );
            assert_eq!(rgb(pal.series_color(0)), rgb(pal.cost));
            assert_eq!(rgb(pal.series_color(1)), rgb(pal.days));
            assert_eq!(rgb(pal.series_color(2)), rgb(pal.bar));
        }
    }
}
