import { describe, expect, it } from 'vitest';
import type { Evaluation } from '../bindings/Evaluation';
import type { Gpu } from '../bindings/Gpu';
import type { ScenarioInput } from '../bindings/ScenarioInput';
import { LIMITS } from '../bindings/limits';
import { addOtherCost, addStage, applySeekResult, moveStage, removeStage, setStageMeasure, buildInput, derivedOf, draftFromInput, inputKey, newDraft, removeOtherCost, setFixed, setGpu, setPricingMode, setReliabilityOn, setScalingOn, setWorkloadOn, workloadIncomplete } from './draft';
import { fieldForBackend } from './fields';

const src = { title: 't', url: 'https://example.invalid', date: '2026-01' };
const gpu = (id: string, fp8: boolean): Gpu => ({
  id,
  name: id,
  vendor: 'v',
  aliases: [],
  memory_gb: 80,
  memory_bandwidth_tb_s: 3,
  board_watts: 700,
  peak_dense_tflops: fp8 ? { bf16: 989.4, fp8: 1978.9 } : { bf16: 312, tf32: 156 },
  usd_per_gpu_hour: 2,
  usd_per_gpu: 30000,
  sources: { specs: src, rental: src, purchase: src },
});
const CATALOG = [gpu('A100', false), gpu('H100', true), gpu('H800', true)];

const DEEPSEEK: ScenarioInput = {
  gpu: 'H800',
  gpu_count: 2048,
  gpu_hours: 2_788_000,
  pricing: { mode: 'rental', usd_per_gpu_hour: 2 },
  workload: { active_params: 37e9, tokens: 14.8e12, flops_per_param_token: 6, precision: 'bf16' },
};

/** Only the fields settleDerived / setFixed read. */
function ev(partial: Partial<Evaluation>): Evaluation {
  return { gpu_count: 2048, duration_days: 56.72, implied_mfu: 0.33, ...partial } as Evaluation;
}

