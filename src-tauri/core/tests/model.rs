//! The cost model against the published figures of DESIGN.md §3, and its invariants as
//! property tests.

use costscope_core::catalog::Precision;
use costscope_core::model::{
    evaluate, limits, EnergyInput, OtherCost, Pricing, ScenarioInput, Solved, Verdict, Workload,
    HOURS_PER_YEAR,
};
use costscope_core::Error;
use proptest::prelude::*;

fn rel_close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * b.abs().max(1e-300)
}

fn deepseek_v3() -> ScenarioInput {
    ScenarioInput {
        gpu_hours: Some(2_788_000.0),
        duration_days: None,
        pricing: Some(Pricing::rental(Some(2.0))),
        workload: Some(Workload {
            active_params: 37e9,
            tokens: 14.8e12,
            flops_per_param_token: None,
            precision: None,
        }),
        ..ScenarioInput::new("H800", 2048.0, 1.0)
    }
}

#[test]
fn deepseek_v3_rental_cost_is_5_576_million() {
    let e = evaluate(&deepseek_v3()).unwrap();
    assert_eq!(e.gpu_hours, 2_788_000.0);
    assert!(rel_close(e.total_cost_usd, 5_576_000.0, 1e-12));
    assert!(rel_close(
        e.duration_days,
        2_788_000.0 / 2048.0 / 24.0,
        1e-12
    ));
    assert!(!e.energy_cost_in_total);
    assert_eq!(e.breakdown.len(), 1);
    assert_eq!(e.breakdown[0].usd, e.total_cost_usd);
    // 6 × 37e9 × 14.8e12 = 3.2856e24 FLOPs.
    assert!(rel_close(e.training_flops.unwrap(), 3.2856e24, 1e-12));
    assert!(rel_close(
        e.usd_per_million_tokens.unwrap(),
        5_576_000.0 / 14.8e6,
        1e-12
    ));
}

#[test]
fn deepseek_stages_sum_to_the_reported_total() {
    // Table 1 of the DeepSeek-V3 report: 2,664 K + 119 K + 5 K = 2,788 K GPU-hours, $5.576 M.
    let total: f64 = [2_664_000.0, 119_000.0, 5_000.0]
        .iter()
        .map(|gh| {
            let mut s = deepseek_v3();
            s.gpu_hours = Some(*gh);
            evaluate(&s).unwrap().total_cost_usd
        })
        .sum();
    assert!(rel_close(total, 5_576_000.0, 1e-12));
}

#[test]
fn r1_press_claim_implies_a_plausible_mfu() {
    // "2,000 H800 for two months": 37 B active × 14.8 T tokens.
    let mut s = deepseek_v3();
    s.gpu_count = Some(2000.0);
    s.gpu_hours = None;
    s.duration_days = Some(60.0);
    let e = evaluate(&s).unwrap();
    assert_eq!(e.solved_for, Solved::Mfu);
    let implied = 3.2856e24 / (2000.0 * 989.4e12 * 60.0 * 86_400.0);
    assert!(rel_close(e.implied_mfu.unwrap(), implied, 1e-12));
    let check = e.claim_check.unwrap();
    assert_eq!(check.verdict, Verdict::Plausible);
    assert!(check.message.contains("32"), "{}", check.message);
    assert!(rel_close(
        e.total_cost_usd,
        2000.0 * 60.0 * 24.0 * 2.0,
        1e-12
    ));
}

#[test]
fn llama_3_1_405b_flops_and_mfu() {
    // 30.84 M H100 GPU-hours; 405 B × 15.6 T tokens ≈ 3.8e25 FLOPs; reported MFU 38–43 %.
    let s = ScenarioInput {
        gpu_hours: Some(30.84e6),
        duration_days: None,
        workload: Some(Workload {
            active_params: 405e9,
            tokens: 15.6e12,
            flops_per_param_token: Some(6.0),
            precision: Some(Precision::Bf16),
        }),
        ..ScenarioInput::new("H100", 16_384.0, 1.0)
    };
    let e = evaluate(&s).unwrap();
    assert!(rel_close(e.training_flops.unwrap(), 3.8e25, 0.01));
    // GPU-hours include restarts and evaluation, so the implied MFU sits a little under the
    // paper's 38–43 %.
    let mfu = e.implied_mfu.unwrap();
    assert!((0.30..0.43).contains(&mfu), "{mfu}");
    // 700 W × 30.84 M h × PUE 1.1 = 23.7 GWh.
    let kwh = 30.84e6 * 700.0 * e.assumptions.pue / 1000.0;
    assert!(rel_close(e.energy_kwh, kwh, 1e-12));
}

