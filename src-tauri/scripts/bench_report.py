#!/usr/bin/env python3
"""Collects what `dev.sh bench` measured into tests/artifacts/bench.json and prints the budget
table: each figure with its budget and PASS or MISS (INFO: reported, no budget).

Inputs (all in tests/artifacts/, written by the benchmarks just before):
  perf.json     slider input to repaint, the paint floor of the same damage, own work per frame
  launch.json   the floor app and Costscope launched alternately: mapped, first paint, chart, memory
  memory.json   the process tree's memory before and after 1,000 slider moves
  cli_eval.json hyperfine's run of `costscope eval` on a preset, as a whole process
  render.json   plotters' PNG/SVG of the cost chart at 1600 x 900 against matplotlib
  squiggle.json `costscope uncertainty` (whole process) against Squiggle 0.10 (in-process) on the
                same 100,000-sample model (src-tauri/bench/squiggle/compare.mjs)
  mc_memory.json GNU time's peak RSS and time of a 10,000,000-sample `costscope uncertainty`
  sizes.json    the release binaries' sizes (stripped)
Criterion's own estimates (target/criterion/…/new/estimates.json) give the Monte Carlo's time.
A missing input is reported as a MISS naming the file, so a broken benchmark cannot pass.
"""

import json
import sys
from pathlib import Path

ART = Path(__file__).resolve().parents[2] / "tests" / "artifacts"


def load(name):
    try:
        return json.loads((ART / name).read_text())
    except (OSError, ValueError):
        return None


rows = []


def row(group, figure, value, unit, budget_text, ok, note=""):
    """ok: True PASS, False MISS, None INFO (no budget)."""
    rows.append({
        "group": group, "figure": figure,
        "value": None if value is None else round(value, 3), "unit": unit,
        "budget": budget_text,
        "verdict": "INFO" if ok is None else ("PASS" if ok else "MISS"),
        "note": note,
    })


def missing(group, what, file):
    row(group, what, None, "", f"needs {file}", False, f"{file} is missing or unreadable")


def ratio(a, b):
    return a / b if a is not None and b else None


def check(value, limit):
    return value is not None and value <= limit


# --- slider to repaint ----------------------------------------------------------------------
perf = load("perf.json")
if perf:
    kind = perf.get("rendering", {}).get("kind", "?")
    gl = perf.get("rendering", {}).get("webgl_renderer", "?")
    floor = perf.get("paint_floor", {}).get("p95_ms")
    app = perf.get("p95_ms")
    g = f"Slider to repaint ({kind} rendering, WebGL: {gl})"
    row(g, "app frame p95", app, "ms", "≤ 1.5 × paint floor p95",
        check(ratio(app, floor), 1.5), f"floor p95 {floor or 0:.1f} ms → {ratio(app, floor) or 0:.2f} ×")
    row(g, "paint floor p95 (same damage, no IPC, no chart work)", floor, "ms", "", None)
    row(g, "app frame p50", perf.get("p50_ms"), "ms", "", None)
    own = perf.get("own_work_p95_ms")
    row(g, "app's own work per frame p95 (IPC + apply)", own, "ms", "≤ 6 ms", check(own, 6.0),
        f"p50 {perf.get('own_work_p50_ms') or 0:.1f} ms")
    # What the engine costs before the app adds anything: the IPC of a command with a tiny
    # answer, and a data-only ECharts redraw of plain charts the cost chart's size.
    row(g, "IPC floor p95 (a command with a tiny answer)", perf.get("ipc_floor_tiny_p95_ms"), "ms", "",
        None, f"p50 {perf.get('ipc_floor_tiny_p50_ms') or 0:.1f} ms")
    cf = perf.get("chart_floor", {}).get("mean_ms", {})
    for key, text, note in [
            ("line_no_axes", "a bare line", "200 points, no axes; mean of 100"),
            ("line_value_axes", "a line with axes", "the same with default value axes"),
            ("two_lines_log_x_two_y_axes", "the cost chart's shape", "two lines, log x, two y axes, no styling")]:
        row(g, f"ECharts redraw floor: {text}", cf.get(key), "ms", "", None, note)
    redraw = perf.get("gpu_count_slider", {}).get("chart_redraws", {}).get("chart-cost-vs-gpus", {}).get("mean_ms")
    shape = cf.get("two_lines_log_x_two_y_axes")
    row(g, "the cost chart's own redraw (GPU-count moves)", redraw, "ms", "", None,
        f"{ratio(redraw, shape) or 0:.2f} × the floor of its shape")
    if kind == "gpu":
        row(g, "app frame p95 (GPU compositing)", app, "ms", "≤ 16 ms", check(app, 16.0))
