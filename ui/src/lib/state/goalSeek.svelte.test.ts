import { describe, expect, it } from 'vitest';
import type { Figure } from '../../bindings/Figure';
import type { ScenarioInput } from '../../bindings/ScenarioInput';
import type { SeekInput } from '../../bindings/SeekInput';
import type { SeekResult } from '../../bindings/SeekResult';
import type { Screen } from '../../bindings/Screen';
import { buildInput, newDraft } from '../draft';
import { GoalSeek, type SeekApi } from './goalSeek.svelte';
import { Notices } from './notices.svelte';
import { EditSession, type SessionPerf } from './session.svelte';

const noPerf: SessionPerf = {
  markReadyAfterPaint: () => {},
  recordInput: () => {},
  recordParts: () => {},
  sampleAfterPaint: () => {},
};

const screen = async (input: ScenarioInput) =>
  ({ evaluation: { total_cost_usd: (input.pricing?.usd_per_gpu_hour ?? 2) * 1000 }, charts: [] }) as unknown as Screen;

/** The lists as the core sends them (only what these tests pick). */
const CHOICES = {
  figures: [
    { id: 'total_cost_usd' as Figure, label: 'Total cost', unit: 'USD', needs_workload: false },
    { id: 'implied_mfu' as Figure, label: 'Implied MFU', unit: 'fraction', needs_workload: true },
  ],
  inputs: [
    { id: 'usd_per_gpu_hour' as SeekInput, label: 'Price per GPU-hour', unit: '$/GPU-h', needs_workload: false, min: 0, max: 1000 },
    { id: 'tokens' as SeekInput, label: 'Training tokens', unit: 'tokens', needs_workload: true, min: 1, max: 1e16 },
  ],
};

function setup(api: SeekApi) {
  const session = new EditSession({ api: { screen }, perf: noPerf });
  session.load(newDraft([]));
  const notices = new Notices();
  const seek = new GoalSeek(session, notices, api);
  seek.choices = CHOICES;
  return { session, notices, seek };
}

describe('goal seek', () => {
  it('sets the answer in the editor as one undo step', async () => {
    const asked: Array<[Figure, number, SeekInput]> = [];
    const api: SeekApi = {
      seekScenario: async (input, target, value, vary) => {
        asked.push([target, value, vary]);
        const out: ScenarioInput = { ...input, pricing: { mode: 'rental', usd_per_gpu_hour: 3.25 } };
        return { vary, value: 3.25, input: out, evaluation: {} } as unknown as SeekResult;
      },
    };
    const { session, notices, seek } = setup(api);
    seek.show();
    seek.valueText = '10M';
    await seek.run();
    expect(asked).toEqual([['total_cost_usd', 10_000_000, 'usd_per_gpu_hour']]);
    expect(session.draft.usdPerGpuHour).toBe(3.25);
    expect(buildInput(session.draft).pricing?.usd_per_gpu_hour).toBe(3.25);
    expect(seek.showing).toBe(false);
    expect(notices.toast?.text).toContain('Price per GPU-hour set to 3.25');
    session.undo();
    expect(session.draft.usdPerGpuHour).toBeNull();
    expect(session.canUndo).toBe(false);
  });

  it('shows the core’s sentence and changes nothing when the target is out of reach', async () => {
    const message = 'target: total_cost_usd cannot reach $10.0 T by changing usd_per_gpu_hour from 0 to 1,000; it ranges from $0 to $2.79 B';
    const api: SeekApi = {
      seekScenario: async () => Promise.reject({ kind: 'invalid', message, field: 'target' }),
    };
    const { session, seek } = setup(api);
    const before = JSON.stringify(session.draft);
    seek.show();
    seek.valueText = '1e13';
    await seek.run();
    expect(seek.error).toBe(message);
    expect(seek.showing).toBe(true);
    expect(JSON.stringify(session.draft)).toBe(before);
    expect(session.canUndo).toBe(false);
  });

  it('refuses a target that is not a number without asking the core', async () => {
    let called = false;
    const { seek } = setup({
      seekScenario: async () => {
        called = true;
        return {} as SeekResult;
      },
    });
    seek.show();
    seek.valueText = 'ten';
    await seek.run();
    expect(called).toBe(false);
    expect(seek.error).toContain('USD');
  });

  it('offers what needs a workload only when the scenario has one', () => {
    const { seek } = setup({ seekScenario: async () => ({}) as SeekResult });
    expect(seek.figures.map((f) => f.id)).toEqual(['total_cost_usd']);
    expect(seek.inputs.map((i) => i.id)).toEqual(['usd_per_gpu_hour']);
  });
});
