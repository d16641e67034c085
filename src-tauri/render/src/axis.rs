//! One plotters coordinate type for every axis of a `Chart`: linear, log or category, decided at
//! run time, with "nice" ticks and labels written by `chart::format_value`.

use std::ops::Range;

use costscope_core::chart::{fit_ticks, format_tick, Axis, Scale, Unit};
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AxisSpec {
    pub scale: Scale,
    pub unit: Unit,
    pub lo: f64,
    pub hi: f64,
    /// Labelled ticks (bold grid lines).
    pub majors: Vec<f64>,
    /// Unlabelled ticks (light grid lines), e.g. 2…9 × 10^k on a log axis.
    pub minors: Vec<f64>,
    /// Tick labels for category axes, already shortened to fit.
    pub categories: Vec<String>,
    /// Runs from the far end back: plotters puts low values at the bottom, but category rows
    /// read from the top, as on screen.
    pub reversed: bool,
}

impl AxisSpec {
    /// A value axis: the ends and ticks the chart carries (the core fitted them, and the window
    /// draws the same), else fitted here to `values` by the same rules (`chart::fit_ticks`).
    /// `from_zero` makes a linear axis start at 0; `headroom` leaves space above the highest
    /// value (for bar labels and the marker label).
    pub fn numeric(axis: &Axis, values: &[f64], from_zero: bool, headroom: f64) -> AxisSpec {
        if axis.scale == Scale::Category {
            return Self::category(axis, axis.categories.clone());
        }
        let t = axis
            .ticks
            .clone()
            .unwrap_or_else(|| fit_ticks(axis.scale, values, from_zero, headroom));
        AxisSpec {
            scale: axis.scale,
            unit: axis.unit,
            lo: t.lo,
            hi: t.hi,
            majors: t.majors,
            minors: t.minors,
            categories: Vec::new(),
            reversed: false,
        }
    }

    /// Categories at 0, 1, …, n − 1 with half a slot of room on each side.
    pub fn category(axis: &Axis, labels: Vec<String>) -> AxisSpec {
        let n = axis.categories.len().max(1);
        // Label at most about 60 categories; beyond that every n-th.
        let stride = n.div_ceil(60).max(1);
        AxisSpec {
            scale: Scale::Category,
            unit: axis.unit,
            lo: -0.5,
            hi: n as f64 - 0.5,
            majors: (0..n).step_by(stride).map(|i| i as f64).collect(),
            minors: Vec::new(),
            categories: labels,
            reversed: false,
        }
    }

    /// The same axis running the other way (the first value at the top of a vertical axis).
    pub fn reversed(self) -> AxisSpec {
        AxisSpec {
            reversed: !self.reversed,
            ..self
        }
    }

    /// Where `v` falls between the ends, 0 to 1 (outside for values off the axis).
    pub fn fraction(&self, v: f64) -> f64 {
        let t = match self.scale {
            Scale::Log => {
                let v = if v > 0.0 { v } else { self.lo };
                (v.ln() - self.lo.ln()) / (self.hi.ln() - self.lo.ln())
            }
            _ => (v - self.lo) / (self.hi - self.lo),
        };
        let t = if self.reversed { 1.0 - t } else { t };
        if t.is_finite() {
            t.clamp(-1.0, 2.0)
        } else {
            0.0
        }
    }

    /// The values at the axis' start and end (fractions 0 and 1): `lo` and `hi`, swapped when
    /// reversed.
    pub fn ends(&self) -> (f64, f64) {
        if self.reversed {
            (self.hi, self.lo)
        } else {
            (self.lo, self.hi)
        }
    }

    /// Whether a value can be placed on this axis (log axes take only positive values).
    pub fn accepts(&self, v: f64) -> bool {
        v.is_finite() && (self.scale != Scale::Log || v > 0.0)
    }

    /// The lowest value on the axis, where bars start.
    pub fn base(&self) -> f64 {
        match self.scale {
            Scale::Log => self.lo,
            _ => 0f64.clamp(self.lo, self.hi),
        }
    }