else:
    missing("Slider to repaint", "app frame, paint floor, own work", "perf.json")

# --- memory after 1,000 moves ---------------------------------------------------------------
mem = load("memory.json")
if mem:
    row("Memory", "growth after 1,000 slider moves (tree PSS)", mem.get("pss_growth_mb"), "MB",
        "≤ 10 MB", check(mem.get("pss_growth_mb"), 10.0),
        f"RSS growth {mem.get('rss_growth_mb', 0):.1f} MB")
    # Leak or warm-up: the growth over the last 750 moves, after 15 s idle, and after a full
    # garbage collection when JavaScriptCore allowed one.
    curve = ", ".join(f"{c['moves']}: {c['pss_mb']:.0f}" for c in mem.get("pss_by_moves", []))
    row("Memory", "growth over moves 250 → 1,000 (tree PSS)", mem.get("pss_growth_after_first_250_mb"),
        "MB", "", None, f"PSS MB by moves {curve}")
    row("Memory", "growth after 15 s more idle", mem.get("pss_growth_after_idle_mb"), "MB", "", None)
    row("Memory", "growth after a full garbage collection", mem.get("pss_growth_after_gc_mb"), "MB", "",
        None, "" if mem.get("garbage_collected") else "JavaScriptCore refused $vm.gc()")
else:
    missing("Memory", "growth after 1,000 slider moves", "memory.json")

# --- start-up and memory against the floor app -------------------------------------------------
launch = load("launch.json")
if launch:
    f, a = launch["floor"], launch["app"]
    med = lambda side, key: side.get(key, {}).get("median")
    n = launch.get("launches_each")
    g = f"Cold start and memory vs the floor app ({n} alternating launches each, medians)"
    fp = med(f, "first_paint_ms")
    for key, label, limit, base in [
        ("window_mapped_ms", "window mapped", None, "window_mapped_ms"),
        ("first_paint_ms", "first paint", 1.3, "first_paint_ms"),
        ("first_chart_ms", "first chart painted (vs floor's first paint)", 1.6, "first_paint_ms"),
    ]:
        v, b = med(a, key), med(f, base)
        r = ratio(v, b)
        row(g, label, v, "ms", f"≤ {limit} × floor" if limit else "", None if limit is None else check(r, limit),
            f"floor {b:.0f} ms → {r:.2f} ×" if r is not None else "not measured")
    for key, label, limit in [
        ("tree_pss_mb", "process tree PSS 5 s after launch", 1.15),
        ("tree_rss_mb", "process tree RSS 5 s after launch", None),
        ("web_process_pss_mb", "web process PSS", None),
    ]:
        v, b = med(a, key), med(f, key)
        r = ratio(v, b)
        row(g, label, v, "MB", f"≤ {limit} × floor" if limit else "", None if limit is None else check(r, limit),
            f"floor {b:.0f} MB → {r:.2f} ×" if r is not None else "not measured")
else:
    missing("Cold start and memory vs the floor app", "start-up and memory", "launch.json")

# --- binary size --------------------------------------------------------------------------------
sizes = load("sizes.json")
if sizes:
    mb = sizes["costscope-app"] / 1e6
    floor_mb = sizes.get("costscope-floor-app", 0) / 1e6
    row("Binary size", "release costscope-app (stripped)", mb, "MB", "≤ 10 MB", check(mb, 10.0),
        f"floor app {floor_mb:.1f} MB")
    if "costscope" in sizes:
        row("Binary size", "release costscope CLI (stripped)", sizes["costscope"] / 1e6, "MB", "", None)
else:
    missing("Binary size", "release costscope-app", "sizes.json")

# --- CLI and export ---------------------------------------------------------------------------
cli = load("cli_eval.json")
if cli:
    r = cli["results"][0]
    mean_ms, median_ms = r["mean"] * 1000, r["median"] * 1000
    row("CLI and export", "costscope eval of a preset, whole process (median)", median_ms, "ms",
        "≤ 5 ms", check(median_ms, 5.0), f"mean {mean_ms:.2f} ms over {len(r['times'])} runs (hyperfine)")
else:
    missing("CLI and export", "costscope eval", "cli_eval.json")
