// The editor's state ("draft") and the ScenarioInput it stands for. The draft keeps what the
// user set (null = "use the default the backend fills in") and which of {GPUs, days, MFU} stays
// fixed; `buildInput` turns it into the JSON the backend evaluates and stores. No cost rule here:
// the only arithmetic is turning a preset's GPU-hours into days for the editor.

import type { Evaluation } from '../bindings/Evaluation';
import type { EnergyInput } from '../bindings/EnergyInput';
import type { Gpu } from '../bindings/Gpu';
import type { InputRange } from '../bindings/InputRange';
import type { OtherCost } from '../bindings/OtherCost';
import type { Precision } from '../bindings/Precision';
import type { Pricing } from '../bindings/Pricing';
import type { Reliability } from '../bindings/Reliability';
import type { Scaling } from '../bindings/Scaling';
import type { ScenarioInput } from '../bindings/ScenarioInput';
import type { StageInput } from '../bindings/StageInput';
import type { Workload } from '../bindings/Workload';
import { LIMITS } from '../bindings/limits';

/**
 * With a workload, which two of {GPU count, duration, MFU} are given:
 * - `gpus_days`: GPUs + days fixed → the implied MFU follows (the claim check);
 * - `work_gpus`: workload + GPUs fixed (with an MFU) → days follow;
 * - `work_days`: workload + days fixed (with an MFU) → GPUs follow.
 */
export type Fixed = 'gpus_days' | 'work_gpus' | 'work_days';

/** The quantity the backend solves for, shown read-only ("follows"). */
export type Derived = 'mfu' | 'duration' | 'gpu_count' | null;

export interface Draft {
  gpu: string;
  gpuCount: number;
  durationDays: number;
  /** Stated MFU as a fraction (`LIMITS.accepted.mfu`); null when not given. */
  mfu: number | null;
  pricingMode: 'rental' | 'owned';
  /** Whether the input carries a `pricing` object (absent = rental at the catalog price). */
  pricingGiven: boolean;
  usdPerGpuHour: number | null;
  usdPerGpu: number | null;
  lifetimeYears: number | null;
  energy: EnergyInput;
  workloadOn: boolean;
  /** The workload's values, kept while the workload is switched off; null = not entered yet. */
  workload: WorkloadDraft;
  fixed: Fixed;
  otherCosts: OtherCost[];
  researchMultiplier: number | null;
  /** What the editor has no section for yet, carried through unchanged (see `Carried`). */
  carried: Carried;
}

/**
 * The optional blocks of an input, kept as the input holds them (absent = not given) so that
 * what the window evaluates and saves is what was stored: scaling loss and interruptions (edited
 * in the realism group; absent = a perfect run), stages and a user-defined accelerator (carried
 * through unchanged), and the purchase price's server and network overhead (the pricing group).
 */
export interface Carried {
  scaling?: Scaling;
  reliability?: Reliability;
  stages?: StageInput[];
  custom_gpu?: Gpu;
  /** Ranges on inputs and a headline's claimed figures (issue 11; no section yet): kept as stored. */
  uncertainty?: ScenarioInput['uncertainty'];
  claim?: ScenarioInput['claim'];
  /** The purchase price's server and network overhead. */
  pricing?: Pick<Pricing, 'server_overhead' | 'interconnect_share'>;
}

/** How an editor change is to be handled (see `EditSession.edit` in state/session.svelte.ts). */
export interface EditOptions {
  /** Record an undo step (default true); a drag records only on release. */
  record?: boolean;
  /** The slider input event's time, for the latency samples. */
  inputTime?: number;
  /** The typed fields (editor field ids) whose errors this edit clears. */
  clears?: string | string[];
  /** A slider move: shown together with the figures computed for it (one frame, not two). */
  slide?: boolean;
}

/** A workload being entered: parameters and tokens stay empty until the user gives them. */
export type WorkloadDraft = Omit<Workload, 'active_params' | 'tokens'> & {
  active_params: number | null;
  tokens: number | null;
};