    pub fn label(&self, v: f64) -> String {
        match self.scale {
            Scale::Category => {
                let i = v.round();
                if i >= 0.0 && (i as usize) < self.categories.len() {
                    self.categories[i as usize].clone()
                } else {
                    String::new()
                }
            }
            _ => format_tick(self.unit, v),
        }
    }

    /// Every tick label, for measuring the room the labels need.
    pub fn labels(&self) -> Vec<String> {
        self.majors.iter().map(|v| self.label(*v)).collect()
    }
}

impl Ranged for AxisSpec {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let t = self.fraction(*value);
        let (a, b) = (f64::from(limit.0), f64::from(limit.1));
        (a + (b - a) * t).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.max_num_points() == 0 {
            return Vec::new();
        }
        let mut points = self.majors.clone();
        if hint.weight().allow_light_points() {
            points.extend(self.minors.iter().copied());
        }
        points
    }

    fn range(&self) -> Range<f64> {
        self.lo..self.hi
    }
}

impl ValueFormatter<f64> for AxisSpec {
    fn format(value: &f64) -> String {
        value.to_string()
    }

    fn format_ext(&self, value: &f64) -> String {
        self.label(*value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn axis(scale: Scale, unit: Unit) -> Axis {
        Axis {
            label: "x".into(),
            unit,
            scale,
            categories: Vec::new(),
            ticks: None,
        }
    }

    #[test]
    fn linear_usd_ticks_start_at_zero_and_read_well() {
        let a = AxisSpec::numeric(
            &axis(Scale::Linear, Unit::Usd),
            &[5_576_000.0, 5_576_000.0],
            true,
            0.05,
        );
        assert_eq!(a.lo, 0.0);
        assert!(a.hi >= 5_576_000.0);
        assert_eq!(a.labels().first().map(String::as_str), Some("$0"));
        assert!(a.labels().contains(&"$2 M".to_string()), "{:?}", a.labels());
    }

    #[test]
    fn log_ticks_are_decades() {
        let a = AxisSpec::numeric(
            &axis(Scale::Log, Unit::Count),
            &[1.0, 100_000.0],
            false,
            0.0,
        );
        assert_eq!(a.lo, 1.0);
        assert_eq!(a.hi, 100_000.0);
        assert_eq!(a.labels(), ["1", "10", "100", "1,000", "10,000", "100,000"]);
        assert!(a.minors.contains(&20.0));
        let narrow = AxisSpec::numeric(&axis(Scale::Log, Unit::Days), &[3.0, 40.0], false, 0.0);
        assert_eq!(narrow.labels(), ["2", "5", "10", "20", "50"]);
    }

    #[test]
    fn degenerate_input_gives_a_usable_axis() {
        for values in [&[][..], &[f64::NAN][..], &[0.0][..], &[-5.0, -5.0][..]] {
            for scale in [Scale::Linear, Scale::Log] {
                let a = AxisSpec::numeric(&axis(scale, Unit::Usd), values, true, 0.05);
                assert!(a.hi > a.lo, "{values:?} {scale:?}");
                assert!(!a.majors.is_empty());
                assert_eq!(a.map(&f64::NAN, (0, 100)), 0);
            }
        }
    }

    #[test]
    fn categories_sit_in_slots() {
        let mut ax = axis(Scale::Category, Unit::None);
        ax.categories = vec!["a".into(), "b".into()];
        let a = AxisSpec::numeric(&ax, &[], false, 0.0);
        assert_eq!(a.map(&0.0, (0, 200)), 50);
        assert_eq!(a.map(&1.0, (0, 200)), 150);
        assert_eq!(a.label(1.0), "b");
        assert_eq!(a.label(7.0), "");
        let down = a.reversed();
        assert_eq!(down.map(&0.0, (0, 200)), 150);
        assert_eq!(down.map(&1.0, (0, 200)), 50);
    }
}
