//! The figures-only evaluation (`evaluate_figures_with`, what series, goal seek and the Monte
//! Carlo use at every point) gives exactly the numbers of the full `evaluate_with`, bit for bit,
//! and fails exactly when it does, with the same error: for the presets, the generated scenarios
//! of `unchanged.rs` with and without the sourced realism defaults, and staged and claimed runs.

use costscope_core::catalog::{Catalog, Defaults};
use costscope_core::model::{
    evaluate_figures_with, evaluate_with, Claim, Evaluation, Figures, OtherCost, Pricing,
    ScenarioInput,
};
use costscope_core::presets;
use costscope_core::realism::{Reliability, StageInput};
use serde_json::Value;

fn cd() -> (&'static Catalog, &'static Defaults) {
    (Catalog::builtin().unwrap(), Defaults::builtin().unwrap())
}

/// The full evaluation's figures, every field named (a new field of `Figures` must be added here).
fn figures_of(e: &Evaluation) -> Figures {
    Figures {
        solved_for: e.solved_for,
        gpu_count: e.gpu_count,
        gpu_count_exact: e.gpu_count_exact,
        duration_days: e.duration_days,
        duration_hours: e.duration_hours,
        gpu_hours: e.gpu_hours,
        peak_flop_per_s_per_gpu: e.peak_flop_per_s_per_gpu,
        peak_flops: e.peak_flops,
        training_flops: e.training_flops,
        flops_delivered: e.flops_delivered,
        stated_mfu: e.stated_mfu,
        implied_mfu: e.implied_mfu,
        compute_usd_per_gpu_hour: e.compute_usd_per_gpu_hour,
        compute_cost_usd: e.compute_cost_usd,
        energy_kwh: e.energy_kwh,
        energy_cost_usd: e.energy_cost_usd,
        energy_cost_in_total: e.energy_cost_in_total,
        co2_tonnes: e.co2_tonnes,
        other_costs_usd: e.other_costs_usd,
        total_cost_usd: e.total_cost_usd,
        total_with_research_usd: e.total_with_research_usd,
        usd_per_million_tokens: e.usd_per_million_tokens,
        assumptions: e.assumptions.clone(),
        effective_mfu: e.effective_mfu,
        goodput: e.goodput,
        mtbi_hours: e.mtbi_hours,
        checkpoint_interval_minutes: e.checkpoint_interval_minutes,
        interruptions_expected: e.interruptions_expected,
        lost_gpu_hours: e.lost_gpu_hours,
        rent_vs_own: e.rent_vs_own,
        compute_optimal: e.compute_optimal,
    }
}

/// Both paths agree on `input`: the same figures (compared through `Debug`, which tells apart
/// every two f64 bit patterns but NaN payloads, and -0 from 0) or the same error. Returns
/// whether it evaluated.
fn agree(input: &ScenarioInput, what: &str) -> bool {
    let (c, d) = cd();
    match (
        evaluate_with(input, c, d),
        evaluate_figures_with(input, c, d),
    ) {
        (Ok(full), Ok(figures)) => {
            assert_eq!(
                format!("{:?}", figures_of(&full)),
                format!("{figures:?}"),
                "{what}"
            );
            true
        }
        (Err(a), Err(b)) => {
            assert_eq!(a, b, "{what}");
            false
        }
        (full, figures) => panic!("{what}: full {full:?}, figures {figures:?}"),
    }
}

fn stage(label: &str, gpu_hours: f64) -> StageInput {
    StageInput {
        label: label.into(),
        gpu_hours: Some(gpu_hours),
        duration_days: None,
        tokens: None,
        gpu_count: None,
    }
}

#[test]
fn the_presets_and_their_realistic_forms() {
    let (_, d) = cd();
    let mut inputs: Vec<(String, ScenarioInput)> = presets::builtin()
        .unwrap()
        .iter()
        .map(|p| (p.name.clone(), p.input.clone()))
        .collect();
    inputs.push((
        "plain DeepSeek-V3".into(),
        presets::plain_deepseek_v3().unwrap(),
    ));
    let with_defaults: Vec<(String, ScenarioInput)> = inputs
        .iter()
        .map(|(n, s)| (format!("{n}, sourced defaults"), s.with_sourced_defaults(d)))
        .collect();
    inputs.extend(with_defaults);
    for (name, s) in &inputs {
        assert!(agree(s, name), "{name} evaluates");
    }
    assert!(presets::named("DeepSeek-V3 by stage").is_ok());
}