/** A workload switched on for the first time starts empty: no model is invented for the user. */
export const EMPTY_WORKLOAD: WorkloadDraft = { active_params: null, tokens: null };

/** The workload the draft stands for, once both parameters and tokens are given. */
export function workloadOf(d: Draft): Workload | null {
  const { active_params, tokens, ...rest } = d.workload;
  if (!d.workloadOn || active_params === null || tokens === null) return null;
  return defined({ ...rest, active_params, tokens }) as Workload;
}

/** The workload is on but lacks its parameters or tokens: nothing is solved, no verdict yet. */
export function workloadIncomplete(d: Draft): boolean {
  return d.workloadOn && workloadOf(d) === null;
}

/** A new scenario: the first catalog GPU (H100 when there is one), 1,024 of them for 30 days. */
export function newDraft(catalog: readonly Gpu[]): Draft {
  const gpu = catalog.find((g) => g.id === 'H100') ?? catalog[0];
  return {
    gpu: gpu ? gpu.id : 'H100',
    gpuCount: 1024,
    durationDays: 30,
    mfu: null,
    pricingMode: 'rental',
    pricingGiven: false,
    usdPerGpuHour: null,
    usdPerGpu: null,
    lifetimeYears: null,
    energy: {},
    workloadOn: false,
    workload: { ...EMPTY_WORKLOAD },
    fixed: 'gpus_days',
    otherCosts: [],
    researchMultiplier: null,
    carried: {},
  };
}

function defined<T extends object>(o: T): T {
  const out = {} as T;
  for (const [k, v] of Object.entries(o)) {
    if (v !== undefined && v !== null) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

/**
 * The editor's view of a stored input. A preset given in GPU-hours gets its duration in days
 * (gpu_hours / gpu_count / 24); everything else is kept as it is.
 */
export function draftFromInput(input: ScenarioInput, catalog: readonly Gpu[]): Draft {
  const d = newDraft(catalog);
  d.gpu = input.gpu;
  const count = input.gpu_count;
  if (count !== undefined) d.gpuCount = count;
  if (input.duration_days !== undefined) d.durationDays = input.duration_days;
  else if (input.gpu_hours !== undefined && count !== undefined && count > 0) {
    d.durationDays = input.gpu_hours / count / 24;
  }
  d.mfu = input.mfu ?? null;
  if (input.pricing) {
    d.pricingGiven = true;
    d.pricingMode = input.pricing.mode;
    // Both kinds of figure are kept: the mode picks the total, the other shows in rent vs own.
    d.usdPerGpuHour = input.pricing.usd_per_gpu_hour ?? null;
    d.usdPerGpu = input.pricing.usd_per_gpu ?? null;
    d.lifetimeYears = input.pricing.lifetime_years ?? null;
  }
  d.energy = defined({ ...(input.energy ?? {}) });
  if (input.workload) {
    d.workloadOn = true;
    d.workload = defined({ ...input.workload });
    const hasCount = input.gpu_count !== undefined;
    const hasTime = input.duration_days !== undefined || input.gpu_hours !== undefined;
    d.fixed = hasCount && hasTime ? 'gpus_days' : hasCount ? 'work_gpus' : hasTime ? 'work_days' : 'gpus_days';
  }
  d.otherCosts = (input.other_costs ?? []).map((c) => ({ ...c }));
  d.researchMultiplier = input.research_multiplier ?? null;
  d.carried = carriedOf(input);
  return d;
}

/** A deep copy that also works on Svelte's state proxies (plain JSON data only). */
function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function carriedOf(input: ScenarioInput): Carried {
  const carried: Carried = defined({
    scaling: input.scaling,
    reliability: input.reliability,
    stages: input.stages,
    custom_gpu: input.custom_gpu,
    uncertainty: input.uncertainty,
    claim: input.claim,
  });
  if (input.pricing) {
    const overhead = defined({
      server_overhead: input.pricing.server_overhead,
      interconnect_share: input.pricing.interconnect_share,
    });
    if (Object.keys(overhead).length > 0) carried.pricing = overhead;
  }
  return copy(carried);
}

/** What the backend solves for with this draft. */
export function derivedOf(d: Draft): Derived {
  if (workloadOf(d) === null) return null;
  switch (d.fixed) {
    case 'gpus_days':
      return 'mfu';
    case 'work_gpus':
      return 'duration';
    case 'work_days':
      return 'gpu_count';
  }
}

function pricingOf(d: Draft): Pricing | undefined {
  const figures = defined({
    ...(d.carried.pricing ?? {}),
    usd_per_gpu_hour: d.usdPerGpuHour,
    usd_per_gpu: d.usdPerGpu,
    lifetime_years: d.lifetimeYears,
  });
  if (d.pricingMode === 'rental' && !d.pricingGiven && Object.keys(figures).length === 0) return undefined;
  return { mode: d.pricingMode, ...figures } as Pricing;
}

/** The ScenarioInput the draft stands for (what is evaluated and saved). */
export function buildInput(d: Draft): ScenarioInput {
  const input: ScenarioInput = { gpu: d.gpu };
  const derived = derivedOf(d);
  if (derived !== 'gpu_count') input.gpu_count = d.gpuCount;
  // With stages each stage gives its own time; the scenario then has none.
  if (derived !== 'duration' && !d.carried.stages) input.duration_days = d.durationDays;
  const pricing = pricingOf(d);
  if (pricing) input.pricing = pricing;
  const energy = defined({ ...d.energy });
  if (Object.keys(energy).length > 0) input.energy = energy;
  const workload = workloadOf(d);
  if (workload) input.workload = workload;
  if (d.mfu !== null) input.mfu = d.mfu;
  if (d.otherCosts.length > 0) {
    input.other_costs = d.otherCosts.map((c, i) => ({ ...c, label: c.label.trim() || otherCostPlaceholder(i) }));
  }
  if (d.researchMultiplier !== null) input.research_multiplier = d.researchMultiplier;
  const { pricing: _pricing, ...blocks } = copy(d.carried);
  return { ...input, ...blocks };
}

/** A stable text of the input, to tell whether the editor differs from what is stored. */
export function inputKey(input: ScenarioInput): string {
  return JSON.stringify(input, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {};
      for (const key of Object.keys(v).sort()) sorted[key] = (v as Record<string, unknown>)[key];
      return sorted;
    }
    return v;
  });
}

