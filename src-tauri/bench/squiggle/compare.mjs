#!/usr/bin/env node
// Issue 11: the same Monte Carlo in Squiggle (@quri/squiggle-lang, in this process) and in
// Costscope (`costscope uncertainty`, as a whole process), with the same sample count, in one
// run; prints both times, both distributions of the total cost and the ratio (budget: Costscope
// at least 10× faster), and with `--json PATH` writes them for scripts/bench_report.py.
//
// The scenario is the criterion bench `uncertainty/100,000 samples, five ranged inputs`
// (src-tauri/core/benches/model.rs): DeepSeek-V3, its time solved from an MFU of 0.34 instead of
// given as GPU-hours, with ranges on price, MFU, PUE, electricity price and tokens. It starts
// from the preset itself, so it also has the preset's sourced scaling loss and interruptions,
// which the bench's hand-built input leaves out: a little more work per sample for Costscope.
// The preset comes from `costscope presets --json` and every default the model fills in (peak
// FLOP/s, board power, grid intensity, FLOPs per parameter-token) from `costscope eval` of it,
// so the Squiggle program restates the formulas, not the numbers.
//
// Usage: node compare.mjs [--costscope PATH] [--samples N] [--runs N] [--json PATH]
//                         [--no-realism] [--show-program]
// --no-realism drops the preset's scaling and reliability blocks: the criterion bench's input
// exactly (its hand-built DeepSeek-V3 has neither).

import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { defaultEnvironment, run as runSquiggle } from "@quri/squiggle-lang";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "../../..");
const SQUIGGLE_VERSION = JSON.parse(
  readFileSync(join(HERE, "node_modules/@quri/squiggle-lang/package.json"), "utf8"),
).version;

const BUDGET_RATIO = 10;
// p5/p50/p95 of two independent 100,000-sample runs differ by well under 1 %; 3 % still catches
// a formula that differs (a missing goodput or scaling factor moves the total by 3 % or more).
const AGREE_WITHIN = 0.03;
// An input is clipped to its allowed range in Squiggle too when the range's distribution comes
// within this many standard deviations of the limit; further out (under 3 in 10 million draws)
// the clip would change no sample and only add a per-sample function call to Squiggle's time.
const CLIP_WITHIN_SD = 5;
// z of the 95th percentile: low/high of a lognormal or normal range are its 5th/95th percentiles.
const Z95 = 1.6448536269514722;

// The ranges of the criterion bench, restated: that bench builds them in Rust, not as JSON.
const RANGES = {
  usd_per_gpu_hour: { low: 1.5, high: 3.0, distribution: "lognormal" },
  mfu: { low: 0.25, high: 0.45, distribution: "normal" },
  pue: { low: 1.05, high: 1.3, distribution: "lognormal" },
  usd_per_kwh: { low: 0.05, high: 0.15, distribution: "lognormal" },
  tokens: { low: 12e12, high: 18e12, distribution: "lognormal" },
};
const BENCH_MFU = 0.34;

function parseArgs(argv) {
  const opts = {
    costscope: join(process.env.CARGO_TARGET_DIR || join(ROOT, "target"), "release", "costscope"),
    samples: 100_000,
    runs: 11,
    json: null,
    showProgram: false,
    realism: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--costscope") opts.costscope = resolve(value());
    else if (a === "--samples") opts.samples = Number(value());
    else if (a === "--runs") opts.runs = Number(value());
    else if (a === "--json") opts.json = resolve(value());
    else if (a === "--show-program") opts.showProgram = true;
    else if (a === "--no-realism") opts.realism = false;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(opts.samples) || opts.samples < 100) throw new Error("--samples: a whole number ≥ 100");
  if (!Number.isInteger(opts.runs) || opts.runs < 1) throw new Error("--runs: a whole number ≥ 1");
  return opts;
}