#[test]
fn energy_and_co2_formulas() {
    let s = ScenarioInput {
        energy: Some(EnergyInput {
            watts_per_gpu: Some(700.0),
            pue: Some(1.2),
            usd_per_kwh: Some(0.1),
            grid_g_co2_per_kwh: Some(400.0),
        }),
        ..ScenarioInput::new("H100", 1000.0, 10.0)
    };
    let e = evaluate(&s).unwrap();
    let kwh = 1000.0 * 700.0 * 1.2 * 240.0 / 1000.0;
    assert!(rel_close(e.energy_kwh, kwh, 1e-12));
    assert!(rel_close(e.energy_cost_usd, kwh * 0.1, 1e-12));
    assert!(rel_close(e.co2_tonnes, kwh * 400.0 / 1e6, 1e-12));
}

#[test]
fn owned_cost_amortises_hardware_and_adds_electricity() {
    let s = ScenarioInput {
        pricing: Some(Pricing::owned(Some(30_000.0), Some(4.0))),
        energy: Some(EnergyInput {
            watts_per_gpu: Some(700.0),
            pue: Some(1.1),
            usd_per_kwh: Some(0.08),
            grid_g_co2_per_kwh: None,
        }),
        other_costs: vec![OtherCost {
            label: "Staff".into(),
            usd: 250_000.0,
        }],
        ..ScenarioInput::new("H100", 2048.0, 30.0)
    };
    let e = evaluate(&s).unwrap();
    let gh = 2048.0 * 30.0 * 24.0;
    let hw = gh * 30_000.0 / (4.0 * HOURS_PER_YEAR);
    let kwh = gh * 0.7 * 1.1;
    assert!(rel_close(e.compute_cost_usd, hw, 1e-12));
    assert!(e.energy_cost_in_total);
    assert!(rel_close(
        e.total_cost_usd,
        hw + kwh * 0.08 + 250_000.0,
        1e-12
    ));
    let parts: f64 = e.breakdown.iter().map(|c| c.usd).sum();
    assert!(rel_close(parts, e.total_cost_usd, 1e-12));
    assert_eq!(e.breakdown.len(), 3);
}

#[test]
fn research_multiplier_scales_compute_not_other_costs() {
    let s = ScenarioInput {
        research_multiplier: Some(3.0),
        other_costs: vec![OtherCost {
            label: "Data".into(),
            usd: 100.0,
        }],
        pricing: Some(Pricing::rental(Some(1.0))),
        ..ScenarioInput::new("H100", 10.0, 1.0)
    };
    let e = evaluate(&s).unwrap();
    assert!(rel_close(e.total_cost_usd, 240.0 + 100.0, 1e-12));
    assert!(rel_close(
        e.total_with_research_usd,
        3.0 * 240.0 + 100.0,
        1e-12
    ));
}

#[test]
fn catalog_defaults_fill_missing_prices() {
    let e = evaluate(&ScenarioInput::new("h100", 1.0, 1.0)).unwrap();
    assert!(e.assumptions.usd_per_gpu_hour.unwrap() > 0.0);
    assert_eq!(e.assumptions.watts_per_gpu, 700.0);
    assert_eq!(e.gpu, "H100");
}

#[test]
fn implausible_claims_are_flagged() {
    let mut s = deepseek_v3();
    s.gpu_hours = None;
    s.gpu_count = Some(100.0);
    s.duration_days = Some(10.0);
    let e = evaluate(&s).unwrap();
    assert_eq!(e.claim_check.unwrap().verdict, Verdict::Impossible);
    s.gpu_count = Some(100_000.0);
    s.duration_days = Some(365.0);
    assert_eq!(
        evaluate(&s).unwrap().claim_check.unwrap().verdict,
        Verdict::Low
    );
}