/**
 * Carries the value the backend solved for into the draft before the user changes what stays
 * fixed, so the figures do not jump: e.g. leaving "days follow" keeps the solved days.
 */
export function settleDerived(d: Draft, ev: Evaluation | null): void {
  if (!ev) return;
  switch (derivedOf(d)) {
    case 'duration':
      d.durationDays = ev.duration_days;
      break;
    case 'gpu_count':
      d.gpuCount = ev.gpu_count;
      break;
    default:
      break;
  }
}

/**
 * The MFU that becomes an input when the GPUs or the days are to follow. The implied MFU keeps
 * the figures continuous, but only while it is plausible (within the core's published band,
 * `assets/defaults.json`): an implied 100 % would plan an impossible run. Otherwise the last
 * plausible MFU the user stated, else the sourced starting MFU.
 */
export function startingMfu(stated: number | null, implied: number | null): number {
  const { mfu_low_below: low, mfu_plausible_up_to: high, starting_mfu } = LIMITS.defaults;
  const plausible = (m: number | null): m is number => m !== null && Number.isFinite(m) && m >= low && m <= high;
  if (plausible(implied)) return implied;
  if (plausible(stated)) return stated;
  return starting_mfu;
}

/** Changes what stays fixed; an MFU is needed when the GPUs or the days follow. */
export function setFixed(d: Draft, fixed: Fixed, ev: Evaluation | null): void {
  if (d.fixed === fixed && d.workloadOn) return;
  settleDerived(d, ev);
  if (fixed !== 'gpus_days' && d.fixed === 'gpus_days') d.mfu = startingMfu(d.mfu, ev?.implied_mfu ?? null);
  else if (fixed !== 'gpus_days' && d.mfu === null) d.mfu = LIMITS.defaults.starting_mfu;
  d.fixed = fixed;
}