function costscope(opts, env, args) {
  const r = spawnSync(opts.costscope, args, { encoding: "utf8", env, maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`${opts.costscope}: ${r.error.message} (build it: cargo build --release -p costscope-cli)`);
  if (r.status !== 0) throw new Error(`costscope ${args.join(" ")} exited ${r.status}: ${r.stderr.trim()}`);
  return r.stdout;
}

// The allowed ranges of inputs, from the bindings generated from src-tauri/core/src/limits.rs
// (the one place they are defined; the CLI does not print them).
function acceptedLimits() {
  const text = readFileSync(join(ROOT, "ui/src/bindings/limits.ts"), "utf8");
  const m = text.match(/export const LIMITS = (\{[\s\S]*\}) as const;/);
  if (!m) throw new Error("ui/src/bindings/limits.ts: no LIMITS object");
  return JSON.parse(m[1]).accepted;
}

// Numbers as Squiggle literals: JavaScript's shortest round-trip form, which Squiggle parses.
const lit = (x) => {
  if (!Number.isFinite(x)) throw new Error(`not a finite number: ${x}`);
  return String(x);
};

// Whether draws from `range` can land outside [min, max], to within CLIP_WITHIN_SD.
function mayLeave(range, { min, max }) {
  const { low, high, distribution } = range;
  if (distribution === "uniform") return low < min || high > max;
  const log = distribution === "lognormal";
  const f = log ? Math.log : (x) => x;
  const [lo, hi] = log ? [min > 0 ? Math.log(min) : -Infinity, Math.log(max)] : [min, max];
  const mid = 0.5 * (f(low) + f(high));
  const sd = (f(high) - f(low)) / (2 * Z95);
  return (mid - lo) / sd < CLIP_WITHIN_SD || (hi - mid) / sd < CLIP_WITHIN_SD;
}

function squiggleDist({ low, high, distribution }) {
  switch (distribution) {
    // Squiggle's {p5, p95} forms put low and high 1.645 standard deviations from the middle
    // (of the log for lognormal), as Costscope's sampler does.
    case "lognormal": return `lognormal({p5: ${lit(low)}, p95: ${lit(high)}})`;
    case "normal": return `normal({p5: ${lit(low)}, p95: ${lit(high)}})`;
    case "uniform": return `uniform(${lit(low)}, ${lit(high)})`;
    default: throw new Error(`unknown distribution ${distribution}`);
  }
}

// The Squiggle program for a rental scenario that solves its duration from tokens and MFU on a
// fixed GPU count, as src-tauri/core/src/model.rs (`Resolved::single`, `compute`) and
// realism.rs (`Scaling::factor`, `Reliability::at`) compute it. Anything else is refused rather
// than modelled wrongly. With `at`, each ranged input is that number instead of a distribution:
// the self-check against `costscope eval`.
function squiggleProgram(scenario, base, limits, at = null) {
  const a = base.assumptions;
  if (base.solved_for !== "duration") throw new Error(`the scenario solves for ${base.solved_for}; this program models a solved duration`);
  if (a.pricing_mode !== "rental") throw new Error("this program models rental pricing only");
  if (scenario.stages) throw new Error("this program models a run without stages");
  const names = Object.keys(RANGES).sort();
  const clipped = [];
  const ranged = {};
  for (const name of names) {
    const range = scenario.uncertainty[name];
    // Costscope clips each draw to what the input allows (PUE at least 1): so does this program
    // wherever a draw can get there.
    const expr = `SampleSet.fromDist(${squiggleDist(range)})`;
    if (at) {
      ranged[name] = lit(at[name]);
    } else if (mayLeave(range, limits[name])) {
      clipped.push(name);
      ranged[name] = `clip(${expr}, ${lit(limits[name].min)}, ${lit(limits[name].max)})`;
    } else {
      ranged[name] = expr;
    }
  }
  const s = a.scaling;
  const mfuFactor = s
    ? `(1 - ${lit(s.mfu_loss_per_doubling)}) ^ max(0, log2(n / ${lit(s.reference_gpu_count)}))`
    : "1";
  const r = a.reliability;
  let reliability = "goodput = 1";
  if (r) {
    const interval = r.checkpoint_interval_minutes == null
      ? "Math.sqrt(2 * saveHours * mtbiHours)"
      : `${lit(r.checkpoint_interval_minutes)} / 60`;
    // Young/Daly: the share of wall time that trains, after restarts, lost work and saves.
    const goodput = r.interruptions_per_1000_gpu_days === 0
      ? (r.checkpoint_interval_minutes == null ? "1" : "1 / (1 + saveHours / intervalHours)")
      : "(1 - (restartHours + intervalHours / 2) / mtbiHours) / (1 + saveHours / intervalHours)";
    reliability = [
      `mtbiHours = 24000 / (${lit(r.interruptions_per_1000_gpu_days)} * n)`,
      `saveHours = ${lit(r.checkpoint_save_minutes)} / 60`,
      `restartHours = ${lit(r.restart_minutes)} / 60`,
      `intervalHours = ${interval}`,
      `goodput = ${goodput}`,
    ].join("\n");
  }
  const other = scenario.other_costs ? scenario.other_costs.reduce((t, c) => t + c.usd, 0) : 0;
  const program = `// ${scenario.name}: generated by src-tauri/bench/squiggle/compare.mjs.
n = ${lit(base.gpu_count)}
peakFlopPerS = ${lit(base.peak_flop_per_s_per_gpu)}
activeParams = ${lit(scenario.workload.active_params)}
flopsPerParamToken = ${lit(a.flops_per_param_token)}
wattsPerGpu = ${lit(a.watts_per_gpu)}
gridGCo2PerKwh = ${lit(a.grid_g_co2_per_kwh)}
researchMultiplier = ${lit(a.research_multiplier)}
otherCostsUsd = ${lit(other)}
mfuFactor = ${mfuFactor}
${reliability}

clip(s, lo, hi) = SampleSet.map(s, {|x| min(max(x, lo), hi)})
${names.map((k) => `${camel(k)} = ${ranged[k]}`).join("\n")}

trainingFlops = flopsPerParamToken * activeParams * tokens
wallHours = trainingFlops / (n * peakFlopPerS * (mfu * mfuFactor)) / 3600 / goodput
gpuHours = n * wallHours
durationDays = wallHours / 24
energyKwh = gpuHours * (wattsPerGpu * pue / 1000)
// Renting, the electricity is in the price: its cost is computed, as Costscope does, but not
// in the total.
energyCostUsd = energyKwh * usdPerKwh
co2Tonnes = energyKwh * gridGCo2PerKwh / 1000000
computeCostUsd = gpuHours * usdPerGpuHour
totalCostUsd = computeCostUsd + otherCostsUsd
totalWithResearchUsd = computeCostUsd * researchMultiplier + otherCostsUsd
usdPerMillionTokens = totalCostUsd / (tokens / 1000000)

{
  total_cost_usd: totalCostUsd,
  total_with_research_usd: totalWithResearchUsd,
  duration_days: durationDays,
  gpu_hours: gpuHours,
  energy_kwh: energyKwh,
  co2_tonnes: co2Tonnes,
  usd_per_million_tokens: usdPerMillionTokens
}
`;
  return { program, clipped };
}

function camel(name) {
  return name.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
}

// Mean and 5th/50th/95th percentiles as Costscope's `Stats::of` takes them: one sort, then
// linear interpolation between order statistics (type 7).
function stats(samples) {
  const v = Float64Array.from(samples).sort();
  const n = v.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += v[i];
  const q = (p) => {
    const h = (n - 1) * p;
    const i = Math.floor(h);
    const j = Math.min(i + 1, n - 1);
    return v[i] + (h - i) * (v[j] - v[i]);
  };
  return { mean: sum / n, p5: q(0.05), p50: q(0.5), p95: q(0.95) };
}

// One Squiggle run, timed: the program (parse, compile, sample, evaluate) builds every figure's
// sample set; its time is what the ratio uses. Each set is then summarised here, in plain
// JavaScript, timed apart: Squiggle's own `quantile` sorts the samples again on every call (21
// sorts for 7 figures × 3 percentiles, over half of the run), which would time a missing cache
// rather than the Monte Carlo, and even one sort per figure in JavaScript is Costscope's whole
// summary again. Leaving it out of Squiggle's time only makes the ratio harder for Costscope,
// whose time includes its summary, its start and its JSON.
async function squiggleOnce(program, environment) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const out = await runSquiggle(program, { environment });
  const t1 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  if (!out.result.ok) throw new Error(`Squiggle: ${out.result.value.toString()}`);
  const figures = {};
  for (const [name, value] of out.result.value.result.value.entries()) {
    if (value.tag !== "Dist" || value.value.tag !== "SampleSet") {
      throw new Error(`Squiggle: ${name} is not a sample set (${value.toString()})`);
    }
    const samples = value.value.getSamples();
    if (samples.length !== environment.sampleCount) {
      throw new Error(`Squiggle: ${name} has ${samples.length} samples, not ${environment.sampleCount}`);
    }
    figures[name] = stats(samples);
  }
  return { ms: t1 - t0, cpuMs: (cpu.user + cpu.system) / 1000, summaryMs: performance.now() - t1, figures };
}

