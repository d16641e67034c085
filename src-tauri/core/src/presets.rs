//! Reference scenarios from published training runs (`assets/presets.json`), each with its
//! sources and the figures the model should reproduce. They seed a new database.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::catalog::Source;
use crate::error::{Error, Result};
use crate::model::ScenarioInput;

const PRESETS_JSON: &str = include_str!("../../../assets/presets.json");

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
    /// The run's inputs; stages, when the source gives them, are the input's own `stages`.
    pub input: ScenarioInput,
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

/// The built-in preset called `name`.
pub fn named(name: &str) -> Result<&'static Preset> {
    builtin()?
        .iter()
        .find(|p| p.name == name)
        .ok_or_else(|| Error::internal(format!("assets/presets.json lacks {name}")))
}

/// The DeepSeek-V3 preset as a plain scenario (no scaling, interruptions or server overhead):
/// 2,048 H800s, 2.788 M GPU-hours at $2, the workload of its report. For tests and benchmarks.
pub fn plain_deepseek_v3() -> Result<ScenarioInput> {
    let preset = named("DeepSeek-V3 (as reported)")?;
    Ok(ScenarioInput {
        scaling: None,
        reliability: None,
        pricing: Some(crate::model::Pricing::rental(Some(2.0))),
        ..preset.input.clone()
    })
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
            if !e.stages.is_empty() {
                let sum: f64 = e.stages.iter().map(|s| s.gpu_hours).sum();
                assert!((sum - e.gpu_hours).abs() / sum < 1e-9, "{}: stages", p.name);
            }
            // The sourced defaults are written into every preset (Llama 3.1 keeps its own
            // interruption rate), so what the app shows for them is what a new scenario gets.
            let d = crate::catalog::Defaults::builtin().unwrap();
            let mut filled = p.input.with_sourced_defaults(d);
            filled.reliability = p.input.reliability;
            assert_eq!(filled, p.input, "{}", p.name);
            assert_eq!(p.input.scaling, Some(d.default_scaling()), "{}", p.name);
            let r = p.input.reliability.expect("reliability");
            assert_eq!(r.restart_minutes, d.reliability.restart_minutes.value);
            let pricing = p.input.pricing.as_ref().expect("pricing");
            assert_eq!(pricing.server_overhead, Some(d.server_overhead.value));
            assert_eq!(pricing.interconnect_share, Some(d.interconnect_share.value));
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

    fn preset(name: &str) -> &'static Preset {
        builtin()
            .unwrap()
            .iter()
            .find(|p| p.name.starts_with(name))
            .unwrap_or_else(|| panic!("{name}"))
    }

    #[test]
    fn deepseek_v3_by_stage_costs_table_1s_stages() {
        let e = evaluate(&preset("DeepSeek-V3 by stage").input).unwrap();
        let costs: Vec<f64> = e.stages.iter().map(|s| s.total_cost_usd).collect();
        assert_eq!(costs, vec![5_328_000.0, 238_000.0, 10_000.0]);
        let shown: Vec<String> = costs.iter().map(|c| crate::format::usd(*c)).collect();
        assert_eq!(shown, ["$5.33 M", "$238 K", "$10.0 K"]);
        assert!((e.total_cost_usd - 5_576_000.0).abs() < 1e-6);
        assert!(e.stages.iter().all(|s| s.gpu_count == 2048.0));
        // The breakdown lists cost by stage.
        let listed: Vec<(&str, f64)> = e
            .breakdown
            .iter()
            .map(|c| (c.label.as_str(), c.usd))
            .collect();
        assert_eq!(
            listed,
            [
                ("Pre-training", 5_328_000.0),
                ("Context extension", 238_000.0),
                ("Post-training", 10_000.0)
            ]
        );
        // The breakdown chart's cost by stage lists them in order.
        let ctx = crate::chart::ChartContext {
            scenario_name: "V3",
            date: "",
            compared: &[],
        };
        let c = crate::chart::cost_by_stage(&e, &ctx);
        assert_eq!(
            c.x_axis.categories,
            ["Pre-training", "Context extension", "Post-training"]
        );
    }

    #[test]
    fn deepseek_r1s_own_stages_cost_about_294_7_thousand() {
        let e = evaluate(&preset("DeepSeek-R1").input).unwrap();
        let r1: f64 = e.stages[3..].iter().map(|s| s.total_cost_usd).sum();
        assert!((r1 - 294_672.0).abs() < 1e-6, "{r1}");
        assert_eq!(crate::format::usd(r1), "$295 K");
        assert!(e.stages[3..].iter().all(|s| s.gpu_count == 512.0));
        assert!((e.stages[3].duration_days * 24.0 - 198.0).abs() < 1e-9);
        assert!((e.total_cost_usd - 5_870_672.0).abs() < 1e-6);
    }

    #[test]
    fn llama_3_405b_has_the_papers_interruptions() {
        let p = preset("Llama 3.1 405B");
        // Over the paper's 54-day snapshot on 16,384 GPUs: its 466 interruptions.
        let mut snapshot = p.input.clone();
        snapshot.gpu_hours = None;
        snapshot.duration_days = Some(54.0);
        let e = evaluate(&snapshot).unwrap();
        assert!(
            (e.interruptions_expected - 466.0).abs() < 0.05,
            "{}",
            e.interruptions_expected
        );
        // '>90 % effective training time'.
        assert!(e.goodput > 0.9 && e.goodput < 0.95, "{}", e.goodput);
        assert!((e.mtbi_hours.unwrap() - 54.0 * 24.0 / 466.0).abs() < 0.01);
    }

    #[test]
    fn the_press_figure_preset_says_what_it_is() {
        assert!(builtin()
            .unwrap()
            .iter()
            .all(|p| p.name != "DeepSeek-R1 press figure"));
        assert!(preset("DeepSeek-V3 press headline")
            .description
            .contains("V3"));
    }
}