/** Switches the workload on (GPUs + days stay, the MFU follows) or off. */
export function setWorkloadOn(d: Draft, on: boolean, ev: Evaluation | null): void {
  if (d.workloadOn === on) return;
  settleDerived(d, ev);
  d.workloadOn = on;
  d.fixed = 'gpus_days';
}

/** Precisions a GPU supports, most common first. */
export function precisionsOf(gpu: Gpu | undefined): Precision[] {
  const order: Precision[] = ['bf16', 'fp16', 'fp8', 'fp4', 'tf32', 'fp64'];
  if (!gpu) return ['bf16'];
  return order.filter((p) => gpu.peak_dense_tflops[p] !== undefined);
}

/** Switches the GPU; a workload precision the new GPU lacks falls back to one it has. */
/**
 * Chooses an accelerator. One of the user's (`userDefined`) travels with the scenario as its
 * `custom_gpu`, so the scenario evaluates anywhere; choosing a built-in one drops that copy.
 */
export function setGpu(d: Draft, gpu: Gpu, userDefined = false): void {
  d.gpu = gpu.id;
  if (userDefined) d.carried.custom_gpu = gpu;
  else delete d.carried.custom_gpu;
  const have = precisionsOf(gpu);
  const p = d.workload.precision;
  if (p !== undefined && !have.includes(p)) d.workload.precision = have.includes('bf16') ? 'bf16' : have[0];
}

/** The headline's figures a claim may give (`claim` in the scenario), each compared by the core. */
export type ClaimedKey = 'total_cost_usd' | 'gpu_hours' | 'duration_days';

/** Sets (or with null, clears) one claimed figure; a claim with no figure left is dropped. */
export function setClaimed(d: Draft, key: ClaimedKey, value: number | null): void {
  const claim = { ...(d.carried.claim ?? {}) };
  if (value === null) delete claim[key];
  else claim[key] = value;
  if (Object.keys(claim).length === 0) delete d.carried.claim;
  else d.carried.claim = claim;
}

/** Sets (or with null, removes) the range on input `name`; no range left drops the block. */
export function setRange(d: Draft, name: string, range: InputRange | null): void {
  const all = { ...(d.carried.uncertainty ?? {}) };
  if (range === null) delete all[name];
  else all[name] = range;
  if (Object.keys(all).length === 0) delete d.carried.uncertainty;
  else d.carried.uncertainty = all;
}

/** Rental ↔ owned; the other mode's values are kept for switching back. */
export function setPricingMode(d: Draft, mode: 'rental' | 'owned'): void {
  if (d.pricingMode === mode) return;
  d.pricingMode = mode;
  d.pricingGiven = true;
}

/** The name an added cost goes by until the user types one (shown as the field's placeholder). */
export function otherCostPlaceholder(index: number): string {
  return `Other cost ${index + 1}`;
}

/** Adds a cost beyond the run (staff, data, …) with an empty label and no amount yet. */
export function addOtherCost(d: Draft): void {
  d.otherCosts.push({ label: '', usd: 0 });
}

export function removeOtherCost(d: Draft, index: number): void {
  if (index >= 0 && index < d.otherCosts.length) d.otherCosts.splice(index, 1);
}

/**
 * A goal seek's answer in the editor: `input` is the editor's input with the one input the core
 * varied set (`SeekResult.input`), so the draft becomes what that input reads as, and the figures
 * become the seek's own. What an input does not carry is kept from `d`: an unfinished or
 * switched-off workload, a solved GPU count or duration, the labels of added costs.
 */
