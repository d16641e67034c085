//! Chart descriptions: the one source of truth for every chart. The UI draws a `Chart`
//! interactively (ECharts) and the exporter draws the same `Chart` with plotters, so what is
//! exported is what is on screen. Pure: the caller supplies the date for the footnote, and
//! `api` composes a scenario's charts (this module knows nothing of `api`).

use serde::{Deserialize, Serialize};

use crate::analysis::{GpuCountPoint, Hold};
use crate::format;
use crate::model::{Evaluation, PricingMode};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    /// Total cost and duration against GPU count, the current scenario marked.
    CostVsGpus,
    /// What the total is made of.
    Breakdown,
    /// Saved scenarios' totals side by side.
    Compare,
    /// What each stage of the run cost.
    CostByStage,
    /// Cost per GPU-hour in use, renting against owning, by utilisation; the break-even marked.
    RentVsOwn,
    /// With ranges on inputs: the share of the Monte Carlo's samples in each band of total cost.
    CostDistribution,
    /// With ranges on inputs: how far the total moves as each input goes from its low to its
    /// high, the others at their value, widest first.
    Tornado,
}

impl ChartKind {
    /// The charts of the main screen (and of `costscope chart all`).
    pub const ALL: [ChartKind; 3] = [
        ChartKind::CostVsGpus,
        ChartKind::Breakdown,
        ChartKind::Compare,
    ];
    /// Every chart the core can describe.
    pub const EVERY: [ChartKind; 7] = [
        ChartKind::CostVsGpus,
        ChartKind::Breakdown,
        ChartKind::Compare,
        ChartKind::CostByStage,
        ChartKind::RentVsOwn,
        ChartKind::CostDistribution,
        ChartKind::Tornado,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ChartKind::CostVsGpus => "cost_vs_gpus",
            ChartKind::Breakdown => "breakdown",
            ChartKind::Compare => "compare",
            ChartKind::CostByStage => "cost_by_stage",
            ChartKind::RentVsOwn => "rent_vs_own",
            ChartKind::CostDistribution => "cost_distribution",
            ChartKind::Tornado => "tornado",
        }
    }

    pub fn parse(s: &str) -> Option<ChartKind> {
        ChartKind::EVERY
            .into_iter()
            .find(|k| k.as_str() == s.trim().replace('-', "_"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    Linear,
    Log,
    /// Evenly spaced named categories (`Axis::categories`); a point's x is the category index.
    Category,
}

/// How an axis' numbers are written: the renderers format ticks with these rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// "$5.58 M"
    Usd,
    /// "56.7" (days)
    Days,
    /// "2,048"
    Count,
    /// "33 %" (a fraction)
    Percent,
    /// Whatever the categories say.
    None,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Axis {
    /// With the unit: "Total cost (USD)", "GPUs (log scale)".
    pub label: String,
    pub unit: Unit,
    pub scale: Scale,
    /// For `Scale::Category`: the names, in order.
    pub categories: Vec<String>,
    /// A numeric axis' ends and ticks, as every drawer uses them (`ticks::fit_axes`); absent on
    /// category charts and on descriptions from elsewhere (a drawer then fits its own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub ticks: Option<crate::ticks::Ticks>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum SeriesStyle {
    Line,
    Bar,
    /// Two consecutive `Band` series bound a shaded area: the first its low edge, the second its
    /// high edge, on the same x values (the cost chart's 90 % band over the ranges).
    Band,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Series {
    /// Legend entry, with the unit: "Total cost (USD)".
    pub name: String,
    /// Index into `Chart::y_axes`.
    pub y_axis: usize,
    pub style: SeriesStyle,
    /// (x, y) pairs; for category axes x is the category index.
    pub points: Vec<[f64; 2]>,
    /// Index of a point drawn highlighted (e.g. the current scenario among saved ones).
    pub highlight: Option<usize>,
}

/// The current scenario on a chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Marker {
    pub series: usize,
    pub x: f64,
    pub y: f64,
    /// "2,048 GPUs · $5.58 M"
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Chart {
    pub kind: ChartKind,
    pub title: String,
    /// One sentence under the title saying what the chart holds fixed, or empty.
    #[serde(default)]
    pub subtitle: String,
    pub x_axis: Axis,
    /// One or two value axes (left, then right).
    pub y_axes: Vec<Axis>,
    pub series: Vec<Series>,
    pub marker: Option<Marker>,
    /// The scenario name, the date and the key assumptions, printed under the chart.
    pub footnote: String,
}

/// A saved scenario's figures for the comparison chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ComparedScenario {
    pub name: String,
    pub total_cost_usd: f64,
}

/// How the user wants a chart drawn, as the app's export sheet sends it; `costscope-render`
/// checks it and turns it into its render options. The numbers are JSON numbers of any kind
/// so that 1e12 or -5 gets a sentence naming the field rather than a deserialisation error,
/// and the theme is checked there for the same reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(deny_unknown_fields)]
pub struct ChartLook {
    /// Logical width in pixels.
    pub width: f64,
    /// Logical height in pixels.
    pub height: f64,
    /// Pixel density: 1, or 2 for a "2×" image.
    pub scale: f64,
    /// `light` or `dark`.
    #[cfg_attr(feature = "ts", ts(type = "\"light\" | \"dark\""))]
    pub theme: String,
}

/// What every chart of one scenario needs besides its evaluation and series.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartContext<'a> {
    pub scenario_name: &'a str,
    /// ISO date for the footnote (the core has no clock).
    pub date: &'a str,
    pub compared: &'a [ComparedScenario],
}

/// An axis' ticks for `values` by its scale (`ticks`): log axes take the positive values, linear
/// ones (and a category scale read as linear) start at zero when `from_zero`, with `headroom`.
pub fn fit_ticks(
    scale: Scale,
    values: &[f64],
    from_zero: bool,
    headroom: f64,
) -> crate::ticks::Ticks {
    match scale {
        Scale::Log => crate::ticks::log(values),
        Scale::Linear | Scale::Category => crate::ticks::linear(values, from_zero, headroom),
    }
}

/// Fits the numeric axes of a chart with a numeric x axis to its series and marker: x spans the
/// data; each value axis starts at zero when linear, with room above for labels (more with
/// bars). Category charts keep their axes as they are (their bars are laid out by each drawer).
pub fn fit_axes(chart: &mut Chart) {
    if chart.x_axis.scale == Scale::Category {
        return;
    }
    let axes = chart.y_axes.len();
    let axis_of = |y_axis: usize| if y_axis < axes { y_axis } else { 0 };
    let mut xs: Vec<f64> = Vec::new();
    let mut ys: Vec<Vec<f64>> = vec![Vec::new(); axes.max(1)];
    for s in &chart.series {
        for p in &s.points {
            xs.push(p[0]);
            ys[axis_of(s.y_axis)].push(p[1]);
        }
    }
    if let Some(m) = &chart.marker {
        xs.push(m.x);
        let axis = chart.series.get(m.series).map_or(0, |s| axis_of(s.y_axis));
        ys[axis].push(m.y);
    }
    let has_bars = chart.series.iter().any(|s| s.style == SeriesStyle::Bar);
    let headroom = if has_bars { 0.12 } else { 0.06 };
    chart.x_axis.ticks = Some(fit_ticks(chart.x_axis.scale, &xs, false, 0.0));
    for (axis, values) in chart.y_axes.iter_mut().zip(&ys) {
        axis.ticks = Some(fit_ticks(axis.scale, values, true, headroom));
    }
}

/// Key assumptions in one line: "2,048 × H800 · rental $2/GPU-h · PUE 1.1 · $0.08/kWh".
pub fn assumptions_line(e: &Evaluation) -> String {
    let a = &e.assumptions;
    let pricing = match a.pricing_mode {
        PricingMode::Rental => format!(
            "rental ${}/GPU-h",
            format::plain_number(a.usd_per_gpu_hour.unwrap_or(0.0))
        ),
        PricingMode::Owned => format!(
            "owned {} per GPU over {} years",
            format::usd(a.usd_per_gpu.unwrap_or(0.0)),
            format::plain_number(a.lifetime_years.unwrap_or(0.0))
        ),
    };
    let mut parts = vec![
        format!("{} × {}", format::plain_number(e.gpu_count), e.gpu),
        format::days(e.duration_days),
        pricing,
        format!("PUE {}", format::plain_number(a.pue)),
        format!("${}/kWh", format::plain_number(a.usd_per_kwh)),
    ];
    if let Some(m) = e.implied_mfu {
        parts.push(format!("MFU {} ({})", format::percent(m), a.precision));
    }
    // Only when given, so a scenario without them keeps its line.
    if let Some(s) = a.scaling {
        parts.push(format!(
            "scaling −{}/doubling above {}",
            format::percent(s.mfu_loss_per_doubling),
            format::gpus(s.reference_gpu_count)
        ));
    }
    if let Some(r) = a.reliability {
        parts.push(format!(
            "{} interruptions/1,000 GPU-days, goodput {}",
            format::plain_number(r.interruptions_per_1000_gpu_days),
            format::percent(e.goodput)
        ));
    }
    parts.join(" · ")
}

fn footnote(ctx: &ChartContext<'_>, e: &Evaluation) -> String {
    format!(
        "{} · {} · {} · Costscope",
        ctx.scenario_name,
        ctx.date,
        assumptions_line(e)
    )
}

/// The chart of cost and days against GPU count: `series` is the sweep with `hold` fixed.
/// What the cost chart's shaded band is, in its subtitle and in an exported chart's legend.
pub const BAND_LABEL: &str = "90 % of the cost over the ranges";

/// With ranges, `band` holds the 90 % band of the cost along the sweep (empty without).
pub fn cost_vs_gpus(
    e: &Evaluation,
    hold: Hold,
    series: &[GpuCountPoint],
    band: &[crate::analysis::CostBandPoint],
    ctx: &ChartContext<'_>,
) -> Chart {
    let cost: Vec<[f64; 2]> = series
        .iter()
        .map(|p: &GpuCountPoint| [p.gpu_count, p.total_cost_usd])
        .collect();
    let days: Vec<[f64; 2]> = series
        .iter()
        .map(|p| [p.gpu_count, p.duration_days])
        .collect();
    let held = match hold {
        Hold::Work => "same work",
        Hold::Duration => "same deadline",
    };
    // The count that finishes soonest, when more GPUs stop helping (scaling loss, interruptions).
    let fastest = match hold {
        Hold::Work => crate::analysis::fastest_point(series),
        Hold::Duration => None,
    };
    // Each view says in words what it keeps, and what moves with the count.
    let subtitle = match hold {
        Hold::Work => format!(
            "Same work at every count ({} here): scale losses and interruptions add GPU-hours",
            format::gpu_hours(e.gpu_hours)
        ),
        Hold::Duration => format!(
            "Same deadline at every count ({}): more GPUs cost more, the implied MFU falls",
            format::days(e.duration_days)
        ),
    };
    let subtitle = if band.is_empty() {
        subtitle
    } else {
        format!("{subtitle}; shaded: {BAND_LABEL}")
    };
    let mut chart = Chart {
        kind: ChartKind::CostVsGpus,
        title: format!("Cost and time against GPU count ({held})"),
        subtitle,
        x_axis: Axis {
            label: "GPUs (log scale)".into(),
            unit: Unit::Count,
            scale: Scale::Log,
            categories: Vec::new(),
            ticks: None,
        },
        y_axes: vec![
            Axis {
                label: "Total cost (USD)".into(),
                unit: Unit::Usd,
                scale: Scale::Linear,
                categories: Vec::new(),
                ticks: None,
            },
            Axis {
                label: "Duration (days, log scale)".into(),
                unit: Unit::Days,
                scale: Scale::Log,
                categories: Vec::new(),
                ticks: None,
            },
        ],
        series: vec![
            Series {
                name: "Total cost (USD)".into(),
                y_axis: 0,
                style: SeriesStyle::Line,
                points: cost,
                highlight: fastest,
            },
            Series {
                name: "Duration (days)".into(),
                y_axis: 1,
                style: SeriesStyle::Line,
                points: days,
                highlight: fastest,
            },
        ],
        marker: Some(Marker {
            series: 0,
            x: e.gpu_count,
            y: e.total_cost_usd,
            label: format!(
                "{} · {} · {}",
                format::gpus(e.gpu_count),
                format::usd(e.total_cost_usd),
                format::days(e.duration_days)
            ),
        }),
        footnote: footnote(ctx, e),
    };
    if !band.is_empty() {
        let edge = |name: &str, at: fn(&crate::analysis::CostBandPoint) -> f64| Series {
            name: name.into(),
            y_axis: 0,
            style: SeriesStyle::Band,
            points: band.iter().map(|b| [b.gpu_count, at(b)]).collect(),
            highlight: None,
        };
        chart
            .series
            .push(edge("Total cost, 5th percentile (USD)", |b| b.p5_usd));
        chart
            .series
            .push(edge("Total cost, 95th percentile (USD)", |b| b.p95_usd));
    }
    fit_axes(&mut chart);
    chart
}

/// The chart of what the total is made of.
pub fn breakdown(e: &Evaluation, ctx: &ChartContext<'_>) -> Chart {
    let mut categories: Vec<String> = e.breakdown.iter().map(|c| c.label.clone()).collect();
    let mut points: Vec<[f64; 2]> = e
        .breakdown
        .iter()
        .enumerate()
        .map(|(i, c)| [i as f64, c.usd])
        .collect();
    if !e.energy_cost_in_total {
        // Renting: show the electricity inside the price for scale, but it is not added.
        categories.push("Electricity (inside rental)".into());
        points.push([points.len() as f64, e.energy_cost_usd]);
    }
    cost_bars(
        ChartKind::Breakdown,
        format!("Cost breakdown · total {}", format::usd(e.total_cost_usd)),
        "Cost item",
        categories,
        points,
        footnote(ctx, e),
    )
}

/// A bar chart of costs by category (the breakdown, cost by stage).
fn cost_bars(
    kind: ChartKind,
    title: String,
    x_label: &str,
    categories: Vec<String>,
    points: Vec<[f64; 2]>,
    footnote: String,
) -> Chart {
    Chart {
        kind,
        title,
        subtitle: String::new(),
        x_axis: Axis {
            label: x_label.into(),
            unit: Unit::None,
            scale: Scale::Category,
            categories,
            ticks: None,
        },
        y_axes: vec![Axis {
            label: "Cost (USD)".into(),
            unit: Unit::Usd,
            scale: Scale::Linear,
            categories: Vec::new(),
            ticks: None,
        }],
        series: vec![Series {
            name: "Cost (USD)".into(),
            y_axis: 0,
            style: SeriesStyle::Bar,
            points,
            highlight: None,
        }],
        marker: None,
        footnote,
    }
}

/// Saved scenarios side by side, the current one highlighted when it is among them.
pub fn compare(e: &Evaluation, ctx: &ChartContext<'_>) -> Chart {
    let categories: Vec<String> = ctx.compared.iter().map(|c| c.name.clone()).collect();
    let points = ctx
        .compared
        .iter()
        .enumerate()
        .map(|(i, c)| [i as f64, c.total_cost_usd])
        .collect();
    let highlight = ctx
        .compared
        .iter()
        .position(|c| c.name == ctx.scenario_name);
    Chart {
        kind: ChartKind::Compare,
        title: "Saved scenarios compared".into(),
        subtitle: String::new(),
        x_axis: Axis {
            label: "Scenario".into(),
            unit: Unit::None,
            scale: Scale::Category,
            categories,
            ticks: None,
        },
        y_axes: vec![Axis {
            label: "Total cost (USD)".into(),
            unit: Unit::Usd,
            scale: Scale::Linear,
            categories: Vec::new(),
            ticks: None,
        }],
        series: vec![Series {
            name: "Total cost (USD)".into(),
            y_axis: 0,
            style: SeriesStyle::Bar,
            points,
            highlight,
        }],
        marker: None,
        footnote: footnote(ctx, e),
    }
}

/// What each stage cost (one bar for the whole run without stages).
pub fn cost_by_stage(e: &Evaluation, ctx: &ChartContext<'_>) -> Chart {
    let (categories, values): (Vec<String>, Vec<f64>) = if e.stages.is_empty() {
        (
            vec!["Whole run".into()],
            vec![e.total_cost_usd - e.other_costs_usd],
        )
    } else {
        e.stages
            .iter()
            .map(|s| (s.label.clone(), s.total_cost_usd))
            .unzip()
    };
    let points = values
        .iter()
        .enumerate()
        .map(|(i, v)| [i as f64, *v])
        .collect();
    cost_bars(
        ChartKind::CostByStage,
        format!(
            "Cost by stage · compute {}",
            format::usd(values.iter().sum())
        ),
        "Stage",
        categories,
        points,
        footnote(ctx, e),
    )
}

/// Bands of the distribution chart: enough to show its shape, few enough to read each label.
const DISTRIBUTION_BANDS: usize = 12;

/// The share of the samples' total costs (`sorted_totals`, ascending) in each of equal-width
/// bands between the 1st and 99th percentile (the tails go into the end bands, so one extreme
/// draw does not squash the picture); `p5`, `p50`, `p95` are the Monte Carlo's and are named in
/// the subtitle.
pub fn cost_distribution(
    e: &Evaluation,
    sorted_totals: &[f64],
    (p5, p50, p95): (f64, f64, f64),
    samples_and_seed: (u64, u64),
    ctx: &ChartContext<'_>,
) -> Chart {
    let n = sorted_totals.len();
    let at = |q: f64| {
        if n == 0 {
            0.0
        } else {
            sorted_totals[((n - 1) as f64 * q).round() as usize]
        }
    };
    let (lo, hi) = (at(0.01), at(0.99));
    let width = (hi - lo) / DISTRIBUTION_BANDS as f64;
    let mut counts = [0usize; DISTRIBUTION_BANDS];
    for v in sorted_totals {
        let band = if width > 0.0 {
            (((v - lo) / width).floor().max(0.0) as usize).min(DISTRIBUTION_BANDS - 1)
        } else {
            0
        };
        counts[band] += 1;
    }
    let bands = if width > 0.0 { DISTRIBUTION_BANDS } else { 1 };
    let categories: Vec<String> = (0..bands)
        .map(|i| {
            let (a, b) = (lo + width * i as f64, lo + width * (i + 1) as f64);
            match i {
                0 if bands > 1 => format!("below {}", format::usd(b)),
                i if i + 1 == bands && bands > 1 => format!("{} and above", format::usd(a)),
                _ if bands == 1 => format::usd(lo),
                _ => format!("{} – {}", format::usd(a), format::usd(b)),
            }
        })
        .collect();
    let points = counts[..bands]
        .iter()
        .enumerate()
        .map(|(i, c)| [i as f64, *c as f64 / n.max(1) as f64])
        .collect();
    let (samples, seed) = samples_and_seed;
    let mut chart = Chart {
        kind: ChartKind::CostDistribution,
        title: format!(
            "Total cost over the ranges · 90 %: {} – {}",
            format::usd(p5),
            format::usd(p95)
        ),
        subtitle: format!(
            "{} samples (seed {seed}): 5th percentile {}, median {}, 95th percentile {}",
            format::plain_number(samples as f64),
            format::usd(p5),
            format::usd(p50),
            format::usd(p95)
        ),
        x_axis: Axis {
            label: "Total cost (USD)".into(),
            unit: Unit::None,
            scale: Scale::Category,
            categories,
            ticks: None,
        },
        y_axes: vec![Axis {
            label: "Share of samples".into(),
            unit: Unit::Percent,
            scale: Scale::Linear,
            categories: Vec::new(),
            ticks: None,
        }],
        series: vec![Series {
            name: "Share of samples".into(),
            y_axis: 0,
            style: SeriesStyle::Bar,
            points,
            highlight: None,
        }],
        marker: None,
        footnote: footnote(ctx, e),
    };
    fit_axes(&mut chart);
    chart
}

/// The tornado: one bar per ranged input, its length how far the total cost moves as the input
/// goes from its low to its high (`rows`: the input with its range, and the swing), widest first.
pub fn tornado(e: &Evaluation, rows: &[(String, f64)], ctx: &ChartContext<'_>) -> Chart {
    let mut chart = Chart {
        kind: ChartKind::Tornado,
        title: "Which range matters most".into(),
        subtitle: "How far the total cost moves as each input goes from its low to its high, the \
                   others at their value"
            .into(),
        x_axis: Axis {
            label: "Input (low – high)".into(),
            unit: Unit::None,
            scale: Scale::Category,
            categories: rows.iter().map(|(label, _)| label.clone()).collect(),
            ticks: None,
        },
        y_axes: vec![Axis {
            label: "Swing of the total cost (USD)".into(),
            unit: Unit::Usd,
            scale: Scale::Linear,
            categories: Vec::new(),
            ticks: None,
        }],
        series: vec![Series {
            name: "Swing of the total cost (USD)".into(),
            y_axis: 0,
            style: SeriesStyle::Bar,
            points: rows
                .iter()
                .enumerate()
                .map(|(i, (_, swing))| [i as f64, *swing])
                .collect(),
            highlight: None,
        }],
        marker: None,
        footnote: footnote(ctx, e),
    };
    fit_axes(&mut chart);
    chart
}

/// The charts that are not (yet) on the main screen, built from an evaluation alone: cost by
/// stage and rent vs own. None for the screen's own kinds (`api::screen` composes those).
pub fn beyond_the_screen(kind: ChartKind, e: &Evaluation, ctx: &ChartContext<'_>) -> Option<Chart> {
    match kind {
        ChartKind::CostByStage => Some(cost_by_stage(e, ctx)),
        ChartKind::RentVsOwn => Some(rent_vs_own(e, ctx)),
        ChartKind::CostVsGpus
        | ChartKind::Breakdown
        | ChartKind::Compare
        | ChartKind::CostDistribution
        | ChartKind::Tornado => None,
    }
}

/// Utilisations the rent-vs-own chart is drawn at (5 % to 100 %).
const UTILISATION_POINTS: usize = 20;

/// Cost of a GPU-hour in use against utilisation: owning spreads the purchase over the hours
/// used (all-in price / (life × 8,766 × u) + electricity), renting costs the same at any
/// utilisation; the lines cross at the break-even utilisation, which the marker shows.
pub fn rent_vs_own(e: &Evaluation, ctx: &ChartContext<'_>) -> Chart {
    let r = &e.rent_vs_own;
    let a = &e.assumptions;
    let amortised_per_hour =
        r.all_in_usd_per_gpu / (r.lifetime_years * crate::model::HOURS_PER_YEAR);
    let electricity = a.kwh_per_gpu_hour() * a.usd_per_kwh;
    let us: Vec<f64> = (1..=UTILISATION_POINTS)
        .map(|i| i as f64 / UTILISATION_POINTS as f64)
        .collect();
    let own = us
        .iter()
        .map(|&u| [u, amortised_per_hour / u + electricity])
        .collect();
    let rent = us.iter().map(|&u| [u, r.usd_per_gpu_hour]).collect();
    let marker = r
        .break_even_utilisation
        .filter(|u| *u > 0.0 && *u <= 1.0)
        .map(|u| Marker {
            series: 1,
            x: u,
            y: r.usd_per_gpu_hour,
            label: format!("owning pays above {} utilisation", format::percent(u)),
        });
    let mut chart = Chart {
        kind: ChartKind::RentVsOwn,
        title: "Rent or own: cost per GPU-hour in use".into(),
        subtitle: String::new(),
        x_axis: Axis {
            label: "Utilisation over the hardware's life (%)".into(),
            unit: Unit::Percent,
            scale: Scale::Linear,
            categories: Vec::new(),
            ticks: None,
        },
        y_axes: vec![Axis {
            label: "Cost per GPU-hour in use (USD)".into(),
            unit: Unit::Usd,
            scale: Scale::Log,
            categories: Vec::new(),
            ticks: None,
        }],
        series: vec![
            Series {
                name: "Rent (USD per GPU-hour)".into(),
                y_axis: 0,
                style: SeriesStyle::Line,
                points: rent,
                highlight: None,
            },
            Series {
                name: "Own, all-in (USD per GPU-hour)".into(),
                y_axis: 0,
                style: SeriesStyle::Line,
                points: own,
                highlight: None,
            },
        ],
        marker,
        footnote: footnote(ctx, e),
    };
    fit_axes(&mut chart);
    chart
}

/// An axis tick for an axis' unit, the same way on screen and in exports: money in short form
/// ("$2.5 M"), everything else as `format_value`.
pub fn format_tick(unit: Unit, v: f64) -> String {
    match unit {
        Unit::Usd => format::usd_tick(v),
        _ => format_value(unit, v),
    }
}

/// Formats a value for an axis' unit, the same way on screen and in exports.
pub fn format_value(unit: Unit, v: f64) -> String {
    match unit {
        Unit::Usd => format::usd(v),
        Unit::Days => format::plain_number(if v >= 10.0 {
            v.round()
        } else {
            (v * 10.0).round() / 10.0
        }),
        Unit::Count => format::plain_number(v.round()),
        Unit::Percent => format::percent(v),
        Unit::None => format::plain_number(v),
    }
}

/// The chart's series as CSV: one row per point, the units in the headers.
pub fn to_csv(chart: &Chart) -> String {
    let x_head = csv_field(&chart.x_axis.label);
    let mut out = String::new();
    if chart.x_axis.scale == Scale::Category {
        out.push_str(&x_head);
        for s in &chart.series {
            out.push(',');
            out.push_str(&csv_field(&s.name));
        }
        out.push('\n');
        for (i, name) in chart.x_axis.categories.iter().enumerate() {
            out.push_str(&csv_field(name));
            for s in &chart.series {
                out.push(',');
                if let Some(p) = s.points.iter().find(|p| p[0] as usize == i) {
                    out.push_str(&p[1].to_string());
                }
            }
            out.push('\n');
        }
        return out;
    }
    // Numeric x: series share x values here (all come from one sweep); join on x.
    let mut xs: Vec<f64> = chart
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p[0]))
        .collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup();
    out.push_str(&x_head);
    for s in &chart.series {
        out.push(',');
        out.push_str(&csv_field(&s.name));
    }
    out.push('\n');
    for x in xs {
        out.push_str(&x.to_string());
        for s in &chart.series {
            out.push(',');
            if let Some(p) = s.points.iter().find(|p| p[0] == x) {
                out.push_str(&p[1].to_string());
            }
        }
        out.push('\n');
    }
    out
}

