//! Run realism (issue 10) through `evaluate`: scaling loss, interruptions in the three solve
//! modes, stages, rent vs own, compute-optimal size, their range checks, and goal seek — with
//! published cases and property tests.

use costscope_core::catalog::{Catalog, Defaults};
use costscope_core::model::{evaluate, Pricing, ScenarioInput, Solved};
use costscope_core::realism::{Reliability, Scaling, StageInput};
use costscope_core::seek::{seek, Figure, SeekInput};
use proptest::prelude::*;

fn defaults() -> &'static Defaults {
    Defaults::builtin().unwrap()
}

fn deepseek_v3() -> ScenarioInput {
    costscope_core::presets::plain_deepseek_v3().unwrap()
}

/// Llama 3 §3.3.4: 466 interruptions in 54 days on 16,384 H100s; 1-minute saves.
fn llama3_reliability() -> Reliability {
    Reliability {
        interruptions_per_1000_gpu_days: 466.0 / (16_384.0 * 54.0) * 1000.0,
        restart_minutes: 0.0,
        checkpoint_save_minutes: 1.0,
        checkpoint_interval_minutes: None,
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
fn llama_3s_interruptions_and_youngs_interval() {
    let mut s = ScenarioInput::new("H100", 16_384.0, 54.0);
    s.reliability = Some(llama3_reliability());
    let e = evaluate(&s).unwrap();
    assert!(
        (e.interruptions_expected - 466.0).abs() < 1e-9,
        "{}",
        e.interruptions_expected
    );
    let t = e.checkpoint_interval_minutes.unwrap();
    assert!((t - 18.3).abs() < 0.05, "Young's interval {t}");
    assert!((e.mtbi_hours.unwrap() - 54.0 * 24.0 / 466.0).abs() < 1e-9);
    // GPUs + days: the cost is the wall-clock time; the lost share is reported.
    assert_eq!(e.gpu_hours, 16_384.0 * 54.0 * 24.0);
    assert!((e.lost_gpu_hours - e.gpu_hours * (1.0 - e.goodput)).abs() < 1e-6);
    assert!(e.goodput > 0.85 && e.goodput < 1.0);
}

#[test]
fn interruptions_raise_the_implied_mfu_in_gpus_and_days() {
    let plain = evaluate(&deepseek_v3()).unwrap();
    let mut s = deepseek_v3();
    s.reliability = Some(defaults().default_reliability());
    let e = evaluate(&s).unwrap();
    assert_eq!(e.total_cost_usd, plain.total_cost_usd);
    let ratio = e.implied_mfu.unwrap() / plain.implied_mfu.unwrap();
    assert!((ratio - 1.0 / e.goodput).abs() < 1e-12);
}

#[test]
fn interruptions_stretch_the_days_when_gpus_are_fixed() {
    let mut s = deepseek_v3();
    s.gpu_hours = None;
    s.mfu = Some(0.33);
    let plain = evaluate(&s).unwrap();
    s.reliability = Some(defaults().default_reliability());
    let e = evaluate(&s).unwrap();
    assert_eq!(e.solved_for, Solved::Duration);
    assert!((e.duration_days * e.goodput - plain.duration_days).abs() < 1e-9);
    assert!(e.total_cost_usd > plain.total_cost_usd);
}

#[test]
fn scaling_loss_stretches_the_days_and_reports_the_effective_mfu() {
    let mut s = deepseek_v3();
    s.gpu_hours = None;
    s.mfu = Some(0.4);
    s.scaling = Some(Scaling {
        reference_gpu_count: 512.0,
        mfu_loss_per_doubling: 0.05,
    });
    let e = evaluate(&s).unwrap();
    // 2,048 = 512 × 2²: two doublings.
    assert!((e.effective_mfu.unwrap() - 0.4 * 0.95 * 0.95).abs() < 1e-12);
    assert!((e.implied_mfu.unwrap() - e.effective_mfu.unwrap()).abs() < 1e-12);
    assert!(e.assumptions.scaling.is_some());
}

#[test]
fn workload_and_days_find_the_smallest_count_that_finishes() {
    let mut s = deepseek_v3();
    s.gpu_hours = None;
    s.gpu_count = None;
    s.mfu = Some(0.33);
    s.duration_days = Some(60.0);
    s.scaling = Some(defaults().default_scaling());
    s.reliability = Some(defaults().default_reliability());
    let e = evaluate(&s).unwrap();
    assert_eq!(e.solved_for, Solved::GpuCount);
    let n = e.gpu_count;
    // n finishes in 60 days, n − 1 does not.
    let at = |count: f64| {
        let mut fixed = s.clone();
        fixed.gpu_count = Some(count);
        fixed.duration_days = None;
        evaluate(&fixed).unwrap().duration_days
    };
    assert!(at(n) <= 60.0 + 1e-9, "{} days at {n}", at(n));
    assert!(at(n - 1.0) > 60.0, "{} days at {}", at(n - 1.0), n - 1.0);
}

#[test]
fn when_no_count_finishes_the_error_names_the_fastest() {
    let mut s = deepseek_v3();
    s.gpu_hours = None;
    s.gpu_count = None;
    s.mfu = Some(0.33);
    s.duration_days = Some(0.5);
    s.reliability = Some(Reliability {
        restart_minutes: 30.0,
        ..defaults().default_reliability()
    });
    let err = evaluate(&s).unwrap_err();
    assert_eq!(err.field(), Some("duration_days"));
    let msg = err.to_string();
    assert!(
        msg.starts_with("no GPU count finishes in 12 hours: the fastest is "),
        "{msg}"
    );
    assert!(msg.contains(" GPUs"), "{msg}");
}

#[test]
fn a_run_interrupted_faster_than_it_restarts_names_reliability() {
    let mut s = ScenarioInput::new("H100", 100_000.0, 30.0);
    s.reliability = Some(Reliability {
        interruptions_per_1000_gpu_days: 10.0,
        restart_minutes: 60.0,
        checkpoint_save_minutes: 1.0,
        checkpoint_interval_minutes: None,
    });
    let err = evaluate(&s).unwrap_err();
    assert_eq!(err.field(), Some("reliability"));
    assert!(err.to_string().contains("would never finish"), "{err}");
}

#[test]
fn stages_sum_and_exclude_the_scenarios_own_time() {
    let mut s = deepseek_v3();
    s.gpu_hours = None;
    s.stages = Some(vec![
        stage("Pre-training", 2_664_000.0),
        stage("Context", 119_000.0),
    ]);
    let e = evaluate(&s).unwrap();
    assert_eq!(e.stages.len(), 2);
    assert!((e.gpu_hours - 2_783_000.0).abs() < 1e-6);
    assert!((e.stages[0].total_cost_usd - 5_328_000.0).abs() < 1e-6);
    assert!((e.duration_days - 2_783_000.0 / 2048.0 / 24.0).abs() < 1e-9);
    let energy: f64 = e.stages.iter().map(|s| s.energy_kwh).sum();
    assert!((energy - e.energy_kwh).abs() < 1e-6 * energy);

    let mut both = s.clone();
    both.duration_days = Some(10.0);
    assert_eq!(evaluate(&both).unwrap_err().field(), Some("stages"));

    // A stage by tokens takes its time from the workload and the MFU.
    let mut tokens = s.clone();
    tokens.mfu = Some(0.3);
    tokens.stages = Some(vec![StageInput {
        label: "Pre-training".into(),
        gpu_hours: None,
        duration_days: None,
        tokens: Some(14.8e12),
        gpu_count: Some(1024.0),
    }]);
    let e = evaluate(&tokens).unwrap();
    let expected_hours = 6.0 * 37e9 * 14.8e12 / (1024.0 * 989.4e12 * 0.3) / 3600.0;
    assert!((e.stages[0].duration_days * 24.0 - expected_hours).abs() < 1e-6);
    tokens.mfu = None;
    assert_eq!(
        evaluate(&tokens).unwrap_err().field(),
        Some("stages[0].tokens")
    );
}

#[test]
fn every_new_field_is_range_checked_by_name() {
    let check = |edit: &dyn Fn(&mut ScenarioInput), field: &str, range: &str| {
        let mut s = deepseek_v3();
        edit(&mut s);
        let err = evaluate(&s).unwrap_err();
        assert_eq!(err.field(), Some(field), "{err}");
        assert!(err.to_string().contains(range), "{field}: {err}");
    };
    let scaling = |loss: f64| Scaling {
        reference_gpu_count: 100.0,
        mfu_loss_per_doubling: loss,
    };
    check(
        &|s| s.scaling = Some(scaling(0.6)),
        "scaling.mfu_loss_per_doubling",
        "from 0 to 0.5",
    );
    check(
        &|s| {
            s.scaling = Some(Scaling {
                reference_gpu_count: 0.0,
                ..scaling(0.1)
            })
        },
        "scaling.reference_gpu_count",
        "from 1 to 1,000,000",
    );
    let rel = defaults().default_reliability();
    check(
        &|s| {
            s.reliability = Some(Reliability {
                interruptions_per_1000_gpu_days: 2000.0,
                ..rel
            })
        },
        "reliability.interruptions_per_1000_gpu_days",
        "from 0 to 1,000 per 1,000 GPU-days",
    );
    check(
        &|s| {
            s.reliability = Some(Reliability {
                restart_minutes: -1.0,
                ..rel
            })
        },
        "reliability.restart_minutes",
        "minutes",
    );
    check(
        &|s| {
            s.reliability = Some(Reliability {
                checkpoint_save_minutes: 0.0,
                ..rel
            })
        },
        "reliability.checkpoint_save_minutes",
        "from 0.01 to 1,440 minutes",
    );
    check(
        &|s| {
            s.reliability = Some(Reliability {
                checkpoint_interval_minutes: Some(0.0),
                ..rel
            })
        },
        "reliability.checkpoint_interval_minutes",
        "minutes",
    );
    check(
        &|s| {
            s.gpu_hours = None;
            s.stages = Some(Vec::new());
        },
        "stages",
        "1 to 50",
    );
    check(
        &|s| {
            s.gpu_hours = None;
            s.stages = Some(vec![stage("x", 1.0); 51]);
        },
        "stages",
        "1 to 50",
    );
    check(
        &|s| {
            s.gpu_hours = None;
            let mut two = stage("Both", 1.0);
            two.duration_days = Some(1.0);
            s.stages = Some(vec![two]);
        },
        "stages[0]",
        "exactly one of gpu_hours, duration_days and tokens",
    );
    check(
        &|s| {
            s.gpu_hours = None;
            s.stages = Some(vec![stage("Tiny", 0.0)]);
        },
        "stages[0].gpu_hours",
        "from 1 to",
    );
    check(
        &|s| {
            s.gpu_hours = None;
            let mut st = stage("Half a GPU", 100.0);
            st.gpu_count = Some(0.5);
            s.stages = Some(vec![st]);
        },
        "stages[0].gpu_count",
        "whole number",
    );
    check(
        &|s| s.pricing.as_mut().unwrap().server_overhead = Some(0.5),
        "pricing.server_overhead",
        "from 1 to 5",
    );
    check(
        &|s| s.pricing.as_mut().unwrap().interconnect_share = Some(1.0),
        "pricing.interconnect_share",
        "from 0 to 0.9",
    );
}

#[test]
fn rent_and_own_side_by_side() {
    let mut s = deepseek_v3();
    s.pricing = Some(Pricing {
        usd_per_gpu: Some(30_000.0),
        lifetime_years: Some(4.0),
        server_overhead: Some(1.64),
        interconnect_share: Some(0.19),
        ..Pricing::rental(Some(2.0))
    });
    let e = evaluate(&s).unwrap();
    let r = &e.rent_vs_own;
    assert_eq!(r.rental_total_usd, e.total_cost_usd);
    let all_in = 30_000.0 * 1.64 / 0.81;
    assert!((r.all_in_usd_per_gpu - all_in).abs() < 1e-9);
    assert!((r.cluster_purchase_usd - 2048.0 * all_in).abs() < 1e-6);
    let electricity = 700.0 * 1.1 * 0.08 / 1000.0;
    let expected = all_in / (4.0 * 8_766.0) / (2.0 - electricity);
    assert!((r.break_even_utilisation.unwrap() - expected).abs() < 1e-12);
    assert!(
        r.summary().starts_with("Rent $5.58 M · own $"),
        "{}",
        r.summary()
    );
    assert!(
        r.summary().contains(" amortised · buying the cluster $"),
        "{}",
        r.summary()
    );
    assert!(r.summary().ends_with(" % utilisation"), "{}", r.summary());

    // Owning with the same figures: the total is the owned one, chip, server and network apart.
    let mut owned = s.clone();
    owned.pricing.as_mut().unwrap().mode = costscope_core::model::PricingMode::Owned;
    let o = evaluate(&owned).unwrap();
    assert_eq!(o.total_cost_usd, r.owned_total_usd);
    let labels: Vec<&str> = o.breakdown.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Hardware: chips (amortised)",
            "Hardware: servers (amortised)",
            "Hardware: network (amortised)",
            "Electricity"
        ]
    );
    let parts: f64 = o.breakdown.iter().map(|c| c.usd).sum();
    assert!((parts - o.total_cost_usd).abs() < 1e-6 * o.total_cost_usd);
    assert_eq!(o.rent_vs_own.rental_total_usd, e.total_cost_usd);

    // A rent below the electricity: owning never pays.
    let mut cheap = s.clone();
    cheap.pricing.as_mut().unwrap().usd_per_gpu_hour = Some(0.01);
    assert_eq!(
        evaluate(&cheap).unwrap().rent_vs_own.break_even_utilisation,
        None
    );
}

