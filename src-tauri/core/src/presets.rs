//! Reference scenarios from published training runs (`assets/presets.json`), each with its
//! sources and the figures the model should reproduce. They seed a new database.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::catalog::Source;
use crate::error::{Error, Result};
use crate::model::ScenarioInput;

const PRESETS_JSON: &str = include_str!("../../../assets/presets.json");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub label: String,
    pub gpu_hours: f64,
}

/// Published figures a preset should reproduce (any subset).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(deny_unknown_fields)]
pub struct Reported {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub gpu_hours: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub total_cost_usd: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub duration_days: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub training_flops: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub mfu: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(deny_unknown_fields)]
pub struct Preset {
    pub name: String,
    pub description: String,
    pub input: ScenarioInput,
    #[serde(default)]
    pub stages: Vec<Stage>,
    #[serde(default)]
    pub reported: Reported,
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PresetFile {
    schema: String,
    version: u32,
    presets: Vec<Preset>,
}

/// The presets shipped in `assets/presets.json`.
pub fn builtin() -> Result<&'static [Preset]> {
    static PRESETS: OnceLock<Result<Vec<Preset>>> = OnceLock::new();
    PRESETS
        .get_or_init(|| {
            crate::error::from_json_str::<PresetFile>(PRESETS_JSON)
                .map(|f| f.presets)
                .map_err(|e| Error::internal(format!("assets/presets.json is broken: {e}")))
        })
        .as_ref()
        .map(Vec::as_slice)
        .map_err(Clone::clone)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::evaluate;

    #[test]
    fn every_preset_evaluates_and_has_sources() {
        let presets = builtin().unwrap();
        assert!(presets.len() >= 5, "{} presets", presets.len());
        for p in presets {
            assert!(!p.sources.is_empty(), "{} has no source", p.name);
            let e = evaluate(&p.input).unwrap_or_else(|e| panic!("{}: {e}", p.name));
            assert!(e.total_cost_usd.is_finite() && e.total_cost_usd > 0.0);
            if let Some(gh) = p.reported.gpu_hours {
                assert!(
                    (e.gpu_hours - gh).abs() / gh < 1e-9,
                    "{}: {} vs {gh}",
                    p.name,
                    e.gpu_hours
                );
            }
            if let Some(cost) = p.reported.total_cost_usd {
                assert!((e.total_cost_usd - cost).abs() / cost < 1e-9, "{}", p.name);
            }
            if let Some(flops) = p.reported.training_flops {
                // Published FLOPs are rounded (3.8e25); 6ND must land within 5 %.
                let ours = e.training_flops.unwrap();
                assert!(
                    (ours - flops).abs() / flops < 0.05,
                    "{}: {ours:e} vs {flops:e}",
                    p.name
                );
            }
            if !p.stages.is_empty() {
                let sum: f64 = p.stages.iter().map(|s| s.gpu_hours).sum();
                assert!((sum - e.gpu_hours).abs() / sum < 1e-9, "{}: stages", p.name);
            }
        }
    }

    #[test]
    fn deepseek_v3_reproduces_the_reported_cost() {
        let p = builtin()
            .unwrap()
            .iter()
            .find(|p| p.name.starts_with("DeepSeek-V3"))
            .unwrap();
        let e = evaluate(&p.input).unwrap();
        assert_eq!(e.gpu_hours, 2_788_000.0);
        assert!((e.total_cost_usd - 5_576_000.0).abs() < 1e-6);
        assert_eq!(crate::format::usd(e.total_cost_usd), "$5.58 M");
    }
}