describe('draft ↔ ScenarioInput', () => {
  it('turns a preset in GPU-hours into days (gpu_hours / gpu_count / 24), keeping the rest', () => {
    const d = draftFromInput(DEEPSEEK, CATALOG);
    expect(d.durationDays).toBe(2_788_000 / 2048 / 24);
    expect(d.fixed).toBe('gpus_days');
    expect(derivedOf(d)).toBe('mfu');
    expect(buildInput(d)).toEqual({
      gpu: 'H800',
      gpu_count: 2048,
      duration_days: 2_788_000 / 2048 / 24,
      pricing: { mode: 'rental', usd_per_gpu_hour: 2 },
      workload: { active_params: 37e9, tokens: 14.8e12, flops_per_param_token: 6, precision: 'bf16' },
    });
  });

  it('carries what the editor has no section for yet (realism blocks, both prices, stages) unchanged', () => {
    const input: ScenarioInput = {
      ...DEEPSEEK,
      pricing: { mode: 'rental', usd_per_gpu_hour: 2, usd_per_gpu: 30000, server_overhead: 1.64, interconnect_share: 0.19 },
      scaling: { reference_gpu_count: 96, mfu_loss_per_doubling: 0.03 },
      reliability: { interruptions_per_1000_gpu_days: 0.53, restart_minutes: 3, checkpoint_save_minutes: 0.5 },
    };
    const built = buildInput(draftFromInput(input, CATALOG));
    expect(built.pricing).toEqual(input.pricing);
    expect(built.scaling).toEqual(input.scaling);
    expect(built.reliability).toEqual(input.reliability);
    // Switching to owning keeps the rental figure and the overhead for rent vs own.
    const d = draftFromInput(input, CATALOG);
    setPricingMode(d, 'owned');
    expect(buildInput(d).pricing).toMatchObject({ mode: 'owned', usd_per_gpu_hour: 2, server_overhead: 1.64 });
    // A staged scenario keeps its stages and gets no scenario-level time.
    const staged: ScenarioInput = { ...DEEPSEEK, gpu_hours: undefined, stages: [{ label: 'Pre-training', gpu_hours: 2_664_000 }] };
    delete staged.gpu_hours;
    const s = buildInput(draftFromInput(staged, CATALOG));
    expect(s.stages).toEqual(staged.stages);
    expect(s.duration_days).toBeUndefined();
    // Ranges and a headline's claim (issue 11) have no section yet: saved as they were loaded.
    const ranged: ScenarioInput = {
      ...DEEPSEEK,
      uncertainty: { usd_per_gpu_hour: { low: 1.5, high: 3, distribution: 'lognormal' } },
      claim: { total_cost_usd: 5.5e6 },
    };
    const r = buildInput(draftFromInput(ranged, CATALOG));
    expect(r.uncertainty).toEqual(ranged.uncertainty);
    expect(r.claim).toEqual(ranged.claim);
  });

  it('round-trips inputs in each mode', () => {
    const inputs: ScenarioInput[] = [
      { gpu: 'H100', gpu_count: 512, duration_days: 20 },
      { gpu: 'H100', gpu_count: 512, mfu: 0.4, workload: { active_params: 7e10, tokens: 1.5e13 } },
      { gpu: 'H100', duration_days: 30, mfu: 0.4, workload: { active_params: 7e10, tokens: 1.5e13 } },
      {
        gpu: 'A100',
        gpu_count: 8,
        duration_days: 3,
        pricing: { mode: 'owned', usd_per_gpu: 25000, lifetime_years: 5 },
        energy: { pue: 1.3, usd_per_kwh: 0.1 },
        other_costs: [{ label: 'Staff', usd: 1e6 }],
        research_multiplier: 3,
      },
    ];
    for (const input of inputs) expect(buildInput(draftFromInput(input, CATALOG))).toEqual(input);
  });

  it('omits what was not given, and sends the stated MFU with GPUs + days', () => {
    const d = newDraft(CATALOG);
    expect(buildInput(d)).toEqual({ gpu: 'H100', gpu_count: 1024, duration_days: 30 });
    setWorkloadOn(d, true, null);
    d.workload = { active_params: 7e10, tokens: 1.5e13 };
    d.mfu = 0.35;
    expect(buildInput(d)).toMatchObject({ gpu_count: 1024, duration_days: 30, mfu: 0.35 });
  });

  it('sends exactly two of GPUs, days and MFU when something follows', () => {
    const d = draftFromInput(DEEPSEEK, CATALOG);
    setFixed(d, 'work_gpus', ev({ implied_mfu: 0.33 }));
    let i = buildInput(d);
    expect(i.gpu_count).toBe(2048);
    expect(i.duration_days).toBeUndefined();
    expect(i.mfu).toBe(0.33);
    setFixed(d, 'work_days', ev({ duration_days: 60, implied_mfu: 0.33 }));
    i = buildInput(d);
    expect(i.gpu_count).toBeUndefined();
    expect(i.duration_days).toBe(60); // the solved days carried over
    setFixed(d, 'gpus_days', ev({ gpu_count: 1900 }));
    i = buildInput(d);
    expect(i.gpu_count).toBe(1900); // the solved count carried over
    expect(i.duration_days).toBe(60);
  });

  it('never plans from an implausible implied MFU: the last plausible one or the sourced default', () => {
    const d = draftFromInput(DEEPSEEK, CATALOG);
    setFixed(d, 'work_gpus', ev({ implied_mfu: 1.7 }));
    expect(d.mfu).toBe(LIMITS.defaults.starting_mfu);
    const high = draftFromInput(DEEPSEEK, CATALOG);
    setFixed(high, 'work_days', ev({ implied_mfu: LIMITS.defaults.mfu_plausible_up_to + 0.01 }));
    expect(high.mfu).toBe(LIMITS.defaults.starting_mfu);
    // A plausible implied MFU keeps the figures continuous; a plausible stated one is kept.
    const ok = draftFromInput(DEEPSEEK, CATALOG);
    setFixed(ok, 'work_days', ev({ implied_mfu: 0.33 }));
    expect(ok.mfu).toBe(0.33);
    const stated = draftFromInput({ ...DEEPSEEK, mfu: 0.45 }, CATALOG);
    setFixed(stated, 'work_gpus', ev({ implied_mfu: 1.2 }));
    expect(stated.mfu).toBe(0.45);
  });

  it('starts a new workload empty: nothing is solved and no workload is sent until both are given', () => {
    const d = newDraft(CATALOG);
    setWorkloadOn(d, true, null);
    expect(workloadIncomplete(d)).toBe(true);
    expect(derivedOf(d)).toBeNull();
    expect(buildInput(d).workload).toBeUndefined();
    d.workload.active_params = 7e10;
    expect(buildInput(d).workload).toBeUndefined();
    d.workload.tokens = 1.5e13;
    expect(workloadIncomplete(d)).toBe(false);
    expect(buildInput(d).workload).toEqual({ active_params: 7e10, tokens: 1.5e13 });
    expect(derivedOf(d)).toBe('mfu');
  });

  it('keeps the workload while it is switched off', () => {
    const d = draftFromInput(DEEPSEEK, CATALOG);
    setWorkloadOn(d, false, null);
    expect(buildInput(d).workload).toBeUndefined();
    setWorkloadOn(d, true, null);
    expect(buildInput(d).workload?.tokens).toBe(14.8e12);
  });

  it('falls back to a precision the new GPU has', () => {
    const d = draftFromInput({ ...DEEPSEEK, workload: { ...DEEPSEEK.workload!, precision: 'fp8' } }, CATALOG);
    setGpu(d, CATALOG[0]);
    expect(d.gpu).toBe('A100');
    expect(d.workload.precision).toBe('bf16');
  });

  it('switches pricing modes without losing the other mode’s values', () => {
    const d = draftFromInput(DEEPSEEK, CATALOG);
    setPricingMode(d, 'owned');
    d.usdPerGpu = 40000;
    // Pricing carries both kinds (issue 10): the mode picks the total, the other feeds rent vs own.
    expect(buildInput(d).pricing).toEqual({ mode: 'owned', usd_per_gpu: 40000, usd_per_gpu_hour: 2 });
    setPricingMode(d, 'rental');
    expect(buildInput(d).pricing).toEqual({ mode: 'rental', usd_per_gpu_hour: 2, usd_per_gpu: 40000 });
  });

  it('gives the same key whatever the key order', () => {
    expect(inputKey({ gpu: 'H100', gpu_count: 1, duration_days: 2 })).toBe(
      inputKey({ duration_days: 2, gpu_count: 1, gpu: 'H100' }),
    );
  });

  it('adds, edits and removes costs beyond the run, and sends them with the research multiplier', () => {
    const d = draftFromInput(DEEPSEEK, CATALOG);
    expect(buildInput(d).other_costs).toBeUndefined();
    addOtherCost(d);
    addOtherCost(d);
    // Added costs start with an empty label (the field shows a placeholder) and are sent by it.
    expect(d.otherCosts).toEqual([{ label: '', usd: 0 }, { label: '', usd: 0 }]);
    expect(buildInput(d).other_costs?.map((c) => c.label)).toEqual(['Other cost 1', 'Other cost 2']);
    d.otherCosts[1] = { label: 'Staff', usd: 1.2e6 };
    d.researchMultiplier = 3;
    removeOtherCost(d, 0);
    removeOtherCost(d, 5);
    const input = buildInput(d);
    expect(input.other_costs).toEqual([{ label: 'Staff', usd: 1.2e6 }]);
    expect(input.research_multiplier).toBe(3);
    // The round trip keeps them.
    expect(buildInput(draftFromInput(input, CATALOG))).toEqual(input);
    d.researchMultiplier = null;
    expect(buildInput(d).research_multiplier).toBeUndefined();
  });

  it('shows a backend error about an added cost under that cost', () => {
    expect(fieldForBackend('other_costs[2].usd')).toBe('other-cost-usd-2');
    expect(fieldForBackend('other_costs[0].label')).toBe('other-cost-label-0');
    expect(fieldForBackend('research_multiplier')).toBe('research-multiplier');
    expect(fieldForBackend('other_costs[x].usd')).toBeNull();
    expect(fieldForBackend(null)).toBeNull();
  });

  it('maps backend errors about realism and the purchase overheads to their fields', () => {
    expect(fieldForBackend('scaling.mfu_loss_per_doubling')).toBe('mfu-loss-per-doubling');
    expect(fieldForBackend('scaling.reference_gpu_count')).toBe('reference-gpu-count');
    expect(fieldForBackend('reliability')).toBe('interruptions');
    expect(fieldForBackend('reliability.interruptions_per_1000_gpu_days')).toBe('interruptions');
    expect(fieldForBackend('reliability.restart_minutes')).toBe('restart-minutes');
    expect(fieldForBackend('reliability.checkpoint_save_minutes')).toBe('checkpoint-save-minutes');
    expect(fieldForBackend('reliability.checkpoint_interval_minutes')).toBe('checkpoint-interval-minutes');
    expect(fieldForBackend('pricing.server_overhead')).toBe('server-overhead');
    expect(fieldForBackend('pricing.interconnect_share')).toBe('interconnect-share');
  });

  it('switches scaling and interruptions on with the core defaults and off to absent', () => {
    const d = draftFromInput(DEEPSEEK, CATALOG);
    const plain = buildInput(d);
    setScalingOn(d, true);
    setReliabilityOn(d, true);
    const on = buildInput(d);
    expect(on.scaling).toEqual(LIMITS.defaults.scaling);
    expect(on.reliability).toEqual(LIMITS.defaults.reliability);
    // Young's interval is the default: no interval is written.
    expect(on.reliability?.checkpoint_interval_minutes).toBeUndefined();
    setScalingOn(d, false);
    setReliabilityOn(d, false);
    expect(buildInput(d)).toEqual(plain);
  });

  it('applies a goal seek answer so that the editor’s input is the answer’s', () => {
    for (const changed of [
      { ...DEEPSEEK, pricing: { mode: 'rental' as const, usd_per_gpu_hour: 3.5 } },
      { ...DEEPSEEK, gpu_count: 4096 },
      { ...DEEPSEEK, workload: { ...DEEPSEEK.workload!, tokens: 2e13 } },
    ]) {
      const d = draftFromInput(DEEPSEEK, CATALOG);
      const before = buildInput(d);
      const answer = { ...before, ...changed, gpu_hours: undefined, duration_days: before.duration_days };
      applySeekResult(d, answer, CATALOG);
      expect(buildInput(d)).toEqual(JSON.parse(JSON.stringify(answer)));
    }
    // An added cost's empty label stays empty (the input carries its placeholder name).
    const d = draftFromInput(DEEPSEEK, CATALOG);
    addOtherCost(d);
    const answer = buildInput(d);
    applySeekResult(d, answer, CATALOG);
    expect(d.otherCosts[0].label).toBe('');
  });

  it('adds, reorders and removes stages; with stages the scenario has no duration of its own', () => {
    const d = draftFromInput(DEEPSEEK, CATALOG);
    const ev = { gpu_hours: 2_788_000, duration_days: 56.72, stages: [] } as unknown as Evaluation;
    addStage(d, ev);
    addStage(d, ev);
    let input = buildInput(d);
    expect(input.duration_days).toBeUndefined();
    expect(input.gpu_hours).toBeUndefined();
    expect(input.stages).toEqual([
      { label: 'Stage 1', gpu_hours: 2_788_000 },
      { label: 'Stage 2', duration_days: 1 },
    ]);
    moveStage(d, 1, -1);
    moveStage(d, 0, -1); // already first: nothing happens
    expect(buildInput(d).stages?.map((s) => s.label)).toEqual(['Stage 2', 'Stage 1']);
    // A new measure: exactly one of the three, carried over from the stage's result.
    const staged = { ...ev, stages: [{ label: 'Stage 2', gpu_count: 2048, gpu_hours: 49_152, duration_days: 1, total_cost_usd: 0, energy_kwh: 0 }] } as unknown as Evaluation;
    setStageMeasure(d, 0, 'gpu_hours', staged);
    expect(buildInput(d).stages?.[0]).toEqual({ label: 'Stage 2', gpu_hours: 49_152 });
    removeStage(d, 0, ev);
    removeStage(d, 0, ev);
    input = buildInput(d);
    expect(input.stages).toBeUndefined();
    expect(input.duration_days).toBe(56.72);
  });

  it('maps backend errors about a stage to that stage’s fields', () => {
    expect(fieldForBackend('stages[1].label')).toBe('stage-label-1');
    expect(fieldForBackend('stages[0]')).toBe('stage-amount-0');
    expect(fieldForBackend('stages[2].tokens')).toBe('stage-amount-2');
    expect(fieldForBackend('stages[3].gpu_count')).toBe('stage-gpu-count-3');
    expect(fieldForBackend('stages')).toBeNull();
  });
});