#[test]
fn the_generated_scenarios_with_and_without_realism() {
    let (_, d) = cd();
    let text = std::fs::read_to_string("tests/fixtures/evaluations_before_issue10.json").unwrap();
    let rows: Vec<Value> = serde_json::from_str(&text).unwrap();
    let mut evaluated = 0;
    for (i, row) in rows.iter().enumerate() {
        let input: ScenarioInput = serde_json::from_value(row["input"].clone()).unwrap();
        assert!(agree(&input, &format!("case {i}")));
        // Scaling, interruptions and the all-in price in every solve mode; some of these never
        // finish (an error on both paths).
        let realistic = input.with_sourced_defaults(d);
        evaluated += usize::from(agree(&realistic, &format!("case {i}, realistic")));
        let mut owned = realistic.clone();
        owned.pricing = Some(Pricing {
            server_overhead: Some(1.8),
            interconnect_share: Some(0.15),
            ..Pricing::owned(None, Some(4.0))
        });
        agree(&owned, &format!("case {i}, owned all-in"));
    }
    assert!(evaluated > 200, "{evaluated} realistic cases evaluated");
}

#[test]
fn staged_claimed_and_failing_runs() {
    let (_, d) = cd();
    let base = presets::plain_deepseek_v3().unwrap();
    // The benchmark's case: three stages with the sourced scaling and interruptions.
    let mut staged = ScenarioInput {
        gpu_hours: None,
        scaling: Some(d.default_scaling()),
        reliability: Some(d.default_reliability()),
        stages: Some(vec![
            stage("Pre-training", 2_664_000.0),
            stage("Context extension", 119_000.0),
            stage("Post-training", 5_000.0),
        ]),
        ..base.clone()
    };
    assert!(agree(&staged, "three stages"));

    // A stage given by tokens (needs an MFU), one on its own GPU count, one by days, owned.
    let mut by_tokens = staged.clone();
    by_tokens.mfu = Some(0.35);
    by_tokens.pricing = Some(Pricing::owned(None, None));
    by_tokens.other_costs = vec![OtherCost {
        label: "Data".into(),
        usd: 250_000.0,
    }];
    if let Some(stages) = by_tokens.stages.as_mut() {
        stages[0].gpu_hours = None;
        stages[0].tokens = Some(14.8e12);
        stages[1].gpu_count = Some(512.0);
        stages[2].gpu_hours = None;
        stages[2].duration_days = Some(2.5);
    }
    assert!(agree(&by_tokens, "stages by tokens, GPUs and days"));

    // A claim on a run that implies its MFU, and on one that does not (a warning instead).
    let claim = Claim {
        total_cost_usd: Some(5.576e6),
        gpu_hours: Some(2.788e6),
        duration_days: Some(57.0),
        mfu: Some(0.3),
    };
    let mut claimed = base.clone();
    claimed.claim = Some(claim.clone());
    assert!(agree(&claimed, "claimed"));
    staged.claim = Some(claim);
    assert!(agree(&staged, "staged and claimed"));
    let mut solved = claimed.clone();
    solved.gpu_hours = None;
    solved.duration_days = Some(60.0);
    solved.mfu = Some(0.3);
    solved.gpu_count = None;
    assert!(agree(&solved, "GPU count solved, claimed"));
    solved.gpu_count = Some(2048.0);
    solved.duration_days = None;
    assert!(agree(&solved, "duration solved, claimed"));

    // Failures: the same error on both paths.
    let mut bad_claim = claimed.clone();
    bad_claim.claim = Some(Claim {
        mfu: Some(7.0),
        ..Claim::default()
    });
    assert!(!agree(&bad_claim, "an out-of-range claim"));
    let mut never_finishes = staged.clone();
    never_finishes.gpu_count = Some(1_000_000.0);
    never_finishes.reliability = Some(Reliability {
        restart_minutes: 120.0,
        ..d.default_reliability()
    });
    assert!(!agree(&never_finishes, "a run that never finishes"));
    let mut both_times = staged.clone();
    both_times.duration_days = Some(10.0);
    assert!(!agree(&both_times, "stages with a duration"));
    let mut unknown = base;
    unknown.gpu = "Z9000".into();
    assert!(!agree(&unknown, "an unknown GPU"));
}
