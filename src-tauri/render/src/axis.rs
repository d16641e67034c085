//! One plotters coordinate type for every axis of a `Chart`: linear, log or category, decided at
//! run time, with "nice" ticks and labels written by `chart::format_value`.

use std::ops::Range;

use costscope_core::chart::{format_tick, Axis, Scale, Unit};
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

/// Steps between linear ticks: 1, 2, 2.5 or 5 × 10^k (2.5 only from 25 up, so whole-number
/// axes keep whole-number ticks), giving about `target_ticks` intervals.
fn nice_step(span: f64, target_ticks: f64) -> f64 {
    let raw = (span / target_ticks).abs();
    if !raw.is_finite() || raw <= 0.0 {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let quarter_ok = mag >= 10.0;
    let m = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .filter(|m| *m != 2.5 || quarter_ok)
        .find(|m| norm <= *m * (1.0 + 1e-9))
        .unwrap_or(10.0);
    m * mag
}

/// The largest 1, 2 or 5 × 10^k not above `v` (v > 0).
fn nice_floor(v: f64) -> f64 {
    let mag = 10f64.powf(v.log10().floor());
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|c| *c <= v * (1.0 + 1e-9))
        .unwrap_or(mag)
}

/// The smallest 1, 2 or 5 × 10^k not below `v` (v > 0).
fn nice_ceil(v: f64) -> f64 {
    let mag = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|c| *c >= v * (1.0 - 1e-9))
        .unwrap_or(10.0 * mag)
}

impl AxisSpec {
    /// A value axis fitted to `values` (non-finite ones ignored). `from_zero` makes a linear
    /// axis start at 0 (value axes: bars and costs are read against zero); `headroom` leaves
    /// space above the highest value (for bar labels and the marker label).
    pub fn numeric(axis: &Axis, values: &[f64], from_zero: bool, headroom: f64) -> AxisSpec {
        match axis.scale {
            Scale::Log => Self::log(axis, values),
            Scale::Category => Self::category(axis, axis.categories.clone()),
            Scale::Linear => Self::linear(axis, values, from_zero, headroom),
        }
    }

    fn linear(axis: &Axis, values: &[f64], from_zero: bool, headroom: f64) -> AxisSpec {
        let finite = values.iter().copied().filter(|v| v.is_finite());
        let (mut lo, mut hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
        if !lo.is_finite() || !hi.is_finite() {
            (lo, hi) = (0.0, 1.0);
        }
        if from_zero {
            lo = lo.min(0.0);
            hi = hi.max(0.0);
        }
        if hi > 0.0 {
            hi += (hi - lo).abs() * headroom;
        }
        if (hi - lo).abs() <= f64::EPSILON * hi.abs().max(1.0) {
            // A flat line: centre it in a sensible span.
            let pad = if hi == 0.0 { 1.0 } else { hi.abs() * 0.5 };
            (lo, hi) = (lo - pad, hi + pad);
            if from_zero && lo < 0.0 && hi > 0.0 && values.iter().all(|v| *v >= 0.0) {
                lo = 0.0;
            }
        }
        let step = nice_step(hi - lo, 6.0);
        let first = (lo / step).floor();
        let last = (hi / step).ceil();
        let (lo, hi) = (first * step, last * step);
        let count = ((last - first).max(0.0) as usize).min(100);
        let majors = (0..=count).map(|i| (first + i as f64) * step).collect();
        AxisSpec {
            scale: Scale::Linear,
            unit: axis.unit,
            lo,
            hi,
            majors,
            minors: Vec::new(),
            categories: Vec::new(),
            reversed: false,
        }
    }

    fn log(axis: &Axis, values: &[f64]) -> AxisSpec {
        let positive = values.iter().copied().filter(|v| v.is_finite() && *v > 0.0);
        let (mut lo, mut hi) = positive.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
        if !lo.is_finite() || !hi.is_finite() {
            (lo, hi) = (1.0, 10.0);
        }
        if hi / lo < 1.0 + 1e-9 {
            (lo, hi) = (lo / 10.0, hi * 10.0);
        }
        let (lo, hi) = (nice_floor(lo), nice_ceil(hi));
        let (klo, khi) = (lo.log10().floor() as i32, hi.log10().ceil() as i32);
        let decades = (khi - klo).max(1);
        let within = |v: f64| v >= lo * (1.0 - 1e-9) && v <= hi * (1.0 + 1e-9);
        let mut majors = Vec::new();
        let mut minors = Vec::new();
        // Few decades: label 1, 2, 5; many: every decade, or every n-th when crowded.
        let multiples: &[f64] = if decades <= 2 {
            &[1.0, 2.0, 5.0]
        } else {
            &[1.0]
        };
        let stride = (decades as usize).div_ceil(8).max(1);
        for k in klo..=khi {
            let base = 10f64.powi(k);
            for m in multiples {
                let v = m * base;
                if within(v) && (multiples.len() > 1 || (k - klo) as usize % stride == 0) {
                    majors.push(v);
                }
            }
            if decades <= 8 {
                for m in 2..=9 {
                    let v = f64::from(m) * base;
                    if within(v) && !majors.iter().any(|t| (t / v - 1.0).abs() < 1e-9) {
                        minors.push(v);
                    }
                }
            }
        }
        AxisSpec {
            scale: Scale::Log,
            unit: axis.unit,
            lo,
            hi,
            majors,
            minors,
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