export function applySeekResult(d: Draft, input: ScenarioInput, catalog: readonly Gpu[]): void {
  const next = draftFromInput(input, catalog);
  if (input.gpu_count === undefined) next.gpuCount = d.gpuCount;
  if (input.duration_days === undefined && input.gpu_hours === undefined) next.durationDays = d.durationDays;
  if (!input.workload) {
    next.workloadOn = d.workloadOn;
    next.workload = copy(d.workload);
    next.fixed = d.fixed;
  }
  if (input.mfu === undefined) next.mfu = d.mfu;
  next.pricingGiven = next.pricingGiven || d.pricingGiven;
  // A seek never changes the added costs; keep them as typed (an empty label stays empty).
  next.otherCosts = copy(d.otherCosts);
  Object.assign(d, next);
}

/** Switches the scaling loss on (with the core's sourced defaults) or off (a perfect run). */
export function setScalingOn(d: Draft, on: boolean): void {
  if (on === (d.carried.scaling !== undefined)) return;
  if (on) d.carried.scaling = { ...LIMITS.defaults.scaling };
  else delete d.carried.scaling;
}

/** Switches interruptions on (the core's sourced defaults, Young's interval) or off. */
export function setReliabilityOn(d: Draft, on: boolean): void {
  if (on === (d.carried.reliability !== undefined)) return;
  if (on) d.carried.reliability = { ...LIMITS.defaults.reliability };
  else delete d.carried.reliability;
}

/** What a stage is measured in: exactly one of these is given. */
export type StageMeasure = 'gpu_hours' | 'duration_days' | 'tokens';

export function stageMeasure(s: StageInput): StageMeasure {
  if (s.duration_days !== undefined) return 'duration_days';
  if (s.tokens !== undefined) return 'tokens';
  return 'gpu_hours';
}

/** The stage's amount in its measure. */
export function stageAmount(s: StageInput): number {
  return s[stageMeasure(s)] ?? 0;
}

/** Sets the stage's amount in `measure`, dropping the other two (the core takes exactly one). */
export function setStageAmount(s: StageInput, measure: StageMeasure, v: number): void {
  delete s.gpu_hours;
  delete s.duration_days;
  delete s.tokens;
  s[measure] = v;
}

/**
 * Adds a stage. The first one takes the whole run as it stands (its GPU-hours, as evaluated),
 * so the figures do not jump; later ones start as one day. The scenario's own duration then
 * no longer applies (each stage gives its time).
 */
export function addStage(d: Draft, ev: Evaluation | null): void {
  const stages = d.carried.stages ?? [];
  const label = `Stage ${stages.length + 1}`;
  if (stages.length === 0 && ev) stages.push({ label, gpu_hours: ev.gpu_hours });
  else stages.push({ label, duration_days: 1 });
  d.carried.stages = stages;
}

/** Removes stage `i`; without stages the run is one block again, as long as the stages took. */
export function removeStage(d: Draft, i: number, ev: Evaluation | null): void {
  const stages = d.carried.stages;
  if (!stages || i < 0 || i >= stages.length) return;
  stages.splice(i, 1);
  if (stages.length === 0) {
    delete d.carried.stages;
    if (ev) d.durationDays = ev.duration_days;
  }
}

/** Moves stage `i` by `delta` places (−1 earlier, +1 later). */
export function moveStage(d: Draft, i: number, delta: number): void {
  const stages = d.carried.stages;
  const j = i + delta;
  if (!stages || i < 0 || i >= stages.length || j < 0 || j >= stages.length) return;
  const [s] = stages.splice(i, 1);
  stages.splice(j, 0, s);
}

/**
 * Changes what stage `i` is measured in. GPU-hours and days carry over from the stage's result
 * (the same stage in the other unit); tokens start from the stage's amount for the user to type.
 */
export function setStageMeasure(d: Draft, i: number, measure: StageMeasure, ev: Evaluation | null): void {
  const s = d.carried.stages?.[i];
  if (!s || stageMeasure(s) === measure) return;
  const result = ev?.stages[i];
  const carried = measure === 'tokens' || !result ? stageAmount(s) : result[measure];
  setStageAmount(s, measure, carried);
}
