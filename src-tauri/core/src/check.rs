//! Range checks shared by every validation (the scenario's and the sourced defaults'): one
//! sentence naming the field, the allowed range and what was given.

use crate::error::{Error, Result};

/// Formats a number for an error message with thousands separators where useful.
fn show(v: f64) -> String {
    crate::format::plain_number(v)
}

/// Checks that `value` is a finite number within `[min, max]`; the message names the field,
/// the allowed range and what was given.
pub fn check_range(field: &str, value: f64, (min, max): (f64, f64), unit: &str) -> Result<f64> {
    let unit_sfx = if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    };
    if !value.is_finite() || value < min || value > max {
        let got = if value.is_nan() {
            "not a number".to_string()
        } else if value.is_infinite() {
            "infinity".to_string()
        } else {
            show(value)
        };
        return Err(Error::invalid(
            field,
            format!(
                "{field} must be from {} to {}{unit_sfx}; got {got}",
                show(min),
                show(max)
            ),
        ));
    }
    Ok(value)
}
