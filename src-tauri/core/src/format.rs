//! Human-readable numbers with units ("$5.58 M", "56.7 days", "2.79 M GPU-hours") for the CLI,
//! error messages and chart labels. The UI formats with `Intl.NumberFormat` to the same rules.

use num_format::{Locale, ToFormattedString};

/// Rounds to `digits` significant digits.
pub(crate) fn significant(v: f64, digits: i32) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let magnitude = v.abs().log10().floor() as i32;
    let factor = 10f64.powi(digits - 1 - magnitude);
    (v * factor).round() / factor
}

/// A number with thousands separators and at most 3 decimals, trailing zeros dropped:
/// 1000000 → "1,000,000", 0.5 → "0.5", 1e15 → "1e15".
pub fn plain_number(v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    if v.abs() >= 1e15 || (v != 0.0 && v.abs() < 1e-3) {
        return format!("{v:e}");
    }
    let sign = if v < 0.0 { "-" } else { "" };
    let abs = v.abs();
    let whole = abs.trunc() as u64;
    let frac = ((abs - abs.trunc()) * 1000.0).round() as u64;
    let (whole, frac) = if frac == 1000 {
        (whole + 1, 0)
    } else {
        (whole, frac)
    };
    let mut out = format!("{sign}{}", whole.to_formatted_string(&Locale::en));
    if frac > 0 {
        let digits = format!("{frac:03}");
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
    out
}

/// Scales a value to K / M / B / T with 3 significant digits: (5_576_000) → ("5.58", "M").
pub fn compact(v: f64) -> (String, &'static str) {
    const SCALES: [(f64, &str); 4] = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")];
    let abs = v.abs();
    for (scale, suffix) in SCALES {
        if significant(abs, 3) >= scale {
            return (three_digits(v / scale), suffix);
        }
    }
    (three_digits(v), "")
}

/// Three significant digits without trailing zeros after the point: 5.576 → "5.58", 56.66 → "56.7".
fn three_digits(v: f64) -> String {
    let mut text = String::with_capacity(12);
    push_three_digits(&mut text, v);
    text
}

/// `three_digits`, appended to `out`.
fn push_three_digits(out: &mut String, v: f64) {
    let r = significant(v, 3);
    let abs = r.abs();
    let decimals = if abs >= 100.0 {
        0
    } else if abs >= 10.0 {
        1
    } else if abs >= 1.0 {
        2
    } else {
        3
    };
    let start = out.len();
    push_fixed(out, r, decimals);
    if out[start..].contains('.') {
        let kept = out[start..]
            .trim_end_matches('0')
            .trim_end_matches('.')
            .len();
        out.truncate(start + kept);
    }
}

/// Appends exactly what `format!("{v:.decimals$}")` writes. For up to 3 decimals and moderate
/// magnitudes it rounds the float's exact binary value itself (half to even, as `core::fmt`
/// does) instead of going through the general formatter, whose exact mode (Grisu with a
/// Dragon fallback) was most of the time of the claim check's sentences; anything else goes
/// to the formatter.
fn push_fixed(out: &mut String, v: f64, decimals: usize) {
    use std::fmt::Write as _;
    const POW10: [u64; 4] = [1, 10, 100, 1000];
    // Below 1e15 the scaled value (< 1e18 < 2^60) fits a u64, so no u128 (slow to divide).
    if decimals >= POW10.len() || !v.is_finite() || v.abs() >= 1e15 {
        let _ = write!(out, "{v:.decimals$}");
        return;
    }
    // v = mantissa × 2^exponent exactly.
    let bits = v.abs().to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1u64 << 52) - 1);
    let (mantissa, exponent) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1u64 << 52), biased - 1075)
    };
    let scale = POW10[decimals];
    // mantissa < 2^53 and scale ≤ 1000 < 2^10: scaled < 2^63.
    let scaled = mantissa * scale;
    let units: u64 = if exponent >= 0 {
        // v < 1e15 is then a whole number and scaled × 2^exponent = v × scale < 1e18.
        scaled << exponent
    } else {
        let shift = exponent.unsigned_abs();
        if shift >= 64 {
            // scaled < 2^63 is below half of 2^shift: rounds to zero.
            0
        } else {
            let whole = scaled >> shift;
            let rest = scaled & ((1u64 << shift) - 1);
            let half = 1u64 << (shift - 1);
            if rest > half || (rest == half && whole & 1 == 1) {
                whole + 1
            } else {
                whole
            }
        }
    };
    if v.is_sign_negative() {
        out.push('-');
    }
    push_digits(out, units / scale, 1);
    if decimals > 0 {
        out.push('.');
        push_digits(out, units % scale, decimals);
    }
}

