// DEV ONLY — loaded by backend.ts when the page runs in a plain browser under `npm run dev`
// (no Tauri). It returns FIXED SHAPES so the layout can be looked at; it does not compute any
// cost (every figure below is a constant placeholder), and production builds never include it.
// Add `?dberror` to the URL to see the "database could not be opened" dialog.

import type { Chart } from '../bindings/Chart';
import type { ErrorPayload } from '../bindings/ErrorPayload';
import type { Evaluation } from '../bindings/Evaluation';
import type { Gpu } from '../bindings/Gpu';
import type { ScenarioInput } from '../bindings/ScenarioInput';
import type { ScenarioSummary } from '../bindings/ScenarioSummary';
import type { Screen } from '../bindings/Screen';
import type { SeekChoices } from '../bindings/SeekChoices';
import type { Startup } from '../bindings/Startup';
import type { StoredScenario } from '../bindings/StoredScenario';
import { LIMITS } from '../bindings/limits';

const src = { title: 'dev stub', url: 'https://example.invalid', date: '2026-01' };

function gpu(id: string, tflops: number, fp8: boolean): Gpu {
  return {
    id,
    name: id,
    vendor: 'dev',
    aliases: [],
    memory_gb: 80,
    memory_bandwidth_tb_s: 3,
    board_watts: 700,
    peak_dense_tflops: fp8 ? { bf16: tflops, fp16: tflops, fp8: tflops * 2 } : { bf16: tflops, fp16: tflops },
    usd_per_gpu_hour: 2,
    usd_per_gpu: 30000,
    sources: { specs: src, rental: src, purchase: src },
  };
}

/** Placeholder lists for the goal-seek dialog (the app gets the core's full lists at start-up). */
const DEV_SEEK: SeekChoices = {
  figures: [{ id: 'total_cost_usd', label: 'Total cost (dev stub)', unit: 'USD', needs_workload: false }],
  inputs: [{ id: 'usd_per_gpu_hour', label: 'Price per GPU-hour (dev stub)', unit: '$/GPU-h', needs_workload: false, min: 0, max: 1000 }],
};

const GPUS: Gpu[] = [gpu('A100', 312, false), gpu('H100', 989.4, true), gpu('H800', 989.4, true)];
/** The accelerators the dev stub's user added (kept for the page's life). */
let userGpus: Gpu[] = [];

let nextId = 3;
const stored: StoredScenario[] = [
  {
    id: 1,
    name: 'DeepSeek-V3 (as reported)',
    description: 'dev stub',
    origin: 'preset',
    input: {
      gpu: 'H800',
      gpu_count: 2048,
      gpu_hours: 2788000,
      pricing: { mode: 'rental', usd_per_gpu_hour: 2 },
      workload: { active_params: 37e9, tokens: 14.8e12, flops_per_param_token: 6, precision: 'bf16' },
    },
    total_cost_usd: 1_000_000,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    deleted_at: null,
  },
  {
    id: 2,
    name: 'Dev stub scenario',
    description: '',
    origin: 'user',
    input: { gpu: 'H100', gpu_count: 512, duration_days: 20 },
    total_cost_usd: 500_000,
    created_at: '2026-01-02T00:00:00Z',
    updated_at: '2026-01-02T00:00:00Z',
    deleted_at: null,
  },
];

function summary(s: StoredScenario): ScenarioSummary {
  return {
    id: s.id,
    name: s.name,
    gpu: s.input.gpu,
    origin: s.origin,
    total_cost_usd: s.total_cost_usd,
    updated_at: s.updated_at,
    deleted_at: s.deleted_at,
  };
}

/** A rejection shaped as the backend's (generated `ErrorPayload`). */
function fail(payload: ErrorPayload): never {
  throw payload;
}

function notFound(): never {
  fail({ kind: 'not_found', message: 'no such scenario (dev stub)', field: null });
}

