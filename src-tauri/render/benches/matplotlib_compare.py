#!/usr/bin/env python3
"""Costscope's plotters exporter against matplotlib, on the same chart, side by side.

What it does, in one command (run from anywhere; paths are found from this file):
  1. builds the `costscope` CLI (debug is enough: it only writes the chart description) and
     writes the DeepSeek-V3 cost-vs-GPUs chart as JSON with
     `costscope chart cost-vs-gpus --file deepseek.json --format json --out chart.json`;
  2. runs `cargo bench -p costscope-render --bench render -- cost_vs_gpus` (criterion, release
     profile) and reads the medians criterion stores in
     target/criterion/render_1600x900/{png,svg}_cost_vs_gpus/new/estimates.json;
  3. draws the same chart description with matplotlib (Agg, no pyplot: a Figure and its
     canvas, like a server would) at 1600 × 900 pixels (16 × 9 in at 100 dpi) to PNG and to
     SVG in memory, each `--runs` times after two warm-up runs, and takes the medians;
  4. prints both, the ratio (matplotlib time / plotters time) and the budgets (PNG ≤ 10 ms,
     SVG ≤ 5 ms; and at least 10× faster than matplotlib), and with --json writes them to a file.

Both sides time the whole export of one chart: layout, drawing and encoding, from an in-memory
description to bytes in memory (no file I/O). matplotlib's figure is built inside the timed
loop, as plotters' is.

Usage:
  pip install matplotlib            # once
  python3 src-tauri/render/benches/matplotlib_compare.py [--runs 30] [--skip-bench]
      [--keep DIR]                  # also write both tools' PNG and SVG to DIR to compare
      [--json FILE]                 # the figures as JSON (dev.sh bench: tests/artifacts/render.json)
  --skip-bench reuses the criterion results of an earlier `cargo bench` run.
"""

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DEEPSEEK = {
    "gpu": "H800",
    "gpu_count": 2048,
    "gpu_hours": 2788000,
    "pricing": {"mode": "rental", "usd_per_gpu_hour": 2.0},
    "workload": {"active_params": 37e9, "tokens": 14.8e12},
}
BUDGET_MS = {"png": 10.0, "svg": 5.0}
MIN_RATIO = 10.0
# The light theme's colours (costscope-render/src/theme.rs), so the two images look alike.
# Cost, duration, then grey for any further series, as in the app (ui/src/lib/charts.ts).
SERIES = ["#2563EB", "#C2410C", "#94A3B8"]
RING = "#FFFFFF"


def run(cmd, **kw):
    return subprocess.run(cmd, cwd=ROOT, check=True, **kw)


def chart_json(work: Path) -> dict:
    run(["cargo", "build", "-q", "-p", "costscope-cli", "--bin", "costscope"])
    scenario = work / "deepseek.json"
    scenario.write_text(json.dumps(DEEPSEEK))
    out = work / "chart.json"
    env = dict(os.environ, COSTSCOPE_DB=str(work / "costscope.db"))
    run(
        [str(ROOT / "target" / "debug" / "costscope"), "chart", "cost-vs-gpus",
         "--file", str(scenario), "--format", "json", "--out", str(out)],
        env=env,
    )
    return json.loads(out.read_text())


def plotters_medians_ms(skip_bench: bool) -> dict:
    if not skip_bench:
        run(["cargo", "bench", "-q", "-p", "costscope-render", "--bench", "render", "--",
             "cost_vs_gpus"])
    base = ROOT / "target" / "criterion" / "render_1600x900"
    out = {}
    for fmt in ("png", "svg"):
        est = json.loads((base / f"{fmt}_cost_vs_gpus" / "new" / "estimates.json").read_text())
        out[fmt] = est["median"]["point_estimate"] / 1e6
    return out


# --- number formats as in costscope-core's format.rs / chart::format_value -----------------

def three_digits(v: float) -> str:
    if v == 0:
        return "0"
    r = float(f"{v:.3g}")
    a = abs(r)
    decimals = 0 if a >= 100 else 1 if a >= 10 else 2 if a >= 1 else 3
    text = f"{r:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def usd(v: float) -> str:
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(float(f"{v:.3g}")) >= scale:
            return f"${three_digits(v / scale)} {suffix}"
    return f"${round(v):,}"


def plain(v: float) -> str:
    if v == int(v):
        return f"{int(v):,}"
    return f"{v:,.3f}".rstrip("0").rstrip(".")


def format_value(unit: str, v: float) -> str:
    if unit == "usd":
        return usd(v)
    if unit == "days":
        return plain(round(v) if v >= 10 else round(v * 10) / 10)
    if unit == "count":
        return plain(round(v))
    if unit == "percent":
        return f"{three_digits(v * 100)} %"
    return plain(v)


# --- the matplotlib drawing --------------------------------------------------------------

