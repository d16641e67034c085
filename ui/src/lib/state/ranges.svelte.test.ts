import { describe, expect, it } from 'vitest';
import type { Gpu } from '../../bindings/Gpu';
import type { InputRange } from '../../bindings/InputRange';
import type { RangeChoice } from '../../bindings/RangeChoice';
import type { ScenarioInput } from '../../bindings/ScenarioInput';
import type { Screen } from '../../bindings/Screen';
import { newDraft } from '../draft';
import { Notices } from './notices.svelte';
import { Ranges } from './ranges.svelte';
import { EditSession, type SessionPerf } from './session.svelte';

const noPerf: SessionPerf = {
  markReadyAfterPaint: () => {},
  recordInput: () => {},
  recordParts: () => {},
  sampleAfterPaint: () => {},
};

const screen = async (_input: ScenarioInput) => ({ evaluation: { total_cost_usd: 1 }, charts: [] }) as unknown as Screen;

const source = { title: 'H100 whitepaper', url: 'https://example.com', date: '2023-08' };
const H100: Gpu = {
  id: 'H100',
  name: 'NVIDIA H100 SXM',
  vendor: 'NVIDIA',
  aliases: [],
  memory_gb: 80,
  memory_bandwidth_tb_s: 3.35,
  board_watts: 700,
  peak_dense_tflops: { bf16: 989.4 },
  usd_per_gpu_hour: 2,
  usd_per_gpu: 27500,
  sources: { specs: source, rental: source, purchase: source },
};

const PRICE: RangeChoice = { id: 'usd_per_gpu_hour', label: 'Price per GPU-hour', unit: '$/GPU-h', min: 0.01, max: 1000 };

describe('ranges', () => {
  it("a slider's toggle adds the range the core starts, then removes it, each one undo step", async () => {
    const asked: string[] = [];
    const started: InputRange = { low: 1, high: 4, distribution: 'lognormal' };
    const session = new EditSession({ api: { screen }, perf: noPerf });
    session.load(newDraft([H100]));
    const ranges = new Ranges(session, new Notices(), {
      startRange: async (_input, id) => (asked.push(id), started),
    });
    ranges.choices = [PRICE];
    expect(ranges.offers('usd_per_gpu_hour')).toBe(true);
    expect(ranges.offers('gpu_count')).toBe(false);
    expect(ranges.rangeOf('usd_per_gpu_hour')).toBeNull();

    ranges.toggle('usd_per_gpu_hour');
    await new Promise((r) => setTimeout(r, 0));
    expect(asked).toEqual(['usd_per_gpu_hour']);
    expect(ranges.rangeOf('usd_per_gpu_hour')).toMatchObject({ low: 1, high: 4, distribution: 'lognormal' });
    expect(session.currentInput().uncertainty?.usd_per_gpu_hour).toEqual(started);

    ranges.toggle('usd_per_gpu_hour');
    expect(ranges.rangeOf('usd_per_gpu_hour')).toBeNull();
    expect(session.currentInput().uncertainty ?? {}).toEqual({});
    // Undo brings the range back: adding and removing were each one step.
    session.undo();
    expect(ranges.rangeOf('usd_per_gpu_hour')).toMatchObject({ low: 1, high: 4 });
  });
});
