//! The ends and ticks of a chart's numeric axes, worked out once here so that the window
//! (ECharts) and the exporters (plotters) draw the same ranges with the same labelled ticks:
//! what is exported is what is on screen.

use serde::{Deserialize, Serialize};

/// A numeric axis' ends and ticks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Ticks {
    pub lo: f64,
    pub hi: f64,
    /// Labelled ticks (grid lines), ascending.
    pub majors: Vec<f64>,
    /// Unlabelled ticks (light grid lines), e.g. 2…9 × 10^k on a log axis.
    pub minors: Vec<f64>,
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

/// Ticks for a linear axis fitted to `values` (non-finite ones ignored). `from_zero` makes the
/// axis start at 0 (costs and bars are read against zero); `headroom` leaves that share of the
/// span above the highest value (for labels).
pub fn linear(values: &[f64], from_zero: bool, headroom: f64) -> Ticks {
    fit_linear(values, from_zero, headroom)
}

fn fit_linear(values: &[f64], from_zero: bool, headroom: f64) -> Ticks {
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
    let count = ((last - first).max(0.0) as usize).min(100);
    Ticks {
        lo: first * step,
        hi: last * step,
        majors: (0..=count).map(|i| (first + i as f64) * step).collect(),
        minors: Vec::new(),
    }
}

/// Ticks for a log axis fitted to the positive finite `values`: 1-2-5 or decades.
pub fn log(values: &[f64]) -> Ticks {
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
    Ticks {
        lo,
        hi,
        majors,
        minors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_usd_ticks_start_at_zero() {
        let t = linear(&[5_576_000.0, 5_576_000.0], true, 0.05);
        assert_eq!(t.lo, 0.0);
        assert!(t.hi >= 5_576_000.0);
        assert!(t.majors.contains(&2_000_000.0), "{:?}", t.majors);
    }

    #[test]
    fn log_ticks_are_decades_or_one_two_five() {
        let t = log(&[1.0, 100_000.0]);
        assert_eq!((t.lo, t.hi), (1.0, 100_000.0));
        assert_eq!(t.majors, [1.0, 10.0, 100.0, 1e3, 1e4, 1e5]);
        assert!(t.minors.contains(&20.0));
        let narrow = log(&[3.0, 40.0]);
        assert_eq!(narrow.majors, [2.0, 5.0, 10.0, 20.0, 50.0]);
    }

    #[test]
    fn degenerate_input_gives_a_usable_axis() {
        for values in [&[][..], &[f64::NAN][..], &[0.0][..], &[-5.0, -5.0][..]] {
            for t in [linear(values, true, 0.05), log(values)] {
                assert!(t.hi > t.lo, "{values:?}");
                assert!(!t.majors.is_empty());
            }
        }
    }
}
