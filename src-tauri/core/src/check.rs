//! Range checks shared by every validation (the scenario's and the sourced defaults'): one
//! sentence naming the field, the allowed range and what was given.

use crate::error::{Error, Result};

/// Formats a number for an error message with thousands separators where useful.
fn show(v: f64) -> String {
    crate::format::plain_number(v)
}

/// Checks that `value` is a finite number within `[min, max]`; the message names the field,
/// the allowed range and what was given.
pub fn check_range(field: &str, value: f64, range: (f64, f64), unit: &str) -> Result<f64> {
    if in_range(value, range) {
        Ok(value)
    } else {
        Err(out_of_range(field, value, range, unit))
    }
}

/// `check_range` for a field whose name is built (`stages[2].gpu_hours`): the name is formatted
/// only when the check fails, as every evaluation of a staged scenario checks each stage.
pub fn check_range_of(
    field: impl FnOnce() -> String,
    value: f64,
    range: (f64, f64),
    unit: &str,
) -> Result<f64> {
    if in_range(value, range) {
        Ok(value)
    } else {
        Err(out_of_range(&field(), value, range, unit))
    }
}

fn in_range(value: f64, (min, max): (f64, f64)) -> bool {
    !(!value.is_finite() || value < min || value > max)
}

/// The error of a failed range check. Built only on failure: every evaluation passes a dozen
/// checks.
fn out_of_range(field: &str, value: f64, (min, max): (f64, f64), unit: &str) -> Error {
    let unit_sfx = if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    };
    let got = if value.is_nan() {
        "not a number".to_string()
    } else if value.is_infinite() {
        "infinity".to_string()
    } else {
        show(value)
    };
    Error::invalid(
        field,
        format!(
            "{field} must be from {} to {}{unit_sfx}; got {got}",
            show(min),
            show(max)
        ),
    )
}