/** Fixed placeholder figures; only the given count and days are echoed back. */
function fakeScreen(input: ScenarioInput, hold: 'work' | 'duration'): Screen {
  const { min, max } = LIMITS.accepted.gpu_count;
  if (input.gpu_count !== undefined && (input.gpu_count < min || input.gpu_count > max)) {
    fail({ kind: 'invalid', message: 'gpu_count out of range (dev stub)', field: 'gpu_count' });
  }
  const count = input.gpu_count ?? 1000;
  const days = input.duration_days ?? 50;
  const evaluation: Evaluation = {
    gpu: input.gpu,
    gpu_name: input.gpu,
    solved_for: input.workload ? 'mfu' : 'nothing',
    gpu_count: count,
    gpu_count_exact: null,
    duration_days: days,
    duration_hours: days * 24,
    gpu_hours: 1_000_000,
    peak_flop_per_s_per_gpu: 1e15,
    peak_flops: 1e25,
    training_flops: input.workload ? 3e24 : null,
    flops_delivered: null,
    stated_mfu: input.mfu ?? null,
    implied_mfu: input.workload ? 0.3 : null,
    claim_check: input.workload
      ? { verdict: 'plausible', implied_mfu: 0.3, stated_mfu: null, message: 'DEV STUB: fixed claim-check text.' }
      : null,
    compute_usd_per_gpu_hour: 2,
    compute_cost_usd: 1_000_000,
    energy_kwh: 1_000_000,
    energy_cost_usd: 80_000,
    energy_cost_in_total: input.pricing?.mode === 'owned',
    co2_tonnes: 400,
    other_costs_usd: 0,
    total_cost_usd: 1_000_000,
    total_with_research_usd: 1_000_000,
    usd_per_million_tokens: input.workload ? 0.5 : null,
    breakdown: [{ label: 'GPU rental (dev stub)', usd: 1_000_000 }],
    assumptions: {
      pricing_mode: input.pricing?.mode ?? 'rental',
      usd_per_gpu_hour: 2,
      usd_per_gpu: 30000,
      lifetime_years: LIMITS.defaults.lifetime_years,
      watts_per_gpu: 700,
      pue: LIMITS.defaults.pue,
      usd_per_kwh: LIMITS.defaults.usd_per_kwh,
      grid_g_co2_per_kwh: LIMITS.defaults.grid_g_co2_per_kwh,
      precision: 'bf16',
      flops_per_param_token: LIMITS.defaults.flops_per_param_token,
      research_multiplier: 1,
      scaling: null,
      reliability: null,
      server_overhead: null,
      interconnect_share: null,
    },
    warnings: ['Dev stub: every figure is a fixed placeholder.'],
    effective_mfu: null,
    goodput: 1,
    mtbi_hours: null,
    checkpoint_interval_minutes: null,
    interruptions_expected: 0,
    lost_gpu_hours: 0,
    stages: [],
    rent_vs_own: {
      rental_total_usd: 1_000_000,
      owned_total_usd: 500_000,
      cluster_purchase_usd: 30_000_000,
      break_even_utilisation: 0.5,
      usd_per_gpu_hour: 2,
      all_in_usd_per_gpu: 30000,
      lifetime_years: 4,
      summary: 'DEV STUB: fixed rent-vs-own line.',
    },
    compute_optimal: null,
  };
  const series = [1, 10, 100, 1000, 10000, 100000].map((n) => ({
    gpu_count: n,
    duration_days: hold === 'work' ? 100000 / n : days,
    total_cost_usd: hold === 'work' ? 1_000_000 : 100 * n,
    implied_mfu: null,
  }));
  const axis = (label: string, unit: Chart['x_axis']['unit'], scale: Chart['x_axis']['scale'], categories: string[] = []) => ({ label, unit, scale, categories });
  const saved = stored.filter((x) => !x.deleted_at && x.total_cost_usd !== null);
  const foot = 'DEV STUB · fixed placeholder figures · Costscope';
  const charts: Chart[] = [
    {
      kind: 'cost_vs_gpus',
      title: `Cost and time against GPU count (${hold === 'work' ? 'same work' : 'same deadline'}) — dev stub`,
      subtitle: hold === 'work' ? 'Holds the work (dev stub)' : 'Holds the deadline (dev stub)',
      x_axis: axis('GPUs (log scale)', 'count', 'log'),
      y_axes: [axis('Total cost (USD)', 'usd', 'linear'), axis('Duration (days, log scale)', 'days', 'log')],
      series: [
        { name: 'Total cost (USD)', y_axis: 0, style: 'line', points: series.map((p) => [p.gpu_count, p.total_cost_usd]), highlight: null },
        { name: 'Duration (days)', y_axis: 1, style: 'line', points: series.map((p) => [p.gpu_count, p.duration_days]), highlight: null },
      ],
      marker: { series: 0, x: count, y: evaluation.total_cost_usd, label: `${count} GPUs · dev stub` },
      footnote: foot,
    },
    {
      kind: 'breakdown',
      title: 'Cost breakdown — dev stub',
      subtitle: '',
      x_axis: axis('Cost item', 'none', 'category', ['GPU rental (dev stub)', 'Electricity (inside rental)']),
      y_axes: [axis('Cost (USD)', 'usd', 'linear')],
      series: [{ name: 'Cost (USD)', y_axis: 0, style: 'bar', points: [[0, 1_000_000], [1, 80_000]], highlight: null }],
      marker: null,
      footnote: foot,
    },
    {
      kind: 'compare',
      title: 'Saved scenarios compared',
      subtitle: '',
      x_axis: axis('Scenario', 'none', 'category', saved.map((x) => x.name)),
      y_axes: [axis('Total cost (USD)', 'usd', 'linear')],
      series: [{ name: 'Total cost (USD)', y_axis: 0, style: 'bar', points: saved.map((x, i) => [i, x.total_cost_usd ?? 0]), highlight: null }],
      marker: null,
      footnote: foot,
    },
  ];
  return { evaluation, hold, charts };
}

