//! What a scenario's result looks like outside the app: the summary table (for the terminal and
//! the clipboard) and the result file (a scenario with its evaluated figures, as JSON).

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::format;
use crate::model::{evaluate, Evaluation, ScenarioInput};

pub const RESULT_FORMAT: &str = "costscope-result";
pub const RESULT_VERSION: u32 = 1;

/// One line of the summary: the figure as people read it and, where it is one number, the
/// number and its unit so that a spreadsheet can compute with it.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryRow {
    pub label: &'static str,
    pub text: String,
    pub value: Option<f64>,
    pub unit: &'static str,
}

fn row(label: &'static str, text: String, value: f64, unit: &'static str) -> SummaryRow {
    SummaryRow {
        label,
        text,
        value: Some(value),
        unit,
    }
}

fn note(label: &'static str, text: String) -> SummaryRow {
    SummaryRow {
        label,
        text,
        value: None,
        unit: "",
    }
}

/// The headline figures, then the cost breakdown, then the notes.
pub fn summary_rows(e: &Evaluation) -> Vec<SummaryRow> {
    let mut rows = vec![
        row(
            "Total cost",
            format::usd(e.total_cost_usd),
            e.total_cost_usd,
            "USD",
        ),
        row(
            "Hardware",
            format!("{} × {}", format::gpus(e.gpu_count), e.gpu),
            e.gpu_count,
            "GPUs",
        ),
        row(
            "Duration",
            format::days(e.duration_days),
            e.duration_days,
            "days",
        ),
        row(
            "GPU-hours",
            format::gpu_hours(e.gpu_hours),
            e.gpu_hours,
            "GPU-hours",
        ),
        row(
            "Energy",
            format::energy_kwh(e.energy_kwh),
            e.energy_kwh,
            "kWh",
        ),
        row(
            "CO2",
            format::co2_tonnes(e.co2_tonnes),
            e.co2_tonnes,
            "t CO2e",
        ),
    ];
    if let Some(f) = e.training_flops {
        rows.push(row("Training", format::flops(f), f, "FLOPs"));
    }
    if let Some(c) = &e.claim_check {
        rows.push(note("Claim check", c.message.clone()));
    } else if let Some(m) = e.implied_mfu {
        rows.push(row("MFU", format::percent(m), m * 100.0, "%"));
    }
    if let Some(p) = e.usd_per_million_tokens {
        rows.push(row("Per 1M tokens", format::usd(p), p, "USD"));
    }
    for item in &e.breakdown {
        rows.push(SummaryRow {
            label: "Cost item",
            text: format!("{}: {}", item.label, format::usd(item.usd)),
            value: Some(item.usd),
            unit: "USD",
        });
    }
    for w in &e.warnings {
        rows.push(note("Note", w.clone()));
    }
    rows
}

/// The summary for the terminal: one aligned line a figure (cost items left out; the CLI's JSON
/// has them).
pub fn summary_text(e: &Evaluation) -> String {
    let mut out = String::new();
    for r in summary_rows(e).iter().filter(|r| r.label != "Cost item") {
        out.push_str(&format!("{:<13} {}\n", format!("{}:", r.label), r.text));
    }
    out
}

/// Tabs and line breaks inside a cell would break the table when pasted.
fn cell(text: &str) -> String {
    text.replace(['\t', '\r', '\n'], " ")
}

/// The summary as tab-separated text with a header row: spreadsheets, documents and chat apps
/// all paste it as a table. Numbers are plain (no separators) so that spreadsheets compute.
pub fn summary_tsv(scenario_name: &str, e: &Evaluation) -> String {
    let mut out = format!(
        "Costscope: {}\nFigure\tValue\tNumber\tUnit\n",
        cell(scenario_name)
    );
    for r in summary_rows(e) {
        let number = r.value.map(|v| format!("{v}")).unwrap_or_default();
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\n",
            r.label,
            cell(&r.text),
            number,
            r.unit
        ));
    }
    out
}

fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The summary as an HTML table: word processors and mail paste it as a formatted table.
pub fn summary_html(scenario_name: &str, e: &Evaluation) -> String {
    let mut out = format!(
        "<table><caption>Costscope: {}</caption>\n<thead><tr><th>Figure</th><th>Value</th></tr></thead>\n<tbody>\n",
        escape_html(scenario_name)
    );
    for r in summary_rows(e) {
        out.push_str(&format!(
            "<tr><td>{}</td><td>{}</td></tr>\n",
            escape_html(r.label),
            escape_html(&r.text)
        ));
    }
    out.push_str("</tbody></table>\n");
    out
}

/// The most scenarios one comparison shows side by side (defined in `crate::limits`).
pub use crate::limits::COMPARE_MAX;