/// Appends `n` in decimal, zero-padded to at least `width` digits (at most 20).
fn push_digits(out: &mut String, mut n: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut at = buf.len();
    while n > 0 || buf.len() - at < width {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    for &b in &buf[at..] {
        out.push(char::from(b));
    }
}

/// Money to three significant figures, trailing zeros kept so that amounts side by side read
/// alike: "$5.58 M", "$950", "$1.20 B", "$5.00", "$0.389".
pub fn usd(v: f64) -> String {
    if v == 0.0 {
        // Also -0.0 (a sum of no costs), which would print as "$-0".
        return "$0".into();
    }
    if !v.is_finite() {
        return format!("${v}");
    }
    let (_, s) = compact(v);
    let scale = match s {
        "T" => 1e12,
        "B" => 1e9,
        "M" => 1e6,
        "K" => 1e3,
        _ => 1.0,
    };
    let n = three_significant(v / scale);
    if s.is_empty() {
        format!("${n}")
    } else {
        format!("${n} {s}")
    }
}

/// Exactly three significant figures, trailing zeros kept: 5 → "5.00", 0.0377 → "0.0377";
/// 25,000 (beyond three digits) stays whole.
fn three_significant(v: f64) -> String {
    let r = significant(v, 3);
    let magnitude = r.abs().log10().floor() as i32;
    let decimals = (2 - magnitude).max(0) as usize;
    let mut text = String::with_capacity(12);
    push_fixed(&mut text, r, decimals);
    text
}

/// An axis tick in dollars, short: "$5 M", "$2.5 M", "$950" (ticks are round numbers).
pub fn usd_tick(v: f64) -> String {
    let (n, s) = compact(v);
    if s.is_empty() {
        if v.abs() < 1.0 && v != 0.0 {
            return format!("${n}");
        }
        return format!("${}", plain_number(v.round()));
    }
    format!("${n} {s}")
}

/// "56.7 days", "1 day", "3.5 hours" for runs under a day.
pub fn days(v: f64) -> String {
    if v < 1.0 {
        return format!("{} hours", three_digits(v * 24.0));
    }
    let n = if v >= 1000.0 {
        plain_number(v.round())
    } else {
        three_digits(v)
    };
    if n == "1" {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

/// A short span of time: "2.72 min" under an hour, "0.4 h" or "18.3 h" above.
pub fn span_hours(h: f64) -> String {
    if h < 1.0 {
        format!("{} min", three_digits(h * 60.0))
    } else {
        format!("{} h", three_digits(h))
    }
}

/// "2.79 M GPU-hours".
pub fn gpu_hours(v: f64) -> String {
    let (n, s) = compact(v);
    if s.is_empty() {
        format!("{n} GPU-hours")
    } else {
        format!("{n} {s} GPU-hours")
    }
}

/// "33.2 %" (value is a fraction).
pub fn percent(fraction: f64) -> String {
    let mut text = String::with_capacity(12);
    push_percent(&mut text, fraction);
    text
}

/// `percent`, appended to `out` (for sentences built piece by piece).
pub(crate) fn push_percent(out: &mut String, fraction: f64) {
    push_three_digits(out, fraction * 100.0);
    out.push_str(" %");
}

/// A count in plain decimal digits, as `{}` writes it ("13").
pub(crate) fn push_count(out: &mut String, n: usize) {
    push_digits(out, n as u64, 1);
}

/// Energy in the largest sensible unit: "4.85 GWh", "920 kWh".
pub fn energy_kwh(kwh: f64) -> String {
    if kwh.abs() >= 1e6 {
        format!("{} GWh", three_digits(kwh / 1e6))
    } else if kwh.abs() >= 1e3 {
        format!("{} MWh", three_digits(kwh / 1e3))
    } else {
        format!("{} kWh", three_digits(kwh))
    }
}

/// "1,780 t CO2e".
pub fn co2_tonnes(t: f64) -> String {
    let n = if t >= 1000.0 {
        plain_number(t.round())
    } else {
        three_digits(t)
    };
    format!("{n} t CO2e")
}

/// "3.29e24 FLOPs".
pub fn flops(v: f64) -> String {
    format!("{v:.2e} FLOPs")
}

/// A GPU count: "2,048 GPUs", "1 GPU".
pub fn gpus(n: f64) -> String {
    if n == 1.0 {
        "1 GPU".into()
    } else {
        format!("{} GPUs", plain_number(n))
    }
}

/// "this compute trains a compute-optimal 158 B-parameter model on 3.16 T tokens".
pub fn compute_optimal_line(params: f64, tokens: f64) -> String {
    let with_suffix = |(n, s): (String, &str)| {
        if s.is_empty() {
            n
        } else {
            format!("{n} {s}")
        }
    };
    format!(
        "this compute trains a compute-optimal {}-parameter model on {} tokens",
        with_suffix(compact(params)),
        with_suffix(compact(tokens))
    )
}

/// "Rent $5.58 M · own $2.1 M amortised · buying the cluster $97 M · owning pays above 41 %
/// utilisation" (the window shows it as it is).
pub fn rent_vs_own_line(
    rental_total_usd: f64,
    owned_total_usd: f64,
    cluster_purchase_usd: f64,
    break_even_utilisation: Option<f64>,
) -> String {
    let verdict = match break_even_utilisation {
        None => "owning never pays: the rent is below the electricity alone".to_string(),
        Some(u) if u > 1.0 => "owning does not pay even at full utilisation".to_string(),
        Some(u) => format!("owning pays above {} utilisation", percent(u)),
    };
    format!(
        "Rent {} · own {} amortised · buying the cluster {} · {verdict}",
        usd(rental_total_usd),
        usd(owned_total_usd),
        usd(cluster_purchase_usd)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn realism_lines() {
        assert_eq!(
            rent_vs_own_line(5_576_000.0, 2.1e6, 9.7e7, Some(0.4132)),
            "Rent $5.58 M · own $2.10 M amortised · buying the cluster $97.0 M · owning pays above 41.3 % utilisation"
        );
        assert!(rent_vs_own_line(1.0, 1.0, 1.0, None).ends_with("electricity alone"));
        assert!(rent_vs_own_line(1.0, 1.0, 1.0, Some(1.5)).ends_with("full utilisation"));
        assert_eq!(
            compute_optimal_line(1.581e11, 3.162e12),
            "this compute trains a compute-optimal 158 B-parameter model on 3.16 T tokens"
        );
    }

    #[test]
    fn money() {
        assert_eq!(usd(5_576_000.0), "$5.58 M");
        assert_eq!(usd(999_999.0), "$1.00 M");
        assert_eq!(usd(950.0), "$950");
        assert_eq!(usd(1_234.0), "$1.23 K");
        assert_eq!(usd(1.2e9), "$1.20 B");
        assert_eq!(usd(0.0), "$0");
        assert_eq!(usd(-0.0), "$0");
        // Three significant figures side by side: "$5.00" beside "$0.389", not "$5".
        assert_eq!(usd(5.0), "$5.00");
        assert_eq!(usd(0.389), "$0.389");
        assert_eq!(usd(0.0377), "$0.0377");
        assert_eq!(usd(2.5e16), "$25000 T");
        // Ticks stay short.
        assert_eq!(usd_tick(2_500_000.0), "$2.5 M");
        assert_eq!(usd_tick(5e7), "$50 M");
        assert_eq!(usd_tick(0.0), "$0");
    }

    #[test]
    fn time_and_hours() {
        assert_eq!(days(56.72), "56.7 days");
        assert_eq!(days(1.0), "1 day");
        assert_eq!(days(0.5), "12 hours");
        assert_eq!(days(1234.4), "1,234 days");
        assert_eq!(gpu_hours(2_788_000.0), "2.79 M GPU-hours");
    }

    #[test]
    fn plain_numbers() {
        assert_eq!(plain_number(1_000_000.0), "1,000,000");
        assert_eq!(plain_number(0.5), "0.5");
        assert_eq!(plain_number(-5.0), "-5");
        assert_eq!(plain_number(0.01), "0.01");
        assert_eq!(plain_number(1e16), "1e16");
    }

    /// `push_fixed` writes what the formatter writes: ties (exact binary halves), values that
    /// round up to a new digit, signs, zeros, subnormals and the fallbacks.
    #[test]
    fn fixed_decimals_match_the_formatter() {
        let check = |v: f64| {
            for decimals in 0..6 {
                let mut ours = String::new();
                push_fixed(&mut ours, v, decimals);
                assert_eq!(ours, format!("{v:.decimals$}"), "{v:e} to {decimals}");
            }
        };
        for v in [
            0.0,
            -0.0,
            0.5,
            1.5,
            2.5,
            -2.5,
            0.125,
            0.375,
            0.0625,
            0.0005,
            0.0015,
            0.9995,
            9.995,
            99.95,
            999.5,
            1e-300,
            5e-324,
            -5e-324,
            1e14,
            999_999_999_999_999.9,
            1e15,
            1e300,
            f64::MAX,
            f64::NAN,
            f64::INFINITY,
            -f64::INFINITY,
            33.1,
            41.3,
            5.58,
            0.389,
        ] {
            check(v);
        }
        // Every k / 1000 and k / 1000 ± 1 ulp over a range, and a deterministic spread of
        // magnitudes (SplitMix64).
        for k in 0..50_000u32 {
            let v = f64::from(k) / 1000.0;
            check(v);
            check(f64::from_bits(v.to_bits() + 1));
            check(-v);
        }
        let mut state = 7u64;
        for _ in 0..50_000 {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            let unit = (z >> 11) as f64 / (1u64 << 53) as f64;
            let v = 10f64.powf(-30.0 + 50.0 * unit);
            check(v);
            check(significant(v, 3));
            check(-significant(v, 3));
        }
    }

    #[test]
    fn others() {
        assert_eq!(percent(0.3312), "33.1 %");
        assert_eq!(energy_kwh(4_850_000.0), "4.85 GWh");
        assert_eq!(co2_tonnes(1780.4), "1,780 t CO2e");
        assert_eq!(gpus(2048.0), "2,048 GPUs");
        assert_eq!(flops(3.2856e24), "3.29e24 FLOPs");
    }
}

/// The UTC calendar date ("2026-11-29") of a Unix time in seconds. Pure: the caller reads the
/// clock. (Howard Hinnant's days-to-civil algorithm.)
pub fn iso_date(unix_seconds: i64) -> String {
    let days = unix_seconds.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod date_tests {
    use super::iso_date;

    #[test]
    fn dates() {
        assert_eq!(iso_date(0), "1970-01-01");
        assert_eq!(iso_date(951_782_400), "2000-02-29");
        assert_eq!(iso_date(1_795_910_400), "2026-11-29");
        assert_eq!(iso_date(-86_400), "1969-12-31");
    }
}

/// `value` as indented JSON ending in a newline: every JSON file Costscope writes (scenario
/// files, result files, chart descriptions) and every JSON the CLI prints.
pub fn json_text<T: serde::Serialize + ?Sized>(value: &T) -> crate::error::Result<String> {
    let mut text = serde_json::to_string_pretty(value).map_err(|e| {
        crate::error::Error::internal(format!("the JSON could not be written: {e}"))
    })?;
    text.push('\n');
    Ok(text)
}