export async function devInvoke(cmd: string, args: Record<string, unknown> = {}): Promise<unknown> {
  await new Promise((r) => setTimeout(r, 2));
  const now = new Date().toISOString();
  const live = () => stored.filter((s) => !s.deleted_at).sort((a, b) => b.updated_at.localeCompare(a.updated_at));
  const byId = (id: unknown) => stored.find((s) => s.id === id) ?? notFound();
  switch (cmd) {
    case 'startup': {
      const broken = new URLSearchParams(location.search).has('dberror');
      return {
        db_path: '/home/dev/.local/share/costscope/costscope.db',
        db_error: broken
          ? { kind: 'database', message: 'The file is not a Costscope database (dev stub); it was left untouched.', field: null }
          : null,
        scenarios: broken ? [] : live().map(summary),
        presets: [],
        trash_days: 30,
        export_dir: null,
        open_files: [],
        seek: DEV_SEEK,
        ranges: [],
        user_gpus: userGpus,
      } satisfies Startup;
    }
    case 'open_database':
      return {
        db_path: String(args.path),
        db_error: null,
        scenarios: live().map(summary),
        presets: [],
        trash_days: 30,
        export_dir: null,
        open_files: [],
        seek: DEV_SEEK,
        ranges: [],
        user_gpus: userGpus,
      } satisfies Startup;
    case 'catalog':
      return GPUS;
    case 'add_accelerator': {
      const gpu = args.gpu as Gpu;
      if (!gpu.id.trim()) fail({ kind: 'invalid', message: 'id is required (1 to 40 characters)', field: 'id' });
      userGpus = [...userGpus.filter((g) => g.id !== gpu.id), gpu].sort((a, b) => a.id.localeCompare(b.id));
      return userGpus;
    }
    case 'remove_accelerator':
      userGpus = userGpus.filter((g) => g.id !== args.id);
      return userGpus;
    case 'screen':
      return fakeScreen(args.input as ScenarioInput, args.hold as 'work' | 'duration');
    case 'export_samples':
      return String(args.path);
    case 'start_range':
      return { low: 1, high: 4, distribution: 'lognormal' };
    case 'seek_scenario':
      fail({ kind: 'invalid', message: 'target: goal seek needs the app (dev stub)', field: 'target' });
    case 'list_scenarios': {
      const q = ((args.search as string | null) ?? '').toLowerCase();
      return live()
        .filter((s) => s.name.toLowerCase().includes(q))
        .map(summary);
    }
    case 'list_deleted':
      return stored.filter((s) => s.deleted_at).map(summary);
    case 'get_scenario':
      return byId(args.id);
    case 'save_scenario': {
      const name = String(args.name);
      const clash = live().find((s) => s.name === name);
      if (clash && !args.overwrite) fail({ kind: 'conflict', message: `a scenario named "${name}" exists`, field: 'name' });
      if (clash) clash.deleted_at = now;
      const s: StoredScenario = {
        id: nextId++,
        name,
        description: String(args.description ?? ''),
        origin: 'user',
        input: args.input as ScenarioInput,
        total_cost_usd: 1_000_000,
        created_at: now,
        updated_at: now,
        deleted_at: null,
      };
      stored.push(s);
      return s;
    }
    case 'update_scenario': {
      const s = byId(args.id);
      s.input = args.input as ScenarioInput;
      s.updated_at = now;
      return s;
    }
    case 'rename_scenario': {
      const s = byId(args.id);
      s.name = String(args.name);
      return s;
    }
    case 'duplicate_scenario': {
      const s = byId(args.id);
      const copy = { ...s, id: nextId++, name: (args.name as string | null) ?? `${s.name} (copy)`, origin: 'user' as const, created_at: now, updated_at: now };
      stored.push(copy);
      return copy;
    }
    case 'delete_scenario':
      byId(args.id).deleted_at = now;
      return null;
    case 'restore_scenario': {
      const s = byId(args.id);
      s.deleted_at = null;
      return s;
    }
    default:
      fail({ kind: 'internal', message: `unknown command ${cmd} (dev stub)`, field: null });
  }
}