#[test]
fn a_stated_mfu_above_the_published_band_carries_a_warning() {
    let band = costscope_core::catalog::Defaults::builtin()
        .unwrap()
        .mfu_bands
        .plausible_up_to;
    let mut s = deepseek_v3();
    s.gpu_hours = None;
    s.gpu_count = None;
    s.duration_days = Some(30.0);
    s.mfu = Some(band);
    assert!(evaluate(&s).unwrap().warnings.is_empty());
    s.mfu = Some(1.0);
    let e = evaluate(&s).unwrap();
    assert!(
        e.warnings.iter().any(|w| w.contains("stated MFU of 100")),
        "{:?}",
        e.warnings
    );
}

#[test]
fn validation_names_the_field_and_the_range() {
    let cases: Vec<(ScenarioInput, &str, &str)> = vec![
        (
            ScenarioInput::new("H100", -5.0, 1.0),
            "gpu_count",
            "from 1 to 1,000,000",
        ),
        (
            ScenarioInput::new("H100", f64::NAN, 1.0),
            "gpu_count",
            "from 1 to 1,000,000",
        ),
        (
            ScenarioInput::new("H100", 8.0, f64::INFINITY),
            "duration_days",
            "infinity",
        ),
        (
            ScenarioInput::new("H100", 8.0, 5000.0),
            "duration_days",
            "to 3,650 days",
        ),
        (ScenarioInput::new("nope", 8.0, 1.0), "gpu", "H100"),
        (ScenarioInput::new("", 8.0, 1.0), "gpu", "required"),
        (
            ScenarioInput {
                mfu: Some(0.0),
                ..ScenarioInput::new("H100", 8.0, 1.0)
            },
            "mfu",
            "from 0.001 to 1",
        ),
        (
            ScenarioInput {
                pricing: Some(Pricing::owned(Some(1e9), None)),
                ..ScenarioInput::new("H100", 8.0, 1.0)
            },
            "pricing.usd_per_gpu",
            "10,000,000",
        ),
        (
            ScenarioInput {
                workload: Some(Workload {
                    active_params: 1e9,
                    tokens: -1.0,
                    flops_per_param_token: None,
                    precision: None,
                }),
                ..ScenarioInput::new("H100", 8.0, 1.0)
            },
            "workload.tokens",
            "tokens",
        ),
        (
            ScenarioInput {
                other_costs: vec![OtherCost {
                    label: " ".into(),
                    usd: 1.0,
                }],
                ..ScenarioInput::new("H100", 8.0, 1.0)
            },
            "other_costs[0].label",
            "characters",
        ),
    ];
    for (input, field, text) in cases {
        let err = evaluate(&input).unwrap_err();
        assert!(matches!(err, Error::Invalid { .. }));
        assert_eq!(err.field(), Some(field), "{err}");
        let msg = err.to_string();
        assert!(msg.contains(field) && msg.contains(text), "{msg}");
        assert_eq!(msg.lines().count(), 1);
    }
}

fn gpu_id() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["A100", "H100", "H800", "H200", "B200", "MI300X"])
}

fn in_range((lo, hi): (f64, f64)) -> impl Strategy<Value = f64> {
    lo..=hi
}