/// Scenarios side by side: one column a scenario, one row a figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Comparison {
    pub names: Vec<String>,
    pub rows: Vec<ComparisonRow>,
    /// Which lowest figures are marked, and why, in one sentence for people.
    pub marked: String,
}

/// Whether every column trains the same workload (equal training FLOPs): only then is the
/// cheapest or fastest run the better choice; otherwise only cost per million tokens compares.
fn same_workload(columns: &[(String, Evaluation)]) -> bool {
    let flops: Vec<Option<f64>> = columns.iter().map(|(_, e)| e.training_flops).collect();
    match flops.first().copied().flatten() {
        Some(first) => flops
            .iter()
            .all(|f| f.is_some_and(|f| (f - first).abs() <= 1e-9 * first.abs())),
        None => false,
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ComparisonRow {
    pub label: String,
    /// The unit of the cells' numbers ("" when the row is text).
    pub unit: String,
    pub cells: Vec<ComparisonCell>,
    /// The column with the smallest number, for rows where less is better (cost, time, energy).
    pub least: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ComparisonCell {
    /// As people read it ("$5.58 M"); "—" where the figure does not apply.
    pub text: String,
    /// The plain number, where the cell is one (for spreadsheets).
    pub value: Option<f64>,
}

fn pricing_text(e: &Evaluation) -> String {
    let a = &e.assumptions;
    match a.pricing_mode {
        crate::model::PricingMode::Rental => format!(
            "rented at {}/GPU-h",
            format::usd(a.usd_per_gpu_hour.unwrap_or(e.compute_usd_per_gpu_hour))
        ),
        crate::model::PricingMode::Owned => format!(
            "owned: {}/GPU over {} years",
            format::usd(a.usd_per_gpu.unwrap_or(0.0)),
            format::plain_number(a.lifetime_years.unwrap_or(0.0))
        ),
    }
}

fn verdict_word(v: crate::model::Verdict) -> &'static str {
    match v {
        crate::model::Verdict::Impossible => "Impossible",
        crate::model::Verdict::Optimistic => "Optimistic",
        crate::model::Verdict::Plausible => "Plausible",
        crate::model::Verdict::Low => "Low",
        crate::model::Verdict::Mismatch => "Mismatch",
    }
}

fn mfu_text(e: &Evaluation) -> (String, Option<f64>) {
    match (e.implied_mfu, e.stated_mfu) {
        (Some(m), _) if e.solved_for == crate::model::Solved::Mfu => {
            (format!("{} (implied)", format::percent(m)), Some(m * 100.0))
        }
        (_, Some(m)) => (format::percent(m), Some(m * 100.0)),
        (Some(m), None) => (format::percent(m), Some(m * 100.0)),
        (None, None) => ("—".into(), None),
    }
}

const PER_MILLION_TOKENS: &str = "Per 1M tokens";

/// The comparison of `columns` (a name and its evaluation each), in the order given. The lowest
/// of a figure is marked only among runs of the same workload (a cheaper run of a smaller model
/// is not the better choice); across workloads only the cost per million tokens is.
pub fn comparison(columns: &[(String, Evaluation)]) -> Comparison {
    type Figure = fn(&Evaluation) -> (String, Option<f64>);
    let figures: Vec<(&str, &str, bool, Figure)> = vec![
        ("GPU", "", false, |e| (e.gpu_name.clone(), None)),
        ("GPU count", "GPUs", false, |e| {
            (format::gpus(e.gpu_count), Some(e.gpu_count))
        }),
        ("Duration", "days", true, |e| {
            (format::days(e.duration_days), Some(e.duration_days))
        }),
        ("GPU-hours", "GPU-hours", true, |e| {
            (format::gpu_hours(e.gpu_hours), Some(e.gpu_hours))
        }),
        ("Pricing", "USD per GPU-hour", false, |e| {
            (pricing_text(e), Some(e.compute_usd_per_gpu_hour))
        }),
        ("Total cost", "USD", true, |e| {
            (format::usd(e.total_cost_usd), Some(e.total_cost_usd))
        }),
        ("With research", "USD", true, |e| {
            let m = e.assumptions.research_multiplier;
            let text = if m == 1.0 {
                format::usd(e.total_with_research_usd)
            } else {
                format!(
                    "{} (×{})",
                    format::usd(e.total_with_research_usd),
                    format::plain_number(m)
                )
            };
            (text, Some(e.total_with_research_usd))
        }),
        ("Other costs", "USD", false, |e| {
            (format::usd(e.other_costs_usd), Some(e.other_costs_usd))
        }),
        ("Energy", "kWh", true, |e| {
            (format::energy_kwh(e.energy_kwh), Some(e.energy_kwh))
        }),
        ("CO2", "t CO2e", true, |e| {
            (format::co2_tonnes(e.co2_tonnes), Some(e.co2_tonnes))
        }),
        ("MFU", "%", false, mfu_text),
        // The verdict alone: the MFU row above holds the number, the screen the sentence.
        ("Claim check", "", false, |e| match &e.claim_check {
            Some(c) => (verdict_word(c.verdict).into(), None),
            None => ("—".into(), None),
        }),
        (PER_MILLION_TOKENS, "USD", true, |e| {
            match e.usd_per_million_tokens {
                Some(v) => (format::usd(v), Some(v)),
                None => ("—".into(), None),
            }
        }),
        ("Training compute", "FLOPs", false, |e| {
            match e.training_flops {
                Some(v) => (format::flops(v), Some(v)),
                None => ("—".into(), None),
            }
        }),
    ];
    let same = same_workload(columns);
    let rows = figures
        .into_iter()
        .map(|(label, unit, less_is_better, figure)| {
            let less_is_better = less_is_better && (same || label == PER_MILLION_TOKENS);
            let cells: Vec<ComparisonCell> = columns
                .iter()
                .map(|(_, e)| {
                    let (text, value) = figure(e);
                    ComparisonCell { text, value }
                })
                .collect();
            // Only worth marking when there is a choice and the figures differ.
            let least = if less_is_better && cells.len() > 1 {
                let values: Vec<f64> = cells.iter().filter_map(|c| c.value).collect();
                let min = values.iter().copied().fold(f64::INFINITY, f64::min);
                let all_same = values.iter().all(|v| *v == min);
                if values.len() == cells.len() && !all_same {
                    cells.iter().position(|c| c.value == Some(min))
                } else {
                    None
                }
            } else {
                None
            };
            ComparisonRow {
                label: label.into(),
                unit: unit.into(),
                cells,
                least,
            }
        })
        .collect();
    let marked = if same {
        "Same workload in every scenario: the lowest cost, time, energy and emissions are marked."
    } else {
        "The scenarios train different workloads, so only the lowest cost per million tokens is marked."
    };
    Comparison {
        names: columns.iter().map(|(n, _)| n.clone()).collect(),
        rows,
        marked: marked.into(),
    }
}

/// The comparison as tab-separated text: a header of names, then one row a figure with its
/// unit and, per scenario, the plain number (or the text where the figure is not a number).
pub fn comparison_tsv(c: &Comparison) -> String {
    let mut out = String::from("Figure\tUnit");
    for n in &c.names {
        out.push('\t');
        out.push_str(&cell(n));
    }
    out.push('\n');
    for r in &c.rows {
        out.push_str(&format!("{}\t{}", r.label, r.unit));
        for x in &r.cells {
            out.push('\t');
            match x.value {
                Some(v) => out.push_str(&format!("{v}")),
                None => out.push_str(&cell(&x.text)),
            }
        }
        out.push('\n');
    }
    out
}

/// The comparison for the terminal: aligned columns of the figures as people read them.
pub fn comparison_text(c: &Comparison) -> String {
    let width = |t: &str| t.chars().count();
    let first = c.rows.iter().map(|r| width(&r.label)).max().unwrap_or(0);
    let widths: Vec<usize> = (0..c.names.len())
        .map(|i| {
            c.rows
                .iter()
                .filter_map(|r| r.cells.get(i))
                .map(|x| width(&x.text))
                .chain(std::iter::once(width(&c.names[i])))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |label: &str, cells: Vec<&str>| {
        let mut out = format!("{label:<first$}");
        for (text, w) in cells.iter().zip(&widths) {
            out.push_str(&format!("  {text:>w$}"));
        }
        out.trim_end().to_string() + "\n"
    };
    let mut out = line("", c.names.iter().map(String::as_str).collect());
    for r in &c.rows {
        out.push_str(&line(
            &r.label,
            r.cells.iter().map(|x| x.text.as_str()).collect(),
        ));
    }
    out
}

/// The comparison as an HTML table of the figures as people read them.
pub fn comparison_html(c: &Comparison) -> String {
    let mut out = String::from(
        "<table><caption>Costscope: scenarios compared</caption>\n<thead><tr><th>Figure</th>",
    );
    for n in &c.names {
        out.push_str(&format!("<th>{}</th>", escape_html(n)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for r in &c.rows {
        out.push_str(&format!("<tr><td>{}</td>", escape_html(&r.label)));
        for x in &r.cells {
            out.push_str(&format!("<td>{}</td>", escape_html(&x.text)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
    out
}

/// A scenario with its evaluated result, as exported from the app ("Export result as JSON").
/// The input is what `costscope eval` reads; the evaluation is what it prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultFile {
    pub format: String,
    pub version: u32,
    pub exported_at: String,
    pub name: String,
    pub hold: crate::analysis::Hold,
    pub input: ScenarioInput,
    pub evaluation: Evaluation,
}

impl ResultFile {
    /// Validates and evaluates `input`; invalid input gives its error, not a file.
    pub fn new(
        name: &str,
        input: &ScenarioInput,
        hold: crate::analysis::Hold,
        exported_at: String,
    ) -> Result<ResultFile> {
        Ok(ResultFile {
            format: RESULT_FORMAT.into(),
            version: RESULT_VERSION,
            exported_at,
            name: name.trim().to_string(),
            hold,
            input: input.clone(),
            evaluation: evaluate(input)?,
        })
    }

    /// The file's text: indented JSON ending in a newline.
    pub fn to_json(&self) -> Result<String> {
        crate::format::json_text(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Hold;

    fn deepseek() -> ScenarioInput {
        crate::presets::named("DeepSeek-V3 (as reported)")
            .unwrap()
            .input
            .clone()
    }

    #[test]
    fn lowest_is_marked_only_among_runs_of_the_same_workload() {
        let base = deepseek();
        let mut more = base.clone();
        more.pricing = Some(crate::model::Pricing::rental(Some(3.0)));
        let ev = |s: &ScenarioInput| crate::model::evaluate(s).unwrap();
        let total = |c: &Comparison| {
            c.rows
                .iter()
                .find(|r| r.label == "Total cost")
                .unwrap()
                .least
        };
        let same = comparison(&[("a".into(), ev(&base)), ("b".into(), ev(&more))]);
        assert_eq!(total(&same), Some(0));
        assert!(same.marked.starts_with("Same workload"));
        let mut smaller = base.clone();
        if let Some(w) = smaller.workload.as_mut() {
            w.tokens /= 10.0;
        }
        smaller.pricing = Some(crate::model::Pricing::rental(Some(1.0)));
        let mixed = comparison(&[("a".into(), ev(&base)), ("b".into(), ev(&smaller))]);
        assert_eq!(
            total(&mixed),
            None,
            "a smaller model is not the better choice"
        );
        let per_token = mixed
            .rows
            .iter()
            .find(|r| r.label == "Per 1M tokens")
            .unwrap();
        assert!(per_token.least.is_some());
        assert!(mixed.marked.contains("different workloads"));
    }

    #[test]
    fn tsv_has_a_header_and_one_row_a_figure_with_plain_numbers() {
        let e = evaluate(&deepseek()).unwrap();
        let tsv = summary_tsv("DeepSeek\tV3", &e);
        let lines: Vec<&str> = tsv.lines().collect();
        assert_eq!(lines[0], "Costscope: DeepSeek V3");
        assert_eq!(lines[1], "Figure\tValue\tNumber\tUnit");
        for l in &lines[1..] {
            assert_eq!(l.split('\t').count(), 4, "{l}");
        }
        let total: Vec<&str> = lines[2].split('\t').collect();
        assert_eq!(total[0], "Total cost");
        assert_eq!(total[1], "$5.58 M");
        assert_eq!(total[2].parse::<f64>().unwrap(), e.total_cost_usd);
        let items: f64 = lines
            .iter()
            .filter(|l| l.starts_with("Cost item\t"))
            .map(|l| l.split('\t').nth(2).unwrap().parse::<f64>().unwrap())
            .sum();
        assert!((items - e.total_cost_usd).abs() < 1e-6 * e.total_cost_usd);
    }

    #[test]
    fn html_summary_escapes_names() {
        let e = evaluate(&deepseek()).unwrap();
        let html = summary_html("<b>A&B</b>", &e);
        assert!(
            html.contains("Costscope: &lt;b&gt;A&amp;B&lt;/b&gt;"),
            "{html}"
        );
        assert!(
            html.contains("<td>Total cost</td><td>$5.58 M</td>"),
            "{html}"
        );
        assert_eq!(html.matches("<tr>").count(), summary_rows(&e).len() + 1);
    }

    #[test]
    fn text_summary_aligns_labels() {
        let e = evaluate(&deepseek()).unwrap();
        let text = summary_text(&e);
        assert!(text.contains("Total cost:   $5.58 M\n"), "{text}");
        assert!(text.contains("Duration:     56.7 days\n"), "{text}");
        assert!(!text.contains("Cost item"), "{text}");
    }

    #[test]
    fn result_file_round_trips_and_refuses_bad_input() {
        let input = deepseek();
        let file = ResultFile::new(" V3 ", &input, Hold::Work, "2026-11-29".into()).unwrap();
        assert_eq!(file.name, "V3");
        let back: ResultFile = serde_json::from_str(&file.to_json().unwrap()).unwrap();
        assert_eq!(back, file);
        let mut bad = input;
        bad.gpu_count = Some(-5.0);
        let err = ResultFile::new("x", &bad, Hold::Work, String::new()).unwrap_err();
        assert!(err.to_string().contains("gpu_count"), "{err}");
    }
}