// The program's formulas at the scenario's own values (every range replaced by the number the
// evaluation used) against `costscope eval`'s figures: a formula written differently shows here
// as a gap far above floating-point dust, without the Monte Carlo's sampling noise around it.
async function checkFormulas(scenario, base, limits, name) {
  const a = base.assumptions;
  const at = {
    usd_per_gpu_hour: a.usd_per_gpu_hour,
    mfu: base.stated_mfu,
    pue: a.pue,
    usd_per_kwh: a.usd_per_kwh,
    tokens: scenario.workload.tokens,
  };
  const { program } = squiggleProgram({ ...scenario, name }, base, limits, at);
  const out = await runSquiggle(program);
  if (!out.result.ok) throw new Error(`Squiggle (at the base values): ${out.result.value.toString()}`);
  let worst = 0;
  for (const [figure, value] of out.result.value.result.value.entries()) {
    const gap = Math.abs(value.value / base[figure] - 1);
    if (!(gap <= 1e-12)) throw new Error(`Squiggle's ${figure} at the base values is ${value.value}, costscope eval's ${base[figure]}`);
    worst = Math.max(worst, gap);
  }
  return { at, worst_relative_gap: worst };
}

function costscopeOnce(opts, env, scenarioPath) {
  const args = ["uncertainty", "--samples", String(opts.samples), "--json", scenarioPath];
  const t0 = performance.now();
  const stdout = costscope(opts, env, args);
  const ms = performance.now() - t0;
  return { ms, result: JSON.parse(stdout) };
}