render = load("render.json")
if render:
    png = render["png"]
    row("CLI and export", "PNG of the cost chart at 1600 × 900 (plotters, median)", png["plotters_ms"], "ms",
        "≤ 10 ms", check(png["plotters_ms"], 10.0))
    row("CLI and export", "… faster than matplotlib in the same run", png["ratio"], "×", "≥ 10 ×",
        png["ratio"] >= 10.0, f"matplotlib {png['matplotlib_ms']:.1f} ms")
    row("CLI and export", "SVG of the same chart (plotters, median)", render["svg"]["plotters_ms"], "ms",
        "≤ 5 ms", check(render["svg"]["plotters_ms"], 5.0))
else:
    missing("CLI and export", "PNG export against matplotlib", "render.json")

# --- Monte Carlo against Squiggle (issue 11) ------------------------------------------------------
sq = load("squiggle.json")
if sq:
    g = "Monte Carlo (issue 11)"
    n = f"{sq['samples']:,}"
    sq_total, cs_total = sq["squiggle"]["figures"]["total_cost_usd"], sq["costscope"]["figures"]["total_cost_usd"]
    # Medians: Squiggle's program in-process over costscope's whole process (see compare.mjs). A
    # ratio between two different models would mean nothing, so the agreement counts too.
    row(g, f"Monte Carlo vs Squiggle, {n} samples: faster by", sq["ratio"], "×", f"≥ {sq['budget_ratio']:g} ×",
        sq["ratio"] >= sq["budget_ratio"] and sq["agree"],
        f"Squiggle {sq['squiggle']['version']} {sq['squiggle']['median_ms']:.0f} ms in-process, costscope "
        f"{sq['costscope']['median_ms']:.1f} ms whole process"
        + (f" (CPU {sq['squiggle']['cpu_median_ms']:.0f} / {sq['costscope']['cpu_mean_ms']:.1f} ms)"
           if sq["costscope"].get("cpu_mean_ms") is not None else "")
        + f"; load {sq['load_average']['before']:.1f} on "
        f"{sq['load_average']['cpus']} CPUs" + ("" if sq["agree"] else "; models DISAGREE"))
    worst = max(abs(v) for v in sq["total_cost_gap"].values()) * 100
    row(g, "… same total cost distribution (worst of p5/p50/p95)", worst, "%",
        f"≤ {sq['agree_within'] * 100:g} %", sq["agree"],
        f"p50 Squiggle ${sq_total['p50'] / 1e6:.3f} M, costscope ${cs_total['p50'] / 1e6:.3f} M")
else:
    missing("Monte Carlo (issue 11)", "Monte Carlo vs Squiggle", "squiggle.json")

ROOT = ART.parents[1]


def criterion_ms(group, bench):
    """The median of a criterion benchmark's last run, ms (None when it did not run)."""
    try:
        path = ROOT / "target" / "criterion" / group / bench / "new" / "estimates.json"
        return json.loads(path.read_text())["median"]["point_estimate"] / 1e6
    except (OSError, ValueError, KeyError):
        return None


g = "Monte Carlo (issue 11)"
mc_ms = criterion_ms("uncertainty", "100,000 samples, five ranged inputs")
if mc_ms is not None:
    row(g, "100,000 samples, five ranged inputs (criterion, median)", mc_ms, "ms", "≤ 20 ms",
        check(mc_ms, 20.0), "one core; src-tauri/core/benches/model.rs")
else:
    missing(g, "100,000 samples, five ranged inputs (criterion)", "target/criterion/uncertainty")
mem = load("mc_memory.json")
if mem:
    row(g, "10,000,000 samples: peak memory (max RSS)", mem["max_rss_kb"] / 1024, "MB", "≤ 200 MB",
        check(mem["max_rss_kb"] / 1024, 200.0), f"{mem['wall_s']:.1f} s wall")
else:
    missing(g, "10,000,000 samples: peak memory", "mc_memory.json")

report = {
    "rows": rows,
    "inputs": {name: load(name) for name in
               ("perf.json", "launch.json", "memory.json", "cli_eval.json", "render.json", "squiggle.json",
                "mc_memory.json", "sizes.json")},
}
ART.mkdir(parents=True, exist_ok=True)
(ART / "bench.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))

group = None
for r in rows:
    if r["group"] != group:
        group = r["group"]
        print(f"\n{group}")
    value = "—" if r["value"] is None else f"{r['value']:,.2f} {r['unit']}"
    print(f"  {r['verdict']:<5} {r['figure']:<56} {value:>14}  {r['budget']:<26} {r['note']}")
misses = sum(r["verdict"] == "MISS" for r in rows)
print(f"\n{len(rows)} figures, {misses} missed; all in {ART / 'bench.json'}")
sys.exit(0)
