//! What a scenario's result looks like outside the app: the summary table (for the terminal and
//! the clipboard) and the result file (a scenario with its evaluated figures, as JSON).

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
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

    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string_pretty(self).map_err(|e| Error::internal(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Hold;

    fn deepseek() -> ScenarioInput {
        crate::presets::builtin()
            .unwrap()
            .iter()
            .find(|p| p.name.starts_with("DeepSeek-V3"))
            .unwrap()
            .input
            .clone()
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