// CPU seconds of this process's waited-for children (Linux: /proc/self/stat's cutime + cstime,
// in 1/100 s), or null elsewhere. Read around all the costscope runs at once, so the tick's
// rounding is spread over them.
function childCpuMs() {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return null;
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
};

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const scratch = mkdtempSync(join(tmpdir(), "costscope-squiggle-"));
  try {
    // A scratch database: none of these commands should need one, and none may touch the user's.
    const env = { ...process.env, COSTSCOPE_DB: join(scratch, "costscope.db") };
    const presets = JSON.parse(costscope(opts, env, ["presets", "--json"]));
    const preset = presets.find((p) => p.name.startsWith("DeepSeek-V3"));
    if (!preset) throw new Error("no DeepSeek-V3 preset in costscope presets --json");
    const scenario = { ...preset.input, mfu: BENCH_MFU };
    delete scenario.gpu_hours;
    if (!opts.realism) {
      delete scenario.scaling;
      delete scenario.reliability;
    }
    const basePath = join(scratch, "base.json");
    writeFileSync(basePath, JSON.stringify(scenario));
    const base = JSON.parse(costscope(opts, env, ["eval", basePath]));
    scenario.uncertainty = RANGES;
    const scenarioPath = join(scratch, "scenario.json");
    writeFileSync(scenarioPath, JSON.stringify(scenario));

    const limits = acceptedLimits();
    const { program, clipped } = squiggleProgram({ ...scenario, name: preset.name }, base, limits);
    if (opts.showProgram) process.stdout.write(program + "\n");
    const environment = { ...defaultEnvironment, sampleCount: opts.samples };
    const check = await checkFormulas(scenario, base, limits, preset.name);

    // Warm-up: V8 compiles Squiggle's interpreter on the first run, and the first costscope
    // process pays for the page cache.
    let sq = await squiggleOnce(program, environment);
    let cs = costscopeOnce(opts, env, scenarioPath);
    // Alternating, so that load from elsewhere on the machine falls on both alike.
    const sqMs = [];
    const sqCpuMs = [];
    const sqSummaryMs = [];
    const csMs = [];
    const loadBefore = loadavg()[0];
    const childCpuBefore = childCpuMs();
    for (let i = 0; i < opts.runs; i++) {
      sq = await squiggleOnce(program, environment);
      sqMs.push(sq.ms);
      sqCpuMs.push(sq.cpuMs);
      sqSummaryMs.push(sq.summaryMs);
      cs = costscopeOnce(opts, env, scenarioPath);
      csMs.push(cs.ms);
    }
    const childCpuAfter = childCpuMs();
    const loadAfter = loadavg()[0];
    // What starting any process from this (by now large) Node process costs: part of every
    // costscope time above, reported so that a reader can see how much.
    const floorMs = [];
    for (let i = 0; i < opts.runs; i++) {
      const t0 = performance.now();
      costscope(opts, env, ["--version"]);
      floorMs.push(performance.now() - t0);
    }

    const squiggle = {
      best: Math.min(...sqMs),
      median: median(sqMs),
      cpu: median(sqCpuMs),
      summary: median(sqSummaryMs),
    };
    const costscopeMs = {
      best: Math.min(...csMs),
      median: median(csMs),
      cpu: childCpuBefore == null ? null : (childCpuAfter - childCpuBefore) / opts.runs,
      floor: median(floorMs),
    };
    // The verdict compares medians; Squiggle's best run against Costscope's median, the least
    // favourable pairing for Costscope, is printed beside it.
    const ratio = squiggle.median / costscopeMs.median;
    const ratioBest = squiggle.best / costscopeMs.median;
    const ratioWithSummary = (squiggle.median + squiggle.summary) / costscopeMs.median;
    const sqTotal = sq.figures.total_cost_usd;
    const csTotal = cs.result.figures.total_cost_usd;
    const gaps = Object.fromEntries(["p5", "p50", "p95"].map((p) => [p, sqTotal[p] / csTotal[p] - 1]));
    const agree = Object.values(gaps).every((g) => Math.abs(g) <= AGREE_WITHIN);
    const pass = ratio >= BUDGET_RATIO && agree;
    const cpus = availableParallelism();

    const usd = (x) => `$${(x / 1e6).toFixed(3)} M`;
    const ms = (x) => `${x.toFixed(1)} ms`;
    const row = (label, a, b) => console.log(`  ${label.padEnd(30)}${a.padStart(20)}${b.padStart(20)}`);
    console.log(`${opts.samples.toLocaleString("en-US")} samples of ${preset.name} with five ranged inputs` +
      `${opts.realism ? "" : ", without its scaling and reliability"}; ` +
      `${opts.runs} alternating runs each after one warm-up`);
    row("", `Squiggle ${SQUIGGLE_VERSION}`, "costscope");
    row("measured", "program, in-process", "whole process");
    row("time (median)", ms(squiggle.median), ms(costscopeMs.median));
    row("time (best)", ms(squiggle.best), ms(costscopeMs.best));
    // CPU time leaves out the waits for a CPU that load from elsewhere adds to both times.
    row("CPU time", `${ms(squiggle.cpu)} (median)`, costscopeMs.cpu == null ? "—" : `${ms(costscopeMs.cpu)} (mean)`);
    row("then summarising in JS", ms(squiggle.summary), "(included above)");
    row("process start (--version)", "", ms(costscopeMs.floor));
    for (const p of ["p5", "p50", "p95"]) {
      row(`total cost ${p}`, usd(sqTotal[p]), usd(csTotal[p]));
    }
    row("total cost mean", usd(sqTotal.mean), usd(csTotal.mean));
    console.log(`  formulas at the base values: every figure as costscope eval's (worst relative gap ${check.worst_relative_gap})`);
    console.log(`  inputs clipped to their allowed range: Squiggle ${clipped.join(", ") || "none"}; ` +
      `costscope ${JSON.stringify(cs.result.clipped_by_input)}`);
    console.log(`  gap Squiggle/costscope: ${Object.entries(gaps).map(([p, g]) => `${p} ${(100 * g).toFixed(2)} %`).join(", ")} ` +
      `(${agree ? "agree" : "DISAGREE"} within ${100 * AGREE_WITHIN} %)`);
    // Other work on the machine slows both sides, the short process more (it waits for a CPU
    // on every run): the load average says how far to trust the figures.
    console.log(`  load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)} on ${cpus} CPUs`);
    console.log(`  ${pass ? "PASS" : "MISS"} costscope ${ratio.toFixed(1)}× faster (median ÷ median; Squiggle's best ÷ ` +
      `costscope's median ${ratioBest.toFixed(1)}×, ` +
      `Squiggle with the JS summary ${ratioWithSummary.toFixed(1)}×); budget ≥ ${BUDGET_RATIO}×${agree ? "" : ", and the same distribution"}`);

    if (opts.json) {
      mkdirSync(dirname(opts.json), { recursive: true });
      writeFileSync(opts.json, JSON.stringify({
        scenario: preset.name,
        realism: opts.realism,
        samples: opts.samples,
        runs: opts.runs,
        squiggle: {
          version: SQUIGGLE_VERSION,
          node: process.version,
          measured: "the program (parse, compile, sample, evaluate), in-process after a warm-up run",
          median_ms: squiggle.median,
          best_ms: squiggle.best,
          times_ms: sqMs,
          cpu_median_ms: squiggle.cpu,
          summary_in_js_median_ms: squiggle.summary,
          clipped_inputs: clipped,
          figures: sq.figures,
        },
        costscope: {
          measured: `costscope uncertainty --samples ${opts.samples} --json SCENARIO, as a whole process`,
          median_ms: costscopeMs.median,
          best_ms: costscopeMs.best,
          times_ms: csMs,
          cpu_mean_ms: costscopeMs.cpu,
          process_start_median_ms: costscopeMs.floor,
          clipped_by_input: cs.result.clipped_by_input,
          figures: cs.result.figures,
        },
        load_average: { before: loadBefore, after: loadAfter, cpus },
        ratio,
        ratio_squiggle_best: ratioBest,
        ratio_with_js_summary: ratioWithSummary,
        budget_ratio: BUDGET_RATIO,
        formula_check: check,
        total_cost_gap: gaps,
        agree_within: AGREE_WITHIN,
        agree,
        pass,
        program,
        scenario_input: scenario,
      }, null, 2) + "\n");
      console.log(`  written to ${opts.json}`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`squiggle comparison: ${e.message}`);
  process.exit(1);
});