def draw(chart: dict, fmt: str) -> bytes:
    from matplotlib.figure import Figure
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.ticker import FuncFormatter

    fig = Figure(figsize=(16, 9), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.07, 0.16, 0.86, 0.70))
    axes = [ax]
    if len(chart["y_axes"]) == 2:
        axes.append(ax.twinx())
    xa = chart["x_axis"]
    ax.set_xscale("log" if xa["scale"] == "log" else "linear")
    ax.set_xlabel(xa["label"], fontsize=14)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_value(xa["unit"], v)))
    for a, spec in zip(axes, chart["y_axes"]):
        a.set_yscale("log" if spec["scale"] == "log" else "linear")
        a.set_ylabel(spec["label"], fontsize=14)
        a.yaxis.set_major_formatter(
            FuncFormatter(lambda v, _, unit=spec["unit"]: format_value(unit, v)))
    handles = []
    for i, s in enumerate(chart["series"]):
        a = axes[min(s["y_axis"], len(axes) - 1)]
        xs = [p[0] for p in s["points"]]
        ys = [p[1] for p in s["points"]]
        (line,) = a.plot(xs, ys, color=SERIES[min(i, len(SERIES) - 1)], linewidth=3, label=s["name"])
        handles.append(line)
    axes[0].set_ylim(bottom=0)
    m = chart.get("marker")
    if m:
        a = axes[min(chart["series"][m["series"]]["y_axis"], len(axes) - 1)]
        colour = SERIES[min(m["series"], len(SERIES) - 1)]
        (dot,) = a.plot([m["x"]], [m["y"]], "o", color=colour, markersize=12,
                        markeredgecolor=RING, label="This scenario", zorder=5)
        handles.append(dot)
        a.annotate(m["label"], (m["x"], m["y"]), xytext=(14, 14), textcoords="offset points",
                   fontsize=12, bbox=dict(boxstyle="square", fc=RING, ec=colour),
                   parse_math=False)
    ax.grid(True, which="major", color="#E6E9EE")
    ax.grid(True, which="minor", axis="x", color="#F2F4F6")
    fig.text(0.02, 0.95, chart["title"], fontsize=22, va="top", parse_math=False)
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.02, 0.91), ncol=4,
               frameon=False, fontsize=13)
    fig.text(0.02, 0.02, chart["footnote"], fontsize=10, color="#8A929D", parse_math=False)
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt)
    return buf.getvalue()


def median_ms(fn, runs: int) -> float:
    for _ in range(2):
        fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--skip-bench", action="store_true")
    ap.add_argument("--keep", type=Path)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    try:
        import matplotlib
    except ImportError:
        print("matplotlib is missing: pip install matplotlib", file=sys.stderr)
        return 2
    matplotlib.use("Agg")

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        chart = chart_json(work)
        points = sum(len(s["points"]) for s in chart["series"])
        plotters = plotters_medians_ms(args.skip_bench)
        mpl = {fmt: median_ms(lambda fmt=fmt: draw(chart, fmt), args.runs)
               for fmt in ("png", "svg")}
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for fmt in ("png", "svg"):
                (args.keep / f"matplotlib-cost-vs-gpus.{fmt}").write_bytes(draw(chart, fmt))
                env = dict(os.environ, COSTSCOPE_DB=str(work / "costscope.db"))
                run([str(ROOT / "target" / "debug" / "costscope"), "chart", "cost-vs-gpus",
                     "--file", str(work / "deepseek.json"), "--format", fmt,
                     "--out", str(args.keep / f"plotters-cost-vs-gpus.{fmt}")], env=env)

    print()
    print(f"cost-vs-GPUs chart of DeepSeek-V3, 1600 x 900, {len(chart['series'])} series, "
          f"{points} points; medians (plotters: criterion; matplotlib {matplotlib.__version__}: "
          f"{args.runs} runs)")
    print(f"{'format':<7}{'plotters':>12}{'matplotlib':>13}{'ratio':>9}{'budget':>10}")
    for fmt in ("png", "svg"):
        p, m = plotters[fmt], mpl[fmt]
        verdict = "ok" if p <= BUDGET_MS[fmt] else "OVER"
        print(f"{fmt:<7}{p:>10.2f}ms{m:>11.1f}ms{m / p:>8.0f}x"
              f"{BUDGET_MS[fmt]:>7.0f} ms {verdict}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({
            "chart": "cost-vs-gpus, DeepSeek-V3, 1600 x 900",
            "points": points,
            "matplotlib_version": matplotlib.__version__,
            "matplotlib_runs": args.runs,
            **{fmt: {"plotters_ms": plotters[fmt], "matplotlib_ms": mpl[fmt],
                     "ratio": mpl[fmt] / plotters[fmt], "budget_ms": BUDGET_MS[fmt]}
               for fmt in ("png", "svg")},
            "png_min_ratio": MIN_RATIO,
        }, indent=2))
    ok = all(plotters[f] <= BUDGET_MS[f] for f in ("png", "svg")) and mpl["png"] / plotters["png"] >= MIN_RATIO
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