#[test]
fn compute_optimal_size_of_the_delivered_flops() {
    let e = evaluate(&deepseek_v3()).unwrap();
    let c = e.compute_optimal.unwrap();
    assert!((c.params - (e.flops_delivered.unwrap() / 120.0).sqrt()).abs() < 1e-3);
    assert!((c.tokens - 20.0 * c.params).abs() < 1e-3);
    assert!(c
        .summary()
        .starts_with("this compute trains a compute-optimal 165 B-parameter model"));
    assert!(evaluate(&ScenarioInput::new("H100", 8.0, 1.0))
        .unwrap()
        .compute_optimal
        .is_none());
}

fn reliability() -> impl Strategy<Value = Reliability> {
    (0.01f64..20.0, 0.0f64..30.0, 0.05f64..10.0).prop_map(|(r, restart, save)| Reliability {
        interruptions_per_1000_gpu_days: r,
        restart_minutes: restart,
        checkpoint_save_minutes: save,
        checkpoint_interval_minutes: None,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn goodput_is_in_0_1_and_falls_with_gpus_and_rate(
        rel in reliability(),
        n in 1.0f64..200_000.0,
        more in 1.01f64..4.0,
    ) {
        if let Ok(at) = rel.at(n) {
            prop_assert!(at.goodput > 0.0 && at.goodput <= 1.0, "{}", at.goodput);
            if let Ok(bigger) = rel.at(n * more) {
                prop_assert!(bigger.goodput < at.goodput);
            }
            let worse = Reliability {
                interruptions_per_1000_gpu_days: rel.interruptions_per_1000_gpu_days * more,
                ..rel
            };
            if let Ok(w) = worse.at(n) {
                prop_assert!(w.goodput < at.goodput);
            }
        } else {
            // Never finishing only gets worse with more GPUs.
            prop_assert!(rel.at(n * more).is_err());
        }
    }

    #[test]
    fn seek_then_evaluate_reproduces_the_target(
        price in 0.5f64..10.0,
        days in 5.0f64..200.0,
        n in 64.0f64..20_000.0,
        share in 0.1f64..0.9,
        defaults_on in any::<bool>(),
    ) {
        let (c, d) = (Catalog::builtin().unwrap(), defaults());
        let mut s = deepseek_v3();
        s.gpu_hours = None;
        s.gpu_count = Some(n.round());
        s.duration_days = Some(days);
        s.pricing = Some(Pricing::rental(Some(price)));
        if defaults_on {
            s.scaling = Some(d.default_scaling());
            s.reliability = Some(d.default_reliability());
        }
        let base = evaluate(&s).unwrap();
        // A target the price can reach: a share of today's total.
        let target = base.total_cost_usd * share;
        let found = seek(&s, Figure::TotalCostUsd, target, SeekInput::UsdPerGpuHour, c, d).unwrap();
        let mut again = s.clone();
        again.pricing = Some(Pricing::rental(Some(found.value)));
        let e = evaluate(&again).unwrap();
        prop_assert!((e.total_cost_usd - target).abs() <= 1e-9 * target, "{} vs {target}", e.total_cost_usd);
        prop_assert_eq!(e, found.evaluation);
        // And the days for a target duration, with the work fixed (GPUs follow the MFU).
        let mut work = s.clone();
        work.mfu = Some(0.3);
        work.duration_days = None;
        let w = evaluate(&work).unwrap();
        let target_days = w.duration_days * (0.5 + share);
        let found = seek(&work, Figure::DurationDays, target_days, SeekInput::Mfu, c, d).unwrap();
        prop_assert!((found.evaluation.duration_days - target_days).abs() <= 1e-9 * target_days);
    }
}

#[test]
fn a_user_defined_accelerator_travels_with_the_scenario_and_is_checked() {
    let mut chip = Catalog::builtin().unwrap().gpu("H100").unwrap().clone();
    chip.id = "LabChip-1".into();
    chip.name = "Our lab's accelerator".into();
    chip.aliases.clear();
    chip.usd_per_gpu_hour = 1.5;
    let mut s = ScenarioInput::new("labchip-1", 1000.0, 10.0);
    s.custom_gpu = Some(chip.clone());
    // Through JSON, as in a scenario file: the same total, from the carried figures.
    let text = serde_json::to_string(&s).unwrap();
    let back: ScenarioInput = serde_json::from_str(&text).unwrap();
    let e = evaluate(&back).unwrap();
    assert_eq!(e.gpu, "LabChip-1");
    assert_eq!(e.total_cost_usd, 1000.0 * 240.0 * 1.5);

    let mut shadow = s.clone();
    let mut h100 = chip.clone();
    h100.id = "H100".into();
    shadow.gpu = "H100".into();
    shadow.custom_gpu = Some(h100);
    let err = evaluate(&shadow).unwrap_err();
    assert_eq!(err.field(), Some("custom_gpu.id"));
    assert!(err.to_string().contains("built-in H100"), "{err}");

    let mut broken = s.clone();
    let mut zero = chip.clone();
    zero.board_watts = 0.0;
    broken.custom_gpu = Some(zero);
    let err = evaluate(&broken).unwrap_err();
    assert_eq!(err.field(), Some("custom_gpu.board_watts"));
    assert!(
        err.to_string().contains("from 1 to 10,000 W; got 0"),
        "{err}"
    );

    let mut other = s.clone();
    other.gpu = "SomethingElse".into();
    assert_eq!(evaluate(&other).unwrap_err().field(), Some("custom_gpu"));
}