/// Any valid input, across the whole allowed range of every field.
fn valid_input() -> impl Strategy<Value = ScenarioInput> {
    (
        gpu_id(),
        (1u32..=1_000_000u32).prop_map(f64::from),
        in_range(limits::DURATION_DAYS),
        prop::bool::ANY,
        in_range(limits::USD_PER_GPU_HOUR),
        in_range(limits::USD_PER_GPU),
        in_range(limits::LIFETIME_YEARS),
        (
            in_range(limits::WATTS_PER_GPU),
            in_range(limits::PUE),
            in_range(limits::USD_PER_KWH),
        ),
        prop::option::of((
            in_range(limits::ACTIVE_PARAMS),
            in_range(limits::TOKENS),
            in_range(limits::MFU),
        )),
        0u8..3,
    )
        .prop_map(
            |(gpu, n, days, owned, price, buy, life, (w, pue, kwh), workload, solve)| {
                let mut s = ScenarioInput::new(gpu, n, days);
                s.pricing = Some(if owned {
                    Pricing::owned(Some(buy), Some(life))
                } else {
                    Pricing::rental(Some(price))
                });
                s.energy = Some(EnergyInput {
                    watts_per_gpu: Some(w),
                    pue: Some(pue),
                    usd_per_kwh: Some(kwh),
                    grid_g_co2_per_kwh: Some(400.0),
                });
                if let Some((params, tokens, mfu)) = workload {
                    s.workload = Some(Workload {
                        active_params: params,
                        tokens,
                        flops_per_param_token: None,
                        precision: None,
                    });
                    match solve {
                        0 => {}
                        1 => {
                            s.mfu = Some(mfu);
                            s.duration_days = None;
                        }
                        _ => {
                            s.mfu = Some(mfu);
                            s.gpu_count = None;
                        }
                    }
                }
                s
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn valid_input_never_gives_nan_or_infinity(s in valid_input()) {
        let e = evaluate(&s).unwrap();
        let json = serde_json::to_value(&e).unwrap();
        fn all_finite(v: &serde_json::Value) -> bool {
            match v {
                serde_json::Value::Number(n) => n.as_f64().is_some_and(f64::is_finite),
                // serde_json writes NaN and infinity as null; a null must be an absent option.
                serde_json::Value::Array(a) => a.iter().all(all_finite),
                serde_json::Value::Object(o) => o.values().all(all_finite),
                _ => true,
            }
        }
        prop_assert!(all_finite(&json));
        for v in [e.total_cost_usd, e.gpu_hours, e.duration_days, e.energy_kwh, e.co2_tonnes, e.compute_cost_usd] {
            prop_assert!(v.is_finite() && v >= 0.0);
        }
    }

    #[test]
    fn rental_cost_is_linear_in_gpu_count_and_hours(
        gpu in gpu_id(), n in 1u32..500_000, days in 0.01f64..1800.0, k in 1u32..3, price in 0.01f64..100.0,
    ) {
        let base = ScenarioInput {
            pricing: Some(Pricing::rental(Some(price))),
            ..ScenarioInput::new(gpu, f64::from(n), days)
        };
        let c1 = evaluate(&base).unwrap().total_cost_usd;
        let more_gpus = ScenarioInput { gpu_count: Some(f64::from(n * k)), ..base.clone() };
        let longer = ScenarioInput { duration_days: Some(days * f64::from(k)), ..base.clone() };
        prop_assert!(rel_close(evaluate(&more_gpus).unwrap().total_cost_usd, c1 * f64::from(k), 1e-12));
        prop_assert!(rel_close(evaluate(&longer).unwrap().total_cost_usd, c1 * f64::from(k), 1e-12));
        prop_assert!(rel_close(c1, f64::from(n) * days * 24.0 * price, 1e-12));
    }

    #[test]
    fn cost_is_monotone_in_price(
        gpu in gpu_id(), n in 1u32..100_000, days in 0.01f64..3650.0, p1 in 0.0f64..1000.0, p2 in 0.0f64..1000.0,
    ) {
        let at = |p: f64| evaluate(&ScenarioInput {
            pricing: Some(Pricing::rental(Some(p))),
            ..ScenarioInput::new(gpu, f64::from(n), days)
        }).unwrap().total_cost_usd;
        let (lo, hi) = if p1 <= p2 { (p1, p2) } else { (p2, p1) };
        prop_assert!(at(lo) <= at(hi));
    }

    #[test]
    fn solving_duration_then_mfu_returns_the_stated_mfu(
        gpu in gpu_id(), n in 1u32..100_000, params in 1e8f64..1e12, tokens in 1e9f64..2e13, mfu in 0.001f64..=1.0,
    ) {
        let workload = Workload { active_params: params, tokens, flops_per_param_token: None, precision: None };
        let solve = ScenarioInput {
            duration_days: None,
            mfu: Some(mfu),
            workload: Some(workload.clone()),
            ..ScenarioInput::new(gpu, f64::from(n), 1.0)
        };
        let solved = evaluate(&solve).unwrap();
        prop_assert_eq!(solved.solved_for, Solved::Duration);
        prop_assume!(solved.duration_days >= limits::DURATION_DAYS.0 && solved.duration_days <= limits::DURATION_DAYS.1);
        let check = ScenarioInput {
            duration_days: Some(solved.duration_days),
            mfu: None,
            workload: Some(workload),
            ..ScenarioInput::new(gpu, f64::from(n), 1.0)
        };
        let checked = evaluate(&check).unwrap();
        prop_assert!(rel_close(checked.implied_mfu.unwrap(), mfu, 1e-9));
    }

    #[test]
    fn solved_gpu_count_finishes_in_time(
        gpu in gpu_id(), days in 1.0f64..365.0, params in 1e8f64..1e12, tokens in 1e9f64..2e13, mfu in 0.01f64..=1.0,
    ) {
        let s = ScenarioInput {
            gpu_count: None,
            mfu: Some(mfu),
            workload: Some(Workload { active_params: params, tokens, flops_per_param_token: None, precision: None }),
            ..ScenarioInput::new(gpu, 1.0, days)
        };
        let e = evaluate(&s).unwrap();
        prop_assert_eq!(e.solved_for, Solved::GpuCount);
        prop_assert!(e.gpu_count.fract() == 0.0 && e.gpu_count >= 1.0);
        // Whole GPUs at the stated MFU deliver at least the work in the time.
        prop_assert!(e.implied_mfu.unwrap() <= mfu * (1.0 + 1e-9));
    }
}

/// Issue 11: every claimed figure is set against the computed one, the largest gap named.
#[test]
fn a_claim_is_checked_figure_by_figure() {
    let s: ScenarioInput = costscope_core::error::from_json_str(
        r#"{"gpu": "H800", "gpu_count": 2000, "duration_days": 60,
            "pricing": {"mode": "rental", "usd_per_gpu_hour": 2},
            "workload": {"active_params": 37e9, "tokens": 14.8e12},
            "claim": {"total_cost_usd": 5.5e6, "gpu_hours": 2.88e6}}"#,
    )
    .unwrap();
    let c = evaluate(&s).unwrap().claim_check.unwrap();
    assert_eq!(c.figures.len(), 2);
    let cost = &c.figures[0];
    assert_eq!(
        (cost.figure.as_str(), cost.claimed),
        ("total_cost_usd", 5.5e6)
    );
    assert!((cost.computed - 5.76e6).abs() < 1e-6);
    assert!((cost.gap - (5.76 / 5.5 - 1.0)).abs() < 1e-12);
    assert_eq!(c.figures[1].gap, 0.0);
    let m = c.figures_message.unwrap();
    assert_eq!(
        m,
        "2,000 H800 × 60 days at $2.00/GPU-h cost $5.76 M, 4.73 % above the claimed $5.50 M."
    );
    // A gap in the duration names the days once, as the figure.
    let days: ScenarioInput = costscope_core::error::from_json_str(
        r#"{"gpu": "H800", "gpu_count": 2000, "duration_days": 60,
            "pricing": {"mode": "rental", "usd_per_gpu_hour": 2},
            "workload": {"active_params": 37e9, "tokens": 14.8e12},
            "claim": {"duration_days": 50}}"#,
    )
    .unwrap();
    let m = evaluate(&days)
        .unwrap()
        .claim_check
        .unwrap()
        .figures_message;
    assert_eq!(
        m.as_deref(),
        Some("2,000 H800 at $2.00/GPU-h last 60 days, 20 % above the claimed 50 days.")
    );
    // A claimed figure out of range names its field.
    let bad: ScenarioInput = costscope_core::error::from_json_str(
        r#"{"gpu": "H800", "gpu_count": 8, "duration_days": 1, "claim": {"mfu": 2}}"#,
    )
    .unwrap();
    assert_eq!(evaluate(&bad).unwrap_err().field(), Some("claim.mfu"));
}