/// Quotes a CSV field when needed (RFC 4180), and defuses spreadsheet formulas.
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::series_vs_gpu_count;
    use crate::catalog::{Catalog, Defaults};
    use crate::model::{evaluate, Pricing, ScenarioInput, Workload};

    /// The DeepSeek-V3 evaluation and its work-held series (which includes 2,048 GPUs).
    struct Deepseek {
        evaluation: Evaluation,
        series: Vec<GpuCountPoint>,
    }

    fn deepseek() -> Deepseek {
        let input = ScenarioInput {
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
        };
        let counts = [1.0, 64.0, 2048.0, 100_000.0];
        let (catalog, defaults) = (Catalog::builtin().unwrap(), Defaults::builtin().unwrap());
        Deepseek {
            evaluation: evaluate(&input).unwrap(),
            series: series_vs_gpu_count(&input, &counts, Hold::Work, catalog, defaults).unwrap(),
        }
    }

    fn cost_chart(s: &Deepseek, ctx: &ChartContext<'_>) -> Chart {
        cost_vs_gpus(&s.evaluation, Hold::Work, &s.series, &[], ctx)
    }

    fn ctx(compared: &[ComparedScenario]) -> ChartContext<'_> {
        ChartContext {
            scenario_name: "DeepSeek-V3",
            date: "2026-11-29",
            compared,
        }
    }

    #[test]
    fn cost_chart_marks_the_current_scenario_on_its_line() {
        let s = deepseek();
        let c = cost_chart(&s, &ctx(&[]));
        let m = c.marker.as_ref().unwrap();
        assert_eq!(m.x, 2048.0);
        assert!((m.y - 5_576_000.0).abs() < 1e-6);
        assert!(c.series[0]
            .points
            .iter()
            .any(|p| p[0] == 2048.0 && (p[1] - m.y).abs() < 1e-6));
        assert!(m.label.contains("$5.58 M"));
        assert!(c.footnote.contains("DeepSeek-V3") && c.footnote.contains("2026-11-29"));
        assert!(c.footnote.contains("rental $2/GPU-h"), "{}", c.footnote);
        assert_eq!(c.x_axis.scale, Scale::Log);
    }

    #[test]
    fn breakdown_shows_rental_electricity_apart() {
        let s = deepseek();
        let c = breakdown(&s.evaluation, &ctx(&[]));
        assert_eq!(
            c.x_axis.categories,
            ["GPU rental", "Electricity (inside rental)"]
        );
        assert!((c.series[0].points[0][1] - 5_576_000.0).abs() < 1e-6);
    }

    #[test]
    fn compare_highlights_the_current_scenario() {
        let s = deepseek();
        let compared = [
            ComparedScenario {
                name: "Llama".into(),
                total_cost_usd: 6e7,
            },
            ComparedScenario {
                name: "DeepSeek-V3".into(),
                total_cost_usd: 5_576_000.0,
            },
        ];
        let c = compare(&s.evaluation, &ctx(&compared));
        assert_eq!(c.series[0].highlight, Some(1));
        assert_eq!(c.x_axis.categories.len(), 2);
    }

    #[test]
    fn csv_has_units_in_headers_and_the_evaluated_numbers() {
        let s = deepseek();
        let csv = to_csv(&cost_chart(&s, &ctx(&[])));
        let mut lines = csv.lines();
        assert_eq!(
            lines.next().unwrap(),
            "GPUs (log scale),Total cost (USD),Duration (days)"
        );
        let row = csv.lines().find(|l| l.starts_with("2048,")).unwrap();
        let cells: Vec<f64> = row.split(',').map(|c| c.parse().unwrap()).collect();
        assert_eq!(cells[1], s.evaluation.total_cost_usd);
        assert_eq!(cells[2], s.evaluation.duration_days);
        let csv = to_csv(&breakdown(&s.evaluation, &ctx(&[])));
        assert!(
            csv.starts_with("Cost item,Cost (USD)\nGPU rental,5576000\n"),
            "{csv}"
        );
    }

    #[test]
    fn cost_by_stage_and_rent_vs_own() {
        let mut input = deepseek().evaluation;
        input.stages = vec![crate::realism::StageResult {
            label: "Pre-training".into(),
            gpu_count: 2048.0,
            gpu_hours: 1.0,
            duration_days: 1.0,
            total_cost_usd: 5.0,
            energy_kwh: 1.0,
        }];
        let c = cost_by_stage(&input, &ctx(&[]));
        assert_eq!(c.x_axis.categories, ["Pre-training"]);
        assert_eq!(c.series[0].points, vec![[0.0, 5.0]]);
        let e = deepseek().evaluation;
        let c = rent_vs_own(&e, &ctx(&[]));
        let m = c.marker.as_ref().expect("break-even marked");
        assert_eq!(Some(m.x), e.rent_vs_own.break_even_utilisation);
        // At the break-even the two lines meet.
        let own_at = |u: f64| {
            e.rent_vs_own.all_in_usd_per_gpu / (e.rent_vs_own.lifetime_years * 8_766.0) / u
                + e.assumptions.kwh_per_gpu_hour() * e.assumptions.usd_per_kwh
        };
        assert!((own_at(m.x) - m.y).abs() < 1e-9);
        assert_eq!(ChartKind::parse("rent-vs-own"), Some(ChartKind::RentVsOwn));
    }

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=cmd()"), "'=cmd()");
    }

    #[test]
    fn kinds_parse() {
        assert_eq!(
            ChartKind::parse("cost-vs-gpus"),
            Some(ChartKind::CostVsGpus)
        );
        assert_eq!(ChartKind::parse("compare"), Some(ChartKind::Compare));
        assert_eq!(ChartKind::parse("pie"), None);
    }
}
